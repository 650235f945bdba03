#!/bin/sh
# Interoperability: patchwave against the reference tools Debian ships.
#   recurring-ical-events  occurrences of every .ics fixture (and tests/interop/ics)
#   ansible-inventory      hosts, groups and merged vars of every inventory
#   icalendar, calcurse, csv, jq, chromium, pdftoppm: the CAB pack
#   Python's own count, chromium, pdftoppm: report sla (sla_check.py)
#   botocore's SSM model, the aws CLI, ansible-playbook, ansible, AWX's rrule
#     rules with python-dateutil: export --to ssm|ansible|awx (exec_check.py)
#   a brute-force reading of AWS's cron (zoneinfo): import calendar --format
#     ssm-windows, its runs across DST in Berlin and New York (ssm_cron_check.py)
#   Python's xml.etree, json and csv: every real file of formats/ the readers
#     take, parsed again and compared with what was imported (formats_check.py)
set -u
PW=$1
here=$(dirname "$0")
FIX=${PW_FIXTURES:-$here/../../../shared/fixtures/real}
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
if [ -d "$FIX/ics" ] && [ -d "$FIX/inventory" ]; then
	run ics_compare.py "$FIX/ics"
	run ansible_compare.py "$FIX/inventory" "$here/../data"
else
	echo "interop: skip the occurrence and inventory comparisons: no real fixtures at"
	echo "interop: $FIX (a clone without ../shared beside it; CI has them)"
fi
if [ -d "$FIX/formats" ]; then
	run formats_check.py "$FIX/formats"
else
	echo "interop: skip the real formats' comparison: no real fixtures at"
	echo "interop: $FIX/formats (a clone without ../shared beside it; CI has them)"
fi
# Hostile cases of our own (tests/interop/ics): rules libical walks wrongly.
run ics_compare.py "$here/ics"
run pack_check.py ""
run sla_check.py ""
run exec_check.py ""
run ssm_cron_check.py ""
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
