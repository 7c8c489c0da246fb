/* fuzz-money.c: rs_money_parse () and rs_money_parse_local () against a reference, in both
 * decimal modes, three styles of the command and several currencies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Amounts are money: a parser that reads "12.3" as anything but 1230 cents, or accepts what it
 * should refuse, changes a sale silently. The first byte chooses the decimal mode (bit 0), the
 * currency (bits 1–3: a fixed list covering exponents 0 to 4, or the next three bytes as the
 * code) and the parser (bits 4–5: rs_money_parse (), or rs_money_parse_local () in the Greek,
 * the English or the C locale's style, given explicitly so that no installed locale matters);
 * the rest is the amount's text. Each answer is compared with a plain reference written from
 * the documented rules, and an accepted amount must print back (plain and in the C locale's
 * money format, or in the style) as its canonical text and parse again to the same value.
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

/* The styles of rs_money_parse_local () that bits 4–5 choose (0 is rs_money_parse ()). */
static const RsMoneyStyle styles[] = {
  { ",", ".", "\3" },  /* el_GR.UTF-8 */
  { ".", ",", "\3\3" },  /* en_US.UTF-8 */
  { ".", "", "" },      /* C */
};

/* @text as @style writes amounts, the slow and obvious way: one to three digits, then groups
 * of exactly three after each grouping separator (or only digits, without any), then
 * optionally the decimal separator and digits. Returns the canonical text, or NULL. */
static char *
reference_style (const char         *text,
                 int                 exponent,
                 const RsMoneyStyle *style)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  gsize group_len = strlen (style->thousands_sep);
  gsize decimal_len = strlen (style->decimal_point);
  const char *p = text;
  gsize n = 0;

  while (g_ascii_isdigit (p[n]))
    n++;
  if (n == 0)
    return NULL;
  g_string_append_len (plain, p, (gssize) n);
  p += n;

  if (group_len > 0 && strncmp (p, style->thousands_sep, group_len) == 0)
    {
      if (n > 3)
        return NULL;
      while (strncmp (p, style->thousands_sep, group_len) == 0)
        {
          p += group_len;
          for (n = 0; g_ascii_isdigit (p[n]); n++)
            ;
          if (n != 3)
            return NULL;
          g_string_append_len (plain, p, 3);
          p += 3;
        }
    }

  if (strncmp (p, style->decimal_point, decimal_len) == 0)
    {
      g_string_append_c (plain, '.');
      g_string_append (plain, p + decimal_len);
    }
  else if (*p != '\0')
    {
      return NULL;
    }

  return reference_parse (plain->str, exponent, '.');
}

/* The command's rule: the amount that the readings which succeed agree on, or NULL. */
static char *
reference_local (const char         *text,
                 int                 exponent,
                 const RsMoneyStyle *style)
{
  const char *start = text + strspn (text, " ");
  gsize length = strlen (start);
  g_autofree char *trimmed = NULL;
  char *readings[3];
  char *agreed = NULL;
  gboolean ambiguous = FALSE;

  /* Spaces around it are ignored; other white space is not. */
  while (length > 0 && start[length - 1] == ' ')
    length--;
  trimmed = g_strndup (start, length);

  readings[0] = reference_style (trimmed, exponent, style);
  readings[1] = reference_parse (trimmed, exponent, '.');
  readings[2] = reference_parse (trimmed, exponent, ',');
  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    {
      if (readings[i] == NULL)
        continue;
      if (agreed == NULL)
        agreed = g_strdup (readings[i]);
      else if (strcmp (agreed, readings[i]) != 0)
        ambiguous = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    g_free (readings[i]);

  if (ambiguous)
    g_clear_pointer (&agreed, g_free);
  return agreed;
}

/* The canonical text @canonical ("1234.50") as @style writes it ("1.234,50"). */
static char *
write_in_style (const char         *canonical,
                const RsMoneyStyle *style)
{
  const char *point = strchr (canonical, '.');
  gsize n_whole = point != NULL ? (gsize) (point - canonical) : strlen (canonical);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < n_whole; i++)
    {
      if (i > 0 && (n_whole - i) % 3 == 0)
        g_string_append (out, style->thousands_sep);
      g_string_append_c (out, canonical[i]);
    }
  if (point != NULL)
    {
      g_string_append (out, style->decimal_point);
      g_string_append (out, point + 1);
    }

  return g_string_free (out, FALSE);
}

static void
check_local (const char         *text,
             const char         *currency,
             const RsMoneyStyle *style)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  gint64 minor = -1;
  gboolean ok = rs_money_parse_local (text, currency, style, &minor, &error);
  int exponent = rs_currency_exponent (currency);

  if (exponent < 0)
    {
      FUZZ_CHECK (!ok);
      FUZZ_CHECK_REFUSED (error);
      return;
    }

  expected = reference_local (text, exponent, style);
  if (!ok)
    {
      FUZZ_CHECK (expected == NULL);
      FUZZ_CHECK_REFUSED (error);
      return;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (expected != NULL);
  FUZZ_CHECK (minor >= 0 && minor <= RS_MONEY_MAX_MINOR);

  {
    g_autofree char *decimal = rs_money_to_decimal (minor, currency);
    g_autofree char *written = write_in_style (decimal, style);
    gint64 again = -1;

    /* The value read is the value written; and written in the style, with every decimal, it
     * reads back without doubt. */
    FUZZ_CHECK (g_strcmp0 (decimal, expected) == 0);
    FUZZ_CHECK (rs_money_parse_local (written, currency, style, &again, NULL));
    FUZZ_CHECK (again == minor);
  }
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
  guint choice, style;
  int exponent;
  gint64 minor = -1;
  gboolean ok;

  if (size < 1)
    return 0;

  decimal_comma = (data[0] & 1) != 0;
  choice = (data[0] >> 1) & 7;
  style = (data[0] >> 4) & 3;
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
  if (style > 0)
    {
      check_local (text, currency, &styles[style - 1]);
      return 0;
    }

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
