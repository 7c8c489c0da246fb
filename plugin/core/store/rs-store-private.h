/* rs-store-private.h: what the files of the store share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store is one GObject (rs-store.c) whose code is split by job: rs-store-schema.c (the SQL
 * text), rs-store-statements.c (the statement cache and transactions), rs-store-errors.c (the
 * sentences several files say), rs-store-rows.c (rows ↔ sales), rs-store-open.c (opening,
 * identity, integrity, migrations), rs-store-read.c, rs-store-write.c and rs-store-lifecycle.c
 * (sales), rs-store-ledger.c (the delivery ledger and settings), rs-store-backup.c and
 * rs-store-restore.c. Only those files include this header.
 */
#pragma once

#include <sqlite3.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-period.h>
#include "rs-store-writer.h"

G_BEGIN_DECLS

/* The columns of a sale, in the order of SALE_COLUMNS; a statement binds column c as ?(c + 1). */
typedef enum {
  COL_UID,
  COL_CLIENT,
  COL_EMAIL,
  COL_CONTACT_UID,
  COL_SERVICE,
  COL_AMOUNT_MINOR,
  COL_CURRENCY,
  COL_PERIOD,
  COL_START_DATE,
  COL_ANCHOR_DAY,
  COL_TERM_KIND,
  COL_UNTIL_DATE,
  COL_TERM_COUNT,
  COL_TERM_LENGTH,
  COL_NOTICE_DAYS,
  COL_DRAFT,
  COL_PREPAY,
  COL_IBAN,
  COL_PAYMENT_INSTRUCTIONS,
  COL_REMINDER_MINUTES,
  COL_STATUS,
  COL_PREDECESSOR_UID,
  COL_SUCCESSOR_UID,
  COL_NOTE,
  COL_CREATED,
  COL_UPDATED,
  COL_REVISION,
  COL_DELIVERY,
  COL_LANGUAGE,
  COL_TEAM,
  COL_OFFER_STATE,
  COL_OFFER_DATE,
  COL_OFFER_NOTE,
  COL_OFFER_AMOUNT_MINOR,
} SaleColumn;

#define SALE_COLUMNS \
  "uid, client, email, contact_uid, service, amount_minor, currency, period, start_date, " \
  "anchor_day, term_kind, until_date, term_count, term_length, notice_days, draft, prepay, " \
  "iban, payment_instructions, reminder_minutes, status, predecessor_uid, successor_uid, " \
  "note, created, updated, revision, delivery, language, team, offer_state, offer_date, " \
  "offer_note, offer_amount_minor"

/* Rules and occurrences are read with the same columns whether for one sale or for all. */
#define RULE_COLUMNS       "sale_uid, kind, lead_days, audience"
#define OCCURRENCE_COLUMNS "sale_uid, issue_date, state"

/* The columns of a ledger record, in the order of DeliveryColumn. */
typedef enum {
  DCOL_SALE_UID,
  DCOL_KIND,
  DCOL_LEAD_DAYS,
  DCOL_OCCURRENCE,
  DCOL_DUE,
  DCOL_STATE,
  DCOL_MODE,
  DCOL_MESSAGE_ID,
  DCOL_ATTEMPTS,
  DCOL_NEXT_ATTEMPT,
  DCOL_LAST_ERROR,
  DCOL_UPDATED,
  DCOL_AUDIENCE,
} DeliveryColumn;

#define DELIVERY_COLUMNS \
  "sale_uid, kind, lead_days, occurrence, due, state, mode, message_id, attempts, " \
  "next_attempt, last_error, updated, audience"
#define DELIVERY_ORDER "ORDER BY due, sale_uid, kind, lead_days, occurrence, audience"
/* What a record written again with the same key replaces: every field but the key. The ledger's
 * own writes and a restore's merge of a backup's ledger use it. */
#define DELIVERY_UPSERT \
  "ON CONFLICT (sale_uid, kind, lead_days, occurrence, audience) DO UPDATE SET due = excluded.due, " \
  "state = excluded.state, mode = excluded.mode, message_id = excluded.message_id, " \
  "attempts = excluded.attempts, next_attempt = excluded.next_attempt, " \
  "last_error = excluded.last_error, updated = excluded.updated"

