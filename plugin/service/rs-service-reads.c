/* rs-service-reads.c: GetSale, ListSales and ListSalesPage answered outside the main thread,
 * from the last snapshot of the sales, while the main thread makes changes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Under load most calls are GetSale, each a few microseconds of work, and each used to wait
 * for the main thread: behind the writes (a commit waits for the disk) and, on a busy machine,
 * for a processor twice (the main thread to answer, then GDBus's worker thread to send).
 * Measured under the load test, most of a GetSale's time in the service was that wait
 * (docs/benchmarks.md). So a connection filter, which GDBus runs in its worker thread as each
 * message arrives, answers GetSale there and then, queues ListSales and ListSalesPage
 * (milliseconds: every sale is looked at) for a reading thread of its own, and hands every
 * other message on.
 *
 * What keeps the answers the same as the main thread's:
 * - The main thread publishes a snapshot of the sales (rs-service-snapshot.c) after each
 *   change, before its reply and its SalesChanged: a client that got either and then asks
 *   sees the change (read-your-writes).
 * - The snapshot is used only when its revision is the store's, read each time over a
 *   read-only connection of our own (a few microseconds in WAL mode, never waiting for a
 *   writer), or when the store is exactly at the main thread's own change that it is about to
 *   publish (snapshot_is_current ()). Otherwise another writer committed, and the call goes on
 *   to the main thread, which catches up as before. (A change that another writer commits
 *   while the main thread writes one of its own is seen once the main thread publishes.)
 * - Only callers that the main thread already found to be the user's own are answered here
 *   (asking the bus would block the worker thread that reads its answer); the first call of a
 *   new client, and every refusal, go through the main thread.
 * - Anything else — another method, a wrong signature, a filter that is not valid, no store —
 *   goes on unchanged, so the errors are GDBus's and the main thread's as before.
 * Calls that one client sends without waiting for the replies may now be answered out of
 * order (a GetSale before an UpdateSale sent earlier), as Upcoming already is. A ListSales is
 * of the snapshot that was current when it arrived.
 */
#include "config.h"

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-sale-variant.h>
#include <recurring-sales/rs-store.h>
#include "rs-background-thread.h"
#include "rs-dbus-generated.h"
#include "rs-service-args.h"
#include "rs-service-private.h"
#include "rs-service-reads.h"
#include "rs-service-sale-pages.h"

struct _RsServiceReads
{
  gatomicrefcount    ref_count;
  char              *store_path;
  RsServiceAccess   *access;
  GDBusConnection   *connection;  /* main thread */
  guint              filter_id;   /* main thread */
  int                answering;   /* atomic: between start and stop */

  GMutex             lock;
  RsServiceSnapshot *snapshot;    /* under lock */
  guint64            own_commit;  /* under lock: the store revision of the main thread's
                                   * change committed and not published yet, or 0 */

  GMutex             store_lock;
  RsStore           *store;       /* read-only, opened at the first use; under store_lock */
  gboolean           store_failed;  /* under store_lock: not again until the next snapshot */

  GThreadPool       *list_readers;  /* ListSales, in the order they came */
};

/* A ListSales or ListSalesPage to answer in a reading thread, from the snapshot current when
 * it came. */
typedef struct {
  GDBusConnection   *connection;
  GDBusMessage      *message;
  RsServiceSnapshot *snapshot;
  RsSaleFilter      *filter;
  gboolean           page;   /* ListSalesPage, with @limit and @place */
  guint              limit;
  RsSalePlace       *place;
} ListRead;

static void
list_read_free (ListRead *read)
{
  g_object_unref (read->connection);
  g_object_unref (read->message);
  rs_service_snapshot_unref (read->snapshot);
  rs_sale_filter_free (read->filter);
  rs_sale_place_free (read->place);
  g_free (read);
}

static void send_reply (GDBusConnection *connection,
                        GDBusMessage    *message,
                        GDBusMessage    *reply);
static void read_list   (gpointer         data,
                         gpointer         user_data);

