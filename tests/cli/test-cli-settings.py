#!/usr/bin/python3
# test-cli-settings.py: `recurring-sales settings` end to end: every setting of the schema shown
# with its value, one set or given back its default with GSettings's checks and ours, refusals
# that write nothing, and the service reading what the command wrote (the signature of a
# client's payment request). Prints TAP.
#
#   test-cli-settings.py CLI SERVICES_DIR SCHEMA_XML
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-dbus, python3-gi). GSettings uses the keyfile backend
# here ($XDG_CONFIG_HOME/glib-2.0/settings/keyfile of the private session): the test
# environment's memory backend lives and dies with each process, and the command, gsettings
# and the service are three processes. The private bus is set up as in test-cli.py.

import getpass
import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree

from gi.repository import GLib


CLI, SERVICES_DIR, SCHEMA_XML = sys.argv[1:4]

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_tap  # noqa: E402
from cli_tap import (Failure, PrivateBus, check, equal, greek_env, ok, run,  # noqa: E402
                     run_tap)

SCHEMA_ID = "io.github.recurring_sales"
GREEK_LETTERS = re.compile(r"[\u0370-\u03ff]")

# What `settings` shows for each key's default, in docs/settings.md's order.
DEFAULTS_SHOWN = [
    ("invoice-lead-days", "7"),
    ("expiry-lead-days", "30, 7"),
    ("notice-lead-days", "7"),
    ("reminder-time", "09:00"),
    ("draft-by-default", "yes"),
    ("notice-days", "0"),
    ("client-delivery", "draft"),
    ("catch-up-days", "3"),
    ("business-name", "(empty)"),
    ("backup-count", "7"),
    ("team-addresses", "none"),
    ("team-delivery", "send"),
    ("team-calendar", "(empty)"),
    ("team-calendar-months", "3"),
    ("elorus-sync-interval", "21600"),
]


def schema_keys():
    """key → (GVariant type, default as a Python value, summary), from the schema's XML."""
    keys = {}
    for key in ElementTree.parse(SCHEMA_XML).getroot().iter("key"):
        variant_type = key.get("type")
        default = GLib.Variant.parse(GLib.VariantType(variant_type), key.findtext("default"))
        keys[key.get("name")] = (variant_type, default.unpack(), key.findtext("summary"))
    return keys


def keyfile(bus):
    path = os.path.join(bus.env["XDG_CONFIG_HOME"], "glib-2.0", "settings", "keyfile")
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def shown_settings(bus, env=None):
    return json.loads(ok(bus, "settings", "--json", env=env).out)


def gsettings_get(bus, key):
    """What another program reads: gsettings, in the same session."""
    result = subprocess.run(["gsettings", "get", SCHEMA_ID, key], env=bus.env, capture_output=True,
                            text=True, timeout=60)
    equal(result.returncode, 0, f"gsettings get {key}", result.stderr)
    return result.stdout.strip()


def refused(bus, *args, sentence, env=None):
    """Exit 1, the sentence on stderr, nothing on stdout, and nothing written."""
    before = keyfile(bus)
    result = run(bus, "settings", *args, env=env)
    equal(result.code, 1, f"settings {args} is refused", result)
    equal(result.out, "", f"settings {args}: nothing on stdout", result)
    check(re.search(sentence, result.err), f"settings {args}: says {sentence!r}", result)
    check(len(result.err.strip().split("\n")) == 1, f"settings {args}: one sentence", result)
    equal(keyfile(bus), before, f"settings {args}: nothing written")
    return result


def test_help(bus):
    result = ok(bus, "--help")
    check(re.search(r"^\s+settings\s+\S", result.out, re.M), "--help lists settings", result.out)
    out = ok(bus, "settings", "--help").out
    check("recurring-sales settings" in out, "settings --help names the command", out)
    for flag in ("--reset", "--json"):
        check(flag in out, f"settings --help shows {flag}", out)


def test_show_defaults(bus):
    keys = schema_keys()
    lines = ok(bus, "settings").out.rstrip("\n").split("\n")
    check(re.match(r"^Setting\s+Value\s+What it is$", lines[0]), "the headings", lines)
    rows = lines[1:]
    equal([row.split()[0] for row in rows], [name for name, _ in DEFAULTS_SHOWN],
          "every setting of the schema, in the documented order")
    equal(sorted(keys), sorted(name for name, _ in DEFAULTS_SHOWN), "and no other")
    for row, (name, value) in zip(rows, DEFAULTS_SHOWN):
        check(re.match(rf"^{re.escape(name)}\s+{re.escape(value)}\s+{re.escape(keys[name][2])}$", row),
              f"{name}: its default and its summary", row)

    data = shown_settings(bus)
    equal(data, {name: default for name, (_, default, _) in keys.items()},
          "settings --json: every default, typed")
    equal(keyfile(bus), None, "showing writes nothing")

    out = ok(bus, "settings", "catch-up-days").out
    check(out.startswith("catch-up-days: 3\nDays to catch up on missed client reminders\n"),
          "settings KEY: the value and the summary", out)
    check("Default: 3\nAllowed: from 0 to 30\n" in out, "settings KEY: the default and the range", out)
    out = ok(bus, "settings", "client-delivery").out
    check("Allowed: draft, send, off\n" in out, "settings KEY: the choices", out)
    equal(json.loads(ok(bus, "settings", "business-name", "--json").out), {"business-name": ""},
          "settings KEY --json")


