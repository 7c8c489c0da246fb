/* test-backend-query.c: what the calendar answers — lists, instances, objects, refusals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Through ECalClient against a real calendar factory with the backend loaded. What the
 * calendar must show is computed in the test from the sale (GetSale) with the schedule engine
 * and the projection, so every expectation is the engine's, not the backend's.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "eds-test-util.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-projection.h>
#include <recurring-sales/rs-schedule.h>
#include "rs-test-sales.h"
#include "rs-test-util.h"

static EdsTest eds;
static ECalClient *client;

/* Helpers */

/* The calendar's components for @sexp, keyed like eds_test_projection_by_id (). */
static GHashTable *
list_by_key (const char *sexp)
{
  GHashTable *by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  GSList *objects = NULL;

  e_cal_client_get_object_list_sync (client, sexp, &objects, NULL, &error);
  g_assert_no_error (error);
  for (GSList *link = objects; link != NULL; link = link->next)
    {
      char *key = eds_test_component_key (link->data);

      g_assert_false (g_hash_table_contains (by_key, key));
      g_hash_table_insert (by_key, key, i_cal_component_as_ical_string (link->data));
    }
  g_slist_free_full (objects, g_object_unref);
  return by_key;
}

/* @expected_text after a round trip through the parser, as the client sees it. */
static char *
normalized (const char *text)
{
  g_autoptr(ICalComponent) component = i_cal_component_new_from_string (text);

  g_assert_nonnull (component);
  return i_cal_component_as_ical_string (component);
}

static void
assert_same_component (const char *actual,
                       const char *expected)
{
  g_autofree char *expected_normalized = normalized (expected);

  g_assert_cmpstr (actual, ==, expected_normalized);
}

/* The engine's answer to "which components of @sale occur in [@from, @to]": keys → text. */
static void
expect_in_window (GHashTable  *expected,
                  RsSale      *sale,
                  const GDate *from,
                  const GDate *to)
{
  g_autoptr(GHashTable) projection = eds_test_projection_by_id (sale);
  g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (GDate));
  g_autofree char *invoice = eds_test_component_uid (sale, RS_REMINDER_KIND_INVOICE);
  g_autofree char *expiry = eds_test_component_uid (sale, RS_REMINDER_KIND_EXPIRY);
  g_autofree char *notice = eds_test_component_uid (sale, RS_REMINDER_KIND_NOTICE);
  GDate date;

  rs_schedule_collect_issue_dates (rs_sale_get_schedule (sale), from, to, dates);
  for (guint i = 0; i < dates->len; i++)
    {
      const GDate *issue = &g_array_index (dates, GDate, i);
      RsOccurrenceState state = rs_sale_get_occurrence_state (sale, issue);
      char rid[11];

      /* A skipped occurrence is an EXDATE of the series; an issued or prepaid one is a
       * detached instance of its own, which the calendar's series excludes too. */
      if (state == RS_OCCURRENCE_OPEN)
        g_hash_table_insert (expected, g_strdup (invoice),
                             g_strdup (g_hash_table_lookup (projection, invoice)));
      if (state == RS_OCCURRENCE_ISSUED || state == RS_OCCURRENCE_PREPAID)
        {
          g_autofree char *key = NULL;

          g_date_strftime (rid, sizeof rid, "%Y%m%d", issue);
          key = g_strdup_printf ("%s@%s", invoice, rid);
          g_hash_table_insert (expected, g_strdup (key),
                               g_strdup (g_hash_table_lookup (projection, key)));
        }
    }

  if (rs_schedule_expiry_date (rs_sale_get_schedule (sale), &date) &&
      rs_test_date_in (&date, from, to))
    g_hash_table_insert (expected, g_strdup (expiry),
                         g_strdup (g_hash_table_lookup (projection, expiry)));
  if (rs_sale_get_notice_deadline (sale, &date) && rs_test_date_in (&date, from, to))
    g_hash_table_insert (expected, g_strdup (notice),
                         g_strdup (g_hash_table_lookup (projection, notice)));
}

static void
assert_same_set (GHashTable *actual,
                 GHashTable *expected)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *text = g_hash_table_lookup (actual, key);

      if (text == NULL)
        g_error ("The calendar is missing %s", (const char *) key);
      g_assert_nonnull (value);
      assert_same_component (text, value);
    }

  g_hash_table_iter_init (&iter, actual);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (expected, key))
      g_error ("The calendar shows %s, which it should not", (const char *) key);
}

static char *
add_and_get (const char  *client_name,
             const char  *period,
             const char  *start,
             const char  *extra,
             GPtrArray   *sales)
{
  char *uid = eds_test_add_sale (&eds, eds_test_sale_dict (client_name, period, start, extra));

  if (sales != NULL)
    g_ptr_array_add (sales, eds_test_get_sale (&eds, uid));
  return uid;
}

