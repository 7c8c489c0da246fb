/* rs-store-open.c: opening a store: its folder and file, their modes, the file's identity and
 * integrity, the schema's migrations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store never writes to a file it does not recognise: opening reads the header pragmas
 * first and refuses anything that is not an empty file or one of our stores, before a single
 * pragma that writes (journal mode) runs.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

#include "rs-store-private.h"

/* "RSS1" in the file header: tells our stores from other SQLite files. */
#define STORE_APPLICATION_ID   0x52535331
#define STORE_DIRECTORY_NAME   "evolution-recurring-sales"
#define STORE_FILE_NAME        "sales.db"
#define BUSY_TIMEOUT_MS        5000

/* Why a query on a file being opened failed. Only a file SQLite cannot read as a database is
 * "not ours": a full disk (no room for the shared-memory file), a lock or a failing device is
 * said as such, and the file is not blamed. */
static void
set_open_error (RsStore  *self,
                GError  **error)
{
  switch (sqlite3_errcode (self->db) & 0xff)
    {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
      rs_store_set_sqlite_error (self, error);
      break;
    default:
      rs_store_set_not_a_store_error (self->path, RS_ERROR_STORE_UNUSABLE, error);
      break;
    }
}

char *
rs_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), STORE_DIRECTORY_NAME, STORE_FILE_NAME, NULL);
}

void
rs_store_restrict_folder (const char     *directory,
                          const GStatBuf *info)
{
  if ((info->st_mode & 0077) == 0 || info->st_uid != getuid ())
    return;

  if (g_chmod (directory, 0700) == 0)
    g_warning ("The folder %s was readable by others; its mode is now 0700.", directory);
  else
    g_warning ("The folder %s is readable by others and could not be restricted: %s",
               directory, g_strerror (errno));
}

/* Creates the store's folder 0700. A looser folder is tightened only when it is our own
 * (named evolution-recurring-sales): a store put in, say, $HOME must not change $HOME. */
static gboolean
prepare_directory (const char  *path,
                   GError     **error)
{
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (directory);
  GStatBuf info;

  if (g_mkdir_with_parents (directory, 0700) != 0 || g_stat (directory, &info) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is a folder name, second the system's reason */
                   _("The folder %s for the store could not be created: %s."),
                   directory, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_str_equal (name, STORE_DIRECTORY_NAME))
    rs_store_restrict_folder (directory, &info);

  return TRUE;
}

static void
set_symlink_error (const char  *path,
                   GError     **error)
{
  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: %s is a file name */
               _("The store %s is a symbolic link; it was not opened, "
                 "so that nothing is written elsewhere."),
               path);
}

/* Refuses symbolic links and anything but a regular file; for writing, creates a missing file
 * 0600 before SQLite does (SQLite would follow the umask). */
static gboolean
prepare_file (const char  *path,
              gboolean     readonly,
              GError     **error)
{
  struct stat info;
  int fd;

  if (g_lstat (path, &info) == 0)
    {
      if (S_ISLNK (info.st_mode))
        {
          set_symlink_error (path, error);
          return FALSE;
        }
      if (!S_ISREG (info.st_mode))
        {
          rs_store_set_not_a_store_error (path, RS_ERROR_FAILED, error);
          return FALSE;
        }
      return TRUE;
    }

  if (errno != ENOENT || readonly)
    {
      int saved_errno = errno;

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is a file name, second the system's reason */
                   _("The store %s could not be opened: %s."), path, g_strerror (saved_errno));
      return FALSE;
    }

  /* O_NOFOLLOW closes the window between lstat () and open (). */
  fd = open (path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ELOOP)
        set_symlink_error (path, error);
      else
        g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                     _("The store %s could not be opened: %s."), path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* Makes the store and its WAL files 0600. Runs only once the file is known to be ours: a
 * foreign file is left untouched, its mode included. */
static void
tighten_file_modes (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      struct stat info;
      int fd = open (file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

      if (fd < 0)
        continue;

      if (fstat (fd, &info) == 0 && S_ISREG (info.st_mode) && (info.st_mode & 0077) != 0)
        {
          if (fchmod (fd, 0600) == 0)
            g_warning ("The store %s was readable by others; its mode is now 0600.", file);
          else
            g_warning ("The store %s is readable by others and could not be restricted: %s",
                       file, g_strerror (errno));
        }

      close (fd);
    }
}

/* Opens @file as self->db; messages name self->path, which differs from @file only for the
 * private copy of a backup being restored (the user knows the backup, not the copy). */
gboolean
rs_store_open_connection_to (RsStore     *self,
                             const char  *file,
                             gboolean     readonly,
                             GError     **error)
{
  int flags = SQLITE_OPEN_NOMUTEX;

  flags |= readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
#ifdef SQLITE_OPEN_NOFOLLOW
  flags |= SQLITE_OPEN_NOFOLLOW;
#endif

  if (sqlite3_open_v2 (file, &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   _("The store %s could not be opened: %s."), self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  /* Waiting for another connection's lock writes nothing, so it may come before the checks. */
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return TRUE;
}

static gboolean
open_connection (RsStore   *self,
                 gboolean   readonly,
                 GError   **error)
{
  return rs_store_open_connection_to (self, self->path, readonly, error);
}

/* Runs a query that gives one integer; FALSE on any error (no message: the caller knows
 * what failing means here). */
gboolean
rs_store_query_int (RsStore    *self,
                    const char *sql,
                    gint64     *out_value)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }

  ok = sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return ok;
}

/* Reads (never writes) the header pragmas, and decides whether the file may be used: an empty
 * file or one of our stores of a version this code knows. */
