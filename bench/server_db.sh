#!/bin/bash
# bench/server_db: lanleased and Kea 2.2 on the same database engine
# (a throwaway PostgreSQL or MariaDB server, durable commits), same veth
# pair, same load (lanlease-probe load as a relay, DORA, closed loop),
# 3 runs each, the best kept. lanleased looks each client up by MAC in
# the database and commits lease state and history before each ACK;
# Kea allocates from a pool and writes each lease to its SQL lease
# backend (multi-threaded, as ISC recommends for SQL backends, and
# single-threaded; the faster is reported).
# Prints "lanleased RATE" and "kea RATE" on stdout, details on stderr.
# Usage: bench/server_db.sh postgresql|mariadb BUILD_DIR [SECONDS] [CLIENTS]
. "$(dirname "$0")/../tests/netns/lib.sh"
. "$(dirname "$0")/lib.sh"
DRIVER=$1
B=${2:-build}
SECS=${3:-5}
N=${4:-5000}
ll_need_root
ll_db_start "$DRIVER" || exit 1
ll_ns srv && ll_ns cli || exit 1
ll_link srv srv0 10.77.0.1/16 cli cli0 10.77.0.2/16


# lanleased: one map row per simulated client (02:42:00:00:hh:ll)
mkdir -p "$LL_TMP/state"
cat >"$LL_TMP/conf.lua" <<LUA
interfaces = { "srv0" }
database = $DBCONF
lookup = { "mac" }
workers = 2
state_dir = "$LL_TMP/state"
LUA
"$B/lanleased" -c "$LL_TMP/conf.lua" --init-db || exit 1
sql "INSERT INTO subnets (subnet, lease_time, subnet_mask, gateway)
  VALUES ('b', 3600, '255.255.0.0', '10.77.0.1')" || exit 1
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i += 500) {
	printf "INSERT INTO maps (mac, ip, subnet) VALUES "
	for (k = i; k < i + 500 && k < n; k++)
		printf "%s(\04702:42:00:00:%02x:%02x\047, \04710.77.%d.%d\047, \047b\047)",
			(k > i ? "," : ""), int(k / 256), k % 256, 1 + int(k / 250), 1 + k % 250
	print ";" } }' >"$LL_TMP/maps.sql"
while read -r line; do sql "$line" || exit 1; done <"$LL_TMP/maps.sql"
ll_bg srv "$LL_TMP/lanleased.log" "$B/lanleased" -c "$LL_TMP/conf.lua"
P=$LL_PID
ll_wait_udp srv 67
echo "lanleased ($DRIVER, durable):" >&2
lanleased=$(bench_runs "lanleased-$DRIVER")
ll_stop "$P"

# Kea 2.2 with the SQL lease backend of the same engine, its own database
case $DRIVER in
postgresql)
	runuser -u postgres -- "$LL_PG_BIN/createdb" -h "$LL_PG_DIR" -U postgres kea
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h "$LL_PG_DIR" -U postgres -d kea \
		-f /usr/share/kea/scripts/pgsql/dhcpdb_create.pgsql >/dev/null || exit 1
	export LL_KEA_DB="\"type\": \"postgresql\", \"name\": \"kea\", \"host\": \"$LL_PG_DIR\", \"user\": \"postgres\""
	;;
mariadb)
	mariadb --no-defaults -S "$LL_MY_SOCK" -u root -e "CREATE DATABASE kea"
	mariadb --no-defaults -S "$LL_MY_SOCK" -u root kea \
		</usr/share/kea/scripts/mysql/dhcpdb_create.mysql || exit 1
	# libmariadb takes the socket of "localhost" from MYSQL_UNIX_PORT
	export MYSQL_UNIX_PORT=$LL_MY_SOCK
	export LL_KEA_DB="\"type\": \"mysql\", \"name\": \"kea\", \"host\": \"localhost\", \"user\": \"root\""
	;;
esac
kea=0
for mt in true false; do
	export LL_KEA_EXTRA="\"multi-threading\": { \"enable-multi-threading\": $mt,
	  \"thread-pool-size\": 4, \"packet-queue-size\": 256 },"
	ll_kea srv srv0 10.77.0.0/16 "10.77.1.0 - 10.77.255.250" udp 3600
	P=$LL_KEA
	echo "Kea 2.2 ($DRIVER lease backend, multi-threading $mt):" >&2
	r=$(bench_runs "kea-$DRIVER-mt-$mt")
	ll_stop "$P"
	awk -v a="$r" -v b="$kea" 'BEGIN { exit !(a > b) }' && kea=$r
	sql "SELECT 1" >/dev/null
	case $DRIVER in
	postgresql) psql -X -q -h "$LL_PG_DIR" -U postgres -d kea -c "DELETE FROM lease4" ;;
	mariadb) mariadb --no-defaults -S "$LL_MY_SOCK" -u root kea -e "DELETE FROM lease4" ;;
	esac
done
echo "lanleased $lanleased"
echo "kea $kea"
