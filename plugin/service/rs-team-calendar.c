/* rs-team-calendar.c: the service keeps the coming invoices, expiries and notice deadlines in
 * the team's shared calendar
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The calendar is any writable Evolution calendar (GSettings team-calendar, an ESource UID),
 * typically CalDAV on the team's server: EDS's backend does the network work and keeps its
 * offline cache, so this file only says what the calendar should hold (rs-team-projection.h)
 * and reconciles it with what it holds. A run works on a snapshot of the sales (they are
 * never changed in place) in a thread of its own, so that the main thread, which answers every
 * call, never waits for the network. One run at a time; changes meanwhile ask for one more.
 *
 * A run is a whole reconciliation, not a replay of changes: whatever failed before (a server
 * down, a refused write, a conflict) is redone by the next run, and a run at start catches up
 * with everything that changed while the service was not running. Only events carrying the
 * mark RS_X_TEAM_CALENDAR are ever changed or removed; events dated before today are left as
 * the team's history.
 *
 * Writes are conditional (E_CAL_OPERATION_FLAG_CONFLICT_FAIL): a teammate's edit since the
 * copy in EDS's cache makes the write fail with E_CLIENT_ERROR_OUT_OF_SYNC instead of undoing
 * it. Then EDS refreshes the cache, and the next run merges our fields into the teammate's
 * copy (rs_team_projection_merge ()): ours win, theirs such as a comment stay.
 *
 * EDS's cache is what a run compares with, and it learns of other desktops' changes only when
 * it refreshes (e_client_refresh_sync () merely starts that, in the background). So the first
 * run (at start, or for a newly chosen calendar) asks for a refresh and is followed by a second
 * run that sees what it brought (an event a teammate deleted is put back); and a run that wrote
 * refreshes at its end, which also stores the collection's new CTag: Radicale's CTag is a hash
 * of the content, and a cache that had not seen its own writes could mistake a teammate's
 * deletion for "nothing changed" (caldav-testing.md, "ctag ABA").
 */
#include "config.h"

#include <libecal/libecal.h>

#include <recurring-sales/rs-autocleanups.h>
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-team-projection.h>
#include "rs-service-private.h"
#include "rs-team-calendar.h"

/* Changes come in bursts (an import, an edit and its renewal): one run after them. */
#define RUN_DELAY_MS        200
/* After a conflict EDS's refresh runs in the background; it takes well under a second. A
 * conflict that a refresh does not resolve (an event of someone else with one of our UIDs)
 * is retried with the backoff of a failure after a few tries. */
#define CONFLICT_RETRY_S    1
#define MAX_QUICK_CONFLICTS 3
/* The second run of a catch-up, once EDS's refresh has had time to run. */
#define CATCH_UP_FOLLOW_S   2
/* An unreachable or refusing server: 2 s, 4 s, … up to 5 minutes. */
#define FIRST_RETRY_S       2
#define MAX_RETRY_S         300
/* The schema's largest team-calendar-months. */
#define MAX_WINDOW_MONTHS   24

struct _RsTeamCalendar
{
  GObject      parent_instance;

  RsService   *service;       /* weak */
  GSettings   *settings;      /* NULL without the schema's keys */
  gulong       changed_id;    /* of the service's skeleton, sales-changed */
  guint        timeout_id;    /* the next run */
  guint        new_day_id;    /* the run after midnight (not pending work) */
  gboolean     running;
  gboolean     again;         /* changes came during the run */
  gboolean     catch_up;      /* the next run refreshes first, and is followed by another */
  gboolean     pending;       /* the property: running || timeout_id != 0 */
  guint        retry_seconds; /* 0 after a run that did everything */
  guint        conflicts;     /* runs in a row that ended in a conflict */
  EClient     *client;        /* kept open between runs; NULL after a failure */
  GCancellable *cancellable;
};

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RsTeamCalendar, rs_team_calendar, G_TYPE_OBJECT)

typedef enum {
  RUN_DONE,
  RUN_CONFLICT,   /* retried soon, after EDS's refresh */
  RUN_FAILED,     /* retried with backoff */
} RunResult;

typedef struct {
  char      *source_uid;
  GPtrArray *sales;   /* RsSale, a snapshot */
  GDate      from;
  GDate      to;
  gboolean   catch_up;
  EClient   *client;    /* the last run's, or NULL; this run's when it is over */
} RunJob;

static void
run_job_free (RunJob *job)
{
  g_clear_object (&job->client);
  g_free (job->source_uid);
  g_ptr_array_unref (job->sales);
  g_free (job);
}

