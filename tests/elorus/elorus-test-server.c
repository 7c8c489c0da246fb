/* elorus-test-server.c: what the Elorus tests share: the stand-in server and its invoices
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "elorus-test-server.h"

const char elorus_test_invoices_json[] =
  "["
  " {\"id\": \"1050000300010040\", \"custom_id\": \"Φιλοξενία ιστοσελίδας\","
  "  \"start_datetime\": \"2026-01-15T06:00:00Z\", \"interval\": 1, \"period\": \"months\","
  "  \"end_datetime\": \"2027-01-15T06:00:00Z\", \"last_execution\": \"2026-03-15T06:00:00Z\","
  "  \"next_execution\": \"2026-04-15T06:00:00Z\", \"paused\": false, \"draft\": true,"
  "  \"client\": 3300000040000100, \"client_display_name\": \"Αλφα Ο.Ε.\","
  "  \"client_email\": \"logistirio@alfa.gr\", \"currency_code\": \"EUR\", \"total\": \"1234.56\","
  "  \"items\": [], \"modified\": \"2026-03-15T06:00:01Z\"},"
  " {\"id\": \"1050000300010041\", \"custom_id\": \"Συντήρηση\","
  "  \"start_datetime\": \"2025-06-01T06:00:00Z\", \"interval\": 12, \"period\": \"months\","
  "  \"paused\": true, \"draft\": false, \"client\": 3300000040000101,"
  "  \"client_display_name\": \"Βήτα Ι.Κ.Ε.\", \"currency_code\": \"EUR\", \"total\": \"300.00\","
  "  \"items\": [], \"modified\": \"2026-05-01T09:30:00Z\"},"
  " {\"id\": \"1050000300010042\", \"custom_id\": \"Backup\","
  "  \"start_datetime\": \"2026-02-02T06:00:00Z\", \"interval\": 2, \"period\": \"weeks\","
  "  \"paused\": false, \"draft\": false, \"client\": 3300000040000102,"
  "  \"client_display_name\": \"Γάμμα\", \"currency_code\": \"EUR\", \"total\": \"0.29\","
  "  \"items\": [], \"modified\": \"2026-06-01T09:30:00Z\"}"
  "]";



void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rs-test-elorus-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->invoices_path = g_build_filename (fixture->dir, "invoices.json", NULL);
  fixture->log_path = g_build_filename (fixture->dir, "requests.log", NULL);
  g_assert_true (g_file_set_contents (fixture->invoices_path, elorus_test_invoices_json, -1, &error));
  g_assert_no_error (error);

  /* Elorus's limits, shortened so that a test waits milliseconds, not minutes. */
  rs_elorus_limits_default (&fixture->limits);
  fixture->limits.min_interval_ms = 0;
  fixture->limits.throttled_wait_ms = 100;
  fixture->limits.first_backoff_ms = 50;
  fixture->limits.max_tries = 3;
  fixture->limits.max_wait_seconds = 5;
  fixture->limits.timeout_seconds = 10;
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *log = NULL;

  /* elorus-server.py answered what our schema of Elorus's answers refuses: the stand-in, or
   * a test's invoices, drifted from the real API. */
  if (g_file_get_contents (fixture->log_path, &log, NULL, NULL) &&
      strstr (log, "\"schema_error\"") != NULL)
    g_test_fail_printf ("The stand-in of Elorus answered outside Elorus's schema:\n%s", log);

  if (fixture->server != NULL)
    {
      g_subprocess_force_exit (fixture->server);
      g_subprocess_wait (fixture->server, NULL, NULL);
      g_clear_object (&fixture->server);
    }
  g_remove (fixture->invoices_path);
  g_remove (fixture->log_path);
  for (const char *const *name = (const char *const[]) { "ca.pem", "ca.key", "ca.srl",
                                                         "server.pem", "server.key",
                                                         "server.csr", "san.cnf", NULL };
       *name != NULL; name++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, *name, NULL);
      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->invoices_path);
  g_free (fixture->log_path);
  g_free (fixture->api_url);
}

/* Starts the server with @extra arguments (NULL-terminated) and waits for its port. */
void
start_server (Fixture    *fixture,
              const char *scheme,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) "/usr/bin/python3");
  g_ptr_array_add (argv, (char *) ELORUS_SERVER);
  g_ptr_array_add (argv, (char *) "--invoices");
  g_ptr_array_add (argv, fixture->invoices_path);
  g_ptr_array_add (argv, (char *) "--token");
  g_ptr_array_add (argv, (char *) TOKEN);
  g_ptr_array_add (argv, (char *) "--organization");
  g_ptr_array_add (argv, (char *) ORGANIZATION);
  g_ptr_array_add (argv, (char *) "--log");
  g_ptr_array_add (argv, fixture->log_path);
  va_start (args, scheme);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  fixture->server = g_subprocess_newv ((const char *const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  fixture->api_url = g_strdup_printf ("%s://127.0.0.1:%s", scheme, line + 5);
}

RsElorusClient *
new_client (Fixture      *fixture,
            GTlsDatabase *tls_database)
{
  g_autoptr(GError) error = NULL;
  RsElorusClient *client = rs_elorus_client_new (fixture->api_url, ORGANIZATION, TOKEN,
                                                 tls_database, &fixture->limits, &error);

  g_assert_no_error (error);
  g_assert_nonnull (client);
  return client;
}

/* The requests the server saw, one JSON object each. */
GPtrArray *
read_log (Fixture *fixture)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (fixture->log_path, &text, NULL, NULL))
    return g_steal_pointer (&requests);
  g_assert_null (strstr (text, TOKEN));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;

      if (lines[i][0] == '\0')
        continue;
      node = json_from_string (lines[i], NULL);
      g_assert_nonnull (node);
      g_ptr_array_add (requests, json_object_ref (json_node_get_object (node)));
    }
  return g_steal_pointer (&requests);
}

