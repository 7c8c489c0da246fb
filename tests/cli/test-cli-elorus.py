#!/usr/bin/python3
# test-cli-elorus.py: `recurring-sales elorus login|sync|status|logout` end to end (issue #16,
# part 1): a private session with its own gnome-keyring (unlocked by the test), the build
# tree's service by D-Bus activation, and the local stand-in of Elorus's API
# (tests/elorus/elorus-server.py). Login keeps the token in the keyring; a sync brings the
# recurring invoices in, a second one changes nothing; an invoice changed and one deleted
# upstream update and end their sales; the service answers other calls during a sync and
# refuses a second one (Busy); status says when the last sync succeeded; logout removes the
# token; the service's own timer syncs, and says a failure once. The token appears in no
# output, log, error or file of the session. Prints TAP.
#
#   test-cli-elorus.py CLI SERVICES_DIR ELORUS_SERVER
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# GSettings uses the keyfile backend, so that `settings` (the command) reaches the service.

import json
import os
import re
import subprocess
import sys
import time

import dbus
from gi.repository import Gio, GLib

CLI, SERVICES_DIR, ELORUS_SERVER = sys.argv[1:4]

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_tap import (BUS_NAME, INTERFACE, OBJECT_PATH, PrivateBus, check, equal, ok,  # noqa: E402
                     on_terminal, refused, run, run_tap, usage_error)

TOKEN = "e1046f3c8b5d4a7f9c2e0b7d6a5f4e3d2c1b0a99"
WRONG_TOKEN = "0000aaaa1111bbbb2222cccc3333dddd4444eeee"
ORGANIZATION = "1050000300000001"
KEYRING_PASSWORD = "test-keyring-password"
ERROR_PREFIX = "io.github.recurring_sales.RecurringSales1.Error."

# Three recurring invoices as Elorus's single-invoice endpoint gives them: Greek names, an
# amount with cents, a yearly one (12 months) paused, one every two weeks. Alpha ends far
# ahead: an invoice whose end is past has expired, and its sale would be ended.
INVOICES = [
    {"id": "1050000300010040", "custom_id": "Φιλοξενία ιστοσελίδας",
     "start_datetime": "2026-01-15T06:00:00Z", "interval": 1, "period": "months",
     "end_datetime": "2036-01-15T06:00:00Z", "last_execution": "2026-03-15T06:00:00Z",
     "next_execution": "2026-04-15T06:00:00Z", "paused": False, "draft": True,
     "client": 3300000040000100, "client_display_name": "Αλφα Ο.Ε.",
     "client_email": "logistirio@alfa.gr", "currency_code": "EUR", "total": "1234.56",
     "items": [], "modified": "2026-03-15T06:00:01Z"},
    {"id": "1050000300010041", "custom_id": "Συντήρηση",
     "start_datetime": "2025-06-01T06:00:00Z", "interval": 12, "period": "months",
     "paused": True, "draft": False, "client": 3300000040000101,
     "client_display_name": "Βήτα Ι.Κ.Ε.", "currency_code": "EUR", "total": "300.00",
     "items": [], "modified": "2026-05-01T09:30:00Z"},
    {"id": "1050000300010042", "custom_id": "Backup",
     "start_datetime": "2026-02-02T06:00:00Z", "interval": 2, "period": "weeks",
     "paused": False, "draft": False, "client": 3300000040000102,
     "client_display_name": "Γάμμα", "currency_code": "EUR", "total": "0.29",
     "items": [], "modified": "2026-06-01T09:30:00Z"},
]

# Every output of the command, to look for the token in at the end.
OUTPUTS = []


def cli(bus, *args, **kwargs):
    result = run(bus, *args, **kwargs)
    OUTPUTS.append(result.out + result.err)
    return result


def cli_ok(bus, *args, **kwargs):
    result = ok(bus, *args, **kwargs)
    OUTPUTS.append(result.out + result.err)
    return result


def report_of(result):
    """The counts of `elorus sync`'s report, by their English labels."""
    counts = {}
    for line in result.out.splitlines():
        match = re.match(r"^(Sales added|Sales updated|Sales unchanged|Sales ended|"
                         r"Invoices refused): (\d+)$", line)
        if match:
            counts[match.group(1)] = int(match.group(2))
    return counts


