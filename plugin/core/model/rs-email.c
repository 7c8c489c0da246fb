/* rs-email.c: client e-mail addresses, checked with Camel and stricter rules of our own
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <camel/camel.h>
#include <string.h>

#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

/* RFC 5321: a forward path holds at most 254 octets of address, 64 of them before the "@";
 * a domain label has at most 63. */
#define ADDRESS_MAX_LENGTH 254
#define LOCAL_MAX_LENGTH   64
#define LABEL_MAX_LENGTH   63

static gboolean
is_control (gunichar c)
{
  return g_unichar_iscntrl (c) ||
         g_unichar_type (c) == G_UNICODE_LINE_SEPARATOR ||
         g_unichar_type (c) == G_UNICODE_PARAGRAPH_SEPARATOR;
}

/* RFC 5322 atext, extended to non-ASCII characters by RFC 6531. */
static gboolean
is_local_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum ((char) c) || strchr ("!#$%&'*+-/=?^_`{|}~", (char) c) != NULL;

  return g_unichar_isgraph (c);
}

/* Letters, digits and hyphens; non-ASCII letters, digits and marks for IDN labels. */
static gboolean
is_label_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum ((char) c) || c == '-';

  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Atoms separated by single dots: no dot at the start or the end, none doubled. And nothing
 * shaped like an RFC 2047 encoded-word ("=?…?="), which must not appear in an addr-spec
 * (RFC 2047, 5 (3)) and which Camel would decode, charset conversion and all: it leaks on
 * "WTF-8.=??q?a?=?@b.m". */
static gboolean
is_valid_local_part (const char *local,
                     gsize       length)
{
  const char *end = local + length;
  const char *encoded;

  if (length == 0 || local[0] == '.' || local[length - 1] == '.')
    return FALSE;

  for (const char *p = local; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '.' ? p[1] == '.' : !is_local_char (c))
        return FALSE;
    }

  encoded = g_strstr_len (local, (gssize) length, "=?");
  if (encoded != NULL && g_strstr_len (encoded + 2, end - (encoded + 2), "?=") != NULL)
    return FALSE;

  return TRUE;
}

static gboolean
is_valid_address_literal (const char *domain)
{
  gsize length = strlen (domain);
  g_autofree char *inside = NULL;

  if (length < 3 || domain[length - 1] != ']')
    return FALSE;

  inside = g_strndup (domain + 1, length - 2);

  if (g_str_has_prefix (inside, "IPv6:"))
    return strchr (inside + 5, ':') != NULL && g_hostname_is_ip_address (inside + 5);

  return strchr (inside, ':') == NULL && g_hostname_is_ip_address (inside);
}

static gboolean
is_valid_domain (const char *domain)
{
  g_auto(GStrv) labels = NULL;
  guint n_labels;
  const char *top;
  gboolean all_digits = TRUE;

  if (domain[0] == '[')
    return is_valid_address_literal (domain);

  labels = g_strsplit (domain, ".", -1);
  n_labels = g_strv_length (labels);
  if (n_labels < 2)
    return FALSE;

  for (guint i = 0; i < n_labels; i++)
    {
      const char *label = labels[i];
      gsize length = strlen (label);

      if (length == 0 || length > LABEL_MAX_LENGTH ||
          label[0] == '-' || label[length - 1] == '-')
        return FALSE;

      for (const char *p = label; *p != '\0'; p = g_utf8_next_char (p))
        {
          if (!is_label_char (g_utf8_get_char (p)))
            return FALSE;
        }
    }

  /* A top-level domain is never all digits: "a@1.2.3.4" must be written "a@[1.2.3.4]". */
  top = labels[n_labels - 1];
  for (const char *p = top; *p != '\0'; p++)
    all_digits = all_digits && g_ascii_isdigit (*p);

  return !all_digits;
}

/* "a@b.com, c@d.com": an address, a comma or a semicolon, another address. Neither separator
 * can be part of an unquoted addr-spec, so this only chooses the sentence that says what is
 * wrong; the grammar below refuses such text anyway. */
static gboolean
looks_like_list (const char *address)
{
  const char *at = strchr (address, '@');
  const char *separator = at != NULL ? strpbrk (at, ",;") : NULL;

  return separator != NULL && strchr (separator, '@') != NULL;
}

/* Camel's parse of the address: exactly one address, no display name, the same text. */
static gboolean
camel_accepts (const char *address)
{
  g_autoptr(CamelInternetAddress) parsed = camel_internet_address_new ();
  const char *name = NULL, *email = NULL;

  if (camel_address_decode (CAMEL_ADDRESS (parsed), address) != 1 ||
      !camel_internet_address_get (parsed, 0, &name, &email))
    return FALSE;

  /* Camel puts whatever it cannot read as an address into the name (for "a..b@c.com" the
   * name is "a.." and the address "b@c.com"): a name is a failure, not a display name. */
  return (name == NULL || *name == '\0') && g_strcmp0 (email, address) == 0;
}

