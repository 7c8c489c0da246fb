/* test-agenda.c: what falls due in a window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "recurring-sales.h"

static RsSale *
make_sale (const char *uid,
           const char *client,
           const char *start,
           const char *period,
           const char *until)
{
  RsSale *sale = rs_sale_new ();
  RsSchedule schedule = { 0 };

  rs_sale_set_uid (sale, uid);
  rs_sale_set_client_name (sale, client);
  rs_sale_set_service (sale, "Hosting");
  rs_sale_set_amount_minor (sale, 12000);
  rs_sale_set_currency (sale, "EUR");
  g_assert_true (rs_date_parse (start, "start", &schedule.start, NULL));
  g_assert_true (rs_period_parse (period, "period", &schedule.period, NULL));
  g_date_clear (&schedule.until, 1);
  schedule.term_kind = RS_TERM_OPEN;
  if (until != NULL)
    {
      schedule.term_kind = RS_TERM_UNTIL;
      g_assert_true (rs_date_parse (until, "until", &schedule.until, NULL));
    }
  rs_sale_set_schedule (sale, &schedule);
  return sale;
}

static GPtrArray *
agenda (GPtrArray  *sales,
        const char *from_text,
        const char *to_text)
{
  GDate from, to;

  g_assert_true (rs_date_parse (from_text, "from", &from, NULL));
  g_assert_true (rs_date_parse (to_text, "to", &to, NULL));
  return rs_agenda_compute (sales, &from, &to);
}

static char *
item_key (const RsAgendaItem *item)
{
  g_autofree char *date = rs_date_to_iso (&item->date);

  if (item->kind == RS_AGENDA_ITEM_REMINDER)
    {
      g_autofree char *for_date = rs_date_to_iso (&item->for_date);
      return g_strdup_printf ("%s reminder(%s %s %s) %s", date, rs_reminder_kind_to_string (item->for_kind),
                              for_date, rs_audience_to_string (item->audience), rs_sale_get_uid (item->sale));
    }

  return g_strdup_printf ("%s %s %s", date, rs_agenda_item_kind_to_string (item->kind), rs_sale_get_uid (item->sale));
}

static void
assert_agenda (GPtrArray          *items,
               const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (items->len, n); i++)
    {
      g_autofree char *key = item_key (g_ptr_array_index (items, i));
      g_assert_cmpstr (key, ==, expected[i]);
    }
  g_assert_cmpuint (items->len, ==, n);
}

static void
test_window_is_inclusive_and_sorted (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *acme = make_sale ("acme", "Acme", "2027-01-31", "1m", "2027-04-30");
  RsSale *beta = make_sale ("beta", "Beta", "2027-02-28", "1y", NULL);
  const char * const expected[] = {
    "2027-02-21 reminder(invoice 2027-02-28 owner) acme",
    "2027-02-21 reminder(invoice 2027-02-28 owner) beta",
    "2027-02-28 invoice acme",
    "2027-02-28 invoice beta",
    "2027-03-24 reminder(invoice 2027-03-31 owner) acme",
    "2027-03-31 invoice acme",
    "2027-03-31 reminder(expiry 2027-04-30 owner) acme",
    NULL
  };

  rs_sale_add_reminder (acme, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (acme, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (beta, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  g_ptr_array_add (sales, beta);
  g_ptr_array_add (sales, acme);

  items = agenda (sales, "2027-02-01", "2027-03-31");
  assert_agenda (items, expected);
}

static void
test_expiry_and_notice_items (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *sale = make_sale ("s1", "Acme", "2027-01-01", "1y", "2027-12-31");
  const char * const expected[] = {
    "2027-12-01 notice s1",
    "2027-12-24 reminder(expiry 2027-12-31 owner) s1",
    "2027-12-31 expiry s1",
    NULL
  };

  rs_sale_set_notice_days (sale, 30);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 7, RS_AUDIENCE_OWNER);
  g_ptr_array_add (sales, sale);
  items = agenda (sales, "2027-11-01", "2028-01-31");
  assert_agenda (items, expected);
}

static void
test_reminders_that_no_longer_apply_are_left_out (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *sale = make_sale ("s1", "Acme", "2027-01-31", "1m", "2027-04-30");
  GDate prepaid;
  const char * const renewed[] = {
    "2027-02-21 reminder(invoice 2027-02-28 owner) s1",
    "2027-02-28 invoice s1",
    "2027-03-31 invoice s1",
    "2027-04-23 reminder(invoice 2027-04-30 owner) s1",
    "2027-04-30 invoice s1",
    "2027-04-30 expiry s1",
    NULL
  };
  const char * const paused[] = {
    "2027-02-28 invoice s1",
    "2027-03-31 invoice s1",
    "2027-04-30 invoice s1",
    "2027-04-30 expiry s1",
    NULL
  };

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 7, RS_AUDIENCE_OWNER);
  g_assert_true (rs_date_parse ("2027-03-31", "d", &prepaid, NULL));
  rs_sale_set_occurrence_state (sale, &prepaid, RS_OCCURRENCE_PREPAID);
  rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
  g_ptr_array_add (sales, sale);

  items = agenda (sales, "2027-02-01", "2027-04-30");
  assert_agenda (items, renewed);
  g_assert_cmpint (((RsAgendaItem *) g_ptr_array_index (items, 2))->state, ==, RS_OCCURRENCE_PREPAID);

  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = agenda (sales, "2027-02-01", "2027-04-30");
  assert_agenda (items, paused);
}

static void
test_reminder_in_window_for_date_after_it (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *sale = make_sale ("s1", "Acme", "2027-01-01", "1y", "2027-12-31");
  const char * const expected[] = {
    "2027-10-02 reminder(expiry 2027-12-31 owner) s1",
    NULL
  };

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 90, RS_AUDIENCE_OWNER);
  g_ptr_array_add (sales, sale);
  items = agenda (sales, "2027-10-01", "2027-10-31");
  assert_agenda (items, expected);
}

static void
test_describe_is_readable (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *sale = make_sale ("s1", "Acme", "2027-01-31", "1m", NULL);
  g_autofree char *invoice = NULL;
  g_autofree char *reminder = NULL;

  rs_sale_set_draft (sale, FALSE);
  rs_sale_set_client_email (sale, "a@example.com");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_CLIENT);
  g_ptr_array_add (sales, sale);
  items = agenda (sales, "2027-02-25", "2027-02-28");
  g_assert_cmpuint (items->len, ==, 2);
  reminder = rs_agenda_item_describe (g_ptr_array_index (items, 0));
  invoice = rs_agenda_item_describe (g_ptr_array_index (items, 1));
  g_assert_cmpstr (reminder, ==, "2027-02-25  Reminder to the client: Invoice to Acme: Hosting (120.00 EUR) on 2027-02-28");
  g_assert_cmpstr (invoice, ==, "2027-02-28  Invoice to Acme: Hosting (120.00 EUR)");
}

static void
test_many_sales_one_pass (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  gint64 started;
  double seconds;

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *uid = g_strdup_printf ("sale-%06u", i);
      g_autofree char *start = g_strdup_printf ("%04u-%02u-%02u", 2025 + i % 2, 1 + i % 12, 1 + i % 28);
      RsSale *sale = make_sale (uid, "Client", start, i % 4 == 0 ? "1y" : "1m", NULL);

      rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
      g_ptr_array_add (sales, sale);
    }

  started = g_get_monotonic_time ();
  items = agenda (sales, "2027-03-01", "2027-03-30");
  seconds = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  g_test_message ("30-day agenda over 100,000 sales: %u items in %.3f s", items->len, seconds);
  g_assert_cmpuint (items->len, >, 100000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agenda/window/inclusive-and-sorted", test_window_is_inclusive_and_sorted);
  g_test_add_func ("/agenda/items/expiry-and-notice", test_expiry_and_notice_items);
  g_test_add_func ("/agenda/reminders/left-out-when-no-longer-apply", test_reminders_that_no_longer_apply_are_left_out);
  g_test_add_func ("/agenda/reminders/in-window-for-date-after-it", test_reminder_in_window_for_date_after_it);
  g_test_add_func ("/agenda/describe/readable", test_describe_is_readable);
  g_test_add_func ("/agenda/scale/100000-sales-one-pass", test_many_sales_one_pass);

  return g_test_run ();
}
