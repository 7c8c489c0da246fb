/* e-recurring-sales-extensions.h: the module's extensions of Evolution's types
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The shell: the Preferences page. */
void e_recurring_sales_shell_extension_type_register      (GTypeModule *type_module);
/* The Calendar view's menu items (GtkUIManager: the only file that knows it). */
void e_recurring_sales_shell_view_extension_type_register (GTypeModule *type_module);

G_END_DECLS
