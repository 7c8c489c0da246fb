/* fuzz-date.c: rs_date_parse () on any text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The date parser reads every date of every import and D-Bus call ("start", "until",
 * occurrence marks). A date it accepts is exactly YYYY-MM-DD, a real day of 1900–9999, and is
 * printed back as the same ten characters: nothing is normalised behind the user's back.
 */
#include "config.h"

#include "fuzz-common.h"
#include <recurring-sales/rs-date.h>

static void
check_date (const char *text)
{
  g_autoptr(GError) error = NULL;
  GDate date;

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
