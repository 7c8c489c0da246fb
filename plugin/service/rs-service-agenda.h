/* rs-service-agenda.h: the service's agenda — an index kept in step with the sales in memory,
 * and pages that continue where the last one stopped
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include <recurring-sales/rs-agenda.h>
#include "rs-service-args.h"

G_BEGIN_DECLS

#define RS_TYPE_SERVICE_AGENDA (rs_service_agenda_get_type ())
G_DECLARE_FINAL_TYPE (RsServiceAgenda, rs_service_agenda, RS, SERVICE_AGENDA, GObject)

RsServiceAgenda *rs_service_agenda_new         (void);

/* Every change of the service's sales goes through these. */
void             rs_service_agenda_set_sale    (RsServiceAgenda  *self,
                                                RsSale           *sale);
void             rs_service_agenda_set_sales   (RsServiceAgenda  *self,
                                                GPtrArray        *sales);
void             rs_service_agenda_remove_sale (RsServiceAgenda  *self,
                                                const char       *uid);
void             rs_service_agenda_remove_all  (RsServiceAgenda  *self);

/* Called in a reading thread with the page, or with @error. */
typedef void (*RsServiceAgendaPageFunc) (GPtrArray    *items,
                                         const char   *next,
                                         const GError *error,
                                         gpointer      user_data);

/* At most @limit items of [@from, @to] that @filter accepts, after the cursor @after ("" for
 * the first page; RS_ERROR_INVALID_ARGUMENT when it is not a cursor of ours), in
 * rs_agenda_item_compare () order; next is the cursor of the last item when more remain,
 * else "". @filter_dict is the filter as given (a later page with the same window, filter and
 * cursor continues the same walk); @filter is taken. @today anchors the index.
 * Called in the main thread, in the order of the calls: the page is of the sales as they are
 * now, read in a reading thread from a snapshot of the index, while the main thread goes on
 * with other calls and changes. @func gets the page (a GPtrArray of RsAgendaItem it may
 * keep) there; @user_data_free is called after it, in that thread. */
void             rs_service_agenda_page_async  (RsServiceAgenda         *self,
                                                const GDate             *today,
                                                const GDate             *from,
                                                const GDate             *to,
                                                GVariant                *filter_dict,
                                                RsAgendaFilter          *filter,
                                                guint                    limit,
                                                const char              *after,
                                                RsServiceAgendaPageFunc  func,
                                                gpointer                 user_data,
                                                GDestroyNotify           user_data_free);

G_END_DECLS
