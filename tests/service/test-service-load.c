/* test-service-load.c: fifty clients for a minute against 10,000 sales (issue #7), then the same
 * with five whole agendas read page by page all the time (issue #18)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * 10,000 generated sales (500 clients with 20 sales each) are imported in one Import call;
 * then 50 client threads, each with its own connection, call the service as fast as it
 * answers for RS_LOAD_SECONDS (60 by default, 20 in a build with AddressSanitizer; 0 skips),
 * each with a fixed, seeded mix of operations:
 *
 *   40 % GetSale of any sale;
 *   15 % ListSales of one client (its 20 sales);
 *   14 % Upcoming of one client over a 30-day window of 2027;
 *    1 % Upcoming of everything over such a window (the whole agenda, ~10,000 items, as
 *        `recurring-sales upcoming --days 30` asks);
 *   20 % UpdateSale compare-and-swap: GetSale, note "n=<k>" to "n=<k+1>", UpdateSale with the
 *        revision read, again after a Conflict;
 *    5 % MarkOccurrence of an issue date (issued, prepaid, skipped or open);
 *    5 % ListDeliveries of one sale.
 *
 * Then the same again, each client going on from where it was, with five more clients reading
 * the whole agenda of a 30-day window page by page (UpcomingPage, 250 items a page, until
 * the last) all the time: the long reads must not hold up the others (issue #18). Each walk
 * must add up to exactly the invoices, expiries and notices of its window.
 *
 * Half of the writes go to 200 "hot" sales, so that clients collide. Every call's latency is
 * measured on the monotonic clock and every error counted by its D-Bus name: the only error
 * allowed is Conflict, as the answer to UpdateSale. The readers check what they read: the sale
 * asked for, the client's 20 sales, exactly the invoices, expiries and notices the generated
 * schedules have in the window (marks change only reminders), an empty delivery ledger.
 *
 * Afterwards every sale that was written, and every hot one, is read with GetSale: its note
 * must count exactly the increments the clients committed (no lost update) and its revision
 * must have moved once per committed UpdateSale and MarkOccurrence; the store's Revision
 * property must have moved by all of them, so no other sale changed. The same service process
 * must have answered from first to last (an activation would hide a crash). The figures are
 * TAP comments, for each half: calls, errors, calls/s and p50/p90/p99/max latency per kind and
 * overall, the CPU the service used; then its peak RSS (VmHWM).
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "service-test-util.h"

#define N_SALES           10000
#define N_HOT_SALES       200
#define N_CLIENT_NAMES    500     /* 20 sales each */
#define N_CLIENTS         50
#define N_PAGE_READERS    5       /* in the second half */
#define PAGE_ITEMS        250     /* the most the service gives */
#define N_WINDOWS         12      /* one 30-day window starting on the first of each month */
#define WINDOW_DAYS       30
#define NOTICE_DAYS       30
#define MAX_ATTEMPTS      1000    /* per compare-and-swap; more is starvation */
#define SEED              0x7e57105dU

#ifdef __SANITIZE_ADDRESS__
# define SANITIZED_BUILD 1
#elif defined (__has_feature)
# if __has_feature (address_sanitizer)
#  define SANITIZED_BUILD 1
# endif
#endif

#ifdef SANITIZED_BUILD
# define DEFAULT_SECONDS 20   /* everything is several times slower; CI runs both builds */
#else
# define DEFAULT_SECONDS 60
#endif

#define CONFLICT SERVICE_ERROR "Conflict"

typedef enum {
  KIND_GET_SALE,
  KIND_LIST_SALES,
  KIND_UPCOMING,
  KIND_UPCOMING_ALL,
  KIND_UPDATE_SALE,
  KIND_MARK_OCCURRENCE,
  KIND_LIST_DELIVERIES,
  KIND_UPCOMING_PAGE,             /* the page readers' only call, not in the mix */
  N_KINDS
} Kind;

#define N_MIXED_KINDS KIND_UPCOMING_PAGE

/* The method each kind calls, its name in the figures, and its share of the operations in
 * percent (the compare-and-swap's reads are GetSale calls too). */
static const struct {
  const char *method;
  const char *label;
  guint       percent;
} kinds[N_KINDS] = {
  [KIND_GET_SALE]        = { "GetSale",        "GetSale",        40 },
  [KIND_LIST_SALES]      = { "ListSales",      "ListSales",      15 },
  [KIND_UPCOMING]        = { "Upcoming",       "Upcoming",       14 },
  [KIND_UPCOMING_ALL]    = { "Upcoming",       "Upcoming all",    1 },
  [KIND_UPDATE_SALE]     = { "UpdateSale",     "UpdateSale",     20 },
  [KIND_MARK_OCCURRENCE] = { "MarkOccurrence", "MarkOccurrence",  5 },
  [KIND_LIST_DELIVERIES] = { "ListDeliveries", "ListDeliveries",  5 },
  [KIND_UPCOMING_PAGE]   = { "UpcomingPage",   "UpcomingPage",    0 },
};

