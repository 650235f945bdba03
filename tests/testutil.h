/* Helpers shared by the unit tests (header-only: each test is one program). */
#ifndef PW_TESTUTIL_H
#define PW_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/civil.h"
#include "../model/policy.h"

/* Seconds since the epoch of a civil time "YYYY-MM-DD[THH:MM[:SS]]" read
 * as UTC (test data are well-formed). */
static inline int64_t
utc_iso(const char *iso)
{
	struct civil c;
	int has;

	civil_parse(iso, &c, &has);
	return civil_to_seconds(&c);
}

/* A file's bytes, NUL-terminated (the caller frees them), or NULL when it
 * cannot be read. */
static inline char *
test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (cap - n < 65536) {
			cap = cap * 2 + 65537;
			if ((s = realloc(s, cap)) == NULL)
				abort();
		}
		n += got = fread(s + n, 1, cap - n - 1, f);
	} while (got > 0);
	fclose(f);
	s[n] = '\0';
	*len = n;
	return s;
}

/* Make a fresh temporary folder named after prefix into dir. */
static inline void
test_tmpdir(char *dir, size_t n, const char *prefix)
{
	snprintf(dir, n, "/tmp/%s-XXXXXX", prefix);
	if (mkdtemp(dir) == NULL)
		abort();
}

/* Remove it and everything in it; 0 on success. */
static inline int
test_rmdir(const char *dir)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

/* Append a window to p; the caller sets whatever else it needs. */
static inline struct pwindow *
test_add_window(struct policy *p, const char *name, const char *rrule,
    const char *zone, int start_minute, int duration_minutes)
{
	struct pwindow *w;

	p->windows = realloc(p->windows, (p->nwindows + 1) * sizeof *p->windows);
	w = &p->windows[p->nwindows++];
	memset(w, 0, sizeof *w);
	w->name = strdup(name);
	w->rrule = strdup(rrule);
	w->timezone = strdup(zone);
	w->start_minute = start_minute;
	w->duration_minutes = duration_minutes;
	return w;
}

/* An instant as "YYYY-MM-DDTHH:MM:SSZ" (a static buffer: one per call site). */
static inline const char *
test_utc(int64_t t)
{
	static char s[32];

	utc_format(t, s);
	return s;
}

#ifdef SQLITE_VERSION
/* The integer sql gives first, on a connection of its own to the database
 * at path (as the sqlite3 shell would read it); -1 when it gives none. */
static inline long long
test_db_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q = NULL;
	long long v = -1;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}
#endif

#endif
