#!/usr/bin/python3
# cli_tap.py: what the command's end-to-end tests share — a private session bus whose service
# directory starts the build tree's recurring-sales-service by D-Bus activation, the command
# run in it (with a terminal when it must ask), and the TAP report.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Imported by test-cli.py, test-cli-mail.py and test-cli-backup.py (Debian's /usr/bin/python3,
# python3-dbus). The environment comes from meson's test_env.

import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata

import dbus

BUS_NAME = "io.github.recurring_sales.RecurringSales1"
OBJECT_PATH = "/io/github/recurring_sales/RecurringSales1"
INTERFACE = BUS_NAME
# tests/tap_common.py: the bus configuration and the check helpers.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
from tap_common import BUS_CONFIG, Failure, check, equal  # noqa: E402

class PrivateBus:
    """A dbus-daemon of our own; the service is started from @services_dir by activation."""

    def __init__(self, cli, services_dir, prefix="rs-cli-test-"):
        self.cli = cli
        self.root = tempfile.mkdtemp(prefix=prefix)
        self.env = dict(os.environ)
        for name in ("config", "data", "cache", "runtime", "home", "work"):
            os.makedirs(os.path.join(self.root, name), mode=0o700)
        self.env.update({
            "XDG_CONFIG_HOME": os.path.join(self.root, "config"),
            "XDG_DATA_HOME": os.path.join(self.root, "data"),
            "XDG_CACHE_HOME": os.path.join(self.root, "cache"),
            "XDG_RUNTIME_DIR": os.path.join(self.root, "runtime"),
            "HOME": os.path.join(self.root, "home"),
            "GIO_USE_VFS": "local",
        })
        self.env.setdefault("GSETTINGS_BACKEND", "memory")
        for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
            self.env.pop(name, None)
        self.work = os.path.join(self.root, "work")

        config = os.path.join(self.root, "session.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(BUS_CONFIG.format(runtime=self.env["XDG_RUNTIME_DIR"], services=services_dir))

        read_end, write_end = os.pipe()
        # --nofork: the daemon stays our child, so that we reap it (and nothing is orphaned).
        self.daemon = subprocess.Popen(
            ["dbus-daemon", "--config-file=" + config, "--nofork", f"--print-address={write_end}"],
            env=self.env, pass_fds=(write_end,), stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.root, "dbus-daemon.log"), "w"))
        os.close(write_end)
        with os.fdopen(read_end, "r") as address_pipe:
            self.address = address_pipe.readline().strip()
        if not self.address:
            raise RuntimeError("dbus-daemon did not start")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.address
        # dbus.SessionBus () reads it from the environment, as any other app would.
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.address
        self.bus = dbus.SessionBus()

    def service(self):
        return dbus.Interface(self.bus.get_object(BUS_NAME, OBJECT_PATH), INTERFACE)

    def property(self, name):
        return self.bus.get_object(BUS_NAME, OBJECT_PATH).Get(
            INTERFACE, name, dbus_interface="org.freedesktop.DBus.Properties")

    def service_running(self):
        return bool(self.bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
                    .NameHasOwner(BUS_NAME, dbus_interface="org.freedesktop.DBus"))

    def service_pid(self):
        try:
            return int(self.bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
                       .GetConnectionUnixProcessID(BUS_NAME, dbus_interface="org.freedesktop.DBus"))
        except dbus.DBusException:
            return None

    def stop(self):
        pid = self.service_pid()
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
            for _ in range(200):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.02)
        self.bus.close()
        self.daemon.terminate()
        try:
            self.daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.daemon.kill()
            self.daemon.wait()
        shutil.rmtree(self.root, ignore_errors=True)

class Result:
    def __init__(self, completed):
        self.code = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.out}--- stderr\n{self.err}"


def run(bus, *args, stdin=None, env=None, cwd=None):
    completed = subprocess.run([bus.cli] + list(args), env=env or bus.env, cwd=cwd or bus.work,
                               input=stdin if stdin is not None else "",
                               capture_output=True, text=True, timeout=60)
    return Result(completed)


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
    started = time.monotonic()
    failed = 0
    try:
        for number, (name, test) in enumerate(tests, start=1):
            t0 = time.monotonic()
            try:
                test(bus)
                print(f"ok {number} - {name} ({time.monotonic() - t0:.2f} s)")
            except Exception as error:  # noqa: BLE001 — report and go on with the next test
                failed += 1
                print(f"not ok {number} - {name}")
                text = str(error) if isinstance(error, Failure) else traceback.format_exc()
                for line in text.splitlines():
                    print(f"# {line}")
            sys.stdout.flush()
    finally:
        bus.stop()
    print(f"1..{len(tests)}")
    print(f"# {time.monotonic() - started:.1f} s")
    return 1 if failed else 0
