/* test-elorus-invoice.c: an Elorus recurring invoice as one of our sales
 *
 * The invoices are written from the fields of Elorus's OpenAPI file, version 1.2
 * (PUV12RecurringInvoiceRetrieve); docs/elorus.md says which we read and how.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-period.h>

#include "rs-elorus-invoice.h"

/* One invoice as Elorus's single-invoice endpoint gives it: a Greek client, 1234.56 EUR every
 * month from 15 January 2026 until 15 January 2027, three invoices issued. */
static const char *const base_invoice =
  "{"
  "  \"id\": \"1050000300010040\","
  "  \"custom_id\": \"Φιλοξενία ιστοσελίδας\","
  "  \"start_datetime\": \"2026-01-15T06:00:00Z\","
  "  \"interval\": 1,"
  "  \"period\": \"months\","
  "  \"end_datetime\": \"2027-01-15T06:00:00Z\","
  "  \"last_execution\": \"2026-03-15T06:00:00Z\","
  "  \"next_execution\": \"2026-04-15T06:00:00Z\","
  "  \"paused\": false,"
  "  \"draft\": true,"
  "  \"client\": 3300000040000100,"
  "  \"client_display_name\": \"Αλφα Ο.Ε.\","
  "  \"client_email\": \"logistirio@alfa.gr\","
  "  \"currency_code\": \"EUR\","
  "  \"total\": \"1234.56\","
  "  \"items\": [ { \"title\": \"Φιλοξενία\", \"description\": \"Ετήσιο πακέτο\" } ],"
  "  \"modified\": \"2026-03-15T06:00:01.504916Z\""
  "}";

static JsonObject *
invoice_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (base_invoice, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static RsElorusInvoice *
read_invoice (JsonObject *object)
{
  g_autoptr(GTimeZone) athens = g_time_zone_new_identifier ("Europe/Athens");
  g_autoptr(GError) error = NULL;
  RsElorusInvoice *invoice;

  g_assert_nonnull (athens);
  invoice = rs_elorus_invoice_new_from_json (object, athens, &error);
  g_assert_no_error (error);
  g_assert_nonnull (invoice);
  return invoice;
}

static void
assert_date (const GDate *date,
             guint        year,
             guint        month,
             guint        day)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpuint (g_date_get_year (date), ==, year);
  g_assert_cmpuint (g_date_get_month (date), ==, month);
  g_assert_cmpuint (g_date_get_day (date), ==, day);
}

static void
test_greek_client (void)
{
  g_autoptr(JsonObject) object = invoice_json ();
  g_autoptr(RsElorusInvoice) invoice = read_invoice (object);
  const RsSchedule *schedule = rs_sale_get_schedule (invoice->sale);

  g_assert_cmpstr (invoice->id, ==, "1050000300010040");
  g_assert_cmpstr (rs_sale_get_client_name (invoice->sale), ==, "Αλφα Ο.Ε.");
  g_assert_cmpstr (rs_sale_get_client_email (invoice->sale), ==, "logistirio@alfa.gr");
  g_assert_cmpstr (rs_sale_get_service (invoice->sale), ==, "Φιλοξενία ιστοσελίδας");
  g_assert_cmpstr (rs_sale_get_currency (invoice->sale), ==, "EUR");
  g_assert_cmpint (rs_sale_get_amount_minor (invoice->sale), ==, 123456);
  assert_date (&schedule->start, 2026, 1, 15);
  g_assert_cmpuint (schedule->period.count, ==, 1);
  g_assert_cmpint (schedule->period.unit, ==, RS_PERIOD_UNIT_MONTH);
  g_assert_cmpint (schedule->term_kind, ==, RS_TERM_UNTIL);
  assert_date (&schedule->until, 2027, 1, 15);
  g_assert_cmpint (rs_sale_get_status (invoice->sale), ==, RS_SALE_STATUS_ACTIVE);
  g_assert_true (invoice->has_draft);
  g_assert_true (rs_sale_get_draft (invoice->sale));
  assert_date (&invoice->last_execution, 2026, 3, 15);
  assert_date (&invoice->next_execution, 2026, 4, 15);
  g_assert_nonnull (invoice->modified);
  g_assert_cmpint (g_date_time_get_second (invoice->modified), ==, 1);
}

