#!/bin/bash
# Two lanleased instances on one database (PostgreSQL or MariaDB, a
# throwaway server the test starts), each serving its own link: the same
# client gets the same answer from either; an address leased through one
# is refused to another client through the other; both under load, one
# stopped in the middle: every ACK either sent has exactly one history
# row. Usage: server_scaleout.sh postgresql|mariadb BUILD
. "$(dirname "$0")/lib.sh"
DRIVER=$1 B=$2
ll_need_root
ll_db_start "$DRIVER" || exit $?
ll_ns a && ll_ns ca && ll_ns b && ll_ns cb || exit 1
ll_link a srv0 10.77.0.1/24 ca cli0 -
ll_link b srv0 10.77.0.1/24 cb cli0 -
conf() { # NAME
	mkdir -p "$LL_TMP/state-$1"
	cat >"$LL_TMP/$1.lua" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "mac", "circuit-id",
           { sql = "SELECT ip, subnet FROM race WHERE mac = {chaddr}" } }
lease_time = 300
state_dir = "$LL_TMP/state-$1"
LUA
}
conf a; conf b
"$B/lanleased" -c "$LL_TMP/a.lua" --init-db || exit 1
sql "INSERT INTO subnets (subnet, subnet_mask, gateway) VALUES ('s', '255.255.0.0', '10.77.0.1');
INSERT INTO maps (mac, ip, subnet) VALUES ('02:aa:00:00:00:01', '10.77.0.51', 's');
INSERT INTO circuits (circuit_id, ip, subnet) VALUES ('0102', '10.77.0.51', 's');"
for p in 41 42; do
	sql "INSERT INTO maps (mac, ip, subnet) VALUES $(for n in $(seq 0 199); do
		printf "('02:%s:00:00:00:%02x', '10.77.%d.%d', 's')," $p $n $((p - 30)) $((n + 1)); done | sed 's/,$//');"
done
# a race: 02:43:... (through A) and 02:44:... (through B) are both given
# 10.77.13.N (a table of the operator's), so the servers compete for each
sql "CREATE TABLE race (mac VARCHAR(17), ip VARCHAR(15), subnet VARCHAR(32))"
for p in 43 44; do
	sql "INSERT INTO race (mac, ip, subnet) VALUES $(for n in $(seq 0 199); do
		printf "('02:%s:00:00:00:%02x', '10.77.13.%d', 's')," $p $n $((n + 1)); done | sed 's/,$//');"
done
ll_bg a "$LL_TMP/a.log" "$B/lanleased" -c "$LL_TMP/a.lua"
A=$LL_PID
ll_bg b "$LL_TMP/b.log" "$B/lanleased" -c "$LL_TMP/b.lua"
BP=$LL_PID
ll_wait_udp a 67 && ll_wait_udp b 67
dora() { local ns=$1; shift; ll_in "$ns" "$B/lanlease-probe" dora -i cli0 --timeout 2 "$@" >"$LL_TMP/o" 2>&1; }
dora ca --chaddr 02:aa:00:00:00:01
ll_check "server A: the client gets 10.77.0.51" grep -q "yiaddr=10.77.0.51" "$LL_TMP/o"
dora cb --chaddr 02:aa:00:00:00:01
ll_check "server B: the same client gets the same answer" grep -q "yiaddr=10.77.0.51" "$LL_TMP/o"
ll_rc "server B refuses that address to another client (the lease is A's client's)" 3 \
	dora cb --chaddr 02:aa:00:00:00:02 -o "relay-agent-information={circuit-id=hex:0102}"
ll_check "  and logs the conflict" grep -q "conflict: 10.77.0.51" "$LL_TMP/b.log"
# the race: each address goes to one client only, whichever server
# commits first; the other client gets nothing (no ACK, no history row)
ll_in ca "$B/lanlease-probe" load -i cli0 --clients 200 --mac-prefix 0x43 \
	--duration 3 --window 64 -q >/dev/null 2>&1 &
L1=$!
ll_in cb "$B/lanlease-probe" load -i cli0 --clients 200 --mac-prefix 0x44 \
	--duration 3 --window 64 -q >/dev/null 2>&1 &
L2=$!
wait $L1 $L2 2>/dev/null
won=$(sql "SELECT count(DISTINCT ip) FROM history WHERE ip LIKE '10.77.13.%'")
ll_check "the race: $won of 200 contested addresses leased" test "$won" -ge 100
ll_check "  each to one client only (history)" test "$(sql "SELECT count(*) FROM
	(SELECT ip FROM history WHERE ip LIKE '10.77.13.%' GROUP BY ip
	 HAVING count(DISTINCT mac) > 1) d")" = 0
ll_check "  the losers were refused" grep -q "conflict: 10.77.13." "$LL_TMP/a.log" "$LL_TMP/b.log"
# both under load, A stopped in the middle
ll_in ca "$B/lanlease-probe" load -i cli0 --clients 200 --mac-prefix 0x41 \
	--duration 4 --window 32 -q >/dev/null 2>&1 &
L1=$!
ll_in cb "$B/lanlease-probe" load -i cli0 --clients 200 --mac-prefix 0x42 \
	--duration 4 --window 32 -q >/dev/null 2>&1 &
L2=$!
sleep 2
ll_stop "$A"
wait $L1 $L2 2>/dev/null
ll_stop "$BP"
acks() { awk '$1 == "pkt4-ack-sent" { v = $2 } END { print v + 0 }' "$1"; }
total=$(( $(acks "$LL_TMP/a.log") + $(acks "$LL_TMP/b.log") ))
rows=$(sql "SELECT count(*) FROM history WHERE method LIKE 'REQUEST%'")
ll_check "under load with one server stopped: $total ACKs, $rows history rows" \
	bash -c "[ $total -ge 100 ] && [ $total = $rows ]"
ll_check "no address acknowledged to two clients (history)" \
	test "$(sql "SELECT count(*) FROM (SELECT ip FROM history WHERE method LIKE 'REQUEST%'
		GROUP BY ip HAVING count(DISTINCT mac) > 1) d")" = 0
grep -h "^address-conflicts\|^database-retries" "$LL_TMP"/[ab].log >&2
ll_done
