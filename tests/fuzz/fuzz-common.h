/* fuzz-common.h: what every libFuzzer target of the core library shares
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each target feeds libFuzzer's bytes to one public parser and checks what must hold of its
 * answer. A broken invariant is reported with FUZZ_CHECK (), which aborts even in a build
 * with G_DISABLE_ASSERT, so that libFuzzer keeps the input as a crash.
 */
#pragma once

#include <glib.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <recurring-sales/rs-error.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

#define FUZZ_CHECK(condition) \
  G_STMT_START { \
    if (G_UNLIKELY (!(condition))) \
      { \
        fprintf (stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #condition); \
        abort (); \
      } \
  } G_STMT_END

/* A g_critical () (a g_return_if_fail () that failed) anywhere, or a g_warning () of our own
 * code, is a bug found, as in the unit tests (G_DEBUG=fatal-criticals). GLib would stop on a
 * breakpoint trap, which libFuzzer does not catch; abort () makes it keep the input. Warnings
 * of the libraries (Camel on a charset it does not know) are only printed. */
static inline GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  const char *domain = NULL;

  g_log_writer_standard_streams (log_level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
        domain = fields[i].value;
    }

  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0 ||
      ((log_level & G_LOG_LEVEL_WARNING) != 0 && domain != NULL &&
       g_str_has_prefix (domain, "recurring-sales-")))
    abort ();

  return G_LOG_WRITER_HANDLED;
}

/* The process state every target runs in, set once before the first input. */
static inline void
fuzz_init (void)
{
  /* The parsers' answers must not depend on the user's settings or language: the built-in
   * defaults, English sentences, the C locale's money format. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LANGUAGE", "", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* @data as a NUL-terminated string, as the parsers of single values take it (D-Bus strings
 * and command-line arguments never hold a NUL; everything after the first one is ignored). */
static inline char *
fuzz_strndup (const uint8_t *data,
              size_t         size)
{
  return g_strndup ((const char *) data, size);
}

/* The entry points of a target that checks a parser of one text value (a date, a period, an
 * IBAN…) and keeps no state between inputs: each input goes to @check as a string
 * (fuzz_strndup ()). */
#define FUZZ_DEFINE_TEXT_TARGET(check) \
  int \
  LLVMFuzzerInitialize (int    *argc, \
                        char ***argv) \
  { \
    fuzz_init (); \
    return 0; \
  } \
  \
  int \
  LLVMFuzzerTestOneInput (const uint8_t *data, \
                          size_t         size) \
  { \
    g_autofree char *text = fuzz_strndup (data, size); \
    \
    check (text); \
    return 0; \
  }

/* A message shown to the user (a GError, a CSV problem) must be valid UTF-8, since it travels
 * as a D-Bus string (GVariant refuses anything else), and must stay one line: echoed input is
 * cut and cleaned by rs_text_for_message (), so no control character or line separator of the
 * input may get through. */
static inline void
fuzz_check_message (const char *message)
{
  FUZZ_CHECK (message != NULL);
  FUZZ_CHECK (g_utf8_validate (message, -1, NULL));
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      FUZZ_CHECK (!g_unichar_iscntrl (c));
      FUZZ_CHECK (g_unichar_type (c) != G_UNICODE_LINE_SEPARATOR);
      FUZZ_CHECK (g_unichar_type (c) != G_UNICODE_PARAGRAPH_SEPARATOR);
    }
}

/* How every parser refuses bad input: its one error code and a message fit to show. A macro,
 * so that FUZZ_CHECK () reports the target's line. */
#define FUZZ_CHECK_REFUSED(error) \
  G_STMT_START { \
    FUZZ_CHECK (g_error_matches ((error), RS_ERROR, RS_ERROR_INVALID_ARGUMENT)); \
    fuzz_check_message ((error)->message); \
  } G_STMT_END
