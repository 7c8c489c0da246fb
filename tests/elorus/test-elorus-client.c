/* test-elorus-client.c: the Elorus client against a local stand-in of Elorus's API
 *
 * tests/elorus/elorus-server.py serves the recurring invoices, over plain HTTP or over TLS with
 * a throwaway CA that each TLS test makes with openssl.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-format.h>

#include "rs-elorus-client.h"
#include "rs-elorus-invoice.h"

#include "elorus-test-server.h"

static void
assert_no_token (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, TOKEN));
}

static void
test_pages_followed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RsElorusClient) client = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *second_query;

  start_server (fixture, "http", "--page-size-max", "2", NULL);
  client = new_client (fixture, NULL);
  invoices = rs_elorus_client_list_sync (client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invoices->len, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (invoices, 2), "id"), ==,
                   "1050000300010042");
  /* The list has no client name: the sync reads each new or changed invoice whole. */
  g_assert_false (json_object_has_member (g_ptr_array_index (invoices, 0), "client_display_name"));
  g_assert_cmpuint (rs_elorus_client_get_n_requests (client), ==, 2);

  requests = read_log (fixture);
  g_assert_cmpuint (requests->len, ==, 2);
  for (guint i = 0; i < requests->len; i++)
    g_assert_true (json_object_get_boolean_member (g_ptr_array_index (requests, i), "authorized"));
  second_query = json_object_get_object_member (g_ptr_array_index (requests, 1), "query");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (second_query,
                                                                                "page"), 0),
                   ==, "2");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (second_query,
                                                                                "page_size"), 0),
                   ==, "250");
}

static void
test_modified_after (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RsElorusClient) client = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GError) error = NULL;

  start_server (fixture, "http", NULL);
  client = new_client (fixture, NULL);
  invoices = rs_elorus_client_list_sync (client, "2026-05-01T09:30:00+00:00", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invoices->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (invoices, 0), "id"), ==,
                   "1050000300010041");
}

static void
test_get_one_whole (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RsElorusClient) client = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) missing = NULL;
  g_autoptr(RsElorusInvoice) invoice = NULL;
  g_autoptr(GTimeZone) athens = g_time_zone_new_identifier ("Europe/Athens");
  g_autoptr(GError) error = NULL;

  start_server (fixture, "http", NULL);
  client = new_client (fixture, NULL);
  object = rs_elorus_client_get_sync (client, "1050000300010040", NULL, &error);
  g_assert_no_error (error);
  invoice = rs_elorus_invoice_new_from_json (object, athens, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rs_sale_get_client_name (invoice->sale), ==, "Αλφα Ο.Ε.");
  g_assert_cmpint (rs_sale_get_amount_minor (invoice->sale), ==, 123456);

  /* An id is escaped whole: it cannot reach another path. */
  missing = rs_elorus_client_get_sync (client, "../../other", NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, RS_ERROR, RS_ERROR_NOT_FOUND);
}

static void
test_throttled_waits_retry_after (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(RsElorusClient) client = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  start_server (fixture, "http", "--script", "{\"1\": {\"status\": 429, \"retry_after\": 1}}",
                NULL);
  client = new_client (fixture, NULL);
  started = g_get_monotonic_time ();
  invoices = rs_elorus_client_list_sync (client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invoices->len, ==, 3);
  g_assert_cmpuint (rs_elorus_client_get_n_requests (client), ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
}

static void
test_throttled_too_long_stops (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(RsElorusClient) client = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GError) error = NULL;

  /* A day's limit: Elorus asks for hours; the sync stops and the next one goes on. */
  start_server (fixture, "http", "--script", "{\"1\": {\"status\": 429, \"retry_after\": 36000}}",
                NULL);
  client = new_client (fixture, NULL);
  invoices = rs_elorus_client_list_sync (client, NULL, NULL, &error);
  g_assert_null (invoices);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "36000"));
  assert_no_token (error);
  g_assert_cmpuint (rs_elorus_client_get_n_requests (client), ==, 1);
}

static void
test_dropped_connection_retried (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RsElorusClient) client = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  /* The connection drops before any answer (on a fresh connection, where libsoup does not
   * resend by itself), then a 503: tried again after 50 and 100 ms. */
  start_server (fixture, "http", "--page-size-max", "2", "--script",
                "{\"1\": \"drop\", \"2\": {\"status\": 503}}", NULL);
  client = new_client (fixture, NULL);
  invoices = rs_elorus_client_list_sync (client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invoices->len, ==, 3);
  g_assert_cmpuint (rs_elorus_client_get_n_requests (client), ==, 4);
  requests = read_log (fixture);
  g_assert_cmpuint (requests->len, ==, 4);
}

