/* rs-store-ledger.c: the delivery ledger of client reminders, and the store's settings
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Neither is a change to a sale: their writes are single statements outside store transactions,
 * and leave the store revision (and so the calendar) alone.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

#include "rs-store-private.h"

/* Turns a problem found in a stored ledger record of the sale @uid into RS_ERROR_FAILED. */
static void
set_damaged_delivery_error (RsStore     *self,
                            const char  *uid,
                            const char  *problem,
                            GError     **error)
{
  g_autofree char *shown = rs_text_for_message (uid);

  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: first %s is a sale identifier, second a file name, third a
                * sentence saying what is wrong */
               _("The delivery record of the sale %s in the store %s is damaged: %s"),
               shown, self->path, problem);
}

/* The record of a row of DELIVERY_COLUMNS, checked like every row read back: the ledger decides
 * whether a client is mailed, so a word it does not know must not be guessed at. */
static RsDeliveryRecord *
delivery_from_row (sqlite3_stmt  *stmt,
                   GError       **error)
{
  g_autoptr(RsDeliveryRecord) record = g_new0 (RsDeliveryRecord, 1);
  const char *kind_text = column_text (stmt, DCOL_KIND);
  const char *state_text = column_text (stmt, DCOL_STATE);
  const char *mode_text = column_text (stmt, DCOL_MODE);
  const char *message_id = column_text (stmt, DCOL_MESSAGE_ID);
  const char *audience_text = column_text (stmt, DCOL_AUDIENCE);
  gint64 lead_days, attempts;

  record->sale_uid = g_strdup (column_text (stmt, DCOL_SALE_UID));
  record->last_error = g_strdup (column_text (stmt, DCOL_LAST_ERROR));
  /* NOT NULL on disk; "" is how a record without one yet is kept. */
  record->message_id = message_id != NULL && *message_id != '\0' ? g_strdup (message_id) : NULL;

  if (record->sale_uid == NULL)
    {
      rs_store_set_bad_value_error (error, "sale_uid", NULL);
      return NULL;
    }
  if (!rs_reminder_kind_from_string (kind_text, &record->kind))
    {
      rs_store_set_bad_value_error (error, "kind", kind_text);
      return NULL;
    }
  if (!rs_audience_from_string (audience_text, &record->audience) ||
      record->audience == RS_AUDIENCE_OWNER)
    {
      rs_store_set_bad_value_error (error, "audience", audience_text);
      return NULL;
    }
  if (!rs_delivery_state_from_string (state_text, &record->state))
    {
      rs_store_set_bad_value_error (error, "state", state_text);
      return NULL;
    }
  if (!rs_delivery_from_string (mode_text, &record->mode))
    {
      rs_store_set_bad_value_error (error, "mode", mode_text);
      return NULL;
    }

  if (!rs_store_column_int_in_range (stmt, DCOL_LEAD_DAYS, 0, G_MAXUINT, &lead_days, error) ||
      !rs_date_parse (column_text (stmt, DCOL_OCCURRENCE), _("The occurrence date"),
                      &record->occurrence, error) ||
      !rs_store_column_int_in_range (stmt, DCOL_DUE, G_MININT64, G_MAXINT64, &record->due, error) ||
      !rs_store_column_int_in_range (stmt, DCOL_ATTEMPTS, 0, G_MAXUINT, &attempts, error) ||
      !rs_store_column_int_in_range (stmt, DCOL_NEXT_ATTEMPT, G_MININT64, G_MAXINT64,
                                     &record->next_attempt, error) ||
      !rs_store_column_int_in_range (stmt, DCOL_UPDATED, G_MININT64, G_MAXINT64,
                                     &record->updated, error))
    return NULL;

  record->lead_days = (guint) lead_days;
  record->attempts = (guint) attempts;
  return g_steal_pointer (&record);
}

