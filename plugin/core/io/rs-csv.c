/* rs-csv.c: sales as CSV (RFC 4180), for spreadsheets and other invoicing programs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The reader is a small state machine over bytes rather than a library: it has to know the
 * physical line where each record starts, keep its memory bounded on hostile input (at most
 * RS_CSV_MAX_COLUMNS fields of RS_CSV_MAX_FIELD_SIZE bytes are ever held) and report problems
 * per row and column. Each record's fields are kept NUL-terminated in one reused buffer, so a
 * well-formed file costs no allocation per field. A row becomes a sale exactly as a JSON sale
 * does (rs-json.c): the user's defaults, then the given columns, then rs_sale_validate ().
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-csv.h>
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-text.h>

/* After this many problems the reader stops: nobody reads a longer list. */
#define MAX_PROBLEMS 100

/* In the order a row is applied to a sale, which is the order rs_sale_validate () checks the
 * fields in: the first problem reported for a row is then the one it would report. */
typedef enum {
  COLUMN_UID,
  COLUMN_CLIENT,
  COLUMN_EMAIL,
  COLUMN_CONTACT_UID,
  COLUMN_SERVICE,
  COLUMN_CURRENCY,
  COLUMN_AMOUNT,
  COLUMN_START,
  COLUMN_PERIOD,
  COLUMN_ANCHOR_DAY,
  COLUMN_UNTIL,
  COLUMN_COUNT,
  COLUMN_TERM,
  COLUMN_NOTICE_DAYS,
  COLUMN_DRAFT,
  COLUMN_PREPAY,
  COLUMN_IBAN,
  COLUMN_PAYMENT_INSTRUCTIONS,
  COLUMN_REMINDERS,
  COLUMN_REMIND_CLIENT,
  COLUMN_REMIND_INVOICE,
  COLUMN_REMIND_EXPIRY,
  COLUMN_REMINDER_TIME,
  COLUMN_DELIVERY,
  COLUMN_LANGUAGE,
  COLUMN_STATUS,
  COLUMN_PREDECESSOR,
  COLUMN_SUCCESSOR,
  COLUMN_NOTE,
  COLUMN_OCCURRENCES,
  N_COLUMNS,
  COLUMN_NONE = N_COLUMNS,
} Column;

static const char * const column_names[N_COLUMNS] = {
  "uid", "client", "email", "contact_uid", "service", "currency", "amount", "start", "period",
  "anchor_day", "until", "count", "term", "notice_days", "draft", "prepay", "iban",
  "payment_instructions", "reminders", "remind_client", "remind_invoice", "remind_expiry",
  "reminder_time", "delivery", "language", "status", "predecessor", "successor", "note",
  "occurrences",
};

static gboolean
column_is_required (Column column)
{
  return column == COLUMN_CLIENT || column == COLUMN_SERVICE || column == COLUMN_CURRENCY ||
         column == COLUMN_AMOUNT || column == COLUMN_START || column == COLUMN_PERIOD;
}

/* What the writer writes, in this order: the JSON export's keys. */
#define WRITTEN_HEADER \
  "uid,client,email,contact_uid,service,amount,currency,period,start,until,count,term," \
  "anchor_day,notice_days,draft,prepay,iban,payment_instructions,reminders,reminder_time," \
  "delivery,language,status,predecessor,successor,note,occurrences"
#define WRITTEN_COLUMNS 27

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

/* The reader */

typedef enum {
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,  /* a quote inside a quoted field: the end, or the first of "" */
} State;

typedef struct {
  const char       *p;
  const char       *end;
  char              separator;
  gboolean          decimal_comma;
  guint             line;              /* the physical line at p, from 1 */
  gboolean          special_unquoted[256];
  gboolean          special_quoted[256];

  /* The record being read: its fields, each NUL-terminated, one after the other. */
  guint             record_line;
  GString          *text;
  gsize             field_offsets[RS_CSV_MAX_COLUMNS];
  guint             n_fields;
  gsize             field_start;
  gboolean          field_too_long;
  gboolean          record_failed;     /* a problem was reported: the row gives no sale */

  /* The header: which column each field is, COLUMN_NONE when unknown. */
  gboolean          has_header;
  Column            header[RS_CSV_MAX_COLUMNS];
  guint             n_header;
  guint             n_rows;

  const RsDefaults *defaults;
  GPtrArray        *sales;
  GHashTable       *uid_lines;         /* uid (owned by its sale) → line, as a pointer */
  GPtrArray        *problems;
  guint             n_problems;
  gboolean          stopped;           /* a problem the reader cannot go past, or too many */
} Reader;

static void
add_problem (Reader     *reader,
             guint       line,
             const char *column,
             const char *message)
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
  if (++reader->n_problems == MAX_PROBLEMS)
    reader->stopped = TRUE;
}

