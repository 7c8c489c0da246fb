/* rs-agenda-pager.h: a walk through the agenda index that continues from page to page
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * rs_agenda_index_page () starts a walk for each page; a client reading a whole window page by
 * page would have each page read again every sale whose items come before it. A pager keeps
 * the walk (the items read but not given yet, and the next sale to read) between pages.
 */
#pragma once

#include "rs-agenda-index.h"

G_BEGIN_DECLS

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
/* The next at most @limit items, as rs_agenda_index_page () gives them, and whether more
 * remain. Only while rs_agenda_pager_is_current (). */
GPtrArray     *rs_agenda_pager_next       (RsAgendaPager      *pager,
                                           guint               limit,
                                           gboolean           *more);
/* FALSE once the index changed (a sale set or removed, another anchor): start a new one. */
gboolean       rs_agenda_pager_is_current (RsAgendaPager      *pager);
void           rs_agenda_pager_free       (RsAgendaPager      *pager);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsAgendaPager, rs_agenda_pager_free)

G_END_DECLS
