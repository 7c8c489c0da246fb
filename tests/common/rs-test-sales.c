/* rs-test-sales.c: dates and sales for the tests of the core library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "rs-test-sales.h"

GDate
rs_test_date (const char *text)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_true (rs_date_parse (text, "date", &date, &error));
  g_assert_no_error (error);
  return date;
}

RsSale *
rs_test_sale_new (const char *uid,
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
