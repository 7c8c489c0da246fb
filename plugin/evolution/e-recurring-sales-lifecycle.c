/* e-recurring-sales-lifecycle.c: renewing and ending a sale from one of its events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two small dialogs (e-recurring-sales-lifecycle.ui) that ask what the command's `renew` and
 * `end` ask, and call the service. A refusal (an open-ended sale cannot be renewed, an ended
 * one cannot end again) shows under the field as the service's sentence; the dialog closes
 * once the service has done it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "e-recurring-sales-lifecycle.h"
#include <recurring-sales/rs-period.h>

#define LIFECYCLE_UI "/io/github/recurring_sales/evolution/e-recurring-sales-lifecycle.ui"

#define SERVICE_NAME      "io.github.recurring_sales.RecurringSales1"
#define SERVICE_PATH      "/io/github/recurring_sales/RecurringSales1"
#define SERVICE_INTERFACE "io.github.recurring_sales.RecurringSales1"
#define CALL_TIMEOUT_MS   120000

typedef struct
{
  GtkBuilder   *builder;
  GtkDialog    *dialog;
  GCancellable *cancellable;
  char         *uid;
  gboolean      renew;
} LifecycleDialog;

static void
lifecycle_dialog_free (LifecycleDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->builder);
  g_free (self->uid);
  g_free (self);
}

static GtkWidget *
widget (LifecycleDialog *self,
        const char      *id)
{
  return GTK_WIDGET (gtk_builder_get_object (self->builder, id));
}

static void
show_problem (LifecycleDialog *self,
              const char      *message)
{
  GtkWidget *label = widget (self, self->renew ? "renew_error" : "end_error");

  gtk_label_set_text (GTK_LABEL (label), message != NULL ? message : "");
  gtk_widget_set_visible (label, message != NULL);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  LifecycleDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->dialog), TRUE);
  if (reply == NULL)
    {
      /* The service's sentence, never the D-Bus error's name. */
      g_dbus_error_strip_remote_error (error);
      show_problem (self, error->message);
      return;
    }
  gtk_widget_destroy (GTK_WIDGET (self->dialog));
}

/* Renew's terms: a new length when one is typed, else the sale's own. */
static GVariant *
renew_terms (LifecycleDialog  *self,
             GError          **error)
{
  g_auto(GVariantBuilder) terms = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *text = g_strstrip (g_strdup (gtk_entry_get_text (GTK_ENTRY (widget (self, "renew_term")))));

  if (*text != '\0')
    {
      g_autofree char *short_form = NULL;
      RsPeriod period;

      /* Translators: names the field in an error such as “The term … is not a period” */
      if (!rs_period_parse_words (text, _("The term"), &period, error))
        return NULL;
      short_form = rs_period_to_string (&period);
      g_variant_builder_add (&terms, "{sv}", "term", g_variant_new_string (short_form));
    }
  return g_variant_builder_end (&terms);
}

static void
response_cb (GtkDialog       *dialog,
             int              response,
             LifecycleDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  GVariant *args;

  if (response != GTK_RESPONSE_OK)
    {
      gtk_widget_destroy (GTK_WIDGET (dialog));
      return;
    }

  show_problem (self, NULL);
  if (self->renew)
    {
      GVariant *terms = renew_terms (self, &error);

      if (terms == NULL)
        {
          show_problem (self, error->message);
          return;
        }
      args = g_variant_new ("(s@a{sv})", self->uid, terms);
    }
  else
    {
      g_autofree char *reason = g_strstrip (g_strdup (gtk_entry_get_text (GTK_ENTRY (widget (self, "end_reason")))));

      args = g_variant_new ("(ss)", self->uid, reason);
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_variant_unref (g_variant_ref_sink (args));
      show_problem (self, error->message);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->dialog), FALSE);
  g_dbus_connection_call (bus, SERVICE_NAME, SERVICE_PATH, SERVICE_INTERFACE,
                          self->renew ? "Renew" : "EndSale", args, NULL, G_DBUS_CALL_FLAGS_NONE,
                          CALL_TIMEOUT_MS, self->cancellable, done_cb, self);
}

static void
run (GtkWindow  *parent,
     const char *uid,
     gboolean    renew)
{
  LifecycleDialog *self = g_new0 (LifecycleDialog, 1);

  self->builder = gtk_builder_new_from_resource (LIFECYCLE_UI);
  self->dialog = GTK_DIALOG (widget (self, renew ? "renew_dialog" : "end_dialog"));
  self->cancellable = g_cancellable_new ();
  self->uid = g_strdup (uid);
  self->renew = renew;

  gtk_window_set_transient_for (GTK_WINDOW (self->dialog), parent);
  g_signal_connect (self->dialog, "response", G_CALLBACK (response_cb), self);
  g_object_set_data_full (G_OBJECT (self->dialog), "rs-lifecycle", self,
                          (GDestroyNotify) lifecycle_dialog_free);
  /* The other dialog of the file is not used. */
  gtk_widget_destroy (widget (self, renew ? "end_dialog" : "renew_dialog"));
  gtk_window_present (GTK_WINDOW (self->dialog));
}

void
e_recurring_sales_lifecycle_renew (GtkWindow  *parent,
                                   const char *uid)
{
  run (parent, uid, TRUE);
}

void
e_recurring_sales_lifecycle_end (GtkWindow  *parent,
                                 const char *uid)
{
  run (parent, uid, FALSE);
}
