/* rs-mail-watchdog.h: cancels a delivery when Camel has been silent for too long
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <camel/camel.h>

G_BEGIN_DECLS

/* One delivery's watchdog, kept by the deliverer (on its stack) from rs_mail_watchdog_start ()
 * to rs_mail_watchdog_stop (). Only `seconds` is for readers: the rest is the thread's. */
typedef struct {
  GMutex        mutex;
  GCond         cond;
  gint64        deadline;     /* monotonic; 0: not armed */
  gboolean      stop;
  gboolean      fired;
  guint         seconds;
  GCancellable *cancellable;  /* a CamelOperation */
  gulong        progress_handler;
  gulong        message_handler;
  GCancellable *parent;
  gulong        parent_handler;
  GThread      *thread;
} RsMailWatchdog;

/* Starts the watchdog's thread, not yet armed; @parent (the caller's cancellable, may be NULL)
 * cancels the delivery too. */
void          rs_mail_watchdog_start (RsMailWatchdog *watchdog,
                                      guint           seconds,
                                      GCancellable   *parent);
/* A blocking step starts: the timeout starts again. Returns the cancellable to give that step
 * (a CamelOperation, owned by the watchdog). */
GCancellable *rs_mail_watchdog_arm   (RsMailWatchdog *watchdog);
/* Whether the timeout ran out and cancelled the delivery. */
gboolean      rs_mail_watchdog_fired (RsMailWatchdog *watchdog);
/* Ends the thread and frees what the watchdog holds. */
void          rs_mail_watchdog_stop  (RsMailWatchdog *watchdog);

G_END_DECLS
