/* rs-service-reminders.c: client reminders on the bus — ListDeliveries, PreviewReminder and
 * PreviewReminderDetails, and what the dispatcher tells (ReminderDelivered, ReminderMissed,
 * RemindersCheckedUntil)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-reminder-preview.h>
#include "rs-owner-notification.h"
#include "rs-service-args.h"
#include "rs-service-private.h"

/* A record's dictionary; with the client and service of its sale while the sale exists, so
 * that a reader can say whom it was for, and for a cancelled one the reason the dispatcher
 * recorded in its error field. */
static GVariant *
delivery_to_variant (RsService              *self,
                     const RsDeliveryRecord *record)
{
  g_autofree char *date = rs_delivery_record_dup_occurrence_string (record);
  RsSale *sale = g_hash_table_lookup (self->sales, record->sale_uid);
  RsReminderVerdict verdict;
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "uid", g_variant_new_string (record->sale_uid));
  if (sale != NULL)
    {
      g_variant_builder_add (&builder, "{sv}", "client",
                             g_variant_new_string (rs_sale_get_client_name (sale)));
      g_variant_builder_add (&builder, "{sv}", "service",
                             g_variant_new_string (rs_sale_get_service (sale)));
    }
  g_variant_builder_add (&builder, "{sv}", "kind",
                         g_variant_new_string (rs_reminder_kind_to_string (record->kind)));
  g_variant_builder_add (&builder, "{sv}", "lead_days", g_variant_new_uint32 (record->lead_days));
  g_variant_builder_add (&builder, "{sv}", "audience",
                         g_variant_new_string (rs_audience_to_string (record->audience)));
  g_variant_builder_add (&builder, "{sv}", "date", g_variant_new_string (date));
  g_variant_builder_add (&builder, "{sv}", "due", g_variant_new_int64 (record->due));
  g_variant_builder_add (&builder, "{sv}", "state",
                         g_variant_new_string (rs_delivery_state_to_string (record->state)));
  if (record->mode == RS_DELIVERY_DRAFT || record->mode == RS_DELIVERY_SEND)
    g_variant_builder_add (&builder, "{sv}", "mode",
                           g_variant_new_string (rs_delivery_to_string (record->mode)));
  if (record->message_id != NULL && *record->message_id != '\0')
    g_variant_builder_add (&builder, "{sv}", "message_id",
                           g_variant_new_string (record->message_id));
  g_variant_builder_add (&builder, "{sv}", "attempts", g_variant_new_uint32 (record->attempts));
  if (record->state == RS_DELIVERY_STATE_PENDING)
    g_variant_builder_add (&builder, "{sv}", "next_attempt",
                           g_variant_new_int64 (record->next_attempt));
  /* A record cancelled before reasons were kept may hold the failure of an earlier attempt. */
  if (record->state == RS_DELIVERY_STATE_CANCELLED &&
      rs_reminder_verdict_from_string (record->last_error, &verdict) &&
      verdict != RS_REMINDER_VERDICT_REMINDS)
    g_variant_builder_add (&builder, "{sv}", "reason", g_variant_new_string (record->last_error));
  else if (record->last_error != NULL)
    g_variant_builder_add (&builder, "{sv}", "error", g_variant_new_string (record->last_error));
  g_variant_builder_add (&builder, "{sv}", "updated", g_variant_new_int64 (record->updated));

  return g_variant_builder_end (&builder);
}

/* rs_service_list_reply () adds dictionaries made already. */
static GVariant *
borrow_variant (gconstpointer item)
{
  return (GVariant *) item;
}

