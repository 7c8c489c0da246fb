/* rs-calendar-components.h: the components one calendar shows for a sale, their changes, and
 * the object get_object answers from them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libedata-cal/libedata-cal.h>

#include "rs-calendar-filter.h"
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/* The projection of @sale (rs_projection_build ()) without what @filter hides: a GPtrArray of
 * ECalComponent, owning; empty for a sale of a client the filter hides. */
GPtrArray *rs_calendar_components_build (RsSale                 *sale,
                                         const RsCalendarFilter *filter);

/* Tells the views of @backend how @old_components became @new_components (either may be NULL
 * or empty): components are matched by UID and RECURRENCE-ID, and each is notified as
 * created, modified (only when its text changed) or removed. */
void       rs_calendar_components_notify_changes (ECalBackend *backend,
                                                  GPtrArray   *old_components,
                                                  GPtrArray   *new_components);

/* What get_object answers for @uid and @rid (may be NULL or "") from @components, as
 * iCalendar text, or NULL when there is no such object. */
char      *rs_calendar_components_dup_object (GPtrArray  *components,
                                              const char *uid,
                                              const char *rid);

G_END_DECLS
