/* sample-agenda.c: the main job before the service and the backend exist — load sales from a
 * JSON file into a real store and print what falls due in the next days, in the user's language
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include <recurring-sales/recurring-sales.h>
#include "rs-store-writer.h"

static char *opt_store;
static char *opt_today;
static int opt_days = 90;
static gboolean opt_ics;

static const GOptionEntry entries[] = {
  { "store", 0, 0, G_OPTION_ARG_FILENAME, &opt_store, N_("Use this store file instead of a temporary one"), N_("FILE") },
  { "today", 0, 0, G_OPTION_ARG_STRING, &opt_today, N_("Pretend today is this date"), N_("YYYY-MM-DD") },
  { "days", 0, 0, G_OPTION_ARG_INT, &opt_days, N_("How many days ahead to show (1–3660)"), N_("DAYS") },
  { "ics", 0, 0, G_OPTION_ARG_NONE, &opt_ics, N_("Print the calendar projection as iCalendar instead"), NULL },
  { NULL }
};

static int
fail (GError *error)
{
  g_printerr ("%s\n", error->message);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RsDefaults) defaults = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(RsStore) store = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gsize length;
  GDate from, to;

  setlocale (LC_ALL, "");
  rs_i18n_init ();
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("SALES.json — show what falls due soon"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (argc != 2 || opt_days < 1 || opt_days > 3660)
    {
      g_printerr ("%s\n", _("Give one JSON file of sales, and between 1 and 3660 days."));
      return 2;
    }

  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    return fail (error);

  defaults = rs_defaults_load ();
  parsed = rs_json_parse_sales (contents, (gssize) length, defaults, &error);
  if (parsed == NULL)
    return fail (error);

  if (opt_store != NULL)
    {
      path = g_strdup (opt_store);
    }
  else
    {
      tmpdir = g_dir_make_tmp ("recurring-sales-sample-XXXXXX", &error);
      if (tmpdir == NULL)
        return fail (error);
      path = g_build_filename (tmpdir, "sales.db", NULL);
    }

  store = rs_store_open_sync (path, NULL, &error);
  if (store == NULL || !rs_store_add_sales (store, parsed, &error))
    return fail (error);
  sales = rs_store_list_sales (store, &error);
  if (sales == NULL)
    return fail (error);

  if (opt_ics)
    {
      g_autofree char *ics = rs_projection_export_ics (sales);
      fputs (ics, stdout);
    }
  else
    {
      if (opt_today != NULL)
        {
          if (!rs_date_parse (opt_today, _("The date given with --today"), &from, &error))
            {
              g_printerr ("%s\n", error->message);
              return 2;
            }
        }
      else
        {
          rs_date_set_today (&from);
        }
      to = from;
      g_date_add_days (&to, (guint) opt_days - 1);
      from_text = rs_format_date (&from);
      to_text = rs_format_date (&to);

      items = rs_agenda_compute (sales, &from, &to);
      /* Translators: a heading; %1$u sales, %2$s and %3$s dates */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%1$u recurring sale, from %2$s to %3$s:\n",
                            "%1$u recurring sales, from %2$s to %3$s:\n", sales->len),
               sales->len, from_text, to_text);
      for (guint i = 0; i < items->len; i++)
        {
          g_autofree char *line = rs_agenda_item_describe (g_ptr_array_index (items, i));
          g_print ("%s\n", line);
        }
      if (items->len == 0)
        g_print ("%s\n", _("Nothing falls due in these days."));
    }

  if (tmpdir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_clear_object (&store);
      g_unlink (wal);
      g_unlink (shm);
      g_unlink (path);
      g_rmdir (tmpdir);
    }

  return 0;
}
