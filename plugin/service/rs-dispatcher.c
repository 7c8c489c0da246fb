/* rs-dispatcher.c: mails the client reminders when they fall due, exactly once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each run looks at the reminders that fell due since the last run, (checked-until, now]:
 *   - one that no longer applies (occurrence marked, sale paused, ended or renewed, delivery
 *     off) is recorded cancelled;
 *   - one due longer ago than the catch-up window (the computer was off) is recorded missed and
 *     reported, never sent late;
 *   - the others are recorded pending *before* anything is delivered, then delivered one at a
 *     time in a worker thread and recorded delivered (or pending again, with a backoff).
 * checked-until moves on only once every reminder up to it is in the ledger, so a crash or a
 * shutdown at any point loses nothing: the pending records are retried at the next start. A
 * crash between delivering and recording cannot deliver twice either, because the mailer looks
 * for the reminder's deterministic Message-ID in the target folder before delivering.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-client-reminders.h>
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-defaults.h>
#include "rs-dispatcher.h"
#include <recurring-sales/rs-error.h>
#include "rs-mailer.h"

#define CHECKED_UNTIL_SETTING   "dispatcher-checked-until"
#define SECONDS_PER_DAY         (24 * 60 * 60)
/* Retries: 1, 2, 4 … minutes, at most an hour apart. */
#define FIRST_RETRY_SECONDS     60
#define MAX_RETRY_SECONDS       (60 * 60)
/* With the real clock, look again at least this often (suspend, clock changes, time zones). */
#define MAX_SLEEP_SECONDS       (60 * 60)
/* After changes to sales, wait this long for more before looking again. */
#define CHANGES_DELAY_SECONDS   1

struct _RsDispatcher
{
  GObject                parent_instance;

  RsStore               *store;
  RsServiceClock        *clock;
  RsDispatcherSalesFunc  sales_func;
  gpointer               sales_func_data;

  gint64                 checked_until;   /* what the ledger covers, as stored */
  gint64                 announced_until; /* the property: once the run's deliveries ended */
  gboolean               has_work_ahead;

  gboolean               running;
  gboolean               run_again;
  guint                  queued_id;
  guint                  timer_id;
  GQueue                 jobs;            /* DeliveryJob, in due order */
  gint64                 run_now;
  RsDefaults            *run_defaults;    /* the settings of the current run, for its jobs */
  GCancellable          *cancellable;

  /* Created on first use in a worker thread; every use holds mail_lock. */
  GMutex                 mail_lock;
  ESourceRegistry       *registry;
  RsMailer              *mailer;
};

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

typedef struct {
  RsDeliveryRecord *record;
  RsSale           *sale;
  gint64            date;            /* the message's Date: the run's time */
  RsDefaults       *defaults;        /* shared by the run's jobs */
  char             *message_id;      /* out */
  gboolean          already_there;   /* out */
} DeliveryJob;

static void
delivery_job_free (gpointer data)
{
  DeliveryJob *job = data;

  g_clear_pointer (&job->record, rs_delivery_record_free);
  g_clear_object (&job->sale);
  g_clear_pointer (&job->message_id, g_free);
  /* defaults are owned by the run (see dispatcher_run) */
  g_free (job);
}

static void dispatcher_run          (RsDispatcher *self);
static void dispatcher_next_job     (RsDispatcher *self);

/* The mail account */

static char *
mail_dir (const char *base)
{
  return g_build_filename (base, "evolution-recurring-sales", "mail", NULL);
}

/* Under mail_lock. */
static RsMailer *
ensure_mailer_locked (RsDispatcher  *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;

  if (self->mailer != NULL)
    return self->mailer;

  if (self->registry == NULL)
    {
      self->registry = e_source_registry_new_sync (cancellable, error);
      if (self->registry == NULL)
        {
          /* Translators: the reason follows */
          g_prefix_error (error, _("Evolution’s mail accounts could not be read: "));
          return NULL;
        }
    }

  data_dir = mail_dir (g_get_user_data_dir ());
  cache_dir = mail_dir (g_get_user_cache_dir ());
  self->mailer = rs_mailer_new (self->registry, data_dir, cache_dir);
  return self->mailer;
}

/* The defaults' business name wins; then the identity's organization; then its name. */
static const char *
business_name (const RsDefaults *defaults,
               const char       *organization,
               const char       *name)
{
  if (defaults->business_name != NULL && *defaults->business_name != '\0')
    return defaults->business_name;
  if (organization != NULL && *organization != '\0')
    return organization;
  return name;
}