static const char * const mark_states[] = { "issued", "prepaid", "skipped", "open" };

typedef struct {
  ServiceBus *bus;
  GMutex      lock;
  GCond       cond;
  guint       n_threads;                   /* clients of this half */
  guint       n_ready;                     /* clients connected, under lock */
  gboolean    go;                          /* under lock */
  gint64      deadline;                    /* monotonic; set before go */
  /* Invoices, expiries and notices per window, of each client name and ([N_CLIENT_NAMES])
   * of all. */
  guint       expected_items[N_WINDOWS][N_CLIENT_NAMES + 1];
} Run;

typedef struct {
  Run             *run;
  guint            index;
  GThread         *thread;
  GRand           *rand;
  GDBusConnection *connection;
  GArray          *latencies[N_KINDS];     /* gint64 µs per call */
  guint            n_errors[N_KINDS];
  GHashTable      *errors;                 /* "label Name" → count (GUINT_TO_POINTER) */
  guint            n_operations[N_KINDS];
  guint64          n_items[N_KINDS];       /* items the Upcoming calls answered */
  guint           *increments;             /* per sale: committed UpdateSale increments */
  guint           *marks;                  /* per sale: committed MarkOccurrence calls */
  guint            n_walks;                 /* whole agendas read, page by page */
  guint            n_unexpected;
  char            *first_unexpected;
} Client;

/* The generated sales */

static void
sale_uid (guint  i,
          char  *buf,
          gsize  size)
{
  g_snprintf (buf, size, "load-%05u", i);
}

static guint
sale_client (guint i)
{
  return i % N_CLIENT_NAMES;
}

static guint
sale_period_months (guint i)
{
  static const guint months[] = { 1, 3, 12 };

  return months[i % G_N_ELEMENTS (months)];
}

/* In 2026, on days 1 to 28 only, so that no issue date is ever clamped to a month's end. */
static void
sale_start (guint  i,
            GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) (1 + (i / 36) % 28), (GDateMonth) (1 + (i / 3) % 12), 2026);
}

/* The term is two years: 24, 8 or 2 issue dates. */
static guint
sale_n_issues (guint i)
{
  return 24 / sale_period_months (i);
}

