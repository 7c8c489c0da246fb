/* e-recurring-sales-list.h: the Recurring Sales list, a window of every sale
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Opens the list over @parent, or brings it to the front when it is open already. */
void e_recurring_sales_list_show (GtkWindow *parent);

G_END_DECLS
