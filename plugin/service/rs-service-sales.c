/* rs-service-sales.c: AddSale, UpdateSale, RemoveSale, GetSale and ListSales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Writes go to the store first, in one transaction each; the memory follows once it committed.
 * Reads come from memory.
 */
#include "config.h"

#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-sale-variant.h>
#include "rs-service-args.h"
#include "rs-service-private.h"

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

static int
compare_client_then_uid (gconstpointer a,
                         gconstpointer b)
{
  RsSale *sale_a = *(RsSale * const *) a;
  RsSale *sale_b = *(RsSale * const *) b;
  int order = g_strcmp0 (rs_sale_get_client_name (sale_a), rs_sale_get_client_name (sale_b));

  return order != 0 ? order : rs_service_compare_uid (a, b);
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
  g_ptr_array_sort (sales, compare_client_then_uid);
  reply = rs_service_list_reply (invocation, sales, (RsServiceToVariantFunc) rs_sale_to_variant,
                                 &error);
  if (reply == NULL)
    return rs_service_return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_list_sales (self->skeleton, invocation, reply);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

const RsServiceHandler rs_service_sales_handlers[] = {
  { "handle-add-sale", G_CALLBACK (handle_add_sale) },
  { "handle-update-sale", G_CALLBACK (handle_update_sale) },
  { "handle-remove-sale", G_CALLBACK (handle_remove_sale) },
  { "handle-get-sale", G_CALLBACK (handle_get_sale) },
  { "handle-list-sales", G_CALLBACK (handle_list_sales) },
  { NULL, NULL }
};
