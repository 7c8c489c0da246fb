/* e-recurring-sales-preferences.c: the "Recurring Sales" page of Evolution's Preferences
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The page (e-recurring-sales-preferences.ui, in the module's GResource) edits the user's
 * GSettings io.github.recurring_sales, where the service and the calendar backend read them.
 * Switches, lists and numbers are bound directly (the Elorus sync interval through minutes); a
 * text field (reminder days, the time, the business name, the team's addresses) is checked as
 * it is typed (rs-preferences-values.c), written only when it can be read back, and otherwise
 * says why under it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "e-recurring-sales-preferences.h"
#include "e-recurring-sales-team-calendar.h"
#include "rs-preferences-values.h"
#include <recurring-sales/rs-defaults.h>

#define PREFERENCES_UI "/io/github/recurring_sales/evolution/e-recurring-sales-preferences.ui"

/* After Evolution's own pages (Calendar and Tasks is 600, Certificates 700). */
#define PAGE_SORT_ORDER 650

typedef GVariant *(*ParseFunc) (const char *text, GError **error);

/* One text field and the setting it edits. */
typedef struct
{
  GSettings *settings;
  char      *key;
  GtkEntry  *entry;
  GtkLabel  *error_label;
  ParseFunc  parse;
  gulong     changed_id;
} TextField;

static void
text_field_free (gpointer data)
{
  TextField *field = data;

  g_signal_handlers_disconnect_by_data (field->settings, field);
  g_clear_object (&field->settings);
  g_free (field->key);
  g_free (field);
}

static char *
format_value (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("au")))
    return rs_preferences_format_lead_days (value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    return rs_preferences_format_addresses (value);
  return g_variant_dup_string (value, NULL);
}

static void
show_error (TextField  *field,
            const char *message)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (field->entry));
  AtkObject *accessible = gtk_widget_get_accessible (GTK_WIDGET (field->entry));

  gtk_label_set_text (field->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (field->error_label), message != NULL);
  if (message != NULL)
    gtk_style_context_add_class (style, GTK_STYLE_CLASS_ERROR);
  else
    gtk_style_context_remove_class (style, GTK_STYLE_CLASS_ERROR);
  /* A screen reader reads the reason with the field. */
  atk_object_set_description (accessible, message != NULL ? message : "");
}

static void
entry_changed_cb (GtkEntry  *entry,
                  TextField *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) value = field->parse (gtk_entry_get_text (entry), &error);
  g_autoptr(GVariant) current = NULL;

  if (value == NULL)
    {
      show_error (field, error->message);
      return;
    }

  g_variant_ref_sink (value);
  show_error (field, NULL);
  current = g_settings_get_value (field->settings, field->key);
  if (!g_variant_equal (current, value))
    g_settings_set_value (field->settings, field->key, value);
}

/* A change from elsewhere (`recurring-sales settings`) shows, unless the field already says
 * the same in its own words ("7,30" and "7, 30"). */
static void
setting_changed_cb (GSettings  *settings,
                    const char *key,
                    TextField  *field)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, key);
  g_autoptr(GVariant) typed = field->parse (gtk_entry_get_text (field->entry), NULL);
  g_autofree char *text = NULL;

  if (typed != NULL)
    {
      g_variant_ref_sink (typed);
      if (g_variant_equal (typed, value))
        return;
    }

  text = format_value (value);
  g_signal_handler_block (field->entry, field->changed_id);
  gtk_entry_set_text (field->entry, text);
  g_signal_handler_unblock (field->entry, field->changed_id);
  show_error (field, NULL);
}

static void
bind_text_field (GtkBuilder *builder,
                 GSettings  *settings,
                 const char *key,
                 const char *entry_id,
                 ParseFunc   parse)
{
  g_autofree char *error_id = g_strconcat (entry_id, "_error", NULL);
  g_autofree char *signal = g_strconcat ("changed::", key, NULL);
  TextField *field = g_new0 (TextField, 1);

  field->settings = g_object_ref (settings);
  field->key = g_strdup (key);
  field->entry = GTK_ENTRY (gtk_builder_get_object (builder, entry_id));
  field->error_label = GTK_LABEL (gtk_builder_get_object (builder, error_id));
  field->parse = parse;

  field->changed_id = g_signal_connect (field->entry, "changed", G_CALLBACK (entry_changed_cb), field);
  setting_changed_cb (settings, key, field);
  g_signal_connect (settings, signal, G_CALLBACK (setting_changed_cb), field);
  g_object_set_data_full (G_OBJECT (field->entry), "rs-text-field", field, text_field_free);
}

