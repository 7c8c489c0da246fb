/* rs-money-private.h: what the two halves of the money code share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not installed and not public: rs-money.c holds the currencies and the plain decimal form of
 * files and D-Bus, rs-money-local.c the forms people read and type in their locale. Both read
 * numbers with the same code, so that they accept, refuse and explain alike.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  /* From the least to the most telling: of several readings that fail, the last one says
   * best what is wrong. */
  RS_MONEY_READ_OK,
  RS_MONEY_READ_NOT_A_NUMBER,
  RS_MONEY_READ_TOO_MANY_DECIMALS,
  RS_MONEY_READ_TOO_LARGE,
} RsMoneyRead;

guint64      rs_money_power_of_ten       (int           exponent);
/* @text as digits, then optionally @separator and more digits ("120", "120.5", "120.50"), in
 * the minor units of a currency of @exponent decimals; *@out_minor is set only when read. */
RsMoneyRead  rs_money_read_plain         (const char   *text,
                                          char          separator,
                                          int           exponent,
                                          gint64       *out_minor);
/* @text after its minus sign ("-" or U+2212), or NULL when it has none. */
const char  *rs_money_skip_minus         (const char   *text);
void         rs_money_set_negative_error (GError      **error,
                                          const char   *text);
/* The sentence of RS_MONEY_READ_TOO_MANY_DECIMALS or RS_MONEY_READ_TOO_LARGE. */
void         rs_money_set_read_error     (GError      **error,
                                          RsMoneyRead   result,
                                          const char   *text,
                                          const char   *currency,
                                          int           exponent);
/* The magnitude of @minor split in whole units and the decimals, both as digit strings. */
void         rs_money_split              (gint64        minor,
                                          int           exponent,
                                          char        **out_whole,
                                          char        **out_fraction);

G_END_DECLS
