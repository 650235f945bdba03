#!/bin/sh
# Build a demo database from the files beside this script and plan it.
# Usage: demo/load.sh PATCHWAVE DB. The demo's patches were released in
# November 2026, so the plan starts then (--now), whatever today is.
set -eu
PW=$1
db=$2
here=$(dirname "$0")
rm -f "$db" "$db-wal" "$db-shm"
run() { "$PW" --db "$db" "$@" >/dev/null; }
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
run plan --now 2026-11-23T00:00:00Z
