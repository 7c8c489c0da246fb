/* rs-cli.h: what the sub-commands of recurring-sales share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The command is a thin client of recurring-sales-service: it checks what the user typed
 * (exit 2 before any call), asks the service over D-Bus, and prints the answer for people or,
 * with --json, for scripts. It never opens the store itself. `settings` alone asks nobody: it
 * reads and writes the user's GSettings, which the service reads whenever it needs them.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rs-dbus-generated.h"
#include <recurring-sales/rs-schedule.h>

G_BEGIN_DECLS

#define RS_CLI_PROGRAM     "recurring-sales"
#define RS_CLI_BUS_NAME    "io.github.recurring_sales.RecurringSales1"
#define RS_CLI_OBJECT_PATH "/io/github/recurring_sales/RecurringSales1"

/* A whole import of a large file, or an export of every sale, can take longer than D-Bus's
 * usual 25 seconds. */
#define RS_CLI_LONG_TIMEOUT_MS (120 * 1000)

/* The days `upcoming` shows, today the first of them, and the service's own limit on a window. */
#define RS_CLI_DEFAULT_DAYS 30
#define RS_CLI_MAX_WINDOW_DAYS 3660

/* A typed identifier is at least this long, unless it is a whole uid (as git asks of
 * commits); the short ones shown are at least this long (a UUID's first group). */
#define RS_CLI_MIN_UID_PREFIX 4
#define RS_CLI_SHORT_UID_LENGTH 8

/* The width people's terminals have at least: a terminal that does not say its size. */
#define RS_CLI_TABLE_WIDTH 80

typedef enum {
  RS_CLI_EXIT_OK = 0,
  RS_CLI_EXIT_REFUSED = 1,  /* the service said no, or an import had problems */
  RS_CLI_EXIT_USAGE = 2,    /* bad flags or values, caught before any call */
} RsCliExit;

/* Each sub-command: @command is its name, @argv[0] too. Returns an RsCliExit. */
typedef int (*RsCliCommandFunc) (const char  *command,
                                 int          argc,
                                 char       **argv);

int rs_cli_add      (const char *command, int argc, char **argv);
int rs_cli_edit     (const char *command, int argc, char **argv);
int rs_cli_show     (const char *command, int argc, char **argv);
int rs_cli_list     (const char *command, int argc, char **argv);
int rs_cli_remove   (const char *command, int argc, char **argv);
int rs_cli_renew    (const char *command, int argc, char **argv);
int rs_cli_offer    (const char *command, int argc, char **argv);
int rs_cli_end      (const char *command, int argc, char **argv);
int rs_cli_mark     (const char *command, int argc, char **argv);
int rs_cli_upcoming (const char *command, int argc, char **argv);
int rs_cli_import   (const char *command, int argc, char **argv);
int rs_cli_export   (const char *command, int argc, char **argv);

/* rs-cli-files.c: the files the command reads and writes itself, in the user's locale. */
/* "line 3, column Ποσό: …" (or without the column, or the line) on the standard error. */
void  rs_cli_print_import_problem    (guint       line,
                                      const char *column,
                                      const char *message);
/* After the problems of a refused file: nothing was imported, and what to do. */
void  rs_cli_print_import_refused    (guint n_problems,
                                      guint n_rows);
/* A CSV file read in the user's locale with @columns (may be NULL) as the service's JSON, or
 * NULL once its problems are printed. */
char *rs_cli_csv_to_json             (const char *data,
                                      gsize       length,
                                      GHashTable *columns);
/* The columns and the forms import reads, for `import --help`, in the user's language. */
char *rs_cli_describe_import_columns (void);
/* The service's JSON export as the CSV a spreadsheet opens in the user's locale
 * (rs_csv_write_sales_excel ()). */
char *rs_cli_json_to_excel           (const char  *json,
                                      GError     **error);
/* A calendar of `export --format ics` as the service's JSON, or NULL with a sentence. */
char *rs_cli_ics_to_json             (const char  *data,
                                      gsize        length,
                                      GError     **error);
/* The service's JSON export as the calendar that carries its sales (rs_ics_write_sales ()). */
char *rs_cli_json_to_ics             (const char  *json,
                                      GError     **error);
