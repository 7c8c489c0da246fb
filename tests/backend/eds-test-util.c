/* eds-test-util.c: a private session bus with a real EDS, the build tree's modules and service
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The recipe of the project's EDS testing notes: a dbus-daemon of our own (with the limits of
 * the desktop's session bus: without them a large get_object_list reply makes the daemon drop
 * the factory), .source files written before the registry starts, the registry and the
 * calendar factory started by us and stopped by PID. Activated programs (the service) inherit
 * the daemon's environment, so HOME and the XDG directories are set first.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "eds-test-util.h"
#include "rs-calendar-eds-compat.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-projection.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-sale-variant.h>
#include <recurring-sales/rs-store.h>
#include "rs-test-util.h"

#define POLL_US (20 * 1000)


static char *
make_dir (const char *root,
          const char *name)
{
  char *dir = g_build_filename (root, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static void
set_dir_env (const char *root,
             const char *variable,
             const char *name)
{
  g_autofree char *dir = make_dir (root, name);

  g_setenv (variable, dir, TRUE);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
write_services (const char *services_dir)
{
  static const char * const services[][2] = {
    { "org.gnome.evolution.dataserver.Sources5", "evolution-source-registry" },
    { "org.gnome.evolution.dataserver.Calendar8", "evolution-calendar-factory" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autofree char *name = g_strconcat (services[i][0], ".service", NULL);
      g_autofree char *path = g_build_filename (services_dir, name, NULL);
      g_autofree char *contents = g_strdup_printf ("[D-BUS Service]\nName=%s\nExec=%s/%s\n",
                                                   services[i][0], EDS_LIBEXECDIR,
                                                   services[i][1]);

      write_file (path, contents);
    }
}

static void
write_bus_config (const char *path,
                  const char *runtime_dir,
                  const char *services_dir)
{
  g_autofree char *config = g_strdup_printf (
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <keep_umask/>\n"
    "  <listen>unix:path=%s/bus</listen>\n"
    "  <auth>EXTERNAL</auth>\n"
    "  <servicedir>%s</servicedir>\n"
    "  <servicedir>%s</servicedir>\n"
    "  <policy context=\"default\">\n"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    /* The limits of /usr/share/dbus-1/session.conf: the compiled-in defaults make dbus-daemon
     * disconnect the factory on a large reply. */
    "  <limit name=\"max_incoming_bytes\">1000000000</limit>\n"
    "  <limit name=\"max_outgoing_bytes\">1000000000</limit>\n"
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
    "</busconfig>\n", runtime_dir, services_dir, SERVICE_TEST_SERVICES_DIR);

  write_file (path, config);
}

/* The Birthdays calendar would connect to an address book factory this bus does not run. */
static void
write_sources (const char *sources_dir)
{
  g_autofree char *path = g_build_filename (sources_dir, "birthdays.source", NULL);

  write_file (path,
              "[Data Source]\nDisplayName=Birthdays & Anniversaries\nEnabled=false\n"
              "Parent=contacts-stub\n\n[Calendar]\nBackendName=contacts\nEnabled=false\n");
}

static gboolean
name_has_owner (GDBusConnection *connection,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

static void
wait_for_name (GDBusConnection *connection,
               const char      *name,
               gboolean         owned)
{
  gint64 deadline = g_get_monotonic_time () + EDS_TEST_TIMEOUT_MS * 1000;

  while (name_has_owner (connection, name) != owned)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%s did not %s the bus in time", name, owned ? "appear on" : "leave");
      g_usleep (POLL_US);
    }
}

