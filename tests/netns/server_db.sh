#!/bin/bash
# lanleased on PostgreSQL or MariaDB (a throwaway server the test starts
# itself; usage: server_db.sh postgresql|mariadb BUILD):
# --init-db creates the documented schema, the lookup chain (MAC,
# Option 82 circuit, a user template with bound $n parameters) serves a
# client, lease state and history are committed before the ACK, and a
# hostile hostname is stored byte-exact without changing any table.
. "$(dirname "$0")/lib.sh"
DRIVER=$1 B=$2
ll_need_root
ll_db_start "$DRIVER" || exit $?
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/24 cli cli0 -
C=$LL_TMP/conf.lua
cat >"$C" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "mac", "circuit-id",
  { sql = "SELECT ip, subnet FROM special WHERE hostname = {host-name}" } }
history_sql = "INSERT INTO audit (mac, hostname) VALUES ({chaddr}, {host-name})"
lease_time = 300
cache_ttl = 1
state_dir = "$LL_TMP/state"
LUA
mkdir -p "$LL_TMP/state"
ll_check "--init-db creates the schema on $DRIVER" "$B/lanleased" -c "$C" --init-db
sql "INSERT INTO subnets (subnet, subnet_mask, gateway) VALUES ('s', '255.255.255.0', '10.77.0.1');
INSERT INTO maps (mac, ip, subnet) VALUES ('02:aa:00:00:00:01', '10.77.0.51', 's');
INSERT INTO circuits (circuit_id, ip, subnet) VALUES ('0102', '10.77.0.61', 's');
CREATE TABLE special (hostname TEXT, ip TEXT, subnet TEXT);
INSERT INTO special VALUES ('lab7', '10.77.0.71', 's');
CREATE TABLE audit (mac TEXT, hostname TEXT CHECK (hostname IS NULL OR hostname <> 'poison'));"
ll_check "-t shows the driver" bash -c "'$B/lanleased' -c '$C' -t | grep -q '^database = $DRIVER'"
ll_bg srv "$LL_TMP/l.log" "$B/lanleased" -c "$C"
SRV=$LL_PID
ll_wait_udp srv 67
dora() { ll_in cli "$B/lanlease-probe" dora -i cli0 --timeout 2 "$@" >"$LL_TMP/o" 2>&1; }
dora --chaddr 02:aa:00:00:00:01
ll_check "by MAC: 10.77.0.51" grep -q "yiaddr=10.77.0.51" "$LL_TMP/o"
dora --chaddr 02:aa:00:00:00:02 -o "relay-agent-information={circuit-id=hex:0102}"
ll_check "by Option 82 circuit: 10.77.0.61" grep -q "yiaddr=10.77.0.61" "$LL_TMP/o"
dora --chaddr 02:aa:00:00:00:03 -o 'host-name="lab7"'
ll_check "by a user template (bound parameters): 10.77.0.71" grep -q "yiaddr=10.77.0.71" "$LL_TMP/o"
ll_check "lease rows committed" test "$(sql "SELECT count(*) FROM leases WHERE state = 'bound'")" = 3
ll_check "history rows committed" test "$(sql "SELECT count(*) FROM history WHERE method = 'REQUEST:SELECTING'")" = 3
EVIL="x'); DROP TABLE maps;--"
dora --chaddr 02:aa:00:00:00:01 -o "host-name=\"$EVIL\""
ll_check "a hostile hostname is stored byte-exact" \
	test "$(sql "SELECT hostname FROM audit WHERE hostname LIKE 'x%'")" = "$EVIL"
ll_check "  and no table changed" test "$(sql "SELECT count(*) FROM maps")" = 1
# the database restarts: the server logs it, reconnects, serves again
case $DRIVER in postgresql) ll_pg_restart ;; mariadb) ll_my_restart ;; esac
before=$(sql "SELECT count(*) FROM history")
for i in 1 2 3; do dora --chaddr 02:aa:00:00:00:01 && break; sleep 1; done
ll_check "after a database restart the server reconnects" grep -q "$DRIVER: reconnected" "$LL_TMP/l.log"
ll_check "  and serves again" grep -q "yiaddr=10.77.0.51" "$LL_TMP/o"
# (a request caught by the restart may be answered from the cache and
# spooled, then replayed a second later: wait for the row)
for i in $(seq 1 25); do [ "$(sql "SELECT count(*) FROM history")" -gt "$before" ] && break; sleep 0.2; done
ll_check "  with its history committed" test "$(sql "SELECT count(*) FROM history")" -gt "$before"
mark=$(sql "SELECT count(*) FROM history WHERE mac = '02:aa:00:00:00:01'")
# an outage: lookups come from the last-known-good cache (an OFFER needs
# no write); unknown clients get nothing; it is logged and counted
disc() { ll_in cli "$B/lanlease-probe" discover -i cli0 --timeout 2 "$@" >"$LL_TMP/o" 2>&1; }
case $DRIVER in postgresql) ll_pg_stop ;; mariadb) ll_my_stop ;; esac
sleep 1.5
ll_rc "database down: a known client gets its OFFER from the last-known-good cache" 0 \
	disc --chaddr 02:aa:00:00:00:01
