/* rs-money-local.c: amounts as people read and type them, in their locale
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * rs_money_format () writes an amount as LC_MONETARY says; rs_money_parse_local () reads back
 * what people type in the command, in that form or in the plain ones ("1234.50", "1234,50"),
 * and refuses a text that could mean two amounts. Files and D-Bus use rs_money_parse ().
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <limits.h>
#include <locale.h>
#include <string.h>

#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

#include "rs-money-private.h"

/* A string of struct lconv as UTF-8 (locales with another charset are converted). */
static char *
locale_string_to_utf8 (const char *text,
                       const char *fallback)
{
  char *converted;

  if (text == NULL)
    return g_strdup (fallback);

  if (g_get_charset (NULL))
    return g_strdup (text);

  converted = g_locale_to_utf8 (text, -1, NULL, NULL, NULL);

  return converted != NULL ? converted : g_strdup (fallback);
}

/* Inserts @separator into the digit string @digits as the C locale's @grouping says:
 * each byte is the size of a group counted from the right, the last one repeats when the
 * string ends, CHAR_MAX stops grouping. */
static void
append_grouped (GString    *out,
                const char *digits,
                const char *grouping,
                const char *separator)
{
  gsize remaining = strlen (digits);
  gsize group_sizes[32];
  guint n_groups = 0;
  int size = 0;

  while (remaining > 0 && n_groups < G_N_ELEMENTS (group_sizes))
    {
      if (grouping != NULL && *grouping != '\0')
        size = (unsigned char) *grouping++;

      if (size <= 0 || size == CHAR_MAX || (gsize) size >= remaining ||
          *separator == '\0' || n_groups == G_N_ELEMENTS (group_sizes) - 1)
        {
          group_sizes[n_groups++] = remaining;
          break;
        }

      group_sizes[n_groups++] = (gsize) size;
      remaining -= (gsize) size;
    }

  for (guint i = n_groups; i > 0; i--)
    {
      g_string_append_len (out, digits, (gssize) group_sizes[i - 1]);
      digits += group_sizes[i - 1];
      if (i > 1)
        g_string_append (out, separator);
    }
}

void
rs_money_style_from_locale (RsMoneyStyle *style)
{
  /* localeconv () is not thread-safe: see rs_money_format (). */
  const struct lconv *lc = localeconv ();
  g_autofree char *decimal_point = NULL;
  g_autofree char *thousands_sep = NULL;

  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  if (lc->mon_decimal_point == NULL || *lc->mon_decimal_point == '\0')
    {
      /* The C and POSIX locales: the plain decimal form, as rs_money_format () writes it. */
      style->decimal_point[0] = '.';
      return;
    }

  decimal_point = locale_string_to_utf8 (lc->mon_decimal_point, ".");
  thousands_sep = locale_string_to_utf8 (lc->mon_thousands_sep, "");
  /* A separator longer than the room (none is) would be cut inside a character: none then. */
  if (g_strlcpy (style->decimal_point, decimal_point, sizeof style->decimal_point) >=
      sizeof style->decimal_point)
    g_strlcpy (style->decimal_point, ".", sizeof style->decimal_point);
  if (g_strlcpy (style->thousands_sep, thousands_sep, sizeof style->thousands_sep) >=
      sizeof style->thousands_sep)
    style->thousands_sep[0] = '\0';
  if (lc->mon_grouping != NULL)
    g_strlcpy (style->grouping, lc->mon_grouping, sizeof style->grouping);
}

/* The magnitude of @minor as @style writes it, without a currency: "1.234,50". */
static char *
format_number (gint64              minor,
               int                 exponent,
               const RsMoneyStyle *style)
{
  g_autofree char *whole = NULL;
  g_autofree char *fraction = NULL;
  GString *number = g_string_new (NULL);

  rs_money_split (minor, exponent, &whole, &fraction);
  append_grouped (number, whole, style->grouping, style->thousands_sep);
  if (exponent > 0)
    {
      g_string_append (number, style->decimal_point);
      g_string_append (number, fraction);
    }

  return g_string_free (number, FALSE);
}

/* @text read as @style writes it: its decimal separator, and its grouping separator exactly
 * where rs_money_format () puts it ("1.234,50") or nowhere ("1234,50"). */
