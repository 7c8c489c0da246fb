/* test-calendar-query.c: the schedule's verdicts on time-range queries agree with EDS's own
 * matching, component by component
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * rs_calendar_query_component_verdict () answers a plain (occur-in-time-range? …) query from
 * the schedule engine, asking EDS only about an all-day event on each date near the window's
 * edges, never about a sale's component. Here every verdict is checked against
 * e_cal_backend_sexp_match_comp () on the very same component, for sales of every period, day
 * of month, term and mark, windows of every length and edge, and the zones furthest from UTC.
 * Without a timezone cache the dates near the edges stay MAYBE (left to EDS).
 */
#include "config.h"

#include <string.h>

#include <libedata-cal/libedata-cal.h>

#include "eds-autocleanups.h"
#include "rs-calendar-cache.h"
#include "rs-calendar-components.h"
#include "rs-calendar-query.h"
#include "test-zones.h"
#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-autocleanups.h>

static RsSale *
make_sale (guint index)
{
  static const char * const periods[] = { "1m", "3m", "1y", "2w", "10d", "1m", "6m" };
  RsSale *sale = rs_sale_new ();
  RsSchedule schedule = { 0 };
  g_autofree char *uid = g_strdup_printf ("sale-%04u", index);
  guint day = 1 + index % 31;
  guint month = 1 + (index / 31) % 12;
  GDate issue;

  rs_sale_set_uid (sale, uid);
  rs_sale_set_client_name (sale, "Acme");
  rs_sale_set_service (sale, "Hosting");
  rs_sale_set_amount_minor (sale, 12000);
  rs_sale_set_currency (sale, "EUR");
  g_date_clear (&schedule.start, 1);
  g_date_set_dmy (&schedule.start, MIN (day, rs_date_days_in_month (2026, month)), month, 2026);
  g_assert_true (rs_period_parse (periods[index % G_N_ELEMENTS (periods)], "period",
                                  &schedule.period, NULL));
  g_date_clear (&schedule.until, 1);
  switch (index % 4)
    {
    case 0:
      schedule.term_kind = RS_TERM_OPEN;
      break;
    case 1:
      schedule.term_kind = RS_TERM_COUNT;
      schedule.count = 1 + index % 15;
      break;
    default:
      schedule.term_kind = RS_TERM_LENGTH;
      g_assert_true (rs_period_parse (index % 4 == 2 ? "1y" : "2y", "term",
                                      &schedule.term_length, NULL));
      break;
    }
  rs_sale_set_schedule (sale, &schedule);
  if (schedule.term_kind != RS_TERM_OPEN && index % 3 == 0)
    {
      GDate deadline;

      /* Only where the deadline falls within the term, as validation wants. */
      rs_sale_set_notice_days (sale, 30);
      if (!rs_schedule_notice_deadline (&schedule, 30, &deadline, NULL) ||
          g_date_compare (&deadline, &schedule.start) < 0)
        rs_sale_set_notice_days (sale, -1);
    }

  /* Marks on some issue dates: a detached instance, or a date left out. */
  for (guint k = 1; k < 4 && index % 5 == 0; k++)
    if (rs_schedule_issue_date (&schedule, k, &issue))
      rs_sale_set_occurrence_state (sale, &issue, (RsOccurrenceState) (1 + k % 3));

  return sale;
}

static char *
make_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y%m%dT%H%M%SZ");
}

