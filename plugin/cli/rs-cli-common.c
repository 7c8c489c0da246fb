/* rs-cli-common.c: options, usage errors and the connection to the service
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rs-cli.h"

static GOptionContext *
option_context_new (const char         *command,
                    const char         *parameters,
                    const char         *summary,
                    const GOptionEntry *entries)
{
  g_autofree char *program = g_strdup_printf ("%s %s", RS_CLI_PROGRAM, command);
  GOptionContext *context = g_option_context_new (parameters);

  /* GOptionContext's help starts "Usage: PRGNAME [OPTION…]": naming the sub-command there
   * makes `recurring-sales add --help` read like the command line to type. */
  g_set_prgname (program);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

gboolean
rs_cli_parse_options (const char          *command,
                      const char          *parameters,
                      const char          *summary,
                      const GOptionEntry  *entries,
                      int                 *argc,
                      char              ***argv)
{
  g_autoptr(GOptionContext) context = option_context_new (command, parameters, summary, entries);
  g_autoptr(GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;

  rs_cli_usage_error (command, error);
  return FALSE;
}

static void
print_hint (const char *command)
{
  g_autofree char *program = NULL;

  if (command != NULL)
    program = g_strdup_printf ("%s %s", RS_CLI_PROGRAM, command);
  else
    program = g_strdup (RS_CLI_PROGRAM);

  /* Translators: after a usage error; %s is the command, such as "recurring-sales add" */
  g_printerr (_("Try “%s --help”."), program);
  g_printerr ("\n");
}

int
rs_cli_usage (const char *command,
              const char *format,
              ...)
{
  g_autofree char *sentence = NULL;
  va_list args;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s\n", sentence);
  print_hint (command);
  return RS_CLI_EXIT_USAGE;
}

int
rs_cli_usage_error (const char   *command,
                    const GError *error)
{
  g_printerr ("%s\n", error->message);
  print_hint (command);
  return RS_CLI_EXIT_USAGE;
}

int
rs_cli_refused (GError *error)
{
  gboolean unusable = rs_cli_error_is_remote (error, "StoreUnusable");

  /* The service's message is already a sentence for people; the D-Bus error name in front of
   * it is for programs. */
  if (g_dbus_error_is_remote_error (error))
    g_dbus_error_strip_remote_error (error);

  g_printerr ("%s\n", error->message);
  /* The service says what is wrong with the file; only the command knows its own way out. */
  if (unusable)
    g_printerr ("%s\n",
                /* Translators: after the reason why the store cannot be used; keep the two
                 * commands as they are, FILE is a file the user gives */
                _("Nothing can be done with your sales until a backup is restored. To see the "
                  "backups, run “recurring-sales backups”; to restore one, run "
                  "“recurring-sales restore FILE”."));
  return RS_CLI_EXIT_REFUSED;
}

gboolean
rs_cli_error_is_remote (const GError *error,
                        const char   *short_name)
{
  g_autofree char *remote = NULL;
  g_autofree char *wanted = NULL;

  if (error == NULL || !g_dbus_error_is_remote_error (error))
    return FALSE;

  remote = g_dbus_error_get_remote_error (error);
  wanted = g_strconcat (RS_CLI_BUS_NAME ".Error.", short_name, NULL);
  return g_strcmp0 (remote, wanted) == 0;
}

RsDBusRecurringSales1 *
rs_cli_connect (GError **error)
{
  g_autoptr(GError) local_error = NULL;
  RsDBusRecurringSales1 *proxy;

  /* Without G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START: the first call starts the service through
   * D-Bus activation when it is not running yet. */
  proxy = rs_dbus_recurring_sales1_proxy_new_for_bus_sync (G_BUS_TYPE_SESSION,
                                                           G_DBUS_PROXY_FLAGS_NONE,
                                                           RS_CLI_BUS_NAME,
                                                           RS_CLI_OBJECT_PATH,
                                                           NULL,
                                                           &local_error);
  if (proxy == NULL)
    {
      g_dbus_error_strip_remote_error (local_error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s is the reason, from the system */
                   _("The recurring sales service could not be reached: %s"),
                   local_error->message);
      return NULL;
    }

  return proxy;
}

/* How many sales an ambiguous identifier lists at most. */
#define MAX_CANDIDATES 10

/* "  uid  client, service": a candidate of an ambiguous identifier. */
static void
append_candidate (GString               *text,
                  RsDBusRecurringSales1 *proxy,
                  const char            *uid)
{
  g_autoptr(GVariant) sale = NULL;
  const char *client = "", *service = "";
  g_autofree char *shown_client = NULL;
  g_autofree char *shown_service = NULL;

  g_string_append_printf (text, "\n  %s", uid);
  if (!rs_dbus_recurring_sales1_call_get_sale_sync (proxy, uid, &sale, NULL, NULL))
    return;

  g_variant_lookup (sale, "client", "&s", &client);
  g_variant_lookup (sale, "service", "&s", &service);
  shown_client = rs_cli_shown (client);
  shown_service = rs_cli_shown (service);
  /* Translators: a sale in a list of candidates; %1$s is its client, %2$s its service */
  g_string_append (text, "  ");
  g_string_append_printf (text, _("%1$s, %2$s"), shown_client, shown_service);
}

char *
rs_cli_resolve_uid (RsDBusRecurringSales1  *proxy,
                    const char             *text,
                    gboolean                keep_unknown,
                    GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) uids = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GString) sentence = NULL;

  if (!rs_dbus_recurring_sales1_call_find_uids_sync (proxy, text, MAX_CANDIDATES + 1, &uids,
                                                     NULL, &local_error))
    {
      /* A service started before an upgrade, still running, takes whole identifiers only. */
      if (g_error_matches (local_error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
        return g_strdup (text);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* A whole uid comes first of those it starts, and is what it names. */
  if (uids[0] != NULL && g_str_equal (uids[0], text))
    return g_strdup (text);

  shown = rs_cli_shown (text);
  if (uids[0] == NULL)
    {
      if (keep_unknown)
        return g_strdup (text);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s is the identifier the user typed */
                   _("No sale has the identifier “%s”, or one that starts with it."), shown);
      return NULL;
    }

  if (strlen (text) < RS_CLI_MIN_UID_PREFIX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %1$s is what the user typed, %2$d a number */
                                "The identifier “%1$s” is too short: give at least %2$d character of it.",
                                "The identifier “%1$s” is too short: give at least %2$d characters of it.",
                                RS_CLI_MIN_UID_PREFIX),
                   shown, RS_CLI_MIN_UID_PREFIX);
      return NULL;
    }

  if (uids[1] == NULL)
    return g_strdup (uids[0]);

  sentence = g_string_new (NULL);
  /* Translators: followed by the sales, one a line; %s is what the user typed */
  g_string_append_printf (sentence, _("More than one sale has an identifier that starts with “%s”; give more of it:"),
                          shown);
  for (guint i = 0; uids[i] != NULL && i < MAX_CANDIDATES; i++)
    append_candidate (sentence, proxy, uids[i]);
  if (g_strv_length (uids) > MAX_CANDIDATES)
    g_string_append (sentence, "\n  …");

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, sentence->str);
  return NULL;
}