static RsMoneyRead
read_in_style (const char         *text,
               const RsMoneyStyle *style,
               int                 exponent,
               gint64             *out_minor)
{
  const char *decimal = strstr (text, style->decimal_point);
  g_autofree char *whole = decimal != NULL ? g_strndup (text, (gsize) (decimal - text))
                                           : g_strdup (text);
  g_autoptr(GString) plain = g_string_new (NULL);

  if (*style->thousands_sep != '\0' && strstr (whole, style->thousands_sep) != NULL)
    {
      g_auto(GStrv) groups = g_strsplit (whole, style->thousands_sep, -1);
      g_autofree char *digits = g_strjoinv ("", groups);
      g_autoptr(GString) regrouped = g_string_new (NULL);

      append_grouped (regrouped, digits, style->grouping, style->thousands_sep);
      if (strcmp (regrouped->str, whole) != 0)
        return RS_MONEY_READ_NOT_A_NUMBER;
      g_string_append (plain, digits);
    }
  else
    {
      g_string_append (plain, whole);
    }

  if (decimal != NULL)
    {
      g_string_append_c (plain, '.');
      g_string_append (plain, decimal + strlen (style->decimal_point));
    }

  return rs_money_read_plain (plain->str, '.', exponent, out_minor);
}

/* Reads @text the three ways people write amounts: as @style does, and plainly with a decimal
 * point or a decimal comma. Fills @values with the different amounts read (at most two: no
 * text holds both a point and a comma that are each the only separator). */
static RsMoneyRead
read_for_people (const char         *text,
                 const RsMoneyStyle *style,
                 int                 exponent,
                 gint64              values[2],
                 guint              *n_values)
{
  RsMoneyRead results[3];
  gint64 minor[3] = { 0, 0, 0 };
  RsMoneyRead worst = RS_MONEY_READ_NOT_A_NUMBER;

  results[0] = read_in_style (text, style, exponent, &minor[0]);
  results[1] = rs_money_read_plain (text, '.', exponent, &minor[1]);
  results[2] = rs_money_read_plain (text, ',', exponent, &minor[2]);

  *n_values = 0;
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      if (results[i] != RS_MONEY_READ_OK)
        worst = MAX (worst, results[i]);
      else if (*n_values == 0 || (values[0] != minor[i] && *n_values < 2))
        values[(*n_values)++] = minor[i];
    }

  return *n_values > 0 ? RS_MONEY_READ_OK : worst;
}

/* A grouping separator that is a no-break space is typed as a plain space: both are read as it. */
static char *
with_group_spaces (const char         *text,
                   const RsMoneyStyle *style)
{
  static const char * const spaces[] = { " ", "\xc2\xa0", "\xe2\x80\xaf" };
  gboolean space_groups = FALSE;
  GString *out;

  for (guint i = 1; i < G_N_ELEMENTS (spaces); i++)
    space_groups |= strcmp (style->thousands_sep, spaces[i]) == 0;
  if (!space_groups)
    return g_strdup (text);

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0';)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (spaces) && !g_str_has_prefix (p, spaces[i]); i++)
        ;
      if (i < G_N_ELEMENTS (spaces))
        {
          g_string_append (out, style->thousands_sep);
          p += strlen (spaces[i]);
        }
      else
        {
          g_string_append_c (out, *p++);
        }
    }

  return g_string_free (out, FALSE);
}

