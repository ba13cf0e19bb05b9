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
