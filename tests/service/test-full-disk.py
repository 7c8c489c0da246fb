#!/usr/bin/python3
# test-full-disk.py: a full disk (issue #7). The service's data folder (XDG_DATA_HOME) is a small
# file system of its own — a tmpfs, else a loop-mounted ext2 image — filled up with a big file.
# Writes that do not fit are refused with a clear sentence, the store stays intact and holds
# exactly what it held, the service keeps running, and once space is freed the same import
# succeeds. Prints TAP; skips (saying why) where nothing may be mounted.
#
#   test-full-disk.py SERVICES_DIR [B_SANITIZE]
#
# RS_TEST_FULL_DISK=loop tries the ext2 image first (to test that way on a machine where tmpfs
# works too).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-gi; sqlite3 is in its standard library), mount(8) and, for
# the image, mkfs.ext2 (e2fsprogs). Needs root (CI runs as root).

import errno
import faulthandler
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from gi.repository import Gio, GLib

# tests/common/private_session.py: the session, its bus, the check helpers and the TAP report.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from private_session import (INTERFACE, Failure, PrivateSession, check, equal,  # noqa: E402
                             read_store_file, run_tap, sale_fields, store_revision)

ERROR_FAILED = INTERFACE + ".Error.Failed"

SERVICES_DIR = sys.argv[1]
DISK_SIZE_MIB = 12
IMPORT_ROWS = 5000        # about 2.5 MiB of pages: the write-ahead log and the database
ROOM_LEFT = 64 * 1024     # what the filler leaves for the import
N_SALES = 12
CALL_TIMEOUT_MS = 30000


def run(*argv):
    return subprocess.run(argv, capture_output=True, text=True)


def first_line(text):
    return text.strip().splitlines()[0] if text.strip() else "failed"


class SmallDisk:
    """A small file system mounted on @mount_point: a tmpfs, else an ext2 image on a loop
    device. skip_reason says why neither could be mounted."""

    def __init__(self, mount_point, image_path):
        self.mount_point = mount_point
        self.kind = None
        self.skip_reason = None
        if os.geteuid() != 0:
            self.skip_reason = "mounting a small file system needs root"
            return

        order = [self.mount_tmpfs, self.mount_image]
        if os.environ.get("RS_TEST_FULL_DISK") == "loop":
            order.reverse()
        reasons = []
        for attempt in order:
            reason = attempt(image_path)
            if reason is None:
                return
            reasons.append(reason)
        self.skip_reason = "; ".join(reasons)

    def mount_tmpfs(self, image_path):
        result = run("mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE_MIB}m,mode=0700",
                     "rs-full-disk", self.mount_point)
        if result.returncode != 0:
            return f"tmpfs: {first_line(result.stderr)}"
        self.kind = f"a {DISK_SIZE_MIB} MiB tmpfs"
        return None

    def mount_image(self, image_path):
        mkfs = shutil.which("mkfs.ext2") or "/sbin/mkfs.ext2"
        if not os.path.exists(mkfs):
            return "ext2 image: mkfs.ext2 (e2fsprogs) is not installed"
        with open(image_path, "wb") as f:
            f.truncate(DISK_SIZE_MIB * 1024 * 1024)
        # No blocks reserved for root: the test runs as root and must be able to fill it.
        result = run(mkfs, "-q", "-F", "-m", "0", "-b", "4096", image_path)
        if result.returncode != 0:
            return f"mkfs.ext2: {first_line(result.stderr)}"
        result = run("mount", "-o", "loop", image_path, self.mount_point)
        if result.returncode != 0:
            return f"loop-mounted ext2 image: {first_line(result.stderr)}"
        os.chmod(self.mount_point, 0o700)
        shutil.rmtree(os.path.join(self.mount_point, "lost+found"), ignore_errors=True)
        self.kind = f"a loop-mounted {DISK_SIZE_MIB} MiB ext2 image"
        return None

    def free_bytes(self):
        info = os.statvfs(self.mount_point)
        return info.f_bavail * info.f_frsize

    def unmount(self):
        if self.kind is None:
            return
        result = run("umount", self.mount_point)
        if result.returncode != 0:
            # Busy (a process still holds a file): detach it now, it goes when released.
            run("umount", "-l", self.mount_point)
            raise Failure(f"umount {self.mount_point}: {first_line(result.stderr)}")
        self.kind = None


