/* test-client-reminders.c: when a sale's client reminders fall due
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-client-reminders.h>
#include "rs-test-sales.h"

static RsSale *
make_sale (const char *start,
           const char *period,
           const char *until)
{
  RsSale *sale = rs_test_sale_new ("client-reminders-1", "Acme", start, period, until);

  rs_sale_set_client_email (sale, "billing@acme.example");
  return sale;
}

static GTimeZone *
athens (void)
{
  GTimeZone *zone = g_time_zone_new_identifier ("Europe/Athens");

  g_assert_nonnull (zone);
  return zone;
}

static gint64
instant (const char *iso8601)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (when);
  return g_date_time_to_unix (when);
}

static char *
utc_text (gint64 epoch)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (epoch);

  return g_date_time_format_iso8601 (when);
}

/* "kind lead occurrence due-in-UTC", one line per reminder. */
static void
assert_due (GArray             *due,
            const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (due->len, n); i++)
    {
      const RsDueReminder *item = &g_array_index (due, RsDueReminder, i);
      g_autofree char *occurrence = rs_date_to_iso (&item->occurrence);
      g_autofree char *when = utc_text (item->due);
      g_autofree char *line = g_strdup_printf ("%s %u %s %s", rs_reminder_kind_to_string (item->kind),
                                               item->lead_days, occurrence, when);

      g_assert_cmpstr (line, ==, expected[i]);
    }
  g_assert_cmpuint (due->len, ==, n);
}

static void
test_monthly_due_at_reminder_time (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-31", "1m", NULL);
  g_autoptr(GTimeZone) zone = athens ();
  g_autoptr(GArray) due = NULL;
  /* 09:00 in Athens is 07:00 UTC in winter (EET) and 06:00 UTC in summer (EEST, from
   * 28 March 2027). The 31st is clamped to 28 February and comes back in March. */
  const char * const expected[] = {
    "invoice 7 2027-01-31 2027-01-24T07:00:00Z",
    "invoice 7 2027-02-28 2027-02-21T07:00:00Z",
    "invoice 7 2027-03-31 2027-03-24T07:00:00Z",
    "invoice 7 2027-04-30 2027-04-23T06:00:00Z",
    NULL
  };

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  /* The owner's reminders are the calendar's business, not the mailer's. */
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_OWNER);

  due = rs_client_reminders_due (sale, instant ("2027-01-01T00:00:00+02:00"),
                                 instant ("2027-05-01T00:00:00+03:00"), zone);
  assert_due (due, expected);
}

static void
test_monthly_in_utc (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-31", "1m", NULL);
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(GArray) due = NULL;
  const char * const expected[] = {
    "invoice 7 2027-01-31 2027-01-24T09:30:00Z",
    "invoice 7 2027-02-28 2027-02-21T09:30:00Z",
    "invoice 7 2027-03-31 2027-03-24T09:30:00Z",
    "invoice 7 2027-04-30 2027-04-23T09:30:00Z",
    NULL
  };

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_set_reminder_minutes (sale, 9 * 60 + 30);

  due = rs_client_reminders_due (sale, instant ("2027-01-01T00:00:00Z"), instant ("2027-05-01T00:00:00Z"), zone);
  assert_due (due, expected);
}

static void
test_dst_change_days (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-31", "1m", NULL);
  g_autoptr(GTimeZone) zone = athens ();
  g_autoptr(GArray) spring = NULL;
  g_autoptr(GArray) autumn = NULL;
  /* Clocks go forward on Sunday 28 March 2027 and back on Sunday 31 October 2027: 09:00 local
   * stays 09:00 local on both sides. */
  const char * const expected_spring[] = {
    "invoice 4 2027-03-31 2027-03-27T07:00:00Z",
    "invoice 3 2027-03-31 2027-03-28T06:00:00Z",
    "invoice 0 2027-03-31 2027-03-31T06:00:00Z",
    NULL
  };
  const char * const expected_autumn[] = {
    "invoice 4 2027-10-31 2027-10-27T06:00:00Z",
    "invoice 3 2027-10-31 2027-10-28T06:00:00Z",
    "invoice 0 2027-10-31 2027-10-31T07:00:00Z",
    NULL
  };

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 4, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 0, RS_AUDIENCE_CLIENT);

  spring = rs_client_reminders_due (sale, instant ("2027-03-26T00:00:00+02:00"),
                                    instant ("2027-04-01T00:00:00+03:00"), zone);
  assert_due (spring, expected_spring);

  autumn = rs_client_reminders_due (sale, instant ("2027-10-26T00:00:00+03:00"),
                                    instant ("2027-10-31T23:59:59+02:00"), zone);
  assert_due (autumn, expected_autumn);
}

