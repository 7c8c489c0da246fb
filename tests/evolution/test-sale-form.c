/* test-sale-form.c: the sale editor's fields ↔ AddSale's a{sv}, without a display
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "rs-sale-form.h"
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-sale-variant.h>

#define GOOD_IBAN "GR16 0110 1250 0000 0001 2300 695"

/* A sale as the seed has it: hosting, monthly, a year, prepaid to an IBAN. */
static RsSaleForm *
filled_form (void)
{
  RsSaleForm *form = rs_sale_form_new (NULL);

  rs_sale_form_set (&form->client, " Acme Ltd ");
  rs_sale_form_set (&form->email, "billing@acme.example");
  rs_sale_form_set (&form->service, "Hosting");
  rs_sale_form_set (&form->amount, "120.50");
  rs_sale_form_set (&form->currency, "eur");
  rs_sale_form_set (&form->period, "monthly");
  rs_sale_form_set (&form->start, "2027-01-31");
  form->term_kind = RS_SALE_FORM_TERM_LENGTH;
  rs_sale_form_set (&form->term, "1y");
  form->prepay = TRUE;
  rs_sale_form_set (&form->iban, GOOD_IBAN);
  rs_sale_form_set (&form->invoice_days, "14");
  rs_sale_form_set (&form->expiry_days, "30, 7");
  form->remind_client = TRUE;
  rs_sale_form_set (&form->note, "Renews by phone");
  return form;
}

static GVariant *
to_variant_ok (RsSaleForm *form)
{
  g_autoptr(GError) error = NULL;
  RsSaleField field = RS_SALE_FIELD_UID;
  GVariant *dict = rs_sale_form_to_variant (form, NULL, &field, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dict);
  g_assert_cmpint (field, ==, RS_SALE_FIELD_NONE);
  g_assert_false (g_variant_is_floating (dict));
  return dict;
}

static void
assert_refused (RsSaleForm  *form,
                RsSaleField  expected_field,
                const char  *expected_message)
{
  g_autoptr(GError) error = NULL;
  RsSaleField field = RS_SALE_FIELD_UID;
  g_autoptr(GVariant) dict = rs_sale_form_to_variant (form, NULL, &field, &error);

  g_assert_null (dict);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_assert_cmpint (field, ==, expected_field);
  if (expected_message != NULL)
    g_assert_cmpstr (error->message, ==, expected_message);
}

static void
test_filled_form_gives_the_sale (void)
{
  g_autoptr(RsSaleForm) form = filled_form ();
  g_autoptr(GVariant) dict = to_variant_ok (form);
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;
  g_autoptr(GVariant) reminders = NULL;
  g_autofree char *reminders_text = NULL;
  const char *text;
  gint64 amount;
  gboolean flag;
  guint32 notice;

  g_assert_true (g_variant_lookup (dict, "client", "&s", &text));
  g_assert_cmpstr (text, ==, "Acme Ltd");
  g_assert_true (g_variant_lookup (dict, "amount_minor", "x", &amount));
  g_assert_cmpint (amount, ==, 12050);
  g_assert_true (g_variant_lookup (dict, "currency", "&s", &text));
  g_assert_cmpstr (text, ==, "EUR");
  g_assert_true (g_variant_lookup (dict, "period", "&s", &text));
  g_assert_cmpstr (text, ==, "1m");
  g_assert_true (g_variant_lookup (dict, "start", "&s", &text));
  g_assert_cmpstr (text, ==, "2027-01-31");
  g_assert_true (g_variant_lookup (dict, "term", "&s", &text));
  g_assert_cmpstr (text, ==, "1y");
  g_assert_false (g_variant_lookup (dict, "until", "&s", &text));
  g_assert_true (g_variant_lookup (dict, "prepay", "b", &flag));
  g_assert_true (flag);
  g_assert_true (g_variant_lookup (dict, "iban", "&s", &text));
  g_assert_cmpstr (text, ==, GOOD_IBAN);
  g_assert_true (g_variant_lookup (dict, "notice_days", "u", &notice));
  g_assert_cmpuint (notice, ==, 0);

  reminders = g_variant_lookup_value (dict, "reminders", G_VARIANT_TYPE ("a(sus)"));
  g_assert_nonnull (reminders);
  reminders_text = g_variant_print (reminders, FALSE);
  g_assert_cmpstr (reminders_text, ==,
                   "[('invoice', 14, 'owner'), ('invoice', 14, 'client'), "
                   "('expiry', 30, 'owner'), ('expiry', 30, 'client'), "
                   "('expiry', 7, 'owner'), ('expiry', 7, 'client')]");

  /* What the service makes of it. */
  sale = rs_sale_new_from_variant (dict, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rs_sale_get_iban (sale), ==, "GR1601101250000000012300695");
  g_assert_cmpstr (rs_sale_get_note (sale), ==, "Renews by phone");
}