static void
date_to_iso (const GDate *date,
             char         buf[11])
{
  g_snprintf (buf, 11, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

static char *
sales_json (void)
{
  GString *json = g_string_new ("{ \"format\": \"evolution-recurring-sales\", \"version\": 1,\n"
                                "  \"sales\": [\n");

  for (guint i = 0; i < N_SALES; i++)
    {
      char uid[16], start_text[11];
      GDate start;

      sale_uid (i, uid, sizeof uid);
      sale_start (i, &start);
      date_to_iso (&start, start_text);
      g_string_append_printf (json,
                              "%s    { \"uid\": \"%s\", \"client\": \"Load client %03u Ltd\", "
                              "\"service\": \"Service %u\", \"amount\": \"%u.%02u\", "
                              "\"currency\": \"EUR\", \"period\": \"%s\", \"start\": \"%s\", "
                              "\"term\": \"2y\", \"notice_days\": %u, \"note\": \"n=0\" }",
                              i == 0 ? "" : ",\n", uid, sale_client (i), i, 10 + i % 990, i % 100,
                              sale_period_months (i) == 12 ? "1y" :
                              sale_period_months (i) == 3 ? "3m" : "1m",
                              start_text, NOTICE_DAYS);
    }

  g_string_append (json, "\n  ]\n}\n");
  return g_string_free (json, FALSE);
}

static void
window_dates (guint  window,
              GDate *from,
              GDate *to)
{
  g_date_clear (from, 1);
  g_date_set_dmy (from, 1, (GDateMonth) (1 + window), 2027);
  *to = *from;
  g_date_add_days (to, WINDOW_DAYS - 1);
}

/* Computed from the generated sales, not asked: the issue dates, the expiry (two years less a
 * day after the start) and the notice deadline in each window. */
static void
run_compute_expected_items (Run *run)
{
  memset (run->expected_items, 0, sizeof run->expected_items);

  for (guint window = 0; window < N_WINDOWS; window++)
    {
      guint *expected = run->expected_items[window];
      GDate from, to;

      window_dates (window, &from, &to);
      for (guint i = 0; i < N_SALES; i++)
        {
          guint n = 0;
          GDate date;

          for (guint k = 0; k < sale_n_issues (i); k++)
            {
              sale_start (i, &date);
              g_date_add_months (&date, k * sale_period_months (i));
              n += rs_test_date_in (&date, &from, &to);
            }

          sale_start (i, &date);
          g_date_add_years (&date, 2);
          g_date_subtract_days (&date, 1);
          n += rs_test_date_in (&date, &from, &to);
          g_date_subtract_days (&date, NOTICE_DAYS);
          n += rs_test_date_in (&date, &from, &to);

          expected[sale_client (i)] += n;
          expected[N_CLIENT_NAMES] += n;
        }
    }
}

/* Invoices, expiries and notices in @items: they do not depend on marks, unlike the
 * reminders of invoices (a marked invoice has nothing left to remind of). */
static guint
count_fixed_items (GVariant *items)
{
  GVariantIter iter;
  GVariant *item;
  guint n_fixed = 0;

  g_variant_iter_init (&iter, items);
  while ((item = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *kind = NULL;

      if (g_variant_lookup (item, "kind", "&s", &kind) && !g_str_equal (kind, "reminder"))
        n_fixed++;
      g_variant_unref (item);
    }

  return n_fixed;
}

/* The parts of a client */

static Client *
client_new (Run   *run,
            guint  index)
{
  Client *client = g_new0 (Client, 1);

  client->run = run;
  client->index = index;
  client->rand = g_rand_new_with_seed (SEED + index);
  for (guint kind = 0; kind < N_KINDS; kind++)
    client->latencies[kind] = g_array_new (FALSE, FALSE, sizeof (gint64));
  client->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  client->increments = g_new0 (guint, N_SALES);
  client->marks = g_new0 (guint, N_SALES);
  return client;
}

static void
client_free (Client *client)
{
  g_rand_free (client->rand);
  for (guint kind = 0; kind < N_KINDS; kind++)
    g_array_unref (client->latencies[kind]);
  g_hash_table_unref (client->errors);
  g_free (client->increments);
  g_free (client->marks);
  g_free (client->first_unexpected);
  g_free (client);
}

static void
client_record_failure (Client     *client,
                       Kind        kind,
                       const char *message)
{
  client->n_unexpected++;
  if (client->first_unexpected == NULL)
    client->first_unexpected = g_strdup_printf ("%s: %s", kinds[kind].label, message);
}

static void
client_record_error (Client       *client,
                     Kind          kind,
                     const GError *error)
{
  g_autofree char *remote = g_dbus_error_get_remote_error (error);
  g_autofree char *key = NULL;

  if (remote == NULL)
    key = g_strdup_printf ("%s %s:%d", kinds[kind].label, g_quark_to_string (error->domain),
                           error->code);
  else if (g_str_has_prefix (remote, SERVICE_ERROR))
    key = g_strdup_printf ("%s %s", kinds[kind].label, remote + strlen (SERVICE_ERROR));
  else
    key = g_strdup_printf ("%s %s", kinds[kind].label, remote);

  client->n_errors[kind]++;
  g_hash_table_insert (client->errors, g_strdup (key),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (client->errors,
                                                                                key)) + 1));

  if (kind != KIND_UPDATE_SALE || g_strcmp0 (remote, CONFLICT) != 0)
    client_record_failure (client, kind, error->message);
}

/* One timed call: the reply, or NULL with the error recorded (and returned in @out_error when
 * asked). */
static GVariant *
client_call (Client      *client,
             Kind         kind,
             GVariant    *parameters,
             const char  *reply_type,
             GError     **out_error)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply;
  gint64 started = g_get_monotonic_time ();
  gint64 latency;

  reply = service_call (client->connection, kinds[kind].method, parameters, reply_type, &error);
  latency = g_get_monotonic_time () - started;
  g_array_append_val (client->latencies[kind], latency);

  if (reply == NULL)
    {
      client_record_error (client, kind, error);
      if (out_error != NULL)
        *out_error = g_steal_pointer (&error);
    }

  return reply;
}

static guint
client_pick_sale (Client   *client,
                  gboolean  may_be_hot)
{
  if (may_be_hot && g_rand_boolean (client->rand))
    return (guint) g_rand_int_range (client->rand, 0, N_HOT_SALES);
  return (guint) g_rand_int_range (client->rand, 0, N_SALES);
}

/* The operations */

/* GetSale of sale @i: its dictionary, or NULL. */
static GVariant *
client_get_sale (Client *client,
                 guint   i)
{
  g_autoptr(GVariant) reply = NULL;
  GVariant *sale;
  const char *uid = NULL;
  char expected[16];

  sale_uid (i, expected, sizeof expected);
  reply = client_call (client, KIND_GET_SALE, g_variant_new ("(s)", expected), "(a{sv})", NULL);
  if (reply == NULL)
    return NULL;

  sale = g_variant_get_child_value (reply, 0);
  if (!g_variant_lookup (sale, "uid", "&s", &uid) || !g_str_equal (uid, expected))
    {
      client_record_failure (client, KIND_GET_SALE, "the answer is another sale");
      g_clear_pointer (&sale, g_variant_unref);
    }

  return sale;
}

/* The counter in a note "n=<k>"; FALSE for any other note. */
static gboolean
parse_counter (const char *note,
               guint64    *out_counter)
{
  return note != NULL && g_str_has_prefix (note, "n=") &&
         g_ascii_string_to_unsigned (note + 2, 10, 0, G_MAXUINT32, out_counter, NULL);
}

