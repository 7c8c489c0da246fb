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

RsCalendarEntry *rs_calendar_entry_ref    (RsCalendarEntry        *entry);
void             rs_calendar_entry_unref  (RsCalendarEntry        *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsCalendarEntry, rs_calendar_entry_unref)

G_END_DECLS
