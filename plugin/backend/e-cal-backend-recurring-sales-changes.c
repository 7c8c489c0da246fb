/* e-cal-backend-recurring-sales-changes.c: how the backend follows the store — catch-ups, the
 * service's signals, the calendar's settings
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service's SalesChanged signal and its (re)appearance schedule a catch-up, which reads
 * what changed since the revision the backend reflects (rs_store_list_changed_since ()) and
 * notifies exactly the components that changed. Because it compares revisions rather than
 * trusting signals, a missed signal or a restarted service is caught up by the next signal,
 * appearance or refresh.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "e-cal-backend-recurring-sales-private.h"
#include "rs-calendar-components.h"
#include <recurring-sales/rs-error.h>

/* The store */

static gboolean
file_identity (const char *path,
               dev_t      *out_device,
               ino_t      *out_inode)
{
  GStatBuf info;

  if (g_stat (path, &info) != 0)
    return FALSE;

  *out_device = info.st_dev;
  *out_inode = info.st_ino;
  return TRUE;
}

/* A store the service cannot use either (RS_ERROR_STORE_UNUSABLE) is said once per file, as
 * a message rather than a warning: nothing here can fix it, and each catch-up would repeat it
 * (every signal, every refresh of every client, evolution-alarm-notify's included). */
static void
backend_note_unusable (ECalBackendRecurringSales  *self,
                       GError                    **error,
                       dev_t                       device,
                       ino_t                       inode)
{
  gboolean told;

  if (error == NULL || !g_error_matches (*error, RS_ERROR, RS_ERROR_STORE_UNUSABLE))
    return;

  g_mutex_lock (&self->lock);
  told = self->store_unusable && self->unusable_device == device &&
         self->unusable_inode == inode;
  self->store_unusable = TRUE;
  self->unusable_device = device;
  self->unusable_inode = inode;
  g_mutex_unlock (&self->lock);

  if (!told)
    g_message ("The calendar shows no new sales until the store is restored: %s",
               (*error)->message);
}

/* Opens the store read-only, or reopens it when the file was replaced (a restored backup, a
 * store removed and created again): a connection keeps reading the file it opened, even
 * after it was unlinked. @out_reopened tells the caller that revisions no longer compare. */
static gboolean
backend_ensure_store_locked (ECalBackendRecurringSales  *self,
                             GCancellable               *cancellable,
                             gboolean                   *out_reopened,
                             GError                    **error)
{
  g_autofree char *path = rs_store_default_path ();
  dev_t device;
  ino_t inode;

  *out_reopened = FALSE;
  if (!file_identity (path, &device, &inode))
    {
      /* The service creates the store when it starts; a calendar opened before anything was
       * ever added starts it once. */
      if (!rs_service_watch_activate_sync (self->watch, cancellable, error))
        return FALSE;
      if (!file_identity (path, &device, &inode))
        {
          g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                       /* Translators: %s is a file name */
                       _("The recurring-sales service did not create the store %s."), path);
          return FALSE;
        }
    }

  if (self->store != NULL && device == self->store_device && inode == self->store_inode)
    return TRUE;

  g_clear_object (&self->store);
  self->store = rs_store_open_readonly_sync (path, cancellable, error);
  if (self->store == NULL)
    {
      backend_note_unusable (self, error, device, inode);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  self->store_unusable = FALSE;
  g_mutex_unlock (&self->lock);
  self->store_device = device;
  self->store_inode = inode;
  *out_reopened = TRUE;
  return TRUE;
}

/* Applying changes */

typedef struct {
  char   *uid;
  RsSale *sale;  /* NULL: removed */
} SaleChange;

static void
sale_change_free (SaleChange *change)
{
  g_free (change->uid);
  g_clear_object (&change->sale);
  g_free (change);
}

static SaleChange *
sale_change_new (const char *uid,
                 RsSale     *sale)
{
  SaleChange *change = g_new0 (SaleChange, 1);

  change->uid = g_strdup (uid);
  change->sale = sale != NULL ? g_object_ref (sale) : NULL;
  return change;
}

/* For arrays that hold NULL too (g_object_unref () does not take NULL). */
static void
clear_object (gpointer object)
{
  g_clear_object (&object);
}

static gboolean
backend_has_views (ECalBackendRecurringSales *self)
{
  GList *views = e_cal_backend_list_views (E_CAL_BACKEND (self));

  g_list_free_full (views, g_object_unref);
  return views != NULL;
}

