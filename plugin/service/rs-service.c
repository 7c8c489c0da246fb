/* rs-service.c: the recurring sales on the session bus — the store's only writer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One short handler per method of io.github.recurring_sales.RecurringSales1 (see the
 * introspection XML for what each promises), grouped by area in rs-service-*.c (see
 * rs-service-private.h). Every sale is also kept in memory, replaced after each committed
 * write, so that ListSales, Upcoming and Export never read the database: the store is the
 * truth, the memory a copy that is never changed in place. A refused call changes nothing:
 * each write is one store transaction, and memory follows only after it committed.
 *
 * The service is meant to be the store's only writer, but the same user may run a second
 * instance on another session bus (a remote login), and an instance that has just released its
 * name still answers the calls it had accepted. So each call first compares the store's
 * revision with the one the memory reflects, and reads back (and announces) what another
 * writer committed.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-date.h>
#include "rs-dbus-errors.h"
#include <recurring-sales/rs-error.h>
#include "rs-service-private.h"
#include <recurring-sales/rs-text.h>

/* A bus disconnects a sender whose message is larger than it accepts, which would end the
 * service for every client: a reply that big becomes an error instead. D-Bus itself allows
 * 128 MiB messages and 64 MiB arrays; the session bus's configuration accepts those, but
 * dbus-daemon's built-in limit (buses without a <limit> block, such as GTestDBus's) is 32 MiB,
 * and that is the one every bus accepts. Below CHEAP_REPLY_BYTES of GVariant data no reply
 * comes near (the D-Bus form of a dictionary takes at most a few times as much). */
#define MAX_REPLY_BYTES        (32 * 1024 * 1024 - 64 * 1024)
#define CHEAP_REPLY_BYTES      (8 * 1024 * 1024)

G_DEFINE_FINAL_TYPE (RsService, rs_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SYNCS_AHEAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Answering calls */

/* Errors outside RS_ERROR (none are expected) still get a name of ours rather than GDBus's
 * "UnmappedGError". */
gboolean
rs_service_return_error (GDBusMethodInvocation *invocation,
                         const GError          *error)
{
  if (error->domain == RS_ERROR)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    g_dbus_method_invocation_return_error_literal (invocation, RS_ERROR, RS_ERROR_FAILED,
                                                   error->message);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

gboolean
rs_service_check_reply_size (GDBusMethodInvocation  *invocation,
                             GVariant               *body,
                             GError                **error)
{
  return rs_service_check_message_reply_size (g_dbus_method_invocation_get_message (invocation),
                                              body, error);
}

gboolean
rs_service_check_message_reply_size (GDBusMessage  *call,
                                     GVariant      *body,
                                     GError       **error)
{
  g_autoptr(GDBusMessage) reply = NULL;
  g_autofree guchar *blob = NULL;
  g_autofree char *size_text = NULL;
  gsize size = 0;

  if (g_variant_get_size (body) <= CHEAP_REPLY_BYTES)
    return TRUE;

  /* Measured exactly, the way GDBus will send it. */
  reply = g_dbus_message_new_method_reply (call);
  g_dbus_message_set_body (reply, g_variant_new_tuple (&body, 1));
  blob = g_dbus_message_to_blob (reply, &size, G_DBUS_CAPABILITY_FLAGS_NONE, NULL);
  if (blob != NULL && size <= MAX_REPLY_BYTES)
    return TRUE;

  size_text = g_format_size (blob != NULL ? size : g_variant_get_size (body));
  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: %s is a size such as "79.2 MB" */
               _("The answer would take %s, more than a D-Bus message can carry; ask for less, "
                 "for example with a filter or a shorter window."), size_text);
  return FALSE;
}

GVariant *
rs_service_list_reply (GDBusMethodInvocation   *invocation,
                       GPtrArray               *items,
                       RsServiceToVariantFunc   to_variant,
                       GError                 **error)
{
  return rs_service_list_message_reply (g_dbus_method_invocation_get_message (invocation), items,
                                        to_variant, error);
}

GVariant *
rs_service_list_message_reply (GDBusMessage            *call,
                               GPtrArray               *items,
                               RsServiceToVariantFunc   to_variant,
                               GError                 **error)
{
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < items->len; i++)
    g_variant_builder_add_value (&builder, to_variant (g_ptr_array_index (items, i)));

  reply = g_variant_ref_sink (g_variant_builder_end (&builder));
  if (!rs_service_check_message_reply_size (call, reply, error))
    return NULL;

  return g_steal_pointer (&reply);
}

