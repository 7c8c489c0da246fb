/* test-csv.c: the CSV import and export of sales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-csv.h>
#include <recurring-sales/rs-json.h>

#define HEADER "client,service,amount,currency,period,start"
#define ROW "Acme,Hosting,120.00,EUR,1m,2027-01-31"

static GPtrArray *
new_problems (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
}

static GPtrArray *
parse_ok (const char *csv,
          gsize       length)
{
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  GPtrArray *sales = rs_csv_parse_sales (csv, length, NULL, problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sales);
  g_assert_cmpuint (problems->len, ==, 0);
  return sales;
}

static GPtrArray *
load_sample (const char *name)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return parse_ok (contents, length);
}

static gboolean
has_reminder (RsSale         *sale,
              RsReminderKind  kind,
              guint           lead_days,
              RsAudience      audience)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);

      if (rule->kind == kind && rule->lead_days == lead_days && rule->audience == audience)
        return TRUE;
    }

  return FALSE;
}

static void
test_sample_parses (void)
{
  g_autoptr(GPtrArray) sales = load_sample ("sample-sales.csv");
  RsSale *acme, *papadopoulos, *bakery, *tanaka, *georgiou;
  const RsSchedule *schedule;

  g_assert_cmpuint (sales->len, ==, 6);

  acme = g_ptr_array_index (sales, 0);
  g_assert_cmpstr (rs_sale_get_uid (acme), ==, "sample-acme-hosting");
  g_assert_cmpint (rs_sale_get_amount_minor (acme), ==, 12000);
  g_assert_cmpstr (rs_sale_get_currency (acme), ==, "EUR");
  g_assert_cmpstr (rs_sale_get_iban (acme), ==, "GR1601101250000000012300695");
  g_assert_true (rs_sale_get_prepay (acme));
  g_assert_true (rs_sale_get_draft (acme));
  g_assert_cmpint (rs_sale_get_notice_days (acme), ==, 30);
  schedule = rs_sale_get_schedule (acme);
  g_assert_cmpint (schedule->term_kind, ==, RS_TERM_LENGTH);
  g_assert_cmpuint (schedule->term_length.count, ==, 2);
  g_assert_cmpint (schedule->term_length.unit, ==, RS_PERIOD_UNIT_YEAR);
  /* No reminder columns: the defaults, as the JSON importer gives them. */
  g_assert_cmpuint (rs_sale_get_reminders (acme)->len, ==, 4);

  papadopoulos = g_ptr_array_index (sales, 1);
  g_assert_cmpstr (rs_sale_get_client_name (papadopoulos), ==, "Παπαδόπουλος Α.Ε.");
  g_assert_cmpstr (rs_sale_get_service (papadopoulos), ==, "Υποστήριξη πληροφοριακών συστημάτων");
  g_assert_cmpint (rs_sale_get_schedule (papadopoulos)->term_kind, ==, RS_TERM_UNTIL);
  g_assert_cmpuint (g_date_get_day (&rs_sale_get_schedule (papadopoulos)->until), ==, 27);
  g_assert_null (rs_sale_get_note (papadopoulos));

  g_assert_cmpuint (rs_sale_get_schedule (g_ptr_array_index (sales, 2))->count, ==, 3);

  bakery = g_ptr_array_index (sales, 3);
  g_assert_cmpint (rs_sale_get_amount_minor (bakery), ==, 30000);
  g_assert_cmpstr (rs_sale_get_currency (bakery), ==, "GBP");
  g_assert_false (rs_sale_get_draft (bakery));
  /* A prepaying client with a client reminder: the main job previews its payment request. */
  g_assert_true (rs_sale_get_prepay (bakery));
  g_assert_cmpstr (rs_sale_get_iban (bakery), ==, "GB29NWBK60161331926819");
  g_assert_cmpuint (rs_sale_get_reminders (bakery)->len, ==, 2);
  g_assert_true (has_reminder (bakery, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT));
  g_assert_cmpstr (rs_sale_get_note (bakery), ==,
                   "Invoices to the owner, Mary \"Mo\" Smith;\na paper copy goes by post.");

  tanaka = g_ptr_array_index (sales, 4);
  g_assert_cmpint (rs_sale_get_amount_minor (tanaka), ==, 98000);
  g_assert_cmpuint (rs_sale_get_reminders (tanaka)->len, ==, 4);
  g_assert_true (has_reminder (tanaka, RS_REMINDER_KIND_EXPIRY, 90, RS_AUDIENCE_OWNER));
  g_assert_true (has_reminder (tanaka, RS_REMINDER_KIND_INVOICE, 30, RS_AUDIENCE_OWNER));

  georgiou = g_ptr_array_index (sales, 5);
  g_assert_cmpint (rs_sale_get_status (georgiou), ==, RS_SALE_STATUS_PAUSED);
  g_assert_cmpstr (rs_sale_get_client_name (georgiou), ==, "Γεωργίου & Σία Ο.Ε.");
}

static void
test_greek_sample_parses (void)
{
  g_autoptr(GPtrArray) sales = load_sample ("sample-sales-el.csv");
  RsSale *alfa, *vita, *gamma;

  g_assert_cmpuint (sales->len, ==, 3);

  alfa = g_ptr_array_index (sales, 0);
  /* The BOM is not part of the first column's name. */
  g_assert_cmpstr (rs_sale_get_uid (alfa), ==, "el-alfa-hosting");
  g_assert_cmpstr (rs_sale_get_client_name (alfa), ==, "Άλφα Τεχνική Α.Ε.");
  /* A semicolon file writes decimal commas. */
  g_assert_cmpint (rs_sale_get_amount_minor (alfa), ==, 123450);
  g_assert_true (rs_sale_get_prepay (alfa));
  /* The CRLF inside the quoted note is a plain line break. */
  g_assert_cmpstr (rs_sale_get_note (alfa), ==,
                   "Ετήσια προκαταβολή; τιμολόγιο με ΦΠΑ 24%.\nΕπικοινωνία: κα Παπαδάκη, «Λογιστήριο».");
  /* remind_client: every lead day for the owner and for the client. */
  g_assert_cmpuint (rs_sale_get_reminders (alfa)->len, ==, 8);
  g_assert_true (has_reminder (alfa, RS_REMINDER_KIND_INVOICE, 14, RS_AUDIENCE_CLIENT));
  g_assert_true (has_reminder (alfa, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER));
  g_assert_true (has_reminder (alfa, RS_REMINDER_KIND_EXPIRY, 60, RS_AUDIENCE_CLIENT));

  vita = g_ptr_array_index (sales, 1);
  g_assert_cmpint (rs_sale_get_amount_minor (vita), ==, 8990);
  g_assert_cmpstr (rs_sale_get_service (vita), ==, "Τεχνική υποστήριξη (πακέτο 10 ωρών)");

  gamma = g_ptr_array_index (sales, 2);
  g_assert_cmpint (rs_sale_get_amount_minor (gamma), ==, 25000);
  g_assert_null (rs_sale_get_iban (gamma));
  g_assert_cmpstr (rs_sale_get_payment_instructions (gamma), ==,
                   "Κατάθεση στην Τράπεζα Πειραιώς; αιτιολογία: ο αριθμός του τιμολογίου");
  g_assert_cmpuint (rs_sale_get_reminders (gamma)->len, ==, 1);
  g_assert_true (has_reminder (gamma, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER));
}

