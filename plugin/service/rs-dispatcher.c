/* rs-dispatcher.c: mails the client reminders when they fall due, exactly once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each run looks at the reminders that fell due since the last run, (checked-until, now]:
 *   - one that no longer exists by the one rule (rs_sale_reminder_verdict (): occurrence
 *     marked, sale paused, the expiry or notice deadline of a renewed or ended sale), or whose
 *     delivery is off, is recorded cancelled;
 *   - one due longer ago than the catch-up window (the computer was off) is recorded missed and
 *     reported, never sent late;
 *   - the others are recorded pending *before* anything is delivered, then delivered one at a
 *     time in a worker thread and recorded delivered (or pending again, with a backoff).
 * checked-until moves on only once every reminder up to it is in the ledger, so a crash or a
 * shutdown at any point loses nothing: the pending records are retried at the next start. A
 * crash between delivering and recording cannot deliver twice either: the worker records a
 * delivery the moment the server accepts the message (rs_dispatcher_record_accepted (), on its
 * own connection to the store), before its copy in Sent and the goodbye to the server, and the
 * mailer looks for the reminder's deterministic Message-ID in the target folder before
 * delivering. What remains is SMTP's own window, from the server's answer to our record.
 *
 * At an exit (rs_dispatcher_shut_down ()) nothing new starts and the delivery in flight goes on
 * until it is recorded; the service waits for that, within a bound (rs-service-main.c). One
 * dispatcher per store: a file lock beside the store keeps a second instance (another session,
 * or one started while this one finishes) from retrying a reminder this one is sending.
 *
 * This file is the object and its runs; rs-dispatcher-ledger.c decides what becomes of each due
 * reminder and records it, rs-dispatcher-mail.c composes and delivers (rs-dispatcher-private.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rs-dispatcher-private.h"

/* With the real clock, look again at least this often (suspend, clock changes, time zones). */
#define MAX_SLEEP_SECONDS       (60 * 60)
/* After changes to sales, wait this long for more before looking again. */
#define CHANGES_DELAY_SECONDS   1
/* While another instance holds the store's dispatcher lock, ask again this often. */
#define LOCK_RETRY_SECONDS      1
#define LOCK_FILE_NAME          "dispatcher.lock"

enum {
  PROP_0,
  PROP_CHECKED_UNTIL,
  PROP_HAS_WORK_AHEAD,
  N_PROPS
};

enum {
  SIGNAL_DELIVERED,
  SIGNAL_MISSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RsDispatcher, rs_dispatcher, G_TYPE_OBJECT)

void
rs_dispatcher_delivery_job_free (gpointer data)
{
  DeliveryJob *job = data;

  g_clear_pointer (&job->record, rs_delivery_record_free);
  g_clear_object (&job->sale);
  g_clear_pointer (&job->message_id, g_free);
  /* defaults are owned by the run (see dispatcher_run) */
  g_free (job);
}

void
rs_dispatcher_emit_delivered (RsDispatcher     *self,
                              RsDeliveryRecord *record)
{
  g_signal_emit (self, signals[SIGNAL_DELIVERED], 0, record);
}

void
rs_dispatcher_emit_missed (RsDispatcher     *self,
                           RsDeliveryRecord *record)
{
  g_signal_emit (self, signals[SIGNAL_MISSED], 0, record);
}

static void dispatcher_run          (RsDispatcher *self);
static void dispatcher_next_job     (RsDispatcher *self);

/* Runs */

static void
on_delivered (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RsDispatcher *self = RS_DISPATCHER (source_object);
  DeliveryJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean delivered = g_task_propagate_boolean (G_TASK (result), &error);

  self->in_flight = NULL;

  /* Accepted by the server is delivered, whatever came after. One cancelled at shutdown
   * before that stays pending as it is: the next start retries it. */
  if (delivered || g_atomic_int_get (&job->stage) >= DELIVERY_STAGE_RECORDED)
    rs_dispatcher_record_delivery (self, job, NULL);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    rs_dispatcher_record_delivery (self, job, error);

  if (!self->shutting_down)
    dispatcher_next_job (self);
}

static gboolean
on_timer (gpointer user_data)
{
  RsDispatcher *self = user_data;

  self->timer_id = 0;
  dispatcher_run (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_next_run (RsDispatcher *self,
                   gint64        now)
{
  gint64 wake;
  gboolean ahead = rs_dispatcher_find_next_wake (self, now, &wake);

  if (ahead != self->has_work_ahead)
    {
      self->has_work_ahead = ahead;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_WORK_AHEAD]);
    }

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (!rs_service_clock_is_real (self->clock))
    return;

  /* Seconds-based timers coalesce with other wake-ups; a reminder a second late is fine. */
  self->timer_id = g_timeout_add_seconds ((guint) CLAMP (ahead ? wake - now : MAX_SLEEP_SECONDS,
                                                         1, MAX_SLEEP_SECONDS),
                                          on_timer, self);
}

