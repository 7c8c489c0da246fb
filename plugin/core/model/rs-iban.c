/* rs-iban.c: International Bank Account Numbers (ISO 13616)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

typedef struct
{
  char   country[3];
  guint8 length;
} IbanCountry;

/* The SWIFT IBAN registry (ISO 13616), release of December 2024: every country and its IBAN
 * length, sorted by country code. Territories that use their parent's prefix (Åland: FI;
 * Guernsey, Jersey, Isle of Man: GB; French overseas departments and territories: FR) have
 * no entry of their own, as in the registry. */
static const IbanCountry countries[] = {
  { "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 }, { "BA", 20 },
  { "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BI", 27 }, { "BR", 29 }, { "BY", 28 },
  { "CH", 21 }, { "CR", 22 }, { "CY", 28 }, { "CZ", 24 }, { "DE", 22 }, { "DJ", 27 },
  { "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 }, { "ES", 24 }, { "FI", 18 },
  { "FK", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 }, { "GI", 23 },
  { "GL", 18 }, { "GR", 27 }, { "GT", 28 }, { "HN", 28 }, { "HR", 21 }, { "HU", 28 },
  { "IE", 22 }, { "IL", 23 }, { "IQ", 23 }, { "IS", 26 }, { "IT", 27 }, { "JO", 30 },
  { "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 }, { "LI", 21 }, { "LT", 20 },
  { "LU", 20 }, { "LV", 21 }, { "LY", 25 }, { "MC", 27 }, { "MD", 24 }, { "ME", 22 },
  { "MK", 19 }, { "MN", 20 }, { "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NI", 28 },
  { "NL", 18 }, { "NO", 15 }, { "OM", 23 }, { "PK", 24 }, { "PL", 28 }, { "PS", 29 },
  { "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "RU", 33 }, { "SA", 24 },
  { "SC", 31 }, { "SD", 18 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 },
  { "SO", 23 }, { "ST", 25 }, { "SV", 28 }, { "TL", 23 }, { "TN", 24 }, { "TR", 26 },
  { "UA", 29 }, { "VA", 22 }, { "VG", 24 }, { "XK", 20 }, { "YE", 30 },
};

static int
compare_country (const void *key,
                 const void *element)
{
  return strcmp ((const char *) key, ((const IbanCountry *) element)->country);
}

guint
rs_iban_country_length (const char *country_code)
{
  const IbanCountry *entry;

  if (country_code == NULL ||
      !g_ascii_isupper (country_code[0]) || !g_ascii_isupper (country_code[1]) ||
      country_code[2] != '\0')
    return 0;

  entry = bsearch (country_code, countries, G_N_ELEMENTS (countries), sizeof (IbanCountry),
                   compare_country);

  return entry != NULL ? entry->length : 0;
}

char *
rs_iban_format_print (const char *normalized)
{
  GString *out;

  g_return_val_if_fail (normalized != NULL, NULL);

  out = g_string_sized_new (strlen (normalized) + strlen (normalized) / 4);
  for (gsize i = 0; normalized[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, normalized[i]);
    }

  return g_string_free (out, FALSE);
}

/* ISO 7064 MOD 97-10 of the IBAN with its first four characters moved to the end, letters
 * counting as 10 (A) to 35 (Z); computed digit by digit so that no big number is needed. */
static guint
iban_mod97 (const char *iban)
{
  gsize length = strlen (iban);
  guint remainder = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = iban[(i + 4) % length];

      if (g_ascii_isdigit (c))
        remainder = (remainder * 10 + (guint) (c - '0')) % 97;
      else
        remainder = (remainder * 100 + (guint) (c - 'A' + 10)) % 97;
    }

  return remainder;
}

/* Describes the character at @p (which may be invalid UTF-8) for an error message. */
static char *
describe_character (const char *p)
{
  gunichar c = g_utf8_get_char_validated (p, -1);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    return g_strdup ("\xEF\xBF\xBD"); /* U+FFFD REPLACEMENT CHARACTER */

  /* U+2028 and U+2029 count as printable, yet they end the sentence's line like a control. */
  if (g_unichar_iscntrl (c) || !g_unichar_isprint (c) ||
      g_unichar_type (c) == G_UNICODE_LINE_SEPARATOR ||
      g_unichar_type (c) == G_UNICODE_PARAGRAPH_SEPARATOR)
    return g_strdup_printf ("U+%04X", c);

  return g_ucs4_to_utf8 (&c, 1, NULL, NULL, NULL);
}

gboolean
rs_iban_validate (const char  *text,
                  char       **out_normalized,
                  GError     **error)
{
  g_autofree char *compact = NULL;
  g_autofree char *printed = NULL;
  char country[3] = { 0 };
  gsize length = 0;
  guint expected;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    text = "";

  /* Drop the spaces, make the letters upper case. */
  compact = g_malloc (strlen (text) + 1);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p != ' ')
        compact[length++] = g_ascii_toupper (*p);
    }
  compact[length] = '\0';

  if (length == 0)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: the IBAN field was left empty */
                           _("No IBAN was given."));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isupper (compact[i]) && !g_ascii_isdigit (compact[i]))
        {
          g_autofree char *character = describe_character (compact + i);
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is the character, e.g. “-” or “U+000A” */
                       _("An IBAN has only letters, digits and spaces; “%s” is not allowed."),
                       character);
          return FALSE;
        }
    }

  memcpy (country, compact, MIN (length, 2));
  expected = rs_iban_country_length (country);
  if (expected == 0)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what the IBAN starts with, e.g. “XX” */
                   _("The IBAN starts with “%s”, which is not the code of a country that uses IBANs."),
                   country);
      return FALSE;
    }

  if (length < 4 || !g_ascii_isdigit (compact[2]) || !g_ascii_isdigit (compact[3]))
    {
      g_autofree char *shown = rs_text_for_message (compact);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: first %s is the IBAN that was given, second its country
                    * code, e.g. GR */
                   _("The IBAN %s must have two check digits after the country code %s."),
                   shown, country);
      return FALSE;
    }

  if (length != expected)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a country code (e.g. GR), the first %u the length of
                    * that country's IBANs (e.g. 27), the second %u the length of the one given */
                   _("An IBAN starting with %s must have %u characters; this one has %u."),
                   country, expected, (guint) length);
      return FALSE;
    }

  /* Check digits are always 02 to 98; 00, 01 and 99 are never issued, though each of them
   * passes the mod-97 test whenever 97, 98 or 02 would. */
  if (iban_mod97 (compact) != 1 ||
      strncmp (compact + 2, "00", 2) == 0 ||
      strncmp (compact + 2, "01", 2) == 0 ||
      strncmp (compact + 2, "99", 2) == 0)
    {
      printed = rs_iban_format_print (compact);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the IBAN that was given, in groups of four */
                   _("The IBAN %s fails its check digits (mod 97); "
                     "please check it for a typing mistake."),
                   printed);
      return FALSE;
    }

  if (out_normalized != NULL)
    *out_normalized = g_steal_pointer (&compact);

  return TRUE;
}