gboolean
rs_email_validate (const char  *text,
                   GError     **error)
{
  g_autofree char *address = NULL;
  g_autofree char *shown = NULL;
  const char *at;
  gsize length;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Surrounding ASCII spaces are forgiven; anything else around the address is not. */
  address = rs_text_strip_spaces (text);
  length = strlen (address);

  if (length == 0)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: the e-mail address field was left empty */
                           _("No e-mail address was given."));
      return FALSE;
    }

  shown = rs_text_for_message (address);

  if (!g_utf8_validate (address, (gssize) length, NULL))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the e-mail address that was given */
                   _("The e-mail address “%s” is not valid UTF-8 text."), shown);
      return FALSE;
    }

  for (const char *p = address; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_control (g_utf8_get_char (p)))
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is the e-mail address that was given */
                       _("The e-mail address “%s” contains a line break "
                         "or another control character."),
                       shown);
          return FALSE;
        }
    }

  if (length > ADDRESS_MAX_LENGTH)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the e-mail address that was given (shortened), %u the
                    * maximum length (254) */
                   _("The e-mail address “%s” is longer than %u characters."),
                   shown, (guint) ADDRESS_MAX_LENGTH);
      return FALSE;
    }

  /* The checks of our own are what make an address valid; Camel's lenient decoder is only
   * asked, at the end, to agree. It sees nothing our grammar refused: on some malformed text
   * ("a::@:b@x.example", "B.ma b@c.com") camel_header_address_decode () of EDS 3.46 leaks the
   * string it decoded while working around it, and the service reads every address a D-Bus
   * peer sends. */
  if (looks_like_list (address))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what was given as the e-mail address */
                   _("“%s” is a list of e-mail addresses; give only one."), shown);
      return FALSE;
    }

  if (strchr (address, '<') != NULL || strchr (address, '>') != NULL)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what was given as the e-mail address */
                   _("Give the e-mail address alone, without a name or angle brackets: “%s”."),
                   shown);
      return FALSE;
    }

  for (const char *p = address; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_isspace (g_utf8_get_char (p)))
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is the e-mail address that was given */
                       _("The e-mail address “%s” contains a space."), shown);
          return FALSE;
        }
    }

  at = strchr (address, '@');
  if (at == NULL || strchr (at + 1, '@') != NULL)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the e-mail address that was given */
                   _("The e-mail address “%s” must contain exactly one “@”."), shown);
      return FALSE;
    }

  if (at == address || at - address > LOCAL_MAX_LENGTH)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the e-mail address that was given, %u the maximum
                    * length of the part before the “@” (64) */
                   _("The part before the “@” in the e-mail address “%s” "
                     "must have 1 to %u characters."),
                   shown, (guint) LOCAL_MAX_LENGTH);
      return FALSE;
    }

  if (!is_valid_local_part (address, (gsize) (at - address)))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the e-mail address that was given */
                   _("The part before the “@” in the e-mail address “%s” has a character "
                     "that is not allowed, or a dot at its start, at its end "
                     "or next to another dot."),
                   shown);
      return FALSE;
    }

  if (at[1] != '[' && strchr (at + 1, '.') == NULL)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the e-mail address that was given */
                   _("The domain of the e-mail address “%s” has no dot; "
                     "write it like example.com."),
                   shown);
      return FALSE;
    }

  if (!is_valid_domain (at + 1))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the e-mail address that was given */
                   _("The domain of the e-mail address “%s” is not valid."), shown);
      return FALSE;
    }

  /* Our rules passed: Camel must read the same single address back. */
  if (!camel_accepts (address))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the e-mail address that was given */
                   _("The e-mail address “%s” is not valid."), shown);
      return FALSE;
    }

  return TRUE;
}

gchar **
rs_email_parse_list (const char  *text,
                     guint        max_addresses,
                     GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  g_return_val_if_fail (text != NULL, NULL);

  /* Commas, as in a To: line people type; "a@x.gr; b@y.gr" from a spreadsheet too. */
  parts = g_strsplit_set (text, ",;", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *address = g_strstrip (parts[i]);

      if (*address == '\0')
        continue;
      if (!rs_email_validate (address, error))
        return NULL;
      if (++n > max_addresses)
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %u is a number of e-mail addresses */
                       g_dngettext (GETTEXT_PACKAGE, "Give at most %u e-mail address.",
                                    "Give at most %u e-mail addresses.", max_addresses),
                       max_addresses);
          return NULL;
        }
      g_ptr_array_add (addresses, g_strdup (address));
    }

  g_ptr_array_add (addresses, NULL);
  return (gchar **) g_ptr_array_free (g_steal_pointer (&addresses), FALSE);
}
