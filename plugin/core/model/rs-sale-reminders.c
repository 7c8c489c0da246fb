/* rs-sale-reminders.c: the one rule of what a sale reminds, to whom, about which date
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The agenda (`upcoming`, Upcoming), the calendar projection (its alarms), the reminder preview
 * and the service's dispatcher (the e-mails to clients) each used to decide for themselves, and
 * disagreed after a renewal: the calendar kept the old term's invoice reminders while the
 * dispatcher cancelled their e-mails. Now all of them ask rs_sale_reminder_verdict (), and
 * docs/dates.md shows the rule as a table.
 */
#include "config.h"

#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-schedule.h>

/* The status's part of the rule, for every audience alike. */
static RsReminderVerdict
status_verdict (RsSale         *sale,
                RsReminderKind  kind)
{
  switch (rs_sale_get_status (sale))
    {
    case RS_SALE_STATUS_ACTIVE:
      return RS_REMINDER_VERDICT_REMINDS;
    case RS_SALE_STATUS_PAUSED:
      return RS_REMINDER_VERDICT_PAUSED;
    case RS_SALE_STATUS_RENEWED:
      /* The old term runs until its expiry: its invoices still go out, and only what lies
       * after the expiry (nothing: the schedule ends there) is the successor's. */
      return kind == RS_REMINDER_KIND_INVOICE ? RS_REMINDER_VERDICT_REMINDS
                                              : RS_REMINDER_VERDICT_RENEWED;
    case RS_SALE_STATUS_ENDED:
      /* The client will not renew: the same, and nobody is offered a renewal. */
      return kind == RS_REMINDER_KIND_INVOICE ? RS_REMINDER_VERDICT_REMINDS
                                              : RS_REMINDER_VERDICT_ENDED;
    default:
      g_return_val_if_reached (RS_REMINDER_VERDICT_PAUSED);
    }
}

gboolean
rs_sale_reminds_about (RsSale         *self,
                       RsReminderKind  kind)
{
  g_return_val_if_fail (RS_IS_SALE (self), FALSE);

  return status_verdict (self, kind) == RS_REMINDER_VERDICT_REMINDS;
}

static gboolean
has_rule (RsSale         *sale,
          RsReminderKind  kind,
          RsAudience      audience,
          guint           lead_days)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);

      if (rule->kind == kind && rule->audience == audience && rule->lead_days == lead_days)
        return TRUE;
    }

  return FALSE;
}

/* Whether @occurrence is one of the sale's dates of @kind, and its reminder day exists: a
 * reminder computed earlier (a ledger record, a cursor) may be about a date that an edit of
 * the sale has since moved. */
static gboolean
is_date_of_kind (RsSale         *sale,
                 RsReminderKind  kind,
                 guint           lead_days,
                 const GDate    *occurrence)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);
  GDate date;

  if (!g_date_valid (&schedule->start) || g_date_get_julian (occurrence) <= lead_days)
    return FALSE;

  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      return rs_schedule_next_issue_on_or_after (schedule, occurrence, &date, NULL) &&
             g_date_compare (&date, occurrence) == 0;
    case RS_REMINDER_KIND_EXPIRY:
      return rs_schedule_expiry_date (schedule, &date) && g_date_compare (&date, occurrence) == 0;
    case RS_REMINDER_KIND_NOTICE:
      return rs_sale_get_notice_deadline (sale, &date) && g_date_compare (&date, occurrence) == 0;
    default:
      return FALSE;
    }
}

/* The renewal offer's part: once the client accepted, nobody needs to hear of the expiry; once
 * they declined, the owner and the team have nothing left to prepare. Before the status, so
 * that the ledger says why in the words of the offer. */
static RsReminderVerdict
offer_verdict (RsSale         *sale,
               RsReminderKind  kind,
               RsAudience      audience)
{
  if (kind != RS_REMINDER_KIND_EXPIRY)
    return RS_REMINDER_VERDICT_REMINDS;

  switch (rs_sale_get_offer_state (sale))
    {
    case RS_OFFER_ACCEPTED:
      return RS_REMINDER_VERDICT_OFFER_ACCEPTED;
    case RS_OFFER_DECLINED:
      return audience == RS_AUDIENCE_CLIENT ? RS_REMINDER_VERDICT_REMINDS
                                            : RS_REMINDER_VERDICT_OFFER_DECLINED;
    case RS_OFFER_NONE:
    case RS_OFFER_OFFERED:
    default:
      return RS_REMINDER_VERDICT_REMINDS;
    }
}

static RsReminderVerdict
mark_verdict (RsSale      *sale,
              const GDate *issue_date)
{
  switch (rs_sale_get_occurrence_state (sale, issue_date))
    {
    case RS_OCCURRENCE_ISSUED:
      return RS_REMINDER_VERDICT_ISSUED;
    case RS_OCCURRENCE_PREPAID:
      return RS_REMINDER_VERDICT_PREPAID;
    case RS_OCCURRENCE_SKIPPED:
      return RS_REMINDER_VERDICT_SKIPPED;
    case RS_OCCURRENCE_OPEN:
    default:
      return RS_REMINDER_VERDICT_REMINDS;
    }
}

RsReminderVerdict
rs_sale_reminder_verdict (RsSale         *self,
                          RsReminderKind  kind,
                          RsAudience      audience,
                          guint           lead_days,
                          const GDate    *occurrence)
{
  RsReminderVerdict verdict;
  const char *email;

  g_return_val_if_fail (RS_IS_SALE (self), RS_REMINDER_VERDICT_NO_RULE);
  g_return_val_if_fail (occurrence == NULL || g_date_valid (occurrence),
                        RS_REMINDER_VERDICT_NOT_A_DATE);

  if (occurrence != NULL && !is_date_of_kind (self, kind, lead_days, occurrence))
    return RS_REMINDER_VERDICT_NOT_A_DATE;

  verdict = offer_verdict (self, kind, audience);
  if (verdict != RS_REMINDER_VERDICT_REMINDS)
    return verdict;

  /* A declined offer ends the sale, as `end` does, but the client is still told when the
   * agreement runs out: that letter is theirs to get, whatever they chose. */
  verdict = status_verdict (self, kind);
  if (verdict == RS_REMINDER_VERDICT_ENDED && kind == RS_REMINDER_KIND_EXPIRY &&
      audience == RS_AUDIENCE_CLIENT && rs_sale_get_offer_state (self) == RS_OFFER_DECLINED)
    verdict = RS_REMINDER_VERDICT_REMINDS;
  if (verdict != RS_REMINDER_VERDICT_REMINDS)
    return verdict;

  if (!has_rule (self, kind, audience, lead_days))
    return RS_REMINDER_VERDICT_NO_RULE;

  /* Issued, prepaid or skipped: nothing left to remind anybody about. */
  if (occurrence != NULL && kind == RS_REMINDER_KIND_INVOICE &&
      (verdict = mark_verdict (self, occurrence)) != RS_REMINDER_VERDICT_REMINDS)
    return verdict;

  email = rs_sale_get_client_email (self);
  if (audience == RS_AUDIENCE_CLIENT && (email == NULL || *email == '\0'))
    return RS_REMINDER_VERDICT_NO_ADDRESS;

  return RS_REMINDER_VERDICT_REMINDS;
}