/* Puts each change into memory, then tells the views what it changed for this calendar. */
static void
backend_apply_changes (ECalBackendRecurringSales *self,
                       GPtrArray                 *changes,
                       guint64                    revision)
{
  g_autoptr(RsCalendarFilter) filter = NULL;
  g_autoptr(GPtrArray) old_sales = g_ptr_array_new_full (changes->len, clear_object);
  g_autofree char *revision_text = NULL;
  gboolean notify;

  g_mutex_lock (&self->lock);
  filter = rs_calendar_filter_copy (self->filter);
  for (guint i = 0; i < changes->len; i++)
    {
      SaleChange *change = g_ptr_array_index (changes, i);
      RsSale *old_sale = g_hash_table_lookup (self->sales, change->uid);

      /* A GPtrArray holds NULL too: one slot per change. */
      g_ptr_array_add (old_sales, old_sale != NULL ? g_object_ref (old_sale) : NULL);
      e_cal_backend_recurring_sales_replace_sale_locked (self, change->uid, change->sale);
      rs_calendar_cache_forget (self->cache, change->uid);
    }
  self->revision = revision;
  g_mutex_unlock (&self->lock);

  /* Nobody to tell (the first load, above all): projecting every sale would be wasted. A view
   * that starts from now on reads the new sales. */
  notify = backend_has_views (self);
  for (guint i = 0; notify && i < changes->len; i++)
    {
      SaleChange *change = g_ptr_array_index (changes, i);
      RsSale *old_sale = g_ptr_array_index (old_sales, i);
      g_autoptr(GPtrArray) old_components = NULL;
      g_autoptr(GPtrArray) new_components = NULL;

      if (old_sale != NULL)
        old_components = rs_calendar_components_build (old_sale, filter);
      if (change->sale != NULL)
        new_components = rs_calendar_components_build (change->sale, filter);
      rs_calendar_components_notify_changes (E_CAL_BACKEND (self), old_components, new_components);
    }

  revision_text = g_strdup_printf ("%" G_GUINT64_FORMAT, revision);
  e_cal_backend_notify_property_changed (E_CAL_BACKEND (self), CLIENT_BACKEND_PROPERTY_REVISION,
                                         revision_text);
}

/* Every stored sale, and every sale in memory that is no longer stored. */
static GPtrArray *
backend_read_all_locked (ECalBackendRecurringSales  *self,
                         GError                    **error)
{
  g_autoptr(GPtrArray) sales = rs_store_list_sales (self->store, error);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GHashTable) stored = NULL;
  GHashTableIter iter;
  gpointer uid;

  if (sales == NULL)
    return NULL;

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) sale_change_free);
  stored = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);

      g_ptr_array_add (changes, sale_change_new (rs_sale_get_uid (sale), sale));
      g_hash_table_add (stored, (gpointer) rs_sale_get_uid (sale));
    }

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    if (!g_hash_table_contains (stored, uid))
      g_ptr_array_add (changes, sale_change_new (uid, NULL));
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&changes);
}

