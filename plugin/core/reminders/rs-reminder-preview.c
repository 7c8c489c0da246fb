/* rs-reminder-preview.c: which date a client reminder preview is about
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-client-reminders.h>
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-reminder-preview.h>
#include <recurring-sales/rs-schedule.h>

/* The sale's date of @kind: for an invoice the first issue date on or after @from; the expiry
 * date and the notice deadline are single dates. */
static gboolean
find_date_of_kind (RsSale         *sale,
                   RsReminderKind  kind,
                   const GDate    *from,
                   GDate          *out_date)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);

  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      return rs_schedule_next_issue_on_or_after (schedule, from, out_date, NULL);
    case RS_REMINDER_KIND_EXPIRY:
      return rs_schedule_expiry_date (schedule, out_date);
    case RS_REMINDER_KIND_NOTICE:
    default:
      return rs_sale_get_notice_deadline (sale, out_date);
    }
}

static void
set_not_a_date_error (RsReminderKind   kind,
                      const GDate     *wanted,
                      GError         **error)
{
  g_autofree char *date_text = rs_date_to_local (wanted);

  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a date as the user's language writes it
                    * (31/01/2027 in Greek) */
                   _("%s is not an issue date of this sale."), date_text);
      break;
    case RS_REMINDER_KIND_EXPIRY:
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a date as the user's language writes it
                    * (31/01/2027 in Greek) */
                   _("%s is not the expiry date of this sale."), date_text);
      break;
    case RS_REMINDER_KIND_NOTICE:
    default:
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a date as the user's language writes it
                    * (31/01/2027 in Greek) */
                   _("%s is not the notice deadline of this sale."), date_text);
      break;
    }
}

static void
set_no_date_error (RsReminderKind   kind,
                   GError         **error)
{
  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("This sale has no invoice left to remind about."));
      break;
    case RS_REMINDER_KIND_EXPIRY:
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("This sale has no expiry date."));
      break;
    case RS_REMINDER_KIND_NOTICE:
    default:
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("This sale has no notice deadline."));
      break;
    }
}

gboolean
rs_reminder_preview_occurrence (RsSale          *sale,
                                RsReminderKind   kind,
                                const GDate     *wanted,
                                const GDate     *today,
                                GDate           *out_occurrence,
                                GError         **error)
{
  gboolean found_one;
  GDate found;

  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (wanted == NULL || g_date_valid (wanted), FALSE);
  g_return_val_if_fail (wanted != NULL || (today != NULL && g_date_valid (today)), FALSE);
  g_return_val_if_fail (out_occurrence != NULL, FALSE);

  /* An asked-for issue date is looked for from that date on: it is one when it is found. */
  found_one = find_date_of_kind (sale, kind, wanted != NULL ? wanted : today, &found);
  if (found_one && (wanted == NULL || g_date_compare (&found, wanted) == 0))
    {
      *out_occurrence = found;
      return TRUE;
    }

  /* A sale without an expiry (or notice deadline) says so even about a given date; a given
   * date that is not an issue date says which date it was. */
  if (wanted != NULL && (found_one || kind == RS_REMINDER_KIND_INVOICE))
    set_not_a_date_error (kind, wanted, error);
  else
    set_no_date_error (kind, error);
  return FALSE;
}

/* The rule's verdict for the client reminders of @kind about @occurrence, and when the next of
 * them (or, all past, the last of them) falls due. The leads differ only in when they fall
 * due: the rule says the same of each. */
