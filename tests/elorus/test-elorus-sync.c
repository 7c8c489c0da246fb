/* test-elorus-sync.c: syncs against the local stand-in of Elorus's API into a real store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-format.h>

#include "elorus-test-server.h"
#include "rs-elorus-invoice.h"
#include "rs-elorus-sync.h"

typedef struct
{
  Fixture   server;
  char     *store_path;
  RsStore  *store;
  GTimeZone *athens;
  GDate      today;  /* fixed: Alpha's last day is 2027-01-15 */
} SyncFixture;

static void
sync_set_up (SyncFixture   *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_set_up (&fixture->server, data);
  fixture->store_path = g_build_filename (fixture->server.dir, "sales.db", NULL);
  fixture->store = rs_store_open_sync (fixture->store_path, NULL, &error);
  g_assert_no_error (error);
  fixture->athens = g_time_zone_new_identifier ("Europe/Athens");
  g_date_clear (&fixture->today, 1);
  g_date_set_dmy (&fixture->today, 1, G_DATE_DECEMBER, 2026);
}

static void
sync_tear_down (SyncFixture   *fixture,
                gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->store_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->store_path, "-shm", NULL);

  g_clear_object (&fixture->store);
  g_remove (fixture->store_path);
  g_remove (wal);
  g_remove (shm);
  g_free (fixture->store_path);
  g_time_zone_unref (fixture->athens);
  fixture_tear_down (&fixture->server, data);
}

static gboolean
run_sync (SyncFixture         *fixture,
          gboolean             dry_run,
          RsElorusSyncReport  *report,
          GError             **error)
{
  g_autoptr(RsElorusClient) client = new_client (&fixture->server, NULL);

  return rs_elorus_sync_run (fixture->store, client, fixture->athens, &fixture->today, dry_run,
                             report, NULL, error);
}

static RsSale *
sale_of (SyncFixture *fixture,
         const char  *external_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  RsSale *sale;

  g_assert_true (rs_store_lookup_external (fixture->store, RS_ELORUS_SOURCE, external_id, &uid,
                                           &error));
  g_assert_no_error (error);
  sale = rs_store_get_sale (fixture->store, uid, &error);
  g_assert_no_error (error);
  return sale;
}

/* Rewrites the server's invoices: @edit changes the parsed array. */
static void
edit_invoices (SyncFixture *fixture,
               void       (*edit) (JsonArray *invoices))
{
  g_autoptr(JsonNode) root = json_from_string (elorus_test_invoices_json, NULL);
  g_autofree char *text = NULL;

  edit (json_node_get_array (root));
  text = json_to_string (root, FALSE);
  g_assert_true (g_file_set_contents (fixture->server.invoices_path, text, -1, NULL));
}