static void
op_get_sale (Client *client)
{
  g_autoptr(GVariant) sale = client_get_sale (client, client_pick_sale (client, FALSE));
}

static void
op_list_sales (Client *client)
{
  guint name = (guint) g_rand_int_range (client->rand, 0, N_CLIENT_NAMES);
  g_autofree char *filter = g_strdup_printf ("client %03u", name);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) sales = NULL;

  reply = client_call (client, KIND_LIST_SALES,
                       g_variant_new_parsed ("({'client': <%s>},)", filter), "(aa{sv})", NULL);
  if (reply == NULL)
    return;

  sales = g_variant_get_child_value (reply, 0);
  if (g_variant_n_children (sales) != N_SALES / N_CLIENT_NAMES)
    client_record_failure (client, KIND_LIST_SALES, "not the client's 20 sales");
}

/* Upcoming over a window, of one client or (@all) of everything. */
static void
op_upcoming (Client   *client,
             gboolean  all)
{
  Kind kind = all ? KIND_UPCOMING_ALL : KIND_UPCOMING;
  guint window = (guint) g_rand_int_range (client->rand, 0, N_WINDOWS);
  guint name = all ? N_CLIENT_NAMES : (guint) g_rand_int_range (client->rand, 0, N_CLIENT_NAMES);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) items = NULL;
  GVariantDict filter;
  char from_text[11], to_text[11];
  GDate from, to;

  window_dates (window, &from, &to);
  date_to_iso (&from, from_text);
  date_to_iso (&to, to_text);
  g_variant_dict_init (&filter, NULL);
  if (!all)
    {
      g_autofree char *client_text = g_strdup_printf ("client %03u", name);

      g_variant_dict_insert (&filter, "client", "s", client_text);
    }

  reply = client_call (client, kind,
                       g_variant_new ("(ss@a{sv})", from_text, to_text, g_variant_dict_end (&filter)),
                       "(aa{sv})", NULL);
  if (reply == NULL)
    return;

  items = g_variant_get_child_value (reply, 0);
  client->n_items[kind] += g_variant_n_children (items);
  if (count_fixed_items (items) != client->run->expected_items[window][name])
    client_record_failure (client, kind, "not the invoices, expiries and notices of the window");
}

static void
op_update_sale (Client *client)
{
  guint i = client_pick_sale (client, TRUE);
  char uid[16];

  sale_uid (i, uid, sizeof uid);
  for (guint attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
    {
      g_autoptr(GVariant) sale = client_get_sale (client, i);
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *note = NULL;
      g_autofree char *remote = NULL;
      const char *old_note = NULL;
      guint64 revision = 0, counter = 0, new_revision = 0;

      if (sale == NULL)
        return;
      if (!g_variant_lookup (sale, "revision", "t", &revision) ||
          !g_variant_lookup (sale, "note", "&s", &old_note) || !parse_counter (old_note, &counter))
        {
          client_record_failure (client, KIND_GET_SALE, "a sale without revision or counter");
          return;
        }

      note = g_strdup_printf ("n=%" G_GUINT64_FORMAT, counter + 1);
      reply = client_call (client, KIND_UPDATE_SALE,
                           g_variant_new_parsed ("(%s, %t, {'note': <%s>})", uid, revision, note),
                           "(t)", &error);
      if (reply != NULL)
        {
          g_variant_get (reply, "(t)", &new_revision);
          if (new_revision != revision + 1)
            client_record_failure (client, KIND_UPDATE_SALE, "the revision did not move by one");
          client->increments[i]++;
          return;
        }

      /* Someone was faster: read again. Any other error is recorded already. */
      remote = g_dbus_error_get_remote_error (error);
      if (g_strcmp0 (remote, CONFLICT) != 0)
        return;
    }

  client_record_failure (client, KIND_UPDATE_SALE, "still a Conflict after every attempt");
}

static void
op_mark_occurrence (Client *client)
{
  guint i = client_pick_sale (client, TRUE);
  guint k = (guint) g_rand_int_range (client->rand, 0, (gint32) sale_n_issues (i));
  const char *state = mark_states[g_rand_int_range (client->rand, 0, G_N_ELEMENTS (mark_states))];
  g_autoptr(GVariant) reply = NULL;
  char uid[16], date_text[11];
  GDate date;

  sale_uid (i, uid, sizeof uid);
  sale_start (i, &date);
  g_date_add_months (&date, k * sale_period_months (i));
  date_to_iso (&date, date_text);

  reply = client_call (client, KIND_MARK_OCCURRENCE,
                       g_variant_new ("(sss)", uid, date_text, state), "()", NULL);
  if (reply != NULL)
    client->marks[i]++;
}

static void
op_list_deliveries (Client *client)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) records = NULL;
  char uid[16];

  sale_uid (client_pick_sale (client, FALSE), uid, sizeof uid);
  reply = client_call (client, KIND_LIST_DELIVERIES,
                       g_variant_new_parsed ("({'uid': <%s>, 'limit': <@u 10>},)", uid),
                       "(aa{sv})", NULL);
  if (reply == NULL)
    return;

  /* No sale reminds its client: the ledger stays empty. */
  records = g_variant_get_child_value (reply, 0);
  if (g_variant_n_children (records) != 0)
    client_record_failure (client, KIND_LIST_DELIVERIES, "a delivery of a sale without any");
}

