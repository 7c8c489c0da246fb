#!/usr/bin/python3
# test-evolution-sales-list.py: the Recurring Sales list in Evolution, in English or Greek.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   test-evolution-sales-list.py BUILD_DIR LOG_DIR LANGUAGE
# A real Evolution (evolution_session.py) with 10,000 sales imported by the command
# (`recurring-sales import`) and three named ones. Calendar › Actions › Recurring Sales opens the
# list: its first rows show, then all (the times are printed, for docs/evolution.md); typing in
# the search narrows it to a client or a service; End Sale… on the selected sale reaches the
# service, and the row shows it; a sale added by the command while the list is open appears; an
# import of many sales while it is open reloads it, keeping the selected sale.
# The imported sales invoice once a year, half a year from now, so that the day view that
# Evolution opens on stays light.

import datetime
import gettext
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evolution_session import WIDGET_SECONDS, run_evolution_tests  # noqa: E402
from private_session import check, equal, run_program, sale_fields  # noqa: E402

from gi.repository import GLib  # noqa: E402

DOMAIN = "evolution-recurring-sales"
MANY = 10000
TODAY = datetime.date.today()
FAR = (TODAY + datetime.timedelta(days=180)).isoformat()


class State:
    uids = {}
    window = None
    table = None
    timings = {}


def catalog(evo):
    return gettext.translation(DOMAIN, os.environ.get("RS_LOCALEDIR"), [evo.language],
                               fallback=True)


def ours(evo, msgid, context=None):
    text = catalog(evo).pgettext(context, msgid) if context else catalog(evo).gettext(msgid)
    return text.replace("_", "")


def count_text(evo, total, shown=None):
    if shown is None:
        return catalog(evo).ngettext("%u sale", "%u sales", total) % total
    return (catalog(evo).ngettext("%1$u of %2$u sale", "%1$u of %2$u sales", total)
            .replace("%1$u", str(shown)).replace("%2$u", str(total)))


def cli(evo, *args, stdin=""):
    command = os.path.join(evo.build_dir, "plugin", "cli", "recurring-sales")
    return run_program([command] + list(args), evo.session.env, evo.root, stdin=stdin,
                       timeout=120)


