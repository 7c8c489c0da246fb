/* rs-service-args.c: the optional dictionaries of the D-Bus methods, read strictly
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Strict on purpose: a misspelt filter key that was silently ignored would list every sale and
 * look like an answer.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-schedule.h>
#include "rs-service-args.h"
#include "rs-dbus-errors.h"
#include <recurring-sales/rs-text.h>

/* Reads one key into the structure being filled; FALSE with @error for a bad or unknown key. */
typedef gboolean (*ReadKeyFunc) (gpointer     target,
                                 const char  *key,
                                 GVariant    *value,
                                 GError     **error);

static gboolean
read_dict (GVariant     *dict,
           ReadKeyFunc   read_key,
           gpointer      target,
           GError      **error)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) owned_value = value;

      /* a{sv} may hold a key twice, or a million times; which one would win is not obvious,
       * so none does. Only known keys are kept, so @seen stays short. */
      for (guint i = 0; i < seen->len; i++)
        {
          if (g_str_equal (g_ptr_array_index (seen, i), key))
            {
              g_autofree char *shown = rs_text_for_message (key);

              g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: %s is a key such as "client" */
                           _("The key “%s” is given more than once."), shown);
              return FALSE;
            }
        }

      if (!read_key (target, key, value, error))
        return FALSE;
      g_ptr_array_add (seen, (gpointer) key);
    }

  return TRUE;
}

static gboolean
check_type (const char          *key,
            GVariant            *value,
            const GVariantType  *type,
            GError             **error)
{
  g_autofree char *type_text = NULL;
  g_autofree char *given = NULL;

  if (g_variant_is_of_type (value, type))
    return TRUE;

  type_text = g_variant_type_dup_string (type);
  /* A type string can be long (deeply nested containers); cut it like any echoed text. */
  given = rs_text_for_message (g_variant_get_type_string (value));
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is a key such as "amount_minor"; %2$s and %3$s are D-Bus
                * type strings such as "x" and "i"; keep them as they are */
               _("The key “%1$s” must be of type %2$s, not %3$s."), key, type_text, given);
  return FALSE;
}

static gboolean
get_string (const char   *key,
            GVariant     *value,
            const char  **out_text,
            GError      **error)
{
  if (!check_type (key, value, G_VARIANT_TYPE_STRING, error))
    return FALSE;

  *out_text = g_variant_get_string (value, NULL);
  return TRUE;
}

static gboolean
set_unknown_filter_key_error (const char  *key,
                              GError     **error)
{
  g_autofree char *shown = rs_text_for_message (key);

  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is a key of a D-Bus filter dictionary */
               _("The filter key “%s” is not known."), shown);
  return FALSE;
}

/* Sale filter */

static gboolean
read_sale_filter_key (gpointer     target,
                      const char  *key,
                      GVariant    *value,
                      GError     **error)
{
  RsSaleFilter *filter = target;
  const char *text;

  if (!g_str_equal (key, "status") && !g_str_equal (key, "client") &&
      !g_str_equal (key, "currency") && !g_str_equal (key, "expiring_before"))
    return set_unknown_filter_key_error (key, error);

  if (!get_string (key, value, &text, error))
    return FALSE;

  if (g_str_equal (key, "status"))
    {
      if (!rs_sale_status_parse (text, &filter->status, error))
        return FALSE;
      filter->has_status = TRUE;
    }
  else if (g_str_equal (key, "client"))
    {
      g_free (filter->client_folded);
      filter->client_folded = rs_text_fold_for_search (text);
    }
  else if (g_str_equal (key, "currency"))
    {
      g_free (filter->currency);
      filter->currency = g_strdup (text);
    }
  else
    {
      if (!rs_date_parse (text, _("The filter date expiring_before"), &filter->expiring_before,
                          error))
        return FALSE;
      filter->has_expiring_before = TRUE;
    }

  return TRUE;
}

RsSaleFilter *
rs_sale_filter_new_from_variant (GVariant  *dict,
                                 GError   **error)
{
  g_autoptr(RsSaleFilter) filter = g_new0 (RsSaleFilter, 1);

  g_return_val_if_fail (g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT), NULL);

  if (!read_dict (dict, read_sale_filter_key, filter, error))
    return NULL;

  return g_steal_pointer (&filter);
}

