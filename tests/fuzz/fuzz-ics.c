/* fuzz-ics.c: the calendar import, rs_ics_parse_sales (), on any bytes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A calendar is either refused with one clean sentence, or gives sales that are all valid,
 * survive export and import in both file formats unchanged (fuzz-sales.h), and come back the
 * same from the calendar rs_ics_write_sales () writes of them.
 */
#include "config.h"

#include <string.h>

#include "fuzz-sales.h"
#include <recurring-sales/rs-ics.h>

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_sales_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  sales = rs_ics_parse_sales ((const char *) data, size, fuzz_defaults, &error);
  if (sales == NULL)
    {
      FUZZ_CHECK_REFUSED (error);
      return 0;
    }

  FUZZ_CHECK (error == NULL);
  fuzz_check_accepted_sales (sales, fuzz_defaults);

  ics = rs_ics_write_sales (sales);
  again = rs_ics_parse_sales (ics, strlen (ics), fuzz_defaults, &error);
  FUZZ_CHECK (error == NULL && again != NULL);
  first = rs_json_write_sales (sales);
  second = rs_json_write_sales (again);
  FUZZ_CHECK (g_strcmp0 (first, second) == 0);

  return 0;
}
