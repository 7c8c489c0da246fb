#!/usr/bin/python3
# private_session.py: the private session every end-to-end test script runs in. HOME and the
# XDG folders in a scratch folder; a dbus-daemon of our own with the limits of a real session
# bus, whose service folders start the build tree's recurring-sales-service (and, when asked,
# EDS's programs) by D-Bus activation; EDS's programs started and stopped by the script; helpers
# for processes; the TAP report with its check helpers; a sale's AddSale fields, and the store
# file read directly (read-only) for the checks.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Used by tests/cli/cli_tap.py, the scripts in tests/service/ and tests/bench/run-bench.py (each
# puts tests/common/ on its path), with Debian's /usr/bin/python3: python3-gi and the standard
# library. EDS's programs come from RS_TEST_EDS_LIBEXECDIR (meson's test environment: the
# libexecdir of libedata-cal-2.0), else from pkg-config.

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback

from gi.repository import Gio, GLib

BUS_NAME = "io.github.recurring_sales.RecurringSales1"
OBJECT_PATH = "/io/github/recurring_sales/RecurringSales1"
INTERFACE = BUS_NAME
REGISTRY_NAME = "org.gnome.evolution.dataserver.Sources5"
FACTORY_NAME = "org.gnome.evolution.dataserver.Calendar8"
USER_PROMPTER_NAME = "org.gnome.evolution.dataserver.UserPrompter0"

# EDS's programs by the bus name each owns.
EDS_PROGRAMS = {
    REGISTRY_NAME: "evolution-source-registry",
    FACTORY_NAME: "evolution-calendar-factory",
    USER_PROMPTER_NAME: "evolution-user-prompter",
}

WAIT_SECONDS = 60
CALL_TIMEOUT_MS = 120000

# The <limit> block of /usr/share/dbus-1/session.conf: without it dbus-daemon's compiled-in
# defaults apply, and large replies (an export, a long upcoming list, a calendar's object list)
# get the client dropped.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir={runtime}</listen>
  <auth>EXTERNAL</auth>
{servicedirs}  <policy context="default">
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

# What a session never takes from the caller's.
FOREIGN_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
SESSION_FOLDERS = (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                   ("XDG_CACHE_HOME", "cache"), ("XDG_RUNTIME_DIR", "runtime"), ("HOME", "home"))


# Checks and the TAP report

class Failure(Exception):
    pass


def check(condition, message, *details):
    if not condition:
        raise Failure("\n".join([message] + [str(d) for d in details]))


def equal(actual, expected, message, *details):
    check(actual == expected, message, f"expected: {expected!r}", f"actual:   {actual!r}", *details)


def run_tap(tests, *args):
    """Runs each (name, test) of @tests in order as a TAP point, calling test (*args); a failed
    one is reported and the next one runs. Returns the exit status: 1 when any failed."""
    print(f"1..{len(tests)}")
    sys.stdout.flush()
    started = time.monotonic()
    failed = 0
    for number, (name, test) in enumerate(tests, start=1):
        t0 = time.monotonic()
        try:
            test(*args)
            print(f"ok {number} - {name} ({time.monotonic() - t0:.2f} s)")
        except Exception as error:  # noqa: BLE001 — report and go on with the next test
            failed += 1
            print(f"not ok {number} - {name}")
            text = str(error) if isinstance(error, Failure) else traceback.format_exc()
            for line in text.splitlines():
                print(f"# {line}")
        sys.stdout.flush()
    print(f"# {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


# Sales, and the store file read directly

def sale_fields(client, amount_minor, note=None):
    """AddSale's a{sv} for a sale of @client: "Hosting" for @amount_minor EUR cents, monthly
    from 31 January 2027 for a year, with @note when it is given."""
    fields = {
        "client": GLib.Variant("s", client),
        "service": GLib.Variant("s", "Hosting"),
        "amount_minor": GLib.Variant("x", amount_minor),
        "currency": GLib.Variant("s", "EUR"),
        "period": GLib.Variant("s", "1m"),
        "start": GLib.Variant("s", "2027-01-31"),
        "term": GLib.Variant("s", "1y"),
    }
    if note is not None:
        fields["note"] = GLib.Variant("s", note)
    return fields


@contextlib.contextmanager
def read_store_file(path, integrity_check_name="integrity_check"):
    """The store file at @path opened read-only with SQLite (the service may be running: WAL
    readers share), once PRAGMA integrity_check has said "ok" (@integrity_check_name names the
    check when it fails); the body reads in one transaction."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    try:
        equal(db.execute("PRAGMA integrity_check").fetchall(), [("ok",)], integrity_check_name)
        db.execute("BEGIN")
        yield db
        db.execute("COMMIT")
    finally:
        db.close()


def store_revision(db):
    """The store revision, from a store file opened with read_store_file ()."""
    return db.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()[0]


# Processes

def process_gone(pid):
    """Gone, or a zombie its parent (the bus, for an activated program) has not reaped yet."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True
    return state in ("Z", "X")


def wait_for_exit(pid, timeout=WAIT_SECONDS):
    """Whether process @pid ended within @timeout seconds."""
    deadline = time.monotonic() + timeout
    while not process_gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def stop_process(process, timeout=WAIT_SECONDS):
    """SIGTERM to a child of ours, SIGKILL after @timeout seconds; its exit status."""
    if process is None:
        return None
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


class Result:
    """How a program run by run_program () ended."""

    def __init__(self, completed, seconds=None):
        self.code = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr
        self.seconds = seconds

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.out}--- stderr\n{self.err}"


