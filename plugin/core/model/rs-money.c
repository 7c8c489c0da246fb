/* rs-money.c: amounts in integer minor units with an ISO 4217 currency, as files and D-Bus
 * write them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

#include "rs-money-private.h"

/* ISO 4217 gives no minor unit ("N.A.") for the precious metals, the bond market units, the
 * SDR, the SUCRE, the ADB unit of account and the testing and "no currency" codes (XAG, XAU,
 * XBA, XBB, XBC, XBD, XDR, XPD, XPT, XSU, XTS, XUA, XXX): amounts in them are whole units. */
#define NA 0

typedef struct
{
  char   code[4];
  guint8 exponent;
} Currency;

/* The active codes of ISO 4217 list one (published 2024-06-25) with their minor units, sorted
 * by code. Withdrawn codes (HRK, SLL, ZWL, VEF, MRO, STD, BYR …) are deliberately absent. */
static const Currency currencies[] = {
  { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 }, { "AOA", 2 },
  { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 },
  { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 },
  { "BOB", 2 }, { "BOV", 2 }, { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 },
  { "BYN", 2 }, { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
  { "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 }, { "COU", 2 },
  { "CRC", 2 }, { "CUC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 }, { "DJF", 0 },
  { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 },
  { "EUR", 2 }, { "FJD", 2 }, { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 },
  { "GIP", 2 }, { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 },
  { "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 },
  { "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 },
  { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 },
  { "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 },
  { "LRD", 2 }, { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 },
  { "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 },
  { "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 },
  { "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 },
  { "OMR", 3 }, { "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 },
  { "PLN", 2 }, { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 },
  { "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 },
  { "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 },
  { "STN", 2 }, { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 },
  { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 },
  { "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 }, { "UYI", 0 },
  { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 }, { "VND", 0 },
  { "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XAG", NA }, { "XAU", NA }, { "XBA", NA },
  { "XBB", NA }, { "XBC", NA }, { "XBD", NA }, { "XCD", 2 }, { "XDR", NA }, { "XOF", 0 },
  { "XPD", NA }, { "XPF", 0 }, { "XPT", NA }, { "XSU", NA }, { "XTS", NA }, { "XUA", NA },
  { "XXX", NA }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 },
};

typedef struct
{
  char        code[4];
  const char *symbol;
} CurrencySymbol;

/* Symbols that identify their currency without doubt, sorted by code. Currencies sharing "$",
 * "¥" or "kr" get a prefixed form ("CA$", "CN¥") or none at all (then the code is shown). */
static const CurrencySymbol symbols[] = {
  { "AUD", "A$" },
  { "AZN", "₼" },
  { "BDT", "৳" },
  { "BRL", "R$" },
  { "CAD", "CA$" },
  { "CNY", "CN¥" },
  { "CRC", "₡" },
  { "EUR", "€" },
  { "GBP", "£" },
  { "GEL", "₾" },
  { "HKD", "HK$" },
  { "ILS", "₪" },
  { "INR", "₹" },
  { "JPY", "¥" },
  { "KRW", "₩" },
  { "KZT", "₸" },
  { "LAK", "₭" },
  { "MNT", "₮" },
  { "MXN", "MX$" },
  { "NGN", "₦" },
  { "NZD", "NZ$" },
  { "PHP", "₱" },
  { "PLN", "zł" },
  { "PYG", "₲" },
  { "RUB", "₽" },
  { "THB", "฿" },
  { "TRY", "₺" },
  { "TWD", "NT$" },
  { "UAH", "₴" },
  { "USD", "$" },
  { "VND", "₫" },
};

static gboolean
is_code_shaped (const char *code)
{
  return code != NULL &&
         g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]) && g_ascii_isupper (code[2]) &&
         code[3] == '\0';
}

static int
compare_code (const void *key,
              const void *element)
{
  /* Both table types start with the code. */
  return strcmp ((const char *) key, (const char *) element);
}

static const Currency *
find_currency (const char *code)
{
  if (!is_code_shaped (code))
    return NULL;

  return bsearch (code, currencies, G_N_ELEMENTS (currencies), sizeof (Currency), compare_code);
}

int
rs_currency_exponent (const char *code)
{
  const Currency *currency = find_currency (code);

  return currency != NULL ? currency->exponent : -1;
}

gboolean
rs_currency_is_valid (const char *code)
{
  return find_currency (code) != NULL;
}

const char *
rs_currency_symbol (const char *code)
{
  const CurrencySymbol *entry;

  if (!is_code_shaped (code))
    return NULL;

  entry = bsearch (code, symbols, G_N_ELEMENTS (symbols), sizeof (CurrencySymbol), compare_code);

  return entry != NULL ? entry->symbol : NULL;
}

const char * const *
rs_currency_list_codes (void)
{
  static const char *codes[G_N_ELEMENTS (currencies) + 1];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (currencies); i++)
        codes[i] = currencies[i].code;
      codes[G_N_ELEMENTS (currencies)] = NULL;

      g_once_init_leave (&initialized, 1);
    }

  return codes;
}

gboolean
rs_currency_validate (const char  *code,
                      GError     **error)
{
  g_autofree char *shown = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (rs_currency_is_valid (code))
    return TRUE;

  if (code == NULL || *code == '\0')
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: EUR is an example currency code */
                           _("No currency was given; "
                             "use a three-letter ISO 4217 code such as EUR."));
      return FALSE;
    }

  shown = rs_text_for_message (code);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is the currency code that was given, e.g. “EUD” */
               _("“%s” is not a current ISO 4217 currency code."), shown);
  return FALSE;
}

guint64
rs_money_power_of_ten (int exponent)
{
  guint64 result = 1;

  for (int i = 0; i < exponent; i++)
    result *= 10;

  return result;
}

RsMoneyRead
rs_money_read_plain (const char *text,
                     char        separator,
                     int         exponent,
                     gint64     *out_minor)
{
  const char *p;
  guint64 whole = 0, fraction = 0, scale;
  guint n_whole = 0, n_fraction = 0;
  gboolean has_separator = FALSE;
  gboolean too_large = FALSE;

  /* The whole units; past RS_MONEY_MAX_MINOR they are only counted, never multiplied. */
  for (p = text; g_ascii_isdigit (*p); p++, n_whole++)
    {
      if (whole > (guint64) RS_MONEY_MAX_MINOR)
        too_large = TRUE;
      else
        whole = whole * 10 + (guint64) (*p - '0');
    }

  if (*p == separator)
    {
      has_separator = TRUE;
      /* Only up to four decimals matter: no currency has more. */
      for (p++; g_ascii_isdigit (*p); p++, n_fraction++)
        {
          if (n_fraction < 4)
            fraction = fraction * 10 + (guint64) (*p - '0');
        }
    }

  /* Digits are needed before the separator and after it ("120." and ".5" are refused). */
  if (n_whole == 0 || (has_separator && n_fraction == 0) || *p != '\0')
    return RS_MONEY_READ_NOT_A_NUMBER;

  if (n_fraction > (guint) exponent)
    return RS_MONEY_READ_TOO_MANY_DECIMALS;

  scale = rs_money_power_of_ten (exponent);
  fraction *= rs_money_power_of_ten (exponent - (int) n_fraction);

  if (too_large || whole > ((guint64) RS_MONEY_MAX_MINOR - fraction) / scale)
    return RS_MONEY_READ_TOO_LARGE;

  *out_minor = (gint64) (whole * scale + fraction);
  return RS_MONEY_READ_OK;
}

const char *
rs_money_skip_minus (const char *text)
{
  if (text[0] == '-')
    return text + 1;
  /* U+2212 MINUS SIGN, as word processors write it. */
  if (g_str_has_prefix (text, "\xe2\x88\x92"))
    return text + 3;

  return NULL;
}

void
rs_money_set_negative_error (GError     **error,
                             const char  *text)
{
  g_autofree char *shown = rs_text_for_message (text);

  /* Zero stays allowed: a service given for free still has its dates and reminders. */
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is the amount that was given, e.g. “-5” */
               _("The amount “%s” is negative: an amount must be 0 or more."), shown);
}

void
rs_money_set_read_error (GError      **error,
                         RsMoneyRead   result,
                         const char   *text,
                         const char   *currency,
                         int           exponent)
{
  g_autofree char *shown = rs_text_for_message (text);

  if (result == RS_MONEY_READ_TOO_MANY_DECIMALS)
    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                 /* Translators: first %s is the amount that was given, second %s the currency
                  * code (e.g. EUR), %d the number of decimals that currency has (e.g. 2) */
                 _("The amount “%s” has more decimals than %s allows (%d)."),
                 shown, currency, exponent);
  else if (result == RS_MONEY_READ_TOO_LARGE)
    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is the amount that was given */
                 _("The amount “%s” is too large."), shown);
}

static void
set_not_a_number_error (GError     **error,
                        const char  *text,
                        gboolean     decimal_comma)
{
  g_autofree char *shown = rs_text_for_message (text);

  if (decimal_comma)
    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is the amount that was given; 120,50 is an example amount */
                 _("The amount “%s” is not a number; write it like 120,50."), shown);
  else
    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is the amount that was given; 120.50 is an example amount */
                 _("The amount “%s” is not a number; write it like 120.50."), shown);
}