/* The whole agenda of a window, page by page until the last. */
static void
op_read_pages (Client *client)
{
  guint window = (guint) g_rand_int_range (client->rand, 0, N_WINDOWS);
  g_autofree char *cursor = g_strdup ("");
  char from_text[11], to_text[11];
  guint n_fixed = 0;
  GDate from, to;

  window_dates (window, &from, &to);
  date_to_iso (&from, from_text);
  date_to_iso (&to, to_text);
  do
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GVariant) items = NULL;
      const char *next = NULL;

      reply = client_call (client, KIND_UPCOMING_PAGE,
                           g_variant_new ("(ss@a{sv}us)", from_text, to_text,
                                          g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0),
                                          PAGE_ITEMS, cursor),
                           "(aa{sv}s)", NULL);
      if (reply == NULL)
        return;

      g_variant_get (reply, "(@aa{sv}&s)", &items, &next);
      client->n_items[KIND_UPCOMING_PAGE] += g_variant_n_children (items);
      n_fixed += count_fixed_items (items);
      g_free (cursor);
      cursor = g_strdup (next);
    }
  while (*cursor != '\0');

  client->n_walks++;
  if (n_fixed != client->run->expected_items[window][N_CLIENT_NAMES])
    client_record_failure (client, KIND_UPCOMING_PAGE,
                           "the pages are not the invoices, expiries and notices of the window");
}

static Kind
client_pick_kind (Client *client)
{
  guint roll = (guint) g_rand_int_range (client->rand, 0, 100);

  for (guint kind = 0; kind < N_MIXED_KINDS; kind++)
    {
      if (roll < kinds[kind].percent)
        return (Kind) kind;
      roll -= kinds[kind].percent;
    }

  g_assert_not_reached ();
}

static gpointer
client_thread (gpointer user_data)
{
  Client *client = user_data;
  Run *run = client->run;
  Kind kind;

  client->connection = service_bus_connect (run->bus);

  g_mutex_lock (&run->lock);
  run->n_ready++;
  g_cond_broadcast (&run->cond);
  while (!run->go)
    g_cond_wait (&run->cond, &run->lock);
  g_mutex_unlock (&run->lock);

  if (client->index >= N_CLIENTS)
    {
      do
        op_read_pages (client);
      while (g_get_monotonic_time () < run->deadline);
      kind = N_KINDS;
    }

  /* One client begins with each kind, so that every kind is called however short the run;
   * then the mix. */
  else
    kind = client->index < N_MIXED_KINDS ? (Kind) client->index : client_pick_kind (client);
  while (kind != N_KINDS)
    {
      client->n_operations[kind]++;
      switch (kind)
        {
        case KIND_GET_SALE:
          op_get_sale (client);
          break;
        case KIND_LIST_SALES:
          op_list_sales (client);
          break;
        case KIND_UPCOMING:
        case KIND_UPCOMING_ALL:
          op_upcoming (client, kind == KIND_UPCOMING_ALL);
          break;
        case KIND_UPDATE_SALE:
          op_update_sale (client);
          break;
        case KIND_MARK_OCCURRENCE:
          op_mark_occurrence (client);
          break;
        case KIND_LIST_DELIVERIES:
          op_list_deliveries (client);
          break;
        case KIND_UPCOMING_PAGE:
        case N_KINDS:
        default:
          g_assert_not_reached ();
        }

      kind = g_get_monotonic_time () < run->deadline ? client_pick_kind (client) : N_KINDS;
    }

  g_dbus_connection_close_sync (client->connection, NULL, NULL);
  g_clear_object (&client->connection);
  return NULL;
}

/* Figures */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest rank, in milliseconds; @sorted is not empty. */
static double
percentile_ms (GArray *sorted,
               guint   per_mille)
{
  guint64 rank = ((guint64) sorted->len * per_mille + 999) / 1000;

  return g_array_index (sorted, gint64, CLAMP (rank, 1, sorted->len) - 1) / 1000.0;
}

static void
print_latencies (const char *label,
                 GArray     *sorted,
                 guint       n_errors,
                 double      seconds)
{
  if (sorted->len == 0)
    {
      g_test_message ("%-15s %8u %8u", label, 0, n_errors);
      return;
    }

  g_test_message ("%-15s %8u %8u %8.1f %8.2f %8.2f %8.2f %9.2f", label, sorted->len, n_errors,
                  sorted->len / seconds, percentile_ms (sorted, 500), percentile_ms (sorted, 900),
                  percentile_ms (sorted, 990),
                  g_array_index (sorted, gint64, sorted->len - 1) / 1000.0);
}