/* Delivering, in a worker thread */

static void
deliver_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RsDispatcher *self = source_object;
  DeliveryJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *organization = NULL;
  RsMailer *mailer;
  RsSender sender;
  gboolean delivered;

  g_mutex_lock (&self->mail_lock);

  mailer = ensure_mailer_locked (self, cancellable, &error);
  if (mailer == NULL || !rs_mailer_get_sender (mailer, &name, &address, &organization, &error))
    goto out;

  sender.name = name;
  sender.address = address;
  sender.business_name = business_name (job->defaults, organization, name);
  message = rs_reminder_message_build (job->sale, job->record->kind, job->record->lead_days,
                                       &job->record->occurrence, &sender, job->date, &error);
  if (message == NULL)
    goto out;

  job->message_id = rs_reminder_message_id (rs_sale_get_uid (job->sale), job->record->kind,
                                            job->record->lead_days, &job->record->occurrence,
                                            address);
  delivered = rs_mailer_deliver_sync (mailer, message, job->record->mode, &job->already_there,
                                      cancellable, &error);
  if (!delivered)
    g_clear_pointer (&job->message_id, g_free);

out:
  g_mutex_unlock (&self->mail_lock);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The ledger */

static void
put_record (RsDispatcher     *self,
            RsDeliveryRecord *record,
            gint64            now)
{
  g_autoptr(GError) error = NULL;

  record->updated = now;
  if (!rs_store_put_delivery (self->store, record, &error))
    g_warning ("The delivery of a client reminder of sale %s could not be recorded: %s",
               record->sale_uid, error->message);
}

static gint64
retry_delay (guint attempts)
{
  gint64 delay = FIRST_RETRY_SECONDS;

  for (guint i = 1; i < attempts && delay < MAX_RETRY_SECONDS; i++)
    delay *= 2;

  return MIN (delay, MAX_RETRY_SECONDS);
}

static void
on_delivered (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RsDispatcher *self = RS_DISPATCHER (source_object);
  DeliveryJob *job = g_task_get_task_data (G_TASK (result));
  RsDeliveryRecord *record = job->record;
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      record->state = RS_DELIVERY_STATE_DELIVERED;
      g_free (record->message_id);
      record->message_id = g_strdup (job->message_id);
      g_clear_pointer (&record->last_error, g_free);
      record->next_attempt = 0;
      put_record (self, record, self->run_now);
      if (job->already_there)
        g_debug ("The reminder %s was already delivered before a restart.", record->message_id);
      g_signal_emit (self, signals[SIGNAL_DELIVERED], 0, record);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      record->attempts++;
      record->next_attempt = self->run_now + retry_delay (record->attempts);
      g_free (record->last_error);
      record->last_error = g_strdup (error->message);
      put_record (self, record, self->run_now);
      g_message ("A reminder to a client (sale %s) is not delivered yet, attempt %u: %s",
                 record->sale_uid, record->attempts, error->message);
    }

  dispatcher_next_job (self);
}

/* Scheduling */

static RsDelivery
effective_mode (RsSale           *sale,
                const RsDefaults *defaults)
{
  RsDelivery mode = rs_sale_get_delivery (sale);

  return mode == RS_DELIVERY_DEFAULT ? defaults->delivery : mode;
}

/* Records what becomes of one due reminder; queues it for delivery when it is to go out. */
static void
decide (RsDispatcher     *self,
        RsDeliveryRecord *record,
        RsSale           *sale,
        RsDefaults       *defaults,
        gint64            now)
{
  RsDelivery mode = sale != NULL ? effective_mode (sale, defaults) : RS_DELIVERY_OFF;
  DeliveryJob *job;

  if (sale == NULL || mode == RS_DELIVERY_OFF ||
      !rs_client_reminder_applies (sale, record->kind, record->lead_days, &record->occurrence))
    {
      record->state = RS_DELIVERY_STATE_CANCELLED;
      put_record (self, record, now);
      rs_delivery_record_free (record);
      return;
    }

  if (now - record->due > (gint64) defaults->catch_up_days * SECONDS_PER_DAY)
    {
      record->state = RS_DELIVERY_STATE_MISSED;
      put_record (self, record, now);
      g_signal_emit (self, signals[SIGNAL_MISSED], 0, record);
      rs_delivery_record_free (record);
      return;
    }

  record->state = RS_DELIVERY_STATE_PENDING;
  record->mode = mode;
  put_record (self, record, now);

  job = g_new0 (DeliveryJob, 1);
  job->record = record;
  job->sale = g_object_ref (sale);
  job->date = now;
  job->defaults = defaults;
  g_queue_push_tail (&self->jobs, job);
}

