/* rs-types.c: stable names of the core's enumerations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>
#include <recurring-sales/rs-types.h>

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *text,
             int                *out_value)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (names[i], text) == 0)
        {
          *out_value = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_NAMES(func_prefix, Type, ...)                                     \
  static const char * const func_prefix##_names[] = { __VA_ARGS__ };                  \
  const char *                                                                        \
  func_prefix##_to_string (Type value)                                                \
  {                                                                                   \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (func_prefix##_names), NULL);  \
    return func_prefix##_names[value];                                                \
  }                                                                                   \
  gboolean                                                                            \
  func_prefix##_from_string (const char *text,                                        \
                             Type       *out_value)                                   \
  {                                                                                   \
    int value;                                                                        \
    if (!lookup_name (func_prefix##_names, G_N_ELEMENTS (func_prefix##_names), text, &value)) \
      return FALSE;                                                                   \
    if (out_value != NULL)                                                            \
      *out_value = (Type) value;                                                      \
    return TRUE;                                                                      \
  }

DEFINE_ENUM_NAMES (rs_period_unit, RsPeriodUnit, "day", "week", "month", "year")
DEFINE_ENUM_NAMES (rs_term_kind, RsTermKind, "open", "until", "count", "length")
DEFINE_ENUM_NAMES (rs_sale_status, RsSaleStatus, "active", "paused", "renewed", "ended")
DEFINE_ENUM_NAMES (rs_reminder_kind, RsReminderKind, "invoice", "expiry", "notice")
DEFINE_ENUM_NAMES (rs_audience, RsAudience, "owner", "client", "team")
DEFINE_ENUM_NAMES (rs_offer_state, RsOfferState, "none", "offered", "accepted", "declined")
DEFINE_ENUM_NAMES (rs_occurrence_state, RsOccurrenceState, "open", "issued", "prepaid", "skipped")
DEFINE_ENUM_NAMES (rs_delivery, RsDelivery, "default", "draft", "send", "off")
DEFINE_ENUM_NAMES (rs_delivery_state, RsDeliveryState, "pending", "delivered", "missed", "cancelled")
DEFINE_ENUM_NAMES (rs_reminder_verdict, RsReminderVerdict, "reminds", "not-a-date", "paused",
                   "renewed", "ended", "no-rule", "issued", "prepaid", "skipped", "no-address",
                   "delivery-off", "delivery-setting-off", "due-passed", "sale-removed",
                   "offer-accepted", "offer-declined", "no-team", "team-delivery-off")
DEFINE_ENUM_NAMES (rs_agenda_item_kind, RsAgendaItemKind, "invoice", "expiry", "notice", "reminder")

/* Parses a word from outside, or says which words are accepted. */
#define DEFINE_ENUM_PARSE(func_prefix, Type, message)                                \
  gboolean                                                                          \
  func_prefix##_parse (const char  *text,                                           \
                       Type        *out_value,                                      \
                       GError     **error)                                          \
  {                                                                                 \
    g_autofree char *lower = g_ascii_strdown (text != NULL ? text : "", -1);         \
    g_autofree char *shown = NULL;                                                  \
                                                                                    \
    if (func_prefix##_from_string (lower, out_value))                               \
      return TRUE;                                                                  \
                                                                                    \
    shown = rs_text_for_message (text);                                             \
    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT, message, shown);       \
    return FALSE;                                                                   \
  }

DEFINE_ENUM_PARSE (rs_sale_status, RsSaleStatus,
                   /* Translators: %s is what was given; keep the four words untranslated */
                   _("The status “%s” is not one of active, paused, renewed or ended."))
DEFINE_ENUM_PARSE (rs_reminder_kind, RsReminderKind,
                   /* Translators: %s is what was given; keep the three words untranslated */
                   _("The reminder kind “%s” is not one of invoice, expiry or notice."))
DEFINE_ENUM_PARSE (rs_audience, RsAudience,
                   /* Translators: %s is what was given; keep the three words untranslated */
                   _("The reminder audience “%s” is not one of owner, client or team."))
DEFINE_ENUM_PARSE (rs_occurrence_state, RsOccurrenceState,
                   /* Translators: %s is what was given; keep the four words untranslated */
                   _("The occurrence state “%s” is not one of open, issued, prepaid or skipped."))
DEFINE_ENUM_PARSE (rs_delivery, RsDelivery,
                   /* Translators: %s is what was given; keep the four words untranslated */
                   _("The delivery “%s” is not one of default, draft, send or off."))
DEFINE_ENUM_PARSE (rs_offer_state, RsOfferState,
                   /* Translators: %s is what was given; keep the four words untranslated */
                   _("The offer state “%s” is not one of none, offered, accepted or declined."))
DEFINE_ENUM_PARSE (rs_delivery_state, RsDeliveryState,
                   /* Translators: %s is what was given; keep the four words untranslated */
                   _("The delivery state “%s” is not one of pending, delivered, missed or cancelled."))