/* A line of /proc/<pid>/status such as "VmHWM:  123456 kB", in kB; 0 when absent. */
static guint64
process_status_kb (GPid        pid,
                   const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *prefix = g_strdup_printf ("\n%s:", field);
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      (line = strstr (contents, prefix)) == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen (prefix), NULL, 10);
}

/* The CPU time @pid used so far (user and system), in seconds; 0 when unknown. */
static double
process_cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      (after_name = strrchr (contents, ')')) == NULL)
    return 0.0;

  /* After the name: the state (field 3) … utime (14) and stime (15). */
  fields = g_strsplit (after_name + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return 0.0;

  return (g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10)) /
         (double) sysconf (_SC_CLK_TCK);
}

/* The CPU time of this process, every thread, in seconds. */
static double
own_cpu_seconds (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / (double) G_USEC_PER_SEC;
}

/* The bus daemon's process (0 when it does not say). */
static GPid
bus_daemon_pid (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;
  guint32 pid = 0;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", "org.freedesktop.DBus"),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       NULL);
  if (reply != NULL)
    g_variant_get (reply, "(u)", &pid);
  return (GPid) pid;
}

/* The machine's load average over the last minute (the figures depend on it). */
static double
load_average (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return 0.0;
  return g_ascii_strtod (contents, NULL);
}

static guint
load_seconds (void)
{
  const char *text = g_getenv ("RS_LOAD_SECONDS");
  g_autoptr(GError) error = NULL;
  guint64 seconds;

  if (text == NULL || *text == '\0')
    return DEFAULT_SECONDS;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 24 * 60 * 60, &seconds, &error))
    g_error ("RS_LOAD_SECONDS: %s", error->message);
  return (guint) seconds;
}

/* The test */

/* The figures of one half of the run, from each client's latencies since client_reset (). */
typedef struct {
  const char *name;
  GPid        pid;
  GPid        daemon_pid;
} Half;

static void
client_reset (Client *client)
{
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      g_array_set_size (client->latencies[kind], 0);
      client->n_errors[kind] = 0;
      client->n_operations[kind] = 0;
      client->n_items[kind] = 0;
    }
  g_hash_table_remove_all (client->errors);
  client->n_walks = 0;
}