/* A failed assertion aborts the test: its EDS processes must not outlive it (they would also
 * keep the test's output open, and meson would wait for them until the timeout). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocessLauncher *
new_launcher (EdsTest          *self,
              GSubprocessFlags  flags,
              const char       *log_name)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *log_path = g_build_filename (self->root, "log", log_name, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (!(flags & G_SUBPROCESS_FLAGS_STDOUT_PIPE))
    g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  return launcher;
}

static GSubprocess *
spawn_logged (EdsTest            *self,
              const char         *log_name,
              const char * const *argv,
              const char         *locale,
              const char         *language)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (self, G_SUBPROCESS_FLAGS_NONE, log_name);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  if (locale != NULL)
    g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  if (language != NULL)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

/* RS_TEST_FACTORY_WRAPPER (say "valgrind --log-file=/tmp/factory.%p.log") runs the calendar
 * factory, and so the backend, under a tool: sanitizers cannot (eds_test_skip_if_sanitized ()). */
static GSubprocess *
spawn_factory (EdsTest            *self,
               const char * const *argv)
{
  const char *wrapper = g_getenv ("RS_TEST_FACTORY_WRAPPER");
  g_auto(GStrv) wrapper_argv = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) full_argv = NULL;
  g_autoptr(GError) error = NULL;

  if (wrapper == NULL || *wrapper == '\0')
    return spawn_logged (self, "calendar-factory.log", argv, NULL, NULL);

  g_shell_parse_argv (wrapper, NULL, &wrapper_argv, &error);
  g_assert_no_error (error);
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) wrapper_argv);
  g_strv_builder_addv (builder, (const char **) argv);
  full_argv = g_strv_builder_end (builder);
  return spawn_logged (self, "calendar-factory.log", (const char * const *) full_argv, NULL, NULL);
}

static void
start_bus (EdsTest *self)
{
  g_autofree char *config = g_build_filename (self->root, "session.conf", NULL);
  g_autofree char *config_arg = g_strconcat ("--config-file=", config, NULL);
  const char *argv[] = { "dbus-daemon", config_arg, "--nofork", "--print-address=1", NULL };
  g_autoptr(GSubprocessLauncher) launcher =
    new_launcher (self, G_SUBPROCESS_FLAGS_STDOUT_PIPE, "bus.log");
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  self->bus = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* The address is known in advance (set in eds_test_start ()); the printed one says that the
   * daemon listens. */
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->bus));
  address = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);

  self->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  /* The bus goes away before this process does. */
  g_dbus_connection_set_exit_on_close (self->connection, FALSE);
}

static void
start_registry (EdsTest              *self,
                const EdsTestOptions *options)
{
  const char *argv[] = { EDS_LIBEXECDIR "/evolution-source-registry", NULL };

  self->registry = spawn_logged (self, "registry.log", argv,
                                 options != NULL ? options->registry_locale : NULL,
                                 options != NULL ? options->registry_language : NULL);
  wait_for_name (self->connection, "org.gnome.evolution.dataserver.Sources5", TRUE);
}

gboolean
eds_test_skip_if_sanitized (void)
{
  if (!EDS_TEST_SANITIZED)
    return FALSE;

  g_print ("1..0 # SKIP EDS cannot load AddressSanitizer-instrumented modules "
           "(LD_PRELOAD of the runtime hangs evolution-source-registry)\n");
  return TRUE;
}

