/* rs-calendar-clock.c: what time it is for the calendar
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <recurring-sales/rs-date.h>
#include "rs-calendar-clock.h"

/* The test's time; FALSE (with a warning, which fails the test that wrote a bad file) when
 * the file does not hold one. */
static gboolean
read_clock_file (const char *path,
                 gint64     *out_time)
{
  g_autoptr(GError) error = NULL;

  if (rs_date_read_clock_file (path, out_time, &error))
    return TRUE;

  g_warning ("RS_BACKEND_CLOCK_FILE: %s", error->message);
  return FALSE;
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