static void
test_expiry_and_notice (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-01", "1y", "2027-12-31");
  g_autoptr(GTimeZone) zone = athens ();
  g_autoptr(GArray) due = NULL;
  const char * const expected[] = {
    "notice 7 2027-12-01 2027-11-24T07:00:00Z",
    "expiry 14 2027-12-31 2027-12-17T07:00:00Z",
    "expiry 0 2027-12-31 2027-12-31T07:00:00Z",
    NULL
  };

  rs_sale_set_notice_days (sale, 30);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 14, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 0, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);

  due = rs_client_reminders_due (sale, instant ("2027-01-01T00:00:00+02:00"),
                                 instant ("2028-01-01T00:00:00+02:00"), zone);
  assert_due (due, expected);
}

static void
test_no_expiry_or_notice_when_open_ended (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-01", "1y", NULL);
  g_autoptr(GTimeZone) zone = athens ();
  g_autoptr(GArray) due = NULL;

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 14, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, RS_AUDIENCE_CLIENT);

  due = rs_client_reminders_due (sale, instant ("2027-01-01T00:00:00Z"), instant ("2037-01-01T00:00:00Z"), zone);
  g_assert_cmpuint (due->len, ==, 0);
}

static void
test_window_boundaries (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-31", "1m", NULL);
  g_autoptr(GTimeZone) zone = athens ();
  gint64 first = instant ("2027-01-24T07:00:00Z");
  gint64 second = instant ("2027-02-21T07:00:00Z");
  const char * const only_second[] = { "invoice 7 2027-02-28 2027-02-21T07:00:00Z", NULL };
  const char * const only_first[] = { "invoice 7 2027-01-31 2027-01-24T07:00:00Z", NULL };
  const char * const none[] = { NULL };
  GArray *due;

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);

  /* After is exclusive, until inclusive: a reminder due exactly at the end of one window is
   * in that window and not in the next one. */
  due = rs_client_reminders_due (sale, first, second, zone);
  assert_due (due, only_second);
  g_array_unref (due);

  due = rs_client_reminders_due (sale, first - 1, first, zone);
  assert_due (due, only_first);
  g_array_unref (due);

  due = rs_client_reminders_due (sale, first, first + 1, zone);
  assert_due (due, none);
  g_array_unref (due);

  due = rs_client_reminders_due (sale, first, first, zone);
  assert_due (due, none);
  g_array_unref (due);

  due = rs_client_reminders_due (sale, second, first, zone);
  assert_due (due, none);
  g_array_unref (due);
}

static void
test_nothing_without_client_email (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-31", "1m", NULL);
  g_autoptr(GTimeZone) zone = athens ();
  g_autoptr(GArray) due = NULL;
  gint64 next = 0;

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_set_client_email (sale, NULL);

  due = rs_client_reminders_due (sale, instant ("2027-01-01T00:00:00Z"), instant ("2028-01-01T00:00:00Z"), zone);
  g_assert_cmpuint (due->len, ==, 0);
  g_assert_false (rs_client_reminders_next_due (sale, instant ("2027-01-01T00:00:00Z"), zone, &next));
}

static void
test_next_due (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-31", "1m", NULL);
  g_autoptr(GTimeZone) zone = athens ();
  g_autofree char *text = NULL;
  gint64 next = 0;

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 1, RS_AUDIENCE_OWNER);

  g_assert_true (rs_client_reminders_next_due (sale, instant ("2020-01-01T00:00:00Z"), zone, &next));
  text = utc_text (next);
  g_assert_cmpstr (text, ==, "2027-01-24T07:00:00Z");
  g_clear_pointer (&text, g_free);

  /* Strictly after: the one due at that very second is past. */
  g_assert_true (rs_client_reminders_next_due (sale, instant ("2027-01-24T07:00:00Z"), zone, &next));
  text = utc_text (next);
  g_assert_cmpstr (text, ==, "2027-02-21T07:00:00Z");
  g_clear_pointer (&text, g_free);

  g_assert_true (rs_client_reminders_next_due (sale, instant ("2027-01-24T06:59:59Z"), zone, &next));
  text = utc_text (next);
  g_assert_cmpstr (text, ==, "2027-01-24T07:00:00Z");
  g_clear_pointer (&text, g_free);

  /* An open-ended series has a next one however far ahead we look (in winter: the zone's
   * summer time rules are not known that far ahead). */
  g_assert_true (rs_client_reminders_next_due (sale, instant ("2998-12-31T12:00:00Z"), zone, &next));
  text = utc_text (next);
  g_assert_cmpstr (text, ==, "2999-01-24T07:00:00Z");
  g_clear_pointer (&text, g_free);
}