GHashTable *
rs_cli_short_uids (RsDBusRecurringSales1 *proxy,
                   GHashTable            *uids)
{
  GHashTable *shortened = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  g_auto(GStrv) answer = NULL;
  GHashTableIter iter;
  gpointer uid;

  g_hash_table_iter_init (&iter, uids);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    g_ptr_array_add (wanted, uid);
  g_ptr_array_add (wanted, NULL);

  /* An older service cannot say: whole uids are long, but right. */
  if (!rs_dbus_recurring_sales1_call_short_uids_sync (proxy, (const char * const *) wanted->pdata,
                                                      RS_CLI_SHORT_UID_LENGTH, &answer, NULL,
                                                      NULL) ||
      g_strv_length (answer) != wanted->len - 1)
    g_clear_pointer (&answer, g_strfreev);

  for (guint i = 0; i + 1 < wanted->len; i++)
    g_hash_table_insert (shortened, g_strdup (wanted->pdata[i]),
                         g_strdup (answer != NULL ? answer[i] : wanted->pdata[i]));

  return shortened;
}

gboolean
rs_cli_check_arguments (const char  *command,
                        int          argc,
                        char       **argv,
                        int          n_wanted,
                        const char  *missing)
{
  /* argv[0] is the sub-command itself. */
  if (argc - 1 < n_wanted)
    {
      rs_cli_usage (command, "%s", missing);
      return FALSE;
    }

  if (argc - 1 > n_wanted)
    {
      g_autofree char *shown = rs_cli_shown (argv[n_wanted + 1]);

      /* Translators: %s is what the user typed */
      rs_cli_usage (command, _("The argument “%s” is not expected here."), shown);
      return FALSE;
    }

  /* Arguments travel as D-Bus strings, which must be UTF-8. */
  for (int i = 1; i < argc; i++)
    if (!g_utf8_validate (argv[i], -1, NULL))
      {
        g_autofree char *shown = rs_cli_shown (argv[i]);

        /* Translators: %s is what the user typed, with the bad bytes replaced */
        rs_cli_usage (command, _("The argument “%s” is not valid UTF-8 text."), shown);
        return FALSE;
      }

  return TRUE;
}

gboolean
rs_cli_read_yes (void)
{
  char answer[64];

  /* The question has no line end: it must be on the terminal before the answer is read. */
  fflush (stdout);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;

  /* rpmatch () uses the locale's yes expression, the one the translated question announces. */
  return rpmatch (answer) == 1;
}