gboolean
rs_sale_filter_matches (const RsSaleFilter *filter,
                        RsSale             *sale)
{
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);

  if (filter->has_status && rs_sale_get_status (sale) != filter->status)
    return FALSE;

  if (filter->currency != NULL &&
      g_ascii_strcasecmp (filter->currency, rs_sale_get_currency (sale)) != 0)
    return FALSE;

  if (filter->has_expiring_before)
    {
      GDate expiry;

      /* An open-ended sale never expires, so it never expires before anything. */
      if (!rs_schedule_expiry_date (rs_sale_get_schedule (sale), &expiry) ||
          g_date_compare (&expiry, &filter->expiring_before) > 0)
        return FALSE;
    }

  /* Last: a sale's first search folds its name. */
  return filter->client_folded == NULL ||
         rs_sale_client_name_matches (sale, filter->client_folded);
}

void
rs_sale_filter_free (RsSaleFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->client_folded);
  g_free (filter->currency);
  g_free (filter);
}

/* Agenda filter */

static gboolean
read_agenda_kinds (RsAgendaFilter  *filter,
                   GVariant        *value,
                   GError         **error)
{
  GVariantIter iter;
  const char *name;
  gsize n_kinds;

  if (!check_type ("kinds", value, G_VARIANT_TYPE_STRING_ARRAY, error))
    return FALSE;

  /* Counted before any element is read: each kind once is all a filter needs. */
  n_kinds = g_variant_n_children (value);
  if (n_kinds > RS_AGENDA_ITEM_REMINDER + 1)
    {
      g_autofree char *n_text = g_strdup_printf ("%" G_GSIZE_FORMAT, n_kinds);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %1$s is a key such as "reminders"; %2$s a number
                                 * of entries; %3$d the limit */
                                "The key “%1$s” has %2$s entry; at most %3$d are allowed.",
                                "The key “%1$s” has %2$s entries; at most %3$d are allowed.",
                                (gulong) n_kinds),
                   "kinds", n_text, (int) RS_AGENDA_ITEM_REMINDER + 1);
      return FALSE;
    }

  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "&s", &name))
    {
      RsAgendaItemKind kind;

      if (!rs_agenda_item_kind_from_string (name, &kind))
        {
          g_autofree char *shown = rs_text_for_message (name);

          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is the kind given */
                       _("The kind “%s” is not one of invoice, expiry, notice or reminder."),
                       shown);
          return FALSE;
        }
      filter->kinds |= 1u << kind;
    }

  return TRUE;
}

static gboolean
read_agenda_filter_key (gpointer     target,
                        const char  *key,
                        GVariant    *value,
                        GError     **error)
{
  RsAgendaFilter *filter = target;
  const char *text;

  if (g_str_equal (key, "kinds"))
    return read_agenda_kinds (filter, value, error);

  if (!g_str_equal (key, "client") && !g_str_equal (key, "audience"))
    return set_unknown_filter_key_error (key, error);

  if (!get_string (key, value, &text, error))
    return FALSE;

  if (g_str_equal (key, "client"))
    {
      g_free (filter->client_folded);
      filter->client_folded = rs_text_fold_for_search (text);
      return TRUE;
    }

  if (!rs_audience_parse (text, &filter->audience, error))
    return FALSE;
  filter->has_audience = TRUE;
  return TRUE;
}

RsAgendaFilter *
rs_agenda_filter_new_from_variant (GVariant  *dict,
                                   GError   **error)
{
  g_autoptr(RsAgendaFilter) filter = g_new0 (RsAgendaFilter, 1);

  g_return_val_if_fail (g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT), NULL);

  if (!read_dict (dict, read_agenda_filter_key, filter, error))
    return NULL;

  return g_steal_pointer (&filter);
}

gboolean
rs_agenda_filter_matches_sale (const RsAgendaFilter *filter,
                               RsSale               *sale)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  return filter->client_folded == NULL ||
         rs_sale_client_name_matches (sale, filter->client_folded);
}

gboolean
rs_agenda_filter_matches_item (const RsAgendaFilter *filter,
                               const RsAgendaItem   *item)
{
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  if (filter->kinds != 0 && (filter->kinds & (1u << item->kind)) == 0)
    return FALSE;

  /* The audience is a property of reminders; it leaves the other kinds alone. */
  return !filter->has_audience || item->kind != RS_AGENDA_ITEM_REMINDER ||
         item->audience == filter->audience;
}

void
rs_agenda_filter_free (RsAgendaFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->client_folded);
  g_free (filter);
}

/* Renewal terms */

