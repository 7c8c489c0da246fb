/* rs-mail-watchdog.c: cancels a delivery when Camel has been silent for too long
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Camel's sockets time out after 90 seconds of silence (camel-network-service.c), once per
 * read; a server that trickles an answer can hold a call longer. Each blocking step of a
 * delivery runs under this watchdog, which cancels the delivery when Camel has been silent for
 * the timeout (RS_MAIL_TIMEOUT_SECONDS, default 60, read by rs-mailer.c): no step started and no
 * progress reported (camel_operation_progress (), which Camel's proxies pass up to our
 * operation, e.g. while IMAP fetches the summary of a large Sent folder the first time), or
 * when the caller's cancellable is cancelled.
 *
 * Not with g_cancellable_cancel () on the cancellable given to Camel: Camel wraps it in
 * CamelOperation proxies (camel_service_connect (), the IMAP connection manager) whose
 * "cancelled" handler cancels the proxy without holding a reference to it
 * (camel-operation.c), and GLib 2.74's g_cancellable_cancel () wakes the blocked I/O before it
 * takes its own reference: the woken thread can drop the proxy's last reference first, and the
 * cancelling thread then touches a finalized object (in this project's tests, a g_object_ref ()
 * critical in about one run of three). camel_operation_cancel_all () cancels every
 * CamelOperation, ours (a CamelOperation too) and its proxies, under Camel's operation lock,
 * which a proxy's dispose needs: none can go away meanwhile. It cancels all of the process's
 * Camel operations; in the service the mailer is Camel's only user and delivers one message
 * at a time.
 */
#include "config.h"

#include <string.h>

#include "rs-mail-watchdog.h"

static gpointer
watchdog_thread (gpointer data)
{
  RsMailWatchdog *watchdog = data;

  g_mutex_lock (&watchdog->mutex);
  while (!watchdog->stop)
    {
      if (watchdog->deadline == 0)
        {
          g_cond_wait (&watchdog->cond, &watchdog->mutex);
        }
      else if (!g_cond_wait_until (&watchdog->cond, &watchdog->mutex, watchdog->deadline) &&
               watchdog->deadline != 0 && g_get_monotonic_time () >= watchdog->deadline)
        {
          watchdog->fired = TRUE;
          watchdog->deadline = 0;
          g_mutex_unlock (&watchdog->mutex);
          camel_operation_cancel_all ();
          g_mutex_lock (&watchdog->mutex);
        }
    }
  g_mutex_unlock (&watchdog->mutex);

  return NULL;
}

/* A blocking step starts, or the running one made progress: the timeout starts again. */
GCancellable *
rs_mail_watchdog_arm (RsMailWatchdog *watchdog)
{
  g_mutex_lock (&watchdog->mutex);
  if (!watchdog->fired)
    watchdog->deadline = g_get_monotonic_time () + (gint64) watchdog->seconds * G_USEC_PER_SEC;
  g_cond_signal (&watchdog->cond);
  g_mutex_unlock (&watchdog->mutex);

  return watchdog->cancellable;
}

static void
watchdog_progress (CamelOperation *operation,
                   int             percent,
                   gpointer        data)
{
  rs_mail_watchdog_arm (data);
}

static void
watchdog_message (CamelOperation *operation,
                  const char     *message,
                  gpointer        data)
{
  rs_mail_watchdog_arm (data);
}

static void
watchdog_parent_cancelled (GCancellable *parent,
                           gpointer      data)
{
  camel_operation_cancel_all ();
}

void
rs_mail_watchdog_start (RsMailWatchdog *watchdog,
                        guint           seconds,
                        GCancellable   *parent)
{
  memset (watchdog, 0, sizeof *watchdog);
  g_mutex_init (&watchdog->mutex);
  g_cond_init (&watchdog->cond);
  watchdog->seconds = seconds;
  watchdog->cancellable = camel_operation_new ();
  watchdog->progress_handler = g_signal_connect (watchdog->cancellable, "progress",
                                                 G_CALLBACK (watchdog_progress), watchdog);
  watchdog->message_handler = g_signal_connect (watchdog->cancellable, "push-message",
                                                G_CALLBACK (watchdog_message), watchdog);
  if (parent != NULL)
    {
      watchdog->parent = g_object_ref (parent);
      watchdog->parent_handler = g_cancellable_connect (parent,
                                                        G_CALLBACK (watchdog_parent_cancelled),
                                                        NULL, NULL);
    }
  watchdog->thread = g_thread_new ("rs-mail-watchdog", watchdog_thread, watchdog);
}

gboolean
rs_mail_watchdog_fired (RsMailWatchdog *watchdog)
{
  gboolean fired;

  g_mutex_lock (&watchdog->mutex);
  fired = watchdog->fired;
  g_mutex_unlock (&watchdog->mutex);

  return fired;
}

void
rs_mail_watchdog_stop (RsMailWatchdog *watchdog)
{
  g_mutex_lock (&watchdog->mutex);
  watchdog->stop = TRUE;
  g_cond_signal (&watchdog->cond);
  g_mutex_unlock (&watchdog->mutex);
  g_thread_join (watchdog->thread);

  if (watchdog->parent != NULL)
    g_cancellable_disconnect (watchdog->parent, watchdog->parent_handler);
  g_clear_object (&watchdog->parent);
  g_clear_signal_handler (&watchdog->progress_handler, watchdog->cancellable);
  g_clear_signal_handler (&watchdog->message_handler, watchdog->cancellable);
  g_clear_object (&watchdog->cancellable);
  g_cond_clear (&watchdog->cond);
  g_mutex_clear (&watchdog->mutex);
}
