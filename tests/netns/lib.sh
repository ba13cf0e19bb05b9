# Network-namespace helpers for lanlease's interop tests.
#
# Every test builds its own throwaway hosts: namespaces named with a
# unique prefix (llt<pid>-...), joined by veth pairs, with addresses from
# 10.77.0.0/16 that exist only inside them. Nothing runs on a host
# interface; everything is torn down on exit, even on failure.
set -u
LL_P="llt$$"
LL_NS=()
LL_TMP=$(mktemp -d "/tmp/lanlease-netns.XXXXXX")
LL_PASS=0
LL_FAIL=0

ll_cleanup() {
	local ns
	for ns in "${LL_NS[@]}"; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill "$pid" 2>/dev/null
		done
	done
	sleep 0.2
	for ns in "${LL_NS[@]}"; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -9 "$pid" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	if [ -n "${LL_MY_PID:-}" ]; then
		kill "$LL_MY_PID" 2>/dev/null
		for i in $(seq 1 50); do kill -0 "$LL_MY_PID" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$LL_MY_PID" 2>/dev/null
	fi
	[ -n "${LL_PG_DIR:-}" ] && runuser -u postgres -- \
		"$LL_PG_BIN/pg_ctl" -D "$LL_PG_DIR/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$LL_TMP"
}
trap ll_cleanup EXIT
trap 'exit 130' INT TERM

ll_need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "FAIL: network namespace tests need root"
		exit 1
	fi
}

# ll_ns NAME: creates namespace $LL_P-NAME with lo up; prints its name.
ll_ns() {
	local ns="$LL_P-$1"
	ip netns add "$ns" || return 1
	LL_NS+=("$ns")
	ip -n "$ns" link set lo up
}

# ll_link NS1 IF1 ADDR1 NS2 IF2 ADDR2: a veth pair between two namespaces
# (ADDR may be "-" for none).
ll_link() {
	local n1="$LL_P-$1" i1=$2 a1=$3 n2="$LL_P-$4" i2=$5 a2=$6
	ip link add "$LL_P-t" type veth peer name "$LL_P-u" || return 1
	ip link set "$LL_P-t" netns "$n1" && ip -n "$n1" link set "$LL_P-t" name "$i1"
	ip link set "$LL_P-u" netns "$n2" && ip -n "$n2" link set "$LL_P-u" name "$i2"
	[ "$a1" != - ] && ip -n "$n1" addr add "$a1" dev "$i1"
	[ "$a2" != - ] && ip -n "$n2" addr add "$a2" dev "$i2"
	ip -n "$n1" link set "$i1" up
	ip -n "$n2" link set "$i2" up
}

# ll_in NS cmd...: runs a command in a namespace.
ll_in() {
	local ns="$LL_P-$1"
	shift
	ip netns exec "$ns" "$@"
}

# ll_bg NS LOG cmd...: starts a daemon in a namespace, in the background;
# its pid is left in LL_PID (ip netns exec execs the command itself).
LL_PID=
ll_bg() {
	local ns="$LL_P-$1" log=$2
	shift 2
	ip netns exec "$ns" "$@" >"$log" 2>&1 &
	LL_PID=$!
}

