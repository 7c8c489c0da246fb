/* rs-cli-values.c: numbers, amounts, lead days and dates as the user types them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-reminder-rule.h>
#include <recurring-sales/rs-sale-fields.h>

gboolean
rs_cli_parse_uint (const char  *text,
                   const char  *option,
                   guint        min,
                   guint        max,
                   guint       *out_value,
                   GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      g_autofree char *shown = rs_cli_shown (text);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is an option such as --notice, %2$s what was given,
                    * %3$u and %4$u the limits */
                   _("The value “%2$s” of %1$s is not a whole number from %3$u to %4$u."),
                   option, shown, min, max);
      return FALSE;
    }

  *out_value = (guint) value;
  return TRUE;
}

gboolean
rs_cli_parse_amount (const char  *text,
                     const char  *currency,
                     gint64      *out_minor,
                     GError     **error)
{
  /* As the user's locale writes amounts ("1.234,56" in Greek), or plainly ("1234.56",
   * "1234,56"); what could mean two amounts is refused. */
  return rs_money_parse_local (text, currency, NULL, out_minor, error);
}

GArray *
rs_cli_parse_lead_days (const char  *text,
                        const char  *option,
                        GError     **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, RS_REMINDER_MAX_LEAD_DAYS,
                                       &value, NULL))
        {
          g_autofree char *shown = rs_cli_shown (text);

          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %1$s is what was given, %2$s an option such as
                        * --remind-invoice, %3$d the largest number of days */
                       _("The reminder days “%1$s” given with %2$s must be whole numbers from 0 to %3$d, separated by commas, like 30,7."),
                       shown, option, RS_REMINDER_MAX_LEAD_DAYS);
          return NULL;
        }

      g_array_append_vals (days, &(guint) { (guint) value }, 1);
    }

  if (days->len == 0)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is an option such as --remind-invoice, %2$d the largest
                    * number of days */
                   _("Give %1$s the days before, from 0 to %2$d, separated by commas, like 30,7."),
                   option, RS_REMINDER_MAX_LEAD_DAYS);
      return NULL;
    }

  return g_steal_pointer (&days);
}

gboolean
rs_cli_schedule_from_dict (GVariant   *dict,
                           RsSchedule *out_schedule)
{
  RsSchedule schedule = { 0 };
  const char *text;
  guint32 number;

  /* The keys stand for the fields in the errors, which are not shown: a GetSale answer has
   * nothing wrong with it. */
  if (!g_variant_lookup (dict, rs_sale_field_key (RS_SALE_FIELD_START), "&s", &text) ||
      !rs_date_parse (text, rs_sale_field_key (RS_SALE_FIELD_START), &schedule.start, NULL) ||
      !g_variant_lookup (dict, rs_sale_field_key (RS_SALE_FIELD_PERIOD), "&s", &text) ||
      !rs_period_parse (text, rs_sale_field_key (RS_SALE_FIELD_PERIOD), &schedule.period, NULL))
    return FALSE;

  if (g_variant_lookup (dict, rs_sale_field_key (RS_SALE_FIELD_ANCHOR_DAY), "u", &number))
    schedule.anchor_day = number;

  if (g_variant_lookup (dict, rs_sale_field_key (RS_SALE_FIELD_UNTIL), "&s", &text))
    {
      schedule.term_kind = RS_TERM_UNTIL;
      if (!rs_date_parse (text, rs_sale_field_key (RS_SALE_FIELD_UNTIL), &schedule.until, NULL))
        return FALSE;
    }
  else if (g_variant_lookup (dict, rs_sale_field_key (RS_SALE_FIELD_COUNT), "u", &number))
    {
      schedule.term_kind = RS_TERM_COUNT;
      schedule.count = number;
    }
  else if (g_variant_lookup (dict, rs_sale_field_key (RS_SALE_FIELD_TERM), "&s", &text) &&
           *text != '\0')
    {
      schedule.term_kind = RS_TERM_LENGTH;
      if (!rs_period_parse (text, rs_sale_field_key (RS_SALE_FIELD_TERM), &schedule.term_length,
                            NULL))
        return FALSE;
    }
  else
    {
      schedule.term_kind = RS_TERM_OPEN;
    }

  if (!rs_schedule_validate (&schedule, NULL))
    return FALSE;

  *out_schedule = schedule;
  return TRUE;
}

char *
rs_cli_format_iso_date (const char *iso)
{
  GDate date;

  if (iso == NULL)
    return g_strdup ("");

  if (!rs_date_parse (iso, "date", &date, NULL))
    return g_strdup (iso);

  return rs_format_date (&date);
}

char *
rs_cli_format_amount (GVariant *dict)
{
  const char *currency = NULL;
  gint64 amount_minor;

  if (!g_variant_lookup (dict, rs_sale_field_key (RS_SALE_FIELD_CURRENCY), "&s", &currency) ||
      !g_variant_lookup (dict, rs_sale_field_key (RS_SALE_FIELD_AMOUNT), "x", &amount_minor) ||
      rs_currency_exponent (currency) < 0)
    return NULL;

  return rs_money_format (amount_minor, currency);
}

char *
rs_cli_format_date_time (GDateTime *time)
{
  g_autofree char *day = NULL;
  g_autofree char *clock = g_date_time_format (time, "%H:%M");
  GDate date;

  rs_date_set_date_time (&date, time);
  day = rs_format_date (&date);
  return g_strdup_printf ("%s %s", day, clock);
}

const char *
rs_cli_status_label (const char *status)
{
  RsSaleStatus value;

  if (!rs_sale_status_from_string (status, &value))
    return status != NULL ? status : "";

  switch (value)
    {
    case RS_SALE_STATUS_ACTIVE:
      /* Translators: the status of a sale, in `list` and `show` */
      return C_("sale status", "active");
    case RS_SALE_STATUS_PAUSED:
      /* Translators: the status of a sale: it sends no reminders */
      return C_("sale status", "paused");
    case RS_SALE_STATUS_RENEWED:
      /* Translators: the status of a sale: a successor continues it */
      return C_("sale status", "renewed");
    case RS_SALE_STATUS_ENDED:
    default:
      /* Translators: the status of a sale: the client will not renew */
      return C_("sale status", "ended");
    }
}

const char *
rs_cli_reminder_kind_label (const char *kind_text,
                            gboolean    brief)
{
  RsReminderKind kind;

  if (!rs_reminder_kind_from_string (kind_text, &kind))
    return kind_text != NULL ? kind_text : "";

  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      /* Translators: what a reminder is about */
      return C_("reminder", "invoice");
    case RS_REMINDER_KIND_EXPIRY:
      /* Translators: what a reminder is about */
      return C_("reminder", "expiry");
    case RS_REMINDER_KIND_NOTICE:
    default:
      if (brief)
        /* Translators: the Kind column of `recurring-sales deliveries` (keep it short): a
         * client reminder about the notice deadline */
        return C_("reminder", "notice");
      /* Translators: what a reminder is about */
      return C_("reminder", "notice deadline");
    }
}
