/* rs-owner-notification.h: tells the owner, on the desktop, what the service could not do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include <recurring-sales/rs-delivery-record.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/* One desktop notification (org.freedesktop.Notifications) that the client reminders @records
 * (RsDeliveryRecord) were missed and not sent late; @sales maps uids to RsSale for the
 * clients' names (a sale may be gone). After a long time off there may be many: one
 * notification names a few and counts the rest. Best effort: without a notification server
 * nothing happens, and the ledger and the ReminderMissed signals still say it. */
void rs_owner_notification_missed (GDBusConnection *connection,
                                   GPtrArray       *records,
                                   GHashTable      *sales);

G_END_DECLS