static void
test_next_due_earliest_of_rules (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-01", "1y", "2028-12-31");
  g_autoptr(GTimeZone) zone = athens ();
  g_autofree char *text = NULL;
  gint64 next = 0;

  rs_sale_set_notice_days (sale, 60);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 10, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 14, RS_AUDIENCE_CLIENT);

  /* Invoice 2028-01-01 − 10 days comes first. */
  g_assert_true (rs_client_reminders_next_due (sale, instant ("2027-06-01T00:00:00Z"), zone, &next));
  text = utc_text (next);
  g_assert_cmpstr (text, ==, "2027-12-22T07:00:00Z");
  g_clear_pointer (&text, g_free);

  /* Then the notice deadline 2028-11-01 − 14 days (no more invoices in the term). */
  g_assert_true (rs_client_reminders_next_due (sale, next, zone, &next));
  text = utc_text (next);
  g_assert_cmpstr (text, ==, "2028-10-18T06:00:00Z");
  g_clear_pointer (&text, g_free);

  /* Then the expiry 2028-12-31 − 30 days. */
  g_assert_true (rs_client_reminders_next_due (sale, next, zone, &next));
  text = utc_text (next);
  g_assert_cmpstr (text, ==, "2028-12-01T07:00:00Z");
  g_clear_pointer (&text, g_free);

  /* A finished series has nothing left. */
  g_assert_false (rs_client_reminders_next_due (sale, next, zone, &next));
  g_assert_false (rs_client_reminders_next_due (sale, instant ("2040-01-01T00:00:00Z"), zone, &next));
}

static void
test_next_due_finished_count_series (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-31", "1m", NULL);
  g_autoptr(GTimeZone) zone = athens ();
  RsSchedule schedule = *rs_sale_get_schedule (sale);
  g_autofree char *text = NULL;
  gint64 next = 0;

  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = 3;
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);

  g_assert_true (rs_client_reminders_next_due (sale, instant ("2027-03-01T00:00:00Z"), zone, &next));
  text = utc_text (next);
  g_assert_cmpstr (text, ==, "2027-03-24T07:00:00Z");
  g_assert_false (rs_client_reminders_next_due (sale, next, zone, &next));
}

/* The dispatcher wakes up for what the one rule keeps: a renewed sale's next invoice, not its
 * expiry; a paused sale's nothing. */
static void
test_next_due_follows_the_rule (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-31", "1m", "2027-06-29");
  g_autoptr(GTimeZone) zone = athens ();
  g_autofree char *text = NULL;
  gint64 next = 0;

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_CLIENT);

  /* After the last invoice's reminder (2027-05-24), only the expiry's is left (2027-05-30). */
  rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
  g_assert_true (rs_client_reminders_next_due (sale, instant ("2027-04-01T00:00:00Z"), zone, &next));
  text = utc_text (next);
  g_assert_cmpstr (text, ==, "2027-04-23T06:00:00Z");
  g_assert_false (rs_client_reminders_next_due (sale, instant ("2027-05-25T00:00:00Z"), zone, &next));

  rs_sale_set_status (sale, RS_SALE_STATUS_ACTIVE);
  g_assert_true (rs_client_reminders_next_due (sale, instant ("2027-05-25T00:00:00Z"), zone, &next));
  g_clear_pointer (&text, g_free);
  text = utc_text (next);
  g_assert_cmpstr (text, ==, "2027-05-30T06:00:00Z");

  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  g_assert_false (rs_client_reminders_next_due (sale, instant ("2027-04-01T00:00:00Z"), zone, &next));
}

static void
test_applies_by_status (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-01", "1m", "2027-12-31");
  GDate invoice = rs_test_date ("2027-03-01");
  GDate expiry = rs_test_date ("2027-12-31");
  /* A renewed or ended sale's term runs until its expiry: its invoices are still reminded to
   * the client, its expiry no longer is. */
  const struct {
    RsSaleStatus status;
    gboolean     invoice;
    gboolean     expiry;
  } cases[] = {
    { RS_SALE_STATUS_ACTIVE, TRUE, TRUE },
    { RS_SALE_STATUS_PAUSED, FALSE, FALSE },
    { RS_SALE_STATUS_RENEWED, TRUE, FALSE },
    { RS_SALE_STATUS_ENDED, TRUE, FALSE },
  };

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_CLIENT);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      rs_sale_set_status (sale, cases[i].status);
      g_assert_cmpint (rs_client_reminder_applies (sale, RS_REMINDER_KIND_INVOICE, 7, &invoice), ==, cases[i].invoice);
      g_assert_cmpint (rs_client_reminder_applies (sale, RS_REMINDER_KIND_EXPIRY, 30, &expiry), ==, cases[i].expiry);
    }
}

