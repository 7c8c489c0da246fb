/* rs-csv-reader.c: the bytes of a CSV file (RFC 4180) as records
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A small state machine over bytes rather than a library: it has to know the physical line
 * where each record starts, keep its memory bounded on hostile input (at most
 * RS_CSV_MAX_COLUMNS fields of RS_CSV_MAX_FIELD_SIZE bytes are ever held) and report problems
 * per row and column. Each record's fields are kept NUL-terminated in one reused buffer, so a
 * well-formed file costs no allocation per field. What the records mean is rs-csv-import.c's.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rs-csv-private.h"

typedef enum {
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,  /* a quote inside a quoted field: the end, or the first of "" */
} State;

/* Problems */

void
rs_csv_problem_free (RsCsvProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

void
rs_csv_reader_add_problem (RsCsvReader *reader,
                           guint        line,
                           const char  *column,
                           const char  *message)
{
  RsCsvProblem *problem;

  if (reader->stopped)
    return;

  problem = g_new0 (RsCsvProblem, 1);
  problem->line = line;
  problem->column = g_strdup (column);
  problem->message = g_strdup (message);
  g_ptr_array_add (reader->problems, problem);

  reader->record_failed = TRUE;
  if (++reader->n_problems == RS_CSV_MAX_PROBLEMS)
    reader->stopped = TRUE;
}

void
rs_csv_reader_stop (RsCsvReader *reader,
                    guint        line,
                    const char  *message)
{
  rs_csv_reader_add_problem (reader, line, NULL, message);
  reader->stopped = TRUE;
}

const char *
rs_csv_reader_column_name (RsCsvReader *reader,
                           guint        index)
{
  if (!reader->has_header || index >= reader->n_header)
    return NULL;

  return reader->column_names[index];
}

/* Records */

static void
report_stray_quote (RsCsvReader *reader)
{
  if (reader->record_failed)
    return;

  rs_csv_reader_add_problem (reader, reader->record_line,
                             rs_csv_reader_column_name (reader, reader->n_fields),
                             _("The field has a quote in the wrong place; enclose the whole field "
                               "in quotes and write each quote inside it twice."));
}

static void
append_to_field (RsCsvReader *reader,
                 const char  *bytes,
                 gsize        n_bytes)
{
  g_autofree char *message = NULL;

  /* Past the limit nothing more of the field is stored, which keeps the memory bounded. */
  if (reader->field_too_long)
    return;
  if (reader->text->len - reader->field_start + n_bytes <= RS_CSV_MAX_FIELD_SIZE)
    {
      g_string_append_len (reader->text, bytes, (gssize) n_bytes);
      return;
    }

  reader->field_too_long = TRUE;
  if (reader->record_failed)
    return;

  message = g_strdup_printf (/* Translators: %d is a number of kibibytes (KiB) */
                             _("The field is longer than %d KiB, the most a field can hold."),
                             RS_CSV_MAX_FIELD_SIZE / 1024);
  rs_csv_reader_add_problem (reader, reader->record_line,
                             rs_csv_reader_column_name (reader, reader->n_fields), message);
}

/* Ends the current field; FALSE when @another_follows would make one field too many. */
static gboolean
end_field (RsCsvReader *reader,
           gboolean     another_follows)
{
  g_string_append_c (reader->text, '\0');
  reader->field_offsets[reader->n_fields++] = reader->field_start;
  reader->field_start = reader->text->len;
  reader->field_too_long = FALSE;

  /* Refused before the next field is stored: a line of millions of separators costs no more
   * than a line of RS_CSV_MAX_COLUMNS empty fields. */
  if (another_follows && reader->n_fields == RS_CSV_MAX_COLUMNS)
    {
      g_autofree char *message =
        g_strdup_printf (/* Translators: %1$d is the largest number of columns a file can have */
                         _("The row has more than %1$d fields; a file can have at most %1$d columns."),
                         RS_CSV_MAX_COLUMNS);
      rs_csv_reader_stop (reader, reader->record_line, message);
      return FALSE;
    }

  return TRUE;
}

/* Steps over CRLF, LF or a lone CR. */
static void
skip_line_end (RsCsvReader *reader)
{
  if (*reader->p == '\r' && reader->p + 1 < reader->end && reader->p[1] == '\n')
    reader->p++;
  reader->p++;
  reader->line++;
}

/* Appends the bytes from p up to the next one that means something in the current state. */
static void
append_plain_run (RsCsvReader    *reader,
                  const gboolean *special)
{
  const char *run = reader->p;

  while (reader->p < reader->end && !special[(guchar) *reader->p])
    reader->p++;

  append_to_field (reader, run, (gsize) (reader->p - run));
}

const char *
rs_csv_reader_field (RsCsvReader *reader,
                     guint        index)
{
  return reader->text->str + reader->field_offsets[index];
}

gboolean
rs_csv_reader_next_record (RsCsvReader *reader)
{
  State state = STATE_FIELD_START;

  if (reader->stopped || reader->p >= reader->end)
    return FALSE;

  g_string_truncate (reader->text, 0);
  reader->n_fields = 0;
  reader->field_start = 0;
  reader->field_too_long = FALSE;
  reader->record_failed = FALSE;
  reader->record_line = reader->line;

  while (reader->p < reader->end)
    {
      char c = *reader->p;

      if (c == '\0')
        {
          rs_csv_reader_stop (reader, reader->record_line,
                              _("The file contains a NUL byte, so it is not a text file."));
          return FALSE;
        }

      switch (state)
        {
        case STATE_FIELD_START:
          if (c == '"')
            {
              reader->p++;
              state = STATE_QUOTED;
              break;
            }
          state = STATE_UNQUOTED;
          G_GNUC_FALLTHROUGH;

        case STATE_UNQUOTED:
          if (c == reader->separator)
            {
              reader->p++;
              if (!end_field (reader, TRUE))
                return FALSE;
              state = STATE_FIELD_START;
            }
          else if (c == '\r' || c == '\n')
            {
              skip_line_end (reader);
              end_field (reader, FALSE);
              return TRUE;
            }
          else if (c == '"')
            {
              report_stray_quote (reader);
              append_to_field (reader, reader->p++, 1);
            }
          else
            {
              append_plain_run (reader, reader->special_unquoted);
            }
          break;

        case STATE_QUOTED:
          if (c == '"')
            {
              reader->p++;
              state = STATE_QUOTE_IN_QUOTED;
            }
          else if (c == '\r' || c == '\n')
            {
              /* Every line break in a field is read as "\n": the text fields of a sale allow
               * no carriage return, and a file that went through Windows has CRLF there. */
              skip_line_end (reader);
              append_to_field (reader, "\n", 1);
            }
          else
            {
              append_plain_run (reader, reader->special_quoted);
            }
          break;

        case STATE_QUOTE_IN_QUOTED:
          if (c == '"')
            {
              append_to_field (reader, reader->p++, 1);
              state = STATE_QUOTED;
            }
          else if (c == reader->separator)
            {
              reader->p++;
              if (!end_field (reader, TRUE))
                return FALSE;
              state = STATE_FIELD_START;
            }
          else if (c == '\r' || c == '\n')
            {
              skip_line_end (reader);
              end_field (reader, FALSE);
              return TRUE;
            }
          else
            {
              /* Text after the closing quote: reported, then read as it stands so that the
               * rows after it are still checked. */
              report_stray_quote (reader);
              state = STATE_UNQUOTED;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  /* The data ends without a line end. */
  if (state == STATE_QUOTED)
    {
      rs_csv_reader_stop (reader, reader->record_line,
                          _("A quoted field is never closed: its closing quote is missing."));
      return FALSE;
    }

  end_field (reader, FALSE);
  return TRUE;
}

gboolean
rs_csv_reader_record_is_blank (RsCsvReader *reader)
{
  for (guint i = 0; i < reader->n_fields; i++)
    if (*rs_csv_reader_field (reader, i) != '\0')
      return FALSE;

  return TRUE;
}

/* The header row says which separator the file uses: a semicolon outside quotes before any
 * comma means semicolons (and decimal commas), as spreadsheets in most European locales write. */
static char
detect_separator (const char *p,
                  const char *end)
{
  gboolean quoted = FALSE, seen_text = FALSE;

  for (; p < end; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (*p == ';')
        return ';';
      else if (*p == ',')
        return ',';
      else if (*p == '\r' || *p == '\n')
        {
          if (seen_text)
            break;
        }
      else
        seen_text = TRUE;
    }

  return ',';
}

void
rs_csv_reader_init (RsCsvReader *reader,
                    const char  *data,
                    gsize        length,
                    GPtrArray   *problems)
{
  static const char bom[] = "\xEF\xBB\xBF";

  memset (reader, 0, sizeof (*reader));
  if (length >= 3 && memcmp (data, bom, 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  reader->p = data;
  reader->end = data + length;
  reader->line = 1;
  reader->separator = detect_separator (reader->p, reader->end);
  reader->decimal_comma = reader->separator == ';';

  reader->special_quoted['"'] = TRUE;
  reader->special_quoted['\r'] = TRUE;
  reader->special_quoted['\n'] = TRUE;
  reader->special_quoted['\0'] = TRUE;
  memcpy (reader->special_unquoted, reader->special_quoted, sizeof (reader->special_quoted));
  reader->special_unquoted[(guchar) reader->separator] = TRUE;

  reader->text = g_string_sized_new (1024);
  reader->problems = problems;
}

void
rs_csv_reader_clear (RsCsvReader *reader)
{
  g_string_free (reader->text, TRUE);
}