static void
test_verdicts_agree_with_eds (void)
{
  static const char * const zones[] = { NULL, "Europe/Athens", "Pacific/Kiritimati",
                                        "Pacific/Pago_Pago", "America/New_York" };
  g_autoptr(TestZones) cache = test_zones_new ();
  g_autoptr(RsCalendarFilter) filter = g_new0 (RsCalendarFilter, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261127);
  guint checked = 0, decided = 0, undecided_without_zones = 0;

  filter->show_invoices = filter->show_expiries = filter->show_notices = TRUE;
  filter->default_delivery = RS_DELIVERY_DRAFT;

  for (guint index = 0; index < 240; index++)
    {
      g_autoptr(RsSale) sale = make_sale (index);
      g_autoptr(GPtrArray) components = rs_calendar_components_build (sale, filter);

      g_autoptr(GError) error = NULL;

      if (!rs_sale_validate (sale, &error))
        g_error ("sale %u: %s", index, error->message);
      for (guint w = 0; w < 12; w++)
        {
          /* Windows from a few hours to a year and a half, at any hour, in 2026–2028. */
          g_autoptr(GDateTime) origin = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
          g_autoptr(GDateTime) start = g_date_time_add_seconds (
            origin, (double) g_rand_int_range (rand, 0, 3 * 365 * 24) * 3600);
          g_autoptr(GDateTime) end = g_date_time_add_seconds (
            start, (double) g_rand_int_range (rand, 3, 550 * 24) * 3600);
          g_autofree char *start_text = make_time (start);
          g_autofree char *end_text = make_time (end);
          const char *zone = zones[w % G_N_ELEMENTS (zones)];
          g_autofree char *text = zone != NULL
            ? g_strdup_printf ("(occur-in-time-range? (make-time \"%s\") (make-time \"%s\") \"%s\")",
                               start_text, end_text, zone)
            : g_strdup_printf ("(occur-in-time-range? (make-time \"%s\") (make-time \"%s\"))",
                               start_text, end_text);
          g_autoptr(ECalBackendSExp) sexp = e_cal_backend_sexp_new (text);
          g_autoptr(RsCalendarQuery) query = rs_calendar_query_new (sexp, E_TIMEZONE_CACHE (cache));
          g_autoptr(RsCalendarQuery) zoneless = rs_calendar_query_new (sexp, NULL);

          for (guint i = 0; i < components->len; i++)
            {
              ECalComponent *component = g_ptr_array_index (components, i);
              g_auto(RsCalendarComponentInfo) info = { 0 };
              RsCalendarVerdict verdict;
              gboolean matches;

              rs_calendar_component_info_init (&info, component);
              verdict = rs_calendar_query_component_verdict (query, sale, &info);
              checked++;
              switch (rs_calendar_query_component_verdict (zoneless, sale, &info))
                {
                case RS_CALENDAR_VERDICT_MAYBE:
                  undecided_without_zones++;
                  break;
                case RS_CALENDAR_VERDICT_YES:
                  g_assert_cmpint (verdict, ==, RS_CALENDAR_VERDICT_YES);
                  break;
                case RS_CALENDAR_VERDICT_NO:
                  g_assert_cmpint (verdict, ==, RS_CALENDAR_VERDICT_NO);
                  break;
                }
              if (verdict == RS_CALENDAR_VERDICT_MAYBE)
                continue;

              decided++;
              matches = e_cal_backend_sexp_match_comp (sexp, component, E_TIMEZONE_CACHE (cache));
              if (matches != (verdict == RS_CALENDAR_VERDICT_YES))
                g_error ("%s, component %s: the schedule says %s, EDS says %s",
                         text, e_cal_component_get_uid (component),
                         verdict == RS_CALENDAR_VERDICT_YES ? "in" : "out",
                         matches ? "in" : "out");
            }
        }
    }

  g_test_message ("%u verdicts, %u decided; %u near the edges without zones", checked, decided,
                  undecided_without_zones);
  /* Near the edges, EDS is asked about one date, never about a sale's component. */
  g_assert_cmpuint (decided, ==, checked);
  g_assert_cmpuint (undecided_without_zones, >, 0);
  g_assert_cmpuint (undecided_without_zones, <, checked / 5);
}

/* Issue #19: a window with a search is decided from the schedule and the component's texts
 * (it used to be left to EDS whole); what only EDS can evaluate is still left to it, and a
 * query whose parts could fail in EDS is left to it entirely. */
static void
test_other_queries (void)
{
  static const struct {
    const char        *text;
    RsCalendarVerdict  verdict;
  } cases[] = {
    { "(and (occur-in-time-range? (make-time \"20260401T000000Z\")"
      " (make-time \"20260501T000000Z\")) "
      "(contains? \"summary\" \"Acme\"))", RS_CALENDAR_VERDICT_YES },
    { "(and (occur-in-time-range? (make-time \"20260401T000000Z\")"
      " (make-time \"20260501T000000Z\")) "
      "(contains? \"summary\" \"Globex\"))", RS_CALENDAR_VERDICT_NO },
    { "(and (occur-in-time-range? (make-time \"20270101T000000Z\")"
      " (make-time \"20270201T000000Z\")) "
      "(contains? \"summary\" \"Acme\"))", RS_CALENDAR_VERDICT_NO },
    { "(and (occur-in-time-range? (make-time \"20260401T000000Z\")"
      " (make-time \"20260501T000000Z\")) "
      "(starts-before? (make-time \"20260601T000000Z\")))", RS_CALENDAR_VERDICT_MAYBE },
    { "(and (contains? \"summary\" \"Globex\") (starts-before? (make-time \"20260601T000000Z\")))",
      RS_CALENDAR_VERDICT_NO },
    { "(or (contains? \"summary\" \"Globex\") (= (percent-complete?) 0))",
      RS_CALENDAR_VERDICT_MAYBE },
    { "(and (contains? \"summary\" \"Globex\") (contains? \"nowhere\" \"x\"))",
      RS_CALENDAR_VERDICT_MAYBE },
  };
  /* From 2 January 2026, every three months, twice: 2 January and 2 April 2026. */
  g_autoptr(RsSale) sale = make_sale (1);
  g_autoptr(RsCalendarFilter) filter = g_new0 (RsCalendarFilter, 1);
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(TestZones) cache = test_zones_new ();
  g_auto(RsCalendarComponentInfo) info = { 0 };

  filter->show_invoices = filter->show_expiries = filter->show_notices = TRUE;
  filter->default_delivery = RS_DELIVERY_DRAFT;
  components = rs_calendar_components_build (sale, filter);
  rs_calendar_component_info_init (&info, components->pdata[0]);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ECalBackendSExp) sexp = e_cal_backend_sexp_new (cases[i].text);
      g_autoptr(RsCalendarQuery) query = rs_calendar_query_new (sexp, E_TIMEZONE_CACHE (cache));
      RsCalendarVerdict verdict = rs_calendar_query_component_verdict (query, sale, &info);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (verdict, ==, cases[i].verdict);
      if (verdict != RS_CALENDAR_VERDICT_MAYBE)
        g_assert_cmpint (verdict == RS_CALENDAR_VERDICT_YES, ==,
                         e_cal_backend_sexp_match_comp (sexp, components->pdata[0],
                                                        E_TIMEZONE_CACHE (cache)));
    }
}

