#!/bin/sh
# Run every cmocka test binary; print one closing line "N passed, N skipped,
# N failed" (a test skips when it needs ../shared's real fixtures and the
# clone has none beside it).
set -u
passed=0 skipped=0 failed=0 bad=""
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	s=$(printf '%s\n' "$out" | sed -n 's/^ \([0-9]*\) SKIPPED TEST.*/\1/p' | tail -1)
	passed=$((passed + ${p:-0}))
	skipped=$((skipped + ${s:-0}))
	if [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out"
		failed=$((failed + ${f:-1}))
		bad="$bad $t"
	else
		echo "ok   $t (${p:-0} tests${s:+, $s skipped: no real fixtures})"
	fi
done
echo "unit: $passed passed, $skipped skipped, $failed failed"
[ "$failed" -eq 0 ] || { echo "failing:$bad"; exit 1; }
