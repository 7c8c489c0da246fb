/* rs-sale-fields-private.h: the table's accessors and text forms, and what the readers share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <recurring-sales/rs-sale-fields.h>

G_BEGIN_DECLS

/* Accessors the sale does not have as such: numbers with a "none", the revision as a number. */
gint64   rs_sale_field_get_notice_days       (RsSale *sale);
void     rs_sale_field_set_notice_days       (RsSale *sale, gint64 notice_days);
gboolean rs_sale_field_notice_days_has_value (RsSale *sale);
gint64   rs_sale_field_get_revision          (RsSale *sale);
void     rs_sale_field_set_revision          (RsSale *sale, gint64 revision);
gboolean rs_sale_field_created_has_value     (RsSale *sale);
gboolean rs_sale_field_updated_has_value     (RsSale *sale);
gboolean rs_sale_field_delivery_has_value    (RsSale *sale);
gboolean rs_sale_field_occurrences_has_value (RsSale *sale);
/* rs-sale-field-offer.c: the team and the renewal offer. */
gboolean rs_sale_field_offer_has_value        (RsSale *sale);
gboolean rs_sale_field_offer_date_has_value   (RsSale *sale);
gboolean rs_sale_field_offer_amount_has_value (RsSale *sale);
gboolean rs_sale_field_team_check             (const char *text, GError **error);

/* The text forms that are not their type's. */
#define RS_SALE_FIELD_DECLARE_TEXT_FORM(name)                                             \
  char     *rs_sale_field_##name##_to_text   (const RsSaleFieldInfo *info, RsSale *sale); \
  gboolean  rs_sale_field_##name##_from_text (const RsSaleFieldInfo *info, RsSale *sale,  \
                                              const char *text, GError **error);

RS_SALE_FIELD_DECLARE_TEXT_FORM (reminder_time)
RS_SALE_FIELD_DECLARE_TEXT_FORM (delivery)
RS_SALE_FIELD_DECLARE_TEXT_FORM (status)
RS_SALE_FIELD_DECLARE_TEXT_FORM (reminders)
RS_SALE_FIELD_DECLARE_TEXT_FORM (occurrences)
RS_SALE_FIELD_DECLARE_TEXT_FORM (offer)
RS_SALE_FIELD_DECLARE_TEXT_FORM (offer_date)

char    *rs_sale_field_iban_to_file_text  (const RsSaleFieldInfo *info,
                                           RsSale                *sale);
gboolean rs_sale_field_currency_from_text (const RsSaleFieldInfo  *info,
                                           RsSale                 *sale,
                                           const char             *text,
                                           GError                **error);

/* What the CSV and JSON readers share. */

/* A whole number in [@min, @max], digits only; errors name @name ("The field “count” is …"). */
gboolean rs_sale_field_parse_number  (const char  *text,
                                      const char  *name,
                                      gint64       min,
                                      gint64       max,
                                      gint64      *out_value,
                                      GError     **error);
/* yes, true or 1; no, false or 0, in any case; errors name @name. */
gboolean rs_sale_field_parse_flag    (const char  *text,
                                      const char  *name,
                                      gboolean    *out_value,
                                      GError     **error);
/* "The field “notice_days” is 400; it must be between 1 and 366.", @value_text as given. */
void     rs_sale_field_range_error   (GError     **error,
                                      const char  *name,
                                      const char  *value_text,
                                      gint64       min,
                                      gint64       max);
/* Adds a reminder unless the sale already has RS_SALE_MAX_REMINDERS. */
gboolean rs_sale_field_add_reminder  (RsSale          *sale,
                                      RsReminderKind   kind,
                                      guint            lead_days,
                                      RsAudience       audience,
                                      GError         **error);
/* Marks the occurrence of @date_text ("2027-01-31") as @state_text ("issued"). */
gboolean rs_sale_field_mark_occurrence (RsSale      *sale,
                                        const char  *date_text,
                                        const char  *state_text,
                                        GError     **error);
/* "Give at most one of “until”, “count” and “term”." */
void     rs_sale_field_term_error    (GError **error);

G_END_DECLS
