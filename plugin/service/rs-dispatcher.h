/* rs-dispatcher.h: mails the client reminders when they fall due, exactly once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include <recurring-sales/rs-delivery-record.h>
#include <recurring-sales/rs-reminder-message.h>
#include <recurring-sales/rs-sale.h>
#include "rs-service-clock.h"
#include "rs-store-writer.h"

G_BEGIN_DECLS

#define RS_TYPE_DISPATCHER (rs_dispatcher_get_type ())
G_DECLARE_FINAL_TYPE (RsDispatcher, rs_dispatcher, RS, DISPATCHER, GObject)

/* The sales as they are now: new references (the service's in-memory copy). */
typedef GPtrArray *(*RsDispatcherSalesFunc) (gpointer user_data);

/* @store is the service's (the ledger is in it); @sales_func gives the current sales. */
RsDispatcher *rs_dispatcher_new                 (RsStore               *store,
                                                 RsServiceClock        *clock,
                                                 RsDispatcherSalesFunc  sales_func,
                                                 gpointer               sales_func_data);
/* Looks for due reminders now (sales changed, the clock moved); coalesces while busy. */
void          rs_dispatcher_queue_run           (RsDispatcher          *self);
/* The same after sales changed: coalesces a burst of changes into one run a second later. */
void          rs_dispatcher_queue_run_after_changes (RsDispatcher      *self);
/* The instant up to which due reminders were handled; 0 before the first run. */
gint64        rs_dispatcher_get_checked_until   (RsDispatcher          *self);
/* Whether a client reminder is still ahead (or a retry): then the service must keep running. */
gboolean      rs_dispatcher_has_work_ahead      (RsDispatcher          *self);

/* At an exit: no run starts and no further reminder is delivered from now on (those queued stay
 * pending in the ledger, for the next start). The delivery in flight goes on. */
void          rs_dispatcher_shut_down           (RsDispatcher          *self);
/* Whether an exit now loses nothing: no delivery in flight, or the one in flight is recorded
 * delivered and its copy filed. */
gboolean      rs_dispatcher_is_settled          (RsDispatcher          *self);
/* Cancels the delivery in flight, for an exit that cannot wait any longer. */
void          rs_dispatcher_cancel              (RsDispatcher          *self);

/* The subject and body of one reminder, composed in a worker thread (the sender comes from the
 * mail account, when there is one). */
void          rs_dispatcher_preview_async       (RsDispatcher          *self,
                                                 RsSale                *sale,
                                                 RsReminderKind         kind,
                                                 const GDate           *occurrence,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean      rs_dispatcher_preview_finish      (RsDispatcher          *self,
                                                 GAsyncResult          *result,
                                                 char                 **out_subject,
                                                 char                 **out_body,
                                                 GError               **error);

G_END_DECLS
