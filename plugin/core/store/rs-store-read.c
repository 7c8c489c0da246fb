/* rs-store-read.c: reading sales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A sale is read with its reminder rules and marked occurrences in one read transaction, and
 * checked like outside input (rs_sale_validate ()) before anyone sees it.
 */
#include "config.h"

#include "rs-store-private.h"

/* The sale whose row @stmt is on, without rules and occurrences yet. */
static RsSale *
read_sale_row (RsStore       *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  RsSale *sale = rs_store_sale_from_row (stmt, &local_error);

  if (sale == NULL)
    rs_store_set_damaged_error (self, column_text (stmt, COL_UID), local_error->message, error);

  return sale;
}

/* The last check of a loaded sale: data on disk is outside input too. */
static gboolean
store_check_loaded_sale (RsStore  *self,
                         RsSale   *sale,
                         GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  if (rs_sale_validate (sale, &local_error))
    return TRUE;

  rs_store_set_damaged_error (self, rs_sale_get_uid (sale), local_error->message, error);
  return FALSE;
}

static gboolean
store_load_children (RsStore      *self,
                     RsSale       *sale,
                     StatementId   id,
                     gboolean    (*add_from_row) (RsSale *, sqlite3_stmt *, GError **),
                     GError      **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, id, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, rs_sale_get_uid (sale));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;

      if (!add_from_row (sale, stmt, &local_error))
        {
          rs_store_set_damaged_error (self, rs_sale_get_uid (sale), local_error->message, error);
          return FALSE;
        }
    }

  if (rc != SQLITE_DONE)
    {
      rs_store_set_sqlite_error (self, error);
      return FALSE;
    }

  return TRUE;
}

/* One sale with its rules and occurrences, validated; inside a transaction. */
RsSale *
rs_store_load_sale (RsStore     *self,
                    const char  *uid,
                    GError     **error)
{
  g_auto(StoreStatement) stmt = rs_store_step_to_sale (self, STMT_SELECT_SALE, uid, error);
  g_autoptr(RsSale) sale = NULL;

  if (stmt == NULL)
    return NULL;

  sale = read_sale_row (self, stmt, error);
  if (sale == NULL)
    return NULL;

  if (!store_load_children (self, sale, STMT_SELECT_RULES_OF_SALE, rs_store_add_rule_from_row,
                            error) ||
      !store_load_children (self, sale, STMT_SELECT_OCCURRENCES_OF_SALE,
                            rs_store_add_occurrence_from_row, error) ||
      !store_check_loaded_sale (self, sale, error))
    return NULL;

  return g_steal_pointer (&sale);
}

RsSale *
rs_store_get_sale (RsStore     *self,
                   const char  *uid,
                   GError     **error)
{
  RsSale *sale;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* One read transaction: the sale and its rules and occurrences from the same snapshot. */
  if (!rs_store_begin_read (self, error))
    return NULL;

  sale = rs_store_load_sale (self, uid, error);
  rs_store_end_read (self);
  return sale;
}

/* Steps a child cursor (rules or occurrences, ordered by sale_uid) up to @uid and adds the rows
 * of @uid to @sale. @rc holds the cursor's last step result. */
static gboolean
merge_children (RsStore       *self,
                RsSale        *sale,
                sqlite3_stmt  *stmt,
                int           *rc,
                gboolean     (*add_from_row) (RsSale *, sqlite3_stmt *, GError **),
                GError       **error)
{
  const char *uid = rs_sale_get_uid (sale);

  /* Rows of no sale cannot exist while foreign keys are on; skip them if they do. */
  while (*rc == SQLITE_ROW && g_strcmp0 (column_text (stmt, 0), uid) < 0)
    *rc = sqlite3_step (stmt);

  while (*rc == SQLITE_ROW && g_strcmp0 (column_text (stmt, 0), uid) == 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (!add_from_row (sale, stmt, &local_error))
        {
          rs_store_set_damaged_error (self, uid, local_error->message, error);
          return FALSE;
        }
      *rc = sqlite3_step (stmt);
    }

  if (*rc != SQLITE_ROW && *rc != SQLITE_DONE)
    {
      rs_store_set_sqlite_error (self, error);
      return FALSE;
    }

  return TRUE;
}

/* All sales in three ordered scans merged in one pass, rather than three queries per sale. */
GPtrArray *
rs_store_load_sales (RsStore  *self,
                     GError  **error)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(StoreStatement) sale_stmt = rs_store_statement (self, STMT_LIST_SALES, error);
  g_auto(StoreStatement) rule_stmt = NULL;
  g_auto(StoreStatement) occurrence_stmt = NULL;
  int sale_rc, rule_rc, occurrence_rc;

  if (sale_stmt == NULL ||
      (rule_stmt = rs_store_statement (self, STMT_LIST_RULES, error)) == NULL ||
      (occurrence_stmt = rs_store_statement (self, STMT_LIST_OCCURRENCES, error)) == NULL)
    return NULL;

  rule_rc = sqlite3_step (rule_stmt);
  occurrence_rc = sqlite3_step (occurrence_stmt);

  while ((sale_rc = sqlite3_step (sale_stmt)) == SQLITE_ROW)
    {
      g_autoptr(RsSale) sale = read_sale_row (self, sale_stmt, error);

      if (sale == NULL ||
          !merge_children (self, sale, rule_stmt, &rule_rc, rs_store_add_rule_from_row, error) ||
          !merge_children (self, sale, occurrence_stmt, &occurrence_rc,
                           rs_store_add_occurrence_from_row, error) ||
          !store_check_loaded_sale (self, sale, error))
        return NULL;

      g_ptr_array_add (sales, g_steal_pointer (&sale));
    }

  if (sale_rc != SQLITE_DONE)
    {
      rs_store_set_sqlite_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&sales);
}

GPtrArray *
rs_store_list_sales (RsStore  *self,
                     GError  **error)
{
  GPtrArray *sales;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!rs_store_begin_read (self, error))
    return NULL;

  sales = rs_store_load_sales (self, error);
  rs_store_end_read (self);
  return sales;
}

guint
rs_store_count_sales (RsStore  *self,
                      GError  **error)
{
  g_auto(StoreStatement) stmt = NULL;

  g_return_val_if_fail (RS_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  stmt = rs_store_statement (self, STMT_COUNT_SALES, error);
  if (stmt == NULL)
    return 0;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      rs_store_set_sqlite_error (self, error);
      return 0;
    }

  return (guint) CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);
}

GPtrArray *
rs_store_list_changed_since (RsStore  *self,
                             guint64   revision,
                             GError  **error)
{
  g_autoptr(GPtrArray) uids = g_ptr_array_new_with_free_func (g_free);
  g_auto(StoreStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Revisions are stored as SQLite integers, which stop at G_MAXINT64. */
  if (revision > G_MAXINT64)
    return g_steal_pointer (&uids);

  stmt = rs_store_statement (self, STMT_LIST_CHANGED_SINCE, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) revision);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uids, g_strdup (column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      rs_store_set_sqlite_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&uids);
}
