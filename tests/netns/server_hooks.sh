#!/bin/bash
# lanleased's Lua hooks, callbacks and abuse thresholds (issue: hooks),
# each checked on real exchanges in a namespace pair with lanlease-probe:
# the guide's examples from examples/hooks/, every hook and callback,
# packet.meta, the helpers, extensions/ on the module path, every
# threshold, a hook that raises and one that loops (the server goes on
# serving), and reloads (under load with no failed exchange; a broken
# file changes nothing).
. "$(dirname "$0")/lib.sh"
B=$1 DRIVER=${2:-sqlite}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
EX=$SRC/examples/hooks
ll_need_root
ll_db_start "$DRIVER" || exit $?
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/24 cli cli0 "10.77.0.2/24"
ip -n "$LL_P-cli" addr add 10.77.0.3/24 dev cli0
C=$LL_TMP/conf.lua
LOOKUP='{ "mac" }'
head() { # extra settings
	cat >"$C" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = $LOOKUP
$1
LUA
}
head ""
"$B/lanleased" -c "$C" --init-db || exit 1
sql "INSERT INTO subnets (subnet, subnet_mask, gateway, lease_time)
  VALUES ('s', '255.255.255.0', '10.77.0.1', 300);
INSERT INTO maps (mac, ip, subnet) VALUES
  ('02:aa:00:00:00:01', '10.77.0.51', 's'), ('02:aa:00:00:00:02', '10.77.0.52', 's'),
  ('02:aa:00:00:00:03', '10.77.0.53', 's'), ('02:aa:00:00:00:04', '10.77.0.54', 's'),
  ('02:aa:00:00:00:66', '10.77.0.66', 's');
CREATE TABLE multi (mac TEXT, ip TEXT, subnet TEXT);
INSERT INTO multi VALUES ('02:cc:00:00:00:01', '10.77.0.81', 's'),
  ('02:cc:00:00:00:01', '10.77.0.82', 's');"
sql "INSERT INTO maps (mac, ip, subnet) VALUES $(ll_maps_values 42 10.77.1 200)"
SRV=""
start() { # conf body appended after the settings
	[ -n "$SRV" ] && ll_stop "$SRV"
	head "${2:-}"
	printf '%s\n' "$1" >>"$C"
	NLOG=$((${NLOG:-0} + 1))
	ln -sf "$LL_TMP/l.$NLOG.log" "$LL_TMP/l.log"
	ll_bg srv "$LL_TMP/l.$NLOG.log" "$B/lanleased" -c "$C"
	SRV=$LL_PID
	ll_wait_udp srv 67
}
dora() { # MAC [probe args]: the probe's exit status; output in $LL_TMP/o
	local m=$1
	shift
	ll_in cli "$B/lanlease-probe" dora -i cli0 --chaddr "$m" --timeout 1 "$@" \
		>"$LL_TMP/o" 2>&1
	local rc=$?
	{ echo "== dora $m: $rc"; cat "$LL_TMP/o"; } >>"$LL_TMP/all.o"
	return $rc
}
counter() { kill -USR1 "$SRV"; sleep 0.3; awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }' "$LL_TMP/l.log"; }

# --- the guide's examples -------------------------------------------------
start "$(cat "$EX/tick_logger.lua")"
sleep 2.5
ll_check "example tick logger: ticks about once a second" \
	bash -c "[ \$(grep -c 'Ticked!' $LL_TMP/l.log) -ge 2 ]"
start "$(cat "$EX/guest_box.lua")"
dora aa:bb:cc:dd:ee:ff -o "dhcp-parameter-request-list=1,3,6,12,15,42"
ll_check "example guest box: an unknown MAC gets the guest definition" \
	grep -q "yiaddr=10.77.0.100" "$LL_TMP/o"
ll_check "  with its options" bash -c "grep -q 'ntp-servers=10.77.0.8,10.77.0.9' $LL_TMP/o && grep -q 'host-name=\"guestbox\"' $LL_TMP/o && grep -q 'dhcp-lease-time=600' $LL_TMP/o"
ll_rc "  and another unknown MAC gets nothing" 3 dora 02:99:00:00:00:01
start "$(cat "$EX/lossy_filter.lua")"
ll_in cli "$B/lanlease-probe" load -i cli0 --clients 200 --mac-prefix 0x42 \
	--mode do --rate 400 --duration 2 -q >/dev/null 2>&1
rx=$(counter pkt4-discover-received); dropped=$(counter hook-drops)
ll_check "example lossy filter: about 20% dropped ($dropped of $rx)" \
	awk -v d="$dropped" -v r="$rx" 'BEGIN { exit !(r >= 200 && d / r > 0.1 && d / r < 0.3) }'
