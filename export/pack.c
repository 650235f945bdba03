/* Writing the pack: every file to a temporary name, synced, renamed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/sha256.h"
#include "internal.h"

struct written {
	char	name[64];
	char	sum[SHA256_HEX_LEN + 1];
};

static int
put_file(const char *dir, const char *name, const struct buf *b, unsigned mode,
    struct written *w, struct pw_error *err)
{
	char path[4096], tmp[4096];
	const char *p = buf_str(b);
	size_t n = b->len, off = 0;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
	/* Errors name dir (the caller's): path and tmp go with this frame. */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)mode);
	if (fd < 0) {
		pw_error_set(err, dir, 0, "cannot write .%s.tmp: %s", name,
		    strerror(errno));
		return -1;
	}
	while (off < n) {
		ssize_t k = write(fd, p + off, n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			pw_error_set(err, dir, 0, "cannot write .%s.tmp: %s", name,
			    strerror(errno));
			close(fd);
			unlink(tmp);
			return -1;
		}
		off += (size_t)k;
	}
	/* The mode asked for, whatever the umask. */
	if (fchmod(fd, (mode_t)mode) != 0 || fsync(fd) != 0 || close(fd) != 0 ||
	    rename(tmp, path) != 0) {
		pw_error_set(err, dir, 0, "cannot write %s: %s", name, strerror(errno));
		unlink(tmp);
		return -1;
	}
	snprintf(w->name, sizeof w->name, "%s", name);
	sha256_hex(p, n, w->sum);
	return 0;
}

static int
cmp_written(const void *x, const void *y)
{
	return strcmp(((const struct written *)x)->name, ((const struct written *)y)->name);
}

int
export_pack(const char *dir, const struct change_rec *v, size_t n,
    const struct export_opts *o, size_t *files, struct pw_error *err)
{
	struct written *w = calloc(n + 6, sizeof *w);
	struct buf b = { 0 };
	size_t k = 0;
	int rc = -1;

	*files = 0;
	if (w == NULL) {
		pw_error_set(err, NULL, 0, "out of memory");
		return -1;
	}
	unsigned mode = o->mode ? o->mode & 0666 : 0600;
	unsigned dmode = mode | (mode & 0444) >> 2;	/* x where r */
	if (mkdir(dir, (mode_t)dmode) != 0 && errno != EEXIST) {
		pw_error_set(err, dir, 0, "cannot make the folder: %s", strerror(errno));
		goto out;
	}
	export_html(&b, v, n, o);
	if (put_file(dir, "index.html", &b, mode, &w[k++], err) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char name[64];
		buf_reset(&b);
		export_md(&b, &v[i], o);
		snprintf(name, sizeof name, "%.50s.md", v[i].number);
		if (put_file(dir, name, &b, mode, &w[k++], err) != 0)
			goto out;
	}
	buf_reset(&b);
	export_csv(&b, v, n);
	if (put_file(dir, "changes.csv", &b, mode, &w[k++], err) != 0)
		goto out;
	buf_reset(&b);
	export_json(&b, v, n, o);
	if (put_file(dir, "changes.json", &b, mode, &w[k++], err) != 0)
		goto out;
	buf_reset(&b);
	export_ics(&b, v, n, o);
	if (put_file(dir, "approved-windows.ics", &b, mode, &w[k++], err) != 0)
		goto out;
	/* SHA256SUMS in sha256sum's format, by name: sha256sum -c checks it. */
	qsort(w, k, sizeof *w, cmp_written);
	buf_reset(&b);
	for (size_t i = 0; i < k; i++)
		buf_printf(&b, "%s  %s\n", w[i].sum, w[i].name);
	struct written sums;
	if (put_file(dir, "SHA256SUMS", &b, mode, &sums, err) != 0)
		goto out;
	*files = k + 1;
	rc = 0;
out:
	buf_free(&b);
	free(w);
	return rc;
}
