/* rs-store.c: the SQLite store of recurring sales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store never writes to a file it does not recognise: opening reads the header pragmas
 * first and refuses anything that is not an empty file or one of our stores, before a single
 * pragma that writes (journal mode) runs. Every change is one IMMEDIATE transaction that
 * validates first, so a refused change leaves nothing behind. Rows read back are parsed and
 * validated like outside input: a damaged row is reported with its uid, never trusted.
 *
 * An RsStore is used from one thread at a time (the connection is opened NOMUTEX).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-store.h>
#include <recurring-sales/rs-text.h>

/* "RSS1" in the file header: tells our stores from other SQLite files. */
#define STORE_APPLICATION_ID   0x52535331
#define STORE_DIRECTORY_NAME   "evolution-recurring-sales"
#define STORE_FILE_NAME        "sales.db"
#define BUSY_TIMEOUT_MS        5000
#define BACKUP_PAGES_PER_STEP  256
#define SHOWN_MAX_CHARS        60

/* Schema migrations: step i takes user_version i to i + 1, inside the migration transaction. */
static const char * const migrations[] = {
  /* 0 → 1: the first schema. */
  "CREATE TABLE sales ("
  "  uid                  TEXT PRIMARY KEY NOT NULL,"
  "  client               TEXT NOT NULL,"
  "  email                TEXT,"
  "  contact_uid          TEXT,"
  "  service              TEXT NOT NULL,"
  "  amount_minor         INTEGER NOT NULL CHECK (amount_minor >= 0),"
  "  currency             TEXT NOT NULL CHECK (length (currency) = 3),"
  "  period               TEXT NOT NULL,"
  "  start_date           TEXT NOT NULL,"
  "  anchor_day           INTEGER NOT NULL DEFAULT 0,"
  "  term_kind            TEXT NOT NULL,"
  "  until_date           TEXT,"
  "  term_count           INTEGER,"
  "  term_length          TEXT,"
  "  notice_days          INTEGER,"
  "  draft                INTEGER NOT NULL,"
  "  prepay               INTEGER NOT NULL,"
  "  iban                 TEXT,"
  "  payment_instructions TEXT,"
  "  reminder_minutes     INTEGER NOT NULL,"
  "  status               TEXT NOT NULL,"
  "  predecessor_uid      TEXT,"
  "  successor_uid        TEXT,"
  "  note                 TEXT,"
  "  created              INTEGER NOT NULL,"
  "  updated              INTEGER NOT NULL,"
  "  revision             INTEGER NOT NULL"
  ");"
  "CREATE TABLE reminder_rules ("
  "  sale_uid  TEXT NOT NULL REFERENCES sales (uid) ON DELETE CASCADE,"
  "  position  INTEGER NOT NULL,"
  "  kind      TEXT NOT NULL,"
  "  lead_days INTEGER NOT NULL,"
  "  audience  TEXT NOT NULL,"
  "  PRIMARY KEY (sale_uid, position)"
  ") WITHOUT ROWID;"
  "CREATE TABLE occurrences ("
  "  sale_uid   TEXT NOT NULL REFERENCES sales (uid) ON DELETE CASCADE,"
  "  issue_date TEXT NOT NULL,"
  "  state      TEXT NOT NULL,"
  "  marked_at  INTEGER NOT NULL,"
  "  PRIMARY KEY (sale_uid, issue_date)"
  ") WITHOUT ROWID;"
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value"
  ");"
  "INSERT INTO meta (key, value) VALUES ('revision', 0);"
  /* One row per sale: the revision of its latest change (older rows are dropped as it changes). */
  "CREATE TABLE changes ("
  "  revision INTEGER PRIMARY KEY,"
  "  sale_uid TEXT NOT NULL,"
  "  removed  INTEGER NOT NULL"
  ");"
  "CREATE INDEX changes_by_sale ON changes (sale_uid);",

  /* 1 → 2: how each sale's client reminders are delivered, and the delivery ledger. The ledger
   * has no foreign key to sales on purpose: it outlives a removed sale, so that importing the
   * same uid again never mails a reminder twice. */
  "ALTER TABLE sales ADD COLUMN delivery TEXT NOT NULL DEFAULT 'default'"
  "  CHECK (delivery IN ('default', 'draft', 'send', 'off'));"
  "ALTER TABLE sales ADD COLUMN language TEXT;"
  "CREATE TABLE deliveries ("
  "  sale_uid     TEXT NOT NULL,"
  "  kind         TEXT NOT NULL,"
  "  lead_days    INTEGER NOT NULL CHECK (lead_days >= 0),"
  "  occurrence   TEXT NOT NULL,"
  "  due          INTEGER NOT NULL,"
  "  state        TEXT NOT NULL"
  "    CHECK (state IN ('pending', 'delivered', 'missed', 'cancelled')),"
  "  mode         TEXT NOT NULL CHECK (mode IN ('default', 'draft', 'send', 'off')),"
  "  message_id   TEXT NOT NULL,"
  "  attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
  "  next_attempt INTEGER NOT NULL DEFAULT 0,"
  "  last_error   TEXT,"
  "  updated      INTEGER NOT NULL,"
  "  PRIMARY KEY (sale_uid, kind, lead_days, occurrence)"
  ");"
  "CREATE INDEX deliveries_by_due ON deliveries (due);"
  /* Apart from meta, so that no setting can ever reach the store revision. */
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value INTEGER NOT NULL"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RS_STORE_SCHEMA_VERSION);

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
} SaleColumn;

#define SALE_COLUMNS \
  "uid, client, email, contact_uid, service, amount_minor, currency, period, start_date, " \
  "anchor_day, term_kind, until_date, term_count, term_length, notice_days, draft, prepay, " \
  "iban, payment_instructions, reminder_minutes, status, predecessor_uid, successor_uid, " \
  "note, created, updated, revision, delivery, language"

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
} DeliveryColumn;

#define DELIVERY_COLUMNS \
  "sale_uid, kind, lead_days, occurrence, due, state, mode, message_id, attempts, " \
  "next_attempt, last_error, updated"
#define DELIVERY_ORDER "ORDER BY due, sale_uid, kind, lead_days, occurrence"

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
  STMT_LIST_DELIVERIES,
  STMT_GET_SETTING,
  STMT_SET_SETTING,
  N_STATEMENTS
} StatementId;

static const char * const statement_sql[N_STATEMENTS] = {
  [STMT_BEGIN_READ] = "BEGIN DEFERRED",
  [STMT_BEGIN_WRITE] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_GET_STORE_REVISION] = "SELECT value FROM meta WHERE key = 'revision'",
  [STMT_SET_STORE_REVISION] = "UPDATE meta SET value = ?1 WHERE key = 'revision'",
  /* Keeps one row per sale: drops the older rows of the sales changed after revision ?1. */
  [STMT_FORGET_OLDER_CHANGES] =
    "DELETE FROM changes WHERE revision <= ?1 AND sale_uid IN "
    "(SELECT sale_uid FROM changes WHERE revision > ?1)",
  [STMT_LOG_CHANGE] = "INSERT INTO changes (revision, sale_uid, removed) VALUES (?1, ?2, ?3)",
  [STMT_INSERT_SALE] =
    "INSERT INTO sales (" SALE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
  /* Leaves "created" (?25) as it was. */
  [STMT_UPDATE_SALE] =
    "UPDATE sales SET client = ?2, email = ?3, contact_uid = ?4, service = ?5, amount_minor = ?6, "
    "currency = ?7, period = ?8, start_date = ?9, anchor_day = ?10, term_kind = ?11, "
    "until_date = ?12, term_count = ?13, term_length = ?14, notice_days = ?15, draft = ?16, "
    "prepay = ?17, iban = ?18, payment_instructions = ?19, reminder_minutes = ?20, status = ?21, "
    "predecessor_uid = ?22, successor_uid = ?23, note = ?24, updated = ?26, revision = ?27, "
    "delivery = ?28, language = ?29 WHERE uid = ?1",
  [STMT_DELETE_SALE] = "DELETE FROM sales WHERE uid = ?1",
  [STMT_GET_SALE_REVISION] = "SELECT revision, created FROM sales WHERE uid = ?1",
  [STMT_SET_SALE_REVISION] = "UPDATE sales SET revision = ?2, updated = ?3 WHERE uid = ?1",
  [STMT_INSERT_RULE] =
    "INSERT INTO reminder_rules (sale_uid, position, kind, lead_days, audience) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_DELETE_RULES] = "DELETE FROM reminder_rules WHERE sale_uid = ?1",
  /* Keeps the time an occurrence was marked when its state does not change. */
  [STMT_UPSERT_OCCURRENCE] =
    "INSERT INTO occurrences (sale_uid, issue_date, state, marked_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (sale_uid, issue_date) DO UPDATE SET state = excluded.state, "
    "marked_at = CASE WHEN occurrences.state = excluded.state "
    "THEN occurrences.marked_at ELSE excluded.marked_at END",
  [STMT_DELETE_OCCURRENCE] = "DELETE FROM occurrences WHERE sale_uid = ?1 AND issue_date = ?2",
  [STMT_SELECT_OCCURRENCE_DATES] = "SELECT issue_date FROM occurrences WHERE sale_uid = ?1",
  [STMT_SELECT_SALE] = "SELECT " SALE_COLUMNS " FROM sales WHERE uid = ?1",
  [STMT_SELECT_RULES_OF_SALE] =
    "SELECT " RULE_COLUMNS " FROM reminder_rules WHERE sale_uid = ?1 ORDER BY position",
  [STMT_SELECT_OCCURRENCES_OF_SALE] =
    "SELECT " OCCURRENCE_COLUMNS " FROM occurrences WHERE sale_uid = ?1 ORDER BY issue_date",
  [STMT_LIST_SALES] = "SELECT " SALE_COLUMNS " FROM sales ORDER BY uid",
  [STMT_LIST_RULES] = "SELECT " RULE_COLUMNS " FROM reminder_rules ORDER BY sale_uid, position",
  [STMT_LIST_OCCURRENCES] =
    "SELECT " OCCURRENCE_COLUMNS " FROM occurrences ORDER BY sale_uid, issue_date",
  [STMT_COUNT_SALES] = "SELECT count(*) FROM sales",
  [STMT_LIST_CHANGED_SINCE] =
    "SELECT DISTINCT sale_uid FROM changes WHERE revision > ?1 ORDER BY sale_uid",
  [STMT_SELECT_DELIVERY] =
    "SELECT " DELIVERY_COLUMNS " FROM deliveries "
    "WHERE sale_uid = ?1 AND kind = ?2 AND lead_days = ?3 AND occurrence = ?4",
  [STMT_UPSERT_DELIVERY] =
    "INSERT INTO deliveries (" DELIVERY_COLUMNS ") "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
    "ON CONFLICT (sale_uid, kind, lead_days, occurrence) DO UPDATE SET due = excluded.due, "
    "state = excluded.state, mode = excluded.mode, message_id = excluded.message_id, "
    "attempts = excluded.attempts, next_attempt = excluded.next_attempt, "
    "last_error = excluded.last_error, updated = excluded.updated",
  /* Every condition is a parameter, NULL (or the widest bound) meaning "any": one cached
   * statement for every filter, and nothing from the caller ever becomes SQL text. A negative
   * LIMIT is no limit. */
  [STMT_LIST_DELIVERIES] =
    "SELECT " DELIVERY_COLUMNS " FROM deliveries "
    "WHERE (?1 IS NULL OR sale_uid = ?1) AND (?2 IS NULL OR state = ?2) "
    "AND due >= ?3 AND due <= ?4 " DELIVERY_ORDER " LIMIT ?5",
  [STMT_GET_SETTING] = "SELECT value FROM settings WHERE key = ?1",
  [STMT_SET_SETTING] =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
};

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

