#!/usr/bin/python3
# test-dispatcher.py: client reminders end to end. The build tree's service (D-Bus activated on
# a private session bus), the real evolution-source-registry holding an Evolution-style mail
# account, a real SMTP server on loopback (python3-aiosmtpd), and a clock the test controls
# (RS_SERVICE_CLOCK_FILE). Prints TAP.
#
#   test-dispatcher.py SERVICES_DIR
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-dbus, python3-gi, python3-aiosmtpd). The environment comes
# from meson's test_env (GSETTINGS_SCHEMA_DIR, RS_LOCALEDIR, RS_TEMPLATES_DIR, TZ).

import datetime
import email
import email.header
import email.policy
import os
import socket
import subprocess
import sys
import threading
import time
import zoneinfo

import dbus
import dbus.mainloop.glib
import dbus.service
from aiosmtpd.controller import Controller
from gi.repository import GLib

# tests/common/private_session.py: the session, its bus, the check helpers and the TAP report.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from private_session import (BUS_NAME, INTERFACE, OBJECT_PATH, REGISTRY_NAME,  # noqa: E402
                             USER_PROMPTER_NAME, WAIT_SECONDS, Failure, PrivateSession, check,
                             run_tap)

SERVICES_DIR = sys.argv[1]
ZONE = zoneinfo.ZoneInfo(os.environ.get("TZ", "Europe/Athens"))

# An Evolution account as Evolution writes it: the account, its identity (with submission and
# composition) and an SMTP transport. No incoming server: drafts and sent copies go to the
# local "On This Computer" folders.
SOURCES = {
    "test-account": """[Data Source]
DisplayName=Business
Enabled=true
Parent=

[Mail Account]
BackendName=none
IdentityUid=test-identity
NeedsInitialSetup=false
""",
    "test-identity": """[Data Source]
DisplayName=Business
Enabled=true
Parent=test-account

[Mail Identity]
Address=owner@business.example
Name=Maria Owner
Organization=Owner Web Services

[Mail Submission]
SentFolder=folder://local/Sent
TransportUid=test-transport

[Mail Composition]
DraftsFolder=folder://local/Drafts
""",
    "test-transport": """[Data Source]
DisplayName=Business SMTP
Enabled=true
Parent=test-account

[Mail Transport]
BackendName=smtp

[Authentication]
Host=127.0.0.1
Port={port}
User=
RememberPassword=false

[Security]
Method=none

[Smtp Backend]
AuthMechanism=
""",
}


# The SMTP server: every message kept with its envelope; "refuse" answers 451 (try later).

class Handler:
    def __init__(self):
        self.messages = []
        self.mode = "accept"
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                                  bytes(envelope.original_content or envelope.content)))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NotificationServer(dbus.service.Object):
    """The desktop's notification server, as a peer on the private bus: records what it is
    asked to show."""

    def __init__(self, connection):
        self.notifications = []
        self.name = dbus.service.BusName("org.freedesktop.Notifications", connection)
        super().__init__(connection, "/org/freedesktop/Notifications")

    @dbus.service.method("org.freedesktop.Notifications", in_signature="susssasa{sv}i",
                         out_signature="u")
    def Notify(self, app_name, replaces_id, icon, summary, body, actions, hints, timeout):
        self.notifications.append((str(summary), str(body)))
        return dbus.UInt32(len(self.notifications))


