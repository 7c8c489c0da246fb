#!/usr/bin/python3
# run-bench.py: issue #6's benchmark — the recurring-sales calendar backend against EDS's stock
# file backend (`local`) holding the same events, in one private EDS.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# For each N: N generated sales (gen-sales.py) are imported through the service, and the same
# projection is written as the .ics of a stock `local` calendar (bench-export-ics). A private
# session (own folders and D-Bus session bus, as scripts/private-session.sh) runs the real
# evolution-source-registry with both calendars; then, for each calendar in turn, a fresh
# evolution-calendar-factory is started, bench-client measures that calendar alone (so the
# cold open and the factory's peak RSS are that backend's), and the factory is stopped.
# Prints one markdown table (ours, file, ours/file), the machine and the versions; with
# --write-docs also writes it into docs/benchmarks.md.
#
#   tests/bench/run-bench.py [N …] [--build-dir DIR] [--repeat R] [--write-docs] …
#   (default N: 1000 10000; 100000 takes long and is run only when asked)

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))
# tests/common/private_session.py: the private session, its bus and EDS's programs.
sys.path.insert(0, os.path.join(SOURCE_ROOT, 'tests', 'common'))
from private_session import (FACTORY_NAME, REGISTRY_NAME, Failure,  # noqa: E402
                             PrivateSession)

OURS_UID = 'recurring-sales'     # the calendar our registry module creates
FILE_UID = 'bench-file'


def log(message):
    print('# ' + message, file=sys.stderr, flush=True)


def fail(message):
    print('run-bench: ' + message, file=sys.stderr, flush=True)
    sys.exit(1)


def parse_results(text):
    """bench-client's "key value" lines as a dict of text values."""
    results = {}
    for line in text.splitlines():
        key, _, value = line.partition(' ')
        if key:
            results[key] = value.strip()
    return results


class Session(PrivateSession):
    """A private desktop session in @root: a dbus-daemon of our own that activates the build's
    service, the registry, and the calendar factory started and stopped on demand. Activated
    programs (the service) inherit the daemon's environment, so it is complete first."""

    def __init__(self, root, build_dir):
        super().__init__(
            root=root,
            service_dirs=[os.path.join(build_dir, 'plugin', 'service', 'test-services')],
            # None of meson's test-time malloc checking (MALLOC_PERTURB_ fills every allocation
            # and would be measured too).
            unset=('MALLOC_PERTURB_', 'MALLOC_CHECK_', 'G_DEBUG', 'G_SLICE', 'EDS_TESTING',
                   'G_MESSAGES_DEBUG', 'RS_TEST_FACTORY_WRAPPER', 'LD_PRELOAD'),
            env={
                'GSETTINGS_SCHEMA_DIR': os.path.join(build_dir, 'schemas'),
                'GSETTINGS_BACKEND': 'memory',
                'RS_LOCALEDIR': os.path.join(build_dir, 'po'),
                'RS_TEMPLATES_DIR': os.path.join(SOURCE_ROOT, 'plugin', 'core', 'reminders',
                                                 'templates'),
                'EDS_EXTRA_PREFIXES': os.path.join(root, 'prefix'),
                'LC_ALL': 'C.UTF-8',
                'LANGUAGE': '',
            },
            bus_log=os.path.join('log', 'dbus.log'))
        self.build_dir = build_dir
        self.logs = self.path('log')
        self.registry = self.factory = None

    def stage_modules(self):
        """Our own prefix of links to the build's modules (the build's eds-test-prefix belongs
        to the tests). EDS_EXTRA_PREFIXES adds to EDS's module folders, it does not replace
        them (e_util_get_directory_variants () always keeps the installed folder), so the stock
        `local` backend loads as usual; linking it in too would load it twice."""
        modules = self.path('prefix', 'lib', 'evolution-data-server')
        for folder, name in (('calendar-backends', 'libecalbackendrecurringsales.so'),
                             ('registry-modules', 'module-recurring-sales-registry.so')):
            target = os.path.join(self.build_dir, 'plugin', 'backend', name)
            if not os.path.exists(target):
                fail('%s is not built; run meson compile -C %s' % (target, self.build_dir))
            os.makedirs(os.path.join(modules, folder), exist_ok=True)
            os.symlink(target, os.path.join(modules, folder, name))

    def write_bench_sources(self):
        """Before the registry starts: the stock file calendar, and the Birthdays calendar
        disabled (it would want an address book factory this session does not run)."""
        self.write_sources({
            FILE_UID: '[Data Source]\nDisplayName=Benchmark (file)\nEnabled=true\n'
                      'Parent=local-stub\n\n[Calendar]\nBackendName=local\nEnabled=true\n'
                      '\n[Alarms]\nIncludeMe=false\n',
            'birthdays': '[Data Source]\nDisplayName=Birthdays & Anniversaries\nEnabled=false\n'
                         'Parent=contacts-stub\n\n[Calendar]\nBackendName=contacts\n'
                         'Enabled=false\n',
        })

    def file_calendar_path(self):
        """Where the `local` backend keeps a calendar: $XDG_DATA_HOME/evolution/calendar/UID."""
        folder = self.path('data', 'evolution', 'calendar', FILE_UID)
        os.makedirs(folder, exist_ok=True)
        return os.path.join(folder, 'calendar.ics')

    def start_registry(self):
        self.registry = self.start_eds(REGISTRY_NAME)

    def start_factory(self):
        # -r: keeps running between clients, so only this script decides when it goes.
        self.factory = self.start_eds(FACTORY_NAME, '-r')

    def stop_factory(self):
        self.stop_eds(self.factory, FACTORY_NAME)
        self.factory = None

    def run_tool(self, argv):
        result = subprocess.run(argv, env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, check=False)
        if result.returncode != 0:
            fail('%s failed (%d):\n%s%s\nLogs: %s'
                 % (' '.join(argv), result.returncode, result.stdout, result.stderr, self.logs))
        return parse_results(result.stdout)