static void
dispatcher_finish_run (RsDispatcher *self)
{
  g_clear_pointer (&self->run_defaults, rs_defaults_free);
  self->running = FALSE;

  if (self->announced_until != self->checked_until)
    {
      self->announced_until = self->checked_until;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKED_UNTIL]);
    }

  schedule_next_run (self, self->run_now);

  if (self->run_again)
    {
      self->run_again = FALSE;
      dispatcher_run (self);
    }
}

static void
dispatcher_next_job (RsDispatcher *self)
{
  DeliveryJob *job = g_queue_pop_head (&self->jobs);

  if (job == NULL)
    {
      dispatcher_finish_run (self);
      return;
    }

  self->in_flight = job;
  rs_dispatcher_deliver_async (self, job, on_delivered);
}

/* The store's dispatcher lock, held from the first run to the end of the process: flock () on
 * a file beside the store, which the kernel lets go of however the process ends. A clean exit
 * removes the file (the store's folder holds only what the user knows); so a lock is ours only
 * while the path still names the file locked, else another instance removed it meanwhile. */
static gboolean
dispatcher_take_lock (RsDispatcher *self)
{
  g_autofree char *directory = NULL;
  g_autofree char *path = NULL;
  struct stat locked, named;
  int fd;

  if (self->lock_fd >= 0)
    return TRUE;

  directory = g_path_get_dirname (rs_store_get_path (self->store));
  path = g_build_filename (directory, LOCK_FILE_NAME, NULL);
  fd = open (path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      /* A folder the store lives in but where no file can be made: mailing the reminders
       * matters more than guarding against a second instance. */
      if (!self->lock_warned)
        g_warning ("The dispatcher lock %s could not be opened: %s", path, g_strerror (errno));
      self->lock_warned = TRUE;
      return TRUE;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0 || fstat (fd, &locked) != 0 ||
      stat (path, &named) != 0 || locked.st_dev != named.st_dev ||
      locked.st_ino != named.st_ino)
    {
      close (fd);
      return FALSE;
    }

  self->lock_fd = fd;
  self->lock_path = g_steal_pointer (&path);
  return TRUE;
}

static gboolean
on_lock_retry (gpointer user_data)
{
  RsDispatcher *self = user_data;

  self->lock_retry_id = 0;
  dispatcher_run (self);
  return G_SOURCE_REMOVE;
}

static void
dispatcher_run (RsDispatcher *self)
{
  g_autoptr(GPtrArray) sales = NULL;
  RsDefaults *defaults;
  gint64 now;

  if (self->shutting_down)
    return;

  if (self->running)
    {
      self->run_again = TRUE;
      return;
    }

  /* Another instance dispatches for this store (it may be finishing a delivery at its exit):
   * its reminders are its own until it lets go. */
  if (!dispatcher_take_lock (self))
    {
      g_debug ("Another instance sends the reminders of this store; waiting for it.");
      if (self->lock_retry_id == 0)
        self->lock_retry_id = g_timeout_add_seconds (LOCK_RETRY_SECONDS, on_lock_retry, self);
      return;
    }

  self->running = TRUE;
  now = rs_service_clock_now (self->clock);
  self->run_now = now;

  /* The first run ever starts the ledger now: nothing before it was promised. A clock set
   * back (a test, a wrong clock corrected) is not a reason to look at the past again. */
  if (self->checked_until == 0 || now < self->checked_until)
    rs_dispatcher_set_checked_until (self, MAX (now, self->checked_until));

  defaults = self->run_defaults = rs_defaults_load ();
  sales = self->sales_func (self->sales_func_data);
  rs_dispatcher_collect_due (self, sales, defaults, now);

  /* Everything up to now is in the ledger (pending at least): a crash from here on loses
   * nothing, and the next start only retries. */
  if (now > self->checked_until)
    rs_dispatcher_set_checked_until (self, now);

  dispatcher_next_job (self);
}

static gboolean
on_queued_run (gpointer user_data)
{
  RsDispatcher *self = user_data;

  self->queued_id = 0;
  dispatcher_run (self);
  return G_SOURCE_REMOVE;
}

void
rs_dispatcher_queue_run (RsDispatcher *self)
{
  g_return_if_fail (RS_IS_DISPATCHER (self));

  if (self->queued_id == 0)
    self->queued_id = g_idle_add (on_queued_run, self);
}

void
rs_dispatcher_queue_run_after_changes (RsDispatcher *self)
{
  g_return_if_fail (RS_IS_DISPATCHER (self));

  /* A run looks at every sale: a burst of writes (an import, many clients) gets one run, a
   * second later, rather than one per write. */
  if (self->queued_id == 0)
    self->queued_id = g_timeout_add_seconds (CHANGES_DELAY_SECONDS, on_queued_run, self);
}

