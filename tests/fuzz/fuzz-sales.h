/* fuzz-sales.h: what must hold of every sale an importer or the D-Bus decoder accepts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An accepted sale is valid, and no way out of the program and back in changes it: a JSON
 * export and a CSV export read back as the same sales, and so does GetSale's a{sv} given to
 * AddSale (a new sale) or to UpdateSale (changes that change nothing). Sales are compared by
 * their JSON export, which writes every field the user can see or set.
 */
#pragma once

#include "fuzz-common.h"
#include <recurring-sales/rs-csv.h>
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-json.h>
#include <recurring-sales/rs-sale-variant.h>

/* The built-in defaults, which the importers and the decoder fill missing keys from; made by
 * fuzz_sales_init (). */
static RsDefaults *fuzz_defaults;

/* fuzz_init (), and the defaults, kept for the whole run: reachable memory is no leak. */
static inline void
fuzz_sales_init (void)
{
  fuzz_init ();
  fuzz_defaults = rs_defaults_new_builtin ();
}

/* The JSON export of @sales; without the created and updated times when @with_times is FALSE
 * (the CSV format and AddSale do not carry them: the store sets them). */
static inline char *
fuzz_sales_fingerprint (GPtrArray *sales,
                        gboolean   with_times)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *copy = rs_sale_copy (g_ptr_array_index (sales, i));

      if (!with_times)
        {
          rs_sale_set_created (copy, 0);
          rs_sale_set_updated (copy, 0);
        }
      g_ptr_array_add (copies, copy);
    }

  return rs_json_write_sales (copies);
}

static inline char *
fuzz_sale_fingerprint (RsSale   *sale,
                       gboolean  with_times)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, sale);
  return fuzz_sales_fingerprint (one, with_times);
}

/* GetSale's dictionary given back to AddSale and, as changes, to UpdateSale. */
static inline void
fuzz_check_sale_variant_round_trip (RsSale           *sale,
                                    const RsDefaults *defaults)
{
  g_autoptr(GVariant) dict = g_variant_ref_sink (rs_sale_to_variant (sale));
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) added = NULL;
  g_autoptr(RsSale) updated = rs_sale_copy (sale);
  g_autofree char *before = fuzz_sale_fingerprint (sale, TRUE);
  g_autofree char *before_no_times = fuzz_sale_fingerprint (sale, FALSE);
  g_autofree char *after_add = NULL;
  g_autofree char *after_update = NULL;

  added = rs_sale_new_from_variant (dict, defaults, &error);
  if (added == NULL)
    fprintf (stderr, "AddSale refused GetSale's answer: %s\n", error->message);
  FUZZ_CHECK (added != NULL);
  after_add = fuzz_sale_fingerprint (added, FALSE);
  FUZZ_CHECK (g_strcmp0 (after_add, before_no_times) == 0);

  if (!rs_sale_apply_variant (updated, dict, &error))
    fprintf (stderr, "UpdateSale refused GetSale's answer: %s\n", error->message);
  FUZZ_CHECK (error == NULL);
  after_update = fuzz_sale_fingerprint (updated, TRUE);
  FUZZ_CHECK (g_strcmp0 (after_update, before) == 0);
  FUZZ_CHECK (rs_sale_get_revision (updated) == rs_sale_get_revision (sale));
}

static inline gboolean
uids_are_unique (GPtrArray *sales)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < sales->len; i++)
    {
      if (!g_hash_table_add (seen, (gpointer) rs_sale_get_uid (g_ptr_array_index (sales, i))))
        return FALSE;
    }

  return TRUE;
}

static inline void
fuzz_check_accepted_sales (GPtrArray        *sales,
                           const RsDefaults *defaults)
{
  g_autofree char *json = NULL;
  g_autofree char *json_no_times = NULL;
  g_autofree char *csv = NULL;

  FUZZ_CHECK (sales != NULL);

  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      g_autoptr(GError) error = NULL;

      if (!rs_sale_validate (sale, &error))
        fprintf (stderr, "an accepted sale does not validate: %s\n", error->message);
      FUZZ_CHECK (error == NULL);
      fuzz_check_sale_variant_round_trip (sale, defaults);
    }

  json = fuzz_sales_fingerprint (sales, TRUE);
  json_no_times = fuzz_sales_fingerprint (sales, FALSE);

  /* The JSON export reads back as the same sales. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) again = rs_json_parse_sales (json, -1, defaults, &error);
    g_autofree char *json_again = NULL;

    if (again == NULL)
      fprintf (stderr, "the JSON export is refused: %s\n", error->message);
    FUZZ_CHECK (again != NULL);
    json_again = fuzz_sales_fingerprint (again, TRUE);
    FUZZ_CHECK (g_strcmp0 (json_again, json) == 0);
  }

  /* So does the CSV export, but for the times it has no columns for. The CSV importer also
   * refuses a uid given twice, which the JSON importer leaves to the store (it refuses the
   * whole import, "A sale with the identifier … already exists."). */
  if (!uids_are_unique (sales))
    return;
  csv = rs_csv_write_sales (sales);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
    g_autoptr(GPtrArray) again = rs_csv_parse_sales (csv, strlen (csv), defaults, problems, &error);
    g_autofree char *csv_again = NULL;
    g_autofree char *json_again = NULL;

    if (again == NULL)
      fprintf (stderr, "the CSV export is refused: %s\n", error->message);
    FUZZ_CHECK (again != NULL);
    FUZZ_CHECK (problems->len == 0);
    csv_again = rs_csv_write_sales (again);
    FUZZ_CHECK (g_strcmp0 (csv_again, csv) == 0);
    json_again = fuzz_sales_fingerprint (again, FALSE);
    FUZZ_CHECK (g_strcmp0 (json_again, json_no_times) == 0);
  }
}
