#!/usr/bin/python3
# test-elorus-server.py: the stand-in of Elorus's API (elorus-server.py) sends only what our
# schema of Elorus's answers (tests/data/elorus-recurringinvoice.schema.json) accepts: a
# fixture that drifted from the real API (a wrong type, a value out of range, a field Elorus has
# not, a null where Elorus allows none) is answered 500 and logged, never sent. Prints TAP.
#
#   test-elorus-server.py ELORUS_SERVER
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

SERVER = sys.argv[1]
TOKEN = "0123456789abcdef0123456789abcdef01234567"
ORGANIZATION = "1050000300000001"

GOOD = {"id": "1050000300010040", "custom_id": "Φιλοξενία", "interval": 1, "period": "months",
        "start_datetime": "2026-01-15T06:00:00Z", "paused": False, "draft": True,
        "client": 3300000040000100, "client_display_name": "Αλφα Ο.Ε.", "currency_code": "EUR",
        "total": "1234.56", "items": [{"title": "Φιλοξενία", "description": ""}],
        "modified": "2026-03-15T06:00:01Z"}

n = 0


def check(ok, name, detail=""):
    global n
    n += 1
    print(f"{'ok' if ok else 'not ok'} {n} - {name}")
    if not ok and detail:
        for line in str(detail).splitlines():
            print(f"# {line}")


def serve(folder, invoices):
    """(status, answer, the log's schema errors) of the list and of the single invoice."""
    path = os.path.join(folder, "invoices.json")
    log = os.path.join(folder, "requests.log")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(invoices, f, ensure_ascii=False)
    if os.path.exists(log):
        os.remove(log)
    server = subprocess.Popen([sys.executable, SERVER, "--invoices", path, "--token", TOKEN,
                               "--organization", ORGANIZATION, "--log", log],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline().split()[1])
        answers = []
        for where in ("/v1.2/recurringinvoices/", "/v1.2/recurringinvoices/%s/" % invoices[0]["id"]):
            request = urllib.request.Request(
                "http://127.0.0.1:%d%s" % (port, where),
                headers={"Authorization": "Token " + TOKEN,
                         "X-Elorus-Organization": ORGANIZATION})
            try:
                with urllib.request.urlopen(request, timeout=30) as reply:
                    answers.append((reply.status, json.load(reply)))
            except urllib.error.HTTPError as error:
                answers.append((error.code, json.load(error)))
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    with open(log, encoding="utf-8") as f:
        errors = [json.loads(line)["schema_error"] for line in f if "schema_error" in line]
    return answers, errors


def main():
    with tempfile.TemporaryDirectory(prefix="rs-test-elorus-server-") as folder:
        (page, single), errors = serve(folder, [GOOD])
        check(page[0] == 200 and single[0] == 200 and errors == [],
              "an invoice as Elorus gives it is sent", (page, single, errors))
        check("client_display_name" not in page[1]["results"][0],
              "the list leaves out what only the single invoice has", page)

        drifts = [
            ("the client as text", dict(GOOD, client="3300000040000100"), "client"),
            ("an interval below 0", dict(GOOD, interval=-1), "interval"),
            ("a period Elorus has not", dict(GOOD, period="years"), "period"),
            ("a total that is a number", dict(GOOD, total=1234.56), "total"),
            ("a date without its time", dict(GOOD, start_datetime="2026-01-15"), "start_datetime"),
            ("a field Elorus has not", dict(GOOD, amount="1234.56"), "amount"),
            ("a client name that is empty", dict(GOOD, client_display_name=""),
             "client_display_name"),
        ]
        for name, invoice, field in drifts:
            (page, single), errors = serve(folder, [invoice])
            check(500 in (page[0], single[0]) and errors and all(field in e for e in errors),
                  f"{name}: answered 500, not sent, logged", (page, single, errors))

        # paused is not x-nullable in Elorus's file.
        (page, single), errors = serve(folder, [dict(GOOD, paused=None)])
        check(page[0] == 500 and single[0] == 500 and errors,
              "a null Elorus does not allow is refused", errors)
    print(f"1..{n}")


if __name__ == "__main__":
    main()
