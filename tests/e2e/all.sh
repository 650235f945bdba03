#!/bin/sh
# Every end-to-end suite of the CLI, two at a time where they use one core
# each: the four shell suites one after the other beside the crash test,
# then the two-operator test (two processes of its own). Each suite's output
# is kept and printed whole, in order; fails when any suite failed. The shell
# suites run the sanitized build; the crash and two-operator tests, which are
# about SQLite's transactions and run patchwave some 2,000 times, the
# optimised one (PLAIN).
# Usage: tests/e2e/all.sh PATCHWAVE PLAIN
set -u
PW=$1
PLAIN=${2:-$1}
here=$(dirname "$0")
ROOT=$(cd "$here/../.." && pwd)
L=$ROOT/build/e2e
mkdir -p "$L"
rm -f "$L"/*.rc
suite() {	# name command...
	n=$1; shift
	"$@" >"$L/$n.log" 2>&1
	echo $? >"$L/$n.rc"
}
(
	suite run sh "$here/run.sh" "$PW"
	suite change sh "$here/change.sh" "$PW"
	suite hostile sh "$here/hostile.sh" "$PW"
	suite attack sh "$here/attack.sh" "$PW"
	suite export sh "$here/export.sh" "$PW"
) &
suite crash /usr/bin/python3 "$here/crash.py" "$PLAIN" &
wait
suite operators /usr/bin/python3 "$here/operators.py" "$PLAIN"
failed=0
for n in run change hostile attack export crash operators; do
	cat "$L/$n.log"
	[ "$(cat "$L/$n.rc" 2>/dev/null)" = 0 ] || { echo "FAILED: e2e suite $n"; failed=1; }
done
exit $failed
