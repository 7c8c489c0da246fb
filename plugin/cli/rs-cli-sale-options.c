/* rs-cli-sale-options.c: the options of `add` and `edit`, checked, as the service's a{sv}
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-language.h>
#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-schedule.h>
#include <recurring-sales/rs-text.h>

struct _RsCliSaleOptions {
  gboolean for_edit;

  char *client;
  char *service;
  char *amount;
  char *currency;
  char *every;
  char *start;
  char *until;
  char *count;
  char *term;
  char *email;
  char *notice;
  char *iban;
  char *remind_invoice;
  char *remind_expiry;
  char *note;
  char *delivery;
  char *language;
  gboolean draft;
  gboolean no_draft;
  gboolean prepay;
  gboolean no_prepay;
  gboolean remind_client;
  gboolean clear_email;
  gboolean clear_note;

  /* Filled by rs_cli_sale_options_check (). */
  RsPeriod period;
  RsPeriod term_length;
  guint count_value;
  guint notice_days;
  GArray *invoice_days;
  GArray *expiry_days;
  RsDelivery delivery_value;

  GOptionEntry entries[26];
};

RsCliSaleOptions *
rs_cli_sale_options_new (gboolean for_edit)
{
  RsCliSaleOptions *o = g_new0 (RsCliSaleOptions, 1);
  const GOptionEntry entries[] = {
    { "client", 0, 0, G_OPTION_ARG_STRING, &o->client,
      /* Translators: help of --client in `recurring-sales add --help` and `edit --help` */
      N_("The client’s name"),
      /* Translators: a placeholder for a name, in --help */
      N_("NAME") },
    /* Translators: help of --service in `recurring-sales add --help` and `edit --help` */
    { "service", 0, 0, G_OPTION_ARG_STRING, &o->service, N_("What you sell them"), N_("TEXT") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &o->amount,
      /* Translators: help of --amount in `recurring-sales add --help` and `edit --help` */
      N_("The amount of each invoice, like 120.50"), N_("DECIMAL") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &o->currency,
      /* Translators: help of --currency in `recurring-sales add --help` and `edit --help` */
      N_("The ISO 4217 currency code, like EUR"), N_("CODE") },
    { "every", 0, 0, G_OPTION_ARG_STRING, &o->every,
      /* Translators: help of --every in `recurring-sales add --help` and `edit --help` */
      N_("How often to invoice: Nd, Nw, Nm or Ny, like 1m or 3m"), N_("PERIOD") },
    /* Translators: help of --start in `recurring-sales add --help` and `edit --help` */
    { "start", 0, 0, G_OPTION_ARG_STRING, &o->start, N_("The first issue date"), N_("YYYY-MM-DD") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &o->until,
      /* Translators: help of --until in `recurring-sales add --help` and `edit --help` */
      N_("The expiry date, inclusive"), N_("YYYY-MM-DD") },
    { "count", 0, 0, G_OPTION_ARG_STRING, &o->count,
      /* Translators: help of --count in `recurring-sales add --help` and `edit --help` */
      N_("The number of invoices of the term"),
      /* Translators: a placeholder for a number, in --help */
      N_("N") },
    { "for", 0, 0, G_OPTION_ARG_STRING, &o->term,
      /* Translators: help of --for in `recurring-sales add --help` and `edit --help` */
      N_("The length of the term, like 1y"), N_("PERIOD") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &o->email,
      /* Translators: help of --email in `recurring-sales add --help` and `edit --help` */
      N_("The client’s e-mail address"),
      /* Translators: a placeholder for an e-mail address, in --help */
      N_("ADDR") },
    { "notice", 0, 0, G_OPTION_ARG_STRING, &o->notice,
      /* Translators: help of --notice in `recurring-sales add --help` and `edit --help` */
      N_("The notice deadline falls this many days before the expiry (0: none)"),
      /* Translators: a placeholder for a number of days, in --help */
      N_("DAYS") },
    { "draft", 0, 0, G_OPTION_ARG_NONE, &o->draft,
      /* Translators: help of --draft in `recurring-sales add --help` and `edit --help` */
      N_("Invoices are drafts that need your approval"), NULL },
    /* Translators: help of --no-draft in `recurring-sales add --help` and `edit --help` */
    { "no-draft", 0, 0, G_OPTION_ARG_NONE, &o->no_draft, N_("Invoices need no approval"), NULL },
    { "prepay", 0, 0, G_OPTION_ARG_NONE, &o->prepay,
      /* Translators: help of --prepay in `recurring-sales add --help` and `edit --help` */
      N_("The client pays in advance (give --iban too)"), NULL },
    { "no-prepay", 0, 0, G_OPTION_ARG_NONE, &o->no_prepay,
      /* Translators: help of --no-prepay in `recurring-sales add --help` and `edit --help` */
      N_("The client pays after the invoice"), NULL },
    { "iban", 0, 0, G_OPTION_ARG_STRING, &o->iban,
      /* Translators: help of --iban in `recurring-sales add --help` and `edit --help` */
      N_("The IBAN the client pays to"),
      /* Translators: a placeholder for an IBAN, in --help */
      N_("IBAN") },
    { "remind-invoice", 0, 0, G_OPTION_ARG_STRING, &o->remind_invoice,
      /* Translators: help of --remind-invoice in `recurring-sales add --help` and `edit --help` */
      N_("Remind this many days before each invoice; with any --remind- option, only the reminders given are set"),
      /* Translators: a placeholder for days separated by commas, in --help */
      N_("DAYS[,DAYS…]") },
    { "remind-expiry", 0, 0, G_OPTION_ARG_STRING, &o->remind_expiry,
      /* Translators: help of --remind-expiry in `recurring-sales add --help` and `edit --help` */
      N_("Remind this many days before the expiry"), N_("DAYS[,DAYS…]") },
    { "remind-client", 0, 0, G_OPTION_ARG_NONE, &o->remind_client,
      /* Translators: help of --remind-client in `recurring-sales add --help` and `edit --help` */
      N_("Send those reminders to the client too, by e-mail"), NULL },
    { "delivery", 0, 0, G_OPTION_ARG_STRING, &o->delivery,
      /* Translators: help of --delivery in `recurring-sales add --help` and `edit --help`;
       * keep the four words untranslated */
      N_("How reminders reach the client: default (as in the settings), draft, send or off"),
      /* Translators: a placeholder for one of default, draft, send or off, in --help */
      N_("MODE") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &o->language,
      /* Translators: help of --language in `recurring-sales add --help` and `edit --help`;
       * keep el and en as they are */
      N_("The language of e-mails to the client: el or en (empty: yours)"),
      /* Translators: a placeholder for a language code, in --help */
      N_("CODE") },
    /* Translators: help of --note in `recurring-sales add --help` and `edit --help` */
    { "note", 0, 0, G_OPTION_ARG_STRING, &o->note, N_("A note for yourself"), N_("TEXT") },
  };
  const GOptionEntry edit_entries[] = {
    { "clear-email", 0, 0, G_OPTION_ARG_NONE, &o->clear_email,
      /* Translators: help of --clear-email in `recurring-sales edit --help` */
      N_("Remove the client’s e-mail address"), NULL },
    /* Translators: help of --clear-note in `recurring-sales edit --help` */
    { "clear-note", 0, 0, G_OPTION_ARG_NONE, &o->clear_note, N_("Remove the note"), NULL },
  };
  guint n = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (entries) + G_N_ELEMENTS (edit_entries) < G_N_ELEMENTS (o->entries));

  o->for_edit = for_edit;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    o->entries[n++] = entries[i];
  if (for_edit)
    for (guint i = 0; i < G_N_ELEMENTS (edit_entries); i++)
      o->entries[n++] = edit_entries[i];
  /* The rest stays zeroed: the terminating entry. */

  return o;
}

