/* test-service-sale-pages.c: ListSalesPage, ListSales a page at a time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service answers the first call of a client in its main thread and the next ones in its
 * reading thread, from the snapshot of the sales: every test reads several pages, so both
 * answer here.
 */
#include "config.h"

#include <string.h>

#include "service-test-util.h"

#define INVALID_ARGUMENT SERVICE_ERROR "InvalidArgument"

static const char * const clients[] = { "Acme", "beta", "Beta", "Ωμέγα ΑΕ", "Acme", "Gamma" };

/* Sales of a few clients, some with the same client (the uid decides their order), in a
 * store the test's own. */
static void
add_sales (ServiceBus *bus,
           guint       count)
{
  g_autoptr(GString) csv = g_string_new ("client,service,amount,currency,period,start\n");
  g_autoptr(GVariant) reply = NULL;
  guint added;

  for (guint i = 0; i < count; i++)
    g_string_append_printf (csv, "%s,Service %u,%u.00,%s,1m,2027-01-%02u\n",
                            clients[i % G_N_ELEMENTS (clients)], i, 10 + i,
                            i % 4 == 0 ? "USD" : "EUR", 1 + i % 28);
  reply = service_call_ok (bus->connection, "Import", g_variant_new ("(ss)", "csv", csv->str),
                           "(uaa{sv})");
  g_variant_get (reply, "(u@aa{sv})", &added, NULL);
  g_assert_cmpuint (added, ==, count);
}

/* The most sales a page holds, whatever the limit (docs/dbus.md). */
#define MAX_PAGE_SALES 250

static GVariant *
list_sales (ServiceBus *bus,
            const char *filter)
{
  g_autoptr(GVariant) reply = service_call_ok (bus->connection, "ListSales",
                                               g_variant_new ("(@a{sv})",
                                                              g_variant_new_parsed (filter)),
                                               "(aa{sv})");

  return g_variant_get_child_value (reply, 0);
}

/* One page: its sales, and *@out_next. */
static GVariant *
list_page (ServiceBus *bus,
           const char *filter,
           guint       limit,
           const char *after,
           char      **out_next)
{
  g_autoptr(GVariant) reply = NULL;
  GVariant *sales;

  reply = service_call_ok (bus->connection, "ListSalesPage",
                           g_variant_new ("(@a{sv}us)", g_variant_new_parsed (filter), limit,
                                          after),
                           "(aa{sv}s)");
  g_variant_get (reply, "(@aa{sv}s)", &sales, out_next);
  g_assert_cmpuint (g_variant_n_children (sales), <=, MIN (limit, MAX_PAGE_SALES));
  /* A page that is not the last is full. */
  if (**out_next != '\0')
    g_assert_cmpuint (g_variant_n_children (sales), ==, MIN (limit, MAX_PAGE_SALES));
  return sales;
}

static char *
uid_at (GVariant *sales,
        gsize     index)
{
  g_autoptr(GVariant) sale = g_variant_get_child_value (sales, index);
  char *uid = NULL;

  g_assert_true (g_variant_lookup (sale, "uid", "s", &uid));
  return uid;
}

