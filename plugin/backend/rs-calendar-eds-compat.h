/* rs-calendar-eds-compat.h: the projection of a sale, adjusted to how EDS 3.46 reads calendars
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libical-glib/libical-glib.h>

G_BEGIN_DECLS

/* Adjusts @projected (GPtrArray of ICalComponent, one sale's rs_projection_build ()) in place:
 * the series excludes the dates its detached instances override, and the relative triggers
 * of the all-day events are shifted so that EDS fires them at the reminder time in
 * @local_zone (the user's zone) rather than in UTC. @now (seconds) is when the components
 * are read: a series takes the zone's offset at its reminders' time of day on that day. */
void rs_calendar_eds_compat_apply (GPtrArray *projected,
                                   GTimeZone *local_zone,
                                   gint64     now);

G_END_DECLS
