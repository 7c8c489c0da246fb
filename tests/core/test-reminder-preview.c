/* test-reminder-preview.c: which date a client reminder preview is about
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-reminder-preview.h>
#include "rs-test-sales.h"

/* Monthly from 31 January 2027 to 31 December 2027 (expiry), notice 30 days before it. */
static RsSale *
make_sale (gboolean open_ended)
{
  RsSale *sale = rs_test_sale_new ("reminder-preview-1", "Acme", "2027-01-31", "1m",
                                   open_ended ? NULL : "2027-12-31");

  rs_sale_set_client_email (sale, "billing@acme.example");
  if (!open_ended)
    rs_sale_set_notice_days (sale, 30);
  return sale;
}

/* The occurrence found for @wanted_text (NULL: none given) with @today_text, as YYYY-MM-DD. */
static char *
preview_date (RsSale         *sale,
              RsReminderKind  kind,
              const char     *wanted_text,
              const char     *today_text)
{
  g_autoptr(GError) error = NULL;
  GDate wanted, today, occurrence;

  if (wanted_text != NULL)
    wanted = rs_test_date (wanted_text);
  today = rs_test_date (today_text);
  g_assert_true (rs_reminder_preview_occurrence (sale, kind, wanted_text != NULL ? &wanted : NULL,
                                                 &today, &occurrence, &error));
  g_assert_no_error (error);
  return rs_date_to_iso (&occurrence);
}

