/* e-recurring-sales-preview.c: the e-mail a client reminder of a sale would have, shown
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Preview E-mail to Client… on an invoice or the expiry of a sale (the right-click menu and the
 * event editor's information bar): the service makes the e-mail (PreviewReminderDetails), as
 * for `recurring-sales preview`, and this dialog shows it read-only. When the service will not
 * mail it (no address, a reminder that is off, a time that has passed …), the sentence saying
 * why comes first: the user sees the e-mail either way.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-reminder-preview.h>
#include <recurring-sales/rs-types.h>

#include "e-recurring-sales-preview.h"

#define PREVIEW_UI "/io/github/recurring_sales/evolution/e-recurring-sales-preview.ui"

#define SERVICE_NAME      "io.github.recurring_sales.RecurringSales1"
#define SERVICE_PATH      "/io/github/recurring_sales/RecurringSales1"
#define SERVICE_INTERFACE "io.github.recurring_sales.RecurringSales1"
#define CALL_TIMEOUT_MS   120000

typedef struct
{
  GtkBuilder     *builder;
  GCancellable   *cancellable;
  RsReminderKind  kind;
} PreviewDialog;

static void
preview_dialog_free (PreviewDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->builder);
  g_free (self);
}

static GtkWidget *
widget (PreviewDialog *self,
        const char    *id)
{
  return GTK_WIDGET (gtk_builder_get_object (self->builder, id));
}

gboolean
e_recurring_sales_preview_offered (const char *kind)
{
  return g_strcmp0 (kind, "invoice") == 0 || g_strcmp0 (kind, "expiry") == 0;
}

static void
show_status (PreviewDialog *self,
             const char    *message)
{
  GtkWidget *label = widget (self, "preview_status");

  gtk_label_set_text (GTK_LABEL (label), message != NULL ? message : "");
  gtk_widget_set_visible (label, message != NULL);
}

static void
preview_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PreviewDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);
  g_autoptr(GVariant) details = NULL;
  g_autofree char *explanation = NULL;
  const char *subject, *body;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      /* The service's sentence, never the D-Bus error's name. */
      g_dbus_error_strip_remote_error (error);
      show_status (self, error->message);
      return;
    }

  g_variant_get (reply, "(&s&s@a{sv})", &subject, &body, &details);
  explanation = rs_reminder_preview_explain_details (details, self->kind);
  show_status (self, explanation);
  gtk_label_set_text (GTK_LABEL (widget (self, "preview_subject")), subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget (self, "preview_body"))),
                            body, -1);
}

void
e_recurring_sales_preview_show (GtkWindow  *parent,
                                const char *uid,
                                const char *kind,
                                const char *date)
{
  PreviewDialog *self;
  GtkWidget *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;

  g_return_if_fail (uid != NULL);
  g_return_if_fail (e_recurring_sales_preview_offered (kind));

  self = g_new0 (PreviewDialog, 1);
  self->builder = gtk_builder_new_from_resource (PREVIEW_UI);
  self->cancellable = g_cancellable_new ();
  rs_reminder_kind_from_string (kind, &self->kind);
  dialog = widget (self, "preview_dialog");
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  g_object_set_data_full (G_OBJECT (dialog), "rs-preview", self,
                          (GDestroyNotify) preview_dialog_free);
  gtk_window_present (GTK_WINDOW (dialog));

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      show_status (self, error->message);
      return;
    }
  /* Without the occurrence's date the service shows the next one, which is not the event the
   * user chose: an empty date is sent only when the calendar could not tell it. */
  g_dbus_connection_call (bus, SERVICE_NAME, SERVICE_PATH, SERVICE_INTERFACE,
                          "PreviewReminderDetails",
                          g_variant_new ("(sss)", uid, kind, date != NULL ? date : ""),
                          G_VARIANT_TYPE ("(ssa{sv})"), G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MS,
                          self->cancellable, preview_cb, self);
}
