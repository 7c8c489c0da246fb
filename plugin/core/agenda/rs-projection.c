/* rs-projection.c: a sale as the calendar shows it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Everything here is deterministic: the same sale always gives the same components (UIDs,
 * alarm UIDs, timestamps taken from the sale), so that a refresh changes nothing the user
 * snoozed or dismissed, and an export imported twice does not duplicate anything.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-autocleanups.h>
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-projection.h>

#define PRODID "-//evolution-recurring-sales//" PACKAGE_VERSION "//EN"

char *
rs_projection_component_uid (const char     *sale_uid,
                             RsReminderKind  kind)
{
  g_return_val_if_fail (sale_uid != NULL, NULL);

  return g_strconcat (sale_uid, "-", rs_reminder_kind_to_string (kind), NULL);
}

gboolean
rs_projection_parse_component_uid (const char     *component_uid,
                                   char          **out_sale_uid,
                                   RsReminderKind *out_kind)
{
  const char *dash;
  RsReminderKind kind;

  g_return_val_if_fail (component_uid != NULL, FALSE);

  dash = strrchr (component_uid, '-');
  if (dash == NULL || dash == component_uid || !rs_reminder_kind_from_string (dash + 1, &kind))
    return FALSE;

  if (out_sale_uid != NULL)
    *out_sale_uid = g_strndup (component_uid, (gsize) (dash - component_uid));
  if (out_kind != NULL)
    *out_kind = kind;
  return TRUE;
}

static ICalTime *
date_to_ical (const GDate *date)
{
  ICalTime *time = i_cal_time_new_null_time ();

  i_cal_time_set_date (time, g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
  i_cal_time_set_is_date (time, TRUE);
  return time;
}

static ICalTime *
timestamp_to_ical (gint64 seconds)
{
  return i_cal_time_new_from_timet_with_zone ((time_t) seconds, FALSE,
                                              i_cal_timezone_get_utc_timezone ());
}

static guint
aimed_day (const RsSchedule *schedule)
{
  return schedule->anchor_day != 0 ? schedule->anchor_day : g_date_get_day (&schedule->start);
}

ICalRecurrence *
rs_projection_rrule_for (const RsSchedule *schedule)
{
  g_autoptr(GString) rule = g_string_new (NULL);
  guint day;

  g_return_val_if_fail (schedule != NULL, NULL);

  day = aimed_day (schedule);
  switch (schedule->period.unit)
    {
    case RS_PERIOD_UNIT_DAY:
      g_string_append_printf (rule, "FREQ=DAILY;INTERVAL=%u", schedule->period.count);
      break;

    case RS_PERIOD_UNIT_WEEK:
      g_string_append_printf (rule, "FREQ=WEEKLY;INTERVAL=%u", schedule->period.count);
      break;

    case RS_PERIOD_UNIT_MONTH:
      g_string_append_printf (rule, "FREQ=MONTHLY;INTERVAL=%u", schedule->period.count);
      /* The 29th–31st: the last of the days 28…d that the month has, i.e. d clamped to the
       * month end (RFC 5545 BYSETPOS). */
      if (day >= 29)
        {
          g_string_append (rule, ";BYMONTHDAY=28");
          for (guint d = 29; d <= day; d++)
            g_string_append_printf (rule, ",%u", d);
          g_string_append (rule, ";BYSETPOS=-1");
        }
      break;

    case RS_PERIOD_UNIT_YEAR:
      g_string_append_printf (rule, "FREQ=YEARLY;INTERVAL=%u", schedule->period.count);
      if (g_date_get_month (&schedule->start) == G_DATE_FEBRUARY && day >= 29)
        g_string_append (rule, ";BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1");
      else if (day > g_date_get_days_in_month (g_date_get_month (&schedule->start), 2001))
        return NULL;  /* cannot happen for valid schedules; listed as RDATEs */
      break;

    default:
      return NULL;
    }

  switch (schedule->term_kind)
    {
    case RS_TERM_OPEN:
      break;
    case RS_TERM_COUNT:
      g_string_append_printf (rule, ";COUNT=%u", schedule->count);
      break;
    case RS_TERM_UNTIL:
    case RS_TERM_LENGTH:
      {
        guint64 n = rs_schedule_n_issues (schedule);
        GDate last;

        if (n == 0 || !rs_schedule_issue_date (schedule, n - 1, &last))
          return NULL;
        g_string_append_printf (rule, ";UNTIL=%04u%02u%02u", (guint) g_date_get_year (&last),
                                (guint) g_date_get_month (&last), (guint) g_date_get_day (&last));
        break;
      }
    default:
      return NULL;
    }

  return i_cal_recurrence_new_from_string (rule->str);
}

