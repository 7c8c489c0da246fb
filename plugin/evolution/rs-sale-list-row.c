/* rs-sale-list-row.c: one row of the Recurring Sales list, from a sale's a{sv}
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The sale is read with the core's own decoder (rs_sale_new_from_variant ()), so that the list
 * computes the next invoice and the expiry with the same date engine as the calendar.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-sale-variant.h>
#include <recurring-sales/rs-schedule.h>
#include <recurring-sales/rs-text.h>

#include "rs-sale-list-row.h"

/* Sorts after every real date (YYYY-MM-DD). */
#define NEVER_SORT_KEY "9999-99-99"

static const char *
status_label (RsSaleStatus status)
{
  /* The words of the command's `list` (the same msgids). */
  switch (status)
    {
    case RS_SALE_STATUS_ACTIVE:
      return C_("sale status", "active");
    case RS_SALE_STATUS_PAUSED:
      return C_("sale status", "paused");
    case RS_SALE_STATUS_RENEWED:
      return C_("sale status", "renewed");
    case RS_SALE_STATUS_ENDED:
    default:
      return C_("sale status", "ended");
    }
}

static guint
period_days (const RsPeriod *period)
{
  static const guint days_of_unit[] = {
    [RS_PERIOD_UNIT_DAY] = 1, [RS_PERIOD_UNIT_WEEK] = 7, [RS_PERIOD_UNIT_MONTH] = 30,
    [RS_PERIOD_UNIT_YEAR] = 365,
  };

  return period->count * ((guint) period->unit < G_N_ELEMENTS (days_of_unit) ?
                          days_of_unit[period->unit] : 1);
}

RsSaleListRow *
rs_sale_list_row_new (GVariant     *sale_dict,
                      const GDate  *today,
                      GError      **error)
{
  static RsDefaults *defaults = NULL;
  g_autoptr(RsSaleListRow) row = NULL;
  g_autoptr(RsSale) sale = NULL;
  const RsSchedule *schedule;
  GDate next, expiry;

  g_return_val_if_fail (g_variant_is_of_type (sale_dict, G_VARIANT_TYPE_VARDICT), NULL);

  /* Only what the dictionary lacks comes from here, and GetSale's has every key. */
  if (g_once_init_enter (&defaults))
    g_once_init_leave (&defaults, rs_defaults_new_builtin ());

  sale = rs_sale_new_from_variant (sale_dict, defaults, error);
  if (sale == NULL)
    return NULL;

  schedule = rs_sale_get_schedule (sale);
  row = g_new0 (RsSaleListRow, 1);
  row->uid = g_strdup (rs_sale_get_uid (sale));
  row->client = g_strdup (rs_sale_get_client_name (sale));
  row->service = g_strdup (rs_sale_get_service (sale));
  row->client_folded = rs_text_fold_for_search (row->client);
  row->service_folded = rs_text_fold_for_search (row->service);
  row->amount_minor = rs_sale_get_amount_minor (sale);
  row->currency = g_strdup (rs_sale_get_currency (sale));
  row->amount = rs_money_format (row->amount_minor, row->currency);
  row->period = rs_period_describe (&schedule->period);
  row->period_days = period_days (&schedule->period);

  if (rs_schedule_next_issue_on_or_after (schedule, today, &next, NULL))
    {
      row->next_invoice = rs_format_date (&next);
      row->next_invoice_iso = rs_date_to_iso (&next);
    }
  else
    {
      /* A dash, not an empty cell, which reads as a value that is missing. */
      row->next_invoice = g_strdup ("—");
      row->next_invoice_iso = g_strdup ("");
    }

  if (rs_schedule_expiry_date (schedule, &expiry))
    {
      row->expiry = rs_format_date (&expiry);
      row->expiry_iso = rs_date_to_iso (&expiry);
    }
  else
    {
      /* Translators: in the Expiry column of the Recurring Sales list, for an open-ended sale */
      row->expiry = g_strdup (C_("expires", "never"));
      row->expiry_iso = g_strdup (NEVER_SORT_KEY);
    }

  row->status = g_strdup (status_label (rs_sale_get_status (sale)));
  return g_steal_pointer (&row);
}

void
rs_sale_list_row_free (RsSaleListRow *row)
{
  if (row == NULL)
    return;

  g_free (row->uid);
  g_free (row->client);
  g_free (row->service);
  g_free (row->amount);
  g_free (row->currency);
  g_free (row->period);
  g_free (row->next_invoice);
  g_free (row->next_invoice_iso);
  g_free (row->expiry);
  g_free (row->expiry_iso);
  g_free (row->status);
  g_free (row->client_folded);
  g_free (row->service_folded);
  g_free (row);
}

gboolean
rs_sale_list_row_matches (const RsSaleListRow *row,
                          const char          *folded_search)
{
  if (folded_search == NULL || *folded_search == '\0')
    return TRUE;

  /* Each on its own: a search must not match across the end of the client and the start of
   * the service. */
  return strstr (row->client_folded, folded_search) != NULL ||
         strstr (row->service_folded, folded_search) != NULL;
}

gboolean
rs_sale_list_row_preview (const RsSaleListRow *row,
                          const GDate         *today,
                          const char         **out_kind,
                          const char         **out_date)
{
  char today_iso[11];

  if (*row->next_invoice_iso != '\0')
    {
      *out_kind = "invoice";
      *out_date = row->next_invoice_iso;
      return TRUE;
    }

  /* YYYY-MM-DD compares as text as the dates do. */
  rs_date_to_iso_buf (today, today_iso);
  if (!g_str_equal (row->expiry_iso, NEVER_SORT_KEY) && strcmp (row->expiry_iso, today_iso) >= 0)
    {
      *out_kind = "expiry";
      *out_date = row->expiry_iso;
      return TRUE;
    }

  return FALSE;
}
