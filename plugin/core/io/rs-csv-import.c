/* rs-csv-import.c: the rows of a CSV file as sales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * rs-csv-reader.c gives the records; this names the columns from the header row and makes
 * each row a sale exactly as a JSON sale is made (rs-json.c): the user's defaults, then the
 * given columns, then rs_sale_validate (). The columns are those of the table of fields
 * (rs-sale-fields.c), applied in the order rs_sale_validate () checks them, so that the first
 * problem reported for a row is the one it would report. Every other problem of the row is
 * reported too, so that a file with several mistakes needs one try, not several.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-text.h>

#include "rs-csv-private.h"
#include "rs-sale-fields-private.h"

typedef struct {
  RsCsvReader       reader;
  RsSaleField       header[RS_CSV_MAX_COLUMNS];  /* RS_SALE_FIELD_NONE where unknown */
  /* The file's own header of a field, where it is not the field's name: problems name the
   * column as the user sees it in the spreadsheet. */
  char             *header_names[RS_SALE_N_FIELDS];
  guint             n_rows;

  const RsCsvReading *reading;        /* NULL: as files of other programs are read */

  const RsDefaults *defaults;
  GPtrArray        *sales;
  GHashTable       *uid_lines;         /* uid (owned by its sale) → line, as a pointer */
} Import;

/* The header */

static const char *
column_name (Import      *import,
             RsSaleField  field)
{
  if (import->header_names[field] != NULL)
    return import->header_names[field];

  return rs_sale_field_csv_column (rs_sale_field_get_info (field));
}

/* The field a header names: through --columns first, then by its name or its words. Sets
 * @out_other when two fields have that word. */
static const RsSaleFieldInfo *
find_column (Import                 *import,
             const char             *name,
             const RsSaleFieldInfo **out_other)
{
  const RsSaleFieldInfo *info;

  *out_other = NULL;
  if (import->reading != NULL && import->reading->columns != NULL)
    {
      g_autofree char *folded = rs_text_fold_word (name);
      const char *mapped = g_hash_table_lookup (import->reading->columns, folded);

      if (mapped != NULL)
        return rs_sale_field_find_csv_column (mapped);
    }

  info = rs_sale_field_find_csv_column (name);
  return info != NULL ? info : rs_sale_field_find_csv_header (name, out_other);
}

/* Every header that --columns names must be in the file: a mistyped one would otherwise
 * leave its column unread without a word. */
static void
check_mapped_headers (Import *import)
{
  RsCsvReader *reader = &import->reader;
  GHashTableIter iter;
  gpointer key;

  if (import->reading == NULL || import->reading->columns == NULL)
    return;

  g_hash_table_iter_init (&iter, import->reading->columns);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean found = FALSE;
      g_autofree char *message = NULL;

      for (guint i = 0; i < reader->n_fields && !found; i++)
        {
          g_autofree char *folded = rs_text_fold_word (rs_csv_reader_field (reader, i));

          found = g_str_equal (folded, key);
        }
      if (found)
        continue;

      message = g_strdup_printf (/* Translators: %s is a column name given with --columns */
                                 _("The column “%s” of --columns is not in the file’s header."),
                                 (const char *) key);
      rs_csv_reader_add_problem (reader, reader->record_line, NULL, message);
    }
}

