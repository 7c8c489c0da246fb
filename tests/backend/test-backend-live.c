/* test-backend-live.c: open views follow the service, and the calendar survives its restarts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each change goes through the service's D-Bus API; the view must then report exactly the
 * components whose text changed (computed in the test from the sale before and after, with
 * the projection), as objects-added/modified/removed, within one second of the call.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <string.h>

#include "eds-test-util.h"
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-projection.h>
#include <recurring-sales/rs-sale-variant.h>
#include "rs-store-writer.h"

/* The promise; the EDS batching alone takes a third of it (e-cal-backend.c). */
#define LIVE_LIMIT_MS 1000
/* After the expected signals: how long to listen for unexpected ones. */
#define QUIET_MS      500

static EdsTest eds;
static ECalClient *client;

typedef struct {
  ECalClientView *view;
  GHashTable     *added;     /* keys (eds_test_component_key ()) */
  GHashTable     *modified;
  GHashTable     *removed;
  gboolean        complete;
} Recorder;

static Recorder everything;  /* a view of "#t" */
static Recorder february;    /* a view of February 2027 */

static void
record_objects (GHashTable   *keys,
                const GSList *objects)
{
  for (const GSList *link = objects; link != NULL; link = link->next)
    g_hash_table_add (keys, eds_test_component_key (link->data));
}

static void
on_objects_added (ECalClientView *view,
                  const GSList   *objects,
                  Recorder       *recorder)
{
  record_objects (recorder->added, objects);
}

static void
on_objects_modified (ECalClientView *view,
                     const GSList   *objects,
                     Recorder       *recorder)
{
  record_objects (recorder->modified, objects);
}

static void
on_objects_removed (ECalClientView *view,
                    const GSList   *ids,
                    Recorder       *recorder)
{
  for (const GSList *link = ids; link != NULL; link = link->next)
    {
      const char *uid = e_cal_component_id_get_uid (link->data);
      const char *rid = e_cal_component_id_get_rid (link->data);

      /* A date recurrence id, "20270228" (or with a time of day, which ours never have). */
      if (rid != NULL && *rid != '\0')
        g_hash_table_add (recorder->removed, g_strdup_printf ("%s@%.8s", uid, rid));
      else
        g_hash_table_add (recorder->removed, g_strdup (uid));
    }
}

static void
on_complete (ECalClientView *view,
             const GError   *error,
             Recorder       *recorder)
{
  g_assert_no_error (error);
  recorder->complete = TRUE;
}

static gboolean
recorder_complete (gpointer user_data)
{
  return ((Recorder *) user_data)->complete;
}

static void
recorder_reset (Recorder *recorder)
{
  g_hash_table_remove_all (recorder->added);
  g_hash_table_remove_all (recorder->modified);
  g_hash_table_remove_all (recorder->removed);
}

