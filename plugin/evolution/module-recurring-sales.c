/* module-recurring-sales.c: Evolution's entry into the module
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Evolution loads every module of its module folder, and of lib/evolution/modules under each
 * of $EDS_EXTRA_PREFIXES (shell/main.c: e_module_load_all_in_directory_and_prefixes ()), at
 * start. The module's ABI is tied to Evolution's minor version (its private libraries keep
 * .so.0), so it says which Evolution it was built for (below, and at the foot of its
 * Preferences page); the Debian package depends on that minor version of Evolution.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "e-recurring-sales-extensions.h"
#include <recurring-sales/rs-format.h>

G_MODULE_EXPORT void e_module_load   (GTypeModule *type_module);
G_MODULE_EXPORT void e_module_unload (GTypeModule *type_module);

/* What `strings` and a crash report can read: the Evolution this module was built for. */
G_MODULE_EXPORT const char rs_evolution_module_built_for[] =
  "evolution-recurring-sales " PACKAGE_VERSION " for Evolution " RS_EVOLUTION_VERSION;

/* Evolution calls it more than once at start (load, unload, load), and GTypeModule wants
 * every type registered again at each load. The module is linked -z nodelete (meson.build):
 * the core's static types must outlive an unload, so e_module_unload () frees nothing. */
G_MODULE_EXPORT void
e_module_load (GTypeModule *type_module)
{
  rs_i18n_init ();
  g_debug ("%s", rs_evolution_module_built_for);
  e_recurring_sales_cal_config_type_register (type_module);
  e_recurring_sales_comp_editor_extension_type_register (type_module);
  e_recurring_sales_shell_extension_type_register (type_module);
  e_recurring_sales_shell_view_extension_type_register (type_module);
}

G_MODULE_EXPORT void
e_module_unload (GTypeModule *type_module)
{
}
