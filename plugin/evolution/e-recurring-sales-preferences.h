/* e-recurring-sales-preferences.h: the "Recurring Sales" page of Evolution's Preferences
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <shell/e-shell-window.h>

G_BEGIN_DECLS

void e_recurring_sales_preferences_show (EShellWindow *shell_window);

G_END_DECLS