static void
set_schedule (RsSale     *sale,
              const char *start,
              const char *period,
              RsTermKind  term_kind,
              const char *term)
{
  RsSchedule schedule = { 0 };

  g_assert_true (rs_date_parse (start, "start", &schedule.start, NULL));
  g_assert_true (rs_period_parse (period, "period", &schedule.period, NULL));
  schedule.term_kind = term_kind;
  if (term_kind == RS_TERM_UNTIL)
    g_assert_true (rs_date_parse (term, "until", &schedule.until, NULL));
  else if (term_kind == RS_TERM_LENGTH)
    g_assert_true (rs_period_parse (term, "term", &schedule.term_length, NULL));
  else if (term_kind == RS_TERM_COUNT)
    schedule.count = (guint) g_ascii_strtoull (term, NULL, 10);
  rs_sale_set_schedule (sale, &schedule);
}

static void
mark (RsSale            *sale,
      const char        *date_text,
      RsOccurrenceState  state)
{
  GDate date;

  g_assert_true (rs_date_parse (date_text, "date", &date, NULL));
  rs_sale_set_occurrence_state (sale, &date, state);
}

/* Sales that between them set every field the CSV carries, with text that needs quoting. */
static GPtrArray *
sales_with_every_field (void)
{
  GPtrArray *sales = g_ptr_array_new_with_free_func (g_object_unref);
  RsSale *sale = rs_sale_new ();
  RsSchedule schedule;
  GDate offered;

  rs_sale_set_uid (sale, "rt-every-field");
  rs_sale_set_client_name (sale, "Κωνσταντίνου, \"Kostas\" & Co; Ltd");
  rs_sale_set_client_email (sale, "kostas@example.gr");
  rs_sale_set_contact_uid (sale, "pas-id-5F3A2B10");
  rs_sale_set_service (sale, " Hosting, with spaces ");
  rs_sale_set_currency (sale, "EUR");
  rs_sale_set_amount_minor (sale, 12050);
  set_schedule (sale, "2027-02-28", "1m", RS_TERM_UNTIL, "2028-02-27");
  schedule = *rs_sale_get_schedule (sale);
  schedule.anchor_day = 31;
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_notice_days (sale, 30);
  rs_sale_set_draft (sale, FALSE);
  rs_sale_set_prepay (sale, TRUE);
  rs_sale_set_iban (sale, "GR16 0110 1250 0000 0001 2300 695");
  rs_sale_set_payment_instructions (sale, "Pay to:\nBank, branch 12; ref \"INV\"");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 0, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 45, RS_AUDIENCE_TEAM);
  rs_sale_set_team (sale, "anna@owner.example,nikos@owner.example");
  rs_sale_set_offer_state (sale, RS_OFFER_ACCEPTED);
  g_date_set_dmy (&offered, 10, G_DATE_JANUARY, 2028);
  rs_sale_set_offer_date (sale, &offered);
  rs_sale_set_offer_amount_minor (sale, 13500);
  rs_sale_set_offer_note (sale, "Με SSL, \"όπως συμφωνήθηκε\"");
  rs_sale_set_reminder_minutes (sale, 8 * 60 + 30);
  rs_sale_set_delivery (sale, RS_DELIVERY_SEND);
  rs_sale_set_language (sale, "el");
  rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
  rs_sale_set_predecessor_uid (sale, "rt-older");
  rs_sale_set_successor_uid (sale, "rt-newer");
  rs_sale_set_note (sale, "Line one, with a comma; and a semicolon\n"
                          "Γραμμή δύο με \"εισαγωγικά\"\n"
                          "\tindented, and a trailing space ");
  mark (sale, "2027-02-28", RS_OCCURRENCE_ISSUED);
  mark (sale, "2027-03-31", RS_OCCURRENCE_PREPAID);
  mark (sale, "2027-04-30", RS_OCCURRENCE_SKIPPED);
  g_ptr_array_add (sales, sale);

  /* Cells a spreadsheet would take for formulas; no reminders at all; a count term. */
  sale = rs_sale_new ();
  rs_sale_set_uid (sale, "rt-formula-cells");
  rs_sale_set_client_name (sale, "=HYPERLINK(\"http://example.com\",\"x\")");
  rs_sale_set_service (sale, "-minus");
  rs_sale_set_currency (sale, "JPY");
  rs_sale_set_amount_minor (sale, 98000);
  set_schedule (sale, "2024-02-29", "1y", RS_TERM_COUNT, "3");
  rs_sale_set_note (sale, "+plus");
  g_ptr_array_add (sales, sale);

  /* Three decimals, a term length, paused. */
  sale = rs_sale_new ();
  rs_sale_set_uid (sale, "rt-kwd");
  rs_sale_set_client_name (sale, "@home");
  rs_sale_set_service (sale, "Ένα \"service\"");
  rs_sale_set_currency (sale, "KWD");
  rs_sale_set_amount_minor (sale, 1234);
  set_schedule (sale, "2026-01-31", "3m", RS_TERM_LENGTH, "2y");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 60, RS_AUDIENCE_OWNER);
  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  rs_sale_set_delivery (sale, RS_DELIVERY_OFF);
  g_ptr_array_add (sales, sale);

  /* Open-ended, nearly empty. */
  sale = rs_sale_new ();
  rs_sale_set_uid (sale, "rt-open");
  rs_sale_set_client_name (sale, "Blue Bakery");
  rs_sale_set_service (sale, "SEO");
  rs_sale_set_currency (sale, "GBP");
  rs_sale_set_amount_minor (sale, 0);
  set_schedule (sale, "2026-10-01", "2w", RS_TERM_OPEN, NULL);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  g_ptr_array_add (sales, sale);

  for (guint i = 0; i < sales->len; i++)
    {
      g_autoptr(GError) error = NULL;

      rs_sale_validate (g_ptr_array_index (sales, i), &error);
      g_assert_no_error (error);
    }

  return sales;
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) sales = sales_with_every_field ();
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *json_before = NULL;
  g_autofree char *json_after = NULL;

  first = rs_csv_write_sales (sales);
  g_assert_true (g_str_has_prefix (first,
    "uid,client,email,contact_uid,service,amount,currency,period,start,until,count,term,"
    "anchor_day,notice_days,draft,prepay,iban,payment_instructions,reminders,reminder_time,"
    "delivery,language,status,predecessor,successor,note,occurrences,team,offer,offer_date,"
    "offer_amount,offer_note\r\n"));
  g_assert_nonnull (strstr (first, "\r\nrt-every-field,\"Κωνσταντίνου, \"\"Kostas\"\" & Co; Ltd\","));
  g_assert_nonnull (strstr (first, ",120.50,EUR,1m,2027-02-28,2028-02-27,,,31,30,no,yes,"));
  g_assert_nonnull (strstr (first, ",invoice:7:owner invoice:3:client expiry:30:client notice:0:owner expiry:45:team,08:30,send,el,renewed,"));
  g_assert_nonnull (strstr (first, ",2027-02-28:issued 2027-03-31:prepaid 2027-04-30:skipped,"
                                   "\"anna@owner.example,nikos@owner.example\",accepted,2028-01-10,"
                                   "135.00,\"Με SSL, \"\"όπως συμφωνήθηκε\"\"\"\r\n"));
  /* Formula-like cells are quoted, and their text is kept exactly. */
  g_assert_nonnull (strstr (first, "\r\nrt-formula-cells,\"=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\",,,\"-minus\",98000,JPY,1y,2024-02-29,,3,"));
  /* A sale that follows the settings has empty delivery and language cells. */
  g_assert_nonnull (strstr (first, ",none,09:00,,,active,,,\"+plus\",,,,,,\r\n"));
  g_assert_nonnull (strstr (first, ",expiry:60:owner,09:00,off,,paused,"));
  g_assert_nonnull (strstr (first, "\r\nrt-kwd,\"@home\",,,\"Ένα \"\"service\"\"\",1.234,KWD,3m,2026-01-31,,,2y,"));

  again = parse_ok (first, strlen (first));
  g_assert_cmpuint (again->len, ==, sales->len);
  second = rs_csv_write_sales (again);
  g_assert_cmpstr (first, ==, second);

  /* The JSON export shows every field of a sale: it too must not change. */
  json_before = rs_json_write_sales (sales);
  json_after = rs_json_write_sales (again);
  g_assert_cmpstr (json_before, ==, json_after);
  g_assert_cmpstr (rs_sale_get_note (g_ptr_array_index (again, 0)), ==,
                   rs_sale_get_note (g_ptr_array_index (sales, 0)));
  g_assert_cmpuint (rs_sale_get_reminders (g_ptr_array_index (again, 1))->len, ==, 0);
  g_assert_cmpint (rs_sale_get_delivery (g_ptr_array_index (again, 0)), ==, RS_DELIVERY_SEND);
  g_assert_cmpstr (rs_sale_get_language (g_ptr_array_index (again, 0)), ==, "el");
  g_assert_cmpint (rs_sale_get_delivery (g_ptr_array_index (again, 1)), ==, RS_DELIVERY_DEFAULT);
  g_assert_null (rs_sale_get_language (g_ptr_array_index (again, 1)));
  g_assert_cmpint (rs_sale_get_delivery (g_ptr_array_index (again, 2)), ==, RS_DELIVERY_OFF);
}

