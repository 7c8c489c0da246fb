/* rs-service-lifecycle.c: Renew, EndSale, the renewal offer and MarkOccurrence — the life of
 * a sale
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each changes the stored sale in one store transaction and then reads back into memory what
 * the store changed itself (the renewed sale's link to its successor, a mark).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-schedule.h>
#include <recurring-sales/rs-text.h>
#include "rs-service-args.h"
#include "rs-service-private.h"

/* The successor of @sale: a copy under a new uid with the renewed schedule, active, linked
 * back, nothing marked yet, and the new terms. */
static RsSale *
new_successor (RsSale                *sale,
               const RsRenewalTerms  *terms,
               GError               **error)
{
  g_autoptr(RsSale) successor = rs_sale_copy (sale);
  g_autofree char *uid = g_uuid_string_random ();
  GArray *marked = rs_sale_get_marked_occurrences (sale);
  RsSchedule schedule;

  if (!rs_schedule_renew (rs_sale_get_schedule (sale), terms->has_term ? &terms->term : NULL,
                          &schedule, error))
    return NULL;

  rs_sale_set_uid (successor, uid);
  rs_sale_set_schedule (successor, &schedule);
  rs_sale_set_status (successor, RS_SALE_STATUS_ACTIVE);
  rs_sale_set_predecessor_uid (successor, rs_sale_get_uid (sale));
  rs_sale_set_successor_uid (successor, NULL);
  rs_sale_set_revision (successor, 0);
  /* The offer was about the old term; the new one has had none yet. */
  rs_sale_set_offer_state (successor, RS_OFFER_NONE);
  rs_sale_set_offer_date (successor, NULL);
  rs_sale_set_offer_note (successor, NULL);
  rs_sale_set_offer_amount_minor (successor, -1);
  for (guint i = 0; i < marked->len; i++)
    rs_sale_set_occurrence_state (successor, &g_array_index (marked, RsOccurrence, i).issue_date,
                                  RS_OCCURRENCE_OPEN);
  rs_renewal_terms_apply (terms, successor);

  if (!rs_sale_validate (successor, error))
    return NULL;

  return g_steal_pointer (&successor);
}

static gboolean
handle_renew (RsService             *self,
              GDBusMethodInvocation *invocation,
              const char            *uid,
              GVariant              *terms_dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsRenewalTerms) terms = NULL;
  g_autoptr(RsSale) sale = NULL;
  g_autoptr(RsSale) successor = NULL;
  const char *uids[3] = { uid, NULL, NULL };

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if ((terms = rs_renewal_terms_new_from_variant (terms_dict, &error)) == NULL ||
      (sale = rs_store_get_sale (self->store, uid, &error)) == NULL ||
      (successor = new_successor (sale, terms, &error)) == NULL ||
      !rs_store_renew_sale (self->store, uid, rs_sale_get_revision (sale), successor, &error))
    return rs_service_return_error (invocation, error);

  rs_service_reload (self, uid);
  rs_service_keep (self, successor);
  uids[1] = rs_sale_get_uid (successor);
  rs_service_announce (self, uids);
  rs_dbus_recurring_sales1_complete_renew (self->skeleton, invocation, uids[1]);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_end_sale (RsService             *self,
                 GDBusMethodInvocation *invocation,
                 const char            *uid,
                 const char            *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  sale = rs_store_get_sale (self->store, uid, &error);
  if (sale == NULL)
    return rs_service_return_error (invocation, error);

  rs_sale_set_status (sale, RS_SALE_STATUS_ENDED);
  /* The reason joins the note's history rather than replacing it. */
  if (*reason != '\0')
    {
      const char *note = rs_sale_get_note (sale);
      g_autofree char *new_note = note != NULL ? g_strconcat (note, "\n", reason, NULL)
                                               : g_strdup (reason);

      rs_sale_set_note (sale, new_note);
    }

  if (!rs_store_update_sale (self->store, sale, rs_sale_get_revision (sale), &error))
    return rs_service_return_error (invocation, error);

  rs_service_keep_and_announce (self, sale);
  rs_dbus_recurring_sales1_complete_end_sale (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The renewal offer */

static gboolean
set_offer_conflict (RsSale  *sale,
                    GError **error)
{
  g_autofree char *shown = rs_text_for_message (rs_sale_get_uid (sale));

  if (rs_sale_get_status (sale) == RS_SALE_STATUS_RENEWED)
    g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
                 /* Translators: %s is a sale identifier */
                 _("The sale %s was renewed already: its renewal offer is settled."), shown);
  else if (rs_sale_get_offer_state (sale) == RS_OFFER_DECLINED)
    g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
                 /* Translators: %s is a sale identifier; keep the command as it is */
                 _("The client declined the renewal of the sale %s. If they changed their mind, "
                   "record it with `recurring-sales offer %s accepted`."), shown, shown);
  else
    g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
                 /* Translators: %s is a sale identifier */
                 _("The sale %s has ended: there is no renewal to offer."), shown);
  return FALSE;
}

/* An offer is about the renewal: a sale that expires, and is still the client's to renew. */
static gboolean
check_can_offer (RsSale   *sale,
                 gboolean  declining,
                 GError  **error)
{
  GDate expiry;

  if (!rs_schedule_expiry_date (rs_sale_get_schedule (sale), &expiry))
    {
      g_autofree char *shown = rs_text_for_message (rs_sale_get_uid (sale));

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a sale identifier */
                   _("The sale %s is open-ended: it never expires, so there is no renewal to "
                     "offer."), shown);
      return FALSE;
    }

  if (rs_sale_get_status (sale) == RS_SALE_STATUS_RENEWED ||
      rs_sale_get_status (sale) == RS_SALE_STATUS_ENDED ||
      (declining && rs_sale_get_offer_state (sale) == RS_OFFER_DECLINED))
    return set_offer_conflict (sale, error);

  return TRUE;
}