class Elorus:
    """The stand-in of Elorus's API, serving @invoices (rewritten by write ())."""

    def __init__(self, bus, name, token=TOKEN, script=None):
        self.folder = bus.path(name)
        os.makedirs(self.folder, exist_ok=True)
        self.invoices_path = os.path.join(self.folder, "invoices.json")
        self.log_path = os.path.join(self.folder, "requests.log")
        self.write(INVOICES)
        argv = [sys.executable, ELORUS_SERVER, "--invoices", self.invoices_path, "--token", token,
                "--organization", ORGANIZATION, "--log", self.log_path]
        if script is not None:
            argv += ["--script", json.dumps(script)]
        # It exits when its standard input closes: with the test, however it ends.
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        line = self.process.stdout.readline()
        check(line.startswith("PORT "), "the stand-in of Elorus started", line)
        self.url = "http://127.0.0.1:%d" % int(line.split()[1])

    def write(self, invoices):
        with open(self.invoices_path, "w", encoding="utf-8") as f:
            json.dump(invoices, f, ensure_ascii=False)

    def requests(self):
        try:
            with open(self.log_path, encoding="utf-8") as f:
                return [json.loads(line) for line in f]
        except FileNotFoundError:
            return []

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


class Session(PrivateBus):
    """A private session whose bus also has a gnome-keyring-daemon, unlocked with a password
    given on its standard input, as PAM gives it at login."""

    def __init__(self):
        super().__init__(CLI, SERVICES_DIR, prefix="rs-cli-elorus-",
                         env={"GSETTINGS_BACKEND": "keyfile", "G_MESSAGES_DEBUG": "recurring-sales-service recurring-sales-elorus",
                              # The timer may tick every second here (see test_timer).
                              "RS_ELORUS_MIN_INTERVAL": "1",
                              # Idle soon: a login keeps it running for the timer.
                              "RS_SERVICE_IDLE_TIMEOUT": "2"})
        os.makedirs(self.path("log"), exist_ok=True)
        with open(self.path("log", "gnome-keyring.log"), "ab") as log:
            self.keyring = subprocess.Popen(
                ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                env=self.env, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
        self.keyring.stdin.write(KEYRING_PASSWORD.encode())
        self.keyring.stdin.close()
        self.processes.append(self.keyring)
        self.wait_for_name("org.freedesktop.secrets", process=self.keyring)
        self.servers = []

    def elorus(self, name, **kwargs):
        server = Elorus(self, name, **kwargs)
        self.servers.append(server)
        return server

    def stop(self):
        for server in self.servers:
            server.stop()
        super().stop()


def list_sales(bus):
    return {sale["client"]: sale for sale in json.loads(cli_ok(bus, "list", "--json").out)}


def iterate_until(condition, timeout=60):
    """Runs GLib's main context (Gio's replies and signals) until @condition () or @timeout."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        context.iteration(False)
        time.sleep(0.02)
    return condition()


def wait_until(condition, message, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        check(time.monotonic() < deadline, message)
        time.sleep(0.2)


def login(bus, server, token=TOKEN):
    result = cli_ok(bus, "elorus", "login", "--organization", ORGANIZATION, "--api-url",
                    server.url, stdin=token + "\n")
    check(ORGANIZATION in result.out, "login says which organization", result)


def test_before_login(bus):
    server = bus.elorus("elorus")
    out = cli_ok(bus, "elorus", "status").out
    check("Not logged in to Elorus" in out, "status before login", out)
    check("Last successful sync: never" in out, "status: never synced", out)
    result = refused(bus, "elorus", "sync", sentence=r"Nobody is logged in to Elorus.*login")
    OUTPUTS.append(result.err)
    equal(server.requests(), [], "nothing asked of Elorus without a login")

    usage_error(bus, "elorus", "elorus")
    usage_error(bus, "elorus", "elorus", "fetch", sentence=r"“fetch” is not a command")
    usage_error(bus, "elorus login", "elorus", "login", sentence=r"--organization")
    usage_error(bus, "elorus login", "elorus", "login", "--organization", "12 34",
                sentence=r"“12 34” is not an Elorus organization ID")
    # The token would cross the network in the clear.
    usage_error(bus, "elorus login", "elorus", "login", "--organization", ORGANIZATION,
                "--api-url", "http://api.example.com", sentence=r"not encrypted")
    usage_error(bus, "elorus login", "elorus", "login", "--organization", ORGANIZATION,
                "--api-url", "https://api.elorus.com/v1.2/?x=1", sentence=r"without a path")
    result = cli(bus, "elorus", "login", "--organization", ORGANIZATION, stdin="\n")
    equal(result.code, 1, "an empty token is refused", result)
    check("No token was given" in result.err, "and says so", result)
    result = cli(bus, "elorus", "login", "--organization", ORGANIZATION, stdin="two words\n")
    equal(result.code, 1, "a token with a space is refused", result)
    check("two words" not in result.err, "and not quoted back", result)
    out = cli_ok(bus, "elorus", "status").out
    check("Not logged in to Elorus" in out, "a refused login stores nothing", out)


def test_login_and_first_sync(bus):
    server = bus.servers[0]
    login(bus, server)
    out = cli_ok(bus, "elorus", "status").out
    check(f"Logged in to Elorus as organization {ORGANIZATION} ({server.url})." in out,
          "status after login", out)

    result = cli_ok(bus, "elorus", "sync", "--dry-run")
    check(result.out.startswith("A dry run: nothing was changed."), "a dry run says so", result)
    equal(report_of(result)["Sales added"], 3, "a dry run counts the sales it would add")
    equal(list_sales(bus), {}, "a dry run adds nothing")

    revision = bus.property("Revision")
    result = cli_ok(bus, "elorus", "sync")
    equal(report_of(result), {"Sales added": 3, "Sales updated": 0, "Sales unchanged": 0,
                              "Sales ended": 0, "Invoices refused": 0}, "the first sync", result)
    equal(result.err, "", "every next_execution agrees with our dates", result)
    sales = list_sales(bus)
    equal(sorted(sales), ["Αλφα Ο.Ε.", "Βήτα Ι.Κ.Ε.", "Γάμμα"], "the three sales, Greek names")
    alpha = sales["Αλφα Ο.Ε."]
    equal(alpha["amount"], "1234.56", "the amount exactly")
    equal(alpha["currency"], "EUR", "the currency")
    equal(alpha["period"], "1m", "monthly")
    equal(alpha["start"], "2026-01-15", "the start")
    equal(alpha["until"], "2036-01-15", "the end")
    equal(alpha["service"], "Φιλοξενία ιστοσελίδας", "custom_id is the service")
    equal(alpha["email"], "logistirio@alfa.gr", "the client's e-mail")
    equal(sales["Βήτα Ι.Κ.Ε."]["period"], "1y", "12 months is a year")
    equal(sales["Βήτα Ι.Κ.Ε."]["status"], "paused", "paused upstream, paused here")
    check(bus.property("Revision") >= revision + 3, "one change per sale, each announced")

    # Every call carried the two headers, and nothing but the stand-in was asked.
    requests = server.requests()
    check(requests and all(r.get("authorized") for r in requests), "every call authorized",
          requests)


def test_second_sync_changes_nothing(bus):
    revision = bus.property("Revision")
    before = list_sales(bus)
    result = cli_ok(bus, "elorus", "sync", "--json")
    report = json.loads(result.out)
    equal((report["added"], report["updated"], report["ended"], report["uids"]), (0, 0, 0, []),
          "the second sync changes nothing", report)
    equal(bus.property("Revision"), revision, "not even the store's revision")
    equal(list_sales(bus), before, "the sales are as they were")


def test_changed_and_deleted_upstream(bus):
    server = bus.servers[0]
    uids = {client: sale["uid"] for client, sale in list_sales(bus).items()}
    # The owner's own field on a synced sale: a sync never overwrites it.
    cli_ok(bus, "edit", uids["Αλφα Ο.Ε."], "--iban", "GR16 0110 1250 0000 0001 2300 695")

    changed = [dict(invoice) for invoice in INVOICES[:2]]
    changed[0]["client_display_name"] = "Αλφα και Βήτα Ο.Ε."
    changed[0]["total"] = "1300.00"
    changed[0]["modified"] = "2026-07-01T08:00:00Z"
    server.write(changed)

    received = []
    subscription = bus.connection.signal_subscribe(
        None, INTERFACE, "SalesChanged", OBJECT_PATH, None, Gio.DBusSignalFlags.NONE,
        lambda *args: received.extend(args[5].unpack()[0]))
    result = cli_ok(bus, "elorus", "sync")
    counts = report_of(result)
    equal((counts["Sales added"], counts["Sales updated"], counts["Sales ended"]), (0, 1, 1),
          "one updated, one ended", result)
    sales = {sale["uid"]: sale for sale in list_sales(bus).values()}
    alpha = sales[uids["Αλφα Ο.Ε."]]
    equal(alpha["client"], "Αλφα και Βήτα Ο.Ε.", "the new name")
    equal(alpha["amount"], "1300.00", "the new amount")
    equal(alpha["iban"], "GR1601101250000000012300695", "the owner's IBAN kept")
    gamma = sales[uids["Γάμμα"]]
    equal(gamma["status"], "ended", "the deleted invoice ends its sale, never deletes it")

    iterate_until(lambda: len(received) >= 2, timeout=5)
    bus.connection.signal_unsubscribe(subscription)
    equal(sorted(received), sorted([uids["Αλφα Ο.Ε."], uids["Γάμμα"]]),
          "SalesChanged named the two sales")


def test_status_after_sync(bus):
    out = cli_ok(bus, "elorus", "status").out
    check(re.search(r"^Last successful sync: \d{4}-\d\d-\d\d \d\d:\d\d$", out, re.M),
          "status says when the last sync succeeded", out)
    check("The service syncs on its own: every 6 hours." in out, "and how often", out)
    status = json.loads(cli_ok(bus, "elorus", "status", "--json").out)
    equal((status["logged-in"], status["organization"], status["running"]),
          (True, ORGANIZATION, False), "status --json", status)
    check(abs(status["last-success"] - time.time()) < 600, "the last success is now", status)

    # Logged in, with the timer on: the service stays past its idle timeout (2 s here), as it
    # does for reminders ahead, or it would never sync on its own.
    pid = bus.pid()
    time.sleep(4)
    equal(bus.pid(), pid, "the service stays running while logged in")


def test_other_calls_during_a_sync(bus):
    # The first call of this sync is throttled for 3 s: the sync waits in its thread.
    slow = bus.elorus("slow", script={"1": {"status": 429, "retry_after": 3}})
    login(bus, slow)
    service = bus.service()
    replies = []

    def on_reply(connection, result):
        try:
            replies.append(connection.call_finish(result).unpack()[0])
        except GLib.Error as error:
            replies.append(error)

    bus.connection.call(BUS_NAME, OBJECT_PATH, INTERFACE, "ElorusSync",
                        GLib.Variant("(a{sv})", ({},)), GLib.VariantType("(a{sv})"),
                        Gio.DBusCallFlags.NONE, 120000, None, on_reply)
    wait_until(lambda: slow.requests(), "the sync asked the stand-in")
    started = time.monotonic()
    equal(len(service.ListSales(dbus.Dictionary({}, signature="sv"))), 3,
          "ListSales answers during a sync")
    check(time.monotonic() - started < 1.5, "at once, not after the sync")
    try:
        service.ElorusSync(dbus.Dictionary({}, signature="sv"))
        check(False, "a second sync is refused")
    except dbus.DBusException as error:
        equal(error.get_dbus_name(), ERROR_PREFIX + "Busy", "a second sync: Busy", error)
    equal(bool(service.ElorusStatus()["running"]), True, "status: running")
    try:
        service.ElorusSync(dbus.Dictionary({"api-url": "http://evil.example"}, signature="sv"))
        check(False, "an unknown option is refused")
    except dbus.DBusException as error:
        equal(error.get_dbus_name(), ERROR_PREFIX + "InvalidArgument", "unknown option", error)

    iterate_until(lambda: replies)
    check(replies and isinstance(replies[0], dict), "the throttled sync ended well", replies)


def test_timer(bus):
    good = bus.servers[0]
    # A wrong token: Elorus answers 403; the timer says so once, not at each tick.
    login(bus, good, token=WRONG_TOKEN)
    cli_ok(bus, "settings", "elorus-sync-interval", "1")
    n_before = len(good.requests())
    wait_until(lambda: len(good.requests()) >= n_before + 4, "the timer syncs every second")
    failures = bus.bus_log_text().count("The sync with Elorus failed")
    equal(failures, 1, "a failure is said once", bus.bus_log_text()[-2000:])
    status = json.loads(cli_ok(bus, "elorus", "status", "--json").out)
    check("refused the token" in status.get("last-error", ""), "status has the failure", status)

    # The right token again, and a change upstream: the timer brings it in.
    changed = [dict(invoice) for invoice in INVOICES[:2]]
    changed[1]["client_display_name"] = "Βήτα και Σια Ι.Κ.Ε."
    changed[1]["modified"] = "2026-08-01T08:00:00Z"
    good.write(changed)
    login(bus, good)
    wait_until(lambda: "Βήτα και Σια Ι.Κ.Ε." in list_sales(bus), "the timer brought the change")
    wait_until(lambda: "last-error" not in json.loads(
        cli_ok(bus, "elorus", "status", "--json").out), "a success clears the failure")
    cli_ok(bus, "settings", "elorus-sync-interval", "0")
    time.sleep(1.5)
    n_off = len(good.requests())
    time.sleep(2.5)
    equal(len(good.requests()), n_off, "0: the timer is off")


def test_logout(bus):
    out = cli_ok(bus, "elorus", "logout").out
    check("Logged out of Elorus" in out, "logout", out)
    check("Not logged in" in cli_ok(bus, "elorus", "status").out, "status after logout")
    refused(bus, "elorus", "sync", sentence=r"Nobody is logged in")
    check("Nobody was logged in" in cli_ok(bus, "elorus", "logout").out, "logout twice")
    # Logged out (status told the service): it exits when idle again.
    bus.wait_for_name(BUS_NAME, owned=False, timeout=20)
    equal(len(list_sales(bus)), 3, "the sales stay")
    # Asked on a terminal, the token is read without an echo: the prompt is on stderr.
    result = on_terminal(bus, TOKEN, "elorus", "login", "--organization", ORGANIZATION,
                         "--api-url", bus.servers[0].url)
    OUTPUTS.append(result.out + result.err)
    equal(result.code, 0, "login on a terminal", result)
    check("Elorus API token (not shown):" in result.err, "the prompt", result)
    check("Logged in" in cli_ok(bus, "elorus", "status").out, "logged in from the terminal")
    cli_ok(bus, "elorus", "logout")


def test_answers_fit_the_schema(bus):
    # The stand-in refuses to send what our schema of Elorus's answers refuses (500, logged).
    errors = [r for server in bus.servers for r in server.requests() if "schema_error" in r]
    equal(errors, [], "every answer of the stand-in fits Elorus's schema")


def test_token_nowhere(bus):
    # The keyring's own file is encrypted with the keyring's password: the token is not in it
    # either, as in every other file of the session (the store, the logs, the bus's log with the
    # service's debug messages, the stand-in's log of requests).
    found = []
    for folder, _, files in os.walk(bus.root):
        for name in files:
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            for token in (TOKEN, WRONG_TOKEN):
                if token.encode() in data:
                    found.append(path)
    equal(found, [], "the token is in no file of the session")
    check(all(TOKEN not in text and WRONG_TOKEN not in text for text in OUTPUTS),
          "nor in any output or error of the command")
    check(TOKEN not in bus.bus_log_text(), "nor in the service's log")


def main():
    bus = Session()
    return run_tap([
        ("before login: status, refusals, usage errors", test_before_login),
        ("login, a dry run, the first sync", test_login_and_first_sync),
        ("a second sync changes nothing", test_second_sync_changes_nothing),
        ("changed and deleted upstream: updated and ended", test_changed_and_deleted_upstream),
        ("status says when the last sync succeeded", test_status_after_sync),
        ("other calls are answered during a sync; a second one is Busy",
         test_other_calls_during_a_sync),
        ("the service's timer: a failure said once, a change brought in", test_timer),
        ("logout, and login from a terminal", test_logout),
        ("every answer of the stand-in fits Elorus's schema", test_answers_fit_the_schema),
        ("the token appears nowhere", test_token_nowhere),
    ], bus)


if __name__ == "__main__":
    sys.exit(main())