# ll_stop PID: stops a daemon started by ll_bg and waits until it is gone.
ll_stop() {
	local pid=$1 i
	kill "$pid" 2>/dev/null
	for i in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

ll_ok() { LL_PASS=$((LL_PASS + 1)); echo "ok   $*"; }
ll_ko() { LL_FAIL=$((LL_FAIL + 1)); echo "FAIL $*"; }
# ll_check DESCRIPTION cmd...: passes when the command succeeds.
ll_check() {
	local d=$1
	shift
	if "$@"; then ll_ok "$d"; else ll_ko "$d"; fi
}
# ll_rc DESCRIPTION WANT cmd...: passes when the command exits WANT.
ll_rc() {
	local d=$1 want=$2
	shift 2
	"$@" >"$LL_TMP/out" 2>"$LL_TMP/err"
	local rc=$?
	if [ "$rc" -eq "$want" ]; then ll_ok "$d (exit $rc)"; else
		ll_ko "$d: exit $rc, wanted $want"
		sed 's/^/      /' "$LL_TMP/err" | head -5
	fi
}
ll_done() {
	echo "$LL_PASS passed, $LL_FAIL failed"
	[ "$LL_FAIL" -eq 0 ] && [ "$LL_PASS" -gt 0 ]
}

# ll_wait_udp NS PORT: waits until something listens on UDP PORT.
# ll_wait_log FILE TEXT: until FILE holds TEXT (10 s at most). lanleased
# binds port 67 before its workers open the database and the pools, so
# a check of its start-up output waits for "serving on".
ll_wait_log() {
	local i
	for i in $(seq 1 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

ll_wait_udp() {
	local i
	for i in $(seq 1 50); do
		ll_in "$1" ss -uln 2>/dev/null | grep -q ":$2 " && return 0
		sleep 0.1
	done
	return 1
}

# Servers used as peers, configured for the 10.77.0.0/24 test network.
ll_dnsmasq() { # NS IFACE [extra args]
	local ns=$1 ifc=$2
	shift 2
	ll_bg "$ns" "$LL_TMP/dnsmasq.log" dnsmasq --no-daemon --conf-file=/dev/null \
		--port=0 --interface="$ifc" --bind-interfaces --user=root \
		--dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,120 \
		--dhcp-leasefile="$LL_TMP/dnsmasq.leases" --pid-file= \
		--no-ping --log-dhcp --log-facility=- "$@"
	LL_DNSMASQ=$LL_PID
	ll_wait_udp "$ns" 67
}

ll_kea() { # NS IFACE [SUBNET POOL SOCKET-TYPE LIFETIME LEASE-FILE]
	local ns=$1 ifc=$2 subnet=${3:-10.77.0.0/24}
	local pool=${4:-10.77.0.100 - 10.77.0.150} sock=${5:-raw} life=${6:-120}
	local db='"type": "memfile", "persist": false'
	[ -n "${7:-}" ] && db="\"type\": \"memfile\", \"persist\": true, \"lfc-interval\": 0, \"name\": \"$7\""
	# LL_KEA_DB: another lease-database body (a SQL backend), and
	# LL_KEA_EXTRA: more Dhcp4 settings (multi-threading), for benches
	[ -n "${LL_KEA_DB:-}" ] && db=$LL_KEA_DB
	mkdir -p "$LL_TMP/kea"
	cat >"$LL_TMP/kea/kea.json" <<KEA
{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "$ifc" ], "dhcp-socket-type": "$sock" },
  "lease-database": { $db },${LL_KEA_EXTRA:-}
  "valid-lifetime": $life, "renew-timer": $((life / 2)),
  "rebind-timer": $((life * 7 / 8)),
  "authoritative": true,
  "subnet4": [ { "id": 1, "subnet": "$subnet",
    "pools": [ { "pool": "$pool" } ],
    "option-data": [ { "name": "routers", "data": "10.77.0.1" } ] } ],
  "loggers": [ { "name": "kea-dhcp4", "severity": "WARN",
    "output_options": [ { "output": "stdout" } ] } ]
} }
KEA
	KEA_PIDFILE_DIR="$LL_TMP/kea" KEA_LOCKFILE_DIR="$LL_TMP/kea" \
		ll_bg "$ns" "$LL_TMP/kea.log" kea-dhcp4 -c "$LL_TMP/kea/kea.json"
	LL_KEA=$LL_PID
	ll_wait_udp "$ns" 67
}

# ll_pg_start: a throwaway PostgreSQL cluster of the test's own, owned by
# the postgres user, listening only on a Unix socket in its directory (no
# TCP, nothing shared with the host's server); a database "lanlease".
# Sets LL_PG_CONNINFO; ll_cleanup stops it. ll_psql SQL runs SQL in it.
ll_pg_start() {
	LL_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	LL_PG_DIR=$LL_TMP/pg
	mkdir -p "$LL_PG_DIR"
	chmod 755 "$LL_TMP"
	chown postgres "$LL_PG_DIR"
	runuser -u postgres -- "$LL_PG_BIN/initdb" -D "$LL_PG_DIR/data" -U postgres \
		--auth=trust >"$LL_PG_DIR/initdb.log" 2>&1 || { cat "$LL_PG_DIR/initdb.log"; return 1; }
	runuser -u postgres -- "$LL_PG_BIN/pg_ctl" -D "$LL_PG_DIR/data" -w -l "$LL_PG_DIR/log" \
		-o "-c listen_addresses='' -k $LL_PG_DIR -c fsync=on" start >/dev/null ||
		{ cat "$LL_PG_DIR/log"; return 1; }
	runuser -u postgres -- "$LL_PG_BIN/createdb" -h "$LL_PG_DIR" -U postgres lanlease || return 1
	LL_PG_CONNINFO="host=$LL_PG_DIR dbname=lanlease user=postgres"
}
ll_psql() { psql -X -q -t -A -h "$LL_PG_DIR" -U postgres -d lanlease -c "$1"; }

