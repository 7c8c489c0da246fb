/* rs-text.c: user text as the core's messages quote it, trimmed of spaces, and as searches
 * compare it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/rs-text.h>

char *
rs_text_for_message_up_to (const char *text,
                           guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n_chars = 0;

  if (text == NULL)
    return g_strdup ("");

  /* Each character takes at most four bytes: this many are enough to tell whether the text is
   * longer than the limit, without reading a 10 MB string. */
  valid = g_utf8_make_valid (text, strnlen (text, 4 * (gsize) max_chars + 4));
  out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars == max_chars)
        {
          g_string_append (out, "…");
          break;
        }

      if (g_unichar_iscntrl (c) ||
          g_unichar_type (c) == G_UNICODE_LINE_SEPARATOR ||
          g_unichar_type (c) == G_UNICODE_PARAGRAPH_SEPARATOR)
        c = 0xFFFD;

      g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}

char *
rs_text_for_message (const char *text)
{
  return rs_text_for_message_up_to (text, RS_TEXT_SHOWN_MAX_CHARS);
}

char *
rs_text_strip_spaces (const char *text)
{
  const char *start, *end;

  if (text == NULL)
    return g_strdup ("");

  start = text;
  while (*start == ' ')
    start++;
  end = start + strlen (start);
  while (end > start && end[-1] == ' ')
    end--;

  return g_strndup (start, (gsize) (end - start));
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

char *
rs_text_fold_for_search (const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    text = "";

  /* ASCII folds to its lower case and is already in normal form: most names and every
   * needle typed in Latin letters skip the Unicode tables. */
  if (is_ascii (text))
    return g_ascii_strdown (text, -1);

  folded = g_utf8_casefold (text, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_DEFAULT_COMPOSE);
}

gboolean
rs_text_search_matches (const char *text,
                        const char *folded_needle)
{
  g_autofree char *folded = rs_text_fold_for_search (text);

  return strstr (folded, folded_needle) != NULL;
}

char *
rs_text_fold_word (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_DEFAULT);
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  /* Spreadsheets keep what people typed: "Λήξη" may come as "ΛΗΞΗ" (Greek capitals drop
   * their accents), and a header as "Start_Date". */
  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (g_unichar_isspace (c) || c == '_' || c == '-')
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}