static void
test_terms (void)
{
  g_autoptr(RsSaleForm) form = filled_form ();
  const char *text;
  guint32 count;

  form->term_kind = RS_SALE_FORM_TERM_UNTIL;
  rs_sale_form_set (&form->term, "2027-12-31");
  {
    g_autoptr(GVariant) dict = to_variant_ok (form);
    g_assert_true (g_variant_lookup (dict, "until", "&s", &text));
    g_assert_cmpstr (text, ==, "2027-12-31");
  }

  form->term_kind = RS_SALE_FORM_TERM_COUNT;
  rs_sale_form_set (&form->term, "12");
  {
    g_autoptr(GVariant) dict = to_variant_ok (form);
    g_assert_true (g_variant_lookup (dict, "count", "u", &count));
    g_assert_cmpuint (count, ==, 12);
  }

  /* Open-ended: no expiry, so no expiry reminders either. */
  form->term_kind = RS_SALE_FORM_TERM_NONE;
  rs_sale_form_set (&form->expiry_days, "");
  {
    g_autoptr(GVariant) dict = to_variant_ok (form);
    g_assert_false (g_variant_lookup (dict, "until", "&s", &text));
    g_assert_false (g_variant_lookup (dict, "count", "u", &count));
    g_assert_false (g_variant_lookup (dict, "term", "&s", &text));
  }
}

static void
test_each_problem_next_to_its_field (void)
{
  g_autoptr(GError) iban_error = NULL;

  /* The IBAN's sentence is the core's, as the service gives it. */
  g_assert_false (rs_iban_validate ("GR16 0110 1250 0000 0001 2300 696", NULL, &iban_error));

  {
    g_autoptr(RsSaleForm) form = filled_form ();
    rs_sale_form_set (&form->iban, "GR16 0110 1250 0000 0001 2300 696");
    assert_refused (form, RS_SALE_FIELD_IBAN, iban_error->message);
  }
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    rs_sale_form_set (&form->client, "  ");
    assert_refused (form, RS_SALE_FIELD_CLIENT, NULL);
  }
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    rs_sale_form_set (&form->service, "");
    assert_refused (form, RS_SALE_FIELD_SERVICE, NULL);
  }
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    rs_sale_form_set (&form->email, "acme");
    assert_refused (form, RS_SALE_FIELD_EMAIL, NULL);
  }
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    rs_sale_form_set (&form->amount, "12O");
    assert_refused (form, RS_SALE_FIELD_AMOUNT, NULL);
  }
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    rs_sale_form_set (&form->currency, "EURO");
    assert_refused (form, RS_SALE_FIELD_CURRENCY, NULL);
  }
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    rs_sale_form_set (&form->period, "now and then");
    assert_refused (form, RS_SALE_FIELD_PERIOD, NULL);
  }
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    rs_sale_form_set (&form->start, "2027-02-30");
    assert_refused (form, RS_SALE_FIELD_START, NULL);
  }
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    form->term_kind = RS_SALE_FORM_TERM_COUNT;
    rs_sale_form_set (&form->term, "twelve");
    assert_refused (form, RS_SALE_FIELD_COUNT, NULL);
  }
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    rs_sale_form_set (&form->invoice_days, "7, 7");
    assert_refused (form, RS_SALE_FIELD_REMIND_INVOICE, "7 is given twice; give each day once.");
  }
}

