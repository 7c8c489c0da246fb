/* rs-elorus-sync.c: one sync of the recurring invoices of Elorus into the store
 * (docs/elorus.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>

#include "rs-elorus-invoice.h"
#include "rs-elorus-sync.h"

void
rs_elorus_sync_report_clear (RsElorusSyncReport *report)
{
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_clear_pointer (&report->changed, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

static void
add_problem (RsElorusSyncReport *report,
             const GError       *error)
{
  g_ptr_array_add (report->problems, g_strdup (error->message));
}

/* The id of a listed invoice; NULL unless it is a string, as Elorus's schema says. */
static const char *
listed_id (JsonObject *listed)
{
  JsonNode *node = json_object_get_member (listed, "id");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
add_changed (RsElorusSyncReport *report,
             const char         *uid)
{
  if (!report->dry_run)
    g_ptr_array_add (report->changed, g_strdup (uid));
}

/* Adds or updates the sale of one invoice, read whole. */
static gboolean
sync_invoice (RsStore             *store,
              RsElorusInvoice     *invoice,
              RsElorusSyncReport  *report,
              GError             **error)
{
  g_autofree char *uid = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RsSale) stored = NULL;
  g_autoptr(RsSale) sale = NULL;
  gboolean dry_run = report->dry_run;

  if (!rs_store_lookup_external (store, RS_ELORUS_SOURCE, invoice->id, &uid, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      sale = rs_sale_new ();
      rs_elorus_invoice_apply (invoice, sale);
      if (!dry_run && !rs_store_add_external_sale (store, RS_ELORUS_SOURCE, invoice->id, sale,
                                                   error))
        return FALSE;
      report->added++;
      add_changed (report, rs_sale_get_uid (sale));
      return TRUE;
    }

  stored = rs_store_get_sale (store, uid, &local_error);
  if (stored == NULL)
    {
      /* The owner removed it: the link stays so that it does not come back. */
      if (g_error_matches (local_error, RS_ERROR, RS_ERROR_NOT_FOUND))
        {
          report->unchanged++;
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  sale = rs_sale_copy (stored);
  if (!rs_elorus_invoice_apply (invoice, sale))
    {
      report->unchanged++;
      return TRUE;
    }
  if (!dry_run && !rs_store_update_sale (store, sale, rs_sale_get_revision (stored), error))
    return FALSE;
  report->updated++;
  add_changed (report, uid);
  return TRUE;
}

gboolean
rs_elorus_sync_end_gone (RsStore             *store,
                         GHashTable          *listed_ids,
                         const GDate         *today,
                         RsElorusSyncReport  *report,
                         GError             **error)
{
  g_autoptr(GHashTable) links = NULL;
  GHashTableIter iter;
  gpointer external_id, uid;
  char today_text[11];

  g_return_val_if_fail (RS_IS_STORE (store), FALSE);
  g_return_val_if_fail (listed_ids != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  rs_date_to_iso_buf (today, today_text);

  links = rs_store_list_external (store, RS_ELORUS_SOURCE, error);
  if (links == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, links);
  while (g_hash_table_iter_next (&iter, &external_id, &uid))
    {
      g_autoptr(RsSale) stored = NULL;
      g_autoptr(RsSale) sale = NULL;
      g_autoptr(GError) local_error = NULL;
      RsSaleStatus status;

      gpointer end;

      /* Still there and not expired (its last day, YYYY-MM-DD, is today or later). */
      if (g_hash_table_lookup_extended (listed_ids, external_id, NULL, &end) &&
          (end == NULL || strcmp (end, today_text) >= 0))
        continue;
      stored = rs_store_get_sale (store, uid, &local_error);
      if (stored == NULL)
        {
          if (g_error_matches (local_error, RS_ERROR, RS_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      status = rs_sale_get_status (stored);
      if (status == RS_SALE_STATUS_ENDED || status == RS_SALE_STATUS_RENEWED)
        continue;

      sale = rs_sale_copy (stored);
      rs_sale_set_status (sale, RS_SALE_STATUS_ENDED);
      if (!report->dry_run &&
          !rs_store_update_sale (store, sale, rs_sale_get_revision (stored), error))
        return FALSE;
      report->ended++;
      add_changed (report, uid);
    }
  return TRUE;
}

gboolean
rs_elorus_sync_begin (RsStore             *store,
                      gboolean             dry_run,
                      RsElorusSyncReport  *report,
                      char               **out_modified_after,
                      GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 last_success = 0;

  g_return_val_if_fail (RS_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (out_modified_after != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->problems = g_ptr_array_new_with_free_func (g_free);
  report->changed = g_ptr_array_new_with_free_func (g_free);
  report->dry_run = dry_run;
  *out_modified_after = NULL;

  if (!rs_store_get_setting_int (store, RS_ELORUS_LAST_SUCCESS_KEY, &last_success, &local_error) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  report->last_success = report->newest = last_success;
  if (last_success > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (last_success);

      *out_modified_after = g_date_time_format_iso8601 (when);
    }
  return TRUE;
}

GHashTable *
rs_elorus_sync_fetch (RsElorusClient       *client,
                      GTimeZone            *zone,
                      const char           *modified_after,
                      RsElorusInvoiceFunc   func,
                      gpointer              user_data,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) everything = NULL;
  g_autoptr(GHashTable) listed_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);

  g_return_val_if_fail (RS_IS_ELORUS_CLIENT (client), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  changed = rs_elorus_client_list_sync (client, modified_after, cancellable, error);
  if (changed == NULL)
    return NULL;

  for (guint i = 0; i < changed->len; i++)
    {
      JsonObject *listed = g_ptr_array_index (changed, i);
      const char *id = listed_id (listed);
      g_autoptr(JsonObject) whole = NULL;
      g_autoptr(RsElorusInvoice) invoice = NULL;
      g_autoptr(GError) problem = NULL;

      if (id == NULL)
        {
          g_set_error_literal (&problem, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                               _("A recurring invoice from Elorus has no id."));
          if (!func (NULL, problem, user_data, error))
            return NULL;
          continue;
        }

      /* The list lacks the client's name and the lines: one more call per changed invoice. */
      whole = rs_elorus_client_get_sync (client, id, cancellable, error);
      if (whole == NULL)
        return NULL;
      invoice = rs_elorus_invoice_new_from_json (whole, zone, &problem);
      if (!func (g_steal_pointer (&invoice), problem, user_data, error))
        return NULL;
    }

  /* A deleted invoice is in no list: the ids of every invoice, to compare with the links. The
   * first sync's list is already everything. */
  if (modified_after == NULL)
    everything = g_ptr_array_ref (changed);
  else
    everything = rs_elorus_client_list_sync (client, NULL, cancellable, error);
  if (everything == NULL)
    return NULL;
  for (guint i = 0; i < everything->len; i++)
    {
      JsonObject *listed = g_ptr_array_index (everything, i);
      const char *id = listed_id (listed);

      if (id != NULL)
        g_hash_table_insert (listed_ids, g_strdup (id),
                             rs_elorus_invoice_listed_end (listed, zone));
    }
  return g_steal_pointer (&listed_ids);
}

void
rs_elorus_sync_refuse (RsElorusSyncReport *report,
                       const GError       *problem)
{
  add_problem (report, problem);
  report->refused++;
}

gboolean
rs_elorus_sync_write_invoice (RsStore             *store,
                              RsElorusInvoice     *invoice,
                              RsElorusSyncReport  *report,
                              GError             **error)
{
  g_autoptr(GError) problem = NULL;

  g_return_val_if_fail (RS_IS_STORE (store), FALSE);
  g_return_val_if_fail (invoice != NULL, FALSE);

  if (!rs_elorus_invoice_check_next_execution (invoice, &problem))
    add_problem (report, problem);

  if (!sync_invoice (store, invoice, report, error))
    return FALSE;
  if (invoice->modified != NULL)
    report->newest = MAX (report->newest, g_date_time_to_unix (invoice->modified));
  return TRUE;
}

gboolean
rs_elorus_sync_finish (RsStore             *store,
                       RsElorusSyncReport  *report,
                       gint64               now,
                       GError             **error)
{
  g_return_val_if_fail (RS_IS_STORE (store), FALSE);

  /* Only now, after every page and every sale: an interrupted sync starts again from the last
   * success, and what it wrote already compares equal. */
  if (report->dry_run)
    return TRUE;
  if (report->newest != report->last_success &&
      !rs_store_set_setting_int (store, RS_ELORUS_LAST_SUCCESS_KEY, report->newest, error))
    return FALSE;
  return rs_store_set_setting_int (store, RS_ELORUS_LAST_SYNC_KEY, now, error);
}

typedef struct
{
  RsStore            *store;
  RsElorusSyncReport *report;
} DirectWrite;

/* rs_elorus_sync_run ()'s: each invoice written as soon as it is read. */
static gboolean
write_directly (RsElorusInvoice  *invoice,
                const GError     *problem,
                gpointer          user_data,
                GError          **error)
{
  g_autoptr(RsElorusInvoice) owned = invoice;
  DirectWrite *direct = user_data;

  if (owned == NULL)
    {
      rs_elorus_sync_refuse (direct->report, problem);
      return TRUE;
    }
  return rs_elorus_sync_write_invoice (direct->store, owned, direct->report, error);
}

gboolean
rs_elorus_sync_run (RsStore             *store,
                    RsElorusClient      *client,
                    GTimeZone           *zone,
                    const GDate         *today,
                    gboolean             dry_run,
                    RsElorusSyncReport  *report,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autofree char *modified_after = NULL;
  g_autoptr(GHashTable) listed_ids = NULL;
  DirectWrite direct = { store, report };

  g_return_val_if_fail (RS_IS_STORE (store), FALSE);
  g_return_val_if_fail (RS_IS_ELORUS_CLIENT (client), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rs_elorus_sync_begin (store, dry_run, report, &modified_after, error))
    return FALSE;
  listed_ids = rs_elorus_sync_fetch (client, zone, modified_after, write_directly, &direct,
                                     cancellable, error);
  return listed_ids != NULL &&
         rs_elorus_sync_end_gone (store, listed_ids, today, report, error) &&
         rs_elorus_sync_finish (store, report, g_get_real_time () / G_USEC_PER_SEC, error);
}
