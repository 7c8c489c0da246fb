/* rs-sale-private.h: the fields of a sale, for the files that make up RsSale
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not installed and not public: rs-sale.c holds the type and its accessors,
 * rs-sale-occurrences.c the owner's marks on single occurrences, rs-sale-validate.c the checks
 * of rs_sale_validate (). Everyone else goes through the accessors in <recurring-sales/rs-sale.h>.
 */
#pragma once

#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

struct _RsSale
{
  GObject       parent_instance;

  char         *uid;
  char         *client_name;
  /* client_name as rs_text_fold_for_search () folds it, made on first search and kept:
   * set once with an atomic compare-and-swap, since reading threads share one sale. */
  char         *client_name_folded;
  char         *client_email;
  char         *contact_uid;
  char         *service;
  gint64        amount_minor;
  char         *currency;
  RsSchedule    schedule;
  int           notice_days;
  gboolean      draft;
  gboolean      prepay;
  char         *iban;
  char         *payment_instructions;
  RsDelivery    delivery;
  char         *language;
  GPtrArray    *reminders;        /* RsReminderRule */
  guint         reminder_minutes;
  RsSaleStatus  status;
  char         *predecessor_uid;
  char         *successor_uid;
  char         *note;
  gint64        created;
  gint64        updated;
  guint64       revision;
  GArray       *occurrences;      /* RsOccurrence, sorted by issue date, none of them open */
  char         *team;             /* "a@x.gr,b@y.gr", or NULL: the setting team-addresses */
  RsOfferState  offer_state;
  GDate         offer_date;       /* valid unless the state is none */
  char         *offer_note;
  gint64        offer_amount_minor; /* in the sale's currency; -1: none given */
};

/* rs-sale-offer.c: the checks of the team and the renewal offer, for rs_sale_validate (). */
gboolean rs_sale_check_team  (RsSale  *self,
                              GError **error);
gboolean rs_sale_check_offer (RsSale  *self,
                              GError **error);
void     rs_sale_copy_offer  (RsSale  *copy,
                              RsSale  *self);

G_END_DECLS