def test_sales_imported(evo):
    lines = ["client,service,amount,currency,period,start"]
    lines += [f"Client {i:05d},Service {i % 37},{10 + i % 90}.00,EUR,1y,{FAR}" for i in range(MANY)]
    path = os.path.join(evo.root, "many.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    result = cli(evo, "import", path)
    equal(result.code, 0, "recurring-sales import of 10,000 sales", result)
    for client, service, amount in (("Acme Ltd", "Web hosting", 12050),
                                    ("Beta Ltd", "Domain names", 9900),
                                    ("Γάμμα ΑΕ", "Υποστήριξη", 45000)):
        fields = sale_fields(client, amount)
        fields["service"] = GLib.Variant("s", service)
        State.uids[client] = evo.session.call("AddSale", GLib.Variant("(a{sv})", (fields,)),
                                              "(s)")[0]


def says(evo, text):
    """Whether the list's status line says @text. The table is not searched: its 70,000 cells
    would take AT-SPI seconds to list."""
    queue = [State.window]
    while queue:
        node = queue.pop(0)
        for i in range(node.childCount):
            kid = node.getChildAtIndex(i)
            if kid is None or kid.getRoleName() == "table":
                continue
            if kid.getRoleName() == "label" and kid.name == text:
                return True
            queue.append(kid)
    return False


def test_list_opens(evo):
    item = evo.wait(lambda: evo.find(evo.frame, "menu item", ours(evo, "Recurring _Sales")),
                    "the menu item Recurring Sales")
    title = ours(evo, "Recurring Sales")
    total = MANY + len(State.uids)
    started = time.monotonic()
    evo.activate(item)
    # Polled often: these are the figures of docs/evolution.md.
    deadline = started + WIDGET_SECONDS * 2
    first = done = None
    while time.monotonic() < deadline and done is None:
        try:
            window = State.window or evo.child(evo.app, "frame", title)
            if window is not None:
                State.window = window
                State.table = State.table or evo.find(window, "table", ours(evo, "Recurring sales"))
                if first is None and State.table is not None and \
                        State.table.queryTable().nRows > 0:
                    first = time.monotonic() - started
                if says(evo, count_text(evo, total)):
                    done = time.monotonic() - started
        except Exception:  # noqa: BLE001 — AT-SPI errors while the application is busy
            pass
        time.sleep(0.02)
    check(first is not None, "the list showed no row")
    check(done is not None, f"the list never said {count_text(evo, total)!r}")
    print(f"# {total} sales: first rows after {first:.2f} s, all after {done:.2f} s "
          f"(from the menu item's activation, through AT-SPI)")
    equal(State.table.queryTable().nRows, total, "rows in the list")
    evo.screenshot("sales-list")


def visible_cells(evo):
    table = State.table.queryTable()
    return [[table.getAccessibleAt(row, column).name for column in range(table.nColumns)]
            for row in range(table.nRows)]


def search(evo, text):
    entry = evo.wait_for(State.window, "text", ours(evo, "Search sales"))
    entry.queryEditableText().setTextContents(text)


def test_search_narrows(evo):
    total = MANY + len(State.uids)
    search(evo, "beta")
    evo.wait(lambda: State.table.queryTable().nRows == 1, "one row for “beta”")
    rows = visible_cells(evo)
    equal(rows[0][:3], ["Beta Ltd", "Domain names", {"en": "€99.00", "el": "99,00 €"}[evo.language]],
          "the row of Beta Ltd")
    equal(rows[0][3], catalog(evo).ngettext("every month", "every %u months", 1),
          "the period in words")
    evo.wait(lambda: says(evo, count_text(evo, total, 1)), "the count of “beta”")
    # The service, and Greek without regard to case.
    search(evo, "ΥΠΟΣΤΉΡΙΞΗ")
    evo.wait(lambda: State.table.queryTable().nRows == 1 and
             visible_cells(evo)[0][0] == "Γάμμα ΑΕ", "Γάμμα ΑΕ found by its service")
    search(evo, "Service 36")
    evo.wait(lambda: State.table.queryTable().nRows == len(range(36, MANY, 37)),
             "the imported sales of Service 36")
    evo.screenshot("sales-list-search")


def test_end_sale_from_list(evo):
    search(evo, "Beta")
    evo.wait(lambda: State.table.queryTable().nRows == 1, "one row for “Beta”")
    State.table.queryTable().addRowSelection(0)
    button = evo.wait_for(State.window, "push button", ours(evo, "En_d Sale…"))
    evo.wait(lambda: button.getState().contains(evo.registry.STATE_SENSITIVE),
             "End Sale… to be offered for the selected sale")
    evo.activate(button)
    title = ours(evo, "End Sale")
    dialog = evo.wait(lambda: evo.child(evo.app, "dialog", title), f"the dialog {title!r}")
    evo.wait_for_labelled(dialog, ours(evo, "_Reason:")) \
        .queryEditableText().setTextContents("Moved to another provider")
    evo.activate(evo.wait_for(dialog, "push button", ours(evo, "_End Sale")))
    deadline = time.monotonic() + WIDGET_SECONDS
    while (sale := evo.session.call("GetSale", GLib.Variant("(s)", (State.uids["Beta Ltd"],)),
                                    "(a{sv})")[0])["status"] != "ended" and \
            time.monotonic() < deadline:
        time.sleep(0.2)
    equal(sale["status"], "ended", "the sale's status after End Sale… in the list")
    ended = catalog(evo).pgettext("sale status", "ended")
    evo.wait(lambda: visible_cells(evo)[0][6] == ended, "the row to say the sale ended")


def test_change_from_command_appears(evo):
    search(evo, "Delta")
    evo.wait(lambda: State.table.queryTable().nRows == 0, "no Delta yet")
    result = cli(evo, "add", "--client", "Delta Ltd", "--service", "Support", "--amount", "50",
                 "--currency", "EUR", "--every", "3m", "--start", TODAY.isoformat())
    equal(result.code, 0, "recurring-sales add", result)
    evo.wait(lambda: State.table.queryTable().nRows == 1 and
             visible_cells(evo)[0][0] == "Delta Ltd", "the sale added by the command")
    equal(visible_cells(evo)[0][3], catalog(evo).ngettext("every month", "every %u months", 3)
          .replace("%u", "3"), "its period in words")
    search(evo, "")
    total = MANY + len(State.uids) + 1
    evo.wait(lambda: says(evo, count_text(evo, total)), f"{total} sales")
    # Back to the start of the list for the picture.
    subprocess.run(["xdotool", "mousemove", "1350", "1050"], env={"DISPLAY": evo.display},
                   check=True)
    evo.screenshot("sales-list-after")


def selected_clients(evo):
    table = State.table.queryTable()
    return [table.getAccessibleAt(row, 0).name for row in table.getSelectedRows()]


def test_reload_keeps_selection(evo):
    search(evo, "Acme")
    evo.wait(lambda: State.table.queryTable().nRows == 1, "one row for “Acme”")
    State.table.queryTable().addRowSelection(0)
    search(evo, "")
    total = MANY + len(State.uids) + 1
    evo.wait(lambda: says(evo, count_text(evo, total)) and
             selected_clients(evo) == ["Acme Ltd"], "Acme Ltd still selected without the search")
    # More sales at once than the list reads one by one: it reads them all again.
    lines = ["client,service,amount,currency,period,start"]
    lines += [f"Later {i:03d},Service,10.00,EUR,1y,{FAR}" for i in range(150)]
    path = os.path.join(evo.root, "later.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    result = cli(evo, "import", path)
    equal(result.code, 0, "recurring-sales import of 150 sales", result)
    evo.wait(lambda: says(evo, count_text(evo, total + 150)), f"{total + 150} sales",
             WIDGET_SECONDS * 2)
    equal(selected_clients(evo), ["Acme Ltd"], "the selected sale after the list read all again")


def main():
    return run_evolution_tests([
        ("10,000 sales imported by the command, and three more", test_sales_imported),
        ("Recurring Sales opens the list, first rows then all", test_list_opens),
        ("typing in the search narrows the list", test_search_narrows),
        ("End Sale… on the selected sale reaches the service", test_end_sale_from_list),
        ("a sale added by the command appears in the open list",
         test_change_from_command_appears),
        ("an import reloads the list, which keeps the selected sale",
         test_reload_keeps_selection),
    ])


if __name__ == "__main__":
    sys.exit(main())
