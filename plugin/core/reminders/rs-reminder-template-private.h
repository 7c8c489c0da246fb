/* rs-reminder-template-private.h: the client reminder templates — where they are looked up,
 * how they are read, and how their placeholders are filled
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Private to plugin/core/reminders/: rs-reminder-message.c composes the e-mails with it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The text of the first of the templates @names (a NULL-terminated list such as
 * { "payment-request", "invoice", NULL }) that exists in @language, with LF line ends and no
 * byte order mark: every one of the owner's first
 * ($XDG_CONFIG_HOME/evolution-recurring-sales/templates/<lang>/), then the shipped ones. An
 * owner's own letter thus wins over a shipped one of a name it does not know. @out_path (may
 * be NULL) gets the file it came from. A file that exists but cannot be used is an error
 * naming it. */
gboolean  rs_reminder_template_load          (const char          *language,
                                              const char * const  *names,
                                              char               **out_text,
                                              char               **out_path,
                                              GError             **error);

/* Replaces the placeholders of @text that @values knows ({word} → the value of "word") in
 * one pass, so that a value is never expanded again; unknown words in braces stay. A line
 * whose known placeholders are all empty is left out. */
char     *rs_reminder_template_fill          (const char  *text,
                                              GHashTable  *values);

/* A sentence template ({payment}, {renew}): filled, without the line end of its file. */
char     *rs_reminder_template_fill_sentence (const char  *language,
                                              const char  *name,
                                              GHashTable  *values,
                                              GError     **error);

/* @text with every CR LF and lone CR made LF. */
char     *rs_reminder_template_normalize_newlines (const char *text);

G_END_DECLS
