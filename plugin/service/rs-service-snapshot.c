/* rs-service-snapshot.c: the sales in memory as they were at one store revision, never changed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GetSale is answered outside the main thread (rs-service-reads.c), from the snapshot that the
 * main thread published after its last change. A snapshot is never changed, so any thread may
 * read it without a lock. Copying every sale after each change would cost the main thread
 * about a millisecond per write at 10,000 sales (ten at 100,000), so a snapshot is a base
 * shared with the snapshots before it plus the few sales changed since (removed ones as NULL).
 * Once those are more than about the square root of the number of sales, the next snapshot
 * copies everything into a new base: a copy every √n changes, each change copying at most √n
 * entries, so a change costs O(√n) and a lookup two hash lookups.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>
#include "rs-service-private.h"
#include "rs-service-snapshot.h"

#define MIN_OVERLAY 64

struct _RsServiceSnapshot
{
  gatomicrefcount  ref_count;
  GHashTable      *base;      /* uid (the sale's) → RsSale; shared between snapshots */
  GHashTable      *overlay;   /* uid → RsSale, or NULL when removed: changed since base */
  guint64          revision;
  GPtrArray       *by_client; /* RsSale in ListSales's order, or NULL until asked for; set
                               * once, atomically */
};

static GHashTable *
new_base (GHashTable *sales)
{
  GHashTable *base = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, sales);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_insert (base, (gpointer) rs_sale_get_uid (value), g_object_ref (value));

  return base;
}

static void
unref_sale (gpointer sale)
{
  if (sale != NULL)
    g_object_unref (sale);
}

static GHashTable *
new_overlay (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_sale);
}

static void
overlay_set (GHashTable *overlay,
             const char *uid,
             RsSale     *sale)
{
  g_hash_table_replace (overlay, g_strdup (uid), sale != NULL ? g_object_ref (sale) : NULL);
}

/* About √n, within a factor of two: a power of two with half the bits of n. */
static guint
max_overlay (GHashTable *sales)
{
  return MAX (MIN_OVERLAY, 1u << ((g_bit_storage (g_hash_table_size (sales)) + 1) / 2));
}

RsServiceSnapshot *
rs_service_snapshot_new (RsServiceSnapshot *previous,
                         GHashTable        *sales,
                         GHashTable        *changed_uids,
                         guint64            revision)
{
  RsServiceSnapshot *self;
  GHashTableIter iter;
  gpointer uid, sale;

  g_return_val_if_fail (sales != NULL, NULL);

  self = g_new0 (RsServiceSnapshot, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->revision = revision;
  self->overlay = new_overlay ();

  if (previous == NULL || changed_uids == NULL ||
      g_hash_table_size (previous->overlay) + g_hash_table_size (changed_uids) >
      max_overlay (sales))
    {
      self->base = new_base (sales);
      return self;
    }

  self->base = g_hash_table_ref (previous->base);
  g_hash_table_iter_init (&iter, previous->overlay);
  while (g_hash_table_iter_next (&iter, &uid, &sale))
    overlay_set (self->overlay, uid, sale);

  g_hash_table_iter_init (&iter, changed_uids);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    overlay_set (self->overlay, uid, g_hash_table_lookup (sales, uid));

  return self;
}

RsServiceSnapshot *
rs_service_snapshot_ref (RsServiceSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
rs_service_snapshot_unref (RsServiceSnapshot *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->base);
  g_hash_table_unref (self->overlay);
  g_clear_pointer (&self->by_client, g_ptr_array_unref);
  g_free (self);
}

guint64
rs_service_snapshot_get_revision (RsServiceSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->revision;
}

RsSale *
rs_service_snapshot_lookup (RsServiceSnapshot *self,
                            const char        *uid)
{
  gpointer sale;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  if (g_hash_table_lookup_extended (self->overlay, uid, NULL, &sale))
    return sale;
  return g_hash_table_lookup (self->base, uid);
}

GPtrArray *
rs_service_snapshot_collect (RsServiceSnapshot          *self,
                             RsServiceSnapshotMatchFunc  match,
                             gconstpointer               data)
{
  GPtrArray *sales;
  GHashTableIter iter;
  gpointer uid, sale;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (match != NULL, NULL);

  sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_iter_init (&iter, self->base);
  while (g_hash_table_iter_next (&iter, &uid, &sale))
    {
      if (!g_hash_table_contains (self->overlay, uid) && match (data, sale))
        g_ptr_array_add (sales, g_object_ref (sale));
    }

  g_hash_table_iter_init (&iter, self->overlay);
  while (g_hash_table_iter_next (&iter, NULL, &sale))
    {
      if (sale != NULL && match (data, sale))
        g_ptr_array_add (sales, g_object_ref (sale));
    }

  return sales;
}

static gboolean
match_any (gconstpointer  data,
           RsSale        *sale)
{
  return TRUE;
}

GPtrArray *
rs_service_snapshot_get_by_client (RsServiceSnapshot *self)
{
  GPtrArray *sorted;

  g_return_val_if_fail (self != NULL, NULL);

  sorted = g_atomic_pointer_get (&self->by_client);
  if (sorted != NULL)
    return sorted;

  /* Two threads may sort at once; the first to finish is kept. */
  sorted = rs_service_snapshot_collect (self, match_any, NULL);
  g_ptr_array_sort (sorted, rs_service_compare_client_then_uid);
  if (!g_atomic_pointer_compare_and_exchange (&self->by_client, NULL, sorted))
    {
      g_ptr_array_unref (sorted);
      sorted = g_atomic_pointer_get (&self->by_client);
    }
  return sorted;
}

void
rs_service_set_not_found_error (GError     **error,
                                const char  *uid)
{
  g_autofree char *shown = rs_text_for_message (uid);

  g_set_error (error, RS_ERROR, RS_ERROR_NOT_FOUND,
               /* Translators: %s is a sale identifier */
               _("There is no sale with the identifier %s."), shown);
}
