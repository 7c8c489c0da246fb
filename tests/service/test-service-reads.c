/* test-service-reads.c: GetSale is answered while the main thread writes, and every client
 * reads what was written before it asked (issue #18)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GetSale is answered in GDBus's worker thread from the last snapshot of the sales that the
 * main thread published (plugin/service/rs-service-reads.c). Two promises are checked here:
 *
 * - A long write holds up no GetSale: an Import of 10,000 sales (one transaction, hundreds of
 *   milliseconds in the main thread) is under way while another client asks for a sale (and
 *   lists its client's sales) again and again; the answers come before the import's, and show
 *   the sale as it was. Once the
 *   import was answered, its sales are there for everyone.
 * - Read-your-writes under concurrency: several clients, each on its own connection, update
 *   their own sale and read it back at once (GetSale, and ListSales now and then), many
 *   times; each reads exactly what it wrote, and reading another client's sale never shows it
 *   older than what that client was last told it committed.
 * ListSales is answered from the same snapshot, in a reading thread: it is checked alongside.
 */
#include "config.h"

#include <string.h>

#include "service-test-util.h"

#define N_IMPORTED_SALES 10000
#define MIN_READS_DURING 3     /* GetSale answered while the import is under way, at least */
#define N_WRITERS        8
#define N_ROUNDS         150

typedef struct {
  GVariant *reply;
  GError   *error;
  gboolean  done;
} PendingCall;

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PendingCall *call = user_data;

  call->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &call->error);
  call->done = TRUE;
}

static void
start_call (GDBusConnection *connection,
            const char      *method,
            GVariant        *parameters,
            const char      *reply_type,
            PendingCall     *call)
{
  g_dbus_connection_call (connection, RS_TEST_SERVICE_NAME, RS_TEST_SERVICE_PATH,
                          SERVICE_INTERFACE, method, parameters, G_VARIANT_TYPE (reply_type),
                          G_DBUS_CALL_FLAGS_NONE, 300000, NULL, on_reply, call);
}

static guint64
sale_revision (GVariantDict *sale)
{
  guint64 revision = 0;

  g_assert_true (g_variant_dict_lookup (sale, "revision", "t", &revision));
  return revision;
}

static char *
sales_json (void)
{
  GString *json = g_string_new ("{ \"format\": \"evolution-recurring-sales\", \"version\": 1, "
                                "\"sales\": [\n");

  for (guint i = 0; i < N_IMPORTED_SALES; i++)
    g_string_append_printf (json, "%s{ \"uid\": \"imported-%05u\", \"client\": \"Client %03u\", "
                            "\"service\": \"Hosting %05u\", \"amount\": \"12.00\", "
                            "\"currency\": \"EUR\", \"period\": \"1m\", "
                            "\"start\": \"2026-01-%02u\", \"term\": \"2y\" }",
                            i == 0 ? "" : ",\n", i, i % 500, i, 1 + i % 28);
  g_string_append (json, "\n] }\n");
  return g_string_free (json, FALSE);
}

/* ListSales of the steady client: its one sale, at @revision. */
static void
list_steady (GDBusConnection *connection,
             const char      *uid,
             guint64          revision)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) sales = NULL;
  g_autoptr(GVariantDict) sale = NULL;
  g_autoptr(GVariant) first = NULL;
  const char *listed_uid = NULL;

  reply = service_call_ok (connection, "ListSales",
                           g_variant_new_parsed ("({'client': <'steady'>},)"), "(aa{sv})");
  sales = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (sales), ==, 1);
  first = g_variant_get_child_value (sales, 0);
  sale = g_variant_dict_new (first);
  g_assert_true (g_variant_dict_lookup (sale, "uid", "&s", &listed_uid));
  g_assert_cmpstr (listed_uid, ==, uid);
  g_assert_cmpuint (sale_revision (sale), ==, revision);
}

