#!/usr/bin/python3
# installed-session.py: run by scripts/test-install.sh as a throwaway user, inside that user's
# `dbus-run-session`, with the Debian package installed and nothing pointed anywhere (no
# EDS_EXTRA_PREFIXES, GSETTINGS_SCHEMA_DIR or RS_* variables). Checks what a user gets after
# `apt install`: the service found by D-Bus activation, the command, the system's EDS loading our
# registry module and backend from its own folders, and the calendar read through ECalClient, in
# Greek under el_GR.UTF-8; and Evolution, started on a virtual display (Xvfb), loading the module
# of evolution-plugin-recurring-sales from its own folder. TAP on standard output.
#
#   installed-session.py BUILD-TREE-CLIENT   the client of the sale a build-tree service wrote
#
# The same store (~/.local/share/evolution-recurring-sales/sales.db) the build tree's service
# wrote must be read as it is: the store's path, the bus name and the interface are unchanged
# by installation.
import datetime
import os
import subprocess
import sys
import time

import gi
gi.require_version("EDataServer", "1.2")
gi.require_version("ECal", "2.0")
from gi.repository import ECal, EDataServer, Gio, GLib  # noqa: E402

BUS_NAME = "io.github.recurring_sales.RecurringSales1"
SOURCES_NAME = "org.gnome.evolution.dataserver.Sources5"
SERVICE_EXE = "/usr/libexec/recurring-sales-service"
COMMAND = "/usr/bin/recurring-sales"
BACKEND_SO = "/usr/lib/evolution-data-server/calendar-backends/libecalbackendrecurringsales.so"
REGISTRY_SO = "/usr/lib/evolution-data-server/registry-modules/module-recurring-sales-registry.so"
EVOLUTION_MODULE = "/usr/lib/evolution/modules/module-recurring-sales.so"
SOURCE_UID = "recurring-sales"
WAIT_SECONDS = 60

n = 0
failed = 0


def check(ok, name, detail=""):
    global n, failed
    n += 1
    print(f"{'ok' if ok else 'not ok'} {n} - {name}", flush=True)
    if not ok:
        failed += 1
        for line in str(detail).splitlines():
            print(f"# {line}", flush=True)
    return ok


def run(*argv):
    completed = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    print(f"# $ {' '.join(argv)}  (exit {completed.returncode})", flush=True)
    for line in (completed.stdout + completed.stderr).splitlines():
        print(f"#   {line}", flush=True)
    return completed


def bus_call(bus, method, args, reply):
    return bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                         method, args, GLib.VariantType(reply), Gio.DBusCallFlags.NONE, 10000,
                         None).unpack()


def owner_pid(bus, name):
    try:
        return bus_call(bus, "GetConnectionUnixProcessID", GLib.Variant("(s)", (name,)), "(u)")[0]
    except GLib.Error:
        return None


