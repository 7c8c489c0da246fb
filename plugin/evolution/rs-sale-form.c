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
  form->contact_uid = g_strdup ("");
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

static const char *
label_of (RsSaleField field)
{
  return _(rs_sale_field_get_info (field)->label);
}

static char *
lookup_text (GVariant   *sale,
             RsSaleField field)
{
  const char *text = NULL;

  g_variant_lookup (sale, rs_sale_field_key (field), "&s", &text);
  return g_strdup (text != NULL ? text : "");
}

static char *
lookup_local_date (GVariant    *sale,
                   RsSaleField  field)
{
  g_autofree char *iso = lookup_text (sale, field);
  GDate date;

  if (!rs_date_parse (iso, label_of (field), &date, NULL))
    return g_steal_pointer (&iso);
  return rs_date_to_local (&date);
}

/* "120,50" in Greek, "120.50" in English: as the user types it back (rs_money_parse_local ()),
 * without the grouping, which a field being edited does not need. */
static char *
local_decimal (gint64      amount_minor,
               const char *currency)
{
  g_autofree char *plain = rs_money_to_decimal (amount_minor, currency);
  g_auto(GStrv) parts = g_strsplit (plain, ".", 2);
  RsMoneyStyle style;

  rs_money_style_from_locale (&style);
  if (parts[1] == NULL)
    return g_strdup (parts[0]);
  return g_strconcat (parts[0], style.decimal_point, parts[1], NULL);
}

/* The lead days of @kind's reminders to the owner, and whether the client gets the same. */
static char *
lead_days_of (GVariant       *reminders,
              RsReminderKind  kind,
              gboolean       *client_too)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GVariant) list = NULL;
  GVariantIter iter;
  const char *kind_text, *audience;
  guint32 lead_days;

  if (reminders != NULL)
    {
      g_variant_iter_init (&iter, reminders);
      while (g_variant_iter_next (&iter, "(&su&s)", &kind_text, &lead_days, &audience))
        {
          if (g_strcmp0 (kind_text, rs_reminder_kind_to_string (kind)) != 0)
            continue;
          if (g_strcmp0 (audience, rs_audience_to_string (RS_AUDIENCE_OWNER)) == 0)
            g_array_append_val (days, lead_days);
          else
            *client_too = TRUE;
        }
    }

  list = g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, days->data,
                                                        days->len, sizeof (guint32)));
  return rs_preferences_format_lead_days (list);
}

RsSaleForm *
rs_sale_form_new_from_variant (GVariant *sale)
{
  g_autoptr(RsSaleForm) form = rs_sale_form_new (NULL);
  g_autoptr(GVariant) reminders = g_variant_lookup_value (sale, "reminders", G_VARIANT_TYPE ("a(sus)"));
  g_autofree char *currency = lookup_text (sale, RS_SALE_FIELD_CURRENCY);
  gint64 amount_minor = 0;
  guint32 number = 0;
  gboolean flag;

  g_free (form->client);
  form->client = lookup_text (sale, RS_SALE_FIELD_CLIENT);
  g_free (form->contact_uid);
  form->contact_uid = lookup_text (sale, RS_SALE_FIELD_CONTACT_UID);
  g_free (form->email);
  form->email = lookup_text (sale, RS_SALE_FIELD_EMAIL);
  g_free (form->service);
  form->service = lookup_text (sale, RS_SALE_FIELD_SERVICE);
  g_variant_lookup (sale, rs_sale_field_key (RS_SALE_FIELD_AMOUNT), "x", &amount_minor);
  g_free (form->amount);
  form->amount = local_decimal (amount_minor, currency);
  rs_sale_form_set (&form->currency, currency);
  g_free (form->period);
  form->period = lookup_text (sale, RS_SALE_FIELD_PERIOD);
  g_free (form->start);
  form->start = lookup_local_date (sale, RS_SALE_FIELD_START);

  g_clear_pointer (&form->term, g_free);
  form->term_kind = RS_SALE_FORM_TERM_NONE;
  if (g_variant_lookup (sale, rs_sale_field_key (RS_SALE_FIELD_UNTIL), "&s", NULL))
    {
      form->term_kind = RS_SALE_FORM_TERM_UNTIL;
      form->term = lookup_local_date (sale, RS_SALE_FIELD_UNTIL);
    }
  else if (g_variant_lookup (sale, rs_sale_field_key (RS_SALE_FIELD_COUNT), "u", &number))
    {
      form->term_kind = RS_SALE_FORM_TERM_COUNT;
      form->term = g_strdup_printf ("%u", number);
    }
  else if (g_variant_lookup (sale, rs_sale_field_key (RS_SALE_FIELD_TERM), "&s", NULL))
    {
      form->term_kind = RS_SALE_FORM_TERM_LENGTH;
      form->term = lookup_text (sale, RS_SALE_FIELD_TERM);
    }
  if (form->term == NULL)
    form->term = g_strdup ("");

  number = 0;
  g_variant_lookup (sale, rs_sale_field_key (RS_SALE_FIELD_NOTICE_DAYS), "u", &number);
  g_free (form->notice_days);
  form->notice_days = number > 0 ? g_strdup_printf ("%u", number) : g_strdup ("");
  if (g_variant_lookup (sale, rs_sale_field_key (RS_SALE_FIELD_DRAFT), "b", &flag))
    form->draft = flag;
  if (g_variant_lookup (sale, rs_sale_field_key (RS_SALE_FIELD_PREPAY), "b", &flag))
    form->prepay = flag;
  g_free (form->iban);
  form->iban = lookup_text (sale, RS_SALE_FIELD_IBAN);
  if (*form->iban != '\0')
    {
      /* In groups of four, as people read it from their bank's papers. */
      g_autofree char *compact = g_steal_pointer (&form->iban);
      form->iban = rs_iban_format_print (compact);
    }

  form->remind_client = FALSE;
  g_free (form->invoice_days);
  form->invoice_days = lead_days_of (reminders, RS_REMINDER_KIND_INVOICE, &form->remind_client);
  g_free (form->expiry_days);
  form->expiry_days = lead_days_of (reminders, RS_REMINDER_KIND_EXPIRY, &form->remind_client);

  g_free (form->delivery);
  form->delivery = lookup_text (sale, RS_SALE_FIELD_DELIVERY);
  if (*form->delivery == '\0')
    rs_sale_form_set (&form->delivery, "default");
  g_free (form->language);
  form->language = lookup_text (sale, RS_SALE_FIELD_LANGUAGE);
  g_free (form->note);
  form->note = lookup_text (sale, RS_SALE_FIELD_NOTE);

  return g_steal_pointer (&form);
}

