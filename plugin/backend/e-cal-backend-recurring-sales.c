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
 * Changes: the service's SalesChanged signal and its (re)appearance schedule a catch-up,
 * which reads what changed since the revision the backend reflects (rs_store_list_changed_since ())
 * and notifies exactly the components that changed. Because it compares revisions rather
 * than trusting signals, a missed signal or a restarted service is caught up by the next
 * signal, appearance or refresh.
 *
 * Threads: EDS runs the methods in the backend's one-thread dispatch queue
 * (use_serial_dispatch_queue), catch-ups too (e_cal_backend_schedule_custom_operation ()),
 * but views start in threads of their own (e-data-cal-view.c) and D-Bus signals arrive in the
 * main loop. `lock` guards the sales, the filter and the revision; the store connection has
 * its own lock (rs-store.h: one thread at a time). EDS's notify and match functions are never
 * called with `lock` held.
 */
#define _GNU_SOURCE  /* SCHED_IDLE */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pthread.h>
#include <sched.h>

#include "e-cal-backend-recurring-sales-readonly.h"
#include "e-cal-backend-recurring-sales.h"
#include "rs-calendar-cache.h"
#include "rs-calendar-components.h"
#include "rs-calendar-filter.h"
#include "rs-calendar-query.h"
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-projection.h>
#include "rs-service-watch.h"
#include <recurring-sales/rs-store.h>

struct _ECalBackendRecurringSales
{
  ECalBackendSync   parent_instance;

  GMutex            lock;
  GHashTable       *sales;           /* uid → RsSale; replaced, never changed in place */
  RsCalendarFilter *filter;
  guint64           revision;        /* the store revision the sales reflect */
  gboolean          opened;
  gboolean          catch_up_queued;

  GMutex            store_lock;
  RsStore          *store;
  dev_t             store_device;    /* which file the connection reads */
  ino_t             store_inode;

  RsServiceWatch   *watch;
  gulong            source_changed_id;

  RsCalendarCache  *cache;           /* each sale's component texts; thread-safe */
};

/* Components given to a starting view at a time. */
#define VIEW_CHUNK 256

/* Sales projected per turn of the warm-up thread, between checks that the backend lives. */
#define PREWARM_CHUNK 256

G_DEFINE_FINAL_TYPE (ECalBackendRecurringSales, e_cal_backend_recurring_sales,
                     E_TYPE_CAL_BACKEND_SYNC)

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
    return FALSE;

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
      if (change->sale != NULL)
        g_hash_table_replace (self->sales, g_strdup (change->uid), g_object_ref (change->sale));
      else
        g_hash_table_remove (self->sales, change->uid);
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
static gboolean
backend_catch_up (ECalBackendRecurringSales  *self,
                  GCancellable               *cancellable,
                  GError                    **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  gboolean reopened;
  guint64 known, current;

  g_mutex_lock (&self->store_lock);

  if (!backend_ensure_store_locked (self, cancellable, &reopened, error))
    {
      g_mutex_unlock (&self->store_lock);
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

  backend_catch_up (self, cancellable, error);
}

static void
backend_queue_catch_up (ECalBackendRecurringSales *self,
                        guint64                    revision)
{
  gboolean queue;

  g_mutex_lock (&self->lock);
  queue = !self->catch_up_queued && (revision == 0 || revision > self->revision);
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
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer sale;

  new_filter = rs_calendar_filter_new_from_source (e_backend_get_source (E_BACKEND (backend)));

  g_mutex_lock (&self->lock);
  if (rs_calendar_filter_equal (self->filter, new_filter))
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  old_filter = g_steal_pointer (&self->filter);
  self->filter = rs_calendar_filter_copy (new_filter);
  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, NULL, &sale))
    g_ptr_array_add (sales, g_object_ref (sale));
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

/* Reading */