gint64
rs_dispatcher_get_checked_until (RsDispatcher *self)
{
  g_return_val_if_fail (RS_IS_DISPATCHER (self), 0);

  return self->announced_until;
}

gboolean
rs_dispatcher_has_work_ahead (RsDispatcher *self)
{
  g_return_val_if_fail (RS_IS_DISPATCHER (self), FALSE);

  return self->has_work_ahead;
}

void
rs_dispatcher_shut_down (RsDispatcher *self)
{
  g_return_if_fail (RS_IS_DISPATCHER (self));

  self->shutting_down = TRUE;
  g_clear_handle_id (&self->queued_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->lock_retry_id, g_source_remove);
  /* Pending in the ledger already: the next start delivers them. */
  g_queue_clear_full (&self->jobs, rs_dispatcher_delivery_job_free);
}

gboolean
rs_dispatcher_is_settled (RsDispatcher *self)
{
  g_return_val_if_fail (RS_IS_DISPATCHER (self), TRUE);

  return self->in_flight == NULL ||
         g_atomic_int_get (&self->in_flight->stage) == DELIVERY_STAGE_FILED;
}

void
rs_dispatcher_cancel (RsDispatcher *self)
{
  g_return_if_fail (RS_IS_DISPATCHER (self));

  g_cancellable_cancel (self->cancellable);
}

/* The object */

static void
rs_dispatcher_dispose (GObject *object)
{
  RsDispatcher *self = RS_DISPATCHER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->queued_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->lock_retry_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->clock, self);
  g_queue_clear_full (&self->jobs, rs_dispatcher_delivery_job_free);

  G_OBJECT_CLASS (rs_dispatcher_parent_class)->dispose (object);
}

static void
rs_dispatcher_finalize (GObject *object)
{
  RsDispatcher *self = RS_DISPATCHER (object);

  g_clear_pointer (&self->run_defaults, rs_defaults_free);
  g_clear_object (&self->mailer);
  g_clear_object (&self->registry);
  g_clear_object (&self->ledger_store);
  /* Removed while still locked: whoever opened it meanwhile sees it is gone and tries again. */
  if (self->lock_fd >= 0)
    {
      g_unlink (self->lock_path);
      close (self->lock_fd);
    }
  g_free (self->lock_path);
  g_mutex_clear (&self->mail_lock);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rs_dispatcher_parent_class)->finalize (object);
}

static void
rs_dispatcher_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RsDispatcher *self = RS_DISPATCHER (object);

  switch (prop_id)
    {
    case PROP_CHECKED_UNTIL:
      g_value_set_int64 (value, self->announced_until);
      break;
    case PROP_HAS_WORK_AHEAD:
      g_value_set_boolean (value, self->has_work_ahead);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rs_dispatcher_class_init (RsDispatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rs_dispatcher_dispose;
  object_class->finalize = rs_dispatcher_finalize;
  object_class->get_property = rs_dispatcher_get_property;

  properties[PROP_CHECKED_UNTIL] =
    g_param_spec_int64 ("checked-until", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_WORK_AHEAD] =
    g_param_spec_boolean ("has-work-ahead", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RsDispatcher::delivered:
   * @record: the ledger record, delivered
   */
  signals[SIGNAL_DELIVERED] = g_signal_new ("delivered", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                            1, RS_TYPE_DELIVERY_RECORD);
  /**
   * RsDispatcher::missed:
   * @record: the ledger record, missed: due too long ago to be sent now
   */
  signals[SIGNAL_MISSED] = g_signal_new ("missed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                         1, RS_TYPE_DELIVERY_RECORD);
}

static void
rs_dispatcher_init (RsDispatcher *self)
{
  g_mutex_init (&self->mail_lock);
  g_queue_init (&self->jobs);
  self->cancellable = g_cancellable_new ();
  self->lock_fd = -1;
}

RsDispatcher *
rs_dispatcher_new (RsStore               *store,
                   RsServiceClock        *clock,
                   RsDispatcherSalesFunc  sales_func,
                   gpointer               sales_func_data)
{
  RsDispatcher *self;
  g_autoptr(GError) error = NULL;
  gint64 checked_until = 0;

  g_return_val_if_fail (RS_IS_STORE (store), NULL);
  g_return_val_if_fail (RS_IS_SERVICE_CLOCK (clock), NULL);
  g_return_val_if_fail (sales_func != NULL, NULL);

  self = g_object_new (RS_TYPE_DISPATCHER, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->sales_func = sales_func;
  self->sales_func_data = sales_func_data;

  if (!rs_store_get_setting_int (store, RS_DISPATCHER_CHECKED_UNTIL_SETTING, &checked_until,
                                 &error) && error != NULL)
    g_warning ("The dispatcher's progress could not be read: %s", error->message);
  self->checked_until = checked_until;

  g_signal_connect_swapped (clock, "changed", G_CALLBACK (rs_dispatcher_queue_run), self);

  return self;
}