G_DEFINE_FINAL_TYPE (RsStore, rs_store, G_TYPE_OBJECT)

/* A cached statement borrowed for one operation: reset (never finalized) when it goes out of
 * scope, so that no statement keeps a read transaction open by accident. */
typedef sqlite3_stmt *StoreStatement;

static void
store_statement_release (StoreStatement *stmt)
{
  if (*stmt != NULL)
    sqlite3_reset (*stmt);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoreStatement, store_statement_release)

static void
rs_store_finalize (GObject *object)
{
  RsStore *self = RS_STORE (object);

  for (guint i = 0; i < N_STATEMENTS; i++)
    g_clear_pointer (&self->statements[i], sqlite3_finalize);

  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("Could not close the store %s: %s", self->path, sqlite3_errmsg (self->db));
  self->db = NULL;

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (rs_store_parent_class)->finalize (object);
}

static void
rs_store_class_init (RsStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rs_store_finalize;
}

static void
rs_store_init (RsStore *self)
{
}

/* Errors */

static void
set_sqlite_error (RsStore  *self,
                  GError  **error)
{
  int code = sqlite3_errcode (self->db) & 0xff;  /* the primary code */

  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                 /* Translators: %s is a file name */
                 _("The store %s is busy: another program kept it locked. Try again in a moment."),
                 self->path);
  /* SQLite says SQLITE_FULL when a write finds no room, and an I/O error whose system error
   * is ENOSPC when the shared-memory file cannot grow. The transaction is rolled back. */
  else if (code == SQLITE_FULL ||
           (code == SQLITE_IOERR && sqlite3_system_errno (self->db) == ENOSPC))
    g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                 /* Translators: %s is a file name */
                 _("The disk that holds the store %s is full; nothing was changed. "
                   "Free some space and try again."),
                 self->path);
  else
    g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                 /* Translators: first %s is a file name, second a message from SQLite (English) */
                 _("The store %s reported an error: %s."),
                 self->path, sqlite3_errmsg (self->db));
}

static void
set_not_a_store_error (const char  *path,
                       GError     **error)
{
  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: %s is a file name */
               _("The file %s is not a recurring-sales database, or it is damaged; "
                 "it was left untouched."),
               path);
}

static void
set_not_found_error (const char  *uid,
                     GError     **error)
{
  g_autofree char *shown = rs_text_for_message (uid);

  g_set_error (error, RS_ERROR, RS_ERROR_NOT_FOUND,
               /* Translators: %s is a sale identifier */
               _("There is no sale with the identifier %s."), shown);
}

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
      set_sqlite_error (self, error);
      break;
    default:
      set_not_a_store_error (self->path, error);
      break;
    }
}

/* Statements */

static sqlite3_stmt *
store_statement (RsStore      *self,
                 StatementId   id,
                 GError      **error)
{
  sqlite3_stmt *stmt = self->statements[id];

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, statement_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                              &stmt, NULL) != SQLITE_OK)
        {
          set_sqlite_error (self, error);
          return NULL;
        }
      self->statements[id] = stmt;
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

/* Steps a statement that returns no rows. */
static gboolean
store_step_done (RsStore       *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
store_run (RsStore      *self,
           StatementId   id,
           GError      **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, id, error);

  return stmt != NULL && store_step_done (self, stmt, error);
}

/* Binding only fails on misuse or when memory runs out; the step that follows reports it. */
static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column + 1, text, -1, SQLITE_STATIC);
}

static void
bind_date (sqlite3_stmt *stmt,
           int           column,
           const GDate  *date)
{
  char text[11];

  rs_date_to_iso_buf (date, text);
  sqlite3_bind_text (stmt, column + 1, text, -1, SQLITE_TRANSIENT);
}

static void
bind_period (sqlite3_stmt   *stmt,
             int             column,
             const RsPeriod *period)
{
  sqlite3_bind_text (stmt, column + 1, rs_period_to_string (period), -1, g_free);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Transactions */

static gboolean
store_read_revision (RsStore  *self,
                     guint64  *out_revision,
                     GError  **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, STMT_GET_STORE_REVISION, error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      return FALSE;
    }

  *out_revision = (guint64) MAX (sqlite3_column_int64 (stmt, 0), 0);
  return TRUE;
}

static void
store_rollback (RsStore *self)
{
  /* A failed COMMIT (busy) leaves the transaction open; a failed statement may have ended it. */
  if (!sqlite3_get_autocommit (self->db))
    {
      g_autoptr(GError) error = NULL;

      if (!store_run (self, STMT_ROLLBACK, &error))
        g_warning ("%s", error->message);
    }
}

static gboolean
store_check_writable (RsStore  *self,
                      GError  **error)
{
  if (!self->readonly)
    return TRUE;

  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: %s is a file name */
               _("The store %s is open for reading only; it cannot be changed from here."),
               self->path);
  return FALSE;
}

static gboolean
store_begin_write (RsStore  *self,
                   GError  **error)
{
  if (!store_check_writable (self, error))
    return FALSE;

  if (!store_run (self, STMT_BEGIN_WRITE, error))
    return FALSE;

  if (!store_read_revision (self, &self->write_start_revision, error))
    {
      store_rollback (self);
      return FALSE;
    }

  self->write_revision = self->write_start_revision;
  return TRUE;
}

/* Pruned once per transaction in one statement, not row by row: a tenth of the time of a
 * 100,000-sale import went into per-row deletes. */
static gboolean
store_forget_older_changes (RsStore  *self,
                            GError  **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, STMT_FORGET_OLDER_CHANGES, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) self->write_start_revision);
  return store_step_done (self, stmt, error);
}

static gboolean
store_commit (RsStore  *self,
              GError  **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, STMT_SET_STORE_REVISION, error);

  if (stmt == NULL || !store_forget_older_changes (self, error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) self->write_revision);
  return store_step_done (self, stmt, error) && store_run (self, STMT_COMMIT, error);
}

static gboolean
store_begin_read (RsStore  *self,
                  GError  **error)
{
  return store_run (self, STMT_BEGIN_READ, error);
}

static void
store_end_read (RsStore *self)
{
  /* Nothing was written: ending a read transaction either way releases its snapshot. */
  store_rollback (self);
}

/* Records that @uid changed in the current write transaction, under a new store revision. */
static gboolean
store_log_change (RsStore     *self,
                  const char  *uid,
                  gboolean     removed,
                  GError     **error)
{
  g_auto(StoreStatement) log = store_statement (self, STMT_LOG_CHANGE, error);

  if (log == NULL)
    return FALSE;

  self->write_revision++;
  sqlite3_bind_int64 (log, 1, (sqlite3_int64) self->write_revision);
  bind_text (log, 1, uid);
  sqlite3_bind_int (log, 3, removed ? 1 : 0);
  return store_step_done (self, log, error);
}

/* Writing sales */

