#!/usr/bin/python3
# main-job-evolution.py: the main job's look at Evolution itself (scripts/run-main-job.sh
# --evolution), in Greek.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   main-job-evolution.py BUILD_DIR OUT_DIR
# Starts a real Evolution with this build's module and calendar on a private session of its own
# (tests/evolution/evolution_session.py: Xvfb, a private bus, AT-SPI), imports the bundled sample
# sales through the service, and saves into OUT_DIR three screenshots: the month view with the
# sales' events (el-month-view.png), the right-click menu of a sale's event
# (el-sale-event-menu.png), the sale editor opened from it on that sale (el-sale-editor.png) and
# the list of sales, Calendar › Actions › Recurring Sales, with its first sale selected
# (el-sales-list.png).
# Prints the path of each; exits non-zero, with the reason, when one could not be made.

import gettext
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "evolution"))
from evolution_session import WIDGET_SECONDS, EvolutionSession  # noqa: E402

from gi.repository import GLib  # noqa: E402

SAMPLE = os.path.join(HERE, "..", "data", "sample-sales.json")
LANGUAGE = "el"


def translated(msgid, domain):
    localedir = os.environ.get("RS_LOCALEDIR") if domain == "evolution-recurring-sales" else None
    catalog = gettext.translation(domain, localedir, [LANGUAGE], fallback=True)
    return catalog.gettext(msgid).replace("_", "")


def xdotool(evo, *args):
    subprocess.run(["xdotool", *args], env={"DISPLAY": evo.display}, check=True)


def import_samples(evo):
    with open(SAMPLE, encoding="utf-8") as f:
        data = f.read()
    added, _, problems = evo.session.call(
        "ImportSales", GLib.Variant("(ssa{sv})", ("json", data, {})), "(uuaa{sv})")
    if problems or not added:
        raise RuntimeError(f"the sample sales were not imported: {problems}")
    with open(SAMPLE, encoding="utf-8") as f:
        return [sale["client"] for sale in json.load(f)["sales"]]


def show_month(evo):
    """Evolution's own Month button of the toolbar (a toggle button, in its own catalog)."""
    name = translated("Month", "evolution")
    button = next((node for role in ("toggle button", "push button", "radio button")
                   for node in evo.find_all(evo.frame, role) if node.name == name), None)
    if button is not None:
        evo.activate(button)
    else:
        xdotool(evo, "mousemove", "700", "500", "key", "ctrl+m")


def sale_events(evo, clients):
    return [node for node in evo.find_all(evo.frame, "Calendar Event")
            if any(client in node.name for client in clients)]


def open_menu(evo, event, edit_sale):
    """The right-click menu of @event, once it has Edit Sale… (the view may lay its events
    out again right after a change: then it clicks again)."""
    extents = event.queryComponent().getExtents(0)
    x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    xdotool(evo, "mousemove", str(x), str(y), "click", "1", "click", "3")
    menu = evo.wait(lambda: next((w.getChildAtIndex(0) for w in evo.frames()
                                  if w.getRoleName() == "window" and w.childCount and
                                  w.getChildAtIndex(0).getRoleName() == "menu" and
                                  w.getState().contains(evo.registry.STATE_SHOWING)), None),
                    "the right-click menu")
    item = next((menu.getChildAtIndex(i) for i in range(menu.childCount)
                 if menu.getChildAtIndex(i).name == edit_sale and
                 menu.getChildAtIndex(i).getState().contains(evo.registry.STATE_VISIBLE)), None)
    return menu, item


def show_sales_list(evo, editor, editor_title, clients):
    """The list of sales, every sample sale in it, the first one selected."""
    evo.activate(evo.wait_for(editor, "push button",
                              translated("_Cancel", "evolution-recurring-sales")))
    evo.wait(lambda: evo.child(evo.app, "dialog", editor_title) is None, "the editor to close")
    item = evo.wait(lambda: evo.find(evo.frame, "menu item",
                                     translated("Recurring _Sales", "evolution-recurring-sales")),
                    "the menu item Recurring Sales")
    evo.activate(item)
    title = translated("Recurring Sales", "evolution-recurring-sales")
    window = evo.wait(lambda: evo.child(evo.app, "frame", title), f"the window {title!r}")
    table = evo.wait_for(window, "table", translated("Recurring sales", "evolution-recurring-sales"))
    evo.wait(lambda: table.queryTable().nRows == len(clients), "every sample sale in the list")
    table.queryTable().addRowSelection(0)
    xdotool(evo, "mousemove", "1350", "1050")


def main():
    build_dir, out_dir = sys.argv[1:3]
    evo = EvolutionSession(os.path.abspath(build_dir), os.path.abspath(out_dir), LANGUAGE)
    saved = []
    try:
        evo.start()
        clients = import_samples(evo)
        show_month(evo)
        evo.wait(lambda: len(sale_events(evo, clients)) >= 3, "the sales' events in the month view",
                 WIDGET_SECONDS * 2)
        xdotool(evo, "mousemove", "1350", "1050")
        evo.screenshot("month-view")
        saved.append("month-view")

        edit_sale = translated("_Edit Sale…", "evolution-recurring-sales")
        for event in sale_events(evo, clients):
            menu, item = open_menu(evo, event, edit_sale)
            if item is not None:
                break
            xdotool(evo, "key", "Escape")
        else:
            raise RuntimeError("no event of a sale has Edit Sale… in its menu")
        # The pointer onto the menu, so that the event's tooltip leaves the picture.
        extents = menu.queryComponent().getExtents(0)
        xdotool(evo, "mousemove", str(extents.x + 10), str(extents.y + 10))
        evo.screenshot("sale-event-menu")
        saved.append("sale-event-menu")

        evo.activate(item)
        title = translated("Edit Recurring Sale", "evolution-recurring-sales")
        dialog = evo.wait(lambda: evo.child(evo.app, "dialog", title), f"the dialog {title!r}")
        entry = evo.wait_for_labelled(dialog, translated("_Client:", "evolution-recurring-sales"))
        evo.wait(lambda: entry.queryText().getText(0, -1) in clients, "the sale in the editor")
        xdotool(evo, "mousemove", "1350", "1050")
        evo.screenshot("sale-editor")
        saved.append("sale-editor")

        show_sales_list(evo, dialog, title, clients)
        evo.screenshot("sales-list")
        saved.append("sales-list")
    except Exception as e:  # noqa: BLE001 — said to the person running the job
        print(f"Evolution: {e}", file=sys.stderr)
        return 1
    finally:
        evo.stop()
        for name in saved:
            print(os.path.join(os.path.abspath(out_dir), f"{LANGUAGE}-{name}.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
