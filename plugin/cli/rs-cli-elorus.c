/* rs-cli-elorus.c: `recurring-sales elorus login|sync|status|logout`: the recurring invoices
 * of Elorus as sales (docs/elorus.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * login and logout talk to the user's keyring themselves (libsecret): the token goes from the
 * user to the keyring and nowhere else, never on a command line, in a file, an output or an
 * error. sync and status ask the service, which reads the token from the keyring when it syncs.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <recurring-sales/rs-error.h>

#include "rs-cli.h"
#include "rs-elorus-client.h"
#include "rs-elorus-keyring.h"

/* Elorus's tokens are 40 hexadecimal digits; a longer paste is a mistake. */
#define MAX_TOKEN_CHARS        512
#define MAX_ORGANIZATION_CHARS 64

typedef int (*ElorusCommandFunc) (const char *command, int argc, char **argv);

/* An organization id goes into an HTTP header: letters, digits, '-' and '_' only. */
static gboolean
check_organization (const char  *organization,
                    GError     **error)
{
  gsize length = organization != NULL ? strlen (organization) : 0;
  g_autofree char *shown = NULL;
  gboolean valid;

  if (length == 0)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: keep --organization as it is */
                           _("Give your Elorus organization's ID with --organization: Elorus "
                             "shows it in Settings, under API."));
      return FALSE;
    }
  valid = length <= MAX_ORGANIZATION_CHARS;
  for (gsize i = 0; valid && i < length; i++)
    {
      char c = organization[i];

      valid = g_ascii_isalnum (c) || c == '-' || c == '_';
    }
  if (!valid)
    {
      shown = rs_cli_shown (organization);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is what the user typed, %2$d the most characters (64) */
                   _("“%1$s” is not an Elorus organization ID: it has at most %2$d letters, "
                     "digits, “-” or “_”."), shown, MAX_ORGANIZATION_CHARS);
      return FALSE;
    }
  return TRUE;
}

/* The token travels in the clear over http: only to this computer. */
static gboolean
is_loopback (const char *host)
{
  return g_str_equal (host, "localhost") || g_str_equal (host, "127.0.0.1") ||
         g_str_equal (host, "::1") || g_str_equal (host, "[::1]");
}

static gboolean
check_api_url (const char  *api_url,
               GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (api_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *shown = rs_cli_shown (api_url);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;

  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || (*path != '\0' && !g_str_equal (path, "/")))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what the user typed; keep the example address */
                   _("“%s” is not the address of Elorus's API: give one such as "
                     "https://api.elorus.com, without a path."), shown);
      return FALSE;
    }
  if (g_str_equal (scheme, "http") && !is_loopback (host))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what the user typed */
                   _("“%s” is not encrypted: the token would cross the network readable by "
                     "anyone. Give an https:// address."), shown);
      return FALSE;
    }
  return TRUE;
}

/* The token goes into an HTTP header: printable ASCII without spaces. Never quoted back. */
static gboolean
check_token (const char  *token,
             GError     **error)
{
  gsize length = strlen (token);

  if (length == 0)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("No token was given: copy your API token from Elorus (Settings, "
                             "API) and give it on standard input or when asked."));
      return FALSE;
    }
  for (gsize i = 0; i < length; i++)
    {
      if (token[i] <= ' ' || token[i] > '~')
        {
          g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                               _("The token given is not an Elorus API token: it has spaces "
                                 "or other characters that a token has not."));
          return FALSE;
        }
    }
  if (length > MAX_TOKEN_CHARS)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d is the most characters (512) */
                   _("The token given is longer than %d characters: it is not an Elorus API "
                     "token."), MAX_TOKEN_CHARS);
      return FALSE;
    }
  return TRUE;
}

/* The token: standard input when it is not a terminal (scripts, a password manager's pipe),
 * else a prompt that does not show what is typed. Leading and trailing white space (the
 * newline of `echo`) goes. */
