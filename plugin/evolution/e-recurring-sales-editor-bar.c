/* e-recurring-sales-editor-bar.c: what the event editor's information bar offers on our events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The event editor opened on one of our events offers what its right-click menu offers, so
 * that a user who opened the event does not have to close it and find the menu: Edit Sale…,
 * Preview E-mail to Client…, and the rest in one Sale Actions menu (six more buttons would not
 * fit one line in Greek). The labels are the right-click menu's own, so they read and
 * translate the same. They are widgets of the alert, not its actions: an action would close
 * the bar, and the user may want Edit Sale… after a mark.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <e-util/e-util.h>

#include "e-recurring-sales-editor-bar.h"
#include "e-recurring-sales-event.h"
#include "e-recurring-sales-lifecycle.h"
#include "e-recurring-sales-preview.h"
#include "e-recurring-sales-sale-editor.h"

#define EVENT_KEY  "rs-event"
#define PARENT_KEY "rs-parent"
#define STATE_KEY  "rs-state"

static ERecurringSalesEvent *
event_of (GtkWidget *item)
{
  return g_object_get_data (G_OBJECT (item), EVENT_KEY);
}

/* The editor, held weakly: the menu may outlive it for a moment. */
static GtkWindow *
parent_of (GtkWidget *item)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (item), PARENT_KEY);
  g_autoptr(GObject) parent = ref != NULL ? g_weak_ref_get (ref) : NULL;

  /* Still referenced by its toplevel list while it is shown. */
  return parent != NULL ? GTK_WINDOW (parent) : NULL;
}

static void
mark_activate_cb (GtkMenuItem *item)
{
  GtkWindow *parent = parent_of (GTK_WIDGET (item));

  if (parent != NULL)
    e_recurring_sales_event_mark (event_of (GTK_WIDGET (item)),
                                  g_object_get_data (G_OBJECT (item), STATE_KEY), parent);
}

static void
renew_activate_cb (GtkMenuItem *item)
{
  GtkWindow *parent = parent_of (GTK_WIDGET (item));

  if (parent != NULL)
    e_recurring_sales_lifecycle_renew (parent, event_of (GTK_WIDGET (item))->sale_uid);
}

static void
end_activate_cb (GtkMenuItem *item)
{
  GtkWindow *parent = parent_of (GTK_WIDGET (item));

  if (parent != NULL)
    e_recurring_sales_lifecycle_end (parent, event_of (GTK_WIDGET (item))->sale_uid);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static GtkWidget *
add_item (GtkWidget            *menu,
          const char           *label,
          const char           *tooltip,
          GCallback             callback,
          ERecurringSalesEvent *event,
          GtkWindow            *parent,
          const char           *state)
{
  GtkWidget *item = gtk_menu_item_new_with_mnemonic (label);
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, parent);
  /* Each item shares the menu's event: the menu, which owns the items, frees it. */
  g_object_set_data (G_OBJECT (item), EVENT_KEY, event);
  g_object_set_data_full (G_OBJECT (item), PARENT_KEY, ref, (GDestroyNotify) weak_ref_free);
  g_object_set_data (G_OBJECT (item), STATE_KEY, (gpointer) state);
  gtk_widget_set_tooltip_text (item, tooltip);
  g_signal_connect (item, "activate", callback, NULL);
  gtk_menu_shell_append (GTK_MENU_SHELL (menu), item);
  return item;
}