static void
bind_sale (sqlite3_stmt *stmt,
           RsSale       *sale,
           gint64        created,
           gint64        updated,
           guint64       revision)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);
  int notice_days = rs_sale_get_notice_days (sale);

  bind_text (stmt, COL_UID, rs_sale_get_uid (sale));
  bind_text (stmt, COL_CLIENT, rs_sale_get_client_name (sale));
  bind_text (stmt, COL_EMAIL, rs_sale_get_client_email (sale));
  bind_text (stmt, COL_CONTACT_UID, rs_sale_get_contact_uid (sale));
  bind_text (stmt, COL_SERVICE, rs_sale_get_service (sale));
  sqlite3_bind_int64 (stmt, COL_AMOUNT_MINOR + 1, rs_sale_get_amount_minor (sale));
  bind_text (stmt, COL_CURRENCY, rs_sale_get_currency (sale));
  bind_period (stmt, COL_PERIOD, &schedule->period);
  bind_date (stmt, COL_START_DATE, &schedule->start);
  sqlite3_bind_int64 (stmt, COL_ANCHOR_DAY + 1, schedule->anchor_day);
  bind_text (stmt, COL_TERM_KIND, rs_term_kind_to_string (schedule->term_kind));

  /* Only the fields of the term's kind are stored; the others stay NULL. */
  switch (schedule->term_kind)
    {
    case RS_TERM_UNTIL:
      bind_date (stmt, COL_UNTIL_DATE, &schedule->until);
      break;
    case RS_TERM_COUNT:
      sqlite3_bind_int64 (stmt, COL_TERM_COUNT + 1, schedule->count);
      break;
    case RS_TERM_LENGTH:
      bind_period (stmt, COL_TERM_LENGTH, &schedule->term_length);
      break;
    case RS_TERM_OPEN:
    default:
      break;
    }

  if (notice_days != -1)
    sqlite3_bind_int (stmt, COL_NOTICE_DAYS + 1, notice_days);
  sqlite3_bind_int (stmt, COL_DRAFT + 1, rs_sale_get_draft (sale) ? 1 : 0);
  sqlite3_bind_int (stmt, COL_PREPAY + 1, rs_sale_get_prepay (sale) ? 1 : 0);
  bind_text (stmt, COL_IBAN, rs_sale_get_iban (sale));
  bind_text (stmt, COL_PAYMENT_INSTRUCTIONS, rs_sale_get_payment_instructions (sale));
  sqlite3_bind_int64 (stmt, COL_REMINDER_MINUTES + 1, rs_sale_get_reminder_minutes (sale));
  bind_text (stmt, COL_STATUS, rs_sale_status_to_string (rs_sale_get_status (sale)));
  bind_text (stmt, COL_PREDECESSOR_UID, rs_sale_get_predecessor_uid (sale));
  bind_text (stmt, COL_SUCCESSOR_UID, rs_sale_get_successor_uid (sale));
  bind_text (stmt, COL_NOTE, rs_sale_get_note (sale));
  sqlite3_bind_int64 (stmt, COL_CREATED + 1, created);
  sqlite3_bind_int64 (stmt, COL_UPDATED + 1, updated);
  sqlite3_bind_int64 (stmt, COL_REVISION + 1, (sqlite3_int64) revision);
  bind_text (stmt, COL_DELIVERY, rs_delivery_to_string (rs_sale_get_delivery (sale)));
  bind_text (stmt, COL_LANGUAGE, rs_sale_get_language (sale));
}

static gboolean
store_insert_rules (RsStore  *self,
                    RsSale   *sale,
                    GError  **error)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);
  g_auto(StoreStatement) stmt = NULL;

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);

      stmt = store_statement (self, STMT_INSERT_RULE, error);
      if (stmt == NULL)
        return FALSE;

      bind_text (stmt, 0, rs_sale_get_uid (sale));
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_text (stmt, 2, rs_reminder_kind_to_string (rule->kind));
      sqlite3_bind_int64 (stmt, 4, rule->lead_days);
      bind_text (stmt, 4, rs_audience_to_string (rule->audience));
      if (!store_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
store_upsert_occurrence (RsStore            *self,
                         const char         *uid,
                         const GDate        *issue_date,
                         RsOccurrenceState   state,
                         gint64              now,
                         GError            **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, STMT_UPSERT_OCCURRENCE, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, uid);
  bind_date (stmt, 1, issue_date);
  bind_text (stmt, 2, rs_occurrence_state_to_string (state));
  sqlite3_bind_int64 (stmt, 4, now);
  return store_step_done (self, stmt, error);
}

static gboolean
store_delete_occurrence (RsStore      *self,
                         const char   *uid,
                         const char   *issue_date_text,
                         GError      **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, STMT_DELETE_OCCURRENCE, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, uid);
  sqlite3_bind_text (stmt, 2, issue_date_text, -1, SQLITE_TRANSIENT);
  return store_step_done (self, stmt, error);
}

static gboolean
store_insert_occurrences (RsStore  *self,
                          RsSale   *sale,
                          gint64    now,
                          GError  **error)
{
  GArray *occurrences = rs_sale_get_marked_occurrences (sale);

  for (guint i = 0; i < occurrences->len; i++)
    {
      const RsOccurrence *occurrence = &g_array_index (occurrences, RsOccurrence, i);

      if (!store_upsert_occurrence (self, rs_sale_get_uid (sale), &occurrence->issue_date,
                                    occurrence->state, now, error))
        return FALSE;
    }

  return TRUE;
}

/* Makes the stored occurrences those of @sale: the ones no longer marked go, the others are
 * upserted (keeping when they were marked). */
static gboolean
store_replace_occurrences (RsStore  *self,
                           RsSale   *sale,
                           gint64    now,
                           GError  **error)
{
  g_autoptr(GPtrArray) unmarked = g_ptr_array_new_with_free_func (g_free);
  g_auto(StoreStatement) stmt = store_statement (self, STMT_SELECT_OCCURRENCE_DATES, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, rs_sale_get_uid (sale));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = column_text (stmt, 0);
      GDate issue_date;

      /* A stored date that does not parse cannot be one the sale marks: it goes too. */
      if (text != NULL &&
          (!rs_date_parse (text, "", &issue_date, NULL) ||
           rs_sale_get_occurrence_state (sale, &issue_date) == RS_OCCURRENCE_OPEN))
        g_ptr_array_add (unmarked, g_strdup (text));
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return FALSE;
    }
  store_statement_release (&stmt);

  for (guint i = 0; i < unmarked->len; i++)
    {
      const char *issue_date_text = g_ptr_array_index (unmarked, i);

      if (!store_delete_occurrence (self, rs_sale_get_uid (sale), issue_date_text, error))
        return FALSE;
    }

  return store_insert_occurrences (self, sale, now, error);
}

static gboolean
store_insert_sale (RsStore  *self,
                   RsSale   *sale,
                   gint64    created,
                   gint64    now,
                   GError  **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, STMT_INSERT_SALE, error);

  if (stmt == NULL)
    return FALSE;

  bind_sale (stmt, sale, created, now, 1);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
                     /* Translators: %s is a sale identifier */
                     _("A sale with the identifier %s already exists."), rs_sale_get_uid (sale));
      else
        set_sqlite_error (self, error);
      return FALSE;
    }

  return store_insert_rules (self, sale, error) &&
         store_insert_occurrences (self, sale, now, error) &&
         store_log_change (self, rs_sale_get_uid (sale), FALSE, error);
}

static gboolean
store_update_sale_row (RsStore  *self,
                       RsSale   *sale,
                       gint64    now,
                       guint64   revision,
                       GError  **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, STMT_UPDATE_SALE, error);

  if (stmt == NULL)
    return FALSE;

  bind_sale (stmt, sale, 0, now, revision);
  return store_step_done (self, stmt, error);
}

/* The stored revision and creation time of @uid; FALSE with RS_ERROR_NOT_FOUND when absent. */
static gboolean
store_get_sale_revision (RsStore     *self,
                         const char  *uid,
                         guint64     *out_revision,
                         gint64      *out_created,
                         GError     **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, STMT_GET_SALE_REVISION, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, uid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found_error (uid, error);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      return FALSE;
    }

  *out_revision = (guint64) MAX (sqlite3_column_int64 (stmt, 0), 0);
  if (out_created != NULL)
    *out_created = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static gboolean
check_expected_revision (const char  *uid,
                         guint64      stored_revision,
                         guint64      expected_revision,
                         GError     **error)
{
  char stored_text[32], expected_text[32];

  if (stored_revision == expected_revision)
    return TRUE;

  /* Numbers are formatted beforehand: G_GUINT64_FORMAT inside _() hides the string from
   * xgettext. */
  g_snprintf (stored_text, sizeof stored_text, "%" G_GUINT64_FORMAT, stored_revision);
  g_snprintf (expected_text, sizeof expected_text, "%" G_GUINT64_FORMAT, expected_revision);
  g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
               /* Translators: first %s is a sale identifier, the others revision numbers */
               _("The sale %s was changed by someone else (revision %s, expected %s); "
                 "reload it and try again."),
               uid, stored_text, expected_text);
  return FALSE;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Reading sales */

static gboolean
set_bad_value_error (GError     **error,
                     const char  *column,
                     const char  *value)
{
  g_autofree char *shown = rs_text_for_message (value);

  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: first %s is the stored text, second a column name of the database */
               _("The stored value “%s” of %s is not valid."), shown, column);
  return FALSE;
}

/* An integer column that must fit [@min, @max]; anything else (text, a real) is refused. */
static gboolean
column_int_in_range (sqlite3_stmt  *stmt,
                     int            column,
                     gint64         min,
                     gint64         max,
                     gint64        *out_value,
                     GError       **error)
{
  gint64 value = sqlite3_column_int64 (stmt, column);

  if (sqlite3_column_type (stmt, column) != SQLITE_INTEGER || value < min || value > max)
    return set_bad_value_error (error, sqlite3_column_name (stmt, column),
                                column_text (stmt, column));

  *out_value = value;
  return TRUE;
}

static gboolean
read_term (sqlite3_stmt  *stmt,
           RsSchedule    *schedule,
           GError       **error)
{
  const char *kind_text = column_text (stmt, COL_TERM_KIND);
  gint64 count;

  if (!rs_term_kind_from_string (kind_text, &schedule->term_kind))
    return set_bad_value_error (error, "term_kind", kind_text);

  switch (schedule->term_kind)
    {
    case RS_TERM_UNTIL:
      return rs_date_parse (column_text (stmt, COL_UNTIL_DATE), _("The expiry date"),
                            &schedule->until, error);
    case RS_TERM_COUNT:
      if (!column_int_in_range (stmt, COL_TERM_COUNT, 0, G_MAXUINT, &count, error))
        return FALSE;
      schedule->count = (guint) count;
      return TRUE;
    case RS_TERM_LENGTH:
      return rs_period_parse (column_text (stmt, COL_TERM_LENGTH), _("The term"),
                              &schedule->term_length, error);
    case RS_TERM_OPEN:
    default:
      return TRUE;
    }
}

static gboolean
read_schedule (sqlite3_stmt  *stmt,
               RsSchedule    *schedule,
               GError       **error)
{
  gint64 anchor_day;

  memset (schedule, 0, sizeof *schedule);
  g_date_clear (&schedule->start, 1);
  g_date_clear (&schedule->until, 1);

  if (!rs_period_parse (column_text (stmt, COL_PERIOD), _("The billing period"),
                        &schedule->period, error) ||
      !rs_date_parse (column_text (stmt, COL_START_DATE), _("The start date"),
                      &schedule->start, error) ||
      !column_int_in_range (stmt, COL_ANCHOR_DAY, 0, 31, &anchor_day, error))
    return FALSE;

  schedule->anchor_day = (guint) anchor_day;
  return read_term (stmt, schedule, error);
}

