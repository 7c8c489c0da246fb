/* fuzz-csv.c: the CSV importer, rs_csv_parse_sales (), on any bytes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Read as files of other programs are and as the command reads people's own files (amounts
 * as el_GR.UTF-8 writes them, local dates, --columns). A file is either accepted whole, every sale valid and surviving export and import in both
 * formats unchanged (fuzz-sales.h), or refused whole with at most 100 problems, each a clean
 * sentence at a line of the file and naming a column in valid UTF-8, since the service sends
 * them over D-Bus as they are.
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

/* The physical lines of @data (CRLF, LF or CR ends), as the problems count them. */
static guint
count_lines (const uint8_t *data,
             size_t         size)
{
  guint lines = 1;

  for (size_t i = 0; i < size; i++)
    {
      if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
        lines++;
    }

  return lines;
}

/* Once as files of other programs are read, once as the command reads people's files: amounts
 * as el_GR.UTF-8 writes them, local dates, and a --columns mapping. */
static int
check_reading (const uint8_t      *data,
               size_t              size,
               const RsCsvReading *reading)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;

  sales = rs_csv_parse_sales_full ((const char *) data, size, fuzz_defaults, reading, problems,
                                   &error);

  if (sales == NULL)
    {
      guint lines = count_lines (data, size);

      FUZZ_CHECK_REFUSED (error);
      FUZZ_CHECK (problems->len >= 1 && problems->len <= 100);
      for (guint i = 0; i < problems->len; i++)
        {
          const RsCsvProblem *problem = g_ptr_array_index (problems, i);

          fuzz_check_message (problem->message);
          if (problem->column != NULL)
            fuzz_check_message (problem->column);
          FUZZ_CHECK (problem->line <= lines);
          /* In file order. */
          if (i > 0)
            FUZZ_CHECK (problem->line >= ((const RsCsvProblem *) g_ptr_array_index (problems, i - 1))->line);
        }
      /* The summary names the first problem. */
      FUZZ_CHECK (strstr (error->message,
                          ((const RsCsvProblem *) g_ptr_array_index (problems, 0))->message) != NULL);
      return 0;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (problems->len == 0);
  fuzz_check_accepted_sales (sales, fuzz_defaults);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static GHashTable *columns;
  RsMoneyStyle greek = { ",", ".", "\3" };
  RsCsvReading reading = { &greek, TRUE, NULL };

  if (columns == NULL)
    columns = rs_csv_columns_parse ("Customer=client,Price=amount", NULL);
  reading.columns = columns;

  check_reading (data, size, NULL);
  return check_reading (data, size, &reading);
}
