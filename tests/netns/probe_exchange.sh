#!/bin/bash
# lanlease-probe exchanges against real servers (dnsmasq, Kea) in a
# namespace pair: dora in both transports, discover then request
# --from-offer, the NAK and no-reply exit codes, and --pcap output that
# tshark reads without a malformed packet or an expert error.
. "$(dirname "$0")/lib.sh"
PROBE=$1
ll_need_root

run_against() { # server-name
	local srv=$1
	ll_rc "$srv: dora over L2" 0 ll_in cli "$PROBE" dora -i cli0 --timeout 3 \
		--pcap "$LL_TMP/$srv-l2.pcap"
	grep -q "^yiaddr=10.77.0.1[0-9][0-9]$" "$LL_TMP/out" &&
		ll_ok "$srv: L2 ACK carries an address from the pool" ||
		ll_ko "$srv: L2 ACK carries an address from the pool"
	grep -q "^dhcp-message-type=ACK$" "$LL_TMP/out" && ll_ok "$srv: got the ACK" ||
		ll_ko "$srv: got the ACK"

	ll_rc "$srv: dora as a relay" 0 ll_in cli "$PROBE" dora --relay 10.77.0.1 \
		--chaddr 02:00:00:00:11:22 --circuit-id '"port-7"' \
		--pcap "$LL_TMP/$srv-relay.pcap"
	grep -q "^giaddr=10.77.0.2$" "$LL_TMP/out" && ll_ok "$srv: reply to the relay's giaddr" ||
		ll_ko "$srv: reply to the relay's giaddr"

	ll_in cli "$PROBE" discover -i cli0 --chaddr 02:00:00:00:33:44 \
		>"$LL_TMP/offer.txt" 2>"$LL_TMP/err"
	ll_check "$srv: discover prints an OFFER" grep -q "^dhcp-message-type=OFFER$" "$LL_TMP/offer.txt"
	ll_rc "$srv: request --from-offer" 0 ll_in cli "$PROBE" request -i cli0 \
		--from-offer "$LL_TMP/offer.txt"
	local want
	want=$(grep "^yiaddr=" "$LL_TMP/offer.txt")
	grep -qx "$want" "$LL_TMP/out" && ll_ok "$srv: ACK for the offered address" ||
		ll_ko "$srv: ACK for the offered address ($want)"

	# INIT-REBOOT for an address on another network: NAK (RFC 2131 4.3.2)
	ll_rc "$srv: NAK exit code" 4 ll_in cli "$PROBE" request -i cli0 \
		--chaddr 02:00:00:00:55:66 -o dhcp-requested-address=10.99.0.5
	# nobody at 10.77.0.9: no reply, whatever the server does
	ll_rc "$srv: no-reply exit code" 3 ll_in cli "$PROBE" discover \
		--relay 10.77.0.9 --timeout 1
	for f in "$LL_TMP/$srv-l2.pcap" "$LL_TMP/$srv-relay.pcap"; do
		local n bad
		n=$(tshark -r "$f" -Y dhcp 2>/dev/null | wc -l)
		bad=$(tshark -r "$f" -Y '_ws.malformed or _ws.expert.severity >= 8388608' 2>/dev/null | wc -l)
		if [ "$n" -eq 4 ] && [ "$bad" -eq 0 ]; then
			ll_ok "$srv: $(basename "$f") has 4 DHCP packets, none malformed"
		else ll_ko "$srv: $(basename "$f"): $n DHCP packets, $bad malformed"; fi
	done
}

ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/24 cli cli0 10.77.0.2/24

ll_dnsmasq srv srv0 --dhcp-authoritative || { ll_ko "dnsmasq starts"; ll_done; exit 1; }
run_against dnsmasq
ll_stop "$LL_DNSMASQ"

ll_kea srv srv0 || { ll_ko "kea starts"; cat "$LL_TMP/kea.log"; ll_done; exit 1; }
run_against kea
# RFC 2131 4.3.2: a REQUEST naming another server gets no answer (Kea)
ll_rc "kea: REQUEST for another server is ignored" 3 ll_in cli "$PROBE" request \
	-i cli0 --timeout 1 --chaddr 02:00:00:00:77:88 \
	-o dhcp-server-identifier=10.77.0.99 -o dhcp-requested-address=10.77.0.120
ll_done
