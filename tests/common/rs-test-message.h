/* rs-test-message.h: a client's e-mail as the recipient's program reads it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <camel/camel.h>

G_BEGIN_DECLS

/* A message as it goes to the SMTP server or the Drafts folder, and parsed back. */
typedef struct {
  char             *raw;      /* as written */
  char             *headers;  /* the header block, LF line ends, folded lines kept as they are */
  CamelMimeMessage *parsed;   /* @raw, parsed by Camel */
} RsTestRoundTrip;

void        rs_test_round_trip_clear              (RsTestRoundTrip  *trip);
/* Serialises @message into @trip and parses it back. */
void        rs_test_round_trip                    (CamelMimeMessage *message,
                                                   RsTestRoundTrip  *trip);

/* The decoded content of @message (a single-part message), NUL-terminated. */
char       *rs_test_message_decoded_body          (CamelMimeMessage *message);
/* Asserts that @message goes to @address and to nobody else (To only, no Cc or Bcc); the
 * recipient's name, as Camel gives it. */
const char *rs_test_message_assert_only_recipient (CamelMimeMessage *message,
                                                   const char       *address);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RsTestRoundTrip, rs_test_round_trip_clear)

G_END_DECLS
