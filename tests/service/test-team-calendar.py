#!/usr/bin/python3
# test-team-calendar.py: the shared team calendar (issue #14, part 3) against a real CalDAV
# server. Radicale runs on loopback in the test's own folder; session A (the owner's desktop:
# its own bus, registry, calendar factory and the build tree's service) has an Evolution CalDAV
# source on Radicale's collection, chosen with `recurring-sales team-calendar`; session B (a
# teammate's desktop: its own bus, registry and factory) has its own CalDAV source on the same
# collection and reads what arrived, after a refresh, as Evolution would.
#
#   test-team-calendar.py CLI SERVICES_DIR
#
# Radicale runs without authentication ([auth] type = none): how EDS gets a password (the
# keyring, the user's prompt) is EDS's business and not what is tested here.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from private_session import (FACTORY_NAME, REGISTRY_NAME, PrivateSession, check,  # noqa: E402
                             equal, run_tap, sale_fields, stop_process)
from gi.repository import GLib  # noqa: E402

CLI, SERVICES_DIR = sys.argv[1:3]
RADICALE = "/usr/bin/radicale"
TODAY = datetime.datetime(2027, 1, 10, 12, 0)
WAIT = 30

CALDAV_SOURCE = """[Data Source]
DisplayName={name}
Enabled=true

[Calendar]
BackendName=caldav
Color=#3465a4
Selected=true

[Authentication]
Host=127.0.0.1
Port={port}
User=team

[Security]
Method=none

[WebDAV Backend]
ResourcePath=/shared/cal/
AvoidIfmatch=false

[Refresh]
Enabled=true
IntervalMinutes=30

[Alarms]
IncludeMe=false
"""

OTHER_SOURCES = {
    "office-local": "[Data Source]\nDisplayName=My own\nEnabled=true\n\n"
                    "[Calendar]\nBackendName=local\n\n[Alarms]\nIncludeMe=false\n",
    "birthdays": "[Data Source]\nDisplayName=Birthdays\nEnabled=true\n\n"
                 "[Calendar]\nBackendName=contacts\n\n[Alarms]\nIncludeMe=false\n",
    "some-book": "[Data Source]\nDisplayName=Contacts\nEnabled=true\n\n"
                 "[Address Book]\nBackendName=local\n",
    "our-sales": "[Data Source]\nDisplayName=Recurring sales\nEnabled=true\n\n"
                 "[Calendar]\nBackendName=recurring-sales\n\n[Alarms]\nIncludeMe=false\n",
}

