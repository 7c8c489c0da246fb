/* rs-store-write.c: adding, updating and removing sales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every change is one IMMEDIATE transaction that validates first, so a refused change leaves
 * nothing behind; the caller's sales only take their new revisions and times once it commits.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>

#include "rs-store-private.h"

static gboolean
store_insert_rules (RsStore  *self,
                    RsSale   *sale,
                    GError  **error)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);
  g_auto(StoreStatement) stmt = NULL;

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);

      stmt = rs_store_statement (self, STMT_INSERT_RULE, error);
      if (stmt == NULL)
        return FALSE;

      bind_text (stmt, 0, rs_sale_get_uid (sale));
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_text (stmt, 2, rs_reminder_kind_to_string (rule->kind));
      sqlite3_bind_int64 (stmt, 4, rule->lead_days);
      bind_text (stmt, 4, rs_audience_to_string (rule->audience));
      if (!rs_store_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
rs_store_upsert_occurrence (RsStore            *self,
                            const char         *uid,
                            const GDate        *issue_date,
                            RsOccurrenceState   state,
                            gint64              now,
                            GError            **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, STMT_UPSERT_OCCURRENCE, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, uid);
  bind_date (stmt, 1, issue_date);
  bind_text (stmt, 2, rs_occurrence_state_to_string (state));
  sqlite3_bind_int64 (stmt, 4, now);
  return rs_store_step_done (self, stmt, error);
}

gboolean
rs_store_delete_occurrence (RsStore      *self,
                            const char   *uid,
                            const char   *issue_date_text,
                            GError      **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, STMT_DELETE_OCCURRENCE, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, uid);
  sqlite3_bind_text (stmt, 2, issue_date_text, -1, SQLITE_TRANSIENT);
  return rs_store_step_done (self, stmt, error);
}

static gboolean
store_insert_occurrences (RsStore  *self,
                          RsSale   *sale,
                          gint64    now,
                          GError  **error)
{
  GArray *occurrences = rs_sale_get_marked_occurrences (sale);

  for (guint i = 0; i < occurrences->len; i++)
    {
      const RsOccurrence *occurrence = &g_array_index (occurrences, RsOccurrence, i);

      if (!rs_store_upsert_occurrence (self, rs_sale_get_uid (sale), &occurrence->issue_date,
                                       occurrence->state, now, error))
        return FALSE;
    }

  return TRUE;
}

/* Makes the stored occurrences those of @sale: the ones no longer marked go, the others are
 * upserted (keeping when they were marked). */
static gboolean
store_replace_occurrences (RsStore  *self,
                           RsSale   *sale,
                           gint64    now,
                           GError  **error)
{
  g_autoptr(GPtrArray) unmarked = g_ptr_array_new_with_free_func (g_free);
  g_auto(StoreStatement) stmt = rs_store_statement (self, STMT_SELECT_OCCURRENCE_DATES, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, rs_sale_get_uid (sale));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = column_text (stmt, 0);
      GDate issue_date;

      /* A stored date that does not parse cannot be one the sale marks: it goes too. */
      if (text != NULL &&
          (!rs_date_parse (text, "", &issue_date, NULL) ||
           rs_sale_get_occurrence_state (sale, &issue_date) == RS_OCCURRENCE_OPEN))
        g_ptr_array_add (unmarked, g_strdup (text));
    }
  if (rc != SQLITE_DONE)
    {
      rs_store_set_sqlite_error (self, error);
      return FALSE;
    }
  store_statement_release (&stmt);

  for (guint i = 0; i < unmarked->len; i++)
    {
      const char *issue_date_text = g_ptr_array_index (unmarked, i);

      if (!rs_store_delete_occurrence (self, rs_sale_get_uid (sale), issue_date_text, error))
        return FALSE;
    }

  return store_insert_occurrences (self, sale, now, error);
}

gboolean
rs_store_insert_sale (RsStore  *self,
                      RsSale   *sale,
                      gint64    created,
                      gint64    now,
                      GError  **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, STMT_INSERT_SALE, error);

  if (stmt == NULL)
    return FALSE;

  rs_store_bind_sale (stmt, sale, created, now, 1);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
                     /* Translators: %s is a sale identifier */
                     _("A sale with the identifier %s already exists."), rs_sale_get_uid (sale));
      else
        rs_store_set_sqlite_error (self, error);
      return FALSE;
    }

  return store_insert_rules (self, sale, error) &&
         store_insert_occurrences (self, sale, now, error) &&
         rs_store_log_change (self, rs_sale_get_uid (sale), FALSE, error);
}

