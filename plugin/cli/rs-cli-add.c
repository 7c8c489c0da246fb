/* rs-cli-add.c: `recurring-sales add`: a new sale from options; prints its uid
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"

int
rs_cli_add (const char  *command,
            int          argc,
            char       **argv)
{
  g_autoptr(RsCliSaleOptions) options = rs_cli_sale_options_new (FALSE);
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GVariant) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;

  if (!rs_cli_parse_options (command, NULL,
                             /* Translators: the summary of `recurring-sales add --help` */
                             _("Adds a recurring sale and prints its identifier. Without --remind- options, your default reminders apply; with them, the sale has the reminders they give, to you, and with --remind-client to the client too."),
                             rs_cli_sale_options_entries (options), &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, 0, ""))
    return RS_CLI_EXIT_USAGE;

  if (!rs_cli_sale_options_check (options, &error))
    return rs_cli_usage_error (command, error);
  sale = rs_cli_sale_options_to_variant (options, NULL, &error);
  if (sale == NULL)
    return rs_cli_usage_error (command, error);
  g_variant_ref_sink (sale);

  proxy = rs_cli_connect (&error);
  if (proxy == NULL ||
      !rs_dbus_recurring_sales1_call_add_sale_sync (proxy, sale, &uid, NULL, &error))
    return rs_cli_refused (error);

  g_print ("%s\n", uid);
  return RS_CLI_EXIT_OK;
}
