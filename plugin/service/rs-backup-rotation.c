/* rs-backup-rotation.c: the service's daily backups of the store, rotated
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The check is cheap (one folder listing), so it runs every hour rather than every 24 hours:
 * a laptop that slept through midnight, or a clock that was corrected, still gets its backup
 * for the new day within the hour, and there is never more than one per day. The date is the
 * service clock's, so that tests which set the clock see the days they set.
 *
 * Backups are written by rs_store_backup_sync (), which copies into a temporary file beside the
 * destination and renames it: a crash never leaves half a backup under a backup's name. The
 * store is used from the main thread only, so the copy runs there too; a store of thousands of
 * sales copies in well under a second.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rs-backup-rotation.h"
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-error.h>

#define BACKUP_DIRECTORY_NAME "backups"
#define BACKUP_PREFIX         "sales-"
#define BACKUP_SUFFIX         ".db"
/* "sales-YYYY-MM-DD.db" */
#define BACKUP_NAME_LENGTH    (sizeof BACKUP_PREFIX - 1 + 10 + sizeof BACKUP_SUFFIX - 1)
#define CHECK_INTERVAL_S      (60 * 60)
#define MAX_COUNT             365

struct _RsBackupRotation
{
  GObject         parent_instance;

  RsStore        *store;
  RsServiceClock *clock;
  char           *directory;
  guint           first_id;
  guint           timer_id;
};

G_DEFINE_FINAL_TYPE (RsBackupRotation, rs_backup_rotation, G_TYPE_OBJECT)

/* backup-count, looked up first: GSettings aborts on a key that an older installed schema
 * lacks, and an automatic backup is not worth that. */
static guint
read_backup_count (void)
{
  g_autoptr(GSettingsSchema) schema = rs_defaults_lookup_schema ();
  g_autoptr(GSettings) settings = NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, "backup-count"))
    return RS_BACKUP_ROTATION_DEFAULT_COUNT;

  settings = g_settings_new_full (schema, NULL, NULL);
  return MIN (g_settings_get_uint (settings, "backup-count"), MAX_COUNT);
}

