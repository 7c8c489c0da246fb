/* rs-elorus-invoice.h: an Elorus recurring invoice as one of our sales (docs/elorus.md)
 *
 * Pure functions: no network, no store. The field names are those of Elorus's OpenAPI file,
 * version 1.2 (PUV12RecurringInvoiceRetrieve).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/* The name of Elorus as the store's external source. */
#define RS_ELORUS_SOURCE "elorus"

typedef struct
{
  char      *id;              /* Elorus's id of the recurring invoice */
  RsSale    *sale;            /* the fields Elorus has; the others as rs_sale_new () leaves them */
  gboolean   has_draft;       /* whether the invoice said whether its invoices are drafts */
  GDate      last_execution;  /* cleared (invalid) when no invoice was issued yet */
  GDate      next_execution;  /* cleared when Elorus gives none */
  GDateTime *modified;        /* NULL when absent */
} RsElorusInvoice;

/* Reads one recurring invoice (an object of `results`, or the single invoice) and checks it
 * whole: the sale it makes passes rs_sale_validate (). Elorus gives instants in UTC; each date
 * is the calendar day of that instant in @zone (the user's). Errors are RS_ERROR_INVALID_ARGUMENT
 * with a sentence that names the invoice and the field. */
RsElorusInvoice *rs_elorus_invoice_new_from_json (JsonObject  *object,
                                                  GTimeZone   *zone,
                                                  GError     **error);
void             rs_elorus_invoice_free          (RsElorusInvoice *invoice);

/* The issue dates of the sale's schedule on or before last_execution (GDate elements, sorted):
 * the invoices Elorus has already issued. Empty when it issued none. */
GArray          *rs_elorus_invoice_issued_dates  (const RsElorusInvoice *invoice);

/* Whether Elorus's next_execution is the date our engine gives for the next invoice (the first
 * issue date after last_execution, or the first one). TRUE when Elorus gives none; otherwise
 * FALSE with RS_ERROR_CONFLICT and a sentence giving both dates, for the sync to report. */
gboolean         rs_elorus_invoice_check_next_execution (const RsElorusInvoice *invoice,
                                                         GError               **error);

/* Copies onto @sale the fields Elorus has (client name and e-mail, service, amount, currency,
 * schedule, draft, and paused or active unless the owner renewed or ended it) and marks issued
 * the open occurrences up to last_execution. Nothing else of @sale changes: the IBAN, the
 * reminders, the notice days, the delivery, the language, the note, the links and the other
 * marks are the owner's. Returns whether @sale changed. */
gboolean         rs_elorus_invoice_apply         (const RsElorusInvoice *invoice,
                                                  RsSale                *sale);

/* The last day (YYYY-MM-DD in @zone) of an invoice as the list gives it, or NULL when it runs
 * on. Elorus's recurring_status "expired" is a filter of the list, not a field: an invoice
 * whose end is past has expired. */
char            *rs_elorus_invoice_listed_end    (JsonObject      *listed,
                                                  GTimeZone       *zone);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsElorusInvoice, rs_elorus_invoice_free)

G_END_DECLS
