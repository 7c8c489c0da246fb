/* rs-calendar-eds-compat.c: the projection of a sale, adjusted to how EDS 3.46 reads calendars
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The projection is plain iCalendar, right for any reader that follows RFC 5545. EDS's
 * reminder code (e-cal-util.c, e_cal_util_generate_alarms_for_comp (), used by
 * EReminderWatcher, so by evolution-alarm-notify and GNOME Shell) departs from it twice, and
 * both would break the promise of "a reminder at 09:00, none for an invoice already issued".
 * The adjustments live here, in the EDS backend, so that exports and other readers keep the
 * standard form.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libecal/libecal.h>

#include <recurring-sales/rs-autocleanups.h>
#include "rs-calendar-eds-compat.h"

/* 1. Overridden occurrences. EDS computes a component's reminders from that component alone:
 * the series' VALARMs would still fire for an occurrence that a detached instance (an issued
 * or prepaid invoice, which has no alarm) overrides. So the series also excludes those dates;
 * EDS's clients still show the instance (e-cal-client.c, process_detached_instances (), adds
 * the ones whose date the series lacks). */
static ICalComponent *
find_series (GPtrArray *projected)
{
  for (guint i = 0; i < projected->len; i++)
    {
      ICalComponent *icomp = g_ptr_array_index (projected, i);

      if (!e_cal_util_component_is_instance (icomp) && e_cal_util_component_has_recurrences (icomp))
        return icomp;
    }

  return NULL;
}

static void
exclude_overridden_occurrences (GPtrArray *projected)
{
  ICalComponent *series = find_series (projected);

  for (guint i = 0; series != NULL && i < projected->len; i++)
    {
      ICalComponent *icomp = g_ptr_array_index (projected, i);
      g_autoptr(ICalTime) recurrence_id = NULL;

      if (!e_cal_util_component_is_instance (icomp) ||
          g_strcmp0 (i_cal_component_get_uid (icomp), i_cal_component_get_uid (series)) != 0)
        continue;
      recurrence_id = i_cal_component_get_recurrenceid (icomp);
      i_cal_component_take_property (series, i_cal_property_new_exdate (recurrence_id));
    }
}

/* 2. Reminders of all-day events. EDS places an all-day occurrence at midnight UTC whatever
 * the zone it is given (e-cal-util.c, add_alarm_occurrences_cb (), converts the DATE with
 * its own, absent, zone): "7 days before, at 09:00" (-P6DT15H) fires at 09:00 UTC. Moving
 * the trigger by the local zone's UTC offset at the moment it fires makes it 09:00 local.
 * A single event knows that moment exactly. A series has one trigger for all its occurrences,
 * and the offset differs between summer and winter, so no trigger is right for all of them;
 * but the reminder watchers only schedule what fires before the next midnight, and read the
 * calendar again at each midnight (e-reminder-watcher.c, e_reminder_watcher_calc_next_midnight
 * ()): the offset of today at the reminder's time of day is right for every reminder they
 * schedule, on the days the clocks change too (the offset of the moment it is read is not: at
 * midnight the clocks have not changed yet). The cache is built again each day for that. */

/* The zone's offset (seconds) at @seconds_into_day on @year-@month-@day, wall-clock time. */
static gint64
offset_at_wall_clock (GTimeZone *zone,
                      int        year,
                      int        month,
                      int        day,
                      int        seconds_into_day)
{
  g_autoptr(GDateTime) moment = g_date_time_new (zone, year, month, day,
                                                 seconds_into_day / 3600,
                                                 seconds_into_day / 60 % 60,
                                                 seconds_into_day % 60);

  return moment != NULL ? g_date_time_get_utc_offset (moment) / G_USEC_PER_SEC : 0;
}

static gint64
offset_for_trigger (ICalComponent *event,
                    int            trigger_seconds,
                    GTimeZone     *zone,
                    gint64         now)
{
  g_autoptr(ICalTime) start = NULL;
  int days, seconds_into_day;

  /* The reminder's wall-clock time: whole days from the event's date, and a time of day. */
  days = trigger_seconds >= 0 ? trigger_seconds / 86400 : -((-trigger_seconds + 86399) / 86400);
  seconds_into_day = trigger_seconds - days * 86400;

  if (e_cal_util_component_has_recurrences (event))
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (now);
      g_autoptr(GDateTime) today = at != NULL ? g_date_time_to_timezone (at, zone) : NULL;

      if (today == NULL)
        return 0;
      return offset_at_wall_clock (zone, g_date_time_get_year (today),
                                   g_date_time_get_month (today),
                                   g_date_time_get_day_of_month (today), seconds_into_day);
    }

  start = i_cal_component_get_dtstart (event);
  i_cal_time_adjust (start, days, 0, 0, 0);
  return offset_at_wall_clock (zone, i_cal_time_get_year (start), i_cal_time_get_month (start),
                               i_cal_time_get_day (start), seconds_into_day);
}

static void
shift_all_day_triggers (ICalComponent *event,
                        GTimeZone     *zone,
                        gint64         now)
{
  g_autoptr(ICalTime) start = i_cal_component_get_dtstart (event);
  ICalComponent *valarm;

  if (start == NULL || !i_cal_time_is_date (start))
    return;

  for (valarm = i_cal_component_get_first_component (event, I_CAL_VALARM_COMPONENT);
       valarm != NULL;
       g_object_unref (valarm),
       valarm = i_cal_component_get_next_component (event, I_CAL_VALARM_COMPONENT))
    {
      g_autoptr(ICalProperty) property =
        i_cal_component_get_first_property (valarm, I_CAL_TRIGGER_PROPERTY);
      g_autoptr(ICalTrigger) trigger = NULL;
      g_autoptr(ICalDuration) duration = NULL;
      g_autoptr(ICalTrigger) shifted = NULL;
      g_autoptr(ICalTime) absolute = NULL;
      int seconds;

      if (property == NULL)
        continue;
      trigger = i_cal_property_get_trigger (property);
      absolute = i_cal_trigger_get_time (trigger);
      duration = i_cal_trigger_get_duration (trigger);
      if ((absolute != NULL && !i_cal_time_is_null_time (absolute)) || duration == NULL)
        continue;

      seconds = i_cal_duration_as_int (duration);
      seconds -= (int) offset_for_trigger (event, seconds, zone, now);
      shifted = i_cal_trigger_new_from_int (seconds);
      i_cal_property_set_trigger (property, shifted);
    }
}

void
rs_calendar_eds_compat_apply (GPtrArray *projected,
                              GTimeZone *local_zone,
                              gint64     now)
{
  g_return_if_fail (projected != NULL);
  g_return_if_fail (local_zone != NULL);

  exclude_overridden_occurrences (projected);
  for (guint i = 0; i < projected->len; i++)
    shift_all_day_triggers (g_ptr_array_index (projected, i), local_zone, now);
}