/* The fields of one row of sales; the errors name the field, not the sale. */
static RsSale *
sale_from_row (sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(RsSale) sale = rs_sale_new ();
  RsSchedule schedule;
  RsSaleStatus status;
  RsDelivery delivery;
  const char *status_text, *delivery_text;
  gint64 amount, notice_days = -1, minutes, created, updated, revision, draft, prepay;

  rs_sale_set_uid (sale, column_text (stmt, COL_UID));
  rs_sale_set_client_name (sale, column_text (stmt, COL_CLIENT));
  rs_sale_set_client_email (sale, column_text (stmt, COL_EMAIL));
  rs_sale_set_contact_uid (sale, column_text (stmt, COL_CONTACT_UID));
  rs_sale_set_service (sale, column_text (stmt, COL_SERVICE));
  rs_sale_set_currency (sale, column_text (stmt, COL_CURRENCY));
  rs_sale_set_iban (sale, column_text (stmt, COL_IBAN));
  rs_sale_set_payment_instructions (sale, column_text (stmt, COL_PAYMENT_INSTRUCTIONS));
  rs_sale_set_predecessor_uid (sale, column_text (stmt, COL_PREDECESSOR_UID));
  rs_sale_set_successor_uid (sale, column_text (stmt, COL_SUCCESSOR_UID));
  rs_sale_set_note (sale, column_text (stmt, COL_NOTE));
  rs_sale_set_language (sale, column_text (stmt, COL_LANGUAGE));

  status_text = column_text (stmt, COL_STATUS);
  if (!rs_sale_status_from_string (status_text, &status))
    {
      set_bad_value_error (error, "status", status_text);
      return NULL;
    }

  delivery_text = column_text (stmt, COL_DELIVERY);
  if (!rs_delivery_from_string (delivery_text, &delivery))
    {
      set_bad_value_error (error, "delivery", delivery_text);
      return NULL;
    }

  /* The ranges only keep values inside their C types; rs_sale_validate () judges them. */
  if (!column_int_in_range (stmt, COL_AMOUNT_MINOR, G_MININT64, G_MAXINT64, &amount, error) ||
      (sqlite3_column_type (stmt, COL_NOTICE_DAYS) != SQLITE_NULL &&
       !column_int_in_range (stmt, COL_NOTICE_DAYS, G_MININT, G_MAXINT, &notice_days, error)) ||
      !column_int_in_range (stmt, COL_DRAFT, 0, 1, &draft, error) ||
      !column_int_in_range (stmt, COL_PREPAY, 0, 1, &prepay, error) ||
      !column_int_in_range (stmt, COL_REMINDER_MINUTES, 0, G_MAXUINT, &minutes, error) ||
      !column_int_in_range (stmt, COL_CREATED, G_MININT64, G_MAXINT64, &created, error) ||
      !column_int_in_range (stmt, COL_UPDATED, G_MININT64, G_MAXINT64, &updated, error) ||
      !column_int_in_range (stmt, COL_REVISION, 0, G_MAXINT64, &revision, error) ||
      !read_schedule (stmt, &schedule, error))
    return NULL;

  rs_sale_set_status (sale, status);
  rs_sale_set_delivery (sale, delivery);
  rs_sale_set_amount_minor (sale, amount);
  rs_sale_set_notice_days (sale, (int) notice_days);
  rs_sale_set_draft (sale, draft != 0);
  rs_sale_set_prepay (sale, prepay != 0);
  rs_sale_set_reminder_minutes (sale, (guint) minutes);
  rs_sale_set_created (sale, created);
  rs_sale_set_updated (sale, updated);
  rs_sale_set_revision (sale, (guint64) revision);
  rs_sale_set_schedule (sale, &schedule);

  return g_steal_pointer (&sale);
}

/* Adds the rule of a row of RULE_COLUMNS to @sale. */
static gboolean
add_rule_from_row (RsSale        *sale,
                   sqlite3_stmt  *stmt,
                   GError       **error)
{
  const char *kind_text = column_text (stmt, 1);
  const char *audience_text = column_text (stmt, 3);
  RsReminderKind kind;
  RsAudience audience;
  gint64 lead_days;

  if (!rs_reminder_kind_from_string (kind_text, &kind))
    return set_bad_value_error (error, "kind", kind_text);
  if (!rs_audience_from_string (audience_text, &audience))
    return set_bad_value_error (error, "audience", audience_text);
  if (!column_int_in_range (stmt, 2, 0, G_MAXUINT, &lead_days, error))
    return FALSE;

  rs_sale_add_reminder (sale, kind, (guint) lead_days, audience);
  return TRUE;
}

/* Adds the occurrence of a row of OCCURRENCE_COLUMNS to @sale. */
static gboolean
add_occurrence_from_row (RsSale        *sale,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  const char *state_text = column_text (stmt, 2);
  RsOccurrenceState state;
  GDate issue_date;

  if (!rs_date_parse (column_text (stmt, 1), _("The issue date"), &issue_date, error))
    return FALSE;
  if (!rs_occurrence_state_from_string (state_text, &state))
    return set_bad_value_error (error, "state", state_text);

  rs_sale_set_occurrence_state (sale, &issue_date, state);
  return TRUE;
}

/* Turns a problem found in the stored sale @uid into RS_ERROR_FAILED naming it. */
static void
set_damaged_error (RsStore     *self,
                   const char  *uid,
                   const char  *problem,
                   GError     **error)
{
  g_autofree char *shown = rs_text_for_message (uid);

  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: first %s is a sale identifier, second a file name, third a
                * sentence saying what is wrong */
               _("The sale %s in the store %s is damaged: %s"),
               shown, self->path, problem);
}

/* The sale whose row @stmt is on, without rules and occurrences yet. */
static RsSale *
store_sale_from_row (RsStore       *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  RsSale *sale = sale_from_row (stmt, &local_error);

  if (sale == NULL)
    set_damaged_error (self, column_text (stmt, COL_UID), local_error->message, error);

  return sale;
}

/* The last check of a loaded sale: data on disk is outside input too. */
static gboolean
store_check_loaded_sale (RsStore  *self,
                         RsSale   *sale,
                         GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  if (rs_sale_validate (sale, &local_error))
    return TRUE;

  set_damaged_error (self, rs_sale_get_uid (sale), local_error->message, error);
  return FALSE;
}

static gboolean
store_load_children (RsStore      *self,
                     RsSale       *sale,
                     StatementId   id,
                     gboolean    (*add_from_row) (RsSale *, sqlite3_stmt *, GError **),
                     GError      **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, id, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, rs_sale_get_uid (sale));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;

      if (!add_from_row (sale, stmt, &local_error))
        {
          set_damaged_error (self, rs_sale_get_uid (sale), local_error->message, error);
          return FALSE;
        }
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return FALSE;
    }

  return TRUE;
}

/* One sale with its rules and occurrences, validated; inside a transaction. */
static RsSale *
store_load_sale (RsStore     *self,
                 const char  *uid,
                 GError     **error)
{
  g_auto(StoreStatement) stmt = store_statement (self, STMT_SELECT_SALE, error);
  g_autoptr(RsSale) sale = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 0, uid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found_error (uid, error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      return NULL;
    }

  sale = store_sale_from_row (self, stmt, error);
  if (sale == NULL)
    return NULL;

  if (!store_load_children (self, sale, STMT_SELECT_RULES_OF_SALE, add_rule_from_row, error) ||
      !store_load_children (self, sale, STMT_SELECT_OCCURRENCES_OF_SALE, add_occurrence_from_row,
                            error) ||
      !store_check_loaded_sale (self, sale, error))
    return NULL;

  return g_steal_pointer (&sale);
}

/* Opening */

char *
rs_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), STORE_DIRECTORY_NAME, STORE_FILE_NAME, NULL);
}

/* Creates the store's folder 0700. A looser folder is tightened only when it is our own
 * (named evolution-recurring-sales): a store put in, say, $HOME must not change $HOME. */
static gboolean
prepare_directory (const char  *path,
                   GError     **error)
{
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (directory);
  struct stat info;

  if (g_mkdir_with_parents (directory, 0700) != 0 || g_stat (directory, &info) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is a folder name, second the system's reason */
                   _("The folder %s for the store could not be created: %s."),
                   directory, g_strerror (saved_errno));
      return FALSE;
    }

  if ((info.st_mode & 0077) != 0 && g_str_equal (name, STORE_DIRECTORY_NAME) &&
      info.st_uid == getuid ())
    {
      if (g_chmod (directory, 0700) == 0)
        g_warning ("The folder %s was readable by others; its mode is now 0700.", directory);
      else
        g_warning ("The folder %s is readable by others and could not be restricted: %s",
                   directory, g_strerror (errno));
    }

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
          set_not_a_store_error (path, error);
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
static gboolean
open_connection_to (RsStore     *self,
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
  return open_connection_to (self, self->path, readonly, error);
}

/* Runs a query that gives one integer; FALSE on any error (no message: the caller knows
 * what failing means here). */
