#!/usr/bin/python3
# evolution_session.py: a real Evolution with the build tree's module, driven as a person would.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Xvfb; a private session (tests/common/private_session.py) whose bus starts the build tree's
# recurring-sales-service, EDS's programs (which load our calendar backend through
# EDS_EXTRA_PREFIXES) and the accessibility bus launcher; Evolution started in the Calendar
# view with a fresh home, loading our module from the same EDS_EXTRA_PREFIXES
# (lib/evolution/modules, shell/main.c); pyatspi to find and press its widgets. Everything the
# session started is stopped by process id at the end, on both buses: dbus-daemon does not stop
# what it activated, and Evolution starts evolution-alarm-notify detached.
#
# Never `evolution --force-shutdown`: it runs killev, which kills Evolution and EDS processes
# by name, other people's sessions' too.

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from private_session import (FACTORY_NAME, REGISTRY_NAME, USER_PROMPTER_NAME, run_tap,  # noqa: E402
                             Failure, PrivateSession, check, eds_libexecdir, process_gone,
                             wait_for_exit)

from gi.repository import GLib  # noqa: E402

ADDRESS_BOOK_NAME = "org.gnome.evolution.dataserver.AddressBook10"
A11Y_BUS_NAME = "org.a11y.Bus"
SCREEN = (1400, 1100)
# Under load Evolution takes tens of seconds to start on two cores: wait for widgets, with a
# deadline, never for fixed delays.
START_SECONDS = 120
WIDGET_SECONDS = 30
POLL_SECONDS = 0.25

