/* rs-calendar-filter.c: what one calendar of the backend shows, from its [Recurring Sales] settings
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The client filter matches like the service's ListSales filter: the text is contained in the
 * client's name, ignoring case and Unicode composition ("acme" finds "ACME Ltd").
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "e-source-recurring-sales.h"
#include "rs-calendar-filter.h"
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-text.h>

RsCalendarFilter *
rs_calendar_filter_new_from_source (ESource *source)
{
  RsCalendarFilter *filter = g_new0 (RsCalendarFilter, 1);
  ESourceRecurringSales *extension;
  g_autoptr(RsDefaults) defaults = NULL;
  g_autofree char *client = NULL;

  g_return_val_if_fail (E_IS_SOURCE (source), filter);

  filter->show_invoices = filter->show_expiries = filter->show_notices = TRUE;
  defaults = rs_defaults_load ();
  filter->default_delivery = defaults->delivery;
  if (!e_source_has_extension (source, E_SOURCE_EXTENSION_RECURRING_SALES))
    return filter;

  extension = e_source_get_extension (source, E_SOURCE_EXTENSION_RECURRING_SALES);
  filter->show_invoices = e_source_recurring_sales_get_show_invoices (extension);
  filter->show_expiries = e_source_recurring_sales_get_show_expiries (extension);
  filter->show_notices = e_source_recurring_sales_get_show_notices (extension);

  client = e_source_recurring_sales_dup_client_filter (extension);
  if (client != NULL && *client != '\0')
    filter->client_folded = rs_text_fold_for_search (client);

  return filter;
}

RsCalendarFilter *
rs_calendar_filter_copy (const RsCalendarFilter *filter)
{
  RsCalendarFilter *copy;

  g_return_val_if_fail (filter != NULL, NULL);

  copy = g_memdup2 (filter, sizeof *filter);
  copy->client_folded = g_strdup (filter->client_folded);
  return copy;
}

void
rs_calendar_filter_free (RsCalendarFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->client_folded);
  g_free (filter);
}

gboolean
rs_calendar_filter_equal (const RsCalendarFilter *a,
                          const RsCalendarFilter *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->show_invoices == b->show_invoices &&
         a->show_expiries == b->show_expiries &&
         a->show_notices == b->show_notices &&
         a->default_delivery == b->default_delivery &&
         g_strcmp0 (a->client_folded, b->client_folded) == 0;
}

gboolean
rs_calendar_filter_accepts_sale (const RsCalendarFilter *filter,
                                 RsSale                 *sale)
{
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);

  return filter->client_folded == NULL ||
         rs_sale_client_name_matches (sale, filter->client_folded);
}

gboolean
rs_calendar_filter_accepts_kind (const RsCalendarFilter *filter,
                                 RsReminderKind          kind)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      return filter->show_invoices;
    case RS_REMINDER_KIND_EXPIRY:
      return filter->show_expiries;
    case RS_REMINDER_KIND_NOTICE:
      return filter->show_notices;
    default:
      return FALSE;
    }
}
