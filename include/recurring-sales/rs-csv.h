/* rs-csv.h: sales as CSV (RFC 4180), for spreadsheets and other invoicing programs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * UTF-8 with or without a BOM; comma or semicolon separated (detected from the header row: a
 * semicolon outside quotes before any comma means semicolons); quoted fields may hold
 * separators, quotes ("") and line breaks (read as "\n", whether the file has LF or CRLF);
 * CRLF, LF or CR line ends, the last line with or without one. Lines whose cells are all empty
 * are skipped; a row with fewer fields than the header leaves the rest empty.
 * The header row names the columns, in any order, case-insensitively, by these names or by
 * the Greek and English words of rs_sale_field_find_csv_header () ("Πελάτης", "Ποσό",
 * "Start date"):
 *   client, service, amount, currency, period, start  (required)
 *   uid, email, contact_uid, until, count, term, anchor_day, notice_days, draft, prepay, iban,
 *   payment_instructions, reminders, remind_invoice, remind_expiry, remind_client,
 *   reminder_time, status, predecessor, successor, note, occurrences  (optional)
 * amount is a decimal ("120.50"; "120,50" when the file is semicolon separated, as spreadsheets
 * in Greek and most European locales write it); draft, prepay and remind_client are
 * yes/no/true/false/1/0 (empty: the default); remind_invoice and remind_expiry are lead days
 * separated by spaces ("30 7"), for the owner, and for the client too when remind_client is
 * yes (which then needs one of them); reminders is the exact form the export writes
 * ("invoice:7:owner expiry:30:client"; ":owner" may be left out; "none" for no reminders)
 * and excludes the three remind_ columns; when any of these reminder columns has a value, the
 * row's reminders are exactly those, else the user's defaults apply; occurrences is
 * "2027-01-31:issued 2027-02-28:skipped"; status, reminder kinds, audiences and occurrence
 * states are the English words of the JSON format, in any case; period and term are also read
 * in words ("monthly", "Μηνιαία", "every 3 months": rs_period_parse_words ()). Text is kept exactly, spaces
 * included; empty cells mean "not given" (the user's defaults apply).
 */
#pragma once

#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

#define RS_CSV_MAX_COLUMNS    64
#define RS_CSV_MAX_ROWS       1000000
#define RS_CSV_MAX_FIELD_SIZE (64 * 1024)
/* After this many problems the reading stops: nobody reads a longer list. */
#define RS_CSV_MAX_PROBLEMS   100

/* One problem of a file that was refused. */
typedef struct {
  guint  line;     /* 1-based physical line where the row starts; 0 for the whole file */
  char  *column;   /* the column's header name, or NULL for the row or the file */
  char  *message;  /* a translated sentence */
} RsCsvProblem;

void rs_csv_problem_free (RsCsvProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsCsvProblem, rs_csv_problem_free)

/* How a file that people made is read, beyond what every CSV file may hold (the header words
 * of rs_sale_field_find_csv_header (), periods in words as rs_period_parse_words () reads
 * them). Files of other programs, and D-Bus, read with none of these. */
typedef struct {
  /* Amounts as people write them in this style (rs_money_parse_local (): "1.234,56",
   * "1234,56" and "1234.56" under el_GR.UTF-8); NULL: as files write them (rs_money_parse ()). */
  const RsMoneyStyle *money_style;
  /* Dates as the user's language writes them too (rs_date_parse_local (): 31/12/2027 in
   * Greek), besides YYYY-MM-DD. */
  gboolean            local_dates;
  /* The field of each of the file's own headers, from rs_csv_columns_parse (); NULL: none. */
  GHashTable         *columns;
} RsCsvReading;

/* Reads "Client=client,Ποσό με ΦΠΑ=amount" (the command's --columns): each header of the file
 * (as written, any case) and the column it is. Returns a table for RsCsvReading.columns, or
 * NULL with a sentence: not HEADER=COLUMN, an unknown column, a header given twice. */
GHashTable *rs_csv_columns_parse (const char  *text,
                                  GError     **error);

/* rs_csv_parse_sales (), reading the file as @reading says (NULL: as rs_csv_parse_sales ()).
 * Every problem names the column as the file's header does. */
GPtrArray *rs_csv_parse_sales_full (const char          *data,
                                    gsize                length,
                                    const RsDefaults    *defaults,
                                    const RsCsvReading  *reading,
                                    GPtrArray           *problems,
                                    GError             **error);

/* Parses and validates every row; @defaults may be NULL (the built-in defaults). On success
 * returns the sales (GPtrArray of RsSale) and leaves @problems empty; when any row is bad
 * returns NULL, appends to @problems (may be NULL; else made with
 * g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free)) every problem found,
 * RsCsvProblem, at most RS_CSV_MAX_PROBLEMS, in file order (within a row: the values that
 * cannot be read in the order rs_sale_validate () checks the fields, then what it finds in the
 * whole sale; each column at most once), and sets @error (RS_ERROR_INVALID_ARGUMENT) to a
 * summary naming the first one ("Line 4, column “amount”: …"). Nothing is partially returned.
 * Memory stays bounded on hostile input: a record beyond RS_CSV_MAX_COLUMNS fields or
 * RS_CSV_MAX_ROWS rows stops the reading, and no field holds more than RS_CSV_MAX_FIELD_SIZE
 * bytes. */
GPtrArray *rs_csv_parse_sales (const char        *data,
                               gsize              length,
                               const RsDefaults  *defaults,
                               GPtrArray         *problems,
                               GError           **error);
/* Every sale as CSV with a header row, comma separated, CRLF line ends, no BOM, fields quoted
 * when needed, IBANs in groups of four (rs_sale_field_to_file_text ()); parse (write (s)) gives the same sales. Cells starting with = + - @ are quoted
 * but kept exactly as they are: spreadsheets may still read them as formulas when the file is
 * opened, so such a file deserves a look before it is shared. */
char      *rs_csv_write_sales (GPtrArray *sales);
/* The same for a spreadsheet in the user's locale, as Excel opens it without an import
 * dialog: a UTF-8 BOM, ";" where @style's decimal separator is not a point (",": Greek and
 * most European locales), amounts with @style's decimal separator and no grouping
 * ("1234,56"), dates as the user's language writes them (rs_date_to_local (): 31/12/2027 in
 * Greek); the same columns. The command reads it back unchanged under the same locale
 * (rs_csv_parse_sales_full () with @style and local dates). */
char      *rs_csv_write_sales_excel (GPtrArray          *sales,
                                     const RsMoneyStyle *style);

G_END_DECLS