void
eds_test_start (EdsTest              *self,
                const EdsTestOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *services = NULL;
  g_autofree char *sources = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *config = NULL;
  g_autofree char *address = NULL;
  g_autoptr(ESource) source = NULL;
  const char *factory_argv[] = { EDS_LIBEXECDIR "/evolution-calendar-factory", "-r", NULL };

  memset (self, 0, sizeof *self);
  self->root = g_dir_make_tmp ("rs-test-eds-XXXXXX", &error);
  g_assert_no_error (error);
  /* Left behind when a test fails, with the logs of every process. */
  g_test_message ("EDS test root: %s", self->root);

  set_dir_env (self->root, "HOME", "home");
  set_dir_env (self->root, "XDG_CONFIG_HOME", "config");
  set_dir_env (self->root, "XDG_DATA_HOME", "data");
  set_dir_env (self->root, "XDG_CACHE_HOME", "cache");
  set_dir_env (self->root, "XDG_RUNTIME_DIR", "runtime");
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_setenv ("EDS_EXTRA_PREFIXES", EDS_TEST_PREFIX, TRUE);
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  /* Every variable is set here, before any thread exists (setenv () is not thread-safe). */
  address = g_strdup_printf ("unix:path=%s/runtime/bus", self->root);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

  services = make_dir (self->root, "services");
  sources = make_dir (self->root, "config/evolution/sources");
  runtime = g_build_filename (self->root, "runtime", NULL);
  config = g_build_filename (self->root, "session.conf", NULL);
  g_free (make_dir (self->root, "log"));
  write_services (services);
  write_sources (sources);
  write_bus_config (config, runtime, services);

  start_bus (self);
  self->started_at = g_get_real_time () / G_USEC_PER_SEC;
  start_registry (self, options);
  self->factory = spawn_factory (self, factory_argv);
  wait_for_name (self->connection, "org.gnome.evolution.dataserver.Calendar8", TRUE);

  self->sources = e_source_registry_new_sync (NULL, &error);
  g_assert_no_error (error);
  source = eds_test_ref_source (self, EDS_TEST_DEFAULT_UID);
}

static gboolean
process_gone (GPid pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *end;

  /* Not our child: once reparented it may stay a zombie, which counts as gone. */
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return TRUE;
  end = strrchr (stat, ')');
  return end != NULL && end[1] == ' ' && end[2] == 'Z';
}

static void
wait_for_pid (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!process_gone (pid) && g_get_monotonic_time () < deadline)
    g_usleep (POLL_US);
  if (!process_gone (pid))
    kill (pid, SIGKILL);
}

/* Stops @process; its exit status (-1 when it had to be killed). */
static int
stop_process (GSubprocess **process)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
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

/* Our module runs inside EDS's processes: a warning of ours there is a test failure too
 * (criticals are fatal already: G_DEBUG reaches them through the environment). */
static void
assert_clean_log (EdsTest    *self,
                  const char *log_name)
{
  g_autofree char *path = g_build_filename (self->root, "log", log_name, NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;
  if (g_regex_match_simple ("recurring-sales-[a-z]+-(WARNING|CRITICAL)", contents, 0, 0))
    g_error ("%s:\n%s", path, contents);
}

void
eds_test_stop (EdsTest *self)
{
  GPid service = eds_test_service_pid (self);

  /* Still running: nothing of ours crashed them. */
  g_assert_nonnull (g_subprocess_get_identifier (self->factory));
  g_assert_nonnull (g_subprocess_get_identifier (self->registry));

  g_clear_object (&self->sources);
  /* The edsvalgrind test setup runs the factory with --error-exitcode=99. */
  if (stop_process (&self->factory) == 99)
    g_error ("valgrind found errors in the calendar factory: %s/log/calendar-factory.log",
             self->root);
  stop_process (&self->registry);
  g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);
  stop_process (&self->bus);
  /* The service leaves with its bus. */
  if (service != 0)
    wait_for_pid (service);

  assert_clean_log (self, "calendar-factory.log");
  assert_clean_log (self, "registry.log");

  if (g_getenv ("RS_TEST_KEEP") == NULL)
    rs_test_remove_tree (self->root);
  else
    g_printerr ("# kept %s\n", self->root);
  g_clear_pointer (&self->root, g_free);
}

void
eds_test_restart_registry (EdsTest              *self,
                           const EdsTestOptions *options)
{
  stop_process (&self->registry);
  wait_for_name (self->connection, "org.gnome.evolution.dataserver.Sources5", FALSE);
  start_registry (self, options);
}

typedef struct {
  EdsTest    *self;
  const char *uid;
  ESource    *source;
} SourceWait;

static gboolean
source_appeared (gpointer user_data)
{
  SourceWait *wait = user_data;

  wait->source = e_source_registry_ref_source (wait->self->sources, wait->uid);
  return wait->source != NULL;
}

