/* rs-csv-writer.c: sales as CSV (RFC 4180), the format of `recurring-sales export --format csv`
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/rs-csv.h>
#include <recurring-sales/rs-sale-fields.h>

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

/* Every column the reader needs to give the same sale back, empty where the sale has no
 * value: an empty cell reads back as "not given", which is what the sale has. */
static void
write_sale (GString           *out,
            RsSale            *sale,
            const RsSaleField *columns)
{
  for (guint i = 0; columns[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (columns[i]);
      g_autofree char *text = NULL;

      if (rs_sale_field_has_value (info, sale))
        text = rs_sale_field_to_text (info, sale);
      append_field (out, text, i == 0);
    }
  g_string_append (out, "\r\n");
}

char *
rs_csv_write_sales (GPtrArray *sales)
{
  const RsSaleField *columns = rs_sale_fields_in_order (RS_SALE_ORDER_CSV_WRITTEN);
  GString *out;

  g_return_val_if_fail (sales != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; columns[i] != RS_SALE_FIELD_NONE; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, rs_sale_field_csv_column (rs_sale_field_get_info (columns[i])));
    }
  g_string_append (out, "\r\n");

  for (guint i = 0; i < sales->len; i++)
    write_sale (out, g_ptr_array_index (sales, i), columns);

  return g_string_free (out, FALSE);
}