def my_processes_mapping(path):
    """The pids of this user's processes that have @path mapped (a module EDS loaded)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat(f"/proc/{entry}").st_uid != os.getuid():
                continue
            with open(f"/proc/{entry}/maps", encoding="utf-8", errors="replace") as maps:
                if any(line.rstrip().endswith(path) for line in maps):
                    found.append(int(entry))
        except OSError:
            continue
    return found


def wait_until(predicate, seconds=WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    context = GLib.MainContext.default()
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        while context.pending():
            context.iteration(False)
        time.sleep(0.2)
    return predicate()


def check_evolution_loads_module():
    """The installed Evolution, as the user starts it, on a display of its own."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x960x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as display_pipe:
        display = display_pipe.readline().strip()
    env = dict(os.environ, DISPLAY=f":{display}")
    evolution = subprocess.Popen(["evolution", "-c", "calendar"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        loaded = wait_until(lambda: evolution.pid in my_processes_mapping(EVOLUTION_MODULE)
                            or evolution.poll() is not None, seconds=90)
        check(display != "" and evolution.poll() is None and loaded,
              "Evolution (under Xvfb) loads the module from its own folder",
              f"display :{display}, evolution exit {evolution.poll()}")
    finally:
        # `evolution --quit` asks the running one to close, as its own menu does.
        try:
            subprocess.run(["evolution", "--quit"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=60)
            evolution.wait(timeout=30)
        except subprocess.TimeoutExpired:
            evolution.kill()
            evolution.wait()
        xvfb.terminate()
        xvfb.wait(timeout=30)


def main():
    build_tree_client = sys.argv[1]
    leaked = sorted(k for k in os.environ
                    if k.startswith("RS_") or k in ("EDS_EXTRA_PREFIXES", "GSETTINGS_SCHEMA_DIR"))
    check(not leaked, "nothing points at a build tree", " ".join(leaked))
    check(os.environ.get("LANG") == "el_GR.UTF-8", "the session is Greek", os.environ.get("LANG"))

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    activatable = bus_call(bus, "ListActivatableNames", None, "(as)")[0]
    check(BUS_NAME in activatable, "the service is D-Bus activatable from /usr/share/dbus-1/services")
    check(SOURCES_NAME in activatable, "the system's EDS is D-Bus activatable")
    check(owner_pid(bus, BUS_NAME) is None, "the service is not running before it is needed")

    settings = run("gsettings", "list-keys", "io.github.recurring_sales")
    check(settings.returncode == 0 and settings.stdout.strip() != "",
          "the schema is compiled in the system's schemas (the glib trigger)", settings.stderr)

    # The sale the build tree's service wrote, read by the installed service (activated here).
    listed = run(COMMAND, "list")
    check(listed.returncode == 0 and build_tree_client in listed.stdout,
          "the installed service reads the sales.db a build-tree service wrote", listed.stderr)
    pid = owner_pid(bus, BUS_NAME)
    exe = os.readlink(f"/proc/{pid}/exe") if pid else None
    check(exe == SERVICE_EXE, "the service was started by D-Bus activation from the package", exe)

    start = datetime.date.today() + datetime.timedelta(days=10)
    added = run(COMMAND, "add", "--client", "Ακμή ΑΕ", "--service", "Φιλοξενία ιστοσελίδας",
                "--amount", "120,00", "--currency", "EUR", "--every", "1m",
                "--start", start.isoformat(), "--for", "1y",
                "--remind-invoice", "7", "--remind-expiry", "30")
    uid = added.stdout.strip()
    check(added.returncode == 0 and uid != "", "recurring-sales add works", added.stderr)

    # The translations are found without RS_LOCALEDIR: a refusal in Greek.
    refused = run(COMMAND, "add", "--client", "Ακμή ΑΕ", "--service", "Φιλοξενία",
                  "--amount", "δώδεκα", "--currency", "EUR", "--every", "1m",
                  "--start", start.isoformat())
    check(refused.returncode != 0 and "Το ποσό «δώδεκα» δεν είναι αριθμός" in refused.stderr,
          "a refusal is in Greek (the installed translations)", refused.stderr)

    # The templates are found without RS_TEMPLATES_DIR: the client's e-mail, from the Greek one.
    preview = run(COMMAND, "preview", uid)
    check(preview.returncode == 0 and "Ακμή ΑΕ" in preview.stdout,
          "recurring-sales preview writes the client's e-mail (the installed templates)",
          preview.stderr)

    # The system's evolution-source-registry, started by D-Bus activation, loads our registry
    # module, which creates the calendar.
    registry = EDataServer.SourceRegistry.new_sync(None)
    source = wait_until(lambda: registry.ref_source(SOURCE_UID))
    check(source is not None, "evolution-source-registry created the calendar")
    if source is None:
        return
    check(source.get_display_name() == "Επαναλαμβανόμενες πωλήσεις",
          "the calendar is named in Greek", source.get_display_name())
    check(my_processes_mapping(REGISTRY_SO) != [],
          "evolution-source-registry loaded the registry module from its own folder")

    client = ECal.Client.connect_sync(source, ECal.ClientSourceType.EVENTS, 30, None)
    check(my_processes_mapping(BACKEND_SO) != [],
          "the calendar factory loaded the backend from its own folder")
    first = datetime.datetime.combine(datetime.date.today(), datetime.time())
    last = first + datetime.timedelta(days=400)
    query = ('(occur-in-time-range? (make-time "{}") (make-time "{}"))'
             .format(first.strftime("%Y%m%dT%H%M%SZ"), last.strftime("%Y%m%dT%H%M%SZ")))

    def acme_events():
        result = client.get_object_list_as_comps_sync(query, None)
        comps = result[1] if isinstance(result, tuple) else result
        return [c for c in comps or [] if "Ακμή ΑΕ" in (c.get_summary().get_value() or "")]

    events = wait_until(acme_events)
    summaries = sorted(c.get_summary().get_value() for c in events)
    for summary in summaries:
        print(f"#   {summary}", flush=True)
    # Invoices are drafts to approve unless the settings say otherwise (settings.md).
    invoice = "Προσχέδιο τιμολογίου προς Ακμή ΑΕ: Φιλοξενία ιστοσελίδας (120,00 €)"
    expiry = "Λήξη: Φιλοξενία ιστοσελίδας για Ακμή ΑΕ"
    check(invoice in summaries and expiry in summaries,
          "ECalClient sees the sale's invoices and expiry, in Greek", "\n".join(summaries))
    reminders = []
    for event in events:
        for alarm in event.get_all_alarms() or []:
            description = alarm.get_description()
            reminders.append(description.get_value() if description else "")
    for reminder in sorted(set(reminders)):
        print(f"#   reminder: {reminder.splitlines()[0] if reminder else ''}", flush=True)
    check(f"Χρειάζεται την έγκρισή σας: {invoice}" in reminders
          and any(r.startswith(expiry) for r in reminders),
          "the events carry their reminders, in Greek", "\n".join(reminders))
    check(events != [] and all(event.has_alarms() for event in events),
          "every event of the sale has a reminder")

    # At login the session starts the service from the XDG autostart entry: its Exec is the
    # installed service, which takes the bus name when nobody holds it.
    os.kill(pid, 15)
    check(wait_until(lambda: owner_pid(bus, BUS_NAME) is None), "the service stops on SIGTERM")
    entry = GLib.KeyFile()
    entry.load_from_file("/etc/xdg/autostart/recurring-sales-service.desktop", GLib.KeyFileFlags.NONE)
    argv = GLib.shell_parse_argv(entry.get_string("Desktop Entry", "Exec"))[1]
    autostarted = subprocess.Popen(argv)
    started = wait_until(lambda: owner_pid(bus, BUS_NAME) == autostarted.pid)
    check(started, "the autostart entry in /etc/xdg/autostart starts the service", argv)
    autostarted.terminate()
    autostarted.wait(timeout=WAIT_SECONDS)

    check_evolution_loads_module()


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # a crash is a failure with its reason, not a silent stop
        check(False, "the session ran to its end", repr(error))
    print(f"1..{n}")
    sys.exit(1 if failed else 0)
