/* rs-sale-variant.h: sales and agenda items as D-Bus dictionaries (a{sv})
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The keys are those of the table of fields (rs-sale-fields.h), as the D-Bus API documents
 * them (plugin/dbus/io.github.recurring_sales.RecurringSales1.xml): uid s, client s, email s,
 * contact_uid s, service s, amount_minor x, currency s, period s, start s,
 * until s | count u | term s, anchor_day u, notice_days u, draft b, prepay b, iban s,
 * payment_instructions s, reminders a(sus), reminder_time s, status s, predecessor s,
 * successor s, note s, created x, updated x, revision t, occurrences a{ss}, delivery s,
 * language s.
 *
 * Decoding is strict: an unknown key, a key given twice, a value of the wrong type (an int32
 * where an int64 is expected is refused too), a string longer than RS_VARIANT_MAX_STRING bytes,
 * or an array longer than its limit (RS_SALE_MAX_REMINDERS reminders,
 * RS_VARIANT_MAX_OCCURRENCES occurrences, counted before any element is read) gives
 * RS_ERROR_INVALID_ARGUMENT with a sentence naming the key, and nothing is changed. (GVariant
 * strings are always valid UTF-8: GLib reads an invalid serialized string as "".)
 *
 * The functions that take a dictionary consume it when it is floating, like
 * g_variant_builder_add_value(), so `rs_sale_new_from_variant (g_variant_new_parsed (…), …)`
 * does not leak.
 */
#pragma once

#include <recurring-sales/rs-agenda.h>
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

#define RS_VARIANT_MAX_STRING      (64 * 1024)
#define RS_VARIANT_MAX_OCCURRENCES 10000

/* Every key that has a value, as a floating a{sv}, in the order of the list above: texts only
 * when set; until, count or term according to the term; anchor_day when not 0; notice_days
 * when set; occurrences when any is marked; uid, amount_minor, period, start, draft, prepay,
 * reminders, reminder_time, status, created, updated, revision and delivery ("default" when
 * the sale follows the setting) always. */
GVariant *rs_sale_to_variant         (RsSale   *sale);
/* A new sale from @dict (a{sv}): what is missing takes @defaults (NULL: the built-in ones):
 * the draft flag, the reminder time, and when "reminders" is absent the default reminders
 * for the term (and the default notice period, unless "notice_days" is given; 0 means none).
 * client, service, amount_minor, currency, period and start are required. "uid" is kept when
 * given, else generated. "revision", "created" and "updated" are accepted and ignored (the
 * store sets them), so that a GetSale result can be given to AddSale as it is. The result is
 * validated. */
RsSale   *rs_sale_new_from_variant   (GVariant          *dict,
                                      const RsDefaults  *defaults,
                                      GError           **error);
/* Applies the keys of @changes (a{sv}) onto @sale and validates the result; on error @sale is
 * left exactly as it was. "uid", "revision", "created", "updated", "predecessor" and
 * "successor" cannot be changed (RS_ERROR_INVALID_ARGUMENT), but a value equal to the current
 * one is accepted, so that a whole GetSale result can be sent back as changes. An empty string
 * clears an optional text (email, contact_uid, iban, payment_instructions, note); "until",
 * "count" or "term" replace the term ("term" "" makes it open-ended); "notice_days" 0 removes
 * the notice period; "reminders" replaces the list and "occurrences" replaces all marks.
 * The revision is not touched: the store increases it when it saves the sale. */
gboolean  rs_sale_apply_variant      (RsSale            *sale,
                                      GVariant          *changes,
                                      GError           **error);
/* An agenda item as a floating a{sv}: uid s (the sale's), kind s, date s, client s,
 * service s, amount_minor x, currency s, draft b, state s (an invoice's mark; "open" for the
 * other kinds), status s (the sale's); reminders also for_kind s, for_date s, audience s,
 * lead_days u. Dates are YYYY-MM-DD. */
GVariant *rs_agenda_item_to_variant  (const RsAgendaItem *item);

G_END_DECLS