static GHashTable *
index_sales (GPtrArray *sales)
{
  GHashTable *by_uid = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      g_hash_table_insert (by_uid, (gpointer) rs_sale_get_uid (sale), sale);
    }

  return by_uid;
}

/* New reminders that fell due in (checked_until, now]. */
static void
collect_newly_due (RsDispatcher *self,
                   GPtrArray    *sales,
                   RsDefaults   *defaults,
                   gint64        now)
{
  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      g_autoptr(GArray) due = rs_client_reminders_due (sale, self->checked_until, now, NULL);

      for (guint j = 0; j < due->len; j++)
        {
          const RsDueReminder *reminder = &g_array_index (due, RsDueReminder, j);
          g_autoptr(RsDeliveryRecord) existing = NULL;
          g_autoptr(GError) error = NULL;

          /* A reminder due before the sale was entered was never promised to anyone. */
          if (reminder->due < rs_sale_get_created (sale))
            continue;

          existing = rs_store_get_delivery (self->store, rs_sale_get_uid (sale), reminder->kind,
                                            reminder->lead_days, &reminder->occurrence, &error);
          if (error != NULL)
            {
              g_warning ("The delivery ledger could not be read: %s", error->message);
              continue;
            }
          /* Done already (a clock set back, a restored store), or pending: see the retries. */
          if (existing != NULL)
            continue;

          decide (self,
                  rs_delivery_record_new (rs_sale_get_uid (sale), reminder->kind,
                                          reminder->lead_days, &reminder->occurrence,
                                          reminder->due),
                  sale, defaults, now);
        }
    }
}

/* Pending reminders whose next attempt has come (failed before, or a crash interrupted them). */
static void
collect_retries (RsDispatcher *self,
                 GHashTable   *sales_by_uid,
                 RsDefaults   *defaults,
                 gint64        now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = rs_store_list_deliveries (self->store, NULL,
                                                           RS_DELIVERY_STATE_PENDING,
                                                           0, G_MAXINT64, 0, &error);

  if (pending == NULL)
    {
      g_warning ("The delivery ledger could not be read: %s", error->message);
      return;
    }

  for (guint i = 0; i < pending->len; i++)
    {
      RsDeliveryRecord *record = g_ptr_array_index (pending, i);

      if (record->next_attempt > now)
        continue;

      decide (self, rs_delivery_record_copy (record),
              g_hash_table_lookup (sales_by_uid, record->sale_uid), defaults, now);
    }
}

static void
set_checked_until (RsDispatcher *self,
                   gint64        until)
{
  g_autoptr(GError) error = NULL;

  if (!rs_store_set_setting_int (self->store, CHECKED_UNTIL_SETTING, until, &error))
    g_warning ("The dispatcher's progress could not be stored: %s", error->message);
  self->checked_until = until;
}

/* The next instant something is due: a reminder of a sale, or a retry. */
static gboolean
find_next_wake (RsDispatcher *self,
                gint64        now,
                gint64       *out_wake)
{
  g_autoptr(GPtrArray) sales = self->sales_func (self->sales_func_data);
  g_autoptr(GPtrArray) pending = NULL;
  gboolean found = FALSE;
  gint64 wake = G_MAXINT64;

  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      gint64 due;

      if (rs_sale_get_status (sale) == RS_SALE_STATUS_ACTIVE &&
          rs_client_reminders_next_due (sale, now, NULL, &due) && due < wake)
        {
          wake = due;
          found = TRUE;
        }
    }

  pending = rs_store_list_deliveries (self->store, NULL, RS_DELIVERY_STATE_PENDING, 0,
                                      G_MAXINT64, 0, NULL);
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      RsDeliveryRecord *record = g_ptr_array_index (pending, i);
      gint64 at = MAX (record->next_attempt, now + 1);

      if (at < wake)
        {
          wake = at;
          found = TRUE;
        }
    }

  *out_wake = wake;
  return found;
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
  gboolean ahead = find_next_wake (self, now, &wake);

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
  g_autoptr(GTask) task = NULL;

  if (job == NULL)
    {
      dispatcher_finish_run (self);
      return;
    }

  task = g_task_new (self, self->cancellable, on_delivered, NULL);
  g_task_set_source_tag (task, dispatcher_next_job);
  g_task_set_task_data (task, job, delivery_job_free);
  g_task_run_in_thread (task, deliver_in_thread);
}

