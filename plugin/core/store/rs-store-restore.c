/* rs-store-restore.c: replacing the sales by those of a backup
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The backup is never written to: it is identified over a read-only connection (nothing foreign
 * is even copied), then copied into a private file beside the store, and everything else —
 * integrity, foreign keys, the migration of an older schema, reading back every sale and ledger
 * record — happens on that copy. Only a copy that passed all of it replaces the store's sales,
 * in one write transaction of the store's own connection: readers see the old sales or the new
 * ones, and another writer waits rather than interleaves.
 *
 * That transaction copies rows, not pages (SQLite's backup API would replace the whole file,
 * and it cannot share a transaction with the bookkeeping below): the sales, their reminder rules
 * and marks are replaced; the delivery ledger is merged, never rolled back, since forgetting a
 * delivery would mail a client twice; settings the store already has are kept. Every restored
 * sale gets a revision above both its old and its backed-up one (a compare-and-swap based on
 * the old sales fails instead of overwriting the restored one), and every uid, old and new, is
 * logged under store revisions above both stores', so the calendar's change detection sees
 * everything that changed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

#include "rs-store-private.h"

#define RESTORE_RULE_COLUMNS       "sale_uid, position, kind, lead_days, audience"
#define RESTORE_OCCURRENCE_COLUMNS "sale_uid, issue_date, state, marked_at"

static const char restore_sql[] =
  "UPDATE restored.sales SET revision = max (revision, coalesce ("
  "  (SELECT old.revision FROM main.sales AS old WHERE old.uid = sales.uid), 0)) + 1;"
  "DELETE FROM main.occurrences;"
  "DELETE FROM main.reminder_rules;"
  "DELETE FROM main.sales;"
  "INSERT INTO main.sales (" SALE_COLUMNS ") SELECT " SALE_COLUMNS " FROM restored.sales;"
  "INSERT INTO main.reminder_rules (" RESTORE_RULE_COLUMNS ") "
  "  SELECT " RESTORE_RULE_COLUMNS " FROM restored.reminder_rules;"
  "INSERT INTO main.occurrences (" RESTORE_OCCURRENCE_COLUMNS ") "
  "  SELECT " RESTORE_OCCURRENCE_COLUMNS " FROM restored.occurrences;"
  /* The links to other programs' ids are the backup's, as its sales are. */
  "DELETE FROM main.external_links;"
  "INSERT INTO main.external_links (source, external_id, sale_uid) "
  "  SELECT source, external_id, sale_uid FROM restored.external_links;"
  /* A delivered record is never replaced; otherwise the backup's wins if it is delivered or
   * newer. ("WHERE true" tells the parser that ON CONFLICT is not a join's ON.) */
  "INSERT INTO main.deliveries (" DELIVERY_COLUMNS ") "
  "  SELECT " DELIVERY_COLUMNS " FROM restored.deliveries WHERE true "
  "  " DELIVERY_UPSERT " "
  "  WHERE deliveries.state <> 'delivered' "
  "  AND (excluded.state = 'delivered' OR excluded.updated > deliveries.updated);"
  "INSERT INTO main.settings (key, value) SELECT key, value FROM restored.settings WHERE true "
  "  ON CONFLICT (key) DO NOTHING;";

/* Every uid of the store or the backup, ordered, and whether the restore removes it. */
#define RESTORE_UIDS_SQL \
  "SELECT uid, uid NOT IN (SELECT uid FROM restored.sales) FROM main.sales " \
  "UNION SELECT uid, 0 FROM restored.sales ORDER BY 1"

static void
set_restore_error (const char  *source_path,
                   const char  *reason,
                   GError     **error)
{
  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: first %s is a file name, second the reason (from SQLite, in
                * English) */
               _("The backup %s could not be restored: %s."), source_path, reason);
}

static void
set_damaged_backup_error (const char  *source_path,
                          const char  *finding,
                          GError     **error)
{
  g_autofree char *shown = rs_text_for_message (finding);

  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: first %s is a file name, second SQLite's finding (English) */
               _("The backup %s is damaged (%s); nothing was restored."), source_path, shown);
}

