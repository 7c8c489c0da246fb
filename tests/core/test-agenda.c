/* test-agenda.c: what falls due in a window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/recurring-sales.h>
#include "rs-test-sales.h"

static GPtrArray *
agenda (GPtrArray  *sales,
        const char *from_text,
        const char *to_text)
{
  GDate from, to;

  g_assert_true (rs_date_parse (from_text, "from", &from, NULL));
  g_assert_true (rs_date_parse (to_text, "to", &to, NULL));
  return rs_agenda_compute (sales, &from, &to);
}

static char *
item_key (const RsAgendaItem *item)
{
  g_autofree char *date = rs_date_to_iso (&item->date);

  if (item->kind == RS_AGENDA_ITEM_REMINDER)
    {
      g_autofree char *for_date = rs_date_to_iso (&item->for_date);
      return g_strdup_printf ("%s reminder(%s %s %s) %s", date, rs_reminder_kind_to_string (item->for_kind),
                              for_date, rs_audience_to_string (item->audience), rs_sale_get_uid (item->sale));
    }

  return g_strdup_printf ("%s %s %s", date, rs_agenda_item_kind_to_string (item->kind), rs_sale_get_uid (item->sale));
}

static void
assert_agenda (GPtrArray          *items,
               const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (items->len, n); i++)
    {
      g_autofree char *key = item_key (g_ptr_array_index (items, i));
      g_assert_cmpstr (key, ==, expected[i]);
    }
  g_assert_cmpuint (items->len, ==, n);
}

static void
test_window_is_inclusive_and_sorted (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *acme = rs_test_sale_new ("acme", "Acme", "2027-01-31", "1m", "2027-04-30");
  RsSale *beta = rs_test_sale_new ("beta", "Beta", "2027-02-28", "1y", NULL);
  const char * const expected[] = {
    "2027-02-21 reminder(invoice 2027-02-28 owner) acme",
    "2027-02-21 reminder(invoice 2027-02-28 owner) beta",
    "2027-02-28 invoice acme",
    "2027-02-28 invoice beta",
    "2027-03-24 reminder(invoice 2027-03-31 owner) acme",
    "2027-03-31 invoice acme",
    "2027-03-31 reminder(expiry 2027-04-30 owner) acme",
    NULL
  };

  rs_sale_add_reminder (acme, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (acme, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (beta, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  g_ptr_array_add (sales, beta);
  g_ptr_array_add (sales, acme);

  items = agenda (sales, "2027-02-01", "2027-03-31");
  assert_agenda (items, expected);
}

static void
test_expiry_and_notice_items (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *sale = rs_test_sale_new ("s1", "Acme", "2027-01-01", "1y", "2027-12-31");
  const char * const expected[] = {
    "2027-12-01 notice s1",
    "2027-12-24 reminder(expiry 2027-12-31 owner) s1",
    "2027-12-31 expiry s1",
    NULL
  };

  rs_sale_set_notice_days (sale, 30);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 7, RS_AUDIENCE_OWNER);
  g_ptr_array_add (sales, sale);
  items = agenda (sales, "2027-11-01", "2028-01-31");
  assert_agenda (items, expected);
}

static void
test_reminders_that_no_longer_apply_are_left_out (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *sale = rs_test_sale_new ("s1", "Acme", "2027-01-31", "1m", "2027-04-30");
  GDate prepaid;
  const char * const renewed[] = {
    "2027-02-21 reminder(invoice 2027-02-28 owner) s1",
    "2027-02-28 invoice s1",
    "2027-03-31 invoice s1",
    "2027-04-23 reminder(invoice 2027-04-30 owner) s1",
    "2027-04-30 invoice s1",
    "2027-04-30 expiry s1",
    NULL
  };
  const char * const paused[] = {
    "2027-02-28 invoice s1",
    "2027-03-31 invoice s1",
    "2027-04-30 invoice s1",
    "2027-04-30 expiry s1",
    NULL
  };

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 7, RS_AUDIENCE_OWNER);
  g_assert_true (rs_date_parse ("2027-03-31", "d", &prepaid, NULL));
  rs_sale_set_occurrence_state (sale, &prepaid, RS_OCCURRENCE_PREPAID);
  rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
  g_ptr_array_add (sales, sale);

  items = agenda (sales, "2027-02-01", "2027-04-30");
  assert_agenda (items, renewed);
  g_assert_cmpint (((RsAgendaItem *) g_ptr_array_index (items, 2))->state, ==, RS_OCCURRENCE_PREPAID);

  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = agenda (sales, "2027-02-01", "2027-04-30");
  assert_agenda (items, paused);
}

static void
test_reminder_in_window_for_date_after_it (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *sale = rs_test_sale_new ("s1", "Acme", "2027-01-01", "1y", "2027-12-31");
  const char * const expected[] = {
    "2027-10-02 reminder(expiry 2027-12-31 owner) s1",
    NULL
  };

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 90, RS_AUDIENCE_OWNER);
  g_ptr_array_add (sales, sale);
  items = agenda (sales, "2027-10-01", "2027-10-31");
  assert_agenda (items, expected);
}

static void
test_describe_is_readable (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *sale = rs_test_sale_new ("s1", "Acme", "2027-01-31", "1m", NULL);
  g_autofree char *invoice = NULL;
  g_autofree char *reminder = NULL;

  rs_sale_set_draft (sale, FALSE);
  rs_sale_set_client_email (sale, "a@example.com");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_CLIENT);
  g_ptr_array_add (sales, sale);
  items = agenda (sales, "2027-02-25", "2027-02-28");
  g_assert_cmpuint (items->len, ==, 2);
  reminder = rs_agenda_item_describe (g_ptr_array_index (items, 0));
  invoice = rs_agenda_item_describe (g_ptr_array_index (items, 1));
  g_assert_cmpstr (reminder, ==, "2027-02-25  Reminder to the client: Invoice to Acme: Hosting (120.00 EUR) on 2027-02-28");
  g_assert_cmpstr (invoice, ==, "2027-02-28  Invoice to Acme: Hosting (120.00 EUR)");
}

static void
test_many_sales_one_pass (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  gint64 started;
  double seconds;

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *uid = g_strdup_printf ("sale-%06u", i);
      g_autofree char *start = g_strdup_printf ("%04u-%02u-%02u", 2025 + i % 2, 1 + i % 12, 1 + i % 28);
      RsSale *sale = rs_test_sale_new (uid, "Client", start, i % 4 == 0 ? "1y" : "1m", NULL);

      rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
      g_ptr_array_add (sales, sale);
    }

  started = g_get_monotonic_time ();
  items = agenda (sales, "2027-03-01", "2027-03-30");
  seconds = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  g_test_message ("30-day agenda over 100,000 sales: %u items in %.3f s", items->len, seconds);
  g_assert_cmpuint (items->len, >, 100000);
}

/* The index and its pages: against rs_agenda_compute () on generated sales */

