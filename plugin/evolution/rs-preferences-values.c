/* rs-preferences-values.c: what the Preferences page's text fields hold, as GSettings values
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The same rules as `recurring-sales settings` (plugin/cli/rs-cli-settings.c) and the readers
 * of the settings (rs_defaults_load ()): nothing is written that a reader would ignore.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-preferences-values.h"
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-reminder-rule.h>
#include <recurring-sales/rs-sale.h>

/* A new sale takes the invoice's and the expiry's lead days together: each list at most half. */
#define MAX_LEAD_DAYS_PER_KIND (RS_SALE_MAX_REMINDERS / 2)

GVariant *
rs_preferences_parse_lead_days (const char  *text,
                                GError     **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_auto(GStrv) parts = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*trimmed == '\0')
    return g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, NULL, 0, sizeof (guint32));

  parts = g_strsplit (trimmed, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 value;
      guint32 day;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, RS_REMINDER_MAX_LEAD_DAYS,
                                       &value, NULL))
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: in Evolution's Preferences, under a field of reminder
                        * days; %d is the largest number of days */
                       _("Give whole numbers of days from 0 to %d, separated by commas, like 30, 7."),
                       RS_REMINDER_MAX_LEAD_DAYS);
          return NULL;
        }

      day = (guint32) value;
      for (guint j = 0; j < days->len; j++)
        if (g_array_index (days, guint32, j) == day)
          {
            g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                         /* Translators: in Evolution's Preferences, under a field of reminder
                          * days; %u is a number of days */
                         _("%u is given twice; give each day once."), day);
            return NULL;
          }
      g_array_append_val (days, day);
    }

  if (days->len > MAX_LEAD_DAYS_PER_KIND)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: in Evolution's Preferences, under a field of reminder days */
                   g_dngettext (GETTEXT_PACKAGE, "Give at most %u day.", "Give at most %u days.",
                                MAX_LEAD_DAYS_PER_KIND),
                   MAX_LEAD_DAYS_PER_KIND);
      return NULL;
    }

  return g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, days->data, days->len,
                                    sizeof (guint32));
}

char *
rs_preferences_format_lead_days (GVariant *days)
{
  gsize n_days = 0;
  const guint32 *values;
  GString *text;

  g_return_val_if_fail (g_variant_is_of_type (days, G_VARIANT_TYPE ("au")), g_strdup (""));

  text = g_string_new (NULL);
  values = g_variant_get_fixed_array (days, &n_days, sizeof (guint32));
  for (gsize i = 0; i < n_days; i++)
    g_string_append_printf (text, i > 0 ? ", %u" : "%u", values[i]);

  return g_string_free (text, FALSE);
}

GVariant *
rs_preferences_parse_time (const char  *text,
                           GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (!rs_parse_time_of_day (trimmed, NULL, error))
    return NULL;

  return g_variant_new_string (trimmed);
}

GVariant *
rs_preferences_parse_business_name (const char  *text,
                                    GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The business name must be one line, without tabs or other control characters."));
      return NULL;
    }

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        {
          g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                               _("The business name must be one line, without tabs or other control characters."));
          return NULL;
        }
    }

  if (g_utf8_strlen (name, -1) > RS_PREFERENCES_MAX_BUSINESS_NAME_CHARS)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d is a number of characters */
                   _("The business name is longer than %d characters."),
                   RS_PREFERENCES_MAX_BUSINESS_NAME_CHARS);
      return NULL;
    }

  return g_variant_new_string (name);
}

GVariant *
rs_preferences_parse_addresses (const char  *text,
                                GError     **error)
{
  g_auto(GStrv) addresses = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*trimmed == '\0')
    return g_variant_new_strv (NULL, 0);

  /* The same sentences as `recurring-sales settings team-addresses`. */
  addresses = rs_email_parse_list (trimmed, RS_SALE_MAX_TEAM, error);
  if (addresses == NULL)
    return NULL;
  return g_variant_new_strv ((const char * const *) addresses, -1);
}

char *
rs_preferences_format_addresses (GVariant *addresses)
{
  g_autofree const char **strv = NULL;

  g_return_val_if_fail (g_variant_is_of_type (addresses, G_VARIANT_TYPE_STRING_ARRAY),
                        g_strdup (""));

  strv = g_variant_get_strv (addresses, NULL);
  return g_strjoinv (", ", (char **) strv);
}

guint
rs_preferences_seconds_to_minutes (guint32 seconds)
{
  return seconds / 60 + (seconds % 60 != 0 ? 1 : 0);
}
