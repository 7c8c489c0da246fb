#!/usr/bin/python3
# test-evolution-sale-editor.py: a person adds a recurring sale in Evolution, in English or
# Greek.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   test-evolution-sale-editor.py BUILD_DIR LOG_DIR LANGUAGE
# A real Evolution (evolution_session.py) driven through AT-SPI: Calendar › Actions › New
# Recurring Sale… opens the editor (the toolbar has it too); a sale with prepayment and a
# mistyped IBAN shows the IBAN's sentence under the field and the service has no sale; the
# client typed in part is completed from a contact of the address book (name and e-mail); the
# period is a choice in words; with the IBAN corrected, Save closes the editor and the service
# has the sale as it was typed, with the contact's UID.

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evolution_session import WIDGET_SECONDS, run_evolution_tests  # noqa: E402
from private_session import check, equal  # noqa: E402

import gi  # noqa: E402

gi.require_version("EDataServer", "1.2")
gi.require_version("ECal", "2.0")
gi.require_version("EBook", "1.2")
gi.require_version("EBookContacts", "1.2")
from gi.repository import EBook, EBookContacts, ECal, EDataServer, GLib  # noqa: E402

# The calendar our registry module creates (plugin/backend/e-recurring-sales-default-source.c).
SOURCE_UID = "recurring-sales"

GOOD_IBAN = "GR16 0110 1250 0000 0001 2300 695"
BAD_IBAN = "GR16 0110 1250 0000 0001 2300 696"

TEXTS = {
    "en": {
        "item": "New Recurring Sale…",
        "dialog": "New Recurring Sale",
        "client": "Client:", "email": "E-mail:", "service": "Service:", "amount": "Amount:", "every": "Invoiced:",
        "monthly": "Monthly", "every_3_months": "Every 3 months", "years": "years",
        "term_length": "Length of the term", "term_unit": "Unit of the term",
        "start": "First invoice:", "ends": "Ends:", "iban": "IBAN:",
        "prepay": "The client prepays", "save": "Save",
        "on_the_date": "On the date", "after_a_term": "After a term of",
        "until_date": "2026-12-31",
        "start_date": "2027-01-31", "amount_text": "120.50",
        "bad_iban": "The IBAN GR16 0110 1250 0000 0001 2300 696 fails its check digits "
                    "(mod 97); please check it for a typing mistake.",
    },
    "el": {
        "item": "Νέα επαναλαμβανόμενη πώληση…",
        "dialog": "Νέα επαναλαμβανόμενη πώληση",
        "client": "Πελάτης:", "email": "E-mail:", "service": "Υπηρεσία:", "amount": "Ποσό:", "every": "Τιμολόγηση:",
        "monthly": "Μηνιαία", "every_3_months": "Κάθε 3 μήνες", "years": "έτη",
        "term_length": "Αριθμός μονάδων της διάρκειας", "term_unit": "Μονάδα της διάρκειας",
        "start": "Πρώτο τιμολόγιο:", "ends": "Λήξη:", "iban": "IBAN:",
        "prepay": "Ο πελάτης προπληρώνει", "save": "Αποθήκευση",
        "on_the_date": "Στην ημερομηνία", "after_a_term": "Μετά από διάρκεια",
        "until_date": "31/12/2026",
        "start_date": "31/01/2027", "amount_text": "120,50",
        "bad_iban": None,  # filled in from the catalog at run time (below)
    },
}


class Editor:
    dialog = None
    contact_uid = None


CONTACT_EMAIL = "billing@acme.example"


def test_contact_in_address_book(evo):
    """A client of the business in the user's own address book (EDS's Personal one)."""
    registry = EDataServer.SourceRegistry.new_sync(None)
    source = evo.wait(lambda: registry.ref_source("system-address-book"), "the address book")
    book = EBook.BookClient.connect_sync(source, 30, None)
    contact = EBookContacts.Contact.new_from_vcard(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Acme Ltd\r\nORG:Acme Ltd\r\n"
        f"EMAIL;TYPE=WORK:{CONTACT_EMAIL}\r\nEND:VCARD\r\n")
    ok, Editor.contact_uid = book.add_contact_sync(contact, EBookContacts.BookOperationFlags.NONE,
                                                   None)
    check(ok and Editor.contact_uid, "the contact was not added")


def list_sales(evo):
    return evo.session.call("ListSales", GLib.Variant("(a{sv})", ({},)), "(aa{sv})")[0]


def field(evo, label):
    return evo.wait_for_labelled(Editor.dialog, label)


def type_into(evo, label, text):
    field(evo, label).queryEditableText().setTextContents(text)


