/* rs-service-rescue.c: ListBackups, and Restore while the store is unusable
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A store that is damaged, foreign or of a newer version (RS_ERROR_STORE_UNUSABLE) leaves the
 * service running without sales: every other call says why, and no reminder goes out (there is
 * no ledger to record it in). What gets the user out is here: the list of backups, and a
 * restore that first renames the unusable file aside, never deleting it, so that nothing is
 * lost even if the user picked the wrong backup or the file could still be repaired.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include <recurring-sales/rs-error.h>
#include "rs-service-private.h"

/* Reading a file to count its sales checks its integrity first: bounded, so that a large file
 * someone put into the folder does not hold up the service. */
#define MAX_COUNTED_BYTES   (64 * 1024 * 1024)
#define MAX_KEPT_ATTEMPTS   100

static const char * const store_suffixes[] = { "", "-wal", "-shm" };

typedef struct {
  char    *path;
  char    *name;
  gint64   modified;
  guint64  size;
  gboolean counted;
  guint    n_sales;
} Backup;

static void
backup_free (Backup *backup)
{
  g_free (backup->path);
  g_free (backup->name);
  g_free (backup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Backup, backup_free)

/* The files SQLite keeps beside a database, and the service's own files in the making, are not
 * backups. */
static gboolean
is_backup_name (const char *name)
{
  return name[0] != '.' &&
         !g_str_has_suffix (name, "-wal") && !g_str_has_suffix (name, "-shm") &&
         !g_str_has_suffix (name, "-journal") && !g_str_has_suffix (name, ".new");
}

static void
backup_count_sales (Backup *backup)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsStore) store = NULL;

  if (backup->size > MAX_COUNTED_BYTES)
    return;

  store = rs_store_open_readonly_sync (backup->path, NULL, &error);
  if (store != NULL)
    backup->n_sales = rs_store_count_sales (store, &error);
  backup->counted = error == NULL;
  if (error != NULL)
    g_debug ("The backup %s was not counted: %s", backup->path, error->message);
}

static Backup *
backup_new (const char *directory,
            const char *name)
{
  g_autoptr(Backup) backup = g_new0 (Backup, 1);
  GStatBuf info;

  backup->path = g_build_filename (directory, name, NULL);
  if (g_lstat (backup->path, &info) != 0 || !S_ISREG (info.st_mode))
    return NULL;

  backup->name = g_strdup (name);
  backup->modified = info.st_mtime;
  backup->size = info.st_size;
  backup_count_sales (backup);
  return g_steal_pointer (&backup);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const Backup *backup_a = *(const Backup * const *) a;
  const Backup *backup_b = *(const Backup * const *) b;

  if (backup_a->modified != backup_b->modified)
    return backup_a->modified > backup_b->modified ? -1 : 1;
  return strcmp (backup_b->name, backup_a->name);
}

/* The backups in @directory, newest first; none when there is no such folder yet. */
static GPtrArray *
list_backups (const char  *directory,
              GError     **error)
{
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func ((GDestroyNotify) backup_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (directory, 0, &local_error);
  const char *name;

  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&backups);

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is a folder name, second the system's reason */
                   _("The backups folder %s could not be read: %s."), directory,
                   local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      Backup *backup;

      if (is_backup_name (name) && (backup = backup_new (directory, name)) != NULL)
        g_ptr_array_add (backups, backup);
    }

  g_ptr_array_sort (backups, compare_newest_first);
  return g_steal_pointer (&backups);
}

static GVariant *
backup_to_variant (gconstpointer item)
{
  const Backup *backup = item;
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "path", "s", backup->path);
  g_variant_dict_insert (&dict, "name", "s", backup->name);
  g_variant_dict_insert (&dict, "modified", "x", backup->modified);
  g_variant_dict_insert (&dict, "size", "t", backup->size);
  if (backup->counted)
    g_variant_dict_insert (&dict, "sales", "u", backup->n_sales);
  return g_variant_dict_end (&dict);
}