static void
test_applies_by_mark (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-01", "1m", "2027-12-31");
  GDate invoice = rs_test_date ("2027-03-01");
  const struct {
    RsOccurrenceState state;
    gboolean          applies;
  } cases[] = {
    { RS_OCCURRENCE_ISSUED, FALSE },
    { RS_OCCURRENCE_PREPAID, FALSE },
    { RS_OCCURRENCE_SKIPPED, FALSE },
    { RS_OCCURRENCE_OPEN, TRUE },
  };

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      rs_sale_set_occurrence_state (sale, &invoice, cases[i].state);
      g_assert_cmpint (rs_client_reminder_applies (sale, RS_REMINDER_KIND_INVOICE, 7, &invoice), ==, cases[i].applies);
    }
}

static void
test_applies_after_edits (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-01", "1m", "2027-12-31");
  RsSchedule schedule = *rs_sale_get_schedule (sale);
  GDate invoice = rs_test_date ("2027-03-01");
  GDate not_an_issue_date = rs_test_date ("2027-03-02");
  GDate past_the_term = rs_test_date ("2028-01-01");
  GDate expiry = rs_test_date ("2027-12-31");
  GDate deadline = rs_test_date ("2027-12-01");

  rs_sale_set_notice_days (sale, 30);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, RS_AUDIENCE_OWNER);

  g_assert_true (rs_client_reminder_applies (sale, RS_REMINDER_KIND_INVOICE, 7, &invoice));
  g_assert_true (rs_client_reminder_applies (sale, RS_REMINDER_KIND_EXPIRY, 30, &expiry));
  /* Not the sale's dates. */
  g_assert_false (rs_client_reminder_applies (sale, RS_REMINDER_KIND_INVOICE, 7, &not_an_issue_date));
  g_assert_false (rs_client_reminder_applies (sale, RS_REMINDER_KIND_INVOICE, 7, &past_the_term));
  g_assert_false (rs_client_reminder_applies (sale, RS_REMINDER_KIND_EXPIRY, 30, &deadline));
  /* No such client rule: another lead, or the owner's. */
  g_assert_false (rs_client_reminder_applies (sale, RS_REMINDER_KIND_INVOICE, 6, &invoice));
  g_assert_false (rs_client_reminder_applies (sale, RS_REMINDER_KIND_NOTICE, 7, &deadline));

  /* The term was extended: the old expiry is no longer one. */
  g_assert_true (rs_date_parse ("2028-06-30", "until", &schedule.until, NULL));
  rs_sale_set_schedule (sale, &schedule);
  g_assert_false (rs_client_reminder_applies (sale, RS_REMINDER_KIND_EXPIRY, 30, &expiry));
  g_assert_true (rs_client_reminder_applies (sale, RS_REMINDER_KIND_INVOICE, 7, &past_the_term));

  /* The client e-mail was removed. */
  rs_sale_set_client_email (sale, NULL);
  g_assert_false (rs_client_reminder_applies (sale, RS_REMINDER_KIND_INVOICE, 7, &invoice));
}

