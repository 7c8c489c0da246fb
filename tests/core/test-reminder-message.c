/* test-reminder-message.c: the e-mail a client gets, from template to MIME
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The shipped templates come from the source tree (RS_TEMPLATES_DIR); the owner's overrides
 * from a temporary $XDG_CONFIG_HOME set before anything asks GLib for it.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-language.h>
#include <recurring-sales/rs-reminder-message.h>
#include "rs-test-message.h"
#include "rs-test-sales.h"
#include "rs-test-util.h"

static char *config_home;

static const RsSender sender = {
  "Maria Papadopoulou", "maria@papadopoulou.example", "Papadopoulou Web", NULL,
};

#define ENGLISH_PAYMENT_REQUEST \
  "Hello Acme Ltd,\n" \
  "\n" \
  "As agreed, the invoice for Web hosting, €1,200.50, is paid in advance: please pay it by " \
  "28 February 2027, the day it is issued.\n" \
  "\n" \
  "Bank transfer details:\n" \
  "Beneficiary: Papadopoulou Web\n" \
  "IBAN: GR16 0110 1250 0000 0001 2300 695\n" \
  "Amount: €1,200.50\n" \
  "Reference: Acme Ltd — Web hosting — February 2027\n" \
  "\n" \
  "If you have any questions, simply reply to this e-mail.\n" \
  "\n" \
  "Thank you,\n" \
  "Papadopoulou Web\n"

static RsSale *
make_sale (void)
{
  RsSale *sale = rs_sale_new ();
  RsSchedule schedule = { 0 };

  rs_sale_set_uid (sale, "acme-hosting-2027");
  rs_sale_set_client_name (sale, "Acme Ltd");
  rs_sale_set_client_email (sale, "billing@acme.example");
  rs_sale_set_service (sale, "Web hosting");
  rs_sale_set_amount_minor (sale, 120050);
  rs_sale_set_currency (sale, "EUR");
  g_assert_true (rs_date_parse ("2027-01-31", "start", &schedule.start, NULL));
  g_assert_true (rs_period_parse ("1m", "period", &schedule.period, NULL));
  schedule.term_kind = RS_TERM_UNTIL;
  g_assert_true (rs_date_parse ("2027-12-31", "until", &schedule.until, NULL));
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_notice_days (sale, 30);
  rs_sale_set_prepay (sale, TRUE);
  rs_sale_set_iban (sale, "GR1601101250000000012300695");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_CLIENT);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, RS_AUDIENCE_CLIENT);
  return sale;
}

static char *
override_path (const char *language,
               const char *name)
{
  g_autofree char *file_name = g_strconcat (name, ".txt", NULL);

  return g_build_filename (config_home, "evolution-recurring-sales", "templates", language, file_name, NULL);
}

static void
write_override (const char *language,
                const char *name,
                const char *contents,
                gssize      length)
{
  g_autofree char *path = override_path (language, name);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
remove_override (const char *language,
                 const char *name)
{
  g_autofree char *path = override_path (language, name);

  g_remove (path);
}

static void
assert_compose (RsSale         *sale,
                RsReminderKind  kind,
                const char     *occurrence_text,
                const char     *expected_subject,
                const char     *expected_body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  GDate occurrence = rs_test_date (occurrence_text);

  g_assert_true (rs_reminder_message_compose (sale, kind, &occurrence, &sender, &subject, &body, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (subject, ==, expected_subject);
  g_assert_cmpstr (body, ==, expected_body);
}

static void
test_languages (void)
{
  const char * const *languages = rs_language_list_shipped ();

  g_assert_cmpuint (g_strv_length ((char **) languages), ==, 2);
  g_assert_cmpstr (languages[0], ==, "el");
  g_assert_cmpstr (languages[1], ==, "en");
}

static void
test_english_bodies (void)
{
  g_autoptr(RsSale) sale = make_sale ();

  /* The client prepays by IBAN: a payment request, with what a bank transfer needs. */
  assert_compose (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28",
                  "Payment request: Web hosting, €1,200.50, by 28 February 2027",
                  ENGLISH_PAYMENT_REQUEST);
  assert_compose (sale, RS_REMINDER_KIND_EXPIRY, "2027-12-31",
                  "Web hosting: our agreement ends on 31 December 2027",
                  "Hello Acme Ltd,\n"
                  "\n"
                  "Our agreement for Web hosting ends on 31 December 2027. We hope you have been happy with it.\n"
                  "Reply to this e-mail to renew.\n"
                  "\n"
                  "Thank you,\n"
                  "Papadopoulou Web\n");
  assert_compose (sale, RS_REMINDER_KIND_NOTICE, "2027-12-01",
                  "Web hosting: please let us know by 1 December 2027",
                  "Hello Acme Ltd,\n"
                  "\n"
                  "Our agreement for Web hosting ends on 31 December 2027. If you would like to renew, "
                  "change or end it, please let us know by 1 December 2027.\n"
                  "\n"
                  "Thank you,\n"
                  "Papadopoulou Web\n");
}