/* The optional columns delivery and language: any case for the word, empty for the defaults. */
static void
test_delivery_and_language (void)
{
  const char *csv =
    HEADER ",email,delivery,language\n"
    ROW ",a@example.com,Draft,en\n"
    ROW ",,,\n"
    ROW ",,off,el\n";
  g_autoptr(GPtrArray) sales = parse_ok (csv, strlen (csv));

  g_assert_cmpuint (sales->len, ==, 3);
  g_assert_cmpint (rs_sale_get_delivery (g_ptr_array_index (sales, 0)), ==, RS_DELIVERY_DRAFT);
  g_assert_cmpstr (rs_sale_get_language (g_ptr_array_index (sales, 0)), ==, "en");
  g_assert_cmpint (rs_sale_get_delivery (g_ptr_array_index (sales, 1)), ==, RS_DELIVERY_DEFAULT);
  g_assert_null (rs_sale_get_language (g_ptr_array_index (sales, 1)));
  g_assert_cmpint (rs_sale_get_delivery (g_ptr_array_index (sales, 2)), ==, RS_DELIVERY_OFF);
  g_assert_cmpstr (rs_sale_get_language (g_ptr_array_index (sales, 2)), ==, "el");
}

static void
test_write_empty_list (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *csv = rs_csv_write_sales (none);
  g_autoptr(GPtrArray) again = parse_ok (csv, strlen (csv));

  g_assert_true (g_str_has_suffix (csv, "occurrences,team,offer,offer_date,offer_amount,offer_note\r\n"));
  g_assert_cmpuint (again->len, ==, 0);
}