gboolean
rs_store_update_sale_row (RsStore  *self,
                          RsSale   *sale,
                          gint64    now,
                          guint64   revision,
                          GError  **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, STMT_UPDATE_SALE, error);

  if (stmt == NULL)
    return FALSE;

  rs_store_bind_sale (stmt, sale, 0, now, revision);
  return rs_store_step_done (self, stmt, error);
}

/* The stored revision and creation time of @uid; FALSE with RS_ERROR_NOT_FOUND when absent. */
static gboolean
store_get_sale_revision (RsStore     *self,
                         const char  *uid,
                         guint64     *out_revision,
                         gint64      *out_created,
                         GError     **error)
{
  g_auto(StoreStatement) stmt = rs_store_step_to_sale (self, STMT_GET_SALE_REVISION, uid, error);

  if (stmt == NULL)
    return FALSE;

  *out_revision = (guint64) MAX (sqlite3_column_int64 (stmt, 0), 0);
  if (out_created != NULL)
    *out_created = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

gboolean
rs_store_check_expected_revision (const char  *uid,
                                  guint64      stored_revision,
                                  guint64      expected_revision,
                                  GError     **error)
{
  char stored_text[32], expected_text[32];

  if (stored_revision == expected_revision)
    return TRUE;

  /* Numbers are formatted beforehand: G_GUINT64_FORMAT inside _() hides the string from
   * xgettext. */
  g_snprintf (stored_text, sizeof stored_text, "%" G_GUINT64_FORMAT, stored_revision);
  g_snprintf (expected_text, sizeof expected_text, "%" G_GUINT64_FORMAT, expected_revision);
  g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
               /* Translators: first %s is a sale identifier, the others revision numbers */
               _("The sale %s was changed by someone else (revision %s, expected %s); "
                 "reload it and try again."),
               uid, stored_text, expected_text);
  return FALSE;
}

gboolean
rs_store_add_sales_linked (RsStore     *self,
                           RsSale     **sales,
                           guint        n_sales,
                           const char  *source,
                           const char  *external_id,
                           GError     **error)
{
  gint64 now = now_seconds ();

  /* Everything is checked before the transaction starts: a refused sale writes nothing. */
  for (guint i = 0; i < n_sales; i++)
    {
      g_return_val_if_fail (RS_IS_SALE (sales[i]), FALSE);

      if (!rs_sale_validate (sales[i], error))
        {
          if (n_sales > 1)
            g_prefix_error (error,
                            /* Translators: the numbers say which sale of a batch is refused;
                             * a sentence saying why follows */
                            _("Sale %u of %u: "), i + 1, n_sales);
          return FALSE;
        }
    }

  if (!rs_store_begin_write (self, error))
    return FALSE;

  for (guint i = 0; i < n_sales; i++)
    {
      /* An imported sale keeps when it was first created; a new one is created now. */
      gint64 created = rs_sale_get_created (sales[i]) > 0 ? rs_sale_get_created (sales[i]) : now;

      if (!rs_store_insert_sale (self, sales[i], created, now, error) ||
          (source != NULL &&
           !rs_store_insert_external_link (self, source, external_id,
                                           rs_sale_get_uid (sales[i]), error)))
        {
          rs_store_rollback (self);
          return FALSE;
        }
    }

  if (!rs_store_commit (self, error))
    {
      rs_store_rollback (self);
      return FALSE;
    }

  /* Only now: a failed transaction leaves the caller's sales as they were too. */
  for (guint i = 0; i < n_sales; i++)
    {
      rs_sale_set_revision (sales[i], 1);
      if (rs_sale_get_created (sales[i]) <= 0)
        rs_sale_set_created (sales[i], now);
      rs_sale_set_updated (sales[i], now);
    }

  return TRUE;
}

gboolean
rs_store_add_sale (RsStore  *self,
                   RsSale   *sale,
                   GError  **error)
{
  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return rs_store_add_sales_linked (self, &sale, 1, NULL, NULL, error);
}

