/* rs-agenda-pager.c: the agenda index merged into one ordered list, a page at a time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A k-way merge: the index's entries are read in key order; reading one computes its sale's
 * items in the window and puts them on a binary min-heap. The heap's smallest item is the
 * next of the list once it sorts before the key of the next unread entry, since no item of
 * that sale (or of any after it) can sort before its key. So a page starting at the anchor
 * reads only the sales whose keys come before its last item. A window starting before the
 * anchor has no valid keys: every sale is read at once.
 *
 * A walk can follow changes made after its index was taken (rs_agenda_pager_replace_sales ()):
 * a changed sale's new items after the last one given go on the heap at once, which the merge
 * allows, since only the entries still unread must sort after what is given; its entry is
 * skipped when reached, and its old items are dropped as they come to the top of the heap
 * (an item is of the sale as it is now only when it points to that very sale). Taking them
 * out at once cost a pass over the heap and rebuilding it: 6 ms per change with the 10,000
 * items of a month at 10,000 sales.
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/rs-agenda-pager.h>
#include "rs-agenda-index-private.h"
#include "rs-agenda-private.h"

struct _RsAgendaPager
{
  RsAgendaIndex    *index;
  guint64           stamp;
  GDate             start;          /* the window's first day, or the cursor's if later */
  GDate             to;
  guint32           to_julian;
  RsAgendaSaleFunc  sale_matches;
  RsAgendaItemFunc  item_matches;
  gpointer          user_data;
  GDestroyNotify    user_data_free;
  RsAgendaItem     *after;          /* NULL, or the cursor, then the last item given: only
                                     * items after it */
  GHashTable       *replaced;       /* uid → the sale as it is now (NULL: removed), for the
                                     * sales changed since the index was taken; or NULL */
  GSequenceIter    *next;           /* the next entry to read, in an index that changes */
  GPtrArray        *frozen;         /* a snapshot's entries (rs_agenda_index_snapshot ()) */
  guint             next_frozen;    /* then: the position of the next entry to read */
  GPtrArray        *heap;           /* RsAgendaItem, owning: read, not given yet */
  GPtrArray        *scratch;        /* one sale's items, while they are sorted out */
};

static void
unref_sale_or_null (gpointer sale)
{
  if (sale != NULL)
    g_object_unref (sale);
}

/* The binary heap, smallest item first */

static gboolean
heap_less (GPtrArray *heap,
           guint      a,
           guint      b)
{
  return rs_agenda_item_compare (g_ptr_array_index (heap, a), g_ptr_array_index (heap, b)) < 0;
}

static void
heap_swap (GPtrArray *heap,
           guint      a,
           guint      b)
{
  gpointer item = heap->pdata[a];

  heap->pdata[a] = heap->pdata[b];
  heap->pdata[b] = item;
}

static void
heap_sift_down (GPtrArray *heap,
                guint      i)
{
  for (;;)
    {
      guint smallest = i, left = 2 * i + 1, right = 2 * i + 2;

      if (left < heap->len && heap_less (heap, left, smallest))
        smallest = left;
      if (right < heap->len && heap_less (heap, right, smallest))
        smallest = right;
      if (smallest == i)
        return;
      heap_swap (heap, i, smallest);
      i = smallest;
    }
}

static void
heap_push (GPtrArray    *heap,
           RsAgendaItem *item)
{
  guint i = heap->len;

  g_ptr_array_add (heap, item);
  while (i > 0 && heap_less (heap, i, (i - 1) / 2))
    {
      heap_swap (heap, i, (i - 1) / 2);
      i = (i - 1) / 2;
    }
}

static RsAgendaItem *
heap_pop (GPtrArray *heap)
{
  RsAgendaItem *smallest;

  heap_swap (heap, 0, heap->len - 1);
  smallest = g_ptr_array_steal_index_fast (heap, heap->len - 1);
  heap_sift_down (heap, 0);
  return smallest;
}

static void
heap_make (GPtrArray *heap)
{
  for (guint i = heap->len / 2; i-- > 0;)
    heap_sift_down (heap, i);
}

/* The entries, of an index or of a snapshot */

/* The next entry to read, or NULL at the end. */
static RsAgendaIndexEntry *
pager_peek (RsAgendaPager *self)
{
  if (self->frozen != NULL)
    return self->next_frozen < self->frozen->len ? g_ptr_array_index (self->frozen,
                                                                      self->next_frozen)
                                                 : NULL;
  return g_sequence_iter_is_end (self->next) ? NULL : g_sequence_get (self->next);
}