static void
test_greek_bodies (void)
{
  g_autoptr(RsSale) sale = make_sale ();

  rs_sale_set_language (sale, "el");
  rs_sale_set_service (sale, "Φιλοξενία ιστοσελίδας");

  /* The month of the reference in the nominative, as a Greek invoice writes it. */
  assert_compose (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28",
                  "Αίτημα πληρωμής: «Φιλοξενία ιστοσελίδας», 1.200,50 €, έως 28/02/2027",
                  "Γεια σας, Acme Ltd,\n"
                  "\n"
                  "Όπως έχουμε συμφωνήσει, το τιμολόγιο για «Φιλοξενία ιστοσελίδας», ποσού 1.200,50 €, "
                  "εξοφλείται προκαταβολικά: παρακαλούμε να το εξοφλήσετε έως τις 28/02/2027, "
                  "ημέρα έκδοσής του.\n"
                  "\n"
                  "Στοιχεία τραπεζικής κατάθεσης:\n"
                  "Δικαιούχος: Papadopoulou Web\n"
                  "IBAN: GR16 0110 1250 0000 0001 2300 695\n"
                  "Ποσό: 1.200,50 €\n"
                  "Αιτιολογία: Acme Ltd — Φιλοξενία ιστοσελίδας — Φεβρουάριος 2027\n"
                  "\n"
                  "Για οποιαδήποτε απορία, απαντήστε απλώς σε αυτό το e-mail.\n"
                  "\n"
                  "Ευχαριστούμε,\n"
                  "Papadopoulou Web\n");
  assert_compose (sale, RS_REMINDER_KIND_EXPIRY, "2027-12-31",
                  "«Φιλοξενία ιστοσελίδας»: η συμφωνία μας λήγει στις 31/12/2027",
                  "Γεια σας, Acme Ltd,\n"
                  "\n"
                  "Η συμφωνία μας για «Φιλοξενία ιστοσελίδας» λήγει στις 31/12/2027. "
                  "Ελπίζουμε να μείνατε ικανοποιημένοι.\n"
                  "Για ανανέωση, απαντήστε σε αυτό το e-mail.\n"
                  "\n"
                  "Ευχαριστούμε,\n"
                  "Papadopoulou Web\n");
  assert_compose (sale, RS_REMINDER_KIND_NOTICE, "2027-12-01",
                  "«Φιλοξενία ιστοσελίδας»: ενημερώστε μας έως τις 01/12/2027",
                  "Γεια σας, Acme Ltd,\n"
                  "\n"
                  "Η συμφωνία μας για «Φιλοξενία ιστοσελίδας» λήγει στις 31/12/2027. Αν θέλετε να την "
                  "ανανεώσετε, να την αλλάξετε ή να τη διακόψετε, ενημερώστε μας έως τις 01/12/2027.\n"
                  "\n"
                  "Ευχαριστούμε,\n"
                  "Papadopoulou Web\n");
}

static void
test_payment_variants (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  const char *tail = "\n"
                     "If you have any questions, simply reply to this e-mail.\n"
                     "\n"
                     "Thank you,\n"
                     "Papadopoulou Web\n";
  g_autofree char *with_instructions = g_strconcat (
      "Hello Acme Ltd,\n"
      "\n"
      "As agreed, the invoice for Web hosting, €1,200.50, is paid in advance: please pay it by "
      "28 February 2027, the day it is issued.\n"
      "\n"
      "How to pay: Pay by card at https://pay.example/acme\n", tail, NULL);
  g_autofree char *without_payment = g_strconcat (
      "Hello Acme Ltd,\n"
      "\n"
      "Just a short note: the invoice for Web hosting, €1,200.50, will be issued on 28 February 2027.\n",
      tail, NULL);
  const char *subject = "Web hosting: invoice to be issued on 28 February 2027";

  rs_sale_set_iban (sale, NULL);
  rs_sale_set_payment_instructions (sale, "Pay by card at https://pay.example/acme");
  assert_compose (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28",
                  "Payment request: Web hosting, €1,200.50, by 28 February 2027", with_instructions);

  /* No prepayment: the notice that an invoice comes, without its {payment} line. */
  rs_sale_set_prepay (sale, FALSE);
  assert_compose (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28", subject, without_payment);
}

static void
test_business_falls_back_to_name (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  const RsSender no_business = { "Maria Papadopoulou", "maria@papadopoulou.example", "", NULL };
  GDate occurrence = rs_test_date ("2027-12-31");

  g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_EXPIRY, &occurrence, &no_business,
                                              NULL, &body, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (body, "\nThank you,\nMaria Papadopoulou\n"));
}

static char *
compose_body (RsSale         *sale,
              RsReminderKind  kind,
              const char     *occurrence_text,
              const RsSender *from)
{
  g_autoptr(GError) error = NULL;
  char *body = NULL;
  GDate occurrence = rs_test_date (occurrence_text);

  g_assert_true (rs_reminder_message_compose (sale, kind, &occurrence, from, NULL, &body, &error));
  g_assert_no_error (error);
  return body;
}

/* The month a payment is for, as each language names it on its own; the issue date itself
 * when invoices come by days or weeks, several in a month. */
