/* rs-cli-lifecycle.c: `renew`, `end` and `mark`: what happens to a sale over its life
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-types.h>

typedef struct {
  char *term;
  char *amount;
  char *currency;
  char *service;
  char *note;
} RenewOptions;

static void
renew_options_clear (RenewOptions *options)
{
  g_free (options->term);
  g_free (options->amount);
  g_free (options->currency);
  g_free (options->service);
  g_free (options->note);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RenewOptions, renew_options_clear)

/* The terms of Renew; @currency is the one of the amount (given, or the sale's), or NULL to
 * check everything but the amount. */
static GVariant *
make_terms (RenewOptions  *options,
            const char    *currency,
            GError       **error)
{
  g_auto(GVariantBuilder) terms = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (options->term != NULL)
    {
      RsPeriod length;
      g_autofree char *text = NULL;

      /* Translators: names the field in an error such as “The term “x” is not a period…” */
      if (!rs_period_parse (options->term, _("The term"), &length, error))
        return NULL;
      text = rs_period_to_string (&length);
      g_variant_builder_add (&terms, "{sv}", "term", g_variant_new_string (text));
    }
  if (options->amount != NULL && currency != NULL)
    {
      gint64 minor;

      if (!rs_currency_validate (currency, error) ||
          !rs_cli_parse_amount (options->amount, currency, &minor, error))
        return NULL;
      g_variant_builder_add (&terms, "{sv}", "amount_minor", g_variant_new_int64 (minor));
    }
  if (options->currency != NULL)
    {
      if (!rs_currency_validate (options->currency, error))
        return NULL;
      g_variant_builder_add (&terms, "{sv}", "currency", g_variant_new_string (options->currency));
    }
  if (options->service != NULL)
    g_variant_builder_add (&terms, "{sv}", "service", g_variant_new_string (options->service));
  if (options->note != NULL)
    g_variant_builder_add (&terms, "{sv}", "note", g_variant_new_string (options->note));

  return g_variant_ref_sink (g_variant_builder_end (&terms));
}

int
rs_cli_renew (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(RenewOptions) options = { 0 };
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GVariant) sale = NULL;
  g_autoptr(GVariant) terms = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *new_uid = NULL;
  const char *currency = NULL;
  const GOptionEntry entries[] = {
    { "for", 0, 0, G_OPTION_ARG_STRING, &options.term,
      /* Translators: help of --for in `recurring-sales renew --help` */
      N_("The length of the new term, like 1y (default: the same as before)"),
      /* Translators: a placeholder for a period such as 1m or 1y, in --help */
      N_("PERIOD") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &options.amount,
      /* Translators: help of --amount in `recurring-sales renew --help` */
      N_("The new amount of each invoice"),
      /* Translators: a placeholder for an amount such as 120.50, in --help */
      N_("DECIMAL") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &options.currency,
      /* Translators: help of --currency in `recurring-sales renew --help` */
      N_("The new currency"),
      /* Translators: a placeholder for a currency code such as EUR, in --help */
      N_("CODE") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &options.service,
      /* Translators: help of --service in `recurring-sales renew --help` */
      N_("A new description of the service"),
      /* Translators: a placeholder for some text, in --help */
      N_("TEXT") },
    /* Translators: help of --note in `recurring-sales renew --help` */
    { "note", 0, 0, G_OPTION_ARG_STRING, &options.note, N_("A note for the new term"), N_("TEXT") },
    { NULL }
  };

  if (!rs_cli_parse_options (command, _("UID"),
                             /* Translators: the summary of `recurring-sales renew --help` */
                             _("Renews a sale: the new term starts on the next invoice date after the expiry. Prints the new sale’s identifier."),
                             entries, &argc, &argv) ||
      /* Translators: a usage error of `recurring-sales renew` */
      !rs_cli_check_arguments (command, argc, argv, 1, _("Give the identifier of the sale to renew.")))
    return RS_CLI_EXIT_USAGE;

  /* Check what can be checked before asking anything; an amount without --currency waits for
   * the sale's currency. */
  currency = options.currency;
  terms = make_terms (&options, currency, &error);
  if (terms == NULL)
    return rs_cli_usage_error (command, error);

  proxy = rs_cli_connect (&error);
  if (proxy == NULL || (uid = rs_cli_resolve_uid (proxy, argv[1], FALSE, &error)) == NULL)
    return rs_cli_refused (error);

  if (options.amount != NULL && currency == NULL)
    {
      if (!rs_dbus_recurring_sales1_call_get_sale_sync (proxy, uid, &sale, NULL, &error))
        return rs_cli_refused (error);
      if (!g_variant_lookup (sale, "currency", "&s", &currency))
        currency = "";
      g_clear_pointer (&terms, g_variant_unref);
      terms = make_terms (&options, currency, &error);
      if (terms == NULL)
        return rs_cli_usage_error (command, error);
    }

  if (!rs_dbus_recurring_sales1_call_renew_sync (proxy, uid, terms, &new_uid, NULL, &error))
    return rs_cli_refused (error);

  g_print ("%s\n", new_uid);
  return RS_CLI_EXIT_OK;
}

