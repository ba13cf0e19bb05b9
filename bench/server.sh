#!/bin/bash
# bench/server: lanleased (SQLite lookups by MAC, lease state and history
# committed before each ACK), Kea 2.2 (memfile, leases written to its
# file) and ISC dhcpd 4.4 on the same veth pair, each driven by
# lanlease-probe load as a relay (DORA, closed loop), 3 runs each.
# Then bench/server_db.sh: lanleased and Kea on PostgreSQL and on
# MariaDB (BENCH_DB=0 skips them), and bench/server_pool.sh: a 64k
# dynamic pool, new and known clients, against Kea's (BENCH_POOL=0
# skips it), and bench/server_http.sh: the HTTP service's cost, idle and
# scraped every second (BENCH_HTTP=0 skips it).
# Prints DORA/s per server and the ratio to the best peer.
# Usage: bench/server.sh BUILD_DIR [SECONDS] [CLIENTS]
. "$(dirname "$0")/../tests/netns/lib.sh"
. "$(dirname "$0")/lib.sh"
B=${1:-build}
SECS=${2:-5}
N=${3:-5000}
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/16 cli cli0 10.77.0.2/16


# lanleased: one map row per simulated client (02:42:00:00:hh:ll)
DB=$LL_TMP/bench.sqlite
bench_sqlite_db "$DB" "$LL_TMP/conf.lua" || exit 1
ll_bg srv "$LL_TMP/lanleased.log" "$B/lanleased" -c "$LL_TMP/conf.lua"
P=$LL_PID
ll_wait_udp srv 67
echo "lanleased (SQLite, durable history):" >&2
lanleased=$(bench_runs lanleased)
ll_stop "$P"

# the same with trivial hooks: filter_packet and load_dhcp_packet that
# look at the packet and let it through (lanleased-hooks(7))
cp "$LL_TMP/conf.lua" "$LL_TMP/hooks.lua"
cat >>"$LL_TMP/hooks.lua" <<'LUA'
function filter_packet(packet, method, mac, client_ip, relay_ip, port)
    return mac ~= "00:00:00:00:00:00"
end
function load_dhcp_packet(packet, method, mac, definition, relay_ip, port, source)
    packet.meta.seen = true
    return true
end
LUA
ll_bg srv "$LL_TMP/lanleased-hooks.log" "$B/lanleased" -c "$LL_TMP/hooks.lua"
P=$LL_PID
ll_wait_udp srv 67
echo "lanleased with trivial Lua hooks:" >&2
hooks=$(bench_runs lanleased+hooks)
ll_stop "$P"

# Kea 2.2, memfile with its lease file
ll_kea srv srv0 10.77.0.0/16 "10.77.1.0 - 10.77.255.250" udp 3600 \
	"$LL_TMP/kea/leases.csv"
P=$LL_KEA
echo "Kea 2.2 (memfile):" >&2
kea=$(bench_runs kea)
ll_stop "$P"

# ISC dhcpd 4.4
cat >"$LL_TMP/dhcpd.conf" <<DH
default-lease-time 3600; max-lease-time 3600; authoritative; ping-check false;
subnet 10.77.0.0 netmask 255.255.0.0 { range 10.77.1.1 10.77.255.250;
  option routers 10.77.0.1; }
DH
: >"$LL_TMP/dhcpd.leases"
ll_bg srv "$LL_TMP/dhcpd.log" dhcpd -4 -f -q -cf "$LL_TMP/dhcpd.conf" \
	-lf "$LL_TMP/dhcpd.leases" -pf "$LL_TMP/dhcpd.pid" srv0
P=$LL_PID
ll_wait_udp srv 67
echo "ISC dhcpd 4.4:" >&2
dhcpd=$(bench_runs dhcpd)
ll_stop "$P"

# the ceiling of this path: a trivial responder (no lookup, no storage,
# batched syscalls, 2 threads) under the same load; no server can go
# faster here, so a goal above it is a goal for another machine
ll_bg srv "$LL_TMP/resp.log" "$B/ll-responder" 10.77.0.1 --threads 2
P=$LL_PID
ll_wait_udp srv 67
echo "trivial responder (the path's ceiling):" >&2
ceiling=$(bench_runs responder)
ll_stop "$P"

