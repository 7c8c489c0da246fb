#!/usr/bin/python3
# test-evolution-preferences.py: the "Recurring Sales" page of Evolution's Preferences edits
# the user's GSettings, in English or Greek.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   test-evolution-preferences.py BUILD_DIR LOG_DIR LANGUAGE
# A real Evolution (evolution_session.py) driven through AT-SPI: Calendar › Actions › Recurring
# Sales Preferences… opens the page; what is typed or chosen there is what `gsettings` reads in
# the same session (the reminders, the team's addresses, delivery and calendar, the Elorus
# sync interval); a value that cannot be saved shows the reason next to its field and leaves the
# setting as it was.

import gettext
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evolution_session import WIDGET_SECONDS, run_evolution_tests  # noqa: E402
from private_session import check, equal  # noqa: E402

SCHEMA = "io.github.recurring_sales"

TEXTS = {
    "en": {
        "item": "Recurring Sales Preferences…",
        "preferences": "Evolution Preferences",
        "invoice": "Days before an invoice:",
        "drafts": "Create the invoices of new sales as drafts",
        "catch_up": "Catch up on missed reminders for:",
        "business": "Business name:",
        "twice": "7 is given twice; give each day once.",
        "built_for": "Built for Evolution ",
    },
    "el": {
        "item": "Προτιμήσεις επαναλαμβανόμενων πωλήσεων…",
        "preferences": "Προτιμήσεις Evolution",
        "invoice": "Ημέρες πριν από ένα τιμολόγιο:",
        "drafts": "Δημιουργία των τιμολογίων νέων πωλήσεων ως προσχεδίων",
        "catch_up": "Αναπλήρωση χαμένων υπενθυμίσεων για:",
        "business": "Όνομα επιχείρησης:",
        "twice": "Το 7 δίνεται δύο φορές· δώστε κάθε ημέρα μία φορά.",
        "built_for": "Κατασκευάστηκε για το Evolution ",
    },
}


class Page:
    window = None


def setting(evo, key):
    """What GSettings says in the session (the keyfile Evolution writes), as gsettings prints
    it."""
    return subprocess.run(["gsettings", "get", SCHEMA, key], env=evo.session.env,
                          capture_output=True, text=True, check=True).stdout.strip()


def wait_for_setting(evo, key, expected):
    deadline = time.monotonic() + WIDGET_SECONDS
    while (value := setting(evo, key)) != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    equal(value, expected, f"GSettings {key}")


def field(evo, label):
    return evo.wait_for_labelled(Page.window, label)


def test_page_opens(evo):
    texts = TEXTS[evo.language]
    evo.activate(evo.wait_for(evo.frame, "menu item", texts["item"]))
    Page.window = evo.wait_for_frame(texts["preferences"])
    # The page is the one shown: its first field is on screen.
    evo.wait_for(Page.window, "label", texts["invoice"], showing_only=True)
    evo.wait_for(Page.window, "label",
                 texts["built_for"] + os.environ.get("RS_TEST_EVOLUTION_VERSION", ""))
    evo.screenshot("preferences")


def test_lead_days(evo):
    entry = field(evo, TEXTS[evo.language]["invoice"])
    equal(setting(evo, "invoice-lead-days"), "[uint32 7]", "the default before the change")
    entry.queryEditableText().setTextContents("14, 3")
    wait_for_setting(evo, "invoice-lead-days", "[uint32 14, 3]")


def test_bad_lead_days_show_the_reason(evo):
    texts = TEXTS[evo.language]
    entry = field(evo, texts["invoice"])
    entry.queryEditableText().setTextContents("7, 7")
    evo.wait_for(Page.window, "label", texts["twice"], showing_only=True)
    evo.screenshot("preferences-refused")
    equal(setting(evo, "invoice-lead-days"), "[uint32 14, 3]",
          "a refused value changed the setting")
    # Corrected, the reason goes and the value is saved.
    entry.queryEditableText().setTextContents("7")
    wait_for_setting(evo, "invoice-lead-days", "[uint32 7]")
    equal(evo.find(Page.window, "label", texts["twice"], showing_only=True), None,
          "the reason stayed after the correction")


def test_switch_number_and_name(evo):
    texts = TEXTS[evo.language]
    evo.activate(evo.wait_for(Page.window, "check box", texts["drafts"]))
    wait_for_setting(evo, "draft-by-default", "false")
    field(evo, texts["catch_up"]).queryValue().currentValue = 10
    wait_for_setting(evo, "catch-up-days", "uint32 10")
    field(evo, texts["business"]).queryEditableText().setTextContents(
        "Παπαδοπούλου Web Studio")
    wait_for_setting(evo, "business-name", "'Παπαδοπούλου Web Studio'")


