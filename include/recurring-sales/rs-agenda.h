/* rs-agenda.h: what falls due in a date window — invoices, expiries, notice deadlines, reminders
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Computed from the schedule engine (never by expanding iCalendar), so that a window over
 * 100,000 sales costs one pass over them.
 */
#pragma once

#include <glib-object.h>
#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-types.h>

G_BEGIN_DECLS

#define RS_TYPE_AGENDA_ITEM (rs_agenda_item_get_type ())

typedef struct {
  RsAgendaItemKind  kind;
  GDate             date;        /* when it happens (a reminder: the day it fires) */
  RsSale           *sale;        /* a reference */
  RsOccurrenceState state;       /* invoices: the occurrence's state */
  /* reminders only: */
  RsReminderKind    for_kind;
  GDate             for_date;
  RsAudience        audience;
  guint             lead_days;
} RsAgendaItem;

GType         rs_agenda_item_get_type (void) G_GNUC_CONST;
RsAgendaItem *rs_agenda_item_copy     (const RsAgendaItem *item);
void          rs_agenda_item_free     (RsAgendaItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsAgendaItem, rs_agenda_item_free)

/* The agenda's order, a total one: date, kind, client name (bytes), sale uid, and for reminders
 * what they are about (kind, audience, date) and the lead. Items of two different sales with
 * the same uid and client compare as one sale's. */
int           rs_agenda_item_compare  (const RsAgendaItem *a,
                                       const RsAgendaItem *b);

/* Everything in [@from, @to] (inclusive) for @sales (GPtrArray of RsSale), in
 * rs_agenda_item_compare () order; a GPtrArray of RsAgendaItem, owning. Reminders are listed when they fire
 * in the window, for dates that may fall after it: those that exist by the one rule,
 * rs_sale_reminder_verdict () (none for a paused sale, no expiry or notice reminders for a
 * renewed or ended one, none for occurrences marked issued, prepaid or skipped). */
GPtrArray    *rs_agenda_compute       (GPtrArray   *sales,
                                       const GDate *from,
                                       const GDate *to);

/* One line for people, translated: "2027-01-31  Invoice to Acme: Hosting (120.00 EUR)". */
char         *rs_agenda_item_describe (const RsAgendaItem *item);

G_END_DECLS
