#!/usr/bin/python3
# test-crash-loop.py: crash safety (issue #7). The build tree's service, started by D-Bus
# activation on a private session bus, is killed with SIGKILL at random points of imports,
# compare-and-swap update bursts, additions, marks and renewals, a few hundred times in a row.
# After every kill the store file is opened read-only (integrity_check must say "ok") and every
# change is accounted for: a change whose reply arrived is there, a change without a reply is
# wholly there or wholly absent, nothing else moved, and the store revision is exactly the
# number of changes that committed. Then D-Bus activation starts the service again on the same
# store, and it must serve what the file holds. Prints TAP.
#
#   test-crash-loop.py SERVICES_DIR [B_SANITIZE]
#
# RS_TEST_SEED replays a run (the seed is printed); RS_TEST_ITERATIONS changes the number of
# kills (default 200; 200 under AddressSanitizer too, with smaller operations).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Debian's /usr/bin/python3 (python3-gi; sqlite3 is in its standard library). The environment
# comes from meson's test_env (GSETTINGS_SCHEMA_DIR, RS_LOCALEDIR, LC_ALL=C.UTF-8, TZ).

import faulthandler
import json
import os
import random
import signal
import sys
import time

from gi.repository import Gio, GLib

# tests/common/private_session.py: the session, its bus, the check helpers and the TAP report.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from private_session import (INTERFACE, OBJECT_PATH, WAIT_SECONDS, Failure,  # noqa: E402
                             PrivateSession, check, equal, read_store_file, run_tap,
                             sale_fields, store_revision, wait_for_exit)

SERVICES_DIR = sys.argv[1]
SANITIZED = "address" in (sys.argv[2] if len(sys.argv) > 2 else "")
ITERATIONS = int(os.environ.get("RS_TEST_ITERATIONS") or 200)

# What a call that the killed service never answered ends with, depending on when the bus
# noticed: the service's connection went away with the call, or was gone already.
NO_REPLY_ERRORS = {
    "org.freedesktop.DBus.Error.NoReply",
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
}


# Every sale of the test has these dates: monthly from 31 January 2027 for a year.
ISSUE_DATES = ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31",
               "2027-06-30", "2027-07-31", "2027-08-31", "2027-09-30", "2027-10-31",
               "2027-11-30", "2027-12-31"]
MARK_STATES = ["issued", "prepaid", "skipped", "open"]


def private_bus():
    """The session: the service started from SERVICES_DIR by activation, never idle (every
    exit of the service in this test is a kill). The service's own messages (warnings,
    sanitizer reports) reach the daemon's standard error: a log the last test reads."""
    bus = PrivateSession(prefix="rs-crash-loop-", service_dirs=[SERVICES_DIR],
                         env={"RS_SERVICE_IDLE_TIMEOUT": "0"}, bus_log="bus.log",
                         show_bus_log=True)
    bus.start_bus()
    return bus


SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "CRITICAL", "WARNING **")


def test_clean_stop(bus, seed):
    """The last instance ends cleanly, and no instance logged a sanitizer report or a warning."""
    check(bus.stop_service(), "the service is not running at the end")
    # Closed cleanly: SQLite folds the write-ahead log back into the file on the last close.
    check(not os.path.exists(bus.store_path + "-wal"), "the write-ahead log is still there")
    store = read_store(bus.store_path)
    reports = [line for line in bus.bus_log_text().splitlines()
               if any(report in line for report in SANITIZER_REPORTS)]
    equal(reports, [], "reports in the service's log")
    print(f"# stopped cleanly; {len(store.sales)} sales at revision {store.revision}")


def iterate_until(condition, what):
    context = GLib.MainContext.default()
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        check(time.monotonic() < deadline, f"timed out waiting for {what}")
        if not context.iteration(False):
            time.sleep(0.001)


