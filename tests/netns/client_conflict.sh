#!/bin/bash
# lanlease-client on a bridge with other hosts:
# A. RFC 5227: a third namespace already holds the address Kea offers
#    first; the client's ARP probe finds it, it DECLINEs (50, 54, ciaddr
#    0), waits 10 s, and binds a different address.
# B. two dnsmasq servers answer: the REQUEST names the chosen one in 54
#    and the other drops its offer (no ACK, no lease).
. "$(dirname "$0")/lib.sh"
B=$1
PY=/usr/bin/python3
ll_need_root
ll_ns br && ll_ns srv && ll_ns srv2 && ll_ns cli && ll_ns hold || exit 1
ip -n "$LL_P-br" link add br0 type bridge
ip -n "$LL_P-br" link set br0 up
port() { # NS ADDR|-
	ip link add "$LL_P-t" type veth peer name "$LL_P-u"
	ip link set "$LL_P-t" netns "$LL_P-$1"
	ip -n "$LL_P-$1" link set "$LL_P-t" name eth0
	ip link set "$LL_P-u" netns "$LL_P-br"
	ip -n "$LL_P-br" link set "$LL_P-u" name "p-$1" master br0 up
	[ "$2" != - ] && ip -n "$LL_P-$1" addr add "$2" dev eth0
	ip -n "$LL_P-$1" link set eth0 up
}
port srv 10.77.0.1/24; port srv2 10.77.0.2/24; port cli -; port hold 10.77.0.100/24
MAC=$(ll_in cli cat /sys/class/net/eth0/address)
cap() {
	rm -f "$LL_TMP/tcpdump.log"
	ll_bg cli "$LL_TMP/tcpdump.log" tcpdump -i eth0 -U --immediate-mode -w "$1" udp port 67 or udp port 68 or arp
	CAP=$LL_PID
	for i in $(seq 1 50); do grep -q "listening on" "$LL_TMP/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
}
endcap() { sleep 0.5; kill "$CAP"; wait "$CAP" 2>/dev/null; }

# A. ARP conflict
ll_kea srv eth0 10.77.0.0/24 "10.77.0.100 - 10.77.0.110" raw 600 >/dev/null || exit 1
cap "$LL_TMP/a.pcap"
ll_bg cli "$LL_TMP/client.log" "$B/lanlease-client" -v -1 --timeout 40 \
	--no-delay -n eth0
CLI=$LL_PID
wait "$CLI"
RC=$?
endcap
ll_check "bound after the conflict (exit 0)" test $RC -eq 0
ll_check "declined the address in use" grep -q "sent DECLINE" "$LL_TMP/client.log"
ADDR=$(sed -n 's/^new_ip_address=//p' "$LL_TMP/client.log")
ll_check "bound a different address ($ADDR)" \
	bash -c "[ -n '$ADDR' ] && [ '$ADDR' != 10.77.0.100 ]"
OUT=$($PY - "$LL_TMP/a.pcap" "$MAC" <<'PYEOF'
import sys
from scapy.all import rdpcap, ARP, BOOTP, DHCP, Ether
pk = rdpcap(sys.argv[1]); mac = sys.argv[2]
t = lambda p: dict(o for o in p[DHCP].options if isinstance(o, tuple))
probes = [p for p in pk if ARP in p and p[Ether].src == mac and p[ARP].psrc == "0.0.0.0" and p[ARP].pdst == "10.77.0.100"]
dec = [(p, p.time) for p in pk if DHCP in p and t(p).get("message-type") == 4]
disc = [p.time for p in pk if DHCP in p and t(p).get("message-type") == 1]
ok = probes and len(dec) == 1
if ok:
    d, at = dec[0]
    o = t(d)
    ok = (o.get("requested_addr") == "10.77.0.100" and o.get("server_id") == "10.77.0.1"
          and d[BOOTP].ciaddr == "0.0.0.0")
    later = [x for x in disc if x > at]
    ok = ok and later and later[0] - at >= 9.5
print("probes=%d declines=%d" % (len(probes), len(dec)), "OK" if ok else "BAD")
PYEOF
)
echo "$OUT"
ll_check "ARP probe, then DECLINE with 50, 54, ciaddr 0, then 10 s before DISCOVER" grep -q OK <<<"$OUT"
ll_stop "$LL_KEA"

# B. two servers
ll_dnsmasq srv eth0 >/dev/null
D1=$LL_DNSMASQ
ll_bg srv2 "$LL_TMP/dnsmasq2.log" dnsmasq --no-daemon --conf-file=/dev/null \
	--port=0 --interface=eth0 --bind-interfaces --user=root \
	--dhcp-range=10.77.0.200,10.77.0.250,255.255.255.0,120 \
	--dhcp-leasefile="$LL_TMP/dnsmasq2.leases" --pid-file= \
	--no-ping --log-dhcp --log-facility=-
ll_wait_udp srv2 67
sleep 0.5
cap "$LL_TMP/b.pcap"
ll_in cli "$B/lanlease-client" -1 -n --no-delay --arp-probes 0 eth0 >"$LL_TMP/b.out" 2>&1
RC=$?
endcap
ll_check "bound with two servers answering" test $RC -eq 0
OUT=$($PY - "$LL_TMP/b.pcap" "$MAC" <<'PYEOF'
import sys
from scapy.all import rdpcap, BOOTP, DHCP, IP, Ether
pk = rdpcap(sys.argv[1]); mac = sys.argv[2]
t = lambda p: dict(o for o in p[DHCP].options if isinstance(o, tuple))
offers = {p[IP].src for p in pk if DHCP in p and t(p).get("message-type") == 2}
req = [p for p in pk if DHCP in p and t(p).get("message-type") == 3 and p[Ether].src == mac]
acks = [p[IP].src for p in pk if DHCP in p and t(p).get("message-type") == 5]
chosen = t(req[0]).get("server_id") if req else None
print("offers from", sorted(offers), "54 =", chosen, "acks from", acks,
      "OK" if len(offers) == 2 and acks == [chosen] else "BAD")
PYEOF
)
echo "$OUT"
ll_check "REQUEST names the chosen server in 54; only it ACKs" grep -q OK <<<"$OUT"
CH=$(grep -o '54 = [0-9.]*' <<<"$OUT" | cut -d' ' -f3)
OTHER=$([ "$CH" = 10.77.0.1 ] && echo "$LL_TMP/dnsmasq2.leases" || echo "$LL_TMP/dnsmasq.leases")
sleep 0.5
ll_check "the other server keeps no lease for the client" bash -c "! grep -qi '$MAC' '$OTHER' 2>/dev/null"
[ -n "${KEEP:-}" ] && cp $LL_TMP/*.pcap $LL_TMP/*.log $LL_TMP/b.out /tmp/ ; ll_done
