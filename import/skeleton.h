/* One import skeleton for every kind (import-internal): skeleton.c reads the
 * file (or the files), picks the format, begins the transaction, records the import, runs
 * the reader into the kind's sink, applies the problems rule, finishes,
 * commits and reports. What differs per kind is its struct import_kind_ops,
 * in the kind's file: inventory.c, patches.c, calendar.c, policy.c. */
#ifndef PW_SKELETON_H
#define PW_SKELETON_H

#include <stddef.h>

#include "../util/buf.h"
#include "formats.h"
#include "import.h"

/* One import under way: what each step of its kind is handed. */
struct import_run {
	struct store		*store;
	const struct import_opts *opts;
	struct import_report	*report;
	struct store_import	*imp;		/* the import's handle */
	const char		*source;	/* the import's source */
	const char		*data;		/* the file's bytes */
	size_t			 len;
	/* Every file read, parts[0] the one above: several only for a
	 * format that joins them (import_format_several). */
	struct import_part	*parts;
	size_t			 nparts;
	long			 seen;		/* records read (progress) */
	size_t			 released;	/* where this pass last dropped
						   data's pages behind it */
	int			 failed;	/* a database error stopped reading */
	struct pw_error		*fatal;		/* ... and what it was */
	void			*state;		/* the kind's: state_size bytes,
						   zeroed */
};

struct import_kind_ops {
	const char	*name;		/* the imports row's kind */
	/* When problems refuse the import: "N <problem>s: <refused>". */
	const char	*problem;	/* "invalid record" */
	const char	*refused;	/* "nothing imported" */
	int		 whole;		/* problems refuse it even with
					   --skip-invalid (one record) */
	size_t		 state_size;
	/* The import's source for these options; into b when it is made. */
	const char	*(*source)(const struct import_opts *, struct buf *b);
	/* Each 0, or -1 with err set: the import is refused. begin (may be
	 * NULL) runs once the import is recorded; read runs f's reader into
	 * the kind's sink (a put that stores each record calls import_record;
	 * one that takes a whole calendar or policy keeps it in state);
	 * finish (may be NULL: advisories have nothing to retire) runs when
	 * the problems allow the import to land. */
	int	(*begin)(struct import_run *, struct pw_error *err);
	int	(*read)(struct import_run *, const struct import_format *f,
		    struct pw_error *err);
	int	(*finish)(struct import_run *, struct pw_error *err);
	void	(*done)(struct import_run *);	/* frees state; may be NULL */
};

extern const struct import_kind_ops import_kind_inventory, import_kind_patches,
	    import_kind_calendar, import_kind_policy, import_kind_advisories;

/* The usual source of an import: --source, else the file's base name. */
const char *import_source_named(const struct import_opts *, struct buf *);
/* What a sink's put makes of one record read: rc 0 stored (counted), 1
 * refused (a problem at line, e saying why), -1 a database error (e, and the
 * import stops). Returns put's result: 0, or -1 to stop the reader. Counts
 * the record for the progress hook. */
int	import_record(struct import_run *, int rc, long line, const struct pw_error *e);
/* The reader is past data[0..upto) and holds nothing in it: its pages are
 * dropped from memory a few MiB at a time (a mapped file read front to back
 * otherwise stays resident whole: 318 MiB of a 1M-row Qualys report). */
void	import_passed(struct import_run *, size_t upto);
/* Add name to the report's removed names (retired, resolved, redrafted). */
void	import_removed(struct import_report *, const char *name);

#endif
