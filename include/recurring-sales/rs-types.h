/* rs-types.h: the small enumerations shared by the whole core
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  RS_PERIOD_UNIT_DAY,
  RS_PERIOD_UNIT_WEEK,
  RS_PERIOD_UNIT_MONTH,
  RS_PERIOD_UNIT_YEAR,
} RsPeriodUnit;

/**
 * RsTermKind:
 * @RS_TERM_OPEN: open-ended: invoices continue, no expiry
 * @RS_TERM_UNTIL: an explicit, inclusive expiry date
 * @RS_TERM_COUNT: exactly N issue dates; expires the day before issue date N
 * @RS_TERM_LENGTH: a length such as one year; expires at start + length - 1 day
 */
typedef enum {
  RS_TERM_OPEN,
  RS_TERM_UNTIL,
  RS_TERM_COUNT,
  RS_TERM_LENGTH,
} RsTermKind;

typedef enum {
  RS_SALE_STATUS_ACTIVE,
  RS_SALE_STATUS_PAUSED,
  RS_SALE_STATUS_RENEWED,
  RS_SALE_STATUS_ENDED,
} RsSaleStatus;

/**
 * RsReminderKind:
 * @RS_REMINDER_KIND_INVOICE: before an invoice is issued ("about to be issued")
 * @RS_REMINDER_KIND_EXPIRY: before the sale expires
 * @RS_REMINDER_KIND_NOTICE: before the notice deadline
 */
typedef enum {
  RS_REMINDER_KIND_INVOICE,
  RS_REMINDER_KIND_EXPIRY,
  RS_REMINDER_KIND_NOTICE,
} RsReminderKind;

/**
 * RsAudience:
 * @RS_AUDIENCE_OWNER: the owner: the calendar's alarms, `upcoming`
 * @RS_AUDIENCE_CLIENT: the client, by e-mail (the dispatcher)
 * @RS_AUDIENCE_TEAM: the owner's team, by e-mail (the dispatcher): an internal note in the
 *   owner's language, to the addresses of the sale's team or the setting team-addresses
 */
typedef enum {
  RS_AUDIENCE_OWNER,
  RS_AUDIENCE_CLIENT,
  RS_AUDIENCE_TEAM,
} RsAudience;

/**
 * RsOfferState:
 * @RS_OFFER_NONE: no renewal offer was made
 * @RS_OFFER_OFFERED: an offer was sent to the client (its date, and maybe a note and amount)
 * @RS_OFFER_ACCEPTED: the client accepted: the sale was renewed
 * @RS_OFFER_DECLINED: the client declined: the sale ends at its expiry
 *
 * Where the renewal offer of a sale stands.
 */
typedef enum {
  RS_OFFER_NONE,
  RS_OFFER_OFFERED,
  RS_OFFER_ACCEPTED,
  RS_OFFER_DECLINED,
} RsOfferState;

typedef enum {
  RS_OCCURRENCE_OPEN,
  RS_OCCURRENCE_ISSUED,
  RS_OCCURRENCE_PREPAID,
  RS_OCCURRENCE_SKIPPED,
} RsOccurrenceState;

/**
 * RsDelivery:
 * @RS_DELIVERY_DEFAULT: follow the user's setting (GSettings `client-delivery`)
 * @RS_DELIVERY_DRAFT: put the client reminder in the Drafts folder, for the owner to approve
 * @RS_DELIVERY_SEND: send it through the mail account's transport, with a copy in Sent
 * @RS_DELIVERY_OFF: do not mail client reminders
 *
 * How the client reminders of a sale reach the client.
 */
typedef enum {
  RS_DELIVERY_DEFAULT,
  RS_DELIVERY_DRAFT,
  RS_DELIVERY_SEND,
  RS_DELIVERY_OFF,
} RsDelivery;

/**
 * RsDeliveryState:
 * @RS_DELIVERY_STATE_PENDING: due, not delivered yet (failed attempts are retried with backoff)
 * @RS_DELIVERY_STATE_DELIVERED: in Drafts, or sent
 * @RS_DELIVERY_STATE_MISSED: due while the computer was off, longer ago than the catch-up
 *   window: reported to the owner, not sent late
 * @RS_DELIVERY_STATE_CANCELLED: by the time it was due, no longer a reminder by the one rule
 *   (rs_sale_reminder_verdict (): occurrence marked, sale paused, the expiry or notice deadline
 *   of a renewed or ended sale), or delivery off
 */
