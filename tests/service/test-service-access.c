/* test-service-access.c: a call from another Unix user is refused
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GTestDBus's bus lets only its own user connect, so this test runs a bus of its own whose
 * policy lets every user in (as a misconfigured session bus, or root connecting to someone
 * else's, would), activates the service on it, and calls it once as its own user and once as
 * "nobody" (through setpriv and gdbus). It needs root to change user, and skips otherwise.
 */
#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "service-test-util.h"

#define NOBODY_UID "65534"

/* Runs gdbus as "nobody"; its exit status and what it printed on stderr. */
static int
call_as_nobody (const char  *setpriv,
                const char  *gdbus,
                const char  *address,
                const char  *method,
                const char  *argument,
                char       **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *full_method = g_strconcat (SERVICE_INTERFACE ".", method, NULL);

  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  client = g_subprocess_launcher_spawn (launcher, &error, setpriv, "--reuid=" NOBODY_UID,
                                        "--regid=" NOBODY_UID, "--clear-groups", gdbus, "call",
                                        "--session", "--dest", SERVICE_NAME, "--object-path",
                                        SERVICE_PATH, "--method", full_method, argument, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (client, NULL, NULL, NULL, out_stderr, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (client);
}

static void
test_other_user_refused (void)
{
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autofree char *gdbus = g_find_program_in_path ("gdbus");
  g_autofree char *root = NULL;
  g_autofree char *address = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GPid service_pid;

  if (getuid () != 0 || setpriv == NULL || gdbus == NULL)
    {
      g_test_skip ("Calling as another user needs root, setpriv and gdbus.");
      return;
    }

  root = g_dir_make_tmp ("rs-test-access-XXXXXX", &error);
  g_assert_no_error (error);
  rs_test_set_home_env (root);
  daemon = private_bus_start (root, TRUE, &address);
  connection = rs_test_connect_to_address (address);

  /* The service's own user is served. */
  reply = service_call_ok (connection, "AddSale",
                           g_variant_new ("(@a{sv})", g_variant_dict_end (sale_dict_new ("Acme"))),
                           "(s)");
  g_assert_cmpuint (service_get_revision (connection), ==, 1);

  g_assert_cmpint (call_as_nobody (setpriv, gdbus, address, "ListSales", "{}", &message), !=, 0);
  g_assert_nonnull (g_strstr_len (message, -1,
                                  "GDBus.Error:org.freedesktop.DBus.Error.AccessDenied: "
                                  "Only the user who runs the recurring sales service may use it."));
  g_clear_pointer (&message, g_free);

  /* GetSale and ListSales are answered outside the main thread, for known callers only. */
  g_assert_cmpint (call_as_nobody (setpriv, gdbus, address, "GetSale", "nope", &message), !=, 0);
  g_assert_nonnull (g_strstr_len (message, -1, "org.freedesktop.DBus.Error.AccessDenied"));
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (call_as_nobody (setpriv, gdbus, address, "RemoveSale", "nope", &message), !=, 0);
  g_assert_nonnull (g_strstr_len (message, -1, "org.freedesktop.DBus.Error.AccessDenied"));
  g_assert_cmpuint (service_get_revision (connection), ==, 1);

  service_pid = service_get_pid (connection);
  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_subprocess_send_signal (daemon, SIGTERM);
  g_assert_true (subprocess_wait_with_timeout (daemon, 10000));
  g_assert_true (rs_test_process_wait_for_exit (service_pid, 10000));
  rs_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service/access/another-user-is-refused", test_other_user_refused);

  return g_test_run ();
}
