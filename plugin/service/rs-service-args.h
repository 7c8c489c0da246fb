/* rs-service-args.h: the optional dictionaries of the D-Bus methods, read strictly
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The ListSales and Upcoming filters, the Renew terms, the ListDeliveries filter and the
 * ImportSales options (see the introspection XML). An unknown key, a value of another type or
 * a bad value gives RS_ERROR_INVALID_ARGUMENT with a sentence naming the key.
 */
#pragma once

#include <recurring-sales/rs-agenda.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

typedef struct {
  gboolean      has_status;
  RsSaleStatus  status;
  char         *client_folded;    /* case-folded text the client name must contain, or NULL */
  char         *currency;         /* NULL: any */
  gboolean      has_expiring_before;
  GDate         expiring_before;  /* inclusive */
} RsSaleFilter;

RsSaleFilter   *rs_sale_filter_new_from_variant   (GVariant            *dict,
                                                   GError             **error);
gboolean        rs_sale_filter_matches            (const RsSaleFilter  *filter,
                                                   RsSale              *sale);
void            rs_sale_filter_free               (RsSaleFilter        *filter);

typedef struct {
  guint         kinds;            /* bits 1 << RsAgendaItemKind; 0: every kind */
  char         *client_folded;
  gboolean      has_audience;     /* reminders only */
  RsAudience    audience;
} RsAgendaFilter;

RsAgendaFilter *rs_agenda_filter_new_from_variant (GVariant             *dict,
                                                   GError              **error);
gboolean        rs_agenda_filter_matches_sale     (const RsAgendaFilter *filter,
                                                   RsSale               *sale);
gboolean        rs_agenda_filter_matches_item     (const RsAgendaFilter *filter,
                                                   const RsAgendaItem   *item);
void            rs_agenda_filter_free             (RsAgendaFilter       *filter);

typedef struct {
  gboolean      has_term;
  RsPeriod      term;
  gboolean      has_amount_minor;
  gint64        amount_minor;
  char         *currency;         /* NULL: unchanged */
  char         *service;
  char         *note;
} RsRenewalTerms;

RsRenewalTerms *rs_renewal_terms_new_from_variant (GVariant             *dict,
                                                   GError              **error);
/* Sets what the terms change (all but the term, which the schedule's renewal takes). */
void            rs_renewal_terms_apply            (const RsRenewalTerms *terms,
                                                   RsSale               *successor);
void            rs_renewal_terms_free             (RsRenewalTerms       *terms);

/* OfferSent's options: what the offer was, amount (minor units, the sale's currency) and note. */
typedef struct {
  gboolean      has_amount_minor;
  gint64        amount_minor;
  char         *note;             /* NULL: none given */
} RsOfferTerms;

RsOfferTerms   *rs_offer_terms_new_from_variant   (GVariant             *dict,
                                                   GError              **error);
void            rs_offer_terms_free               (RsOfferTerms         *terms);

/* The ListDeliveries filter: what rs_store_list_deliveries () takes. */
typedef struct {
  char         *uid;              /* NULL: every sale */
  int           state;            /* an RsDeliveryState, or -1: every state */
  gint64        due_from;         /* epoch seconds, inclusive (local midnight of "from") */
  gint64        due_until;        /* epoch seconds, inclusive (the last second of "to") */
  guint         limit;            /* 0: all */
} RsDeliveryFilter;

#define RS_DELIVERY_FILTER_MAX_LIMIT 100000

RsDeliveryFilter *rs_delivery_filter_new_from_variant (GVariant          *dict,
                                                       GError           **error);
void              rs_delivery_filter_free             (RsDeliveryFilter  *filter);

/* The ImportSales options. */
typedef struct {
  gboolean      allow_duplicates;
} RsImportOptions;

gboolean          rs_import_options_read              (GVariant          *dict,
                                                       RsImportOptions   *out_options,
                                                       GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsDeliveryFilter, rs_delivery_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsSaleFilter, rs_sale_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsAgendaFilter, rs_agenda_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsRenewalTerms, rs_renewal_terms_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsOfferTerms, rs_offer_terms_free)

G_END_DECLS
