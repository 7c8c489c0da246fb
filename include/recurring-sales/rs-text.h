/* rs-text.h: user text as messages quote it, trimmed of spaces, and as searches compare it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RS_TEXT_SHOWN_MAX_CHARS 60

/* A copy of @text fit for an error message: valid UTF-8, at most RS_TEXT_SHOWN_MAX_CHARS
 * characters (then "…"), control characters and line separators replaced by U+FFFD so that the
 * message stays one line whatever the text holds. NULL gives "". */
char *rs_text_for_message (const char *text);
/* The same with room for @max_chars characters: for a longer sentence quoted whole, such as a
 * parser's message. */
char *rs_text_for_message_up_to (const char *text,
                                 guint       max_chars);
/* A copy of @text without the ASCII spaces around it; other white space is kept. NULL gives "". */
char *rs_text_strip_spaces (const char *text);

/* @text as a search compares it: neither case nor composition matters when people search for
 * a name, so that "acme" finds "ACME Ltd", and "é" finds "é" whether either is written
 * composed or not. NULL gives "". */
char     *rs_text_fold_for_search (const char *text);
/* Whether @text contains @folded_needle, a result of rs_text_fold_for_search (). */
gboolean  rs_text_search_matches  (const char *text,
                                   const char *folded_needle);
/* @text as words in a spreadsheet's header or a cell compare: case, accents, composition and
 * the spaces, "_" and "-" between words do not matter ("Μηνιαία", "ΜΗΝΙΑΙΑ" and "μηνιαια";
 * "start_date" and "Start date"). NULL gives "". */
char     *rs_text_fold_word       (const char *text);

G_END_DECLS
