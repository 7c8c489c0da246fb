/* bench-client.c: the benchmark's measurements (issue #6) through the APIs applications use
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Run by run-bench.py inside its private session (its own D-Bus session bus, registry and
 * calendar factory); prints one "key value" line per result, times in milliseconds:
 *
 *   bench-client import SALES.json
 *       Import through the service's D-Bus API (as `recurring-sales import` does).
 *   bench-client calendar SOURCE-UID [--repeat R] [--updates K] [--upcoming K]
 *                [--uid COMPONENT-UID] [--search TEXT]
 *       For the calendar SOURCE-UID, through ECalClient as Evolution, GNOME Calendar and
 *       evolution-alarm-notify read calendars: the first connect after the factory started
 *       (cold) and R more while it is open (warm, median); a one-month
 *       (occur-in-time-range? …) object list, a view of the same month until "complete", a
 *       one-year object list, and the one-day (has-alarms-in-range? …) query of the reminder
 *       watcher, each R times (median). With --uid and --search, the queries that are not
 *       time windows: (uid? COMPONENT-UID), the search bar's (contains? "summary" TEXT), and
 *       the month and that search together, each R times (median; the first time apart).
 *       Then the factory's peak RSS. With --updates: the time
 *       from UpdateSale to the month view's objects-modified for that sale, once right after
 *       the view completed, then K times one after another (median and max; and the median
 *       time to UpdateSale's reply, the service's share). With
 *       --upcoming: the service's Upcoming over the next 30 days, K times (median).
 *
 * The driver starts a fresh calendar factory for each calendar, so "cold" and the peak RSS
 * belong to that calendar's backend alone.
 */
#include "config.h"

#include <libecal/libecal.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <recurring-sales/recurring-sales.h>

#define SERVICE_NAME   "io.github.recurring_sales.RecurringSales1"
#define SERVICE_PATH   "/io/github/recurring_sales/RecurringSales1"
#define FACTORY_NAME   "org.gnome.evolution.dataserver.Calendar8"
/* Generous: with 100,000 sales the stock file backend's year list takes tens of seconds on a
 * slow machine; a hang still ends the run instead of blocking it forever. */
#define WAIT_TIMEOUT_S 600

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-client: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static double
elapsed_ms (gint64 since)
{
  return (double) (g_get_monotonic_time () - since) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The median of @samples (sorted in place); the mean of the middle two for an even count. */
static double
median (GArray *samples)
{
  guint n = samples->len;

  g_return_val_if_fail (n > 0, 0.0);
  g_array_sort (samples, compare_doubles);
  if (n % 2 == 1)
    return g_array_index (samples, double, n / 2);
  return (g_array_index (samples, double, n / 2 - 1) + g_array_index (samples, double, n / 2)) / 2;
}

/* "name_ms median", and every sample on "name_samples_ms" (in the order they were taken), so
 * that a noisy run shows as one. */
static void
print_samples (const char *name,
               GArray     *samples)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < samples->len; i++)
    g_string_append_printf (list, "%s%.3f", i > 0 ? "," : "", g_array_index (samples, double, i));
  g_print ("%s_samples_ms %s\n", name, list->str);
  g_print ("%s_ms %.3f\n", name, median (samples));
}

/* Iterates the default main context until *@done; FALSE after WAIT_TIMEOUT_S. A blocking
 * iteration wakes as soon as a signal is dispatched (polling with sleeps would add their
 * length to every latency); the periodic source only lets the deadline be checked. */
static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
spin_until (const gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) WAIT_TIMEOUT_S * G_USEC_PER_SEC;
  guint tick = g_timeout_add (100, wake_up, NULL);

  while (!*done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return *done;
}

/* Time windows, as a calendar application asks for them: from local midnights, in UTC. */

static char *
make_time (GDateTime *local)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}

/* Evolution 3.46 gives the user's zone as the third argument (it places floating all-day
 * events); the query is what its views send. */
