/* Writing output where other users may be: a folder replaced whole, or one
 * file replaced by rename. Every exporter that writes files goes through
 * here, so each gets the same rules (docs/reliability.md, "Writing files"):
 *
 * - nothing is ever opened through a symbolic link, and none is left in the
 *   output: files are made with openat(O_CREAT | O_EXCL | O_NOFOLLOW) in a
 *   folder we just made, reached through its descriptor;
 * - an existing target must be ours (owner = the effective uid, root too)
 *   and not writable by group or others; the folder holding it must not be
 *   writable by others unless it is sticky and ours or root's (as /tmp);
 * - a folder is built in a fresh sibling ".NAME.new-XXXXXX" and swapped in
 *   at the end, with a SHA256SUMS of its files; the next write to it may
 *   remove the files that SHA256SUMS lists and nothing else, so a folder
 *   holding anything else is refused, naming it;
 * - any failure, a full disk included, leaves the previous output as it was
 *   and no temporary file or folder behind.
 * Errors are in err with the path in the message (err->file is NULL). */
#ifndef PW_OUTDIR_H
#define PW_OUTDIR_H

#include <stddef.h>

#include "../model/error.h"

/* The manifest every folder written here carries (sha256sum -c format). */
#define OUTDIR_MANIFEST	"SHA256SUMS"

struct outdir;

/* Check the target folder path (which may not exist yet) and what holds it,
 * and make the fresh temporary folder beside it; the folder gets mode
 * dir_mode when committed. path is copied. On success *od is the caller's,
 * to end with outdir_close(). */
int	outdir_open(const char *path, unsigned dir_mode, struct outdir **od,
	    struct pw_error *);
/* Write a file of the new folder: name is a plain file name (no '/', not
 * starting with '.', not the manifest's), written once, len bytes of data,
 * mode whatever the umask, synced. */
int	outdir_put(struct outdir *, const char *name, const void *data, size_t len,
	    unsigned mode, struct pw_error *);
/* Write the manifest (mode as given) listing every file put, by name, and
 * put the new folder in place of the old one; the old one's files listed in
 * its manifest are then removed, and it with them. *files (may be NULL)
 * counts the files, the manifest included. After a failure nothing has
 * changed. */
int	outdir_commit(struct outdir *, unsigned mode, size_t *files,
	    struct pw_error *);
/* Free; when not committed, remove the temporary folder. NULL is a no-op. */
void	outdir_close(struct outdir *);

/* Write one file at path: len bytes into a temporary file beside it
 * (O_EXCL | O_NOFOLLOW), mode whatever the umask, synced, renamed over path.
 * An existing path must be a regular file of ours, never a symbolic link;
 * what holds it is checked as for a folder. */
int	outfile_write(const char *path, const void *data, size_t len, unsigned mode,
	    struct pw_error *);

#endif
