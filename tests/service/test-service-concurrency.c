/* test-service-concurrency.c: twenty clients at once — no lost update, one signal per change;
 * a long read delays no write
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each client thread has its own connection, adds its sales, then updates each of them once
 * with compare-and-swap. Then every client increments the amount of the same few "hot" sales,
 * which makes real conflicts: a client that lost the race reads again and retries. A listener
 * counts SalesChanged signals meanwhile; the store revision must have moved by exactly that
 * many changes.
 *
 * Then a whole agenda of 10,000 sales (hundreds of milliseconds to read) asked for, and an
 * UpdateSale right behind it on the same connection: the service dispatches them in that
 * order, and the write must be answered first (issue #18).
 */
#include "config.h"

#include <string.h>

#include "service-test-util.h"

#define N_CLIENTS          20
#define N_SALES_PER_CLIENT 500
#define N_HOT_SALES        5
#define N_HOT_INCREMENTS   10   /* per client and hot sale */
#define MAX_ATTEMPTS       10000

typedef struct {
  ServiceBus *bus;
  GMutex      lock;
  GCond       cond;
  guint       n_added;       /* clients done adding, under lock */
  char       *uids[N_CLIENTS * N_SALES_PER_CLIENT];
  guint       n_conflicts;   /* atomic */
  guint       n_done;        /* atomic */
} Run;

static guint64
read_revision (GDBusConnection *connection,
               const char      *uid,
               gint64          *out_amount_minor)
{
  g_autoptr(GVariantDict) sale = get_sale (connection, uid);
  guint64 revision = 0;

  g_assert_true (g_variant_dict_lookup (sale, "revision", "t", &revision));
  if (out_amount_minor != NULL)
    g_assert_true (g_variant_dict_lookup (sale, "amount_minor", "x", out_amount_minor));
  return revision;
}

/* Compare-and-swap: read, change, write with the revision read; again when someone was
 * faster. @increment adds 1 to the amount read; else the note is set to @note. */
