#!/usr/bin/python3
# test-evolution-calendar-dialogs.py: our calendar type in Evolution's calendar Properties and
# New Calendar dialogs, in English or Greek.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   test-evolution-calendar-dialogs.py BUILD_DIR LOG_DIR LANGUAGE
# A real Evolution (evolution_session.py) with two sales (Acme Ltd, Beta Ltd): the right-click
# menu of the Recurring Sales calendar in the calendar list › Properties shows our page; hiding
# the invoices and filtering on "acme" there changes the source's [Recurring Sales] settings,
# and the calendar, read through EDS, then has Acme's expiry and nothing of Beta. New
# Calendar offers the Recurring Sales type; a calendar added with the filter "beta" is a new
# source of our backend that shows Beta's events only.

import configparser
import datetime
import gettext
import glob
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evolution_session import WIDGET_SECONDS, run_evolution_tests  # noqa: E402
from private_session import equal, sale_fields  # noqa: E402

import gi  # noqa: E402
gi.require_version("EDataServer", "1.2")
gi.require_version("ECal", "2.0")
from gi.repository import ECal, EDataServer, GLib  # noqa: E402

TODAY = datetime.date.today()
# The calendar our registry module creates (plugin/backend/e-recurring-sales-default-source.c).
SOURCE_UID = "recurring-sales"


class State:
    dialog = None
    new_uid = None


def ours(evo, msgid):
    catalog = gettext.translation("evolution-recurring-sales", os.environ.get("RS_LOCALEDIR"),
                                  [evo.language], fallback=True)
    return catalog.gettext(msgid).replace("_", "")


def evolutions(evo, msgid):
    catalog = gettext.translation("evolution", None, [evo.language], fallback=True)
    return catalog.gettext(msgid).replace("_", "")


def xdotool(evo, *args):
    subprocess.run(["xdotool", *args], env={"DISPLAY": evo.display}, check=True)


def calendar_row(evo):
    """The Recurring Sales calendar's row in the calendar list (the source selector)."""
    name = ours(evo, "Recurring Sales")
    return evo.wait(lambda: next((node for node in evo.find_all(evo.frame, "table cell")
                                  if node.name == name), None),
                    f"the calendar {name!r} in the calendar list")


def popup_item(evo, row, msgid):
    extents = row.queryComponent().getExtents(0)  # DESKTOP_COORDS
    x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    xdotool(evo, "mousemove", str(x), str(y), "click", "3")
    name = evolutions(evo, msgid)
    menu = evo.wait(lambda: next((w.getChildAtIndex(0) for w in evo.frames()
                                  if w.getRoleName() == "window" and w.childCount and
                                  w.getChildAtIndex(0).getRoleName() == "menu" and
                                  w.getState().contains(evo.registry.STATE_SHOWING)), None),
                    "the calendar list's right-click menu")
    return evo.wait(lambda: evo.child(menu, "menu item", name), f"the menu item {name!r}")


def source_settings(evo, uid):
    path = os.path.join(evo.session.env["XDG_CONFIG_HOME"], "evolution", "sources",
                        f"{uid}.source")
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


def events_of(evo, uid):
    """What the calendar @uid has over the next two years, read through EDS as Evolution
    reads it: (client, kind) pairs."""
    registry = EDataServer.SourceRegistry.new_sync(None)
    source = evo.wait(lambda: registry.ref_source(uid), f"the calendar {uid}")
    client = ECal.Client.connect_sync(source, ECal.ClientSourceType.EVENTS, 30, None)
    start = TODAY.strftime("%Y%m%d")
    end = TODAY.replace(year=TODAY.year + 2).strftime("%Y%m%d")
    query = (f'(occur-in-time-range? (make-time "{start}T000000Z") '
             f'(make-time "{end}T000000Z"))')
    result = client.get_object_list_as_comps_sync(query, None)
    comps = result[1] if isinstance(result, tuple) else result
    found = set()
    for comp in comps or []:
        kind = None
        for line in comp.get_as_string().splitlines():
            if line.startswith("X-RECURRING-SALE-KIND"):
                kind = line.split(":", 1)[1].strip()
        summary = comp.get_summary().get_value() or ""
        client_name = "Acme Ltd" if "Acme Ltd" in summary else \
            "Beta Ltd" if "Beta Ltd" in summary else summary
        found.add((client_name, kind))
    return found


def wait_for_events(evo, uid, expected, what):
    last = [None]

    def matches():
        last[0] = events_of(evo, uid)
        return last[0] == expected
    try:
        evo.wait(matches, what, WIDGET_SECONDS * 2)
    except Exception:
        equal(last[0], expected, what)
        raise


def test_sales_added(evo):
    for client in ("Acme Ltd", "Beta Ltd"):
        fields = sale_fields(client, 12050)
        fields["start"] = GLib.Variant("s", TODAY.isoformat())
        fields["term"] = GLib.Variant("s", "1y")
        evo.session.call("AddSale", GLib.Variant("(a{sv})", (fields,)), "(s)")
    wait_for_events(evo, SOURCE_UID, {("Acme Ltd", "invoice"), ("Acme Ltd", "expiry"),
                                      ("Beta Ltd", "invoice"), ("Beta Ltd", "expiry")},
                    "both sales' invoices and expiries in the calendar")


