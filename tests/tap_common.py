#!/usr/bin/python3
# tap_common.py: what every end-to-end test script of the service shares — the configuration of
# a private session bus with a real session bus's limits, and the failure and check helpers.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Imported by tests/cli/cli_tap.py and the scripts in tests/service/ (each puts tests/ on its
# path), with Debian's /usr/bin/python3 and nothing beyond the standard library.

# The <limit> block of /usr/share/dbus-1/session.conf: without it dbus-daemon's compiled-in
# defaults apply, and large replies (an export, a long upcoming list) get the client dropped.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir={runtime}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
  <limit name="max_incoming_bytes">1000000000</limit>
  <limit name="max_incoming_unix_fds">250000000</limit>
  <limit name="max_outgoing_bytes">1000000000</limit>
  <limit name="max_outgoing_unix_fds">250000000</limit>
  <limit name="max_message_size">1000000000</limit>
  <limit name="service_start_timeout">120000</limit>
  <limit name="auth_timeout">240000</limit>
  <limit name="pending_fd_timeout">150000</limit>
  <limit name="max_completed_connections">100000</limit>
  <limit name="max_incomplete_connections">10000</limit>
  <limit name="max_connections_per_user">100000</limit>
  <limit name="max_pending_service_starts">10000</limit>
  <limit name="max_names_per_connection">50000</limit>
  <limit name="max_match_rules_per_connection">50000</limit>
  <limit name="max_replies_per_connection">50000</limit>
</busconfig>
"""

class Failure(Exception):
    pass


def check(condition, message, *details):
    if not condition:
        raise Failure("\n".join([message] + [str(d) for d in details]))


def equal(actual, expected, message, *details):
    check(actual == expected, message, f"expected: {expected!r}", f"actual:   {actual!r}", *details)
