#!/usr/bin/python3
# test-service-hostile.py: hostile input to the service and the command (issue #7) — huge
# strings and million-element arrays over D-Bus, a non-UTF-8 CSV, a CSV bomb, a JSON bomb,
# symbolic links where files are read and written, a store replaced by a link or left readable
# by others — and that nothing of it loses or changes a sale, stops the service or lets its
# memory run away. Prints TAP.
#
#   test-service-hostile.py CLI SERVICES_DIR
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-dbus). Each part runs on a dbus-daemon of its own with the
# limits of Debian's session bus, which activates the build tree's service from SERVICES_DIR;
# where the service's log is read, the service is started directly on that bus with its
# standard error going to a file (an activated service logs wherever dbus-daemon sends it: the
# journal on a systemd machine). The peak memory of the service is VmHWM of /proc/PID/status.

import os
import re
import shutil
import stat
import subprocess
import sys
import time

import dbus

# tests/common/private_session.py: the session, its bus, the check helpers and the TAP report.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from private_session import (BUS_NAME, INTERFACE, OBJECT_PATH, Failure,  # noqa: E402
                             PrivateSession, check, equal, run_program, run_tap)

ERROR = INTERFACE + ".Error."

CLI, SERVICES_DIR = sys.argv[1:3]

MILLION = 1_000_000
TEN_MB = 10 * 1000 * 1000
CALL_TIMEOUT = 600  # seconds: a million elements take a while under AddressSanitizer


def note(text):
    """A TAP comment: the figures the report quotes."""
    print(f"# {text}")
    sys.stdout.flush()


