#!/usr/bin/python3
# test-cli-everyday.py: what a small-business owner noticed using the command day to day
# (issue #13): the --remind- options keep the client's reminders, mark says what it did, tables
# as wide as the terminal, short identifiers, deliveries that name the client and say why one
# was cancelled, no English left under Greek, and "the next N days" meaning N days. End to end,
# against the real service started by D-Bus activation on a private session bus, whose reminder
# dispatcher runs on a clock the test sets. Prints TAP.
#
#   test-cli-everyday.py CLI SERVICES_DIR
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-dbus, python3-gi). The environment comes from meson's
# test_env (GSETTINGS_SCHEMA_DIR, RS_LOCALEDIR, LC_ALL=C.UTF-8, TZ=Europe/Athens); everything
# the service writes goes to a temporary XDG tree.

import datetime
import json
import os
import re
import subprocess
import sys
import time
import zoneinfo

import dbus

CLI, SERVICES_DIR = sys.argv[1:3]
TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_tap import (INTERFACE, Failure, PrivateBus, check, display_width,  # noqa: E402
                     equal, greek_env, ok, on_wide_terminal, refused, run, run_tap, usage_error)

ZONE = zoneinfo.ZoneInfo(os.environ.get("TZ", "Europe/Athens"))
GREEK_LETTERS = re.compile(r"[\u0370-\u03ff]")
WAIT_SECONDS = 60


def local_noon(day):
    return int(datetime.datetime(day.year, day.month, day.day, 12, 0, tzinfo=ZONE).timestamp())


# The service's clock: before every reminder of the sales below; the deliveries test moves it.
START_CLOCK = local_noon(datetime.date(2027, 1, 1))

state = {}


def reminders_of(bus, uid):
    sale = bus.service().GetSale(uid)
    return sorted((str(k), int(d), str(a)) for k, d, a in sale["reminders"])


def add(bus, client, service, *extra):
    return ok(bus, "add", "--client", client, "--service", service, "--amount", "120",
              "--currency", "EUR", "--every", "1m", "--start", "2027-01-31", "--count", "12",
              "--email", "billing@example.com", *extra).out.strip()


def test_remind_options_keep_the_client(bus):
    uid = add(bus, "Acme Ltd", "Web hosting", "--remind-invoice", "7", "--remind-expiry", "30",
              "--remind-client")
    state["acme"] = uid
    both = ("owner", "client")

    ok(bus, "edit", uid, "--remind-expiry", "60")
    equal(reminders_of(bus, uid),
          sorted([("invoice", 7, a) for a in both] + [("expiry", 60, a) for a in both]),
          "--remind-expiry 60 replaces the days, for you and for the client as before")

    ok(bus, "edit", uid, "--remind-expiry", "45", "--no-remind-client")
    equal(reminders_of(bus, uid),
          sorted([("invoice", 7, a) for a in both] + [("expiry", 45, "owner")]),
          "--no-remind-client: the expiry reminders go to you alone; the invoice ones stay")

    ok(bus, "edit", uid, "--remind-client")
    equal(reminders_of(bus, uid),
          sorted([("invoice", 7, a) for a in both] + [("expiry", 45, a) for a in both]),
          "--remind-client alone: the client gets the reminders of every kind")

    revision = int(bus.service().GetSale(uid)["revision"])
    ok(bus, "edit", uid, "--remind-invoice", "7", "--remind-client")
    equal(int(bus.service().GetSale(uid)["revision"]), revision,
          "reminders that already read so are not written again")

    ok(bus, "edit", uid, "--no-remind-client")
    equal(reminders_of(bus, uid), [("expiry", 45, "owner"), ("invoice", 7, "owner")],
          "--no-remind-client alone: the client gets none")
    ok(bus, "edit", uid, "--remind-invoice", "7", "--remind-expiry", "30", "--remind-client")

    out = ok(bus, "edit", "--help").out
    flat = " ".join(out.split())
    check("only the reminders given are set" not in flat,
          "edit --help no longer says the options set only the reminders given", out)
    for text in ("which still go to whoever they went to", "--no-remind-client"):
        check(text in flat, f"edit --help states the rule: {text!r}", out)


