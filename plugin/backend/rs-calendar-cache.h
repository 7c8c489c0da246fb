/* rs-calendar-cache.h: each sale's components, built once and kept until the sale changes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libedata-cal/libedata-cal.h>

#include "rs-calendar-filter.h"
#include "rs-calendar-info.h"
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

typedef struct _RsCalendarCache RsCalendarCache;

/* One sale's components as a calendar shows them, as iCalendar text (in the order of
 * rs_calendar_components_build ()), with what queries ask of each (its kind and date, the
 * properties predicates test, the texts searches look in): read-only, shared by the threads
 * that answer queries (hold a reference while using it). Only text is kept: a parsed
 * component costs ten times its text in memory. */
typedef struct {
  GPtrArray               *texts;  /* char * */
  RsCalendarComponentInfo *infos;  /* texts->len of them */
} RsCalendarEntry;

/* The estimated weight of the parsed components a cache keeps for views, at most. */
#define RS_CALENDAR_CACHE_PARSED_BUDGET (64 * 1024 * 1024)

RsCalendarCache *rs_calendar_cache_new    (void);
void             rs_calendar_cache_free   (RsCalendarCache        *self);
/* The component texts of @sale under @filter: built on first use, then kept while the sale object
 * (a changed sale is a new object), the filter and the local day stay the same. Thread-safe;
 * release the result with rs_calendar_entry_unref (). */
RsCalendarEntry *rs_calendar_cache_lookup (RsCalendarCache        *self,
                                           RsSale                 *sale,
                                           const RsCalendarFilter *filter);
/* Forgets the sale @uid (removed or changed). */
void             rs_calendar_cache_forget (RsCalendarCache        *self,
                                           const char             *uid);

/* @entry's components parsed (in the order of its texts), for a view to hand to EDS: all of
 * them, kept with the entry for every view that shows the sale, while the cache's budget
 * allows; else, for this caller only, those at the indexes @wanted (guint) holds, the other
 * slots NULL. Kept components are shared between threads: use them (give them to EDS, read
 * them) only between rs_calendar_cache_lock_components () and
 * rs_calendar_cache_unlock_components (); a reference may be dropped at any time. */
GPtrArray       *rs_calendar_cache_ref_components    (RsCalendarCache *self,
                                                      RsCalendarEntry *entry,
                                                      GArray          *wanted);
void             rs_calendar_cache_lock_components   (RsCalendarCache *self);
void             rs_calendar_cache_unlock_components (RsCalendarCache *self);
/* For the tests: another budget for parsed components (in estimated bytes; 0: keep none). */
void             rs_calendar_cache_set_parsed_budget (RsCalendarCache *self,
                                                      gsize            bytes);

RsCalendarEntry *rs_calendar_entry_ref    (RsCalendarEntry        *entry);
void             rs_calendar_entry_unref  (RsCalendarEntry        *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsCalendarEntry, rs_calendar_entry_unref)

G_END_DECLS
