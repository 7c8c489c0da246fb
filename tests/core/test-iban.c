/* test-iban.c: tests of IBAN validation and formatting
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-error.h>

/* Published examples (SWIFT IBAN registry and national banks), as people write them. */
static const struct
{
  const char *printed;
  const char *normalized;
} valid_ibans[] = {
  { "GR16 0110 1250 0000 0001 2300 695", "GR1601101250000000012300695" },
  { "DE89 3704 0044 0532 0130 00", "DE89370400440532013000" },
  { "GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819" },
  { "FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606" },
  { "NO93 8601 1117 947", "NO9386011117947" },
  { "MT84 MALT 0110 0001 2345 MTLC AST0 01S", "MT84MALT011000012345MTLCAST001S" },
  { "CY17 0020 0128 0000 0012 0052 7600", "CY17002001280000001200527600" },
  { "IT60 X054 2811 1010 0000 0123 456", "IT60X0542811101000000123456" },
  { "ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332" },
  { "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300" },
  { "BE68 5390 0754 7034", "BE68539007547034" },
  { "CH93 0076 2011 6238 5295 7", "CH9300762011623852957" },
  { "AT61 1904 3002 3457 3201", "AT611904300234573201" },
  { "LC55 HEMM 0001 0001 0012 0012 0002 3015", "LC55HEMM000100010012001200023015" },
  { "RU02 0445 2560 0407 0281 0412 3456 7890 1", "RU0204452560040702810412345678901" },
  { "SC18 SSCB 1101 0000 0000 0000 1497 USD", "SC18SSCB11010000000000001497USD" },
  { "BR18 0036 0305 0000 1000 9795 493C 1", "BR1800360305000010009795493C1" },
  { "PL61 1090 1014 0000 0712 1981 2874", "PL61109010140000071219812874" },
  { "SE45 5000 0000 0583 9825 7466", "SE4550000000058398257466" },
  { "IE29 AIBK 9311 5212 3456 78", "IE29AIBK93115212345678" },
  { "PT50 0002 0123 1234 5678 9015 4", "PT50000201231234567890154" },
  { "LY83 0020 4800 0020 1001 2036 1", "LY83002048000020100120361" },
};

static void
test_validate_accepts_published_examples (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_ibans); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;
      g_autofree char *lower = g_ascii_strdown (valid_ibans[i].normalized, -1);
      g_autofree char *printed = NULL;

      g_test_message ("%s", valid_ibans[i].printed);

      g_assert_true (rs_iban_validate (valid_ibans[i].printed, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, valid_ibans[i].normalized);
      g_clear_pointer (&normalized, g_free);

      g_assert_true (rs_iban_validate (valid_ibans[i].normalized, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, valid_ibans[i].normalized);
      g_clear_pointer (&normalized, g_free);

      g_assert_true (rs_iban_validate (lower, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, valid_ibans[i].normalized);

      g_assert_true (rs_iban_validate (valid_ibans[i].printed, NULL, &error));
      g_assert_no_error (error);

      printed = rs_iban_format_print (normalized);
      g_assert_cmpstr (printed, ==, valid_ibans[i].printed);
    }
}

static void
test_validate_refuses_invalid (void)
{
  static const char * const cases[] = {
    "",
    "    ",
    "GR16 0110 1250 0000 0001 2300 696",      /* last digit changed */
    "GR61 0110 1250 0000 0001 2300 695",      /* check digits swapped */
    "DE89 3704 0044 0532 0130 01",
    "GB29 NWBK 6016 1331 9268 91",            /* two digits swapped */
    "GR16 0110 1250 0000 0001 2300 69",       /* one character short */
    "GR16 0110 1250 0000 0001 2300 6950",     /* one character too many */
    "NO93 8601 1117 94",
    "DE89 3704 0044 0532 0130 000",
    "XX12 3456 7890 1234",                    /* no such country */
    "US12 3456 7890 1234",                    /* not an IBAN country */
    "1234 5678",
    "G",
    "GR",
    "GRAB 0110 1250 0000 0001 2300 695",      /* no check digits */
    "GR16-0110-1250-0000-0001-2300-695",
    "GR16 0110 1250 0000 0001 2300 69\n5",
    "GR16\t0110 1250 0000 0001 2300 695",
    "GR16 0110 1250 0000 0001 2300 69ö",
    "GR16 0110 1250 0000 0001 2300 69\xff",
    "DE99 3704 0044 0000 0000 24",            /* 99 passes mod 97 where 02 does */
    "DE01 3704 0044 0000 0000 42",            /* 01 passes mod 97 where 98 does */
    "DE00 3704 0044 0000 0000 60",            /* 00 passes mod 97 where 97 does */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      char *normalized = (char *) "untouched";

      g_test_message ("%zu", i);
      g_assert_false (rs_iban_validate (cases[i], &normalized, &error));
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strchr (error->message, '\n'));
      g_assert_cmpstr (normalized, ==, "untouched");
    }

  /* The companions of the 00/01/99 cases above are valid. */
  g_assert_true (rs_iban_validate ("DE02 3704 0044 0000 0000 24", NULL, NULL));
  g_assert_true (rs_iban_validate ("DE98 3704 0044 0000 0000 42", NULL, NULL));
  g_assert_true (rs_iban_validate ("DE97 3704 0044 0000 0000 60", NULL, NULL));
}

