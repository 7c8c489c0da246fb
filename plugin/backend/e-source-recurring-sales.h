/* e-source-recurring-sales.h: the [Recurring Sales] settings of a calendar source
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Which events a calendar of the recurring-sales backend shows: invoices, expiries and notice
 * deadlines (each on by default), and optionally only the sales of clients whose name contains
 * a text. In a .source file:
 *
 *   [Recurring Sales]
 *   ShowInvoices=true
 *   ShowExpiries=true
 *   ShowNotices=false
 *   ClientFilter=Acme
 */
#pragma once

#include <libedataserver/libedataserver.h>

#include "eds-autocleanups.h"

G_BEGIN_DECLS

#define E_SOURCE_EXTENSION_RECURRING_SALES "Recurring Sales"

#define E_TYPE_SOURCE_RECURRING_SALES (e_source_recurring_sales_get_type ())
G_DECLARE_FINAL_TYPE (ESourceRecurringSales, e_source_recurring_sales,
                      E, SOURCE_RECURRING_SALES, ESourceExtension)

gboolean  e_source_recurring_sales_get_show_invoices (ESourceRecurringSales *extension);
void      e_source_recurring_sales_set_show_invoices (ESourceRecurringSales *extension,
                                                      gboolean               show_invoices);
gboolean  e_source_recurring_sales_get_show_expiries (ESourceRecurringSales *extension);
void      e_source_recurring_sales_set_show_expiries (ESourceRecurringSales *extension,
                                                      gboolean               show_expiries);
gboolean  e_source_recurring_sales_get_show_notices  (ESourceRecurringSales *extension);
void      e_source_recurring_sales_set_show_notices  (ESourceRecurringSales *extension,
                                                      gboolean               show_notices);
/* NULL or "" shows every client; otherwise only the clients whose name contains it (ignoring
 * case). Newly allocated, because another thread may change it. */
char     *e_source_recurring_sales_dup_client_filter (ESourceRecurringSales *extension);
void      e_source_recurring_sales_set_client_filter (ESourceRecurringSales *extension,
                                                      const char            *client_filter);

G_END_DECLS