def test_editor_opens(evo):
    texts = TEXTS[evo.language]
    # The toolbar has it too (the same action).
    evo.wait_for(evo.frame, "push button", texts["item"], showing_only=True)
    evo.activate(evo.wait_for(evo.frame, "menu item", texts["item"]))
    Editor.dialog = evo.wait(lambda: evo.child(evo.app, "dialog", texts["dialog"]),
                             f"the dialog {texts['dialog']!r}")
    evo.wait_for(Editor.dialog, "label", texts["client"], showing_only=True)
    evo.screenshot("sale-editor")


def fill_sale(evo, iban):
    texts = TEXTS[evo.language]
    type_into(evo, texts["client"], "Acme Ltd")
    type_into(evo, texts["service"], "Hosting")
    type_into(evo, texts["amount"], texts["amount_text"])
    type_into(evo, texts["start"], texts["start_date"])
    prepay = evo.wait_for(Editor.dialog, "check box", texts["prepay"])
    if not prepay.getState().contains(evo.registry.STATE_CHECKED):
        evo.activate(prepay)
    type_into(evo, texts["iban"], iban)


def test_bad_iban_shows_the_sentence(evo):
    texts = TEXTS[evo.language]
    fill_sale(evo, BAD_IBAN)
    evo.activate(evo.wait_for(Editor.dialog, "push button", texts["save"]))
    evo.wait_for(Editor.dialog, "label", texts["bad_iban"], showing_only=True)
    evo.screenshot("sale-editor-bad-iban")
    equal(list_sales(evo), [], "a refused sale reached the service")


def choose_ends(evo, item, term):
    """@term: the text of a date, or (number, unit) of a term's length."""
    texts = TEXTS[evo.language]
    combo = field(evo, texts["ends"])
    evo.activate(evo.wait_for(combo, "menu item", texts[item]))
    evo.wait(lambda: combo.name == texts[item], f"{texts[item]!r} chosen")
    if isinstance(term, tuple):
        count, unit = term
        spin = evo.wait_for(Editor.dialog, "spin button", texts["term_length"],
                            showing_only=True)
        spin.queryValue().currentValue = count
        unit_combo = evo.wait_for(Editor.dialog, "combo box", texts["term_unit"])
        evo.activate(evo.wait_for(unit_combo, "menu item", unit))
        return
    term_entry = combo.parent.getChildAtIndex(1)
    term_entry.queryEditableText().setTextContents(term)


def test_client_from_address_book(evo):
    """Typing part of the name offers the contact; choosing it fills in the client and the
    e-mail (and the sale keeps the contact's UID: test_sale_saved)."""
    texts = TEXTS[evo.language]
    client = field(evo, texts["client"])
    email = field(evo, texts["email"])
    email.queryEditableText().setTextContents("")
    extents = client.queryComponent().getExtents(0)
    x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    display = {"DISPLAY": evo.display}

    def popup_row():
        return next((cell for window in evo.frames() if window.getRoleName() == "window"
                     for cell in evo.find_all(window, "table cell")
                     if cell.name == f"Acme Ltd <{CONTACT_EMAIL}>"), None)

    # Without a window manager nothing gives the dialog the keyboard focus, which the
    # completion's list needs to open: the X input focus is set on it directly.
    subprocess.run(["xdotool", "search", "--name", f"^{texts['dialog']}$", "windowfocus",
                    "--sync"], env=display, check=True)
    client.queryComponent().grabFocus()

    def offered():
        # The contacts are read when the editor opens: type again until they are there.
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1", "key", "ctrl+a",
                        "type", "acm"], env=display, check=True)
        return evo.wait(popup_row, "the contact offered", 2) if popup_row() is None else True

    def try_offered():
        try:
            return offered()
        except Exception:  # noqa: BLE001 — not offered yet
            return None
    evo.wait(try_offered, "the contact Acme Ltd offered under the client field")
    evo.screenshot("sale-editor-contact")
    subprocess.run(["xdotool", "key", "Down", "key", "Return"], env=display, check=True)
    evo.wait(lambda: client.queryText().getText(0, -1) == "Acme Ltd", "the client filled in")
    evo.wait(lambda: email.queryText().getText(0, -1) == CONTACT_EMAIL, "the e-mail filled in")


def test_period_in_words(evo):
    """How often is a choice in words, not a code such as 1m."""
    texts = TEXTS[evo.language]
    combo = field(evo, texts["every"])
    equal(combo.name, texts["monthly"], "the period of a new sale")
    evo.activate(evo.wait_for(combo, "menu item", texts["every_3_months"]))
    evo.wait(lambda: combo.name == texts["every_3_months"], "Every 3 months chosen")


