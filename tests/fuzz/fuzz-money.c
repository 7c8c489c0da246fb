/* fuzz-money.c: rs_money_parse () against a reference, in both decimal modes and several
 * currencies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Amounts are money: a parser that reads "12.3" as anything but 1230 cents, or accepts what it
 * should refuse, changes a sale silently. The first byte chooses the decimal mode (bit 0) and
 * the currency (bits 1–3: a fixed list covering exponents 0 to 4, or the next three bytes as
 * the code); the rest is the amount's text. Each answer is compared with a plain reference
 * written from the documented rules, and an accepted amount must print back (plain and in the
 * C locale's money format) as its canonical text and parse again to the same value.
 */
#include "config.h"

#include "fuzz-common.h"
#include <recurring-sales/rs-money.h>

/* Exponents 2, 0, 3, 4, 2, 0 (no minor unit) and 3. */
static const char * const currencies[] = { "EUR", "JPY", "KWD", "CLF", "USD", "XAU", "BHD" };

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

/* The documented rules, the slow and obvious way: surrounding spaces are ignored; one or more
 * digits, then optionally the separator and one or more digits, at most the currency's
 * exponent of them; at most RS_MONEY_MAX_MINOR minor units. Returns the canonical decimal
 * text ("120.50", "007" → "7") of an acceptable amount, or NULL. */
static char *
reference_parse (const char *text,
                 int         exponent,
                 char        separator)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GString) canonical = g_string_new (NULL);
  const char *p = text;
  gsize n_whole = 0, n_fraction = 0;
  const char *whole, *fraction = NULL;
  const char *max = "999999999999999";
  const char *significant;

  while (*p == ' ')
    p++;
  whole = p;
  while (g_ascii_isdigit (*p))
    p++, n_whole++;
  if (n_whole == 0)
    return NULL;
  if (*p == separator)
    {
      fraction = ++p;
      while (g_ascii_isdigit (*p))
        p++, n_fraction++;
      if (n_fraction == 0)
        return NULL;
    }
  while (*p == ' ')
    p++;
  if (*p != '\0' || n_fraction > (gsize) exponent)
    return NULL;

  /* The amount in minor units as a digit string, without leading zeros. */
  g_string_append_len (digits, whole, (gssize) n_whole);
  if (fraction != NULL)
    g_string_append_len (digits, fraction, (gssize) n_fraction);
  for (gsize i = n_fraction; i < (gsize) exponent; i++)
    g_string_append_c (digits, '0');
  significant = digits->str;
  while (significant[0] == '0' && significant[1] != '\0')
    significant++;
  if (strlen (significant) > strlen (max) ||
      (strlen (significant) == strlen (max) && strcmp (significant, max) > 0))
    return NULL;

  /* Whole units without leading zeros ("0" at least), the decimals padded to the exponent. */
  while (n_whole > 1 && whole[0] == '0')
    whole++, n_whole--;
  g_string_append_len (canonical, whole, (gssize) n_whole);
  if (exponent > 0)
    {
      g_string_append_c (canonical, '.');
      if (fraction != NULL)
        g_string_append_len (canonical, fraction, (gssize) n_fraction);
      for (gsize i = n_fraction; i < (gsize) exponent; i++)
        g_string_append_c (canonical, '0');
    }

  return g_strdup (canonical->str);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *code_buf = NULL;
  const char *currency;
  gboolean decimal_comma;
  guint choice;
  int exponent;
  gint64 minor = -1;
  gboolean ok;

  if (size < 1)
    return 0;

  decimal_comma = (data[0] & 1) != 0;
  choice = (data[0] >> 1) & 7;
  data++, size--;

  if (choice < G_N_ELEMENTS (currencies))
    currency = currencies[choice];
  else
    {
      /* Any code, valid or not: the currency is checked before the amount. */
      if (size < 3)
        return 0;
      code_buf = fuzz_strndup (data, 3);
      currency = code_buf;
      data += 3, size -= 3;
    }

  text = fuzz_strndup (data, size);
  ok = rs_money_parse (text, currency, decimal_comma, &minor, &error);
  exponent = rs_currency_exponent (currency);

  if (exponent < 0)
    {
      /* Not an ISO 4217 code: refused whatever the amount, and nothing else read. */
      FUZZ_CHECK (!ok);
      FUZZ_CHECK (!rs_currency_is_valid (currency));
      FUZZ_CHECK (rs_currency_symbol (currency) == NULL);
      FUZZ_CHECK_REFUSED (error);
      return 0;
    }

  FUZZ_CHECK (exponent <= 4);
  expected = reference_parse (text, exponent, decimal_comma ? ',' : '.');

  if (!ok)
    {
      /* Refused exactly when the reference refuses. */
      FUZZ_CHECK (expected == NULL);
      FUZZ_CHECK_REFUSED (error);
      return 0;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (expected != NULL);
  FUZZ_CHECK (minor >= 0 && minor <= RS_MONEY_MAX_MINOR);

  {
    g_autofree char *decimal = rs_money_to_decimal (minor, currency);
    g_autofree char *formatted = rs_money_format (minor, currency);
    g_autofree char *in_c_locale = NULL;
    gint64 again = -1;

    /* The value read is the value written. */
    FUZZ_CHECK (g_strcmp0 (decimal, expected) == 0);

    /* And it reads back, in the same decimal mode. */
    if (decimal_comma)
      g_strdelimit (decimal, ".", ',');
    FUZZ_CHECK (rs_money_parse (decimal, currency, decimal_comma, &again, NULL));
    FUZZ_CHECK (again == minor);

    /* The C locale has no money format: the plain amount and the code. */
    in_c_locale = g_strconcat (expected, " ", currency, NULL);
    FUZZ_CHECK (g_strcmp0 (formatted, in_c_locale) == 0);
  }

  return 0;
}