static void
test_rfc4180_edge_cases (void)
{
  struct {
    const char *csv;
    guint       n_sales;
    const char *client;   /* of the first sale */
    const char *note;
    gint64      amount;
  } cases[] = {
    /* 0 */ { HEADER "\n" ROW "\n", 1, "Acme", NULL, 12000 },
    { HEADER "\r\n" ROW "\r\n", 1, "Acme", NULL, 12000 },
    { HEADER "\r\n" ROW, 1, "Acme", NULL, 12000 },
    { "\xEF\xBB\xBF" HEADER "\r\n" ROW "\r\n", 1, "Acme", NULL, 12000 },
    { "\xEF\xBB\xBF" HEADER, 0, NULL, NULL, 0 },
    /* 5: a quoted separator */
    { HEADER "\n\"Acme, Ltd\",Hosting,1,EUR,1m,2027-01-31\n", 1, "Acme, Ltd", NULL, 100 },
    /* doubled quotes */
    { HEADER "\n\"Say \"\"hi\"\"\",Hosting,1,EUR,1m,2027-01-31\n", 1, "Say \"hi\"", NULL, 100 },
    { HEADER "\n\"\"\"Quoted\"\"\",Hosting,1,EUR,1m,2027-01-31\n", 1, "\"Quoted\"", NULL, 100 },
    /* line breaks inside quotes: LF, CRLF and a lone CR all become LF */
    { HEADER ",note\n" ROW ",\"one\ntwo\"\n", 1, "Acme", "one\ntwo", 12000 },
    { HEADER ",note\r\n" ROW ",\"one\r\ntwo\r\n\"\r\n", 1, "Acme", "one\ntwo\n", 12000 },
    /* 10 */
    { HEADER ",note\r\n" ROW ",\"one\rtwo\"\r\n", 1, "Acme", "one\ntwo", 12000 },
    /* empty fields, a trailing empty field, fewer fields than the header */
    { HEADER ",note,email\n" ROW ",,\n", 1, "Acme", NULL, 12000 },
    { HEADER ",note\n" ROW ",\n", 1, "Acme", NULL, 12000 },
    { HEADER ",note,email,iban\n" ROW "\n", 1, "Acme", NULL, 12000 },
    { HEADER ",note\n" ROW ",\"\"\n", 1, "Acme", NULL, 12000 },
    /* 15: white space is data */
    { HEADER ",note\n Acme ,Hosting,1,EUR,1m,2027-01-31, a note \n", 1, " Acme ", " a note ", 100 },
    { HEADER ",note\n" ROW ",\"\tindented\"\n", 1, "Acme", "\tindented", 12000 },
    /* semicolons: detected from the header, with decimal commas */
    { "client;service;amount;currency;period;start\nAcme;Hosting;120,50;EUR;1m;2027-01-31\n",
      1, "Acme", NULL, 12050 },
    { "client;service;amount;currency;period;start;note\r\n"
      "\"Acme; Ltd\";Hosting;1;EUR;1m;2027-01-31;\"a, b; c\"\r\n", 1, "Acme; Ltd", "a, b; c", 100 },
    /* a comma inside a quoted header name does not decide the separator */
    { "\"client\";\"service\";amount;currency;period;start\nA,B;S;1;EUR;1m;2027-01-31\n",
      1, "A,B", NULL, 100 },
    /* 20: header names in any case and order, with spaces around them */
    { " START ,Period,Currency,Amount,Service, Client\n2027-01-31,1m,EUR,7.5,Hosting,Acme\n",
      1, "Acme", NULL, 750 },
    /* blank lines and rows of empty cells are skipped, before the header too */
    { "\n\r\n" HEADER "\n\n" ROW "\n\n,,,,,\n" ROW "\n\n", 2, "Acme", NULL, 12000 },
    /* old Mac line ends */
    { HEADER "\r" ROW "\r" ROW, 2, "Acme", NULL, 12000 },
    /* a quoted field last, without a line end */
    { HEADER ",note\n" ROW ",\"last\"", 1, "Acme", "last", 12000 },
    { HEADER ",note\n" ROW ",\"\"", 1, "Acme", NULL, 12000 },
    /* 25: UTF-8 text, quoted or not */
    { HEADER ",note\nΑλφα Α.Ε.,Φιλοξενία,1,EUR,1m,2027-01-31,\"Σημείωση «α»\"\n", 1, "Αλφα Α.Ε.",
      "Σημείωση «α»", 100 },
    /* a quoted field that holds only a separator, and one that holds only a line break */
    { HEADER ",note\n\",\",Hosting,1,EUR,1m,2027-01-31,\"\n\"\n", 1, ",", "\n", 100 },
    /* the header alone is a valid, empty file */
    { HEADER "\r\n", 0, NULL, NULL, 0 },
    { HEADER, 0, NULL, NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) problems = new_problems ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sales = NULL;
      RsSale *sale;

      g_test_message ("case %u", i);
      sales = rs_csv_parse_sales (cases[i].csv, strlen (cases[i].csv), NULL, problems, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_cmpuint (sales->len, ==, cases[i].n_sales);
      if (cases[i].n_sales == 0)
        continue;

      sale = g_ptr_array_index (sales, 0);
      g_assert_cmpstr (rs_sale_get_client_name (sale), ==, cases[i].client);
      g_assert_cmpstr (rs_sale_get_note (sale), ==, cases[i].note);
      g_assert_cmpint (rs_sale_get_amount_minor (sale), ==, cases[i].amount);
    }
}

typedef struct {
  const char *csv;
  gsize       length;        /* 0: strlen (csv) */
  guint       line;
  const char *column;        /* NULL: the row's or the file's */
  const char *message_part;
} BadCase;

static void
assert_refused (const BadCase *bad,
                guint          index)
{
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  const RsCsvProblem *problem;
  gsize length = bad->length != 0 ? bad->length : strlen (bad->csv);

  sales = rs_csv_parse_sales (bad->csv, length, NULL, problems, &error);
  g_test_message ("case %u: %s", index, error != NULL ? error->message : "(accepted)");
  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (problems->len, >=, 1);

  problem = g_ptr_array_index (problems, 0);
  if (problem->line != bad->line || g_strcmp0 (problem->column, bad->column) != 0 ||
      strstr (problem->message, bad->message_part) == NULL)
    g_error ("case %u: got line %u, column %s: “%s”; expected line %u, column %s: “…%s…”",
             index, problem->line, problem->column, problem->message,
             bad->line, bad->column, bad->message_part);

  /* The summary names the first problem. */
  g_assert_nonnull (strstr (error->message, problem->message));
  if (problem->column != NULL)
    {
      g_autofree char *prefix = g_strdup_printf ("Line %u, column “%s”: ", problem->line, problem->column);
      g_assert_true (g_str_has_prefix (error->message, prefix));
    }
  else if (problem->line != 0)
    {
      g_autofree char *prefix = g_strdup_printf ("Line %u: ", problem->line);
      g_assert_true (g_str_has_prefix (error->message, prefix));
    }
}

static void
test_bad_files (void)
{
  g_autoptr(GString) long_field = g_string_new (HEADER ",note\n" ROW ",");
  BadCase cases[] = {
    /* 0: structure */
    { HEADER "\n" ROW "\nAcme,\xC3\x28" "ervice,1,EUR,1m,2027-01-31\n", 0, 3, "service", "not valid UTF-8" },
    { HEADER "\n" ROW "\n\"Acme,Hosting,1,EUR,1m,2027-01-31\n", 0, 3, NULL, "never closed" },
    { HEADER "\n" ROW ",x,y\n", 0, 2, NULL, "The row has 8 fields; the header has 6." },
    { HEADER "\n" ROW "\0" "\n", sizeof (HEADER "\n" ROW "\0" "\n") - 1, 2, NULL, "NUL byte" },
    { HEADER "\nAc\"me,Hosting,1,EUR,1m,2027-01-31\n", 0, 2, "client", "quote in the wrong place" },
    /* 5 */
    { HEADER "\n\"Acme\"x,Hosting,1,EUR,1m,2027-01-31\n", 0, 2, "client", "quote in the wrong place" },
    { HEADER "\n" ROW ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n", 0, 2, NULL,
      "more than 64 fields" },
    { "", 0, 0, NULL, "The file is empty" },
    { "\xEF\xBB\xBF\r\n\r\n", 0, 0, NULL, "The file is empty" },
    /* the header */
    { HEADER ",colour\n" ROW ",red\n", 0, 1, "colour", "The column “colour” is not known." },
    /* 10 */
    { HEADER ",CLIENT\n" ROW ",Acme\n", 0, 1, "client", "appears more than once" },
    { "client,service,currency,period,start\nAcme,Hosting,EUR,1m,2027-01-31\n", 0, 1, NULL,
      "The required column “amount” is missing" },
    { HEADER ",,note\n" ROW ",,x\n", 0, 1, NULL, "Column 7 of the header has no name." },
    /* values */
    { HEADER "\nAcme,Hosting,12.345,EUR,1m,2027-01-31\n", 0, 2, "amount", "“12.345” has more decimals than EUR" },
    { HEADER "\nAcme,Hosting,\"1.234,5\",EUR,1m,2027-01-31\n", 0, 2, "amount", "“1.234,5” is not a number" },
    /* 15 */
    { "client;service;amount;currency;period;start\nAcme;Hosting;1.234,5;EUR;1m;2027-01-31\n", 0, 2,
      "amount", "“1.234,5” is not a number; write it like 120,50" },
    { HEADER "\nAcme,Hosting,1,EURO,1m,2027-01-31\n", 0, 2, "currency", "EURO" },
    { HEADER "\nAcme,Hosting,1,EUR,1m,2027-02-30\n", 0, 2, "start", "2027-02-30 is not a valid date" },
    /* "monthly" is a period since issue #16 (test_header_and_period_words); a word that is
     * none still is not. */
    { HEADER "\nAcme,Hosting,1,EUR,fortnightly,2027-01-31\n", 0, 2, "period", "“fortnightly” is not a period" },
    { HEADER "\nAcme,Hosting,1,EUR,,2027-01-31\n", 0, 2, "period", "The billing period is missing" },
    /* 20 */
    { HEADER "\n,Hosting,1,EUR,1m,2027-01-31\n", 0, 2, "client", "The client name is missing" },
    { HEADER ",until,count\n" ROW ",2027-12-31,3\n", 0, 2, "count", "at most one of “until”, “count” and “term”" },
    { HEADER ",until\n" ROW ",2026-12-31\n", 0, 2, "until", "falls before the start date" },
    { HEADER ",iban\n" ROW ",GR16 0110 1250 0000 0001 2300 696\n", 0, 2, "iban", "mod 97" },
    { HEADER ",email\n" ROW ",\"a@example.com\r\nBcc: b@example.com\"\n", 0, 2, "email", "line break" },
    /* 25 */
    { HEADER ",prepay\n" ROW ",maybe\n", 0, 2, "prepay", "“prepay” is “maybe”; write yes or no" },
    { HEADER ",prepay\n" ROW ",yes\n", 0, 2, "prepay", "needs an IBAN or payment instructions" },
    { HEADER ",until,notice_days\n" ROW ",2027-12-31,400\n", 0, 2, "notice_days", "between 1 and 366" },
    { HEADER ",anchor_day\n" ROW ",x5\n", 0, 2, "anchor_day", "“x5”, which is not a whole number" },
    { HEADER ",status\n" ROW ",gone\n", 0, 2, "status", "“gone” is not one of active" },
    /* 30 */
    { HEADER ",reminder_time\n" ROW ",9am\n", 0, 2, "reminder_time", "“9am” is not a time of day" },
    { HEADER ",reminders,remind_invoice\n" ROW ",invoice:7:owner,3\n", 0, 2, "reminders", "not in both" },
    { HEADER ",reminders\n" ROW ",invoice-7\n", 0, 2, "reminders", "“invoice-7” is not written as kind:days:audience" },
    { HEADER ",reminders\n" ROW ",invoice:7:client\n", 0, 2, "reminders", "needs the client’s e-mail address" },
    { HEADER ",reminders\n" ROW ",expiry:7\n", 0, 2, "reminders", "needs a term end" },
    /* 35 */
    { HEADER ",remind_client\n" ROW ",yes\n", 0, 2, "remind_client", "needs lead days" },
    { HEADER ",remind_expiry,count\n" ROW ",30 x,3\n", 0, 2, "remind_expiry", "“x”, which is not a whole number" },
    { HEADER ",occurrences\n" ROW ",2027-01-31=issued\n", 0, 2, "occurrences", "not written as date:state" },
    { HEADER ",occurrences\n" ROW ",2027-01-31:paid\n", 0, 2, "occurrences", "“paid” is not one of open" },
    { HEADER ",uid\n" ROW ",same\n" ROW ",other\n" ROW ",same\n", 0, 4, "uid", "“same” is already used on line 2" },
    /* 40: the line where a row starts, after a field of three lines */
    { HEADER ",note\n" ROW ",\"a\nb\nc\"\nAcme,Hosting,1.001,EUR,1m,2027-01-31,\n", 0, 5, "amount", "more decimals" },
    { HEADER ",uid\n" ROW ",with space\n", 0, 2, "uid", "“with space” is not valid" },
    { HEADER ",note\n" ROW ",\"bell\a\"\n", 0, 2, "note", "control character U+0007" },
    { HEADER ",delivery\n" ROW ",mail\n", 0, 2, "delivery", "“mail” is not one of default, draft" },
    { HEADER ",language\n" ROW ",fr\n", 0, 2, "language", "“fr” has no reminder templates; use one of: el, en" },
    { NULL, 0, 2, "note", "longer than 64 KiB" },
  };

  /* A field one byte over the limit. */
  for (guint i = 0; i <= RS_CSV_MAX_FIELD_SIZE; i++)
    g_string_append_c (long_field, 'x');
  g_string_append (long_field, "\n");
  cases[G_N_ELEMENTS (cases) - 1].csv = long_field->str;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (&cases[i], i);
}

static void
test_header_only (void)
{
  g_autoptr(GPtrArray) sales = parse_ok (HEADER ",note\r\n", strlen (HEADER ",note\r\n"));

  g_assert_cmpuint (sales->len, ==, 0);
}

static void
test_several_problems (void)
{
  const char *csv =
    HEADER ",note\n"
    ROW ",fine\n"                                        /* 2 */
    "Acme,Hosting,12.345,EUR,1m,2027-01-31,\n"          /* 3: amount */
    ROW ",\"two\nlines\"\n"                              /* 4–5 */
    "Acme,Hosting,1,EUR,1m,2027-02-30,\n"               /* 6: start */
    ROW ",x,y\n"                                         /* 7: too many fields */
    ROW ",fine\n"                                        /* 8 */
    "Acme,Hosting,1,EUR,1x,2027-01-31,\n";              /* 9: period */
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = rs_csv_parse_sales (csv, strlen (csv), NULL, problems, &error);
  const guint lines[] = { 3, 6, 7, 9 };
  const char *columns[] = { "amount", "start", NULL, "period" };

  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message, "Line 3, column “amount”: The amount “12.345”"));
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (lines));
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      const RsCsvProblem *problem = g_ptr_array_index (problems, i);

      g_assert_cmpuint (problem->line, ==, lines[i]);
      g_assert_cmpstr (problem->column, ==, columns[i]);
    }
}

