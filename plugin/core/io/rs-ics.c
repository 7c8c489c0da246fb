/* rs-ics.c: the iCalendar export that carries its sales, and its import
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical-glib/libical-glib.h>
#include <string.h>

#include <recurring-sales/rs-autocleanups.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-ics.h>
#include <recurring-sales/rs-json.h>
#include <recurring-sales/rs-projection.h>
#include <recurring-sales/rs-text.h>

/* The value of the X-property @name of @component, or NULL. */
static char *
get_x_property (ICalComponent *component,
                const char    *name)
{
  ICalProperty *property = i_cal_component_get_first_property (component, I_CAL_X_PROPERTY);
  char *value = NULL;

  while (property != NULL && value == NULL)
    {
      if (g_strcmp0 (i_cal_property_get_x_name (property), name) == 0)
        value = g_strdup (i_cal_property_get_x (property));
      g_object_unref (property);
      property = value == NULL ? i_cal_component_get_next_property (component, I_CAL_X_PROPERTY)
                               : NULL;
    }
  g_clear_object (&property);

  return value;
}

/* The JSON of one sale on one line: calendar programs fold long lines, and keep them. */
static char *
one_sale_json (RsSale *sale)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, sale);
  return rs_json_write_sales_line (one);
}

/* The next component of @calendar after @component, which it releases. */
static ICalComponent *
next_component (ICalComponent     *calendar,
                ICalComponent     *component,
                ICalComponentKind  kind)
{
  g_object_unref (component);
  return i_cal_component_get_next_component (calendar, kind);
}

char *
rs_ics_write_sales (GPtrArray *sales)
{
  g_autofree char *events = NULL;
  g_autoptr(ICalComponent) calendar = NULL;
  g_autoptr(GHashTable) carried = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_uid = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (sales != NULL, NULL);

  for (guint i = 0; i < sales->len; i++)
    g_hash_table_insert (by_uid, (gpointer) rs_sale_get_uid (g_ptr_array_index (sales, i)),
                         g_ptr_array_index (sales, i));

  /* The calendar exactly as the service exports it, then the data on each sale's first event. */
  events = rs_projection_export_ics (sales);
  calendar = i_cal_component_new_from_string (events);
  g_return_val_if_fail (calendar != NULL, NULL);

  for (ICalComponent *event = i_cal_component_get_first_component (calendar,
                                                                    I_CAL_VEVENT_COMPONENT);
       event != NULL;
       event = next_component (calendar, event, I_CAL_VEVENT_COMPONENT))
    {
      g_autofree char *uid = get_x_property (event, RS_X_SALE_UID);
      g_autofree char *json = NULL;
      ICalProperty *property;
      RsSale *sale;

      if (uid == NULL || g_hash_table_contains (carried, uid))
        continue;
      sale = g_hash_table_lookup (by_uid, uid);
      if (sale == NULL)
        continue;

      json = one_sale_json (sale);
      property = i_cal_property_new_x (json);
      i_cal_property_set_x_name (property, RS_X_SALE_DATA);
      i_cal_component_take_property (event, property);
      g_hash_table_add (carried, g_steal_pointer (&uid));
    }

  return i_cal_component_as_ical_string (calendar);
}

static void
set_not_ours_error (GError **error)
{
  g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: keep the commands as they are */
                       _("This calendar was not written by “recurring-sales export --format "
                         "ics”, and only such a calendar can be imported: its events do not "
                         "hold the sales’ amounts, terms and reminders. Import the sales as CSV "
                         "or JSON instead (recurring-sales import --help lists the columns)."));
}

/* The sale of one event's data: exactly one, and the sale the event belongs to. */
static RsSale *
read_sale_data (const char        *uid,
                const char        *json,
                const RsDefaults  *defaults,
                GError           **error)
{
  g_autoptr(GError) json_error = NULL;
  g_autoptr(GPtrArray) sales = rs_json_parse_sales (json, -1, defaults, &json_error);
  g_autofree char *shown = rs_text_for_message (uid);

  if (sales == NULL)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is a sale identifier, %2$s the problem (a sentence) */
                   _("The sale “%1$s” of the calendar cannot be read: %2$s"), shown,
                   json_error->message);
      return NULL;
    }
  if (sales->len != 1 || g_strcmp0 (rs_sale_get_uid (g_ptr_array_index (sales, 0)), uid) != 0)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a sale identifier */
                   _("The events of the sale “%s” carry the data of another sale; export the "
                     "calendar again with recurring-sales export --format ics."), shown);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (sales, 0));
}

/* One component of the calendar: an event of a sale of ours, with its data or without. */
static gboolean
read_event (ICalComponent     *event,
            const RsDefaults  *defaults,
            GPtrArray         *sales,
            GHashTable        *read,
            GHashTable        *without_data,
            GError           **error)
{
  g_autofree char *uid = get_x_property (event, RS_X_SALE_UID);
  g_autofree char *json = get_x_property (event, RS_X_SALE_DATA);
  RsSale *sale;

  /* Only the events of our sales: a to-do, a time zone or another program's event means the
   * calendar is not one this can give back. */
  if (i_cal_component_isa (event) != I_CAL_VEVENT_COMPONENT || uid == NULL)
    {
      set_not_ours_error (error);
      return FALSE;
    }
  if (json == NULL)
    {
      g_hash_table_add (without_data, g_steal_pointer (&uid));
      return TRUE;
    }
  if (g_hash_table_contains (read, uid))
    {
      g_autofree char *shown = rs_text_for_message (uid);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a sale identifier */
                   _("The sale “%s” is twice in the calendar."), shown);
      return FALSE;
    }

  sale = read_sale_data (uid, json, defaults, error);
  if (sale == NULL)
    return FALSE;
  g_ptr_array_add (sales, sale);
  g_hash_table_add (read, g_steal_pointer (&uid));
  return TRUE;
}

GPtrArray *
rs_ics_parse_sales (const char        *data,
                    gsize              length,
                    const RsDefaults  *defaults,
                    GError           **error)
{
  g_autoptr(RsDefaults) builtin = NULL;
  g_autofree char *text = NULL;
  g_autoptr(ICalComponent) calendar = NULL;
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) read = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) without_data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
  guint n_events = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (defaults == NULL)
    defaults = builtin = rs_defaults_new_builtin ();

  text = g_strndup (data != NULL ? data : "", length);
  if (strlen (text) != length || !g_utf8_validate (text, -1, NULL))
    {
      set_not_ours_error (error);
      return NULL;
    }

  calendar = i_cal_component_new_from_string (text);
  if (calendar == NULL || i_cal_component_isa (calendar) != I_CAL_VCALENDAR_COMPONENT)
    {
      set_not_ours_error (error);
      return NULL;
    }

  for (ICalComponent *event = i_cal_component_get_first_component (calendar,
                                                                    I_CAL_ANY_COMPONENT);
       event != NULL;
       event = next_component (calendar, event, I_CAL_ANY_COMPONENT))
    {
      n_events++;
      if (!read_event (event, defaults, sales, read, without_data, error))
        {
          g_object_unref (event);
          return NULL;
        }
    }

  if (n_events == 0)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The calendar has no events: there is nothing to import."));
      return NULL;
    }

  {
    GHashTableIter iter;
    gpointer uid;

    g_hash_table_iter_init (&iter, without_data);
    while (g_hash_table_iter_next (&iter, &uid, NULL))
      {
        if (!g_hash_table_contains (read, uid))
          {
            set_not_ours_error (error);
            return NULL;
          }
      }
  }

  return g_steal_pointer (&sales);
}