ICalDuration *
rs_projection_trigger_for (guint lead_days,
                           guint minutes)
{
  /* Relative to the start of the all-day event (local midnight): "7 days before, at 09:00" is
   * -7 days + 9 hours = -P6DT15H. */
  gint64 seconds = -(gint64) lead_days * 86400 + (gint64) minutes * 60;

  return i_cal_duration_new_from_int ((gint) seconds);
}

static void
add_x_property (ICalComponent *component,
                const char    *name,
                const char    *value)
{
  ICalProperty *property = i_cal_property_new_x (value);

  i_cal_property_set_x_name (property, name);
  i_cal_component_take_property (component, property);
}

static ICalComponent *
new_all_day_event (RsSale         *sale,
                   RsReminderKind  kind,
                   const GDate    *date)
{
  ICalComponent *event = i_cal_component_new_vevent ();
  g_autofree char *uid = rs_projection_component_uid (rs_sale_get_uid (sale), kind);
  g_autoptr(ICalTime) start = date_to_ical (date);
  g_autoptr(ICalTime) end = NULL;
  g_autoptr(ICalTime) created = NULL;
  g_autoptr(ICalTime) updated = NULL;
  GDate next_day = *date;
  gint64 created_s, updated_s;

  g_date_add_days (&next_day, 1);
  end = date_to_ical (&next_day);

  /* Timestamps come from the sale, not the clock, so a projection is reproducible. */
  created_s = rs_sale_get_created (sale);
  updated_s = MAX (rs_sale_get_updated (sale), created_s);
  created = timestamp_to_ical (created_s);
  updated = timestamp_to_ical (updated_s);

  i_cal_component_set_uid (event, uid);
  i_cal_component_set_dtstamp (event, updated);
  i_cal_component_take_property (event, i_cal_property_new_created (created));
  i_cal_component_take_property (event, i_cal_property_new_lastmodified (updated));
  i_cal_component_set_dtstart (event, start);
  i_cal_component_set_dtend (event, end);
  i_cal_component_take_property (event, i_cal_property_new_transp (I_CAL_TRANSP_TRANSPARENT));
  i_cal_component_take_property (event, i_cal_property_new_class (I_CAL_CLASS_PRIVATE));
  add_x_property (event, RS_X_SALE_UID, rs_sale_get_uid (sale));
  add_x_property (event, RS_X_SALE_KIND, rs_reminder_kind_to_string (kind));
  return event;
}

static char *
payment_text (RsSale *sale)
{
  if (!rs_sale_get_prepay (sale))
    return NULL;

  if (rs_sale_get_iban (sale) != NULL && *rs_sale_get_iban (sale) != '\0')
    {
      g_autofree char *iban = rs_iban_format_print (rs_sale_get_iban (sale));
      /* Translators: %s is an IBAN */
      return g_strdup_printf (_("The client pays in advance, to IBAN %s."), iban);
    }

  if (rs_sale_get_payment_instructions (sale) != NULL)
    /* Translators: %s is the owner's payment instructions */
    return g_strdup_printf (_("The client pays in advance: %s"), rs_sale_get_payment_instructions (sale));

  return NULL;
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* Where the renewal offer stands, on the expiry's event: the owner (and the team, on a shared
 * calendar) sees at a glance whether the renewal is in hand. NULL when no offer was made. */
