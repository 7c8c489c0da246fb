/* rs-client-reminders.c: when a sale's client reminders fall due
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <recurring-sales/rs-client-reminders.h>
#include <recurring-sales/rs-date.h>

/* GDateTime covers years 1–9999; windows are clamped to a span inside it so that converting
 * their ends to local dates cannot fail, whatever epoch values a caller passes. */
#define EARLIEST_INSTANT G_GINT64_CONSTANT (-62135510400)  /* 0001-01-02T00:00:00Z */
#define LATEST_INSTANT   G_GINT64_CONSTANT (253402128000)  /* 9999-12-30T00:00:00Z */

static gboolean
has_client_email (RsSale *sale)
{
  const char *email = rs_sale_get_client_email (sale);

  return email != NULL && *email != '\0';
}

/* Whether an equal client rule comes earlier in @rules: a duplicate would otherwise mail the
 * same reminder twice. */
static gboolean
is_duplicate_rule (GPtrArray            *rules,
                   guint                 index,
                   const RsReminderRule *rule)
{
  for (guint i = 0; i < index; i++)
    {
      const RsReminderRule *other = g_ptr_array_index (rules, i);

      if (rs_reminder_rule_equal (other, rule))
        return TRUE;
    }

  return FALSE;
}

/* The due instant of a reminder @lead_days before @occurrence: the wall-clock time @minutes
 * after midnight, on that day, under @zone's rules for that day (so 09:00 stays 09:00 across a
 * DST change; a time in a DST gap is moved forward by GDateTime). */
static gboolean
due_instant (GTimeZone   *zone,
             const GDate *occurrence,
             guint        lead_days,
             guint        minutes,
             gint64      *out_due)
{
  g_autoptr(GDateTime) when = NULL;
  GDate day = *occurrence;

  if (g_date_get_julian (&day) <= lead_days)
    return FALSE;
  g_date_subtract_days (&day, lead_days);

  when = g_date_time_new (zone, g_date_get_year (&day), g_date_get_month (&day),
                          g_date_get_day (&day), (int) (minutes / 60), (int) (minutes % 60), 0);
  if (when == NULL)
    return FALSE;

  *out_due = g_date_time_to_unix (when);
  return TRUE;
}

/* The local calendar day of @instant in @zone. */
static void
local_day (GTimeZone *zone,
           gint64     instant,
           GDate     *out_day)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  instant = CLAMP (instant, EARLIEST_INSTANT, LATEST_INSTANT);
  utc = g_date_time_new_from_unix_utc (instant);
  local = g_date_time_to_timezone (utc, zone);
  rs_date_set_date_time (out_day, local);
}

static GTimeZone *
ref_zone (GTimeZone *zone)
{
  return zone != NULL ? g_time_zone_ref (zone) : g_time_zone_new_local ();
}

static void
append_due (GArray               *due,
            const RsReminderRule *rule,
            const GDate          *occurrence,
            gint64                instant)
{
  RsDueReminder item;

  item.kind = rule->kind;
  item.audience = rule->audience;
  item.lead_days = rule->lead_days;
  item.occurrence = *occurrence;
  item.due = instant;
  g_array_append_val (due, item);
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const RsDueReminder *due_a = a;
  const RsDueReminder *due_b = b;

  if (due_a->due != due_b->due)
    return due_a->due < due_b->due ? -1 : 1;
  if (due_a->kind != due_b->kind)
    return due_a->kind < due_b->kind ? -1 : 1;
  if (due_a->lead_days != due_b->lead_days)
    return due_a->lead_days < due_b->lead_days ? -1 : 1;
  if (due_a->audience != due_b->audience)
    return due_a->audience < due_b->audience ? -1 : 1;
  return g_date_compare (&due_a->occurrence, &due_b->occurrence);
}

/* The single date a reminder of @kind is about (expiry or notice deadline), if the sale has
 * one; invoices have a series and are handled apart. */
static gboolean
single_occurrence (RsSale         *sale,
                   RsReminderKind  kind,
                   GDate          *out_date)
{
  switch (kind)
    {
    case RS_REMINDER_KIND_EXPIRY:
      return rs_schedule_expiry_date (rs_sale_get_schedule (sale), out_date);
    case RS_REMINDER_KIND_NOTICE:
      return rs_sale_get_notice_deadline (sale, out_date);
    case RS_REMINDER_KIND_INVOICE:
    default:
      return FALSE;
    }
}

