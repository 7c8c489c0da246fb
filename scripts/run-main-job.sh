#!/bin/bash
# The main job, on a fresh Debian 12 machine: installs what it needs and builds; then, in a
# private session (its own folders and D-Bus session bus — nothing of yours is touched):
#  1. the recurring-sales service is started by D-Bus activation and the bundled sample sales
#     are imported through it with the recurring-sales command;
#  2. Evolution Data Server (the real evolution-source-registry and evolution-calendar-factory)
#     loads this build's plugin, creates the "Recurring Sales" calendar, and the calendar is
#     read through ECalClient, as Evolution, GNOME Calendar and the GNOME Shell clock read it:
#     every event of the next 60 days with its reminders, in the user's language
#     (LANG=el_GR.UTF-8 for Greek).
#   scripts/run-main-job.sh [DAYS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
. scripts/private-session.sh

rs_ensure_packages
rs_ensure_locales

if [ -d build ]; then meson setup --reconfigure build >/dev/null; else meson setup build >/dev/null; fi
meson compile -C build >/dev/null

top=$PWD
days=${1:-60}
case $days in ''|*[!0-9]*) echo "Give the number of days as a whole number, like 60." >&2; exit 2 ;; esac

# Activated programs inherit the bus's environment: set it up before the bus starts.
export GSETTINGS_SCHEMA_DIR="$top/build/schemas" RS_LOCALEDIR="$top/build/po"
export EDS_EXTRA_PREFIXES="$top/build/plugin/backend/eds-test-prefix"
eds_services=$(mktemp -d "${TMPDIR:-/tmp}/recurring-sales-eds-services.XXXXXX")
rs_write_eds_services "$eds_services"

rs_session_start "$top/build/plugin/service/test-services" "$eds_services"
trap 'rs_session_stop; rm -rf "$eds_services"' EXIT
trap "exit 130" INT TERM PIPE

"$top/build/plugin/cli/recurring-sales" import "$top/tests/data/sample-sales.json"
echo
"$top/build/tests/show-calendar" "$days"
