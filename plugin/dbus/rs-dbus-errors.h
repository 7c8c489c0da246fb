/* rs-dbus-errors.h: the core's errors as D-Bus error names
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RS_DBUS_ERROR_PREFIX "io.github.recurring_sales.RecurringSales1.Error."

/* Maps RS_ERROR's codes to RS_DBUS_ERROR_PREFIX + InvalidArgument, NotFound, Conflict and
 * Failed, both ways: g_dbus_method_invocation_return_gerror () sends those names, and a client
 * that registered too gets RS_ERROR back (g_dbus_error_strip_remote_error () then leaves the
 * translated sentence). Safe to call more than once. */
void  rs_dbus_errors_register (void);

G_END_DECLS
