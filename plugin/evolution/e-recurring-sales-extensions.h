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
/* The Calendar view's menu items (GtkUIManager: the only file that knows it). */
void e_recurring_sales_shell_view_extension_type_register (GTypeModule *type_module);

G_END_DECLS
