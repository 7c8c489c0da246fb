/* test-service-backup.c: Backup and Restore round trips through the service, and its daily
 * rotating backups
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The build tree's service, D-Bus activated on a private bus (service-test-util). The rotation
 * tests give it a clock file (RS_SERVICE_CLOCK_FILE) so that "today" is a day the test chooses,
 * and the keyfile GSettings backend so that backup-count is read from a file the test writes.
 * The same clock shows that PreviewReminder's "next invoice" counts from the service's today.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <recurring-sales/recurring-sales.h>
#include "service-test-util.h"

#define INVALID_ARGUMENT SERVICE_ERROR "InvalidArgument"
#define CONFLICT         SERVICE_ERROR "Conflict"
#define NOT_FOUND        SERVICE_ERROR "NotFound"
#define FAILED           SERVICE_ERROR "Failed"
#define WAIT_MS          30000

typedef struct {
  ServiceBus  bus;
  char       *clock_dir;    /* the clock file's folder (rotation tests), else NULL */
  char       *clock_path;
  char       *backups_dir;  /* data/evolution-recurring-sales/backups */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  service_bus_set_up (&fixture->bus, NULL);
  fixture->backups_dir = g_build_filename (fixture->bus.root, "data", "evolution-recurring-sales",
                                           "backups", NULL);
}

/* The clock file and the GSettings backend reach the service through the bus's environment,
 * so they are set before the bus starts. */
static void
rotation_set_up (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->clock_dir = g_dir_make_tmp ("rs-test-clock-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->clock_path = g_build_filename (fixture->clock_dir, "clock", NULL);
  g_assert_true (g_file_set_contents (fixture->clock_path, "2027-03-15T12:00:00+02:00", -1,
                                      &error));
  g_assert_no_error (error);
  g_setenv ("RS_SERVICE_CLOCK_FILE", fixture->clock_path, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);

  fixture_set_up (fixture, data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  service_bus_tear_down (&fixture->bus);
  g_clear_pointer (&fixture->backups_dir, g_free);

  if (fixture->clock_dir != NULL)
    {
      rs_test_remove_tree (fixture->clock_dir);
      g_clear_pointer (&fixture->clock_dir, g_free);
      g_clear_pointer (&fixture->clock_path, g_free);
      g_unsetenv ("RS_SERVICE_CLOCK_FILE");
      g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
    }
}

static guint
file_mode (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  return info.st_mode & 07777;
}

/* The sale @uid as GetSale gives it, without its revision (which a restore moves on). */
static GVariant *
sale_without_revision (GDBusConnection *connection,
                       const char      *uid,
                       guint64         *out_revision)
{
  g_autoptr(GVariantDict) sale = get_sale (connection, uid);

  g_assert_true (g_variant_dict_lookup (sale, "revision", "t", out_revision));
  g_variant_dict_remove (sale, "revision");
  return g_variant_ref_sink (g_variant_dict_end (sale));
}

/* Same keys, same values. */
static void
assert_sales_equal (GVariant *actual,
                    GVariant *expected)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_assert_cmpuint (g_variant_n_children (actual), ==, g_variant_n_children (expected));
  g_variant_iter_init (&iter, expected);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) expected_value = value;
      g_autoptr(GVariant) actual_value = g_variant_lookup_value (actual, key, NULL);

      g_assert_nonnull (actual_value);
      g_assert_true (g_variant_equal (actual_value, expected_value));
    }
}

static guint
count_sales (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = service_call_ok (connection, "ListSales",
                                               g_variant_new_parsed ("(@a{sv} {},)"), "(aa{sv})");
  g_autoptr(GVariant) sales = g_variant_get_child_value (reply, 0);

  return (guint) g_variant_n_children (sales);
}

