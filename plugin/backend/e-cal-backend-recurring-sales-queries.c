/* e-cal-backend-recurring-sales-queries.c: what the backend answers — objects, object lists and
 * views — and the warm-up of the component cache
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Memory holds only the sales; a query looks only at the sales the schedule engine places in
 * its time window, or those its (uid? …) names (the uid index), and decides what it can from
 * what the cache keeps of each component (rs-calendar-query.c, rs-calendar-cache.c): texts
 * are built once per sale, and EDS's matcher runs only on what that cannot decide.
 */
#define _GNU_SOURCE  /* SCHED_IDLE */
#include "config.h"

#include <pthread.h>
#include <sched.h>

#include "e-cal-backend-recurring-sales-private.h"
#include "rs-calendar-components.h"
#include "rs-calendar-query.h"
#include <recurring-sales/rs-projection.h>

/* Components given to a starting view at a time. */
#define VIEW_CHUNK 256

/* Sales projected per turn of the warm-up thread, between checks that the backend lives. */
#define PREWARM_CHUNK 256

/* New references to every sale and a copy of the filter, taken together. */
static GPtrArray *
backend_snapshot (ECalBackendRecurringSales  *self,
                  RsCalendarFilter          **out_filter)
{
  GPtrArray *sales;

  g_mutex_lock (&self->lock);
  sales = e_cal_backend_recurring_sales_ref_sales_locked (self);
  *out_filter = rs_calendar_filter_copy (self->filter);
  g_mutex_unlock (&self->lock);

  return sales;
}

/* New references to the sales @query can match (those its uid? names, or all), and a copy
 * of the filter. */
static GPtrArray *
backend_snapshot_for_query (ECalBackendRecurringSales  *self,
                            const RsCalendarQuery      *query,
                            RsCalendarFilter          **out_filter)
{
  GHashTable *folded_uids = rs_calendar_query_get_sale_uids (query);
  GPtrArray *sales;

  if (folded_uids == NULL)
    return backend_snapshot (self, out_filter);

  g_mutex_lock (&self->lock);
  sales = e_cal_backend_recurring_sales_ref_sales_by_folded_uids_locked (self, folded_uids);
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
  g_autoptr(RsCalendarQuery) query = rs_calendar_query_new (sexp, E_TIMEZONE_CACHE (self));
  g_autoptr(RsCalendarFilter) filter = NULL;
  g_autoptr(GPtrArray) sales = backend_snapshot_for_query (self, query, &filter);
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

void
e_cal_backend_recurring_sales_start_prewarm (ECalBackendRecurringSales *self)
{
  GThread *thread;

  thread = g_thread_new ("recurring-sales-prewarm", prewarm_thread, e_weak_ref_new (self));
  g_thread_unref (thread);
}

void
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

void
e_cal_backend_recurring_sales_start_view (ECalBackend  *backend,
                                          EDataCalView *view)
{
  ECalBackendRecurringSales *self = E_CAL_BACKEND_RECURRING_SALES (backend);
  ECalBackendSExp *sexp = e_data_cal_view_get_sexp (view);
  g_autoptr(RsCalendarFilter) filter = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(RsCalendarQuery) query = NULL;
  g_autoptr(GArray) indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) holders = NULL;  /* GPtrArray: what holds the chunk's components */
  GSList *chunk = NULL;                 /* ECalComponent, borrowed from `holders` */
  guint chunk_length = 0;

  if (sexp == NULL)
    {
      g_autoptr(GError) error = e_client_error_create (E_CLIENT_ERROR_INVALID_QUERY, NULL);

      e_data_cal_view_notify_complete (view, error);
      return;
    }

  query = rs_calendar_query_new (sexp, E_TIMEZONE_CACHE (self));
  sales = backend_snapshot_for_query (self, query, &filter);
  holders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  /* Handed over a few hundred at a time, parsed from the cached texts once and then kept
   * within the cache's budget (rs-calendar-cache.c), the next view of the same sales finding
   * them parsed. */
  for (guint i = 0; i < sales->len && !e_data_cal_view_is_stopped (view); i++)
    {
      g_autoptr(RsCalendarEntry) entry = NULL;

      g_array_set_size (indexes, 0);
      entry = rs_calendar_query_match_components (query, g_ptr_array_index (sales, i), filter,
                                                  self->cache, E_TIMEZONE_CACHE (self),
                                                  indexes);
      if (entry != NULL)
        {
          GPtrArray *components = rs_calendar_cache_ref_components (self->cache, entry,
                                                                    indexes);

          for (guint j = 0; j < indexes->len; j++)
            {
              ECalComponent *component = components->pdata[g_array_index (indexes, guint, j)];

              if (component != NULL)
                {
                  chunk = g_slist_prepend (chunk, component);
                  chunk_length++;
                }
            }
          g_ptr_array_add (holders, components);
        }

      if (chunk_length >= VIEW_CHUNK || (i + 1 == sales->len && chunk_length > 0))
        {
          chunk = g_slist_reverse (chunk);
          rs_calendar_cache_lock_components (self->cache);
          e_data_cal_view_notify_components_added (view, chunk);
          rs_calendar_cache_unlock_components (self->cache);
          g_clear_pointer (&chunk, g_slist_free);
          chunk_length = 0;
          g_ptr_array_set_size (holders, 0);
        }
    }
  g_slist_free (chunk);

  e_data_cal_view_notify_complete (view, NULL);
}

void
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
      *calobj = rs_calendar_components_dup_object (components, uid, rid);
    }

  if (*calobj == NULL)
    g_propagate_error (error,
                       e_cal_client_error_create (E_CAL_CLIENT_ERROR_OBJECT_NOT_FOUND, NULL));
}

