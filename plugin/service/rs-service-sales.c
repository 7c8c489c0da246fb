/* rs-service-sales.c: AddSale, UpdateSale, RemoveSale, GetSale, ListSales, ListSalesPage,
 * FindUids and ShortUids
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Writes go to the store first, in one transaction each; the memory follows once it committed.
 * Reads come from memory.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-sale-variant.h>
#include "rs-service-args.h"
#include "rs-service-private.h"
#include "rs-service-sale-pages.h"

static gboolean
handle_add_sale (RsService             *self,
                 GDBusMethodInvocation *invocation,
                 GVariant              *dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsDefaults) defaults = NULL;
  g_autoptr(RsSale) sale = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  /* Read for every sale: a changed setting applies to the next one. */
  defaults = rs_defaults_load ();
  sale = rs_sale_new_from_variant (dict, defaults, &error);
  if (sale == NULL || !rs_store_add_sale (self->store, sale, &error))
    return rs_service_return_error (invocation, error);

  rs_service_keep_and_announce (self, sale);
  rs_dbus_recurring_sales1_complete_add_sale (self->skeleton, invocation, rs_sale_get_uid (sale));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_update_sale (RsService             *self,
                    GDBusMethodInvocation *invocation,
                    const char            *uid,
                    guint64                expected_revision,
                    GVariant              *changes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  /* The store compares the revision again inside its transaction. */
  sale = rs_store_get_sale (self->store, uid, &error);
  if (sale == NULL ||
      !rs_sale_apply_variant (sale, changes, &error) ||
      !rs_store_update_sale (self->store, sale, expected_revision, &error))
    return rs_service_return_error (invocation, error);

  rs_service_keep_and_announce (self, sale);
  rs_dbus_recurring_sales1_complete_update_sale (self->skeleton, invocation,
                                                 rs_sale_get_revision (sale));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_remove_sale (RsService             *self,
                    GDBusMethodInvocation *invocation,
                    const char            *uid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *predecessor = NULL;
  const char *uids[3] = { uid, NULL, NULL };
  RsSale *sale;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  /* Removing a renewal changes its predecessor too (the store makes it active again). */
  sale = g_hash_table_lookup (self->sales, uid);
  if (sale != NULL)
    predecessor = g_strdup (rs_sale_get_predecessor_uid (sale));

  if (!rs_store_remove_sale (self->store, uid, &error))
    return rs_service_return_error (invocation, error);

  rs_service_forget (self, uid);
  if (predecessor != NULL && g_hash_table_contains (self->sales, predecessor))
    {
      rs_service_reload (self, predecessor);
      uids[1] = predecessor;
    }
  rs_service_announce (self, uids);
  rs_dbus_recurring_sales1_complete_remove_sale (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_sale (RsService             *self,
                 GDBusMethodInvocation *invocation,
                 const char            *uid)
{
  g_autoptr(GError) error = NULL;
  RsSale *sale;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  sale = rs_service_lookup_sale (self, uid, &error);
  if (sale == NULL)
    return rs_service_return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_get_sale (self->skeleton, invocation,
                                              rs_sale_to_variant (sale));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
match_sale_filter (gconstpointer  filter,
                   RsSale        *sale)
{
  return rs_sale_filter_matches (filter, sale);
}

static gboolean
handle_list_sales (RsService             *self,
                   GDBusMethodInvocation *invocation,
                   GVariant              *filter_dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSaleFilter) filter = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GVariant) reply = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  filter = rs_sale_filter_new_from_variant (filter_dict, &error);
  if (filter == NULL)
    return rs_service_return_error (invocation, error);

  sales = rs_service_collect (self, match_sale_filter, filter);
  g_ptr_array_sort (sales, rs_service_compare_client_then_uid);
  reply = rs_service_list_reply (invocation, sales, (RsServiceToVariantFunc) rs_sale_to_variant,
                                 &error);
  if (reply == NULL)
    return rs_service_return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_list_sales (self->skeleton, invocation, reply);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_sales_page (RsService             *self,
                        GDBusMethodInvocation *invocation,
                        GVariant              *filter_dict,
                        guint                  limit,
                        const char            *after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSaleFilter) filter = NULL;
  g_autoptr(RsSalePlace) place = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *next = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if ((filter = rs_sale_filter_new_from_variant (filter_dict, &error)) == NULL ||
      !rs_service_check_sale_page_limit (limit, &error) ||
      !rs_sale_place_parse (after, &place, &error))
    return rs_service_return_error (invocation, error);

  sales = rs_service_collect (self, match_sale_filter, filter);
  g_ptr_array_sort (sales, rs_service_compare_client_then_uid);
  page = rs_service_sale_page (sales, NULL, NULL, place, limit, &next);
  reply = rs_service_list_reply (invocation, page, (RsServiceToVariantFunc) rs_sale_to_variant,
                                 &error);
  if (reply == NULL)
    return rs_service_return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_list_sales_page (self->skeleton, invocation, reply, next);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The most uids FindUids gives, and the longest uid (rs_sale_validate ()'s limit). */
#define MAX_FOUND_UIDS 1000
#define MAX_UID_CHARS  64

int
rs_service_compare_uids (gconstpointer a,
                         gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A sort of 10,000 uids takes a few milliseconds, once for a whole table's identifiers: no
 * index to keep in step. */
GPtrArray *
rs_service_sorted_uids (RsService *self)
{
  GPtrArray *uids = g_ptr_array_sized_new (g_hash_table_size (self->sales));
  GHashTableIter iter;
  gpointer uid;

  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    g_ptr_array_add (uids, uid);
  g_ptr_array_sort (uids, rs_service_compare_uids);
  return uids;
}

/* Where @text is or would be in @uids (sorted): the first uid not before it in byte order. */
static guint
first_at_least (GPtrArray  *uids,
                const char *text)
{
  guint low = 0, high = uids->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (strcmp (g_ptr_array_index (uids, middle), text) < 0)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static gboolean
handle_find_uids (RsService             *self,
                  GDBusMethodInvocation *invocation,
                  const char            *prefix,
                  guint                  limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gsize length = strlen (prefix);
  GHashTableIter iter;
  gpointer uid;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if (length == 0)
    {
      g_set_error_literal (&error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("Give the start of a sale identifier: it is empty."));
      return rs_service_return_error (invocation, error);
    }
  if (limit < 1 || limit > MAX_FOUND_UIDS)
    {
      g_set_error (&error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$u is the number given, %2$u the largest allowed (1000) */
                   _("The limit %1$u is not valid: ask for between 1 and %2$u identifiers."),
                   limit, MAX_FOUND_UIDS);
      return rs_service_return_error (invocation, error);
    }

  /* One look at each uid (10,000 take a tenth of a millisecond), then the few that match in
   * byte order, which puts the prefix itself first. */
  found = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    {
      if (strncmp (uid, prefix, length) == 0)
        g_ptr_array_add (found, uid);
    }
  g_ptr_array_sort (found, rs_service_compare_uids);
  if (found->len > limit)
    g_ptr_array_set_size (found, limit);
  g_ptr_array_add (found, NULL);

  rs_dbus_recurring_sales1_complete_find_uids (self->skeleton, invocation,
                                               (const char * const *) found->pdata);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gsize
common_prefix_length (const char *a,
                      const char *b)
{
  gsize n = 0;

  while (a[n] != '\0' && a[n] == b[n])
    n++;
  return n;
}

/* @uid's shortest start that no other uid starts with, at least @min_length long: one more
 * character than it shares with either of its neighbours in byte order. */
static char *
short_uid (GPtrArray  *uids,
           const char *uid,
           gsize       min_length)
{
  gsize length = strlen (uid);
  gsize shared = 0;
  guint at = first_at_least (uids, uid);

  if (at == uids->len || strcmp (g_ptr_array_index (uids, at), uid) != 0)
    return g_strdup (uid);

  if (at > 0)
    shared = common_prefix_length (uid, g_ptr_array_index (uids, at - 1));
  if (at + 1 < uids->len)
    shared = MAX (shared, common_prefix_length (uid, g_ptr_array_index (uids, at + 1)));

  return g_strndup (uid, MIN (length, MAX (min_length, shared + 1)));
}

static gboolean
handle_short_uids (RsService             *self,
                   GDBusMethodInvocation *invocation,
                   const char * const    *uids,
                   guint                  min_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) shortened = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if (min_length < 1 || min_length > MAX_UID_CHARS)
    {
      g_set_error (&error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$u is the number given, %2$u the largest allowed (64) */
                   _("The length %1$u is not valid: ask for between 1 and %2$u characters."),
                   min_length, MAX_UID_CHARS);
      return rs_service_return_error (invocation, error);
    }

  all = rs_service_sorted_uids (self);
  shortened = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; uids[i] != NULL; i++)
    g_ptr_array_add (shortened, short_uid (all, uids[i], min_length));
  g_ptr_array_add (shortened, NULL);

  rs_dbus_recurring_sales1_complete_short_uids (self->skeleton, invocation,
                                                (const char * const *) shortened->pdata);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

const RsServiceHandler rs_service_sales_handlers[] = {
  { "handle-add-sale", G_CALLBACK (handle_add_sale) },
  { "handle-update-sale", G_CALLBACK (handle_update_sale) },
  { "handle-remove-sale", G_CALLBACK (handle_remove_sale) },
  { "handle-get-sale", G_CALLBACK (handle_get_sale) },
  { "handle-list-sales", G_CALLBACK (handle_list_sales) },
  { "handle-list-sales-page", G_CALLBACK (handle_list_sales_page) },
  { "handle-find-uids", G_CALLBACK (handle_find_uids) },
  { "handle-short-uids", G_CALLBACK (handle_short_uids) },
  { NULL, NULL }
};
