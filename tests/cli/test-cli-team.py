#!/usr/bin/python3
# test-cli-team.py: the team and the renewal offer from the command (issue #14): --remind-team
# and --team on add and edit, the settings team-addresses and team-delivery, and `offer`. End
# to end, against the real service started by D-Bus activation on a private session bus.
# Prints TAP.
#
#   test-cli-team.py CLI SERVICES_DIR
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-dbus, python3-gi). GSettings uses the keyfile backend of
# the private session, so that the command writes what the service reads.

import json
import os
import sys

CLI, SERVICES_DIR = sys.argv[1:3]

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_tap import (PrivateBus, check, equal, greek_env, ok, refused, run,  # noqa: E402
                     run_tap, usage_error)

state = {}


def reminders_of(bus, uid):
    sale = bus.service().GetSale(uid)
    return sorted((str(k), int(d), str(a)) for k, d, a in sale["reminders"])


def add(bus, client, *extra):
    return ok(bus, "add", "--client", client, "--service", "Web hosting", "--amount", "120",
              "--currency", "EUR", "--every", "1m", "--start", "2027-01-31", "--for", "1y",
              "--email", "billing@example.com", *extra).out.strip()


def keyfile(bus):
    path = os.path.join(bus.env["XDG_CONFIG_HOME"], "glib-2.0", "settings", "keyfile")
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return f.read()


def test_remind_team(bus):
    uid = add(bus, "Acme Ltd", "--remind-expiry", "30", "--remind-client", "--remind-team", "45,14",
              "--team", "anna@owner.example, nikos@owner.example")
    state["acme"] = uid
    equal(reminders_of(bus, uid),
          sorted([("expiry", 30, "owner"), ("expiry", 30, "client"), ("expiry", 45, "team"),
                  ("expiry", 14, "team")]),
          "--remind-team gives the team its expiry reminders, the rest as before")
    equal(str(bus.service().GetSale(uid)["team"]), "anna@owner.example,nikos@owner.example",
          "--team is kept in one form")

    shown = ok(bus, "show", uid).out
    check("expiry, 45 days before, to your team" in shown and
          "anna@owner.example,nikos@owner.example" in shown, "show names the team", shown)

    # --remind-expiry leaves the team's days alone; --remind-team leaves the others'.
    ok(bus, "edit", uid, "--remind-expiry", "60")
    equal(reminders_of(bus, uid),
          sorted([("expiry", 60, "owner"), ("expiry", 60, "client"), ("expiry", 45, "team"),
                  ("expiry", 14, "team")]),
          "--remind-expiry 60 keeps the team's 45 and 14")
    ok(bus, "edit", uid, "--remind-team", "21")
    equal(reminders_of(bus, uid),
          sorted([("expiry", 60, "owner"), ("expiry", 60, "client"), ("expiry", 21, "team")]),
          "--remind-team 21 replaces the team's days only")
    ok(bus, "edit", uid, "--remind-team", "none", "--clear-team")
    equal(reminders_of(bus, uid),
          sorted([("expiry", 60, "owner"), ("expiry", 60, "client")]),
          "--remind-team none takes the team's away")
    check("team" not in bus.service().GetSale(uid), "--clear-team: the settings' team")

    # Bad input: a clear sentence, exit 1 or 2, nothing written.
    before = bus.service().GetSale(uid)["revision"]
    usage_error(bus, "edit", "edit", uid, "--team", "anna@owner.example, not an address",
                sentence="not an address")
    usage_error(bus, "edit", "edit", uid, "--team", "anna@owner.example\nBcc: evil@attacker.example")
    # Past the command (another app on D-Bus): the service's own check, a named error.
    try:
        bus.service().UpdateSale(uid, before, {"team": "anna@owner.example, not an address"})
        check(False, "UpdateSale took a bad team")
    except Exception as error:  # dbus.exceptions.DBusException
        check("InvalidArgument" in str(error.get_dbus_name()) and "not an address" in str(error),
              "UpdateSale refuses a bad team with a named error", error)
    usage_error(bus, "edit", "edit", uid, "--remind-team", "400")
    usage_error(bus, "edit", "edit", uid, "--team", "a@b.example", "--clear-team")
    equal(bus.service().GetSale(uid)["revision"], before, "nothing written")

    # The audience word on D-Bus and in the files, and back.
    ok(bus, "edit", uid, "--remind-team", "30", "--team", "anna@owner.example")
    exported = [sale for sale in json.loads(ok(bus, "export", "--format", "json").out)["sales"]
                if sale["uid"] == uid][0]
    equal(exported.get("team"), "anna@owner.example", "the JSON export has the team")
    check("team" in json.dumps(exported["reminders"]), "the JSON export has the team's reminder",
          exported["reminders"])
    csv_text = ok(bus, "export", "--format", "csv").out
    check("expiry:30:team" in csv_text and ",anna@owner.example," in csv_text,
          "the CSV export has the team and its reminder", csv_text)


def test_team_settings(bus):
    before = keyfile(bus)
    refused(bus, "settings", "team-addresses", "anna@owner.example, nope",
            sentence="nope")
    equal(keyfile(bus), before, "a bad address writes nothing")
    refused(bus, "settings", "team-delivery", "later")
    equal(keyfile(bus), before, "a bad delivery writes nothing")

    ok(bus, "settings", "team-addresses", "anna@owner.example, nikos@owner.example")
    ok(bus, "settings", "team-delivery", "draft")
    shown = ok(bus, "settings").out
    check("anna@owner.example, nikos@owner.example" in shown and "draft" in shown,
          "settings shows the team", shown)
    equal(ok(bus, "settings", "team-addresses").out.strip().split("\n")[0].endswith(
        "anna@owner.example, nikos@owner.example"), True, "settings KEY shows the list")
    greek = run(bus, "settings", "team-addresses", "κάτι", env=greek_env(bus))
    equal(greek.code, 1, "refused in Greek too")
    check(not any(w in greek.err for w in ("is not", "address")), "the refusal is in Greek",
          greek.err)
    ok(bus, "settings", "team-addresses", "none")
    check(ok(bus, "settings", "team-addresses").out.strip() != "", "none empties the list")


TESTS = [
    ("--remind-team and --team: the team's reminders, apart from the others'", test_remind_team),
    ("the settings team-addresses (checked) and team-delivery", test_team_settings),
]


def main():
    return run_tap(TESTS, PrivateBus(CLI, SERVICES_DIR, prefix="rs-cli-team-test-",
                                     env={"GSETTINGS_BACKEND": "keyfile"}))


if __name__ == "__main__":
    sys.exit(main())
