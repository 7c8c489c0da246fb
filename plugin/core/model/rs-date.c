/* rs-date.c: calendar dates as the core uses them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

#define FIRST_YEAR 1900
#define LAST_YEAR  9999

guint
rs_date_days_in_month (guint year,
                       guint month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, 0);
  g_return_val_if_fail (year >= 1 && year <= G_MAXUINT16, 0);

  return g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

static gboolean
parse_digits (const char *text,
              guint       n_digits,
              guint      *out_value)
{
  guint value = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint) (text[i] - '0');
    }

  *out_value = value;
  return TRUE;
}

gboolean
rs_date_parse (const char  *text,
               const char  *field_label,
               GDate       *out_date,
               GError     **error)
{
  guint year, month, day;

  g_return_val_if_fail (field_label != NULL, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a field, e.g. "The start date" */
                   _("%s is missing; write it as YYYY-MM-DD."), field_label);
      return FALSE;
    }

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      !parse_digits (text, 4, &year) ||
      !parse_digits (text + 5, 2, &month) ||
      !parse_digits (text + 8, 2, &day))
    {
      g_autofree char *shown = rs_text_for_message (text);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: first %s is a field, e.g. "The start date"; second the text given */
                   _("%s “%s” is not written as YYYY-MM-DD."), field_label, shown);
      return FALSE;
    }

  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 ||
      day < 1 || day > rs_date_days_in_month (year, month))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: first %s is a field, e.g. "The expiry date"; second a date */
                   _("%s %s is not a valid date."), field_label, text);
      return FALSE;
    }

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

void
rs_date_to_iso_buf (const GDate *date,
                    char         buf[11])
{
  buf[0] = '\0';
  g_return_if_fail (date != NULL && g_date_valid (date));

  g_snprintf (buf, 11, "%04u-%02u-%02u",
              (guint) g_date_get_year (date),
              (guint) g_date_get_month (date),
              (guint) g_date_get_day (date));
}

char *
rs_date_to_iso (const GDate *date)
{
  char buf[11];

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  rs_date_to_iso_buf (date, buf);
  return g_strdup (buf);
}

void
rs_date_set_date_time (GDate     *date,
                       GDateTime *date_time)
{
  g_return_if_fail (date != NULL);
  g_return_if_fail (date_time != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  (GDateDay) g_date_time_get_day_of_month (date_time),
                  (GDateMonth) g_date_time_get_month (date_time),
                  (GDateYear) g_date_time_get_year (date_time));
}

void
rs_date_set_today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  rs_date_set_date_time (date, now);
}

gboolean
rs_date_in_range (const GDate *date,
                  const GDate *first,
                  const GDate *last)
{
  return g_date_compare (date, first) >= 0 && g_date_compare (date, last) <= 0;
}
