/* rs-service-access.h: only the user who runs the service may call it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Refuses, with org.freedesktop.DBus.Error.AccessDenied, every method call on @skeleton from a
 * sender whose Unix user is not the service's own. The sender's user is asked of the bus once
 * and remembered (unique names are never reused on a bus). */
void rs_service_access_restrict (GDBusInterfaceSkeleton *skeleton);

G_END_DECLS