static gboolean
handle_list_deliveries (RsService             *self,
                        GDBusMethodInvocation *invocation,
                        GVariant              *filter_dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsDeliveryFilter) filter = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) dicts = NULL;
  g_autoptr(GVariant) reply = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  filter = rs_delivery_filter_new_from_variant (filter_dict, &error);
  if (filter == NULL)
    return rs_service_return_error (invocation, error);

  records = rs_store_list_deliveries (self->store, filter->uid, filter->state, filter->due_from,
                                     filter->due_until, filter->limit, &error);
  if (records == NULL)
    return rs_service_return_error (invocation, error);

  dicts = g_ptr_array_new_full (records->len, (GDestroyNotify) g_variant_unref);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (dicts, g_variant_ref_sink (delivery_to_variant (self,
                                                                     g_ptr_array_index (records, i))));
  reply = rs_service_list_reply (invocation, dicts, borrow_variant, &error);
  if (reply == NULL)
    return rs_service_return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_list_deliveries (self->skeleton, invocation, reply);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* One preview call: PreviewReminder (no @details) or PreviewReminderDetails. */
typedef struct {
  GDBusMethodInvocation *invocation;
  GVariant              *details;
} PreviewCall;

static void
preview_call_free (PreviewCall *call)
{
  g_object_unref (call->invocation);
  g_clear_pointer (&call->details, g_variant_unref);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PreviewCall, preview_call_free)

static void
on_preview_ready (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PreviewCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  if (!rs_dispatcher_preview_finish (RS_DISPATCHER (source_object), result, &subject, &body,
                                     &error))
    {
      rs_service_return_error (call->invocation, error);
      return;
    }

  if (call->details != NULL)
    g_dbus_method_invocation_return_value (call->invocation,
                                           g_variant_new ("(ss@a{sv})", subject, body,
                                                          call->details));
  else
    g_dbus_method_invocation_return_value (call->invocation,
                                          g_variant_new ("(ss)", subject, body));
}

/* Whether the service will mail the previewed e-mail, by the one rule and the delivery
 * (rs_reminder_preview_verdict ()), as PreviewReminderDetails's dictionary. */