/* What only the sale as a whole can say: the core's own sentence, for the dialog's bar. */
static void
test_problems_of_the_whole_sale (void)
{
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    rs_sale_form_set (&form->iban, "");
    assert_refused (form, RS_SALE_FIELD_NONE,
                    "A client who prepays needs an IBAN or payment instructions to pay to.");
  }
  {
    g_autoptr(RsSaleForm) form = filled_form ();
    g_autoptr(GError) error = NULL;

    form->term_kind = RS_SALE_FORM_TERM_UNTIL;
    rs_sale_form_set (&form->term, "2026-12-31");
    assert_refused (form, RS_SALE_FIELD_NONE, NULL);
  }
}

static void
test_new_form_takes_the_defaults (void)
{
  g_autoptr(RsDefaults) defaults = rs_defaults_new_builtin ();
  g_autoptr(RsSaleForm) form = NULL;

  defaults->draft = FALSE;
  g_array_set_size (defaults->expiry_lead_days, 0);
  g_array_append_vals (defaults->expiry_lead_days, (guint[]) { 90, 30 }, 2);
  form = rs_sale_form_new (defaults);

  g_assert_false (form->draft);
  g_assert_cmpstr (form->expiry_days, ==, "90, 30");
  g_assert_cmpstr (form->invoice_days, ==, "7");
  g_assert_cmpstr (form->currency, ==, "EUR");
  g_assert_cmpstr (form->delivery, ==, "default");
}

/* GetSale's answer for the filled form's sale, as the service gives it. */
static GVariant *
stored_sale (RsSaleForm *form)
{
  g_autoptr(GVariant) dict = to_variant_ok (form);
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = rs_sale_new_from_variant (dict, NULL, &error);

  g_assert_no_error (error);
  return g_variant_ref_sink (rs_sale_to_variant (sale));
}

static void
test_existing_sale_fills_the_form (void)
{
  g_autoptr(RsSaleForm) filled = filled_form ();
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(RsSaleForm) form = NULL;
  g_autoptr(GVariant) original = NULL;
  g_autoptr(GVariant) again = NULL;

  rs_sale_form_set (&filled->language, "el");
  stored = stored_sale (filled);
  form = rs_sale_form_new_from_variant (stored);

  g_assert_cmpstr (form->client, ==, "Acme Ltd");
  g_assert_cmpstr (form->email, ==, "billing@acme.example");
  g_assert_cmpstr (form->amount, ==, "120.50");
  g_assert_cmpstr (form->currency, ==, "EUR");
  g_assert_cmpstr (form->period, ==, "1m");
  g_assert_cmpstr (form->start, ==, "2027-01-31");
  g_assert_cmpint (form->term_kind, ==, RS_SALE_FORM_TERM_LENGTH);
  g_assert_cmpstr (form->term, ==, "1y");
  g_assert_true (form->prepay);
  g_assert_cmpstr (form->iban, ==, GOOD_IBAN);
  g_assert_cmpstr (form->invoice_days, ==, "14");
  g_assert_cmpstr (form->expiry_days, ==, "30, 7");
  g_assert_true (form->remind_client);
  g_assert_cmpstr (form->language, ==, "el");
  g_assert_cmpstr (form->note, ==, "Renews by phone");

  /* Saved unchanged, it changes nothing. */
  original = to_variant_ok (form);
  again = to_variant_ok (form);
  {
    g_autoptr(GVariant) changes = rs_sale_form_changes (original, again);
    g_assert_cmpuint (g_variant_n_children (changes), ==, 0);
  }
}

