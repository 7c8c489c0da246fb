/* rs-agenda-index.c: the sales ordered by where their agenda can start
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A GSequence of entries in key order and a table uid → position, so that setting or removing
 * one sale costs O(log n). The key of a sale is a lower bound of its first item on or after
 * the anchor: the date and kind of the earliest item any of its rules can give from the
 * anchor on, then its client and uid, the same fields in the same order as
 * rs_agenda_item_compare (). rs-agenda-pager.c walks the entries in that order.
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/rs-agenda-index.h>
#include "rs-agenda-index-private.h"
#include "rs-agenda-private.h"

struct _RsAgendaIndex
{
  GObject     parent_instance;

  GDate       anchor;
  GSequence  *entries;     /* RsAgendaIndexEntry, owning */
  GHashTable *positions;   /* uid (the entry's) → GSequenceIter; empty in a snapshot */
  guint64     stamp;
  GPtrArray  *frozen;      /* a snapshot's entries, in order (entries is empty); else NULL */
};

G_DEFINE_FINAL_TYPE (RsAgendaIndex, rs_agenda_index, G_TYPE_OBJECT)

/* Entries never change once made, and are shared with the snapshots (reference counted). */
static void
entry_clear (gpointer data)
{
  RsAgendaIndexEntry *entry = data;

  g_object_unref (entry->sale);
  g_free (entry->uid);
  g_free (entry->client);
}

static void
entry_free (gpointer data)
{
  g_atomic_rc_box_release_full (data, entry_clear);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const RsAgendaIndexEntry *entry_a = a;
  const RsAgendaIndexEntry *entry_b = b;
  int result;

  if (entry_a->bound != entry_b->bound)
    return entry_a->bound < entry_b->bound ? -1 : 1;
  if (entry_a->bound_kind != entry_b->bound_kind)
    return entry_a->bound_kind < entry_b->bound_kind ? -1 : 1;
  if ((result = g_strcmp0 (entry_a->client, entry_b->client)) != 0)
    return result;
  return strcmp (entry_a->uid, entry_b->uid);
}

static RsAgendaIndexEntry *
entry_new (RsSale      *sale,
           const GDate *anchor)
{
  RsAgendaIndexEntry *entry = g_atomic_rc_box_new0 (RsAgendaIndexEntry);
  GDate bound;

  entry->sale = g_object_ref (sale);
  entry->uid = g_strdup (rs_sale_get_uid (sale));
  entry->client = g_strdup (rs_sale_get_client_name (sale));
  entry->bound = RS_AGENDA_BOUND_NONE;
  if (rs_agenda_sale_lower_bound (sale, anchor, &bound, &entry->bound_kind))
    entry->bound = g_date_get_julian (&bound);

  return entry;
}

static void
rs_agenda_index_finalize (GObject *object)
{
  RsAgendaIndex *self = RS_AGENDA_INDEX (object);

  /* The table's keys belong to the entries: it goes first. */
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_sequence_free);
  g_clear_pointer (&self->frozen, g_ptr_array_unref);

  G_OBJECT_CLASS (rs_agenda_index_parent_class)->finalize (object);
}

static void
rs_agenda_index_class_init (RsAgendaIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rs_agenda_index_finalize;
}

static void
rs_agenda_index_init (RsAgendaIndex *self)
{
  g_date_clear (&self->anchor, 1);
  self->entries = g_sequence_new (entry_free);
  self->positions = g_hash_table_new (g_str_hash, g_str_equal);
}

RsAgendaIndex *
rs_agenda_index_new (const GDate *anchor)
{
  RsAgendaIndex *self;

  g_return_val_if_fail (anchor != NULL && g_date_valid (anchor), NULL);

  self = g_object_new (RS_TYPE_AGENDA_INDEX, NULL);
  self->anchor = *anchor;
  return self;
}

const GDate *
rs_agenda_index_get_anchor (RsAgendaIndex *self)
{
  g_return_val_if_fail (RS_IS_AGENDA_INDEX (self), NULL);

  return &self->anchor;
}

guint
rs_agenda_index_get_n_sales (RsAgendaIndex *self)
{
  g_return_val_if_fail (RS_IS_AGENDA_INDEX (self), 0);

  if (self->frozen != NULL)
    return self->frozen->len;
  return g_hash_table_size (self->positions);
}

RsAgendaIndex *
rs_agenda_index_snapshot (RsAgendaIndex *self)
{
  RsAgendaIndex *snapshot;
  GSequenceIter *position;

  g_return_val_if_fail (RS_IS_AGENDA_INDEX (self), NULL);

  if (self->frozen != NULL)
    return g_object_ref (self);

  snapshot = rs_agenda_index_new (&self->anchor);
  snapshot->stamp = self->stamp;
  /* The same entries in the same order, in an array: a reference each, nothing allocated per
   * entry. Without positions, since nothing is looked up or replaced in a snapshot. */
  snapshot->frozen = g_ptr_array_new_full (g_hash_table_size (self->positions), entry_free);
  position = g_sequence_get_begin_iter (self->entries);
  for (; !g_sequence_iter_is_end (position); position = g_sequence_iter_next (position))
    g_ptr_array_add (snapshot->frozen, g_atomic_rc_box_acquire (g_sequence_get (position)));

  return snapshot;
}

GSequence *
rs_agenda_index_get_entries (RsAgendaIndex *self)
{
  return self->entries;
}

GPtrArray *
rs_agenda_index_get_frozen_entries (RsAgendaIndex *self)
{
  return self->frozen;
}

guint64
rs_agenda_index_get_stamp (RsAgendaIndex *self)
{
  return self->stamp;
}