/* Why a reminder is cancelled, as the ledger keeps it: the one rule's verdict, as a word. */
static void
test_cancel_reasons (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-01", "1m", "2027-12-31");
  GDate invoice = rs_test_date ("2027-03-01");
  GDate open_invoice = rs_test_date ("2027-04-01");
  GDate not_an_issue_date = rs_test_date ("2027-03-02");
  RsReminderVerdict verdict;

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);

  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_CLIENT, 7, &invoice), ==,
                   RS_REMINDER_VERDICT_REMINDS);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_CLIENT, 6, &invoice), ==,
                   RS_REMINDER_VERDICT_NO_RULE);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_CLIENT, 7,
                                             &not_an_issue_date), ==,
                   RS_REMINDER_VERDICT_NOT_A_DATE);

  rs_sale_set_occurrence_state (sale, &invoice, RS_OCCURRENCE_PREPAID);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_CLIENT, 7, &invoice), ==,
                   RS_REMINDER_VERDICT_PREPAID);
  /* The sale's state comes before the invoice's. */
  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_CLIENT, 7, &invoice), ==,
                   RS_REMINDER_VERDICT_PAUSED);
  rs_sale_set_status (sale, RS_SALE_STATUS_ACTIVE);
  rs_sale_set_client_email (sale, NULL);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_CLIENT, 7, &open_invoice), ==,
                   RS_REMINDER_VERDICT_NO_ADDRESS);

  /* The words the ledger keeps read back. */
  g_assert_cmpstr (rs_reminder_verdict_to_string (RS_REMINDER_VERDICT_PREPAID), ==, "prepaid");
  g_assert_cmpstr (rs_reminder_verdict_to_string (RS_REMINDER_VERDICT_SALE_REMOVED), ==, "sale-removed");
  g_assert_true (rs_reminder_verdict_from_string ("delivery-off", &verdict));
  g_assert_cmpint (verdict, ==, RS_REMINDER_VERDICT_DELIVERY_OFF);
  g_assert_false (rs_reminder_verdict_from_string ("Connection refused", &verdict));
}

static void
test_400_day_window_count (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-31", "1m", NULL);
  g_autoptr(GTimeZone) zone = athens ();
  g_autoptr(GArray) due = NULL;
  gint64 after = instant ("2027-01-01T00:00:00+02:00");
  gint64 previous = G_MININT64;

  /* Issue dates 2027-01-31 … 2028-01-31 (13) are in reach of both rules within the 400 days
   * up to 2028-02-05; 29 February 2028 is not. The duplicate rule must not double them. */
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 0, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 2, RS_AUDIENCE_OWNER);

  due = rs_client_reminders_due (sale, after, after + 400 * (gint64) 86400, zone);
  g_assert_cmpuint (due->len, ==, 26);

  for (guint i = 0; i < due->len; i++)
    {
      const RsDueReminder *item = &g_array_index (due, RsDueReminder, i);

      g_assert_cmpint (item->due, >, after);
      g_assert_cmpint (item->due, >=, previous);
      previous = item->due;
    }
}

static void
test_null_zone_is_local (void)
{
  g_autoptr(RsSale) sale = make_sale ("2027-01-31", "1m", NULL);
  g_autoptr(GArray) due = NULL;
  g_autofree char *text = NULL;

  /* The tests run with TZ=Europe/Athens. */
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  due = rs_client_reminders_due (sale, instant ("2027-01-01T00:00:00Z"), instant ("2027-02-01T00:00:00Z"), NULL);
  g_assert_cmpuint (due->len, ==, 1);
  text = utc_text (g_array_index (due, RsDueReminder, 0).due);
  g_assert_cmpstr (text, ==, "2027-01-24T07:00:00Z");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client-reminders/monthly/due-at-reminder-time", test_monthly_due_at_reminder_time);
  g_test_add_func ("/client-reminders/monthly/utc-zone", test_monthly_in_utc);
  g_test_add_func ("/client-reminders/monthly/dst-change-days", test_dst_change_days);
  g_test_add_func ("/client-reminders/expiry-and-notice/due", test_expiry_and_notice);
  g_test_add_func ("/client-reminders/expiry-and-notice/none-when-open-ended", test_no_expiry_or_notice_when_open_ended);
  g_test_add_func ("/client-reminders/window/boundaries", test_window_boundaries);
  g_test_add_func ("/client-reminders/window/400-days-exact-count", test_400_day_window_count);
  g_test_add_func ("/client-reminders/window/null-zone-is-local", test_null_zone_is_local);
  g_test_add_func ("/client-reminders/window/nothing-without-client-email", test_nothing_without_client_email);
  g_test_add_func ("/client-reminders/next-due/strictly-after", test_next_due);
  g_test_add_func ("/client-reminders/next-due/earliest-of-rules", test_next_due_earliest_of_rules);
  g_test_add_func ("/client-reminders/next-due/finished-series", test_next_due_finished_count_series);
  g_test_add_func ("/client-reminders/next-due/follows-the-rule", test_next_due_follows_the_rule);
  g_test_add_func ("/client-reminders/applies/status", test_applies_by_status);
  g_test_add_func ("/client-reminders/applies/marks", test_applies_by_mark);
  g_test_add_func ("/client-reminders/applies/after-edits", test_applies_after_edits);
  g_test_add_func ("/client-reminders/cancel-reason/each-rule", test_cancel_reasons);

  return g_test_run ();
}
