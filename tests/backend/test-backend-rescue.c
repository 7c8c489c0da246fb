/* test-backend-rescue.c: the calendar over a store that cannot be used (issue #18)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A real evolution-calendar-factory over a store file of zeros: the calendar opens and shows
 * nothing rather than failing, its refreshes succeed, and the factory says so once (as a
 * message, not a warning per refresh: evolution-alarm-notify opens and refreshes every
 * calendar). Once the service restores a backup, an open view receives the restored sales.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "eds-test-util.h"
#include <recurring-sales/rs-sale-variant.h>
#include "rs-store-writer.h"

#define N_REFRESHES    5
#define UNUSABLE_NOTE  "The calendar shows no new sales until the store is restored"

static EdsTest eds;

typedef struct {
  ECalClientView *view;
  GHashTable     *added;  /* component keys */
  gboolean        complete;
} View;

static void
on_objects_added (ECalClientView *view,
                  const GSList   *objects,
                  View           *self)
{
  for (const GSList *link = objects; link != NULL; link = link->next)
    g_hash_table_add (self->added, eds_test_component_key (link->data));
}

static void
on_complete (ECalClientView *view,
             const GError   *error,
             View           *self)
{
  g_assert_no_error (error);
  self->complete = TRUE;
}

static gboolean
view_complete (gpointer user_data)
{
  return ((View *) user_data)->complete;
}

/* The keys of every component the calendar holds now. */
static GHashTable *
list_components (ECalClient *client)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GSList *components = NULL;

  e_cal_client_get_object_list_sync (client, "#t", &components, NULL, &error);
  g_assert_no_error (error);
  for (GSList *link = components; link != NULL; link = link->next)
    g_hash_table_add (keys, eds_test_component_key (link->data));
  g_slist_free_full (components, g_object_unref);
  return keys;
}

/* A backup of two sales, written with the store's own API, as Backup would leave one. */
static char *
write_backup (GHashTable *out_expected)
{
  g_autofree char *path = g_build_filename (eds.session.root, "backup.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RsStore) store = rs_store_open_sync (path, NULL, &error);
  const char *clients[] = { "Rescued Acme", "Rescued Beta" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_autoptr(RsSale) sale = rs_sale_new_from_variant (eds_test_sale_dict (clients[i], "1m",
                                                                             "2027-02-10", NULL),
                                                         NULL, &error);
      g_autoptr(GHashTable) projection = NULL;
      GHashTableIter iter;
      gpointer key;

      g_assert_no_error (error);
      g_assert_true (rs_store_add_sale (store, sale, &error));
      g_assert_no_error (error);
      projection = eds_test_projection_by_id (sale);
      g_hash_table_iter_init (&iter, projection);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (out_expected, g_strdup (key));
    }

  return g_steal_pointer (&path);
}

static void
write_zeros (const char *path)
{
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *zeros = g_malloc0 (16384);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (directory, 0700), ==, 0);
  g_file_set_contents (path, zeros, 16384, &error);
  g_assert_no_error (error);
}

static guint
count_in_factory_log (const char *text)
{
  g_autofree char *path = g_build_filename (eds.session.root, "log", "calendar-factory.log",
                                            NULL);
  g_autofree char *contents = NULL;
  guint count = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  for (const char *at = strstr (contents, text); at != NULL; at = strstr (at + 1, text))
    count++;
  return count;
}

typedef struct {
  View       *view;
  GHashTable *expected;
} Arrival;

static gboolean
all_arrived (gpointer user_data)
{
  Arrival *arrival = user_data;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, arrival->expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (arrival->view->added, key))
      return FALSE;
  return TRUE;
}

static void
test_unusable_store_then_restore (void)
{
  g_autofree char *store_path = rs_store_default_path ();
  g_autofree char *store_dir = g_path_get_dirname (store_path);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *backup = write_backup (expected);
  g_autoptr(ECalClient) client = NULL;
  g_autoptr(GHashTable) shown = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  View view = { NULL, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), FALSE };
  Arrival arrival = { &view, expected };
  const char *name;
  guint kept = 0;

  write_zeros (store_path);

  /* Opens, and shows nothing: no error for Evolution or evolution-alarm-notify to report. */
  client = eds_test_connect (&eds, EDS_TEST_DEFAULT_UID);
  shown = list_components (client);
  g_assert_cmpuint (g_hash_table_size (shown), ==, 0);

  e_cal_client_get_view_sync (client, "#t", &view.view, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (view.view, "objects-added", G_CALLBACK (on_objects_added), &view);
  g_signal_connect (view.view, "complete", G_CALLBACK (on_complete), &view);
  e_cal_client_view_start (view.view, &error);
  g_assert_no_error (error);
  g_assert_true (rs_test_wait_until (view_complete, &view, EDS_TEST_TIMEOUT_MS));
  g_assert_cmpuint (g_hash_table_size (view.added), ==, 0);

  for (guint i = 0; i < N_REFRESHES; i++)
    {
      e_client_refresh_sync (E_CLIENT (client), NULL, &error);
      g_assert_no_error (error);
    }
  rs_test_spin (500);
  /* Said once for the file, however often the calendar looked again. */
  g_assert_cmpuint (count_in_factory_log (UNUSABLE_NOTE), ==, 1);

  /* The service restores a backup: the open view receives every restored component. */
  eds_test_call_ok (&eds, "Restore", g_variant_new ("(s)", backup));
  g_assert_true (rs_test_wait_until (all_arrived, &arrival, EDS_TEST_TIMEOUT_MS));
  eds_test_wait_for_client (&eds, client);
  g_clear_pointer (&shown, g_hash_table_unref);
  shown = list_components (client);
  g_assert_cmpuint (g_hash_table_size (shown), ==, g_hash_table_size (expected));
  g_assert_cmpuint (count_in_factory_log (UNUSABLE_NOTE), ==, 1);

  /* The unusable file was kept aside, not deleted. */
  dir = g_dir_open (store_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "sales-unusable-") && g_str_has_suffix (name, ".db"))
      kept++;
  g_assert_cmpuint (kept, ==, 1);

  e_cal_client_view_stop (view.view, NULL);
  g_clear_object (&view.view);
  g_hash_table_unref (view.added);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!eds_test_init (&argc, &argv))
    return 0;

  eds_test_start (&eds, NULL);
  g_test_add_func ("/backend/rescue/unusable-store-shows-nothing-then-the-restored-sales",
                   test_unusable_store_then_restore);
  status = g_test_run ();
  eds_test_stop (&eds);

  return status;
}
