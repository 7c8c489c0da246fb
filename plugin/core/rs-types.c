/* rs-types.c: stable names of the core's enumerations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rs-types.h"

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
DEFINE_ENUM_NAMES (rs_audience, RsAudience, "owner", "client")
DEFINE_ENUM_NAMES (rs_occurrence_state, RsOccurrenceState, "open", "issued", "prepaid", "skipped")
