#!/bin/bash
# lanlease-client and its host: the sandbox (nobody, only CAP_NET_ADMIN
# and CAP_NET_RAW, no_new_privs, seccomp), DNS written to --resolv-conf
# and cleared on stop, --pidfile, a link that goes down and up (a new
# DISCOVER, RFC 7844 3.3), a hook that refuses the lease (DECLINE, a new
# address 10 s later), and --keep.
. "$(dirname "$0")/lib.sh"
B=$1
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv eth0 10.77.0.1/24 cli eth0 -
ll_dnsmasq srv eth0 --dhcp-option=6,10.77.0.53 --dhcp-option=15,lab.example \
	>/dev/null || exit 1
wait_log() { # PATTERN N SECONDS
	local i
	for i in $(seq 1 $(($3 * 5))); do
		[ "$(grep -c "$1" "$LL_TMP/client.log")" -ge "$2" ] && return 0
		sleep 0.2
	done
	return 1
}
ll_bg cli "$LL_TMP/client.log" "$B/lanlease-client" -v --no-delay \
	--arp-probes 1 --resolv-conf "$LL_TMP/resolv" --pidfile "$LL_TMP/pid" eth0
CLI=$LL_PID
ll_check "bound" wait_log "BOUND BOUND" 1 15
ST=/proc/$CLI/status
ll_check "runs as nobody" grep -qP "^Uid:\t$(id -u nobody)\t" "$ST"
ll_check "effective capabilities: only NET_ADMIN and NET_RAW" \
	grep -qP "^CapEff:\t0000000000003000$" "$ST"
ll_check "no capability in the bounding set beyond them" \
	grep -qP "^CapBnd:\t0000000000003000$" "$ST"
ll_check "no_new_privs" grep -qP "^NoNewPrivs:\t1$" "$ST"
ll_check "seccomp filter installed" grep -qP "^Seccomp:\t2$" "$ST"
ll_check "--pidfile names it" grep -qx "$CLI" "$LL_TMP/pid"
ll_check "DNS written to --resolv-conf" \
	bash -c "grep -qx 'nameserver 10.77.0.53' $LL_TMP/resolv && grep -qx 'search lab.example' $LL_TMP/resolv"
# the link goes down and up: the profile starts over with DISCOVER
ip -n "$LL_P-cli" link set eth0 down
sleep 0.5
ip -n "$LL_P-cli" link set eth0 up
ll_check "link up seen" wait_log "link up" 1 10
ll_check "a new DISCOVER and binding after the link came back" \
	wait_log "BOUND BOUND" 2 15
ll_stop "$CLI"
ll_check "stop clears the DNS file" test ! -s "$LL_TMP/resolv"
ll_check "stop removes the address" \
	bash -c "! ip -n $LL_P-cli -4 addr show dev eth0 | grep -q inet"
ll_check "stop removes the pidfile" test ! -e "$LL_TMP/pid"

# a hook that refuses its first lease: DECLINE, then 10 s, then another
cat >"$LL_TMP/hook.sh" <<SH
#!/bin/sh
[ "\$reason" = BOUND ] || exit 0
echo "\$new_ip_address" >> "$LL_TMP/bound"
[ -e "$LL_TMP/refused" ] && exit 0
touch "$LL_TMP/refused"
exit 1
SH
chmod +x "$LL_TMP/hook.sh"
ll_bg cli "$LL_TMP/client.log" "$B/lanlease-client" -v --no-delay \
	--arp-probes 0 -sf "$LL_TMP/hook.sh" eth0
CLI=$LL_PID
ll_check "the refused lease is declined" wait_log "sent DECLINE" 1 10
ll_check "bound again after 10 s" wait_log "BOUND BOUND" 2 20
ll_check "a different address the second time" \
	bash -c "[ \$(sort -u $LL_TMP/bound | wc -l) -eq 2 ]"
ll_stop "$CLI"

# --keep leaves the address
ll_bg cli "$LL_TMP/client.log" "$B/lanlease-client" -v --no-delay \
	--arp-probes 0 --keep eth0
CLI=$LL_PID
wait_log "BOUND BOUND" 1 15
ll_stop "$CLI"
ll_check "--keep leaves the address on stop" \
	bash -c "ip -n $LL_P-cli -4 addr show dev eth0 | grep -q 'inet 10.77.0.1'"
ll_done
