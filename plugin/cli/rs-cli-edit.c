/* rs-cli-edit.c: `recurring-sales edit`: changes some fields of a sale (compare-and-swap)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"

/* A conflict means someone changed the sale between our read and our write; read it again
 * and apply the same options to what is there now, a few times at most. */
#define MAX_RETRIES 3

int
rs_cli_edit (const char  *command,
             int          argc,
             char       **argv)
{
  g_autoptr(RsCliSaleOptions) options = rs_cli_sale_options_new (TRUE);
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;

  /* Translators: the arguments of the command, in its --help: the identifier of a sale */
  if (!rs_cli_parse_options (command, _("UID"),
                             /* Translators: the summary of `recurring-sales edit --help` */
                             _("Changes the fields given and keeps the others. --remind-invoice and --remind-expiry replace the days of the reminders of their kind, which still go to whoever they went to: you, and the client if they did. --remind-client or --no-remind-client says whether the client gets them (alone: the reminders of every kind)."),
                             rs_cli_sale_options_entries (options), &argc, &argv) ||
      /* Translators: a usage error of `recurring-sales edit` */
      !rs_cli_check_arguments (command, argc, argv, 1, _("Give the identifier of the sale to change.")))
    return RS_CLI_EXIT_USAGE;

  if (rs_cli_sale_options_is_empty (options))
    /* Translators: a usage error of `recurring-sales edit`; keep --amount */
    return rs_cli_usage (command, "%s", _("Nothing to change: give at least one option, such as --amount."));
  if (!rs_cli_sale_options_check (options, &error))
    return rs_cli_usage_error (command, error);

  proxy = rs_cli_connect (&error);
  if (proxy == NULL || (uid = rs_cli_resolve_uid (proxy, argv[1], FALSE, &error)) == NULL)
    return rs_cli_refused (error);

  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GVariant) current = NULL;
      g_autoptr(GVariant) changes = NULL;
      guint64 revision = 0;
      guint64 new_revision;

      if (!rs_dbus_recurring_sales1_call_get_sale_sync (proxy, uid, &current, NULL, &error))
        return rs_cli_refused (error);
      g_variant_lookup (current, "revision", "t", &revision);

      changes = rs_cli_sale_options_to_variant (options, current, &error);
      if (changes == NULL)
        return rs_cli_usage_error (command, error);
      g_variant_ref_sink (changes);
      if (g_variant_n_children (changes) == 0)
        return RS_CLI_EXIT_OK;  /* the sale already reads so */

      if (rs_dbus_recurring_sales1_call_update_sale_sync (proxy, uid, revision, changes,
                                                          &new_revision, NULL, &error))
        return RS_CLI_EXIT_OK;

      if (attempt >= MAX_RETRIES || !rs_cli_error_is_remote (error, "Conflict"))
        return rs_cli_refused (error);
      g_debug ("The sale %s changed since revision %" G_GUINT64_FORMAT "; reading it again",
               uid, revision);
      g_clear_error (&error);
    }
}