static void
test_paused_open_ended_not_draft (void)
{
  g_autoptr(JsonObject) object = invoice_json ();
  g_autoptr(RsElorusInvoice) invoice = NULL;

  json_object_set_boolean_member (object, "paused", TRUE);
  json_object_set_boolean_member (object, "draft", FALSE);
  json_object_set_null_member (object, "end_datetime");
  json_object_remove_member (object, "client_email");
  invoice = read_invoice (object);

  g_assert_cmpint (rs_sale_get_status (invoice->sale), ==, RS_SALE_STATUS_PAUSED);
  g_assert_false (rs_sale_get_draft (invoice->sale));
  g_assert_cmpint (rs_sale_get_schedule (invoice->sale)->term_kind, ==, RS_TERM_OPEN);
  g_assert_null (rs_sale_get_client_email (invoice->sale));
}

static void
test_periods (void)
{
  static const struct { gint64 interval; const char *period; const char *expected; } cases[] = {
    { 1, "days", "1d" },
    { 10, "days", "10d" },
    { 2, "weeks", "2w" },
    { 1, "months", "1m" },
    { 3, "months", "3m" },
    { 18, "months", "18m" },
    /* Elorus has no years: twelve months is a year. */
    { 12, "months", "1y" },
    { 24, "months", "2y" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = invoice_json ();
      g_autoptr(RsElorusInvoice) invoice = NULL;
      g_autofree char *period = NULL;

      json_object_set_int_member (object, "interval", cases[i].interval);
      json_object_set_string_member (object, "period", cases[i].period);
      json_object_remove_member (object, "next_execution");
      json_object_remove_member (object, "last_execution");
      json_object_set_string_member (object, "end_datetime", "2030-12-31T06:00:00Z");
      invoice = read_invoice (object);
      period = rs_period_to_string (&rs_sale_get_schedule (invoice->sale)->period);
      g_assert_cmpstr (period, ==, cases[i].expected);
    }
}

static void
test_amounts (void)
{
  static const struct { const char *total; const char *currency; gint64 minor; } cases[] = {
    { "1234.56", "EUR", 123456 },
    { "0.10", "EUR", 10 },
    { "0.00", "EUR", 0 },
    { "100", "EUR", 10000 },
    /* Decimal text read digit by digit: 0.29 and 9999999.99 are not rounded as doubles are. */
    { "0.29", "EUR", 29 },
    { "9999999.99", "EUR", 999999999 },
    { "1500", "JPY", 1500 },
    { "1.234", "KWD", 1234 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = invoice_json ();
      g_autoptr(RsElorusInvoice) invoice = NULL;

      json_object_set_string_member (object, "total", cases[i].total);
      json_object_set_string_member (object, "currency_code", cases[i].currency);
      invoice = read_invoice (object);
      g_assert_cmpint (rs_sale_get_amount_minor (invoice->sale), ==, cases[i].minor);
      g_assert_cmpstr (rs_sale_get_currency (invoice->sale), ==, cases[i].currency);
    }
}

/* Elorus's instants are UTC; the day is the one the user lives in: 22:30 UTC on 31 March is
 * 1 April in Athens (UTC+3 in summer). */
static void
test_dates_in_users_zone (void)
{
  g_autoptr(JsonObject) object = invoice_json ();
  g_autoptr(RsElorusInvoice) invoice = NULL;

  json_object_set_string_member (object, "start_datetime", "2026-03-31T22:30:00Z");
  json_object_remove_member (object, "last_execution");
  json_object_set_string_member (object, "next_execution", "2026-04-01");
  invoice = read_invoice (object);
  assert_date (&rs_sale_get_schedule (invoice->sale)->start, 2026, 4, 1);
  assert_date (&invoice->next_execution, 2026, 4, 1);
  g_assert_true (rs_elorus_invoice_check_next_execution (invoice, NULL));
}

static void
test_service_from_first_line (void)
{
  g_autoptr(JsonObject) object = invoice_json ();
  g_autoptr(RsElorusInvoice) by_title = NULL;
  g_autoptr(RsElorusInvoice) by_description = NULL;
  JsonObject *line;

  json_object_set_string_member (object, "custom_id", "  ");
  by_title = read_invoice (object);
  g_assert_cmpstr (rs_sale_get_service (by_title->sale), ==, "Φιλοξενία");

  json_object_remove_member (object, "custom_id");
  line = json_array_get_object_element (json_object_get_array_member (object, "items"), 0);
  json_object_remove_member (line, "title");
  json_object_set_string_member (line, "description", "Συντήρηση\nκαι υποστήριξη");
  by_description = read_invoice (object);
  g_assert_cmpstr (rs_sale_get_service (by_description->sale), ==, "Συντήρηση");
}

typedef void (*Mutation) (JsonObject *object);

static void drop_id (JsonObject *o) { json_object_remove_member (o, "id"); }
static void numeric_id (JsonObject *o) { json_object_set_int_member (o, "id", 42); }
static void interval_zero (JsonObject *o) { json_object_set_int_member (o, "interval", 0); }
static void interval_text (JsonObject *o) { json_object_set_string_member (o, "interval", "1"); }
static void period_years (JsonObject *o) { json_object_set_string_member (o, "period", "years"); }
static void total_comma (JsonObject *o) { json_object_set_string_member (o, "total", "1.234,56"); }
static void total_grouped (JsonObject *o) { json_object_set_string_member (o, "total", "1,234.56"); }
static void total_float (JsonObject *o) { json_object_set_double_member (o, "total", 1234.56); }
static void total_decimals (JsonObject *o) { json_object_set_string_member (o, "total", "12.345"); }
static void total_negative (JsonObject *o) { json_object_set_string_member (o, "total", "-10.00"); }
static void currency_bad (JsonObject *o) { json_object_set_string_member (o, "currency_code", "EURO"); }
static void start_bad (JsonObject *o) { json_object_set_string_member (o, "start_datetime", "αύριο"); }
static void start_missing (JsonObject *o) { json_object_remove_member (o, "start_datetime"); }
static void end_before_start (JsonObject *o) { json_object_set_string_member (o, "end_datetime", "2025-12-31T06:00:00Z"); }
static void no_client (JsonObject *o) { json_object_remove_member (o, "client_display_name"); }
static void email_bad (JsonObject *o) { json_object_set_string_member (o, "client_email", "όχι email"); }
static void paused_text (JsonObject *o) { json_object_set_string_member (o, "paused", "yes"); }
static void no_service (JsonObject *o)
{
  json_object_remove_member (o, "custom_id");
  json_object_set_array_member (o, "items", json_array_new ());
}

static void
test_refusals (void)
{
  static const struct { Mutation mutate; const char *in_message; } cases[] = {
    { drop_id, "id" },
    { numeric_id, "id" },
    { interval_zero, "0" },
    { interval_text, "interval" },
    { period_years, "years" },
    { total_comma, "1.234,56" },
    { total_grouped, "1,234.56" },
    { total_float, "total" },
    { total_decimals, "12.345" },
    { total_negative, "-10.00" },
    { currency_bad, "EURO" },
    { start_bad, "αύριο" },
    { start_missing, "start_datetime" },
    { end_before_start, "1050000300010040" },
    { no_client, "client_display_name" },
    { email_bad, "όχι email" },
    { paused_text, "paused" },
    { no_service, "custom ID" },
  };
  g_autoptr(GTimeZone) athens = g_time_zone_new_identifier ("Europe/Athens");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = invoice_json ();
      g_autoptr(RsElorusInvoice) invoice = NULL;
      g_autoptr(GError) error = NULL;

      cases[i].mutate (object);
      invoice = rs_elorus_invoice_new_from_json (object, athens, &error);
      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, error ? error->message : "(none)");
      g_assert_null (invoice);
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
      g_assert_null (strchr (error->message, '\n'));
      /* Every refusal after the id names the invoice, so that the sync's report can say
       * which one to fix in Elorus. */
      if (cases[i].mutate != drop_id && cases[i].mutate != numeric_id)
        g_assert_nonnull (strstr (error->message, "1050000300010040"));
    }
}

