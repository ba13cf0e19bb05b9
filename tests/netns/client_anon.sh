#!/bin/bash
# The RFC 7844 anonymity profile of lanlease-client, asserted on pcap
# captures of real runs against dnsmasq (tests/netns/client_pcap.py):
# 1 only 53/55/61 in DISCOVER, 50/54 added in REQUEST; 2 random option
# order (20 DISCOVERs); 3 no 50 in DISCOVER, no address from another MAC,
# no INIT-REBOOT (a restart begins with DISCOVER); 4 chaddr = Ethernet
# source; 5 client-id = 01 + MAC; 6 the PRL; 7 none of the identifying
# options; 8 no RELEASE on stop; 9 random xid and IP ID, 300-byte
# messages; 10 --random-mac sets a local unicast MAC before any frame.
. "$(dirname "$0")/lib.sh"
B=$1
PY=/usr/bin/python3
CHK="$(dirname "$0")/client_pcap.py"
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv eth0 10.77.0.1/24 cli eth0 -
MAC0=$(ll_in cli cat /sys/class/net/eth0/address)
ll_dnsmasq srv eth0 --dhcp-option=6,10.77.0.1 || exit 1
cap() { # FILE: capture in the server namespace
	rm -f "$LL_TMP/tcpdump.log"
	ll_bg srv "$LL_TMP/tcpdump.log" tcpdump -i eth0 -U --immediate-mode -w "$1" \
		udp port 67 or udp port 68
	CAP=$LL_PID
	for i in $(seq 1 50); do grep -q "listening on" "$LL_TMP/tcpdump.log" && break; sleep 0.1; done
	sleep 0.5
}
endcap() { sleep 0.5; kill "$CAP"; wait "$CAP" 2>/dev/null; }

# 20 exchanges, each a fresh one-shot client in test mode
cap "$LL_TMP/a.pcap"
ok=0
for i in $(seq 1 20); do
	ll_in cli "$B/lanlease-client" -1 -n --no-delay --arp-probes 0 eth0 \
		>"$LL_TMP/n.out" 2>&1 && ok=$((ok + 1))
done
endcap
ll_check "20 one-shot runs bound" test "$ok" -eq 20
ll_check "-n prints the lease as name=value lines" \
	grep -q "^new_ip_address=10.77.0.1[0-5][0-9]$" "$LL_TMP/n.out"
ll_check "-n changed nothing on the host" \
	bash -c "! ip -n $LL_P-cli -4 addr show dev eth0 | grep -q inet"
OUT=$($PY "$CHK" anon "$LL_TMP/a.pcap" "$MAC0")
RC=$?
echo "$OUT"
ll_check "points 1-7, 9 on 20 exchanges" test $RC -eq 0
ll_check "more than one option order in 20 DISCOVERs" \
	grep -qE "discovers=(2[0-9]|[3-9][0-9]) orders=([2-9]|[1-9][0-9])" <<<"$OUT"

# a real run with --random-mac; renew on SIGUSR1; SIGTERM: no RELEASE
cap "$LL_TMP/b.pcap"
ll_bg cli "$LL_TMP/client.log" "$B/lanlease-client" -v --no-delay \
	--arp-probes 1 --random-mac eth0
CLI=$LL_PID
for i in $(seq 1 50); do grep -q "BOUND BOUND" "$LL_TMP/client.log" && break; sleep 0.2; done
MAC1=$(ll_in cli cat /sys/class/net/eth0/address)
ll_check "--random-mac: a new MAC on the interface ($MAC1)" test "$MAC1" != "$MAC0"
ll_check "--random-mac: locally administered unicast" \
	bash -c "(( (0x${MAC1:0:2} & 3) == 2 ))"
ll_check "bound with the new MAC" \
	bash -c "ip -n $LL_P-cli -4 addr show dev eth0 | grep -q 'inet 10.77.0.1'"
kill -USR1 "$CLI"
for i in $(seq 1 25); do grep -q "RENEW " "$LL_TMP/client.log" && break; sleep 0.2; done
ll_check "SIGUSR1 renews" grep -q "RENEW " "$LL_TMP/client.log"
ll_stop "$CLI"
ll_check "SIGTERM deconfigures" \
	bash -c "! ip -n $LL_P-cli -4 addr show dev eth0 | grep -q inet"
# the restart (MAC kept from the last run) begins with DISCOVER
ll_check "a restart binds" ll_in cli "$B/lanlease-client" -1 -n --no-delay \
	--arp-probes 0 -v eth0 >"$LL_TMP/restart.log" 2>&1
endcap
OUT=$($PY "$CHK" anon "$LL_TMP/b.pcap" "$MAC1")
RC=$?
echo "$OUT"
ll_check "points 1-10 on the random-MAC run, renewal, stop and restart" test $RC -eq 0
ll_check "no frame from the original MAC once --random-mac ran" \
	bash -c "! $PY $CHK anon $LL_TMP/b.pcap $MAC0 | grep -q 'frames=[1-9]'"
ll_check "dnsmasq saw RELEASE from nobody" bash -c "! grep -q DHCPRELEASE $LL_TMP/dnsmasq.log"
[ -n "${KEEP:-}" ] && cp $LL_TMP/*.pcap $LL_TMP/*.log /tmp/ ; ll_done
