/* test-email.c: tests of client e-mail address validation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-error.h>

static void
test_validate_accepts_valid (void)
{
  static const char * const cases[] = {
    "a@b.co",
    "name@example.com",
    "first.last@example.com",
    "user+tag@example.co.uk",
    "o'brien@example.ie",
    "x_y-z@sub.domain-with-hyphen.example",
    "1234567890@numbers.example",
    "UPPER@EXAMPLE.COM",
    "!#$%&'*+-/=?^_`{|}~@example.org",
    "a@[192.168.0.1]",
    "a@[IPv6:2001:db8::1]",
    "δοκιμή@παράδειγμα.δοκιμή",
    "  padded@example.com  ",
    "xn--bcher-kva@xn--bcher-kva.example",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i]);
      g_assert_true (rs_email_validate (cases[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_validate_accepts_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *local_64 = g_strnfill (64, 'a');
  g_autofree char *label_63 = g_strnfill (63, 'b');
  g_autofree char *at_64 = g_strconcat (local_64, "@example.com", NULL);
  g_autofree char *label = g_strconcat ("a@", label_63, ".com", NULL);
  /* 64 + 1 + 63 + 1 + 63 + 1 + 57 + 4 = 254 */
  g_autofree char *label_57 = g_strnfill (57, 'c');
  g_autofree char *at_254 = g_strconcat (local_64, "@", label_63, ".", label_63, ".",
                                         label_57, ".com", NULL);

  g_assert_cmpuint (strlen (at_254), ==, 254);

  g_assert_true (rs_email_validate (at_64, &error));
  g_assert_no_error (error);
  g_assert_true (rs_email_validate (label, &error));
  g_assert_no_error (error);
  g_assert_true (rs_email_validate (at_254, &error));
  g_assert_no_error (error);
}

static void
test_validate_refuses_invalid (void)
{
  g_autofree char *local_65 = g_strnfill (65, 'a');
  g_autofree char *too_long_local = g_strconcat (local_65, "@example.com", NULL);
  g_autofree char *label_64 = g_strnfill (64, 'b');
  g_autofree char *too_long_label = g_strconcat ("a@", label_64, ".com", NULL);
  g_autofree char *filler = g_strnfill (243, 'x');
  g_autofree char *too_long = g_strconcat (filler, "@example.com", NULL); /* 255 */
  const char *cases[] = {
    "",
    "   ",
    "a@b.com\r\nBcc: x@y.z",
    "a@b.com\n",
    "a@b.com\r",
    "a\t@b.com",
    "a@b.com\xe2\x80\xa8",
    "Name <a@b.com>",
    "<a@b.com>",
    "\"Name\" <a@b.com>",
    "a@b.com, c@d.com",
    "a@b.com,c@d.com",
    "a@b.com;c@d.com",
    "a@@b.com",
    "a@b@c.com",
    "ab.com",
    "a@b",
    "a@localhost",
    "@b.com",
    "a@",
    "a b@c.com",
    "a@b .com",
    "a\xc2\xa0" "b@c.com",
    "a..b@c.com",
    ".a@b.com",
    "a.@b.com",
    "\"a b\"@c.com",
    "\"john..doe\"@example.com",
    "a(comment)@b.com",
    "a@b..com",
    "a@.b.com",
    "a@b.com.",
    "a@-b.com",
    "a@b-.com",
    "a@b_c.com",
    "a@1.2.3.4",
    "a@[1.2.3]",
    "a@[IPv6:1.2.3.4]",
    "a@[::1]",
    "a\\b@c.com",
    "a@b.c\xff",
    too_long_local,
    too_long_label,
    too_long,
  };

  g_assert_cmpuint (strlen (too_long), ==, 255);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%zu", i);
      g_assert_false (rs_email_validate (cases[i], &error));
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      for (const char *p = error->message; *p != '\0'; p++)
        g_assert_false (g_ascii_iscntrl (*p));
    }

  g_assert_false (rs_email_validate (NULL, NULL));
}

