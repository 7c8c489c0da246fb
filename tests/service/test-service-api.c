/* test-service-api.c: every method of the service, its signal and properties, and refusals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test gets its own bus and store; the service is started by D-Bus activation on the
 * first call, as on the desktop.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-csv.h>
#include "service-test-util.h"

#define NOT_FOUND        SERVICE_ERROR "NotFound"
#define INVALID_ARGUMENT SERVICE_ERROR "InvalidArgument"
#define CONFLICT         SERVICE_ERROR "Conflict"

static char *
dict_get_string (GVariantDict *dict,
                 const char   *key)
{
  char *text = NULL;

  g_assert_true (g_variant_dict_lookup (dict, key, "s", &text));
  return text;
}

static void
assert_dict_string (GVariantDict *dict,
                    const char   *key,
                    const char   *expected)
{
  g_autofree char *text = NULL;

  if (expected == NULL)
    {
      g_assert_false (g_variant_dict_contains (dict, key));
      return;
    }
  text = dict_get_string (dict, key);
  g_assert_cmpstr (text, ==, expected);
}

static guint64
dict_get_revision (GVariantDict *dict)
{
  guint64 revision = 0;

  g_assert_true (g_variant_dict_lookup (dict, "revision", "t", &revision));
  return revision;
}

/* Compares as one joined text, so that a failure shows both lists whole. */
static void
assert_strv (char * const *strv,
             const char   *first,
             ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) expected = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *actual_text = NULL;
  va_list args;

  va_start (args, first);
  for (const char *item = first; item != NULL; item = va_arg (args, const char *))
    g_strv_builder_add (builder, item);
  va_end (args);

  expected = g_strv_builder_end (builder);
  expected_text = g_strjoinv (" | ", expected);
  actual_text = g_strjoinv (" | ", (char **) strv);
  g_assert_cmpstr (actual_text, ==, expected_text);
}

/* The uids of a ListSales reply, in order. */
static GStrv
list_uids (GDBusConnection *connection,
           GVariant        *filter)
{
  g_autoptr(GVariant) reply = service_call_ok (connection, "ListSales",
                                               g_variant_new ("(@a{sv})", filter), "(aa{sv})");
  g_autoptr(GVariant) sales = g_variant_get_child_value (reply, 0);
  g_autoptr(GStrvBuilder) uids = g_strv_builder_new ();
  GVariantIter iter;
  GVariant *sale;

  g_variant_iter_init (&iter, sales);
  while ((sale = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = sale;
      const char *uid;

      g_assert_true (g_variant_lookup (sale, "uid", "&s", &uid));
      g_strv_builder_add (uids, uid);
    }

  return g_strv_builder_end (uids);
}

static void
test_activation_properties (ServiceBus    *bus,
                            gconstpointer  data)
{
  g_autofree char *owner = service_get_owner (bus->connection);
  g_autoptr(GVariant) version = NULL;

  g_assert_null (owner);

  /* The first call starts the service. */
  version = service_get_property (bus->connection, "Version");
  g_assert_cmpstr (g_variant_get_string (version, NULL), ==, PACKAGE_VERSION);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 0);
  g_assert_cmpint (service_get_pid (bus->connection), >, 0);
  g_assert_true (g_file_test (bus->store_path, G_FILE_TEST_IS_REGULAR));
}

static void
test_add_sale (ServiceBus    *bus,
               gconstpointer  data)
{
  g_autoptr(SignalRecorder) recorder = signal_recorder_new (bus->connection);
  g_autoptr(GVariantDict) sale = NULL;
  g_autoptr(GVariant) reminders = NULL;
  g_autofree char *reminders_text = NULL;
  g_autofree char *uid = NULL;
  gboolean draft = FALSE;

  uid = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_assert_true (g_uuid_string_is_valid (uid));

  signal_recorder_wait (recorder, 1);
  assert_strv (g_ptr_array_index (recorder->uids, 0), uid, NULL);
  g_assert_cmpuint (g_array_index (recorder->revisions, guint64, 0), ==, 1);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 1);

  sale = get_sale (bus->connection, uid);
  assert_dict_string (sale, "uid", uid);
  assert_dict_string (sale, "client", "Acme");
  assert_dict_string (sale, "start", "2027-01-31");
  assert_dict_string (sale, "term", "1y");
  assert_dict_string (sale, "status", "active");
  g_assert_cmpuint (dict_get_revision (sale), ==, 1);
  /* What was not given comes from the user's defaults. */
  g_assert_true (g_variant_dict_lookup (sale, "draft", "b", &draft));
  g_assert_true (draft);
  assert_dict_string (sale, "reminder_time", "09:00");
  reminders = g_variant_dict_lookup_value (sale, "reminders", G_VARIANT_TYPE ("a(sus)"));
  g_assert_nonnull (reminders);
  reminders_text = g_variant_print (reminders, FALSE);
  g_assert_cmpstr (reminders_text, ==,
                   "[('invoice', 7, 'owner'), ('expiry', 30, 'owner'), ('expiry', 7, 'owner')]");
}

static void
test_add_sale_keeps_given_uid (ServiceBus    *bus,
                               gconstpointer  data)
{
  g_autoptr(GVariantDict) dict = sale_dict_new ("Acme");
  g_autoptr(GVariantDict) second = sale_dict_new ("Beta");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *uid = NULL;

  g_variant_dict_insert (dict, "uid", "s", "acme-hosting-1");
  uid = add_sale (bus->connection, g_variant_dict_ref (dict));
  g_assert_cmpstr (uid, ==, "acme-hosting-1");

  g_variant_dict_insert (second, "uid", "s", "acme-hosting-1");
  reply = service_call (bus->connection, "AddSale",
                        g_variant_new ("(@a{sv})", g_variant_dict_end (second)), "(s)", &error);
  g_assert_null (reply);
  assert_dbus_error (error, CONFLICT, "A sale with the identifier acme-hosting-1 already exists.");
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 1);
}

typedef struct {
  guint   n_replied;
  guint   n_failed;
  GError *first_error;
} PipelineState;

static void
pipelined_update_done (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  PipelineState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             &error);

  state->n_replied++;
  if (reply == NULL)
    {
      state->n_failed++;
      if (state->first_error == NULL)
        state->first_error = g_steal_pointer (&error);
    }
}

/* A client may send a chain of compare-and-swap updates without waiting for each reply: each
 * expects the revision the one before it makes, so one call run out of order fails the rest.
 * A few rounds of 120 (a bus lets a connection wait for 128 replies at most). */
