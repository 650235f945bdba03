#!/bin/sh
# make bench: generate synthetic data in build/bench and print the figures,
# against the peers bench/build.sh builds.
set -eu
sh "$(dirname "$0")/build.sh"
exec /usr/bin/python3 "$(dirname "$0")/bench.py" "$1" build/bench
