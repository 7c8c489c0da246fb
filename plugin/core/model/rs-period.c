/* rs-period.c: billing periods and term lengths ("1m", "3m", "1y", "2w", "10d")
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-text.h>

static const char unit_letters[] = { 'd', 'w', 'm', 'y' };

static gboolean
unit_from_letter (char          letter,
                  RsPeriodUnit *out_unit)
{
  for (guint i = 0; i < G_N_ELEMENTS (unit_letters); i++)
    {
      if (g_ascii_tolower (letter) == unit_letters[i])
        {
          *out_unit = (RsPeriodUnit) i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
rs_period_parse (const char  *text,
                 const char  *field_label,
                 RsPeriod    *out_period,
                 GError     **error)
{
  guint64 count = 0;
  gsize len;
  RsPeriodUnit unit;

  g_return_val_if_fail (field_label != NULL, FALSE);
  g_return_val_if_fail (out_period != NULL, FALSE);

  len = text != NULL ? strlen (text) : 0;
  if (len < 2 || len > 5 || !unit_from_letter (text[len - 1], &unit))
    {
      g_autofree char *shown = rs_text_for_message (text);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: first %s is a field such as "The billing period", second what was typed */
                   _("%s “%s” is not a period; write a number and a unit, like 1m, 3m, 1y, 2w or 10d."),
                   field_label, shown);
      return FALSE;
    }

  for (gsize i = 0; i < len - 1; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        {
          g_autofree char *shown = rs_text_for_message (text);
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       _("%s “%s” is not a period; write a number and a unit, like 1m, 3m, 1y, 2w or 10d."),
                       field_label, shown);
          return FALSE;
        }
      count = count * 10 + (guint64) (text[i] - '0');
    }

  if (count < 1 || count > RS_PERIOD_MAX_COUNT)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a field such as "The billing period", %s the value, %d a maximum */
                   _("%s “%s” must be between 1 and %d units."),
                   field_label, text, RS_PERIOD_MAX_COUNT);
      return FALSE;
    }

  out_period->count = (guint) count;
  out_period->unit = unit;
  return TRUE;
}

char *
rs_period_to_string (const RsPeriod *period)
{
  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail ((guint) period->unit < G_N_ELEMENTS (unit_letters), NULL);

  return g_strdup_printf ("%u%c", period->count, unit_letters[period->unit]);
}

char *
rs_period_describe (const RsPeriod *period)
{
  g_return_val_if_fail (period != NULL, NULL);

  switch (period->unit)
    {
    case RS_PERIOD_UNIT_DAY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "every day", "every %u days", period->count),
                              period->count);
    case RS_PERIOD_UNIT_WEEK:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "every week", "every %u weeks", period->count),
                              period->count);
    case RS_PERIOD_UNIT_MONTH:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "every month", "every %u months", period->count),
                              period->count);
    case RS_PERIOD_UNIT_YEAR:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "every year", "every %u years", period->count),
                              period->count);
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
rs_period_equal (const RsPeriod *a,
                 const RsPeriod *b)
{
  return a->count == b->count && a->unit == b->unit;
}
