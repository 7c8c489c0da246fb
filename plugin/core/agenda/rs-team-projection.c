/* rs-team-projection.c: a sale's events in a team calendar, one event per date
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built from the projection (rs-projection.c), so that a team calendar says what the user's
 * own calendar says: the series of invoices is cut into one event per issue date in the
 * window, each a copy of the series (or of its detached instance, when the invoice is marked)
 * without the recurrence.
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/rs-autocleanups.h>
#include <recurring-sales/rs-projection.h>
#include <recurring-sales/rs-team-projection.h>

/* The properties the projection sets and the service therefore owns in a team calendar; a
 * teammate's others are kept. DTSTAMP, CREATED and LAST-MODIFIED are not compared (clients
 * rewrite them on every edit; that alone needs no update), but an update writes them. */
static const ICalPropertyKind owned_kinds[] = {
  I_CAL_DTSTART_PROPERTY, I_CAL_DTEND_PROPERTY, I_CAL_SUMMARY_PROPERTY,
  I_CAL_DESCRIPTION_PROPERTY, I_CAL_STATUS_PROPERTY, I_CAL_TRANSP_PROPERTY,
  I_CAL_CLASS_PROPERTY, I_CAL_COLOR_PROPERTY,
};
static const ICalPropertyKind stamp_kinds[] = {
  I_CAL_DTSTAMP_PROPERTY, I_CAL_CREATED_PROPERTY, I_CAL_LASTMODIFIED_PROPERTY,
};
static const char * const owned_x_names[] = {
  RS_X_SALE_UID, RS_X_SALE_KIND, RS_X_TEAM_CALENDAR,
};

gboolean
rs_team_projection_rule_is_published (RsSale               *sale,
                                      const RsReminderRule *rule)
{
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  /* The team's reminders ring on every teammate's desktop. The owner's ring on the owner's
   * own calendar already (twice if here too); the client's are e-mails the service sends. */
  return rule->audience == RS_AUDIENCE_TEAM;
}

static gboolean
published_rule (RsSale               *sale,
                const RsReminderRule *rule,
                gpointer              user_data G_GNUC_UNUSED)
{
  return rs_team_projection_rule_is_published (sale, rule);
}