static RsDeliveryRecord *
store_delivery_from_row (RsStore       *self,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  RsDeliveryRecord *record = delivery_from_row (stmt, &local_error);

  if (record == NULL)
    set_damaged_delivery_error (self, column_text (stmt, DCOL_SALE_UID), local_error->message,
                                error);

  return record;
}

/* The key of a record: the first four columns and the audience, in every ledger statement. */
static void
bind_delivery_key (sqlite3_stmt   *stmt,
                   const char     *sale_uid,
                   RsReminderKind  kind,
                   guint           lead_days,
                   const GDate    *occurrence,
                   RsAudience      audience)
{
  bind_text (stmt, DCOL_SALE_UID, sale_uid);
  bind_text (stmt, DCOL_KIND, rs_reminder_kind_to_string (kind));
  sqlite3_bind_int64 (stmt, DCOL_LEAD_DAYS + 1, lead_days);
  bind_date (stmt, DCOL_OCCURRENCE, occurrence);
  bind_text (stmt, DCOL_AUDIENCE, rs_audience_to_string (audience));
}

RsDeliveryRecord *
rs_store_get_delivery (RsStore         *self,
                       const char      *sale_uid,
                       RsReminderKind   kind,
                       guint            lead_days,
                       const GDate     *occurrence,
                       GError         **error)
{
  return rs_store_get_delivery_to (self, sale_uid, kind, lead_days, occurrence,
                                   RS_AUDIENCE_CLIENT, error);
}

RsDeliveryRecord *
rs_store_get_delivery_to (RsStore         *self,
                          const char      *sale_uid,
                          RsReminderKind   kind,
                          guint            lead_days,
                          const GDate     *occurrence,
                          RsAudience       audience,
                          GError         **error)
{
  g_auto(StoreStatement) stmt = NULL;
  gboolean found;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (sale_uid != NULL, NULL);
  g_return_val_if_fail ((guint) kind <= RS_REMINDER_KIND_NOTICE, NULL);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = rs_store_statement (self, STMT_SELECT_DELIVERY, error);
  if (stmt == NULL)
    return NULL;

  bind_delivery_key (stmt, sale_uid, kind, lead_days, occurrence, audience);
  if (!rs_store_step_to_row (self, stmt, &found, error) || !found)
    return NULL;

  return store_delivery_from_row (self, stmt, error);
}

gboolean
rs_store_put_delivery (RsStore                 *self,
                       const RsDeliveryRecord  *record,
                       GError                 **error)
{
  g_auto(StoreStatement) stmt = NULL;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (record->sale_uid != NULL, FALSE);
  g_return_val_if_fail ((guint) record->kind <= RS_REMINDER_KIND_NOTICE, FALSE);
  g_return_val_if_fail (g_date_valid (&record->occurrence), FALSE);
  g_return_val_if_fail ((guint) record->state <= RS_DELIVERY_STATE_CANCELLED, FALSE);
  g_return_val_if_fail ((guint) record->mode <= RS_DELIVERY_OFF, FALSE);
  g_return_val_if_fail (record->audience == RS_AUDIENCE_CLIENT ||
                        record->audience == RS_AUDIENCE_TEAM, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rs_store_check_writable (self, error))
    return FALSE;

  stmt = rs_store_statement (self, STMT_UPSERT_DELIVERY, error);
  if (stmt == NULL)
    return FALSE;

  bind_delivery_key (stmt, record->sale_uid, record->kind, record->lead_days,
                     &record->occurrence, record->audience);
  sqlite3_bind_int64 (stmt, DCOL_DUE + 1, record->due);
  bind_text (stmt, DCOL_STATE, rs_delivery_state_to_string (record->state));
  bind_text (stmt, DCOL_MODE, rs_delivery_to_string (record->mode));
  bind_text (stmt, DCOL_MESSAGE_ID, record->message_id != NULL ? record->message_id : "");
  sqlite3_bind_int64 (stmt, DCOL_ATTEMPTS + 1, record->attempts);
  sqlite3_bind_int64 (stmt, DCOL_NEXT_ATTEMPT + 1, record->next_attempt);
  bind_text (stmt, DCOL_LAST_ERROR, record->last_error);
  sqlite3_bind_int64 (stmt, DCOL_UPDATED + 1, record->updated);

  /* One statement outside any transaction is a transaction of its own. It does not go through
   * rs_store_begin_write () on purpose: the ledger is no change to a sale, so neither the store
   * revision nor the changes table moves, and the calendar does not reload for it. */
  return rs_store_step_done (self, stmt, error);
}

