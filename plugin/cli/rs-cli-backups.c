/* rs-cli-backups.c: `recurring-sales backups`: the backups that restore can use
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Works also when the store cannot be used (the service answers ListBackups then too): that is
 * when people need it most, and the refusal of every other command sends them here.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"

static void
add_row (RsCliTable *table,
         GVariant   *backup)
{
  g_autoptr(GDateTime) modified = NULL;
  g_autofree char *date = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *sales_text = NULL;
  const char *path = "";
  gint64 seconds = 0;
  guint64 size = 0;
  guint n_sales;

  g_variant_lookup (backup, "path", "&s", &path);
  g_variant_lookup (backup, "modified", "x", &seconds);
  g_variant_lookup (backup, "size", "t", &size);

  modified = g_date_time_new_from_unix_local (seconds);
  date = modified != NULL ? rs_cli_format_date_time (modified) : g_strdup ("");
  size_text = g_format_size (size);
  if (g_variant_lookup (backup, "sales", "u", &n_sales))
    sales_text = g_strdup_printf ("%u", n_sales);
  else
    /* Translators: in the Sales column of `recurring-sales backups`, for a file that could
     * not be read as a store of this version */
    sales_text = g_strdup (C_("sales count", "unreadable"));

  rs_cli_table_add_row (table, (const char * const[]) { date, sales_text, size_text, path });
}

int
rs_cli_backups (const char  *command,
                int          argc,
                char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) backups = NULL;
  g_autoptr(RsCliTable) table = NULL;
  gboolean json = FALSE;
  GVariantIter iter;
  GVariant *backup;
  const GOptionEntry entries[] = {
    /* Translators: help of --json in `recurring-sales backups --help` */
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the backups as JSON"), NULL },
    { NULL }
  };

  if (!rs_cli_parse_options (command, NULL,
                             /* Translators: the summary of `recurring-sales backups --help`; keep “recurring-sales restore FILE” */
                             _("Lists the backups the service keeps, newest first: the daily backups and the sales as they were before the last restore. Give one to “recurring-sales restore FILE”."),
                             entries, &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, 0, ""))
    return RS_CLI_EXIT_USAGE;

  proxy = rs_cli_connect (&error);
  if (proxy == NULL ||
      !rs_dbus_recurring_sales1_call_list_backups_sync (proxy, &backups, NULL, &error))
    return rs_cli_refused (error);

  if (json)
    {
      g_autoptr(JsonNode) node = rs_cli_dicts_to_json (backups);

      rs_cli_print_json (node);
      return RS_CLI_EXIT_OK;
    }

  if (g_variant_n_children (backups) == 0)
    {
      /* Translators: `recurring-sales backups` when there is none */
      g_print ("%s\n", _("There are no backups yet: the service writes one each day it runs."));
      return RS_CLI_EXIT_OK;
    }

  /* Translators: column headings of `recurring-sales backups`: when the backup was written,
   * how many sales it holds, its size, and the file to give to restore */
  table = rs_cli_table_new (_("Date"), _("Sales"), _("Size"), _("File"), NULL);
  rs_cli_table_set_column (table, 0, FALSE, TRUE);
  rs_cli_table_set_column (table, 1, TRUE, TRUE);
  rs_cli_table_set_column (table, 2, TRUE, TRUE);
  /* People copy the path into the next command: never shorten it. */
  rs_cli_table_set_column (table, 3, FALSE, TRUE);

  g_variant_iter_init (&iter, backups);
  while ((backup = g_variant_iter_next_value (&iter)) != NULL)
    {
      add_row (table, backup);
      g_variant_unref (backup);
    }
  rs_cli_table_print (table, rs_cli_output_width ());
  /* Translators: after the table of `recurring-sales backups`; keep the command as it is */
  g_print ("%s\n", _("To restore one: recurring-sales restore FILE"));

  return RS_CLI_EXIT_OK;
}
