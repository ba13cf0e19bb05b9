#!/bin/bash
# audit-client on recorded captures: every point's verdict and reason,
# and the exit status, as reviewed and kept in tests/fixtures/audit/.
set -u
PROBE=$1
cd "$2" || exit 1
pass=0 fail=0
for exp in *.expected; do
	name=${exp%.expected}
	out=$("$PROBE" audit-client "$name.pcap")
	rc=$?
	if [ "$out" = "$(cat "$exp")" ] && [ "$rc" = "$(cat "$name.rc")" ]; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		fail=$((fail + 1)); echo "FAIL $name (exit $rc)"
		diff <(echo "$out") "$exp"
	fi
done
# a capture with no client message is a usage error
"$PROBE" audit-client /dev/null >/dev/null 2>&1
[ $? -eq 2 ] && { pass=$((pass + 1)); echo "ok   unreadable capture: exit 2"; } ||
	{ fail=$((fail + 1)); echo "FAIL unreadable capture"; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 6 ]
