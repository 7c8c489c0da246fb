/* rs-json.h: sales as JSON (the format of `export --format json`, and its import)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * {"format": "evolution-recurring-sales", "version": 1, "sales": [ {…}, … ]}, each sale with the
 * keys of the D-Bus API: uid, client, email, contact_uid, service, amount (decimal string),
 * currency, period, start, until | count | term, notice_days, draft, prepay, iban,
 * payment_instructions, reminders [{kind, lead_days, audience}], reminder_time, status,
 * predecessor, successor, note, occurrences {"YYYY-MM-DD": state}.
 */
#pragma once

#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-defaults.h>

G_BEGIN_DECLS

/* Parses and validates every sale; on any problem nothing is returned and the error says
 * "sale N: sentence". Missing optional fields take @defaults. A GPtrArray of RsSale. */
GPtrArray *rs_json_parse_sales (const char       *data,
                                gssize            length,
                                const RsDefaults *defaults,
                                GError          **error);
char      *rs_json_write_sales (GPtrArray *sales);
/* The same on one line, for a calendar's X-property (rs-ics.c). */
char      *rs_json_write_sales_line (GPtrArray *sales);

G_END_DECLS
