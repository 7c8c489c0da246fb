#!/usr/bin/python3
# test-evolution-event-actions.py: the right-click menu of a recurring sale's invoice in
# Evolution, in English or Greek.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   test-evolution-event-actions.py BUILD_DIR LOG_DIR LANGUAGE
# A real Evolution (evolution_session.py): a sale added through the service while Evolution
# runs shows its invoice of today in the day view; its right-click menu (opened with the mouse,
# xdotool) has Mark Issued / Mark Prepaid / Skip This Invoice / Reopen, and no longer Move to
# Calendar… or the Delete items (Copy to Calendar… stays); Mark Prepaid is recorded by the
# service. A Personal event's menu keeps Move and Delete and has none of ours.

import datetime
import gettext
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evolution_session import WIDGET_SECONDS, EvolutionSession  # noqa: E402
from private_session import check, equal, run_tap, sale_fields  # noqa: E402

from gi.repository import GLib  # noqa: E402

TODAY = datetime.date.today().isoformat()

# Evolution's own items, by their msgids in Evolution's catalog (3.46's
# e-cal-shell-view-actions.c): untranslated ones show in English.
EVOLUTION_HIDDEN = ("Mo_ve to Calendar…", "_Delete Appointment", "Delete This _Occurrence",
                    "Delete All Occ_urrences")
EVOLUTION_KEPT = ("Cop_y to Calendar…",)
OURS = ("Mark _Issued", "Mark _Prepaid", "S_kip This Invoice", "_Reopen")


class State:
    uid = None
    popup = None


def texts(evo, msgids, domain):
    localedir = os.environ.get("RS_LOCALEDIR") if domain == "evolution-recurring-sales" else None
    catalog = gettext.translation(domain, localedir, [evo.language], fallback=True)
    return [catalog.gettext(m).replace("_", "") for m in msgids]


def right_click(evo, node):
    extents = node.queryComponent().getExtents(0)  # DESKTOP_COORDS
    x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1", "click", "3"],
                   env={"DISPLAY": evo.display}, check=True)
    return evo.wait(lambda: next((w.getChildAtIndex(0) for w in evo.frames()
                                  if w.getRoleName() == "window" and w.childCount and
                                  w.getState().contains(evo.registry.STATE_SHOWING)), None),
                    "the right-click menu")


def close_menu(evo):
    subprocess.run(["xdotool", "key", "Escape"], env={"DISPLAY": evo.display}, check=True)
    evo.wait(lambda: not any(w.getRoleName() == "window" and
                             w.getState().contains(evo.registry.STATE_SHOWING)
                             for w in evo.frames()), "the menu to close")


def item_visible(evo, menu, name):
    """Whether the menu has an item @name that is visible; fails when it has none at all, so
    that a renamed item never passes for a hidden one."""
    for i in range(menu.childCount):
        item = menu.getChildAtIndex(i)
        if item.name == name:
            return item.getState().contains(evo.registry.STATE_VISIBLE)
    raise AssertionError(f"the menu has no item {name!r}: "
                         f"{[menu.getChildAtIndex(i).name for i in range(menu.childCount)]}")


def test_invoice_shows(evo):
    fields = sale_fields("Acme Ltd", 12050)
    fields["start"] = GLib.Variant("s", TODAY)
    fields["prepay"] = GLib.Variant("b", True)
    fields["iban"] = GLib.Variant("s", "GR1601101250000000012300695")
    State.uid = evo.session.call("AddSale", GLib.Variant("(a{sv})", (fields,)), "(s)")[0]
    # The calendar follows the service (SalesChanged): no restart.
    evo.wait(lambda: next((n for n in [evo.find(evo.frame, "Calendar Event", None, True)]
                           if n is not None and "Acme Ltd" in n.name), None),
             "the sale's invoice in the day view", WIDGET_SECONDS * 2)


def test_menu_of_our_invoice(evo):
    event = next(n for n in [evo.find(evo.frame, "Calendar Event", None, True)]
                 if "Acme Ltd" in n.name)
    State.popup = menu = right_click(evo, event)
    # The pointer onto the menu, so that the event's tooltip leaves the picture.
    extents = menu.queryComponent().getExtents(0)
    subprocess.run(["xdotool", "mousemove", str(extents.x + 10), str(extents.y + 10)],
                   env={"DISPLAY": evo.display}, check=True)
    evo.screenshot("invoice-menu")
    for name in texts(evo, OURS, "evolution-recurring-sales"):
        check(item_visible(evo, menu, name), f"{name!r} is not in the menu of our invoice")
    for name in texts(evo, EVOLUTION_HIDDEN, "evolution"):
        check(not item_visible(evo, menu, name), f"{name!r} is still in the menu of our invoice")
    for name in texts(evo, EVOLUTION_KEPT, "evolution"):
        check(item_visible(evo, menu, name), f"{name!r} went from the menu of our invoice")


def write_personal_event(env):
    """An appointment of today in the Personal calendar (EDS's file backend reads it at
    start)."""
    folder = os.path.join(env["XDG_DATA_HOME"], "evolution", "calendar", "system")
    os.makedirs(folder, exist_ok=True)
    day = TODAY.replace("-", "")
    with open(os.path.join(folder, "calendar.ics"), "w", encoding="utf-8") as f:
        f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//recurring-sales tests//EN\r\n"
                "BEGIN:VEVENT\r\nUID:dentist@tests\r\nDTSTAMP:20260101T000000Z\r\n"
                f"DTSTART:{day}T100000\r\nDTEND:{day}T110000\r\nSUMMARY:Dentist\r\n"
                "END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_menu_of_another_event(evo):
    close_menu(evo)
    event = evo.wait(lambda: next((node for node in evo.find_all(evo.frame, "Calendar Event")
                                   if "Dentist" in node.name), None),
                     "the Personal appointment")
    menu = right_click(evo, event)
    for name in texts(evo, OURS, "evolution-recurring-sales"):
        check(not item_visible(evo, menu, name), f"{name!r} is in the menu of another event")
    for name in texts(evo, EVOLUTION_HIDDEN[:2] + EVOLUTION_KEPT, "evolution"):
        check(item_visible(evo, menu, name), f"{name!r} went from the menu of another event")
    close_menu(evo)


def test_mark_prepaid(evo):
    name = texts(evo, ("Mark _Prepaid",), "evolution-recurring-sales")[0]
    menu = State.popup
    item = next(menu.getChildAtIndex(i) for i in range(menu.childCount)
                if menu.getChildAtIndex(i).name == name)
    evo.activate(item)
    deadline = time.monotonic() + WIDGET_SECONDS
    while True:
        sale = evo.session.call("GetSale", GLib.Variant("(s)", (State.uid,)), "(a{sv})")[0]
        if sale.get("occurrences", {}).get(TODAY) == "prepaid" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    equal(sale.get("occurrences"), {TODAY: "prepaid"}, "the service's marks of the sale")


def main():
    build_dir, log_dir, language = sys.argv[1:4]
    evo = EvolutionSession(build_dir, log_dir, language)
    evo.prepare = write_personal_event
    try:
        return run_tap([
            ("Evolution starts in the Calendar view", lambda e: e.start()),
            ("a sale added through the service shows its invoice of today", test_invoice_shows),
            ("its menu has our items, and no Move or Delete", test_menu_of_our_invoice),
            ("Mark Prepaid is recorded by the service", test_mark_prepaid),
            ("another calendar's event keeps Move and Delete, without our items",
             test_menu_of_another_event),
        ], evo)
    finally:
        evo.stop()


if __name__ == "__main__":
    sys.exit(main())