/* Reports a problem that leaves nothing after it worth reading. */
static void
stop_with_problem (Reader     *reader,
                   guint       line,
                   const char *message)
{
  add_problem (reader, line, NULL, message);
  reader->stopped = TRUE;
}

/* The name of the column of field @index of the current record, or NULL for the header row or
 * a field past the header's columns. */
static const char *
field_column_name (Reader *reader,
                   guint   index)
{
  if (!reader->has_header || index >= reader->n_header || reader->header[index] == COLUMN_NONE)
    return NULL;

  return column_names[reader->header[index]];
}

static void
report_stray_quote (Reader *reader)
{
  if (reader->record_failed)
    return;

  add_problem (reader, reader->record_line, field_column_name (reader, reader->n_fields),
               _("The field has a quote in the wrong place; enclose the whole field in quotes "
                 "and write each quote inside it twice."));
}

static void
append_to_field (Reader     *reader,
                 const char *bytes,
                 gsize       n_bytes)
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
  add_problem (reader, reader->record_line, field_column_name (reader, reader->n_fields), message);
}

/* Ends the current field; FALSE when @another_follows would make one field too many. */
static gboolean
end_field (Reader   *reader,
           gboolean  another_follows)
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
      stop_with_problem (reader, reader->record_line, message);
      return FALSE;
    }

  return TRUE;
}

/* Steps over CRLF, LF or a lone CR. */
static void
skip_line_end (Reader *reader)
{
  if (*reader->p == '\r' && reader->p + 1 < reader->end && reader->p[1] == '\n')
    reader->p++;
  reader->p++;
  reader->line++;
}

/* Appends the bytes from p up to the next one that means something in the current state. */
static void
append_plain_run (Reader         *reader,
                  const gboolean *special)
{
  const char *run = reader->p;

  while (reader->p < reader->end && !special[(guchar) *reader->p])
    reader->p++;

  append_to_field (reader, run, (gsize) (reader->p - run));
}

static const char *
field_text (Reader *reader,
            guint   index)
{
  return reader->text->str + reader->field_offsets[index];
}

/* Reads the next record; FALSE at the end of the data or when the reader stopped. */
static gboolean
read_record (Reader *reader)
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
          stop_with_problem (reader, reader->record_line,
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
      stop_with_problem (reader, reader->record_line,
                         _("A quoted field is never closed: its closing quote is missing."));
      return FALSE;
    }

  end_field (reader, FALSE);
  return TRUE;
}

/* A record of empty fields: a blank line, or a row a spreadsheet left behind. */
static gboolean
record_is_blank (Reader *reader)
{
  for (guint i = 0; i < reader->n_fields; i++)
    if (*field_text (reader, i) != '\0')
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

static Column
column_from_name (const char *name)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_ascii_strcasecmp (name, column_names[i]) == 0)
      return (Column) i;

  return COLUMN_NONE;
}

/* Reads the header row; FALSE when a row cannot be read with it. */
static gboolean
read_header (Reader *reader)
{
  gboolean seen[N_COLUMNS] = { FALSE };
  guint n_problems = reader->n_problems;

  reader->has_header = TRUE;
  reader->n_header = reader->n_fields;

  for (guint i = 0; i < reader->n_fields; i++)
    {
      /* Header names are identifiers: the spaces around them are not part of them. */
      g_autofree char *name = g_strstrip (g_strdup (field_text (reader, i)));
      g_autofree char *message = NULL;
      g_autofree char *shown = NULL;
      Column column = column_from_name (name);

      reader->header[i] = column;
      if (*name == '\0')
        {
          message = g_strdup_printf (/* Translators: %u is the position of a column, from 1 */
                                     _("Column %u of the header has no name."), i + 1);
          add_problem (reader, reader->record_line, NULL, message);
        }
      else if (column == COLUMN_NONE)
        {
          shown = rs_text_for_message (name);
          message = g_strdup_printf (/* Translators: %s is a column name from the file */
                                     _("The column “%s” is not known."), shown);
          add_problem (reader, reader->record_line, shown, message);
        }
      else if (seen[column])
        {
          message = g_strdup_printf (/* Translators: %s is a column name, such as amount */
                                     _("The column “%s” appears more than once in the header."),
                                     column_names[column]);
          add_problem (reader, reader->record_line, column_names[column], message);
        }
      if (column != COLUMN_NONE)
        seen[column] = TRUE;
    }

  for (guint column = 0; column < N_COLUMNS; column++)
    {
      g_autofree char *message = NULL;

      if (seen[column] || !column_is_required ((Column) column))
        continue;

      message = g_strdup_printf (/* Translators: %s is a column name, such as amount */
                                 _("The required column “%s” is missing from the header."),
                                 column_names[column]);
      add_problem (reader, reader->record_line, NULL, message);
    }

  return reader->n_problems == n_problems;
}