static void
test_pipelined_calls_run_in_order (ServiceBus    *bus,
                                   gconstpointer  data)
{
  enum { N_ROUNDS = 5, N_UPDATES = 120 };

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *uid = add_sale (bus->connection, sale_dict_new ("Acme"));
      g_autofree char *last = g_strdup_printf ("Step %u", N_UPDATES);
      g_autoptr(GVariantDict) sale = NULL;
      PipelineState state = { 0 };

      for (guint i = 0; i < N_UPDATES; i++)
        {
          g_autofree char *note = g_strdup_printf ("Step %u", i + 1);
          GVariantDict changes;

          g_variant_dict_init (&changes, NULL);
          g_variant_dict_insert (&changes, "note", "s", note);
          g_dbus_connection_call (bus->connection, SERVICE_NAME, SERVICE_PATH, SERVICE_INTERFACE,
                                  "UpdateSale",
                                  g_variant_new ("(st@a{sv})", uid, (guint64) i + 1,
                                                 g_variant_dict_end (&changes)),
                                  G_VARIANT_TYPE ("(t)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                  pipelined_update_done, &state);
        }

      while (state.n_replied < N_UPDATES)
        g_main_context_iteration (NULL, TRUE);

      if (state.first_error != NULL)
        g_test_message ("round %u, first failure: %s", round + 1, state.first_error->message);
      g_clear_error (&state.first_error);
      g_assert_cmpuint (state.n_failed, ==, 0);

      sale = get_sale (bus->connection, uid);
      assert_dict_string (sale, "note", last);
      g_assert_cmpuint (dict_get_revision (sale), ==, N_UPDATES + 1);
    }
}

static void
test_update_sale_compare_and_swap (ServiceBus    *bus,
                                   gconstpointer  data)
{
  g_autoptr(SignalRecorder) recorder = signal_recorder_new (bus->connection);
  g_autofree char *uid = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autoptr(GVariantDict) changes = g_variant_dict_new (NULL);
  g_autoptr(GVariantDict) sale = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  guint64 new_revision;
  gint64 amount_minor;

  g_variant_dict_insert (changes, "amount_minor", "x", (gint64) 15000);
  g_variant_dict_insert (changes, "note", "s", "Price from March");
  reply = service_call_ok (bus->connection, "UpdateSale",
                           g_variant_new ("(st@a{sv})", uid, (guint64) 1,
                                          g_variant_dict_end (changes)), "(t)");
  g_variant_get (reply, "(t)", &new_revision);
  g_assert_cmpuint (new_revision, ==, 2);

  signal_recorder_wait (recorder, 2);
  assert_strv (g_ptr_array_index (recorder->uids, 1), uid, NULL);
  g_assert_cmpuint (g_array_index (recorder->revisions, guint64, 1), ==, 2);

  sale = get_sale (bus->connection, uid);
  g_assert_true (g_variant_dict_lookup (sale, "amount_minor", "x", &amount_minor));
  g_assert_cmpint (amount_minor, ==, 15000);
  assert_dict_string (sale, "note", "Price from March");
  g_assert_cmpuint (dict_get_revision (sale), ==, 2);

  /* The revision the caller read is stale now. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call (bus->connection, "UpdateSale",
                        g_variant_new_parsed ("(%s, uint64 1, {'note': <'Lost'>})", uid), "(t)",
                        &error);
  g_assert_null (reply);
  expected = g_strdup_printf ("The sale %s was changed by someone else (revision 2, expected 1); "
                              "reload it and try again.", uid);
  assert_dbus_error (error, CONFLICT, expected);
  g_clear_pointer (&sale, g_variant_dict_unref);
  sale = get_sale (bus->connection, uid);
  assert_dict_string (sale, "note", "Price from March");
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 2);
}

static void
test_update_sale_refusals (ServiceBus    *bus,
                           gconstpointer  data)
{
  g_autofree char *uid = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = service_call (bus->connection, "UpdateSale",
                        g_variant_new_parsed ("('nope', uint64 1, {'note': <'x'>})"), "(t)",
                        &error);
  assert_dbus_error (error, NOT_FOUND, "There is no sale with the identifier nope.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "UpdateSale",
                        g_variant_new_parsed ("(%s, uint64 1, {'uid': <'other'>})", uid), "(t)",
                        &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The key “uid” cannot be changed.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "UpdateSale",
                        g_variant_new_parsed ("(%s, uint64 1, {'until': <'2027-13-01'>})", uid),
                        "(t)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The expiry date 2027-13-01 is not a valid date.");
  g_assert_null (reply);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 1);
}

static void
test_remove_sale (ServiceBus    *bus,
                  gconstpointer  data)
{
  g_autoptr(SignalRecorder) recorder = signal_recorder_new (bus->connection);
  g_autofree char *uid = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autofree char *expected = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call_ok (bus->connection, "RemoveSale", g_variant_new ("(s)", uid), "()");
  signal_recorder_wait (recorder, 2);
  assert_strv (g_ptr_array_index (recorder->uids, 1), uid, NULL);
  g_assert_cmpuint (g_array_index (recorder->revisions, guint64, 1), ==, 2);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 2);

  expected = g_strdup_printf ("There is no sale with the identifier %s.", uid);
  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call (bus->connection, "GetSale", g_variant_new ("(s)", uid), "(a{sv})", &error);
  assert_dbus_error (error, NOT_FOUND, expected);
  g_clear_error (&error);

  reply = service_call (bus->connection, "RemoveSale", g_variant_new ("(s)", uid), "()", &error);
  assert_dbus_error (error, NOT_FOUND, expected);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 2);
}

static void
add_sale_with_uid (ServiceBus *bus,
                   const char *uid)
{
  g_autoptr(GVariantDict) dict = sale_dict_new ("Acme");
  g_autofree char *added = NULL;

  g_variant_dict_insert (dict, "uid", "s", uid);
  added = add_sale (bus->connection, g_variant_dict_ref (dict));
  g_assert_cmpstr (added, ==, uid);
}

static GStrv
find_uids (ServiceBus *bus,
           const char *prefix,
           guint       limit)
{
  g_autoptr(GVariant) reply = service_call_ok (bus->connection, "FindUids",
                                               g_variant_new ("(su)", prefix, limit), "(as)");
  GStrv uids = NULL;

  g_variant_get (reply, "(^as)", &uids);
  return uids;
}

static void
test_find_and_short_uids (ServiceBus    *bus,
                          gconstpointer  data)
{
  static const char * const uids[] = { "abc", "abcd1", "abcd2", "abx", "b-1", NULL };
  const char * const asked[] = { "abc", "abcd1", "abx", "b-1", "nobody", NULL };
  g_auto(GStrv) found = NULL;
  g_auto(GStrv) shortened = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; uids[i] != NULL; i++)
    add_sale_with_uid (bus, uids[i]);

  /* In byte order, a whole uid before the longer ones it starts; at most the limit. */
  found = find_uids (bus, "ab", 10);
  assert_strv (found, "abc", "abcd1", "abcd2", "abx", NULL);
  g_clear_pointer (&found, g_strfreev);
  found = find_uids (bus, "abc", 2);
  assert_strv (found, "abc", "abcd1", NULL);
  g_clear_pointer (&found, g_strfreev);
  found = find_uids (bus, "abcd2", 10);
  assert_strv (found, "abcd2", NULL);
  g_clear_pointer (&found, g_strfreev);
  found = find_uids (bus, "zz", 10);
  assert_strv (found, NULL);

  /* One more character than a neighbour shares, at least the length asked; whole when
   * another uid starts with all of it, or when no sale has it. */
  reply = service_call_ok (bus->connection, "ShortUids", g_variant_new ("(^asu)", asked, 2),
                           "(as)");
  g_variant_get (reply, "(^as)", &shortened);
  assert_strv (shortened, "abc", "abcd1", "abx", "b-", "nobody", NULL);

  /* Other methods stay exact: a prefix is not a uid. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call (bus->connection, "GetSale", g_variant_new ("(s)", "abcd"), "(a{sv})",
                        &error);
  assert_dbus_error (error, NOT_FOUND, "There is no sale with the identifier abcd.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "FindUids", g_variant_new ("(su)", "", 10), "(as)",
                        &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "Give the start of a sale identifier: it is empty.");
  g_clear_error (&error);
  reply = service_call (bus->connection, "FindUids", g_variant_new ("(su)", "ab", 0), "(as)",
                        &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The limit 0 is not valid: ask for between 1 and 1000 identifiers.");
  g_clear_error (&error);
  reply = service_call (bus->connection, "ShortUids", g_variant_new ("(^asu)", asked, 65),
                        "(as)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The length 65 is not valid: ask for between 1 and 64 characters.");
}

static void
test_list_sales_filters (ServiceBus    *bus,
                         gconstpointer  data)
{
  g_autoptr(GVariantDict) beta = sale_dict_new ("beta GmbH");
  g_autoptr(GVariantDict) alpha = sale_dict_new ("Άλφα ΑΕ");
  g_autoptr(GVariantDict) open = sale_dict_new ("Acme");
  g_autofree char *acme = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autofree char *beta_uid = NULL, *alpha_uid = NULL, *open_uid = NULL;
  g_auto(GStrv) uids = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_variant_dict_insert (beta, "currency", "s", "USD");
  g_variant_dict_remove (beta, "term");
  g_variant_dict_insert (beta, "count", "u", 3);  /* expires 2027-04-29 */
  beta_uid = add_sale (bus->connection, g_variant_dict_ref (beta));
  alpha_uid = add_sale (bus->connection, g_variant_dict_ref (alpha));
  g_variant_dict_remove (open, "term");
  open_uid = add_sale (bus->connection, g_variant_dict_ref (open));
  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call_ok (bus->connection, "EndSale", g_variant_new ("(ss)", alpha_uid, ""), "()");

  /* By client (bytes), then uid. */
  uids = list_uids (bus->connection, g_variant_new_parsed ("@a{sv} {}"));
  g_assert_cmpuint (g_strv_length (uids), ==, 4);
  g_assert_true (g_strv_contains ((const char * const *) uids, open_uid));
  g_assert_cmpstr (uids[2], ==, beta_uid);
  g_assert_cmpstr (uids[3], ==, alpha_uid);
  g_assert_cmpint (strcmp (uids[0], uids[1]), <, 0);
  g_clear_pointer (&uids, g_strfreev);

  uids = list_uids (bus->connection, g_variant_new_parsed ("{'client': <'ΆΛΦΑ'>}"));
  assert_strv (uids, alpha_uid, NULL);
  g_clear_pointer (&uids, g_strfreev);

  uids = list_uids (bus->connection, g_variant_new_parsed ("{'client': <'GMBH'>, 'currency': <'USD'>}"));
  assert_strv (uids, beta_uid, NULL);
  g_clear_pointer (&uids, g_strfreev);

  uids = list_uids (bus->connection, g_variant_new_parsed ("{'status': <'ended'>}"));
  assert_strv (uids, alpha_uid, NULL);
  g_clear_pointer (&uids, g_strfreev);

  /* An open-ended sale never expires. */
  uids = list_uids (bus->connection, g_variant_new_parsed ("{'expiring_before': <'2027-12-31'>}"));
  assert_strv (uids, beta_uid, NULL);
  g_clear_pointer (&uids, g_strfreev);

  uids = list_uids (bus->connection, g_variant_new_parsed ("{'expiring_before': <'2028-01-30'>, "
                                                           "'status': <'active'>, 'client': <'acme'>}"));
  assert_strv (uids, acme, NULL);
  g_clear_pointer (&uids, g_strfreev);

  reply = service_call (bus->connection, "ListSales",
                        g_variant_new_parsed ("({'colour': <'red'>},)"), "(aa{sv})", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The filter key “colour” is not known.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "ListSales",
                        g_variant_new_parsed ("({'status': <1>},)"), "(aa{sv})", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The key “status” must be of type s, not i.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "ListSales",
                        g_variant_new_parsed ("({'status': <'done'>},)"), "(aa{sv})", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The status “done” is not one of active, paused, renewed or ended.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "ListSales",
                        g_variant_new_parsed ("({'expiring_before': <'2027-02-30'>},)"),
                        "(aa{sv})", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The filter date expiring_before 2027-02-30 is not a valid date.");
  g_assert_null (reply);
}

/* The dates of Upcoming's items, "kind date" each. */
static GStrv
upcoming (GDBusConnection *connection,
          const char      *from,
          const char      *to,
          const char      *filter_text)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) items = NULL;
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  GVariantIter iter;
  GVariant *item;

  reply = service_call_ok (connection, "Upcoming",
                           g_variant_new ("(ss@a{sv})", from, to,
                                          g_variant_new_parsed (filter_text)), "(aa{sv})");
  items = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, items);
  while ((item = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = item;
      const char *kind, *date, *client;
      g_autofree char *line = NULL;

      g_assert_true (g_variant_lookup (item, "kind", "&s", &kind));
      g_assert_true (g_variant_lookup (item, "date", "&s", &date));
      g_assert_true (g_variant_lookup (item, "client", "&s", &client));
      line = g_strdup_printf ("%s %s %s", kind, date, client);
      g_strv_builder_add (lines, line);
    }

  return g_strv_builder_end (lines);
}

