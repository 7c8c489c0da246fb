/* fuzz-date.c: rs_date_parse () and rs_date_parse_local () on any text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The date parser reads every date of every import and D-Bus call ("start", "until",
 * occurrence marks). A date it accepts is exactly YYYY-MM-DD, a real day of 1900–9999, and is
 * printed back as the same ten characters: nothing is normalised behind the user's back.
 *
 * The command reads dates as people type them (rs_date_parse_local ()): YYYY-MM-DD or the
 * form the user's language shows, with one or two digits for the day and the month. Each
 * answer, in several such forms given explicitly, is compared with a plain reference, and an
 * accepted date written in the form reads back as the same day.
 */
#include "config.h"

#include "fuzz-common.h"
#include <recurring-sales/rs-date.h>

/* strftime forms, and the same as a pattern for the reference: D and M one or two digits, Y
 * four, anything else itself. */
static const struct
{
  const char *format;
  const char *pattern;
} forms[] = {
  { "%d/%m/%Y", "D/M/Y" },  /* Greek */
  { "%d.%m.%Y", "D.M.Y" },
  { "%m/%d/%Y", "M/D/Y" },
  { "%Y-%m-%d", "Y-M-D" },  /* English: ISO 8601 only */
};

static gboolean
reference_match (const char *text,
                 const char *pattern,
                 guint      *year,
                 guint      *month,
                 guint      *day)
{
  for (; *pattern != '\0'; pattern++)
    {
      guint n = 0, value = 0, max_digits;
      guint *target;

      switch (*pattern)
        {
        case 'Y':
          target = year, max_digits = 4;
          break;
        case 'M':
          target = month, max_digits = 2;
          break;
        case 'D':
          target = day, max_digits = 2;
          break;
        default:
          if (*text++ != *pattern)
            return FALSE;
          continue;
        }

      while (n < max_digits && g_ascii_isdigit (text[n]))
        value = value * 10 + (guint) (text[n++] - '0');
      if (n == 0 || (*pattern == 'Y' && n != 4) || g_ascii_isdigit (text[n]))
        return FALSE;
      text += n;
      *target = value;
    }

  return *text == '\0';
}

static gboolean
reference_valid (guint year,
                 guint month,
                 guint day)
{
  return year >= 1900 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

static void
check_local (const char *text,
             guint       form)
{
  g_autoptr(GError) error = NULL;
  guint year = 0, month = 0, day = 0;
  gboolean expected;
  GDate date;

  /* ISO 8601 first: a text of its shape is read as ISO 8601 only. */
  if (reference_match (text, "Y-M-D", &year, &month, &day))
    expected = reference_valid (year, month, day);
  else
    expected = reference_match (text, forms[form].pattern, &year, &month, &day) &&
               reference_valid (year, month, day);

  if (!rs_date_parse_local (text, "The start date", forms[form].format, &date, &error))
    {
      FUZZ_CHECK (!expected);
      FUZZ_CHECK_REFUSED (error);
      return;
    }

  FUZZ_CHECK (expected);
  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (g_date_valid (&date));
  FUZZ_CHECK (g_date_get_year (&date) == year && g_date_get_month (&date) == month &&
              g_date_get_day (&date) == day);

  {
    char written[64];
    g_autofree char *iso = rs_date_to_iso (&date);
    GDate again;

    FUZZ_CHECK (g_date_strftime (written, sizeof written, forms[form].format, &date) > 0);
    FUZZ_CHECK (rs_date_parse_local (written, "The start date", forms[form].format, &again, NULL));
    FUZZ_CHECK (g_date_compare (&date, &again) == 0);
    FUZZ_CHECK (rs_date_parse_local (iso, "The start date", forms[form].format, &again, NULL));
    FUZZ_CHECK (g_date_compare (&date, &again) == 0);
  }
}

static void
check_date (const char *text)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  for (guint form = 0; form < G_N_ELEMENTS (forms); form++)
    check_local (text, form);

  if (!rs_date_parse (text, "The start date", &date, &error))
    {
      FUZZ_CHECK_REFUSED (error);
      return;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (g_date_valid (&date));
  FUZZ_CHECK (g_date_get_year (&date) >= 1900 && g_date_get_year (&date) <= 9999);

  {
    g_autofree char *iso = rs_date_to_iso (&date);
    char buf[11];
    GDate again;

    FUZZ_CHECK (g_strcmp0 (iso, text) == 0);
    rs_date_to_iso_buf (&date, buf);
    FUZZ_CHECK (strcmp (buf, text) == 0);
    FUZZ_CHECK (g_date_get_day (&date) <= rs_date_days_in_month (g_date_get_year (&date),
                                                                 g_date_get_month (&date)));
    FUZZ_CHECK (rs_date_parse (iso, "The start date", &again, NULL));
    FUZZ_CHECK (g_date_compare (&date, &again) == 0);
  }
}

FUZZ_DEFINE_TEXT_TARGET (check_date)
