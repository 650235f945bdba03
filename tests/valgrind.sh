#!/bin/sh
# valgrind memcheck over the unit tests and the CLI's end-to-end tests (the
# e2e scripts run patchwave through a wrapper that runs it under memcheck).
# Any memory error or definite leak fails; each failure's report is kept.
# Usage: tests/valgrind.sh PATCHWAVE TEST...
set -u
PW=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/valgrind
rm -rf "$OUT"
mkdir -p "$OUT"
VG="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
passed=0 failed=0
for t in "$@"; do
	log=$OUT/$(basename "$t").log
	if (cd "$ROOT" && $VG --log-file="$log" "$t" >/dev/null 2>&1); then
		passed=$((passed + 1))
		echo "ok   valgrind $(basename "$t")"
	else
		failed=$((failed + 1))
		echo "FAIL valgrind $(basename "$t"): $log"
		head -30 "$log" | sed 's/^/     /'
	fi
done
# patchwave under memcheck for every e2e command; a report per process.
cat >"$OUT/patchwave" <<W
#!/bin/sh
exec $VG --log-file="$OUT/pw.%p.log" "$PW" "\$@"
W
chmod +x "$OUT/patchwave"
for s in run.sh change.sh hostile.sh; do
	if sh "$ROOT/tests/e2e/$s" "$OUT/patchwave" >"$OUT/e2e-$s.txt" 2>&1; then
		echo "ok   valgrind e2e $s ($(tail -1 "$OUT/e2e-$s.txt"))"
		passed=$((passed + 1))
	else
		echo "FAIL valgrind e2e $s: $(grep -c '^FAIL' "$OUT/e2e-$s.txt") checks failed"
		grep '^FAIL' "$OUT/e2e-$s.txt" | head -5 | sed 's/^/     /'
		failed=$((failed + 1))
	fi
done
reports=$(find "$OUT" -name 'pw.*.log' -size +0 | wc -l)
if [ "$reports" -eq 0 ]; then
	echo "ok   valgrind: $(find "$OUT" -name 'pw.*.log' | wc -l) patchwave runs, no error, no definite leak"
	passed=$((passed + 1))
else
	echo "FAIL valgrind: $reports patchwave runs reported errors or leaks:"
	find "$OUT" -name 'pw.*.log' -size +0 | head -3 | while read -r f; do head -20 "$f" | sed 's/^/     /'; done
	failed=$((failed + 1))
fi
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