start "$(cat "$EX/renewal_and_nak.lua")"
dora 02:aa:00:00:00:01; rc1=$?
ll_check "example renewal rule: .51 (a multiple of 3) gets T1 60 s" \
	bash -c "[ $rc1 -eq 0 ] && grep -q 'dhcp-renewal-time=60$' $LL_TMP/o"
naks=0 drops=0 acks=0
for i in $(seq 1 40); do
	dora 02:aa:00:00:00:02
	case $? in 0) acks=$((acks + 1)) ;; 4) naks=$((naks + 1)) ;; 3) drops=$((drops + 1)) ;; esac
done
ll_check "example random NAK: about half the REQUESTs NAKed ($naks NAK, $acks ACK, $drops silent of 40)" \
	bash -c "[ $naks -ge 8 ] && [ $acks -ge 4 ] && [ $((naks + acks + drops)) -eq 40 ]"

# --- every hook, packet.meta, helpers, extensions/ ---------------------------
LOOKUP='{ "mac", { sql = "SELECT ip, subnet FROM multi WHERE mac = {mac}" } }'
mkdir -p "$LL_TMP/extensions"
cp "$SRC/examples/extensions/_handlers.lua" "$LL_TMP/extensions/"
start '
local handlers = require("_handlers")
local seen = 0
function filter_packet(packet, method, mac, client_ip, relay_ip, port)
    packet.meta.tag = "m-" .. mac:sub(-2)
    if mac == "02:aa:00:00:00:03" then return false end
    if mac == "02:aa:00:00:00:04" then
        seen = seen + 1
        if seen == 1 then return nil end
    end
    return handlers.allowed(mac)
end
function filter_retrieved_definitions(definitions, packet, method, mac, client_ip, relay_ip, port)
    for i, d in ipairs(definitions) do
        if d.ip == "10.77.0.82" then return d end
    end
end
function load_dhcp_packet(packet, method, mac, definition, relay_ip, port, source_packet)
    packet:set("host-name", "\"" .. packet.meta.tag .. "\"")
    packet:set_raw(121, dhcp.rfc3442_121({ "10.9.0.0/16->10.77.0.1" }))
    packet:set_raw(119, dhcp.rfc3397_119({ "a.example", "b.example" }))
    assert(source_packet:get("dhcp-message-type") ~= nil)
    assert(not pcall(source_packet.set, source_packet, "host-name", "\"x\""))
    return true
end'
LOOKUP='{ "mac" }'
dora 02:aa:00:00:00:01 -o "dhcp-parameter-request-list=1,3,12,119,121"
ll_check "load_dhcp_packet sets options; packet.meta carries filter_packet's tag" \
	grep -q 'host-name="m-01"' "$LL_TMP/o"
ll_check "helpers: rfc3442_121 and rfc3397_119 through the option table" \
	bash -c "grep -q 'classless-static-routes=10.9.0.0/16->10.77.0.1' $LL_TMP/o && grep -q 'domain-search=a.example,b.example' $LL_TMP/o"
ll_rc "filter_packet false: dropped" 3 dora 02:aa:00:00:00:03
ll_rc "filter_packet nil: dropped" 3 dora 02:aa:00:00:00:04
ll_rc "  and the MAC stays suspended although the filter now says yes" 3 dora 02:aa:00:00:00:04
ll_check "  suspension logged" grep -q "suspended 02:aa:00:00:00:04 .*filter_packet returned nil" "$LL_TMP/l.log"
ll_rc "extensions/_handlers.lua (require) blocks its MAC" 3 dora 02:bb:00:00:00:66
dora 02:cc:00:00:00:01
ll_check "filter_retrieved_definitions picks the second of two rows" grep -q "yiaddr=10.77.0.82" "$LL_TMP/o"

# --- callbacks and the logger ---------------------------------------------------
start '
local n = 0
local function once() logger.warning("tick once") callbacks.remove_tick(once) end
local function stats(r) logger.info("stats", r.method, r.mac, r.ip, r.subnet, r.processed, r.port, r.source_address, r.processing_time >= 0) end
function init()
    callbacks.add_tick(once)
    callbacks.add_stats(stats)
    callbacks.add_reinit(function() logger.error("reinit ran") end)
    logger.debug("debug line") logger.critical("critical line")
end'
dora 02:aa:00:00:00:01
sleep 2.2
ll_check "stats callback: method, mac, ip, subnet, processed, port, source" \
	grep -q "stats REQUEST:SELECTING 02:aa:00:00:00:01 10.77.0.51 s true 68 0.0.0.0 true" "$LL_TMP/l.log"
ll_check "remove_tick: a tick that removes itself ran once" \
	bash -c "[ \$(grep -c 'tick once' $LL_TMP/l.log) -eq 1 ]"
