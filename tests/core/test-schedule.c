/* test-schedule.c: the date engine, against tables worked out by hand
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/recurring-sales.h>

static RsSchedule
make_schedule (const char *start,
               const char *period)
{
  RsSchedule schedule = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (rs_date_parse (start, "start", &schedule.start, &error));
  g_assert_true (rs_period_parse (period, "period", &schedule.period, &error));
  g_assert_no_error (error);
  schedule.term_kind = RS_TERM_OPEN;
  g_date_clear (&schedule.until, 1);
  return schedule;
}

static void
set_until (RsSchedule *schedule,
           const char *until)
{
  schedule->term_kind = RS_TERM_UNTIL;
  g_assert_true (rs_date_parse (until, "until", &schedule->until, NULL));
}

static void
assert_dates (const RsSchedule   *schedule,
              const char * const *expected)
{
  guint64 k;

  for (k = 0; expected[k] != NULL; k++)
    {
      GDate date;
      char text[11];

      g_assert_true (rs_schedule_issue_date (schedule, k, &date));
      rs_date_to_iso_buf (&date, text);
      g_assert_cmpstr (text, ==, expected[k]);
    }
}

static void
assert_expiry (const RsSchedule *schedule,
               const char       *expected)
{
  GDate date;
  char text[11];

  g_assert_true (rs_schedule_expiry_date (schedule, &date));
  rs_date_to_iso_buf (&date, text);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_monthly_31st_clamps_without_ratchet (void)
{
  RsSchedule schedule = make_schedule ("2027-01-31", "1m");
  const char * const expected[] = {
    "2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30",
    "2027-07-31", "2027-08-31", "2027-09-30", "2027-10-31", "2027-11-30", "2027-12-31",
    "2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30", NULL
  };

  assert_dates (&schedule, expected);
}

static void
test_monthly_30th (void)
{
  RsSchedule schedule = make_schedule ("2027-11-30", "1m");
  const char * const expected[] = {
    "2027-11-30", "2027-12-30", "2028-01-30", "2028-02-29", "2028-03-30", "2028-04-30",
    "2028-05-30", NULL
  };

  assert_dates (&schedule, expected);
}

static void
test_yearly_29_february_over_8_years (void)
{
  RsSchedule schedule = make_schedule ("2028-02-29", "1y");
  const char * const expected[] = {
    "2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29", "2033-02-28",
    "2034-02-28", "2035-02-28", "2036-02-29", NULL
  };

  assert_dates (&schedule, expected);
}

static void
test_quarterly_from_30_november (void)
{
  RsSchedule schedule = make_schedule ("2026-11-30", "3m");
  const char * const expected[] = {
    "2026-11-30", "2027-02-28", "2027-05-30", "2027-08-30", "2027-11-30", "2028-02-29",
    "2028-05-30", NULL
  };

  assert_dates (&schedule, expected);
}

static void
test_every_two_weeks_across_year_end (void)
{
  RsSchedule schedule = make_schedule ("2026-12-17", "2w");
  const char * const expected[] = {
    "2026-12-17", "2026-12-31", "2027-01-14", "2027-01-28", "2027-02-11", NULL
  };

  assert_dates (&schedule, expected);
}

static void
test_daily_every_10_days (void)
{
  RsSchedule schedule = make_schedule ("2028-02-25", "10d");
  const char * const expected[] = { "2028-02-25", "2028-03-06", "2028-03-16", NULL };

  assert_dates (&schedule, expected);
}

static void
test_count_and_expiry_are_equivalent (void)
{
  const char *starts[] = { "2027-01-31", "2028-02-29", "2026-11-30", "2027-06-15" };
  const char *periods[] = { "1m", "3m", "1y", "2w", "10d", "6m" };

  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
      for (guint count = 1; count <= 25; count++)
        {
          RsSchedule by_count = make_schedule (starts[s], periods[p]);
          RsSchedule by_expiry;
          GDate expiry, a, b;

          by_count.term_kind = RS_TERM_COUNT;
          by_count.count = count;
          g_assert_true (rs_schedule_validate (&by_count, NULL));
          g_assert_true (rs_schedule_expiry_date (&by_count, &expiry));

          by_expiry = by_count;
          by_expiry.term_kind = RS_TERM_UNTIL;
          by_expiry.until = expiry;
          g_assert_cmpuint (rs_schedule_n_issues (&by_expiry), ==, count);

          for (guint64 k = 0; k < count; k++)
            {
              g_assert_true (rs_schedule_issue_date (&by_count, k, &a));
              g_assert_true (rs_schedule_issue_date (&by_expiry, k, &b));
              g_assert_cmpint (g_date_compare (&a, &b), ==, 0);
            }
          g_assert_false (rs_schedule_issue_date (&by_count, count, &a));
          g_assert_false (rs_schedule_issue_date (&by_expiry, count, &b));
        }
}

static void
test_count_expires_day_before_next_issue (void)
{
  RsSchedule schedule = make_schedule ("2027-01-31", "1m");

  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = 12;
  assert_expiry (&schedule, "2028-01-30");
}

static void
test_term_length_one_year_from_29_february (void)
{
  RsSchedule schedule = make_schedule ("2028-02-29", "1m");

  schedule.term_kind = RS_TERM_LENGTH;
  g_assert_true (rs_period_parse ("1y", "term", &schedule.term_length, NULL));
  /* 29 Feb 2028 + 1 year is clamped to 28 Feb 2029; the term ends the day before. */
  assert_expiry (&schedule, "2029-02-27");
  g_assert_cmpuint (rs_schedule_n_issues (&schedule), ==, 12);

  schedule = make_schedule ("2027-01-01", "1m");
  schedule.term_kind = RS_TERM_LENGTH;
  g_assert_true (rs_period_parse ("1y", "term", &schedule.term_length, NULL));
  assert_expiry (&schedule, "2027-12-31");
  g_assert_cmpuint (rs_schedule_n_issues (&schedule), ==, 12);
}

