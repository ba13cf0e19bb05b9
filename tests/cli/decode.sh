#!/bin/bash
# lanlease-probe decode: hex (argument and stdin), raw files, pcaps,
# JSON, and the exit codes (0 valid, 1 malformed, 2 usage or I/O).
set -u
PROBE=$1
GOLD=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
expect() { # description expected-rc command...
	local d=$1 want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	local rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$d (exit $rc)"; else
		ko "$d: exit $rc, wanted $want"; cat "$T/err"; fi
}
same() { # description file golden
	if cmp -s "$2" "$3"; then ok "$1"; else ko "$1"; diff "$3" "$2" | head; fi
}

HEX=$(cat "$GOLD/discover.hex")
expect "hex argument" 0 "$PROBE" decode "$HEX"
same "hex argument matches golden text" "$T/out" "$GOLD/discover.txt"

sed 's/../&:/g; s/:$//' "$GOLD/discover.hex" | fold -w 60 >"$T/colons"
expect "hex on stdin with colons and newlines" 0 "$PROBE" decode - <"$T/colons"
same "stdin hex matches golden text" "$T/out" "$GOLD/discover.txt"
expect "hex split over arguments with spaces" 0 "$PROBE" decode ${HEX:0:100} ${HEX:100}
same "split hex matches golden text" "$T/out" "$GOLD/discover.txt"

xxd -r -p "$GOLD/discover.hex" >"$T/discover.bin"
expect "raw file (auto-detected)" 0 "$PROBE" decode "$T/discover.bin"
same "raw file matches golden text" "$T/out" "$GOLD/discover.txt"
expect "raw file (--raw)" 0 "$PROBE" decode --raw "$T/discover.bin"
expect "hex file (--hex)" 0 "$PROBE" decode --hex "$GOLD/discover.hex"
same "hex file matches golden text" "$T/out" "$GOLD/discover.txt"

expect "pcap of a DORA" 0 "$PROBE" decode "$GOLD/dora.pcap"
same "pcap matches golden text" "$T/out" "$GOLD/dora.txt"
expect "pcap on stdin" 0 "$PROBE" decode --pcap - <"$GOLD/dora.pcap"
same "stdin pcap matches golden text" "$T/out" "$GOLD/dora.txt"
expect "pcap as JSON" 0 "$PROBE" decode --json "$GOLD/dora.pcap"
same "JSON matches golden" "$T/out" "$GOLD/dora.json"
if [ "$(wc -l <"$T/out")" -eq 4 ] &&
	/usr/bin/python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' <"$T/out"; then
	ok "JSON: one valid object per packet"
else ko "JSON: one valid object per packet"; fi
expect "one-line form" 0 "$PROBE" decode --oneline "$HEX"
[ "$(wc -l <"$T/out")" -eq 1 ] && ok "one-line form is one line" || ko "one-line form is one line"

# malformed: one line naming the problem and the byte offset, exit 1
expect "truncated message" 1 "$PROBE" decode "${HEX:0:400}"
grep -qx "lanlease-probe: malformed: truncated: shorter than the 240-byte fixed header at byte 200" "$T/err" &&
	ok "truncated: message and offset" || { ko "truncated: message and offset"; cat "$T/err"; }
BAD=${HEX:0:472}62${HEX:474}
expect "bad magic cookie" 1 "$PROBE" decode "$BAD"
grep -qx "lanlease-probe: malformed: bad magic cookie at byte 236" "$T/err" &&
	ok "bad cookie: message and offset" || { ko "bad cookie: message and offset"; cat "$T/err"; }
# option 12 length 8 -> 200 (runs past the end)
OVR=$(sed 's/0c086c61622d686f7374/0cc86c61622d686f7374/' "$GOLD/discover.hex")
expect "option overrun" 1 "$PROBE" decode "$OVR"
grep -q "option length runs past the end of its field (option 12) at byte" "$T/err" &&
	ok "overrun: names the option and offset" || { ko "overrun: names the option"; cat "$T/err"; }
[ "$(wc -l <"$T/err")" -eq 1 ] && ok "error is one line" || ko "error is one line"

# usage and I/O errors: exit 2
expect "missing file" 2 "$PROBE" decode --raw /nonexistent/file
expect "not hex" 2 "$PROBE" decode --hex "$T/discover.bin"
expect "unknown option" 2 "$PROBE" decode --bogus
expect "unknown command" 2 "$PROBE" bogus
expect "--version" 0 "$PROBE" --version

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
