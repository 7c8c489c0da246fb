/* e-recurring-sales-comp-editor-extension.c: the event editor, opened on one of our events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Evolution's event editor cannot change our events (the calendar is read-only and the
 * events follow their sale): opened on one, it says in its information bar which sale it
 * comes from and offers Edit Sale…, Preview E-mail to Client… and the Sale Actions of the
 * event's right-click menu (marks, Renew, End), instead of failing later when the user saves.
 * (evolution-ews does the same for its own notices: e-ews-comp-editor-extension.c.)
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <calendar/gui/e-comp-editor.h>
#include <e-util/e-util.h>

#include "e-recurring-sales-editor-bar.h"
#include "e-recurring-sales-event.h"
#include "e-recurring-sales-extensions.h"

typedef struct
{
  EExtension parent;
} ERecurringSalesCompEditorExtension;

typedef struct
{
  EExtensionClass parent_class;
} ERecurringSalesCompEditorExtensionClass;

GType e_recurring_sales_comp_editor_extension_get_type (void);

G_DEFINE_DYNAMIC_TYPE (ERecurringSalesCompEditorExtension,
                       e_recurring_sales_comp_editor_extension,
                       E_TYPE_EXTENSION)

/* ECompEditor keeps its information bar private, and builds an alert's buttons when it shows
 * it: an alert with a button of ours goes to the bar itself. */
static EAlertBar *
find_alert_bar (GtkWidget *widget)
{
  g_autoptr(GList) children = NULL;

  if (E_IS_ALERT_BAR (widget))
    return E_ALERT_BAR (widget);
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *link = children; link != NULL; link = link->next)
    {
      EAlertBar *bar = find_alert_bar (link->data);

      if (bar != NULL)
        return bar;
    }
  return NULL;
}

/* The date of the occurrence the editor shows (YYYY-MM-DD): its RECURRENCE-ID when it is one
 * occurrence of a series, else its start; our events are all-day, so no zone is involved. */
static char *
occurrence_date (ICalComponent *component)
{
  /* libical-glib 3.0 has no g_autoptr for ICalTime (RS_HAVE_ICAL_AUTOPTR). */
  ICalTime *time = NULL;
  char *date = NULL;

  if (e_cal_util_component_has_property (component, I_CAL_RECURRENCEID_PROPERTY))
    time = i_cal_component_get_recurrenceid (component);
  if (time == NULL || i_cal_time_is_null_time (time))
    {
      g_clear_object (&time);
      time = i_cal_component_get_dtstart (component);
    }
  if (time != NULL && !i_cal_time_is_null_time (time) && i_cal_time_is_valid_time (time))
    date = g_strdup_printf ("%04d-%02d-%02d", i_cal_time_get_year (time),
                            i_cal_time_get_month (time), i_cal_time_get_day (time));
  g_clear_object (&time);
  return date;
}

/* Once the editor holds its component and knows where it comes from (after its constructed). */
static gboolean
explain_idle_cb (gpointer user_data)
{
  g_autoptr(GObject) object = g_weak_ref_get (user_data);
  ECompEditor *editor;
  ICalComponent *component;
  g_autofree char *sale_uid = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *date = NULL;
  /* EAlert has no g_autoptr cleanup in 3.46. */
  g_autoptr(GObject) alert = NULL;
  EAlertBar *bar;

  if (object == NULL)
    return G_SOURCE_REMOVE;
  editor = E_COMP_EDITOR (object);
  component = e_comp_editor_get_component (editor);
  if (component == NULL || !e_recurring_sales_source_is_ours (e_comp_editor_get_origin_source (editor)))
    return G_SOURCE_REMOVE;
  sale_uid = e_cal_util_component_dup_x_property (component, "X-RECURRING-SALE-UID");
  if (sale_uid == NULL)
    return G_SOURCE_REMOVE;

  /* Evolution's own kind of information (calendar.error), with our sentences. */
  alert = G_OBJECT (e_alert_new ("calendar:comp-editor-information",
                                 _("This event comes from a recurring sale"),
                                 _("It follows the sale: to change it, edit the sale. Changes made here cannot be saved."),
                                 NULL));
  bar = find_alert_bar (GTK_WIDGET (editor));
  if (bar == NULL)
    {
      g_warning ("The event editor has no information bar: the Edit Sale button is left out.");
      return G_SOURCE_REMOVE;
    }
  kind = e_cal_util_component_dup_x_property (component, "X-RECURRING-SALE-KIND");
  date = occurrence_date (component);
  e_recurring_sales_editor_bar_fill (alert, GTK_WINDOW (editor), sale_uid, kind, date);
  e_alert_bar_add_alert (bar, E_ALERT (alert));
  return G_SOURCE_REMOVE;
}

static void
e_recurring_sales_comp_editor_extension_constructed (GObject *object)
{
  G_OBJECT_CLASS (e_recurring_sales_comp_editor_extension_parent_class)->constructed (object);

  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, explain_idle_cb,
                   e_weak_ref_new (e_extension_get_extensible (E_EXTENSION (object))),
                   (GDestroyNotify) e_weak_ref_free);
}

static void
e_recurring_sales_comp_editor_extension_class_init (ERecurringSalesCompEditorExtensionClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = e_recurring_sales_comp_editor_extension_constructed;
  E_EXTENSION_CLASS (klass)->extensible_type = E_TYPE_COMP_EDITOR;
}

static void
e_recurring_sales_comp_editor_extension_class_finalize (ERecurringSalesCompEditorExtensionClass *klass)
{
}

static void
e_recurring_sales_comp_editor_extension_init (ERecurringSalesCompEditorExtension *extension)
{
}

void
e_recurring_sales_comp_editor_extension_type_register (GTypeModule *type_module)
{
  e_recurring_sales_comp_editor_extension_register_type (type_module);
}
