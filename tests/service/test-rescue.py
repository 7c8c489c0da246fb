#!/usr/bin/python3
# test-rescue.py: a store that cannot be used (issue #18, item 3). For each kind of damage — a
# truncated file, a file of zeros, a foreign SQLite database, a store of a newer schema version —
# the service still starts; every call but ListBackups and Restore is answered with
# StoreUnusable and the reason, nothing is written and no reminder is looked for; ListBackups
# lists the backups with their sales; a refused backup puts everything back as it was; Restore
# of a good one keeps the unusable file aside (never deleted), announces every restored sale
# and leaves the unusable state, reminders included. Prints TAP.
#
#   test-rescue.py SERVICES_DIR
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-gi; sqlite3 is in its standard library).

import faulthandler
import glob
import os
import sqlite3
import sys
import time

from gi.repository import Gio, GLib

# tests/common/private_session.py: the session, its bus, the check helpers and the TAP report.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from private_session import (BUS_NAME, INTERFACE, OBJECT_PATH, Failure,  # noqa: E402
                             PrivateSession, check, equal, read_store_file, run_tap, sale_fields)

STORE_UNUSABLE = INTERFACE + ".Error.StoreUnusable"
FAILED = INTERFACE + ".Error.Failed"

SERVICES_DIR = sys.argv[1]
N_SALES = 400           # enough pages that half the file loses some the other half refers to
QUIET_SECONDS = 2       # how long a service without a store is watched for a dispatcher run
WAIT_SECONDS = 30


def import_csv(rows):
    lines = ["client,service,amount,currency,period,start,term,note"]
    lines += [f"Client {n:05d},Web hosting and maintenance,{10 + n % 90}.50,EUR,1m,2027-01-31,"
              f"1y,A note that takes some room ({n})" for n in range(rows)]
    return "\n".join(lines) + "\n"


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


# The four kinds of damage: each turns the good store at @path into an unusable one and gives
# a part of the sentence the service must say.

def truncate(path):
    size = os.path.getsize(path)
    check(size > 16 * 4096, f"the store is too small to cut in half ({size} bytes)")
    os.truncate(path, size // 2)
    return "left untouched"


def zeros(path):
    size = os.path.getsize(path)
    with open(path, "wb") as f:
        f.write(b"\0" * size)
    return "is not a recurring-sales database"


def foreign(path):
    os.unlink(path)
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
                     "INSERT INTO notes (text) VALUES ('call the accountant');")
    db.close()
    return "is not a recurring-sales database"


def newer(path):
    db = sqlite3.connect(path, isolation_level=None)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    db.execute(f"PRAGMA user_version = {version + 1}")
    db.close()
    return "was written by a newer version of recurring-sales"


class Session(PrivateSession):
    """A private session whose service never exits when idle; its messages go to bus.log."""

    def __init__(self):
        super().__init__(prefix="rs-test-rescue-", service_dirs=[SERVICES_DIR],
                         env={"RS_SERVICE_IDLE_TIMEOUT": "0"}, bus_log="bus.log",
                         show_bus_log=False)
        self.backups_dir = os.path.join(self.store_dir, "backups")
        self.signals = []

    def start(self):
        self.start_bus()
        self.connection.signal_subscribe(None, INTERFACE, "SalesChanged", OBJECT_PATH, None,
                                         Gio.DBusSignalFlags.NONE, self.on_signal)

    def on_signal(self, connection, sender, path, interface, name, parameters):
        self.signals.append((name, parameters.unpack()))

    def pump(self, seconds=0.0):
        """Dispatches the signals that arrived, for @seconds at least."""
        context = GLib.MainContext.default()
        deadline = time.monotonic() + seconds
        while True:
            while context.pending():
                context.iteration(False)
            if time.monotonic() >= deadline:
                return
            time.sleep(0.02)

    def refused(self, method, args=None, reply_type=None):
        """The D-Bus error name and message of a call that must fail."""
        try:
            reply = self.call(method, args, reply_type)
        except GLib.Error as error:
            name = Gio.DBusError.get_remote_error(error)
            prefix = f"GDBus.Error:{name}: "
            message = error.message
            return name, message[len(prefix):] if message.startswith(prefix) else message
        raise Failure(f"{method} succeeded: {reply!r}")

    def property(self, name):
        return self.connection.call_sync(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Properties",
                                         "Get", GLib.Variant("(ss)", (INTERFACE, name)),
                                         GLib.VariantType("(v)"), Gio.DBusCallFlags.NONE,
                                         30000, None).unpack()[0]

    def list_uids(self):
        sales = self.call("ListSales", GLib.Variant("(a{sv})", ({},)), "(aa{sv})")[0]
        return sorted(sale["uid"] for sale in sales)

    def wait_for_reminders_checked(self):
        deadline = time.monotonic() + WAIT_SECONDS
        while self.property("RemindersCheckedUntil") == 0:
            check(time.monotonic() < deadline, "the dispatcher did not run after the restore")
            time.sleep(0.05)