/* From a row to a sale */

typedef struct {
  const char * const *values;          /* by Column; NULL when not given */
  gboolean            decimal_comma;
  Column              term_column;     /* the column that gave the term end, if any */
  gboolean            explicit_reminders;
  gboolean            remind_client;
} RowContext;

static gboolean
parse_flag (const char  *text,
            Column       column,
            gboolean    *out_value,
            GError     **error)
{
  static const char * const yes[] = { "yes", "true", "1" };
  static const char * const no[] = { "no", "false", "0" };
  g_autofree char *shown = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (g_ascii_strcasecmp (text, yes[i]) == 0 || g_ascii_strcasecmp (text, no[i]) == 0)
        {
          *out_value = g_ascii_strcasecmp (text, yes[i]) == 0;
          return TRUE;
        }
    }

  shown = rs_text_for_message (text);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is a column name, %2$s what was given; yes and no are the
                * words to write, keep them in English */
               _("The field “%1$s” is “%2$s”; write yes or no."), column_names[column], shown);
  return FALSE;
}

/* A whole number in [@min, @max], digits only. */
static gboolean
parse_number (const char  *text,
              const char  *field,
              guint        min,
              guint        max,
              guint       *out_value,
              GError     **error)
{
  guint64 value = 0;
  gsize n_digits;

  for (n_digits = 0; g_ascii_isdigit (text[n_digits]); n_digits++)
    {
      /* Stops growing far above any limit, so that no length of digits can overflow. */
      if (value <= G_MAXUINT32)
        value = value * 10 + (guint64) (text[n_digits] - '0');
    }

  if (n_digits == 0 || text[n_digits] != '\0')
    {
      g_autofree char *shown = rs_text_for_message (text);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is a column name, %2$s what was given */
                   _("The field “%1$s” is “%2$s”, which is not a whole number."), field, shown);
      return FALSE;
    }

  if (value < min || value > max)
    {
      /* The digits as given (a long number was not kept whole); the limits formatted
       * beforehand, so that the sentence is the JSON importer's. */
      g_autofree char *value_text = rs_text_for_message (text);
      g_autofree char *min_text = g_strdup_printf ("%u", min);
      g_autofree char *max_text = g_strdup_printf ("%u", max);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is a JSON key or CSV column; %2$s a number; %3$s and
                    * %4$s the limits */
                   _("The field “%1$s” is %2$s; it must be between %3$s and %4$s."),
                   field, value_text, min_text, max_text);
      return FALSE;
    }

  *out_value = (guint) value;
  return TRUE;
}

/* The next word of a space-separated list, newly allocated, or NULL at its end. */
static char *
next_word (const char **cursor)
{
  const char *p = *cursor, *start;

  while (*p == ' ')
    p++;
  if (*p == '\0')
    return NULL;

  start = p;
  while (*p != '\0' && *p != ' ')
    p++;
  *cursor = p;

  return g_strndup (start, (gsize) (p - start));
}

/* The first explicit reminder column replaces the defaults that rs_defaults_new_sale () gave. */
static void
begin_explicit_reminders (RsSale     *sale,
                          RowContext *row)
{
  if (row->explicit_reminders)
    return;

  rs_sale_clear_reminders (sale);
  row->explicit_reminders = TRUE;
}

static gboolean
add_reminder (RsSale          *sale,
              RsReminderKind   kind,
              guint            lead_days,
              RsAudience       audience,
              GError         **error)
{
  if (rs_sale_get_reminders (sale)->len >= RS_SALE_MAX_REMINDERS)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("A sale can have at most %d reminders."), RS_SALE_MAX_REMINDERS);
      return FALSE;
    }

  rs_sale_add_reminder (sale, kind, lead_days, audience);
  return TRUE;
}

/* One word of the reminders column: "invoice:7:owner" (the audience may be left out). */
static gboolean
parse_reminder_word (RsSale      *sale,
                     char        *word,
                     GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (word, -1);
  char *lead_text = strchr (lower, ':');
  char *audience_text = lead_text != NULL ? strchr (lead_text + 1, ':') : NULL;
  RsReminderKind kind;
  RsAudience audience = RS_AUDIENCE_OWNER;
  guint lead_days;

  if (lead_text == NULL || (audience_text != NULL && strchr (audience_text + 1, ':') != NULL))
    {
      g_autofree char *shown = rs_text_for_message (word);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what was given; keep invoice:7:owner as it is */
                   _("The reminder “%s” is not written as kind:days:audience, like invoice:7:owner."),
                   shown);
      return FALSE;
    }
  *lead_text++ = '\0';
  if (audience_text != NULL)
    *audience_text++ = '\0';

  if (!rs_reminder_kind_parse (lower, &kind, error))
    return FALSE;
  if (audience_text != NULL && !rs_audience_parse (audience_text, &audience, error))
    return FALSE;

  return parse_number (lead_text, column_names[COLUMN_REMINDERS], 0, RS_REMINDER_MAX_LEAD_DAYS,
                       &lead_days, error) &&
         add_reminder (sale, kind, lead_days, audience, error);
}

