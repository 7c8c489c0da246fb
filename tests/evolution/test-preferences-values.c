/* test-preferences-values.c: the Preferences page's text fields as GSettings values, without
 * a display
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "rs-preferences-values.h"
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-format.h>

static void
assert_lead_days (const char    *text,
                  const guint32 *expected,
                  gsize          n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = rs_preferences_parse_lead_days (text, &error);
  const guint32 *days;
  gsize n_days = 0;

  g_test_message ("“%s”", text);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  g_variant_ref_sink (value);
  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE ("au")));
  days = g_variant_get_fixed_array (value, &n_days, sizeof (guint32));
  g_assert_cmpmem (days, n_days * sizeof (guint32), expected, n_expected * sizeof (guint32));
}

static void
assert_lead_days_refused (const char *text,
                          const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = rs_preferences_parse_lead_days (text, &error);

  g_test_message ("“%s”", text);
  g_assert_null (value);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_lead_days_read_as_people_type_them (void)
{
  assert_lead_days ("30, 7", (guint32[]) { 30, 7 }, 2);
  assert_lead_days ("30,7", (guint32[]) { 30, 7 }, 2);
  assert_lead_days (" 90 ,30, 7 ", (guint32[]) { 90, 30, 7 }, 3);
  assert_lead_days ("0", (guint32[]) { 0 }, 1);
  assert_lead_days ("366", (guint32[]) { 366 }, 1);
  /* An empty field: no reminder of that kind. */
  assert_lead_days ("", NULL, 0);
  assert_lead_days ("   ", NULL, 0);
}

static void
test_lead_days_refused_with_the_reason (void)
{
  const char *numbers = "Give whole numbers of days from 0 to 366, separated by commas, like 30, 7.";

  assert_lead_days_refused ("367", numbers);
  assert_lead_days_refused ("-1", numbers);
  assert_lead_days_refused ("7 days", numbers);
  assert_lead_days_refused ("30,", numbers);
  assert_lead_days_refused ("3.5", numbers);
  assert_lead_days_refused ("30; 7", numbers);
  assert_lead_days_refused ("7, 30, 7", "7 is given twice; give each day once.");
  assert_lead_days_refused ("1,2,3,4,5,6,7,8,9,10,11", "Give at most 10 days.");
  /* Ten is the most a new sale takes for one kind. */
  assert_lead_days ("1,2,3,4,5,6,7,8,9,10", (guint32[]) { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 10);
}

static void
test_lead_days_formatted_back (void)
{
  g_autoptr(GVariant) days = g_variant_ref_sink (
    g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, (guint32[]) { 90, 30, 7 }, 3,
                               sizeof (guint32)));
  g_autoptr(GVariant) none = g_variant_ref_sink (
    g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, NULL, 0, sizeof (guint32)));
  g_autofree char *text = rs_preferences_format_lead_days (days);
  g_autofree char *empty = rs_preferences_format_lead_days (none);
  g_autoptr(GVariant) again = rs_preferences_parse_lead_days (text, NULL);

  g_assert_cmpstr (text, ==, "90, 30, 7");
  g_assert_cmpstr (empty, ==, "");
  g_assert_true (g_variant_equal (g_variant_ref_sink (again), days));
}

static void
test_time_of_day (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = rs_preferences_parse_time (" 08:30 ", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (g_variant_get_string (g_variant_ref_sink (value), NULL), ==, "08:30");

  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "24:00", "9", "09:60", "" };
      g_autoptr(GError) refused = NULL;

      g_assert_null (rs_preferences_parse_time (bad[i], &refused));
      g_assert_error (refused, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      /* The core's own sentence, as `recurring-sales settings` says it. */
      g_assert_nonnull (strstr (refused->message, "write it as HH:MM, like 09:00"));
    }
}

static void
test_business_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = rs_preferences_parse_business_name ("  Παπαδοπούλου Web Studio ", &error);
  g_autofree char *long_name = g_strnfill (201, 'a');
  g_autofree char *longest = g_strnfill (200, 'a');
  g_autoptr(GVariant) longest_value = rs_preferences_parse_business_name (longest, NULL);
  g_autoptr(GVariant) empty = rs_preferences_parse_business_name ("", NULL);
  g_autoptr(GError) two_lines = NULL;
  g_autoptr(GError) too_long = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (g_variant_get_string (g_variant_ref_sink (value), NULL), ==,
                   "Παπαδοπούλου Web Studio");
  g_assert_nonnull (longest_value);
  g_variant_ref_sink (longest_value);
  /* Empty: the mail identity's organization signs instead. */
  g_assert_cmpstr (g_variant_get_string (g_variant_ref_sink (empty), NULL), ==, "");

  g_assert_null (rs_preferences_parse_business_name ("Web\nStudio", &two_lines));
  g_assert_cmpstr (two_lines->message, ==,
                   "The business name must be one line, without tabs or other control characters.");
  g_assert_null (rs_preferences_parse_business_name (long_name, &too_long));
  g_assert_cmpstr (too_long->message, ==, "The business name is longer than 200 characters.");
}