static gboolean
handle_offer_sent (RsService             *self,
                   GDBusMethodInvocation *invocation,
                   const char            *uid,
                   GVariant              *offer_dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsOfferTerms) terms = NULL;
  g_autoptr(RsSale) sale = NULL;
  GDate today;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if ((terms = rs_offer_terms_new_from_variant (offer_dict, &error)) == NULL ||
      (sale = rs_store_get_sale (self->store, uid, &error)) == NULL ||
      !check_can_offer (sale, FALSE, &error))
    return rs_service_return_error (invocation, error);

  rs_service_today (self, &today);
  rs_sale_set_offer_state (sale, RS_OFFER_OFFERED);
  rs_sale_set_offer_date (sale, &today);
  /* A new offer replaces the old one whole: no amount of the last one stays behind. */
  rs_sale_set_offer_amount_minor (sale, terms->has_amount_minor ? terms->amount_minor : -1);
  rs_sale_set_offer_note (sale, terms->note);

  if (!rs_sale_validate (sale, &error) ||
      !rs_store_update_sale (self->store, sale, rs_sale_get_revision (sale), &error))
    return rs_service_return_error (invocation, error);

  rs_service_keep_and_announce (self, sale);
  rs_dbus_recurring_sales1_complete_offer_sent (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_offer_accepted (RsService             *self,
                       GDBusMethodInvocation *invocation,
                       const char            *uid,
                       GVariant              *terms_dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsRenewalTerms) terms = NULL;
  g_autoptr(RsSale) sale = NULL;
  g_autoptr(RsSale) successor = NULL;
  const char *uids[3] = { uid, NULL, NULL };
  GDate today;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if ((terms = rs_renewal_terms_new_from_variant (terms_dict, &error)) == NULL ||
      (sale = rs_store_get_sale (self->store, uid, &error)) == NULL)
    return rs_service_return_error (invocation, error);

  if (rs_sale_get_status (sale) == RS_SALE_STATUS_RENEWED)
    {
      set_offer_conflict (sale, &error);
      return rs_service_return_error (invocation, error);
    }

  /* What was agreed: the amount given now, else the one offered. */
  if (!terms->has_amount_minor && rs_sale_get_offer_amount_minor (sale) >= 0 &&
      terms->currency == NULL)
    {
      terms->has_amount_minor = TRUE;
      terms->amount_minor = rs_sale_get_offer_amount_minor (sale);
    }

  rs_service_today (self, &today);
  if ((successor = new_successor (sale, terms, &error)) == NULL ||
      !rs_store_accept_offer (self->store, uid, rs_sale_get_revision (sale), &today, successor,
                              &error))
    return rs_service_return_error (invocation, error);

  rs_service_reload (self, uid);
  rs_service_keep (self, successor);
  uids[1] = rs_sale_get_uid (successor);
  rs_service_announce (self, uids);
  rs_dbus_recurring_sales1_complete_offer_accepted (self->skeleton, invocation, uids[1]);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_offer_declined (RsService             *self,
                       GDBusMethodInvocation *invocation,
                       const char            *uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;
  GDate today;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  sale = rs_store_get_sale (self->store, uid, &error);
  if (sale == NULL)
    return rs_service_return_error (invocation, error);

  /* An ended sale that had no offer may still be told declined: that is what ending meant. */
  if (rs_sale_get_status (sale) == RS_SALE_STATUS_ENDED &&
      rs_sale_get_offer_state (sale) != RS_OFFER_DECLINED)
    rs_sale_set_status (sale, RS_SALE_STATUS_ACTIVE);
  if (!check_can_offer (sale, TRUE, &error))
    return rs_service_return_error (invocation, error);

  rs_service_today (self, &today);
  rs_sale_set_status (sale, RS_SALE_STATUS_ENDED);
  rs_sale_set_offer_state (sale, RS_OFFER_DECLINED);
  rs_sale_set_offer_date (sale, &today);

  if (!rs_sale_validate (sale, &error) ||
      !rs_store_update_sale (self->store, sale, rs_sale_get_revision (sale), &error))
    return rs_service_return_error (invocation, error);

  rs_service_keep_and_announce (self, sale);
  rs_dbus_recurring_sales1_complete_offer_declined (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_mark_occurrence (RsService             *self,
                        GDBusMethodInvocation *invocation,
                        const char            *uid,
                        const char            *date_text,
                        const char            *state_text)
{
  g_autoptr(GError) error = NULL;
  const char *uids[2] = { uid, NULL };
  RsOccurrenceState state;
  GDate date;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if (!rs_date_parse (date_text, _("The occurrence date"), &date, &error) ||
      !rs_occurrence_state_parse (state_text, &state, &error) ||
      !rs_store_mark_occurrence (self->store, uid, &date, state, &error))
    return rs_service_return_error (invocation, error);

  rs_service_reload (self, uid);
  rs_service_announce (self, uids);
  rs_dbus_recurring_sales1_complete_mark_occurrence (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

const RsServiceHandler rs_service_lifecycle_handlers[] = {
  { "handle-renew", G_CALLBACK (handle_renew) },
  { "handle-end-sale", G_CALLBACK (handle_end_sale) },
  { "handle-offer-sent", G_CALLBACK (handle_offer_sent) },
  { "handle-offer-accepted", G_CALLBACK (handle_offer_accepted) },
  { "handle-offer-declined", G_CALLBACK (handle_offer_declined) },
  { "handle-mark-occurrence", G_CALLBACK (handle_mark_occurrence) },
  { NULL, NULL }
};