typedef struct {
  guint       line;
  const char *column;        /* NULL: the row's */
  const char *message_part;
} ExpectedProblem;

static void
assert_problems (const char            *csv,
                 gsize                  length,
                 const ExpectedProblem *expected,
                 guint                  n_expected)
{
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = rs_csv_parse_sales (csv, length, NULL, problems, &error);

  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  for (guint i = 0; i < problems->len; i++)
    {
      const RsCsvProblem *problem = g_ptr_array_index (problems, i);

      g_test_message ("line %u, column %s: %s", problem->line, problem->column, problem->message);
    }
  g_assert_cmpuint (problems->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const RsCsvProblem *problem = g_ptr_array_index (problems, i);

      g_assert_cmpuint (problem->line, ==, expected[i].line);
      g_assert_cmpstr (problem->column, ==, expected[i].column);
      g_assert_nonnull (strstr (problem->message, expected[i].message_part));
    }
}

/* One try shows every mistake of a row: the values that cannot be read, in the order of the
 * columns, then what the checks of the whole sale find; a column already reported stands in
 * with a valid value, so that its mistake is not reported again through the columns that
 * need it. */
static void
test_every_problem_of_a_row (void)
{
  const char *csv =
    HEADER ",email,until,prepay,iban,note\n"
    /* 2: four values that cannot be read, then a bad address and a bad note */
    "Acme,Hosting,ten,EUR,fortnightly,2027-02-30,not an address,2027-12-31,maybe,,\"bell\a\"\n"
    /* 3: a wrong IBAN is not also a prepaying client without one */
    ROW ",,,yes,GR16 0110 1250 0000 0001 2300 696,\n"
    /* 4: an amount is not judged in a currency that is wrong */
    "Beta,Support,12.345,EURO,1m,2027-01-31,,,,,\n"
    ROW ",,,,,fine\n"
    /* 6: one problem is one problem */
    ROW ",,2026-12-31,,,\n";
  const ExpectedProblem expected[] = {
    { 2, "amount", "“ten” is not a number" },
    { 2, "start", "2027-02-30 is not a valid date" },
    { 2, "period", "“fortnightly” is not a period" },
    { 2, "prepay", "“prepay” is “maybe”" },
    { 2, "email", "not an address" },
    { 2, "note", "control character U+0007" },
    { 3, "iban", "mod 97" },
    { 4, "currency", "EURO" },
    { 6, "until", "falls before the start date" },
  };

  assert_problems (csv, strlen (csv), expected, G_N_ELEMENTS (expected));
}

