/* rs-test-bus.h: the C tests' private session — HOME and the XDG folders of their own, a
 * dbus-daemon with a real session bus's limits, and the processes the test starts and stops
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Activated programs inherit the daemon's environment, and setenv () is not thread-safe: the
 * environment is complete (rs_test_session_init ()) before the bus or any thread starts.
 * Everything started here is killed with the test when it dies (PR_SET_PDEATHSIG), so that
 * nothing keeps the test's output open after a failed assertion.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a program may take to start, or to leave the bus. */
#define RS_TEST_START_TIMEOUT_MS 30000

#define RS_TEST_SERVICE_NAME      "io.github.recurring_sales.RecurringSales1"
#define RS_TEST_SERVICE_PATH      "/io/github/recurring_sales/RecurringSales1"
#define RS_TEST_SERVICE_INTERFACE RS_TEST_SERVICE_NAME

typedef struct {
  char            *root;        /* HOME, the XDG folders, session.conf, log/ */
  GSubprocess     *bus;         /* dbus-daemon */
  GDBusConnection *connection;  /* the test's session bus (the g_bus_get () singleton) */
} RsTestSession;

/* Folders and files */

/* @root/@name, created (with its parents, 0700); newly allocated. */
char            *rs_test_make_dir               (const char          *root,
                                                 const char          *name);
/* Points @variable at the folder @root/@name, created. */
void             rs_test_set_dir_env            (const char          *root,
                                                 const char          *variable,
                                                 const char          *name);
/* HOME, XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME in folders under @root. */
void             rs_test_set_home_env           (const char          *root);
void             rs_test_write_file             (const char          *path,
                                                 const char          *contents);

/* A dbus-daemon of the test's own */

/* A session bus configuration listening on @listen ("unix:path=…", "unix:tmpdir=…") that
 * activates the .service files of @service_dirs (NULL-terminated), with the <limit> block of
 * /usr/share/dbus-1/session.conf (without it the daemon drops a client on a large reply);
 * @allow_other_users lets every Unix user connect. */
void             rs_test_write_bus_config       (const char          *path,
                                                 const char          *listen,
                                                 const char * const  *service_dirs,
                                                 gboolean             allow_other_users);
/* Starts dbus-daemon with the configuration @config_path, its standard error into @log_path
 * (NULL: the test's), and waits until it listens; its address goes into @out_address. Stop it
 * with rs_test_stop_process (). */
GSubprocess     *rs_test_bus_start              (const char          *config_path,
                                                 const char          *log_path,
                                                 char               **out_address);
/* A new connection to the bus at @address that does not end the test when the bus goes. */
GDBusConnection *rs_test_connect_to_address     (const char          *address);

/* The session */

/* A new temporary folder (named after @tmpl, "rs-test-eds-XXXXXX") with HOME and the XDG
 * folders, GIO_USE_VFS=local, no DISPLAY, and DBUS_SESSION_BUS_ADDRESS pointing at the bus
 * rs_test_session_start_bus () starts there. Call it first in main (). */
void             rs_test_session_init           (RsTestSession       *self,
                                                 const char          *tmpl);
/* Writes session.conf with @service_dirs (NULL-terminated, may be NULL), starts the bus (its
 * log is log/bus.log) and connects to it. */
void             rs_test_session_start_bus      (RsTestSession       *self,
                                                 const char * const  *service_dirs);
/* A launcher whose child writes its output into log/@log_name (its standard output only
 * unless @flags pipe it) and dies with the test. */
GSubprocessLauncher *rs_test_session_new_launcher (RsTestSession     *self,
                                                 GSubprocessFlags     flags,
                                                 const char          *log_name);
/* @argv started with such a launcher. */
GSubprocess     *rs_test_session_spawn          (RsTestSession       *self,
                                                 GSubprocessFlags     flags,
                                                 const char          *log_name,
                                                 const char * const  *argv);
/* Fails (naming the log) when @process has exited. */
void             rs_test_session_assert_running (RsTestSession       *self,
                                                 GSubprocess         *process,
                                                 const char          *log_name);
/* Waits until @name is owned (or, with @owned FALSE, free) on the session's bus; fails after
 * RS_TEST_START_TIMEOUT_MS, or at once when @process (may be NULL) has exited. */
void             rs_test_session_wait_for_name  (RsTestSession       *self,
                                                 const char          *name,
                                                 gboolean             owned,
                                                 GSubprocess         *process,
                                                 const char          *log_name);
/* Closes the connection and stops the bus (an activated program leaves with it). */
void             rs_test_session_stop_bus       (RsTestSession       *self);
/* Removes the folder, unless RS_TEST_KEEP is set (then says where it is). */
void             rs_test_session_remove         (RsTestSession       *self);

/* Processes */

/* SIGTERM, then SIGKILL after @timeout_ms; clears @process. Its exit status, -1 when it did
 * not exit by itself. */
int              rs_test_stop_process           (GSubprocess        **process,
                                                 guint                timeout_ms);
/* Whether process @pid (not necessarily a child) has ended: gone, or a zombie its parent
 * (the bus, for an activated program) has not reaped. */
gboolean         rs_test_process_has_exited     (GPid                 pid);
/* Whether it has ended within @timeout_ms. */
gboolean         rs_test_process_wait_for_exit  (GPid                 pid,
                                                 guint                timeout_ms);

/* The bus's own answers */

gboolean         rs_test_name_has_owner         (GDBusConnection     *connection,
                                                 const char          *name);
/* The unique name that owns @name, or NULL. */
char            *rs_test_name_get_owner         (GDBusConnection     *connection,
                                                 const char          *name);
/* The process that owns @name, 0 when none does. */
GPid             rs_test_name_get_pid           (GDBusConnection     *connection,
                                                 const char          *name);

/* The service (activated by the call when it is not running) */

/* A method call of the service's interface; the reply, or NULL with @error. */
GVariant        *rs_test_service_call           (GDBusConnection     *connection,
                                                 const char          *method,
                                                 GVariant            *parameters,
                                                 const char          *reply_type,
                                                 int                  timeout_ms,
                                                 GError             **error);
/* The service's property @name (asserting success). */
GVariant        *rs_test_service_get_property   (GDBusConnection     *connection,
                                                 const char          *name,
                                                 int                  timeout_ms);

/* The main context */

/* Iterates the default main context until @done returns TRUE; FALSE after @timeout_ms. */
gboolean         rs_test_wait_until             (gboolean           (*done) (gpointer user_data),
                                                 gpointer             user_data,
                                                 guint                timeout_ms);
/* Iterates the default main context for @ms milliseconds. */
void             rs_test_spin                   (guint                ms);

G_END_DECLS
