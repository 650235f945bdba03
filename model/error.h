/* Errors as values: a library layer never prints, it fills these and the CLI or TUI
 * decides how to show them. Every message reads "FILE:LINE: what is wrong". */
#ifndef PW_ERROR_H
#define PW_ERROR_H

#include <stddef.h>

/* One problem. file is borrowed: it must outlive the error until it is shown
 * (the caller's path, not a name in memory the failing call frees); line 0 =
 * none. */
struct pw_error {
	const char	*file;
	long		 line;
	char		 msg[480];
};

/* Every problem an operation found, in the order found. Zero-initialise to use.
 * A list is shown after the operation, when what it read may be gone (a
 * calendar's path in plan data freed on a failed edit), so it keeps its own
 * copy of each file name: the entries' file points into files. */
struct pw_diags {
	struct pw_error	*v;
	size_t		 n;		/* kept in v: at most PW_DIAGS_KEEP */
	size_t		 cap;
	size_t		 more;		/* found past those, counted only */
	struct pw_error	 spare;		/* what pw_diags_add fills for those */
	char		**files;	/* owned; one per run of the same name */
	size_t		 nfiles, capfiles;
};

/* How many problems are kept to be read: a file of ten million bad rows
 * would otherwise hold five gigabytes of messages nobody reads past the
 * first screens; the rest are counted (pw_diags_total). */
#define PW_DIAGS_KEEP	1000

void	pw_error_set(struct pw_error *, const char *file, long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Append a problem; returns the new entry so callers may inspect it. */
struct pw_error *pw_diags_add(struct pw_diags *, const char *file, long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	pw_diags_free(struct pw_diags *);
/* Every problem found, kept or counted. */
size_t	pw_diags_total(const struct pw_diags *);
/* Format "FILE:LINE: msg" (or "FILE: msg" / "msg") into out. */
void	pw_error_format(const struct pw_error *, char *out, size_t outsz);

#endif