class Call:
    """One asynchronous call of an operation, and how it ended."""

    def __init__(self, method, args, reply_type, **expect):
        self.method = method
        self.args = args
        self.reply_type = reply_type
        self.expect = expect
        self.then = None  # the call sent once this one is answered (a sequential burst)
        self.sent = False
        self.done = False
        self.reply = None
        self.error = None

    def send(self, bus, destination):
        # To the unique name of the instance about to be killed: a call the bus routes only
        # after the kill fails instead of starting the next instance behind the test's back.
        self.sent = True
        self.destination = destination
        bus.connection.call(destination, OBJECT_PATH, INTERFACE, self.method, self.args,
                            GLib.VariantType(self.reply_type), Gio.DBusCallFlags.NO_AUTO_START,
                            120000, None, self.on_done, bus)

    def on_done(self, connection, result, bus):
        try:
            self.reply = connection.call_finish(result).unpack()
        except GLib.Error as error:
            self.error = error
        self.done = True
        if self.error is None and self.then is not None:
            self.then.send(bus, self.destination)

    @property
    def replied(self):
        return self.done and self.error is None

    def check_ending(self):
        if self.error is None:
            return
        name = Gio.DBusError.get_remote_error(self.error)
        check(name in NO_REPLY_ERRORS,
              f"{self.method} failed with something else than the kill: {name}",
              self.error.message)


# The store, read directly

def read_store(path):
    """Everything the checks compare, read with SQLite from the file (read-only)."""
    with read_store_file(path, "integrity_check after the kill") as db:
        equal(db.execute("PRAGMA foreign_key_check").fetchall(), [], "foreign_key_check")
        revision = store_revision(db)
        sales = {row[0]: row[1:] for row in db.execute(
            "SELECT uid, revision, client, note, amount_minor, status, predecessor_uid, "
            "successor_uid FROM sales")}
        marks = {(row[0], row[1]): row[2] for row in db.execute(
            "SELECT sale_uid, issue_date, state FROM occurrences")}
        changes = {}
        for change_revision, uid in db.execute("SELECT revision, sale_uid FROM changes"):
            check(uid not in changes, f"the changes table holds {uid} twice")
            changes[uid] = change_revision
    return Store(revision, sales, marks, changes)


class Store:
    # The columns of a sale in Store.sales, after its uid.
    REVISION, CLIENT, NOTE, AMOUNT, STATUS, PREDECESSOR, SUCCESSOR = range(7)

    def __init__(self, revision, sales, marks, changes):
        self.revision = revision
        self.sales = sales
        self.marks = marks
        self.changes = changes


# The operations. Each builds its calls from the current store and the random generator,
# then, given the store after the kill, says which calls committed (asserting that each is
# wholly there or wholly absent) and how many changes (store revision steps) they made.

class Import:
    name = "import"

    def __init__(self, iteration, rng, store, small):
        self.rows = rng.randint(100, 600) if small else rng.randint(200, 1500)
        self.prefix = f"Import {iteration:04d} row "
        self.format = "csv" if iteration % 2 == 0 else "json"
        amounts = [1000 + (iteration * 7 + n) % 9000 for n in range(self.rows)]
        self.expected = {f"{self.prefix}{n:05d}": amounts[n] for n in range(self.rows)}
        if self.format == "csv":
            lines = ["client,service,amount,currency,period,start,term,note"]
            lines += [f"{client},Hosting,{amount // 100}.{amount % 100:02d},EUR,1m,2027-01-31,1y,"
                      f"imported in {iteration}" for client, amount in self.expected.items()]
            data = "\n".join(lines) + "\n"
        else:
            data = json.dumps({"format": "evolution-recurring-sales", "version": 1, "sales": [
                {"client": client, "service": "Hosting",
                 "amount": f"{amount // 100}.{amount % 100:02d}", "currency": "EUR",
                 "period": "1m", "start": "2027-01-31", "term": "1y",
                 "note": f"imported in {iteration}"} for client, amount in self.expected.items()]})
        self.calls = [Call("Import", GLib.Variant("(ss)", (self.format, data)), "(uaa{sv})")]

    def describe(self):
        return f"Import of {self.rows} {self.format.upper()} rows"

    def account(self, before, after, new_uids, changed_uids):
        found = {after.sales[uid][Store.CLIENT]: uid for uid in new_uids
                 if after.sales[uid][Store.CLIENT].startswith(self.prefix)}
        check(len(found) in (0, self.rows),
              f"an import of {self.rows} rows left {len(found)} of them: half applied")
        call = self.calls[0]
        if call.replied:
            equal(call.reply, (self.rows, []), "the import's reply")
            check(found, "the import replied but its sales are not in the store")
        for client, uid in found.items():
            row = after.sales[uid]
            equal((row[Store.AMOUNT], row[Store.REVISION], row[Store.STATUS]),
                  (self.expected[client], 1, "active"), f"the imported sale {client}")
        applied = set(found.values())
        return [bool(found)], applied, set(), len(found)


