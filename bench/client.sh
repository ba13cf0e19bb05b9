#!/bin/bash
# bench/client: time from start to BOUND and peak RSS of lanlease-client
# (--no-delay; default RFC 5227 probing, and with --arp-probes 0),
# dhclient, dhcpcd and udhcpc, each against the same dnsmasq on the same
# veth pair, 5 runs each (median time, largest RSS). RSS is the sum of
# VmHWM over every process of the client (lanlease-client's helper and
# dhcpcd's privilege-separated processes included), read when its hook
# reports BOUND; each hook only records the time.
# Usage: bench/client.sh BUILD_DIR [RUNS]
. "$(dirname "$0")/../tests/netns/lib.sh"
B=${1:-build}
RUNS=${2:-5}
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv eth0 10.77.0.1/24 cli eth0 -
ll_dnsmasq srv eth0 >/dev/null || exit 1
cat >"$LL_TMP/hook.sh" <<SH
#!/bin/sh
case "\${reason:-\$1}" in
BOUND|bound|REBOOT) date +%s%N > "$LL_TMP/bound.tmp"; mv "$LL_TMP/bound.tmp" "$LL_TMP/bound" ;;
esac
exit 0
SH
chmod +x "$LL_TMP/hook.sh"

rss_of() { # comm: sums of VmHWM and of Pss (KiB) over the client's processes
	local t=0 s=0 p c v w
	for p in $(ip netns pids "$LL_P-cli"); do
		c=$(cat /proc/$p/comm 2>/dev/null)
		case "$c" in "$1"*)
			v=$(awk '/VmHWM/ {print $2}' /proc/$p/status 2>/dev/null)
			w=$(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup 2>/dev/null)
			t=$((t + ${v:-0})) s=$((s + ${w:-0})) ;;
		esac
	done
	echo "$t $s"
}
one() { # comm cmd...: prints "ms rss"
	local comm=$1 t0 i
	shift
	rm -f "$LL_TMP/bound"
	t0=$(date +%s%N)
	ll_bg cli "$LL_TMP/run.log" "$@"
	for i in $(seq 1 1000); do [ -f "$LL_TMP/bound" ] && break; sleep 0.01; done
	local rss; rss=$(rss_of "$comm")
	[ -f "$LL_TMP/bound" ] || { echo "9999999 0 0"; ll_stop "$LL_PID"; return; }
	echo "$(( ($(cat "$LL_TMP/bound") - t0) / 1000000 )) $rss"
	ll_stop "$LL_PID"
	pkill -f "dhcpcd.*-f $LL_TMP" 2>/dev/null
	ip -n "$LL_P-cli" addr flush dev eth0
	rm -f "$LL_TMP"/dhcpcd* "$LL_TMP"/dhclient.*
	sleep 0.3
}
bench() { # name comm cmd...
	local name=$1 comm=$2 ts="" rmax=0 pmax=0 ms rss pss
	shift 2
	for r in $(seq 1 "$RUNS"); do
		read -r ms rss pss < <(one "$comm" "$@")
		ts="$ts $ms"
		[ "$rss" -gt "$rmax" ] && rmax=$rss
		[ "$pss" -gt "$pmax" ] && pmax=$pss
	done
	local med; med=$(tr ' ' '\n' <<<"$ts" | sed '/^$/d' | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
	printf "%-34s %7s ms %7s KiB %7s KiB  (runs:%s)\n" "$name" "$med" "$rmax" "$pmax" "$ts"
}
echo "client (same dnsmasq, same veth)     to BOUND   peak RSS       PSS"
bench "lanlease-client (ARP probing)" lanlease-cli "$B/lanlease-client" \
	--no-delay -sf "$LL_TMP/hook.sh" eth0
bench "lanlease-client --arp-probes 0" lanlease-cli "$B/lanlease-client" \
	--no-delay --arp-probes 0 -sf "$LL_TMP/hook.sh" eth0
bench "dhclient 4.4" dhclient dhclient -d -1 -sf "$LL_TMP/hook.sh" \
	-lf "$LL_TMP/dhclient.leases" -pf "$LL_TMP/dhclient.pid" eth0
bench "dhcpcd 9 (ARP probing)" dhcpcd dhcpcd -B -4 -f /dev/null \
	-c "$LL_TMP/hook.sh" eth0
bench "udhcpc (busybox)" udhcpc udhcpc -f -i eth0 -s "$LL_TMP/hook.sh"