def test_set(bus):
    changes = [
        ("business-name", "  Papadopoulou Web  ", "Papadopoulou Web", "'Papadopoulou Web'",
         "The setting business-name is now “Papadopoulou Web”.\n"),
        ("reminder-time", "08:30", "08:30", "'08:30'", None),
        ("draft-by-default", "No", False, "false", "The setting draft-by-default is now “no”.\n"),
        ("notice-days", "30", 30, "uint32 30", None),
        ("client-delivery", "send", "send", "'send'", None),
        ("catch-up-days", "0", 0, "uint32 0", None),
        ("expiry-lead-days", "[90, 30, 7]", [90, 30, 7], "[uint32 90, 30, 7]",
         "The setting expiry-lead-days is now “90, 30, 7”.\n"),
        ("invoice-lead-days", "14,3", [14, 3], "[uint32 14, 3]", None),
        ("notice-lead-days", "none", [], "@au []", "The setting notice-lead-days is now “none”.\n"),
        ("backup-count", "365", 365, "uint32 365", None),
    ]
    for key, typed, value, gsettings_text, sentence in changes:
        result = ok(bus, "settings", key, typed)
        if sentence is not None:
            equal(result.out, sentence, f"settings {key} {typed!r} says what it is now")
        equal(shown_settings(bus)[key], value, f"settings {key} {typed!r}: the value shown")
        equal(gsettings_get(bus, key), gsettings_text, f"settings {key} {typed!r}: other programs read it")
    check(b"Papadopoulou Web" in keyfile(bus), "written to the keyfile", keyfile(bus))


def test_refusals(bus):
    refused(bus, "colour", "red", sentence=r"^“colour” is not a setting\. The settings are: "
            r"invoice-lead-days, .*backup-count, team-addresses, team-delivery, team-calendar, "
            r"team-calendar-months, elorus-sync-interval\.$")
    refused(bus, "colour", sentence=r"colour")
    refused(bus, "colour", "--reset", sentence=r"colour")
    refused(bus, "reminder-time", "9am", sentence=r"“9am” is not a time of day.*HH:MM")
    refused(bus, "reminder-time", "24:00", sentence=r"24:00")
    refused(bus, "business-name", "Acme\nBcc: x@example.com", sentence=r"one line")
    refused(bus, "business-name", "Acme\tLtd", sentence=r"one line")
    refused(bus, "business-name", "A" * 201, sentence=r"longer than 200")
    refused(bus, "client-delivery", "pigeon", sentence=r"“pigeon”.*client-delivery.*draft, send, off")
    refused(bus, "client-delivery", "default", sentence=r"“default”")
    refused(bus, "catch-up-days", "31", sentence=r"“31”.*catch-up-days.*0 to 30")
    # After "--", as GOption wants a value that starts with a dash.
    refused(bus, "catch-up-days", "--", "-1", sentence=r"“-1”")
    refused(bus, "catch-up-days", "many", sentence=r"“many”")
    refused(bus, "notice-days", "367", sentence=r"0 to 366")
    refused(bus, "backup-count", "3.5", sentence=r"“3\.5”")
    refused(bus, "draft-by-default", "maybe", sentence=r"“maybe”.*yes or no")
    refused(bus, "expiry-lead-days", "90,x", sentence=r"90,x")
    refused(bus, "expiry-lead-days", "400", sentence=r"0 to 366")
    refused(bus, "expiry-lead-days", "30,7,30", sentence=r"30 twice")
    refused(bus, "expiry-lead-days", ",".join(str(n) for n in range(1, 12)), sentence=r"at most 10")


def test_usage_errors(bus):
    for args, sentence in [(("a", "b", "c"), r"“c”"), (("--reset",), r"--reset"),
                           (("business-name", "x", "--reset"), r"--reset"),
                           (("business-name", "x", "--json"), r"--json"),
                           (("--bogus",), r"bogus")]:
        before = keyfile(bus)
        cli_tap.usage_error(bus, "settings", "settings", *args, sentence=sentence, quiet=True)
        equal(keyfile(bus), before, f"settings {args}: nothing written")


