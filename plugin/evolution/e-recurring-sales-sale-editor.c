/* e-recurring-sales-sale-editor.c: the dialog that adds a recurring sale
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The dialog (e-recurring-sales-sale-editor.ui) is copied into an #RsSaleForm, which checks it
 * as the service will (rs-sale-form.c): a problem shows under its field, or in the bar on top
 * when it concerns the sale as a whole. A form that passes is sent with AddSale; the service's
 * refusal, if any, shows in the bar as its sentence. Nothing is saved until the service says
 * so, and the dialog closes only then.
 *
 * Editing an existing sale reads it with GetSale and sends only what the user changed
 * (rs_sale_form_changes ()) with UpdateSale and the revision it read: when the sale changed
 * meanwhile (Conflict), the editor says so and shows the sale as it is now.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "e-recurring-sales-contact-completion.h"
#include "e-recurring-sales-sale-editor.h"
#include "rs-sale-form.h"

#define SALE_EDITOR_UI "/io/github/recurring_sales/evolution/e-recurring-sales-sale-editor.ui"

#define SERVICE_NAME      "io.github.recurring_sales.RecurringSales1"
#define SERVICE_PATH      "/io/github/recurring_sales/RecurringSales1"
#define SERVICE_INTERFACE "io.github.recurring_sales.RecurringSales1"
/* The service starts by D-Bus activation and may migrate a large store first. */
#define CALL_TIMEOUT_MS   120000

#define CONFLICT_ERROR    SERVICE_INTERFACE ".Error.Conflict"

typedef struct
{
  GtkBuilder   *builder;
  GtkDialog    *dialog;
  RsDefaults   *defaults;
  GCancellable *cancellable;
  /* Editing an existing sale: its uid, the revision read and the form's a{sv} as read. */
  char         *uid;
  guint64       revision;
  GVariant     *original;
} SaleEditor;

/* The error label of each field the form reports a problem of. */
static const struct
{
  RsSaleField  field;
  const char  *label;
} error_labels[] = {
  { RS_SALE_FIELD_CLIENT, "client_error" },
  { RS_SALE_FIELD_EMAIL, "email_error" },
  { RS_SALE_FIELD_SERVICE, "service_error" },
  { RS_SALE_FIELD_AMOUNT, "amount_error" },
  { RS_SALE_FIELD_CURRENCY, "amount_error" },
  { RS_SALE_FIELD_PERIOD, "period_error" },
  { RS_SALE_FIELD_START, "start_error" },
  { RS_SALE_FIELD_UNTIL, "term_error" },
  { RS_SALE_FIELD_COUNT, "term_error" },
  { RS_SALE_FIELD_TERM, "term_error" },
  { RS_SALE_FIELD_NOTICE_DAYS, "notice_days_error" },
  { RS_SALE_FIELD_IBAN, "iban_error" },
  { RS_SALE_FIELD_REMIND_INVOICE, "invoice_days_error" },
  { RS_SALE_FIELD_REMIND_EXPIRY, "expiry_days_error" },
  { RS_SALE_FIELD_LANGUAGE, "language_error" },
  { RS_SALE_FIELD_NOTE, "note_error" },
};

static const char * const term_ids[] = {
  [RS_SALE_FORM_TERM_NONE] = "none",
  [RS_SALE_FORM_TERM_UNTIL] = "until",
  [RS_SALE_FORM_TERM_COUNT] = "count",
  [RS_SALE_FORM_TERM_LENGTH] = "length",
};

/* The unit combos' ids, by RsPeriodUnit. */
static const char * const unit_ids[] = {
  [RS_PERIOD_UNIT_DAY] = "d",
  [RS_PERIOD_UNIT_WEEK] = "w",
  [RS_PERIOD_UNIT_MONTH] = "m",
  [RS_PERIOD_UNIT_YEAR] = "y",
};

static void
sale_editor_free (SaleEditor *editor)
{
  g_cancellable_cancel (editor->cancellable);
  g_clear_object (&editor->cancellable);
  g_clear_object (&editor->builder);
  g_clear_pointer (&editor->defaults, rs_defaults_free);
  g_clear_pointer (&editor->original, g_variant_unref);
  g_free (editor->uid);
  g_free (editor);
}

static GtkWidget *
widget (SaleEditor *editor,
        const char *id)
{
  return GTK_WIDGET (gtk_builder_get_object (editor->builder, id));
}

static const char *
entry_text (SaleEditor *editor,
            const char *id)
{
  return gtk_entry_get_text (GTK_ENTRY (widget (editor, id)));
}

static gboolean
is_active (SaleEditor *editor,
           const char *id)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget (editor, id)));
}