gboolean
rs_store_delete_delivery (RsStore         *self,
                          const char      *sale_uid,
                          RsReminderKind   kind,
                          guint            lead_days,
                          const GDate     *occurrence,
                          GError         **error)
{
  g_auto(StoreStatement) stmt = NULL;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (sale_uid != NULL, FALSE);
  g_return_val_if_fail ((guint) kind <= RS_REMINDER_KIND_NOTICE, FALSE);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rs_store_check_writable (self, error))
    return FALSE;

  stmt = rs_store_statement (self, STMT_DELETE_DELIVERY, error);
  if (stmt == NULL)
    return FALSE;

  /* Its own transaction, like rs_store_put_delivery (). */
  bind_delivery_key (stmt, sale_uid, kind, lead_days, occurrence, RS_AUDIENCE_CLIENT);
  return rs_store_step_done (self, stmt, error);
}

GPtrArray *
rs_store_list_deliveries (RsStore     *self,
                          const char  *sale_uid,
                          int          state,
                          gint64       due_from,
                          gint64       due_until,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_auto(StoreStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (state >= -1 && state <= RS_DELIVERY_STATE_CANCELLED, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = rs_store_statement (self, STMT_LIST_DELIVERIES, error);
  if (stmt == NULL)
    return NULL;

  /* Unbound parameters are NULL: "any sale", "any state". */
  bind_text (stmt, 0, sale_uid);
  if (state >= 0)
    bind_text (stmt, 1, rs_delivery_state_to_string ((RsDeliveryState) state));
  sqlite3_bind_int64 (stmt, 3, due_from != 0 ? due_from : G_MININT64);
  sqlite3_bind_int64 (stmt, 4, due_until);
  sqlite3_bind_int64 (stmt, 5, limit > 0 ? (sqlite3_int64) limit : -1);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_delivery_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RsDeliveryRecord *record = store_delivery_from_row (self, stmt, error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (records, record);
    }

  if (rc != SQLITE_DONE)
    {
      rs_store_set_sqlite_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

gboolean
rs_store_get_setting_int (RsStore     *self,
                          const char  *key,
                          gint64      *out_value,
                          GError     **error)
{
  g_auto(StoreStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean found;
  gint64 value;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = rs_store_statement (self, STMT_GET_SETTING, error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, key);
  if (!rs_store_step_to_row (self, stmt, &found, error) || !found)
    return FALSE;

  if (!rs_store_column_int_in_range (stmt, 0, G_MININT64, G_MAXINT64, &value, &local_error))
    {
      g_autofree char *shown = rs_text_for_message (key);

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is the name of a setting, second a file name, third a
                    * sentence saying what is wrong */
                   _("The setting %s in the store %s is damaged: %s"),
                   shown, self->path, local_error->message);
      return FALSE;
    }

  if (out_value != NULL)
    *out_value = value;
  return TRUE;
}

gboolean
rs_store_set_setting_int (RsStore     *self,
                          const char  *key,
                          gint64       value,
                          GError     **error)
{
  g_auto(StoreStatement) stmt = NULL;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rs_store_check_writable (self, error))
    return FALSE;

  stmt = rs_store_statement (self, STMT_SET_SETTING, error);
  if (stmt == NULL)
    return FALSE;

  /* Like a ledger write: its own transaction, and no change of the store revision. */
  bind_text (stmt, 0, key);
  sqlite3_bind_int64 (stmt, 2, value);
  return rs_store_step_done (self, stmt, error);
}
