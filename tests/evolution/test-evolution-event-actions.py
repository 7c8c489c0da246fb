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
# service. A Personal event's menu keeps Move and Delete and has none of ours. Edit Sale… opens
# the editor on the sale and saves only what changed; a change made elsewhere meanwhile is a
# conflict that reloads the sale. Renew… makes the successor with the term typed; End… ends a
# second sale.

import datetime
import gettext
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evolution_session import WIDGET_SECONDS, run_evolution_tests  # noqa: E402
from private_session import check, equal, sale_fields  # noqa: E402

from gi.repository import GLib  # noqa: E402

TODAY = datetime.date.today().isoformat()

# Evolution's own items, by their msgids in Evolution's catalog (3.46's
# e-cal-shell-view-actions.c): untranslated ones show in English.
EVOLUTION_HIDDEN = ("Mo_ve to Calendar…", "_Delete Appointment", "Delete This _Occurrence",
                    "Delete All Occ_urrences")
EVOLUTION_KEPT = ("Cop_y to Calendar…",)
OURS = ("Mark _Issued", "Mark _Prepaid", "S_kip This Invoice", "_Reopen", "_Edit Sale…")


class State:
    uid = None
    beta_uid = None
    popup = None
    editor = editor_client = sale_dialog = None


def texts(evo, msgids, domain):
    localedir = os.environ.get("RS_LOCALEDIR") if domain == "evolution-recurring-sales" else None
    catalog = gettext.translation(domain, localedir, [evo.language], fallback=True)
    return [catalog.gettext(m).replace("_", "") for m in msgids]


def laid_out(evo, find):
    """The node @find () returns once it has a place on the screen: right after a change the
    day view lays its events out again, and an event being replaced has none (-1, -1)."""
    def placed():
        node = find()
        if node is None:
            return None
        extents = node.queryComponent().getExtents(0)  # DESKTOP_COORDS
        return (node, extents) if extents.x >= 0 and extents.y >= 0 and extents.width > 0 \
            else None
    return evo.wait(placed, "the event on the screen")


def right_click(evo, node, find=None):
    node, extents = laid_out(evo, find or (lambda: node))
    x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1", "click", "3"],
                   env={"DISPLAY": evo.display}, check=True)
    # A popup menu is a window holding a menu; the event's tooltip is a window too.
    return evo.wait(lambda: next((w.getChildAtIndex(0) for w in evo.frames()
                                  if w.getRoleName() == "window" and w.childCount and
                                  w.getChildAtIndex(0).getRoleName() == "menu" and
                                  w.getState().contains(evo.registry.STATE_SHOWING)), None),
                    "the right-click menu")


