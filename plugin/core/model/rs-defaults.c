/* rs-defaults.c: the user's defaults for new sales (GSettings io.github.recurring_sales)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

#include <string.h>

#define BUILTIN_DELIVERY      RS_DELIVERY_DRAFT
#define BUILTIN_CATCH_UP_DAYS 3

/* The lead days of a setting, without duplicates or out-of-range values and at most as many as
 * a sale may have: a bad setting must not make every new sale fail validation. */
static GArray *
lead_days_array (const guint *values,
                 gsize        n_values)
{
  GArray *array = g_array_sized_new (FALSE, FALSE, sizeof (guint), (guint) MIN (n_values, RS_SALE_MAX_REMINDERS));

  for (gsize i = 0; i < n_values && array->len < RS_SALE_MAX_REMINDERS / 2; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < array->len && !seen; j++)
        seen = g_array_index (array, guint, j) == values[i];

      if (seen || values[i] > RS_REMINDER_MAX_LEAD_DAYS)
        {
          g_warning ("Ignoring the reminder lead time %u in the settings: it is repeated or above %d days.",
                     values[i], RS_REMINDER_MAX_LEAD_DAYS);
          continue;
        }
      g_array_append_val (array, values[i]);
    }

  return array;
}

RsDefaults *
rs_defaults_new_builtin (void)
{
  static const guint invoice[] = { 7 };
  static const guint expiry[] = { 30, 7 };
  static const guint notice[] = { 7 };
  RsDefaults *defaults = g_new0 (RsDefaults, 1);

  defaults->invoice_lead_days = lead_days_array (invoice, G_N_ELEMENTS (invoice));
  defaults->expiry_lead_days = lead_days_array (expiry, G_N_ELEMENTS (expiry));
  defaults->notice_lead_days = lead_days_array (notice, G_N_ELEMENTS (notice));
  defaults->reminder_minutes = RS_SALE_DEFAULT_REMINDER_MINUTES;
  defaults->draft = TRUE;
  defaults->notice_days = -1;
  /* Drafts: nothing reaches a client before the owner has seen it. */
  defaults->delivery = BUILTIN_DELIVERY;
  defaults->catch_up_days = BUILTIN_CATCH_UP_DAYS;
  defaults->business_name = NULL;
  defaults->team_addresses = g_new0 (char *, 1);
  /* A note to the owner's own people needs nobody's approval. */
  defaults->team_delivery = RS_DELIVERY_SEND;
  return defaults;
}

/* The client reminder settings. Each key is looked up first: a schema installed by an older
 * version lacks them, and GSettings aborts on a key its schema does not have. */
static void
read_client_settings (RsDefaults      *defaults,
                      GSettings       *settings,
                      GSettingsSchema *schema)
{
  if (g_settings_schema_has_key (schema, "client-delivery"))
    {
      g_autofree char *text = g_settings_get_string (settings, "client-delivery");
      RsDelivery delivery;

      /* "default" would point back at this very setting. */
      if (rs_delivery_from_string (text, &delivery) && delivery != RS_DELIVERY_DEFAULT)
        defaults->delivery = delivery;
      else
        g_warning ("Ignoring the client-delivery setting “%s”: it is not draft, send or off.", text);
    }

  if (g_settings_schema_has_key (schema, "catch-up-days"))
    defaults->catch_up_days = g_settings_get_uint (settings, "catch-up-days");

  if (g_settings_schema_has_key (schema, "business-name"))
    {
      g_autofree char *name = g_settings_get_string (settings, "business-name");

      g_strstrip (name);
      if (*name != '\0')
        defaults->business_name = g_steal_pointer (&name);
    }
}

/* The team settings, in their own keys (a schema without them keeps the built-in values). An
 * address that is not valid is left out with a warning, rather than losing the team's whole
 * reminder: `recurring-sales settings` refuses one, but dconf-editor does not. */
static void
read_team_settings (RsDefaults      *defaults,
                    GSettings       *settings,
                    GSettingsSchema *schema)
{
  if (g_settings_schema_has_key (schema, "team-addresses"))
    {
      g_auto(GStrv) given = g_settings_get_strv (settings, "team-addresses");
      g_autoptr(GPtrArray) valid = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; given[i] != NULL && valid->len < RS_SALE_MAX_TEAM; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *address = g_strstrip (g_strdup (given[i]));

          if (rs_email_validate (address, &error))
            g_ptr_array_add (valid, g_steal_pointer (&address));
          else
            g_warning ("Ignoring “%s” in the team-addresses setting: %s", given[i], error->message);
        }
      g_ptr_array_add (valid, NULL);
      g_strfreev (defaults->team_addresses);
      defaults->team_addresses = (char **) g_ptr_array_free (g_steal_pointer (&valid), FALSE);
    }

  if (g_settings_schema_has_key (schema, "team-delivery"))
    {
      g_autofree char *text = g_settings_get_string (settings, "team-delivery");
      RsDelivery delivery;

      if (rs_delivery_from_string (text, &delivery) && delivery != RS_DELIVERY_DEFAULT)
        defaults->team_delivery = delivery;
      else
        g_warning ("Ignoring the team-delivery setting “%s”: it is not send, draft or off.", text);
    }
}

