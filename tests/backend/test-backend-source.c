/* test-backend-source.c: the default calendar source and the [Recurring Sales] settings
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The registry runs in Greek here, as it would for a Greek user: it names the calendar it
 * creates in the user's language.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "e-source-recurring-sales.h"
#include "eds-test-util.h"
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-projection.h>

static EdsTest eds;
static const EdsTestOptions greek = { "el_GR.UTF-8", "el" };

#define FILTERED_UID "acme-only"

static char *
sources_file (const char *uid)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);

  return g_build_filename (g_get_user_config_dir (), "evolution", "sources", name, NULL);
}

static void
test_default_source (void)
{
  g_autoptr(ESource) source = eds_test_ref_source (&eds, EDS_TEST_DEFAULT_UID);
  ESourceCalendar *calendar;
  ESourceAlarms *alarms;
  ESourceRecurringSales *settings;
  g_autofree char *last_notified = NULL;
  g_autofree char *path = sources_file (EDS_TEST_DEFAULT_UID);
  g_autofree char *client_filter = NULL;
  g_autoptr(GDateTime) notified = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* In the registry's language, from the build tree's catalog (RS_LOCALEDIR). */
  g_assert_cmpstr (e_source_get_display_name (source), ==, "Επαναλαμβανόμενες πωλήσεις");
  g_assert_cmpstr (e_source_get_parent (source), ==, "local-stub");
  g_assert_true (e_source_get_enabled (source));

  g_assert_true (e_source_has_extension (source, E_SOURCE_EXTENSION_CALENDAR));
  calendar = e_source_get_extension (source, E_SOURCE_EXTENSION_CALENDAR);
  g_assert_cmpstr (e_source_backend_get_backend_name (E_SOURCE_BACKEND (calendar)), ==,
                   "recurring-sales");
  g_assert_cmpstr (e_source_selectable_get_color (E_SOURCE_SELECTABLE (calendar)), ==, "#57e389");
  g_assert_true (e_source_selectable_get_selected (E_SOURCE_SELECTABLE (calendar)));

  /* Reminders on, and none from before the calendar existed. */
  g_assert_true (e_source_has_extension (source, E_SOURCE_EXTENSION_ALARMS));
  alarms = e_source_get_extension (source, E_SOURCE_EXTENSION_ALARMS);
  g_assert_true (e_source_alarms_get_include_me (alarms));
  last_notified = e_source_alarms_dup_last_notified (alarms);
  g_assert_nonnull (last_notified);
  notified = g_date_time_new_from_iso8601 (last_notified, NULL);
  g_assert_nonnull (notified);
  g_assert_cmpint (g_date_time_to_unix (notified), >=, eds.started_at - 1);
  g_assert_cmpint (g_date_time_to_unix (notified), <=, now + 1);

  /* A user file: reminder watchers write LastNotified into it. */
  g_assert_true (e_source_get_writable (source));
  g_assert_true (e_source_get_removable (source));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_assert_true (e_source_has_extension (source, E_SOURCE_EXTENSION_RECURRING_SALES));
  settings = e_source_get_extension (source, E_SOURCE_EXTENSION_RECURRING_SALES);
  g_assert_true (E_IS_SOURCE_RECURRING_SALES (settings));
  g_assert_true (e_source_recurring_sales_get_show_invoices (settings));
  g_assert_true (e_source_recurring_sales_get_show_expiries (settings));
  g_assert_true (e_source_recurring_sales_get_show_notices (settings));
  client_filter = e_source_recurring_sales_dup_client_filter (settings);
  g_assert_null (client_filter);
}

static gboolean
file_contains (gpointer user_data)
{
  g_autofree char *path = sources_file (EDS_TEST_DEFAULT_UID);
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, user_data) != NULL;
}

static void
test_last_notified_writable (void)
{
  g_autoptr(ESource) source = eds_test_ref_source (&eds, EDS_TEST_DEFAULT_UID);
  ESourceAlarms *alarms = e_source_get_extension (source, E_SOURCE_EXTENSION_ALARMS);
  g_autoptr(GError) error = NULL;

  /* What EReminderWatcher does after showing reminders (e-reminder-watcher.c). */
  e_source_alarms_set_last_notified (alarms, "2027-01-10T08:00:00Z");
  e_source_write_sync (source, NULL, &error);
  g_assert_no_error (error);

  /* The registry saves the file on its own schedule. */
  g_assert_true (rs_test_wait_until (file_contains, (gpointer) "LastNotified=2027-01-10T08:00:00Z",
                                      EDS_TEST_TIMEOUT_MS));
}