def test_mark_says_what_it_did(bus):
    uid = state["acme"]
    result = ok(bus, "mark", uid, "2027-02-28", "prepaid")
    equal(result.out, "Marked the invoice of 2027-02-28 for Acme Ltd as prepaid.\n",
          "mark says what it did")
    result = ok(bus, "mark", uid, "2027-02-28", "open")
    equal(result.out, "The invoice of 2027-02-28 for Acme Ltd is open again.\n",
          "mark … open says so")
    result = ok(bus, "mark", uid, "2027-02-28", "issued", env=greek_env(bus))
    check("28/02/2027" in result.out and "Acme Ltd" in result.out and
          GREEK_LETTERS.search(result.out), "in Greek, with the date as Greek writes it", result)
    ok(bus, "mark", uid, "2027-02-28", "open")


LONG_CLIENT = "Παπαδόπουλος & Συνεργάτες Λογιστικό Γραφείο Ο.Ε."
LONG_SERVICE = "Φιλοξενία ιστοσελίδων, ηλεκτρονικό ταχυδρομείο και αντίγραφα ασφαλείας"


def widest(text):
    return max(display_width(line) for line in text.splitlines())


def test_tables_fit_the_terminal(bus):
    state["long"] = add(bus, LONG_CLIENT, LONG_SERVICE)
    window = ("--from", "2027-01-31", "--to", "2027-01-31")

    for args in (("list",), ("upcoming",) + window):
        result = on_wide_terminal(bus, 200, *args)
        equal(result.code, 0, f"{args} on a terminal", result)
        check(LONG_CLIENT in result.out and LONG_SERVICE in result.out and "…" not in result.out,
              f"{args}: nothing is cut on a terminal 200 columns wide", result.out)
        check(80 < widest(result.out) <= 200, f"{args}: wider than 80 columns", result.out)

        result = on_wide_terminal(bus, 60, *args)
        check("…" in result.out and widest(result.out) <= 60,
              f"{args}: cut to a terminal 60 columns wide", result.out)

        env = dict(bus.env, COLUMNS="100")
        result = ok(bus, *args, env=env)
        check("…" in result.out and 80 < widest(result.out) <= 100,
              f"{args}: $COLUMNS when the output is not a terminal", result.out)

        env = dict(bus.env)
        env.pop("COLUMNS")
        result = ok(bus, *args, env=env)
        check(LONG_CLIENT in result.out and LONG_SERVICE in result.out and "…" not in result.out,
              f"{args}: into a pipe or a file without $COLUMNS, nothing is cut", result.out)


def short_uid_column(out, heading="ID"):
    """The values of the identifier column of a table, by its heading."""
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if re.search(rf"\b{heading}\b", line))
    start = lines[header].index(heading)
    return [line[start:].split()[0] for line in lines[header + 1:] if len(line) > start]


def test_short_identifiers(bus):
    uid = state["acme"]
    short = uid[:8]

    out = ok(bus, "upcoming", "--from", "2027-01-31", "--to", "2027-01-31").out
    column = short_uid_column(out)
    check(short in column and uid not in out, "upcoming shows the short identifier", out)
    out = ok(bus, "list").out
    check(short in short_uid_column(out), "list shows the short identifier", out)

    equal(ok(bus, "show", short).out, ok(bus, "show", uid).out, "show takes a unique prefix")
    ok(bus, "edit", short, "--note", "Short")
    equal(str(bus.service().GetSale(uid)["note"]), "Short", "edit takes a unique prefix")
    ok(bus, "mark", short, "2027-03-31", "skipped")
    ok(bus, "mark", short, "2027-03-31", "open")
    check(ok(bus, "preview", short).out.startswith("Subject: "), "preview takes a unique prefix")
    ok(bus, "deliveries", short)

    # Two sales whose identifiers share their first 10 characters.
    sales = [{"uid": f"dup-abcdef-{n}", "client": f"Twin {n}", "service": "Support",
              "amount": "10", "currency": "EUR", "period": "1m", "start": "2027-01-31"}
             for n in (1, 2)]
    ok(bus, "import", "-", stdin=json.dumps(
        {"format": "evolution-recurring-sales", "version": 1, "sales": sales}))
    out = ok(bus, "list", "--client", "Twin").out
    equal(short_uid_column(out), ["dup-abcdef-1", "dup-abcdef-2"],
          "a prefix shared by two sales is made longer until it is unique", out)

    result = refused(bus, "show", "dup-abc")
    check("dup-abcdef-1" in result.err and "dup-abcdef-2" in result.err and
          "dup-abc" in result.err, "an ambiguous prefix lists the candidates", result)
    refused(bus, "edit", "dup-abc", "--note", "x", sentence=r"dup-abcdef-1")
    result = refused(bus, "show", "dup")
    check(re.search(r"at least 4 characters", result.err), "a prefix too short says so", result)
    refused(bus, "show", "zzzzzzzz", sentence=r"zzzzzzzz")
    equal(ok(bus, "show", "dup-abcdef-2", "--json").out.count("Twin 2"), 1, "a whole uid")

    # Other applications' D-Bus API stays exact: no prefix there.
    try:
        bus.service().GetSale(short)
        raise Failure("GetSale of a prefix must not find the sale")
    except dbus.DBusException as error:
        equal(error.get_dbus_name(), INTERFACE + ".Error.NotFound", "GetSale (prefix)")