char *
rs_team_projection_event_uid (const char     *sale_uid,
                              RsReminderKind  kind,
                              const GDate    *date)
{
  g_autofree char *component_uid = rs_projection_component_uid (sale_uid, kind);

  if (kind != RS_REMINDER_KIND_INVOICE)
    return g_strdup_printf ("%s-team", component_uid);

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  return g_strdup_printf ("%s-%04u%02u%02u-team", component_uid, g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static ICalTime *
date_to_ical (const GDate *date)
{
  ICalTime *time = i_cal_time_new_null_time ();

  i_cal_time_set_date (time, g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
  i_cal_time_set_is_date (time, TRUE);
  return time;
}

gboolean
rs_team_projection_get_date (ICalComponent *event,
                             GDate         *out_date)
{
  g_autoptr(ICalTime) start = NULL;

  g_return_val_if_fail (I_CAL_IS_COMPONENT (event), FALSE);

  start = i_cal_component_get_dtstart (event);
  g_date_clear (out_date, 1);
  if (start == NULL || i_cal_time_is_null_time (start) || !i_cal_time_is_valid_time (start) ||
      !g_date_valid_dmy ((GDateDay) i_cal_time_get_day (start),
                         (GDateMonth) i_cal_time_get_month (start),
                         (GDateYear) i_cal_time_get_year (start)))
    return FALSE;

  g_date_set_dmy (out_date, (GDateDay) i_cal_time_get_day (start),
                  (GDateMonth) i_cal_time_get_month (start), (GDateYear) i_cal_time_get_year (start));
  return TRUE;
}

static void
remove_properties (ICalComponent    *component,
                   ICalPropertyKind  kind)
{
  ICalProperty *property;

  while ((property = i_cal_component_get_first_property (component, kind)) != NULL)
    {
      i_cal_component_remove_property (component, property);
      g_object_unref (property);
    }
}

static void
remove_x_property (ICalComponent *component,
                   const char    *name)
{
  ICalProperty *property = i_cal_component_get_first_property (component, I_CAL_X_PROPERTY);

  while (property != NULL)
    {
      ICalProperty *next = i_cal_component_get_next_property (component, I_CAL_X_PROPERTY);

      if (g_strcmp0 (i_cal_property_get_x_name (property), name) == 0)
        i_cal_component_remove_property (component, property);
      g_object_unref (property);
      property = next;
    }
}

static char *
get_x_value (ICalComponent *component,
             const char    *name)
{
  char *value = NULL;
  ICalProperty *property = i_cal_component_get_first_property (component, I_CAL_X_PROPERTY);

  while (property != NULL)
    {
      if (value == NULL && g_strcmp0 (i_cal_property_get_x_name (property), name) == 0)
        value = g_strdup (i_cal_property_get_x (property));
      g_object_unref (property);
      property = i_cal_component_get_next_property (component, I_CAL_X_PROPERTY);
    }

  return value;
}

static void
set_x_property (ICalComponent *component,
                const char    *name,
                const char    *value)
{
  ICalProperty *property = i_cal_property_new_x (value);

  remove_x_property (component, name);
  i_cal_property_set_x_name (property, name);
  i_cal_component_take_property (component, property);
}

/* An event of @template on @date, one day long, without recurrence. */
static ICalComponent *
event_on (ICalComponent  *template,
          RsSale         *sale,
          RsReminderKind  kind,
          const GDate    *date)
{
  ICalComponent *event = i_cal_component_clone (template);
  g_autofree char *uid = rs_team_projection_event_uid (rs_sale_get_uid (sale), kind, date);
  g_autoptr(ICalTime) start = date_to_ical (date);
  g_autoptr(ICalTime) end = NULL;
  GDate next_day = *date;

  g_date_add_days (&next_day, 1);
  end = date_to_ical (&next_day);

  remove_properties (event, I_CAL_RRULE_PROPERTY);
  remove_properties (event, I_CAL_RDATE_PROPERTY);
  remove_properties (event, I_CAL_EXDATE_PROPERTY);
  remove_properties (event, I_CAL_RECURRENCEID_PROPERTY);
  i_cal_component_set_uid (event, uid);
  i_cal_component_set_dtstart (event, start);
  i_cal_component_set_dtend (event, end);
  set_x_property (event, RS_X_TEAM_CALENDAR, "1");
  return event;
}

static gboolean
in_window (const GDate *date,
           const GDate *from,
           const GDate *to)
{
  return g_date_compare (date, from) >= 0 && g_date_compare (date, to) <= 0;
}

static gboolean
invoice_is_skipped (RsSale      *sale,
                    const GDate *date)
{
  GArray *marked = rs_sale_get_marked_occurrences (sale);

  for (guint i = 0; i < marked->len; i++)
    {
      const RsOccurrence *occurrence = &g_array_index (marked, RsOccurrence, i);

      if (occurrence->state == RS_OCCURRENCE_SKIPPED &&
          g_date_compare (&occurrence->issue_date, date) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The detached instance of the invoice on @date (a marked one) among @components, or NULL. */
static ICalComponent *
find_instance (GPtrArray   *components,
               const char  *series_uid,
               const GDate *date)
{
  for (guint i = 0; i < components->len; i++)
    {
      ICalComponent *component = g_ptr_array_index (components, i);
      g_autoptr(ICalTime) rid = NULL;

      if (g_strcmp0 (i_cal_component_get_uid (component), series_uid) != 0)
        continue;
      rid = i_cal_component_get_recurrenceid (component);
      if (rid == NULL || i_cal_time_is_null_time (rid))
        continue;
      if ((guint) i_cal_time_get_year (rid) == g_date_get_year (date) &&
          (guint) i_cal_time_get_month (rid) == g_date_get_month (date) &&
          (guint) i_cal_time_get_day (rid) == g_date_get_day (date))
        return component;
    }

  return NULL;
}

GPtrArray *
rs_team_projection_build (RsSale      *sale,
                          const GDate *from,
                          const GDate *to)
{
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (GDate));
  g_autofree char *series_uid = NULL;
  GPtrArray *events;

  g_return_val_if_fail (RS_IS_SALE (sale), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  events = g_ptr_array_new_with_free_func (g_object_unref);
  components = rs_projection_build_with_alarms (sale, published_rule, NULL);
  series_uid = rs_projection_component_uid (rs_sale_get_uid (sale), RS_REMINDER_KIND_INVOICE);

  for (guint i = 0; i < components->len; i++)
    {
      ICalComponent *component = g_ptr_array_index (components, i);
      g_autoptr(ICalTime) rid = i_cal_component_get_recurrenceid (component);
      g_autofree char *sale_uid = NULL;
      RsReminderKind kind;
      GDate date;

      if (!rs_projection_parse_component_uid (i_cal_component_get_uid (component), &sale_uid,
                                              &kind))
        continue;

      if (kind != RS_REMINDER_KIND_INVOICE)
        {
          if (rs_team_projection_get_date (component, &date) && in_window (&date, from, to))
            g_ptr_array_add (events, event_on (component, sale, kind, &date));
          continue;
        }

      /* The series: one event per issue date in the window (its marked instances below). */
      if (rid != NULL && !i_cal_time_is_null_time (rid))
        continue;
      rs_schedule_collect_issue_dates (rs_sale_get_schedule (sale), from, to, dates);
      for (guint d = 0; d < dates->len; d++)
        {
          const GDate *issue = &g_array_index (dates, GDate, d);
          ICalComponent *instance = find_instance (components, series_uid, issue);

          if (invoice_is_skipped (sale, issue))
            continue;
          g_ptr_array_add (events, event_on (instance != NULL ? instance : component, sale,
                                             RS_REMINDER_KIND_INVOICE, issue));
        }
    }

  return events;
}

/* The mark alone is not enough: a teammate who copies one of our events in Evolution gets a
 * copy with the mark and a new, random UID, and that copy is theirs. Ours have the UID that
 * rs_team_projection_event_uid () gives for the sale they name. */
gboolean
rs_team_projection_is_ours (ICalComponent *event)
{
  g_autofree char *mark = NULL;
  g_autofree char *sale_uid = NULL;
  g_autofree char *prefix = NULL;
  const char *uid;

  g_return_val_if_fail (I_CAL_IS_COMPONENT (event), FALSE);

  mark = get_x_value (event, RS_X_TEAM_CALENDAR);
  sale_uid = get_x_value (event, RS_X_SALE_UID);
  uid = i_cal_component_get_uid (event);
  if (g_strcmp0 (mark, "1") != 0 || sale_uid == NULL || *sale_uid == '\0' || uid == NULL)
    return FALSE;

  prefix = g_strconcat (sale_uid, "-", NULL);
  return g_str_has_prefix (uid, prefix) && g_str_has_suffix (uid, "-team");
}

/* Our alarms carry the projection's X-EVOLUTION-ALARM-UID, which starts with the sale's uid;
 * a teammate's alarm has a random one. */
static gboolean
alarm_is_ours (ICalComponent *alarm,
               const char    *sale_uid)
{
  g_autofree char *alarm_uid = get_x_value (alarm, "X-EVOLUTION-ALARM-UID");

  return alarm_uid != NULL && sale_uid != NULL && g_str_has_prefix (alarm_uid, sale_uid) &&
         alarm_uid[strlen (sale_uid)] == '-';
}

static void
remove_our_alarms (ICalComponent *event,
                   const char    *sale_uid)
{
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_object_unref);
  ICalComponent *alarm = i_cal_component_get_first_component (event, I_CAL_VALARM_COMPONENT);

  while (alarm != NULL)
    {
      if (alarm_is_ours (alarm, sale_uid))
        g_ptr_array_add (ours, g_object_ref (alarm));
      g_object_unref (alarm);
      alarm = i_cal_component_get_next_component (event, I_CAL_VALARM_COMPONENT);
    }

  for (guint i = 0; i < ours->len; i++)
    i_cal_component_remove_component (event, g_ptr_array_index (ours, i));
}

/* What the service owns in @event, as text: the owned properties in a fixed order, then our
 * alarms in their order. */
static char *
owned_text (ICalComponent *event)
{
  g_autofree char *sale_uid = get_x_value (event, RS_X_SALE_UID);
  GString *text = g_string_new (i_cal_component_get_uid (event));
  ICalComponent *alarm;

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (owned_kinds); i++)
    {
      ICalProperty *property = i_cal_component_get_first_property (event, owned_kinds[i]);

      while (property != NULL)
        {
          g_autofree char *line = i_cal_property_as_ical_string (property);

          g_string_append (text, line);
          g_object_unref (property);
          property = i_cal_component_get_next_property (event, owned_kinds[i]);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (owned_x_names); i++)
    {
      g_autofree char *value = get_x_value (event, owned_x_names[i]);

      g_string_append_printf (text, "%s:%s\n", owned_x_names[i], value != NULL ? value : "");
    }

  alarm = i_cal_component_get_first_component (event, I_CAL_VALARM_COMPONENT);
  while (alarm != NULL)
    {
      if (alarm_is_ours (alarm, sale_uid))
        {
          g_autofree char *alarm_text = i_cal_component_as_ical_string (alarm);

          g_string_append (text, alarm_text);
        }
      g_object_unref (alarm);
      alarm = i_cal_component_get_next_component (event, I_CAL_VALARM_COMPONENT);
    }

  return g_string_free (text, FALSE);
}

gboolean
rs_team_projection_same (ICalComponent *existing,
                         ICalComponent *wanted)
{
  g_autofree char *existing_text = NULL;
  g_autofree char *wanted_text = NULL;

  g_return_val_if_fail (I_CAL_IS_COMPONENT (existing), FALSE);
  g_return_val_if_fail (I_CAL_IS_COMPONENT (wanted), FALSE);

  existing_text = owned_text (existing);
  wanted_text = owned_text (wanted);
  return g_str_equal (existing_text, wanted_text);
}

ICalComponent *
rs_team_projection_merge (ICalComponent *existing,
                          ICalComponent *wanted)
{
  ICalComponent *merged;
  g_autofree char *old_sale_uid = NULL;
  g_autofree char *sale_uid = NULL;
  ICalComponent *alarm;
  ICalProperty *property;

  g_return_val_if_fail (I_CAL_IS_COMPONENT (existing), NULL);
  g_return_val_if_fail (I_CAL_IS_COMPONENT (wanted), NULL);

  merged = i_cal_component_clone (existing);
  old_sale_uid = get_x_value (merged, RS_X_SALE_UID);
  sale_uid = get_x_value (wanted, RS_X_SALE_UID);

  remove_our_alarms (merged, old_sale_uid);
  for (guint i = 0; i < G_N_ELEMENTS (owned_kinds); i++)
    remove_properties (merged, owned_kinds[i]);
  for (guint i = 0; i < G_N_ELEMENTS (stamp_kinds); i++)
    remove_properties (merged, stamp_kinds[i]);
  for (guint i = 0; i < G_N_ELEMENTS (owned_x_names); i++)
    remove_x_property (merged, owned_x_names[i]);

  i_cal_component_set_uid (merged, i_cal_component_get_uid (wanted));
  for (guint i = 0; i < G_N_ELEMENTS (owned_kinds) + G_N_ELEMENTS (stamp_kinds); i++)
    {
      ICalPropertyKind kind = i < G_N_ELEMENTS (owned_kinds) ? owned_kinds[i]
                                                               : stamp_kinds[i - G_N_ELEMENTS (owned_kinds)];

      property = i_cal_component_get_first_property (wanted, kind);
      while (property != NULL)
        {
          i_cal_component_take_property (merged, i_cal_property_clone (property));
          g_object_unref (property);
          property = i_cal_component_get_next_property (wanted, kind);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (owned_x_names); i++)
    {
      g_autofree char *value = get_x_value (wanted, owned_x_names[i]);

      if (value != NULL)
        set_x_property (merged, owned_x_names[i], value);
    }

  alarm = i_cal_component_get_first_component (wanted, I_CAL_VALARM_COMPONENT);
  while (alarm != NULL)
    {
      if (alarm_is_ours (alarm, sale_uid))
        i_cal_component_take_component (merged, i_cal_component_clone (alarm));
      g_object_unref (alarm);
      alarm = i_cal_component_get_next_component (wanted, I_CAL_VALARM_COMPONENT);
    }

  return merged;
}
