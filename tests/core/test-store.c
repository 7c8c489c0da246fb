/* test-store.c: the SQLite store — round trips, refusals, transactions, files and modes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-schedule.h>
#include "rs-store-writer.h"
#include "rs-test-sales.h"
#include "rs-test-util.h"

#define LOG_DOMAIN "recurring-sales-core"

typedef struct {
  char *dir;
  char *path;   /* dir/sales.db, not created */
} Fixture;


static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rs-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "sales.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rs_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

static RsSchedule
make_schedule (const char   *start,
               RsPeriodUnit  unit,
               guint         count)
{
  RsSchedule schedule;

  memset (&schedule, 0, sizeof schedule);
  schedule.start = rs_test_date (start);
  g_date_clear (&schedule.until, 1);
  schedule.period.count = count;
  schedule.period.unit = unit;
  schedule.term_kind = RS_TERM_LENGTH;
  schedule.term_length.count = 1;
  schedule.term_length.unit = RS_PERIOD_UNIT_YEAR;
  return schedule;
}

/* A valid sale using every field. */
static RsSale *
new_sale (const char *uid)
{
  RsSale *sale = rs_sale_new ();
  RsSchedule schedule = make_schedule ("2026-01-31", RS_PERIOD_UNIT_MONTH, 1);

  rs_sale_set_uid (sale, uid);
  rs_sale_set_client_name (sale, "Ωμέγα Α.Ε.");
  rs_sale_set_client_email (sale, "billing@omega.example");
  rs_sale_set_contact_uid (sale, "pas-id-4B1D2C3E00000001");
  rs_sale_set_service (sale, "Φιλοξενία ιστότοπου");
  rs_sale_set_amount_minor (sale, 12050);
  rs_sale_set_currency (sale, "EUR");
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_notice_days (sale, 30);
  rs_sale_set_draft (sale, FALSE);
  rs_sale_set_prepay (sale, TRUE);
  rs_sale_set_iban (sale, "GR1601101250000000012300695");
  rs_sale_set_payment_instructions (sale, "Τραπεζική μεταφορά.\nΑιτιολογία: αριθμός τιμολογίου.");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_CLIENT);
  rs_sale_set_reminder_minutes (sale, 8 * 60 + 30);
  rs_sale_set_delivery (sale, RS_DELIVERY_SEND);
  rs_sale_set_language (sale, "el");
  rs_sale_set_note (sale, "Πρώτη γραμμή.\n\tΔεύτερη γραμμή: «έκπτωση» 10%.");
  return sale;
}

static void
assert_schedules_equal (const RsSchedule *a,
                        const RsSchedule *b)
{
  g_assert_cmpint (g_date_compare (&a->start, &b->start), ==, 0);
  g_assert_cmpuint (a->period.count, ==, b->period.count);
  g_assert_cmpint (a->period.unit, ==, b->period.unit);
  g_assert_cmpuint (a->anchor_day, ==, b->anchor_day);
  g_assert_cmpint (a->term_kind, ==, b->term_kind);
  switch (a->term_kind)
    {
    case RS_TERM_UNTIL:
      g_assert_cmpint (g_date_compare (&a->until, &b->until), ==, 0);
      break;
    case RS_TERM_COUNT:
      g_assert_cmpuint (a->count, ==, b->count);
      break;
    case RS_TERM_LENGTH:
      g_assert_cmpuint (a->term_length.count, ==, b->term_length.count);
      g_assert_cmpint (a->term_length.unit, ==, b->term_length.unit);
      break;
    case RS_TERM_OPEN:
    default:
      break;
    }
}

static void
assert_sales_equal (RsSale *a,
                    RsSale *b)
{
  GPtrArray *rules_a = rs_sale_get_reminders (a);
  GPtrArray *rules_b = rs_sale_get_reminders (b);
  GArray *occurrences_a = rs_sale_get_marked_occurrences (a);
  GArray *occurrences_b = rs_sale_get_marked_occurrences (b);

  g_assert_cmpstr (rs_sale_get_uid (a), ==, rs_sale_get_uid (b));
  g_assert_cmpstr (rs_sale_get_client_name (a), ==, rs_sale_get_client_name (b));
  g_assert_cmpstr (rs_sale_get_client_email (a), ==, rs_sale_get_client_email (b));
  g_assert_cmpstr (rs_sale_get_contact_uid (a), ==, rs_sale_get_contact_uid (b));
  g_assert_cmpstr (rs_sale_get_service (a), ==, rs_sale_get_service (b));
  g_assert_cmpint (rs_sale_get_amount_minor (a), ==, rs_sale_get_amount_minor (b));
  g_assert_cmpstr (rs_sale_get_currency (a), ==, rs_sale_get_currency (b));
  assert_schedules_equal (rs_sale_get_schedule (a), rs_sale_get_schedule (b));
  g_assert_cmpint (rs_sale_get_notice_days (a), ==, rs_sale_get_notice_days (b));
  g_assert_cmpint (rs_sale_get_draft (a), ==, rs_sale_get_draft (b));
  g_assert_cmpint (rs_sale_get_prepay (a), ==, rs_sale_get_prepay (b));
  g_assert_cmpstr (rs_sale_get_iban (a), ==, rs_sale_get_iban (b));
  g_assert_cmpstr (rs_sale_get_payment_instructions (a), ==, rs_sale_get_payment_instructions (b));
  g_assert_cmpuint (rs_sale_get_reminder_minutes (a), ==, rs_sale_get_reminder_minutes (b));
  g_assert_cmpint (rs_sale_get_status (a), ==, rs_sale_get_status (b));
  g_assert_cmpstr (rs_sale_get_predecessor_uid (a), ==, rs_sale_get_predecessor_uid (b));
  g_assert_cmpstr (rs_sale_get_successor_uid (a), ==, rs_sale_get_successor_uid (b));
  g_assert_cmpstr (rs_sale_get_note (a), ==, rs_sale_get_note (b));
  g_assert_cmpint (rs_sale_get_delivery (a), ==, rs_sale_get_delivery (b));
  g_assert_cmpstr (rs_sale_get_language (a), ==, rs_sale_get_language (b));
  g_assert_cmpstr (rs_sale_get_team (a), ==, rs_sale_get_team (b));
  g_assert_cmpint (rs_sale_get_offer_state (a), ==, rs_sale_get_offer_state (b));
  g_assert_cmpint (rs_sale_get_offer_amount_minor (a), ==, rs_sale_get_offer_amount_minor (b));
  g_assert_cmpstr (rs_sale_get_offer_note (a), ==, rs_sale_get_offer_note (b));
  g_assert_cmpint (rs_sale_get_offer_date (a, NULL), ==, rs_sale_get_offer_date (b, NULL));
  g_assert_cmpint (rs_sale_get_created (a), ==, rs_sale_get_created (b));
  g_assert_cmpint (rs_sale_get_updated (a), ==, rs_sale_get_updated (b));
  g_assert_cmpuint (rs_sale_get_revision (a), ==, rs_sale_get_revision (b));

  /* Rules keep their order. */
  g_assert_cmpuint (rules_a->len, ==, rules_b->len);
  for (guint i = 0; i < rules_a->len; i++)
    g_assert_true (rs_reminder_rule_equal (g_ptr_array_index (rules_a, i),
                                           g_ptr_array_index (rules_b, i)));

  g_assert_cmpuint (occurrences_a->len, ==, occurrences_b->len);
  for (guint i = 0; i < occurrences_a->len; i++)
    {
      const RsOccurrence *oa = &g_array_index (occurrences_a, RsOccurrence, i);
      const RsOccurrence *ob = &g_array_index (occurrences_b, RsOccurrence, i);

      g_assert_cmpint (g_date_compare (&oa->issue_date, &ob->issue_date), ==, 0);
      g_assert_cmpint (oa->state, ==, ob->state);
    }
}

static RsStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  RsStore *store = rs_store_open_sync (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
add_sale (RsStore *store,
          RsSale  *sale)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rs_store_add_sale (store, sale, &error));
  g_assert_no_error (error);
}

static RsSale *
get_sale (RsStore    *store,
          const char *uid)
{
  g_autoptr(GError) error = NULL;
  RsSale *sale = rs_store_get_sale (store, uid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sale);
  return sale;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Written 0600, as the store would create it. */
static void
write_private_file (const char *path,
                    const char *contents,
                    gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                           0600, &error));
  g_assert_no_error (error);
}

static void
assert_message_contains (const GError *error,
                         const char   *part)
{
  g_test_message ("message: %s", error->message);
  g_assert_nonnull (strstr (error->message, part));
}

static guint
file_mode (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  return info.st_mode & 07777;
}

/* Runs SQL on @path with a plain SQLite connection, as another program would. */
static void
run_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Round trips */

static void
test_round_trip_every_field (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  RsSchedule schedule;
  RsSale *sale;
  GDate date;

  /* Every kind of term, occurrences in every state, renewal links, a paused status. */
  sale = new_sale ("a-length");
  date = rs_test_date ("2026-02-28");
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_ISSUED);
  date = rs_test_date ("2026-03-31");
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_PREPAID);
  date = rs_test_date ("2026-04-30");
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_SKIPPED);
  rs_sale_set_predecessor_uid (sale, "z-before");
  rs_sale_set_successor_uid (sale, "z-after");
  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  g_ptr_array_add (sales, sale);

  sale = new_sale ("b-until");
  schedule = *rs_sale_get_schedule (sale);
  schedule.term_kind = RS_TERM_UNTIL;
  schedule.until = rs_test_date ("2027-06-15");
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_delivery (sale, RS_DELIVERY_DRAFT);
  rs_sale_set_language (sale, "en");
  g_ptr_array_add (sales, sale);

  sale = new_sale ("c-count");
  schedule = make_schedule ("2026-03-02", RS_PERIOD_UNIT_WEEK, 2);
  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = 26;
  rs_sale_set_schedule (sale, &schedule);
  g_ptr_array_add (sales, sale);

  sale = new_sale ("d-open");
  schedule = make_schedule ("2026-02-28", RS_PERIOD_UNIT_MONTH, 3);
  schedule.term_kind = RS_TERM_OPEN;
  schedule.anchor_day = 31;   /* a renewal of a sale started on the 31st */
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_notice_days (sale, -1);
  rs_sale_clear_reminders (sale);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 0, RS_AUDIENCE_OWNER);
  rs_sale_set_client_email (sale, NULL);
  rs_sale_set_contact_uid (sale, NULL);
  rs_sale_set_iban (sale, NULL);
  rs_sale_set_prepay (sale, FALSE);
  rs_sale_set_payment_instructions (sale, NULL);
  rs_sale_set_note (sale, NULL);
  rs_sale_set_currency (sale, "JPY");
  rs_sale_set_amount_minor (sale, 0);
  rs_sale_set_delivery (sale, RS_DELIVERY_DEFAULT);
  rs_sale_set_language (sale, NULL);
  g_ptr_array_add (sales, sale);

  g_assert_true (rs_store_add_sales (store, sales, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < sales->len; i++)
    {
      g_autoptr(RsSale) stored = NULL;

      sale = g_ptr_array_index (sales, i);
      g_assert_cmpuint (rs_sale_get_revision (sale), ==, 1);
      g_assert_cmpint (rs_sale_get_created (sale), >, 1700000000);
      g_assert_cmpint (rs_sale_get_updated (sale), ==, rs_sale_get_created (sale));

      stored = get_sale (store, rs_sale_get_uid (sale));
      assert_sales_equal (stored, sale);
    }

  loaded = rs_store_list_sales (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, sales->len);
  for (guint i = 0; i < sales->len; i++)
    assert_sales_equal (g_ptr_array_index (loaded, i), g_ptr_array_index (sales, i));

  /* Reopened: the same, from disk. */
  g_clear_object (&store);
  store = open_store (fixture->path);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = rs_store_list_sales (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sales->len; i++)
    assert_sales_equal (g_ptr_array_index (loaded, i), g_ptr_array_index (sales, i));
}

static void
test_update_replaces_everything (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("update-me");
  g_autoptr(RsSale) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 created;
  GDate date;

  date = rs_test_date ("2026-02-28");
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_ISSUED);
  add_sale (store, sale);
  created = rs_sale_get_created (sale);

  rs_sale_set_client_name (sale, "Acme");
  rs_sale_set_delivery (sale, RS_DELIVERY_OFF);
  rs_sale_set_language (sale, NULL);
  rs_sale_clear_reminders (sale);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 14, RS_AUDIENCE_CLIENT);
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_OPEN);
  date = rs_test_date ("2026-03-31");
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_SKIPPED);
  g_assert_true (rs_store_update_sale (store, sale, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rs_sale_get_revision (sale), ==, 2);
  g_assert_cmpint (rs_sale_get_created (sale), ==, created);

  stored = get_sale (store, "update-me");
  assert_sales_equal (stored, sale);
  g_assert_cmpint (rs_sale_get_delivery (stored), ==, RS_DELIVERY_OFF);
  g_assert_null (rs_sale_get_language (stored));
  g_assert_cmpuint (rs_sale_get_marked_occurrences (stored)->len, ==, 1);
  g_assert_cmpuint (rs_sale_get_reminders (stored)->len, ==, 1);
}

