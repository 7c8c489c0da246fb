/* e-recurring-sales-preferences.c: the "Recurring Sales" page of Evolution's Preferences
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <shell/e-shell.h>

#include "e-recurring-sales-preferences.h"

/* As Evolution's own Edit › Preferences does (e-shell-window-actions.c). */
void
e_recurring_sales_preferences_show (EShellWindow *shell_window)
{
  EShell *shell = e_shell_window_get_shell (shell_window);
  GtkWidget *window = e_shell_get_preferences_window (shell);

  e_preferences_window_setup (E_PREFERENCES_WINDOW (window));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (shell_window));
  gtk_window_set_position (GTK_WINDOW (window), GTK_WIN_POS_CENTER_ON_PARENT);
  gtk_window_present (GTK_WINDOW (window));
}
