/* rs-cli-upcoming.c: `recurring-sales upcoming`: what falls due in a window of days
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-agenda.h>

typedef struct {
  char     *days;
  char     *from;
  char     *to;
  gboolean  json;
} UpcomingOptions;

static void
upcoming_options_clear (UpcomingOptions *options)
{
  g_free (options->days);
  g_free (options->from);
  g_free (options->to);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UpcomingOptions, upcoming_options_clear)

static gboolean
get_window (UpcomingOptions  *options,
            GDate            *from,
            GDate            *to,
            GError          **error)
{
  guint days = RS_CLI_DEFAULT_DAYS;

  if (options->days != NULL && (options->from != NULL || options->to != NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %1$s and %2$s are options such as --days and --from */
                   _("The options %1$s and %2$s cannot be used together."),
                   "--days", options->from != NULL ? "--from" : "--to");
      return FALSE;
    }
  if ((options->from != NULL) != (options->to != NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           /* Translators: a usage error; keep the options as they are */
                           _("Give both --from and --to, or neither."));
      return FALSE;
    }

  if (options->from == NULL)
    {
      /* "The next N days" are N days, today the first of them: as the main job's calendar
       * and the sample agenda count them, so that --days 60 shows what they show. */
      if (options->days != NULL &&
          !rs_cli_parse_uint (options->days, "--days", 1, RS_CLI_MAX_WINDOW_DAYS, &days, error))
        return FALSE;
      rs_date_set_today (from);
      *to = *from;
      g_date_add_days (to, days - 1);
      return TRUE;
    }

  /* Translators: names the field in an error such as “The first day 2027-02-30 is not a valid date.” */
  if (!rs_date_parse_local (options->from, _("The first day"), NULL, from, error) ||
      /* Translators: names the field in an error such as “The last day 2027-02-30 is not a valid date.” */
      !rs_date_parse_local (options->to, _("The last day"), NULL, to, error))
    return FALSE;

  if (g_date_compare (to, from) < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %1$s and %2$s are dates as the user typed them */
                   _("The last day %1$s falls before the first day %2$s."),
                   options->to, options->from);
      return FALSE;
    }
  if (g_date_days_between (from, to) > RS_CLI_MAX_WINDOW_DAYS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: a usage error of `recurring-sales upcoming` */
                                "The last day can be at most %d day after the first.",
                                "The last day can be at most %d days after the first.",
                                RS_CLI_MAX_WINDOW_DAYS),
                   RS_CLI_MAX_WINDOW_DAYS);
      return FALSE;
    }

  return TRUE;
}

/* The What column of a reminder: to you, or e-mailed to the client. */
static char *
describe_reminder (const char *for_kind,
                   const char *for_date,
                   gboolean    to_client)
{
  g_autofree char *date = rs_cli_format_iso_date (for_date);
  RsReminderKind kind = RS_REMINDER_KIND_INVOICE;

  /* An unknown kind is shown as an invoice's, as it always was. */
  rs_reminder_kind_from_string (for_kind, &kind);

  switch (kind)
    {
    case RS_REMINDER_KIND_EXPIRY:
      if (to_client)
        /* Translators: the What column of `recurring-sales upcoming` (keep it short): a
         * reminder e-mailed to the client; %s is the date of the expiry it is about */
        return g_strdup_printf (_("To client: expiry %s"), date);
      /* Translators: the What column of `recurring-sales upcoming` (keep it short): a reminder
       * to you; %s is the date of the expiry it is about */
      return g_strdup_printf (_("Reminder: expiry %s"), date);
    case RS_REMINDER_KIND_NOTICE:
      if (to_client)
        /* Translators: as above; %s is the date of the notice deadline */
        return g_strdup_printf (_("To client: notice deadline %s"), date);
      /* Translators: as above; %s is the date of the notice deadline */
      return g_strdup_printf (_("Reminder: notice deadline %s"), date);
    case RS_REMINDER_KIND_INVOICE:
    default:
      if (to_client)
        /* Translators: as above; %s is the date of the invoice */
        return g_strdup_printf (_("To client: invoice %s"), date);
      /* Translators: as above; %s is the date of the invoice */
      return g_strdup_printf (_("Reminder: invoice %s"), date);
    }
}

static gboolean
is_status (const char   *text,
           RsSaleStatus  status)
{
  RsSaleStatus value;

  return rs_sale_status_from_string (text, &value) && value == status;
}