/* New references to every sale and a copy of the filter, taken together. */
static GPtrArray *
backend_snapshot (ECalBackendRecurringSales  *self,
                  RsCalendarFilter          **out_filter)
{
  GPtrArray *sales;
  GHashTableIter iter;
  gpointer sale;

  g_mutex_lock (&self->lock);
  sales = g_ptr_array_new_full (g_hash_table_size (self->sales), g_object_unref);
  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, NULL, &sale))
    g_ptr_array_add (sales, g_object_ref (sale));

  *out_filter = rs_calendar_filter_copy (self->filter);
  g_mutex_unlock (&self->lock);

  return sales;
}

static RsSale *
backend_ref_sale (ECalBackendRecurringSales  *self,
                  const char                 *uid,
                  RsCalendarFilter          **out_filter)
{
  RsSale *sale;

  g_mutex_lock (&self->lock);
  sale = g_hash_table_lookup (self->sales, uid);
  if (sale != NULL)
    g_object_ref (sale);
  *out_filter = rs_calendar_filter_copy (self->filter);
  g_mutex_unlock (&self->lock);

  return sale;
}

/* The iCalendar texts of the components matching @sexp, from the cache. */
static GPtrArray *
backend_query_texts (ECalBackendRecurringSales *self,
                     ECalBackendSExp           *sexp,
                     GCancellable              *cancellable)
{
  g_autoptr(RsCalendarFilter) filter = NULL;
  g_autoptr(GPtrArray) sales = backend_snapshot (self, &filter);
  g_autoptr(RsCalendarQuery) query = rs_calendar_query_new (sexp, E_TIMEZONE_CACHE (self));
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < sales->len && !g_cancellable_is_cancelled (cancellable); i++)
    rs_calendar_query_collect_texts (query, g_ptr_array_index (sales, i), filter, self->cache,
                                     E_TIMEZONE_CACHE (self), texts);

  return texts;
}

/* After the first load, a thread projects every sale into the cache, so that the first
 * queries of a calendar that was just opened find most sales ready. It runs only when a core
 * has nothing else to do (SCHED_IDLE), so that it never delays the clients it prepares for;
 * a query that comes first fills the cache itself. It holds the backend only a chunk at a
 * time: a calendar closed meanwhile ends it. */
static gpointer
prewarm_thread (gpointer data)
{
  GWeakRef *weak = data;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(RsCalendarFilter) filter = NULL;
  struct sched_param idle = { 0 };

  if (pthread_setschedparam (pthread_self (), SCHED_IDLE, &idle) != 0)
    g_debug ("The calendar warm-up runs at normal priority.");

  for (guint i = 0;; i += PREWARM_CHUNK)
    {
      g_autoptr(ECalBackendRecurringSales) self = g_weak_ref_get (weak);

      if (self == NULL)
        break;
      if (sales == NULL)
        sales = backend_snapshot (self, &filter);
      if (i >= sales->len)
        break;

      for (guint j = i; j < sales->len && j < i + PREWARM_CHUNK; j++)
        {
          g_autoptr(RsCalendarEntry) entry =
            rs_calendar_cache_lookup (self->cache, g_ptr_array_index (sales, j), filter);
        }
    }

  e_weak_ref_free (weak);
  return NULL;
}

static void
backend_start_prewarm (ECalBackendRecurringSales *self)
{
  GThread *thread;

  thread = g_thread_new ("recurring-sales-prewarm", prewarm_thread, e_weak_ref_new (self));
  g_thread_unref (thread);
}

static void
e_cal_backend_recurring_sales_get_object_list (ECalBackendSync  *backend,
                                               EDataCal         *cal,
                                               GCancellable     *cancellable,
                                               const char       *sexp_text,
                                               GSList          **calobjs,
                                               GError          **error)
{
  g_autoptr(ECalBackendSExp) sexp = e_cal_backend_sexp_new (sexp_text);
  g_autoptr(GPtrArray) texts = NULL;

  if (sexp == NULL)
    {
      g_propagate_error (error, e_client_error_create (E_CLIENT_ERROR_INVALID_QUERY, NULL));
      return;
    }

  texts = backend_query_texts (E_CAL_BACKEND_RECURRING_SALES (backend), sexp, cancellable);
  for (guint i = texts->len; i > 0; i--)
    *calobjs = g_slist_prepend (*calobjs, g_ptr_array_steal_index (texts, i - 1));
}