static void
recorder_start (Recorder   *recorder,
                const char *sexp)
{
  g_autoptr(GError) error = NULL;

  recorder->added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  recorder->modified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  recorder->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  e_cal_client_get_view_sync (client, sexp, &recorder->view, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (recorder->view, "objects-added", G_CALLBACK (on_objects_added), recorder);
  g_signal_connect (recorder->view, "objects-modified", G_CALLBACK (on_objects_modified), recorder);
  g_signal_connect (recorder->view, "objects-removed", G_CALLBACK (on_objects_removed), recorder);
  g_signal_connect (recorder->view, "complete", G_CALLBACK (on_complete), recorder);
  e_cal_client_view_start (recorder->view, &error);
  g_assert_no_error (error);
  g_assert_true (rs_test_wait_until (recorder_complete, recorder, EDS_TEST_TIMEOUT_MS));
  recorder_reset (recorder);
}

static void
recorder_stop (Recorder *recorder)
{
  e_cal_client_view_stop (recorder->view, NULL);
  g_clear_object (&recorder->view);
  g_clear_pointer (&recorder->added, g_hash_table_unref);
  g_clear_pointer (&recorder->modified, g_hash_table_unref);
  g_clear_pointer (&recorder->removed, g_hash_table_unref);
}

/* What a view must report for a change from @before to @after (key → text). */
typedef struct {
  GHashTable *added;
  GHashTable *modified;
  GHashTable *removed;
} Expected;

static void
expected_clear (Expected *expected)
{
  g_clear_pointer (&expected->added, g_hash_table_unref);
  g_clear_pointer (&expected->modified, g_hash_table_unref);
  g_clear_pointer (&expected->removed, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Expected, expected_clear)

static char *
series_of (const char *key)
{
  const char *at = strchr (key, '@');

  return at != NULL ? g_strndup (key, (gsize) (at - key)) : g_strdup (key);
}

/* What a client's view must report when the calendar goes from @before to @after (key →
 * text): the components added, those whose text changed, those removed. EDS 3.46 loses the
 * RECURRENCE-ID of removed components on their way to the client (e-data-cal-view.c,
 * notify_remove ()), so a removed detached instance arrives as its series' UID, and the
 * backend then announces what is left of that series again, as modified. */
static void
expected_compute (Expected   *expected,
                  GHashTable *before,
                  GHashTable *after)
{
  GHashTableIter iter;
  gpointer key, value;

  expected->added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  expected->modified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  expected->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *old_text = g_hash_table_lookup (before, key);

      if (old_text == NULL)
        g_hash_table_add (expected->added, g_strdup (key));
      else if (g_strcmp0 (old_text, value) != 0)
        g_hash_table_add (expected->modified, g_strdup (key));
    }

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *series = series_of (key);
      GHashTableIter remaining;
      gpointer remaining_key;

      if (g_hash_table_contains (after, key))
        continue;
      g_hash_table_add (expected->removed, g_strdup (series));
      if (strchr (key, '@') == NULL || !g_hash_table_contains (after, series))
        continue;

      g_hash_table_iter_init (&remaining, after);
      while (g_hash_table_iter_next (&remaining, &remaining_key, NULL))
        {
          g_autofree char *remaining_series = series_of (remaining_key);

          if (g_str_equal (remaining_series, series))
            g_hash_table_add (expected->modified, g_strdup (remaining_key));
        }
    }
}

static gboolean
contains_all (GHashTable *set,
              GHashTable *subset)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, subset);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (set, key))
      return FALSE;
  return TRUE;
}

typedef struct {
  Recorder *recorder;
  Expected *expected;
} Arrival;

static gboolean
all_arrived (gpointer user_data)
{
  Arrival *arrival = user_data;

  return contains_all (arrival->recorder->added, arrival->expected->added) &&
         contains_all (arrival->recorder->modified, arrival->expected->modified) &&
         contains_all (arrival->recorder->removed, arrival->expected->removed);
}

static void
assert_same_keys (const char *what,
                  const char *kind,
                  GHashTable *actual,
                  GHashTable *expected)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (actual, key))
      g_error ("%s: %s %s did not arrive", what, kind, (const char *) key);
  g_hash_table_iter_init (&iter, actual);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (expected, key))
      g_error ("%s: unexpected %s %s", what, kind, (const char *) key);
}

/* Waits for the view's signals of a change that was made at @started (monotonic µs), checks
 * them against @expected, and that they came within LIVE_LIMIT_MS. */
static void
assert_view_follows (const char *what,
                     Recorder   *recorder,
                     Expected   *expected,
                     gint64      started)
{
  Arrival arrival = { recorder, expected };
  gint64 elapsed_ms;

  /* Late or missing: the comparison below says which. */
  rs_test_wait_until (all_arrived, &arrival, 20 * LIVE_LIMIT_MS);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("%s: the view followed in %" G_GINT64_FORMAT " ms", what, elapsed_ms);
  rs_test_spin (QUIET_MS);
  assert_same_keys (what, "added", recorder->added, expected->added);
  assert_same_keys (what, "modified", recorder->modified, expected->modified);
  assert_same_keys (what, "removed", recorder->removed, expected->removed);
  /* A factory under valgrind (RS_TEST_FACTORY_WRAPPER) is checked for memory, not speed. */
  if (elapsed_ms > LIVE_LIMIT_MS && g_getenv ("RS_TEST_FACTORY_WRAPPER") == NULL)
    g_error ("%s: the view followed only after %" G_GINT64_FORMAT " ms", what, elapsed_ms);
  recorder_reset (recorder);
}

