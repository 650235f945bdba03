#!/bin/sh
# make bench: generate synthetic data in build/bench and print the figures.
# bench/xmlwalk.c (libxml2's reader alone, the floor the .nessus import is
# compared with) is built here first.
set -eu
mkdir -p build/bench
${CC:-cc} -O2 -o build/bench/xmlwalk "$(dirname "$0")/xmlwalk.c" \
    $(pkg-config --cflags --libs libxml-2.0)
# The YAML floor the Ansible import is measured against (bench/yamlwalk.c).
# With -r, the Ansible reader alone (no database).
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o build/bench/yamlwalk bench/yamlwalk.c \
    import/ansible.c import/yaml.c import/inv_vars.c import/csv.c model/asset.c \
    model/patch.c model/civil.c model/error.c util/buf.c util/arena.c \
    util/strmap.c $(pkg-config --cflags --libs yaml-0.1 json-c)
# The store's floor for the same import: its rows written again with plain
# prepared INSERTs into the same schema (bench/sqlite_assets.c).
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o build/bench/sqlite_assets \
    bench/sqlite_assets.c -lsqlite3
# The CSV floor the Qualys import is measured against (bench/csv_walk.c).
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o build/bench/csv_walk bench/csv_walk.c \
    import/csv.c import/qualys.c import/patch_qualys_vmdr.c model/patch.c \
    model/civil.c model/error.c util/buf.c
# libical alone parsing a calendar and walking its rules (bench/ical_walk.c),
# the floor the calendar's import and expansion are measured against.
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o build/bench/ical_walk bench/ical_walk.c -lical
exec /usr/bin/python3 "$(dirname "$0")/bench.py" "$1" build/bench
