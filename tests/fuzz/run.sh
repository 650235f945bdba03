#!/bin/sh
# Run libFuzzer targets, two at a time, each for SECONDS, seeded with the
# shared real-world fixtures and the project's own files (the YAML targets
# with tests/data/yaml-bombs and the tests/fuzz/yaml.dict tokens); earlier crashes
# (tests/data/fuzz-crashes) are replayed first. Prints per target the
# executions, coverage (cov: edges, ft: features) and corpus size, and
# fails when any target found a crash, a leak, a timeout or ran out of memory.
# FUZZ_SEED fixes libFuzzer's seed (make check does, so CI repeats itself).
# Usage: tests/fuzz/run.sh SECONDS TARGET...
set -u
one_only=0
if [ "$1" = --one ]; then
	one_only=1
	shift
fi
secs=$1
shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=${PW_FIXTURES:-$ROOT/../shared/fixtures/real}
B=$ROOT/build/fuzz
cd "$ROOT"

seed() {	# target -> seed folder
	d=$B/seed-$1
	rm -rf "$d"
	mkdir -p "$d"
	case $1 in
	csv) set -- demo/*.csv "$FIX"/inventory/*.csv "$FIX"/formats/*/*.csv ;;
	yaml) set -- tests/data/*.yml tests/data/yaml-bombs/* \
	    "$FIX"/inventory/*.yml "$FIX"/inventory/*.yaml ;;
	json) set -- "$FIX"/inventory/*.json ;;
	ical|calcheck) set -- demo/*.ics tests/data/*.ics "$FIX"/ics/* ;;
	policy) set -- demo/policy.yaml tests/data/policy*.yaml tests/data/yaml-bombs/* ;;
	# The real list-compliance-items is in an .rst only, with no Patch item.
	ssm-compliance) set -- "$FIX"/formats/*/* tests/data/ssm-compliance-items.json ;;
	nessus|nessus-csv|tenable-sc|tenable-vm) set -- "$FIX"/formats/*/* \
	    tests/data/tenable/interop* ;;
	qualys-vmdr) set -- "$FIX"/formats/*/* tests/data/qualys-*.csv ;;
	# The real EC2 samples are JSON inside documentation pages.
	ec2-events) set -- "$FIX"/formats/*/* tests/data/ec2-*.json ;;
	# No real GCE sample: the hand-made list.
	gcp-maintenance) set -- "$FIX"/formats/*/* tests/data/gcp-*.json ;;
	azure-maintenance) set -- "$FIX"/formats/*/* tests/data/azure-*.json ;;
	rds-pending) set -- "$FIX"/formats/*/* tests/data/rds-*.json ;;
	# The real get-maintenance-window is in an .rst only: the hand-made.
	ssm-windows) set -- "$FIX"/formats/*/* tests/data/ssm-*.json ;;
	# The real describe-events holds no scheduledChange: the hand-made do.
	aws-health) set -- "$FIX"/formats/*/* tests/data/aws-health/*.json ;;
	# An undo step's blobs: a few packed by hand (undo_pack.c's layout).
	undo-blob) set -- tests/data/undo-blobs/* ;;
	# A new format's target: the samples of every format in the fixtures.
	*) set -- "$FIX"/formats/*/* ;;
	esac
	for f in "$@"; do [ -f "$f" ] && cp "$f" "$d/"; done
	echo "$d"
}

dict() {	# target -> libFuzzer options for its dictionary, if any
	case $1 in
	yaml|policy) echo "-dict=tests/fuzz/yaml.dict" ;;
	nessus) echo "-dict=tests/fuzz/nessus.dict" ;;
	esac
}

one() {		# target: replay, then fuzz; the log is $B/log-$1
	t=$1 bin=$B/fuzz_$1 log=$B/log-$1
	mkdir -p "$B/corpus-$t"
	s=$(seed "$t")
	{
		if ls tests/data/fuzz-crashes/* >/dev/null 2>&1; then
			"$bin" tests/data/fuzz-crashes/* 2>&1 || echo "REPLAY FAILED"
		fi
		"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		    ${FUZZ_SEED:+-seed="$FUZZ_SEED"} \
		    -max_len=65536 -print_final_stats=1 -detect_leaks=1 $(dict "$t") \
		    -artifact_prefix="$B/found-$t-" "$B/corpus-$t" "$s" 2>&1
		echo "EXIT $?"
	} >"$log" 2>&1
	execs=$(grep -o 'number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
	corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
	rc=$(grep -o '^EXIT [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
	if [ "${rc:-1}" = 0 ] && ! grep -q "REPLAY FAILED" "$log"; then
		echo "ok   fuzz $t: ${secs}s, ${execs:-?} runs, cov ${cov:-?} ft ${ft:-?}, corpus ${corp:-?}, no crash, leak or timeout"
	else
		echo "FAIL fuzz $t (exit ${rc:-?}): see $log"
		grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5 | sed 's/^/     /'
		return 1
	fi
}

if [ "$one_only" = 1 ]; then
	one "$1" >"$B/result-$1"
	exit 0
fi
mkdir -p "$B"
[ -d "$FIX" ] || echo "fuzz: no real fixtures at $FIX to seed from (a clone without ../shared beside it): skip them, seed from the project's own files"
printf '%s\n' "$@" | xargs -P 2 -I{} sh "$0" --one "$secs" {}
failed=0
for t in "$@"; do
	cat "$B/result-$t"
	grep -q '^ok' "$B/result-$t" || failed=$((failed + 1))
done
echo "fuzz: $(( $# - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