/* Reads the header row; FALSE when a row cannot be read with it. */
static gboolean
read_header (Import *import)
{
  RsCsvReader *reader = &import->reader;
  gboolean seen[RS_SALE_N_FIELDS] = { FALSE };
  guint n_problems = reader->n_problems;
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_CSV_READ);

  reader->has_header = TRUE;
  reader->n_header = reader->n_fields;

  for (guint i = 0; i < reader->n_fields; i++)
    {
      /* Header names are identifiers: the spaces around them are not part of them. */
      g_autofree char *name = g_strstrip (g_strdup (rs_csv_reader_field (reader, i)));
      g_autofree char *message = NULL;
      g_autofree char *shown = NULL;
      const RsSaleFieldInfo *other = NULL;
      const RsSaleFieldInfo *info = find_column (import, name, &other);
      RsSaleField field = info != NULL && other == NULL ? info->field : RS_SALE_FIELD_NONE;

      import->header[i] = field;
      reader->column_names[i] = field != RS_SALE_FIELD_NONE ? info->name : NULL;
      if (field != RS_SALE_FIELD_NONE && !seen[field] &&
          g_ascii_strcasecmp (name, info->name) != 0)
        {
          g_free (import->header_names[field]);
          import->header_names[field] = rs_text_for_message (name);
          reader->column_names[i] = import->header_names[field];
        }
      if (*name == '\0')
        {
          message = g_strdup_printf (/* Translators: %u is the position of a column, from 1 */
                                     _("Column %u of the header has no name."), i + 1);
          rs_csv_reader_add_problem (reader, reader->record_line, NULL, message);
        }
      else if (info == NULL)
        {
          shown = rs_text_for_message (name);
          message = g_strdup_printf (/* Translators: %s is a column name from the file */
                                     _("The column “%s” is not known."), shown);
          rs_csv_reader_add_problem (reader, reader->record_line, shown, message);
        }
      else if (other != NULL)
        {
          shown = rs_text_for_message (name);
          message = g_strdup_printf (/* Translators: %1$s is a column name from the file,
                                      * %2$s and %3$s the columns it may be, such as start and
                                      * until; keep --columns */
                                     _("The column “%1$s” could be “%2$s” or “%3$s”; rename it "
                                       "to one of them, or say which with --columns "
                                       "\"%1$s=%2$s\"."), shown, info->name, other->name);
          rs_csv_reader_add_problem (reader, reader->record_line, shown, message);
        }
      else if (seen[field])
        {
          message = g_strdup_printf (/* Translators: %s is a column name, such as amount */
                                     _("The column “%s” appears more than once in the header."),
                                     info->name);
          rs_csv_reader_add_problem (reader, reader->record_line, info->name, message);
        }
      seen[field] = TRUE;
    }

  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);
      g_autofree char *message = NULL;

      if (seen[info->field] || !(info->flags & RS_SALE_FIELD_REQUIRED))
        continue;

      message = g_strdup_printf (/* Translators: %s is a column name, such as amount */
                                 _("The required column “%s” is missing from the header."),
                                 info->name);
      rs_csv_reader_add_problem (reader, reader->record_line, NULL, message);
    }

  check_mapped_headers (import);
  return reader->n_problems == n_problems;
}

/* From a row to a sale */

typedef struct {
  const char * const *values;          /* by field; NULL when not given */
  gboolean            decimal_comma;
  RsSaleField         term_field;      /* the column that gave the term end, if any */
  gboolean            explicit_reminders;
  gboolean            remind_client;
  const RsCsvReading *reading;
} Row;

/* The first explicit reminder column replaces the defaults that rs_defaults_new_sale () gave. */
static void
begin_explicit_reminders (RsSale *sale,
                          Row    *row)
{
  if (row->explicit_reminders)
    return;

  rs_sale_clear_reminders (sale);
  row->explicit_reminders = TRUE;
}

static gboolean
shorthand_given (const Row *row)
{
  for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (field);

      if ((info->flags & RS_SALE_FIELD_SHORTHAND) && row->values[field] != NULL)
        return TRUE;
    }

  return FALSE;
}

/* The reminders column: the words the writer writes, or "none" for no reminders at all. */
static gboolean
apply_reminders (RsSale                 *sale,
                 const RsSaleFieldInfo  *info,
                 const char             *text,
                 Row                    *row,
                 GError                **error)
{
  if (shorthand_given (row))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: the words in quotes are column names; keep them */
                           _("Give the reminders either in the column “reminders” or in the "
                             "columns “remind_invoice”, “remind_expiry” and “remind_client”, "
                             "not in both."));
      return FALSE;
    }

  begin_explicit_reminders (sale, row);
  return rs_sale_field_from_text (info, sale, text, error);
}

/* remind_invoice and remind_expiry: lead days ("30 7") for the owner, and for the client too
 * when remind_client says so; remind_team: the team's days before the expiry. */