void
rs_cli_sale_options_free (RsCliSaleOptions *o)
{
  if (o == NULL)
    return;

  g_free (o->client);
  g_free (o->service);
  g_free (o->amount);
  g_free (o->currency);
  g_free (o->every);
  g_free (o->start);
  g_free (o->until);
  g_free (o->count);
  g_free (o->term);
  g_free (o->email);
  g_free (o->notice);
  g_free (o->iban);
  g_free (o->remind_invoice);
  g_free (o->remind_expiry);
  g_free (o->note);
  g_free (o->delivery);
  g_free (o->language);
  g_clear_pointer (&o->invoice_days, g_array_unref);
  g_clear_pointer (&o->expiry_days, g_array_unref);
  g_free (o);
}

const GOptionEntry *
rs_cli_sale_options_entries (RsCliSaleOptions *o)
{
  return o->entries;
}

gboolean
rs_cli_sale_options_is_empty (RsCliSaleOptions *o)
{
  return o->client == NULL && o->service == NULL && o->amount == NULL && o->currency == NULL &&
         o->every == NULL && o->start == NULL && o->until == NULL && o->count == NULL &&
         o->term == NULL && o->email == NULL && o->notice == NULL && o->iban == NULL &&
         o->remind_invoice == NULL && o->remind_expiry == NULL && o->note == NULL &&
         o->delivery == NULL && o->language == NULL &&
         !o->draft && !o->no_draft && !o->prepay && !o->no_prepay && !o->remind_client &&
         !o->clear_email && !o->clear_note;
}

