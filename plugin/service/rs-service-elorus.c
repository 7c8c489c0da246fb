/* rs-service-elorus.c: ElorusSync and ElorusStatus, and the syncs the service starts itself
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A sync waits on Elorus for minutes (one call a second), and the main thread answers every
 * other call meanwhile: the keyring, the network and the reading of each invoice happen in a
 * thread of the sync's own (rs_elorus_sync_fetch ()), which hands each invoice, read whole, to
 * the main thread. There, and only there, it is written (one store transaction), the memory
 * follows and SalesChanged is emitted with its uid, as for any other change. Invoice by
 * invoice, not all at the end: a sync that fails at the last call keeps what it wrote (whole
 * sales), and the next one resumes from the last success. The sales whose invoice is gone and
 * the last success are written once the thread listed everything.
 *
 * The token is read from the keyring by the thread, goes into the client's Authorization
 * header, and nowhere else: not in a reply, an error or a log.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>

#include "rs-elorus-keyring.h"
#include "rs-elorus-sync.h"
#include "rs-service-elorus.h"
#include "rs-service-private.h"

#define SETTINGS_SCHEMA "io.github.recurring_sales"
#define INTERVAL_KEY    "elorus-sync-interval"
/* Elorus allows 1,000 calls a day, and a sync makes two at least: the service never syncs more
 * often than this on its own. RS_ELORUS_MIN_INTERVAL lowers it for the tests. */
#define MIN_INTERVAL_SECONDS 600

struct _RsServiceElorus
{
  RsService   *service;       /* not a reference: the service owns this */
  GSettings   *settings;      /* NULL when the schema is not installed */
  guint        interval;      /* seconds between the syncs the service starts; 0: none */
  guint        timer_id;
  gpointer     running;       /* the ElorusRun under way, or NULL */
  char        *last_error;    /* why the last sync failed; NULL after a success */
  gboolean     failure_said;  /* the timer's failures are said once until a success */
  gboolean     logged_in;     /* as the keyring last said (at the start, a sync, a status) */
  gboolean     syncs_ahead;   /* rs_service_elorus_has_syncs_ahead () when last told */
};

typedef struct
{
  RsService             *service;
  GDBusMethodInvocation *invocation;     /* NULL for the timer's syncs */
  RsElorusSyncReport     report;
  char                  *modified_after;
  GTimeZone             *zone;
  GAsyncQueue           *arrivals;       /* Arrival, from the thread, in the order read */
  GCancellable          *cancellable;
  GError                *write_error;    /* the first write that failed: the sync stops */
  guint                  announced;      /* report.changed up to here went out already */
} ElorusRun;

typedef struct
{
  RsElorusInvoice *invoice;  /* or NULL, and why in problem */
  GError          *problem;
} Arrival;

static void
arrival_free (Arrival *arrival)
{
  g_clear_pointer (&arrival->invoice, rs_elorus_invoice_free);
  g_clear_error (&arrival->problem);
  g_free (arrival);
}

static void
elorus_run_release (ElorusRun *run)
{
  g_clear_object (&run->service);
  g_clear_object (&run->invocation);
  rs_elorus_sync_report_clear (&run->report);
  g_free (run->modified_after);
  g_clear_pointer (&run->zone, g_time_zone_unref);
  g_clear_pointer (&run->arrivals, g_async_queue_unref);
  g_clear_object (&run->cancellable);
  g_clear_error (&run->write_error);
}

