#!/usr/bin/python3
# elorus-server.py: a local stand-in for Elorus's API, version 1.2, for the tests of the sync.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Serves GET /v1.2/recurringinvoices/ (paged: page, page_size; filter modified_after) and
# GET /v1.2/recurringinvoices/{id}/ from a JSON file of recurring invoices as the single-invoice
# endpoint gives them; the list leaves out what Elorus's list leaves out (client_display_name,
# items, taxes…). It checks the headers Elorus requires (Authorization: Token …,
# X-Elorus-Organization) and answers 403 otherwise, as Elorus documents. A script makes request
# number n (from 1) answer 429 with Retry-After, a 5xx, or drop the connection.
#
# Prints "PORT <n>" on standard output once it listens. Logs one JSON line per request to
# --log, never the token itself.
#
# Every answer 200 is validated, before it goes out, against our JSON Schema of Elorus's
# (tests/data/elorus-recurringinvoice.schema.json, written from the field list of Elorus's
# OpenAPI file: docs/elorus.md), so that this stand-in cannot drift from the real API: a page
# against its "page", a single invoice against its "single_invoice". An answer that does not
# fit is not sent: the request is answered 500 and logged with "schema_error" (the tests fail
# on such a line). The other answers (403, 404, 429, 5xx) have no schema in Elorus's file.
# Needs python3-jsonschema.

import argparse
import datetime
import json
import os
import socket
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jsonschema

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "data",
                      "elorus-recurringinvoice.schema.json")

# What PUV12RecurringInvoiceRetrieve has and PUV12RecurringInvoiceList has not.
RETRIEVE_ONLY = ("client_display_name", "items", "taxes", "trackingcategories",
                 "withholding_taxes")


def parse_instant(text):
    if len(text) == 10:
        text += "T00:00:00+00:00"
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, status, body, extra_headers=()):
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra_headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_valid(self, number, definition, body):
        """Sends @body (200) if it fits @definition of the schema; else 500, logged."""
        error = jsonschema.exceptions.best_match(
            self.server.validators[definition].iter_errors(body))
        if error is None:
            self.send_json(200, body)
            return
        where = "/".join(str(part) for part in error.absolute_path)
        message = "%s at %s: %s" % (definition, where or "the top", error.message)
        with open(self.server.args.log, "a", encoding="utf-8") as log:
            log.write(json.dumps({"n": number, "schema_error": message}) + "\n")
        self.send_json(500, {"detail": "not an answer of Elorus's API: " + message})

    def do_GET(self):
        server = self.server
        with server.lock:
            server.n_requests += 1
            number = server.n_requests
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        authorized = (self.headers.get("Authorization") == "Token " + server.args.token and
                      self.headers.get("X-Elorus-Organization") == server.args.organization)
        with open(server.args.log, "a", encoding="utf-8") as log:
            log.write(json.dumps({"n": number, "path": url.path, "query": query,
                                  "authorized": authorized}) + "\n")

        action = server.script.get(str(number))
        if action == "drop":
            # Closes the connection without a word, as a network that fails mid-sync does.
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if isinstance(action, dict):
            headers = []
            if "retry_after" in action:
                headers.append(("Retry-After", str(action["retry_after"])))
            self.send_json(action["status"], {"detail": "Request was throttled. Expected "
                                              "available in 1.0 seconds."
                                              if action["status"] == 429 else "Server error"},
                           headers)
            return

        # Read again at each request, so that a test can change or delete an invoice.
        with open(server.args.invoices, encoding="utf-8") as f:
            server.invoices = json.load(f)

        if not authorized:
            self.send_json(403, {"detail": "Authentication credentials were not provided."})
            return

        if url.path == "/v1.2/recurringinvoices/":
            self.list_invoices(number, query)
            return
        prefix = "/v1.2/recurringinvoices/"
        if url.path.startswith(prefix) and url.path.endswith("/"):
            wanted = url.path[len(prefix):-1]
            for invoice in server.invoices:
                if invoice["id"] == wanted:
                    self.send_valid(number, "single_invoice", invoice)
                    return
        self.send_json(404, {"detail": "Not found."})

    def list_invoices(self, number, query):
        server = self.server
        invoices = server.invoices
        if "modified_after" in query:
            after = parse_instant(query["modified_after"][0])
            invoices = [i for i in invoices if parse_instant(i["modified"]) >= after]
        page_size = min(int(query.get("page_size", ["100"])[0]), 250, server.args.page_size_max)
        page = int(query.get("page", ["1"])[0])
        chunk = invoices[(page - 1) * page_size:page * page_size]
        results = [{k: v for k, v in i.items() if k not in RETRIEVE_ONLY} for i in chunk]

        def link(number):
            params = {k: v[0] for k, v in query.items()}
            params["page"] = str(number)
            return "%s/v1.2/recurringinvoices/?%s" % (server.next_base,
                                                       urllib.parse.urlencode(params))

        self.send_valid(number, "page", {
            "count": len(invoices),
            "next": link(page + 1) if page * page_size < len(invoices) else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": results,
        })


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--organization", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--script", help="JSON: request number → \"drop\" or {status, retry_after}")
    parser.add_argument("--page-size-max", type=int, default=250)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--next-base", help="the address `next` links point to")
    parser.add_argument("--schema", default=SCHEMA, help="our JSON Schema of Elorus's answers")
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.args = args
    server.lock = threading.Lock()
    server.n_requests = 0
    with open(args.invoices, encoding="utf-8") as f:
        server.invoices = json.load(f)
    server.script = json.loads(args.script) if args.script else {}
    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    server.validators = {
        name: jsonschema.Draft7Validator({"$ref": "#/definitions/" + name,
                                          "definitions": schema["definitions"]})
        for name in ("page", "single_invoice")}
    scheme = "http"
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*args.tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    port = server.server_address[1]
    server.next_base = args.next_base or "%s://127.0.0.1:%d" % (scheme, port)

    # Ends with the test: its standard input closes when the test exits, however it exits.
    def watch_stdin():
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    print("PORT %d" % port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