static gboolean
require (const char  *value,
         const char  *option,
         GError     **error)
{
  if (value != NULL)
    return TRUE;

  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is an option such as --client */
               _("The option %s is required."), option);
  return FALSE;
}

static gboolean
exclusive (gboolean     first_given,
           const char  *first,
           gboolean     second_given,
           const char  *second,
           GError     **error)
{
  if (!first_given || !second_given)
    return TRUE;

  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s and %2$s are options such as --draft and --no-draft */
               _("The options %1$s and %2$s cannot be used together."), first, second);
  return FALSE;
}

gboolean
rs_cli_sale_options_check (RsCliSaleOptions  *o,
                           GError           **error)
{
  GDate date;
  gint64 minor;

  if (!o->for_edit &&
      (!require (o->client, "--client", error) ||
       !require (o->service, "--service", error) ||
       !require (o->amount, "--amount", error) ||
       !require (o->currency, "--currency", error) ||
       !require (o->every, "--every", error) ||
       !require (o->start, "--start", error)))
    return FALSE;

  if (!exclusive (o->draft, "--draft", o->no_draft, "--no-draft", error) ||
      !exclusive (o->prepay, "--prepay", o->no_prepay, "--no-prepay", error) ||
      !exclusive (o->email != NULL, "--email", o->clear_email, "--clear-email", error) ||
      !exclusive (o->note != NULL, "--note", o->clear_note, "--clear-note", error))
    return FALSE;

  if ((o->until != NULL) + (o->count != NULL) + (o->term != NULL) > 1)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: a usage error; keep the options as they are */
                           _("Give at most one of --until, --count and --for."));
      return FALSE;
    }

  if (o->currency != NULL && !rs_currency_validate (o->currency, error))
    return FALSE;
  /* Without --currency (edit), the amount is read in the sale's currency once it is known. */
  if (o->amount != NULL && o->currency != NULL &&
      !rs_cli_parse_amount (o->amount, o->currency, &minor, error))
    return FALSE;
  /* Translators: names the field in an error such as “The billing period “1q” is not a period…” */
  if (o->every != NULL && !rs_period_parse (o->every, _("The billing period"), &o->period, error))
    return FALSE;
  /* Translators: names the field in an error such as “The start date 2027-02-30 is not a valid date.” */
  if (o->start != NULL && !rs_date_parse (o->start, _("The start date"), &date, error))
    return FALSE;
  /* Translators: names the field in an error such as “The expiry date 2027-02-30 is not a valid date.” */
  if (o->until != NULL && !rs_date_parse (o->until, _("The expiry date"), &date, error))
    return FALSE;
  if (o->count != NULL &&
      !rs_cli_parse_uint (o->count, "--count", 1, RS_SCHEDULE_MAX_COUNT, &o->count_value, error))
    return FALSE;
  if (o->term != NULL && !rs_period_parse (o->term, _("The term"), &o->term_length, error))
    return FALSE;
  if (o->notice != NULL &&
      !rs_cli_parse_uint (o->notice, "--notice", 0, RS_SALE_MAX_NOTICE_DAYS, &o->notice_days, error))
    return FALSE;

  if (o->remind_invoice != NULL &&
      (o->invoice_days = rs_cli_parse_lead_days (o->remind_invoice, "--remind-invoice", error)) == NULL)
    return FALSE;
  if (o->remind_expiry != NULL &&
      (o->expiry_days = rs_cli_parse_lead_days (o->remind_expiry, "--remind-expiry", error)) == NULL)
    return FALSE;
  if (o->delivery != NULL && !rs_delivery_parse (o->delivery, &o->delivery_value, error))
    return FALSE;
  if (o->language != NULL && !rs_language_check (o->language, error))
    return FALSE;

  if (o->remind_client && o->invoice_days == NULL && o->expiry_days == NULL)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: a usage error; keep the options as they are */
                           _("The option --remind-client needs --remind-invoice or --remind-expiry: it sends those reminders to the client too."));
      return FALSE;
    }

  return TRUE;
}