int rs_cli_backup   (const char *command, int argc, char **argv);
int rs_cli_restore  (const char *command, int argc, char **argv);
int rs_cli_backups  (const char *command, int argc, char **argv);
int rs_cli_deliveries (const char *command, int argc, char **argv);
int rs_cli_preview  (const char *command, int argc, char **argv);
int rs_cli_settings (const char *command, int argc, char **argv);
int rs_cli_team_calendar (const char *command, int argc, char **argv);

/* rs-cli-settings.c: whether what is written into @settings outlives this process (not
 * GSettings's memory backend); else a sentence. */
gboolean rs_cli_settings_check_saved (GSettings  *settings,
                                      GError    **error);
/* rs-cli-team-calendar.c: whether @uid names a calendar the service can publish the team's
 * events into (exists, a calendar, not ours, enabled, opens writable); else a sentence. */
gboolean rs_cli_team_calendar_check (const char  *uid,
                                     GError     **error);
int rs_cli_elorus   (const char *command, int argc, char **argv);

/* rs-cli-common.c: options, usage errors, the connection, the service's refusals */
/* Parses the options of @command, @entries (NULL: none), which its --help lists after
 * @parameters (what follows the command, such as "UID", or NULL) and @summary. On bad options
 * prints the sentence and the hint, and returns FALSE. */
gboolean               rs_cli_parse_options       (const char          *command,
                                                   const char          *parameters,
                                                   const char          *summary,
                                                   const GOptionEntry  *entries,
                                                   int                 *argc,
                                                   char              ***argv);
/* Prints a sentence and "Try “recurring-sales COMMAND --help”." on stderr; returns 2. */
int                    rs_cli_usage               (const char *command,
                                                   const char *format,
                                                   ...) G_GNUC_PRINTF (2, 3);
int                    rs_cli_usage_error         (const char   *command,
                                                   const GError *error);
/* Prints the service's sentence (without the D-Bus error name) on stderr; returns 1. */
int                    rs_cli_refused             (GError *error);
/* Connects to the service on the session bus, starting it through D-Bus activation. */
RsDBusRecurringSales1 *rs_cli_connect             (GError **error);
gboolean               rs_cli_error_is_remote     (const GError *error,
                                                   const char   *short_name);
/* The sale @text names: its whole uid, or a start of it no other sale's uid has (at least
 * RS_CLI_MIN_UID_PREFIX characters), as git takes commits. Asked of the service (FindUids):
 * other applications' D-Bus API stays exact. With @keep_unknown, text that names no sale is
 * returned as it is (the ledger keeps records of removed sales); otherwise, and when @text is
 * too short or the start of several uids, a sentence (listing them) in @error. */
char                  *rs_cli_resolve_uid         (RsDBusRecurringSales1  *proxy,
                                                   const char             *text,
                                                   gboolean                keep_unknown,
                                                   GError                **error);
/* Short identifiers for tables: uid → the shortest start of it that no other sale's uid has,
 * at least RS_CLI_SHORT_UID_LENGTH characters (ShortUids); the whole uid when the service
 * cannot say. @uids: a set (a GHashTable of uids). */
GHashTable            *rs_cli_short_uids          (RsDBusRecurringSales1  *proxy,
                                                   GHashTable             *uids);
/* Checks that exactly @n_wanted arguments follow the command; if not, prints @missing (a
 * sentence saying what to give) or names the first extra argument, and returns FALSE. */
gboolean               rs_cli_check_arguments     (const char  *command,
                                                   int          argc,
                                                   char       **argv,
                                                   int          n_wanted,
                                                   const char  *missing);
/* After a question printed on the terminal: reads the answer, TRUE when it is yes in the
 * user's language (at the end of the input, no). */
gboolean               rs_cli_read_yes            (void);

/* rs-cli-values.c: what the user typed, checked before any call */
gboolean rs_cli_parse_uint       (const char  *text,
                                  const char  *option,
                                  guint        min,
                                  guint        max,
                                  guint       *out_value,
                                  GError     **error);
/* An amount as the user types it: rs_money_parse_local () in the current locale. */
gboolean rs_cli_parse_amount     (const char  *text,
                                  const char  *currency,
                                  gint64      *out_minor,
                                  GError     **error);
/* "30,7" → [30, 7]: lead days of reminders. */
GArray  *rs_cli_parse_lead_days  (const char  *text,
                                  const char  *option,
                                  GError     **error);
