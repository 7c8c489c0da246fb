/* rs-agenda-index-private.h: the agenda index's entries, which its pager walks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not installed and not public.
 */
#pragma once

#include <recurring-sales/rs-agenda-index.h>

G_BEGIN_DECLS

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

/* RsAgendaIndexEntry in key order (empty in a snapshot). */
GSequence *rs_agenda_index_get_entries (RsAgendaIndex *index);
/* A snapshot's RsAgendaIndexEntry in key order; NULL for an index that changes. */
GPtrArray *rs_agenda_index_get_frozen_entries (RsAgendaIndex *index);
/* Changes at each change of the index; a walk that started at another stamp is stale. */
guint64    rs_agenda_index_get_stamp   (RsAgendaIndex *index);

G_END_DECLS
