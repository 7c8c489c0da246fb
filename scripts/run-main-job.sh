#!/bin/bash
# The main job, on a fresh Debian 12 machine: installs what it needs and builds; then, in a
# private session (its own folders and D-Bus session bus), the recurring-sales service is
# started by D-Bus activation, the bundled sample sales are imported through it with the
# recurring-sales command, and the command prints what falls due in the next 90 days —
# invoices, expiries, notice deadlines and reminders — in the user's language
# (LANG=el_GR.UTF-8 for Greek).
#   scripts/run-main-job.sh [--days N | --from YYYY-MM-DD --to YYYY-MM-DD] [--json]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
. scripts/private-session.sh

rs_ensure_packages
rs_ensure_locales

if [ -d build ]; then meson setup --reconfigure build >/dev/null; else meson setup build >/dev/null; fi
meson compile -C build >/dev/null

top=$PWD
export GSETTINGS_SCHEMA_DIR="$top/build/schemas" RS_LOCALEDIR="$top/build/po"
cli="$top/build/plugin/cli/recurring-sales"

rs_session_start "$top/build/plugin/service/test-services"
trap rs_session_stop EXIT
trap "exit 130" INT TERM PIPE

args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--days 90)

"$cli" import "$top/tests/data/sample-sales.json"
echo
"$cli" upcoming "${args[@]}"