/* The sales in memory */

/* The memory follows a change only after it committed: the first time it does for a change
 * of our own, GetSale's readers learn the store revision it committed at. */
static void
service_note_commit (RsService *self)
{
  if (self->commit_noted || self->catching_up || self->store == NULL)
    return;

  rs_service_reads_note_commit (self->reads, rs_store_get_revision (self->store));
  self->commit_noted = TRUE;
}

void
rs_service_keep (RsService *self,
                 RsSale    *sale)
{
  service_note_commit (self);
  g_hash_table_replace (self->sales, g_strdup (rs_sale_get_uid (sale)), g_object_ref (sale));
  rs_service_agenda_set_sale (self->agenda, sale);
  g_hash_table_add (self->unpublished, g_strdup (rs_sale_get_uid (sale)));
}

void
rs_service_keep_all (RsService *self,
                     GPtrArray *sales)
{
  service_note_commit (self);
  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);

      g_hash_table_replace (self->sales, g_strdup (rs_sale_get_uid (sale)), g_object_ref (sale));
    }
  rs_service_agenda_set_sales (self->agenda, sales);
  self->unpublished_all = TRUE;
}

void
rs_service_forget (RsService  *self,
                   const char *uid)
{
  service_note_commit (self);
  rs_service_agenda_remove_sale (self->agenda, uid);
  g_hash_table_remove (self->sales, uid);
  g_hash_table_add (self->unpublished, g_strdup (uid));
}

void
rs_service_forget_all (RsService *self)
{
  service_note_commit (self);
  rs_service_agenda_remove_all (self->agenda);
  g_hash_table_remove_all (self->sales);
  self->unpublished_all = TRUE;
}

/* Also for changes by other writers: the stored sale is the truth. */
void
rs_service_reload (RsService  *self,
                   const char *uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = rs_store_get_sale (self->store, uid, &error);

  if (sale != NULL)
    {
      rs_service_keep (self, sale);
      return;
    }

  if (!g_error_matches (error, RS_ERROR, RS_ERROR_NOT_FOUND))
    g_warning ("The sale %s changed but could not be read back: %s", uid, error->message);
  rs_service_forget (self, uid);
}

/* For GetSale in GDBus's worker thread (rs-service-reads.c): the sales as they are at
 * @revision, published before the change's reply or signal goes out. */
static void
service_publish (RsService *self,
                 guint64    revision)
{
  RsServiceSnapshot *snapshot;

  if (self->store == NULL)
    {
      rs_service_reads_publish (self->reads, NULL);
      return;
    }

  snapshot = rs_service_snapshot_new (self->unpublished_all ? NULL : self->published,
                                      self->sales,
                                      self->unpublished_all ? NULL : self->unpublished,
                                      revision);
  rs_service_reads_publish (self->reads, snapshot);
  g_clear_pointer (&self->published, rs_service_snapshot_unref);
  self->published = snapshot;
  g_hash_table_remove_all (self->unpublished);
  self->unpublished_all = FALSE;
  self->commit_noted = FALSE;
}

void
rs_service_set_revision (RsService *self,
                         guint64    revision)
{
  self->revision = revision;
  service_publish (self, revision);
  rs_dbus_recurring_sales1_set_revision (self->skeleton, revision);
}

/* Reads back what other writers committed after the memory's revision, up to @revision, and
 * announces it. @ours (NULL-terminated, or NULL) are the uids the current call changed itself,
 * already in memory. */
