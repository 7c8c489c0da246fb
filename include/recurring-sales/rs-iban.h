/* rs-iban.h: International Bank Account Numbers (ISO 13616)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Validates an IBAN: spaces are ignored, letters may be lower case; the country must be in the
 * IBAN registry, the length must be that country's, the rest alphanumeric, and the mod-97
 * check must give 1. Errors name the problem ("An IBAN starting with GR must have 27
 * characters; this one has 26."). On success @out_normalized (if not NULL) receives the
 * compact upper-case form. */
gboolean rs_iban_validate        (const char *text,
                                  char      **out_normalized,
                                  GError    **error);
/* The length of IBANs of @country_code (two upper-case letters), or 0 when not in the registry. */
guint    rs_iban_country_length  (const char *country_code);
/* "GR16 0110 1250 0000 0001 2300 695": groups of four, newly allocated. */
char    *rs_iban_format_print    (const char *normalized);

G_END_DECLS
