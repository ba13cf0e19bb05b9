#!/bin/bash
# bench/server_http: what the HTTP service costs the packet path. The
# same lanleased (SQLite, durable history, 3 workers) on the same veth
# path under the same lanlease-probe load, three ways, interleaved
# round by round so drift hits all three alike:
#   plain    no http table
#   idle     http on, nobody asking
#   scraped  http on, /metrics and /api/v1/statistics fetched every second
# Prints "plain|idle|scraped RATE" (the median of the rounds) on stdout,
# each run on stderr. Goals (lanleased-api(7)): idle within the noise of
# plain, scraped within 5%.
# Usage: bench/server_http.sh BUILD_DIR [SECONDS] [CLIENTS] [ROUNDS]
. "$(dirname "$0")/../tests/netns/lib.sh"
. "$(dirname "$0")/lib.sh"
B=${1:-build}
SECS=${2:-5}
N=${3:-5000}
ROUNDS=${4:-3}
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/16 cli cli0 10.77.0.2/16
DB=$LL_TMP/bench.sqlite
bench_sqlite_db "$DB" "$LL_TMP/plain.lua" || exit 1
cp "$LL_TMP/plain.lua" "$LL_TMP/http.lua"
echo 'http = { listen = "127.0.0.1:8067", tokens = { "bench-token-0123456789" } }' >>"$LL_TMP/http.lua"

# one run of a configuration: its rate
run() { # plain|idle|scraped
	local c=$LL_TMP/plain.lua scraper= r d
	[ "$1" != plain ] && c=$LL_TMP/http.lua
	ll_bg srv "$LL_TMP/$1.log" "$B/lanleased" -c "$c"
	local P=$LL_PID
	ll_wait_udp srv 67
	if [ "$1" = scraped ]; then
		ip netns exec "$LL_P-srv" bash -c 'while :; do
			curl -s -o /dev/null http://127.0.0.1:8067/metrics
			curl -s -o /dev/null http://127.0.0.1:8067/api/v1/statistics
			sleep 1; done' >/dev/null 2>&1 &
		scraper=$!
	fi
	read -r r d < <(bench_load)
	[ -n "$scraper" ] && kill "$scraper" 2>/dev/null && wait "$scraper" 2>/dev/null
	ll_stop "$P"
	echo "  $1: ${r:-0} DORA/s (drops ${d:-?}%)" >&2
	echo "${r:-0}"
}
declare -A all
for i in $(seq 1 "$ROUNDS"); do
	for k in plain idle scraped; do all[$k]+="$(run $k) "; done
done
for k in plain idle scraped; do
	echo "$k $(tr ' ' '\n' <<<"${all[$k]}" | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
done
