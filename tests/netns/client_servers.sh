#!/bin/bash
# lanlease-client against a real server (dnsmasq, kea, dhcpd or
# lanleased) with a short lease, in a namespace pair: acquire (the
# interface really gets the address and the default route), renew at T1
# (unicast, ciaddr, no 50/54, checked on the capture), rebind at T2 when
# unicast to the server is blocked (a host route through a next hop that
# never answers), NAK -> INIT (INIT-REBOOT in standard mode), expiry -> deconfigure ->
# DISCOVER when the server is gone.
. "$(dirname "$0")/lib.sh"
SERVER=$1 B=$2
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv eth0 10.77.0.1/24 cli eth0 -
MAC=$(ll_in cli cat /sys/class/net/eth0/address)
LEASE=20
[ "$SERVER" = dnsmasq ] && LEASE=120 # dnsmasq's shortest lease
DB=$LL_TMP/l.sqlite

start_server() { # SUBNET-INDEX
	local s=$1
	local lo=$((100 + s * 60)) hi=$((150 + s * 60))
	case $SERVER in
	dnsmasq)
		ll_bg srv "$LL_TMP/server.log" dnsmasq --no-daemon \
			--conf-file=/dev/null --port=0 --interface=eth0 \
			--bind-interfaces --user=root --dhcp-authoritative \
			--dhcp-range="10.77.0.$lo,10.77.0.$hi,255.255.255.0,120" \
			--dhcp-option=option:T1,10 --dhcp-option=option:T2,17 \
			--dhcp-leasefile="$LL_TMP/dnsmasq.$s.leases" --pid-file= \
			--no-ping --log-dhcp --log-facility=- ;;
	kea)
		ll_kea srv eth0 10.77.0.0/24 "10.77.0.$lo - 10.77.0.$hi" \
			raw "$LEASE" >/dev/null ;;
	dhcpd)
		cat >"$LL_TMP/dhcpd.conf" <<DH
authoritative; ping-check false;
default-lease-time $LEASE; max-lease-time $LEASE; min-lease-time $LEASE;
subnet 10.77.0.0 netmask 255.255.255.0 {
  range 10.77.0.$lo 10.77.0.$hi; option routers 10.77.0.1; }
DH
		: >"$LL_TMP/dhcpd.leases"
		ll_bg srv "$LL_TMP/server.log" dhcpd -4 -f -cf "$LL_TMP/dhcpd.conf" \
			-lf "$LL_TMP/dhcpd.leases" -pf "$LL_TMP/dhcpd.pid" eth0 ;;
	lanleased)
		cat >"$LL_TMP/conf.lua" <<LUA
interfaces = { "eth0" }
database = { driver = "sqlite", path = "$DB" }
authoritative = true
lease_time = $LEASE
lookup = { "mac" }
LUA
		[ -f "$DB" ] || "$B/lanleased" -c "$LL_TMP/conf.lua" --init-db
		sqlite3 "$DB" "DELETE FROM maps; DELETE FROM subnets; DELETE FROM leases;
INSERT INTO subnets (subnet, serial, lease_time, gateway, subnet_mask)
  VALUES ('s$s', 0, $LEASE, '10.77.0.1', '255.255.255.0');
INSERT INTO maps (mac, ip, subnet) VALUES ('$MAC', '10.77.0.$lo', 's$s');"
		ll_bg srv "$LL_TMP/server.log" "$B/lanleased" -c "$LL_TMP/conf.lua" ;;
	esac
	SRV=$LL_PID
	[ "$SERVER" = kea ] && { ll_stop "$LL_KEA"; ll_bg srv "$LL_TMP/server.log" \
		env KEA_PIDFILE_DIR="$LL_TMP/kea" KEA_LOCKFILE_DIR="$LL_TMP/kea" \
		kea-dhcp4 -c "$LL_TMP/kea/kea.json"; SRV=$LL_PID; }
	ll_wait_udp srv 67
}

count() { grep -c "^lanlease-client: $1" "$LL_TMP/client.log"; }
wait_log() { # PATTERN N SECONDS
	local i
	for i in $(seq 1 $(($3 * 5))); do
		[ "$(count "$1")" -ge "$2" ] && return 0
		sleep 0.2
	done
	return 1
}
has_addr() { ll_in cli ip -4 addr show dev eth0 | grep -q "inet $1"; }