ll_check "  with its address" grep -q "yiaddr=10.77.0.51" "$LL_TMP/o"
ll_rc "  an unknown client gets nothing" 3 disc --chaddr 02:aa:00:00:00:09
ll_check "  the outage is logged" grep -q "DATABASE DOWN" "$LL_TMP/l.log"
kill -USR1 "$SRV"; sleep 0.3
ll_check "  and in the statistics" bash -c "grep -q '^database-up 0' $LL_TMP/l.log && grep -q '^database-down-cache-answers [1-9]' $LL_TMP/l.log"
# an ACK during the outage: its lease and history records go to the
# spool (fsync'd before the reply), and reach the database exactly once
ACKS=0
ll_rc "database down: a known client's REQUEST is still ACKed" 0 dora --chaddr 02:aa:00:00:00:01
ACKS=$((ACKS + 1))
kill -USR1 "$SRV"; sleep 0.3
ll_check "  its records were spooled" bash -c "grep -q '^spooled-records [1-9]' $LL_TMP/l.log && cat $LL_TMP/state/spool-* | grep -q REQUEST"
# a server started while the database is down starts, and says so
ll_stop "$SRV"
ll_bg srv "$LL_TMP/l2.log" "$B/lanleased" -c "$C"
SRV=$LL_PID
ll_wait_udp srv 67
ll_wait_log "$LL_TMP/l2.log" "serving on"
ll_check "a server started with the database down runs and says so" \
	bash -c "kill -0 $SRV && grep -q 'DATABASE DOWN at start' $LL_TMP/l2.log"
ll_check "  and finds the spool" grep -q "holds records from an outage" "$LL_TMP/l2.log"
ll_check "  and the last run's last-known-good answers" grep -q "last-known-good answer(s) from" "$LL_TMP/l2.log"
ll_rc "  with which it acknowledges a known client (spooled)" 0 dora --chaddr 02:aa:00:00:00:01
ACKS=$((ACKS + 1))
case $DRIVER in postgresql) ll_pg_resume ;; mariadb) ll_my_run ;; esac
for i in $(seq 1 10); do dora --chaddr 02:aa:00:00:00:01 && { ACKS=$((ACKS + 1)); break; }; sleep 1; done
ll_check "when the database is back it connects and serves" grep -q "yiaddr=10.77.0.51" "$LL_TMP/o"
for i in $(seq 1 15); do grep -q "replayed [1-9] spooled record" "$LL_TMP/l2.log" && break; sleep 0.2; done
ll_check "  and replays the spool" grep -q "replayed [1-9] spooled record" "$LL_TMP/l2.log"
# each worker replays its own spool, when its breaker next lets it try
for i in $(seq 1 40); do [ -s "$LL_TMP/state/spool-0" ] || [ -s "$LL_TMP/state/spool-1" ] || break; sleep 0.2; done
ll_check "  which is then empty (every worker's)" bash -c "! [ -s $LL_TMP/state/spool-0 ] && ! [ -s $LL_TMP/state/spool-1 ]"
ll_stop "$SRV"
ll_bg srv "$LL_TMP/l3.log" "$B/lanleased" -c "$C"
SRV=$LL_PID
ll_wait_udp srv 67
sleep 1
after=$(sql "SELECT count(*) FROM history WHERE mac = '02:aa:00:00:00:01'")
ll_check "every ACK has exactly one history row ($ACKS ACKs since the restart, $((after - mark)) rows)" \
	test "$((after - mark))" -eq "$ACKS"
# a record the database refuses for good (history_sql's CHECK): the ACK
# was spooled; after 3 refusals the record is set aside and the spool
# moves on
ll_rc "a record the database refuses: the ACK still goes out (spooled)" 0 \
	dora --chaddr 02:aa:00:00:00:01 -o 'host-name="poison"'
for i in $(seq 1 150); do [ -s "$LL_TMP/state/spool-0" ] || [ -s "$LL_TMP/state/spool-1" ] || break; sleep 0.2; done
ll_check "  it is set aside after 3 refusals and the spool drains" \
	bash -c "cat $LL_TMP/state/spool-*.rejected | grep -q 706f69736f6e && ! [ -s $LL_TMP/state/spool-0 ] && ! [ -s $LL_TMP/state/spool-1 ]"
ll_check "  and logged" grep -q "refused spooled record .* 3 times" "$LL_TMP/l3.log"
dora --chaddr 02:aa:00:00:00:01 -o 'host-name="fine"'
ll_check "  the next record goes straight in" test "$(sql "SELECT count(*) FROM audit WHERE hostname = 'fine'")" = 1
kill -USR1 "$SRV"; sleep 0.3
ll_check "  counted (spool-rejected-records)" grep -q "^spool-rejected-records 1" "$LL_TMP/l3.log"
[ -n "${KEEP_DC:-}" ] && cp "$LL_TMP/state/cache" "$KEEP_DC"
[ "$LL_FAIL" -gt 0 ] && cat "$LL_TMP/l.log" "$LL_TMP/l2.log" | tail -40
ll_done
