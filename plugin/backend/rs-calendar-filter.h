/* rs-calendar-filter.h: what one calendar of the backend shows, from its [Recurring Sales] settings
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libedataserver/libedataserver.h>

#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

typedef struct {
  gboolean show_invoices;
  gboolean show_expiries;
  gboolean show_notices;
  char    *client_folded;  /* NULL: every client */
  /* The user's setting for client reminders, read with the source's settings: a client
   * reminder that becomes a draft shows as an owner reminder. */
  RsDelivery default_delivery;
} RsCalendarFilter;

/* The settings of @source (its ESourceRecurringSales extension, defaults when absent). */
RsCalendarFilter *rs_calendar_filter_new_from_source (ESource                *source);
RsCalendarFilter *rs_calendar_filter_copy            (const RsCalendarFilter *filter);
void              rs_calendar_filter_free            (RsCalendarFilter       *filter);
gboolean          rs_calendar_filter_equal           (const RsCalendarFilter *a,
                                                      const RsCalendarFilter *b);
/* Whether the calendar shows the sale at all (the client filter). */
gboolean          rs_calendar_filter_accepts_sale    (const RsCalendarFilter *filter,
                                                      RsSale                 *sale);
/* Whether the calendar shows events of @kind. */
gboolean          rs_calendar_filter_accepts_kind    (const RsCalendarFilter *filter,
                                                      RsReminderKind          kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsCalendarFilter, rs_calendar_filter_free)

G_END_DECLS
