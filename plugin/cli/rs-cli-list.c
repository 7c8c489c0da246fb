/* rs-cli-list.c: `recurring-sales list`: the sales, filtered, as a table or JSON
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-types.h>

typedef struct {
  char     *status;
  char     *client;
  char     *currency;
  char     *expiring_before;
  gboolean  json;
} ListOptions;

static void
list_options_clear (ListOptions *options)
{
  g_free (options->status);
  g_free (options->client);
  g_free (options->currency);
  g_free (options->expiring_before);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ListOptions, list_options_clear)

static GVariant *
make_filter (ListOptions  *options,
             GError      **error)
{
  g_auto(GVariantBuilder) filter = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  RsSaleStatus status;
  GDate date;

  if (options->status != NULL)
    {
      /* Checked here so that a typo is a usage error (exit 2) before any call. */
      if (!rs_sale_status_parse (options->status, &status, error))
        return NULL;
      g_variant_builder_add (&filter, "{sv}", "status", g_variant_new_string (options->status));
    }
  if (options->client != NULL)
    g_variant_builder_add (&filter, "{sv}", "client", g_variant_new_string (options->client));
  if (options->currency != NULL)
    {
      if (!rs_currency_validate (options->currency, error))
        return NULL;
      g_variant_builder_add (&filter, "{sv}", "currency", g_variant_new_string (options->currency));
    }
  if (options->expiring_before != NULL)
    {
      /* Translators: names the field in an error such as “… “soon” is not written as YYYY-MM-DD.” */
      if (!rs_date_parse_local (options->expiring_before,
                                _("The date given with --expiring-before"), NULL, &date, error))
        return NULL;
      g_variant_builder_add (&filter, "{sv}", "expiring_before",
                             g_variant_new_take_string (rs_date_to_iso (&date)));
    }

  return g_variant_ref_sink (g_variant_builder_end (&filter));
}

