#!/bin/sh
# make bench: generate synthetic data in build/bench and print the figures.
set -eu
exec /usr/bin/python3 "$(dirname "$0")/bench.py" "$1" build/bench
