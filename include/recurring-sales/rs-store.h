/* rs-store.h: the SQLite store of recurring sales, as its readers see it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One file in WAL mode (directory 0700, file 0600), schema version in PRAGMA user_version with
 * forward migrations, foreign keys on, each change one transaction. Every sale has a revision
 * that increases with each change (compare-and-swap updates); the store has a revision that
 * increases with every committed change (change detection).
 *
 * This header is what a reader (the calendar backend) needs. Writing, the delivery ledger,
 * settings, backup and restore are the service's: plugin/core/store/rs-store-writer.h, which is
 * not on the public include path.
 */
#pragma once

#include <gio/gio.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

#define RS_STORE_SCHEMA_VERSION 4

#define RS_TYPE_STORE (rs_store_get_type ())
G_DECLARE_FINAL_TYPE (RsStore, rs_store, RS, STORE, GObject)

/* $XDG_DATA_HOME/evolution-recurring-sales/sales.db; newly allocated. */
char      *rs_store_default_path       (void);

/* Opens an existing store for reading only (the calendar backend's way). */
RsStore   *rs_store_open_readonly_sync (const char   *path,
                                        GCancellable *cancellable,
                                        GError      **error);
const char *rs_store_get_path          (RsStore *self);

/* The store revision: increases with every committed change. */
guint64    rs_store_get_revision       (RsStore *self);

RsSale    *rs_store_get_sale           (RsStore    *self,
                                        const char *uid,
                                        GError    **error);
/* All sales, ordered by uid (GPtrArray of RsSale, owning). */
GPtrArray *rs_store_list_sales         (RsStore  *self,
                                        GError  **error);
guint      rs_store_count_sales        (RsStore  *self,
                                        GError  **error);

/* The uids changed or removed after @revision (for change detection), newly allocated. */
GPtrArray *rs_store_list_changed_since (RsStore  *self,
                                        guint64   revision,
                                        GError  **error);

G_END_DECLS