gboolean
rs_store_check_identity (RsStore   *self,
                         gboolean   allow_empty,
                         gint64    *out_user_version,
                         GError   **error)
{
  gint64 application_id, user_version, n_objects;

  if (!rs_store_query_int (self, "PRAGMA application_id", &application_id) ||
      !rs_store_query_int (self, "PRAGMA user_version", &user_version) ||
      !rs_store_query_int (self, "SELECT count(*) FROM sqlite_master", &n_objects))
    {
      set_open_error (self, error);
      return FALSE;
    }

  if (application_id == 0 && user_version == 0 && n_objects == 0)
    {
      if (!allow_empty)
        {
          g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                       /* Translators: %s is a file name */
                       _("The store %s is empty; "
                         "the recurring-sales service sets it up on first use."),
                       self->path);
          return FALSE;
        }
      *out_user_version = 0;
      return TRUE;
    }

  if (application_id != STORE_APPLICATION_ID || user_version < 1)
    {
      rs_store_set_not_a_store_error (self->path, RS_ERROR_STORE_UNUSABLE, error);
      return FALSE;
    }

  if (user_version > RS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_STORE_UNUSABLE,
                   /* Translators: %s is a file name */
                   _("The store %s was written by a newer version of recurring-sales; "
                     "it was left untouched."),
                   self->path);
      return FALSE;
    }

  if (self->readonly && user_version < RS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is a file name */
                   _("The store %s is in an older format; "
                     "the recurring-sales service updates it when it next starts."),
                   self->path);
      return FALSE;
    }

  *out_user_version = user_version;
  return TRUE;
}

/* SQLite's first finding ("ok" when there is none), or NULL when it could not even look. */
char *
rs_store_integrity_verdict (RsStore *self)
{
  sqlite3_stmt *stmt = NULL;
  char *verdict = NULL;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    verdict = g_strdup (column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return verdict;
}

static gboolean
check_integrity (RsStore  *self,
                 GError  **error)
{
  g_autofree char *verdict = rs_store_integrity_verdict (self);

  if (verdict == NULL)
    {
      set_open_error (self, error);
      return FALSE;
    }

  if (!g_str_equal (verdict, "ok"))
    {
      g_autofree char *shown = rs_text_for_message (verdict);

      g_set_error (error, RS_ERROR, RS_ERROR_STORE_UNUSABLE,
                   /* Translators: first %s is a file name, second SQLite's finding (English) */
                   _("The store %s is damaged (%s); it was left untouched. "
                     "Restore it from a backup."),
                   self->path, shown);
      return FALSE;
    }

  return TRUE;
}

static gboolean
configure_connection (RsStore  *self,
                      GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *mode = NULL;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    mode = g_strdup (column_text (stmt, 0));
  sqlite3_finalize (stmt);

  /* Some file systems cannot share memory for WAL; the store still works, only less
   * concurrently. */
  if (g_strcmp0 (mode, "wal") != 0)
    g_warning ("The store %s could not use write-ahead logging (journal mode %s).",
               self->path, mode != NULL ? mode : "unknown");

  if (sqlite3_exec (self->db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      rs_store_set_sqlite_error (self, error);
      return FALSE;
    }

  return TRUE;
}

/* FALSE on any error; the caller reports SQLite's message. */
static gboolean
run_migrations (RsStore *self)
{
  g_autofree char *set_versions = NULL;
  gint64 user_version;

  /* Read again under the write lock: another process may have migrated in the meantime. */
  if (!rs_store_query_int (self, "PRAGMA user_version", &user_version))
    return FALSE;

  for (gint64 version = user_version; version < RS_STORE_SCHEMA_VERSION; version++)
    {
      if (sqlite3_exec (self->db, rs_store_migrations[version], NULL, NULL, NULL) != SQLITE_OK)
        return FALSE;
    }

  set_versions = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                  STORE_APPLICATION_ID, RS_STORE_SCHEMA_VERSION);
  return sqlite3_exec (self->db, set_versions, NULL, NULL, NULL) == SQLITE_OK;
}

gboolean
rs_store_migrate (RsStore  *self,
                  gint64    user_version,
                  GError  **error)
{
  if (user_version == RS_STORE_SCHEMA_VERSION)
    return TRUE;

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      rs_store_set_sqlite_error (self, error);
      return FALSE;
    }

  if (!run_migrations (self) ||
      sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is a file name, second a message from SQLite
                    * (English) */
                   _("The store %s could not be brought to the current format: %s."),
                   self->path, sqlite3_errmsg (self->db));
      rs_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

static RsStore *
store_open (const char    *path,
            gboolean       readonly,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(RsStore) self = NULL;
  gint64 user_version = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if ((!readonly && !prepare_directory (path, error)) || !prepare_file (path, readonly, error))
    return NULL;

  self = g_object_new (RS_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->readonly = readonly;

  /* The order matters: nothing that writes runs before the file is known to be ours. Even the
   * identification goes over a read-only connection, because closing a read-write connection
   * to a foreign database in WAL mode checkpoints it, i.e. rewrites it. */
  if (!open_connection (self, TRUE, error) ||
      !rs_store_check_identity (self, !readonly, &user_version, error))
    return NULL;

  if (!readonly)
    {
      sqlite3_close (self->db);
      self->db = NULL;
      if (!open_connection (self, FALSE, error) ||
          !rs_store_check_identity (self, TRUE, &user_version, error))
        return NULL;
    }

  if (!check_integrity (self, error))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (readonly)
    return g_steal_pointer (&self);

  tighten_file_modes (path);
  if (!configure_connection (self, error) || !rs_store_migrate (self, user_version, error))
    return NULL;

  return g_steal_pointer (&self);
}

RsStore *
rs_store_open_sync (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return store_open (path, FALSE, cancellable, error);
}

RsStore *
rs_store_open_readonly_sync (const char    *path,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return store_open (path, TRUE, cancellable, error);
}