/* Whether @name is sales-YYYY-MM-DD.db with a real date: the only names ever deleted. */
static gboolean
is_backup_name (const char *name)
{
  const char *date = name + strlen (BACKUP_PREFIX);
  guint64 year, month, day;
  char digits[5];

  if (strlen (name) != BACKUP_NAME_LENGTH || !g_str_has_prefix (name, BACKUP_PREFIX) ||
      !g_str_has_suffix (name, BACKUP_SUFFIX) || date[4] != '-' || date[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;

  memcpy (digits, date, 4);
  digits[4] = '\0';
  year = g_ascii_strtoull (digits, NULL, 10);
  month = (guint64) (date[5] - '0') * 10 + (guint64) (date[6] - '0');
  day = (guint64) (date[8] - '0') * 10 + (guint64) (date[9] - '0');

  return year >= 1 && month >= 1 && month <= 12 && day >= 1 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static int
compare_names_newest_first (gconstpointer a,
                            gconstpointer b)
{
  /* ISO dates sort as text. */
  return -strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The backups in the folder (regular files named like ours), newest first. */
static GPtrArray *
list_backups (const char  *directory,
              GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (directory, 0, error);
  const char *name;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat info;

      if (!is_backup_name (name))
        continue;

      /* A link or a folder under a backup's name is not ours to remove. */
      path = g_build_filename (directory, name, NULL);
      if (g_lstat (path, &info) == 0 && S_ISREG (info.st_mode))
        g_ptr_array_add (names, g_strdup (name));
    }

  g_ptr_array_sort (names, compare_names_newest_first);
  return g_steal_pointer (&names);
}

static char *
today_name (RsBackupRotation *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (rs_service_clock_now (self->clock));

  return g_date_time_format (now, BACKUP_PREFIX "%Y-%m-%d" BACKUP_SUFFIX);
}

/* Removes the backups after the first @count of @names (newest first). */
static void
remove_oldest (RsBackupRotation *self,
               GPtrArray        *names,
               guint             count)
{
  for (guint i = count; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (self->directory,
                                                g_ptr_array_index (names, i), NULL);

      if (g_unlink (path) == 0)
        g_debug ("Removed the old backup %s.", path);
      else
        g_warning ("The old backup %s could not be removed: %s", path, g_strerror (errno));
    }
}

gboolean
rs_backup_rotation_run (RsBackupRotation  *self,
                        GError           **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *today = NULL;
  guint count;
  gboolean have_today = FALSE;

  g_return_val_if_fail (RS_IS_BACKUP_ROTATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Read each time: a changed setting applies from the next check. */
  count = read_backup_count ();
  if (count == 0)
    return TRUE;

  if (!rs_backup_rotation_prepare_directory (self->directory, error))
    return FALSE;

  names = list_backups (self->directory, error);
  if (names == NULL)
    return FALSE;

  today = today_name (self);
  for (guint i = 0; i < names->len && !have_today; i++)
    have_today = g_str_equal (g_ptr_array_index (names, i), today);

  if (!have_today)
    {
      g_autofree char *path = g_build_filename (self->directory, today, NULL);

      /* Nothing is removed unless today's backup is there: a failing disk must not cost the
       * older ones. */
      if (!rs_store_backup_sync (self->store, path, NULL, error))
        return FALSE;
      g_debug ("Wrote the daily backup %s.", path);

      g_ptr_array_add (names, g_steal_pointer (&today));
      g_ptr_array_sort (names, compare_names_newest_first);
    }

  remove_oldest (self, names, count);
  return TRUE;
}

static void
rotation_check (RsBackupRotation *self)
{
  g_autoptr(GError) error = NULL;

  if (!rs_backup_rotation_run (self, &error))
    g_warning ("The daily backup of the recurring sales failed: %s", error->message);
}

static gboolean
on_first_check (gpointer user_data)
{
  RsBackupRotation *self = user_data;

  self->first_id = 0;
  rotation_check (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_timer (gpointer user_data)
{
  rotation_check (user_data);
  return G_SOURCE_CONTINUE;
}

char *
rs_backup_rotation_dup_directory (RsStore *store)
{
  g_return_val_if_fail (RS_IS_STORE (store), NULL);

  return rs_backup_rotation_dup_directory_for_path (rs_store_get_path (store));
}

char *
rs_backup_rotation_dup_directory_for_path (const char *store_path)
{
  g_autofree char *store_directory = g_path_get_dirname (store_path);

  return g_build_filename (store_directory, BACKUP_DIRECTORY_NAME, NULL);
}

gboolean
rs_backup_rotation_prepare_directory (const char  *directory,
                                      GError     **error)
{
  GStatBuf info;
  int saved_errno = 0;

  g_return_val_if_fail (directory != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_mkdir_with_parents (directory, 0700) != 0 || g_stat (directory, &info) != 0)
    saved_errno = errno;
  else if (!S_ISDIR (info.st_mode))
    saved_errno = ENOTDIR;

  if (saved_errno != 0)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is a folder name, second the system's reason */
                   _("The folder %s for backups could not be created: %s."),
                   directory, g_strerror (saved_errno));
      return FALSE;
    }

  /* Backups are the sales themselves: as private as the store. */
  rs_store_restrict_folder (directory, &info);
  return TRUE;
}

static void
rs_backup_rotation_dispose (GObject *object)
{
  RsBackupRotation *self = RS_BACKUP_ROTATION (object);

  g_clear_handle_id (&self->first_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rs_backup_rotation_parent_class)->dispose (object);
}

static void
rs_backup_rotation_finalize (GObject *object)
{
  RsBackupRotation *self = RS_BACKUP_ROTATION (object);

  g_free (self->directory);

  G_OBJECT_CLASS (rs_backup_rotation_parent_class)->finalize (object);
}

static void
rs_backup_rotation_class_init (RsBackupRotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rs_backup_rotation_dispose;
  object_class->finalize = rs_backup_rotation_finalize;
}

static void
rs_backup_rotation_init (RsBackupRotation *self)
{
}

RsBackupRotation *
rs_backup_rotation_new (RsStore        *store,
                        RsServiceClock *clock)
{
  RsBackupRotation *self;

  g_return_val_if_fail (RS_IS_STORE (store), NULL);
  g_return_val_if_fail (RS_IS_SERVICE_CLOCK (clock), NULL);

  self = g_object_new (RS_TYPE_BACKUP_ROTATION, NULL);
  self->store = g_object_ref (store);
  self->clock = g_object_ref (clock);
  self->directory = rs_backup_rotation_dup_directory (store);

  /* After the calls that started the service: they should not wait for a copy. */
  self->first_id = g_idle_add_full (G_PRIORITY_LOW, on_first_check, self, NULL);
  self->timer_id = g_timeout_add_seconds (CHECK_INTERVAL_S, on_timer, self);
  g_signal_connect_swapped (clock, "changed", G_CALLBACK (rotation_check), self);

  return self;
}