def test_end_before_start_shows_the_sentence(evo):
    texts = TEXTS[evo.language]
    type_into(evo, texts["iban"], GOOD_IBAN)
    choose_ends(evo, "on_the_date", texts["until_date"])
    evo.activate(evo.wait_for(Editor.dialog, "push button", texts["save"]))
    # The bar on top says it, with both dates as the user's language writes them.
    label = evo.wait(lambda: next(
        (node for node in iter_labels(evo, Editor.dialog)
         if texts["until_date"] in node.name and texts["start_date"] in node.name), None),
        "the sentence of an expiry before the start")
    evo.screenshot("sale-editor-end-before-start")
    check(label.getState().contains(evo.registry.STATE_SHOWING), "the sentence is not shown")
    equal(list_sales(evo), [], "a refused sale reached the service")


def iter_labels(evo, root):
    queue = [root]
    while queue:
        node = queue.pop(0)
        for i in range(node.childCount):
            kid = node.getChildAtIndex(i)
            if kid is None:
                continue
            if kid.getRoleName() == "label" and kid.name and \
                    kid.getState().contains(evo.registry.STATE_SHOWING):
                yield kid
            queue.append(kid)


def test_sale_saved(evo):
    texts = TEXTS[evo.language]
    choose_ends(evo, "after_a_term", (1, texts["years"]))
    evo.activate(evo.wait_for(Editor.dialog, "push button", texts["save"]))
    deadline = time.monotonic() + WIDGET_SECONDS
    while not (sales := list_sales(evo)) and time.monotonic() < deadline:
        time.sleep(0.2)
    equal(len(sales), 1, "the service's sales after Save")
    sale = sales[0]
    equal((sale.get("contact_uid"), sale.get("email")), (Editor.contact_uid, CONTACT_EMAIL),
          "the contact the client was chosen from, and its e-mail")
    equal((sale["client"], sale["service"], sale["amount_minor"], sale["currency"],
           sale["period"], sale["start"], sale["term"], sale["prepay"], sale["iban"]),
          ("Acme Ltd", "Hosting", 12050, "EUR", "3m", "2027-01-31", "1y", True,
           "GR1601101250000000012300695"), "the sale the service has")
    evo.wait(lambda: evo.child(evo.app, "dialog", texts["dialog"]) is None,
             "the editor to close")
    evo.screenshot("sale-saved")


def test_calendar_has_the_events(evo):
    """What Evolution shows: the Recurring Sales calendar, read through EDS as Evolution reads
    it, has the new sale's invoices from 31 January 2027 and its expiry."""
    registry = EDataServer.SourceRegistry.new_sync(None)
    source = evo.wait(lambda: registry.ref_source(SOURCE_UID), "the Recurring Sales calendar")
    client = ECal.Client.connect_sync(source, ECal.ClientSourceType.EVENTS, 30, None)
    query = ('(occur-in-time-range? (make-time "20270101T000000Z") '
             '(make-time "20280301T000000Z"))')

    def acme_events():
        result = client.get_object_list_as_comps_sync(query, None)
        comps = result[1] if isinstance(result, tuple) else result
        return [c for c in comps or [] if "Acme Ltd" in (c.get_summary().get_value() or "")]

    events = evo.wait(acme_events, "the sale's events in the calendar")
    starts = sorted(c.get_dtstart().get_value().as_ical_string() for c in events)
    check(len(events) >= 2 and starts[0] == "20270131",
          "the calendar has the sale's invoices and expiry",
          "\n".join(f"{c.get_summary().get_value()} {c.get_dtstart().get_value().as_ical_string()}"
                    for c in events))


def main():
    language = sys.argv[3]
    if language == "el":
        import gettext
        catalog = gettext.translation("evolution-recurring-sales",
                                      os.environ.get("RS_LOCALEDIR"), ["el"])
        TEXTS["el"]["bad_iban"] = catalog.gettext(
            "The IBAN %s fails its check digits (mod 97); please check it for a typing "
            "mistake.") % BAD_IBAN
    return run_evolution_tests([
        ("a client is in the address book", test_contact_in_address_book),
        ("Actions › New Recurring Sale… opens the editor", test_editor_opens),
        ("a bad IBAN shows the sentence and saves nothing", test_bad_iban_shows_the_sentence),
        ("an expiry before the start shows the sentence and saves nothing",
         test_end_before_start_shows_the_sentence),
        ("the client is completed from the address book", test_client_from_address_book),
        ("how often is chosen in words", test_period_in_words),
        ("the corrected sale is saved through the service", test_sale_saved),
        ("the calendar has its events", test_calendar_has_the_events),
    ])


if __name__ == "__main__":
    sys.exit(main())
