/* e-recurring-sales-extensions.h: the module's extensions of Evolution's types
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The calendar Properties and New Calendar dialogs: what a Recurring Sales calendar shows. */
void e_recurring_sales_cal_config_type_register          (GTypeModule *type_module);
/* The shell: the Preferences page. */
void e_recurring_sales_shell_extension_type_register      (GTypeModule *type_module);
/* The event editor opened on one of our events: where it comes from, and Edit Sale…. */
void e_recurring_sales_comp_editor_extension_type_register (GTypeModule *type_module);
/* Adds to @alert (an EAlert) a button Edit Sale… that opens the sale editor on @sale_uid over
 * @parent (a GtkAction: in e-recurring-sales-shell-view-extension.c). */
void e_recurring_sales_alert_add_edit_sale                 (gpointer     alert,
                                                            const char  *sale_uid,
                                                            GtkWindow   *parent);
/* Adds to @alert a button Preview E-mail to Client… that shows the e-mail of the client
 * reminder of @kind on @date of the sale @sale_uid over @parent. */
void e_recurring_sales_alert_add_preview                   (gpointer     alert,
                                                            const char  *sale_uid,
                                                            const char  *kind,
                                                            const char  *date,
                                                            GtkWindow   *parent);
/* The Calendar view's menu items (GtkUIManager: the only file that knows it). */
void e_recurring_sales_shell_view_extension_type_register (GTypeModule *type_module);

G_END_DECLS