static void
e_cal_backend_recurring_sales_start_view (ECalBackend  *backend,
                                          EDataCalView *view)
{
  ECalBackendRecurringSales *self = E_CAL_BACKEND_RECURRING_SALES (backend);
  ECalBackendSExp *sexp = e_data_cal_view_get_sexp (view);
  g_autoptr(RsCalendarFilter) filter = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(RsCalendarQuery) query = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  if (sexp == NULL)
    {
      g_autoptr(GError) error = e_client_error_create (E_CLIENT_ERROR_INVALID_QUERY, NULL);

      e_data_cal_view_notify_complete (view, error);
      return;
    }

  sales = backend_snapshot (self, &filter);
  query = rs_calendar_query_new (sexp, E_TIMEZONE_CACHE (self));

  /* Parsed from the cached texts, handed over a few hundred at a time: a parsed component
   * weighs about ten times its text, and the view keeps only the text. */
  for (guint i = 0; i < sales->len && !e_data_cal_view_is_stopped (view); i++)
    {
      rs_calendar_query_collect_texts (query, g_ptr_array_index (sales, i), filter, self->cache,
                                       E_TIMEZONE_CACHE (self), texts);
      if (texts->len >= VIEW_CHUNK || (i + 1 == sales->len && texts->len > 0))
        {
          GSList *components = NULL;

          for (guint j = texts->len; j > 0; j--)
            {
              ECalComponent *component = e_cal_component_new_from_string (texts->pdata[j - 1]);

              if (component != NULL)
                components = g_slist_prepend (components, component);
            }
          e_data_cal_view_notify_components_added (view, components);
          g_slist_free_full (components, g_object_unref);
          g_ptr_array_set_size (texts, 0);
        }
    }

  e_data_cal_view_notify_complete (view, NULL);
}

static gboolean
same_recurrence_id (ECalComponent *component,
                    const char    *rid)
{
  ICalComponent *icomp = e_cal_component_get_icalcomponent (component);
  g_autoptr(ICalTime) recurrence_id = i_cal_component_get_recurrenceid (icomp);
  g_autoptr(ICalTime) asked = i_cal_time_new_from_string (rid);

  /* Every recurrence of ours is a date; a client may still write it as a date-time. */
  return recurrence_id != NULL && !i_cal_time_is_null_time (recurrence_id) &&
         asked != NULL && !i_cal_time_is_null_time (asked) &&
         i_cal_time_compare_date_only (recurrence_id, asked) == 0;
}

/* What the file backend answers (e-cal-backend-file.c): without a recurrence id, the master
 * alone or, when detached instances exist, a VCALENDAR with all of them; with one, that
 * detached instance, or the occurrence generated from the master. */
