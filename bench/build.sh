#!/bin/sh
# The peers and floors make bench measures patchwave against, built into
# build/bench (bench/run.sh runs this first; make check builds them too, so
# a change to what they link cannot break make bench unseen).
# bench/xmlwalk.c (libxml2's reader alone, the floor the .nessus import is
# compared with) is built here first.
set -eu
mkdir -p build/bench
${CC:-cc} -O2 -o build/bench/xmlwalk bench/xmlwalk.c \
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
    import/csv.c import/qualys.c import/patch_qualys_vmdr.c import/cve_set.c \
    model/patch.c model/civil.c model/error.c util/buf.c util/strmap.c util/arena.c
# libical alone parsing a calendar and walking its rules (bench/ical_walk.c),
# the floor the calendar's import and expansion are measured against.
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o build/bench/ical_walk bench/ical_walk.c -lical
