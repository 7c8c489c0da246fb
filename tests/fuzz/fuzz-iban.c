/* fuzz-iban.c: rs_iban_validate () on any text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The IBAN a prepaying client is told to pay to. An accepted IBAN is normalised to upper-case
 * letters and digits of its country's length with a valid mod-97 check; the normalised form
 * and its printed form (groups of four) are accepted again as the same IBAN, so that what the
 * e-mail shows is what was checked.
 */
#include "config.h"

#include "fuzz-common.h"
#include <recurring-sales/rs-iban.h>

static void
check_iban (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *again = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *from_printed = NULL;
  char country[3] = { 0 };

  if (!rs_iban_validate (text, &normalized, &error))
    {
      FUZZ_CHECK (normalized == NULL);
      FUZZ_CHECK_REFUSED (error);
      return;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (normalized != NULL);
  for (const char *p = normalized; *p != '\0'; p++)
    FUZZ_CHECK (g_ascii_isupper (*p) || g_ascii_isdigit (*p));

  memcpy (country, normalized, 2);
  FUZZ_CHECK (rs_iban_country_length (country) == strlen (normalized));

  FUZZ_CHECK (rs_iban_validate (normalized, &again, NULL));
  FUZZ_CHECK (g_strcmp0 (again, normalized) == 0);

  printed = rs_iban_format_print (normalized);
  FUZZ_CHECK (rs_iban_validate (printed, &from_printed, NULL));
  FUZZ_CHECK (g_strcmp0 (from_printed, normalized) == 0);
}

FUZZ_DEFINE_TEXT_TARGET (check_iban)
