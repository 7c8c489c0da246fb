/* rs-client-reminders.h: when a sale's client reminders fall due
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A client reminder rule "L days before <kind>" falls due at the sale's reminder time (local
 * wall-clock time, e.g. 09:00) on the day L days before each occurrence of <kind>: each issue
 * date (invoice), the expiry date, the notice deadline. These are the same instants the calendar
 * shows for the owner's reminders. The schedule engine gives the dates directly; nothing is
 * expanded beyond the asked window.
 */
#pragma once

#include <glib.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

typedef struct {
  RsReminderKind kind;
  RsAudience     audience;    /* client or team */
  guint          lead_days;
  GDate          occurrence;  /* the issue date, expiry date or notice deadline */
  gint64         due;         /* epoch seconds, UTC */
} RsDueReminder;

/* The client reminders of @sale (audience client only) whose due instant is in
 * (@after, @until] (epoch seconds), in due order (then kind, lead, occurrence): a GArray of
 * RsDueReminder. @zone is the local time zone (NULL: the process's local zone). Nothing for a
 * sale without client e-mail. The sale's status and marks are NOT applied here (see
 * rs_sale_reminder_verdict ()), so that the dispatcher can record why one was cancelled. */
GArray   *rs_client_reminders_due      (RsSale    *sale,
                                        gint64     after,
                                        gint64     until,
                                        GTimeZone *zone);

/* The same for every reminder the dispatcher mails: the client's (with an address) and the
 * team's, in due order (then kind, lead, audience, occurrence). */
GArray   *rs_mailed_reminders_due      (RsSale    *sale,
                                        gint64     after,
                                        gint64     until,
                                        GTimeZone *zone);

/* The first due instant of a client reminder of @sale strictly after @after, or FALSE. Only
 * the rules that the sale's status lets remind (rs_sale_reminder_verdict ()) count. */
gboolean  rs_client_reminders_next_due (RsSale    *sale,
                                        gint64     after,
                                        GTimeZone *zone,
                                        gint64    *out_due);

/* The same for every reminder the dispatcher mails, the client's and the team's. */
gboolean  rs_mailed_reminders_next_due (RsSale    *sale,
                                        gint64     after,
                                        GTimeZone *zone,
                                        gint64    *out_due);

/* Whether the client reminder exists for @sale as it is now, by the one rule:
 * rs_sale_reminder_verdict () for the client is RS_REMINDER_VERDICT_REMINDS. */
gboolean  rs_client_reminder_applies   (RsSale              *sale,
                                        RsReminderKind       kind,
                                        guint                lead_days,
                                        const GDate         *occurrence);
/* When the client reminder @lead_days before @occurrence falls due: the sale's reminder time
 * on that day, in @zone (NULL: the local zone), as epoch seconds. FALSE when that day is
 * outside the calendar. */
gboolean  rs_client_reminder_due_at    (RsSale              *sale,
                                        const GDate         *occurrence,
                                        guint                lead_days,
                                        GTimeZone           *zone,
                                        gint64              *out_due);

G_END_DECLS
