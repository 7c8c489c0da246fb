/* rs-reminder-template.c: the client reminder templates — where they are looked up, how they
 * are read, and how their placeholders are filled
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Templates are the owner's to edit: a file here is text a person wrote, so it is read with the
 * same care as any input (size, encoding, line ends), and a placeholder the code does not know
 * is left as it is rather than refused, so that an older or newer template still renders.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <recurring-sales/rs-error.h>
#include "rs-reminder-template-private.h"

/* Larger than any sensible letter; a bigger file is more likely a mistake than a template. */
#define MAX_TEMPLATE_BYTES (64 * 1024)

char *
rs_reminder_template_normalize_newlines (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  /* LF line ends only: templates edited on other systems may carry CR LF or CR. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        {
          g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

/* The length of "{word}" at @p (word: a–z and '_'), or 0 when @p does not start one. */
static size_t
placeholder_length (const char *p)
{
  size_t n = 1;

  if (*p != '{')
    return 0;

  while (p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z'))
    n++;

  return n > 1 && p[n] == '}' ? n + 1 : 0;
}

static const char *
lookup_placeholder (GHashTable *values,
                    const char *p,
                    size_t      length)
{
  g_autofree char *word = g_strndup (p + 1, length - 2);

  return g_hash_table_lookup (values, word);
}

/* Whether @line (without its newline) holds known placeholders and every one of them is
 * empty: such a line ("{payment}" when the client does not prepay, "Beneficiary: {beneficiary}"
 * when no business name is known) is left out rather than leaving a gap or a bare label in the
 * letter. */
static gboolean
is_empty_placeholder_line (const char *line,
                           size_t      length,
                           GHashTable *values)
{
  gboolean has_known = FALSE;

  for (size_t i = 0; i < length;)
    {
      size_t n = placeholder_length (line + i);
      const char *value;

      if (n == 0 || i + n > length)
        {
          i++;
          continue;
        }

      value = lookup_placeholder (values, line + i, n);
      if (value != NULL)
        {
          if (*value != '\0')
            return FALSE;
          has_known = TRUE;
        }
      i += n;
    }

  return has_known;
}

char *
rs_reminder_template_fill (const char *text,
                           GHashTable *values)
{
  GString *out = g_string_sized_new (strlen (text) + 256);
  const char *line = text;

  while (*line != '\0')
    {
      const char *newline = strchr (line, '\n');
      size_t length = newline != NULL ? (size_t) (newline - line) : strlen (line);
      const char *next = newline != NULL ? newline + 1 : line + length;

      if (!is_empty_placeholder_line (line, length, values))
        {
          for (size_t i = 0; i < length;)
            {
              size_t n = placeholder_length (line + i);
              const char *value = NULL;

              if (n > 0 && i + n <= length)
                value = lookup_placeholder (values, line + i, n);

              if (value != NULL)
                {
                  g_string_append (out, value);
                  i += n;
                }
              else
                {
                  g_string_append_c (out, line[i]);
                  i++;
                }
            }
          if (newline != NULL)
            g_string_append_c (out, '\n');
        }

      line = next;
    }

  return g_string_free (out, FALSE);
}

static const char *
shipped_templates_dir (void)
{
  const char *dir = g_getenv ("RS_TEMPLATES_DIR");

  return dir != NULL && *dir != '\0' ? dir : RS_TEMPLATESDIR;
}

/* Reads one template file. FALSE with no error when it does not exist (the next place is
 * tried); FALSE with an error naming the file when it exists but cannot be used. */
static gboolean
read_template_file (const char  *path,
                    char       **out_text,
                    GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *start;
  GStatBuf st;
  gsize length;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        return FALSE;

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %1$s is a file name, %2$s why it could not be read */
                   _("The message template %1$s could not be read: %2$s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  /* Checked before reading, so that a huge file is never loaded. */
  if ((guint64) st.st_size > MAX_TEMPLATE_BYTES)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a file name */
                   _("The message template %s is larger than 64 KiB."), display);
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   _("The message template %1$s could not be read: %2$s"),
                   display, local_error->message);
      return FALSE;
    }

  /* It may have grown since it was looked at. */
  if (length > MAX_TEMPLATE_BYTES)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("The message template %s is larger than 64 KiB."), display);
      return FALSE;
    }

  /* A NUL byte counts as invalid, so a binary file is refused here too. */
  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a file name */
                   _("The message template %s is not valid UTF-8 text."), display);
      return FALSE;
    }

  /* Some editors start UTF-8 files with a byte order mark. */
  start = g_str_has_prefix (contents, "\xEF\xBB\xBF") ? contents + 3 : contents;
  *out_text = rs_reminder_template_normalize_newlines (start);
  return TRUE;
}

gboolean
rs_reminder_template_load (const char          *language,
                           const char * const  *names,
                           char               **out_text,
                           char               **out_path,
                           GError             **error)
{
  g_autofree char *user_dir = g_build_filename (g_get_user_config_dir (), "evolution-recurring-sales",
                                                "templates", language, NULL);
  g_autofree char *shipped_dir = g_build_filename (shipped_templates_dir (), language, NULL);
  const char *dirs[] = { user_dir, shipped_dir };
  g_autofree char *missing = NULL;
  g_autofree char *missing_path = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (names != NULL && names[0] != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      for (guint j = 0; names[j] != NULL; j++)
        {
          g_autofree char *file_name = g_strconcat (names[j], ".txt", NULL);
          g_autofree char *path = g_build_filename (dirs[i], file_name, NULL);
          GError *local_error = NULL;

          if (read_template_file (path, out_text, &local_error))
            {
              if (out_path != NULL)
                *out_path = g_steal_pointer (&path);
              return TRUE;
            }

          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
        }
    }

  missing = g_strconcat (names[0], ".txt", NULL);
  missing_path = g_build_filename (shipped_dir, missing, NULL);
  display = g_filename_display_name (missing_path);
  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: %s is a file name */
               _("The message template %s is missing."), display);
  return FALSE;
}

char *
rs_reminder_template_fill_sentence (const char  *language,
                                    const char  *name,
                                    GHashTable  *values,
                                    GError     **error)
{
  const char * const names[] = { name, NULL };
  g_autofree char *text = NULL;
  g_autofree char *filled = NULL;
  size_t length;

  if (!rs_reminder_template_load (language, names, &text, NULL, error))
    return NULL;

  filled = rs_reminder_template_fill (text, values);
  length = strlen (filled);
  while (length > 0 && g_ascii_isspace (filled[length - 1]))
    filled[--length] = '\0';

  return g_steal_pointer (&filled);
}