static char *
read_token (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  struct termios saved, quiet;
  gboolean on_terminal = isatty (STDIN_FILENO);
  gboolean echo_off = FALSE;
  char buffer[256];
  size_t n;

  if (on_terminal)
    {
      /* Translators: the prompt of `recurring-sales elorus login`; what is typed is not shown */
      g_printerr ("%s", _("Elorus API token (not shown): "));
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          /* TCSANOW, not TCSAFLUSH: what was typed (or pasted) ahead of the prompt is kept. */
          echo_off = tcsetattr (STDIN_FILENO, TCSANOW, &quiet) == 0;
        }
      if (fgets (buffer, sizeof buffer, stdin) != NULL)
        g_string_append (text, buffer);
      if (echo_off)
        tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }
  else
    {
      while (text->len <= MAX_TOKEN_CHARS * 2 &&
             (n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_string_append_len (text, buffer, n);
    }
  explicit_bzero (buffer, sizeof buffer);

  g_strstrip (text->str);
  text->len = strlen (text->str);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
free_token (char *token)
{
  if (token != NULL)
    explicit_bzero (token, strlen (token));
  g_free (token);
}

static int
elorus_login (const char  *command,
              int          argc,
              char       **argv)
{
  g_autofree char *organization = NULL;
  g_autofree char *api_url = NULL;
  g_autoptr(GError) error = NULL;
  char *token;
  gboolean stored;
  const GOptionEntry entries[] = {
    /* Translators: help of --organization in `recurring-sales elorus login --help` */
    { "organization", 0, 0, G_OPTION_ARG_STRING, &organization,
      N_("Your organization's ID in Elorus (Settings, API)"), N_("ID") },
    /* Translators: help of --api-url in `recurring-sales elorus login --help` */
    { "api-url", 0, 0, G_OPTION_ARG_STRING, &api_url,
      N_("The address of Elorus's API, for a proxy or a test (default https://api.elorus.com)"),
      N_("URL") },
    { NULL }
  };

  if (!rs_cli_parse_options (command, NULL,
                             /* Translators: the summary of `recurring-sales elorus login --help` */
                             _("Keeps your Elorus API token in your keyring, for the syncs. The token is read from standard input, or asked for without showing it; it is never written anywhere else."),
                             entries, &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, 0, ""))
    return RS_CLI_EXIT_USAGE;

  if (api_url == NULL)
    api_url = g_strdup (RS_ELORUS_DEFAULT_API_URL);
  if (!check_organization (organization, &error) || !check_api_url (api_url, &error))
    return rs_cli_usage_error (command, error);
  /* The address as the service will use it: no trailing slash. */
  if (g_str_has_suffix (api_url, "/"))
    api_url[strlen (api_url) - 1] = '\0';

  token = read_token ();
  stored = check_token (token, &error) &&
           rs_elorus_keyring_store_sync (organization, api_url, token, NULL, &error);
  free_token (token);
  if (!stored)
    {
      g_printerr ("%s\n", error->message);
      return RS_CLI_EXIT_REFUSED;
    }

  g_print (/* Translators: %s is the organization ID; keep the command as it is */
           _("Logged in to Elorus as organization %s. To bring your recurring invoices in, run "
             "“recurring-sales elorus sync”."), organization);
  g_print ("\n");
  return RS_CLI_EXIT_OK;
}

static int
elorus_logout (const char  *command,
               int          argc,
               char       **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean removed = FALSE;

  if (!rs_cli_parse_options (command, NULL,
                             /* Translators: the summary of `recurring-sales elorus logout --help` */
                             _("Removes your Elorus API token from your keyring; the service syncs no more. The sales brought in stay."),
                             NULL, &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, 0, ""))
    return RS_CLI_EXIT_USAGE;

  if (!rs_elorus_keyring_clear_sync (&removed, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return RS_CLI_EXIT_REFUSED;
    }
  g_print ("%s\n", removed ? _("Logged out of Elorus: the token is removed from your keyring. "
                               "The sales brought in stay.")
                           : _("Nobody was logged in to Elorus."));
  return RS_CLI_EXIT_OK;
}

static void
print_count (const char *label,
             GVariant   *report,
             const char *key)
{
  guint count = 0;

  g_variant_lookup (report, key, "u", &count);
  g_print ("%s %u\n", label, count);
}

static int
elorus_sync (const char  *command,
             int          argc,
             char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) report = NULL;
  g_autofree const char **problems = NULL;
  gboolean dry_run = FALSE, json = FALSE;
  GVariantDict options;
  const GOptionEntry entries[] = {
    /* Translators: help of --dry-run in `recurring-sales elorus sync --help` */
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Say what would change, and change nothing"), NULL },
    /* Translators: help of --json in `recurring-sales elorus sync --help` */
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON"), NULL },
    { NULL }
  };

  if (!rs_cli_parse_options (command, NULL,
                             /* Translators: the summary of `recurring-sales elorus sync --help` */
                             _("Brings in the recurring invoices of Elorus changed since the last sync: each becomes a sale, or updates its sale; a sale whose invoice is gone from Elorus is ended, never deleted. Your own fields (IBAN, reminders, notice, delivery, language, note) are kept."),
                             entries, &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, 0, ""))
    return RS_CLI_EXIT_USAGE;

  g_variant_dict_init (&options, NULL);
  if (dry_run)
    g_variant_dict_insert (&options, "dry-run", "b", TRUE);

  proxy = rs_cli_connect (&error);
  if (proxy == NULL)
    {
      g_variant_dict_clear (&options);
      return rs_cli_refused (error);
    }
  /* Elorus allows one call a second: a first sync of many invoices takes minutes. */
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (proxy), G_MAXINT);
  if (!rs_dbus_recurring_sales1_call_elorus_sync_sync (proxy, g_variant_dict_end (&options),
                                                       &report, NULL, &error))
    return rs_cli_refused (error);

  if (json)
    {
      g_autoptr(JsonNode) node = json_gvariant_serialize (report);

      rs_cli_print_json (node);
      return RS_CLI_EXIT_OK;
    }

  if (dry_run)
    /* Translators: first line of `recurring-sales elorus sync --dry-run` */
    g_print ("%s\n", _("A dry run: nothing was changed. A sync would do this:"));
  /* Translators: the report of `recurring-sales elorus sync`, one count per line: sales made
   * from new recurring invoices, sales changed, sales already as Elorus has them, sales ended
   * because their invoice is gone from Elorus, invoices that could not be read */
  print_count (_("Sales added:"), report, "added");
  print_count (_("Sales updated:"), report, "updated");
  print_count (_("Sales unchanged:"), report, "unchanged");
  print_count (_("Sales ended:"), report, "ended");
  print_count (_("Invoices refused:"), report, "refused");

  if (g_variant_lookup (report, "problems", "^a&s", &problems) && problems[0] != NULL)
    {
      /* Translators: before the list of problems of `recurring-sales elorus sync` */
      g_printerr ("%s\n", _("Problems:"));
      for (guint i = 0; problems[i] != NULL; i++)
        {
          g_autofree char *line = rs_cli_printable (problems[i], FALSE);

          g_printerr ("  %s\n", line);
        }
    }
  return RS_CLI_EXIT_OK;
}

static char *
describe_interval (guint seconds)
{
  if (seconds == 0)
    /* Translators: in `recurring-sales elorus status`, when the setting elorus-sync-interval
     * is 0; keep the command as it is */
    return g_strdup (_("only when you run “recurring-sales elorus sync”"));
  if (seconds % 3600 == 0)
    /* Translators: in `recurring-sales elorus status`: how often the service syncs */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "every hour", "every %u hours",
                                         seconds / 3600), seconds / 3600);
  if (seconds % 60 == 0)
    /* Translators: in `recurring-sales elorus status`: how often the service syncs */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "every minute", "every %u minutes",
                                         seconds / 60), seconds / 60);
  /* Translators: in `recurring-sales elorus status`: how often the service syncs */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "every second", "every %u seconds",
                                       seconds), seconds);
}