static void
assert_message (const char *text,
                const char *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rs_iban_validate (text, NULL, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_validate_gr_length_26_names_the_lengths (void)
{
  assert_message ("GR16 0110 1250 0000 0001 2300 69",
                  "An IBAN starting with GR must have 27 characters; this one has 26.");
  assert_message ("no93 8601 1117 9470",
                  "An IBAN starting with NO must have 15 characters; this one has 16.");
}

static void
test_validate_wrong_check_digits_message (void)
{
  assert_message ("gr16 0110 1250 0000 0001 2300 696",
                  "The IBAN GR16 0110 1250 0000 0001 2300 696 fails its check digits (mod 97); "
                  "please check it for a typing mistake.");
}

static void
test_validate_unknown_country_message (void)
{
  assert_message ("US12 3456 7890 1234",
                  "The IBAN starts with “US”, which is not the code of a country that uses IBANs.");
  assert_message ("1234", "The IBAN starts with “12”, which is not the code of a country that uses IBANs.");
}

static void
test_validate_bad_character_message (void)
{
  assert_message ("GR16-0110", "An IBAN has only letters, digits and spaces; “-” is not allowed.");
  assert_message ("GR16\n0110",
                  "An IBAN has only letters, digits and spaces; “U+000A” is not allowed.");
  assert_message ("GR16ö", "An IBAN has only letters, digits and spaces; “ö” is not allowed.");
  assert_message ("GR16\xff",
                  "An IBAN has only letters, digits and spaces; “\xEF\xBF\xBD” is not allowed.");
  /* Found by tests/fuzz/fuzz-iban: line and paragraph separators would break the sentence. */
  assert_message ("GR16\xE2\x80\xA8" "0110",
                  "An IBAN has only letters, digits and spaces; “U+2028” is not allowed.");
  assert_message ("GR16\xE2\x80\xA9" "0110",
                  "An IBAN has only letters, digits and spaces; “U+2029” is not allowed.");
}

static void
test_validate_empty_message (void)
{
  assert_message ("", "No IBAN was given.");
  assert_message ("   ", "No IBAN was given.");
  assert_message (NULL, "No IBAN was given.");
}

static void
test_validate_missing_check_digits_message (void)
{
  assert_message ("GRAB 0110",
                  "The IBAN GRAB0110 must have two check digits after the country code GR.");
  assert_message ("GR", "The IBAN GR must have two check digits after the country code GR.");
}

static void
test_country_length (void)
{
  static const struct { const char *country; guint length; } cases[] = {
    { "GR", 27 }, { "DE", 22 }, { "GB", 22 }, { "FR", 27 }, { "IT", 27 }, { "CY", 28 },
    { "MT", 31 }, { "NO", 15 }, { "RU", 33 }, { "LC", 32 }, { "BI", 27 }, { "DJ", 27 },
    { "FK", 18 }, { "LY", 25 }, { "MN", 20 }, { "NI", 28 }, { "OM", 23 }, { "SC", 31 },
    { "SD", 18 }, { "SO", 23 }, { "SV", 28 }, { "YE", 30 }, { "AD", 24 }, { "XK", 20 },
    { "US", 0 }, { "XX", 0 }, { "gr", 0 }, { "G", 0 }, { "GRC", 0 }, { "", 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (rs_iban_country_length (cases[i].country), ==, cases[i].length);

  g_assert_cmpuint (rs_iban_country_length (NULL), ==, 0);
}

static void
test_country_length_finds_all_89_countries (void)
{
  guint n_countries = 0;

  /* A table out of order would hide some countries from the binary search. */
  for (char a = 'A'; a <= 'Z'; a++)
    for (char b = 'A'; b <= 'Z'; b++)
      {
        char country[3] = { a, b, '\0' };
        guint length = rs_iban_country_length (country);

        if (length == 0)
          continue;

        n_countries++;
        g_assert_cmpuint (length, >=, 15);
        g_assert_cmpuint (length, <=, 34);
      }

  g_assert_cmpuint (n_countries, ==, 89);
}

static void
test_format_print (void)
{
  static const struct { const char *normalized; const char *printed; } cases[] = {
    { "GR1601101250000000012300695", "GR16 0110 1250 0000 0001 2300 695" },
    { "BE68539007547034", "BE68 5390 0754 7034" },
    { "NO9386011117947", "NO93 8601 1117 947" },
    { "ABCD", "ABCD" },
    { "ABC", "ABC" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *printed = rs_iban_format_print (cases[i].normalized);
      g_assert_cmpstr (printed, ==, cases[i].printed);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/iban/validate/accepts-published-examples",
                   test_validate_accepts_published_examples);
  g_test_add_func ("/iban/validate/refuses-invalid", test_validate_refuses_invalid);
  g_test_add_func ("/iban/validate/gr-length-26-names-the-lengths",
                   test_validate_gr_length_26_names_the_lengths);
  g_test_add_func ("/iban/validate/wrong-check-digits-names-the-iban",
                   test_validate_wrong_check_digits_message);
  g_test_add_func ("/iban/validate/unknown-country-names-the-prefix",
                   test_validate_unknown_country_message);
  g_test_add_func ("/iban/validate/bad-character-names-the-character",
                   test_validate_bad_character_message);
  g_test_add_func ("/iban/validate/refuses-empty", test_validate_empty_message);
  g_test_add_func ("/iban/validate/refuses-missing-check-digits",
                   test_validate_missing_check_digits_message);
  g_test_add_func ("/iban/country-length/registry", test_country_length);
  g_test_add_func ("/iban/country-length/finds-all-89-countries",
                   test_country_length_finds_all_89_countries);
  g_test_add_func ("/iban/format-print/groups-of-four", test_format_print);

  return g_test_run ();
}
