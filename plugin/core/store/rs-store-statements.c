/* rs-store-statements.c: the statement cache and transactions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A write transaction also keeps the store revision: rs_store_log_change () gives every changed
 * sale a new one, and rs_store_commit () stores the last and prunes the older change rows.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>

#include "rs-store-private.h"

sqlite3_stmt *
rs_store_statement (RsStore      *self,
                    StatementId   id,
                    GError      **error)
{
  sqlite3_stmt *stmt = self->statements[id];

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, rs_store_statement_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                              &stmt, NULL) != SQLITE_OK)
        {
          rs_store_set_sqlite_error (self, error);
          return NULL;
        }
      self->statements[id] = stmt;
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

/* Steps a statement that returns no rows. */
gboolean
rs_store_step_done (RsStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      rs_store_set_sqlite_error (self, error);
      return FALSE;
    }

  return TRUE;
}

/* Steps a statement onto its first row: FALSE with @error when SQLite fails, else TRUE with
 * @out_found saying whether there is a row. */
gboolean
rs_store_step_to_row (RsStore       *self,
                      sqlite3_stmt  *stmt,
                      gboolean      *out_found,
                      GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rs_store_set_sqlite_error (self, error);
      return FALSE;
    }

  *out_found = rc == SQLITE_ROW;
  return TRUE;
}

/* Binds @uid as ?1 of the statement @id and steps onto that sale's row; NULL with
 * RS_ERROR_NOT_FOUND when there is none. The caller keeps the result in a StoreStatement. */
sqlite3_stmt *
rs_store_step_to_sale (RsStore      *self,
                       StatementId   id,
                       const char   *uid,
                       GError      **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, id, error);
  gboolean found;

  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 0, uid);
  if (!rs_store_step_to_row (self, stmt, &found, error))
    return NULL;
  if (!found)
    {
      rs_store_set_not_found_error (uid, error);
      return NULL;
    }

  return g_steal_pointer (&stmt);
}

gboolean
rs_store_run (RsStore      *self,
              StatementId   id,
              GError      **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, id, error);

  return stmt != NULL && rs_store_step_done (self, stmt, error);
}

gboolean
rs_store_read_revision (RsStore  *self,
                        guint64  *out_revision,
                        GError  **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, STMT_GET_STORE_REVISION, error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      rs_store_set_sqlite_error (self, error);
      return FALSE;
    }

  *out_revision = (guint64) MAX (sqlite3_column_int64 (stmt, 0), 0);
  return TRUE;
}

void
rs_store_rollback (RsStore *self)
{
  /* A failed COMMIT (busy) leaves the transaction open; a failed statement may have ended it. */
  if (!sqlite3_get_autocommit (self->db))
    {
      g_autoptr(GError) error = NULL;

      if (!rs_store_run (self, STMT_ROLLBACK, &error))
        g_warning ("%s", error->message);
    }
}

gboolean
rs_store_check_writable (RsStore  *self,
                         GError  **error)
{
  if (!self->readonly)
    return TRUE;

  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: %s is a file name */
               _("The store %s is open for reading only; it cannot be changed from here."),
               self->path);
  return FALSE;
}

gboolean
rs_store_begin_write (RsStore  *self,
                      GError  **error)
{
  if (!rs_store_check_writable (self, error))
    return FALSE;

  if (!rs_store_run (self, STMT_BEGIN_WRITE, error))
    return FALSE;

  if (!rs_store_read_revision (self, &self->write_start_revision, error))
    {
      rs_store_rollback (self);
      return FALSE;
    }

  self->write_revision = self->write_start_revision;
  return TRUE;
}

/* Pruned once per transaction in one statement, not row by row: a tenth of the time of a
 * 100,000-sale import went into per-row deletes. */
static gboolean
store_forget_older_changes (RsStore  *self,
                            GError  **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, STMT_FORGET_OLDER_CHANGES, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) self->write_start_revision);
  return rs_store_step_done (self, stmt, error);
}

gboolean
rs_store_commit (RsStore  *self,
                 GError  **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, STMT_SET_STORE_REVISION, error);

  if (stmt == NULL || !store_forget_older_changes (self, error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) self->write_revision);
  return rs_store_step_done (self, stmt, error) && rs_store_run (self, STMT_COMMIT, error);
}

gboolean
rs_store_begin_read (RsStore  *self,
                     GError  **error)
{
  return rs_store_run (self, STMT_BEGIN_READ, error);
}

void
rs_store_end_read (RsStore *self)
{
  /* Nothing was written: ending a read transaction either way releases its snapshot. */
  rs_store_rollback (self);
}

/* Records that @uid changed in the current write transaction, under a new store revision. */
gboolean
rs_store_log_change (RsStore     *self,
                     const char  *uid,
                     gboolean     removed,
                     GError     **error)
{
  g_auto(StoreStatement) log = rs_store_statement (self, STMT_LOG_CHANGE, error);

  if (log == NULL)
    return FALSE;

  self->write_revision++;
  sqlite3_bind_int64 (log, 1, (sqlite3_int64) self->write_revision);
  bind_text (log, 1, uid);
  sqlite3_bind_int (log, 3, removed ? 1 : 0);
  return rs_store_step_done (self, log, error);
}
