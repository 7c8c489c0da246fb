/* rs-calendar-clock.h: what time it is for the calendar
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the calendar answers depends on the day it is asked (the reminders of a series,
 * rs-calendar-eds-compat.c), so the backend asks the time here: the real clock, or — for tests
 * that look at a chosen day — the time in the file RS_BACKEND_CLOCK_FILE names (seconds since
 * the epoch, or an ISO 8601 date and time with its offset), read at each call, as the
 * service's RS_SERVICE_CLOCK_FILE.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Seconds since the epoch. */
gint64     rs_calendar_clock_now       (void);
/* Now, in the user's zone (the calendar factory runs in the user's session: TZ, /etc/localtime). */
GDateTime *rs_calendar_clock_now_local (void);

G_END_DECLS