declare -A db
if [ "${BENCH_DB:-1}" != 0 ]; then
	for e in postgresql mariadb; do
		while read -r who rate; do db[$e-$who]=$rate; done \
			< <(bash "$(dirname "$0")/server_db.sh" "$e" "$B" "$SECS" "$N")
	done
fi

declare -A http
if [ "${BENCH_HTTP:-1}" != 0 ]; then
	while read -r who rate; do http[$who]=$rate; done \
		< <(bash "$(dirname "$0")/server_http.sh" "$B" "$SECS" "$N")
fi

declare -A pool
if [ "${BENCH_POOL:-1}" != 0 ]; then
	while read -r who rate; do pool[$who]=$rate; done \
		< <(bash "$(dirname "$0")/server_pool.sh" "$B" "$SECS")
fi

echo
printf "%-34s %10s\n" "server (same veth, same load)" "DORA/s"
printf "%-34s %10.0f\n" "lanleased (SQLite, durable)" "$lanleased"
printf "%-34s %10.0f\n" "lanleased + trivial Lua hooks" "$hooks"
printf "%-34s %10.0f\n" "Kea 2.2 (memfile)" "$kea"
printf "%-34s %10.0f\n" "ISC dhcpd 4.4" "$dhcpd"
awk -v l="$lanleased" -v k="$kea" -v d="$dhcpd" 'BEGIN {
	best = k > d ? k : d
	if (best > 0) printf "ratio: lanleased / best peer = %.2fx (goal vs Kea: 4x; vs Kea %.2fx)\n", l / best, (k > 0 ? l / k : 0) }'
printf "%-34s %10.0f\n" "trivial responder (ceiling)" "$ceiling"
awk -v c="$ceiling" -v k="$kea" -v l="$lanleased" 'BEGIN {
	if (k > 0) printf "ceiling: %.2fx Kea (4x Kea needs %.0f DORA/s); lanleased reaches %.0f%% of the ceiling\n", c / k, 4 * k, (c > 0 ? 100 * l / c : 0) }'
awk -v l="$lanleased" -v h="$hooks" 'BEGIN {
	if (l > 0) printf "hooks: %.2f of the no-hook rate (cost %.0f%%; goal: at most 20%%)\n", h / l, 100 * (1 - h / l) }'
for e in postgresql mariadb; do
	[ -n "${db[$e-lanleased]:-}" ] || continue
	printf "%-34s %10.0f\n" "lanleased ($e, durable)" "${db[$e-lanleased]}"
	printf "%-34s %10.0f\n" "Kea 2.2 ($e lease backend)" "${db[$e-kea]:-0}"
	awk -v l="${db[$e-lanleased]}" -v k="${db[$e-kea]:-0}" -v e="$e" 'BEGIN {
		if (k > 0) printf "ratio on %s: lanleased / Kea = %.2fx (goal: 3x)\n", e, l / k }'
done
for k in new known; do
	[ -n "${pool[lanleased-$k]:-}" ] || continue
	printf "%-34s %10.0f\n" "lanleased pool 64k, $k clients" "${pool[lanleased-$k]}"
	printf "%-34s %10.0f\n" "Kea 2.2 pool 64k (memfile), $k" "${pool[kea-$k]:-0}"
	awk -v l="${pool[lanleased-$k]}" -v k="${pool[kea-$k]:-0}" -v w="$k" 'BEGIN {
		if (k > 0) printf "ratio, pool with %s clients: lanleased / Kea = %.2fx (goal: 4x)\n", w, l / k }'
done
if [ -n "${http[plain]:-}" ]; then
	printf "%-34s %10.0f\n" "lanleased, no http (median)" "${http[plain]}"
	printf "%-34s %10.0f\n" "lanleased, http idle" "${http[idle]:-0}"
	printf "%-34s %10.0f\n" "lanleased, http scraped 1/s" "${http[scraped]:-0}"
	awk -v p="${http[plain]}" -v i="${http[idle]:-0}" -v s="${http[scraped]:-0}" 'BEGIN {
		if (p > 0) printf "http: idle %.3f, scraped every second %.3f of the rate without it (goal: no measurable cost idle, under 5%% scraped)\n", i / p, s / p }'
fi