RsServiceReads *
rs_service_reads_new (const char      *store_path,
                      RsServiceAccess *access)
{
  RsServiceReads *self = g_new0 (RsServiceReads, 1);

  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (access != NULL, NULL);

  g_atomic_ref_count_init (&self->ref_count);
  self->store_path = g_strdup (store_path);
  self->access = rs_service_access_ref (access);
  g_mutex_init (&self->lock);
  g_mutex_init (&self->store_lock);
  /* One thread: a ListSales of every sale takes milliseconds at 10,000 sales, too long for
   * GDBus's worker thread, which reads and writes every message of the connection. Its own
   * (exclusive), since it runs at a lower priority (rs-background-thread.c); when no thread could
   * be made, the main thread answers them, as any call. */
  self->list_readers = g_thread_pool_new (read_list, self, 1, TRUE, NULL);
  return self;
}

RsServiceReads *
rs_service_reads_ref (RsServiceReads *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
rs_service_reads_unref (RsServiceReads *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_warn_if_fail (self->filter_id == 0);
  /* The reads queued still answer: read_list () uses @self without a reference. */
  if (self->list_readers != NULL)
    g_thread_pool_free (self->list_readers, FALSE, TRUE);
  g_clear_pointer (&self->snapshot, rs_service_snapshot_unref);
  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->store_lock);
  rs_service_access_unref (self->access);
  g_free (self->store_path);
  g_free (self);
}

void
rs_service_reads_publish (RsServiceReads    *self,
                          RsServiceSnapshot *snapshot)
{
  RsServiceSnapshot *old;

  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  old = g_steal_pointer (&self->snapshot);
  self->snapshot = snapshot != NULL ? rs_service_snapshot_ref (snapshot) : NULL;
  self->own_commit = 0;
  g_mutex_unlock (&self->lock);

  /* Outside the lock: the last reference to a base frees every sale of it. */
  g_clear_pointer (&old, rs_service_snapshot_unref);

  g_mutex_lock (&self->store_lock);
  self->store_failed = FALSE;
  g_mutex_unlock (&self->store_lock);
}

void
rs_service_reads_note_commit (RsServiceReads *self,
                              guint64         revision)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->own_commit = revision;
  g_mutex_unlock (&self->lock);
}

static RsServiceSnapshot *
current_snapshot (RsServiceReads *self,
                  guint64        *out_own_commit)
{
  RsServiceSnapshot *snapshot;

  g_mutex_lock (&self->lock);
  snapshot = self->snapshot != NULL ? rs_service_snapshot_ref (self->snapshot) : NULL;
  *out_own_commit = self->own_commit;
  g_mutex_unlock (&self->lock);
  return snapshot;
}

/* Whether @snapshot may answer for the store as it is now: it is of the store's revision, or
 * the store is exactly at the main thread's change that is not published yet. That change is
 * not acknowledged to anyone until it is (its reply and SalesChanged come after), so a call
 * answered meanwhile may not see it yet. Without this, every call that came between a commit
 * and its snapshot would wait for the main thread: rare for a single sale, but an Import of
 * 10,000 sales spends a good part of its time there (the memory and the agenda's index). */
static gboolean
snapshot_is_current (RsServiceReads    *self,
                     RsServiceSnapshot *snapshot,
                     guint64            own_commit)
{
  g_autoptr(GError) error = NULL;
  gboolean current = FALSE;

  g_mutex_lock (&self->store_lock);
  if (self->store == NULL && !self->store_failed)
    {
      self->store = rs_store_open_readonly_sync (self->store_path, NULL, &error);
      if (self->store == NULL)
        {
          g_debug ("GetSale goes to the main thread: %s", error->message);
          self->store_failed = TRUE;
        }
    }
  if (self->store != NULL)
    {
      guint64 revision = rs_store_get_revision (self->store);

      current = revision == rs_service_snapshot_get_revision (snapshot) ||
                (own_commit > rs_service_snapshot_get_revision (snapshot) &&
                 revision == own_commit);
    }
  g_mutex_unlock (&self->store_lock);

  return current;
}