int
rs_cli_end (const char  *command,
            int          argc,
            char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    /* Translators: help of --reason in `recurring-sales end --help` */
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for your records"), N_("TEXT") },
    { NULL }
  };

  if (!rs_cli_parse_options (command, _("UID"),
                             /* Translators: the summary of `recurring-sales end --help` */
                             _("Records that the client will not renew: no more expiry or notice reminders."),
                             entries, &argc, &argv) ||
      /* Translators: a usage error of `recurring-sales end` */
      !rs_cli_check_arguments (command, argc, argv, 1, _("Give the identifier of the sale that ends.")))
    return RS_CLI_EXIT_USAGE;

  proxy = rs_cli_connect (&error);
  if (proxy == NULL ||
      (uid = rs_cli_resolve_uid (proxy, argv[1], FALSE, &error)) == NULL ||
      !rs_dbus_recurring_sales1_call_end_sale_sync (proxy, uid, reason != NULL ? reason : "",
                                                     NULL, &error))
    return rs_cli_refused (error);

  return RS_CLI_EXIT_OK;
}

/* What mark did, in a sentence: a command that succeeds in silence leaves people wondering
 * whether it did anything. */
static void
print_marked (GVariant          *sale,
              const GDate       *date,
              RsOccurrenceState  state)
{
  g_autofree char *day = rs_format_date (date);
  g_autofree char *client = NULL;
  const char *name = "";

  g_variant_lookup (sale, "client", "&s", &name);
  client = rs_cli_printable (name, FALSE);

  switch (state)
    {
    case RS_OCCURRENCE_ISSUED:
      /* Translators: after `recurring-sales mark`; %1$s is the invoice's date, %2$s the client */
      g_print (_("Marked the invoice of %1$s for %2$s as issued."), day, client);
      break;
    case RS_OCCURRENCE_PREPAID:
      /* Translators: after `recurring-sales mark`; %1$s is the invoice's date, %2$s the client */
      g_print (_("Marked the invoice of %1$s for %2$s as prepaid."), day, client);
      break;
    case RS_OCCURRENCE_SKIPPED:
      /* Translators: after `recurring-sales mark`; %1$s is the invoice's date, %2$s the client */
      g_print (_("Marked the invoice of %1$s for %2$s as skipped."), day, client);
      break;
    case RS_OCCURRENCE_OPEN:
    default:
      /* Translators: after `recurring-sales mark … open`, which clears a mark; %1$s is the
       * invoice's date, %2$s the client */
      g_print (_("The invoice of %1$s for %2$s is open again."), day, client);
      break;
    }
  g_print ("\n");
}

int
rs_cli_mark (const char  *command,
             int          argc,
             char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GVariant) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  RsOccurrenceState state;
  GDate date;
  char date_iso[11];

  /* Translators: the arguments of `recurring-sales mark`; keep the four states in English */
  if (!rs_cli_parse_options (command, _("UID YYYY-MM-DD issued|prepaid|skipped|open"),
                             /* Translators: the summary of `recurring-sales mark --help`; keep the four states in English */
                             _("Marks the invoice of that date: issued, prepaid or skipped (no more reminders about it), or open again."),
                             NULL, &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, 3,
                               /* Translators: a usage error of `recurring-sales mark`; keep the four states in English */
                               _("Give the sale’s identifier, the invoice’s date and issued, prepaid, skipped or open.")))
    return RS_CLI_EXIT_USAGE;

  /* Translators: names the field in an error such as “The issue date 2027-02-30 is not a valid date.” */
  if (!rs_date_parse_local (argv[2], _("The issue date"), NULL, &date, &error))
    return rs_cli_usage_error (command, error);
  rs_date_to_iso_buf (&date, date_iso);
  if (!rs_occurrence_state_from_string (argv[3], &state))
    /* Translators: %s is what the user typed */
    return rs_cli_usage (command, _("The state “%s” is not one of issued, prepaid, skipped or open."),
                         argv[3]);

  /* The sale first: what was done is said with its client's name. */
  proxy = rs_cli_connect (&error);
  if (proxy == NULL ||
      (uid = rs_cli_resolve_uid (proxy, argv[1], FALSE, &error)) == NULL ||
      !rs_dbus_recurring_sales1_call_get_sale_sync (proxy, uid, &sale, NULL, &error) ||
      !rs_dbus_recurring_sales1_call_mark_occurrence_sync (proxy, uid, date_iso, argv[3],
                                                           NULL, &error))
    return rs_cli_refused (error);

  print_marked (sale, &date, state);
  return RS_CLI_EXIT_OK;
}
