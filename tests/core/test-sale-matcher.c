/* test-sale-matcher.c: whether a sale coming in is one the user has already (issue #13)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/recurring-sales.h>

#include "rs-test-sales.h"

static RsSale *
find (RsSale           *existing,
      RsSale           *incoming,
      RsSaleMatchFlags  flags)
{
  g_autoptr(RsSaleMatcher) matcher = rs_sale_matcher_new (flags);

  rs_sale_matcher_add (matcher, existing);
  return rs_sale_matcher_lookup (matcher, incoming);
}

/* A file without uids, imported twice: every row of the second time is a sale of the first. */
static void
test_same_file_twice (void)
{
  const char csv[] =
    "client,service,amount,currency,period,start,term\n"
    "Acme Ltd,Web hosting,120.00,EUR,1m,2027-01-31,1y\n"
    "Βήτα Ο.Ε.,Υποστήριξη,45.00,EUR,1m,2027-02-01,1y\n"
    "Βήτα Ο.Ε.,Υποστήριξη,45.00,EUR,3m,2027-02-01,1y\n";
  g_autoptr(GPtrArray) first = rs_csv_parse_sales (csv, strlen (csv), NULL, NULL, NULL);
  g_autoptr(GPtrArray) second = rs_csv_parse_sales (csv, strlen (csv), NULL, NULL, NULL);
  g_autoptr(RsSaleMatcher) matcher = rs_sale_matcher_new (RS_SALE_MATCH_ALL);
  g_autoptr(RsSaleMatcher) identifiers = rs_sale_matcher_new (RS_SALE_MATCH_IDENTIFIER);

  g_assert_cmpuint (first->len, ==, 3);
  for (guint i = 0; i < first->len; i++)
    {
      rs_sale_matcher_add (matcher, g_ptr_array_index (first, i));
      rs_sale_matcher_add (identifiers, g_ptr_array_index (first, i));
    }

  for (guint i = 0; i < second->len; i++)
    {
      RsSale *incoming = g_ptr_array_index (second, i);

      /* Each row has a new uid, yet is found, and as the sale of its own row. */
      g_assert_cmpstr (rs_sale_get_uid (incoming), !=,
                       rs_sale_get_uid (g_ptr_array_index (first, i)));
      g_assert_true (rs_sale_matcher_lookup (matcher, incoming) == g_ptr_array_index (first, i));
      /* A duplicate asked for is matched by identifier alone. */
      g_assert_null (rs_sale_matcher_lookup (identifiers, incoming));
    }
}

/* The six terms decide; the rest (term, reminders, note, address, status) does not. */
static void
test_terms (void)
{
  g_autoptr(RsSale) existing = rs_test_sale_new ("existing", "Acme Ltd", "2027-01-31", "1m", "2027-12-31");
  struct {
    const char *what;
    gboolean    same;
  } cases[] = {
    { "the same", TRUE },
    { "another term, note, address and reminders", TRUE },
    { "renewed", TRUE },
    { "ended", TRUE },
    { "client", FALSE },
    { "service", FALSE },
    { "start", FALSE },
    { "period", FALSE },
    { "amount", FALSE },
    { "currency", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RsSale) incoming = rs_test_sale_new ("incoming", "Acme Ltd", "2027-01-31", "1m", "2027-12-31");
      RsSchedule schedule = *rs_sale_get_schedule (incoming);
      const char *what = cases[i].what;

      if (g_str_equal (what, "another term, note, address and reminders"))
        {
          schedule.term_kind = RS_TERM_COUNT;
          schedule.count = 3;
          rs_sale_set_schedule (incoming, &schedule);
          rs_sale_set_note (incoming, "Imported again");
          rs_sale_set_client_email (incoming, "billing@acme.example");
          rs_sale_clear_reminders (incoming);
        }
      else if (g_str_equal (what, "renewed"))
        rs_sale_set_status (existing, RS_SALE_STATUS_RENEWED);
      else if (g_str_equal (what, "ended"))
        rs_sale_set_status (existing, RS_SALE_STATUS_ENDED);
      else if (g_str_equal (what, "client"))
        rs_sale_set_client_name (incoming, "Acme Inc");
      else if (g_str_equal (what, "service"))
        rs_sale_set_service (incoming, "Mail hosting");
      else if (g_str_equal (what, "start"))
        {
          schedule.start = rs_test_date ("2027-02-28");
          rs_sale_set_schedule (incoming, &schedule);
        }
      else if (g_str_equal (what, "period"))
        {
          schedule.period.count = 3;
          rs_sale_set_schedule (incoming, &schedule);
        }
      else if (g_str_equal (what, "amount"))
        rs_sale_set_amount_minor (incoming, rs_sale_get_amount_minor (existing) + 1);
      else if (g_str_equal (what, "currency"))
        rs_sale_set_currency (incoming, "GBP");

      g_test_message ("%s", what);
      g_assert_true ((find (existing, incoming, RS_SALE_MATCH_ALL) == existing) == cases[i].same);
    }
}

