/* rs-test-ical.c: calendar components as the tests read them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <recurring-sales/rs-autocleanups.h>

#include "rs-test-ical.h"

GDate
rs_test_ical_to_date (ICalTime *time)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) i_cal_time_get_day (time), (GDateMonth) i_cal_time_get_month (time),
                  (GDateYear) i_cal_time_get_year (time));
  return date;
}

ICalTime *
rs_test_ical_date (const GDate *date)
{
  ICalTime *time = i_cal_time_new_null_time ();

  i_cal_time_set_date (time, g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
  i_cal_time_set_is_date (time, TRUE);
  return time;
}

static gboolean
collect_instance (ICalComponent *component,
                  ICalTime      *instance_start,
                  ICalTime      *instance_end,
                  gpointer       user_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  GDate date = rs_test_ical_to_date (instance_start);

  g_assert_true (i_cal_time_is_date (instance_start));
  g_array_append_val ((GArray *) user_data, date);
  return TRUE;
}

GArray *
rs_test_ical_expand (ICalComponent *component,
                     const GDate   *from,
                     const GDate   *to)
{
  GArray *dates = g_array_new (FALSE, FALSE, sizeof (GDate));
  g_autoptr(ICalTime) start = rs_test_ical_date (from);
  g_autoptr(ICalTime) end = NULL;
  g_autoptr(GError) error = NULL;
  GDate after = *to;

  g_date_add_days (&after, 1);
  end = rs_test_ical_date (&after);
  g_assert_true (e_cal_recur_generate_instances_sync (component, start, end, collect_instance, dates,
                                                      NULL, NULL, i_cal_timezone_get_utc_timezone (),
                                                      NULL, &error));
  g_assert_no_error (error);
  return dates;
}
