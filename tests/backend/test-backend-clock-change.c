/* test-backend-clock-change.c: owner reminders at the reminder time on the days the clocks change
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Run once per zone (the zone is the argument; it becomes TZ before EDS starts, so the calendar
 * factory, as in the user's session, lives in it). The backend's clock is a file
 * (RS_BACKEND_CLOCK_FILE) set to just after midnight of the day looked at — when the reminder
 * watchers (evolution-alarm-notify, GNOME Shell) read the calendar again — so the days of 2027
 * are checked whatever day the test runs. The reminders are computed from the component the
 * calendar gives, as the watchers compute them (e_cal_util_generate_alarms_for_comp ()).
 */
#include "config.h"

#include <glib/gstdio.h>

#include "eds-test-util.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-projection.h>
#include "rs-test-sales.h"

typedef struct {
  const char *zone;
  const char *change_days[2];   /* the 2027 days on which the clocks go forward and back */
} ZoneCase;

/* Europe: last Sunday of March and of October, at 01:00 UTC. South of the equator: Sydney,
 * first Sunday of April and of October, at 03:00 and 02:00 local; Santiago, first Sunday of
 * April and of September, at midnight local. */
static const ZoneCase zone_cases[] = {
  { "Europe/Athens", { "2027-03-28", "2027-10-31" } },
  { "Australia/Sydney", { "2027-04-04", "2027-10-03" } },
  { "America/Santiago", { "2027-04-04", "2027-09-05" } },
};

static EdsTest eds;
static ECalClient *client;
static const ZoneCase *zone_case;
static GTimeZone *zone;
static ICalTimezone *ical_zone;
static char *clock_dir;
static char *clock_path;

/* @hour:@minute on @date in the zone; a time the clocks skip is moved forward, as GLib does. */
static GDateTime *
wall_clock (const GDate *date,
            int          hour,
            int          minute,
            int          second)
{
  return g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), hour, minute, second);
}

static gint64
unix_at (const GDate *date,
         int          hour,
         int          minute)
{
  g_autoptr(GDateTime) time = wall_clock (date, hour, minute, 0);

  return g_date_time_to_unix (time);
}

static char *
local_text (gint64 seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S %z");
}

/* The backend's "now": @date, just after the midnight at which the watchers read again. */
static void
set_backend_clock (const GDate *date)
{
  g_autoptr(GDateTime) midnight = wall_clock (date, 0, 0, 30);
  g_autofree char *text = g_date_time_format_iso8601 (midnight);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (clock_path, text, -1, &error);
  g_assert_no_error (error);
}

static char *
add_sale (const char *client_name,
          const char *period,
          const char *start,
          const char *extra)
{
  return eds_test_add_sale (&eds, eds_test_sale_dict (client_name, period, start, extra));
}

/* The reminders of the calendar's component @component_uid that fire on @date (local
 * midnight to midnight), as seconds, in order. */
static GArray *
reminders_on (const char  *component_uid,
              const GDate *date)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));
  GDate next_day = *date;
  g_autoptr(ICalComponent) icomp = NULL;
  g_autoptr(ECalComponent) component = NULL;
  g_autoptr(GError) error = NULL;
  ECalComponentAlarmAction omit[] = { -1 };
  ECalComponentAlarms *alarms;

  g_date_add_days (&next_day, 1);
  e_cal_client_get_object_sync (client, component_uid, NULL, &icomp, NULL, &error);
  g_assert_no_error (error);
  component = e_cal_component_new_from_icalcomponent (g_steal_pointer (&icomp));
  g_assert_nonnull (component);

  alarms = e_cal_util_generate_alarms_for_comp (component, (time_t) unix_at (date, 0, 0),
                                                (time_t) unix_at (&next_day, 0, 0), omit,
                                                e_cal_client_tzlookup_cb, client, ical_zone);
  for (GSList *link = alarms != NULL ? e_cal_component_alarms_get_instances (alarms) : NULL;
       link != NULL; link = link->next)
    {
      gint64 time = e_cal_component_alarm_instance_get_time (link->data);

      g_array_append_val (times, time);
    }
  g_clear_pointer (&alarms, e_cal_component_alarms_free);
  return times;
}

static void
assert_one_reminder_at_nine (const char  *component_uid,
                             const GDate *date)
{
  g_autoptr(GArray) times = NULL;
  g_autofree char *expected = local_text (unix_at (date, 9, 0));

  set_backend_clock (date);
  times = reminders_on (component_uid, date);
  g_test_message ("%s: %u reminder(s) on %s", component_uid, times->len, expected);
  g_assert_cmpuint (times->len, ==, 1);
  {
    g_autofree char *actual = local_text (g_array_index (times, gint64, 0));

    g_assert_cmpstr (actual, ==, expected);
  }
}