/* Of generated sales: 2026-06-15 is "today". */
#define ANCHOR_TEXT "2026-06-15"

static const char * const clients[] = { "Acme", "Beta", "beta", "Ωmega", "Acme Ltd", NULL };

static void
random_date (GRand *rand,
             int    first_year,
             int    n_years,
             GDate *out_date)
{
  int year = first_year + g_rand_int_range (rand, 0, n_years);
  int month = g_rand_int_range (rand, 1, 13);
  /* Month ends often: the clamping rules are where the dates get interesting. */
  int day = g_rand_boolean (rand) ? g_rand_int_range (rand, 28, 32) : g_rand_int_range (rand, 1, 29);

  g_date_clear (out_date, 1);
  day = MIN (day, (int) rs_date_days_in_month (year, month));
  g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
random_schedule (GRand      *rand,
                 RsSchedule *schedule)
{
  static const RsPeriod periods[] = {
    { 1, RS_PERIOD_UNIT_MONTH }, { 1, RS_PERIOD_UNIT_MONTH }, { 3, RS_PERIOD_UNIT_MONTH },
    { 1, RS_PERIOD_UNIT_YEAR }, { 2, RS_PERIOD_UNIT_WEEK }, { 10, RS_PERIOD_UNIT_DAY },
  };

  memset (schedule, 0, sizeof *schedule);
  random_date (rand, 2024, 4, &schedule->start);
  schedule->period = periods[g_rand_int_range (rand, 0, G_N_ELEMENTS (periods))];
  g_date_clear (&schedule->until, 1);

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      schedule->term_kind = RS_TERM_OPEN;
      break;
    case 1:
      schedule->term_kind = RS_TERM_UNTIL;
      schedule->until = schedule->start;
      g_date_add_days (&schedule->until, g_rand_int_range (rand, 0, 1200));
      break;
    case 2:
      schedule->term_kind = RS_TERM_COUNT;
      schedule->count = g_rand_int_range (rand, 1, 40);
      break;
    default:
      schedule->term_kind = RS_TERM_LENGTH;
      schedule->term_length.count = g_rand_int_range (rand, 1, 3);
      schedule->term_length.unit = RS_PERIOD_UNIT_YEAR;
      break;
    }
}

