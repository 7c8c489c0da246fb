#!/bin/bash
# The whole test suite, on a fresh Debian 12 machine: installs what it needs, builds, runs
# `meson test`, the core library's tests again under valgrind (no leaks), then the whole suite
# built with AddressSanitizer and UBSan.
#   scripts/run-tests.sh [--no-sanitizers]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

rs_ensure_packages $RS_TEST_PACKAGES
rs_ensure_locales

sanitizers=1
[ "${1:-}" = "--no-sanitizers" ] && sanitizers=0

setup() { # dir, extra args…
	local dir=$1; shift
	if [ -d "$dir" ]; then
		meson setup --reconfigure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$@"
	fi
}

setup build -Dwerror=true
meson compile -C build
meson test -C build --print-errorlogs

if [ "$sanitizers" = 1 ]; then
	meson test -C build --setup=valgrind --suite core --print-errorlogs
fi

if [ "$sanitizers" = 1 ]; then
	setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug -Dwerror=true
	meson compile -C build-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		meson test -C build-asan --print-errorlogs
fi