static char *
window_sexp (const char *from_iso,
             const char *to_exclusive_iso,
             const char *zone)
{
  GDate from = rs_test_date (from_iso), to = rs_test_date (to_exclusive_iso);
  g_autofree char *from_time = eds_test_make_time (&from);
  g_autofree char *to_time = eds_test_make_time (&to);

  if (zone != NULL)
    return g_strdup_printf ("(occur-in-time-range? (make-time \"%s\") (make-time \"%s\") \"%s\")",
                            from_time, to_time, zone);
  return g_strdup_printf ("(occur-in-time-range? (make-time \"%s\") (make-time \"%s\"))",
                          from_time, to_time);
}

/* The month's sales: month ends, a leap day, an expiry and a notice deadline in the month,
 * two-weekly with a count, marks (issued → detached instance, skipped → EXDATE), and sales
 * that only touch the month's edges. Added once, shared by the tests below. */
static GPtrArray *february_sales;
static char *february_issued_uid;

static void
add_february_sales (void)
{
  february_sales = g_ptr_array_new_with_free_func (g_object_unref);

  g_free (add_and_get ("Acme", "1m", "2027-01-31", "{'term': <'1y'>, 'notice_days': <@u 30>}",
                       february_sales));
  g_free (add_and_get ("Beta", "3m", "2026-11-30", "{'draft': <false>}", february_sales));
  g_free (add_and_get ("Gamma", "1y", "2024-02-29", NULL, february_sales));
  g_free (add_and_get ("Delta", "1m", "2026-03-01",
                       "{'until': <'2027-02-14'>, 'notice_days': <@u 10>}", february_sales));
  g_free (add_and_get ("Epsilon", "2w", "2027-01-04", "{'count': <@u 3>}", february_sales));
  g_free (add_and_get ("Zeta", "1m", "2027-03-15", NULL, february_sales));
  february_issued_uid = add_and_get ("Eta", "1m", "2026-01-10",
                                     "{'draft': <true>, "
                                     "'occurrences': <{'2027-02-10': 'issued', "
                                     "'2026-02-10': 'prepaid'}>}",
                                     february_sales);
  g_free (add_and_get ("Theta", "1m", "2026-01-20", "{'occurrences': <{'2027-02-20': 'skipped'}>}",
                       february_sales));
  g_free (add_and_get ("Iota", "1y", "2025-06-01", "{'term': <'2y'>, 'notice_days': <@u 120>}",
                       february_sales));
  g_free (add_and_get ("Kappa", "1m", "2027-01-01", "{'until': <'2027-01-31'>}", february_sales));
}

static void
wait_for_revision (void)
{
  eds_test_wait_for_client (&eds, client);
}

/* Tests */

static gboolean
capabilities_known (gpointer user_data)
{
  return e_client_get_capabilities (E_CLIENT (client)) != NULL;
}

static void
test_open_capabilities (void)
{
  const char *expected[] = {
    "no-email-alarms", "no-procedure-alarms", "no-audio-alarms", "no-alarm-repeat",
    "no-alarm-after-start", "alarm-description", "no-thisandfuture", "no-thisandprior",
    "no-conv-to-assign-task", "no-conv-to-recur", "no-organizer", "refresh-supported",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *capabilities = NULL;
  g_auto(GStrv) listed = NULL;
  g_autofree char *revision = NULL;

  /* The default calendar, named in English here (the registry runs in C.UTF-8). */
  g_assert_cmpstr (e_source_get_display_name (e_client_get_source (E_CLIENT (client))), ==,
                   "Recurring Sales");
  g_assert_true (e_client_is_readonly (E_CLIENT (client)));

  /* ECalClient caches the capabilities from a D-Bus property that arrives in its main
   * context after the open. */
  g_assert_true (rs_test_wait_until (capabilities_known, NULL, EDS_TEST_TIMEOUT_MS));
  e_client_get_backend_property_sync (E_CLIENT (client), CLIENT_BACKEND_PROPERTY_CAPABILITIES,
                                      &capabilities, NULL, &error);
  g_assert_no_error (error);
  listed = g_strsplit (capabilities, ",", -1);
  g_assert_cmpuint (g_strv_length (listed), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_strv_contains ((const char * const *) listed, expected[i]));

  /* The backend's revision is the store's (once the month's sales have arrived). */
  wait_for_revision ();
  e_client_get_backend_property_sync (E_CLIENT (client), CLIENT_BACKEND_PROPERTY_REVISION,
                                      &revision, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_ascii_strtoull (revision, NULL, 10), ==, eds_test_service_revision (&eds));
}

static void
test_month_list (void)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) actual = NULL;
  g_autofree char *sexp = window_sexp ("2027-02-01", "2027-03-01", NULL);
  GDate from = rs_test_date ("2027-02-01"), to = rs_test_date ("2027-02-28");

  wait_for_revision ();
  for (guint i = 0; i < february_sales->len; i++)
    expect_in_window (expected, g_ptr_array_index (february_sales, i), &from, &to);

  /* The engine's answer, spelled out once: A, B, C, D (+expiry, notice), E (+expiry), G's
   * issued occurrence (not its series: that date is the instance's); H's only February date
   * is skipped; the rest are outside. */
  g_assert_cmpuint (g_hash_table_size (expected), ==, 9);

  actual = list_by_key (sexp);
  assert_same_set (actual, expected);
}

