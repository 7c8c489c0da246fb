/* e-recurring-sales-preferences.h: the "Recurring Sales" page of Evolution's Preferences
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <shell/e-shell.h>
#include <shell/e-shell-window.h>

G_BEGIN_DECLS

#define E_RECURRING_SALES_PREFERENCES_PAGE "recurring-sales"

/* Adds the page to the shell's Preferences window (once Evolution is ready to start). */
void e_recurring_sales_preferences_add_page (EShell       *shell);
/* Opens the Preferences window on the page, as Edit › Preferences opens it. */
void e_recurring_sales_preferences_show     (EShellWindow *shell_window);

G_END_DECLS