class UpdateBurst:
    name = "update"

    def __init__(self, iteration, rng, store, small):
        targets = rng.sample(sorted(u for u, s in store.sales.items()
                                    if s[Store.STATUS] == "active"),
                             rng.randint(1, 3))
        self.calls = []
        self.chains = {uid: [] for uid in targets}
        revisions = {uid: store.sales[uid][Store.REVISION] for uid in targets}
        for n in range(rng.randint(10, 40) if small else rng.randint(20, 120)):
            uid = targets[n % len(targets)]
            note = f"update {iteration}.{n}"
            amount = iteration * 1000 + n
            changes = {"note": GLib.Variant("s", note), "amount_minor": GLib.Variant("x", amount)}
            call = Call("UpdateSale", GLib.Variant("(sta{sv})", (uid, revisions[uid], changes)),
                        "(t)", uid=uid, revision=revisions[uid] + 1, note=note, amount=amount)
            revisions[uid] += 1
            if self.calls:
                self.calls[-1].then = call
            self.calls.append(call)
            self.chains[uid].append(call)
        # Sent one after the other, each once the previous one is answered, as a client of a
        # compare-and-swap API usually does (the service keeps pipelined calls in order too:
        # test-service-api's pipelined-calls-run-in-order).
        self.first = self.calls[:1]

    def describe(self):
        return f"{len(self.calls)} UpdateSale calls on {len(self.chains)} sales"

    def account(self, before, after, new_uids, changed_uids):
        for uid, chain in self.chains.items():
            old, new = before.sales[uid], after.sales[uid]
            steps = new[Store.REVISION] - old[Store.REVISION]
            check(0 <= steps <= len(chain), f"the sale {uid} moved {steps} revisions",
                  old, new)
            # Compare-and-swap: only a prefix of a chain can have committed, and the sale holds
            # both fields of its last committed call.
            if steps == 0:
                equal(new, old, f"the sale {uid} changed without a revision step")
            else:
                last = chain[steps - 1].expect
                equal((new[Store.NOTE], new[Store.AMOUNT]), (last["note"], last["amount"]),
                      f"the sale {uid} after {steps} committed updates")
            for n, call in enumerate(chain):
                if call.replied:
                    check(n < steps, f"update {call.expect['note']} replied but is not stored")
                    equal(call.reply, (call.expect["revision"],), "UpdateSale's new revision")
        committed = [call.expect["revision"] <= after.sales[call.expect["uid"]][Store.REVISION]
                     for call in self.calls]
        # One after the other: what committed is a prefix of what was sent.
        equal(committed, sorted(committed, reverse=True), "the updates committed out of order")
        steps = sum(committed)
        return committed, set(), {u for u, c in self.chains.items()
                                  if after.sales[u] != before.sales[u]}, steps


class AddBurst:
    name = "add"

    def __init__(self, iteration, rng, store, small):
        self.calls = []
        for n in range(rng.randint(5, 20) if small else rng.randint(10, 60)):
            client = f"Added {iteration:04d}.{n:03d}"
            amount = 500 + iteration + n
            self.calls.append(Call("AddSale", GLib.Variant(
                "(a{sv})", (sale_fields(client, amount, f"added in {iteration}"),)), "(s)",
                client=client, amount=amount))

    def describe(self):
        return f"{len(self.calls)} AddSale calls"

    def account(self, before, after, new_uids, changed_uids):
        by_client = {}
        for uid in new_uids:
            by_client.setdefault(after.sales[uid][Store.CLIENT], []).append(uid)
        committed, applied = [], set()
        for call in self.calls:
            uids = by_client.get(call.expect["client"], [])
            check(len(uids) <= 1, f"{call.expect['client']} was added {len(uids)} times")
            if call.replied:
                equal(uids, [call.reply[0]], f"{call.expect['client']} replied but is not stored")
            for uid in uids:
                equal((after.sales[uid][Store.AMOUNT], after.sales[uid][Store.REVISION]),
                      (call.expect["amount"], 1), f"the added sale {call.expect['client']}")
            committed.append(bool(uids))
            applied.update(uids)
        return committed, applied, set(), len(applied)


