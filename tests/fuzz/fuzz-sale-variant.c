/* fuzz-sale-variant.c: the service's a{sv} decoding (AddSale, UpdateSale) on any bytes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The bytes are read as a serialized a{sv}, untrusted, as anything a D-Bus peer could send.
 * AddSale (rs_sale_new_from_variant) either refuses with a clean sentence or gives a valid sale
 * that survives export and import (fuzz-sales.h). UpdateSale (rs_sale_apply_variant) on each
 * stored sale is all or nothing: refused, the sale is exactly as it was; applied, it is valid,
 * keeps its uid, revision and links, and survives export and import too.
 */
#include "config.h"

#include "fuzz-sale-variant-texts.h"
#include "fuzz-sales.h"

static RsSale *stored[G_N_ELEMENTS (fuzz_stored_sales)];

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_sales_init ();

  /* Kept for the whole run: reachable memory is no leak. */
  for (guint i = 0; i < G_N_ELEMENTS (fuzz_stored_sales); i++)
    {
      g_autoptr(GError) error = NULL;

      stored[i] = rs_sale_new_from_variant (g_variant_new_parsed (fuzz_stored_sales[i]),
                                            fuzz_defaults, &error);
      if (stored[i] == NULL)
        g_error ("stored sale %u: %s", i, error->message);
      /* As the store has them: a revision, and times that a change must leave alone. */
      rs_sale_set_revision (stored[i], 7);
      rs_sale_set_created (stored[i], G_GINT64_CONSTANT (1767225600));
      rs_sale_set_updated (stored[i], G_GINT64_CONSTANT (1767312000));
    }

  return 0;
}

static void
check_add_sale (GVariant *dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = rs_sale_new_from_variant (dict, fuzz_defaults, &error);
  g_autoptr(GPtrArray) one = NULL;
  const char *uid = NULL;

  if (sale == NULL)
    {
      FUZZ_CHECK_REFUSED (error);
      return;
    }

  FUZZ_CHECK (error == NULL);
  if (g_variant_lookup (dict, "uid", "&s", &uid))
    FUZZ_CHECK (g_strcmp0 (uid, rs_sale_get_uid (sale)) == 0);

  one = g_ptr_array_new ();
  g_ptr_array_add (one, sale);
  fuzz_check_accepted_sales (one, fuzz_defaults);
}

static void
check_update_sale (RsSale   *original,
                   GVariant *changes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = rs_sale_copy (original);
  g_autofree char *before = fuzz_sale_fingerprint (sale, TRUE);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) one = NULL;

  if (!rs_sale_apply_variant (sale, changes, &error))
    {
      FUZZ_CHECK_REFUSED (error);
      /* Nothing changed. */
      after = fuzz_sale_fingerprint (sale, TRUE);
      FUZZ_CHECK (g_strcmp0 (after, before) == 0);
      FUZZ_CHECK (g_strcmp0 (rs_sale_get_uid (sale), rs_sale_get_uid (original)) == 0);
      FUZZ_CHECK (rs_sale_get_revision (sale) == rs_sale_get_revision (original));
      return;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (g_strcmp0 (rs_sale_get_uid (sale), rs_sale_get_uid (original)) == 0);
  FUZZ_CHECK (rs_sale_get_revision (sale) == rs_sale_get_revision (original));
  FUZZ_CHECK (rs_sale_get_created (sale) == rs_sale_get_created (original));
  FUZZ_CHECK (rs_sale_get_updated (sale) == rs_sale_get_updated (original));
  FUZZ_CHECK (g_strcmp0 (rs_sale_get_predecessor_uid (sale),
                         rs_sale_get_predecessor_uid (original)) == 0);
  FUZZ_CHECK (g_strcmp0 (rs_sale_get_successor_uid (sale),
                         rs_sale_get_successor_uid (original)) == 0);

  one = g_ptr_array_new ();
  g_ptr_array_add (one, sale);
  fuzz_check_accepted_sales (one, fuzz_defaults);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GVariant) dict = NULL;

  /* Not trusted: GLib checks the serialization as it reads, as it does for a D-Bus message. */
  dict = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE));

  check_add_sale (dict);
  for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
    check_update_sale (stored[i], dict);

  return 0;
}