static GVariant *
preview_details (RsService      *self,
                 RsSale         *sale,
                 RsReminderKind  kind,
                 const GDate    *occurrence)
{
  g_autoptr(RsDefaults) defaults = rs_defaults_load ();
  g_autofree char *explanation = NULL;
  GVariantBuilder builder;
  RsReminderVerdict verdict;
  char date[11];
  gint64 due = 0;

  verdict = rs_reminder_preview_verdict (sale, kind, occurrence, defaults->delivery,
                                         rs_service_clock_now (self->clock), NULL, &due);
  rs_date_to_iso_buf (occurrence, date);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "date", g_variant_new_string (date));
  g_variant_builder_add (&builder, "{sv}", "will_be_sent",
                         g_variant_new_boolean (verdict == RS_REMINDER_VERDICT_REMINDS));
  if (due != 0)
    g_variant_builder_add (&builder, "{sv}", "due", g_variant_new_int64 (due));
  if (verdict != RS_REMINDER_VERDICT_REMINDS)
    {
      explanation = rs_reminder_preview_explain (verdict, kind, occurrence, due, NULL);
      g_variant_builder_add (&builder, "{sv}", "reason",
                             g_variant_new_string (rs_reminder_verdict_to_string (verdict)));
      g_variant_builder_add (&builder, "{sv}", "explanation", g_variant_new_string (explanation));
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* PreviewReminder and PreviewReminderDetails: the e-mail of one client reminder, composed in
 * a thread (finding the sender may ask Evolution's registry); with @details, whether it will
 * be sent. */
static gboolean
preview_reminder (RsService             *self,
                  GDBusMethodInvocation *invocation,
                  const char            *uid,
                  const char            *kind_text,
                  const char            *date_text,
                  gboolean               details)
{
  g_autoptr(GError) error = NULL;
  gboolean given = date_text != NULL && *date_text != '\0';
  RsReminderKind kind;
  PreviewCall *call;
  RsSale *sale;
  GDate wanted, today, occurrence;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  sale = rs_service_lookup_sale (self, uid, &error);
  if (sale == NULL)
    return rs_service_return_error (invocation, error);

  /* Without a date, the next occurrence from the service's today (its clock, which tests set). */
  rs_service_today (self, &today);
  if (!rs_reminder_kind_parse (kind_text, &kind, &error) ||
      (given && !rs_date_parse (date_text, _("The reminder date"), &wanted, &error)) ||
      !rs_reminder_preview_occurrence (sale, kind, given ? &wanted : NULL, &today, &occurrence,
                                       &error))
    return rs_service_return_error (invocation, error);

  if (self->dispatcher == NULL)
    {
      g_set_error_literal (&error, RS_ERROR, RS_ERROR_FAILED,
                           _("The service is not ready to compose reminders yet."));
      return rs_service_return_error (invocation, error);
    }

  call = g_new0 (PreviewCall, 1);
  call->invocation = g_object_ref (invocation);
  if (details)
    call->details = preview_details (self, sale, kind, &occurrence);

  rs_dispatcher_preview_async (self->dispatcher, sale, kind, &occurrence, NULL, on_preview_ready,
                               call);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_preview_reminder (RsService             *self,
                         GDBusMethodInvocation *invocation,
                         const char            *uid,
                         const char            *kind_text,
                         const char            *date_text)
{
  return preview_reminder (self, invocation, uid, kind_text, date_text, FALSE);
}

static gboolean
handle_preview_reminder_details (RsService             *self,
                                 GDBusMethodInvocation *invocation,
                                 const char            *uid,
                                 const char            *kind_text,
                                 const char            *date_text)
{
  return preview_reminder (self, invocation, uid, kind_text, date_text, TRUE);
}

const RsServiceHandler rs_service_reminders_handlers[] = {
  { "handle-list-deliveries", G_CALLBACK (handle_list_deliveries) },
  { "handle-preview-reminder", G_CALLBACK (handle_preview_reminder) },
  { "handle-preview-reminder-details", G_CALLBACK (handle_preview_reminder_details) },
  { NULL, NULL }
};

/* The dispatcher */

static GPtrArray *
dispatcher_list_sales (gpointer user_data)
{
  RsService *self = user_data;

  return rs_service_collect (self, NULL, NULL);
}

static void
on_reminder_delivered (RsService              *self,
                       const RsDeliveryRecord *record)
{
  g_autofree char *date = rs_delivery_record_dup_occurrence_string (record);

  rs_dbus_recurring_sales1_emit_reminder_delivered (self->skeleton, record->sale_uid,
                                                    rs_reminder_kind_to_string (record->kind),
                                                    date, rs_delivery_to_string (record->mode),
                                                    record->message_id);
}

static void
on_reminder_missed (RsService              *self,
                    const RsDeliveryRecord *record)
{
  g_autofree char *date = rs_delivery_record_dup_occurrence_string (record);

  rs_dbus_recurring_sales1_emit_reminder_missed (self->skeleton, record->sale_uid,
                                                 rs_reminder_kind_to_string (record->kind),
                                                 date, record->due);
  g_ptr_array_add (self->missed, rs_delivery_record_copy (record));
}

/* The end of a dispatcher run: the owner hears once about what it missed. */
static void
on_checked_until (RsService *self)
{
  GDBusConnection *connection =
    g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton));

  if (self->missed->len > 0 && connection != NULL)
    rs_owner_notification_missed (connection, self->missed, self->sales);
  g_ptr_array_set_size (self->missed, 0);

  rs_dbus_recurring_sales1_set_reminders_checked_until (
    self->skeleton, rs_dispatcher_get_checked_until (self->dispatcher));
}

RsDispatcher *
rs_service_reminders_new_dispatcher (RsService      *self,
                                     RsServiceClock *clock)
{
  RsDispatcher *dispatcher = rs_dispatcher_new (self->store, clock, dispatcher_list_sales, self);

  g_signal_connect_swapped (dispatcher, "delivered", G_CALLBACK (on_reminder_delivered), self);
  g_signal_connect_swapped (dispatcher, "missed", G_CALLBACK (on_reminder_missed), self);
  g_signal_connect_swapped (dispatcher, "notify::checked-until",
                            G_CALLBACK (on_checked_until), self);
  return dispatcher;
}