static void
test_payment_reference (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  const struct {
    const char *language;
    const char *period;
    const char *issue_date;
    const char *reference;
  } cases[] = {
    { "en", "1m", "2027-02-28", "Reference: Acme Ltd — Web hosting — February 2027\n" },
    { "en", "3m", "2027-08-31", "Reference: Acme Ltd — Web hosting — August 2027\n" },
    { "en", "1y", "2028-01-31", "Reference: Acme Ltd — Web hosting — January 2028\n" },
    { "en", "2w", "2027-02-14", "Reference: Acme Ltd — Web hosting — 14 February 2027\n" },
    { "en", "10d", "2027-02-10", "Reference: Acme Ltd — Web hosting — 10 February 2027\n" },
    { "el", "1m", "2027-01-31", "Αιτιολογία: Acme Ltd — Web hosting — Ιανουάριος 2027\n" },
    { "el", "1m", "2027-05-31", "Αιτιολογία: Acme Ltd — Web hosting — Μάιος 2027\n" },
    { "el", "1m", "2027-08-31", "Αιτιολογία: Acme Ltd — Web hosting — Αύγουστος 2027\n" },
    { "el", "1y", "2028-01-31", "Αιτιολογία: Acme Ltd — Web hosting — Ιανουάριος 2028\n" },
    { "el", "2w", "2027-02-14", "Αιτιολογία: Acme Ltd — Web hosting — 14/02/2027\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RsSchedule schedule = *rs_sale_get_schedule (sale);
      g_autofree char *body = NULL;

      g_assert_true (rs_period_parse (cases[i].period, "period", &schedule.period, NULL));
      rs_sale_set_schedule (sale, &schedule);
      rs_sale_set_language (sale, cases[i].language);

      body = compose_body (sale, RS_REMINDER_KIND_INVOICE, cases[i].issue_date, &sender);
      g_assert_nonnull (strstr (body, cases[i].reference));
    }
}

/* Templates an owner wrote before payment requests existed keep working: their invoice.txt
 * stays their letter (its {payment} now carries the transfer's details), and a
 * payment-iban.txt without the new placeholders still fills. */
static void
test_owner_templates_before_payment_requests (void)
{
  g_autoptr(RsSale) sale = make_sale ();

  write_override ("en", "invoice",
                  "Subject: Invoice {issue_date}\n"
                  "\n"
                  "Dear {client}, {amount} on {issue_date}.\n"
                  "{payment}\n"
                  "{business}\n", -1);
  assert_compose (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28", "Invoice 28 February 2027",
                  "Dear Acme Ltd, €1,200.50 on 28 February 2027.\n"
                  "Bank transfer details:\n"
                  "Beneficiary: Papadopoulou Web\n"
                  "IBAN: GR16 0110 1250 0000 0001 2300 695\n"
                  "Amount: €1,200.50\n"
                  "Reference: Acme Ltd — Web hosting — February 2027\n"
                  "Papadopoulou Web\n");

  write_override ("en", "payment-iban", "If you prefer to pay in advance, use IBAN {iban}.\n", -1);
  assert_compose (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28", "Invoice 28 February 2027",
                  "Dear Acme Ltd, €1,200.50 on 28 February 2027.\n"
                  "If you prefer to pay in advance, use IBAN GR16 0110 1250 0000 0001 2300 695.\n"
                  "Papadopoulou Web\n");

  /* Their own payment request wins over their invoice letter. */
  write_override ("en", "payment-request",
                  "Subject: Please pay {amount} by {pay_by}\n"
                  "\n"
                  "{reference} / {period} / {beneficiary} / {payment}\n", -1);
  assert_compose (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28", "Please pay €1,200.50 by 28 February 2027",
                  "Acme Ltd — Web hosting — February 2027 / February 2027 / Papadopoulou Web / "
                  "If you prefer to pay in advance, use IBAN GR16 0110 1250 0000 0001 2300 695.\n");

  remove_override ("en", "payment-request");
  remove_override ("en", "payment-iban");
  remove_override ("en", "invoice");

  /* The shipped payment request again. */
  assert_compose (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28",
                  "Payment request: Web hosting, €1,200.50, by 28 February 2027",
                  ENGLISH_PAYMENT_REQUEST);
}

/* The signature and the beneficiary: never the login name, which is what the system offers
 * when nobody typed a name; with no name at all, no signature line and no beneficiary line. */
static void
test_signature_is_never_a_login (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  const char *login = g_get_user_name ();
  const RsSender login_only = { .name = login, .address = "me@localhost.example", .business_name = "" };
  const RsSender nobody = { .name = NULL, .address = "", .business_name = NULL };
  const RsSender business = { .name = login, .address = "me@localhost.example", .business_name = "Ωμέγα Α.Ε." };
  g_autofree char *login_line = g_strdup_printf ("\n%s\n", login);
  g_autofree char *invoice = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *unsigned_invoice = NULL;
  g_autofree char *unsigned_notice = NULL;
  g_autofree char *with_business = NULL;

  invoice = compose_body (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28", &login_only);
  expiry = compose_body (sale, RS_REMINDER_KIND_EXPIRY, "2027-12-31", &login_only);
  g_assert_null (strstr (invoice, login_line));
  g_assert_null (strstr (expiry, login_line));
  g_assert_true (g_str_has_suffix (invoice, "\nThank you,\n"));
  g_assert_true (g_str_has_suffix (expiry, "\nThank you,\n"));
  g_assert_null (strstr (invoice, "Beneficiary:"));
  g_assert_nonnull (strstr (invoice, "\nBank transfer details:\nIBAN: GR16 0110 1250 0000 0001 2300 695\n"));

  unsigned_invoice = compose_body (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28", &nobody);
  g_assert_cmpstr (unsigned_invoice, ==, invoice);
  unsigned_notice = compose_body (sale, RS_REMINDER_KIND_NOTICE, "2027-12-01", NULL);
  g_assert_true (g_str_has_suffix (unsigned_notice, "\nThank you,\n"));

  with_business = compose_body (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28", &business);
  g_assert_true (g_str_has_suffix (with_business, "\nThank you,\nΩμέγα Α.Ε.\n"));
  g_assert_nonnull (strstr (with_business, "\nBeneficiary: Ωμέγα Α.Ε.\n"));
}

/* Who signs: the business-name setting, else the mail identity's organization, else its full
 * name. */
static void
test_signature_order (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  const struct {
    RsSender    sender;
    const char *signature;
  } cases[] = {
    { { "Maria Papadopoulou", "maria@papadopoulou.example", "Papadopoulou Web", "Papadopoulou Web Services" },
      "Papadopoulou Web" },
    { { "Maria Papadopoulou", "maria@papadopoulou.example", "", "Papadopoulou Web Services" },
      "Papadopoulou Web Services" },
    { { "Maria Papadopoulou", "maria@papadopoulou.example", NULL, " " }, "Maria Papadopoulou" },
    { { NULL, "maria@papadopoulou.example", NULL, "Papadopoulou Web Services" }, "Papadopoulou Web Services" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = compose_body (sale, RS_REMINDER_KIND_INVOICE, "2027-02-28", &cases[i].sender);
      g_autofree char *signature = g_strdup_printf ("\nThank you,\n%s\n", cases[i].signature);
      g_autofree char *beneficiary = g_strdup_printf ("\nBeneficiary: %s\n", cases[i].signature);

      g_assert_true (g_str_has_suffix (body, signature));
      g_assert_nonnull (strstr (body, beneficiary));
    }
}

static void
test_amount_formats (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  const struct {
    gint64      minor;
    const char *currency;
    const char *english;
    const char *greek;
  } cases[] = {
    { 120050, "EUR", "€1,200.50", "1.200,50 €" },
    { 100, "EUR", "€1.00", "1,00 €" },
    { 5, "EUR", "€0.05", "0,05 €" },
    { 123456789012, "EUR", "€1,234,567,890.12", "1.234.567.890,12 €" },
    { 120050, "CHF", "CHF 1,200.50", "1.200,50 CHF" },
    { 99, "USD", "$0.99", "0,99 $" },
    { 1234567, "JPY", "¥1,234,567", "1.234.567 ¥" },
    { 100000, "EUR", "€1,000.00", "1.000,00 €" },
  };
  GDate occurrence = rs_test_date ("2027-02-28");

  write_override ("en", "invoice", "Subject: {amount}\n\n{amount}\n", -1);
  write_override ("el", "invoice", "Subject: {amount}\n\n{amount}\n", -1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *english = NULL;
      g_autofree char *greek = NULL;

      rs_sale_set_amount_minor (sale, cases[i].minor);
      rs_sale_set_currency (sale, cases[i].currency);

      rs_sale_set_language (sale, "en");
      g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_INVOICE, &occurrence, &sender,
                                                  &english, NULL, NULL));
      g_assert_cmpstr (english, ==, cases[i].english);

      rs_sale_set_language (sale, "el");
      g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_INVOICE, &occurrence, &sender,
                                                  &greek, NULL, NULL));
      g_assert_cmpstr (greek, ==, cases[i].greek);
    }

  remove_override ("en", "invoice");
  remove_override ("el", "invoice");
}

static char *
compose_subject (RsSale *sale)
{
  g_autoptr(GError) error = NULL;
  char *subject = NULL;
  GDate occurrence = rs_test_date ("2027-12-31");

  g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_EXPIRY, &occurrence, &sender,
                                              &subject, NULL, &error));
  g_assert_no_error (error);
  return subject;
}

