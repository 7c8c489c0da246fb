/* test-json.c: the JSON import and export of sales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/recurring-sales.h>

static GPtrArray *
load_sample (void)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "sample-sales.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *sales;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  sales = rs_json_parse_sales (contents, -1, NULL, &error);
  g_assert_no_error (error);
  return sales;
}

static void
test_sample_parses (void)
{
  g_autoptr(GPtrArray) sales = load_sample ();
  RsSale *acme;

  g_assert_cmpuint (sales->len, ==, 6);
  acme = g_ptr_array_index (sales, 0);
  g_assert_cmpstr (rs_sale_get_uid (acme), ==, "sample-acme-hosting");
  g_assert_cmpint (rs_sale_get_amount_minor (acme), ==, 12000);
  g_assert_cmpstr (rs_sale_get_iban (acme), ==, "GR1601101250000000012300695");
  g_assert_true (rs_sale_get_draft (acme));
  g_assert_cmpint (rs_sale_get_notice_days (acme), ==, 30);
  /* Defaults: 7 days before each invoice, 30 and 7 before the expiry, 7 before the notice. */
  g_assert_cmpuint (rs_sale_get_reminders (acme)->len, ==, 4);
  g_assert_cmpint (rs_sale_get_amount_minor (g_ptr_array_index (sales, 4)), ==, 98000);
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) sales = load_sample ();
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  RsSchedule schedule;
  GDate date;

  /* Everything that a round trip must carry: marks, anchors, links. */
  g_assert_true (rs_date_parse ("2026-02-28", "d", &date, NULL));
  rs_sale_set_occurrence_state (g_ptr_array_index (sales, 0), &date, RS_OCCURRENCE_PREPAID);
  schedule = *rs_sale_get_schedule (g_ptr_array_index (sales, 2));
  g_assert_true (rs_date_parse ("2027-02-28", "d", &schedule.start, NULL));
  g_assert_true (rs_period_parse ("1m", "p", &schedule.period, NULL));
  schedule.anchor_day = 31;
  rs_sale_set_schedule (g_ptr_array_index (sales, 2), &schedule);
  rs_sale_set_predecessor_uid (g_ptr_array_index (sales, 2), "older-sale");

  first = rs_json_write_sales (sales);
  again = rs_json_parse_sales (first, -1, NULL, &error);
  g_assert_no_error (error);
  second = rs_json_write_sales (again);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (rs_sale_get_schedule (g_ptr_array_index (again, 2))->anchor_day, ==, 31);
  g_assert_cmpint (rs_sale_get_occurrence_state (g_ptr_array_index (again, 0), &date), ==, RS_OCCURRENCE_PREPAID);
}

/* "delivery" is written only when the sale chose one, "language" only when set; both come back. */
static void
test_delivery_and_language_round_trip (void)
{
  g_autoptr(GPtrArray) sales = load_sample ();
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *untouched = rs_json_write_sales (sales);

  g_assert_null (strstr (untouched, "\"delivery\""));
  g_assert_null (strstr (untouched, "\"language\""));

  rs_sale_set_delivery (g_ptr_array_index (sales, 0), RS_DELIVERY_SEND);
  rs_sale_set_language (g_ptr_array_index (sales, 0), "el");
  rs_sale_set_delivery (g_ptr_array_index (sales, 1), RS_DELIVERY_OFF);
  rs_sale_set_language (g_ptr_array_index (sales, 2), "en");

  first = rs_json_write_sales (sales);
  g_assert_nonnull (strstr (first, "\"delivery\" : \"send\""));
  g_assert_nonnull (strstr (first, "\"language\" : \"el\""));
  g_assert_nonnull (strstr (first, "\"delivery\" : \"off\""));
  again = rs_json_parse_sales (first, -1, NULL, &error);
  g_assert_no_error (error);
  second = rs_json_write_sales (again);
  g_assert_cmpstr (first, ==, second);

  g_assert_cmpint (rs_sale_get_delivery (g_ptr_array_index (again, 0)), ==, RS_DELIVERY_SEND);
  g_assert_cmpstr (rs_sale_get_language (g_ptr_array_index (again, 0)), ==, "el");
  g_assert_cmpint (rs_sale_get_delivery (g_ptr_array_index (again, 1)), ==, RS_DELIVERY_OFF);
  g_assert_null (rs_sale_get_language (g_ptr_array_index (again, 1)));
  g_assert_cmpint (rs_sale_get_delivery (g_ptr_array_index (again, 2)), ==, RS_DELIVERY_DEFAULT);
  g_assert_cmpstr (rs_sale_get_language (g_ptr_array_index (again, 2)), ==, "en");
  g_assert_cmpint (rs_sale_get_delivery (g_ptr_array_index (again, 3)), ==, RS_DELIVERY_DEFAULT);
  g_assert_null (rs_sale_get_language (g_ptr_array_index (again, 3)));
}

