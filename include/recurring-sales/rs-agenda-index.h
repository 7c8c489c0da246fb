/* rs-agenda-index.h: the agenda of many sales a page at a time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * At 100,000 sales a 30-day window holds about 130,000 items: no whole answer is quick. The
 * index keeps the sales ordered by a lower bound of their next item on or after an anchor day
 * (today), so that the first page of a window starting on or after the anchor costs about as
 * much as the page, whatever the number of sales: the sales are merged in order, and one is
 * read only when its next item could be the next of the page. Windows starting before the
 * anchor are answered too, by reading every sale. rs-agenda-pager.h walks it.
 */
#pragma once

#include <glib-object.h>
#include <recurring-sales/rs-agenda.h>

G_BEGIN_DECLS

/* Whether a sale, or an item, belongs to the answer; NULL: all do. */
typedef gboolean (*RsAgendaSaleFunc) (RsSale             *sale,
                                      gpointer            user_data);
typedef gboolean (*RsAgendaItemFunc) (const RsAgendaItem *item,
                                      gpointer            user_data);

/* A page without a limit: the whole rest of the window. */
#define RS_AGENDA_INDEX_NO_LIMIT G_MAXUINT

#define RS_TYPE_AGENDA_INDEX (rs_agenda_index_get_type ())
G_DECLARE_FINAL_TYPE (RsAgendaIndex, rs_agenda_index, RS, AGENDA_INDEX, GObject)

/* An empty index anchored at @anchor. */
RsAgendaIndex *rs_agenda_index_new          (const GDate        *anchor);
const GDate   *rs_agenda_index_get_anchor   (RsAgendaIndex      *index);
guint          rs_agenda_index_get_n_sales  (RsAgendaIndex      *index);
/* Adds @sale, or replaces the sale with its uid; keeps a reference. A sale changed in place
 * must be set again. */
void           rs_agenda_index_set_sale     (RsAgendaIndex      *index,
                                             RsSale             *sale);
/* The same for each of @sales (GPtrArray of RsSale), faster for many at once. */
void           rs_agenda_index_set_sales    (RsAgendaIndex      *index,
                                             GPtrArray          *sales);
/* Forgets the sale @uid, if indexed. */
void           rs_agenda_index_remove_sale  (RsAgendaIndex      *index,
                                             const char         *uid);
void           rs_agenda_index_remove_all   (RsAgendaIndex      *index);
/* A copy of @index as it is now that never changes, for reading in another thread while
 * @index goes on changing in its own: the entries are shared, not computed again (about a
 * millisecond for 10,000 sales). Walked like any index; setting or removing a sale in it, or
 * anchoring it again, is a programming error. A snapshot of a snapshot is itself. */
RsAgendaIndex *rs_agenda_index_snapshot     (RsAgendaIndex      *index);
/* Anchors the index at another day (a new today). Moving forward reads again only the sales
 * with an item between the two days; moving back reads every sale. */
void           rs_agenda_index_rebuild      (RsAgendaIndex      *index,
                                             const GDate        *anchor);

G_END_DECLS
