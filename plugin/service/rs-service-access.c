/* rs-service-access.c: only the user who runs the service may call it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session bus normally only lets its own user connect, but root can connect to any bus, and a
 * bus can be configured to let others in: the sales are the user's business, so the service
 * checks each sender itself, first thing in each method handler. Not with GDBus's
 * g-authorize-method: with a handler connected, GDBus authorizes every call in a worker thread
 * of its own, and calls that one client sent in a row could run in another order (3 of 500
 * pipelined AddSale calls did). The bus is asked once per sender, blocking the main loop for
 * one round trip. What it answered is shared with GDBus's worker thread, where GetSale is
 * answered for the senders already known (rs-service-reads.c): hence the lock and the
 * reference count.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "rs-service-access.h"

/* Plenty for the clients of one session; past it the cache starts over rather than grow. */
#define MAX_CACHED_SENDERS 1024
#define BUS_CALL_TIMEOUT_MS 10000

struct _RsServiceAccess
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  GHashTable      *sender_uids;  /* unique bus name → GUINT_TO_POINTER (Unix user id); lock */
};

RsServiceAccess *
rs_service_access_new (void)
{
  RsServiceAccess *self = g_new0 (RsServiceAccess, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  self->sender_uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

RsServiceAccess *
rs_service_access_ref (RsServiceAccess *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
rs_service_access_unref (RsServiceAccess *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->sender_uids);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static gboolean
lookup_sender_uid (RsServiceAccess *self,
                   const char      *sender,
                   guint           *out_uid)
{
  gpointer value;
  gboolean known;

  g_mutex_lock (&self->lock);
  known = g_hash_table_lookup_extended (self->sender_uids, sender, NULL, &value);
  g_mutex_unlock (&self->lock);

  if (known)
    *out_uid = GPOINTER_TO_UINT (value);
  return known;
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

static gboolean
find_sender_uid (RsServiceAccess *self,
                 GDBusConnection *connection,
                 const char      *sender,
                 guint           *out_uid)
{
  g_autoptr(GError) error = NULL;

  if (lookup_sender_uid (self, sender, out_uid))
    return TRUE;

  if (!ask_sender_uid (connection, sender, out_uid, &error))
    {
      g_warning ("Could not ask the bus which user %s is: %s", sender, error->message);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  if (g_hash_table_size (self->sender_uids) >= MAX_CACHED_SENDERS)
    g_hash_table_remove_all (self->sender_uids);
  g_hash_table_insert (self->sender_uids, g_strdup (sender), GUINT_TO_POINTER (*out_uid));
  g_mutex_unlock (&self->lock);
  return TRUE;
}

gboolean
rs_service_access_check (RsServiceAccess       *self,
                         GDBusMethodInvocation *invocation)
{
  const char *sender;
  guint sender_uid;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_DBUS_METHOD_INVOCATION (invocation), FALSE);

  sender = g_dbus_method_invocation_get_sender (invocation);

  /* No sender: a peer-to-peer connection, which the service never offers. */
  if (sender != NULL &&
      find_sender_uid (self, g_dbus_method_invocation_get_connection (invocation), sender,
                       &sender_uid) &&
      sender_uid == getuid ())
    return TRUE;

  g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR,
                                                 G_DBUS_ERROR_ACCESS_DENIED,
                                                 /* Translators: the answer to a program of
                                                  * another user that tried to use the service */
                                                 _("Only the user who runs the recurring sales "
                                                   "service may use it."));
  return FALSE;
}

gboolean
rs_service_access_is_known_allowed (RsServiceAccess *self,
                                    const char      *sender)
{
  guint sender_uid;

  g_return_val_if_fail (self != NULL, FALSE);

  return sender != NULL && lookup_sender_uid (self, sender, &sender_uid) &&
         sender_uid == getuid ();
}
