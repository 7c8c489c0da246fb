/* rs-sale.h: a recurring sale — an agreement with a client billed at a regular interval
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>
#include <recurring-sales/rs-reminder-rule.h>
#include <recurring-sales/rs-schedule.h>
#include <recurring-sales/rs-types.h>

G_BEGIN_DECLS

/* Text limits: long enough for any real name, short enough to keep every view sane. */
#define RS_SALE_MAX_NAME_CHARS   200
#define RS_SALE_MAX_NOTE_CHARS   4000
#define RS_SALE_MAX_REMINDERS    20
#define RS_SALE_MAX_NOTICE_DAYS  366
#define RS_SALE_DEFAULT_REMINDER_MINUTES (9 * 60)

typedef struct {
  GDate             issue_date;
  RsOccurrenceState state;
} RsOccurrence;

#define RS_TYPE_SALE (rs_sale_get_type ())
G_DECLARE_FINAL_TYPE (RsSale, rs_sale, RS, SALE, GObject)

/* A new sale with a fresh uid, status active, draft TRUE, reminder time 09:00, no reminders. */
RsSale       *rs_sale_new                  (void);
/* A deep copy, keeping the uid and revision. */
RsSale       *rs_sale_copy                 (RsSale *self);

/* Checks every field and their combination; the first problem found is reported as a full
 * translated sentence naming the field and the value. */
gboolean      rs_sale_validate             (RsSale  *self,
                                            GError **error);

/* Text getters return NULL for an unset field and setters store "" as unset; the uid alone is
 * never NULL. */
const char   *rs_sale_get_uid              (RsSale *self);
void          rs_sale_set_uid              (RsSale *self, const char *uid);
const char   *rs_sale_get_client_name      (RsSale *self);
void          rs_sale_set_client_name      (RsSale *self, const char *client_name);
/* Whether the client's name contains @folded_needle, a result of rs_text_fold_for_search (). */
gboolean      rs_sale_client_name_matches  (RsSale *self, const char *folded_needle);
const char   *rs_sale_get_client_email     (RsSale *self);
void          rs_sale_set_client_email     (RsSale *self, const char *client_email);
const char   *rs_sale_get_contact_uid      (RsSale *self);
void          rs_sale_set_contact_uid      (RsSale *self, const char *contact_uid);
const char   *rs_sale_get_service          (RsSale *self);
void          rs_sale_set_service          (RsSale *self, const char *service);
gint64        rs_sale_get_amount_minor     (RsSale *self);
void          rs_sale_set_amount_minor     (RsSale *self, gint64 amount_minor);
const char   *rs_sale_get_currency         (RsSale *self);
void          rs_sale_set_currency         (RsSale *self, const char *currency);

/* The schedule: start, period and term end. */
const RsSchedule *rs_sale_get_schedule     (RsSale *self);
void          rs_sale_set_schedule         (RsSale *self, const RsSchedule *schedule);

/* -1 when no notice deadline is set. */
int           rs_sale_get_notice_days      (RsSale *self);
void          rs_sale_set_notice_days      (RsSale *self, int notice_days);
gboolean      rs_sale_get_draft            (RsSale *self);
void          rs_sale_set_draft            (RsSale *self, gboolean draft);
gboolean      rs_sale_get_prepay           (RsSale *self);
void          rs_sale_set_prepay           (RsSale *self, gboolean prepay);
/* Stored normalized (compact, upper case) once validated. */
const char   *rs_sale_get_iban             (RsSale *self);
void          rs_sale_set_iban             (RsSale *self, const char *iban);
const char   *rs_sale_get_payment_instructions (RsSale *self);
void          rs_sale_set_payment_instructions (RsSale *self, const char *text);

/* The reminder rules, an array of RsReminderRule owned by the sale. */
GPtrArray    *rs_sale_get_reminders        (RsSale *self);
void          rs_sale_add_reminder         (RsSale *self, RsReminderKind kind,
                                            guint lead_days, RsAudience audience);
void          rs_sale_clear_reminders      (RsSale *self);
/* Minutes after local midnight at which reminders fire (0–1439). */
guint         rs_sale_get_reminder_minutes (RsSale *self);
void          rs_sale_set_reminder_minutes (RsSale *self, guint minutes);

RsSaleStatus  rs_sale_get_status           (RsSale *self);
void          rs_sale_set_status           (RsSale *self, RsSaleStatus status);
const char   *rs_sale_get_predecessor_uid  (RsSale *self);
void          rs_sale_set_predecessor_uid  (RsSale *self, const char *uid);
const char   *rs_sale_get_successor_uid    (RsSale *self);
void          rs_sale_set_successor_uid    (RsSale *self, const char *uid);
/* How client reminders are delivered; RS_DELIVERY_DEFAULT (the default) follows the setting. */
RsDelivery    rs_sale_get_delivery         (RsSale *self);
void          rs_sale_set_delivery         (RsSale *self, RsDelivery delivery);
/* The language of messages to the client: NULL (the user's) or one with shipped templates
 * ("el", "en"; see rs_reminder_message_languages ()); validated. */
