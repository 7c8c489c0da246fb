/* rs-team-projection.h: a sale's events in a team calendar, one event per date
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service keeps the invoices, expiries and notice deadlines of the coming months in a
 * calendar the team shares (a CalDAV calendar, typically). There each date is one plain
 * all-day event, not a recurring series: other clients and servers handle those alike, and a
 * window of months needs no RRULE. The events are the projection's (rs-projection.h), with:
 *   - deterministic UIDs, "<sale-uid>-invoice-YYYYMMDD-team", "<sale-uid>-expiry-team",
 *     "<sale-uid>-notice-team", so that publishing again never duplicates;
 *   - the X-property RS_X_TEAM_CALENDAR, the mark of an event the service may change or remove
 *     (never any other);
 *   - the alarms of the rules that rs_team_projection_rule_is_published () accepts.
 * A teammate may add to an event (a comment, an attendee, an alarm of their own): the service
 * owns only the properties that the projection sets, and keeps the others when it updates.
 */
#pragma once

#include <libical-glib/libical-glib.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/* The mark of an event the service published, value "1". */
#define RS_X_TEAM_CALENDAR "X-RECURRING-SALES-TEAM"

/* THE rule of which reminders the team calendar shows as alarms: today the owner's reminders
 * (a team audience joins here). */
gboolean   rs_team_projection_rule_is_published (RsSale               *sale,
                                                 const RsReminderRule *rule);

/* The event UID of @sale_uid's @kind on @date (only invoices name the date); newly allocated. */
char      *rs_team_projection_event_uid         (const char           *sale_uid,
                                                 RsReminderKind        kind,
                                                 const GDate          *date);

/* The events of @sale dated in [@from, @to] (GPtrArray of ICalComponent VEVENT, owning), in
 * date order, each marked RS_X_TEAM_CALENDAR. Skipped invoices are left out; issued and prepaid
 * ones show as such, without alarms. */
GPtrArray *rs_team_projection_build             (RsSale               *sale,
                                                 const GDate          *from,
                                                 const GDate          *to);

/* Whether the service published @event: it carries the mark and the UID of the sale it names
 * (a teammate's copy of one of ours, with a new UID, is theirs). */
gboolean   rs_team_projection_is_ours           (ICalComponent        *event);
/* The date of @event (its DTSTART); FALSE when it has none. */
gboolean   rs_team_projection_get_date          (ICalComponent        *event,
                                                 GDate                *out_date);
/* Whether @existing (as the calendar has it) already says what @wanted says in every property
 * and alarm the service owns. */
gboolean   rs_team_projection_same              (ICalComponent        *existing,
                                                 ICalComponent        *wanted);
/* @existing with the service's properties and alarms replaced by @wanted's, everyone else's
 * (a COMMENT, ATTENDEEs, an alarm of their own, the calendar's X-properties) kept; new. */
ICalComponent *rs_team_projection_merge         (ICalComponent        *existing,
                                                 ICalComponent        *wanted);

G_END_DECLS