def run_one(count, args, build_dir):
    """Every figure for @count sales: a dict with 'ours', 'file' and 'info'."""
    root = tempfile.mkdtemp(prefix='rs-bench-%d-' % count)
    session = Session(root, build_dir)
    client = os.path.join(build_dir, 'tests', 'bench', 'bench-client')
    try:
        session.stage_modules()
        session.write_bench_sources()

        sales = session.path('sales.json')
        subprocess.run(['/usr/bin/python3', os.path.join(HERE, 'gen-sales.py'), '--count',
                        str(count), '--seed', str(args.seed), '--output', sales], check=True)
        info = session.run_tool([os.path.join(build_dir, 'tests', 'bench', 'bench-export-ics'),
                                 sales, session.file_calendar_path()])
        log('N = %d: %s components in both calendars' % (count, info['components']))

        session.start_bus()
        session.start_registry()
        imported = session.run_tool([client, 'import', sales])
        if int(imported['import_added']) != count:
            fail('the service imported %s sales of %d' % (imported['import_added'], count))
        info.update(imported)
        log('N = %d: imported through the service in %.0f ms'
            % (count, float(imported['import_ms'])))

        # The queries that are not time windows look for one sale, the one in the middle: its
        # invoice series by uid, and its client's name as typed into a search bar.
        with open(sales, encoding='utf-8') as generated:
            sought = json.load(generated)['sales'][count // 2]
        info['sought_client'] = sought['client']
        queries = ['--uid', sought['uid'] + '-invoice', '--search', sought['client']]

        results = {'info': info}
        for name, uid, extra in (
                ('file', FILE_UID, queries),
                ('ours', OURS_UID, queries + ['--updates', str(args.updates), '--upcoming',
                                              str(args.upcoming)])):
            if name not in args.calendars:
                results[name] = {}
                continue
            # A fresh factory for each calendar: a cold open, and a peak RSS of one backend.
            session.start_factory()
            log('N = %d: measuring %s calendar' % (count, 'our' if name == 'ours' else 'the file'))
            results[name] = session.run_tool([client, 'calendar', uid, '--repeat',
                                              str(args.repeat)] + extra)
            session.stop_factory()
        return results
    finally:
        session.stop()
        if args.keep:
            log('kept ' + root)
        else:
            shutil.rmtree(root, ignore_errors=True)


# The table

ROWS = [
    # key, label, unit, ours only
    ('open_cold_ms', 'open, cold (first connect after the factory started)', 'ms', False),
    ('open_warm_ms', 'open, warm (another connect while the calendar is open)', 'ms', False),
    ('month_list_ms', 'one-month object list (occur-in-time-range?)', 'ms', False),
    ('month_view_ms', 'one-month view until complete', 'ms', False),
    ('year_list_ms', 'one-year object list', 'ms', False),
    ('alarms_day_ms', 'one-day has-alarms-in-range? (evolution-alarm-notify)', 'ms', False),
    ('uid_list_first_ms', '(uid? …) object list, one sale\'s invoices, first time', 'ms', False),
    ('uid_list_ms', '(uid? …) object list, one sale\'s invoices', 'ms', False),
    ('contains_list_first_ms', '(contains? "summary" …) object list (the search bar), a '
     'client\'s name, first time', 'ms', False),
    ('contains_list_ms', '(contains? "summary" …) object list (the search bar), a client\'s '
     'name', 'ms', False),
    ('month_contains_list_ms', 'one month `and` that contains?, object list', 'ms', False),
    ('factory_peak_rss_kb', 'calendar factory peak RSS (VmHWM), before the year list', 'MB', False),
    ('update_first_ms', 'UpdateSale → view objects-modified, first change after the view '
     'completed (waits for EDS\'s start-up flush timer)', 'ms', True),
    ('update_latency_ms', 'UpdateSale → view objects-modified, median', 'ms', True),
    ('update_latency_max_ms', 'UpdateSale → view objects-modified, max', 'ms', True),
    ('update_reply_ms', 'UpdateSale reply alone (the service\'s share), median', 'ms', True),
    ('upcoming_page_first_ms', 'UpcomingPage over 30 days, first page of 100, first call', 'ms',
     True),
    ('upcoming_page_ms', 'UpcomingPage over 30 days, first page of 100, median', 'ms', True),
    ('upcoming_all_pages_ms', 'UpcomingPage over 30 days, every page (250 items), median', 'ms',
     True),
    ('upcoming_ms', 'Upcoming over 30 days in one reply, median', 'ms', True),
]
OBJECTS = {'month_list_ms': 'month_list_objects', 'month_view_ms': 'month_view_objects',
           'year_list_ms': 'year_list_objects', 'alarms_day_ms': 'alarms_day_objects',
           'uid_list_first_ms': 'uid_list_objects', 'uid_list_ms': 'uid_list_objects',
           'contains_list_first_ms': 'contains_list_objects',
           'contains_list_ms': 'contains_list_objects',
           'month_contains_list_ms': 'month_contains_list_objects',
           'upcoming_ms': 'upcoming_items', 'upcoming_page_first_ms': 'upcoming_page_items',
           'upcoming_page_ms': 'upcoming_page_items',
           'upcoming_all_pages_ms': 'upcoming_all_pages_items'}


def figure(value, unit):
    if value is None:
        return '—'
    if unit == 'MB':
        return '%.0f' % (value / 1024.0)
    if value >= 100:
        return '%.0f' % value
    if value >= 10:
        return '%.1f' % value
    return '%.2f' % value


def number(results, key):
    value = results.get(key)
    return float(value) if value is not None else None


def table(all_results, args):
    lines = ['| N (events) | measurement | unit | ours | file | ours/file | objects |',
             '|---|---|---|---:|---:|---:|---:|']
    for count, results in all_results:
        ours, file, info = results['ours'], results['file'], results['info']
        first = True
        for key, label, unit, ours_only in ROWS:
            if key == 'update_first_ms':
                pass
            elif key == 'update_latency_ms':
                label = label.replace('median', 'median of %s' % args.updates)
            elif key == 'update_latency_max_ms':
                label = label.replace('max', 'max of %s' % args.updates)
            elif key == 'update_reply_ms':
                label = label.replace('median', 'median of %s' % args.updates)
            elif key in ('upcoming_ms', 'upcoming_page_ms', 'upcoming_all_pages_ms'):
                label = label.replace('median', 'median of %s' % args.upcoming)
            elif key in ('upcoming_page_first_ms', 'uid_list_first_ms',
                         'contains_list_first_ms'):
                pass
            elif unit == 'ms' and key != 'open_cold_ms':
                label += ', median of %d' % args.repeat
            mine = number(ours, key)
            theirs = None if ours_only else number(file, key)
            ratio = '%.2f' % (mine / theirs) if mine is not None and theirs else '—'
            # ECalClient's three-minute D-Bus timeout ended the query: at least that long.
            mine_shown, theirs_shown = figure(mine, unit), figure(theirs, unit)
            failed = key.replace('_ms', '_failed')
            if mine is None and failed in ours:
                mine_shown = 'failed: %s' % ours[failed]
            if not ours_only and theirs is None and failed in file:
                theirs_shown = 'failed: %s' % file[failed]
            timed_out = key.replace('_ms', '_timed_out_ms')
            if mine is None and timed_out in ours:
                mine_shown = '> %s (timed out)' % figure(number(ours, timed_out), unit)
            if not ours_only and theirs is None and timed_out in file:
                limit = number(file, timed_out)
                theirs_shown = '> %s (timed out)' % figure(limit, unit)
                if mine is not None:
                    ratio = '< %.2f' % (mine / limit)
            objects = ''
            if key in OBJECTS:
                a, b = ours.get(OBJECTS[key], ''), file.get(OBJECTS[key], '')
                # Both calendars hold the same events: a difference is a finding, shown as one.
                objects = a if ours_only or a == b else '%s ≠ %s' % (a, b)
            n = '%s (%s)' % (format(count, ','), format(int(info['components']), ',')) \
                if first else ''
            first = False
            lines.append('| %s | %s | %s | %s | %s | %s | %s |'
                         % (n, label, unit, mine_shown,
                            theirs_shown if not ours_only else '—', ratio, objects))
        lines.append('| | import of the N sales through the service (not compared) | s | %.1f '
                     '| — | — | |' % (float(info['import_ms']) / 1000.0))
    return '\n'.join(lines)


def command_output(argv):
    try:
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return '?'


def machine():
    model = '?'
    for line in command_output(['lscpu']).splitlines():
        if line.startswith('Model name:'):
            model = line.split(':', 1)[1].strip()
            break
    memory = '?'
    with open('/proc/meminfo') as meminfo:
        for line in meminfo:
            if line.startswith('MemTotal:'):
                memory = '%.1f GiB' % (int(line.split()[1]) / 1024.0 / 1024.0)
    debian = '?'
    if os.path.exists('/etc/debian_version'):
        with open('/etc/debian_version') as version:
            debian = version.read().strip()
    return ('%s, %s cores (nproc), %s RAM; Linux %s, Debian %s'
            % (model, command_output(['nproc']), memory, platform.release(), debian))


def build_type(build_dir):
    try:
        with open(os.path.join(build_dir, 'meson-info', 'intro-buildoptions.json')) as options:
            for option in json.load(options):
                if option['name'] == 'buildtype':
                    return option['value']
    except (OSError, ValueError, KeyError):
        pass
    return '?'


def versions(all_results, build_dir):
    def pkg(name):
        return command_output(['pkg-config', '--modversion', name])

    ours = all_results[0][1]['info'].get('service_version', '?') if all_results else '?'
    return ('evolution-recurring-sales %s (%s build), EDS %s, libical %s, GLib %s, SQLite %s'
            % (ours, build_type(build_dir), pkg('libedata-cal-2.0'), pkg('libical'),
               pkg('glib-2.0'), pkg('sqlite3')))


def shown_command(args):
    argv = ['tests/bench/run-bench.py'] + [str(n) for n in args.counts]
    if os.path.realpath(args.build_dir) != os.path.realpath(default_build_dir()):
        argv += ['--build-dir', os.path.relpath(args.build_dir, SOURCE_ROOT)
                 if os.path.realpath(args.build_dir).startswith(SOURCE_ROOT + os.sep)
                 else args.build_dir]
    for option, default in (('repeat', 5), ('updates', 50), ('upcoming', 5), ('seed', 6)):
        if getattr(args, option) != default:
            argv += ['--' + option, str(getattr(args, option))]
    argv.append('--write-docs')
    return shlex.join(argv)


def report(all_results, args):
    when = datetime.datetime.now().astimezone()
    text = ['Measured %s with `%s`.' % (when.strftime('%Y-%m-%d %H:%M %Z'), shown_command(args)),
            '',
            table(all_results, args),
            '',
            '- Machine: %s; load average %.1f when the run started (other work on the machine '
            'makes every figure larger)' % (machine(), args.load_at_start),
            '- Versions: ' + versions(all_results, args.build_dir),
            '- N sales: 60 %% monthly, 15 %% quarterly, 25 %% yearly, starting over the past two '
            'years, 80 %% with an expiry, two reminder rules each (seed %d). Events: the '
            'components of both calendars (invoice series, expiries).' % args.seed,
            '- Times are medians (of %d unless said) in milliseconds, measured in the client '
            '(bench-client: ECalClient, as Evolution reads calendars); "objects" is what the '
            'query returned ("a ≠ b": ours ≠ file).' % args.repeat]
    return '\n'.join(text)


DOCS_HEAD = '''\
[README](../README.md) · how to run it, and the other tests: [testing.md](testing.md)

# Benchmarks

Issue #6: the recurring-sales calendar backend against Evolution Data Server's stock file
backend (`local`) holding the very same events, in one private EDS (the real
`evolution-source-registry` and `evolution-calendar-factory`, our own D-Bus session bus).

How the figures are made (`tests/bench/`):

- `gen-sales.py` writes N sales in the JSON import format (deterministic for a seed and a day);
  `bench-client import` imports them through the service's D-Bus API; `bench-export-ics` writes
  the core's projection of the same file (`rs_projection_export_ics ()`) as the `.ics` of a
  stock `local` calendar.
- For each calendar a fresh calendar factory is started, only that calendar is opened, and it
  is stopped afterwards: "cold" is the first `e_cal_client_connect_sync ()` after the factory
  started (the operating system's file cache is warm), "warm" the median of more connects
  while the first client is open, and the peak RSS (`VmHWM`) is that backend's alone, before
  the year list (measured last: see below).
- The queries are what applications send: a calendar month and a calendar year of
  `(occur-in-time-range? …)` as an object list and (the month) as a view until `complete`, and
  the one-day `(has-alarms-in-range? …)` of evolution-alarm-notify's reminder watcher. Then
  the queries that are not time windows (issue #19), for the sale in the middle of the
  generated file: `(uid? "<its uid>-invoice")`, what Evolution's search bar sends for its
  client's name, `(contains? "summary" "<name>")`, and that search within the month; the first
  run of the first two apart (what someone waits for who asks once), then the median.
- Ours only: UpdateSale (a changed note) of a sale with an invoice in the month, timed until a
  month view open on our calendar reports that sale's `objects-modified`, one after another;
  and the service's agenda of the next 30 days with an empty filter: the first page of 100
  (`UpcomingPage`), every page (250 items each), and `Upcoming` in one reply.

What the figures cannot show by themselves:

- A warm open does not reach a backend's code: EDS answers `Open` for a backend that is open
  already without calling it (`cal_backend_open_thread ()` in `e-cal-backend.c`), so both
  calendars cost the same few milliseconds of EDS and D-Bus work, and their ratio is noise.
- Every change reaches a view at least 333 ms after the backend reports it: EDS gathers
  changes for that long before it matches them against the views (`NOTIFY_CHANGES_TIMEOUT`
  in `e-cal-backend.c`), whatever the backend. The first change after a view completed can
  wait longer, for the flush timer EDS armed when the view received its first component (two
  seconds, `THRESHOLD_SECONDS` in `e-data-cal-view.c`, which
  `e_data_cal_view_notify_complete ()` leaves running): that change has a row of its own, and
  the median and maximum are of the changes after it.
- ECalClient gives up on a call after three minutes (`DBUS_PROXY_TIMEOUT_MS` in
  `e-cal-client.c`), as it does in Evolution; a query that took longer shows as "timed out".
  An array in a D-Bus message holds at most 64 MiB (`DBUS_MAXIMUM_ARRAY_LENGTH`), and the bus
  drops a program that sends a larger one: the object list of a year of 100,000 sales (about
  110,000 components of about 800 bytes) is larger, so that query comes last, and a factory
  dropped shows as "failed".
- "objects" is what each query returned. Both calendars hold the same events, so a difference
  is a disagreement between the backends: so far the file backend's `(has-alarms-in-range? …)`
  returns fewer, leaving out events whose reminder fires in the window while the event itself
  lies after it (a reminder 30 days before an expiry; checked by hand for one such event).

Run it from a release build (`meson setup build-bench -Dbuildtype=release`), on a quiet
machine, with `tests/bench/run-bench.py [N …] --write-docs` (default N: 1000 10000; 100000
takes long) or `meson test -C build-bench --suite bench --verbose` (never part of a plain
`meson test`).

## Latest results

'''


def default_build_dir():
    for name in ('build-bench', 'build'):
        candidate = os.path.join(SOURCE_ROOT, name)
        if os.path.isdir(candidate):
            return candidate
    return os.path.join(SOURCE_ROOT, 'build-bench')


def main():
    parser = argparse.ArgumentParser(
        description='Issue #6: our calendar backend against the stock file backend.')
    parser.add_argument('counts', nargs='*', type=int, metavar='N', default=[1000, 10000],
                        help='numbers of sales (default: 1000 10000)')
    parser.add_argument('--build-dir', default=default_build_dir(),
                        help='a configured and built build directory (default: build-bench)')
    parser.add_argument('--repeat', type=int, default=5,
                        help='runs of each query, of which the median is shown (default 5)')
    parser.add_argument('--updates', type=int, default=50,
                        help='UpdateSale calls timed (default 50)')
    parser.add_argument('--upcoming', type=int, default=5,
                        help='Upcoming calls timed (default 5)')
    parser.add_argument('--seed', type=int, default=6, help='of the generated sales')
    parser.add_argument('--write-docs', action='store_true',
                        help='also write the table into docs/benchmarks.md')
    parser.add_argument('--results', metavar='FILE',
                        help='also write every raw figure as JSON into FILE')
    parser.add_argument('--keep', action='store_true', help='keep the scratch folders')
    parser.add_argument('--calendars', nargs='+', choices=('ours', 'file'),
                        default=['ours', 'file'],
                        help='measure only these (while working on one; no comparison)')
    args = parser.parse_args()

    if not args.counts or any(n < 1 for n in args.counts) or args.repeat < 1 \
            or args.updates < 1 or args.upcoming < 1:
        parser.error('N, --repeat, --updates and --upcoming must be at least 1')
    args.build_dir = os.path.abspath(args.build_dir)
    for tool in ('bench-client', 'bench-export-ics'):
        if not os.access(os.path.join(args.build_dir, 'tests', 'bench', tool), os.X_OK):
            parser.error('%s has no tests/bench/%s: meson compile -C %s'
                         % (args.build_dir, tool, args.build_dir))
    if build_type(args.build_dir) not in ('release', 'debugoptimized', 'plain'):
        log('warning: %s is a %s build; its figures say little'
            % (args.build_dir, build_type(args.build_dir)))

    args.load_at_start = os.getloadavg()[0]
    all_results = []
    for count in args.counts:
        try:
            all_results.append((count, run_one(count, args, args.build_dir)))
        except Failure as failure:
            fail(str(failure))

    if args.results:
        with open(args.results, 'w') as out:
            json.dump({str(count): results for count, results in all_results}, out, indent=1)

    text = report(all_results, args)
    print(text)
    if args.write_docs:
        docs = os.path.join(SOURCE_ROOT, 'docs')
        os.makedirs(docs, exist_ok=True)
        path = os.path.join(docs, 'benchmarks.md')
        # Only the latest results are replaced: the sections after them (comparisons run by
        # hand, profiles) stay.
        rest = ''
        if os.path.exists(path):
            with open(path, encoding='utf-8') as current:
                _, _, after = current.read().partition('\n## Latest results\n')
            _, heading, tail = after.partition('\n## ')
            rest = '\n## ' + tail if heading else ''
        with open(path, 'w', encoding='utf-8') as out:
            out.write(DOCS_HEAD + text + '\n' + rest)
        log('wrote docs/benchmarks.md')
    return 0


if __name__ == '__main__':
    sys.exit(main())