static RsReminderVerdict
client_rules_verdict (RsSale         *sale,
                      RsReminderKind  kind,
                      const GDate    *occurrence,
                      gint64          now,
                      GTimeZone      *zone,
                      gboolean       *out_ahead,
                      gint64         *out_due)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);
  RsReminderVerdict verdict = RS_REMINDER_VERDICT_NO_RULE;
  gboolean any = FALSE, ahead = FALSE;
  gint64 next = 0, last = 0;

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);
      gint64 due;

      if (rule->kind != kind || rule->audience != RS_AUDIENCE_CLIENT)
        continue;

      verdict = rs_sale_reminder_verdict (sale, kind, RS_AUDIENCE_CLIENT, rule->lead_days,
                                          occurrence);
      if (verdict != RS_REMINDER_VERDICT_REMINDS)
        break;
      if (!rs_client_reminder_due_at (sale, occurrence, rule->lead_days, zone, &due))
        continue;

      if (!any || due > last)
        last = due;
      if (due > now && (!ahead || due < next))
        next = due;
      ahead |= due > now;
      any = TRUE;
    }

  /* No client rule of @kind: a lead no rule can have makes the rule say why (the status
   * first: a paused sale "has" no reminder even once one is added). */
  if (!any && verdict == RS_REMINDER_VERDICT_NO_RULE)
    verdict = rs_sale_reminder_verdict (sale, kind, RS_AUDIENCE_CLIENT,
                                        RS_REMINDER_MAX_LEAD_DAYS + 1, occurrence);

  *out_ahead = ahead;
  *out_due = ahead ? next : last;
  return verdict;
}

RsReminderVerdict
rs_reminder_preview_verdict (RsSale         *sale,
                             RsReminderKind  kind,
                             const GDate    *occurrence,
                             RsDelivery      default_delivery,
                             gint64          now,
                             GTimeZone      *zone,
                             gint64         *out_due)
{
  RsReminderVerdict verdict;
  RsDelivery delivery;
  gboolean ahead;
  gint64 due;

  g_return_val_if_fail (RS_IS_SALE (sale), RS_REMINDER_VERDICT_NO_RULE);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence),
                        RS_REMINDER_VERDICT_NOT_A_DATE);

  verdict = client_rules_verdict (sale, kind, occurrence, now, zone, &ahead, &due);
  if (out_due != NULL)
    *out_due = verdict == RS_REMINDER_VERDICT_REMINDS ? due : 0;
  if (verdict != RS_REMINDER_VERDICT_REMINDS)
    return verdict;

  /* How the dispatcher will mail it, as things are now. */
  delivery = rs_sale_get_delivery (sale);
  if (delivery == RS_DELIVERY_OFF)
    return RS_REMINDER_VERDICT_DELIVERY_OFF;
  if (delivery == RS_DELIVERY_DEFAULT && default_delivery == RS_DELIVERY_OFF)
    return RS_REMINDER_VERDICT_DELIVERY_SETTING_OFF;

  /* Its time has passed: the dispatcher mailed it then, or recorded why not; never again. */
  if (!ahead)
    return RS_REMINDER_VERDICT_DUE_PASSED;

  return RS_REMINDER_VERDICT_REMINDS;
}

static char *
format_due (gint64     due,
            GTimeZone *zone)
{
  g_autoptr(GTimeZone) local_zone = zone != NULL ? g_time_zone_ref (zone)
                                                  : g_time_zone_new_local ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (due);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, local_zone) : NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  GDate day;

  if (local == NULL)
    return g_strdup ("?");

  rs_date_set_date_time (&day, local);
  date = rs_format_date (&day);
  time = g_date_time_format (local, "%H:%M");
  /* Translators: when a reminder was due: %1$s is a date, %2$s a time such as 09:00 */
  return g_strdup_printf (_("%1$s at %2$s"), date, time);
}

