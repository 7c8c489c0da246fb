/* test-i18n.c: in Greek when the desktop is in Greek
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The catalog comes from the build tree (RS_LOCALEDIR). The locale el_GR.UTF-8 must exist:
 * scripts/run-tests.sh generates it with localedef.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-autocleanups.h>
#include <recurring-sales/rs-csv.h>
#include "rs-test-sales.h"

static RsSale *
make_sale (void)
{
  RsSale *sale = rs_test_sale_new ("greek-1", "Acme", "2027-01-31", "1m", NULL);
  RsSchedule schedule = *rs_sale_get_schedule (sale);

  rs_sale_set_service (sale, "Φιλοξενία");
  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = 12;
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);
  return sale;
}

static void
use_greek (void)
{
  if (setlocale (LC_ALL, "el_GR.UTF-8") == NULL)
    g_error ("The locale el_GR.UTF-8 is missing; run scripts/run-tests.sh (it generates it) "
             "or: localedef -i el_GR -f UTF-8 el_GR.UTF-8");
  g_setenv ("LANGUAGE", "el", TRUE);
  /* Changing the locale makes gettext drop its cached lookups. */
  setlocale (LC_MESSAGES, "");
  setlocale (LC_ALL, "el_GR.UTF-8");
}

static void
test_summaries_in_greek (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autofree char *invoice = NULL;
  g_autofree char *expiry = NULL;

  use_greek ();
  invoice = rs_format_invoice_summary (sale);
  expiry = rs_format_expiry_summary (sale);
  g_assert_cmpstr (invoice, ==, "Προσχέδιο τιμολογίου προς Acme: Φιλοξενία (120,00 €)");
  g_assert_cmpstr (expiry, ==, "Λήξη: Φιλοξενία για Acme");
}

static void
test_agenda_in_greek (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *reminder = NULL;
  g_autofree char *expiry = NULL;
  GDate from, to;

  use_greek ();
  g_ptr_array_add (sales, make_sale ());
  g_assert_true (rs_date_parse ("2027-12-31", "from", &from, NULL));
  g_assert_true (rs_date_parse ("2028-01-30", "to", &to, NULL));
  items = rs_agenda_compute (sales, &from, &to);
  /* 31 Dec: the reminder 30 days before; 30 Jan: the expiry (31 Jan is the next issue date). */
  g_assert_cmpuint (items->len, ==, 3);
  reminder = rs_agenda_item_describe (g_ptr_array_index (items, 1));
  expiry = rs_agenda_item_describe (g_ptr_array_index (items, 2));
  g_assert_cmpstr (reminder, ==, "31/12/2027  Υπενθύμιση για εσάς: Λήξη: Φιλοξενία για Acme στις 30/01/2028");
  g_assert_cmpstr (expiry, ==, "30/01/2028  Λήξη: Φιλοξενία για Acme");
}

static void
test_errors_in_greek (void)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  use_greek ();
  g_assert_false (rs_date_parse ("2026-02-30", _("The expiry date"), &date, &error));
  g_assert_cmpstr (error->message, ==, "Η ημερομηνία λήξης 2026-02-30 δεν είναι έγκυρη ημερομηνία.");
}

static void
test_money_in_greek_locale (void)
{
  g_autofree char *amount = NULL;

  use_greek ();
  amount = rs_money_format (12000, "EUR");
  g_assert_cmpstr (amount, ==, "120,00 €");
}

/* The owner's reminder of a draft asks for approval; one that is not a draft is about to be
 * issued. */
static void
test_owner_reminders_in_greek (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(ICalComponent) alarm = NULL;

  use_greek ();
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  components = rs_projection_build (sale);
  alarm = i_cal_component_get_first_component (g_ptr_array_index (components, 0),
                                               I_CAL_VALARM_COMPONENT);
  g_assert_cmpstr (i_cal_component_get_description (alarm), ==,
                   "Χρειάζεται την έγκρισή σας: Προσχέδιο τιμολογίου προς Acme: Φιλοξενία (120,00 €)");

  rs_sale_set_draft (sale, FALSE);
  g_clear_object (&alarm);
  g_clear_pointer (&components, g_ptr_array_unref);
  components = rs_projection_build (sale);
  alarm = i_cal_component_get_first_component (g_ptr_array_index (components, 0),
                                               I_CAL_VALARM_COMPONENT);
  g_assert_cmpstr (i_cal_component_get_description (alarm), ==,
                   "Πρόκειται να εκδοθεί: Τιμολόγιο προς Acme: Φιλοξενία (120,00 €)");
}

/* A date in a Greek sentence is written as Greek shows dates, wherever the sentence comes from. */
static void
test_dates_in_errors_in_greek (void)
{
  g_autoptr(RsSale) sale = rs_test_sale_new ("greek-2", "Acme", "2027-03-30", "1m", "2027-01-31");
  g_autoptr(GError) error = NULL;

  use_greek ();
  g_assert_false (rs_schedule_validate (rs_sale_get_schedule (sale), &error));
  g_assert_cmpstr (error->message, ==,
                   "Η ημερομηνία λήξης 31/01/2027 είναι πριν από την ημερομηνία "
                   "έναρξης 30/03/2027.");
}

