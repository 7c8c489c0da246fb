/* rs-store-lifecycle.c: what happens to a stored sale over its life: its occurrences marked,
 * its renewal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-schedule.h>
#include <recurring-sales/rs-text.h>

#include "rs-store-private.h"

/* Whether @issue_date is one of the issue dates of @sale's schedule, within its term. */
static gboolean
check_issue_date (RsSale       *sale,
                  const GDate  *issue_date,
                  GError      **error)
{
  GDate found;
  g_autofree char *date_text = NULL;

  if (rs_schedule_next_issue_on_or_after (rs_sale_get_schedule (sale), issue_date, &found, NULL) &&
      g_date_compare (&found, issue_date) == 0)
    return TRUE;

  date_text = rs_date_to_local (issue_date);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: first %s is a date as the user's language writes it (31/01/2027 in
                * Greek), second a sale identifier */
               _("The date %s is not an issue date of the sale %s."),
               date_text, rs_sale_get_uid (sale));
  return FALSE;
}

static gboolean
mark_occurrence (RsStore            *self,
                 const char         *uid,
                 const GDate        *issue_date,
                 RsOccurrenceState   state,
                 GError            **error)
{
  g_autoptr(RsSale) sale = rs_store_load_sale (self, uid, error);
  g_auto(StoreStatement) stmt = NULL;
  gint64 now = now_seconds ();

  if (sale == NULL || !check_issue_date (sale, issue_date, error))
    return FALSE;

  if (state == RS_OCCURRENCE_OPEN)
    {
      char date_text[11];

      rs_date_to_iso_buf (issue_date, date_text);
      if (!rs_store_delete_occurrence (self, uid, date_text, error))
        return FALSE;
    }
  else if (!rs_store_upsert_occurrence (self, uid, issue_date, state, now, error))
    {
      return FALSE;
    }

  stmt = rs_store_statement (self, STMT_SET_SALE_REVISION, error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, uid);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) rs_sale_get_revision (sale) + 1);
  sqlite3_bind_int64 (stmt, 3, now);
  return rs_store_step_done (self, stmt, error) && rs_store_log_change (self, uid, FALSE, error);
}

gboolean
rs_store_mark_occurrence (RsStore            *self,
                          const char         *uid,
                          const GDate        *issue_date,
                          RsOccurrenceState   state,
                          GError            **error)
{
  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (uid != NULL, FALSE);
  g_return_val_if_fail (issue_date != NULL && g_date_valid (issue_date), FALSE);
  g_return_val_if_fail ((guint) state <= RS_OCCURRENCE_SKIPPED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rs_store_begin_write (self, error))
    return FALSE;

  if (!mark_occurrence (self, uid, issue_date, state, error) || !rs_store_commit (self, error))
    {
      rs_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* A successor must take over exactly where the old sale stops: same period, first date the old
 * series' next date after its expiry (rs_schedule_renew computes such a schedule). Anything else
 * would leave days unbilled or bill them twice. */
static gboolean
check_continues (RsSale     *sale,
                 RsSale     *successor,
                 GError    **error)
{
  const RsSchedule *old_schedule = rs_sale_get_schedule (sale);
  const RsSchedule *new_schedule = rs_sale_get_schedule (successor);
  GDate expected_start, first, expected_first;
  g_autofree char *expected_text = NULL;

  if (!rs_schedule_successor_start (old_schedule, &expected_start, error))
    return FALSE;

  /* Compare the dates the series aim for, so an anchored successor counts as continuing. */
  if (rs_period_equal (&old_schedule->period, &new_schedule->period) &&
      g_date_compare (&new_schedule->start, &expected_start) == 0 &&
      rs_schedule_nth_date (new_schedule, 1, &first) &&
      rs_schedule_nth_date (old_schedule, rs_schedule_n_issues (old_schedule) + 1,
                            &expected_first) &&
      g_date_compare (&first, &expected_first) == 0)
    return TRUE;

  expected_text = rs_date_to_local (&expected_start);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is a sale identifier, %2$s a date as the user's
                * language writes it (31/01/2027 in Greek) */
               _("A renewal of the sale %1$s must keep its billing period and start on %2$s, "
                 "the next date of its schedule after it expires."),
               rs_sale_get_uid (sale), expected_text);
  return FALSE;
}

/* @accepted_on: the day the client accepted the renewal offer, or NULL for a plain renewal. */
static gboolean
renew_sale (RsStore     *self,
            const char  *uid,
            guint64      expected_revision,
            RsSale      *successor,
            const GDate *accepted_on,
            gint64       now,
            GError     **error)
{
  g_autoptr(RsSale) sale = rs_store_load_sale (self, uid, error);

  if (sale == NULL ||
      !rs_store_check_expected_revision (uid, rs_sale_get_revision (sale), expected_revision,
                                         error))
    return FALSE;

  if (rs_sale_get_status (sale) == RS_SALE_STATUS_RENEWED)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
                   /* Translators: first %s is a sale identifier, second its successor's */
                   _("The sale %s was already renewed by %s."),
                   uid, rs_sale_get_successor_uid (sale) != NULL ?
                        rs_sale_get_successor_uid (sale) : "?");
      return FALSE;
    }

  if (!check_continues (sale, successor, error))
    return FALSE;

  rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
  rs_sale_set_successor_uid (sale, rs_sale_get_uid (successor));
  /* In the same transaction: a sale never shows accepted without its successor, nor renewed
   * by an offer that the store does not know was accepted. */
  if (accepted_on != NULL)
    {
      rs_sale_set_offer_state (sale, RS_OFFER_ACCEPTED);
      rs_sale_set_offer_date (sale, accepted_on);
    }

  return rs_sale_validate (sale, error) &&
         rs_store_update_sale_row (self, sale, now, expected_revision + 1, error) &&
         rs_store_log_change (self, uid, FALSE, error) &&
         rs_store_insert_sale (self, successor, now, now, error);
}

