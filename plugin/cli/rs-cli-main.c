/* rs-cli-main.c: recurring-sales, the command: finds the sub-command and runs it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "rs-cli.h"
#include <recurring-sales/rs-format.h>

typedef struct {
  const char       *name;
  RsCliCommandFunc  run;
  const char       *summary;
} RsCliCommand;

static const RsCliCommand commands[] = {
  /* Translators: what the add command does, in `recurring-sales --help` */
  { "add", rs_cli_add, N_("Add a recurring sale and print its identifier") },
  /* Translators: what the edit command does, in `recurring-sales --help` */
  { "edit", rs_cli_edit, N_("Change some fields of a sale") },
  /* Translators: what the show command does, in `recurring-sales --help` */
  { "show", rs_cli_show, N_("Show every field of a sale") },
  /* Translators: what the list command does, in `recurring-sales --help` */
  { "list", rs_cli_list, N_("List the sales") },
  /* Translators: what the remove command does, in `recurring-sales --help` */
  { "remove", rs_cli_remove, N_("Delete a sale") },
  /* Translators: what the renew command does, in `recurring-sales --help` */
  { "renew", rs_cli_renew, N_("Renew a sale for another term and print the new identifier") },
  /* Translators: what the end command does, in `recurring-sales --help` */
  { "end", rs_cli_end, N_("Record that the client will not renew a sale") },
  /* Translators: what the offer command does, in `recurring-sales --help`; keep the three
   * words untranslated */
  { "offer", rs_cli_offer, N_("Record a renewal offer as sent, accepted or declined") },
  /* Translators: what the mark command does, in `recurring-sales --help` */
  { "mark", rs_cli_mark, N_("Mark an invoice as issued, prepaid, skipped or open") },
  /* Translators: what the upcoming command does, in `recurring-sales --help` */
  { "upcoming", rs_cli_upcoming, N_("Show the invoices, expiries, deadlines and reminders ahead") },
  /* Translators: what the import command does, in `recurring-sales --help` */
  { "import", rs_cli_import, N_("Add the sales of a CSV or JSON file") },
  /* Translators: what the export command does, in `recurring-sales --help` */
  { "export", rs_cli_export, N_("Write every sale as iCalendar, CSV or JSON") },
  /* Translators: what the backup command does, in `recurring-sales --help` */
  { "backup", rs_cli_backup, N_("Copy the store into a file") },
  /* Translators: what the restore command does, in `recurring-sales --help` */
  { "restore", rs_cli_restore, N_("Replace every sale with those of a backup") },
  /* Translators: what the backups command does, in `recurring-sales --help` */
  { "backups", rs_cli_backups, N_("List the backups that restore can use") },
  /* Translators: what the deliveries command does, in `recurring-sales --help` */
  { "deliveries", rs_cli_deliveries, N_("List the client reminders that fell due and what became of them") },
  /* Translators: what the preview command does, in `recurring-sales --help` */
  { "preview", rs_cli_preview, N_("Show the e-mail a client reminder would have") },
  /* Translators: what the settings command does, in `recurring-sales --help` */
  { "settings", rs_cli_settings, N_("Show the settings, or change one") },
  /* Translators: what the team-calendar command does, in `recurring-sales --help` */
  { "team-calendar", rs_cli_team_calendar, N_("List your writable calendars, or choose the one your team shares") },
  /* Translators: what the elorus command does, in `recurring-sales --help` */
  { "elorus", rs_cli_elorus, N_("Bring in your recurring invoices from Elorus") },
};

static const RsCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

static char *
describe_commands (void)
{
  /* Translators: a heading in `recurring-sales --help` */
  GString *text = g_string_new (_("Commands:"));
  guint name_width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    name_width = MAX (name_width, (guint) strlen (commands[i].name));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-*s  %s\n", (int) name_width, commands[i].name,
                            _(commands[i].summary));
  g_string_append_c (text, '\n');
  g_string_append (text,
                   /* Translators: keep “recurring-sales COMMAND --help” as it is */
                   _("Run “recurring-sales COMMAND --help” for the options of a command."));

  return g_string_free (text, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  const RsCliCommand *command;
  gboolean version = FALSE;
  char *help_argv[] = { NULL, NULL, (char *) "--help", NULL };
  const GOptionEntry entries[] = {
    /* Translators: help of --version in `recurring-sales --help` */
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  rs_i18n_init ();
  g_set_prgname (RS_CLI_PROGRAM);

  /* Translators: the arguments of the command, in its --help */
  context = g_option_context_new (_("COMMAND [OPTION…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                /* Translators: the summary of `recurring-sales --help` */
                                _("Your recurring sales: invoices, expiries and renewals, in your calendar."));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Stop at the sub-command: what follows it is its own options. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return rs_cli_usage_error (NULL, error);

  if (version)
    {
      g_print ("%s %s\n", RS_CLI_PROGRAM, PACKAGE_VERSION);
      return RS_CLI_EXIT_OK;
    }

  if (argc < 2)
    /* Translators: a usage error: no command given; keep the command names */
    return rs_cli_usage (NULL, "%s", _("Give a command, such as upcoming or add."));

  /* `recurring-sales help` is `recurring-sales --help`; `help add` is `add --help`. */
  if (g_str_equal (argv[1], "help"))
    {
      if (argc < 3)
        {
          g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
          g_print ("%s", help);
          return RS_CLI_EXIT_OK;
        }
      help_argv[0] = argv[0];
      help_argv[1] = argv[2];
      argc = 3;
      argv = help_argv;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_autofree char *shown = rs_cli_shown (argv[1]);

      /* Translators: %s is what the user typed */
      return rs_cli_usage (NULL, _("“%s” is not a command of recurring-sales."), shown);
    }

  return command->run (command->name, argc - 1, argv + 1);
}