def close_menu(evo):
    subprocess.run(["xdotool", "key", "Escape"], env={"DISPLAY": evo.display}, check=True)
    evo.wait(lambda: not any(w.getRoleName() == "window" and w.childCount and
                             w.getChildAtIndex(0).getRoleName() == "menu" and
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
    beta = sale_fields("Beta Ltd", 9900)
    beta["start"] = GLib.Variant("s", TODAY)
    State.beta_uid = evo.session.call("AddSale", GLib.Variant("(a{sv})", (beta,)), "(s)")[0]
    # The calendar follows the service (SalesChanged): no restart.
    for client in ("Acme Ltd", "Beta Ltd"):
        evo.wait(lambda: next((node for node in evo.find_all(evo.frame, "Calendar Event")
                               if client in node.name), None),
                 f"the invoice to {client} in the day view", WIDGET_SECONDS * 2)


def test_menu_of_our_invoice(evo):
    State.popup = menu = invoice_menu(evo, texts(evo, OURS[:1], "evolution-recurring-sales")[0])
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


def our_invoice(evo, client="Acme Ltd"):
    return evo.wait(lambda: next((node for node in evo.find_all(evo.frame, "Calendar Event")
                                  if client in node.name), None), f"the invoice to {client}")


def menu_item(menu, name):
    return next((menu.getChildAtIndex(i) for i in range(menu.childCount)
                 if menu.getChildAtIndex(i).name == name), None)


def invoice_menu(evo, name, client="Acme Ltd"):
    """The right-click menu of the sale's invoice, once it has an item @name. Right after a
    change the calendar lays its events out again: a click on the place the event had hits the
    empty calendar (another menu); then it clicks again on the event as it is now."""
    deadline = time.monotonic() + WIDGET_SECONDS
    while menu_item(menu := right_click(evo, None, lambda: our_invoice(evo, client)),
                    name) is None:
        close_menu(evo)
        check(time.monotonic() < deadline, f"no {name!r} in the menu of the sale's invoice")
        time.sleep(0.5)
    return menu


def open_editor(evo):
    name = texts(evo, ("_Edit Sale…",), "evolution-recurring-sales")[0]
    evo.activate(menu_item(invoice_menu(evo, name), name))
    title = texts(evo, ("Edit Recurring Sale",), "evolution-recurring-sales")[0]
    dialog = evo.wait(lambda: evo.child(evo.app, "dialog", title), f"the dialog {title!r}")
    client = texts(evo, ("_Client:",), "evolution-recurring-sales")[0]
    entry = evo.wait_for_labelled(dialog, client)
    evo.wait(lambda: entry.queryText().getText(0, -1) == "Acme Ltd", "the sale in the editor")
    return dialog


def amount_field(evo, dialog):
    return evo.wait_for_labelled(dialog, texts(evo, ("_Amount:",), "evolution-recurring-sales")[0])


def save(evo, dialog):
    evo.activate(evo.wait_for(dialog, "push button",
                              texts(evo, ("_Save",), "evolution-recurring-sales")[0]))


def get_sale(evo):
    return evo.session.call("GetSale", GLib.Variant("(s)", (State.uid,)), "(a{sv})")[0]


def wait_for_amount(evo, amount_minor):
    deadline = time.monotonic() + WIDGET_SECONDS
    while (sale := get_sale(evo))["amount_minor"] != amount_minor and \
            time.monotonic() < deadline:
        time.sleep(0.2)
    return sale


def test_edit_sale(evo):
    dialog = open_editor(evo)
    title = dialog.name
    amount = amount_field(evo, dialog)
    equal(amount.queryText().getText(0, -1), {"en": "120.50", "el": "120,50"}[evo.language],
          "the amount in the editor, as the user's language writes it")
    amount.queryEditableText().setTextContents("130")
    evo.screenshot("edit-sale")
    save(evo, dialog)
    sale = wait_for_amount(evo, 13000)
    equal((sale["amount_minor"], sale.get("occurrences")), (13000, {TODAY: "prepaid"}),
          "the sale after Edit Sale… (only the amount changed)")
    evo.wait(lambda: evo.child(evo.app, "dialog", title) is None, "the editor to close")


def test_edit_conflict_reloads(evo):
    dialog = open_editor(evo)
    # Meanwhile the sale changes elsewhere (the command, another program).
    revision = get_sale(evo)["revision"]
    evo.session.call("UpdateSale", GLib.Variant("(sta{sv})", (
        State.uid, revision, {"note": GLib.Variant("s", "Changed by phone")})), "(t)")
    amount = amount_field(evo, dialog)
    amount.queryEditableText().setTextContents("140")
    save(evo, dialog)
    sentence = texts(evo, ("This sale was changed elsewhere while you edited it. It is shown as "
                           "it is now: make your change again.",), "evolution-recurring-sales")[0]
    evo.wait_for(dialog, "label", sentence, showing_only=True)
    evo.screenshot("edit-sale-conflict")
    equal(get_sale(evo)["amount_minor"], 13000, "the conflicting change was saved")
    equal(amount.queryText().getText(0, -1), {"en": "130.00", "el": "130,00"}[evo.language],
          "the editor shows the sale as it is now")
    amount.queryEditableText().setTextContents("140")
    save(evo, dialog)
    sale = wait_for_amount(evo, 14000)
    equal((sale["amount_minor"], sale.get("note")), (14000, "Changed by phone"),
          "the sale after the change made again")


def test_renew(evo):
    name = texts(evo, ("Re_new Sale…",), "evolution-recurring-sales")[0]
    evo.activate(menu_item(invoice_menu(evo, name), name))
    title = texts(evo, ("Renew Sale",), "evolution-recurring-sales")[0]
    dialog = evo.wait(lambda: evo.child(evo.app, "dialog", title), f"the dialog {title!r}")
    evo.wait_for_labelled(dialog, texts(evo, ("_New term:",), "evolution-recurring-sales")[0]) \
        .queryEditableText().setTextContents("2y")
    # The pointer off the event, so that its tooltip leaves the picture.
    subprocess.run(["xdotool", "mousemove", "1350", "1050"], env={"DISPLAY": evo.display},
                   check=True)
    evo.screenshot("renew")
    evo.activate(evo.wait_for(dialog, "push button",
                              texts(evo, ("_Renew",), "evolution-recurring-sales")[0]))
    deadline = time.monotonic() + WIDGET_SECONDS
    while (status := get_sale(evo)["status"]) != "renewed" and time.monotonic() < deadline:
        time.sleep(0.2)
    sale = get_sale(evo)
    equal(status, "renewed", "the sale's status after Renew…")
    successor = evo.session.call("GetSale", GLib.Variant("(s)", (sale["successor"],)),
                                 "(a{sv})")[0]
    equal((successor["client"], successor["term"], successor["status"]),
          ("Acme Ltd", "2y", "active"), "the successor Renew… made")
    evo.wait(lambda: evo.child(evo.app, "dialog", title) is None, "the dialog to close")


def test_end(evo):
    name = texts(evo, ("En_d Sale…",), "evolution-recurring-sales")[0]
    evo.activate(menu_item(invoice_menu(evo, name, "Beta Ltd"), name))
    title = texts(evo, ("End Sale",), "evolution-recurring-sales")[0]
    dialog = evo.wait(lambda: evo.child(evo.app, "dialog", title), f"the dialog {title!r}")
    evo.wait_for_labelled(dialog, texts(evo, ("_Reason:",), "evolution-recurring-sales")[0]) \
        .queryEditableText().setTextContents("Moved to another provider")
    evo.activate(evo.wait_for(dialog, "push button",
                              texts(evo, ("_End Sale",), "evolution-recurring-sales")[0]))
    deadline = time.monotonic() + WIDGET_SECONDS
    while (sale := evo.session.call("GetSale", GLib.Variant("(s)", (State.beta_uid,)),
                                    "(a{sv})")[0])["status"] != "ended" and \
            time.monotonic() < deadline:
        time.sleep(0.2)
    equal(sale["status"], "ended", "the sale's status after End…")
    evo.wait(lambda: evo.child(evo.app, "dialog", title) is None, "the dialog to close")


def test_event_editor_says_where_it_comes_from(evo):
    _, extents = laid_out(evo, lambda: our_invoice(evo))
    x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "--repeat", "2", "1"],
                   env={"DISPLAY": evo.display}, check=True)
    primary = texts(evo, ("This event comes from a recurring sale",),
                    "evolution-recurring-sales")[0]
    main_window = evo.frame.name

    def says_where(frame):
        # The bar's label holds both sentences, the second after an empty line.
        return any(primary in label.name for label in evo.find_all(frame, "label"))

    editor = evo.wait(lambda: next((frame for frame in evo.frames()
                                    if frame.getRoleName() == "frame" and
                                    frame.name != main_window and says_where(frame)), None),
                      "the event editor with our information")
    evo.screenshot("event-editor")
    # The day view may have laid its events out again under the pointer: the editor's title
    # says which event opened, and Edit Sale… must open that event's sale.
    client = next(name for name in ("Acme Ltd", "Beta Ltd") if name in editor.name)
    button = evo.wait_for(editor, "push button",
                          texts(evo, ("_Edit Sale…",), "evolution-recurring-sales")[0])
    evo.activate(button)
    title = texts(evo, ("Edit Recurring Sale",), "evolution-recurring-sales")[0]
    dialog = evo.wait(lambda: evo.child(evo.app, "dialog", title), f"the dialog {title!r}")
    entry = evo.wait_for_labelled(dialog, texts(evo, ("_Client:",), "evolution-recurring-sales")[0])
    evo.wait(lambda: entry.queryText().getText(0, -1) == client,
             f"the sale of {client} in the editor")
    State.editor, State.editor_client, State.sale_dialog = editor, client, dialog