/* The reminders column: the words the writer writes, or "none" for no reminders at all. */
static gboolean
parse_reminders (RsSale      *sale,
                 const char  *text,
                 RowContext  *row,
                 GError     **error)
{
  const char *cursor = text;
  char *word;

  if (row->values[COLUMN_REMIND_CLIENT] != NULL || row->values[COLUMN_REMIND_INVOICE] != NULL ||
      row->values[COLUMN_REMIND_EXPIRY] != NULL)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: the words in quotes are column names; keep them */
                           _("Give the reminders either in the column “reminders” or in the "
                             "columns “remind_invoice”, “remind_expiry” and “remind_client”, "
                             "not in both."));
      return FALSE;
    }

  begin_explicit_reminders (sale, row);
  if (g_ascii_strcasecmp (text, "none") == 0)
    return TRUE;

  while ((word = next_word (&cursor)) != NULL)
    {
      g_autofree char *owned = word;

      if (!parse_reminder_word (sale, owned, error))
        return FALSE;
    }

  return TRUE;
}

/* remind_invoice and remind_expiry: lead days ("30 7") for the owner, and for the client too
 * when remind_client says so. */
static gboolean
parse_lead_days (RsSale          *sale,
                 Column           column,
                 RsReminderKind   kind,
                 const char      *text,
                 RowContext      *row,
                 GError         **error)
{
  const char *cursor = text;
  char *word;

  begin_explicit_reminders (sale, row);
  while ((word = next_word (&cursor)) != NULL)
    {
      g_autofree char *owned = word;
      guint lead_days;

      if (!parse_number (owned, column_names[column], 0, RS_REMINDER_MAX_LEAD_DAYS, &lead_days, error) ||
          !add_reminder (sale, kind, lead_days, RS_AUDIENCE_OWNER, error) ||
          (row->remind_client && !add_reminder (sale, kind, lead_days, RS_AUDIENCE_CLIENT, error)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_remind_client (const char  *text,
                     RowContext  *row,
                     GError     **error)
{
  if (!parse_flag (text, COLUMN_REMIND_CLIENT, &row->remind_client, error))
    return FALSE;

  /* A yes with no lead days would be silently ignored. */
  if (row->remind_client && row->values[COLUMN_REMIND_INVOICE] == NULL &&
      row->values[COLUMN_REMIND_EXPIRY] == NULL)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: the words in quotes are column names; keep them */
                           _("The column “remind_client” needs lead days in “remind_invoice” or "
                             "“remind_expiry”."));
      return FALSE;
    }

  return TRUE;
}

/* "2027-01-31:issued 2027-02-28:skipped" */
static gboolean
parse_occurrences (RsSale      *sale,
                   const char  *text,
                   GError     **error)
{
  const char *cursor = text;
  char *word;

  while ((word = next_word (&cursor)) != NULL)
    {
      g_autofree char *owned = word;
      char *colon = strchr (owned, ':');
      RsOccurrenceState state;
      GDate date;

      if (colon == NULL)
        {
          g_autofree char *shown = rs_text_for_message (owned);
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is what was given; keep 2027-01-31:issued as it is */
                       _("The occurrence “%s” is not written as date:state, like 2027-01-31:issued."),
                       shown);
          return FALSE;
        }
      *colon = '\0';

      if (!rs_date_parse (owned, _("The occurrence date"), &date, error))
        return FALSE;
      if (!rs_occurrence_state_parse (colon + 1, &state, error))
        return FALSE;
      rs_sale_set_occurrence_state (sale, &date, state);
    }

  return TRUE;
}

static gboolean
parse_delivery (RsSale      *sale,
                const char  *text,
                GError     **error)
{
  RsDelivery delivery;

  /* rs_delivery_parse () ignores case itself. */
  if (!rs_delivery_parse (text, &delivery, error))
    return FALSE;

  rs_sale_set_delivery (sale, delivery);
  return TRUE;
}

static gboolean
parse_status (RsSale      *sale,
              const char  *text,
              GError     **error)
{
  RsSaleStatus status;

  /* rs_sale_status_parse () ignores case itself. */
  if (!rs_sale_status_parse (text, &status, error))
    return FALSE;

  rs_sale_set_status (sale, status);
  return TRUE;
}

/* until, count and term all say when the sale ends: only one of them may. */
static gboolean
claim_term (RowContext  *row,
            Column       column,
            GError     **error)
{
  if (row->term_column != COLUMN_NONE)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("Give at most one of “until”, “count” and “term”."));
      return FALSE;
    }

  row->term_column = column;
  return TRUE;
}

