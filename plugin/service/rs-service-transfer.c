/* rs-service-transfer.c: Import, ImportSales, Export, Backup and Restore — the sales in and out
 * as a whole
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include <recurring-sales/rs-csv.h>
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-json.h>
#include <recurring-sales/rs-projection.h>
#include <recurring-sales/rs-sale-matcher.h>
#include <recurring-sales/rs-text.h>
#include "rs-service-args.h"
#include "rs-service-private.h"

#define MAX_IMPORT_BYTES (256 * 1024 * 1024)

static GVariant *
problems_to_variant (GPtrArray *problems)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const RsCsvProblem *problem = g_ptr_array_index (problems, i);

      g_variant_builder_open (&builder, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&builder, "{sv}", "line", g_variant_new_uint32 (problem->line));
      g_variant_builder_add (&builder, "{sv}", "column",
                             g_variant_new_string (problem->column != NULL ? problem->column : ""));
      g_variant_builder_add (&builder, "{sv}", "message", g_variant_new_string (problem->message));
      g_variant_builder_close (&builder);
    }

  return g_variant_builder_end (&builder);
}

/* Parses @data as @format; NULL with @error, or with problems in @problems (CSV rows). */
static GPtrArray *
parse_import (const char  *format,
              const char  *data,
              GPtrArray   *problems,
              GError     **error)
{
  g_autoptr(RsDefaults) defaults = NULL;
  gsize length = strlen (data);

  if (length > MAX_IMPORT_BYTES)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d is a size in mebibytes (256) */
                   _("The data to import is larger than %d MiB; split it into smaller files."),
                   MAX_IMPORT_BYTES / (1024 * 1024));
      return NULL;
    }

  defaults = rs_defaults_load ();
  if (g_str_equal (format, "csv"))
    return rs_csv_parse_sales (data, length, defaults, problems, error);
  if (g_str_equal (format, "json"))
    return rs_json_parse_sales (data, (gssize) length, defaults, error);

  {
    g_autofree char *shown = rs_text_for_message (format);

    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is the format given */
                 _("The import format “%s” is not one of csv or json."), shown);
    return NULL;
  }
}

/* The sales of @sales that are not already there (in memory, or before them in @sales), as
 * @flags tells: re-importing a file must not double the sales and their reminders. */
static GPtrArray *
leave_out_existing (RsService        *self,
                    GPtrArray        *sales,
                    RsSaleMatchFlags  flags,
                    guint            *out_existing)
{
  g_autoptr(RsSaleMatcher) matcher = rs_sale_matcher_new (flags);
  GPtrArray *new_sales = g_ptr_array_new_full (sales->len, g_object_unref);
  GHashTableIter iter;
  gpointer sale;

  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, NULL, &sale))
    rs_sale_matcher_add (matcher, sale);

  *out_existing = 0;
  for (guint i = 0; i < sales->len; i++)
    {
      sale = g_ptr_array_index (sales, i);
      if (rs_sale_matcher_lookup (matcher, sale) != NULL)
        {
          (*out_existing)++;
          continue;
        }

      rs_sale_matcher_add (matcher, sale);
      g_ptr_array_add (new_sales, g_object_ref (sale));
    }

  return new_sales;
}

/* Import and ImportSales: adds what is new of @data. FALSE when the call was answered with an
 * error; else the counts, and @out_problems when the file had bad rows (nothing added). */
static gboolean
import_sales (RsService              *self,
              GDBusMethodInvocation  *invocation,
              const char             *format,
              const char             *data,
              const RsImportOptions  *options,
              guint                  *out_added,
              guint                  *out_existing,
              GVariant              **out_problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GPtrArray) new_sales = NULL;
  g_autoptr(GPtrArray) uids = NULL;

  *out_added = *out_existing = 0;
  sales = parse_import (format, data, problems, &error);
  /* Bad rows are an answer, not a failure: the caller shows them all. */
  if (sales == NULL && problems->len > 0)
    {
      *out_problems = problems_to_variant (problems);
      return TRUE;
    }
  if (sales == NULL)
    {
      rs_service_return_error (invocation, error);
      return FALSE;
    }

  new_sales = leave_out_existing (self, sales,
                                  options->allow_duplicates ? RS_SALE_MATCH_IDENTIFIER
                                                            : RS_SALE_MATCH_ALL,
                                  out_existing);

  /* One transaction: all the sales, or none. */
  if (!rs_store_add_sales (self->store, new_sales, &error))
    {
      rs_service_return_error (invocation, error);
      return FALSE;
    }

  if (new_sales->len > 0)
    {
      rs_service_keep_all (self, new_sales);
      uids = g_ptr_array_new_full (new_sales->len + 1, NULL);
      for (guint i = 0; i < new_sales->len; i++)
        g_ptr_array_add (uids, (gpointer) rs_sale_get_uid (g_ptr_array_index (new_sales, i)));
      g_ptr_array_add (uids, NULL);
      rs_service_announce (self, (const char * const *) uids->pdata);
    }

  *out_added = new_sales->len;
  *out_problems = problems_to_variant (NULL);
  return TRUE;
}

