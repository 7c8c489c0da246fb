/* rs-team-calendar.h: the publisher of the team calendar
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#include "rs-service.h"

#define RS_TYPE_TEAM_CALENDAR (rs_team_calendar_get_type ())
G_DECLARE_FINAL_TYPE (RsTeamCalendar, rs_team_calendar, RS, TEAM_CALENDAR, GObject)

/* Keeps the calendar of the setting team-calendar in step with @service's sales: at once
 * (the catch-up after downtime), after each SalesChanged, and when a setting changes. Holds
 * @service weakly; does nothing while the setting is empty. */
RsTeamCalendar *rs_team_calendar_new         (RsService      *service);
/* Whether work is waiting (a run under way or ahead, or a retry after a failure); the
 * property "pending", notified when it changes. */
gboolean        rs_team_calendar_has_pending (RsTeamCalendar *self);

G_END_DECLS
