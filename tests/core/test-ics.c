/* test-ics.c: the iCalendar export that carries its sales, and its import (issue #16)
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
  GDate date;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  sales = rs_json_parse_sales (contents, -1, NULL, &error);
  g_assert_no_error (error);

  /* What the events cannot say, and text that iCalendar escapes. */
  g_assert_true (rs_date_parse ("2026-02-28", "d", &date, NULL));
  rs_sale_set_occurrence_state (g_ptr_array_index (sales, 0), &date, RS_OCCURRENCE_PREPAID);
  rs_sale_set_note (g_ptr_array_index (sales, 1),
                    "Τιμή; ανά τρίμηνο, \"με ΦΠΑ\" \\ 24%\nδεύτερη γραμμή");
  rs_sale_set_created (g_ptr_array_index (sales, 1), 1790000000);
  rs_sale_set_updated (g_ptr_array_index (sales, 1), 1790000100);
  return sales;
}

/* Without its X-RECURRING-SALE-DATA lines (and their folded continuations), the file is the
 * calendar the service exports: the data is added, nothing else changes. */
static char *
without_data (const char *ics)
{
  g_auto(GStrv) lines = g_strsplit (ics, "\r\n", -1);
  GString *out = g_string_new (NULL);
  gboolean in_data = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], RS_X_SALE_DATA ":"))
        in_data = TRUE;
      else if (!(in_data && (lines[i][0] == ' ' || lines[i][0] == '\t')))
        in_data = FALSE;
      if (in_data)
        continue;
      if (out->len > 0)
        g_string_append (out, "\r\n");
      g_string_append (out, lines[i]);
    }

  return g_string_free (out, FALSE);
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) sales = load_sample ();
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = rs_ics_write_sales (sales);
  g_autofree char *events = rs_projection_export_ics (sales);
  g_autofree char *stripped = without_data (ics);
  g_autofree char *first = rs_json_write_sales (sales);
  g_autofree char *second = NULL;
  guint n_data = 0;

  for (const char *p = strstr (ics, RS_X_SALE_DATA ":"); p != NULL;
       p = strstr (p + 1, RS_X_SALE_DATA ":"))
    n_data++;
  g_assert_cmpuint (n_data, ==, sales->len);
  g_assert_cmpstr (stripped, ==, events);

  again = rs_ics_parse_sales (ics, strlen (ics), NULL, &error);
  g_assert_no_error (error);
  second = rs_json_write_sales (again);
  g_assert_cmpstr (second, ==, first);
}

static void
assert_refused (const char *ics,
                const char *sentence)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = rs_ics_parse_sales (ics, strlen (ics), NULL, &error);

  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, sentence) == NULL)
    g_error ("“%s” does not say “%s”", error->message, sentence);
}

static void
test_refusals (void)
{
  static const char other[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\n"
    "BEGIN:VEVENT\r\nUID:1@other\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270101\r\n"
    "SUMMARY:Invoice Acme\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  static const char empty[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nEND:VCALENDAR\r\n";
  const char *not_ours = "was not written by “recurring-sales export --format ics”";
  g_autoptr(GPtrArray) sales = load_sample ();
  g_autofree char *events = rs_projection_export_ics (sales);
  g_autofree char *ics = rs_ics_write_sales (sales);
  g_autofree char *mixed = NULL;
  g_autofree char *swapped = NULL;
  g_autofree char *twice = NULL;
  char *end;

  assert_refused (other, not_ours);
  assert_refused ("client,service\nAcme,Hosting\n", not_ours);
  assert_refused ("", not_ours);
  assert_refused (empty, "no events");
  /* The service's own calendar without the data: the events alone cannot give a sale back. */
  assert_refused (events, not_ours);

  /* Another program's event among ours. */
  end = strstr (ics, "END:VCALENDAR");
  g_assert_nonnull (end);
  mixed = g_strdup_printf ("%.*s%s", (int) (end - ics), ics, strstr (other, "BEGIN:VEVENT"));
  assert_refused (mixed, not_ours);

  /* The data of one sale on the events of another. */
  swapped = g_strdup (ics);
  {
    char *data = strstr (swapped, "sample-acme-hosting");

    g_assert_nonnull (data);
    data = strstr (data + 1, RS_X_SALE_DATA);
    g_assert_nonnull (data);
    data = strstr (data, "sample-acme-hosting");
    g_assert_nonnull (data);
    memcpy (data, "sample-acme-hostinx", strlen ("sample-acme-hostinx"));
  }
  assert_refused (swapped, "carry the data of another sale");

  /* A calendar of the same sales twice. */
  twice = g_strdup_printf ("%.*s%s", (int) (end - ics), ics, strstr (ics, "BEGIN:VEVENT"));
  assert_refused (twice, "is twice in the calendar");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ics/round-trip/every-sale-back", test_round_trip);
  g_test_add_func ("/ics/refuses/calendars-not-ours", test_refusals);

  return g_test_run ();
}
