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
                     Result, check, equal, greek_env, ok, on_terminal, on_wide_terminal,
                     refused, run, run_tap, usage_error)


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


def test_backups(bus):
    result = ok(bus, "--help")
    check(re.search(r"^\s+backups\s+\S", result.out, re.M), "--help lists backups", result.out)
    listed = json.loads(ok(bus, "backups", "--json").out)
    by_name = {entry["name"]: entry for entry in listed}
    today = f"sales-{datetime.date.today().isoformat()}.db"
    check(today in by_name and "before-restore.db" in by_name, "the backups", listed)
    undo = by_name["before-restore.db"]
    equal(undo["path"], os.path.join(bus.backups, "before-restore.db"), "a backup's path")
    equal(undo["size"], os.path.getsize(undo["path"]), "a backup's size")
    check(isinstance(undo["sales"], int), "a backup's sales", undo)
    equal([entry["modified"] for entry in listed],
          sorted((entry["modified"] for entry in listed), reverse=True), "newest first")

    # Wide enough for one line a backup; at 80 columns the whole path goes on a line of its own.
    result = on_wide_terminal(bus, 200, "backups")
    lines = result.out.splitlines()
    check(re.match(r"^Date\s+Sales\s+Size\s+File$", lines[0]), "the headings", result.out)
    row = next((line for line in lines if line.endswith(undo["path"])), None)
    check(row is not None and re.search(rf"\s{undo['sales']}\s", row),
          "a row with the whole path and the sales", result.out)
    equal(lines[-1], "To restore one: recurring-sales restore FILE", "the last line", result.out)
    result = ok(bus, "backups")
    check(undo["path"] in result.out.split(), "at 80 columns the path is whole", result.out)
    usage_error(bus, "backups", "backups", "extra")


def test_unusable_store(bus):
    ok(bus, "restore", "at-backup.db", "--yes")
    expected = uids(bus)
    daily = os.path.join(bus.backups, f"sales-{datetime.date.today().isoformat()}.db")
    ok(bus, "backup", daily)
    check(bus.stop_service(), "the service was running")
    with open(bus.store_path, "r+b") as f:
        size = f.seek(0, os.SEEK_END)
        f.seek(0)
        f.write(b"\0" * size)

    # Every command says what is wrong and what to do, in the user's words.
    for args in (["list"], ["add", "--client", "Delta", "--service", "Hosting", "--amount", "5",
                            "--currency", "EUR", "--every", "1m", "--start", "2027-01-31"],
                 ["backup", "copy.db"], ["upcoming"]):
        result = refused(bus, *args, sentence=r"not a recurring-sales database")
        check("“recurring-sales backups”" in result.err and
              "“recurring-sales restore FILE”" in result.err, f"{args}: what to do", result)
    check(not os.path.exists(os.path.join(bus.work, "copy.db")), "no copy was written")
    result = run(bus, "list", env=greek_env(bus))
    equal(result.code, 1, "refused in Greek too", result)
    check("«recurring-sales backups»" in result.err and "Nothing can" not in result.err,
          "the hint in Greek", result)

    # The backups are listed, and restoring one needs no --yes: nothing is lost.
    result = ok(bus, "backups")
    check(daily in result.out, "backups lists the daily backup", result.out)
    result = ok(bus, "restore", daily)
    check(f"Restored the sales of {daily}." in result.out, "names the backup", result)
    check(f"kept in {os.path.dirname(bus.store_path)} as sales-unusable-" in result.out,
          "says where the unusable store is", result)
    kept = [name for name in os.listdir(os.path.dirname(bus.store_path))
            if name.startswith("sales-unusable-") and name.endswith(".db")]
    equal(len(kept), 1, "the unusable store kept aside", kept)
    equal(uids(bus), expected, "the sales of the backup")


TESTS = [
    ("help lists restore and its options", test_help),
    ("usage errors exit 2 with a hint", test_usage_errors),
    ("the service writes today's backup, private", test_daily_backup),
    ("backup, change, restore: every sale as at the backup; undo", test_round_trip),
    ("a foreign or missing file is refused and changes nothing", test_refusals),
    ("an empty store is restored without --yes", test_empty_store_needs_no_yes),
    ("backups lists the backups, newest first, with their sales", test_backups),
    ("an unusable store: every command says what to do; restore needs no --yes",
     test_unusable_store),
]


def main():
    bus = PrivateBus(CLI, SERVICES_DIR, prefix="rs-cli-backup-test-")
    bus.backups = os.path.join(bus.env["XDG_DATA_HOME"], "evolution-recurring-sales", "backups")
    return run_tap(TESTS, bus)


if __name__ == "__main__":
    sys.exit(main())
