/* rs-cli-output.c: tables for people, JSON for scripts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "rs-cli.h"
#include <recurring-sales/rs-money.h>

/* A free column is never shrunk below this: "Acme…" still says something. The others share
 * a shortage down to SHRINK_FIRST_WIDTH first, then down to MIN_COLUMN_WIDTH; columns that are
 * kept whole as long as possible give up room only after that. */
#define MIN_COLUMN_WIDTH 6
#define SHRINK_FIRST_WIDTH 10
#define COLUMN_GAP "  "

struct _RsCliTable {
  guint      n_columns;
  GPtrArray *headings;  /* char * */
  GPtrArray *rows;      /* GStrv, n_columns each */
  gboolean  *right_aligned;
  gboolean  *fixed;
  gboolean  *keep;
};

static gboolean
is_invisible_format (gunichar c)
{
  /* Bidirectional overrides and isolates can make a name display as something else
   * ("Trojan Source"); they have no business in a client's name on a terminal. */
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

char *
rs_cli_printable (const char *text,
                  gboolean    keep_newlines)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' && keep_newlines)
        g_string_append_c (out, '\n');
      else if (g_unichar_iscntrl (c) || is_invisible_format (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

guint
rs_cli_display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));

  return width;
}

char *
rs_cli_truncate (const char *text,
                 guint       width)
{
  GString *out;
  guint used = 0;

  if (rs_cli_display_width (text) <= width)
    return g_strdup (text);
  if (width == 0)
    return g_strdup ("");

  /* Room for the ellipsis, which is one column wide. */
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w = char_width (c);

      if (used + w > width - 1)
        break;
      g_string_append_unichar (out, c);
      used += w;
    }
  g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

char *
rs_cli_shown (const char *text)
{
  g_autofree char *printable = rs_cli_printable (text, FALSE);

  return rs_cli_truncate (printable, 60);
}

guint
rs_cli_output_width (void)
{
  struct winsize size;
  const char *columns = g_getenv ("COLUMNS");
  guint64 value;

  /* As ls does: the terminal's own size first, which follows a resized window; $COLUMNS for a
   * terminal that does not say, or for output that goes elsewhere but is read on a screen
   * (`… | less` with COLUMNS exported). */
  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  if (columns != NULL && g_ascii_string_to_unsigned (columns, 10, 1, G_MAXUINT16, &value, NULL))
    return (guint) value;

  return isatty (STDOUT_FILENO) ? RS_CLI_TABLE_WIDTH : G_MAXUINT;
}

RsCliTable *
rs_cli_table_new (const char *first_heading,
                  ...)
{
  RsCliTable *table = g_new0 (RsCliTable, 1);
  va_list args;

  table->headings = g_ptr_array_new_with_free_func (g_free);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  va_start (args, first_heading);
  for (const char *heading = first_heading; heading != NULL; heading = va_arg (args, const char *))
    g_ptr_array_add (table->headings, rs_cli_printable (heading, FALSE));
  va_end (args);

  table->n_columns = table->headings->len;
  table->right_aligned = g_new0 (gboolean, table->n_columns);
  table->fixed = g_new0 (gboolean, table->n_columns);
  table->keep = g_new0 (gboolean, table->n_columns);

  return table;
}

void
rs_cli_table_free (RsCliTable *table)
{
  if (table == NULL)
    return;

  g_ptr_array_unref (table->headings);
  g_ptr_array_unref (table->rows);
  g_free (table->right_aligned);
  g_free (table->fixed);
  g_free (table->keep);
  g_free (table);
}

void
rs_cli_table_set_column (RsCliTable *table,
                         guint       column,
                         gboolean    right_aligned,
                         gboolean    fixed)
{
  g_return_if_fail (column < table->n_columns);

  table->right_aligned[column] = right_aligned;
  table->fixed[column] = fixed;
}

void
rs_cli_table_keep_whole (RsCliTable *table,
                         guint       column)
{
  g_return_if_fail (column < table->n_columns);

  table->keep[column] = TRUE;
}

void
rs_cli_table_add_row (RsCliTable        *table,
                      const char *const *cells)
{
  char **row = g_new0 (char *, table->n_columns + 1);

  for (guint i = 0; i < table->n_columns; i++)
    row[i] = rs_cli_printable (cells[i], FALSE);

  g_ptr_array_add (table->rows, row);
}