static void queue_run (RsTeamCalendar *self,
                       guint           delay_ms);

/* The run, in its thread */

static gboolean
is_conflict (const GError *error)
{
  /* A lost answer leaves the event on the server but not in the cache: the retried create is
   * refused with a raw HTTP 412 (If-None-Match) or, once refreshed, as already existing. */
  return g_error_matches (error, E_CLIENT_ERROR, E_CLIENT_ERROR_OUT_OF_SYNC) ||
         g_error_matches (error, E_CAL_CLIENT_ERROR, E_CAL_CLIENT_ERROR_OBJECT_ID_ALREADY_EXISTS) ||
         (error->domain == E_SOUP_SESSION_ERROR && error->code == 412);
}

/* The events that may be ours: from a little before @from (all-day events are placed in the
 * calendar's time zone) to beyond the longest window, not the calendar's whole history. */
static char *
query_for (const GDate *from)
{
  GDate start = *from, end = *from;

  g_date_subtract_days (&start, 2);
  g_date_add_months (&end, MAX_WINDOW_MONTHS + 1);
  return g_strdup_printf ("(occur-in-time-range? (make-time \"%04u%02u%02uT000000Z\") "
                          "(make-time \"%04u%02u%02uT000000Z\"))",
                          g_date_get_year (&start), g_date_get_month (&start),
                          g_date_get_day (&start), g_date_get_year (&end),
                          g_date_get_month (&end), g_date_get_day (&end));
}

/* Our events in @client from @from on (uid → ICalComponent), from EDS's cache. */
static GHashTable *
list_ours (ECalClient    *client,
           const GDate   *from,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GHashTable) ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      g_object_unref);
  g_autofree char *query = query_for (from);
  GSList *components = NULL;

  if (!e_cal_client_get_object_list_sync (client, query, &components, cancellable, error))
    return NULL;

  for (GSList *link = components; link != NULL; link = link->next)
    {
      ICalComponent *component = link->data;
      g_autoptr(ICalTime) rid = i_cal_component_get_recurrenceid (component);

      /* A teammate's events, and anything that is not a plain event of ours, stay untouched. */
      if (i_cal_component_isa (component) != I_CAL_VEVENT_COMPONENT ||
          !rs_team_projection_is_ours (component) ||
          (rid != NULL && !i_cal_time_is_null_time (rid)) ||
          i_cal_component_get_uid (component) == NULL)
        continue;
      g_hash_table_replace (ours, g_strdup (i_cal_component_get_uid (component)),
                            g_object_ref (component));
    }
  g_slist_free_full (components, g_object_unref);

  return g_steal_pointer (&ours);
}

static GHashTable *
build_wanted (RunJob *job)
{
  GHashTable *wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < job->sales->len; i++)
    {
      g_autoptr(GPtrArray) events = rs_team_projection_build (g_ptr_array_index (job->sales, i),
                                                              &job->from, &job->to);

      for (guint j = 0; j < events->len; j++)
        {
          ICalComponent *event = g_ptr_array_index (events, j);

          g_hash_table_replace (wanted, g_strdup (i_cal_component_get_uid (event)),
                                g_object_ref (event));
        }
    }

  return wanted;
}

/* What a run did, for the log. */
typedef struct {
  guint created;
  guint updated;
  guint removed;
  guint conflicts;
} RunCounts;

/* One write's outcome: TRUE when the run may go on (done, or a conflict noted); FALSE when
 * the calendar cannot be written now (the server is down): the rest waits for the retry. */
static gboolean
note_write (const char *what,
            const char *uid,
            GError     *error,
            guint      *done,
            RunCounts  *counts,
            RunResult  *result)
{
  if (error == NULL)
    {
      (*done)++;
      return TRUE;
    }

  if (is_conflict (error))
    {
      g_debug ("Team calendar: %s %s conflicts (%s); merging after a refresh.", what, uid,
               error->message);
      counts->conflicts++;
      if (*result == RUN_DONE)
        *result = RUN_CONFLICT;
      return TRUE;
    }

  g_message ("Team calendar: could not %s %s: %s", what, uid, error->message);
  *result = RUN_FAILED;
  return FALSE;
}

/* Makes @client's calendar hold @wanted, given @ours, what it holds of ours; stops at the
 * first write the calendar cannot take. */
