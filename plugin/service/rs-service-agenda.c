/* rs-service-agenda.c: Upcoming and UpcomingPage over an index of the sales in memory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The index (rs-agenda-index.c) is anchored at the service's today and follows each change of
 * the sales, so that the first page of a window from today costs about the page. A client
 * reading a whole window page by page hands back each page's cursor: a walk that ended on that
 * cursor is kept for a while and continues, so that page k does not read again every sale
 * before it (at 100,000 sales: 0.4 s for a 30-day window in pages of 1,000, against 15 s).
 * A kept walk follows the changes of the sales: the last few hundred changes are logged (the
 * sale as it became, or its removal), and a walk replays those made since its own snapshot
 * before its next page (rs_agenda_pager_replace_sales ()). Before, every change ended every
 * walk, and with a change a second each page read again every sale before it: 200–450 ms a
 * page under issue #18's benchmark. A walk older than the log, or any change of many sales
 * at once, starts again from the cursor, which alone says where to go on.
 *
 * Pages are read in reading threads, never in the main thread: a whole agenda takes hundreds
 * of milliseconds, and the main thread answers every other call and makes every change (issue
 * #18). The main thread keeps the index; a read walks a snapshot of it (the entries shared,
 * about a millisecond for 10,000 sales), taken in the main thread when the call comes, so
 * that the page is of the sales as they were then, whatever changes while it is read. One
 * snapshot serves every read until the next change. The kept walks are shared with the
 * reading threads under a lock.
 */
#include "config.h"

#include <recurring-sales/rs-agenda-cursor.h>
#include <recurring-sales/rs-agenda-index.h>
#include <recurring-sales/rs-agenda-pager.h>
#include <recurring-sales/rs-date.h>
#include "rs-background-thread.h"
#include "rs-service-agenda.h"

/* A few clients at once (issue #18's benchmark has five); each walk holds the items read but
 * not given yet. */
#define MAX_KEPT_WALKS     8
/* The changes a walk can catch up with: seconds of changes, made one by one. */
#define MAX_LOGGED_CHANGES 256
/* Reading threads for whole agendas: the cores but the main thread's, at least one, so that
 * they leave it a core; and one more for the agendas of one client (milliseconds each), so
 * that they never wait behind a whole one. Each in the order the calls came. */
#define MIN_READERS    1

typedef struct {
  char          *cursor;       /* the last item given: the walk goes on after it */
  GDate          from;
  GDate          to;
  GVariant      *filter_dict;
  guint64        generation;   /* the changes the walk has followed */
  RsAgendaPager *pager;
} KeptWalk;

/* A sale changed: as it became, or NULL when removed. */
typedef struct {
  guint64  generation;
  char    *uid;
  RsSale  *sale;
} LoggedChange;

struct _RsServiceAgenda
{
  GObject        parent_instance;

  RsAgendaIndex *index;        /* main thread only */
  RsAgendaIndex *snapshot;     /* of the index as it is, or NULL; main thread only */
  GMutex         walks_lock;
  GPtrArray     *walks;        /* KeptWalk, the most recent last; under walks_lock */
  guint64        generation;   /* counts the changes; written in the main thread, under
                                * walks_lock */
  GPtrArray     *changes;      /* LoggedChange, of the generations after changes_start and
                                * up to generation; under walks_lock */
  guint64        changes_start;
  GThreadPool   *readers;      /* whole agendas */
  GThreadPool   *narrow_readers;  /* agendas of one client */
};

/* One page to read, in a reading thread. */
typedef struct {
  RsAgendaIndex           *snapshot;
  guint64                  generation;  /* the snapshot's */
  GDate                    from;
  GDate                    to;
  GVariant                *filter_dict;
  RsAgendaFilter          *filter;
  guint                    limit;
  char                    *after;
  RsServiceAgendaPageFunc  func;
  gpointer                 user_data;
  GDestroyNotify           user_data_free;
} PageRead;

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
logged_change_free (LoggedChange *change)
{
  g_free (change->uid);
  g_clear_object (&change->sale);
  g_free (change);
}

static void
unref_sale_or_null (gpointer sale)
{
  if (sale != NULL)
    g_object_unref (sale);
}

static void
page_read_free (PageRead *read)
{
  g_clear_object (&read->snapshot);
  g_variant_unref (read->filter_dict);
  g_clear_pointer (&read->filter, rs_agenda_filter_free);
  g_free (read->after);
  if (read->user_data_free != NULL)
    read->user_data_free (read->user_data);
  g_free (read);
}

