#!/bin/bash
# lanleased's replies to a relay under load leave as UDP GSO sends (gso =
# true; the default is false): the relay (lanlease-probe load, one datagram per
# message) gets every reply on its own, a capture shows them merged on
# this veth path and tshark flags nothing malformed; with gso = false
# every reply is a datagram of its own even in the capture.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../../bench/lib.sh"
B=$1
N=300
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/16 cli cli0 10.77.0.2/16
DB=$LL_TMP/gso.sqlite
run() { # gso: one server run under load, captured on the relay's side
	cat >"$LL_TMP/conf.lua" <<LUA
interfaces = { "srv0" }
database = { driver = "sqlite", path = "$DB" }
lookup = { "mac" }
gso = $1
LUA
	ll_bg srv "$LL_TMP/lanleased-$1.log" "$B/lanleased" -c "$LL_TMP/conf.lua"
	SRV=$LL_PID
	ll_wait_udp srv 67
	ip netns exec "$LL_P-cli" tcpdump -i cli0 -s 0 -U -w "$LL_TMP/$1.pcap" \
		udp and src host 10.77.0.1 >/dev/null 2>&1 &
	CAP=$!
	sleep 1
	ll_in cli "$B/lanlease-probe" load --relay 10.77.0.1 --clients $N \
		--window 256 --count 3000 --duration 20 --mac-prefix 0x42 --json \
		>"$LL_TMP/$1.json"
	sleep 0.5
	kill "$CAP"; wait "$CAP" 2>/dev/null
	ll_stop "$SRV"
}
field() { sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" "$LL_TMP/$1.json"; }
bench_sqlite_db "$DB" "$LL_TMP/init.lua" || exit 1 # N maps rows, 02:42:...
for g in true false; do
	run $g
	ex=$(field $g exchanges) drops=$(field $g drops)
	[ "${ex:-0}" -ge 3000 ] && [ "$drops" = 0 ] &&
		ll_ok "gso = $g: the relay got every reply ($ex DORA, no drops)" ||
		ll_ko "gso = $g: the relay got every reply (${ex:-?} DORA, ${drops:-?} drops)"
	frames=$(tshark -r "$LL_TMP/$g.pcap" 2>/dev/null | wc -l)
	merged=$(tshark -r "$LL_TMP/$g.pcap" -Y 'frame.len > 1000' 2>/dev/null | wc -l)
	bad=$(tshark -r "$LL_TMP/$g.pcap" -Y '_ws.malformed or _ws.expert.severity >= 8388608' 2>/dev/null | wc -l)
	[ "$frames" -gt 0 ] && [ "$bad" -eq 0 ] &&
		ll_ok "gso = $g: tshark finds nothing malformed in $frames captured sends" ||
		ll_ko "gso = $g: tshark finds $bad malformed of $frames captured sends"
	if [ $g = true ]; then
		[ "$merged" -gt 0 ] && [ "$frames" -lt $((2 * ex)) ] &&
			ll_ok "gso = true: replies left merged ($merged merged sends, $frames sends for $((2 * ex)) replies)" ||
			ll_ko "gso = true: replies left merged ($merged merged sends, $frames sends for $((2 * ex)) replies)"
	else
		[ "$merged" -eq 0 ] && [ "$frames" -ge $((2 * ex)) ] &&
			ll_ok "gso = false: one datagram per reply ($frames for $((2 * ex)))" ||
			ll_ko "gso = false: one datagram per reply ($frames for $((2 * ex)), $merged merged)"
	fi
done
"$B/lanleased" -t -c "$LL_TMP/conf.lua" | grep -q "^gso = false$" &&
	ll_ok "lanleased -t shows gso" || ll_ko "lanleased -t shows gso"
ll_done