typedef struct {
  GHashTable *added;
  GHashTable *removed;
} Changes;

static void
on_added (ECalClientView *view,
          const GSList   *objects,
          Changes        *changes)
{
  for (const GSList *link = objects; link != NULL; link = link->next)
    g_hash_table_add (changes->added, eds_test_component_key (link->data));
}

static void
on_removed (ECalClientView *view,
            const GSList   *ids,
            Changes        *changes)
{
  for (const GSList *link = ids; link != NULL; link = link->next)
    g_hash_table_add (changes->removed, g_strdup (e_cal_component_id_get_uid (link->data)));
}

static gboolean
changes_arrived (gpointer user_data)
{
  Changes *changes = user_data;

  return g_hash_table_size (changes->added) >= 1 && g_hash_table_size (changes->removed) >= 1;
}

static GHashTable *
list_uids (ECalClient *client)
{
  GHashTable *uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GSList *objects = NULL;

  e_cal_client_get_object_list_sync (client, "#t", &objects, NULL, &error);
  g_assert_no_error (error);
  for (GSList *link = objects; link != NULL; link = link->next)
    g_hash_table_add (uids, eds_test_component_key (link->data));
  g_slist_free_full (objects, g_object_unref);
  return uids;
}

static gboolean
holds (GHashTable *set,
       const char *sale_uid,
       RsReminderKind kind)
{
  g_autofree char *uid = rs_projection_component_uid (sale_uid, kind);

  return g_hash_table_contains (set, uid);
}

static gboolean
filtered_file_written (gpointer user_data)
{
  return g_file_test (user_data, G_FILE_TEST_IS_REGULAR);
}

