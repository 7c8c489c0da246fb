/* rs-service-access.c: only the user who runs the service may call it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session bus normally only lets its own user connect, but root can connect to any bus, and a
 * bus can be configured to let others in: the sales are the user's business, so the service
 * checks each sender itself. GDBus emits g-authorize-method in a worker thread, which is why a
 * blocking question to the bus is fine here and why the cache has a lock.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "rs-service-access.h"

/* Plenty for the clients of one session; past it the cache starts over rather than grow. */
#define MAX_CACHED_SENDERS 1024
#define BUS_CALL_TIMEOUT_MS 10000

typedef struct {
  GMutex      lock;
  GHashTable *sender_uids;  /* unique bus name → GUINT_TO_POINTER (Unix user id) */
} AccessCache;

static AccessCache *
access_cache_new (void)
{
  AccessCache *cache = g_new0 (AccessCache, 1);

  g_mutex_init (&cache->lock);
  cache->sender_uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return cache;
}

static void
access_cache_free (gpointer data,
                   GClosure *closure)
{
  AccessCache *cache = data;

  g_hash_table_unref (cache->sender_uids);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

static gboolean
access_cache_lookup (AccessCache *cache,
                     const char  *sender,
                     guint       *out_uid)
{
  gpointer value;
  gboolean found;

  g_mutex_lock (&cache->lock);
  found = g_hash_table_lookup_extended (cache->sender_uids, sender, NULL, &value);
  g_mutex_unlock (&cache->lock);

  if (found)
    *out_uid = GPOINTER_TO_UINT (value);
  return found;
}

static void
access_cache_insert (AccessCache *cache,
                     const char  *sender,
                     guint        uid)
{
  g_mutex_lock (&cache->lock);
  if (g_hash_table_size (cache->sender_uids) >= MAX_CACHED_SENDERS)
    g_hash_table_remove_all (cache->sender_uids);
  g_hash_table_insert (cache->sender_uids, g_strdup (sender), GUINT_TO_POINTER (uid));
  g_mutex_unlock (&cache->lock);
}

static gboolean
ask_sender_uid (GDBusConnection  *connection,
                const char       *sender,
                guint            *out_uid,
                GError          **error)
{
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixUser",
                                       g_variant_new ("(s)", sender), G_VARIANT_TYPE ("(u)"),
                                       G_DBUS_CALL_FLAGS_NONE, BUS_CALL_TIMEOUT_MS, NULL, error);
  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(u)", out_uid);
  return TRUE;
}

/* The Unix user of @sender, from the cache or else from the bus. */
static gboolean
find_sender_uid (AccessCache     *cache,
                 GDBusConnection *connection,
                 const char      *sender,
                 guint           *out_uid)
{
  g_autoptr(GError) error = NULL;

  if (access_cache_lookup (cache, sender, out_uid))
    return TRUE;

  if (!ask_sender_uid (connection, sender, out_uid, &error))
    {
      g_warning ("Could not ask the bus which user %s is: %s", sender, error->message);
      return FALSE;
    }

  access_cache_insert (cache, sender, *out_uid);
  return TRUE;
}

static gboolean
on_authorize_method (GDBusInterfaceSkeleton *skeleton,
                     GDBusMethodInvocation  *invocation,
                     gpointer                user_data)
{
  AccessCache *cache = user_data;
  const char *sender = g_dbus_method_invocation_get_sender (invocation);
  guint sender_uid;

  /* No sender: a peer-to-peer connection, which the service never offers. */
  if (sender != NULL &&
      find_sender_uid (cache, g_dbus_method_invocation_get_connection (invocation), sender,
                       &sender_uid) &&
      sender_uid == getuid ())
    return TRUE;

  /* Refusing is this handler's job: GDBus runs nothing more for the call. */
  g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR,
                                                 G_DBUS_ERROR_ACCESS_DENIED,
                                                 /* Translators: the answer to a program of
                                                  * another user that tried to use the service */
                                                 _("Only the user who runs the recurring sales "
                                                   "service may use it."));
  return FALSE;
}

void
rs_service_access_restrict (GDBusInterfaceSkeleton *skeleton)
{
  g_return_if_fail (G_IS_DBUS_INTERFACE_SKELETON (skeleton));

  g_signal_connect_data (skeleton, "g-authorize-method", G_CALLBACK (on_authorize_method),
                         access_cache_new (), access_cache_free, 0);
}