static void
test_bad_documents (void)
{
  struct { const char *json; const char *message_part; } cases[] = {
    { "", "not an export" },
    { "{\"format\": ", "not valid JSON" },
    { "[1,2]", "not an export" },
    { "{\"format\":\"other\",\"sales\":[]}", "not an export" },
    { "{\"format\":\"evolution-recurring-sales\",\"version\":9,\"sales\":[]}", "newer version" },
    { "{\"format\":\"evolution-recurring-sales\",\"version\":\"1\",\"sales\":[]}", "“version”" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[1]}", "Sale 1: " },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\"}]}", "“service” is missing" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":12,"
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\"}]}", "“amount” must be text" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1.234\","
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\"}]}", "1.234" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\","
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-02-30\"}]}", "2027-02-30 is not a valid date" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\","
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\",\"bogus\":1}]}", "“bogus” is not known" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\","
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\",\"until\":\"2027-12-31\",\"count\":3}]}",
      "at most one" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\","
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\",\"reminders\":[{\"kind\":\"later\",\"lead_days\":1}]}]}",
      "“later”" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\","
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\",\"status\":\"gone\"}]}", "“gone”" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\","
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\",\"notice_days\":400}]}", "“notice_days”" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\","
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\",\"delivery\":\"smtp\"}]}",
      "“smtp” is not one of default, draft, send or off" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\","
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\",\"delivery\":true}]}",
      "“delivery” must be text" },
    { "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\","
      "\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\",\"language\":\"de\"}]}",
      "“de” has no reminder templates; use one of: el, en." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sales = rs_json_parse_sales (cases[i].json, -1, NULL, &error);

      g_assert_null (sales);
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].message_part) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message, cases[i].message_part);
    }
}

/* Two sales of one file under one uid are a mistake in the file, not a sale already there:
 * importing would otherwise keep one and drop the other (issue #13). */
static void
test_uid_twice_is_refused (void)
{
  const char *json =
    "{\"format\":\"evolution-recurring-sales\",\"sales\":["
    "{\"uid\":\"same\",\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\",\"currency\":\"EUR\","
    "\"period\":\"1m\",\"start\":\"2027-01-01\"},"
    "{\"uid\":\"other\",\"client\":\"B\",\"service\":\"S\",\"amount\":\"1\",\"currency\":\"EUR\","
    "\"period\":\"1m\",\"start\":\"2027-01-01\"},"
    "{\"uid\":\"same\",\"client\":\"C\",\"service\":\"S\",\"amount\":\"1\",\"currency\":\"EUR\","
    "\"period\":\"1m\",\"start\":\"2027-01-01\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = rs_json_parse_sales (json, -1, NULL, &error);

  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "Sale 3: The sale identifier “same” is already used by sale 1.");
}

static void
test_invalid_utf8_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = rs_json_parse_sales ("{\"format\":\"\xff\"}", -1, NULL, &error);

  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
}

