#!/usr/bin/python3
# test-cli-mail.py: `recurring-sales preview` and `recurring-sales deliveries` end to end: the
# client reminder e-mails as the real service (started by D-Bus activation on a private session
# bus) composes them, and the delivery ledger. Prints TAP.
#
#   test-cli-mail.py CLI SERVICES_DIR
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-dbus, python3-gi). The environment comes from meson's
# test_env (GSETTINGS_SCHEMA_DIR, RS_LOCALEDIR, LC_ALL=C.UTF-8, TZ); everything the service
# writes goes to a temporary XDG tree. The private bus is set up as in test-cli.py.
#
# What needs the service side of issue #5 (PreviewReminder, ListDeliveries, the
# RemindersCheckedUntil property, the sale's language): every test marked NEEDS SERVICE below.
# Until the service has them, those fail with "No such method" (exit 1) and the rest pass.

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata

import dbus

BUS_NAME = "io.github.recurring_sales.RecurringSales1"
OBJECT_PATH = "/io/github/recurring_sales/RecurringSales1"
INTERFACE = BUS_NAME

CLI, SERVICES_DIR = sys.argv[1:3]

# The <limit> block of /usr/share/dbus-1/session.conf: without it dbus-daemon's compiled-in
# defaults apply (see test-cli.py).
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir={runtime}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
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

EMPTY_LEDGER = "No client reminders have been due yet.\n"
NO_MATCH = "No client reminder matches.\n"
GREEK_LETTERS = re.compile(r"[\u0370-\u03ff]")


class Failure(Exception):
    pass


def check(condition, message, *details):
    if not condition:
        raise Failure("\n".join([message] + [str(d) for d in details]))


def equal(actual, expected, message, *details):
    check(actual == expected, message, f"expected: {expected!r}", f"actual:   {actual!r}", *details)


