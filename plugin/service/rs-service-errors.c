/* rs-service-errors.c: the core's errors as D-Bus error names, and user text fit for them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "rs-error.h"
#include "rs-service-errors.h"

#define SHOWN_MAX_CHARS 60
/* Enough bytes for SHOWN_MAX_CHARS characters of any script, and no more. */
#define SHOWN_MAX_BYTES (4 * (SHOWN_MAX_CHARS + 1))

static const GDBusErrorEntry error_entries[] = {
  { RS_ERROR_INVALID_ARGUMENT, RS_SERVICE_ERROR_PREFIX "InvalidArgument" },
  { RS_ERROR_NOT_FOUND, RS_SERVICE_ERROR_PREFIX "NotFound" },
  { RS_ERROR_CONFLICT, RS_SERVICE_ERROR_PREFIX "Conflict" },
  { RS_ERROR_FAILED, RS_SERVICE_ERROR_PREFIX "Failed" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_entries) == RS_ERROR_FAILED + 1);

void
rs_service_errors_register (void)
{
  static gsize quark = 0;

  /* The domain is RS_ERROR itself (the quark G_DEFINE_QUARK made), not a second one. */
  g_dbus_error_register_error_domain (g_quark_to_string (RS_ERROR), &quark,
                                      error_entries, G_N_ELEMENTS (error_entries));
}

char *
rs_service_shown_text (const char *text)
{
  const char *given = text != NULL ? text : "";
  g_autofree char *valid = g_utf8_make_valid (given, (gssize) strnlen (given, SHOWN_MAX_BYTES));
  GString *shown = g_string_new (NULL);
  guint n_chars = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars++ == SHOWN_MAX_CHARS)
        {
          g_string_append (shown, "…");
          break;
        }
      g_string_append_unichar (shown, g_unichar_iscntrl (c) ? 0xFFFD : c);
    }

  return g_string_free (shown, FALSE);
}