static char *
occur_sexp (GDateTime *from,
            GDateTime *to)
{
  const char *location = e_cal_util_get_system_timezone_location ();
  g_autofree char *from_text = make_time (from);
  g_autofree char *to_text = make_time (to);

  if (location != NULL)
    return g_strdup_printf ("(occur-in-time-range? (make-time \"%s\") (make-time \"%s\") \"%s\")",
                            from_text, to_text, location);
  return g_strdup_printf ("(occur-in-time-range? (make-time \"%s\") (make-time \"%s\"))",
                          from_text, to_text);
}

/* What evolution-alarm-notify's reminder watcher asks: the alarms up to the next midnight. */
static char *
alarms_sexp (GDateTime *from,
             GDateTime *to)
{
  g_autofree char *from_text = make_time (from);
  g_autofree char *to_text = make_time (to);

  return g_strdup_printf ("(has-alarms-in-range? (make-time \"%s\") (make-time \"%s\"))",
                          from_text, to_text);
}

/* What Evolution sends for one object, and what its search bar sends ("Summary contains"),
 * alone and within a view's window; strings quoted as Evolution quotes them. */
static char *
uid_sexp (const char *uid)
{
  g_autoptr(GString) sexp = g_string_new ("(uid?");

  e_sexp_encode_string (sexp, uid);
  g_string_append_c (sexp, ')');
  return g_string_free (g_steal_pointer (&sexp), FALSE);
}

static char *
contains_sexp (const char *text)
{
  g_autoptr(GString) sexp = g_string_new ("(contains? \"summary\"");

  e_sexp_encode_string (sexp, text);
  g_string_append_c (sexp, ')');
  return g_string_free (g_steal_pointer (&sexp), FALSE);
}

/* The service */

static GDBusConnection *
session_bus (void)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  if (connection == NULL)
    die ("the session bus", error);
  return connection;
}

static GVariant *
call_service (GDBusConnection *connection,
              const char      *method,
              GVariant        *parameters,
              const char      *reply_type)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  /* G_MAXINT: no timeout; importing 100,000 sales takes longer than D-Bus's 25 s. */
  reply = g_dbus_connection_call_sync (connection, SERVICE_NAME, SERVICE_PATH, SERVICE_NAME,
                                       method, parameters, G_VARIANT_TYPE (reply_type),
                                       G_DBUS_CALL_FLAGS_NONE, G_MAXINT, NULL, &error);
  if (reply == NULL)
    die (method, error);
  return reply;
}

static void
print_service_version (GDBusConnection *connection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_sync (connection, SERVICE_NAME, SERVICE_PATH,
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", SERVICE_NAME, "Version"),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  if (reply == NULL)
    die ("the service's Version", error);
  g_variant_get (reply, "(v)", &value);
  g_print ("service_version %s\n", g_variant_get_string (value, NULL));
}

static int
run_import (const char *path)
{
  g_autoptr(GDBusConnection) connection = session_bus ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) problems = NULL;
  g_autofree char *data = NULL;
  guint32 added = 0;
  gint64 start;

  if (!g_file_get_contents (path, &data, NULL, &error))
    die (path, error);

  start = g_get_monotonic_time ();
  reply = call_service (connection, "Import", g_variant_new ("(ss)", "json", data), "(uaa{sv})");
  g_print ("import_ms %.3f\n", elapsed_ms (start));

  g_variant_get (reply, "(u@aa{sv})", &added, &problems);
  if (g_variant_n_children (problems) > 0)
    {
      g_autofree char *text = g_variant_print (problems, FALSE);

      g_printerr ("bench-client: the service refused the sales: %s\n", text);
      return 1;
    }
  g_print ("import_added %u\n", added);
  print_service_version (connection);
  return 0;
}

/* The calendar */

