/* e-recurring-sales-team-calendar.h: the Preferences page's choice of the team calendar
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <shell/e-shell.h>

G_BEGIN_DECLS

/* Fills @combo with "None" and the calendars the team calendar can be (as they answer), shows
 * the setting team-calendar of @settings and writes the one the user picks. */
void e_recurring_sales_team_calendar_bind (GtkComboBoxText *combo,
                                           GSettings       *settings);

G_END_DECLS