static void
test_upcoming (ServiceBus    *bus,
               gconstpointer  data)
{
  g_autoptr(GVariantDict) beta = sale_dict_new ("Beta");
  g_autofree char *acme = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autofree char *beta_uid = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_variant_dict_insert (beta, "start", "s", "2027-02-15");
  g_variant_dict_insert_value (beta, "reminders",
                               g_variant_new_parsed ("[('invoice', uint32 3, 'client')]"));
  g_variant_dict_insert (beta, "email", "s", "billing@beta.example");
  beta_uid = add_sale (bus->connection, g_variant_dict_ref (beta));

  lines = upcoming (bus->connection, "2027-01-01", "2027-03-31",
                    "{'kinds': <['invoice']>, 'client': <'ACME'>}");
  assert_strv (lines, "invoice 2027-01-31 Acme", "invoice 2027-02-28 Acme",
               "invoice 2027-03-31 Acme", NULL);
  g_clear_pointer (&lines, g_strfreev);

  lines = upcoming (bus->connection, "2027-02-01", "2027-02-28",
                    "{'kinds': <['reminder']>, 'audience': <'client'>}");
  assert_strv (lines, "reminder 2027-02-12 Beta", NULL);
  g_clear_pointer (&lines, g_strfreev);

  lines = upcoming (bus->connection, "2028-01-01", "2028-01-31", "@a{sv} {}");
  /* Acme's last invoice was on 31 December; Beta has only the client's invoice reminders. */
  assert_strv (lines, "reminder 2028-01-12 Beta", "invoice 2028-01-15 Beta",
               "reminder 2028-01-23 Acme", "expiry 2028-01-30 Acme", NULL);
  g_clear_pointer (&lines, g_strfreev);

  reply = service_call (bus->connection, "Upcoming",
                        g_variant_new_parsed ("('2027-01-01', '2027-02-30', @a{sv} {})"),
                        "(aa{sv})", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The last day of the window 2027-02-30 is not a valid date.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "Upcoming",
                        g_variant_new_parsed ("('1 Jan 2027', '2027-02-01', @a{sv} {})"),
                        "(aa{sv})", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The first day of the window “1 Jan 2027” is not written as YYYY-MM-DD.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "Upcoming",
                        g_variant_new_parsed ("('2027-03-01', '2027-02-01', @a{sv} {})"),
                        "(aa{sv})", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The window ends on 2027-02-01, before it begins on 2027-03-01.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "Upcoming",
                        g_variant_new_parsed ("('2027-01-01', '2037-01-09', @a{sv} {})"),
                        "(aa{sv})", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The window from 2027-01-01 to 2037-01-09 is too long: it may end at most "
                     "3660 days after it begins.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "Upcoming",
                        g_variant_new_parsed ("('2027-01-01', '2027-02-01', "
                                              "{'kinds': <['invoice', 'payday']>})"),
                        "(aa{sv})", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The kind “payday” is not one of invoice, expiry, notice or reminder.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "Upcoming",
                        g_variant_new_parsed ("('2027-01-01', '2027-02-01', "
                                              "{'audience': <'everyone'>})"),
                        "(aa{sv})", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The reminder audience “everyone” is not one of owner, client or team.");
  g_assert_null (reply);

  /* The longest window allowed: 3660 days after the first. */
  g_clear_pointer (&lines, g_strfreev);
  lines = upcoming (bus->connection, "2027-01-01", "2037-01-08", "{'kinds': <['expiry']>}");
  assert_strv (lines, "expiry 2028-01-30 Acme", "expiry 2028-02-14 Beta", NULL);
}

static void
test_renew (ServiceBus    *bus,
            gconstpointer  data)
{
  g_autoptr(SignalRecorder) recorder = signal_recorder_new (bus->connection);
  g_autoptr(GVariantDict) open = sale_dict_new ("Open");
  g_autofree char *uid = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autofree char *open_uid = NULL, *new_uid = NULL, *expected = NULL;
  g_autoptr(GVariantDict) old_sale = NULL;
  g_autoptr(GVariantDict) new_sale = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 amount_minor;

  reply = service_call_ok (bus->connection, "MarkOccurrence",
                           g_variant_new ("(sss)", uid, "2027-02-28", "issued"), "()");
  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call_ok (bus->connection, "Renew",
                           g_variant_new_parsed ("(%s, {'amount_minor': <int64 15000>, "
                                                 "'note': <'Second year'>})", uid), "(s)");
  g_variant_get (reply, "(s)", &new_uid);
  g_assert_cmpstr (new_uid, !=, uid);

  signal_recorder_wait (recorder, 3);
  assert_strv (g_ptr_array_index (recorder->uids, 2), uid, new_uid, NULL);
  /* Two sales changed: the store's revision moved by two. */
  g_assert_cmpuint (g_array_index (recorder->revisions, guint64, 2), ==, 4);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 4);

  old_sale = get_sale (bus->connection, uid);
  assert_dict_string (old_sale, "status", "renewed");
  assert_dict_string (old_sale, "successor", new_uid);
  g_assert_cmpuint (dict_get_revision (old_sale), ==, 3);

  new_sale = get_sale (bus->connection, new_uid);
  assert_dict_string (new_sale, "status", "active");
  assert_dict_string (new_sale, "predecessor", uid);
  assert_dict_string (new_sale, "start", "2028-01-31");
  assert_dict_string (new_sale, "term", "1y");
  assert_dict_string (new_sale, "note", "Second year");
  g_assert_true (g_variant_dict_lookup (new_sale, "amount_minor", "x", &amount_minor));
  g_assert_cmpint (amount_minor, ==, 15000);
  g_assert_false (g_variant_dict_contains (new_sale, "occurrences"));
  g_assert_cmpuint (dict_get_revision (new_sale), ==, 1);

  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call (bus->connection, "Renew", g_variant_new_parsed ("(%s, @a{sv} {})", uid),
                        "(s)", &error);
  expected = g_strdup_printf ("The sale %s was already renewed by %s.", uid, new_uid);
  assert_dbus_error (error, CONFLICT, expected);
  g_clear_error (&error);

  reply = service_call (bus->connection, "Renew",
                        g_variant_new_parsed ("(%s, {'price': <int64 1>})", new_uid), "(s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The renewal key “price” is not known; use term, amount_minor, currency, "
                     "service or note.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "Renew",
                        g_variant_new_parsed ("(%s, {'term': <'forever'>})", new_uid), "(s)",
                        &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The new term “forever” is not a period; write a number and a unit, like "
                     "1m, 3m, 1y, 2w or 10d.");
  g_clear_error (&error);

  g_variant_dict_remove (open, "term");
  open_uid = add_sale (bus->connection, g_variant_dict_ref (open));
  reply = service_call (bus->connection, "Renew", g_variant_new_parsed ("(%s, @a{sv} {})", open_uid),
                        "(s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "An open-ended sale has no expiry, so it cannot be renewed.");
  g_assert_null (reply);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 5);

  /* A new term length. */
  reply = service_call_ok (bus->connection, "Renew",
                           g_variant_new_parsed ("(%s, {'term': <'2y'>})", new_uid), "(s)");
  g_clear_pointer (&new_uid, g_free);
  g_variant_get (reply, "(s)", &new_uid);
  g_clear_pointer (&new_sale, g_variant_dict_unref);
  new_sale = get_sale (bus->connection, new_uid);
  assert_dict_string (new_sale, "start", "2029-01-31");
  assert_dict_string (new_sale, "term", "2y");
}