static void
test_sexp_forms (void)
{
  RsSale *acme = g_ptr_array_index (february_sales, 0);
  g_autofree char *invoice = eds_test_component_uid (acme, RS_REMINDER_KIND_INVOICE);
  g_autofree char *uid_sexp = g_strdup_printf ("(uid? \"%s\")", invoice);
  g_autofree char *window = window_sexp ("2027-02-01", "2027-03-01", "Europe/Athens");
  g_autofree char *negated = NULL;
  g_autofree char *combined = NULL;
  g_autoptr(GHashTable) everything = list_by_key ("#t");
  g_autoptr(GHashTable) by_uid = list_by_key (uid_sexp);
  g_autoptr(GHashTable) in_window = list_by_key (window);
  g_autoptr(GHashTable) outside = NULL;
  g_autoptr(GHashTable) acme_in_window = NULL;
  g_autoptr(GHashTable) by_summary = list_by_key ("(contains? \"summary\" \"Epsilon\")");
  g_autoptr(GError) error = NULL;
  GSList *objects = NULL;
  g_autoptr(GHashTable) all_expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             g_free);
  GHashTableIter iter;
  gpointer key, value;

  /* Every component once: the series, detached instances, expiries and notice deadlines. */
  for (guint i = 0; i < february_sales->len; i++)
    {
      g_autoptr(GHashTable) projection = eds_test_projection_by_id (february_sales->pdata[i]);

      g_hash_table_iter_init (&iter, projection);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (all_expected, g_strdup (key), g_strdup (value));
    }
  g_assert_cmpuint (g_hash_table_size (all_expected), ==, 20);
  assert_same_set (everything, all_expected);

  g_assert_cmpuint (g_hash_table_size (by_uid), ==, 1);
  g_assert_true (g_hash_table_contains (by_uid, invoice));

  /* (uid? …) ignores case (e_util_utf8_strstrcase ()): the backend's uid index too. */
  {
    g_autofree char *upper = g_ascii_strup (invoice, -1);
    g_autofree char *upper_sexp = g_strdup_printf ("(or (uid? \"%s\") (uid? \"none\"))", upper);
    g_autoptr(GHashTable) by_upper_uid = list_by_key (upper_sexp);

    g_assert_cmpuint (g_hash_table_size (by_upper_uid), ==, 1);
    g_assert_true (g_hash_table_contains (by_upper_uid, invoice));
  }

  /* Epsilon's series and its expiry ("Expires: Hosting for Epsilon"). */
  g_assert_cmpuint (g_hash_table_size (by_summary), ==, 2);

  /* With the zone Evolution sends, all-day events still fall on their own days. */
  g_assert_cmpuint (g_hash_table_size (in_window), ==, 9);

  /* A query without a time window (not …) sees everything the window does not. */
  negated = g_strdup_printf ("(not %s)", window);
  outside = list_by_key (negated);
  g_assert_cmpuint (g_hash_table_size (outside) + g_hash_table_size (in_window), ==,
                    g_hash_table_size (everything));
  g_hash_table_iter_init (&iter, in_window);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_false (g_hash_table_contains (outside, key));

  combined = g_strdup_printf ("(and %s (contains? \"any\" \"Acme\"))", window);
  acme_in_window = list_by_key (combined);
  g_assert_cmpuint (g_hash_table_size (acme_in_window), ==, 1);
  g_assert_true (g_hash_table_contains (acme_in_window, invoice));

  e_cal_client_get_object_list_sync (client, "(this is not", &objects, NULL, &error);
  g_assert_error (error, E_CLIENT_ERROR, E_CLIENT_ERROR_INVALID_QUERY);
}

static char *
alarm_window_sexp (GDateTime *around,
                   int        from_seconds,
                   int        to_seconds)
{
  g_autoptr(GDateTime) from = g_date_time_add_seconds (around, from_seconds);
  g_autoptr(GDateTime) to = g_date_time_add_seconds (around, to_seconds);
  g_autoptr(GDateTime) from_utc = g_date_time_to_utc (from);
  g_autoptr(GDateTime) to_utc = g_date_time_to_utc (to);
  g_autofree char *from_text = g_date_time_format (from_utc, "%Y%m%dT%H%M%SZ");
  g_autofree char *to_text = g_date_time_format (to_utc, "%Y%m%dT%H%M%SZ");

  return g_strdup_printf ("(has-alarms-in-range? (make-time \"%s\") (make-time \"%s\"))",
                          from_text, to_text);
}