/* Prepared once per connection and reused: what makes 100,000 inserts take about a second. */
typedef enum {
  STMT_BEGIN_READ,
  STMT_BEGIN_WRITE,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_GET_STORE_REVISION,
  STMT_SET_STORE_REVISION,
  STMT_FORGET_OLDER_CHANGES,
  STMT_LOG_CHANGE,
  STMT_INSERT_SALE,
  STMT_UPDATE_SALE,
  STMT_DELETE_SALE,
  STMT_GET_SALE_REVISION,
  STMT_SET_SALE_REVISION,
  STMT_INSERT_RULE,
  STMT_DELETE_RULES,
  STMT_UPSERT_OCCURRENCE,
  STMT_DELETE_OCCURRENCE,
  STMT_SELECT_OCCURRENCE_DATES,
  STMT_SELECT_SALE,
  STMT_SELECT_RULES_OF_SALE,
  STMT_SELECT_OCCURRENCES_OF_SALE,
  STMT_LIST_SALES,
  STMT_LIST_RULES,
  STMT_LIST_OCCURRENCES,
  STMT_COUNT_SALES,
  STMT_LIST_CHANGED_SINCE,
  STMT_SELECT_DELIVERY,
  STMT_UPSERT_DELIVERY,
  STMT_DELETE_DELIVERY,
  STMT_LIST_DELIVERIES,
  STMT_GET_SETTING,
  STMT_SET_SETTING,
  STMT_INSERT_EXTERNAL_LINK,
  STMT_SELECT_EXTERNAL_LINK,
  STMT_LIST_EXTERNAL_LINKS,
  N_STATEMENTS
} StatementId;

struct _RsStore
{
  GObject       parent_instance;

  char         *path;
  gboolean      readonly;
  sqlite3      *db;
  sqlite3_stmt *statements[N_STATEMENTS];
  /* The store revision when the current write transaction began, and now. */
  guint64       write_start_revision;
  guint64       write_revision;
};

/* A cached statement borrowed for one operation: reset (never finalized) when it goes out of
 * scope, so that no statement keeps a read transaction open by accident. */
typedef sqlite3_stmt *StoreStatement;

static inline void
store_statement_release (StoreStatement *stmt)
{
  if (*stmt != NULL)
    sqlite3_reset (*stmt);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoreStatement, store_statement_release)

/* Binding only fails on misuse or when memory runs out; the step that follows reports it. */
static inline void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column + 1, text, -1, SQLITE_STATIC);
}

static inline void
bind_date (sqlite3_stmt *stmt,
           int           column,
           const GDate  *date)
{
  char text[11];

  rs_date_to_iso_buf (date, text);
  sqlite3_bind_text (stmt, column + 1, text, -1, SQLITE_TRANSIENT);
}

static inline void
bind_period (sqlite3_stmt   *stmt,
             int             column,
             const RsPeriod *period)
{
  sqlite3_bind_text (stmt, column + 1, rs_period_to_string (period), -1, g_free);
}

static inline const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* rs-store-schema.c: schema migrations (step i takes user_version i to i + 1) and the text of
 * the cached statements. */
extern const char * const rs_store_migrations[];
extern const char * const rs_store_statement_sql[N_STATEMENTS];

/* rs-store-errors.c: the sentences shared by several files. The store's own errors name its
 * path; rs_store_set_bad_value_error () names a column and returns FALSE. */
void           rs_store_set_sqlite_error        (RsStore      *self,
                                                 GError      **error);
void           rs_store_set_not_a_store_error   (const char   *path,
                                                 RsError       code,
                                                 GError      **error);
void           rs_store_set_not_found_error     (const char   *uid,
                                                 GError      **error);
gboolean       rs_store_set_bad_value_error     (GError      **error,
                                                 const char   *column,
                                                 const char   *value);
void           rs_store_set_damaged_error       (RsStore      *self,
                                                 const char   *uid,
                                                 const char   *problem,
                                                 GError      **error);

/* rs-store-statements.c: cached statements and transactions. */
sqlite3_stmt  *rs_store_statement               (RsStore      *self,
                                                 StatementId   id,
                                                 GError      **error);
gboolean       rs_store_step_done               (RsStore      *self,
                                                 sqlite3_stmt *stmt,
                                                 GError      **error);
gboolean       rs_store_step_to_row             (RsStore      *self,
                                                 sqlite3_stmt *stmt,
                                                 gboolean     *out_found,
                                                 GError      **error);
sqlite3_stmt  *rs_store_step_to_sale            (RsStore      *self,
                                                 StatementId   id,
                                                 const char   *uid,
                                                 GError      **error);
gboolean       rs_store_run                     (RsStore      *self,
                                                 StatementId   id,
                                                 GError      **error);
gboolean       rs_store_read_revision           (RsStore      *self,
                                                 guint64      *out_revision,
                                                 GError      **error);
gboolean       rs_store_check_writable          (RsStore      *self,
                                                 GError      **error);
gboolean       rs_store_begin_write             (RsStore      *self,
                                                 GError      **error);