gboolean
rs_money_parse (const char  *text,
                const char  *currency,
                gboolean     decimal_comma,
                gint64      *out_minor,
                GError     **error)
{
  g_autofree char *trimmed = NULL;
  const char *unsigned_text;
  char separator = decimal_comma ? ',' : '.';
  int exponent;
  gint64 minor;
  RsMoneyRead result;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rs_currency_validate (currency, error))
    return FALSE;
  exponent = rs_currency_exponent (currency);

  trimmed = rs_text_strip_spaces (text);
  if (*trimmed == '\0')
    {
      if (decimal_comma)
        g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                             /* Translators: 120,50 is an example amount */
                             _("No amount was given; write it like 120,50."));
      else
        g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                             /* Translators: 120.50 is an example amount */
                             _("No amount was given; write it like 120.50."));
      return FALSE;
    }

  unsigned_text = rs_money_skip_minus (trimmed);
  if (unsigned_text != NULL &&
      rs_money_read_plain (unsigned_text, separator, exponent, &minor) !=
        RS_MONEY_READ_NOT_A_NUMBER)
    {
      rs_money_set_negative_error (error, trimmed);
      return FALSE;
    }

  result = rs_money_read_plain (trimmed, separator, exponent, &minor);
  if (result == RS_MONEY_READ_NOT_A_NUMBER)
    {
      set_not_a_number_error (error, trimmed, decimal_comma);
      return FALSE;
    }
  if (result != RS_MONEY_READ_OK)
    {
      rs_money_set_read_error (error, result, trimmed, currency, exponent);
      return FALSE;
    }

  if (out_minor != NULL)
    *out_minor = minor;

  return TRUE;
}

void
rs_money_split (gint64   minor,
                int      exponent,
                char   **out_whole,
                char   **out_fraction)
{
  guint64 magnitude = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  guint64 scale = rs_money_power_of_ten (exponent);

  *out_whole = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / scale);
  *out_fraction = exponent > 0
                    ? g_strdup_printf ("%0*" G_GUINT64_FORMAT, exponent, magnitude % scale)
                    : g_strdup ("");
}

char *
rs_money_to_decimal (gint64      minor,
                     const char *currency)
{
  g_autofree char *whole = NULL;
  g_autofree char *fraction = NULL;
  int exponent = rs_currency_exponent (currency);

  g_return_val_if_fail (exponent >= 0, NULL);

  rs_money_split (minor, exponent, &whole, &fraction);

  return g_strconcat (minor < 0 ? "-" : "", whole, exponent > 0 ? "." : "", fraction, NULL);
}