static void
rs_service_agenda_dispose (GObject *object)
{
  RsServiceAgenda *self = RS_SERVICE_AGENDA (object);

  /* The reads already asked for are answered: the readers use the walks. */
  if (self->readers != NULL)
    g_thread_pool_free (g_steal_pointer (&self->readers), FALSE, TRUE);
  if (self->narrow_readers != NULL)
    g_thread_pool_free (g_steal_pointer (&self->narrow_readers), FALSE, TRUE);

  G_OBJECT_CLASS (rs_service_agenda_parent_class)->dispose (object);
}

static void
rs_service_agenda_finalize (GObject *object)
{
  RsServiceAgenda *self = RS_SERVICE_AGENDA (object);

  /* The walks hold references to snapshots. */
  g_clear_pointer (&self->walks, g_ptr_array_unref);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  g_mutex_clear (&self->walks_lock);
  g_clear_object (&self->snapshot);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (rs_service_agenda_parent_class)->finalize (object);
}

static void
rs_service_agenda_class_init (RsServiceAgendaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rs_service_agenda_dispose;
  object_class->finalize = rs_service_agenda_finalize;
}

static void read_page (gpointer data,
                       gpointer user_data);

static void
rs_service_agenda_init (RsServiceAgenda *self)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  /* Anchored again at the service's own today (its clock) at the first call. */
  rs_date_set_today (&today);
  self->index = rs_agenda_index_new (&today);
  g_mutex_init (&self->walks_lock);
  self->walks = g_ptr_array_new_with_free_func ((GDestroyNotify) kept_walk_free);
  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) logged_change_free);
  /* Exclusive: threads of their own, not GLib's shared ones, which the mailer's deliveries
   * use. Without them (no thread could be made) the pages are read in the main thread, as a
   * last resort. */
  self->readers = g_thread_pool_new (read_page, self,
                                     MAX (MIN_READERS, (int) g_get_num_processors () - 1),
                                     TRUE, &error);
  if (self->readers != NULL)
    self->narrow_readers = g_thread_pool_new (read_page, self, 1, TRUE, &error);
  if (self->narrow_readers == NULL)
    g_warning ("No thread could be started to read the agenda: %s", error->message);
}

RsServiceAgenda *
rs_service_agenda_new (void)
{
  return g_object_new (RS_TYPE_SERVICE_AGENDA, NULL);
}

/* Many sales changed at once: no walk can follow, and none that is being read will be kept
 * (its generation is before the log). */
static void
forget_walks (RsServiceAgenda *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->walks_lock);

  g_ptr_array_set_size (self->walks, 0);
  g_ptr_array_set_size (self->changes, 0);
  self->generation++;
  self->changes_start = self->generation;
  g_clear_object (&self->snapshot);
}

/* One sale changed (@sale NULL: removed): logged, for the walks to follow. */
static void
log_change (RsServiceAgenda *self,
            const char      *uid,
            RsSale          *sale)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->walks_lock);
  LoggedChange *change;

  if (self->changes->len == MAX_LOGGED_CHANGES)
    {
      g_ptr_array_remove_index (self->changes, 0);
      self->changes_start++;
    }

  change = g_new0 (LoggedChange, 1);
  change->generation = ++self->generation;
  change->uid = g_strdup (uid);
  change->sale = sale != NULL ? g_object_ref (sale) : NULL;
  g_ptr_array_add (self->changes, change);
  g_clear_object (&self->snapshot);
}

void
rs_service_agenda_set_sale (RsServiceAgenda *self,
                            RsSale          *sale)
{
  g_return_if_fail (RS_IS_SERVICE_AGENDA (self));
  g_return_if_fail (RS_IS_SALE (sale));

  log_change (self, rs_sale_get_uid (sale), sale);
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
  g_return_if_fail (uid != NULL);

  log_change (self, uid, NULL);
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

/* The changes after @walk's generation up to @read's, the last of each sale (uid → RsSale, or
 * NULL when removed); NULL when the log no longer holds them all. Under walks_lock. */
static GHashTable *
changes_since (RsServiceAgenda *self,
               KeptWalk        *walk,
               PageRead        *read)
{
  GHashTable *changed;

  if (walk->generation < self->changes_start || read->generation < walk->generation)
    return NULL;

  changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_sale_or_null);
  for (guint i = 0; i < self->changes->len; i++)
    {
      LoggedChange *change = g_ptr_array_index (self->changes, i);

      if (change->generation > walk->generation && change->generation <= read->generation)
        g_hash_table_replace (changed, g_strdup (change->uid),
                              change->sale != NULL ? g_object_ref (change->sale) : NULL);
    }
  return changed;
}

/* The kept walk that ended on @read's cursor over the same window and filter, taken out of
 * the list and brought to @read's snapshot, the sales as they are now; or NULL. In a reading
 * thread. */
