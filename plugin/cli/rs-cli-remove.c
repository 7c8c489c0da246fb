/* rs-cli-remove.c: `recurring-sales remove`: deletes a sale, after asking
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "rs-cli.h"

/* Asks on the terminal; TRUE when the user answered yes in their language. */
static gboolean
confirm (GVariant *sale)
{
  g_autofree char *client = NULL;
  g_autofree char *service = NULL;
  const char *text;

  client = rs_cli_printable (g_variant_lookup (sale, "client", "&s", &text) ? text : "", FALSE);
  service = rs_cli_printable (g_variant_lookup (sale, "service", "&s", &text) ? text : "", FALSE);

  /* Translators: a question on the terminal; %1$s is a service, %2$s a client. Keep the
   * answers in brackets those that your language's yes/no expressions accept (locale's
   * YESEXPR), with the default (no) in capitals. */
  g_print (_("Remove “%1$s” for %2$s, with its reminders and marks? [y/N] "), service, client);
  return rs_cli_read_yes ();
}

int
rs_cli_remove (const char  *command,
               int          argc,
               char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  gboolean yes = FALSE;
  const GOptionEntry entries[] = {
    /* Translators: help of --yes in `recurring-sales remove --help` */
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask for confirmation"), NULL },
    { NULL }
  };

  if (!rs_cli_parse_options (command, _("UID"),
                             /* Translators: the summary of `recurring-sales remove --help` */
                             _("Deletes a sale with its reminders and marks. It asks first on a terminal; otherwise give --yes."),
                             entries, &argc, &argv) ||
      /* Translators: a usage error of `recurring-sales remove` */
      !rs_cli_check_arguments (command, argc, argv, 1, _("Give the identifier of the sale to remove.")))
    return RS_CLI_EXIT_USAGE;

  /* A script that forgot --yes must not hang on a question nobody reads. */
  if (!yes && !isatty (STDIN_FILENO))
    return rs_cli_usage (command, "%s",
                         /* Translators: a usage error of `recurring-sales remove` in a script; keep --yes */
                         _("Nothing was removed: give --yes when the input is not a terminal."));

  proxy = rs_cli_connect (&error);
  if (proxy == NULL || (uid = rs_cli_resolve_uid (proxy, argv[1], FALSE, &error)) == NULL)
    return rs_cli_refused (error);

  if (!yes)
    {
      g_autoptr(GVariant) sale = NULL;

      if (!rs_dbus_recurring_sales1_call_get_sale_sync (proxy, uid, &sale, NULL, &error))
        return rs_cli_refused (error);
      if (!confirm (sale))
        {
          /* Translators: the user answered no to the question before removing */
          g_printerr ("%s\n", _("Nothing was removed."));
          return RS_CLI_EXIT_REFUSED;
        }
    }

  if (!rs_dbus_recurring_sales1_call_remove_sale_sync (proxy, uid, NULL, &error))
    return rs_cli_refused (error);

  return RS_CLI_EXIT_OK;
}