static void
print_row (RsCliTable        *table,
           const char *const *cells,
           const guint       *widths,
           guint              n_columns)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *text = rs_cli_truncate (cells[i], widths[i]);
      guint pad = widths[i] - rs_cli_display_width (text);
      gboolean last = i + 1 == n_columns;

      if (i > 0)
        g_string_append (line, COLUMN_GAP);
      if (table->right_aligned[i])
        {
          for (guint j = 0; j < pad; j++)
            g_string_append_c (line, ' ');
          g_string_append (line, text);
        }
      else
        {
          g_string_append (line, text);
          for (guint j = 0; !last && j < pad; j++)
            g_string_append_c (line, ' ');
        }
    }

  /* A last column that happens to be empty leaves only spaces behind. */
  while (line->len > 0 && line->str[line->len - 1] == ' ')
    g_string_truncate (line, line->len - 1);

  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

/* Widths for the first @n_columns columns that fit @width if they can; returns the total. */
static guint
fit_widths (RsCliTable *table,
            guint      *widths,
            guint       n_columns,
            guint       width)
{
  guint total = 0;

  for (guint i = 0; i < n_columns; i++)
    {
      widths[i] = rs_cli_display_width (g_ptr_array_index (table->headings, i));
      for (guint r = 0; r < table->rows->len; r++)
        {
          char **row = g_ptr_array_index (table->rows, r);
          widths[i] = MAX (widths[i], rs_cli_display_width (row[i]));
        }
      total += widths[i];
    }
  total += (n_columns - 1) * (guint) strlen (COLUMN_GAP);

  /* Take one column at a time from the widest free column: names and services share the
   * shortage instead of one of them vanishing. What a row is about (an upcoming item's "What")
   * stays whole while the others can give room: the short identifier beside it costs some. */
  while (total > width)
    {
      guint widest = G_MAXUINT;

      for (guint pass = 0; pass < 3 && widest == G_MAXUINT; pass++)
        for (guint i = 0; i < n_columns; i++)
          {
            guint floor = pass == 0 ? SHRINK_FIRST_WIDTH : MIN_COLUMN_WIDTH;

            if (table->fixed[i] || (pass < 2 && table->keep[i]) || widths[i] <= floor)
              continue;
            if (widest == G_MAXUINT || widths[i] > widths[widest])
              widest = i;
          }
      if (widest == G_MAXUINT)
        break;
      widths[widest]--;
      total--;
    }

  return total;
}

void
rs_cli_table_print (RsCliTable *table,
                    guint       width)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);
  guint n_columns = table->n_columns;

  /* When the columns cannot fit (a long identifier that must stay whole), the last column goes
   * on its own indented line under each row instead of past the right edge. */
  if (fit_widths (table, widths, n_columns, width) > width && n_columns > 1)
    n_columns--, fit_widths (table, widths, n_columns, width);

  print_row (table, (const char *const *) table->headings->pdata, widths, n_columns);
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      print_row (table, (const char *const *) row, widths, n_columns);
      if (n_columns < table->n_columns && row[n_columns] != NULL && *row[n_columns] != '\0')
        g_print ("  %s\n", row[n_columns]);
    }
}

static JsonNode *
reminders_to_json (GVariant *reminders)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  GVariantIter iter;
  const char *kind, *audience;
  guint32 lead_days;

  g_variant_iter_init (&iter, reminders);
  while (g_variant_iter_next (&iter, "(&su&s)", &kind, &lead_days, &audience))
    {
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "kind", kind);
      json_object_set_int_member (object, "lead_days", lead_days);
      json_object_set_string_member (object, "audience", audience);
      json_array_add_object_element (array, object);
    }

  json_node_take_array (node, array);
  return node;
}

JsonNode *
rs_cli_dict_to_json (GVariant *dict)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  const char *currency = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_lookup (dict, "currency", "&s", &currency);

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      if (g_str_equal (key, "amount_minor") &&
          g_variant_is_of_type (value, G_VARIANT_TYPE_INT64) &&
          currency != NULL && rs_currency_exponent (currency) >= 0)
        {
          /* The same decimal text as the JSON export: exact, and what people read. */
          g_autofree char *amount = rs_money_to_decimal (g_variant_get_int64 (value), currency);
          json_object_set_string_member (object, "amount", amount);
        }
      else if (g_str_equal (key, "reminders") &&
               g_variant_is_of_type (value, G_VARIANT_TYPE ("a(sus)")))
        {
          json_object_set_member (object, key, reminders_to_json (value));
        }
      else
        {
          json_object_set_member (object, key, json_gvariant_serialize (value));
        }
    }

  json_node_take_object (node, object);
  return node;
}

JsonNode *
rs_cli_dicts_to_json (GVariant *dicts)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, dicts);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      json_array_add_element (array, rs_cli_dict_to_json (dict));
      g_variant_unref (dict);
    }

  json_node_take_array (node, array);
  return node;
}

void
rs_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  g_print ("%s\n", text);
}
