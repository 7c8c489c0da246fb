/* rs-calendar-cache.c: each sale's components, built once and kept until the sale changes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Projecting a sale (libical objects, then ECalComponents, then their text) costs far more
 * than deciding whether it is in a window: a calendar that is browsed asks for the same sales
 * again and again (a month view, the next month, the reminders of today). The backend keeps
 * sales as immutable objects replaced on change, so the sale object itself is the cache key:
 * a lookup with another object for the same uid rebuilds. The components also depend on the
 * calendar's filter and, through the EDS compatibility shift of all-day reminders, on the
 * zone's offset of the day: either changing empties the cache.
 */
#include "config.h"

#include "eds-autocleanups.h"
#include "rs-calendar-cache.h"
#include "rs-calendar-clock.h"
#include "rs-calendar-components.h"
#include <recurring-sales/rs-projection.h>

struct _RsCalendarCache
{
  GMutex            lock;
  GHashTable       *entries;    /* uid → CacheSlot */
  RsCalendarFilter *filter;     /* what the entries were built for */
  char             *day;        /* the local day they were built on, YYYY-MM-DD */
  /* The local day now, and when it was worked out: the clock's time, the monotonic time. */
  char             *today;
  gint64            today_clock;
  gint64            today_checked;
};

typedef struct {
  RsSale          *sale;        /* the object the entry was built from */
  RsCalendarEntry *entry;
} CacheSlot;

typedef struct {
  RsCalendarEntry public;
  gatomicrefcount ref_count;
} Entry;

static void
cache_slot_free (gpointer data)
{
  CacheSlot *slot = data;

  g_clear_object (&slot->sale);
  g_clear_pointer (&slot->entry, rs_calendar_entry_unref);
  g_free (slot);
}

RsCalendarEntry *
rs_calendar_entry_ref (RsCalendarEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  g_atomic_ref_count_inc (&((Entry *) entry)->ref_count);
  return entry;
}

void
rs_calendar_entry_unref (RsCalendarEntry *entry)
{
  Entry *self = (Entry *) entry;

  g_return_if_fail (entry != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < entry->texts->len; i++)
    rs_calendar_component_info_clear (&entry->infos[i]);
  g_ptr_array_unref (entry->texts);
  g_free (entry->infos);
  g_free (self);
}

static RsCalendarEntry *
entry_build (RsSale                 *sale,
             const RsCalendarFilter *filter)
{
  g_autoptr(GPtrArray) components = rs_calendar_components_build (sale, filter);
  Entry *self = g_new0 (Entry, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->public.texts = g_ptr_array_new_full (components->len, g_free);
  self->public.infos = g_new0 (RsCalendarComponentInfo, MAX (components->len, 1));
  for (guint i = 0; i < components->len; i++)
    {
      g_ptr_array_add (self->public.texts, e_cal_component_get_as_string (components->pdata[i]));
      rs_calendar_component_info_init (&self->public.infos[i], components->pdata[i]);
      /* The series, its instances, the expiry and the notice mostly say the same. */
      for (guint j = 0; j < i; j++)
        rs_calendar_component_info_share (&self->public.infos[i], &self->public.infos[j]);
    }

  return &self->public;
}

/* Under lock: the local day, worked out again only when the clock shows another second or a
 * second has passed. A lookup per sale cannot afford more: GLib 2.74 reads the zone again from
 * /etc/localtime at every g_time_zone_new_local () (a readlink and a stat), which was most of
 * the time of a search over every sale. A change of zone is seen within a second. */
static const char *
cache_local_day_locked (RsCalendarCache *self)
{
  gint64 clock = rs_calendar_clock_now ();
  gint64 checked = g_get_monotonic_time ();
  g_autoptr(GDateTime) now = NULL;

  if (self->today != NULL && clock == self->today_clock &&
      checked - self->today_checked < G_USEC_PER_SEC)
    return self->today;

  now = g_date_time_new_from_unix_local (clock);
  g_free (self->today);
  self->today = g_date_time_format (now, "%Y-%m-%d");
  self->today_clock = clock;
  self->today_checked = checked;
  return self->today;
}

RsCalendarCache *
rs_calendar_cache_new (void)
{
  RsCalendarCache *self = g_new0 (RsCalendarCache, 1);

  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_slot_free);
  return self;
}

void
rs_calendar_cache_free (RsCalendarCache *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->entries);
  g_clear_pointer (&self->filter, rs_calendar_filter_free);
  g_free (self->day);
  g_free (self->today);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* Under lock: empties the cache when what every entry depends on changed. */
static void
cache_check_context_locked (RsCalendarCache        *self,
                            const RsCalendarFilter *filter)
{
  const char *day = cache_local_day_locked (self);

  if (self->filter != NULL && rs_calendar_filter_equal (self->filter, filter) &&
      g_strcmp0 (self->day, day) == 0)
    return;

  g_hash_table_remove_all (self->entries);
  g_clear_pointer (&self->filter, rs_calendar_filter_free);
  self->filter = rs_calendar_filter_copy (filter);
  g_free (self->day);
  self->day = g_strdup (day);
}

RsCalendarEntry *
rs_calendar_cache_lookup (RsCalendarCache        *self,
                          RsSale                 *sale,
                          const RsCalendarFilter *filter)
{
  RsCalendarEntry *entry = NULL;
  CacheSlot *slot;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (RS_IS_SALE (sale), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  g_mutex_lock (&self->lock);
  cache_check_context_locked (self, filter);
  slot = g_hash_table_lookup (self->entries, rs_sale_get_uid (sale));
  if (slot != NULL && slot->sale == sale)
    entry = rs_calendar_entry_ref (slot->entry);
  g_mutex_unlock (&self->lock);

  if (entry != NULL)
    return entry;

  /* Built outside the lock: two threads may build the same sale once each, which is only
   * wasted work; the last one is kept. */
  entry = entry_build (sale, filter);

  g_mutex_lock (&self->lock);
  if (self->filter != NULL && rs_calendar_filter_equal (self->filter, filter))
    {
      slot = g_new0 (CacheSlot, 1);
      slot->sale = g_object_ref (sale);
      slot->entry = rs_calendar_entry_ref (entry);
      g_hash_table_replace (self->entries, g_strdup (rs_sale_get_uid (sale)), slot);
    }
  g_mutex_unlock (&self->lock);

  return entry;
}

void
rs_calendar_cache_forget (RsCalendarCache *self,
                          const char      *uid)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (uid != NULL);

  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->entries, uid);
  g_mutex_unlock (&self->lock);
}
