#!/bin/bash
# make check: release build + every suite, then the unit and fuzz-replay
# suites under ASan+UBSan built with clang. Ends with the total counts
# and fails on any failure or skipped test.
set -uo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
total_pass=0 total_fail=0 status=0

suite() { # name builddir ctest-args...
	local name=$1 dir=$2
	shift 2
	echo "=== $name"
	local log
	log=$(mktemp)
	(cd "$dir" && ctest --output-on-failure --no-tests=error "$@") 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	local line n f
	line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -1)
	n=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
	f=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$line")
	if grep -qE "\*\*\*Not Run|\*\*\*Skipped|Disabled" "$log"; then
		echo "check: $name: a test was skipped or not run"
		rc=1
	fi
	rm -f "$log"
	[ -z "$n" ] && { n=0; f=1; }
	total_pass=$((total_pass + n - f))
	total_fail=$((total_fail + f))
	[ "$rc" -ne 0 ] && status=1
}

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null || exit 1
cmake --build build -j "$JOBS" || exit 1
suite "release: every suite" build

CC=clang cmake -S . -B build-asan -DLL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
	>/dev/null || exit 1
cmake --build build-asan -j "$JOBS" || exit 1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	suite "ASan+UBSan: unit, fuzz-replay and server namespace suites" build-asan \
	-L "unit|fuzz|asan-netns"

echo
echo "check: $total_pass passed, $total_fail failed"
exit $status
