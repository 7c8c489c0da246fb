/* test-money.c: tests of the ISO 4217 table, amount parsing and formatting
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-error.h>

typedef struct
{
  const char *text;
  const char *currency;
  gboolean    decimal_comma;
  gint64      expected;
} ValidAmount;

typedef struct
{
  const char *text;
  const char *currency;
  gboolean    decimal_comma;
} InvalidAmount;

static void
assert_message_is_one_line (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_false (g_ascii_iscntrl (*p));
}

static void
test_currency_exponents (void)
{
  static const struct { const char *code; int exponent; } cases[] = {
    { "EUR", 2 }, { "USD", 2 }, { "GBP", 2 }, { "JPY", 0 }, { "KRW", 0 }, { "ISK", 0 },
    { "CLP", 0 }, { "VND", 0 }, { "XAF", 0 }, { "XOF", 0 }, { "XPF", 0 }, { "UYI", 0 },
    { "KWD", 3 }, { "BHD", 3 }, { "IQD", 3 }, { "JOD", 3 }, { "LYD", 3 }, { "OMR", 3 },
    { "TND", 3 }, { "CLF", 4 }, { "UYW", 4 }, { "XAU", 0 }, { "XXX", 0 }, { "XDR", 0 },
    { "ZWG", 2 }, { "VES", 2 }, { "VED", 2 }, { "SLE", 2 }, { "CHE", 2 }, { "USN", 2 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].code);
      g_assert_cmpint (rs_currency_exponent (cases[i].code), ==, cases[i].exponent);
      g_assert_true (rs_currency_is_valid (cases[i].code));
    }
}

static void
test_currency_refuses_withdrawn_and_malformed (void)
{
  static const char * const codes[] = {
    "HRK", "SLL", "ZWL", "VEF", "MRO", "STD", "BYR", "DEM", "eur", "Eur", "EU", "EURO",
    "EU1", "", "€", "XYZ",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_test_message ("%s", codes[i]);
      g_assert_cmpint (rs_currency_exponent (codes[i]), ==, -1);
      g_assert_false (rs_currency_is_valid (codes[i]));
    }

  g_assert_cmpint (rs_currency_exponent (NULL), ==, -1);
  g_assert_false (rs_currency_is_valid (NULL));
}

static void
test_currency_list_is_sorted_and_complete (void)
{
  const char * const *codes = rs_currency_list_codes ();
  guint n = 0;

  g_assert_nonnull (codes);
  for (; codes[n] != NULL; n++)
    {
      g_assert_true (rs_currency_is_valid (codes[n]));
      if (n > 0)
        g_assert_cmpint (strcmp (codes[n - 1], codes[n]), <, 0);
    }

  /* ISO 4217 list one of 2024-06-25 has 179 distinct codes. */
  g_assert_cmpuint (n, ==, 179);
  g_assert_cmpstr (codes[0], ==, "AED");
  g_assert_cmpstr (codes[n - 1], ==, "ZWG");
  g_assert_true (rs_currency_list_codes () == codes);
}

static void
test_currency_symbols (void)
{
  g_assert_cmpstr (rs_currency_symbol ("EUR"), ==, "€");
  g_assert_cmpstr (rs_currency_symbol ("USD"), ==, "$");
  g_assert_cmpstr (rs_currency_symbol ("GBP"), ==, "£");
  g_assert_cmpstr (rs_currency_symbol ("JPY"), ==, "¥");
  g_assert_cmpstr (rs_currency_symbol ("CNY"), ==, "CN¥");
  g_assert_cmpstr (rs_currency_symbol ("CAD"), ==, "CA$");
  g_assert_cmpstr (rs_currency_symbol ("AUD"), ==, "A$");
  g_assert_cmpstr (rs_currency_symbol ("INR"), ==, "₹");
  g_assert_cmpstr (rs_currency_symbol ("PLN"), ==, "zł");
  g_assert_cmpstr (rs_currency_symbol ("BRL"), ==, "R$");
  g_assert_null (rs_currency_symbol ("CHF"));
  g_assert_null (rs_currency_symbol ("SEK"));
  g_assert_null (rs_currency_symbol ("eur"));
  g_assert_null (rs_currency_symbol ("XYZ"));
  g_assert_null (rs_currency_symbol (NULL));
}

