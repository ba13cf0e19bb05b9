#!/bin/bash
# Dynamic pools (lanleased.conf(5) pools, the "pool" lookup step): known
# clients keep their database address; unknown ones get addresses from
# the pool in RFC 2131 4.3.1 order (current, then requested, then the
# longest free); two DISCOVERs for one address get two addresses; an
# exhausted pool answers nothing (no NAK, no crash); RELEASE frees, a
# DECLINE rests on probation, expired leases are reclaimed; a kill -9
# under a load of new clients loses no ACKed lease and gives none away.
# Usage: server_pools.sh BUILD [sqlite|postgresql|mariadb]
. "$(dirname "$0")/lib.sh"
B=$1 DRIVER=${2:-sqlite}
ll_need_root
ll_db_start "$DRIVER" || exit $?
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/16 cli cli0 -
mkdir -p "$LL_TMP/state"
C=$LL_TMP/conf.lua
cat >"$C" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "mac", "pool" }
state_dir = "$LL_TMP/state"
decline_probation = 3600
pools = {
  { subnet = "10.77.0.0/16", range = "10.77.0.100-10.77.0.104",
    exclude = { "10.77.0.102" }, lease_time = 6,
    options = { routers = "10.77.0.1", domain_name_servers = "10.77.0.53" },
    reservations = { { mac = "02:bb:00:00:00:77", ip = "10.77.0.77" },
                     { client_id = "ff:00:11", ip = "10.77.0.78" } } },
}
LUA
"$B/lanleased" -c "$C" --init-db || exit 1
sql "INSERT INTO subnets (subnet, subnet_mask, gateway) VALUES ('s', '255.255.0.0', '10.77.0.1');
INSERT INTO maps (mac, ip, subnet) VALUES ('02:aa:00:00:00:01', '10.77.0.51', 's')"
start() { # until it serves: port 67 is bound before the pools load
	ll_bg srv "$LL_TMP/l.log" "$B/lanleased" -c "$C"
	SRV=$LL_PID
	ll_wait_udp srv 67
	ll_wait_log "$LL_TMP/l.log" "serving on"
}
start
P() { ll_in cli "$B/lanlease-probe" "$@" -i cli0 --timeout 2 >"$LL_TMP/o" 2>&1; }
got() { grep -q "^yiaddr=$1$" "$LL_TMP/o"; }
counter() { kill -USR1 "$SRV"; sleep 0.3; awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }' "$LL_TMP/l.log"; }

P dora --chaddr 02:aa:00:00:00:01
ll_check "a known client keeps its database address (10.77.0.51)" got 10.77.0.51
P dora --chaddr 02:bb:00:00:00:77
ll_check "a reservation by MAC in conf.lua (10.77.0.77)" got 10.77.0.77
P dora --chaddr 02:bb:00:00:00:78 -o dhcp-client-identifier=hex:ff0011
ll_check "a reservation by client-id in conf.lua (10.77.0.78)" got 10.77.0.78
ll_check "  with the pool's options" grep -q "^routers=10.77.0.1$" "$LL_TMP/o"
P dora --chaddr 02:bb:00:00:00:0a
ll_check "an unknown client: the pool's first free address (10.77.0.100)" got 10.77.0.100
ll_check "  with the pool's options and the subnet's mask" bash -c \
	"grep -q '^routers=10.77.0.1$' $LL_TMP/o && grep -q '^subnet-mask=255.255.0.0$' $LL_TMP/o && grep -q '^dhcp-lease-time=6$' $LL_TMP/o"
P dora --chaddr 02:bb:00:00:00:0a -o dhcp-requested-address=10.77.0.103
ll_check "  and its current address again, whatever it asks for" got 10.77.0.100
P dora --chaddr 02:bb:00:00:00:0b -o dhcp-requested-address=10.77.0.103
ll_check "another client: the address it asks for, when free (10.77.0.103)" got 10.77.0.103
# two DISCOVERs for one address: the first OFFER holds it
P discover --chaddr 02:bb:00:00:00:0c -o dhcp-requested-address=10.77.0.101
ll_check "two DISCOVERs for 10.77.0.101: the first is offered it" got 10.77.0.101
P discover --chaddr 02:bb:00:00:00:0d -o dhcp-requested-address=10.77.0.101
ll_check "  the second another address (10.77.0.104)" got 10.77.0.104
P dora --chaddr 02:bb:00:00:00:0c -o dhcp-requested-address=10.77.0.101
P dora --chaddr 02:bb:00:00:00:0d -o dhcp-requested-address=10.77.0.104
ll_rc "the pool exhausted (10.77.0.102 excluded): a new client gets nothing" 3 \
	P discover --chaddr 02:bb:00:00:00:0e
