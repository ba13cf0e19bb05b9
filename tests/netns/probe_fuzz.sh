#!/bin/bash
# lanlease-probe fuzz: a bounded run against dnsmasq and Kea completes
# and reports; against a fragile responder that stops answering after
# one particular packet (a 100-byte prefix), the run fails and saves
# that packet; two runs with one seed send the same packets.
. "$(dirname "$0")/lib.sh"
PROBE=$1
RESP=$2
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/24 cli cli0 10.77.0.2/24

ll_dnsmasq srv srv0 --dhcp-authoritative || { ll_ko "dnsmasq starts"; ll_done; exit 1; }
ll_rc "fuzz dnsmasq over L2 (bounded) completes" 0 ll_in cli "$PROBE" fuzz -i cli0 \
	--seed 7 --count 2500 --rate 5000 --check-every 250
grep -q "the target survived" "$LL_TMP/out" && ll_ok "fuzz dnsmasq: report" ||
	ll_ko "fuzz dnsmasq: report"
cat "$LL_TMP/out"
ll_check "dnsmasq still answers afterwards" ll_in cli "$PROBE" discover -i cli0 -q
ll_stop "$LL_DNSMASQ"

ll_kea srv srv0 || { ll_ko "kea starts"; ll_done; exit 1; }
ll_rc "fuzz Kea as a relay (bounded) completes" 0 ll_in cli "$PROBE" fuzz \
	--relay 10.77.0.1 --seed 7 --count 2500 --rate 5000 --check-every 250
grep -q "the target survived" "$LL_TMP/out" && ll_ok "fuzz Kea: report" ||
	ll_ko "fuzz Kea: report"
cat "$LL_TMP/out"
ll_stop "$LL_KEA"

ll_bg srv "$LL_TMP/resp.log" "$RESP" 10.77.0.1 --fragile-len 100
ll_wait_udp srv 67
ll_rc "fuzz a fragile responder: exits non-zero" 1 ll_in cli "$PROBE" fuzz \
	--relay 10.77.0.1 --seed 7 --count 1000 --check-every 50 --out "$LL_TMP/repro"
ll_check "the fatal 100-byte packet is saved" test -s "$LL_TMP/repro/case-000100.bin"
[ "$(stat -c %s "$LL_TMP/repro/case-000100.bin" 2>/dev/null)" = 100 ] &&
	ll_ok "it is exactly the packet sent" || ll_ko "it is exactly the packet sent"
ll_check "reproducers pcap written" test -s "$LL_TMP/repro/reproducers.pcap"
ll_stop "$LL_PID"

# determinism: the same seed sends the same packets (recorded with listen)
ll_bg srv "$LL_TMP/resp2.log" "$RESP" 10.77.0.1
ll_wait_udp srv 67
for run in 1 2; do
	ll_in srv timeout 20 "$PROBE" listen -i srv0 --count 300 -q --pcap "$LL_TMP/run$run.pcap" &
	lp=$!
	sleep 0.5
	ll_in cli "$PROBE" fuzz --relay 10.77.0.1 --seed 99 --count 299 --check-every 1000 >/dev/null
	wait $lp
done
# the requests to the server, without the liveness DISCOVERs (random xid)
sent() { tshark -r "$1" -Y 'ip.src == 10.77.0.2 and udp.dstport == 67' -T fields -e udp.payload 2>/dev/null; }
n1=$(sent "$LL_TMP/run1.pcap" | wc -l)
n2=$(sent "$LL_TMP/run2.pcap" | wc -l)
a=$(sent "$LL_TMP/run1.pcap" | tail -n +2 | md5sum)
b=$(sent "$LL_TMP/run2.pcap" | tail -n +2 | md5sum)
if [ "$n1" -ge 290 ] && [ "$n1" = "$n2" ] && [ "$a" = "$b" ]; then
	ll_ok "two runs with one seed send the same $n1 packets"
else ll_ko "two runs with one seed send the same packets ($n1 vs $n2)"; fi
ll_done
