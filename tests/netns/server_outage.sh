#!/bin/bash
# The database fails under a steady load of known clients (PostgreSQL
# or MariaDB, a throwaway server the test starts): first it turns slow
# (its tables locked by another session for 8 s), then it stops for
# OUTAGE seconds (default 60), and lanleased is restarted while it is
# down. Every known client is served throughout (the probe's --max-drop
# 0), and once the database is back every ACK has exactly one history
# row: none lost, none doubled.
# Usage: server_outage.sh postgresql|mariadb BUILD [OUTAGE]
. "$(dirname "$0")/lib.sh"
DRIVER=$1 B=$2 OUTAGE=${3:-60}
ll_need_root
ll_db_start "$DRIVER" || exit $?
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/16 cli cli0 10.77.0.2/16
mkdir -p "$LL_TMP/state"
C=$LL_TMP/conf.lua
cat >"$C" <<LUA
interfaces = { "srv0" }
database = $(echo "$DBCONF" | sed 's/ }$/, query_timeout = 500 }/')
lookup = { "mac" }
state_dir = "$LL_TMP/state"
lease_time = 600
LUA
"$B/lanleased" -c "$C" --init-db || exit 1
sql "INSERT INTO subnets (subnet, subnet_mask, gateway) VALUES ('s', '255.255.0.0', '10.77.0.1');
INSERT INTO maps (mac, ip, subnet) VALUES $(for n in $(seq 0 199); do
	printf "('02:45:00:00:00:%02x', '10.77.45.%d', 's')," $n $((n + 1)); done | sed 's/,$//');"
start() { # LOG
	ll_bg srv "$1" "$B/lanleased" -c "$C"
	SRV=$LL_PID
	ll_wait_udp srv 67
}
load() { # SECONDS OUT: 200 known clients, 100 DORA/s, none may fail
	ll_in cli "$B/lanlease-probe" load --relay 10.77.0.1 --clients 200 \
		--mac-prefix 0x45 --rate 100 --duration "$1" --timeout 2 \
		--retries 3 --max-drop 0 --json >"$2" 2>/dev/null
}
acks() { kill -USR1 "$SRV"; sleep 0.3; awk '$1 == "pkt4-ack-sent" { v = $2 } END { print v + 0 }' "$1"; }
counter() { awk -v k="$2" '$1 == k { v = $2 } END { print v + 0 }' "$1"; }
history() { sql "SELECT count(*) FROM history WHERE mac LIKE '02:45:%'"; }
spools_empty() {
	for i in $(seq 1 225); do # the breaker retries at most 30 s apart
		[ -s "$LL_TMP/state/spool-0" ] || [ -s "$LL_TMP/state/spool-1" ] || return 0
		sleep 0.2
	done
	return 1
}

start "$LL_TMP/l1.log"
ll_check "warm-up: every known client served once" load 3 "$LL_TMP/w.json"

# slow: another session holds the tables for 8 s
case $DRIVER in
postgresql) ll_psql "BEGIN; LOCK TABLE maps, leases, history IN ACCESS EXCLUSIVE MODE;
	SELECT pg_sleep(8); COMMIT;" >/dev/null 2>&1 & ;;
mariadb) ll_mysql "LOCK TABLES maps WRITE, leases WRITE, history WRITE;
	SELECT SLEEP(8); UNLOCK TABLES;" >/dev/null 2>&1 & ;;
esac
LOCKER=$!
ll_check "a slow database (tables locked 8 s): no known client misses" load 12 "$LL_TMP/s.json"
wait "$LOCKER"
ll_check "  the slowness opened the breaker" grep -q "DATABASE DOWN" "$LL_TMP/l1.log"

# down for OUTAGE seconds under load
load $((OUTAGE + 15)) "$LL_TMP/o.json" &
L=$!
sleep 5
case $DRIVER in postgresql) ll_pg_stop ;; mariadb) ll_my_stop ;; esac
sleep "$OUTAGE"
case $DRIVER in postgresql) ll_pg_resume ;; mariadb) ll_my_run ;; esac
wait $L
ll_check "database down ${OUTAGE} s under load: every known client served" test $? = 0
ll_check "  every exchange completed" grep -q '"drops":0[,}]' "$LL_TMP/o.json"
ll_check "  the spool was replayed" spools_empty
a1=$(acks "$LL_TMP/l1.log")
sp=$(counter "$LL_TMP/l1.log" spooled-records)
ll_check "  records were spooled during the outage ($sp)" test "$sp" -ge $((OUTAGE * 50))
h1=$(history)
ll_check "  every ACK has one history row ($a1 ACKs, $h1 rows)" test "$a1" = "$h1"

# lanleased restarted while the database is down: the persisted cache
# answers, the spool takes the records
case $DRIVER in postgresql) ll_pg_stop ;; mariadb) ll_my_stop ;; esac
ll_stop "$SRV"
start "$LL_TMP/l2.log"
ll_check "restarted during an outage: every known client served" load 8 "$LL_TMP/r.json"
ll_check "  from the persisted cache" grep -q "last-known-good answer(s) from" "$LL_TMP/l2.log"
case $DRIVER in postgresql) ll_pg_resume ;; mariadb) ll_my_run ;; esac
sleep 2
ll_check "  the spool was replayed once the database returned" spools_empty
a2=$(acks "$LL_TMP/l2.log")
h2=$(history)
ll_check "  every ACK has one history row ($a2 more ACKs, $((h2 - h1)) more rows)" \
	test "$a2" = "$((h2 - h1))"
[ "$LL_FAIL" -gt 0 ] && { cat "$LL_TMP"/*.json; tail -n 30 "$LL_TMP/l1.log" "$LL_TMP/l2.log"; }
ll_done
