/* rs-service-agenda.c: Upcoming and UpcomingPage over an index of the sales in memory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The index (rs-agenda-index.c) is anchored at the service's today and follows each change of
 * the sales, so that the first page of a window from today costs about the page. A client
 * reading a whole window page by page hands back each page's cursor: a walk that ended on that
 * cursor is kept for a while and continues, so that page k does not read again every sale
 * before it (at 100,000 sales: 0.4 s for a 30-day window in pages of 1,000, against 15 s).
 * Any change of the sales ends the kept walks; the cursor alone then says where to go on.
 */
#include "config.h"

#include <recurring-sales/rs-agenda-cursor.h>
#include <recurring-sales/rs-agenda-index.h>
#include <recurring-sales/rs-agenda-pager.h>
#include <recurring-sales/rs-date.h>
#include "rs-service-agenda.h"

/* A few clients at once; each walk holds the items read but not given yet. */
#define MAX_KEPT_WALKS 4

typedef struct {
  char          *cursor;       /* the last item given: the walk goes on after it */
  GDate          from;
  GDate          to;
  GVariant      *filter_dict;
  RsAgendaPager *pager;
} KeptWalk;

struct _RsServiceAgenda
{
  GObject        parent_instance;

  RsAgendaIndex *index;
  GPtrArray     *walks;        /* KeptWalk, the most recent last */
};

G_DEFINE_FINAL_TYPE (RsServiceAgenda, rs_service_agenda, G_TYPE_OBJECT)

static void
kept_walk_free (KeptWalk *walk)
{
  g_free (walk->cursor);
  g_variant_unref (walk->filter_dict);
  rs_agenda_pager_free (walk->pager);
  g_free (walk);
}

static void
rs_service_agenda_finalize (GObject *object)
{
  RsServiceAgenda *self = RS_SERVICE_AGENDA (object);

  /* The walks hold references to the index. */
  g_clear_pointer (&self->walks, g_ptr_array_unref);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (rs_service_agenda_parent_class)->finalize (object);
}

static void
rs_service_agenda_class_init (RsServiceAgendaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rs_service_agenda_finalize;
}

static void
rs_service_agenda_init (RsServiceAgenda *self)
{
  GDate today;

  /* Anchored again at the service's own today (its clock) at the first call. */
  rs_date_set_today (&today);
  self->index = rs_agenda_index_new (&today);
  self->walks = g_ptr_array_new_with_free_func ((GDestroyNotify) kept_walk_free);
}

RsServiceAgenda *
rs_service_agenda_new (void)
{
  return g_object_new (RS_TYPE_SERVICE_AGENDA, NULL);
}

/* A kept walk would go on through sales as they were. */
static void
forget_walks (RsServiceAgenda *self)
{
  g_ptr_array_set_size (self->walks, 0);
}

void
rs_service_agenda_set_sale (RsServiceAgenda *self,
                            RsSale          *sale)
{
  g_return_if_fail (RS_IS_SERVICE_AGENDA (self));

  forget_walks (self);
  rs_agenda_index_set_sale (self->index, sale);
}

void
rs_service_agenda_set_sales (RsServiceAgenda *self,
                             GPtrArray       *sales)
{
  g_return_if_fail (RS_IS_SERVICE_AGENDA (self));

  forget_walks (self);
  rs_agenda_index_set_sales (self->index, sales);
}

void
rs_service_agenda_remove_sale (RsServiceAgenda *self,
                               const char      *uid)
{
  g_return_if_fail (RS_IS_SERVICE_AGENDA (self));

  forget_walks (self);
  rs_agenda_index_remove_sale (self->index, uid);
}

void
rs_service_agenda_remove_all (RsServiceAgenda *self)
{
  g_return_if_fail (RS_IS_SERVICE_AGENDA (self));

  forget_walks (self);
  rs_agenda_index_remove_all (self->index);
}

static gboolean
sale_matches (RsSale   *sale,
              gpointer  user_data)
{
  return rs_agenda_filter_matches_sale (user_data, sale);
}

static gboolean
item_matches (const RsAgendaItem *item,
              gpointer            user_data)
{
  return rs_agenda_filter_matches_item (user_data, item);
}

/* The kept walk that ended on @after over the same window and filter, taken out of the list. */
static KeptWalk *
take_walk (RsServiceAgenda *self,
           const GDate     *from,
           const GDate     *to,
           GVariant        *filter_dict,
           const char      *after)
{
  for (guint i = 0; i < self->walks->len; i++)
    {
      KeptWalk *walk = g_ptr_array_index (self->walks, i);

      if (g_str_equal (walk->cursor, after) && g_date_compare (&walk->from, from) == 0 &&
          g_date_compare (&walk->to, to) == 0 && g_variant_equal (walk->filter_dict, filter_dict) &&
          rs_agenda_pager_is_current (walk->pager))
        return g_ptr_array_steal_index (self->walks, i);
    }

  return NULL;
}

static void
keep_walk (RsServiceAgenda *self,
           KeptWalk        *walk)
{
  if (self->walks->len == MAX_KEPT_WALKS)
    g_ptr_array_remove_index (self->walks, 0);
  g_ptr_array_add (self->walks, walk);
}

GPtrArray *
rs_service_agenda_page (RsServiceAgenda  *self,
                        const GDate      *today,
                        const GDate      *from,
                        const GDate      *to,
                        GVariant         *filter_dict,
                        RsAgendaFilter   *filter,
                        guint             limit,
                        const char       *after,
                        char            **out_next,
                        GError          **error)
{
  g_autoptr(RsAgendaFilter) owned_filter = filter;
  g_autoptr(RsAgendaItem) cursor = NULL;
  KeptWalk *walk;
  GPtrArray *items;
  gboolean more = FALSE;

  g_return_val_if_fail (RS_IS_SERVICE_AGENDA (self), NULL);
  g_return_val_if_fail (today != NULL && from != NULL && to != NULL, NULL);
  g_return_val_if_fail (filter_dict != NULL && filter != NULL && after != NULL, NULL);
  g_return_val_if_fail (limit > 0 && out_next != NULL, NULL);

  /* The first call of a day moves the anchor; a walk kept from the day before stays valid
   * (the window is the caller's), but the index changes under it. */
  if (g_date_compare (today, rs_agenda_index_get_anchor (self->index)) != 0)
    {
      forget_walks (self);
      rs_agenda_index_rebuild (self->index, today);
    }

  /* Decoded even when a walk is kept, so that a bad cursor is refused the same way always. */
  if (*after != '\0' && (cursor = rs_agenda_cursor_decode (after, error)) == NULL)
    return NULL;

  walk = *after != '\0' ? take_walk (self, from, to, filter_dict, after) : NULL;
  if (walk == NULL)
    {
      walk = g_new0 (KeptWalk, 1);
      walk->from = *from;
      walk->to = *to;
      walk->filter_dict = g_variant_ref (filter_dict);
      walk->pager = rs_agenda_pager_new (self->index, from, to, sale_matches, item_matches,
                                         g_steal_pointer (&owned_filter),
                                         (GDestroyNotify) rs_agenda_filter_free, cursor);
    }

  items = rs_agenda_pager_next (walk->pager, limit, &more);
  g_clear_pointer (&walk->cursor, g_free);
  if (!more)
    {
      kept_walk_free (walk);
      *out_next = g_strdup ("");
      return items;
    }

  walk->cursor = rs_agenda_cursor_encode (g_ptr_array_index (items, items->len - 1));
  *out_next = g_strdup (walk->cursor);
  keep_walk (self, walk);
  return items;
}
