/* e-recurring-sales-lifecycle.h: renewing and ending a sale from one of its events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Asks for the new term (empty: the same) and renews the sale @uid (Renew). */
void e_recurring_sales_lifecycle_renew (GtkWindow  *parent,
                                        const char *uid);
/* Asks for the reason and records that the client of @uid will not renew (EndSale). */
void e_recurring_sales_lifecycle_end   (GtkWindow  *parent,
                                        const char *uid);

G_END_DECLS
