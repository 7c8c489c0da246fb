/* rs-test-message.c: a client's e-mail as the recipient's program reads it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "rs-test-message.h"

void
rs_test_round_trip_clear (RsTestRoundTrip *trip)
{
  g_clear_pointer (&trip->raw, g_free);
  g_clear_pointer (&trip->headers, g_free);
  g_clear_object (&trip->parsed);
}

void
rs_test_round_trip (CamelMimeMessage *message,
                    RsTestRoundTrip  *trip)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(CamelStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) headers = NULL;
  gsize size;
  const char *end;

  g_assert_cmpint (camel_data_wrapper_write_to_output_stream_sync (CAMEL_DATA_WRAPPER (message), out, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)) - 1;
  trip->raw = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpuint (strlen (trip->raw), ==, size);

  headers = g_string_new (trip->raw);
  g_string_replace (headers, "\r\n", "\n", 0);
  end = strstr (headers->str, "\n\n");
  g_assert_nonnull (end);
  g_string_truncate (headers, (gsize) (end - headers->str) + 1);
  trip->headers = g_string_free (g_steal_pointer (&headers), FALSE);

  stream = camel_stream_mem_new_with_buffer (trip->raw, size);
  trip->parsed = camel_mime_message_new ();
  g_assert_true (camel_data_wrapper_construct_from_stream_sync (CAMEL_DATA_WRAPPER (trip->parsed), stream, NULL, &error));
  g_assert_no_error (error);
}

char *
rs_test_message_decoded_body (CamelMimeMessage *message)
{
  CamelDataWrapper *content = camel_medium_get_content (CAMEL_MEDIUM (message));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (content);
  g_assert_cmpint (camel_data_wrapper_decode_to_output_stream_sync (content, out, NULL, &error), >=, 0);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

const char *
rs_test_message_assert_only_recipient (CamelMimeMessage *message,
                                       const char       *address)
{
  CamelInternetAddress *to = camel_mime_message_get_recipients (message, CAMEL_RECIPIENT_TYPE_TO);
  CamelInternetAddress *cc = camel_mime_message_get_recipients (message, CAMEL_RECIPIENT_TYPE_CC);
  CamelInternetAddress *bcc = camel_mime_message_get_recipients (message, CAMEL_RECIPIENT_TYPE_BCC);
  const char *name = NULL, *to_address = NULL;

  g_assert_nonnull (to);
  g_assert_cmpint (camel_address_length (CAMEL_ADDRESS (to)), ==, 1);
  g_assert_true (camel_internet_address_get (to, 0, &name, &to_address));
  g_assert_cmpstr (to_address, ==, address);
  g_assert_true (cc == NULL || camel_address_length (CAMEL_ADDRESS (cc)) == 0);
  g_assert_true (bcc == NULL || camel_address_length (CAMEL_ADDRESS (bcc)) == 0);
  return name;
}
