/* Importers: files in, model values out of a pure reader (formats.c lists
 * them), handed to storage by one skeleton (skeleton.c) in one transaction.
 * An import lands whole or not at all: any invalid record refuses it (nothing
 * changes) unless skip_invalid, which lands the rest and lists what was skipped. */
#ifndef PW_IMPORT_H
#define PW_IMPORT_H

#include "../model/calendar.h"
#include "../model/error.h"
#include "../storage/store.h"

enum import_kind { IMPORT_INVENTORY, IMPORT_PATCHES, IMPORT_CALENDAR, IMPORT_POLICY,
	IMPORT_ADVISORIES, IMPORT_KIND_COUNT };

struct import_opts {
	const char	*path;		/* a file, or a folder (import_files) */
	/* calendars: the files given after path, nmore of them (a format
	 * that joins files reads them all, any other refuses them) */
	const char *const *more;
	size_t		 nmore;
	const char	*source;	/* NULL: the file's base name */
	/* a format of the kind (import_formats()); NULL or "auto": the one
	 * the file's bytes say, its name breaking a tie */
	const char	*format;
	int		 skip_invalid;
	/* inventories: retiring more than half of the source's active assets,
	 * or a file that lists none, is refused unless this says it is meant */
	int		 allow_retire;
	/* patches: a file listing the patches of fewer than half of its source's
	 * hosts with pending ones is refused (it would mark the rest's
	 * installed) unless full_scan says it scanned them all, or only_listed
	 * that it scanned only the hosts it lists (their patches alone are
	 * resolved) */
	int		 full_scan;
	int		 only_listed;
	/* patches and calendars */
	const char	*asset;		/* --asset: the host of a file that names
					   none (SSM describe-instance-patches,
					   the EC2 instance metadata's events) */
	enum date_order	 date_order;	/* --date-order (model/patch.h) */
	/* calendars */
	enum cal_kind	 kind;
	const char	*name;		/* NULL: the file's base name less .ics */
	const char	*scope_json;	/* {"region": ["eu-west-1"]}, NULL: none */
	/* --tz, or NULL: calendars' floating times, and a patches file's
	 * times written with no zone (Nessus's HOST_END) */
	const char	*float_tz;
	const char	*fallback_tz;	/* when neither --tz nor X-WR-TIMEZONE */
	/* --cutoff DURATION: an iCalendar window calendar's events' cutoff,
	 * each that has no X-PATCHWAVE-CUTOFF of its own; NULL: none */
	const char	*cutoff;
	/* policies */
	const char	*who;		/* who imports: named in the audit log */
	int		 replace;	/* --replace: a policy may drop every
					   window or the whole CAB */
	/* called every 10,000 records read (assets, patches), for a
	 * progress line; may be NULL */
	void		(*progress)(void *, long records);
	void		*progress_arg;
};

/* What an import did; import_report_free() releases it. */
struct import_report {
	struct pw_diags	 problems;	/* invalid records: refused or skipped */
	struct pw_diags	 notes;		/* warnings that did not cost a record */
	int		 landed;	/* 1 when the transaction committed */
	long		 records;	/* records imported */
	long		 added, updated, unchanged, removed;
	char		**removed_names;/* retired assets, resolved patches,
					   changes a policy sent back to draft */
	size_t		 nremoved;
	char		*summary;	/* a policy: what it changed */
	struct cal_changes changes;	/* calendars: per event */
	const char	*format;	/* the format actually read */
	/* The files read (a folder's named in full): owned here, as the
	 * error and the problems may name one after import_run returns. */
	char		**files;
	size_t		 nfiles;
};

void	import_report_free(struct import_report *);

/* Import o->path as kind: one transaction that lands the file whole (or, with
 * skip_invalid, every valid record), or nothing. Returns 0 when the import
 * landed (check problems.n for skipped records) and -1 when nothing changed
 * (err or problems say why). r is filled either way; the caller frees it. */
int	import_run(struct store *, enum import_kind, const struct import_opts *,
	    struct import_report *, struct pw_error *);
/* import_run of each kind. */
int	import_inventory(struct store *, const struct import_opts *,
	    struct import_report *, struct pw_error *);
int	import_patches(struct store *, const struct import_opts *,
	    struct import_report *, struct pw_error *);
int	import_advisories(struct store *, const struct import_opts *,
	    struct import_report *, struct pw_error *);
int	import_policy(struct store *, const struct import_opts *,
	    struct import_report *, struct pw_error *);
int	import_calendar(struct store *, const struct import_opts *,
	    struct import_report *, struct pw_error *);

/* The names of kind's formats, in the table's order, into names[0..max);
 * returns how many there are. */
size_t	import_formats(enum import_kind, const char **names, size_t max);
/* The file name without its folders: the default import source. */
const char *import_base_name(const char *path);
/* At most this many files in one import, given or in its folders: a
 * folder of a provider's listings is a handful. */
#define IMPORT_FILES_MAX	16
/* The files paths[0..n) stand for: a folder its regular files whose names
 * end ".json" (any case), sorted by name, each opened as it is listed,
 * through the folder's descriptor, never through a symbolic link; any other
 * path itself (opened when read). Into *out (xmalloc'd, as is each path;
 * the caller frees them), *fds (xmalloc'd: a folder's file's descriptor,
 * the caller's to read with import_read_fd or close; -1 for a path given)
 * and *nout. -1 with err set for a folder that cannot be read or holds no
 * such file, or more than IMPORT_FILES_MAX in all (what was listed is
 * still in *out and *fds). */
int	import_files(const char *const *paths, size_t n, char ***out, int **fds,
	    size_t *nout, struct pw_error *err);
/* A whole file in memory, NUL-terminated and read-only (mapped when it can be);
 * release it with import_free_file(data, len). */
int	import_read_file(const char *path, char **data, size_t *len, struct pw_error *);
/* The same from a descriptor opened already (closed here); path for messages. */
int	import_read_fd(int fd, const char *path, char **data, size_t *len,
	    struct pw_error *);
void	import_free_file(char *data, size_t len);
/* Drop the whole pages of data[0..upto) from memory when the file is mapped
 * (private and read-only: a page touched again is read from the file again,
 * unchanged); a copy is kept whole. */
void	import_release_file(const char *data, size_t len, size_t upto);

#endif