static void
test_language_choice (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  const char *english = "Web hosting: our agreement ends on 31 December 2027";
  const char *greek = "«Web hosting»: η συμφωνία μας λήγει στις 31/12/2027";
  char *subject;

  /* The test environment has LANGUAGE empty and LC_ALL=C.UTF-8: English. */
  subject = compose_subject (sale);
  g_assert_cmpstr (subject, ==, english);
  g_free (subject);

  /* From the environment when the sale has none. */
  g_setenv ("LANGUAGE", "el", TRUE);
  subject = compose_subject (sale);
  g_assert_cmpstr (subject, ==, greek);
  g_free (subject);

  /* The first language that has templates. */
  g_setenv ("LANGUAGE", "fr:el_GR:en", TRUE);
  subject = compose_subject (sale);
  g_assert_cmpstr (subject, ==, greek);
  g_free (subject);

  /* The sale's own language wins. */
  rs_sale_set_language (sale, "en");
  subject = compose_subject (sale);
  g_assert_cmpstr (subject, ==, english);
  g_free (subject);

  g_setenv ("LANGUAGE", "", TRUE);
  rs_sale_set_language (sale, "el");
  subject = compose_subject (sale);
  g_assert_cmpstr (subject, ==, greek);
  g_free (subject);

  /* None with templates: English. */
  g_setenv ("LANGUAGE", "fr:de", TRUE);
  rs_sale_set_language (sale, NULL);
  subject = compose_subject (sale);
  g_assert_cmpstr (subject, ==, english);
  g_free (subject);

  g_setenv ("LANGUAGE", "", TRUE);
}

static void
test_owner_override_wins (void)
{
  g_autoptr(RsSale) sale = make_sale ();

  write_override ("en", "expiry",
                  "Subject: Renewal for {client} {unknown}\n"
                  "\n"
                  "Dear {client}, {service} ends {expiry_date}. {renew}\n"
                  "{nothing here}\n", -1);
  write_override ("en", "renew", "Call us on 555 0100.\n\n", -1);

  assert_compose (sale, RS_REMINDER_KIND_EXPIRY, "2027-12-31",
                  "Renewal for Acme Ltd {unknown}",
                  "Dear Acme Ltd, Web hosting ends 31 December 2027. Call us on 555 0100.\n"
                  "{nothing here}\n");

  /* Edited on another system: CR LF line ends and a byte order mark. */
  write_override ("en", "expiry", "\xEF\xBB\xBFSubject: Renewal\r\n\r\nLine one\r\nLine two\r\n", -1);
  assert_compose (sale, RS_REMINDER_KIND_EXPIRY, "2027-12-31", "Renewal", "Line one\nLine two\n");

  remove_override ("en", "expiry");
  remove_override ("en", "renew");

  /* The other language is not affected, and without the override the shipped one is back. */
  assert_compose (sale, RS_REMINDER_KIND_EXPIRY, "2027-12-31",
                  "Web hosting: our agreement ends on 31 December 2027",
                  "Hello Acme Ltd,\n"
                  "\n"
                  "Our agreement for Web hosting ends on 31 December 2027. We hope you have been happy with it.\n"
                  "Reply to this e-mail to renew.\n"
                  "\n"
                  "Thank you,\n"
                  "Papadopoulou Web\n");
}

static void
assert_broken_override (const char *contents,
                        gssize      length,
                        const char *reason)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = override_path ("en", "notice");
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  GDate occurrence = rs_test_date ("2027-12-01");

  write_override ("en", "notice", contents, length);
  g_assert_false (rs_reminder_message_compose (sale, RS_REMINDER_KIND_NOTICE, &occurrence, &sender,
                                               &subject, &body, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, reason));
  g_assert_null (subject);
  g_assert_null (body);

  remove_override ("en", "notice");
}

static void
test_broken_overrides (void)
{
  g_autoptr(GString) huge = g_string_new ("Subject: Big\n\n");
  const char binary[] = "Subject: x\n\nA\0B\n";

  assert_broken_override ("Subject: Caf\xe9\n\nBody\n", -1, "not valid UTF-8");
  assert_broken_override (binary, sizeof binary - 1, "not valid UTF-8");
  assert_broken_override ("Hello {client},\n\nBody\n", -1, "must start with a line");
  assert_broken_override ("subject: lower case\n\nBody\n", -1, "must start with a line");
  assert_broken_override ("", -1, "must start with a line");

  while (huge->len <= 64 * 1024)
    g_string_append (huge, "All work and no play makes Jack a dull boy.\n");
  assert_broken_override (huge->str, (gssize) huge->len, "larger than 64 KiB");
}