/* The schedule of a sale's a{sv} (start, period, anchor_day, until | count | term). */
gboolean rs_cli_schedule_from_dict (GVariant    *dict,
                                    RsSchedule  *out_schedule);
/* "invoice", "expiry", "notice" in the user's language; @brief for a narrow column. */
const char *rs_cli_reminder_kind_label (const char *kind,
                                        gboolean    brief);
/* "active", "paused", "renewed", "ended" in the user's language. */
const char *rs_cli_status_label  (const char *status);
/* "2027-01-31" as the user's language writes it; the text itself when it is not a date. */
char    *rs_cli_format_iso_date  (const char  *iso);
/* The amount of a sale's a{sv} (or an agenda item's) as the user's language writes it; NULL
 * when it has none, or no currency the core knows. */
char    *rs_cli_format_amount    (GVariant    *dict);
/* "2027-01-24 09:00" in @time's zone, the date as the user's language writes it. */
char    *rs_cli_format_date_time (GDateTime   *time);

/* rs-cli-sale-options.c: the options of add and edit, and the a{sv} they make */
typedef struct _RsCliSaleOptions RsCliSaleOptions;

RsCliSaleOptions *rs_cli_sale_options_new       (gboolean for_edit);
void              rs_cli_sale_options_free      (RsCliSaleOptions *options);
const GOptionEntry *rs_cli_sale_options_entries (RsCliSaleOptions *options);
/* Checks the values that need no sale to compare with; exit-2 errors. */
gboolean          rs_cli_sale_options_check     (RsCliSaleOptions *options,
                                                 GError          **error);
gboolean          rs_cli_sale_options_is_empty  (RsCliSaleOptions *options);
/* The a{sv} of the given options (floating). @current (a sale's a{sv}, or NULL when adding)
 * gives the currency of an amount when no --currency was given; keys whose value equals
 * @current's are left out. */
GVariant         *rs_cli_sale_options_to_variant (RsCliSaleOptions *options,
                                                  GVariant         *current,
                                                  GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsCliSaleOptions, rs_cli_sale_options_free)

/* rs-cli-output.c: tables for people, JSON for scripts */
typedef struct _RsCliTable RsCliTable;

/* Columns by their (translated) headings; NULL-terminated. */
RsCliTable *rs_cli_table_new          (const char *first_heading,
                                       ...) G_GNUC_NULL_TERMINATED;
void        rs_cli_table_free         (RsCliTable *table);
/* Right-aligned (amounts), never shrunk: a column whose text must stay whole. */
void        rs_cli_table_set_column   (RsCliTable *table,
                                       guint       column,
                                       gboolean    right_aligned,
                                       gboolean    fixed);
/* A column shrunk only once the other free columns are as narrow as they go: what a row is
 * about. */
void        rs_cli_table_keep_whole   (RsCliTable *table,
                                       guint       column);
/* @cells: one text per column; copied, made one-line and printable. */
void        rs_cli_table_add_row      (RsCliTable        *table,
                                       const char *const *cells);
/* Shrinks the widest free columns until a line fits @width, truncating with "…". */
void        rs_cli_table_print        (RsCliTable *table,
                                       guint       width);
/* The width of the output for tables: the terminal's, else $COLUMNS, else (a pipe, a file)
 * G_MAXUINT: nothing is cut where no one reads it on a screen. */
guint       rs_cli_output_width       (void);
guint       rs_cli_display_width      (const char *text);
char       *rs_cli_truncate           (const char *text,
                                       guint       width);
/* Text from other people (client names, notes) with control characters replaced, so that it
 * cannot move the cursor or forge lines on the user's terminal. */
char       *rs_cli_printable          (const char *text,
                                       gboolean    keep_newlines);
/* What the user typed, quoted back in a message: valid, printable and at most 60 columns. */
char       *rs_cli_shown              (const char *text);
/* An a{sv} of the D-Bus API as a JSON object: amount_minor becomes "amount", a decimal string
 * in the currency's units; reminders become objects. */
JsonNode   *rs_cli_dict_to_json       (GVariant *dict);
/* An aa{sv} as a JSON array of such objects. */
JsonNode   *rs_cli_dicts_to_json      (GVariant *dicts);
void        rs_cli_print_json         (JsonNode *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsCliTable, rs_cli_table_free)

G_END_DECLS