static void
test_currency_validate_names_the_code (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rs_currency_validate ("EUR", &error));
  g_assert_no_error (error);

  g_assert_false (rs_currency_validate ("EUD", &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "“EUD” is not a current ISO 4217 currency code.");
  g_clear_error (&error);

  g_assert_false (rs_currency_validate ("HRK", &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "“HRK” is not a current ISO 4217 currency code.");
  g_clear_error (&error);

  g_assert_false (rs_currency_validate ("", &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "No currency was given; use a three-letter ISO 4217 code such as EUR.");
  g_clear_error (&error);

  g_assert_false (rs_currency_validate (NULL, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (rs_currency_validate ("E\nR", &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  assert_message_is_one_line (error);
}

static void
test_parse_accepts_valid_amounts (void)
{
  static const ValidAmount cases[] = {
    { "120", "EUR", FALSE, 12000 },
    { "120.5", "EUR", FALSE, 12050 },
    { "120.50", "EUR", FALSE, 12050 },
    { "0", "EUR", FALSE, 0 },
    { "0.01", "EUR", FALSE, 1 },
    { "0.00", "EUR", FALSE, 0 },
    { "  42.00  ", "EUR", FALSE, 4200 },
    { "007", "EUR", FALSE, 700 },
    { "120,50", "EUR", TRUE, 12050 },
    { "120,5", "EUR", TRUE, 12050 },
    { "120", "EUR", TRUE, 12000 },
    { "500", "JPY", FALSE, 500 },
    { "0", "JPY", FALSE, 0 },
    { "1.234", "KWD", FALSE, 1234 },
    { "1.2", "KWD", FALSE, 1200 },
    { "12", "KWD", FALSE, 12000 },
    { "1,005", "KWD", TRUE, 1005 },
    { "1.2345", "CLF", FALSE, 12345 },
    { "1.5", "CLF", FALSE, 15000 },
    { "1,5", "CLF", TRUE, 15000 },
    { "9999999999999.99", "EUR", FALSE, 999999999999999 },
    { "999999999999999", "JPY", FALSE, 999999999999999 },
    { "99999999999.9999", "CLF", FALSE, 999999999999999 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;

      g_test_message ("“%s” %s", cases[i].text, cases[i].currency);
      g_assert_true (rs_money_parse (cases[i].text, cases[i].currency, cases[i].decimal_comma,
                                     &minor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minor, ==, cases[i].expected);
    }
}

static void
test_parse_refuses_invalid_amounts (void)
{
  static const InvalidAmount cases[] = {
    { "", "EUR", FALSE },
    { "   ", "EUR", FALSE },
    { "-120", "EUR", FALSE },
    { "+120", "EUR", FALSE },
    { "1e3", "EUR", FALSE },
    { "1,200.00", "EUR", FALSE },
    { "1.200,00", "EUR", TRUE },
    { "1 200", "EUR", FALSE },
    { "120.", "EUR", FALSE },
    { ".5", "EUR", FALSE },
    { "120.505", "EUR", FALSE },
    { "120,50", "EUR", FALSE },
    { "120.50", "EUR", TRUE },
    { "1.2.3", "EUR", FALSE },
    { "0x10", "EUR", FALSE },
    { "12€", "EUR", FALSE },
    { "١٢٣", "EUR", FALSE },
    { "\t120", "EUR", FALSE },
    { "120\n", "EUR", FALSE },
    { "NaN", "EUR", FALSE },
    { "500.0", "JPY", FALSE },
    { "500,5", "JPY", TRUE },
    { "1.2345", "KWD", FALSE },
    { "1.23456", "CLF", FALSE },
    { "10000000000000", "EUR", FALSE },
    { "1000000000000000", "JPY", FALSE },
    { "99999999999999999999999999", "EUR", FALSE },
    { "120", "XYZ", FALSE },
    { "120", NULL, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -7;

      g_test_message ("“%s” %s", cases[i].text, cases[i].currency);
      g_assert_false (rs_money_parse (cases[i].text, cases[i].currency, cases[i].decimal_comma,
                                      &minor, &error));
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      assert_message_is_one_line (error);
      g_assert_cmpint (minor, ==, -7);
    }
}

static void
test_parse_refuses_missing_amount (void)
{
  g_autoptr(GError) error = NULL;
  gint64 minor;

  g_assert_false (rs_money_parse (NULL, "EUR", FALSE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "No amount was given; write it like 120.50.");
  g_clear_error (&error);

  g_assert_false (rs_money_parse ("  ", "EUR", TRUE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "No amount was given; write it like 120,50.");
}

static void
test_parse_refuses_too_many_decimals (void)
{
  g_autoptr(GError) error = NULL;
  gint64 minor;

  g_assert_false (rs_money_parse ("120.505", "EUR", FALSE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The amount “120.505” has more decimals than EUR allows (2).");
  g_clear_error (&error);

  g_assert_false (rs_money_parse ("500.0", "JPY", FALSE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The amount “500.0” has more decimals than JPY allows (0).");
}

static void
test_parse_not_a_number_names_the_text (void)
{
  g_autoptr(GError) error = NULL;
  gint64 minor;

  g_assert_false (rs_money_parse (" 12a ", "EUR", FALSE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The amount “12a” is not a number; write it like 120.50.");
  g_clear_error (&error);

  g_assert_false (rs_money_parse ("-5,00", "EUR", TRUE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "The amount “-5,00” is negative: an amount must be 0 or more.");
  g_clear_error (&error);

  /* A minus before what is no number is no number. */
  g_assert_false (rs_money_parse ("-abc", "EUR", FALSE, &minor, &error));
  g_assert_cmpstr (error->message, ==, "The amount “-abc” is not a number; write it like 120.50.");
}

static void
test_parse_refuses_too_large (void)
{
  g_autoptr(GError) error = NULL;
  gint64 minor;

  g_assert_false (rs_money_parse ("10000000000000", "EUR", FALSE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The amount “10000000000000” is too large.");
  g_clear_error (&error);

  /* Far past G_MAXUINT64: refused, not wrapped around. */
  g_assert_false (rs_money_parse ("184467440737095516160000", "JPY", FALSE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The amount “184467440737095516160000” is too large.");
  g_clear_error (&error);

  g_assert_true (rs_money_parse ("999999999999.99", "EUR", FALSE, &minor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (minor, ==, 99999999999999);
}

static void
test_parse_validates_currency_first (void)
{
  g_autoptr(GError) error = NULL;
  gint64 minor;

  g_assert_false (rs_money_parse ("abc", "eur", FALSE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "“eur” is not a current ISO 4217 currency code.");
}

static void
test_parse_message_is_short_and_one_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_text = g_strnfill (500, '7');
  gint64 minor;

  g_assert_false (rs_money_parse ("12\r\nBcc: x", "EUR", FALSE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  assert_message_is_one_line (error);
  g_clear_error (&error);

  g_assert_false (rs_money_parse ("1\xff\xfe", "EUR", FALSE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  assert_message_is_one_line (error);
  g_clear_error (&error);

  long_text[250] = 'x';
  g_assert_false (rs_money_parse (long_text, "EUR", FALSE, &minor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  assert_message_is_one_line (error);
  g_assert_nonnull (strstr (error->message, "7777…”"));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 120);
}

static void
test_to_decimal (void)
{
  static const struct { gint64 minor; const char *currency; const char *expected; } cases[] = {
    { 12050, "EUR", "120.50" },
    { 12000, "EUR", "120.00" },
    { 5, "EUR", "0.05" },
    { 0, "EUR", "0.00" },
    { 500, "JPY", "500" },
    { 0, "JPY", "0" },
    { 1234, "KWD", "1.234" },
    { 7, "KWD", "0.007" },
    { 12345, "CLF", "1.2345" },
    { 3, "XAU", "3" },
    { 999999999999999, "EUR", "9999999999999.99" },
    { -12050, "EUR", "-120.50" },
    { G_MININT64, "EUR", "-92233720368547758.08" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rs_money_to_decimal (cases[i].minor, cases[i].currency);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_to_decimal_round_trips (void)
{
  static const gint64 values[] = { 0, 1, 9, 10, 99, 100, 12050, 123456789, 999999999999999 };
  static const char * const currencies[] = { "EUR", "JPY", "KWD", "CLF" };

  for (gsize c = 0; c < G_N_ELEMENTS (currencies); c++)
    for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = rs_money_to_decimal (values[i], currencies[c]);
        gint64 minor = -1;

        g_assert_true (rs_money_parse (text, currencies[c], FALSE, &minor, &error));
        g_assert_no_error (error);
        g_assert_cmpint (minor, ==, values[i]);
      }
}

static gboolean
use_locale (const char *name)
{
  g_autofree char *message = NULL;

  if (setlocale (LC_ALL, name) != NULL)
    return TRUE;

  message = g_strdup_printf ("The locale %s is not installed (generate it with localedef).", name);
  g_test_skip (message);
  return FALSE;
}

static void
assert_format (gint64      minor,
               const char *currency,
               const char *expected)
{
  g_autofree char *text = rs_money_format (minor, currency);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_c_locale (void)
{
  g_assert_nonnull (setlocale (LC_ALL, "C"));

  assert_format (12000, "EUR", "120.00 EUR");
  assert_format (123456789, "EUR", "1234567.89 EUR");
  assert_format (500, "JPY", "500 JPY");
  assert_format (1234, "KWD", "1.234 KWD");
  assert_format (0, "EUR", "0.00 EUR");
}

static void
test_format_el_gr (void)
{
  if (!use_locale ("el_GR.UTF-8"))
    return;

  assert_format (12000, "EUR", "120,00 €");
  assert_format (123456789, "EUR", "1.234.567,89 €");
  assert_format (0, "EUR", "0,00 €");
  assert_format (100000, "EUR", "1.000,00 €");
  assert_format (500, "JPY", "500 ¥");
  assert_format (12000, "CHF", "120,00 CHF");
  assert_format (1234, "KWD", "1,234 KWD");
  assert_format (-12000, "EUR", "-120,00 €");

  setlocale (LC_ALL, "C");
}

static void
test_format_en_us (void)
{
  if (!use_locale ("en_US.UTF-8"))
    return;

  assert_format (12000, "EUR", "€120.00");
  assert_format (123456789, "USD", "$1,234,567.89");
  assert_format (99999, "GBP", "£999.99");
  assert_format (1234567, "JPY", "¥1,234,567");
  assert_format (12000, "CHF", "CHF 120.00");
  assert_format (1234, "KWD", "KWD 1.234");
  assert_format (999999999999999, "EUR", "€9,999,999,999,999.99");

  setlocale (LC_ALL, "C");
}

/* The styles of the tests, fixed whatever locales the machine has. */
static const RsMoneyStyle greek = { ",", ".", "\3\3" };
static const RsMoneyStyle english = { ".", ",", "\3\3" };
static const RsMoneyStyle plain = { ".", "", "" };
/* French: a narrow no-break space between the groups. */
static const RsMoneyStyle french = { ",", "\xe2\x80\xaf", "\3\3" };

typedef struct
{
  const RsMoneyStyle *style;
  const char         *text;
  const char         *currency;
  gint64              expected;
} LocalAmount;

static void
test_parse_local_accepts_what_people_write (void)
{
  static const LocalAmount cases[] = {
    /* Greek: the locale's grouping and decimal comma, or none; a decimal point where it
     * cannot be grouping. */
    { &greek, "1.234,56", "EUR", 123456 },
    { &greek, "1234,56", "EUR", 123456 },
    { &greek, "45,00", "EUR", 4500 },
    { &greek, "45", "EUR", 4500 },
    { &greek, "1.234", "EUR", 123400 },
    { &greek, "1.234.567,89", "EUR", 123456789 },
    { &greek, "1234.56", "EUR", 123456 },
    { &greek, "12.5", "EUR", 1250 },
    { &greek, " 0,5 ", "EUR", 50 },
    { &greek, "0", "EUR", 0 },
    { &greek, "1.234", "JPY", 1234 },
    { &greek, "1,234", "KWD", 1234 },
    { &greek, "1.234,500", "KWD", 1234500 },
    /* English: its own grouping; a decimal comma where it cannot be grouping. */
    { &english, "1,234.56", "EUR", 123456 },
    { &english, "1,234", "EUR", 123400 },
    { &english, "120,50", "EUR", 12050 },
    { &english, "1.234", "KWD", 1234 },
    { &english, "1,234,567", "JPY", 1234567 },
    /* The C locale: no grouping; both decimal separators. */
    { &plain, "1234.50", "EUR", 123450 },
    { &plain, "120,50", "EUR", 12050 },
    { &plain, "1,234", "KWD", 1234 },
    /* A no-break space is typed as a space. */
    { &french, "1\xe2\x80\xaf" "234,56", "EUR", 123456 },
    { &french, "1 234,56", "EUR", 123456 },
    { &french, "1\xc2\xa0" "234", "EUR", 123400 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;

      g_test_message ("“%s” %s", cases[i].text, cases[i].currency);
      g_assert_true (rs_money_parse_local (cases[i].text, cases[i].currency, cases[i].style,
                                           &minor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minor, ==, cases[i].expected);
    }
}

typedef struct
{
  const RsMoneyStyle *style;
  const char         *text;
  const char         *currency;
  const char         *message;
} LocalRefusal;

static void
test_parse_local_refuses_with_an_example (void)
{
  static const LocalRefusal cases[] = {
    /* Negative, whatever the form. */
    { &greek, "-5", "EUR", "The amount “-5” is negative: an amount must be 0 or more." },
    { &greek, "-1.234,56", "EUR",
      "The amount “-1.234,56” is negative: an amount must be 0 or more." },
    { &english, "\xe2\x88\x92" "5", "EUR",
      "The amount “\xe2\x88\x92" "5” is negative: an amount must be 0 or more." },
    /* What could mean two amounts: both shown, written unmistakably. */
    { &greek, "1.234", "KWD",
      "The amount “1.234” can be read two ways; write 1.234,000 or 1,234." },
    { &english, "1,234", "KWD",
      "The amount “1,234” can be read two ways; write 1,234.000 or 1.234." },
    { &greek, "12.345", "CLF",
      "The amount “12.345” can be read two ways; write 12.345,0000 or 12,3450." },
    /* Too many decimals in every reading. */
    { &english, "1.234", "EUR", "The amount “1.234” has more decimals than EUR allows (2)." },
    { &greek, "1.234,567", "EUR", "The amount “1.234,567” has more decimals than EUR allows (2)." },
    { &greek, "1,5", "JPY", "The amount “1,5” has more decimals than JPY allows (0)." },
    { &greek, "99.999.999.999.999,00", "EUR", "The amount “99.999.999.999.999,00” is too large." },
    /* Not a number: an example in the user's own form. */
    { &greek, "12x", "EUR", "The amount “12x” is not a number; write it like 1.234,50." },
    { &greek, "1.23,45", "EUR", "The amount “1.23,45” is not a number; write it like 1.234,50." },
    { &greek, "1.2345", "EUR", "The amount “1.2345” has more decimals than EUR allows (2)." },
    { &greek, "1,234.56", "EUR", "The amount “1,234.56” is not a number; write it like 1.234,50." },
    { &greek, ",5", "EUR", "The amount “,5” is not a number; write it like 1.234,50." },
    { &greek, "δέκα", "JPY", "The amount “δέκα” is not a number; write it like 1.234." },
    { &english, "1.234,56", "EUR",
      "The amount “1.234,56” is not a number; write it like 1,234.50." },
    { &english, "1,23,4", "KWD", "The amount “1,23,4” is not a number; write it like 1,234.500." },
    { &plain, "1.234,56", "EUR", "The amount “1.234,56” is not a number; write it like 1234.50." },
    { &greek, "  ", "EUR", "No amount was given; write it like 1.234,50." },
    { &greek, "1 234", "EUR", "The amount “1 234” is not a number; write it like 1.234,50." },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -7;

      g_test_message ("“%s” %s", cases[i].text, cases[i].currency);
      g_assert_false (rs_money_parse_local (cases[i].text, cases[i].currency, cases[i].style,
                                            &minor, &error));
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpint (minor, ==, -7);
    }
}

/* What the command shows is what it reads back, in both locales. */
static void
test_parse_local_reads_what_format_writes (void)
{
  static const char * const locales[] = { "el_GR.UTF-8", "en_US.UTF-8", "C.UTF-8" };
  static const char * const currencies[] = { "EUR", "JPY", "KWD", "CLF", "USD" };
  static const gint64 values[] = { 0, 5, 99, 1000, 1234, 123456, 1000000, 123456789,
                                   RS_MONEY_MAX_MINOR };

  for (gsize l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      if (setlocale (LC_ALL, locales[l]) == NULL)
        {
          g_test_message ("%s is not installed", locales[l]);
          continue;
        }

      for (gsize c = 0; c < G_N_ELEMENTS (currencies); c++)
        for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
          {
            g_autofree char *shown = rs_money_format (values[i], currencies[c]);
            const char *symbol = rs_currency_symbol (currencies[c]);
            g_autoptr(GString) number = g_string_new (shown);
            g_autoptr(GError) error = NULL;
            gint64 minor = -1;

            /* The number alone, without the symbol or the code around it. */
            if (symbol != NULL)
              g_string_replace (number, symbol, "", 1);
            g_string_replace (number, currencies[c], "", 1);
            g_strstrip (number->str);
            g_test_message ("%s: “%s” %s", locales[l], number->str, currencies[c]);
            g_assert_true (rs_money_parse_local (number->str, currencies[c], NULL, &minor, &error));
            g_assert_no_error (error);
            g_assert_cmpint (minor, ==, values[i]);
          }
    }

  setlocale (LC_ALL, "C");
}

static void
test_style_from_locale (void)
{
  RsMoneyStyle style;

  g_assert_nonnull (setlocale (LC_ALL, "C"));
  rs_money_style_from_locale (&style);
  g_assert_cmpstr (style.decimal_point, ==, ".");
  g_assert_cmpstr (style.thousands_sep, ==, "");

  if (use_locale ("el_GR.UTF-8"))
    {
      rs_money_style_from_locale (&style);
      g_assert_cmpstr (style.decimal_point, ==, ",");
      g_assert_cmpstr (style.thousands_sep, ==, ".");
      /* Groups of three, the last size repeating. */
      g_assert_cmpint (style.grouping[0], ==, 3);
    }

  setlocale (LC_ALL, "C");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/currency/exponents", test_currency_exponents);
  g_test_add_func ("/money/currency/refuses-withdrawn-and-malformed",
                   test_currency_refuses_withdrawn_and_malformed);
  g_test_add_func ("/money/currency/list-is-sorted-and-complete",
                   test_currency_list_is_sorted_and_complete);
  g_test_add_func ("/money/currency/symbols", test_currency_symbols);
  g_test_add_func ("/money/currency/validate-names-the-code", test_currency_validate_names_the_code);
  g_test_add_func ("/money/parse/accepts-valid-amounts", test_parse_accepts_valid_amounts);
  g_test_add_func ("/money/parse/refuses-invalid-amounts", test_parse_refuses_invalid_amounts);
  g_test_add_func ("/money/parse/refuses-missing-amount", test_parse_refuses_missing_amount);
  g_test_add_func ("/money/parse/refuses-too-many-decimals", test_parse_refuses_too_many_decimals);
  g_test_add_func ("/money/parse/not-a-number-names-the-text",
                   test_parse_not_a_number_names_the_text);
  g_test_add_func ("/money/parse/refuses-too-large", test_parse_refuses_too_large);
  g_test_add_func ("/money/parse/validates-currency-first", test_parse_validates_currency_first);
  g_test_add_func ("/money/parse/message-is-short-and-one-line",
                   test_parse_message_is_short_and_one_line);
  g_test_add_func ("/money/parse-local/accepts-what-people-write",
                   test_parse_local_accepts_what_people_write);
  g_test_add_func ("/money/parse-local/refuses-with-an-example",
                   test_parse_local_refuses_with_an_example);
  g_test_add_func ("/money/parse-local/reads-what-format-writes",
                   test_parse_local_reads_what_format_writes);
  g_test_add_func ("/money/parse-local/style-from-locale", test_style_from_locale);
  g_test_add_func ("/money/to-decimal/values", test_to_decimal);
  g_test_add_func ("/money/to-decimal/round-trips-through-parse", test_to_decimal_round_trips);
  g_test_add_func ("/money/format/c-locale-uses-the-code", test_format_c_locale);
  g_test_add_func ("/money/format/el-gr", test_format_el_gr);
  g_test_add_func ("/money/format/en-us", test_format_en_us);

  return g_test_run ();
}