static void
test_broken_sentence_only_where_used (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = override_path ("en", "renew");
  g_autofree char *subject = NULL;
  GDate invoice = rs_test_date ("2027-02-28");
  GDate expiry = rs_test_date ("2027-12-31");

  write_override ("en", "renew", "Reply \xff\n", -1);

  /* The invoice template has no {renew}: unaffected. */
  g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_INVOICE, &invoice, &sender,
                                              &subject, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (rs_reminder_message_compose (sale, RS_REMINDER_KIND_EXPIRY, &expiry, &sender,
                                               NULL, NULL, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, path));
  remove_override ("en", "renew");

  /* {iban} belongs to the payment sentence, not to the letter. */
  write_override ("en", "invoice", "Subject: {iban}\n\n{instructions}\n", -1);
  g_clear_pointer (&subject, g_free);
  g_clear_error (&error);
  g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_INVOICE, &invoice, &sender,
                                              &subject, NULL, &error));
  g_assert_cmpstr (subject, ==, "{iban}");
  remove_override ("en", "invoice");
}

static void
test_values_are_not_expanded_again (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  GDate occurrence = rs_test_date ("2027-12-31");

  rs_sale_set_client_name (sale, "{service} & {client}");
  rs_sale_set_service (sale, "{amount}");

  g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_EXPIRY, &occurrence, &sender,
                                              &subject, &body, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (subject, ==, "{amount}: our agreement ends on 31 December 2027");
  g_assert_true (g_str_has_prefix (body, "Hello {service} & {client},\n\nOur agreement for {amount} ends"));
}

static void
test_subject_is_one_line (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  GDate occurrence = rs_test_date ("2027-02-28");

  rs_sale_set_service (sale, "\tHosting\r\nX-Injected: 1\x01\x7f\xc2\x85");

  g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_INVOICE, &occurrence, &sender,
                                              &subject, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (subject, ==, "Payment request: Hosting  X-Injected: 1, €1,200.50, by 28 February 2027");

  /* Control characters from the template, or from a multi-line value, after filling. */
  write_override ("en", "invoice", "Subject: \tA\x01" "B\x1b{payment}\t\r\n\r\nBody\n", -1);
  rs_sale_set_iban (sale, NULL);
  rs_sale_set_payment_instructions (sale, "Line one\r\nLine two\n");
  g_clear_pointer (&subject, g_free);
  g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_INVOICE, &occurrence, &sender,
                                              &subject, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (subject, ==, "A B How to pay: Line one  Line two");

  /* A subject that is all control characters is trimmed to nothing. */
  write_override ("en", "invoice", "Subject: \t\x7f \r\n\r\nBody\n", -1);
  g_clear_pointer (&subject, g_free);
  g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_INVOICE, &occurrence, &sender,
                                              &subject, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (subject, ==, "");
  remove_override ("en", "invoice");
}

static void
test_message_id (void)
{
  GDate february = rs_test_date ("2027-02-28");
  GDate march = rs_test_date ("2027-03-31");
  const char *address = "maria@papadopoulou.example";
  const struct {
    RsReminderKind  kind;
    guint           lead;
    const GDate    *occurrence;
    const char     *address;
    const char     *expected;
  } cases[] = {
    { RS_REMINDER_KIND_INVOICE, 7, &february, address, "<rs.06f489371056a3fb09d2a79580f0cbf2@papadopoulou.example>" },
    { RS_REMINDER_KIND_INVOICE, 6, &february, address, "<rs.adc2f85dd7fa455a351f8d13273f29db@papadopoulou.example>" },
    { RS_REMINDER_KIND_EXPIRY, 7, &february, address, "<rs.58c1206fefc057ddd3b85757e0fbf32b@papadopoulou.example>" },
    { RS_REMINDER_KIND_INVOICE, 7, &march, address, "<rs.a8ed1c061854e340806d63225ae04f12@papadopoulou.example>" },
    /* The domain goes into a header: anything but a plain host name is replaced. */
    { RS_REMINDER_KIND_INVOICE, 7, &february, "maria@[192.0.2.1]", "<rs.06f489371056a3fb09d2a79580f0cbf2@recurring-sales.invalid>" },
    { RS_REMINDER_KIND_INVOICE, 7, &february, "maria@evil>\r\nBcc: x", "<rs.06f489371056a3fb09d2a79580f0cbf2@recurring-sales.invalid>" },
    { RS_REMINDER_KIND_INVOICE, 7, &february, "no-domain", "<rs.06f489371056a3fb09d2a79580f0cbf2@recurring-sales.invalid>" },
    { RS_REMINDER_KIND_INVOICE, 7, &february, "maria@", "<rs.06f489371056a3fb09d2a79580f0cbf2@recurring-sales.invalid>" },
    { RS_REMINDER_KIND_INVOICE, 7, &february, NULL, "<rs.06f489371056a3fb09d2a79580f0cbf2@recurring-sales.invalid>" },
    { RS_REMINDER_KIND_INVOICE, 7, &february, "a@b@Mail-2.Example.com", "<rs.06f489371056a3fb09d2a79580f0cbf2@Mail-2.Example.com>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = rs_reminder_message_id ("acme-hosting-2027", cases[i].kind, cases[i].lead,
                                                    cases[i].occurrence, cases[i].address);
      g_autofree char *again = rs_reminder_message_id ("acme-hosting-2027", cases[i].kind, cases[i].lead,
                                                       cases[i].occurrence, cases[i].address);

      g_assert_cmpstr (id, ==, cases[i].expected);
      g_assert_cmpstr (again, ==, id);
    }
}

/* Whether a header line (not a folded continuation) starts with "@name:". */
static gboolean
has_header_line (const char *headers,
                 const char *name)
{
  g_auto(GStrv) lines = g_strsplit (headers, "\n", -1);
  size_t n = strlen (name);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (lines[i], name, n) == 0 && lines[i][n] == ':')
        return TRUE;
    }

  return FALSE;
}

