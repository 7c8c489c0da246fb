/* eds-test-util.c: a private session bus with a real EDS, the build tree's modules and service
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The private session, its bus and EDS's registry are tests/common/'s (rs-test-bus.h,
 * rs-test-eds.h); here: the calendar factory with the build tree's modules, the service's
 * calls, and what the backend's tests compare the calendar with.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>

#include "eds-test-util.h"
#include "rs-calendar-eds-compat.h"
#include <recurring-sales/rs-projection.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-sale-variant.h>
#include <recurring-sales/rs-store.h>

#define STOP_TIMEOUT_MS 60000

/* The Birthdays calendar would connect to an address book factory this bus does not run. */
static void
write_sources (const char *sources_dir)
{
  g_autofree char *path = g_build_filename (sources_dir, "birthdays.source", NULL);

  rs_test_write_file (path,
                      "[Data Source]\nDisplayName=Birthdays & Anniversaries\nEnabled=false\n"
                      "Parent=contacts-stub\n\n[Calendar]\nBackendName=contacts\nEnabled=false\n");
}

/* RS_TEST_FACTORY_WRAPPER (say "valgrind --log-file=/tmp/factory.%p.log") runs the calendar
 * factory, and so the backend, under a tool: sanitizers cannot (rs_test_eds_skip_if_sanitized ()). */
static GSubprocess *
spawn_factory (EdsTest *self)
{
  g_autofree char *program = rs_test_eds_program ("evolution-calendar-factory");
  const char *argv[] = { program, "-r", NULL };
  const char *wrapper = g_getenv ("RS_TEST_FACTORY_WRAPPER");
  g_auto(GStrv) wrapper_argv = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) full_argv = NULL;
  g_autoptr(GError) error = NULL;

  if (wrapper == NULL || *wrapper == '\0')
    return rs_test_session_spawn (&self->session, G_SUBPROCESS_FLAGS_NONE, "calendar-factory.log",
                                  argv);

  g_shell_parse_argv (wrapper, NULL, &wrapper_argv, &error);
  g_assert_no_error (error);
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) wrapper_argv);
  g_strv_builder_addv (builder, argv);
  full_argv = g_strv_builder_end (builder);
  return rs_test_session_spawn (&self->session, G_SUBPROCESS_FLAGS_NONE, "calendar-factory.log",
                                (const char * const *) full_argv);
}

gboolean
eds_test_init (int    *argc,
               char ***argv)
{
  g_test_init (argc, argv, NULL);
  if (rs_test_eds_skip_if_sanitized ())
    return FALSE;
  setlocale (LC_ALL, "");
  rs_i18n_init ();
  return TRUE;
}

void
eds_test_start (EdsTest              *self,
                const EdsTestOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *services = NULL;
  g_autofree char *sources = NULL;
  g_autoptr(ESource) source = NULL;

  memset (self, 0, sizeof *self);
  rs_test_session_init (&self->session, "rs-test-eds-XXXXXX");
  g_setenv ("EDS_EXTRA_PREFIXES", EDS_TEST_PREFIX, TRUE);

  services = rs_test_make_dir (self->session.root, "services");
  sources = rs_test_make_dir (self->session.root, "config/evolution/sources");
  rs_test_eds_write_services (services);
  write_sources (sources);

  rs_test_session_start_bus (&self->session,
                             (const char * const []) { services, SERVICE_TEST_SERVICES_DIR, NULL });
  self->started_at = g_get_real_time () / G_USEC_PER_SEC;
  self->registry = rs_test_eds_start_registry (&self->session,
                                               options != NULL ? options->registry_locale : NULL,
                                               options != NULL ? options->registry_language : NULL);
  self->factory = spawn_factory (self);
  rs_test_session_wait_for_name (&self->session, RS_TEST_CALENDAR_NAME, TRUE, self->factory,
                                 "calendar-factory.log");

  self->sources = e_source_registry_new_sync (NULL, &error);
  g_assert_no_error (error);
  source = eds_test_ref_source (self, EDS_TEST_DEFAULT_UID);
}

