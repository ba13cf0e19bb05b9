#!/bin/bash
# A storm of malformed packets (every prefix, every option with wrong
# lengths, the codec's bad-input classes, advisories' packets, seeded
# mutations) against lanleased: it keeps answering (the fuzzer's
# liveness checks), counts them in pkt4-parse-failed, and its resident
# memory stays flat.
. "$(dirname "$0")/lib.sh"
B=$1 DRIVER=${2:-sqlite}
ll_need_root
ll_db_start "$DRIVER" || exit $?
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/24 cli cli0 -
ll_in cli ip link set cli0 address 02:cc:00:00:00:01
cat >"$LL_TMP/conf.lua" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "mac" }
LUA
"$B/lanleased" -c "$LL_TMP/conf.lua" --init-db || exit 1
sql "INSERT INTO subnets (subnet, subnet_mask) VALUES ('s', '255.255.255.0');
INSERT INTO maps (mac, ip, subnet) VALUES ('02:cc:00:00:00:01', '10.77.0.20', 's');"
ll_bg srv "$LL_TMP/lanleased.log" "$B/lanleased" -c "$LL_TMP/conf.lua"
SRV=$LL_PID
ll_wait_udp srv 67
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$SRV/status"; }
counter() { kill -USR1 "$SRV"; sleep 0.3; awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }' "$LL_TMP/lanleased.log"; }
# warm up: first storm
ll_in cli "$B/lanlease-probe" fuzz -i cli0 --seed 1 --count 3000 --rate 20000 \
	--check-every 500 >/dev/null 2>&1
before=$(rss)
ll_rc "a storm of 10,000 malformed and mutated packets: the server keeps answering" 0 \
	ll_in cli "$B/lanlease-probe" fuzz -i cli0 --seed 2 --count 10000 --rate 20000 \
	--check-every 500
after=$(rss)
failed=$(counter pkt4-parse-failed)
[ "$failed" -ge 1500 ] && ll_ok "pkt4-parse-failed counts them ($failed)" ||
	ll_ko "pkt4-parse-failed counts them ($failed)"
# (under ASan, whose quarantine keeps freed memory, RSS means nothing)
if [ -z "${LL_ASAN:-}" ]; then
	[ $((after - before)) -le 512 ] && ll_ok "resident memory flat (${before} kB -> ${after} kB)" ||
		ll_ko "resident memory flat (${before} kB -> ${after} kB)"
fi
ll_rc "and still answers a valid client" 0 ll_in cli "$B/lanlease-probe" dora -i cli0 -q
kill -0 "$SRV" && ll_ok "lanleased still running" || ll_ko "lanleased still running"
ll_done
