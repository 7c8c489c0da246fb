/* rs-csv-columns.c: the command's --columns, which says what a file's own headers are
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-csv.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-sale-fields.h>
#include <recurring-sales/rs-text.h>

/* "client, service, amount, …": the columns a header may be mapped to. */
static char *
list_columns (void)
{
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_CSV_WRITTEN);
  GString *list = g_string_new (NULL);

  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const char *name = rs_sale_field_csv_column (rs_sale_field_get_info (order[i]));

      if (name == NULL)
        continue;
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, name);
    }

  return g_string_free (list, FALSE);
}

GHashTable *
rs_csv_columns_parse (const char  *text,
                      GError     **error)
{
  g_autoptr(GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) pairs = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  pairs = g_strsplit (text, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) sides = g_strsplit (pairs[i], "=", 2);
      g_autofree char *header = NULL;
      g_autofree char *column = NULL;
      g_autofree char *shown = NULL;
      const RsSaleFieldInfo *info;

      if (g_strv_length (sides) != 2)
        {
          shown = rs_text_for_message (pairs[i]);
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is what the user gave; keep Client=client as it is */
                       _("“%s” does not say which column a header is; write HEADER=COLUMN, "
                         "like Client=client."), shown);
          return NULL;
        }

      header = rs_text_fold_word (sides[0]);
      column = g_strstrip (g_strdup (sides[1]));
      info = rs_sale_field_find_csv_column (column);
      if (*header == '\0' || info == NULL || rs_sale_field_csv_column (info) == NULL)
        {
          g_autofree char *known = list_columns ();

          shown = rs_text_for_message (*header == '\0' ? pairs[i] : column);
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %1$s is what the user gave, %2$s the list of columns */
                       _("“%1$s” is not a column; write HEADER=COLUMN with one of: %2$s."),
                       shown, known);
          return NULL;
        }

      if (g_hash_table_contains (columns, header))
        {
          shown = rs_text_for_message (g_strstrip (sides[0]));
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is a header of the file given to --columns */
                       _("The header “%s” is given twice in --columns."), shown);
          return NULL;
        }

      g_hash_table_insert (columns, g_steal_pointer (&header), (gpointer) info->name);
    }

  return g_steal_pointer (&columns);
}
