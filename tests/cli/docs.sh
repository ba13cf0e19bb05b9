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
MAN="$SRC/man/lanlease-probe.1"
for cmd in decode discover request inform release decline send dora listen \
	fuzz load audit-client options; do
	if grep -qE "^\.(B|TP|BR).*\b$cmd\b" "$MAN" && "$PROBE" --help | grep -qw -- "$cmd"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL subcommand $cmd missing from lanlease-probe(1) or --help"
	fi
done
# every long option the probe's sources accept is documented
opts=$( (grep -ho '{ "[a-z-]*", \(no\|required\)_argument' "$SRC"/src/probe/*.c |
	sed 's/{ "\([a-z-]*\)".*/\1/'
	grep -ho 'strcmp(a, "--[a-z-]*")' "$SRC"/src/probe/*.c |
	sed 's/.*"--\([a-z-]*\)".*/\1/'
	grep -ho 'strcmp(argv\[i\], "--[a-z-]*")' "$SRC"/src/probe/*.c |
	sed 's/.*"--\([a-z-]*\)".*/\1/') | sort -u)
plain=$(sed 's/\\-/-/g; s/\\fP//g; s/\\fR//g; s/\\fB//g; s/\\fI//g' "$MAN")
for o in $opts; do
	if grep -qF -- "--$o" <<<"$plain"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL option --$o missing from lanlease-probe(1)"
	fi
done
# every key conf.lua accepts is documented in lanleased.conf(5)
keys=$(sed -n '/ll__known\[\] = {/,/NULL/p' "$SRC/src/lanleased/config.c" |
	grep -o '"[a-z_]*"' | tr -d '"')
for k in $keys; do
	if grep -q "^\.B $k\$" "$SRC/man/lanleased.conf.5"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL key $k missing from lanleased.conf(5)"
	fi
done
# every hook, callback and helper conf.lua gets is in lanleased-hooks(7)
HMAN=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$SRC/man/lanleased-hooks.7")
names=$( (grep -o '"\(filter_packet\|handle_unknown_mac\|filter_retrieved_definitions\|load_dhcp_packet\)"' "$SRC/src/lanleased/hooks.c" | tr -d '"'
	grep -o 'function d\.[a-z0-9_]*' "$SRC/src/lanleased/hooks_lib.c" | sed 's/function d\./dhcp./'
	grep -o '{"[a-z_]*", l_[a-z_]*}' "$SRC/src/lanleased/hooks_lib.c" | sed 's/{"\([a-z_]*\)".*/dhcp.\1/'
	grep -o '{"[a-z_]*", l_[a-z_]*}' "$SRC/src/lanleased/hooks_pkt.c" | sed 's/{"\([a-z_]*\)".*/:\1(/'
	printf '%s\n' add_tick remove_tick add_reinit remove_reinit add_stats remove_stats) | sort -u)
for n in $names; do
	if grep -qF -- "$n" <<<"$HMAN"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $n missing from lanleased-hooks(7)"
	fi
done
# every long option of lanlease-client is in lanlease-client(8)
CMAN=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$SRC/man/lanlease-client.8")
for o in $(grep -o '{"[a-z-]*", \(no\|required\)_argument' "$SRC/src/client/main.c" |
	sed 's/{"\([a-z-]*\)".*/\1/'); do
	if [ "$o" = sf ] && grep -qF -- "-sf" <<<"$CMAN" || grep -qF -- "--$o" <<<"$CMAN"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL option --$o missing from lanlease-client(8)"
	fi
done
# has TEXT NAME DOC: counts NAME as documented when TEXT holds it
has() {
	if grep -qF -- "$2" <<<"$1"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $2 missing from $3"
	fi
}
# web.* of conf.lua is in lanleased-hooks(7)
for n in $(grep -o '{ "[a-z_]*", ll__[a-z_]* }' "$SRC/src/lanleased/dash.c" |
	sed 's/{ "\([a-z_]*\)".*/web.\1/;s/web.remove_/remove_/'); do
	has "$HMAN" "$n" "lanleased-hooks(7)"
done
# every command and option of lanleasectl is in lanleasectl(1), every
# API path in lanleased-api(7)
LMAN=$(sed 's/\\-/-/g; s/\\f[BIRP]//g; s/\\e/\\/g' "$SRC/man/lanleasectl.1")
AMAN=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$SRC/man/lanleased-api.7")
for w in $(grep -o '^	{ "[a-z]*", "[A-Z]*", "[^"]*"' "$SRC/src/lanleasectl/main.c" |
	sed 's/^	{ "\([a-z]*\)".*/\1/'; grep -o '{ "[a-z-]*", \(no\|required\)_argument' \
	"$SRC/src/lanleasectl/main.c" | sed 's/{ "\([a-z-]*\)".*/--\1/'); do
	has "$LMAN" "$w" "lanleasectl(1)"
done
for p in $(grep -o 'strn\?cmp(p, "[a-z/]*"' "$SRC/src/lanleased/api.c" |
	sed 's/.*"\([a-z/]*\)"/\1/' | sort -u); do
	has "$AMAN" "/api/v1/$p" "lanleased-api(7)"
done
has "$AMAN" "/metrics" "lanleased-api(7)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 100 ]