typedef enum {
  RS_DELIVERY_STATE_PENDING,
  RS_DELIVERY_STATE_DELIVERED,
  RS_DELIVERY_STATE_MISSED,
  RS_DELIVERY_STATE_CANCELLED,
} RsDeliveryState;

/**
 * RsReminderVerdict:
 * @RS_REMINDER_VERDICT_REMINDS: the reminder exists: the owner is reminded, the client mailed
 * @RS_REMINDER_VERDICT_NOT_A_DATE: the date is not one of the sale's dates of that kind (not an
 *   issue date, past the term, an expiry or deadline that an edit moved)
 * @RS_REMINDER_VERDICT_PAUSED: the sale is paused: it reminds nobody of anything
 * @RS_REMINDER_VERDICT_RENEWED: the sale was renewed: its expiry and notice deadline remind
 *   nobody (its invoices still do, up to its expiry)
 * @RS_REMINDER_VERDICT_ENDED: the sale was ended (the client will not renew): the same
 * @RS_REMINDER_VERDICT_NO_RULE: the sale has no reminder rule of that kind, lead and audience
 * @RS_REMINDER_VERDICT_ISSUED: the invoice is marked issued
 * @RS_REMINDER_VERDICT_PREPAID: the invoice is marked prepaid
 * @RS_REMINDER_VERDICT_SKIPPED: the invoice is marked skipped
 * @RS_REMINDER_VERDICT_NO_ADDRESS: a client reminder, and the sale has no client e-mail address
 * @RS_REMINDER_VERDICT_DELIVERY_OFF: the client reminder exists, but the sale's delivery is off
 * @RS_REMINDER_VERDICT_DELIVERY_SETTING_OFF: the client reminder exists, but the sale follows
 *   the setting client-delivery, which is off
 * @RS_REMINDER_VERDICT_DUE_PASSED: the client reminder's time has passed: it was mailed then,
 *   or recorded why not (the delivery ledger)
 * @RS_REMINDER_VERDICT_SALE_REMOVED: the sale was removed (only in the delivery ledger: the
 *   dispatcher found a due reminder of a sale that is gone)
 * @RS_REMINDER_VERDICT_OFFER_ACCEPTED: an expiry reminder, and the client accepted the renewal
 *   offer: nobody needs reminding of the expiry any more
 * @RS_REMINDER_VERDICT_OFFER_DECLINED: an expiry reminder to the owner or the team, and the
 *   client declined the offer: nothing is left for them to prepare
 * @RS_REMINDER_VERDICT_NO_TEAM: a team reminder, and neither the sale nor the setting
 *   team-addresses names anyone (the dispatcher's)
 * @RS_REMINDER_VERDICT_TEAM_DELIVERY_OFF: a team reminder, and the setting team-delivery is
 *   off (the dispatcher's)
 *
 * Whether a reminder exists, and if not, why (rs_sale_reminder_verdict ()). The delivery and
 * due-passed verdicts only come from rs_reminder_preview_verdict () and the dispatcher: they are
 * about mailing a client reminder that exists. The dispatcher keeps the word of a cancelled
 * client reminder's verdict in the ledger (the record's error field), so that the owner is told
 * why it was not sent.
 */
typedef enum {
  RS_REMINDER_VERDICT_REMINDS,
  RS_REMINDER_VERDICT_NOT_A_DATE,
  RS_REMINDER_VERDICT_PAUSED,
  RS_REMINDER_VERDICT_RENEWED,
  RS_REMINDER_VERDICT_ENDED,
  RS_REMINDER_VERDICT_NO_RULE,
  RS_REMINDER_VERDICT_ISSUED,
  RS_REMINDER_VERDICT_PREPAID,
  RS_REMINDER_VERDICT_SKIPPED,
  RS_REMINDER_VERDICT_NO_ADDRESS,
  RS_REMINDER_VERDICT_DELIVERY_OFF,
  RS_REMINDER_VERDICT_DELIVERY_SETTING_OFF,
  RS_REMINDER_VERDICT_DUE_PASSED,
  RS_REMINDER_VERDICT_SALE_REMOVED,
  RS_REMINDER_VERDICT_OFFER_ACCEPTED,
  RS_REMINDER_VERDICT_OFFER_DECLINED,
  RS_REMINDER_VERDICT_NO_TEAM,
  RS_REMINDER_VERDICT_TEAM_DELIVERY_OFF,
} RsReminderVerdict;

