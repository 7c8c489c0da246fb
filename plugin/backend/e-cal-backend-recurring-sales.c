/* e-cal-backend-recurring-sales.c: the recurring-sales calendar backend
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A read-only projection, like EDS's Birthdays & Anniversaries backend: the sales live in the
 * service's store, and each sale becomes its events (rs_projection_build ()) when someone
 * asks. Why ECalBackendSync and not ECalMetaBackend: the meta backend keeps every component
 * in an ECalCache, a second SQLite file next to the store, which would duplicate 100,000
 * sales on the first open and then have to be kept in step with the store. Here memory holds
 * only the sales, indexed by uid, and a query projects just the sales the schedule engine
 * places in its time window (rs-calendar-query.c).
 *
 * Changes: the service's SalesChanged signal and its (re)appearance schedule a catch-up, which
 * notifies exactly the components that changed (e-cal-backend-recurring-sales-changes.c).
 * Queries, views and get_object: e-cal-backend-recurring-sales-queries.c; writes, refused, and
 * the rest: e-cal-backend-recurring-sales-readonly.c.
 *
 * Threads: EDS runs the methods in the backend's one-thread dispatch queue
 * (use_serial_dispatch_queue), catch-ups too (e_cal_backend_schedule_custom_operation ()),
 * but views start in threads of their own (e-data-cal-view.c) and D-Bus signals arrive in the
 * main loop. `lock` guards the sales, the filter and the revision; the store connection has
 * its own lock (rs-store.h: one thread at a time). EDS's notify and match functions are never
 * called with `lock` held.
 */
#include "config.h"

#include "e-cal-backend-recurring-sales-private.h"
#include "e-cal-backend-recurring-sales-readonly.h"

G_DEFINE_FINAL_TYPE (ECalBackendRecurringSales, e_cal_backend_recurring_sales,
                     E_TYPE_CAL_BACKEND_SYNC)

GPtrArray *
e_cal_backend_recurring_sales_ref_sales_locked (ECalBackendRecurringSales *self)
{
  GPtrArray *sales = g_ptr_array_new_full (g_hash_table_size (self->sales), g_object_unref);
  GHashTableIter iter;
  gpointer sale;

  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, NULL, &sale))
    g_ptr_array_add (sales, g_object_ref (sale));

  return sales;
}

GPtrArray *
e_cal_backend_recurring_sales_ref_sales_by_folded_uids_locked (
  ECalBackendRecurringSales *self,
  GHashTable                *folded_uids)
{
  GPtrArray *sales = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer folded;

  g_hash_table_iter_init (&iter, folded_uids);
  while (g_hash_table_iter_next (&iter, &folded, NULL))
    {
      GPtrArray *uids = g_hash_table_lookup (self->uids_by_folded, folded);

      for (guint i = 0; uids != NULL && i < uids->len; i++)
        g_ptr_array_add (sales, g_object_ref (g_hash_table_lookup (self->sales, uids->pdata[i])));
    }

  return sales;
}

void
e_cal_backend_recurring_sales_replace_sale_locked (ECalBackendRecurringSales *self,
                                                   const char                *uid,
                                                   RsSale                    *sale)
{
  g_autofree char *folded = g_ascii_strdown (uid, -1);
  GPtrArray *uids = g_hash_table_lookup (self->uids_by_folded, folded);
  gboolean known = g_hash_table_contains (self->sales, uid);
  guint index;

  if (sale != NULL)
    g_hash_table_replace (self->sales, g_strdup (uid), g_object_ref (sale));
  else
    g_hash_table_remove (self->sales, uid);

  /* The index changes only when a uid comes or goes. */
  if (sale != NULL && !known)
    {
      if (uids == NULL)
        {
          uids = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (self->uids_by_folded, g_steal_pointer (&folded), uids);
        }
      g_ptr_array_add (uids, g_strdup (uid));
    }
  else if (sale == NULL && known && uids != NULL &&
           g_ptr_array_find_with_equal_func (uids, uid, g_str_equal, &index))
    {
      g_ptr_array_remove_index_fast (uids, index);
      if (uids->len == 0)
        g_hash_table_remove (self->uids_by_folded, folded);
    }
}

/* Opening and refreshing */

static void
e_cal_backend_recurring_sales_open (ECalBackendSync  *backend,
                                    EDataCal         *cal,
                                    GCancellable     *cancellable,
                                    GError          **error)
{
  ECalBackendRecurringSales *self = E_CAL_BACKEND_RECURRING_SALES (backend);
  g_autoptr(GError) local_error = NULL;
  gboolean opened;

  g_mutex_lock (&self->lock);
  opened = self->opened;
  g_mutex_unlock (&self->lock);
  if (opened)
    return;

  /* Watching starts before the first read, so that no change falls between the two. */
  if (!e_cal_backend_recurring_sales_watch_service (self, cancellable, &local_error))
    {
      g_propagate_error (error, e_client_error_create (E_CLIENT_ERROR_OTHER_ERROR,
                                                       local_error->message));
      return;
    }

  if (!e_cal_backend_recurring_sales_catch_up (self, cancellable, &local_error))
    {
      g_propagate_error (error, e_client_error_create (E_CLIENT_ERROR_OTHER_ERROR,
                                                       local_error->message));
      return;
    }

  g_mutex_lock (&self->lock);
  self->opened = TRUE;
  g_mutex_unlock (&self->lock);
  e_cal_backend_recurring_sales_start_prewarm (self);

  /* Read-only for clients, as the Birthdays calendar: Evolution then offers no editing. */
  e_cal_backend_set_writable (E_CAL_BACKEND (self), FALSE);
  e_source_set_connection_status (e_backend_get_source (E_BACKEND (self)),
                                  E_SOURCE_CONNECTION_STATUS_CONNECTED);
  e_backend_set_online (E_BACKEND (self), TRUE);
}

