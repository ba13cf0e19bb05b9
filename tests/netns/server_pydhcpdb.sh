#!/bin/bash
# Migration from seed 001's pydhcpdb: its config.xml (the reference file
# of its article) goes through lanleased --import-pydhcpdb; the
# conf.lua written serves clients from pydhcpdb's own MariaDB tables
# (users, history) as they are: the Option 82 query (remote-id = switch
# MAC, circuit-id port), the MAC query, pydhcpdb's variables and
# history_sql.
. "$(dirname "$0")/lib.sh"
B=$1
ll_need_root
ll_my_start || { echo "FAIL: cannot start MariaDB"; exit 1; }
ll_mysql "CREATE DATABASE pydhcp; CREATE USER 'test'@'localhost' IDENTIFIED BY 'test';
GRANT ALL ON pydhcp.* TO 'test'@'localhost';
CREATE TABLE pydhcp.users (id INT AUTO_INCREMENT PRIMARY KEY, ip VARCHAR(16),
  mask VARCHAR(16), router VARCHAR(16), dns VARCHAR(16), mac VARCHAR(16), port VARCHAR(8));
CREATE TABLE pydhcp.history (id INT AUTO_INCREMENT PRIMARY KEY, dt DATETIME,
  mac VARCHAR(16), ip VARCHAR(16), comment VARCHAR(64));
INSERT INTO pydhcp.users (ip, mask, router, dns, mac, port) VALUES
  ('10.77.0.81', '255.255.255.0', '10.77.0.1', '10.77.0.53', 'C8BE19931148', '0004'),
  ('10.77.0.82', '255.255.255.0', '10.77.0.1', '10.77.0.53', '02AA00000002', '');"
cat >"$LL_TMP/config.xml" <<'XML'
<?xml version="1.0"?>
<config>
  <dhcpserver>
    <host>0.0.0.0</host>
    <broadcast>255.255.255.255</broadcast>
    <DHCPServer>10.77.0.1</DHCPServer>
    <LeaseTime>8600</LeaseTime>
    <ThreadLimit>1</ThreadLimit>
    <defaultMask>255.255.255.0</defaultMask>
    <defaultRouter>10.77.0.1</defaultRouter>
    <defaultDNS>8.8.8.8</defaultDNS>
  </dhcpserver>
  <mysql>
    <host>localhost</host>
    <username>test</username>
    <password>test</password>
    <basename>pydhcp</basename>
  </mysql>
  <query>
    <offer_count>3</offer_count>
    <offer_1>select ip, mask, router, dns from users where upper(mac) = upper('{option_82_AgentRemoteId_hex}') and upper(port) = upper('{option_82_AgentCircuitId_port_hex}')</offer_1>
    <offer_2>select ip, mask, router, dns from users where upper(mac) = upper('{sw_mac}') and upper(port) = upper('{sw_port2}')</offer_2>
    <offer_3>select ip, mask, router, dns from users where upper(mac) = upper('{ClientMacAddress}')</offer_3>
    <history_sql>insert into history (id, dt, mac, ip, comment) values (null, now(), '{ClientMacAddress}', '{RequestedIpAddress}', 'DHCPACK / INFORM')</history_sql>
  </query>
  <options>
    <option>option_82_hex:sw_port1:20:22</option>
    <option>option_82_hex:sw_mac:26:40</option>
  </options>
</config>
XML
C=$LL_TMP/conf.lua
ll_check "--import-pydhcpdb writes a conf.lua" \
	bash -c "'$B/lanleased' --import-pydhcpdb '$LL_TMP/config.xml' --interface srv0 > '$C'"
cat "$C"
# the test's MariaDB listens on its own socket, not the system's
echo "database.socket = \"$LL_MY_SOCK\"" >>"$C"
ll_check "lanleased -t accepts it" bash -c "'$B/lanleased' -t -c '$C' >/dev/null"
ll_check "  with pydhcpdb's three queries as lookup steps" \
	bash -c "[ \$('$B/lanleased' -t -c '$C' | grep -c '^lookup\\[') -eq 3 ]"
ll_check "  and its defaults" grep -q 'domain_name_servers = "8.8.8.8"' "$C"
ll_check "a bad file is refused with a reason" \
	bash -c "echo '<x/>' > $LL_TMP/bad.xml; ! '$B/lanleased' --import-pydhcpdb $LL_TMP/bad.xml 2>&1 >/dev/null | grep -q 'not a pydhcpdb configuration' && false || true"
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/24 cli cli0 -
ll_bg srv "$LL_TMP/l.log" "$B/lanleased" -c "$C"
ll_wait_udp srv 67
dora() { ll_in cli "$B/lanlease-probe" dora -i cli0 --timeout 2 "$@" >"$LL_TMP/o" 2>&1; }
dora --chaddr 02:aa:00:00:00:01 -o "relay-agent-information={circuit-id=hex:000400010004,remote-id=hex:c8be19931148}"
ll_check "Option 82 (switch MAC + port) finds the subscriber: 10.77.0.81" \
	grep -q "yiaddr=10.77.0.81" "$LL_TMP/o"
ll_check "  with the row's DNS" grep -q "domain-name-servers=10.77.0.53" "$LL_TMP/o"
dora --chaddr 02:aa:00:00:00:02
ll_check "the MAC query finds the other: 10.77.0.82" grep -q "yiaddr=10.77.0.82" "$LL_TMP/o"
ll_check "pydhcpdb's history_sql wrote its rows" \
	test "$(ll_mysql "SELECT count(*) FROM pydhcp.history WHERE comment = 'DHCPACK / INFORM' AND mac IN ('02aa00000001', '02aa00000002')")" -ge 2
[ "$LL_FAIL" -gt 0 ] && cat "$LL_TMP/l.log" "$LL_TMP/o"
ll_done