ll_bg cli "$LL_TMP/tcpdump.log" tcpdump -i eth0 -U --immediate-mode -w "$LL_TMP/c.pcap" \
	udp port 67 or udp port 68
sleep 1
start_server 0
ll_bg cli "$LL_TMP/client.log" "$B/lanlease-client" -v --no-delay \
	--arp-probes 1 eth0
CLI=$LL_PID

ll_check "$SERVER: bound" wait_log "BOUND " 1 20
addr() { ll_in cli ip -4 -o addr show dev eth0 | awk '{print $4}'; }
A1=$(addr)
ll_check "$SERVER: the interface has the address ($A1)" has_addr "10.77.0.1[0-5][0-9]/24"
ll_check "$SERVER: default route through the router" \
	bash -c "ip -n $LL_P-cli route | grep -q 'default via 10.77.0.1 dev eth0'"
ll_check "$SERVER: renewed at T1" wait_log "RENEW " 1 $((LEASE / 2 + 10))
# unicast to the server now goes to a next hop that never answers ARP
ip -n "$LL_P-cli" route add 10.77.0.1/32 via 10.77.0.9 dev eth0
ll_check "$SERVER: rebound at T2 with unicast blocked" \
	wait_log "REBIND " 1 $((LEASE + 10))
# NAK -> INIT: restarted in standard mode with a lease file naming an
# an address on another network, the INIT-REBOOT gets a NAK
# (authoritative servers), then DISCOVER and a binding.
ip -n "$LL_P-cli" route del 10.77.0.1/32
ll_stop "$CLI"
printf 'address=10.99.0.99\nserver=10.77.0.1\nexpiry=%s\n' \
	$(($(date +%s) + 600)) >"$LL_TMP/lease"
ll_bg cli "$LL_TMP/client.log" "$B/lanlease-client" -v --no-delay \
	--arp-probes 1 --standard --lease-file "$LL_TMP/lease" eth0
CLI=$LL_PID
ll_check "$SERVER: INIT-REBOOT for a wrong address: NAK taken" \
	wait_log "INIT: took NAK" 1 20
ll_check "$SERVER: bound again after the NAK" wait_log "BOUND " 1 30
ll_check "$SERVER: the address is from the pool ($(addr))" has_addr "10.77.0.1[0-5][0-9]/24"
ll_check "$SERVER: the lease file names it" grep -q "address=$(addr | cut -d/ -f1)" "$LL_TMP/lease"
ll_stop "$SRV"
EXP=$(count "EXPIRE ")
ll_check "$SERVER: the lease expired with the server gone" \
	wait_log "EXPIRE " $((EXP + 1)) $((LEASE + 15))
ll_check "$SERVER: deconfigured on expiry" bash -c "! ip -n $LL_P-cli -4 addr show dev eth0 | grep -q 'inet 10.77'"
sleep 1
ll_check "$SERVER: DISCOVER after expiry" \
	bash -c "sed -n '/EXPIRE /,\$p' $LL_TMP/client.log | grep -q 'sent DISCOVER'"
ll_stop "$CLI"
sleep 0.5
ll_stop "$(pgrep -f "tcpdump -i eth0 -U --immediate-mode -w $LL_TMP/c.pcap")"
FORMS=$(/usr/bin/python3 "$(dirname "$0")/client_pcap.py" forms "$LL_TMP/c.pcap" "$MAC")
echo "$FORMS"
ll_check "$SERVER: a unicast RENEW with ciaddr, no 50/54 on the wire" grep -q "renew=[1-9]" <<<"$FORMS"
ll_check "$SERVER: a broadcast REBIND with ciaddr, no 50/54" grep -q "rebind=[1-9]" <<<"$FORMS"
ll_check "$SERVER: SELECTING REQUESTs with 50 and 54" grep -q "select=[1-9]" <<<"$FORMS"
ll_check "$SERVER: no REQUEST of any other form" grep -q "other=0" <<<"$FORMS"
[ "$LL_FAIL" -gt 0 ] && { tail -30 "$LL_TMP/client.log"; tail -20 "$LL_TMP/server.log"; }
ll_done
