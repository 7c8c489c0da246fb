/* rs-cli-preview.c: `recurring-sales preview`: the e-mail a client reminder would have, without
 * sending anything
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-types.h>

typedef struct {
  char     *kind;
  char     *date;
  gboolean  json;
} PreviewOptions;

static void
preview_options_clear (PreviewOptions *options)
{
  g_free (options->kind);
  g_free (options->date);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PreviewOptions, preview_options_clear)

/* The kind and the date as the service wants them; usage errors (exit 2) before any call. */
static gboolean
check_options (PreviewOptions  *options,
               const char     **out_kind,
               char             out_date[11],
               GError         **error)
{
  RsReminderKind kind = RS_REMINDER_KIND_INVOICE;
  GDate date;

  if (options->kind != NULL && !rs_reminder_kind_parse (options->kind, &kind, error))
    return FALSE;
  /* The stable name: "Expiry" is what the user may type. */
  *out_kind = rs_reminder_kind_to_string (kind);

  /* No date (or an empty one) lets the service pick the next occurrence from today. */
  out_date[0] = '\0';
  if (options->date != NULL && *options->date != '\0')
    {
      /* Translators: names the field in an error such as “The date given with --date “soon” is
       * not a date; write it like 2027-01-31.” */
      if (!rs_date_parse_local (options->date, _("The date given with --date"), NULL, &date, error))
        return FALSE;
      rs_date_to_iso_buf (&date, out_date);
    }

  return TRUE;
}

int
rs_cli_preview (const char  *command,
                int          argc,
                char       **argv)
{
  g_auto(PreviewOptions) options = { 0 };
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  const char *kind;
  char date[11];
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &options.kind,
      /* Translators: help of --kind in `recurring-sales preview --help`; keep the three words
       * in English */
      N_("Which reminder: invoice (the default), expiry or notice"),
      /* Translators: a placeholder for a kind of reminder, in --help */
      N_("KIND") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &options.date,
      /* Translators: help of --date in `recurring-sales preview --help` */
      N_("The date of the invoice, expiry or notice deadline (default: the next one)"),
      N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      /* Translators: help of --json in `recurring-sales preview --help` */
      N_("Print the subject and the body as JSON"), NULL },
    { NULL }
  };

  if (!rs_cli_parse_options (command, _("UID"),
                             /* Translators: the summary of `recurring-sales preview --help` */
                             _("Shows the e-mail a client reminder of the sale would have, in the sale’s language, without sending anything."),
                             entries, &argc, &argv) ||
      /* Translators: a usage error of `recurring-sales preview` */
      !rs_cli_check_arguments (command, argc, argv, 1, _("Give the identifier of the sale whose reminder to show.")))
    return RS_CLI_EXIT_USAGE;

  if (!check_options (&options, &kind, date, &error))
    return rs_cli_usage_error (command, error);

  proxy = rs_cli_connect (&error);
  if (proxy == NULL ||
      !rs_dbus_recurring_sales1_call_preview_reminder_sync (proxy, argv[1], kind, date,
                                                            &subject, &body, NULL, &error))
    return rs_cli_refused (error);

  if (options.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "subject");
      json_builder_add_string_value (builder, subject);
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, body);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      rs_cli_print_json (node);
    }
  else
    {
      /* The body is made of the client's and the service's texts: nothing in them may move the
       * cursor on the user's terminal. */
      g_autofree char *shown_subject = rs_cli_printable (subject, FALSE);
      g_autofree char *shown_body = rs_cli_printable (body, TRUE);

      /* Translators: the first line of `recurring-sales preview`, like the header of the
       * e-mail; %s is its subject */
      g_print (_("Subject: %s"), shown_subject);
      g_print ("\n\n%s", shown_body);
      if (!g_str_has_suffix (shown_body, "\n"))
        g_print ("\n");
    }

  return RS_CLI_EXIT_OK;
}