/* The sentence of the refusal for @wanted_text (NULL: none given) with @today_text. */
static char *
preview_refusal (RsSale         *sale,
                 RsReminderKind  kind,
                 const char     *wanted_text,
                 const char     *today_text)
{
  g_autoptr(GError) error = NULL;
  GDate wanted, today, occurrence;

  if (wanted_text != NULL)
    wanted = rs_test_date (wanted_text);
  today = rs_test_date (today_text);
  g_assert_false (rs_reminder_preview_occurrence (sale, kind,
                                                  wanted_text != NULL ? &wanted : NULL,
                                                  &today, &occurrence, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  return g_strdup (error->message);
}

static void
test_invoice_next_from_today (void)
{
  g_autoptr(RsSale) sale = make_sale (FALSE);
  g_autofree char *march = preview_date (sale, RS_REMINDER_KIND_INVOICE, NULL, "2027-03-01");
  g_autofree char *on_the_day = preview_date (sale, RS_REMINDER_KIND_INVOICE, NULL, "2027-03-31");
  g_autofree char *february = preview_date (sale, RS_REMINDER_KIND_INVOICE, NULL, "2027-02-01");

  /* "Next" counts from the today given, not from the wall clock's. */
  g_assert_cmpstr (march, ==, "2027-03-31");
  g_assert_cmpstr (on_the_day, ==, "2027-03-31");
  g_assert_cmpstr (february, ==, "2027-02-28");
}

static void
test_invoice_given_date (void)
{
  g_autoptr(RsSale) sale = make_sale (FALSE);
  /* A given date is checked whatever today is, even after the sale's last invoice. */
  g_autofree char *clamped = preview_date (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28",
                                           "2030-01-01");
  g_autofree char *last = preview_date (sale, RS_REMINDER_KIND_INVOICE, "2027-12-31",
                                        "2027-01-01");

  g_assert_cmpstr (clamped, ==, "2027-02-28");
  g_assert_cmpstr (last, ==, "2027-12-31");
}

static void
test_invoice_not_an_issue_date (void)
{
  g_autoptr(RsSale) sale = make_sale (FALSE);
  g_autofree char *between = preview_refusal (sale, RS_REMINDER_KIND_INVOICE, "2027-02-15",
                                              "2027-01-01");
  g_autofree char *after_term = preview_refusal (sale, RS_REMINDER_KIND_INVOICE, "2028-01-31",
                                                 "2027-01-01");

  g_assert_cmpstr (between, ==, "2027-02-15 is not an issue date of this sale.");
  /* Past the term a given date is still named, not "no invoice left". */
  g_assert_cmpstr (after_term, ==, "2028-01-31 is not an issue date of this sale.");
}

static void
test_invoice_none_left (void)
{
  g_autoptr(RsSale) sale = make_sale (FALSE);
  g_autofree char *message = preview_refusal (sale, RS_REMINDER_KIND_INVOICE, NULL, "2028-01-01");

  g_assert_cmpstr (message, ==, "This sale has no invoice left to remind about.");
}

static void
test_expiry (void)
{
  g_autoptr(RsSale) sale = make_sale (FALSE);
  g_autoptr(RsSale) open_ended = make_sale (TRUE);
  /* A sale has one expiry date: without a date it is the answer, whatever today is. */
  g_autofree char *next = preview_date (sale, RS_REMINDER_KIND_EXPIRY, NULL, "2030-01-01");
  g_autofree char *given = preview_date (sale, RS_REMINDER_KIND_EXPIRY, "2027-12-31",
                                         "2027-01-01");
  g_autofree char *wrong = preview_refusal (sale, RS_REMINDER_KIND_EXPIRY, "2027-12-30",
                                            "2027-01-01");
  g_autofree char *none = preview_refusal (open_ended, RS_REMINDER_KIND_EXPIRY, NULL,
                                           "2027-01-01");
  g_autofree char *none_given = preview_refusal (open_ended, RS_REMINDER_KIND_EXPIRY,
                                                 "2027-12-31", "2027-01-01");

  g_assert_cmpstr (next, ==, "2027-12-31");
  g_assert_cmpstr (given, ==, "2027-12-31");
  g_assert_cmpstr (wrong, ==, "2027-12-30 is not the expiry date of this sale.");
  g_assert_cmpstr (none, ==, "This sale has no expiry date.");
  g_assert_cmpstr (none_given, ==, "This sale has no expiry date.");
}

static void
test_notice (void)
{
  g_autoptr(RsSale) sale = make_sale (FALSE);
  g_autoptr(RsSale) open_ended = make_sale (TRUE);
  g_autofree char *next = preview_date (sale, RS_REMINDER_KIND_NOTICE, NULL, "2030-01-01");
  g_autofree char *given = preview_date (sale, RS_REMINDER_KIND_NOTICE, "2027-12-01",
                                         "2027-01-01");
  g_autofree char *wrong = preview_refusal (sale, RS_REMINDER_KIND_NOTICE, "2027-12-31",
                                            "2027-01-01");
  g_autofree char *none = preview_refusal (open_ended, RS_REMINDER_KIND_NOTICE, NULL,
                                           "2027-01-01");
  g_autofree char *none_given = preview_refusal (open_ended, RS_REMINDER_KIND_NOTICE,
                                                 "2027-12-01", "2027-01-01");

  g_assert_cmpstr (next, ==, "2027-12-01");
  g_assert_cmpstr (given, ==, "2027-12-01");
  g_assert_cmpstr (wrong, ==, "2027-12-31 is not the notice deadline of this sale.");
  g_assert_cmpstr (none, ==, "This sale has no notice deadline.");
  g_assert_cmpstr (none_given, ==, "This sale has no notice deadline.");
}

/* Whether the e-mail will be sent, at @now_text (UTC), and when it is (or was) due. */
static RsReminderVerdict
verdict_at (RsSale         *sale,
            RsReminderKind  kind,
            const char     *occurrence_text,
            RsDelivery      setting,
            const char     *now_text,
            char          **out_due)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_text, utc);
  GDate occurrence = rs_test_date (occurrence_text);
  RsReminderVerdict verdict;
  gint64 due = -1;

  g_assert_nonnull (now);
  verdict = rs_reminder_preview_verdict (sale, kind, &occurrence, setting,
                                         g_date_time_to_unix (now), utc, &due);
  if (out_due != NULL)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (due);

      *out_due = due == 0 ? g_strdup ("none") : g_date_time_format_iso8601 (when);
    }
  return verdict;
}