/* The projections of @uids as the store has them now (missing ones are skipped). The store,
 * not GetSale: it is what the calendar must show, whatever the service keeps in memory. */
static GHashTable *
projections_of (const char * const *uids)
{
  GHashTable *all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; uids[i] != NULL; i++)
    {
      g_autoptr(RsSale) sale = eds_test_read_sale (&eds, uids[i]);
      g_autoptr(GHashTable) projection = NULL;
      GHashTableIter iter;
      gpointer key, value;

      if (sale == NULL)
        continue;
      projection = eds_test_projection_by_id (sale);
      g_hash_table_iter_init (&iter, projection);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (all, g_strdup (key), g_strdup (value));
    }

  return all;
}

/* Tests */

static void
test_view_follows_service (void)
{
  g_autofree char *uid = NULL;
  g_autofree char *successor = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_auto(Expected) expected = { 0 };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *uids[3] = { NULL, NULL, NULL };
  gint64 started;

  /* add */
  before = g_hash_table_new (g_str_hash, g_str_equal);
  started = g_get_monotonic_time ();
  uid = eds_test_add_sale (&eds, eds_test_sale_dict ("Live Acme", "1m", "2027-01-31",
                                                     "{'term': <'1y'>, 'notice_days': <@u 30>}"));
  uids[0] = uid;
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.added), ==, 3);
  assert_view_follows ("add", &everything, &expected, started);
  expected_clear (&expected);

  /* update: the amount is in every summary or description */
  g_clear_pointer (&before, g_hash_table_unref);
  before = g_steal_pointer (&after);
  started = g_get_monotonic_time ();
  eds_test_call_ok (&eds, "UpdateSale",
                    g_variant_new_parsed ("(%s, %t, {'amount_minor': <@x 15000>})",
                                          uid, eds_test_sale_revision (&eds, uid)));
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.modified), ==, 3);
  assert_view_follows ("update", &everything, &expected, started);
  expected_clear (&expected);

  /* mark issued: a detached instance appears */
  g_clear_pointer (&before, g_hash_table_unref);
  before = g_steal_pointer (&after);
  started = g_get_monotonic_time ();
  eds_test_call_ok (&eds, "MarkOccurrence",
                    g_variant_new ("(sss)", uid, "2027-02-28", "issued"));
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.added), ==, 1);
  assert_view_follows ("mark issued", &everything, &expected, started);
  expected_clear (&expected);

  /* mark skipped: the series gets an EXDATE */
  g_clear_pointer (&before, g_hash_table_unref);
  before = g_steal_pointer (&after);
  started = g_get_monotonic_time ();
  eds_test_call_ok (&eds, "MarkOccurrence",
                    g_variant_new ("(sss)", uid, "2027-03-31", "skipped"));
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.modified), >=, 1);
  assert_view_follows ("mark skipped", &everything, &expected, started);
  expected_clear (&expected);

  /* clear a mark: the detached instance goes, the series stays */
  eds_test_call_ok (&eds, "MarkOccurrence",
                    g_variant_new ("(sss)", uid, "2027-04-30", "prepaid"));
  g_clear_pointer (&before, g_hash_table_unref);
  before = g_steal_pointer (&after);
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  assert_view_follows ("mark prepaid", &everything, &expected, g_get_monotonic_time ());
  expected_clear (&expected);
  g_clear_pointer (&before, g_hash_table_unref);
  before = g_steal_pointer (&after);
  started = g_get_monotonic_time ();
  eds_test_call_ok (&eds, "MarkOccurrence",
                    g_variant_new ("(sss)", uid, "2027-04-30", "open"));
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.removed), ==, 1);
  {
    /* The series' UID arrives as removed, then the series again as modified. */
    g_autofree char *invoice = rs_projection_component_uid (uid, RS_REMINDER_KIND_INVOICE);

    g_assert_true (g_hash_table_contains (expected.removed, invoice));
    g_assert_true (g_hash_table_contains (expected.modified, invoice));
  }
  assert_view_follows ("mark cleared", &everything, &expected, started);
  expected_clear (&expected);

  /* renew: the old sale changes, its successor appears */
  g_clear_pointer (&before, g_hash_table_unref);
  before = g_steal_pointer (&after);
  started = g_get_monotonic_time ();
  reply = eds_test_call (&eds, "Renew", g_variant_new_parsed ("(%s, @a{sv} {})", uid), "(s)",
                         &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(s)", &successor);
  uids[1] = successor;
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.added), ==, 3);
  g_assert_cmpuint (g_hash_table_size (expected.modified), >=, 1);
  assert_view_follows ("renew", &everything, &expected, started);
  expected_clear (&expected);

  /* end the successor: no more expiry reminders */
  g_clear_pointer (&before, g_hash_table_unref);
  before = g_steal_pointer (&after);
  started = g_get_monotonic_time ();
  eds_test_call_ok (&eds, "EndSale",
                    g_variant_new ("(ss)", successor, "Moving to another provider"));
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.modified), >=, 1);
  assert_view_follows ("end", &everything, &expected, started);
  expected_clear (&expected);

  /* remove the successor: its components go (and its predecessor is active again) */
  g_clear_pointer (&before, g_hash_table_unref);
  before = g_steal_pointer (&after);
  started = g_get_monotonic_time ();
  eds_test_call_ok (&eds, "RemoveSale", g_variant_new ("(s)", successor));
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.removed), ==, 3);
  assert_view_follows ("remove", &everything, &expected, started);
  expected_clear (&expected);

  /* remove the first: the series, its instance, expiry and notice deadline go */
  g_clear_pointer (&before, g_hash_table_unref);
  before = g_steal_pointer (&after);
  started = g_get_monotonic_time ();
  eds_test_call_ok (&eds, "RemoveSale", g_variant_new ("(s)", uid));
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.removed), ==, 3);
  assert_view_follows ("remove with instance", &everything, &expected, started);
}

