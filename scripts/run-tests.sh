#!/bin/bash
# The whole test suite, on a fresh Debian 12 machine: installs what it needs, builds, runs
# `meson test`, the core library's tests again under valgrind (no leaks), the calendar backend's
# tests with the calendar factory under valgrind, then the whole suite built with AddressSanitizer
# and UBSan, then a bounded fuzzing run of the parsers (run-fuzz.sh).
#   scripts/run-tests.sh [--no-sanitizers]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

rs_ensure_packages $RS_TEST_PACKAGES $RS_FUZZ_PACKAGES $RS_EVOLUTION_BUILD_PACKAGES $RS_EVOLUTION_TEST_PACKAGES
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
	meson test -C build --setup=valgrind --suite unit --print-errorlogs
	# The backend runs inside evolution-calendar-factory, which cannot load the sanitizer build:
	# the factory under valgrind instead; any memory error or definite leak fails (2 to 3 min).
	meson test -C build --setup=edsvalgrind --suite backend --print-errorlogs
fi

if [ "$sanitizers" = 1 ]; then
	setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug -Dwerror=true
	meson compile -C build-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		meson test -C build-asan --print-errorlogs
fi

if [ "$sanitizers" = 1 ]; then
	# The parsers' libFuzzer targets, 30 s each (tests/fuzz); any crash, leak or broken
	# invariant fails here, its input kept in build-fuzz/crashes/.
	scripts/run-fuzz.sh 30
fi

# One closing line over every run above (meson stops the script on any failure first).
logs=(build/meson-logs/testlog.json)
[ "$sanitizers" = 1 ] && logs+=(build/meson-logs/testlog-valgrind.json build-asan/meson-logs/testlog.json)
[ "$sanitizers" = 1 ] && logs+=(build/meson-logs/testlog-edsvalgrind.json)
/usr/bin/python3 - "${logs[@]}" <<'PY'
import json, re, sys, os
passed = failed = skipped = 0
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue
    for line in open(path, encoding="utf-8"):
        test = json.loads(line)
        stdout = test.get("stdout") or ""
        result = test.get("result")
        if result == "SKIP":
            skipped += 1
        elif result == "OK":
            passed += len(re.findall(r"(?m)^ok \d+", stdout)) or 1
        else:
            failed += max(1, len(re.findall(r"(?m)^not ok \d+", stdout)))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
