/* Shared import plumbing: reading files and reports. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "../util/buf.h"
#include "import.h"
#include "sniff.h"

#define MAX_FILE_BYTES	(2048L * 1024 * 1024)

const char *
import_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The files an import reads: their paths (for messages) and, for a
 * folder's, the file opened at its listing (else -1). */
struct file_list {
	char	**path;
	int	 *fd;
	size_t	  n, cap, capfd;
};

static int
by_name(const void *a, const void *b, void *arg)
{
	const struct file_list *l = arg;

	return strcmp(l->path[*(const size_t *)a], l->path[*(const size_t *)b]);
}

static void
list_add(struct file_list *l, char *path, int fd)
{
	l->path = xgrow(l->path, &l->cap, l->n, sizeof *l->path);
	l->fd = xgrow(l->fd, &l->capfd, l->n, sizeof *l->fd);
	l->path[l->n] = path;
	l->fd[l->n++] = fd;
}

/* Add folder dir's .json files, sorted by name: each a regular file by
 * lstat, opened there and then through the folder's descriptor without
 * following a link (O_NOFOLLOW, non-blocking: a FIFO swapped in opens at
 * once and is refused when read), so a link planted there, or swapped in
 * for a file or for the folder after the listing, is never followed. */
static int
folder_files(const char *dir, struct file_list *l, struct pw_error *err)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd < 0 ? NULL : fdopendir(dfd);
	struct dirent *de;
	size_t first = l->n;
	struct stat sb;

	if (d == NULL) {
		pw_error_set(err, dir, 0, "cannot open the folder: %s",
		    strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t m = strlen(de->d_name);
		int fd;
		if (m < 5 || strcasecmp(de->d_name + m - 5, ".json") != 0 ||
		    fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (l->n == IMPORT_FILES_MAX) {
			pw_error_set(err, dir, 0, "more than %d files to import: "
			    "give fewer", IMPORT_FILES_MAX);
			closedir(d);
			return -1;
		}
		struct buf p = { 0 };
		buf_printf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" :
		    "/", de->d_name);
		fd = openat(dfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC);
		if (fd < 0) {
			pw_error_set(err, p.s, 0, "cannot open: %s", errno == ELOOP ?
			    "a symbolic link swapped in since the folder was listed" :
			    strerror(errno));
			buf_free(&p);
			closedir(d);
			return -1;
		}
		list_add(l, buf_detach(&p), fd);
	}
	closedir(d);
	if (l->n == first) {
		pw_error_set(err, dir, 0, "no .json file in the folder");
		return -1;
	}
	/* Sorted by name, each descriptor with its path. */
	size_t k = l->n - first, *ix = xmalloc(k * sizeof *ix);
	char **path = xmalloc(k * sizeof *path);
	int *fd = xmalloc(k * sizeof *fd);
	for (size_t i = 0; i < k; i++)
		ix[i] = first + i;
	qsort_r(ix, k, sizeof *ix, by_name, l);
	for (size_t i = 0; i < k; i++) {
		path[i] = l->path[ix[i]];
		fd[i] = l->fd[ix[i]];
	}
	memcpy(l->path + first, path, k * sizeof *path);
	memcpy(l->fd + first, fd, k * sizeof *fd);
	free(ix);
	free(path);
	free(fd);
	return 0;
}

int
import_files(const char *const *paths, size_t n, char ***out, int **fds,
    size_t *nout, struct pw_error *err)
{
	struct file_list l = { 0 };
	struct stat sb;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		if (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			rc = folder_files(paths[i], &l, err);
		else if (l.n == IMPORT_FILES_MAX) {
			pw_error_set(err, paths[i], 0, "more than %d files to "
			    "import: give fewer", IMPORT_FILES_MAX);
			rc = -1;
		} else
			list_add(&l, xstrdup(paths[i]), -1);
	}
	*out = l.path;
	*fds = l.fd;
	*nout = l.n;
	return rc;
}

/* Whether a file of len bytes was mapped (see import_read_file). */
static int
mapped(size_t len)
{
	long page = sysconf(_SC_PAGESIZE);

	return len > 0 && page > 0 && len % (size_t)page != 0;
}