/**
 * RsAgendaItemKind:
 * @RS_AGENDA_ITEM_INVOICE: an invoice is issued
 * @RS_AGENDA_ITEM_EXPIRY: the sale expires
 * @RS_AGENDA_ITEM_NOTICE: the last day to give notice
 * @RS_AGENDA_ITEM_REMINDER: a reminder about one of the others falls due
 *
 * What an item of the agenda (rs-agenda.h) is.
 */
typedef enum {
  RS_AGENDA_ITEM_INVOICE,
  RS_AGENDA_ITEM_EXPIRY,
  RS_AGENDA_ITEM_NOTICE,
  RS_AGENDA_ITEM_REMINDER,
} RsAgendaItemKind;

/* Stable, untranslated names, as stored and as used on D-Bus ("month", "renewed", …). */
const char *rs_period_unit_to_string       (RsPeriodUnit unit);
gboolean    rs_period_unit_from_string     (const char *text, RsPeriodUnit *out_unit);
const char *rs_term_kind_to_string         (RsTermKind kind);
gboolean    rs_term_kind_from_string       (const char *text, RsTermKind *out_kind);
const char *rs_sale_status_to_string       (RsSaleStatus status);
gboolean    rs_sale_status_from_string     (const char *text, RsSaleStatus *out_status);
const char *rs_reminder_kind_to_string     (RsReminderKind kind);
gboolean    rs_reminder_kind_from_string   (const char *text, RsReminderKind *out_kind);
const char *rs_audience_to_string          (RsAudience audience);
gboolean    rs_audience_from_string        (const char *text, RsAudience *out_audience);
const char *rs_occurrence_state_to_string  (RsOccurrenceState state);
gboolean    rs_occurrence_state_from_string (const char *text, RsOccurrenceState *out_state);
/* "default", "draft", "send", "off" */
const char *rs_delivery_to_string          (RsDelivery delivery);
gboolean    rs_delivery_from_string        (const char *text, RsDelivery *out_delivery);
/* "none", "offered", "accepted", "declined" */
const char *rs_offer_state_to_string       (RsOfferState state);
gboolean    rs_offer_state_from_string     (const char *text, RsOfferState *out_state);
/* "pending", "delivered", "missed", "cancelled" */
const char *rs_delivery_state_to_string    (RsDeliveryState state);
gboolean    rs_delivery_state_from_string  (const char *text, RsDeliveryState *out_state);
/* "reminds", "not-a-date", "paused", "renewed", "ended", "no-rule", "issued", "prepaid",
 * "skipped", "no-address", "delivery-off", "delivery-setting-off", "due-passed", "sale-removed",
 * "offer-accepted", "offer-declined", "no-team", "team-delivery-off" */
const char *rs_reminder_verdict_to_string  (RsReminderVerdict verdict);
gboolean    rs_reminder_verdict_from_string (const char *text, RsReminderVerdict *out_verdict);
/* "invoice", "expiry", "notice", "reminder" */
const char *rs_agenda_item_kind_to_string  (RsAgendaItemKind kind);
gboolean    rs_agenda_item_kind_from_string (const char *text, RsAgendaItemKind *out_kind);
/* "none", "sale-removed", "delivery-off", "paused", "ended", "renewed", "no-email",
 * "rule-removed", "date-gone", "marked-issued", "marked-prepaid", "marked-skipped" */

/* The same, for text from outside (case-insensitive): an unknown word gives
 * RS_ERROR_INVALID_ARGUMENT with a sentence that lists the accepted words. */
gboolean    rs_sale_status_parse           (const char *text, RsSaleStatus *out_status, GError **error);
gboolean    rs_reminder_kind_parse         (const char *text, RsReminderKind *out_kind, GError **error);
gboolean    rs_audience_parse              (const char *text, RsAudience *out_audience, GError **error);
gboolean    rs_occurrence_state_parse      (const char *text, RsOccurrenceState *out_state, GError **error);
gboolean    rs_delivery_parse              (const char *text, RsDelivery *out_delivery, GError **error);
gboolean    rs_offer_state_parse           (const char *text, RsOfferState *out_state, GError **error);
gboolean    rs_delivery_state_parse        (const char *text, RsDeliveryState *out_state, GError **error);

G_END_DECLS