static char *
offer_text (RsSale *sale)
{
  g_autofree char *date = NULL;
  g_autofree char *amount = NULL;
  GDate offered;
  GString *text;

  if (rs_sale_get_offer_state (sale) == RS_OFFER_NONE || !rs_sale_get_offer_date (sale, &offered))
    return NULL;

  date = rs_format_date (&offered);
  switch (rs_sale_get_offer_state (sale))
    {
    case RS_OFFER_ACCEPTED:
      if (rs_sale_get_successor_uid (sale) != NULL)
        /* Translators: on a calendar event; %1$s is a date, %2$s the identifier of the new sale */
        return g_strdup_printf (_("Accepted on %1$s, renewed as %2$s."), date,
                                rs_sale_get_successor_uid (sale));
      /* Translators: on a calendar event; %s is a date */
      return g_strdup_printf (_("Accepted on %s."), date);
    case RS_OFFER_DECLINED:
      /* Translators: on a calendar event; %s is a date */
      return g_strdup_printf (_("Declined on %s: the sale ends at its expiry."), date);
    case RS_OFFER_OFFERED:
    case RS_OFFER_NONE:
    default:
      break;
    }

  text = g_string_new (NULL);
  /* Translators: on a calendar event; %s is a date */
  g_string_append_printf (text, _("Offer sent on %s."), date);
  if (rs_sale_get_offer_amount_minor (sale) >= 0)
    {
      amount = rs_money_format (rs_sale_get_offer_amount_minor (sale), rs_sale_get_currency (sale));
      g_string_append_c (text, ' ');
      /* Translators: on a calendar event, after “Offer sent on …”; %s is an amount */
      g_string_append_printf (text, _("Amount offered: %s."), amount);
    }
  if (rs_sale_get_offer_note (sale) != NULL)
    g_string_append_printf (text, " %s", rs_sale_get_offer_note (sale));
  return g_string_free (text, FALSE);
}