static void
service_catch_up (RsService          *self,
                  const char * const *ours,
                  guint64             revision)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changed = rs_store_list_changed_since (self->store, self->revision, &error);
  g_autoptr(GHashTable) our_uids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) their_uids = g_ptr_array_new ();

  if (changed == NULL)
    {
      g_warning ("Could not read which sales changed in the store: %s", error->message);
      return;
    }

  for (guint i = 0; ours != NULL && ours[i] != NULL; i++)
    g_hash_table_add (our_uids, (gpointer) ours[i]);

  /* Their changes were acknowledged already: GetSale's readers must not take the store's
   * revision for one of ours that is not published yet. */
  self->catching_up = TRUE;
  for (guint i = 0; i < changed->len; i++)
    {
      const char *uid = g_ptr_array_index (changed, i);

      if (g_hash_table_contains (our_uids, uid))
        continue;
      rs_service_reload (self, uid);
      g_ptr_array_add (their_uids, (gpointer) uid);
    }
  self->catching_up = FALSE;

  rs_service_set_revision (self, revision);
  if (their_uids->len == 0)
    return;

  g_debug ("%u sales were changed by another writer.", their_uids->len);
  g_ptr_array_add (their_uids, NULL);
  rs_dbus_recurring_sales1_emit_sales_changed (self->skeleton,
                                               (const char * const *) their_uids->pdata, revision);
}

static gboolean service_load (RsService   *self,
                              const char  *store_path,
                              GError     **error);

/* A store that could not be opened (a full disk, another program's lock) is tried again at
 * each call, so that freeing space is enough; opening only reads a file that is not ours.
 * An unusable store too: the user may have moved it aside by hand.
 * (rs-service-main.c watches only a dispatcher that started with the process: one started
 * here does not keep the process alive while reminders lie ahead; the next start does.) */
gboolean
rs_service_open_store (RsService *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (self->store == NULL, TRUE);

  if (!service_load (self, self->store_path, &error))
    {
      rs_service_forget_all (self);
      g_clear_error (&self->store_error);
      self->store_error = g_steal_pointer (&error);
      return FALSE;
    }

  g_clear_error (&self->store_error);
  if (self->clock != NULL)
    {
      rs_service_start_dispatcher (self, self->clock);
      rs_service_start_backups (self, self->clock);
    }
  return TRUE;
}

/* With a store: catches up with other writers. */
static gboolean
service_continue_call (RsService             *self,
                       GDBusMethodInvocation *invocation)
{
  guint64 revision;

  if (self->store == NULL && !rs_service_open_store (self))
    {
      rs_service_return_error (invocation, self->store_error);
      return FALSE;
    }

  revision = rs_store_get_revision (self->store);
  if (revision != self->revision)
    service_catch_up (self, NULL, revision);

  return TRUE;
}

/* A caller of another user is refused, a service without a store answers each call with why,
 * and one with a store first catches up with other writers. */
gboolean
rs_service_begin_call (RsService             *self,
                       GDBusMethodInvocation *invocation)
{
  if (!rs_service_access_check (self->access, invocation))
    return FALSE;

  return service_continue_call (self, invocation);
}

gboolean
rs_service_begin_rescue_call (RsService             *self,
                              GDBusMethodInvocation *invocation)
{
  if (!rs_service_access_check (self->access, invocation))
    return FALSE;

  if (self->store == NULL && !rs_service_open_store (self))
    {
      if (g_error_matches (self->store_error, RS_ERROR, RS_ERROR_STORE_UNUSABLE))
        return TRUE;
      rs_service_return_error (invocation, self->store_error);
      return FALSE;
    }

  return service_continue_call (self, invocation);
}

/* Each changed sale moves the store's revision by one; a larger step means that another writer
 * committed meanwhile. */
void
rs_service_announce (RsService          *self,
                     const char * const *uids)
{
  guint64 revision = rs_store_get_revision (self->store);

  if (revision != self->revision + g_strv_length ((char **) uids))
    service_catch_up (self, uids, revision);
  else
    rs_service_set_revision (self, revision);

  rs_dbus_recurring_sales1_emit_sales_changed (self->skeleton, uids, revision);

  /* A changed sale may have a reminder due now (say, a delivery turned on), or none ahead. */
  if (self->dispatcher != NULL)
    rs_dispatcher_queue_run_after_changes (self->dispatcher);
}

