/* test-service-lifecycle.c: how the service starts and ends — one instance per session, clean
 * exits on SIGTERM and when idle, and a store that survives SIGKILL in the middle of an import
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include <recurring-sales/recurring-sales.h>
#include "service-test-util.h"

#define N_IMPORT_ROWS 100000

/* When the import is killed: after a fixed delay (while the service still parses), or once
 * the write-ahead log has grown (SQLite spills the open transaction's pages there). */
typedef struct {
  guint   delay_ms;
  goffset wal_bytes;
} KillPoint;

static const KillPoint kill_after_200_ms = { 200, 0 };
static const KillPoint kill_while_writing = { 0, 1024 * 1024 };

/* The service's environment asks it to exit after one idle second. */
static void
idle_bus_set_up (ServiceBus    *bus,
                 gconstpointer  data)
{
  service_bus_set_up (bus, "1");
}

static GSubprocess *
spawn_service (const char *first_arg,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *subprocess;
  va_list args;

  g_ptr_array_add (argv, (gpointer) SERVICE_EXE);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* The environment is the test's: the bus address, HOME and the XDG directories. */
  subprocess = g_subprocess_newv ((const char * const *) argv->pdata,
                                  G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  return subprocess;
}

static char *
read_stderr (GSubprocess *subprocess)
{
  GInputStream *stream = g_subprocess_get_stderr_pipe (subprocess);
  g_autoptr(GError) error = NULL;
  char buffer[4096];
  gsize n_read = 0;

  g_input_stream_read_all (stream, buffer, sizeof buffer - 1, &n_read, NULL, &error);
  g_assert_no_error (error);
  buffer[n_read] = '\0';
  return g_strdup (buffer);
}

static void
assert_exited_with_success (GSubprocess *subprocess)
{
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 0);
}

static void
test_second_instance (ServiceBus    *bus,
                      gconstpointer  data)
{
  g_autoptr(GVariant) version = service_get_property (bus->connection, "Version");
  g_autofree char *owner = service_get_owner (bus->connection);
  g_autofree char *owner_after = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GSubprocess) second = NULL;
  gint64 started = g_get_monotonic_time ();

  g_assert_nonnull (owner);
  second = spawn_service (NULL);
  g_assert_true (subprocess_wait_with_timeout (second, 10000));
  assert_exited_with_success (second);
  g_test_message ("The second instance ran %.2f s.",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  message = read_stderr (second);
  g_assert_cmpstr (message, ==,
                   "Another recurring-sales-service already serves this session; this one exits.\n");

  owner_after = service_get_owner (bus->connection);
  g_assert_cmpstr (owner_after, ==, owner);
}

static void
test_sigterm (ServiceBus    *bus,
              gconstpointer  data)
{
  g_autoptr(GSubprocess) service = spawn_service ("--idle-timeout", "0", NULL);
  g_autofree char *wal_path = g_strconcat (bus->store_path, "-wal", NULL);
  g_autofree char *uid = NULL;
  g_autoptr(RsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (service_wait_for_owner (bus->connection, 10000));
  g_assert_cmpint (service_get_pid (bus->connection), ==,
                   atoi (g_subprocess_get_identifier (service)));
  uid = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_assert_true (g_file_test (wal_path, G_FILE_TEST_EXISTS));

  g_subprocess_send_signal (service, SIGTERM);
  g_assert_true (subprocess_wait_with_timeout (service, 10000));
  assert_exited_with_success (service);
  g_assert_true (service_wait_for_no_owner (bus->connection, 1000));

  /* Closed cleanly: SQLite folds the write-ahead log back into the file on the last close. */
  g_assert_false (g_file_test (wal_path, G_FILE_TEST_EXISTS));
  store = rs_store_open_readonly_sync (bus->store_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rs_store_count_sales (store, &error), ==, 1);
}

static void
test_idle_timeout (ServiceBus    *bus,
                   gconstpointer  data)
{
  g_autoptr(GVariant) version = service_get_property (bus->connection, "Version");
  g_autofree char *owner = service_get_owner (bus->connection);
  g_autofree char *new_owner = NULL;
  g_autoptr(GSubprocess) by_hand = NULL;
  GPid pid = service_get_pid (bus->connection);
  gint64 last_call, elapsed_us;

  /* Calls more often than the timeout (1 s) keep the same instance alive. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *current = NULL;

      g_usleep (400 * 1000);
      g_assert_cmpuint (service_get_revision (bus->connection), ==, 0);
      current = service_get_owner (bus->connection);
      g_assert_cmpstr (current, ==, owner);
    }

  last_call = g_get_monotonic_time ();
  g_assert_true (service_wait_for_no_owner (bus->connection, 10000));
  elapsed_us = g_get_monotonic_time () - last_call;
  g_test_message ("The service exited %.2f s after the last call.",
                  elapsed_us / (double) G_USEC_PER_SEC);
  g_assert_cmpint (elapsed_us, >=, 900 * 1000);
  g_assert_true (rs_test_process_wait_for_exit (pid, 5000));

  /* The next call starts a new instance. */
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 0);
  new_owner = service_get_owner (bus->connection);
  g_assert_nonnull (new_owner);
  g_assert_cmpstr (new_owner, !=, owner);
  g_assert_true (service_wait_for_no_owner (bus->connection, 10000));

  /* Started by hand with the option, it exits by itself too, successfully. */
  by_hand = spawn_service ("--idle-timeout", "1", NULL);
  g_assert_true (subprocess_wait_with_timeout (by_hand, 10000));
  assert_exited_with_success (by_hand);
}