class MarkBurst:
    name = "mark"

    def __init__(self, iteration, rng, store, small):
        candidates = sorted(u for u, s in store.sales.items()
                            if s[Store.PREDECESSOR] is None and s[Store.STATUS] == "active")
        # A few sales, several dates each: marks of one sale in flight together.
        sales = rng.sample(candidates, rng.randint(1, 4))
        pairs = set()
        wanted = min(rng.randint(3, 8 if small else 24), len(sales) * len(ISSUE_DATES))
        while len(pairs) < wanted:
            pairs.add((rng.choice(sales), rng.choice(ISSUE_DATES)))
        self.calls = []
        for uid, date in sorted(pairs, key=lambda p: rng.random()):
            old = store.marks.get((uid, date), "open")
            state = rng.choice([s for s in MARK_STATES if s != old])
            self.calls.append(Call("MarkOccurrence", GLib.Variant("(sss)", (uid, date, state)),
                                   "()", uid=uid, date=date, state=state, old=old))

    def describe(self):
        return f"{len(self.calls)} MarkOccurrence calls"

    def account(self, before, after, new_uids, changed_uids):
        committed, per_sale = [], {}
        for call in self.calls:
            key = (call.expect["uid"], call.expect["date"])
            state = after.marks.get(key, "open")
            check(state in (call.expect["old"], call.expect["state"]),
                  f"the mark of {key} is {state}", call.expect)
            done = state == call.expect["state"]
            if call.replied:
                check(done, f"the mark of {key} replied but is not stored")
            committed.append(done)
            per_sale[call.expect["uid"]] = per_sale.get(call.expect["uid"], 0) + done
        for uid, steps in per_sale.items():
            equal(after.sales[uid][Store.REVISION] - before.sales[uid][Store.REVISION], steps,
                  f"the revision of the marked sale {uid}")
            equal(after.sales[uid][Store.REVISION + 1:], before.sales[uid][Store.REVISION + 1:],
                  f"the marked sale {uid} apart from its revision")
        changed = {u for u, steps in per_sale.items() if steps}
        return committed, set(), changed, sum(committed)


class RenewBurst:
    name = "renew"

    def __init__(self, iteration, rng, store, small):
        candidates = sorted(u for u, s in store.sales.items()
                            if s[Store.STATUS] == "active" and s[Store.SUCCESSOR] is None)
        self.calls = [Call("Renew", GLib.Variant("(sa{sv})", (uid, {})), "(s)", uid=uid)
                      for uid in rng.sample(candidates, rng.randint(2, 6 if small else 12))]

    def describe(self):
        return f"{len(self.calls)} Renew calls"

    def account(self, before, after, new_uids, changed_uids):
        committed, applied, changed = [], set(), set()
        successors = {after.sales[u][Store.PREDECESSOR]: u for u in new_uids}
        for call in self.calls:
            uid = call.expect["uid"]
            old, new = before.sales[uid], after.sales[uid]
            successor = successors.get(uid)
            if new[Store.STATUS] == "renewed":
                check(successor is not None and new[Store.SUCCESSOR] == successor,
                      f"the sale {uid} is renewed without its successor", new, successor)
                equal(new[Store.REVISION], old[Store.REVISION] + 1, f"the renewed sale {uid}")
                equal(after.sales[successor][Store.REVISION], 1, f"the successor {successor}")
                applied.add(successor)
                changed.add(uid)
            else:
                equal(new, old, f"the sale {uid} changed but is not renewed")
                check(successor is None, f"a successor of {uid} exists but it is not renewed")
            if call.replied:
                equal(call.reply, (successor,), f"Renew of {uid} replied but is not stored")
            committed.append(successor is not None)
        return committed, applied, changed, 2 * len(applied)


OPERATIONS = [Import, UpdateBurst, AddBurst, MarkBurst, RenewBurst]


# The loop

def file_state(path):
    try:
        info = os.stat(path)
        return (info.st_size, info.st_mtime_ns)
    except FileNotFoundError:
        return None