static char *
explain (RsReminderVerdict  verdict,
         RsReminderKind     kind,
         const char        *occurrence_text,
         const char        *due_text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) due = g_date_time_new_from_iso8601 (due_text, utc);
  GDate occurrence = rs_test_date (occurrence_text);

  return rs_reminder_preview_explain (verdict, kind, &occurrence, g_date_time_to_unix (due), utc);
}

static void
test_verdict_sent_or_why_not (void)
{
  g_autoptr(RsSale) sale = make_sale (FALSE);
  RsReminderKind invoice = RS_REMINDER_KIND_INVOICE, expiry = RS_REMINDER_KIND_EXPIRY;
  RsDelivery draft = RS_DELIVERY_DRAFT, off = RS_DELIVERY_OFF;
  GDate march = rs_test_date ("2027-03-31");
  char *due = NULL;

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 1, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, RS_AUDIENCE_OWNER);
  g_assert_true (rs_sale_validate (sale, NULL));

  /* Sent: when the next of its reminders is due. */
  g_assert_cmpint (verdict_at (sale, invoice, "2027-03-31", draft, "2027-01-01T00:00:00Z", &due), ==, RS_REMINDER_VERDICT_REMINDS);
  g_assert_cmpstr (due, ==, "2027-03-24T09:00:00Z");
  g_clear_pointer (&due, g_free);
  g_assert_cmpint (verdict_at (sale, invoice, "2027-03-31", draft, "2027-03-25T00:00:00Z", &due), ==, RS_REMINDER_VERDICT_REMINDS);
  g_assert_cmpstr (due, ==, "2027-03-30T09:00:00Z");
  g_clear_pointer (&due, g_free);

  /* Its time passed: when it was due. */
  g_assert_cmpint (verdict_at (sale, invoice, "2027-03-31", draft, "2027-03-30T09:00:00Z", &due), ==, RS_REMINDER_VERDICT_DUE_PASSED);
  g_assert_cmpstr (due, ==, "2027-03-30T09:00:00Z");
  g_clear_pointer (&due, g_free);

  /* The delivery: the sale's own, or the setting that a sale on "default" follows. */
  g_assert_cmpint (verdict_at (sale, invoice, "2027-03-31", off, "2027-01-01T00:00:00Z", NULL), ==, RS_REMINDER_VERDICT_DELIVERY_SETTING_OFF);
  rs_sale_set_delivery (sale, RS_DELIVERY_SEND);
  g_assert_cmpint (verdict_at (sale, invoice, "2027-03-31", off, "2027-01-01T00:00:00Z", NULL), ==, RS_REMINDER_VERDICT_REMINDS);
  rs_sale_set_delivery (sale, RS_DELIVERY_OFF);
  g_assert_cmpint (verdict_at (sale, invoice, "2027-03-31", draft, "2027-01-01T00:00:00Z", NULL), ==, RS_REMINDER_VERDICT_DELIVERY_OFF);
  rs_sale_set_delivery (sale, RS_DELIVERY_DEFAULT);

  /* The one rule comes first, with no due instant. */
  rs_sale_set_occurrence_state (sale, &march, RS_OCCURRENCE_PREPAID);
  g_assert_cmpint (verdict_at (sale, invoice, "2027-03-31", off, "2027-01-01T00:00:00Z", &due), ==, RS_REMINDER_VERDICT_PREPAID);
  g_assert_cmpstr (due, ==, "none");
  g_clear_pointer (&due, g_free);
  rs_sale_set_occurrence_state (sale, &march, RS_OCCURRENCE_OPEN);

  rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
  g_assert_cmpint (verdict_at (sale, invoice, "2027-03-31", draft, "2027-01-01T00:00:00Z", NULL), ==, RS_REMINDER_VERDICT_REMINDS);
  g_assert_cmpint (verdict_at (sale, expiry, "2027-12-31", draft, "2027-01-01T00:00:00Z", NULL), ==, RS_REMINDER_VERDICT_RENEWED);
  rs_sale_set_status (sale, RS_SALE_STATUS_ENDED);
  g_assert_cmpint (verdict_at (sale, expiry, "2027-12-31", draft, "2027-01-01T00:00:00Z", NULL), ==, RS_REMINDER_VERDICT_ENDED);

  /* No client rule for the notice deadline; the status is said first. */
  rs_sale_set_status (sale, RS_SALE_STATUS_ACTIVE);
  g_assert_cmpint (verdict_at (sale, RS_REMINDER_KIND_NOTICE, "2027-12-01", draft, "2027-01-01T00:00:00Z", NULL), ==, RS_REMINDER_VERDICT_NO_RULE);
  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  g_assert_cmpint (verdict_at (sale, RS_REMINDER_KIND_NOTICE, "2027-12-01", draft, "2027-01-01T00:00:00Z", NULL), ==, RS_REMINDER_VERDICT_PAUSED);
  g_assert_cmpint (verdict_at (sale, invoice, "2027-03-31", draft, "2027-01-01T00:00:00Z", NULL), ==, RS_REMINDER_VERDICT_PAUSED);
}