static gboolean
handle_import (RsService             *self,
               GDBusMethodInvocation *invocation,
               const char            *format,
               const char            *data)
{
  const RsImportOptions options = { FALSE };
  GVariant *problems;
  guint added, existing;

  if (!rs_service_begin_call (self, invocation) ||
      !import_sales (self, invocation, format, data, &options, &added, &existing, &problems))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  rs_dbus_recurring_sales1_complete_import (self->skeleton, invocation, added, problems);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_import_sales (RsService             *self,
                     GDBusMethodInvocation *invocation,
                     const char            *format,
                     const char            *data,
                     GVariant              *options_dict)
{
  g_autoptr(GError) error = NULL;
  RsImportOptions options;
  GVariant *problems;
  guint added, existing;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  if (!rs_import_options_read (options_dict, &options, &error))
    return rs_service_return_error (invocation, error);

  if (!import_sales (self, invocation, format, data, &options, &added, &existing, &problems))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  rs_dbus_recurring_sales1_complete_import_sales (self->skeleton, invocation, added, existing,
                                                  problems);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_export (RsService             *self,
               GDBusMethodInvocation *invocation,
               const char            *format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *data = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  sales = rs_service_collect (self, NULL, NULL);
  g_ptr_array_sort (sales, rs_service_compare_uid);

  if (g_str_equal (format, "ics"))
    data = rs_projection_export_ics (sales);
  else if (g_str_equal (format, "csv"))
    data = rs_csv_write_sales (sales);
  else if (g_str_equal (format, "json"))
    data = rs_json_write_sales (sales);
  else
    {
      g_autofree char *shown = rs_text_for_message (format);

      g_set_error (&error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the format given */
                   _("The export format “%s” is not one of ics, csv or json."), shown);
      return rs_service_return_error (invocation, error);
    }

  reply = g_variant_ref_sink (g_variant_new_take_string (g_steal_pointer (&data)));
  if (!rs_service_check_reply_size (invocation, reply, &error))
    return rs_service_return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_export (self->skeleton, invocation,
                                            g_variant_get_string (reply, NULL));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The service reads and writes the file itself: a relative path would be relative to the
 * service's directory, which the caller cannot know. */
static gboolean
check_backup_path (const char  *path,
                   gboolean     restoring,
                   GError     **error)
{
  g_autofree char *shown = NULL;

  if (g_path_is_absolute (path))
    return TRUE;

  shown = rs_text_for_message (path);
  if (restoring)
    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is the path given */
                 _("The backup path “%s” is not absolute; give the full path of the file "
                   "to restore."), shown);
  else
    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is the path given */
                 _("The backup path “%s” is not absolute; give the full path of the file "
                   "to write."), shown);
  return FALSE;
}

static gboolean
handle_backup (RsService             *self,
               GDBusMethodInvocation *invocation,
               const char            *path)
{
  g_autoptr(GError) error = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if (!check_backup_path (path, FALSE, &error) ||
      !rs_store_backup_sync (self->store, path, NULL, &error))
    return rs_service_return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_backup (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* Keeps the sales as they are into backups/before-restore.db.new; renamed over
 * before-restore.db only once the restore succeeded, so that restoring before-restore.db
 * itself (undoing a restore) reads the file as it was. */
static char *
save_before_restore (RsService  *self,
                     GError    **error)
{
  g_autofree char *directory = rs_backup_rotation_dup_directory (self->store);
  g_autofree char *path = g_build_filename (directory, RS_BACKUP_BEFORE_RESTORE_NAME ".new", NULL);

  if (!rs_backup_rotation_prepare_directory (directory, error) ||
      !rs_store_backup_sync (self->store, path, NULL, error))
    {
      /* Translators: a sentence saying why follows */
      g_prefix_error (error, _("Nothing was restored, because the sales as they are now could "
                               "not be saved first: "));
      return NULL;
    }

  return g_steal_pointer (&path);
}

static void
keep_before_restore (const char *saved_path)
{
  g_autofree char *kept_path = g_strndup (saved_path, strlen (saved_path) - strlen (".new"));

  if (g_rename (saved_path, kept_path) != 0)
    g_warning ("The sales as they were before the restore could not be kept in %s: %s",
               kept_path, g_strerror (errno));
}

/* Reads every sale again, for when the change log cannot say which changed; the uids that were
 * in memory or are in the store now, ordered. */
static GPtrArray *
reload_all (RsService *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = rs_store_list_sales (self->store, &error);
  g_autoptr(GHashTable) uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *ordered = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer uid;

  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    g_hash_table_add (uids, g_strdup (uid));

  if (sales == NULL)
    {
      g_warning ("The sales could not be read back: %s", error->message);
      return ordered;
    }

  rs_service_forget_all (self);
  rs_service_keep_all (self, sales);
  for (guint i = 0; i < sales->len; i++)
    g_hash_table_add (uids, g_strdup (rs_sale_get_uid (g_ptr_array_index (sales, i))));

  g_hash_table_iter_init (&iter, uids);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    {
      g_ptr_array_add (ordered, uid);
      g_hash_table_iter_steal (&iter);
    }
  g_ptr_array_sort (ordered, rs_service_compare_uids);
  return ordered;
}

/* After the store was replaced: reads back what changed, announces it, and looks for due
 * reminders again. */
static void
reload_restored (RsService *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  guint64 revision;

  /* Every sale of the old store and of the backup is in the change log after the revision the
   * memory reflects (rs_service_begin_call caught up with other writers just now). */
  changed = rs_store_list_changed_since (self->store, self->revision, &error);
  if (changed != NULL)
    {
      for (guint i = 0; i < changed->len; i++)
        rs_service_reload (self, g_ptr_array_index (changed, i));
    }
  else
    {
      g_warning ("Could not read which sales the restore changed: %s", error->message);
      g_clear_error (&error);
      changed = reload_all (self);
    }

  revision = rs_store_get_revision (self->store);
  rs_service_set_revision (self, revision);
  if (changed->len > 0)
    {
      g_ptr_array_add (changed, NULL);
      rs_dbus_recurring_sales1_emit_sales_changed (self->skeleton,
                                                   (const char * const *) changed->pdata,
                                                   revision);
    }

  /* Restored sales may have reminders due now, or none ahead any more. */
  if (self->dispatcher != NULL)
    rs_dispatcher_queue_run (self->dispatcher);
}

static gboolean
handle_restore (RsService             *self,
                GDBusMethodInvocation *invocation,
                const char            *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *saved_path = NULL;

  if (!rs_service_begin_rescue_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if (!check_backup_path (path, TRUE, &error))
    return rs_service_return_error (invocation, error);

  if (self->store == NULL)
    return rs_service_rescue_restore (self, invocation, path);

  /* A restore of the wrong file must not lose today's sales: they can be restored back. */
  if ((saved_path = save_before_restore (self, &error)) == NULL)
    return rs_service_return_error (invocation, error);

  if (!rs_store_restore_sync (self->store, path, NULL, &error))
    {
      g_unlink (saved_path);
      return rs_service_return_error (invocation, error);
    }
  keep_before_restore (saved_path);

  reload_restored (self);
  rs_dbus_recurring_sales1_complete_restore (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

const RsServiceHandler rs_service_transfer_handlers[] = {
  { "handle-import", G_CALLBACK (handle_import) },
  { "handle-import-sales", G_CALLBACK (handle_import_sales) },
  { "handle-export", G_CALLBACK (handle_export) },
  { "handle-backup", G_CALLBACK (handle_backup) },
  { "handle-restore", G_CALLBACK (handle_restore) },
  { NULL, NULL }
};