static void
test_issued_up_to_last_execution (void)
{
  g_autoptr(JsonObject) object = invoice_json ();
  g_autoptr(RsElorusInvoice) invoice = read_invoice (object);
  g_autoptr(GArray) issued = rs_elorus_invoice_issued_dates (invoice);
  g_autoptr(RsElorusInvoice) fresh = NULL;
  g_autoptr(GArray) none = NULL;

  g_assert_cmpuint (issued->len, ==, 3);
  assert_date (&g_array_index (issued, GDate, 0), 2026, 1, 15);
  assert_date (&g_array_index (issued, GDate, 1), 2026, 2, 15);
  assert_date (&g_array_index (issued, GDate, 2), 2026, 3, 15);

  json_object_set_null_member (object, "last_execution");
  json_object_set_string_member (object, "next_execution", "2026-01-15T06:00:00Z");
  fresh = read_invoice (object);
  none = rs_elorus_invoice_issued_dates (fresh);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_true (rs_elorus_invoice_check_next_execution (fresh, NULL));
}

static void
test_next_execution (void)
{
  g_autoptr(JsonObject) object = invoice_json ();
  g_autoptr(RsElorusInvoice) agrees = read_invoice (object);
  g_autoptr(RsElorusInvoice) disagrees = NULL;
  g_autoptr(RsElorusInvoice) ended = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rs_elorus_invoice_check_next_execution (agrees, &error));
  g_assert_no_error (error);

  json_object_set_string_member (object, "next_execution", "2026-04-16T06:00:00Z");
  disagrees = read_invoice (object);
  g_assert_false (rs_elorus_invoice_check_next_execution (disagrees, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "1050000300010040"));
  g_assert_nonnull (strstr (error->message, "2026-04-16"));
  g_assert_nonnull (strstr (error->message, "2026-04-15"));
  g_clear_error (&error);

  json_object_set_string_member (object, "end_datetime", "2026-03-31T06:00:00Z");
  ended = read_invoice (object);
  g_assert_false (rs_elorus_invoice_check_next_execution (ended, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "ended"));
}