static void
assert_message (const char *text,
                const char *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rs_email_validate (text, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_validate_refuses_header_injection (void)
{
  assert_message ("a@b.com\r\nBcc: x@y.z",
                  "The e-mail address “a@b.com\xEF\xBF\xBD\xEF\xBF\xBD" "Bcc: x@y.z” contains a line "
                  "break or another control character.");
}

static void
test_validate_refuses_display_name (void)
{
  assert_message ("Name <a@b.com>",
                  "Give the e-mail address alone, without a name or angle brackets: "
                  "“Name <a@b.com>”.");
  assert_message ("<a@b.com>",
                  "Give the e-mail address alone, without a name or angle brackets: "
                  "“<a@b.com>”.");
}

static void
test_validate_refuses_list (void)
{
  assert_message ("a@b.com, c@d.com",
                  "“a@b.com, c@d.com” is a list of e-mail addresses; give only one.");
}

static void
test_validate_refuses_two_at_signs (void)
{
  assert_message ("a@@b.com", "The e-mail address “a@@b.com” must contain exactly one “@”.");
  assert_message ("ab.com", "The e-mail address “ab.com” must contain exactly one “@”.");
}

static void
test_validate_refuses_domain_without_dot (void)
{
  assert_message ("a@localhost",
                  "The domain of the e-mail address “a@localhost” has no dot; "
                  "write it like example.com.");
}

static void
test_validate_refuses_bad_domain (void)
{
  assert_message ("a@-b.com", "The domain of the e-mail address “a@-b.com” is not valid.");
}

static void
test_validate_refuses_spaces (void)
{
  assert_message ("a b@c.com", "The e-mail address “a b@c.com” contains a space.");
}

static void
test_validate_refuses_bad_local_part (void)
{
  assert_message ("a..b@c.com",
                  "The part before the “@” in the e-mail address “a..b@c.com” has a character "
                  "that is not allowed, or a dot at its start, at its end or next to another dot.");
}

static void
test_validate_refuses_255_characters (void)
{
  g_autofree char *filler = g_strnfill (243, 'x');
  g_autofree char *too_long = g_strconcat (filler, "@example.com", NULL);
  g_autofree char *shown = g_strnfill (60, 'x');
  g_autofree char *expected = g_strdup_printf ("The e-mail address “%s…” is longer than 254 "
                                               "characters.", shown);

  assert_message (too_long, expected);
}

static void
test_validate_refuses_empty (void)
{
  assert_message ("", "No e-mail address was given.");
  assert_message (NULL, "No e-mail address was given.");
}

static void
test_validate_refuses_invalid_utf8 (void)
{
  assert_message ("a@b.c\xff", "The e-mail address “a@b.c\xEF\xBF\xBD” is not valid UTF-8 text.");
}

/* Found by tests/fuzz/fuzz-email: Camel's decoder loses memory on these (a GString of
 * camel_header_address_decode () in EDS 3.46), so they must be refused by our own grammar
 * before Camel sees them; valgrind and ASan runs of this test catch a leak. */
static void
test_validate_refuses_before_camel (void)
{
  assert_message ("a::@:b@x.example",
                  "The e-mail address “a::@:b@x.example” must contain exactly one “@”.");
  assert_message ("B.ma b@c.com", "The e-mail address “B.ma b@c.com” contains a space.");
  /* An RFC 2047 encoded-word, which Camel would decode (and leak on). */
  assert_message ("WTF-8.=??q?a?=?@b.m",
                  "The part before the “@” in the e-mail address “WTF-8.=??q?a?=?@b.m” has a "
                  "character that is not allowed, or a dot at its start, at its end or next to "
                  "another dot.");
  assert_message ("=?utf-8?q?a?=@example.com",
                  "The part before the “@” in the e-mail address “=?utf-8?q?a?=@example.com” has "
                  "a character that is not allowed, or a dot at its start, at its end or next to "
                  "another dot.");
  /* The list is still recognised as one, without Camel. */
  assert_message ("a@b.com;c@d.com", "“a@b.com;c@d.com” is a list of e-mail addresses; give only one.");
  assert_message ("a,b@c.com",
                  "The part before the “@” in the e-mail address “a,b@c.com” has a character "
                  "that is not allowed, or a dot at its start, at its end or next to another dot.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/email/validate/accepts-valid", test_validate_accepts_valid);
  g_test_add_func ("/email/validate/accepts-limits", test_validate_accepts_limits);
  g_test_add_func ("/email/validate/refuses-invalid", test_validate_refuses_invalid);
  g_test_add_func ("/email/validate/refuses-header-injection",
                   test_validate_refuses_header_injection);
  g_test_add_func ("/email/validate/refuses-display-name", test_validate_refuses_display_name);
  g_test_add_func ("/email/validate/refuses-list", test_validate_refuses_list);
  g_test_add_func ("/email/validate/refuses-two-at-signs", test_validate_refuses_two_at_signs);
  g_test_add_func ("/email/validate/refuses-domain-without-dot",
                   test_validate_refuses_domain_without_dot);
  g_test_add_func ("/email/validate/refuses-bad-domain", test_validate_refuses_bad_domain);
  g_test_add_func ("/email/validate/refuses-spaces", test_validate_refuses_spaces);
  g_test_add_func ("/email/validate/refuses-bad-local-part", test_validate_refuses_bad_local_part);
  g_test_add_func ("/email/validate/refuses-255-characters", test_validate_refuses_255_characters);
  g_test_add_func ("/email/validate/refuses-empty", test_validate_refuses_empty);
  g_test_add_func ("/email/validate/refuses-invalid-utf8", test_validate_refuses_invalid_utf8);
  g_test_add_func ("/email/validate/refuses-before-camel", test_validate_refuses_before_camel);

  return g_test_run ();
}
