/* rs-service-clock.h: what time it is for the reminder dispatcher
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The real clock, or — for tests that simulate days and outages — a clock read from a file
 * the test writes (RS_SERVICE_CLOCK_FILE: seconds since the epoch, or an ISO 8601 date and
 * time with its offset). Writing the file emits "changed", which makes the dispatcher look at
 * the new time at once.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RS_TYPE_SERVICE_CLOCK (rs_service_clock_get_type ())
G_DECLARE_FINAL_TYPE (RsServiceClock, rs_service_clock, RS, SERVICE_CLOCK, GObject)

RsServiceClock *rs_service_clock_new_real      (void);
/* A clock that reads @path; an unreadable or bad file is an error now, and later reads keep
 * the last good time (with a warning). */
RsServiceClock *rs_service_clock_new_from_file (const char      *path,
                                                GError         **error);
/* Whether time moves on by itself (the real clock): then the dispatcher sets timers. */
gboolean        rs_service_clock_is_real       (RsServiceClock  *self);
/* Seconds since the epoch, UTC. */
gint64          rs_service_clock_now           (RsServiceClock  *self);

G_END_DECLS