def wait_for_dispatcher(bus):
    deadline = time.monotonic() + WAIT_SECONDS
    while int(bus.property("RemindersCheckedUntil")) < bus.now:
        check(time.monotonic() < deadline, "the dispatcher did not catch up with the clock")
        time.sleep(0.05)


def test_deliveries_name_the_client_and_why(bus):
    service = bus.service()
    off = add(bus, "Delta Off", "Hosting", "--remind-invoice", "7", "--remind-client",
              "--delivery", "off")
    paused = add(bus, "Epsilon Paused", "Hosting", "--remind-invoice", "7", "--remind-client")
    marked = add(bus, "Ζήτα Α.Ε.", "Συντήρηση", "--remind-invoice", "7", "--remind-client")
    service.UpdateSale(paused, dbus.UInt64(int(service.GetSale(paused)["revision"])),
                       dbus.Dictionary({"status": "paused"}, signature="sv"))
    ok(bus, "mark", marked, "2027-01-31", "prepaid")
    state["reasons"] = (off, paused, marked)

    # The reminders of 31 January fall due on the 24th at 09:00.
    bus.set_clock(local_noon(datetime.date(2027, 1, 25)))
    wait_for_dispatcher(bus)

    records = {str(r["uid"]): r for r in service.ListDeliveries(
        dbus.Dictionary({"state": "cancelled"}, signature="sv"))}
    for uid, reason in ((off, "delivery-off"), (paused, "paused"), (marked, "prepaid")):
        check(uid in records, "the reminder is cancelled", uid, records)
        equal(str(records[uid].get("reason")), reason, "ListDeliveries says why")
    equal(str(records[marked]["client"]), "Ζήτα Α.Ε.", "ListDeliveries names the client")
    equal(str(records[marked]["service"]), "Συντήρηση", "and the service")

    out = ok(bus, "deliveries", "--state", "cancelled").out
    header = out.splitlines()[0]
    check("Client" in header and "Service" in header, "deliveries has client and service", out)
    for client, sentence in (("Delta Off", "client e-mails are off"),
                             ("Epsilon Paused", "the sale was paused"),
                             ("Ζήτα Α.Ε.", "the invoice was marked prepaid")):
        check(re.search(rf"^.*{re.escape(client)}.*cancelled.*\n  .*{re.escape(sentence)}", out,
                        re.M), f"the row of {client} and why it was cancelled", out)
    check(all(display_width(line) <= 80 for line in out.splitlines()), "80 columns", out)

    data = json.loads(ok(bus, "deliveries", marked, "--json").out)
    equal([(d["client"], d["service"], d["state"], d["reason"]) for d in data],
          [("Ζήτα Α.Ε.", "Συντήρηση", "cancelled", "prepaid")], "deliveries --json")

    out = ok(bus, "deliveries", marked, env=greek_env(bus)).out
    check("cancelled" not in out and "marked" not in out and GREEK_LETTERS.search(out),
          "the reason in Greek", out)


def greek_error(bus, *args):
    result = run(bus, *args, env=greek_env(bus))
    equal(result.code, 1, f"{args} is refused", result)
    check(not re.search(r"\b(Error|Failed|opening|file)\b", result.err),
          f"{args}: no English sentence under Greek", result)
    check(GREEK_LETTERS.search(result.err), f"{args}: a Greek sentence", result)
    return result