static void
test_end_sale (ServiceBus    *bus,
               gconstpointer  data)
{
  g_autoptr(SignalRecorder) recorder = signal_recorder_new (bus->connection);
  g_autoptr(GVariantDict) dict = sale_dict_new ("Acme");
  g_autoptr(GVariantDict) sale = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  g_auto(GStrv) lines = NULL;

  g_variant_dict_insert (dict, "note", "s", "Signed in person");
  uid = add_sale (bus->connection, g_variant_dict_ref (dict));
  reply = service_call_ok (bus->connection, "EndSale",
                           g_variant_new ("(ss)", uid, "Moving to another provider"), "()");
  signal_recorder_wait (recorder, 2);
  assert_strv (g_ptr_array_index (recorder->uids, 1), uid, NULL);

  sale = get_sale (bus->connection, uid);
  assert_dict_string (sale, "status", "ended");
  assert_dict_string (sale, "note", "Signed in person\nMoving to another provider");

  /* No more expiry reminders (one would fire on 23 January); the expiry itself stays. */
  lines = upcoming (bus->connection, "2028-01-01", "2028-01-31", "@a{sv} {}");
  assert_strv (lines, "expiry 2028-01-30 Acme", NULL);

  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call (bus->connection, "EndSale", g_variant_new ("(ss)", "nope", ""), "()",
                        &error);
  assert_dbus_error (error, NOT_FOUND, "There is no sale with the identifier nope.");
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 2);
}

static void
test_mark_occurrence (ServiceBus    *bus,
                      gconstpointer  data)
{
  g_autoptr(SignalRecorder) recorder = signal_recorder_new (bus->connection);
  g_autofree char *uid = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autofree char *expected = NULL;
  g_autoptr(GVariantDict) sale = NULL;
  g_autoptr(GVariant) occurrences = NULL;
  g_autofree char *occurrences_text = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = service_call_ok (bus->connection, "MarkOccurrence",
                           g_variant_new ("(sss)", uid, "2027-02-28", "prepaid"), "()");
  signal_recorder_wait (recorder, 2);
  assert_strv (g_ptr_array_index (recorder->uids, 1), uid, NULL);
  g_assert_cmpuint (g_array_index (recorder->revisions, guint64, 1), ==, 2);

  sale = get_sale (bus->connection, uid);
  occurrences = g_variant_dict_lookup_value (sale, "occurrences", G_VARIANT_TYPE ("a{ss}"));
  g_assert_nonnull (occurrences);
  occurrences_text = g_variant_print (occurrences, FALSE);
  g_assert_cmpstr (occurrences_text, ==, "{'2027-02-28': 'prepaid'}");
  g_assert_cmpuint (dict_get_revision (sale), ==, 2);

  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call_ok (bus->connection, "MarkOccurrence",
                           g_variant_new ("(sss)", uid, "2027-02-28", "open"), "()");
  g_clear_pointer (&sale, g_variant_dict_unref);
  sale = get_sale (bus->connection, uid);
  g_assert_false (g_variant_dict_contains (sale, "occurrences"));

  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call (bus->connection, "MarkOccurrence",
                        g_variant_new ("(sss)", uid, "2027-02-27", "issued"), "()", &error);
  expected = g_strdup_printf ("The date 2027-02-27 is not an issue date of the sale %s.", uid);
  assert_dbus_error (error, INVALID_ARGUMENT, expected);
  g_clear_error (&error);

  reply = service_call (bus->connection, "MarkOccurrence",
                        g_variant_new ("(sss)", uid, "2027-02-28", "paid"), "()", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The occurrence state “paid” is not one of open, issued, prepaid or skipped.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "MarkOccurrence",
                        g_variant_new ("(sss)", uid, "2027-02-29", "issued"), "()", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The occurrence date 2027-02-29 is not a valid date.");
  g_assert_null (reply);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 3);
}

static const char good_csv[] =
  "client,service,amount,currency,period,start,term\r\n"
  "Acme,Hosting,120.00,EUR,1m,2027-01-31,1y\r\n"
  "Beta,Support,80.50,EUR,3m,2027-02-01,2y\r\n"
  "\"Gamma, Inc.\",Domain,15.00,USD,1y,2027-03-01,\r\n";

static const char bad_csv[] =
  "client,service,amount,currency,period,start,term\n"
  "Acme,Hosting,120.00,EUR,1m,2027-01-31,1y\n"
  "Beta,Support,lots,EUR,3m,2027-02-01,2y\n"
  "Gamma,Domain,15.00,EUR,1y,2027-02-30,\n";

static GVariant *
import (ServiceBus  *bus,
        const char  *format,
        const char  *text,
        GError     **error)
{
  return service_call (bus->connection, "Import", g_variant_new ("(ss)", format, text),
                       "(uaa{sv})", error);
}

static void
test_import (ServiceBus    *bus,
             gconstpointer  data)
{
  g_autoptr(SignalRecorder) recorder = signal_recorder_new (bus->connection);
  g_autoptr(GPtrArray) expected_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  g_autoptr(RsDefaults) defaults = rs_defaults_new_builtin ();
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) uids = NULL;
  guint added;

  reply = import (bus, "csv", good_csv, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u@aa{sv})", &added, &problems);
  g_assert_cmpuint (added, ==, 3);
  g_assert_cmpuint (g_variant_n_children (problems), ==, 0);
  signal_recorder_wait (recorder, 1);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (recorder->uids, 0)), ==, 3);
  g_assert_cmpuint (g_array_index (recorder->revisions, guint64, 0), ==, 3);
  uids = list_uids (bus->connection, g_variant_new_parsed ("@a{sv} {}"));
  g_assert_cmpuint (g_strv_length (uids), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (g_strv_contains ((const char * const *) g_ptr_array_index (recorder->uids, 0),
                                    uids[i]));

  /* A bad row: every problem is reported, and nothing is added. */
  parsed = rs_csv_parse_sales (bad_csv, strlen (bad_csv), defaults, expected_problems, NULL);
  g_assert_null (parsed);
  g_assert_cmpuint (expected_problems->len, ==, 2);
  g_clear_pointer (&reply, g_variant_unref);
  g_clear_pointer (&problems, g_variant_unref);
  reply = import (bus, "csv", bad_csv, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u@aa{sv})", &added, &problems);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (g_variant_n_children (problems), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const RsCsvProblem *expected = g_ptr_array_index (expected_problems, i);
      g_autoptr(GVariant) problem = g_variant_get_child_value (problems, i);
      const char *column, *message;
      guint32 line;

      g_assert_true (g_variant_lookup (problem, "line", "u", &line));
      g_assert_true (g_variant_lookup (problem, "column", "&s", &column));
      g_assert_true (g_variant_lookup (problem, "message", "&s", &message));
      g_assert_cmpuint (line, ==, expected->line);
      g_assert_cmpstr (column, ==, expected->column);
      g_assert_cmpstr (message, ==, expected->message);
    }
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 3);

  /* JSON, with a uid already there: all or nothing. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = import (bus, "json",
                  "{\"format\": \"evolution-recurring-sales\", \"version\": 1, \"sales\": ["
                  "{\"client\": \"Delta\", \"service\": \"Backup\", \"amount\": \"9.99\", "
                  "\"currency\": \"EUR\", \"period\": \"1m\", \"start\": \"2027-01-01\"},"
                  "{\"uid\": \"delta-2\", \"client\": \"Delta\", \"service\": \"Mail\", "
                  "\"amount\": \"4.00\", \"currency\": \"EUR\", \"period\": \"1m\", "
                  "\"start\": \"2027-01-01\"}]}", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u@aa{sv})", &added, NULL);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 5);

  /* A uid already there is that sale, already there (issue #13: it was a Conflict that
   * refused the whole file): the rest is added. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = import (bus, "json",
                  "{\"format\": \"evolution-recurring-sales\", \"version\": 1, \"sales\": ["
                  "{\"client\": \"Epsilon\", \"service\": \"Backup\", \"amount\": \"9.99\", "
                  "\"currency\": \"EUR\", \"period\": \"1m\", \"start\": \"2027-01-01\"},"
                  "{\"uid\": \"delta-2\", \"client\": \"Delta\", \"service\": \"Mail\", "
                  "\"amount\": \"4.00\", \"currency\": \"EUR\", \"period\": \"1m\", "
                  "\"start\": \"2027-01-01\"}]}", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u@aa{sv})", &added, NULL);
  g_assert_cmpuint (added, ==, 1);
  g_clear_pointer (&reply, g_variant_unref);

  reply = import (bus, "json", "{\"format\": \"evolution-recurring-sales\", \"version\": 1, "
                  "\"sales\": [{\"client\": \"Zeta\"}]}", &error);
  assert_dbus_error (error, SERVICE_ERROR "InvalidArgument", NULL);
  g_clear_error (&error);

  reply = import (bus, "xlsx", "", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The import format “xlsx” is not one of csv or json.");
  g_assert_null (reply);

  g_clear_pointer (&uids, g_strfreev);
  uids = list_uids (bus->connection, g_variant_new_parsed ("@a{sv} {}"));
  g_assert_cmpuint (g_strv_length (uids), ==, 6);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 6);
  /* Signals come before replies: the refused imports sent none. */
  signal_recorder_wait (recorder, 3);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (recorder->uids->len, ==, 3);
}