static void
test_window_view_sees_only_its_window (void)
{
  g_autofree char *march = NULL;
  g_autofree char *in_february = NULL;
  g_autofree char *invoice = NULL;
  g_auto(Expected) expected = { 0 };
  g_autoptr(GHashTable) nothing = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 started;

  recorder_reset (&february);

  /* A sale that starts in March: the February view hears nothing. */
  march = eds_test_add_sale (&eds, eds_test_sale_dict ("Window March", "1m", "2027-03-15", NULL));
  expected_compute (&expected, nothing, nothing);
  rs_test_spin (LIVE_LIMIT_MS);
  assert_view_follows ("outside the window", &february, &expected, g_get_monotonic_time ());
  expected_clear (&expected);

  /* One with a February date: only that component (the invoice series) is added. */
  started = g_get_monotonic_time ();
  in_february = eds_test_add_sale (&eds, eds_test_sale_dict ("Window February", "1y", "2026-02-20",
                                                             NULL));
  invoice = rs_projection_component_uid (in_february, RS_REMINDER_KIND_INVOICE);
  expected.added = g_hash_table_new (g_str_hash, g_str_equal);
  expected.modified = g_hash_table_new (g_str_hash, g_str_equal);
  expected.removed = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_add (expected.added, invoice);
  assert_view_follows ("inside the window", &february, &expected, started);
  recorder_reset (&everything);
}

static void
test_service_killed_and_restarted (void)
{
  GPid factory = eds_test_factory_pid (&eds);
  g_autofree char *uid = NULL;
  const char *uids[2] = { NULL, NULL };
  g_autoptr(GHashTable) nothing = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) after = NULL;
  g_auto(Expected) expected = { 0 };
  gint64 started;

  /* The service is running (the previous test used it). */
  eds_test_kill_service (&eds);
  g_assert_false (rs_test_process_has_exited (factory));

  /* The next call starts a new service; the calendar hears its signal. */
  started = g_get_monotonic_time ();
  uid = eds_test_add_sale (&eds, eds_test_sale_dict ("After restart", "1m", "2027-02-10", NULL));
  uids[0] = uid;
  after = projections_of (uids);
  expected_compute (&expected, nothing, after);
  assert_view_follows ("after a restart", &everything, &expected, started);
  g_assert_cmpint (eds_test_factory_pid (&eds), ==, factory);
  recorder_reset (&february);
}

