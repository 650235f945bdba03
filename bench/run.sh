#!/bin/sh
# make bench: generate synthetic data in build/bench and print the figures.
# bench/xmlwalk.c (libxml2's reader alone, the floor the .nessus import is
# compared with) is built here first.
set -eu
mkdir -p build/bench
${CC:-cc} -O2 -o build/bench/xmlwalk "$(dirname "$0")/xmlwalk.c" \
    $(pkg-config --cflags --libs libxml-2.0)
exec /usr/bin/python3 "$(dirname "$0")/bench.py" "$1" build/bench
