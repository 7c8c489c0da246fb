/* e-recurring-sales-preview.h: the e-mail a client reminder of a sale would have, shown
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether an event of kind @kind (X-RECURRING-SALE-KIND) has an e-mail to the client to
 * preview: invoices and the expiry. */
gboolean e_recurring_sales_preview_offered (const char *kind);
/* Asks the service for the e-mail of the client reminder of @kind on @date of the sale @uid
 * (PreviewReminderDetails) and shows it, read-only, over @parent, with the sentence saying why
 * it will not be sent when it will not. */
void     e_recurring_sales_preview_show    (GtkWindow  *parent,
                                            const char *uid,
                                            const char *kind,
                                            const char *date);

G_END_DECLS
