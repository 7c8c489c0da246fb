/* rs-money.h: amounts in integer minor units with an ISO 4217 currency
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Amounts larger than this (in minor units) are refused: it keeps every sum far from overflow. */
#define RS_MONEY_MAX_MINOR G_GINT64_CONSTANT (999999999999999)

/* The number of decimals of an active ISO 4217 code (EUR 2, JPY 0, KWD 3, CLF 4), or -1 when
 * @code is not a current ISO 4217 alphabetic code (upper case, exactly three letters). */
int       rs_currency_exponent     (const char *code);
gboolean  rs_currency_is_valid     (const char *code);
/* "€" for EUR, "$" for USD … or NULL when the currency has no widely used symbol. */
const char *rs_currency_symbol     (const char *code);
/* All codes of the table, sorted, NULL-terminated; static. */
const char * const *rs_currency_list_codes (void);

/* Validates @code and returns RS_ERROR_INVALID_ARGUMENT with a sentence naming it. */
gboolean  rs_currency_validate     (const char *code,
                                    GError    **error);

/* Parses a decimal amount ("120", "120.5", "120.50"; with @decimal_comma "120,50") in the
 * currency's minor units, as files and D-Bus write it. Refuses signs (a minus as negative),
 * exponents, grouping, more decimals than the currency has, and amounts above
 * RS_MONEY_MAX_MINOR, with a sentence naming the value. */
gboolean  rs_money_parse           (const char *text,
                                    const char *currency,
                                    gboolean    decimal_comma,
                                    gint64     *out_minor,
                                    GError    **error);
/* How people write amounts in a locale, as UTF-8: the decimal separator, the separator of the
 * groups of whole units ("" for none) and the groups' sizes as struct lconv's mon_grouping. */
typedef struct
{
  char decimal_point[8];
  char thousands_sep[8];
  char grouping[8];
} RsMoneyStyle;

/* The current LC_MONETARY locale's, as rs_money_format () writes the number: "," and "." under
 * el_GR.UTF-8, "." and "," under en_US.UTF-8, "." and none in the C locale. */
void      rs_money_style_from_locale (RsMoneyStyle *style);

/* Parses an amount as a person types it, for the command (files and D-Bus use
 * rs_money_parse ()). Three readings: @style's own, with its grouping exactly where
 * rs_money_format () puts it or nowhere ("1.234,56" and "1234,56" under el_GR.UTF-8), and the
 * plain forms with a decimal point or a decimal comma ("1234.56", "1234,56"). A text is
 * accepted when the readings that succeed agree: under el_GR.UTF-8 "1.234" is 1234 EUR (1.234
 * cannot be EUR), but is refused for KWD, which has three decimals, and the sentence shows both
 * meanings written unmistakably. A no-break space separator is typed as a space too. Refusals
 * give an example in @style; a minus sign is refused as negative. NULL @style is the current
 * locale's. */
gboolean  rs_money_parse_local     (const char         *text,
                                    const char         *currency,
                                    const RsMoneyStyle *style,
                                    gint64             *out_minor,
                                    GError            **error);
/* The plain, locale-independent decimal form: 12050 EUR → "120.50", 500 JPY → "500". */
char     *rs_money_to_decimal      (gint64      minor,
                                    const char *currency);
/* For people, in the current LC_MONETARY locale: "120,00 €" under el_GR.UTF-8,
 * "€120.00" under en_US.UTF-8; "120.00 EUR" in the C locale. */
char     *rs_money_format          (gint64      minor,
                                    const char *currency);

G_END_DECLS
