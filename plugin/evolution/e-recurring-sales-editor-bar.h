/* e-recurring-sales-editor-bar.h: what the event editor's information bar offers on our events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Adds to @alert (an EAlert) the buttons for the event of @kind ("invoice", "expiry" or
 * "notice") on @date (YYYY-MM-DD, or NULL when unknown) of the sale @sale_uid: Edit Sale…,
 * Preview E-mail to Client… where a client e-mail exists for the kind, and a Sale Actions menu
 * with the marks of an invoice, Renew Sale… and End Sale…, as in the event's right-click menu.
 * Dialogs and refusals show over @parent. */
void e_recurring_sales_editor_bar_fill (gpointer    alert,
                                        GtkWindow  *parent,
                                        const char *sale_uid,
                                        const char *kind,
                                        const char *date);

G_END_DECLS
