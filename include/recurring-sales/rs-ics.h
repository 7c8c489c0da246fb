/* rs-ics.h: sales as the iCalendar file of `recurring-sales export --format ics`, and back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The export is the calendar's own events (rs_projection_export_ics ()), with each sale also
 * carried whole, as the JSON of its one sale (rs-json.h), in an X-RECURRING-SALE-DATA property
 * of its first event: calendar programs ignore it and keep it, and an import reads the sales
 * back from it exactly. The events themselves cannot give a sale back (an amount, an IBAN,
 * the term and the reminders' audiences are not in them), so a calendar without that property
 * is refused with a sentence saying what can be imported.
 */
#pragma once

#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

#define RS_X_SALE_DATA "X-RECURRING-SALE-DATA"

/* Every sale as rs_projection_export_ics () writes it, each with its X-RECURRING-SALE-DATA. */
char      *rs_ics_write_sales (GPtrArray *sales);

/* The sales of a file rs_ics_write_sales () wrote, validated as JSON sales are (missing
 * optional fields take @defaults, NULL: the built-in ones). NULL with RS_ERROR_INVALID_ARGUMENT
 * and a sentence when the text is not iCalendar, when an event is not one of a sale of ours,
 * when a sale's events carry no data or their data is not that sale, or when a sale is
 * invalid. */
GPtrArray *rs_ics_parse_sales (const char        *data,
                               gsize              length,
                               const RsDefaults  *defaults,
                               GError           **error);

G_END_DECLS
