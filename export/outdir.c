/* Safe output: a folder built beside its target and swapped in whole, or one
 * file renamed over its path. outdir.h states the rules; here is why each
 * step is as it is.
 *
 * Everything goes through descriptors: the folder holding the target
 * (parent), the new folder (tmp) and the old one (old). Names are only ever
 * resolved relative to them, with O_NOFOLLOW, so a symbolic link planted at
 * any name is never followed; files are made with O_EXCL in a folder that
 * we made 0700 a moment before, so nothing in it is anyone else's.
 *
 * rename(2) cannot put a folder over a non-empty one, so a commit moves the
 * old folder aside (onto an empty folder of ours with a fresh name, which
 * rename replaces), renames the new one in, and only then removes the old
 * files. Until the second rename nothing of the previous output has
 * changed, and a failure puts the old folder back. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/sha256.h"
#include "outdir.h"

/* A previous folder's manifest larger than this is not one we wrote: a pack
 * of 10,000 changes lists them in 0.9 MB. */
#define MANIFEST_MAX	(16 << 20)
/* Fresh names tried before giving up (each taken one is someone's). */
#define TEMP_TRIES	100
/* Of the target's name, this much goes into a temporary name, so that
 * ".NAME.new-XXXXXX" fits NAME_MAX. */
#define TEMP_BASE_MAX	200

struct outfile {
	char	*name;
	char	 sum[SHA256_HEX_LEN + 1];
};

struct outdir {
	char		*path;		/* the target, as given, for messages */
	char		*base;		/* its last component */
	int		 parent;	/* the folder holding it */
	int		 tmp;		/* the new folder, being built */
	char		 tmpname[NAME_MAX + 1];
	int		 old;		/* the existing folder, or -1 */
	unsigned	 dir_mode;
	int		 committed;
	struct outfile	*files;		/* put so far */
	size_t		 nfiles, cap;
	char		**gone;		/* the old folder's files its manifest lists */
	size_t		 ngone, gcap;
};

/* Split path into the folder holding it and its last component (trailing
 * slashes dropped); both are the caller's to free. */
static int
split_path(const char *path, char **parent, char **base, struct pw_error *err)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	const char *slash = memrchr(path, '/', n);
	const char *b = slash ? slash + 1 : path;
	size_t bn = n - (size_t)(b - path);

	if (bn == 0 || (bn == 1 && b[0] == '.') || (bn == 2 && b[0] == '.' && b[1] == '.')) {
		pw_error_set(err, NULL, 0, "\"%s\" is not a name to write to (name a "
		    "file or folder inside a folder)", path);
		return -1;
	}
	if (bn > NAME_MAX) {
		pw_error_set(err, NULL, 0, "%.200s...: name longer than %d bytes", path,
		    NAME_MAX);
		return -1;
	}
	*base = xstrndup(b, bn);
	if (slash == NULL)
		*parent = xstrdup(".");
	else if (slash == path)
		*parent = xstrdup("/");
	else
		*parent = xstrndup(path, (size_t)(slash - path));
	return 0;
}

/* The folder that will hold the output: where others may write, only a
 * sticky folder of ours or root's (such as /tmp) keeps them from renaming
 * or removing what we put there. A folder writable by its group is let
 * through: with user private groups (umask 002) most are, and a member
 * could replace the output afterwards anyway; no one can make us write
 * through a link. Returns its descriptor, or -1. */
static int
open_parent(const char *parent, struct pw_error *err)
{
	struct stat st;
	int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		pw_error_set(err, NULL, 0, "%s: cannot open the folder: %s", parent,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		pw_error_set(err, NULL, 0, "%s: %s", parent, strerror(errno));
		close(fd);
		return -1;
	}
	if ((st.st_mode & S_IWOTH) && !((st.st_mode & S_ISVTX) &&
	    (st.st_uid == geteuid() || st.st_uid == 0))) {
		pw_error_set(err, NULL, 0, "%s is writable by others (mode %04o) and not "
		    "a sticky folder of yours or root's: anyone could replace what is "
		    "written there; refusing", parent, (unsigned)(st.st_mode & 07777));
		close(fd);
		return -1;
	}
	return fd;
}

