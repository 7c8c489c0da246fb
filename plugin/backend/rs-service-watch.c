/* rs-service-watch.c: the recurring-sales service as the backend sees it — changes and restarts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One generated proxy does both jobs: its "sales-changed" signal is SalesChanged, and its
 * g-name-owner tells when the service (re)appears. It never starts the service by itself
 * (DO_NOT_AUTO_START): the service exits when idle, and a calendar that is merely open must
 * not keep it running.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-dbus-generated.h"
#include "rs-service-watch.h"

/* Long enough for a first start that creates the store and checks a large one. */
#define ACTIVATION_TIMEOUT_MS (60 * 1000)

struct _RsServiceWatch
{
  GObject                parent_instance;

  RsDBusRecurringSales1 *proxy;
};

enum {
  SIGNAL_SALES_CHANGED,
  SIGNAL_SERVICE_APPEARED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RsServiceWatch, rs_service_watch, G_TYPE_OBJECT)

static void
rs_service_watch_dispose (GObject *object)
{
  RsServiceWatch *self = RS_SERVICE_WATCH (object);

  if (self->proxy != NULL)
    g_signal_handlers_disconnect_by_data (self->proxy, self);
  g_clear_object (&self->proxy);

  G_OBJECT_CLASS (rs_service_watch_parent_class)->dispose (object);
}

static void
rs_service_watch_class_init (RsServiceWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rs_service_watch_dispose;

  signals[SIGNAL_SALES_CHANGED] =
    g_signal_new ("sales-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
  signals[SIGNAL_SERVICE_APPEARED] =
    g_signal_new ("service-appeared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rs_service_watch_init (RsServiceWatch *self)
{
}

static void
on_sales_changed (RsDBusRecurringSales1 *proxy,
                  const char * const    *uids,
                  guint64                revision,
                  RsServiceWatch        *self)
{
  g_signal_emit (self, signals[SIGNAL_SALES_CHANGED], 0, revision);
}

static void
on_name_owner_changed (GObject        *proxy,
                       GParamSpec     *pspec,
                       RsServiceWatch *self)
{
  g_autofree char *owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (proxy));

  if (owner != NULL)
    g_signal_emit (self, signals[SIGNAL_SERVICE_APPEARED], 0);
}

RsServiceWatch *
rs_service_watch_new_sync (GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(RsServiceWatch) self = g_object_new (RS_TYPE_SERVICE_WATCH, NULL);
  g_autoptr(GDBusConnection) connection = NULL;

  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, error);
  if (connection == NULL)
    return NULL;

  /* A proxy delivers its signals in the thread-default main context of the thread that made
   * it. Backends are opened in EDS's dispatch threads (e-cal-backend.c), which push none, so
   * that is the global default context: the factory's main loop. (It cannot be pushed here
   * explicitly: the main thread owns it.) */
  g_warn_if_fail (g_main_context_get_thread_default () == NULL ||
                  g_main_context_get_thread_default () == g_main_context_default ());
  self->proxy = rs_dbus_recurring_sales1_proxy_new_sync (connection,
                                                         G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START |
                                                         G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                         RS_SERVICE_WATCH_BUS_NAME,
                                                         RS_SERVICE_WATCH_OBJECT_PATH,
                                                         cancellable, error);
  if (self->proxy == NULL)
    return NULL;

  g_signal_connect (self->proxy, "sales-changed", G_CALLBACK (on_sales_changed), self);
  g_signal_connect (self->proxy, "notify::g-name-owner", G_CALLBACK (on_name_owner_changed), self);
  return g_steal_pointer (&self);
}

gboolean
rs_service_watch_activate_sync (RsServiceWatch  *self,
                                GCancellable    *cancellable,
                                GError         **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RS_IS_SERVICE_WATCH (self), FALSE);

  /* Any call starts a service by activation; Peer.Ping is answered by GDBus itself and needs
   * nothing from the store. The service opens (and creates) the store before it takes its
   * name, so the store exists once this returns. */
  reply = g_dbus_connection_call_sync (g_dbus_proxy_get_connection (G_DBUS_PROXY (self->proxy)),
                                       RS_SERVICE_WATCH_BUS_NAME, RS_SERVICE_WATCH_OBJECT_PATH,
                                       "org.freedesktop.DBus.Peer", "Ping", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, ACTIVATION_TIMEOUT_MS,
                                       cancellable, &local_error);
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (local_error);
      g_set_error (error, local_error->domain, local_error->code,
                   /* Translators: %s is the reason given by D-Bus */
                   _("The recurring-sales service could not be started: %s"),
                   local_error->message);
      return FALSE;
    }

  return TRUE;
}