static void
test_apply_keeps_owners_fields (void)
{
  g_autoptr(JsonObject) object = invoice_json ();
  g_autoptr(RsElorusInvoice) invoice = read_invoice (object);
  g_autoptr(RsSale) sale = rs_sale_new ();
  g_autoptr(GError) error = NULL;
  GDate february, march;

  g_date_set_dmy (&february, 15, G_DATE_FEBRUARY, 2026);
  g_date_set_dmy (&march, 15, G_DATE_MARCH, 2026);

  /* What a first sync makes, then the owner's own fields. */
  g_assert_true (rs_elorus_invoice_apply (invoice, sale));
  rs_sale_set_iban (sale, "GR1601101250000000012300695");
  rs_sale_set_payment_instructions (sale, "Κατάθεση στην Εθνική");
  rs_sale_set_notice_days (sale, 30);
  rs_sale_set_delivery (sale, RS_DELIVERY_SEND);
  rs_sale_set_language (sale, "el");
  rs_sale_set_note (sale, "Πληρώνει πάντα αργά");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_CLIENT);
  rs_sale_set_occurrence_state (sale, &february, RS_OCCURRENCE_PREPAID);
  rs_sale_set_occurrence_state (sale, &march, RS_OCCURRENCE_OPEN);
  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);

  /* Elorus changed the client's name and the amount. */
  json_object_set_string_member (object, "client_display_name", "Αλφα και Βήτα Ο.Ε.");
  json_object_set_string_member (object, "total", "1300.00");
  g_clear_pointer (&invoice, rs_elorus_invoice_free);
  invoice = read_invoice (object);
  g_assert_true (rs_elorus_invoice_apply (invoice, sale));

  g_assert_cmpstr (rs_sale_get_client_name (sale), ==, "Αλφα και Βήτα Ο.Ε.");
  g_assert_cmpint (rs_sale_get_amount_minor (sale), ==, 130000);
  g_assert_cmpstr (rs_sale_get_iban (sale), ==, "GR1601101250000000012300695");
  g_assert_cmpstr (rs_sale_get_payment_instructions (sale), ==, "Κατάθεση στην Εθνική");
  g_assert_cmpint (rs_sale_get_notice_days (sale), ==, 30);
  g_assert_cmpint (rs_sale_get_delivery (sale), ==, RS_DELIVERY_SEND);
  g_assert_cmpstr (rs_sale_get_language (sale), ==, "el");
  g_assert_cmpstr (rs_sale_get_note (sale), ==, "Πληρώνει πάντα αργά");
  g_assert_cmpuint (rs_sale_get_reminders (sale)->len, ==, 1);
  g_assert_cmpint (rs_sale_get_occurrence_state (sale, &february), ==, RS_OCCURRENCE_PREPAID);
  g_assert_cmpint (rs_sale_get_occurrence_state (sale, &march), ==, RS_OCCURRENCE_ISSUED);

  /* The same invoice again changes nothing: a second sync is quiet. */
  g_assert_false (rs_elorus_invoice_apply (invoice, sale));

  /* Ended is the owner's (or the sync's, for an invoice gone upstream); paused in Elorus does
   * not bring it back. */
  rs_sale_set_status (sale, RS_SALE_STATUS_ENDED);
  json_object_set_boolean_member (object, "paused", TRUE);
  g_clear_pointer (&invoice, rs_elorus_invoice_free);
  invoice = read_invoice (object);
  g_assert_false (rs_elorus_invoice_apply (invoice, sale));
  g_assert_cmpint (rs_sale_get_status (sale), ==, RS_SALE_STATUS_ENDED);
}

