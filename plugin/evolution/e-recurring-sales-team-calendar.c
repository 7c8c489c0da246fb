/* e-recurring-sales-team-calendar.c: the Preferences page's choice of the team calendar
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The setting team-calendar names the calendar where the service keeps the team's coming
 * invoices, expiries and notice deadlines (docs/team-calendar.md). The list offers what
 * `recurring-sales team-calendar UID` accepts: enabled calendars, not ours, that EDS opens
 * writable. Writability is known only once a calendar is open, so each is opened through the
 * shell's client cache (which Evolution's calendar view shares) and added when it answers;
 * "None" turns the team calendar off. The setting is written only when the user picks an
 * item, never by the list filling in.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "e-recurring-sales-event.h"
#include "e-recurring-sales-team-calendar.h"

#define TEAM_CALENDAR_KEY "team-calendar"
/* A remote calendar that does not answer by then is left out, as the command leaves it. */
#define CONNECT_SECONDS   10

typedef struct
{
  GSettings       *settings;
  GtkComboBoxText *combo;
  GCancellable    *cancellable;
  gulong           changed_id;
} Chooser;

static void
chooser_free (gpointer data)
{
  Chooser *chooser = data;

  g_cancellable_cancel (chooser->cancellable);
  g_clear_object (&chooser->cancellable);
  g_signal_handlers_disconnect_by_data (chooser->settings, chooser);
  g_clear_object (&chooser->settings);
  g_free (chooser);
}

/* As Evolution lists it and the command shows it: "On This Computer: Personal". */
static char *
describe_source (ESourceRegistry *registry,
                 ESource         *source)
{
  const char *parent_uid = e_source_get_parent (source);
  g_autoptr(ESource) parent = NULL;

  if (parent_uid != NULL)
    parent = e_source_registry_ref_source (registry, parent_uid);
  if (parent != NULL && e_source_get_display_name (parent) != NULL &&
      *e_source_get_display_name (parent) != '\0' &&
      g_strcmp0 (e_source_get_display_name (parent), e_source_get_display_name (source)) != 0)
    return g_strdup_printf ("%s: %s", e_source_get_display_name (parent),
                            e_source_get_display_name (source));
  return g_strdup (e_source_get_display_name (source));
}

static gboolean
combo_has_id (GtkComboBox *combo,
              const char  *id)
{
  GtkTreeModel *model = gtk_combo_box_get_model (combo);
  int column = gtk_combo_box_get_id_column (combo);
  GtkTreeIter iter;
  gboolean valid;

  for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *item_id = NULL;

      gtk_tree_model_get (model, &iter, column, &item_id, -1);
      if (g_strcmp0 (item_id, id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Shows the setting; a calendar chosen before that is not listed yet shows by its name. */
static void
show_setting (Chooser *chooser)
{
  g_autofree char *uid = g_settings_get_string (chooser->settings, TEAM_CALENDAR_KEY);

  if (*uid != '\0' && !combo_has_id (GTK_COMBO_BOX (chooser->combo), uid))
    {
      EShell *shell = e_shell_get_default ();
      ESourceRegistry *registry = e_shell_get_registry (shell);
      g_autoptr(ESource) source = e_source_registry_ref_source (registry, uid);
      g_autofree char *name = source != NULL ? describe_source (registry, source)
                                             : g_strdup (uid);

      gtk_combo_box_text_append (chooser->combo, uid, name);
    }

  g_signal_handler_block (chooser->combo, chooser->changed_id);
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (chooser->combo), uid);
  g_signal_handler_unblock (chooser->combo, chooser->changed_id);
}

static void
setting_changed_cb (GSettings  *settings,
                    const char *key,
                    Chooser    *chooser)
{
  show_setting (chooser);
}

static void
combo_changed_cb (GtkComboBox *combo,
                  Chooser     *chooser)
{
  const char *uid = gtk_combo_box_get_active_id (combo);
  g_autofree char *current = g_settings_get_string (chooser->settings, TEAM_CALENDAR_KEY);

  /* Only what the list offers is written: the checks of the command were made to list it. */
  if (uid != NULL && g_strcmp0 (uid, current) != 0)
    g_settings_set_string (chooser->settings, TEAM_CALENDAR_KEY, uid);
}

static void
client_ready_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GObject) combo = g_weak_ref_get (user_data);
  g_autoptr(EClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  ESourceRegistry *registry;
  ESource *source;
  Chooser *chooser;

  e_weak_ref_free (user_data);
  client = e_client_cache_get_client_finish (E_CLIENT_CACHE (source_object), result, &error);
  if (client == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("A calendar is not offered for the team: %s", error->message);
      return;
    }
  if (combo == NULL || e_client_is_readonly (client))
    return;

  chooser = g_object_get_data (combo, "rs-team-calendar");
  source = e_client_get_source (client);
  if (chooser == NULL || combo_has_id (GTK_COMBO_BOX (combo), e_source_get_uid (source)))
    return;

  registry = e_shell_get_registry (e_shell_get_default ());
  name = describe_source (registry, source);
  gtk_combo_box_text_append (chooser->combo, e_source_get_uid (source), name);
}

void
e_recurring_sales_team_calendar_bind (GtkComboBoxText *combo,
                                      GSettings       *settings)
{
  EShell *shell = e_shell_get_default ();
  ESourceRegistry *registry = e_shell_get_registry (shell);
  EClientCache *cache = e_shell_get_client_cache (shell);
  Chooser *chooser = g_new0 (Chooser, 1);
  GList *sources;

  chooser->settings = g_object_ref (settings);
  chooser->combo = combo;
  chooser->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (combo), "rs-team-calendar", chooser, chooser_free);

  /* Translators: in Recurring Sales Preferences, the choice of no team calendar */
  gtk_combo_box_text_append (combo, "", C_("team calendar", "None"));
  chooser->changed_id = g_signal_connect (combo, "changed", G_CALLBACK (combo_changed_cb),
                                          chooser);
  show_setting (chooser);
  g_signal_connect (settings, "changed::" TEAM_CALENDAR_KEY, G_CALLBACK (setting_changed_cb),
                    chooser);

  sources = e_source_registry_list_enabled (registry, E_SOURCE_EXTENSION_CALENDAR);
  for (GList *link = sources; link != NULL; link = link->next)
    {
      ESource *source = link->data;

      /* Our own calendars show the sales: never the team's calendar. */
      if (e_recurring_sales_source_is_ours (source))
        continue;
      e_client_cache_get_client (cache, source, E_SOURCE_EXTENSION_CALENDAR, CONNECT_SECONDS,
                                 chooser->cancellable, client_ready_cb, e_weak_ref_new (combo));
    }
  g_list_free_full (sources, g_object_unref);
}