static ESource *
wait_for_source (ESourceRegistry *registry,
                 const char      *uid)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* Our registry module creates its calendar a moment after the registry starts. */
  while (g_get_monotonic_time () < deadline)
    {
      ESource *source = e_source_registry_ref_source (registry, uid);

      if (source != NULL)
        return source;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (20 * 1000);
    }
  return NULL;
}

static ECalClient *
connect_client (ESource *source)
{
  g_autoptr(GError) error = NULL;
  EClient *client;

  /* (guint32) -1: a positive wait blocks the whole time in a client without a running main
   * loop (e-cal-client.c waits for "connected" in the default main context). */
  client = e_cal_client_connect_sync (source, E_CAL_CLIENT_SOURCE_TYPE_EVENTS, (guint32) -1,
                                      NULL, &error);
  if (client == NULL)
    die ("e_cal_client_connect_sync", error);
  return E_CAL_CLIENT (client);
}

static void
measure_list (ECalClient *client,
              const char *name,
              const char *sexp,
              guint       repeat)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  guint objects = 0;

  for (guint i = 0; i < repeat; i++)
    {
      g_autoptr(GError) error = NULL;
      GSList *components = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!e_cal_client_get_object_list_sync (client, sexp, &components, NULL, &error))
        {
          /* ECalClient gives up after three minutes, as in Evolution: a figure too. */
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
            {
              g_print ("%s_timed_out_ms %.3f\n", name, elapsed_ms (start));
              return;
            }
          /* The factory gone (an answer over D-Bus's size limit): a finding, not a crash
           * of the benchmark. */
          if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
              g_error_matches (error, E_CLIENT_ERROR, E_CLIENT_ERROR_DBUS_ERROR))
            {
              g_dbus_error_strip_remote_error (error);
              g_print ("%s_failed %s\n", name, error->message);
              return;
            }
          die (name, error);
        }
      ms = elapsed_ms (start);
      g_array_append_val (samples, ms);
      objects = g_slist_length (components);
      g_slist_free_full (components, g_object_unref);
    }

  /* The first run apart too: it is what someone who types a search waits for once. */
  g_print ("%s_first_ms %.3f\n", name, g_array_index (samples, double, 0));
  print_samples (name, samples);
  g_print ("%s_objects %u\n", name, objects);
}

typedef struct {
  gboolean  complete;
  GError   *error;
  guint     added;
  /* For the update latency: the sales that have an event in the view, and the one whose
   * change is awaited (modified_at: when its objects-modified arrived). */
  GPtrArray *sale_uids;
  GHashTable *seen;
  const char *awaited;
  gint64      modified_at;
} ViewState;

static void
view_objects_added (ECalClientView *view,
                    const GSList   *components,
                    gpointer        user_data)
{
  ViewState *state = user_data;

  for (const GSList *l = components; l != NULL; l = l->next)
    {
      g_autofree char *sale_uid = NULL;
      RsReminderKind kind;

      state->added++;
      if (state->sale_uids == NULL ||
          !rs_projection_parse_component_uid (i_cal_component_get_uid (l->data), &sale_uid, &kind) ||
          kind != RS_REMINDER_KIND_INVOICE || g_hash_table_contains (state->seen, sale_uid))
        continue;
      g_hash_table_add (state->seen, g_strdup (sale_uid));
      g_ptr_array_add (state->sale_uids, g_steal_pointer (&sale_uid));
    }
}

static void
view_objects_modified (ECalClientView *view,
                       const GSList   *components,
                       gpointer        user_data)
{
  ViewState *state = user_data;
  gint64 now = g_get_monotonic_time ();

  for (const GSList *l = components; l != NULL && state->awaited != NULL; l = l->next)
    {
      g_autofree char *sale_uid = NULL;

      if (state->modified_at == 0 &&
          rs_projection_parse_component_uid (i_cal_component_get_uid (l->data), &sale_uid, NULL) &&
          strcmp (sale_uid, state->awaited) == 0)
        state->modified_at = now;
    }
}