GVariant *
rs_sale_form_changes (GVariant *original,
                      GVariant *edited)
{
  static const RsSaleField terms[] = { RS_SALE_FIELD_UNTIL, RS_SALE_FIELD_COUNT, RS_SALE_FIELD_TERM };
  g_auto(GVariantBuilder) changes = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  gboolean term_changed = FALSE;
  gboolean term_given = FALSE;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, edited);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) edited_value = value;
      g_autoptr(GVariant) original_value = g_variant_lookup_value (original, key, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
        if (g_str_equal (key, rs_sale_field_key (terms[i])))
          term_given = TRUE;
      if (original_value != NULL && g_variant_equal (original_value, edited_value))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
        if (g_str_equal (key, rs_sale_field_key (terms[i])))
          term_changed = TRUE;
      g_variant_builder_add (&changes, "{sv}", key, edited_value);
    }

  /* Texts the user emptied: the form leaves them out, UpdateSale clears them with "". */
  g_variant_iter_init (&iter, original);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) original_value = value;
      g_autoptr(GVariant) edited_value = g_variant_lookup_value (edited, key, NULL);
      gboolean is_term = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
        if (g_str_equal (key, rs_sale_field_key (terms[i])))
          is_term = TRUE;
      if (edited_value != NULL || !g_variant_is_of_type (original_value, G_VARIANT_TYPE_STRING))
        continue;
      if (is_term)
        {
          /* No end any more: "term" "" makes the sale open-ended. */
          if (!term_given && !term_changed)
            {
              g_variant_builder_add (&changes, "{sv}", rs_sale_field_key (RS_SALE_FIELD_TERM),
                                     g_variant_new_string (""));
              term_changed = TRUE;
            }
          continue;
        }
      g_variant_builder_add (&changes, "{sv}", key, g_variant_new_string (""));
    }

  return g_variant_ref_sink (g_variant_builder_end (&changes));
}

void
rs_sale_form_free (RsSaleForm *form)
{
  if (form == NULL)
    return;
  g_free (form->client);
  g_free (form->contact_uid);
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
  add_text (dict, RS_SALE_FIELD_CONTACT_UID, form->contact_uid);

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
  /* Always given, "" for the user's own, so that a change back to it is a change. */
  g_variant_builder_add (dict, "{sv}", rs_sale_field_key (RS_SALE_FIELD_LANGUAGE),
                         g_variant_new_take_string (trimmed (form->language)));
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

/* The editor's period choices: the periods small businesses invoice at, in words. */
static const RsSaleFormChoice period_choices[] = {
  /* Translators: how often a sale is invoiced, in the sale editor */
  { "1m", N_("Monthly") },
  { "2m", N_("Every 2 months") },
  { "3m", N_("Every 3 months") },
  { "6m", N_("Every 6 months") },
  { "1y", N_("Yearly") },
  { "2y", N_("Every 2 years") },
  /* Translators: how often a sale is invoiced: a number of days, weeks, months or years */
  { RS_SALE_FORM_PERIOD_CUSTOM, N_("Other…") },
};

const RsSaleFormChoice *
rs_sale_form_period_choices (guint *n_choices)
{
  *n_choices = G_N_ELEMENTS (period_choices);
  return period_choices;
}

const char *
rs_sale_form_period_choice (const char   *period,
                            guint        *out_count,
                            RsPeriodUnit *out_unit)
{
  RsPeriod parsed = { 1, RS_PERIOD_UNIT_MONTH };
  g_autofree char *text = NULL;

  /* What cannot be read shows as the custom choice; Save then reports it under the field. */
  if (period == NULL || !rs_period_parse_words (period, "period", &parsed, NULL))
    {
      *out_count = 1;
      *out_unit = RS_PERIOD_UNIT_MONTH;
      return RS_SALE_FORM_PERIOD_CUSTOM;
    }

  *out_count = parsed.count;
  *out_unit = parsed.unit;
  text = rs_period_to_string (&parsed);
  for (guint i = 0; i < G_N_ELEMENTS (period_choices); i++)
    if (g_str_equal (text, period_choices[i].id))
      return period_choices[i].id;
  return RS_SALE_FORM_PERIOD_CUSTOM;
}

char *
rs_sale_form_period_text (guint        count,
                          RsPeriodUnit unit)
{
  RsPeriod period = { count, unit };

  return rs_period_to_string (&period);
}
