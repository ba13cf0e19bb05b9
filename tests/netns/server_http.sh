#!/bin/bash
# lanleased's HTTP service (issue: operations): the JSON API (every
# endpoint, bad input), /metrics through a real Prometheus text parser,
# authentication (bearer tokens, HTTP digest, refusals), conf.lua's web
# extensions, lanleasectl, trace for a relayed client, and the dashboard
# in headless Chromium while lanlease-probe loads the server. All in a
# namespace pair; the service listens on the server namespace's loopback.
. "$(dirname "$0")/lib.sh"
B=$1 DRIVER=${2:-sqlite}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
ll_need_root
# the browser driver comes from the npm registry: fetched here, outside
# the namespaces (which have no way out)
LL_NODE_MODULES=$("$SRC/tests/http/setup-browser.sh") ||
	{ echo "FAIL: cannot prepare the browser driver"; exit 1; }
export LL_NODE_MODULES
ll_db_start "$DRIVER" || exit $?
ll_ns srv && ll_ns cli && ll_ns rly || exit 1
ll_link srv srv0 10.77.0.1/24 cli cli0 10.77.0.2/24
ll_link srv srv1 10.77.9.1/24 rly rly0 10.77.9.2/24
ip -n "$LL_P-rly" addr add 10.77.5.1/24 dev lo
ip -n "$LL_P-srv" route add 10.77.5.0/24 via 10.77.9.2
TOKEN=tok-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
C=$LL_TMP/conf.lua
cat >"$C" <<LUA
interfaces = { "srv0", "srv1" }
database = $DBCONF
unauthorized_client_timeout = 600
lookup = { "mac",
  { sql = "SELECT ip, subnet, serial, hostname FROM circuits WHERE circuit_id = {option_82_circuit_id_hex}" } }
http = { listen = "127.0.0.1:8067", tokens = { "$TOKEN" },
         users = { admin = "admin-password-1" } }
web.add_header(function() return '<span id=lua-header>lab A</span>' end)
web.add_dashboard("lab", "note", function() return '<p id=lua-element>hello from conf.lua</p>' end, 5)
web.add_method("/lab/ping", function(req) return "text/plain", "pong " .. (req.query.who or "") end,
  { display_mode = "raw" })
web.add_method("/lab/secret", function(req) return "<p id=secret>for " .. req.user .. "</p>" end,
  { secure = true, hidden = false, name = "Secret" })
web.add_method("/lab/wipe", function(req) return "<p id=wiped>wiped</p>" end,
  { secure = true, confirm = true })
web.add_method("/lab/board", function(req) return "<p id=board>on the dashboard</p>" end,
  { display_mode = "dashboard" })
web.add_dashboard("lab", "gone", function() return "<p id=gone-element></p>" end, 1)
assert(web.remove_dashboard("lab", "gone") == true)
web.add_method("/lab/gone", function() return "text/plain", "x" end, { display_mode = "raw" })
assert(web.remove_method("/lab/gone") == true)
local h = function() return "<span id=gone-header></span>" end
web.add_header(h)
assert(web.remove_header(h) == true)
LUA
"$B/lanleased" -c "$C" --init-db || exit 1
sql "INSERT INTO subnets (subnet, subnet_mask, gateway, lease_time)
  VALUES ('s', '255.255.255.0', '10.77.0.1', 300), ('r', '255.255.255.0', '10.77.5.1', 300);
INSERT INTO circuits (circuit_id, ip, subnet) VALUES ('706f72742d37', '10.77.5.70', 'r');
INSERT INTO maps (mac, ip, subnet) VALUES ('02:aa:00:00:00:01', '10.77.0.51', 's');"
sql "INSERT INTO maps (mac, ip, subnet) VALUES $(ll_maps_values 42 10.77.1 200)"
ll_bg srv "$LL_TMP/l.log" "$B/lanleased" -c "$C"
SRV=$LL_PID
ll_wait_udp srv 67
for i in $(seq 1 50); do ll_in srv curl -s -o /dev/null http://127.0.0.1:8067/api/v1/status && break; sleep 0.1; done
ll_check "lanleased -t shows the http service" bash -c \
	"'$B/lanleased' -t -c '$C' | grep -q 'http = http://127.0.0.1:8067/, 1 token(s), 1 user(s)'"