static void
view_complete (ECalClientView *view,
               const GError   *error,
               gpointer        user_data)
{
  ViewState *state = user_data;

  if (error != NULL)
    state->error = g_error_copy (error);
  state->complete = TRUE;
}

/* A started view of @sexp, once complete (the time that took in *@out_ms). */
static ECalClientView *
open_view (ECalClient *client,
           const char *sexp,
           ViewState  *state,
           double     *out_ms)
{
  g_autoptr(GError) error = NULL;
  ECalClientView *view = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!e_cal_client_get_view_sync (client, sexp, &view, NULL, &error))
    die ("e_cal_client_get_view_sync", error);
  g_signal_connect (view, "objects-added", G_CALLBACK (view_objects_added), state);
  g_signal_connect (view, "objects-modified", G_CALLBACK (view_objects_modified), state);
  g_signal_connect (view, "complete", G_CALLBACK (view_complete), state);
  e_cal_client_view_start (view, &error);
  if (error != NULL)
    die ("e_cal_client_view_start", error);
  if (!spin_until (&state->complete))
    die ("the view did not complete in time", NULL);
  if (state->error != NULL)
    die ("the view", state->error);
  *out_ms = elapsed_ms (start);
  return view;
}

static void
measure_view (ECalClient *client,
              const char *name,
              const char *sexp,
              guint       repeat)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  guint objects = 0;

  for (guint i = 0; i < repeat; i++)
    {
      ViewState state = { 0 };
      ECalClientView *view;
      double ms;

      view = open_view (client, sexp, &state, &ms);
      g_array_append_val (samples, ms);
      objects = state.added;
      /* Stops the view in the backend (e_cal_client_view_dispose ()). */
      g_object_unref (view);
    }

  print_samples (name, samples);
  g_print ("%s_objects %u\n", name, objects);
}

/* Warm: more connects while the first client keeps the calendar open, as when a second
 * application opens it; a few milliseconds each, so the median of @repeat. */
static void
measure_warm_open (ESource *source,
                   guint    repeat)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < repeat; i++)
    {
      gint64 start = g_get_monotonic_time ();
      ECalClient *second = connect_client (source);
      double ms = elapsed_ms (start);

      g_array_append_val (samples, ms);
      g_object_unref (second);
    }

  print_samples ("open_warm", samples);
}

/* The peak resident size of the factory (VmHWM), which holds only the calendar measured. */
static void
print_factory_peak_rss (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  const char *line;
  guint32 pid = 0;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", FACTORY_NAME), G_VARIANT_TYPE ("(u)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(u)", &pid);
  path = g_strdup_printf ("/proc/%u/status", pid);
  if (pid == 0 || !g_file_get_contents (path, &status, NULL, NULL) ||
      (line = strstr (status, "\nVmHWM:")) == NULL)
    {
      g_printerr ("bench-client: the calendar factory's peak RSS cannot be read\n");
      return;
    }
  g_print ("factory_pid %u\n", pid);
  g_print ("factory_peak_rss_kb %" G_GINT64_FORMAT "\n",
           g_ascii_strtoll (line + strlen ("\nVmHWM:"), NULL, 10));
}

typedef struct {
  gboolean  done;
  gint64    done_at;
  GError   *error;
} CallState;

static void
update_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CallState *call = user_data;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &call->error);
  call->done_at = g_get_monotonic_time ();
  call->done = TRUE;
}

static guint64
sale_revision (GDBusConnection *connection,
               const char      *uid)
{
  g_autoptr(GVariant) reply = call_service (connection, "GetSale", g_variant_new ("(s)", uid),
                                            "(a{sv})");
  g_autoptr(GVariant) sale = NULL;
  guint64 revision = 0;

  g_variant_get (reply, "(@a{sv})", &sale);
  if (!g_variant_lookup (sale, "revision", "t", &revision))
    die ("GetSale gave no revision", NULL);
  return revision;
}

