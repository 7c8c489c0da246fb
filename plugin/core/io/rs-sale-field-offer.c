/* rs-sale-field-offer.c: the text forms of a sale's team and renewal offer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Apart from rs-sale-field-text.c, the forms every sale has had from the start.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-email.h>

#include "rs-sale-fields-private.h"

gboolean
rs_sale_field_offer_has_value (RsSale *sale)
{
  return rs_sale_get_offer_state (sale) != RS_OFFER_NONE;
}

gboolean
rs_sale_field_offer_date_has_value (RsSale *sale)
{
  return rs_sale_get_offer_date (sale, NULL);
}

gboolean
rs_sale_field_offer_amount_has_value (RsSale *sale)
{
  return rs_sale_get_offer_amount_minor (sale) >= 0;
}

/* What the command checks before it asks the service: the same list the sale validates. */
gboolean
rs_sale_field_team_check (const char  *text,
                          GError     **error)
{
  g_auto(GStrv) addresses = rs_email_parse_list (text, RS_SALE_MAX_TEAM, error);

  return addresses != NULL;
}

char *
rs_sale_field_offer_to_text (const RsSaleFieldInfo *info,
                             RsSale                *sale)
{
  return g_strdup (rs_offer_state_to_string (rs_sale_get_offer_state (sale)));
}

gboolean
rs_sale_field_offer_from_text (const RsSaleFieldInfo  *info,
                               RsSale                 *sale,
                               const char             *text,
                               GError                **error)
{
  RsOfferState state;

  if (!rs_offer_state_parse (text, &state, error))
    return FALSE;

  rs_sale_set_offer_state (sale, state);
  return TRUE;
}

char *
rs_sale_field_offer_date_to_text (const RsSaleFieldInfo *info,
                                  RsSale                *sale)
{
  GDate date;

  if (!rs_sale_get_offer_date (sale, &date))
    return NULL;
  return rs_date_to_iso (&date);
}

gboolean
rs_sale_field_offer_date_from_text (const RsSaleFieldInfo  *info,
                                    RsSale                 *sale,
                                    const char             *text,
                                    GError                **error)
{
  GDate date;

  if (text == NULL || *text == '\0')
    {
      rs_sale_set_offer_date (sale, NULL);
      return TRUE;
    }

  /* Translators: names the field in an error such as “The date of the renewal offer
   * 2027-02-30 is not a valid date.” */
  if (!rs_date_parse (text, _("The date of the renewal offer"), &date, error))
    return FALSE;

  rs_sale_set_offer_date (sale, &date);
  return TRUE;
}