static gboolean
apply_schedule_column (RsSale      *sale,
                       Column       column,
                       const char  *text,
                       RowContext  *row,
                       GError     **error)
{
  RsSchedule schedule = *rs_sale_get_schedule (sale);

  switch (column)
    {
    case COLUMN_START:
      if (!rs_date_parse (text, _("The start date"), &schedule.start, error))
        return FALSE;
      break;
    case COLUMN_PERIOD:
      if (text == NULL)
        {
          g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                               _("The billing period is missing; write a number and a unit, "
                                 "like 1m, 3m, 1y, 2w or 10d."));
          return FALSE;
        }
      if (!rs_period_parse (text, _("The billing period"), &schedule.period, error))
        return FALSE;
      break;
    case COLUMN_ANCHOR_DAY:
      if (!parse_number (text, column_names[column], 29, 31, &schedule.anchor_day, error))
        return FALSE;
      break;
    case COLUMN_UNTIL:
      if (!claim_term (row, column, error) ||
          !rs_date_parse (text, _("The expiry date"), &schedule.until, error))
        return FALSE;
      schedule.term_kind = RS_TERM_UNTIL;
      break;
    case COLUMN_COUNT:
      if (!claim_term (row, column, error) ||
          !parse_number (text, column_names[column], 1, RS_SCHEDULE_MAX_COUNT, &schedule.count, error))
        return FALSE;
      schedule.term_kind = RS_TERM_COUNT;
      break;
    case COLUMN_TERM:
      if (!claim_term (row, column, error) ||
          !rs_period_parse (text, _("The term"), &schedule.term_length, error))
        return FALSE;
      schedule.term_kind = RS_TERM_LENGTH;
      break;
    default:
      g_assert_not_reached ();
    }

  rs_sale_set_schedule (sale, &schedule);
  return TRUE;
}

