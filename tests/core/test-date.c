/* test-date.c: dates as people type them, and as files and D-Bus write them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The forms are given explicitly (the Greek one is "%d/%m/%Y"): these tests hold in any
 * locale. test-i18n.c checks that the Greek translation picks that form.
 */
#include "config.h"

#include <locale.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>

#define GREEK "%d/%m/%Y"
#define ISO   "%Y-%m-%d"

typedef struct
{
  const char *format;
  const char *text;
  const char *expected;
} TypedDate;

static void
test_local_accepts_the_shown_form_and_iso (void)
{
  static const TypedDate cases[] = {
    { GREEK, "30/03/2027", "2027-03-30" },
    { GREEK, "30/3/2027", "2027-03-30" },
    { GREEK, "5/3/2027", "2027-03-05" },
    { GREEK, "29/02/2028", "2028-02-29" },
    { GREEK, "2027-03-30", "2027-03-30" },
    { GREEK, "01/01/1900", "1900-01-01" },
    { ISO, "2027-03-30", "2027-03-30" },
    { ISO, "2027-3-5", "2027-03-05" },
    { GREEK, "2027-3-5", "2027-03-05" },
    /* Another language's form, for the rule rather than a translation we ship. */
    { "%d.%m.%Y", "30.3.2027", "2027-03-30" },
    { "%m/%d/%Y", "3/30/2027", "2027-03-30" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = NULL;
      GDate date;

      g_test_message ("“%s” as %s", cases[i].text, cases[i].format);
      g_assert_true (rs_date_parse_local (cases[i].text, "The start date", cases[i].format, &date,
                                          &error));
      g_assert_no_error (error);
      iso = rs_date_to_iso (&date);
      g_assert_cmpstr (iso, ==, cases[i].expected);
    }
}

typedef struct
{
  const char *format;
  const char *text;
  const char *message;
} RefusedDate;

static void
test_local_refuses_with_both_forms (void)
{
  static const RefusedDate cases[] = {
    /* Two-digit years could be any century; other separators are another language's. */
    { GREEK, "30/03/27",
      "The start date “30/03/27” is not a date; write it like 31/01/2027 or 2027-01-31." },
    { GREEK, "30.03.2027",
      "The start date “30.03.2027” is not a date; write it like 31/01/2027 or 2027-01-31." },
    { GREEK, "030/03/2027",
      "The start date “030/03/2027” is not a date; write it like 31/01/2027 or 2027-01-31." },
    { GREEK, "30/03/2027 ",
      "The start date “30/03/2027 ” is not a date; write it like 31/01/2027 or 2027-01-31." },
    { GREEK, "/03/2027",
      "The start date “/03/2027” is not a date; write it like 31/01/2027 or 2027-01-31." },
    { GREEK, "soon",
      "The start date “soon” is not a date; write it like 31/01/2027 or 2027-01-31." },
    { GREEK, "", "The start date is missing; write it like 31/01/2027 or 2027-01-31." },
    /* Days that do not exist, in either form. */
    { GREEK, "31/02/2027", "The start date 31/02/2027 is not a valid date." },
    { GREEK, "29/02/2027", "The start date 29/02/2027 is not a valid date." },
    { GREEK, "30/13/2027", "The start date 30/13/2027 is not a valid date." },
    { GREEK, "00/01/2027", "The start date 00/01/2027 is not a valid date." },
    { GREEK, "31/12/1899", "The start date 31/12/1899 is not a valid date." },
    { GREEK, "2027-02-30", "The start date 2027-02-30 is not a valid date." },
    { GREEK, "2027-0a-30",
      "The start date “2027-0a-30” is not a date; write it like 31/01/2027 or 2027-01-31." },
    /* English shows ISO 8601 only, and reads only it. */
    { ISO, "03/30/2027", "The start date “03/30/2027” is not a date; write it like 2027-01-31." },
    { ISO, "30/03/2027", "The start date “30/03/2027” is not a date; write it like 2027-01-31." },
    { ISO, "2027-03-30T00:00",
      "The start date “2027-03-30T00:00” is not a date; write it like 2027-01-31." },
    { ISO, "", "The start date is missing; write it like 2027-01-31." },
    /* A form that cannot be read back (month names) is neither read nor shown as an example. */
    { "%d %B %Y", "30 March 2027",
      "The start date “30 March 2027” is not a date; write it like 2027-01-31." },
    { "%d/%d/%Y", "30/03/2027",
      "The start date “30/03/2027” is not a date; write it like 2027-01-31." },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      g_test_message ("“%s” as %s", cases[i].text, cases[i].format);
      g_assert_false (rs_date_parse_local (cases[i].text, "The start date", cases[i].format,
                                           &date, &error));
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* In English (and the C locale) the form shown is ISO 8601: a date is read only that way. */
static void
test_local_follows_the_shown_form (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  GDate date;

  g_assert_true (rs_date_parse_local ("2027-03-30", "The start date", NULL, &date, &error));
  g_assert_no_error (error);
  shown = rs_date_to_local (&date);
  g_assert_cmpstr (shown, ==, "2027-03-30");

  g_assert_false (rs_date_parse_local ("30/03/2027", "The start date", NULL, &date, &error));
  g_assert_cmpstr (error->message, ==,
                   "The start date “30/03/2027” is not a date; write it like 2027-01-31.");
}

/* Every day of the years people use, written the Greek way, reads back as itself. */
static void
test_local_round_trips (void)
{
  GDate date, again;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2024);
  for (guint i = 0; i < 4 * 366; i++, g_date_add_days (&date, 1))
    {
      char text[16];

      g_date_strftime (text, sizeof text, GREEK, &date);
      g_assert_true (rs_date_parse_local (text, "day", GREEK, &again, NULL));
      g_assert_cmpint (g_date_compare (&date, &again), ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/local/accepts-the-shown-form-and-iso",
                   test_local_accepts_the_shown_form_and_iso);
  g_test_add_func ("/date/local/refuses-with-both-forms", test_local_refuses_with_both_forms);
  g_test_add_func ("/date/local/follows-the-shown-form", test_local_follows_the_shown_form);
  g_test_add_func ("/date/local/round-trips", test_local_round_trips);

  return g_test_run ();
}