static void
show_in_bar (SaleEditor *editor,
             const char *message)
{
  gtk_label_set_text (GTK_LABEL (widget (editor, "info_label")), message != NULL ? message : "");
  gtk_widget_set_visible (widget (editor, "info_bar"), message != NULL);
}

static void
clear_problems (SaleEditor *editor)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_labels); i++)
    gtk_widget_hide (widget (editor, error_labels[i].label));
  show_in_bar (editor, NULL);
}

/* Under its field, read with it by a screen reader; in the bar when it has none. */
static void
show_problem (SaleEditor  *editor,
              RsSaleField  field,
              const char  *message)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_labels); i++)
    if (error_labels[i].field == field)
      {
        GtkWidget *label = widget (editor, error_labels[i].label);

        gtk_label_set_text (GTK_LABEL (label), message);
        gtk_widget_show (label);
        return;
      }
  show_in_bar (editor, message);
}

/* A count and a unit (the custom period, the term's length) from their widgets. */
static char *
period_from_widgets (SaleEditor *editor,
                     const char *count_id,
                     const char *unit_id)
{
  GtkSpinButton *count = GTK_SPIN_BUTTON (widget (editor, count_id));
  const char *unit = gtk_combo_box_get_active_id (GTK_COMBO_BOX (widget (editor, unit_id)));
  RsPeriodUnit value = RS_PERIOD_UNIT_MONTH;

  for (guint i = 0; i < G_N_ELEMENTS (unit_ids); i++)
    if (g_strcmp0 (unit, unit_ids[i]) == 0)
      value = i;
  gtk_spin_button_update (count);
  return rs_sale_form_period_text (gtk_spin_button_get_value_as_int (count), value);
}

/* Shows @period as a choice in words (or its count and unit under "Other…"); the id of the
 * choice. */
static const char *
period_to_widgets (SaleEditor *editor,
                   const char *period,
                   const char *count_id,
                   const char *unit_id)
{
  guint count = 1;
  RsPeriodUnit unit = RS_PERIOD_UNIT_MONTH;
  const char *choice = rs_sale_form_period_choice (period, &count, &unit);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget (editor, count_id)), count);
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (widget (editor, unit_id)), unit_ids[unit]);
  return choice;
}

/* Only the fields of the choices made: the number and unit of "Other…", the text field of a
 * date or a number of invoices, the number and unit of a term's length. */
static void
update_visibility (SaleEditor *editor)
{
  const char *period = gtk_combo_box_get_active_id (GTK_COMBO_BOX (widget (editor, "period_choice")));
  const char *term = gtk_combo_box_get_active_id (GTK_COMBO_BOX (widget (editor, "term_kind")));
  gboolean custom = g_strcmp0 (period, RS_SALE_FORM_PERIOD_CUSTOM) == 0;
  gboolean length = g_strcmp0 (term, term_ids[RS_SALE_FORM_TERM_LENGTH]) == 0;
  gboolean text = g_strcmp0 (term, term_ids[RS_SALE_FORM_TERM_UNTIL]) == 0 ||
                  g_strcmp0 (term, term_ids[RS_SALE_FORM_TERM_COUNT]) == 0;

  gtk_widget_set_visible (widget (editor, "period_count"), custom);
  gtk_widget_set_visible (widget (editor, "period_unit"), custom);
  gtk_widget_set_visible (widget (editor, "term"), text);
  gtk_widget_set_visible (widget (editor, "term_count"), length);
  gtk_widget_set_visible (widget (editor, "term_unit"), length);
}

static void
form_to_widgets (SaleEditor       *editor,
                 const RsSaleForm *form)
{
  gboolean length = form->term_kind == RS_SALE_FORM_TERM_LENGTH;
  const struct { const char *id; const char *text; } entries[] = {
    { "client", form->client }, { "email", form->email }, { "service", form->service },
    { "amount", form->amount }, { "currency", form->currency },
    { "start", form->start }, { "term", length ? "" : form->term },
    { "notice_days", form->notice_days },
    { "iban", form->iban }, { "invoice_days", form->invoice_days },
    { "expiry_days", form->expiry_days }, { "note", form->note },
  };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_entry_set_text (GTK_ENTRY (widget (editor, entries[i].id)), entries[i].text);
  e_recurring_sales_contact_completion_set_uid (GTK_ENTRY (widget (editor, "client")),
                                                form->contact_uid);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (widget (editor, "draft")), form->draft);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (widget (editor, "prepay")), form->prepay);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (widget (editor, "remind_client")),
                                form->remind_client);
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (widget (editor, "period_choice")),
                               period_to_widgets (editor, form->period, "period_count",
                                                  "period_unit"));
  period_to_widgets (editor, length ? form->term : "1y", "term_count", "term_unit");
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (widget (editor, "term_kind")),
                               term_ids[form->term_kind]);
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (widget (editor, "delivery")), form->delivery);
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (widget (editor, "language")), form->language);
}