static char *
object_for (GPtrArray  *components,
            const char *uid,
            const char *rid)
{
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  ECalComponent *master = NULL;

  for (guint i = 0; i < components->len; i++)
    {
      ECalComponent *component = g_ptr_array_index (components, i);

      if (g_strcmp0 (e_cal_component_get_uid (component), uid) != 0)
        continue;
      if (!e_cal_component_is_instance (component))
        master = component;
      g_ptr_array_add (matching, component);
    }

  if (rid != NULL && *rid != '\0')
    {
      g_autoptr(ICalTime) occurrence = NULL;
      g_autoptr(ICalComponent) instance = NULL;

      for (guint i = 0; i < matching->len; i++)
        if (e_cal_component_is_instance (matching->pdata[i]) &&
            same_recurrence_id (matching->pdata[i], rid))
          return e_cal_component_get_as_string (matching->pdata[i]);

      if (master == NULL)
        return NULL;
      occurrence = i_cal_time_new_from_string (rid);
      if (occurrence == NULL || i_cal_time_is_null_time (occurrence))
        return NULL;
      /* e_cal_util_construct_instance () (e-cal-util.c) looks for the occurrence in the one
       * second after @rid, which a DATE cannot express (libical drops the seconds): every date
       * would be "not found". Ask with midnight, then give the instance its DATE back. */
      i_cal_time_set_is_date (occurrence, FALSE);
      i_cal_time_set_time (occurrence, 0, 0, 0);
      instance = e_cal_util_construct_instance (e_cal_component_get_icalcomponent (master),
                                                occurrence);
      if (instance == NULL)
        return NULL;
      i_cal_time_set_is_date (occurrence, TRUE);
      i_cal_component_set_recurrenceid (instance, occurrence);
      return i_cal_component_as_ical_string (instance);
    }

  if (matching->len == 0)
    return NULL;
  if (matching->len == 1)
    return e_cal_component_get_as_string (matching->pdata[0]);

  {
    g_autoptr(ICalComponent) vcalendar = e_cal_util_new_top_level ();

    for (guint i = 0; i < matching->len; i++)
      i_cal_component_take_component (vcalendar,
        i_cal_component_clone (e_cal_component_get_icalcomponent (matching->pdata[i])));
    return i_cal_component_as_ical_string (vcalendar);
  }
}

static void
e_cal_backend_recurring_sales_get_object (ECalBackendSync  *backend,
                                          EDataCal         *cal,
                                          GCancellable     *cancellable,
                                          const char       *uid,
                                          const char       *rid,
                                          char            **calobj,
                                          GError          **error)
{
  ECalBackendRecurringSales *self = E_CAL_BACKEND_RECURRING_SALES (backend);
  g_autofree char *sale_uid = NULL;
  g_autoptr(RsCalendarFilter) filter = NULL;
  g_autoptr(RsSale) sale = NULL;
  g_autoptr(GPtrArray) components = NULL;

  if (uid != NULL && rs_projection_parse_component_uid (uid, &sale_uid, NULL))
    sale = backend_ref_sale (self, sale_uid, &filter);

  if (sale != NULL)
    {
      components = rs_calendar_components_build (sale, filter);
      *calobj = object_for (components, uid, rid);
    }

  if (*calobj == NULL)
    g_propagate_error (error,
                       e_cal_client_error_create (E_CAL_CLIENT_ERROR_OBJECT_NOT_FOUND, NULL));
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
  if (self->watch == NULL)
    {
      self->watch = rs_service_watch_new_sync (cancellable, &local_error);
      if (self->watch == NULL)
        {
          g_propagate_error (error, e_client_error_create (E_CLIENT_ERROR_OTHER_ERROR,
                                                           local_error->message));
          return;
        }
      g_signal_connect_data (self->watch, "sales-changed", G_CALLBACK (on_sales_changed),
                             e_weak_ref_new (self), weak_ref_closure_notify, 0);
      g_signal_connect_data (self->watch, "service-appeared", G_CALLBACK (on_service_appeared),
                             e_weak_ref_new (self), weak_ref_closure_notify, 0);
    }

  if (!backend_catch_up (self, cancellable, &local_error))
    {
      g_propagate_error (error, e_client_error_create (E_CLIENT_ERROR_OTHER_ERROR,
                                                       local_error->message));
      return;
    }

  g_mutex_lock (&self->lock);
  self->opened = TRUE;
  g_mutex_unlock (&self->lock);
  backend_start_prewarm (self);

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

  if (!backend_catch_up (E_CAL_BACKEND_RECURRING_SALES (backend), cancellable, &local_error))
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
  self->source_changed_id = g_signal_connect_data (source, "changed",
                                                   G_CALLBACK (on_source_changed),
                                                   e_weak_ref_new (self),
                                                   weak_ref_closure_notify, 0);
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
  self->cache = rs_calendar_cache_new ();
}
