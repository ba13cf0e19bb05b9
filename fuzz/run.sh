#!/bin/bash
# Runs every libFuzzer harness for FUZZ_SECONDS (default 60), FUZZ_JOBS
# at a time, then merges what each grew into its committed corpus
# (minimised). Crashes go to fuzz/artifacts/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-$(nproc)}
BUILD=${FUZZ_BUILD:-build-fuzz}
HARNESSES=${FUZZ_HARNESSES:-"parse roundtrip text relay82 domains119 routes121 frame server vars client pydhcpdb dccache httpreq"}
CC=clang cmake -S . -B "$BUILD" -DLL_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$BUILD" -j "$JOBS" >/dev/null
mkdir -p fuzz/artifacts fuzz/logs
run_one() {
	local h=$1 new
	new=$(mktemp -d "/tmp/llfuzz.$h.XXXXXX")
	echo "fuzz: $h for ${SECS}s"
	if ! "$BUILD/fuzz-$h" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="fuzz/artifacts/$h-" -print_final_stats=1 \
		"$new" "fuzz/corpus/$h" >"fuzz/logs/$h.log" 2>&1; then
		echo "fuzz: $h FOUND A CRASH: see fuzz/logs/$h.log and fuzz/artifacts/"
		return 1
	fi
	local min
	min=$(mktemp -d "/tmp/llfuzz.$h.min.XXXXXX")
	"$BUILD/fuzz-$h" -merge=1 "$min" "fuzz/corpus/$h" "$new" >/dev/null 2>&1
	rm -rf "fuzz/corpus/$h" && mkdir -p "fuzz/corpus/$h"
	cp "$min"/* "fuzz/corpus/$h/"
	rm -rf "$new" "$min"
	echo "fuzz: $h done: $(grep -E 'stat::number_of_executed_units' "fuzz/logs/$h.log" | awk '{print $2}') runs, corpus $(ls "fuzz/corpus/$h" | wc -l) files"
}
export -f run_one
export SECS BUILD
printf '%s\n' $HARNESSES | xargs -P "$JOBS" -I{} bash -c 'run_one {}'
