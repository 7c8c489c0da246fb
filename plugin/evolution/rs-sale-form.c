/* rs-sale-form.c: the sale editor's fields, as a person fills them in, and AddSale's a{sv}
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each field is read as the command reads what people type (local dates and amounts, period
 * words), with the sentences that name the field; then the whole dictionary is decoded and
 * validated by the core, as the service will, so that the dialog refuses exactly what the
 * service would refuse, in its words.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-preferences-values.h"
#include "rs-sale-form.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-language.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-sale-variant.h>
#include <recurring-sales/rs-types.h>

RsSaleForm *
rs_sale_form_new (const RsDefaults *defaults)
{
  g_autoptr(RsDefaults) builtin = defaults == NULL ? rs_defaults_new_builtin () : NULL;
  RsSaleForm *form = g_new0 (RsSaleForm, 1);
  GDate today;
  g_autoptr(GVariant) invoice_days = NULL;
  g_autoptr(GVariant) expiry_days = NULL;

  if (defaults == NULL)
    defaults = builtin;

  rs_date_set_today (&today);
  invoice_days = g_variant_ref_sink (g_variant_new_fixed_array (
    G_VARIANT_TYPE_UINT32, defaults->invoice_lead_days->data, defaults->invoice_lead_days->len,
    sizeof (guint32)));
  expiry_days = g_variant_ref_sink (g_variant_new_fixed_array (
    G_VARIANT_TYPE_UINT32, defaults->expiry_lead_days->data, defaults->expiry_lead_days->len,
    sizeof (guint32)));

  form->client = g_strdup ("");
  form->email = g_strdup ("");
  form->service = g_strdup ("");
  form->amount = g_strdup ("");
  form->currency = g_strdup ("EUR");
  form->period = g_strdup ("1m");
  form->start = rs_date_to_local (&today);
  form->term_kind = RS_SALE_FORM_TERM_LENGTH;
  form->term = g_strdup ("1y");
  form->notice_days = defaults->notice_days > 0 ? g_strdup_printf ("%d", defaults->notice_days)
                                                : g_strdup ("");
  form->draft = defaults->draft;
  form->iban = g_strdup ("");
  form->invoice_days = rs_preferences_format_lead_days (invoice_days);
  form->expiry_days = rs_preferences_format_lead_days (expiry_days);
  form->delivery = g_strdup ("default");
  form->language = g_strdup ("");
  form->note = g_strdup ("");
  return form;
}

void
rs_sale_form_free (RsSaleForm *form)
{
  if (form == NULL)
    return;
  g_free (form->client);
  g_free (form->email);
  g_free (form->service);
  g_free (form->amount);
  g_free (form->currency);
  g_free (form->period);
  g_free (form->start);
  g_free (form->term);
  g_free (form->notice_days);
  g_free (form->iban);
  g_free (form->invoice_days);
  g_free (form->expiry_days);
  g_free (form->delivery);
  g_free (form->language);
  g_free (form->note);
  g_free (form);
}

void
rs_sale_form_set (char       **member,
                  const char  *text)
{
  g_free (*member);
  *member = g_strdup (text != NULL ? text : "");
}

static const char *
label_of (RsSaleField field)
{
  return _(rs_sale_field_get_info (field)->label);
}

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

static void
add_text (GVariantBuilder *dict,
          RsSaleField      field,
          const char      *text)
{
  g_autofree char *value = trimmed (text);

  if (*value != '\0')
    g_variant_builder_add (dict, "{sv}", rs_sale_field_key (field), g_variant_new_string (value));
}

static gboolean
add_date (GVariantBuilder  *dict,
          RsSaleField       field,
          const char       *text,
          GError          **error)
{
  g_autofree char *value = trimmed (text);
  GDate date;
  char iso[11];

  if (!rs_date_parse_local (value, label_of (field), NULL, &date, error))
    return FALSE;
  rs_date_to_iso_buf (&date, iso);
  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (field), g_variant_new_string (iso));
  return TRUE;
}

static gboolean
add_period (GVariantBuilder  *dict,
            RsSaleField       field,
            const char       *text,
            GError          **error)
{
  g_autofree char *value = trimmed (text);
  g_autofree char *short_form = NULL;
  RsPeriod period;

  if (!rs_period_parse_words (value, label_of (field), &period, error))
    return FALSE;
  short_form = rs_period_to_string (&period);
  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (field), g_variant_new_string (short_form));
  return TRUE;
}

static gboolean
parse_number (const char  *text,
              RsSaleField  field,
              guint32     *out_number,
              GError     **error)
{
  const RsSaleFieldInfo *info = rs_sale_field_get_info (field);
  g_autofree char *value = trimmed (text);
  guint64 number;

  if (!g_ascii_string_to_unsigned (value, 10, info->min, info->max, &number, NULL))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: in the sale editor, under a field of a number; %1$s is what
                    * was typed, %2$d and %3$d the smallest and the largest number */
                   _("“%1$s” is not a whole number from %2$d to %3$d."),
                   value, (int) info->min, (int) info->max);
      return FALSE;
    }
  *out_number = (guint32) number;
  return TRUE;
}