/* The file behind @source_path (symbolic links are fine to read through): a regular file. */
static char *
resolve_restore_source (const char  *source_path,
                        GError     **error)
{
  g_autofree char *real_path = realpath (source_path, NULL);
  struct stat info;

  if (real_path == NULL || g_stat (real_path, &info) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is a file name, second the system's reason */
                   _("The backup %s could not be read: %s."), source_path,
                   g_strerror (saved_errno));
      return NULL;
    }

  if (!S_ISREG (info.st_mode))
    {
      rs_store_set_not_a_store_error (source_path, RS_ERROR_FAILED, error);
      return NULL;
    }

  return g_steal_pointer (&real_path);
}

/* One of our stores, of this version or an older one; an empty file is not a backup. */
static gboolean
identify_backup (RsStore  *backup,
                 gint64   *out_user_version,
                 GError  **error)
{
  if (!rs_store_check_identity (backup, TRUE, out_user_version, error))
    {
      /* The same findings as for the store, but a bad backup leaves the store usable: the
       * caller may simply pick another one. */
      if (g_error_matches (*error, RS_ERROR, RS_ERROR_STORE_UNUSABLE))
        (*error)->code = RS_ERROR_FAILED;
      return FALSE;
    }

  if (*out_user_version == 0)
    {
      rs_store_set_not_a_store_error (backup->path, RS_ERROR_FAILED, error);
      return FALSE;
    }

  return TRUE;
}

/* Copies the backup at @real_path into @copy_path (an empty private file), once it is known to
 * be one of ours. */
static gboolean
restore_copy_backup (const char    *source_path,
                     const char    *real_path,
                     const char    *copy_path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(RsStore) source = g_object_new (RS_TYPE_STORE, NULL);
  gint64 user_version = 0;

  source->path = g_strdup (source_path);
  if (!rs_store_open_connection_to (source, real_path, TRUE, error) ||
      !identify_backup (source, &user_version, error))
    return FALSE;

  return rs_store_copy_database (source->db, copy_path, source_path, set_restore_error,
                                 cancellable, error);
}