static GtkWidget *
sale_actions_new (GtkWindow  *parent,
                  const char *sale_uid,
                  const char *kind,
                  const char *date)
{
  ERecurringSalesEvent *event;
  GtkWidget *button;
  GtkWidget *menu;

  event = g_new0 (ERecurringSalesEvent, 1);
  event->sale_uid = g_strdup (sale_uid);
  event->kind = g_strdup (kind);
  event->date = g_strdup (date);

  menu = gtk_menu_new ();
  g_object_set_data_full (G_OBJECT (menu), EVENT_KEY, event,
                          (GDestroyNotify) e_recurring_sales_event_free);
  if (g_strcmp0 (kind, "invoice") == 0)
    {
      /* The msgids of the right-click menu (e-recurring-sales-shell-view-extension.c). */
      add_item (menu, _("Mark _Issued"), _("You issued this invoice"),
                G_CALLBACK (mark_activate_cb), event, parent, "issued");
      add_item (menu, _("Mark _Prepaid"), _("The client paid this invoice in advance"),
                G_CALLBACK (mark_activate_cb), event, parent, "prepaid");
      add_item (menu, _("S_kip This Invoice"), _("No invoice is issued on this date"),
                G_CALLBACK (mark_activate_cb), event, parent, "skipped");
      add_item (menu, _("_Reopen"), _("Clear the mark of this invoice"),
                G_CALLBACK (mark_activate_cb), event, parent, "open");
      gtk_menu_shell_append (GTK_MENU_SHELL (menu), gtk_separator_menu_item_new ());
    }
  add_item (menu, _("Re_new Sale…"), _("The client renews: a new term after the expiry"),
            G_CALLBACK (renew_activate_cb), event, parent, NULL);
  add_item (menu, _("En_d Sale…"), _("The client will not renew"),
            G_CALLBACK (end_activate_cb), event, parent, NULL);
  gtk_widget_show_all (menu);

  button = gtk_menu_button_new ();
  /* Translators: a menu button in the information bar of Evolution's event editor, opened on
   * an event of a recurring sale; its menu has Mark Issued, Renew Sale… and the like */
  gtk_button_set_label (GTK_BUTTON (button), _("Sale _Actions"));
  gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
  gtk_menu_button_set_popup (GTK_MENU_BUTTON (button), menu);
  gtk_widget_show (button);
  return button;
}

static void
edit_sale_clicked_cb (GtkButton *button)
{
  GtkWindow *parent = parent_of (GTK_WIDGET (button));

  if (parent != NULL)
    e_recurring_sales_sale_editor_edit_sale (parent, event_of (GTK_WIDGET (button))->sale_uid);
}

static void
preview_clicked_cb (GtkButton *button)
{
  ERecurringSalesEvent *event = event_of (GTK_WIDGET (button));
  GtkWindow *parent = parent_of (GTK_WIDGET (button));

  if (parent != NULL)
    e_recurring_sales_preview_show (parent, event->sale_uid, event->kind, event->date);
}

/* A button of the bar, holding its own copy of the event. */
static GtkWidget *
bar_button_new (const char *label,
                GCallback   callback,
                GtkWindow  *parent,
                const char *sale_uid,
                const char *kind,
                const char *date)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  ERecurringSalesEvent *event = g_new0 (ERecurringSalesEvent, 1);
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  event->sale_uid = g_strdup (sale_uid);
  event->kind = g_strdup (kind);
  event->date = g_strdup (date);
  g_object_set_data_full (G_OBJECT (button), EVENT_KEY, event,
                          (GDestroyNotify) e_recurring_sales_event_free);
  g_weak_ref_init (ref, parent);
  g_object_set_data_full (G_OBJECT (button), PARENT_KEY, ref, (GDestroyNotify) weak_ref_free);
  g_signal_connect (button, "clicked", callback, NULL);
  gtk_widget_show (button);
  return button;
}

void
e_recurring_sales_editor_bar_fill (gpointer    alert,
                                   GtkWindow  *parent,
                                   const char *sale_uid,
                                   const char *kind,
                                   const char *date)
{
  g_return_if_fail (E_IS_ALERT (alert));
  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (sale_uid != NULL);

  e_alert_add_widget (alert,
                      /* Translators: a button in the information bar of Evolution's event editor */
                      bar_button_new (_("_Edit Sale…"), G_CALLBACK (edit_sale_clicked_cb), parent,
                                      sale_uid, kind, date));
  if (e_recurring_sales_preview_offered (kind))
    e_alert_add_widget (alert,
                        /* Translators: a button in the information bar of Evolution's event editor */
                        bar_button_new (_("_Preview E-mail to Client…"),
                                        G_CALLBACK (preview_clicked_cb), parent, sale_uid, kind,
                                        date));
  e_alert_add_widget (alert, sale_actions_new (parent, sale_uid, kind, date));
}
