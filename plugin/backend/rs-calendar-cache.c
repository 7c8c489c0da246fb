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
 *
 * A view hands EDS parsed components, and parsing the text again cost a view more than
 * deciding and matching it: the sales views show keep their components parsed too, as long as
 * the estimated weight of all of them stays within a budget (first come, first kept: a month
 * view at 10,000 sales fits, one at 100,000 keeps its first part).
 */
#include "config.h"

#include <string.h>

#include "eds-autocleanups.h"
#include "rs-calendar-cache.h"
#include "rs-calendar-clock.h"
#include "rs-calendar-components.h"
#include <recurring-sales/rs-projection.h>

typedef struct {
  RsSale          *sale;        /* the object the entry was built from */
  RsCalendarEntry *entry;
} CacheSlot;

/* The weight of the parsed components kept, shared by the cache and its entries (an entry
 * gives its share back when it goes, which may be after the cache). */
typedef struct {
  gatomicrefcount ref_count;
  GMutex          lock;
  gsize           limit;
  gsize           spent;
} Budget;

typedef struct {
  RsCalendarEntry public;
  gatomicrefcount ref_count;
  /* Set once, under the cache's lock, then read-only until the entry goes. */
  GPtrArray      *components;   /* ECalComponent, parsed from texts; NULL: not kept */
  Budget         *budget;       /* what `components` was charged to */
  gsize           weight;
} Entry;

/* A parsed component weighs about ten times its text (measured: 8.6 kB for 813 bytes). */
#define PARSED_WEIGHT_PER_BYTE 11

struct _RsCalendarCache
{
  GMutex            lock;
  /* Held while the kept parsed components are used: libical's objects are not thread-safe
   * (even reading a property moves the component's own iterator). */
  GMutex            components_lock;
  Budget           *budget;
  GHashTable       *entries;    /* uid → CacheSlot */
  RsCalendarFilter *filter;     /* what the entries were built for */
  char             *day;        /* the local day they were built on, YYYY-MM-DD */
  /* The local day now, and when it was worked out: the clock's time, the monotonic time. */
  char             *today;
  gint64            today_clock;
  gint64            today_checked;
};

static Budget *
budget_new (gsize limit)
{
  Budget *budget = g_new0 (Budget, 1);

  g_atomic_ref_count_init (&budget->ref_count);
  g_mutex_init (&budget->lock);
  budget->limit = limit;
  return budget;
}

static Budget *
budget_ref (Budget *budget)
{
  g_atomic_ref_count_inc (&budget->ref_count);
  return budget;
}

static void
budget_unref (Budget *budget)
{
  if (!g_atomic_ref_count_dec (&budget->ref_count))
    return;

  g_mutex_clear (&budget->lock);
  g_free (budget);
}

static gboolean
budget_take (Budget *budget,
             gsize   weight)
{
  gboolean taken;

  g_mutex_lock (&budget->lock);
  taken = budget->spent + weight <= budget->limit;
  if (taken)
    budget->spent += weight;
  g_mutex_unlock (&budget->lock);
  return taken;
}

static void
budget_give_back (Budget *budget,
                  gsize   weight)
{
  g_mutex_lock (&budget->lock);
  budget->spent -= MIN (weight, budget->spent);
  g_mutex_unlock (&budget->lock);
}

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
  if (self->components != NULL)
    {
      g_ptr_array_unref (self->components);
      budget_give_back (self->budget, self->weight);
      budget_unref (self->budget);
    }
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
  g_mutex_init (&self->components_lock);
  self->budget = budget_new (RS_CALENDAR_CACHE_PARSED_BUDGET);
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
  budget_unref (self->budget);
  g_mutex_clear (&self->components_lock);
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

void
rs_calendar_cache_set_parsed_budget (RsCalendarCache *self,
                                     gsize            bytes)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->budget->lock);
  self->budget->limit = bytes;
  g_mutex_unlock (&self->budget->lock);
}

static void
component_unref (gpointer component)
{
  /* Slots not parsed hold NULL. */
  if (component != NULL)
    g_object_unref (component);
}

/* @entry's texts parsed: all of them, or (@wanted not NULL) only those at the indexes
 * @wanted holds, the other slots NULL. */
static GPtrArray *
parse_texts (RsCalendarEntry *entry,
             GArray          *wanted)
{
  GPtrArray *components = g_ptr_array_new_full (entry->texts->len, component_unref);

  g_ptr_array_set_size (components, (int) entry->texts->len);
  for (guint i = 0; i < (wanted != NULL ? wanted->len : entry->texts->len); i++)
    {
      guint index = wanted != NULL ? g_array_index (wanted, guint, i) : i;

      /* Never NULL for a text e_cal_component_get_as_string () wrote. */
      if (index < entry->texts->len && components->pdata[index] == NULL)
        components->pdata[index] = e_cal_component_new_from_string (entry->texts->pdata[index]);
    }

  return components;
}

static gboolean
budget_has_room (Budget *budget,
                 gsize   weight)
{
  gboolean room;

  g_mutex_lock (&budget->lock);
  room = budget->spent + weight <= budget->limit;
  g_mutex_unlock (&budget->lock);
  return room;
}

GPtrArray *
rs_calendar_cache_ref_components (RsCalendarCache *self,
                                  RsCalendarEntry *entry,
                                  GArray          *wanted)
{
  Entry *kept = (Entry *) entry;
  g_autoptr(GPtrArray) components = NULL;
  gsize weight = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (wanted != NULL, NULL);

  g_mutex_lock (&self->lock);
  if (kept->components != NULL)
    components = g_ptr_array_ref (kept->components);
  g_mutex_unlock (&self->lock);
  if (components != NULL)
    return g_steal_pointer (&components);

  for (guint i = 0; i < entry->texts->len; i++)
    weight += strlen (entry->texts->pdata[i]) * PARSED_WEIGHT_PER_BYTE;
  /* Past the budget, only what the caller wants, as before anything was kept. */
  if (!budget_has_room (self->budget, weight))
    return parse_texts (entry, wanted);

  /* Parsed outside the lock; kept unless the budget ran out meanwhile or another view kept
   * them first. */
  components = parse_texts (entry, NULL);
  g_mutex_lock (&self->lock);
  if (kept->components != NULL)
    {
      g_clear_pointer (&components, g_ptr_array_unref);
      components = g_ptr_array_ref (kept->components);
    }
  else if (budget_take (self->budget, weight))
    {
      kept->components = g_ptr_array_ref (components);
      kept->budget = budget_ref (self->budget);
      kept->weight = weight;
    }
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&components);
}

void
rs_calendar_cache_lock_components (RsCalendarCache *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->components_lock);
}

void
rs_calendar_cache_unlock_components (RsCalendarCache *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_unlock (&self->components_lock);
}
