/* rs-calendar-components.c: the components one calendar shows for a sale, their changes, and
 * the object get_object answers from them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The projection is deterministic (same sale, same text), so comparing the iCalendar text of
 * two projections finds exactly what changed: views get the few components a change touched,
 * never a reload, and an unchanged component is not notified at all (a reminder the user
 * snoozed stays snoozed).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "eds-autocleanups.h"
#include "rs-calendar-clock.h"
#include "rs-calendar-components.h"
#include "rs-calendar-eds-compat.h"
#include <recurring-sales/rs-projection.h>

GPtrArray *
rs_calendar_components_build (RsSale                 *sale,
                              const RsCalendarFilter *filter)
{
  g_autoptr(GPtrArray) components = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) projected = NULL;
  g_autoptr(GTimeZone) local_zone = NULL;

  g_return_val_if_fail (RS_IS_SALE (sale), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (!rs_calendar_filter_accepts_sale (filter, sale))
    return g_steal_pointer (&components);

  projected = rs_projection_build_full (sale, filter->default_delivery);
  /* The user's zone: the calendar factory runs in the user's session (TZ, /etc/localtime). */
  local_zone = g_time_zone_new_local ();
  rs_calendar_eds_compat_apply (projected, local_zone, rs_calendar_clock_now ());
  for (guint i = 0; i < projected->len; i++)
    {
      ICalComponent *icomp = g_ptr_array_index (projected, i);
      ECalComponent *component;
      RsReminderKind kind;

      if (!rs_projection_parse_component_uid (i_cal_component_get_uid (icomp), NULL, &kind) ||
          !rs_calendar_filter_accepts_kind (filter, kind))
        continue;

      /* e_cal_component_new_from_icalcomponent () takes the reference it is given. */
      component = e_cal_component_new_from_icalcomponent (g_object_ref (icomp));
      if (component != NULL)
        g_ptr_array_add (components, component);
    }

  return g_steal_pointer (&components);
}

/* ECalComponentId → ECalComponent, both borrowed from @components except the ids. */
static GHashTable *
index_components (GPtrArray *components)
{
  GHashTable *index = g_hash_table_new_full (e_cal_component_id_hash, e_cal_component_id_equal,
                                             (GDestroyNotify) e_cal_component_id_free, NULL);

  for (guint i = 0; components != NULL && i < components->len; i++)
    {
      ECalComponent *component = g_ptr_array_index (components, i);

      g_hash_table_replace (index, e_cal_component_get_id (component), component);
    }

  return index;
}

static gboolean
same_text (ECalComponent *a,
           ECalComponent *b)
{
  g_autofree char *text_a = e_cal_component_get_as_string (a);
  g_autofree char *text_b = e_cal_component_get_as_string (b);

  return g_strcmp0 (text_a, text_b) == 0;
}

/* EDS 3.46 sends a removed detached instance to clients as the removal of its whole series:
 * e-data-cal-view.c, notify_remove (), joins the UID and the RECURRENCE-ID with a NUL where
 * its clients (e-cal-client-view.c, build_id_list ()) expect "\n", so the RECURRENCE-ID never
 * arrives. When a mark is cleared, the series would vanish from Evolution until a reload:
 * announce what is left of it again. A modification with the component as its own old
 * version reaches exactly the views it matches (e-cal-backend.c,
 * match_view_and_notify_component ()), whatever those views think they have sent. */
static void
reannounce_series (ECalBackend *backend,
                   GPtrArray   *new_components,
                   const char  *uid)
{
  for (guint i = 0; new_components != NULL && i < new_components->len; i++)
    {
      ECalComponent *component = g_ptr_array_index (new_components, i);

      if (g_strcmp0 (e_cal_component_get_uid (component), uid) == 0)
        e_cal_backend_notify_component_modified (backend, component, component);
    }
}

void
rs_calendar_components_notify_changes (ECalBackend *backend,
                                       GPtrArray   *old_components,
                                       GPtrArray   *new_components)
{
  g_autoptr(GHashTable) old_index = NULL;
  g_autoptr(GHashTable) series_with_removed_instances = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (E_IS_CAL_BACKEND (backend));

  old_index = index_components (old_components);

  for (guint i = 0; new_components != NULL && i < new_components->len; i++)
    {
      ECalComponent *component = g_ptr_array_index (new_components, i);
      g_autoptr(ECalComponentId) id = e_cal_component_get_id (component);
      ECalComponent *old_component = g_hash_table_lookup (old_index, id);

      if (old_component == NULL)
        e_cal_backend_notify_component_created (backend, component);
      else if (!same_text (old_component, component))
        e_cal_backend_notify_component_modified (backend, old_component, component);

      g_hash_table_remove (old_index, id);
    }

  /* What is left existed before and exists no more. */
  series_with_removed_instances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, old_index);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      e_cal_backend_notify_component_removed (backend, key, value, NULL);
      if (e_cal_component_id_get_rid (key) != NULL)
        g_hash_table_add (series_with_removed_instances,
                          g_strdup (e_cal_component_id_get_uid (key)));
    }

  g_hash_table_iter_init (&iter, series_with_removed_instances);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    reannounce_series (backend, new_components, key);
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
char *
rs_calendar_components_dup_object (GPtrArray  *components,
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