static GVariant *
import_sales (ServiceBus  *bus,
              const char  *format,
              const char  *text,
              GVariant    *options,
              GError     **error)
{
  return service_call (bus->connection, "ImportSales",
                       g_variant_new ("(ss@a{sv})", format, text,
                                      options != NULL ? options : g_variant_new ("a{sv}", NULL)),
                       "(uuaa{sv})", error);
}

/* Asks ImportSales and checks its answer: @added added, @existing already there, no problem. */
static void
assert_import_sales (ServiceBus *bus,
                     const char *format,
                     const char *text,
                     GVariant   *options,
                     guint       expected_added,
                     guint       expected_existing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = import_sales (bus, format, text, options, &error);
  g_autoptr(GVariant) problems = NULL;
  guint added, existing;

  g_assert_no_error (error);
  g_variant_get (reply, "(uu@aa{sv})", &added, &existing, &problems);
  g_assert_cmpuint (added, ==, expected_added);
  g_assert_cmpuint (existing, ==, expected_existing);
  g_assert_cmpuint (g_variant_n_children (problems), ==, 0);
}

/* Issue #13: importing the same file twice doubled every sale, and every reminder with it. */
static void
test_import_again (ServiceBus    *bus,
                   gconstpointer  data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) uids = NULL;
  g_autofree char *with_new_row = g_strconcat (good_csv, "Delta,Backup,9.99,EUR,1m,2027-04-01,\r\n",
                                               NULL);
  g_autofree char *twice_in_one_file = g_strconcat ("client,service,amount,currency,period,start\n"
                                                    "Zeta,Audit,500,EUR,1y,2027-05-01\n"
                                                    "ZETA, audit ,500.00,EUR,1y,2027-05-01\n", NULL);
  guint added, existing;

  /* Import, the method other applications already call, is safe too. */
  reply = import (bus, "csv", good_csv, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u@aa{sv})", &added, NULL);
  g_assert_cmpuint (added, ==, 3);
  g_clear_pointer (&reply, g_variant_unref);
  reply = import (bus, "csv", good_csv, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u@aa{sv})", &added, &problems);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (g_variant_n_children (problems), ==, 0);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 3);

  /* ImportSales says how many were there already; only the new row is added. */
  assert_import_sales (bus, "csv", with_new_row, NULL, 1, 3);
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 4);

  /* A sale that ended (or was renewed) is still the agreement the row describes. */
  uids = list_uids (bus->connection, g_variant_new_parsed ("@a{sv} {'client': <'Acme'>}"));
  g_assert_cmpuint (g_strv_length (uids), ==, 1);
  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call_ok (bus->connection, "EndSale", g_variant_new ("(ss)", uids[0], ""), "()");
  assert_import_sales (bus, "csv", good_csv, NULL, 0, 3);

  /* A row repeated within one file is there once. */
  assert_import_sales (bus, "csv", twice_in_one_file, NULL, 1, 1);

  /* Duplicates asked for are added, even within one file... */
  assert_import_sales (bus, "csv", twice_in_one_file,
                       g_variant_new_parsed ("@a{sv} {'allow_duplicates': <true>}"), 2, 0);
  assert_import_sales (bus, "csv", good_csv,
                       g_variant_new_parsed ("@a{sv} {'allow_duplicates': <false>}"), 0, 3);
  /* ...but a uid names one sale: it is never added twice. */
  assert_import_sales (bus, "json",
                       "{\"format\": \"evolution-recurring-sales\", \"version\": 1, \"sales\": ["
                       "{\"uid\": \"eta-1\", \"client\": \"Eta\", \"service\": \"Mail\", "
                       "\"amount\": \"4.00\", \"currency\": \"EUR\", \"period\": \"1m\", "
                       "\"start\": \"2027-01-01\"}]}", NULL, 1, 0);
  assert_import_sales (bus, "json",
                       "{\"format\": \"evolution-recurring-sales\", \"version\": 1, \"sales\": ["
                       "{\"uid\": \"eta-1\", \"client\": \"Eta\", \"service\": \"Web\", "
                       "\"amount\": \"8.00\", \"currency\": \"EUR\", \"period\": \"1m\", "
                       "\"start\": \"2027-01-01\"}]}",
                       g_variant_new_parsed ("@a{sv} {'allow_duplicates': <true>}"), 0, 1);
  g_clear_pointer (&uids, g_strfreev);
  uids = list_uids (bus->connection, g_variant_new_parsed ("@a{sv} {}"));
  g_assert_cmpuint (g_strv_length (uids), ==, 4 + 1 + 2 + 1);

  /* Bad rows: problems, nothing added, nothing counted. */
  g_clear_pointer (&reply, g_variant_unref);
  g_clear_pointer (&problems, g_variant_unref);
  reply = import_sales (bus, "csv", bad_csv, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(uu@aa{sv})", &added, &existing, &problems);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (existing, ==, 0);
  g_assert_cmpuint (g_variant_n_children (problems), ==, 2);

  /* The options are read strictly, as every dictionary of the interface. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = import_sales (bus, "csv", good_csv,
                        g_variant_new_parsed ("@a{sv} {'dry_run': <true>}"), &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The import option “dry_run” is not known; use allow_duplicates.");
  g_clear_error (&error);
  reply = import_sales (bus, "csv", good_csv,
                        g_variant_new_parsed ("@a{sv} {'allow_duplicates': <'yes'>}"), &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The key “allow_duplicates” must be of type b, not s.");
  g_clear_error (&error);
  reply = import_sales (bus, "xlsx", "", NULL, &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The import format “xlsx” is not one of csv or json.");
  g_assert_null (reply);
  g_clear_error (&error);

  /* Two sales of one file under one uid are a mistake in the file, not one sale twice. */
  reply = import_sales (bus, "json",
                        "{\"format\": \"evolution-recurring-sales\", \"version\": 1, \"sales\": ["
                        "{\"uid\": \"theta-1\", \"client\": \"Theta\", \"service\": \"Mail\", "
                        "\"amount\": \"4.00\", \"currency\": \"EUR\", \"period\": \"1m\", "
                        "\"start\": \"2027-01-01\"},"
                        "{\"uid\": \"theta-1\", \"client\": \"Theta\", \"service\": \"Web\", "
                        "\"amount\": \"8.00\", \"currency\": \"EUR\", \"period\": \"1m\", "
                        "\"start\": \"2027-01-01\"}]}", NULL, &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "Sale 2: The sale identifier “theta-1” is already used by sale 1.");
  g_assert_null (reply);

  g_clear_pointer (&uids, g_strfreev);
  uids = list_uids (bus->connection, g_variant_new_parsed ("@a{sv} {}"));
  g_assert_cmpuint (g_strv_length (uids), ==, 8);
}

static char *
export (ServiceBus *bus,
        const char *format)
{
  g_autoptr(GVariant) reply = service_call_ok (bus->connection, "Export",
                                               g_variant_new ("(s)", format), "(s)");
  char *text;

  g_variant_get (reply, "(s)", &text);
  return text;
}

static void
test_export (ServiceBus    *bus,
             gconstpointer  data)
{
  g_autofree char *acme = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autofree char *beta = add_sale (bus->connection, sale_dict_new ("Beta"));
  g_autofree char *json = export (bus, "json");
  g_autofree char *csv = export (bus, "csv");
  g_autofree char *ics = export (bus, "ics");
  g_autofree char *component_uid = g_strconcat ("UID:", acme, "-invoice", NULL);
  g_autoptr(RsDefaults) defaults = rs_defaults_new_builtin ();
  g_autoptr(GPtrArray) from_json = NULL;
  g_autoptr(GPtrArray) from_csv = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* What the service writes, the importers read back. */
  from_json = rs_json_parse_sales (json, -1, defaults, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_json->len, ==, 2);
  from_csv = rs_csv_parse_sales (csv, strlen (csv), defaults, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_csv->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *uid = rs_sale_get_uid (g_ptr_array_index (from_json, i));

      g_assert_true (g_str_equal (uid, acme) || g_str_equal (uid, beta));
      g_assert_cmpstr (rs_sale_get_uid (g_ptr_array_index (from_csv, i)), ==, uid);
    }

  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR"));
  g_assert_nonnull (strstr (ics, component_uid));

  reply = service_call (bus->connection, "Export", g_variant_new ("(s)", "pdf"), "(s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The export format “pdf” is not one of ics, csv or json.");
}

