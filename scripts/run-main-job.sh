#!/bin/bash
# The main job, on a fresh Debian 12 machine: installs what it needs and builds; then, in a
# private session (its own folders and D-Bus session bus — nothing of yours is touched):
#  1. the recurring-sales service is started by D-Bus activation and the bundled sample sales
#     are imported through it with the recurring-sales command;
#  2. Evolution Data Server (the real evolution-source-registry and evolution-calendar-factory)
#     loads this build's plugin, creates the "Recurring Sales" calendar, and the calendar is
#     read through ECalClient, as Evolution, GNOME Calendar and the GNOME Shell clock read it:
#     every event of the next 60 days with its reminders, in the user's language
#     (LANG=el_GR.UTF-8 for Greek);
#  3. the e-mail a client reminder would be (the service's preview: a payment request, signed
#     with the business name set by `recurring-sales settings`) and the ledger of client
#     reminders.
#   scripts/run-main-job.sh [DAYS] [--evolution]
# With --evolution it also starts Evolution itself, with this build's module, on the sample
# sales (its own private session, under Xvfb), and saves Greek screenshots of the month view,
# the right-click menu of a sale's event, the sale editor and the list of sales into
# build/main-job-evolution/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
. scripts/private-session.sh

# The main job's own sentences go through gettext (gettext-base's gettext.sh), in the command's
# catalog, so that they are in the user's language like the rest of what it prints.
# po/POTFILES lists this file.
export TEXTDOMAIN=evolution-recurring-sales TEXTDOMAINDIR="$PWD/build/po"
. gettext.sh

evolution=0
days=60
for arg in "$@"; do
	case $arg in
	--evolution) evolution=1 ;;
	''|*[!0-9]*) gettext 'Give the number of days as a whole number, like 60, and optionally --evolution.' >&2; echo >&2; exit 2 ;;
	*) days=$arg ;;
	esac
done

if [ "$evolution" = 1 ]; then
	# shellcheck disable=SC2086
	rs_ensure_packages $RS_EVOLUTION_BUILD_PACKAGES $RS_EVOLUTION_TEST_PACKAGES python3-gi
else
	rs_ensure_packages
fi
rs_ensure_locales

if [ -d build ]; then meson setup --reconfigure build >/dev/null; else meson setup build >/dev/null; fi
meson compile -C build >/dev/null

top=$PWD

# Activated programs inherit the bus's environment: set it up before the bus starts. The
# settings are a file of the private session (dconf would need its own service on this bus),
# shared by the command that sets them and the service that reads them.
export GSETTINGS_SCHEMA_DIR="$top/build/schemas" RS_LOCALEDIR="$top/build/po" \
	RS_TEMPLATES_DIR="$top/plugin/core/reminders/templates" GSETTINGS_BACKEND=keyfile
export EDS_EXTRA_PREFIXES="$top/build/plugin/backend/eds-test-prefix"
eds_services=$(mktemp -d "${TMPDIR:-/tmp}/recurring-sales-eds-services.XXXXXX")
rs_write_eds_services "$eds_services"

rs_session_start "$top/build/plugin/service/test-services" "$eds_services"
trap 'rs_session_stop; rm -rf "$eds_services"' EXIT
trap "exit 130" INT TERM PIPE

# The name that signs the e-mails to clients and receives their payments, set as a user would.
"$top/build/plugin/cli/recurring-sales" settings business-name "Papadopoulou Web Studio"
"$top/build/plugin/cli/recurring-sales" import "$top/tests/data/sample-sales.json"
echo
"$top/build/tests/show-calendar" "$days"

# What a client would receive: the next reminder e-mail of the sale that reminds its client, a
# payment request since that client prepays (no mail account is set up in this private
# session, so nothing is mailed: it is only shown), and the ledger of client reminders, empty
# until one falls due.
echo
# The first reminder to a client in the window (upcoming --json: one flat object per item).
cli="$top/build/plugin/cli/recurring-sales"
next=$("$cli" upcoming --days "$days" --json | tr -d '\n' |
	grep -o '{[^{}]*"audience" *: *"client"[^{}]*}' | head -n 1 || true)
field() { printf '%s' "$next" | sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p"; }
if [ -n "$next" ]; then
	client=$(field client)
	# Translators: the main job, before the e-mail of a client reminder; keep $client as it is
	eval_gettext 'The next client reminder of $client, as it would be put in your Drafts:'; echo
	"$cli" preview "$(field uid)" --kind "$(field for_kind)" --date "$(field for_date)" 2>&1 |
		sed 's/^/    /'
fi
echo
"$top/build/plugin/cli/recurring-sales" deliveries

if [ "$evolution" = 1 ]; then
	# Evolution itself, with this build's module and calendar, on a private session of its own
	# (tests/evolution/evolution_session.py: Xvfb, a private bus, AT-SPI; Debian's python3, which
	# has pyatspi), the sample sales imported through the service: Greek screenshots of the
	# month view, a sale event's right-click menu, the sale editor and the list of sales, into
	# build/main-job-evolution/.
	echo
	status=0
	RS_TEST_EDS_LIBEXECDIR=$(pkg-config --variable=libexecdir libedata-cal-2.0) \
		/usr/bin/python3 "$top/tests/tools/main-job-evolution.py" "$top/build" \
		"$top/build/main-job-evolution" >"$RS_SESSION_ROOT/log/main-job-evolution.txt" ||
		status=$?
	while read -r screenshot; do
		# Translators: the main job, after it saved a screenshot of Evolution; keep $screenshot
		eval_gettext 'Evolution, in Greek: $screenshot'; echo
	done <"$RS_SESSION_ROOT/log/main-job-evolution.txt"
	exit "$status"
fi
