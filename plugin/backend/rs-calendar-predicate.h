/* rs-calendar-predicate.h: a calendar query as a predicate the backend decides itself, where
 * it can, from what the cache knows of each component
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libedata-cal/libedata-cal.h>

#include "rs-calendar-info.h"
#include "rs-calendar-query.h"
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

typedef struct _RsCalendarPredicate RsCalendarPredicate;

/* The predicate of the query @text, which e_cal_backend_sexp_new () accepted; NULL when a part
 * of it could make EDS's evaluation fail or give something other than a truth value (only EDS
 * can tell what it matches then). @timezone_cache resolves the zones of its time ranges. */
RsCalendarPredicate *rs_calendar_predicate_new           (const char          *text,
                                                          ETimezoneCache      *timezone_cache);
void                 rs_calendar_predicate_free          (RsCalendarPredicate *predicate);
/* Whether the component of @sale described by @info matches: YES or NO when the predicate
 * decides it, MAYBE when it depends on what only EDS can evaluate. */
RsCalendarVerdict    rs_calendar_predicate_verdict       (RsCalendarPredicate *predicate,
                                                          RsSale              *sale,
                                                          const RsCalendarComponentInfo *info);
/* The sales a matching component can belong to, as a set of their uids in ASCII lower case
 * (uid? ignores case; a sale's uid is ASCII), or NULL when it can be any sale. */
GHashTable          *rs_calendar_predicate_get_sale_uids (RsCalendarPredicate *predicate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsCalendarPredicate, rs_calendar_predicate_free)

G_END_DECLS