ll_check "the log names the service" grep -q "http on http://127.0.0.1:8067/" "$LL_TMP/l.log"
bad() { # an http table -> lanleased -t's error
	printf 'interfaces = { "srv0" }\ndatabase = { driver = "sqlite", path = "x" }\nlookup = { "mac" }\nhttp = %s\n' "$1" >"$LL_TMP/bad.lua"
	"$B/lanleased" -t -c "$LL_TMP/bad.lua" 2>&1
}
ll_check "bad http.listen: file, line and key" bash -c "$(declare -f bad); B=$B LL_TMP=$LL_TMP; bad '{ listen = \"localhost\" }' | grep -q 'bad.lua:4: http: listen: \"ADDRESS:PORT\"'"
ll_check "an unknown http key is named" bash -c "$(declare -f bad); B=$B LL_TMP=$LL_TMP; bad '{ tokenz = {} }' | grep -q 'bad.lua:4: http: unknown key tokenz'"
ll_check "a short token is refused" bash -c "$(declare -f bad); B=$B LL_TMP=$LL_TMP; bad '{ tokens = { \"short\" } }' | grep -q 'tokens\[1\]: a string of 16 to 127'"

# a client that got an address, an unknown one (suspended), a relayed one
ll_in cli "$B/lanlease-probe" dora -i cli0 --chaddr 02:aa:00:00:00:01 --timeout 1 >"$LL_TMP/o" 2>&1
ll_check "a known client gets its address" grep -q "yiaddr=10.77.0.51" "$LL_TMP/o"
ll_in cli "$B/lanlease-probe" dora -i cli0 --chaddr 02:bb:00:00:00:09 --timeout 1 >/dev/null 2>&1

CTL() { ll_in srv env LANLEASE_TOKEN="$TOKEN" "$B/lanleasectl" "$@"; }
# --- the JSON API: every endpoint, bad input --------------------------------
ll_check "API: every endpoint and bad input (tests/http/api.py)" \
	ll_in srv /usr/bin/python3 "$SRC/tests/http/api.py" http://127.0.0.1:8067 "$TOKEN" admin admin-password-1

# --- lanleasectl -----------------------------------------------------------------
# (api.py lifted the suspension: the unknown client asks again)
ll_in cli "$B/lanlease-probe" dora -i cli0 --chaddr 02:bb:00:00:00:09 --timeout 1 >/dev/null 2>&1
CTL status >"$LL_TMP/ctl" 2>&1
ll_check "lanleasectl status" grep -q "^database.up true" "$LL_TMP/ctl"
CTL leases >"$LL_TMP/ctl" 2>&1
ll_check "lanleasectl leases: a table with the lease" grep -q "^10.77.0.51 *02:aa:00:00:00:01 *bound" "$LL_TMP/ctl"
CTL lease 02-AA-00-00-00-01 >"$LL_TMP/ctl" 2>&1
ll_check "lanleasectl lease MAC (any spelling)" grep -q "^10.77.0.51 " "$LL_TMP/ctl"
CTL --json lease 10.77.0.51 >"$LL_TMP/ctl" 2>&1
ll_check "lanleasectl --json lease IP: JSON" /usr/bin/python3 -c "import json,sys; d=json.load(open('$LL_TMP/ctl')); assert d['items'][0]['mac']=='02:aa:00:00:00:01'"
ll_rc "lanleasectl lease of an unknown MAC: exit 1" 1 CTL lease 02:00:00:00:00:99
ll_check "  and says why" grep -q "no lease for 02:00:00:00:00:99 (HTTP 404)" "$LL_TMP/err"
CTL history --mac 02:aa:00:00:00:01 >"$LL_TMP/ctl" 2>&1
ll_check "lanleasectl history --mac" grep -q "02:aa:00:00:00:01 10.77.0.51 *REQUEST:SELECTING" "$LL_TMP/ctl"
CTL stats >"$LL_TMP/ctl" 2>&1
ll_check "lanleasectl stats: Kea's names" grep -q "^pkt4-ack-sent [1-9]" "$LL_TMP/ctl"
CTL suspended >"$LL_TMP/ctl" 2>&1
ll_check "lanleasectl suspended: the unknown client" grep -q "^02:bb:00:00:00:09" "$LL_TMP/ctl"
ll_rc "lanleasectl unsuspend MAC" 0 CTL unsuspend 02:bb:00:00:00:09
ll_rc "  twice: not suspended any more (exit 1)" 1 CTL unsuspend 02:bb:00:00:00:09
ll_rc "lanleasectl reload" 0 CTL reload
ll_check "  the server reloaded" grep -q "reloaded $C" "$LL_TMP/l.log"
ll_rc "lanleasectl without a token is refused (exit 1)" 1 ll_in srv "$B/lanleasectl" leases
ll_check "  HTTP 401" grep -q "HTTP 401" "$LL_TMP/err"
ll_rc "lanleasectl with a digest login" 0 ll_in srv "$B/lanleasectl" --user admin:admin-password-1 leases
ll_rc "lanleasectl to nothing: exit 3" 3 ll_in srv "$B/lanleasectl" -u http://127.0.0.1:1 status
printf 'url = http://127.0.0.1:8067\ntoken = %s\n' "$TOKEN" >"$LL_TMP/ctl.conf"
ll_rc "lanleasectl -c FILE (url, token)" 0 ll_in srv "$B/lanleasectl" -c "$LL_TMP/ctl.conf" suspended

