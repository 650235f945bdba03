#!/bin/sh
# make bench: generate synthetic data in build/bench and print the figures.
# bench/xmlwalk.c (libxml2's reader alone, the floor the .nessus import is
# compared with) is built here first.
set -eu
mkdir -p build/bench
${CC:-cc} -O2 -o build/bench/xmlwalk "$(dirname "$0")/xmlwalk.c" \
    $(pkg-config --cflags --libs libxml-2.0)
# The YAML floor the Ansible import is measured against (bench/yamlwalk.c).
${CC:-cc} -O2 -o build/bench/yamlwalk bench/yamlwalk.c -lyaml
# The CSV floor the Qualys import is measured against (bench/csv_walk.c).
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o build/bench/csv_walk bench/csv_walk.c \
    import/csv.c import/qualys.c import/patch_qualys_vmdr.c model/patch.c \
    model/civil.c model/error.c util/buf.c
exec /usr/bin/python3 "$(dirname "$0")/bench.py" "$1" build/bench
