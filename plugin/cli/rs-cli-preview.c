/* rs-cli-preview.c: `recurring-sales preview`: the e-mail a client reminder would have, without
 * sending anything
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-reminder-preview.h>
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

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *text)
{
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

int
rs_cli_preview (const char  *command,
                int          argc,
                char       **argv)
{
  g_auto(PreviewOptions) options = { 0 };
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) details = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *explanation = NULL;
  const char *kind, *shown_date = NULL, *reason = NULL;
  char date[11];
  RsReminderKind reminder_kind = RS_REMINDER_KIND_INVOICE;
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
      (uid = rs_cli_resolve_uid (proxy, argv[1], FALSE, &error)) == NULL ||
      !rs_dbus_recurring_sales1_call_preview_reminder_details_sync (proxy, uid, kind, date,
                                                                    &subject, &body, &details,
                                                                    NULL, &error))
    return rs_cli_refused (error);

  /* The e-mail is shown either way; one that will never go out says so. */
  rs_reminder_kind_from_string (kind, &reminder_kind);
  explanation = rs_reminder_preview_explain_details (details, reminder_kind);
  g_variant_lookup (details, "date", "&s", &shown_date);
  g_variant_lookup (details, "reason", "&s", &reason);

  if (options.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "subject");
      json_builder_add_string_value (builder, subject);
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, body);
      json_builder_set_member_name (builder, "date");
      add_string_or_null (builder, shown_date);
      json_builder_set_member_name (builder, "will_be_sent");
      json_builder_add_boolean_value (builder, explanation == NULL);
      json_builder_set_member_name (builder, "reason");
      add_string_or_null (builder, explanation != NULL ? reason : NULL);
      json_builder_set_member_name (builder, "explanation");
      add_string_or_null (builder, explanation);
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

      /* Before the e-mail, and on standard error: what is printed on standard output stays
       * the e-mail alone. */
      if (explanation != NULL)
        {
          g_autofree char *shown_explanation = rs_cli_printable (explanation, FALSE);

          g_printerr ("%s\n", shown_explanation);
        }

      /* Translators: the first line of `recurring-sales preview`, like the header of the
       * e-mail; %s is its subject */
      g_print (_("Subject: %s"), shown_subject);
      g_print ("\n\n%s", shown_body);
      if (!g_str_has_suffix (shown_body, "\n"))
        g_print ("\n");
    }

  return RS_CLI_EXIT_OK;
}
