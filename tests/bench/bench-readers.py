#!/usr/bin/python3
# bench-readers.py: issue #18's benchmark — how long a short call to the service waits while
# other programs read whole agendas.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Every client is a process of its own, as every application on a desktop is: one probe calls
# GetSale (a random sale, 50 times a second), one probe does UpdateSale compare-and-swaps
# (GetSale, then UpdateSale of its note; 20 a second), and, in all but the first row, five
# readers read the whole agenda of a month (about 10,000 items at 10,000 sales) again and
# again, either page by page (UpcomingPage) or in one reply (Upcoming). The load test
# (tests/service/test-service-load.c) has its 55 clients as threads of one process, which
# share one GDBus thread: its figures include that thread's own queue, these do not.
#
# Prints one markdown table (ms, p50 / p99), the machine and its load average.
#
#   tests/bench/bench-readers.py [--build-dir DIR] [--count N] [--seconds S]

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE_ROOT, 'tests', 'common'))
from private_session import PrivateSession  # noqa: E402

# One client process; prints its latencies in ms as JSON.
CLIENT = r'''
import json, random, sys, time
from gi.repository import Gio, GLib

NAME = "io.github.recurring_sales.RecurringSales1"
PATH = "/io/github/recurring_sales/RecurringSales1"
kind, seconds, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)


def call(method, args, reply_type):
    return bus.call_sync(NAME, PATH, NAME, method, args, GLib.VariantType(reply_type),
                         Gio.DBusCallFlags.NONE, 300000, None)


def uid():
    return "bench-%06d" % random.randrange(count)


def timed(samples, method, args, reply_type):
    start = time.monotonic()
    reply = call(method, args, reply_type)
    samples.setdefault(method, []).append((time.monotonic() - start) * 1000)
    return reply


random.seed(kind)
samples, agendas, conflicts = {}, 0, 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    if kind == "get":
        timed(samples, "GetSale", GLib.Variant("(s)", (uid(),)), "(a{sv})")
        time.sleep(0.02)
    elif kind == "update":
        which = uid()
        sale = call("GetSale", GLib.Variant("(s)", (which,)), "(a{sv})").get_child_value(0)
        revision = sale.lookup_value("revision", GLib.VariantType("t")).get_uint64()
        changes = {"note": GLib.Variant("s", "bench %f" % time.monotonic())}
        try:
            timed(samples, "UpdateSale", GLib.Variant("(sta{sv})", (which, revision, changes)),
                  "(t)")
        except GLib.Error:
            conflicts += 1
        time.sleep(0.05)
    elif kind == "whole":
        timed(samples, "Upcoming", GLib.Variant("(ssa{sv})", ("2027-03-01", "2027-03-31", {})),
              "(aa{sv})")
        agendas += 1
    else:
        after = ""
        while True:
            reply = timed(samples, "UpcomingPage",
                          GLib.Variant("(ssa{sv}us)", ("2027-03-01", "2027-03-31", {},
                                                        int(kind), after)), "(aa{sv}s)")
            after = reply.get_child_value(1).get_string()
            if after == "" or time.monotonic() >= end:
                break
        agendas += 1
print(json.dumps({"samples": samples, "agendas": agendas, "conflicts": conflicts}))
'''

SCENARIOS = [
    ('no readers', None),
    ('5 readers asking for pages of 1,000 items (250 given)', '1000'),
    ('5 readers, pages of 100 items', '100'),
    ('5 readers, whole agendas in one reply (Upcoming)', 'whole'),
]


def percentiles(values):
    if not values:
        return '—'
    values = sorted(values)
    return '%.1f / %.1f' % (values[len(values) // 2], values[min(len(values) - 1,
                                                                  int(len(values) * 0.99))])


def run_scenario(session, script, reader, seconds, count):
    def start(kind):
        return subprocess.Popen(['/usr/bin/python3', script, kind, str(seconds), str(count)],
                                env=session.env, stdout=subprocess.PIPE, text=True)

    readers = [start(reader) for _ in range(5)] if reader else []
    probes = [start('get'), start('update')]
    results = [json.loads(p.communicate()[0]) for p in probes + readers]
    merged = {}
    for result in results:
        for method, values in result['samples'].items():
            merged.setdefault(method, []).extend(values)
    agendas = sum(r['agendas'] for r in results)
    return merged, agendas


def main():
    parser = argparse.ArgumentParser(description="Issue #18's benchmark: short calls while "
                                     "other programs read whole agendas.")
    parser.add_argument('--build-dir', default=os.path.join(SOURCE_ROOT, 'build'))
    parser.add_argument('--count', type=int, default=10000)
    parser.add_argument('--seconds', type=float, default=20)
    args = parser.parse_args()
    build = os.path.abspath(args.build_dir)

    with tempfile.TemporaryDirectory(prefix='rs-bench-readers-') as root:
        session = PrivateSession(
            root=root,
            service_dirs=[os.path.join(build, 'plugin', 'service', 'test-services')],
            unset=('MALLOC_PERTURB_', 'MALLOC_CHECK_', 'G_DEBUG', 'G_SLICE', 'LD_PRELOAD'),
            env={'GSETTINGS_SCHEMA_DIR': os.path.join(build, 'schemas'),
                 'GSETTINGS_BACKEND': 'memory',
                 'RS_SERVICE_IDLE_TIMEOUT': '0',
                 'RS_TEMPLATES_DIR': os.path.join(SOURCE_ROOT, 'plugin', 'core', 'reminders',
                                                  'templates'),
                 'LC_ALL': 'C.UTF-8', 'LANGUAGE': '', 'TZ': 'Europe/Athens'})
        session.start_bus()
        try:
            sales = os.path.join(root, 'sales.json')
            subprocess.run(['/usr/bin/python3', os.path.join(HERE, 'gen-sales.py'),
                            '--count', str(args.count), '--today', '2027-01-15',
                            '--output', sales], check=True)
            subprocess.run([os.path.join(build, 'plugin', 'cli', 'recurring-sales'), 'import',
                            sales], env=session.env, check=True, stdout=subprocess.DEVNULL)
            script = os.path.join(root, 'client.py')
            with open(script, 'w') as f:
                f.write(CLIENT)

            print('| %s | `GetSale` | `UpdateSale` | `UpcomingPage` | `Upcoming` | '
                  'whole agendas read | load average |' % 'readers')
            print('|---|---:|---:|---:|---:|---:|---|')
            for label, reader in SCENARIOS:
                before = os.getloadavg()[0]
                samples, agendas = run_scenario(session, script, reader, args.seconds,
                                                args.count)
                print('| %s | %s | %s | %s | %s | %s | %.1f → %.1f |'
                      % (label, percentiles(samples.get('GetSale')),
                         percentiles(samples.get('UpdateSale')),
                         percentiles(samples.get('UpcomingPage')),
                         percentiles(samples.get('Upcoming')),
                         agendas if reader else '—', before, os.getloadavg()[0]), flush=True)
            print('\n%d sales, %g s a row, ms p50 / p99; %s, %d cores, %s.'
                  % (args.count, args.seconds, datetime.datetime.now().strftime('%Y-%m-%d %H:%M'),
                     os.cpu_count(), os.uname().release))
        finally:
            session.stop()


if __name__ == '__main__':
    main()