static void
update_with_retry (Run             *run,
                   GDBusConnection *connection,
                   const char      *uid,
                   gboolean         increment,
                   const char      *note)
{
  for (guint attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
    {
      g_autoptr(GVariantDict) changes = g_variant_dict_new (NULL);
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;
      gint64 amount_minor;
      guint64 revision = read_revision (connection, uid, &amount_minor);

      if (increment)
        g_variant_dict_insert (changes, "amount_minor", "x", amount_minor + 1);
      else
        g_variant_dict_insert (changes, "note", "s", note);

      reply = service_call (connection, "UpdateSale",
                            g_variant_new ("(st@a{sv})", uid, revision,
                                           g_variant_dict_end (changes)), "(t)", &error);
      if (reply != NULL)
        return;

      assert_dbus_error (error, SERVICE_ERROR "Conflict", NULL);
      g_atomic_int_inc (&run->n_conflicts);
    }

  g_assert_not_reached ();
}

static gpointer
client_thread (gpointer user_data)
{
  Run *run = user_data;
  static int next_client = 0;
  int client = g_atomic_int_add (&next_client, 1);
  g_autoptr(GDBusConnection) connection = service_bus_connect (run->bus);
  g_autofree char *note = g_strdup_printf ("Updated by client %02d", client);
  char **my_uids = &run->uids[client * N_SALES_PER_CLIENT];

  for (guint i = 0; i < N_SALES_PER_CLIENT; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client %02d sale %03u", client, i);

      my_uids[i] = add_sale (connection, sale_dict_new (name));
    }

  /* The hot sales are the first client's: wait until everybody has added. */
  g_mutex_lock (&run->lock);
  run->n_added++;
  g_cond_broadcast (&run->cond);
  while (run->n_added < N_CLIENTS)
    g_cond_wait (&run->cond, &run->lock);
  g_mutex_unlock (&run->lock);

  for (guint i = 0; i < N_SALES_PER_CLIENT; i++)
    {
      update_with_retry (run, connection, my_uids[i], FALSE, note);
      if (i < N_HOT_SALES * N_HOT_INCREMENTS)
        update_with_retry (run, connection, run->uids[i % N_HOT_SALES], TRUE, NULL);
    }

  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_atomic_int_inc (&run->n_done);
  g_main_context_wakeup (NULL);
  return NULL;
}

static void
test_concurrent_clients (ServiceBus    *bus,
                         gconstpointer  data)
{
  g_autoptr(SignalRecorder) recorder = NULL;
  GThread *threads[N_CLIENTS];
  Run run = { .bus = bus };
  g_autoptr(GHashTable) signalled = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) sales = NULL;
  guint64 start_revision, end_revision;
  guint n_expected_changes = N_CLIENTS * N_SALES_PER_CLIENT * 2 +
                             N_CLIENTS * N_HOT_SALES * N_HOT_INCREMENTS;
  gint64 started;
  GVariantIter iter;
  GVariant *sale;

  g_mutex_init (&run.lock);
  g_cond_init (&run.cond);
  start_revision = service_get_revision (bus->connection);
  recorder = signal_recorder_new (bus->connection);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < N_CLIENTS; i++)
    threads[i] = g_thread_new ("client", client_thread, &run);

  /* The signals are dispatched here while the clients work. */
  while (g_atomic_int_get (&run.n_done) < N_CLIENTS)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < N_CLIENTS; i++)
    g_thread_join (threads[i]);
  g_test_message ("%u changes by %d clients took %.1f s, with %u conflicts.", n_expected_changes,
                  N_CLIENTS, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC,
                  g_atomic_int_get (&run.n_conflicts));

  end_revision = service_get_revision (bus->connection);
  g_assert_cmpuint (end_revision - start_revision, ==, n_expected_changes);
  signal_recorder_wait (recorder, n_expected_changes);
  g_assert_cmpuint (recorder->uids->len, ==, n_expected_changes);
  for (guint i = 0; i < recorder->revisions->len; i++)
    {
      char **uids = g_ptr_array_index (recorder->uids, i);

      g_assert_cmpuint (g_strv_length (uids), ==, 1);
      g_hash_table_add (signalled, uids[0]);
      /* One change each, in order. */
      g_assert_cmpuint (g_array_index (recorder->revisions, guint64, i), ==, start_revision + i + 1);
    }

  /* Exactly the sales added, each with its update; the hot ones with every increment. */
  reply = service_call_ok (bus->connection, "ListSales", g_variant_new_parsed ("(@a{sv} {},)"),
                           "(aa{sv})");
  sales = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (sales), ==, N_CLIENTS * N_SALES_PER_CLIENT);
  g_assert_cmpuint (g_hash_table_size (signalled), ==, N_CLIENTS * N_SALES_PER_CLIENT);

  g_variant_iter_init (&iter, sales);
  while ((sale = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = sale;
      const char *uid, *client, *note;
      g_autofree char *expected_note = NULL;
      guint64 revision;
      gint64 amount_minor;
      gboolean hot = FALSE;

      g_assert_true (g_variant_lookup (sale, "uid", "&s", &uid));
      g_assert_true (g_variant_lookup (sale, "client", "&s", &client));
      g_assert_true (g_variant_lookup (sale, "note", "&s", &note));
      g_assert_true (g_variant_lookup (sale, "revision", "t", &revision));
      g_assert_true (g_variant_lookup (sale, "amount_minor", "x", &amount_minor));
      g_assert_true (g_hash_table_contains (signalled, uid));

      /* The client that added the sale set its note. */
      expected_note = g_strdup_printf ("Updated by client %02d", atoi (client + strlen ("Client ")));
      g_assert_cmpstr (note, ==, expected_note);

      for (guint i = 0; i < N_HOT_SALES; i++)
        hot = hot || g_str_equal (uid, run.uids[i]);
      if (hot)
        {
          g_assert_cmpint (amount_minor, ==, 12000 + N_CLIENTS * N_HOT_INCREMENTS);
          g_assert_cmpuint (revision, ==, 2 + N_CLIENTS * N_HOT_INCREMENTS);
        }
      else
        {
          g_assert_cmpint (amount_minor, ==, 12000);
          g_assert_cmpuint (revision, ==, 2);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (run.uids); i++)
    g_free (run.uids[i]);
  g_mutex_clear (&run.lock);
  g_cond_clear (&run.cond);
}

#define N_LONG_READ_SALES  10000

/* A call's reply and when it came, in the order replies came. */
typedef struct {
  GVariant *reply;
  GError   *error;
  gint64    latency;
  gint64    started;
  guint     order;
  guint    *n_replies;
} PendingCall;

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PendingCall *call = user_data;

  call->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &call->error);
  call->latency = g_get_monotonic_time () - call->started;
  call->order = ++*call->n_replies;
}

