/* fuzz-json.c: the JSON importer, rs_json_parse_sales (), on any bytes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A file is either accepted whole, every sale valid and surviving export and import in both
 * formats unchanged (fuzz-sales.h), or refused with one clean sentence.
 */
#include "config.h"

#include "fuzz-sales.h"

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

  /* Never NULL, even for an empty input: the parser requires data. */
  sales = rs_json_parse_sales (size > 0 ? (const char *) data : "", (gssize) size, fuzz_defaults, &error);

  if (sales == NULL)
    {
      FUZZ_CHECK_REFUSED (error);
      return 0;
    }

  FUZZ_CHECK (error == NULL);
  fuzz_check_accepted_sales (sales, fuzz_defaults);

  return 0;
}