gboolean
rs_money_parse_local (const char          *text,
                      const char          *currency,
                      const RsMoneyStyle  *style,
                      gint64              *out_minor,
                      GError             **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *example = NULL;
  g_autofree char *shown = NULL;
  RsMoneyStyle locale_style;
  const char *unsigned_text;
  gint64 values[2];
  guint n_values;
  RsMoneyRead result;
  int exponent;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (style == NULL)
    {
      rs_money_style_from_locale (&locale_style);
      style = &locale_style;
    }
  g_return_val_if_fail (*style->decimal_point != '\0', FALSE);

  if (!rs_currency_validate (currency, error))
    return FALSE;
  exponent = rs_currency_exponent (currency);

  /* 1234.5 in the currency's decimals, as the user's locale writes it: "1.234,50" in Greek. */
  example = format_number (1234 * (gint64) rs_money_power_of_ten (exponent) +
                           (exponent > 0 ? 5 * (gint64) rs_money_power_of_ten (exponent - 1) : 0),
                           exponent, style);

  {
    g_autofree char *stripped = rs_text_strip_spaces (text);
    trimmed = with_group_spaces (stripped, style);
  }
  if (*trimmed == '\0')
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is an example amount as the user's locale writes it,
                    * e.g. 1.234,50 */
                   _("No amount was given; write it like %s."), example);
      return FALSE;
    }

  unsigned_text = rs_money_skip_minus (trimmed);
  if (unsigned_text != NULL &&
      read_for_people (unsigned_text, style, exponent, values, &n_values) !=
        RS_MONEY_READ_NOT_A_NUMBER)
    {
      rs_money_set_negative_error (error, trimmed);
      return FALSE;
    }

  result = read_for_people (trimmed, style, exponent, values, &n_values);
  shown = rs_text_for_message (trimmed);
  if (result == RS_MONEY_READ_NOT_A_NUMBER)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is the amount that was given; %2$s an example amount as
                    * the user's locale writes it, e.g. 1.234,50 */
                   _("The amount “%1$s” is not a number; write it like %2$s."), shown, example);
      return FALSE;
    }
  if (result != RS_MONEY_READ_OK)
    {
      rs_money_set_read_error (error, result, trimmed, currency, exponent);
      return FALSE;
    }
  if (n_values > 1)
    {
      /* With every decimal written, neither can be taken for the other. */
      g_autofree char *first = format_number (values[0], exponent, style);
      g_autofree char *second = format_number (values[1], exponent, style);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is the amount that was given, e.g. “1.234” for a
                    * currency with three decimals; %2$s and %3$s the two amounts it may mean,
                    * as the user's locale writes them, e.g. 1.234,000 and 1,234 */
                   _("The amount “%1$s” can be read two ways; write %2$s or %3$s."),
                   shown, first, second);
      return FALSE;
    }

  if (out_minor != NULL)
    *out_minor = values[0];

  return TRUE;
}

char *
rs_money_format (gint64      minor,
                 const char *currency)
{
  g_autofree char *digits = NULL;
  RsMoneyStyle style;
  const struct lconv *lc;
  const char *symbol;
  gboolean is_code, precedes, separate;
  GString *number;
  int exponent = rs_currency_exponent (currency);

  g_return_val_if_fail (exponent >= 0, NULL);

  /* The number as the command reads it back (rs_money_parse_local ()). */
  rs_money_style_from_locale (&style);

  /* localeconv () is not thread-safe: its result may be overwritten by a concurrent call or
   * by setlocale (). The service formats from one thread only, which makes this acceptable. */
  lc = localeconv ();

  if (lc->mon_decimal_point == NULL || *lc->mon_decimal_point == '\0')
    {
      /* The C and POSIX locales define no monetary format: plain decimal and the ISO code. */
      g_autofree char *plain = rs_money_to_decimal (minor, currency);
      return g_strconcat (plain, " ", currency, NULL);
    }

  digits = format_number (minor, exponent, &style);
  number = g_string_new (digits);

  symbol = rs_currency_symbol (currency);
  is_code = symbol == NULL;
  if (is_code)
    symbol = currency;

  precedes = lc->p_cs_precedes == 1;
  /* A code is always set apart by a space ("CHF 120.00"). So is a symbol after the number:
   * glibc's el_GR says p_sep_by_space 0 there, yet Greek (like most European typography and
   * CLDR) writes "120,00 €", not "120,00€". */
  separate = is_code || !precedes ||
             (lc->p_sep_by_space != 0 && lc->p_sep_by_space != CHAR_MAX);

  if (precedes)
    {
      g_string_prepend (number, separate ? " " : "");
      g_string_prepend (number, symbol);
    }
  else
    {
      g_string_append (number, separate ? " " : "");
      g_string_append (number, symbol);
    }

  if (minor < 0)
    g_string_prepend (number, "-");

  return g_string_free (number, FALSE);
}