static gboolean
query_int (RsStore    *self,
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
static gboolean
check_identity (RsStore   *self,
                gboolean   allow_empty,
                gint64    *out_user_version,
                GError   **error)
{
  gint64 application_id, user_version, n_objects;

  if (!query_int (self, "PRAGMA application_id", &application_id) ||
      !query_int (self, "PRAGMA user_version", &user_version) ||
      !query_int (self, "SELECT count(*) FROM sqlite_master", &n_objects))
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
      set_not_a_store_error (self->path, error);
      return FALSE;
    }

  if (user_version > RS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
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
static char *
integrity_verdict (RsStore *self)
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
  g_autofree char *verdict = integrity_verdict (self);

  if (verdict == NULL)
    {
      set_open_error (self, error);
      return FALSE;
    }

  if (!g_str_equal (verdict, "ok"))
    {
      g_autofree char *shown = rs_text_for_message (verdict);

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
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
      set_sqlite_error (self, error);
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
  if (!query_int (self, "PRAGMA user_version", &user_version))
    return FALSE;

  for (gint64 version = user_version; version < RS_STORE_SCHEMA_VERSION; version++)
    {
      if (sqlite3_exec (self->db, migrations[version], NULL, NULL, NULL) != SQLITE_OK)
        return FALSE;
    }

  set_versions = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                  STORE_APPLICATION_ID, RS_STORE_SCHEMA_VERSION);
  return sqlite3_exec (self->db, set_versions, NULL, NULL, NULL) == SQLITE_OK;
}

static gboolean
migrate (RsStore  *self,
         gint64    user_version,
         GError  **error)
{
  if (user_version == RS_STORE_SCHEMA_VERSION)
    return TRUE;

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error);
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
      store_rollback (self);
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
      !check_identity (self, !readonly, &user_version, error))
    return NULL;

  if (!readonly)
    {
      sqlite3_close (self->db);
      self->db = NULL;
      if (!open_connection (self, FALSE, error) ||
          !check_identity (self, TRUE, &user_version, error))
        return NULL;
    }

  if (!check_integrity (self, error))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (readonly)
    return g_steal_pointer (&self);

  tighten_file_modes (path);
  if (!configure_connection (self, error) || !migrate (self, user_version, error))
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

const char *
rs_store_get_path (RsStore *self)
{
  g_return_val_if_fail (RS_IS_STORE (self), NULL);

  return self->path;
}

guint64
rs_store_get_revision (RsStore *self)
{
  g_autoptr(GError) error = NULL;
  guint64 revision = 0;

  g_return_val_if_fail (RS_IS_STORE (self), 0);

  if (!store_read_revision (self, &revision, &error))
    g_warning ("%s", error->message);

  return revision;
}

/* Writing */

static gboolean
add_sales (RsStore   *self,
           RsSale   **sales,
           guint      n_sales,
           GError   **error)
{
  gint64 now = now_seconds ();

  /* Everything is checked before the transaction starts: a refused sale writes nothing. */
  for (guint i = 0; i < n_sales; i++)
    {
      g_return_val_if_fail (RS_IS_SALE (sales[i]), FALSE);

      if (!rs_sale_validate (sales[i], error))
        {
          if (n_sales > 1)
            g_prefix_error (error,
                            /* Translators: the numbers say which sale of a batch is refused;
                             * a sentence saying why follows */
                            _("Sale %u of %u: "), i + 1, n_sales);
          return FALSE;
        }
    }

  if (!store_begin_write (self, error))
    return FALSE;

  for (guint i = 0; i < n_sales; i++)
    {
      /* An imported sale keeps when it was first created; a new one is created now. */
      gint64 created = rs_sale_get_created (sales[i]) > 0 ? rs_sale_get_created (sales[i]) : now;

      if (!store_insert_sale (self, sales[i], created, now, error))
        {
          store_rollback (self);
          return FALSE;
        }
    }

  if (!store_commit (self, error))
    {
      store_rollback (self);
      return FALSE;
    }

  /* Only now: a failed transaction leaves the caller's sales as they were too. */
  for (guint i = 0; i < n_sales; i++)
    {
      rs_sale_set_revision (sales[i], 1);
      if (rs_sale_get_created (sales[i]) <= 0)
        rs_sale_set_created (sales[i], now);
      rs_sale_set_updated (sales[i], now);
    }

  return TRUE;
}

gboolean
rs_store_add_sale (RsStore  *self,
                   RsSale   *sale,
                   GError  **error)
{
  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return add_sales (self, &sale, 1, error);
}

gboolean
rs_store_add_sales (RsStore    *self,
                    GPtrArray  *sales,
                    GError    **error)
{
  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (sales != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sales->len == 0)
    return TRUE;

  return add_sales (self, (RsSale **) sales->pdata, sales->len, error);
}

static gboolean
update_sale (RsStore  *self,
             RsSale   *sale,
             guint64   expected_revision,
             gint64    now,
             gint64   *out_created,
             GError  **error)
{
  const char *uid = rs_sale_get_uid (sale);
  guint64 stored_revision;

  if (!store_get_sale_revision (self, uid, &stored_revision, out_created, error) ||
      !check_expected_revision (uid, stored_revision, expected_revision, error) ||
      !store_update_sale_row (self, sale, now, stored_revision + 1, error))
    return FALSE;

  {
    g_auto(StoreStatement) stmt = store_statement (self, STMT_DELETE_RULES, error);

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 0, uid);
    if (!store_step_done (self, stmt, error))
      return FALSE;
  }

  return store_insert_rules (self, sale, error) &&
         store_replace_occurrences (self, sale, now, error) &&
         store_log_change (self, uid, FALSE, error);
}

gboolean
rs_store_update_sale (RsStore  *self,
                      RsSale   *sale,
                      guint64   expected_revision,
                      GError  **error)
{
  gint64 now = now_seconds ();
  gint64 created = 0;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rs_sale_validate (sale, error) || !store_begin_write (self, error))
    return FALSE;

  if (!update_sale (self, sale, expected_revision, now, &created, error) ||
      !store_commit (self, error))
    {
      store_rollback (self);
      return FALSE;
    }

  rs_sale_set_revision (sale, expected_revision + 1);
  rs_sale_set_created (sale, created);
  rs_sale_set_updated (sale, now);
  return TRUE;
}

/* Removing a renewal gives its predecessor back its expiry: it is active again and reminds
 * about it, instead of staying "renewed" by a sale that no longer exists. */
static gboolean
unlink_predecessor (RsStore  *self,
                    RsSale   *sale,
                    GError  **error)
{
  g_autoptr(RsSale) predecessor = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *predecessor_uid = rs_sale_get_predecessor_uid (sale);

  if (predecessor_uid == NULL)
    return TRUE;

  predecessor = store_load_sale (self, predecessor_uid, &local_error);
  if (predecessor == NULL)
    {
      if (g_error_matches (local_error, RS_ERROR, RS_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_strcmp0 (rs_sale_get_successor_uid (predecessor), rs_sale_get_uid (sale)) != 0)
    return TRUE;

  rs_sale_set_successor_uid (predecessor, NULL);
  if (rs_sale_get_status (predecessor) == RS_SALE_STATUS_RENEWED)
    rs_sale_set_status (predecessor, RS_SALE_STATUS_ACTIVE);

  return store_update_sale_row (self, predecessor, now_seconds (), rs_sale_get_revision (predecessor) + 1, error) &&
         store_log_change (self, predecessor_uid, FALSE, error);
}

static gboolean
remove_sale (RsStore     *self,
             const char  *uid,
             GError     **error)
{
  g_auto(StoreStatement) stmt = NULL;
  g_autoptr(RsSale) sale = store_load_sale (self, uid, error);

  if (sale == NULL || !unlink_predecessor (self, sale, error))
    return FALSE;

  stmt = store_statement (self, STMT_DELETE_SALE, error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, uid);
  if (!store_step_done (self, stmt, error))
    return FALSE;

  /* Rules and occurrences go with it (ON DELETE CASCADE). */
  if (sqlite3_changes (self->db) == 0)
    {
      set_not_found_error (uid, error);
      return FALSE;
    }

  return store_log_change (self, uid, TRUE, error);
}

gboolean
rs_store_remove_sale (RsStore     *self,
                      const char  *uid,
                      GError     **error)
{
  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (uid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_begin_write (self, error))
    return FALSE;

  if (!remove_sale (self, uid, error) || !store_commit (self, error))
    {
      store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* Whether @issue_date is one of the issue dates of @sale's schedule, within its term. */
static gboolean
check_issue_date (RsSale       *sale,
                  const GDate  *issue_date,
                  GError      **error)
{
  GDate found;
  char date_text[11];

  if (rs_schedule_next_issue_on_or_after (rs_sale_get_schedule (sale), issue_date, &found, NULL) &&
      g_date_compare (&found, issue_date) == 0)
    return TRUE;

  rs_date_to_iso_buf (issue_date, date_text);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: first %s is a date (YYYY-MM-DD), second a sale identifier */
               _("The date %s is not an issue date of the sale %s."),
               date_text, rs_sale_get_uid (sale));
  return FALSE;
}

static gboolean
mark_occurrence (RsStore            *self,
                 const char         *uid,
                 const GDate        *issue_date,
                 RsOccurrenceState   state,
                 GError            **error)
{
  g_autoptr(RsSale) sale = store_load_sale (self, uid, error);
  g_auto(StoreStatement) stmt = NULL;
  gint64 now = now_seconds ();

  if (sale == NULL || !check_issue_date (sale, issue_date, error))
    return FALSE;

  if (state == RS_OCCURRENCE_OPEN)
    {
      char date_text[11];

      rs_date_to_iso_buf (issue_date, date_text);
      if (!store_delete_occurrence (self, uid, date_text, error))
        return FALSE;
    }
  else if (!store_upsert_occurrence (self, uid, issue_date, state, now, error))
    {
      return FALSE;
    }

  stmt = store_statement (self, STMT_SET_SALE_REVISION, error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, uid);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) rs_sale_get_revision (sale) + 1);
  sqlite3_bind_int64 (stmt, 3, now);
  return store_step_done (self, stmt, error) && store_log_change (self, uid, FALSE, error);
}

gboolean
rs_store_mark_occurrence (RsStore            *self,
                          const char         *uid,
                          const GDate        *issue_date,
                          RsOccurrenceState   state,
                          GError            **error)
{
  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (uid != NULL, FALSE);
  g_return_val_if_fail (issue_date != NULL && g_date_valid (issue_date), FALSE);
  g_return_val_if_fail ((guint) state <= RS_OCCURRENCE_SKIPPED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_begin_write (self, error))
    return FALSE;

  if (!mark_occurrence (self, uid, issue_date, state, error) || !store_commit (self, error))
    {
      store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* A successor must take over exactly where the old sale stops: same period, first date the old
 * series' next date after its expiry (rs_schedule_renew computes such a schedule). Anything else
 * would leave days unbilled or bill them twice. */
static gboolean
check_continues (RsSale     *sale,
                 RsSale     *successor,
                 GError    **error)
{
  const RsSchedule *old_schedule = rs_sale_get_schedule (sale);
  const RsSchedule *new_schedule = rs_sale_get_schedule (successor);
  GDate expected_start, first, expected_first;
  char expected_text[11];

  if (!rs_schedule_successor_start (old_schedule, &expected_start, error))
    return FALSE;

  /* Compare the dates the series aim for, so an anchored successor counts as continuing. */
  if (rs_period_equal (&old_schedule->period, &new_schedule->period) &&
      g_date_compare (&new_schedule->start, &expected_start) == 0 &&
      rs_schedule_nth_date (new_schedule, 1, &first) &&
      rs_schedule_nth_date (old_schedule, rs_schedule_n_issues (old_schedule) + 1, &expected_first) &&
      g_date_compare (&first, &expected_first) == 0)
    return TRUE;

  rs_date_to_iso_buf (&expected_start, expected_text);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is a sale identifier, %2$s a date (YYYY-MM-DD) */
               _("A renewal of the sale %1$s must keep its billing period and start on %2$s, "
                 "the next date of its schedule after it expires."),
               rs_sale_get_uid (sale), expected_text);
  return FALSE;
}

static gboolean
renew_sale (RsStore     *self,
            const char  *uid,
            guint64      expected_revision,
            RsSale      *successor,
            gint64       now,
            GError     **error)
{
  g_autoptr(RsSale) sale = store_load_sale (self, uid, error);

  if (sale == NULL ||
      !check_expected_revision (uid, rs_sale_get_revision (sale), expected_revision, error))
    return FALSE;

  if (rs_sale_get_status (sale) == RS_SALE_STATUS_RENEWED)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
                   /* Translators: first %s is a sale identifier, second its successor's */
                   _("The sale %s was already renewed by %s."),
                   uid, rs_sale_get_successor_uid (sale) != NULL ?
                        rs_sale_get_successor_uid (sale) : "?");
      return FALSE;
    }

  if (!check_continues (sale, successor, error))
    return FALSE;

  rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
  rs_sale_set_successor_uid (sale, rs_sale_get_uid (successor));

  return rs_sale_validate (sale, error) &&
         store_update_sale_row (self, sale, now, expected_revision + 1, error) &&
         store_log_change (self, uid, FALSE, error) &&
         store_insert_sale (self, successor, now, now, error);
}