# --- trace: a client behind a relay -----------------------------------------------
CTL trace 02:cc:00:00:00:07 --relay 10.77.5.1 --circuit-id port-7 >"$LL_TMP/tr" 2>&1
ll_check "trace: the mac step found nothing" grep -q "step 1 mac *no row *chaddr=02:cc:00:00:00:07" "$LL_TMP/tr"
ll_check "trace: the template matched with the circuit-id bound" \
	grep -q "step 2 sql *found *option_82_circuit_id_hex=706f72742d37" "$LL_TMP/tr"
ll_check "trace: matched step 2, its address, an OFFER to the relay" bash -c \
	"grep -q 'matched step 2, source lookup' $LL_TMP/tr && grep -q 'definition: ip 10.77.5.70' $LL_TMP/tr && grep -q 'decision: OFFER, to relay 10.77.5.1' $LL_TMP/tr"
CTL --json trace 02:cc:00:00:00:07 --relay 10.77.5.1 --circuit-id port-7 >"$LL_TMP/tr.json" 2>&1
ll_check "trace --json: variables, steps, the reply with Option 82 last" /usr/bin/python3 - "$LL_TMP/tr.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["variables"]["option_82_circuit_id_hex"] == "706f72742d37", d["variables"]
assert d["steps"][1]["parameters"] == {"option_82_circuit_id_hex": "706f72742d37"}
assert d["steps"][1]["sql"].startswith("SELECT ip, subnet")
rep = d["reply"]
assert rep["yiaddr"] == "10.77.5.70" and rep["options"][-1]["code"] == 82, rep
assert rep["options"][-1]["hex"] == "0106706f72742d37", rep
assert "nothing is written" in d["note"]
PY
n=$(sql "SELECT count(*) FROM leases WHERE ip = '10.77.5.70'" | tr -d ' ')
ll_check "trace wrote nothing (no lease for the traced client: $n)" [ "$n" = 0 ]

# the relayed client for real now: found by its circuit-id in the API,
# lanleasectl and the dashboard's search
ll_in rly "$B/lanlease-probe" dora --relay 10.77.9.1 --chaddr 02:cc:00:00:00:07 \
	-o "relay-agent-information={circuit-id=hex:706f72742d37}" --timeout 2 >"$LL_TMP/o" 2>&1
ll_check "a relayed client gets its circuit's address" grep -q "^yiaddr=10.77.5.70$" "$LL_TMP/o"
CTL leases --circuit-id port-7 >"$LL_TMP/ctl" 2>&1
ll_check "lanleasectl leases --circuit-id finds it" grep -q "^10.77.5.70 *02:cc:00:00:00:07 *bound" "$LL_TMP/ctl"
ll_in srv curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8067/?q=port-7" >"$LL_TMP/page"
ll_check "the dashboard's search by circuit-id finds it" grep -q "<td>10.77.5.70<td>02:cc:00:00:00:07" "$LL_TMP/page"