class PrivateBus(PrivateSession):
    """The session in @root (its data folder is the small disk): the service started from
    SERVICES_DIR by activation, never idle. The service's messages (warnings, sanitizer
    reports) reach the daemon's standard error: a log the last test reads."""

    def __init__(self, root):
        super().__init__(root=root, service_dirs=[SERVICES_DIR],
                         env={"RS_SERVICE_IDLE_TIMEOUT": "0"}, bus_log="bus.log",
                         show_bus_log=True)

    def call(self, method, args, reply_type=None):
        return super().call(method, args, reply_type, timeout_ms=CALL_TIMEOUT_MS)

    def revision(self):
        return super().revision(timeout_ms=CALL_TIMEOUT_MS)

    def refused(self, method, args, reply_type=None):
        """The D-Bus error name and message of a call that must fail."""
        try:
            reply = self.call(method, args, reply_type)
        except GLib.Error as error:
            name = Gio.DBusError.get_remote_error(error)
            prefix = f"GDBus.Error:{name}: "
            message = error.message
            return name, message[len(prefix):] if message.startswith(prefix) else message
        raise Failure(f"{method} succeeded on a full disk: {reply!r}")


def disk_full_sentence(store_path):
    # The sentence the store gives for SQLITE_FULL (and ENOSPC), not SQLite's English text.
    return (f"The disk that holds the store {store_path} is full; nothing was changed. "
            "Free some space and try again.")


def read_store(path):
    """The store revision and every sale's (revision, client, note), read with SQLite from the
    file itself (read_store_file (): read-only, after integrity_check)."""
    with read_store_file(path) as db:
        revision = store_revision(db)
        sales = {row[0]: row[1:] for row in db.execute(
            "SELECT uid, revision, client, note, amount_minor FROM sales")}
    return revision, sales


def import_csv(rows):
    lines = ["client,service,amount,currency,period,start,term,note"]
    lines += [f"Imported {n:05d},Web hosting and maintenance,{10 + n % 90}.50,EUR,1m,2027-01-31,"
              f"1y,A note long enough to take some room on the disk ({n})" for n in range(rows)]
    return "\n".join(lines) + "\n"


class Filler:
    """A big file that takes the disk's free space."""

    def __init__(self, disk):
        self.disk = disk
        self.path = os.path.join(disk.mount_point, "filler")

    def fill(self, leave=0):
        """Fills the disk to the last byte, then gives back @leave bytes."""
        chunk = b"\xa5" * (1024 * 1024)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (len(chunk), 4096, 1):
                try:
                    while True:
                        os.write(fd, chunk[:size])
                except OSError as error:
                    check(error.errno == errno.ENOSPC, f"filling the disk: {error}")
            os.fsync(fd)
        finally:
            os.close(fd)
        equal(self.disk.free_bytes(), 0, "free bytes after filling the disk")
        if leave:
            os.truncate(self.path, os.path.getsize(self.path) - leave)
        return self.disk.free_bytes()

    def remove(self):
        if os.path.exists(self.path):
            os.unlink(self.path)


class Scenario:
    """The state the tests share: the disk, the bus, the sales added before filling."""

    def __init__(self, bus, disk):
        self.bus = bus
        self.disk = disk
        self.filler = Filler(disk)
        self.uids = []
        self.pid = None

    def assert_unchanged(self, what):
        revision, sales = read_store(self.bus.store_path)
        equal(revision, self.revision, f"the store revision after {what}")
        equal(sales, self.sales, f"the stored sales after {what}")
        equal(self.bus.pid(), self.pid, f"the service's process after {what} (it must not crash)")
        equal(self.bus.revision(), self.revision, f"the Revision property after {what}")
        listed = self.bus.call("ListSales", GLib.Variant("(a{sv})", ({},)), "(aa{sv})")[0]
        equal(sorted(s["uid"] for s in listed), sorted(self.sales), f"ListSales after {what}")


def test_setup(scenario):
    bus = scenario.bus
    for n in range(N_SALES):
        scenario.uids.append(bus.call("AddSale", GLib.Variant(
            "(a{sv})", (sale_fields(f"Client {n:02d}", 1000 + n),)), "(s)")[0])
    scenario.pid = bus.pid()
    check(scenario.pid is not None, "the service is not running")
    scenario.revision, scenario.sales = read_store(bus.store_path)
    equal(scenario.revision, N_SALES, "the store revision after the first sales")
    equal(len(scenario.sales), N_SALES, "the first sales")
    print(f"# on {scenario.disk.kind}: {scenario.disk.free_bytes() // 1024} KiB free "
          f"with {N_SALES} sales")


