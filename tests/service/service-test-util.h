/* service-test-util.h: a private session bus with the build tree's service, for the tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rs-test-bus.h"
#include "rs-test-util.h"

G_BEGIN_DECLS

#define SERVICE_NAME      RS_TEST_SERVICE_NAME
#define SERVICE_PATH      RS_TEST_SERVICE_PATH
#define SERVICE_INTERFACE RS_TEST_SERVICE_INTERFACE
#define SERVICE_ERROR     "io.github.recurring_sales.RecurringSales1.Error."

typedef struct {
  char            *root;         /* HOME and the XDG directories; removed afterwards */
  char            *store_path;   /* where the service keeps the store */
  GTestDBus       *bus;
  GDBusConnection *connection;   /* the test's own connection */
} ServiceBus;

/* Starts a bus that can activate the service, in a fresh HOME (the environment's HOME and
 * XDG directories point into it until the tear-down). @idle_timeout is put in the
 * service's environment as RS_SERVICE_IDLE_TIMEOUT (NULL: the default). Nothing is started
 * until the first call. */
void             service_bus_set_up          (ServiceBus   *self,
                                              const char   *idle_timeout);
/* Stops the bus, waits until the service has exited, removes the files. */
void             service_bus_tear_down       (ServiceBus   *self);
/* The two as g_test_add () fixture functions, with the default idle timeout. */
void             service_bus_up              (ServiceBus   *self,
                                              gconstpointer data);
void             service_bus_down            (ServiceBus   *self,
                                              gconstpointer data);
/* g_test_add () of a test that runs with a bus and service of its own, set up and torn down
 * by service_bus_up () and service_bus_down (). */
#define service_test_add(path, test_func) \
  g_test_add ((path), ServiceBus, NULL, service_bus_up, (test_func), service_bus_down)
/* A new private connection to the bus (for a thread of its own). */
GDBusConnection *service_bus_connect         (ServiceBus   *self);

/* A dbus-daemon of the test's own, for what GTestDBus cannot do (a second bus at the same
 * time, other users): it activates the service from the build tree with the test's
 * environment; @allow_other_users lets every Unix user connect. Its configuration goes into
 * @dir. Connect with rs_test_connect_to_address (); stop it with
 * g_subprocess_send_signal (SIGTERM). */
GSubprocess     *private_bus_start           (const char   *dir,
                                              gboolean      allow_other_users,
                                              char        **out_address);

/* A method call of the interface; the reply, or NULL with @error. */
GVariant        *service_call                (GDBusConnection *connection,
                                              const char      *method,
                                              GVariant        *parameters,
                                              const char      *reply_type,
                                              GError         **error);
/* The same, asserting success. */
GVariant        *service_call_ok             (GDBusConnection *connection,
                                              const char      *method,
                                              GVariant        *parameters,
                                              const char      *reply_type);
GVariant        *service_get_property        (GDBusConnection *connection,
                                              const char      *name);
guint64          service_get_revision        (GDBusConnection *connection);
/* The unique name that owns the service's name, or NULL. */
char            *service_get_owner           (GDBusConnection *connection);
/* The process of the running service (0 when none runs). */
GPid             service_get_pid             (GDBusConnection *connection);
/* Polls until nobody owns the service's name; FALSE after @timeout_ms. */
gboolean         service_wait_for_no_owner   (GDBusConnection *connection,
                                              guint            timeout_ms);
gboolean         service_wait_for_owner      (GDBusConnection *connection,
                                              guint            timeout_ms);
/* Waits for @subprocess to exit, at most @timeout_ms; FALSE when it is still running. */
gboolean         subprocess_wait_with_timeout (GSubprocess    *subprocess,
                                               guint           timeout_ms);

/* Asserts that @error is the D-Bus error @name with exactly @message (NULL: any message). */
void             assert_dbus_error           (const GError    *error,
                                              const char      *name,
                                              const char      *message);

/* A sale with the required keys (service "Hosting", 120.00 EUR monthly from 2027-01-31, a
 * one-year term) for @client; add keys, then g_variant_dict_end (). */
GVariantDict    *sale_dict_new               (const char      *client);
/* Adds the sale; its uid. */
char            *add_sale                    (GDBusConnection *connection,
                                              GVariantDict    *dict);
/* The sale @uid as a dictionary (GetSale). */
GVariantDict    *get_sale                    (GDBusConnection *connection,
                                              const char      *uid);

/* Records SalesChanged on @connection (dispatched in the thread-default main context). */
typedef struct {
  GDBusConnection *connection;
  guint            subscription_id;
  GPtrArray       *uids;       /* a GStrv per signal */
  GArray          *revisions;  /* guint64 per signal */
} SignalRecorder;

SignalRecorder  *signal_recorder_new         (GDBusConnection *connection);
/* Iterates the main context until @n_signals have arrived in all (fails after 30 s). */
void             signal_recorder_wait        (SignalRecorder  *self,
                                              guint            n_signals);
void             signal_recorder_free        (SignalRecorder  *self);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignalRecorder, signal_recorder_free)

G_END_DECLS
