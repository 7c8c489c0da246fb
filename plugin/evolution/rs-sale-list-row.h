/* rs-sale-list-row.h: one row of the Recurring Sales list, from a sale's a{sv}
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Without GTK, so that the tests check it without a display: what each column shows, in the
 * user's language, and the keys the columns sort by.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char   *uid;
  char   *client;
  char   *service;
  char   *amount;           /* "120,00 €" in Greek, "€120.00" in English (LC_MONETARY) */
  gint64  amount_minor;     /* sorts the amount column */
  char   *currency;
  char   *period;           /* "every month", "every 3 months" (words, never "3m") */
  guint   period_days;      /* about how many days the period lasts: sorts the column */
  char   *next_invoice;     /* the next invoice on or after today, as the language writes
                             * dates; "—" when no invoice is left */
  char   *next_invoice_iso; /* YYYY-MM-DD or "": sorts the column, and previews */
  char   *expiry;           /* the expiry, or "never" */
  char   *expiry_iso;       /* YYYY-MM-DD, or "9999-99-99" for never: an open-ended sale sorts
                             * after every date */
  char   *status;           /* "active", "paused", "renewed", "ended" in the language */
  char   *client_folded;    /* client and service as rs_text_fold_for_search () folds them, */
  char   *service_folded;   /* made once: a search tests every row at each key typed */
} RsSaleListRow;

/* The row of @sale (GetSale's or ListSalesPage's a{sv}) on @today; NULL with the sentence why
 * when the dictionary is not a valid sale. */
RsSaleListRow *rs_sale_list_row_new       (GVariant            *sale,
                                           const GDate         *today,
                                           GError             **error);
void           rs_sale_list_row_free      (RsSaleListRow       *row);

/* Whether @row's client or service contains @folded_search (rs_text_fold_for_search ()), as the service's client filter
 * compares (neither case nor composition matters). An empty @search matches every row. */
gboolean       rs_sale_list_row_matches   (const RsSaleListRow *row,
                                           const char          *folded_search);
/* The e-mail to the client that Preview E-mail to Client… shows for @row: the next invoice's,
 * else the expiry's; FALSE when the sale has neither ahead. */
gboolean       rs_sale_list_row_preview   (const RsSaleListRow *row,
                                           const GDate         *today,
                                           const char         **out_kind,
                                           const char         **out_date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsSaleListRow, rs_sale_list_row_free)

G_END_DECLS