static void
test_second_bad_sale_is_numbered (void)
{
  const char *json =
    "{\"format\":\"evolution-recurring-sales\",\"sales\":["
    "{\"client\":\"A\",\"service\":\"S\",\"amount\":\"1\",\"currency\":\"EUR\",\"period\":\"1m\",\"start\":\"2027-01-01\"},"
    "{\"client\":\"B\",\"service\":\"S\",\"amount\":\"1\",\"currency\":\"EURO\",\"period\":\"1m\",\"start\":\"2027-01-01\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = rs_json_parse_sales (json, -1, NULL, &error);

  g_assert_null (sales);
  g_assert_true (g_str_has_prefix (error->message, "Sale 2: "));
  g_assert_nonnull (strstr (error->message, "EURO"));
}

/* Found by tests/fuzz/fuzz-json: json-glib quotes the text it stumbled on, line breaks and
 * escape sequences included; the message reaches a terminal and a D-Bus string. */
static void
test_parser_message_is_clean (void)
{
  /* A key not followed by a colon: the message quotes it. */
  const char *json = "{\"x\n\x1b[31m\xc2\x85\" 1}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = rs_json_parse_sales (json, -1, NULL, &error);

  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message, "The data is not valid JSON: "));
  g_assert_nonnull (strstr (error->message, "x\xEF\xBF\xBD\xEF\xBF\xBD[31m\xEF\xBF\xBD\""));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
}

/* Found by tests/fuzz/fuzz-json: json-glib 1.6 keeps the first of several values and drops
 * (and leaks) the others, so two exports joined into one file imported only the first one's
 * sales. */
static void
test_several_values_are_refused (void)
{
#define EXPORT(client) \
  "{\"format\":\"evolution-recurring-sales\",\"sales\":[{\"client\":\"" client "\"," \
  "\"service\":\"S\",\"amount\":\"1\",\"currency\":\"EUR\",\"period\":\"1m\"," \
  "\"start\":\"2027-01-01\"}]}"
  const char *cases[] = {
    EXPORT ("A") "\n" EXPORT ("B") "\n",
    EXPORT ("A") "[]",
    EXPORT ("A") " / comment / " EXPORT ("B"),
    "1 " EXPORT ("A"),
    EXPORT ("A") " 5",
    /* What json-glib alone reads as a string or a comment could hide brackets from the scan
     * that finds the end of the export; no export holds either. */
    "{'format':'evolution-recurring-sales','sales':[]}",
    EXPORT ("A") "/*",
  };
#undef EXPORT

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) sales = rs_json_parse_sales (cases[i], -1, NULL, &error);

      g_test_message ("case %u", i);
      g_assert_null (sales);
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
    }
}

/* Found beside tests/fuzz/fuzz-json (its inputs of at most 4 KiB nest too little): json-glib
 * parses recursively without a limit, so deep nesting in a file of a few hundred kilobytes
 * crashed the service on its stack. */
static void
test_deep_nesting_is_refused (void)
{
  g_autoptr(GString) json = g_string_new ("{\"format\":\"evolution-recurring-sales\",\"sales\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (json, ']');
  g_string_append (json, "]}");

  sales = rs_json_parse_sales (json->str, (gssize) json->len, NULL, &error);
  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The JSON data is not an export of recurring sales.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/sample/parses-with-defaults", test_sample_parses);
  g_test_add_func ("/json/round-trip/keeps-everything", test_round_trip);
  g_test_add_func ("/json/round-trip/delivery-and-language", test_delivery_and_language_round_trip);
  g_test_add_func ("/json/refuses/bad-documents", test_bad_documents);
  g_test_add_func ("/json/refuses/invalid-utf8", test_invalid_utf8_is_refused);
  g_test_add_func ("/json/refuses/uid-twice", test_uid_twice_is_refused);
  g_test_add_func ("/json/refuses/names-the-sale", test_second_bad_sale_is_numbered);
  g_test_add_func ("/json/refuses/clean-parser-message", test_parser_message_is_clean);
  g_test_add_func ("/json/refuses/several-values", test_several_values_are_refused);
  g_test_add_func ("/json/refuses/deep-nesting", test_deep_nesting_is_refused);

  return g_test_run ();
}