static RunResult
reconcile (ECalClient    *client,
           RunJob        *job,
           GHashTable    *ours,
           GHashTable    *wanted,
           RunCounts     *counts,
           GCancellable  *cancellable)
{
  g_autoptr(GPtrArray) uids = g_ptr_array_new ();
  RunResult result = RUN_DONE;
  GHashTableIter iter;
  gpointer key, value;

  /* In UID order, so that a run is reproducible (and a log readable). */
  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (uids, key);
  g_ptr_array_sort (uids, rs_service_compare_uids);

  for (guint i = 0; i < uids->len; i++)
    {
      const char *uid = g_ptr_array_index (uids, i);
      ICalComponent *event = g_hash_table_lookup (wanted, uid);
      ICalComponent *existing = g_hash_table_lookup (ours, uid);
      g_autoptr(GError) error = NULL;

      if (existing == NULL)
        {
          g_autofree char *new_uid = NULL;

          e_cal_client_create_object_sync (client, event, E_CAL_OPERATION_FLAG_CONFLICT_FAIL,
                                           &new_uid, cancellable, &error);
          if (!note_write ("create", uid, error, &counts->created, counts, &result))
            return result;
        }
      else if (!rs_team_projection_same (existing, event))
        {
          /* The cached copy carries the ETag that makes the write conditional. */
          g_autoptr(ICalComponent) merged = rs_team_projection_merge (existing, event);

          e_cal_client_modify_object_sync (client, merged, E_CAL_OBJ_MOD_ALL,
                                           E_CAL_OPERATION_FLAG_CONFLICT_FAIL, cancellable,
                                           &error);
          if (!note_write ("update", uid, error, &counts->updated, counts, &result))
            return result;
        }
    }

  g_hash_table_iter_init (&iter, ours);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      if (g_hash_table_contains (wanted, key))
        continue;
      /* Past events are the team's history. */
      if (rs_team_projection_get_date (value, &date) && g_date_compare (&date, &job->from) < 0)
        continue;
      e_cal_client_remove_object_sync (client, key, NULL, E_CAL_OBJ_MOD_ALL,
                                       E_CAL_OPERATION_FLAG_CONFLICT_FAIL, cancellable, &error);
      if (g_error_matches (error, E_CAL_CLIENT_ERROR, E_CAL_CLIENT_ERROR_OBJECT_NOT_FOUND))
        continue;
      if (!note_write ("remove", key, error, &counts->removed, counts, &result))
        return result;
    }

  return result;
}

/* The client of the chosen calendar: the last run's when it is still that calendar's. It stays
 * open between runs, so that EDS keeps its backend (and the cache a run compares with) rather
 * than opening it anew each time. */
static EClient *
open_client (RunJob        *job,
             GCancellable  *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ESourceRegistry) registry = NULL;
  g_autoptr(ESource) source = NULL;
  EClient *client;

  if (job->client != NULL &&
      g_strcmp0 (e_source_get_uid (e_client_get_source (job->client)), job->source_uid) == 0)
    return g_steal_pointer (&job->client);
  g_clear_object (&job->client);

  registry = e_source_registry_new_sync (cancellable, &error);
  if (registry == NULL)
    {
      g_message ("Team calendar: Evolution’s calendars cannot be read: %s", error->message);
      return NULL;
    }
  source = e_source_registry_ref_source (registry, job->source_uid);
  if (source == NULL || !e_source_has_extension (source, E_SOURCE_EXTENSION_CALENDAR))
    {
      g_message ("Team calendar: there is no calendar %s; its events wait until it is back.",
                 job->source_uid);
      return NULL;
    }

  /* (guint32) -1: no waiting for the network in a thread without a main loop. */
  client = e_cal_client_connect_sync (source, E_CAL_CLIENT_SOURCE_TYPE_EVENTS, (guint32) -1,
                                      cancellable, &error);
  if (client == NULL)
    g_message ("Team calendar: cannot open %s: %s", job->source_uid, error->message);

  return client;
}