static void
test_first_sync_then_quiet (SyncFixture   *fixture,
                            gconstpointer  data)
{
  RsElorusSyncReport report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) alpha = NULL;
  g_autoptr(RsSale) beta = NULL;
  GArray *marks;
  gint64 last_success = 0;
  guint64 revision;

  start_server (&fixture->server, "http", "--page-size-max", "2", NULL);

  /* A dry run counts and writes nothing. */
  g_assert_true (run_sync (fixture, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added, ==, 3);
  g_assert_cmpuint (report.changed->len, ==, 0);
  g_assert_cmpuint (rs_store_count_sales (fixture->store, NULL), ==, 0);
  g_assert_false (rs_store_get_setting_int (fixture->store, RS_ELORUS_LAST_SUCCESS_KEY,
                                            &last_success, NULL));
  rs_elorus_sync_report_clear (&report);

  g_assert_true (run_sync (fixture, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added, ==, 3);
  g_assert_cmpuint (report.refused, ==, 0);
  /* Every next_execution is the date our engine gives. */
  g_assert_cmpuint (report.problems->len, ==, 0);
  g_assert_cmpuint (rs_store_count_sales (fixture->store, NULL), ==, 3);

  /* The uids of what changed, for the service's SalesChanged. */
  alpha = sale_of (fixture, "1050000300010040");
  g_assert_cmpuint (report.changed->len, ==, 3);
  g_assert_true (g_ptr_array_find_with_equal_func (report.changed, rs_sale_get_uid (alpha),
                                                   g_str_equal, NULL));
  rs_elorus_sync_report_clear (&report);
  g_assert_cmpstr (rs_sale_get_client_name (alpha), ==, "Αλφα Ο.Ε.");
  g_assert_cmpint (rs_sale_get_amount_minor (alpha), ==, 123456);
  marks = rs_sale_get_marked_occurrences (alpha);
  g_assert_cmpuint (marks->len, ==, 3);
  beta = sale_of (fixture, "1050000300010041");
  g_assert_cmpint (rs_sale_get_status (beta), ==, RS_SALE_STATUS_PAUSED);
  g_assert_cmpint (rs_sale_get_schedule (beta)->period.unit, ==, RS_PERIOD_UNIT_YEAR);

  g_assert_true (rs_store_get_setting_int (fixture->store, RS_ELORUS_LAST_SUCCESS_KEY,
                                           &last_success, &error));
  /* 2026-06-01T09:30:00Z, the newest `modified`. */
  g_assert_cmpint (last_success, ==, 1780306200);

  /* The second sync changes nothing: not a sale, not the store's revision. */
  revision = rs_store_get_revision (fixture->store);
  g_assert_true (run_sync (fixture, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added + report.updated + report.ended, ==, 0);
  g_assert_cmpuint (report.changed->len, ==, 0);
  rs_elorus_sync_report_clear (&report);
  g_assert_cmpuint (rs_store_get_revision (fixture->store), ==, revision);
}

static void
rename_alpha (JsonArray *invoices)
{
  JsonObject *alpha = json_array_get_object_element (invoices, 0);

  json_object_set_string_member (alpha, "client_display_name", "Αλφα και Βήτα Ο.Ε.");
  json_object_set_string_member (alpha, "modified", "2026-07-01T08:00:00Z");
}

static void
delete_gamma (JsonArray *invoices)
{
  rename_alpha (invoices);
  json_array_remove_element (invoices, 2);
}

static void
test_changed_and_deleted (SyncFixture   *fixture,
                          gconstpointer  data)
{
  RsElorusSyncReport report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) alpha = NULL;
  g_autoptr(RsSale) gamma = NULL;

  start_server (&fixture->server, "http", NULL);
  g_assert_true (run_sync (fixture, FALSE, &report, &error));
  g_assert_no_error (error);
  rs_elorus_sync_report_clear (&report);

  /* The owner's IBAN on the synced sale. */
  alpha = sale_of (fixture, "1050000300010040");
  rs_sale_set_iban (alpha, "GR1601101250000000012300695");
  g_assert_true (rs_store_update_sale (fixture->store, alpha, rs_sale_get_revision (alpha),
                                       &error));
  g_assert_no_error (error);
  g_clear_object (&alpha);

  /* Upstream: Alpha renamed, Gamma deleted. */
  edit_invoices (fixture, delete_gamma);
  g_assert_true (run_sync (fixture, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.updated, ==, 1);
  g_assert_cmpuint (report.ended, ==, 1);
  g_assert_cmpuint (report.added, ==, 0);
  g_assert_cmpuint (report.changed->len, ==, 2);
  rs_elorus_sync_report_clear (&report);

  alpha = sale_of (fixture, "1050000300010040");
  g_assert_cmpstr (rs_sale_get_client_name (alpha), ==, "Αλφα και Βήτα Ο.Ε.");
  g_assert_cmpstr (rs_sale_get_iban (alpha), ==, "GR1601101250000000012300695");
  /* Ended, not deleted: the sale and its history stay. */
  gamma = sale_of (fixture, "1050000300010042");
  g_assert_cmpint (rs_sale_get_status (gamma), ==, RS_SALE_STATUS_ENDED);
  g_assert_cmpuint (rs_store_count_sales (fixture->store, NULL), ==, 3);

  g_assert_true (run_sync (fixture, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.updated + report.ended + report.added, ==, 0);
  rs_elorus_sync_report_clear (&report);
}

/* Elorus's "expired" is an invoice whose end is past: it ends its sale as a deleted one does,
 * on its last day's morrow and not before. */
static void
test_expired_ends (SyncFixture   *fixture,
                   gconstpointer  data)
{
  RsElorusSyncReport report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) alpha = NULL;

  start_server (&fixture->server, "http", NULL);
  g_date_set_dmy (&fixture->today, 15, G_DATE_JANUARY, 2027);
  g_assert_true (run_sync (fixture, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added, ==, 3);
  g_assert_cmpuint (report.ended, ==, 0);
  rs_elorus_sync_report_clear (&report);

  g_date_set_dmy (&fixture->today, 16, G_DATE_JANUARY, 2027);
  g_assert_true (run_sync (fixture, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.ended, ==, 1);
  g_assert_cmpuint (report.added + report.updated, ==, 0);
  rs_elorus_sync_report_clear (&report);
  alpha = sale_of (fixture, "1050000300010040");
  g_assert_cmpint (rs_sale_get_status (alpha), ==, RS_SALE_STATUS_ENDED);
  g_assert_cmpuint (rs_store_count_sales (fixture->store, NULL), ==, 3);

  /* Ended once: the next sync leaves it. */
  g_assert_true (run_sync (fixture, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.ended, ==, 0);
  rs_elorus_sync_report_clear (&report);
}

static void
test_interrupted_then_resumed (SyncFixture   *fixture,
                               gconstpointer  data)
{
  RsElorusSyncReport report = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 last_success = 0;

  /* Request 1 is the list, 2 the first invoice; the second invoice's read fails every time. */
  fixture->server.limits.max_tries = 2;
  start_server (&fixture->server, "http", "--script",
                "{\"3\": {\"status\": 500}, \"4\": {\"status\": 503}}", NULL);
  g_assert_false (run_sync (fixture, FALSE, &report, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  g_assert_null (strstr (error->message, TOKEN));
  g_clear_error (&error);
  /* One whole sale, and no last success: the next sync starts from the beginning again. */
  g_assert_cmpuint (report.added, ==, 1);
  rs_elorus_sync_report_clear (&report);
  g_assert_cmpuint (rs_store_count_sales (fixture->store, NULL), ==, 1);
  g_assert_false (rs_store_get_setting_int (fixture->store, RS_ELORUS_LAST_SUCCESS_KEY,
                                            &last_success, NULL));

  g_assert_true (run_sync (fixture, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added, ==, 2);
  g_assert_cmpuint (report.unchanged, ==, 1);
  rs_elorus_sync_report_clear (&report);
  g_assert_cmpuint (rs_store_count_sales (fixture->store, NULL), ==, 3);
}

static void
disagree_and_break (JsonArray *invoices)
{
  /* Elorus says 16 April, our engine 15 April; and an invoice with no period. */
  json_object_set_string_member (json_array_get_object_element (invoices, 0), "next_execution",
                                 "2026-04-16T06:00:00Z");
  json_object_remove_member (json_array_get_object_element (invoices, 1), "period");
}

static void
test_problems_reported (SyncFixture   *fixture,
                        gconstpointer  data)
{
  RsElorusSyncReport report = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean saw_date = FALSE, saw_period = FALSE;

  edit_invoices (fixture, disagree_and_break);
  start_server (&fixture->server, "http", NULL);
  g_assert_true (run_sync (fixture, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added, ==, 2);
  g_assert_cmpuint (report.refused, ==, 1);
  g_assert_cmpuint (report.problems->len, ==, 2);
  for (guint i = 0; i < report.problems->len; i++)
    {
      const char *problem = g_ptr_array_index (report.problems, i);

      saw_date |= strstr (problem, "2026-04-16") != NULL && strstr (problem, "2026-04-15") != NULL;
      saw_period |= strstr (problem, "1050000300010041") != NULL &&
                    strstr (problem, "period") != NULL;
    }
  g_assert_true (saw_date);
  g_assert_true (saw_period);
  rs_elorus_sync_report_clear (&report);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  rs_i18n_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, SyncFixture, NULL, sync_set_up, func, sync_tear_down)
  ADD ("/elorus/sync/first-then-quiet", test_first_sync_then_quiet);
  ADD ("/elorus/sync/changed-and-deleted", test_changed_and_deleted);
  ADD ("/elorus/sync/expired-ends", test_expired_ends);
  ADD ("/elorus/sync/interrupted-then-resumed", test_interrupted_then_resumed);
  ADD ("/elorus/sync/problems-reported", test_problems_reported);
#undef ADD

  return g_test_run ();
}
