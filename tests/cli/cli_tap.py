#!/usr/bin/python3
# cli_tap.py: what the command's end-to-end tests share — a private session (tests/common/
# private_session.py) whose bus starts the build tree's recurring-sales-service by D-Bus
# activation, the command run in it (with a terminal when it must ask), and the TAP report.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Imported by test-cli.py, test-cli-mail.py, test-cli-backup.py and test-cli-settings.py
# (Debian's /usr/bin/python3, python3-dbus). The environment comes from meson's test_env.

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import unicodedata

import dbus

# tests/common/private_session.py: the session, its bus, the check helpers and the TAP report.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from private_session import (BUS_NAME, INTERFACE, OBJECT_PATH, Failure,  # noqa: E402,F401
                             PrivateSession, Result, check, equal, run_program)
import private_session  # noqa: E402


class PrivateBus(PrivateSession):
    """A private session with a work folder; the service is started from @services_dir by
    activation, and python3-dbus's session bus is this one. @env goes into the session's
    environment (PrivateSession). With @clock (seconds since the epoch) the service's reminder
    dispatcher runs on a clock the test sets (set_clock ())."""

    def __init__(self, cli, services_dir, prefix="rs-cli-test-", env=None, clock=None):
        # The tables are as wide as the terminal, else $COLUMNS, else whole: a test reads them
        # at the width people have at least, whatever the caller's terminal exported.
        super().__init__(prefix=prefix, service_dirs=[services_dir], work=True,
                         env=dict({"COLUMNS": "80"}, **(env or {})))
        self.cli = cli
        self.clock_file = None
        if clock is not None:
            # Activated programs inherit the bus's environment: set before the bus starts.
            self.clock_file = self.path("clock")
            self.env["RS_SERVICE_CLOCK_FILE"] = self.clock_file
            self.set_clock(clock)
        self.start_bus()
        # dbus.SessionBus () reads it from the environment, as any other app would.
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.address
        self.bus = dbus.SessionBus()

    def service(self):
        return dbus.Interface(self.bus.get_object(BUS_NAME, OBJECT_PATH), INTERFACE)

    def property(self, name):
        return self.bus.get_object(BUS_NAME, OBJECT_PATH).Get(
            INTERFACE, name, dbus_interface="org.freedesktop.DBus.Properties")

    def set_clock(self, seconds):
        """The service's clock (@clock of the constructor): it reads the file when it changes."""
        self.now = int(seconds)
        with open(self.clock_file, "w", encoding="utf-8") as f:
            f.write("%d\n" % self.now)

    def stop(self):
        self.bus.close()
        super().stop()


def run(bus, *args, stdin=None, env=None, cwd=None):
    return run_program([bus.cli] + list(args), env or bus.env, cwd or bus.work,
                       stdin=stdin if stdin is not None else "")


def ok(bus, *args, **kwargs):
    result = run(bus, *args, **kwargs)
    equal(result.code, 0, f"recurring-sales {' '.join(args)} should succeed: {result!r}")
    return result


def greek_env(bus):
    env = dict(bus.env)
    # meson's test environment sets LC_ALL=C.UTF-8, which would win over LANG.
    env.pop("LC_ALL", None)
    env.update({"LANG": "el_GR.UTF-8", "LANGUAGE": "el"})
    return env

def display_width(text):
    width = 0
    for c in text:
        if unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return width

def usage_error(bus, command, *args, sentence=None, env=None, quiet=False):
    result = run(bus, *args, env=env)
    equal(result.code, 2, f"{args} is a usage error: {result!r}")
    if quiet:
        check(result.out == "", f"{args}: nothing on stdout: {result!r}")
    lines = result.err.strip().split("\n")
    check(len(lines) >= 2 and lines[0].strip(), f"{args}: a sentence comes first: {result!r}")
    # Without the quotes: each language has its own (“…” in English, «…» in Greek).
    hint = f"recurring-sales {command} --help" if command else "recurring-sales --help"
    check(hint in lines[-1], f"{args}: the last line points at {hint}: {result!r}")
    if sentence is not None:
        check(re.search(sentence, lines[0]), f"{args}: the sentence matches {sentence!r}: {result!r}")
    return result


def refused(bus, *args, sentence=None, stdin=None):
    result = run(bus, *args, stdin=stdin)
    equal(result.code, 1, f"{args} is refused: {result!r}")
    check("GDBus.Error" not in result.err and "io.github.recurring_sales" not in result.err,
          f"{args}: the D-Bus error name is stripped: {result!r}")
    if sentence is not None:
        check(re.search(sentence, result.err), f"{args}: says {sentence!r}: {result!r}")
    return result

def on_wide_terminal(bus, columns, *args, env=None):
    """Runs the command with a terminal @columns wide as its output (and no $COLUMNS)."""
    env = dict(env or bus.env)
    env.pop("COLUMNS", None)
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    # No line-end translation: the output reads as it would through a pipe.
    attributes = termios.tcgetattr(secondary)
    attributes[1] &= ~termios.ONLCR
    termios.tcsetattr(secondary, termios.TCSANOW, attributes)
    try:
        process = subprocess.Popen([bus.cli] + list(args), env=env, cwd=bus.work,
                                   stdin=subprocess.DEVNULL, stdout=secondary,
                                   stderr=subprocess.PIPE)
        os.close(secondary)
        secondary = None
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the command closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        err = process.stderr.read().decode()
        process.wait(timeout=60)
    finally:
        if secondary is not None:
            os.close(secondary)
        os.close(primary)
    return Result(subprocess.CompletedProcess(args, process.returncode,
                                              b"".join(chunks).decode(), err))


def on_terminal(bus, answer, *args):
    """Runs the command with a terminal as its input, typing @answer."""
    primary, secondary = pty.openpty()
    try:
        process = subprocess.Popen([bus.cli] + list(args), env=bus.env, cwd=bus.work, stdin=secondary,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        os.close(secondary)
        secondary = None
        os.write(primary, answer.encode() + b"\n")
        out, err = process.communicate(timeout=60)
    finally:
        if secondary is not None:
            os.close(secondary)
        os.close(primary)
    return Result(subprocess.CompletedProcess(args, process.returncode, out, err))


def run_tap(tests, bus):
    """Runs @tests (name, function (bus)) in order, each reported as a TAP point; stops @bus."""
    try:
        return private_session.run_tap(tests, bus)
    finally:
        bus.stop()