/* UpdateSale → objects-modified: a one-month view stays open, and each of @count updates
 * changes the note of a sale that has an invoice in that month (a different one each time
 * while there are enough), waiting for the view to report that sale modified before the next.
 * The call is asynchronous so that the signal is timed when it arrives, even before the
 * reply. */
static void
measure_update_latency (GDBusConnection *connection,
                        ECalClient      *client,
                        const char      *sexp,
                        guint            count)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) replies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) sale_uids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ViewState state = { 0 };
  ECalClientView *view;
  double ms, max = 0;

  state.sale_uids = sale_uids;
  state.seen = seen;
  view = open_view (client, sexp, &state, &ms);
  if (sale_uids->len == 0)
    die ("no sale has an invoice in this month: no update latency", NULL);

  /* Started by D-Bus activation if its idle timeout stopped it since the import: not part of
   * what is measured. */
  g_variant_unref (call_service (connection, "Upcoming",
                                 g_variant_new ("(ss@a{sv})", "2000-01-01", "2000-01-01",
                                                g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                 "(aa{sv})"));

  /* One more than @count: the first change after a view completed waits for the flush timer
   * that EDS armed while the view was starting (two seconds after its first component,
   * e-data-cal-view.c, whatever the backend), and is reported apart. */
  for (guint i = 0; i <= count; i++)
    {
      const char *uid = g_ptr_array_index (sale_uids, i % sale_uids->len);
      guint64 revision = sale_revision (connection, uid);
      g_autofree char *note = g_strdup_printf ("Benchmark change %u", i + 1);
      GVariantDict changes;
      CallState call = { 0 };
      gint64 start;
      gboolean both = FALSE;
      gint64 deadline;

      g_variant_dict_init (&changes, NULL);
      g_variant_dict_insert (&changes, "note", "s", note);
      state.awaited = uid;
      state.modified_at = 0;

      start = g_get_monotonic_time ();
      g_dbus_connection_call (connection, SERVICE_NAME, SERVICE_PATH, SERVICE_NAME, "UpdateSale",
                              g_variant_new ("(st@a{sv})", uid, revision, g_variant_dict_end (&changes)),
                              G_VARIANT_TYPE ("(t)"), G_DBUS_CALL_FLAGS_NONE, G_MAXINT, NULL,
                              update_done, &call);

      deadline = g_get_monotonic_time () + (gint64) WAIT_TIMEOUT_S * G_USEC_PER_SEC;
      while (!both && g_get_monotonic_time () < deadline)
        {
          g_main_context_iteration (NULL, TRUE);
          both = call.done && state.modified_at != 0;
          if (call.error != NULL)
            die ("UpdateSale", call.error);
        }
      if (!both)
        die ("the view did not report the change in time", NULL);

      ms = (double) (state.modified_at - start) / 1000.0;
      if (i == 0)
        {
          g_print ("update_first_ms %.3f\n", ms);
          continue;
        }
      max = MAX (max, ms);
      g_array_append_val (samples, ms);
      /* The reply alone (the service's commit and signal): tells apart where the time goes. */
      ms = (double) (call.done_at - start) / 1000.0;
      g_array_append_val (replies, ms);
    }
  state.awaited = NULL;
  g_object_unref (view);

  g_print ("update_sales %u\n", MIN (count, sale_uids->len));
  print_samples ("update_latency", samples);
  print_samples ("update_reply", replies);
  g_print ("update_latency_max_ms %.3f\n", max);
}

/* Pages of @limit items of [@from, @to] through UpcomingPage, at most @max_pages of them (0:
 * to the end of the window); the number of items read. */
