/* rs-language.c: the languages a client reminder can be written in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-language.h>
#include <recurring-sales/rs-text.h>

/* One folder of templates each (plugin/core/reminders/templates/<language>/). */
static const char * const shipped_languages[] = { "el", "en", NULL };

const char * const *
rs_language_list_shipped (void)
{
  return shipped_languages;
}

/* A reminder composed later in a language nobody wrote would fall back silently, and the client
 * would get a language the owner did not choose. */
gboolean
rs_language_check (const char  *language,
                   GError     **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *accepted = NULL;

  if (language == NULL || *language == '\0' ||
      g_strv_contains (shipped_languages, language))
    return TRUE;

  shown = rs_text_for_message (language);
  accepted = g_strjoinv (", ", (char **) shipped_languages);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: the first %s is what was given, the second a list of language
                * codes such as "el, en" (keep them as they are) */
               _("The language “%s” has no reminder templates; use one of: %s."),
               shown, accepted);
  return FALSE;
}