static void
assert_strv_equal (const char * const *actual,
                   const char * const *expected)
{
  g_autofree char *actual_text = g_strjoinv (" ", (char **) actual);
  g_autofree char *expected_text = g_strjoinv (" ", (char **) expected);

  g_assert_cmpstr (actual_text, ==, expected_text);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Restore */

static void
test_restore_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  GDBusConnection *connection = fixture->bus.connection;
  g_autofree char *acme = add_sale (connection, sale_dict_new ("Acme"));
  g_autofree char *beta = add_sale (connection, sale_dict_new ("Beta"));
  g_autofree char *gamma = add_sale (connection, sale_dict_new ("Gamma"));
  g_autofree char *delta = NULL;
  g_autofree char *backup_path = g_build_filename (fixture->bus.root, "backup.db", NULL);
  g_autofree char *before_restore = g_build_filename (fixture->backups_dir, "before-restore.db",
                                                      NULL);
  g_autoptr(SignalRecorder) recorder = NULL;
  g_autoptr(GPtrArray) expected_uids = g_ptr_array_new ();
  g_autoptr(GVariant) acme_at_backup = NULL;
  g_autoptr(GVariant) beta_at_backup = NULL;
  g_autoptr(GVariant) gamma_at_backup = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantDict) sale = NULL;
  g_autoptr(GError) error = NULL;
  const char *sides[] = { acme, beta, gamma };
  GVariant **at_backup[] = { &acme_at_backup, &beta_at_backup, &gamma_at_backup };
  guint64 backed_up_revisions[3];
  guint64 old_revisions[3] = { 0, 0, 0 };
  guint64 revision_before, revision_after, revision, beta_revision;
  gint64 amount_minor;

  reply = service_call_ok (connection, "MarkOccurrence",
                           g_variant_new ("(sss)", acme, "2027-02-28", "issued"), "()");
  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call_ok (connection, "Backup", g_variant_new ("(s)", backup_path), "()");
  g_clear_pointer (&reply, g_variant_unref);
  g_assert_cmpuint (file_mode (backup_path), ==, 0600);
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    *at_backup[i] = sale_without_revision (connection, sides[i], &backed_up_revisions[i]);

  /* Then: an edit, a removal, a new sale, a cleared mark. */
  reply = service_call_ok (connection, "UpdateSale",
                           g_variant_new_parsed ("(%s, uint64 1, {'amount_minor': <int64 99900>})",
                                                 beta), "(t)");
  g_variant_get (reply, "(t)", &beta_revision);
  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call_ok (connection, "RemoveSale", g_variant_new ("(s)", gamma), "()");
  g_clear_pointer (&reply, g_variant_unref);
  delta = add_sale (connection, sale_dict_new ("Delta"));
  reply = service_call_ok (connection, "MarkOccurrence",
                           g_variant_new ("(sss)", acme, "2027-02-28", "open"), "()");
  g_clear_pointer (&reply, g_variant_unref);
  revision_before = service_get_revision (connection);
  /* Gamma has none any more. */
  for (guint i = 0; i < 2; i++)
    g_variant_unref (sale_without_revision (connection, sides[i], &old_revisions[i]));
  g_assert_cmpuint (old_revisions[1], ==, beta_revision);

  recorder = signal_recorder_new (connection);
  reply = service_call_ok (connection, "Restore", g_variant_new ("(s)", backup_path), "()");
  g_clear_pointer (&reply, g_variant_unref);

  /* One signal with every uid, old and new, at the new revision. */
  signal_recorder_wait (recorder, 1);
  revision_after = service_get_revision (connection);
  g_assert_cmpuint (revision_after, >, revision_before);
  g_assert_cmpuint (g_array_index (recorder->revisions, guint64, 0), ==, revision_after);
  g_ptr_array_add (expected_uids, acme);
  g_ptr_array_add (expected_uids, beta);
  g_ptr_array_add (expected_uids, gamma);
  g_ptr_array_add (expected_uids, delta);
  g_ptr_array_sort (expected_uids, compare_strings);
  g_ptr_array_add (expected_uids, NULL);
  assert_strv_equal (g_ptr_array_index (recorder->uids, 0),
                     (const char * const *) expected_uids->pdata);

  /* Every sale as at the backup, with a revision above any it had. */
  g_assert_cmpuint (count_sales (connection), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GVariant) restored = sale_without_revision (connection, sides[i], &revision);

      assert_sales_equal (restored, *at_backup[i]);
      g_assert_cmpuint (revision, >, backed_up_revisions[i]);
      g_assert_cmpuint (revision, >, old_revisions[i]);
    }
  reply = service_call (connection, "GetSale", g_variant_new ("(s)", delta), "(a{sv})", &error);
  g_assert_null (reply);
  assert_dbus_error (error, NOT_FOUND, NULL);
  g_clear_error (&error);

  /* An edit based on what was read before the restore is a conflict, not an overwrite. */
  reply = service_call (connection, "UpdateSale",
                        g_variant_new_parsed ("(%s, %t, {'note': <'Lost'>})", beta, beta_revision),
                        "(t)", &error);
  g_assert_null (reply);
  assert_dbus_error (error, CONFLICT, NULL);
  g_clear_error (&error);

  /* The sales as they were are kept, private, and restoring them undoes the restore. */
  g_assert_cmpuint (file_mode (before_restore), ==, 0600);
  g_assert_cmpuint (file_mode (fixture->backups_dir), ==, 0700);
  reply = service_call_ok (connection, "Restore", g_variant_new ("(s)", before_restore), "()");
  g_clear_pointer (&reply, g_variant_unref);
  signal_recorder_wait (recorder, 2);
  g_assert_cmpuint (service_get_revision (connection), >, revision_after);
  g_assert_cmpuint (count_sales (connection), ==, 3);
  sale = get_sale (connection, beta);
  g_assert_true (g_variant_dict_lookup (sale, "amount_minor", "x", &amount_minor));
  g_assert_cmpint (amount_minor, ==, 99900);
  g_clear_pointer (&sale, g_variant_dict_unref);
  sale = get_sale (connection, delta);
  g_clear_pointer (&sale, g_variant_dict_unref);
  reply = service_call (connection, "GetSale", g_variant_new ("(s)", gamma), "(a{sv})", &error);
  assert_dbus_error (error, NOT_FOUND, NULL);
  g_clear_error (&error);
}

