/* rs-sale-offer.c: a sale's team and its renewal offer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The team is who prepares the renewal offer (docs/mail.md, team reminders); the offer is
 * where it stands (docs/cli.md, `recurring-sales offer`). Apart from rs-sale.c, which is the
 * type and the fields every sale has had from the start.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-money.h>
#include "rs-sale-private.h"

const char *
rs_sale_get_team (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->team;
}

void
rs_sale_set_team (RsSale     *self,
                  const char *team)
{
  g_return_if_fail (RS_IS_SALE (self));

  if (team != NULL && *team == '\0')
    team = NULL;
  if (self->team == team)
    return;
  g_free (self->team);
  self->team = g_strdup (team);
}

RsOfferState
rs_sale_get_offer_state (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), RS_OFFER_NONE);
  return self->offer_state;
}

void
rs_sale_set_offer_state (RsSale       *self,
                         RsOfferState  state)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->offer_state = state;
}

gboolean
rs_sale_get_offer_date (RsSale *self,
                        GDate  *out_date)
{
  g_return_val_if_fail (RS_IS_SALE (self), FALSE);

  if (!g_date_valid (&self->offer_date))
    return FALSE;
  if (out_date != NULL)
    *out_date = self->offer_date;
  return TRUE;
}

void
rs_sale_set_offer_date (RsSale      *self,
                        const GDate *date)
{
  g_return_if_fail (RS_IS_SALE (self));

  if (date != NULL && g_date_valid (date))
    self->offer_date = *date;
  else
    g_date_clear (&self->offer_date, 1);
}

const char *
rs_sale_get_offer_note (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->offer_note;
}

void
rs_sale_set_offer_note (RsSale     *self,
                        const char *note)
{
  g_return_if_fail (RS_IS_SALE (self));

  if (note != NULL && *note == '\0')
    note = NULL;
  if (self->offer_note == note)
    return;
  g_free (self->offer_note);
  self->offer_note = g_strdup (note);
}

gint64
rs_sale_get_offer_amount_minor (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), -1);
  return self->offer_amount_minor;
}

void
rs_sale_set_offer_amount_minor (RsSale *self,
                                gint64  amount_minor)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->offer_amount_minor = amount_minor < 0 ? -1 : amount_minor;
}

void
rs_sale_copy_offer (RsSale *copy,
                    RsSale *self)
{
  copy->team = g_strdup (self->team);
  copy->offer_state = self->offer_state;
  copy->offer_date = self->offer_date;
  copy->offer_note = g_strdup (self->offer_note);
  copy->offer_amount_minor = self->offer_amount_minor;
}

/* Checks the team's addresses and stores them in one form, "a@x.gr,b@y.gr". */
gboolean
rs_sale_check_team (RsSale  *self,
                    GError **error)
{
  g_auto(GStrv) addresses = NULL;

  if (self->team == NULL)
    return TRUE;

  addresses = rs_email_parse_list (self->team, RS_SALE_MAX_TEAM, error);
  if (addresses == NULL)
    {
      g_prefix_error (error, "%s", _("The team’s addresses: "));
      return FALSE;
    }

  g_free (self->team);
  self->team = addresses[0] != NULL ? g_strjoinv (",", addresses) : NULL;
  return TRUE;
}

static gboolean
has_offer_details (RsSale *self)
{
  return g_date_valid (&self->offer_date) || self->offer_note != NULL ||
         self->offer_amount_minor >= 0;
}

gboolean
rs_sale_check_offer (RsSale  *self,
                     GError **error)
{
  if ((guint) self->offer_state > RS_OFFER_DECLINED)
    {
      g_autofree char *number = g_strdup_printf ("%d", (int) self->offer_state);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what was given; keep the four words untranslated */
                   _("The offer state “%s” is not one of none, offered, accepted or declined."),
                   number);
      return FALSE;
    }

  if (self->offer_state == RS_OFFER_NONE)
    {
      if (!has_offer_details (self))
        return TRUE;
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("A renewal offer’s date, note or amount needs an offer: "
                             "its state is none."));
      return FALSE;
    }

  if (!g_date_valid (&self->offer_date))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("A renewal offer needs the date it was made."));
      return FALSE;
    }

  if (self->offer_amount_minor > RS_MONEY_MAX_MINOR)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The amount of the renewal offer is too large."));
      return FALSE;
    }

  return TRUE;
}
