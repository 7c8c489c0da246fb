/* rs-dispatcher-ledger.c: what becomes of each client or team reminder that fell due, in the
 * ledger
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every due reminder is recorded (cancelled, missed or pending) before anything is delivered,
 * and checked-until moves on only once every reminder up to it is recorded: see rs-dispatcher.c
 * for why that makes a crash lose nothing and deliver nothing twice.
 */
#include "config.h"

#include <recurring-sales/rs-client-reminders.h>
#include "rs-dispatcher-private.h"

#define SECONDS_PER_DAY         (24 * 60 * 60)
/* Retries: 1, 2, 4 … minutes, at most an hour apart. */
#define FIRST_RETRY_SECONDS     60
#define MAX_RETRY_SECONDS       (60 * 60)

static void
put_record (RsDispatcher     *self,
            RsDeliveryRecord *record,
            gint64            now)
{
  g_autoptr(GError) error = NULL;

  record->updated = now;
  if (!rs_store_put_delivery (self->store, record, &error))
    g_warning ("The delivery of a reminder of sale %s could not be recorded: %s",
               record->sale_uid, error->message);
}

static gint64
retry_delay (guint attempts)
{
  gint64 delay = FIRST_RETRY_SECONDS;

  for (guint i = 1; i < attempts && delay < MAX_RETRY_SECONDS; i++)
    delay *= 2;

  return MIN (delay, MAX_RETRY_SECONDS);
}

void
rs_dispatcher_record_delivery (RsDispatcher *self,
                               DeliveryJob  *job,
                               const GError *error)
{
  RsDeliveryRecord *record = job->record;

  if (error == NULL)
    {
      record->state = RS_DELIVERY_STATE_DELIVERED;
      g_free (record->message_id);
      record->message_id = g_strdup (job->message_id);
      g_clear_pointer (&record->last_error, g_free);
      record->next_attempt = 0;
      put_record (self, record, self->run_now);
      if (job->already_there)
        g_debug ("The reminder %s was already delivered before a restart.", record->message_id);
      rs_dispatcher_emit_delivered (self, record);
      return;
    }

  record->attempts++;
  record->next_attempt = self->run_now + retry_delay (record->attempts);
  g_free (record->last_error);
  record->last_error = g_strdup (error->message);
  put_record (self, record, self->run_now);
  g_message ("A reminder to the %s (sale %s) is not delivered yet, attempt %u: %s",
             rs_audience_to_string (record->audience),
             record->sale_uid, record->attempts, error->message);
}

gboolean
rs_dispatcher_record_accepted (RsDispatcher *self,
                               RsStore      *ledger_store,
                               DeliveryJob  *job)
{
  g_autoptr(RsDeliveryRecord) record = rs_delivery_record_copy (job->record);
  g_autoptr(GError) error = NULL;

  /* What rs_dispatcher_record_delivery () writes again once the worker is done; the run's
   * time, so that both writes say the same. */
  record->state = RS_DELIVERY_STATE_DELIVERED;
  g_free (record->message_id);
  record->message_id = g_strdup (job->message_id);
  g_clear_pointer (&record->last_error, g_free);
  record->next_attempt = 0;
  record->updated = job->date;
  if (rs_store_put_delivery (ledger_store, record, &error))
    return TRUE;

  g_warning ("The delivery of a client reminder of sale %s could not be recorded as it "
             "happened: %s", record->sale_uid, error->message);
  return FALSE;
}

static RsDelivery
effective_mode (RsSale           *sale,
                RsAudience        audience,
                const RsDefaults *defaults)
{
  RsDelivery mode = rs_sale_get_delivery (sale);

  /* The sale's delivery is about its client; the team's is the setting's alone. */
  if (audience == RS_AUDIENCE_TEAM)
    return defaults->team_delivery;
  return mode == RS_DELIVERY_DEFAULT ? defaults->delivery : mode;
}

/* Whether a team reminder of @sale has anyone to go to: its own team, or the setting's. */
static gboolean
has_team (RsSale           *sale,
          const RsDefaults *defaults)
{
  return rs_sale_get_team (sale) != NULL || defaults->team_addresses[0] != NULL;
}

/* Records what becomes of one due reminder; queues it for delivery when it is to go out. */
static void
decide (RsDispatcher     *self,
        RsDeliveryRecord *record,
        RsSale           *sale,
        RsDefaults       *defaults,
        gint64            now)
{
  RsDelivery mode = sale != NULL ? effective_mode (sale, record->audience, defaults)
                                  : RS_DELIVERY_OFF;
  RsReminderVerdict verdict;
  DeliveryJob *job;

  /* The one rule of what is reminded (rs_sale_reminder_verdict ()), then how it is mailed. */
  if (sale == NULL)
    verdict = RS_REMINDER_VERDICT_SALE_REMOVED;
  else
    verdict = rs_sale_reminder_verdict (sale, record->kind, record->audience,
                                        record->lead_days, &record->occurrence);
  if (verdict == RS_REMINDER_VERDICT_REMINDS && record->audience == RS_AUDIENCE_TEAM)
    {
      if (mode == RS_DELIVERY_OFF)
        verdict = RS_REMINDER_VERDICT_TEAM_DELIVERY_OFF;
      else if (!has_team (sale, defaults))
        verdict = RS_REMINDER_VERDICT_NO_TEAM;
    }
  else if (verdict == RS_REMINDER_VERDICT_REMINDS && mode == RS_DELIVERY_OFF)
    verdict = rs_sale_get_delivery (sale) == RS_DELIVERY_OFF ? RS_REMINDER_VERDICT_DELIVERY_OFF
                                                             : RS_REMINDER_VERDICT_DELIVERY_SETTING_OFF;

  if (verdict != RS_REMINDER_VERDICT_REMINDS)
    {
      /* Why, in the record's error: only now is it known, and "cancelled" alone leaves the
       * owner guessing. A word, which each reader says in its user's language. */
      record->state = RS_DELIVERY_STATE_CANCELLED;
      g_free (record->last_error);
      record->last_error = g_strdup (rs_reminder_verdict_to_string (verdict));
      put_record (self, record, now);
      rs_delivery_record_free (record);
      return;
    }

  if (now - record->due > (gint64) defaults->catch_up_days * SECONDS_PER_DAY)
    {
      record->state = RS_DELIVERY_STATE_MISSED;
      put_record (self, record, now);
      rs_dispatcher_emit_missed (self, record);
      rs_delivery_record_free (record);
      return;
    }

  record->state = RS_DELIVERY_STATE_PENDING;
  record->mode = mode;
  put_record (self, record, now);

  job = g_new0 (DeliveryJob, 1);
  job->record = record;
  job->sale = g_object_ref (sale);
  job->date = now;
  job->defaults = defaults;
  g_queue_push_tail (&self->jobs, job);
}