/* @n_clients of @clients for @seconds, from a common start; prints the figures. */
static void
run_half (Run        *run,
          const Half *half,
          Client    **clients,
          guint       n_clients,
          guint       seconds)
{
  g_autoptr(GHashTable) errors = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) error_keys = NULL;
  GArray *latencies[N_KINDS + 1];
  guint n_errors[N_KINDS + 1] = { 0 };
  guint n_operations[N_KINDS] = { 0 };
  guint64 n_items[N_KINDS] = { 0 };
  guint n_walks = 0;
  double elapsed, service_cpu, daemon_cpu, own_cpu, load_before;
  gint64 started;
  GHashTableIter iter;
  gpointer key, value;

  run->n_threads = n_clients;
  run->n_ready = 0;
  run->go = FALSE;
  for (guint c = 0; c < n_clients; c++)
    {
      client_reset (clients[c]);
      clients[c]->thread = g_thread_new ("load-client", client_thread, clients[c]);
    }

  g_mutex_lock (&run->lock);
  while (run->n_ready < run->n_threads)
    g_cond_wait (&run->cond, &run->lock);
  load_before = load_average ();
  service_cpu = process_cpu_seconds (half->pid);
  daemon_cpu = process_cpu_seconds (half->daemon_pid);
  own_cpu = own_cpu_seconds ();
  started = g_get_monotonic_time ();
  run->deadline = started + (gint64) seconds * G_USEC_PER_SEC;
  run->go = TRUE;
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->lock);

  for (guint c = 0; c < n_clients; c++)
    g_thread_join (clients[c]->thread);
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  service_cpu = process_cpu_seconds (half->pid) - service_cpu;
  daemon_cpu = process_cpu_seconds (half->daemon_pid) - daemon_cpu;
  own_cpu = own_cpu_seconds () - own_cpu;

  /* The figures of all clients together. */
  for (guint kind = 0; kind <= N_KINDS; kind++)
    latencies[kind] = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint c = 0; c < n_clients; c++)
    {
      Client *client = clients[c];

      for (guint kind = 0; kind < N_KINDS; kind++)
        {
          g_array_append_vals (latencies[kind], client->latencies[kind]->data,
                               client->latencies[kind]->len);
          g_array_append_vals (latencies[N_KINDS], client->latencies[kind]->data,
                               client->latencies[kind]->len);
          n_errors[kind] += client->n_errors[kind];
          n_errors[N_KINDS] += client->n_errors[kind];
          n_operations[kind] += client->n_operations[kind];
          n_items[kind] += client->n_items[kind];
        }
      n_walks += client->n_walks;

      g_hash_table_iter_init (&iter, client->errors);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (errors, key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (errors, key)) +
                                               GPOINTER_TO_UINT (value)));
    }

  for (guint kind = 0; kind <= N_KINDS; kind++)
    g_array_sort (latencies[kind], compare_gint64);

  g_test_message ("%s: %u clients for %u s against %u sales (%u hot), seed %#x: the last call "
                  "ended after %.1f s", half->name, n_clients, seconds, N_SALES, N_HOT_SALES, SEED,
                  elapsed);
  g_test_message ("CPU: service %.1f s (%.0f %% of a core), bus daemon %.1f s, clients %.1f s; "
                  "%u cores, load average %.1f before, %.1f after", service_cpu,
                  100.0 * service_cpu / elapsed, daemon_cpu, own_cpu, g_get_num_processors (),
                  load_before, load_average ());
  g_test_message ("%-15s %8s %8s %8s %8s %8s %8s %9s", "calls", "number", "errors", "per s",
                  "p50 ms", "p90 ms", "p99 ms", "max ms");
  for (guint kind = 0; kind < N_KINDS; kind++)
    print_latencies (kinds[kind].label, latencies[kind], n_errors[kind], elapsed);
  print_latencies ("all", latencies[N_KINDS], n_errors[N_KINDS], elapsed);
  g_test_message ("operations: %u GetSale, %u ListSales, %u Upcoming (%.0f items each), "
                  "%u Upcoming all (%.0f items each), %u UpdateSale compare-and-swap, "
                  "%u MarkOccurrence, %u ListDeliveries, %u whole agendas in %u pages",
                  n_operations[KIND_GET_SALE], n_operations[KIND_LIST_SALES],
                  n_operations[KIND_UPCOMING],
                  (double) n_items[KIND_UPCOMING] / MAX (latencies[KIND_UPCOMING]->len, 1),
                  n_operations[KIND_UPCOMING_ALL],
                  (double) n_items[KIND_UPCOMING_ALL] / MAX (latencies[KIND_UPCOMING_ALL]->len, 1),
                  n_operations[KIND_UPDATE_SALE], n_operations[KIND_MARK_OCCURRENCE],
                  n_operations[KIND_LIST_DELIVERIES], n_walks,
                  latencies[KIND_UPCOMING_PAGE]->len);
  if (g_hash_table_size (errors) == 0)
    g_test_message ("errors: none");
  error_keys = g_list_sort (g_hash_table_get_keys (errors), (GCompareFunc) strcmp);
  for (GList *l = error_keys; l != NULL; l = l->next)
    g_test_message ("errors: %s x %u", (const char *) l->data,
                    GPOINTER_TO_UINT (g_hash_table_lookup (errors, l->data)));

  /* Every kind was called (the first clients began with each); the page readers read at
   * least one whole agenda each. */
  for (guint kind = 0; kind < N_MIXED_KINDS; kind++)
    g_assert_cmpuint (latencies[kind]->len, >, 0);
  if (n_clients > N_CLIENTS)
    g_assert_cmpuint (n_walks, >=, n_clients - N_CLIENTS);

  for (guint kind = 0; kind <= N_KINDS; kind++)
    g_array_unref (latencies[kind]);
}