def run_program(argv, env, cwd, stdin="", timeout=60):
    """Runs @argv to its end with @stdin as its input (text), capturing its output."""
    started = time.monotonic()
    completed = subprocess.run(argv, env=env, cwd=cwd, input=stdin, capture_output=True,
                               text=True, timeout=timeout)
    return Result(completed, time.monotonic() - started)


def eds_libexecdir():
    """The folder of EDS's programs (evolution-source-registry …)."""
    folder = os.environ.get("RS_TEST_EDS_LIBEXECDIR")
    if not folder:
        try:
            folder = subprocess.run(["pkg-config", "--variable=libexecdir", "libedata-cal-2.0"],
                                    capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            folder = None
    if not folder:
        raise RuntimeError("where EDS's programs are is unknown: set RS_TEST_EDS_LIBEXECDIR "
                           "(meson's test environment does) or install libedata-cal-2.0's "
                           "pkg-config file")
    return folder


# The session

class PrivateSession:
    """HOME and the XDG folders under a scratch folder, and a dbus-daemon of our own.

    @service_dirs are the bus's folders of .service files (the build tree's test-services
    folder activates the service); @activate_eds names EDS programs the bus may start by
    activation (REGISTRY_NAME …). @env is put into the session's environment after the
    defaults (GIO_USE_VFS=local, GSETTINGS_BACKEND=memory unless set), @unset is taken out of
    it. Activated programs inherit the daemon's environment, so it is complete before
    start_bus (). @root, when given, is an existing folder the caller removes; @bus_log is
    where the daemon's standard error goes (the activated service's too), relative to the
    root, or None for the script's own; with @show_bus_log stop () copies it to the script's
    standard error."""

    current = None  # the last session started, for a SIGTERM handler (kill ())

    def __init__(self, prefix="rs-test-", root=None, service_dirs=(), activate_eds=(),
                 env=None, unset=(), work=False, bus_log="dbus-daemon.log", show_bus_log=False):
        self.owns_root = root is None
        self.root = root if root is not None else tempfile.mkdtemp(prefix=prefix)
        self.env = dict(os.environ)
        for name in FOREIGN_VARIABLES + tuple(unset):
            self.env.pop(name, None)
        for variable, folder in SESSION_FOLDERS:
            self.env[variable] = self.path(folder)
            os.makedirs(self.env[variable], mode=0o700, exist_ok=True)
        self.env["GIO_USE_VFS"] = "local"
        self.env.setdefault("GSETTINGS_BACKEND", "memory")
        self.env.update(env or {})
        self.work = None
        if work:
            self.work = self.path("work")
            os.makedirs(self.work, mode=0o700, exist_ok=True)
        self.store_dir = os.path.join(self.env["XDG_DATA_HOME"], "evolution-recurring-sales")
        self.store_path = os.path.join(self.store_dir, "sales.db")
        self.service_dirs = list(service_dirs)
        self.activate_eds = tuple(activate_eds)
        self.bus_log = bus_log
        self.show_bus_log = show_bus_log
        self.daemon = None
        self.address = None
        self.connection = None
        self.processes = []  # started by spawn (), stopped last first

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def write_sources(self, sources):
        """@sources (uid → text) as .source files, before the registry starts: it batches the
        folder's events for seconds."""
        folder = os.path.join(self.env["XDG_CONFIG_HOME"], "evolution", "sources")
        os.makedirs(folder, exist_ok=True)
        for uid, text in sources.items():
            with open(os.path.join(folder, uid + ".source"), "w", encoding="utf-8") as f:
                f.write(text)

    def write_eds_services(self):
        """A folder of .service files that start @activate_eds from EDS's libexecdir."""
        folder = self.path("eds-services")
        os.makedirs(folder, exist_ok=True)
        for name in self.activate_eds:
            with open(os.path.join(folder, name + ".service"), "w", encoding="utf-8") as f:
                f.write(f"[D-BUS Service]\nName={name}\n"
                        f"Exec={os.path.join(eds_libexecdir(), EDS_PROGRAMS[name])}\n")
        return folder

    def start_bus(self):
        """Starts the bus; its address goes into the session's environment, and
        self.connection (Gio) is connected to it."""
        folders = self.service_dirs + ([self.write_eds_services()] if self.activate_eds else [])
        config = self.path("session.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(BUS_CONFIG.format(runtime=self.env["XDG_RUNTIME_DIR"], servicedirs="".join(
                f"  <servicedir>{folder}</servicedir>\n" for folder in folders)))
        stderr = None
        if self.bus_log:
            os.makedirs(os.path.dirname(self.path(self.bus_log)), exist_ok=True)
            stderr = open(self.path(self.bus_log), "a", encoding="utf-8")
        read_end, write_end = os.pipe()
        # --nofork: the daemon stays our child, so that we reap it (PID 1 may reap nothing).
        self.daemon = subprocess.Popen(
            ["dbus-daemon", "--config-file=" + config, "--nofork", f"--print-address={write_end}"],
            env=self.env, pass_fds=(write_end,), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=stderr)
        os.close(write_end)
        if stderr is not None:
            stderr.close()
        PrivateSession.current = self
        with os.fdopen(read_end, "r") as address_pipe:
            self.address = address_pipe.readline().strip()
        check(self.address, "dbus-daemon did not start", self.bus_log_text())
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.address
        self.connection = Gio.DBusConnection.new_for_address_sync(
            self.address,
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
            Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
        # The bus goes away before the script does.
        self.connection.set_exit_on_close(False)
        return self.address

    def bus_log_text(self):
        if not self.bus_log:
            return ""
        try:
            with open(self.path(self.bus_log), encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    # The bus's own answers

    def bus_call(self, method, args, reply_type):
        return self.connection.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", method, args,
                                         GLib.VariantType(reply_type), Gio.DBusCallFlags.NONE,
                                         10000, None).unpack()

    def has_owner(self, name=BUS_NAME):
        return self.bus_call("NameHasOwner", GLib.Variant("(s)", (name,)), "(b)")[0]

    def owner(self, name=BUS_NAME):
        """The unique name owning @name, or None."""
        try:
            return self.bus_call("GetNameOwner", GLib.Variant("(s)", (name,)), "(s)")[0]
        except GLib.Error:
            return None

    def pid(self, name=BUS_NAME):
        """The process owning @name, or None."""
        try:
            return self.bus_call("GetConnectionUnixProcessID", GLib.Variant("(s)", (name,)),
                                 "(u)")[0]
        except GLib.Error:
            return None

    def service_running(self):
        return self.has_owner(BUS_NAME)

    def wait_for_name(self, name, owned=True, process=None, timeout=WAIT_SECONDS):
        """Until @name is owned (or not); fails when @process exits meanwhile."""
        deadline = time.monotonic() + timeout
        while self.has_owner(name) != owned:
            if process is not None:
                check(process.poll() is None, f"{name}: its program exited "
                      f"({process.returncode}); see {self.root}")
            check(time.monotonic() < deadline, f"{name} did not "
                  f"{'appear on' if owned else 'leave'} the bus in time; see {self.root}")
            time.sleep(0.02)

    # The service, through self.connection

    def call(self, method, args=None, reply_type=None, timeout_ms=CALL_TIMEOUT_MS):
        """A call by the service's well-known name: starts it when it is not running."""
        reply = self.connection.call_sync(BUS_NAME, OBJECT_PATH, INTERFACE, method, args,
                                          GLib.VariantType(reply_type) if reply_type else None,
                                          Gio.DBusCallFlags.NONE, timeout_ms, None)
        return reply.unpack() if reply is not None else None

    def revision(self, timeout_ms=CALL_TIMEOUT_MS):
        return self.connection.call_sync(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Properties",
                                         "Get", GLib.Variant("(ss)", (INTERFACE, "Revision")),
                                         GLib.VariantType("(v)"), Gio.DBusCallFlags.NONE,
                                         timeout_ms, None).unpack()[0]

    def stop_name(self, name=BUS_NAME, sig=signal.SIGTERM, timeout=WAIT_SECONDS):
        """Sends @sig to the process owning @name (an activated program: not our child) and
        waits until it has exited and the name is free. False when nothing owned it."""
        pid = self.pid(name)
        if pid is None:
            return False
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
        check(wait_for_exit(pid, timeout), f"{name} (process {pid}) did not exit")
        self.wait_for_name(name, owned=False, timeout=timeout)
        return True

    def stop_service(self):
        """SIGTERM to the service, as at logout; whether one was running."""
        return self.stop_name(BUS_NAME)

    def kill_service(self):
        """SIGKILL to the service; whether one was running."""
        return self.stop_name(BUS_NAME, signal.SIGKILL)

    # Programs of the session

    def spawn(self, log_name, argv):
        """@argv in the session's environment, its output into the log @log_name (in the
        root's log/ folder); stopped by stop () unless stop_process () stopped it first."""
        os.makedirs(self.path("log"), exist_ok=True)
        with open(self.path("log", log_name), "ab") as log:
            process = subprocess.Popen(argv, env=self.env, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def start_eds(self, name, *args):
        """Starts the EDS program that owns @name (REGISTRY_NAME …) with @args, and waits
        for its name. Write the .source files first."""
        program = EDS_PROGRAMS[name]
        process = self.spawn(program + ".log", [os.path.join(eds_libexecdir(), program)] +
                             list(args))
        self.wait_for_name(name, True, process)
        return process

    def stop_eds(self, process, name):
        """Stops an EDS program start_eds () started; waits until its name is free."""
        stop_process(process)
        self.wait_for_name(name, owned=False)

    def stop(self):
        """Stops the service, the EDS programs (activated or started here) and the bus;
        removes the scratch folder (unless it was given, or RS_TEST_KEEP is set)."""
        if self.connection is not None:
            for name in (BUS_NAME,) + self.activate_eds:
                try:
                    self.stop_name(name)
                except (Failure, GLib.Error):
                    pass  # still going: it leaves with its bus
        while self.processes:
            stop_process(self.processes.pop())
        if self.connection is not None:
            self.connection.close_sync(None)
            self.connection = None
        if self.daemon is not None:
            stop_process(self.daemon, timeout=10)
            self.daemon = None
            if self.show_bus_log:
                sys.stderr.write(self.bus_log_text())
        if PrivateSession.current is self:
            PrivateSession.current = None
        self.remove()

    def remove(self):
        if not self.owns_root:
            return
        if os.environ.get("RS_TEST_KEEP"):
            print(f"# kept {self.root}", file=sys.stderr)
        else:
            shutil.rmtree(self.root, ignore_errors=True)

    def kill(self):
        """For a SIGTERM handler (meson's timeout): the bus and our programs go at once, so
        that nothing outlives the script; an exception raised there could be swallowed by a
        destructor that happens to be running."""
        for process in self.processes + ([self.daemon] if self.daemon else []):
            if process.poll() is None:
                process.kill()
                process.wait()
        self.remove()