def service_exe():
    for name in os.listdir(SERVICES_DIR):
        with open(os.path.join(SERVICES_DIR, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("Exec="):
                    return line[len("Exec="):].strip()
    raise RuntimeError(f"no Exec= line in {SERVICES_DIR}")


class PrivateBus(PrivateSession):
    """A private session in a fresh HOME; the service comes by activation or start ()."""

    def __init__(self):
        super().__init__(prefix="rs-hostile-test-", service_dirs=[SERVICES_DIR],
                         env={"RS_SERVICE_IDLE_TIMEOUT": "0"}, work=True)
        self.direct = None
        self.log_path = self.path("service.log")
        self.start_bus()
        self.bus = dbus.bus.BusConnection(self.address)

    def service(self):
        return dbus.Interface(self.bus.get_object(BUS_NAME, OBJECT_PATH), INTERFACE)

    def service_pid(self):
        return self.pid(BUS_NAME)

    def start(self):
        """The service started directly on this bus, its standard error into log_path."""
        self.direct = subprocess.Popen([service_exe(), "--idle-timeout", "0"], env=self.env,
                                       cwd=self.work, stdout=subprocess.DEVNULL,
                                       stderr=open(self.log_path, "w"))
        deadline = time.monotonic() + 60
        while not self.service_running():
            check(self.direct.poll() is None, "the service exited at start", self.log())
            check(time.monotonic() < deadline, "the service did not take its name", self.log())
            time.sleep(0.05)
        return self.service_pid()

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop_service(self):
        """Ends the service; for one started directly, its exit status (else None)."""
        super().stop_service()
        status = None
        if self.direct is not None:
            try:
                status = self.direct.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.direct.kill()
                self.direct.wait()
            self.direct = None
        return status

    def close(self):
        try:
            self.stop_service()
        finally:
            self.bus.close()
            self.stop()


def run(bus, *args):
    return run_program([CLI] + list(args), bus.env, bus.work, timeout=300)


def ok(bus, *args):
    result = run(bus, *args)
    equal(result.code, 0, f"recurring-sales {' '.join(args)} should succeed", result)
    return result


def refused(bus, *args, sentence):
    """Exit 1 with a sentence matching @sentence on standard error, nothing on standard output."""
    result = run(bus, *args)
    equal(result.code, 1, f"recurring-sales {' '.join(args)} should be refused", result)
    check(re.search(sentence, result.err, re.M), f"the refusal says /{sentence}/", result)
    equal(result.out, "", "nothing on standard output", result)
    return result


def empty_filter():
    return dbus.Dictionary({}, signature="sv")


def count_sales(bus):
    return len(bus.service().ListSales(empty_filter(), timeout=CALL_TIMEOUT))


def sale_dict(client="Acme Ltd", **extra):
    sale = {"client": client, "service": "Web hosting", "amount_minor": dbus.Int64(12000),
            "currency": "EUR", "period": "1m", "start": "2027-01-31", "term": "1y"}
    sale.update(extra)
    return dbus.Dictionary(sale, signature="sv")


def memory_kb(pid):
    fields = {}
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                fields[key] = int(value.split()[0])
    return fields


def is_sanitized(pid):
    """AddressSanitizer's allocator costs several times the memory: the bound follows."""
    with open(f"/proc/{pid}/maps", encoding="utf-8") as f:
        return "libasan" in f.read()


class Repeated(dict):
    """An a{sv} that holds one key @n times: dbus-python writes what keys() and [] give."""

    def __init__(self, key, value, n):
        super().__init__()
        self.key, self.value, self.n = key, value, n

    def keys(self):
        return (self.key for _ in range(self.n))

    def __iter__(self):
        return self.keys()

    def items(self):
        return ((self.key, self.value) for _ in range(self.n))

    def __getitem__(self, key):
        return self.value

    def __len__(self):
        return self.n


def expect_dbus_error(name, call, *args, **kwargs):
    try:
        result = call(*args, timeout=CALL_TIMEOUT, **kwargs)
    except dbus.DBusException as error:
        equal(error.get_dbus_name(), ERROR + name, "the D-Bus error", error.get_dbus_message()[:500])
        message = error.get_dbus_message()
        check(len(message) < 1000, "the sentence is short, whatever the input", message[:300])
        check("\n" not in message and "\r" not in message, "the sentence is one line", message[:300])
        return message
    raise Failure(f"the call was accepted: {str(result)[:300]}")


# The service over D-Bus: one process takes every hostile call in turn.

state = {}


def peak_mb(bus, pid, what):
    equal(bus.service_pid(), pid, f"the same service answers after {what} (it did not crash)")
    memory = memory_kb(pid)
    note(f"service VmHWM after {what}: {memory['VmHWM'] / 1024:.0f} MB "
         f"(VmRSS {memory['VmRSS'] / 1024:.0f} MB)")
    return memory["VmHWM"] / 1024


def test_ten_megabyte_strings(bus):
    service = bus.service()
    equal(count_sales(bus), 0, "a new store")
    pid = state["pid"] = bus.service_pid()
    state["sanitized"] = is_sanitized(pid)
    state["start_mb"] = memory_kb(pid)["VmHWM"] / 1024
    note(f"service VmHWM at start: {state['start_mb']:.0f} MB"
         + (" (AddressSanitizer)" if state["sanitized"] else ""))
    # A sale that every refused call below must leave exactly as it is.
    uid = state["kept"] = str(service.AddSale(sale_dict("Kept Ltd", note="As it was."),
                                              timeout=CALL_TIMEOUT))
    state["kept_sale"] = dict(service.GetSale(uid))

    huge = "A" * TEN_MB
    for key in ("client", "service", "note", "email", "iban", "payment_instructions",
                "contact_uid", "currency", "language"):
        message = expect_dbus_error("InvalidArgument", service.AddSale, sale_dict(**{key: huge}))
        check(key in message, f"the sentence names the key {key}", message)
        message = expect_dbus_error("InvalidArgument", service.UpdateSale, uid,
                                    dbus.UInt64(state["kept_sale"]["revision"]),
                                    dbus.Dictionary({key: huge}, signature="sv"))
        check(key in message, f"the sentence names the key {key}", message)
    expect_dbus_error("InvalidArgument", service.Upcoming, huge, "2027-01-31", empty_filter())
    expect_dbus_error("InvalidArgument", service.ListSales,
                      dbus.Dictionary({"expiring_before": huge}, signature="sv"))
    expect_dbus_error("InvalidArgument", service.Renew, uid,
                      dbus.Dictionary({"note": huge}, signature="sv"))
    assert_kept(bus)
    peak_mb(bus, pid, "10 MB strings")


def assert_kept(bus):
    """Refused calls add nothing and change nothing."""
    equal(count_sales(bus), 1, "no sale was added or lost")
    equal(dict(bus.service().GetSale(state["kept"])), state["kept_sale"], "the sale is unchanged")


def test_ten_megabytes_to_import(bus):
    service = bus.service()
    pid = state["pid"]
    garbage = "x" * TEN_MB

    message = expect_dbus_error("InvalidArgument", service.Import, "json", garbage)
    check("JSON" in message, "10 MB that is not JSON: the sentence says so", message)

    # CSV problems are an answer (line, column, sentence), so that all of them can be shown.
    added, problems = service.Import("csv", garbage, timeout=CALL_TIMEOUT)
    equal(int(added), 0, "10 MB that is not CSV adds nothing")
    check(len(problems) >= 1, "and says why", problems)
    first = problems[0]
    equal(int(first["line"]), 1, "the problem is on line 1", first)
    check(all(len(str(p["message"])) < 1000 and len(str(p["column"])) < 1000 for p in problems),
          "every problem is short", [str(p["message"])[:200] for p in problems])

    message = expect_dbus_error("InvalidArgument", service.Import, garbage, "client\n")
    check("csv or json" in message, "a 10 MB format name", message)
    assert_kept(bus)
    peak_mb(bus, pid, "10 MB imports")


def test_million_element_arrays(bus):
    service = bus.service()
    pid = state["pid"]
    cases = [
        ("a million reminders (a(sus))",
         lambda: service.AddSale(sale_dict(reminders=dbus.Array(
             [("invoice", dbus.UInt32(7), "owner")] * MILLION, signature="(sus)")),
             timeout=CALL_TIMEOUT),
         "reminders"),
        ("a million occurrences (a{ss})",
         lambda: service.AddSale(sale_dict(occurrences=dbus.Dictionary(
             {f"{i:07}": "issued" for i in range(MILLION)}, signature="ss")),
             timeout=CALL_TIMEOUT),
         "occurrences"),
        ("a million Upcoming kinds (as)",
         lambda: service.Upcoming("2027-01-01", "2027-01-31", dbus.Dictionary(
             {"kinds": dbus.Array(["invoice"] * MILLION, signature="s")}, signature="sv"),
             timeout=CALL_TIMEOUT),
         "kinds"),
        ("a ListSales filter of a million keys (a{sv})",
         lambda: service.ListSales(Repeated("client", "Acme", MILLION), signature="a{sv}",
                                   timeout=CALL_TIMEOUT),
         "client"),
        ("an Upcoming filter of a million keys (a{sv})",
         lambda: service.Upcoming("2027-01-01", "2027-01-31", Repeated("client", "Acme", MILLION),
                                  signature="ssa{sv}", timeout=CALL_TIMEOUT),
         "client"),
        ("a ListDeliveries filter of a million keys (a{sv})",
         lambda: service.ListDeliveries(Repeated("state", "pending", MILLION), signature="a{sv}",
                                        timeout=CALL_TIMEOUT),
         "state"),
        ("a sale of a million keys (a{sv})",
         lambda: service.AddSale(Repeated("client", "Acme", MILLION), signature="a{sv}",
                                 timeout=CALL_TIMEOUT),
         "client"),
    ]
    failures = []
    peak = 0
    for what, call, key in cases:
        started = time.monotonic()
        try:
            result = call()
            failures.append(f"{what}: accepted ({str(result)[:100]})")
        except dbus.DBusException as error:
            name, message = error.get_dbus_name(), error.get_dbus_message()
            if name != ERROR + "InvalidArgument" or key not in message or len(message) > 1000:
                failures.append(f"{what}: {name}: {message[:300]}")
        note(f"{what}: answered in {time.monotonic() - started:.1f} s")
        peak = max(peak, peak_mb(bus, pid, what))
    assert_kept(bus)
    check(not failures, "each is refused with InvalidArgument naming the key", *failures)

    # GDBus turns a received message into GVariants before any handler runs (~600 bytes per
    # element of a(sus), as much in a bare GDBus server): the peak follows the message size,
    # which the bus limits; the service keeps none of it.
    bound = 4096 if state["sanitized"] else 1024
    check(peak < bound, f"the service's peak memory stays under {bound} MB", f"{peak:.0f} MB")


def test_service_still_works(bus):
    service = bus.service()
    uid = service.AddSale(sale_dict("After the storm"), timeout=CALL_TIMEOUT)
    equal(str(service.GetSale(uid)["client"]), "After the storm", "the service still stores sales")
    equal(bus.service_pid(), state["pid"], "the same process all along")
    service.RemoveSale(uid)


def test_no_network_socket(bus):
    """No socket of the service listens on a network: no TCP socket in LISTEN, no UDP or raw
    socket at all (the mailer's SMTP connections, outgoing, would be TCP and not listening)."""
    pid = state["pid"]
    sockets = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        match = re.fullmatch(r"socket:\[(\d+)\]", target)
        if match:
            sockets.add(match.group(1))
    with open(f"/proc/{pid}/net/unix", encoding="utf-8") as f:
        unix = {line.split()[6] for line in f.readlines()[1:] if len(line.split()) > 6}
    check(sockets & unix, "the service has its bus connection, a Unix socket", sockets)

    listening = []
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udplite", "udplite6"):
        path = f"/proc/{pid}/net/{table}"
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if len(fields) <= 9 or fields[9] not in sockets:
                    continue
                if not table.startswith("tcp") or fields[3] == "0A":
                    listening.append(f"{table}: {line.strip()}")
    equal(listening, [], "no socket of the service listens on a network")
    note(f"the service has {len(sockets)} sockets, {len(sockets & unix)} of them Unix sockets")


# The command: files.

def write(bus, name, data):
    path = os.path.join(bus.work, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def test_non_utf8_csv(bus):
    before = count_sales(bus)
    path = write(bus, "latin1.csv",
                 b"client,service,amount,currency,period,start\n"
                 b"Good Co,Support,10.00,EUR,1m,2027-01-01\n"
                 b"Caf\xe9 Ltd,Support,10.00,EUR,1m,2027-01-01\n")
    result = refused(bus, "import", "latin1.csv", sentence=r"UTF-8")
    check("latin1.csv" in result.err, "the sentence names the file", result)
    check(re.search(r"\bline 3\b", result.err, re.I), "and the line with the Latin-1 byte", result)
    equal(count_sales(bus), before, "nothing was imported")
    with open(path, "rb") as f:
        check(b"Caf\xe9" in f.read(), "the file is left as it was")


def test_csv_bomb(bus):
    before = count_sales(bus)
    write(bus, "bomb.csv", b"client,service,amount,currency,period,start\n" + b"," * 5_000_000 + b"\n")
    before_mb = memory_kb(state["pid"])["VmHWM"] / 1024
    result = refused(bus, "import", "bomb.csv", sentence=r"^line 2: .*64")
    note(f"5 MB CSV bomb refused in {result.seconds:.2f} s")
    check(result.seconds < (60 if state["sanitized"] else 20), "quickly", f"{result.seconds:.1f} s")
    equal(count_sales(bus), before, "nothing was imported")
    peak = peak_mb(bus, state["pid"], "the CSV bomb")
    check(peak <= before_mb + 64, "its memory grows by less than 64 MB",
          f"{before_mb:.0f} MB before, {peak:.0f} MB after")


def test_import_through_a_link(bus):
    """The command reads the file the user names, a symbolic link the user made included."""
    before = count_sales(bus)
    data = (b"client,service,amount,currency,period,start\n"
            b"Linked Ltd,Support,10.00,EUR,1m,2027-01-01\n")
    elsewhere = os.path.join(bus.root, "elsewhere")
    os.mkdir(elsewhere, 0o700)
    target = os.path.join(elsewhere, "real.csv")
    with open(target, "wb") as f:
        f.write(data)
    os.symlink(target, os.path.join(bus.work, "link.csv"))
    result = ok(bus, "import", "link.csv")
    equal(result.out, "1 added, 0 already there, 0 refused.\n", "imported through the link")
    equal(count_sales(bus), before + 1, "one sale added")
    check(os.path.islink(os.path.join(bus.work, "link.csv")), "the link is left alone")
    with open(target, "rb") as f:
        equal(f.read(), data, "the file is left as it was")
    for sale in bus.service().ListSales(dbus.Dictionary({"client": "Linked Ltd"}, signature="sv")):
        bus.service().RemoveSale(sale["uid"])


def test_export_never_through_a_link(bus):
    """A link planted where the export goes is refused: nothing is written through it."""
    elsewhere = os.path.join(bus.root, "elsewhere")
    victim = os.path.join(elsewhere, "victim.txt")
    with open(victim, "w", encoding="utf-8") as f:
        f.write("keep me")
    os.chmod(victim, 0o644)
    victim_stat = os.stat(victim)
    for output in ("planted.json", "planted.ics"):
        os.symlink(victim, os.path.join(bus.work, output))
    for fmt, output in (("json", "planted.json"), ("ics", "planted.ics")):
        result = refused(bus, "export", "--format", fmt, "--output", output,
                         sentence=re.escape(output) + r".*symbolic link")
        equal(result.out, "", "nothing on standard output")
        check(os.path.islink(os.path.join(bus.work, output)), "the link is left alone")
    with open(victim, encoding="utf-8") as f:
        equal(f.read(), "keep me", "the link's target is untouched")
    after = os.stat(victim)
    equal((after.st_mode, after.st_mtime_ns, after.st_ino), (victim_stat.st_mode, victim_stat.st_mtime_ns,
                                                             victim_stat.st_ino),
          "its mode, time and inode too")

    # A dangling link: following it would create a file where the link points.
    missing = os.path.join(elsewhere, "created-through-link.csv")
    os.symlink(missing, os.path.join(bus.work, "dangling.csv"))
    refused(bus, "export", "--format", "csv", "--output", "dangling.csv",
            sentence=r"dangling\.csv.*symbolic link")
    check(not os.path.lexists(missing), "nothing was created through the dangling link")

    # A plain file is replaced, readable by the user alone.
    ok(bus, "export", "--format", "csv", "--output", "plain.csv")
    equal(stat.S_IMODE(os.stat(os.path.join(bus.work, "plain.csv")).st_mode), 0o600,
          "an export is private")


def test_json_bomb(bus):
    """A million nested arrays (1 MB): json-glib's parser recurses once per level."""
    before = count_sales(bus)
    pid = bus.service_pid()
    message = expect_dbus_error("InvalidArgument", bus.service().Import, "json", "[" * MILLION)
    check("JSON" in message, "the sentence says what is wrong with the JSON", message)
    equal(bus.service_pid(), pid, "the service survived the JSON bomb over D-Bus")
    write(bus, "deep.json", b"[" * MILLION)
    refused(bus, "import", "deep.json", sentence=r"JSON")
    equal(bus.service_pid(), pid, "and through the command")
    equal(count_sales(bus), before, "nothing was imported")


# The store's file.

def add_one_sale_and_stop(bus, client):
    uid = str(bus.service().AddSale(sale_dict(client), timeout=CALL_TIMEOUT))
    bus.stop_service()
    return uid


def test_store_replaced_by_a_link(_):
    """A store file that is a symbolic link is not opened: nothing is read or written through it."""
    other = PrivateBus()
    try:
        # A real store elsewhere (another user's copy, a backup): the link's target.
        add_one_sale_and_stop(other, "Not through the link")
        victim = os.path.join(other.root, "victim.db")
        shutil.copy2(other.store_path, victim)
        with open(victim, "rb") as f:
            victim_bytes = f.read()
        victim_stat = os.stat(victim)

        bus = PrivateBus()
        try:
            os.makedirs(bus.store_dir, mode=0o700)
            os.symlink(victim, bus.store_path)
            bus.start()
            message = expect_dbus_error("Failed", bus.service().ListSales, empty_filter())
            check("symbolic link" in message and bus.store_path in message,
                  "the sentence says the store is a symbolic link, and which", message)
            expect_dbus_error("Failed", bus.service().AddSale, sale_dict("Through the link"))
            result = refused(bus, "list", sentence=r"symbolic link")
            check(bus.store_path in result.err, "the command shows the same sentence", result)
            check("symbolic link" in bus.log() and bus.store_path in bus.log(),
                  "the service's log says why", bus.log())
            equal(bus.stop_service(), 0, "the service without a store exits cleanly", bus.log())

            check(os.path.islink(bus.store_path), "the link is left alone")
            with open(victim, "rb") as f:
                check(f.read() == victim_bytes, "the link's target is byte for byte the same")
            after = os.stat(victim)
            equal((after.st_mode, after.st_mtime_ns), (victim_stat.st_mode, victim_stat.st_mtime_ns),
                  "its mode and time too")
            for suffix in ("-wal", "-shm", "-journal"):
                check(not os.path.lexists(victim + suffix), f"no {suffix} next to the target")
                check(not os.path.lexists(bus.store_path + suffix), f"no {suffix} next to the link")
        finally:
            bus.close()
    finally:
        other.close()


def test_loose_modes_are_fixed(_):
    """A store folder 0755 and file 0644 are made 0700 and 0600 at start, with a warning."""
    bus = PrivateBus()
    try:
        uid = add_one_sale_and_stop(bus, "Private Ltd")
        os.chmod(bus.store_dir, 0o755)
        os.chmod(bus.store_path, 0o644)

        bus.start()
        equal([str(s["uid"]) for s in bus.service().ListSales(empty_filter())], [uid],
              "the sale is still there")
        equal(stat.S_IMODE(os.stat(bus.store_dir).st_mode), 0o700, "the folder is 0700 again")
        equal(stat.S_IMODE(os.stat(bus.store_path).st_mode), 0o600, "the file is 0600 again")
        for suffix in ("-wal", "-shm"):
            if os.path.exists(bus.store_path + suffix):
                equal(stat.S_IMODE(os.stat(bus.store_path + suffix).st_mode), 0o600,
                      f"the {suffix} file is 0600")
        log = bus.log()
        check(re.search(r"WARNING.*" + re.escape(bus.store_dir) + r".*0700", log),
              "a warning names the folder and its new mode", log)
        check(re.search(r"WARNING.*" + re.escape(bus.store_path) + r".*0600", log),
              "a warning names the file and its new mode", log)

        # Once fixed, the next start has nothing to say.
        equal(bus.stop_service(), 0, "the service exits cleanly", bus.log())
        bus.start()
        equal(len(bus.service().ListSales(empty_filter())), 1, "still one sale")
        check("WARNING" not in bus.log(), "no warning when the modes are right", bus.log())
        equal(bus.stop_service(), 0, "the service exits cleanly", bus.log())
    finally:
        bus.close()


SHARED_TESTS = [
    ("10 MB strings over D-Bus are refused with InvalidArgument", test_ten_megabyte_strings),
    ("10 MB of neither CSV nor JSON is refused by Import", test_ten_megabytes_to_import),
    ("import: a Latin-1 CSV is refused naming the line, nothing imported", test_non_utf8_csv),
    ("import: a CSV bomb (5,000,000 commas) is refused quickly", test_csv_bomb),
    ("import: a symbolic link the user made is followed", test_import_through_a_link),
    ("export: never written through a symbolic link at the destination", test_export_never_through_a_link),
    ("million-element arrays are refused with InvalidArgument, memory bounded", test_million_element_arrays),
    ("the service still works after all of it", test_service_still_works),
    ("the service listens on no network socket", test_no_network_socket),
    # Last of those on the shared bus: before the fix it ends the service.
    ("import: a JSON bomb is refused and the service survives", test_json_bomb),
]

OWN_BUS_TESTS = [
    ("store: a symbolic link in place of the store is refused, its target untouched",
     test_store_replaced_by_a_link),
    ("store: folder 0755 and file 0644 become 0700 and 0600 at start, with a warning",
     test_loose_modes_are_fixed),
]


def main():
    bus = PrivateBus()
    try:
        return run_tap(SHARED_TESTS + OWN_BUS_TESTS, bus)
    finally:
        bus.close()


if __name__ == "__main__":
    sys.exit(main())