def kill_during(bus, operation, rng, stats):
    """Sends the operation's calls to the running instance, kills it, waits for the ends."""
    owner = bus.owner()
    pid = bus.pid()
    check(owner is not None and pid is not None, "the service is not running before the kill")
    wal_path = bus.store_path + "-wal"
    wal_before = file_state(wal_path)
    on_wal = rng.random() < 0.25
    delay = rng.uniform(0, 0.3)

    context = GLib.MainContext.default()
    started = time.monotonic()
    for call in getattr(operation, "first", operation.calls):
        call.send(bus, owner)
    bus.connection.flush_sync(None)
    if on_wal:
        # Once SQLite writes the log (a spilled page, or the commit), and a moment later.
        deadline = started + 5
        while file_state(wal_path) == wal_before and time.monotonic() < deadline:
            if not context.iteration(False):
                time.sleep(0.0001)
        delay = rng.uniform(0, 0.004)
    # The main context runs meanwhile: a sequential burst sends its next call on each reply.
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        if not context.iteration(False):
            time.sleep(0.0002)
    os.kill(pid, signal.SIGKILL)
    stats["kill_ms"].append((time.monotonic() - started) * 1000)
    iterate_until(lambda: all(call.done for call in operation.calls if call.sent),
                  "the calls to end")
    for call in operation.calls:
        call.check_ending()
    check(wait_for_exit(pid), f"the process {pid} did not exit")
    deadline = time.monotonic() + WAIT_SECONDS
    while bus.owner() == owner:
        check(time.monotonic() < deadline, "the killed service kept its name")
        time.sleep(0.005)
    return pid, "wal" if on_wal else f"{delay * 1000:.0f} ms"


def verify(bus, operation, before, after, old_pid, stats):
    """Checks the store after a kill; returns the committed flags of the calls."""
    new_uids = set(after.sales) - set(before.sales)
    check(set(before.sales) <= set(after.sales), "sales disappeared",
          sorted(set(before.sales) - set(after.sales))[:5])
    changed_uids = {u for u in before.sales if after.sales[u] != before.sales[u]}
    committed, applied, changed, steps = operation.account(before, after, new_uids, changed_uids)
    equal(len(committed), len(operation.calls), "one verdict per call")

    # Nothing else moved: every new or changed sale is one the operation accounts for.
    equal(new_uids, applied, "new sales that no committed call made")
    equal(changed_uids, changed, "changed sales that no committed call changed")
    moved_marks = {k for k in set(before.marks) | set(after.marks)
                   if before.marks.get(k) != after.marks.get(k)}
    if not isinstance(operation, MarkBurst):
        equal(moved_marks, set(), "marks moved")

    # The revision tells exactly which changes committed: one step per changed sale, and the
    # changes table names them.
    equal(after.revision, before.revision + steps,
          "the store revision is not the number of committed changes", operation.describe())
    since = {u for u, r in after.changes.items() if r > before.revision}
    equal(since, applied | changed, "the sales the changes table lists after the old revision")
    if after.changes:
        equal(max(after.changes.values()), after.revision, "the last change's revision")

    # D-Bus activation starts the service again, on the same store.
    t0 = time.monotonic()
    equal(bus.revision(), after.revision, "the restarted service's Revision")
    stats["restart"] = stats.get("restart", 0) + time.monotonic() - t0
    new_pid = bus.pid()
    check(new_pid is not None and new_pid != old_pid, "the service did not start again")
    for uid in sorted(applied | changed)[:20]:
        sale = bus.call("GetSale", GLib.Variant("(s)", (uid,)), "(a{sv})")[0]
        row = after.sales[uid]
        equal((sale["revision"], sale.get("note"), sale["amount_minor"], sale["status"]),
              (row[Store.REVISION], row[Store.NOTE], row[Store.AMOUNT], row[Store.STATUS]),
              f"the restarted service's view of {uid}")
    return committed


