/* e-recurring-sales-event.h: the recurring-sale event selected in the Calendar view, and what
 * the user asks the service to do with it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * No GtkAction here: the menus (e-recurring-sales-shell-view-extension.c) call these.
 */
#pragma once

#include <shell/e-shell-view.h>

G_BEGIN_DECLS

typedef struct {
  char *sale_uid;   /* X-RECURRING-SALE-UID */
  char *kind;       /* X-RECURRING-SALE-KIND: "invoice", "expiry" or "notice" */
  char *date;       /* the occurrence, YYYY-MM-DD; NULL until asked for */
} ERecurringSalesEvent;

void                   e_recurring_sales_event_free     (ERecurringSalesEvent *event);
/* Whether @source is a calendar of ours (backend "recurring-sales"); FALSE for NULL. */
gboolean               e_recurring_sales_source_is_ours (ESource              *source);
/* The one event selected in @shell_view's calendar when it is one of ours (a calendar whose
 * backend is "recurring-sales"); NULL otherwise. Cheap: no D-Bus, for "update-actions".
 * With @with_date, also the date of the selected occurrence. */
ERecurringSalesEvent  *e_recurring_sales_event_selected (EShellView           *shell_view,
                                                         gboolean              with_date);
/* MarkOccurrence (@state: "issued", "prepaid", "skipped" or "open") on the service,
 * asynchronously; a refusal is shown over @parent as the service's sentence. */
void                   e_recurring_sales_event_mark     (const ERecurringSalesEvent *event,
                                                         const char           *state,
                                                         GtkWindow            *parent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ERecurringSalesEvent, e_recurring_sales_event_free)

G_END_DECLS