/* Whether the dispatcher mails the rules of @audience for @sale, as @audiences asks: the
 * client's need an address, the team's are judged when they fall due (the team may be the
 * setting's). */
#define AUDIENCE_BIT(audience) (1u << (audience))

static gboolean
wants_audience (RsSale     *sale,
                guint       audiences,
                RsAudience  audience)
{
  if (!(audiences & AUDIENCE_BIT (audience)))
    return FALSE;
  return audience != RS_AUDIENCE_CLIENT || has_client_email (sale);
}

static GArray *reminders_due (RsSale *sale, guint audiences, gint64 after, gint64 until,
                              GTimeZone *zone);
static gboolean reminders_next_due (RsSale *sale, guint audiences, gint64 after,
                                    GTimeZone *zone, gint64 *out_due);

GArray *
rs_client_reminders_due (RsSale    *sale,
                         gint64     after,
                         gint64     until,
                         GTimeZone *zone)
{
  return reminders_due (sale, AUDIENCE_BIT (RS_AUDIENCE_CLIENT), after, until, zone);
}

GArray *
rs_mailed_reminders_due (RsSale    *sale,
                         gint64     after,
                         gint64     until,
                         GTimeZone *zone)
{
  return reminders_due (sale, AUDIENCE_BIT (RS_AUDIENCE_CLIENT) | AUDIENCE_BIT (RS_AUDIENCE_TEAM),
                        after, until, zone);
}

gboolean
rs_client_reminders_next_due (RsSale    *sale,
                              gint64     after,
                              GTimeZone *zone,
                              gint64    *out_due)
{
  return reminders_next_due (sale, AUDIENCE_BIT (RS_AUDIENCE_CLIENT), after, zone, out_due);
}

gboolean
rs_mailed_reminders_next_due (RsSale    *sale,
                              gint64     after,
                              GTimeZone *zone,
                              gint64    *out_due)
{
  return reminders_next_due (sale,
                             AUDIENCE_BIT (RS_AUDIENCE_CLIENT) | AUDIENCE_BIT (RS_AUDIENCE_TEAM),
                             after, zone, out_due);
}

static GArray *
reminders_due (RsSale    *sale,
               guint      audiences,
               gint64     after,
               gint64     until,
               GTimeZone *zone)
{
  g_autoptr(GTimeZone) local_zone = NULL;
  GArray *due;
  GPtrArray *rules;
  guint minutes;
  GDate first_day, last_day;

  g_return_val_if_fail (RS_IS_SALE (sale), NULL);

  due = g_array_new (FALSE, FALSE, sizeof (RsDueReminder));
  if (after >= until || !g_date_valid (&rs_sale_get_schedule (sale)->start))
    return due;
  if (after >= LATEST_INSTANT || until <= EARLIEST_INSTANT)
    return due;

  local_zone = ref_zone (zone);
  minutes = rs_sale_get_reminder_minutes (sale);
  rules = rs_sale_get_reminders (sale);

  /* The days whose reminder time can fall in the window, one day wider on each side: a time
   * moved forward out of a DST gap may land on the next day. Every candidate is then checked
   * against the exact window. */
  local_day (local_zone, after, &first_day);
  local_day (local_zone, until, &last_day);
  g_date_subtract_days (&first_day, 1);
  g_date_add_days (&last_day, 1);

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);
      GDate from = first_day, to = last_day;
      gint64 instant;

      if (!wants_audience (sale, audiences, rule->audience) ||
          is_duplicate_rule (rules, i, rule))
        continue;

      /* The occurrences whose reminder day (occurrence − lead) is in [first_day, last_day]. */
      g_date_add_days (&from, rule->lead_days);
      g_date_add_days (&to, rule->lead_days);

      if (rule->kind == RS_REMINDER_KIND_INVOICE)
        {
          g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (GDate));

          /* Only the issue dates inside [from, to]: an open-ended series is never expanded. */
          rs_schedule_collect_issue_dates (rs_sale_get_schedule (sale), &from, &to, dates);
          for (guint d = 0; d < dates->len; d++)
            {
              const GDate *date = &g_array_index (dates, GDate, d);

              if (due_instant (local_zone, date, rule->lead_days, minutes, &instant) &&
                  instant > after && instant <= until)
                append_due (due, rule, date, instant);
            }
        }
      else
        {
          GDate date;

          if (single_occurrence (sale, rule->kind, &date) &&
              rs_date_in_range (&date, &from, &to) &&
              due_instant (local_zone, &date, rule->lead_days, minutes, &instant) &&
              instant > after && instant <= until)
            append_due (due, rule, &date, instant);
        }
    }

  g_array_sort (due, compare_due);
  return due;
}