/* Sets the field of @column from @text (NULL: a required column left empty). */
static gboolean
apply_column (RsSale      *sale,
              Column       column,
              const char  *text,
              RowContext  *row,
              GError     **error)
{
  gboolean flag;
  guint number;
  gint64 amount_minor;

  switch (column)
    {
    case COLUMN_UID:
      rs_sale_set_uid (sale, text);
      return TRUE;
    case COLUMN_CLIENT:
      rs_sale_set_client_name (sale, text);
      return TRUE;
    case COLUMN_EMAIL:
      rs_sale_set_client_email (sale, text);
      return TRUE;
    case COLUMN_CONTACT_UID:
      rs_sale_set_contact_uid (sale, text);
      return TRUE;
    case COLUMN_SERVICE:
      rs_sale_set_service (sale, text);
      return TRUE;
    case COLUMN_CURRENCY:
      if (!rs_currency_validate (text, error))
        return FALSE;
      rs_sale_set_currency (sale, text);
      return TRUE;
    case COLUMN_AMOUNT:
      if (!rs_money_parse (text, row->values[COLUMN_CURRENCY], row->decimal_comma, &amount_minor, error))
        return FALSE;
      rs_sale_set_amount_minor (sale, amount_minor);
      return TRUE;
    case COLUMN_START:
    case COLUMN_PERIOD:
    case COLUMN_ANCHOR_DAY:
    case COLUMN_UNTIL:
    case COLUMN_COUNT:
    case COLUMN_TERM:
      return apply_schedule_column (sale, column, text, row, error);
    case COLUMN_NOTICE_DAYS:
      if (!parse_number (text, column_names[column], 1, RS_SALE_MAX_NOTICE_DAYS, &number, error))
        return FALSE;
      rs_sale_set_notice_days (sale, (int) number);
      return TRUE;
    case COLUMN_DRAFT:
      if (!parse_flag (text, column, &flag, error))
        return FALSE;
      rs_sale_set_draft (sale, flag);
      return TRUE;
    case COLUMN_PREPAY:
      if (!parse_flag (text, column, &flag, error))
        return FALSE;
      rs_sale_set_prepay (sale, flag);
      return TRUE;
    case COLUMN_IBAN:
      rs_sale_set_iban (sale, text);
      return TRUE;
    case COLUMN_PAYMENT_INSTRUCTIONS:
      rs_sale_set_payment_instructions (sale, text);
      return TRUE;
    case COLUMN_REMINDERS:
      return parse_reminders (sale, text, row, error);
    case COLUMN_REMIND_CLIENT:
      return parse_remind_client (text, row, error);
    case COLUMN_REMIND_INVOICE:
      return parse_lead_days (sale, column, RS_REMINDER_KIND_INVOICE, text, row, error);
    case COLUMN_REMIND_EXPIRY:
      return parse_lead_days (sale, column, RS_REMINDER_KIND_EXPIRY, text, row, error);
    case COLUMN_REMINDER_TIME:
      if (!rs_parse_time_of_day (text, &number, error))
        return FALSE;
      rs_sale_set_reminder_minutes (sale, number);
      return TRUE;
    case COLUMN_DELIVERY:
      return parse_delivery (sale, text, error);
    case COLUMN_LANGUAGE:
      rs_sale_set_language (sale, text);
      return TRUE;
    case COLUMN_STATUS:
      return parse_status (sale, text, error);
    case COLUMN_PREDECESSOR:
      rs_sale_set_predecessor_uid (sale, text);
      return TRUE;
    case COLUMN_SUCCESSOR:
      rs_sale_set_successor_uid (sale, text);
      return TRUE;
    case COLUMN_NOTE:
      rs_sale_set_note (sale, text);
      return TRUE;
    case COLUMN_OCCURRENCES:
      return parse_occurrences (sale, text, error);
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Empty cells mean "not given", except in a required column, where they are a problem. */
static gboolean
column_is_applied (Column              column,
                   const char * const *values)
{
  return values[column] != NULL || column_is_required (column);
}

/* rs_sale_validate () says what is wrong but not in which field. Building the sale again one
 * column at a time, validating after each, finds the column after which the same sentence
 * first appears: the bad field, or the one that completes a bad combination (prepay without an
 * IBAN: prepay). When no step gives the same sentence the problem is the row's. */
static Column
find_failing_column (Reader             *reader,
                     const char * const *values,
                     const char         *message)
{
  g_autoptr(RsSale) probe = rs_defaults_new_sale (reader->defaults);
  RowContext row = { values, reader->decimal_comma, COLUMN_NONE, FALSE, FALSE };
  RsSchedule schedule = *rs_sale_get_schedule (probe);

  /* Valid stand-ins for the required fields until their columns are applied. */
  rs_sale_set_client_name (probe, "-");
  rs_sale_set_service (probe, "-");
  rs_sale_set_currency (probe, "EUR");
  g_date_set_dmy (&schedule.start, 1, G_DATE_JANUARY, 2000);
  rs_sale_set_schedule (probe, &schedule);

  for (guint column = 0; column < N_COLUMNS; column++)
    {
      g_autoptr(GError) error = NULL;

      if (!column_is_applied ((Column) column, values))
        continue;
      if (!apply_column (probe, (Column) column, values[column], &row, &error))
        return COLUMN_NONE;
      if (!rs_sale_validate (probe, &error) && g_strcmp0 (error->message, message) == 0)
        return (Column) column;
    }

  return COLUMN_NONE;
}

static RsSale *
build_sale (Reader             *reader,
            const char * const *values,
            Column             *out_column,
            GError            **error)
{
  g_autoptr(RsSale) sale = rs_defaults_new_sale (reader->defaults);
  RowContext row = { values, reader->decimal_comma, COLUMN_NONE, FALSE, FALSE };

  *out_column = COLUMN_NONE;
  for (guint column = 0; column < N_COLUMNS; column++)
    {
      if (!column_is_applied ((Column) column, values))
        continue;
      if (!apply_column (sale, (Column) column, values[column], &row, error))
        {
          *out_column = (Column) column;
          return NULL;
        }
    }

  if (!row.explicit_reminders)
    rs_defaults_apply_term_reminders (reader->defaults, sale);

  if (!rs_sale_validate (sale, error))
    {
      *out_column = find_failing_column (reader, values, (*error)->message);
      return NULL;
    }

  return g_steal_pointer (&sale);
}

static void
read_row (Reader *reader)
{
  const char *values[N_COLUMNS] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;
  Column column;
  gpointer first_line;

  if (reader->n_fields > reader->n_header)
    {
      g_autofree char *message =
        g_strdup_printf (/* Translators: %1$u is the number of fields of the row, %2$u that of
                          * the header (the plural form follows %1$u) */
                         g_dngettext (GETTEXT_PACKAGE,
                                      "The row has %1$u field; the header has %2$u.",
                                      "The row has %1$u fields; the header has %2$u.",
                                      reader->n_fields),
                         reader->n_fields, reader->n_header);
      add_problem (reader, reader->record_line, NULL, message);
      return;
    }

  for (guint i = 0; i < reader->n_fields; i++)
    {
      const char *text = field_text (reader, i);

      if (!g_utf8_validate (text, -1, NULL))
        {
          add_problem (reader, reader->record_line, field_column_name (reader, i),
                       _("The text is not valid UTF-8."));
          return;
        }
      if (*text != '\0' && reader->header[i] != COLUMN_NONE)
        values[reader->header[i]] = text;
    }

  sale = build_sale (reader, values, &column, &error);
  if (sale == NULL)
    {
      add_problem (reader, reader->record_line, column != COLUMN_NONE ? column_names[column] : NULL,
                   error->message);
      return;
    }

  first_line = g_hash_table_lookup (reader->uid_lines, rs_sale_get_uid (sale));
  if (first_line != NULL)
    {
      g_autofree char *shown = rs_text_for_message (rs_sale_get_uid (sale));
      g_autofree char *message =
        g_strdup_printf (/* Translators: %1$s is a sale identifier, %2$u a line number */
                         _("The sale identifier “%1$s” is already used on line %2$u."),
                         shown, GPOINTER_TO_UINT (first_line));
      add_problem (reader, reader->record_line, column_names[COLUMN_UID], message);
      return;
    }

  g_hash_table_insert (reader->uid_lines, (gpointer) rs_sale_get_uid (sale),
                       GUINT_TO_POINTER (reader->record_line));
  g_ptr_array_add (reader->sales, g_steal_pointer (&sale));
}

static void
read_all (Reader *reader)
{
  while (read_record (reader))
    {
      if (!reader->has_header)
        {
          /* Blank lines before the header are not a row of names. */
          if (record_is_blank (reader))
            continue;
          if (reader->record_failed || !read_header (reader))
            reader->stopped = TRUE;
          continue;
        }

      if (++reader->n_rows > RS_CSV_MAX_ROWS)
        {
          g_autofree char *message =
            g_strdup_printf (/* Translators: %d is the largest number of rows a file can have */
                             _("The file has more than %d rows, more than can be imported at once."),
                             RS_CSV_MAX_ROWS);
          stop_with_problem (reader, reader->record_line, message);
          return;
        }

      if (!reader->record_failed && !record_is_blank (reader))
        read_row (reader);
    }

  if (!reader->has_header && !reader->stopped)
    stop_with_problem (reader, 0, _("The file is empty; its first line must name the columns."));
}

static void
reader_init (Reader           *reader,
             const char       *data,
             gsize             length,
             const RsDefaults *defaults,
             GPtrArray        *problems)
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
  reader->defaults = defaults;
  reader->sales = g_ptr_array_new_with_free_func (g_object_unref);
  reader->uid_lines = g_hash_table_new (g_str_hash, g_str_equal);
  reader->problems = problems;
}

static void
reader_clear (Reader *reader)
{
  /* The table's keys belong to the sales: it goes first. */
  g_clear_pointer (&reader->uid_lines, g_hash_table_unref);
  g_clear_pointer (&reader->sales, g_ptr_array_unref);
  g_string_free (reader->text, TRUE);
}

static void
set_summary_error (GError             **error,
                   const RsCsvProblem  *problem)
{
  if (problem->line == 0)
    g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT, problem->message);
  else if (problem->column == NULL)
    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                 /* Translators: %1$u is a line number of the file, %2$s the problem (a sentence) */
                 _("Line %1$u: %2$s"), problem->line, problem->message);
  else
    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                 /* Translators: %1$u is a line number of the file, %2$s a column name, %3$s the
                  * problem (a sentence) */
                 _("Line %1$u, column “%2$s”: %3$s"), problem->line, problem->column, problem->message);
}

