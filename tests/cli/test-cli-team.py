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

import datetime
import json
import os
import sys

import dbus

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


def dbus_refused(call, name, words, what):
    """@call () must fail with the D-Bus error @name and a sentence holding @words."""
    try:
        call()
    except dbus.DBusException as error:
        check(error.get_dbus_name().endswith("." + name) and words in str(error),
              f"{what}: {name} saying {words!r}", error.get_dbus_name(), str(error))
        return
    check(False, f"{what}: it was not refused")


def test_offer_from_dbus(bus):
    """Each state of the renewal offer, and what is refused, through the D-Bus methods other
    applications use. The offer's day is the service's today."""
    service = bus.service()
    today = datetime.date.today().isoformat()
    uid = add(bus, "Offer Ltd", "--remind-expiry", "30", "--remind-client", "--remind-team", "45")
    open_ended = ok(bus, "add", "--client", "Open Ltd", "--service", "Support", "--amount", "50",
                    "--currency", "EUR", "--every", "1m", "--start", "2027-01-31").out.strip()

    dbus_refused(lambda: service.OfferSent(open_ended, dbus.Dictionary({}, signature="sv")),
                 "InvalidArgument", "open-ended", "an open-ended sale has no renewal")
    revision = service.GetSale(uid)["revision"]
    dbus_refused(lambda: service.OfferSent(uid, dbus.Dictionary({"price": 5}, signature="sv")),
                 "InvalidArgument", "price", "an unknown key")
    dbus_refused(lambda: service.OfferSent(uid, dbus.Dictionary(
        {"amount_minor": dbus.Int64(-100)}, signature="sv")),
                 "InvalidArgument", "negative", "a negative amount")
    dbus_refused(lambda: service.OfferSent(uid, dbus.Dictionary(
        {"amount_minor": dbus.Int32(100)}, signature="sv")),
                 "InvalidArgument", "amount_minor", "an amount of the wrong type")
    equal(service.GetSale(uid)["revision"], revision, "nothing written by the refusals")
    check("offer" not in service.GetSale(uid), "no offer yet: no key")

    # none → offered, and offered again with a new price (the old amount and note go).
    service.OfferSent(uid, dbus.Dictionary({"amount_minor": dbus.Int64(13000), "note": "Με SSL"},
                                           signature="sv"))
    service.OfferSent(uid, dbus.Dictionary({"amount_minor": dbus.Int64(13500)}, signature="sv"))
    sale = service.GetSale(uid)
    equal((str(sale["offer"]), str(sale["offer_date"]), int(sale["offer_amount_minor"]),
           "offer_note" in sale), ("offered", today, 13500, False), "offered, as sent last")
    equal(str(sale["status"]), "active", "an offer changes nothing else")

    # offered → accepted: renewed as Renew renews, at the amount offered, in one change.
    new_uid = str(service.OfferAccepted(uid, dbus.Dictionary({}, signature="sv")))
    old, new = service.GetSale(uid), service.GetSale(new_uid)
    equal((str(old["status"]), str(old["offer"]), str(old["offer_date"]), str(old["successor"])),
          ("renewed", "accepted", today, new_uid), "accepted: the sale renewed by the new one")
    equal((int(new["amount_minor"]), str(new["start"]), str(new["predecessor"]), "offer" in new),
          (13500, "2028-01-31", uid, False),
          "the successor: the amount offered, the next date after the expiry, no offer of its own")
    details = service.PreviewReminderDetails(uid, "expiry", "")[2]
    equal((bool(details["will_be_sent"]), str(details.get("reason"))), (False, "offer-accepted"),
          "the client's expiry reminder stops once accepted")
    dbus_refused(lambda: service.OfferAccepted(uid, dbus.Dictionary({}, signature="sv")),
                 "Conflict", "renewed", "accepted twice")
    dbus_refused(lambda: service.OfferDeclined(uid), "Conflict", "renewed", "declined after accepted")
    dbus_refused(lambda: service.OfferSent(uid, dbus.Dictionary({}, signature="sv")),
                 "Conflict", "renewed", "sent after accepted")

    # none → declined: ends as EndSale ends; the client is still told it ends.
    other = add(bus, "Decline Ltd", "--remind-expiry", "30", "--remind-client", "--remind-team", "45")
    service.OfferDeclined(other)
    sale = service.GetSale(other)
    equal((str(sale["status"]), str(sale["offer"]), str(sale["offer_date"])),
          ("ended", "declined", today), "declined: the sale ends")
    details = service.PreviewReminderDetails(other, "expiry", "")[2]
    check(details.get("reason") is None or str(details["reason"]) != "ended",
          "the client's expiry reminder still goes out after declined", details)
    dbus_refused(lambda: service.OfferDeclined(other), "Conflict", "", "declined twice")
    dbus_refused(lambda: service.OfferSent(other, dbus.Dictionary({}, signature="sv")),
                 "Conflict", "accepted", "sent after declined: the sentence says how to accept")
    # The client changed their mind before the expiry: accepting is allowed.
    again = str(service.OfferAccepted(other, dbus.Dictionary({"term": "2y"}, signature="sv")))
    equal((str(service.GetSale(other)["status"]), str(service.GetSale(other)["offer"]),
           str(service.GetSale(again)["term"])), ("renewed", "accepted", "2y"),
          "declined, then accepted: renewed for the term given")
    dbus_refused(lambda: service.OfferDeclined("no-such-sale"), "NotFound", "", "no such sale")