/* Only the caller's identity is checked: the list helps whatever state the store is in. */
static gboolean
handle_list_backups (RsService             *self,
                     GDBusMethodInvocation *invocation)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GVariant) reply = NULL;

  if (!rs_service_access_check (self->access, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  directory = rs_backup_rotation_dup_directory_for_path (self->store_path);
  if ((backups = list_backups (directory, &error)) == NULL ||
      (reply = rs_service_list_reply (invocation, backups, backup_to_variant, &error)) == NULL)
    return rs_service_return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_list_backups (self->skeleton, invocation, reply);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* A free name beside the store that says what the file is and since when:
 * sales-unusable-2027-01-31-093000.db (-2, -3… when several were set aside that second). */
static char *
dup_kept_path (const char *store_path)
{
  g_autofree char *directory = g_path_get_dirname (store_path);
  g_autofree char *base = g_path_get_basename (store_path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  GStatBuf info;

  if (g_str_has_suffix (base, ".db"))
    base[strlen (base) - strlen (".db")] = '\0';

  for (guint attempt = 1; attempt <= MAX_KEPT_ATTEMPTS; attempt++)
    {
      g_autofree char *name = attempt == 1
        ? g_strdup_printf ("%s-unusable-%s.db", base, stamp)
        : g_strdup_printf ("%s-unusable-%s-%u.db", base, stamp, attempt);
      g_autofree char *path = g_build_filename (directory, name, NULL);

      if (g_lstat (path, &info) != 0 && errno == ENOENT)
        return g_steal_pointer (&path);
    }

  return NULL;
}

/* Renames the files of @from (the database, its -wal and -shm) to those of @to; on a failure,
 * those already renamed go back. */
static gboolean
rename_store_files (const char  *from,
                    const char  *to,
                    GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (store_suffixes); i++)
    {
      g_autofree char *from_file = g_strconcat (from, store_suffixes[i], NULL);
      g_autofree char *to_file = g_strconcat (to, store_suffixes[i], NULL);
      int saved_errno;

      if (g_rename (from_file, to_file) == 0 || (i > 0 && errno == ENOENT))
        continue;

      saved_errno = errno;
      while (i-- > 0)
        {
          g_autofree char *back_from = g_strconcat (to, store_suffixes[i], NULL);
          g_autofree char *back_to = g_strconcat (from, store_suffixes[i], NULL);

          if (g_rename (back_from, back_to) != 0 && errno != ENOENT)
            g_warning ("%s could not be renamed back to %s: %s", back_from, back_to,
                       g_strerror (errno));
        }
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is a file name, second the system's reason */
                   _("Nothing was restored, because the unusable store %s could not be set "
                     "aside: %s."), from, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static void
remove_store_files (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (store_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, store_suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        g_warning ("%s could not be removed: %s", file, g_strerror (errno));
    }
}

/* The backup, restored into a store of its own beside the unusable one and closed: only a
 * whole store ever appears under the store's name, so that the calendar (which reads the file
 * by its name) never opens one half made. */
static gboolean
restore_beside (const char  *restoring_path,
                const char  *backup_path,
                GError     **error)
{
  g_autoptr(RsStore) store = NULL;

  remove_store_files (restoring_path);
  store = rs_store_open_sync (restoring_path, NULL, error);
  if (store == NULL || !rs_store_restore_sync (store, backup_path, NULL, error))
    {
      g_clear_object (&store);
      remove_store_files (restoring_path);
      return FALSE;
    }
  return TRUE;
}

/* Every sale is new to the clients: they knew none while the store was unusable. */
static void
announce_all (RsService *self)
{
  g_autoptr(GPtrArray) uids = rs_service_sorted_uids (self);

  if (uids->len == 0)
    return;

  g_ptr_array_add (uids, NULL);
  rs_dbus_recurring_sales1_emit_sales_changed (self->skeleton,
                                               (const char * const *) uids->pdata,
                                               self->revision);
}

gboolean
rs_service_rescue_restore (RsService             *self,
                           GDBusMethodInvocation *invocation,
                           const char            *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept_path = dup_kept_path (self->store_path);
  g_autofree char *restoring_path = NULL;

  g_return_val_if_fail (self->store == NULL, FALSE);

  if (kept_path == NULL)
    {
      g_set_error (&error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is a file name */
                   _("Nothing was restored, because no free name was found to set the unusable "
                     "store %s aside."), self->store_path);
      return rs_service_return_error (invocation, error);
    }

  restoring_path = g_strconcat (self->store_path, ".restoring", NULL);
  if (!restore_beside (restoring_path, path, &error))
    return rs_service_return_error (invocation, error);

  if (!rename_store_files (self->store_path, kept_path, &error))
    {
      remove_store_files (restoring_path);
      return rs_service_return_error (invocation, error);
    }
  if (!rename_store_files (restoring_path, self->store_path, &error))
    {
      g_autoptr(GError) back_error = NULL;

      if (!rename_store_files (kept_path, self->store_path, &back_error))
        g_warning ("The unusable store stays in %s: %s", kept_path, back_error->message);
      remove_store_files (restoring_path);
      return rs_service_return_error (invocation, error);
    }

  if (!rs_service_open_store (self))
    return rs_service_return_error (invocation, self->store_error);

  g_message ("The unusable store was kept as %s; the sales of %s were restored.", kept_path,
             path);
  announce_all (self);
  rs_dbus_recurring_sales1_complete_restore (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

const RsServiceHandler rs_service_rescue_handlers[] = {
  { "handle-list-backups", G_CALLBACK (handle_list_backups) },
  { NULL, NULL }
};