static int
elorus_status (const char  *command,
               int          argc,
               char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) status = NULL;
  g_autofree char *interval_text = NULL;
  gboolean json = FALSE, logged_in = FALSE, running = FALSE;
  const char *organization = "", *api_url = "", *last_error = NULL;
  gint64 last_success = 0;
  guint interval = 0;
  const GOptionEntry entries[] = {
    /* Translators: help of --json in `recurring-sales elorus status --help` */
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the status as JSON"), NULL },
    { NULL }
  };

  if (!rs_cli_parse_options (command, NULL,
                             /* Translators: the summary of `recurring-sales elorus status --help` */
                             _("Says whether you are logged in to Elorus, when the last sync succeeded, and how often the service syncs."),
                             entries, &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, 0, ""))
    return RS_CLI_EXIT_USAGE;

  proxy = rs_cli_connect (&error);
  if (proxy == NULL ||
      !rs_dbus_recurring_sales1_call_elorus_status_sync (proxy, &status, NULL, &error))
    return rs_cli_refused (error);

  if (json)
    {
      g_autoptr(JsonNode) node = json_gvariant_serialize (status);

      rs_cli_print_json (node);
      return RS_CLI_EXIT_OK;
    }

  g_variant_lookup (status, "logged-in", "b", &logged_in);
  g_variant_lookup (status, "organization", "&s", &organization);
  g_variant_lookup (status, "api-url", "&s", &api_url);
  g_variant_lookup (status, "running", "b", &running);
  g_variant_lookup (status, "interval", "u", &interval);
  g_variant_lookup (status, "last-error", "&s", &last_error);

  if (logged_in)
    {
      g_autofree char *shown_organization = rs_cli_printable (organization, FALSE);
      g_autofree char *shown_url = rs_cli_printable (api_url, FALSE);

      /* Translators: %1$s is the organization ID, %2$s the address of Elorus's API */
      g_print (_("Logged in to Elorus as organization %1$s (%2$s)."), shown_organization,
               shown_url);
    }
  else
    /* Translators: keep the command as it is */
    g_print ("%s", _("Not logged in to Elorus: run “recurring-sales elorus login "
                     "--organization ID”."));
  g_print ("\n");

  if (g_variant_lookup (status, "last-success", "x", &last_success))
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (last_success);
      g_autofree char *shown = when != NULL ? rs_cli_format_date_time (when) : NULL;

      /* Translators: %s is a date and time */
      g_print (_("Last successful sync: %s"), shown != NULL ? shown : "");
    }
  else
    g_print ("%s", _("Last successful sync: never"));
  g_print ("\n");
  if (last_error != NULL)
    {
      g_autofree char *shown = rs_cli_printable (last_error, FALSE);

      /* Translators: %s is the reason, a sentence */
      g_print (_("The last sync failed: %s"), shown);
      g_print ("\n");
    }
  if (running)
    g_print ("%s\n", _("A sync is running now."));
  interval_text = describe_interval (interval);
  /* Translators: %s is “every 6 hours”, or “only when you run …” */
  g_print (_("The service syncs on its own: %s."), interval_text);
  g_print ("\n");
  return RS_CLI_EXIT_OK;
}

