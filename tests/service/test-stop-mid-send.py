#!/usr/bin/python3
# test-stop-mid-send.py: a client reminder is mailed exactly once even when the service is
# stopped in the middle of sending it (issue #18). Checked from outside, the way it was found:
# a real SMTP server on loopback (python3-aiosmtpd) accepts each message (its 250 after the data)
# and then holds its answer to QUIT, and the service is stopped in that window, with SIGKILL and
# with SIGTERM; then a server slow to answer the data, and SIGTERM while it thinks. The copies
# in Sent go to Evolution's local folder, or to an IMAP server (Dovecot) as an account with its
# Sent folder there has them. Around it: the build tree's service (D-Bus activated on a private
# bus), the real evolution-source-registry with Evolution-style accounts, gnome-keyring holding
# the IMAP password as Evolution stores it, a clock the test sets. Prints TAP.
#
#   test-stop-mid-send.py SERVICES_DIR
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-gi with EDS's typelib, python3-aiosmtpd), dovecot-imapd
# and gnome-keyring; without those it skips. The environment comes from meson's test_env.

import asyncio
import collections
import datetime
import email
import email.policy
import imaplib
import os
import pwd
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import zoneinfo

import gi

gi.require_version("EDataServer", "1.2")
from gi.repository import EDataServer, Gio, GLib  # noqa: E402

# tests/common/private_session.py: the session, its bus, the check helpers and the TAP report.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from private_session import (BUS_NAME, INTERFACE, OBJECT_PATH, REGISTRY_NAME,  # noqa: E402
                             USER_PROMPTER_NAME, WAIT_SECONDS, Failure, PrivateSession, check,
                             equal, read_store_file, run_tap, wait_for_exit)

try:
    from aiosmtpd.controller import Controller
except ImportError:
    Controller = None

SERVICES_DIR = sys.argv[1]
ZONE = zoneinfo.ZoneInfo(os.environ.get("TZ", "Europe/Athens"))
DOVECOT = shutil.which("dovecot", path="/usr/sbin:" + os.environ.get("PATH", ""))
KEYRING_DAEMON = shutil.which("gnome-keyring-daemon")

# Reminders due at the same moment, mailed one after another: the first is stopped mid-send.
N_REMINDERS = 4
# How long the slow server thinks before it answers the data.
SLOW_DATA_SECONDS = 2
# The service's bound on a delivery in flight at a stop (rs-service-main.c), with room for a
# loaded machine.
STOP_BOUND_SECONDS = 30

IMAP_USER = "alice"
IMAP_PASSWORD = "s3cret-alice"
KEYRING_PASSWORD = "rs-test-keyring"


# The SMTP server

class Handler:
    """Keeps every message it answered 250 to, with the moment it did. Modes: "accept";
    "hold-quit" (never answers QUIT, a server slow to say goodbye); "slow-data" (answers the
    data after SLOW_DATA_SECONDS; a message whose sender left meanwhile was not accepted)."""

    def __init__(self):
        self.mode = "accept"
        self.lock = threading.Lock()
        self.accepted = []  # (monotonic time of the 250, raw message)
        self.data_started = threading.Event()
        self.quit_held = threading.Event()

    def reset(self, mode):
        self.mode = mode
        self.data_started.clear()
        self.quit_held.clear()

    async def handle_DATA(self, server, session, envelope):
        self.data_started.set()
        if self.mode == "slow-data":
            await asyncio.sleep(SLOW_DATA_SECONDS)
        with self.lock:
            self.accepted.append((time.monotonic(),
                                  bytes(envelope.original_content or envelope.content)))
        return "250 2.0.0 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        if self.mode == "hold-quit":
            self.quit_held.set()
            # Until the client goes away: aiosmtpd cancels the handler then.
            await asyncio.Event().wait()
        return "221 Bye"

    def message_ids(self):
        with self.lock:
            return [message_id_of(raw) for _, raw in self.accepted]