/* Not our child: once gone from the bus it may stay a zombie, which counts as gone. */
static void
wait_for_pid (GPid pid)
{
  if (!rs_test_process_wait_for_exit (pid, 10000))
    kill (pid, SIGKILL);
}

/* Our module runs inside EDS's processes: a warning of ours there is a test failure too
 * (criticals are fatal already: G_DEBUG reaches them through the environment). */
static void
assert_clean_log (EdsTest    *self,
                  const char *log_name)
{
  g_autofree char *path = g_build_filename (self->session.root, "log", log_name, NULL);
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
  if (rs_test_stop_process (&self->factory, STOP_TIMEOUT_MS) == 99)
    g_error ("valgrind found errors in the calendar factory: %s/log/calendar-factory.log",
             self->session.root);
  rs_test_stop_process (&self->registry, STOP_TIMEOUT_MS);
  rs_test_session_stop_bus (&self->session);
  /* The service leaves with its bus. */
  if (service != 0)
    wait_for_pid (service);

  assert_clean_log (self, "calendar-factory.log");
  assert_clean_log (self, "registry.log");

  rs_test_session_remove (&self->session);
}

void
eds_test_restart_registry (EdsTest              *self,
                           const EdsTestOptions *options)
{
  rs_test_stop_process (&self->registry, STOP_TIMEOUT_MS);
  rs_test_session_wait_for_name (&self->session, RS_TEST_REGISTRY_NAME, FALSE, NULL, NULL);
  self->registry = rs_test_eds_start_registry (&self->session,
                                               options != NULL ? options->registry_locale : NULL,
                                               options != NULL ? options->registry_language : NULL);
}

ESource *
eds_test_ref_source (EdsTest    *self,
                     const char *uid)
{
  return rs_test_eds_ref_source (self->sources, uid, EDS_TEST_TIMEOUT_MS);
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
  return rs_test_service_call (self->session.connection, method, parameters, reply_type,
                               EDS_TEST_TIMEOUT_MS, error);
}

void
eds_test_call_ok (EdsTest    *self,
                  const char *method,
                  GVariant   *parameters)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = eds_test_call (self, method, parameters, NULL, &error);

  g_assert_no_error (error);
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
eds_test_sale_revision (EdsTest    *self,
                        const char *uid)
{
  g_autoptr(RsSale) sale = eds_test_read_sale (self, uid);

  return rs_sale_get_revision (sale);
}

guint64
eds_test_service_revision (EdsTest *self)
{
  g_autoptr(GVariant) value = rs_test_service_get_property (self->session.connection, "Revision",
                                                            EDS_TEST_TIMEOUT_MS);

  return g_variant_get_uint64 (value);
}

typedef struct {
  EdsTest    *self;
  ECalClient *client;
} CatchUp;

static gboolean
client_caught_up (gpointer user_data)
{
  CatchUp *catch_up = user_data;
  g_autofree char *revision = NULL;

  e_client_get_backend_property_sync (E_CLIENT (catch_up->client), CLIENT_BACKEND_PROPERTY_REVISION,
                                      &revision, NULL, NULL);
  return revision != NULL &&
         g_ascii_strtoull (revision, NULL, 10) == eds_test_service_revision (catch_up->self);
}

void
eds_test_wait_for_client (EdsTest    *self,
                          ECalClient *client)
{
  CatchUp catch_up = { self, client };

  g_assert_true (rs_test_wait_until (client_caught_up, &catch_up, EDS_TEST_TIMEOUT_MS));
}

GPid
eds_test_service_pid (EdsTest *self)
{
  return self->session.connection != NULL ?
         rs_test_name_get_pid (self->session.connection, EDS_TEST_SERVICE_NAME) : 0;
}

GPid
eds_test_factory_pid (EdsTest *self)
{
  return rs_test_name_get_pid (self->session.connection, RS_TEST_CALENDAR_NAME);
}

void
eds_test_ping_service (EdsTest *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (self->session.connection, EDS_TEST_SERVICE_NAME,
                                       RS_TEST_SERVICE_PATH, "org.freedesktop.DBus.Peer", "Ping",
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
  rs_test_session_wait_for_name (&self->session, EDS_TEST_SERVICE_NAME, FALSE, NULL, NULL);
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