ll_check "  logged, no NAK sent" bash -c "grep -q 'has no free address' $LL_TMP/l.log && grep -q '^pkt4-nak-sent 0' <(kill -USR1 $SRV; sleep 0.3; cat $LL_TMP/l.log)"
P release --chaddr 02:bb:00:00:00:0b --ciaddr 10.77.0.103 -o dhcp-server-identifier=10.77.0.1
sleep 0.3
P dora --chaddr 02:bb:00:00:00:0e
ll_check "RELEASE frees the address for the next client" got 10.77.0.103
P decline --chaddr 02:bb:00:00:00:0c -o dhcp-requested-address=10.77.0.101 -o dhcp-server-identifier=10.77.0.1
sleep 0.3
ll_check "a DECLINE puts the address on probation (declined-addresses)" \
	test "$(counter subnet[1].declined-addresses)" = 1
ll_check "  and records it" test "$(sql "SELECT state FROM leases WHERE ip = '10.77.0.101'")" = declined
# the 6 s leases run out: the sweep reclaims them
sleep 8
ll_check "expired leases are reclaimed (reclaimed-leases)" test "$(counter subnet[1].reclaimed-leases)" -ge 3
P dora --chaddr 02:bb:00:00:00:0f
ll_check "  and handed out again" grep -q "^yiaddr=10.77.0.10[034]$" "$LL_TMP/o"
P discover --chaddr 02:bb:00:00:00:10 -o dhcp-requested-address=10.77.0.101
ll_check "  but not the declined one" bash -c "! grep -q '^yiaddr=10.77.0.101$' $LL_TMP/o"
ll_stop "$SRV"

# kill -9 under a load of new clients (250 addresses, 150
# clients), restart: every ACKed lease is still its client's, and none
# goes to another client
cat >"$C" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "pool" }
state_dir = "$LL_TMP/state"
pools = { { subnet = "10.77.0.0/16", range = "10.77.8.1-10.77.8.250", lease_time = 3600 } }
LUA
start
ll_in cli "$B/lanlease-probe" load -i cli0 --clients 150 --mac-prefix 0x51 \
	--duration 4 --window 32 -q >/dev/null 2>&1 &
L=$!
sleep 2
kill -9 "$SRV"
wait $L 2>/dev/null
acked=$(sql "SELECT count(DISTINCT ip) FROM history WHERE ip LIKE '10.77.8.%'")
sql "SELECT ip, mac FROM leases WHERE ip LIKE '10.77.8.%' AND state = 'bound' ORDER BY ip" >"$LL_TMP/before"
start
ll_check "after kill -9 the pool reloads its leases" grep -q "lease(s) loaded" "$LL_TMP/l.log"
ll_in cli "$B/lanlease-probe" load -i cli0 --clients 300 --mac-prefix 0x52 \
	--duration 3 --window 32 -q >/dev/null 2>&1
sql "SELECT ip, mac FROM leases WHERE ip LIKE '10.77.8.%' AND mac LIKE '02:51:%' ORDER BY ip" >"$LL_TMP/after"
ll_check "every ACKed address ($acked) is still leased to the same client" \
	bash -c "[ $acked -ge 10 ] && diff -q $LL_TMP/before $LL_TMP/after >/dev/null"
ll_check "  and none was given to a new client" test "$(sql "SELECT count(*) FROM
	(SELECT ip FROM history WHERE ip LIKE '10.77.8.%' GROUP BY ip
	 HAVING count(DISTINCT mac) > 1) d")" = 0
ll_check "the new clients got the rest" test "$(sql "SELECT count(DISTINCT ip) FROM history WHERE mac LIKE '02:52:%'")" -ge 1
ll_stop "$SRV"

# ping_check: a host squatting on the pool's first address answers the
# echo; that address rests on probation and the client gets the next
cat >"$C" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "pool" }
state_dir = "$LL_TMP/state"
ping_check = 300
pools = { { subnet = "10.77.0.0/16", range = "10.77.9.1-10.77.9.5" },
          { subnet = "10.79.0.0/24", range = "10.79.0.10-10.79.0.20" } }
LUA
ll_in cli ip addr add 10.77.9.1/16 dev cli0
start
P discover --chaddr 02:bb:00:00:00:20
ll_check "ping_check: an address that answers an echo is not offered" got 10.77.9.2
ll_check "  it is logged" grep -q "ping: 10.77.9.1 answers" "$LL_TMP/l.log"
ll_check "  counted (ping-conflicts, declined-addresses)" bash -c \
	"[ \$(awk '\$1 == \"ping-conflicts\" { v = \$2 } END { print v }' <(kill -USR1 $SRV; sleep 0.3; cat $LL_TMP/l.log)) = 1 ] &&
	 grep -q '^subnet\[1\].declined-addresses 1' $LL_TMP/l.log"
ll_in cli ip addr del 10.77.9.1/16 dev cli0
P discover --chaddr 02:bb:00:00:00:21
ll_check "  and stays on probation when the squatter is gone" bash -c "! grep -q '^yiaddr=10.77.9.1$' $LL_TMP/o"
# the pool of a relayed request: its giaddr's subnet, unless the relay
# names the link (RFC 3527 link-selection, Option 82 sub-option 5)
ll_in cli ip addr add 10.77.0.2/16 dev cli0
R() { ll_in cli "$B/lanlease-probe" discover --relay 10.77.0.1 --timeout 2 "$@" >"$LL_TMP/o" 2>&1; }
R --chaddr 02:bb:00:00:00:30
ll_check "a relayed request: the pool of its giaddr (10.77.0.0/16)" grep -q "^yiaddr=10.77.9." "$LL_TMP/o"
R --chaddr 02:bb:00:00:00:31 -o "relay-agent-information={link-selection=10.79.0.1}"
ll_check "  with link-selection (RFC 3527): the pool of that link (10.79.0.10)" got 10.79.0.10
ll_check "  with that subnet's mask" grep -q "^subnet-mask=255.255.255.0$" "$LL_TMP/o"
ll_stop "$SRV"

