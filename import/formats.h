/* The formats every kind of import reads (import-internal): one table of
 * (name, kind, sniff, reader) in formats.c, for --format NAME and for
 * --format auto. Adding a format is a reader file and a row. */
#ifndef PW_FORMATS_H
#define PW_FORMATS_H

#include <stddef.h>

#include "calendar.h"
#include "import.h"
#include "inventory.h"
#include "patches.h"
#include "policy.h"
#include "sniff.h"

/* A format's reader, of its kind's type. */
union import_reader {
	inv_reader	*inventory;
	patch_reader	*patches;
	cal_reader	*calendar;
	policy_reader	*policy;
};

struct import_format {
	const char		*name;	/* --format NAME; the report's format */
	enum import_kind	 kind;
	/* file name endings (".csv .tsv") that decide a tie between sniffs */
	const char		*names;
	import_sniff		*sniff;	/* NULL: always SNIFF_MAYBE */
	union import_reader	 read;	/* the member of kind */
};

/* The format of kind called name; NULL when there is none. */
const struct import_format *import_format_find(enum import_kind, const char *name);
/* Does f's reader join several files (a calendar's sink->parts)? An import
 * of several files in any other format is refused. */
int	import_format_several(const struct import_format *f);
/* Whose patches a file of f speaks for: the hosts its records name (a
 * scan), or one host's, which it names not (--asset says) or names. */
enum format_hosts { FORMAT_HOSTS, FORMAT_HOST_NONE, FORMAT_HOST_ONE };
enum format_hosts import_format_hosts(const struct import_format *f);
/* The format of kind a file is in: the surest sniff of its bytes; among the
 * surest, the first whose names the path ends with, else the first in the
 * table; NULL when every sniff says SNIFF_NO (JSON or XML none reads). */
const struct import_format *import_format_sniff(enum import_kind, const char *path,
	    const char *data, size_t len);
/* A format of another kind than kind (not an inventory's, whose JSON sniff
 * takes any JSON) whose sniff is sure of the bytes: what a file given to
 * the wrong import is. NULL when none. */
const struct import_format *import_format_elsewhere(enum import_kind kind,
	    const char *data, size_t len);

#endif
