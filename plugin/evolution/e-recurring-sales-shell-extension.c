/* e-recurring-sales-shell-extension.c: the module's part of Evolution's shell
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The Preferences window exists once the shell is ready to start; the page is added from an
 * idle after that, as Evolution's own modules add theirs (the RSS module's
 * e-rss-shell-extension.c).
 */
#include "config.h"

#include <shell/e-shell.h>

#include "e-recurring-sales-extensions.h"
#include "e-recurring-sales-preferences.h"

typedef struct
{
  EExtension parent;
} ERecurringSalesShellExtension;

typedef struct
{
  EExtensionClass parent_class;
} ERecurringSalesShellExtensionClass;

GType e_recurring_sales_shell_extension_get_type (void);

G_DEFINE_DYNAMIC_TYPE (ERecurringSalesShellExtension, e_recurring_sales_shell_extension,
                       E_TYPE_EXTENSION)

static gboolean
add_preferences_page_idle_cb (gpointer user_data)
{
  /* EShell has no g_autoptr cleanup in 3.46. */
  g_autoptr(GObject) shell = g_weak_ref_get (user_data);

  if (shell != NULL)
    e_recurring_sales_preferences_add_page (E_SHELL (shell));

  return G_SOURCE_REMOVE;
}

static void
shell_ready_to_start_cb (EShell *shell)
{
  g_idle_add_full (G_PRIORITY_LOW, add_preferences_page_idle_cb, e_weak_ref_new (shell),
                   (GDestroyNotify) e_weak_ref_free);
}

static void
e_recurring_sales_shell_extension_constructed (GObject *object)
{
  G_OBJECT_CLASS (e_recurring_sales_shell_extension_parent_class)->constructed (object);

  g_signal_connect_object (e_extension_get_extensible (E_EXTENSION (object)),
                           "event::ready-to-start", G_CALLBACK (shell_ready_to_start_cb), NULL, 0);
}

static void
e_recurring_sales_shell_extension_class_init (ERecurringSalesShellExtensionClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = e_recurring_sales_shell_extension_constructed;
  E_EXTENSION_CLASS (klass)->extensible_type = E_TYPE_SHELL;
}

static void
e_recurring_sales_shell_extension_class_finalize (ERecurringSalesShellExtensionClass *klass)
{
}

static void
e_recurring_sales_shell_extension_init (ERecurringSalesShellExtension *extension)
{
}

void
e_recurring_sales_shell_extension_type_register (GTypeModule *type_module)
{
  e_recurring_sales_shell_extension_register_type (type_module);
}
