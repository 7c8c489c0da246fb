/* rs-calendar-query.h: which sales a calendar query can possibly match, before building anything
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libedata-cal/libedata-cal.h>

#include "rs-calendar-filter.h"
#include "rs-sale.h"

G_BEGIN_DECLS

typedef struct _RsCalendarQuery RsCalendarQuery;

/* The time window of @sexp (a reference is kept). */
RsCalendarQuery *rs_calendar_query_new            (ECalBackendSExp        *sexp);
void             rs_calendar_query_free           (RsCalendarQuery        *query);
/* FALSE when none of the components @filter shows for @sale can match: no issue date,
 * expiry or notice deadline (or, for alarm queries, none whose reminders can fire) falls in
 * the query's window. TRUE for queries without a time window. */
gboolean         rs_calendar_query_may_match_sale (const RsCalendarQuery  *query,
                                                   RsSale                 *sale,
                                                   const RsCalendarFilter *filter);
/* The components of @sale that @filter shows and the query matches, appended to @matches
 * (ECalComponent, new references). */
void             rs_calendar_query_collect        (const RsCalendarQuery  *query,
                                                   RsSale                 *sale,
                                                   const RsCalendarFilter *filter,
                                                   ETimezoneCache         *timezone_cache,
                                                   GPtrArray              *matches);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsCalendarQuery, rs_calendar_query_free)

G_END_DECLS
