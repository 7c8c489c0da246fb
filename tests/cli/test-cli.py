#!/usr/bin/python3
# test-cli.py: the recurring-sales command end to end, against the real service started by
# D-Bus activation on a private session bus; and the same answers read by other apps (gdbus,
# python3-dbus). Prints TAP.
#
#   test-cli.py CLI SERVICES_DIR SAMPLE_JSON
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-dbus, python3-gi). The environment comes from meson's
# test_env (GSETTINGS_SCHEMA_DIR, RS_LOCALEDIR, LC_ALL=C.UTF-8, TZ); everything the service
# writes goes to a temporary XDG tree.

import json
import os
import re
import stat
import subprocess
import sys
import time

import dbus
from gi.repository import GLib


CLI, SERVICES_DIR, SAMPLE_JSON = sys.argv[1:4]

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_tap import (BUS_NAME, INTERFACE, OBJECT_PATH, Failure, PrivateBus,  # noqa: E402,F401
                     Result, check, display_width, equal, greek_env, ok, on_terminal, refused,
                     run, run_tap, usage_error)


WINDOW = ("2027-01-01", "2027-03-31")


def decimal(minor, exponent=2):
    sign = "-" if minor < 0 else ""
    minor = abs(minor)
    if exponent == 0:
        return f"{sign}{minor}"
    return f"{sign}{minor // 10 ** exponent}.{minor % 10 ** exponent:0{exponent}d}"


# The state the tests share, in the order they run.
state = {}

ACME_FLAGS = [
    "--client", "Acme Ltd", "--service", "Web hosting", "--amount", "120,50", "--currency", "EUR",
    "--every", "1m", "--start", "2027-01-31", "--count", "12",
    "--email", "accounts@acme.example", "--notice", "30", "--no-draft",
    "--prepay", "--iban", "gr16 0110 1250 0000 0001 2300 695",
    "--remind-invoice", "7,3", "--remind-expiry", "30", "--remind-client",
    "--note", "Prepays by bank transfer",
]

SUBCOMMANDS = ["add", "edit", "show", "list", "remove", "renew", "end", "mark", "upcoming",
               "import", "export", "backup"]


def test_help(bus):
    result = ok(bus, "--help")
    for name in SUBCOMMANDS:
        check(re.search(rf"^\s+{name}\s+\S", result.out, re.M), f"--help lists {name}", result.out)
    for name in SUBCOMMANDS:
        result = ok(bus, name, "--help")
        check(f"recurring-sales {name}" in result.out, f"{name} --help names the command", result.out)
    result = ok(bus, "add", "--help")
    for flag in ("--client", "--service", "--amount", "--currency", "--every", "--start", "--until",
                 "--count", "--for", "--email", "--notice", "--draft", "--no-draft", "--prepay",
                 "--iban", "--remind-invoice", "--remind-expiry", "--remind-client", "--note",
                 "--delivery", "--language"):
        check(flag in result.out, f"add --help shows {flag}", result.out)
    result = ok(bus, "edit", "--help")
    check("--clear-email" in result.out and "--clear-note" in result.out, "edit --help", result.out)
    result = ok(bus, "upcoming", "--help")
    check("--days" in result.out and "--from" in result.out and "--json" in result.out,
          "upcoming --help", result.out)


def test_usage_errors(bus):
    full = ["--client", "A", "--service", "S", "--amount", "10", "--currency", "EUR",
            "--every", "1m", "--start", "2027-01-01"]

    def without(flag):
        i = full.index(flag)
        return full[:i] + full[i + 2:]

    usage_error(bus, "add", "add", *without("--client"), sentence=r"--client")
    usage_error(bus, "add", "add", *without("--amount"), sentence=r"--amount")
    usage_error(bus, "add", "add", *full[:5], "10.999", *full[6:], sentence=r"10\.999")
    usage_error(bus, "add", "add", *full[:7], "XYZ", *full[8:], sentence=r"XYZ")
    usage_error(bus, "add", "add", *full[:9], "1q", *full[10:], sentence=r"1q")
    usage_error(bus, "add", "add", *full[:11], "2027-02-30", sentence=r"2027-02-30")
    usage_error(bus, "add", "add", *full, "--until", "2027-12-31", "--count", "3",
                sentence=r"--until.*--count")
    usage_error(bus, "add", "add", *full, "--draft", "--no-draft", sentence=r"--draft")
    usage_error(bus, "add", "add", *full, "--remind-invoice", "7,x", sentence=r"7,x")
    usage_error(bus, "add", "add", *full, "--remind-client", sentence=r"--remind-client")
    usage_error(bus, "add", "add", *full, "--notice", "-1", sentence=r"--notice")
    usage_error(bus, "add", "add", *full, "--delivery", "pigeon",
                sentence=r"pigeon.*default, draft, send or off")
    usage_error(bus, "add", "add", *full, "--language", "fr",
                sentence=r"fr.*no reminder templates.*el, en")
    usage_error(bus, "add", "add", *full, "--bogus")
    usage_error(bus, "add", "add", *full, "extra", sentence=r"extra")
    usage_error(bus, "edit", "edit", "some-uid", sentence=r"--amount")
    usage_error(bus, "edit", "edit", "--amount", "5")
    usage_error(bus, "show", "show")
    usage_error(bus, "upcoming", "upcoming", "--from", "2027-01-01", sentence=r"--from.*--to")
    usage_error(bus, "upcoming", "upcoming", "--from", "2027-03-01", "--to", "2027-01-01",
                sentence=r"2027-01-01")
    usage_error(bus, "upcoming", "upcoming", "--days", "5", "--from", "2027-01-01", "--to", "2027-01-02")
    usage_error(bus, "upcoming", "upcoming", "--days", "many", sentence=r"many")
    usage_error(bus, "upcoming", "upcoming", "--from", "2027-01-01", "--to", "2038-01-01",
                sentence=r"3660")
    usage_error(bus, "mark", "mark", "uid", "2027-01-31", "paid", sentence=r"paid")
    usage_error(bus, "mark", "mark", "uid", "31/01/2027", "issued", sentence=r"31/01/2027")
    usage_error(bus, "list", "list", "--status", "sleeping", sentence=r"sleeping")
    usage_error(bus, "list", "list", "--expiring-before", "soon", sentence=r"soon")
    usage_error(bus, "export", "export", sentence=r"--format")
    usage_error(bus, "export", "export", "--format", "xml", sentence=r"xml")
    usage_error(bus, "import", "import", "x.csv", "--format", "xls", sentence=r"xls")
    usage_error(bus, "remove", "remove", "some-uid", sentence=r"--yes")
    usage_error(bus, "renew", "renew", "some-uid", "--for", "forever", sentence=r"forever")
    usage_error(bus, None, "frobnicate", sentence=r"frobnicate")
    usage_error(bus, None)
    # Caught before any call: nothing has started the service yet.
    check(not bus.service_running(), "usage errors make no call (the service is not running)")