static KeptWalk *
take_walk (RsServiceAgenda *self,
           PageRead        *read)
{
  g_autoptr(GHashTable) changed = NULL;
  KeptWalk *walk = NULL;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->walks_lock);

    for (guint i = 0; i < self->walks->len && walk == NULL; i++)
      {
        KeptWalk *kept = g_ptr_array_index (self->walks, i);

        if (g_str_equal (kept->cursor, read->after) &&
            g_date_compare (&kept->from, &read->from) == 0 &&
            g_date_compare (&kept->to, &read->to) == 0 &&
            g_variant_equal (kept->filter_dict, read->filter_dict) &&
            (changed = changes_since (self, kept, read)) != NULL)
          walk = g_ptr_array_steal_index (self->walks, i);
      }
  }

  if (walk != NULL)
    {
      rs_agenda_pager_replace_sales (walk->pager, changed);
      walk->generation = read->generation;
    }
  return walk;
}

static void
keep_walk (RsServiceAgenda *self,
           KeptWalk        *walk)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->walks_lock);

  if (self->walks->len == MAX_KEPT_WALKS)
    g_ptr_array_remove_index (self->walks, 0);
  g_ptr_array_add (self->walks, walk);
}

/* The page, told to the caller. */
static void
read_page_now (PageRead        *read,
               RsServiceAgenda *self)
{
  g_autoptr(RsAgendaItem) cursor = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  KeptWalk *walk;
  gboolean more = FALSE;

  /* Decoded even when a walk is kept, so that a bad cursor is refused the same way always. */
  if (*read->after != '\0' && (cursor = rs_agenda_cursor_decode (read->after, &error)) == NULL)
    {
      read->func (NULL, NULL, error, read->user_data);
      page_read_free (read);
      return;
    }

  walk = *read->after != '\0' ? take_walk (self, read) : NULL;
  if (walk == NULL)
    {
      walk = g_new0 (KeptWalk, 1);
      walk->from = read->from;
      walk->to = read->to;
      walk->filter_dict = g_variant_ref (read->filter_dict);
      walk->generation = read->generation;
      walk->pager = rs_agenda_pager_new (read->snapshot, &read->from, &read->to, sale_matches,
                                         item_matches, g_steal_pointer (&read->filter),
                                         (GDestroyNotify) rs_agenda_filter_free, cursor);
    }

  items = rs_agenda_pager_next (walk->pager, read->limit, &more);
  g_clear_pointer (&walk->cursor, g_free);
  if (!more)
    {
      kept_walk_free (walk);
      next = g_strdup ("");
    }
  else
    {
      walk->cursor = rs_agenda_cursor_encode (g_ptr_array_index (items, items->len - 1));
      next = g_strdup (walk->cursor);
      keep_walk (self, walk);
    }

  read->func (items, next, NULL, read->user_data);
  page_read_free (read);
}

/* In a reading thread. */
static void
read_page (gpointer data,
           gpointer user_data)
{
  rs_background_thread_enter ();
  read_page_now (data, user_data);
}

void
rs_service_agenda_page_async (RsServiceAgenda         *self,
                              const GDate             *today,
                              const GDate             *from,
                              const GDate             *to,
                              GVariant                *filter_dict,
                              RsAgendaFilter          *filter,
                              guint                    limit,
                              const char              *after,
                              RsServiceAgendaPageFunc  func,
                              gpointer                 user_data,
                              GDestroyNotify           user_data_free)
{
  g_autoptr(GVariant) client = NULL;
  PageRead *read;

  g_return_if_fail (RS_IS_SERVICE_AGENDA (self));
  g_return_if_fail (today != NULL && from != NULL && to != NULL);
  g_return_if_fail (filter_dict != NULL && filter != NULL && after != NULL);
  g_return_if_fail (limit > 0 && func != NULL);

  /* The first call of a day moves the anchor; a walk kept from the day before stays valid
   * (the window is the caller's), but the index changes under it. */
  if (g_date_compare (today, rs_agenda_index_get_anchor (self->index)) != 0)
    {
      forget_walks (self);
      rs_agenda_index_rebuild (self->index, today);
    }

  if (self->snapshot == NULL)
    self->snapshot = rs_agenda_index_snapshot (self->index);

  read = g_new0 (PageRead, 1);
  read->snapshot = g_object_ref (self->snapshot);
  /* Only this thread changes it. */
  read->generation = self->generation;
  read->from = *from;
  read->to = *to;
  read->filter_dict = g_variant_ref (filter_dict);
  read->filter = filter;
  read->limit = limit;
  read->after = g_strdup (after);
  read->func = func;
  read->user_data = user_data;
  read->user_data_free = user_data_free;
  if (self->narrow_readers == NULL)
    read_page_now (read, self);
  else if ((client = g_variant_lookup_value (filter_dict, "client", NULL)) != NULL)
    g_thread_pool_push (self->narrow_readers, read, NULL);
  else
    g_thread_pool_push (self->readers, read, NULL);
}