static gboolean
all_active (GVariant *sales)
{
  GVariantIter iter;
  GVariant *sale;
  gboolean result = TRUE;

  g_variant_iter_init (&iter, sales);
  while (result && (sale = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *text = NULL;
      RsSaleStatus status;

      result = g_variant_lookup (sale, "status", "&s", &text) &&
               rs_sale_status_from_string (text, &status) && status == RS_SALE_STATUS_ACTIVE;
      g_variant_unref (sale);
    }

  return result;
}

static void
add_row (RsCliTable *table,
         GVariant   *sale,
         GHashTable *short_uids,
         gboolean    with_status)
{
  const char *client = "", *service = "", *status = NULL, *uid = "";
  const char *short_uid;
  g_autofree char *amount = rs_cli_format_amount (sale);
  g_autofree char *expires = NULL;
  RsSchedule schedule;
  GDate expiry;

  g_variant_lookup (sale, "client", "&s", &client);
  g_variant_lookup (sale, "service", "&s", &service);
  g_variant_lookup (sale, "status", "&s", &status);
  g_variant_lookup (sale, "uid", "&s", &uid);
  if (rs_cli_schedule_from_dict (sale, &schedule) && rs_schedule_expiry_date (&schedule, &expiry))
    expires = rs_format_date (&expiry);
  short_uid = g_hash_table_lookup (short_uids, uid);

  /* Translators: in the Expires column of an open-ended sale */
  const char *never = C_("expires", "never");

  rs_cli_table_add_row (table, (const char *[]) {
    short_uid != NULL ? short_uid : uid, client, service, amount != NULL ? amount : "",
    expires != NULL ? expires : never, with_status ? rs_cli_status_label (status) : NULL,
  });
}

int
rs_cli_list (const char  *command,
             int          argc,
             char       **argv)
{
  g_auto(ListOptions) options = { 0 };
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GVariant) filter = NULL;
  g_autoptr(GVariant) sales = NULL;
  g_autoptr(RsCliTable) table = NULL;
  g_autoptr(GHashTable) uids = NULL;
  g_autoptr(GHashTable) short_uids = NULL;
  g_autoptr(GError) error = NULL;
  GVariantIter iter;
  GVariant *sale;
  gboolean with_status;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &options.status,
      /* Translators: help of --status in `recurring-sales list --help` */
      N_("Only sales with this status: active, paused, renewed or ended"),
      /* Translators: a placeholder for a status, in --help */
      N_("STATUS") },
    { "client", 0, 0, G_OPTION_ARG_STRING, &options.client,
      /* Translators: help of --client in `recurring-sales list --help` */
      N_("Only clients whose name contains this text"), N_("TEXT") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &options.currency,
      /* Translators: help of --currency in `recurring-sales list --help` */
      N_("Only sales in this currency"), N_("CODE") },
    { "expiring-before", 0, 0, G_OPTION_ARG_STRING, &options.expiring_before,
      /* Translators: help of --expiring-before in `recurring-sales list --help` */
      N_("Only sales that expire on or before this date"),
      /* Translators: a placeholder for a date, in --help; keep the form the command accepts */
      N_("YYYY-MM-DD") },
    /* Translators: help of --json in `recurring-sales list --help` */
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print the sales as JSON"), NULL },
    { NULL }
  };

  /* Translators: the summary of `recurring-sales list --help` */
  if (!rs_cli_parse_options (command, NULL, _("Lists the sales, ordered by client."), entries,
                             &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, 0, ""))
    return RS_CLI_EXIT_USAGE;

  filter = make_filter (&options, &error);
  if (filter == NULL)
    return rs_cli_usage_error (command, error);

  proxy = rs_cli_connect (&error);
  if (proxy == NULL ||
      !rs_dbus_recurring_sales1_call_list_sales_sync (proxy, filter, &sales, NULL, &error))
    return rs_cli_refused (error);

  if (options.json)
    {
      g_autoptr(JsonNode) node = rs_cli_dicts_to_json (sales);
      rs_cli_print_json (node);
      return RS_CLI_EXIT_OK;
    }

  if (g_variant_n_children (sales) == 0)
    {
      if (g_variant_n_children (filter) == 0)
        /* Translators: `recurring-sales list` with no sale at all */
        g_print ("%s\n", _("There are no sales yet; add one with “recurring-sales add”."));
      else
        /* Translators: `recurring-sales list` when no sale matches the filters */
        g_print ("%s\n", _("No sale matches."));
      return RS_CLI_EXIT_OK;
    }

  uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_variant_iter_init (&iter, sales);
  while ((sale = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *uid;

      if (g_variant_lookup (sale, "uid", "&s", &uid))
        g_hash_table_add (uids, g_strdup (uid));
      g_variant_unref (sale);
    }
  short_uids = rs_cli_short_uids (proxy, uids);

  /* The status column only when it says something: the names need the room. */
  with_status = !all_active (sales);
  /* Translators: column headings of `recurring-sales list`; ID is the sale's short
   * identifier, which commands take instead of the whole one */
  table = rs_cli_table_new (C_("column", "ID"), _("Client"), _("Service"), _("Amount"),
                            _("Expires"), with_status ? _("Status") : NULL, NULL);
  /* People type the identifier into the next command: never shorten it. */
  rs_cli_table_set_column (table, 0, FALSE, TRUE);
  rs_cli_table_set_column (table, 3, TRUE, TRUE);
  rs_cli_table_set_column (table, 4, FALSE, TRUE);
  if (with_status)
    rs_cli_table_set_column (table, 5, FALSE, TRUE);

  g_variant_iter_init (&iter, sales);
  while ((sale = g_variant_iter_next_value (&iter)) != NULL)
    {
      add_row (table, sale, short_uids, with_status);
      g_variant_unref (sale);
    }
  rs_cli_table_print (table, rs_cli_output_width ());

  return RS_CLI_EXIT_OK;
}