def test_offer_from_command(bus):
    uid = add(bus, "Command Ltd", "--remind-expiry", "30", "--remind-team", "45")
    state["offer"] = uid

    # Usage errors: exit 2, nothing written.
    revision = bus.service().GetSale(uid)["revision"]
    usage_error(bus, "offer", "offer", uid, sentence="sent, accepted or declined")
    usage_error(bus, "offer", "offer", uid, "maybe", sentence="maybe")
    usage_error(bus, "offer", "offer", uid, "sent", "--for", "1y", sentence="--for")
    usage_error(bus, "offer", "offer", uid, "declined", "--amount", "5", sentence="--amount")
    usage_error(bus, "offer", "offer", uid, "accepted", "--note", "x", sentence="--note")
    usage_error(bus, "offer", "offer", uid, "sent", "--amount", "12,3,4")
    usage_error(bus, "offer", "offer", uid, "accepted", "--for", "forever")
    equal(bus.service().GetSale(uid)["revision"], revision, "nothing written")

    out = ok(bus, "offer", uid, "sent", "--amount", "135.50", "--note", "With SSL").out
    check("Command Ltd" in out and "sent" in out, "offer sent says what it did", out)
    shown = ok(bus, "show", uid).out
    check("sent, no answer yet" in shown and "135.50" in shown and "With SSL" in shown,
          "show gives the offer", shown)

    new_uid = ok(bus, "offer", uid, "accepted", "--for", "2y", "--amount", "150").out.strip()
    new = bus.service().GetSale(new_uid)
    equal((int(new["amount_minor"]), str(new["term"]), str(bus.service().GetSale(uid)["offer"])),
          (15000, "2y", "accepted"), "accepted: the new term at the amount agreed")
    refused(bus, "offer", uid, "accepted", sentence="renewed")
    # The command's own sentences are in the user's language (the service's are in its own).
    greek = run(bus, "offer", uid, "ίσως", env=greek_env(bus))
    equal(greek.code, 2, "a usage error under Greek too")
    check("δεν είναι ένα από τα sent, accepted ή declined" in greek.err,
          "the usage error is in Greek", greek.err)

    other = add(bus, "Declining Ltd", "--remind-expiry", "30")
    out = ok(bus, "offer", other, "declined").out
    check("Declining Ltd" in out, "offer declined says what it did", out)
    equal(str(bus.service().GetSale(other)["status"]), "ended", "declined: ended")

    open_ended = ok(bus, "add", "--client", "Forever Ltd", "--service", "Support", "--amount", "50",
                    "--currency", "EUR", "--every", "1m", "--start", "2027-01-31").out.strip()
    refused(bus, "offer", open_ended, "sent", sentence="open-ended")
    refused(bus, "offer", "no-such-sale", "sent")


TESTS = [
    ("--remind-team and --team: the team's reminders, apart from the others'", test_remind_team),
    ("the settings team-addresses (checked) and team-delivery", test_team_settings),
    ("the renewal offer over D-Bus: each state, and the refusals", test_offer_from_dbus),
    ("`offer UID sent|accepted|declined`: each answer, and the refusals", test_offer_from_command),
]


def main():
    return run_tap(TESTS, PrivateBus(CLI, SERVICES_DIR, prefix="rs-cli-team-test-",
                                     env={"GSETTINGS_BACKEND": "keyfile"}))


if __name__ == "__main__":
    sys.exit(main())
