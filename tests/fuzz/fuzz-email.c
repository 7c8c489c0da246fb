/* fuzz-email.c: rs_email_validate () on any text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The client's address is the one field that becomes a mail header. An address that is
 * accepted must be one plain addr-spec (no name, list, comment, quote, space or control
 * character, at most 254 bytes) and must survive the trip the mailer gives it: put into a To
 * header by Camel, encoded and decoded again, it is still exactly one recipient, the same one.
 */
#include "config.h"

#include <camel/camel.h>

#include "fuzz-common.h"
#include <recurring-sales/rs-email.h>

static void
check_camel_round_trip (const char *address)
{
  g_autoptr(CamelInternetAddress) to = camel_internet_address_new ();
  g_autoptr(CamelInternetAddress) decoded = camel_internet_address_new ();
  g_autofree char *header = NULL;
  const char *name = NULL, *email = NULL;

  camel_internet_address_add (to, NULL, address);
  header = camel_address_encode (CAMEL_ADDRESS (to));
  FUZZ_CHECK (header != NULL);
  /* Camel folds a long header; a line break that does not continue it would start another. */
  FUZZ_CHECK (strchr (header, '\r') == NULL);
  for (const char *p = strchr (header, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    FUZZ_CHECK (p[1] == ' ' || p[1] == '\t');

  FUZZ_CHECK (camel_address_decode (CAMEL_ADDRESS (decoded), header) == 1);
  FUZZ_CHECK (camel_internet_address_get (decoded, 0, &name, &email));
  FUZZ_CHECK (name == NULL || *name == '\0');
  FUZZ_CHECK (g_strcmp0 (email, address) == 0);
}

static void
check_address (const char *text)
{
  g_autoptr(GError) error = NULL;
  const char *start, *end, *at;
  g_autofree char *address = NULL;

  if (!rs_email_validate (text, &error))
    {
      FUZZ_CHECK_REFUSED (error);
      return;
    }

  FUZZ_CHECK (error == NULL);

  /* Only the spaces around the address are forgiven; the sale stores it without them. */
  start = text;
  while (*start == ' ')
    start++;
  end = start + strlen (start);
  while (end > start && end[-1] == ' ')
    end--;
  address = g_strndup (start, (gsize) (end - start));

  FUZZ_CHECK (*address != '\0' && strlen (address) <= 254);
  FUZZ_CHECK (g_utf8_validate (address, -1, NULL));
  for (const char *p = address; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      FUZZ_CHECK (!g_unichar_iscntrl (c) && !g_unichar_isspace (c));
      FUZZ_CHECK (c >= 0x80 || strchr ("<>,;\"()\\", (char) c) == NULL);
    }

  at = strchr (address, '@');
  FUZZ_CHECK (at != NULL && at != address && strchr (at + 1, '@') == NULL);
  FUZZ_CHECK (at - address <= 64);
  /* A colon or a bracket is allowed only in an address literal ("a@[IPv6:…]"). */
  for (const char *p = address; p < at; p++)
    FUZZ_CHECK (strchr (":[]", *p) == NULL);
  FUZZ_CHECK (at[1] == '[' || strchr (at + 1, '.') != NULL);

  /* What the sale keeps validates again. */
  FUZZ_CHECK (rs_email_validate (address, NULL));

  check_camel_round_trip (address);
}

FUZZ_DEFINE_TEXT_TARGET (check_address)