/* No row refers to a sale that is not there: such rows would fail the restore halfway. */
static gboolean
check_foreign_keys (RsStore  *copy,
                    GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  if (sqlite3_prepare_v2 (copy->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      g_autofree char *finding = g_strdup_printf ("%s → %s", column_text (stmt, 0),
                                                  column_text (stmt, 2));

      set_damaged_backup_error (copy->path, finding, error);
    }
  else if (rc != SQLITE_DONE)
    {
      rs_store_set_sqlite_error (copy, error);
    }

  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* Opens the private copy and checks everything the store would check, and more; the messages
 * name the backup the user gave. */
static gboolean
restore_check_copy (const char    *source_path,
                    const char    *copy_path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(RsStore) copy = g_object_new (RS_TYPE_STORE, NULL);
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GPtrArray) deliveries = NULL;
  g_autofree char *verdict = NULL;
  gint64 user_version = 0;

  copy->path = g_strdup (source_path);
  if (!rs_store_open_connection_to (copy, copy_path, FALSE, error) ||
      !identify_backup (copy, &user_version, error))
    return FALSE;

  verdict = rs_store_integrity_verdict (copy);
  if (verdict == NULL)
    {
      rs_store_set_not_a_store_error (source_path, RS_ERROR_FAILED, error);
      return FALSE;
    }
  if (!g_str_equal (verdict, "ok"))
    {
      set_damaged_backup_error (source_path, verdict, error);
      return FALSE;
    }

  if (!check_foreign_keys (copy, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !rs_store_migrate (copy, user_version, error))
    return FALSE;

  /* Data on disk is outside input: every sale and ledger record must read back valid. */
  if (!rs_store_begin_read (copy, error))
    return FALSE;
  sales = rs_store_load_sales (copy, error);
  rs_store_end_read (copy);
  if (sales == NULL)
    return FALSE;

  deliveries = rs_store_list_deliveries (copy, NULL, -1, G_MININT64, G_MAXINT64, 0, error);
  return deliveries != NULL;
}

/* Every uid of the store and of the attached backup, and whether the restore removes it. */
static gboolean
restore_collect_uids (RsStore    *self,
                      GPtrArray  *uids,
                      GArray     *removed,
                      GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  if (sqlite3_prepare_v2 (self->db, RESTORE_UIDS_SQL, -1, &stmt, NULL) == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gboolean gone = sqlite3_column_int (stmt, 1) != 0;

          g_ptr_array_add (uids, g_strdup (column_text (stmt, 0)));
          g_array_append_val (removed, gone);
        }
    }

  if (rc != SQLITE_DONE)
    rs_store_set_sqlite_error (self, error);

  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* The transaction that replaces the sales with those of the attached schema "restored". */
static gboolean
restore_replace_sales (RsStore  *self,
                       GError  **error)
{
  g_autoptr(GPtrArray) uids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (gboolean));
  gint64 backup_revision = 0;

  if (!rs_store_begin_write (self, error))
    return FALSE;

  if (!rs_store_query_int (self, "SELECT value FROM restored.meta WHERE key = 'revision'",
                           &backup_revision))
    {
      rs_store_set_sqlite_error (self, error);
      rs_store_rollback (self);
      return FALSE;
    }

  if (!restore_collect_uids (self, uids, removed, error))
    {
      rs_store_rollback (self);
      return FALSE;
    }

  if (sqlite3_exec (self->db, restore_sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      rs_store_set_sqlite_error (self, error);
      rs_store_rollback (self);
      return FALSE;
    }

  /* Above both stores' revisions: whatever a reader saw of either, all of it changed since. */
  self->write_revision = MAX (self->write_start_revision, (guint64) MAX (backup_revision, 0));
  for (guint i = 0; i < uids->len; i++)
    {
      if (!rs_store_log_change (self, g_ptr_array_index (uids, i),
                                g_array_index (removed, gboolean, i), error))
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

  return TRUE;
}

static gboolean
restore_from_copy (RsStore     *self,
                   const char  *source_path,
                   const char  *copy_path,
                   GError     **error)
{
  g_autoptr(GError) sqlite_error = NULL;
  sqlite3_stmt *attach = NULL;
  int rc = SQLITE_ERROR;
  gboolean replaced;

  /* A parameter, not SQL text: the path is never parsed. */
  if (sqlite3_prepare_v2 (self->db, "ATTACH DATABASE ?1 AS restored", -1, &attach,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (attach, 1, copy_path, -1, SQLITE_STATIC);
      rc = sqlite3_step (attach);
    }
  if (rc != SQLITE_DONE)
    set_restore_error (source_path, sqlite3_errmsg (self->db), error);
  sqlite3_finalize (attach);
  if (rc != SQLITE_DONE)
    return FALSE;

  replaced = restore_replace_sales (self, error);

  /* Only the copy's file stays open otherwise; the cached statements are all reset. */
  if (sqlite3_exec (self->db, "DETACH DATABASE restored", NULL, NULL, NULL) != SQLITE_OK)
    {
      rs_store_set_sqlite_error (self, &sqlite_error);
      g_warning ("%s", sqlite_error->message);
    }

  return replaced;
}

gboolean
rs_store_restore_sync (RsStore       *self,
                       const char    *source_path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *real_path = NULL;
  g_autofree char *copy_path = NULL;
  gboolean restored;
  int fd;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (source_path != NULL && *source_path != '\0', FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !rs_store_check_writable (self, error))
    return FALSE;

  real_path = resolve_restore_source (source_path, error);
  if (real_path == NULL)
    return FALSE;

  /* Beside the store: in its private folder, on a disk known to have room for a store. */
  copy_path = g_strconcat (self->path, ".restore-XXXXXX", NULL);
  fd = g_mkstemp_full (copy_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_restore_error (source_path, g_strerror (errno), error);
      return FALSE;
    }
  close (fd);

  restored = restore_copy_backup (source_path, real_path, copy_path, cancellable, error) &&
             restore_check_copy (source_path, copy_path, cancellable, error) &&
             !g_cancellable_set_error_if_cancelled (cancellable, error) &&
             restore_from_copy (self, source_path, copy_path, error);

  rs_store_remove_copy (copy_path);
  return restored;
}
