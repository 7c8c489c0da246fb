/* rs-test-bus.c: the C tests' private session — HOME and the XDG folders of their own, a
 * dbus-daemon with a real session bus's limits, and the processes the test starts and stops
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The recipe of the project's EDS testing notes: a dbus-daemon of our own, started --nofork as
 * our child (nothing here reaps orphans), with the limits of the desktop's session bus; the
 * programs of the session started by the test, logged into its folder and stopped by PID.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "rs-test-bus.h"
#include "rs-test-util.h"

#define POLL_US (20 * 1000)

char *
rs_test_make_dir (const char *root,
                  const char *name)
{
  char *dir = g_build_filename (root, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

void
rs_test_set_dir_env (const char *root,
                     const char *variable,
                     const char *name)
{
  g_autofree char *dir = rs_test_make_dir (root, name);

  g_setenv (variable, dir, TRUE);
}

void
rs_test_set_home_env (const char *root)
{
  rs_test_set_dir_env (root, "HOME", "home");
  rs_test_set_dir_env (root, "XDG_CONFIG_HOME", "config");
  rs_test_set_dir_env (root, "XDG_DATA_HOME", "data");
  rs_test_set_dir_env (root, "XDG_CACHE_HOME", "cache");
}

void
rs_test_write_file (const char *path,
                    const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* --- A dbus-daemon of the test's own ---------------------------------------------------- */

void
rs_test_write_bus_config (const char         *path,
                          const char         *listen,
                          const char * const *service_dirs,
                          gboolean            allow_other_users)
{
  g_autoptr(GString) config = g_string_new (NULL);

  g_string_append_printf (config,
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <keep_umask/>\n"
    "  <listen>%s</listen>\n"
    "  <auth>EXTERNAL</auth>\n", listen);
  for (guint i = 0; service_dirs != NULL && service_dirs[i] != NULL; i++)
    g_string_append_printf (config, "  <servicedir>%s</servicedir>\n", service_dirs[i]);
  g_string_append_printf (config,
    "  <policy context=\"default\">\n"
    "%s"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    /* The limits of /usr/share/dbus-1/session.conf: the compiled-in defaults make dbus-daemon
     * disconnect a client (the calendar factory) on a large reply. */
    "  <limit name=\"max_incoming_bytes\">1000000000</limit>\n"
    "  <limit name=\"max_incoming_unix_fds\">250000000</limit>\n"
    "  <limit name=\"max_outgoing_bytes\">1000000000</limit>\n"
    "  <limit name=\"max_outgoing_unix_fds\">250000000</limit>\n"
    "  <limit name=\"max_message_size\">1000000000</limit>\n"
    "  <limit name=\"service_start_timeout\">120000</limit>\n"
    "  <limit name=\"auth_timeout\">240000</limit>\n"
    "  <limit name=\"pending_fd_timeout\">150000</limit>\n"
    "  <limit name=\"max_completed_connections\">100000</limit>\n"
    "  <limit name=\"max_incomplete_connections\">10000</limit>\n"
    "  <limit name=\"max_connections_per_user\">100000</limit>\n"
    "  <limit name=\"max_pending_service_starts\">10000</limit>\n"
    "  <limit name=\"max_names_per_connection\">50000</limit>\n"
    "  <limit name=\"max_match_rules_per_connection\">50000</limit>\n"
    "  <limit name=\"max_replies_per_connection\">50000</limit>\n"
    "</busconfig>\n", allow_other_users ? "    <allow user=\"*\"/>\n" : "");

  rs_test_write_file (path, config->str);
}