# Run in session B's environment: refreshes its CalDAV calendar, then waits until the events
# it holds have the UIDs argv[2] lists (JSON; null: any), and prints them as JSON. With
# argv[3] "comment", adds a COMMENT to the event argv[4] first; with "create", creates the
# teammate's own event argv[4]; with "delete", deletes the event argv[4].
READER = r"""
import json, sys, time
import gi
gi.require_version("EDataServer", "1.2")
gi.require_version("ECal", "2.0")
gi.require_version("ICalGLib", "3.0")
from gi.repository import ECal, EDataServer, ICalGLib
registry = EDataServer.SourceRegistry.new_sync(None)
source = registry.ref_source(sys.argv[1])
client = ECal.Client.connect_sync(source, ECal.ClientSourceType.EVENTS, 4294967295, None)
action = sys.argv[3] if len(sys.argv) > 3 else ""
if action == "create":
    event = ICalGLib.Component.new_from_string(
        "BEGIN:VEVENT\r\nUID:%s\r\nDTSTART;VALUE=DATE:20270201\r\nDTEND;VALUE=DATE:20270202\r\n"
        "SUMMARY:Team lunch\r\nEND:VEVENT\r\n" % sys.argv[4])
    client.create_object_sync(event, ECal.OperationFlags.NONE, None)
elif action == "delete":
    client.refresh_sync(None)
    deadline = time.monotonic() + 20
    while True:
        ok, found = client.get_object_list_sync('(uid? "%s")' % sys.argv[4], None)
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    client.remove_object_sync(sys.argv[4], None, ECal.ObjModType.ALL, ECal.OperationFlags.NONE,
                              None)
elif action == "comment":
    client.refresh_sync(None)
    deadline = time.monotonic() + 20
    while True:
        ok, found = client.get_object_list_sync('(uid? "%s")' % sys.argv[4], None)
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    ok, event = client.get_object_sync(sys.argv[4], None, None)
    event.add_property(ICalGLib.Property.new_comment("Call Maria before the offer"))
    client.modify_object_sync(event, ECal.ObjModType.ALL, ECal.OperationFlags.CONFLICT_FAIL,
                              None)
wanted = json.loads(sys.argv[2])
deadline = time.monotonic() + 25
events = {}
while True:
    client.refresh_sync(None)
    time.sleep(0.15)
    ok, components = client.get_object_list_sync("#t", None)
    events = {}
    for c in components:
        start = c.get_dtstart()
        comments = []
        p = c.get_first_property(ICalGLib.PropertyKind.COMMENT_PROPERTY)
        while p is not None:
            comments.append(p.get_comment())
            p = c.get_next_property(ICalGLib.PropertyKind.COMMENT_PROPERTY)
        events[c.get_uid()] = {
            "date": "%04d-%02d-%02d" % (start.get_year(), start.get_month(), start.get_day()),
            "summary": c.get_summary(),
            "ours": "X-RECURRING-SALES-TEAM:1" in c.as_ical_string(),
            "alarms": c.count_components(ICalGLib.ComponentKind.VALARM_COMPONENT),
            "comments": comments,
        }
    if wanted is None or sorted(events) == sorted(wanted) or time.monotonic() > deadline:
        break
print(json.dumps(events))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Radicale:
    """Radicale on loopback, its collections in @folder; the same port across restarts."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.process = None
        os.makedirs(folder, exist_ok=True)
        self.config = os.path.join(folder, "config")
        self.write_config()

    def write_config(self, hook=None):
        """@hook: a shell command Radicale runs after each write, before it answers."""
        with open(self.config, "w") as f:
            f.write(f"[server]\nhosts = 127.0.0.1:{self.port}\n"
                    "[auth]\ntype = none\n[rights]\ntype = authenticated\n"
                    f"[storage]\nfilesystem_folder = {self.folder}/collections\n"
                    + (f"hook = {hook}\n" if hook else "") +
                    "[logging]\nlevel = warning\n")

    def start(self):
        log = open(os.path.join(self.folder, "radicale.log"), "ab")
        self.process = subprocess.Popen([RADICALE, "--config", self.config], stdin=subprocess.DEVNULL,
                                        stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + WAIT
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                check(self.process.poll() is None and time.monotonic() < deadline,
                      "radicale did not start")
                time.sleep(0.05)

    def request(self, method, path):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        return urllib.request.urlopen(request, timeout=10).status

    def kill(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            stop_process(self.process)

    def items(self):
        """The item files on the server's disk: UID → modification time (ns). A duplicate
        would be a second file with the same UID."""
        folder = os.path.join(self.folder, "collections", "collection-root", "shared", "cal")
        items = {}
        for name in os.listdir(folder):
            if name.endswith(".ics"):
                path = os.path.join(folder, name)
                with open(path) as f:
                    for uid in [line.strip()[4:] for line in f if line.startswith("UID:")]:
                        check(uid not in items, f"{uid} is stored twice")
                        items[uid] = os.stat(path).st_mtime_ns
        return items

    def stored_uids(self):
        return list(self.items())


class Desktop(PrivateSession):
    """A private session with EDS; with @service, the build tree's service too."""

    def __init__(self, root, name, port, service):
        super().__init__(root=root, service_dirs=[SERVICES_DIR] if service else [],
                         activate_eds=(REGISTRY_NAME, FACTORY_NAME), bus_log="log/bus.log",
                         env={"GSETTINGS_BACKEND": "keyfile", "RS_SERVICE_IDLE_TIMEOUT": "0",
                              "RS_SERVICE_CLOCK_FILE": os.path.join(root, "clock")})
        with open(self.path("clock"), "w") as f:
            f.write("%d\n" % int(TODAY.timestamp()))
        sources = {name: CALDAV_SOURCE.format(name="Team " + name, port=port)}
        if service:
            sources.update(OTHER_SOURCES)
        self.write_sources(sources)
        self.start_bus()

    def cli(self, *args, env=None):
        return subprocess.run([CLI] + list(args), env=dict(self.env, **(env or {})),
                              capture_output=True, text=True, timeout=60)

    def read(self, source, wanted, *action):
        result = subprocess.run(["/usr/bin/python3", "-c", READER, source, json.dumps(wanted)] +
                                list(action), env=self.env, capture_output=True, text=True,
                                timeout=90)
        equal(result.returncode, 0, "the teammate's reader", result.stderr)
        return json.loads(result.stdout)


class World:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="rs-test-team-")
        self.radicale = Radicale(os.path.join(self.root, "radicale"))
        self.radicale.start()
        equal(self.radicale.request("MKCOL", "/shared/"), 201, "MKCOL")
        equal(self.radicale.request("MKCALENDAR", "/shared/cal/"), 201, "MKCALENDAR")
        os.makedirs(os.path.join(self.root, "a"))
        os.makedirs(os.path.join(self.root, "b"))
        self.owner = Desktop(os.path.join(self.root, "a"), "team-a", self.radicale.port, True)
        self.mate = Desktop(os.path.join(self.root, "b"), "team-b", self.radicale.port, False)
        self.sales = {}

    def stop(self):
        for desktop in (self.owner, self.mate):
            desktop.stop()
        self.radicale.stop()
        if os.environ.get("RS_TEST_KEEP"):
            print(f"# kept {self.root}", file=sys.stderr)
        else:
            shutil.rmtree(self.root, ignore_errors=True)

    def add(self, name, fields):
        self.sales[name] = self.owner.call("AddSale", GLib.Variant("(a{sv})", (fields,)), "(s)")[0]
        return self.sales[name]

    def expect(self, uids):
        """What the teammate sees once it has exactly @uids (and the teammate's own)."""
        events = self.mate.read("team-b", sorted(uids))
        equal(sorted(events), sorted(uids), "the teammate's calendar holds exactly these events",
              json.dumps(events, indent=1))
        return events


def test_choose(world):
    owner = world.owner
    listed = owner.cli("team-calendar")
    equal(listed.returncode, 0, "team-calendar lists", listed.stderr)
    check("team-a" in listed.stdout, "the CalDAV calendar is listed", listed.stdout)
    check("office-local" in listed.stdout, "the local calendar is listed", listed.stdout)
    for hidden in ("birthdays", "some-book", "our-sales"):
        check(hidden not in listed.stdout, f"{hidden} is not offered", listed.stdout)
    check("No team calendar is chosen" in listed.stdout, "says none is chosen", listed.stdout)

    for uid, sentence in (("no-such-calendar", "There is no calendar"),
                          ("some-book", "is not a calendar"),
                          ("our-sales", "calendar of recurring sales itself"),
                          ("birthdays", "cannot be written to")):
        refused = owner.cli("team-calendar", uid)
        equal(refused.returncode, 1, f"team-calendar {uid} is refused", refused)
        check(sentence in refused.stderr, f"team-calendar {uid}: says why", refused.stderr)
        refused = owner.cli("settings", "team-calendar", uid)
        equal(refused.returncode, 1, f"settings team-calendar {uid} is refused", refused)
    equal(owner.cli("settings", "team-calendar").stdout.split("\n")[0], "team-calendar: (empty)",
          "nothing was written")
    equal(owner.cli("team-calendar", "team-a", "--off").returncode, 2, "a choice and --off")
    lost = owner.cli("team-calendar", "team-a", env={"GSETTINGS_BACKEND": "memory"})
    equal(lost.returncode, 1, "a choice that would be lost is refused", lost)
    check("cannot be saved" in lost.stderr, "says why", lost.stderr)

    chosen = owner.cli("team-calendar", "team-a")
    equal(chosen.returncode, 0, "team-calendar team-a", chosen.stderr)
    check("Team team-a" in chosen.stdout, "names the calendar", chosen.stdout)
    data = json.loads(owner.cli("team-calendar", "--json").stdout)
    equal([c["uid"] for c in data if c["chosen"]], ["team-a"], "--json marks the chosen one")


def test_publish(world):
    # Before anything is published: the teammate's own event in the same calendar.
    world.mate.read("team-b", None, "create", "teammate-lunch")
    short = sale_fields("Acme", 12000)
    short.update({"start": GLib.Variant("s", "2027-01-15"), "term": GLib.Variant("s", "2m"),
                  "notice_days": GLib.Variant("u", 30),
                  "reminders": GLib.Variant("a(sus)", [("invoice", 7, "team"),
                                                       ("expiry", 30, "team"),
                                                       ("expiry", 14, "owner"),
                                                       ("invoice", 3, "client")])})
    short["email"] = GLib.Variant("s", "acme@example.com")
    acme = world.add("acme", short)
    plain = sale_fields("Beta", 5000)
    plain["reminders"] = GLib.Variant("a(sus)", [])
    beta = world.add("beta", plain)
    events = world.expect([
        f"{acme}-invoice-20270115-team", f"{acme}-invoice-20270215-team", f"{acme}-expiry-team",
        f"{acme}-notice-team",
        f"{beta}-invoice-20270131-team", f"{beta}-invoice-20270228-team",
        f"{beta}-invoice-20270331-team", "teammate-lunch"])
    equal(events[f"{acme}-expiry-team"]["date"], "2027-03-14", "the expiry's date")
    equal(events[f"{acme}-notice-team"]["date"], "2027-02-12", "the notice deadline's date")
    for uid, event in events.items():
        if "-invoice-" in uid:
            day = uid.split("-invoice-")[1][:8]
            equal(event["date"], f"{day[:4]}-{day[4:6]}-{day[6:]}", f"{uid}: the invoice's date")
    check(all(e["ours"] for u, e in events.items() if u != "teammate-lunch"), "ours are marked")
    check(not events["teammate-lunch"]["ours"], "the teammate's event is not marked")
    # The team's reminders are alarms there; the owner's (their own calendar rings) and the
    # client's e-mail are not.
    equal(events[f"{acme}-invoice-20270215-team"]["alarms"], 1, "an invoice's alarm")
    equal(events[f"{acme}-expiry-team"]["alarms"], 1, "the expiry's alarm")
    equal(events[f"{beta}-invoice-20270131-team"]["alarms"], 0, "no rules, no alarms")


def test_change_keeps_comment(world):
    beta = world.sales["beta"]
    uid = f"{beta}-invoice-20270228-team"
    # A teammate comments on one of ours, then the owner changes the amount. The owner's EDS
    # has refreshed after its own writes by then, and not since: its copy is stale, so the
    # service's conditional write is refused (OUT_OF_SYNC) and it merges into the fresh copy.
    time.sleep(1)
    world.mate.read("team-b", None, "comment", uid)
    acme = world.sales["acme"]
    before = {u: t for u, t in world.radicale.items().items() if u.startswith(acme)}
    revision = world.owner.call("GetSale", GLib.Variant("(s)", (beta,)), "(a{sv})")[0]["revision"]
    world.owner.call("UpdateSale", GLib.Variant("(sta{sv})", (beta, revision, {
        "amount_minor": GLib.Variant("x", 7500)})), "(t)")
    deadline = time.monotonic() + WAIT
    while True:
        events = world.mate.read("team-b", None)
        if "75" in events[uid]["summary"] or time.monotonic() > deadline:
            break
    check("75" in events[uid]["summary"], "the new amount arrived", events[uid])
    equal(events[uid]["comments"], ["Call Maria before the offer"], "the teammate's comment stays")
    equal(events["teammate-lunch"]["summary"], "Team lunch", "the teammate's event is untouched")
    after = {u: t for u, t in world.radicale.items().items() if u.startswith(acme)}
    equal(after, before, "the events of the sale that did not change were not written again")


def test_renew_and_remove(world):
    acme, beta = world.sales["acme"], world.sales["beta"]
    successor = world.owner.call("Renew", GLib.Variant("(sa{sv})", (acme, {})), "(s)")[0]
    world.owner.call("RemoveSale", GLib.Variant("(s)", (beta,)), None)
    world.expect([
        f"{acme}-invoice-20270115-team", f"{acme}-invoice-20270215-team", f"{acme}-expiry-team",
        f"{acme}-notice-team", f"{successor}-invoice-20270315-team", "teammate-lunch"])
    world.sales["successor"] = successor


def test_server_killed_mid_publish(world):
    weekly = sale_fields("Gamma", 900)
    weekly.update({"period": GLib.Variant("s", "1w"), "start": GLib.Variant("s", "2027-01-11")})
    before = set(world.radicale.stored_uids())
    # Each write answered only after 0.1 s: the kill comes after the first of 13 writes.
    world.radicale.stop()
    world.radicale.write_config(hook="sleep 0.1")
    world.radicale.start()
    gamma = world.add("gamma", weekly)
    deadline = time.monotonic() + WAIT
    while not any(u.startswith(gamma) for u in world.radicale.stored_uids()):
        check(time.monotonic() < deadline, "the publishing did not start")
        time.sleep(0.01)
    world.radicale.kill()
    stored = [u for u in world.radicale.stored_uids() if u.startswith(gamma)]
    check(0 < len(stored) < 13, "killed in the middle of publishing", stored)
    time.sleep(1.0)
    world.radicale.write_config()
    world.radicale.start()
    wanted = sorted(before | {f"{gamma}-invoice-2027{m:02d}{d:02d}-team" for m, d in (
        (1, 11), (1, 18), (1, 25), (2, 1), (2, 8), (2, 15), (2, 22), (3, 1), (3, 8), (3, 15),
        (3, 22), (3, 29), (4, 5))})
    world.expect(wanted)
    stored = world.radicale.stored_uids()
    equal(sorted(stored), wanted, "the server holds each event once")


def test_catch_up_at_start(world):
    """A teammate deletes one of the service's events while the service is not running; the
    service's next start puts it back (the calendar mirrors the sales)."""
    successor = world.sales["successor"]
    uid = f"{successor}-invoice-20270315-team"
    wanted = sorted(world.radicale.stored_uids())
    world.owner.stop_service()
    world.mate.read("team-b", None, "delete", uid)
    check(uid not in world.radicale.stored_uids(), "the teammate deleted it")
    world.owner.revision()  # starts the service again
    world.expect(wanted)


def main():
    world = World()
    signal.signal(signal.SIGTERM, lambda *_: (world.stop(), sys.exit(1)))
    try:
        return run_tap([
            ("team-calendar lists the writable calendars and checks the choice", test_choose),
            ("the events arrive on a teammate's desktop; theirs is left alone", test_publish),
            ("a change arrives; the teammate's comment is kept", test_change_keeps_comment),
            ("a renewal and a removal arrive", test_renew_and_remove),
            ("the server killed mid-publish: nothing lost, nothing twice",
             test_server_killed_mid_publish),
            ("at start the service catches up with a teammate's deletion", test_catch_up_at_start),
        ], world)
    finally:
        world.stop()


if __name__ == "__main__":
    sys.exit(main())