static char *
describe_invoice (const char *state_text,
                  const char *status,
                  gboolean    draft)
{
  RsOccurrenceState state = RS_OCCURRENCE_OPEN;

  rs_occurrence_state_from_string (state_text, &state);
  if (state == RS_OCCURRENCE_ISSUED)
    /* Translators: the What column of `recurring-sales upcoming`: an invoice marked issued */
    return g_strdup (_("Invoice, issued"));
  if (state == RS_OCCURRENCE_PREPAID)
    /* Translators: as above, marked prepaid */
    return g_strdup (_("Invoice, prepaid"));
  if (state == RS_OCCURRENCE_SKIPPED)
    /* Translators: as above, marked skipped */
    return g_strdup (_("Invoice, skipped"));
  if (is_status (status, RS_SALE_STATUS_PAUSED))
    /* Translators: as above: an invoice of a paused sale */
    return g_strdup (_("Invoice, paused"));
  if (draft)
    /* Translators: as above: an invoice that needs your approval */
    return g_strdup (_("Draft invoice"));
  /* Translators: as above */
  return g_strdup (_("Invoice"));
}

static char *
describe_item (GVariant *item)
{
  const char *kind = "", *state = NULL, *status = NULL, *for_kind = NULL, *for_date = NULL;
  const char *audience_text = NULL;
  RsAudience audience;
  gboolean draft = FALSE;

  g_variant_lookup (item, "kind", "&s", &kind);
  g_variant_lookup (item, "state", "&s", &state);
  g_variant_lookup (item, "status", "&s", &status);
  g_variant_lookup (item, "draft", "b", &draft);

  if (g_str_equal (kind, rs_agenda_item_kind_to_string (RS_AGENDA_ITEM_INVOICE)))
    return describe_invoice (state, status, draft);
  if (g_str_equal (kind, rs_agenda_item_kind_to_string (RS_AGENDA_ITEM_EXPIRY)))
    {
      if (is_status (status, RS_SALE_STATUS_RENEWED))
        /* Translators: the What column of `recurring-sales upcoming`: the expiry of a sale
         * that was renewed */
        return g_strdup (_("Expiry, renewed"));
      if (is_status (status, RS_SALE_STATUS_ENDED))
        /* Translators: as above: the client will not renew */
        return g_strdup (_("Expiry, not renewing"));
      /* Translators: as above */
      return g_strdup (_("Expiry"));
    }
  if (g_str_equal (kind, rs_agenda_item_kind_to_string (RS_AGENDA_ITEM_NOTICE)))
    /* Translators: the What column of `recurring-sales upcoming` */
    return g_strdup (_("Notice deadline"));
  if (g_str_equal (kind, rs_agenda_item_kind_to_string (RS_AGENDA_ITEM_REMINDER)))
    {
      g_variant_lookup (item, "for_kind", "&s", &for_kind);
      g_variant_lookup (item, "for_date", "&s", &for_date);
      g_variant_lookup (item, "audience", "&s", &audience_text);
      return describe_reminder (for_kind, for_date,
                                rs_audience_from_string (audience_text, &audience) &&
                                audience == RS_AUDIENCE_CLIENT);
    }

  return g_strdup (kind);
}

static void
add_row (RsCliTable *table,
         GVariant   *item,
         GHashTable *short_uids)
{
  const char *date = NULL, *client = "", *service = "", *uid = "", *short_uid;
  g_autofree char *shown_date = NULL;
  g_autofree char *what = NULL;
  g_autofree char *amount = rs_cli_format_amount (item);

  g_variant_lookup (item, "date", "&s", &date);
  g_variant_lookup (item, "client", "&s", &client);
  g_variant_lookup (item, "service", "&s", &service);
  g_variant_lookup (item, "uid", "&s", &uid);
  short_uid = g_hash_table_lookup (short_uids, uid);

  shown_date = rs_cli_format_iso_date (date);
  what = describe_item (item);
  rs_cli_table_add_row (table, (const char *[]) {
    shown_date, short_uid != NULL ? short_uid : uid, what, client, service,
    amount != NULL ? amount : "",
  });
}