char *
rs_reminder_preview_explain (RsReminderVerdict  verdict,
                             RsReminderKind     kind,
                             const GDate       *occurrence,
                             gint64             due,
                             GTimeZone         *zone)
{
  g_autofree char *date = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), NULL);

  date = rs_format_date (occurrence);
  switch (verdict)
    {
    case RS_REMINDER_VERDICT_REMINDS:
      return NULL;
    case RS_REMINDER_VERDICT_NOT_A_DATE:
      /* Translators: %s is a date */
      return g_strdup_printf (_("This e-mail will not be sent: %s is not one of the sale’s "
                                "dates."), date);
    case RS_REMINDER_VERDICT_PAUSED:
      return g_strdup (_("This e-mail will not be sent: the sale is paused, and a paused sale "
                         "sends no reminders."));
    case RS_REMINDER_VERDICT_RENEWED:
      return g_strdup (_("This e-mail will not be sent: the sale was renewed, so the client is "
                         "no longer reminded of its expiry or notice deadline (the invoices of "
                         "its term still are)."));
    case RS_REMINDER_VERDICT_ENDED:
      return g_strdup (_("This e-mail will not be sent: the client will not renew this sale, so "
                         "they are no longer reminded of its expiry or notice deadline (the "
                         "invoices of its term still are)."));
    case RS_REMINDER_VERDICT_NO_RULE:
      switch (kind)
        {
        case RS_REMINDER_KIND_EXPIRY:
          return g_strdup (_("This e-mail will not be sent: the sale has no reminder to the "
                             "client before its expiry."));
        case RS_REMINDER_KIND_NOTICE:
          return g_strdup (_("This e-mail will not be sent: the sale has no reminder to the "
                             "client before its notice deadline."));
        case RS_REMINDER_KIND_INVOICE:
        default:
          return g_strdup (_("This e-mail will not be sent: the sale has no reminder to the "
                             "client before its invoices."));
        }
    case RS_REMINDER_VERDICT_ISSUED:
      /* Translators: %s is an issue date */
      return g_strdup_printf (_("This e-mail will not be sent: the invoice of %s is already "
                                "marked issued."), date);
    case RS_REMINDER_VERDICT_PREPAID:
      /* Translators: %s is an issue date */
      return g_strdup_printf (_("This e-mail will not be sent: the invoice of %s is already "
                                "marked prepaid."), date);
    case RS_REMINDER_VERDICT_SKIPPED:
      /* Translators: %s is an issue date */
      return g_strdup_printf (_("This e-mail will not be sent: the invoice of %s is marked "
                                "skipped."), date);
    case RS_REMINDER_VERDICT_NO_ADDRESS:
      return g_strdup (_("This e-mail will not be sent: the sale has no e-mail address for the "
                         "client."));
    case RS_REMINDER_VERDICT_DELIVERY_OFF:
      return g_strdup (_("This e-mail will not be sent: this sale’s reminders to the client are "
                         "not mailed (its delivery is “off”)."));
    case RS_REMINDER_VERDICT_DELIVERY_SETTING_OFF:
      return g_strdup (_("This e-mail will not be sent: reminders to clients are not mailed "
                         "(the setting client-delivery is “off”)."));
    case RS_REMINDER_VERDICT_OFFER_ACCEPTED:
      return g_strdup (_("This e-mail will not be sent: the client accepted the renewal offer."));
    case RS_REMINDER_VERDICT_OFFER_DECLINED:
      return g_strdup (_("This e-mail will not be sent: the client declined the renewal offer."));
    case RS_REMINDER_VERDICT_DUE_PASSED:
    default:
      when = format_due (due, zone);
      /* Translators: %s is when the reminder was due, such as "2027-01-24 at 09:00"; keep
       * `recurring-sales deliveries` as it is */
      return g_strdup_printf (_("This e-mail will not be sent: it was due on %s; "
                                "`recurring-sales deliveries` shows what became of it."), when);
    }
}

char *
rs_reminder_preview_explain_details (GVariant       *details,
                                     RsReminderKind  kind)
{
  const char *reason = NULL, *date_text = NULL, *explanation = NULL;
  gboolean will_be_sent = TRUE;
  RsReminderVerdict verdict;
  gint64 due = 0;
  GDate date;

  g_return_val_if_fail (details != NULL &&
                        g_variant_is_of_type (details, G_VARIANT_TYPE_VARDICT), NULL);

  g_variant_lookup (details, "will_be_sent", "b", &will_be_sent);
  if (will_be_sent)
    return NULL;

  g_variant_lookup (details, "reason", "&s", &reason);
  g_variant_lookup (details, "date", "&s", &date_text);
  g_variant_lookup (details, "due", "x", &due);
  g_variant_lookup (details, "explanation", "&s", &explanation);
  if (reason != NULL && rs_reminder_verdict_from_string (reason, &verdict) &&
      verdict != RS_REMINDER_VERDICT_REMINDS && date_text != NULL &&
      rs_date_parse (date_text, "date", &date, NULL))
    return rs_reminder_preview_explain (verdict, kind, &date, due, NULL);

  return g_strdup (explanation != NULL ? explanation : _("This e-mail will not be sent."));
}