static void
test_backup (ServiceBus    *bus,
             gconstpointer  data)
{
  g_autofree char *acme = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autofree char *path = g_build_filename (bus->root, "backup.db", NULL);
  g_autoptr(RsStore) copy = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf info;

  reply = service_call_ok (bus->connection, "Backup", g_variant_new ("(s)", path), "()");
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  copy = rs_store_open_readonly_sync (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rs_store_count_sales (copy, &error), ==, 1);
  g_assert_no_error (error);

  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call (bus->connection, "Backup", g_variant_new ("(s)", "backup.db"), "()", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The backup path “backup.db” is not absolute; give the full path of the file "
                     "to write.");
  g_assert_null (reply);
}

/* Calls that are refused; none of them changes anything. */
static void
test_bad_calls (ServiceBus    *bus,
                gconstpointer  data)
{
  g_autofree char *uid = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autofree char *huge = NULL;
  g_autoptr(GVariantDict) dict = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) uids = NULL;
  GVariantBuilder reminders;

  /* Arguments of the wrong type never reach the service's code. */
  reply = service_call (bus->connection, "AddSale", g_variant_new ("(s)", "Acme"), "(s)", &error);
  assert_dbus_error (error, "org.freedesktop.DBus.Error.InvalidArgs", NULL);
  g_clear_error (&error);

  reply = service_call (bus->connection, "UpdateSale",
                        g_variant_new_parsed ("(%s, int32 1, @a{sv} {})", uid), "(t)", &error);
  assert_dbus_error (error, "org.freedesktop.DBus.Error.InvalidArgs", NULL);
  g_clear_error (&error);

  dict = sale_dict_new ("Acme");
  g_variant_dict_insert (dict, "colour", "s", "red");
  reply = service_call (bus->connection, "AddSale",
                        g_variant_new ("(@a{sv})", g_variant_dict_end (dict)), "(s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The key “colour” is not known.");
  g_clear_error (&error);
  g_clear_pointer (&dict, g_variant_dict_unref);

  dict = sale_dict_new ("Acme");
  g_variant_dict_remove (dict, "client");
  reply = service_call (bus->connection, "AddSale",
                        g_variant_new ("(@a{sv})", g_variant_dict_end (dict)), "(s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The key “client” is missing.");
  g_clear_error (&error);
  g_clear_pointer (&dict, g_variant_dict_unref);

  dict = sale_dict_new ("Acme");
  g_variant_dict_insert (dict, "amount_minor", "i", 12000);
  reply = service_call (bus->connection, "AddSale",
                        g_variant_new ("(@a{sv})", g_variant_dict_end (dict)), "(s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The key “amount_minor” must be of type x, not i.");
  g_clear_error (&error);
  g_clear_pointer (&dict, g_variant_dict_unref);

  /* A 10 MB client name. */
  huge = g_strnfill (10 * 1000 * 1000, 'A');
  dict = sale_dict_new (huge);
  reply = service_call (bus->connection, "AddSale",
                        g_variant_new ("(@a{sv})", g_variant_dict_end (dict)), "(s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The value of “client” is too long.");
  g_clear_error (&error);
  g_clear_pointer (&dict, g_variant_dict_unref);

  reply = service_call (bus->connection, "GetSale", g_variant_new ("(s)", huge), "(a{sv})", &error);
  assert_dbus_error (error, NOT_FOUND,
                     "There is no sale with the identifier "
                     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA….");
  g_clear_error (&error);

  /* A million reminders. */
  g_variant_builder_init (&reminders, G_VARIANT_TYPE ("a(sus)"));
  for (guint i = 0; i < 1000000; i++)
    g_variant_builder_add (&reminders, "(sus)", "expiry", i % 365, "owner");
  dict = sale_dict_new ("Acme");
  g_variant_dict_insert_value (dict, "reminders", g_variant_builder_end (&reminders));
  reply = service_call (bus->connection, "AddSale",
                        g_variant_new ("(@a{sv})", g_variant_dict_end (dict)), "(s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The key “reminders” has 1000000 entries; at most 20 are allowed.");
  g_clear_error (&error);
  g_clear_pointer (&dict, g_variant_dict_unref);

  dict = sale_dict_new ("Acme");
  g_variant_dict_insert (dict, "start", "s", "2027-02-30");
  reply = service_call (bus->connection, "AddSale",
                        g_variant_new ("(@a{sv})", g_variant_dict_end (dict)), "(s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT, "The start date 2027-02-30 is not a valid date.");
  g_clear_error (&error);
  g_clear_pointer (&dict, g_variant_dict_unref);

  reply = service_call (bus->connection, "UpdateSale",
                        g_variant_new_parsed ("(%s, uint64 7, {'note': <'x'>})", uid), "(t)",
                        &error);
  assert_dbus_error (error, CONFLICT, NULL);
  g_clear_error (&error);

  reply = service_call (bus->connection, "MarkOccurrence",
                        g_variant_new ("(sss)", "nope", "2027-02-28", "issued"), "()", &error);
  assert_dbus_error (error, NOT_FOUND, "There is no sale with the identifier nope.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "Renew", g_variant_new_parsed ("('nope', @a{sv} {})"),
                        "(s)", &error);
  assert_dbus_error (error, NOT_FOUND, "There is no sale with the identifier nope.");
  g_clear_error (&error);
  g_assert_null (reply);

  /* Nothing changed. */
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 1);
  uids = list_uids (bus->connection, g_variant_new_parsed ("@a{sv} {}"));
  assert_strv (uids, uid, NULL);
}

/* UpcomingPage */

/* The most items a page holds, whatever the limit (docs/dbus.md). */
#define MAX_PAGE_ITEMS 250

/* Today and @days later, as the service's real clock has them. */
static char *
iso_day (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* Upcoming's items, whole. */
static GVariant *
upcoming_items (GDBusConnection *connection,
                const char      *from,
                const char      *to,
                GVariant        *filter)
{
  g_autoptr(GVariant) reply = service_call_ok (connection, "Upcoming",
                                               g_variant_new ("(ss@a{sv})", from, to, filter),
                                               "(aa{sv})");

  return g_variant_get_child_value (reply, 0);
}

/* The pages of UpcomingPage, joined; *@n_pages how many it took. */
static GVariant *
upcoming_pages (GDBusConnection *connection,
                const char      *from,
                const char      *to,
                GVariant        *filter,
                guint            limit,
                guint           *n_pages)
{
  g_autoptr(GVariant) owned_filter = g_variant_ref_sink (filter);
  g_auto(GVariantBuilder) all = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *after = g_strdup ("");

  *n_pages = 0;
  do
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GVariant) items = NULL;
      char *next;

      reply = service_call_ok (connection, "UpcomingPage",
                               g_variant_new ("(ss@a{sv}us)", from, to, owned_filter, limit, after),
                               "(aa{sv}s)");
      g_variant_get (reply, "(@aa{sv}s)", &items, &next);
      (*n_pages)++;
      g_assert_cmpuint (g_variant_n_children (items), <=, MIN (limit, MAX_PAGE_ITEMS));
      /* A page that is not the last is full. */
      if (*next != '\0')
        g_assert_cmpuint (g_variant_n_children (items), ==, MIN (limit, MAX_PAGE_ITEMS));
      for (gsize i = 0; i < g_variant_n_children (items); i++)
        {
          g_autoptr(GVariant) item = g_variant_get_child_value (items, i);

          g_variant_builder_add_value (&all, item);
        }
      g_free (after);
      after = next;
    }
  while (*after != '\0');

  return g_variant_ref_sink (g_variant_builder_end (&all));
}

static void
assert_same_variant (GVariant *actual,
                     GVariant *expected)
{
  if (!g_variant_equal (actual, expected))
    {
      g_autofree char *actual_text = g_variant_print (actual, FALSE);
      g_autofree char *expected_text = g_variant_print (expected, FALSE);

      g_assert_cmpstr (actual_text, ==, expected_text);
    }
}

/* Sales around today: the index's own case (windows from today) and the others. */
static void
add_sales_around_today (ServiceBus *bus)
{
  static const char * const clients[] = { "Acme", "Beta", "Acme", "Gamma", "beta" };
  g_autoptr(GString) csv = g_string_new ("client,service,amount,currency,period,start\n");
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint added;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *start = iso_day ((int) (i * 7 % 90) - 45);

      g_string_append_printf (csv, "%s,Service %u,%u.00,EUR,%s,%s\n", clients[i % 5], i, 10 + i,
                              i % 3 == 0 ? "1w" : "1m", start);
    }
  reply = import (bus, "csv", csv->str, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u@aa{sv})", &added, NULL);
  g_assert_cmpuint (added, ==, 40);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GVariantDict) dict = sale_dict_new ("Delta");
      g_autofree char *start = iso_day (3 + 9 * (int) i);
      g_autofree char *uid = NULL;

      g_variant_dict_insert (dict, "start", "s", start);
      g_variant_dict_insert (dict, "email", "s", "billing@delta.example");
      g_variant_dict_insert (dict, "notice_days", "u", 20);
      g_variant_dict_insert_value (dict, "reminders",
                                   g_variant_new_parsed ("[('invoice', uint32 3, 'client'), "
                                                         "('invoice', uint32 10, 'owner'), "
                                                         "('expiry', uint32 30, 'owner'), "
                                                         "('notice', uint32 5, 'owner')]"));
      uid = add_sale (bus->connection, g_variant_dict_ref (dict));
    }
}