static gboolean
add_term (GVariantBuilder   *dict,
          const RsSaleForm  *form,
          RsSaleField       *out_field,
          GError           **error)
{
  guint32 count;

  switch (form->term_kind)
    {
    case RS_SALE_FORM_TERM_UNTIL:
      *out_field = RS_SALE_FIELD_UNTIL;
      return add_date (dict, RS_SALE_FIELD_UNTIL, form->term, error);
    case RS_SALE_FORM_TERM_COUNT:
      *out_field = RS_SALE_FIELD_COUNT;
      if (!parse_number (form->term, RS_SALE_FIELD_COUNT, &count, error))
        return FALSE;
      g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_COUNT),
                             g_variant_new_uint32 (count));
      return TRUE;
    case RS_SALE_FORM_TERM_LENGTH:
      *out_field = RS_SALE_FIELD_TERM;
      return add_period (dict, RS_SALE_FIELD_TERM, form->term, error);
    case RS_SALE_FORM_TERM_NONE:
    default:
      return TRUE;
    }
}

/* Reminders to you (and with @form->remind_client to the client too) @days before each
 * occurrence of @kind. */
static gboolean
add_reminders_of_kind (GVariantBuilder   *reminders,
                       const RsSaleForm  *form,
                       const char        *days_text,
                       RsReminderKind     kind,
                       GError           **error)
{
  g_autoptr(GVariant) days = rs_preferences_parse_lead_days (days_text, error);
  const guint32 *values;
  gsize n_days;

  if (days == NULL)
    return FALSE;
  g_variant_ref_sink (days);
  values = g_variant_get_fixed_array (days, &n_days, sizeof (guint32));
  for (gsize i = 0; i < n_days; i++)
    {
      g_variant_builder_add (reminders, "(sus)", rs_reminder_kind_to_string (kind), values[i],
                             rs_audience_to_string (RS_AUDIENCE_OWNER));
      if (form->remind_client)
        g_variant_builder_add (reminders, "(sus)", rs_reminder_kind_to_string (kind), values[i],
                               rs_audience_to_string (RS_AUDIENCE_CLIENT));
    }
  return TRUE;
}

/* The fields a person fills in, in the order of the form (the order rs_sale_validate () checks
 * them in), each read on its own. */