static char *
event_description (RsSale            *sale,
                   RsReminderKind     kind,
                   RsOccurrenceState  state)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *amount = rs_money_format (rs_sale_get_amount_minor (sale), rs_sale_get_currency (sale));
  g_autofree char *period = rs_period_describe (&rs_sale_get_schedule (sale)->period);
  g_autofree char *payment = payment_text (sale);
  GDate expiry;

  g_string_append_printf (text, _("Client: %s"), or_empty (rs_sale_get_client_name (sale)));
  g_string_append_c (text, '\n');
  if (rs_sale_get_client_email (sale) != NULL && *rs_sale_get_client_email (sale) != '\0')
    {
      g_string_append_printf (text, _("E-mail: %s"), rs_sale_get_client_email (sale));
      g_string_append_c (text, '\n');
    }
  g_string_append_printf (text, _("Service: %s"), or_empty (rs_sale_get_service (sale)));
  g_string_append_c (text, '\n');
  /* Translators: %1$s an amount, %2$s a period such as "every month" */
  g_string_append_printf (text, _("Amount: %1$s, %2$s"), amount, period);
  g_string_append_c (text, '\n');
  if (rs_schedule_expiry_date (rs_sale_get_schedule (sale), &expiry))
    {
      g_autofree char *expiry_text = rs_format_date (&expiry);
      g_string_append_printf (text, _("Expires on %s"), expiry_text);
      g_string_append_c (text, '\n');
    }

  if (kind == RS_REMINDER_KIND_INVOICE && state == RS_OCCURRENCE_ISSUED)
    {
      g_string_append (text, _("This invoice was issued."));
      g_string_append_c (text, '\n');
    }
  else if (kind == RS_REMINDER_KIND_INVOICE && state == RS_OCCURRENCE_PREPAID)
    {
      g_string_append (text, _("This invoice was issued and the client paid in advance."));
      g_string_append_c (text, '\n');
    }
  else if (kind == RS_REMINDER_KIND_INVOICE)
    {
      if (rs_sale_get_draft (sale))
        {
          g_string_append (text, _("This invoice is a draft: nothing is issued or sent until you approve it."));
          g_string_append_c (text, '\n');
        }
      if (payment != NULL)
        g_string_append_printf (text, "%s\n", payment);
    }

  if (kind == RS_REMINDER_KIND_EXPIRY)
    {
      g_autofree char *offer = offer_text (sale);

      if (offer != NULL)
        g_string_append_printf (text, "%s\n", offer);
    }

  switch (rs_sale_get_status (sale))
    {
    case RS_SALE_STATUS_PAUSED:
      g_string_append (text, _("This sale is paused: it sends no reminders."));
      g_string_append_c (text, '\n');
      break;
    case RS_SALE_STATUS_RENEWED:
      g_string_append (text, _("This sale was renewed."));
      g_string_append_c (text, '\n');
      break;
    case RS_SALE_STATUS_ENDED:
      g_string_append (text, _("The client will not renew this sale."));
      g_string_append_c (text, '\n');
      break;
    case RS_SALE_STATUS_ACTIVE:
    default:
      break;
    }

  if (rs_sale_get_note (sale) != NULL && *rs_sale_get_note (sale) != '\0')
    g_string_append_printf (text, "\n%s\n", rs_sale_get_note (sale));

  g_string_append_c (text, '\n');
  /* Translators: the menu items are those of the event's right-click menu in Evolution */
  g_string_append (text, _("To change this recurring sale in Evolution, right-click this event "
                           "and choose Mark Issued, Mark Prepaid, Renew Sale… or Edit Sale…. "
                           "The recurring-sales command does the same."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
alarm_text (RsSale         *sale,
            RsReminderKind  kind,
            const char     *summary)
{
  g_autofree char *payment = NULL;

  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      payment = payment_text (sale);
      /* A draft is issued only once the owner approves it: the reminder asks for that. */
      if (rs_sale_get_draft (sale) && payment != NULL)
        /* Translators: the reminder of an invoice that is a draft; %1$s is an event summary
         * such as "Draft invoice to Acme: Hosting (120.00 EUR)", %2$s how the client prepays */
        return g_strdup_printf (_("Needs your approval: %1$s\n%2$s"), summary, payment);
      if (rs_sale_get_draft (sale))
        /* Translators: the reminder of an invoice that is a draft; %s is an event summary such
         * as "Draft invoice to Acme: Hosting (120.00 EUR)" */
        return g_strdup_printf (_("Needs your approval: %s"), summary);
      if (payment != NULL)
        /* Translators: a reminder; %1$s is an event summary such as "Invoice to Acme: Hosting
         * (120.00 EUR)", %2$s how the client prepays */
        return g_strdup_printf (_("About to be issued: %1$s\n%2$s"), summary, payment);
      /* Translators: a reminder; %s is an event summary such as "Invoice to Acme: Hosting (120.00 EUR)" */
      return g_strdup_printf (_("About to be issued: %s"), summary);
    case RS_REMINDER_KIND_EXPIRY:
      /* Translators: a reminder; %s is an event summary such as "Expires: Hosting for Acme" */
      return g_strdup_printf (_("%s\nTime to send the client a renewal offer."), summary);
    case RS_REMINDER_KIND_NOTICE:
      /* Translators: a reminder; %s is an event summary */
      return g_strdup_printf (_("%s\nThis is the last day to send a renewal offer or to give notice."), summary);
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
draft_alarm_text (RsSale     *sale,
                  const char *summary)
{
  /* Translators: a reminder; %1$s is the client's name, %2$s an event summary such as
   * "Expires: Hosting for Acme" */
  return g_strdup_printf (_("A reminder e-mail to %1$s is waiting in Drafts for your approval.\n%2$s"),
                          or_empty (rs_sale_get_client_name (sale)), summary);
}

gboolean
rs_projection_rule_is_shown (RsSale               *sale,
                             const RsReminderRule *rule,
                             RsDelivery            default_delivery)
{
  RsDelivery delivery;

  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  if (rule->audience == RS_AUDIENCE_OWNER)
    return TRUE;
  /* The team is mailed, and its calendar is its own (docs/calendar.md): the owner's calendar
   * shows no alarm for it. */
  if (rule->audience == RS_AUDIENCE_TEAM)
    return FALSE;

  delivery = rs_sale_get_delivery (sale);
  if (delivery == RS_DELIVERY_DEFAULT)
    delivery = default_delivery;

  return delivery == RS_DELIVERY_DRAFT && rs_sale_get_client_email (sale) != NULL;
}

/* Which reminder rules become alarms: the calendar's (rs_projection_rule_is_shown ()) or a
 * team calendar's (rs_team_projection_rule_is_published ()). */
typedef struct {
  RsProjectionRuleFunc shown;
  gpointer             user_data;
} RuleFilter;

/* The owner's alarms keep the identifiers they always had. */
static const char *
audience_infix (RsAudience audience)
{
  switch (audience)
    {
    case RS_AUDIENCE_CLIENT:
      return "client-";
    case RS_AUDIENCE_TEAM:
      return "team-";
    case RS_AUDIENCE_OWNER:
    default:
      return "";
    }
}

static void
add_owner_alarms (ICalComponent    *event,
                  RsSale           *sale,
                  RsReminderKind    kind,
                  const char       *summary,
                  const RuleFilter *filter)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);
  g_autofree char *component_uid = NULL;
  g_autofree char *description = NULL;
  g_autofree char *draft_description = NULL;
  guint minutes = rs_sale_get_reminder_minutes (sale);

  component_uid = rs_projection_component_uid (rs_sale_get_uid (sale), kind);
  description = alarm_text (sale, kind, summary);
  draft_description = draft_alarm_text (sale, summary);

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);
      ICalComponent *alarm;
      g_autoptr(ICalDuration) duration = NULL;
      g_autoptr(ICalTrigger) trigger = NULL;
      g_autofree char *alarm_uid = NULL;

      /* The one rule, before any date (rs_sale_reminder_verdict ()): a paused sale has no
       * alarms, a renewed or ended one none for its expiry or notice deadline. Its dates'
       * part is in the components: a marked invoice is a detached instance without alarms,
       * or an EXDATE.
       * Client reminders are mailed by the service (evolution-alarm-notify never sends
       * ACTION:EMAIL alarms); when one becomes a draft, the owner is told at that instant. */
      if (rule->kind != kind ||
          rs_sale_reminder_verdict (sale, kind, rule->audience, rule->lead_days, NULL) !=
          RS_REMINDER_VERDICT_REMINDS ||
          !filter->shown (sale, rule, filter->user_data))
        continue;

      duration = rs_projection_trigger_for (rule->lead_days, minutes);
      trigger = i_cal_trigger_new_from_int (i_cal_duration_as_int (duration));
      /* Stable per rule and time: a snoozed or dismissed reminder survives a refresh, and
       * becomes a new reminder when the rule changes. */
      alarm_uid = g_strdup_printf ("%s-%s%ud-%02u%02u", component_uid,
                                   audience_infix (rule->audience),
                                   rule->lead_days, minutes / 60, minutes % 60);

      alarm = i_cal_component_new_valarm ();
      i_cal_component_take_property (alarm, i_cal_property_new_action (I_CAL_ACTION_DISPLAY));
      i_cal_component_take_property (alarm, i_cal_property_new_trigger (trigger));
      i_cal_component_take_property (alarm, i_cal_property_new_description (
                                       rule->audience == RS_AUDIENCE_CLIENT ? draft_description
                                                                            : description));
      add_x_property (alarm, "X-EVOLUTION-ALARM-UID", alarm_uid);
      i_cal_component_take_component (event, alarm);
    }
}