void
rs_service_keep_and_announce (RsService *self,
                              RsSale    *sale)
{
  const char *uids[2] = { rs_sale_get_uid (sale), NULL };

  rs_service_keep (self, sale);
  rs_service_announce (self, uids);
}

/* Reading the sales in memory */

RsSale *
rs_service_lookup_sale (RsService   *self,
                        const char  *uid,
                        GError     **error)
{
  RsSale *sale = g_hash_table_lookup (self->sales, uid);

  if (sale == NULL)
    rs_service_set_not_found_error (error, uid);
  return sale;
}

GPtrArray *
rs_service_collect (RsService          *self,
                    RsServiceMatchFunc  match,
                    gconstpointer       filter)
{
  GPtrArray *sales = g_ptr_array_new_full (g_hash_table_size (self->sales), g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (match == NULL || match (filter, value))
        g_ptr_array_add (sales, g_object_ref (value));
    }

  return sales;
}

int
rs_service_compare_uid (gconstpointer a,
                        gconstpointer b)
{
  RsSale *sale_a = *(RsSale * const *) a;
  RsSale *sale_b = *(RsSale * const *) b;

  return strcmp (rs_sale_get_uid (sale_a), rs_sale_get_uid (sale_b));
}

int
rs_service_compare_client_then_uid (gconstpointer a,
                                    gconstpointer b)
{
  RsSale *sale_a = *(RsSale * const *) a;
  RsSale *sale_b = *(RsSale * const *) b;
  int order = g_strcmp0 (rs_sale_get_client_name (sale_a), rs_sale_get_client_name (sale_b));

  return order != 0 ? order : rs_service_compare_uid (a, b);
}

void
rs_service_today (RsService *self,
                  GDate     *out_today)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->clock == NULL)
    {
      rs_date_set_today (out_today);
      return;
    }

  now = g_date_time_new_from_unix_local (rs_service_clock_now (self->clock));
  rs_date_set_date_time (out_today, now);
}

/* The object */

static void
rs_service_dispose (GObject *object)
{
  RsService *self = RS_SERVICE (object);

  if (self->dispatcher != NULL)
    g_signal_handlers_disconnect_by_data (self->dispatcher, self);
  g_clear_object (&self->dispatcher);
  if (self->skeleton != NULL)
    rs_service_unexport (self);
  g_clear_object (&self->skeleton);
  g_clear_pointer (&self->sales, g_hash_table_unref);
  g_clear_pointer (&self->published, rs_service_snapshot_unref);
  g_clear_pointer (&self->unpublished, g_hash_table_unref);
  g_clear_pointer (&self->reads, rs_service_reads_unref);
  g_clear_object (&self->agenda);
  g_clear_pointer (&self->access, rs_service_access_unref);
  g_clear_pointer (&self->missed, g_ptr_array_unref);
  g_clear_object (&self->backups);
  g_clear_pointer (&self->elorus, rs_service_elorus_free);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->store_path, g_free);

  G_OBJECT_CLASS (rs_service_parent_class)->dispose (object);
}

