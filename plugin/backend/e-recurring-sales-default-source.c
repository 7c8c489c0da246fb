/* e-recurring-sales-default-source.c: the Recurring Sales calendar every user gets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An extension of evolution-source-registry's ESourceRegistryServer. Once the server has
 * loaded every .source file ("files-loaded"), it adds the calendar with the fixed UID
 * "recurring-sales" if there is none, as a user file (so it stays writable: reminder
 * watchers write LastNotified into it). EDS's builtin sources (the Birthdays calendar) would
 * be read-only and cannot carry a translated name chosen at run time.
 *
 * LastNotified is set to the creation time: without it, reminder watchers would show at once
 * every reminder of the past day of every sale. A user who removes the calendar keeps it
 * removed: a note in the user's config directory says that it was created once.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "e-cal-backend-recurring-sales.h"
#include "e-recurring-sales-default-source.h"
#include "e-source-recurring-sales.h"

/* The "On This Computer" group of EDS's builtin sources, where local calendars are listed. */
#define PARENT_UID "local-stub"
/* The group of the calendars added with Evolution's New Calendar (its ESourceConfigBackend in
 * plugin/evolution/e-recurring-sales-cal-config.c names it), which lists a type under its
 * parent's name: in memory, like EDS's own stubs, and added at every start. */
#define STUB_UID   "recurring-sales-stub"
#define COLOR      "#57e389"

struct _ERecurringSalesDefaultSource
{
  EExtension parent_instance;
};

G_DEFINE_DYNAMIC_TYPE_EXTENDED (ERecurringSalesDefaultSource, e_recurring_sales_default_source,
                                E_TYPE_EXTENSION, G_TYPE_FLAG_FINAL, {})

static char *
created_note_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "evolution-recurring-sales",
                           "calendar-source-created", NULL);
}

static void
write_created_note (void)
{
  g_autofree char *path = created_note_path ();
  g_autofree char *directory = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (directory, 0700) != 0 ||
      !g_file_set_contents (path, "", 0, &error))
    g_warning ("%s: %s", path, error != NULL ? error->message : g_strerror (errno));
}

static char *
now_as_last_notified (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* The form EReminderWatcher writes itself (g_time_val_to_iso8601 ()). */
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static void
configure_source (ESource *source)
{
  ESourceCalendar *calendar = e_source_get_extension (source, E_SOURCE_EXTENSION_CALENDAR);
  ESourceAlarms *alarms = e_source_get_extension (source, E_SOURCE_EXTENSION_ALARMS);
  g_autofree char *last_notified = now_as_last_notified ();

  /* Translators: the name of the calendar that shows invoices, expiries and notice deadlines
   * of recurring sales, in Evolution and GNOME Calendar */
  e_source_set_display_name (source, _("Recurring Sales"));
  e_source_set_parent (source, PARENT_UID);
  e_source_set_enabled (source, TRUE);

  e_source_backend_set_backend_name (E_SOURCE_BACKEND (calendar),
                                     E_CAL_BACKEND_RECURRING_SALES_NAME);
  e_source_selectable_set_color (E_SOURCE_SELECTABLE (calendar), COLOR);
  e_source_selectable_set_selected (E_SOURCE_SELECTABLE (calendar), TRUE);

  e_source_alarms_set_include_me (alarms, TRUE);
  e_source_alarms_set_last_notified (alarms, last_notified);

  /* Written with its defaults, so that the settings are visible in the file. */
  e_source_get_extension (source, E_SOURCE_EXTENSION_RECURRING_SALES);
}

static void
add_stub_source (ESourceRegistryServer *server)
{
  g_autoptr(ESource) existing = e_source_registry_server_ref_source (server, STUB_UID);
  g_autoptr(ESource) stub = NULL;
  g_autoptr(GError) error = NULL;

  if (existing != NULL)
    return;

  stub = e_server_side_source_new_memory_only (server, STUB_UID, &error);
  if (stub == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  /* Translators: the group of the calendars of recurring sales in Evolution's calendar list,
   * and the type of calendar in its New Calendar dialog */
  e_source_set_display_name (stub, _("Recurring Sales"));
  e_source_set_enabled (stub, TRUE);
  e_source_registry_server_add_source (server, stub);
}

static void
on_files_loaded (ESourceRegistryServer *server,
                 gpointer               user_data)
{
  g_autoptr(ESource) existing = NULL;
  g_autoptr(ESource) source = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = created_note_path ();

  add_stub_source (server);

  existing = e_source_registry_server_ref_source (server,
                                                  E_CAL_BACKEND_RECURRING_SALES_DEFAULT_UID);
  if (existing != NULL || g_file_test (note, G_FILE_TEST_EXISTS))
    return;

  file = e_server_side_source_new_user_file (E_CAL_BACKEND_RECURRING_SALES_DEFAULT_UID);
  source = e_server_side_source_new (server, file, &error);
  if (source == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  configure_source (source);
  /* As if the user had made it: it can be changed and removed like their own calendars. */
  e_server_side_source_set_writable (E_SERVER_SIDE_SOURCE (source), TRUE);
  e_server_side_source_set_removable (E_SERVER_SIDE_SOURCE (source), TRUE);

  /* Adding it exports it, and an exported source writes its file (e-server-side-source.c). */
  e_source_registry_server_add_source (server, source);
  write_created_note ();
}

static void
e_recurring_sales_default_source_constructed (GObject *object)
{
  EExtensible *server = e_extension_get_extensible (E_EXTENSION (object));

  G_OBJECT_CLASS (e_recurring_sales_default_source_parent_class)->constructed (object);

  /* The server lives as long as the registry process, and this extension as long as it. */
  g_signal_connect (server, "files-loaded", G_CALLBACK (on_files_loaded), NULL);
}

static void
e_recurring_sales_default_source_class_init (ERecurringSalesDefaultSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  EExtensionClass *extension_class = E_EXTENSION_CLASS (klass);

  object_class->constructed = e_recurring_sales_default_source_constructed;
  extension_class->extensible_type = E_TYPE_SOURCE_REGISTRY_SERVER;
}

static void
e_recurring_sales_default_source_class_finalize (ERecurringSalesDefaultSourceClass *klass)
{
}

static void
e_recurring_sales_default_source_init (ERecurringSalesDefaultSource *self)
{
}

void
e_recurring_sales_default_source_type_register (GTypeModule *type_module)
{
  e_recurring_sales_default_source_register_type (type_module);
}
