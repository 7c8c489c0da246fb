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

G_END_DECLS