/* Text that is not UTF-8 is reported in each field that holds it, and the row's other columns
 * are still checked. */
static void
test_every_field_not_utf8 (void)
{
  const char csv[] = HEADER ",note\n"
                     "Acme,Ho\xC3\x28sting,1,EUR,1x,2027-01-31,\xFFnote\n";
  const ExpectedProblem expected[] = {
    { 2, "service", "not valid UTF-8" },
    { 2, "note", "not valid UTF-8" },
    { 2, "period", "“1x” is not a period" },
  };

  assert_problems (csv, sizeof csv - 1, expected, G_N_ELEMENTS (expected));
}

static void
test_problems_are_capped (void)
{
  g_autoptr(GString) csv = g_string_new (HEADER "\n");
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append (csv, "Acme,Hosting,1,EUR,1m,2027-02-30\n");

  sales = rs_csv_parse_sales (csv->str, csv->len, NULL, problems, &error);
  g_assert_null (sales);
  g_assert_cmpuint (problems->len, ==, 100);
  g_assert_cmpuint (((RsCsvProblem *) g_ptr_array_index (problems, 99))->line, ==, 101);
}

static void
test_defaults_apply (void)
{
  const char *csv = HEADER ",until\n" ROW ",2027-12-31\n";
  g_autoptr(RsDefaults) defaults = rs_defaults_new_builtin ();
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  RsSale *sale;

  defaults->draft = FALSE;
  defaults->reminder_minutes = 8 * 60;
  defaults->notice_days = 14;
  sales = rs_csv_parse_sales (csv, strlen (csv), defaults, problems, &error);
  g_assert_no_error (error);

  sale = g_ptr_array_index (sales, 0);
  g_assert_false (rs_sale_get_draft (sale));
  g_assert_cmpuint (rs_sale_get_reminder_minutes (sale), ==, 8 * 60);
  g_assert_cmpint (rs_sale_get_notice_days (sale), ==, 14);
  /* invoice 7, expiry 30 and 7, notice 7 */
  g_assert_cmpuint (rs_sale_get_reminders (sale)->len, ==, 4);
  g_assert_true (has_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, RS_AUDIENCE_OWNER));
}