static void
test_alarm_query (void)
{
  /* Delta and Epsilon expire on 2027-02-14, with reminders 30 and 7 days before at 09:00:
   * 2027-01-15 and 2027-02-07. Nothing else of the month's sales reminds on 2027-01-15 (the
   * nearest: Delta's notice deadline on 2027-01-28, invoices on the 24th–27th). */
  RsSale *delta = g_ptr_array_index (february_sales, 3);
  RsSale *epsilon = g_ptr_array_index (february_sales, 4);
  g_autofree char *delta_expiry = eds_test_component_uid (delta, RS_REMINDER_KIND_EXPIRY);
  g_autofree char *epsilon_expiry = eds_test_component_uid (epsilon, RS_REMINDER_KIND_EXPIRY);
  g_autoptr(GHashTable) projection = eds_test_projection_by_id (delta);
  g_autoptr(GHashTable) actual = NULL;
  g_autoptr(GHashTable) outside = NULL;
  g_autoptr(GDateTime) nine = NULL;
  g_autofree char *sexp = NULL;

  /* 08:00 to 10:00 in the user's zone (TZ, as the calendar factory sees it), as UTC. */
  nine = g_date_time_new_local (2027, 1, 15, 9, 0, 0);
  sexp = alarm_window_sexp (nine, -3600, 3600);
  actual = list_by_key (sexp);
  g_assert_cmpuint (g_hash_table_size (actual), ==, 2);
  g_assert_true (g_hash_table_contains (actual, epsilon_expiry));
  assert_same_component (g_hash_table_lookup (actual, delta_expiry),
                         g_hash_table_lookup (projection, delta_expiry));

  /* An hour later, nothing: the reminders are at 09:00 local, not 09:00 UTC. */
  g_clear_pointer (&sexp, g_free);
  sexp = alarm_window_sexp (nine, 3600, 2 * 3600);
  outside = list_by_key (sexp);
  g_assert_cmpuint (g_hash_table_size (outside), ==, 0);
}

static void
assert_same_keys (GHashTable *actual,
                  GHashTable *expected,
                  const char *sexp)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (actual, key))
      g_error ("%s: the time window lost %s", sexp, (const char *) key);
  g_assert_cmpuint (g_hash_table_size (actual), ==, g_hash_table_size (expected));
}

/* The backend's time-window pre-filter only saves work: a query must answer the same as the
 * same query evaluated on every component, which (or … (uid? …)) forces (a window under an
 * "or" with anything else is no window, e-sexp.c), and the same as EDS's matcher on every
 * component, which (or … (= 1 2)) forces (the backend decides nothing of a query with a
 * comparison in it). Every day of two months, both kinds. */
static void
test_prefilter_loses_nothing (void)
{
  GDate day = rs_test_date ("2026-12-20");
  guint n_found = 0;

  wait_for_revision ();
  for (guint i = 0; i < 75; i++, g_date_add_days (&day, 1))
    {
      static const char *kinds[] = { "occur-in-time-range?", "has-alarms-in-range?" };
      GDate next = day;
      g_autofree char *from = eds_test_make_time (&day);
      g_autofree char *to = NULL;

      g_date_add_days (&next, 1);
      to = eds_test_make_time (&next);
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          g_autofree char *sexp = g_strdup_printf ("(%s (make-time \"%s\") (make-time \"%s\"))",
                                                   kinds[k], from, to);
          g_autofree char *unfiltered = g_strdup_printf ("(or %s (uid? \"none\"))", sexp);
          g_autofree char *eds_only = g_strdup_printf ("(or %s (= 1 2))", sexp);
          g_autoptr(GHashTable) fast = list_by_key (sexp);
          g_autoptr(GHashTable) full = list_by_key (unfiltered);
          g_autoptr(GHashTable) by_eds = list_by_key (eds_only);

          assert_same_keys (fast, full, sexp);
          assert_same_keys (fast, by_eds, sexp);
          n_found += g_hash_table_size (fast);
        }
    }

  /* Not a vacuous comparison. */
  g_assert_cmpuint (n_found, >, 30);
}

