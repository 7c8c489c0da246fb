/* e-recurring-sales-sale-editor.h: the dialog that adds a recurring sale
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Opens the editor for a new sale over @parent; it saves through the service (AddSale) and
 * closes itself. */
void e_recurring_sales_sale_editor_new_sale  (GtkWindow  *parent);
/* Opens the editor on the sale @uid, read from the service (GetSale); it saves what the user
 * changed with UpdateSale against the revision it read (a conflict reloads the sale). */
void e_recurring_sales_sale_editor_edit_sale (GtkWindow  *parent,
                                              const char *uid);

G_END_DECLS