static glong
max_rss_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

static void
test_separator_bomb (void)
{
  const gsize n_commas = 10 * 1000 * 1000;
  g_autoptr(GString) csv = g_string_sized_new (n_commas + 64);
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  const RsCsvProblem *problem;
  gint64 started;
  glong rss_before;
  double elapsed;

  g_string_append (csv, HEADER "\n");
  for (gsize i = 0; i < n_commas; i++)
    g_string_append_c (csv, ',');
  g_string_append_c (csv, '\n');

  rss_before = max_rss_kib ();
  started = g_get_monotonic_time ();
  sales = rs_csv_parse_sales (csv->str, csv->len, NULL, problems, &error);
  elapsed = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  g_test_message ("10 million separators refused in %.6f s; peak memory grew by %ld KiB",
                  elapsed, max_rss_kib () - rss_before);

  g_assert_null (sales);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->line, ==, 2);
  g_assert_nonnull (strstr (problem->message, "more than 64 fields"));
  /* Refused at field 65, not after reading the line: far below a second even under valgrind. */
  g_assert_cmpfloat (elapsed, <, 1.0);
}

static void
test_quote_bomb (void)
{
  const gsize n_bytes = 10 * 1000 * 1000;
  g_autoptr(GString) csv = g_string_sized_new (n_bytes + 64);
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;

  /* An unclosed quote: every byte after it is one field, which is never held past the limit. */
  g_string_append (csv, HEADER "\n\"");
  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_c (csv, i % 64 == 63 ? '\n' : 'x');

  sales = rs_csv_parse_sales (csv->str, csv->len, NULL, problems, &error);
  g_assert_null (sales);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (((RsCsvProblem *) g_ptr_array_index (problems, 0))->message, "longer than 64 KiB"));
  g_assert_nonnull (strstr (((RsCsvProblem *) g_ptr_array_index (problems, 1))->message, "never closed"));
  g_assert_cmpuint (((RsCsvProblem *) g_ptr_array_index (problems, 1))->line, ==, 2);
}

static void
test_row_limit (void)
{
  g_autoptr(GString) csv = g_string_new (HEADER "\n");
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  const RsCsvProblem *problem;

  /* Blank rows count: they cost reading as much as any other. */
  for (guint i = 0; i <= RS_CSV_MAX_ROWS; i++)
    g_string_append_c (csv, '\n');

  sales = rs_csv_parse_sales (csv->str, csv->len, NULL, problems, &error);
  g_assert_null (sales);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->line, ==, RS_CSV_MAX_ROWS + 2);
  g_assert_nonnull (strstr (problem->message, "more than 1000000 rows"));
}

static void
test_many_rows (void)
{
  const guint n_rows = 100000;
  g_autoptr(GString) csv = g_string_new ("uid,client,email,service,amount,currency,period,start,"
                                         "count,notice_days,prepay,iban,note\r\n");
  g_autoptr(GPtrArray) sales = NULL;
  gint64 started;
  double elapsed;

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv,
                            "gen-%06u,Client %u,billing%u@example.com,\"Service %u, monthly\","
                            "%u.%02u,EUR,1m,2026-%02u-%02u,12,%s,%s,%s,\"Row %u\nsecond line\"\r\n",
                            i, i, i, i, i % 5000, i % 100, 1 + i % 12, 1 + i % 28,
                            i % 3 == 0 ? "30" : "", i % 2 == 0 ? "yes" : "no",
                            i % 2 == 0 ? "GR16 0110 1250 0000 0001 2300 695" : "", i);

  started = g_get_monotonic_time ();
  sales = parse_ok (csv->str, csv->len);
  elapsed = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  g_test_message ("%u rows (%.1f MiB) parsed and validated in %.3f s", n_rows,
                  (double) csv->len / (1024 * 1024), elapsed);

  g_assert_cmpuint (sales->len, ==, n_rows);
  g_assert_cmpstr (rs_sale_get_uid (g_ptr_array_index (sales, n_rows - 1)), ==, "gen-099999");
  g_assert_cmpint (rs_sale_get_amount_minor (g_ptr_array_index (sales, 12345)), ==, 234545);
  g_assert_cmpstr (rs_sale_get_note (g_ptr_array_index (sales, 7)), ==, "Row 7\nsecond line");
}

/* Issue #16: the headers and periods of other people's spreadsheets, in Greek or English. */
static void
test_header_and_period_words (void)
{
  static const char csv[] =
    "\xEF\xBB\xBFΠΕΛΑΤΗΣ,Service,Amount,Νόμισμα,Frequency,Start_Date,Σημειώσεις\n"
    "Acme,Hosting,120.00,EUR,monthly,2027-01-31,\n"
    "Beta,Support,10,EUR,every 3 months,2027-02-01,a note\n"
    "Gamma,Backup,10,EUR,Κάθε 2 εβδομάδες,2027-02-01,\n"
    "Delta,Audit,10,EUR,YEARLY,2027-02-01,\n"
    "Epsilon,Audit,10,EUR,6m,2027-02-01,\n";
  g_autoptr(GPtrArray) sales = parse_ok (csv, sizeof csv - 1);
  static const struct { guint count; RsPeriodUnit unit; } expected[] = {
    { 1, RS_PERIOD_UNIT_MONTH }, { 3, RS_PERIOD_UNIT_MONTH }, { 2, RS_PERIOD_UNIT_WEEK },
    { 1, RS_PERIOD_UNIT_YEAR }, { 6, RS_PERIOD_UNIT_MONTH },
  };

  g_assert_cmpuint (sales->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < sales->len; i++)
    {
      const RsSchedule *schedule = rs_sale_get_schedule (g_ptr_array_index (sales, i));

      g_assert_cmpuint (schedule->period.count, ==, expected[i].count);
      g_assert_cmpint (schedule->period.unit, ==, expected[i].unit);
    }
  g_assert_cmpstr (rs_sale_get_client_name (g_ptr_array_index (sales, 0)), ==, "Acme");
  g_assert_cmpstr (rs_sale_get_note (g_ptr_array_index (sales, 1)), ==, "a note");
}