static gboolean
apply_lead_days (RsSale                 *sale,
                 const RsSaleFieldInfo  *info,
                 const char             *text,
                 Row                    *row,
                 GError                **error)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  begin_explicit_reminders (sale, row);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gint64 lead_days;

      /* Runs of spaces leave empty words: not lead days. */
      if (*words[i] == '\0')
        continue;

      if (!rs_sale_field_parse_number (words[i], info->name, info->min, info->max, &lead_days,
                                       error))
        return FALSE;
      if (info->team)
        {
          if (!rs_sale_field_add_reminder (sale, info->reminder_kind, (guint) lead_days,
                                           RS_AUDIENCE_TEAM, error))
            return FALSE;
          continue;
        }
      if (!rs_sale_field_add_reminder (sale, info->reminder_kind, (guint) lead_days,
                                       RS_AUDIENCE_OWNER, error) ||
          (row->remind_client &&
           !rs_sale_field_add_reminder (sale, info->reminder_kind, (guint) lead_days,
                                        RS_AUDIENCE_CLIENT, error)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
apply_remind_client (const RsSaleFieldInfo  *info,
                     const char             *text,
                     Row                    *row,
                     GError                **error)
{
  if (!rs_sale_field_parse_flag (text, info->name, &row->remind_client, error))
    return FALSE;

  /* A yes with no lead days would be silently ignored. */
  if (row->remind_client && row->values[RS_SALE_FIELD_REMIND_INVOICE] == NULL &&
      row->values[RS_SALE_FIELD_REMIND_EXPIRY] == NULL)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: the words in quotes are column names; keep them */
                           _("The column “remind_client” needs lead days in “remind_invoice” or "
                             "“remind_expiry”."));
      return FALSE;
    }

  return TRUE;
}

/* until, count and term all say when the sale ends: only one of them may. */
static gboolean
claim_term (Row          *row,
            RsSaleField   field,
            GError      **error)
{
  if (row->term_field != RS_SALE_FIELD_NONE)
    {
      rs_sale_field_term_error (error);
      return FALSE;
    }

  row->term_field = field;
  return TRUE;
}

/* A date as the user's language writes it (31/12/2027 in Greek) or YYYY-MM-DD. */
static gboolean
apply_local_date (RsSale                 *sale,
                  const RsSaleFieldInfo  *info,
                  const char             *text,
                  GError                **error)
{
  g_autofree char *iso = NULL;
  GDate date;

  g_date_clear (&date, 1);
  if (!rs_date_parse_local (text, _(info->label), NULL, &date, error))
    return FALSE;

  iso = rs_date_to_iso (&date);
  return rs_sale_field_from_text (info, sale, iso, error);
}

/* "1m", or the words of spreadsheets: "Μηνιαία", "every 3 months". */
static gboolean
apply_period_words (RsSale                 *sale,
                    const RsSaleFieldInfo  *info,
                    const char             *text,
                    GError                **error)
{
  g_autofree char *short_form = NULL;
  RsPeriod period;

  if (!rs_period_parse_words (text, _(info->label), &period, error))
    return FALSE;

  short_form = rs_period_to_string (&period);
  return rs_sale_field_from_text (info, sale, short_form, error);
}

static gboolean
apply_amount (RsSale                 *sale,
              const RsSaleFieldInfo  *info,
              const char             *text,
              Row                    *row,
              GError                **error)
{
  const char *currency = row->values[RS_SALE_FIELD_CURRENCY];
  gint64 amount_minor;

  if (text != NULL && row->reading != NULL && row->reading->money_style != NULL)
    {
      /* An amount with no currency is judged in the stand-in's, as rs_money_parse () is. */
      if (!rs_money_parse_local (text, currency != NULL ? currency : "EUR",
                                 row->reading->money_style, &amount_minor, error))
        return FALSE;
    }
  else if (!rs_money_parse (text, currency, row->decimal_comma, &amount_minor, error))
    {
      return FALSE;
    }

  rs_sale_field_set_number (info, sale, amount_minor);
  return TRUE;
}