def prepare(session):
    """A good store of N_SALES sales and a backup of it; the service stopped. Returns the
    backup's path and the sales' uids."""
    added, problems = session.call("Import", GLib.Variant("(ss)", ("csv", import_csv(N_SALES))),
                                   "(uaa{sv})")
    equal((added, problems), (N_SALES, []), "the import")
    uids = session.list_uids()
    os.makedirs(session.backups_dir, mode=0o700, exist_ok=True)
    backup = os.path.join(session.backups_dir, "before-the-damage.db")
    session.call("Backup", GLib.Variant("(s)", (backup,)))
    check(session.stop_service(), "the service was not running")
    for suffix in ("-wal", "-shm"):
        check(not os.path.exists(session.store_path + suffix),
              f"the stopped service left {suffix} beside the store")
    return backup, uids


def rescue(damage):
    session = Session()
    try:
        session.start()
        backup, uids = prepare(session)
        part = damage(session.store_path)
        damaged = read_bytes(session.store_path)

        # Every call that is not a rescue says why, the same sentence each time.
        name, message = session.refused("ListSales", GLib.Variant("(a{sv})", ({},)), "(aa{sv})")
        equal(name, STORE_UNUSABLE, "the error of ListSales", message)
        check(session.store_path in message and part in message,
              f"the sentence names the store and says “{part}”", message)
        for method, args in (("AddSale", GLib.Variant("(a{sv})", (sale_fields("Acme", 1000),))),
                             ("GetSale", GLib.Variant("(s)", (uids[0],))),
                             ("Backup", GLib.Variant("(s)", (session.path("copy.db"),))),
                             ("Export", GLib.Variant("(s)", ("csv",))),
                             # Read in a reading thread from a snapshot of the agenda (item 2):
                             # refused all the same.
                             ("Upcoming", GLib.Variant("(ssa{sv})", ("2027-01-01", "2027-12-31", {}))),
                             ("UpcomingPage", GLib.Variant("(ssa{sv}us)",
                                                           ("2027-01-01", "2027-12-31", {}, 50, "")))):
            equal(session.refused(method, args), (STORE_UNUSABLE, message),
                  f"the answer to {method}")
        check(not os.path.exists(session.path("copy.db")), "Backup wrote a copy")

        # No dispatcher: nothing is looked for, hence nothing sent.
        session.pump(QUIET_SECONDS)
        equal(session.property("RemindersCheckedUntil"), 0,
              "reminders were looked for on an unusable store")

        # The backups, newest first, with their sales.
        listed = session.call("ListBackups", None, "(aa{sv})")[0]
        by_name = {entry["name"]: entry for entry in listed}
        check("before-the-damage.db" in by_name, "ListBackups lists the backup", listed)
        entry = by_name["before-the-damage.db"]
        equal(entry["path"], backup, "the backup's path")
        equal(entry["size"], os.path.getsize(backup), "the backup's size")
        equal(entry["modified"], int(os.stat(backup).st_mtime), "the backup's date")
        equal(entry["sales"], N_SALES, "the backup's sales")
        modified = [each["modified"] for each in listed]
        equal(modified, sorted(modified, reverse=True), "ListBackups: newest first")

        # A file that is no backup is refused, and everything stays as it was.
        notes = session.path("notes.txt")
        with open(notes, "w", encoding="utf-8") as f:
            f.write("client,service\nAcme,Hosting\n")
        name, message = session.refused("Restore", GLib.Variant("(s)", (notes,)))
        equal(name, FAILED, "the error of a restore of a text file", message)
        equal(read_bytes(session.store_path), damaged, "the unusable store after a refused "
              "restore")
        equal(glob.glob(os.path.join(session.store_dir, "sales-unusable-*")), [],
              "files set aside after a refused restore")
        equal(session.refused("ListSales", GLib.Variant("(a{sv})", ({},)), "(aa{sv})")[0],
              STORE_UNUSABLE, "ListSales after a refused restore")

        # The restore: the unusable file kept aside, the sales back and announced.
        session.pump()
        session.signals.clear()
        session.call("Restore", GLib.Variant("(s)", (backup,)))
        kept = glob.glob(os.path.join(session.store_dir, "sales-unusable-*.db"))
        equal(len(kept), 1, "the unusable store kept aside", kept)
        equal(read_bytes(kept[0]), damaged, "the kept file is the unusable store, unchanged")
        equal(session.list_uids(), uids, "the sales after the restore")
        with read_store_file(session.store_path) as db:
            equal(db.execute("SELECT count(*) FROM sales").fetchone()[0], N_SALES,
                  "the sales in the new store file")

        deadline = time.monotonic() + WAIT_SECONDS
        while not session.signals and time.monotonic() < deadline:
            session.pump(0.05)
        equal(len(session.signals), 1, "SalesChanged after the restore", session.signals)
        announced, revision = session.signals[0][1]
        equal(sorted(announced), uids, "the uids SalesChanged announced")
        equal(revision, session.revision(), "the revision SalesChanged announced")

        # Usable again: reminders are looked for, and writes work.
        session.wait_for_reminders_checked()
        uid = session.call("AddSale", GLib.Variant("(a{sv})", (sale_fields("Acme", 1000),)),
                           "(s)")[0]
        check(uid in session.list_uids(), "AddSale after the restore")
    finally:
        session.stop()


def main():
    faulthandler.enable()
    tests = [(f"rescue from a {name}", lambda damage=damage: rescue(damage))
             for name, damage in (("truncated file", truncate), ("file of zeros", zeros),
                                  ("foreign SQLite database", foreign),
                                  ("store of a newer schema version", newer))]
    return run_tap(tests)


if __name__ == "__main__":
    sys.exit(main())
