/* e-recurring-sales-cal-config.c: our calendars in Evolution's calendar dialogs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Evolution's calendar Properties and New Calendar dialogs (ECalSourceConfig) show a page per
 * backend only when an ESourceConfigBackend names it; without one, the Properties dialog of a
 * Recurring Sales calendar has nothing to show and New Calendar cannot add one. This page edits
 * the [Recurring Sales] settings the backend reads (plugin/backend/e-source-recurring-sales.c):
 * which kinds of events the calendar shows and the client filter. The widgets are bound to the
 * dialog's scratch copy of the source, which the dialog writes on OK, as it does for its own
 * fields; the backend follows the source's "changed" signal.
 *
 * New calendars get the parent "recurring-sales-stub", a source the registry module adds in
 * memory (e-recurring-sales-default-source.c), so that New Calendar lists the type under our
 * name instead of a second "On This Computer".
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <e-util/e-util.h>

#include "e-recurring-sales-extensions.h"
#include "e-source-recurring-sales.h"

#define BACKEND_NAME "recurring-sales"
#define STUB_UID     "recurring-sales-stub"

typedef ESourceConfigBackend      ERecurringSalesCalConfig;
typedef ESourceConfigBackendClass ERecurringSalesCalConfigClass;

GType e_recurring_sales_cal_config_get_type (void);

G_DEFINE_DYNAMIC_TYPE (ERecurringSalesCalConfig, e_recurring_sales_cal_config,
                       E_TYPE_SOURCE_CONFIG_BACKEND)

static gboolean
cal_config_allow_creation (ESourceConfigBackend *backend)
{
  return TRUE;
}

/* The extension's filter is NULL when none is set; an entry's text is never NULL. */
static gboolean
filter_to_text (GBinding     *binding,
                const GValue *from_value,
                GValue       *to_value,
                gpointer      user_data)
{
  const char *filter = g_value_get_string (from_value);

  g_value_set_string (to_value, filter != NULL ? filter : "");
  return TRUE;
}

static void
add_check_button (ESourceConfig         *config,
                  ESource               *scratch_source,
                  ESourceRecurringSales *extension,
                  const char            *label,
                  const char            *property)
{
  GtkWidget *button = gtk_check_button_new_with_mnemonic (label);

  gtk_widget_set_margin_start (button, 12);
  e_source_config_insert_widget (config, scratch_source, NULL, button);
  gtk_widget_show (button);
  e_binding_bind_property (extension, property, button, "active",
                           G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
cal_config_insert_widgets (ESourceConfigBackend *backend,
                           ESource              *scratch_source)
{
  ESourceConfig *config = e_source_config_backend_get_config (backend);
  ESourceRecurringSales *extension;
  GtkWidget *widget;
  GtkWidget *entry;
  GtkWidget *box;

  extension = e_source_get_extension (scratch_source, E_SOURCE_EXTENSION_RECURRING_SALES);

  /* Translators: in a Recurring Sales calendar's Properties, above the check boxes of the kinds
   * of events it shows */
  widget = gtk_label_new (_("Show in this calendar:"));
  gtk_label_set_xalign (GTK_LABEL (widget), 0);
  gtk_widget_set_margin_top (widget, 6);
  e_source_config_insert_widget (config, scratch_source, NULL, widget);
  gtk_widget_show (widget);

  add_check_button (config, scratch_source, extension,
                    /* Translators: a kind of event a Recurring Sales calendar shows */
                    _("_Invoices"), "show-invoices");
  add_check_button (config, scratch_source, extension,
                    /* Translators: a kind of event a Recurring Sales calendar shows */
                    _("_Expiries"), "show-expiries");
  add_check_button (config, scratch_source, extension,
                    /* Translators: a kind of event a Recurring Sales calendar shows */
                    _("_Notice deadlines"), "show-notices");

  /* A label of our own (the dialog's captions have no mnemonic), for the keyboard and for the
   * entry's accessible name. */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 6);
  /* Translators: in a Recurring Sales calendar's Properties: the calendar shows only the sales
   * of clients whose name contains this text */
  widget = gtk_label_new_with_mnemonic (_("Only _clients whose name contains:"));
  gtk_box_pack_start (GTK_BOX (box), widget, FALSE, FALSE, 0);
  entry = gtk_entry_new ();
  gtk_label_set_mnemonic_widget (GTK_LABEL (widget), entry);
  /* Translators: the placeholder of a Recurring Sales calendar's client filter */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Every client"));
  gtk_box_pack_start (GTK_BOX (box), entry, TRUE, TRUE, 0);
  e_binding_bind_property_full (extension, "client-filter", entry, "text",
                                G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                filter_to_text, NULL, NULL, NULL);
  e_source_config_insert_widget (config, scratch_source, NULL, box);
  gtk_widget_show_all (box);
}

static void
e_recurring_sales_cal_config_class_init (ESourceConfigBackendClass *klass)
{
  E_EXTENSION_CLASS (klass)->extensible_type = E_TYPE_CAL_SOURCE_CONFIG;

  klass->parent_uid = STUB_UID;
  klass->backend_name = BACKEND_NAME;
  klass->allow_creation = cal_config_allow_creation;
  klass->insert_widgets = cal_config_insert_widgets;
}

static void
e_recurring_sales_cal_config_class_finalize (ESourceConfigBackendClass *klass)
{
}

static void
e_recurring_sales_cal_config_init (ESourceConfigBackend *backend)
{
}

void
e_recurring_sales_cal_config_type_register (GTypeModule *type_module)
{
  /* Evolution's process parses and writes [Recurring Sales] with the real type, not as text it
   * does not know: the dialog's scratch source reads it from the registry's data. */
  g_type_ensure (E_TYPE_SOURCE_RECURRING_SALES);
  e_recurring_sales_cal_config_register_type (type_module);
}
