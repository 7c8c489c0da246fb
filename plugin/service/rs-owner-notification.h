/* rs-owner-notification.h: tells the owner, on the desktop, what the service could not do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rs-delivery-record.h"
#include "rs-sale.h"

G_BEGIN_DECLS

/* A desktop notification (org.freedesktop.Notifications) that the client reminder @record of
 * @sale (NULL when the sale is gone) was missed and not sent late. Best effort: without a
 * notification server nothing happens, and the ledger and the ReminderMissed signal still say
 * it. */
void rs_owner_notification_missed (GDBusConnection        *connection,
                                   RsSale                 *sale,
                                   const RsDeliveryRecord *record);

G_END_DECLS