static RsSale *
random_sale (GRand *rand,
             guint  number)
{
  static const guint leads[] = { 0, 1, 7, 14, 30, 90, 366 };
  g_autofree char *uid = g_strdup_printf ("sale-%04u", number);
  RsSale *sale = rs_sale_new ();
  RsSchedule schedule;
  guint n_rules;

  rs_sale_set_uid (sale, uid);
  rs_sale_set_client_name (sale, clients[g_rand_int_range (rand, 0, G_N_ELEMENTS (clients))]);
  rs_sale_set_service (sale, "Hosting");
  rs_sale_set_amount_minor (sale, 12000);
  rs_sale_set_currency (sale, "EUR");
  random_schedule (rand, &schedule);
  rs_sale_set_schedule (sale, &schedule);
  if (schedule.term_kind != RS_TERM_OPEN && g_rand_boolean (rand))
    rs_sale_set_notice_days (sale, g_rand_int_range (rand, 1, 90));

  n_rules = g_rand_int_range (rand, 0, 5);
  for (guint i = 0; i < n_rules; i++)
    {
      RsReminderKind kind = g_rand_int_range (rand, 0, 3);
      guint lead = leads[g_rand_int_range (rand, 0, G_N_ELEMENTS (leads))];
      RsAudience audience = g_rand_int_range (rand, 0, 2);
      g_autoptr(RsReminderRule) rule = rs_reminder_rule_new (kind, lead, audience);
      GPtrArray *rules = rs_sale_get_reminders (sale);
      gboolean listed = FALSE;

      /* As a valid sale: each rule once. */
      for (guint j = 0; j < rules->len; j++)
        listed |= rs_reminder_rule_equal (rule, g_ptr_array_index (rules, j));
      if (!listed)
        rs_sale_add_reminder (sale, kind, lead, audience);
    }

  /* Marks on a few issue dates around the anchor. */
  for (guint i = 0; i < 3; i++)
    {
      GDate day, issue;

      random_date (rand, 2026, 1, &day);
      if (rs_schedule_next_issue_on_or_after (&schedule, &day, &issue, NULL))
        rs_sale_set_occurrence_state (sale, &issue, g_rand_int_range (rand, 0, 4));
    }

  switch (g_rand_int_range (rand, 0, 10))
    {
    case 0:
      rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
      break;
    case 1:
      rs_sale_set_status (sale, RS_SALE_STATUS_ENDED);
      break;
    case 2:
      rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
      break;
    default:
      break;
    }

  return sale;
}

static GPtrArray *
random_sales (GRand *rand,
              guint  count)
{
  GPtrArray *sales = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < count; i++)
    g_ptr_array_add (sales, random_sale (rand, i));
  return sales;
}

/* An index of @sales: set one by one, or (@at_once) all at once, as the service starts. */
static RsAgendaIndex *
index_of (GPtrArray   *sales,
          const char  *anchor_text,
          gboolean     at_once)
{
  RsAgendaIndex *index;
  GDate anchor;

  g_assert_true (rs_date_parse (anchor_text, "anchor", &anchor, NULL));
  index = rs_agenda_index_new (&anchor);
  if (at_once)
    rs_agenda_index_set_sales (index, sales);
  for (guint i = 0; !at_once && i < sales->len; i++)
    rs_agenda_index_set_sale (index, g_ptr_array_index (sales, i));
  g_assert_cmpuint (rs_agenda_index_get_n_sales (index), ==, sales->len);
  return index;
}

/* A filter as the service's: sales by client, items by kind and audience. */
typedef struct {
  const char *client;    /* NULL: every sale */
  guint       kinds;     /* bits 1 << RsAgendaItemKind; 0: every kind */
  int         audience;  /* -1: both */
} TestFilter;

static gboolean
test_sale_matches (RsSale   *sale,
                   gpointer  user_data)
{
  const TestFilter *filter = user_data;

  return filter->client == NULL || g_strcmp0 (rs_sale_get_client_name (sale), filter->client) == 0;
}

static gboolean
test_item_matches (const RsAgendaItem *item,
                   gpointer            user_data)
{
  const TestFilter *filter = user_data;

  if (filter->kinds != 0 && (filter->kinds & (1u << item->kind)) == 0)
    return FALSE;
  return filter->audience < 0 || item->kind != RS_AGENDA_ITEM_REMINDER ||
         item->audience == (RsAudience) filter->audience;
}

/* What the pages must add up to: rs_agenda_compute () on the matching sales, filtered. */
static GPtrArray *
expected_agenda (GPtrArray        *sales,
                 const GDate      *from,
                 const GDate      *to,
                 const TestFilter *filter)
{
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autoptr(GPtrArray) items = NULL;
  GPtrArray *expected = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_agenda_item_free);

  for (guint i = 0; i < sales->len; i++)
    if (test_sale_matches (g_ptr_array_index (sales, i), (gpointer) filter))
      g_ptr_array_add (matching, g_ptr_array_index (sales, i));

  items = rs_agenda_compute (matching, from, to);
  for (guint i = 0; i < items->len; i++)
    {
      RsAgendaItem *item = g_ptr_array_index (items, i);

      if (test_item_matches (item, (gpointer) filter))
        g_ptr_array_add (expected, rs_agenda_item_copy (item));
    }
  return expected;
}

static void
assert_same_items (GPtrArray *actual,
                   GPtrArray *expected)
{
  for (guint i = 0; i < MIN (actual->len, expected->len); i++)
    {
      const RsAgendaItem *a = g_ptr_array_index (actual, i);
      const RsAgendaItem *e = g_ptr_array_index (expected, i);

      if (rs_agenda_item_compare (a, e) != 0 || a->sale != e->sale || a->state != e->state)
        {
          g_autofree char *a_key = item_key (a);
          g_autofree char *e_key = item_key (e);

          g_error ("item %u of %u: %s, expected %s", i, expected->len, a_key, e_key);
        }
    }
  g_assert_cmpuint (actual->len, ==, expected->len);
}