static GHashTable *
index_sales (GPtrArray *sales)
{
  GHashTable *by_uid = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      g_hash_table_insert (by_uid, (gpointer) rs_sale_get_uid (sale), sale);
    }

  return by_uid;
}

/* New reminders that fell due in (checked_until, now]. */
static void
collect_newly_due (RsDispatcher *self,
                   GPtrArray    *sales,
                   RsDefaults   *defaults,
                   gint64        now)
{
  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      g_autoptr(GArray) due = rs_mailed_reminders_due (sale, self->checked_until, now, NULL);

      for (guint j = 0; j < due->len; j++)
        {
          const RsDueReminder *reminder = &g_array_index (due, RsDueReminder, j);
          g_autoptr(RsDeliveryRecord) existing = NULL;
          g_autoptr(GError) error = NULL;
          RsDeliveryRecord *record;

          /* A reminder due before the sale was entered was never promised to anyone. */
          if (reminder->due < rs_sale_get_created (sale))
            continue;

          existing = rs_store_get_delivery_to (self->store, rs_sale_get_uid (sale), reminder->kind,
                                               reminder->lead_days, &reminder->occurrence,
                                               reminder->audience, &error);
          if (error != NULL)
            {
              g_warning ("The delivery ledger could not be read: %s", error->message);
              continue;
            }
          /* Done already (a clock set back, a restored store), or pending: see the retries. */
          if (existing != NULL)
            continue;

          record = rs_delivery_record_new (rs_sale_get_uid (sale), reminder->kind,
                                           reminder->lead_days, &reminder->occurrence,
                                           reminder->due);
          record->audience = reminder->audience;
          decide (self, record, sale, defaults, now);
        }
    }
}

/* Pending reminders whose next attempt has come (failed before, or a crash interrupted them). */
static void
collect_retries (RsDispatcher *self,
                 GHashTable   *sales_by_uid,
                 RsDefaults   *defaults,
                 gint64        now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = rs_store_list_deliveries (self->store, NULL,
                                                           RS_DELIVERY_STATE_PENDING,
                                                           0, G_MAXINT64, 0, &error);

  if (pending == NULL)
    {
      g_warning ("The delivery ledger could not be read: %s", error->message);
      return;
    }

  for (guint i = 0; i < pending->len; i++)
    {
      RsDeliveryRecord *record = g_ptr_array_index (pending, i);

      if (record->next_attempt > now)
        continue;

      decide (self, rs_delivery_record_copy (record),
              g_hash_table_lookup (sales_by_uid, record->sale_uid), defaults, now);
    }
}

void
rs_dispatcher_collect_due (RsDispatcher *self,
                           GPtrArray    *sales,
                           RsDefaults   *defaults,
                           gint64        now)
{
  g_autoptr(GHashTable) sales_by_uid = index_sales (sales);

  collect_retries (self, sales_by_uid, defaults, now);
  collect_newly_due (self, sales, defaults, now);
}

void
rs_dispatcher_set_checked_until (RsDispatcher *self,
                                 gint64        until)
{
  g_autoptr(GError) error = NULL;

  if (!rs_store_set_setting_int (self->store, RS_DISPATCHER_CHECKED_UNTIL_SETTING, until,
                                 &error))
    g_warning ("The dispatcher's progress could not be stored: %s", error->message);
  self->checked_until = until;
}

gboolean
rs_dispatcher_find_next_wake (RsDispatcher *self,
                              gint64        now,
                              gint64       *out_wake)
{
  g_autoptr(GPtrArray) sales = self->sales_func (self->sales_func_data);
  g_autoptr(GPtrArray) pending = NULL;
  gboolean found = FALSE;
  gint64 wake = G_MAXINT64;

  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      gint64 due;

      /* Not only active sales: a renewed or ended one still mails its invoices' reminders
       * until its expiry (rs_client_reminders_next_due () follows the one rule). */
      if (rs_mailed_reminders_next_due (sale, now, NULL, &due) && due < wake)
        {
          wake = due;
          found = TRUE;
        }
    }

  pending = rs_store_list_deliveries (self->store, NULL, RS_DELIVERY_STATE_PENDING, 0,
                                      G_MAXINT64, 0, NULL);
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      RsDeliveryRecord *record = g_ptr_array_index (pending, i);
      gint64 at = MAX (record->next_attempt, now + 1);

      if (at < wake)
        {
          wake = at;
          found = TRUE;
        }
    }

  *out_wake = wake;
  return found;
}