static const struct {
  const char        *name;
  ElorusCommandFunc  run;
  const char        *summary;
} elorus_commands[] = {
  /* Translators: what `recurring-sales elorus login` does, in `recurring-sales elorus --help` */
  { "login", elorus_login, N_("Keep your Elorus API token in your keyring") },
  /* Translators: what `recurring-sales elorus sync` does, in `recurring-sales elorus --help` */
  { "sync", elorus_sync, N_("Bring the recurring invoices of Elorus in as sales") },
  /* Translators: what `recurring-sales elorus status` does, in `recurring-sales elorus --help` */
  { "status", elorus_status, N_("Say whether you are logged in and how the syncs went") },
  /* Translators: what `recurring-sales elorus logout` does, in `recurring-sales elorus --help` */
  { "logout", elorus_logout, N_("Remove your Elorus API token from your keyring") },
};

static int
print_help (const char *command)
{
  /* Translators: the first line of `recurring-sales elorus --help` */
  g_print ("%s\n\n", _("Usage: recurring-sales elorus COMMAND [OPTION…]"));
  /* Translators: the summary of `recurring-sales elorus --help` */
  g_print ("%s\n\n", _("Your recurring invoices in Elorus, brought in as sales."));
  /* Translators: a heading in `recurring-sales elorus --help`, as in `recurring-sales --help` */
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (elorus_commands); i++)
    g_print ("  %-7s %s\n", elorus_commands[i].name, _(elorus_commands[i].summary));
  g_print ("\n%s\n",
           /* Translators: keep the command as it is */
           _("Run “recurring-sales elorus COMMAND --help” for the options of a command."));
  return RS_CLI_EXIT_OK;
}

int
rs_cli_elorus (const char  *command,
               int          argc,
               char       **argv)
{
  g_autofree char *shown = NULL;

  if (argc < 2)
    /* Translators: a usage error; keep the four command names */
    return rs_cli_usage (command, "%s", _("Give one of login, sync, status or logout."));
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    return print_help (command);

  for (guint i = 0; i < G_N_ELEMENTS (elorus_commands); i++)
    {
      if (g_str_equal (argv[1], elorus_commands[i].name))
        {
          g_autofree char *full = g_strdup_printf ("%s %s", command, elorus_commands[i].name);

          return elorus_commands[i].run (full, argc - 1, argv + 1);
        }
    }

  shown = rs_cli_shown (argv[1]);
  /* Translators: %s is what the user typed; keep the four command names */
  return rs_cli_usage (command, _("“%s” is not a command of recurring-sales elorus: give login, "
                                  "sync, status or logout."), shown);
}
