# bench/lib.sh: what the server benchmarks share (after tests/netns/lib.sh,
# with B, N and SECS set and the probe's namespace "cli").

# bench_load [load options]: "rate drop%" of one closed-loop DORA run,
# the probe acting as a relay towards 10.77.0.1
bench_load() {
	ll_in cli "$B/lanlease-probe" load --relay 10.77.0.1 --clients "$N" \
		--window 256 --duration "$SECS" --mac-prefix 0x42 --json "$@" |
		sed -n 's/.*"rate":\([0-9.]*\).*"drop_percent":\([0-9.]*\).*/\1 \2/p'
}

# bench_runs NAME: three runs (each shown on stderr), the best printed
bench_runs() {
	local best=0 r d
	for i in 1 2 3; do
		read -r r d < <(bench_load)
		echo "  $1 run $i: ${r:-0} DORA/s (drops ${d:-?}%)" >&2
		awk -v a="${r:-0}" -v b="$best" 'BEGIN { exit !(a > b) }' && best=$r
	done
	echo "$best"
}

# bench_sqlite_db DB CONF [extra conf]: lanleased's conf.lua on the SQLite
# database DB, created with one map row per simulated client
# (02:42:00:00:hh:ll, N of them)
bench_sqlite_db() {
	cat >"$2" <<LUA
interfaces = { "srv0" }
database = { driver = "sqlite", path = "$1" }
lookup = { "mac" }
workers = 3
gso = true
${3:-}
LUA
	"$B/lanleased" -c "$2" --init-db || return 1
	sqlite3 "$1" "INSERT INTO subnets (subnet, lease_time, subnet_mask, gateway)
  VALUES ('b', 3600, '255.255.0.0', '10.77.0.1');
WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < $N - 1)
INSERT INTO maps (mac, ip, subnet) SELECT
  printf('02:42:00:00:%02x:%02x', n / 256, n % 256),
  printf('10.77.%d.%d', 1 + n / 250, 1 + n % 250), 'b' FROM i;"
}
