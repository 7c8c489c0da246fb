/* fuzz-sale-variant-seeds.c: writes the seed corpus of fuzz-sale-variant
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   fuzz-sale-variant-seeds DIRECTORY
 *
 * The dictionaries of fuzz-sale-variant-texts.h and the GetSale answers for the stored sales,
 * serialized as a D-Bus message carries them (native byte order). Run by hand when the texts
 * change; the files are kept in tests/fuzz/corpus/sale-variant/.
 */
#include "config.h"

#include <glib.h>

#include "fuzz-sale-variant-texts.h"
#include <recurring-sales/rs-sale-variant.h>

int main (int argc, char **argv);

static void
write_seed (const char *directory,
            const char *name,
            GVariant   *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  g_autoptr(GVariant) normal = g_variant_get_normal_form (owned);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (directory, name, NULL);

  if (!g_file_set_contents (path, g_variant_get_data (normal), (gssize) g_variant_get_size (normal),
                            &error))
    g_error ("%s", error->message);
}

int
main (int    argc,
      char **argv)
{
  if (argc != 2)
    {
      g_printerr ("Usage: %s DIRECTORY\n", argv[0]);
      return 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fuzz_stored_sales); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RsSale) sale = NULL;
      g_autofree char *add_name = g_strdup_printf ("add-sale-%u", i);
      g_autofree char *get_name = g_strdup_printf ("get-sale-%u", i);

      write_seed (argv[1], add_name, g_variant_new_parsed (fuzz_stored_sales[i]));
      sale = rs_sale_new_from_variant (g_variant_new_parsed (fuzz_stored_sales[i]), NULL, &error);
      if (sale == NULL)
        g_error ("stored sale %u: %s", i, error->message);
      rs_sale_set_revision (sale, 7);
      write_seed (argv[1], get_name, rs_sale_to_variant (sale));
    }

  for (guint i = 0; i < G_N_ELEMENTS (fuzz_variant_seeds); i++)
    {
      g_autofree char *name = g_strdup_printf ("dict-%02u", i);

      write_seed (argv[1], name, g_variant_new_parsed (fuzz_variant_seeds[i]));
    }

  return 0;
}