static gboolean
collect_instance (ICalComponent  *component,
                  ICalTime       *instance_start,
                  ICalTime       *instance_end,
                  gpointer        user_data,
                  GCancellable   *cancellable,
                  GError        **error)
{
  GHashTable *by_uid = user_data;
  GPtrArray *dates = g_hash_table_lookup (by_uid, i_cal_component_get_uid (component));

  if (dates == NULL)
    {
      dates = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (by_uid, g_strdup (i_cal_component_get_uid (component)), dates);
    }
  g_assert_true (i_cal_time_is_date (instance_start));
  g_ptr_array_add (dates, g_strdup_printf ("%04d-%02d-%02d", i_cal_time_get_year (instance_start),
                                           i_cal_time_get_month (instance_start),
                                           i_cal_time_get_day (instance_start)));
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
expect_dates (GHashTable     *expected,
              RsSale         *sale,
              RsReminderKind  kind,
              GPtrArray      *dates)
{
  if (dates->len == 0)
    {
      g_ptr_array_unref (dates);
      return;
    }
  g_hash_table_insert (expected, rs_projection_component_uid (rs_sale_get_uid (sale), kind), dates);
}

/* What the engine says each component's dates in [@from, @to] are. */
static void
expect_sale_dates (GHashTable  *expected,
                   RsSale      *sale,
                   const GDate *from,
                   const GDate *to)
{
  g_autoptr(GArray) issues = g_array_new (FALSE, FALSE, sizeof (GDate));
  GPtrArray *invoices = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *expiry = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *notice = g_ptr_array_new_with_free_func (g_free);
  GDate date;

  rs_schedule_collect_issue_dates (rs_sale_get_schedule (sale), from, to, issues);
  for (guint d = 0; d < issues->len; d++)
    if (rs_sale_get_occurrence_state (sale, &g_array_index (issues, GDate, d)) !=
        RS_OCCURRENCE_SKIPPED)
      g_ptr_array_add (invoices, rs_date_to_iso (&g_array_index (issues, GDate, d)));
  if (rs_schedule_expiry_date (rs_sale_get_schedule (sale), &date) &&
      rs_test_date_in (&date, from, to))
    g_ptr_array_add (expiry, rs_date_to_iso (&date));
  if (rs_sale_get_notice_deadline (sale, &date) && rs_test_date_in (&date, from, to))
    g_ptr_array_add (notice, rs_date_to_iso (&date));

  expect_dates (expected, sale, RS_REMINDER_KIND_INVOICE, invoices);
  expect_dates (expected, sale, RS_REMINDER_KIND_EXPIRY, expiry);
  expect_dates (expected, sale, RS_REMINDER_KIND_NOTICE, notice);
}

/* Replaces @sales[@index] by the stored sale as it is now. */
static void
reload_sale (GPtrArray *sales,
             guint      index)
{
  RsSale *old = g_ptr_array_index (sales, index);

  g_ptr_array_index (sales, index) = eds_test_get_sale (&eds, rs_sale_get_uid (old));
  g_object_unref (old);
}

static void
test_generate_instances_dates (void)
{
  static const char *periods[] = { "1m", "3m", "1y", "2w", "10d", "6m", "2m" };
  static const char *starts[] = {
    "2027-01-31", "2027-01-30", "2027-01-29", "2028-02-29", "2027-02-28", "2026-12-31",
    "2027-05-31", "2026-08-31",
  };
  static const char *terms[] = {
    NULL, "{'until': <'2028-03-15'>}", "{'count': <@u 7>}",
    "{'term': <'1y'>, 'notice_days': <@u 45>}", "{'term': <'2y'>}",
    "{'until': <'2028-06-30'>, 'notice_days': <@u 10>}",
  };
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) actual = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  GDate from = rs_test_date ("2027-01-01"), to = rs_test_date ("2028-12-31");
  g_autoptr(GDateTime) range_start = g_date_time_new_utc (2027, 1, 1, 0, 0, 0);
  /* generate_instances () includes an event that starts at the end instant itself. */
  g_autoptr(GDateTime) range_end = g_date_time_new_utc (2028, 12, 31, 23, 59, 59);
  g_autoptr(GError) error = NULL;
  guint n_sales, renewed = 0;
  GHashTableIter iter;
  gpointer key, value;

  /* 42 sales: every period from several month ends and a leap day, with every kind of term. */
  for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
    for (guint t = 0; t < G_N_ELEMENTS (terms); t++)
      {
        g_autofree char *client_name = g_strdup_printf ("Generated %u-%u", p, t);
        const char *start = starts[(p * 5 + t) % G_N_ELEMENTS (starts)];

        g_free (add_and_get (client_name, periods[p], start, terms[t], sales));
      }
  n_sales = sales->len;

  /* Renewals continue the old schedule; marks replace an occurrence, skips remove it. */
  for (guint i = 0; i < n_sales && renewed < 5; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      g_autoptr(GVariant) reply = NULL;
      const char *new_uid;
      GDate expiry;

      if (!rs_schedule_expiry_date (rs_sale_get_schedule (sale), &expiry) ||
          g_date_get_year (&expiry) > 2028)
        continue;
      reply = eds_test_call (&eds, "Renew",
                             g_variant_new_parsed ("(%s, @a{sv} {})", rs_sale_get_uid (sale)),
                             "(s)", &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(&s)", &new_uid);
      g_ptr_array_add (sales, eds_test_get_sale (&eds, new_uid));
      reload_sale (sales, i);
      renewed++;
    }
  g_assert_cmpuint (renewed, ==, 5);

  for (guint i = 0; i < 3; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      g_autoptr(GArray) issues = g_array_new (FALSE, FALSE, sizeof (GDate));
      static const char *marks[] = { "skipped", "issued", "prepaid" };
      g_autoptr(GVariant) reply = NULL;
      char iso[11];

      rs_schedule_collect_issue_dates (rs_sale_get_schedule (sale), &from, &to, issues);
      g_assert_cmpuint (issues->len, >=, 3);
      rs_date_to_iso_buf (&g_array_index (issues, GDate, 1), iso);
      reply = eds_test_call (&eds, "MarkOccurrence",
                             g_variant_new ("(sss)", rs_sale_get_uid (sale), iso, marks[i]),
                             NULL, &error);
      g_assert_no_error (error);
      reload_sale (sales, i);
    }

  for (guint i = 0; i < sales->len; i++)
    expect_sale_dates (expected, g_ptr_array_index (sales, i), &from, &to);

  wait_for_revision ();
  e_cal_client_set_default_timezone (client, i_cal_timezone_get_utc_timezone ());
  e_cal_client_generate_instances_sync (client, (time_t) g_date_time_to_unix (range_start),
                                        (time_t) g_date_time_to_unix (range_end), NULL,
                                        collect_instance, actual);

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *expected_dates = value;
      GPtrArray *actual_dates = g_hash_table_lookup (actual, key);
      g_autofree char *expected_text = NULL;
      g_autofree char *actual_text = NULL;

      if (actual_dates == NULL)
        g_error ("No instances of %s", (const char *) key);
      g_ptr_array_sort (actual_dates, compare_strings);
      g_ptr_array_add (expected_dates, NULL);
      g_ptr_array_add (actual_dates, NULL);
      expected_text = g_strjoinv (" ", (char **) expected_dates->pdata);
      actual_text = g_strjoinv (" ", (char **) actual_dates->pdata);
      g_assert_cmpstr (actual_text, ==, expected_text);
      g_hash_table_remove (actual, key);
    }

  /* Only the month's sales of the other tests may have instances besides these. */
  g_hash_table_iter_init (&iter, actual);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_false (g_str_has_prefix (key, "Generated"));
}