/* Every page through the cursor's text and back, as a client of the service does. */
static GPtrArray *
all_pages (RsAgendaIndex    *index,
           const GDate      *from,
           const GDate      *to,
           const TestFilter *filter,
           guint             limit)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_agenda_item_free);
  g_autoptr(RsAgendaItem) after = NULL;
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(GPtrArray) page = rs_agenda_pager_read_page (index, from, to, test_sale_matches,
                                                             test_item_matches, (gpointer) filter,
                                                             after, limit, &more);
      g_autofree char *cursor = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (page->len, <=, limit);
      if (more)
        g_assert_cmpuint (page->len, ==, limit);
      if (page->len == 0)
        break;

      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, rs_agenda_item_copy (g_ptr_array_index (page, i)));

      cursor = rs_agenda_cursor_encode (g_ptr_array_index (page, page->len - 1));
      g_clear_pointer (&after, rs_agenda_item_free);
      after = rs_agenda_cursor_decode (cursor, &error);
      g_assert_no_error (error);
    }

  return all;
}

static void
random_window (GRand *rand,
               GDate *from,
               GDate *to)
{
  g_assert_true (rs_date_parse (ANCHOR_TEXT, "anchor", from, NULL));
  /* Mostly from the anchor on, as the service is asked; some before it (read in full). */
  g_date_add_days (from, 45);
  g_date_subtract_days (from, g_rand_int_range (rand, 0, 4) == 0 ? g_rand_int_range (rand, 1, 90)
                                                                 : g_rand_int_range (rand, 0, 46));
  *to = *from;
  g_date_add_days (to, g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 300, 1500)
                                                          : g_rand_int_range (rand, 0, 45));
}

static void
test_pages_equal_compute (void)
{
  static const TestFilter filters[] = {
    { NULL, 0, -1 },
    { "beta", 0, -1 },
    { NULL, 1u << RS_AGENDA_ITEM_REMINDER, RS_AUDIENCE_CLIENT },
    { "Acme", (1u << RS_AGENDA_ITEM_INVOICE) | (1u << RS_AGENDA_ITEM_EXPIRY), -1 },
  };

  for (guint32 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GPtrArray) sales = random_sales (rand, 300);
      g_autoptr(RsAgendaIndex) index = index_of (sales, ANCHOR_TEXT, seed == 2);

      for (guint w = 0; w < 12; w++)
        {
          const TestFilter *filter = &filters[w % G_N_ELEMENTS (filters)];
          g_autoptr(GPtrArray) expected = NULL;
          GDate from, to;

          random_window (rand, &from, &to);
          expected = expected_agenda (sales, &from, &to, filter);

          for (guint l = 0; l < 4; l++)
            {
              static const guint limits[] = { 1, 7, 100, RS_AGENDA_INDEX_NO_LIMIT };
              g_autoptr(GPtrArray) pages = NULL;

              /* A page is a walk of its own: small pages of a long agenda cost too much time
               * under valgrind. */
              if ((guint64) limits[l] * 300 < expected->len)
                continue;
              pages = all_pages (index, &from, &to, filter, limits[l]);
              assert_same_items (pages, expected);
            }
        }
    }
}

/* A pager continues without reading again: the same items as separate pages. */
static void
test_pager_continues (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  g_autoptr(GPtrArray) sales = random_sales (rand, 300);
  g_autoptr(RsAgendaIndex) index = index_of (sales, ANCHOR_TEXT, FALSE);
  TestFilter filter = { NULL, 0, -1 };

  for (guint w = 0; w < 10; w++)
    {
      g_autoptr(GPtrArray) expected = NULL;
      g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_agenda_item_free);
      g_autoptr(RsAgendaPager) pager = NULL;
      gboolean more = TRUE;
      GDate from, to;

      random_window (rand, &from, &to);
      expected = expected_agenda (sales, &from, &to, &filter);
      pager = rs_agenda_pager_new (index, &from, &to, test_sale_matches, test_item_matches,
                                   &filter, NULL, NULL);
      while (more)
        {
          g_autoptr(GPtrArray) page = rs_agenda_pager_next (pager, 1 + w, &more);

          for (guint i = 0; i < page->len; i++)
            g_ptr_array_add (all, rs_agenda_item_copy (g_ptr_array_index (page, i)));
        }
      assert_same_items (all, expected);
      g_assert_true (rs_agenda_pager_is_current (pager));
    }
}

static void
unref_sale_or_null (gpointer sale)
{
  if (sale != NULL)
    g_object_unref (sale);
}

/* Between pages of a walk of a snapshot, a few of the index's sales change (removed, read
 * again with another schedule, added), and the walk is told: each page is the one that the
 * index as it is now gives after the same cursor. */
