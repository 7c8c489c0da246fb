/* service-test-util.c: a private session bus with the build tree's service, for the tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service is started the way the desktop starts it, by D-Bus activation: GTestDBus runs a
 * dbus-daemon whose services directory holds the build tree's .service file, and activated
 * programs inherit the daemon's environment, so HOME and the XDG directories are set before
 * the bus starts.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rs-dbus-errors.h"
#include "service-test-util.h"

#define CALL_TIMEOUT_MS 120000
#define POLL_INTERVAL_US (20 * 1000)

void
service_bus_set_up (ServiceBus *self,
                    const char *idle_timeout)
{
  g_autoptr(GError) error = NULL;

  rs_dbus_errors_register ();

  self->root = g_dir_make_tmp ("rs-test-service-XXXXXX", &error);
  g_assert_no_error (error);
  rs_test_set_home_env (self->root);
  self->store_path = g_build_filename (self->root, "data", "evolution-recurring-sales",
                                       "sales.db", NULL);
  if (idle_timeout != NULL)
    g_setenv ("RS_SERVICE_IDLE_TIMEOUT", idle_timeout, TRUE);
  else
    g_setenv ("RS_SERVICE_IDLE_TIMEOUT", "", TRUE);

  self->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_add_service_dir (self->bus, TEST_SERVICES_DIR);
  g_test_dbus_up (self->bus);
  self->connection = service_bus_connect (self);
}

void
service_bus_up (ServiceBus    *self,
                gconstpointer  data)
{
  service_bus_set_up (self, NULL);
}

void
service_bus_down (ServiceBus    *self,
                  gconstpointer  data)
{
  service_bus_tear_down (self);
}

GDBusConnection *
service_bus_connect (ServiceBus *self)
{
  return rs_test_connect_to_address (g_test_dbus_get_bus_address (self->bus));
}

GSubprocess *
private_bus_start (const char  *dir,
                   gboolean     allow_other_users,
                   char       **out_address)
{
  g_autofree char *config_path = g_build_filename (dir, "bus.conf", NULL);

  rs_test_write_bus_config (config_path, "unix:tmpdir=/tmp",
                            (const char * const []) { TEST_SERVICES_DIR, NULL },
                            allow_other_users);
  return rs_test_bus_start (config_path, NULL, out_address);
}

void
service_bus_tear_down (ServiceBus *self)
{
  GPid pid = service_get_pid (self->connection);

  g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);
  g_test_dbus_down (self->bus);
  g_clear_object (&self->bus);

  /* The service leaves when its bus goes away; its files are removed only after that. */
  if (pid != 0)
    g_assert_true (rs_test_process_wait_for_exit (pid, 10000));

  rs_test_remove_tree (self->root);
  g_clear_pointer (&self->root, g_free);
  g_clear_pointer (&self->store_path, g_free);
  g_setenv ("RS_SERVICE_IDLE_TIMEOUT", "", TRUE);
}

GVariant *
service_call (GDBusConnection  *connection,
              const char       *method,
              GVariant         *parameters,
              const char       *reply_type,
              GError          **error)
{
  return rs_test_service_call (connection, method, parameters, reply_type, CALL_TIMEOUT_MS,
                               error);
}

GVariant *
service_call_ok (GDBusConnection *connection,
                 const char      *method,
                 GVariant        *parameters,
                 const char      *reply_type)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply = service_call (connection, method, parameters, reply_type, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}

GVariant *
service_get_property (GDBusConnection *connection,
                      const char      *name)
{
  return rs_test_service_get_property (connection, name, CALL_TIMEOUT_MS);
}

guint64
service_get_revision (GDBusConnection *connection)
{
  g_autoptr(GVariant) value = service_get_property (connection, "Revision");

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64));
  return g_variant_get_uint64 (value);
}

char *
service_get_owner (GDBusConnection *connection)
{
  return rs_test_name_get_owner (connection, SERVICE_NAME);
}

GPid
service_get_pid (GDBusConnection *connection)
{
  return rs_test_name_get_pid (connection, SERVICE_NAME);
}

static gboolean
wait_for_owner_state (GDBusConnection *connection,
                      gboolean         owned,
                      guint            timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  do
    {
      g_autofree char *owner = service_get_owner (connection);

      if ((owner != NULL) == owned)
        return TRUE;
      g_usleep (POLL_INTERVAL_US);
    }
  while (g_get_monotonic_time () < deadline);

  return FALSE;
}