gboolean       rs_store_commit                  (RsStore      *self,
                                                 GError      **error);
void           rs_store_rollback                (RsStore      *self);
gboolean       rs_store_begin_read              (RsStore      *self,
                                                 GError      **error);
void           rs_store_end_read                (RsStore      *self);
gboolean       rs_store_log_change              (RsStore      *self,
                                                 const char   *uid,
                                                 gboolean      removed,
                                                 GError      **error);

/* rs-store-rows.c: a sale to a row and back. */
void           rs_store_bind_sale               (sqlite3_stmt *stmt,
                                                 RsSale       *sale,
                                                 gint64        created,
                                                 gint64        updated,
                                                 guint64       revision);
gboolean       rs_store_column_int_in_range     (sqlite3_stmt *stmt,
                                                 int           column,
                                                 gint64        min,
                                                 gint64        max,
                                                 gint64       *out_value,
                                                 GError      **error);
RsSale        *rs_store_sale_from_row           (sqlite3_stmt *stmt,
                                                 GError      **error);
gboolean       rs_store_add_rule_from_row       (RsSale       *sale,
                                                 sqlite3_stmt *stmt,
                                                 GError      **error);
gboolean       rs_store_add_occurrence_from_row (RsSale       *sale,
                                                 sqlite3_stmt *stmt,
                                                 GError      **error);

/* rs-store-open.c: the checks of opening, also run on a backup being restored. */
gboolean       rs_store_open_connection_to      (RsStore      *self,
                                                 const char   *file,
                                                 gboolean      readonly,
                                                 GError      **error);
gboolean       rs_store_query_int               (RsStore      *self,
                                                 const char   *sql,
                                                 gint64       *out_value);
gboolean       rs_store_check_identity          (RsStore      *self,
                                                 gboolean      allow_empty,
                                                 gint64       *out_user_version,
                                                 GError      **error);
char          *rs_store_integrity_verdict       (RsStore      *self);
gboolean       rs_store_migrate                 (RsStore      *self,
                                                 gint64        user_version,
                                                 GError      **error);

/* rs-store-read.c: sales read inside a transaction the caller holds. */
RsSale        *rs_store_load_sale               (RsStore      *self,
                                                 const char   *uid,
                                                 GError      **error);
GPtrArray     *rs_store_load_sales              (RsStore      *self,
                                                 GError      **error);

/* rs-store-write.c: the rows of one sale written inside the caller's write transaction. */
gboolean       rs_store_insert_sale             (RsStore      *self,
                                                 RsSale       *sale,
                                                 gint64        created,
                                                 gint64        now,
                                                 GError      **error);
gboolean       rs_store_update_sale_row         (RsStore      *self,
                                                 RsSale       *sale,
                                                 gint64        now,
                                                 guint64       revision,
                                                 GError      **error);
gboolean       rs_store_upsert_occurrence       (RsStore            *self,
                                                 const char         *uid,
                                                 const GDate        *issue_date,
                                                 RsOccurrenceState   state,
                                                 gint64              now,
                                                 GError            **error);
gboolean       rs_store_delete_occurrence       (RsStore      *self,
                                                 const char   *uid,
                                                 const char   *issue_date_text,
                                                 GError      **error);
/* Validates and inserts @sales in one transaction, and when @source is given links the one
 * sale to @external_id in the same transaction. */
gboolean       rs_store_add_sales_linked        (RsStore      *self,
                                                 RsSale      **sales,
                                                 guint         n_sales,
                                                 const char   *source,
                                                 const char   *external_id,
                                                 GError      **error);
gboolean       rs_store_check_expected_revision (const char   *uid,
                                                 guint64       stored_revision,
                                                 guint64       expected_revision,
                                                 GError      **error);

/* rs-store-external.c: the link of a sale to another program's id, inside the caller's write
 * transaction; RS_ERROR_CONFLICT when the id or the sale is linked already. */
gboolean       rs_store_insert_external_link    (RsStore      *self,
                                                 const char   *source,
                                                 const char   *external_id,
                                                 const char   *uid,
                                                 GError      **error);

/* rs-store-backup.c: a whole database copied into a file, for a backup or a restore. */
typedef void (*StoreCopyErrorFunc) (const char  *path,
                                    const char  *reason,
                                    GError     **error);

gboolean       rs_store_copy_database           (sqlite3            *from,
                                                 const char         *copy_path,
                                                 const char         *named_path,
                                                 StoreCopyErrorFunc  set_copy_error,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
void           rs_store_remove_copy             (const char   *copy_path);

static inline gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

G_END_DECLS