static char *
make_csv (guint n_rows)
{
  GString *csv = g_string_new ("client,service,amount,currency,period,start,term\n");

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv, "Client %06u,Hosting,%u.00,EUR,1m,2027-01-31,1y\n", i, 10 + i % 90);

  return g_string_free (csv, FALSE);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             error);

  /* Only a reply that came before the kill has no error; flag it so the test sees it. */
  if (reply != NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "The import finished.");
}

/* The number of sales in the store, checked for integrity first (sqlite directly). */
static guint
count_stored_sales (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sales", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static goffset
file_size (const char *path)
{
  GStatBuf info;

  return g_stat (path, &info) == 0 ? (goffset) info.st_size : 0;
}

static void
test_sigkill_during_import (ServiceBus    *bus,
                            gconstpointer  data)
{
  const KillPoint *kill_point = data;
  g_autofree char *csv = make_csv (N_IMPORT_ROWS);
  g_autofree char *wal_path = g_strconcat (bus->store_path, "-wal", NULL);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autoptr(GError) import_error = NULL;
  g_autoptr(RsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 revision = service_get_revision (bus->connection);
  GPid pid = service_get_pid (bus->connection);
  GPid new_pid;
  guint count;

  g_assert_cmpuint (revision, ==, 0);
  g_assert_cmpint (pid, >, 0);

  g_dbus_connection_call (bus->connection, SERVICE_NAME, SERVICE_PATH, SERVICE_INTERFACE, "Import",
                          g_variant_new ("(ss)", "csv", csv), G_VARIANT_TYPE ("(uaa{sv})"),
                          G_DBUS_CALL_FLAGS_NONE, 120000, NULL, on_import_done, &import_error);
  g_dbus_connection_flush_sync (bus->connection, NULL, &error);
  g_assert_no_error (error);
  g_usleep (kill_point->delay_ms * 1000);
  while (kill_point->wal_bytes > 0 && file_size (wal_path) < kill_point->wal_bytes)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_assert_null (import_error);
      g_usleep (2000);
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);

  while (import_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("The import ended with: %s", import_error->message);
  g_assert_false (g_error_matches (import_error, G_IO_ERROR, G_IO_ERROR_EXISTS));
  g_assert_true (rs_test_process_wait_for_exit (pid, 10000));

  count = count_stored_sales (bus->store_path);
  g_test_message ("After the kill the store holds %u sales.", count);
  g_assert_true (count == 0 || count == N_IMPORT_ROWS);

  /* The next call starts the service again, on the same store. */
  g_assert_cmpuint (service_get_revision (bus->connection), ==, count);
  new_pid = service_get_pid (bus->connection);
  g_assert_cmpint (new_pid, >, 0);
  g_assert_cmpint (new_pid, !=, pid);
  store = rs_store_open_readonly_sync (bus->store_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rs_store_count_sales (store, &error), ==, count);
}

/* A store that cannot be used does not stop the service from starting: every call says why
 * (StoreUnusable), and the file is left as it was. */
static void
test_unusable_store (ServiceBus    *bus,
                     gconstpointer  data)
{
  g_autofree char *store_dir = g_path_get_dirname (bus->store_path);
  g_autofree char *expected = g_strdup_printf ("The file %s is not a recurring-sales database, or "
                                               "it is damaged; it was left untouched.",
                                               bus->store_path);
  g_autofree char *contents = NULL;
  g_autoptr(GVariant) version = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (store_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (bus->store_path, "Not a database, a shopping list.\n", -1,
                                      &error));

  reply = service_call (bus->connection, "ListSales", g_variant_new_parsed ("(@a{sv} {},)"),
                        "(aa{sv})", &error);
  assert_dbus_error (error, SERVICE_ERROR "StoreUnusable", expected);
  g_clear_error (&error);
  reply = service_call (bus->connection, "AddSale",
                        g_variant_new ("(@a{sv})", g_variant_dict_end (sale_dict_new ("Acme"))),
                        "(s)", &error);
  assert_dbus_error (error, SERVICE_ERROR "StoreUnusable", expected);
  g_assert_null (reply);

  version = service_get_property (bus->connection, "Version");
  g_assert_cmpstr (g_variant_get_string (version, NULL), ==, PACKAGE_VERSION);
  g_assert_true (g_file_get_contents (bus->store_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "Not a database, a shopping list.\n");
}

/* The same user's instance on another session bus (a remote login) writes the same store: this
 * instance reads the changes back on its next call and announces them. */
static void
test_other_writer (ServiceBus    *bus,
                   gconstpointer  data)
{
  g_autoptr(SignalRecorder) recorder = signal_recorder_new (bus->connection);
  g_autofree char *ours = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autofree char *second_dir = g_build_filename (bus->root, "second-bus", NULL);
  g_autofree char *address = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *later = NULL;
  g_autoptr(GSubprocess) second_bus = NULL;
  g_autoptr(GDBusConnection) other = NULL;
  g_autoptr(GVariantDict) sale = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *text;
  char **uids;
  GPid other_pid;

  g_assert_cmpint (g_mkdir_with_parents (second_dir, 0700), ==, 0);
  second_bus = private_bus_start (second_dir, FALSE, &address);
  other = rs_test_connect_to_address (address);
  theirs = add_sale (other, sale_dict_new ("Beta"));
  reply = service_call_ok (other, "UpdateSale",
                           g_variant_new_parsed ("(%s, uint64 1, {'note': <'From the other session'>})",
                                                 ours), "(t)");
  other_pid = service_get_pid (other);
  g_assert_cmpint (other_pid, !=, service_get_pid (bus->connection));

  sale = get_sale (bus->connection, theirs);
  g_assert_true (g_variant_dict_lookup (sale, "client", "&s", &text));
  g_assert_cmpstr (text, ==, "Beta");
  g_clear_pointer (&sale, g_variant_dict_unref);
  sale = get_sale (bus->connection, ours);
  g_assert_true (g_variant_dict_lookup (sale, "note", "&s", &text));
  g_assert_cmpstr (text, ==, "From the other session");
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 3);

  signal_recorder_wait (recorder, 2);
  uids = g_ptr_array_index (recorder->uids, 1);
  g_assert_cmpuint (g_strv_length (uids), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) uids, ours));
  g_assert_true (g_strv_contains ((const char * const *) uids, theirs));
  g_assert_cmpuint (g_array_index (recorder->revisions, guint64, 1), ==, 3);

  /* Writing here again: one change, one step. */
  later = add_sale (bus->connection, sale_dict_new ("Gamma"));
  signal_recorder_wait (recorder, 3);
  uids = g_ptr_array_index (recorder->uids, 2);
  g_assert_cmpuint (g_strv_length (uids), ==, 1);
  g_assert_cmpstr (uids[0], ==, later);
  g_assert_cmpuint (g_array_index (recorder->revisions, guint64, 2), ==, 4);

  /* The other instance catches up the same way. */
  g_clear_pointer (&sale, g_variant_dict_unref);
  sale = get_sale (other, later);
  g_assert_cmpuint (service_get_revision (other), ==, 4);

  g_dbus_connection_close_sync (other, NULL, NULL);
  g_subprocess_send_signal (second_bus, SIGTERM);
  g_assert_true (subprocess_wait_with_timeout (second_bus, 10000));
  g_assert_true (rs_test_process_wait_for_exit (other_pid, 10000));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  service_test_add ("/service/lifecycle/second-instance-exits-at-once", test_second_instance);
  service_test_add ("/service/lifecycle/sigterm-exits-cleanly", test_sigterm);
  g_test_add ("/service/lifecycle/idle-timeout-exits-and-next-call-restarts", ServiceBus, NULL,
              idle_bus_set_up, test_idle_timeout, service_bus_down);
  service_test_add ("/service/lifecycle/changes-by-another-instance-are-read-back",
                    test_other_writer);
  service_test_add ("/service/lifecycle/unusable-store-is-reported-on-every-call",
                    test_unusable_store);
  g_test_add ("/service/lifecycle/sigkill-200-ms-into-import-is-all-or-nothing", ServiceBus,
              &kill_after_200_ms, service_bus_up, test_sigkill_during_import, service_bus_down);
  g_test_add ("/service/lifecycle/sigkill-while-import-writes-is-all-or-nothing", ServiceBus,
              &kill_while_writing, service_bus_up, test_sigkill_during_import, service_bus_down);

  return g_test_run ();
}