class Session(PrivateSession):
    """The private session: the service, and the registry (with its user prompter) started by
    D-Bus activation; python3-dbus talks on its bus (calls, signal receivers, a notification
    server). The service's messages go to the script's standard error."""

    def __init__(self, idle_timeout="0"):
        super().__init__(prefix="rs-test-dispatcher-", service_dirs=[SERVICES_DIR],
                         activate_eds=(REGISTRY_NAME, USER_PROMPTER_NAME), bus_log=None,
                         # Evolution's default account is a GSettings key the service reads:
                         # keep it in a file.
                         env={"RS_SERVICE_IDLE_TIMEOUT": idle_timeout,
                              "GSETTINGS_BACKEND": "keyfile"})
        self.clock_file = self.path("clock")
        self.env["RS_SERVICE_CLOCK_FILE"] = self.clock_file

        self.handler = Handler()
        self.smtp_port = free_port()
        self.smtp = Controller(self.handler, hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()

        self.write_account()
        self.set_clock(datetime.datetime(2027, 1, 1, 12, 0, tzinfo=ZONE))
        self.start_bus()

    def write_account(self):
        self.write_sources({uid: text.format(port=self.smtp_port) for uid, text in SOURCES.items()})
        settings = os.path.join(self.env["XDG_CONFIG_HOME"], "glib-2.0", "settings")
        os.makedirs(settings)
        with open(os.path.join(settings, "keyfile"), "w") as f:
            f.write("[org/gnome/evolution]\n"
                    "default-mail-account='test-account'\n"
                    "\n"
                    "[io/github/recurring_sales]\n"
                    "team-addresses=['anna@team.example', 'nikos@team.example']\n")

    def start_bus(self):
        super().start_bus()
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.address
        self.bus = dbus.bus.BusConnection(self.address)
        self.delivered_signals = []
        self.missed_signals = []
        self.notification_server = NotificationServer(self.bus)
        self.bus.add_signal_receiver(
            lambda *args: self.delivered_signals.append(tuple(str(a) for a in args)),
            signal_name="ReminderDelivered", dbus_interface=INTERFACE)
        self.bus.add_signal_receiver(
            lambda *args: self.missed_signals.append(tuple(str(a) for a in args)),
            signal_name="ReminderMissed", dbus_interface=INTERFACE)

    @property
    def proxy(self):
        # A new proxy each time: it activates the service again after a kill.
        return self.bus.get_object(BUS_NAME, OBJECT_PATH, introspect=False)

    def call(self, method, *args):
        return getattr(self.proxy, method)(*args, dbus_interface=INTERFACE, timeout=120)

    def checked_until(self):
        return int(self.proxy.Get(INTERFACE, "RemindersCheckedUntil",
                                  dbus_interface="org.freedesktop.DBus.Properties"))

    def set_clock(self, when):
        self.now = int(when.timestamp())
        # Written in place: the service watches the file and reads it when it is closed.
        with open(self.clock_file, "w") as f:
            f.write("%d\n" % self.now)

    def advance(self, when):
        """Sets the clock and waits until the service has handled everything due by then."""
        self.set_clock(when)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            context = GLib.MainContext.default()
            while context.iteration(False):
                pass
            if self.checked_until() >= self.now:
                return
            time.sleep(0.02)
        raise Failure("the service did not handle the reminders due by %s" % when)

    def spin(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            while GLib.MainContext.default().iteration(False):
                pass
            time.sleep(0.01)

    def deliveries(self, **filter_keys):
        return [dict((str(k), v) for k, v in d.items())
                for d in self.call("ListDeliveries", dbus.Dictionary(filter_keys, signature="sv"))]

    def close(self):
        self.bus.close()
        self.stop()
        self.smtp.stop()


def add_sale(session, **fields):
    sale = {
        "client": "Acme Ltd",
        "email": "billing@acme.example",
        "service": "Hosting",
        "amount_minor": dbus.Int64(12000),
        "currency": "EUR",
        "draft": True,
    }
    sale.update(fields)
    return str(session.call("AddSale", dbus.Dictionary(sale, signature="sv")))


def client_rules(*rules):
    return dbus.Array([dbus.Struct((kind, dbus.UInt32(lead), "client")) for kind, lead in rules],
                      signature="(sus)")


def rules(*rules):
    """(kind, lead, audience) triples as the a(sus) of a sale."""
    return dbus.Array([dbus.Struct((kind, dbus.UInt32(lead), audience))
                       for kind, lead, audience in rules], signature="(sus)")


TEAM = ["anna@team.example", "nikos@team.example"]


def parse(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def maildir_messages(session, folder):
    """The messages of a folder of Evolution's local "On This Computer" maildir."""
    base = os.path.join(session.env["XDG_DATA_HOME"], "evolution", "mail", "local", "." + folder)
    return [os.path.join(base, sub, name) for sub in ("new", "cur")
            for name in (os.listdir(os.path.join(base, sub))
                         if os.path.isdir(os.path.join(base, sub)) else [])]


def local_noon(day):
    return datetime.datetime(day.year, day.month, day.day, 12, 0, tzinfo=ZONE)


# The tests

def test_400_days_exactly_once(session):
    # The client's reminders, and the team's through the same dispatcher, ledger and mailer:
    # the team in the settings for this one, the team of its own for the last one.
    monthly = add_sale(session, period="1m", start="2027-01-31", count=dbus.UInt32(12),
                       delivery="send", reminders=rules(
                           ("invoice", 7, "client"), ("expiry", 30, "client"),
                           ("invoice", 3, "team"), ("expiry", 30, "team")))
    # Control characters are refused when the sale is stored; what remains is text that looks
    # like addresses and headers.
    hostile = add_sale(session, client="Κατερίνα, Bcc: evil@attacker.example <evil@attacker.example>",
                       email="katerina@client.example", service="Συντήρηση ιστότοπου",
                       period="1y", start="2027-02-28", count=dbus.UInt32(2), delivery="send",
                       language="el", reminders=client_rules(("invoice", 7)))
    # No client e-mail at all: a team reminder needs none. The client is Greek, the owner's
    # desktop (the test's) English: the team's e-mails are in English.
    own_team = add_sale(session, client="Λάμδα ΙΚΕ", email="", service="Διαφήμιση",
                        amount_minor=dbus.Int64(45000), period="3m", start="2027-03-15",
                        count=dbus.UInt32(2), language="el", notice_days=dbus.UInt32(20),
                        team="lefteris@team.example",
                        reminders=rules(("invoice", 2, "team"), ("expiry", 14, "team")))
    session.advance(local_noon(datetime.date(2027, 1, 1)))

    day = datetime.date(2027, 1, 2)
    last = day + datetime.timedelta(days=400)
    restarted = False
    while day <= last:
        session.advance(local_noon(day))
        if day == datetime.date(2027, 7, 20) and not restarted:
            # A crash in the middle of the run: the next call starts a new service, which
            # must not deliver anything a second time.
            session.kill_service()
            restarted = True
        day += datetime.timedelta(days=1)

    team_addresses = set(TEAM) | {"lefteris@team.example"}
    all_messages = session.handler.messages
    messages = [m for m in all_messages if not set(m[1]) & team_addresses]
    team_messages = [m for m in all_messages if set(m[1]) & team_addresses]
    # 12 invoices of the 31st (clamped to month ends) 7 days ahead, the expiry 30 days ahead,
    # and the yearly sale's first invoice; its second is after the 400 days.
    check(len(messages) == 14, "expected 14 messages, got %d" % len(messages),
          [parse(m[2])["Subject"] for m in messages])
    ids = [parse(m[2])["Message-ID"] for m in all_messages]
    check(len(set(ids)) == len(ids), "a message was sent twice", ids)

    records = session.deliveries()
    client_records = [r for r in records if r["audience"] == "client"]
    team_records = [r for r in records if r["audience"] == "team"]
    check(len(client_records) == 14 and all(r["state"] == "delivered" and r["mode"] == "send"
                                            for r in client_records),
          "the ledger does not say 14 sent", client_records)

    # The team: the monthly sale's 12 invoices 3 days ahead and its expiry 30 days ahead, to
    # the team of the settings; the other's 2 invoices and its expiry, to its own team. Each
    # once, sent (team-delivery's default), across the crash.
    check(len(team_messages) == 16, "expected 16 messages to the team, got %d" % len(team_messages),
          [parse(m[2])["Subject"] for m in team_messages])
    check(len(team_records) == 16 and all(r["state"] == "delivered" and r["mode"] == "send"
                                          for r in team_records),
          "the ledger does not say 16 sent to the team", team_records)
    check(sorted(str(r["message_id"]) for r in team_records) ==
          sorted(str(parse(m[2])["Message-ID"]) for m in team_messages),
          "the team's ledger and the messages do not match")
    team_due = sorted(datetime.datetime.fromtimestamp(int(r["due"]), ZONE).strftime("%m-%d %H:%M")
                      for r in team_records if r["uid"] == monthly and r["kind"] == "invoice")
    check(team_due == ["01-28 09:00", "02-25 09:00", "03-28 09:00", "04-27 09:00",
                       "05-28 09:00", "06-27 09:00", "07-28 09:00", "08-28 09:00",
                       "09-27 09:00", "10-28 09:00", "11-27 09:00", "12-28 09:00"],
          "team invoice reminders not 3 days before each month end, at 09:00", team_due)
    to_settings_team = [m for m in team_messages if sorted(m[1]) == sorted(TEAM)]
    to_own_team = [m for m in team_messages if m[1] == ["lefteris@team.example"]]
    check(len(to_settings_team) == 13 and len(to_own_team) == 3,
          "the team reminders did not go to the right team", [m[1] for m in team_messages])
    expiry = [parse(m[2]) for m in to_settings_team
              if "expires on" in str(parse(m[2])["Subject"])]
    check(len(expiry) == 1, "no single team expiry reminder", [parse(m[2])["Subject"] for m in to_settings_team])
    text = expiry[0].get_body(("plain",)).get_content()
    check(str(expiry[0]["Subject"]) == "Renewal offer: Hosting for Acme Ltd expires on 30 January 2028"
          and "Client’s e-mail: billing@acme.example" in text and "Amount: €120.00" in text
          and "prepare a renewal offer" in text and "Offer: not sent yet" in text
          and str(expiry[0]["X-Recurring-Sale-Reminder"]) == "expiry 30 2028-01-30 team",
          "the team's expiry reminder does not say what to do", expiry[0]["Subject"], text)
    greek_client = [parse(m[2]) for m in to_own_team if "expires on" in str(parse(m[2])["Subject"])]
    check(len(greek_client) == 1 and "Λάμδα ΙΚΕ" in str(greek_client[0]["Subject"]) and
          "Notice deadline: 25 August 2027" in greek_client[0].get_body(("plain",)).get_content()
          and "e-mail" not in greek_client[0].get_body(("plain",)).get_content(),
          "the own team's reminder is not in the owner's language, or shows an empty address",
          [str(m["Subject"]) for m in greek_client])
    due_days = sorted(datetime.datetime.fromtimestamp(int(r["due"]), ZONE).strftime("%m-%d %H:%M")
                      for r in client_records if r["uid"] == monthly and r["kind"] == "invoice")
    check(due_days == ["01-24 09:00", "02-21 09:00", "03-24 09:00", "04-23 09:00",
                       "05-24 09:00", "06-23 09:00", "07-24 09:00", "08-24 09:00",
                       "09-23 09:00", "10-24 09:00", "11-23 09:00", "12-24 09:00"],
          "invoice reminders not 7 days before each month end, at 09:00", due_days)

    greek = [parse(m[2]) for m in messages if "katerina@client.example" in m[1]]
    check(len(greek) == 1, "the Greek client got %d messages" % len(greek))
    message = greek[0]
    raw_headers = [m[2] for m in messages if "katerina@client.example" in m[1]][0].split(b"\r\n\r\n")[0]
    check(all(b < 0x80 for b in raw_headers), "raw 8-bit bytes in the headers", raw_headers)
    check("Συντήρηση ιστότοπου" in str(message["Subject"]), "the Greek subject does not decode",
          message["Subject"])
    check(message["Bcc"] is None and b"evil@attacker" not in raw_headers.split(b"\r\nTo:")[0] and
          [m[1] for m in messages if "katerina@client.example" in m[1]][0] == ["katerina@client.example"],
          "the hostile client name reached the headers or the envelope", raw_headers)
    check(message["From"].addresses[0].addr_spec == "owner@business.example",
          "not from the identity", message["From"])

    sent_signals = [s for s in session.delivered_signals if s[3] == "send"]
    check(len(sent_signals) >= 30 - 2 and len(set(s[4] for s in sent_signals)) == len(sent_signals),
          "ReminderDelivered signals missing or repeated", session.delivered_signals)

    # The copies in the local Sent folder, each once: the client's 14 and the team's 16.
    sent_copies = maildir_messages(session, "Sent")
    check(len(sent_copies) == 30, "expected 30 copies in Sent, found %d" % len(sent_copies),
          sent_copies)


def test_outage_catches_up_within_window(session):
    daily = add_sale(session, client="Beta", email="beta@client.example", period="1d",
                     start="2028-03-01", count=dbus.UInt32(10), delivery="send",
                     reminders=client_rules(("invoice", 0)))
    session.handler.messages.clear()
    session.advance(local_noon(datetime.date(2028, 3, 1)))
    check(len(session.handler.messages) == 1, "the first day's reminder was not sent")
    missed_before = len(session.missed_signals)

    # Off for five days: due at 09:00 on the 2nd … 6th; by noon on the 6th the 2nd and 3rd are
    # more than 3 days late (the catch-up window), the 4th, 5th and 6th are not.
    session.kill_service()
    session.set_clock(local_noon(datetime.date(2028, 3, 6)))
    session.advance(local_noon(datetime.date(2028, 3, 6)))

    records = {r["date"]: r for r in session.deliveries(uid=daily)}
    states = dict((d, r["state"]) for d, r in records.items())
    check(states == {"2028-03-01": "delivered", "2028-03-02": "missed", "2028-03-03": "missed",
                     "2028-03-04": "delivered", "2028-03-05": "delivered",
                     "2028-03-06": "delivered"}, "wrong catch-up", states)
    check(len(session.handler.messages) == 4, "expected 4 messages in all",
          len(session.handler.messages))
    deadline = time.monotonic() + 5
    while len(session.missed_signals) < missed_before + 2 and time.monotonic() < deadline:
        GLib.MainContext.default().iteration(False)
        time.sleep(0.02)
    check(sorted(s[2] for s in session.missed_signals[missed_before:]) == ["2028-03-02", "2028-03-03"],
          "ReminderMissed not emitted for the missed ones", session.missed_signals)
    # The owner is told once, on the desktop, naming the client.
    # (Jumping from the end of the 400 days to 1 March also missed the yearly sale's second
    # invoice reminder, due on 21 February: that was a notification of its own.)
    session.spin(0.5)
    notes = session.notification_server.notifications
    check(len(notes) == 2 and "Κατερίνα" in notes[0][0] and "2 reminders" in notes[1][0] and
          notes[1][1].count("Beta") == 2,
          "not one desktop notification about the two missed reminders", notes)


def test_broken_smtp_retries_never_duplicates(session):
    uid = add_sale(session, client="Gamma", email="gamma@client.example", period="1d",
                   start="2028-04-01", count=dbus.UInt32(1), delivery="send",
                   reminders=client_rules(("invoice", 0)))
    session.handler.messages.clear()
    session.handler.mode = "refuse"
    session.advance(local_noon(datetime.date(2028, 4, 1)))
    (record,) = session.deliveries(uid=uid)
    check(record["state"] == "pending" and int(record["attempts"]) == 1 and "error" in record,
          "a refused reminder is not pending with its error", record)
    check(int(record["next_attempt"]) > session.now, "no backoff", record)

    # Still refused at the next attempt: attempts grow, the wait doubles.
    first_wait = int(record["next_attempt"]) - session.now
    session.advance(datetime.datetime.fromtimestamp(int(record["next_attempt"]), ZONE))
    (record,) = session.deliveries(uid=uid)
    check(int(record["attempts"]) == 2 and int(record["next_attempt"]) - session.now == 2 * first_wait,
          "no growing backoff", record)

    session.handler.mode = "accept"
    session.advance(datetime.datetime.fromtimestamp(int(record["next_attempt"]), ZONE))
    (record,) = session.deliveries(uid=uid)
    check(record["state"] == "delivered", "not delivered once the server accepts", record)
    session.advance(datetime.datetime.fromtimestamp(session.now + 3600, ZONE))
    check(len(session.handler.messages) == 1, "expected exactly one message",
          len(session.handler.messages))


def test_draft_lands_in_local_drafts(session):
    uid = add_sale(session, client="Delta", email="delta@client.example", period="1d",
                   start="2028-05-01", count=dbus.UInt32(1), delivery="draft",
                   reminders=client_rules(("invoice", 0)))
    session.handler.messages.clear()
    session.advance(local_noon(datetime.date(2028, 5, 1)))
    (record,) = session.deliveries(uid=uid)
    check(record["state"] == "delivered" and record["mode"] == "draft", "no draft", record)
    check(session.handler.messages == [], "a draft was sent")
    drafts = [f for f in maildir_messages(session, "Drafts")
              if str(record["message_id"]).encode() in open(f, "rb").read()]
    check(len(drafts) == 1, "the draft is not once in the local Drafts", drafts)

    subject, body = session.call("PreviewReminder", uid, "invoice", "2028-05-01")
    check("Delta" in body and "Hosting" in str(subject) + body, "odd preview", subject, body)


def test_crash_between_delivery_and_record(session):
    """The service delivered, then died before the ledger said so: the next run finds the
    message in Drafts by its Message-ID and records it, without a second copy."""
    uid = add_sale(session, client="Epsilon", email="epsilon@client.example", period="1d",
                   start="2028-06-01", count=dbus.UInt32(1), delivery="draft",
                   reminders=client_rules(("invoice", 0)))
    before = session.checked_until()
    session.advance(local_noon(datetime.date(2028, 6, 1)))
    (record,) = session.deliveries(uid=uid)
    check(record["state"] == "delivered", "no draft", record)
    copies = [f for f in maildir_messages(session, "Drafts")
              if str(record["message_id"]).encode() in open(f, "rb").read()]
    check(len(copies) == 1, "the draft is not there once", copies)

    # As if the crash came between delivering and recording: no ledger record, and the
    # dispatcher's progress before that run.
    session.kill_service()
    store_tool = os.environ["RS_STORE_TOOL"]
    subprocess.run([store_tool, session.store_path, "forget-delivery", uid, str(record["kind"]),
                    str(record["lead_days"]), str(record["date"])], check=True)
    subprocess.run([store_tool, session.store_path, "set-setting", "dispatcher-checked-until",
                    str(before)], check=True)
    session.advance(local_noon(datetime.date(2028, 6, 1)))
    (again,) = session.deliveries(uid=uid)
    copies = [f for f in maildir_messages(session, "Drafts")
              if str(record["message_id"]).encode() in open(f, "rb").read()]
    check(again["state"] == "delivered" and again["message_id"] == record["message_id"],
          "not recorded again as delivered", again)
    check(len(copies) == 1, "the draft was delivered twice", copies)


def test_renewed_and_ended_terms_still_remind(session):
    """A sale renewed (or ended) when its first invoice is out still runs until its expiry: the
    client still gets the reminder of each remaining invoice, with the IBAN, and only the
    expiry reminder is cancelled; the successor's first invoice is reminded as well."""
    iban = "GR1601101250000000012300695"
    fields = dict(period="1m", start="2028-07-31", count=dbus.UInt32(4), delivery="send",
                  prepay=True, iban=iban, reminders=client_rules(("invoice", 7), ("expiry", 30)))
    renewed = add_sale(session, client="Eta", email="eta@client.example", **fields)
    ended = add_sale(session, client="Theta", email="theta@client.example", **fields)
    session.handler.messages.clear()

    # The first invoice's reminder (due 24 July) goes out; then one sale is renewed, the other
    # ended: both terms run until 29 November 2028.
    day = datetime.date(2028, 7, 20)
    while day <= datetime.date(2028, 8, 1):
        session.advance(local_noon(day))
        day += datetime.timedelta(days=1)
    successor = str(session.call("Renew", renewed, dbus.Dictionary({}, signature="sv")))
    session.call("EndSale", ended, "The client moves to another provider")

    while day <= datetime.date(2028, 12, 1):
        session.advance(local_noon(day))
        day += datetime.timedelta(days=1)

    for uid, address in ((renewed, "eta@client.example"), (ended, "theta@client.example")):
        states = sorted((str(r["kind"]), str(r["date"]), str(r["state"]))
                        for r in session.deliveries(uid=uid))
        check(states == [("expiry", "2028-11-29", "cancelled"),
                         ("invoice", "2028-07-31", "delivered"),
                         ("invoice", "2028-08-31", "delivered"),
                         ("invoice", "2028-09-30", "delivered"),
                         ("invoice", "2028-10-31", "delivered")],
              "the old term's invoice reminders are not all sent, or its expiry's is", uid, states)
        # Each sent once, to the client, with the IBAN to prepay to.
        sent = {str(parse(m[2])["Message-ID"]).strip("<>"): (m[1], parse(m[2]))
                for m in session.handler.messages}
        for record in session.deliveries(uid=uid, state="delivered"):
            rcpts, message = sent.get(str(record["message_id"]).strip("<>"), (None, None))
            check(rcpts == [address] and
                  iban in message.get_body(("plain",)).get_content().replace(" ", ""),
                  "an invoice reminder of the old term did not reach the client with the IBAN",
                  record, rcpts)

    states = [(str(r["kind"]), str(r["date"]), str(r["state"]))
              for r in session.deliveries(uid=successor)]
    check(states == [("invoice", "2028-11-30", "delivered")],
          "the successor's first invoice reminder is not sent", states)


def test_team_catch_up_and_missed(session):
    """The team's reminders catch up as the client's do, and one missed is told to the owner as
    the team's, not as a letter the client did not get."""
    uid = add_sale(session, client="Kappa", email="", period="1d", start="2029-01-10",
                   count=dbus.UInt32(3), reminders=rules(("invoice", 0, "team")))
    session.handler.messages.clear()
    session.advance(local_noon(datetime.date(2029, 1, 10)))
    notes_before = len(session.notification_server.notifications)

    # Off from the 10th to noon on the 14th: the 11th's (09:00) is more than 3 days late
    # (missed), the 12th's is not (sent late).
    session.kill_service()
    session.set_clock(local_noon(datetime.date(2029, 1, 14)))
    session.advance(local_noon(datetime.date(2029, 1, 14)))
    states = {str(r["date"]): (str(r["audience"]), str(r["state"])) for r in session.deliveries(uid=uid)}
    check(states == {"2029-01-10": ("team", "delivered"), "2029-01-11": ("team", "missed"),
                     "2029-01-12": ("team", "delivered")}, "the team's catch-up", states)
    check(len(session.handler.messages) == 2 and
          all(sorted(m[1]) == sorted(TEAM) for m in session.handler.messages),
          "not two messages to the team", [m[1] for m in session.handler.messages])
    # Only Kappa's: a sale of an earlier test may be told missed in the same catch-up.
    def kappa_notes():
        return [n for n in session.notification_server.notifications[notes_before:]
                if "Kappa" in n[0]]
    deadline = time.monotonic() + 5
    while not kappa_notes() and time.monotonic() < deadline:
        session.spin(0.05)
    notes = kappa_notes()
    check(len(notes) == 1 and notes[0][0] == "A reminder to your team about Kappa was not sent"
          and "tell your team" in notes[0][1],
          "the missed team reminder is not told as the team's", notes)


def test_service_stays_while_reminders_lie_ahead(session):
    """With a short idle timeout the service still stays while a client reminder is ahead,
    and exits once none is."""
    quiet = Session(idle_timeout="1")
    try:
        uid = add_sale(quiet, client="Zeta", email="zeta@client.example", period="1m",
                       start="2029-01-31", count=dbus.UInt32(3), delivery="send",
                       reminders=client_rules(("invoice", 7)))
        quiet.advance(local_noon(datetime.date(2027, 1, 2)))
        quiet.spin(3)
        check(quiet.service_running(), "the service exited with reminders ahead")
        quiet.call("RemoveSale", uid)
        deadline = time.monotonic() + 15
        while quiet.service_running() and time.monotonic() < deadline:
            quiet.spin(0.1)
        check(not quiet.service_running(), "the service stayed with nothing ahead")
    finally:
        quiet.close()


TESTS = [
    ("400 simulated days: every client and team reminder sent exactly once, across a crash",
     test_400_days_exactly_once),
    ("a 5-day outage catches up within 3 days and reports the rest", test_outage_catches_up_within_window),
    ("a refusing SMTP server: pending, retried with backoff, then sent once",
     test_broken_smtp_retries_never_duplicates),
    ("draft mode puts the message in the local Drafts folder", test_draft_lands_in_local_drafts),
    ("a crash between delivering and recording delivers nothing twice",
     test_crash_between_delivery_and_record),
    ("a renewed or ended sale still reminds its client of the invoices left in its term",
     test_renewed_and_ended_terms_still_remind),
    ("team reminders catch up; a missed one is told as the team's", test_team_catch_up_and_missed),
    ("the service stays running while client reminders lie ahead",
     test_service_stays_while_reminders_lie_ahead),
]


def main():
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    session = Session()
    try:
        return run_tap(TESTS, session)
    finally:
        session.close()


if __name__ == "__main__":
    sys.exit(main())