ESource *
eds_test_ref_source (EdsTest    *self,
                     const char *uid)
{
  SourceWait wait = { self, uid, NULL };

  if (!eds_test_wait_until (source_appeared, &wait, EDS_TEST_TIMEOUT_MS))
    g_error ("The source %s did not appear", uid);
  return wait.source;
}

ECalClient *
eds_test_connect (EdsTest    *self,
                  const char *uid)
{
  g_autoptr(ESource) source = eds_test_ref_source (self, uid);
  g_autoptr(GError) error = NULL;
  EClient *client;

  /* (guint32) -1: a positive wait blocks the whole time in a client without a running main
   * loop (e-cal-client.c waits for "connected" in the default main context). */
  client = e_cal_client_connect_sync (source, E_CAL_CLIENT_SOURCE_TYPE_EVENTS, (guint32) -1,
                                      NULL, &error);
  g_assert_no_error (error);
  return E_CAL_CLIENT (client);
}

GVariant *
eds_test_call (EdsTest     *self,
               const char  *method,
               GVariant    *parameters,
               const char  *reply_type,
               GError     **error)
{
  return g_dbus_connection_call_sync (self->connection, EDS_TEST_SERVICE_NAME,
                                      EDS_TEST_SERVICE_PATH, EDS_TEST_SERVICE_NAME, method,
                                      parameters,
                                      reply_type != NULL ? G_VARIANT_TYPE (reply_type) : NULL,
                                      G_DBUS_CALL_FLAGS_NONE, EDS_TEST_TIMEOUT_MS, NULL, error);
}

char *
eds_test_add_sale (EdsTest  *self,
                   GVariant *sale)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  char *uid = NULL;

  reply = eds_test_call (self, "AddSale", g_variant_new ("(@a{sv})", sale), "(s)", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(s)", &uid);
  return uid;
}

GVariant *
eds_test_sale_dict (const char *client,
                    const char *period,
                    const char *start,
                    const char *extra)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  if (extra != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) parsed = g_variant_parse (G_VARIANT_TYPE_VARDICT, extra, NULL, NULL,
                                                    &error);

      g_assert_no_error (error);
      g_variant_dict_clear (&dict);
      g_variant_dict_init (&dict, parsed);
    }
  g_variant_dict_insert (&dict, "client", "s", client);
  if (!g_variant_dict_contains (&dict, "service"))
    g_variant_dict_insert (&dict, "service", "s", "Hosting");
  if (!g_variant_dict_contains (&dict, "amount_minor"))
    g_variant_dict_insert (&dict, "amount_minor", "x", (gint64) 12000);
  g_variant_dict_insert (&dict, "currency", "s", "EUR");
  g_variant_dict_insert (&dict, "period", "s", period);
  g_variant_dict_insert (&dict, "start", "s", start);
  return g_variant_dict_end (&dict);
}

RsSale *
eds_test_get_sale (EdsTest    *self,
                   const char *uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) dict = NULL;
  RsSale *sale;
  guint64 revision = 0;
  gint64 created = 0, updated = 0;

  reply = eds_test_call (self, "GetSale", g_variant_new ("(s)", uid), "(a{sv})", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(@a{sv})", &dict);

  sale = rs_sale_new_from_variant (dict, NULL, &error);
  g_assert_no_error (error);
  /* Decoding leaves what the store sets to the store; the projection uses it. */
  g_variant_lookup (dict, "revision", "t", &revision);
  g_variant_lookup (dict, "created", "x", &created);
  g_variant_lookup (dict, "updated", "x", &updated);
  rs_sale_set_revision (sale, revision);
  rs_sale_set_created (sale, created);
  rs_sale_set_updated (sale, updated);
  return sale;
}

RsSale *
eds_test_read_sale (EdsTest    *self,
                    const char *uid)
{
  g_autofree char *path = rs_store_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RsStore) store = rs_store_open_readonly_sync (path, NULL, &error);
  RsSale *sale;

  g_assert_no_error (error);
  sale = rs_store_get_sale (store, uid, &error);
  if (sale == NULL)
    g_assert_error (error, RS_ERROR, RS_ERROR_NOT_FOUND);
  return sale;
}