def test_add_every_flag(bus):
    result = ok(bus, "add", *ACME_FLAGS)
    uid = result.out.strip()
    check(re.fullmatch(r"[0-9A-Za-z._@-]+", uid) and result.out == uid + "\n",
          "add prints the uid alone", result)
    check(bus.service_running(), "the first call started the service by D-Bus activation")
    state["acme"] = uid

    sale = bus.service().GetSale(uid)
    equal(str(sale["client"]), "Acme Ltd", "client")
    equal(str(sale["service"]), "Web hosting", "service")
    equal(int(sale["amount_minor"]), 12050, "a decimal comma is read as such")
    equal(str(sale["currency"]), "EUR", "currency")
    equal(str(sale["period"]), "1m", "period")
    equal(str(sale["start"]), "2027-01-31", "start")
    equal(int(sale["count"]), 12, "count")
    check("until" not in sale and "term" not in sale, "one term key only", sale)
    equal(str(sale["email"]), "accounts@acme.example", "email")
    equal(int(sale["notice_days"]), 30, "notice_days")
    equal(bool(sale["draft"]), False, "draft")
    equal(bool(sale["prepay"]), True, "prepay")
    equal(str(sale["iban"]), "GR1601101250000000012300695", "iban")
    equal(str(sale["note"]), "Prepays by bank transfer", "note")
    reminders = sorted((str(k), int(d), str(a)) for k, d, a in sale["reminders"])
    equal(reminders, sorted([
        ("invoice", 7, "owner"), ("invoice", 7, "client"), ("invoice", 3, "owner"),
        ("invoice", 3, "client"), ("expiry", 30, "owner"), ("expiry", 30, "client")]),
        "each lead day for the owner and, with --remind-client, for the client")

    # Without --remind- options the user's defaults apply (GSettings: invoice 7; expiry 30, 7).
    plain = ok(bus, "add", "--client", "Defaults Co", "--service", "Support", "--amount", "10",
               "--currency", "JPY", "--every", "1w", "--start", "2027-06-01", "--for", "4w",
               "--draft").out.strip()
    sale = bus.service().GetSale(plain)
    equal(int(sale["amount_minor"]), 10, "JPY has no minor units")
    equal(str(sale["term"]), "4w", "--for is the term")
    equal(sorted((str(k), int(d), str(a)) for k, d, a in sale["reminders"]),
          sorted([("invoice", 7, "owner"), ("expiry", 30, "owner"), ("expiry", 7, "owner")]),
          "default reminders")
    state["defaults"] = plain


def test_show(bus):
    uid = state["acme"]
    out = ok(bus, "show", uid).out
    for text in ("Acme Ltd", "accounts@acme.example", "Web hosting", "120.50 EUR", "every month",
                 "2027-01-31", "12 invoices", "2028-01-30", "2027-12-31",
                 "GR16 0110 1250 0000 0001 2300 695", "Prepays by bank transfer", uid,
                 "7 days before, to the client", "30 days before, to you", "active"):
        check(text in out, f"show prints {text!r}", out)

    data = json.loads(ok(bus, "show", uid, "--json").out)
    equal(data["uid"], uid, "show --json uid")
    equal(data["amount"], "120.50", "show --json amount is a decimal string")
    check("amount_minor" not in data, "show --json has amount instead of amount_minor", data)
    equal(data["count"], 12, "show --json count")
    check({"kind": "expiry", "lead_days": 30, "audience": "client"} in data["reminders"],
          "show --json reminders are objects", data)


def test_list(bus):
    uid = state["acme"]
    out = ok(bus, "list").out
    check(uid[:8] in out and state["defaults"][:8] in out and "Acme Ltd" in out,
          "list shows both sales, by their short identifiers", out)
    for line in out.splitlines():
        check(display_width(line) <= 80, "list fits 80 columns", line)

    data = json.loads(ok(bus, "list", "--json").out)
    equal(sorted(s["uid"] for s in data), sorted([uid, state["defaults"]]), "list --json")
    equal([s["client"] for s in data], ["Acme Ltd", "Defaults Co"], "ordered by client")

    data = json.loads(ok(bus, "list", "--json", "--client", "acme").out)
    equal([s["uid"] for s in data], [uid], "--client matches part of the name, any case")
    data = json.loads(ok(bus, "list", "--json", "--currency", "JPY").out)
    equal([s["uid"] for s in data], [state["defaults"]], "--currency")
    data = json.loads(ok(bus, "list", "--json", "--expiring-before", "2027-12-31").out)
    equal([s["uid"] for s in data], [state["defaults"]], "--expiring-before")
    data = json.loads(ok(bus, "list", "--json", "--status", "ended").out)
    equal(data, [], "--status")
    out = ok(bus, "list", "--client", "nobody").out
    equal(out, "No sale matches.\n", "an empty list says so")