static void
remove_entry (RsAgendaIndex *self,
              const char    *uid)
{
  GSequenceIter *position = g_hash_table_lookup (self->positions, uid);

  if (position == NULL)
    return;

  g_hash_table_remove (self->positions, uid);
  g_sequence_remove (position);
}

void
rs_agenda_index_set_sale (RsAgendaIndex *self,
                          RsSale        *sale)
{
  RsAgendaIndexEntry *entry;
  GSequenceIter *position;

  g_return_if_fail (RS_IS_AGENDA_INDEX (self));
  g_return_if_fail (self->frozen == NULL);
  g_return_if_fail (RS_IS_SALE (sale));

  self->stamp++;
  remove_entry (self, rs_sale_get_uid (sale));
  entry = entry_new (sale, &self->anchor);
  position = g_sequence_insert_sorted (self->entries, entry, compare_entries, NULL);
  g_hash_table_insert (self->positions, entry->uid, position);
}

static int
compare_entry_pointers (gconstpointer a,
                        gconstpointer b)
{
  return compare_entries (*(RsAgendaIndexEntry * const *) a, *(RsAgendaIndexEntry * const *) b,
                          NULL);
}

/* @sales into an empty index: sorted once and appended in order, which takes half the time of
 * placing them one by one (100,000 sales at a start). The last sale of a uid wins. */
static void
fill_empty (RsAgendaIndex *self,
            GPtrArray     *sales)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_sized_new (sales->len);

  for (guint i = sales->len; i-- > 0;)
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      RsAgendaIndexEntry *entry;

      if (g_hash_table_contains (self->positions, rs_sale_get_uid (sale)))
        continue;
      entry = entry_new (sale, &self->anchor);
      g_hash_table_insert (self->positions, entry->uid, NULL);
      g_ptr_array_add (entries, entry);
    }

  g_ptr_array_sort (entries, compare_entry_pointers);
  for (guint i = 0; i < entries->len; i++)
    {
      RsAgendaIndexEntry *entry = g_ptr_array_index (entries, i);

      g_hash_table_insert (self->positions, entry->uid, g_sequence_append (self->entries, entry));
    }
}

void
rs_agenda_index_set_sales (RsAgendaIndex *self,
                           GPtrArray     *sales)
{
  g_autoptr(GPtrArray) all = NULL;
  GSequenceIter *position;

  g_return_if_fail (RS_IS_AGENDA_INDEX (self));
  g_return_if_fail (self->frozen == NULL);
  g_return_if_fail (sales != NULL);

  /* A few among many are placed one by one; otherwise everything is sorted again. */
  if (sales->len < 64 || sales->len < g_hash_table_size (self->positions) / 4)
    {
      for (guint i = 0; i < sales->len; i++)
        rs_agenda_index_set_sale (self, g_ptr_array_index (sales, i));
      return;
    }

  all = g_ptr_array_new_full (g_hash_table_size (self->positions) + sales->len, g_object_unref);
  position = g_sequence_get_begin_iter (self->entries);
  for (; !g_sequence_iter_is_end (position); position = g_sequence_iter_next (position))
    g_ptr_array_add (all, g_object_ref (((RsAgendaIndexEntry *) g_sequence_get (position))->sale));
  for (guint i = 0; i < sales->len; i++)
    g_ptr_array_add (all, g_object_ref (g_ptr_array_index (sales, i)));

  rs_agenda_index_remove_all (self);
  fill_empty (self, all);
}

void
rs_agenda_index_remove_sale (RsAgendaIndex *self,
                             const char    *uid)
{
  g_return_if_fail (RS_IS_AGENDA_INDEX (self));
  g_return_if_fail (self->frozen == NULL);
  g_return_if_fail (uid != NULL);

  self->stamp++;
  remove_entry (self, uid);
}

void
rs_agenda_index_remove_all (RsAgendaIndex *self)
{
  g_return_if_fail (RS_IS_AGENDA_INDEX (self));
  g_return_if_fail (self->frozen == NULL);

  self->stamp++;
  g_hash_table_remove_all (self->positions);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->entries),
                           g_sequence_get_end_iter (self->entries));
}

void
rs_agenda_index_rebuild (RsAgendaIndex *self,
                         const GDate   *anchor)
{
  g_autoptr(GPtrArray) stale = NULL;
  GSequenceIter *position;
  guint32 new_anchor;
  int order;

  g_return_if_fail (RS_IS_AGENDA_INDEX (self));
  g_return_if_fail (self->frozen == NULL);
  g_return_if_fail (anchor != NULL && g_date_valid (anchor));

  order = g_date_compare (anchor, &self->anchor);
  if (order == 0)
    return;

  self->stamp++;
  self->anchor = *anchor;
  new_anchor = g_date_get_julian (anchor);
  stale = g_ptr_array_new_with_free_func (g_object_unref);

  /* Forward, a bound on or after the new anchor stays what it was: each rule's first date on
   * or after the old anchor is on or after the new one, hence also its first from there. Only
   * the sales at the start of the order, whose bound fell behind, are read again. Backward,
   * every bound may be too late. */
  position = g_sequence_get_begin_iter (self->entries);
  while (!g_sequence_iter_is_end (position))
    {
      RsAgendaIndexEntry *entry = g_sequence_get (position);

      if (order > 0 && entry->bound >= new_anchor)
        break;
      g_ptr_array_add (stale, g_object_ref (entry->sale));
      position = g_sequence_iter_next (position);
    }

  if (order > 0)
    {
      rs_agenda_index_set_sales (self, stale);
      return;
    }

  rs_agenda_index_remove_all (self);
  fill_empty (self, stale);
}