static void
test_upcoming_page_joins_to_upcoming (ServiceBus    *bus,
                                      gconstpointer  data)
{
  struct {
    int         from_day;
    int         to_day;
    const char *filter;
  } windows[] = {
    { 0, 60, "@a{sv} {}" },
    { 0, 400, "{'kinds': <['reminder', 'expiry']>}" },
    { -10, 30, "@a{sv} {}" },           /* before today: every sale is read */
    { 20, 50, "{'client': <'ACME'>}" },
    { 0, 30, "{'audience': <'client'>}" },
  };

  add_sales_around_today (bus);

  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    {
      g_autofree char *from = iso_day (windows[w].from_day);
      g_autofree char *to = iso_day (windows[w].to_day);
      g_autoptr(GVariant) expected = upcoming_items (bus->connection, from, to,
                                                     g_variant_new_parsed (windows[w].filter));
      gsize n = g_variant_n_children (expected);
      static const guint limits[] = { 1, 7, 10000 };

      g_assert_cmpuint (n, >, 10);
      for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
        {
          g_autoptr(GVariant) pages = NULL;
          guint page = MIN (limits[l], MAX_PAGE_ITEMS);
          guint n_pages;

          pages = upcoming_pages (bus->connection, from, to,
                                  g_variant_new_parsed (windows[w].filter), limits[l], &n_pages);
          assert_same_variant (pages, expected);
          g_assert_cmpuint (n_pages, ==, MAX (1, (n + page - 1) / page));
        }
    }
}

/* However many items are asked for, a page holds at most 250: a large reply would hold up
 * every other program's replies on the service's one bus connection (issue #18). */
static void
test_upcoming_page_at_most_250 (ServiceBus    *bus,
                                gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("client,service,amount,currency,period,start\n");
  g_autofree char *from = iso_day (0);
  g_autofree char *to = iso_day (30);
  g_autoptr(GVariant) expected = NULL;
  g_autoptr(GVariant) pages = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pages;
  gsize n;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *start = iso_day (1 + (int) (i % 28));

      g_string_append_printf (csv, "Client %03u,Hosting,10.00,EUR,1m,%s\n", i, start);
    }
  g_variant_unref (import (bus, "csv", csv->str, &error));
  g_assert_no_error (error);

  expected = upcoming_items (bus->connection, from, to, g_variant_new_parsed ("@a{sv} {}"));
  n = g_variant_n_children (expected);
  g_assert_cmpuint (n, >=, 300);
  pages = upcoming_pages (bus->connection, from, to, g_variant_new_parsed ("@a{sv} {}"), 10000,
                          &n_pages);
  assert_same_variant (pages, expected);
  g_assert_cmpuint (n_pages, ==, (n + MAX_PAGE_ITEMS - 1) / MAX_PAGE_ITEMS);
}

/* A client reads a long agenda page by page while sales change between its pages: the kept
 * walk, brought up to date, gives each page as a new walk from the same cursor does. */
static void
test_upcoming_page_walk_follows_changes (ServiceBus    *bus,
                                         gconstpointer  data)
{
  g_autofree char *from = iso_day (0);
  g_autofree char *to = iso_day (90);
  g_autofree char *after = g_strdup ("");
  guint n_pages = 0, n_items = 0;

  add_sales_around_today (bus);

  do
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GVariant) again = NULL;
      g_autoptr(GVariant) items = NULL;
      g_autoptr(GVariant) last = NULL;
      g_autoptr(GVariantDict) sale = NULL;
      g_autofree char *start = NULL;
      const char *uid;
      char *next;

      reply = service_call_ok (bus->connection, "UpcomingPage",
                               g_variant_new ("(ss@a{sv}us)", from, to,
                                              g_variant_new_parsed ("@a{sv} {}"), 9, after),
                               "(aa{sv}s)");
      /* The same cursor again, once the walk went on past it: read anew. */
      again = service_call_ok (bus->connection, "UpcomingPage",
                               g_variant_new ("(ss@a{sv}us)", from, to,
                                              g_variant_new_parsed ("@a{sv} {}"), 9, after),
                               "(aa{sv}s)");
      assert_same_variant (reply, again);
      g_variant_get (reply, "(@aa{sv}s)", &items, &next);
      g_free (after);
      after = next;
      n_pages++;
      n_items += g_variant_n_children (items);
      if (g_variant_n_children (items) == 0)
        break;

      /* The page's last sale starts on another day (its next items among those still to
       * come), and on every other page a sale is added, and removed again on every fourth. */
      g_assert_cmpuint (n_pages, <, 200);
      last = g_variant_get_child_value (items, g_variant_n_children (items) - 1);
      g_assert_true (g_variant_lookup (last, "uid", "&s", &uid));
      sale = get_sale (bus->connection, uid);
      start = iso_day ((int) (n_pages % 20));
      g_variant_unref (service_call_ok (bus->connection, "UpdateSale",
                                        g_variant_new_parsed ("(%s, %t, {'start': <%s>})", uid,
                                                              dict_get_revision (sale), start),
                                        "(t)"));
      if (n_pages % 2 == 0)
        {
          g_autoptr(GVariantDict) added = sale_dict_new (n_pages % 4 ? "Aardvark" : "Zulu");
          g_autofree char *added_start = iso_day ((int) (n_pages * 5 % 60));
          g_autofree char *added_uid = NULL;

          g_variant_dict_insert (added, "start", "s", added_start);
          added_uid = add_sale (bus->connection, g_variant_dict_ref (added));
          if (n_pages % 4 == 0)
            g_variant_unref (service_call_ok (bus->connection, "RemoveSale",
                                              g_variant_new ("(s)", added_uid), "()"));
        }
    }
  while (*after != '\0');

  g_test_message ("%u items in %u pages", n_items, n_pages);
  g_assert_cmpuint (n_pages, >=, 20);
}

static void
test_upcoming_page_refusals (ServiceBus    *bus,
                             gconstpointer  data)
{
  g_autofree char *uid = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  static const char * const bad_cursors[] = {
    "garbage", "AAAA", "AQ==", "bm90IGEgY3Vyc29y", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  };

  reply = service_call (bus->connection, "UpcomingPage",
                        g_variant_new_parsed ("('2027-01-01', '2027-12-31', @a{sv} {}, "
                                              "uint32 0, '')"), "(aa{sv}s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The page size 0 is not valid: ask for between 1 and 10000 items.");
  g_clear_error (&error);

  reply = service_call (bus->connection, "UpcomingPage",
                        g_variant_new_parsed ("('2027-01-01', '2027-12-31', @a{sv} {}, "
                                              "uint32 10001, '')"), "(aa{sv}s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The page size 10001 is not valid: ask for between 1 and 10000 items.");
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cursors); i++)
    {
      reply = service_call (bus->connection, "UpcomingPage",
                            g_variant_new ("(ss@a{sv}us)", "2027-01-01", "2027-12-31",
                                           g_variant_new_parsed ("@a{sv} {}"), 10, bad_cursors[i]),
                            "(aa{sv}s)", &error);
      assert_dbus_error (error, INVALID_ARGUMENT,
                         "The page cursor is not one this service gave out; ask for the first "
                         "page again with an empty cursor.");
      g_clear_error (&error);
    }

  /* The window and the filter are checked as Upcoming's. */
  reply = service_call (bus->connection, "UpcomingPage",
                        g_variant_new_parsed ("('2027-03-01', '2027-02-01', @a{sv} {}, "
                                              "uint32 10, '')"), "(aa{sv}s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The window ends on 2027-02-01, before it begins on 2027-03-01.");
  g_clear_error (&error);
  reply = service_call (bus->connection, "UpcomingPage",
                        g_variant_new_parsed ("('2027-01-01', '2027-02-01', "
                                              "{'kinds': <['payday']>}, uint32 10, '')"),
                        "(aa{sv}s)", &error);
  assert_dbus_error (error, INVALID_ARGUMENT,
                     "The kind “payday” is not one of invoice, expiry, notice or reminder.");
  g_clear_error (&error);
  g_assert_null (reply);

  /* A window with nothing in it: one empty page, no cursor. */
  reply = service_call_ok (bus->connection, "UpcomingPage",
                           g_variant_new_parsed ("('2035-01-01', '2035-12-31', @a{sv} {}, "
                                                 "uint32 10, '')"), "(aa{sv}s)");
  g_variant_get (reply, "(@aa{sv}s)", &items, &next);
  g_assert_cmpstr (next, ==, "");
  g_assert_cmpuint (g_variant_n_children (items), ==, 0);
}