static void
assert_single_recipient (CamelMimeMessage *message,
                         const char       *expected_address,
                         const char       *expected_name)
{
  const char *name = rs_test_message_assert_only_recipient (message, expected_address);

  g_assert_cmpstr (name, ==, expected_name);
  g_assert_null (camel_medium_get_header (CAMEL_MEDIUM (message), "Bcc"));
  g_assert_null (camel_medium_get_header (CAMEL_MEDIUM (message), "Cc"));
}

static char *
header_value (CamelMimeMessage *message,
              const char       *name)
{
  const char *value = camel_medium_get_header (CAMEL_MEDIUM (message), name);

  g_assert_nonnull (value);
  return g_strstrip (g_strdup (value));
}

static void
test_build_greek_round_trip (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RsTestRoundTrip) trip = { 0 };
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *parsed_body = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *reminder = NULL;
  CamelInternetAddress *from;
  CamelContentType *content_type;
  const char *name = NULL, *address = NULL;
  GDate occurrence = rs_test_date ("2027-02-28");
  gint64 when = 1803193200;  /* 2027-02-21T07:00:00Z */
  int offset = 0;

  rs_sale_set_language (sale, "el");
  rs_sale_set_service (sale, "Φιλοξενία ιστοσελίδας");
  rs_sale_set_client_name (sale, "Ακμή Α.Ε.");
  g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_INVOICE, &occurrence, &sender,
                                              &subject, &body, &error));

  message = rs_reminder_message_build (sale, RS_REMINDER_KIND_INVOICE, 7, &occurrence, &sender, when, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  rs_test_round_trip (message, &trip);

  /* Every header line is 7-bit: the Greek subject and names are RFC 2047 encoded. */
  for (const char *p = trip.headers; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, <, 0x80);
  g_assert_nonnull (strstr (trip.headers, "=?"));
  /* So is the quoted-printable body. */
  for (const char *p = trip.raw; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, <, 0x80);

  g_assert_cmpstr (camel_mime_message_get_subject (trip.parsed), ==,
                   "Αίτημα πληρωμής: «Φιλοξενία ιστοσελίδας», 1.200,50 €, έως 28/02/2027");
  g_assert_cmpstr (camel_mime_message_get_subject (trip.parsed), ==, subject);

  content_type = camel_mime_part_get_content_type (CAMEL_MIME_PART (trip.parsed));
  g_assert_true (camel_content_type_is (content_type, "text", "plain"));
  g_assert_cmpint (g_ascii_strcasecmp (camel_content_type_param (content_type, "charset"), "utf-8"), ==, 0);
  g_assert_cmpint (camel_mime_part_get_encoding (CAMEL_MIME_PART (trip.parsed)), ==,
                   CAMEL_TRANSFER_ENCODING_QUOTEDPRINTABLE);
  parsed_body = rs_test_message_decoded_body (trip.parsed);
  g_assert_cmpstr (parsed_body, ==, body);

  assert_single_recipient (trip.parsed, "billing@acme.example", "Ακμή Α.Ε.");
  from = camel_mime_message_get_from (trip.parsed);
  g_assert_cmpint (camel_address_length (CAMEL_ADDRESS (from)), ==, 1);
  g_assert_true (camel_internet_address_get (from, 0, &name, &address));
  g_assert_cmpstr (name, ==, "Maria Papadopoulou");
  g_assert_cmpstr (address, ==, "maria@papadopoulou.example");

  g_assert_cmpstr (camel_mime_message_get_message_id (trip.parsed), ==,
                   "rs.06f489371056a3fb09d2a79580f0cbf2@papadopoulou.example");
  g_assert_cmpint (camel_mime_message_get_date (trip.parsed, &offset), ==, when);
  g_assert_cmpint (offset, ==, 200);  /* Athens in February */

  uid = header_value (trip.parsed, "X-Recurring-Sale-UID");
  reminder = header_value (trip.parsed, "X-Recurring-Sale-Reminder");
  g_assert_cmpstr (uid, ==, "acme-hosting-2027");
  g_assert_cmpstr (reminder, ==, "invoice 7 2027-02-28");
}

static void
test_build_english_round_trip (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RsTestRoundTrip) trip = { 0 };
  g_autofree char *body = NULL;
  g_autofree char *parsed_body = NULL;
  g_autofree char *reminder = NULL;
  GDate occurrence = rs_test_date ("2027-12-31");

  g_assert_true (rs_reminder_message_compose (sale, RS_REMINDER_KIND_EXPIRY, &occurrence, &sender,
                                              NULL, &body, &error));
  message = rs_reminder_message_build (sale, RS_REMINDER_KIND_EXPIRY, 30, &occurrence, &sender,
                                       1827644400, &error);
  g_assert_no_error (error);
  rs_test_round_trip (message, &trip);

  g_assert_cmpstr (camel_mime_message_get_subject (trip.parsed), ==,
                   "Web hosting: our agreement ends on 31 December 2027");
  parsed_body = rs_test_message_decoded_body (trip.parsed);
  g_assert_cmpstr (parsed_body, ==, body);
  assert_single_recipient (trip.parsed, "billing@acme.example", "Acme Ltd");
  reminder = header_value (trip.parsed, "X-Recurring-Sale-Reminder");
  g_assert_cmpstr (reminder, ==, "expiry 30 2027-12-31");
}

