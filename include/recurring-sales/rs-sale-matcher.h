/* rs-sale-matcher.h: whether a sale coming in is one the user has already
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Importing the same file twice must not double the sales, and with them every reminder. A sale
 * coming in is one already there when it has the same identifier (the uid it was exported
 * with), or the same terms: the same client and service (whatever the case, the accents and the
 * spaces between words), start, period, amount and currency. Its status does not matter: a
 * sale that was renewed or ended is still the agreement a row of an old file describes.
 * rs_sale_match_keys () is the one place that says so; a source of sales that gives its own
 * identifiers (another invoicing program) adds its key there.
 */
#pragma once

#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/**
 * RsSaleMatchFlags:
 * @RS_SALE_MATCH_IDENTIFIER: the same uid
 * @RS_SALE_MATCH_TERMS: the same client, service, start, period, amount and currency
 *
 * What makes two sales the same; a duplicate the user asks for is matched by identifier only.
 */
typedef enum {
  RS_SALE_MATCH_IDENTIFIER = 1 << 0,
  RS_SALE_MATCH_TERMS      = 1 << 1,
} RsSaleMatchFlags;

#define RS_SALE_MATCH_ALL (RS_SALE_MATCH_IDENTIFIER | RS_SALE_MATCH_TERMS)

/* The keys under which @sale is found, as @flags asks: two sales are the same when they share
 * one. A valid sale's keys hold no control character of the sale's text. */
GStrv          rs_sale_match_keys       (RsSale           *sale,
                                         RsSaleMatchFlags  flags);

typedef struct _RsSaleMatcher RsSaleMatcher;

/* Sales to compare with, by their keys. */
RsSaleMatcher *rs_sale_matcher_new      (RsSaleMatchFlags  flags);
void           rs_sale_matcher_free     (RsSaleMatcher    *matcher);
/* Adds @sale (a reference is kept); under a key that an earlier sale has, the earlier stays. */
void           rs_sale_matcher_add      (RsSaleMatcher    *matcher,
                                         RsSale           *sale);
/* The sale added before that is the same as @sale, or NULL. */
RsSale        *rs_sale_matcher_lookup   (RsSaleMatcher    *matcher,
                                         RsSale           *sale);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsSaleMatcher, rs_sale_matcher_free)

G_END_DECLS