static void
test_until_is_inclusive (void)
{
  RsSchedule schedule = make_schedule ("2027-01-31", "1m");
  GDate date;

  set_until (&schedule, "2027-03-31");
  g_assert_cmpuint (rs_schedule_n_issues (&schedule), ==, 3);
  g_assert_true (rs_schedule_issue_date (&schedule, 2, &date));
  g_assert_false (rs_schedule_issue_date (&schedule, 3, &date));

  set_until (&schedule, "2027-03-30");
  g_assert_cmpuint (rs_schedule_n_issues (&schedule), ==, 2);
}

static void
test_notice_deadline (void)
{
  RsSchedule schedule = make_schedule ("2027-01-01", "1m");
  g_autoptr(GError) error = NULL;
  GDate deadline;
  char text[11];

  set_until (&schedule, "2027-12-31");
  g_assert_true (rs_schedule_notice_deadline (&schedule, 30, &deadline, &error));
  g_assert_no_error (error);
  rs_date_to_iso_buf (&deadline, text);
  g_assert_cmpstr (text, ==, "2027-12-01");
}

static void
test_notice_deadline_before_start_is_an_error (void)
{
  RsSchedule schedule = make_schedule ("2027-01-01", "1m");
  g_autoptr(GError) error = NULL;
  GDate deadline;

  set_until (&schedule, "2027-01-31");
  g_assert_false (rs_schedule_notice_deadline (&schedule, 31, &deadline, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "2027-01-01"));
}

