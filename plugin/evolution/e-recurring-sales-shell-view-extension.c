/* e-recurring-sales-shell-view-extension.c: our items in the Calendar view's menus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Evolution up to 3.54 builds its menus with GtkUIManager and GtkAction (3.55 replaced them
 * with EUIManager): every use of them in the module is in this file, so that a port stays
 * here. An extension is made for every shell view (mail, contacts, calendars, memos, tasks)
 * at start; only the Calendar view's (ui_manager_id "org.gnome.evolution.calendars") does
 * anything.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

/* GtkAction and GtkUIManager are deprecated in GTK 3.10: Evolution 3.46 has nothing else. */
#define GDK_VERSION_MIN_REQUIRED GDK_VERSION_3_8
#include <shell/e-shell-view.h>
#include <shell/e-shell-window.h>
#include <shell/e-shell.h>

#include "e-recurring-sales-extensions.h"
#include "e-recurring-sales-preferences.h"
#include "e-recurring-sales-sale-editor.h"

#define CALENDAR_UI_MANAGER_ID "org.gnome.evolution.calendars"
/* Evolution's own action group of the Calendar view, whose menus we merge into. */
#define CALENDAR_ACTION_GROUP  "calendar"

typedef struct
{
  EExtension parent;

  /* The merge of our UI into the window's GtkUIManager while the Calendar view is active. */
  guint merge_id;
} ERecurringSalesShellViewExtension;

typedef struct
{
  EExtensionClass parent_class;
} ERecurringSalesShellViewExtensionClass;

GType e_recurring_sales_shell_view_extension_get_type (void);

G_DEFINE_DYNAMIC_TYPE (ERecurringSalesShellViewExtension,
                       e_recurring_sales_shell_view_extension,
                       E_TYPE_EXTENSION)

/* The Actions menu that the Calendar view merges into the main menu
 * (evolution-calendars.ui): our items join it rather than make a second menu. */
static const char ui_definition[] =
  "<ui>"
  "  <menubar name='main-menu'>"
  "    <placeholder name='custom-menus'>"
  "      <menu action='calendar-actions-menu'>"
  "        <separator/>"
  "        <menuitem action='recurring-sales-new-sale'/>"
  "        <menuitem action='recurring-sales-preferences'/>"
  "      </menu>"
  "    </placeholder>"
  "  </menubar>"
  "  <toolbar name='main-toolbar'>"
  "    <placeholder name='toolbar-actions'>"
  "      <toolitem action='recurring-sales-new-sale'/>"
  "    </placeholder>"
  "  </toolbar>"
  "</ui>";

static void
action_preferences_cb (GtkAction *action,
                       gpointer   user_data)
{
  EShellView *shell_view = user_data;

  e_recurring_sales_preferences_show (e_shell_view_get_shell_window (shell_view));
}

static void
action_new_sale_cb (GtkAction *action,
                    gpointer   user_data)
{
  EShellView *shell_view = user_data;

  e_recurring_sales_sale_editor_new_sale (GTK_WINDOW (e_shell_view_get_shell_window (shell_view)));
}

static const GtkActionEntry calendar_entries[] = {
  { "recurring-sales-new-sale", "list-add",
    /* Translators: an item of Evolution's Calendar › Actions menu and a toolbar button */
    N_("New _Recurring Sale…"), NULL,
    N_("Add a sale that is invoiced again and again, with its reminders"),
    G_CALLBACK (action_new_sale_cb) },
  { "recurring-sales-preferences", "preferences-system",
    /* Translators: an item of Evolution's Calendar › Actions menu */
    N_("Recurring Sales _Preferences…"), NULL,
    N_("Reminders, invoices and e-mails to clients of your recurring sales"),
    G_CALLBACK (action_preferences_cb) },
};

static void
add_actions_once (EShellView *shell_view)
{
  EShellWindow *shell_window = e_shell_view_get_shell_window (shell_view);
  GtkActionGroup *group = e_shell_window_get_action_group (shell_window, CALENDAR_ACTION_GROUP);

  if (gtk_action_group_get_action (group, calendar_entries[0].name) != NULL)
    return;
  e_action_group_add_actions_localized (group, GETTEXT_PACKAGE, calendar_entries,
                                        G_N_ELEMENTS (calendar_entries), shell_view);
  /* The toolbar shows its label beside the icon: an icon alone would not say "sale". */
  gtk_action_set_is_important (gtk_action_group_get_action (group, "recurring-sales-new-sale"), TRUE);
}

/* "toggled" runs after the Calendar view merged its own UI when it becomes active, and before
 * it removes it when another view takes over: our merge follows it. */
static void
shell_view_toggled_cb (EShellView                        *shell_view,
                       ERecurringSalesShellViewExtension *extension)
{
  GtkUIManager *ui_manager = e_shell_window_get_ui_manager (e_shell_view_get_shell_window (shell_view));
  g_autoptr(GError) error = NULL;

  if (extension->merge_id != 0)
    {
      gtk_ui_manager_remove_ui (ui_manager, extension->merge_id);
      extension->merge_id = 0;
    }
  if (!e_shell_view_is_active (shell_view))
    return;

  add_actions_once (shell_view);
  extension->merge_id = gtk_ui_manager_add_ui_from_string (ui_manager, ui_definition, -1, &error);
  if (extension->merge_id == 0)
    g_warning ("Could not add the Recurring Sales menu items: %s", error->message);
  gtk_ui_manager_ensure_update (ui_manager);
}

static void
e_recurring_sales_shell_view_extension_constructed (GObject *object)
{
  EShellView *shell_view;

  G_OBJECT_CLASS (e_recurring_sales_shell_view_extension_parent_class)->constructed (object);

  shell_view = E_SHELL_VIEW (e_extension_get_extensible (E_EXTENSION (object)));
  if (g_strcmp0 (E_SHELL_VIEW_GET_CLASS (shell_view)->ui_manager_id, CALENDAR_UI_MANAGER_ID) != 0)
    return;

  g_signal_connect_object (shell_view, "toggled", G_CALLBACK (shell_view_toggled_cb), object,
                           G_CONNECT_AFTER);
}

static void
e_recurring_sales_shell_view_extension_class_init (ERecurringSalesShellViewExtensionClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = e_recurring_sales_shell_view_extension_constructed;
  E_EXTENSION_CLASS (klass)->extensible_type = E_TYPE_SHELL_VIEW;
}

static void
e_recurring_sales_shell_view_extension_class_finalize (ERecurringSalesShellViewExtensionClass *klass)
{
}

static void
e_recurring_sales_shell_view_extension_init (ERecurringSalesShellViewExtension *extension)
{
}

void
e_recurring_sales_shell_view_extension_type_register (GTypeModule *type_module)
{
  e_recurring_sales_shell_view_extension_register_type (type_module);
}