static void
test_changes_are_what_the_user_changed (void)
{
  g_autoptr(RsSaleForm) filled = filled_form ();
  g_autoptr(GVariant) stored = stored_sale (filled);
  g_autoptr(RsSaleForm) form = rs_sale_form_new_from_variant (stored);
  g_autoptr(GVariant) original = to_variant_ok (form);
  g_autoptr(GVariant) edited = NULL;
  g_autoptr(GVariant) changes = NULL;
  g_autofree char *printed = NULL;

  rs_sale_form_set (&form->amount, "130");
  rs_sale_form_set (&form->note, "");
  form->term_kind = RS_SALE_FORM_TERM_UNTIL;
  rs_sale_form_set (&form->term, "2027-12-31");
  edited = to_variant_ok (form);
  changes = rs_sale_form_changes (original, edited);
  printed = g_variant_print (changes, FALSE);
  g_assert_cmpstr (printed, ==,
                   "{'amount_minor': <int64 13000>, 'until': <'2027-12-31'>, 'note': <''>}");

  /* No end any more: the term goes. */
  {
    g_autoptr(GVariant) open_ended = NULL;
    g_autoptr(GVariant) open_changes = NULL;
    g_autofree char *open_printed = NULL;

    form->term_kind = RS_SALE_FORM_TERM_NONE;
    rs_sale_form_set (&form->expiry_days, "");
    open_ended = to_variant_ok (form);
    open_changes = rs_sale_form_changes (original, open_ended);
    open_printed = g_variant_print (open_changes, FALSE);
    g_assert_nonnull (strstr (open_printed, "'term': <''>"));
  }
}

/* A client chosen from the address book keeps the contact's UID; a client typed by hand has
 * none, and clearing it is a change UpdateSale sees. */
static void
test_contact_uid (void)
{
  g_autoptr(RsSaleForm) form = filled_form ();
  g_autoptr(GVariant) typed = to_variant_ok (form);
  g_autoptr(GVariant) chosen = NULL;
  g_autoptr(GVariant) changes = NULL;
  g_autoptr(RsSaleForm) loaded = NULL;
  const char *uid;

  g_assert_false (g_variant_lookup (typed, "contact_uid", "&s", &uid));

  rs_sale_form_set (&form->contact_uid, "pas-id-4F1C");
  chosen = to_variant_ok (form);
  g_assert_true (g_variant_lookup (chosen, "contact_uid", "&s", &uid));
  g_assert_cmpstr (uid, ==, "pas-id-4F1C");

  loaded = rs_sale_form_new_from_variant (chosen);
  g_assert_cmpstr (loaded->contact_uid, ==, "pas-id-4F1C");

  changes = rs_sale_form_changes (chosen, typed);
  g_assert_true (g_variant_lookup (changes, "contact_uid", "&s", &uid));
  g_assert_cmpstr (uid, ==, "");
}

static void
assert_choice (const char   *period,
               const char   *expected_id,
               guint         expected_count,
               RsPeriodUnit  expected_unit)
{
  guint count = 0;
  RsPeriodUnit unit = RS_PERIOD_UNIT_DAY;

  g_test_message ("“%s”", period != NULL ? period : "(null)");
  g_assert_cmpstr (rs_sale_form_period_choice (period, &count, &unit), ==, expected_id);
  g_assert_cmpuint (count, ==, expected_count);
  g_assert_cmpint (unit, ==, expected_unit);
}

/* The period in words: a sale's period shows as its choice, and a choice is a period the
 * service reads. */