/* A failed assertion aborts the test: what it started must not outlive it (it would also
 * keep the test's output open, and meson would wait for it until the timeout). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocessLauncher *
new_launcher (GSubprocessFlags  flags,
              const char       *log_path)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (log_path != NULL && !(flags & G_SUBPROCESS_FLAGS_STDOUT_PIPE))
    g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  if (log_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  return launcher;
}

GSubprocess *
rs_test_bus_start (const char  *config_path,
                   const char  *log_path,
                   char       **out_address)
{
  g_autofree char *config_arg = g_strconcat ("--config-file=", config_path, NULL);
  const char *argv[] = { "dbus-daemon", config_arg, "--nofork", "--print-address=1", NULL };
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                                          log_path);
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *daemon;

  daemon = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* The printed address says that the daemon listens. */
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (daemon));
  *out_address = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out_address);
  return daemon;
}

GDBusConnection *
rs_test_connect_to_address (const char *address)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection;

  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_set_exit_on_close (connection, FALSE);
  return connection;
}

/* --- The session ------------------------------------------------------------------------ */

void
rs_test_session_init (RsTestSession *self,
                      const char    *tmpl)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  memset (self, 0, sizeof *self);
  self->root = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  /* Left behind when a test fails, with the logs of every process. */
  g_test_message ("test session: %s", self->root);

  rs_test_set_home_env (self->root);
  rs_test_set_dir_env (self->root, "XDG_RUNTIME_DIR", "runtime");
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  /* Every variable is set here, before any thread exists (setenv () is not thread-safe). */
  address = g_strdup_printf ("unix:path=%s/runtime/bus", self->root);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

  g_free (rs_test_make_dir (self->root, "log"));
}

void
rs_test_session_start_bus (RsTestSession      *self,
                           const char * const *service_dirs)
{
  g_autofree char *config = g_build_filename (self->root, "session.conf", NULL);
  g_autofree char *listen = g_strdup_printf ("unix:path=%s/runtime/bus", self->root);
  g_autofree char *log_path = g_build_filename (self->root, "log", "bus.log", NULL);
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;

  rs_test_write_bus_config (config, listen, service_dirs, FALSE);
  /* The address is known in advance (rs_test_session_init () set it). */
  self->bus = rs_test_bus_start (config, log_path, &address);

  self->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  /* The bus goes away before this process does. */
  g_dbus_connection_set_exit_on_close (self->connection, FALSE);
}

GSubprocessLauncher *
rs_test_session_new_launcher (RsTestSession    *self,
                              GSubprocessFlags  flags,
                              const char       *log_name)
{
  g_autofree char *log_path = g_build_filename (self->root, "log", log_name, NULL);

  return new_launcher (flags, log_path);
}

GSubprocess *
rs_test_session_spawn (RsTestSession      *self,
                       GSubprocessFlags    flags,
                       const char         *log_name,
                       const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = rs_test_session_new_launcher (self, flags, log_name);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

void
rs_test_session_assert_running (RsTestSession *self,
                                GSubprocess   *process,
                                const char    *log_name)
{
  if (g_subprocess_get_identifier (process) == NULL)
    g_error ("%s exited; see %s/log/%s", log_name, self->root, log_name);
}

void
rs_test_session_wait_for_name (RsTestSession *self,
                               const char    *name,
                               gboolean       owned,
                               GSubprocess   *process,
                               const char    *log_name)
{
  gint64 deadline = g_get_monotonic_time () + RS_TEST_START_TIMEOUT_MS * 1000;

  while (rs_test_name_has_owner (self->connection, name) != owned)
    {
      if (process != NULL)
        rs_test_session_assert_running (self, process, log_name);
      if (g_get_monotonic_time () > deadline)
        g_error ("%s did not %s the bus in time; see %s/log", name,
                 owned ? "appear on" : "leave", self->root);
      g_usleep (POLL_US);
    }
}

void
rs_test_session_stop_bus (RsTestSession *self)
{
  if (self->connection != NULL)
    g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);
  rs_test_stop_process (&self->bus, 60000);
}

void
rs_test_session_remove (RsTestSession *self)
{
  if (g_getenv ("RS_TEST_KEEP") == NULL)
    rs_test_remove_tree (self->root);
  else
    g_printerr ("# kept %s\n", self->root);
  g_clear_pointer (&self->root, g_free);
}

/* --- Processes -------------------------------------------------------------------------- */

