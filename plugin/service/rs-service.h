/* rs-service.h: the recurring sales on the session bus — the store's only writer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rs-dispatcher.h"
#include "rs-service-clock.h"

G_BEGIN_DECLS

#define RS_SERVICE_BUS_NAME    "io.github.recurring_sales.RecurringSales1"
#define RS_SERVICE_OBJECT_PATH "/io/github/recurring_sales/RecurringSales1"

#define RS_TYPE_SERVICE (rs_service_get_type ())
G_DECLARE_FINAL_TYPE (RsService, rs_service, RS, SERVICE, GObject)

/* Opens the store at @store_path and reads every sale into memory. A store that cannot be
 * opened or read is not fatal: every call is then answered with the reason (a damaged store
 * says so, and how to recover), which tells the user more than a service that never starts. */
RsService *rs_service_new      (const char      *store_path);
/* Exports the interface at RS_SERVICE_OBJECT_PATH, answering only the service's own user. */
gboolean   rs_service_export   (RsService       *self,
                                GDBusConnection *connection,
                                GError         **error);
void       rs_service_unexport (RsService       *self);
/* Starts mailing client reminders as they fall due, by @clock (nothing without a store). */
void       rs_service_start_dispatcher (RsService      *self,
                                        RsServiceClock *clock);
/* Starts the daily rotating backups of the store by @clock's date (nothing without a store). */
void       rs_service_start_backups    (RsService      *self,
                                        RsServiceClock *clock);
/* The dispatcher, or NULL when it is not started. */
/* Syncs with Elorus every elorus-sync-interval seconds while someone is logged in. */
void          rs_service_start_elorus_timer (RsService  *self);
/* Whether an Elorus sync runs, or one will (a login and a timer): the "syncs-ahead" property,
 * which keeps the process from exiting when idle. */
gboolean      rs_service_has_syncs_ahead (RsService   *self);
RsDispatcher *rs_service_get_dispatcher (RsService    *self);

G_END_DECLS
