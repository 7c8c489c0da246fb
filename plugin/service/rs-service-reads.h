/* rs-service-reads.h: GetSale and ListSales answered outside the main thread, from the last
 * snapshot of the sales, while the main thread makes changes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rs-service-access.h"
#include "rs-service-snapshot.h"

G_BEGIN_DECLS

typedef struct _RsServiceReads RsServiceReads;

/* For the store at @store_path; the callers that @access knows are allowed are answered. */
RsServiceReads *rs_service_reads_new     (const char        *store_path,
                                          RsServiceAccess   *access);
RsServiceReads *rs_service_reads_ref     (RsServiceReads    *self);
void            rs_service_reads_unref   (RsServiceReads    *self);

/* Answers the calls that @connection receives from now on, until rs_service_reads_stop ().
 * The service's other connection filters that must see every call (the idle monitor's) are
 * added before. */
void            rs_service_reads_start   (RsServiceReads    *self,
                                          GDBusConnection   *connection);
void            rs_service_reads_stop    (RsServiceReads    *self);

/* In the main thread, after each change and before its reply and SalesChanged: the sales as
 * they are now, at the store revision of @snapshot (NULL: no store, answer nothing). */
void            rs_service_reads_publish (RsServiceReads    *self,
                                          RsServiceSnapshot *snapshot);

/* In the main thread, after it committed a change of its own, before the memory follows:
 * the store's revision now. Until the next rs_service_reads_publish (), the last snapshot
 * still answers while the store is at @revision. */
void            rs_service_reads_note_commit (RsServiceReads *self,
                                              guint64         revision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsServiceReads, rs_service_reads_unref)

G_END_DECLS
