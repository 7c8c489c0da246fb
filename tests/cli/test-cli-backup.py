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
import re
import stat
import sys
import time



CLI, SERVICES_DIR = sys.argv[1:3]

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_tap import (BUS_NAME, INTERFACE, OBJECT_PATH, Failure, PrivateBus,  # noqa: E402,F401
                     Result, check, equal, ok, on_terminal, refused, run, run_tap)


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
    bus = PrivateBus(CLI, SERVICES_DIR, prefix="rs-cli-backup-test-")
    bus.backups = os.path.join(bus.env["XDG_DATA_HOME"], "evolution-recurring-sales", "backups")
    return run_tap(TESTS, bus)


if __name__ == "__main__":
    sys.exit(main())
