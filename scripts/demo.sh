#!/bin/bash
# make demo: lanleased on its embedded SQLite database leases an address
# to dhclient, in a throwaway pair of network namespaces.
. "$(dirname "$0")/../tests/netns/lib.sh"
B=${1:-build}
ll_need_root
export LANLEASE_DB=$LL_TMP/demo.sqlite LANLEASE_IFACE=srv0
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/24 cli cli0 -
ll_in cli ip link set cli0 address 02:11:22:33:44:55
echo "== a namespace pair: srv (10.77.0.1 on srv0) and cli (cli0, MAC 02:11:22:33:44:55)"
"$B/lanleased" -c examples/conf.lua --init-db || exit 1
sqlite3 "$LANLEASE_DB" <examples/demo.sql || exit 1
echo "== the database ($LANLEASE_DB): maps"
sqlite3 -header -column "$LANLEASE_DB" "SELECT mac, ip, hostname, subnet FROM maps"
ll_bg srv "$LL_TMP/lanleased.log" "$B/lanleased" -c examples/conf.lua
ll_wait_udp srv 67 || { echo "lanleased did not start:"; cat "$LL_TMP/lanleased.log"; exit 1; }
echo "== dhclient in cli asks for an address"
# dhclient gives its hook a fresh environment: the path is written in
cat >"$LL_TMP/show.sh" <<SH
#!/bin/sh
[ "\$reason" = BOUND ] && env | grep -E '^new_(ip_address|subnet_mask|routers|domain_name|domain_name_servers|ntp_servers|host_name|dhcp_lease_time|dhcp_server_identifier)=' | sort > "$LL_TMP/lease.txt"
exit 0
SH
chmod +x "$LL_TMP/show.sh"
ll_in cli timeout 20 dhclient -4 -1 -sf "$LL_TMP/show.sh" \
	-lf "$LL_TMP/dhclient.leases" -pf "$LL_TMP/dhclient.pid" cli0 2>/dev/null
if [ -s "$LL_TMP/lease.txt" ]; then
	echo "== the lease dhclient got"
	sed 's/^new_/  /' "$LL_TMP/lease.txt"
else
	echo "dhclient got no lease; lanleased said:"; cat "$LL_TMP/lanleased.log"; exit 1
fi
echo "== its history row, written before the ACK left (table history)"
sqlite3 -header -column "$LANLEASE_DB" \
	"SELECT datetime(time, 'unixepoch') AS time, mac, ip, method FROM history"
kill -USR1 "$LL_PID"; sleep 0.3
echo "== lanleased's counters"
grep -E "^pkt4-(received|discover|request|offer|ack)" "$LL_TMP/lanleased.log" | sed 's/^/  /'
echo "== done; the namespaces and files are removed"
