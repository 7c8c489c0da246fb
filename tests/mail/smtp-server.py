#!/usr/bin/python3
# smtp-server.py: a real SMTP server (aiosmtpd) on 127.0.0.1 for the mailer's tests
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: smtp-server.py PORT_FILE MESSAGE_DIR MODE_FILE
#
# Listens on a free port of 127.0.0.1 and writes the port number to PORT_FILE once it listens.
# Each accepted message is saved as MESSAGE_DIR/NNN.eml (the data as received) with
# MESSAGE_DIR/NNN.envelope (first line: MAIL FROM, then one RCPT TO per line).
#
# MODE_FILE is read at every new connection (missing: accept), so a test switches modes while
# the server runs:
#   accept            deliver every message
#   refuse-permanent  550 to every RCPT TO
#   refuse-temporary  451 to every RCPT TO
#   hang              accept the TCP connection and never say anything
#   drop              take the message data, then close the connection without an answer
#                     (and without keeping the message)
#   hold-quit         deliver every message, then never answer QUIT (a server slow to say
#                     goodbye); MESSAGE_DIR/quit-held appears when a QUIT arrives

import asyncio
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, message_dir):
        self.message_dir = message_dir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if server.rs_mode == 'refuse-permanent':
            return '550 5.7.1 Recipient refused by the test server'
        if server.rs_mode == 'refuse-temporary':
            return '451 4.3.0 Temporary failure of the test server, try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        if server.rs_mode == 'drop':
            server.transport.abort()
            return '421 4.3.0 Closing'
        self.count += 1
        base = os.path.join(self.message_dir, '%03d' % self.count)
        with open(base + '.tmp', 'wb') as out:
            out.write(envelope.original_content or envelope.content)
        with open(base + '.envelope', 'w', encoding='utf-8') as out:
            out.write(envelope.mail_from + '\n')
            for rcpt in envelope.rcpt_tos:
                out.write(rcpt + '\n')
        # The .eml appears last, complete: tests count .eml files.
        os.rename(base + '.tmp', base + '.eml')
        return '250 2.0.0 Message accepted'

    async def handle_QUIT(self, server, session, envelope):
        if server.rs_mode == 'hold-quit':
            with open(os.path.join(self.message_dir, 'quit-held'), 'w') as out:
                out.write('QUIT\n')
            # Until the client gives up: aiosmtpd cancels the handler when it goes away.
            await asyncio.Event().wait()
        return '221 Bye'


class HangProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        pass


def read_mode(mode_file):
    try:
        with open(mode_file, encoding='utf-8') as f:
            return f.read().strip() or 'accept'
    except FileNotFoundError:
        return 'accept'


async def main():
    port_file, message_dir, mode_file = sys.argv[1:4]
    handler = Handler(message_dir)
    loop = asyncio.get_running_loop()

    def new_protocol():
        mode = read_mode(mode_file)
        if mode == 'hang':
            return HangProtocol()
        smtp = SMTP(handler, hostname='smtp.test', enable_SMTPUTF8=True)
        smtp.rs_mode = mode
        return smtp

    server = await loop.create_server(new_protocol, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    with open(port_file + '.tmp', 'w') as out:
        out.write('%d\n' % port)
    os.rename(port_file + '.tmp', port_file)

    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    loop.add_signal_handler(signal.SIGINT, stop.set_result, None)
    await stop
    server.close()


if __name__ == '__main__':
    asyncio.run(main())
