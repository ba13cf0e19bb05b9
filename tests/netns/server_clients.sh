#!/bin/bash
# lanleased against real clients in a namespace pair: dhclient, dhcpcd
# and udhcpc each get the address, options and lease time the database
# gives them, renew, and release (history rows for each); a client with
# no definition gets no offer, and a NAK on INIT-REBOOT when the server
# is authoritative.
. "$(dirname "$0")/lib.sh"
B=$1 DRIVER=${2:-sqlite}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
ll_need_root
ll_db_start "$DRIVER" || exit $?
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/24 cli cli0 -

conf() { # authoritative
	cat >"$LL_TMP/conf.lua" <<LUA
interfaces = { "srv0" }
database = $DBCONF
authoritative = $1
lease_time = 30
lookup = { "mac", "client-id" }
LUA
}
conf false
"$B/lanleased" -c "$LL_TMP/conf.lua" --init-db || exit 1
sql <<SQL
INSERT INTO subnets (subnet, serial, lease_time, gateway, subnet_mask,
  domain_name_servers, domain_name) VALUES ('t', 0, 30, '10.77.0.1',
  '255.255.255.0', '10.77.0.2,10.77.0.3', 'test.example');
INSERT INTO maps (mac, ip, hostname, subnet) VALUES
  ('02:aa:00:00:00:01', '10.77.0.101', 'dhclient-host', 't'),
  ('02:aa:00:00:00:02', '10.77.0.102', 'dhcpcd-host', 't'),
  ('02:aa:00:00:00:03', '10.77.0.103', 'udhcpc-host', 't');
SQL
start() {
	ll_bg srv "$LL_TMP/lanleased.log" "$B/lanleased" -c "$LL_TMP/conf.lua"
	SRV=$LL_PID
	ll_wait_udp srv 67
}
start
history() { sql "SELECT count(*) FROM history WHERE mac = '$1' AND method = '$2'"; }
hook() { # a client script that records what it is told, and puts the
	  # address on the interface (renewals and releases are unicast)
	cat >"$LL_TMP/$1.sh" <<SH
#!/bin/sh
a=\${new_ip_address:-\$ip}
case "\${reason:-\$1}" in
BOUND|RENEW|REBIND|REBOOT|bound|renew) [ -n "\$a" ] && ip addr replace "\$a/24" dev cli0 ;;
esac
echo "reason=\${reason:-\$1} ip=\${new_ip_address:-\$ip} mask=\${new_subnet_mask:-\$subnet} router=\${new_routers:-\$router} dns=\${new_domain_name_servers:-\$dns} domain=\${new_domain_name:-\$domain} lease=\${new_dhcp_lease_time:-\$lease}" >> "$LL_TMP/$1.events"
exit 0
SH
	chmod +x "$LL_TMP/$1.sh"
}
expect_bound() { # client ip
	if grep -q "ip=$2 mask=255.255.255.0 router=10.77.0.1 dns=10.77.0.2 10.77.0.3 domain=test.example lease=30" "$LL_TMP/$1.events"; then
		ll_ok "$1: bound to $2 with the database's options and lease time"
	else ll_ko "$1: bound to $2 with the database's options"; cat "$LL_TMP/$1.events"; fi
}

# dhclient: acquire, renew (T1 = 15 s of a 30 s lease), release
ll_in cli ip link set cli0 address 02:aa:00:00:00:01
hook dhclient
ll_in cli dhclient -4 -d -sf "$LL_TMP/dhclient.sh" -lf "$LL_TMP/dhclient.leases" \
	-pf "$LL_TMP/dhclient.pid" cli0 >"$LL_TMP/dhclient.log" 2>&1 &
DC=$!
sleep 24
expect_bound dhclient 10.77.0.101
grep -q "reason=RENEW" "$LL_TMP/dhclient.events" && ll_ok "dhclient: renewed at T1" ||
	ll_ko "dhclient: renewed at T1"
[ "$(history 02:aa:00:00:00:01 REQUEST:RENEW)" -ge 1 ] && ll_ok "dhclient: renewal in history" ||
	ll_ko "dhclient: renewal in history"
