#!/bin/bash
# bench/probe: the load generators side by side. perfdhcp and
# lanlease-probe load each drive the same trivial responder (answers
# every DISCOVER and REQUEST, nothing else) across the same veth pair,
# as relays; each runs at several settings, 3 runs each, and the best
# sustained DORA rate (under 1% drops) is kept. Prints both and the ratio.
# Usage: bench/probe.sh BUILD_DIR [SECONDS]
. "$(dirname "$0")/../tests/netns/lib.sh"
B=${1:-build}
SECS=${2:-5}
PROBE=$B/lanlease-probe
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/16 cli cli0 10.77.0.2/16
ll_bg srv "$LL_TMP/resp.log" "$B/ll-responder" 10.77.0.1
ll_wait_udp srv 67 || { echo "responder did not start"; exit 1; }

best_perf=0
for rate in 10000 20000 30000 40000 60000; do
	for run in 1 2 3; do
		out=$(ll_in cli perfdhcp -4 -r "$rate" -p "$SECS" -R 50000 -l 10.77.0.2 10.77.0.1 2>&1)
		r=$(sed -n 's/^Rate: \([0-9.]*\) 4-way.*/\1/p' <<<"$out" | head -1)
		d=$(sed -n 's/^drops ratio: \([0-9.]*\) %.*/\1/p' <<<"$out" | sort -g | tail -1)
		echo "perfdhcp -r $rate: ${r:-?} DORA/s, drops ${d:-?}%"
		if awk -v d="${d:-100}" -v r="${r:-0}" -v b="$best_perf" 'BEGIN { exit !(d < 1 && r > b) }'; then
			best_perf=$r
		fi
	done
done

best_ours=0
for window in 256 1024 4096; do
	for run in 1 2 3; do
		j=$(ll_in cli "$PROBE" load --relay 10.77.0.1 --clients 50000 --window "$window" \
			--duration "$SECS" --json)
		r=$(sed -n 's/.*"rate":\([0-9.]*\).*/\1/p' <<<"$j")
		d=$(sed -n 's/.*"drop_percent":\([0-9.]*\).*/\1/p' <<<"$j")
		echo "lanlease-probe load --window $window: ${r:-?} DORA/s, drops ${d:-?}%"
		if awk -v d="${d:-100}" -v r="${r:-0}" -v b="$best_ours" 'BEGIN { exit !(d < 1 && r > b) }'; then
			best_ours=$r
		fi
	done
done
echo
printf "%-28s %12s\n" "load generator" "DORA/s"
printf "%-28s %12.0f\n" "perfdhcp (Kea 2.2)" "$best_perf"
printf "%-28s %12.0f\n" "lanlease-probe load" "$best_ours"
awk -v a="$best_ours" -v b="$best_perf" 'BEGIN { if (b > 0) printf "ratio: %.1fx perfdhcp (goal: 10x)\n", a / b }'