static gboolean
read_renewal_key (gpointer     target,
                  const char  *key,
                  GVariant    *value,
                  GError     **error)
{
  RsRenewalTerms *terms = target;
  const char *text;

  if (g_str_equal (key, "amount_minor"))
    {
      if (!check_type (key, value, G_VARIANT_TYPE_INT64, error))
        return FALSE;
      terms->amount_minor = g_variant_get_int64 (value);
      terms->has_amount_minor = TRUE;
      return TRUE;
    }

  if (!g_str_equal (key, "term") && !g_str_equal (key, "currency") &&
      !g_str_equal (key, "service") && !g_str_equal (key, "note"))
    {
      g_autofree char *shown = rs_text_for_message (key);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a key of the renewal terms dictionary */
                   _("The renewal key “%s” is not known; use term, amount_minor, currency, "
                     "service or note."), shown);
      return FALSE;
    }

  if (!get_string (key, value, &text, error))
    return FALSE;

  if (g_str_equal (key, "term"))
    {
      if (!rs_period_parse (text, _("The new term"), &terms->term, error))
        return FALSE;
      terms->has_term = TRUE;
    }
  else if (g_str_equal (key, "currency"))
    {
      g_free (terms->currency);
      terms->currency = g_strdup (text);
    }
  else if (g_str_equal (key, "service"))
    {
      g_free (terms->service);
      terms->service = g_strdup (text);
    }
  else
    {
      g_free (terms->note);
      terms->note = g_strdup (text);
    }

  return TRUE;
}

RsRenewalTerms *
rs_renewal_terms_new_from_variant (GVariant  *dict,
                                   GError   **error)
{
  g_autoptr(RsRenewalTerms) terms = g_new0 (RsRenewalTerms, 1);

  g_return_val_if_fail (g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT), NULL);

  if (!read_dict (dict, read_renewal_key, terms, error))
    return NULL;

  return g_steal_pointer (&terms);
}

void
rs_renewal_terms_apply (const RsRenewalTerms *terms,
                        RsSale               *successor)
{
  g_return_if_fail (terms != NULL);
  g_return_if_fail (RS_IS_SALE (successor));

  if (terms->has_amount_minor)
    rs_sale_set_amount_minor (successor, terms->amount_minor);
  if (terms->currency != NULL)
    rs_sale_set_currency (successor, terms->currency);
  if (terms->service != NULL)
    rs_sale_set_service (successor, terms->service);
  if (terms->note != NULL)
    rs_sale_set_note (successor, terms->note);
}

void
rs_renewal_terms_free (RsRenewalTerms *terms)
{
  if (terms == NULL)
    return;

  g_free (terms->currency);
  g_free (terms->service);
  g_free (terms->note);
  g_free (terms);
}

/* Renewal offer */

static gboolean
read_offer_key (gpointer     target,
                const char  *key,
                GVariant    *value,
                GError     **error)
{
  RsOfferTerms *terms = target;
  const char *text;

  if (g_str_equal (key, "amount_minor"))
    {
      if (!check_type (key, value, G_VARIANT_TYPE_INT64, error))
        return FALSE;
      terms->amount_minor = g_variant_get_int64 (value);
      /* The sale keeps -1 for "none": a negative amount must be refused, never dropped. */
      if (terms->amount_minor < 0)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, terms->amount_minor);

          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is a number of minor units (cents) */
                       _("The amount of the renewal offer is %s minor units; it must not be "
                         "negative."), number);
          return FALSE;
        }
      terms->has_amount_minor = TRUE;
      return TRUE;
    }

  if (!g_str_equal (key, "note"))
    {
      g_autofree char *shown = rs_text_for_message (key);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a key of the renewal offer's dictionary */
                   _("The offer key “%s” is not known; use amount_minor or note."), shown);
      return FALSE;
    }

  if (!get_string (key, value, &text, error))
    return FALSE;
  g_free (terms->note);
  terms->note = g_strdup (text);
  return TRUE;
}

RsOfferTerms *
rs_offer_terms_new_from_variant (GVariant  *dict,
                                 GError   **error)
{
  g_autoptr(RsOfferTerms) terms = g_new0 (RsOfferTerms, 1);

  g_return_val_if_fail (g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT), NULL);

  if (!read_dict (dict, read_offer_key, terms, error))
    return NULL;

  return g_steal_pointer (&terms);
}