static void
test_header_refusals (void)
{
  /* "Ημερομηνία" may be the start or the end: the file must say which. */
  static const char ambiguous[] =
    "Πελάτης,Υπηρεσία,Ποσό,Νόμισμα,Περίοδος,Ημερομηνία\n"
    "Acme,Hosting,120.00,EUR,1m,2027-01-31\n";
  static const char twice[] = "Πελάτης,client,Υπηρεσία,Ποσό,Νόμισμα,Περίοδος,Έναρξη\n";
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = rs_csv_parse_sales (ambiguous, sizeof ambiguous - 1, NULL,
                                                   problems, &error);
  const RsCsvProblem *problem;

  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->line, ==, 1);
  g_assert_cmpstr (problem->column, ==, "Ημερομηνία");
  g_assert_cmpstr (problem->message, ==,
                   "The column “Ημερομηνία” could be “start” or “until”; rename it to one of "
                   "them, or say which with --columns \"Ημερομηνία=start\".");

  g_ptr_array_set_size (problems, 0);
  g_clear_error (&error);
  sales = rs_csv_parse_sales (twice, sizeof twice - 1, NULL, problems, &error);
  g_assert_null (sales);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->message, ==, "The column “client” appears more than once in the header.");
}

/* --columns names any other header; a mapping that does not fit the file is refused. */
static void
test_columns_mapping (void)
{
  static const char csv[] =
    "Customer name;What;Price (EUR);Cur;Every;From\n"
    "Acme;Hosting;1234,56;EUR;1m;2027-01-31\n";
  static const char known[] =
    "Customer name,service,amount,currency,period,start\n"
    "Acme,Hosting,12,EUR,1m,2027-01-31\n";
  g_autoptr(GHashTable) columns = NULL;
  g_autoptr(GHashTable) missing = NULL;
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GError) error = NULL;
  RsCsvReading reading = { NULL, FALSE, NULL };

  columns = rs_csv_columns_parse ("Customer name=client, What=service,Price (EUR)=amount,"
                                  "Cur=currency,Every=period,From=start", &error);
  g_assert_no_error (error);
  reading.columns = columns;
  sales = rs_csv_parse_sales_full (csv, sizeof csv - 1, NULL, &reading, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sales->len, ==, 1);
  g_assert_cmpint (rs_sale_get_amount_minor (g_ptr_array_index (sales, 0)), ==, 123456);
  g_clear_pointer (&sales, g_ptr_array_unref);

  /* A header that is not in the file is a problem, not silently unused. */
  missing = rs_csv_columns_parse ("Customer name=client,Klient=client", &error);
  g_assert_no_error (error);
  reading.columns = missing;
  sales = rs_csv_parse_sales_full (known, sizeof known - 1, NULL, &reading, problems, &error);
  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“klient” of --columns is not in the file’s header"));
  g_clear_error (&error);

  g_assert_null (rs_csv_columns_parse ("Client", &error));
  g_assert_cmpstr (error->message, ==, "“Client” does not say which column a header is; write "
                   "HEADER=COLUMN, like Client=client.");
  g_clear_error (&error);
  g_assert_null (rs_csv_columns_parse ("Client=customer", &error));
  g_assert_true (g_str_has_prefix (error->message, "“customer” is not a column; write "
                                   "HEADER=COLUMN with one of: uid, client,"));
  g_clear_error (&error);
  g_assert_null (rs_csv_columns_parse ("A=client,a=service", &error));
  g_assert_cmpstr (error->message, ==, "The header “a” is given twice in --columns.");
}

/* Issue #16: an IBAN is written as banks print it, and read back the same. */
static void
test_iban_keeps_spaces (void)
{
  static const char csv[] = HEADER ",iban\n" ROW ",GR1601101250000000012300695\n";
  g_autoptr(GPtrArray) sales = parse_ok (csv, sizeof csv - 1);
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *written = rs_csv_write_sales (sales);
  g_autofree char *json = rs_json_write_sales (sales);
  RsMoneyStyle style = { ".", ",", "\3" };
  g_autofree char *excel = rs_csv_write_sales_excel (sales, &style);

  g_assert_nonnull (strstr (written, ",GR16 0110 1250 0000 0001 2300 695,"));
  g_assert_nonnull (strstr (json, "\"GR16 0110 1250 0000 0001 2300 695\""));
  /* A decimal point: commas, as Excel in English locales writes. */
  g_assert_true (g_str_has_prefix (excel, "\xEF\xBB\xBFuid,client,"));
  g_assert_nonnull (strstr (excel, ",GR16 0110 1250 0000 0001 2300 695,"));
  again = parse_ok (written, strlen (written));
  g_assert_cmpstr (rs_sale_get_iban (g_ptr_array_index (again, 0)), ==,
                   "GR1601101250000000012300695");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/sample/parses", test_sample_parses);
  g_test_add_func ("/csv/sample/greek-semicolons-decimal-commas-bom", test_greek_sample_parses);
  g_test_add_func ("/csv/round-trip/keeps-every-field", test_round_trip);
  g_test_add_func ("/csv/header-and-period-words", test_header_and_period_words);
  g_test_add_func ("/csv/refuses/ambiguous-or-repeated-header", test_header_refusals);
  g_test_add_func ("/csv/columns-mapping", test_columns_mapping);
  g_test_add_func ("/csv/write/iban-keeps-spaces", test_iban_keeps_spaces);
  g_test_add_func ("/csv/round-trip/delivery-and-language", test_delivery_and_language);
  g_test_add_func ("/csv/write/no-sales-is-a-header", test_write_empty_list);
  g_test_add_func ("/csv/rfc4180/edge-cases", test_rfc4180_edge_cases);
  g_test_add_func ("/csv/refuses/bad-files", test_bad_files);
  g_test_add_func ("/csv/header-only-gives-no-sales", test_header_only);
  g_test_add_func ("/csv/refuses/reports-every-bad-row", test_several_problems);
  g_test_add_func ("/csv/refuses/every-problem-of-a-row", test_every_problem_of_a_row);
  g_test_add_func ("/csv/refuses/every-field-not-utf8", test_every_field_not_utf8);
  g_test_add_func ("/csv/refuses/at-most-100-problems", test_problems_are_capped);
  g_test_add_func ("/csv/defaults/apply-to-empty-cells", test_defaults_apply);
  g_test_add_func ("/csv/hostile/separator-bomb-refused-early", test_separator_bomb);
  g_test_add_func ("/csv/hostile/unclosed-quote-bounded", test_quote_bomb);
  g_test_add_func ("/csv/hostile/row-limit", test_row_limit);
  g_test_add_func ("/csv/performance/100000-rows", test_many_rows);

  return g_test_run ();
}
