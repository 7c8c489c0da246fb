#!/usr/bin/python3
# test-cli-backup.py: `recurring-sales backup` and `recurring-sales restore` round trips end to
# end, against the real service started by D-Bus activation on a private session bus, and the
# service's daily backup. Prints TAP.
#
#   test-cli-backup.py CLI SERVICES_DIR
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-dbus). The environment comes from meson's test_env
# (GSETTINGS_SCHEMA_DIR, RS_LOCALEDIR, LC_ALL=C.UTF-8, TZ); everything the service writes goes
# to a temporary XDG tree. The private bus is set up as in test-cli.py.

import datetime
import json
import os
import pty
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import traceback

import dbus

BUS_NAME = "io.github.recurring_sales.RecurringSales1"
OBJECT_PATH = "/io/github/recurring_sales/RecurringSales1"
INTERFACE = BUS_NAME

CLI, SERVICES_DIR = sys.argv[1:3]

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
  <limit name="max_message_size">1000000000</limit>
  <limit name="service_start_timeout">120000</limit>
</busconfig>
"""


class Failure(Exception):
    pass


def check(condition, message, *details):
    if not condition:
        raise Failure("\n".join([message] + [str(d) for d in details]))


def equal(actual, expected, message, *details):
    check(actual == expected, message, f"expected: {expected!r}", f"actual:   {actual!r}", *details)


class PrivateBus:
    """A dbus-daemon of our own; the service is started from SERVICES_DIR by activation."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="rs-cli-backup-test-")
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
        self.backups = os.path.join(self.env["XDG_DATA_HOME"], "evolution-recurring-sales",
                                    "backups")

        config = os.path.join(self.root, "session.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(BUS_CONFIG.format(runtime=self.env["XDG_RUNTIME_DIR"], services=SERVICES_DIR))

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
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.address
        self.bus = dbus.SessionBus()

    def service(self):
        return dbus.Interface(self.bus.get_object(BUS_NAME, OBJECT_PATH), INTERFACE)

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


def run(bus, *args):
    completed = subprocess.run([CLI] + list(args), env=bus.env, cwd=bus.work, input="",
                               capture_output=True, text=True, timeout=60)
    return Result(completed)


def ok(bus, *args):
    result = run(bus, *args)
    equal(result.code, 0, f"recurring-sales {' '.join(args)} should succeed: {result!r}")
    return result


def refused(bus, *args, sentence):
    result = run(bus, *args)
    equal(result.code, 1, f"{args} is refused: {result!r}")
    check("GDBus.Error" not in result.err and "io.github.recurring_sales" not in result.err,
          f"{args}: the D-Bus error name is stripped: {result!r}")
    check(re.search(sentence, result.err), f"{args}: says {sentence!r}: {result!r}")
    return result


def on_terminal(bus, answer, *args):
    """Runs the command with a terminal as its input, typing @answer."""
    primary, secondary = pty.openpty()
    try:
        process = subprocess.Popen([CLI] + list(args), env=bus.env, cwd=bus.work, stdin=secondary,
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


def add(bus, client, amount):
    return ok(bus, "add", "--client", client, "--service", "Web hosting", "--amount", amount,
              "--currency", "EUR", "--every", "1m", "--start", "2027-01-31", "--for", "1y",
              "--notice", "30").out.strip()


def export(bus):
    return json.loads(ok(bus, "export", "--format", "json").out)


def uids(bus):
    return sorted(sale["uid"] for sale in json.loads(ok(bus, "list", "--json").out))


state = {}


def test_help(bus):
    result = ok(bus, "--help")
    check(re.search(r"^\s+restore\s+\S", result.out, re.M), "--help lists restore", result.out)
    result = ok(bus, "restore", "--help")
    check("recurring-sales restore" in result.out and "--yes" in result.out
          and "before-restore.db" in result.out, "restore --help", result.out)


def test_usage_errors(bus):
    for args in (["restore"], ["restore", "a.db", "b.db"]):
        result = run(bus, *args)
        equal(result.code, 2, f"{args} is a usage error", result)
        check("recurring-sales restore --help" in result.err, f"{args}: the hint", result)


def test_daily_backup(bus):
    # The first command starts the service, which writes today's backup (real clock).
    state["acme"] = add(bus, "Acme Ltd", "120.00")
    today = datetime.date.today().isoformat()
    path = os.path.join(bus.backups, f"sales-{today}.db")
    for _ in range(500):
        if os.path.exists(path):
            break
        time.sleep(0.02)
    check(os.path.exists(path), "today's backup is written", os.listdir(bus.backups))
    equal(stat.S_IMODE(os.stat(path).st_mode), 0o600, "the daily backup is private")
    equal(stat.S_IMODE(os.stat(bus.backups).st_mode), 0o700, "the backups folder is private")


def test_round_trip(bus):
    state["beta"] = add(bus, "Beta SA", "80.00")
    ok(bus, "mark", state["acme"], "2027-02-28", "prepaid")
    ok(bus, "backup", "at-backup.db")
    at_backup = export(bus)

    # Then: an edit, a new sale, a removal.
    ok(bus, "edit", state["acme"], "--amount", "200.00")
    gamma = add(bus, "Gamma", "10.00")
    ok(bus, "remove", state["beta"], "--yes")
    before = export(bus)

    # In a script, without --yes: refused, says how many sales would be replaced, changes nothing.
    refused(bus, "restore", "at-backup.db", sentence=r"your 2 sales.*--yes")
    equal(export(bus), before, "a refused restore changes nothing")

    # On a terminal it asks; no keeps everything.
    result = on_terminal(bus, "n", "restore", "at-backup.db")
    equal(result.code, 1, "answering no restores nothing", result)
    check("[y/N]" in result.out and "2 sales" in result.out, "the question counts", result)
    check("Nothing was restored." in result.err, "says so", result)
    equal(export(bus), before, "no restore after no")

    # Yes: every sale as at the backup (a relative path is the user's directory).
    result = on_terminal(bus, "y", "restore", "at-backup.db")
    equal(result.code, 0, "answering yes restores", result)
    backup_path = os.path.join(bus.work, "at-backup.db")
    undo_path = os.path.join(bus.backups, "before-restore.db")
    check(f"Restored the sales of {backup_path}." in result.out, "names the backup", result)
    check(f"recurring-sales restore {undo_path}" in result.out, "says how to undo", result)
    equal(export(bus), at_backup, "every sale as at the backup")
    equal(uids(bus), sorted([state["acme"], state["beta"]]), "the later sale is gone")
    check(gamma not in uids(bus), "the sale added after the backup is gone")

    # Undo: the sales as they were before the restore.
    result = ok(bus, "restore", undo_path, "--yes")
    equal(export(bus), before, "restoring before-restore.db undoes the restore")


def test_refusals(bus):
    before = export(bus)
    with open(os.path.join(bus.work, "notes.db"), "w") as f:
        f.write("client,service\nAcme,Hosting\n")
    refused(bus, "restore", "notes.db", "--yes", sentence=r"not a recurring-sales database")
    refused(bus, "restore", "missing.db", "--yes",
            sentence=re.escape(os.path.join(bus.work, "missing.db")) + r" could not be read")
    equal(export(bus), before, "refused restores change nothing")


def test_empty_store_needs_no_yes(bus):
    for uid in uids(bus):
        ok(bus, "remove", uid, "--yes")
    equal(uids(bus), [], "no sales left")
    # Nothing can be lost: no question, even in a script.
    ok(bus, "restore", "at-backup.db")
    equal(uids(bus), sorted([state["acme"], state["beta"]]), "restored into the empty store")


TESTS = [
    ("help lists restore and its options", test_help),
    ("usage errors exit 2 with a hint", test_usage_errors),
    ("the service writes today's backup, private", test_daily_backup),
    ("backup, change, restore: every sale as at the backup; undo", test_round_trip),
    ("a foreign or missing file is refused and changes nothing", test_refusals),
    ("an empty store is restored without --yes", test_empty_store_needs_no_yes),
]


def main():
    started = time.monotonic()
    bus = PrivateBus()
    failed = 0
    try:
        for number, (name, test) in enumerate(TESTS, start=1):
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
    print(f"1..{len(TESTS)}")
    print(f"# {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
