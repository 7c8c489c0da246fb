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
import subprocess
import sys
import time

import dbus


CLI, SERVICES_DIR = sys.argv[1:3]

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_tap  # noqa: E402
from cli_tap import (BUS_NAME, INTERFACE, OBJECT_PATH, Failure, PrivateBus,  # noqa: E402,F401
                     Result, check, display_width, equal, greek_env, ok, refused, run, run_tap)


def usage_error(bus, command, *args, **kwargs):
    """A usage error prints nothing on stdout either."""
    return cli_tap.usage_error(bus, command, *args, quiet=True, **kwargs)


EMPTY_LEDGER = "No client reminders have been due yet.\n"
NO_MATCH = "No client reminder matches.\n"
GREEK_LETTERS = re.compile(r"[\u0370-\u03ff]")


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
    equal(sorted(data), ["body", "date", "explanation", "reason", "subject", "will_be_sent"],
          "preview --json has subject and body, and whether it will be sent")
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


# Sales whose client reminders all lie far ahead, or long past, whatever today is.
FUTURE_FLAGS = [
    "--service", "Web hosting", "--amount", "120,00", "--currency", "EUR",
    "--every", "1m", "--start", "2040-01-31", "--count", "12", "--notice", "30",
    "--remind-invoice", "7", "--remind-expiry", "30",
]
NOT_SENT = "This e-mail will not be sent: "


def preview_note(bus, *args, env=None):
    """The line `preview` prints on standard error about an e-mail that will not be sent ("" when
    it will be); the e-mail itself is still shown on standard output."""
    result = ok(bus, "preview", *args, env=env)
    if env is None:
        parse_preview(result)
    check(result.out.strip(), "the e-mail is still shown", result)
    return result.err


def check_not_sent(bus, uid, args, reason, sentence):
    """`preview` says why the e-mail will not be sent, in a line and in --json."""
    err = preview_note(bus, uid, *args)
    check(err.startswith(NOT_SENT) and err.endswith("\n") and err.count("\n") == 1 and
          re.search(sentence, err), f"preview {' '.join(args)}: a line saying why ({reason})", err)
    data = json.loads(ok(bus, "preview", uid, *args, "--json").out)
    equal((data["will_be_sent"], data["reason"], data["explanation"]),
          (False, reason, err.rstrip("\n")), f"preview {' '.join(args)} --json says why not")
    details = bus.service().PreviewReminderDetails(uid, *preview_call_args(args))[2]
    equal((bool(details["will_be_sent"]), str(details["reason"])), (False, reason),
          "PreviewReminderDetails says why not")


def preview_call_args(args):
    """PreviewReminderDetails's kind and date for the command's --kind and --date."""
    kind = args[args.index("--kind") + 1] if "--kind" in args else "invoice"
    date = args[args.index("--date") + 1] if "--date" in args else ""
    return kind, date


def test_preview_says_when_not_sent(bus):
    uid = ok(bus, "add", "--client", "Iota", "--email", "iota@client.example", *FUTURE_FLAGS,
             "--remind-client", "--prepay", "--iban", "GR16 0110 1250 0000 0001 2300 695").out.strip()

    # One that will be sent: no line, and the JSON says so.
    equal(preview_note(bus, uid, "--date", "2040-02-29"), "", "no line when the e-mail will be sent")
    data = json.loads(ok(bus, "preview", uid, "--date", "2040-02-29", "--json").out)
    equal(sorted(data), ["body", "date", "explanation", "reason", "subject", "will_be_sent"],
          "preview --json keys")
    equal((data["will_be_sent"], data["reason"], data["explanation"], data["date"]),
          (True, None, None, "2040-02-29"), "preview --json: will be sent")
    subject, body, details = bus.service().PreviewReminderDetails(uid, "invoice", "")
    equal((str(details["date"]), bool(details["will_be_sent"]), "reason" in details),
          ("2040-01-31", True, False), "PreviewReminderDetails: the next invoice, will be sent")
    equal((str(subject), str(body)), tuple(str(x) for x in
                                           bus.service().PreviewReminder(uid, "invoice", "")),
          "the same e-mail as PreviewReminder")

    ok(bus, "mark", uid, "2040-03-31", "prepaid")
    check_not_sent(bus, uid, ["--date", "2040-03-31"], "prepaid",
                   r"the invoice of \S+ is already marked prepaid\.$")

    service = bus.service()
    revision = service.GetSale(uid)["revision"]
    service.UpdateSale(uid, revision, dbus.Dictionary({"status": "paused"}, signature="sv"))
    check_not_sent(bus, uid, ["--date", "2040-04-30"], "paused", r"the sale is paused")
    service.UpdateSale(uid, revision + 1, dbus.Dictionary({"status": "active"}, signature="sv"))

    # A renewed sale still reminds the client of its remaining invoices, not of its expiry.
    ok(bus, "renew", uid)
    equal(preview_note(bus, uid, "--date", "2040-04-30"), "",
          "a renewed sale's remaining invoice is still mailed")
    check_not_sent(bus, uid, ["--kind", "expiry"], "renewed", r"renewed")

    off = ok(bus, "add", "--client", "Kappa", "--email", "kappa@client.example", *FUTURE_FLAGS,
             "--remind-client", "--delivery", "off").out.strip()
    check_not_sent(bus, off, [], "delivery-off", r"off")

    owner_only = ok(bus, "add", "--client", "Lambda", *FUTURE_FLAGS).out.strip()
    check_not_sent(bus, owner_only, ["--kind", "expiry"], "no-rule", r"no reminder to the client")

    # An ended sale past its term: its expiry is no longer reminded, and its last invoice's
    # time has passed.
    old = ok(bus, "add", "--client", "Mu", "--email", "mu@client.example", "--service", "Hosting",
             "--amount", "10", "--currency", "EUR", "--every", "1m", "--start", "2020-01-31",
             "--count", "3", "--remind-invoice", "7", "--remind-expiry", "30",
             "--remind-client").out.strip()
    ok(bus, "end", old, "--reason", "Closed")
    check_not_sent(bus, old, ["--kind", "expiry"], "ended", r"will not renew")
    check_not_sent(bus, old, ["--date", "2020-03-31"], "due-passed", r"was due on")

    # In the user's language.
    err = preview_note(bus, uid, "--date", "2040-03-31", env=greek_env(bus))
    check(GREEK_LETTERS.search(err) and "2040" in err and err.count("\n") == 1,
          "the line in Greek under el_GR.UTF-8", err)


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
    ("preview says when and why an e-mail will not be sent", test_preview_says_when_not_sent),
    ("deliveries in Greek under el_GR.UTF-8", test_greek_messages),
]


def main():
    return run_tap(TESTS, PrivateBus(CLI, SERVICES_DIR, prefix="rs-cli-mail-test-"))


if __name__ == "__main__":
    sys.exit(main())