int
import_read_file(const char *path, char **data, size_t *len, struct pw_error *err)
{
	/* Non-blocking: a FIFO given opens at once and is refused, not waited
	 * on. A regular file reads the same. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		*data = NULL;
		*len = 0;
		pw_error_set(err, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	return import_read_fd(fd, path, data, len, err);
}

int
import_read_fd(int fd, const char *path, char **data, size_t *len,
    struct pw_error *err)
{
	struct stat sb;
	char *p;

	*data = NULL;
	*len = 0;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		pw_error_set(err, path, 0, "not a regular file");
		close(fd);
		return -1;
	}
	if (sb.st_size > MAX_FILE_BYTES) {
		pw_error_set(err, path, 0, "larger than 2 GiB");
		close(fd);
		return -1;
	}
	*len = (size_t)sb.st_size;
	if (mapped(*len)) {
		/* Mapped read-only, one byte past the end: the rest of the last
		 * page reads as zeros, so the text is NUL-terminated for free. */
		p = mmap(NULL, *len + 1, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (p == MAP_FAILED) {
			pw_error_set(err, path, 0, "cannot read: %s", strerror(errno));
			*len = 0;
			return -1;
		}
		*data = p;
		return 0;
	}
	/* Empty, or a whole number of pages: read a copy with room for NUL. */
	p = xmalloc(*len + 1);
	size_t got = 0;
	while (got < *len) {
		ssize_t n = read(fd, p + got, *len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			pw_error_set(err, path, 0, "cannot read: %s", n < 0 ?
			    strerror(errno) : "the file shrank while reading");
			free(p);
			close(fd);
			*len = 0;
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	p[*len] = '\0';
	*data = p;
	return 0;
}

void
import_free_file(char *data, size_t len)
{
	if (data == NULL)
		return;
	if (mapped(len))
		munmap(data, len + 1);
	else
		free(data);
}

void
import_release_file(const char *data, size_t len, size_t upto)
{
	long page = sysconf(_SC_PAGESIZE);

	if (!mapped(len) || upto > len)
		return;
	upto -= upto % (size_t)page;
	/* Advice only: when it fails the pages stay, nothing else changes. */
	if (upto > 0)
		(void)madvise((void *)(uintptr_t)data, upto, MADV_DONTNEED);
}

void
import_report_free(struct import_report *r)
{
	pw_diags_free(&r->problems);
	pw_diags_free(&r->notes);
	for (size_t i = 0; i < r->nremoved; i++)
		free(r->removed_names[i]);
	free(r->removed_names);
	free(r->summary);
	cal_changes_free(&r->changes);
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
	memset(r, 0, sizeof *r);
}

const char *
sniff_start(const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' ||
	    *p == '\f' || *p == '\v'))
		p++;
	return p < end ? p : NULL;
}

int
sniff_json(const char *data, size_t len, char open, const char *mark)
{
	const char *p = sniff_start(data, len);

	if (p == NULL || (*p != '{' && *p != '[') || (open && *p != open))
		return 0;
	return memmem(p, len - (size_t)(p - data), mark, strlen(mark)) != NULL;
}

enum sniff
sniff_delimited(const char *data, size_t len)
{
	const char *p = sniff_start(data, len);

	return p && (*p == '{' || *p == '[' || *p == '<') ? SNIFF_NO :
	    SNIFF_MAYBE;
}

enum sniff
sniff_aws_list(const char *data, size_t len, const char *key,
    const char *field, const char *other)
{
	if (sniff_json(data, len, '{', key) || (sniff_json(data, len, '[',
	    field) && sniff_json(data, len, '[', other)))
		return SNIFF_YES;
	return SNIFF_NO;
}

const char *
sniff_first_line(const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;
		if (eol == NULL)
			eol = end;
		while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		/* Blank, a comment, a YAML directive or document start. */
		if (q == eol || *q == '#' || (q == p && *q == '%') || (q == p &&
		    eol - q >= 3 && memcmp(q, "---", 3) == 0))
			p = eol + 1;
		else
			return p;
	}
	return NULL;
}