/* Opening */

static void
test_open_migrates_empty_file (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsStore) store = NULL;

  write_private_file (fixture->path, "", 0);

  store = open_store (fixture->path);
  g_assert_cmpuint (rs_store_count_sales (store, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (rs_store_get_revision (store), ==, 0);

  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, RS_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA application_id"), ==, 0x52535331);
  /* sales, reminder_rules, occurrences, meta, changes; deliveries and settings since 2;
   * external_links since 3. */
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), ==, 8);

  /* And opening it again does not migrate twice. */
  g_clear_object (&store);
  store = open_store (fixture->path);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, RS_STORE_SCHEMA_VERSION);
}

static void
test_open_creates_private_files (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "data", "evolution-recurring-sales", NULL);
  g_autofree char *path = g_build_filename (dir, "sales.db", NULL);
  g_autoptr(RsStore) store = open_store (path);
  g_autoptr(RsSale) sale = new_sale ("mode");

  add_sale (store, sale);
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);
}

static void
test_open_tightens_loose_modes (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "evolution-recurring-sales", NULL);
  g_autofree char *path = g_build_filename (dir, "sales.db", NULL);
  g_autoptr(RsStore) store = NULL;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*folder*0700*");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*store*0600*");
  store = open_store (path);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);
}

/* Opens @path expecting a refusal with RS_ERROR_STORE_UNUSABLE mentioning @part, and checks
 * that the file is byte for byte what it was and that no journal appeared beside it. */
static void
assert_refused_untouched (const char *path,
                          const char *part)
{
  g_autoptr(GBytes) before = read_bytes (path);
  g_autoptr(GBytes) after = NULL;
  guint mode_before = file_mode (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RsStore) store = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  store = rs_store_open_sync (path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, RS_ERROR, RS_ERROR_STORE_UNUSABLE);
  assert_message_contains (error, path);
  assert_message_contains (error, part);

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (file_mode (path), ==, mode_before);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));

  /* Read-only opening refuses it the same way. */
  g_clear_error (&error);
  store = rs_store_open_readonly_sync (path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, RS_ERROR, RS_ERROR_STORE_UNUSABLE);
  g_clear_pointer (&after, g_bytes_unref);
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_open_refuses_random_bytes (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint8 bytes[8192];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (fixture->path, (const char *) bytes, sizeof bytes, NULL));

  assert_refused_untouched (fixture->path, "not a recurring-sales database");
}

static void
test_open_refuses_file_of_zeros (Fixture       *fixture,
                                 gconstpointer  data)
{
  static const guint8 zeros[16384] = { 0 };

  g_assert_true (g_file_set_contents (fixture->path, (const char *) zeros, sizeof zeros, NULL));
  assert_refused_untouched (fixture->path, "not a recurring-sales database");
}

/* A store cut short (a copy that stopped halfway, a disk that lost its end): many sales, so
 * that half the file loses pages the other half refers to. */
static void
test_open_refuses_truncated_store (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) half = NULL;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *uid = g_strdup_printf ("sale-%03u", i);
      g_autofree char *client = g_strdup_printf ("Client number %u with a longer name", i);
      g_autoptr(RsSale) sale = rs_test_sale_new (uid, client, "2027-01-31", "1m", NULL);

      add_sale (store, sale);
    }
  /* Closing checkpoints the WAL into the file: everything is in the part cut below. */
  g_clear_object (&store);

  whole = read_bytes (fixture->path);
  g_assert_cmpuint (g_bytes_get_size (whole), >, 8 * 4096);
  g_assert_true (g_file_set_contents (fixture->path, g_bytes_get_data (whole, NULL),
                                      (gssize) g_bytes_get_size (whole) / 2, NULL));
  half = read_bytes (fixture->path);

  /* Not assert_refused_untouched (): the header still says WAL, so SQLite's read-only
   * connection may create an empty -wal beside it; the store's own file is what matters. */
  for (guint readonly = 0; readonly <= 1; readonly++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RsStore) refused = readonly ? rs_store_open_readonly_sync (fixture->path, NULL,
                                                                           &error)
                                            : rs_store_open_sync (fixture->path, NULL, &error);
      g_autoptr(GBytes) after = NULL;

      g_assert_null (refused);
      g_assert_error (error, RS_ERROR, RS_ERROR_STORE_UNUSABLE);
      assert_message_contains (error, fixture->path);
      assert_message_contains (error, "left untouched");
      after = read_bytes (fixture->path);
      g_assert_true (g_bytes_equal (half, after));
    }
}

static void
test_open_refuses_text_file (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *text = "client,service,amount\nAcme,Hosting,120.00\n";

  g_assert_true (g_file_set_contents (fixture->path, text, -1, NULL));
  assert_refused_untouched (fixture->path, "not a recurring-sales database");
}

static void
test_open_refuses_other_application (Fixture       *fixture,
                                     gconstpointer  data)
{
  static const char * const setups[] = {
    /* Another application's id. */
    "PRAGMA application_id = 1234; CREATE TABLE notes (text TEXT);"
    "INSERT INTO notes VALUES ('mine');",
    /* No id, no version, but tables. */
    "CREATE TABLE sales (uid TEXT); INSERT INTO sales VALUES ('x');",
    /* A version but no id. */
    "PRAGMA user_version = 1; CREATE TABLE t (x);",
  };

  for (guint i = 0; i < G_N_ELEMENTS (setups); i++)
    {
      g_unlink (fixture->path);
      run_sql (fixture->path, setups[i]);
      assert_refused_untouched (fixture->path, "not a recurring-sales database");
    }
}

/* Another program's database in WAL mode, left with its -wal file (it crashed, or was copied):
 * opening it must not checkpoint it, which would rewrite the file and delete the WAL. */
static void
test_open_refuses_foreign_wal_database (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autofree char *origin = g_build_filename (fixture->dir, "origin.db", NULL);
  g_autofree char *origin_wal = g_strconcat (origin, "-wal", NULL);
  g_autofree char *foreign = g_build_filename (fixture->dir, "foreign.db", NULL);
  g_autofree char *foreign_wal = g_strconcat (foreign, "-wal", NULL);
  g_autoptr(GBytes) main_before = NULL;
  g_autoptr(GBytes) wal_before = NULL;
  g_autoptr(GBytes) main_after = NULL;
  g_autoptr(GBytes) wal_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RsStore) store = NULL;
  sqlite3 *db = NULL;
  GBytes *copy;

  g_assert_cmpint (sqlite3_open (origin, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
                                     "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  /* Copy the database as it is on disk while its owner still has it open. */
  copy = read_bytes (origin);
  write_private_file (foreign, g_bytes_get_data (copy, NULL), (gssize) g_bytes_get_size (copy));
  g_bytes_unref (copy);
  copy = read_bytes (origin_wal);
  g_assert_cmpuint (g_bytes_get_size (copy), >, 0);
  write_private_file (foreign_wal, g_bytes_get_data (copy, NULL), (gssize) g_bytes_get_size (copy));
  g_bytes_unref (copy);
  sqlite3_close (db);

  main_before = read_bytes (foreign);
  wal_before = read_bytes (foreign_wal);
  store = rs_store_open_sync (foreign, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, RS_ERROR, RS_ERROR_STORE_UNUSABLE);

  main_after = read_bytes (foreign);
  g_assert_true (g_file_test (foreign_wal, G_FILE_TEST_EXISTS));
  wal_after = read_bytes (foreign_wal);
  g_assert_true (g_bytes_equal (main_before, main_after));
  g_assert_true (g_bytes_equal (wal_before, wal_after));
}

static void
test_open_refuses_newer_schema (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;"
                                          "CREATE TABLE future (x);",
                                          0x52535331, RS_STORE_SCHEMA_VERSION + 1);

  run_sql (fixture->path, sql);
  assert_refused_untouched (fixture->path, "newer version");
}