def test_event_editor_sale_actions(evo):
    """The event editor's Sale Actions menu marks the invoice the editor shows."""
    title = texts(evo, ("Edit Recurring Sale",), "evolution-recurring-sales")[0]
    cancel = evo.wait_for(State.sale_dialog, "push button",
                          texts(evo, ("_Cancel",), "evolution-recurring-sales")[0])
    evo.activate(cancel)
    evo.wait(lambda: evo.child(evo.app, "dialog", title) is None, "the sale editor to close")
    uid = State.uid if State.editor_client == "Acme Ltd" else State.beta_uid
    before = evo.session.call("GetSale", GLib.Variant("(s)", (uid,)), "(a{sv})")[0]
    check(before.get("occurrences", {}).get(TODAY) != "issued",
          "the invoice is not marked issued yet", before.get("occurrences"))
    button = evo.wait_for(State.editor, "toggle button",
                          texts(evo, ("Sale _Actions",), "evolution-recurring-sales")[0])
    evo.activate(button)
    name = texts(evo, ("Mark _Issued",), "evolution-recurring-sales")[0]
    # GTK gives a menu button its menu's items as its own accessible children.
    menu = evo.wait(lambda: button if menu_item(button, name) is not None else None,
                    "the items of Sale Actions")
    names = [menu.getChildAtIndex(i).name for i in range(menu.childCount)]
    for expected in texts(evo, ("Mark _Prepaid", "S_kip This Invoice", "_Reopen", "Re_new Sale…",
                                "En_d Sale…"), "evolution-recurring-sales"):
        check(expected in names, f"the menu has {expected!r}", names)
    evo.screenshot("event-editor-sale-actions")
    evo.activate(menu_item(menu, name))
    deadline = time.monotonic() + WIDGET_SECONDS
    while True:
        sale = evo.session.call("GetSale", GLib.Variant("(s)", (uid,)), "(a{sv})")[0]
        if sale.get("occurrences", {}).get(TODAY) == "issued" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    equal(sale.get("occurrences", {}).get(TODAY), "issued",
          f"the invoice of {State.editor_client} after Sale Actions › Mark Issued")


def main():
    return run_evolution_tests([
        ("a sale added through the service shows its invoice of today", test_invoice_shows),
        ("its menu has our items, and no Move or Delete", test_menu_of_our_invoice),
        ("Mark Prepaid is recorded by the service", test_mark_prepaid),
        ("another calendar's event keeps Move and Delete, without our items",
         test_menu_of_another_event),
        ("Edit Sale… changes the sale", test_edit_sale),
        ("a sale changed meanwhile is reloaded, not overwritten", test_edit_conflict_reloads),
        ("Renew… makes the successor", test_renew),
        ("End… ends the sale", test_end),
        ("the event editor says where the event comes from and offers Edit Sale…",
         test_event_editor_says_where_it_comes_from),
        ("the event editor's Sale Actions › Mark Issued is recorded by the service",
         test_event_editor_sale_actions),
    ], prepare=write_personal_event)


if __name__ == "__main__":
    sys.exit(main())