def test_properties_open(evo):
    evo.activate(popup_item(evo, calendar_row(evo), "_Properties"))
    State.dialog = evo.wait(lambda: evo.child(evo.app, "dialog",
                                              evolutions(evo, "Calendar Properties")),
                            "the Calendar Properties dialog")
    evo.wait_for(State.dialog, "check box", ours(evo, "_Invoices"), showing_only=True)
    evo.screenshot("calendar-properties")


def set_page(evo, invoices, expiries, notices, client_filter):
    for msgid, wanted in (("_Invoices", invoices), ("_Expiries", expiries),
                          ("_Notice deadlines", notices)):
        box = evo.wait_for(State.dialog, "check box", ours(evo, msgid))
        if box.getState().contains(evo.registry.STATE_CHECKED) != wanted:
            evo.activate(box)
        evo.wait(lambda: box.getState().contains(evo.registry.STATE_CHECKED) == wanted,
                 f"{msgid} set to {wanted}")
    entry = evo.wait_for_labelled(State.dialog, ours(evo, "Only _clients whose name contains:"))
    entry.queryEditableText().setTextContents(client_filter)


def beside(evo, caption):
    """The field of one of the dialog's own captions, which have no relation to their field:
    the widget beside the label."""
    label = evo.wait_for(State.dialog, "label", caption)
    return label.parent.getChildAtIndex(1)


def press_ok(evo):
    ok = evolutions(evo, "_OK")
    title = State.dialog.name
    evo.activate(evo.wait_for(State.dialog, "push button", ok))
    evo.wait(lambda: evo.child(evo.app, "dialog", title) is None, "the dialog to close")


def test_properties_change_the_source(evo):
    set_page(evo, invoices=False, expiries=True, notices=True, client_filter="acme")
    evo.screenshot("calendar-properties-filtered")
    press_ok(evo)

    def written():
        group = source_settings(evo, SOURCE_UID)["Recurring Sales"]
        return group.get("ShowInvoices") == "false" and group.get("ClientFilter") == "acme"
    evo.wait(written, "ShowInvoices=false and ClientFilter=acme in the calendar's source")
    wait_for_events(evo, SOURCE_UID, {("Acme Ltd", "expiry")},
                    "the filtered calendar: Acme's expiry only")


def test_new_calendar_offers_our_type(evo):
    evo.activate(popup_item(evo, calendar_row(evo), "_New Calendar"))
    State.dialog = evo.wait(lambda: evo.child(evo.app, "dialog",
                                              evolutions(evo, "New Calendar")),
                            "the New Calendar dialog")
    type_combo = beside(evo, evolutions(evo, "Type:"))
    name = ours(evo, "Recurring Sales")
    evo.activate(evo.wait_for(type_combo, "menu item", name))
    evo.wait(lambda: type_combo.name == name, f"the type {name!r} chosen")
    evo.wait_for(State.dialog, "check box", ours(evo, "_Invoices"), showing_only=True)


def test_new_calendar_adds_a_source(evo):
    before = set(glob.glob(os.path.join(evo.session.env["XDG_CONFIG_HOME"], "evolution",
                                        "sources", "*.source")))
    name_entry = beside(evo, evolutions(evo, "Name:"))
    name_entry.queryEditableText().setTextContents("Beta")
    set_page(evo, invoices=True, expiries=True, notices=True, client_filter="beta")
    evo.screenshot("new-calendar")
    press_ok(evo)

    def new_source():
        paths = set(glob.glob(os.path.join(evo.session.env["XDG_CONFIG_HOME"], "evolution",
                                           "sources", "*.source"))) - before
        for path in paths:
            parser = source_settings(evo, os.path.basename(path)[:-len(".source")])
            if parser.has_section("Calendar") and \
                    parser["Calendar"].get("BackendName") == "recurring-sales":
                return path, parser
        return None
    path, parser = evo.wait(new_source, "a new source of the recurring-sales backend")
    State.new_uid = os.path.basename(path)[:-len(".source")]
    equal(parser["Data Source"].get("DisplayName"), "Beta", "the new calendar's name")
    equal(parser["Data Source"].get("Parent"), "recurring-sales-stub", "its parent")
    equal(parser["Recurring Sales"].get("ClientFilter"), "beta", "its client filter")
    wait_for_events(evo, State.new_uid, {("Beta Ltd", "invoice"), ("Beta Ltd", "expiry")},
                    "the new calendar: Beta's events only")


def main():
    return run_evolution_tests([
        ("two sales are in the calendar", test_sales_added),
        ("Properties of our calendar shows our page", test_properties_open),
        ("a filter set there changes the source and what the calendar shows",
         test_properties_change_the_source),
        ("New Calendar offers the Recurring Sales type", test_new_calendar_offers_our_type),
        ("a calendar added with a filter shows that client only",
         test_new_calendar_adds_a_source),
    ])


if __name__ == "__main__":
    sys.exit(main())