def test_no_english_under_greek(bus):
    result = greek_error(bus, "import", "missing.csv")
    check("missing.csv" in result.err, "the sentence names the file", result)
    result = greek_error(bus, "export", "--format", "json", "--output", "no-such-folder/x.json")
    check("no-such-folder/x.json" in result.err and "x.json." not in result.err,
          "the sentence names the file given, not a temporary one", result)

    out = ok(bus, "show", state["acme"], env=greek_env(bus)).out
    line = next(line for line in out.splitlines() if line.startswith("Μηνύματα στον πελάτη"))
    check("default" not in line and GREEK_LETTERS.search(line.split(None, 3)[-1]),
          "show: the delivery that follows the settings, in Greek", line)

    # The main job's own sentences go through gettext, in the catalog of the command.
    with open(os.path.join(TOP, "scripts", "run-main-job.sh"), encoding="utf-8") as f:
        script = f.read()
    english = [line for line in script.splitlines()
               if re.match(r'\s*(echo|printf)\s+["\'][A-Z][a-z]+ [a-z]', line)]
    equal(english, [], "the main job prints no sentence of its own outside gettext")
    sentence = "The next client reminder of $client, as it would be put in your Drafts:"
    check(f"eval_gettext '{sentence}'" in script, "the main job's sentence", sentence)
    env = dict(greek_env(bus), TEXTDOMAIN="evolution-recurring-sales",
               TEXTDOMAINDIR=os.environ["RS_LOCALEDIR"], client="Blue Bakery")
    greek = subprocess.run(["bash", "-c", f". gettext.sh; eval_gettext '{sentence}'"], env=env,
                           capture_output=True, text=True).stdout
    check(GREEK_LETTERS.search(greek) and "Blue Bakery" in greek,
          "the main job's sentence in Greek", greek)


def test_days_means_that_many_days(bus):
    today = datetime.date.today()

    def window(*args):
        first = ok(bus, "upcoming", *args).out.splitlines()[0]
        return re.fullmatch(r"From (\S+) to (\S+)", first).groups()

    equal(window("--days", "60"), (str(today), str(today + datetime.timedelta(days=59))),
          "--days 60: today and the 59 days after it, as the main job's 60 days")
    equal(window("--days", "1"), (str(today), str(today)), "--days 1: today alone")
    equal(window(), (str(today), str(today + datetime.timedelta(days=29))),
          "the default: the next 30 days, today included")
    usage_error(bus, "upcoming", "upcoming", "--days", "0", sentence=r"--days")

    # The boundary: a sale whose only invoice falls on the 60th day, and one on the 61st.
    inside = ok(bus, "add", "--client", "Day Sixty", "--service", "S", "--amount", "1",
                "--currency", "EUR", "--every", "1y", "--count", "1", "--start",
                str(today + datetime.timedelta(days=59))).out.strip()
    outside = ok(bus, "add", "--client", "Day Sixty-one", "--service", "S", "--amount", "1",
                 "--currency", "EUR", "--every", "1y", "--count", "1", "--start",
                 str(today + datetime.timedelta(days=60))).out.strip()
    uids = {item["uid"] for item in json.loads(ok(bus, "upcoming", "--days", "60", "--json").out)
            if item["kind"] == "invoice"}
    check(inside in uids and outside not in uids, "the invoice of the 60th day is in, the 61st's not",
          uids)
    with open(os.path.join(TOP, "tests", "tools", "show-calendar.c"), encoding="utf-8") as f:
        check("g_date_add_days (&last, (guint) days - 1)" in f.read(),
              "the main job's calendar shows the same days")


TESTS = [
    ("edit --remind-expiry keeps the client's reminders; one rule in --help",
     test_remind_options_keep_the_client),
    ("mark says what it did", test_mark_says_what_it_did),
    ("tables as wide as the terminal, $COLUMNS, or whole", test_tables_fit_the_terminal),
    ("short identifiers: shown, and a unique prefix taken everywhere", test_short_identifiers),
    ("deliveries name the client and the service, and why one was cancelled",
     test_deliveries_name_the_client_and_why),
    ("no English under Greek: file errors, show's delivery, the main job",
     test_no_english_under_greek),
    ("upcoming --days N is N days, today included", test_days_means_that_many_days),
]


def main():
    return run_tap(TESTS, PrivateBus(CLI, SERVICES_DIR, prefix="rs-cli-everyday-test-",
                                     clock=START_CLOCK))


if __name__ == "__main__":
    sys.exit(main())