static void
test_get_sale_during_long_write (ServiceBus    *bus,
                                 gconstpointer  data)
{
  g_autoptr(GDBusConnection) reader = service_bus_connect (bus);
  g_autoptr(GVariantDict) dict = sale_dict_new ("Steady Ltd");
  g_autoptr(GVariantDict) before = NULL;
  g_autoptr(GVariantDict) imported = NULL;
  g_autofree char *uid = add_sale (bus->connection, dict);
  g_autofree char *json = sales_json ();
  PendingCall import = { 0 }, marker = { 0 };
  guint64 revision;
  guint n_during = 0, n_added = 0;
  gint64 started, slowest = 0;

  /* The reader's first call: the service learns who it is (asking the bus, in the main
   * thread), as for any new client. */
  before = get_sale (reader, uid);
  revision = sale_revision (before);

  /* A GetSale right behind the Import on the same connection reaches the service after it:
   * once it is answered, the import is in the main thread's hands. */
  started = g_get_monotonic_time ();
  start_call (bus->connection, "Import", g_variant_new ("(ss)", "json", json), "(uaa{sv})",
              &import);
  start_call (bus->connection, "GetSale", g_variant_new ("(s)", uid), "(a{sv})", &marker);
  while (!marker.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (marker.error);
  g_clear_pointer (&marker.reply, g_variant_unref);

  /* Meanwhile the main thread imports; its reply is taken as soon as it came. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (!import.done)
    {
      g_autoptr(GVariantDict) sale = NULL;
      gint64 asked = g_get_monotonic_time ();

      sale = get_sale (reader, uid);
      g_assert_cmpuint (sale_revision (sale), ==, revision);
      list_steady (reader, uid, revision);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (!import.done)
        {
          n_during++;
          slowest = MAX (slowest, g_get_monotonic_time () - asked);
        }
    }
  g_assert_no_error (import.error);
  g_variant_get (import.reply, "(u@aa{sv})", &n_added, NULL);
  g_assert_cmpuint (n_added, ==, N_IMPORTED_SALES);

  g_test_message ("Import of %u sales answered after %.0f ms; %u GetSale answered meanwhile, "
                  "the slowest in %.1f ms", N_IMPORTED_SALES,
                  (g_get_monotonic_time () - started) / 1000.0, n_during, slowest / 1000.0);
  g_assert_cmpuint (n_during, >=, MIN_READS_DURING);

  /* What the import wrote, once answered, is there for another client too. */
  imported = get_sale (reader, "imported-09999");
  g_assert_cmpuint (sale_revision (imported), >=, 1);
  g_variant_unref (import.reply);
}

/* Read-your-writes */

typedef struct {
  ServiceBus *bus;
  char       *uids[N_WRITERS];
  GMutex      lock;
  guint64     acknowledged[N_WRITERS];  /* the last revision each writer was told; lock */
  guint       n_wrong_own;              /* atomic */
  guint       n_older_than_told;        /* atomic */
  char       *first_wrong;              /* lock */
} Writers;

typedef struct {
  Writers *writers;
  guint    index;
} Writer;

static void
writers_record_wrong (Writers    *writers,
                      guint      *counter,
                      const char *what)
{
  g_atomic_int_inc (counter);
  g_mutex_lock (&writers->lock);
  if (writers->first_wrong == NULL)
    writers->first_wrong = g_strdup (what);
  g_mutex_unlock (&writers->lock);
}

static gpointer
writer_thread (gpointer user_data)
{
  Writer *writer = user_data;
  Writers *writers = writer->writers;
  g_autoptr(GDBusConnection) connection = service_bus_connect (writers->bus);
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5eed + writer->index);
  const char *uid = writers->uids[writer->index];
  g_autoptr(GVariantDict) first = get_sale (connection, uid);
  guint64 revision = sale_revision (first);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *note = g_strdup_printf ("writer %u round %u", writer->index, round);
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GVariantDict) own = NULL;
      g_autoptr(GVariantDict) other = NULL;
      g_autofree char *read_note = NULL;
      guint other_index = (guint) g_rand_int_range (rand, 0, N_WRITERS);
      guint64 told;

      reply = service_call_ok (connection, "UpdateSale",
                               g_variant_new_parsed ("(%s, %t, {'note': <%s>})", uid, revision,
                                                     note),
                               "(t)");
      g_variant_get (reply, "(t)", &revision);
      g_mutex_lock (&writers->lock);
      writers->acknowledged[writer->index] = revision;
      g_mutex_unlock (&writers->lock);

      own = get_sale (connection, uid);
      g_variant_dict_lookup (own, "note", "s", &read_note);
      if (sale_revision (own) != revision || g_strcmp0 (read_note, note) != 0)
        writers_record_wrong (writers, &writers->n_wrong_own, note);

      if (round % 10 == 0)
        {
          g_autofree char *client = g_strdup_printf ("Writer %u Ltd", writer->index);
          g_autoptr(GVariant) listed = NULL;
          g_autoptr(GVariant) sales = NULL;
          g_autoptr(GVariant) first_listed = NULL;
          guint64 listed_revision = 0;

          listed = service_call_ok (connection, "ListSales",
                                    g_variant_new_parsed ("({'client': <%s>},)", client),
                                    "(aa{sv})");
          sales = g_variant_get_child_value (listed, 0);
          first_listed = g_variant_n_children (sales) == 1 ?
                         g_variant_get_child_value (sales, 0) : NULL;
          if (first_listed == NULL ||
              !g_variant_lookup (first_listed, "revision", "t", &listed_revision) ||
              listed_revision != revision)
            writers_record_wrong (writers, &writers->n_wrong_own, client);
        }

      /* Another writer's sale: at least as new as what that writer was told before this. */
      g_mutex_lock (&writers->lock);
      told = writers->acknowledged[other_index];
      g_mutex_unlock (&writers->lock);
      other = get_sale (connection, writers->uids[other_index]);
      if (sale_revision (other) < told)
        writers_record_wrong (writers, &writers->n_older_than_told, writers->uids[other_index]);
    }

  g_dbus_connection_close_sync (connection, NULL, NULL);
  return NULL;
}

