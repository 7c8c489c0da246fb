/* rs-calendar-query.c: which sales and components a calendar query matches, before building
 * anything
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Evolution, GNOME Calendar and the reminder watchers almost always ask for a time window
 * ((occur-in-time-range? …), (has-alarms-in-range? …)). The schedule engine tells in a few
 * arithmetic steps whether a sale has an event in it, so only those sales are projected and
 * given to e_cal_backend_sexp_match_comp (), which keeps the last word: the pre-filter may
 * let through too much, never too little. The other queries (a search, one uid, their
 * combinations with a window) are decided from what the cache knows of each component
 * (rs-calendar-predicate.c), and EDS is asked only about what that cannot decide.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "eds-autocleanups.h"
#include "rs-calendar-components.h"
#include "rs-calendar-predicate.h"
#include "rs-calendar-query.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-projection.h>

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
  /* The query is one (occur-in-time-range? start end [zone]) and nothing else: then the
   * schedule engine decides alone for every event well inside or well outside the window. */
  gboolean         plain_range;
  GDate            range_from;  /* the UTC dates of start and end */
  GDate            range_to;
  /* For a plain range: EDS's own answer for an all-day event on a date near the window's
   * edges (Julian day → RsCalendarVerdict), asked once per date and query. */
  ETimezoneCache  *timezone_cache;
  GHashTable      *edge_verdicts;
  /* Every other query: what the backend decides itself; NULL when only EDS can. */
  RsCalendarPredicate *predicate;
};

/* Evolution, GNOME Calendar and the GNOME Shell clock ask exactly this for a window. */
#define PLAIN_RANGE_PATTERN \
  "^\\s*\\(\\s*occur-in-time-range\\?\\s+\\(\\s*make-time\\s+\"[0-9TZ]+\"\\s*\\)\\s+" \
  "\\(\\s*make-time\\s+\"[0-9TZ]+\"\\s*\\)(\\s+\"[^\"]*\")?\\s*\\)\\s*$"

/* A zone is at most 14 hours from UTC: an all-day event on a date two days inside the UTC
 * dates of the window is in it whatever the zone the query places it in, and one two days
 * outside is not. */
#define ZONE_MARGIN_DAYS 2

