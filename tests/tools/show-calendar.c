/* show-calendar.c: what Evolution would show — the "Recurring Sales" calendar read through EDS
 * (ESourceRegistry + ECalClient, as any calendar application does), for the main job
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libecal/libecal.h>
#include <locale.h>
#include <stdlib.h>

#include <recurring-sales/recurring-sales.h>

#define SOURCE_UID "recurring-sales"

typedef struct {
  GDate  date;
  char  *summary;
  char  *reminders;
} Shown;

static void
shown_free (gpointer data)
{
  Shown *shown = data;

  g_free (shown->summary);
  g_free (shown->reminders);
  g_free (shown);
}

typedef struct {
  GPtrArray  *rows;
  ECalClient *client;
} Collected;

static int
compare_shown (gconstpointer a,
               gconstpointer b)
{
  const Shown *x = *(const Shown * const *) a;
  const Shown *y = *(const Shown * const *) b;
  int result = g_date_compare (&x->date, &y->date);

  return result != 0 ? result : g_strcmp0 (x->summary, y->summary);
}

static gboolean
same_day (time_t       when,
          GTimeZone   *zone,
          const GDate *day)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (when);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, zone);

  return g_date_time_get_year (local) == g_date_get_year (day) &&
         g_date_time_get_month (local) == (gint) g_date_get_month (day) &&
         g_date_time_get_day_of_month (local) == g_date_get_day (day);
}

/* "2027-01-24 09:00, …": the reminders of the occurrence on @day, computed by libecal exactly as
 * evolution-alarm-notify's reminder watcher computes them (in the user's time zone). */
static char *
describe_reminders (ECalClient    *client,
                    ECalComponent *component,
                    const GDate   *day)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  ICalTimezone *zone = i_cal_timezone_get_builtin_timezone (e_cal_util_get_system_timezone_location ());
  g_autoptr(GDateTime) midnight = g_date_time_new_utc (g_date_get_year (day), g_date_get_month (day),
                                                       g_date_get_day (day), 0, 0, 0);
  time_t from = g_date_time_to_unix (midnight) - 368 * 86400;
  time_t to = g_date_time_to_unix (midnight) + 2 * 86400;
  ECalComponentAlarms *alarms;
  GSList *instances;

  /* The list of actions to leave out ends with -1; none are left out. */
  ECalComponentAlarmAction omit[] = { (ECalComponentAlarmAction) -1 };

  alarms = e_cal_util_generate_alarms_for_comp (component, from, to, omit, e_cal_client_tzlookup_cb, client,
                                                zone != NULL ? zone : i_cal_timezone_get_utc_timezone ());
  if (alarms == NULL)
    return NULL;

  instances = e_cal_component_alarms_get_instances (alarms);
  for (GSList *l = instances; l != NULL; l = l->next)
    {
      time_t occur = e_cal_component_alarm_instance_get_occur_start (l->data);
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *clock = NULL;
      g_autofree char *date = NULL;
      GDate fires;

      if (!same_day (occur, utc, day) && !same_day (occur, local, day))
        continue;
      when = g_date_time_new_from_unix_local (e_cal_component_alarm_instance_get_time (l->data));
      clock = g_date_time_format (when, "%H:%M");
      g_date_clear (&fires, 1);
      g_date_set_dmy (&fires, g_date_time_get_day_of_month (when), g_date_time_get_month (when),
                      g_date_time_get_year (when));
      date = rs_format_date (&fires);
      g_string_append_printf (text, "%s%s %s", text->len > 0 ? ", " : "", date, clock);
    }

  e_cal_component_alarms_free (alarms);
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static gboolean
collect_instance (ICalComponent *icomp,
                  ICalTime      *instance_start,
                  ICalTime      *instance_end,
                  gpointer       user_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Collected *collected = user_data;
  GPtrArray *rows = collected->rows;
  ECalComponent *component = e_cal_component_new_from_icalcomponent (i_cal_component_clone (icomp));
  Shown *shown = g_new0 (Shown, 1);

  g_date_clear (&shown->date, 1);
  g_date_set_dmy (&shown->date, (GDateDay) i_cal_time_get_day (instance_start),
                  (GDateMonth) i_cal_time_get_month (instance_start),
                  (GDateYear) i_cal_time_get_year (instance_start));
  shown->summary = g_strdup (i_cal_component_get_summary (icomp));
  shown->reminders = describe_reminders (collected->client, component, &shown->date);
  g_object_unref (component);
  g_ptr_array_add (rows, shown);
  return TRUE;
}

static ESource *
wait_for_source (ESourceRegistry *registry)
{
  for (guint i = 0; i < 200; i++)
    {
      ESource *source = e_source_registry_ref_source (registry, SOURCE_UID);

      if (source != NULL)
        return source;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50000);
    }

  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ESourceRegistry) registry = NULL;
  g_autoptr(ESource) source = NULL;
  g_autoptr(EClient) client = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (shown_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  int days = argc > 1 ? atoi (argv[1]) : 60;
  GDate today, last;
  time_t start, end;

  setlocale (LC_ALL, "");
  rs_i18n_init ();
  textdomain (GETTEXT_PACKAGE);

  if (days < 1 || days > 3660)
    days = 60;

  registry = e_source_registry_new_sync (NULL, &error);
  if (registry == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  source = wait_for_source (registry);
  if (source == NULL)
    {
      g_printerr ("The calendar “%s” did not appear: the plugin's registry module did not create it.\n", SOURCE_UID);
      return 1;
    }

  client = e_cal_client_connect_sync (source, E_CAL_CLIENT_SOURCE_TYPE_EVENTS, (guint32) -1, NULL, &error);
  if (client == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  rs_date_set_today (&today);
  last = today;
  g_date_add_days (&last, (guint) days - 1);
  {
    g_autoptr(GDateTime) first = g_date_time_new_local (g_date_get_year (&today), g_date_get_month (&today),
                                                        g_date_get_day (&today), 0, 0, 0);
    g_autoptr(GDateTime) after = g_date_time_add_days (first, days);

    start = g_date_time_to_unix (first);
    end = g_date_time_to_unix (after);
  }
  {
    Collected collected = { rows, E_CAL_CLIENT (client) };

    e_cal_client_generate_instances_sync (E_CAL_CLIENT (client), start, end, NULL, collect_instance,
                                          &collected);
  }
  g_ptr_array_sort (rows, compare_shown);

  from_text = rs_format_date (&today);
  to_text = rs_format_date (&last);
  /* Translators: a heading; %1$s is the calendar's name, %2$s and %3$s dates */
  g_print (_("Calendar “%1$s”, from %2$s to %3$s:\n"), e_source_get_display_name (source), from_text, to_text);
  for (guint i = 0; i < rows->len; i++)
    {
      const Shown *shown = g_ptr_array_index (rows, i);
      g_autofree char *date = NULL;

      /* libecal places all-day events by UTC midnight, so a window in another zone also
       * returns the day before or after it: show the days of the window only. */
      if (g_date_compare (&shown->date, &today) < 0 || g_date_compare (&shown->date, &last) > 0)
        continue;
      date = rs_format_date (&shown->date);

      g_print ("%s  %s\n", date, shown->summary);
      if (shown->reminders != NULL)
        /* Translators: the reminders of an event, as dates and times */
        g_print ("            %s %s\n", _("Reminders:"), shown->reminders);
    }
  if (rows->len == 0)
    g_print ("%s\n", _("Nothing falls due in these days."));

  return 0;
}