/* The snapshot to answer @message from, or NULL when the main thread is to answer it. */
static RsServiceSnapshot *
usable_snapshot (RsServiceReads *self,
                 GDBusMessage   *message)
{
  g_autoptr(RsServiceSnapshot) snapshot = NULL;
  guint64 own_commit;

  if (!rs_service_access_is_known_allowed (self->access, g_dbus_message_get_sender (message)))
    return NULL;

  snapshot = current_snapshot (self, &own_commit);
  if (snapshot == NULL || !snapshot_is_current (self, snapshot, own_commit))
    return NULL;

  return g_steal_pointer (&snapshot);
}

/* The reply to @message, a GetSale call, or NULL when the main thread is to answer it. */
static GDBusMessage *
answer_get_sale (RsServiceReads *self,
                 GDBusMessage   *message)
{
  g_autoptr(RsServiceSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *error_name = NULL;
  GDBusMessage *reply;
  GVariant *body = g_dbus_message_get_body (message);
  const char *uid;
  RsSale *sale;

  if (body == NULL || !g_variant_is_of_type (body, G_VARIANT_TYPE ("(s)")))
    return NULL;

  snapshot = usable_snapshot (self, message);
  if (snapshot == NULL)
    return NULL;

  g_variant_get (body, "(&s)", &uid);
  sale = rs_service_snapshot_lookup (snapshot, uid);
  if (sale != NULL)
    {
      reply = g_dbus_message_new_method_reply (message);
      g_dbus_message_set_body (reply, g_variant_new ("(@a{sv})", rs_sale_to_variant (sale)));
      return reply;
    }

  rs_service_set_not_found_error (&error, uid);
  error_name = g_dbus_error_encode_gerror (error);
  return g_dbus_message_new_method_error_literal (message, error_name, error->message);
}

static gboolean
match_sale_filter (gconstpointer  filter,
                   RsSale        *sale)
{
  return rs_sale_filter_matches (filter, sale);
}

/* In the reading thread. */
static void
read_list (gpointer data,
           gpointer user_data)
{
  ListRead *read = data;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GVariant) body = NULL;
  g_autoptr(GDBusMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_autofree char *next = NULL;

  rs_background_thread_enter ();
  if (read->page)
    {
      sales = rs_service_sale_page (rs_service_snapshot_get_by_client (read->snapshot),
                                    match_sale_filter, read->filter, read->place, read->limit,
                                    &next);
    }
  else
    {
      GPtrArray *sorted = rs_service_snapshot_get_by_client (read->snapshot);

      sales = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < sorted->len; i++)
        {
          RsSale *sale = g_ptr_array_index (sorted, i);

          if (rs_sale_filter_matches (read->filter, sale))
            g_ptr_array_add (sales, g_object_ref (sale));
        }
    }
  body = rs_service_list_message_reply (read->message, sales,
                                        (RsServiceToVariantFunc) rs_sale_to_variant, &error);
  if (body != NULL)
    {
      reply = g_dbus_message_new_method_reply (read->message);
      if (read->page)
        g_dbus_message_set_body (reply, g_variant_new ("(@aa{sv}s)", body, next));
      else
        g_dbus_message_set_body (reply, g_variant_new_tuple (&body, 1));
    }
  else
    {
      g_autofree char *error_name = g_dbus_error_encode_gerror (error);

      reply = g_dbus_message_new_method_error_literal (read->message, error_name,
                                                       error->message);
    }

  send_reply (read->connection, read->message, reply);
  list_read_free (read);
}

/* TRUE when @message, a ListSales or (@page) ListSalesPage call, is to be answered in the
 * reading thread (queued). A filter, page size or cursor that is not valid goes to the main
 * thread, which answers why. */