# a pool's options from the database: db_subnet names a subnets row,
# whose columns and option rows go over the configured options; an
# INFORM from the pool's subnet gets them too (RFC 2131 4.3.5)
cat >"$C" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "pool" }
state_dir = "$LL_TMP/state"
pools = { { subnet = "10.77.0.0/16", range = "10.77.11.1-10.77.11.9",
            db_subnet = "guest", options = { routers = "10.77.0.1", domain_name = "conf.example" } } }
LUA
sql "INSERT INTO subnets (subnet, serial, lease_time, domain_name, domain_name_servers)
  VALUES ('guest', 0, 700, 'guest.example', '10.77.0.54');
INSERT INTO options (subnet, serial, code, value) VALUES ('guest', 0, 42, '10.77.0.123')"
start
P dora --chaddr 02:bb:00:00:00:40
ll_check "db_subnet: the subnets row's lease time and columns over the pool's options" bash -c \
	"grep -q '^yiaddr=10.77.11.1$' $LL_TMP/o && grep -q '^dhcp-lease-time=700$' $LL_TMP/o && grep -q '^domain-name=\"guest.example\"$' $LL_TMP/o && grep -q '^domain-name-servers=10.77.0.54$' $LL_TMP/o"
ll_check "  its option rows (ntp-servers), and the configured options below (routers)" bash -c \
	"grep -q '^ntp-servers=10.77.0.123$' $LL_TMP/o && grep -q '^routers=10.77.0.1$' $LL_TMP/o"
"$B/lanleased" -t -c "$C" >"$LL_TMP/t" 2>&1
ll_check "  lanleased -t shows it" grep -q "database subnet guest/0" "$LL_TMP/t"
P inform --chaddr 02:bb:00:00:00:41 -o ciaddr=10.77.0.2 -O 1 -O 3 -O 15 -O 42
ll_check "an INFORM from the pool's subnet: an ACK with the pool's options" bash -c \
	"grep -q '^message_type=ACK\|dhcp-message-type=ACK' $LL_TMP/o && grep -q '^routers=10.77.0.1$' $LL_TMP/o && grep -q '^ntp-servers=10.77.0.123$' $LL_TMP/o"
ll_check "  with no address and no lease time (RFC 2131 4.3.5)" bash -c \
	"grep -q '^yiaddr=0.0.0.0$' $LL_TMP/o && ! grep -q '^dhcp-lease-time=' $LL_TMP/o"
ll_stop "$SRV"

# two servers with the same pool on one database (PostgreSQL, MariaDB),
# 2 x 80 new clients for 100 addresses at once: each address goes to one
# client only, whichever server commits first
if [ "$DRIVER" != sqlite ]; then
	ll_ns b && ll_ns cb || exit 1
	ll_link b srv0 10.77.0.1/16 cb cli0 -
	for n in a b; do
		mkdir -p "$LL_TMP/state-$n"
		cat >"$LL_TMP/$n.lua" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "pool" }
state_dir = "$LL_TMP/state-$n"
pools = { { subnet = "10.77.0.0/16", range = "10.77.10.1-10.77.10.100" } }
LUA
	done
	ll_bg srv "$LL_TMP/a.log" "$B/lanleased" -c "$LL_TMP/a.lua"
	A=$LL_PID
	ll_bg b "$LL_TMP/b.log" "$B/lanleased" -c "$LL_TMP/b.lua"
	BP=$LL_PID
	ll_wait_udp srv 67 && ll_wait_udp b 67
	ll_in cli "$B/lanlease-probe" load -i cli0 --clients 80 --mac-prefix 0x61 \
		--duration 4 --window 16 -q >/dev/null 2>&1 &
	L1=$!
	ll_in cb "$B/lanlease-probe" load -i cli0 --clients 80 --mac-prefix 0x62 \
		--duration 4 --window 16 -q >/dev/null 2>&1 &
	L2=$!
	wait $L1 $L2 2>/dev/null
	ll_stop "$A"; ll_stop "$BP"
	won=$(sql "SELECT count(DISTINCT ip) FROM history WHERE ip LIKE '10.77.10.%'")
	ll_check "two servers, one pool, one database: $won of 100 addresses leased" test "$won" -ge 90
	ll_check "  none to two clients" test "$(sql "SELECT count(*) FROM
		(SELECT ip FROM history WHERE ip LIKE '10.77.10.%' GROUP BY ip
		 HAVING count(DISTINCT mac) > 1) d")" = 0
	ll_check "  both served clients" test "$(sql "SELECT count(DISTINCT substr(mac, 1, 5)) FROM history WHERE ip LIKE '10.77.10.%'")" = 2
fi
ll_done
