# Shared by the end-to-end scripts: sourced with PATCHWAVE as $1.
PW=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=${PW_FIXTURES:-$ROOT/../shared/fixtures/real}
T=$(mktemp -d /tmp/pw-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }
# check NAME COMMAND...: passes when the command succeeds
check() { n=$1; shift; if out=$("$@" 2>&1); then ok "$n"; else bad "$n" "$out"; fi; }
# run EXPECTED_RC ARGS...: runs patchwave on $DB, keeps stdout/stderr in $T/out, $T/err
run() { want=$1; shift; "$PW" --db "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; [ "$rc" -eq "$want" ]; }
has() { grep -q -- "$1" "$2"; }
# started DBFILE COMMAND...: the command as of the start of the database's
# last wave (SOURCE_DATE_EPOCH): a change's outcome is refused before its
# window starts.
started() { (SOURCE_DATE_EPOCH=$(sqlite3 "$1" "SELECT MAX(start_utc) FROM waves"); export SOURCE_DATE_EPOCH; shift; "$@"); }
dump() { sqlite3 "$DB" .dump | grep -v '^INSERT INTO imports'; }
