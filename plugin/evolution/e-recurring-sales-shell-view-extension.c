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
#include <e-util/e-util.h>

#include "e-recurring-sales-event.h"
#include "e-recurring-sales-extensions.h"
#include "e-recurring-sales-lifecycle.h"
#include "e-recurring-sales-list.h"
#include "e-recurring-sales-preferences.h"
#include "e-recurring-sales-preview.h"
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
  "        <menuitem action='recurring-sales-list'/>"
  "        <menuitem action='recurring-sales-preferences'/>"
  "      </menu>"
  "    </placeholder>"
  "  </menubar>"
  "  <popup name='calendar-event-popup'>"
  "    <placeholder name='event-popup-actions'>"
  "      <menuitem action='recurring-sales-mark-issued'/>"
  "      <menuitem action='recurring-sales-mark-prepaid'/>"
  "      <menuitem action='recurring-sales-skip'/>"
  "      <menuitem action='recurring-sales-reopen'/>"
  "      <menuitem action='recurring-sales-preview'/>"
  "      <menuitem action='recurring-sales-edit-sale'/>"
  "      <menuitem action='recurring-sales-renew'/>"
  "      <menuitem action='recurring-sales-end'/>"
  "    </placeholder>"
  "  </popup>"
  "  <toolbar name='main-toolbar'>"
  "    <placeholder name='toolbar-actions'>"
  "      <toolitem action='recurring-sales-new-sale'/>"
  "      <toolitem action='recurring-sales-list'/>"
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

static void
action_list_cb (GtkAction *action,
                gpointer   user_data)
{
  EShellView *shell_view = user_data;

  e_recurring_sales_list_show (GTK_WINDOW (e_shell_view_get_shell_window (shell_view)));
}

static void
mark_selected (EShellView *shell_view,
               const char *state)
{
  g_autoptr(ERecurringSalesEvent) event = e_recurring_sales_event_selected (shell_view, TRUE);

  if (event != NULL)
    e_recurring_sales_event_mark (event, state,
                                  GTK_WINDOW (e_shell_view_get_shell_window (shell_view)));
}

static void
action_mark_issued_cb (GtkAction *action,
                       gpointer   user_data)
{
  mark_selected (user_data, "issued");
}

static void
action_mark_prepaid_cb (GtkAction *action,
                        gpointer   user_data)
{
  mark_selected (user_data, "prepaid");
}

static void
action_skip_cb (GtkAction *action,
                gpointer   user_data)
{
  mark_selected (user_data, "skipped");
}

static void
action_reopen_cb (GtkAction *action,
                  gpointer   user_data)
{
  mark_selected (user_data, "open");
}

static void
action_edit_sale_cb (GtkAction *action,
                     gpointer   user_data)
{
  EShellView *shell_view = user_data;
  g_autoptr(ERecurringSalesEvent) event = e_recurring_sales_event_selected (shell_view, FALSE);

  if (event != NULL)
    e_recurring_sales_sale_editor_edit_sale (GTK_WINDOW (e_shell_view_get_shell_window (shell_view)),
                                             event->sale_uid);
}

static void
action_renew_cb (GtkAction *action,
                 gpointer   user_data)
{
  EShellView *shell_view = user_data;
  g_autoptr(ERecurringSalesEvent) event = e_recurring_sales_event_selected (shell_view, FALSE);

  if (event != NULL)
    e_recurring_sales_lifecycle_renew (GTK_WINDOW (e_shell_view_get_shell_window (shell_view)),
                                       event->sale_uid);
}

static void
action_end_cb (GtkAction *action,
               gpointer   user_data)
{
  EShellView *shell_view = user_data;
  g_autoptr(ERecurringSalesEvent) event = e_recurring_sales_event_selected (shell_view, FALSE);

  if (event != NULL)
    e_recurring_sales_lifecycle_end (GTK_WINDOW (e_shell_view_get_shell_window (shell_view)),
                                     event->sale_uid);
}

static void
action_preview_cb (GtkAction *action,
                   gpointer   user_data)
{
  EShellView *shell_view = user_data;
  g_autoptr(ERecurringSalesEvent) event = e_recurring_sales_event_selected (shell_view, TRUE);

  if (event != NULL && e_recurring_sales_preview_offered (event->kind))
    e_recurring_sales_preview_show (GTK_WINDOW (e_shell_view_get_shell_window (shell_view)),
                                    event->sale_uid, event->kind, event->date);
}

/* What any event of a recurring sale offers. */
static const char * const sale_actions[] = {
  "recurring-sales-edit-sale", "recurring-sales-renew", "recurring-sales-end",
};

/* What an invoice of a recurring sale can be marked, in the event's right-click menu. */
static const char * const invoice_actions[] = {
  "recurring-sales-mark-issued", "recurring-sales-mark-prepaid", "recurring-sales-skip",
  "recurring-sales-reopen",
};

/* Evolution's own items that do harm on our events: Move copies the series with its
 * reminders into another calendar and then fails to remove it from ours (a duplicate that
 * never follows the sale and reminds twice); Delete and the occurrence items do nothing on a
 * read-only calendar. Copy stays. */
static const char * const hidden_for_our_events[] = {
  "event-move", "event-delete", "event-delete-occurrence",
  "event-delete-occurrence-this-and-future", "event-delete-occurrence-all",
  "event-occurrence-movable",
  /* The right-click menu's own copies of them (e_action_group_add_popup_actions ()). */
  "event-popup-move", "event-popup-delete", "event-popup-delete-occurrence",
  "event-popup-delete-occurrence-this-and-future", "event-popup-delete-occurrence-all",
  "event-popup-occurrence-movable",
};