def tr(evo, msgid):
    catalog = gettext.translation("evolution-recurring-sales", os.environ.get("RS_LOCALEDIR"),
                                  [evo.language], fallback=True)
    return catalog.gettext(msgid).replace("_", "")


def test_team_addresses(evo):
    entry = field(evo, tr(evo, "Team _addresses:"))
    equal(setting(evo, "team-addresses"), "@as []", "the default before the change")
    entry.queryEditableText().setTextContents("anna@example.gr, nikos@example.gr")
    wait_for_setting(evo, "team-addresses", "['anna@example.gr', 'nikos@example.gr']")


def test_bad_team_address_shows_the_reason(evo):
    entry = field(evo, tr(evo, "Team _addresses:"))
    entry.queryEditableText().setTextContents("anna@example.gr, nikos")
    # The sentence of `recurring-sales settings team-addresses`.
    reason = tr(evo, "The e-mail address “%s” must contain exactly one “@”.") % "nikos"
    evo.wait_for(Page.window, "label", reason, showing_only=True)
    evo.screenshot("preferences-team-refused")
    equal(setting(evo, "team-addresses"), "['anna@example.gr', 'nikos@example.gr']",
          "a refused list changed the setting")
    entry.queryEditableText().setTextContents("anna@example.gr")
    wait_for_setting(evo, "team-addresses", "['anna@example.gr']")
    equal(evo.find(Page.window, "label", reason, showing_only=True), None,
          "the reason stayed after the correction")


def test_team_delivery_and_elorus_interval(evo):
    combo = field(evo, tr(evo, "E-mails to the _team:"))
    equal(setting(evo, "team-delivery"), "'send'", "the default before the change")
    item = tr(evo, "Put in Drafts, for me to send")
    evo.activate(evo.wait_for(combo, "menu item", item))
    wait_for_setting(evo, "team-delivery", "'draft'")

    spin = field(evo, tr(evo, "_Sync with Elorus every:"))
    # 21600 seconds, shown as minutes.
    equal(spin.queryValue().currentValue, 360.0, "the default interval in minutes")
    spin.queryValue().currentValue = 60
    wait_for_setting(evo, "elorus-sync-interval", "uint32 3600")
    evo.screenshot("preferences-team-and-elorus")


def test_team_calendar(evo):
    """The writable calendars are offered (Personal), ours is not; the one chosen is the
    setting, and None turns it off."""
    import gi
    gi.require_version("EDataServer", "1.2")
    from gi.repository import EDataServer
    registry = EDataServer.SourceRegistry.new_sync(None)
    personal = registry.ref_source("system-calendar")
    # EDS's own sources are named in the language of the process that reads them.
    eds = gettext.translation("evolution-data-server", None, [evo.language], fallback=True)
    parent = eds.gettext(registry.ref_source(personal.get_parent()).get_display_name())
    personal_name = f"{parent}: {eds.gettext(personal.get_display_name())}"
    ours = f"{parent}: {tr(evo, 'Recurring Sales')}"
    catalog = gettext.translation("evolution-recurring-sales", os.environ.get("RS_LOCALEDIR"),
                                  [evo.language], fallback=True)
    none = catalog.pgettext("team calendar", "None")

    combo = field(evo, tr(evo, "Team _calendar:"))
    equal(setting(evo, "team-calendar"), "''", "the default before the change")
    equal(combo.name, none, "the combo shows no team calendar")
    evo.activate(evo.wait_for(combo, "menu item", personal_name))
    wait_for_setting(evo, "team-calendar", "'system-calendar'")
    items = [combo.getChildAtIndex(0).getChildAtIndex(i).name
             for i in range(combo.getChildAtIndex(0).childCount)]
    check(ours not in items, f"our own calendar is offered as the team calendar: {items}")
    evo.screenshot("preferences-team-calendar")
    evo.activate(evo.wait_for(combo, "menu item", none))
    wait_for_setting(evo, "team-calendar", "''")


def main():
    return run_evolution_tests([
        ("Actions › Recurring Sales Preferences… opens our page", test_page_opens),
        ("reminder days typed are saved", test_lead_days),
        ("bad reminder days show the reason and save nothing", test_bad_lead_days_show_the_reason),
        ("a switch, a number and the business name are saved", test_switch_number_and_name),
        ("team addresses typed are saved", test_team_addresses),
        ("a bad team address shows the reason and saves nothing",
         test_bad_team_address_shows_the_reason),
        ("the team's delivery and the Elorus sync interval are saved",
         test_team_delivery_and_elorus_interval),
        ("the team calendar is chosen among the writable calendars", test_team_calendar),
    ])


if __name__ == "__main__":
    sys.exit(main())
