#!/bin/bash
# lanleased: one address is never given to two clients (the second gets
# nothing and the conflict is logged), and after opening its sockets the
# server runs as an unprivileged user with no capabilities, still serving.
. "$(dirname "$0")/lib.sh"
B=$1 DRIVER=${2:-sqlite}
ll_need_root
ll_db_start "$DRIVER" || exit $?
D=$(mktemp -d "$LL_TMP/db.XXXXXX") # the server's own, as nobody
if [ "$DRIVER" = sqlite ]; then # SQLite's directory must be nobody's too
	DB=$D/t.sqlite
	DBCONF="{ driver = \"sqlite\", path = \"$DB\" }"
fi
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/24 cli cli0 -
cat >"$LL_TMP/conf.lua" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "mac", "circuit-id" }
user = "nobody"
LUA
"$B/lanleased" -c "$LL_TMP/conf.lua" --init-db || exit 1
# the same address for a MAC and for a circuit: a database conflict
sql "INSERT INTO subnets (subnet, subnet_mask) VALUES ('s', '255.255.255.0');
INSERT INTO maps (mac, ip, subnet) VALUES ('02:dd:00:00:00:01', '10.77.0.70', 's');
INSERT INTO circuits (circuit_id, ip, subnet) VALUES ('0102', '10.77.0.70', 's');"
chown -R nobody "$D"
chmod 755 "$LL_TMP"
ll_bg srv "$LL_TMP/lanleased.log" "$B/lanleased" -c "$LL_TMP/conf.lua"
SRV=$LL_PID
ll_wait_udp srv 67
sleep 0.3
uid=$(awk '/^Uid:/ { print $3 }' "/proc/$SRV/status")
cap=$(awk '/^CapEff:/ { print $2 }' "/proc/$SRV/status")
[ "$uid" = "$(id -u nobody)" ] && ll_ok "runs as nobody after binding (uid $uid)" ||
	ll_ko "runs as nobody after binding (uid $uid)"
[ "$cap" = 0000000000000000 ] && ll_ok "with no capabilities left" ||
	ll_ko "with no capabilities left ($cap)"
ll_rc "the MAC's client binds 10.77.0.70" 0 ll_in cli "$B/lanlease-probe" dora -i cli0 \
	--chaddr 02:dd:00:00:00:01 --timeout 2
ll_rc "the circuit's client gets nothing: the address is taken" 3 ll_in cli \
	"$B/lanlease-probe" discover -i cli0 --chaddr 02:dd:00:00:00:02 \
	-o "relay-agent-information={circuit-id=hex:0102}" --timeout 1
grep -q "conflict: 10.77.0.70 is leased to another client" "$LL_TMP/lanleased.log" &&
	ll_ok "the conflict is logged" || ll_ko "the conflict is logged"
kill -USR1 "$SRV"; sleep 0.3
grep -q "^address-conflicts 1$" "$LL_TMP/lanleased.log" && ll_ok "and counted" ||
	ll_ko "and counted"
history=$(sql "SELECT count(*) FROM history WHERE ip = '10.77.0.70'")
[ "$history" = 1 ] && ll_ok "one history row: the first client's" ||
	ll_ko "one history row ($history)"

# SIGTERM in the middle of a load loses no history: every ACK sent has
# its row (all of them are binds here)
sql "INSERT INTO maps (mac, ip, subnet) VALUES $(ll_maps_values 42 10.77.1 200)"
ll_in cli "$B/lanlease-probe" load -i cli0 --clients 200 --mac-prefix 0x42 \
	--duration 4 --window 64 -q >/dev/null 2>&1 &
LOAD=$!
sleep 2
kill -TERM "$SRV"
for i in $(seq 1 50); do kill -0 "$SRV" 2>/dev/null || break; sleep 0.1; done
wait $LOAD 2>/dev/null
acks=$(awk '$1 == "pkt4-ack-sent" { v = $2 } END { print v + 0 }' "$LL_TMP/lanleased.log")
rows=$(sql "SELECT count(*) FROM history WHERE method LIKE 'REQUEST%'")
if [ "$acks" -ge 100 ] && [ "$rows" = "$acks" ]; then
	ll_ok "SIGTERM under load: $acks ACKs sent, $rows history rows"
else
	ll_ko "SIGTERM under load: $acks ACKs sent, $rows history rows"
fi
ll_done
