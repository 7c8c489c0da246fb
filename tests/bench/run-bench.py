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
import signal
import subprocess
import sys
import tempfile
import time

import gi
gi.require_version('Gio', '2.0')
from gi.repository import Gio, GLib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))
EDS_LIBEXECDIR = '/usr/libexec'
REGISTRY_NAME = 'org.gnome.evolution.dataserver.Sources5'
FACTORY_NAME = 'org.gnome.evolution.dataserver.Calendar8'
SERVICE_NAME = 'io.github.recurring_sales.RecurringSales1'
OURS_UID = 'recurring-sales'     # the calendar our registry module creates
FILE_UID = 'bench-file'

# The limits of /usr/share/dbus-1/session.conf: dbus-daemon's compiled-in defaults disconnect
# the factory on a large get_object_list reply (the project's EDS notes).
BUS_LIMITS = '''\
  <limit name="max_incoming_bytes">1000000000</limit>
  <limit name="max_outgoing_bytes">1000000000</limit>
  <limit name="max_message_size">1000000000</limit>
  <limit name="service_start_timeout">120000</limit>
  <limit name="auth_timeout">240000</limit>
  <limit name="pending_fd_timeout">150000</limit>
  <limit name="max_completed_connections">100000</limit>
  <limit name="max_incomplete_connections">10000</limit>
  <limit name="max_connections_per_user">100000</limit>
  <limit name="max_pending_service_starts">10000</limit>
  <limit name="max_names_per_connection">50000</limit>
  <limit name="max_match_rules_per_connection">50000</limit>
  <limit name="max_replies_per_connection">50000</limit>
'''


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


