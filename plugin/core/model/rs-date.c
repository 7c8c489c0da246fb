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

/* Sets @out_date to @year-@month-@day when that is a day of the calendar the engine covers;
 * else says that @text (read as those numbers) is not a valid date. */
static gboolean
set_checked_date (guint        year,
                  guint        month,
                  guint        day,
                  const char  *field_label,
                  const char  *text,
                  GDate       *out_date,
                  GError     **error)
{
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

  return set_checked_date (year, month, day, field_label, text, out_date, error);
}

/* The strftime format of a date for people. A translation decides it, not LC_TIME, so that the
 * date's order matches the language of the sentences around it. */
static const char *
local_format (void)
{
  /* Translators: how a date is written (strftime format). Keep it numeric: the user's time
   * locale may differ from the language, and month names would then mix two languages. Use
   * only %d, %m and %Y, each once, with separators that are not digits: the command also reads
   * dates that people type this way (Greek: %d/%m/%Y). */
  return _("%Y-%m-%d");
}

char *
rs_date_to_local (const GDate *date)
{
  char buf[64];

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  if (g_date_strftime (buf, sizeof buf, local_format (), date) == 0)
    return g_strdup ("?");

  return g_strdup (buf);
}

/* Reads the numbers of @text laid out as @format says: %d and %m take one or two digits
 * unless another number follows at once (people write 5/3/2027 as often as 05/03/2027), %Y
 * four; every other character of @format must be there as it is. Returns FALSE when @text
 * does not fit, or when @format is not one of those it can read (each of %d, %m and %Y once,
 * no digit as a separator). */
static gboolean
read_with_format (const char *text,
                  const char *format,
                  guint      *out_year,
                  guint      *out_month,
                  guint      *out_day)
{
  guint values[3] = { 0, 0, 0 };
  gboolean seen[3] = { FALSE, FALSE, FALSE };
  const char *t = text;

  for (const char *f = format; *f != '\0'; f++)
    {
      guint which, min_digits, max_digits, n = 0, value = 0;

      if (*f != '%')
        {
          if (g_ascii_isdigit (*f) || *t != *f)
            return FALSE;
          t++;
          continue;
        }

      f++;
      switch (*f)
        {
        case 'Y':
          which = 0;
          min_digits = max_digits = 4;
          break;
        case 'm':
        case 'd':
          which = *f == 'm' ? 1 : 2;
          /* One digit only when a separator or the end follows to end it. */
          max_digits = 2;
          min_digits = f[1] != '%' ? 1 : 2;
          break;
        case '%':
          if (*t++ != '%')
            return FALSE;
          continue;
        default:
          return FALSE;
        }

      if (seen[which])
        return FALSE;
      seen[which] = TRUE;

      while (n < max_digits && g_ascii_isdigit (t[n]))
        value = value * 10 + (guint) (t[n++] - '0');
      if (n < min_digits || g_ascii_isdigit (t[n]))
        return FALSE;
      t += n;
      values[which] = value;
    }

  if (*t != '\0' || !seen[0] || !seen[1] || !seen[2])
    return FALSE;

  *out_year = values[0];
  *out_month = values[1];
  *out_day = values[2];
  return TRUE;
}

/* "31/01/2027 or 2027-01-31": the ways @format and ISO 8601 write the same example date. */
static char *
examples (const char *format)
{
  GDate example;
  guint year, month, day;
  char local[64];

  /* The 31st: nobody can take it for a month. */
  g_date_clear (&example, 1);
  g_date_set_dmy (&example, 31, G_DATE_JANUARY, 2027);

  /* Only a form that is read back is shown. */
  if (strcmp (format, "%Y-%m-%d") == 0 ||
      g_date_strftime (local, sizeof local, format, &example) == 0 ||
      !read_with_format (local, format, &year, &month, &day))
    return g_strdup ("2027-01-31");

  /* Translators: two ways to write the same date, the user's own and ISO 8601, in an
   * error such as “The start date “soon” is not a date; write it like 31/01/2027 or
   * 2027-01-31.” */
  return g_strdup_printf (_("%1$s or %2$s"), local, "2027-01-31");
}

gboolean
rs_date_parse_local (const char  *text,
                     const char  *field_label,
                     const char  *format,
                     GDate       *out_date,
                     GError     **error)
{
  guint year, month, day;

  g_return_val_if_fail (field_label != NULL, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  if (format == NULL)
    format = local_format ();

  if (text == NULL || *text == '\0')
    {
      g_autofree char *hint = examples (format);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is a field, e.g. "The start date"; %2$s how to write a
                    * date, e.g. "31/01/2027 or 2027-01-31" */
                   _("%1$s is missing; write it like %2$s."), field_label, hint);
      return FALSE;
    }

  /* ISO 8601 always, and the form the user's language shows. */
  if (!read_with_format (text, "%Y-%m-%d", &year, &month, &day) &&
      !read_with_format (text, format, &year, &month, &day))
    {
      g_autofree char *shown = rs_text_for_message (text);
      g_autofree char *hint = examples (format);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is a field, e.g. "The start date"; %2$s the text given;
                    * %3$s how to write a date, e.g. "31/01/2027 or 2027-01-31" */
                   _("%1$s “%2$s” is not a date; write it like %3$s."),
                   field_label, shown, hint);
      return FALSE;
    }

  return set_checked_date (year, month, day, field_label, text, out_date, error);
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

#define MAX_CLOCK_FILE_BYTES 256

static gboolean
parse_clock_time (const char *text,
                  gint64     *out_time)
{
  g_autoptr(GDateTime) date_time = NULL;
  guint64 seconds;

  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64 / G_USEC_PER_SEC, &seconds, NULL))
    {
      *out_time = (gint64) seconds;
      return TRUE;
    }

  date_time = g_date_time_new_from_iso8601 (text, NULL);
  if (date_time == NULL)
    return FALSE;

  *out_time = g_date_time_to_unix (date_time);
  return TRUE;
}

gboolean
rs_date_read_clock_file (const char  *path,
                         gint64      *out_time,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *shown = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_time != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  if (length <= MAX_CLOCK_FILE_BYTES && g_utf8_validate (contents, (gssize) length, NULL) &&
      parse_clock_time (g_strstrip (contents), out_time))
    return TRUE;

  shown = rs_text_for_message (path);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is a file name; the file is only used by tests */
               _("The clock file %s does not hold a time (seconds since 1970, or an ISO 8601 "
                 "date and time)."), shown);
  return FALSE;
}
