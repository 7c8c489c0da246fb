/* e-recurring-sales-event.c: the recurring-sale event selected in the Calendar view, and what
 * the user asks the service to do with it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Our backend marks each component with the sale it comes from (X-RECURRING-SALE-UID) and
 * what it is (X-RECURRING-SALE-KIND); the calendar's backend name tells our calendars from
 * others, where a copied event keeps the properties but belongs to nobody.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <calendar/gui/comp-util.h>
#include <calendar/gui/e-calendar-view.h>
#include <shell/e-shell-content.h>

#include "e-recurring-sales-event.h"

#define BACKEND_NAME "recurring-sales"

#define SERVICE_NAME      "io.github.recurring_sales.RecurringSales1"
#define SERVICE_PATH      "/io/github/recurring_sales/RecurringSales1"
#define SERVICE_INTERFACE "io.github.recurring_sales.RecurringSales1"
#define CALL_TIMEOUT_MS   120000

void
e_recurring_sales_event_free (ERecurringSalesEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->sale_uid);
  g_free (event->kind);
  g_free (event->date);
  g_free (event);
}

gboolean
e_recurring_sales_source_is_ours (ESource *source)
{
  ESourceBackend *backend;

  if (source == NULL || !e_source_has_extension (source, E_SOURCE_EXTENSION_CALENDAR))
    return FALSE;
  backend = e_source_get_extension (source, E_SOURCE_EXTENSION_CALENDAR);
  return g_strcmp0 (e_source_backend_get_backend_name (backend), BACKEND_NAME) == 0;
}

static gboolean
is_our_calendar (ECalClient *client)
{
  return e_recurring_sales_source_is_ours (e_client_get_source (E_CLIENT (client)));
}

static char *
x_property (ICalComponent *icalcomp,
            const char    *name)
{
  return e_cal_util_component_dup_x_property (icalcomp, name);
}

static void
set_occurrence_date (ERecurringSalesEvent *event,
                     ECalendarView        *view,
                     ECalClient           *client,
                     ICalComponent        *icalcomp)
{
  /* libical-glib 3.0 has no g_autoptr for ICalTime (RS_HAVE_ICAL_AUTOPTR). */
  ICalTime *start = NULL;
  ICalTime *end = NULL;
  int year, month, day;

  cal_comp_get_instance_times (client, icalcomp, e_calendar_view_get_timezone (view), &start,
                               &end, NULL);
  if (start != NULL)
    {
      i_cal_time_get_date (start, &year, &month, &day);
      event->date = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
    }
  g_clear_object (&start);
  g_clear_object (&end);
}

ERecurringSalesEvent *
e_recurring_sales_event_selected (EShellView *shell_view,
                                  gboolean    with_date)
{
  EShellContent *content = e_shell_view_get_shell_content (shell_view);
  g_autoptr(GObject) view = NULL;
  GSList *selected;
  ERecurringSalesEvent *event = NULL;

  /* ECalShellContent's, which 3.46 does not export: the view shown (day, week, list …). */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (content), "current-view") == NULL)
    return NULL;
  g_object_get (content, "current-view", &view, NULL);
  if (!E_IS_CALENDAR_VIEW (view))
    return NULL;

  selected = e_calendar_view_get_selected_events (E_CALENDAR_VIEW (view));
  if (selected != NULL && selected->next == NULL)
    {
      ECalendarViewSelectionData *data = selected->data;
      g_autofree char *uid = NULL;

      if (data->client != NULL && data->icalcomp != NULL && is_our_calendar (data->client) &&
          (uid = x_property (data->icalcomp, "X-RECURRING-SALE-UID")) != NULL)
        {
          event = g_new0 (ERecurringSalesEvent, 1);
          event->sale_uid = g_steal_pointer (&uid);
          event->kind = x_property (data->icalcomp, "X-RECURRING-SALE-KIND");
          if (with_date)
            set_occurrence_date (event, E_CALENDAR_VIEW (view), data->client, data->icalcomp);
        }
    }
  g_slist_free_full (selected, e_calendar_view_selection_data_free);

  return event;
}

static void
show_refusal (GtkWindow  *parent,
              const char *message)
{
  GtkWidget *dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", message);

  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mark_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);

  if (reply != NULL)
    return;
  /* The service's sentence, never the D-Bus error's name. */
  g_dbus_error_strip_remote_error (error);
  show_refusal (parent, error->message);
}

void
e_recurring_sales_event_mark (const ERecurringSalesEvent *event,
                              const char                 *state,
                              GtkWindow                  *parent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  if (event->date == NULL)
    {
      show_refusal (parent, _("Which occurrence of the sale this is could not be told; open the event and try again."));
      return;
    }
  if (bus == NULL)
    {
      show_refusal (parent, error->message);
      return;
    }

  g_dbus_connection_call (bus, SERVICE_NAME, SERVICE_PATH, SERVICE_INTERFACE, "MarkOccurrence",
                          g_variant_new ("(sss)", event->sale_uid, event->date, state), NULL,
                          G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MS, NULL, mark_cb,
                          g_object_ref (parent));
}
