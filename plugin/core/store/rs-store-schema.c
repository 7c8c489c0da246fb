/* rs-store-schema.c: the store's SQL text: the schema's migrations and the cached statements
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * All the SQL the store runs, but for the pragmas of opening (rs-store-open.c) and the
 * statements of a restore (rs-store-restore.c), is here, and none of it is built from what a
 * caller gives: values are always bound parameters.
 */
#include "config.h"

#include "rs-store-private.h"

/* Schema migrations: step i takes user_version i to i + 1, inside the migration transaction. */
const char * const rs_store_migrations[] = {
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

  /* 2 → 3: the sales brought in from another program (the Elorus sync, docs/elorus.md), by
   * that program's id: one sale per id and one id per program for a sale. No foreign key to
   * sales on purpose, as for the ledger: the link outlives a sale the owner removed, so that
   * the next sync does not bring it back. */
  "CREATE TABLE external_links ("
  "  source      TEXT NOT NULL CHECK (length (source) > 0),"
  "  external_id TEXT NOT NULL CHECK (length (external_id) > 0),"
  "  sale_uid    TEXT NOT NULL,"
  "  PRIMARY KEY (source, external_id)"
  ") WITHOUT ROWID;"
  "CREATE UNIQUE INDEX external_links_by_sale ON external_links (sale_uid, source);",

  /* 3 → 4: the team (its reminders go to a sale's own team or to the setting team-addresses;
   * the audience is a word in reminder_rules already) and the renewal offer; and the ledger
   * keeps team reminders apart from the client's, so its key gains the audience. SQLite
   * cannot change a primary key: the ledger is copied into a new table, every record a
   * client's, as all were. */
  "ALTER TABLE sales ADD COLUMN team TEXT;"
  "ALTER TABLE sales ADD COLUMN offer_state TEXT NOT NULL DEFAULT 'none'"
  "  CHECK (offer_state IN ('none', 'offered', 'accepted', 'declined'));"
  "ALTER TABLE sales ADD COLUMN offer_date TEXT;"
  "ALTER TABLE sales ADD COLUMN offer_note TEXT;"
  "ALTER TABLE sales ADD COLUMN offer_amount_minor INTEGER"
  "  CHECK (offer_amount_minor IS NULL OR offer_amount_minor >= 0);"
  "CREATE TABLE deliveries_4 ("
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
  "  audience     TEXT NOT NULL DEFAULT 'client' CHECK (audience IN ('client', 'team')),"
  "  PRIMARY KEY (sale_uid, kind, lead_days, occurrence, audience)"
  ");"
  "INSERT INTO deliveries_4 (sale_uid, kind, lead_days, occurrence, due, state, mode, "
  "  message_id, attempts, next_attempt, last_error, updated, audience) "
  "  SELECT sale_uid, kind, lead_days, occurrence, due, state, mode, message_id, attempts, "
  "  next_attempt, last_error, updated, 'client' FROM deliveries;"
  "DROP TABLE deliveries;"
  "ALTER TABLE deliveries_4 RENAME TO deliveries;"
  "CREATE INDEX deliveries_by_due ON deliveries (due);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (rs_store_migrations) == RS_STORE_SCHEMA_VERSION);

const char * const rs_store_statement_sql[N_STATEMENTS] = {
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
    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, "
    "?30, ?31, ?32, ?33, ?34)",
  /* Leaves "created" (?25) as it was. */
  [STMT_UPDATE_SALE] =
    "UPDATE sales SET client = ?2, email = ?3, contact_uid = ?4, service = ?5, amount_minor = ?6, "
    "currency = ?7, period = ?8, start_date = ?9, anchor_day = ?10, term_kind = ?11, "
    "until_date = ?12, term_count = ?13, term_length = ?14, notice_days = ?15, draft = ?16, "
    "prepay = ?17, iban = ?18, payment_instructions = ?19, reminder_minutes = ?20, status = ?21, "
    "predecessor_uid = ?22, successor_uid = ?23, note = ?24, updated = ?26, revision = ?27, "
    "delivery = ?28, language = ?29, team = ?30, offer_state = ?31, offer_date = ?32, "
    "offer_note = ?33, offer_amount_minor = ?34 WHERE uid = ?1",
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
    "WHERE sale_uid = ?1 AND kind = ?2 AND lead_days = ?3 AND occurrence = ?4 AND audience = ?13",
  [STMT_UPSERT_DELIVERY] =
    "INSERT INTO deliveries (" DELIVERY_COLUMNS ") "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) " DELIVERY_UPSERT,
  [STMT_DELETE_DELIVERY] =
    "DELETE FROM deliveries "
    "WHERE sale_uid = ?1 AND kind = ?2 AND lead_days = ?3 AND occurrence = ?4 AND audience = ?13",
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
  [STMT_INSERT_EXTERNAL_LINK] =
    "INSERT INTO external_links (source, external_id, sale_uid) VALUES (?1, ?2, ?3)",
  [STMT_SELECT_EXTERNAL_LINK] =
    "SELECT sale_uid FROM external_links WHERE source = ?1 AND external_id = ?2",
  [STMT_LIST_EXTERNAL_LINKS] =
    "SELECT external_id, sale_uid FROM external_links WHERE source = ?1 ORDER BY external_id",
};
