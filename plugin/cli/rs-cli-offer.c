/* rs-cli-offer.c: `offer UID sent|accepted|declined`: where the renewal offer stands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service decides what each answer does (OfferSent, OfferAccepted, OfferDeclined:
 * docs/dbus.md); the command checks its words and amounts first, and says what happened.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-types.h>

typedef struct {
  char *amount;
  char *note;
  char *term;
} OfferOptions;

static void
offer_options_clear (OfferOptions *options)
{
  g_free (options->amount);
  g_free (options->note);
  g_free (options->term);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OfferOptions, offer_options_clear)

/* An option that does not go with the answer given is a usage error, not ignored. */
static gboolean
check_option_fits (const char    *given,
                   const char    *option,
                   RsOfferState   state,
                   RsOfferState   fits,
                   RsOfferState   also_fits,
                   GError       **error)
{
  if (given == NULL || state == fits || state == also_fits)
    return TRUE;

  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is an option such as --note, %2$s one of the untranslated
                * words sent, accepted or declined */
               _("The option %1$s does not go with “%2$s”."), option,
               state == RS_OFFER_OFFERED ? "sent" :
               state == RS_OFFER_ACCEPTED ? "accepted" : "declined");
  return FALSE;
}

/* sent, accepted or declined: the words of the command, as the user types them. */
static gboolean
parse_answer (const char    *text,
              RsOfferState  *out_state,
              GError       **error)
{
  g_autofree char *shown = NULL;

  if (g_ascii_strcasecmp (text, "sent") == 0)
    *out_state = RS_OFFER_OFFERED;
  else if (g_ascii_strcasecmp (text, "accepted") == 0)
    *out_state = RS_OFFER_ACCEPTED;
  else if (g_ascii_strcasecmp (text, "declined") == 0)
    *out_state = RS_OFFER_DECLINED;
  else
    {
      shown = rs_cli_shown (text);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what was given; keep the three words untranslated */
                   _("“%s” is not one of sent, accepted or declined."), shown);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_options (OfferOptions  *options,
               RsOfferState   state,
               GError       **error)
{
  RsPeriod term;

  if (!check_option_fits (options->note, "--note", state, RS_OFFER_OFFERED, RS_OFFER_OFFERED,
                          error) ||
      !check_option_fits (options->term, "--for", state, RS_OFFER_ACCEPTED, RS_OFFER_ACCEPTED,
                          error) ||
      !check_option_fits (options->amount, "--amount", state, RS_OFFER_OFFERED,
                          RS_OFFER_ACCEPTED, error))
    return FALSE;

  /* Translators: names the field in an error such as “The term “x” is not a period…” */
  return options->term == NULL || rs_period_parse (options->term, _("The term"), &term, error);
}

/* The dictionary of OfferSent or OfferAccepted, the amount read in @currency. */
static GVariant *
make_dict (OfferOptions  *options,
           RsOfferState   state,
           const char    *currency,
           GError       **error)
{
  g_auto(GVariantBuilder) dict = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (options->amount != NULL)
    {
      gint64 minor;

      if (!rs_cli_parse_amount (options->amount, currency, &minor, error))
        return NULL;
      g_variant_builder_add (&dict, "{sv}", "amount_minor", g_variant_new_int64 (minor));
    }
  if (options->note != NULL)
    g_variant_builder_add (&dict, "{sv}", "note", g_variant_new_string (options->note));
  if (options->term != NULL && state == RS_OFFER_ACCEPTED)
    {
      RsPeriod term;
      g_autofree char *text = NULL;

      rs_period_parse (options->term, "", &term, NULL);
      text = rs_period_to_string (&term);
      g_variant_builder_add (&dict, "{sv}", "term", g_variant_new_string (text));
    }

  return g_variant_ref_sink (g_variant_builder_end (&dict));
}

int
rs_cli_offer (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(OfferOptions) options = { 0 };
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GVariant) sale = NULL;
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *new_uid = NULL;
  const char *currency = "";
  const char *client = "";
  RsOfferState state;
  const GOptionEntry entries[] = {
    { "amount", 0, 0, G_OPTION_ARG_STRING, &options.amount,
      /* Translators: help of --amount in `recurring-sales offer --help` */
      N_("sent: the amount offered; accepted: the amount agreed, for each invoice of the new term"),
      /* Translators: a placeholder for an amount such as 120.50, in --help */
      N_("DECIMAL") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &options.note,
      /* Translators: help of --note in `recurring-sales offer --help` */
      N_("sent: a note about the offer, for your records"),
      /* Translators: a placeholder for some text, in --help */
      N_("TEXT") },
    { "for", 0, 0, G_OPTION_ARG_STRING, &options.term,
      /* Translators: help of --for in `recurring-sales offer --help` */
      N_("accepted: the length of the new term, like 1y (default: the same as before)"),
      /* Translators: a placeholder for a period such as 1m or 1y, in --help */
      N_("PERIOD") },
    { NULL }
  };

  if (!rs_cli_parse_options (command,
                             /* Translators: the arguments of `recurring-sales offer`; keep the
                              * three words untranslated */
                             _("UID sent|accepted|declined"),
                             /* Translators: the summary of `recurring-sales offer --help` */
                             _("Records where the renewal offer stands. “sent”: you sent the client an offer. “accepted”: the client accepted, and the sale is renewed as `renew` renews it; prints the new sale’s identifier. “declined”: the client will not renew, and the sale ends at its expiry as with `end`. Once the client answers, your and your team’s expiry reminders stop."),
                             entries, &argc, &argv) ||
      /* Translators: a usage error of `recurring-sales offer` */
      !rs_cli_check_arguments (command, argc, argv, 2, _("Give the identifier of the sale, then sent, accepted or declined.")))
    return RS_CLI_EXIT_USAGE;

  if (!parse_answer (argv[2], &state, &error) || !check_options (&options, state, &error))
    return rs_cli_usage_error (command, error);

  proxy = rs_cli_connect (&error);
  if (proxy == NULL || (uid = rs_cli_resolve_uid (proxy, argv[1], FALSE, &error)) == NULL ||
      !rs_dbus_recurring_sales1_call_get_sale_sync (proxy, uid, &sale, NULL, &error))
    return rs_cli_refused (error);
  g_variant_lookup (sale, "currency", "&s", &currency);
  g_variant_lookup (sale, "client", "&s", &client);

  switch (state)
    {
    case RS_OFFER_OFFERED:
      if ((dict = make_dict (&options, state, currency, &error)) == NULL)
        return rs_cli_usage_error (command, error);
      if (!rs_dbus_recurring_sales1_call_offer_sent_sync (proxy, uid, dict, NULL, &error))
        return rs_cli_refused (error);
      /* Translators: `recurring-sales offer UID sent`; %s is the client's name */
      g_print (_("The renewal offer to %s is recorded as sent today.\n"), client);
      return RS_CLI_EXIT_OK;
    case RS_OFFER_ACCEPTED:
      if ((dict = make_dict (&options, state, currency, &error)) == NULL)
        return rs_cli_usage_error (command, error);
      if (!rs_dbus_recurring_sales1_call_offer_accepted_sync (proxy, uid, dict, &new_uid, NULL,
                                                              &error))
        return rs_cli_refused (error);
      g_print ("%s\n", new_uid);
      return RS_CLI_EXIT_OK;
    case RS_OFFER_DECLINED:
    case RS_OFFER_NONE:
    default:
      if (!rs_dbus_recurring_sales1_call_offer_declined_sync (proxy, uid, NULL, &error))
        return rs_cli_refused (error);
      /* Translators: `recurring-sales offer UID declined`; %s is the client's name */
      g_print (_("%s declined the renewal: the sale ends at its expiry.\n"), client);
      return RS_CLI_EXIT_OK;
    }
}