static void
test_read_your_writes (ServiceBus    *bus,
                       gconstpointer  data)
{
  Writers writers = { .bus = bus };
  Writer writer_data[N_WRITERS];
  GThread *threads[N_WRITERS];
  guint64 start_revision, end_revision;

  g_mutex_init (&writers.lock);
  for (guint i = 0; i < N_WRITERS; i++)
    {
      g_autofree char *client = g_strdup_printf ("Writer %u Ltd", i);
      g_autoptr(GVariantDict) dict = sale_dict_new (client);

      writers.uids[i] = add_sale (bus->connection, dict);
    }
  start_revision = service_get_revision (bus->connection);

  for (guint i = 0; i < N_WRITERS; i++)
    {
      writer_data[i] = (Writer) { &writers, i };
      threads[i] = g_thread_new ("writer", writer_thread, &writer_data[i]);
    }
  for (guint i = 0; i < N_WRITERS; i++)
    g_thread_join (threads[i]);

  end_revision = service_get_revision (bus->connection);
  if (writers.first_wrong != NULL)
    g_test_message ("first wrong read: %s", writers.first_wrong);
  g_assert_cmpuint (writers.n_wrong_own, ==, 0);
  g_assert_cmpuint (writers.n_older_than_told, ==, 0);
  g_assert_cmpuint (end_revision - start_revision, ==, N_WRITERS * N_ROUNDS);

  for (guint i = 0; i < N_WRITERS; i++)
    g_free (writers.uids[i]);
  g_free (writers.first_wrong);
  g_mutex_clear (&writers.lock);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  service_test_add ("/service/reads/get-sale-answered-during-long-write",
                    test_get_sale_during_long_write);
  service_test_add ("/service/reads/read-your-writes-under-concurrency",
                    test_read_your_writes);

  return g_test_run ();
}
