/* rs-csv-private.h: the RFC 4180 reader that the CSV import reads its rows with
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <recurring-sales/rs-csv.h>

G_BEGIN_DECLS

/* Reads records: lists of fields, each NUL-terminated in one reused buffer, with the physical
 * line where the record starts. Problems it meets in the bytes (a stray quote, a field too
 * long, a NUL byte) are reported into the same list as the import's own. */
typedef struct {
  const char *p;
  const char *end;
  char        separator;
  gboolean    decimal_comma;     /* a semicolon file writes amounts as spreadsheets there do */
  guint       line;              /* the physical line at p, from 1 */
  gboolean    special_unquoted[256];
  gboolean    special_quoted[256];

  /* The record being read: its fields, each NUL-terminated, one after the other. */
  guint       record_line;
  GString    *text;
  gsize       field_offsets[RS_CSV_MAX_COLUMNS];
  guint       n_fields;
  gsize       field_start;
  gboolean    field_too_long;
  gboolean    record_failed;     /* a problem was reported: the row gives no sale */

  /* Set once the header is read: the column of each field, NULL where it is not known. */
  gboolean    has_header;
  const char *column_names[RS_CSV_MAX_COLUMNS];
  guint       n_header;

  GPtrArray  *problems;
  guint       n_problems;
  gboolean    stopped;           /* a problem the reader cannot go past, or too many */
} RsCsvReader;

void        rs_csv_reader_init            (RsCsvReader *reader,
                                           const char  *data,
                                           gsize        length,
                                           GPtrArray   *problems);
void        rs_csv_reader_clear           (RsCsvReader *reader);
/* Reads the next record; FALSE at the end of the data or when the reader stopped. */
gboolean    rs_csv_reader_next_record     (RsCsvReader *reader);
const char *rs_csv_reader_field           (RsCsvReader *reader,
                                           guint        index);
/* A record of empty fields: a blank line, or a row a spreadsheet left behind. */
gboolean    rs_csv_reader_record_is_blank (RsCsvReader *reader);
/* The column of field @index of the current record, or NULL for the header row or a field
 * past the header's columns. */
const char *rs_csv_reader_column_name     (RsCsvReader *reader,
                                           guint        index);
/* Records a problem of the row at @line (of the file when 0); @column may be NULL. */
void        rs_csv_reader_add_problem     (RsCsvReader *reader,
                                           guint        line,
                                           const char  *column,
                                           const char  *message);
/* Reports a problem that leaves nothing after it worth reading. */
void        rs_csv_reader_stop            (RsCsvReader *reader,
                                           guint        line,
                                           const char  *message);

G_END_DECLS