/* elorus-sync-interval holds seconds; the page shows minutes. */
static gboolean
seconds_to_minutes (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, rs_preferences_seconds_to_minutes (g_variant_get_uint32 (variant)));
  return TRUE;
}

static GVariant *
minutes_to_seconds (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  /* The spin button's range (0 to a week) is the schema's. */
  return g_variant_new_uint32 ((guint32) (g_value_get_double (value) * 60));
}

static GtkWidget *
missing_schema_page (void)
{
  GtkWidget *label = gtk_label_new (_("The settings of Recurring Sales are not installed: install the evolution-recurring-sales package."));

  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_show (label);
  return label;
}

static GtkWidget *
create_page (EPreferencesWindow *window)
{
  g_autoptr(GSettingsSchema) schema = rs_defaults_lookup_schema ();
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *built_for = NULL;
  GtkWidget *page;

  if (schema == NULL)
    return missing_schema_page ();

  settings = g_settings_new_full (schema, NULL, NULL);
  builder = gtk_builder_new_from_resource (PREFERENCES_UI);

  bind_text_field (builder, settings, "invoice-lead-days", "invoice_days",
                   rs_preferences_parse_lead_days);
  bind_text_field (builder, settings, "expiry-lead-days", "expiry_days",
                   rs_preferences_parse_lead_days);
  bind_text_field (builder, settings, "notice-lead-days", "notice_days",
                   rs_preferences_parse_lead_days);
  bind_text_field (builder, settings, "reminder-time", "reminder_time",
                   rs_preferences_parse_time);
  bind_text_field (builder, settings, "business-name", "business_name",
                   rs_preferences_parse_business_name);
  bind_text_field (builder, settings, "team-addresses", "team_addresses",
                   rs_preferences_parse_addresses);

  g_settings_bind (settings, "draft-by-default", gtk_builder_get_object (builder, "draft_by_default"),
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "client-delivery", gtk_builder_get_object (builder, "client_delivery"),
                   "active-id", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "catch-up-days", gtk_builder_get_object (builder, "catch_up_adjustment"),
                   "value", G_SETTINGS_BIND_DEFAULT);
  e_recurring_sales_team_calendar_bind (GTK_COMBO_BOX_TEXT (gtk_builder_get_object (builder, "team_calendar")),
                                        settings);
  g_settings_bind (settings, "team-delivery", gtk_builder_get_object (builder, "team_delivery"),
                   "active-id", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "elorus-sync-interval",
                                gtk_builder_get_object (builder, "elorus_sync_adjustment"), "value",
                                G_SETTINGS_BIND_DEFAULT, seconds_to_minutes, minutes_to_seconds,
                                NULL, NULL);
  g_settings_bind (settings, "backup-count", gtk_builder_get_object (builder, "backups_adjustment"),
                   "value", G_SETTINGS_BIND_DEFAULT);

  /* Translators: at the foot of the Recurring Sales page of Evolution's Preferences; %s is a
   * version of Evolution, like 3.46.4 */
  built_for = g_strdup_printf (_("Built for Evolution %s"), RS_EVOLUTION_VERSION);
  gtk_label_set_text (GTK_LABEL (gtk_builder_get_object (builder, "built_for")), built_for);

  /* Returned floating, as a new widget is: the Preferences window sinks it into its own
   * scrolled window, and the builder lets go of it. */
  page = g_object_ref (GTK_WIDGET (gtk_builder_get_object (builder, "page")));
  g_clear_object (&builder);
  g_object_force_floating (G_OBJECT (page));
  return page;
}

void
e_recurring_sales_preferences_add_page (EShell *shell)
{
  GtkWidget *window = e_shell_get_preferences_window (shell);

  e_preferences_window_add_page (E_PREFERENCES_WINDOW (window), E_RECURRING_SALES_PREFERENCES_PAGE,
                                 "x-office-calendar", _("Recurring Sales"), NULL, create_page,
                                 PAGE_SORT_ORDER);
}

/* As Evolution's own Edit › Preferences does (e-shell-window-actions.c). */
void
e_recurring_sales_preferences_show (EShellWindow *shell_window)
{
  EShell *shell = e_shell_window_get_shell (shell_window);
  GtkWidget *window = e_shell_get_preferences_window (shell);

  e_preferences_window_setup (E_PREFERENCES_WINDOW (window));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (shell_window));
  gtk_window_set_position (GTK_WINDOW (window), GTK_WIN_POS_CENTER_ON_PARENT);
  gtk_window_present (GTK_WINDOW (window));
  e_preferences_window_show_page (E_PREFERENCES_WINDOW (window), E_RECURRING_SALES_PREFERENCES_PAGE);
}
