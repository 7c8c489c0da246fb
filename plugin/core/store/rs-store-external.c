/* rs-store-external.c: sales brought in from another program, keyed by that program's id
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The Elorus sync (docs/elorus.md) finds the sale of each recurring invoice here. The links are
 * their own table (migration 2 → 3) rather than columns of sales: they outlive a sale the owner
 * removed, as the delivery ledger does, so that a sync does not bring it back.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

#include "rs-store-private.h"
#include "rs-store-writer.h"

/* Elorus's ids are 16 digits and its custom IDs at most 256 characters: far below this. */
#define EXTERNAL_ID_MAX_CHARS 256

gboolean
rs_store_insert_external_link (RsStore     *self,
                               const char  *source,
                               const char  *external_id,
                               const char  *uid,
                               GError     **error)
{
  g_auto(StoreStatement) stmt = rs_store_statement (self, STMT_INSERT_EXTERNAL_LINK, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, source);
  bind_text (stmt, 1, external_id);
  bind_text (stmt, 2, uid);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;

  if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY ||
      sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_autofree char *shown = rs_text_for_message (external_id);

      g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
                   /* Translators: first %s is another program's id of a sale, second the
                    * program (Elorus) */
                   _("A sale with the id %s of %s is already there."), shown, source);
    }
  else
    rs_store_set_sqlite_error (self, error);
  return FALSE;
}

static gboolean
check_external_id (const char  *external_id,
                   GError     **error)
{
  g_autofree char *shown = NULL;

  if (external_id != NULL && external_id[0] != '\0' &&
      g_utf8_validate (external_id, -1, NULL) &&
      g_utf8_strlen (external_id, -1) <= EXTERNAL_ID_MAX_CHARS)
    return TRUE;

  shown = external_id != NULL ? rs_text_for_message (external_id) : g_strdup ("");
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is another program's id of a sale, as it was given */
               _("The id “%s” of another program is not 1 to %d characters of text."),
               shown, EXTERNAL_ID_MAX_CHARS);
  return FALSE;
}

gboolean
rs_store_add_external_sale (RsStore     *self,
                            const char  *source,
                            const char  *external_id,
                            RsSale      *sale,
                            GError     **error)
{
  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL && source[0] != '\0', FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_external_id (external_id, error))
    return FALSE;
  return rs_store_add_sales_linked (self, &sale, 1, source, external_id, error);
}

gboolean
rs_store_lookup_external (RsStore     *self,
                          const char  *source,
                          const char  *external_id,
                          char       **out_uid,
                          GError     **error)
{
  g_auto(StoreStatement) stmt = NULL;
  gboolean found;

  g_return_val_if_fail (RS_IS_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL && external_id != NULL, FALSE);
  g_return_val_if_fail (out_uid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_uid = NULL;
  stmt = rs_store_statement (self, STMT_SELECT_EXTERNAL_LINK, error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 0, source);
  bind_text (stmt, 1, external_id);
  if (!rs_store_step_to_row (self, stmt, &found, error) || !found)
    return FALSE;

  *out_uid = g_strdup (column_text (stmt, 0));
  return *out_uid != NULL;
}

GHashTable *
rs_store_list_external (RsStore     *self,
                        const char  *source,
                        GError     **error)
{
  g_autoptr(GHashTable) links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(StoreStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RS_IS_STORE (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = rs_store_statement (self, STMT_LIST_EXTERNAL_LINKS, error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 0, source);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *external_id = column_text (stmt, 0);
      const char *uid = column_text (stmt, 1);

      if (external_id != NULL && uid != NULL)
        g_hash_table_insert (links, g_strdup (external_id), g_strdup (uid));
    }
  if (rc != SQLITE_DONE)
    {
      rs_store_set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&links);
}