LANGUAGES = {
    "en": {"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "LANGUAGE": "en"},
    "el": {"LANG": "el_GR.UTF-8", "LC_ALL": "el_GR.UTF-8", "LANGUAGE": "el"},
}

# First-run dialogs kept away; accessibility on (dogtail and GTK's bridge ask for it); the
# keyfile is the session's own and must stay writable: Evolution writes keys back into it.
SETTINGS_KEYFILE = """[org/gnome/desktop/interface]
toolkit-accessibility=true

[org/gnome/evolution/mail]
show-startup-wizard=false
prompt-check-if-default-mailer=false

[org/gnome/evolution/shell]
skip-warning-dialog=true
default-component-id='calendar'
"""


class EvolutionSession:
    """Evolution in a private session, in @language ("en" or "el").

    @build_dir is meson's build folder; @log_dir receives the screenshots and the programs'
    logs (kept after the run, for people to look at)."""

    def __init__(self, build_dir, log_dir, language="en"):
        self.build_dir = build_dir
        self.log_dir = log_dir
        self.language = language
        os.makedirs(log_dir, exist_ok=True)
        self.root = tempfile.mkdtemp(prefix="rs-evolution-")
        self.xvfb = None
        self.display = None
        self.session = None
        self.evolution = None
        self.app = None
        self.frame = None
        self.registry = None  # pyatspi's, imported once the bus is there
        # Called with the session's environment before anything starts, to write files
        # into its fresh home (a calendar's events …).
        self.prepare = None

    # Start

    def start(self):
        self.start_xvfb()
        prefixes = ":".join([
            os.path.join(self.build_dir, "plugin", "backend", "eds-test-prefix"),
            os.path.join(self.build_dir, "plugin", "evolution", "evolution-test-prefix"),
        ])
        env = {
            "DISPLAY": self.display,
            "GSETTINGS_BACKEND": "keyfile",
            "EDS_EXTRA_PREFIXES": prefixes,
            # Evolution's module loader says what it loaded on its standard error.
            "ESR_DEBUG": "1",
            # Evolution's own criticals are not ours to fail on (tests' G_DEBUG makes them fatal).
            "G_DEBUG": "",
        }
        env.update(LANGUAGES[self.language])
        self.session = PrivateSession(
            root=self.root,
            service_dirs=[os.path.join(self.build_dir, "plugin", "service", "test-services"),
                          self.write_services()],
            activate_eds=(REGISTRY_NAME, FACTORY_NAME, USER_PROMPTER_NAME),
            env=env, unset=("NO_AT_BRIDGE", "GTK_A11Y", "AT_SPI_BUS_ADDRESS"),
            bus_log="log/dbus-daemon.log")
        settings = os.path.join(self.session.env["XDG_CONFIG_HOME"], "glib-2.0", "settings")
        os.makedirs(settings, exist_ok=True)
        with open(os.path.join(settings, "keyfile"), "w", encoding="utf-8") as f:
            f.write(SETTINGS_KEYFILE)
        # Without it Evolution logs a CRITICAL ("disallowed path to sandbox").
        os.makedirs(os.path.join(self.session.env["XDG_DATA_HOME"], "evolution",
                                 "preview-plugins"), exist_ok=True)
        if self.prepare is not None:
            self.prepare(self.session.env)
        self.session.start_bus()

        # pyatspi finds the accessibility bus through the session bus (org.a11y.Bus), at import.
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.session.address
        os.environ["DISPLAY"] = self.display
        for name in ("AT_SPI_BUS_ADDRESS", "NO_AT_BRIDGE"):
            os.environ.pop(name, None)
        import pyatspi
        self.registry = pyatspi

        width, height = SCREEN
        self.evolution = self.session.spawn("evolution.log", [
            "evolution", "-c", "calendar", "-g", f"{width}x{height}+0+0"])
        self.app = self.wait(self.find_application, "Evolution on the accessibility bus",
                             START_SECONDS)
        self.frame = self.wait(self.find_main_window, "Evolution's window", START_SECONDS)
        return self

    def write_services(self):
        """.service files for the programs the bus starts besides the service and the EDS
        ones private_session.py knows: the accessibility bus launcher (pyatspi and GTK's bridge
        ask the session bus for org.a11y.Bus) and EDS's address book factory."""
        folder = os.path.join(self.root, "extra-services")
        os.makedirs(folder, exist_ok=True)
        libexec = eds_libexecdir()
        for name, program in ((A11Y_BUS_NAME, "/usr/libexec/at-spi-bus-launcher"),
                              (ADDRESS_BOOK_NAME,
                               os.path.join(libexec, "evolution-addressbook-factory"))):
            with open(os.path.join(folder, name + ".service"), "w", encoding="utf-8") as f:
                f.write(f"[D-BUS Service]\nName={name}\nExec={program}\n")
        return folder

    def start_xvfb(self):
        width, height = SCREEN
        read_end, write_end = os.pipe()
        log = open(os.path.join(self.log_dir, "xvfb.log"), "ab")
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
             # -noreset: by default Xvfb resets when its last client leaves (the check
             # below), and a client connecting meanwhile gets "Cannot open display".
             "-noreset", "-nolisten", "tcp", "-auth", "/dev/null"],
            pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        os.close(write_end)
        log.close()
        with os.fdopen(read_end, "r") as pipe:
            number = pipe.readline().strip()
        check(number, "Xvfb did not start; see xvfb.log")
        self.display = ":" + number
        # A real X client must connect before Evolution starts.
        deadline = time.monotonic() + 30
        while subprocess.run(["xdotool", "getdisplaygeometry"], env={"DISPLAY": self.display},
                             capture_output=True).returncode != 0:
            check(time.monotonic() < deadline, f"no X client could connect to {self.display}")
            time.sleep(0.1)

    # Finding widgets

    def wait(self, find, what, timeout=WIDGET_SECONDS):
        """Polls @find () until it returns something; fails after @timeout seconds, or as soon
        as Evolution has exited, with the end of its log."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                found = find()
            except Failure:
                raise
            except Exception:  # noqa: BLE001 — AT-SPI errors while the application is busy
                found = None
            if found:
                return found
            if self.evolution is not None and self.evolution.poll() is not None:
                raise Failure(f"Evolution exited ({self.evolution.returncode}) while waiting "
                              f"for {what}\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.screenshot("timeout")
                raise Failure(f"{what}: not there after {timeout} s\n{self.log_tail()}")
            time.sleep(POLL_SECONDS)

    def find_application(self):
        desktop = self.registry.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == "evolution":
                return app
        return None

    def find_main_window(self):
        """Evolution's window; fails at once with its text when Evolution shows an alert
        instead (it cannot start)."""
        for role in ("alert", "dialog"):
            alert = self.child(self.app, role)
            if alert is not None and self.child(self.app, "frame") is None:
                texts = []
                queue = [alert]
                while queue:
                    node = queue.pop(0)
                    if node.getRoleName() == "label" and node.name:
                        texts.append(node.name)
                    queue.extend(node.getChildAtIndex(i) for i in range(node.childCount))
                self.screenshot("alert")
                raise Failure("Evolution shows an alert instead of its window:\n" +
                              "\n".join(texts))
        return self.child(self.app, "frame")

    def child(self, parent, role, name=None):
        """The first child of @parent with @role (pyatspi's role name) and @name."""
        for i in range(parent.childCount):
            node = parent.getChildAtIndex(i)
            if node is not None and node.getRoleName() == role and \
                    (name is None or node.name == name):
                return node
        return None

    def find(self, root, role, name=None, showing_only=False):
        """Breadth first below @root: the first node with @role and @name (None: any)."""
        queue = [root]
        state = self.registry.STATE_SHOWING
        while queue:
            node = queue.pop(0)
            for i in range(node.childCount):
                kid = node.getChildAtIndex(i)
                if kid is None:
                    continue
                if showing_only and not kid.getState().contains(state):
                    continue
                if kid.getRoleName() == role and (name is None or kid.name == name):
                    return kid
                queue.append(kid)
        return None

    def find_all(self, root, role, showing_only=True):
        """Every node with @role below @root, breadth first."""
        found = []
        queue = [root]
        state = self.registry.STATE_SHOWING
        while queue:
            node = queue.pop(0)
            for i in range(node.childCount):
                kid = node.getChildAtIndex(i)
                if kid is None or (showing_only and not kid.getState().contains(state)):
                    continue
                if kid.getRoleName() == role:
                    found.append(kid)
                queue.append(kid)
        return found

    def labelled(self, root, label):
        """The widget that the label @label names (a field, found as a screen reader finds it:
        the label's LABEL_FOR relation)."""
        node = self.find(root, "label", label)
        if node is None:
            return None
        for relation in node.getRelationSet():
            if relation.getRelationType() == self.registry.RELATION_LABEL_FOR:
                return relation.getTarget(0)
        return None

    def wait_for_labelled(self, root, label, timeout=WIDGET_SECONDS):
        return self.wait(lambda: self.labelled(root, label), f"the field of {label!r}", timeout)

    def wait_for(self, root, role, name=None, timeout=WIDGET_SECONDS, showing_only=False):
        return self.wait(lambda: self.find(root, role, name, showing_only),
                         f"{role} {name!r}", timeout)

    def frames(self):
        return [self.app.getChildAtIndex(i) for i in range(self.app.childCount)]

    def wait_for_frame(self, name, timeout=WIDGET_SECONDS):
        return self.wait(lambda: self.child(self.app, "frame", name), f"window {name!r}",
                         timeout)

    def activate(self, node):
        """The node's first action ("click"), without moving the mouse."""
        node.queryAction().doAction(0)

    # Evidence

    def screenshot(self, name):
        """The screen as @name.png in the log folder."""
        path = os.path.join(self.log_dir, f"{self.language}-{name}.png")
        # A window GTK calls showing may not be drawn on the X server yet: the picture only,
        # never a check, waits for it.
        time.sleep(0.5)
        subprocess.run(["import", "-window", "root", path],
                       env={"DISPLAY": self.display, "PATH": os.environ["PATH"]},
                       capture_output=True, timeout=60)
        return path

    def log_tail(self, lines=30):
        try:
            with open(self.session.path("log", "evolution.log"), encoding="utf-8",
                      errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except (OSError, AttributeError):
            return ""

    def evolution_log(self):
        with open(self.session.path("log", "evolution.log"), encoding="utf-8",
                  errors="replace") as f:
            return f.read()

    # Stop

    def bus_pids(self, address):
        """Process ids of every connection on the bus at @address but ours."""
        from gi.repository import Gio
        try:
            connection = Gio.DBusConnection.new_for_address_sync(
                address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
                Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
        except GLib.Error:
            return set()
        connection.set_exit_on_close(False)
        pids = set()
        try:
            names = connection.call_sync(
                "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "ListNames", None, GLib.VariantType("(as)"), 0, 5000, None).unpack()[0]
            for name in names:
                if not name.startswith(":"):
                    continue
                try:
                    pids.add(connection.call_sync(
                        "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                        "GetConnectionUnixProcessID", GLib.Variant("(s)", (name,)),
                        GLib.VariantType("(u)"), 0, 5000, None).unpack()[0])
                except GLib.Error:
                    pass
        finally:
            connection.close_sync(None)
        pids.discard(os.getpid())
        return pids

    def a11y_address(self):
        try:
            return self.session.connection.call_sync(
                A11Y_BUS_NAME, "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None,
                GLib.VariantType("(s)"), 0, 5000, None).unpack()[0]
        except (GLib.Error, AttributeError):
            return None

    def stop(self):
        """Evolution first (`evolution --quit` once it is up: earlier it would start a second
        one), then every process on the accessibility bus and the session bus by id, then the
        buses and Xvfb. The logs are copied to the log folder."""
        try:
            if self.session is not None and self.session.connection is not None:
                if self.evolution is not None and self.evolution.poll() is None:
                    if self.frame is not None:
                        try:
                            subprocess.run(["evolution", "--quit"], env=self.session.env,
                                           capture_output=True, timeout=30)
                            self.evolution.wait(timeout=30)
                        except subprocess.TimeoutExpired:
                            pass
                    if self.evolution.poll() is None:
                        self.evolution.terminate()
                        try:
                            self.evolution.wait(timeout=15)
                        except subprocess.TimeoutExpired:
                            self.evolution.kill()
                            self.evolution.wait()
                pids = set()
                a11y = self.a11y_address()
                if a11y:
                    pids |= self.bus_pids(a11y)
                pids |= self.bus_pids(self.session.address)
                pids.discard(self.session.daemon.pid if self.session.daemon else None)
                for pid in pids:
                    self.kill_pid(pid, signal.SIGTERM)
                for pid in pids:
                    if not wait_for_exit(pid, 15):
                        self.kill_pid(pid, signal.SIGKILL)
        finally:
            if self.session is not None:
                self.copy_logs()
                self.session.stop()
            if self.xvfb is not None and self.xvfb.poll() is None:
                self.xvfb.terminate()
                try:
                    self.xvfb.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.xvfb.kill()
                    self.xvfb.wait()
            shutil.rmtree(self.root, ignore_errors=True)

    @staticmethod
    def kill_pid(pid, sig):
        if process_gone(pid):
            return
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass

    def copy_logs(self):
        folder = self.session.path("log")
        if not os.path.isdir(folder):
            return
        for name in os.listdir(folder):
            shutil.copy(os.path.join(folder, name),
                        os.path.join(self.log_dir, f"{self.language}-{name}"))


def run_evolution_tests(tests, prepare=None):
    """A test script's whole run: Evolution started in the Calendar view of a session of the
    command line's build folder, log folder and language (argv[1:4]), then @tests (pairs of a
    description and a function of the session), reported as TAP; Evolution stops at the end,
    whatever happened. @prepare, when given, runs before Evolution starts (EvolutionSession's
    prepare)."""
    build_dir, log_dir, language = sys.argv[1:4]
    evo = EvolutionSession(build_dir, log_dir, language)
    if prepare is not None:
        evo.prepare = prepare
    try:
        return run_tap([("Evolution starts in the Calendar view", lambda e: e.start())] +
                       list(tests), evo)
    finally:
        evo.stop()
