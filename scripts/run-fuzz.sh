#!/bin/bash
# A bounded fuzzing run of the core library's parsers (tests/fuzz): builds the libFuzzer targets
# with clang-14, AddressSanitizer and UBSan in build-fuzz/, runs each for SECONDS (default 30)
# on a scratch copy of its seed corpus (the committed corpus never grows), prints one line per
# target (executions, edges covered, features) and a total, and fails on any crash, leak,
# timeout or broken invariant, keeping the input in build-fuzz/crashes/.
#   scripts/run-fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

seconds=${1:-30}
case $seconds in
	''|*[!0-9]*|0) echo "Usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

# shellcheck disable=SC2086 # a list of packages
rs_ensure_packages $RS_FUZZ_PACKAGES

targets="csv ics json money date period iban email sale-variant agenda-cursor"
build="build-fuzz"
options=(-Dfuzzing=true -Dtests=false "-Db_sanitize=address,undefined" -Db_lundef=false -Dbuildtype=debug)

if [ -d "$build" ]; then
	meson setup --reconfigure "$build" "${options[@]}" >/dev/null
else
	CC=clang-14 meson setup "$build" "${options[@]}" >/dev/null
fi
# Only the targets: the EDS modules do not link under clang's sanitizers (-Wl,--no-undefined
# with a runtime clang links into executables only), and nothing else is needed here.
# Quiet unless it fails (ninja prints the compiler's errors on standard output).
# shellcheck disable=SC2046,SC2086
if ! output=$(meson compile -C "$build" $(printf 'fuzz-%s ' $targets) 2>&1); then
	echo "$output" >&2
	exit 1
fi

# Leaks count as failures (libFuzzer's default with ASan); UBSan stops at the first report so
# that libFuzzer keeps the input. GLib's slice allocator would hide leaks and overflows.
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export G_SLICE=always-malloc G_DEBUG=gc-friendly
for symbolizer in /usr/lib/llvm-14/bin/llvm-symbolizer /usr/bin/llvm-symbolizer-14; do
	if [ -x "$symbolizer" ]; then
		export ASAN_SYMBOLIZER_PATH=$symbolizer
		break
	fi
done

# Both hold this run only: the scratch corpora, the logs, and the inputs that failed.
work=$build/fuzz-work
crashes=$build/crashes
rm -rf "$work" "$crashes"
mkdir -p "$work" "$crashes"

total_execs=0
failed=""
for target in $targets; do
	corpus=$work/$target
	log=$work/$target.log
	cp -r "tests/fuzz/corpus/$target" "$corpus"
	args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
	      -artifact_prefix="$crashes/$target-")
	[ -f "tests/fuzz/$target.dict" ] && args+=(-dict="tests/fuzz/$target.dict")

	status=0
	"$build/tests/fuzz/fuzz-$target" "${args[@]}" "$corpus" >"$log" 2>&1 || status=$?

	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	# The last status line ("#N DONE cov: C ft: F corp: …"), or the last one before a crash.
	last=$(grep -E '^#[0-9]+.* cov: ' "$log" | tail -n 1 || true)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
	total_execs=$((total_execs + ${execs:-0}))

	if [ "$status" -eq 0 ]; then
		result=ok
	else
		result="FAILED (exit $status)"
		failed="$failed $target"
	fi
	printf 'fuzz-%-13s %10s executions  cov %5s  ft %6s  corpus %5s  %s\n' \
		"$target" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"

	if [ "$status" -ne 0 ]; then
		echo "---- $log (end) ----" >&2
		grep -vE '^#[0-9]+' "$log" | tail -n 60 >&2 || true
		# ASan's fast unwinder stops in GLib (built without frame pointers): show the whole
		# stack of the kept input once more.
		for input in "$crashes/$target-"*; do
			[ -f "$input" ] || continue
			echo "---- $input, again with full stacks ----" >&2
			ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0 \
				"$build/tests/fuzz/fuzz-$target" -timeout=10 -rss_limit_mb=2048 "$input" 2>&1 |
				grep -vE '^(INFO|Running|Executed|\*\*\*)' | tail -n 60 >&2 || true
		done
	fi
done

echo "fuzzing: $total_execs executions, $(wc -w <<<"$targets") targets × $seconds s, failed:${failed:- none}"
[ -z "$failed" ] || { echo "Crashing inputs are in $crashes/." >&2; exit 1; }