static void
test_load (ServiceBus    *bus,
           gconstpointer  data)
{
  guint seconds = load_seconds ();
  g_autofree Run *run = g_new0 (Run, 1);
  Client *clients[N_CLIENTS + N_PAGE_READERS];
  g_autofree char *json = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) problems = NULL;
  g_autofree guint *increments = g_new0 (guint, N_SALES);
  g_autofree guint *marks = g_new0 (guint, N_SALES);
  guint64 start_revision, end_revision, n_increments = 0, n_marks = 0, n_lost = 0;
  guint n_added = 0, n_unexpected = 0, n_read_back = 0, n_wrong_sales = 0;
  const char *first_unexpected = NULL;
  double verify_seconds;
  gint64 started;
  GPid pid, end_pid;
  guint64 import_hwm_kb;
  Half half;

  if (seconds == 0)
    {
      g_test_skip ("RS_LOAD_SECONDS is 0.");
      return;
    }

  /* 10,000 sales in one call. */
  json = sales_json ();
  started = g_get_monotonic_time ();
  reply = service_call_ok (bus->connection, "Import", g_variant_new ("(ss)", "json", json),
                           "(uaa{sv})");
  g_variant_get (reply, "(u@aa{sv})", &n_added, &problems);
  g_assert_cmpuint (g_variant_n_children (problems), ==, 0);
  g_assert_cmpuint (n_added, ==, N_SALES);
  g_test_message ("Imported %u sales (%.1f MB of JSON) in %.2f s.", n_added,
                  strlen (json) / 1e6, (g_get_monotonic_time () - started) / 1e6);

  pid = service_get_pid (bus->connection);
  g_assert_cmpint (pid, >, 0);
  import_hwm_kb = process_status_kb (pid, "VmHWM");
  start_revision = service_get_revision (bus->connection);

  run_compute_expected_items (run);
  /* Every monthly sale has an invoice in each window of 2027. */
  for (guint window = 0; window < N_WINDOWS; window++)
    g_assert_cmpuint (run->expected_items[window][N_CLIENT_NAMES], >=, N_SALES / 3);

  /* The load: the mix alone, then with the page readers. */
  run->bus = bus;
  g_mutex_init (&run->lock);
  g_cond_init (&run->cond);
  for (guint c = 0; c < G_N_ELEMENTS (clients); c++)
    clients[c] = client_new (run, c);

  half.pid = pid;
  half.daemon_pid = bus_daemon_pid (bus->connection);
  half.name = "without page readers";
  run_half (run, &half, clients, N_CLIENTS, seconds);
  half.name = "with 5 whole-agenda page readers";
  run_half (run, &half, clients, N_CLIENTS + N_PAGE_READERS, seconds);

  for (guint c = 0; c < G_N_ELEMENTS (clients); c++)
    {
      for (guint i = 0; i < N_SALES; i++)
        {
          increments[i] += clients[c]->increments[i];
          marks[i] += clients[c]->marks[i];
        }
      n_unexpected += clients[c]->n_unexpected;
      if (first_unexpected == NULL)
        first_unexpected = clients[c]->first_unexpected;
    }

  /* No lost update: every sale written, and every hot one, holds exactly what the clients
   * committed; the store revision says that no other sale changed. */
  verify_seconds = g_get_monotonic_time ();
  for (guint i = 0; i < N_SALES; i++)
    {
      g_autoptr(GVariantDict) sale = NULL;
      g_autofree char *note = NULL;
      char uid[16];
      guint64 revision = 0, counter = 0;

      n_increments += increments[i];
      n_marks += marks[i];
      if (i >= N_HOT_SALES && increments[i] == 0 && marks[i] == 0)
        continue;

      sale_uid (i, uid, sizeof uid);
      sale = get_sale (bus->connection, uid);
      g_assert_true (g_variant_dict_lookup (sale, "revision", "t", &revision));
      g_assert_true (g_variant_dict_lookup (sale, "note", "s", &note));
      g_assert_true (parse_counter (note, &counter));
      n_read_back++;

      if (counter < increments[i])
        n_lost += increments[i] - counter;
      if (counter != increments[i] || revision != 1 + (guint64) increments[i] + marks[i])
        {
          if (n_wrong_sales++ < 10)
            g_test_message ("%s: n=%" G_GUINT64_FORMAT " revision %" G_GUINT64_FORMAT
                            ", expected n=%u revision %" G_GUINT64_FORMAT,
                            uid, counter, revision, increments[i],
                            1 + (guint64) increments[i] + marks[i]);
        }
    }
  verify_seconds = (g_get_monotonic_time () - verify_seconds) / (double) G_USEC_PER_SEC;
  end_revision = service_get_revision (bus->connection);
  end_pid = service_get_pid (bus->connection);

  g_test_message ("committed: %" G_GUINT64_FORMAT " increments and %" G_GUINT64_FORMAT " marks; "
                  "%u sales read back in %.1f s: lost updates %" G_GUINT64_FORMAT ", wrong sales "
                  "%u; store revision %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT,
                  n_increments, n_marks, n_read_back, verify_seconds, n_lost, n_wrong_sales,
                  start_revision, end_revision);
  g_test_message ("service (pid %d): peak RSS (VmHWM) %.1f MB after the import, %.1f MB at the "
                  "end", (int) end_pid, import_hwm_kb / 1024.0,
                  process_status_kb (end_pid, "VmHWM") / 1024.0);
  if (first_unexpected != NULL)
    g_test_message ("first unexpected error: %s", first_unexpected);

  g_assert_cmpuint (n_unexpected, ==, 0);
  g_assert_cmpuint (n_lost, ==, 0);
  g_assert_cmpuint (n_wrong_sales, ==, 0);
  g_assert_cmpuint (end_revision - start_revision, ==, n_increments + n_marks);
  /* The service that answered the first call answered the last: it never restarted. */
  g_assert_cmpint (end_pid, ==, pid);
  /* Both kinds of write committed. */
  g_assert_cmpuint (n_increments, >, 0);
  g_assert_cmpuint (n_marks, >, 0);

  for (guint c = 0; c < G_N_ELEMENTS (clients); c++)
    client_free (clients[c]);
  g_mutex_clear (&run->lock);
  g_cond_clear (&run->cond);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  service_test_add ("/service/load/fifty-clients-mixed-calls-only-conflicts-no-lost-update",
                    test_load);

  return g_test_run ();
}