class Session:
    """A private desktop session: HOME and the XDG folders under @root, a dbus-daemon of our
    own, the registry, and the calendar factory started and stopped on demand. Activated
    programs (the service) inherit the daemon's environment, so it is complete first."""

    def __init__(self, root, build_dir):
        self.root = root
        self.build_dir = build_dir
        self.logs = os.path.join(root, 'log')
        self.bus = self.registry = self.factory = None
        self.connection = None

        env = dict(os.environ)
        # Nothing of the caller's session, and none of meson's test-time malloc checking
        # (MALLOC_PERTURB_ fills every allocation and would be measured too).
        for name in ('DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'MALLOC_PERTURB_',
                     'MALLOC_CHECK_', 'G_DEBUG', 'G_SLICE', 'EDS_TESTING', 'G_MESSAGES_DEBUG',
                     'RS_TEST_FACTORY_WRAPPER', 'LD_PRELOAD'):
            env.pop(name, None)
        for name, folder in (('XDG_CONFIG_HOME', 'config'), ('XDG_DATA_HOME', 'data'),
                             ('XDG_CACHE_HOME', 'cache'), ('XDG_RUNTIME_DIR', 'runtime'),
                             ('HOME', 'home')):
            env[name] = os.path.join(root, folder)
            os.makedirs(env[name], mode=0o700, exist_ok=True)
        os.makedirs(self.logs, exist_ok=True)
        env.update({
            'GIO_USE_VFS': 'local',
            'GSETTINGS_SCHEMA_DIR': os.path.join(build_dir, 'schemas'),
            'GSETTINGS_BACKEND': 'memory',
            'RS_LOCALEDIR': os.path.join(build_dir, 'po'),
            'RS_TEMPLATES_DIR': os.path.join(SOURCE_ROOT, 'plugin', 'core', 'reminders', 'templates'),
            'EDS_EXTRA_PREFIXES': os.path.join(root, 'prefix'),
            'LC_ALL': 'C.UTF-8',
            'LANGUAGE': '',
        })
        self.env = env

    def path(self, *parts):
        return os.path.join(self.root, *parts)

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

    def write_sources(self):
        """Before the registry starts (it batches folder events for seconds): the stock file
        calendar, and the Birthdays calendar disabled (it would want an address book factory
        this session does not run)."""
        sources = self.path('config', 'evolution', 'sources')
        os.makedirs(sources, exist_ok=True)
        with open(os.path.join(sources, FILE_UID + '.source'), 'w') as out:
            out.write('[Data Source]\nDisplayName=Benchmark (file)\nEnabled=true\n'
                      'Parent=local-stub\n\n[Calendar]\nBackendName=local\nEnabled=true\n'
                      '\n[Alarms]\nIncludeMe=false\n')
        with open(os.path.join(sources, 'birthdays.source'), 'w') as out:
            out.write('[Data Source]\nDisplayName=Birthdays & Anniversaries\nEnabled=false\n'
                      'Parent=contacts-stub\n\n[Calendar]\nBackendName=contacts\nEnabled=false\n')

    def file_calendar_path(self):
        """Where the `local` backend keeps a calendar: $XDG_DATA_HOME/evolution/calendar/UID."""
        folder = self.path('data', 'evolution', 'calendar', FILE_UID)
        os.makedirs(folder, exist_ok=True)
        return os.path.join(folder, 'calendar.ics')

    def spawn(self, name, argv):
        out = open(os.path.join(self.logs, name + '.log'), 'ab')
        return subprocess.Popen(argv, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)

    def start_bus(self):
        services = os.path.join(self.build_dir, 'plugin', 'service', 'test-services')
        config = self.path('session.conf')
        with open(config, 'w') as out:
            out.write('<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration '
                      '1.0//EN"\n "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">\n'
                      '<busconfig>\n  <type>session</type>\n  <keep_umask/>\n'
                      '  <listen>unix:dir=%s</listen>\n  <auth>EXTERNAL</auth>\n'
                      '  <servicedir>%s</servicedir>\n'
                      '  <policy context="default">\n'
                      '    <allow send_destination="*" eavesdrop="true"/>'
                      '<allow eavesdrop="true"/><allow own="*"/>\n  </policy>\n%s</busconfig>\n'
                      % (self.env['XDG_RUNTIME_DIR'], services, BUS_LIMITS))
        # --nofork, as our child: nothing here reaps orphans.
        self.bus = subprocess.Popen(['dbus-daemon', '--config-file=' + config, '--nofork',
                                     '--print-address=1'], env=self.env, stdout=subprocess.PIPE,
                                    stderr=open(os.path.join(self.logs, 'dbus.log'), 'ab'),
                                    stdin=subprocess.DEVNULL)
        address = self.bus.stdout.readline().decode().strip()
        if not address:
            fail('the private D-Bus session bus did not start; see %s/dbus.log' % self.logs)
        self.env['DBUS_SESSION_BUS_ADDRESS'] = address
        self.connection = Gio.DBusConnection.new_for_address_sync(
            address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
            Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)

    def bus_call(self, method, args, reply):
        return self.connection.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                         'org.freedesktop.DBus', method, args,
                                         GLib.VariantType(reply), Gio.DBusCallFlags.NONE, -1,
                                         None).unpack()

    def has_owner(self, name):
        return self.bus_call('NameHasOwner', GLib.Variant('(s)', (name,)), '(b)')[0]

    def name_pid(self, name):
        try:
            return self.bus_call('GetConnectionUnixProcessID', GLib.Variant('(s)', (name,)),
                                 '(u)')[0]
        except GLib.Error:
            return 0

    def wait_for_name(self, name, owned, process=None, timeout=60):
        deadline = time.monotonic() + timeout
        while self.has_owner(name) != owned:
            if process is not None and process.poll() is not None:
                fail('%s exited (%s); see %s' % (name, process.returncode, self.logs))
            if time.monotonic() > deadline:
                fail('%s did not %s the bus in time; see %s'
                     % (name, 'appear on' if owned else 'leave', self.logs))
            time.sleep(0.02)

    def start_registry(self):
        self.registry = self.spawn('registry', [EDS_LIBEXECDIR + '/evolution-source-registry'])
        self.wait_for_name(REGISTRY_NAME, True, self.registry)

    def start_factory(self):
        # -r: keeps running between clients, so only this script decides when it goes.
        self.factory = self.spawn('calendar-factory',
                                  [EDS_LIBEXECDIR + '/evolution-calendar-factory', '-r'])
        self.wait_for_name(FACTORY_NAME, True, self.factory)

    @staticmethod
    def stop_process(process):
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_factory(self):
        self.stop_process(self.factory)
        self.factory = None
        self.wait_for_name(FACTORY_NAME, False)

    def stop(self):
        if self.connection is not None:
            # The service was activated by the bus: stop it by its PID before the bus goes.
            pid = self.name_pid(SERVICE_NAME)
            if pid:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        self.stop_process(self.factory)
        self.stop_process(self.registry)
        if self.connection is not None:
            self.connection.close_sync(None)
            self.connection = None
        self.stop_process(self.bus)

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
        session.write_sources()

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

        results = {'info': info}
        for name, uid, extra in (
                ('file', FILE_UID, []),
                ('ours', OURS_UID, ['--updates', str(args.updates), '--upcoming',
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
    ('factory_peak_rss_kb', 'calendar factory peak RSS (VmHWM), before the year list', 'MB', False),
    ('update_first_ms', 'UpdateSale → view objects-modified, first change after the view '
     'completed (waits for EDS\'s start-up flush timer)', 'ms', True),
    ('update_latency_ms', 'UpdateSale → view objects-modified, median', 'ms', True),
    ('update_latency_max_ms', 'UpdateSale → view objects-modified, max', 'ms', True),
    ('update_reply_ms', 'UpdateSale reply alone (the service\'s share), median', 'ms', True),
    ('upcoming_page_first_ms', 'UpcomingPage over 30 days, first page of 100, first call', 'ms',
     True),
    ('upcoming_page_ms', 'UpcomingPage over 30 days, first page of 100, median', 'ms', True),
    ('upcoming_all_pages_ms', 'UpcomingPage over 30 days, every page of 1,000, median', 'ms',
     True),
    ('upcoming_ms', 'Upcoming over 30 days in one reply, median', 'ms', True),
]
OBJECTS = {'month_list_ms': 'month_list_objects', 'month_view_ms': 'month_view_objects',
           'year_list_ms': 'year_list_objects', 'alarms_day_ms': 'alarms_day_objects',
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
            elif key == 'upcoming_page_first_ms':
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
  the one-day `(has-alarms-in-range? …)` of evolution-alarm-notify's reminder watcher.
- Ours only: UpdateSale (a changed note) of a sale with an invoice in the month, timed until a
  month view open on our calendar reports that sale's `objects-modified`, one after another;
  and the service's agenda of the next 30 days with an empty filter: the first page of 100
  (`UpcomingPage`), every page of 1,000, and `Upcoming` in one reply.

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
        all_results.append((count, run_one(count, args, args.build_dir)))

    if args.results:
        with open(args.results, 'w') as out:
            json.dump({str(count): results for count, results in all_results}, out, indent=1)

    text = report(all_results, args)
    print(text)
    if args.write_docs:
        docs = os.path.join(SOURCE_ROOT, 'docs')
        os.makedirs(docs, exist_ok=True)
        with open(os.path.join(docs, 'benchmarks.md'), 'w') as out:
            out.write(DOCS_HEAD + text + '\n')
        log('wrote docs/benchmarks.md')
    return 0


if __name__ == '__main__':
    sys.exit(main())
