/* rs-idle-monitor.c: tells when the service has nothing to do and may exit
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Calls are counted by a connection filter, in GDBus's worker thread, as they arrive: a call
 * that is still waiting for its authorization (another thread) or for its turn in the main
 * loop already counts, so the service never exits with a call it has accepted unanswered.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-idle-monitor.h"

/* While calls are pending the deadline has passed already; look again this often. */
#define BUSY_RECHECK_MS 250

/* Shared with the filter, which may still run after the monitor is gone. */
typedef struct {
  int    n_pending;       /* atomic */
  GMutex lock;
  gint64 last_call_time;  /* g_get_monotonic_time (), under lock */
} CallCounters;

struct _RsIdleMonitor
{
  GObject          parent_instance;

  GDBusConnection *connection;
  guint            filter_id;
  CallCounters    *counters;
  guint            timeout_seconds;
  gboolean         inhibited;
  GSource         *check_source;
};

enum {
  SIGNAL_IDLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RsIdleMonitor, rs_idle_monitor, G_TYPE_OBJECT)

static void
call_counters_clear (gpointer data)
{
  CallCounters *counters = data;

  g_mutex_clear (&counters->lock);
}

static void
call_counters_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, call_counters_clear);
}

static gint64
call_counters_get_last_call_time (CallCounters *counters)
{
  gint64 time;

  g_mutex_lock (&counters->lock);
  time = counters->last_call_time;
  g_mutex_unlock (&counters->lock);
  return time;
}

static void
call_counters_note_call (CallCounters *counters,
                         gboolean      expects_reply)
{
  g_mutex_lock (&counters->lock);
  counters->last_call_time = g_get_monotonic_time ();
  g_mutex_unlock (&counters->lock);

  if (expects_reply)
    g_atomic_int_inc (&counters->n_pending);
}

static void
call_counters_note_reply (CallCounters *counters)
{
  int n;

  /* Never below zero, whatever the bus sends back. */
  do
    n = g_atomic_int_get (&counters->n_pending);
  while (n > 0 && !g_atomic_int_compare_and_exchange (&counters->n_pending, n, n - 1));
}

static GDBusMessage *
filter_message (GDBusConnection *connection,
                GDBusMessage    *message,
                gboolean         incoming,
                gpointer         user_data)
{
  CallCounters *counters = user_data;
  GDBusMessageType type = g_dbus_message_get_message_type (message);

  if (incoming && type == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    call_counters_note_call (counters, !(g_dbus_message_get_flags (message) &
                                         G_DBUS_MESSAGE_FLAGS_NO_REPLY_EXPECTED));
  /* Every reply the service sends answers a call it received. */
  else if (!incoming &&
           (type == G_DBUS_MESSAGE_TYPE_METHOD_RETURN || type == G_DBUS_MESSAGE_TYPE_ERROR))
    call_counters_note_reply (counters);

  return message;
}

static void schedule_check (RsIdleMonitor *self,
                            guint          delay_ms);

static gboolean
on_check (gpointer user_data)
{
  RsIdleMonitor *self = user_data;
  gint64 deadline = call_counters_get_last_call_time (self->counters) +
                    (gint64) self->timeout_seconds * G_USEC_PER_SEC;
  gint64 now = g_get_monotonic_time ();

  g_clear_pointer (&self->check_source, g_source_unref);

  if (rs_idle_monitor_get_n_pending (self) > 0)
    schedule_check (self, BUSY_RECHECK_MS);
  else if (now < deadline)
    schedule_check (self, (guint) MIN ((deadline - now + 999) / 1000, G_MAXUINT));
  else if (self->inhibited)
    schedule_check (self, (guint) MIN ((gint64) self->timeout_seconds * 1000, G_MAXUINT));
  else
    g_signal_emit (self, signals[SIGNAL_IDLE], 0);

  return G_SOURCE_REMOVE;
}

static void
schedule_check (RsIdleMonitor *self,
                guint          delay_ms)
{
  self->check_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->check_source, on_check, self, NULL);
  g_source_set_static_name (self->check_source, "[recurring-sales-service] idle check");
  g_source_attach (self->check_source, g_main_context_get_thread_default ());
}

static void
rs_idle_monitor_dispose (GObject *object)
{
  RsIdleMonitor *self = RS_IDLE_MONITOR (object);

  if (self->check_source != NULL)
    g_source_destroy (self->check_source);
  g_clear_pointer (&self->check_source, g_source_unref);

  if (self->filter_id != 0)
    g_dbus_connection_remove_filter (self->connection, self->filter_id);
  self->filter_id = 0;
  g_clear_object (&self->connection);
  g_clear_pointer (&self->counters, call_counters_release);

  G_OBJECT_CLASS (rs_idle_monitor_parent_class)->dispose (object);
}

static void
rs_idle_monitor_class_init (RsIdleMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rs_idle_monitor_dispose;

  /**
   * RsIdleMonitor::idle:
   *
   * No call arrived for the timeout and none is waiting for its answer.
   */
  signals[SIGNAL_IDLE] = g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rs_idle_monitor_init (RsIdleMonitor *self)
{
}

RsIdleMonitor *
rs_idle_monitor_new (GDBusConnection *connection,
                     guint            timeout_seconds)
{
  RsIdleMonitor *self;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);

  self = g_object_new (RS_TYPE_IDLE_MONITOR, NULL);
  self->connection = g_object_ref (connection);
  self->timeout_seconds = timeout_seconds;
  self->counters = g_atomic_rc_box_new0 (CallCounters);
  g_mutex_init (&self->counters->lock);
  self->counters->last_call_time = g_get_monotonic_time ();

  /* The filter holds its own reference: it may run once more after it is removed. */
  self->filter_id = g_dbus_connection_add_filter (connection, filter_message,
                                                  g_atomic_rc_box_acquire (self->counters),
                                                  call_counters_release);

  if (timeout_seconds > 0)
    schedule_check (self, (guint) MIN ((guint64) timeout_seconds * 1000, G_MAXUINT));

  return self;
}

guint
rs_idle_monitor_get_n_pending (RsIdleMonitor *self)
{
  g_return_val_if_fail (RS_IS_IDLE_MONITOR (self), 0);

  return (guint) MAX (g_atomic_int_get (&self->counters->n_pending), 0);
}

void
rs_idle_monitor_set_inhibited (RsIdleMonitor *self,
                               gboolean       inhibited)
{
  g_return_if_fail (RS_IS_IDLE_MONITOR (self));

  if (self->inhibited && !inhibited)
    {
      /* A full timeout from now: the service may have just finished mailing. */
      g_mutex_lock (&self->counters->lock);
      self->counters->last_call_time = g_get_monotonic_time ();
      g_mutex_unlock (&self->counters->lock);
    }
  self->inhibited = inhibited;
}
