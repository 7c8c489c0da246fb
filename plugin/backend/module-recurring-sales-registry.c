/* module-recurring-sales-registry.c: evolution-source-registry's entry into the module
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The registry loads every module of its registry-modules directory at start (and restarts
 * itself ~10 s after a new one is installed, e-dbus-server.c), so installing the plugin is
 * enough for the default calendar to appear.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "e-recurring-sales-default-source.h"
#include "e-source-recurring-sales.h"
#include <recurring-sales/rs-format.h>

G_MODULE_EXPORT void e_module_load   (GTypeModule *type_module);
G_MODULE_EXPORT void e_module_unload (GTypeModule *type_module);

/* May run more than once: idempotent. */
G_MODULE_EXPORT void
e_module_load (GTypeModule *type_module)
{
  rs_i18n_init ();

  /* The registry parses and writes [Recurring Sales] with the real type, not as unknown text. */
  g_type_ensure (E_TYPE_SOURCE_RECURRING_SALES);
  e_recurring_sales_default_source_type_register (type_module);
}

G_MODULE_EXPORT void
e_module_unload (GTypeModule *type_module)
{
}
