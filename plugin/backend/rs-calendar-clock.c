/* rs-calendar-clock.c: what time it is for the calendar
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rs-calendar-clock.h"

#define MAX_CLOCK_FILE_BYTES 256

static gboolean
parse_time (const char *text,
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

/* The test's time; FALSE (with a warning, which fails the test that wrote a bad file) when
 * the file does not hold one. */
static gboolean
read_clock_file (const char *path,
                 gint64     *out_time)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_warning ("RS_BACKEND_CLOCK_FILE: %s", error->message);
      return FALSE;
    }

  if (length > MAX_CLOCK_FILE_BYTES || !g_utf8_validate (contents, (gssize) length, NULL) ||
      !parse_time (g_strstrip (contents), out_time))
    {
      g_warning ("RS_BACKEND_CLOCK_FILE: %s does not hold a time", path);
      return FALSE;
    }

  return TRUE;
}

gint64
rs_calendar_clock_now (void)
{
  const char *path = g_getenv ("RS_BACKEND_CLOCK_FILE");
  gint64 time;

  if (path != NULL && *path != '\0' && read_clock_file (path, &time))
    return time;

  return g_get_real_time () / G_USEC_PER_SEC;
}

GDateTime *
rs_calendar_clock_now_local (void)
{
  return g_date_time_new_from_unix_local (rs_calendar_clock_now ());
}