static RsSaleForm *
widgets_to_form (SaleEditor *editor)
{
  RsSaleForm *form = rs_sale_form_new (editor->defaults);
  const char *term_kind = gtk_combo_box_get_active_id (GTK_COMBO_BOX (widget (editor, "term_kind")));
  const char *period = gtk_combo_box_get_active_id (GTK_COMBO_BOX (widget (editor, "period_choice")));
  const char *delivery = gtk_combo_box_get_active_id (GTK_COMBO_BOX (widget (editor, "delivery")));
  const char *language = gtk_combo_box_get_active_id (GTK_COMBO_BOX (widget (editor, "language")));

  rs_sale_form_set (&form->client, entry_text (editor, "client"));
  rs_sale_form_set (&form->contact_uid,
                    e_recurring_sales_contact_completion_get_uid (GTK_ENTRY (widget (editor, "client"))));
  rs_sale_form_set (&form->email, entry_text (editor, "email"));
  rs_sale_form_set (&form->service, entry_text (editor, "service"));
  rs_sale_form_set (&form->amount, entry_text (editor, "amount"));
  rs_sale_form_set (&form->currency, entry_text (editor, "currency"));
  if (g_strcmp0 (period, RS_SALE_FORM_PERIOD_CUSTOM) == 0)
    {
      g_free (form->period);
      form->period = period_from_widgets (editor, "period_count", "period_unit");
    }
  else
    rs_sale_form_set (&form->period, period);
  rs_sale_form_set (&form->start, entry_text (editor, "start"));
  rs_sale_form_set (&form->term, entry_text (editor, "term"));
  rs_sale_form_set (&form->notice_days, entry_text (editor, "notice_days"));
  rs_sale_form_set (&form->iban, entry_text (editor, "iban"));
  rs_sale_form_set (&form->invoice_days, entry_text (editor, "invoice_days"));
  rs_sale_form_set (&form->expiry_days, entry_text (editor, "expiry_days"));
  rs_sale_form_set (&form->note, entry_text (editor, "note"));
  form->draft = is_active (editor, "draft");
  form->prepay = is_active (editor, "prepay");
  form->remind_client = is_active (editor, "remind_client");
  form->term_kind = RS_SALE_FORM_TERM_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (term_ids); i++)
    if (g_strcmp0 (term_kind, term_ids[i]) == 0)
      form->term_kind = i;
  if (form->term_kind == RS_SALE_FORM_TERM_LENGTH)
    {
      g_free (form->term);
      form->term = period_from_widgets (editor, "term_count", "term_unit");
    }
  rs_sale_form_set (&form->delivery, delivery != NULL ? delivery : "default");
  rs_sale_form_set (&form->language, language);
  return form;
}

static void load_sale (SaleEditor *editor, const char *message);

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaleEditor *editor = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);
  g_autofree char *remote = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (editor->dialog), TRUE);
  if (reply != NULL)
    {
      gtk_widget_destroy (GTK_WIDGET (editor->dialog));
      return;
    }

  remote = g_dbus_error_get_remote_error (error);
  if (editor->uid != NULL && g_strcmp0 (remote, CONFLICT_ERROR) == 0)
    {
      load_sale (editor, _("This sale was changed elsewhere while you edited it. It is shown "
                           "as it is now: make your change again."));
      return;
    }
  /* The service's sentence, never the D-Bus error's name. */
  g_dbus_error_strip_remote_error (error);
  show_in_bar (editor, error->message);
}

static void
got_sale_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SaleEditor *editor = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);
  g_autoptr(GVariant) sale = NULL;
  g_autoptr(RsSaleForm) form = NULL;
  const char *message;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (editor->dialog), TRUE);
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (error);
      show_in_bar (editor, error->message);
      gtk_widget_set_sensitive (widget (editor, "save_button"), FALSE);
      return;
    }

  g_variant_get (reply, "(@a{sv})", &sale);
  g_variant_lookup (sale, "revision", "t", &editor->revision);
  form = rs_sale_form_new_from_variant (sale);
  form_to_widgets (editor, form);
  g_clear_pointer (&editor->original, g_variant_unref);
  /* What the form says before any change; NULL when the stored sale is outside what the form
   * can say, and then every field is sent. */
  editor->original = rs_sale_form_to_variant (form, editor->defaults, NULL, NULL);

  message = g_object_get_data (G_OBJECT (editor->dialog), "rs-reload-message");
  clear_problems (editor);
  if (message != NULL)
    show_in_bar (editor, message);
}

static GDBusConnection *
session_bus (SaleEditor *editor)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  if (bus == NULL)
    show_in_bar (editor, error->message);
  return bus;
}

