/* rs-language.h: the languages a client reminder can be written in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A sale may choose the language of its client reminders among those with shipped templates
 * (rs-reminder-message.h writes them); the sale's validation and the command check it here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The languages with shipped templates, NULL-terminated ("el", "en"). */
const char * const *rs_language_list_shipped (void);

/* TRUE when @language is NULL or "" (the user's own) or one of rs_language_list_shipped ();
 * else RS_ERROR_INVALID_ARGUMENT with a sentence listing the accepted codes. */
gboolean            rs_language_check        (const char  *language,
                                              GError     **error);

G_END_DECLS