# ll_my_start: a throwaway MariaDB server of the test's own (its own data
# directory, a Unix socket there, no TCP), with a database "lanlease".
# Sets LL_MY_SOCK; ll_cleanup stops it. ll_mysql SQL runs SQL in it.
ll_my_start() {
	LL_MY_DIR=$LL_TMP/my
	mkdir -p "$LL_MY_DIR"
	chmod 755 "$LL_TMP"
	chown mysql "$LL_MY_DIR"
	mariadb-install-db --no-defaults --datadir="$LL_MY_DIR/data" --user=mysql \
		--skip-test-db --auth-root-authentication-method=normal \
		>"$LL_MY_DIR/install.log" 2>&1 || { cat "$LL_MY_DIR/install.log"; return 1; }
	LL_MY_SOCK=$LL_MY_DIR/sock
	ll_my_run || return 1
	mariadb --no-defaults -S "$LL_MY_SOCK" -u root -e "CREATE DATABASE lanlease" ||
		{ cat "$LL_MY_DIR/err.log"; return 1; }
}
ll_my_run() { # (re)starts the server on its data directory
	mariadbd --no-defaults --datadir="$LL_MY_DIR/data" --socket="$LL_MY_SOCK" \
		--skip-networking --user=mysql --pid-file="$LL_MY_DIR/pid" \
		--log-error="$LL_MY_DIR/err.log" --innodb-flush-log-at-trx-commit=1 \
		>/dev/null 2>&1 &
	LL_MY_PID=$!
	for i in $(seq 1 100); do
		mariadb-admin --no-defaults -S "$LL_MY_SOCK" -u root ping >/dev/null 2>&1 && break
		sleep 0.1
	done
}
ll_my_restart() {
	kill "$LL_MY_PID"; wait "$LL_MY_PID" 2>/dev/null
	ll_my_run
}
ll_pg_stop() {
	runuser -u postgres -- "$LL_PG_BIN/pg_ctl" -D "$LL_PG_DIR/data" -w -m fast \
		stop >/dev/null
}
ll_pg_resume() {
	runuser -u postgres -- "$LL_PG_BIN/pg_ctl" -D "$LL_PG_DIR/data" -w -l "$LL_PG_DIR/log" \
		-o "-c listen_addresses='' -k $LL_PG_DIR -c fsync=on" start >/dev/null
}
ll_my_stop() { kill "$LL_MY_PID"; wait "$LL_MY_PID" 2>/dev/null; }
ll_pg_restart() {
	runuser -u postgres -- "$LL_PG_BIN/pg_ctl" -D "$LL_PG_DIR/data" -w -m fast \
		restart >/dev/null
}
ll_mysql() { mariadb --no-defaults -N -B -S "$LL_MY_SOCK" -u root lanlease -e "$1"; }

# ll_db_start sqlite|postgresql|mariadb: that database (a file, or a
# throwaway server), then DBCONF (the conf.lua database table for it)
# and sql [SQL] (run SQL, or SQL from stdin, in it).
ll_db_start() {
	case $1 in
	sqlite)
		DB=$LL_TMP/t.sqlite
		DBCONF="{ driver = \"sqlite\", path = \"$DB\" }"
		sql() { if [ $# -gt 0 ]; then sqlite3 "$DB" "$1"; else sqlite3 "$DB"; fi; } ;;
	postgresql)
		ll_pg_start || { echo "FAIL: cannot start PostgreSQL"; return 1; }
		DBCONF="{ driver = \"postgresql\", conninfo = \"$LL_PG_CONNINFO\" }"
		sql() { if [ $# -gt 0 ]; then ll_psql "$1"; else
			psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$LL_PG_DIR" -U postgres -d lanlease; fi; } ;;
	mariadb)
		ll_my_start || { echo "FAIL: cannot start MariaDB"; return 1; }
		DBCONF="{ driver = \"mariadb\", socket = \"$LL_MY_SOCK\", user = \"root\", name = \"lanlease\" }"
		sql() { if [ $# -gt 0 ]; then ll_mysql "$1"; else
			mariadb --no-defaults -N -B -S "$LL_MY_SOCK" -u root lanlease; fi; } ;;
	*) echo "$(basename "$0"): no database driver \"$1\" (sqlite, postgresql, mariadb)"; return 2 ;;
	esac
}

# ll_maps_values PREFIX NET N: the VALUES of N map rows, MAC
# 02:PREFIX:00:00:00:nn -> NET.(nn+1) in subnet 's' (any SQL dialect)
ll_maps_values() {
	local n
	for n in $(seq 0 $(($3 - 1))); do
		printf "('02:%s:00:00:00:%02x', '%s.%d', 's')," "$1" "$n" "$2" $((n + 1))
	done | sed 's/,$//'
}

# ll_relay_net: a server (srv, srv0 10.77.0.1/24) behind a relay (rly:
# up0 10.77.0.2, ports pa 10.78.1.1/24 and pb 10.78.2.1/24, forwarding)
# with a client namespace on each port (cla: a0, clb: b0, no address)
ll_relay_net() {
	ll_ns srv && ll_ns rly && ll_ns cla && ll_ns clb || return 1
	ll_link srv srv0 10.77.0.1/24 rly up0 10.77.0.2/24
	ll_link rly pa 10.78.1.1/24 cla a0 -
	ll_link rly pb 10.78.2.1/24 clb b0 -
	ll_in srv ip route add 10.78.0.0/16 via 10.77.0.2
	ll_in rly sysctl -qw net.ipv4.ip_forward=1
}