/* Reads the sale being edited; @message, when given, is shown once it is there. */
static void
load_sale (SaleEditor *editor,
           const char *message)
{
  g_autoptr(GDBusConnection) bus = session_bus (editor);

  g_object_set_data_full (G_OBJECT (editor->dialog), "rs-reload-message", g_strdup (message),
                          g_free);
  if (bus == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (editor->dialog), FALSE);
  g_dbus_connection_call (bus, SERVICE_NAME, SERVICE_PATH, SERVICE_INTERFACE, "GetSale",
                          g_variant_new ("(s)", editor->uid), G_VARIANT_TYPE ("(a{sv})"),
                          G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MS, editor->cancellable,
                          got_sale_cb, editor);
}

static void
save (SaleEditor *editor)
{
  g_autoptr(RsSaleForm) form = widgets_to_form (editor);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GVariant) changes = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  RsSaleField field = RS_SALE_FIELD_NONE;

  clear_problems (editor);
  dict = rs_sale_form_to_variant (form, editor->defaults, &field, &error);
  if (dict == NULL)
    {
      show_problem (editor, field, error->message);
      return;
    }

  if (editor->uid != NULL)
    {
      changes = editor->original != NULL ? rs_sale_form_changes (editor->original, dict)
                                         : g_variant_ref (dict);
      if (g_variant_n_children (changes) == 0)
        {
          gtk_widget_destroy (GTK_WIDGET (editor->dialog));
          return;
        }
    }

  bus = session_bus (editor);
  if (bus == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (editor->dialog), FALSE);
  if (editor->uid != NULL)
    g_dbus_connection_call (bus, SERVICE_NAME, SERVICE_PATH, SERVICE_INTERFACE, "UpdateSale",
                            g_variant_new ("(st@a{sv})", editor->uid, editor->revision, changes),
                            G_VARIANT_TYPE ("(t)"), G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MS,
                            editor->cancellable, saved_cb, editor);
  else
    g_dbus_connection_call (bus, SERVICE_NAME, SERVICE_PATH, SERVICE_INTERFACE, "AddSale",
                            g_variant_new ("(@a{sv})", dict), G_VARIANT_TYPE ("(s)"),
                            G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MS, editor->cancellable,
                            saved_cb, editor);
}

static void
response_cb (GtkDialog  *dialog,
             int         response,
             SaleEditor *editor)
{
  if (response == GTK_RESPONSE_OK)
    save (editor);
  else
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static SaleEditor *
sale_editor_new (GtkWindow *parent)
{
  SaleEditor *editor = g_new0 (SaleEditor, 1);
  const RsSaleFormChoice *choices;
  guint n_choices;

  editor->builder = gtk_builder_new_from_resource (SALE_EDITOR_UI);
  editor->dialog = GTK_DIALOG (widget (editor, "dialog"));
  editor->defaults = rs_defaults_load ();
  editor->cancellable = g_cancellable_new ();

  choices = rs_sale_form_period_choices (&n_choices);
  for (guint i = 0; i < n_choices; i++)
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (widget (editor, "period_choice")),
                               choices[i].id, _(choices[i].label));
  g_signal_connect_swapped (widget (editor, "period_choice"), "changed",
                            G_CALLBACK (update_visibility), editor);
  g_signal_connect_swapped (widget (editor, "term_kind"), "changed",
                            G_CALLBACK (update_visibility), editor);
  e_recurring_sales_contact_completion_attach (GTK_ENTRY (widget (editor, "client")),
                                               GTK_ENTRY (widget (editor, "email")));

  gtk_window_set_transient_for (GTK_WINDOW (editor->dialog), parent);
  g_signal_connect (editor->dialog, "response", G_CALLBACK (response_cb), editor);
  /* The editor lives as long as its dialog. */
  g_object_set_data_full (G_OBJECT (editor->dialog), "rs-sale-editor", editor,
                          (GDestroyNotify) sale_editor_free);
  return editor;
}

void
e_recurring_sales_sale_editor_new_sale (GtkWindow *parent)
{
  SaleEditor *editor = sale_editor_new (parent);
  g_autoptr(RsSaleForm) form = rs_sale_form_new (editor->defaults);

  form_to_widgets (editor, form);
  clear_problems (editor);
  gtk_window_present (GTK_WINDOW (editor->dialog));
}

void
e_recurring_sales_sale_editor_edit_sale (GtkWindow  *parent,
                                         const char *uid)
{
  SaleEditor *editor = sale_editor_new (parent);

  editor->uid = g_strdup (uid);
  gtk_window_set_title (GTK_WINDOW (editor->dialog), _("Edit Recurring Sale"));
  clear_problems (editor);
  gtk_window_present (GTK_WINDOW (editor->dialog));
  load_sale (editor, NULL);
}