/* Adds @key unless @current already has exactly that value: an edit sends only what changes,
 * so that it cannot undo someone else's change to another field. */
static void
put (GVariantBuilder *builder,
     GVariant        *current,
     const char      *key,
     GVariant        *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  g_autoptr(GVariant) old = NULL;

  if (current != NULL)
    old = g_variant_lookup_value (current, key, NULL);
  if (old != NULL && g_variant_equal (old, owned))
    return;

  g_variant_builder_add (builder, "{sv}", key, owned);
}

static void
add_reminders_of_kind (GVariantBuilder *reminders,
                       const char      *kind,
                       GArray          *days,
                       gboolean         to_client)
{
  for (guint i = 0; i < days->len; i++)
    {
      guint lead_days = g_array_index (days, guint, i);

      g_variant_builder_add (reminders, "(sus)", kind, lead_days, "owner");
      if (to_client)
        g_variant_builder_add (reminders, "(sus)", kind, lead_days, "client");
    }
}

static GVariant *
make_reminders (RsCliSaleOptions *o,
                GVariant         *current)
{
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder reminders;

  g_variant_builder_init (&reminders, G_VARIANT_TYPE ("a(sus)"));

  /* An edit replaces the reminders of the kinds given and keeps the others. */
  if (current != NULL)
    old = g_variant_lookup_value (current, "reminders", G_VARIANT_TYPE ("a(sus)"));
  if (old != NULL)
    {
      GVariantIter iter;
      const char *kind, *audience;
      guint32 lead_days;

      g_variant_iter_init (&iter, old);
      while (g_variant_iter_next (&iter, "(&su&s)", &kind, &lead_days, &audience))
        {
          if ((o->invoice_days != NULL && g_str_equal (kind, "invoice")) ||
              (o->expiry_days != NULL && g_str_equal (kind, "expiry")))
            continue;
          g_variant_builder_add (&reminders, "(sus)", kind, lead_days, audience);
        }
    }

  if (o->invoice_days != NULL)
    add_reminders_of_kind (&reminders, "invoice", o->invoice_days, o->remind_client);
  if (o->expiry_days != NULL)
    add_reminders_of_kind (&reminders, "expiry", o->expiry_days, o->remind_client);

  return g_variant_builder_end (&reminders);
}

