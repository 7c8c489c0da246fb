/* rs-agenda-private.h: what the agenda, its index and its pager share inside the core
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not installed and not public: rs-agenda.c owns what an agenda item is, and the index needs
 * the same rules one sale at a time; the pager walks the index's entries.
 */
#pragma once

#include "rs-agenda.h"
#include "rs-agenda-index.h"

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

/* The index's entries are ordered by this key: a lower bound of the sort key of every item of
 * the sale on or after the anchor (rs_agenda_item_compare () order up to the uid). */
typedef struct {
  RsSale           *sale;
  char             *uid;         /* copies: the order must not change under the sequence */
  char             *client;
  guint32           bound;       /* a julian day, or RS_AGENDA_BOUND_NONE */
  RsAgendaItemKind  bound_kind;
} RsAgendaIndexEntry;

/* A sale with nothing on or after the anchor. */
#define RS_AGENDA_BOUND_NONE G_MAXUINT32

/* RsAgendaIndexEntry in key order. */
GSequence *rs_agenda_index_get_entries (RsAgendaIndex *index);
/* Changes at each change of the index; a walk that started at another stamp is stale. */
guint64    rs_agenda_index_get_stamp   (RsAgendaIndex *index);

G_END_DECLS
