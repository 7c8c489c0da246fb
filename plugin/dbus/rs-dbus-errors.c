/* rs-dbus-errors.c: the core's errors as D-Bus error names
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-error.h>
#include "rs-dbus-errors.h"

static const GDBusErrorEntry error_entries[] = {
  { RS_ERROR_INVALID_ARGUMENT, RS_DBUS_ERROR_PREFIX "InvalidArgument" },
  { RS_ERROR_NOT_FOUND, RS_DBUS_ERROR_PREFIX "NotFound" },
  { RS_ERROR_CONFLICT, RS_DBUS_ERROR_PREFIX "Conflict" },
  { RS_ERROR_FAILED, RS_DBUS_ERROR_PREFIX "Failed" },
  { RS_ERROR_STORE_UNUSABLE, RS_DBUS_ERROR_PREFIX "StoreUnusable" },
  { RS_ERROR_BUSY, RS_DBUS_ERROR_PREFIX "Busy" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_entries) == RS_ERROR_BUSY + 1);

void
rs_dbus_errors_register (void)
{
  static gsize quark = 0;

  /* The domain is RS_ERROR itself (the quark G_DEFINE_QUARK made), not a second one. */
  g_dbus_error_register_error_domain (g_quark_to_string (RS_ERROR), &quark,
                                      error_entries, G_N_ELEMENTS (error_entries));
}