static void
pager_advance (RsAgendaPager *self)
{
  if (self->frozen != NULL)
    self->next_frozen++;
  else
    self->next = g_sequence_iter_next (self->next);
}

static void
pager_skip_to_end (RsAgendaPager *self)
{
  if (self->frozen != NULL)
    self->next_frozen = self->frozen->len;
  else
    self->next = g_sequence_get_end_iter (rs_agenda_index_get_entries (self->index));
}

/* Reading sales */

/* Puts the items of @sale that belong to the answer on the heap (unordered when @ordered is
 * FALSE: heap_make () follows). */
static void
pager_read (RsAgendaPager *self,
            RsSale        *sale,
            gboolean       ordered)
{
  if (self->sale_matches != NULL && !self->sale_matches (sale, self->user_data))
    return;

  rs_agenda_collect_sale (sale, &self->start, &self->to, self->scratch);
  for (guint i = 0; i < self->scratch->len; i++)
    {
      RsAgendaItem *item = g_ptr_array_index (self->scratch, i);

      if ((self->item_matches != NULL && !self->item_matches (item, self->user_data)) ||
          (self->after != NULL && rs_agenda_item_compare (item, self->after) <= 0))
        rs_agenda_item_free (item);
      else if (ordered)
        heap_push (self->heap, item);
      else
        g_ptr_array_add (self->heap, item);
    }
  g_ptr_array_set_size (self->scratch, 0);
}

/* Whether @item sorts before every item of the entry's sale: before its key. */
static gboolean
item_before_entry (RsAgendaItem             *item,
                   const RsAgendaIndexEntry *entry)
{
  guint32 day = g_date_get_julian (&item->date);
  int order;

  if (day != entry->bound)
    return day < entry->bound;
  if (item->kind != entry->bound_kind)
    return item->kind < entry->bound_kind;
  if ((order = g_strcmp0 (rs_sale_get_client_name (item->sale), entry->client)) != 0)
    return order < 0;
  return strcmp (rs_sale_get_uid (item->sale), entry->uid) < 0;
}

/* Whether @item is of a sale that changed since: replaced by another, or removed. */
static gboolean
item_is_stale (RsAgendaPager      *self,
               const RsAgendaItem *item)
{
  gpointer now;

  return self->replaced != NULL &&
         g_hash_table_lookup_extended (self->replaced, rs_sale_get_uid (item->sale), NULL, &now) &&
         now != item->sale;
}

/* Reads sales until the heap's smallest item is the next of the answer; FALSE when none is
 * left. */
static gboolean
pager_settle (RsAgendaPager *self)
{
  for (;;)
    {
      RsAgendaIndexEntry *entry = NULL;

      while (self->heap->len > 0 && item_is_stale (self, g_ptr_array_index (self->heap, 0)))
        rs_agenda_item_free (heap_pop (self->heap));

      /* Entries are in key order: once one starts after the window, all the rest do. */
      entry = pager_peek (self);
      if (entry != NULL && entry->bound > self->to_julian)
        entry = NULL;
      if (entry != NULL && self->replaced != NULL && g_hash_table_contains (self->replaced,
                                                                          entry->uid))
        {
          pager_advance (self);
          continue;
        }

      if (self->heap->len > 0 &&
          (entry == NULL || item_before_entry (g_ptr_array_index (self->heap, 0), entry)))
        return TRUE;
      if (entry == NULL)
        {
          pager_skip_to_end (self);
          return FALSE;
        }

      pager_read (self, entry->sale, TRUE);
      pager_advance (self);
    }
}

