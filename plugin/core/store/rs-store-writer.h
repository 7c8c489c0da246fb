/* rs-store-writer.h: the write API of the store, for the service (its only writer) and tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not on the public include path: only what depends on rs_store_writer_dep (the service, the
 * tests and their tools) sees it. The calendar backend and the command read through
 * <recurring-sales/rs-store.h> at most. Each change is one transaction; see rs-store.h for the
 * revisions.
 */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <recurring-sales/rs-delivery-record.h>
#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-store.h>

G_BEGIN_DECLS

/* Tightens a folder of the store's files (its own, its backups) to 0700 when @info (its
 * g_stat ()) shows it readable by others and the user's own, with a warning either way. */
void       rs_store_restrict_folder    (const char     *directory,
                                        const GStatBuf *info);

/* Opens (creating when missing) the store at @path, migrating the schema forward and checking
 * its integrity. A file that is not a store, or a damaged one, is reported and left untouched. */
RsStore   *rs_store_open_sync          (const char   *path,
                                        GCancellable *cancellable,
                                        GError      **error);

/* Validates and inserts @sale (which gets created/updated times and revision 1). */
gboolean   rs_store_add_sale           (RsStore  *self,
                                        RsSale   *sale,
                                        GError  **error);
/* Validates and inserts all of @sales in one transaction: all or nothing. */
gboolean   rs_store_add_sales          (RsStore   *self,
                                        GPtrArray *sales,
                                        GError   **error);
/* Replaces the stored sale with uid rs_sale_get_uid (@sale) if its revision is still
 * @expected_revision; RS_ERROR_CONFLICT when stale, RS_ERROR_NOT_FOUND when gone. On success
 * @sale carries its new revision. */
gboolean   rs_store_update_sale        (RsStore  *self,
                                        RsSale   *sale,
                                        guint64   expected_revision,
                                        GError  **error);
gboolean   rs_store_remove_sale        (RsStore    *self,
                                        const char *uid,
                                        GError    **error);
/* Marks one occurrence (the issue date must be one of the sale's); bumps the sale's revision. */
gboolean   rs_store_mark_occurrence    (RsStore           *self,
                                        const char        *uid,
                                        const GDate       *issue_date,
                                        RsOccurrenceState  state,
                                        GError           **error);
/* Stores @successor, and marks the sale @uid renewed and linked to it, in one transaction. */
gboolean   rs_store_renew_sale         (RsStore  *self,
                                        const char *uid,
                                        guint64   expected_revision,
                                        RsSale   *successor,
                                        GError  **error);

/* rs_store_renew_sale (), and the old sale's renewal offer recorded accepted on @accepted_on,
 * in the same transaction (`recurring-sales offer UID accepted`). */
gboolean   rs_store_accept_offer       (RsStore      *self,
                                        const char   *uid,
                                        guint64       expected_revision,
                                        const GDate  *accepted_on,
                                        RsSale       *successor,
                                        GError      **error);

/* Sales brought in from another program (@source, e.g. "elorus"; docs/elorus.md), keyed by
 * that program's id. A link outlives a sale the owner removed, so that a sync does not bring
 * it back. */

/* Validates and inserts @sale linked to @external_id, in one transaction: both or nothing.
 * RS_ERROR_CONFLICT when @external_id is linked already; RS_ERROR_INVALID_ARGUMENT with a
 * sentence when it is empty, longer than 256 characters or not UTF-8. */
gboolean   rs_store_add_external_sale  (RsStore     *self,
                                        const char  *source,
                                        const char  *external_id,
                                        RsSale      *sale,
                                        GError     **error);
/* The uid of the sale linked to @external_id: TRUE with *@out_uid newly allocated, or FALSE
 * and no error when there is none. */
gboolean   rs_store_lookup_external    (RsStore     *self,
                                        const char  *source,
                                        const char  *external_id,
                                        char       **out_uid,
                                        GError     **error);
/* Every link of @source: a table of external id → uid (both strings, owned), or NULL on error. */
GHashTable *rs_store_list_external     (RsStore     *self,
                                        const char  *source,
                                        GError     **error);

/* An online, consistent copy of the whole store into @destination_path (0600). */
gboolean   rs_store_backup_sync        (RsStore      *self,
                                        const char   *destination_path,
                                        GCancellable *cancellable,
                                        GError      **error);
/* Replaces every sale (with its reminder rules and marks) by those of the backup at
 * @source_path, which is only read. The backup must be one of our stores (this schema version
 * or an older one, migrated on a private copy), intact, with every row valid; otherwise nothing
 * changes. The sales are replaced in one transaction (readers see the old ones or the new
 * ones); each restored sale's revision and the store revision end above both the old and the
 * backed-up ones, and every uid of either is listed by rs_store_list_changed_since () for any
 * earlier revision. The delivery ledger is merged rather than replaced (a delivered reminder
 * stays delivered), and settings the store has are kept. */
gboolean   rs_store_restore_sync       (RsStore      *self,
                                        const char   *source_path,
                                        GCancellable *cancellable,
                                        GError      **error);

/* The delivery ledger (client and team reminders). Ledger writes are their own transactions and do not
 * change the store revision: they are not changes to sales, and the calendar ignores them. */

/* The record of one client reminder, or NULL (and no error) when there is none. */
RsDeliveryRecord *rs_store_get_delivery (RsStore        *self,
                                         const char     *sale_uid,
                                         RsReminderKind  kind,
                                         guint           lead_days,
                                         const GDate    *occurrence,
                                         GError        **error);
/* The same, for the reminder of @audience (client or team). */
RsDeliveryRecord *rs_store_get_delivery_to (RsStore        *self,
                                            const char     *sale_uid,
                                            RsReminderKind  kind,
                                            guint           lead_days,
                                            const GDate    *occurrence,
                                            RsAudience      audience,
                                            GError        **error);
/* Inserts or replaces the record with the same key (the caller sets record->updated). */
gboolean   rs_store_put_delivery       (RsStore                *self,
                                        const RsDeliveryRecord *record,
                                        GError                **error);
/* Forgets the record of one client reminder; TRUE (and no error) also when there was none.
 * For setting up tests and for repairs, never for the dispatcher: a delivered reminder whose
 * record is gone is delivered again. */
gboolean   rs_store_delete_delivery    (RsStore        *self,
                                        const char     *sale_uid,
                                        RsReminderKind  kind,
                                        guint           lead_days,
                                        const GDate    *occurrence,
                                        GError        **error);
/* The records matching every given condition, ordered by due time then key (GPtrArray of
 * RsDeliveryRecord, owning): @sale_uid NULL for all sales, @state -1 for all states, @due_from /
 * @due_until (epoch seconds, inclusive) 0 / G_MAXINT64 for no bound; at most @limit (0: all). */
GPtrArray *rs_store_list_deliveries    (RsStore     *self,
                                        const char  *sale_uid,
                                        int          state,
                                        gint64       due_from,
                                        gint64       due_until,
                                        guint        limit,
                                        GError     **error);

/* Small named integers kept with the store (e.g. "dispatcher-checked-until"); FALSE and no error
 * when @key was never set. */
gboolean   rs_store_get_setting_int    (RsStore     *self,
                                        const char  *key,
                                        gint64      *out_value,
                                        GError     **error);
gboolean   rs_store_set_setting_int    (RsStore     *self,
                                        const char  *key,
                                        gint64       value,
                                        GError     **error);

G_END_DECLS