/* Sets the field of @info from @text (NULL: a required column left empty). */
static gboolean
apply_column (RsSale                 *sale,
              const RsSaleFieldInfo  *info,
              const char             *text,
              Row                    *row,
              GError                **error)
{
  if ((info->flags & RS_SALE_FIELD_TERM_GROUP) && !claim_term (row, info->field, error))
    return FALSE;

  switch (info->type)
    {
    case RS_SALE_FIELD_TYPE_AMOUNT:
      return apply_amount (sale, info, text, row, error);
    case RS_SALE_FIELD_TYPE_DATE:
      if (text != NULL && row->reading != NULL && row->reading->local_dates)
        return apply_local_date (sale, info, text, error);
      return rs_sale_field_from_text (info, sale, text, error);
    case RS_SALE_FIELD_TYPE_PERIOD:
      if (text != NULL)
        return apply_period_words (sale, info, text, error);
      return rs_sale_field_from_text (info, sale, text, error);
    case RS_SALE_FIELD_TYPE_REMINDERS:
      return apply_reminders (sale, info, text, row, error);
    case RS_SALE_FIELD_TYPE_LEAD_DAYS:
      return apply_lead_days (sale, info, text, row, error);
    case RS_SALE_FIELD_TYPE_FLAG:
      if (info->flags & RS_SALE_FIELD_SHORTHAND)
        return apply_remind_client (info, text, row, error);
      G_GNUC_FALLTHROUGH;
    default:
      return rs_sale_field_from_text (info, sale, text, error);
    }
}

/* Empty cells mean "not given", except in a required column, where they are a problem. */
static gboolean
field_is_applied (const RsSaleFieldInfo *info,
                  const char * const    *values)
{
  return values[info->field] != NULL || (info->flags & RS_SALE_FIELD_REQUIRED);
}

/* A row's columns, and those whose problem is reported already. */
typedef struct {
  const char * const *values;
  gboolean            reported[RS_SALE_N_FIELDS];
} RowColumns;

/* What stands in for a column whose problem is reported, for the columns whose checks need its
 * value: without it a wrong IBAN would be reported again as a prepaying client without one, a
 * wrong expiry again as expiry reminders without one. Required columns keep the stand-ins of
 * new_sale (); other columns are left out. */
static const struct {
  RsSaleField field;
  RsSaleField applied_as;
  const char *text;
} stand_ins[] = {
  { RS_SALE_FIELD_EMAIL, RS_SALE_FIELD_EMAIL, "client@example.com" },
  { RS_SALE_FIELD_IBAN, RS_SALE_FIELD_IBAN, "GR16 0110 1250 0000 0001 2300 695" },
  { RS_SALE_FIELD_UNTIL, RS_SALE_FIELD_TERM, "10y" },
  { RS_SALE_FIELD_COUNT, RS_SALE_FIELD_TERM, "10y" },
  { RS_SALE_FIELD_TERM, RS_SALE_FIELD_TERM, "10y" },
};

/* A sale of the user's defaults, with valid stand-ins for the required fields until their
 * columns are applied. */
static RsSale *
new_sale (Import *import)
{
  RsSale *sale = rs_defaults_new_sale (import->defaults);
  RsSchedule schedule = *rs_sale_get_schedule (sale);

  rs_sale_set_client_name (sale, "-");
  rs_sale_set_service (sale, "-");
  rs_sale_set_currency (sale, "EUR");
  g_date_set_dmy (&schedule.start, 1, G_DATE_JANUARY, 2000);
  rs_sale_set_schedule (sale, &schedule);
  return sale;
}

static void
apply_stand_in (RsSale      *sale,
                RsSaleField  field,
                Row         *row)
{
  for (guint i = 0; i < G_N_ELEMENTS (stand_ins); i++)
    {
      if (stand_ins[i].field != field)
        continue;

      /* It fails only where the column would have failed anyway (a second term): nothing is
       * set then. */
      apply_column (sale, rs_sale_field_get_info (stand_ins[i].applied_as), stand_ins[i].text,
                    row, NULL);
      return;
    }
}

/* Applies the columns in order to @sale, stand-ins for those reported. Returns the first that
 * cannot be applied, with @error; or with @message, the first after which rs_sale_validate ()
 * says @message; else RS_SALE_FIELD_NONE. @row is left as the columns applied made it. */