static gsize
upcoming_pages (GDBusConnection *connection,
                const char      *from,
                const char      *to,
                guint            limit,
                guint            max_pages)
{
  g_autofree char *after = g_strdup ("");
  gsize items = 0;

  for (guint page = 0; max_pages == 0 || page < max_pages; page++)
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GVariant) list = NULL;
      g_autofree char *next = NULL;

      reply = call_service (connection, "UpcomingPage",
                            g_variant_new ("(ss@a{sv}us)", from, to,
                                           g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0),
                                           limit, after),
                            "(aa{sv}s)");
      g_variant_get (reply, "(@aa{sv}s)", &list, &next);
      items += g_variant_n_children (list);
      if (*next == '\0')
        break;
      g_free (after);
      after = g_steal_pointer (&next);
    }

  return items;
}

/* The agenda of the next 30 days: its first page of 100 (what a "coming up" list shows), the
 * whole window in pages of 250 (the most the service gives), and the whole window in one Upcoming reply (which the
 * service refuses when it would not fit in a D-Bus message). */
static void
measure_upcoming (GDBusConnection *connection,
                  guint            count)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) page_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_pages_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last = g_date_time_add_days (today, 30);
  g_autofree char *from = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (last, "%Y-%m-%d");
  gsize items = 0, page_items = 0, all_items = 0;
  gint64 start;

  /* The first agenda call for this window, alone: the index moves to today if it was anchored
   * elsewhere. */
  start = g_get_monotonic_time ();
  page_items = upcoming_pages (connection, from, to, 100, 1);
  g_print ("upcoming_page_first_ms %.3f\n", elapsed_ms (start));

  for (guint i = 0; i < count; i++)
    {
      double ms;

      start = g_get_monotonic_time ();
      page_items = upcoming_pages (connection, from, to, 100, 1);
      ms = elapsed_ms (start);
      g_array_append_val (page_samples, ms);

      start = g_get_monotonic_time ();
      all_items = upcoming_pages (connection, from, to, 250, 0);
      ms = elapsed_ms (start);
      g_array_append_val (all_pages_samples, ms);
    }
  print_samples ("upcoming_page", page_samples);
  g_print ("upcoming_page_items %" G_GSIZE_FORMAT "\n", page_items);
  print_samples ("upcoming_all_pages", all_pages_samples);
  g_print ("upcoming_all_pages_items %" G_GSIZE_FORMAT "\n", all_items);

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GVariant) list = NULL;
      double ms;

      start = g_get_monotonic_time ();
      reply = g_dbus_connection_call_sync (connection, SERVICE_NAME, SERVICE_PATH, SERVICE_NAME,
                                           "Upcoming",
                                           g_variant_new ("(ss@a{sv})", from, to,
                                                          g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                           G_VARIANT_TYPE ("(aa{sv})"), G_DBUS_CALL_FLAGS_NONE,
                                           G_MAXINT, NULL, &error);
      if (reply == NULL)
        {
          g_dbus_error_strip_remote_error (error);
          g_print ("upcoming_failed %s\n", error->message);
          return;
        }
      ms = elapsed_ms (start);
      g_array_append_val (samples, ms);
      g_variant_get (reply, "(@aa{sv})", &list);
      items = g_variant_n_children (list);
    }
  print_samples ("upcoming", samples);
  g_print ("upcoming_items %" G_GSIZE_FORMAT "\n", items);
}

static guint
parse_count (const char *text,
             const char *option)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, 10000, &value, NULL))
    {
      g_printerr ("bench-client: %s takes a whole number\n", option);
      exit (2);
    }
  return (guint) value;
}

