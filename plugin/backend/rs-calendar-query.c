/* rs-calendar-query.c: which sales a calendar query can possibly match, before building anything
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Evolution, GNOME Calendar and the reminder watchers almost always ask for a time window
 * ((occur-in-time-range? …), (has-alarms-in-range? …)). The schedule engine tells in a few
 * arithmetic steps whether a sale has an event in it, so only those sales are projected and
 * given to e_cal_backend_sexp_match_comp (), which keeps the last word: the pre-filter may
 * let through too much, never too little.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "eds-autocleanups.h"
#include "rs-calendar-components.h"
#include "rs-calendar-query.h"
#include "rs-projection.h"

/* Floating all-day dates are placed in whatever zone the caller uses: up to 14 hours either
 * way around UTC, so the window grows by a day at each end. */
#define SLACK_DAYS 1

struct _RsCalendarQuery
{
  ECalBackendSExp *sexp;
  gboolean         bounded;   /* FALSE: every sale may match */
  gboolean         alarms;    /* the window is (also) about when reminders fire */
  gboolean         occurs;    /* the window is (also) about when events happen */
  GDate            from;      /* inclusive, already widened */
  GDate            to;
};

/* @time as a date in UTC, clamped to the years the engine knows. */
static void
date_from_time (gint64  time,
                GDate  *out_date)
{
  g_autoptr(GDateTime) date_time = NULL;
  static const gint64 first = -2208988800;  /* 1900-01-01 */
  static const gint64 last = 253402214400;  /* 9999-12-31 */

  date_time = g_date_time_new_from_unix_utc (CLAMP (time, first, last));
  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) g_date_time_get_day_of_month (date_time),
                  (GDateMonth) g_date_time_get_month (date_time),
                  (GDateYear) g_date_time_get_year (date_time));
}

static void
add_days_clamped (GDate *date,
                  int    days)
{
  GDate limit;

  if (days < 0)
    {
      g_date_clear (&limit, 1);
      g_date_set_dmy (&limit, 1 + SLACK_DAYS, G_DATE_JANUARY, 1900);
      if (g_date_compare (date, &limit) >= 0)
        g_date_subtract_days (date, (guint) -days);
    }
  else
    {
      g_date_clear (&limit, 1);
      g_date_set_dmy (&limit, 1, G_DATE_JANUARY, 9999);
      if (g_date_compare (date, &limit) < 0)
        g_date_add_days (date, (guint) days);
    }
}

RsCalendarQuery *
rs_calendar_query_new (ECalBackendSExp *sexp)
{
  RsCalendarQuery *query;
  time_t start, end;

  g_return_val_if_fail (E_IS_CAL_BACKEND_SEXP (sexp), NULL);

  query = g_new0 (RsCalendarQuery, 1);
  query->sexp = g_object_ref (sexp);

  /* The window of occur-in-time-range?, has-alarms-in-range? and due-in-time-range? (and of
   * their and/or combinations); none for anything that could match outside it. */
  if (!e_cal_backend_sexp_evaluate_occur_times (sexp, &start, &end))
    return query;

  query->bounded = TRUE;
  /* e-sexp.c gives has-alarms-in-range? the same kind of window as occur-in-time-range?; an
   * alarm fires before its event, so such a window must look further ahead. */
  query->alarms = strstr (e_cal_backend_sexp_text (sexp), "has-alarms-in-range?") != NULL;
  query->occurs = !query->alarms ||
                  strstr (e_cal_backend_sexp_text (sexp), "occur-in-time-range?") != NULL ||
                  strstr (e_cal_backend_sexp_text (sexp), "due-in-time-range?") != NULL;
  date_from_time (start, &query->from);
  date_from_time (end, &query->to);
  add_days_clamped (&query->from, -SLACK_DAYS);
  add_days_clamped (&query->to, SLACK_DAYS);
  return query;
}

void
rs_calendar_query_free (RsCalendarQuery *query)
{
  if (query == NULL)
    return;

  g_clear_object (&query->sexp);
  g_free (query);
}

static gboolean
date_in (const GDate *date,
         const GDate *from,
         const GDate *to)
{
  return g_date_compare (date, from) >= 0 && g_date_compare (date, to) <= 0;
}

/* Whether an event of @kind that @filter shows falls in [@from, @to]. */
static gboolean
has_event_in (RsSale                 *sale,
              const RsCalendarFilter *filter,
              RsReminderKind          kind,
              const GDate            *from,
              const GDate            *to)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);
  GDate date;

  if (!rs_calendar_filter_accepts_kind (filter, kind))
    return FALSE;

  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      return rs_schedule_next_issue_on_or_after (schedule, from, &date, NULL) &&
             g_date_compare (&date, to) <= 0;
    case RS_REMINDER_KIND_EXPIRY:
      return rs_schedule_expiry_date (schedule, &date) && date_in (&date, from, to);
    case RS_REMINDER_KIND_NOTICE:
      return rs_sale_get_notice_deadline (sale, &date) && date_in (&date, from, to);
    default:
      return FALSE;
    }
}

/* A reminder L days before an event, at a time of day, fires in the window when the event is
 * L days after a day of the window (give or take the day that the time of day, and the zone,
 * may add). Only the reminders the calendar shows count (the owner's, and client reminders
 * that become drafts), and only those the sale still sends. */
static gboolean
has_reminder_in (RsSale                 *sale,
                 const RsCalendarFilter *filter,
                 const GDate            *from,
                 const GDate            *to)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);
      GDate event_from = *from, event_to = *to;

      if (!rs_projection_rule_is_shown (sale, rule, filter->default_delivery) ||
          !rs_sale_reminds_about (sale, rule->kind))
        continue;

      add_days_clamped (&event_from, (int) rule->lead_days - SLACK_DAYS);
      add_days_clamped (&event_to, (int) rule->lead_days);
      if (has_event_in (sale, filter, rule->kind, &event_from, &event_to))
        return TRUE;
    }

  return FALSE;
}

gboolean
rs_calendar_query_may_match_sale (const RsCalendarQuery  *query,
                                  RsSale                 *sale,
                                  const RsCalendarFilter *filter)
{
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);

  if (!rs_calendar_filter_accepts_sale (filter, sale))
    return FALSE;
  if (!query->bounded)
    return TRUE;

  if (query->alarms && has_reminder_in (sale, filter, &query->from, &query->to))
    return TRUE;

  return query->occurs &&
         (has_event_in (sale, filter, RS_REMINDER_KIND_INVOICE, &query->from, &query->to) ||
          has_event_in (sale, filter, RS_REMINDER_KIND_EXPIRY, &query->from, &query->to) ||
          has_event_in (sale, filter, RS_REMINDER_KIND_NOTICE, &query->from, &query->to));
}

void
rs_calendar_query_collect (const RsCalendarQuery  *query,
                           RsSale                 *sale,
                           const RsCalendarFilter *filter,
                           ETimezoneCache         *timezone_cache,
                           GPtrArray              *matches)
{
  g_autoptr(GPtrArray) components = NULL;

  g_return_if_fail (query != NULL);
  g_return_if_fail (matches != NULL);

  if (!rs_calendar_query_may_match_sale (query, sale, filter))
    return;

  components = rs_calendar_components_build (sale, filter);
  for (guint i = 0; i < components->len; i++)
    {
      ECalComponent *component = g_ptr_array_index (components, i);

      if (e_cal_backend_sexp_match_comp (query->sexp, component, timezone_cache))
        g_ptr_array_add (matches, g_object_ref (component));
    }
}