static void
test_period_choices (void)
{
  guint n_choices = 0;
  const RsSaleFormChoice *choices = rs_sale_form_period_choices (&n_choices);
  g_autofree char *three_weeks = rs_sale_form_period_text (3, RS_PERIOD_UNIT_WEEK);
  g_autofree char *ten_years = rs_sale_form_period_text (10, RS_PERIOD_UNIT_YEAR);
  g_autoptr(RsSaleForm) form = filled_form ();

  g_assert_cmpuint (n_choices, ==, 7);
  g_assert_cmpstr (choices[0].label, ==, "Monthly");
  g_assert_cmpstr (choices[n_choices - 1].id, ==, RS_SALE_FORM_PERIOD_CUSTOM);

  assert_choice ("1m", "1m", 1, RS_PERIOD_UNIT_MONTH);
  assert_choice ("monthly", "1m", 1, RS_PERIOD_UNIT_MONTH);
  assert_choice ("Τριμηνιαία", "3m", 3, RS_PERIOD_UNIT_MONTH);
  assert_choice ("6m", "6m", 6, RS_PERIOD_UNIT_MONTH);
  
  assert_choice ("1y", "1y", 1, RS_PERIOD_UNIT_YEAR);
  assert_choice ("2y", "2y", 2, RS_PERIOD_UNIT_YEAR);
  /* Not offered in words: the custom choice, with its number and unit. */
  assert_choice ("2w", RS_SALE_FORM_PERIOD_CUSTOM, 2, RS_PERIOD_UNIT_WEEK);
  assert_choice ("5m", RS_SALE_FORM_PERIOD_CUSTOM, 5, RS_PERIOD_UNIT_MONTH);
  assert_choice ("3y", RS_SALE_FORM_PERIOD_CUSTOM, 3, RS_PERIOD_UNIT_YEAR);
  /* Unreadable: custom, one month, and Save says what is wrong. */
  assert_choice ("fortnightly-ish", RS_SALE_FORM_PERIOD_CUSTOM, 1, RS_PERIOD_UNIT_MONTH);
  assert_choice (NULL, RS_SALE_FORM_PERIOD_CUSTOM, 1, RS_PERIOD_UNIT_MONTH);

  g_assert_cmpstr (three_weeks, ==, "3w");
  g_assert_cmpstr (ten_years, ==, "10y");

  /* Every choice, and a custom one, is a period the sale takes. */
  for (guint i = 0; i + 1 < n_choices; i++)
    {
      g_autoptr(GVariant) dict = NULL;
      const char *period;

      rs_sale_form_set (&form->period, choices[i].id);
      dict = to_variant_ok (form);
      g_assert_true (g_variant_lookup (dict, "period", "&s", &period));
      g_assert_cmpstr (period, ==, choices[i].id);
    }
  rs_sale_form_set (&form->period, three_weeks);
  {
    g_autoptr(GVariant) dict = to_variant_ok (form);
    const char *period;

    g_assert_true (g_variant_lookup (dict, "period", "&s", &period));
    g_assert_cmpstr (period, ==, "3w");
  }

  /* A term length, chosen as a number and a unit. */
  form->term_kind = RS_SALE_FORM_TERM_LENGTH;
  g_free (form->term);
  form->term = rs_sale_form_period_text (2, RS_PERIOD_UNIT_YEAR);
  {
    g_autoptr(GVariant) dict = to_variant_ok (form);
    const char *term;

    g_assert_true (g_variant_lookup (dict, "term", "&s", &term));
    g_assert_cmpstr (term, ==, "2y");
  }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  rs_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sale-form/filled-form-gives-the-sale", test_filled_form_gives_the_sale);
  g_test_add_func ("/sale-form/terms", test_terms);
  g_test_add_func ("/sale-form/period-choices", test_period_choices);
  g_test_add_func ("/sale-form/contact-uid", test_contact_uid);
  g_test_add_func ("/sale-form/each-problem-next-to-its-field", test_each_problem_next_to_its_field);
  g_test_add_func ("/sale-form/problems-of-the-whole-sale", test_problems_of_the_whole_sale);
  g_test_add_func ("/sale-form/new-form-takes-the-defaults", test_new_form_takes_the_defaults);
  g_test_add_func ("/sale-form/existing-sale-fills-the-form", test_existing_sale_fills_the_form);
  g_test_add_func ("/sale-form/changes-are-what-the-user-changed", test_changes_are_what_the_user_changed);

  return g_test_run ();
}