/* team-addresses: each checked as `recurring-sales settings team-addresses` checks it. */
static void
test_team_addresses (void)
{
  g_autoptr(GVariant) two = rs_preferences_parse_addresses (" anna@example.gr,nikos@example.gr ",
                                                            NULL);
  g_autoptr(GVariant) none = rs_preferences_parse_addresses ("  ", NULL);
  g_autoptr(GError) bad = NULL;
  g_autoptr(GError) too_many = NULL;
  g_autoptr(GString) many = g_string_new (NULL);
  g_autofree const char **strv = NULL;
  g_autofree char *shown = NULL;

  g_assert_nonnull (two);
  g_variant_ref_sink (two);
  g_assert_true (g_variant_is_of_type (two, G_VARIANT_TYPE_STRING_ARRAY));
  strv = g_variant_get_strv (two, NULL);
  g_assert_cmpuint (g_strv_length ((char **) strv), ==, 2);
  g_assert_cmpstr (strv[0], ==, "anna@example.gr");
  g_assert_cmpstr (strv[1], ==, "nikos@example.gr");
  shown = rs_preferences_format_addresses (two);
  g_assert_cmpstr (shown, ==, "anna@example.gr, nikos@example.gr");

  /* An empty field: no team. */
  g_assert_cmpuint (g_variant_n_children (g_variant_ref_sink (none)), ==, 0);

  g_assert_null (rs_preferences_parse_addresses ("anna@example.gr, nikos", &bad));
  g_assert_error (bad, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (bad->message, ==, "The e-mail address “nikos” must contain exactly one “@”.");

  for (guint i = 0; i < 21; i++)
    g_string_append_printf (many, "%sp%u@example.gr", i > 0 ? ", " : "", i);
  g_assert_null (rs_preferences_parse_addresses (many->str, &too_many));
  g_assert_nonnull (too_many);
}

/* elorus-sync-interval: seconds shown as minutes, never 0 ("off") for a few seconds. */
static void
test_seconds_to_minutes (void)
{
  g_assert_cmpuint (rs_preferences_seconds_to_minutes (0), ==, 0);
  g_assert_cmpuint (rs_preferences_seconds_to_minutes (30), ==, 1);
  g_assert_cmpuint (rs_preferences_seconds_to_minutes (600), ==, 10);
  g_assert_cmpuint (rs_preferences_seconds_to_minutes (21600), ==, 360);
  g_assert_cmpuint (rs_preferences_seconds_to_minutes (604800), ==, 10080);
}

/* The sentences next to the fields are in the user's language. */
static void
test_sentences_in_greek (void)
{
  g_autoptr(GError) error = NULL;

  if (setlocale (LC_ALL, "el_GR.UTF-8") == NULL)
    {
      g_test_skip ("the el_GR.UTF-8 locale is not generated");
      return;
    }
  g_setenv ("LANGUAGE", "el", TRUE);

  g_assert_null (rs_preferences_parse_lead_days ("7, 7", &error));
  g_assert_cmpstr (error->message, ==, "Το 7 δίνεται δύο φορές· δώστε κάθε ημέρα μία φορά.");

  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  rs_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preferences/lead-days/read-as-people-type-them", test_lead_days_read_as_people_type_them);
  g_test_add_func ("/preferences/lead-days/refused-with-the-reason", test_lead_days_refused_with_the_reason);
  g_test_add_func ("/preferences/lead-days/formatted-back", test_lead_days_formatted_back);
  g_test_add_func ("/preferences/reminder-time", test_time_of_day);
  g_test_add_func ("/preferences/business-name", test_business_name);
  g_test_add_func ("/preferences/team-addresses", test_team_addresses);
  g_test_add_func ("/preferences/elorus-sync-minutes", test_seconds_to_minutes);
  g_test_add_func ("/preferences/sentences-in-greek", test_sentences_in_greek);

  return g_test_run ();
}