static ElorusRun *
elorus_run_ref (ElorusRun *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
elorus_run_unref (ElorusRun *run)
{
  g_atomic_rc_box_release_full (run, (GDestroyNotify) elorus_run_release);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ElorusRun, elorus_run_unref)

/* The main thread */

/* Tells the service (which keeps the process running meanwhile) when a sync is ahead. */
static void
update_syncs_ahead (RsServiceElorus *elorus)
{
  gboolean syncs_ahead = rs_service_elorus_has_syncs_ahead (elorus);

  if (syncs_ahead == elorus->syncs_ahead)
    return;
  elorus->syncs_ahead = syncs_ahead;
  rs_service_notify_syncs_ahead (elorus->service);
}

/* SalesChanged for what was written since the last time, as any other change is told. */
static void
announce_changed (ElorusRun *run)
{
  g_autoptr(GPtrArray) uids = g_ptr_array_new ();
  GPtrArray *changed = run->report.changed;

  if (run->announced == changed->len)
    return;
  for (guint i = run->announced; i < changed->len; i++)
    {
      rs_service_reload (run->service, g_ptr_array_index (changed, i));
      g_ptr_array_add (uids, g_ptr_array_index (changed, i));
    }
  run->announced = changed->len;
  g_ptr_array_add (uids, NULL);
  rs_service_announce (run->service, (const char * const *) uids->pdata);
}

static void
write_arrival (ElorusRun *run,
               Arrival   *arrival)
{
  RsStore *store = run->service->store;

  if (arrival->invoice == NULL)
    rs_elorus_sync_refuse (&run->report, arrival->problem);
  else if (store == NULL)
    g_set_error_literal (&run->write_error, RS_ERROR, RS_ERROR_FAILED,
                         _("The sales could not be written: the store is closed."));
  else
    rs_elorus_sync_write_invoice (store, arrival->invoice, &run->report, &run->write_error);
}

/* Writes what the thread read so far, in the order it read it. */
static gboolean
drain_arrivals (gpointer user_data)
{
  ElorusRun *run = user_data;
  Arrival *arrival;

  while ((arrival = g_async_queue_try_pop (run->arrivals)) != NULL)
    {
      /* Once stopped, the rest is dropped: the thread is told by the cancellable. */
      if (run->write_error == NULL)
        write_arrival (run, arrival);
      if (run->write_error != NULL)
        g_cancellable_cancel (run->cancellable);
      arrival_free (arrival);
    }
  announce_changed (run);
  return G_SOURCE_REMOVE;
}

static GVariant *
report_to_variant (const RsElorusSyncReport *report)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "added", g_variant_new_uint32 (report->added));
  g_variant_builder_add (&builder, "{sv}", "updated", g_variant_new_uint32 (report->updated));
  g_variant_builder_add (&builder, "{sv}", "unchanged",
                         g_variant_new_uint32 (report->unchanged));
  g_variant_builder_add (&builder, "{sv}", "ended", g_variant_new_uint32 (report->ended));
  g_variant_builder_add (&builder, "{sv}", "refused", g_variant_new_uint32 (report->refused));
  g_variant_builder_add (&builder, "{sv}", "problems",
                         g_variant_new_strv ((const char * const *) report->problems->pdata,
                                             report->problems->len));
  g_variant_builder_add (&builder, "{sv}", "uids",
                         g_variant_new_strv ((const char * const *) report->changed->pdata,
                                             report->changed->len));
  g_variant_builder_add (&builder, "{sv}", "dry-run", g_variant_new_boolean (report->dry_run));
  return g_variant_builder_end (&builder);
}

static void
elorus_schedule (RsServiceElorus *elorus);

/* Every sync ends here, in the main thread: a success is recorded and said, a failure kept
 * for ElorusStatus, and the caller, if any, answered. */
static void
elorus_run_end (ElorusRun    *run,
                const GError *error)
{
  RsServiceElorus *elorus = run->service->elorus;

  elorus->running = NULL;
  /* Not logged in (any more): nothing for the timer to do until someone logs in. */
  elorus->logged_in = !g_error_matches (error, RS_ERROR, RS_ERROR_NOT_FOUND);
  if (error == NULL)
    {
      g_clear_pointer (&elorus->last_error, g_free);
      elorus->failure_said = FALSE;
      g_debug ("Elorus sync: %u added, %u updated, %u ended, %u refused.", run->report.added,
               run->report.updated, run->report.ended, run->report.refused);
      if (run->invocation != NULL)
        rs_dbus_recurring_sales1_complete_elorus_sync (run->service->skeleton, run->invocation,
                                                       report_to_variant (&run->report));
    }
  else if (!g_error_matches (error, RS_ERROR, RS_ERROR_NOT_FOUND) || run->invocation != NULL)
    {
      g_free (elorus->last_error);
      elorus->last_error = g_strdup (error->message);
      /* The timer tries again at each tick; the owner hears of it once, not each time. */
      if (run->invocation == NULL && !elorus->failure_said)
        {
          g_message ("The sync with Elorus failed; it is tried again every %u s: %s",
                     elorus->interval, error->message);
          elorus->failure_said = TRUE;
        }
      if (run->invocation != NULL)
        rs_service_return_error (run->invocation, error);
    }
  elorus_schedule (elorus);
  update_syncs_ahead (elorus);
}