class PrivateBus:
    """A dbus-daemon of our own; the service is started from SERVICES_DIR by activation."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="rs-cli-mail-test-")
        self.env = dict(os.environ)
        for name in ("config", "data", "cache", "runtime", "home", "work"):
            os.makedirs(os.path.join(self.root, name), mode=0o700)
        self.env.update({
            "XDG_CONFIG_HOME": os.path.join(self.root, "config"),
            "XDG_DATA_HOME": os.path.join(self.root, "data"),
            "XDG_CACHE_HOME": os.path.join(self.root, "cache"),
            "XDG_RUNTIME_DIR": os.path.join(self.root, "runtime"),
            "HOME": os.path.join(self.root, "home"),
            "GIO_USE_VFS": "local",
        })
        self.env.setdefault("GSETTINGS_BACKEND", "memory")
        for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
            self.env.pop(name, None)
        self.work = os.path.join(self.root, "work")

        config = os.path.join(self.root, "session.conf")
        with open(config, "w", encoding="utf-8") as f:
            f.write(BUS_CONFIG.format(runtime=self.env["XDG_RUNTIME_DIR"], services=SERVICES_DIR))

        read_end, write_end = os.pipe()
        # --nofork: the daemon stays our child, so that we reap it (and nothing is orphaned).
        self.daemon = subprocess.Popen(
            ["dbus-daemon", "--config-file=" + config, "--nofork", f"--print-address={write_end}"],
            env=self.env, pass_fds=(write_end,), stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.root, "dbus-daemon.log"), "w"))
        os.close(write_end)
        with os.fdopen(read_end, "r") as address_pipe:
            self.address = address_pipe.readline().strip()
        if not self.address:
            raise RuntimeError("dbus-daemon did not start")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.address
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.address
        self.bus = dbus.SessionBus()

    def service(self):
        return dbus.Interface(self.bus.get_object(BUS_NAME, OBJECT_PATH), INTERFACE)

    def property(self, name):
        return self.bus.get_object(BUS_NAME, OBJECT_PATH).Get(
            INTERFACE, name, dbus_interface="org.freedesktop.DBus.Properties")

    def service_running(self):
        return bool(self.bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
                    .NameHasOwner(BUS_NAME, dbus_interface="org.freedesktop.DBus"))

    def service_pid(self):
        try:
            return int(self.bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
                       .GetConnectionUnixProcessID(BUS_NAME, dbus_interface="org.freedesktop.DBus"))
        except dbus.DBusException:
            return None

    def stop(self):
        pid = self.service_pid()
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
            for _ in range(200):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.02)
        self.bus.close()
        self.daemon.terminate()
        try:
            self.daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.daemon.kill()
            self.daemon.wait()
        shutil.rmtree(self.root, ignore_errors=True)


class Result:
    def __init__(self, completed):
        self.code = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.out}--- stderr\n{self.err}"


def run(bus, *args, env=None):
    completed = subprocess.run([CLI] + list(args), env=env or bus.env, cwd=bus.work, input="",
                               capture_output=True, text=True, timeout=60)
    return Result(completed)


def ok(bus, *args, **kwargs):
    result = run(bus, *args, **kwargs)
    equal(result.code, 0, f"recurring-sales {' '.join(args)} should succeed: {result!r}")
    return result


def greek_env(bus):
    env = dict(bus.env)
    # meson's test environment sets LC_ALL=C.UTF-8, which would win over LANG.
    env.pop("LC_ALL", None)
    env.update({"LANG": "el_GR.UTF-8", "LANGUAGE": "el"})
    return env


def display_width(text):
    width = 0
    for c in text:
        if unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return width


def usage_error(bus, command, *args, sentence=None, env=None):
    result = run(bus, *args, env=env)
    equal(result.code, 2, f"{args} is a usage error: {result!r}")
    lines = result.err.strip().split("\n")
    check(len(lines) >= 2 and lines[0].strip(), f"{args}: a sentence comes first: {result!r}")
    hint = f"recurring-sales {command} --help"
    check(hint in lines[-1], f"{args}: the last line points at {hint}: {result!r}")
    check(result.out == "", f"{args}: nothing on stdout: {result!r}")
    if sentence is not None:
        check(re.search(sentence, lines[0]), f"{args}: the sentence matches {sentence!r}: {result!r}")
    return result


def refused(bus, *args, sentence=None):
    result = run(bus, *args)
    equal(result.code, 1, f"{args} is refused: {result!r}")
    check("GDBus.Error" not in result.err and "io.github.recurring_sales" not in result.err,
          f"{args}: the D-Bus error name is stripped: {result!r}")
    if sentence is not None:
        check(re.search(sentence, result.err), f"{args}: says {sentence!r}: {result!r}")
    return result


def parse_preview(result):
    """Splits `preview` output: "Subject: …", an empty line, the body."""
    lines = result.out.split("\n")
    check(len(lines) >= 3 and lines[0].startswith("Subject: ") and lines[0] != "Subject: ",
          "preview starts with a Subject line", result)
    equal(lines[1], "", "an empty line after the subject", result)
    body = "\n".join(lines[2:])
    check(body.strip(), "preview prints a body", result)
    return lines[0][len("Subject: "):], body


# The state the tests share, in the order they run.
state = {}

CLIENT_FLAGS = [
    "--service", "Web hosting", "--amount", "1200,50", "--currency", "EUR",
    "--every", "1m", "--start", "2027-01-31", "--count", "12", "--notice", "30",
    "--remind-invoice", "7", "--remind-expiry", "30", "--remind-client",
]


def test_help(bus):
    result = ok(bus, "--help")
    for name in ("deliveries", "preview"):
        check(re.search(rf"^\s+{name}\s+\S", result.out, re.M), f"--help lists {name}", result.out)
        out = ok(bus, name, "--help").out
        check(f"recurring-sales {name}" in out, f"{name} --help names the command", out)
    out = ok(bus, "deliveries", "--help").out
    for flag in ("--state", "--from", "--to", "--limit", "--json"):
        check(flag in out, f"deliveries --help shows {flag}", out)
    out = ok(bus, "preview", "--help").out
    for flag in ("--kind", "--date", "--json"):
        check(flag in out, f"preview --help shows {flag}", out)


def test_usage_errors(bus):
    usage_error(bus, "deliveries", "deliveries", "--state", "sleeping", sentence=r"sleeping")
    usage_error(bus, "deliveries", "deliveries", "--state", "", sentence=r"pending")
    usage_error(bus, "deliveries", "deliveries", "--from", "2027-02-30", sentence=r"2027-02-30")
    usage_error(bus, "deliveries", "deliveries", "--to", "soon", sentence=r"soon")
    usage_error(bus, "deliveries", "deliveries", "--from", "2027-03-01", "--to", "2027-01-01",
                sentence=r"2027-01-01.*2027-03-01")
    usage_error(bus, "deliveries", "deliveries", "--limit", "0", sentence=r"--limit")
    usage_error(bus, "deliveries", "deliveries", "--limit", "100001", sentence=r"100000")
    usage_error(bus, "deliveries", "deliveries", "--limit", "many", sentence=r"many")
    usage_error(bus, "deliveries", "deliveries", "uid", "extra", sentence=r"extra")
    usage_error(bus, "deliveries", "deliveries", "--bogus")
    usage_error(bus, "preview", "preview", sentence=r"identifier")
    usage_error(bus, "preview", "preview", "uid", "extra", sentence=r"extra")
    usage_error(bus, "preview", "preview", "uid", "--kind", "bill", sentence=r"bill")
    usage_error(bus, "preview", "preview", "uid", "--date", "31/01/2027", sentence=r"31/01/2027")
    usage_error(bus, "preview", "preview", "uid", "--date", "2027-02-29", sentence=r"2027-02-29")
    usage_error(bus, "preview", "preview", "uid", "--json", "--bogus")
    # Caught before any call: nothing has started the service yet.
    check(not bus.service_running(), "usage errors make no call (the service is not running)")


def add_sale(bus, client, *extra):
    result = ok(bus, "add", "--client", client, "--email", "accounts@acme.example",
                *CLIENT_FLAGS, *extra)
    uid = result.out.strip()
    check(uid and result.out == uid + "\n", "add prints the uid alone", result)
    return uid


def test_add(bus):
    state["en"] = add_sale(bus, "Acme Ltd")
    reminders = bus.service().GetSale(state["en"])["reminders"]
    check(("invoice", 7, "client") in [(str(k), int(d), str(a)) for k, d, a in reminders],
          "--remind-client adds the client reminders", reminders)


def test_empty_ledger(bus):
    # NEEDS SERVICE: ListDeliveries. Every client reminder of these sales falls in 2027: nothing
    # has been due, so nothing is in the ledger.
    equal(ok(bus, "deliveries").out, EMPTY_LEDGER, "an empty ledger says so")
    data = json.loads(ok(bus, "deliveries", "--json").out)
    equal(data, [], "deliveries --json of an empty ledger")
    equal(ok(bus, "deliveries", "--limit", "5").out, EMPTY_LEDGER, "--limit alone filters nothing")
    out = ok(bus, "deliveries", state["en"], "--state", "Pending", "--from", "2027-01-01",
             "--to", "2027-12-31", "--limit", "10").out
    equal(out, NO_MATCH, "with filters: nothing matches")
    data = json.loads(ok(bus, "deliveries", state["en"], "--state", "missed", "--json").out)
    equal(data, [], "deliveries UID --state … --json")
    deliveries = bus.service().ListDeliveries(dbus.Dictionary({}, signature="sv"))
    equal(len(deliveries), 0, "other apps read the same empty ledger")


def test_checked_until(bus):
    # NEEDS SERVICE: the RemindersCheckedUntil property.
    checked = int(bus.property("RemindersCheckedUntil"))
    check(0 <= checked <= int(time.time()) + 60, "RemindersCheckedUntil is an instant, not ahead",
          checked)


def test_preview_english(bus):
    # NEEDS SERVICE: PreviewReminder (and its templates: RS_TEMPLATES_DIR in the test
    # environment, or the shipped ones).
    uid = state["en"]
    subject, body = parse_preview(ok(bus, "preview", uid, "--date", "2027-01-31"))
    check(not GREEK_LETTERS.search(subject + body), "a sale without a language: English (C.UTF-8)",
          subject, body)
    check("Acme Ltd" in body, "the body names the client", body)
    check("1,200.50" in body, "the body has the amount, written the English way", body)

    # The defaults: the invoice reminder, the next occurrence from today.
    subject, body = parse_preview(ok(bus, "preview", uid))
    check("Acme Ltd" in body and "1,200.50" in body, "preview UID alone: the next invoice", body)
    subject, body = parse_preview(ok(bus, "preview", uid, "--kind", "Expiry"))
    check("Acme Ltd" in body, "--kind expiry (any case): the expiry reminder", body)

    data = json.loads(ok(bus, "preview", uid, "--date", "2027-01-31", "--json").out)
    equal(sorted(data), ["body", "subject"], "preview --json has subject and body")
    check("Acme Ltd" in data["body"] and "1,200.50" in data["body"], "the same body in JSON", data)

    # Other apps get the same message.
    subject, body = bus.service().PreviewReminder(uid, "invoice", "2027-01-31")
    equal((str(subject), str(body)), (data["subject"], data["body"]),
          "python3-dbus PreviewReminder equals preview --json")


def test_preview_greek(bus):
    # NEEDS SERVICE: PreviewReminder and the sale's language. `add --language` and
    # `edit --language` come with the sale-language work of another engineer.
    uid = add_sale(bus, "Άλφα Α.Ε.", "--language", "el")
    state["el"] = uid
    equal(str(bus.service().GetSale(uid)["language"]), "el", "add --language el")
    subject, body = parse_preview(ok(bus, "preview", uid, "--date", "2027-01-31"))
    check(GREEK_LETTERS.search(subject), "a Greek subject", subject)
    check("Άλφα Α.Ε." in body, "the body names the client", body)
    check("1.200,50 €" in body, "the body has the amount, written the Greek way", body)

    # edit --language turns the English sale's reminders Greek, whatever the user's locale.
    ok(bus, "edit", state["en"], "--language", "el")
    subject, body = parse_preview(ok(bus, "preview", state["en"], "--date", "2027-01-31"))
    check(GREEK_LETTERS.search(subject) and "Acme Ltd" in body and "1.200,50 €" in body,
          "edit --language el: Greek", subject, body)
    ok(bus, "edit", state["en"], "--language", "en")
    subject, body = parse_preview(ok(bus, "preview", state["en"], "--date", "2027-01-31"))
    check(not GREEK_LETTERS.search(subject) and "1,200.50" in body,
          "edit --language en: English again", subject, body)


def test_preview_refusals(bus):
    # NEEDS SERVICE: PreviewReminder's NotFound (before it, "No such method" is exit 1 too).
    refused(bus, "preview", "no-such-sale", sentence=r"no-such-sale")
    refused(bus, "preview", "no-such-sale", "--json", sentence=r"no-such-sale")


def test_preview_sends_nothing(bus):
    # NEEDS SERVICE: ListDeliveries after the previews above.
    equal(ok(bus, "deliveries").out, EMPTY_LEDGER, "a preview records nothing in the ledger")


def test_greek_messages(bus):
    # NEEDS SERVICE and the Greek entries of po/fragments/d.po merged into po/el.po.
    if "el_GR.utf8" not in subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout:
        raise Failure("the locale el_GR.UTF-8 is missing: run scripts/run-tests.sh")
    env = greek_env(bus)
    out = ok(bus, "deliveries", env=env).out
    equal(out, "Δεν έχει έρθει ακόμη η ώρα καμίας υπενθύμισης προς πελάτες.\n",
          "the empty ledger in Greek")
    result = usage_error(bus, "deliveries", "deliveries", "--limit", "0", env=env)
    check(GREEK_LETTERS.search(result.err), "a usage error in Greek", result)
    for line in ok(bus, "--help", env=env).out.splitlines():
        if re.match(r"^\s+(deliveries|preview)\s", line):
            check(display_width(line) <= 80, "the summaries in Greek fit 80 columns", line)


TESTS = [
    ("help: deliveries and preview and their options", test_help),
    ("usage errors exit 2 with a sentence and a hint, before any call", test_usage_errors),
    ("add a sale with client reminders", test_add),
    ("deliveries of an empty ledger: the sentence, [] in JSON, filters", test_empty_ledger),
    ("RemindersCheckedUntil", test_checked_until),
    ("preview in English, --kind, --date, --json, and over D-Bus", test_preview_english),
    ("preview in Greek: add --language el, edit --language", test_preview_greek),
    ("preview of an unknown sale is refused", test_preview_refusals),
    ("preview sends nothing and records nothing", test_preview_sends_nothing),
    ("deliveries in Greek under el_GR.UTF-8", test_greek_messages),
]


def main():
    started = time.monotonic()
    bus = PrivateBus()
    failed = 0
    try:
        for number, (name, test) in enumerate(TESTS, start=1):
            t0 = time.monotonic()
            try:
                test(bus)
                print(f"ok {number} - {name} ({time.monotonic() - t0:.2f} s)")
            except Exception as error:  # noqa: BLE001 — report and go on with the next test
                failed += 1
                print(f"not ok {number} - {name}")
                text = str(error) if isinstance(error, Failure) else traceback.format_exc()
                for line in text.splitlines():
                    print(f"# {line}")
            sys.stdout.flush()
    finally:
        bus.stop()
    print(f"1..{len(TESTS)}")
    print(f"# {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
