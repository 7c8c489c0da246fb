#!/usr/bin/python3
# test-evolution-preview.py: Preview E-mail to Client… on a recurring sale's invoice in
# Evolution, in English or Greek.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   test-evolution-preview.py BUILD_DIR LOG_DIR LANGUAGE
# A real Evolution (evolution_session.py): two sales show their invoice of today, one with the
# client's address and a reminder to them before each invoice, one without the address (and so
# without such a reminder: the service refuses one without an address). The right-click menu's
# Preview E-mail to Client… shows, read-only, the e-mail the service makes
# (PreviewReminderDetails: the same subject and body); for the sale without the address, the
# dialog says that it will not be sent, with the service's sentence. The event editor's
# information bar offers the same preview.

import importlib.util
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evolution_session import WIDGET_SECONDS, run_evolution_tests  # noqa: E402
from private_session import Failure, check, equal, sale_fields  # noqa: E402

from gi.repository import GLib  # noqa: E402

# The event-actions test's helpers: the right-click menu of an invoice, the translated texts.
_spec = importlib.util.spec_from_file_location(
    "event_actions", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                  "test-evolution-event-actions.py"))
event_actions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(event_actions)
TODAY = event_actions.TODAY
ITEM = "_Preview E-mail to Client…"


class State:
    uids = {}


def ours(evo, msgid):
    return event_actions.texts(evo, (msgid,), "evolution-recurring-sales")[0]


def add_sale(evo, client, email):
    fields = sale_fields(client, 12050)
    fields["start"] = GLib.Variant("s", TODAY)
    if email is not None:
        fields["email"] = GLib.Variant("s", email)
        fields["reminders"] = GLib.Variant("a(sus)", [("invoice", 3, "client")])
    State.uids[client] = evo.session.call("AddSale", GLib.Variant("(a{sv})", (fields,)),
                                          "(s)")[0]


def test_invoices_show(evo):
    add_sale(evo, "Acme Ltd", "accounts@acme.example")
    add_sale(evo, "Beta Ltd", None)
    for client in State.uids:
        event_actions.our_invoice(evo, client)


def service_preview(evo, client):
    return evo.session.call("PreviewReminderDetails",
                            GLib.Variant("(sss)", (State.uids[client], "invoice", TODAY)),
                            "(ssa{sv})")


def preview_dialog(evo):
    title = ours(evo, "E-mail to Client")
    return evo.wait(lambda: evo.child(evo.app, "dialog", title), f"the dialog {title!r}")


def check_email_shown(evo, dialog, client):
    subject, body, _ = service_preview(evo, client)
    evo.wait_for(dialog, "label", subject)
    text = evo.wait_for(dialog, "text", ours(evo, "The e-mail’s text"))
    evo.wait(lambda: text.queryText().getText(0, -1) == body, "the e-mail's text in the dialog")
    check(not text.getState().contains(evo.registry.STATE_EDITABLE),
          "the e-mail's text can be edited")


def pointer_away(evo):
    """The pointer off the events, so that their tooltips leave the picture."""
    subprocess.run(["xdotool", "mousemove", "1350", "1050"], env={"DISPLAY": evo.display},
                   check=True)


def close(evo, dialog):
    title = dialog.name
    evo.activate(evo.wait_for(dialog, "push button", ours(evo, "_Close")))
    evo.wait(lambda: evo.child(evo.app, "dialog", title) is None, "the dialog to close")


def open_from_menu(evo, client):
    name = ours(evo, ITEM)
    evo.activate(event_actions.menu_item(event_actions.invoice_menu(evo, name, client), name))
    return preview_dialog(evo)


def test_preview_from_menu(evo):
    dialog = open_from_menu(evo, "Acme Ltd")
    check_email_shown(evo, dialog, "Acme Ltd")
    pointer_away(evo)
    evo.screenshot("preview")
    close(evo, dialog)


def test_no_address(evo):
    details = service_preview(evo, "Beta Ltd")[2]
    # A sale without the client's address has no reminder to them: the service says so.
    equal(details.get("reason"), "no-rule", "why the service will not mail Beta's e-mail")
    dialog = open_from_menu(evo, "Beta Ltd")
    sentence = ours(evo, "This e-mail will not be sent: the sale has no reminder to the client "
                         "before its invoices.")
    evo.wait_for(dialog, "label", sentence, showing_only=True)
    check_email_shown(evo, dialog, "Beta Ltd")
    pointer_away(evo)
    evo.screenshot("preview-no-address")
    close(evo, dialog)


def find_editor(evo, primary, main_window):
    return next((frame for frame in evo.frames()
                 if frame.getRoleName() == "frame" and frame.name != main_window and
                 any(primary in label.name for label in evo.find_all(frame, "label"))), None)


def test_preview_from_event_editor(evo):
    primary = ours(evo, "This event comes from a recurring sale")
    main_window = evo.frame.name
    # Right after a dialog closed, the first click may only give the main window the focus,
    # or hit a place the day view has just laid out again: double-click until the editor opens.
    deadline = time.monotonic() + WIDGET_SECONDS
    editor = None
    while editor is None:
        event = event_actions.our_invoice(evo, "Acme Ltd")
        extents = event.queryComponent().getExtents(0)
        x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "--repeat", "2", "1"],
                       env={"DISPLAY": evo.display}, check=True)
        try:
            editor = evo.wait(lambda: find_editor(evo, primary, main_window),
                              "the event editor with our information", 5)
        except Failure:
            # Not open yet: click again, unless Evolution is gone or the time is up.
            if evo.evolution.poll() is not None or time.monotonic() > deadline:
                raise
    # The day view may have laid its events out again under the pointer: the editor's title
    # says which invoice opened.
    client = next(name for name in State.uids if name in editor.name)
    evo.activate(evo.wait_for(editor, "push button", ours(evo, ITEM).replace("_", "")))
    dialog = preview_dialog(evo)
    check_email_shown(evo, dialog, client)
    evo.screenshot("preview-from-event-editor")
    close(evo, dialog)


def main():
    return run_evolution_tests([
        ("two sales, with and without the client's address, show their invoice of today",
         test_invoices_show),
        ("Preview E-mail to Client… shows the service's e-mail", test_preview_from_menu),
        ("without the client's address it says it is not sent, with the service's sentence",
         test_no_address),
        ("the event editor's information bar offers the preview",
         test_preview_from_event_editor),
    ])


if __name__ == "__main__":
    sys.exit(main())