/* Tests */

/* The table is right for this tzdata: the offset at 09:00 differs from the day before's. */
static void
test_the_clocks_change_on_those_days (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (zone_case->change_days); i++)
    {
      GDate day = rs_test_date (zone_case->change_days[i]);
      GDate day_before = day;
      g_autoptr(GDateTime) nine = wall_clock (&day, 9, 0, 0);
      g_autoptr(GDateTime) nine_before = NULL;

      g_date_subtract_days (&day_before, 1);
      nine_before = wall_clock (&day_before, 9, 0, 0);
      g_assert_cmpint (g_date_time_get_utc_offset (nine), !=,
                       g_date_time_get_utc_offset (nine_before));
    }
}

/* A weekly series on Sundays, reminded a week before at 09:00: every Sunday has one
 * reminder, at 09:00 local — on the change days, and on the Sundays either side. */
static void
test_series_reminder_at_nine_on_change_days (void)
{
  g_autofree char *uid = add_sale ("Weekly", "1w", "2027-01-03",
                                   "{'reminders': <[('invoice', @u 7, 'owner')]>, "
                                   "'reminder_time': <'09:00'>}");
  g_autofree char *invoice = rs_projection_component_uid (uid, RS_REMINDER_KIND_INVOICE);

  eds_test_wait_for_client (&eds, client);
  for (guint i = 0; i < G_N_ELEMENTS (zone_case->change_days); i++)
    for (int week = -1; week <= 1; week++)
      {
        GDate day = rs_test_date (zone_case->change_days[i]);

        if (week < 0)
          g_date_subtract_days (&day, 7);
        else
          g_date_add_days (&day, (guint) week * 7);
        assert_one_reminder_at_nine (invoice, &day);
      }
}

/* A single event (an expiry, reminded 30 days before) whose reminder falls on a change day. */
static void
test_single_event_reminder_at_nine_on_change_days (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (zone_case->change_days); i++)
    {
      GDate day = rs_test_date (zone_case->change_days[i]);
      GDate expiry = day;
      g_autofree char *until = NULL;
      g_autofree char *extra = NULL;
      g_autofree char *uid = NULL;
      g_autofree char *component_uid = NULL;

      g_date_add_days (&expiry, 30);
      until = rs_date_to_iso (&expiry);
      extra = g_strdup_printf ("{'until': <'%s'>, 'reminders': <[('expiry', @u 30, 'owner')]>, "
                               "'reminder_time': <'09:00'>}", until);
      uid = add_sale ("Expiring", "1y", "2026-01-15", extra);
      component_uid = rs_projection_component_uid (uid, RS_REMINDER_KIND_EXPIRY);
      eds_test_wait_for_client (&eds, client);
      assert_one_reminder_at_nine (component_uid, &day);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!eds_test_init (&argc, &argv))
    return 0;

  for (guint i = 0; argc == 2 && i < G_N_ELEMENTS (zone_cases); i++)
    if (g_strcmp0 (argv[1], zone_cases[i].zone) == 0)
      zone_case = &zone_cases[i];
  if (zone_case == NULL)
    g_error ("Give one of the zones of the table as the argument");

  /* The user's zone, for EDS too (it inherits it), set before any thread exists. */
  g_setenv ("TZ", zone_case->zone, TRUE);
  zone = g_time_zone_new_identifier (zone_case->zone);
  ical_zone = i_cal_timezone_get_builtin_timezone (zone_case->zone);
  g_assert_nonnull (zone);
  g_assert_nonnull (ical_zone);

  clock_dir = g_dir_make_tmp ("rs-test-clock-XXXXXX", NULL);
  g_assert_nonnull (clock_dir);
  clock_path = g_build_filename (clock_dir, "now", NULL);
  g_setenv ("RS_BACKEND_CLOCK_FILE", clock_path, TRUE);
  {
    GDate first = rs_test_date ("2027-01-01");

    set_backend_clock (&first);
  }

  eds_test_start (&eds, NULL);
  client = eds_test_connect (&eds, EDS_TEST_DEFAULT_UID);

  g_test_add_func ("/backend/clock-change/the-clocks-change-on-those-days",
                   test_the_clocks_change_on_those_days);
  g_test_add_func ("/backend/clock-change/series-reminder-at-nine",
                   test_series_reminder_at_nine_on_change_days);
  g_test_add_func ("/backend/clock-change/single-event-reminder-at-nine",
                   test_single_event_reminder_at_nine_on_change_days);
  status = g_test_run ();

  g_clear_object (&client);
  eds_test_stop (&eds);
  g_unlink (clock_path);
  g_rmdir (clock_dir);
  g_free (clock_path);
  g_free (clock_dir);
  g_time_zone_unref (zone);
  return status;
}
