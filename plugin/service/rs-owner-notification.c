/* rs-owner-notification.c: tells the owner, on the desktop, what the service could not do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-format.h"
#include "rs-owner-notification.h"

#define NOTIFICATIONS_NAME      "org.freedesktop.Notifications"
#define NOTIFICATIONS_PATH      "/org/freedesktop/Notifications"
#define NOTIFICATIONS_INTERFACE "org.freedesktop.Notifications"

static char *
describe_reminder (const RsDeliveryRecord *record)
{
  g_autofree char *date = rs_format_date (&record->occurrence);

  switch (record->kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      /* Translators: %s is a date; completes "The reminder about …" */
      return g_strdup_printf (_("the invoice of %s"), date);
    case RS_REMINDER_KIND_EXPIRY:
      /* Translators: %s is a date; completes "The reminder about …" */
      return g_strdup_printf (_("the expiry on %s"), date);
    case RS_REMINDER_KIND_NOTICE:
    default:
      /* Translators: %s is a date; completes "The reminder about …" */
      return g_strdup_printf (_("the notice deadline of %s"), date);
    }
}

void
rs_owner_notification_missed (GDBusConnection        *connection,
                              RsSale                 *sale,
                              const RsDeliveryRecord *record)
{
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *what = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  const char *client;
  GVariantBuilder hints;

  g_return_if_fail (G_IS_DBUS_CONNECTION (connection));
  g_return_if_fail (record != NULL);

  client = sale != NULL && rs_sale_get_client_name (sale) != NULL ? rs_sale_get_client_name (sale)
                                                                   : record->sale_uid;
  due = g_date_time_new_from_unix_local (record->due);
  /* Translators: a date and time in strftime () format, for "was due on …" */
  due_text = g_date_time_format (due, _("%x %H:%M"));
  what = describe_reminder (record);

  /* Translators: %s is the client's name */
  summary = g_strdup_printf (_("A reminder to %s was not sent"), client);
  body = g_strdup_printf (/* Translators: %1$s is e.g. "the invoice of 31/01/2027", %2$s when
                           * it was due */
                          _("The reminder about %1$s was due on %2$s, while the computer was "
                            "off. It is not sent this late; write to the client yourself if it "
                            "still matters."), what, due_text);

  g_variant_builder_init (&hints, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&hints, "{sv}", "category", g_variant_new_string ("email"));
  g_variant_builder_add (&hints, "{sv}", "urgency", g_variant_new_byte (1));

  /* Fire and forget: no notification server is not an error of ours. */
  g_dbus_connection_call (connection, NOTIFICATIONS_NAME, NOTIFICATIONS_PATH,
                          NOTIFICATIONS_INTERFACE, "Notify",
                          g_variant_new ("(susssasa{sv}i)",
                                         _("Recurring Sales"), 0, "x-office-calendar",
                                         summary, body, NULL, &hints, -1),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
}