static void
test_settings_filter (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ESource) source = e_source_new_with_uid (FILTERED_UID, NULL, &error);
  g_autoptr(ESource) stored = NULL;
  g_autoptr(ECalClient) client = NULL;
  g_autoptr(ECalClientView) view = NULL;
  g_autoptr(GHashTable) listed = NULL;
  g_autofree char *acme = NULL;
  g_autofree char *other = NULL;
  g_autofree char *path = sources_file (FILTERED_UID);
  g_autofree char *contents = NULL;
  g_autofree char *acme_invoice = NULL;
  g_autofree char *acme_notice = NULL;
  ESourceRecurringSales *settings;
  Changes changes = {
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
  };

  /* A second calendar of the backend: Acme's expiries and notice deadlines only. */
  g_assert_no_error (error);
  e_source_set_display_name (source, "Acme only");
  e_source_set_parent (source, "local-stub");
  e_source_backend_set_backend_name (e_source_get_extension (source, E_SOURCE_EXTENSION_CALENDAR),
                                     "recurring-sales");
  settings = e_source_get_extension (source, E_SOURCE_EXTENSION_RECURRING_SALES);
  e_source_recurring_sales_set_show_invoices (settings, FALSE);
  e_source_recurring_sales_set_client_filter (settings, "acme");
  e_source_registry_commit_source_sync (eds.sources, source, NULL, &error);
  g_assert_no_error (error);

  stored = eds_test_ref_source (&eds, FILTERED_UID);
  g_assert_true (rs_test_wait_until (filtered_file_written, path, EDS_TEST_TIMEOUT_MS));
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "[Recurring Sales]\n"));
  g_assert_nonnull (strstr (contents, "ShowInvoices=false\n"));
  g_assert_nonnull (strstr (contents, "ClientFilter=acme\n"));

  acme = eds_test_add_sale (&eds, eds_test_sale_dict ("ACME Ltd", "1m", "2027-01-31",
                                                      "{'term': <'1y'>, 'notice_days': <@u 30>}"));
  other = eds_test_add_sale (&eds, eds_test_sale_dict ("Other", "1m", "2027-01-31",
                                                       "{'term': <'1y'>, 'notice_days': <@u 30>}"));

  client = eds_test_connect (&eds, FILTERED_UID);
  listed = list_uids (client);
  g_assert_cmpuint (g_hash_table_size (listed), ==, 2);
  g_assert_true (holds (listed, acme, RS_REMINDER_KIND_EXPIRY));
  g_assert_true (holds (listed, acme, RS_REMINDER_KIND_NOTICE));
  g_clear_pointer (&listed, g_hash_table_unref);

  /* Changed while open: the view gets the invoices in and the notice deadlines out. */
  e_cal_client_get_view_sync (client, "#t", &view, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (view, "objects-added", G_CALLBACK (on_added), &changes);
  g_signal_connect (view, "objects-removed", G_CALLBACK (on_removed), &changes);
  e_cal_client_view_start (view, &error);
  g_assert_no_error (error);
  rs_test_spin (500);
  g_hash_table_remove_all (changes.added);

  settings = e_source_get_extension (stored, E_SOURCE_EXTENSION_RECURRING_SALES);
  e_source_recurring_sales_set_show_invoices (settings, TRUE);
  e_source_recurring_sales_set_show_notices (settings, FALSE);
  e_source_write_sync (stored, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (rs_test_wait_until (changes_arrived, &changes, 5000));
  rs_test_spin (500);
  acme_invoice = rs_projection_component_uid (acme, RS_REMINDER_KIND_INVOICE);
  acme_notice = rs_projection_component_uid (acme, RS_REMINDER_KIND_NOTICE);
  g_assert_cmpuint (g_hash_table_size (changes.added), ==, 1);
  g_assert_true (g_hash_table_contains (changes.added, acme_invoice));
  g_assert_cmpuint (g_hash_table_size (changes.removed), ==, 1);
  g_assert_true (g_hash_table_contains (changes.removed, acme_notice));

  listed = list_uids (client);
  g_assert_cmpuint (g_hash_table_size (listed), ==, 2);
  g_assert_true (holds (listed, acme, RS_REMINDER_KIND_INVOICE));
  g_assert_true (holds (listed, acme, RS_REMINDER_KIND_EXPIRY));
  g_assert_false (holds (listed, other, RS_REMINDER_KIND_INVOICE));

  e_cal_client_view_stop (view, NULL);
  g_hash_table_unref (changes.added);
  g_hash_table_unref (changes.removed);
}

static gboolean
registry_knows_filtered (gpointer user_data)
{
  g_autoptr(ESource) source = e_source_registry_ref_source (eds.sources, FILTERED_UID);

  return source != NULL;
}

static gboolean
registry_forgot_default (gpointer user_data)
{
  g_autoptr(ESource) source = e_source_registry_ref_source (eds.sources, EDS_TEST_DEFAULT_UID);

  return source == NULL;
}

static void
test_removed_stays_removed (void)
{
  g_autoptr(ESource) source = eds_test_ref_source (&eds, EDS_TEST_DEFAULT_UID);
  g_autofree char *path = sources_file (EDS_TEST_DEFAULT_UID);
  g_autoptr(GError) error = NULL;

  /* The user removes the calendar; the next start of the registry must not bring it back. */
  e_source_remove_sync (source, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rs_test_wait_until (registry_forgot_default, NULL, EDS_TEST_TIMEOUT_MS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  eds_test_restart_registry (&eds, &greek);
  g_assert_true (rs_test_wait_until (registry_knows_filtered, NULL, EDS_TEST_TIMEOUT_MS));
  rs_test_spin (500);
  g_assert_true (registry_forgot_default (NULL));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!eds_test_init (&argc, &argv))
    return 0;
  g_type_ensure (E_TYPE_SOURCE_RECURRING_SALES);

  eds_test_start (&eds, &greek);

  g_test_add_func ("/backend/source/default-calendar-created", test_default_source);
  g_test_add_func ("/backend/source/last-notified-writable", test_last_notified_writable);
  g_test_add_func ("/backend/source/settings-filter-kinds-and-clients", test_settings_filter);
  g_test_add_func ("/backend/source/removed-stays-removed", test_removed_stays_removed);
  status = g_test_run ();

  eds_test_stop (&eds);
  return status;
}
