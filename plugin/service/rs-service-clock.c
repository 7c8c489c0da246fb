/* rs-service-clock.c: what time it is for the reminder dispatcher
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <recurring-sales/rs-date.h>
#include "rs-service-clock.h"

struct _RsServiceClock
{
  GObject       parent_instance;

  char         *path;          /* NULL for the real clock */
  GFileMonitor *monitor;
  gint64        last_time;     /* the last good time read from the file */
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RsServiceClock, rs_service_clock, G_TYPE_OBJECT)

static gboolean
read_clock_file (RsServiceClock  *self,
                 GError         **error)
{
  gint64 time;

  if (!rs_date_read_clock_file (self->path, &time, error))
    return FALSE;

  self->last_time = time;
  return TRUE;
}

static void
on_clock_file_changed (GFileMonitor      *monitor,
                       GFile             *file,
                       GFile             *other_file,
                       GFileMonitorEvent  event,
                       gpointer           user_data)
{
  RsServiceClock *self = user_data;
  g_autoptr(GError) error = NULL;

  if (event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT && event != G_FILE_MONITOR_EVENT_CREATED &&
      event != G_FILE_MONITOR_EVENT_RENAMED && event != G_FILE_MONITOR_EVENT_MOVED_IN)
    return;

  if (!read_clock_file (self, &error))
    {
      g_warning ("%s", error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
rs_service_clock_finalize (GObject *object)
{
  RsServiceClock *self = RS_SERVICE_CLOCK (object);

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (rs_service_clock_parent_class)->finalize (object);
}

static void
rs_service_clock_class_init (RsServiceClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rs_service_clock_finalize;

  /**
   * RsServiceClock::changed:
   *
   * The time of a file clock was set; never emitted by the real clock.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
rs_service_clock_init (RsServiceClock *self)
{
}

RsServiceClock *
rs_service_clock_new_real (void)
{
  return g_object_new (RS_TYPE_SERVICE_CLOCK, NULL);
}

RsServiceClock *
rs_service_clock_new_from_file (const char  *path,
                                GError     **error)
{
  g_autoptr(RsServiceClock) self = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RS_TYPE_SERVICE_CLOCK, NULL);
  self->path = g_strdup (path);
  if (!read_clock_file (self, error))
    return NULL;

  /* A test replaces the file (write, then rename) or rewrites it: watch the name. */
  file = g_file_new_for_path (path);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, error);
  if (self->monitor == NULL)
    return NULL;
  g_file_monitor_set_rate_limit (self->monitor, 0);
  g_signal_connect (self->monitor, "changed", G_CALLBACK (on_clock_file_changed), self);

  return g_steal_pointer (&self);
}

gboolean
rs_service_clock_is_real (RsServiceClock *self)
{
  g_return_val_if_fail (RS_IS_SERVICE_CLOCK (self), TRUE);

  return self->path == NULL;
}

gint64
rs_service_clock_now (RsServiceClock *self)
{
  g_return_val_if_fail (RS_IS_SERVICE_CLOCK (self), 0);

  if (self->path == NULL)
    return g_get_real_time () / G_USEC_PER_SEC;

  return self->last_time;
}