gboolean
rs_store_renew_sale (RsStore     *self,
                     const char  *uid,
                     guint64      expected_revision,
                     RsSale      *successor,
                     GError     **error)
{
  g_autofree char *previous_predecessor = NULL;
  gint64 now = now_seconds ();

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (uid != NULL, FALSE);
  g_return_val_if_fail (RS_IS_SALE (successor), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (uid, rs_sale_get_uid (successor)) == 0)
    {
      g_autofree char *shown = rs_text_for_message (uid);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a sale identifier */
                   _("The sale %s cannot be its own successor; give the renewal a new identifier."),
                   shown);
      return FALSE;
    }

  /* The successor is linked here; on failure the caller gets it back as it gave it. */
  previous_predecessor = g_strdup (rs_sale_get_predecessor_uid (successor));
  rs_sale_set_predecessor_uid (successor, uid);
  if (!rs_sale_validate (successor, error) || !store_begin_write (self, error))
    {
      rs_sale_set_predecessor_uid (successor, previous_predecessor);
      return FALSE;
    }

  if (!renew_sale (self, uid, expected_revision, successor, now, error) ||
      !store_commit (self, error))
    {
      store_rollback (self);
      rs_sale_set_predecessor_uid (successor, previous_predecessor);
      return FALSE;
    }

  rs_sale_set_revision (successor, 1);
  rs_sale_set_created (successor, now);
  rs_sale_set_updated (successor, now);
  return TRUE;
}

/* Reading */

RsSale *
rs_store_get_sale (RsStore     *self,
                   const char  *uid,
                   GError     **error)
{
  RsSale *sale;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* One read transaction: the sale and its rules and occurrences from the same snapshot. */
  if (!store_begin_read (self, error))
    return NULL;

  sale = store_load_sale (self, uid, error);
  store_end_read (self);
  return sale;
}

/* Steps a child cursor (rules or occurrences, ordered by sale_uid) up to @uid and adds the rows
 * of @uid to @sale. @rc holds the cursor's last step result. */
static gboolean
merge_children (RsStore       *self,
                RsSale        *sale,
                sqlite3_stmt  *stmt,
                int           *rc,
                gboolean     (*add_from_row) (RsSale *, sqlite3_stmt *, GError **),
                GError       **error)
{
  const char *uid = rs_sale_get_uid (sale);

  /* Rows of no sale cannot exist while foreign keys are on; skip them if they do. */
  while (*rc == SQLITE_ROW && g_strcmp0 (column_text (stmt, 0), uid) < 0)
    *rc = sqlite3_step (stmt);

  while (*rc == SQLITE_ROW && g_strcmp0 (column_text (stmt, 0), uid) == 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (!add_from_row (sale, stmt, &local_error))
        {
          set_damaged_error (self, uid, local_error->message, error);
          return FALSE;
        }
      *rc = sqlite3_step (stmt);
    }

  if (*rc != SQLITE_ROW && *rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return FALSE;
    }

  return TRUE;
}

/* All sales in three ordered scans merged in one pass, rather than three queries per sale. */
static GPtrArray *
list_sales (RsStore  *self,
            GError  **error)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(StoreStatement) sale_stmt = store_statement (self, STMT_LIST_SALES, error);
  g_auto(StoreStatement) rule_stmt = NULL;
  g_auto(StoreStatement) occurrence_stmt = NULL;
  int sale_rc, rule_rc, occurrence_rc;

  if (sale_stmt == NULL ||
      (rule_stmt = store_statement (self, STMT_LIST_RULES, error)) == NULL ||
      (occurrence_stmt = store_statement (self, STMT_LIST_OCCURRENCES, error)) == NULL)
    return NULL;

  rule_rc = sqlite3_step (rule_stmt);
  occurrence_rc = sqlite3_step (occurrence_stmt);

  while ((sale_rc = sqlite3_step (sale_stmt)) == SQLITE_ROW)
    {
      g_autoptr(RsSale) sale = store_sale_from_row (self, sale_stmt, error);

      if (sale == NULL ||
          !merge_children (self, sale, rule_stmt, &rule_rc, add_rule_from_row, error) ||
          !merge_children (self, sale, occurrence_stmt, &occurrence_rc, add_occurrence_from_row,
                           error) ||
          !store_check_loaded_sale (self, sale, error))
        return NULL;

      g_ptr_array_add (sales, g_steal_pointer (&sale));
    }

  if (sale_rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&sales);
}

GPtrArray *
rs_store_list_sales (RsStore  *self,
                     GError  **error)
{
  GPtrArray *sales;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!store_begin_read (self, error))
    return NULL;

  sales = list_sales (self, error);
  store_end_read (self);
  return sales;
}

guint
rs_store_count_sales (RsStore  *self,
                      GError  **error)
{
  g_auto(StoreStatement) stmt = NULL;

  g_return_val_if_fail (RS_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  stmt = store_statement (self, STMT_COUNT_SALES, error);
  if (stmt == NULL)
    return 0;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      return 0;
    }

  return (guint) CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);
}

GPtrArray *
rs_store_list_changed_since (RsStore  *self,
                             guint64   revision,
                             GError  **error)
{
  g_autoptr(GPtrArray) uids = g_ptr_array_new_with_free_func (g_free);
  g_auto(StoreStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Revisions are stored as SQLite integers, which stop at G_MAXINT64. */
  if (revision > G_MAXINT64)
    return g_steal_pointer (&uids);

  stmt = store_statement (self, STMT_LIST_CHANGED_SINCE, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) revision);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uids, g_strdup (column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&uids);
}

/* The delivery ledger */

/* Turns a problem found in a stored ledger record of the sale @uid into RS_ERROR_FAILED. */
static void
set_damaged_delivery_error (RsStore     *self,
                            const char  *uid,
                            const char  *problem,
                            GError     **error)
{
  g_autofree char *shown = rs_text_for_message (uid);

  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: first %s is a sale identifier, second a file name, third a
                * sentence saying what is wrong */
               _("The delivery record of the sale %s in the store %s is damaged: %s"),
               shown, self->path, problem);
}

/* The record of a row of DELIVERY_COLUMNS, checked like every row read back: the ledger decides
 * whether a client is mailed, so a word it does not know must not be guessed at. */
static RsDeliveryRecord *
delivery_from_row (sqlite3_stmt  *stmt,
                   GError       **error)
{
  g_autoptr(RsDeliveryRecord) record = g_new0 (RsDeliveryRecord, 1);
  const char *kind_text = column_text (stmt, DCOL_KIND);
  const char *state_text = column_text (stmt, DCOL_STATE);
  const char *mode_text = column_text (stmt, DCOL_MODE);
  const char *message_id = column_text (stmt, DCOL_MESSAGE_ID);
  gint64 lead_days, attempts;

  record->sale_uid = g_strdup (column_text (stmt, DCOL_SALE_UID));
  record->last_error = g_strdup (column_text (stmt, DCOL_LAST_ERROR));
  /* NOT NULL on disk; "" is how a record without one yet is kept. */
  record->message_id = message_id != NULL && *message_id != '\0' ? g_strdup (message_id) : NULL;

  if (record->sale_uid == NULL)
    {
      set_bad_value_error (error, "sale_uid", NULL);
      return NULL;
    }
  if (!rs_reminder_kind_from_string (kind_text, &record->kind))
    {
      set_bad_value_error (error, "kind", kind_text);
      return NULL;
    }
  if (!rs_delivery_state_from_string (state_text, &record->state))
    {
      set_bad_value_error (error, "state", state_text);
      return NULL;
    }
  if (!rs_delivery_from_string (mode_text, &record->mode))
    {
      set_bad_value_error (error, "mode", mode_text);
      return NULL;
    }

  if (!column_int_in_range (stmt, DCOL_LEAD_DAYS, 0, G_MAXUINT, &lead_days, error) ||
      !rs_date_parse (column_text (stmt, DCOL_OCCURRENCE), _("The occurrence date"),
                      &record->occurrence, error) ||
      !column_int_in_range (stmt, DCOL_DUE, G_MININT64, G_MAXINT64, &record->due, error) ||
      !column_int_in_range (stmt, DCOL_ATTEMPTS, 0, G_MAXUINT, &attempts, error) ||
      !column_int_in_range (stmt, DCOL_NEXT_ATTEMPT, G_MININT64, G_MAXINT64,
                            &record->next_attempt, error) ||
      !column_int_in_range (stmt, DCOL_UPDATED, G_MININT64, G_MAXINT64, &record->updated, error))
    return NULL;

  record->lead_days = (guint) lead_days;
  record->attempts = (guint) attempts;
  return g_steal_pointer (&record);
}

