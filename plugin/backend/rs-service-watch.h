/* rs-service-watch.h: the recurring-sales service as the backend sees it — changes and restarts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Fixed by DESIGN.md (the same as plugin/service/rs-service.h). */
#define RS_SERVICE_WATCH_BUS_NAME    "io.github.recurring_sales.RecurringSales1"
#define RS_SERVICE_WATCH_OBJECT_PATH "/io/github/recurring_sales/RecurringSales1"

#define RS_TYPE_SERVICE_WATCH (rs_service_watch_get_type ())
G_DECLARE_FINAL_TYPE (RsServiceWatch, rs_service_watch, RS, SERVICE_WATCH, GObject)

/* Follows the service on the session bus without starting it. Signals are emitted in the
 * process's global default main context (the calendar factory's main loop):
 *  - "sales-changed" (guint64 revision): the service committed a change;
 *  - "service-appeared": the service (re)started, so changes may have been missed. */
RsServiceWatch *rs_service_watch_new_sync      (GCancellable   *cancellable,
                                                GError        **error);
/* Starts the service by D-Bus activation if it does not run, and waits until it answers. */
gboolean        rs_service_watch_activate_sync (RsServiceWatch *self,
                                                GCancellable   *cancellable,
                                                GError        **error);

G_END_DECLS
