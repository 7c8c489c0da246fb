/* rs-calendar-query.h: which sales and components a calendar query matches, before building
 * anything
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libedata-cal/libedata-cal.h>

#include "rs-calendar-cache.h"
#include "rs-calendar-filter.h"
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

typedef struct _RsCalendarQuery RsCalendarQuery;

typedef enum {
  RS_CALENDAR_VERDICT_NO,
  RS_CALENDAR_VERDICT_YES,
  RS_CALENDAR_VERDICT_MAYBE,  /* ask e_cal_backend_sexp_match_comp () */
} RsCalendarVerdict;

/* The time window of @sexp (a reference is kept), and what the backend decides of it itself
 * (rs-calendar-predicate.c). @timezone_cache resolves the query's zones (the backend);
 * without it, events near the edges of a window are left to e_cal_backend_sexp_match_comp ().
 * A query is used by one thread at a time. */
RsCalendarQuery *rs_calendar_query_new            (ECalBackendSExp        *sexp,
                                                   ETimezoneCache         *timezone_cache);
/* The same for an (occur-in-time-range? …) alone, as a part of a larger query: its verdicts
 * come from the schedule only. */
RsCalendarQuery *rs_calendar_query_new_range      (ECalBackendSExp        *sexp,
                                                   ETimezoneCache         *timezone_cache);
void             rs_calendar_query_free           (RsCalendarQuery        *query);
/* FALSE when none of the components @filter shows for @sale can match: no issue date,
 * expiry or notice deadline (or, for alarm queries, none whose reminders can fire) falls in
 * the query's window. TRUE for queries without a time window. */
gboolean         rs_calendar_query_may_match_sale (const RsCalendarQuery  *query,
                                                   RsSale                 *sale,
                                                   const RsCalendarFilter *filter);
/* Whether the component described by @info, one of @sale's, matches. For a plain
 * (occur-in-time-range? …) query: from the schedule, and near the window's edges (where the
 * zone the query uses decides) from EDS's matching of an all-day event on each such date,
 * once per date. For the other queries, from @info (its uid, properties and texts) and the
 * schedule where the query's predicates allow it (rs-calendar-predicate.c); MAYBE for what
 * only EDS can decide. */
RsCalendarVerdict rs_calendar_query_component_verdict (const RsCalendarQuery         *query,
                                                       RsSale                        *sale,
                                                       const RsCalendarComponentInfo *info);
/* The uids, in ASCII lower case, of the only sales whose components can match (a set), or
 * NULL when any sale can: what (uid? …) narrows a query to. */
GHashTable      *rs_calendar_query_get_sale_uids  (const RsCalendarQuery  *query);
/* Which of the components of @sale that @filter shows the query matches: their indexes in
 * @sale's cache entry, appended to @indexes (guint), and that entry (a new reference), or NULL
 * when none matches. Nothing is built for a sale whose entry is cached and whose components
 * the query's verdicts decide. */
RsCalendarEntry *rs_calendar_query_match_components (const RsCalendarQuery  *query,
                                                     RsSale                 *sale,
                                                     const RsCalendarFilter *filter,
                                                     RsCalendarCache        *cache,
                                                     ETimezoneCache         *timezone_cache,
                                                     GArray                 *indexes);
/* The components of @sale that @filter shows and the query matches, as iCalendar text (new
 * strings appended to @texts), from @cache: nothing is built for a sale whose texts are
 * cached and whose components the query's verdicts decide. */
void             rs_calendar_query_collect_texts  (const RsCalendarQuery  *query,
                                                   RsSale                 *sale,
                                                   const RsCalendarFilter *filter,
                                                   RsCalendarCache        *cache,
                                                   ETimezoneCache         *timezone_cache,
                                                   GPtrArray              *texts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsCalendarQuery, rs_calendar_query_free)

G_END_DECLS