static const GtkActionEntry calendar_entries[] = {
  { "recurring-sales-new-sale", "list-add",
    /* Translators: an item of Evolution's Calendar › Actions menu and a toolbar button */
    N_("New _Recurring Sale…"), NULL,
    N_("Add a sale that is invoiced again and again, with its reminders"),
    G_CALLBACK (action_new_sale_cb) },
  /* Ctrl+Shift+L: free in the Calendar view of Evolution 3.46 (only Contacts has it). */
  { "recurring-sales-list", "view-list-symbolic",
    /* Translators: an item of Evolution's Calendar › Actions menu and a toolbar button; it
     * opens the list of every recurring sale */
    N_("Recurring _Sales"), "<Control><Shift>l",
    N_("Every recurring sale in a list, to search, sort and act on"),
    G_CALLBACK (action_list_cb) },
  { "recurring-sales-preferences", "preferences-system",
    /* Translators: an item of Evolution's Calendar › Actions menu */
    N_("Recurring Sales _Preferences…"), NULL,
    N_("Reminders, invoices and e-mails to clients of your recurring sales"),
    G_CALLBACK (action_preferences_cb) },
  /* Translators: in the right-click menu of an invoice of a recurring sale */
  { "recurring-sales-mark-issued", NULL, N_("Mark _Issued"), NULL,
    N_("You issued this invoice"), G_CALLBACK (action_mark_issued_cb) },
  /* Translators: in the right-click menu of an invoice of a recurring sale */
  { "recurring-sales-mark-prepaid", NULL, N_("Mark _Prepaid"), NULL,
    N_("The client paid this invoice in advance"), G_CALLBACK (action_mark_prepaid_cb) },
  /* Translators: in the right-click menu of an invoice of a recurring sale */
  { "recurring-sales-skip", NULL, N_("S_kip This Invoice"), NULL,
    N_("No invoice is issued on this date"), G_CALLBACK (action_skip_cb) },
  /* Translators: in the right-click menu of an invoice of a recurring sale */
  { "recurring-sales-reopen", NULL, N_("_Reopen"), NULL,
    N_("Clear the mark of this invoice"), G_CALLBACK (action_reopen_cb) },
  /* Translators: in the right-click menu of an invoice or the expiry of a recurring sale */
  { "recurring-sales-preview", "mail-message-new", N_("_Preview E-mail to Client…"), NULL,
    N_("The e-mail the client would get for this reminder, without sending it"),
    G_CALLBACK (action_preview_cb) },
  /* Translators: in the right-click menu of an event of a recurring sale */
  { "recurring-sales-edit-sale", "document-edit", N_("_Edit Sale…"), NULL,
    N_("Change the recurring sale this event comes from"), G_CALLBACK (action_edit_sale_cb) },
  /* Translators: in the right-click menu of an event of a recurring sale */
  { "recurring-sales-renew", NULL, N_("Re_new Sale…"), NULL,
    N_("The client renews: a new term after the expiry"), G_CALLBACK (action_renew_cb) },
  /* Translators: in the right-click menu of an event of a recurring sale */
  { "recurring-sales-end", NULL, N_("En_d Sale…"), NULL,
    N_("The client will not renew"), G_CALLBACK (action_end_cb) },
};

static void
set_visible (GtkActionGroup *group,
             const char     *name,
             gboolean        visible)
{
  GtkAction *action = gtk_action_group_get_action (group, name);

  if (action != NULL)
    gtk_action_set_visible (action, visible);
}

/* Before Evolution's own handler: what we hid comes back, and Evolution decides as usual. */
static void
update_actions_before_cb (EShellView *shell_view)
{
  GtkActionGroup *group = e_shell_window_get_action_group (e_shell_view_get_shell_window (shell_view),
                                                           CALENDAR_ACTION_GROUP);

  for (guint i = 0; i < G_N_ELEMENTS (hidden_for_our_events); i++)
    set_visible (group, hidden_for_our_events[i], TRUE);
}

/* After it, on every selection change and before every popup: no D-Bus here. */
static void
update_actions_after_cb (EShellView *shell_view)
{
  GtkActionGroup *group = e_shell_window_get_action_group (e_shell_view_get_shell_window (shell_view),
                                                           CALENDAR_ACTION_GROUP);
  g_autoptr(ERecurringSalesEvent) event = e_recurring_sales_event_selected (shell_view, FALSE);
  gboolean invoice = event != NULL && g_strcmp0 (event->kind, "invoice") == 0;

  for (guint i = 0; i < G_N_ELEMENTS (invoice_actions); i++)
    set_visible (group, invoice_actions[i], invoice);
  for (guint i = 0; i < G_N_ELEMENTS (sale_actions); i++)
    set_visible (group, sale_actions[i], event != NULL);
  set_visible (group, "recurring-sales-preview",
               event != NULL && e_recurring_sales_preview_offered (event->kind));
  if (event != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (hidden_for_our_events); i++)
      set_visible (group, hidden_for_our_events[i], FALSE);
}

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
  gtk_action_set_is_important (gtk_action_group_get_action (group, "recurring-sales-list"), TRUE);
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
  g_signal_connect (shell_view, "update-actions", G_CALLBACK (update_actions_before_cb), NULL);
  g_signal_connect_after (shell_view, "update-actions", G_CALLBACK (update_actions_after_cb), NULL);
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