static gboolean
build_dict (const RsSaleForm  *form,
            GVariantBuilder   *dict,
            RsSaleField       *out_field,
            GError           **error)
{
  g_autofree char *email = trimmed (form->email);
  g_autofree char *currency_typed = trimmed (form->currency);
  g_autofree char *currency = g_ascii_strup (currency_typed, -1);
  g_autofree char *amount = trimmed (form->amount);
  g_autofree char *notice = trimmed (form->notice_days);
  g_autofree char *iban = trimmed (form->iban);
  g_auto(GVariantBuilder) reminders = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(sus)"));
  gint64 amount_minor;
  guint32 notice_days = 0;

  /* Given even when empty: the core's validation then says that it is needed. */
  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_CLIENT),
                         g_variant_new_take_string (trimmed (form->client)));

  *out_field = RS_SALE_FIELD_EMAIL;
  if (*email != '\0' && !rs_email_validate (email, error))
    return FALSE;
  add_text (dict, RS_SALE_FIELD_EMAIL, email);
  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_SERVICE),
                         g_variant_new_take_string (trimmed (form->service)));

  *out_field = RS_SALE_FIELD_CURRENCY;
  if (!rs_currency_validate (currency, error))
    return FALSE;
  *out_field = RS_SALE_FIELD_AMOUNT;
  if (!rs_money_parse_local (amount, currency, NULL, &amount_minor, error))
    return FALSE;
  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_AMOUNT),
                         g_variant_new_int64 (amount_minor));
  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_CURRENCY),
                         g_variant_new_string (currency));

  *out_field = RS_SALE_FIELD_PERIOD;
  if (!add_period (dict, RS_SALE_FIELD_PERIOD, form->period, error))
    return FALSE;
  *out_field = RS_SALE_FIELD_START;
  if (!add_date (dict, RS_SALE_FIELD_START, form->start, error))
    return FALSE;
  if (!add_term (dict, form, out_field, error))
    return FALSE;

  *out_field = RS_SALE_FIELD_NOTICE_DAYS;
  if (*notice != '\0' && g_strcmp0 (notice, "0") != 0 &&
      !parse_number (notice, RS_SALE_FIELD_NOTICE_DAYS, &notice_days, error))
    return FALSE;
  /* 0 says "none" explicitly, so that the default notice period is not applied. */
  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_NOTICE_DAYS),
                         g_variant_new_uint32 (notice_days));

  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_DRAFT),
                         g_variant_new_boolean (form->draft));
  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_PREPAY),
                         g_variant_new_boolean (form->prepay));

  *out_field = RS_SALE_FIELD_IBAN;
  if (*iban != '\0' && !rs_iban_validate (iban, NULL, error))
    return FALSE;
  add_text (dict, RS_SALE_FIELD_IBAN, iban);

  *out_field = RS_SALE_FIELD_REMIND_INVOICE;
  if (!add_reminders_of_kind (&reminders, form, form->invoice_days, RS_REMINDER_KIND_INVOICE, error))
    return FALSE;
  *out_field = RS_SALE_FIELD_REMIND_EXPIRY;
  if (!add_reminders_of_kind (&reminders, form, form->expiry_days, RS_REMINDER_KIND_EXPIRY, error))
    return FALSE;
  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_REMINDERS),
                         g_variant_builder_end (&reminders));

  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_DELIVERY),
                         g_variant_new_string (form->delivery != NULL ? form->delivery : "default"));
  *out_field = RS_SALE_FIELD_LANGUAGE;
  if (!rs_language_check (form->language, error))
    return FALSE;
  add_text (dict, RS_SALE_FIELD_LANGUAGE, form->language);
  add_text (dict, RS_SALE_FIELD_NOTE, form->note);

  *out_field = RS_SALE_FIELD_NONE;
  return TRUE;
}

GVariant *
rs_sale_form_to_variant (const RsSaleForm  *form,
                         const RsDefaults  *defaults,
                         RsSaleField       *out_field,
                         GError           **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(RsSale) sale = NULL;
  RsSaleField field = RS_SALE_FIELD_NONE;

  if (!build_dict (form, &builder, &field, error))
    {
      if (out_field != NULL)
        *out_field = field;
      return NULL;
    }

  dict = g_variant_ref_sink (g_variant_builder_end (&builder));
  /* What the service will do with it: the same decoding and validation, the same sentences.
   * What is left concerns the sale as a whole, or a required field left empty. */
  sale = rs_sale_new_from_variant (dict, defaults, error);
  if (sale == NULL)
    {
      g_autofree char *client = trimmed (form->client);
      g_autofree char *service = trimmed (form->service);

      /* rs_sale_validate () checks the client first and the service after the e-mail, which
       * was checked above: an empty one is what it reports. */
      if (out_field != NULL)
        *out_field = *client == '\0' ? RS_SALE_FIELD_CLIENT
                   : *service == '\0' ? RS_SALE_FIELD_SERVICE
                   : RS_SALE_FIELD_NONE;
      return NULL;
    }

  if (out_field != NULL)
    *out_field = RS_SALE_FIELD_NONE;
  return g_steal_pointer (&dict);
}
