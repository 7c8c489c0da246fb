/* rs-delivery-record.c: one line of the delivery ledger — what happened to one client reminder
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-delivery-record.h>

G_DEFINE_BOXED_TYPE (RsDeliveryRecord, rs_delivery_record,
                     rs_delivery_record_copy, rs_delivery_record_free)

RsDeliveryRecord *
rs_delivery_record_new (const char     *sale_uid,
                        RsReminderKind  kind,
                        guint           lead_days,
                        const GDate    *occurrence,
                        gint64          due)
{
  RsDeliveryRecord *record;

  g_return_val_if_fail (sale_uid != NULL, NULL);
  g_return_val_if_fail ((guint) kind <= RS_REMINDER_KIND_NOTICE, NULL);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), NULL);

  record = g_new0 (RsDeliveryRecord, 1);
  record->sale_uid = g_strdup (sale_uid);
  record->kind = kind;
  record->lead_days = lead_days;
  record->occurrence = *occurrence;
  record->due = due;
  record->audience = RS_AUDIENCE_CLIENT;
  record->state = RS_DELIVERY_STATE_PENDING;
  /* Decided when it is delivered: the sale's delivery, or the setting, may change until then. */
  record->mode = RS_DELIVERY_DEFAULT;
  return record;
}

RsDeliveryRecord *
rs_delivery_record_copy (const RsDeliveryRecord *record)
{
  RsDeliveryRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new (RsDeliveryRecord, 1);
  *copy = *record;
  copy->sale_uid = g_strdup (record->sale_uid);
  copy->message_id = g_strdup (record->message_id);
  copy->last_error = g_strdup (record->last_error);
  return copy;
}

void
rs_delivery_record_free (RsDeliveryRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->sale_uid);
  g_free (record->message_id);
  g_free (record->last_error);
  g_free (record);
}

char *
rs_delivery_record_dup_occurrence_string (const RsDeliveryRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (g_date_valid (&record->occurrence), NULL);

  return rs_date_to_iso (&record->occurrence);
}