static gboolean
renew_in_transaction (RsStore     *self,
                      const char  *uid,
                      guint64      expected_revision,
                      RsSale      *successor,
                      const GDate *accepted_on,
                      GError     **error)
{
  g_autofree char *previous_predecessor = NULL;
  gint64 now = now_seconds ();

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (uid != NULL, FALSE);
  g_return_val_if_fail (RS_IS_SALE (successor), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (uid, rs_sale_get_uid (successor)) == 0)
    {
      g_autofree char *shown = rs_text_for_message (uid);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a sale identifier */
                   _("The sale %s cannot be its own successor; give the renewal a new identifier."),
                   shown);
      return FALSE;
    }

  /* The successor is linked here; on failure the caller gets it back as it gave it. */
  previous_predecessor = g_strdup (rs_sale_get_predecessor_uid (successor));
  rs_sale_set_predecessor_uid (successor, uid);
  if (!rs_sale_validate (successor, error) || !rs_store_begin_write (self, error))
    {
      rs_sale_set_predecessor_uid (successor, previous_predecessor);
      return FALSE;
    }

  if (!renew_sale (self, uid, expected_revision, successor, accepted_on, now, error) ||
      !rs_store_commit (self, error))
    {
      rs_store_rollback (self);
      rs_sale_set_predecessor_uid (successor, previous_predecessor);
      return FALSE;
    }

  rs_sale_set_revision (successor, 1);
  rs_sale_set_created (successor, now);
  rs_sale_set_updated (successor, now);
  return TRUE;
}

gboolean
rs_store_renew_sale (RsStore     *self,
                     const char  *uid,
                     guint64      expected_revision,
                     RsSale      *successor,
                     GError     **error)
{
  return renew_in_transaction (self, uid, expected_revision, successor, NULL, error);
}

gboolean
rs_store_accept_offer (RsStore      *self,
                       const char   *uid,
                       guint64       expected_revision,
                       const GDate  *accepted_on,
                       RsSale       *successor,
                       GError      **error)
{
  g_return_val_if_fail (accepted_on != NULL && g_date_valid (accepted_on), FALSE);

  return renew_in_transaction (self, uid, expected_revision, successor, accepted_on, error);
}
