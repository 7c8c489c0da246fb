/* rs-store-backup.c: an online, consistent copy of the store into a file of its own
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <recurring-sales/rs-error.h>

#include "rs-store-private.h"

#define BACKUP_PAGES_PER_STEP  256

static void
set_backup_error (const char  *destination_path,
                  const char  *reason,
                  GError     **error)
{
  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: first %s is a file name, second the reason */
               _("The backup %s could not be written: %s."), destination_path, reason);
}

static gboolean
check_backup_destination (RsStore     *self,
                          const char  *destination_path,
                          GError     **error)
{
  struct stat destination, store;

  if (g_lstat (destination_path, &destination) != 0)
    return TRUE;

  if (S_ISLNK (destination.st_mode))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is a file name */
                   _("The backup destination %s is a symbolic link; nothing was written."),
                   destination_path);
      return FALSE;
    }

  if (!S_ISREG (destination.st_mode))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is a file name */
                   _("The backup destination %s is not a regular file; nothing was written."),
                   destination_path);
      return FALSE;
    }

  if (g_stat (self->path, &store) == 0 &&
      store.st_dev == destination.st_dev && store.st_ino == destination.st_ino)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is a file name */
                   _("The backup destination %s is the store itself; nothing was written."),
                   destination_path);
      return FALSE;
    }

  return TRUE;
}

/* Copies every page of @from into @to with SQLite's backup API, a few at a time: each step
 * holds @from's read lock only briefly, so the service keeps working, and SQLite restarts the
 * copy if another connection writes meanwhile. FALSE when it failed (the reason is @to's
 * error) or was cancelled. */
static gboolean
copy_pages (sqlite3      *to,
            sqlite3      *from,
            GCancellable *cancellable)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    return FALSE;

  do
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      rc = sqlite3_backup_step (backup, BACKUP_PAGES_PER_STEP);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  /* Sets @to's error code to that of the last step. */
  return sqlite3_backup_finish (backup) == SQLITE_OK && !g_cancellable_is_cancelled (cancellable);
}

/* Copies the database @from into the empty file @copy_path, as one file: the copy takes the
 * journal mode of @from with its pages, and a rollback journal leaves no WAL beside it (a backup
 * is self-contained; a restore's private copy leaves nothing behind once removed). Errors name
 * @named_path, the file the user knows, through @set_copy_error. */
gboolean
rs_store_copy_database (sqlite3             *from,
                        const char          *copy_path,
                        const char          *named_path,
                        StoreCopyErrorFunc   set_copy_error,
                        GCancellable        *cancellable,
                        GError             **error)
{
  sqlite3 *copy_db = NULL;
  gboolean copied;

  if (sqlite3_open_v2 (copy_path, &copy_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      set_copy_error (named_path,
                      copy_db != NULL ? sqlite3_errmsg (copy_db) : g_strerror (ENOMEM), error);
      sqlite3_close (copy_db);
      return FALSE;
    }

  copied = copy_pages (copy_db, from, cancellable) &&
           sqlite3_exec (copy_db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK;
  if (!copied && !g_cancellable_set_error_if_cancelled (cancellable, error))
    set_copy_error (named_path, sqlite3_errmsg (copy_db), error);

  if (sqlite3_close (copy_db) != SQLITE_OK && copied)
    {
      set_copy_error (named_path, sqlite3_errmsg (copy_db), error);
      return FALSE;
    }

  return copied;
}

void
rs_store_remove_copy (const char *copy_path)
{
  g_autofree char *journal = g_strconcat (copy_path, "-journal", NULL);
  g_autofree char *wal = g_strconcat (copy_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (copy_path, "-shm", NULL);

  g_unlink (copy_path);
  g_unlink (journal);
  g_unlink (wal);
  g_unlink (shm);
}

gboolean
rs_store_backup_sync (RsStore       *self,
                      const char    *destination_path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *copy_path = NULL;
  int fd;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination_path != NULL && *destination_path != '\0', FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !check_backup_destination (self, destination_path, error))
    return FALSE;

  /* Written beside the destination and renamed over it: the destination is either the old
   * file or the complete new one, never half a copy. */
  copy_path = g_strconcat (destination_path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (copy_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_backup_error (destination_path, g_strerror (errno), error);
      return FALSE;
    }
  close (fd);

  if (!rs_store_copy_database (self->db, copy_path, destination_path, set_backup_error,
                               cancellable, error))
    {
      rs_store_remove_copy (copy_path);
      return FALSE;
    }

  if (g_rename (copy_path, destination_path) != 0)
    {
      set_backup_error (destination_path, g_strerror (errno), error);
      rs_store_remove_copy (copy_path);
      return FALSE;
    }

  return TRUE;
}
