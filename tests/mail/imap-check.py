#!/usr/bin/python3
# imap-check.py: what an IMAP client sees of one message, for the mailer's tests
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: imap-check.py PORT USER PASSWORD FOLDER MESSAGE-ID
#
# Logs in to 127.0.0.1:PORT, searches FOLDER (read-only) for the Message-ID header and prints
# one line per match: the message's flags, space-separated, in sorted order ("" when none).
# Prints nothing when FOLDER does not exist or nothing matches.

import imaplib
import sys


def main():
    port, user, password, folder, message_id = sys.argv[1:6]
    imap = imaplib.IMAP4('127.0.0.1', int(port))
    try:
        imap.login(user, password)
        status, _ = imap.select('"%s"' % folder, readonly=True)
        if status != 'OK':
            return
        status, data = imap.uid('SEARCH', 'HEADER', 'Message-ID', '"%s"' % message_id)
        for uid in data[0].split():
            status, fetched = imap.uid('FETCH', uid, '(FLAGS)')
            flags = imaplib.ParseFlags(fetched[0])
            print(' '.join(sorted(flag.decode() for flag in flags)))
    finally:
        imap.logout()


if __name__ == '__main__':
    main()
