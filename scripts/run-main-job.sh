#!/bin/bash
# The main job, on a fresh Debian 12 machine: installs what it needs, builds, loads the bundled
# sample sales into a real store and prints the next 90 days of invoices, expiries, notice
# deadlines and reminders, in the user's language (LANG=el_GR.UTF-8 for Greek).
#   scripts/run-main-job.sh [--today YYYY-MM-DD] [--days N] [--ics]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

rs_ensure_packages
rs_ensure_locales

if [ -d build ]; then meson setup --reconfigure build >/dev/null; else meson setup build >/dev/null; fi
meson compile -C build >/dev/null

GSETTINGS_SCHEMA_DIR="$PWD/build/schemas" RS_LOCALEDIR="$PWD/build/po" \
	build/tests/sample-agenda "$@" tests/data/sample-sales.json
