/* rs-cli-files.c: the files the command reads and writes itself, in the user's locale
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The service knows neither the user's locale nor the command's options, and D-Bus carries
 * sales exactly as JSON: a CSV file of the user's own (1.234,56, 31/12/2027, --columns) is read
 * here and given to the service as JSON; an export for Excel, and the calendar that carries
 * its sales (rs-ics.h), are written here from the service's JSON, and such a calendar is read
 * back here.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-csv.h>
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-ics.h>
#include <recurring-sales/rs-json.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-sale-fields.h>

#include "rs-cli.h"

/* "line 3, column Ποσό: …" on the standard error. */
void
rs_cli_print_import_problem (guint       line,
                             const char *column,
                             const char *message)
{
  g_autofree char *shown = rs_cli_printable (message, FALSE);

  if (line > 0 && column != NULL && *column != '\0')
    {
      g_autofree char *shown_column = rs_cli_printable (column, FALSE);
      /* Translators: a problem of an imported file; %1$u a line number, %2$s a column
       * name from the file's header, %3$s a sentence */
      g_printerr (_("line %1$u, column %2$s: %3$s"), line, shown_column, shown);
    }
  else if (line > 0)
    {
      /* Translators: a problem of an imported file; %1$u a line number, %2$s a sentence */
      g_printerr (_("line %1$u: %2$s"), line, shown);
    }
  else
    {
      g_printerr ("%s", shown);
    }
  g_printerr ("\n");
}

/* The problems the core found in a CSV file; returns how many rows they are on. */
static guint
print_csv_problems (GPtrArray *problems)
{
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const RsCsvProblem *problem = g_ptr_array_index (problems, i);

      if (problem->line > 0)
        g_hash_table_add (lines, GUINT_TO_POINTER (problem->line));
      rs_cli_print_import_problem (problem->line, problem->column, problem->message);
    }

  return g_hash_table_size (lines);
}

/* After the problems of a refused file: nothing was added, and what to do. */
void
rs_cli_print_import_refused (guint n_problems,
                             guint n_rows)
{
  /* The service lists at most this many: the rows counted may not be all of them. */
  if (n_problems >= RS_CSV_MAX_PROBLEMS)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             /* Translators: after the problems of a file; %u is 100 */
                             "Nothing was imported. Only the first %u problem is listed; correct "
                             "it and import the file again to see the others.",
                             "Nothing was imported. Only the first %u problems are listed; "
                             "correct them and import the file again to see the others.",
                             n_problems), n_problems);
  else if (n_rows > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             /* Translators: after the problems of a file; %u is a number of
                              * rows */
                             "Nothing was imported: %u row was refused; correct it and import "
                             "the file again.",
                             "Nothing was imported: %u rows were refused; correct them and "
                             "import the file again.", n_rows), n_rows);
  else
    /* Translators: after a problem of a whole file (an empty one, say) */
    g_printerr ("%s", _("Nothing was imported."));
  g_printerr ("\n");
}

/* Reads a CSV file here, in the user's locale (amounts like 1.234,56 and dates like
 * 31/12/2027 in Greek, --columns), and gives the service its sales as JSON, which carries
 * them exactly: the service knows neither the user's locale nor the command's options.
 * Returns the JSON, or NULL once the problems are printed. */
char *
rs_cli_csv_to_json (const char *data,
                    gsize       length,
                    GHashTable *columns)
{
  g_autoptr(GPtrArray) problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  g_autoptr(RsDefaults) defaults = rs_defaults_load ();
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GError) error = NULL;
  RsMoneyStyle style;
  RsCsvReading reading = { &style, TRUE, columns };
  guint n_rows;

  rs_money_style_from_locale (&style);
  sales = rs_csv_parse_sales_full (data, length, defaults, &reading, problems, &error);
  if (sales != NULL)
    return rs_json_write_sales (sales);

  if (problems->len == 0)
    {
      rs_cli_refused (error);
      return NULL;
    }
  n_rows = print_csv_problems (problems);
  rs_cli_print_import_refused (problems->len, n_rows);
  return NULL;
}

/* The columns and the forms import reads, for `import --help`, in the user's language. */
char *
rs_cli_describe_import_columns (void)
{
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_CSV_WRITTEN);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *today = NULL;
  g_autofree char *amount = NULL;
  RsMoneyStyle style;
  GDate example;

  /* Translators: a heading of `recurring-sales import --help` */
  g_string_append_printf (text, "%s\n", _("Columns of a CSV file (the first row names them; "
                                          "any of these names, in any case):"));
  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);

      if (rs_sale_field_csv_column (info) == NULL)
        continue;
      g_string_append_printf (text, "  %s%s", info->name,
                              (info->flags & RS_SALE_FIELD_REQUIRED) ? " *" : "");
      for (guint w = 0; info->csv_headers != NULL && info->csv_headers[w] != NULL; w++)
        g_string_append_printf (text, "%s%s", w == 0 ? ": " : ", ", info->csv_headers[w]);
      g_string_append_c (text, '\n');
    }

  rs_money_style_from_locale (&style);
  amount = g_strdup_printf ("1%s234%s56", style.thousands_sep, style.decimal_point);
  g_date_clear (&example, 1);
  g_date_set_dmy (&example, 31, G_DATE_DECEMBER, 2027);
  today = rs_date_to_local (&example);
  /* Translators: in `recurring-sales import --help`, after the list of columns */
  g_string_append_printf (text, "%s\n", _("* required. A header that is none of these is "
                                          "named with --columns \"Header=column,…\"."));
  /* Translators: in `recurring-sales import --help`; %1$s is a date as the user's language
   * writes it (31/12/2027), %2$s an amount as the user's locale writes it (1.234,56), %3$s
   * examples of periods in words */
  g_string_append_printf (text, _("Dates: %1$s or 2027-12-31. Amounts: %2$s, 1234.56 or "
                                  "1234,56. Periods: 1m, 3m, 1y, 2w, 10d, or %3$s. Separators: "
                                  ", or ; (found from the first row); a UTF-8 BOM is allowed."),
                          today, amount, rs_period_words ());
  return g_string_free (g_steal_pointer (&text), FALSE);
}


char *
rs_cli_json_to_excel (const char  *json,
                      GError     **error)
{
  g_autoptr(RsDefaults) defaults = rs_defaults_load ();
  g_autoptr(GPtrArray) sales = rs_json_parse_sales (json, -1, defaults, error);
  RsMoneyStyle style;

  if (sales == NULL)
    return NULL;

  rs_money_style_from_locale (&style);
  return rs_csv_write_sales_excel (sales, &style);
}

char *
rs_cli_ics_to_json (const char  *data,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(RsDefaults) defaults = rs_defaults_load ();
  g_autoptr(GPtrArray) sales = rs_ics_parse_sales (data, length, defaults, error);

  return sales != NULL ? rs_json_write_sales (sales) : NULL;
}

char *
rs_cli_json_to_ics (const char  *json,
                    GError     **error)
{
  g_autoptr(RsDefaults) defaults = rs_defaults_load ();
  g_autoptr(GPtrArray) sales = rs_json_parse_sales (json, -1, defaults, error);

  return sales != NULL ? rs_ics_write_sales (sales) : NULL;
}