/* Names as people tell them apart: case, accents (Greek capitals have none), composition and
 * the spaces around and between words do not make another client. */
static void
test_names_fold (void)
{
  const char *names[][2] = {
    { "Acme Ltd", "ACME LTD" },
    { "Acme Ltd", "  Acme   Ltd " },
    { "Βήτα Ο.Ε.", "ΒΗΤΑ Ο.Ε." },
    { "Σοφός", "ΣΟΦΟΣ" },
    { "Caf\xC3\xA9", "Cafe\xCC\x81" },
    { "Acme\tLtd", "Acme Ltd" },
  };
  const char *different[][2] = {
    { "Acme Ltd", "Acme Ltd." },
    { "Acme Ltd", "AcmeLtd" },
    { "Βήτα", "Γάμμα" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(RsSale) existing = rs_test_sale_new ("a", names[i][0], "2027-01-31", "1m", NULL);
      g_autoptr(RsSale) incoming = rs_test_sale_new ("b", names[i][1], "2027-01-31", "1m", NULL);

      g_test_message ("“%s” is “%s”", names[i][0], names[i][1]);
      g_assert_true (find (existing, incoming, RS_SALE_MATCH_ALL) == existing);
      /* The service is folded the same way. */
      rs_sale_set_client_name (incoming, names[i][0]);
      rs_sale_set_service (existing, names[i][0]);
      rs_sale_set_service (incoming, names[i][1]);
      g_assert_true (find (existing, incoming, RS_SALE_MATCH_ALL) == existing);
    }

  for (guint i = 0; i < G_N_ELEMENTS (different); i++)
    {
      g_autoptr(RsSale) existing = rs_test_sale_new ("a", different[i][0], "2027-01-31", "1m", NULL);
      g_autoptr(RsSale) incoming = rs_test_sale_new ("b", different[i][1], "2027-01-31", "1m", NULL);

      g_test_message ("“%s” is not “%s”", different[i][0], different[i][1]);
      g_assert_null (find (existing, incoming, RS_SALE_MATCH_ALL));
    }
}

/* The same uid is the same sale whatever its terms, duplicates asked for or not; without a
 * shared key nothing is found. */
static void
test_identifier (void)
{
  g_autoptr(RsSale) existing = rs_test_sale_new ("acme-hosting", "Acme Ltd", "2027-01-31", "1m", NULL);
  g_autoptr(RsSale) same_uid = rs_test_sale_new ("acme-hosting", "Beta", "2028-01-01", "1y", NULL);
  g_autoptr(RsSale) same_terms = rs_test_sale_new ("other", "Acme Ltd", "2027-01-31", "1m", NULL);

  g_assert_true (find (existing, same_uid, RS_SALE_MATCH_ALL) == existing);
  g_assert_true (find (existing, same_uid, RS_SALE_MATCH_IDENTIFIER) == existing);
  g_assert_null (find (existing, same_terms, RS_SALE_MATCH_IDENTIFIER));
  g_assert_true (find (existing, same_terms, RS_SALE_MATCH_TERMS) == existing);
  g_assert_null (find (existing, same_uid, RS_SALE_MATCH_TERMS));
}

/* The first sale added under a key is the one found, and a sale is found under each of its
 * keys. */
static void
test_first_added_is_found (void)
{
  g_autoptr(RsSaleMatcher) matcher = rs_sale_matcher_new (RS_SALE_MATCH_ALL);
  g_autoptr(RsSale) first = rs_test_sale_new ("first", "Acme Ltd", "2027-01-31", "1m", NULL);
  g_autoptr(RsSale) second = rs_test_sale_new ("second", "Acme Ltd", "2027-01-31", "1m", NULL);
  g_autoptr(RsSale) by_terms = rs_test_sale_new ("third", "Acme Ltd", "2027-01-31", "1m", NULL);
  g_autoptr(RsSale) by_uid = rs_test_sale_new ("second", "Other", "2027-01-31", "1m", NULL);
  g_autoptr(RsSale) nobody = rs_test_sale_new ("fourth", "Other", "2027-01-31", "1m", NULL);
  g_auto(GStrv) keys = rs_sale_match_keys (first, RS_SALE_MATCH_ALL);

  g_assert_cmpuint (g_strv_length (keys), ==, 2);
  rs_sale_matcher_add (matcher, first);
  rs_sale_matcher_add (matcher, second);
  g_assert_true (rs_sale_matcher_lookup (matcher, by_terms) == first);
  g_assert_true (rs_sale_matcher_lookup (matcher, by_uid) == second);
  g_assert_null (rs_sale_matcher_lookup (matcher, nobody));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sale-matcher/same-file-twice", test_same_file_twice);
  g_test_add_func ("/sale-matcher/terms-decide-status-does-not", test_terms);
  g_test_add_func ("/sale-matcher/names-as-people-tell-them-apart", test_names_fold);
  g_test_add_func ("/sale-matcher/identifier", test_identifier);
  g_test_add_func ("/sale-matcher/first-added-is-found", test_first_added_is_found);

  return g_test_run ();
}