static RsDeliveryRecord *
store_delivery_from_row (RsStore       *self,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  RsDeliveryRecord *record = delivery_from_row (stmt, &local_error);

  if (record == NULL)
    set_damaged_delivery_error (self, column_text (stmt, DCOL_SALE_UID), local_error->message,
                                error);

  return record;
}

RsDeliveryRecord *
rs_store_get_delivery (RsStore         *self,
                       const char      *sale_uid,
                       RsReminderKind   kind,
                       guint            lead_days,
                       const GDate     *occurrence,
                       GError         **error)
{
  g_auto(StoreStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (sale_uid != NULL, NULL);
  g_return_val_if_fail ((guint) kind <= RS_REMINDER_KIND_NOTICE, NULL);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = store_statement (self, STMT_SELECT_DELIVERY, error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, DCOL_SALE_UID, sale_uid);
  bind_text (stmt, DCOL_KIND, rs_reminder_kind_to_string (kind));
  sqlite3_bind_int64 (stmt, DCOL_LEAD_DAYS + 1, lead_days);
  bind_date (stmt, DCOL_OCCURRENCE, occurrence);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      return NULL;
    }

  return store_delivery_from_row (self, stmt, error);
}

gboolean
rs_store_put_delivery (RsStore                 *self,
                       const RsDeliveryRecord  *record,
                       GError                 **error)
{
  g_auto(StoreStatement) stmt = NULL;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (record->sale_uid != NULL, FALSE);
  g_return_val_if_fail ((guint) record->kind <= RS_REMINDER_KIND_NOTICE, FALSE);
  g_return_val_if_fail (g_date_valid (&record->occurrence), FALSE);
  g_return_val_if_fail ((guint) record->state <= RS_DELIVERY_STATE_CANCELLED, FALSE);
  g_return_val_if_fail ((guint) record->mode <= RS_DELIVERY_OFF, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_check_writable (self, error))
    return FALSE;

  stmt = store_statement (self, STMT_UPSERT_DELIVERY, error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, DCOL_SALE_UID, record->sale_uid);
  bind_text (stmt, DCOL_KIND, rs_reminder_kind_to_string (record->kind));
  sqlite3_bind_int64 (stmt, DCOL_LEAD_DAYS + 1, record->lead_days);
  bind_date (stmt, DCOL_OCCURRENCE, &record->occurrence);
  sqlite3_bind_int64 (stmt, DCOL_DUE + 1, record->due);
  bind_text (stmt, DCOL_STATE, rs_delivery_state_to_string (record->state));
  bind_text (stmt, DCOL_MODE, rs_delivery_to_string (record->mode));
  bind_text (stmt, DCOL_MESSAGE_ID, record->message_id != NULL ? record->message_id : "");
  sqlite3_bind_int64 (stmt, DCOL_ATTEMPTS + 1, record->attempts);
  sqlite3_bind_int64 (stmt, DCOL_NEXT_ATTEMPT + 1, record->next_attempt);
  bind_text (stmt, DCOL_LAST_ERROR, record->last_error);
  sqlite3_bind_int64 (stmt, DCOL_UPDATED + 1, record->updated);

  /* One statement outside any transaction is a transaction of its own. It does not go through
   * store_begin_write () on purpose: the ledger is no change to a sale, so neither the store
   * revision nor the changes table moves, and the calendar does not reload for it. */
  return store_step_done (self, stmt, error);
}

GPtrArray *
rs_store_list_deliveries (RsStore     *self,
                          const char  *sale_uid,
                          int          state,
                          gint64       due_from,
                          gint64       due_until,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_auto(StoreStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (state >= -1 && state <= RS_DELIVERY_STATE_CANCELLED, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = store_statement (self, STMT_LIST_DELIVERIES, error);
  if (stmt == NULL)
    return NULL;

  /* Unbound parameters are NULL: "any sale", "any state". */
  bind_text (stmt, 0, sale_uid);
  if (state >= 0)
    bind_text (stmt, 1, rs_delivery_state_to_string ((RsDeliveryState) state));
  sqlite3_bind_int64 (stmt, 3, due_from != 0 ? due_from : G_MININT64);
  sqlite3_bind_int64 (stmt, 4, due_until);
  sqlite3_bind_int64 (stmt, 5, limit > 0 ? (sqlite3_int64) limit : -1);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_delivery_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RsDeliveryRecord *record = store_delivery_from_row (self, stmt, error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (records, record);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

gboolean
rs_store_get_setting_int (RsStore     *self,
                          const char  *key,
                          gint64      *out_value,
                          GError     **error)
{
  g_auto(StoreStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 value;
  int rc;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = store_statement (self, STMT_GET_SETTING, error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      return FALSE;
    }

  if (!column_int_in_range (stmt, 0, G_MININT64, G_MAXINT64, &value, &local_error))
    {
      g_autofree char *shown = rs_text_for_message (key);

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is the name of a setting, second a file name, third a
                    * sentence saying what is wrong */
                   _("The setting %s in the store %s is damaged: %s"),
                   shown, self->path, local_error->message);
      return FALSE;
    }

  if (out_value != NULL)
    *out_value = value;
  return TRUE;
}

gboolean
rs_store_set_setting_int (RsStore     *self,
                          const char  *key,
                          gint64       value,
                          GError     **error)
{
  g_auto(StoreStatement) stmt = NULL;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_check_writable (self, error))
    return FALSE;

  stmt = store_statement (self, STMT_SET_SETTING, error);
  if (stmt == NULL)
    return FALSE;

  /* Like a ledger write: its own transaction, and no change of the store revision. */
  bind_text (stmt, 0, key);
  sqlite3_bind_int64 (stmt, 2, value);
  return store_step_done (self, stmt, error);
}

/* Backup */

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

/* Copies the store into the empty file @copy_path. */
static gboolean
copy_database (RsStore       *self,
               const char    *copy_path,
               const char    *destination_path,
               GCancellable  *cancellable,
               GError       **error)
{
  sqlite3 *copy_db = NULL;

  if (sqlite3_open_v2 (copy_path, &copy_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      set_backup_error (destination_path,
                        copy_db != NULL ? sqlite3_errmsg (copy_db) : g_strerror (ENOMEM), error);
      sqlite3_close (copy_db);
      return FALSE;
    }

  /* Either way the checks below say what happened. */
  (void) copy_pages (copy_db, self->db, cancellable);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      sqlite3_close (copy_db);
      return FALSE;
    }

  /* A backup is one self-contained file: no WAL beside it. */
  if (sqlite3_errcode (copy_db) != SQLITE_OK ||
      sqlite3_exec (copy_db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_backup_error (destination_path, sqlite3_errmsg (copy_db), error);
      sqlite3_close (copy_db);
      return FALSE;
    }

  if (sqlite3_close (copy_db) != SQLITE_OK)
    {
      set_backup_error (destination_path, sqlite3_errmsg (copy_db), error);
      return FALSE;
    }

  return TRUE;
}

static void
remove_copy (const char *copy_path)
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

  if (!copy_database (self, copy_path, destination_path, cancellable, error))
    {
      remove_copy (copy_path);
      return FALSE;
    }

  if (g_rename (copy_path, destination_path) != 0)
    {
      set_backup_error (destination_path, g_strerror (errno), error);
      remove_copy (copy_path);
      return FALSE;
    }

  return TRUE;
}

/* Restore
 *
 * The backup is never written to: it is identified over a read-only connection (nothing foreign
 * is even copied), then copied into a private file beside the store, and everything else —
 * integrity, foreign keys, the migration of an older schema, reading back every sale and ledger
 * record — happens on that copy. Only a copy that passed all of it replaces the store's sales,
 * in one write transaction of the store's own connection: readers see the old sales or the new
 * ones, and another writer waits rather than interleaves.
 *
 * That transaction copies rows, not pages (SQLite's backup API would replace the whole file,
 * and it cannot share a transaction with the bookkeeping below): the sales, their reminder rules
 * and marks are replaced; the delivery ledger is merged, never rolled back, since forgetting a
 * delivery would mail a client twice; settings the store already has are kept. Every restored
 * sale gets a revision above both its old and its backed-up one (a compare-and-swap based on
 * the old sales fails instead of overwriting the restored one), and every uid, old and new, is
 * logged under store revisions above both stores', so the calendar's change detection sees
 * everything that changed. */

#define RESTORE_RULE_COLUMNS       "sale_uid, position, kind, lead_days, audience"
#define RESTORE_OCCURRENCE_COLUMNS "sale_uid, issue_date, state, marked_at"

static const char restore_sql[] =
  "UPDATE restored.sales SET revision = max (revision, coalesce ("
  "  (SELECT old.revision FROM main.sales AS old WHERE old.uid = sales.uid), 0)) + 1;"
  "DELETE FROM main.occurrences;"
  "DELETE FROM main.reminder_rules;"
  "DELETE FROM main.sales;"
  "INSERT INTO main.sales (" SALE_COLUMNS ") SELECT " SALE_COLUMNS " FROM restored.sales;"
  "INSERT INTO main.reminder_rules (" RESTORE_RULE_COLUMNS ") "
  "  SELECT " RESTORE_RULE_COLUMNS " FROM restored.reminder_rules;"
  "INSERT INTO main.occurrences (" RESTORE_OCCURRENCE_COLUMNS ") "
  "  SELECT " RESTORE_OCCURRENCE_COLUMNS " FROM restored.occurrences;"
  /* A delivered record is never replaced; otherwise the backup's wins if it is delivered or
   * newer. ("WHERE true" tells the parser that ON CONFLICT is not a join's ON.) */
  "INSERT INTO main.deliveries (" DELIVERY_COLUMNS ") "
  "  SELECT " DELIVERY_COLUMNS " FROM restored.deliveries WHERE true "
  "  ON CONFLICT (sale_uid, kind, lead_days, occurrence) DO UPDATE SET due = excluded.due, "
  "  state = excluded.state, mode = excluded.mode, message_id = excluded.message_id, "
  "  attempts = excluded.attempts, next_attempt = excluded.next_attempt, "
  "  last_error = excluded.last_error, updated = excluded.updated "
  "  WHERE deliveries.state <> 'delivered' "
  "  AND (excluded.state = 'delivered' OR excluded.updated > deliveries.updated);"
  "INSERT INTO main.settings (key, value) SELECT key, value FROM restored.settings WHERE true "
  "  ON CONFLICT (key) DO NOTHING;";

/* Every uid of the store or the backup, ordered, and whether the restore removes it. */
#define RESTORE_UIDS_SQL \
  "SELECT uid, uid NOT IN (SELECT uid FROM restored.sales) FROM main.sales " \
  "UNION SELECT uid, 0 FROM restored.sales ORDER BY 1"

static void
set_restore_error (const char  *source_path,
                   const char  *reason,
                   GError     **error)
{
  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: first %s is a file name, second the reason (from SQLite, in
                * English) */
               _("The backup %s could not be restored: %s."), source_path, reason);
}

static void
set_damaged_backup_error (const char  *source_path,
                          const char  *finding,
                          GError     **error)
{
  g_autofree char *shown = rs_text_for_message (finding);

  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: first %s is a file name, second SQLite's finding (English) */
               _("The backup %s is damaged (%s); nothing was restored."), source_path, shown);
}

/* The file behind @source_path (symbolic links are fine to read through): a regular file. */
static char *
resolve_restore_source (const char  *source_path,
                        GError     **error)
{
  g_autofree char *real_path = realpath (source_path, NULL);
  struct stat info;

  if (real_path == NULL || g_stat (real_path, &info) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: first %s is a file name, second the system's reason */
                   _("The backup %s could not be read: %s."), source_path,
                   g_strerror (saved_errno));
      return NULL;
    }

  if (!S_ISREG (info.st_mode))
    {
      set_not_a_store_error (source_path, error);
      return NULL;
    }

  return g_steal_pointer (&real_path);
}

