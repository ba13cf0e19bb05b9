#!/bin/bash
# bench/server_pool: lanleased's dynamic pool (SQLite, leases committed
# before each ACK) against Kea 2.2 (memfile, its lease file) with the
# same 64k-address pool, same veth pair, same load (lanlease-probe load
# as a relay, DORA, closed loop):
#   new clients   each of 60,000 clients once, on an empty pool (2 runs,
#                 each server restarted with nothing leased)
#   known clients 5,000 clients again and again (each gets its address
#                 back), 3 runs
# Prints "lanleased-new R", "kea-new R", "lanleased-known R",
# "kea-known R" on stdout, details on stderr.
# Usage: bench/server_pool.sh BUILD_DIR [SECONDS]
. "$(dirname "$0")/../tests/netns/lib.sh"
B=${1:-build}
SECS=${2:-5}
NEW=60000 KNOWN=5000
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/16 cli cli0 10.77.0.2/16

rate() { # clients [extra load options]: the DORA rate of one run
	local n=$1
	shift
	ll_in cli "$B/lanlease-probe" load --relay 10.77.0.1 --clients "$n" \
		--window 256 --mac-prefix 0x43 --json "$@" |
		sed -n 's/.*"rate":\([0-9.]*\).*"drop_percent":\([0-9.]*\).*/\1 \2/p'
}
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }

lanleased_start() {
	rm -f "$LL_TMP"/pool.sqlite* "$LL_TMP"/state/*
	mkdir -p "$LL_TMP/state"
	cat >"$LL_TMP/pool.lua" <<LUA
interfaces = { "srv0" }
database = { driver = "sqlite", path = "$LL_TMP/pool.sqlite" }
lookup = { "pool" }
workers = 3
gso = true
state_dir = "$LL_TMP/state"
pools = { { subnet = "10.77.0.0/16", range = "10.77.1.0-10.77.255.250",
            lease_time = 3600, options = { routers = "10.77.0.1" } } }
LUA
	"$B/lanleased" -c "$LL_TMP/pool.lua" --init-db >/dev/null || exit 1
	ll_bg srv "$LL_TMP/lanleased.log" "$B/lanleased" -c "$LL_TMP/pool.lua"
	SRV=$LL_PID
	ll_wait_udp srv 67
}
kea_start() {
	rm -rf "$LL_TMP/kea"
	ll_kea srv srv0 10.77.0.0/16 "10.77.1.0 - 10.77.255.250" udp 3600 \
		"$LL_TMP/kea/leases.csv"
	SRV=$LL_KEA
}

for who in lanleased kea; do
	b=0
	for i in 1 2; do
		"${who}_start"
		read -r r d < <(rate "$NEW" --count "$NEW" --duration 60)
		echo "  $who new clients run $i: ${r:-0} DORA/s (drops ${d:-?}%)" >&2
		b=$(best "${r:-0}" "$b")
		[ "$i" = 2 ] || ll_stop "$SRV"
	done
	echo "$who-new $b"
	b=0
	for i in 1 2 3; do
		read -r r d < <(rate "$KNOWN" --duration "$SECS")
		echo "  $who known clients run $i: ${r:-0} DORA/s (drops ${d:-?}%)" >&2
		b=$(best "${r:-0}" "$b")
	done
	echo "$who-known $b"
	ll_stop "$SRV"
done