/* The sales whose invoice is gone, then where the next sync starts. */
static gboolean
finish_run (ElorusRun   *run,
            GHashTable  *listed_ids,
            GError     **error)
{
  RsService *service = run->service;
  gint64 now = service->clock != NULL ? rs_service_clock_now (service->clock)
                                      : g_get_real_time () / G_USEC_PER_SEC;
  GDate today;

  if (service->store == NULL)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_FAILED,
                           _("The sales could not be written: the store is closed."));
      return FALSE;
    }
  rs_service_today (service, &today);
  return rs_elorus_sync_end_gone (service->store, listed_ids, &today, &run->report, error) &&
         rs_elorus_sync_finish (service->store, &run->report, now, error);
}

/* After the thread: what it handed on is written first, then the sales whose invoice is gone
 * and the last success. */
static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ElorusRun) run = user_data;
  g_autoptr(GHashTable) listed_ids = NULL;
  g_autoptr(GError) error = NULL;

  listed_ids = g_task_propagate_pointer (G_TASK (result), &error);
  drain_arrivals (run);
  if (run->write_error != NULL)
    {
      g_clear_error (&error);
      error = g_steal_pointer (&run->write_error);
    }
  else if (listed_ids != NULL)
    finish_run (run, listed_ids, &error);
  announce_changed (run);
  elorus_run_end (run, error);
}

/* The sync's thread */

static gboolean
hand_over (RsElorusInvoice  *invoice,
           const GError     *problem,
           gpointer          user_data,
           GError          **error)
{
  ElorusRun *run = user_data;
  Arrival *arrival = g_new0 (Arrival, 1);

  arrival->invoice = invoice;
  arrival->problem = problem != NULL ? g_error_copy (problem) : NULL;
  g_async_queue_push (run->arrivals, arrival);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, drain_arrivals, elorus_run_ref (run),
                              (GDestroyNotify) elorus_run_unref);
  /* A write failed in the main thread: nothing more is read. */
  return !g_cancellable_set_error_if_cancelled (run->cancellable, error);
}

static void
fetch_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ElorusRun *run = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RsElorusLogin) login = NULL;
  g_autoptr(RsElorusClient) client = NULL;
  RsElorusLimits limits;
  GHashTable *listed_ids;

  login = rs_elorus_keyring_lookup_sync (TRUE, cancellable, &error);
  if (login == NULL && error == NULL)
    g_set_error_literal (&error, RS_ERROR, RS_ERROR_NOT_FOUND,
                         _("Nobody is logged in to Elorus: log in first with “recurring-sales "
                           "elorus login --organization ID”."));
  if (login == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  rs_elorus_limits_default (&limits);
  client = rs_elorus_client_new (login->api_url, login->organization, login->token, NULL,
                                 &limits, &error);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&login, rs_elorus_login_free);

  listed_ids = rs_elorus_sync_fetch (client, run->zone, run->modified_after, hand_over, run,
                                     cancellable, &error);
  if (listed_ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, listed_ids, (GDestroyNotify) g_hash_table_unref);
}

/* Starts a sync, answering @invocation (NULL: the timer's) when it is over. */
static gboolean
elorus_start (RsService              *service,
              GDBusMethodInvocation  *invocation,
              gboolean                dry_run,
              GError                **error)
{
  RsServiceElorus *elorus = service->elorus;
  g_autoptr(ElorusRun) run = NULL;
  g_autoptr(GTask) task = NULL;

  if (elorus->running != NULL)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_BUSY,
                           _("A sync with Elorus is already running; try again when it is "
                             "over."));
      return FALSE;
    }

  run = g_atomic_rc_box_new0 (ElorusRun);
  run->service = g_object_ref (service);
  run->invocation = invocation != NULL ? g_object_ref (invocation) : NULL;
  run->zone = g_time_zone_new_local ();
  run->arrivals = g_async_queue_new_full ((GDestroyNotify) arrival_free);
  run->cancellable = g_cancellable_new ();
  if (!rs_elorus_sync_begin (service->store, dry_run, &run->report, &run->modified_after, error))
    return FALSE;

  g_clear_handle_id (&elorus->timer_id, g_source_remove);
  elorus->running = run;
  task = g_task_new (NULL, run->cancellable, on_fetched, elorus_run_ref (run));
  g_task_set_source_tag (task, elorus_start);
  g_task_set_task_data (task, elorus_run_ref (run), (GDestroyNotify) elorus_run_unref);
  g_task_run_in_thread (task, fetch_in_thread);
  update_syncs_ahead (elorus);
  return TRUE;
}