def test_update_refused(scenario):
    bus = scenario.bus
    free = scenario.filler.fill(leave=0)
    equal(free, 0, "free bytes")

    uid = scenario.uids[0]
    changes = {"note": GLib.Variant("s", "Changed on a full disk " + "x" * 2000),
               "amount_minor": GLib.Variant("x", 99999)}
    update = bus.refused("UpdateSale", GLib.Variant("(sta{sv})", (uid, 1, changes)), "(t)")
    equal(update[0], ERROR_FAILED, "the error of UpdateSale on a full disk", update[1])
    scenario.assert_unchanged("a refused update")
    sale = bus.call("GetSale", GLib.Variant("(s)", (uid,)), "(a{sv})")[0]
    equal((sale["revision"], sale.get("note"), sale["amount_minor"]), (1, None, 1000),
          "the sale the refused update was for, as the service serves it")

    add = bus.refused("AddSale", GLib.Variant("(a{sv})", (sale_fields("Too late", 1),)), "(s)")
    equal(add[0], ERROR_FAILED, "the error of AddSale on a full disk", add[1])
    scenario.assert_unchanged("a refused addition")

    # Last, so that the checks above run whatever the wording.
    expected = disk_full_sentence(bus.store_path)
    equal(update[1], expected, "the sentence for UpdateSale on a full disk")
    equal(add[1], expected, "the sentence for AddSale on a full disk")


def test_import_refused(scenario):
    bus = scenario.bus
    scenario.filler.remove()
    free = scenario.filler.fill(leave=ROOM_LEFT)
    check(0 < free <= ROOM_LEFT + 4096, f"{free} bytes free, not about {ROOM_LEFT}")
    data = import_csv(IMPORT_ROWS)
    name, message = bus.refused("Import", GLib.Variant("(ss)", ("csv", data)), "(uaa{sv})")
    equal(name, ERROR_FAILED, f"the error of an import of {IMPORT_ROWS} rows with "
          f"{free // 1024} KiB free", message)
    scenario.assert_unchanged("a refused import")
    print(f"# the import of {IMPORT_ROWS} rows ({len(data) // 1024} KiB of CSV) was refused "
          f"with {free // 1024} KiB free: {message}")
    equal(message, disk_full_sentence(bus.store_path), "the sentence for the refused import")


def test_import_after_freeing(scenario):
    bus = scenario.bus
    scenario.filler.remove()
    free = scenario.disk.free_bytes()
    added, problems = bus.call("Import", GLib.Variant("(ss)", ("csv", import_csv(IMPORT_ROWS))),
                               "(uaa{sv})")
    equal((added, problems), (IMPORT_ROWS, []), "the same import once space was freed")
    revision, sales = read_store(bus.store_path)
    equal(revision, N_SALES + IMPORT_ROWS, "the store revision after the import")
    equal(len(sales), N_SALES + IMPORT_ROWS, "the sales after the import")
    equal({u: s for u, s in sales.items() if u in scenario.sales}, scenario.sales,
          "the first sales after the import")
    equal(sorted(s[1] for u, s in sales.items() if u not in scenario.sales),
          [f"Imported {n:05d}" for n in range(IMPORT_ROWS)], "the imported clients")
    equal(bus.pid(), scenario.pid, "the service's process (it must not have crashed)")
    equal(bus.revision(), N_SALES + IMPORT_ROWS, "the Revision property after the import")
    print(f"# then imported with {free // 1024} KiB free; "
          f"{scenario.disk.free_bytes() // 1024} KiB are left")

    # And an update now goes through as usual.
    uid = scenario.uids[0]
    new_revision = bus.call("UpdateSale", GLib.Variant("(sta{sv})", (
        uid, 1, {"note": GLib.Variant("s", "Changed with room")})), "(t)")
    equal(new_revision, (2,), "UpdateSale's new revision with room on the disk")


