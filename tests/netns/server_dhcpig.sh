#!/bin/bash
# DHCPig (Debian's dhcpig, a starvation attack: DISCOVER and REQUEST from
# random MACs until the server has nothing left) behind one port of a
# relay (isc-dhcp-relay adds Option 82, circuit-id = the port), against
# a pool with max_leases_per_circuit: the attack takes its circuit's
# share and no more, and a real client behind the other port still gets
# an address; lanleased neither crashes nor NAKs.
. "$(dirname "$0")/lib.sh"
B=$1
ll_need_root
command -v dhcpig >/dev/null || { echo "FAIL: dhcpig is not installed (make deps)"; exit 1; }
ll_db_start sqlite || exit 1
ll_relay_net || exit 1
cat >"$LL_TMP/conf.lua" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "pool" }
state_dir = "$LL_TMP"
pools = {
  { subnet = "10.78.0.0/16", range = "10.78.3.1-10.78.3.100",
    max_leases_per_circuit = 40, lease_time = 600,
    options = { routers = "10.78.1.1" } },
}
LUA
"$B/lanleased" -c "$LL_TMP/conf.lua" --init-db || exit 1
ll_bg srv "$LL_TMP/l.log" "$B/lanleased" -c "$LL_TMP/conf.lua"
SRV=$LL_PID
ll_wait_udp srv 67
ll_bg rly "$LL_TMP/relay.log" dhcrelay -4 -d -a -id pa -id pb -iu up0 10.77.0.1
sleep 1
# the attack, for 25 s
# (tests/netns/dhcpig_fix: DHCPig 1.5 speaks Python 2 to scapy 2.5)
PYTHONPATH="$(dirname "$0")/dhcpig_fix" ll_bg cla "$LL_TMP/pig.log" timeout 25 dhcpig -v 1 -x 0.05 a0
PIG=$LL_PID
sleep 12
ll_rc "during the attack a client behind the other port gets an address" 0 \
	ll_in clb "$B/lanlease-probe" dora -i b0 --timeout 3 --retries 2
wait "$PIG" 2>/dev/null
counter() { kill -USR1 "$SRV"; sleep 0.3; awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }' "$LL_TMP/l.log"; }
# every DISCOVER of the attack is offered an address while its circuit
# holds fewer than 40 (offers hold their address for offer_hold, 30 s:
# longer than the attack), then refused
offers=$(counter pkt4-offer-sent) refused=$(counter pool-limit-refusals)
ll_check "DHCPig was offered its circuit's share and no more ($offers offers: limit 40, plus the real clients' few)" \
	bash -c "[ $offers -ge 30 ] && [ $offers -le 46 ]"
ll_check "  the limit refused the rest ($refused DISCOVERs)" test "$refused" -ge 50
ll_check "  no NAK storm" test "$(counter pkt4-nak-sent)" = 0
ll_rc "after the attack another real client still gets an address" 0 \
	ll_in clb "$B/lanlease-probe" dora -i b0 --timeout 3 --chaddr 02:bb:00:00:00:02
kill -0 "$SRV" && ll_ok "lanleased still running" || ll_ko "lanleased still running"
[ "$LL_FAIL" -gt 0 ] && { tail -20 "$LL_TMP/pig.log"; tail -5 "$LL_TMP/relay.log"; grep -c . "$LL_TMP/l.log"; }
ll_done