static void
rs_service_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RsService *self = RS_SERVICE (object);

  switch (prop_id)
    {
    case PROP_SYNCS_AHEAD:
      g_value_set_boolean (value, rs_service_has_syncs_ahead (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rs_service_class_init (RsServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rs_service_dispose;
  object_class->get_property = rs_service_get_property;

  /* Whether the service has Elorus syncs to run (one running, or a login and a timer): then
   * it should not exit when idle, as with reminders ahead. */
  properties[PROP_SYNCS_AHEAD] =
    g_param_spec_boolean ("syncs-ahead", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rs_service_init (RsService *self)
{
  static const RsServiceHandler * const areas[] = {
    rs_service_sales_handlers,
    rs_service_lifecycle_handlers,
    rs_service_upcoming_handlers,
    rs_service_transfer_handlers,
    rs_service_reminders_handlers,
    rs_service_rescue_handlers,
    rs_service_elorus_handlers,
  };

  rs_dbus_errors_register ();

  self->sales = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->unpublished = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->agenda = rs_service_agenda_new ();
  self->missed = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_delivery_record_free);
  self->skeleton = rs_dbus_recurring_sales1_skeleton_new ();
  rs_dbus_recurring_sales1_set_version (self->skeleton, PACKAGE_VERSION);
  self->access = rs_service_access_new ();
  self->elorus = rs_service_elorus_new (self);

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      for (const RsServiceHandler *handler = areas[i]; handler->signal != NULL; handler++)
        g_signal_connect_object (self->skeleton, handler->signal, handler->handler, self,
                                 G_CONNECT_SWAPPED);
    }
}

static gboolean
service_load (RsService   *self,
              const char  *store_path,
              GError     **error)
{
  g_autoptr(RsStore) store = rs_store_open_sync (store_path, NULL, error);
  g_autoptr(GPtrArray) sales = NULL;

  if (store == NULL || (sales = rs_store_list_sales (store, error)) == NULL)
    return FALSE;

  rs_service_keep_all (self, sales);
  self->store = g_steal_pointer (&store);
  rs_service_set_revision (self, rs_store_get_revision (self->store));
  return TRUE;
}

RsService *
rs_service_new (const char *store_path)
{
  g_autoptr(RsService) self = NULL;

  g_return_val_if_fail (store_path != NULL, NULL);

  self = g_object_new (RS_TYPE_SERVICE, NULL);
  self->store_path = g_strdup (store_path);
  self->reads = rs_service_reads_new (store_path, self->access);
  if (!service_load (self, store_path, &self->store_error))
    {
      g_warning ("%s", self->store_error->message);
      rs_service_forget_all (self);
    }

  return g_steal_pointer (&self);
}

gboolean
rs_service_export (RsService        *self,
                   GDBusConnection  *connection,
                   GError          **error)
{
  g_return_val_if_fail (RS_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);

  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton),
                                         connection, RS_SERVICE_OBJECT_PATH, error))
    return FALSE;

  rs_service_reads_start (self->reads, connection);
  return TRUE;
}

void
rs_service_unexport (RsService *self)
{
  GDBusInterfaceSkeleton *skeleton;

  g_return_if_fail (RS_IS_SERVICE (self));

  rs_service_reads_stop (self->reads);
  skeleton = G_DBUS_INTERFACE_SKELETON (self->skeleton);
  if (g_dbus_interface_skeleton_get_connection (skeleton) != NULL)
    g_dbus_interface_skeleton_unexport (skeleton);
}

void
rs_service_start_dispatcher (RsService      *self,
                             RsServiceClock *clock)
{
  g_return_if_fail (RS_IS_SERVICE (self));
  g_return_if_fail (RS_IS_SERVICE_CLOCK (clock));
  g_return_if_fail (self->dispatcher == NULL);

  /* Without a store there is no ledger, hence nothing may be sent (until it opens). */
  g_set_object (&self->clock, clock);
  if (self->store == NULL)
    return;

  self->dispatcher = rs_service_reminders_new_dispatcher (self, clock);
  rs_dispatcher_queue_run (self->dispatcher);
}

void
rs_service_start_backups (RsService      *self,
                          RsServiceClock *clock)
{
  g_return_if_fail (RS_IS_SERVICE (self));
  g_return_if_fail (RS_IS_SERVICE_CLOCK (clock));
  g_return_if_fail (self->backups == NULL);

  /* A store that could not be opened is left as it is, and so are its backups. */
  if (self->store == NULL)
    return;

  self->backups = rs_backup_rotation_new (self->store, clock);
}

void
rs_service_start_elorus_timer (RsService *self)
{
  g_return_if_fail (RS_IS_SERVICE (self));

  rs_service_elorus_start_timer (self->elorus);
}

gboolean
rs_service_has_syncs_ahead (RsService *self)
{
  g_return_val_if_fail (RS_IS_SERVICE (self), FALSE);

  return self->elorus != NULL && rs_service_elorus_has_syncs_ahead (self->elorus);
}

void
rs_service_notify_syncs_ahead (RsService *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCS_AHEAD]);
}

RsDispatcher *
rs_service_get_dispatcher (RsService *self)
{
  g_return_val_if_fail (RS_IS_SERVICE (self), NULL);

  return self->dispatcher;
}