static gboolean
queue_list_sales (RsServiceReads  *self,
                  GDBusConnection *connection,
                  GDBusMessage    *message,
                  gboolean         page)
{
  g_autoptr(RsServiceSnapshot) snapshot = NULL;
  g_autoptr(GVariant) filter_dict = NULL;
  g_autoptr(RsSalePlace) place = NULL;
  RsSaleFilter *filter;
  GVariant *body = g_dbus_message_get_body (message);
  guint limit = 0;
  ListRead *read;

  if (self->list_readers == NULL || body == NULL ||
      !g_variant_is_of_type (body, G_VARIANT_TYPE (page ? "(a{sv}us)" : "(a{sv})")))
    return FALSE;

  if (page)
    {
      const char *after;

      g_variant_get_child (body, 1, "u", &limit);
      g_variant_get_child (body, 2, "&s", &after);
      if (!rs_service_check_sale_page_limit (limit, NULL) ||
          !rs_sale_place_parse (after, &place, NULL))
        return FALSE;
    }

  snapshot = usable_snapshot (self, message);
  if (snapshot == NULL)
    return FALSE;

  filter_dict = g_variant_get_child_value (body, 0);
  filter = rs_sale_filter_new_from_variant (filter_dict, NULL);
  if (filter == NULL)
    return FALSE;

  read = g_new0 (ListRead, 1);
  read->connection = g_object_ref (connection);
  read->message = g_object_ref (message);
  read->snapshot = g_steal_pointer (&snapshot);
  read->filter = filter;
  read->page = page;
  read->limit = limit;
  read->place = g_steal_pointer (&place);
  g_thread_pool_push (self->list_readers, read, NULL);
  return TRUE;
}

static gboolean
is_call_of_ours (GDBusMessage *message)
{
  return g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
         g_strcmp0 (g_dbus_message_get_path (message), RS_SERVICE_OBJECT_PATH) == 0 &&
         g_strcmp0 (g_dbus_message_get_interface (message),
                    rs_dbus_recurring_sales1_interface_info ()->name) == 0;
}

/* Queued, not written here: GDBus's worker thread writes it. */
static void
send_reply (GDBusConnection *connection,
            GDBusMessage    *message,
            GDBusMessage    *reply)
{
  g_autoptr(GError) error = NULL;

  if (!(g_dbus_message_get_flags (message) & G_DBUS_MESSAGE_FLAGS_NO_REPLY_EXPECTED) &&
      !g_dbus_connection_send_message (connection, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL,
                                       &error))
    g_debug ("A reply to %s could not be sent: %s", g_dbus_message_get_member (message),
             error->message);
}

/* In GDBus's worker thread, for every message in and out; must not block. */
static GDBusMessage *
filter_message (GDBusConnection *connection,
                GDBusMessage    *message,
                gboolean         incoming,
                gpointer         user_data)
{
  RsServiceReads *self = user_data;
  g_autoptr(GDBusMessage) reply = NULL;
  const char *member;

  if (!incoming || !is_call_of_ours (message) || !g_atomic_int_get (&self->answering))
    return message;

  member = g_dbus_message_get_member (message);
  if (g_strcmp0 (member, "GetSale") == 0)
    {
      reply = answer_get_sale (self, message);
      if (reply == NULL)
        return message;
      send_reply (connection, message, reply);
    }
  else if (g_strcmp0 (member, "ListSales") == 0)
    {
      if (!queue_list_sales (self, connection, message, FALSE))
        return message;
    }
  else if (g_strcmp0 (member, "ListSalesPage") != 0 ||
           !queue_list_sales (self, connection, message, TRUE))
    return message;

  g_object_unref (message);
  return NULL;
}

void
rs_service_reads_start (RsServiceReads  *self,
                        GDBusConnection *connection)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_DBUS_CONNECTION (connection));
  g_return_if_fail (self->filter_id == 0);

  self->connection = g_object_ref (connection);
  g_atomic_int_set (&self->answering, TRUE);
  /* The filter may still run for a moment after its removal: it holds a reference. */
  self->filter_id = g_dbus_connection_add_filter (connection, filter_message,
                                                  rs_service_reads_ref (self),
                                                  (GDestroyNotify) rs_service_reads_unref);
}

void
rs_service_reads_stop (RsServiceReads *self)
{
  g_return_if_fail (self != NULL);

  if (self->filter_id == 0)
    return;

  g_atomic_int_set (&self->answering, FALSE);
  g_dbus_connection_remove_filter (self->connection, self->filter_id);
  self->filter_id = 0;
  g_clear_object (&self->connection);
}