/* Issue #19: a view's components are parsed once and kept with the sale's entry while the
 * budget allows, the very components each text says; past the budget each caller gets its
 * own, only those it wants, and nothing is kept. */
static void
test_parsed_components_within_budget (void)
{
  g_autoptr(RsCalendarFilter) filter = g_new0 (RsCalendarFilter, 1);
  RsCalendarCache *cache = rs_calendar_cache_new ();
  g_autoptr(RsSale) first = make_sale (5);
  g_autoptr(RsSale) second = make_sale (10);
  g_autoptr(RsCalendarEntry) first_entry = NULL;
  g_autoptr(RsCalendarEntry) second_entry = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GPtrArray) kept_again = NULL;
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GPtrArray) own_again = NULL;
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (guint));
  guint last;
  gsize first_weight = 0, second_weight = 0;

  filter->show_invoices = filter->show_expiries = filter->show_notices = TRUE;
  filter->default_delivery = RS_DELIVERY_DRAFT;
  first_entry = rs_calendar_cache_lookup (cache, first, filter);
  second_entry = rs_calendar_cache_lookup (cache, second, filter);
  g_assert_cmpuint (first_entry->texts->len, >, 1);
  g_assert_cmpuint (second_entry->texts->len, >, 0);

  /* Room for either sale's components, not for both (the cache's estimate: eleven times the
   * text). */
  for (guint i = 0; i < first_entry->texts->len; i++)
    first_weight += strlen (first_entry->texts->pdata[i]) * 11;
  for (guint i = 0; i < second_entry->texts->len; i++)
    second_weight += strlen (second_entry->texts->pdata[i]) * 11;
  rs_calendar_cache_set_parsed_budget (cache, MAX (first_weight, second_weight));

  /* The last component only: a view that shows the expiry, say. */
  last = first_entry->texts->len - 1;
  g_array_append_val (wanted, last);
  kept = rs_calendar_cache_ref_components (cache, first_entry, wanted);
  kept_again = rs_calendar_cache_ref_components (cache, first_entry, wanted);
  g_assert_true (kept == kept_again);
  g_assert_cmpuint (kept->len, ==, first_entry->texts->len);
  for (guint i = 0; i < kept->len; i++)
    {
      g_autofree char *text = e_cal_component_get_as_string (kept->pdata[i]);

      g_assert_cmpstr (text, ==, first_entry->texts->pdata[i]);
    }

  g_array_set_size (wanted, 0);
  last = second_entry->texts->len - 1;
  g_array_append_val (wanted, last);
  own = rs_calendar_cache_ref_components (cache, second_entry, wanted);
  own_again = rs_calendar_cache_ref_components (cache, second_entry, wanted);
  g_assert_true (own != own_again);
  g_assert_cmpuint (own->len, ==, second_entry->texts->len);
  for (guint i = 0; i < own->len; i++)
    {
      g_autofree char *text = NULL;

      if (i != last)
        {
          g_assert_null (own->pdata[i]);
          continue;
        }
      text = e_cal_component_get_as_string (own->pdata[i]);
      g_assert_cmpstr (text, ==, second_entry->texts->pdata[i]);
    }

  /* The budget comes back when the kept components go (the sale changed, say): the second
   * sale's are kept then. */
  rs_calendar_cache_forget (cache, rs_sale_get_uid (first));
  g_clear_pointer (&first_entry, rs_calendar_entry_unref);
  g_clear_pointer (&own, g_ptr_array_unref);
  g_clear_pointer (&own_again, g_ptr_array_unref);
  own = rs_calendar_cache_ref_components (cache, second_entry, wanted);
  own_again = rs_calendar_cache_ref_components (cache, second_entry, wanted);
  g_assert_true (own == own_again);
  for (guint i = 0; i < own->len; i++)
    g_assert_nonnull (own->pdata[i]);

  /* Kept components may outlive the cache. */
  rs_calendar_cache_free (cache);
  g_assert_cmpuint (kept->len, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar-query/plain-range/verdicts-agree-with-eds",
                   test_verdicts_agree_with_eds);
  g_test_add_func ("/calendar-query/other-queries/decided-or-left-to-eds", test_other_queries);
  g_test_add_func ("/calendar-cache/parsed-components/kept-within-budget",
                   test_parsed_components_within_budget);

  return g_test_run ();
}