static RunResult
run_sync (RunJob        *job,
          GCancellable  *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EClient) client = NULL;
  g_autoptr(GHashTable) ours = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  RunCounts counts = { 0 };
  RunResult result;

  client = open_client (job, cancellable);
  if (client == NULL)
    return RUN_FAILED;
  /* A CalDAV calendar whose server was down when EDS first opened it stays read-only until
   * it is opened again. */
  if (e_client_is_readonly (client))
    {
      g_message ("Team calendar: %s is read-only now.", job->source_uid);
      return RUN_FAILED;
    }

  if (job->catch_up && !e_client_refresh_sync (client, cancellable, &error))
    {
      g_debug ("Team calendar: cannot refresh %s: %s", job->source_uid, error->message);
      g_clear_error (&error);
    }

  ours = list_ours (E_CAL_CLIENT (client), &job->from, cancellable, &error);
  if (ours == NULL)
    {
      g_message ("Team calendar: cannot read %s: %s", job->source_uid, error->message);
      return RUN_FAILED;
    }
  wanted = build_wanted (job);

  result = reconcile (E_CAL_CLIENT (client), job, ours, wanted, &counts, cancellable);
  g_debug ("Team calendar %s: %u events wanted, %u created, %u updated, %u removed, "
           "%u conflicts.", job->source_uid, g_hash_table_size (wanted), counts.created,
           counts.updated, counts.removed, counts.conflicts);

  /* The re-read after a conflict, and the cache's CTag after our own writes. */
  if (counts.created + counts.updated + counts.removed + counts.conflicts > 0 &&
      !e_client_refresh_sync (client, cancellable, &error))
    g_debug ("Team calendar: cannot refresh %s: %s", job->source_uid, error->message);

  /* A failure may be the client's own (a backend opened while the server was down stays
   * read-only): the next run opens the calendar again. */
  if (result != RUN_FAILED)
    job->client = g_steal_pointer (&client);
  return result;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object G_GNUC_UNUSED,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_task_return_int (task, run_sync (task_data, cancellable));
}

/* The main thread */

static void
update_pending (RsTeamCalendar *self)
{
  gboolean pending = self->running || self->timeout_id != 0;

  if (pending == self->pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
retry_later (RsTeamCalendar *self)
{
  self->retry_seconds = self->retry_seconds == 0 ? FIRST_RETRY_S
                                                 : MIN (self->retry_seconds * 2, MAX_RETRY_S);
  g_debug ("Team calendar: trying again in %u s.", self->retry_seconds);
  queue_run (self, self->again ? RUN_DELAY_MS : self->retry_seconds * 1000);
}

static gboolean
on_new_day (gpointer user_data)
{
  RsTeamCalendar *self = user_data;

  self->new_day_id = 0;
  queue_run (self, RUN_DELAY_MS);
  return G_SOURCE_REMOVE;
}

/* The window moves with the days: a run shortly after the next local midnight brings the new
 * dates in (and leaves yesterday's as history). A service that exits idle before then does it
 * at its next start. */
static void
schedule_new_day (RsTeamCalendar *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next_midnight = NULL;
  gint64 seconds;

  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  next_midnight = g_date_time_add_days (midnight, 1);
  seconds = g_date_time_difference (next_midnight, now) / G_TIME_SPAN_SECOND + 60;

  g_clear_handle_id (&self->new_day_id, g_source_remove);
  self->new_day_id = g_timeout_add_seconds ((guint) CLAMP (seconds, 60, 2 * 86400), on_new_day,
                                            self);
}

static void
run_finished (GObject      *object,
              GAsyncResult *async_result,
              gpointer      user_data G_GNUC_UNUSED)
{
  RsTeamCalendar *self = RS_TEAM_CALENDAR (object);
  RunJob *job = g_task_get_task_data (G_TASK (async_result));
  RunResult result = (RunResult) g_task_propagate_int (G_TASK (async_result), NULL);

  self->running = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  g_set_object (&self->client, job->client);

  switch (result)
    {
    case RUN_DONE:
      self->retry_seconds = 0;
      self->conflicts = 0;
      schedule_new_day (self);
      if (job->catch_up)
        {
          self->catch_up = FALSE;
          queue_run (self, self->again ? RUN_DELAY_MS : CATCH_UP_FOLLOW_S * 1000);
        }
      else if (self->again)
        queue_run (self, RUN_DELAY_MS);
      break;
    case RUN_CONFLICT:
      self->catch_up = FALSE;
      if (++self->conflicts <= MAX_QUICK_CONFLICTS)
        queue_run (self, CONFLICT_RETRY_S * 1000);
      else
        retry_later (self);
      break;
    case RUN_FAILED:
    default:
      retry_later (self);
      break;
    }

  update_pending (self);
}

static gboolean
start_run (gpointer user_data)
{
  RsTeamCalendar *self = user_data;
  g_autofree char *source_uid = NULL;
  g_autoptr(GTask) task = NULL;
  RunJob *job;
  guint months;

  self->timeout_id = 0;
  if (self->service == NULL || self->settings == NULL)
    goto out;

  source_uid = g_settings_get_string (self->settings, "team-calendar");
  if (*source_uid == '\0')
    goto out;

  /* Without the store the memory holds no sales: that is not "every sale removed". */
  if (self->service->store == NULL)
    {
      retry_later (self);
      goto out;
    }

  job = g_new0 (RunJob, 1);
  job->source_uid = g_steal_pointer (&source_uid);
  job->sales = rs_service_collect (self->service, NULL, NULL);
  job->catch_up = self->catch_up;
  job->client = self->client != NULL ? g_object_ref (self->client) : NULL;
  rs_service_today (self->service, &job->from);
  months = g_settings_get_uint (self->settings, "team-calendar-months");
  job->to = job->from;
  g_date_add_months (&job->to, CLAMP (months, 1, MAX_WINDOW_MONTHS));
  g_date_subtract_days (&job->to, 1);

  self->running = TRUE;
  self->again = FALSE;
  task = g_task_new (self, self->cancellable, run_finished, NULL);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, job, (GDestroyNotify) run_job_free);
  g_task_run_in_thread (task, run_in_thread);

out:
  update_pending (self);
  return G_SOURCE_REMOVE;
}

static void
queue_run (RsTeamCalendar *self,
           guint           delay_ms)
{
  if (self->running)
    {
      self->again = TRUE;
      return;
    }

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (delay_ms, start_run, self);
  update_pending (self);
}

static gboolean
is_on (RsTeamCalendar *self)
{
  g_autofree char *source_uid = g_settings_get_string (self->settings, "team-calendar");

  return *source_uid != '\0';
}

static void
on_sales_changed (RsTeamCalendar *self)
{
  /* A change is also a good moment to try a server that was down. */
  if (is_on (self))
    queue_run (self, RUN_DELAY_MS);
}

static void
on_setting_changed (RsTeamCalendar *self,
                    const char     *key)
{
  if (g_str_equal (key, "team-calendar") || g_str_equal (key, "team-calendar-months"))
    {
      self->retry_seconds = 0;
      self->conflicts = 0;
      self->catch_up = TRUE;
      queue_run (self, RUN_DELAY_MS);
    }
}

/* The object */

static void
rs_team_calendar_dispose (GObject *object)
{
  RsTeamCalendar *self = RS_TEAM_CALENDAR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->new_day_id, g_source_remove);
  if (self->service != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->service->skeleton);
      g_object_remove_weak_pointer (G_OBJECT (self->service), (gpointer *) &self->service);
      self->service = NULL;
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (rs_team_calendar_parent_class)->dispose (object);
}