static void
test_server_errors_give_up_whole (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(RsElorusClient) client = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GError) error = NULL;

  /* The second page fails every time: nothing of the first page is given either. */
  start_server (fixture, "http", "--page-size-max", "2", "--script",
                "{\"2\": {\"status\": 500}, \"3\": {\"status\": 502}, "
                "\"4\": {\"status\": 503}}", NULL);
  client = new_client (fixture, NULL);
  invoices = rs_elorus_client_list_sync (client, NULL, NULL, &error);
  g_assert_null (invoices);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "503"));
  assert_no_token (error);
  g_assert_cmpuint (rs_elorus_client_get_n_requests (client), ==, 4);
}

static void
test_refused_token (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RsElorusClient) client = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GError) error = NULL;

  start_server (fixture, "http", NULL);
  client = rs_elorus_client_new (fixture->api_url, ORGANIZATION, "wrong-token", NULL,
                                 &fixture->limits, &error);
  g_assert_no_error (error);
  invoices = rs_elorus_client_list_sync (client, NULL, NULL, &error);
  g_assert_null (invoices);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "403"));
  g_assert_nonnull (strstr (error->message, "recurring-sales elorus login"));
  g_assert_null (strstr (error->message, "wrong-token"));
}

static void
test_next_elsewhere_refused (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RsElorusClient) client = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  /* A `next` on another host would carry the token there: it is not followed. */
  start_server (fixture, "http", "--page-size-max", "2", "--next-base",
                "http://elsewhere.invalid", NULL);
  client = new_client (fixture, NULL);
  invoices = rs_elorus_client_list_sync (client, NULL, NULL, &error);
  g_assert_null (invoices);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "elsewhere.invalid"));
  requests = read_log (fixture);
  g_assert_cmpuint (requests->len, ==, 1);
}

static void
test_bad_api_url (void)
{
  static const char *const urls[] = { "ftp://api.elorus.com", "api.elorus.com", "https://",
                                      "https://user:pw@api.elorus.com", "https://h/?q=1" };

  for (gsize i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RsElorusClient) client = rs_elorus_client_new (urls[i], ORGANIZATION, TOKEN,
                                                               NULL, NULL, &error);

      g_assert_null (client);
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      assert_no_token (error);
    }
}

static void
run_openssl (Fixture    *fixture,
             const char *command)
{
  g_autofree char *full = g_strdup_printf ("openssl %s", command);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_shell_parse_argv (full, NULL, &argv, &error));
  g_assert_true (g_spawn_sync (fixture->dir, argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A throwaway CA and a certificate for 127.0.0.1 signed by it, made for this test only. */
static void
make_certificates (Fixture *fixture)
{
  g_autofree char *san = g_build_filename (fixture->dir, "san.cnf", NULL);

  g_assert_true (g_file_set_contents (san, "subjectAltName=IP:127.0.0.1\n", -1, NULL));
  run_openssl (fixture, "req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=rs-test-ca "
                        "-keyout ca.key -out ca.pem");
  run_openssl (fixture, "req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 "
                        "-keyout server.key -out server.csr");
  run_openssl (fixture, "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                        "-days 1 -extfile san.cnf -out server.pem");
}

static void
test_tls_verified (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *cert = g_build_filename (fixture->dir, "server.pem", NULL);
  g_autofree char *key = g_build_filename (fixture->dir, "server.key", NULL);
  g_autofree char *ca = g_build_filename (fixture->dir, "ca.pem", NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(RsElorusClient) trusting = NULL;
  g_autoptr(RsElorusClient) system = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GError) error = NULL;

  make_certificates (fixture);
  start_server (fixture, "https", "--tls", cert, key, NULL);

  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  trusting = new_client (fixture, database);
  invoices = rs_elorus_client_list_sync (trusting, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invoices->len, ==, 3);

  /* The system's CAs do not know the test's: the certificate is refused, not waved through. */
  fixture->limits.max_tries = 1;
  system = new_client (fixture, NULL);
  refused = rs_elorus_client_list_sync (system, NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, RS_ERROR, RS_ERROR_FAILED);
  assert_no_token (error);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  rs_i18n_init ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/elorus/client/pages-followed", test_pages_followed);
  ADD ("/elorus/client/modified-after", test_modified_after);
  ADD ("/elorus/client/get-one-whole", test_get_one_whole);
  ADD ("/elorus/client/throttled-waits-retry-after", test_throttled_waits_retry_after);
  ADD ("/elorus/client/throttled-too-long-stops", test_throttled_too_long_stops);
  ADD ("/elorus/client/dropped-connection-retried", test_dropped_connection_retried);
  ADD ("/elorus/client/server-errors-give-up-whole", test_server_errors_give_up_whole);
  ADD ("/elorus/client/refused-token", test_refused_token);
  ADD ("/elorus/client/next-elsewhere-refused", test_next_elsewhere_refused);
  ADD ("/elorus/client/tls-verified", test_tls_verified);
#undef ADD
  g_test_add_func ("/elorus/client/bad-api-url", test_bad_api_url);

  return g_test_run ();
}