static void
test_open_refuses_symlink (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *link = g_build_filename (fixture->dir, "link.db", NULL);
  g_autofree char *dangling = g_build_filename (fixture->dir, "dangling.db", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "nowhere.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RsStore) store = NULL;
  g_autoptr(GBytes) target = NULL;

  write_private_file (fixture->path, "", 0);
  g_assert_cmpint (symlink (fixture->path, link), ==, 0);
  g_assert_cmpint (symlink ("nowhere.db", dangling), ==, 0);

  store = rs_store_open_sync (link, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "symbolic link");
  g_clear_error (&error);

  store = rs_store_open_sync (dangling, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "symbolic link");

  /* Neither the target nor the dangling link's destination was written or created. */
  target = read_bytes (fixture->path);
  g_assert_cmpuint (g_bytes_get_size (target), ==, 0);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
}

/* Writes */

static void
test_update_stale_revision_conflicts (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("cas");
  g_autoptr(RsSale) first = NULL;
  g_autoptr(RsSale) second = NULL;
  g_autoptr(RsSale) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint64 store_revision;

  add_sale (store, sale);
  first = get_sale (store, "cas");
  second = get_sale (store, "cas");

  rs_sale_set_service (first, "Hosting and backups");
  g_assert_true (rs_store_update_sale (store, first, rs_sale_get_revision (first), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rs_sale_get_revision (first), ==, 2);

  /* The second editor read revision 1 and is now stale. */
  store_revision = rs_store_get_revision (store);
  rs_sale_set_service (second, "Something else");
  g_assert_false (rs_store_update_sale (store, second, 1, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  assert_message_contains (error, "revision 2, expected 1");
  assert_message_contains (error, "cas");

  g_assert_cmpuint (rs_store_get_revision (store), ==, store_revision);
  stored = get_sale (store, "cas");
  assert_sales_equal (stored, first);
  g_assert_cmpuint (rs_sale_get_revision (second), ==, 1);
}

static void
test_update_missing_not_found (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("ghost");
  g_autoptr(GError) error = NULL;

  g_assert_false (rs_store_update_sale (store, sale, 1, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_NOT_FOUND);
  assert_message_contains (error, "ghost");
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 0);
}

static void
test_remove_then_not_found (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("remove-me");
  g_autoptr(RsSale) gone = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;

  date = rs_test_date ("2026-02-28");
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_ISSUED);
  add_sale (store, sale);

  g_assert_true (rs_store_remove_sale (store, "remove-me", &error));
  g_assert_no_error (error);

  gone = rs_store_get_sale (store, "remove-me", &error);
  g_assert_null (gone);
  g_assert_error (error, RS_ERROR, RS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (rs_store_remove_sale (store, "remove-me", &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_NOT_FOUND);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 0);

  /* Rules and occurrences went with it. */
  g_clear_object (&store);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM reminder_rules"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM occurrences"), ==, 0);
}

static GPtrArray *
new_sales (const char *prefix,
           guint       n_sales)
{
  GPtrArray *sales = g_ptr_array_new_full (n_sales, g_object_unref);

  for (guint i = 0; i < n_sales; i++)
    {
      g_autofree char *uid = g_strdup_printf ("%s-%06u", prefix, i);
      g_ptr_array_add (sales, new_sale (uid));
    }

  return sales;
}

static void
test_add_sales_all_or_nothing (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) existing = new_sale ("existing");
  g_autoptr(GPtrArray) sales = new_sales ("batch", 100);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  guint64 revision;

  add_sale (store, existing);
  revision = rs_store_get_revision (store);

  /* One invalid sale: refused before anything is written. */
  rs_sale_set_client_name (g_ptr_array_index (sales, 56), "  ");
  g_assert_false (rs_store_add_sales (store, sales, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  assert_message_contains (error, "57");
  assert_message_contains (error, "client name");
  g_clear_error (&error);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 1);
  g_assert_cmpuint (rs_store_get_revision (store), ==, revision);

  /* A valid batch clashing with a stored uid in its last sale: rolled back as a whole. */
  rs_sale_set_client_name (g_ptr_array_index (sales, 56), "Fixed");
  rs_sale_set_uid (g_ptr_array_index (sales, 99), "existing");
  g_assert_false (rs_store_add_sales (store, sales, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  assert_message_contains (error, "existing");
  g_clear_error (&error);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 1);
  g_assert_cmpuint (rs_store_get_revision (store), ==, revision);
  for (guint i = 0; i < sales->len; i++)
    g_assert_cmpuint (rs_sale_get_revision (g_ptr_array_index (sales, i)), ==, 0);

  /* Two sales of the batch with the same uid: the same. */
  rs_sale_set_uid (g_ptr_array_index (sales, 99), "batch-000003");
  g_assert_false (rs_store_add_sales (store, sales, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 1);

  rs_sale_set_uid (g_ptr_array_index (sales, 99), "batch-000099");
  g_assert_true (rs_store_add_sales (store, sales, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 101);
  listed = rs_store_list_sales (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 101);
}

static void
test_add_sales_many (Fixture       *fixture,
                     gconstpointer  data)
{
  guint n_sales = g_test_slow () ? 100000 : 10000;
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) sales = new_sales ("bulk", n_sales);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  GDate date;
  double insert_seconds, list_seconds, open_seconds;

  /* Some occurrences, so that the merge of three cursors has something to merge. */
  date = rs_test_date ("2026-02-28");
  for (guint i = 0; i < n_sales; i += 3)
    rs_sale_set_occurrence_state (g_ptr_array_index (sales, i), &date, RS_OCCURRENCE_ISSUED);

  g_timer_start (timer);
  g_assert_true (rs_store_add_sales (store, sales, &error));
  g_assert_no_error (error);
  insert_seconds = g_timer_elapsed (timer, NULL);

  g_timer_start (timer);
  listed = rs_store_list_sales (store, &error);
  g_assert_no_error (error);
  list_seconds = g_timer_elapsed (timer, NULL);

  g_assert_cmpuint (listed->len, ==, n_sales);
  for (guint i = 0; i < n_sales; i += n_sales / 10)
    assert_sales_equal (g_ptr_array_index (listed, i), g_ptr_array_index (sales, i));
  assert_sales_equal (g_ptr_array_index (listed, n_sales - 1),
                      g_ptr_array_index (sales, n_sales - 1));

  g_clear_object (&store);
  g_timer_start (timer);
  store = open_store (fixture->path);
  open_seconds = g_timer_elapsed (timer, NULL);

  g_test_message ("%u sales: add_sales %.3f s, list_sales %.3f s, reopen (integrity check) %.3f s",
                  n_sales, insert_seconds, list_seconds, open_seconds);
}

static void
test_changed_since (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) a = new_sale ("a");
  g_autoptr(RsSale) b = new_sale ("b");
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GError) error = NULL;
  guint64 start, middle;

  start = rs_store_get_revision (store);
  add_sale (store, a);
  add_sale (store, b);
  middle = rs_store_get_revision (store);
  g_assert_cmpuint (middle, >, start);

  changed = rs_store_list_changed_since (store, middle, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 0);
  g_clear_pointer (&changed, g_ptr_array_unref);

  rs_sale_set_amount_minor (a, 99);
  g_assert_true (rs_store_update_sale (store, a, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rs_store_get_revision (store), >, middle);

  changed = rs_store_list_changed_since (store, middle, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, "a");
  g_clear_pointer (&changed, g_ptr_array_unref);

  changed = rs_store_list_changed_since (store, start, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 2);
  g_clear_pointer (&changed, g_ptr_array_unref);

  /* One row per sale is kept, however often it changes. */
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM changes WHERE sale_uid = 'a'"), ==, 1);

  /* A removal is a change too. */
  g_assert_true (rs_store_remove_sale (store, "b", &error));
  changed = rs_store_list_changed_since (store, middle, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (changed, 1), ==, "b");
}

static void
test_mark_occurrence (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("marked");
  g_autoptr(RsSale) stored = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;
  guint64 store_revision;

  add_sale (store, sale);

  /* Monthly from 31 January: 28 February is the clamped issue date. */
  date = rs_test_date ("2026-02-28");
  g_assert_true (rs_store_mark_occurrence (store, "marked", &date, RS_OCCURRENCE_ISSUED, &error));
  g_assert_no_error (error);
  stored = get_sale (store, "marked");
  g_assert_cmpint (rs_sale_get_occurrence_state (stored, &date), ==, RS_OCCURRENCE_ISSUED);
  g_assert_cmpuint (rs_sale_get_revision (stored), ==, 2);
  g_clear_object (&stored);

  /* Not an issue date; past the term (expiry 2027-01-30); before the start. */
  store_revision = rs_store_get_revision (store);
  date = rs_test_date ("2026-03-01");
  g_assert_false (rs_store_mark_occurrence (store, "marked", &date, RS_OCCURRENCE_PREPAID, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  assert_message_contains (error, "2026-03-01");
  g_clear_error (&error);
  date = rs_test_date ("2027-01-31");
  g_assert_false (rs_store_mark_occurrence (store, "marked", &date, RS_OCCURRENCE_PREPAID, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  date = rs_test_date ("2025-12-31");
  g_assert_false (rs_store_mark_occurrence (store, "marked", &date, RS_OCCURRENCE_PREPAID, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (rs_store_get_revision (store), ==, store_revision);

  date = rs_test_date ("2026-02-28");
  g_assert_false (rs_store_mark_occurrence (store, "nobody", &date, RS_OCCURRENCE_ISSUED, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Open again: the row goes, the revision still moves. */
  g_assert_true (rs_store_mark_occurrence (store, "marked", &date, RS_OCCURRENCE_OPEN, &error));
  g_assert_no_error (error);
  stored = get_sale (store, "marked");
  g_assert_cmpuint (rs_sale_get_marked_occurrences (stored)->len, ==, 0);
  g_assert_cmpuint (rs_sale_get_revision (stored), ==, 3);
}

static void
test_renew (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("term-2026");
  g_autoptr(RsSale) taken = new_sale ("taken");
  g_autoptr(RsSale) successor = NULL;
  g_autoptr(RsSale) again = NULL;
  g_autoptr(RsSale) old = NULL;
  g_autoptr(RsSale) stored = NULL;
  g_autoptr(GError) error = NULL;
  RsSchedule schedule;
  GDate expected_start;

  add_sale (store, sale);

  successor = rs_sale_copy (sale);
  rs_sale_set_uid (successor, "term-2027");
  g_assert_true (rs_schedule_renew (rs_sale_get_schedule (sale), NULL, &schedule, &error));
  g_assert_no_error (error);
  rs_sale_set_schedule (successor, &schedule);
  rs_sale_set_revision (successor, 0);

  /* A stale revision first: nothing happens. */
  g_assert_false (rs_store_renew_sale (store, "term-2026", 5, successor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 1);

  /* A successor whose uid is taken: the old sale is not marked renewed either. */
  add_sale (store, taken);
  rs_sale_set_uid (successor, "taken");
  g_assert_false (rs_store_renew_sale (store, "term-2026", 1, successor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  g_clear_error (&error);
  old = get_sale (store, "term-2026");
  g_assert_cmpint (rs_sale_get_status (old), ==, RS_SALE_STATUS_ACTIVE);
  g_assert_null (rs_sale_get_successor_uid (old));
  g_assert_cmpuint (rs_sale_get_revision (old), ==, 1);
  g_clear_object (&old);

  /* A successor that does not continue the schedule (a gap of a month): refused, untouched. */
  {
    g_autoptr(RsSale) gap = rs_sale_copy (successor);
    RsSchedule gap_schedule = schedule;

    rs_sale_set_uid (gap, "term-gap");
    g_date_add_months (&gap_schedule.start, 1);
    rs_sale_set_schedule (gap, &gap_schedule);
    g_assert_false (rs_store_renew_sale (store, "term-2026", 1, gap, &error));
    g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "2027-01-31"));
    g_assert_null (rs_sale_get_predecessor_uid (gap));
    g_clear_error (&error);
    old = get_sale (store, "term-2026");
    g_assert_cmpint (rs_sale_get_status (old), ==, RS_SALE_STATUS_ACTIVE);
    g_clear_object (&old);
  }

  rs_sale_set_uid (successor, "term-2027");
  g_assert_true (rs_store_renew_sale (store, "term-2026", 1, successor, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rs_sale_get_revision (successor), ==, 1);

  old = get_sale (store, "term-2026");
  g_assert_cmpint (rs_sale_get_status (old), ==, RS_SALE_STATUS_RENEWED);
  g_assert_cmpstr (rs_sale_get_successor_uid (old), ==, "term-2027");
  g_assert_cmpuint (rs_sale_get_revision (old), ==, 2);
  g_assert_false (rs_sale_reminds_about (old, RS_REMINDER_KIND_EXPIRY));

  stored = get_sale (store, "term-2027");
  g_assert_cmpstr (rs_sale_get_predecessor_uid (stored), ==, "term-2026");
  assert_sales_equal (stored, successor);
  /* A renewal keeps how and in which language the client is mailed. */
  g_assert_cmpint (rs_sale_get_delivery (stored), ==, RS_DELIVERY_SEND);
  g_assert_cmpstr (rs_sale_get_language (stored), ==, "el");
  /* The old term ends 2027-01-30; the next date of its series is 2027-01-31. */
  expected_start = rs_test_date ("2027-01-31");
  g_assert_cmpint (g_date_compare (&rs_sale_get_schedule (stored)->start, &expected_start), ==, 0);

  /* Renewing again is a conflict, even with the right revision. */
  again = rs_sale_copy (successor);
  rs_sale_set_uid (again, "term-2027-bis");
  g_assert_false (rs_store_renew_sale (store, "term-2026", 2, again, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 3);

  /* Removing the renewal gives the old sale its expiry reminders back. */
  g_assert_true (rs_store_remove_sale (store, "term-2027", &error));
  g_assert_no_error (error);
  g_clear_object (&old);
  old = get_sale (store, "term-2026");
  g_assert_cmpint (rs_sale_get_status (old), ==, RS_SALE_STATUS_ACTIVE);
  g_assert_null (rs_sale_get_successor_uid (old));
  g_assert_cmpuint (rs_sale_get_revision (old), ==, 3);
  g_assert_true (rs_sale_reminds_about (old, RS_REMINDER_KIND_EXPIRY));
}

static void
test_backup_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) sales = new_sales ("backup", 50);
  g_autoptr(GPtrArray) original = NULL;
  g_autoptr(GPtrArray) copied = NULL;
  g_autoptr(RsStore) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup_path = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, "backup-link.db", NULL);

  g_assert_true (rs_store_add_sales (store, sales, &error));
  g_assert_no_error (error);

  /* Over an existing file too: it is replaced whole. */
  g_assert_true (g_file_set_contents (backup_path, "old", -1, NULL));
  g_assert_true (rs_store_backup_sync (store, backup_path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (backup_path), ==, 0600);

  backup = rs_store_open_readonly_sync (backup_path, NULL, &error);
  g_assert_no_error (error);
  original = rs_store_list_sales (store, &error);
  g_assert_no_error (error);
  copied = rs_store_list_sales (backup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (copied->len, ==, original->len);
  for (guint i = 0; i < original->len; i++)
    assert_sales_equal (g_ptr_array_index (copied, i), g_ptr_array_index (original, i));
  g_assert_cmpuint (rs_store_get_revision (backup), ==, rs_store_get_revision (store));

  /* Refused: a symbolic link, and the store itself. */
  g_assert_cmpint (symlink (backup_path, link), ==, 0);
  g_assert_false (rs_store_backup_sync (store, link, NULL, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, link);
  g_clear_error (&error);
  g_assert_false (rs_store_backup_sync (store, fixture->path, NULL, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
}

static void
test_readonly_sees_data_refuses_writes (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsStore) reader = NULL;
  g_autoptr(RsSale) sale = new_sale ("shared");
  g_autoptr(RsSale) later = new_sale ("later");
  g_autoptr(RsSale) seen = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  GDate date;
  guint64 revision;

  add_sale (store, sale);

  reader = rs_store_open_readonly_sync (fixture->path, NULL, &error);
  g_assert_no_error (error);
  seen = get_sale (reader, "shared");
  assert_sales_equal (seen, sale);

  /* Every write is refused, and nothing changes. */
  revision = rs_store_get_revision (reader);
  g_assert_false (rs_store_add_sale (reader, later, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "reading only");
  g_clear_error (&error);
  g_assert_false (rs_store_update_sale (reader, seen, 1, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (rs_store_remove_sale (reader, "shared", &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  g_clear_error (&error);
  date = rs_test_date ("2026-02-28");
  g_assert_false (rs_store_mark_occurrence (reader, "shared", &date, RS_OCCURRENCE_ISSUED, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (rs_store_get_revision (reader), ==, revision);

  /* The writer's later changes are visible to the reader. */
  add_sale (store, later);
  g_assert_cmpuint (rs_store_get_revision (reader), >, revision);
  listed = rs_store_list_sales (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);

  /* An empty file is not set up by a reader. */
  g_clear_object (&reader);
  write_private_file (missing, "", 0);
  reader = rs_store_open_readonly_sync (missing, NULL, &error);
  g_assert_null (reader);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "empty");
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (missing), ==, 0);

  /* A store that does not exist is not created. */
  g_clear_object (&reader);
  reader = rs_store_open_readonly_sync (missing, NULL, &error);
  g_assert_null (reader);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, missing);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

static void
test_damaged_row_names_uid (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) good = new_sale ("good");
  g_autoptr(RsSale) bad = new_sale ("bad-row");
  g_autoptr(RsSale) loaded = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;

  add_sale (store, good);
  add_sale (store, bad);

  /* Another program wrote nonsense: each is reported with the sale's uid. */
  run_sql (fixture->path, "UPDATE sales SET currency = 'XYZ' WHERE uid = 'bad-row'");
  listed = rs_store_list_sales (store, &error);
  g_assert_null (listed);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "bad-row");
  assert_message_contains (error, "XYZ");
  g_clear_error (&error);

  run_sql (fixture->path,
           "UPDATE sales SET currency = 'EUR', start_date = '2026-02-30' WHERE uid = 'bad-row'");
  loaded = rs_store_get_sale (store, "bad-row", &error);
  g_assert_null (loaded);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "bad-row");
  assert_message_contains (error, "2026-02-30");
  g_clear_error (&error);

  run_sql (fixture->path,
           "UPDATE sales SET start_date = '2026-01-31', status = 'lost' WHERE uid = 'bad-row';"
           "UPDATE reminder_rules SET lead_days = 'many' WHERE sale_uid = 'good'");
  listed = rs_store_list_sales (store, &error);
  g_assert_null (listed);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "bad-row");
  g_clear_error (&error);

  loaded = rs_store_get_sale (store, "good", &error);
  g_assert_null (loaded);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "good");
}

/* Schema version 1, as the first release wrote it (plugin/core/rs-store.c at schema 1),
 * byte for byte: a store of that version must open, migrate and keep its sales. */
static const char schema_v1_sql[] =
  "CREATE TABLE sales ("
  "  uid                  TEXT PRIMARY KEY NOT NULL,"
  "  client               TEXT NOT NULL,"
  "  email                TEXT,"
  "  contact_uid          TEXT,"
  "  service              TEXT NOT NULL,"
  "  amount_minor         INTEGER NOT NULL CHECK (amount_minor >= 0),"
  "  currency             TEXT NOT NULL CHECK (length (currency) = 3),"
  "  period               TEXT NOT NULL,"
  "  start_date           TEXT NOT NULL,"
  "  anchor_day           INTEGER NOT NULL DEFAULT 0,"
  "  term_kind            TEXT NOT NULL,"
  "  until_date           TEXT,"
  "  term_count           INTEGER,"
  "  term_length          TEXT,"
  "  notice_days          INTEGER,"
  "  draft                INTEGER NOT NULL,"
  "  prepay               INTEGER NOT NULL,"
  "  iban                 TEXT,"
  "  payment_instructions TEXT,"
  "  reminder_minutes     INTEGER NOT NULL,"
  "  status               TEXT NOT NULL,"
  "  predecessor_uid      TEXT,"
  "  successor_uid        TEXT,"
  "  note                 TEXT,"
  "  created              INTEGER NOT NULL,"
  "  updated              INTEGER NOT NULL,"
  "  revision             INTEGER NOT NULL"
  ");"
  "CREATE TABLE reminder_rules ("
  "  sale_uid  TEXT NOT NULL REFERENCES sales (uid) ON DELETE CASCADE,"
  "  position  INTEGER NOT NULL,"
  "  kind      TEXT NOT NULL,"
  "  lead_days INTEGER NOT NULL,"
  "  audience  TEXT NOT NULL,"
  "  PRIMARY KEY (sale_uid, position)"
  ") WITHOUT ROWID;"
  "CREATE TABLE occurrences ("
  "  sale_uid   TEXT NOT NULL REFERENCES sales (uid) ON DELETE CASCADE,"
  "  issue_date TEXT NOT NULL,"
  "  state      TEXT NOT NULL,"
  "  marked_at  INTEGER NOT NULL,"
  "  PRIMARY KEY (sale_uid, issue_date)"
  ") WITHOUT ROWID;"
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value"
  ");"
  "INSERT INTO meta (key, value) VALUES ('revision', 0);"
  "CREATE TABLE changes ("
  "  revision INTEGER PRIMARY KEY,"
  "  sale_uid TEXT NOT NULL,"
  "  removed  INTEGER NOT NULL"
  ");"
  "CREATE INDEX changes_by_sale ON changes (sale_uid);";

/* A version 1 store holding one sale with a client reminder and a marked invoice, at store
 * revision 3, written with plain SQL as version 1 of the service left it. */
static void
write_v1_store (const char *path)
{
  g_autofree char *sql = g_strdup_printf (
    "PRAGMA journal_mode = WAL;"
    "BEGIN;"
    "%s"
    "INSERT INTO sales (uid, client, email, contact_uid, service, amount_minor, currency, period,"
    "  start_date, anchor_day, term_kind, until_date, term_count, term_length, notice_days,"
    "  draft, prepay, iban, payment_instructions, reminder_minutes, status, predecessor_uid,"
    "  successor_uid, note, created, updated, revision)"
    "  VALUES ('old-sale', 'Ωμέγα Α.Ε.', 'billing@omega.example', NULL, 'Φιλοξενία', 12050,"
    "  'EUR', '1m', '2026-01-31', 0, 'length', NULL, NULL, '1y', 30, 1, 0, NULL, NULL, 540,"
    "  'active', NULL, NULL, 'Από την έκδοση 1.', 1790000000, 1790000100, 3);"
    "INSERT INTO reminder_rules VALUES ('old-sale', 0, 'invoice', 7, 'owner');"
    "INSERT INTO reminder_rules VALUES ('old-sale', 1, 'expiry', 30, 'client');"
    "INSERT INTO occurrences VALUES ('old-sale', '2026-02-28', 'issued', 1790000050);"
    "UPDATE meta SET value = 3 WHERE key = 'revision';"
    "INSERT INTO changes VALUES (3, 'old-sale', 0);"
    "PRAGMA application_id = %d;"
    "PRAGMA user_version = 1;"
    "COMMIT;",
    schema_v1_sql, 0x52535331);

  run_sql (path, sql);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
}

static void
test_migrate_v1_keeps_sales (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RsStore) store = NULL;
  g_autoptr(RsStore) reader = NULL;
  g_autoptr(RsSale) sale = NULL;
  g_autoptr(RsSale) stored = NULL;
  g_autoptr(GPtrArray) deliveries = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;

  G_STATIC_ASSERT (RS_STORE_SCHEMA_VERSION == 4);
  write_v1_store (fixture->path);

  /* A reader (the calendar backend) does not migrate: it is refused and changes nothing. */
  before = read_bytes (fixture->path);
  reader = rs_store_open_readonly_sync (fixture->path, NULL, &error);
  g_assert_null (reader);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "older format");
  g_clear_error (&error);
  after = read_bytes (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 1);

  /* The writer migrates, keeping every sale as it was. */
  store = open_store (fixture->path);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 4);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master "
                            "WHERE name IN ('deliveries', 'deliveries_by_due', 'settings')"), ==, 3);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE name IN "
                            "('external_links', 'external_links_by_sale')"), ==, 2);
  g_assert_cmpuint (rs_store_get_revision (store), ==, 3);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 1);

  sale = get_sale (store, "old-sale");
  g_assert_cmpstr (rs_sale_get_client_name (sale), ==, "Ωμέγα Α.Ε.");
  g_assert_cmpstr (rs_sale_get_client_email (sale), ==, "billing@omega.example");
  g_assert_cmpint (rs_sale_get_amount_minor (sale), ==, 12050);
  g_assert_cmpint (rs_sale_get_notice_days (sale), ==, 30);
  g_assert_cmpstr (rs_sale_get_note (sale), ==, "Από την έκδοση 1.");
  g_assert_cmpuint (rs_sale_get_revision (sale), ==, 3);
  g_assert_cmpint (rs_sale_get_created (sale), ==, 1790000000);
  g_assert_cmpuint (rs_sale_get_reminders (sale)->len, ==, 2);
  date = rs_test_date ("2026-02-28");
  g_assert_cmpint (rs_sale_get_occurrence_state (sale, &date), ==, RS_OCCURRENCE_ISSUED);
  g_assert_cmpint (rs_sale_get_delivery (sale), ==, RS_DELIVERY_DEFAULT);
  g_assert_null (rs_sale_get_language (sale));

  deliveries = rs_store_list_deliveries (store, NULL, -1, 0, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deliveries->len, ==, 0);

  /* The migrated sale takes the new fields like any other. */
  rs_sale_set_delivery (sale, RS_DELIVERY_DRAFT);
  rs_sale_set_language (sale, "el");
  g_assert_true (rs_store_update_sale (store, sale, 3, &error));
  g_assert_no_error (error);
  stored = get_sale (store, "old-sale");
  assert_sales_equal (stored, sale);

  /* Now readers are welcome, and opening again migrates nothing. */
  reader = rs_store_open_readonly_sync (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_clear_object (&reader);
  g_clear_object (&store);
  store = open_store (fixture->path);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 4);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 1);
}

/* Steps 1 → 2 and 2 → 3 as they were shipped, frozen here: a store of version 3 is what every
 * user of the Elorus release has. */
static const char schema_v2_v3_sql[] =
  "ALTER TABLE sales ADD COLUMN delivery TEXT NOT NULL DEFAULT 'default'"
  "  CHECK (delivery IN ('default', 'draft', 'send', 'off'));"
  "ALTER TABLE sales ADD COLUMN language TEXT;"
  "CREATE TABLE deliveries ("
  "  sale_uid     TEXT NOT NULL,"
  "  kind         TEXT NOT NULL,"
  "  lead_days    INTEGER NOT NULL CHECK (lead_days >= 0),"
  "  occurrence   TEXT NOT NULL,"
  "  due          INTEGER NOT NULL,"
  "  state        TEXT NOT NULL"
  "    CHECK (state IN ('pending', 'delivered', 'missed', 'cancelled')),"
  "  mode         TEXT NOT NULL CHECK (mode IN ('default', 'draft', 'send', 'off')),"
  "  message_id   TEXT NOT NULL,"
  "  attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
  "  next_attempt INTEGER NOT NULL DEFAULT 0,"
  "  last_error   TEXT,"
  "  updated      INTEGER NOT NULL,"
  "  PRIMARY KEY (sale_uid, kind, lead_days, occurrence)"
  ");"
  "CREATE INDEX deliveries_by_due ON deliveries (due);"
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value INTEGER NOT NULL"
  ");"
  "CREATE TABLE external_links ("
  "  source      TEXT NOT NULL CHECK (length (source) > 0),"
  "  external_id TEXT NOT NULL CHECK (length (external_id) > 0),"
  "  sale_uid    TEXT NOT NULL,"
  "  PRIMARY KEY (source, external_id)"
  ") WITHOUT ROWID;"
  "CREATE UNIQUE INDEX external_links_by_sale ON external_links (sale_uid, source);";

static void
test_migrate_v3_team_and_offer (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(RsStore) store = NULL;
  g_autoptr(RsSale) sale = NULL;
  g_autoptr(RsSale) stored = NULL;
  g_autoptr(RsDeliveryRecord) client_record = NULL;
  g_autoptr(RsDeliveryRecord) team_record = NULL;
  g_autoptr(RsDeliveryRecord) loaded = NULL;
  g_autoptr(GPtrArray) deliveries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "PRAGMA journal_mode = WAL;"
    "BEGIN;"
    "%s%s"
    "INSERT INTO sales (uid, client, email, contact_uid, service, amount_minor, currency, period,"
    "  start_date, anchor_day, term_kind, until_date, term_count, term_length, notice_days,"
    "  draft, prepay, iban, payment_instructions, reminder_minutes, status, predecessor_uid,"
    "  successor_uid, note, created, updated, revision, delivery, language)"
    "  VALUES ('v3-sale', 'Ωμέγα Α.Ε.', 'billing@omega.example', NULL, 'Φιλοξενία', 12050,"
    "  'EUR', '1m', '2026-01-31', 0, 'length', NULL, NULL, '1y', 30, 1, 0, NULL, NULL, 540,"
    "  'active', NULL, NULL, NULL, 1790000000, 1790000100, 2, 'send', 'el');"
    "INSERT INTO reminder_rules VALUES ('v3-sale', 0, 'expiry', 30, 'client');"
    "INSERT INTO deliveries VALUES ('v3-sale', 'expiry', 30, '2027-01-30', 1790000200,"
    "  'delivered', 'send', '<rs.1@omega.example>', 0, 0, NULL, 1790000200);"
    "INSERT INTO settings VALUES ('dispatcher-checked-until', 1790000300);"
    "UPDATE meta SET value = 2 WHERE key = 'revision';"
    "INSERT INTO changes VALUES (2, 'v3-sale', 0);"
    "PRAGMA application_id = %d;"
    "PRAGMA user_version = 3;"
    "COMMIT;",
    schema_v1_sql, schema_v2_v3_sql, 0x52535331);
  GDate date = rs_test_date ("2027-01-30");

  run_sql (fixture->path, sql);
  g_assert_cmpint (g_chmod (fixture->path, 0600), ==, 0);

  store = open_store (fixture->path);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 4);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE name IN "
                            "('deliveries', 'deliveries_by_due', 'deliveries_4')"), ==, 2);

  /* The sale as it was, with no team of its own and no offer. */
  sale = get_sale (store, "v3-sale");
  g_assert_cmpstr (rs_sale_get_client_name (sale), ==, "Ωμέγα Α.Ε.");
  g_assert_cmpint (rs_sale_get_delivery (sale), ==, RS_DELIVERY_SEND);
  g_assert_null (rs_sale_get_team (sale));
  g_assert_cmpint (rs_sale_get_offer_state (sale), ==, RS_OFFER_NONE);
  g_assert_false (rs_sale_get_offer_date (sale, NULL));
  g_assert_cmpint (rs_sale_get_offer_amount_minor (sale), ==, -1);

  /* The ledger's record is the client's, and the dispatcher's progress is kept. */
  deliveries = rs_store_list_deliveries (store, NULL, -1, 0, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deliveries->len, ==, 1);
  client_record = rs_delivery_record_copy (g_ptr_array_index (deliveries, 0));
  g_assert_cmpint (client_record->audience, ==, RS_AUDIENCE_CLIENT);
  g_assert_cmpint (client_record->state, ==, RS_DELIVERY_STATE_DELIVERED);
  g_assert_cmpstr (client_record->message_id, ==, "<rs.1@omega.example>");
  g_assert_cmpint (sql_int (fixture->path, "SELECT value FROM settings "
                                           "WHERE key = 'dispatcher-checked-until'"), ==, 1790000300);

  /* The team's reminder of the same date is a record of its own. */
  team_record = rs_delivery_record_new ("v3-sale", RS_REMINDER_KIND_EXPIRY, 30, &date, 1790000200);
  team_record->audience = RS_AUDIENCE_TEAM;
  team_record->updated = 1790000400;
  g_assert_true (rs_store_put_delivery (store, team_record, &error));
  g_assert_no_error (error);
  loaded = rs_store_get_delivery_to (store, "v3-sale", RS_REMINDER_KIND_EXPIRY, 30, &date,
                                     RS_AUDIENCE_TEAM, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpint (loaded->state, ==, RS_DELIVERY_STATE_PENDING);
  g_clear_pointer (&loaded, rs_delivery_record_free);
  loaded = rs_store_get_delivery (store, "v3-sale", RS_REMINDER_KIND_EXPIRY, 30, &date, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->state, ==, RS_DELIVERY_STATE_DELIVERED);

  /* The new fields are stored and read back. */
  rs_sale_set_team (sale, "anna@owner.example, nikos@owner.example");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 45, RS_AUDIENCE_TEAM);
  rs_sale_set_offer_state (sale, RS_OFFER_OFFERED);
  date = rs_test_date ("2026-12-01");
  rs_sale_set_offer_date (sale, &date);
  rs_sale_set_offer_note (sale, "Νέα τιμή με SSL");
  rs_sale_set_offer_amount_minor (sale, 13500);
  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rs_sale_get_team (sale), ==, "anna@owner.example,nikos@owner.example");
  g_assert_true (rs_store_update_sale (store, sale, 2, &error));
  g_assert_no_error (error);
  stored = get_sale (store, "v3-sale");
  assert_sales_equal (stored, sale);
  g_assert_cmpstr (rs_sale_get_team (stored), ==, "anna@owner.example,nikos@owner.example");
  g_assert_cmpint (rs_sale_get_offer_state (stored), ==, RS_OFFER_OFFERED);
  g_assert_cmpint (rs_sale_get_offer_amount_minor (stored), ==, 13500);
  g_assert_cmpstr (rs_sale_get_offer_note (stored), ==, "Νέα τιμή με SSL");
  g_assert_true (rs_sale_get_offer_date (stored, &date));
  g_assert_cmpint (g_date_get_month (&date), ==, 12);
}

/* Sales brought in from another program (the Elorus sync), keyed by its id */

static void
test_external_add_lookup_list (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) own = new_sale ("own");
  g_autoptr(RsSale) first = new_sale ("from-elorus-1");
  g_autoptr(RsSale) second = new_sale ("from-elorus-2");
  g_autoptr(GHashTable) links = NULL;
  g_autoptr(GHashTable) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;

  add_sale (store, own);
  g_assert_true (rs_store_add_external_sale (store, "elorus", "1050000300010040", first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rs_sale_get_revision (first), ==, 1);
  g_assert_true (rs_store_add_external_sale (store, "elorus", "1050000300010041", second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 3);

  g_assert_true (rs_store_lookup_external (store, "elorus", "1050000300010040", &uid, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (uid, ==, "from-elorus-1");
  g_clear_pointer (&uid, g_free);

  /* Not there: FALSE and no error, as for a setting never set. */
  g_assert_false (rs_store_lookup_external (store, "elorus", "999", &uid, &error));
  g_assert_no_error (error);
  g_assert_null (uid);
  g_assert_false (rs_store_lookup_external (store, "other", "1050000300010040", &uid, &error));
  g_assert_no_error (error);

  links = rs_store_list_external (store, "elorus", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (links), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (links, "1050000300010041"), ==, "from-elorus-2");
  none = rs_store_list_external (store, "other", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (none), ==, 0);
}

static void
test_external_refusals_write_nothing (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) first = new_sale ("first");
  g_autoptr(RsSale) twin = new_sale ("twin");
  g_autoptr(RsSale) invalid = new_sale ("invalid");
  g_autoptr(RsSale) clash = new_sale ("first");
  g_autoptr(GError) error = NULL;
  g_autofree char *long_id = g_strnfill (257, '7');
  g_autofree char *uid = NULL;
  guint64 revision;

  g_assert_true (rs_store_add_external_sale (store, "elorus", "42", first, &error));
  g_assert_no_error (error);
  revision = rs_store_get_revision (store);

  /* The same id again: one sale per id, and the second sale is not written either. */
  g_assert_false (rs_store_add_external_sale (store, "elorus", "42", twin, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  assert_message_contains (error, "42");
  assert_message_contains (error, "elorus");
  g_clear_error (&error);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 1);
  g_assert_cmpuint (rs_sale_get_revision (twin), ==, 0);

  /* An invalid sale writes no link: the id is free for the fixed sale. */
  rs_sale_set_client_name (invalid, " ");
  g_assert_false (rs_store_add_external_sale (store, "elorus", "43", invalid, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (rs_store_lookup_external (store, "elorus", "43", &uid, &error));
  g_assert_no_error (error);

  /* A uid that is taken rolls the link back with the sale. */
  g_assert_false (rs_store_add_external_sale (store, "elorus", "44", clash, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (rs_store_lookup_external (store, "elorus", "44", &uid, &error));
  g_assert_no_error (error);

  /* Ids from outside are checked: not empty, not over 256 characters. */
  g_assert_false (rs_store_add_external_sale (store, "elorus", "", twin, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (rs_store_add_external_sale (store, "elorus", long_id, twin, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  assert_message_contains (error, "256");
  g_clear_error (&error);

  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 1);
  g_assert_cmpuint (rs_store_get_revision (store), ==, revision);
}

/* Removing a sale keeps its link, so that a sync does not bring back what the owner removed. */
static void
test_external_link_outlives_removed_sale (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("synced");
  g_autoptr(RsSale) again = new_sale ("synced-again");
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;

  g_assert_true (rs_store_add_external_sale (store, "elorus", "7", sale, &error));
  g_assert_no_error (error);
  g_assert_true (rs_store_remove_sale (store, "synced", &error));
  g_assert_no_error (error);

  g_assert_true (rs_store_lookup_external (store, "elorus", "7", &uid, &error));
  g_assert_cmpstr (uid, ==, "synced");
  g_assert_false (rs_store_add_external_sale (store, "elorus", "7", again, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
}

/* A restore brings the backup's links with its sales. */
static void
test_external_restore_brings_links (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) backed_up = new_sale ("backed-up");
  g_autoptr(RsSale) later = new_sale ("later");
  g_autoptr(GHashTable) links = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup_path = g_build_filename (fixture->dir, "backup.db", NULL);

  g_assert_true (rs_store_add_external_sale (store, "elorus", "1", backed_up, &error));
  g_assert_no_error (error);
  g_assert_true (rs_store_backup_sync (store, backup_path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rs_store_add_external_sale (store, "elorus", "2", later, &error));
  g_assert_no_error (error);

  g_assert_true (rs_store_restore_sync (store, backup_path, NULL, &error));
  g_assert_no_error (error);
  links = rs_store_list_external (store, "elorus", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (links), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (links, "1"), ==, "backed-up");
}

/* The delivery ledger */

static RsDeliveryRecord *
new_record (const char      *uid,
            RsReminderKind   kind,
            guint            lead_days,
            const char      *occurrence,
            gint64           due)
{
  GDate date;

  date = rs_test_date (occurrence);
  return rs_delivery_record_new (uid, kind, lead_days, &date, due);
}

static void
put_delivery (RsStore          *store,
              RsDeliveryRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rs_store_put_delivery (store, record, &error));
  g_assert_no_error (error);
}

static void
assert_records_equal (const RsDeliveryRecord *a,
                      const RsDeliveryRecord *b)
{
  g_assert_cmpstr (a->sale_uid, ==, b->sale_uid);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpuint (a->lead_days, ==, b->lead_days);
  g_assert_cmpint (g_date_compare (&a->occurrence, &b->occurrence), ==, 0);
  g_assert_cmpint (a->due, ==, b->due);
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpint (a->mode, ==, b->mode);
  g_assert_cmpstr (a->message_id, ==, b->message_id);
  g_assert_cmpuint (a->attempts, ==, b->attempts);
  g_assert_cmpint (a->next_attempt, ==, b->next_attempt);
  g_assert_cmpstr (a->last_error, ==, b->last_error);
  g_assert_cmpint (a->updated, ==, b->updated);
}

static void
test_delivery_record_boxed (void)
{
  g_autoptr(RsDeliveryRecord) record = new_record ("boxed", RS_REMINDER_KIND_EXPIRY, 30,
                                                   "2027-01-30", 1798000000);
  g_autoptr(RsDeliveryRecord) copy = NULL;
  g_autofree char *occurrence = NULL;
  RsDeliveryRecord *boxed;

  g_assert_true (G_TYPE_IS_BOXED (RS_TYPE_DELIVERY_RECORD));
  g_assert_cmpint (record->state, ==, RS_DELIVERY_STATE_PENDING);
  g_assert_cmpint (record->mode, ==, RS_DELIVERY_DEFAULT);
  g_assert_null (record->message_id);
  g_assert_null (record->last_error);
  g_assert_cmpuint (record->attempts, ==, 0);
  g_assert_cmpint (record->next_attempt, ==, 0);
  g_assert_cmpint (record->due, ==, 1798000000);

  occurrence = rs_delivery_record_dup_occurrence_string (record);
  g_assert_cmpstr (occurrence, ==, "2027-01-30");

  record->message_id = g_strdup ("<rs.1@omega.example>");
  record->last_error = g_strdup ("Σύνδεση: άρνηση.");
  copy = rs_delivery_record_copy (record);
  assert_records_equal (copy, record);
  g_assert_true (copy->sale_uid != record->sale_uid);
  g_assert_true (copy->message_id != record->message_id);
  g_assert_true (copy->last_error != record->last_error);

  boxed = g_boxed_copy (RS_TYPE_DELIVERY_RECORD, record);
  assert_records_equal (boxed, record);
  g_boxed_free (RS_TYPE_DELIVERY_RECORD, boxed);
}

static void
test_deliveries_put_get_roundtrip (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("ledger");
  g_autoptr(RsDeliveryRecord) record = NULL;
  g_autoptr(RsDeliveryRecord) loaded = NULL;
  g_autoptr(RsDeliveryRecord) other = NULL;
  g_autoptr(RsSale) stored = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GError) error = NULL;
  guint64 revision;
  gint64 changes_before;
  GDate date;

  add_sale (store, sale);
  revision = rs_store_get_revision (store);
  changes_before = sql_int (fixture->path, "SELECT count(*) FROM changes");

  /* Nothing yet: NULL and no error. */
  date = rs_test_date ("2026-02-28");
  loaded = rs_store_get_delivery (store, "ledger", RS_REMINDER_KIND_INVOICE, 3, &date, &error);
  g_assert_no_error (error);
  g_assert_null (loaded);

  record = new_record ("ledger", RS_REMINDER_KIND_INVOICE, 3, "2026-02-28", 1772006400);
  record->updated = 1772006401;
  put_delivery (store, record);
  loaded = rs_store_get_delivery (store, "ledger", RS_REMINDER_KIND_INVOICE, 3, &date, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_records_equal (loaded, record);
  g_assert_null (loaded->message_id);
  g_clear_pointer (&loaded, rs_delivery_record_free);

  /* The same key again replaces the record: a failed attempt, then delivered. */
  record->attempts = 2;
  record->next_attempt = 1772010000;
  record->mode = RS_DELIVERY_SEND;
  record->message_id = g_strdup ("<rs.0123456789abcdef@omega.example>");
  record->last_error = g_strdup ("Ο διακομιστής αλληλογραφίας δεν απάντησε.");
  record->updated = 1772006500;
  put_delivery (store, record);
  record->state = RS_DELIVERY_STATE_DELIVERED;
  record->updated = 1772010001;
  put_delivery (store, record);
  loaded = rs_store_get_delivery (store, "ledger", RS_REMINDER_KIND_INVOICE, 3, &date, &error);
  g_assert_no_error (error);
  assert_records_equal (loaded, record);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM deliveries"), ==, 1);

  /* Another lead time, kind or date is another reminder. */
  g_clear_pointer (&loaded, rs_delivery_record_free);
  loaded = rs_store_get_delivery (store, "ledger", RS_REMINDER_KIND_INVOICE, 7, &date, &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  loaded = rs_store_get_delivery (store, "ledger", RS_REMINDER_KIND_EXPIRY, 3, &date, &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  other = new_record ("ledger", RS_REMINDER_KIND_INVOICE, 3, "2026-03-31", 1774684800);
  put_delivery (store, other);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM deliveries"), ==, 2);

  /* The ledger is no change to a sale: the revision and the changes stay as they were. */
  g_assert_cmpuint (rs_store_get_revision (store), ==, revision);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM changes"), ==, changes_before);
  changed = rs_store_list_changed_since (store, revision, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 0);
  stored = get_sale (store, "ledger");
  g_assert_cmpuint (rs_sale_get_revision (stored), ==, 1);

  /* And it is still there after reopening. */
  g_clear_object (&store);
  store = open_store (fixture->path);
  loaded = rs_store_get_delivery (store, "ledger", RS_REMINDER_KIND_INVOICE, 3, &date, &error);
  g_assert_no_error (error);
  assert_records_equal (loaded, record);
}

static void
test_deliveries_list_filters_and_order (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_delivery_record_free);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  /* The expected order: by due, then uid, kind (as stored text), lead days, occurrence. */
  static const struct {
    const char     *uid;
    RsReminderKind  kind;
    guint           lead_days;
    const char     *occurrence;
    gint64          due;
    RsDeliveryState state;
  } rows[] = {
    { "a", RS_REMINDER_KIND_INVOICE, 7, "2027-01-31", 1000, RS_DELIVERY_STATE_DELIVERED },
    { "a", RS_REMINDER_KIND_EXPIRY, 30, "2027-12-31", 2000, RS_DELIVERY_STATE_PENDING },
    { "a", RS_REMINDER_KIND_INVOICE, 3, "2027-02-28", 2000, RS_DELIVERY_STATE_MISSED },
    { "a", RS_REMINDER_KIND_INVOICE, 7, "2027-02-28", 2000, RS_DELIVERY_STATE_PENDING },
    { "b", RS_REMINDER_KIND_INVOICE, 7, "2027-01-31", 2000, RS_DELIVERY_STATE_CANCELLED },
    { "a", RS_REMINDER_KIND_NOTICE, 7, "2027-11-30", 3000, RS_DELIVERY_STATE_PENDING },
  };
  const guint put_order[] = { 5, 3, 0, 4, 1, 2 };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      RsDeliveryRecord *record = new_record (rows[i].uid, rows[i].kind, rows[i].lead_days,
                                             rows[i].occurrence, rows[i].due);

      record->state = rows[i].state;
      record->updated = rows[i].due;
      g_ptr_array_add (records, record);
    }
  for (guint i = 0; i < G_N_ELEMENTS (put_order); i++)
    put_delivery (store, g_ptr_array_index (records, put_order[i]));

  listed = rs_store_list_deliveries (store, NULL, -1, 0, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < listed->len; i++)
    assert_records_equal (g_ptr_array_index (listed, i), g_ptr_array_index (records, i));
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* One sale. */
  listed = rs_store_list_deliveries (store, "b", -1, 0, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  assert_records_equal (g_ptr_array_index (listed, 0), g_ptr_array_index (records, 4));
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* One state. */
  listed = rs_store_list_deliveries (store, NULL, RS_DELIVERY_STATE_PENDING, 0, G_MAXINT64, 0,
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  assert_records_equal (g_ptr_array_index (listed, 0), g_ptr_array_index (records, 1));
  assert_records_equal (g_ptr_array_index (listed, 1), g_ptr_array_index (records, 3));
  assert_records_equal (g_ptr_array_index (listed, 2), g_ptr_array_index (records, 5));
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* Bounds are inclusive; every condition at once, and a limit. */
  listed = rs_store_list_deliveries (store, NULL, -1, 2000, 2000, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 4);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = rs_store_list_deliveries (store, "a", RS_DELIVERY_STATE_PENDING, 1500, 3000, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);
  assert_records_equal (g_ptr_array_index (listed, 0), g_ptr_array_index (records, 1));
  assert_records_equal (g_ptr_array_index (listed, 1), g_ptr_array_index (records, 3));
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = rs_store_list_deliveries (store, NULL, -1, 0, 999, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 0);
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* A uid is data, never SQL. */
  listed = rs_store_list_deliveries (store, "a' OR '1'='1", -1, 0, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 0);
}

/* The ledger outlives the sale: importing the same uid again finds what was already mailed. */
static void
test_deliveries_outlive_removed_sale (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("gone");
  g_autoptr(RsSale) again = new_sale ("gone");
  g_autoptr(RsDeliveryRecord) record = new_record ("gone", RS_REMINDER_KIND_INVOICE, 3,
                                                   "2026-02-28", 1772006400);
  g_autoptr(RsDeliveryRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;

  add_sale (store, sale);
  record->state = RS_DELIVERY_STATE_DELIVERED;
  put_delivery (store, record);

  g_assert_true (rs_store_remove_sale (store, "gone", &error));
  g_assert_no_error (error);
  add_sale (store, again);

  loaded = rs_store_get_delivery (store, "gone", RS_REMINDER_KIND_INVOICE, 3, &record->occurrence,
                                  &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpint (loaded->state, ==, RS_DELIVERY_STATE_DELIVERED);
}

/* Forgetting a record (test set-up and repairs) takes that key only, leaves the store revision
 * alone like every ledger write, and is refused on a read-only store. */
static void
test_deliveries_delete_one_record (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsStore) reader = NULL;
  g_autoptr(RsSale) sale = new_sale ("forget");
  g_autoptr(RsDeliveryRecord) record = new_record ("forget", RS_REMINDER_KIND_INVOICE, 3,
                                                   "2026-02-28", 1772006400);
  g_autoptr(RsDeliveryRecord) other = new_record ("forget", RS_REMINDER_KIND_INVOICE, 7,
                                                  "2026-02-28", 1771660800);
  g_autoptr(RsDeliveryRecord) loaded = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  guint64 revision;

  add_sale (store, sale);
  record->state = RS_DELIVERY_STATE_DELIVERED;
  put_delivery (store, record);
  put_delivery (store, other);
  revision = rs_store_get_revision (store);

  reader = rs_store_open_readonly_sync (fixture->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (rs_store_delete_delivery (reader, "forget", RS_REMINDER_KIND_INVOICE, 3,
                                            &record->occurrence, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "reading only");
  g_clear_error (&error);

  g_assert_true (rs_store_delete_delivery (store, "forget", RS_REMINDER_KIND_INVOICE, 3,
                                           &record->occurrence, &error));
  g_assert_no_error (error);
  loaded = rs_store_get_delivery (store, "forget", RS_REMINDER_KIND_INVOICE, 3,
                                  &record->occurrence, &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  listed = rs_store_list_deliveries (store, NULL, -1, 0, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  assert_records_equal (g_ptr_array_index (listed, 0), other);
  g_assert_cmpuint (rs_store_get_revision (store), ==, revision);

  /* Nothing to forget is no error. */
  g_assert_true (rs_store_delete_delivery (store, "forget", RS_REMINDER_KIND_INVOICE, 3,
                                           &record->occurrence, &error));
  g_assert_no_error (error);
}

/* What another program wrote is checked like the sales are, and named. */
static void
test_deliveries_damaged_rows (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("odd-delivery");
  g_autoptr(RsDeliveryRecord) record = new_record ("odd-ledger", RS_REMINDER_KIND_EXPIRY, 30,
                                                   "2027-01-30", 1798000000);
  g_autoptr(RsDeliveryRecord) loaded = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(RsSale) bad = NULL;
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *sql;
    const char *part;
  } cases[] = {
    { "UPDATE deliveries SET state = 'lost'", "“lost” of state" },
    { "UPDATE deliveries SET mode = 'fax'", "“fax” of mode" },
    { "UPDATE deliveries SET kind = 'birthday'", "“birthday” of kind" },
    { "UPDATE deliveries SET lead_days = 'soon'", "“soon” of lead_days" },
    { "UPDATE deliveries SET attempts = -1", "“-1” of attempts" },
    { "UPDATE deliveries SET occurrence = '2027-02-30'", "2027-02-30" },
  };

  add_sale (store, sale);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* The CHECK constraints keep our own writes honest; another program may not have them. */
      g_autofree char *sql = g_strdup_printf ("PRAGMA ignore_check_constraints = ON; %s",
                                              cases[i].sql);

      run_sql (fixture->path, "DELETE FROM deliveries");
      put_delivery (store, record);
      run_sql (fixture->path, sql);

      loaded = rs_store_get_delivery (store, "odd-ledger", RS_REMINDER_KIND_EXPIRY, 30,
                                      &record->occurrence, &error);
      if (loaded == NULL && error == NULL)
        {
          /* The key itself changed: the row is only found by listing. */
          listed = rs_store_list_deliveries (store, NULL, -1, 0, G_MAXINT64, 0, &error);
        }
      g_assert_null (loaded);
      g_assert_null (listed);
      g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
      assert_message_contains (error, "odd-ledger");
      assert_message_contains (error, fixture->path);
      assert_message_contains (error, cases[i].part);
      g_clear_error (&error);
    }

  /* A delivery word a sale row does not know, likewise. */
  run_sql (fixture->path, "PRAGMA ignore_check_constraints = ON;"
                          "UPDATE sales SET delivery = 'pigeon' WHERE uid = 'odd-delivery'");
  bad = rs_store_get_sale (store, "odd-delivery", &error);
  g_assert_null (bad);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "odd-delivery");
  assert_message_contains (error, "“pigeon” of delivery");
  g_clear_error (&error);

  /* And a language without templates, through the sale's own validation. */
  run_sql (fixture->path, "UPDATE sales SET delivery = 'send', language = 'xx' "
                          "WHERE uid = 'odd-delivery'");
  listed = rs_store_list_sales (store, &error);
  g_assert_null (listed);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "odd-delivery");
  assert_message_contains (error, "“xx” has no reminder templates");
}

/* Store settings: integers by name, apart from the store revision. */
static void
test_settings_int_roundtrip (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) sale = new_sale ("settings");
  g_autoptr(GError) error = NULL;
  guint64 revision;
  gint64 value = 42;

  add_sale (store, sale);
  revision = rs_store_get_revision (store);

  g_assert_false (rs_store_get_setting_int (store, "dispatcher-checked-until", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 42);

  g_assert_true (rs_store_set_setting_int (store, "dispatcher-checked-until", 1798000000, &error));
  g_assert_no_error (error);
  g_assert_true (rs_store_get_setting_int (store, "dispatcher-checked-until", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 1798000000);

  g_assert_true (rs_store_set_setting_int (store, "dispatcher-checked-until", G_MININT64, &error));
  g_assert_true (rs_store_get_setting_int (store, "dispatcher-checked-until", &value, &error));
  g_assert_cmpint (value, ==, G_MININT64);

  /* "revision" is a setting like any other, not the store revision. */
  g_assert_true (rs_store_set_setting_int (store, "revision", 999, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rs_store_get_revision (store), ==, revision);
  g_assert_cmpint (sql_int (fixture->path, "SELECT value FROM meta WHERE key = 'revision'"), ==,
                   (gint64) revision);
  g_assert_true (rs_store_get_setting_int (store, "revision", &value, &error));
  g_assert_cmpint (value, ==, 999);

  /* Kept across opening again. */
  g_clear_object (&store);
  store = open_store (fixture->path);
  g_assert_true (rs_store_get_setting_int (store, "dispatcher-checked-until", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, G_MININT64);

  /* A value that is not an integer is damage, named. */
  run_sql (fixture->path, "UPDATE settings SET value = 'soon' WHERE key = 'revision'");
  g_assert_false (rs_store_get_setting_int (store, "revision", &value, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "revision");
  assert_message_contains (error, "soon");
}

static void
test_deliveries_readonly (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsStore) reader = NULL;
  g_autoptr(RsDeliveryRecord) record = new_record ("ro", RS_REMINDER_KIND_INVOICE, 0,
                                                   "2026-02-28", 1772006400);
  g_autoptr(RsDeliveryRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 value;

  put_delivery (store, record);
  g_assert_true (rs_store_set_setting_int (store, "x", 1, &error));

  reader = rs_store_open_readonly_sync (fixture->path, NULL, &error);
  g_assert_no_error (error);
  loaded = rs_store_get_delivery (reader, "ro", RS_REMINDER_KIND_INVOICE, 0, &record->occurrence,
                                  &error);
  g_assert_no_error (error);
  assert_records_equal (loaded, record);
  g_assert_true (rs_store_get_setting_int (reader, "x", &value, &error));
  g_assert_cmpint (value, ==, 1);

  record->state = RS_DELIVERY_STATE_CANCELLED;
  g_assert_false (rs_store_put_delivery (reader, record, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, "reading only");
  g_clear_error (&error);
  g_assert_false (rs_store_set_setting_int (reader, "x", 2, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (fixture->path, "SELECT state = 'pending' FROM deliveries"), ==, 1);
}

/* Restore */

static GPtrArray *
list_all (RsStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *sales = rs_store_list_sales (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sales);
  return sales;
}

static GPtrArray *
changed_since (RsStore *store,
               guint64  revision)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *uids = rs_store_list_changed_since (store, revision, &error);

  g_assert_no_error (error);
  g_assert_nonnull (uids);
  return uids;
}

/* @uids (ordered, as the store lists them) joined with spaces. */
static char *
join_uids (GPtrArray *uids)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < uids->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "", (const char *) g_ptr_array_index (uids, i));

  return g_string_free (text, FALSE);
}

/* Nothing named like the restore's private copy is left in @dir. */
static void
assert_no_restore_copies (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_null (strstr (name, ".restore-"));
}

/* Each of @restored is @expected (as backed up) but with a revision above @expected's and
 * above @old_revision (the same sale's before the restore; 0 when it had none). */
static void
assert_restored_sale (RsSale  *restored,
                      RsSale  *expected,
                      guint64  old_revision)
{
  g_autoptr(RsSale) as_backed_up = rs_sale_copy (expected);

  g_assert_cmpuint (rs_sale_get_revision (restored), >, rs_sale_get_revision (expected));
  g_assert_cmpuint (rs_sale_get_revision (restored), >, old_revision);
  rs_sale_set_revision (as_backed_up, rs_sale_get_revision (restored));
  assert_sales_equal (restored, as_backed_up);
}

static void
test_restore_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) sales = new_sales ("restore", 20);
  g_autoptr(GPtrArray) backed_up = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GPtrArray) old_revisions = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(RsSale) edited = NULL;
  g_autoptr(RsSale) added = NULL;
  g_autoptr(RsSale) missing = NULL;
  g_autoptr(RsSale) stale = NULL;
  g_autoptr(RsDeliveryRecord) delivered = NULL;
  g_autoptr(RsDeliveryRecord) pending = NULL;
  g_autoptr(RsDeliveryRecord) loaded = NULL;
  g_autoptr(GBytes) backup_before = NULL;
  g_autoptr(GBytes) backup_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup_path = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *changed_text = NULL;
  guint64 backup_revision, revision_before, edited_revision = 0;
  gint64 checked_until = 0;
  GDate date;

  g_assert_true (rs_store_add_sales (store, sales, &error));
  g_assert_no_error (error);
  date = rs_test_date ("2026-02-28");
  g_assert_true (rs_store_mark_occurrence (store, "restore-000003", &date, RS_OCCURRENCE_ISSUED,
                                           &error));
  g_assert_no_error (error);
  /* A pending reminder in the backup, delivered later: the ledger must not forget that. */
  pending = new_record ("restore-000001", RS_REMINDER_KIND_INVOICE, 3, "2026-02-28", 1772006400);
  pending->updated = 1772006401;
  put_delivery (store, pending);
  g_assert_true (rs_store_set_setting_int (store, "dispatcher-checked-until", 1000, &error));
  g_assert_no_error (error);

  g_assert_true (rs_store_backup_sync (store, backup_path, NULL, &error));
  g_assert_no_error (error);
  backup_revision = rs_store_get_revision (store);
  backed_up = list_all (store);
  backup_before = read_bytes (backup_path);

  /* Then things change: an edit, a removal, a new sale, a mark cleared, a delivery. */
  edited = get_sale (store, "restore-000002");
  rs_sale_set_amount_minor (edited, 99900);
  g_assert_true (rs_store_update_sale (store, edited, 1, &error));
  g_assert_no_error (error);
  edited_revision = rs_sale_get_revision (edited);
  g_assert_true (rs_store_update_sale (store, edited, edited_revision, &error));
  g_assert_no_error (error);
  edited_revision = rs_sale_get_revision (edited);
  g_assert_true (rs_store_remove_sale (store, "restore-000005", &error));
  g_assert_no_error (error);
  added = new_sale ("after-backup");
  add_sale (store, added);
  g_assert_true (rs_store_mark_occurrence (store, "restore-000003", &date, RS_OCCURRENCE_OPEN,
                                           &error));
  g_assert_no_error (error);
  delivered = rs_delivery_record_copy (pending);
  delivered->state = RS_DELIVERY_STATE_DELIVERED;
  delivered->mode = RS_DELIVERY_DRAFT;
  delivered->message_id = g_strdup ("<rs.restore@omega.example>");
  delivered->updated = 1772006500;
  put_delivery (store, delivered);
  g_assert_true (rs_store_set_setting_int (store, "dispatcher-checked-until", 2000, &error));
  g_assert_no_error (error);
  revision_before = rs_store_get_revision (store);
  g_assert_cmpuint (revision_before, >, backup_revision);

  old_revisions = list_all (store);
  g_assert_true (rs_store_restore_sync (store, backup_path, NULL, &error));
  g_assert_no_error (error);

  /* Every sale as it was at the backup, and only those; the revisions moved on. */
  restored = list_all (store);
  g_assert_cmpuint (restored->len, ==, backed_up->len);
  for (guint i = 0; i < restored->len; i++)
    {
      RsSale *sale = g_ptr_array_index (restored, i);
      guint64 old_revision = 0;

      for (guint j = 0; j < old_revisions->len; j++)
        if (g_str_equal (rs_sale_get_uid (g_ptr_array_index (old_revisions, j)),
                         rs_sale_get_uid (sale)))
          old_revision = rs_sale_get_revision (g_ptr_array_index (old_revisions, j));
      assert_restored_sale (sale, g_ptr_array_index (backed_up, i), old_revision);
    }
  missing = rs_store_get_sale (store, "after-backup", &error);
  g_assert_null (missing);
  g_assert_error (error, RS_ERROR, RS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&edited);
  edited = get_sale (store, "restore-000002");
  g_assert_cmpint (rs_sale_get_amount_minor (edited), ==, 12050);
  g_clear_object (&missing);
  missing = get_sale (store, "restore-000003");
  g_assert_cmpint (rs_sale_get_occurrence_state (missing, &date), ==, RS_OCCURRENCE_ISSUED);

  /* Change detection sees every uid, old and new, from any earlier revision. */
  g_assert_cmpuint (rs_store_get_revision (store), >, revision_before);
  g_assert_cmpuint (rs_store_get_revision (store), >, backup_revision);
  changed = changed_since (store, revision_before);
  g_assert_cmpuint (changed->len, ==, 21);
  changed_text = join_uids (changed);
  g_assert_nonnull (strstr (changed_text, "after-backup restore-000000 restore-000001"));
  g_assert_nonnull (strstr (changed_text, "restore-000005"));
  g_clear_pointer (&changed, g_ptr_array_unref);
  changed = changed_since (store, 0);
  g_assert_cmpuint (changed->len, ==, 21);
  g_clear_pointer (&changed, g_ptr_array_unref);
  changed = changed_since (store, rs_store_get_revision (store));
  g_assert_cmpuint (changed->len, ==, 0);

  /* A compare-and-swap based on the sale before the restore is a conflict, not an overwrite. */
  stale = get_sale (store, "restore-000002");
  g_assert_false (rs_store_update_sale (store, stale, edited_revision, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The ledger keeps the delivery made after the backup; the newer setting stays. */
  loaded = rs_store_get_delivery (store, "restore-000001", RS_REMINDER_KIND_INVOICE, 3, &date,
                                  &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_records_equal (loaded, delivered);
  g_assert_true (rs_store_get_setting_int (store, "dispatcher-checked-until", &checked_until,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked_until, ==, 2000);

  /* The backup was only read, and the private copy is gone. */
  backup_after = read_bytes (backup_path);
  g_assert_true (g_bytes_equal (backup_before, backup_after));
  assert_no_restore_copies (fixture->dir);

  /* And it all holds after reopening. */
  g_clear_object (&store);
  store = open_store (fixture->path);
  g_clear_pointer (&restored, g_ptr_array_unref);
  restored = list_all (store);
  g_assert_cmpuint (restored->len, ==, 20);
}

/* The ledger of a backup fills an empty one (a new computer): nothing is mailed twice. */
static void
test_restore_brings_ledger (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *origin_path = g_build_filename (fixture->dir, "origin.db", NULL);
  g_autofree char *backup_path = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autoptr(RsStore) origin = open_store (origin_path);
  g_autoptr(RsStore) store = NULL;
  g_autoptr(RsSale) sale = new_sale ("ledger-sale");
  g_autoptr(RsDeliveryRecord) record = NULL;
  g_autoptr(RsDeliveryRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;

  add_sale (origin, sale);
  record = new_record ("ledger-sale", RS_REMINDER_KIND_EXPIRY, 30, "2027-01-30", 1798000000);
  record->state = RS_DELIVERY_STATE_DELIVERED;
  record->mode = RS_DELIVERY_SEND;
  record->message_id = g_strdup ("<rs.ledger@omega.example>");
  record->updated = 1798000001;
  put_delivery (origin, record);
  g_assert_true (rs_store_backup_sync (origin, backup_path, NULL, &error));
  g_assert_no_error (error);

  store = open_store (fixture->path);
  g_assert_true (rs_store_restore_sync (store, backup_path, NULL, &error));
  g_assert_no_error (error);
  date = rs_test_date ("2027-01-30");
  loaded = rs_store_get_delivery (store, "ledger-sale", RS_REMINDER_KIND_EXPIRY, 30, &date,
                                  &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_records_equal (loaded, record);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 1);
}

/* Tries to restore @source_path into the store at @store_path, which must refuse with a
 * message containing @part and leave both files byte for byte as they were. */
static void
assert_restore_refused (RsStore    *store,
                        const char *store_path,
                        const char *source_path,
                        const char *part)
{
  g_autofree char *store_wal = g_strconcat (store_path, "-wal", NULL);
  g_autoptr(GBytes) store_before = read_bytes (store_path);
  g_autoptr(GBytes) wal_before = read_bytes (store_wal);
  g_autoptr(GBytes) source_before = NULL;
  g_autoptr(GBytes) store_after = NULL;
  g_autoptr(GBytes) wal_after = NULL;
  g_autoptr(GBytes) source_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (store_path);
  gboolean source_is_file = g_file_test (source_path, G_FILE_TEST_IS_REGULAR);
  guint64 revision = rs_store_get_revision (store);
  guint n_sales = rs_store_count_sales (store, NULL);

  if (source_is_file)
    source_before = read_bytes (source_path);

  g_test_message ("restoring %s", source_path);
  g_assert_false (rs_store_restore_sync (store, source_path, NULL, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_message_contains (error, part);

  store_after = read_bytes (store_path);
  wal_after = read_bytes (store_wal);
  g_assert_true (g_bytes_equal (store_before, store_after));
  g_assert_true (g_bytes_equal (wal_before, wal_after));
  if (source_is_file)
    {
      source_after = read_bytes (source_path);
      g_assert_true (g_bytes_equal (source_before, source_after));
    }
  g_assert_cmpuint (rs_store_get_revision (store), ==, revision);
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, n_sales);
  assert_no_restore_copies (dir);
}

static void
test_restore_refuses_foreign_files (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) sales = new_sales ("kept", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *foreign = g_build_filename (fixture->dir, "foreign.db", NULL);
  g_autofree char *newer = g_build_filename (fixture->dir, "newer.db", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "sales.csv", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.db", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  g_autofree char *newer_sql = g_strdup_printf ("PRAGMA application_id = %d;"
                                                "PRAGMA user_version = %d; CREATE TABLE future (x);",
                                                0x52535331, RS_STORE_SCHEMA_VERSION + 1);

  g_assert_true (rs_store_add_sales (store, sales, &error));
  g_assert_no_error (error);

  run_sql (foreign, "PRAGMA application_id = 1234; CREATE TABLE sales (uid TEXT);"
                    "INSERT INTO sales VALUES ('theirs');");
  assert_restore_refused (store, fixture->path, foreign, "not a recurring-sales database");

  run_sql (newer, newer_sql);
  assert_restore_refused (store, fixture->path, newer, "newer version");

  write_private_file (text, "client,service,amount\nAcme,Hosting,120.00\n", -1);
  assert_restore_refused (store, fixture->path, text, "not a recurring-sales database");

  write_private_file (empty, "", 0);
  assert_restore_refused (store, fixture->path, empty, "not a recurring-sales database");

  assert_restore_refused (store, fixture->path, missing, "could not be read");
  assert_restore_refused (store, fixture->path, fixture->dir, "not a recurring-sales database");
}

static void
test_restore_refuses_damaged (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) sales = new_sales ("kept", 300);
  g_autoptr(GError) error = NULL;
  g_autofree char *pages = g_build_filename (fixture->dir, "pages.db", NULL);
  g_autofree char *bad_row = g_build_filename (fixture->dir, "bad-row.db", NULL);
  g_autofree char *orphan = g_build_filename (fixture->dir, "orphan.db", NULL);
  g_autoptr(GBytes) good = NULL;
  g_autofree guint8 *damaged = NULL;
  gsize size;

  g_assert_true (rs_store_add_sales (store, sales, &error));
  g_assert_no_error (error);
  g_assert_true (rs_store_backup_sync (store, pages, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rs_store_backup_sync (store, bad_row, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rs_store_backup_sync (store, orphan, NULL, &error));
  g_assert_no_error (error);

  /* Pages overwritten in the middle of the tables: the header still says it is ours. */
  good = read_bytes (pages);
  size = g_bytes_get_size (good);
  g_assert_cmpuint (size, >, 16 * 4096);
  damaged = g_memdup2 (g_bytes_get_data (good, NULL), size);
  for (gsize i = 4 * 4096; i < 12 * 4096; i++)
    damaged[i] = (guint8) (i * 7);
  write_private_file (pages, (const char *) damaged, (gssize) size);
  assert_restore_refused (store, fixture->path, pages, "damaged");

  /* Valid SQLite, but a sale that is not valid. */
  run_sql (bad_row, "UPDATE sales SET currency = 'XYZ' WHERE uid = 'kept-000007'");
  assert_restore_refused (store, fixture->path, bad_row, "kept-000007");

  /* A reminder rule of no sale. */
  run_sql (orphan, "PRAGMA foreign_keys = OFF;"
                   "INSERT INTO reminder_rules VALUES ('nobody', 0, 'invoice', 7, 'owner');");
  assert_restore_refused (store, fixture->path, orphan, "damaged");
}

static void
test_restore_migrates_older_schema (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(RsSale) current = new_sale ("current");
  g_autoptr(RsSale) current_2 = new_sale ("current-2");
  g_autoptr(RsSale) old = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *v1 = g_build_filename (fixture->dir, "v1.db", NULL);
  g_autofree char *changed_text = NULL;
  guint64 revision_before;
  GDate date;

  add_sale (store, current);
  add_sale (store, current_2);
  revision_before = rs_store_get_revision (store);
  write_v1_store (v1);
  before = read_bytes (v1);

  g_assert_true (rs_store_restore_sync (store, v1, NULL, &error));
  g_assert_no_error (error);

  /* The version 1 sale, with the new fields' defaults; the backup is still version 1. */
  g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, 1);
  old = get_sale (store, "old-sale");
  g_assert_cmpstr (rs_sale_get_client_name (old), ==, "Ωμέγα Α.Ε.");
  g_assert_cmpint (rs_sale_get_amount_minor (old), ==, 12050);
  g_assert_cmpstr (rs_sale_get_note (old), ==, "Από την έκδοση 1.");
  g_assert_cmpuint (rs_sale_get_revision (old), ==, 4);
  g_assert_cmpuint (rs_sale_get_reminders (old)->len, ==, 2);
  date = rs_test_date ("2026-02-28");
  g_assert_cmpint (rs_sale_get_occurrence_state (old, &date), ==, RS_OCCURRENCE_ISSUED);
  g_assert_cmpint (rs_sale_get_delivery (old), ==, RS_DELIVERY_DEFAULT);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, RS_STORE_SCHEMA_VERSION);

  after = read_bytes (v1);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (sql_int (v1, "PRAGMA user_version"), ==, 1);

  changed = changed_since (store, revision_before);
  changed_text = join_uids (changed);
  g_assert_cmpstr (changed_text, ==, "current current-2 old-sale");
  /* Above the backup's revision (3) and the store's (2), one per uid. */
  g_assert_cmpuint (rs_store_get_revision (store), ==, 3 + 3);
  assert_no_restore_copies (fixture->dir);
}

typedef struct {
  const char *path;
  gint        stop;
  gint        n_samples;
  GPtrArray  *samples;   /* "REVISION:UIDS" */
} RestoreReader;

/* The store revision and every uid, "REVISION:UID UID … ". */
static char *
read_state (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'revision'", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_string_append_printf (text, "%" G_GINT64_FORMAT ":", (gint64) sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT uid FROM sales ORDER BY uid", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s ", (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The same in one read transaction, as the calendar reads. */
static char *
read_snapshot (sqlite3 *db)
{
  char *state;

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  state = read_state (db);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  return state;
}

static void
wait_for_samples (RestoreReader *reader,
                  gint           n_samples)
{
  while (g_atomic_int_get (&reader->n_samples) < n_samples)
    g_usleep (1000);
}

static gpointer
restore_reader_thread (gpointer data)
{
  RestoreReader *reader = data;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (reader->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  while (!g_atomic_int_get (&reader->stop))
    {
      g_ptr_array_add (reader->samples, read_snapshot (db));
      g_atomic_int_inc (&reader->n_samples);
    }
  sqlite3_close (db);

  return NULL;
}

static void
test_restore_readers_see_old_or_new (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(RsStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) set_a = new_sales ("a", 200);
  g_autoptr(GPtrArray) set_b = new_sales ("b", 150);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup_a = g_build_filename (fixture->dir, "a.db", NULL);
  g_autofree char *backup_b = g_build_filename (fixture->dir, "b.db", NULL);
  g_autofree char *old_snapshot = NULL;
  g_autofree char *held = NULL;
  g_autofree char *new_snapshot = NULL;
  RestoreReader reader = { fixture->path, 0, 0, NULL };
  GThread *thread;
  sqlite3 *db = NULL;
  gint n_before;

  /* Two backups with different sales. */
  g_assert_true (rs_store_add_sales (store, set_b, &error));
  g_assert_no_error (error);
  g_assert_true (rs_store_backup_sync (store, backup_b, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < set_b->len; i++)
    {
      g_assert_true (rs_store_remove_sale (store, rs_sale_get_uid (g_ptr_array_index (set_b, i)),
                                           &error));
      g_assert_no_error (error);
    }
  g_assert_true (rs_store_add_sales (store, set_a, &error));
  g_assert_no_error (error);
  g_assert_true (rs_store_backup_sync (store, backup_a, NULL, &error));
  g_assert_no_error (error);

  /* A reader inside a read transaction keeps seeing the old sales until it ends it. */
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  old_snapshot = read_state (db);
  g_assert_true (g_str_has_suffix (old_snapshot, "a-000199 "));
  g_assert_true (rs_store_restore_sync (store, backup_b, NULL, &error));
  g_assert_no_error (error);
  held = read_state (db);
  g_assert_cmpstr (held, ==, old_snapshot);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  new_snapshot = read_snapshot (db);
  g_assert_cmpstr (old_snapshot, !=, new_snapshot);
  g_assert_true (g_str_has_suffix (new_snapshot, "b-000149 "));
  sqlite3_close (db);

  /* Many restores while another thread reads: each snapshot is one whole store. */
  g_hash_table_add (expected, g_strdup (new_snapshot));
  reader.samples = g_ptr_array_new_with_free_func (g_free);
  thread = g_thread_new ("reader", restore_reader_thread, &reader);
  wait_for_samples (&reader, 1);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(RsStore) check = NULL;
      sqlite3 *check_db = NULL;

      g_assert_true (rs_store_restore_sync (store, i % 2 == 0 ? backup_a : backup_b, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_open_v2 (fixture->path, &check_db, SQLITE_OPEN_READONLY, NULL), ==,
                       SQLITE_OK);
      g_hash_table_add (expected, read_snapshot (check_db));
      sqlite3_close (check_db);
    }
  n_before = g_atomic_int_get (&reader.n_samples);
  wait_for_samples (&reader, n_before + 1);
  g_atomic_int_set (&reader.stop, 1);
  g_thread_join (thread);

  /* Every snapshot is the whole of one restored store at its revision, never a mixture. */
  g_test_message ("%u snapshots read during 20 restores", reader.samples->len);
  g_assert_cmpuint (reader.samples->len, >=, 2);
  g_assert_cmpuint (g_hash_table_size (expected), ==, 21);
  for (guint i = 0; i < reader.samples->len; i++)
    {
      const char *sample = g_ptr_array_index (reader.samples, i);

      if (!g_hash_table_contains (expected, sample))
        g_error ("A reader saw a store that no restore left: %.200s", sample);
    }
  g_ptr_array_unref (reader.samples);
}

static void
test_default_path (void)
{
  g_autofree char *path = rs_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "evolution-recurring-sales",
                                                "sales.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/default-path", test_default_path);
  ADD ("/store/round-trip/every-field", test_round_trip_every_field);
  ADD ("/store/update/replaces-rules-and-occurrences", test_update_replaces_everything);
  ADD ("/store/update/stale-revision-conflicts", test_update_stale_revision_conflicts);
  ADD ("/store/update/missing-is-not-found", test_update_missing_not_found);
  ADD ("/store/remove/then-not-found", test_remove_then_not_found);
  ADD ("/store/open/migrates-empty-file", test_open_migrates_empty_file);
  ADD ("/store/open/creates-private-folder-and-file", test_open_creates_private_files);
  ADD ("/store/open/tightens-loose-modes", test_open_tightens_loose_modes);
  ADD ("/store/open/refuses-random-bytes-untouched", test_open_refuses_random_bytes);
  ADD ("/store/open/refuses-file-of-zeros-untouched", test_open_refuses_file_of_zeros);
  ADD ("/store/open/refuses-truncated-store-untouched", test_open_refuses_truncated_store);
  ADD ("/store/open/refuses-text-file-untouched", test_open_refuses_text_file);
  ADD ("/store/open/refuses-other-application-untouched", test_open_refuses_other_application);
  ADD ("/store/open/refuses-newer-schema-untouched", test_open_refuses_newer_schema);
  ADD ("/store/open/refuses-foreign-wal-database-untouched", test_open_refuses_foreign_wal_database);
  ADD ("/store/open/refuses-symlink", test_open_refuses_symlink);
  ADD ("/store/add-sales/all-or-nothing", test_add_sales_all_or_nothing);
  ADD ("/store/add-sales/ten-thousand-then-list", test_add_sales_many);
  ADD ("/store/changed-since/lists-changed-and-removed", test_changed_since);
  ADD ("/store/mark-occurrence/issue-dates-only", test_mark_occurrence);
  ADD ("/store/renew/links-both-in-one-transaction", test_renew);
  ADD ("/store/backup/round-trip", test_backup_round_trip);
  ADD ("/store/readonly/sees-data-refuses-writes", test_readonly_sees_data_refuses_writes);
  ADD ("/store/load/damaged-row-names-uid", test_damaged_row_names_uid);
  ADD ("/store/migrate/v1-keeps-sales-readers-wait", test_migrate_v1_keeps_sales);
  ADD ("/store/migrate/v3-team-and-offer", test_migrate_v3_team_and_offer);
  ADD ("/store/external/add-lookup-list", test_external_add_lookup_list);
  ADD ("/store/external/refusals-write-nothing", test_external_refusals_write_nothing);
  ADD ("/store/external/link-outlives-removed-sale", test_external_link_outlives_removed_sale);
  ADD ("/store/external/restore-brings-links", test_external_restore_brings_links);
  g_test_add_func ("/store/deliveries/record-is-boxed", test_delivery_record_boxed);
  ADD ("/store/deliveries/put-get-roundtrip", test_deliveries_put_get_roundtrip);
  ADD ("/store/deliveries/list-filters-and-order", test_deliveries_list_filters_and_order);
  ADD ("/store/deliveries/outlive-removed-sale", test_deliveries_outlive_removed_sale);
  ADD ("/store/deliveries/delete-forgets-one-record", test_deliveries_delete_one_record);
  ADD ("/store/deliveries/damaged-rows-are-named", test_deliveries_damaged_rows);
  ADD ("/store/deliveries/readonly-reads-refuses-writes", test_deliveries_readonly);
  ADD ("/store/settings/int-roundtrip", test_settings_int_roundtrip);
  ADD ("/store/restore/round-trip", test_restore_round_trip);
  ADD ("/store/restore/brings-the-ledger", test_restore_brings_ledger);
  ADD ("/store/restore/refuses-foreign-files-untouched", test_restore_refuses_foreign_files);
  ADD ("/store/restore/refuses-damaged-backups-untouched", test_restore_refuses_damaged);
  ADD ("/store/restore/migrates-older-schema", test_restore_migrates_older_schema);
  ADD ("/store/restore/readers-see-old-or-new", test_restore_readers_see_old_or_new);

  return g_test_run ();
}