const char   *rs_sale_get_language         (RsSale *self);
void          rs_sale_set_language         (RsSale *self, const char *language);
const char   *rs_sale_get_note             (RsSale *self);
void          rs_sale_set_note             (RsSale *self, const char *note);
/* Seconds since the epoch (UTC). */
gint64        rs_sale_get_created          (RsSale *self);
void          rs_sale_set_created          (RsSale *self, gint64 created);
gint64        rs_sale_get_updated          (RsSale *self);
void          rs_sale_set_updated          (RsSale *self, gint64 updated);
/* 0 until stored; then increases with every change. */
guint64       rs_sale_get_revision         (RsSale *self);
void          rs_sale_set_revision         (RsSale *self, guint64 revision);

/* The owner's team for this sale's team reminders: addresses separated by commas, stored as
 * "a@x.gr,b@y.gr" once validated (at most RS_SALE_MAX_TEAM); NULL: the setting team-addresses. */
#define RS_SALE_MAX_TEAM 20
const char   *rs_sale_get_team             (RsSale *self);
void          rs_sale_set_team             (RsSale *self, const char *team);

/* The renewal offer: its state, the day it was sent (or last changed), an optional note, and
 * an optional amount in the sale's currency (-1: none). rs_sale_validate () asks for a date
 * once an offer was made, and nothing of an offer when there is none. */
RsOfferState  rs_sale_get_offer_state      (RsSale *self);
void          rs_sale_set_offer_state      (RsSale *self, RsOfferState state);
/* FALSE when no date is set. */
gboolean      rs_sale_get_offer_date       (RsSale *self, GDate *out_date);
/* NULL or an invalid date unsets it. */
void          rs_sale_set_offer_date       (RsSale *self, const GDate *date);
const char   *rs_sale_get_offer_note       (RsSale *self);
void          rs_sale_set_offer_note       (RsSale *self, const char *note);
gint64        rs_sale_get_offer_amount_minor (RsSale *self);
void          rs_sale_set_offer_amount_minor (RsSale *self, gint64 amount_minor);

/* Per-occurrence state, keyed by issue date: what the owner marked. */
RsOccurrenceState rs_sale_get_occurrence_state (RsSale *self, const GDate *issue_date);
void          rs_sale_set_occurrence_state (RsSale *self, const GDate *issue_date,
                                            RsOccurrenceState state);
/* The occurrences with a state other than open, sorted by date (RsOccurrence elements, owned by
 * the sale; do not modify). */
GArray       *rs_sale_get_marked_occurrences (RsSale *self);

/* What is reminded: the one rule (rs-sale-reminders.c, the table in docs/dates.md). */

/**
 * rs_sale_reminder_verdict:
 * @self: the sale, as it is now
 * @kind: what the reminder is about: an invoice, the expiry or the notice deadline
 * @audience: the owner (the calendar's alarms, `upcoming`), the client or the team (the
 *   e-mails)
 * @lead_days: how many days before @occurrence it fires
 * @occurrence: (nullable): the issue date, expiry date or notice deadline it is about; %NULL
 *   asks about the rule alone, before any date (what a calendar series carries)
 *
 * Whether the reminder exists — the one rule that the agenda, the calendar projection, the
 * reminder preview and the service's dispatcher all follow, for the owner and the client
 * alike. It exists when @occurrence is one of the sale's dates of @kind, the sale has a rule
 * for @kind, @lead_days and @audience, and:
 *   - the sale is active, or renewed or ended and @kind is an invoice: the term still runs
 *     until its expiry, so its invoices are reminded (and mailed) to the end, but a renewed
 *     sale's expiry and notice deadline are the successor's business, and an ended one's are
 *     no longer news; after the expiry the sale has no dates;
 *   - a paused sale reminds nobody of anything;
 *   - an invoice marked issued, prepaid or skipped reminds nobody;
 *   - an expiry reminder stops once the client accepted the renewal offer, and the owner's and
 *     the team's once the client declined it (the client is still told the agreement ends);
 *   - a client reminder needs the client's e-mail address.
 * How an existing client reminder is mailed (drafts, sent, or not: delivery off) is decided
 * when it falls due, by the dispatcher; rs_reminder_preview_verdict () says it beforehand.
 *
 * Returns: %RS_REMINDER_VERDICT_REMINDS, or why not
 */
RsReminderVerdict rs_sale_reminder_verdict (RsSale         *self,
                                            RsReminderKind  kind,
                                            RsAudience      audience,
                                            guint           lead_days,
                                            const GDate    *occurrence);
/* The step of rs_sale_reminder_verdict () that the status decides: whether any reminder of
 * @kind can exist (paused: none; renewed or ended: invoices only). */
gboolean      rs_sale_reminds_about        (RsSale *self, RsReminderKind kind);
/* The notice deadline, when notice days are set and the sale has an expiry. */
gboolean      rs_sale_get_notice_deadline  (RsSale *self, GDate *out_date);

G_END_DECLS