static void
print_items (RsDBusRecurringSales1 *proxy,
             GVariant              *items,
             const GDate           *from,
             const GDate           *to)
{
  g_autofree char *from_text = rs_format_date (from);
  g_autofree char *to_text = rs_format_date (to);
  g_autoptr(RsCliTable) table = NULL;
  g_autoptr(GHashTable) uids = NULL;
  g_autoptr(GHashTable) short_uids = NULL;
  GVariantIter iter;
  GVariant *item;

  /* Translators: the heading of `recurring-sales upcoming`; %1$s and %2$s are dates */
  g_print (_("From %1$s to %2$s"), from_text, to_text);
  g_print ("\n\n");

  if (g_variant_n_children (items) == 0)
    {
      /* Translators: `recurring-sales upcoming` when the window is empty */
      g_print ("%s\n", _("Nothing falls due in these days."));
      return;
    }

  uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_variant_iter_init (&iter, items);
  while ((item = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *uid;

      if (g_variant_lookup (item, "uid", "&s", &uid))
        g_hash_table_add (uids, g_strdup (uid));
      g_variant_unref (item);
    }
  short_uids = rs_cli_short_uids (proxy, uids);

  /* Translators: the column headings of `recurring-sales upcoming` */
  table = rs_cli_table_new (_("Date"),
                            /* Translators: a column heading: the sale's short identifier,
                             * which commands take instead of the whole one */
                            C_("column", "ID"),
                            /* Translators: a column heading of `recurring-sales upcoming`:
                             * what falls due (an invoice, an expiry, a reminder…) */
                            _("What"),
                            _("Client"), _("Service"), _("Amount"), NULL);
  rs_cli_table_set_column (table, 0, FALSE, TRUE);
  /* People type the identifier into the next command: never shorten it. */
  rs_cli_table_set_column (table, 1, FALSE, TRUE);
  rs_cli_table_set_column (table, 5, TRUE, TRUE);
  rs_cli_table_keep_whole (table, 2);

  g_variant_iter_init (&iter, items);
  while ((item = g_variant_iter_next_value (&iter)) != NULL)
    {
      add_row (table, item, short_uids);
      g_variant_unref (item);
    }

  rs_cli_table_print (table, rs_cli_output_width ());
}

/* Items a page: the most the service gives in one (docs/dbus.md), about 80 KB of reply. */
#define PAGE_ITEMS 250

/* The whole agenda of the window, read page by page (UpcomingPage), so that no reply comes
 * near the size a D-Bus message can carry, however many sales there are. */
static GVariant *
fetch_items (RsDBusRecurringSales1  *proxy,
             const char             *from_iso,
             const char             *to_iso,
             GVariant               *filter,
             GError                **error)
{
  g_auto(GVariantBuilder) all = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree char *after = g_strdup ("");

  do
    {
      g_autoptr(GVariant) items = NULL;
      g_autoptr(GError) local_error = NULL;
      char *next = NULL;
      GVariantIter iter;
      GVariant *item;

      if (!rs_dbus_recurring_sales1_call_upcoming_page_sync (proxy, from_iso, to_iso, filter,
                                                             PAGE_ITEMS, after, &items, &next,
                                                             NULL, &local_error))
        {
          /* A service started before an upgrade, still running, knows only Upcoming. */
          if (*after == '\0' &&
              g_error_matches (local_error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
            {
              if (!rs_dbus_recurring_sales1_call_upcoming_sync (proxy, from_iso, to_iso, filter,
                                                                &items, NULL, error))
                return NULL;
              return g_steal_pointer (&items);
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      g_variant_iter_init (&iter, items);
      while ((item = g_variant_iter_next_value (&iter)) != NULL)
        {
          g_variant_builder_add_value (&all, item);
          g_variant_unref (item);
        }

      g_free (after);
      after = next;
    }
  while (*after != '\0');

  return g_variant_ref_sink (g_variant_builder_end (&all));
}

int
rs_cli_upcoming (const char  *command,
                 int          argc,
                 char       **argv)
{
  g_auto(UpcomingOptions) options = { 0 };
  g_auto(GVariantBuilder) filter = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GVariant) items = NULL;
  g_autoptr(GVariant) filter_dict = NULL;
  g_autoptr(GError) error = NULL;
  char from_iso[11], to_iso[11];
  GDate from, to;
  const GOptionEntry entries[] = {
    { "days", 0, 0, G_OPTION_ARG_STRING, &options.days,
      /* Translators: help of --days in `recurring-sales upcoming --help` */
      N_("Show DAYS days, today the first of them (default: 30)"), N_("DAYS") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from,
      /* Translators: help of --from in `recurring-sales upcoming --help` */
      N_("The first day to show"), N_("YYYY-MM-DD") },
    /* Translators: help of --to in `recurring-sales upcoming --help` */
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to, N_("The last day to show"), N_("YYYY-MM-DD") },
    /* Translators: help of --json in `recurring-sales upcoming --help` */
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print the items as JSON"), NULL },
    { NULL }
  };

  if (!rs_cli_parse_options (command, NULL,
                             /* Translators: the summary of `recurring-sales upcoming --help` */
                             _("Shows the invoices, expiries, notice deadlines and reminders that fall in a window of days, both ends included."),
                             entries, &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, 0, ""))
    return RS_CLI_EXIT_USAGE;

  if (!get_window (&options, &from, &to, &error))
    return rs_cli_usage_error (command, error);
  rs_date_to_iso_buf (&from, from_iso);
  rs_date_to_iso_buf (&to, to_iso);

  filter_dict = g_variant_ref_sink (g_variant_builder_end (&filter));
  proxy = rs_cli_connect (&error);
  if (proxy == NULL ||
      (items = fetch_items (proxy, from_iso, to_iso, filter_dict, &error)) == NULL)
    return rs_cli_refused (error);

  if (options.json)
    {
      g_autoptr(JsonNode) node = rs_cli_dicts_to_json (items);
      rs_cli_print_json (node);
    }
  else
    {
      print_items (proxy, items, &from, &to);
    }

  return RS_CLI_EXIT_OK;
}
