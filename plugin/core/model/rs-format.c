/* rs-format.c: dates and texts for people, in their language
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-money.h>

void
rs_i18n_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const char *localedir = g_getenv ("RS_LOCALEDIR");

      bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&initialized, 1);
    }
}

char *
rs_format_date (const GDate *date)
{
  /* The form lives with the date parser, which reads it back from what people type, and
   * which the model's own error sentences use without depending on the sale. */
  return rs_date_to_local (date);
}

/* Single-line text for a summary: whatever slipped through (a line break in an imported name)
 * must not break the calendar's one-line views. */
static char *
one_line (const char *text)
{
  char *copy = g_utf8_make_valid (text != NULL ? text : "", -1);

  for (char *p = copy; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';

  return copy;
}

static char *
invoice_summary (RsSale   *sale,
                 gboolean  draft)
{
  g_autofree char *client = one_line (rs_sale_get_client_name (sale));
  g_autofree char *service = one_line (rs_sale_get_service (sale));
  g_autofree char *amount = rs_money_format (rs_sale_get_amount_minor (sale), rs_sale_get_currency (sale));

  if (amount == NULL)
    amount = g_strdup ("?");

  if (draft)
    /* Translators: a calendar event; %1$s the client, %2$s the service, %3$s the amount */
    return g_strdup_printf (_("Draft invoice to %1$s: %2$s (%3$s)"), client, service, amount);

  /* Translators: a calendar event; %1$s the client, %2$s the service, %3$s the amount */
  return g_strdup_printf (_("Invoice to %1$s: %2$s (%3$s)"), client, service, amount);
}

char *
rs_format_invoice_summary (RsSale *sale)
{
  g_return_val_if_fail (RS_IS_SALE (sale), NULL);

  return invoice_summary (sale, rs_sale_get_draft (sale));
}

char *
rs_format_issued_invoice_summary (RsSale *sale)
{
  g_return_val_if_fail (RS_IS_SALE (sale), NULL);

  return invoice_summary (sale, FALSE);
}

char *
rs_format_expiry_summary (RsSale *sale)
{
  g_autofree char *client = NULL;
  g_autofree char *service = NULL;

  g_return_val_if_fail (RS_IS_SALE (sale), NULL);

  client = one_line (rs_sale_get_client_name (sale));
  service = one_line (rs_sale_get_service (sale));

  switch (rs_sale_get_status (sale))
    {
    case RS_SALE_STATUS_RENEWED:
      /* Translators: a calendar event; %1$s the service, %2$s the client */
      return g_strdup_printf (_("Expires (renewed): %1$s for %2$s"), service, client);
    case RS_SALE_STATUS_ENDED:
      /* Translators: a calendar event; %1$s the service, %2$s the client */
      return g_strdup_printf (_("Expires (not renewing): %1$s for %2$s"), service, client);
    case RS_SALE_STATUS_ACTIVE:
    case RS_SALE_STATUS_PAUSED:
    default:
      /* Translators: a calendar event; %1$s the service, %2$s the client */
      return g_strdup_printf (_("Expires: %1$s for %2$s"), service, client);
    }
}

char *
rs_format_notice_summary (RsSale *sale)
{
  g_autofree char *client = NULL;
  g_autofree char *service = NULL;

  g_return_val_if_fail (RS_IS_SALE (sale), NULL);

  client = one_line (rs_sale_get_client_name (sale));
  service = one_line (rs_sale_get_service (sale));

  /* Translators: a calendar event: the last day to send a renewal offer or give notice;
   * %1$s the service, %2$s the client */
  return g_strdup_printf (_("Notice deadline: %1$s for %2$s"), service, client);
}
