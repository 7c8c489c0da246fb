/* rs-idle-monitor.h: tells when the service has nothing to do and may exit
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RS_TYPE_IDLE_MONITOR (rs_idle_monitor_get_type ())
G_DECLARE_FINAL_TYPE (RsIdleMonitor, rs_idle_monitor, RS, IDLE_MONITOR, GObject)

/* Watches the method calls @connection receives and the replies it sends. Emits "idle" once,
 * in the thread-default main context of the caller, when no call arrived for
 * @timeout_seconds and every call received has been answered; never when @timeout_seconds is 0. */
RsIdleMonitor *rs_idle_monitor_new           (GDBusConnection *connection,
                                              guint            timeout_seconds);
/* While inhibited (reminders to mail later), "idle" is not emitted; the timeout counts again
 * from when the inhibition ends. */
void           rs_idle_monitor_set_inhibited (RsIdleMonitor *self,
                                              gboolean       inhibited);
/* Calls received and not answered yet. */
guint          rs_idle_monitor_get_n_pending (RsIdleMonitor *self);

G_END_DECLS