static ICalComponent *
build_invoice_series (RsSale           *sale,
                      char             *summary,
                      const RuleFilter *filter)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);
  g_autoptr(ICalRecurrence) rrule = rs_projection_rrule_for (schedule);
  g_autofree char *description = event_description (sale, RS_REMINDER_KIND_INVOICE, RS_OCCURRENCE_OPEN);
  ICalComponent *master;
  GArray *marked;

  master = new_all_day_event (sale, RS_REMINDER_KIND_INVOICE, &schedule->start);
  i_cal_component_set_summary (master, summary);
  i_cal_component_set_description (master, description);
  i_cal_component_set_status (master, rs_sale_get_draft (sale) ? I_CAL_STATUS_TENTATIVE
                                                               : I_CAL_STATUS_CONFIRMED);
  /* Neither Evolution nor GNOME Calendar draws TENTATIVE differently; Evolution draws an
   * event's COLOR (RFC 7986) instead of the calendar's. Only the series: an occurrence marked
   * issued is approved, and its detached instance has the calendar's colour. */
  if (rs_sale_get_draft (sale))
    i_cal_component_take_property (master, i_cal_property_new_color (RS_PROJECTION_DRAFT_COLOR));

  if (rrule != NULL)
    {
      i_cal_component_take_property (master, i_cal_property_new_rrule (rrule));
    }
  else if (schedule->term_kind != RS_TERM_OPEN)
    {
      /* No rule says these dates exactly: list them. */
      guint64 n = rs_schedule_n_issues (schedule);

      for (guint64 k = 1; k < n; k++)
        {
          GDate date;
          g_autoptr(ICalTime) time = NULL;
          g_autoptr(ICalDatetimeperiod) period = i_cal_datetimeperiod_new ();

          if (!rs_schedule_issue_date (schedule, k, &date))
            break;
          time = date_to_ical (&date);
          i_cal_datetimeperiod_set_time (period, time);
          i_cal_component_take_property (master, i_cal_property_new_rdate (period));
        }
    }

  marked = rs_sale_get_marked_occurrences (sale);
  for (guint i = 0; i < marked->len; i++)
    {
      const RsOccurrence *occurrence = &g_array_index (marked, RsOccurrence, i);
      g_autoptr(ICalTime) time = NULL;

      if (occurrence->state != RS_OCCURRENCE_SKIPPED)
        continue;
      time = date_to_ical (&occurrence->issue_date);
      i_cal_component_take_property (master, i_cal_property_new_exdate (time));
    }

  add_owner_alarms (master, sale, RS_REMINDER_KIND_INVOICE, summary, filter);
  return master;
}