static void
test_verdict_sentences (void)
{
  g_autofree char *none = explain (RS_REMINDER_VERDICT_REMINDS, RS_REMINDER_KIND_INVOICE, "2027-03-31", "2027-03-24T09:00:00Z");
  g_autofree char *prepaid = explain (RS_REMINDER_VERDICT_PREPAID, RS_REMINDER_KIND_INVOICE, "2027-03-31", "2027-03-24T09:00:00Z");
  g_autofree char *passed = explain (RS_REMINDER_VERDICT_DUE_PASSED, RS_REMINDER_KIND_INVOICE, "2027-03-31", "2027-03-24T09:00:00Z");
  g_autofree char *no_rule = explain (RS_REMINDER_VERDICT_NO_RULE, RS_REMINDER_KIND_EXPIRY, "2027-12-31", "2027-03-24T09:00:00Z");

  g_assert_null (none);
  g_assert_cmpstr (prepaid, ==, "This e-mail will not be sent: the invoice of 2027-03-31 is already marked prepaid.");
  g_assert_cmpstr (passed, ==, "This e-mail will not be sent: it was due on 2027-03-24 at 09:00; "
                               "`recurring-sales deliveries` shows what became of it.");
  g_assert_cmpstr (no_rule, ==, "This e-mail will not be sent: the sale has no reminder to the client before its expiry.");

  /* Every reason has its sentence. */
  for (guint v = RS_REMINDER_VERDICT_NOT_A_DATE; v <= RS_REMINDER_VERDICT_DUE_PASSED; v++)
    for (guint kind = RS_REMINDER_KIND_INVOICE; kind <= RS_REMINDER_KIND_NOTICE; kind++)
      {
        g_autofree char *sentence = explain (v, kind, "2027-03-31", "2027-03-24T09:00:00Z");

        g_assert_true (g_str_has_prefix (sentence, "This e-mail will not be sent: "));
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reminder-preview/invoice/next-from-today", test_invoice_next_from_today);
  g_test_add_func ("/reminder-preview/invoice/given-date-whatever-today", test_invoice_given_date);
  g_test_add_func ("/reminder-preview/invoice/not-an-issue-date", test_invoice_not_an_issue_date);
  g_test_add_func ("/reminder-preview/invoice/none-left", test_invoice_none_left);
  g_test_add_func ("/reminder-preview/expiry/the-one-date", test_expiry);
  g_test_add_func ("/reminder-preview/notice/the-one-date", test_notice);
  g_test_add_func ("/reminder-preview/verdict/sent-or-why-not", test_verdict_sent_or_why_not);
  g_test_add_func ("/reminder-preview/verdict/sentences", test_verdict_sentences);

  return g_test_run ();
}