RsAgendaPager *
rs_agenda_pager_new (RsAgendaIndex      *index,
                     const GDate        *from,
                     const GDate        *to,
                     RsAgendaSaleFunc    sale_matches,
                     RsAgendaItemFunc    item_matches,
                     gpointer            user_data,
                     GDestroyNotify      user_data_free,
                     const RsAgendaItem *after)
{
  RsAgendaPager *self;
  RsAgendaIndexEntry *entry;

  g_return_val_if_fail (RS_IS_AGENDA_INDEX (index), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);
  g_return_val_if_fail (after == NULL || (RS_IS_SALE (after->sale) && g_date_valid (&after->date)),
                        NULL);

  self = g_new0 (RsAgendaPager, 1);
  self->index = g_object_ref (index);
  self->stamp = rs_agenda_index_get_stamp (index);
  self->start = *from;
  if (after != NULL && g_date_compare (&after->date, from) > 0)
    self->start = after->date;
  self->to = *to;
  self->to_julian = g_date_get_julian (to);
  self->sale_matches = sale_matches;
  self->item_matches = item_matches;
  self->user_data = user_data;
  self->user_data_free = user_data_free;
  self->after = after != NULL ? rs_agenda_item_copy (after) : NULL;
  self->heap = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_agenda_item_free);
  self->scratch = g_ptr_array_new ();
  self->frozen = rs_agenda_index_get_frozen_entries (index);
  if (self->frozen == NULL)
    self->next = g_sequence_get_begin_iter (rs_agenda_index_get_entries (index));

  if (g_date_compare (&self->start, to) > 0)
    {
      pager_skip_to_end (self);
    }
  else if (g_date_compare (&self->start, rs_agenda_index_get_anchor (index)) < 0)
    {
      /* The keys say nothing about days before the anchor. */
      for (; (entry = pager_peek (self)) != NULL; pager_advance (self))
        pager_read (self, entry->sale, FALSE);
      heap_make (self->heap);
    }

  return self;
}

GPtrArray *
rs_agenda_pager_next (RsAgendaPager *self,
                      guint          limit,
                      gboolean      *more)
{
  GPtrArray *items;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rs_agenda_pager_is_current (self), NULL);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_agenda_item_free);
  while (items->len < limit && pager_settle (self))
    g_ptr_array_add (items, heap_pop (self->heap));

  /* A sale replaced later puts on the heap only its items after this page. */
  if (items->len > 0)
    {
      g_clear_pointer (&self->after, rs_agenda_item_free);
      self->after = rs_agenda_item_copy (g_ptr_array_index (items, items->len - 1));
      if (g_date_compare (&self->after->date, &self->start) > 0)
        self->start = self->after->date;
    }

  /* The item after the page stays on the heap, for the next page. */
  if (more != NULL)
    *more = items->len == limit && pager_settle (self);
  return items;
}

void
rs_agenda_pager_replace_sales (RsAgendaPager *self,
                               GHashTable    *sales)
{
  GHashTableIter iter;
  gpointer uid, sale;

  g_return_if_fail (self != NULL);
  g_return_if_fail (sales != NULL);

  if (g_hash_table_size (sales) == 0)
    return;

  if (self->replaced == NULL)
    self->replaced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_sale_or_null);
  g_hash_table_iter_init (&iter, sales);
  while (g_hash_table_iter_next (&iter, &uid, &sale))
    {
      gpointer before;

      g_return_if_fail (sale == NULL ||
                        (RS_IS_SALE (sale) && g_str_equal (rs_sale_get_uid (sale), uid)));

      /* The same sale again changes nothing; its items are on the heap already. */
      if (g_hash_table_lookup_extended (self->replaced, uid, NULL, &before) && before == sale)
        continue;
      g_hash_table_replace (self->replaced, g_strdup (uid),
                            sale != NULL ? g_object_ref (sale) : NULL);
      if (sale != NULL)
        pager_read (self, sale, TRUE);
    }
}

gboolean
rs_agenda_pager_is_current (RsAgendaPager *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->stamp == rs_agenda_index_get_stamp (self->index);
}

void
rs_agenda_pager_free (RsAgendaPager *self)
{
  if (self == NULL)
    return;

  if (self->user_data_free != NULL)
    self->user_data_free (self->user_data);
  g_clear_pointer (&self->after, rs_agenda_item_free);
  g_clear_pointer (&self->replaced, g_hash_table_unref);
  g_clear_pointer (&self->heap, g_ptr_array_unref);
  g_clear_pointer (&self->scratch, g_ptr_array_unref);
  g_clear_object (&self->index);
  g_free (self);
}

GPtrArray *
rs_agenda_pager_read_page (RsAgendaIndex      *index,
                            const GDate        *from,
                           const GDate        *to,
                           RsAgendaSaleFunc    sale_matches,
                           RsAgendaItemFunc    item_matches,
                           gpointer            user_data,
                           const RsAgendaItem *after,
                           guint               limit,
                           gboolean           *more)
{
  g_autoptr(RsAgendaPager) pager = NULL;

  g_return_val_if_fail (RS_IS_AGENDA_INDEX (index), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);

  pager = rs_agenda_pager_new (index, from, to, sale_matches, item_matches, user_data, NULL, after);
  return rs_agenda_pager_next (pager, limit, more);
}
