/* fuzz-period.c: rs_period_parse () and rs_period_parse_words () on any text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Billing periods and term lengths ("1m", "3m", "1y", "2w", "10d", and in words through
 * rs_period_parse_words ()): an accepted period has
 * 1–1000 units, its text form reads back as the same period, and it can be described.
 */
#include "config.h"

#include "fuzz-common.h"
#include <recurring-sales/rs-period.h>

static void
check_period (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *described = NULL;
  RsPeriod period = { 0 };
  RsPeriod again = { 0 };

  if (!rs_period_parse (text, "The billing period", &period, &error))
    {
      FUZZ_CHECK_REFUSED (error);
      return;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (period.count >= 1 && period.count <= RS_PERIOD_MAX_COUNT);
  FUZZ_CHECK ((guint) period.unit <= RS_PERIOD_UNIT_YEAR);

  printed = rs_period_to_string (&period);
  FUZZ_CHECK (printed != NULL);
  /* The canonical form differs only by leading zeros and the unit's case. */
  FUZZ_CHECK (g_ascii_strcasecmp (printed + strlen (printed) - 1, text + strlen (text) - 1) == 0);
  FUZZ_CHECK (rs_period_parse (printed, "The billing period", &again, NULL));
  FUZZ_CHECK (rs_period_equal (&period, &again));

  described = rs_period_describe (&period);
  FUZZ_CHECK (described != NULL && g_utf8_validate (described, -1, NULL));
}

/* The words of spreadsheets ("Μηνιαία", "every 3 months"): an accepted period is a valid one
 * whose text form reads back as the same period. */
static void
check_period_words (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  RsPeriod period = { 0 };
  RsPeriod again = { 0 };

  if (!rs_period_parse_words (text, "The billing period", &period, &error))
    {
      FUZZ_CHECK_REFUSED (error);
      return;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (period.count >= 1 && period.count <= RS_PERIOD_MAX_COUNT);
  FUZZ_CHECK ((guint) period.unit <= RS_PERIOD_UNIT_YEAR);
  printed = rs_period_to_string (&period);
  FUZZ_CHECK (rs_period_parse (printed, "The billing period", &again, NULL));
  FUZZ_CHECK (rs_period_equal (&period, &again));
}

static void
check_both (const char *text)
{
  check_period (text);
  check_period_words (text);
}

FUZZ_DEFINE_TEXT_TARGET (check_both)
