#!/bin/bash
# A real relay: isc-dhcp-relay in a middle namespace adds Option 82
# (circuit-id = the port the request came in on); two clients behind two
# relay ports get the addresses assigned to their circuits; the server's
# replies echo Option 82 verbatim, as the last option (RFC 3046 2.2).
. "$(dirname "$0")/lib.sh"
B=$1 DRIVER=${2:-sqlite}
ll_need_root
ll_db_start "$DRIVER" || exit $?
ll_relay_net || exit 1
cat >"$LL_TMP/conf.lua" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "mac", "circuit-id" }
LUA
"$B/lanleased" -c "$LL_TMP/conf.lua" --init-db || exit 1
# circuit-ids as dhcrelay -a makes them: the port's name
sql <<SQL
INSERT INTO subnets (subnet, gateway, subnet_mask) VALUES
  ('port-a', '10.78.1.1', '255.255.255.0'), ('port-b', '10.78.2.1', '255.255.255.0');
INSERT INTO circuits (circuit_id, ip, subnet) VALUES
  ('$(printf pa | xxd -p)', '10.78.1.50', 'port-a'),
  ('$(printf pb | xxd -p)', '10.78.2.50', 'port-b');
SQL
ll_bg srv "$LL_TMP/lanleased.log" "$B/lanleased" -c "$LL_TMP/conf.lua"
ll_wait_udp srv 67
ll_bg rly "$LL_TMP/relay.log" dhcrelay -4 -d -a -id pa -id pb -iu up0 10.77.0.1
RELAY=$LL_PID
sleep 1
ll_bg srv "$LL_TMP/cap.log" "$B/lanlease-probe" listen -i srv0 --json --timeout 12 \
	--pcap "$LL_TMP/srv.pcap"
LISTEN=$LL_PID
sleep 0.5
ll_rc "client behind port a: DORA through the relay" 0 ll_in cla "$B/lanlease-probe" \
	dora -i a0 --timeout 3
grep -q "^yiaddr=10.78.1.50$" "$LL_TMP/out" && ll_ok "port a's circuit gets 10.78.1.50" ||
	ll_ko "port a's circuit gets 10.78.1.50"
grep -q "^routers=10.78.1.1$" "$LL_TMP/out" && ll_ok "with port a's subnet options" ||
	ll_ko "with port a's subnet options"
ll_rc "client behind port b: DORA through the relay" 0 ll_in clb "$B/lanlease-probe" \
	dora -i b0 --timeout 3
grep -q "^yiaddr=10.78.2.50$" "$LL_TMP/out" && ll_ok "port b's circuit gets 10.78.2.50" ||
	ll_ko "port b's circuit gets 10.78.2.50"
ll_stop "$LISTEN"
# on the server's wire: every reply carries the request's Option 82, last
/usr/bin/python3 - "$LL_TMP/cap.log" <<'PY'
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
reqs = {(m['xid'], m['message_type']): m for m in msgs if m['op'] == 'BOOTREQUEST'}
reps = [m for m in msgs if m['op'] == 'BOOTREPLY']
bad = 0
for r in reps:
    opts = r['options']
    q = [m for m in msgs if m['op'] == 'BOOTREQUEST' and m['xid'] == r['xid']]
    rai = [o for o in q[-1]['options'] if o['code'] == 82] if q else []
    if not rai or opts[-1]['code'] != 82 or opts[-1]['hex'] != rai[0]['hex']:
        bad += 1
print('replies %d, without Option 82 echoed last: %d' % (len(reps), bad))
sys.exit(1 if bad or len(reps) < 4 else 0)
PY
[ $? -eq 0 ] && ll_ok "every reply echoes Option 82 verbatim, last" ||
	ll_ko "every reply echoes Option 82 verbatim, last"
n=$(tshark -r "$LL_TMP/srv.pcap" -Y '_ws.malformed or _ws.expert.severity >= 8388608' 2>/dev/null | wc -l)
[ "$n" -eq 0 ] && ll_ok "tshark finds nothing malformed" || ll_ko "tshark finds $n malformed"

# perfdhcp as the relay, Option 82 given with -o: its client gets the
# address of that circuit (one client, several exchanges)
ll_stop "$RELAY"
sql "INSERT INTO subnets (subnet, subnet_mask) VALUES ('perf', '255.255.255.0');
INSERT INTO circuits (circuit_id, remote_id, ip, subnet)
  VALUES ('00040001000a', '0006aabbccddeeff', '10.77.0.60', 'perf');"
out=$(ll_in rly perfdhcp -4 -r 5 -n 5 -R 1 -o 82,010600040001000a02080006aabbccddeeff \
	-l 10.77.0.2 10.77.0.1 2>&1)
acks=$(sed -n '/^\*\*\*Statistics for: REQUEST-ACK/,/^$/p' <<<"$out" |
	sed -n 's/^received packets: \([0-9]*\)/\1/p')
leased=$(sql "SELECT count(*) FROM history WHERE ip = '10.77.0.60' AND circuit_id = '00040001000a'")
if [ "${acks:-0}" -ge 1 ] && [ "$leased" -ge 1 ]; then
	ll_ok "perfdhcp with -o 82: ACKs ($acks) for the circuit's address 10.77.0.60"
else
	ll_ko "perfdhcp with -o 82: ACKs (${acks:-0}) for the circuit's address ($leased rows)"
	echo "$out" | tail -20
fi
ll_done
