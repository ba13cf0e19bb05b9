#!/bin/bash
# The documentation says what the code does: every option of the table
# (lanlease-probe options) is in lanlease-codec(7) with the same type,
# and every subcommand of the probe is in lanlease-probe(1).
set -u
PROBE=$1
SRC=$2
pass=0 fail=0
while read -r code name type _; do
	if grep -qP "^$code\t$name\t$type\t" "$SRC/man/lanlease-codec.7"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL option $code $name ($type) missing from lanlease-codec(7)"
	fi
done < <("$PROBE" options | tail -n +2)
for cmd in decode options; do
	if grep -q "^.B lanlease-probe $cmd" "$SRC/man/lanlease-probe.1"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL subcommand $cmd missing from lanlease-probe(1)"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 100 ]