static CamelMimeMessage *
build_and_parse (RsSale          *sale,
                 RsTestRoundTrip *trip)
{
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  GDate occurrence = rs_test_date ("2027-02-28");

  message = rs_reminder_message_build (sale, RS_REMINDER_KIND_INVOICE, 7, &occurrence, &sender,
                                       1803193200, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  rs_test_round_trip (message, trip);
  return trip->parsed;
}

static void
test_hostile_client_name (void)
{
  const char *names[] = {
    "Acme\r\nBcc: evil@example.com",
    "Acme\nBcc: evil@example.com",
    "Acme\rBcc: evil@example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(RsSale) sale = make_sale ();
      g_auto(RsTestRoundTrip) trip = { 0 };
      g_autofree char *clean_name = g_strdelimit (g_strdup (names[i]), "\r\n", ' ');
      CamelMimeMessage *parsed;

      rs_sale_set_client_name (sale, names[i]);
      parsed = build_and_parse (sale, &trip);

      /* Each CR and LF became a space: the name stays what it was, on one line. */
      g_assert_false (has_header_line (trip.headers, "Bcc"));
      assert_single_recipient (parsed, "billing@acme.example", clean_name);
    }
}

static void
test_email_looking_names (void)
{
  const struct {
    const char *client;
    const char *sender_name;
  } cases[] = {
    { "evil@example.com", "Maria Papadopoulou" },
    { "Evil <evil@example.com>, other@example.com", "Maria Papadopoulou" },
    { "\"Quoted\" <x@example.com>", "boss@example.com\r\nTo: victim@example.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RsSale) sale = make_sale ();
      g_autoptr(CamelMimeMessage) message = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *clean_sender = NULL;
      g_auto(RsTestRoundTrip) trip = { 0 };
      CamelInternetAddress *from;
      const char *name = NULL, *address = NULL;
      RsSender hostile_sender = sender;
      GDate occurrence = rs_test_date ("2027-02-28");

      hostile_sender.name = cases[i].sender_name;
      rs_sale_set_client_name (sale, cases[i].client);
      message = rs_reminder_message_build (sale, RS_REMINDER_KIND_INVOICE, 7, &occurrence, &hostile_sender,
                                           1803193200, &error);
      g_assert_no_error (error);
      rs_test_round_trip (message, &trip);

      assert_single_recipient (trip.parsed, "billing@acme.example", cases[i].client);
      from = camel_mime_message_get_from (trip.parsed);
      g_assert_cmpint (camel_address_length (CAMEL_ADDRESS (from)), ==, 1);
      g_assert_true (camel_internet_address_get (from, 0, &name, &address));
      g_assert_cmpstr (address, ==, "maria@papadopoulou.example");
      clean_sender = g_strdelimit (g_strdup (cases[i].sender_name), "\r\n", ' ');
      g_assert_cmpstr (name, ==, clean_sender);
    }
}

static void
test_no_header_injection_through_subject (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_auto(RsTestRoundTrip) trip = { 0 };
  CamelMimeMessage *parsed;

  rs_sale_set_service (sale, "Hosting\r\nX-Injected: 1");
  rs_sale_set_uid (sale, "acme\r\nX-Injected: 1");
  parsed = build_and_parse (sale, &trip);

  g_assert_false (has_header_line (trip.headers, "X-Injected"));
  g_assert_null (camel_medium_get_header (CAMEL_MEDIUM (parsed), "X-Injected"));
  g_assert_cmpstr (camel_mime_message_get_subject (parsed), ==,
                   "Payment request: Hosting  X-Injected: 1, €1,200.50, by 28 February 2027");
}

static void
test_build_needs_client_email (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  GDate occurrence = rs_test_date ("2027-02-28");

  rs_sale_set_client_email (sale, NULL);
  message = rs_reminder_message_build (sale, RS_REMINDER_KIND_INVOICE, 7, &occurrence, &sender,
                                       1803193200, &error);
  g_assert_null (message);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "acme-hosting-2027"));
}

/* Team reminders: the owner's language (the desktop's), whatever the client's; what expires,
 * for whom, the amount, the deadline, the client's address, the offer, and what to do. */
static void
test_team_bodies (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  GDate expiry = rs_test_date ("2027-12-31");
  GDate offered = rs_test_date ("2027-11-10");

  /* A Greek client; the owner works in English. */
  rs_sale_set_language (sale, "el");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 45, RS_AUDIENCE_TEAM);
  g_setenv ("LANGUAGE", "", TRUE);
  g_assert_true (rs_reminder_message_compose_for (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_TEAM,
                                                  &expiry, &sender, &subject, &body, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (subject, ==, "Renewal offer: Web hosting for Acme Ltd expires on 31 December 2027");
  g_assert_cmpstr (body, ==,
                   "Web hosting for Acme Ltd expires on 31 December 2027.\n"
                   "\n"
                   "Client: Acme Ltd\n"
                   "Client’s e-mail: billing@acme.example\n"
                   "Amount: €1,200.50, every month\n"
                   "Notice deadline: 1 December 2027\n"
                   "Offer: not sent yet\n"
                   "\n"
                   "Please prepare a renewal offer and send it to the client before the notice "
                   "deadline or the expiry. Once the client answers, record it with "
                   "`recurring-sales offer`.\n"
                   "\n"
                   "Recurring Sales, for Papadopoulou Web\n");
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);

  /* A Greek owner, an English client, an offer on its way. */
  rs_sale_set_language (sale, "en");
  rs_sale_set_offer_state (sale, RS_OFFER_OFFERED);
  rs_sale_set_offer_date (sale, &offered);
  rs_sale_set_offer_amount_minor (sale, 130000);
  rs_sale_set_offer_note (sale, "με SSL");
  g_setenv ("LANGUAGE", "el", TRUE);
  g_assert_true (rs_reminder_message_compose_for (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_TEAM,
                                                  &expiry, &sender, &subject, &body, &error));
  g_setenv ("LANGUAGE", "", TRUE);
  g_assert_no_error (error);
  g_assert_cmpstr (subject, ==,
                   "Προσφορά ανανέωσης: «Web hosting» για Acme Ltd λήγει στις 31/12/2027");
  g_assert_nonnull (strstr (body, "Πελάτης: Acme Ltd\nE-mail πελάτη: billing@acme.example\n"
                                  "Ποσό: 1.200,50 €, "));
  g_assert_nonnull (strstr (body, "Προθεσμία προειδοποίησης: 01/12/2027\n"));
  g_assert_nonnull (strstr (body, "Προσφορά: στάλθηκε στις 10/11/2027, 1.300,00 €: με SSL\n"));
  g_assert_nonnull (strstr (body, "Ετοιμάστε μια προσφορά ανανέωσης"));
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);

  /* Invoices and notice deadlines have their own; a line with nothing to show is left out. */
  rs_sale_set_client_email (sale, NULL);
  {
    GDate issue = rs_test_date ("2027-02-28");
    GDate deadline = rs_test_date ("2027-12-01");

    g_assert_true (rs_reminder_message_compose_for (sale, RS_REMINDER_KIND_INVOICE,
                                                    RS_AUDIENCE_TEAM, &issue, &sender,
                                                    &subject, &body, &error));
    g_assert_cmpstr (subject, ==, "Invoice: Web hosting for Acme Ltd on 28 February 2027");
    g_assert_null (strstr (body, "e-mail"));
    g_assert_nonnull (strstr (body, "For: February 2027\n"));
    g_assert_nonnull (strstr (body, "Please prepare the invoice."));
    g_clear_pointer (&subject, g_free);
    g_clear_pointer (&body, g_free);
    g_assert_true (rs_reminder_message_compose_for (sale, RS_REMINDER_KIND_NOTICE,
                                                    RS_AUDIENCE_TEAM, &deadline, &sender,
                                                    &subject, &body, &error));
    g_assert_cmpstr (subject, ==, "Notice deadline: Web hosting for Acme Ltd on 1 December 2027");
    g_assert_nonnull (strstr (body, "expires on 31 December 2027"));
  }
}