/* An existing target must be ours and only ours to write. */
static int
check_ours(const struct stat *st, const char *path, struct pw_error *err)
{
	unsigned mode = (unsigned)(st->st_mode & 07777);

	if (S_ISLNK(st->st_mode))
		pw_error_set(err, NULL, 0, "%s is a symbolic link: refusing", path);
	else if (st->st_uid != geteuid())
		pw_error_set(err, NULL, 0, "%s is owned by uid %u, not you: refusing to "
		    "write into it", path, (unsigned)st->st_uid);
	else if (mode & S_IWOTH)
		pw_error_set(err, NULL, 0, "%s is writable by others (mode %04o): "
		    "refusing", path, mode);
	else if (mode & S_IWGRP)
		pw_error_set(err, NULL, 0, "%s is writable by its group (mode %04o): "
		    "refusing", path, mode);
	else
		return 0;
	return -1;
}

/* Whether name in dir is the file open as fd (not a link, not a stand-in). */
static int
same_file(int dir, const char *name, int fd)
{
	struct stat a, b;

	return fstatat(dir, name, &a, AT_SYMLINK_NOFOLLOW) == 0 && fstat(fd, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* ".BASE.TAG-XXXXXX" with six random letters or digits. The randomness only
 * spares retries: O_EXCL and mkdirat() refuse a name already taken. */
static void
temp_name(char out[NAME_MAX + 1], const char *base, const char *tag)
{
	static const char set[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long counter;
	unsigned char r[6];
	char x[7];

	if (getentropy(r, sizeof r) != 0) {
		unsigned long v = (unsigned long)getpid() * 2654435761u ^
		    (unsigned long)time(NULL) ^ ++counter * 40503u;
		for (size_t i = 0; i < sizeof r; i++, v >>= 5)
			r[i] = (unsigned char)v;
	}
	for (size_t i = 0; i < sizeof r; i++)
		x[i] = set[r[i] % (sizeof set - 1)];
	x[6] = '\0';
	snprintf(out, NAME_MAX + 1, ".%.*s.%s-%s", TEMP_BASE_MAX, base, tag, x);
}

/* Make an empty folder of ours, 0700, under a fresh name in dir. */
static int
mkdir_fresh(int dir, const char *base, const char *tag, char name[NAME_MAX + 1],
    const char *where, struct pw_error *err)
{
	for (int i = 0; i < TEMP_TRIES; i++) {
		temp_name(name, base, tag);
		if (mkdirat(dir, name, 0700) == 0)
			return 0;
		if (errno != EEXIST)
			break;
	}
	pw_error_set(err, NULL, 0, "%s: cannot make a temporary folder beside it: %s",
	    where, strerror(errno));
	return -1;
}

static int
write_all(int fd, const char *p, size_t n)
{
	size_t off = 0;

	while (off < n) {
		ssize_t k = write(fd, p + off, n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0) {
			errno = EIO;
			return -1;
		}
		off += (size_t)k;
	}
	return 0;
}

/* Write n bytes into the open file fd, then give it mode (whatever the
 * umask) and sync it; fd is closed either way. */
static int
fill(int fd, const void *data, size_t n, unsigned mode)
{
	int saved;

	if (write_all(fd, data, n) == 0 && fchmod(fd, (mode_t)mode) == 0 &&
	    fsync(fd) == 0)
		return close(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Remove every entry of the folder open as dir (one level: we put only
 * files there). */
static void
empty_dir(int dir)
{
	int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;

	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(dir, e->d_name, 0);
	closedir(d);
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int
is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

/* The names the old folder's manifest lists, sorted, into *v (the caller
 * frees each and v); lines not in sha256sum's format name nothing. */
static int
read_manifest(struct outdir *od, char ***v, size_t *n, struct pw_error *err)
{
	struct buf b = { 0 };
	size_t cap = 0;
	char chunk[65536];
	ssize_t k;
	int fd = openat(od->old, OUTDIR_MANIFEST, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);

	*v = NULL;
	*n = 0;
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0) {
		pw_error_set(err, NULL, 0, "%s/%s: cannot read: %s", od->path,
		    OUTDIR_MANIFEST, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		pw_error_set(err, NULL, 0, "%s/%s is not a file patchwave wrote: refusing "
		    "to replace %s", od->path, OUTDIR_MANIFEST, od->path);
		close(fd);
		return -1;
	}
	while ((k = read(fd, chunk, sizeof chunk)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 || b.len + (size_t)k > MANIFEST_MAX) {
			pw_error_set(err, NULL, 0, "%s/%s: %s", od->path, OUTDIR_MANIFEST,
			    k < 0 ? strerror(errno) : "larger than 16 MB, not one patchwave "
			    "wrote: refusing to replace the folder");
			close(fd);
			buf_free(&b);
			return -1;
		}
		buf_add(&b, chunk, (size_t)k);
	}
	close(fd);
	for (const char *p = buf_str(&b), *end = p + b.len; p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len > SHA256_HEX_LEN + 2 && is_hex(p, SHA256_HEX_LEN) &&
		    p[SHA256_HEX_LEN] == ' ' && (p[SHA256_HEX_LEN + 1] == ' ' ||
		    p[SHA256_HEX_LEN + 1] == '*')) {
			*v = xgrow(*v, &cap, *n, sizeof **v);
			(*v)[(*n)++] = xstrndup(p + SHA256_HEX_LEN + 2,
			    len - SHA256_HEX_LEN - 2);
		}
		p += len + 1;
	}
	buf_free(&b);
	qsort(*v, *n, sizeof **v, cmp_str);
	return 0;
}

static void
gone_free(struct outdir *od)
{
	for (size_t i = 0; i < od->ngone; i++)
		free(od->gone[i]);
	free(od->gone);
	od->gone = NULL;
	od->ngone = od->gcap = 0;
}

/* What the old folder holds must all be files its manifest lists (or the
 * manifest): those are what we may remove. Anything else, a link or a
 * folder in it included, is refused, naming it. Fills od->gone. */
static int
check_old(struct outdir *od, struct pw_error *err)
{
	char **listed, *first = NULL;
	size_t nlisted, others = 0;
	int fd, rc = -1;
	DIR *d;
	struct dirent *e;

	gone_free(od);
	if (read_manifest(od, &listed, &nlisted, err) != 0)
		return -1;
	fd = openat(od->old, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		pw_error_set(err, NULL, 0, "%s: cannot list: %s", od->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		const char *name = e->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (fstatat(od->old, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			pw_error_set(err, NULL, 0, "%s/%s: %s", od->path, name,
			    strerror(errno));
			closedir(d);
			goto out;
		}
		if (S_ISLNK(st.st_mode) || !S_ISREG(st.st_mode)) {
			pw_error_set(err, NULL, 0, "%s/%s is %s: refusing to replace %s",
			    od->path, name, S_ISLNK(st.st_mode) ? "a symbolic link" :
			    "not a file patchwave wrote", od->path);
			closedir(d);
			goto out;
		}
		if (strcmp(name, OUTDIR_MANIFEST) == 0 ||
		    (nlisted && bsearch(&name, listed, nlisted, sizeof *listed,
		    cmp_str) != NULL)) {
			od->gone = xgrow(od->gone, &od->gcap, od->ngone, sizeof *od->gone);
			od->gone[od->ngone++] = xstrdup(name);
		} else if (others++ == 0)
			first = xstrdup(name);
	}
	closedir(d);
	if (others) {
		pw_error_set(err, NULL, 0, "%s holds %s%s, which %s: refusing to replace "
		    "the folder (move %s away, or write elsewhere)", od->path, first,
		    others > 1 ? " and other files" : "", nlisted ? "its " OUTDIR_MANIFEST
		    " does not list" : "patchwave did not write (no " OUTDIR_MANIFEST ")",
		    others > 1 ? "them" : "it");
		goto out;
	}
	rc = 0;
out:
	free(first);
	for (size_t i = 0; i < nlisted; i++)
		free(listed[i]);
	free(listed);
	return rc;
}

/* The existing target, if any: a folder of ours, opened without following
 * a link, and what it holds is ours to replace. */
static int
open_old(struct outdir *od, struct pw_error *err)
{
	struct stat st, now;

	od->old = -1;
	if (fstatat(od->parent, od->base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT)
			return 0;
		pw_error_set(err, NULL, 0, "%s: %s", od->path, strerror(errno));
		return -1;
	}
	if (check_ours(&st, od->path, err) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		pw_error_set(err, NULL, 0, "%s is not a folder: refusing to replace it",
		    od->path);
		return -1;
	}
	od->old = openat(od->parent, od->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (od->old < 0 || fstat(od->old, &now) != 0 || now.st_dev != st.st_dev ||
	    now.st_ino != st.st_ino) {
		pw_error_set(err, NULL, 0, "%s changed while being checked: refusing",
		    od->path);
		return -1;
	}
	return check_old(od, err);
}

int
outdir_open(const char *path, unsigned dir_mode, struct outdir **out,
    struct pw_error *err)
{
	struct outdir *od = xcalloc(1, sizeof *od);
	char *parent = NULL;
	struct stat st;

	*out = NULL;
	od->parent = od->tmp = od->old = -1;
	od->path = xstrdup(path);
	od->dir_mode = dir_mode & 0777;
	if (split_path(path, &parent, &od->base, err) != 0 ||
	    (od->parent = open_parent(parent, err)) < 0 || open_old(od, err) != 0 ||
	    mkdir_fresh(od->parent, od->base, "new", od->tmpname, path, err) != 0)
		goto fail;
	od->tmp = openat(od->parent, od->tmpname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	/* Another user able to rename in the parent could have put theirs in
	 * its place; ours is 0700 and empty. */
	if (od->tmp < 0 || fstat(od->tmp, &st) != 0 || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0) {
		pw_error_set(err, NULL, 0, "%s: the temporary folder %s was replaced: "
		    "refusing", path, od->tmpname);
		if (od->tmp >= 0)
			close(od->tmp);
		od->tmp = -1;
		goto fail;
	}
	free(parent);
	*out = od;
	return 0;
fail:
	free(parent);
	outdir_close(od);
	return -1;
}

/* Put a file whatever its name (the manifest included). */
static int
put(struct outdir *od, const char *name, const void *data, size_t len,
    unsigned mode, struct pw_error *err)
{
	int fd = openat(od->tmp, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);

	if (fd < 0 && errno == EEXIST) {
		pw_error_set(err, NULL, 0, "%s/%s: written twice", od->path, name);
		return -1;
	}
	if (fd < 0 || fill(fd, data, len, mode & 0777) != 0) {
		pw_error_set(err, NULL, 0, "%s/%s: cannot write: %s; %s is left as it "
		    "was", od->path, name, strerror(errno), od->path);
		if (fd >= 0)
			unlinkat(od->tmp, name, 0);
		return -1;
	}
	od->files = xgrow(od->files, &od->cap, od->nfiles, sizeof *od->files);
	od->files[od->nfiles].name = xstrdup(name);
	sha256_hex(data, len, od->files[od->nfiles].sum);
	od->nfiles++;
	return 0;
}

int
outdir_put(struct outdir *od, const char *name, const void *data, size_t len,
    unsigned mode, struct pw_error *err)
{
	if (od->committed || od->tmp < 0) {
		pw_error_set(err, NULL, 0, "%s: already written", od->path);
		return -1;
	}
	if (name[0] == '\0' || name[0] == '.' || strchr(name, '/') != NULL ||
	    strlen(name) > NAME_MAX || strcmp(name, OUTDIR_MANIFEST) == 0) {
		pw_error_set(err, NULL, 0, "%s: \"%.100s\" is not a name for a file of "
		    "it", od->path, name);
		return -1;
	}
	return put(od, name, data, len, mode, err);
}

static int
cmp_file(const void *x, const void *y)
{
	return strcmp(((const struct outfile *)x)->name, ((const struct outfile *)y)->name);
}

/* Put the old folder back at its name after a failed swap; err already
 * says what failed and gains where the old folder is if it stays aside. */
static void
put_back(struct outdir *od, const char *aside, struct pw_error *err)
{
	if (renameat(od->parent, aside, od->parent, od->base) != 0) {
		size_t n = strlen(err->msg);
		snprintf(err->msg + n, sizeof err->msg - n, "; the previous %s is in %s",
		    od->base, aside);
	}
}

int
outdir_commit(struct outdir *od, unsigned mode, size_t *files, struct pw_error *err)
{
	char aside[NAME_MAX + 1] = "";
	struct buf b = { 0 };
	int rc;

	if (od->committed || od->tmp < 0) {
		pw_error_set(err, NULL, 0, "%s: already written", od->path);
		return -1;
	}
	/* The manifest, in sha256sum's format, by name: sha256sum -c checks it. */
	qsort(od->files, od->nfiles, sizeof *od->files, cmp_file);
	for (size_t i = 0; i < od->nfiles; i++)
		buf_printf(&b, "%s  %s\n", od->files[i].sum, od->files[i].name);
	rc = put(od, OUTDIR_MANIFEST, buf_str(&b), b.len, mode, err);
	buf_free(&b);
	if (rc != 0)
		return -1;
	/* What the old folder holds again: it may have changed since the open. */
	if (od->old >= 0 && check_old(od, err) != 0)
		return -1;
	if (fsync(od->tmp) != 0 || fchmod(od->tmp, (mode_t)od->dir_mode) != 0) {
		pw_error_set(err, NULL, 0, "%s: cannot write: %s", od->path, strerror(errno));
		return -1;
	}
	if (od->old >= 0) {
		if (mkdir_fresh(od->parent, od->base, "old", aside, od->path, err) != 0)
			return -1;
		if (renameat(od->parent, od->base, od->parent, aside) != 0) {
			pw_error_set(err, NULL, 0, "%s: cannot move it aside: %s", od->path,
			    strerror(errno));
			unlinkat(od->parent, aside, AT_REMOVEDIR);
			return -1;
		}
		if (!same_file(od->parent, aside, od->old)) {
			pw_error_set(err, NULL, 0, "%s was replaced while being written: "
			    "refusing", od->path);
			put_back(od, aside, err);
			return -1;
		}
	}
	if (!same_file(od->parent, od->tmpname, od->tmp))
		pw_error_set(err, NULL, 0, "%s: the temporary folder %s was replaced: "
		    "refusing", od->path, od->tmpname);
	else if (renameat(od->parent, od->tmpname, od->parent, od->base) != 0)
		pw_error_set(err, NULL, 0, "%s: cannot put the new folder in place: %s",
		    od->path, strerror(errno));
	else
		od->committed = 1;
	if (!od->committed) {
		if (aside[0])
			put_back(od, aside, err);
		return -1;
	}
	fsync(od->parent);
	if (files)
		*files = od->nfiles;
	if (od->old < 0)
		return 0;
	/* The new folder is in place; what remains is the old one's files (its
	 * mode may have been 0500, --mode 0400's). */
	fchmod(od->old, 0700);
	for (size_t i = 0; i < od->ngone; i++)
		unlinkat(od->old, od->gone[i], 0);
	if (unlinkat(od->parent, aside, AT_REMOVEDIR) != 0) {
		pw_error_set(err, NULL, 0, "%s is written, but the previous one is left in "
		    "%s: %s", od->path, aside, strerror(errno));
		return -1;
	}
	return 0;
}

void
outdir_close(struct outdir *od)
{
	if (od == NULL)
		return;
	if (!od->committed && od->tmp >= 0) {
		fchmod(od->tmp, 0700);	/* a commit may have made it 0500 */
		empty_dir(od->tmp);
		if (same_file(od->parent, od->tmpname, od->tmp))
			unlinkat(od->parent, od->tmpname, AT_REMOVEDIR);
	}
	if (od->tmp >= 0)
		close(od->tmp);
	if (od->old >= 0)
		close(od->old);
	if (od->parent >= 0)
		close(od->parent);
	for (size_t i = 0; i < od->nfiles; i++)
		free(od->files[i].name);
	free(od->files);
	gone_free(od);
	free(od->base);
	free(od->path);
	free(od);
}

int
outfile_write(const char *path, const void *data, size_t len, unsigned mode,
    struct pw_error *err)
{
	char *parent = NULL, *base = NULL, tmp[NAME_MAX + 1];
	struct stat st;
	int dir = -1, fd = -1, rc = -1;

	if (split_path(path, &parent, &base, err) != 0 ||
	    (dir = open_parent(parent, err)) < 0)
		goto out;
	if (fstatat(dir, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode)) {
			pw_error_set(err, NULL, 0, "%s is a symbolic link: refusing", path);
			goto out;
		}
		if (!S_ISREG(st.st_mode)) {
			pw_error_set(err, NULL, 0, "%s is not a file: refusing to replace it",
			    path);
			goto out;
		}
		if (st.st_uid != geteuid()) {
			pw_error_set(err, NULL, 0, "%s is owned by uid %u, not you: refusing "
			    "to replace it", path, (unsigned)st.st_uid);
			goto out;
		}
	} else if (errno != ENOENT) {
		pw_error_set(err, NULL, 0, "%s: %s", path, strerror(errno));
		goto out;
	}
	for (int i = 0; i < TEMP_TRIES && fd < 0; i++) {
		temp_name(tmp, base, "tmp");
		fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		pw_error_set(err, NULL, 0, "%s: cannot make a temporary file beside it: %s",
		    path, strerror(errno));
		goto out;
	}
	/* rename() replaces the name, never what a link there points to. */
	if (fill(fd, data, len, mode & 0777) != 0 ||
	    renameat(dir, tmp, dir, base) != 0) {
		pw_error_set(err, NULL, 0, "%s: cannot write: %s", path, strerror(errno));
		unlinkat(dir, tmp, 0);
		goto out;
	}
	fsync(dir);
	rc = 0;
out:
	if (dir >= 0)
		close(dir);
	free(parent);
	free(base);
	return rc;
}