/* The command reads what it shows: 30/03/2027 and 1.234,56, as well as the plain forms. */
static void
test_typed_in_greek (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  GDate date;
  gint64 minor = 0;

  use_greek ();
  g_assert_true (rs_date_parse_local ("30/03/2027", _("The start date"), NULL, &date, &error));
  g_assert_no_error (error);
  shown = rs_format_date (&date);
  g_assert_cmpstr (shown, ==, "30/03/2027");
  g_assert_true (rs_date_parse_local ("2027-03-30", _("The start date"), NULL, &date, &error));

  g_assert_false (rs_date_parse_local ("30.03.27", _("The start date"), NULL, &date, &error));
  g_assert_cmpstr (error->message, ==,
                   "Η ημερομηνία έναρξης «30.03.27» δεν είναι ημερομηνία· "
                   "γράψτε τη όπως 31/01/2027 ή 2027-01-31.");
  g_clear_error (&error);

  g_assert_true (rs_money_parse_local ("1.234,56", "EUR", NULL, &minor, &error));
  g_assert_cmpint (minor, ==, 123456);
  g_assert_true (rs_money_parse_local ("1.234", "EUR", NULL, &minor, &error));
  g_assert_cmpint (minor, ==, 123400);

  g_assert_false (rs_money_parse_local ("-5", "EUR", NULL, &minor, &error));
  g_assert_cmpstr (error->message, ==,
                   "Το ποσό «-5» είναι αρνητικό: ένα ποσό πρέπει να είναι 0 ή μεγαλύτερο.");
  g_clear_error (&error);
  g_assert_false (rs_money_parse_local ("12x", "EUR", NULL, &minor, &error));
  g_assert_cmpstr (error->message, ==, "Το ποσό «12x» δεν είναι αριθμός· γράψτε το όπως 1.234,50.");
  g_clear_error (&error);
  g_assert_false (rs_money_parse_local ("1.234", "KWD", NULL, &minor, &error));
  g_assert_cmpstr (error->message, ==,
                   "Το ποσό «1.234» διαβάζεται με δύο τρόπους· γράψτε 1.234,000 ή 1,234.");
}

/* Reads @csv as the command does under the current locale: its amounts and dates. */
static GPtrArray *
parse_as_command (const char  *csv,
                  gsize        length,
                  GHashTable  *columns,
                  GPtrArray   *problems)
{
  g_autoptr(GError) error = NULL;
  RsMoneyStyle style;
  RsCsvReading reading = { &style, TRUE, columns };
  GPtrArray *sales;

  rs_money_style_from_locale (&style);
  sales = rs_csv_parse_sales_full (csv, length, NULL, &reading, problems, &error);
  g_assert_true ((sales == NULL) == (error != NULL));
  return sales;
}

/* Issue #16: a file as Excel under el_GR saves it (BOM, ";", CRLF, Greek headers, 1.234,56,
 * 31/12/2027, Μηνιαία) imports without editing. */
static void
test_greek_spreadsheet_imports (void)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "sample-sales-el-excel.csv", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  g_autoptr(GPtrArray) sales = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *start = NULL;
  g_autofree char *until = NULL;
  const RsSchedule *schedule;
  gsize length;
  RsSale *sale;

  use_greek ();
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  sales = parse_as_command (contents, length, NULL, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (sales);
  g_assert_cmpuint (sales->len, ==, 4);

  sale = g_ptr_array_index (sales, 0);
  schedule = rs_sale_get_schedule (sale);
  g_assert_cmpstr (rs_sale_get_client_name (sale), ==, "Άλφα Τεχνική Α.Ε.");
  g_assert_cmpint (rs_sale_get_amount_minor (sale), ==, 123456);
  g_assert_cmpuint (schedule->period.count, ==, 1);
  g_assert_cmpint (schedule->period.unit, ==, RS_PERIOD_UNIT_MONTH);
  start = rs_date_to_iso (&schedule->start);
  until = rs_date_to_iso (&schedule->until);
  g_assert_cmpstr (start, ==, "2027-12-31");
  g_assert_cmpstr (until, ==, "2028-12-31");
  g_assert_cmpstr (rs_sale_get_note (sale), ==, "Τιμολόγιο με ΦΠΑ 24%; πληρωμή με κατάθεση");

  sale = g_ptr_array_index (sales, 1);
  schedule = rs_sale_get_schedule (sale);
  g_assert_cmpint (rs_sale_get_amount_minor (sale), ==, 8990);
  g_assert_cmpuint (schedule->period.count, ==, 3);
  g_assert_cmpint (schedule->period.unit, ==, RS_PERIOD_UNIT_MONTH);
  g_assert_cmpuint (g_date_get_day (&schedule->start), ==, 1);
  g_assert_cmpuint (g_date_get_month (&schedule->start), ==, 2);

  sale = g_ptr_array_index (sales, 2);
  schedule = rs_sale_get_schedule (sale);
  g_assert_cmpint (rs_sale_get_amount_minor (sale), ==, 250000);
  g_assert_cmpint (schedule->period.unit, ==, RS_PERIOD_UNIT_YEAR);

  /* ISO dates are read too, and "Τριμηνιαία" is every 3 months. */
  sale = g_ptr_array_index (sales, 3);
  schedule = rs_sale_get_schedule (sale);
  g_assert_cmpuint (schedule->period.count, ==, 3);
  g_assert_cmpuint (g_date_get_day (&schedule->start), ==, 15);
}