static void
test_pager_follows_changes (void)
{
  static const TestFilter filters[] = {
    { NULL, 0, -1 },
    { "beta", 0, -1 },
    { NULL, 1u << RS_AGENDA_ITEM_REMINDER, RS_AUDIENCE_CLIENT },
  };

  for (guint32 seed = 20; seed <= 39; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GPtrArray) sales = random_sales (rand, 200);
      g_autoptr(RsAgendaIndex) index = index_of (sales, ANCHOR_TEXT, seed % 2 == 0);
      g_autoptr(RsAgendaIndex) snapshot = rs_agenda_index_snapshot (index);
      g_autoptr(RsAgendaPager) pager = NULL;
      g_autoptr(RsAgendaItem) cursor = NULL;
      g_autoptr(GPtrArray) whole = NULL;
      const TestFilter *filter = &filters[seed % G_N_ELEMENTS (filters)];
      guint next_number = 1000, n_pages = 0, n_changes = 0;
      gboolean more = TRUE;
      GDate from, to;

      random_window (rand, &from, &to);
      /* Some forty pages, so that valgrind gets through a long window too. */
      whole = expected_agenda (sales, &from, &to, filter);
      pager = rs_agenda_pager_new (snapshot, &from, &to, test_sale_matches, test_item_matches,
                                   (gpointer) filter, NULL, NULL);
      while (more)
        {
          g_autoptr(GHashTable) changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                 unref_sale_or_null);
          guint limit = g_rand_int_range (rand, 1, 8) + whole->len / 40;
          g_autoptr(GPtrArray) page = NULL;
          g_autoptr(GPtrArray) expected = NULL;
          gboolean expected_more;

          for (guint c = g_rand_int_range (rand, 0, 4); c > 0 && sales->len > 0; c--)
            {
              guint i = g_rand_int_range (rand, 0, sales->len);
              const char *uid = rs_sale_get_uid (g_ptr_array_index (sales, i));
              guint number;
              RsSale *sale;

              g_assert_cmpint (sscanf (uid, "sale-%u", &number), ==, 1);
              switch (g_rand_int_range (rand, 0, 3))
                {
                case 0:
                  g_hash_table_replace (changes, g_strdup (uid), NULL);
                  rs_agenda_index_remove_sale (index, uid);
                  g_ptr_array_remove_index_fast (sales, i);
                  break;
                case 1:
                  sale = random_sale (rand, number);
                  g_hash_table_replace (changes, g_strdup (uid), g_object_ref (sale));
                  rs_agenda_index_set_sale (index, sale);
                  g_ptr_array_remove_index_fast (sales, i);
                  g_ptr_array_add (sales, sale);
                  break;
                default:
                  sale = random_sale (rand, next_number++);
                  g_hash_table_replace (changes, g_strdup (rs_sale_get_uid (sale)),
                                        g_object_ref (sale));
                  rs_agenda_index_set_sale (index, sale);
                  g_ptr_array_add (sales, sale);
                  break;
                }
              n_changes++;
            }
          rs_agenda_pager_replace_sales (pager, changes);

          page = rs_agenda_pager_next (pager, limit, &more);
          expected = rs_agenda_pager_read_page (index, &from, &to, test_sale_matches,
                                                test_item_matches, (gpointer) filter, cursor,
                                                limit, &expected_more);
          assert_same_items (page, expected);
          g_assert_cmpint (more, ==, expected_more);
          if (page->len > 0)
            {
              g_clear_pointer (&cursor, rs_agenda_item_free);
              cursor = rs_agenda_item_copy (g_ptr_array_index (page, page->len - 1));
            }
          n_pages++;
        }
      g_test_message ("seed %u: %u items at first, %u pages, %u changes", seed, whole->len,
                      n_pages, n_changes);
    }
}

/* Sales set and removed between two pages: the next page follows the cursor's key into the
 * changed agenda. */
static void
test_changes_between_pages (void)
{
  for (guint32 seed = 5; seed <= 7; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GPtrArray) sales = random_sales (rand, 200);
      g_autoptr(RsAgendaIndex) index = index_of (sales, ANCHOR_TEXT, FALSE);
      g_autoptr(GPtrArray) before = NULL;
      g_autoptr(GPtrArray) first = NULL;
      g_autoptr(GPtrArray) rest = NULL;
      g_autoptr(GPtrArray) after_change = NULL;
      g_autoptr(RsAgendaItem) cursor = NULL;
      g_autoptr(RsAgendaPager) pager = NULL;
      TestFilter filter = { NULL, 0, -1 };
      RsAgendaItem *last;
      RsSale *renamed;
      gboolean more;
      GDate from, to;
      guint n_before;

      g_assert_true (rs_date_parse (ANCHOR_TEXT, "from", &from, NULL));
      to = from;
      g_date_add_days (&to, 60);
      before = expected_agenda (sales, &from, &to, &filter);
      g_assert_cmpuint (before->len, >, 40);

      pager = rs_agenda_pager_new (index, &from, &to, NULL, NULL, NULL, NULL, NULL);
      first = rs_agenda_pager_read_page (index, &from, &to, NULL, NULL, NULL, NULL, 20, &more);
      g_assert_true (more);
      last = g_ptr_array_index (first, first->len - 1);
      cursor = rs_agenda_item_copy (last);

      /* The cursor's own sale goes, another is renamed, a new one comes. */
      rs_agenda_index_remove_sale (index, rs_sale_get_uid (last->sale));
      g_ptr_array_remove (sales, last->sale);
      renamed = rs_sale_copy (g_ptr_array_index (sales, 0));
      rs_sale_set_client_name (renamed, "Aaron");
      rs_agenda_index_set_sale (index, renamed);
      g_ptr_array_remove_index (sales, 0);
      g_ptr_array_add (sales, renamed);
      g_ptr_array_add (sales, random_sale (rand, 9999));
      rs_agenda_index_set_sale (index, g_ptr_array_index (sales, sales->len - 1));
      g_assert_false (rs_agenda_pager_is_current (pager));

      rest = rs_agenda_pager_read_page (index, &from, &to, NULL, NULL, NULL, cursor,
                                        RS_AGENDA_INDEX_NO_LIMIT, &more);
      g_assert_false (more);

      /* What the changed agenda holds after the cursor. */
      after_change = expected_agenda (sales, &from, &to, &filter);
      for (n_before = 0; n_before < after_change->len; n_before++)
        if (rs_agenda_item_compare (g_ptr_array_index (after_change, n_before), cursor) > 0)
          break;
      g_ptr_array_remove_range (after_change, 0, n_before);
      assert_same_items (rest, after_change);
    }
}

