/* rs-service-sale-pages.h: ListSalesPage's pages and cursors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/* The largest page size ListSalesPage takes. */
#define RS_SERVICE_MAX_SALE_PAGE 1000

/* The most items one page holds, whatever page size was asked for (ListSalesPage and
 * UpcomingPage): 80–130 KB of reply. Every reply of the service goes out on its one bus
 * connection, in order, and the bus daemon reads a large message a few KB at a time, so a
 * GetSale waits behind the pages queued before it: with five programs reading agendas, a p99
 * of 50–65 ms behind pages of 1,000 items, about 20 ms behind pages of 200 (issue #18,
 * docs/benchmarks.md). Clients follow the cursor, never the page's length. */
#define RS_SERVICE_MAX_PAGE_ITEMS 250

/* FALSE with RS_ERROR_INVALID_ARGUMENT when @limit is not a page size ListSalesPage takes. */
gboolean   rs_service_check_sale_page_limit (guint          limit,
                                             GError       **error);

/* A place in ListSales's order (client, then uid), read from a cursor. */
typedef struct _RsSalePlace RsSalePlace;

/* The place @after names; NULL for "" (the first page). FALSE with RS_ERROR_INVALID_ARGUMENT
 * for text that is not a cursor. */
gboolean   rs_sale_place_parse              (const char    *after,
                                             RsSalePlace  **out_place,
                                             GError       **error);
void       rs_sale_place_free               (RsSalePlace   *place);

/* Whether a sale belongs to the list; NULL: all do. */
typedef gboolean (*RsSalePageMatchFunc) (gconstpointer  data,
                                         RsSale        *sale);

/* From @sorted (RsSale, in ListSales's order), the sales that @match accepts after @place
 * (NULL: from the first), at most @limit of them (and at most RS_SERVICE_MAX_PAGE_ITEMS), as
 * new references; @out_next gets the cursor of the last one, or "" when no sale that @match
 * accepts follows it. */
GPtrArray *rs_service_sale_page             (GPtrArray           *sorted,
                                             RsSalePageMatchFunc  match,
                                             gconstpointer        data,
                                             const RsSalePlace   *place,
                                             guint                limit,
                                             char               **out_next);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsSalePlace, rs_sale_place_free)

G_END_DECLS
