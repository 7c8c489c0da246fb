/* bench-export-ics.c: the benchmark's sales (JSON) as one .ics, for EDS's stock file backend
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The comparison is only fair when both calendars hold the same events: this reads the file
 * that the service imports with the core's own importer and writes the core's projection of
 * it (rs_projection_export_ics (), what `recurring-sales export --format ics` writes). The
 * generated sales give every key that would otherwise come from the settings, so the built-in
 * defaults used here cannot make them differ from the service's.
 *
 *   bench-export-ics SALES.json OUTPUT.ics
 * prints "components N" (the VEVENTs written) for the driver.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include <recurring-sales/recurring-sales.h>

static guint
count_events (const char *ics)
{
  guint count = 0;

  for (const char *p = ics; (p = strstr (p, "BEGIN:VEVENT")) != NULL; p++)
    count++;
  return count;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsDefaults) defaults = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autofree char *data = NULL;
  g_autofree char *ics = NULL;
  gsize length = 0;

  setlocale (LC_ALL, "");
  if (argc != 3)
    {
      g_printerr ("Usage: %s SALES.json OUTPUT.ics\n", argv[0]);
      return 2;
    }

  if (!g_file_get_contents (argv[1], &data, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  defaults = rs_defaults_new_builtin ();
  sales = rs_json_parse_sales (data, (gssize) length, defaults, &error);
  if (sales == NULL)
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  ics = rs_projection_export_ics (sales);
  if (!g_file_set_contents (argv[2], ics, -1, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print ("sales %u\ncomponents %u\n", sales->len, count_events (ics));
  return 0;
}