def test_reset(bus):
    equal(ok(bus, "settings", "business-name", "--reset").out,
          "The setting business-name is empty again, its default.\n", "reset to an empty default")
    equal(ok(bus, "settings", "reminder-time", "--reset").out,
          "The setting reminder-time is back to its default, “09:00”.\n", "reset to a default")
    data = shown_settings(bus)
    equal((data["business-name"], data["reminder-time"]), ("", "09:00"), "the defaults are back")
    equal(gsettings_get(bus, "business-name"), "''", "other programs read the default")


def test_memory_backend(bus):
    env = dict(bus.env, GSETTINGS_BACKEND="memory")
    before = keyfile(bus)
    result = run(bus, "settings", "business-name", "Lost Ltd", env=env)
    equal(result.code, 1, "a change that would be lost is refused", result)
    check("memory" in result.err, "and says why", result)
    equal(keyfile(bus), before, "nothing written")
    ok(bus, "settings", env=env)


def test_greek(bus):
    if "el_GR.utf8" not in subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout:
        raise Failure("the locale el_GR.UTF-8 is missing: run scripts/run-tests.sh")
    env = greek_env(bus)
    out = ok(bus, "settings", env=env).out
    check(re.match(r"^Ρύθμιση\s+Τιμή\s+Τι είναι\n", out), "Greek headings", out)
    check(re.search(r"^draft-by-default\s+όχι\s+Δημιουργία τιμολογίων", out, re.M),
          "a Greek value and summary", out)
    # Greek capitals drop the accent: ΝΑΙ is ναι.
    equal(ok(bus, "settings", "draft-by-default", "ΝΑΙ", env=env).out,
          "Η ρύθμιση draft-by-default είναι τώρα «ναι».\n", "the Greek yes, in capitals")
    equal(shown_settings(bus)["draft-by-default"], True, "ΝΑΙ is yes")
    result = refused(bus, "draft-by-default", "ίσως", sentence=r"«ίσως».*«ναι» ή «όχι»", env=env)
    check(GREEK_LETTERS.search(result.err), "a Greek refusal", result)


def preview_body(bus, uid):
    return ok(bus, "preview", uid, "--date", "2027-02-28").out


def test_service_reads_it(bus):
    uid = ok(bus, "add", "--client", "Acme Ltd", "--email", "accounts@acme.example",
             "--service", "Web hosting", "--amount", "120.00", "--currency", "EUR",
             "--every", "1m", "--start", "2027-01-31", "--count", "12", "--prepay",
             "--iban", "GR16 0110 1250 0000 0001 2300 695", "--remind-invoice", "7",
             "--remind-client").out.strip()

    # No business name and no mail account: no signature, and never the login name.
    body = preview_body(bus, uid)
    login = getpass.getuser()
    check(f"\n{login}\n" not in body and not body.endswith(f"\n{login}\n"),
          f"the login name {login!r} signs nothing", body)
    check(body.endswith("\nThank you,\n"), "no signature line", body)
    check("Beneficiary:" not in body, "no beneficiary line without a name", body)

    ok(bus, "settings", "business-name", "Papadopoulou Web")
    # The service notices the change of the keyfile through a file monitor.
    deadline = time.monotonic() + 30
    while not body.endswith("\nThank you,\nPapadopoulou Web\n") and time.monotonic() < deadline:
        time.sleep(0.2)
        body = preview_body(bus, uid)
    check(body.endswith("\nThank you,\nPapadopoulou Web\n"), "signed with the business name", body)
    check("\nBeneficiary: Papadopoulou Web\nIBAN: GR16 0110 1250 0000 0001 2300 695\n"
          "Amount: €120.00\nReference: Acme Ltd — Web hosting — February 2027\n" in body,
          "the payment request names the beneficiary", body)


TESTS = [
    ("help: settings and its options", test_help),
    ("settings shows every setting of the schema with its default", test_show_defaults),
    ("settings KEY VALUE sets each kind of setting; other programs read it", test_set),
    ("bad keys and values are refused with a sentence, exit 1, nothing written", test_refusals),
    ("usage errors exit 2 and write nothing", test_usage_errors),
    ("settings KEY --reset gives the default back", test_reset),
    ("with the memory backend a change is refused, not lost", test_memory_backend),
    ("settings in Greek under el_GR.UTF-8", test_greek),
    ("the service signs with the business name the command set, never a login", test_service_reads_it),
]


def main():
    bus = PrivateBus(CLI, SERVICES_DIR, prefix="rs-cli-settings-test-",
                     env={"GSETTINGS_BACKEND": "keyfile"})
    return run_tap(TESTS, bus)


if __name__ == "__main__":
    sys.exit(main())
