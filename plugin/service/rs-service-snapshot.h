/* rs-service-snapshot.h: the sales in memory as they were at one store revision, never changed,
 * for threads other than the main one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

typedef struct _RsServiceSnapshot RsServiceSnapshot;

/* A snapshot of @sales (uid → RsSale; the sales are shared, never changed in place) at the
 * store revision @revision. @previous, when given, is the last snapshot, and @changed_uids
 * (a set of uids) what changed in @sales since it; NULL @changed_uids means that anything may
 * have changed. Called in the main thread; the snapshot may then be read in any thread. */
RsServiceSnapshot *rs_service_snapshot_new          (RsServiceSnapshot *previous,
                                                     GHashTable        *sales,
                                                     GHashTable        *changed_uids,
                                                     guint64            revision);
RsServiceSnapshot *rs_service_snapshot_ref          (RsServiceSnapshot *self);
void               rs_service_snapshot_unref        (RsServiceSnapshot *self);

guint64            rs_service_snapshot_get_revision (RsServiceSnapshot *self);
/* The sale @uid (borrowed: valid while @self is), or NULL. */
RsSale            *rs_service_snapshot_lookup       (RsServiceSnapshot *self,
                                                     const char        *uid);

typedef gboolean (*RsServiceSnapshotMatchFunc) (gconstpointer  data,
                                                RsSale        *sale);

/* The sales of @self that @match accepts, in no order (GPtrArray of new references). */
GPtrArray         *rs_service_snapshot_collect      (RsServiceSnapshot          *self,
                                                     RsServiceSnapshotMatchFunc  match,
                                                     gconstpointer               data);

/* Every sale of @self in ListSales's order (client in byte order, then uid), borrowed: valid
 * while @self is. Sorted at the first call, in any thread, and kept: a list read page by page
 * sorts once per snapshot, not once per page. */
GPtrArray         *rs_service_snapshot_get_by_client (RsServiceSnapshot *self);

/* The error for a sale @uid that is not there, in memory or in a snapshot: RS_ERROR_NOT_FOUND. */
void               rs_service_set_not_found_error   (GError           **error,
                                                     const char        *uid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsServiceSnapshot, rs_service_snapshot_unref)

G_END_DECLS
