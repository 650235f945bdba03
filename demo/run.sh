#!/bin/sh
# Build a fresh demo database from the files beside this script and show it.
# Until the terminal UI lands, "opening" the demo prints what it holds.
set -eu
PW=${1:-./patchwave}
here=$(dirname "$0")
mkdir -p build
db=build/demo.db
rm -f "$db" "$db-wal" "$db-shm"
run() { "$PW" --db "$db" "$@"; }
run import policy "$here/policy.yaml"
run import inventory "$here/inventory.csv" --source demo-cmdb
run import patches "$here/patches.csv" --source demo-scanner
run import calendar "$here/provider-rds.ics" --kind provider --name aws-rds \
    --scope asset=orders-db.managed
run import calendar "$here/provider-ec2.ics" --kind provider --name aws-ec2 \
    --scope zone=eu-central-1b
run import calendar "$here/provider-network.ics" --kind provider --name aws-network \
    --scope region=us-east-1
run import calendar "$here/freeze.ics" --kind freeze --name change-freeze
echo
echo "== assets"
run assets
echo
echo "== calendars"
run calendars
echo
today=$(date -u +%F)
echo "== provider maintenance and freezes, next 8 weeks"
run occurrences --from "$today" --to "$(date -u -d "$today + 56 days" +%F)"
echo
echo "== maintenance windows, next 3 weeks"
run windows --from "$today" --to "$(date -u -d "$today + 21 days" +%F)"
echo
echo "== the automatic plan (from now) and its conflicts"
run plan
run waves
run check || true
echo
echo "demo database: $db (try: $PW --db $db assets --format json)"