/* @time as a date in UTC, clamped to the years the engine knows. */
static void
date_from_time (gint64  time,
                GDate  *out_date)
{
  g_autoptr(GDateTime) date_time = NULL;
  static const gint64 first = -2208988800;  /* 1900-01-01 */
  static const gint64 last = 253402214400;  /* 9999-12-31 */

  date_time = g_date_time_new_from_unix_utc (CLAMP (time, first, last));
  rs_date_set_date_time (out_date, date_time);
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

static RsCalendarQuery *
query_new (ECalBackendSExp *sexp,
           ETimezoneCache  *timezone_cache,
           gboolean         with_predicate)
{
  RsCalendarQuery *query;
  time_t start, end;

  g_return_val_if_fail (E_IS_CAL_BACKEND_SEXP (sexp), NULL);
  g_return_val_if_fail (timezone_cache == NULL || E_IS_TIMEZONE_CACHE (timezone_cache), NULL);

  query = g_new0 (RsCalendarQuery, 1);
  query->sexp = g_object_ref (sexp);
  query->timezone_cache = timezone_cache != NULL ? g_object_ref (timezone_cache) : NULL;
  query->edge_verdicts = g_hash_table_new (g_direct_hash, g_direct_equal);
  query->plain_range = g_regex_match_simple (PLAIN_RANGE_PATTERN, e_cal_backend_sexp_text (sexp),
                                             G_REGEX_OPTIMIZE, 0);
  /* A plain range needs no predicate; a range within a predicate is one (no recursion). */
  if (with_predicate && !query->plain_range)
    query->predicate = rs_calendar_predicate_new (e_cal_backend_sexp_text (sexp),
                                                  timezone_cache);

  /* The window of occur-in-time-range?, has-alarms-in-range? and due-in-time-range? (and of
   * their and/or combinations); none for anything that could match outside it. */
  if (!e_cal_backend_sexp_evaluate_occur_times (sexp, &start, &end))
    {
      query->plain_range = FALSE;
      return query;
    }

  query->bounded = TRUE;
  /* e-sexp.c gives has-alarms-in-range? the same kind of window as occur-in-time-range?; an
   * alarm fires before its event, so such a window must look further ahead. */
  query->alarms = strstr (e_cal_backend_sexp_text (sexp), "has-alarms-in-range?") != NULL;
  query->occurs = !query->alarms ||
                  strstr (e_cal_backend_sexp_text (sexp), "occur-in-time-range?") != NULL ||
                  strstr (e_cal_backend_sexp_text (sexp), "due-in-time-range?") != NULL;
  date_from_time (start, &query->from);
  date_from_time (end, &query->to);
  query->range_from = query->from;
  query->range_to = query->to;
  add_days_clamped (&query->from, -SLACK_DAYS);
  add_days_clamped (&query->to, SLACK_DAYS);
  return query;
}

RsCalendarQuery *
rs_calendar_query_new (ECalBackendSExp *sexp,
                       ETimezoneCache  *timezone_cache)
{
  return query_new (sexp, timezone_cache, TRUE);
}

RsCalendarQuery *
rs_calendar_query_new_range (ECalBackendSExp *sexp,
                             ETimezoneCache  *timezone_cache)
{
  return query_new (sexp, timezone_cache, FALSE);
}

GHashTable *
rs_calendar_query_get_sale_uids (const RsCalendarQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  return query->predicate != NULL ? rs_calendar_predicate_get_sale_uids (query->predicate)
                                  : NULL;
}

void
rs_calendar_query_free (RsCalendarQuery *query)
{
  if (query == NULL)
    return;

  g_clear_object (&query->sexp);
  g_clear_object (&query->timezone_cache);
  g_clear_pointer (&query->edge_verdicts, g_hash_table_unref);
  g_clear_pointer (&query->predicate, rs_calendar_predicate_free);
  g_free (query);
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
      return rs_schedule_expiry_date (schedule, &date) && rs_date_in_range (&date, from, to);
    case RS_REMINDER_KIND_NOTICE:
      return rs_sale_get_notice_deadline (sale, &date) && rs_date_in_range (&date, from, to);
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
          rs_sale_reminder_verdict (sale, rule->kind, rule->audience, rule->lead_days, NULL) !=
          RS_REMINDER_VERDICT_REMINDS)
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

/* Whether an all-day event on @date (every event of ours is one: an instance of a series
 * included) matches the query, by EDS's own matching of such an event: what the zone of the
 * query and EDS's rules at the edges make of a date near them is the same for every sale. */
static RsCalendarVerdict
edge_date_verdict (const RsCalendarQuery *query,
                   const GDate           *date)
{
  gpointer key = GUINT_TO_POINTER (g_date_get_julian (date));
  gpointer known;
  g_autoptr(ECalComponent) probe = NULL;
  g_autofree char *text = NULL;
  GDate next_day = *date;
  RsCalendarVerdict verdict;

  if (query->timezone_cache == NULL)
    return RS_CALENDAR_VERDICT_MAYBE;
  if (g_hash_table_lookup_extended (query->edge_verdicts, key, NULL, &known))
    return GPOINTER_TO_INT (known);

  g_date_add_days (&next_day, 1);
  text = g_strdup_printf ("BEGIN:VEVENT\r\nUID:recurring-sales-edge-probe\r\n"
                          "DTSTART;VALUE=DATE:%04u%02u%02u\r\n"
                          "DTEND;VALUE=DATE:%04u%02u%02u\r\nEND:VEVENT\r\n",
                          g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), g_date_get_year (&next_day),
                          g_date_get_month (&next_day), g_date_get_day (&next_day));
  probe = e_cal_component_new_from_string (text);
  if (probe == NULL)
    return RS_CALENDAR_VERDICT_MAYBE;

  verdict = e_cal_backend_sexp_match_comp (query->sexp, probe, query->timezone_cache)
    ? RS_CALENDAR_VERDICT_YES : RS_CALENDAR_VERDICT_NO;
  g_hash_table_insert (query->edge_verdicts, key, GINT_TO_POINTER (verdict));
  return verdict;
}

/* Whether an all-day event on @date is in the window: from the dates alone when it lies well
 * inside or outside, from EDS's matching of one such event near the edges (where the zone
 * decides), MAYBE when that cannot be asked. */
static RsCalendarVerdict
date_verdict (const RsCalendarQuery *query,
              const GDate           *date)
{
  GDate inner_from = query->range_from, inner_to = query->range_to;
  GDate outer_from = query->range_from, outer_to = query->range_to;

  add_days_clamped (&inner_from, ZONE_MARGIN_DAYS);
  add_days_clamped (&inner_to, -ZONE_MARGIN_DAYS);
  add_days_clamped (&outer_from, -ZONE_MARGIN_DAYS);
  add_days_clamped (&outer_to, ZONE_MARGIN_DAYS);

  if (!rs_date_in_range (date, &outer_from, &outer_to))
    return RS_CALENDAR_VERDICT_NO;
  if (rs_date_in_range (date, &inner_from, &inner_to))
    return RS_CALENDAR_VERDICT_YES;
  return edge_date_verdict (query, date);
}

static gboolean
is_overridden (RsSale      *sale,
               const GDate *issue_date)
{
  /* The series leaves out every marked date: skipped ones by EXDATE, issued and prepaid ones
   * because a detached instance stands for them (rs-calendar-eds-compat.c). */
  return rs_sale_get_occurrence_state (sale, issue_date) != RS_OCCURRENCE_OPEN;
}