static void
e_cal_backend_recurring_sales_refresh (ECalBackendSync  *backend,
                                       EDataCal         *cal,
                                       GCancellable     *cancellable,
                                       GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!e_cal_backend_recurring_sales_catch_up (E_CAL_BACKEND_RECURRING_SALES (backend), cancellable,
                                               &local_error))
    g_propagate_error (error, e_client_error_create (E_CLIENT_ERROR_OTHER_ERROR,
                                                     local_error->message));
}

static char *
e_cal_backend_recurring_sales_get_backend_property (ECalBackend *backend,
                                                    const char  *prop_name)
{
  ECalBackendRecurringSales *self = E_CAL_BACKEND_RECURRING_SALES (backend);

  if (g_str_equal (prop_name, CLIENT_BACKEND_PROPERTY_CAPABILITIES))
    return g_strdup (e_cal_backend_recurring_sales_capabilities ());

  if (g_str_equal (prop_name, CLIENT_BACKEND_PROPERTY_REVISION))
    {
      guint64 revision;

      g_mutex_lock (&self->lock);
      revision = self->revision;
      g_mutex_unlock (&self->lock);
      return g_strdup_printf ("%" G_GUINT64_FORMAT, revision);
    }

  /* No address of its own, and no template for new events: nothing is created here. */
  if (g_str_equal (prop_name, E_CAL_BACKEND_PROPERTY_CAL_EMAIL_ADDRESS) ||
      g_str_equal (prop_name, E_CAL_BACKEND_PROPERTY_ALARM_EMAIL_ADDRESS) ||
      g_str_equal (prop_name, E_CAL_BACKEND_PROPERTY_DEFAULT_OBJECT))
    return NULL;

  return E_CAL_BACKEND_CLASS (e_cal_backend_recurring_sales_parent_class)->
    impl_get_backend_property (backend, prop_name);
}

/* The object */

static void
e_cal_backend_recurring_sales_constructed (GObject *object)
{
  ECalBackendRecurringSales *self = E_CAL_BACKEND_RECURRING_SALES (object);
  ESource *source;

  G_OBJECT_CLASS (e_cal_backend_recurring_sales_parent_class)->constructed (object);

  source = e_backend_get_source (E_BACKEND (self));
  self->filter = rs_calendar_filter_new_from_source (source);
  e_cal_backend_recurring_sales_watch_source (self);
}

static void
e_cal_backend_recurring_sales_dispose (GObject *object)
{
  ECalBackendRecurringSales *self = E_CAL_BACKEND_RECURRING_SALES (object);

  if (self->source_changed_id != 0)
    {
      g_signal_handler_disconnect (e_backend_get_source (E_BACKEND (self)),
                                   self->source_changed_id);
      self->source_changed_id = 0;
    }
  g_clear_object (&self->watch);

  G_OBJECT_CLASS (e_cal_backend_recurring_sales_parent_class)->dispose (object);
}

static void
e_cal_backend_recurring_sales_finalize (GObject *object)
{
  ECalBackendRecurringSales *self = E_CAL_BACKEND_RECURRING_SALES (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->sales, g_hash_table_unref);
  g_clear_pointer (&self->uids_by_folded, g_hash_table_unref);
  g_clear_pointer (&self->filter, rs_calendar_filter_free);
  g_clear_pointer (&self->cache, rs_calendar_cache_free);
  g_mutex_clear (&self->store_lock);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (e_cal_backend_recurring_sales_parent_class)->finalize (object);
}

static void
e_cal_backend_recurring_sales_class_init (ECalBackendRecurringSalesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ECalBackendClass *backend_class = E_CAL_BACKEND_CLASS (klass);
  ECalBackendSyncClass *sync_class = E_CAL_BACKEND_SYNC_CLASS (klass);

  object_class->constructed = e_cal_backend_recurring_sales_constructed;
  object_class->dispose = e_cal_backend_recurring_sales_dispose;
  object_class->finalize = e_cal_backend_recurring_sales_finalize;

  /* One method at a time: the store connection and the catch-ups rely on it. */
  backend_class->use_serial_dispatch_queue = TRUE;
  backend_class->impl_get_backend_property = e_cal_backend_recurring_sales_get_backend_property;
  backend_class->impl_start_view = e_cal_backend_recurring_sales_start_view;

  sync_class->open_sync = e_cal_backend_recurring_sales_open;
  sync_class->refresh_sync = e_cal_backend_recurring_sales_refresh;
  sync_class->get_object_sync = e_cal_backend_recurring_sales_get_object;
  sync_class->get_object_list_sync = e_cal_backend_recurring_sales_get_object_list;
  e_cal_backend_recurring_sales_readonly_install (sync_class);
}

static void
e_cal_backend_recurring_sales_init (ECalBackendRecurringSales *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->store_lock);
  self->sales = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->uids_by_folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_ptr_array_unref);
  self->cache = rs_calendar_cache_new ();
}
