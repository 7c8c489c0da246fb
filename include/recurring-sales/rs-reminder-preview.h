/* rs-reminder-preview.h: which date a client reminder preview is about
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A preview shows the e-mail a client would get for one occurrence of a reminder kind: the
 * date the owner asked about, which must be one of the sale's dates of that kind, or else the
 * next one. "Next" is counted from the caller's today, so that the service can give the date
 * of its own clock (which tests set) rather than the wall clock's.
 */
#pragma once

#include <glib.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/**
 * rs_reminder_preview_occurrence:
 * @sale: the sale
 * @kind: the kind of reminder to preview
 * @wanted: (nullable): the date asked about, or %NULL for the next one
 * @today: the day "next" counts from (only read for an invoice without @wanted)
 * @out_occurrence: (out): the issue date, expiry date or notice deadline
 * @error: RS_ERROR_INVALID_ARGUMENT with a sentence when there is no such date
 *
 * With @wanted, checks that it is an issue date of @sale (invoice), its expiry date or its
 * notice deadline. Without it, finds the first issue date on or after @today, the expiry
 * date or the notice deadline.
 *
 * Returns: whether @out_occurrence was set
 */
gboolean rs_reminder_preview_occurrence (RsSale          *sale,
                                         RsReminderKind   kind,
                                         const GDate     *wanted,
                                         const GDate     *today,
                                         GDate           *out_occurrence,
                                         GError         **error);

/**
 * rs_reminder_preview_verdict:
 * @sale: the sale
 * @kind: the kind of reminder previewed
 * @occurrence: its date (from rs_reminder_preview_occurrence ())
 * @default_delivery: the setting client-delivery (what the sale's RS_DELIVERY_DEFAULT means)
 * @now: the instant of the question (epoch seconds): the service's clock
 * @zone: (nullable): the local time zone; %NULL for the process's
 * @out_due: (out) (optional): when the e-mail falls due (the next of the sale's client rules of
 *   @kind), or, its time passed, when it was due; 0 when the rule says there is no such e-mail
 *
 * Whether the service will mail the e-mail that a preview shows: the one rule for the client
 * (rs_sale_reminder_verdict (), with any of the sale's leads of @kind), then how the
 * dispatcher mails it: not with delivery off, and not again once its time has passed.
 *
 * Returns: %RS_REMINDER_VERDICT_REMINDS when it will be mailed, else why not
 */
RsReminderVerdict rs_reminder_preview_verdict (RsSale          *sale,
                                               RsReminderKind   kind,
                                               const GDate     *occurrence,
                                               RsDelivery       default_delivery,
                                               gint64           now,
                                               GTimeZone       *zone,
                                               gint64          *out_due);

/* One sentence for people, in their language, saying why the previewed e-mail will not be
 * sent ("This e-mail will not be sent: the invoice of 2027-01-31 is already marked prepaid.");
 * NULL for RS_REMINDER_VERDICT_REMINDS. @due (and @zone, NULL for the local one) are read for
 * RS_REMINDER_VERDICT_DUE_PASSED. */
char             *rs_reminder_preview_explain (RsReminderVerdict  verdict,
                                               RsReminderKind     kind,
                                               const GDate       *occurrence,
                                               gint64             due,
                                               GTimeZone         *zone);
/* The same sentence from the details the service's PreviewReminderDetails answered (keys
 * "will_be_sent", "reason", "date", "due", "explanation"): made here from the stable reason
 * word, in this program's language (the service may run in another), or the service's own
 * sentence for a reason this program does not know; NULL when the e-mail will be sent. */
char             *rs_reminder_preview_explain_details (GVariant       *details,
                                                       RsReminderKind  kind);

G_END_DECLS
