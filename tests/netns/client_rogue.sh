#!/bin/bash
# A rogue server (scapy, tests/netns/rogue_server.py) answers with every
# malformed class and with shell metacharacters, newlines and 255-byte
# values in 12, 15, 119 and 252: lanlease-client survives, binds the one
# well-formed offer, passes none of the hostile text to its hook (even a
# hook that evals it), and the canary an injected command would create
# never appears.
. "$(dirname "$0")/lib.sh"
B=$1
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv eth0 10.77.0.1/24 cli eth0 -
CANARY=$LL_TMP/canary
ll_bg srv "$LL_TMP/rogue.log" /usr/bin/python3 "$(dirname "$0")/rogue_server.py" \
	eth0 10.77.0.77 "$CANARY"
sleep 3
cat >"$LL_TMP/hook.sh" <<SH
#!/bin/sh
# A careless hook: it evals what it is given.
env | sort > "$LL_TMP/env.\$reason"
eval "echo \$new_domain_name \$new_host_name \$new_domain_search" >> "$LL_TMP/evals" 2>&1
exit 0
SH
chmod +x "$LL_TMP/hook.sh"
ll_bg cli "$LL_TMP/client.log" "$B/lanlease-client" -v -1 --no-delay \
	--arp-probes 0 -sf "$LL_TMP/hook.sh" eth0
CLI=$LL_PID
wait "$CLI"
RC=$?
ll_check "the client bound despite the storm (exit 0)" test $RC -eq 0
ll_check "the hook got BOUND with the one good address" \
	grep -q "^new_ip_address=10.77.0.77$" "$LL_TMP/env.BOUND"
ll_check "no hostile host or domain name reached the hook" \
	bash -c "! grep -qE '^new_(host_name|domain_name)=' $LL_TMP/env.BOUND"
ll_check "of the two search names, only the well-formed one was kept" \
	grep -qx "new_domain_search=$(printf 'a%.0s' $(seq 1 63))" "$LL_TMP/env.BOUND"
ll_check "no variable carries a metacharacter" \
	bash -c "! grep -E '^(new_|old_)' $LL_TMP/env.BOUND | grep -q '[;\`\$()]'"
ll_check "the canary file does not exist" test ! -e "$CANARY"
ll_check "malformed replies were dropped, and said so" \
	grep -q "dropped a reply" "$LL_TMP/client.log"
[ -n "${KEEP:-}" ] && cp $LL_TMP/env.* $LL_TMP/client.log /tmp/ ; ll_done
