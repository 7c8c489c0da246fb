/* rs-owner-notification.c: tells the owner, on the desktop, what the service could not do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-format.h>
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

#define MAX_NAMED 5

static const char *
client_of (GHashTable             *sales,
           const RsDeliveryRecord *record)
{
  RsSale *sale = g_hash_table_lookup (sales, record->sale_uid);

  if (sale != NULL && rs_sale_get_client_name (sale) != NULL)
    return rs_sale_get_client_name (sale);
  return record->sale_uid;
}

static char *
describe_one (GHashTable             *sales,
              const RsDeliveryRecord *record)
{
  g_autoptr(GDateTime) due = g_date_time_new_from_unix_local (record->due);
  /* Translators: a date and time in strftime () format, for "was due on …" */
  g_autofree char *due_text = g_date_time_format (due, _("%x %H:%M"));
  g_autofree char *what = describe_reminder (record);

  /* Translators: %1$s is the client's name, %2$s e.g. "the invoice of 31/01/2027", %3$s when
   * it was due */
  return g_strdup_printf (_("%1$s: the reminder about %2$s, due on %3$s"),
                          client_of (sales, record), what, due_text);
}

void
rs_owner_notification_missed (GDBusConnection *connection,
                              GPtrArray       *records,
                              GHashTable      *sales)
{
  g_autofree char *summary = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GVariantBuilder hints;

  g_return_if_fail (G_IS_DBUS_CONNECTION (connection));
  g_return_if_fail (records != NULL);

  if (records->len == 0)
    return;

  if (records->len == 1)
    {
      const RsDeliveryRecord *record = g_ptr_array_index (records, 0);
      g_autoptr(GDateTime) due = g_date_time_new_from_unix_local (record->due);
      /* Translators: a date and time in strftime () format, for "was due on …" */
      g_autofree char *due_text = g_date_time_format (due, _("%x %H:%M"));
      g_autofree char *what = describe_reminder (record);

      /* A note to the owner's own team: there is nobody to write to but the team. */
      if (record->audience == RS_AUDIENCE_TEAM)
        {
          /* Translators: %s is the client's name */
          summary = g_strdup_printf (_("A reminder to your team about %s was not sent"),
                                     client_of (sales, record));
          g_string_append_printf (body,
                                  /* Translators: %1$s is e.g. "the invoice of 31/01/2027", %2$s
                                   * when it was due */
                                  _("The reminder to your team about %1$s was due on %2$s, "
                                    "while the computer was off. It is not sent this late; "
                                    "tell your team yourself if it still matters."),
                                  what, due_text);
        }
      else
        {
          /* Translators: %s is the client's name */
          summary = g_strdup_printf (_("A reminder to %s was not sent"),
                                     client_of (sales, record));
          g_string_append_printf (body,
                                  /* Translators: %1$s is e.g. "the invoice of 31/01/2027", %2$s
                                   * when it was due */
                                  _("The reminder about %1$s was due on %2$s, while the "
                                    "computer was off. It is not sent this late; write to the "
                                    "client yourself if it still matters."), what, due_text);
        }
    }
  else
    {
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u reminder to clients was not sent",
                                              "%u reminders to clients were not sent",
                                              records->len), records->len);
      g_string_append (body, _("They were due while the computer was off and are not sent "
                               "this late; write to the clients yourself if it still "
                               "matters:"));
      for (guint i = 0; i < records->len && i < MAX_NAMED; i++)
        {
          g_autofree char *line = describe_one (sales, g_ptr_array_index (records, i));

          g_string_append_printf (body, "\n• %s", line);
        }
      if (records->len > MAX_NAMED)
        {
          g_string_append_c (body, '\n');
          g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                     "…and %u more: see “recurring-sales "
                                                     "deliveries --state missed”.",
                                                     "…and %u more: see “recurring-sales "
                                                     "deliveries --state missed”.",
                                                     records->len - MAX_NAMED),
                                  records->len - MAX_NAMED);
        }
    }

  g_variant_builder_init (&hints, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&hints, "{sv}", "category", g_variant_new_string ("email"));
  g_variant_builder_add (&hints, "{sv}", "urgency", g_variant_new_byte (1));

  /* Fire and forget: no notification server is not an error of ours. */
  g_dbus_connection_call (connection, NOTIFICATIONS_NAME, NOTIFICATIONS_PATH,
                          NOTIFICATIONS_INTERFACE, "Notify",
                          g_variant_new ("(susssasa{sv}i)",
                                         _("Recurring Sales"), 0, "x-office-calendar",
                                         summary, body->str, NULL, &hints, -1),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
}