/* The first due instant of @rule strictly after @after, from the first occurrence whose
 * reminder day can be the local day of @after (or the day before). Reminder days grow with
 * the occurrences, so at most a few issue dates are looked at, however far away the next one
 * is: no window has to be stepped through. */
static gboolean
next_due_of_rule (RsSale               *sale,
                  const RsReminderRule *rule,
                  GTimeZone            *zone,
                  gint64                after,
                  gint64               *out_due)
{
  guint minutes = rs_sale_get_reminder_minutes (sale);
  GDate from, date;
  gint64 instant;

  local_day (zone, after, &from);
  g_date_subtract_days (&from, 1);
  g_date_add_days (&from, rule->lead_days);

  if (rule->kind == RS_REMINDER_KIND_INVOICE)
    {
      const RsSchedule *schedule = rs_sale_get_schedule (sale);
      guint64 k;

      if (!rs_schedule_next_issue_on_or_after (schedule, &from, &date, &k))
        return FALSE;

      do
        {
          if (due_instant (zone, &date, rule->lead_days, minutes, &instant) && instant > after)
            {
              *out_due = instant;
              return TRUE;
            }
        }
      while (rs_schedule_issue_date (schedule, ++k, &date));

      return FALSE;
    }

  if (!single_occurrence (sale, rule->kind, &date) || g_date_compare (&date, &from) < 0)
    return FALSE;
  if (!due_instant (zone, &date, rule->lead_days, minutes, &instant) || instant <= after)
    return FALSE;

  *out_due = instant;
  return TRUE;
}

static gboolean
reminders_next_due (RsSale    *sale,
                    guint      audiences,
                    gint64     after,
                    GTimeZone *zone,
                    gint64    *out_due)
{
  g_autoptr(GTimeZone) local_zone = NULL;
  GPtrArray *rules;
  gboolean found = FALSE;
  gint64 best = 0;

  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);

  if (!g_date_valid (&rs_sale_get_schedule (sale)->start) || after >= LATEST_INSTANT)
    return FALSE;

  local_zone = ref_zone (zone);
  rules = rs_sale_get_reminders (sale);

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);
      gint64 instant;

      /* Rules that remind of nothing whatever the date (a paused sale, the expiry of a
       * renewed one) give the dispatcher no reason to wake up; a renewed or ended sale's
       * invoices still do, to the end of its term. */
      if (!wants_audience (sale, audiences, rule->audience) ||
          rs_sale_reminder_verdict (sale, rule->kind, rule->audience, rule->lead_days, NULL) !=
          RS_REMINDER_VERDICT_REMINDS)
        continue;

      if (next_due_of_rule (sale, rule, local_zone, after, &instant) && (!found || instant < best))
        {
          best = instant;
          found = TRUE;
        }
    }

  if (found && out_due != NULL)
    *out_due = best;
  return found;
}

gboolean
rs_client_reminder_applies (RsSale         *sale,
                            RsReminderKind  kind,
                            guint           lead_days,
                            const GDate    *occurrence)
{
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), FALSE);

  return rs_sale_reminder_verdict (sale, kind, RS_AUDIENCE_CLIENT, lead_days, occurrence) ==
         RS_REMINDER_VERDICT_REMINDS;
}

gboolean
rs_client_reminder_due_at (RsSale      *sale,
                           const GDate *occurrence,
                           guint        lead_days,
                           GTimeZone   *zone,
                           gint64      *out_due)
{
  g_autoptr(GTimeZone) local_zone = NULL;

  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), FALSE);
  g_return_val_if_fail (out_due != NULL, FALSE);

  local_zone = ref_zone (zone);
  return due_instant (local_zone, occurrence, lead_days, rs_sale_get_reminder_minutes (sale),
                      out_due);
}