/* The team's message: To each of the team, its own Message-ID, never the client. */
static void
test_build_team (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RsTestRoundTrip) trip = { 0 };
  g_autofree char *reminder = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *team_id = NULL;
  const char * const team[] = { "anna@owner.example", "nikos@owner.example", NULL };
  const char * const hostile[] = { "anna@owner.example, evil@attacker.example", NULL };
  CamelInternetAddress *to;
  const char *name, *address;
  GDate expiry = rs_test_date ("2027-12-31");

  message = rs_reminder_message_build_for (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_TEAM, 45,
                                           &expiry, &sender, team, 1827644400, &error);
  g_assert_no_error (error);
  rs_test_round_trip (message, &trip);
  to = camel_mime_message_get_recipients (trip.parsed, CAMEL_RECIPIENT_TYPE_TO);
  g_assert_cmpint (camel_address_length (CAMEL_ADDRESS (to)), ==, 2);
  g_assert_true (camel_internet_address_get (to, 0, &name, &address));
  g_assert_cmpstr (address, ==, "anna@owner.example");
  g_assert_true (camel_internet_address_get (to, 1, &name, &address));
  g_assert_cmpstr (address, ==, "nikos@owner.example");
  reminder = header_value (trip.parsed, "X-Recurring-Sale-Reminder");
  g_assert_cmpstr (reminder, ==, "expiry 45 2027-12-31 team");

  client_id = rs_reminder_message_id ("acme-hosting-2027", RS_REMINDER_KIND_EXPIRY, 45, &expiry,
                                      sender.address);
  team_id = rs_reminder_message_id_for ("acme-hosting-2027", RS_REMINDER_KIND_EXPIRY,
                                        RS_AUDIENCE_TEAM, 45, &expiry, sender.address);
  g_assert_cmpstr (client_id, !=, team_id);
  g_assert_true (g_str_has_suffix (team_id, "@papadopoulou.example>"));
  g_clear_object (&message);

  /* No team, or an address list in one entry: no message. */
  message = rs_reminder_message_build_for (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_TEAM, 45,
                                           &expiry, &sender, NULL, 1827644400, &error);
  g_assert_null (message);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  message = rs_reminder_message_build_for (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_TEAM, 45,
                                           &expiry, &sender, hostile, 1827644400, &error);
  g_assert_null (message);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int result;

  /* Before anything asks GLib for the user's config dir: GLib keeps the first answer. */
  config_home = g_dir_make_tmp ("rs-reminder-message-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reminder-message/languages", test_languages);
  g_test_add_func ("/reminder-message/compose/english", test_english_bodies);
  g_test_add_func ("/reminder-message/compose/greek", test_greek_bodies);
  g_test_add_func ("/reminder-message/compose/payment-variants", test_payment_variants);
  g_test_add_func ("/reminder-message/compose/business-falls-back-to-name", test_business_falls_back_to_name);
  g_test_add_func ("/reminder-message/compose/payment-request/reference", test_payment_reference);
  g_test_add_func ("/reminder-message/compose/payment-request/owner-templates-before-it", test_owner_templates_before_payment_requests);
  g_test_add_func ("/reminder-message/compose/signature/never-a-login", test_signature_is_never_a_login);
  g_test_add_func ("/reminder-message/compose/signature/order", test_signature_order);
  g_test_add_func ("/reminder-message/compose/amount-formats", test_amount_formats);
  g_test_add_func ("/reminder-message/compose/language-choice", test_language_choice);
  g_test_add_func ("/reminder-message/compose/values-not-expanded-again", test_values_are_not_expanded_again);
  g_test_add_func ("/reminder-message/compose/subject-is-one-line", test_subject_is_one_line);
  g_test_add_func ("/reminder-message/templates/owner-override-wins", test_owner_override_wins);
  g_test_add_func ("/reminder-message/templates/broken-overrides", test_broken_overrides);
  g_test_add_func ("/reminder-message/templates/broken-sentence-only-where-used", test_broken_sentence_only_where_used);
  g_test_add_func ("/reminder-message/message-id/deterministic", test_message_id);
  g_test_add_func ("/reminder-message/build/greek-round-trip", test_build_greek_round_trip);
  g_test_add_func ("/reminder-message/compose/team", test_team_bodies);
  g_test_add_func ("/reminder-message/build/team", test_build_team);
  g_test_add_func ("/reminder-message/build/english-round-trip", test_build_english_round_trip);
  g_test_add_func ("/reminder-message/build/hostile-client-name", test_hostile_client_name);
  g_test_add_func ("/reminder-message/build/email-looking-names", test_email_looking_names);
  g_test_add_func ("/reminder-message/build/no-injection-through-subject", test_no_header_injection_through_subject);
  g_test_add_func ("/reminder-message/build/needs-client-email", test_build_needs_client_email);

  result = g_test_run ();

  rs_test_remove_tree (config_home);
  g_free (config_home);
  return result;
}