guint64
eds_test_service_revision (EdsTest *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_sync (self->connection, EDS_TEST_SERVICE_NAME,
                                       EDS_TEST_SERVICE_PATH, "org.freedesktop.DBus.Properties",
                                       "Get",
                                       g_variant_new ("(ss)", EDS_TEST_SERVICE_NAME, "Revision"),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE,
                                       EDS_TEST_TIMEOUT_MS, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &value);
  return g_variant_get_uint64 (value);
}

static GPid
name_pid (EdsTest    *self,
          const char *name)
{
  g_autoptr(GVariant) reply = NULL;
  guint32 pid = 0;

  reply = g_dbus_connection_call_sync (self->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "GetConnectionUnixProcessID", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       NULL);
  if (reply != NULL)
    g_variant_get (reply, "(u)", &pid);
  return (GPid) pid;
}

GPid
eds_test_service_pid (EdsTest *self)
{
  return self->connection != NULL ? name_pid (self, EDS_TEST_SERVICE_NAME) : 0;
}

GPid
eds_test_factory_pid (EdsTest *self)
{
  return name_pid (self, "org.gnome.evolution.dataserver.Calendar8");
}

void
eds_test_ping_service (EdsTest *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (self->connection, EDS_TEST_SERVICE_NAME,
                                       EDS_TEST_SERVICE_PATH, "org.freedesktop.DBus.Peer", "Ping",
                                       NULL, NULL, G_DBUS_CALL_FLAGS_NONE, EDS_TEST_TIMEOUT_MS,
                                       NULL, &error);
  g_assert_no_error (error);
}

void
eds_test_kill_service (EdsTest *self)
{
  GPid pid;

  eds_test_ping_service (self);
  pid = eds_test_service_pid (self);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  wait_for_pid (pid);
  wait_for_name (self->connection, EDS_TEST_SERVICE_NAME, FALSE);
}

gboolean
eds_test_wait_until (gboolean (*done) (gpointer user_data),
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
eds_test_spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5 * 1000);
}

GDate
eds_test_date (const char *iso)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  rs_date_parse (iso, "test", &date, &error);
  g_assert_no_error (error);
  return date;
}

char *
eds_test_make_time (const GDate *date)
{
  return g_strdup_printf ("%04u%02u%02uT000000Z", (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date), (guint) g_date_get_day (date));
}

char *
eds_test_component_uid (RsSale         *sale,
                        RsReminderKind  kind)
{
  return rs_projection_component_uid (rs_sale_get_uid (sale), kind);
}

char *
eds_test_component_key (ICalComponent *component)
{
  g_autoptr(ICalTime) recurrence_id = i_cal_component_get_recurrenceid (component);
  const char *uid = i_cal_component_get_uid (component);

  if (recurrence_id == NULL || i_cal_time_is_null_time (recurrence_id))
    return g_strdup (uid);

  return g_strdup_printf ("%s@%04d%02d%02d", uid, i_cal_time_get_year (recurrence_id),
                          i_cal_time_get_month (recurrence_id), i_cal_time_get_day (recurrence_id));
}

GHashTable *
eds_test_projection_by_id (RsSale *sale)
{
  GHashTable *by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) components = rs_projection_build (sale);
  g_autoptr(GTimeZone) local_zone = g_time_zone_new_local ();

  /* The calendar reads the projection through EDS's eyes (rs-calendar-eds-compat.c); the
   * tests of what that changes are the reminder and instance tests. */
  rs_calendar_eds_compat_apply (components, local_zone, g_get_real_time () / G_USEC_PER_SEC);

  for (guint i = 0; i < components->len; i++)
    {
      ICalComponent *component = g_ptr_array_index (components, i);

      g_hash_table_insert (by_id, eds_test_component_key (component),
                           i_cal_component_as_ical_string (component));
    }

  return by_id;
}