static ICalComponent *
build_marked_instance (RsSale             *sale,
                       const RsOccurrence *occurrence)
{
  ICalComponent *instance = new_all_day_event (sale, RS_REMINDER_KIND_INVOICE, &occurrence->issue_date);
  g_autoptr(ICalTime) recurrence_id = date_to_ical (&occurrence->issue_date);
  g_autofree char *instance_summary = NULL;
  /* Issued means approved: the draft wording no longer applies to this one. */
  g_autofree char *summary = rs_format_issued_invoice_summary (sale);
  g_autofree char *description = event_description (sale, RS_REMINDER_KIND_INVOICE, occurrence->state);

  if (occurrence->state == RS_OCCURRENCE_PREPAID)
    /* Translators: a calendar event; %s is an invoice summary */
    instance_summary = g_strdup_printf (_("Prepaid: %s"), summary);
  else
    /* Translators: a calendar event; %s is an invoice summary */
    instance_summary = g_strdup_printf (_("Issued: %s"), summary);

  /* A detached instance without alarms: nothing more to remind about. */
  i_cal_component_set_recurrenceid (instance, recurrence_id);
  i_cal_component_set_summary (instance, instance_summary);
  i_cal_component_set_description (instance, description);
  i_cal_component_set_status (instance, I_CAL_STATUS_CONFIRMED);
  return instance;
}

/* The expiry or the notice deadline: one all-day event with its owner alarms. */
static ICalComponent *
build_expiry_or_notice (RsSale           *sale,
                        RsReminderKind    kind,
                        const GDate      *date,
                        const char       *summary,
                        const RuleFilter *filter)
{
  ICalComponent *event = new_all_day_event (sale, kind, date);
  g_autofree char *description = event_description (sale, kind, RS_OCCURRENCE_OPEN);

  i_cal_component_set_summary (event, summary);
  i_cal_component_set_description (event, description);
  i_cal_component_set_status (event, I_CAL_STATUS_CONFIRMED);
  add_owner_alarms (event, sale, kind, summary, filter);
  return event;
}