GPtrArray *
rs_csv_parse_sales (const char        *data,
                    gsize              length,
                    const RsDefaults  *defaults,
                    GPtrArray         *problems,
                    GError           **error)
{
  g_autoptr(RsDefaults) builtin = NULL;
  g_autoptr(GPtrArray) own_problems = NULL;
  GPtrArray *sales;
  Reader reader;
  guint first_problem;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (defaults == NULL)
    defaults = builtin = rs_defaults_new_builtin ();
  if (problems == NULL)
    problems = own_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  first_problem = problems->len;

  reader_init (&reader, data != NULL ? data : "", length, defaults, problems);
  read_all (&reader);

  if (problems->len > first_problem)
    {
      set_summary_error (error, g_ptr_array_index (problems, first_problem));
      reader_clear (&reader);
      return NULL;
    }

  sales = g_steal_pointer (&reader.sales);
  reader_clear (&reader);
  return sales;
}

/* The writer */

/* Quotes what a reader would otherwise split, trim or mistake. A cell starting with = + - @
 * is quoted too, though the data stays exactly as it is: most spreadsheets still read it as a
 * formula when the file is opened, so check such cells before sharing a file. */
static void
append_field (GString    *out,
              const char *text,
              gboolean    first)
{
  gsize length;

  if (!first)
    g_string_append_c (out, ',');
  if (text == NULL || *text == '\0')
    return;

  length = strlen (text);
  if (strpbrk (text, ",;\"\r\n\t") == NULL && strchr ("=+-@ ", text[0]) == NULL &&
      text[length - 1] != ' ')
    {
      g_string_append_len (out, text, (gssize) length);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
reminders_text (RsSale *sale)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);
  GString *text;

  /* An empty cell would mean "the defaults" to the reader. */
  if (rules->len == 0)
    return g_strdup ("none");

  text = g_string_new (NULL);
  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);

      g_string_append_printf (text, "%s%s:%u:%s", i > 0 ? " " : "",
                              rs_reminder_kind_to_string (rule->kind), rule->lead_days,
                              rs_audience_to_string (rule->audience));
    }

  return g_string_free (text, FALSE);
}

