#!/bin/sh
# Interoperability: patchwave against the reference tools Debian ships.
#   recurring-ical-events  occurrences of every .ics fixture
#   ansible-inventory      hosts, groups and merged vars of every inventory
#   icalendar, calcurse, csv, jq, chromium, pdftoppm: the CAB pack
set -u
PW=$1
here=$(dirname "$0")
FIX=${PW_FIXTURES:-$here/../../../shared/fixtures/real}
if [ ! -d "$FIX/ics" ]; then
	echo "interop: fixtures not found at $FIX (set PW_FIXTURES)"
	echo "interop: 0 passed, 1 failed"
	exit 1
fi
passed=0 failed=0
run() {
	out=$(/usr/bin/python3 "$here/$1" "$PW" "$2" ${3:+"$3"} 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/  /'
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "interop: FAILED $1"
	fi
}
run ics_compare.py "$FIX/ics"
run ansible_compare.py "$FIX/inventory" "$here/../data"
run pack_check.py ""
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
