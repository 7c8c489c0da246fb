/* test-sale-list-row.c: the Recurring Sales list's rows, without a display
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <locale.h>

#include "rs-sale-list-row.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-text.h>

static GVariant *
sale (const char *extra)
{
  g_autofree char *text = g_strdup_printf (
    "{'uid': <'sale-1'>, 'client': <'Ωμέγα Ακίνητα ΑΕ'>, 'service': <'Hosting'>, "
    "'amount_minor': <int64 123450>, 'currency': <'EUR'>, 'period': <'3m'>, "
    "'start': <'2027-01-31'>%s}", extra);

  return g_variant_ref_sink (g_variant_new_parsed (text));
}

static RsSaleListRow *
row_on (GVariant   *dict,
        const char *today_iso)
{
  g_autoptr(GError) error = NULL;
  RsSaleListRow *row;
  GDate today;

  g_assert_true (rs_date_parse (today_iso, "today", &today, NULL));
  row = rs_sale_list_row_new (dict, &today, &error);
  g_assert_no_error (error);
  return row;
}

/* The locales are in scripts/deps.sh: a missing one is a broken machine, not a skip. */
static void
use_language (const char *locale,
              const char *language)
{
  g_assert_nonnull (setlocale (LC_ALL, locale));
  g_setenv ("LANGUAGE", language, TRUE);
}

static void
test_english_columns (void)
{
  g_autoptr(GVariant) dict = sale (", 'term': <'1y'>");
  g_autoptr(RsSaleListRow) row = NULL;

  use_language ("en_US.UTF-8", "en");
  row = row_on (dict, "2027-03-01");
  g_assert_cmpstr (row->uid, ==, "sale-1");
  g_assert_cmpstr (row->client, ==, "Ωμέγα Ακίνητα ΑΕ");
  g_assert_cmpstr (row->service, ==, "Hosting");
  g_assert_cmpint (row->amount_minor, ==, 123450);
  g_assert_cmpstr (row->amount, ==, "€1,234.50");
  /* Words, never the code "3m". */
  g_assert_cmpstr (row->period, ==, "every 3 months");
  g_assert_cmpuint (row->period_days, ==, 90);
  /* 2027-01-31 + 3 months, clamped to the month end. */
  g_assert_cmpstr (row->next_invoice_iso, ==, "2027-04-30");
  g_assert_cmpstr (row->next_invoice, ==, "2027-04-30");
  g_assert_cmpstr (row->expiry_iso, ==, "2028-01-30");
  g_assert_cmpstr (row->status, ==, "active");
}

static void
test_greek_columns (void)
{
  g_autoptr(GVariant) dict = sale (", 'status': <'ended'>");
  g_autoptr(RsSaleListRow) row = NULL;

  use_language ("el_GR.UTF-8", "el");
  row = row_on (dict, "2027-01-31");
  g_assert_cmpstr (row->amount, ==, "1.234,50 €");
  g_assert_cmpstr (row->period, ==, "κάθε 3 μήνες");
  /* The invoice of today is the next one. */
  g_assert_cmpstr (row->next_invoice, ==, "31/01/2027");
  /* Open-ended: never, and it sorts after every date. */
  g_assert_cmpstr (row->expiry, ==, "ποτέ");
  g_assert_cmpstr (row->expiry_iso, >, "9999-12-31");
  g_assert_cmpstr (row->status, ==, "τερματίστηκε");
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
}

static void
test_no_invoice_left (void)
{
  g_autoptr(GVariant) dict = sale (", 'count': <uint32 2>");
  g_autoptr(RsSaleListRow) row = row_on (dict, "2027-06-01");
  const char *kind = NULL, *date = NULL;
  GDate today;

  g_assert_cmpstr (row->next_invoice, ==, "—");
  g_assert_cmpstr (row->next_invoice_iso, ==, "");
  g_assert_cmpstr (row->expiry_iso, ==, "2027-07-30");

  /* Preview: the next invoice's e-mail, else the expiry's, else none. */
  g_date_set_dmy (&today, 1, G_DATE_JUNE, 2027);
  g_assert_true (rs_sale_list_row_preview (row, &today, &kind, &date));
  g_assert_cmpstr (kind, ==, "expiry");
  g_assert_cmpstr (date, ==, "2027-07-30");
  g_date_set_dmy (&today, 1, G_DATE_AUGUST, 2027);
  g_assert_false (rs_sale_list_row_preview (row, &today, &kind, &date));
}

static void
test_preview_next_invoice (void)
{
  g_autoptr(GVariant) dict = sale ("");
  g_autoptr(RsSaleListRow) row = row_on (dict, "2027-02-10");
  const char *kind = NULL, *date = NULL;
  GDate today;

  g_date_set_dmy (&today, 10, G_DATE_FEBRUARY, 2027);
  g_assert_true (rs_sale_list_row_preview (row, &today, &kind, &date));
  g_assert_cmpstr (kind, ==, "invoice");
  g_assert_cmpstr (date, ==, "2027-04-30");
}

static void
test_search_client_or_service (void)
{
  g_autoptr(GVariant) dict = sale ("");
  g_autoptr(RsSaleListRow) row = row_on (dict, "2027-02-10");
  static const struct {
    const char *search;
    gboolean    matches;
  } cases[] = {
    { "", TRUE },
    { "ωμέγα", TRUE },          /* lower case */
    { "ΑΚΊΝΗΤΑ", TRUE },
    { "host", TRUE },           /* the service */
    { "ae\nhost", FALSE },      /* not across the two */
    { "ΑΕHosting", FALSE },
    { "acme", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = rs_text_fold_for_search (cases[i].search);

      g_assert_cmpint (rs_sale_list_row_matches (row, folded), ==, cases[i].matches);
    }
  g_assert_true (rs_sale_list_row_matches (row, NULL));
}

static void
test_refuses_what_is_not_a_sale (void)
{
  g_autoptr(GVariant) dict = g_variant_ref_sink (g_variant_new_parsed (
    "{'uid': <'x'>, 'client': <'Acme'>, 'service': <'Hosting'>, 'amount_minor': <int64 1>, "
    "'currency': <'EUR'>, 'period': <'fortnightly'>, 'start': <'2027-01-31'>}"));
  g_autoptr(GError) error = NULL;
  GDate today;

  g_date_set_dmy (&today, 1, G_DATE_JANUARY, 2027);
  g_assert_null (rs_sale_list_row_new (dict, &today, &error));
  g_assert_nonnull (error);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  rs_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/evolution/sale-list-row/english-columns", test_english_columns);
  g_test_add_func ("/evolution/sale-list-row/greek-columns", test_greek_columns);
  g_test_add_func ("/evolution/sale-list-row/no-invoice-left", test_no_invoice_left);
  g_test_add_func ("/evolution/sale-list-row/preview-next-invoice", test_preview_next_invoice);
  g_test_add_func ("/evolution/sale-list-row/search-client-or-service",
                   test_search_client_or_service);
  g_test_add_func ("/evolution/sale-list-row/refuses-what-is-not-a-sale",
                   test_refuses_what_is_not_a_sale);

  return g_test_run ();
}