static GArray *
read_lead_days (GSettings  *settings,
                const char *key)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, key);
  gsize n_values = 0;
  const guint32 *values = g_variant_get_fixed_array (value, &n_values, sizeof (guint32));

  return lead_days_array (values, n_values);
}

GSettingsSchema *
rs_defaults_lookup_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  if (source == NULL)
    return NULL;

  return g_settings_schema_source_lookup (source, RS_SETTINGS_SCHEMA_ID, TRUE);
}

RsDefaults *
rs_defaults_load (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *time_text = NULL;
  RsDefaults *defaults;
  guint minutes;
  guint notice_days;

  defaults = rs_defaults_new_builtin ();
  schema = rs_defaults_lookup_schema ();
  if (schema == NULL)
    return defaults;

  settings = g_settings_new_full (schema, NULL, NULL);

  g_array_unref (defaults->invoice_lead_days);
  g_array_unref (defaults->expiry_lead_days);
  g_array_unref (defaults->notice_lead_days);
  defaults->invoice_lead_days = read_lead_days (settings, "invoice-lead-days");
  defaults->expiry_lead_days = read_lead_days (settings, "expiry-lead-days");
  defaults->notice_lead_days = read_lead_days (settings, "notice-lead-days");
  defaults->draft = g_settings_get_boolean (settings, "draft-by-default");

  time_text = g_settings_get_string (settings, "reminder-time");
  if (rs_parse_time_of_day (time_text, &minutes, NULL))
    defaults->reminder_minutes = minutes;
  else
    g_warning ("Ignoring the reminder-time setting “%s”: it is not HH:MM.", time_text);

  notice_days = g_settings_get_uint (settings, "notice-days");
  defaults->notice_days = notice_days > 0 ? (int) notice_days : -1;

  read_client_settings (defaults, settings, schema);
  read_team_settings (defaults, settings, schema);
  return defaults;
}

void
rs_defaults_free (RsDefaults *defaults)
{
  if (defaults == NULL)
    return;

  g_clear_pointer (&defaults->invoice_lead_days, g_array_unref);
  g_clear_pointer (&defaults->expiry_lead_days, g_array_unref);
  g_clear_pointer (&defaults->notice_lead_days, g_array_unref);
  g_clear_pointer (&defaults->business_name, g_free);
  g_clear_pointer (&defaults->team_addresses, g_strfreev);
  g_free (defaults);
}

static void
add_rules (RsSale         *sale,
           RsReminderKind  kind,
           GArray         *lead_days)
{
  for (guint i = 0; i < lead_days->len; i++)
    rs_sale_add_reminder (sale, kind, g_array_index (lead_days, guint, i), RS_AUDIENCE_OWNER);
}

RsSale *
rs_defaults_new_sale (const RsDefaults *defaults)
{
  RsSale *sale;

  g_return_val_if_fail (defaults != NULL, NULL);

  sale = rs_sale_new ();
  rs_sale_set_draft (sale, defaults->draft);
  rs_sale_set_reminder_minutes (sale, defaults->reminder_minutes);
  /* defaults->delivery is not copied: the sale keeps RS_DELIVERY_DEFAULT and follows the
   * setting, so that changing the setting later changes every sale that did not choose. */
  /* Expiry and notice rules are added by the caller once it knows the term (an open-ended
   * sale has nothing to expire); see rs_defaults_apply_term_reminders(). */
  add_rules (sale, RS_REMINDER_KIND_INVOICE, defaults->invoice_lead_days);
  return sale;
}

void
rs_defaults_apply_term_reminders (const RsDefaults *defaults,
                                  RsSale           *sale)
{
  GDate date;

  g_return_if_fail (defaults != NULL);
  g_return_if_fail (RS_IS_SALE (sale));

  if (!rs_schedule_expiry_date (rs_sale_get_schedule (sale), &date))
    return;

  add_rules (sale, RS_REMINDER_KIND_EXPIRY, defaults->expiry_lead_days);

  /* The default notice period applies where it fits inside the term. */
  if (rs_sale_get_notice_days (sale) < 0 && defaults->notice_days > 0 &&
      rs_schedule_notice_deadline (rs_sale_get_schedule (sale), (guint) defaults->notice_days, &date, NULL))
    rs_sale_set_notice_days (sale, defaults->notice_days);

  if (rs_sale_get_notice_deadline (sale, &date))
    add_rules (sale, RS_REMINDER_KIND_NOTICE, defaults->notice_lead_days);
}

gboolean
rs_parse_time_of_day (const char  *text,
                      guint       *out_minutes,
                      GError     **error)
{
  guint hours, minutes;

  if (text == NULL || strlen (text) != 5 || text[2] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]) ||
      (hours = (guint) (text[0] - '0') * 10 + (guint) (text[1] - '0')) > 23 ||
      (minutes = (guint) (text[3] - '0') * 10 + (guint) (text[4] - '0')) > 59)
    {
      g_autofree char *shown = rs_text_for_message (text);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what was given */
                   _("The reminder time “%s” is not a time of day; write it as HH:MM, like 09:00."), shown);
      return FALSE;
    }

  if (out_minutes != NULL)
    *out_minutes = hours * 60 + minutes;
  return TRUE;
}