/* The uids of @sales joined by spaces, so that a failure shows both lists whole. */
static char *
uids_text (GVariant *sales)
{
  g_autoptr(GString) text = g_string_new ("");

  for (gsize i = 0; i < g_variant_n_children (sales); i++)
    {
      g_autofree char *uid = uid_at (sales, i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", uid);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_same_sales (GVariant *actual,
                   GVariant *expected)
{
  if (!g_variant_equal (actual, expected))
    {
      g_autofree char *actual_text = g_variant_print (actual, FALSE);
      g_autofree char *expected_text = g_variant_print (expected, FALSE);

      g_assert_cmpstr (actual_text, ==, expected_text);
    }
}

static void
test_pages_join_to_list_sales (ServiceBus    *bus,
                               gconstpointer  data)
{
  static const char * const filters[] = {
    "@a{sv} {}", "{'client': <'ACME'>}", "{'currency': <'USD'>}", "{'client': <'ωμεγα'>}",
    "{'client': <'nobody'>}",
  };
  static const guint limits[] = { 1, 7, 1000 };

  add_sales (bus, 45);

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autoptr(GVariant) expected = list_sales (bus, filters[f]);
      gsize n = g_variant_n_children (expected);

      for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
        {
          g_auto(GVariantBuilder) all = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
          g_autoptr(GVariant) joined = NULL;
          g_autofree char *after = g_strdup ("");
          guint n_pages = 0;

          do
            {
              g_autoptr(GVariant) page = NULL;
              char *next;

              page = list_page (bus, filters[f], limits[l], after, &next);
              n_pages++;
              for (gsize i = 0; i < g_variant_n_children (page); i++)
                g_variant_builder_add_value (&all, g_variant_get_child_value (page, i));
              g_free (after);
              after = next;
            }
          while (*after != '\0');

          joined = g_variant_ref_sink (g_variant_builder_end (&all));
          assert_same_sales (joined, expected);
          g_assert_cmpuint (n_pages, ==, MAX (1, (n + limits[l] - 1) / limits[l]));
        }
    }
}

/* However many sales are asked for, a page holds at most 250 (issue #18). */
static void
test_at_most_250_a_page (ServiceBus    *bus,
                         gconstpointer  data)
{
  g_autoptr(GVariant) expected = NULL;
  g_autoptr(GVariant) first = NULL;
  g_autoptr(GVariant) second = NULL;
  g_autofree char *next = NULL;
  g_autofree char *last = NULL;

  add_sales (bus, 300);
  expected = list_sales (bus, "@a{sv} {}");

  first = list_page (bus, "@a{sv} {}", 1000, "", &next);
  g_assert_cmpuint (g_variant_n_children (first), ==, MAX_PAGE_SALES);
  g_assert_cmpstr (next, !=, "");
  second = list_page (bus, "@a{sv} {}", 1000, next, &last);
  g_assert_cmpuint (g_variant_n_children (second), ==, 300 - MAX_PAGE_SALES);
  g_assert_cmpstr (last, ==, "");
  for (gsize i = 0; i < 300; i++)
    {
      g_autoptr(GVariant) page_sale = i < MAX_PAGE_SALES ?
                                      g_variant_get_child_value (first, i) :
                                      g_variant_get_child_value (second, i - MAX_PAGE_SALES);
      g_autoptr(GVariant) listed = g_variant_get_child_value (expected, i);

      g_assert_true (g_variant_equal (page_sale, listed));
    }
}

/* The cursor holds a place, not a sale: the page after a removed sale, or one that moved,
 * starts where the removed one was. */
static void
test_cursor_after_removed_sale (ServiceBus    *bus,
                                gconstpointer  data)
{
  g_autoptr(GVariant) all = NULL;
  g_autoptr(GVariant) first = NULL;
  g_autoptr(GVariant) second = NULL;
  g_autoptr(GVariant) rest = NULL;
  g_autofree char *next = NULL;
  g_autofree char *next2 = NULL;
  g_autofree char *next3 = NULL;
  g_autofree char *last_of_first = NULL;
  g_autofree char *last_of_second = NULL;
  g_autofree char *second_text = NULL;
  g_autofree char *expected_text = NULL;
  g_autoptr(GVariantDict) changes = NULL;
  g_autoptr(GVariantDict) sale = NULL;
  guint64 revision = 0;

  add_sales (bus, 12);
  all = list_sales (bus, "@a{sv} {}");

  first = list_page (bus, "@a{sv} {}", 5, "", &next);
  last_of_first = uid_at (first, 4);
  g_variant_unref (service_call_ok (bus->connection, "RemoveSale",
                                    g_variant_new ("(s)", last_of_first), "()"));

  second = list_page (bus, "@a{sv} {}", 3, next, &next2);
  second_text = uids_text (second);
  {
    g_autofree char *a = uid_at (all, 5);
    g_autofree char *b = uid_at (all, 6);
    g_autofree char *c = uid_at (all, 7);

    expected_text = g_strdup_printf ("%s %s %s", a, b, c);
  }
  g_assert_cmpstr (second_text, ==, expected_text);

  /* The cursor's sale renamed to a client that sorts first: the next page is still after the
   * place it had. */
  last_of_second = uid_at (second, 2);
  sale = get_sale (bus->connection, last_of_second);
  g_assert_true (g_variant_dict_lookup (sale, "revision", "t", &revision));
  changes = g_variant_dict_new (NULL);
  g_variant_dict_insert (changes, "client", "s", "AAA First");
  g_variant_unref (service_call_ok (bus->connection, "UpdateSale",
                                    g_variant_new ("(st@a{sv})", last_of_second, revision,
                                                   g_variant_dict_end (changes)), "(t)"));
  rest = list_page (bus, "@a{sv} {}", 100, next2, &next3);
  g_assert_cmpstr (next3, ==, "");
  g_assert_cmpuint (g_variant_n_children (rest), ==, 4);
  for (gsize i = 0; i < 4; i++)
    {
      g_autofree char *actual = uid_at (rest, i);
      g_autofree char *expected = uid_at (all, 8 + i);

      g_assert_cmpstr (actual, ==, expected);
    }
}

/* Sales added between two pages show on the later page when they sort after its cursor, and
 * none of the others repeats or goes missing. */
static void
test_change_between_pages (ServiceBus    *bus,
                           gconstpointer  data)
{
  g_autoptr(GVariant) first = NULL;
  g_autoptr(GVariant) rest = NULL;
  g_autoptr(GVariant) all = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *next = NULL;
  g_autofree char *next2 = NULL;
  g_autofree char *early = NULL;
  g_autofree char *late = NULL;

  add_sales (bus, 10);
  first = list_page (bus, "@a{sv} {}", 4, "", &next);
  early = add_sale (bus->connection, sale_dict_new ("AAA Early"));
  late = add_sale (bus->connection, sale_dict_new ("Zeta Late"));

  rest = list_page (bus, "@a{sv} {}", 1000, next, &next2);
  g_assert_cmpstr (next2, ==, "");
  for (gsize i = 0; i < g_variant_n_children (first); i++)
    g_assert_true (g_hash_table_add (seen, uid_at (first, i)));
  for (gsize i = 0; i < g_variant_n_children (rest); i++)
    g_assert_true (g_hash_table_add (seen, uid_at (rest, i)));

  g_assert_false (g_hash_table_contains (seen, early));
  g_assert_true (g_hash_table_contains (seen, late));
  all = list_sales (bus, "@a{sv} {}");
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_variant_n_children (all) - 1);
}