static RsSaleField
apply_columns (RsSale            *sale,
               const RowColumns  *columns,
               Row               *row,
               const char        *message,
               GError           **error)
{
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_CSV_READ);

  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);
      g_autoptr(GError) validate_error = NULL;

      if (!field_is_applied (info, columns->values))
        continue;

      if (columns->reported[info->field])
        apply_stand_in (sale, info->field, row);
      /* An amount is read in the row's currency: in a wrong one it cannot be judged. */
      else if (info->type == RS_SALE_FIELD_TYPE_AMOUNT &&
               columns->reported[RS_SALE_FIELD_CURRENCY])
        continue;
      else if (!apply_column (sale, info, columns->values[info->field], row, error))
        return info->field;

      if (message != NULL && !rs_sale_validate (sale, &validate_error) &&
          g_strcmp0 (validate_error->message, message) == 0)
        return info->field;
    }

  return RS_SALE_FIELD_NONE;
}

/* rs_sale_validate () says what is wrong but not in which field. Building the sale again one
 * column at a time, validating after each, finds the column after which the same sentence
 * first appears: the bad field, or the one that completes a bad combination (prepay without an
 * IBAN: prepay). When no step gives the same sentence the problem is the row's. */
static RsSaleField
find_failing_column (Import           *import,
                     const RowColumns *columns,
                     const char       *message)
{
  g_autoptr(RsSale) probe = new_sale (import);
  g_autoptr(GError) error = NULL;
  Row row = { columns->values, import->reader.decimal_comma, RS_SALE_FIELD_NONE, FALSE, FALSE,
              import->reading };
  RsSaleField field = apply_columns (probe, columns, &row, message, &error);

  return error == NULL ? field : RS_SALE_FIELD_NONE;
}

static void
report (Import      *import,
        RsSaleField  field,
        const char  *message)
{
  RsCsvReader *reader = &import->reader;

  rs_csv_reader_add_problem (reader, reader->record_line,
                             field != RS_SALE_FIELD_NONE ? column_name (import, field) : NULL,
                             message);
}

/* The row as a sale, or NULL once every problem of the row is reported: the first that is
 * found, then the same again with that column reported (a stand-in, or left out), until none
 * is left. The values that cannot be read come first, in the order of the columns, then what
 * rs_sale_validate () says of the whole sale, in its order; each column is reported once. */
static RsSale *
build_sale (Import     *import,
            RowColumns *columns)
{
  RsCsvReader *reader = &import->reader;
  gboolean reported = FALSE;

  for (guint i = 0; i < RS_SALE_N_FIELDS; i++)
    reported = reported || columns->reported[i];

  /* Each turn reports a column not reported before, or ends. */
  for (guint turn = 0; turn <= RS_SALE_N_FIELDS && !reader->stopped; turn++)
    {
      g_autoptr(RsSale) sale = new_sale (import);
      g_autoptr(GError) error = NULL;
      Row row = { columns->values, reader->decimal_comma, RS_SALE_FIELD_NONE, FALSE, FALSE,
                  import->reading };
      RsSaleField field = apply_columns (sale, columns, &row, NULL, &error);

      if (error != NULL)
        {
          report (import, field, error->message);
          columns->reported[field] = reported = TRUE;
          continue;
        }

      if (!row.explicit_reminders)
        rs_defaults_apply_term_reminders (import->defaults, sale);

      if (rs_sale_validate (sale, &error))
        return reported ? NULL : g_steal_pointer (&sale);

      field = find_failing_column (import, columns, error->message);
      report (import, field, error->message);
      if (field == RS_SALE_FIELD_NONE || columns->reported[field])
        return NULL;
      columns->reported[field] = reported = TRUE;
    }

  return NULL;
}