static int
run_calendar (int    argc,
              char **argv)
{
  g_autoptr(GDBusConnection) connection = session_bus ();
  g_autoptr(ESourceRegistry) registry = NULL;
  g_autoptr(ESource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day_start = NULL, day_end = NULL, month_start = NULL, month_end = NULL;
  g_autoptr(GDateTime) year_start = NULL, year_end = NULL;
  g_autofree char *month = NULL, *year = NULL, *alarms = NULL;
  const char *uid = argv[0];
  const char *component_uid = NULL, *search = NULL;
  guint repeat = 5, updates = 0, upcoming = 0;
  ECalClient *client;
  gint64 start;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--repeat") == 0 && i + 1 < argc)
        repeat = parse_count (argv[++i], "--repeat");
      else if (strcmp (argv[i], "--updates") == 0 && i + 1 < argc)
        updates = parse_count (argv[++i], "--updates");
      else if (strcmp (argv[i], "--upcoming") == 0 && i + 1 < argc)
        upcoming = parse_count (argv[++i], "--upcoming");
      else if (strcmp (argv[i], "--uid") == 0 && i + 1 < argc)
        component_uid = argv[++i];
      else if (strcmp (argv[i], "--search") == 0 && i + 1 < argc)
        search = argv[++i];
      else
        {
          g_printerr ("bench-client: unknown argument %s\n", argv[i]);
          return 2;
        }
    }
  repeat = MAX (repeat, 1);

  /* The calendar month and year of today, and today, from local midnights: what a month
   * view, a year view and the reminder watcher ask for. */
  day_start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                     g_date_time_get_day_of_month (now), 0, 0, 0);
  day_end = g_date_time_add_days (day_start, 1);
  month_start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                       1, 0, 0, 0);
  month_end = g_date_time_add_months (month_start, 1);
  year_start = g_date_time_new_local (g_date_time_get_year (now), 1, 1, 0, 0, 0);
  year_end = g_date_time_add_years (year_start, 1);
  month = occur_sexp (month_start, month_end);
  year = occur_sexp (year_start, year_end);
  alarms = alarms_sexp (day_start, day_end);

  registry = e_source_registry_new_sync (NULL, &error);
  if (registry == NULL)
    die ("the source registry", error);
  source = wait_for_source (registry, uid);
  if (source == NULL)
    {
      g_printerr ("bench-client: the calendar %s did not appear\n", uid);
      return 1;
    }

  /* Cold: the factory has just started, so this loads the backend module's calendar and
   * opens it. Warm: the backend is open already (another application has the calendar). */
  start = g_get_monotonic_time ();
  client = connect_client (source);
  g_print ("open_cold_ms %.3f\n", elapsed_ms (start));
  measure_warm_open (source, repeat);

  measure_list (client, "month_list", month, repeat);
  measure_view (client, "month_view", month, repeat);
  measure_list (client, "alarms_day", alarms, repeat);
  if (component_uid != NULL)
    {
      g_autofree char *sexp = uid_sexp (component_uid);

      measure_list (client, "uid_list", sexp, repeat);
    }
  if (search != NULL)
    {
      g_autofree char *sexp = contains_sexp (search);
      g_autofree char *month_sexp = g_strdup_printf ("(and %s %s)", month, sexp);

      measure_list (client, "contains_list", sexp, repeat);
      measure_list (client, "month_contains_list", month_sexp, repeat);
    }
  /* Before the updates: they are ours only, and the figure compares the two backends. */
  print_factory_peak_rss (connection);

  if (updates > 0)
    measure_update_latency (connection, client, month, updates);
  if (upcoming > 0)
    measure_upcoming (connection, upcoming);

  /* Last: from about 100,000 events a year, its answer is larger than a D-Bus message may be
   * (128 MiB), and the bus disconnects the factory, whatever the backend. */
  measure_list (client, "year_list", year, repeat);

  g_object_unref (client);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  if (argc == 3 && strcmp (argv[1], "import") == 0)
    return run_import (argv[2]);
  if (argc >= 3 && strcmp (argv[1], "calendar") == 0)
    return run_calendar (argc - 2, argv + 2);
  if (argc == 2 && strcmp (argv[1], "version") == 0)
    {
      g_print ("version %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_printerr ("Usage: %s import SALES.json\n"
              "       %s calendar SOURCE-UID [--repeat R] [--updates K] [--upcoming K]\n"
              "                [--uid COMPONENT-UID] [--search TEXT]\n"
              "       %s version\n", argv[0], argv[0], argv[0]);
  return 2;
}