gboolean
service_wait_for_no_owner (GDBusConnection *connection,
                           guint            timeout_ms)
{
  return wait_for_owner_state (connection, FALSE, timeout_ms);
}

gboolean
service_wait_for_owner (GDBusConnection *connection,
                        guint            timeout_ms)
{
  return wait_for_owner_state (connection, TRUE, timeout_ms);
}

static void
on_subprocess_exited (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

static gboolean
on_timeout_flag (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
subprocess_wait_with_timeout (GSubprocess *subprocess,
                              guint        timeout_ms)
{
  gboolean exited = FALSE;
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add (timeout_ms, on_timeout_flag, &timed_out);

  g_subprocess_wait_async (subprocess, NULL, on_subprocess_exited, &exited);
  while (!exited && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  else
    {
      /* Let the wait finish so that its callback never sees a gone stack. */
      g_subprocess_force_exit (subprocess);
      while (!exited)
        g_main_context_iteration (NULL, TRUE);
    }

  return !timed_out;
}

void
assert_dbus_error (const GError *error,
                   const char   *name,
                   const char   *message)
{
  g_autoptr(GError) stripped = NULL;
  g_autofree char *remote_name = NULL;

  g_assert_nonnull (error);
  remote_name = g_dbus_error_get_remote_error (error);
  g_assert_cmpstr (remote_name, ==, name);

  if (message == NULL)
    return;

  stripped = g_error_copy (error);
  g_dbus_error_strip_remote_error (stripped);
  g_assert_cmpstr (stripped->message, ==, message);
}

GVariantDict *
sale_dict_new (const char *client)
{
  GVariantDict *dict = g_variant_dict_new (NULL);

  g_variant_dict_insert (dict, "client", "s", client);
  g_variant_dict_insert (dict, "service", "s", "Hosting");
  g_variant_dict_insert (dict, "amount_minor", "x", (gint64) 12000);
  g_variant_dict_insert (dict, "currency", "s", "EUR");
  g_variant_dict_insert (dict, "period", "s", "1m");
  g_variant_dict_insert (dict, "start", "s", "2027-01-31");
  g_variant_dict_insert (dict, "term", "s", "1y");
  return dict;
}

char *
add_sale (GDBusConnection *connection,
          GVariantDict    *dict)
{
  g_autoptr(GVariant) reply = NULL;
  char *uid;

  reply = service_call_ok (connection, "AddSale",
                           g_variant_new ("(@a{sv})", g_variant_dict_end (dict)), "(s)");
  g_variant_get (reply, "(s)", &uid);
  return uid;
}

GVariantDict *
get_sale (GDBusConnection *connection,
          const char      *uid)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) sale = NULL;

  reply = service_call_ok (connection, "GetSale", g_variant_new ("(s)", uid), "(a{sv})");
  sale = g_variant_get_child_value (reply, 0);
  return g_variant_dict_new (sale);
}

/* Signals */

static void
on_sales_changed (GDBusConnection *connection,
                  const char      *sender,
                  const char      *object_path,
                  const char      *interface_name,
                  const char      *signal_name,
                  GVariant        *parameters,
                  gpointer         user_data)
{
  SignalRecorder *self = user_data;
  char **uids;
  guint64 revision;

  g_variant_get (parameters, "(^ast)", &uids, &revision);
  g_ptr_array_add (self->uids, uids);
  g_array_append_val (self->revisions, revision);
}

SignalRecorder *
signal_recorder_new (GDBusConnection *connection)
{
  SignalRecorder *self = g_new0 (SignalRecorder, 1);

  self->connection = g_object_ref (connection);
  self->uids = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->revisions = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->subscription_id = g_dbus_connection_signal_subscribe (connection, NULL, SERVICE_INTERFACE,
                                                              "SalesChanged", SERVICE_PATH, NULL,
                                                              G_DBUS_SIGNAL_FLAGS_NONE,
                                                              on_sales_changed, self, NULL);
  return self;
}

void
signal_recorder_wait (SignalRecorder *self,
                      guint           n_signals)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (self->uids->len < n_signals)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

void
signal_recorder_free (SignalRecorder *self)
{
  if (self == NULL)
    return;

  g_dbus_connection_signal_unsubscribe (self->connection, self->subscription_id);
  g_clear_object (&self->connection);
  g_ptr_array_unref (self->uids);
  g_array_unref (self->revisions);
  g_free (self);
}
