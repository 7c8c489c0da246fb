/* rs-agenda-private.h: what the agenda's index and pager need of rs-agenda.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not installed and not public: rs-agenda.c owns what an agenda item is, and the index needs
 * the same rules one sale at a time.
 */
#pragma once

#include <recurring-sales/rs-agenda.h>

G_BEGIN_DECLS

/* Appends @sale's items in [@from, @to] to @items, unsorted. */
void     rs_agenda_collect_sale     (RsSale           *sale,
                                     const GDate      *from,
                                     const GDate      *to,
                                     GPtrArray        *items);

/* A lower bound of the (date, kind) of every item @sale can have on or after @anchor: no item
 * dated @anchor or later comes before it. FALSE when the sale has nothing on or after @anchor. */
gboolean rs_agenda_sale_lower_bound (RsSale           *sale,
                                     const GDate      *anchor,
                                     GDate            *out_date,
                                     RsAgendaItemKind *out_kind);

G_END_DECLS