/* The timer */

static gboolean
on_timer (gpointer user_data)
{
  RsServiceElorus *elorus = user_data;
  g_autoptr(GError) error = NULL;

  elorus->timer_id = 0;
  /* Without a login nothing is done, and nothing is said (elorus_run_end ()). */
  if (elorus->service->store == NULL ||
      !elorus_start (elorus->service, NULL, FALSE, &error))
    {
      if (error != NULL)
        g_message ("The sync with Elorus could not start: %s", error->message);
      elorus_schedule (elorus);
    }
  return G_SOURCE_REMOVE;
}

/* The next tick: an interval after the last success (so that a service started again does
 * not sync sooner than asked), and an interval after a failure or a first start. */
static void
elorus_schedule (RsServiceElorus *elorus)
{
  RsService *service = elorus->service;
  gint64 now, last_sync = 0, delay;

  g_clear_handle_id (&elorus->timer_id, g_source_remove);
  if (elorus->interval == 0 || elorus->running != NULL)
    return;

  delay = elorus->interval;
  now = service->clock != NULL ? rs_service_clock_now (service->clock)
                               : g_get_real_time () / G_USEC_PER_SEC;
  if (elorus->last_error == NULL && service->store != NULL &&
      rs_store_get_setting_int (service->store, RS_ELORUS_LAST_SYNC_KEY, &last_sync, NULL) &&
      last_sync <= now)
    delay = CLAMP (last_sync + (gint64) elorus->interval - now, 1, (gint64) elorus->interval);
  elorus->timer_id = g_timeout_add_seconds ((guint) delay, on_timer, elorus);
}

/* The setting, 0 (off) or at least the floor. */
static guint
read_interval (GSettings *settings)
{
  const char *floor_text = g_getenv ("RS_ELORUS_MIN_INTERVAL");
  guint interval = g_settings_get_uint (settings, INTERVAL_KEY);
  guint64 floor = MIN_INTERVAL_SECONDS;

  if (floor_text != NULL && !g_ascii_string_to_unsigned (floor_text, 10, 1, G_MAXUINT, &floor,
                                                         NULL))
    floor = MIN_INTERVAL_SECONDS;
  return interval == 0 ? 0 : MAX (interval, (guint) floor);
}

static void
on_interval_changed (GSettings  *settings,
                     const char *key,
                     gpointer    user_data)
{
  RsServiceElorus *elorus = user_data;

  elorus->interval = read_interval (settings);
  elorus_schedule (elorus);
  update_syncs_ahead (elorus);
}

RsServiceElorus *
rs_service_elorus_new (RsService *service)
{
  RsServiceElorus *elorus = g_new0 (RsServiceElorus, 1);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  elorus->service = service;
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, INTERVAL_KEY))
    {
      elorus->settings = g_settings_new (SETTINGS_SCHEMA);
      g_signal_connect (elorus->settings, "changed::" INTERVAL_KEY,
                        G_CALLBACK (on_interval_changed), elorus);
      elorus->interval = read_interval (elorus->settings);
    }
  return elorus;
}

static void lookup_login_in_thread (GTask        *task,
                                    gpointer      source,
                                    gpointer      task_data,
                                    GCancellable *cancellable);

/* Whether someone is logged in, for the process to stay while the timer is armed. */
static void
on_start_login (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RsService *service = RS_SERVICE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(RsElorusLogin) login = g_task_propagate_pointer (G_TASK (result), &error);

  if (service->elorus == NULL)
    return;
  /* No keyring (no Secret Service in this session), or one that cannot be read: nothing
   * keeps the process; the timer still ticks while it runs. */
  service->elorus->logged_in = login != NULL;
  update_syncs_ahead (service->elorus);
}