/* The refusals are sentences in the user's language. */
static void
test_refusal_in_greek (void)
{
  g_autoptr(JsonObject) object = invoice_json ();
  g_autoptr(GTimeZone) athens = g_time_zone_new_identifier ("Europe/Athens");
  g_autoptr(RsElorusInvoice) invoice = NULL;
  g_autoptr(GError) error = NULL;

  if (setlocale (LC_ALL, "el_GR.UTF-8") == NULL)
    g_error ("The locale el_GR.UTF-8 is missing; run scripts/run-tests.sh (it generates it) "
             "or localedef -i el_GR -f UTF-8 el_GR.UTF-8.");
  g_setenv ("LANGUAGE", "el", TRUE);
  period_years (object);
  invoice = rs_elorus_invoice_new_from_json (object, athens, &error);
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "", TRUE);

  g_assert_null (invoice);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Elorus"));
  g_assert_nonnull (strstr (error->message, "ημέρες"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  rs_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/elorus/invoice/greek-client", test_greek_client);
  g_test_add_func ("/elorus/invoice/paused-open-ended-not-draft", test_paused_open_ended_not_draft);
  g_test_add_func ("/elorus/invoice/periods-twelve-months-is-a-year", test_periods);
  g_test_add_func ("/elorus/invoice/amounts-exact-minor-units", test_amounts);
  g_test_add_func ("/elorus/invoice/dates-in-users-zone", test_dates_in_users_zone);
  g_test_add_func ("/elorus/invoice/service-from-first-line", test_service_from_first_line);
  g_test_add_func ("/elorus/invoice/refusals", test_refusals);
  g_test_add_func ("/elorus/invoice/issued-up-to-last-execution", test_issued_up_to_last_execution);
  g_test_add_func ("/elorus/invoice/next-execution-checked", test_next_execution);
  g_test_add_func ("/elorus/invoice/apply-keeps-owners-fields", test_apply_keeps_owners_fields);
  g_test_add_func ("/elorus/invoice/refusal-in-greek", test_refusal_in_greek);

  return g_test_run ();
}