static void
dispatcher_run (RsDispatcher *self)
{
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GHashTable) sales_by_uid = NULL;
  RsDefaults *defaults;
  gint64 now;

  if (self->running)
    {
      self->run_again = TRUE;
      return;
    }

  self->running = TRUE;
  now = rs_service_clock_now (self->clock);
  self->run_now = now;

  /* The first run ever starts the ledger now: nothing before it was promised. A clock set
   * back (a test, a wrong clock corrected) is not a reason to look at the past again. */
  if (self->checked_until == 0 || now < self->checked_until)
    set_checked_until (self, MAX (now, self->checked_until));

  defaults = self->run_defaults = rs_defaults_load ();
  sales = self->sales_func (self->sales_func_data);
  sales_by_uid = index_sales (sales);

  collect_retries (self, sales_by_uid, defaults, now);
  collect_newly_due (self, sales, defaults, now);

  /* Everything up to now is in the ledger (pending at least): a crash from here on loses
   * nothing, and the next start only retries. */
  if (now > self->checked_until)
    set_checked_until (self, now);

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

/* Preview */

typedef struct {
  RsSale         *sale;
  RsReminderKind  kind;
  GDate           occurrence;
  char           *subject;
  char           *body;
} PreviewJob;

static void
preview_job_free (gpointer data)
{
  PreviewJob *job = data;

  g_clear_object (&job->sale);
  g_free (job->subject);
  g_free (job->body);
  g_free (job);
}

static void
preview_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RsDispatcher *self = source_object;
  PreviewJob *job = task_data;
  g_autoptr(RsDefaults) defaults = rs_defaults_load ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *organization = NULL;
  RsMailer *mailer;
  RsSender sender;

  /* Without a mail account the preview still shows the text, signed with the business name
   * or the user's name. */
  g_mutex_lock (&self->mail_lock);
  mailer = ensure_mailer_locked (self, cancellable, NULL);
  if (mailer == NULL || !rs_mailer_get_sender (mailer, &name, &address, &organization, NULL))
    {
      g_clear_pointer (&name, g_free);
      name = g_strdup (g_get_real_name ());
    }
  g_mutex_unlock (&self->mail_lock);

  sender.name = name;
  sender.address = address != NULL ? address : "";
  sender.business_name = business_name (defaults, organization, name);

  if (!rs_reminder_message_compose (job->sale, job->kind, &job->occurrence, &sender,
                                    &job->subject, &job->body, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
rs_dispatcher_preview_async (RsDispatcher        *self,
                             RsSale              *sale,
                             RsReminderKind       kind,
                             const GDate         *occurrence,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PreviewJob *job;

  g_return_if_fail (RS_IS_DISPATCHER (self));
  g_return_if_fail (RS_IS_SALE (sale));
  g_return_if_fail (occurrence != NULL && g_date_valid (occurrence));

  job = g_new0 (PreviewJob, 1);
  job->sale = g_object_ref (sale);
  job->kind = kind;
  job->occurrence = *occurrence;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rs_dispatcher_preview_async);
  g_task_set_task_data (task, job, preview_job_free);
  g_task_run_in_thread (task, preview_in_thread);
}

gboolean
rs_dispatcher_preview_finish (RsDispatcher  *self,
                              GAsyncResult  *result,
                              char         **out_subject,
                              char         **out_body,
                              GError       **error)
{
  PreviewJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  *out_subject = g_steal_pointer (&job->subject);
  *out_body = g_steal_pointer (&job->body);
  return TRUE;
}

/* The object */

static void
rs_dispatcher_dispose (GObject *object)
{
  RsDispatcher *self = RS_DISPATCHER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->queued_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->clock, self);
  g_queue_clear_full (&self->jobs, delivery_job_free);

  G_OBJECT_CLASS (rs_dispatcher_parent_class)->dispose (object);
}

static void
rs_dispatcher_finalize (GObject *object)
{
  RsDispatcher *self = RS_DISPATCHER (object);

  g_clear_pointer (&self->run_defaults, rs_defaults_free);
  g_clear_object (&self->mailer);
  g_clear_object (&self->registry);
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

  if (!rs_store_get_setting_int (store, CHECKED_UNTIL_SETTING, &checked_until, &error) &&
      error != NULL)
    g_warning ("The dispatcher's progress could not be read: %s", error->message);
  self->checked_until = checked_until;

  g_signal_connect_swapped (clock, "changed", G_CALLBACK (rs_dispatcher_queue_run), self);

  return self;
}