/* What cannot be read one way only is refused with a sentence saying what to write, and the
 * problem names the column as the file does. */
static void
test_greek_spreadsheet_refusals (void)
{
  static const char csv[] =
    "Πελάτης;Υπηρεσία;Ποσό;Νόμισμα;Περίοδος;Έναρξη\r\n"
    "Άλφα;Φιλοξενία;1.234;KWD;Μηνιαία;31/12/2027\r\n"
    "Βήτα;Υποστήριξη;10;EUR;Κάθε τόσο;32/12/2027\r\n";
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  g_autoptr(GPtrArray) sales = NULL;
  const RsCsvProblem *problem;

  use_greek ();
  sales = parse_as_command (csv, sizeof csv - 1, NULL, problems);
  g_assert_null (sales);
  g_assert_cmpuint (problems->len, ==, 3);

  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->line, ==, 2);
  g_assert_cmpstr (problem->column, ==, "Ποσό");
  /* KWD has three decimals: 1.234 may be 1234 or 1,234. */
  g_assert_nonnull (strstr (problem->message, "1.234,000"));
  g_assert_nonnull (strstr (problem->message, "1,234"));

  /* In the order rs_sale_validate () checks the fields: the start, then the period. */
  problem = g_ptr_array_index (problems, 1);
  g_assert_cmpstr (problem->column, ==, "Έναρξη");
  g_assert_nonnull (strstr (problem->message, "32/12/2027"));

  problem = g_ptr_array_index (problems, 2);
  g_assert_cmpstr (problem->column, ==, "Περίοδος");
  g_assert_nonnull (strstr (problem->message, "Κάθε τόσο"));
  g_assert_nonnull (strstr (problem->message, "Μηνιαία"));
}

/* Issue #16: the export for Excel under el_GR (BOM, ";", 1234,56, 31/12/2027, the IBAN in
 * groups of four) reads back as the same sales. */
static void
test_excel_export_round_trip (void)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "sample-sales-el-excel.csv", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *excel = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *plain_again = NULL;
  RsMoneyStyle style;
  gsize length;

  use_greek ();
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  sales = parse_as_command (contents, length, NULL, problems);
  g_assert_nonnull (sales);

  rs_money_style_from_locale (&style);
  excel = rs_csv_write_sales_excel (sales, &style);
  g_assert_true (g_str_has_prefix (excel, "\xEF\xBB\xBFuid;client;email;"));
  g_assert_nonnull (strstr (excel, ";1234,56;EUR;1m;31/12/2027;31/12/2028;"));
  g_assert_nonnull (strstr (excel, ";GR16 0110 1250 0000 0001 2300 695;"));
  /* The note holds the separator: quoted. */
  g_assert_nonnull (strstr (excel, ";\"Τιμολόγιο με ΦΠΑ 24%; πληρωμή με κατάθεση\";"));

  again = parse_as_command (excel, strlen (excel), NULL, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_nonnull (again);
  plain = rs_csv_write_sales (sales);
  plain_again = rs_csv_write_sales (again);
  g_assert_cmpstr (plain_again, ==, plain);
}

int
main (int    argc,
      char **argv)
{
  rs_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/greek/summaries", test_summaries_in_greek);
  g_test_add_func ("/i18n/greek/csv/spreadsheet-imports", test_greek_spreadsheet_imports);
  g_test_add_func ("/i18n/greek/csv/spreadsheet-refusals", test_greek_spreadsheet_refusals);
  g_test_add_func ("/i18n/greek/csv/excel-export-round-trip", test_excel_export_round_trip);
  g_test_add_func ("/i18n/greek/agenda", test_agenda_in_greek);
  g_test_add_func ("/i18n/greek/errors", test_errors_in_greek);
  g_test_add_func ("/i18n/greek/money", test_money_in_greek_locale);
  g_test_add_func ("/i18n/greek/owner-reminders", test_owner_reminders_in_greek);
  g_test_add_func ("/i18n/greek/dates-in-errors", test_dates_in_errors_in_greek);
  g_test_add_func ("/i18n/greek/typed-as-shown", test_typed_in_greek);

  return g_test_run ();
}