/* Changes the service never announced: written into the store directly while it is down. */
static char *
write_behind_the_service (const char *remove_uid)
{
  g_autofree char *path = rs_store_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RsStore) store = rs_store_open_sync (path, NULL, &error);
  g_autoptr(RsSale) sale = NULL;

  g_assert_no_error (error);
  sale = rs_sale_new_from_variant (eds_test_sale_dict ("Behind", "3m", "2027-02-05", NULL), NULL,
                                   &error);
  g_assert_no_error (error);
  rs_store_add_sale (store, sale, &error);
  g_assert_no_error (error);
  rs_store_remove_sale (store, remove_uid, &error);
  g_assert_no_error (error);

  return g_strdup (rs_sale_get_uid (sale));
}

static void
test_missed_changes_converge (void)
{
  g_autofree char *kept = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *behind = NULL;
  g_autofree char *behind_again = NULL;
  const char *uids[3] = { NULL, NULL, NULL };
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_auto(Expected) expected = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 started;

  removed = eds_test_add_sale (&eds, eds_test_sale_dict ("Soon removed", "1m", "2027-02-01", NULL));
  kept = eds_test_add_sale (&eds, eds_test_sale_dict ("Kept", "1m", "2027-02-02", NULL));
  uids[0] = removed;
  uids[1] = kept;
  before = projections_of (uids);
  rs_test_spin (LIVE_LIMIT_MS);
  recorder_reset (&everything);
  recorder_reset (&february);

  /* 1. A refresh finds what was missed (the service stays down). */
  eds_test_kill_service (&eds);
  behind = write_behind_the_service (removed);
  started = g_get_monotonic_time ();
  e_client_refresh_sync (E_CLIENT (client), NULL, &error);
  g_assert_no_error (error);
  uids[0] = kept;
  uids[1] = behind;
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.added), ==, 1);
  g_assert_cmpuint (g_hash_table_size (expected.removed), ==, 1);
  assert_view_follows ("refresh", &everything, &expected, started);
  expected_clear (&expected);
  g_clear_pointer (&before, g_hash_table_unref);
  before = g_steal_pointer (&after);

  /* 2. A service that comes back makes the calendar compare revisions, even if nothing is
   *    announced: here it only answers a ping. */
  eds_test_kill_service (&eds);
  behind_again = write_behind_the_service (behind);
  started = g_get_monotonic_time ();
  eds_test_ping_service (&eds);
  uids[1] = behind_again;
  after = projections_of (uids);
  expected_compute (&expected, before, after);
  g_assert_cmpuint (g_hash_table_size (expected.added), ==, 1);
  g_assert_cmpuint (g_hash_table_size (expected.removed), ==, 1);
  assert_view_follows ("service back", &everything, &expected, started);
  recorder_reset (&february);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *february_sexp = NULL;
  int status;

  if (!eds_test_init (&argc, &argv))
    return 0;

  eds_test_start (&eds, NULL);
  client = eds_test_connect (&eds, EDS_TEST_DEFAULT_UID);
  recorder_start (&everything, "#t");
  february_sexp = g_strdup ("(occur-in-time-range? (make-time \"20270201T000000Z\") "
                            "(make-time \"20270301T000000Z\"))");
  recorder_start (&february, february_sexp);

  g_test_add_func ("/backend/live/view-follows-add-update-mark-renew-end-remove",
                   test_view_follows_service);
  g_test_add_func ("/backend/live/window-view-sees-only-its-window",
                   test_window_view_sees_only_its_window);
  g_test_add_func ("/backend/live/service-killed-and-restarted", test_service_killed_and_restarted);
  g_test_add_func ("/backend/live/missed-changes-converge", test_missed_changes_converge);
  status = g_test_run ();

  recorder_stop (&february);
  recorder_stop (&everything);
  g_clear_object (&client);
  eds_test_stop (&eds);
  return status;
}