ll_in cli dhclient -4 -r -sf "$LL_TMP/dhclient.sh" -lf "$LL_TMP/dhclient.leases" \
	-pf "$LL_TMP/dhclient.pid" cli0 >/dev/null 2>&1
kill $DC 2>/dev/null; wait $DC 2>/dev/null
sleep 0.5
[ "$(history 02:aa:00:00:00:01 RELEASE)" -ge 1 ] && ll_ok "dhclient: release honoured" ||
	ll_ko "dhclient: release honoured"

# dhcpcd
ll_in cli ip addr flush dev cli0
ll_in cli ip link set cli0 address 02:aa:00:00:00:02
hook dhcpcd
printf 'script %s\nnohook resolv.conf\nclientid\n' "$LL_TMP/dhcpcd.sh" >"$LL_TMP/dhcpcd.conf"
ll_in cli timeout 28 dhcpcd -4 -B -f "$LL_TMP/dhcpcd.conf" cli0 >"$LL_TMP/dhcpcd.log" 2>&1 &
DD=$!
sleep 24
grep -q "reason=BOUND ip=10.77.0.102" "$LL_TMP/dhcpcd.events" && ll_ok "dhcpcd: bound to 10.77.0.102" ||
	{ ll_ko "dhcpcd: bound to 10.77.0.102"; cat "$LL_TMP/dhcpcd.events"; }
grep -q "reason=RENEW" "$LL_TMP/dhcpcd.events" && ll_ok "dhcpcd: renewed" || ll_ko "dhcpcd: renewed"
ll_in cli ip -4 addr show cli0 | grep -q "10.77.0.102/24" && ll_ok "dhcpcd: address on the interface" ||
	ll_ko "dhcpcd: address on the interface"
kill $DD 2>/dev/null; wait $DD 2>/dev/null

# udhcpc: acquire; SIGUSR1 renews, SIGUSR2 releases (busybox's signals)
ll_in cli ip addr flush dev cli0
ll_in cli ip link set cli0 address 02:aa:00:00:00:03
hook udhcpc
ll_bg cli "$LL_TMP/udhcpc.log" udhcpc -i cli0 -f -s "$LL_TMP/udhcpc.sh"
DU=$LL_PID
sleep 3
grep -q "reason=bound ip=10.77.0.103 mask=255.255.255.0 router=10.77.0.1 dns=10.77.0.2 10.77.0.3 domain=test.example lease=30" \
	"$LL_TMP/udhcpc.events" && ll_ok "udhcpc: bound with the database's options and lease time" ||
	{ ll_ko "udhcpc: bound with the database's options"; cat "$LL_TMP/udhcpc.events"; }
kill -USR1 $DU; sleep 2
[ "$(history 02:aa:00:00:00:03 REQUEST:RENEW)" -ge 1 ] && ll_ok "udhcpc: renewed" ||
	ll_ko "udhcpc: renewed"
kill -USR2 $DU; sleep 2
[ "$(history 02:aa:00:00:00:03 RELEASE)" -ge 1 ] && ll_ok "udhcpc: release honoured" ||
	ll_ko "udhcpc: release honoured"
ll_stop $DU

# an unknown client: no offer; INIT-REBOOT: silence, or NAK when authoritative
ll_rc "unknown client gets no offer" 3 ll_in cli "$B/lanlease-probe" discover -i cli0 \
	--chaddr 02:bb:00:00:00:09 --timeout 1
ll_rc "unknown INIT-REBOOT: silence (not authoritative)" 3 ll_in cli "$B/lanlease-probe" \
	request -i cli0 --chaddr 02:bb:00:00:00:09 -o dhcp-requested-address=10.77.0.9 --timeout 1
ll_stop "$SRV"
conf true
start
ll_rc "unknown INIT-REBOOT: NAK (authoritative)" 4 ll_in cli "$B/lanlease-probe" \
	request -i cli0 --chaddr 02:bb:00:00:00:09 -o dhcp-requested-address=10.77.0.9 --timeout 2
ll_rc "unknown client still gets no offer (authoritative)" 3 ll_in cli "$B/lanlease-probe" \
	discover -i cli0 --chaddr 02:bb:00:00:00:09 --timeout 1
ll_done
