/* rs-format.h: dates and texts for people, in their language
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/* Binds the gettext domain (once; RS_LOCALEDIR in the environment overrides the installed
 * directory, which the tests use to point at the build tree). */
void  rs_i18n_init            (void);

/* A date as the user's language writes it: "2027-01-31" in English, "31/01/2027" in Greek. */
char *rs_format_date          (const GDate *date);
/* "Invoice to Acme: Hosting (120.00 EUR)", "Draft invoice to …" for drafts. */
char *rs_format_invoice_summary (RsSale *sale);
/* The same without the draft wording, for an invoice that was issued. */
char *rs_format_issued_invoice_summary (RsSale *sale);
/* "Expires: Hosting for Acme". */
char *rs_format_expiry_summary  (RsSale *sale);
/* "Notice deadline: Hosting for Acme". */
char *rs_format_notice_summary  (RsSale *sale);

G_END_DECLS