static void
test_get_object (void)
{
  RsSale *eta = NULL;
  g_autofree char *invoice = NULL;
  g_autofree char *expiry = NULL;
  g_autoptr(GHashTable) projection = NULL;
  g_autoptr(ICalComponent) object = NULL;
  g_autoptr(ICalComponent) instance = NULL;
  g_autoptr(ICalComponent) generated = NULL;
  g_autoptr(ICalTime) recurrence_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *issued_key = NULL;
  GSList *all = NULL;
  guint n_events = 0;

  for (guint i = 0; i < february_sales->len; i++)
    if (g_strcmp0 (rs_sale_get_uid (february_sales->pdata[i]), february_issued_uid) == 0)
      eta = february_sales->pdata[i];
  g_assert_nonnull (eta);
  projection = eds_test_projection_by_id (eta);
  invoice = rs_projection_component_uid (february_issued_uid, RS_REMINDER_KIND_INVOICE);
  issued_key = g_strdup_printf ("%s@20270210", invoice);

  /* With detached instances the backend answers a VCALENDAR with the series and every
   * instance; get_object () picks the series, get_objects_for_uid () gives all. */
  e_cal_client_get_object_sync (client, invoice, NULL, &object, NULL, &error);
  g_assert_no_error (error);
  text = i_cal_component_as_ical_string (object);
  assert_same_component (text, g_hash_table_lookup (projection, invoice));
  g_clear_pointer (&text, g_free);
  g_clear_object (&object);

  e_cal_client_get_objects_for_uid_sync (client, invoice, &all, NULL, &error);
  g_assert_no_error (error);
  for (GSList *link = all; link != NULL; link = link->next)
    {
      ICalComponent *event = e_cal_component_get_icalcomponent (link->data);
      g_autofree char *key = eds_test_component_key (event);
      g_autofree char *event_text = i_cal_component_as_ical_string (event);

      assert_same_component (event_text, g_hash_table_lookup (projection, key));
      n_events++;
    }
  g_slist_free_full (all, g_object_unref);
  g_assert_cmpuint (n_events, ==, 3);  /* the series, 2026-02-10 prepaid, 2027-02-10 issued */

  /* A detached instance by its recurrence id, as a date or a date-time. */
  e_cal_client_get_object_sync (client, invoice, "20270210", &instance, NULL, &error);
  g_assert_no_error (error);
  text = i_cal_component_as_ical_string (instance);
  assert_same_component (text, g_hash_table_lookup (projection, issued_key));
  g_clear_object (&instance);
  e_cal_client_get_object_sync (client, invoice, "20270210T000000", &instance, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (i_cal_component_get_summary (instance), ==,
                   "Issued: Invoice to Eta: Hosting (120.00 EUR)");

  /* Another occurrence: generated from the series. */
  e_cal_client_get_object_sync (client, invoice, "20270310", &generated, NULL, &error);
  g_assert_no_error (error);
  recurrence_id = i_cal_component_get_recurrenceid (generated);
  g_assert_cmpint (i_cal_time_get_month (recurrence_id), ==, 3);
  g_assert_cmpint (i_cal_time_get_day (recurrence_id), ==, 10);

  /* Not an occurrence, not a component, not ours. */
  e_cal_client_get_object_sync (client, invoice, "20270311", &object, NULL, &error);
  g_assert_error (error, E_CAL_CLIENT_ERROR, E_CAL_CLIENT_ERROR_OBJECT_NOT_FOUND);
  g_clear_error (&error);
  expiry = rs_projection_component_uid (february_issued_uid, RS_REMINDER_KIND_EXPIRY);
  e_cal_client_get_object_sync (client, expiry, NULL, &object, NULL, &error);
  g_assert_error (error, E_CAL_CLIENT_ERROR, E_CAL_CLIENT_ERROR_OBJECT_NOT_FOUND);
  g_clear_error (&error);
  e_cal_client_get_object_sync (client, "no-such-event", NULL, &object, NULL, &error);
  g_assert_error (error, E_CAL_CLIENT_ERROR, E_CAL_CLIENT_ERROR_OBJECT_NOT_FOUND);
}

static RsSale *
february_sale_of (const char *client_name)
{
  for (guint i = 0; i < february_sales->len; i++)
    if (g_strcmp0 (rs_sale_get_client_name (february_sales->pdata[i]), client_name) == 0)
      return february_sales->pdata[i];
  g_assert_not_reached ();
}

static char *
dup_object_color (const char *uid,
                  const char *rid)
{
  g_autoptr(ICalComponent) object = NULL;
  g_autoptr(ICalProperty) color = NULL;
  g_autoptr(GError) error = NULL;

  e_cal_client_get_object_sync (client, uid, rid, &object, NULL, &error);
  g_assert_no_error (error);
  color = i_cal_component_get_first_property (object, I_CAL_COLOR_PROPERTY);
  return color != NULL ? g_strdup (i_cal_property_get_color (color)) : NULL;
}

/* What Evolution reads to draw an event (its COLOR before the calendar's colour): the series
 * of a draft has the draft colour, its occurrence marked issued — approved — does not, nor
 * does an invoice that is not a draft. */
static void
test_draft_series_has_its_colour (void)
{
  g_autofree char *eta = eds_test_component_uid (february_sale_of ("Eta"), RS_REMINDER_KIND_INVOICE);
  g_autofree char *beta = eds_test_component_uid (february_sale_of ("Beta"), RS_REMINDER_KIND_INVOICE);
  g_autofree char *series_color = dup_object_color (eta, NULL);
  g_autofree char *issued_color = dup_object_color (eta, "20270210");
  g_autofree char *confirmed_color = dup_object_color (beta, NULL);

  g_assert_cmpstr (series_color, ==, RS_PROJECTION_DRAFT_COLOR);
  g_assert_null (issued_color);
  g_assert_null (confirmed_color);
}

static void
test_free_busy_always_free (void)
{
  g_autoptr(GError) error = NULL;
  GSList *users = g_slist_prepend (NULL, (gpointer) "owner@example.com");
  GSList *free_busy = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2027, 2, 1, 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_new_utc (2027, 3, 1, 0, 0, 0);
  ICalComponent *vfreebusy;

  e_cal_client_get_free_busy_sync (client, (time_t) g_date_time_to_unix (start),
                                   (time_t) g_date_time_to_unix (end), users, &free_busy, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_slist_length (free_busy), ==, 1);
  g_assert_cmpint (e_cal_component_get_vtype (free_busy->data), ==, E_CAL_COMPONENT_FREEBUSY);
  vfreebusy = e_cal_component_get_icalcomponent (free_busy->data);
  g_assert_cmpint (i_cal_component_count_properties (vfreebusy, I_CAL_FREEBUSY_PROPERTY), ==, 0);
  g_slist_free_full (free_busy, g_object_unref);
  g_slist_free (users);
}

static void
test_timezones (void)
{
  ICalTimezone *athens = i_cal_timezone_get_builtin_timezone ("Europe/Athens");
  ICalTimezone *zone = NULL;
  g_autoptr(GError) error = NULL;

  e_cal_client_add_timezone_sync (client, athens, NULL, &error);
  g_assert_no_error (error);
  e_cal_client_get_timezone_sync (client, i_cal_timezone_get_tzid (athens), &zone, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (i_cal_timezone_get_location (zone), ==, "Europe/Athens");

  /* A location alone is answered from libical's builtin zones (e-cal-backend-sync.c). */
  e_cal_client_get_timezone_sync (client, "America/New_York", &zone, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (zone);

  e_cal_client_get_timezone_sync (client, "Nowhere/Nothing", &zone, NULL, &error);
  g_assert_error (error, E_CAL_CLIENT_ERROR, E_CAL_CLIENT_ERROR_OBJECT_NOT_FOUND);
}

static void
assert_refused (GError *error)
{
  g_assert_error (error, E_CLIENT_ERROR, E_CLIENT_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message,
                            "Recurring sales cannot be changed in the calendar’s event editor. "
                            "In Evolution, right-click the event and choose Edit Sale…, Renew "
                            "Sale… or Mark Issued. The recurring-sales command does the same, "
                            "for example “recurring-sales edit UID --amount 150.00”, and so can "
                            "an application that uses its D-Bus service."));
}

static void
test_writes_refused (void)
{
  g_autoptr(GHashTable) before = list_by_key ("#t");
  g_autoptr(GHashTable) after = NULL;
  guint64 revision = eds_test_service_revision (&eds);
  g_autoptr(ICalComponent) event = NULL;
  g_autoptr(ICalComponent) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *invoice = eds_test_component_uid (february_sales->pdata[0],
                                                     RS_REMINDER_KIND_INVOICE);
  GSList *users = NULL;
  ICalComponent *modified = NULL;

  wait_for_revision ();

  event = i_cal_component_new_from_string ("BEGIN:VEVENT\r\nUID:new-event\r\nSUMMARY:Lunch\r\n"
                                           "DTSTART;VALUE=DATE:20270210\r\nEND:VEVENT\r\n");
  e_cal_client_create_object_sync (client, event, E_CAL_OPERATION_FLAG_NONE, &uid, NULL, &error);
  assert_refused (error);
  g_clear_error (&error);

  e_cal_client_get_object_sync (client, invoice, NULL, &existing, NULL, &error);
  g_assert_no_error (error);
  i_cal_component_set_summary (existing, "Something else");
  e_cal_client_modify_object_sync (client, existing, E_CAL_OBJ_MOD_ALL, E_CAL_OPERATION_FLAG_NONE,
                                   NULL, &error);
  assert_refused (error);
  g_clear_error (&error);

  e_cal_client_remove_object_sync (client, invoice, NULL, E_CAL_OBJ_MOD_ALL,
                                   E_CAL_OPERATION_FLAG_NONE, NULL, &error);
  assert_refused (error);
  g_clear_error (&error);

  e_cal_client_receive_objects_sync (client, event, E_CAL_OPERATION_FLAG_NONE, NULL, &error);
  assert_refused (error);
  g_clear_error (&error);

  e_cal_client_send_objects_sync (client, event, E_CAL_OPERATION_FLAG_NONE, &users, &modified,
                                  NULL, &error);
  assert_refused (error);
  g_clear_error (&error);

  after = list_by_key ("#t");
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_assert_cmpuint (eds_test_service_revision (&eds), ==, revision);
}

static void
test_discard_alarm_succeeds (void)
{
  g_autofree char *expiry = rs_projection_component_uid (rs_sale_get_uid (february_sales->pdata[0]),
                                                         RS_REMINDER_KIND_EXPIRY);
  g_autoptr(GError) error = NULL;

  /* What reminder watchers call when the user dismisses a reminder. */
  e_cal_client_discard_alarm_sync (client, expiry, NULL, "some-alarm", E_CAL_OPERATION_FLAG_NONE,
                                   NULL, &error);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!eds_test_init (&argc, &argv))
    return 0;

  eds_test_start (&eds, NULL);
  client = eds_test_connect (&eds, EDS_TEST_DEFAULT_UID);

  g_test_add_func ("/backend/calendar/read-only-with-capabilities", test_open_capabilities);
  g_test_add_func ("/backend/query/month-lists-exactly-the-engine-events", test_month_list);
  g_test_add_func ("/backend/query/sexp-forms", test_sexp_forms);
  g_test_add_func ("/backend/query/has-alarms-in-range", test_alarm_query);
  g_test_add_func ("/backend/query/time-window-prefilter-loses-nothing",
                   test_prefilter_loses_nothing);
  g_test_add_func ("/backend/get-object/series-instances-and-missing", test_get_object);
  g_test_add_func ("/backend/get-object/draft-series-has-its-colour", test_draft_series_has_its_colour);
  g_test_add_func ("/backend/free-busy/always-free", test_free_busy_always_free);
  g_test_add_func ("/backend/timezones/added-and-builtin", test_timezones);
  g_test_add_func ("/backend/writes/refused-with-message", test_writes_refused);
  g_test_add_func ("/backend/writes/discard-alarm-succeeds", test_discard_alarm_succeeds);
  g_test_add_func ("/backend/instances/two-years-equal-the-engine", test_generate_instances_dates);

  /* Every test but the generated one reads the month's sales. */
  add_february_sales ();
  status = g_test_run ();

  g_clear_pointer (&february_sales, g_ptr_array_unref);
  g_clear_pointer (&february_issued_uid, g_free);
  g_clear_object (&client);
  eds_test_stop (&eds);
  return status;
}