# --- the dashboard in headless Chromium, under load ---------------------------------
ll_in cli "$B/lanlease-probe" load -i cli0 --clients 200 --mac-prefix 0x42 \
	--mode dora --rate 300 --duration 14 -q >"$LL_TMP/load" 2>&1 &
LOAD=$!
sleep 1
ll_in cli "$B/lanlease-probe" dora -i cli0 --chaddr 02:aa:00:00:00:01 --timeout 1 >/dev/null 2>&1
ll_check "dashboard in headless Chromium (tests/http/dashboard.mjs)" \
	ll_in srv "$SRC/tests/http/browser.sh" "$SRC" http://127.0.0.1:8067 "$TOKEN" "$LL_TMP/shots"
wait $LOAD
mkdir -p "${LL_SHOTS:-$LL_TMP/keep}" && cp "$LL_TMP"/shots/*.png "${LL_SHOTS:-$LL_TMP/keep}/" 2>/dev/null
kill -0 $SRV
ll_check "the server still runs" [ $? -eq 0 ]
ll_stop $SRV

# --- TLS: a certificate of a throwaway CA ------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" -keyout "$LL_TMP/key.pem" \
	-out "$LL_TMP/cert.pem" >/dev/null 2>&1
sed -i "s|^http = { |http = { cert = \"$LL_TMP/cert.pem\", key = \"$LL_TMP/key.pem\", |" "$C"
ll_bg srv "$LL_TMP/l2.log" "$B/lanleased" -c "$C"
SRV=$LL_PID
for i in $(seq 1 50); do ll_in srv curl -s -o /dev/null --cacert "$LL_TMP/cert.pem" https://127.0.0.1:8067/api/v1/status && break; sleep 0.1; done
ll_check "TLS: the log says https" grep -q "http on https://127.0.0.1:8067/" "$LL_TMP/l2.log"
ll_rc "TLS: lanleasectl --cacert over https" 0 ll_in srv env LANLEASE_TOKEN="$TOKEN" \
	"$B/lanleasectl" -u https://127.0.0.1:8067 --cacert "$LL_TMP/cert.pem" lease 10.77.0.51
ll_rc "TLS: an unknown certificate is refused by lanleasectl (exit 3)" 3 \
	ll_in srv "$B/lanleasectl" -u https://127.0.0.1:8067 status
ll_check "TLS: plain HTTP gets no answer" bash -c "! ip netns exec $LL_P-srv curl -s -m 3 http://127.0.0.1:8067/api/v1/status | grep -q version"
sed -i "s|cert = \"[^\"]*\", key = \"[^\"]*\", |cert = \"$LL_TMP/cert.pem\", key = \"$LL_TMP/nothing.pem\", |" "$C"
ll_rc "TLS: a missing key file refuses to start" 1 ll_in srv timeout 5 "$B/lanleased" -c "$C"
ll_check "  and names the file" grep -q "nothing.pem" "$LL_TMP/err"
ll_stop $SRV

# --- public_dashboard: counters for anyone, client data behind the login ---
sed -i "s|^http = { cert = \"[^\"]*\", key = \"[^\"]*\", |http = { public_dashboard = true, |" "$C"
ll_bg srv "$LL_TMP/l3.log" "$B/lanleased" -c "$C"
SRV=$LL_PID
for i in $(seq 1 50); do ll_in srv curl -s -o /dev/null http://127.0.0.1:8067/api/v1/status && break; sleep 0.1; done
ll_in srv curl -s -w '\n%{http_code}' http://127.0.0.1:8067/ >"$LL_TMP/pub"
ll_check "public_dashboard: the page without a login, with the chart and counters" bash -c \
	"tail -1 $LL_TMP/pub | grep -qx 200 && grep -q 'id=chart' $LL_TMP/pub && grep -q 'id=counters' $LL_TMP/pub"
ll_check "  but no leases, activity or suspended clients" bash -c \
	"! grep -q 'lease-table\|activity-table\|02:aa:00:00:00:01' $LL_TMP/pub && grep -q 'need a login' $LL_TMP/pub"
ll_in srv curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8067/?q=10.77.0.51" >"$LL_TMP/pub"
ll_check "  and all of it with one" grep -q "<td>10.77.0.51<td>02:aa:00:00:00:01" "$LL_TMP/pub"
ll_done