void
rs_offer_terms_free (RsOfferTerms *terms)
{
  if (terms == NULL)
    return;

  g_free (terms->note);
  g_free (terms);
}

/* Delivery filter */

/* Local midnight of @date (epoch seconds); the ledger's due times are instants, the filter
 * speaks of the owner's days. */
static gint64
local_midnight (const GDate *date)
{
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_get_year (date),
                                                         g_date_get_month (date),
                                                         g_date_get_day (date), 0, 0, 0);

  return g_date_time_to_unix (midnight);
}

static gboolean
read_delivery_filter_key (gpointer     target,
                          const char  *key,
                          GVariant    *value,
                          GError     **error)
{
  RsDeliveryFilter *filter = target;
  const char *text;
  GDate date;

  if (g_str_equal (key, "limit"))
    {
      guint32 limit;

      if (!check_type (key, value, G_VARIANT_TYPE_UINT32, error))
        return FALSE;
      limit = g_variant_get_uint32 (value);
      if (limit == 0 || limit > RS_DELIVERY_FILTER_MAX_LIMIT)
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %1$u is what was given, %2$u the largest accepted */
                       _("The limit %1$u is not between 1 and %2$u."),
                       limit, (guint) RS_DELIVERY_FILTER_MAX_LIMIT);
          return FALSE;
        }
      filter->limit = limit;
      return TRUE;
    }

  if (!g_str_equal (key, "uid") && !g_str_equal (key, "state") &&
      !g_str_equal (key, "from") && !g_str_equal (key, "to"))
    return set_unknown_filter_key_error (key, error);

  if (!get_string (key, value, &text, error))
    return FALSE;

  if (g_str_equal (key, "uid"))
    {
      g_free (filter->uid);
      filter->uid = g_strdup (text);
    }
  else if (g_str_equal (key, "state"))
    {
      RsDeliveryState state;

      if (!rs_delivery_state_parse (text, &state, error))
        return FALSE;
      filter->state = state;
    }
  else if (g_str_equal (key, "from"))
    {
      if (!rs_date_parse (text, _("The filter date from"), &date, error))
        return FALSE;
      filter->due_from = local_midnight (&date);
    }
  else
    {
      if (!rs_date_parse (text, _("The filter date to"), &date, error))
        return FALSE;
      /* The end of the last day is the start of the next; there is none after 9999-12-31. */
      if (g_date_get_year (&date) == 9999 && g_date_get_month (&date) == 12 &&
          g_date_get_day (&date) == 31)
        {
          filter->due_until = G_MAXINT64;
          return TRUE;
        }
      g_date_add_days (&date, 1);
      filter->due_until = local_midnight (&date) - 1;
    }

  return TRUE;
}

RsDeliveryFilter *
rs_delivery_filter_new_from_variant (GVariant  *dict,
                                     GError   **error)
{
  g_autoptr(RsDeliveryFilter) filter = g_new0 (RsDeliveryFilter, 1);

  g_return_val_if_fail (g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT), NULL);

  filter->state = -1;
  filter->due_from = 0;
  filter->due_until = G_MAXINT64;
  if (!read_dict (dict, read_delivery_filter_key, filter, error))
    return NULL;

  if (filter->due_from > filter->due_until)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The filter date from is after the filter date to."));
      return NULL;
    }

  return g_steal_pointer (&filter);
}

void
rs_delivery_filter_free (RsDeliveryFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->uid);
  g_free (filter);
}

/* ImportSales options */

static gboolean
read_import_option (gpointer     target,
                    const char  *key,
                    GVariant    *value,
                    GError     **error)
{
  RsImportOptions *options = target;

  if (!g_str_equal (key, "allow_duplicates"))
    {
      g_autofree char *shown = rs_text_for_message (key);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a key of the import options dictionary; keep
                    * allow_duplicates as it is */
                   _("The import option “%s” is not known; use allow_duplicates."), shown);
      return FALSE;
    }

  if (!check_type (key, value, G_VARIANT_TYPE_BOOLEAN, error))
    return FALSE;

  options->allow_duplicates = g_variant_get_boolean (value);
  return TRUE;
}

gboolean
rs_import_options_read (GVariant         *dict,
                        RsImportOptions  *out_options,
                        GError          **error)
{
  RsImportOptions options = { FALSE };

  g_return_val_if_fail (g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT), FALSE);

  if (!read_dict (dict, read_import_option, &options, error))
    return FALSE;

  *out_options = options;
  return TRUE;
}
