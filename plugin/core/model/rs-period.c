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

/* The words people and invoicing programs write for the usual periods, as a spreadsheet
 * column holds them; compared folded (rs_text_fold_word ()), so accents and case do not
 * matter. */
static const struct {
  const char   *word;
  guint         count;
  RsPeriodUnit  unit;
} period_words[] = {
  { "daily", 1, RS_PERIOD_UNIT_DAY },
  { "weekly", 1, RS_PERIOD_UNIT_WEEK },
  { "monthly", 1, RS_PERIOD_UNIT_MONTH },
  { "bimonthly", 2, RS_PERIOD_UNIT_MONTH },
  { "quarterly", 3, RS_PERIOD_UNIT_MONTH },
  { "half-yearly", 6, RS_PERIOD_UNIT_MONTH },
  { "semiannually", 6, RS_PERIOD_UNIT_MONTH },
  { "yearly", 1, RS_PERIOD_UNIT_YEAR },
  { "annually", 1, RS_PERIOD_UNIT_YEAR },
  { "annual", 1, RS_PERIOD_UNIT_YEAR },
  { "Ημερήσια", 1, RS_PERIOD_UNIT_DAY },
  { "Ημερήσιο", 1, RS_PERIOD_UNIT_DAY },
  { "Εβδομαδιαία", 1, RS_PERIOD_UNIT_WEEK },
  { "Εβδομαδιαίο", 1, RS_PERIOD_UNIT_WEEK },
  { "Μηνιαία", 1, RS_PERIOD_UNIT_MONTH },
  { "Μηνιαίο", 1, RS_PERIOD_UNIT_MONTH },
  { "Μηνιαίως", 1, RS_PERIOD_UNIT_MONTH },
  { "Διμηνιαία", 2, RS_PERIOD_UNIT_MONTH },
  { "Διμηνιαίο", 2, RS_PERIOD_UNIT_MONTH },
  { "Τριμηνιαία", 3, RS_PERIOD_UNIT_MONTH },
  { "Τριμηνιαίο", 3, RS_PERIOD_UNIT_MONTH },
  { "Εξαμηνιαία", 6, RS_PERIOD_UNIT_MONTH },
  { "Εξαμηνιαίο", 6, RS_PERIOD_UNIT_MONTH },
  { "Ετήσια", 1, RS_PERIOD_UNIT_YEAR },
  { "Ετήσιο", 1, RS_PERIOD_UNIT_YEAR },
  { "Ετησίως", 1, RS_PERIOD_UNIT_YEAR },
};

/* The units after "every N" / "κάθε N", singular and plural. */
static const struct {
  const char   *word;
  RsPeriodUnit  unit;
} unit_words[] = {
  { "day", RS_PERIOD_UNIT_DAY }, { "days", RS_PERIOD_UNIT_DAY },
  { "week", RS_PERIOD_UNIT_WEEK }, { "weeks", RS_PERIOD_UNIT_WEEK },
  { "month", RS_PERIOD_UNIT_MONTH }, { "months", RS_PERIOD_UNIT_MONTH },
  { "year", RS_PERIOD_UNIT_YEAR }, { "years", RS_PERIOD_UNIT_YEAR },
  { "ημέρα", RS_PERIOD_UNIT_DAY }, { "ημέρες", RS_PERIOD_UNIT_DAY },
  { "μέρα", RS_PERIOD_UNIT_DAY }, { "μέρες", RS_PERIOD_UNIT_DAY },
  { "εβδομάδα", RS_PERIOD_UNIT_WEEK }, { "εβδομάδες", RS_PERIOD_UNIT_WEEK },
  { "μήνα", RS_PERIOD_UNIT_MONTH }, { "μήνες", RS_PERIOD_UNIT_MONTH },
  { "χρόνο", RS_PERIOD_UNIT_YEAR }, { "χρόνια", RS_PERIOD_UNIT_YEAR },
  { "έτος", RS_PERIOD_UNIT_YEAR }, { "έτη", RS_PERIOD_UNIT_YEAR },
};

static gboolean
folded_equal (const char *folded,
              const char *word)
{
  g_autofree char *folded_word = rs_text_fold_word (word);

  return strcmp (folded, folded_word) == 0;
}

/* "every 3 months", "κάθε μήνα", "3 μήνες": an optional every, an optional count, a unit. */
static gboolean
read_every (const char *folded,
            RsPeriod   *out_period)
{
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  guint n = g_strv_length (words), i = 0;
  guint64 count = 1;

  if (n > 0 && (folded_equal (words[0], "every") || folded_equal (words[0], "κάθε")))
    i++;
  if (i + 2 == n)
    {
      if (!g_ascii_string_to_unsigned (words[i], 10, 1, RS_PERIOD_MAX_COUNT, &count, NULL))
        return FALSE;
      i++;
    }
  /* "every" alone, or "3" alone, is not a period. */
  if (i + 1 != n || i == 0)
    return FALSE;

  for (guint u = 0; u < G_N_ELEMENTS (unit_words); u++)
    {
      if (folded_equal (words[i], unit_words[u].word))
        {
          out_period->count = (guint) count;
          out_period->unit = unit_words[u].unit;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
rs_period_parse_words (const char  *text,
                       const char  *field_label,
                       RsPeriod    *out_period,
                       GError     **error)
{
  g_autofree char *folded = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (field_label != NULL, FALSE);
  g_return_val_if_fail (out_period != NULL, FALSE);

  if (rs_period_parse (text, field_label, out_period, NULL))
    return TRUE;

  folded = rs_text_fold_word (text);
  for (guint i = 0; i < G_N_ELEMENTS (period_words); i++)
    {
      if (folded_equal (folded, period_words[i].word))
        {
          out_period->count = period_words[i].count;
          out_period->unit = period_words[i].unit;
          return TRUE;
        }
    }
  if (read_every (folded, out_period))
    return TRUE;

  shown = rs_text_for_message (text);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is a field such as "The billing period", %2$s what was
                * written, %3$s the list of rs_period_words () */
               _("%1$s “%2$s” is not a period; write a number and a unit, like 1m, 3m, 1y, "
                 "2w or 10d, or one of: %3$s."),
               field_label, shown, rs_period_words ());
  return FALSE;
}

const char *
rs_period_words (void)
{
  /* Translators: examples of the periods a CSV file may give in words; both languages' words
   * are read whatever the user's language, so keep the English ones and add yours */
  return _("monthly, quarterly, yearly, every 3 months, Μηνιαία, Τριμηνιαία, Ετήσια, "
           "Κάθε 3 μήνες");
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