void
rs_service_elorus_start_timer (RsServiceElorus *elorus)
{
  g_autoptr(GTask) task = NULL;

  elorus_schedule (elorus);
  if (elorus->interval == 0)
    return;
  task = g_task_new (elorus->service, NULL, on_start_login, NULL);
  g_task_run_in_thread (task, lookup_login_in_thread);
}

void
rs_service_elorus_free (RsServiceElorus *elorus)
{
  if (elorus == NULL)
    return;
  g_clear_handle_id (&elorus->timer_id, g_source_remove);
  if (elorus->settings != NULL)
    g_signal_handlers_disconnect_by_data (elorus->settings, elorus);
  g_clear_object (&elorus->settings);
  g_free (elorus->last_error);
  g_free (elorus);
}

gboolean
rs_service_elorus_has_syncs_ahead (RsServiceElorus *elorus)
{
  return elorus->running != NULL || (elorus->interval > 0 && elorus->logged_in);
}

/* The handlers */

static gboolean
handle_elorus_sync (RsService             *self,
                    GDBusMethodInvocation *invocation,
                    GVariant              *options)
{
  g_autoptr(GError) error = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  gboolean dry_run = FALSE;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  g_variant_iter_init (&iter, options);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      if (g_str_equal (key, "dry-run") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        dry_run = g_variant_get_boolean (value);
      else if (error == NULL)
        g_set_error (&error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                     /* Translators: %s is the key given; "dry-run" is a key, not translated */
                     _("The option “%s” is not known to ElorusSync: it takes only “dry-run” "
                       "(a boolean)."), key);
    }
  if (error != NULL || !elorus_start (self, invocation, dry_run, &error))
    return rs_service_return_error (invocation, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
lookup_login_in_thread (GTask        *task,
                        gpointer      source,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  RsElorusLogin *login = rs_elorus_keyring_lookup_sync (FALSE, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, login, (GDestroyNotify) rs_elorus_login_free);
}

static void
on_status_login (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  RsService *self = RS_SERVICE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(RsElorusLogin) login = g_task_propagate_pointer (G_TASK (result), &error);
  RsServiceElorus *elorus = self->elorus;
  GVariantBuilder builder;
  gint64 last_sync = 0;

  if (error != NULL)
    {
      rs_service_return_error (invocation, error);
      return;
    }
  elorus->logged_in = login != NULL;
  update_syncs_ahead (elorus);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "logged-in", g_variant_new_boolean (login != NULL));
  if (login != NULL)
    {
      g_variant_builder_add (&builder, "{sv}", "organization",
                             g_variant_new_string (login->organization));
      g_variant_builder_add (&builder, "{sv}", "api-url", g_variant_new_string (login->api_url));
    }
  g_variant_builder_add (&builder, "{sv}", "running",
                         g_variant_new_boolean (elorus->running != NULL));
  if (self->store != NULL &&
      rs_store_get_setting_int (self->store, RS_ELORUS_LAST_SYNC_KEY, &last_sync, NULL))
    g_variant_builder_add (&builder, "{sv}", "last-success", g_variant_new_int64 (last_sync));
  if (elorus->last_error != NULL)
    g_variant_builder_add (&builder, "{sv}", "last-error",
                           g_variant_new_string (elorus->last_error));
  g_variant_builder_add (&builder, "{sv}", "interval", g_variant_new_uint32 (elorus->interval));
  rs_dbus_recurring_sales1_complete_elorus_status (self->skeleton, invocation,
                                                   g_variant_builder_end (&builder));
}

static gboolean
handle_elorus_status (RsService             *self,
                      GDBusMethodInvocation *invocation)
{
  g_autoptr(GTask) task = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  /* The keyring answers over D-Bus too: not in the main thread. */
  task = g_task_new (self, NULL, on_status_login, g_object_ref (invocation));
  g_task_run_in_thread (task, lookup_login_in_thread);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

const RsServiceHandler rs_service_elorus_handlers[] = {
  { "handle-elorus-sync", G_CALLBACK (handle_elorus_sync) },
  { "handle-elorus-status", G_CALLBACK (handle_elorus_status) },
  { NULL, NULL }
};