def test_kill_loop(bus, seed):
    rng = random.Random(seed)
    small = SANITIZED
    stats = {"kill_ms": [], "before": 0, "lost": 0, "replied": 0, "committed": 0,
             "uncommitted": 0, "changes": 0, "wal": 0}

    # A few sales to start from, committed normally.
    for n in range(20):
        bus.call("AddSale", GLib.Variant("(a{sv})", (sale_fields(f"Seed {n:02d}", 1000 + n,
                                                                 "seed"),)), "(s)")
    store = read_store(bus.store_path)
    equal(store.revision, 20, "the store revision after 20 sales")
    equal(bus.revision(), 20, "the Revision property after 20 sales")

    started = time.monotonic()
    for iteration in range(ITERATIONS):
        kind = OPERATIONS[iteration % len(OPERATIONS)]
        operation = kind(iteration, rng, store, small)
        t0 = time.monotonic()
        old_pid, when = kill_during(bus, operation, rng, stats)
        t1 = time.monotonic()
        stats["wal"] += when == "wal"
        after = read_store(bus.store_path)
        t2 = time.monotonic()
        try:
            committed = verify(bus, operation, store, after, old_pid, stats)
            t3 = time.monotonic()
            for phase, seconds in (("kill", t1 - t0), ("read", t2 - t1), ("verify", t3 - t2)):
                stats[phase] = stats.get(phase, 0) + seconds
        except Failure as failure:
            raise Failure(f"iteration {iteration} ({operation.describe()}, killed after "
                          f"{when}): {failure}") from None

        # Where the kill landed: before any call without a reply committed, after one committed
        # but before its reply came, or after everything was answered.
        sent = [(c, call) for c, call in zip(committed, operation.calls) if call.sent]
        check(all(call.sent or not c for c, call in zip(committed, operation.calls)),
              f"iteration {iteration}: a call that was never sent committed")
        unreplied = [c for c, call in sent if not call.replied]
        if not unreplied:
            stats["replied"] += 1
        elif any(unreplied):
            stats["lost"] += 1
        else:
            stats["before"] += 1
        stats["committed"] += sum(c for c, call in sent)
        stats["uncommitted"] += sum(not c for c, call in sent)
        stats["changes"] += after.revision - store.revision
        store = after

    elapsed = time.monotonic() - started
    kills = len(stats["kill_ms"])
    print(f"# {ITERATIONS} iterations, {kills} kills in {elapsed:.1f} s "
          f"({len(store.sales)} sales, store revision {store.revision})")
    print(f"# kills before the in-flight call committed: {stats['before']}; after it committed "
          f"but before its reply: {stats['lost']}; after every reply: {stats['replied']}")
    print(f"# calls committed: {stats['committed']}, not committed: {stats['uncommitted']}; "
          f"{stats['wal']} kills timed by the write-ahead log, kill delays "
          f"{min(stats['kill_ms']):.0f}–{max(stats['kill_ms']):.0f} ms")
    print(f"# time in sending and killing {stats['kill']:.1f} s, reading the store "
          f"{stats['read']:.1f} s, checking {stats['verify']:.1f} s of which restarting "
          f"{stats['restart']:.1f} s")
    equal(kills, ITERATIONS, "one kill per iteration")
    equal(store.revision, 20 + stats["changes"], "the final store revision")

    # The last instance serves every stored sale, at its stored revision.
    listed = bus.call("ListSales", GLib.Variant("(a{sv})", ({},)), "(aa{sv})")[0]
    equal({s["uid"]: s["revision"] for s in listed},
          {u: row[Store.REVISION] for u, row in store.sales.items()},
          "the sales the last instance serves")
    # Not a matter of luck: a kill 0 ms after sending lands before any commit.
    check(stats["before"] > 0, "no kill landed before a commit")


def on_sigterm(signum, frame):
    # meson's timeout: say where it hung, and leave no bus or folder behind.
    faulthandler.dump_traceback()
    if PrivateSession.current is not None:
        PrivateSession.current.kill()
    os._exit(1)


def main():
    signal.signal(signal.SIGTERM, on_sigterm)
    seed = int(os.environ.get("RS_TEST_SEED") or random.SystemRandom().randrange(2 ** 32))
    print(f"# seed {seed} (RS_TEST_SEED={seed} replays it){' under AddressSanitizer' if SANITIZED else ''}")
    tests = [(f"SIGKILL {ITERATIONS} times during imports, updates, additions, marks and "
              "renewals: nothing half applied, the revision counts what committed",
              test_kill_loop),
             ("the last instance exits cleanly on SIGTERM; no instance logged a sanitizer "
              "report or a warning", test_clean_stop)]
    bus = private_bus()
    try:
        return run_tap(tests, bus, seed)
    finally:
        bus.stop()


if __name__ == "__main__":
    sys.exit(main())