static void
test_refusals (ServiceBus    *bus,
               gconstpointer  data)
{
  static const char * const bad_cursors[] = {
    "garbage", "AAAA", "AQ==", "bm90IGEgY3Vyc29y", "a b", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) sales = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *upcoming_cursor = NULL;

  /* An empty store: one empty page, no cursor. */
  sales = list_page (bus, "@a{sv} {}", 10, "", &next);
  g_assert_cmpuint (g_variant_n_children (sales), ==, 0);
  g_assert_cmpstr (next, ==, "");
  g_clear_pointer (&sales, g_variant_unref);
  g_clear_pointer (&next, g_free);

  add_sales (bus, 3);

  /* Twice each: the first call of a client goes to the main thread, the next to the reading
   * thread, which must give the main thread the call to refuse. */
  for (guint round = 0; round < 2; round++)
    {
      reply = service_call (bus->connection, "ListSalesPage",
                            g_variant_new_parsed ("(@a{sv} {}, uint32 0, '')"), "(aa{sv}s)",
                            &error);
      assert_dbus_error (error, INVALID_ARGUMENT,
                         "The page size 0 is not valid: ask for between 1 and 1000 sales.");
      g_clear_error (&error);
      reply = service_call (bus->connection, "ListSalesPage",
                            g_variant_new_parsed ("(@a{sv} {}, uint32 1001, '')"), "(aa{sv}s)",
                            &error);
      assert_dbus_error (error, INVALID_ARGUMENT,
                         "The page size 1001 is not valid: ask for between 1 and 1000 sales.");
      g_clear_error (&error);

      for (guint i = 0; i < G_N_ELEMENTS (bad_cursors); i++)
        {
          reply = service_call (bus->connection, "ListSalesPage",
                                g_variant_new ("(@a{sv}us)", g_variant_new_parsed ("@a{sv} {}"),
                                               10, bad_cursors[i]),
                                "(aa{sv}s)", &error);
          assert_dbus_error (error, INVALID_ARGUMENT,
                             "The page cursor is not one this service gave out; ask for the "
                             "first page again with an empty cursor.");
          g_clear_error (&error);
        }

      /* The filter is checked as ListSales's. */
      reply = service_call (bus->connection, "ListSalesPage",
                            g_variant_new_parsed ("({'colour': <'red'>}, uint32 10, '')"),
                            "(aa{sv}s)", &error);
      assert_dbus_error (error, INVALID_ARGUMENT, "The filter key “colour” is not known.");
      g_clear_error (&error);
      g_assert_null (reply);
    }

  /* A cursor of UpcomingPage is not one of ListSalesPage, and the other way round. */
  reply = service_call_ok (bus->connection, "UpcomingPage",
                           g_variant_new_parsed ("('2027-01-01', '2027-12-31', @a{sv} {}, "
                                                 "uint32 1, '')"), "(aa{sv}s)");
  g_variant_get (reply, "(@aa{sv}s)", NULL, &upcoming_cursor);
  g_clear_pointer (&reply, g_variant_unref);
  g_assert_cmpstr (upcoming_cursor, !=, "");
  reply = service_call (bus->connection, "ListSalesPage",
                        g_variant_new ("(@a{sv}us)", g_variant_new_parsed ("@a{sv} {}"), 10,
                                       upcoming_cursor), "(aa{sv}s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The page cursor is not one this service gave out; ask for the first page "
                     "again with an empty cursor.");
  g_clear_error (&error);

  sales = list_page (bus, "@a{sv} {}", 1, "", &cursor);
  reply = service_call (bus->connection, "UpcomingPage",
                        g_variant_new ("(ss@a{sv}us)", "2027-01-01", "2027-12-31",
                                       g_variant_new_parsed ("@a{sv} {}"), 10, cursor),
                        "(aa{sv}s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The page cursor is not one this service gave out; ask for the first page "
                     "again with an empty cursor.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  service_test_add ("/service/list-sales-page/pages-join-to-list-sales",
                    test_pages_join_to_list_sales);
  service_test_add ("/service/list-sales-page/at-most-250-sales-a-page",
                    test_at_most_250_a_page);
  service_test_add ("/service/list-sales-page/cursor-after-removed-sale-continues",
                    test_cursor_after_removed_sale);
  service_test_add ("/service/list-sales-page/sales-added-between-pages",
                    test_change_between_pages);
  service_test_add ("/service/list-sales-page/refuses-bad-limit-cursor-and-filter",
                    test_refusals);

  return g_test_run ();
}
