/* rs-backup-rotation.h: the service's daily backups of the store, rotated
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * backups/sales-YYYY-MM-DD.db beside the store ($XDG_DATA_HOME/evolution-recurring-sales/;
 * folder 0700, files 0600): one for each local day on which the service ran, written when it
 * starts and looked for again every hour while it runs. The newest backup-count of them
 * (GSettings) are kept; 0 turns automatic backups off. Only files named exactly like that are
 * ever deleted: anything else in the folder stays.
 */
#pragma once

#include <gio/gio.h>

#include "rs-service-clock.h"
#include "rs-store-writer.h"

G_BEGIN_DECLS

#define RS_BACKUP_ROTATION_DEFAULT_COUNT 7
/* Where the service keeps the sales as they were before the last restore. */
#define RS_BACKUP_BEFORE_RESTORE_NAME    "before-restore.db"

#define RS_TYPE_BACKUP_ROTATION (rs_backup_rotation_get_type ())
G_DECLARE_FINAL_TYPE (RsBackupRotation, rs_backup_rotation, RS, BACKUP_ROTATION, GObject)

/* The backups folder of @store: "backups" beside it; newly allocated. */
char             *rs_backup_rotation_dup_directory     (RsStore         *store);
/* The same for the store at @store_path, which need not open (an unusable store's). */
char             *rs_backup_rotation_dup_directory_for_path (const char *store_path);
/* Creates @directory 0700, or tightens it to 0700 when it is looser and the user's own. */
gboolean          rs_backup_rotation_prepare_directory (const char      *directory,
                                                        GError         **error);
/* Starts the daily backups of @store by @clock's local date: a first check from the main loop
 * soon after, then one every hour, and one whenever a file clock is set (tests). */
RsBackupRotation *rs_backup_rotation_new               (RsStore         *store,
                                                        RsServiceClock  *clock);
/* One check now: today's backup when there is none yet, then the oldest beyond the setting
 * removed. FALSE with @error when today's backup could not be written (nothing is removed
 * then). */
gboolean          rs_backup_rotation_run               (RsBackupRotation *self,
                                                        GError          **error);

G_END_DECLS