def test_edit(bus):
    uid = state["acme"]
    service = bus.service()
    before = service.GetSale(uid)
    ok(bus, "edit", uid, "--amount", "130", "--clear-note", "--service", "Web hosting")
    after = service.GetSale(uid)
    equal(int(after["amount_minor"]), 13000, "edit changes the amount")
    check("note" not in after, "--clear-note removes the note", after)
    equal(int(after["revision"]), int(before["revision"]) + 1, "one update")
    equal(after["reminders"], before["reminders"], "other fields are kept")

    # Nothing differs: no update at all.
    ok(bus, "edit", uid, "--amount", "130.00")
    equal(int(service.GetSale(uid)["revision"]), int(after["revision"]),
          "an edit that changes nothing writes nothing")

    # A new currency alone keeps the amount as written.
    ok(bus, "edit", state["defaults"], "--currency", "USD", "--remind-invoice", "2")
    sale = service.GetSale(state["defaults"])
    equal((int(sale["amount_minor"]), str(sale["currency"])), (1000, "USD"), "10 JPY → 10.00 USD")
    equal(sorted((str(k), int(d), str(a)) for k, d, a in sale["reminders"]),
          sorted([("invoice", 2, "owner"), ("expiry", 30, "owner"), ("expiry", 7, "owner")]),
          "--remind-invoice replaces the invoice reminders and keeps the others")

    # Four edits of different fields at once: compare-and-swap makes some of them conflict;
    # each re-reads and retries (up to 3 times, and only 3 others can win before it), so all
    # succeed and no change is lost.
    edits = [["--note", "Parallel"], ["--email", "ops@defaults.example"], ["--notice", "3"],
             ["--amount", "11"]]
    processes = [subprocess.Popen([CLI, "edit", state["defaults"]] + args, env=bus.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for args in edits]
    for process in processes:
        out, err = process.communicate(timeout=60)
        equal(process.returncode, 0, "concurrent edits all succeed", out, err)
    sale = service.GetSale(state["defaults"])
    equal((str(sale["note"]), str(sale["email"]), int(sale["notice_days"]), int(sale["amount_minor"])),
          ("Parallel", "ops@defaults.example", 3, 1100), "no concurrent change is lost")

    refused(bus, "edit", "no-such-sale", "--amount", "5", sentence=r"no-such-sale")
    refused(bus, "edit", uid, "--email", "not an address", sentence=r"not an address")


def test_mark(bus):
    uid = state["acme"]
    ok(bus, "mark", uid, "2027-02-28", "issued")
    sale = bus.service().GetSale(uid)
    equal(dict((str(k), str(v)) for k, v in sale["occurrences"].items()), {"2027-02-28": "issued"},
          "mark records the state")
    refused(bus, "mark", uid, "2027-02-27", "issued", sentence=r"2027-02-27")
    ok(bus, "mark", uid, "2027-03-31", "skipped")
    ok(bus, "mark", uid, "2027-03-31", "open")
    sale = bus.service().GetSale(uid)
    equal(dict((str(k), str(v)) for k, v in sale["occurrences"].items()), {"2027-02-28": "issued"},
          "open clears a mark")


def project(item):
    """The fields compared: who, what, when, how much, and for reminders what about."""
    keys = ["uid", "kind", "date", "amount"]
    if item["kind"] == "invoice":
        keys.append("state")
    if item["kind"] == "reminder":
        keys += ["for_kind", "for_date", "audience"]
    return {key: item.get(key) for key in keys}


def expected_window_items(uid):
    """What falls due in WINDOW for the Acme sale after the edit and the mark."""
    items = []

    def reminders(for_date, day):
        for audience in ("owner", "client"):
            items.append({"uid": uid, "kind": "reminder", "date": day, "amount": "130.00",
                          "for_kind": "invoice", "for_date": for_date, "audience": audience})

    def invoice(day, invoice_state="open"):
        items.append({"uid": uid, "kind": "invoice", "date": day, "amount": "130.00",
                      "state": invoice_state})

    reminders("2027-01-31", "2027-01-24")
    reminders("2027-01-31", "2027-01-28")
    invoice("2027-01-31")
    # 2027-02-28 is marked issued: its reminders no longer apply.
    invoice("2027-02-28", "issued")
    reminders("2027-03-31", "2027-03-24")
    reminders("2027-03-31", "2027-03-28")
    invoice("2027-03-31")
    return items


def item_key(item):
    return (item["date"], item["kind"], item.get("for_kind") or "", item.get("audience") or "")


def test_upcoming_json(bus):
    uid = state["acme"]
    data = json.loads(ok(bus, "upcoming", "--from", WINDOW[0], "--to", WINDOW[1], "--json").out)
    check(isinstance(data, list), "a JSON array", data)
    dates = [item["date"] for item in data]
    equal(dates, sorted(dates), "date-sorted")
    for item in data:
        for key in ("uid", "kind", "date", "client", "service", "amount", "currency", "draft"):
            check(key in item, f"each item has {key}", item)
        equal((item["client"], item["service"], item["currency"], item["draft"]),
              ("Acme Ltd", "Web hosting", "EUR", False), "item fields")
    equal(sorted((project(item) for item in data), key=item_key),
          sorted(expected_window_items(uid), key=item_key), "exactly the expected items")
    state["window_json"] = data

    # Inclusive at both ends.
    data = json.loads(ok(bus, "upcoming", "--from", "2027-01-31", "--to", "2027-01-31", "--json").out)
    equal([(i["kind"], i["date"]) for i in data], [("invoice", "2027-01-31")], "one-day window")


def test_upcoming_human(bus):
    out = ok(bus, "upcoming", "--from", WINDOW[0], "--to", WINDOW[1]).out
    lines = out.splitlines()
    equal(lines[0], "From 2027-01-01 to 2027-03-31", "the heading")
    header = next(i for i, line in enumerate(lines) if line.startswith("Date"))
    for word in ("Date", "What", "Client", "Service", "Amount"):
        check(word in lines[header], f"the table has a {word} column", out)
    rows = [line for line in lines[header + 1:] if line.strip()]
    equal(len(rows), 11, "one row per item")
    for line in lines:
        check(display_width(line) <= 80, "80 columns at most", line)
    check(any(r.startswith("2027-01-24") and "Reminder: invoice 2027-01-31" in r for r in rows),
          "a reminder to the owner", out)
    check(any(r.startswith("2027-01-24") and "To client: invoice 2027-01-31" in r for r in rows),
          "a reminder e-mailed to the client", out)
    check(any(r.startswith("2027-02-28") and "Invoice, issued" in r and r.endswith("130.00 EUR")
              for r in rows), "an issued invoice, with its amount", out)

    out = ok(bus, "upcoming", "--from", "2035-01-01", "--to", "2035-01-31").out
    equal(out, "From 2035-01-01 to 2035-01-31\n\nNothing falls due in these days.\n",
          "a window with nothing in it says so")

    # The default window: the next 30 days, today the first of them; --days changes it.
    today = time.strftime("%Y-%m-%d")
    out = ok(bus, "upcoming").out
    check(out.startswith(f"From {today} to "), "the default window starts today", out)
    data = json.loads(ok(bus, "upcoming", "--days", "1", "--json").out)
    check(all(item["date"] == today for item in data), "--days 1 is today alone", data)

    # Long and wide names are cut by display width, with an ellipsis.
    wide = ok(bus, "add", "--client", "株式会社" * 8 + " Ltd", "--service",
              "Υποστήριξη πληροφοριακών συστημάτων και φιλοξενία ιστοσελίδων",
              "--amount", "98000", "--currency", "JPY", "--every", "1y",
              "--start", "2029-05-01", "--count", "1").out.strip()
    state["wide"] = wide
    out = ok(bus, "upcoming", "--from", "2029-05-01", "--to", "2029-05-01").out
    rows = out.splitlines()[3:]
    equal(len(rows), 1, "one invoice that day", out)
    check("…" in rows[0] and "株式会社" in rows[0], "cut with an ellipsis", out)
    for line in out.splitlines():
        check(display_width(line) <= 80, "80 columns with wide characters", line)
    check(rows[0].endswith("98000 JPY"), "the amount stays whole", out)


def gdbus_upcoming(bus):
    completed = subprocess.run(
        ["gdbus", "call", "--session", "--dest", BUS_NAME, "--object-path", OBJECT_PATH,
         "--method", INTERFACE + ".Upcoming", WINDOW[0], WINDOW[1], "{}"],
        env=bus.env, capture_output=True, text=True, timeout=60)
    equal(completed.returncode, 0, f"gdbus call: {completed.stderr}")
    variant = GLib.Variant.parse(GLib.VariantType.new("(aa{sv})"), completed.stdout.strip(), None, None)
    return variant.unpack()[0]


def test_other_apps(bus):
    """Other apps read the same answer: gdbus (any shell script) and python3-dbus."""
    cli = [(i["uid"], i["kind"], i["date"], i["amount"]) for i in state["window_json"]]

    from_gdbus = [(i["uid"], i["kind"], i["date"], decimal(i["amount_minor"]))
                  for i in gdbus_upcoming(bus)]
    equal(from_gdbus, cli, "gdbus call … Upcoming equals the CLI's --json")

    service = dbus.SessionBus().get_object(BUS_NAME, OBJECT_PATH)
    items = service.Upcoming(WINDOW[0], WINDOW[1], dbus.Dictionary({}, signature="sv"),
                             dbus_interface=INTERFACE)
    from_python = [(str(i["uid"]), str(i["kind"]), str(i["date"]), decimal(int(i["amount_minor"])))
                   for i in items]
    equal(from_python, cli, "python3-dbus Upcoming equals the CLI's --json")


def test_greek(bus):
    if "el_GR.utf8" not in subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout:
        raise Failure("the locale el_GR.UTF-8 is missing: run scripts/run-tests.sh")
    env = greek_env(bus)
    uid = state["acme"]
    out = ok(bus, "show", uid, env=env).out
    for text in ("130,00 €", "κάθε μήνα", "31/01/2027", "30/01/2028"):
        check(text in out, f"show in Greek prints {text!r}", out)
    out = ok(bus, "upcoming", "--from", WINDOW[0], "--to", WINDOW[1], env=env).out
    check("01/01/2027" in out.splitlines()[0] and "31/03/2027" in out.splitlines()[0],
          "the heading's dates in Greek", out)
    check(re.search(r"^24/01/2027 .*130,00 €$", out, re.M), "rows in Greek", out)
    for line in out.splitlines():
        check(display_width(line) <= 80, "80 columns in Greek", line)
    out = ok(bus, "upcoming", "--from", "2035-01-01", "--to", "2035-01-31", env=env).out
    check("Δεν υπάρχει τίποτα προγραμματισμένο για αυτές τις ημέρες." in out, "nothing due, in Greek", out)
    result = usage_error(bus, "add", "add", "--client", "A", "--service", "S", "--amount", "δέκα",
                         "--currency", "EUR", "--every", "1m", "--start", "2027-01-01", env=env)
    check("Το ποσό «δέκα» δεν είναι αριθμός" in result.err, "a usage error in Greek", result)


def test_greek_input(bus):
    """Amounts and dates typed as the user's locale writes them (issue #13, item 4)."""
    env = greek_env(bus)
    english = dict(env, LANG="en_US.UTF-8", LANGUAGE="en")
    service = bus.service()
    added = []
    base = ["--client", "Ελληνική Είσοδος", "--service", "Φιλοξενία", "--every", "1m"]

    def add(*args, env=env):
        uid = ok(bus, "add", *base, *args, env=env).out.strip()
        added.append(uid)
        return service.GetSale(uid)

    try:
        sale = add("--currency", "EUR", "--amount", "1.234,56", "--start", "30/03/2027",
                   "--until", "29/3/2028")
        equal((int(sale["amount_minor"]), str(sale["start"]), str(sale["until"])),
              (123456, "2027-03-30", "2028-03-29"), "1.234,56 and 30/03/2027 as Greek writes them")
        out = ok(bus, "show", added[0], env=env).out
        check("1.234,56 €" in out and "30/03/2027" in out, "shown as typed", out)
        for typed, minor in (("1.234", 123400), ("45,00", 4500), ("1234.56", 123456)):
            sale = add("--currency", "EUR", "--amount", typed, "--start", "2027-03-30")
            equal(int(sale["amount_minor"]), minor, f"--amount {typed} in Greek")

        # The other commands read dates the same way.
        ok(bus, "mark", added[0], "30/4/2027", "issued", env=env)
        equal(dict((str(k), str(v)) for k, v in service.GetSale(added[0])["occurrences"].items()),
              {"2027-04-30": "issued"}, "mark with a Greek date")
        greek = ok(bus, "upcoming", "--from", "01/03/2027", "--to", "30/04/2027", "--json", env=env).out
        iso = ok(bus, "upcoming", "--from", "2027-03-01", "--to", "2027-04-30", "--json").out
        equal(json.loads(greek), json.loads(iso), "upcoming --from/--to in Greek")
        listed = json.loads(ok(bus, "list", "--expiring-before", "31/03/2028", "--json", env=env).out)
        check(added[0] in [s["uid"] for s in listed], "list --expiring-before in Greek", listed)

        # Refusals: a sentence with an example in Greek.
        full = [*base, "--currency", "EUR", "--start", "2027-03-30"]
        usage_error(bus, "add", "add", *full, "--amount", "-5", env=env,
                    sentence=r"«-5» είναι αρνητικό")
        usage_error(bus, "add", "add", *full, "--amount", "12x", env=env,
                    sentence=r"«12x» δεν είναι αριθμός· γράψτε το όπως 1\.234,50\.")
        usage_error(bus, "add", "add", *base, "--currency", "KWD", "--start", "2027-03-30",
                    "--amount", "1.234", env=env, sentence=r"γράψτε 1\.234,000 ή 1,234\.")
        usage_error(bus, "add", "add", *base, "--currency", "EUR", "--amount", "10",
                    "--start", "30/03/27", env=env,
                    sentence=r"«30/03/27» δεν είναι ημερομηνία· γράψτε τη όπως 31/01/2027 ή 2027-01-31\.")
        usage_error(bus, "mark", "mark", added[0], "31/02/2027", "issued", env=env,
                    sentence=r"31/02/2027 δεν είναι έγκυρη ημερομηνία")

        # English: its own grouping, and ISO dates only, as it shows them.
        sale = add("--currency", "EUR", "--amount", "1,234.56", "--start", "2027-03-30", env=english)
        equal(int(sale["amount_minor"]), 123456, "1,234.56 in English")
        usage_error(bus, "add", "add", *full, "--amount", "1.234", env=english,
                    sentence=r"“1\.234” has more decimals than EUR allows")
        usage_error(bus, "add", "add", *base, "--currency", "EUR", "--amount", "10",
                    "--start", "03/30/2027", env=english,
                    sentence=r"“03/30/2027” is not a date; write it like 2027-01-31\.")
    finally:
        for uid in added:
            service.RemoveSale(uid, dbus_interface=INTERFACE)


def test_refusals(bus):
    refused(bus, "add", "--client", "B", "--service", "S", "--amount", "1", "--currency", "EUR",
            "--every", "1m", "--start", "2027-01-01", "--prepay", "--iban", "GR00 1234",
            sentence=r"IBAN")
    refused(bus, "show", "no-such-sale", sentence=r"no-such-sale")
    refused(bus, "end", "no-such-sale", sentence=r"no-such-sale")
    refused(bus, "renew", "no-such-sale", sentence=r"no-such-sale")
    # JPY has no decimals: a bad value, known once the sale's currency is read.
    usage_error(bus, "renew", "renew", state["wide"], "--amount", "1.5", sentence=r"1\.5")
    equal(len(bus.service().ListSales(dbus.Dictionary({}, signature="sv"))), 3,
          "refused calls add nothing")


def test_renew_and_end(bus):
    uid = state["acme"]
    result = ok(bus, "renew", uid, "--for", "1y", "--amount", "140")
    new_uid = result.out.strip()
    check(new_uid and new_uid != uid and result.out == new_uid + "\n", "renew prints the new uid", result)
    service = bus.service()
    old, new = service.GetSale(uid), service.GetSale(new_uid)
    equal(str(old["status"]), "renewed", "the old sale is renewed")
    equal(str(old["successor"]), new_uid, "successor")
    equal((str(new["start"]), str(new["term"]), int(new["amount_minor"])), ("2028-01-31", "1y", 14000),
          "the successor continues the schedule")
    refused(bus, "renew", uid, sentence=r".")

    ok(bus, "end", new_uid, "--reason", "The client closes the shop")
    equal(str(service.GetSale(new_uid)["status"]), "ended", "end")
    state["renewed"] = new_uid

    out = ok(bus, "list").out
    check("renewed" in out and "ended" in out, "list shows the status when not all are active", out)


def write(bus, name, text, mode="w"):
    path = os.path.join(bus.work, name)
    with open(path, mode, encoding=None if "b" in mode else "utf-8") as f:
        f.write(text)
    return path


def count_sales(bus):
    return len(bus.service().ListSales(dbus.Dictionary({}, signature="sv")))


def test_import(bus):
    before = count_sales(bus)
    write(bus, "two.csv",
          "client,service,amount,currency,period,start,until,email\r\n"
          "Βήτα Ο.Ε.,\"Support, monthly\",45.00,EUR,1m,2027-02-01,2027-12-31,\r\n"
          "Gamma Ltd,Backup,9.99,GBP,3m,2027-01-15,,ops@gamma.example\r\n")
    result = ok(bus, "import", "two.csv")
    equal(result.out, "2 added, 0 already there, 0 refused.\n", "import CSV")
    equal(count_sales(bus), before + 2, "two sales added")

    result = ok(bus, "import", SAMPLE_JSON)
    with open(SAMPLE_JSON, encoding="utf-8") as f:
        n_sample = len(json.load(f)["sales"])
    equal(result.out, f"{n_sample} added, 0 already there, 0 refused.\n", "import JSON")

    one = json.dumps({"format": "evolution-recurring-sales", "version": 1, "sales": [
        {"client": "Delta", "service": "Audit", "amount": "500", "currency": "EUR",
         "period": "1y", "start": "2027-04-01"}]})
    result = ok(bus, "import", "-", stdin=one)
    equal(result.out, "1 added, 0 already there, 0 refused.\n",
          "import from stdin, format from the content")
    total = count_sales(bus)
    equal(total, before + 2 + n_sample + 1, "all imported")

    write(bus, "bad.csv",
          "client,service,amount,currency,period,start\n"
          "Good Co,Support,10.00,EUR,1m,2027-01-01\n"
          "Bad Co,Support,ten,EUR,1m,2027-01-01\n")
    result = refused(bus, "import", "bad.csv")
    check(re.search(r"^line 3, column amount: .*ten", result.err, re.M), "problems as line N, column X",
          result)
    check(result.err.endswith("\nNothing was imported: 1 row was refused; correct it and import "
                              "the file again.\n"), "the summary of a refused file", result)
    equal(count_sales(bus), total, "all or nothing")

    # The same uids again: already there (issue #13; they used to refuse the whole file).
    result = ok(bus, "import", SAMPLE_JSON)
    equal(result.out, f"0 added, {n_sample} already there, 0 refused.\n", "the sample again")
    refused(bus, "import", "missing.csv", sentence=r"missing\.csv")
    write(bus, "latin1.csv", b"client,service\n\xe9t\xe9,x\n", mode="wb")
    refused(bus, "import", "latin1.csv", sentence=r"UTF-8")
    equal(count_sales(bus), total, "nothing added by refused imports")


def test_import_again(bus):
    """Issue #13: a file imported twice is added once; --allow-duplicates adds it again."""
    service = bus.service()
    kept = {str(sale["uid"]) for sale in service.ListSales(dbus.Dictionary({}, signature="sv"))}
    before = len(kept)
    rows = ("client,service,amount,currency,period,start,term\n"
            "Again Ltd,Web hosting,120.00,EUR,1m,2027-01-31,1y\n"
            "Ζήτα Ο.Ε.,Υποστήριξη,45.00,EUR,1m,2027-02-01,1y\n")
    write(bus, "again.csv", rows)
    equal(ok(bus, "import", "again.csv").out, "2 added, 0 already there, 0 refused.\n",
          "the first import")
    equal(ok(bus, "import", "again.csv").out, "0 added, 2 already there, 0 refused.\n",
          "the same file again")
    equal(count_sales(bus), before + 2, "each sale once")

    result = run(bus, "import", "again.csv", env=greek_env(bus))
    equal((result.code, result.out), (0, "0 προστέθηκαν, 2 υπήρχαν ήδη, 0 απορρίφθηκαν.\n"),
          "the summary in Greek")

    # Written again by hand (other case, spaces, a Greek name in capitals) with one new row.
    write(bus, "again.csv", "client,service,amount,currency,period,start\n"
                            "AGAIN  LTD,web hosting,120,EUR,1m,2027-01-31\n"
                            "ΖΗΤΑ Ο.Ε.,Υποστήριξη,45.00,EUR,1m,2027-02-01\n"
                            "Ζήτα Ο.Ε.,Υποστήριξη,45.00,EUR,1m,2027-03-01\n")
    result = run(bus, "import", "again.csv", env=greek_env(bus))
    equal((result.code, result.out), (0, "1 προστέθηκε, 2 υπήρχαν ήδη, 0 απορρίφθηκαν.\n"),
          "only the new row is added")
    equal(count_sales(bus), before + 3, "one sale more")

    result = ok(bus, "import", "--allow-duplicates", "again.csv")
    equal(result.out, "3 added, 0 already there, 0 refused.\n", "--allow-duplicates adds them")
    equal(count_sales(bus), before + 6, "three sales more")

    write(bus, "again.csv", rows + "Gamma,Backup,ten,EUR,1m,2027-01-31,1y\n"
                                   "Delta,Backup,1,EUR,1x,2027-01-31,1y\n")
    result = run(bus, "import", "again.csv", env=greek_env(bus))
    equal(result.code, 1, "a file with bad rows is refused", result)
    check(result.err.endswith("\nΔεν εισήχθη τίποτα: απορρίφθηκαν 2 γραμμές· διορθώστε τις και "
                              "εισαγάγετε ξανά το αρχείο.\n"), "the refused rows, in Greek", result)
    equal(count_sales(bus), before + 6, "nothing added")

    # The list stops at 100 problems, and says so.
    write(bus, "many.csv", "client,service,amount,currency,period,start\n" +
          "Many,Backup,ten,EUR,1m,2027-01-31\n" * 150)
    result = refused(bus, "import", "many.csv")
    equal(len(result.err.splitlines()), 101, "100 problems and the summary", result.err[-300:])
    check(result.err.endswith("\nNothing was imported. Only the first 100 problems are listed; "
                              "correct them and import the file again to see the others.\n"),
          "a list that stops says so", result.err[-300:])

    for sale in service.ListSales(dbus.Dictionary({}, signature="sv")):
        if str(sale["uid"]) not in kept:
            service.RemoveSale(sale["uid"])
    equal(count_sales(bus), before, "the sales of this test removed")


def english_env(bus):
    env = dict(bus.env)
    env.pop("LC_ALL", None)
    env.update({"LANG": "en_US.UTF-8", "LANGUAGE": "en"})
    return env


def sales_by_client(bus, kept=()):
    """The sales not in @kept (those of the other tests), by client."""
    return {str(sale["client"]): sale
            for sale in bus.service().ListSales(dbus.Dictionary({}, signature="sv"))
            if str(sale["uid"]) not in kept}


def remove_sales_except(bus, kept):
    service = bus.service()
    for sale in service.ListSales(dbus.Dictionary({}, signature="sv")):
        if str(sale["uid"]) not in kept:
            service.RemoveSale(sale["uid"])


def test_import_spreadsheets(bus):
    """Issue #16: files in the user's own formats (Greek or English headers, ; or ,, a BOM,
    1.234,56, 31/12/2027, Μηνιαία), --columns, and what is refused."""
    service = bus.service()
    kept = {str(sale["uid"]) for sale in service.ListSales(dbus.Dictionary({}, signature="sv"))}
    before = len(kept)
    fixture = os.path.join(os.path.dirname(SAMPLE_JSON), "sample-sales-el-excel.csv")

    result = run(bus, "import", fixture, env=greek_env(bus))
    equal((result.code, result.out, result.err),
          (0, "4 προστέθηκαν, 0 υπήρχαν ήδη, 0 απορρίφθηκαν.\n", ""),
          "the file Excel saves under el_GR imports without editing")
    sales = sales_by_client(bus, kept)
    alfa = sales["Άλφα Τεχνική Α.Ε."]
    equal((int(alfa["amount_minor"]), str(alfa["start"]), str(alfa["until"]), str(alfa["period"])),
          (123456, "2027-12-31", "2028-12-31", "1m"), "1.234,56, 31/12/2027 and Μηνιαία")
    equal((str(sales["Βήτα Ο.Ε."]["period"]), str(sales["Βήτα Ο.Ε."]["start"])),
          ("3m", "2027-02-01"), "Κάθε 3 μήνες and 1/2/2027")
    equal(str(sales["Γάμμα Μ.Ι.Κ.Ε."]["period"]), "1y", "Ετήσια")
    result = run(bus, "import", fixture, env=greek_env(bus))
    equal((result.code, result.out), (0, "0 προστέθηκαν, 4 υπήρχαν ήδη, 0 απορρίφθηκαν.\n"),
          "the same file again adds nothing")

    write(bus, "english.csv", "Client,Service,Amount,Currency,Period,Start date\r\n"
                              "Acme EN,Hosting,\"1,234.56\",EUR,quarterly,2027-03-01\r\n"
                              "Beta EN,Support,99.5,EUR,every 2 weeks,2027-03-01\r\n")
    result = run(bus, "import", "english.csv", env=english_env(bus))
    equal((result.code, result.out), (0, "2 added, 0 already there, 0 refused.\n"),
          "English headers and words, amounts as en_US writes them", result)
    sales = sales_by_client(bus, kept)
    equal((int(sales["Acme EN"]["amount_minor"]), str(sales["Acme EN"]["period"]),
           str(sales["Beta EN"]["period"])), (123456, "3m", "2w"), "read as written")

    write(bus, "other.csv", "Customer;What;Price;Cur;Every;From\n"
                            "Columns Co;Audit;1.500,00;EUR;Ετήσια;01/04/2027\n")
    columns = "Customer=client,What=service,Price=amount,Cur=currency,Every=period,From=start"
    result = run(bus, "import", "--columns", columns, "other.csv", env=greek_env(bus))
    equal((result.code, result.out), (0, "1 προστέθηκε, 0 υπήρχαν ήδη, 0 απορρίφθηκαν.\n"),
          "--columns names any other header", result)
    equal(int(sales_by_client(bus, kept)["Columns Co"]["amount_minor"]), 150000, "1.500,00")
    total = count_sales(bus)

    result = run(bus, "import", "other.csv", env=english_env(bus))
    equal(result.code, 1, "unknown headers without --columns are refused", result)
    check("line 1, column What: The column “What” is not known." in result.err,
          "the unknown header is named", result)
    write(bus, "ambiguous.csv", "Πελάτης;Υπηρεσία;Ποσό;Νόμισμα;Περίοδος;Ημερομηνία\n"
                                "Άλφα;Φιλοξενία;1.234;KWD;Μηνιαία;31/12/2027\n")
    result = run(bus, "import", "ambiguous.csv", env=english_env(bus))
    equal(result.code, 1, "a header of two fields is refused", result)
    check("could be “start” or “until”" in result.err and
          '--columns "Ημερομηνία=start"' in result.err, "it says what to write", result)
    result = run(bus, "import", "--columns", "Ημερομηνία=start", "ambiguous.csv",
                 env=greek_env(bus))
    equal(result.code, 1, "1.234 KWD can be read two ways", result)
    check(re.search(r"^γραμμή 2, στήλη Ποσό: .*γράψτε 1\.234,000 ή 1,234\.$", result.err, re.M),
          "both readings are shown, unmistakably", result)
    equal(count_sales(bus), total, "nothing added by refused imports")

    usage_error(bus, "import", "import", "--columns", "Customer", "other.csv",
                sentence=r"HEADER=COLUMN")
    usage_error(bus, "import", "import", "--columns", "Customer=buyer", "other.csv",
                sentence=r"buyer")
    usage_error(bus, "import", "import", "--columns", "A=client", SAMPLE_JSON,
                sentence=r"--columns")

    help_text = run(bus, "import", "--help", env=greek_env(bus)).out
    for word in ("Πελάτης", "Ποσό", "Περίοδος", "Έναρξη", "Λήξη", "--columns", "31/12/2027",
                 "1.234,56", "Μηνιαία", "Κάθε 3 μήνες"):
        check(word in help_text, f"import --help in Greek shows {word}", help_text)
    help_text = run(bus, "import", "--help", env=english_env(bus)).out
    for word in ("client *:", "Πελάτης", "Client", "2027-12-31", "1,234.56", "monthly"):
        check(word in help_text, f"import --help in English shows {word}", help_text)

    remove_sales_except(bus, kept)
    equal(count_sales(bus), before, "the sales of this test removed")


def test_excel_round_trip(bus):
    """Issue #16: export --format csv --excel is what Excel under el_GR opens (BOM, ;, 1234,56,
    31/12/2027), IBANs keep their spaces in every export, and the file imports back unchanged."""
    service = bus.service()
    fixture = os.path.join(os.path.dirname(SAMPLE_JSON), "sample-sales-el-excel.csv")
    ok(bus, "import", fixture, env=greek_env(bus))
    iban = "GR16 0110 1250 0000 0001 2300 695"
    check(f",{iban}," in ok(bus, "export", "--format", "csv").out, "the CSV export keeps the spaces")
    check(f'"iban" : "{iban}"' in ok(bus, "export", "--format", "json").out,
          "the JSON export keeps the spaces")
    usage_error(bus, "export", "export", "--format", "json", "--excel", sentence=r"--excel")

    result = run(bus, "export", "--format", "csv", "--excel", "--output", "excel.csv",
                 env=greek_env(bus))
    equal((result.code, result.out, result.err), (0, "", ""), "export --excel", result)
    with open(os.path.join(bus.work, "excel.csv"), "rb") as f:
        excel = f.read().decode("utf-8")
    check(excel.startswith("\ufeffuid;client;email;"), "a BOM and semicolons", excel[:200])
    check(";1234,56;EUR;1m;31/12/2027;31/12/2028;" in excel and f";{iban};" in excel,
          "decimal commas, dates as Greek writes them, the IBAN as printed", excel)

    before = ok(bus, "export", "--format", "csv").out
    n_sales = count_sales(bus)
    ok(bus, "export", "--format", "ics", "--output", "sales.ics")
    with open(os.path.join(bus.work, "sales.ics"), encoding="utf-8", newline="") as f:
        ics = f.read()
    equal(ics.count("\r\nX-RECURRING-SALE-DATA:"), n_sales, "the calendar carries every sale")

    def remove_all():
        for sale in service.ListSales(dbus.Dictionary({}, signature="sv")):
            service.RemoveSale(sale["uid"])
        equal(count_sales(bus), 0, "every sale removed")

    remove_all()
    result = run(bus, "import", "excel.csv", env=greek_env(bus))
    equal((result.code, result.err), (0, ""), "the --excel export imports", result)
    equal(count_sales(bus), n_sales, "every sale back")
    equal(ok(bus, "export", "--format", "csv").out, before, "and unchanged")

    # Our own calendar export round-trips too; any other calendar is refused with a sentence.
    remove_all()
    result = ok(bus, "import", "sales.ics")
    equal(result.out, f"{n_sales} added, 0 already there, 0 refused.\n", "the .ics imports")
    equal(ok(bus, "export", "--format", "csv").out, before, "every sale back, unchanged")
    equal(ok(bus, "import", "-", stdin=ics).out, f"0 added, {n_sales} already there, 0 refused.\n",
          "a calendar from the standard input, found from its content")

    write(bus, "other.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\n"
                            "BEGIN:VEVENT\r\nUID:1@other\r\nDTSTAMP:20270101T000000Z\r\n"
                            "DTSTART;VALUE=DATE:20270101\r\nSUMMARY:Invoice Acme\r\n"
                            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    result = refused(bus, "import", "other.ics")
    equal(result.err, "This calendar was not written by “recurring-sales export --format ics”, "
                      "and only such a calendar can be imported: its events do not hold the "
                      "sales’ amounts, terms and reminders. Import the sales as CSV or JSON "
                      "instead (recurring-sales import --help lists the columns).\n"
                      "Nothing was imported.\n", "another program's calendar is refused")
    # The service's own Export("ics") is the bare calendar, for other programs: not importable.
    write(bus, "bare.ics", str(service.Export("ics")))
    refused(bus, "import", "bare.ics", sentence=r"was not written by")
    equal(count_sales(bus), n_sales, "nothing added by a refused calendar")


def test_export(bus):
    total = count_sales(bus)
    ics = ok(bus, "export", "--format", "ics").out
    check(ics.startswith("BEGIN:VCALENDAR") and f"{state['acme']}-invoice" in ics,
          "export ics", ics[:300])
    csv = ok(bus, "export", "--format", "csv").out
    check("client" in csv.splitlines()[0].split(","), "export csv has a header", csv[:300])
    data = json.loads(ok(bus, "export", "--format", "json").out)
    equal(data["format"], "evolution-recurring-sales", "export json")
    equal(len(data["sales"]), total, "every sale exported")

    path = write(bus, "old.json", "old")
    os.chmod(path, 0o644)
    ok(bus, "export", "--format", "json", "--output", "old.json")
    equal(stat.S_IMODE(os.stat(path).st_mode), 0o600, "written readable by the user alone")
    with open(path, encoding="utf-8") as f:
        equal(json.load(f), data, "the file holds the export")

    target = write(bus, "target.txt", "keep me")
    os.symlink(target, os.path.join(bus.work, "link.json"))
    refused(bus, "export", "--format", "json", "--output", "link.json", sentence=r"link\.json")
    with open(target, encoding="utf-8") as f:
        equal(f.read(), "keep me", "nothing written through the symbolic link")
    check(os.path.islink(os.path.join(bus.work, "link.json")), "the link is left alone")

    # The round trip: an export imports into an empty store as the same sales (see test_import
    # for the format detection); here only that it is accepted as JSON by the parser.
    check(all("uid" in sale for sale in data["sales"]), "exported sales keep their uids")


def test_backup(bus):
    ok(bus, "backup", "copy.db")
    path = os.path.join(bus.work, "copy.db")
    with open(path, "rb") as f:
        equal(f.read(16), b"SQLite format 3\x00", "a relative path is written where the user is")
    equal(stat.S_IMODE(os.stat(path).st_mode), 0o600, "the backup is private")
    os.symlink(path, os.path.join(bus.work, "copy-link.db"))
    refused(bus, "backup", "copy-link.db", sentence=r".")


def test_remove(bus):
    uid = state["defaults"]
    usage_error(bus, "remove", "remove", uid, sentence=r"--yes")

    # On a terminal it asks, naming the sale; anything but yes keeps it.
    result = on_terminal(bus, "n", "remove", uid)
    equal(result.code, 1, "answering no removes nothing", result)
    check("Support" in result.out and "Defaults Co" in result.out and "[y/N]" in result.out,
          "the question names the sale", result)
    bus.service().GetSale(uid)
    result = on_terminal(bus, "y", "remove", state["wide"])
    equal(result.code, 0, "answering yes removes", result)
    check(state["wide"][:8] not in ok(bus, "list").out, "removed after yes")

    bus.service().GetSale(uid)
    ok(bus, "remove", uid, "--yes")
    try:
        bus.service().GetSale(uid)
        raise Failure("the sale is gone")
    except dbus.DBusException as error:
        equal(error.get_dbus_name(), INTERFACE + ".Error.NotFound", "GetSale after remove")
    refused(bus, "remove", uid, "--yes", sentence=re.escape(uid))


def test_delivery_and_language(bus):
    service = bus.service()
    uid = ok(bus, "add", "--client", "Ωμέγα Α.Ε.", "--service", "Hosting", "--amount", "50",
             "--currency", "EUR", "--every", "1m", "--start", "2027-01-31",
             "--email", "billing@omega.example", "--remind-invoice", "7", "--remind-client",
             "--delivery", "Send", "--language", "el").out.strip()
    sale = service.GetSale(uid)
    equal(str(sale["delivery"]), "send", "--delivery is sent as the lower-case word")
    equal(str(sale["language"]), "el", "--language")

    out = ok(bus, "show", uid).out
    check(re.search(r"^Client e-mails +send$", out, re.M), "show prints the delivery", out)
    check(re.search(r"^E-mail language +el$", out, re.M), "show prints the language", out)
    data = json.loads(ok(bus, "show", uid, "--json").out)
    equal((data["delivery"], data["language"]), ("send", "el"), "show --json")
    # The words are those of the options: they stay as they are in Greek.
    out = ok(bus, "show", uid, env=greek_env(bus)).out
    check(re.search(r" send$", out, re.M) and re.search(r" el$", out, re.M),
          "the words stay untranslated in Greek", out)

    # Back to the settings and to the user's language; then an edit that changes nothing.
    ok(bus, "edit", uid, "--delivery", "default", "--language", "")
    sale = service.GetSale(uid)
    equal(str(sale["delivery"]), "default", "--delivery default")
    check("language" not in sale, "--language '' removes the language", sale)
    out = ok(bus, "show", uid).out
    check(re.search(r"^Client e-mails +default$", out, re.M), "show prints default", out)
    check("E-mail language" not in out, "no language line without a language", out)
    revision = int(sale["revision"])
    ok(bus, "edit", uid, "--delivery", "DEFAULT", "--language", "")
    equal(int(service.GetSale(uid)["revision"]), revision, "an edit that changes nothing writes nothing")
    ok(bus, "edit", uid, "--delivery", "off")
    equal(str(service.GetSale(uid)["delivery"]), "off", "edit --delivery")

    # A sale made without the options follows the settings.
    plain = ok(bus, "add", "--client", "Plain", "--service", "S", "--amount", "1", "--currency",
               "EUR", "--every", "1m", "--start", "2027-01-31").out.strip()
    sale = service.GetSale(plain)
    equal(str(sale["delivery"]), "default", "a new sale follows the setting")
    check("language" not in sale, "and has no language", sale)

    for removed in (uid, plain):
        ok(bus, "remove", removed, "--yes")


def test_upcoming_in_pages(bus):
    """An agenda larger than a page (UpcomingPage, 1,000 items) reads whole and in order."""
    service = bus.service()
    rows = "".join(f"Paged {i:02d},Daily check,1.00,EUR,1d,2031-01-01\n" for i in range(60))
    added = service.Import("csv", "client,service,amount,currency,period,start\n" + rows)[0]
    equal(int(added), 60, "60 daily sales imported")
    window = ("2031-01-01", "2031-01-31")
    data = json.loads(ok(bus, "upcoming", "--from", window[0], "--to", window[1], "--json").out)
    whole = service.Upcoming(window[0], window[1], dbus.Dictionary({}, signature="sv"),
                             dbus_interface=INTERFACE)
    check(len(data) > 2000, "more than two pages of items", len(data))
    equal([(i["uid"], i["kind"], i["date"]) for i in data],
          [(str(i["uid"]), str(i["kind"]), str(i["date"])) for i in whole],
          "the pages joined are Upcoming's answer")
    for uid in {i["uid"] for i in data}:
        service.RemoveSale(uid, dbus_interface=INTERFACE)


TESTS = [
    ("help: the sub-commands and their options", test_help),
    ("usage errors exit 2 with a sentence and a hint, before any call", test_usage_errors),
    ("add with every flag maps to the D-Bus keys", test_add_every_flag),
    ("show, human and --json", test_show),
    ("list, filters and --json", test_list),
    ("edit sends only what changes", test_edit),
    ("mark an invoice", test_mark),
    ("upcoming --json: exact items of a fixed window", test_upcoming_json),
    ("upcoming: the 80-column table", test_upcoming_human),
    ("other apps read the same Upcoming (gdbus, python3-dbus)", test_other_apps),
    ("Greek output under el_GR.UTF-8", test_greek),
    ("Greek input: amounts and dates as the locale writes them", test_greek_input),
    ("refusals of the service exit 1 with its sentence", test_refusals),
    ("renew and end", test_renew_and_end),
    ("import CSV, JSON and stdin; problems by line and column", test_import),
    ("import the same file again: what is there is not added twice", test_import_again),
    ("import the user's own spreadsheets: Greek or English, --columns, refusals",
     test_import_spreadsheets),
    ("export ics, csv, json; --output is private and never through a link", test_export),
    ("backup", test_backup),
    ("remove", test_remove),
    ("add --delivery --language, show and edit them", test_delivery_and_language),
    ("upcoming reads a large agenda page by page", test_upcoming_in_pages),
    # Last: it removes every sale and imports them back.
    ("export --excel and --format ics import back unchanged; other calendars are refused",
     test_excel_round_trip),
]


def main():
    return run_tap(TESTS, PrivateBus(CLI, SERVICES_DIR))


if __name__ == "__main__":
    sys.exit(main())
