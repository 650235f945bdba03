/* The : prompt's history file (see histfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../export/outdir.h"
#include "../util/buf.h"
#include "histfile.h"

/* At most this much of the file's end is read: HISTORY_KEEP lines of a
 * prompt's length and then some. */
#define HISTFILE_MAX	(256 * 1024)

/* The file's path in path (0), or 1 when there is to be none. dir gets the
 * folder to make when it is the default one. */
static int
histfile_path(struct buf *path, struct buf *dir)
{
	const char *env = getenv("PATCHWAVE_HISTFILE"), *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (env != NULL) {
		if (*env == '\0' || strcmp(env, "-") == 0)
			return 1;
		buf_adds(path, env);
		return 0;
	}
	if (xdg && *xdg == '/')
		buf_printf(dir, "%s/patchwave", xdg);
	else if (home && *home == '/')
		buf_printf(dir, "%s/.local/state/patchwave", home);
	else
		return 1;
	buf_printf(path, "%s/history", dir->s);
	return 0;
}

/* The text of the file at path (its last HISTFILE_MAX bytes, from a line's
 * start), or NULL: missing, unreadable, or not a regular file of ours. */
static char *
histfile_read(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *text = NULL;
	size_t want, got = 0;
	off_t from;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid())
		goto out;
	from = st.st_size > HISTFILE_MAX ? st.st_size - HISTFILE_MAX : 0;
	want = (size_t)(st.st_size - from);
	text = xmalloc(want + 1);
	while (got < want) {
		ssize_t r = pread(fd, text + got, want - got, from + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	*len = got;
	if (from > 0) {		/* the first line is cut: drop it */
		char *nl = memchr(text, '\n', got);
		size_t skip = nl ? (size_t)(nl + 1 - text) : got;
		memmove(text, text + skip, got - skip);
		*len = got - skip;
	}
out:
	close(fd);
	return text;
}

/* Two sessions saving at once would each read the file, add their lines and
 * replace it: the second would drop the first's. A lock on a file beside it
 * (the history itself is replaced, so its own inode cannot be locked) makes
 * each read-add-replace whole. Best effort, as a shell's: a lock file that is
 * not a regular file of ours, or one held past LOCK_WAIT_MS, is done without.
 * The descriptor to close, or -1. */
#define LOCK_WAIT_MS	2000

static int
histfile_lock(const char *path)
{
	struct buf lp = { 0 };
	struct stat st;
	int fd;

	buf_printf(&lp, "%s.lock", path);
	fd = open(lp.s, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	buf_free(&lp);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		close(fd);
		return -1;
	}
	for (int ms = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; ms += 5) {
		struct timespec ts = { 0, 5 * 1000 * 1000 };

		if ((errno != EWOULDBLOCK && errno != EINTR) || ms >= LOCK_WAIT_MS) {
			close(fd);
			return -1;
		}
		nanosleep(&ts, NULL);
	}
	return fd;
}

void
histfile_load(struct history *h)
{
	struct buf path = { 0 }, dir = { 0 };
	size_t len = 0;
	char *text;

	if (histfile_path(&path, &dir) == 0 && (text = histfile_read(path.s, &len))) {
		history_load(h, text, len);
		free(text);
	}
	buf_free(&path);
	buf_free(&dir);
}

int
histfile_save(struct history *h, struct pw_error *err)
{
	struct buf path = { 0 }, dir = { 0 }, out = { 0 };
	struct history now = { 0 };
	size_t len = 0;
	char *text;
	int rc = 1, lock = -1;

	if (h->saved >= h->n || histfile_path(&path, &dir) != 0)
		goto out;
	if (dir.s && mkdir(dir.s, 0700) != 0 && errno == ENOENT) {
		/* ~/.local/state itself may be missing: make the path */
		for (char *p = dir.s + 1; *p; p++)
			if (*p == '/') {
				*p = '\0';
				(void)mkdir(dir.s, 0700);
				*p = '/';
			}
		(void)mkdir(dir.s, 0700);
	}
	lock = histfile_lock(path.s);
	if ((text = histfile_read(path.s, &len))) {
		history_load(&now, text, len);
		free(text);
	}
	for (size_t i = h->saved; i < h->n; i++)
		history_add(&now, h->v[i]);
	for (size_t i = 0; i < now.n; i++) {
		buf_adds(&out, now.v[i]);
		buf_adds(&out, "\n");
	}
	rc = outfile_write(path.s, out.s, out.len, 0600, err) == 0 ? 0 : -1;
	h->saved = h->n;	/* written, or given up on */
out:
	if (lock >= 0)
		close(lock);	/* after the rename: the next reads what we wrote */
	history_free(&now);
	buf_free(&path);
	buf_free(&dir);
	buf_free(&out);
	return rc;
}