static void
read_row (Import *import)
{
  RsCsvReader *reader = &import->reader;
  const char *values[RS_SALE_N_FIELDS] = { NULL };
  RowColumns columns = { values, { FALSE } };
  g_autoptr(RsSale) sale = NULL;
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
      rs_csv_reader_add_problem (reader, reader->record_line, NULL, message);
      return;
    }

  for (guint i = 0; i < reader->n_fields; i++)
    {
      const char *text = rs_csv_reader_field (reader, i);
      RsSaleField field = import->header[i];

      if (*text == '\0' || field == RS_SALE_FIELD_NONE)
        continue;

      values[field] = text;
      /* Reported here, and never read: the other columns are still checked. */
      if (!g_utf8_validate (text, -1, NULL))
        {
          rs_csv_reader_add_problem (reader, reader->record_line,
                                     rs_csv_reader_column_name (reader, i),
                                     _("The text is not valid UTF-8."));
          columns.reported[field] = TRUE;
        }
    }

  sale = build_sale (import, &columns);
  if (sale == NULL)
    return;

  first_line = g_hash_table_lookup (import->uid_lines, rs_sale_get_uid (sale));
  if (first_line != NULL)
    {
      g_autofree char *shown = rs_text_for_message (rs_sale_get_uid (sale));
      g_autofree char *message =
        g_strdup_printf (/* Translators: %1$s is a sale identifier, %2$u a line number */
                         _("The sale identifier “%1$s” is already used on line %2$u."),
                         shown, GPOINTER_TO_UINT (first_line));
      rs_csv_reader_add_problem (reader, reader->record_line,
                                 column_name (import, RS_SALE_FIELD_UID), message);
      return;
    }

  g_hash_table_insert (import->uid_lines, (gpointer) rs_sale_get_uid (sale),
                       GUINT_TO_POINTER (reader->record_line));
  g_ptr_array_add (import->sales, g_steal_pointer (&sale));
}

static void
read_all (Import *import)
{
  RsCsvReader *reader = &import->reader;

  while (rs_csv_reader_next_record (reader))
    {
      if (!reader->has_header)
        {
          /* Blank lines before the header are not a row of names. */
          if (rs_csv_reader_record_is_blank (reader))
            continue;
          if (reader->record_failed || !read_header (import))
            reader->stopped = TRUE;
          continue;
        }

      if (++import->n_rows > RS_CSV_MAX_ROWS)
        {
          g_autofree char *message =
            g_strdup_printf (/* Translators: %d is the largest number of rows a file can have */
                             _("The file has more than %d rows, more than can be imported at once."),
                             RS_CSV_MAX_ROWS);
          rs_csv_reader_stop (reader, reader->record_line, message);
          return;
        }

      if (!reader->record_failed && !rs_csv_reader_record_is_blank (reader))
        read_row (import);
    }

  if (!reader->has_header && !reader->stopped)
    rs_csv_reader_stop (reader, 0, _("The file is empty; its first line must name the columns."));
}

static void
import_clear (Import *import)
{
  /* The table's keys belong to the sales: it goes first. */
  g_clear_pointer (&import->uid_lines, g_hash_table_unref);
  g_clear_pointer (&import->sales, g_ptr_array_unref);
  for (guint i = 0; i < RS_SALE_N_FIELDS; i++)
    g_clear_pointer (&import->header_names[i], g_free);
  rs_csv_reader_clear (&import->reader);
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
  return rs_csv_parse_sales_full (data, length, defaults, NULL, problems, error);
}

GPtrArray *
rs_csv_parse_sales_full (const char          *data,
                         gsize                length,
                         const RsDefaults    *defaults,
                         const RsCsvReading  *reading,
                         GPtrArray           *problems,
                         GError             **error)
{
  g_autoptr(RsDefaults) builtin = NULL;
  g_autoptr(GPtrArray) own_problems = NULL;
  GPtrArray *sales;
  Import import = { 0 };
  guint first_problem;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (defaults == NULL)
    defaults = builtin = rs_defaults_new_builtin ();
  if (problems == NULL)
    problems = own_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  first_problem = problems->len;

  rs_csv_reader_init (&import.reader, data != NULL ? data : "", length, problems);
  import.defaults = defaults;
  import.reading = reading;
  import.sales = g_ptr_array_new_with_free_func (g_object_unref);
  import.uid_lines = g_hash_table_new (g_str_hash, g_str_equal);
  read_all (&import);

  if (problems->len > first_problem)
    {
      set_summary_error (error, g_ptr_array_index (problems, first_problem));
      import_clear (&import);
      return NULL;
    }

  sales = g_steal_pointer (&import.sales);
  import_clear (&import);
  return sales;
}
