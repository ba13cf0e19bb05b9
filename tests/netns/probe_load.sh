#!/bin/bash
# lanlease-probe load against Kea at a fixed moderate rate agrees with
# perfdhcp's numbers (exchanges/s) within 10%, on the same path.
. "$(dirname "$0")/lib.sh"
PROBE=$1
RATE=${LL_LOAD_RATE:-300}
SECS=${LL_LOAD_SECS:-6}
ll_need_root
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/16 cli cli0 10.77.0.2/16
ll_kea srv srv0 10.77.0.0/16 "10.77.1.0 - 10.77.255.250" ||
	{ ll_ko "kea starts"; ll_done; exit 1; }

perf=$(ll_in cli perfdhcp -4 -r "$RATE" -p "$SECS" -R 2000 -l 10.77.0.2 10.77.0.1 2>&1 |
	sed -n 's/^Rate: \([0-9.]*\) 4-way.*/\1/p' | head -1)
ours=$(ll_in cli "$PROBE" load --relay 10.77.0.1 --rate "$RATE" --duration "$SECS" \
	--clients 2000 --mac-prefix 0x33 --json | sed -n 's/.*"rate":\([0-9.]*\).*/\1/p')
echo "perfdhcp: $perf DORA/s, lanlease-probe load: $ours DORA/s (target $RATE/s)"
if [ -n "$perf" ] && [ -n "$ours" ] &&
	awk -v a="$ours" -v b="$perf" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d / b <= 0.10) }'; then
	ll_ok "load agrees with perfdhcp within 10% ($ours vs $perf)"
else
	ll_ko "load agrees with perfdhcp within 10% ($ours vs $perf)"
fi
awk -v a="$ours" -v r="$RATE" 'BEGIN { exit !(a >= 0.9 * r && a <= 1.1 * r) }' &&
	ll_ok "load holds the asked rate ($ours of $RATE)" ||
	ll_ko "load holds the asked rate ($ours of $RATE)"
ll_rc "load --max-drop passes with no drops" 0 ll_in cli "$PROBE" load --relay 10.77.0.1 \
	--rate 100 --duration 2 --clients 100 --max-drop 0 -q
ll_rc "load renewals of bound leases" 0 ll_in cli "$PROBE" load --relay 10.77.0.1 \
	--mode renew --window 16 --duration 2 --clients 200 --mac-prefix 0x44 -q
grep -q "RENEW->ACK" "$LL_TMP/out" && ll_ok "renew latencies reported" || ll_ko "renew latencies reported"
ll_rc "load DISCOVER-OFFER only, over L2" 0 ll_in cli "$PROBE" load -i cli0 \
	--mode do --window 16 --duration 2 --clients 200 --mac-prefix 0x55 -q
ll_stop "$LL_KEA"
# nobody answering: drops counted, --max-drop fails the run
ll_rc "load against nobody exits non-zero" 3 ll_in cli "$PROBE" load --relay 10.77.0.9 \
	--duration 1 --clients 10 --timeout 0.2 -q
ll_done