/* A snapshot answers as its index did when it was taken, whatever the index does after; it
 * shares the entries, so that it outlives the index too. */
static void
test_snapshot_stays (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GPtrArray) sales = random_sales (rand, 300);
  g_autoptr(RsAgendaIndex) index = index_of (sales, ANCHOR_TEXT, TRUE);
  g_autoptr(RsAgendaIndex) snapshot = rs_agenda_index_snapshot (index);
  g_autoptr(RsAgendaIndex) again = rs_agenda_index_snapshot (snapshot);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(RsSale) added = random_sale (rand, 9999);
  g_autoptr(GPtrArray) sales_kept = NULL;   /* the sales as the snapshot has them */
  TestFilter filter = { NULL, 0, -1 };
  GDate from, to, anchor;
  gboolean more;

  g_assert_true (rs_date_parse (ANCHOR_TEXT, "from", &from, NULL));
  to = from;
  g_date_add_days (&to, 90);
  expected = expected_agenda (sales, &from, &to, &filter);
  g_assert_true (again == snapshot);
  g_assert_cmpuint (rs_agenda_index_get_n_sales (snapshot), ==, sales->len);

  before = rs_agenda_pager_read_page (snapshot, &from, &to, NULL, NULL, NULL, NULL,
                                      RS_AGENDA_INDEX_NO_LIMIT, &more);
  assert_same_items (before, expected);

  /* The index changes every way it can, then goes. */
  rs_agenda_index_remove_sale (index, rs_sale_get_uid (g_ptr_array_index (sales, 0)));
  rs_agenda_index_set_sale (index, added);
  anchor = from;
  g_date_add_days (&anchor, 10);
  rs_agenda_index_rebuild (index, &anchor);
  changed = rs_agenda_pager_read_page (index, &from, &to, NULL, NULL, NULL, NULL,
                                       RS_AGENDA_INDEX_NO_LIMIT, &more);
  g_assert_cmpuint (changed->len, !=, 0);
  g_clear_object (&index);
  sales_kept = g_ptr_array_ref (sales);
  g_clear_pointer (&sales, g_ptr_array_unref);

  g_assert_cmpint (g_date_compare (rs_agenda_index_get_anchor (snapshot), &from), ==, 0);
  after = rs_agenda_pager_read_page (snapshot, &from, &to, NULL, NULL, NULL, NULL,
                                     RS_AGENDA_INDEX_NO_LIMIT, &more);
  assert_same_items (after, expected);

  /* Page by page, and a window from before the anchor (every sale read at once), the same. */
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(RsAgendaPager) pager = NULL;
      g_autoptr(GPtrArray) walked = NULL;
      g_autoptr(GPtrArray) whole = NULL;
      GDate start = from;

      if (k == 1)
        g_date_subtract_days (&start, 45);
      walked = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_agenda_item_free);
      whole = expected_agenda (sales_kept, &start, &to, &filter);
      pager = rs_agenda_pager_new (snapshot, &start, &to, NULL, NULL, NULL, NULL, NULL);
      do
        {
          g_autoptr(GPtrArray) page = rs_agenda_pager_next (pager, 7, &more);

          for (guint i = 0; i < page->len; i++)
            g_ptr_array_add (walked, rs_agenda_item_copy (g_ptr_array_index (page, i)));
        }
      while (more);
      assert_same_items (walked, whole);
    }
}

/* Many sales at once into a full index: replacing, and the last of a uid counts. */
static void
test_set_sales_at_once (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  g_autoptr(GPtrArray) sales = random_sales (rand, 150);
  g_autoptr(RsAgendaIndex) index = index_of (sales, ANCHOR_TEXT, TRUE);
  g_autoptr(GPtrArray) replaced = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  TestFilter filter = { NULL, 0, -1 };
  RsSale *twice;
  GDate from, to;

  for (guint i = 0; i < sales->len; i++)
    g_ptr_array_add (replaced, rs_sale_copy (g_ptr_array_index (sales, i)));
  twice = rs_sale_copy (g_ptr_array_index (replaced, 0));
  rs_sale_set_client_name (twice, "Zed");
  g_ptr_array_add (replaced, twice);

  rs_agenda_index_set_sales (index, replaced);
  g_assert_cmpuint (rs_agenda_index_get_n_sales (index), ==, sales->len);

  g_ptr_array_remove_index (replaced, 0);
  g_assert_true (rs_date_parse (ANCHOR_TEXT, "from", &from, NULL));
  to = from;
  g_date_add_days (&to, 60);
  expected = expected_agenda (replaced, &from, &to, &filter);
  pages = all_pages (index, &from, &to, &filter, 50);
  assert_same_items (pages, expected);
}

