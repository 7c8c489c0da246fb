/* rs-csv-writer.c: sales as CSV (RFC 4180), the format of `recurring-sales export --format csv`
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/rs-csv.h>
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-sale-fields.h>

/* How a file is written: for other programs (rs_csv_write_sales ()), or for a spreadsheet in
 * the user's locale (rs_csv_write_sales_excel ()). */
typedef struct {
  char                separator;
  const RsMoneyStyle *style;        /* NULL: plain decimals with a point */
} Writing;

/* Quotes what a reader would otherwise split, trim or mistake. A cell starting with = + - @
 * is quoted too, though the data stays exactly as it is: most spreadsheets still read it as a
 * formula when the file is opened, so check such cells before sharing a file. */
static void
append_field (GString       *out,
              const char    *text,
              gboolean       first,
              const Writing *writing)
{
  gsize length;

  if (!first)
    g_string_append_c (out, writing->separator);
  if (text == NULL || *text == '\0')
    return;

  length = strlen (text);
  /* A semicolon file leaves decimal commas unquoted, as Excel writes them itself. */
  if (strpbrk (text, writing->separator == ';' ? ";\"\r\n\t" : ",;\"\r\n\t") == NULL &&
      strchr ("=+-@ ", text[0]) == NULL &&
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

/* Every column the reader needs to give the same sale back, empty where the sale has no
 * value: an empty cell reads back as "not given", which is what the sale has. */
/* A cell as the spreadsheet of @writing's locale reads it: amounts with its decimal separator
 * and no grouping ("1234,56"), dates as the user's language writes them ("31/12/2027").
 * Everything else is as other programs get it. */
static char *
cell_text (const RsSaleFieldInfo *info,
           RsSale                *sale,
           const Writing         *writing)
{
  g_autofree char *text = rs_sale_field_to_file_text (info, sale);
  char *dot;

  if (writing->style == NULL || text == NULL)
    return g_steal_pointer (&text);

  switch (info->type)
    {
    case RS_SALE_FIELD_TYPE_AMOUNT:
      dot = strchr (text, '.');
      if (dot == NULL)
        return g_steal_pointer (&text);
      *dot = '\0';
      return g_strconcat (text, writing->style->decimal_point, dot + 1, NULL);
    case RS_SALE_FIELD_TYPE_DATE:
      {
        GDate date;

        g_date_clear (&date, 1);
        if (!rs_date_parse (text, "", &date, NULL))
          return g_steal_pointer (&text);
        return rs_date_to_local (&date);
      }
    default:
      return g_steal_pointer (&text);
    }
}

static void
write_sale (GString           *out,
            RsSale            *sale,
            const RsSaleField *columns,
            const Writing     *writing)
{
  for (guint i = 0; columns[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (columns[i]);
      g_autofree char *text = NULL;

      if (rs_sale_field_has_value (info, sale))
        text = cell_text (info, sale, writing);
      append_field (out, text, i == 0, writing);
    }
  g_string_append (out, "\r\n");
}

static char *
write_sales (GPtrArray     *sales,
             const Writing *writing,
             gboolean       bom)
{
  const RsSaleField *columns = rs_sale_fields_in_order (RS_SALE_ORDER_CSV_WRITTEN);
  GString *out;

  out = g_string_new (bom ? "\xEF\xBB\xBF" : NULL);
  for (guint i = 0; columns[i] != RS_SALE_FIELD_NONE; i++)
    {
      if (i > 0)
        g_string_append_c (out, writing->separator);
      g_string_append (out, rs_sale_field_csv_column (rs_sale_field_get_info (columns[i])));
    }
  g_string_append (out, "\r\n");

  for (guint i = 0; i < sales->len; i++)
    write_sale (out, g_ptr_array_index (sales, i), columns, writing);

  return g_string_free (out, FALSE);
}

char *
rs_csv_write_sales (GPtrArray *sales)
{
  const Writing writing = { ',', NULL };

  g_return_val_if_fail (sales != NULL, NULL);

  return write_sales (sales, &writing, FALSE);
}

char *
rs_csv_write_sales_excel (GPtrArray          *sales,
                          const RsMoneyStyle *style)
{
  /* Excel takes the list separator from the locale: ";" where the decimal separator is a
   * comma, "," where it is a point. Without the BOM it reads UTF-8 as the ANSI code page. */
  Writing writing = { ',', style };

  g_return_val_if_fail (sales != NULL, NULL);
  g_return_val_if_fail (style != NULL, NULL);

  if (strcmp (style->decimal_point, ".") != 0)
    writing.separator = ';';
  return write_sales (sales, &writing, TRUE);
}