ll_check "logger levels reach the log" bash -c "grep -q '\[debug\] debug line' $LL_TMP/l.log && grep -q '\[critical\] critical line' $LL_TMP/l.log"
kill -HUP "$SRV"; sleep 1
ll_check "SIGHUP runs the reinit callbacks" grep -q "reinit ran" "$LL_TMP/l.log"

# --- every helper, and the removers -----------------------------------------------
start '
local function hex(b) return (b:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local function eq(a, b, what) if a ~= b then error(what .. ": " .. tostring(a) .. " ~= " .. tostring(b)) end end
function init()
    eq(dhcp.ip_to_int("10.0.0.1"), 167772161, "ip_to_int")
    eq(dhcp.int_to_ip(167772161), "10.0.0.1", "int_to_ip")
    eq(table.concat(dhcp.ip_to_list("1.2.3.4"), "."), "1.2.3.4", "ip_to_list")
    eq(dhcp.list_to_ip({1, 2, 3, 4}), "1.2.3.4", "list_to_ip")
    eq(#dhcp.ips_to_list("1.2.3.4,5.6.7.8"), 8, "ips_to_list")
    eq(dhcp.list_to_ips({1, 2, 3, 4, 5, 6, 7, 8}), "1.2.3.4,5.6.7.8", "list_to_ips")
    eq(dhcp.list_to_int(dhcp.int_to_list(1500)), 1500, "int")
    eq(dhcp.list_to_long(dhcp.long_to_list(86400)), 86400, "long")
    eq(dhcp.list_to_str(dhcp.str_to_list("abc")), "abc", "str")
    eq(hex(dhcp.rfc3442_121({{"10.0.0.0/8", "10.0.0.1"}})), "080a0a000001", "121")
    eq(hex(dhcp.rfc3397_119({"a.b"})), "0161016200", "119")
    eq(hex(dhcp.rfc1035_plus("a.b")), "0161016200", "rfc1035_plus")
    eq(hex(dhcp.rfc4280_88({"a.b"})), "0161016200", "88")
    eq(dhcp.decode(137, dhcp.rfc5223_137("lost.example")), "lost.example", "137")
    eq(hex(dhcp.rfc2610_78(true, {"10.0.0.1"})), "010a000001", "78")
    eq(hex(dhcp.rfc2610_79(false, "default")), "0064656661756c74", "79")
    eq(hex(dhcp.rfc3361_120({"10.0.0.1"})), "010a000001", "120 addresses")
    eq(dhcp.rfc3361_120({"sip.example"}):byte(1), 0, "120 names")
    local v = dhcp.rfc3925_124(9, {"ab"})
    eq(dhcp.rfc3925_decode(v)[9][1], "ab", "124")
    local w = dhcp.rfc3925_125(9, {[1] = "xy"})
    eq(dhcp.rfc3925_125_decode(w)[9][1], "xy", "125")
    eq(dhcp.rfc3046_decode("\1\2ab\2\1c")[2], "c", "82")
    eq(#dhcp.rfc4174_83({functions = 1, ["dd-access"] = 1, ["admin-flags"] = 1, security = 1, addresses = {"10.0.0.1"}}), 14, "83")
    eq(hex(dhcp.rfc5678_139({[1] = {"10.0.0.1"}})), "01040a000001", "139")
    eq(dhcp.rfc5678_140({[1] = {"m.example"}}):byte(1), 1, "140")
    eq(require("lanlease"), dhcp, "require lanlease")
    local function f() end
    callbacks.add_stats(f) eq(callbacks.remove_stats(f), true, "remove_stats")
    callbacks.add_reinit(f) eq(callbacks.remove_reinit(f), true, "remove_reinit")
    eq(callbacks.remove_tick(f), false, "remove_tick of an unknown function")
    logger.info("helpers ok")
end'
ll_check "every conversion and RFC helper gives the codec's bytes; the removers work" \
	grep -q "helpers ok" "$LL_TMP/l.log"
grep -q "helpers ok" "$LL_TMP/l.log" || cat "$LL_TMP/l.log"

# --- a hook that raises, and one that loops ------------------------------------
start '
function filter_packet(packet, method, mac)
    if mac == "02:aa:00:00:00:01" then error("boom") end
    if mac == "02:aa:00:00:00:02" then while true do end end
    return true
end' 'hook_budget = 200000'
ll_rc "a hook that raises: that packet is dropped" 3 dora 02:aa:00:00:00:01
ll_check "  the error is logged with its traceback" bash -c "grep -q 'hook filter_packet failed.*boom' $LL_TMP/l.log && grep -q 'stack traceback' $LL_TMP/l.log"
ll_rc "a hook that loops forever: stopped, packet dropped" 3 dora 02:aa:00:00:00:02
ll_check "  stopped by the budget" grep -q "ran past its budget" "$LL_TMP/l.log"
ll_rc "  and the server goes on serving" 0 dora 02:aa:00:00:00:03
he=$(counter hook-errors)
ll_check "  both counted as hook-errors ($he)" test "$he" -ge 2

# --- thresholds ----------------------------------------------------------------
start '' 'suspend_threshold = 4
misbehaving_client_timeout = 3
unauthorized_client_timeout = 2'
for i in 1 2 3 4 5 6; do ll_in cli "$B/lanlease-probe" discover -i cli0 --chaddr 02:aa:00:00:00:01 --timeout 0.3 >/dev/null 2>&1; done
ll_rc "suspend_threshold: a MAC past 4 packets is suspended" 3 dora 02:aa:00:00:00:01
ll_check "  logged" grep -q "suspended 02:aa:00:00:00:01 for 3 s: more than 4 packets" "$LL_TMP/l.log"
sp=$(counter suspended-packets)
ll_check "  counted (suspended-packets: $sp)" test "$sp" -ge 1
ll_check "  and listed in the statistics" bash -c "grep -q '^suspended-clients [1-9]' $LL_TMP/l.log && grep -q '  suspended 02:aa:00:00:00:01' $LL_TMP/l.log"
sleep 3.5
ll_rc "misbehaving_client_timeout: served again after 3 s" 0 dora 02:aa:00:00:00:01
ll_rc "unauthorized_client_timeout: an unknown MAC" 3 dora 02:99:00:00:00:09
ll_check "  is suspended for 2 s" grep -q "suspended 02:99:00:00:00:09 for 2 s: unknown client" "$LL_TMP/l.log"
start '' 'allow_local_dhcp = false'
ll_rc "allow_local_dhcp = false: a local client gets nothing" 3 dora 02:aa:00:00:00:02
ll_rc "  a relayed one is served" 0 ll_in cli "$B/lanlease-probe" dora --relay 10.77.0.1 --local 10.77.0.2 --chaddr 02:aa:00:00:00:02 --timeout 1
start '' 'allow_dhcp_relays = false'
ll_rc "allow_dhcp_relays = false: a relayed request gets nothing" 3 ll_in cli "$B/lanlease-probe" dora --relay 10.77.0.1 --local 10.77.0.2 --chaddr 02:aa:00:00:00:02 --timeout 1
start '' 'allowed_dhcp_relays = { "10.77.0.3" }'
ll_rc "allowed_dhcp_relays: an unlisted relay gets nothing" 3 ll_in cli "$B/lanlease-probe" dora --relay 10.77.0.1 --local 10.77.0.2 --chaddr 02:aa:00:00:00:02 --timeout 1
ll_rc "  a listed relay is served" 0 ll_in cli "$B/lanlease-probe" dora --relay 10.77.0.1 --local 10.77.0.3 --chaddr 02:aa:00:00:00:02 --timeout 1

# --- reloads -----------------------------------------------------------------------
start 'function load_dhcp_packet(p) p:set("host-name", "\"before\"") return true end'
ll_in cli "$B/lanlease-probe" load -i cli0 --clients 200 --mac-prefix 0x42 \
	--duration 4 --rate 500 --json >"$LL_TMP/load.json" 2>&1 &
LOAD=$!
sleep 1.5
sed -i 's/before/after/' "$C"
kill -HUP "$SRV"
sleep 0.5
wait $LOAD
ll_check "reload under load: zero failed exchanges" grep -q '"drop_percent":0[.,}]' "$LL_TMP/load.json"
ll_check "  reloaded" grep -q "reloaded $C" "$LL_TMP/l.log"
dora 02:aa:00:00:00:01 -o "dhcp-parameter-request-list=1,3,12"
ll_check "  and the new hook is in force" grep -q 'host-name="after"' "$LL_TMP/o"
printf 'function load_dhcp_packet(p\n  this is not lua\n' >>"$C"
kill -HUP "$SRV"; sleep 0.5
ll_check "a broken reload is rejected with file:line" grep -q "reload rejected.*conf.lua:[0-9]*:" "$LL_TMP/l.log"
dora 02:aa:00:00:00:01 -o "dhcp-parameter-request-list=1,3,12"
ll_check "  and changes nothing" grep -q 'host-name="after"' "$LL_TMP/o"
[ -n "${KEEP:-}" ] && { rm -rf /tmp/hk; mkdir -p /tmp/hk; cp "$LL_TMP"/l.*.log "$LL_TMP/all.o" "$C" /tmp/hk/; }
ll_done