RsCalendarVerdict
rs_calendar_query_component_verdict (const RsCalendarQuery         *query,
                                     RsSale                        *sale,
                                     const RsCalendarComponentInfo *info)
{
  const RsSchedule *schedule;
  g_autoptr(GArray) dates = NULL;
  GDate from, to, date;
  RsCalendarVerdict verdict = RS_CALENDAR_VERDICT_NO;

  g_return_val_if_fail (query != NULL, RS_CALENDAR_VERDICT_MAYBE);
  g_return_val_if_fail (RS_IS_SALE (sale), RS_CALENDAR_VERDICT_MAYBE);
  g_return_val_if_fail (info != NULL, RS_CALENDAR_VERDICT_MAYBE);

  if (!query->plain_range)
    return query->predicate != NULL ? rs_calendar_predicate_verdict (query->predicate, sale, info)
                                    : RS_CALENDAR_VERDICT_MAYBE;

  schedule = rs_sale_get_schedule (sale);
  if (g_date_valid (&info->recurrence_date))
    return date_verdict (query, &info->recurrence_date);

  switch (info->kind)
    {
    case RS_REMINDER_KIND_EXPIRY:
      return rs_schedule_expiry_date (schedule, &date) ? date_verdict (query, &date)
                                                       : RS_CALENDAR_VERDICT_MAYBE;
    case RS_REMINDER_KIND_NOTICE:
      return rs_sale_get_notice_deadline (sale, &date) ? date_verdict (query, &date)
                                                       : RS_CALENDAR_VERDICT_MAYBE;
    case RS_REMINDER_KIND_INVOICE:
    default:
      break;
    }

  /* The series: its dates near the window, less the overridden ones. */
  from = query->range_from;
  to = query->range_to;
  add_days_clamped (&from, -ZONE_MARGIN_DAYS);
  add_days_clamped (&to, ZONE_MARGIN_DAYS);
  dates = g_array_new (FALSE, FALSE, sizeof (GDate));
  rs_schedule_collect_issue_dates (schedule, &from, &to, dates);
  for (guint i = 0; i < dates->len && verdict != RS_CALENDAR_VERDICT_YES; i++)
    {
      const GDate *issue_date = &g_array_index (dates, GDate, i);
      RsCalendarVerdict one;

      if (is_overridden (sale, issue_date))
        continue;
      one = date_verdict (query, issue_date);
      if (one != RS_CALENDAR_VERDICT_NO)
        verdict = one;
    }

  return verdict;
}

RsCalendarEntry *
rs_calendar_query_match_components (const RsCalendarQuery  *query,
                                    RsSale                 *sale,
                                    const RsCalendarFilter *filter,
                                    RsCalendarCache        *cache,
                                    ETimezoneCache         *timezone_cache,
                                    GArray                 *indexes)
{
  g_autoptr(RsCalendarEntry) entry = NULL;
  g_autoptr(GPtrArray) components = NULL;
  guint found = 0;

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (indexes != NULL, NULL);

  if (!rs_calendar_query_may_match_sale (query, sale, filter))
    return NULL;

  entry = rs_calendar_cache_lookup (cache, sale, filter);
  for (guint i = 0; i < entry->texts->len; i++)
    {
      RsCalendarVerdict verdict = rs_calendar_query_component_verdict (query, sale,
                                                                       &entry->infos[i]);

      if (verdict == RS_CALENDAR_VERDICT_MAYBE)
        {
          /* The last word is EDS's own matching, on the same components. */
          if (components == NULL)
            components = rs_calendar_components_build (sale, filter);
          if (i < components->len &&
              e_cal_backend_sexp_match_comp (query->sexp, components->pdata[i], timezone_cache))
            verdict = RS_CALENDAR_VERDICT_YES;
        }

      if (verdict == RS_CALENDAR_VERDICT_YES)
        {
          g_array_append_val (indexes, i);
          found++;
        }
    }

  return found > 0 ? g_steal_pointer (&entry) : NULL;
}

void
rs_calendar_query_collect_texts (const RsCalendarQuery  *query,
                                 RsSale                 *sale,
                                 const RsCalendarFilter *filter,
                                 RsCalendarCache        *cache,
                                 ETimezoneCache         *timezone_cache,
                                 GPtrArray              *texts)
{
  g_autoptr(GArray) indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(RsCalendarEntry) entry = NULL;

  g_return_if_fail (query != NULL);
  g_return_if_fail (texts != NULL);

  entry = rs_calendar_query_match_components (query, sale, filter, cache, timezone_cache,
                                              indexes);
  for (guint i = 0; i < indexes->len; i++)
    g_ptr_array_add (texts, g_strdup (entry->texts->pdata[g_array_index (indexes, guint, i)]));
}
