#!/bin/sh
# make demo: a fresh demo database (demo/load.sh), then patchwave on it.
set -eu
PW=${1:-./patchwave}
here=$(dirname "$0")
mkdir -p build
db=build/demo.db
# The demo as of its day (the plan's --now), whatever today is: seen later,
# its first waves would have ended unpatched (PAST_WINDOW). Set
# SOURCE_DATE_EPOCH to see it from another day.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795392000}	# 2026-11-23T00:00:00Z
sh "$here/load.sh" "$PW" "$db"
if [ -t 0 ] && [ -t 1 ]; then
	exec "$PW" --db "$db"
fi
# Not on a terminal (CI, a pipe): what the screen would have said.
"$PW" --db "$db" waves
"$PW" --db "$db" check || true
echo "demo database: $db (open it: $PW --db $db)"