static char *list_backups (Fixture *fixture);

static void
test_restore_refusals_change_nothing (Fixture       *fixture,
                                      gconstpointer  data)
{
  GDBusConnection *connection = fixture->bus.connection;
  g_autofree char *acme = add_sale (connection, sale_dict_new ("Acme"));
  g_autofree char *foreign = g_build_filename (fixture->bus.root, "notes.db", NULL);
  g_autofree char *missing = g_build_filename (fixture->bus.root, "missing.db", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *listed = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint64 revision = service_get_revision (connection);

  reply = service_call (connection, "Restore", g_variant_new ("(s)", "backup.db"), "()", &error);
  g_assert_null (reply);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The backup path “backup.db” is not absolute; give the full path of the "
                     "file to restore.");
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (foreign, "client,service\nAcme,Hosting\n", -1, NULL));
  reply = service_call (connection, "Restore", g_variant_new ("(s)", foreign), "()", &error);
  g_assert_null (reply);
  expected = g_strdup_printf ("The file %s is not a recurring-sales database, or it is damaged; "
                              "it was left untouched.", foreign);
  assert_dbus_error (error, FAILED, expected);
  g_clear_error (&error);

  reply = service_call (connection, "Restore", g_variant_new ("(s)", missing), "()", &error);
  g_assert_null (reply);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("The backup %s could not be read: No such file or directory.",
                              missing);
  assert_dbus_error (error, FAILED, expected);
  g_clear_error (&error);

  g_assert_cmpuint (service_get_revision (connection), ==, revision);
  g_assert_cmpuint (count_sales (connection), ==, 1);
  /* A refused restore leaves no copy of the sales as they were behind: nothing changed. */
  listed = list_backups (fixture);
  g_assert_null (strstr (listed, "before-restore"));
}

/* Rotation */

