/* rs-agenda-pager.h: walks through the agenda index, one page or page after page
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * rs_agenda_pager_read_page () starts a walk for each page; a client reading a whole window page by
 * page would have each page read again every sale whose items come before it. A pager keeps
 * the walk (the items read but not given yet, and the next sale to read) between pages.
 */
#pragma once

#include <recurring-sales/rs-agenda-index.h>

G_BEGIN_DECLS

/* At most @limit items of [@from, @to] strictly after @after (NULL: from the first), in
 * rs_agenda_item_compare () order: the items rs_agenda_compute () gives for the sales that
 * @sale_matches accepts, less those @item_matches refuses. *@more (may be NULL) says whether
 * items remain after them. A GPtrArray of RsAgendaItem, owning. */
GPtrArray     *rs_agenda_pager_read_page  (RsAgendaIndex      *index,
                                           const GDate        *from,
                                           const GDate        *to,
                                           RsAgendaSaleFunc    sale_matches,
                                           RsAgendaItemFunc    item_matches,
                                           gpointer            user_data,
                                           const RsAgendaItem *after,
                                           guint               limit,
                                           gboolean           *more);

typedef struct _RsAgendaPager RsAgendaPager;

/* A walk over [@from, @to] strictly after @after (NULL: from the first item); keeps a
 * reference to @index. @user_data_free (may be NULL) is called on @user_data when the pager
 * is freed. */
RsAgendaPager *rs_agenda_pager_new        (RsAgendaIndex      *index,
                                           const GDate        *from,
                                           const GDate        *to,
                                           RsAgendaSaleFunc    sale_matches,
                                           RsAgendaItemFunc    item_matches,
                                           gpointer            user_data,
                                           GDestroyNotify      user_data_free,
                                           const RsAgendaItem *after);
/* The next at most @limit items, as rs_agenda_pager_read_page () gives them, and whether more
 * remain. Only while rs_agenda_pager_is_current (). */
GPtrArray     *rs_agenda_pager_next       (RsAgendaPager      *pager,
                                           guint               limit,
                                           gboolean           *more);
/* Makes the walk go on as if its index held the sales of @sales (uid → RsSale, or NULL for a
 * sale removed) from the start: their items not given yet are those of the new sales, after
 * the last item given. For a walk of a snapshot while the index goes on changing: the changes
 * since the snapshot, given here, keep the walk true to the index as it is now. A changed
 * sale is a new object (sales are never changed in place): the walk tells its items from the
 * old one's by the object they point to. */
void           rs_agenda_pager_replace_sales (RsAgendaPager  *pager,
                                              GHashTable     *sales);
/* FALSE once the index changed (a sale set or removed, another anchor): start a new one. */
gboolean       rs_agenda_pager_is_current (RsAgendaPager      *pager);
void           rs_agenda_pager_free       (RsAgendaPager      *pager);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsAgendaPager, rs_agenda_pager_free)

G_END_DECLS
