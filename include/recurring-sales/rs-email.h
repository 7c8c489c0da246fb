/* rs-email.h: client e-mail addresses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Validates one RFC 5322 addr-spec ("name@example.com"; no display name, no list, no
 * control characters, at most 254 characters, a domain with a dot or a bracketed literal).
 * Parsing is done with Camel (CamelInternetAddress). */
gboolean rs_email_validate (const char *text,
                            GError    **error);

/* A list of addresses separated by commas (or semicolons), each checked as
 * rs_email_validate () does, at most @max_addresses of them: a NULL-terminated array of the
 * addresses without the spaces around them (empty for a blank text), or NULL with @error. */
gchar  **rs_email_parse_list (const char  *text,
                              guint        max_addresses,
                              GError     **error);

G_END_DECLS