static void
write_backup_count (Fixture *fixture,
                    guint    count)
{
  g_autofree char *dir = g_build_filename (fixture->bus.root, "config", "glib-2.0", "settings",
                                           NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *contents = g_strdup_printf ("[io/github/recurring_sales]\nbackup-count=%u\n",
                                               count);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
set_clock (Fixture    *fixture,
           const char *iso)
{
  g_autoptr(GError) error = NULL;

  /* Written whole and renamed: the service never reads half a time. */
  g_assert_true (g_file_set_contents (fixture->clock_path, iso, -1, &error));
  g_assert_no_error (error);
}

/* The names in the backups folder, sorted and joined with spaces. */
static char *
list_backups (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->backups_dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return g_strdup ("");

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      const char *suffix = strstr (name, ".db.");

      /* The service's temporary files (NAME.db.XXXXXX) come and go while it writes. */
      if (suffix == NULL || strlen (suffix) != strlen (".db.XXXXXX"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
wait_for_backups (Fixture    *fixture,
                  const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  g_autofree char *listed = NULL;

  for (;;)
    {
      g_free (listed);
      listed = list_backups (fixture);
      if (g_str_equal (listed, expected) || g_get_monotonic_time () > deadline)
        break;
      g_usleep (20 * 1000);
    }

  g_assert_cmpstr (listed, ==, expected);
}

static void
make_fake_backup (Fixture    *fixture,
                  const char *name)
{
  g_autofree char *path = g_build_filename (fixture->backups_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "an old backup", -1, NULL));
}

static guint
count_sales_in (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsStore) store = rs_store_open_readonly_sync (path, NULL, &error);
  guint n_sales;

  g_assert_no_error (error);
  n_sales = rs_store_count_sales (store, &error);
  g_assert_no_error (error);
  return n_sales;
}

static void
test_rotation_daily_and_keeps_count (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *uid = NULL;
  g_autofree char *today = g_build_filename (fixture->backups_dir, "sales-2027-03-15.db", NULL);
  g_autofree char *tomorrow = g_build_filename (fixture->backups_dir, "sales-2027-03-16.db",
                                                NULL);

  /* Older backups named like the service's, and files that are not its backups. */
  write_backup_count (fixture, 2);
  g_assert_cmpint (g_mkdir_with_parents (fixture->backups_dir, 0700), ==, 0);
  g_assert_cmpint (g_chmod (fixture->backups_dir, 0755), ==, 0);
  make_fake_backup (fixture, "sales-2027-03-10.db");
  make_fake_backup (fixture, "sales-2027-03-12.db");
  make_fake_backup (fixture, "sales-2027-03-14.db");
  make_fake_backup (fixture, "notes.txt");
  make_fake_backup (fixture, "sales-2027-02-30.db");
  make_fake_backup (fixture, "sales-2027-03-01.db.keep");
  make_fake_backup (fixture, "old-sales-2027-03-02.db");

  /* The first call starts the service, which backs up the store for today (2027-03-15) and
   * keeps the two newest. */
  uid = add_sale (fixture->bus.connection, sale_dict_new ("Acme"));
  wait_for_backups (fixture, "notes.txt old-sales-2027-03-02.db sales-2027-02-30.db "
                             "sales-2027-03-01.db.keep sales-2027-03-14.db sales-2027-03-15.db");
  g_assert_cmpuint (file_mode (today), ==, 0600);
  g_assert_cmpuint (file_mode (fixture->backups_dir), ==, 0700);
  g_assert_cmpuint (count_sales_in (today), <=, 1);

  /* A later call the same day writes nothing more. */
  g_assert_cmpuint (count_sales (fixture->bus.connection), ==, 1);
  set_clock (fixture, "2027-03-15T23:59:00+02:00");
  g_assert_cmpuint (count_sales (fixture->bus.connection), ==, 1);
  wait_for_backups (fixture, "notes.txt old-sales-2027-03-02.db sales-2027-02-30.db "
                             "sales-2027-03-01.db.keep sales-2027-03-14.db sales-2027-03-15.db");

  /* The next day, while it runs: a new backup, with the sale, and the oldest goes. */
  set_clock (fixture, "2027-03-16T00:30:00+02:00");
  wait_for_backups (fixture, "notes.txt old-sales-2027-03-02.db sales-2027-02-30.db "
                             "sales-2027-03-01.db.keep sales-2027-03-15.db sales-2027-03-16.db");
  g_assert_cmpuint (file_mode (tomorrow), ==, 0600);
  g_assert_cmpuint (count_sales_in (tomorrow), ==, 1);
}

static void
test_rotation_count_zero_writes_nothing (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autofree char *uid = NULL;
  g_autofree char *listed = NULL;

  write_backup_count (fixture, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->backups_dir, 0700), ==, 0);
  make_fake_backup (fixture, "sales-2027-03-01.db");

  uid = add_sale (fixture->bus.connection, sale_dict_new ("Acme"));
  set_clock (fixture, "2027-03-16T09:00:00+02:00");
  /* Calls go through the same main loop as the checks: after these, they have run. */
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpuint (count_sales (fixture->bus.connection), ==, 1);
      g_usleep (100 * 1000);
    }

  /* No backup written, and the old one is not rotated away either. */
  listed = list_backups (fixture);
  g_assert_cmpstr (listed, ==, "sales-2027-03-01.db");
}

/* PreviewReminder without a date: the next invoice from the service's today (its clock,
 * 2027-03-15), not the wall clock's. */
static void
test_preview_counts_from_the_service_clock (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GVariantDict) dict = sale_dict_new ("Acme");
  g_autoptr(GVariant) next = NULL;
  g_autoptr(GVariant) march = NULL;
  g_autofree char *uid = NULL;

  g_variant_dict_insert (dict, "email", "s", "billing@acme.example");
  uid = add_sale (fixture->bus.connection, dict);

  next = service_call_ok (fixture->bus.connection, "PreviewReminder",
                          g_variant_new ("(sss)", uid, "invoice", ""), "(ss)");
  march = service_call_ok (fixture->bus.connection, "PreviewReminder",
                           g_variant_new ("(sss)", uid, "invoice", "2027-03-31"), "(ss)");
  g_assert_true (g_variant_equal (next, march));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/service/restore/round-trip-signals-every-uid", Fixture, NULL, fixture_set_up,
              test_restore_round_trip, fixture_tear_down);
  g_test_add ("/service/restore/refusals-change-nothing", Fixture, NULL, fixture_set_up,
              test_restore_refusals_change_nothing, fixture_tear_down);
  g_test_add ("/service/backups/daily-and-keeps-count", Fixture, NULL, rotation_set_up,
              test_rotation_daily_and_keeps_count, fixture_tear_down);
  g_test_add ("/service/backups/count-zero-writes-nothing", Fixture, NULL, rotation_set_up,
              test_rotation_count_zero_writes_nothing, fixture_tear_down);
  g_test_add ("/service/clock/preview-counts-from-the-service-clock", Fixture, NULL,
              rotation_set_up, test_preview_counts_from_the_service_clock, fixture_tear_down);

  return g_test_run ();
}