static void
start_call (GDBusConnection *connection,
            const char      *method,
            GVariant        *parameters,
            const char      *reply_type,
            PendingCall     *call)
{
  call->started = g_get_monotonic_time ();
  g_dbus_connection_call (connection, RS_TEST_SERVICE_NAME, RS_TEST_SERVICE_PATH,
                          SERVICE_INTERFACE, method, parameters, G_VARIANT_TYPE (reply_type),
                          G_DBUS_CALL_FLAGS_NONE, 120000, NULL, on_reply, call);
}

static void
test_long_read_delays_no_write (ServiceBus    *bus,
                                gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("{ \"format\": \"evolution-recurring-sales\", "
                                          "\"version\": 1, \"sales\": [\n");
  g_autoptr(GVariant) imported = NULL;
  g_autoptr(GVariantDict) sale = NULL;
  g_autoptr(GVariant) items = NULL;
  PendingCall upcoming = { 0 }, update = { 0 };
  guint64 revision = 0;
  guint n_replies = 0;

  /* Monthly sales, each with an invoice in the window. */
  for (guint i = 0; i < N_LONG_READ_SALES; i++)
    g_string_append_printf (json, "%s{ \"uid\": \"long-%05u\", \"client\": \"Client %03u\", "
                            "\"service\": \"Hosting\", \"amount\": \"12.00\", "
                            "\"currency\": \"EUR\", \"period\": \"1m\", "
                            "\"start\": \"2026-01-%02u\", \"term\": \"2y\" }",
                            i == 0 ? "" : ",\n", i, i % 500, 1 + i % 28);
  g_string_append (json, "\n] }\n");
  imported = service_call_ok (bus->connection, "Import",
                              g_variant_new ("(ss)", "json", json->str), "(uaa{sv})");
  sale = get_sale (bus->connection, "long-00042");
  g_assert_true (g_variant_dict_lookup (sale, "revision", "t", &revision));

  upcoming.n_replies = update.n_replies = &n_replies;
  start_call (bus->connection, "Upcoming",
              g_variant_new_parsed ("('2027-03-01', '2027-03-30', @a{sv} {})"), "(aa{sv})",
              &upcoming);
  start_call (bus->connection, "UpdateSale",
              g_variant_new_parsed ("('long-00042', %t, {'note': <'written meanwhile'>})",
                                    revision),
              "(t)", &update);
  while (n_replies < 2)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (upcoming.error);
  g_assert_no_error (update.error);
  g_test_message ("Upcoming of %u sales answered in %.0f ms, the UpdateSale behind it in %.0f ms",
                  N_LONG_READ_SALES, upcoming.latency / 1000.0, update.latency / 1000.0);
  items = g_variant_get_child_value (upcoming.reply, 0);
  g_assert_cmpuint (g_variant_n_children (items), >=, N_LONG_READ_SALES / 2);
  g_assert_cmpuint (update.order, ==, 1);
  g_assert_cmpuint (upcoming.order, ==, 2);

  g_variant_unref (upcoming.reply);
  g_variant_unref (update.reply);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  service_test_add ("/service/concurrency/twenty-clients-lose-no-update-and-signal-every-change",
                    test_concurrent_clients);
  service_test_add ("/service/concurrency/long-read-delays-no-write",
                    test_long_read_delays_no_write);

  return g_test_run ();
}