/* The index follows every change: AddSale, UpdateSale, RemoveSale, between pages too. */
static void
test_upcoming_follows_changes (ServiceBus    *bus,
                               gconstpointer  data)
{
  g_autofree char *acme = add_sale (bus->connection, sale_dict_new ("Acme"));
  g_autofree char *beta = NULL, *gamma = NULL, *next = NULL;
  g_autoptr(GVariantDict) gamma_dict = sale_dict_new ("Gamma");
  g_autoptr(GVariantDict) beta_sale = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) page = NULL;
  g_auto(GStrv) lines = NULL;

  lines = upcoming (bus->connection, "2027-02-01", "2027-03-31", "{'kinds': <['invoice']>}");
  assert_strv (lines, "invoice 2027-02-28 Acme", "invoice 2027-03-31 Acme", NULL);
  g_clear_pointer (&lines, g_strfreev);

  beta = add_sale (bus->connection, sale_dict_new ("Beta"));
  lines = upcoming (bus->connection, "2027-02-01", "2027-03-31", "{'kinds': <['invoice']>}");
  assert_strv (lines, "invoice 2027-02-28 Acme", "invoice 2027-02-28 Beta",
               "invoice 2027-03-31 Acme", "invoice 2027-03-31 Beta", NULL);
  g_clear_pointer (&lines, g_strfreev);

  beta_sale = get_sale (bus->connection, beta);
  reply = service_call_ok (bus->connection, "UpdateSale",
                           g_variant_new_parsed ("(%s, %t, {'client': <'Aardvark'>, "
                                                 "'start': <'2027-02-15'>})", beta,
                                                 dict_get_revision (beta_sale)), "(t)");
  g_clear_pointer (&reply, g_variant_unref);
  lines = upcoming (bus->connection, "2027-02-01", "2027-03-31", "{'kinds': <['invoice']>}");
  assert_strv (lines, "invoice 2027-02-15 Aardvark", "invoice 2027-02-28 Acme",
               "invoice 2027-03-15 Aardvark", "invoice 2027-03-31 Acme", NULL);
  g_clear_pointer (&lines, g_strfreev);

  /* A first page of two; then Acme goes and Gamma comes: the second page goes on after the
   * cursor in the agenda as it is now. */
  reply = service_call_ok (bus->connection, "UpcomingPage",
                           g_variant_new_parsed ("('2027-02-01', '2027-03-31', "
                                                 "{'kinds': <['invoice']>}, uint32 2, '')"),
                           "(aa{sv}s)");
  g_variant_get (reply, "(@aa{sv}s)", &page, &next);
  g_assert_cmpuint (g_variant_n_children (page), ==, 2);
  g_assert_cmpstr (next, !=, "");
  g_clear_pointer (&reply, g_variant_unref);
  g_clear_pointer (&page, g_variant_unref);

  reply = service_call_ok (bus->connection, "RemoveSale", g_variant_new ("(s)", acme), "()");
  g_clear_pointer (&reply, g_variant_unref);
  g_variant_dict_insert (gamma_dict, "start", "s", "2027-03-20");
  gamma = add_sale (bus->connection, g_variant_dict_ref (gamma_dict));

  reply = service_call_ok (bus->connection, "UpcomingPage",
                           g_variant_new ("(ss@a{sv}us)", "2027-02-01", "2027-03-31",
                                          g_variant_new_parsed ("{'kinds': <['invoice']>}"),
                                          10, next),
                           "(aa{sv}s)");
  g_clear_pointer (&next, g_free);
  g_variant_get (reply, "(@aa{sv}s)", &page, &next);
  g_assert_cmpstr (next, ==, "");
  g_assert_cmpuint (g_variant_n_children (page), ==, 2);
  {
    g_autoptr(GVariant) first = g_variant_get_child_value (page, 0);
    g_autoptr(GVariant) second = g_variant_get_child_value (page, 1);
    const char *client, *date;

    g_assert_true (g_variant_lookup (first, "client", "&s", &client));
    g_assert_true (g_variant_lookup (first, "date", "&s", &date));
    g_assert_cmpstr (client, ==, "Aardvark");
    g_assert_cmpstr (date, ==, "2027-03-15");
    g_assert_true (g_variant_lookup (second, "client", "&s", &client));
    g_assert_true (g_variant_lookup (second, "date", "&s", &date));
    g_assert_cmpstr (client, ==, "Gamma");
    g_assert_cmpstr (date, ==, "2027-03-20");
  }

  lines = upcoming (bus->connection, "2027-02-01", "2027-03-31", "{'kinds': <['invoice']>}");
  assert_strv (lines, "invoice 2027-02-15 Aardvark", "invoice 2027-03-15 Aardvark",
               "invoice 2027-03-20 Gamma", NULL);
}

/* An answer too big for D-Bus is an error; sent, it would make the bus disconnect the service
 * (arrays are limited to 64 MiB). */
static void
test_too_large_answer (ServiceBus    *bus,
                       gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("client,service,amount,currency,period,start\n");
  g_autofree char *owner = NULL;
  g_autofree char *owner_after = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) items = NULL;
  g_autoptr(GError) error = NULL;
  guint added;
  const char *message;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (csv, "Client %03u,Daily check,1.00,EUR,1d,2027-01-01\n", i);
  reply = import (bus, "csv", csv->str, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u@aa{sv})", &added, NULL);
  g_assert_cmpuint (added, ==, 100);
  owner = service_get_owner (bus->connection);

  /* 100 sales × 2007 days of invoices: about 75 MB. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = service_call (bus->connection, "Upcoming",
                        g_variant_new_parsed ("('2027-01-01', '2032-06-30', "
                                              "{'kinds': <['invoice']>})"), "(aa{sv})", &error);
  g_assert_null (reply);
  assert_dbus_error (error, SERVICE_ERROR "Failed", NULL);
  message = strstr (error->message, "The answer would take ");
  g_assert_nonnull (message);
  /* g_format_size () puts a no-break space before the unit. */
  g_assert_true (g_str_has_suffix (message, "\u00a0MB, more than a D-Bus message can carry; ask for "
                                   "less, for example with a filter or a shorter window."));

  /* Still the same service, and a smaller window works. */
  g_assert_cmpuint (service_get_revision (bus->connection), ==, 100);
  owner_after = service_get_owner (bus->connection);
  g_assert_cmpstr (owner_after, ==, owner);
  reply = service_call_ok (bus->connection, "Upcoming",
                           g_variant_new_parsed ("('2027-01-01', '2027-01-31', "
                                                 "{'kinds': <['invoice']>})"), "(aa{sv})");
  items = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (items), ==, 3100);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  service_test_add ("/service/activation/first-call-starts-service-with-properties",
                    test_activation_properties);
  service_test_add ("/service/add-sale/returns-uid-signals-and-applies-defaults", test_add_sale);
  service_test_add ("/service/add-sale/keeps-given-uid-and-refuses-duplicate",
                    test_add_sale_keeps_given_uid);
  service_test_add ("/service/update-sale/pipelined-calls-run-in-order",
                    test_pipelined_calls_run_in_order);
  service_test_add ("/service/update-sale/compare-and-swap-refuses-stale-revision",
                    test_update_sale_compare_and_swap);
  service_test_add ("/service/update-sale/refuses-unknown-uid-and-bad-changes",
                    test_update_sale_refusals);
  service_test_add ("/service/remove-sale/removes-and-signals", test_remove_sale);
  service_test_add ("/service/list-sales/filters-and-orders-by-client", test_list_sales_filters);
  service_test_add ("/service/find-uids/prefixes-and-short-identifiers", test_find_and_short_uids);
  service_test_add ("/service/upcoming/window-kinds-client-audience", test_upcoming);
  service_test_add ("/service/upcoming-page/pages-join-to-upcoming",
                    test_upcoming_page_joins_to_upcoming);
  service_test_add ("/service/upcoming-page/at-most-250-items-a-page",
                    test_upcoming_page_at_most_250);
  service_test_add ("/service/upcoming-page/walk-follows-changes-between-pages",
                    test_upcoming_page_walk_follows_changes);
  service_test_add ("/service/upcoming-page/refuses-bad-limit-and-cursor",
                    test_upcoming_page_refusals);
  service_test_add ("/service/upcoming/follows-add-update-remove", test_upcoming_follows_changes);
  service_test_add ("/service/renew/creates-linked-successor", test_renew);
  service_test_add ("/service/end-sale/appends-reason-to-note", test_end_sale);
  service_test_add ("/service/mark-occurrence/marks-and-clears", test_mark_occurrence);
  service_test_add ("/service/import/csv-and-json-all-or-nothing", test_import);
  service_test_add ("/service/import/again-adds-only-what-is-new", test_import_again);
  service_test_add ("/service/export/formats-read-back", test_export);
  service_test_add ("/service/backup/writes-a-copy-to-an-absolute-path", test_backup);
  service_test_add ("/service/errors/bad-calls-are-named-and-change-nothing", test_bad_calls);
  service_test_add ("/service/errors/too-large-answer-is-refused-and-service-survives",
                    test_too_large_answer);

  return g_test_run ();
}