/* One of our stores, of this version or an older one; an empty file is not a backup. */
static gboolean
identify_backup (RsStore  *backup,
                 gint64   *out_user_version,
                 GError  **error)
{
  if (!check_identity (backup, TRUE, out_user_version, error))
    return FALSE;

  if (*out_user_version == 0)
    {
      set_not_a_store_error (backup->path, error);
      return FALSE;
    }

  return TRUE;
}

/* Copies the backup at @real_path into @copy_path (an empty private file), once it is known to
 * be one of ours. */
static gboolean
restore_copy_backup (const char    *source_path,
                     const char    *real_path,
                     const char    *copy_path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(RsStore) source = g_object_new (RS_TYPE_STORE, NULL);
  sqlite3 *copy_db = NULL;
  gint64 user_version = 0;
  gboolean copied;

  source->path = g_strdup (source_path);
  if (!open_connection_to (source, real_path, TRUE, error) ||
      !identify_backup (source, &user_version, error))
    return FALSE;

  if (sqlite3_open_v2 (copy_path, &copy_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      set_restore_error (source_path,
                         copy_db != NULL ? sqlite3_errmsg (copy_db) : g_strerror (ENOMEM), error);
      sqlite3_close (copy_db);
      return FALSE;
    }

  /* The copy takes the backup's journal mode with its pages; a rollback journal keeps it one
   * file, so that nothing is left beside the store once it is removed. */
  copied = copy_pages (copy_db, source->db, cancellable) &&
           sqlite3_exec (copy_db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK;
  if (!copied && !g_cancellable_set_error_if_cancelled (cancellable, error))
    set_restore_error (source_path, sqlite3_errmsg (copy_db), error);

  if (sqlite3_close (copy_db) != SQLITE_OK && copied)
    {
      set_restore_error (source_path, sqlite3_errmsg (copy_db), error);
      return FALSE;
    }

  return copied;
}

/* No row refers to a sale that is not there: such rows would fail the restore halfway. */
static gboolean
check_foreign_keys (RsStore  *copy,
                    GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  if (sqlite3_prepare_v2 (copy->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      g_autofree char *finding = g_strdup_printf ("%s → %s", column_text (stmt, 0),
                                                  column_text (stmt, 2));

      set_damaged_backup_error (copy->path, finding, error);
    }
  else if (rc != SQLITE_DONE)
    {
      set_sqlite_error (copy, error);
    }

  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* Opens the private copy and checks everything the store would check, and more; the messages
 * name the backup the user gave. */
static gboolean
restore_check_copy (const char    *source_path,
                    const char    *copy_path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(RsStore) copy = g_object_new (RS_TYPE_STORE, NULL);
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GPtrArray) deliveries = NULL;
  g_autofree char *verdict = NULL;
  gint64 user_version = 0;

  copy->path = g_strdup (source_path);
  if (!open_connection_to (copy, copy_path, FALSE, error) ||
      !identify_backup (copy, &user_version, error))
    return FALSE;

  verdict = integrity_verdict (copy);
  if (verdict == NULL)
    {
      set_not_a_store_error (source_path, error);
      return FALSE;
    }
  if (!g_str_equal (verdict, "ok"))
    {
      set_damaged_backup_error (source_path, verdict, error);
      return FALSE;
    }

  if (!check_foreign_keys (copy, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !migrate (copy, user_version, error))
    return FALSE;

  /* Data on disk is outside input: every sale and ledger record must read back valid. */
  if (!store_begin_read (copy, error))
    return FALSE;
  sales = list_sales (copy, error);
  store_end_read (copy);
  if (sales == NULL)
    return FALSE;

  deliveries = rs_store_list_deliveries (copy, NULL, -1, G_MININT64, G_MAXINT64, 0, error);
  return deliveries != NULL;
}

/* Every uid of the store and of the attached backup, and whether the restore removes it. */
static gboolean
restore_collect_uids (RsStore    *self,
                      GPtrArray  *uids,
                      GArray     *removed,
                      GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  if (sqlite3_prepare_v2 (self->db, RESTORE_UIDS_SQL, -1, &stmt, NULL) == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gboolean gone = sqlite3_column_int (stmt, 1) != 0;

          g_ptr_array_add (uids, g_strdup (column_text (stmt, 0)));
          g_array_append_val (removed, gone);
        }
    }

  if (rc != SQLITE_DONE)
    set_sqlite_error (self, error);

  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* The transaction that replaces the sales with those of the attached schema "restored". */
static gboolean
restore_replace_sales (RsStore  *self,
                       GError  **error)
{
  g_autoptr(GPtrArray) uids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (gboolean));
  gint64 backup_revision = 0;

  if (!store_begin_write (self, error))
    return FALSE;

  if (!query_int (self, "SELECT value FROM restored.meta WHERE key = 'revision'",
                  &backup_revision))
    {
      set_sqlite_error (self, error);
      store_rollback (self);
      return FALSE;
    }

  if (!restore_collect_uids (self, uids, removed, error))
    {
      store_rollback (self);
      return FALSE;
    }

  if (sqlite3_exec (self->db, restore_sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error);
      store_rollback (self);
      return FALSE;
    }

  /* Above both stores' revisions: whatever a reader saw of either, all of it changed since. */
  self->write_revision = MAX (self->write_start_revision, (guint64) MAX (backup_revision, 0));
  for (guint i = 0; i < uids->len; i++)
    {
      if (!store_log_change (self, g_ptr_array_index (uids, i),
                             g_array_index (removed, gboolean, i), error))
        {
          store_rollback (self);
          return FALSE;
        }
    }

  if (!store_commit (self, error))
    {
      store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

static gboolean
restore_from_copy (RsStore     *self,
                   const char  *source_path,
                   const char  *copy_path,
                   GError     **error)
{
  g_autoptr(GError) sqlite_error = NULL;
  sqlite3_stmt *attach = NULL;
  int rc = SQLITE_ERROR;
  gboolean replaced;

  /* A parameter, not SQL text: the path is never parsed. */
  if (sqlite3_prepare_v2 (self->db, "ATTACH DATABASE ?1 AS restored", -1, &attach,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (attach, 1, copy_path, -1, SQLITE_STATIC);
      rc = sqlite3_step (attach);
    }
  if (rc != SQLITE_DONE)
    set_restore_error (source_path, sqlite3_errmsg (self->db), error);
  sqlite3_finalize (attach);
  if (rc != SQLITE_DONE)
    return FALSE;

  replaced = restore_replace_sales (self, error);

  /* Only the copy's file stays open otherwise; the cached statements are all reset. */
  if (sqlite3_exec (self->db, "DETACH DATABASE restored", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, &sqlite_error);
      g_warning ("%s", sqlite_error->message);
    }

  return replaced;
}

gboolean
rs_store_restore_sync (RsStore       *self,
                       const char    *source_path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *real_path = NULL;
  g_autofree char *copy_path = NULL;
  gboolean restored;
  int fd;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (source_path != NULL && *source_path != '\0', FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !store_check_writable (self, error))
    return FALSE;

  real_path = resolve_restore_source (source_path, error);
  if (real_path == NULL)
    return FALSE;

  /* Beside the store: in its private folder, on a disk known to have room for a store. */
  copy_path = g_strconcat (self->path, ".restore-XXXXXX", NULL);
  fd = g_mkstemp_full (copy_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_restore_error (source_path, g_strerror (errno), error);
      return FALSE;
    }
  close (fd);

  restored = restore_copy_backup (source_path, real_path, copy_path, cancellable, error) &&
             restore_check_copy (source_path, copy_path, cancellable, error) &&
             !g_cancellable_set_error_if_cancelled (cancellable, error) &&
             restore_from_copy (self, source_path, copy_path, error);

  remove_copy (copy_path);
  return restored;
}