static char *
invoice_summary (RsSale *sale)
{
  g_autofree char *summary = rs_format_invoice_summary (sale);

  if (rs_sale_get_status (sale) == RS_SALE_STATUS_PAUSED)
    /* Translators: a calendar event of a paused sale; %s is its summary */
    return g_strdup_printf (_("%s (paused)"), summary);

  return g_steal_pointer (&summary);
}

GPtrArray *
rs_projection_build (RsSale *sale)
{
  return rs_projection_build_full (sale, RS_DELIVERY_DRAFT);
}

static gboolean
shown_by_delivery (RsSale               *sale,
                   const RsReminderRule *rule,
                   gpointer              user_data)
{
  return rs_projection_rule_is_shown (sale, rule, (RsDelivery) GPOINTER_TO_INT (user_data));
}

GPtrArray *
rs_projection_build_full (RsSale     *sale,
                          RsDelivery  default_delivery)
{
  return rs_projection_build_with_alarms (sale, shown_by_delivery,
                                          GINT_TO_POINTER (default_delivery));
}

GPtrArray *
rs_projection_build_with_alarms (RsSale               *sale,
                                 RsProjectionRuleFunc  shown,
                                 gpointer              user_data)
{
  const RuleFilter filter = { shown, user_data };
  GPtrArray *components;
  const RsSchedule *schedule;
  g_autofree char *summary = NULL;
  GArray *marked;
  GDate expiry, deadline;

  g_return_val_if_fail (RS_IS_SALE (sale), NULL);

  components = g_ptr_array_new_with_free_func (g_object_unref);
  schedule = rs_sale_get_schedule (sale);
  if (!g_date_valid (&schedule->start))
    return components;

  summary = invoice_summary (sale);
  g_ptr_array_add (components, build_invoice_series (sale, summary, &filter));

  marked = rs_sale_get_marked_occurrences (sale);
  for (guint i = 0; i < marked->len; i++)
    {
      const RsOccurrence *occurrence = &g_array_index (marked, RsOccurrence, i);

      if (occurrence->state == RS_OCCURRENCE_ISSUED || occurrence->state == RS_OCCURRENCE_PREPAID)
        g_ptr_array_add (components, build_marked_instance (sale, occurrence));
    }

  if (rs_schedule_expiry_date (schedule, &expiry))
    {
      g_autofree char *expiry_summary = rs_format_expiry_summary (sale);

      g_ptr_array_add (components, build_expiry_or_notice (sale, RS_REMINDER_KIND_EXPIRY, &expiry,
                                                           expiry_summary, &filter));
    }

  if (rs_sale_get_notice_deadline (sale, &deadline))
    {
      g_autofree char *notice_summary = rs_format_notice_summary (sale);

      g_ptr_array_add (components, build_expiry_or_notice (sale, RS_REMINDER_KIND_NOTICE,
                                                           &deadline, notice_summary,
                                                           &filter));
    }

  return components;
}

char *
rs_projection_export_ics (GPtrArray *sales)
{
  g_autoptr(ICalComponent) calendar = i_cal_component_new_vcalendar ();

  g_return_val_if_fail (sales != NULL, NULL);

  i_cal_component_take_property (calendar, i_cal_property_new_prodid (PRODID));
  i_cal_component_take_property (calendar, i_cal_property_new_version ("2.0"));
  i_cal_component_take_property (calendar, i_cal_property_new_calscale ("GREGORIAN"));

  for (guint i = 0; i < sales->len; i++)
    {
      g_autoptr(GPtrArray) components = rs_projection_build (g_ptr_array_index (sales, i));

      for (guint j = 0; j < components->len; j++)
        i_cal_component_add_component (calendar, g_ptr_array_index (components, j));
    }

  return i_cal_component_as_ical_string (calendar);
}