/* Another anchor, forward (only the sales behind it are read again) or back (all are). */
static void
test_rebuild_moves_anchor (void)
{
  static const char * const anchors[] = { "2026-07-01", "2026-07-02", "2026-09-30", "2026-03-01" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  g_autoptr(GPtrArray) sales = random_sales (rand, 300);
  g_autoptr(RsAgendaIndex) index = index_of (sales, ANCHOR_TEXT, FALSE);
  TestFilter filter = { NULL, 0, -1 };

  for (guint a = 0; a < G_N_ELEMENTS (anchors); a++)
    {
      g_autoptr(GPtrArray) expected = NULL;
      g_autoptr(GPtrArray) pages = NULL;
      GDate anchor, to;

      g_assert_true (rs_date_parse (anchors[a], "anchor", &anchor, NULL));
      rs_agenda_index_rebuild (index, &anchor);
      g_assert_cmpint (g_date_compare (rs_agenda_index_get_anchor (index), &anchor), ==, 0);
      g_assert_cmpuint (rs_agenda_index_get_n_sales (index), ==, sales->len);

      to = anchor;
      g_date_add_days (&to, 30);
      expected = expected_agenda (sales, &anchor, &to, &filter);
      pages = all_pages (index, &anchor, &to, &filter, 25);
      assert_same_items (pages, expected);
    }
}

static gboolean
count_sale (RsSale   *sale,
            gpointer  user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

/* The first page reads the sales whose items can come first, not all of them. */
static void
test_first_page_reads_few_sales (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RsAgendaIndex) index = NULL;
  g_autoptr(GPtrArray) page = NULL;
  guint n_read = 0;
  gboolean more;
  GDate from, to;

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *uid = g_strdup_printf ("sale-%04u", i);
      g_autofree char *start = g_strdup_printf ("2026-%02u-%02u", 1 + i % 12, 1 + i % 28);

      g_ptr_array_add (sales, rs_test_sale_new (uid, "Client", start, "1m", NULL));
    }
  index = index_of (sales, "2026-06-15", TRUE);
  g_assert_true (rs_date_parse ("2026-06-15", "from", &from, NULL));
  g_assert_true (rs_date_parse ("2026-07-14", "to", &to, NULL));

  page = rs_agenda_pager_read_page (index, &from, &to, count_sale, NULL, &n_read, NULL, 100, &more);
  g_assert_cmpuint (page->len, ==, 100);
  g_assert_true (more);
  /* 3000 monthly sales, 107 a day: the 100 items of the 15th and the next sale's key. */
  g_assert_cmpuint (n_read, <=, 101);
}

static void
test_cursor_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autoptr(GPtrArray) sales = random_sales (rand, 100);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(RsSale) nameless = rs_test_sale_new ("nameless", NULL, "2026-06-30", "1m", NULL);
  GDate from, to;

  g_ptr_array_add (sales, g_object_ref (nameless));
  g_assert_true (rs_date_parse ("2026-01-01", "from", &from, NULL));
  g_assert_true (rs_date_parse ("2026-12-31", "to", &to, NULL));
  items = rs_agenda_compute (sales, &from, &to);
  g_assert_cmpuint (items->len, >, 500);

  for (guint i = 0; i < items->len; i++)
    {
      const RsAgendaItem *item = g_ptr_array_index (items, i);
      g_autofree char *cursor = rs_agenda_cursor_encode (item);
      g_autoptr(GError) error = NULL;
      g_autoptr(RsAgendaItem) key = rs_agenda_cursor_decode (cursor, &error);

      g_assert_no_error (error);
      g_assert_cmpint (rs_agenda_item_compare (key, item), ==, 0);
      g_assert_cmpstr (rs_sale_get_uid (key->sale), ==, rs_sale_get_uid (item->sale));
      g_assert_cmpstr (rs_sale_get_client_name (key->sale), ==, rs_sale_get_client_name (item->sale));
      /* The neighbours stay on their sides. */
      if (i > 0)
        g_assert_cmpint (rs_agenda_item_compare (g_ptr_array_index (items, i - 1), key), <, 0);
      if (i + 1 < items->len)
        g_assert_cmpint (rs_agenda_item_compare (g_ptr_array_index (items, i + 1), key), >, 0);
    }
}

static char *
cursor_of_bytes (guint8    version,
                 GVariant *key)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (key);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  g_byte_array_append (bytes, &version, 1);
  g_byte_array_append (bytes, g_variant_get_data (owned), g_variant_get_size (owned));
  return g_base64_encode (bytes->data, bytes->len);
}