/* The sales changed or removed after @revision, as they are now. */
static GPtrArray *
backend_read_changed_locked (ECalBackendRecurringSales  *self,
                             guint64                     revision,
                             GError                    **error)
{
  g_autoptr(GPtrArray) uids = rs_store_list_changed_since (self->store, revision, error);
  g_autoptr(GPtrArray) changes = NULL;

  if (uids == NULL)
    return NULL;

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) sale_change_free);
  for (guint i = 0; i < uids->len; i++)
    {
      const char *uid = g_ptr_array_index (uids, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(RsSale) sale = rs_store_get_sale (self->store, uid, &local_error);

      if (sale == NULL && !g_error_matches (local_error, RS_ERROR, RS_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_ptr_array_add (changes, sale_change_new (uid, sale));
    }

  return g_steal_pointer (&changes);
}

/* Brings memory (and the views) to the store's current state. The revision is read first:
 * whatever commits meanwhile is read too and read again next time, which changes nothing. */
gboolean
e_cal_backend_recurring_sales_catch_up (ECalBackendRecurringSales  *self,
                                        GCancellable               *cancellable,
                                        GError                    **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean reopened;
  guint64 known, current;

  g_mutex_lock (&self->store_lock);

  if (!backend_ensure_store_locked (self, cancellable, &reopened, &local_error))
    {
      g_mutex_unlock (&self->store_lock);
      /* Not a failure of the calendar: it keeps what it showed (nothing, at first) rather than
       * failing every open and refresh, until a restore replaces the file. */
      if (g_error_matches (local_error, RS_ERROR, RS_ERROR_STORE_UNUSABLE))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  known = self->revision;
  g_mutex_unlock (&self->lock);

  current = rs_store_get_revision (self->store);
  if (reopened || current < known)
    changes = backend_read_all_locked (self, error);
  else if (current > known)
    changes = backend_read_changed_locked (self, known, error);
  else
    changes = g_ptr_array_new ();

  g_mutex_unlock (&self->store_lock);

  if (changes == NULL)
    return FALSE;

  if (changes->len > 0 || current != known)
    backend_apply_changes (self, changes, current);
  return TRUE;
}

static void
catch_up_operation (ECalBackend   *backend,
                    gpointer       user_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  ECalBackendRecurringSales *self = E_CAL_BACKEND_RECURRING_SALES (backend);

  /* Cleared first: a signal that arrives while this runs queues the next catch-up. */
  g_mutex_lock (&self->lock);
  self->catch_up_queued = FALSE;
  g_mutex_unlock (&self->lock);

  e_cal_backend_recurring_sales_catch_up (self, cancellable, error);
}

static void
backend_queue_catch_up (ECalBackendRecurringSales *self,
                        guint64                    revision)
{
  gboolean queue;

  g_mutex_lock (&self->lock);
  queue = !self->catch_up_queued &&
          (revision == 0 || revision > self->revision || self->store_unusable);
  self->catch_up_queued |= queue;
  g_mutex_unlock (&self->lock);

  if (queue)
    e_cal_backend_schedule_custom_operation (E_CAL_BACKEND (self), NULL, catch_up_operation,
                                             NULL, NULL);
}

static void
weak_ref_closure_notify (gpointer  data,
                         GClosure *closure)
{
  e_weak_ref_free (data);
}

/* The watch lives as long as the backend, but its signals arrive in the main loop while the
 * backend may be finalized in another thread: the handlers hold a weak reference. */
static void
on_sales_changed (RsServiceWatch *watch,
                  guint64         revision,
                  GWeakRef       *weak_ref)
{
  g_autoptr(GObject) self = g_weak_ref_get (weak_ref);

  if (self != NULL)
    backend_queue_catch_up (E_CAL_BACKEND_RECURRING_SALES (self), revision);
}

static void
on_service_appeared (RsServiceWatch *watch,
                     GWeakRef       *weak_ref)
{
  g_autoptr(GObject) self = g_weak_ref_get (weak_ref);

  /* A restarted service sends no signal for what it did before: compare revisions. */
  if (self != NULL)
    backend_queue_catch_up (E_CAL_BACKEND_RECURRING_SALES (self), 0);
}

gboolean
e_cal_backend_recurring_sales_watch_service (ECalBackendRecurringSales  *self,
                                             GCancellable               *cancellable,
                                             GError                    **error)
{
  if (self->watch != NULL)
    return TRUE;

  self->watch = rs_service_watch_new_sync (cancellable, error);
  if (self->watch == NULL)
    return FALSE;

  g_signal_connect_data (self->watch, "sales-changed", G_CALLBACK (on_sales_changed),
                         e_weak_ref_new (self), weak_ref_closure_notify, 0);
  g_signal_connect_data (self->watch, "service-appeared", G_CALLBACK (on_service_appeared),
                         e_weak_ref_new (self), weak_ref_closure_notify, 0);
  return TRUE;
}

/* Settings */

static void
refilter_operation (ECalBackend   *backend,
                    gpointer       user_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  ECalBackendRecurringSales *self = E_CAL_BACKEND_RECURRING_SALES (backend);
  g_autoptr(RsCalendarFilter) new_filter = NULL;
  g_autoptr(RsCalendarFilter) old_filter = NULL;
  g_autoptr(GPtrArray) sales = NULL;

  new_filter = rs_calendar_filter_new_from_source (e_backend_get_source (E_BACKEND (backend)));

  g_mutex_lock (&self->lock);
  if (rs_calendar_filter_equal (self->filter, new_filter))
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  old_filter = g_steal_pointer (&self->filter);
  self->filter = rs_calendar_filter_copy (new_filter);
  sales = e_cal_backend_recurring_sales_ref_sales_locked (self);
  g_mutex_unlock (&self->lock);

  if (!backend_has_views (self))
    return;

  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *each = g_ptr_array_index (sales, i);
      g_autoptr(GPtrArray) old_components = rs_calendar_components_build (each, old_filter);
      g_autoptr(GPtrArray) new_components = rs_calendar_components_build (each, new_filter);

      rs_calendar_components_notify_changes (backend, old_components, new_components);
    }
}

static void
on_source_changed (ESource  *source,
                   GWeakRef *weak_ref)
{
  g_autoptr(GObject) self = g_weak_ref_get (weak_ref);

  if (self != NULL)
    e_cal_backend_schedule_custom_operation (E_CAL_BACKEND (self), NULL, refilter_operation,
                                             NULL, NULL);
}

void
e_cal_backend_recurring_sales_watch_source (ECalBackendRecurringSales *self)
{
  ESource *source = e_backend_get_source (E_BACKEND (self));

  self->source_changed_id = g_signal_connect_data (source, "changed",
                                                   G_CALLBACK (on_source_changed),
                                                   e_weak_ref_new (self),
                                                   weak_ref_closure_notify, 0);
}