int
rs_test_stop_process (GSubprocess **process,
                      guint         timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  int status = -1;

  if (*process == NULL)
    return status;

  g_subprocess_send_signal (*process, SIGTERM);
  /* GSubprocess reaps in GLib's worker thread: the identifier goes once the child is gone. */
  while (g_subprocess_get_identifier (*process) != NULL && g_get_monotonic_time () < deadline)
    g_usleep (POLL_US);
  if (g_subprocess_get_identifier (*process) != NULL)
    g_subprocess_force_exit (*process);
  g_subprocess_wait (*process, NULL, NULL);
  if (g_subprocess_get_if_exited (*process))
    status = g_subprocess_get_exit_status (*process);
  g_clear_object (process);
  return status;
}

gboolean
rs_test_process_has_exited (GPid pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  const char *after_name;

  if (!g_file_get_contents (stat_path, &contents, NULL, NULL))
    return TRUE;

  after_name = strrchr (contents, ')');
  return after_name != NULL && (after_name[2] == 'Z' || after_name[2] == 'X');
}

gboolean
rs_test_process_wait_for_exit (GPid  pid,
                               guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!rs_test_process_has_exited (pid))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (POLL_US);
    }

  return TRUE;
}

/* --- The bus's own answers -------------------------------------------------------------- */

static GVariant *
bus_call (GDBusConnection *connection,
          const char      *method,
          const char      *name,
          const char      *reply_type)
{
  return g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                      "org.freedesktop.DBus", method, g_variant_new ("(s)", name),
                                      G_VARIANT_TYPE (reply_type), G_DBUS_CALL_FLAGS_NONE, -1,
                                      NULL, NULL);
}

gboolean
rs_test_name_has_owner (GDBusConnection *connection,
                        const char      *name)
{
  g_autoptr(GVariant) reply = bus_call (connection, "NameHasOwner", name, "(b)");
  gboolean has_owner = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

char *
rs_test_name_get_owner (GDBusConnection *connection,
                        const char      *name)
{
  g_autoptr(GVariant) reply = bus_call (connection, "GetNameOwner", name, "(s)");
  char *owner = NULL;

  if (reply != NULL)
    g_variant_get (reply, "(s)", &owner);
  return owner;
}

GPid
rs_test_name_get_pid (GDBusConnection *connection,
                      const char      *name)
{
  g_autoptr(GVariant) reply = bus_call (connection, "GetConnectionUnixProcessID", name, "(u)");
  guint32 pid = 0;

  if (reply != NULL)
    g_variant_get (reply, "(u)", &pid);
  return (GPid) pid;
}

/* --- The service ---------------------------------------------------------------------- */

GVariant *
rs_test_service_call (GDBusConnection  *connection,
                      const char       *method,
                      GVariant         *parameters,
                      const char       *reply_type,
                      int               timeout_ms,
                      GError          **error)
{
  return g_dbus_connection_call_sync (connection, RS_TEST_SERVICE_NAME, RS_TEST_SERVICE_PATH,
                                      RS_TEST_SERVICE_INTERFACE, method, parameters,
                                      reply_type != NULL ? G_VARIANT_TYPE (reply_type) : NULL,
                                      G_DBUS_CALL_FLAGS_NONE, timeout_ms, NULL, error);
}

GVariant *
rs_test_service_get_property (GDBusConnection *connection,
                              const char      *name,
                              int              timeout_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariant *value;

  reply = g_dbus_connection_call_sync (connection, RS_TEST_SERVICE_NAME, RS_TEST_SERVICE_PATH,
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", RS_TEST_SERVICE_INTERFACE, name),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE,
                                       timeout_ms, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &value);
  return value;
}

/* --- The main context ------------------------------------------------------------------- */

gboolean
rs_test_wait_until (gboolean (*done) (gpointer user_data),
                    gpointer   user_data,
                    guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (user_data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5 * 1000);
    }
  return TRUE;
}

void
rs_test_spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5 * 1000);
}
