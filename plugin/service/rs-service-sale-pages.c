/* rs-service-sale-pages.c: ListSalesPage's pages and cursors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A page is cut from the sales in ListSales's order (client in byte order, then uid), so that
 * the pages put together are ListSales's answer, and a list can show its first page sorted by
 * client at once. A cursor holds the last sale's place in that order (its client and uid), not
 * a reference to the sale: when that sale changes its client or is removed between two pages,
 * the next page still goes on from the same place, and the sales that did not change neither
 * repeat nor go missing. It is a serialised GVariant in URL-safe base64, opaque to clients.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-sale.h>
#include "rs-service-sale-pages.h"

/* The cursor's version and layout, so that a later layout can be told apart. */
#define CURSOR_TYPE    "(uss)"
#define CURSOR_VERSION 1
/* A client name and a uid are limited by rs_sale_validate (); this is well above both. */
#define MAX_CURSOR_CHARS 4096

struct _RsSalePlace
{
  char *client;
  char *uid;
};

gboolean
rs_service_check_sale_page_limit (guint    limit,
                                  GError **error)
{
  if (limit >= 1 && limit <= RS_SERVICE_MAX_SALE_PAGE)
    return TRUE;

  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$u is the number given, %2$u the largest allowed (1000) */
               _("The page size %1$u is not valid: ask for between 1 and %2$u sales."),
               limit, (guint) RS_SERVICE_MAX_SALE_PAGE);
  return FALSE;
}

void
rs_sale_place_free (RsSalePlace *place)
{
  if (place == NULL)
    return;

  g_free (place->client);
  g_free (place->uid);
  g_free (place);
}

static char *
encode_cursor (RsSale *sale)
{
  g_autoptr(GVariant) value = g_variant_ref_sink (
    g_variant_new (CURSOR_TYPE, CURSOR_VERSION, rs_sale_get_client_name (sale),
                   rs_sale_get_uid (sale)));
  char *text = g_base64_encode (g_variant_get_data (value), g_variant_get_size (value));

  /* URL-safe, so that the cursor can go into a command line or a URL unquoted. */
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  return text;
}

/* The sentence of UpcomingPage's cursors: to the caller, a cursor is a cursor. */
static gboolean
set_bad_cursor_error (GError **error)
{
  g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       _("The page cursor is not one this service gave out; ask for the first "
                         "page again with an empty cursor."));
  return FALSE;
}

gboolean
rs_sale_place_parse (const char   *after,
                     RsSalePlace **out_place,
                     GError      **error)
{
  g_autofree char *text = NULL;
  g_autofree guchar *data = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RsSalePlace) place = NULL;
  gsize length;
  guint32 version;

  *out_place = NULL;
  if (after[0] == '\0')
    return TRUE;

  if (strlen (after) > MAX_CURSOR_CHARS ||
      strspn (after, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=") !=
      strlen (after))
    return set_bad_cursor_error (error);

  text = g_strdup (after);
  g_strdelimit (text, "-", '+');
  g_strdelimit (text, "_", '/');
  data = g_base64_decode (text, &length);
  bytes = g_bytes_new_take (g_steal_pointer (&data), length);
  value = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (CURSOR_TYPE), bytes,
                                                        FALSE));
  /* Normal form: the strings are whole and valid UTF-8; and only our own encoding of it, so
   * that one place has one cursor. */
  if (!g_variant_is_normal_form (value))
    return set_bad_cursor_error (error);

  place = g_new0 (RsSalePlace, 1);
  g_variant_get (value, CURSOR_TYPE, &version, &place->client, &place->uid);
  again = g_base64_encode (g_variant_get_data (value), g_variant_get_size (value));
  if (version != CURSOR_VERSION || !g_str_equal (again, text))
    return set_bad_cursor_error (error);

  *out_place = g_steal_pointer (&place);
  return TRUE;
}

/* ListSales's order, as rs_service_compare_client_then_uid () has it. */
static int
compare_with_place (RsSale            *sale,
                    const RsSalePlace *place)
{
  int order = g_strcmp0 (rs_sale_get_client_name (sale), place->client);

  return order != 0 ? order : strcmp (rs_sale_get_uid (sale), place->uid);
}

/* The index of the first sale of @sorted after @place. */
static guint
first_after (GPtrArray         *sorted,
             const RsSalePlace *place)
{
  guint low = 0, high = sorted->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_with_place (g_ptr_array_index (sorted, middle), place) <= 0)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

GPtrArray *
rs_service_sale_page (GPtrArray           *sorted,
                      RsSalePageMatchFunc  match,
                      gconstpointer        data,
                      const RsSalePlace   *place,
                      guint                limit,
                      char               **out_next)
{
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);
  guint i = place != NULL ? first_after (sorted, place) : 0;
  gboolean more = FALSE;

  limit = MIN (limit, RS_SERVICE_MAX_PAGE_ITEMS);
  for (; i < sorted->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sorted, i);

      if (match != NULL && !match (data, sale))
        continue;
      if (page->len == limit)
        {
          more = TRUE;
          break;
        }
      g_ptr_array_add (page, g_object_ref (sale));
    }

  *out_next = more ? encode_cursor (g_ptr_array_index (page, page->len - 1)) : g_strdup ("");
  return page;
}