gboolean
rs_store_add_sales (RsStore    *self,
                    GPtrArray  *sales,
                    GError    **error)
{
  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (sales != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sales->len == 0)
    return TRUE;

  return rs_store_add_sales_linked (self, (RsSale **) sales->pdata, sales->len, NULL, NULL,
                                    error);
}

static gboolean
update_sale (RsStore  *self,
             RsSale   *sale,
             guint64   expected_revision,
             gint64    now,
             gint64   *out_created,
             GError  **error)
{
  const char *uid = rs_sale_get_uid (sale);
  guint64 stored_revision;

  if (!store_get_sale_revision (self, uid, &stored_revision, out_created, error) ||
      !rs_store_check_expected_revision (uid, stored_revision, expected_revision, error) ||
      !rs_store_update_sale_row (self, sale, now, stored_revision + 1, error))
    return FALSE;

  {
    g_auto(StoreStatement) stmt = rs_store_statement (self, STMT_DELETE_RULES, error);

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 0, uid);
    if (!rs_store_step_done (self, stmt, error))
      return FALSE;
  }

  return store_insert_rules (self, sale, error) &&
         store_replace_occurrences (self, sale, now, error) &&
         rs_store_log_change (self, uid, FALSE, error);
}

gboolean
rs_store_update_sale (RsStore  *self,
                      RsSale   *sale,
                      guint64   expected_revision,
                      GError  **error)
{
  gint64 now = now_seconds ();
  gint64 created = 0;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rs_sale_validate (sale, error) || !rs_store_begin_write (self, error))
    return FALSE;

  if (!update_sale (self, sale, expected_revision, now, &created, error) ||
      !rs_store_commit (self, error))
    {
      rs_store_rollback (self);
      return FALSE;
    }

  rs_sale_set_revision (sale, expected_revision + 1);
  rs_sale_set_created (sale, created);
  rs_sale_set_updated (sale, now);
  return TRUE;
}

/* Removing a renewal gives its predecessor back its expiry: it is active again and reminds
 * about it, instead of staying "renewed" by a sale that no longer exists. */
static gboolean
unlink_predecessor (RsStore  *self,
                    RsSale   *sale,
                    GError  **error)
{
  g_autoptr(RsSale) predecessor = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *predecessor_uid = rs_sale_get_predecessor_uid (sale);

  if (predecessor_uid == NULL)
    return TRUE;

  predecessor = rs_store_load_sale (self, predecessor_uid, &local_error);
  if (predecessor == NULL)
    {
      if (g_error_matches (local_error, RS_ERROR, RS_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_strcmp0 (rs_sale_get_successor_uid (predecessor), rs_sale_get_uid (sale)) != 0)
    return TRUE;

  rs_sale_set_successor_uid (predecessor, NULL);
  if (rs_sale_get_status (predecessor) == RS_SALE_STATUS_RENEWED)
    rs_sale_set_status (predecessor, RS_SALE_STATUS_ACTIVE);

  return rs_store_update_sale_row (self, predecessor, now_seconds (),
                                   rs_sale_get_revision (predecessor) + 1, error) &&
         rs_store_log_change (self, predecessor_uid, FALSE, error);
}

static gboolean
remove_sale (RsStore     *self,
             const char  *uid,
             GError     **error)
{
  g_auto(StoreStatement) stmt = NULL;
  g_autoptr(RsSale) sale = rs_store_load_sale (self, uid, error);

  if (sale == NULL || !unlink_predecessor (self, sale, error))
    return FALSE;

  stmt = rs_store_statement (self, STMT_DELETE_SALE, error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, uid);
  if (!rs_store_step_done (self, stmt, error))
    return FALSE;

  /* Rules and occurrences go with it (ON DELETE CASCADE). */
  if (sqlite3_changes (self->db) == 0)
    {
      rs_store_set_not_found_error (uid, error);
      return FALSE;
    }

  return rs_store_log_change (self, uid, TRUE, error);
}

gboolean
rs_store_remove_sale (RsStore     *self,
                      const char  *uid,
                      GError     **error)
{
  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (uid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rs_store_begin_write (self, error))
    return FALSE;

  if (!remove_sale (self, uid, error) || !rs_store_commit (self, error))
    {
      rs_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}