static void
test_expiry_before_start_is_an_error (void)
{
  RsSchedule schedule = make_schedule ("2027-01-01", "1m");
  g_autoptr(GError) error = NULL;

  set_until (&schedule, "2026-12-31");
  g_assert_false (rs_schedule_validate (&schedule, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The expiry date 2026-12-31 falls before the start date 2027-01-01.");
}

static void
test_invalid_date_is_named (void)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_false (rs_date_parse ("2026-02-30", "The expiry date", &date, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The expiry date 2026-02-30 is not a valid date.");
}

static void
test_next_issue_on_or_after (void)
{
  RsSchedule schedule = make_schedule ("2027-01-31", "1m");
  GDate day, next;
  guint64 k;
  char text[11];

  g_assert_true (rs_date_parse ("2027-03-01", "day", &day, NULL));
  g_assert_true (rs_schedule_next_issue_on_or_after (&schedule, &day, &next, &k));
  rs_date_to_iso_buf (&next, text);
  g_assert_cmpstr (text, ==, "2027-03-31");
  g_assert_cmpuint (k, ==, 2);

  g_assert_true (rs_date_parse ("2027-02-28", "day", &day, NULL));
  g_assert_true (rs_schedule_next_issue_on_or_after (&schedule, &day, &next, &k));
  rs_date_to_iso_buf (&next, text);
  g_assert_cmpstr (text, ==, "2027-02-28");

  g_assert_true (rs_date_parse ("2020-01-01", "day", &day, NULL));
  g_assert_true (rs_schedule_next_issue_on_or_after (&schedule, &day, &next, &k));
  g_assert_cmpuint (k, ==, 0);
}

/* Exhaustive against a brute force walk: every start day of two years, every period kind. */
static void
test_next_issue_matches_brute_force (void)
{
  const char *periods[] = { "1m", "2m", "3m", "1y", "1w", "2w", "1d", "10d" };
  GDate start;

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 1, 1, 2027);
  for (guint s = 0; s < 731; s += 3, g_date_add_days (&start, 3))
    for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
      {
        RsSchedule schedule = { 0 };
        GDate day = start, expected, got;
        guint64 k = 0;

        schedule.start = start;
        g_assert_true (rs_period_parse (periods[p], "p", &schedule.period, NULL));
        schedule.term_kind = RS_TERM_OPEN;
        rs_schedule_issue_date (&schedule, 0, &expected);
        for (guint d = 0; d < 400; d++, g_date_add_days (&day, 1))
          {
            while (g_date_compare (&expected, &day) < 0)
              g_assert_true (rs_schedule_issue_date (&schedule, ++k, &expected));
            g_assert_true (rs_schedule_next_issue_on_or_after (&schedule, &day, &got, NULL));
            g_assert_cmpint (g_date_compare (&got, &expected), ==, 0);
          }
      }
}

static void
test_renewal_continues_the_phase (void)
{
  RsSchedule schedule = make_schedule ("2027-01-31", "1m");
  RsSchedule successor;
  g_autoptr(GError) error = NULL;
  const char * const expected[] = { "2027-02-28", "2027-03-31", "2027-04-30", NULL };

  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = 1;
  g_assert_true (rs_schedule_renew (&schedule, NULL, &successor, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (successor.term_kind, ==, RS_TERM_COUNT);
  g_assert_cmpuint (successor.count, ==, 1);
  g_assert_cmpuint (successor.anchor_day, ==, 31);
  successor.term_kind = RS_TERM_OPEN;
  assert_dates (&successor, expected);
}

static void
test_renewal_of_a_yearly_29_february (void)
{
  RsSchedule schedule = make_schedule ("2028-02-29", "1y");
  RsSchedule successor;
  const char * const expected[] = { "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29", NULL };

  schedule.term_kind = RS_TERM_LENGTH;
  g_assert_true (rs_period_parse ("1y", "term", &schedule.term_length, NULL));
  g_assert_true (rs_schedule_renew (&schedule, NULL, &successor, NULL));
  g_assert_cmpuint (successor.anchor_day, ==, 29);
  successor.term_kind = RS_TERM_OPEN;
  assert_dates (&successor, expected);
}

static void
test_renewal_keeps_the_number_of_periods (void)
{
  RsSchedule schedule = make_schedule ("2027-01-31", "1m");
  RsSchedule successor;

  set_until (&schedule, "2028-01-30");
  g_assert_cmpuint (rs_schedule_n_issues (&schedule), ==, 12);
  g_assert_true (rs_schedule_renew (&schedule, NULL, &successor, NULL));
  assert_expiry (&successor, "2029-01-30");
  g_assert_cmpuint (rs_schedule_n_issues (&successor), ==, 12);
  {
    const char * const expected[] = { "2028-01-31", "2028-02-29", "2028-03-31", NULL };
    assert_dates (&successor, expected);
  }
}

static gboolean
whole_periods (const RsSchedule *schedule)
{
  guint period_months, length_months;

  if (schedule->period.unit < RS_PERIOD_UNIT_MONTH || schedule->term_length.unit < RS_PERIOD_UNIT_MONTH)
    return FALSE;
  period_months = schedule->period.count * (schedule->period.unit == RS_PERIOD_UNIT_YEAR ? 12 : 1);
  length_months = schedule->term_length.count * (schedule->term_length.unit == RS_PERIOD_UNIT_YEAR ? 12 : 1);
  return length_months % period_months == 0;
}

/* Renewals chain without gaps or overlaps: each successor starts the day after the previous
 * expiry, whatever the term kind, across month ends and leap days. */
static void
test_renewal_chain_has_no_gaps (void)
{
  const char *starts[] = { "2026-01-31", "2026-01-30", "2028-02-29", "2027-03-31", "2027-01-15" };
  const char *periods[] = { "1m", "3m", "1y", "2w" };
  const char *lengths[] = { "1m", "2m", "1y", "3m" };

  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
      for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
        for (guint kind = 0; kind < 3; kind++)
          {
            RsSchedule schedule = make_schedule (starts[s], periods[p]);

            if (kind == 0)
              {
                schedule.term_kind = RS_TERM_LENGTH;
                g_assert_true (rs_period_parse (lengths[l], "term", &schedule.term_length, NULL));
              }
            else if (kind == 1)
              {
                schedule.term_kind = RS_TERM_COUNT;
                schedule.count = l + 1;
              }
            else
              {
                schedule.term_kind = RS_TERM_UNTIL;
                schedule.until = schedule.start;
                g_date_add_days (&schedule.until, 40 * (l + 1));
              }

            if (!rs_schedule_validate (&schedule, NULL) || rs_schedule_n_issues (&schedule) == 0)
              continue;

            for (guint generation = 0; generation < 6; generation++)
              {
                RsSchedule successor;
                GDate expiry, first, previous_last;
                g_autoptr(GError) error = NULL;

                g_assert_true (rs_schedule_expiry_date (&schedule, &expiry));
                g_assert_true (rs_schedule_issue_date (&schedule, rs_schedule_n_issues (&schedule) - 1,
                                                       &previous_last));
                g_assert_true (rs_schedule_renew (&schedule, NULL, &successor, &error));
                g_assert_no_error (error);
                g_assert_true (rs_schedule_issue_date (&successor, 0, &first));
                /* The successor's first date is the old series' next date, after the expiry… */
                g_assert_cmpint (g_date_compare (&first, &expiry), >, 0);
                g_assert_cmpint (g_date_compare (&previous_last, &expiry), <=, 0);
                /* …and for terms that end the day before the next date (a count, or a length that
                 * is a whole number of periods), exactly the day after. */
                if (kind == 1 || (kind == 0 && whole_periods (&schedule)))
                  {
                    GDate day_after = expiry;
                    g_date_add_days (&day_after, 1);
                    g_assert_cmpint (g_date_compare (&first, &day_after), ==, 0);
                  }
                schedule = successor;
              }
          }
}

static void
test_open_ended_cannot_renew (void)
{
  RsSchedule schedule = make_schedule ("2027-01-31", "1m");
  RsSchedule successor;
  g_autoptr(GError) error = NULL;

  g_assert_false (rs_schedule_renew (&schedule, NULL, &successor, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
}

static void
test_far_future_is_bounded (void)
{
  RsSchedule schedule = make_schedule ("9999-12-01", "1m");
  GDate date;

  g_assert_true (rs_schedule_issue_date (&schedule, 0, &date));
  g_assert_false (rs_schedule_issue_date (&schedule, 1, &date));
  g_assert_false (rs_schedule_issue_date (&schedule, G_MAXUINT64, &date));
  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = 5;
  g_assert_false (rs_schedule_validate (&schedule, NULL));
}

static void
test_period_parse (void)
{
  RsPeriod period;
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "", "m", "0m", "1", "1x", "-1m", "1001d", "1.5m", " 1m", "1mm", "99999y" };

  g_assert_true (rs_period_parse ("3m", "p", &period, NULL));
  g_assert_cmpuint (period.count, ==, 3);
  g_assert_cmpuint (period.unit, ==, RS_PERIOD_UNIT_MONTH);
  g_assert_true (rs_period_parse ("2W", "p", &period, NULL));
  g_assert_cmpuint (period.unit, ==, RS_PERIOD_UNIT_WEEK);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (rs_period_parse (bad[i], "The billing period", &period, &error));
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "The billing period"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schedule/monthly/31st-clamps-to-month-end-without-ratchet", test_monthly_31st_clamps_without_ratchet);
  g_test_add_func ("/schedule/monthly/30th-across-leap-february", test_monthly_30th);
  g_test_add_func ("/schedule/yearly/29-february-over-8-years", test_yearly_29_february_over_8_years);
  g_test_add_func ("/schedule/quarterly/from-30-november", test_quarterly_from_30_november);
  g_test_add_func ("/schedule/weekly/every-2-weeks-across-year-end", test_every_two_weeks_across_year_end);
  g_test_add_func ("/schedule/daily/every-10-days", test_daily_every_10_days);
  g_test_add_func ("/schedule/term/count-and-expiry-are-equivalent", test_count_and_expiry_are_equivalent);
  g_test_add_func ("/schedule/term/count-expires-day-before-next-issue", test_count_expires_day_before_next_issue);
  g_test_add_func ("/schedule/term/one-year-from-29-february", test_term_length_one_year_from_29_february);
  g_test_add_func ("/schedule/term/until-is-inclusive", test_until_is_inclusive);
  g_test_add_func ("/schedule/notice/deadline-is-expiry-minus-days", test_notice_deadline);
  g_test_add_func ("/schedule/notice/before-start-is-an-error", test_notice_deadline_before_start_is_an_error);
  g_test_add_func ("/schedule/term/expiry-before-start-is-an-error", test_expiry_before_start_is_an_error);
  g_test_add_func ("/schedule/date/invalid-date-is-named", test_invalid_date_is_named);
  g_test_add_func ("/schedule/next/on-or-after", test_next_issue_on_or_after);
  g_test_add_func ("/schedule/next/matches-brute-force", test_next_issue_matches_brute_force);
  g_test_add_func ("/schedule/renewal/continues-the-phase", test_renewal_continues_the_phase);
  g_test_add_func ("/schedule/renewal/yearly-29-february", test_renewal_of_a_yearly_29_february);
  g_test_add_func ("/schedule/renewal/keeps-the-number-of-periods", test_renewal_keeps_the_number_of_periods);
  g_test_add_func ("/schedule/renewal/open-ended-cannot-renew", test_open_ended_cannot_renew);
  g_test_add_func ("/schedule/renewal/chain-has-no-gaps", test_renewal_chain_has_no_gaps);
  g_test_add_func ("/schedule/bounds/far-future", test_far_future_is_bounded);
  g_test_add_func ("/schedule/period/parse", test_period_parse);

  return g_test_run ();
}
