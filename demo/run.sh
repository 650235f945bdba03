#!/bin/sh
# make demo: a fresh demo database (demo/load.sh), then patchwave on it.
set -eu
PW=${1:-./patchwave}
here=$(dirname "$0")
mkdir -p build
db=build/demo.db
sh "$here/load.sh" "$PW" "$db"
if [ -t 0 ] && [ -t 1 ]; then
	exec "$PW" --db "$db"
fi
# Not on a terminal (CI, a pipe): what the screen would have said.
"$PW" --db "$db" waves
"$PW" --db "$db" check || true
echo "demo database: $db (open it: $PW --db $db)"