static gboolean
put_amount (RsCliSaleOptions  *o,
            GVariantBuilder   *builder,
            GVariant          *current,
            GError           **error)
{
  const char *currency = o->currency;
  gint64 minor;

  if (currency == NULL && current != NULL)
    g_variant_lookup (current, "currency", "&s", &currency);
  if (currency == NULL)
    currency = "";
  if (!rs_currency_validate (currency, error))
    return FALSE;

  if (o->amount != NULL)
    {
      if (!rs_cli_parse_amount (o->amount, currency, &minor, error))
        return FALSE;
    }
  else
    {
      /* A new currency alone keeps the amount as written: 120.00 EUR becomes 120.00 USD, not
       * 12000 JPY (amounts travel in minor units). */
      const char *old_currency = NULL;
      gint64 old_minor = 0;
      g_autofree char *decimal = NULL;

      if (current == NULL ||
          !g_variant_lookup (current, "currency", "&s", &old_currency) ||
          !g_variant_lookup (current, "amount_minor", "x", &old_minor) ||
          rs_currency_exponent (old_currency) < 0)
        return TRUE;

      decimal = rs_money_to_decimal (old_minor, old_currency);
      if (!rs_money_parse (decimal, currency, FALSE, &minor, error))
        return FALSE;
    }

  put (builder, current, "amount_minor", g_variant_new_int64 (minor));
  return TRUE;
}

GVariant *
rs_cli_sale_options_to_variant (RsCliSaleOptions  *o,
                                GVariant          *current,
                                GError           **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (o->client != NULL)
    put (&builder, current, "client", g_variant_new_string (o->client));
  if (o->service != NULL)
    put (&builder, current, "service", g_variant_new_string (o->service));
  if ((o->amount != NULL || o->currency != NULL) && !put_amount (o, &builder, current, error))
    return NULL;
  if (o->currency != NULL)
    put (&builder, current, "currency", g_variant_new_string (o->currency));
  if (o->every != NULL)
    {
      g_autofree char *period = rs_period_to_string (&o->period);
      put (&builder, current, "period", g_variant_new_string (period));
    }
  if (o->start != NULL)
    put (&builder, current, "start", g_variant_new_string (o->start));
  if (o->until != NULL)
    put (&builder, current, "until", g_variant_new_string (o->until));
  if (o->count != NULL)
    put (&builder, current, "count", g_variant_new_uint32 (o->count_value));
  if (o->term != NULL)
    {
      g_autofree char *term = rs_period_to_string (&o->term_length);
      put (&builder, current, "term", g_variant_new_string (term));
    }
  if (o->email != NULL || o->clear_email)
    put (&builder, current, "email", g_variant_new_string (o->clear_email ? "" : o->email));
  if (o->notice != NULL)
    put (&builder, current, "notice_days", g_variant_new_uint32 (o->notice_days));
  if (o->draft || o->no_draft)
    put (&builder, current, "draft", g_variant_new_boolean (o->draft));
  if (o->prepay || o->no_prepay)
    put (&builder, current, "prepay", g_variant_new_boolean (o->prepay));
  if (o->iban != NULL)
    put (&builder, current, "iban", g_variant_new_string (o->iban));
  if (o->invoice_days != NULL || o->expiry_days != NULL)
    put (&builder, current, "reminders", make_reminders (o, current));
  if (o->delivery != NULL)
    put (&builder, current, "delivery",
         g_variant_new_string (rs_delivery_to_string (o->delivery_value)));
  /* A sale without a language has no "language" key: an empty one asks for no change then. */
  if (o->language != NULL &&
      (*o->language != '\0' || current == NULL || g_variant_lookup (current, "language", "&s", NULL)))
    put (&builder, current, "language", g_variant_new_string (o->language));
  if (o->note != NULL || o->clear_note)
    put (&builder, current, "note", g_variant_new_string (o->clear_note ? "" : o->note));

  return g_variant_builder_end (&builder);
}