def message_id_of(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    return str(message["Message-ID"]).strip().strip("<>")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Dovecot, as tests/mail/mail-test-util.c runs it: no system configuration, loopback only, no
# Sent folder until a client creates it. As root the mail belongs to the system's "mail" user.

def start_dovecot(session):
    folder = session.path("dovecot")
    dirs = {name: os.path.join(folder, name) for name in ("run", "state", "mail", "home")}
    for path in dirs.values():
        os.makedirs(path, exist_ok=True)
    passwd = os.path.join(folder, "passwd")
    with open(passwd, "w", encoding="utf-8") as f:
        f.write(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")

    if os.getuid() == 0:
        mail_user = pwd.getpwnam("mail")
        os.chmod(session.root, 0o711)
        os.chmod(folder, 0o711)
        for name in ("mail", "home"):
            os.chown(dirs[name], mail_user.pw_uid, mail_user.pw_gid)
        users = ("default_internal_user = dovecot\ndefault_internal_group = dovecot\n"
                 "default_login_user = dovenull\nfirst_valid_uid = 1\n"
                 "service auth {\n  user = root\n}\nservice auth-worker {\n  user = root\n}\n"
                 "service anvil {\n  user = root\n}\nservice stats {\n  user = root\n}\n"
                 "userdb {\n  driver = static\n  args = uid=mail gid=mail home=")
    else:
        me = pwd.getpwuid(os.getuid()).pw_name
        users = (f"default_internal_user = {me}\ndefault_login_user = {me}\n"
                 f"userdb {{\n  driver = static\n  args = uid={os.getuid()} gid={os.getgid()} "
                 "home=")

    port = free_port()
    config = os.path.join(folder, "dovecot.conf")
    with open(config, "w", encoding="utf-8") as f:
        f.write(f"base_dir = {dirs['run']}\nstate_dir = {dirs['state']}\n"
                f"instance_name = {os.path.basename(session.root)}\n"
                "listen = 127.0.0.1\nprotocols = imap\nssl = no\n"
                "disable_plaintext_auth = no\nauth_mechanisms = plain login\n"
                f"log_path = {session.path('log', 'dovecot.log')}\n"
                f"mail_location = maildir:{dirs['mail']}/%u\n"
                f"passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u "
                f"{passwd}\n}}\n"
                f"{users}{dirs['home']}/%u\n}}\n"
                "service imap-login {\n"
                f"  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n"
                "  inet_listener imaps {\n    port = 0\n  }\n}\n"
                "namespace inbox {\n  inbox = yes\n}\n")
    process = session.spawn("dovecot-master.log", [DOVECOT, "-F", "-c", config])
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        check(process.poll() is None, f"Dovecot exited; see {session.path('log')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return port
        except OSError:
            check(time.monotonic() < deadline, "Dovecot did not start")
            time.sleep(0.1)


def start_keyring(session):
    """gnome-keyring-daemon with a login keyring unlocked by the password on its input: the
    Secret Service where EDS keeps passwords, on our bus."""
    env = dict(session.env)
    env.pop("GNOME_KEYRING_CONTROL", None)
    os.makedirs(session.path("log"), exist_ok=True)
    with open(session.path("log", "keyring.log"), "ab") as log:
        process = subprocess.Popen([KEYRING_DAEMON, "--foreground", "--components=secrets",
                                    "--unlock"], env=env, stdin=subprocess.PIPE, stdout=log,
                                   stderr=subprocess.STDOUT)
    process.stdin.write(KEYRING_PASSWORD.encode())
    process.stdin.close()
    session.processes.append(process)
    session.wait_for_name("org.freedesktop.secrets", True, process)


# The accounts, as Evolution writes them: an identity sending through the SMTP server, its copy
# going to Evolution's local Sent folder or to the IMAP account's Sent folder.

def account_sources(kind, smtp_port, imap_port):
    if kind == "imap":
        account = (f"[Data Source]\nDisplayName=Business (IMAP)\nEnabled=true\nParent=\n\n"
                   "[Offline]\nStaySynchronized=false\n\n[Security]\nMethod=none\n\n"
                   f"[Authentication]\nHost=127.0.0.1\nMethod=none\nPort={imap_port}\n"
                   f"RememberPassword=true\nUser={IMAP_USER}\n\n"
                   "[Mail Account]\nBackendName=imapx\nIdentityUid=test-identity\n"
                   "NeedsInitialSetup=false\n\n"
                   "[Imapx Backend]\nFilterInbox=false\nUseIdle=false\n")
        sent = "folder://test-account/Sent"
    else:
        account = ("[Data Source]\nDisplayName=Business\nEnabled=true\nParent=\n\n"
                   "[Mail Account]\nBackendName=none\nIdentityUid=test-identity\n"
                   "NeedsInitialSetup=false\n")
        sent = "folder://local/Sent"
    identity = ("[Data Source]\nDisplayName=Business\nEnabled=true\nParent=test-account\n\n"
                "[Mail Identity]\nAddress=owner@business.example\nName=Maria Owner\n\n"
                f"[Mail Submission]\nSentFolder={sent}\nTransportUid=test-transport\n"
                "UseSentFolder=true\n\n"
                "[Mail Composition]\nDraftsFolder=folder://local/Drafts\n")
    transport = ("[Data Source]\nDisplayName=Business SMTP\nEnabled=true\nParent=test-account\n\n"
                 "[Mail Transport]\nBackendName=smtp\n\n"
                 f"[Authentication]\nHost=127.0.0.1\nPort={smtp_port}\nUser=\n"
                 "RememberPassword=false\n\n[Security]\nMethod=none\n\n"
                 "[Smtp Backend]\nAuthMechanism=\n")
    return {"test-account": account, "test-identity": identity, "test-transport": transport}


class Session(PrivateSession):
    """A private session with the service, the registry, the SMTP server, and for @kind "imap"
    Dovecot and the keyring with the account's password."""

    def __init__(self, kind):
        super().__init__(prefix=f"rs-test-stop-{kind}-", service_dirs=[SERVICES_DIR],
                         activate_eds=(REGISTRY_NAME, USER_PROMPTER_NAME), bus_log=None,
                         # Evolution's default account is a GSettings key the service reads.
                         env={"RS_SERVICE_IDLE_TIMEOUT": "0", "GSETTINGS_BACKEND": "keyfile"})
        self.kind = kind
        self.clock_file = self.path("clock")
        self.env["RS_SERVICE_CLOCK_FILE"] = self.clock_file
        self.day = datetime.date(2027, 3, 1)

        self.handler = Handler()
        self.smtp_port = free_port()
        self.smtp = Controller(self.handler, hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()
        self.imap_port = start_dovecot(self) if kind == "imap" else None

        self.write_sources(account_sources(kind, self.smtp_port, self.imap_port))
        settings = os.path.join(self.env["XDG_CONFIG_HOME"], "glib-2.0", "settings")
        os.makedirs(settings)
        with open(os.path.join(settings, "keyfile"), "w", encoding="utf-8") as f:
            f.write("[org/gnome/evolution]\ndefault-mail-account='test-account'\n")
        self.set_clock(self.noon(self.day))
        self.start_bus()
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.address
        if kind == "imap":
            start_keyring(self)
            self.store_imap_password()

    def store_imap_password(self):
        """As Evolution saves it when the owner ticks "Remember password"."""
        registry = EDataServer.SourceRegistry.new_sync(None)
        deadline = time.monotonic() + WAIT_SECONDS
        source = registry.ref_source("test-account")
        while source is None:
            check(time.monotonic() < deadline, "the account did not appear in the registry")
            GLib.MainContext.default().iteration(False)
            time.sleep(0.05)
            source = registry.ref_source("test-account")
        source.store_password_sync(IMAP_PASSWORD, True, None)

    @staticmethod
    def noon(day):
        return datetime.datetime(day.year, day.month, day.day, 12, 0, tzinfo=ZONE)

    def set_clock(self, when):
        self.now = int(when.timestamp())
        with open(self.clock_file, "w", encoding="utf-8") as f:
            f.write("%d\n" % self.now)

    def checked_until(self):
        reply = self.connection.call_sync(BUS_NAME, OBJECT_PATH, "org.freedesktop.DBus.Properties",
                                          "Get", GLib.Variant("(ss)", (INTERFACE,
                                                                       "RemindersCheckedUntil")),
                                          GLib.VariantType("(v)"), Gio.DBusCallFlags.NONE,
                                          120000, None)
        return reply.unpack()[0]

    def wait_until_handled(self):
        """Until the service (started by the call if need be) has handled what is due now."""
        deadline = time.monotonic() + WAIT_SECONDS
        while self.checked_until() < self.now:
            check(time.monotonic() < deadline, "the service did not handle the reminders due")
            time.sleep(0.05)

    def deliveries(self, uid):
        return self.call("ListDeliveries",
                         GLib.Variant("(a{sv})", ({"uid": GLib.Variant("s", uid)},)),
                         "(aa{sv})")[0]

    def add_sale(self, number, day):
        """A sale whose one invoice is reminded to its client, sent, at 09:00 on @day."""
        fields = {
            "client": GLib.Variant("s", f"Client {number}"),
            "email": GLib.Variant("s", f"client{number}@client.example"),
            "service": GLib.Variant("s", "Hosting"),
            "amount_minor": GLib.Variant("x", 12000),
            "currency": GLib.Variant("s", "EUR"),
            "period": GLib.Variant("s", "1y"),
            "start": GLib.Variant("s", day.isoformat()),
            "count": GLib.Variant("u", 1),
            "delivery": GLib.Variant("s", "send"),
            "reminders": GLib.Variant("a(sus)", [("invoice", 0, "client")]),
        }
        return self.call("AddSale", GLib.Variant("(a{sv})", (fields,)), "(s)")[0]

    def sent_copies(self, message_id):
        """How many copies of @message_id the account's Sent folder holds."""
        if self.kind == "imap":
            imap = imaplib.IMAP4("127.0.0.1", self.imap_port)
            try:
                imap.login(IMAP_USER, IMAP_PASSWORD)
                status, _ = imap.select('"Sent"', readonly=True)
                if status != "OK":
                    return 0
                _, data = imap.uid("SEARCH", "HEADER", "Message-ID", f'"{message_id}"')
                return len(data[0].split())
            finally:
                imap.logout()
        base = os.path.join(self.env["XDG_DATA_HOME"], "evolution", "mail", "local", ".Sent")
        count = 0
        for sub in ("cur", "new"):
            folder = os.path.join(base, sub)
            for name in (os.listdir(folder) if os.path.isdir(folder) else []):
                with open(os.path.join(folder, name), "rb") as f:
                    count += f"<{message_id}>".encode() in f.read()
        return count

    def close(self):
        self.stop()
        self.smtp.stop()


def ledger_states(path, uids):
    """The ledger's state of each of @uids' reminders, read from the file as it is."""
    with read_store_file(path) as db:
        rows = db.execute("SELECT sale_uid, state FROM deliveries WHERE sale_uid IN (%s)" %
                          ",".join("?" * len(uids)), uids).fetchall()
    return dict(rows)


class LedgerWatch(threading.Thread):
    """Reads the store file over and over until one of @uids is recorded delivered: when."""

    def __init__(self, path, uids):
        super().__init__(daemon=True)
        self.path = path
        self.uids = uids
        self.recorded_at = None
        self.stop = threading.Event()

    def run(self):
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
        query = ("SELECT count(*) FROM deliveries WHERE state = 'delivered' AND sale_uid IN (%s)"
                 % ",".join("?" * len(self.uids)))
        try:
            while not self.stop.is_set():
                try:
                    if db.execute(query, self.uids).fetchone()[0] > 0:
                        self.recorded_at = time.monotonic()
                        return
                except sqlite3.OperationalError:
                    pass  # busy for a moment: the service is writing
                time.sleep(0.0002)
        finally:
            db.close()


def stop_mid_send(session, sig, mode):
    """N_REMINDERS reminders fall due at once; the service is stopped with @sig while the
    first is in the window that @mode opens; the next start sends the rest. Each exactly once."""
    session.day += datetime.timedelta(days=7)
    day = session.day
    uids = [session.add_sale(i, day) for i in range(N_REMINDERS)]
    accepted_before = len(session.handler.accepted)
    session.handler.reset(mode)
    watch = LedgerWatch(session.store_path, uids)
    watch.start()

    session.set_clock(session.noon(day))
    window = session.handler.quit_held if mode == "hold-quit" else session.handler.data_started
    check(window.wait(WAIT_SECONDS), f"the service did not reach the window of {mode}")
    pid = session.pid()
    stopped = time.monotonic()
    os.kill(pid, sig)
    check(wait_for_exit(pid, STOP_BOUND_SECONDS + WAIT_SECONDS), "the service did not exit")
    exit_seconds = time.monotonic() - stopped
    session.wait_for_name(BUS_NAME, owned=False)
    watch.stop.set()
    watch.join()

    # What the stop left: the message in flight is accepted and recorded delivered. Problems
    # are gathered, so that the next start shows its consequence too.
    problems = []
    accepted = session.handler.accepted[accepted_before:]
    states = ledger_states(session.store_path, uids)
    print(f"# {signal.Signals(sig).name} in {mode}: the service exited after {exit_seconds:.2f} s; "
          f"{len(accepted)} accepted; ledger {sorted(states.values())}")
    if accepted and watch.recorded_at is not None:
        print(f"# from the server's 250 to the ledger's record: "
              f"{(watch.recorded_at - accepted[0][0]) * 1000:.1f} ms")
    if len(accepted) != 1:
        problems.append(f"{len(accepted)} messages accepted before the stop, not the one in flight")
    if sig == signal.SIGTERM and exit_seconds >= STOP_BOUND_SECONDS:
        problems.append(f"SIGTERM ended the service only after {exit_seconds:.1f} s")
    if sum(state == "delivered" for state in states.values()) != len(accepted):
        problems.append(f"the ledger does not record the accepted message delivered: {states}")

    # The next start sends the others, and nothing twice.
    session.handler.reset("accept")
    session.wait_until_handled()
    records = [r for uid in uids for r in session.deliveries(uid)]
    if sorted(r["state"] for r in records) != ["delivered"] * N_REMINDERS:
        problems.append(f"not every reminder is delivered: {records}")
    counts = collections.Counter(session.handler.message_ids())
    for record in records:
        message_id = str(record.get("message_id")).strip("<>")
        if counts[message_id] != 1:
            problems.append(f"the reminder {message_id} arrived {counts[message_id]} times")
        copies = session.sent_copies(message_id)
        if copies != 1:
            problems.append(f"the reminder {message_id} is {copies} times in Sent")
    check(not problems, "\n".join(problems))


def scenarios(kind):
    return [
        (f"{kind} Sent: SIGKILL after the server accepted, while it holds QUIT: sent once",
         lambda session: stop_mid_send(session, signal.SIGKILL, "hold-quit")),
        (f"{kind} Sent: SIGTERM after the server accepted, while it holds QUIT: sent once",
         lambda session: stop_mid_send(session, signal.SIGTERM, "hold-quit")),
        (f"{kind} Sent: SIGTERM while the server thinks about the data: waits, sent once",
         lambda session: stop_mid_send(session, signal.SIGTERM, "slow-data")),
    ]


def main():
    missing = [what for what, found in (("python3-aiosmtpd", Controller),
                                        ("dovecot-imapd", DOVECOT),
                                        ("gnome-keyring", KEYRING_DAEMON)) if not found]
    if missing:
        print(f"1..0 # SKIP {', '.join(missing)} not installed (scripts/deps.sh)")
        return 0

    tests = []
    sessions = {}

    def in_session(kind, test):
        def run(_):
            if kind not in sessions:
                sessions[kind] = Session(kind)
            test(sessions[kind])
        return run

    for kind in ("local", "imap"):
        tests += [(name, in_session(kind, test)) for name, test in scenarios(kind)]
    try:
        return run_tap(tests, None)
    finally:
        for session in sessions.values():
            session.close()


def on_sigterm(signum, frame):
    if PrivateSession.current is not None:
        PrivateSession.current.kill()
    sys.exit(1)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_sigterm)
    sys.exit(main())