static void
rs_team_calendar_finalize (GObject *object)
{
  RsTeamCalendar *self = RS_TEAM_CALENDAR (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rs_team_calendar_parent_class)->finalize (object);
}

static void
rs_team_calendar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RsTeamCalendar *self = RS_TEAM_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rs_team_calendar_class_init (RsTeamCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rs_team_calendar_dispose;
  object_class->finalize = rs_team_calendar_finalize;
  object_class->get_property = rs_team_calendar_get_property;

  /* Whether a run is under way or ahead: the service does not exit idle meanwhile, so that
   * a retry after an outage happens while the user is still logged in. */
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rs_team_calendar_init (RsTeamCalendar *self)
{
  self->cancellable = g_cancellable_new ();
  /* The first run catches up with what changed while the service was not running, here and
   * on the other desktops. */
  self->catch_up = TRUE;
}

RsTeamCalendar *
rs_team_calendar_new (RsService *service)
{
  g_autoptr(RsTeamCalendar) self = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (RS_IS_SERVICE (service), NULL);

  self = g_object_new (RS_TYPE_TEAM_CALENDAR, NULL);
  self->service = service;
  g_object_add_weak_pointer (G_OBJECT (service), (gpointer *) &self->service);

  /* The schema of an older installation has no such keys: no team calendar then. */
  schema = rs_defaults_lookup_schema ();
  if (schema == NULL || !g_settings_schema_has_key (schema, "team-calendar") ||
      !g_settings_schema_has_key (schema, "team-calendar-months"))
    return g_steal_pointer (&self);

  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (on_setting_changed), self);
  /* The skeleton's signal is emitted for every SalesChanged, ours and other writers'. */
  self->changed_id = g_signal_connect_swapped (service->skeleton, "sales-changed",
                                               G_CALLBACK (on_sales_changed), self);

  /* The catch-up: whatever changed while the service was not running. */
  if (is_on (self))
    queue_run (self, RUN_DELAY_MS);
  return g_steal_pointer (&self);
}

gboolean
rs_team_calendar_has_pending (RsTeamCalendar *self)
{
  g_return_val_if_fail (RS_IS_TEAM_CALENDAR (self), FALSE);

  return self->pending;
}