def file_digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_start_on_full_disk(scenario):
    bus = scenario.bus
    revision, sales = read_store(bus.store_path)
    check(bus.stop_service(), "the service did not exit on SIGTERM")
    # Closed cleanly, the store is one file again (no SQLite connection may open it now: even a
    # reader would create the shared-memory file).
    equal(sorted(os.listdir(os.path.dirname(bus.store_path))), ["backups", "sales.db"],
          "the store's folder after a clean exit")
    digest = file_digest(bus.store_path)
    free = scenario.filler.fill(leave=0)
    equal(free, 0, "free bytes")

    # D-Bus activation starts a new instance, which cannot open the store (SQLite needs room
    # for its shared-memory file): it says why, and does not call the file damaged.
    listing = bus.refused("ListSales", GLib.Variant("(a{sv})", ({},)), "(aa{sv})")
    pid = bus.pid()
    check(pid is not None and pid != scenario.pid, "no new instance was started")
    add = bus.refused("AddSale", GLib.Variant("(a{sv})", (sale_fields("Too late", 1),)), "(s)")
    equal((listing[0], add[0]), (ERROR_FAILED, ERROR_FAILED),
          "the errors of a service started on a full disk", listing[1], add[1])
    equal(file_digest(bus.store_path), digest, "the store file's contents")
    expected = disk_full_sentence(bus.store_path)
    equal(listing[1], expected, "the sentence of a service started on a full disk")
    equal(add[1], expected, "the sentence for AddSale in a service started on a full disk")

    # Freeing space is enough: the same instance opens the store at the next call (a method
    # call: properties come from what the instance knows).
    scenario.filler.remove()
    listed = bus.call("ListSales", GLib.Variant("(a{sv})", ({"client": GLib.Variant(
        "s", "Client ")},)), "(aa{sv})")[0]
    equal(sorted(s["uid"] for s in listed), sorted(scenario.sales),
          "ListSales of the first clients once space was freed")
    equal(bus.pid(), pid, "the service's process once space was freed")
    equal(bus.revision(), revision, "the Revision property once space was freed")
    bus.call("AddSale", GLib.Variant("(a{sv})", (sale_fields("With room", 1),)), "(s)")
    equal(read_store(bus.store_path)[0], revision + 1, "the store revision after an addition")


SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "CRITICAL", "WARNING **")


def test_clean_stop(scenario):
    bus = scenario.bus
    scenario.filler.remove()
    try:
        bus.call("GetSale", GLib.Variant("(s)", (scenario.uids[0],)), "(a{sv})")
    except GLib.Error:
        # An instance left without its store (the test before failed): the next one opens it.
        bus.stop_service()
        bus.call("GetSale", GLib.Variant("(s)", (scenario.uids[0],)), "(a{sv})")
    check(bus.stop_service(), "the service did not exit on SIGTERM")
    check(not os.path.exists(bus.store_path + "-wal"), "the write-ahead log is still there")
    read_store(bus.store_path)
    # The warnings expected: an instance started on a full disk says why it has no store (the
    # test before checks the sentence).
    reports = [line for line in bus.bus_log_text().splitlines()
               if any(report in line for report in SANITIZER_REPORTS) and
               not ("-WARNING **: " in line and bus.store_path in line)]
    equal(reports, [], "reports in the service's log")


TESTS = [
    ("the service stores sales on the small file system", test_setup),
    ("UpdateSale and AddSale on a full disk are refused with a clear sentence; nothing changed",
     test_update_refused),
    ("an import larger than the free space is refused with a clear sentence; nothing changed",
     test_import_refused),
    ("after the filler is deleted the same import succeeds, in the same service process",
     test_import_after_freeing),
    ("a service started on a full disk says so, blames no file, and opens the store once "
     "space is freed", test_start_on_full_disk),
    ("the service exits cleanly on SIGTERM; its log has no sanitizer report or other warning",
     test_clean_stop),
]


# What on_sigterm () must undo: the bus, the mount, the folder.
PENDING = {}


def on_sigterm(signum, frame):
    # meson's timeout: say where it hung, and leave no mount behind (an exception raised here
    # could be swallowed by a destructor that happens to be running). The service exits when
    # its bus goes; a lazy unmount lets the file system go once it has.
    faulthandler.dump_traceback()
    if "bus" in PENDING:
        PENDING["bus"].kill()
    if "disk" in PENDING and PENDING["disk"].kind is not None:
        run("umount", "-l", PENDING["disk"].mount_point)
    if "root" in PENDING:
        time.sleep(0.5)
        if not os.path.ismount(os.path.join(PENDING["root"], "data")):
            shutil.rmtree(PENDING["root"], ignore_errors=True)
    os._exit(1)


def main():
    signal.signal(signal.SIGTERM, on_sigterm)
    root = tempfile.mkdtemp(prefix="rs-full-disk-")
    data_dir = os.path.join(root, "data")
    os.makedirs(data_dir, mode=0o700)
    PENDING["root"] = root
    disk = SmallDisk(data_dir, os.path.join(root, "disk.img"))
    PENDING["disk"] = disk
    if disk.kind is None:
        print(f"1..0 # SKIP cannot mount a small file system here: {disk.skip_reason}")
        shutil.rmtree(root, ignore_errors=True)
        return 0

    status = 1
    bus = PrivateBus(root)
    PENDING["bus"] = bus
    try:
        bus.start_bus()
        status = run_tap(TESTS, Scenario(bus, disk))
    finally:
        bus.stop()
        try:
            disk.unmount()
        except Failure as error:
            status = 1
            print(f"# {error}")
        if not os.path.ismount(data_dir) and not os.environ.get("RS_TEST_KEEP"):
            shutil.rmtree(root, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