static void
test_bad_cursors_refused (void)
{
  guint32 day = 2461200;  /* 2026-… : any valid day */
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *too_long = g_strnfill (RS_AGENDA_CURSOR_MAX_LENGTH + 4, 'A');

  g_ptr_array_add (bad, g_strdup (""));
  g_ptr_array_add (bad, g_strdup ("not a cursor"));
  g_ptr_array_add (bad, g_strdup ("AAAA"));
  g_ptr_array_add (bad, g_strdup ("AQ=="));
  g_ptr_array_add (bad, g_strdup ("A==="));
  g_ptr_array_add (bad, g_strdup ("AQID\nBAUG"));
  g_ptr_array_add (bad, g_steal_pointer (&too_long));
  /* Version 2, or the wrong layout. */
  g_ptr_array_add (bad, cursor_of_bytes (2, g_variant_new ("(uymssyyuu)", day, 0, "Acme", "s1", 0, 0, 0, 0)));
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(us)", day, "s1")));
  /* Bad values: day 0, a year after 9999, kind 4, an empty uid or client, a reminder whose
   * dates do not differ by the lead, an invoice with reminder fields, unknown for_kind and
   * audience, a lead beyond the limit. */
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", 0, 0, "Acme", "s1", 0, 0, 0, 0)));
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", 4000000, 0, "Acme", "s1", 0, 0, 0, 0)));
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", day, 4, "Acme", "s1", 0, 0, 0, 0)));
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", day, 0, "Acme", "", 0, 0, 0, 0)));
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", day, 0, "", "s1", 0, 0, 0, 0)));
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", day, 3, "Acme", "s1", 0, 0, day + 8, 7)));
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", day, 0, "Acme", "s1", 0, 0, 0, 7)));
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", day, 3, "Acme", "s1", 3, 0, day + 7, 7)));
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", day, 3, "Acme", "s1", 0, 3, day + 7, 7)));
  g_ptr_array_add (bad, cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", day, 3, "Acme", "s1", 0, 0, day + 400, 400)));

  for (guint i = 0; i < bad->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RsAgendaItem) item = rs_agenda_cursor_decode (g_ptr_array_index (bad, i), &error);

      if (item != NULL)
        g_error ("cursor %u (%s) was accepted", i, (char *) g_ptr_array_index (bad, i));
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, "The page cursor is not one this service gave out; "
                       "ask for the first page again with an empty cursor.");
    }

  /* The same values made right are accepted. */
  {
    g_autofree char *good = cursor_of_bytes (1, g_variant_new ("(uymssyyuu)", day, 3, "Acme", "s1", 0, 1, day + 7, 7));
    g_autoptr(RsAgendaItem) item = rs_agenda_cursor_decode (good, NULL);

    g_assert_nonnull (item);
    g_assert_cmpint (item->kind, ==, RS_AGENDA_ITEM_REMINDER);
    g_assert_cmpint (item->audience, ==, RS_AUDIENCE_CLIENT);
    g_assert_cmpuint (item->lead_days, ==, 7);
  }
}

/* Reminders of one sale that differ only in date and lead are still two items in order. */
static void
test_compare_is_total (void)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  RsSale *sale = rs_test_sale_new ("s1", "Acme", "2027-01-10", "1w", NULL);
  GDate from, to;

  /* Fires on 2027-01-10 for the 17th (lead 7) and for the 24th (lead 14). */
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 14, RS_AUDIENCE_OWNER);
  g_ptr_array_add (sales, sale);
  g_assert_true (rs_date_parse ("2027-01-10", "from", &from, NULL));
  to = from;
  items = rs_agenda_compute (sales, &from, &to);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 1; i < items->len; i++)
    g_assert_cmpint (rs_agenda_item_compare (g_ptr_array_index (items, i - 1),
                                             g_ptr_array_index (items, i)), <, 0);
  g_assert_cmpuint (((RsAgendaItem *) g_ptr_array_index (items, 1))->lead_days, ==, 7);
  g_assert_cmpuint (((RsAgendaItem *) g_ptr_array_index (items, 2))->lead_days, ==, 14);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agenda/window/inclusive-and-sorted", test_window_is_inclusive_and_sorted);
  g_test_add_func ("/agenda/items/expiry-and-notice", test_expiry_and_notice_items);
  g_test_add_func ("/agenda/reminders/left-out-when-no-longer-apply", test_reminders_that_no_longer_apply_are_left_out);
  g_test_add_func ("/agenda/reminders/in-window-for-date-after-it", test_reminder_in_window_for_date_after_it);
  g_test_add_func ("/agenda/describe/readable", test_describe_is_readable);
  g_test_add_func ("/agenda/scale/100000-sales-one-pass", test_many_sales_one_pass);
  g_test_add_func ("/agenda/order/total", test_compare_is_total);
  g_test_add_func ("/agenda/index/pages-equal-compute", test_pages_equal_compute);
  g_test_add_func ("/agenda/index/pager-continues", test_pager_continues);
  g_test_add_func ("/agenda/index/changes-between-pages", test_changes_between_pages);
  g_test_add_func ("/agenda/index/pager-follows-changes", test_pager_follows_changes);
  g_test_add_func ("/agenda/index/set-sales-at-once", test_set_sales_at_once);
  g_test_add_func ("/agenda/index/snapshot-stays", test_snapshot_stays);
  g_test_add_func ("/agenda/index/rebuild-moves-anchor", test_rebuild_moves_anchor);
  g_test_add_func ("/agenda/index/first-page-reads-few-sales", test_first_page_reads_few_sales);
  g_test_add_func ("/agenda/cursor/round-trip", test_cursor_round_trip);
  g_test_add_func ("/agenda/cursor/bad-cursors-refused", test_bad_cursors_refused);

  return g_test_run ();
}