static char *
occurrences_text (RsSale *sale)
{
  GArray *marked = rs_sale_get_marked_occurrences (sale);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < marked->len; i++)
    {
      const RsOccurrence *occurrence = &g_array_index (marked, RsOccurrence, i);
      char date[11];

      rs_date_to_iso_buf (&occurrence->issue_date, date);
      g_string_append_printf (text, "%s%s:%s", i > 0 ? " " : "", date,
                              rs_occurrence_state_to_string (occurrence->state));
    }

  return g_string_free (text, FALSE);
}

static void
write_sale (GString *out,
            RsSale  *sale)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);
  guint minutes = rs_sale_get_reminder_minutes (sale);
  g_autofree char *amount = rs_money_to_decimal (rs_sale_get_amount_minor (sale), rs_sale_get_currency (sale));
  g_autofree char *period = rs_period_to_string (&schedule->period);
  g_autofree char *count = NULL;
  g_autofree char *term = NULL;
  g_autofree char *anchor_day = NULL;
  g_autofree char *notice_days = NULL;
  g_autofree char *reminders = reminders_text (sale);
  g_autofree char *reminder_time = g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
  g_autofree char *occurrences = occurrences_text (sale);
  /* An empty cell reads back as "follow the settings". */
  const char *delivery = rs_sale_get_delivery (sale) != RS_DELIVERY_DEFAULT ?
                         rs_delivery_to_string (rs_sale_get_delivery (sale)) : NULL;
  char start[11], until[11] = "";

  rs_date_to_iso_buf (&schedule->start, start);
  if (schedule->term_kind == RS_TERM_UNTIL)
    rs_date_to_iso_buf (&schedule->until, until);
  else if (schedule->term_kind == RS_TERM_COUNT)
    count = g_strdup_printf ("%u", schedule->count);
  else if (schedule->term_kind == RS_TERM_LENGTH)
    term = rs_period_to_string (&schedule->term_length);
  if (schedule->anchor_day != 0)
    anchor_day = g_strdup_printf ("%u", schedule->anchor_day);
  if (rs_sale_get_notice_days (sale) > 0)
    notice_days = g_strdup_printf ("%d", rs_sale_get_notice_days (sale));

  {
    const char *fields[] = {
      rs_sale_get_uid (sale), rs_sale_get_client_name (sale), rs_sale_get_client_email (sale),
      rs_sale_get_contact_uid (sale), rs_sale_get_service (sale), amount,
      rs_sale_get_currency (sale), period, start, until, count, term, anchor_day, notice_days,
      rs_sale_get_draft (sale) ? "yes" : "no", rs_sale_get_prepay (sale) ? "yes" : "no",
      rs_sale_get_iban (sale), rs_sale_get_payment_instructions (sale), reminders, reminder_time,
      delivery, rs_sale_get_language (sale),
      rs_sale_status_to_string (rs_sale_get_status (sale)), rs_sale_get_predecessor_uid (sale),
      rs_sale_get_successor_uid (sale), rs_sale_get_note (sale), occurrences,
    };

    G_STATIC_ASSERT (G_N_ELEMENTS (fields) == WRITTEN_COLUMNS);
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      append_field (out, fields[i], i == 0);
  }
  g_string_append (out, "\r\n");
}

char *
rs_csv_write_sales (GPtrArray *sales)
{
  GString *out;

  g_return_val_if_fail (sales != NULL, NULL);

  out = g_string_new (WRITTEN_HEADER "\r\n");
  for (guint i = 0; i < sales->len; i++)
    write_sale (out, g_ptr_array_index (sales, i));

  return g_string_free (out, FALSE);
}
