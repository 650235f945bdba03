/* What the patch-reader tests share (header-only: each test is one program):
 * a reader run into a recording sink, and the real samples' bytes. Each
 * test file keeps its own put function: the line it writes a record as is
 * what its expectations compare. */
#ifndef PW_PATCH_READ_H
#define PW_PATCH_READ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../import/formats.h"
#include "../util/buf.h"
#include "testutil.h"

/* What a reader gave: the put function's lines, problems, notes, the file's
 * refusal and the reader's return. */
struct got {
	struct buf	 out;		/* first: the sink's arg points at it */
	struct buf	 clean;		/* the hosts said scanned clean, HOST:LINE */
	struct buf	 hosts;		/* each host's scan end said, "HOST ALT T
					   LINE", ALT "-" when none */
	int		 every_host;	/* the reader said it names every host */
	int64_t		 scanned;	/* the latest scan end it said (0: none) */
	struct pw_diags	 problems, notes;
	struct pw_error	 fatal;
	int		 rc;
};

static inline void
got_free(struct got *g)
{
	buf_free(&g->out);
	buf_free(&g->clean);
	buf_free(&g->hosts);
	pw_diags_free(&g->problems);
	pw_diags_free(&g->notes);
}

/* The sink's clean: a host the file scanned with nothing pending. */
static inline int
got_clean(struct patch_sink *sink, const char *host, const char *ip, long line)
{
	struct got *g = (struct got *)sink->arg;

	(void)ip;
	buf_printf(&g->clean, "%s:%ld\n", host, line);
	return 0;
}

/* The sink's host_scanned: when a host's own scan ended. */
static inline int
got_host_scanned(struct patch_sink *sink, const char *host, const char *alt,
    int64_t t, long line)
{
	struct got *g = (struct got *)sink->arg;

	buf_printf(&g->hosts, "%s %s %lld %ld\n", host, alt ? alt : "-",
	    (long long)t, line);
	return 0;
}

/* Read text[0..len) as the file "path" with the format called name of kind,
 * dates in order, times written with no zone read in zone (NULL: UTC), each
 * record to put (its arg: &g->out). 0, or -1 when there is no such format. */
static inline int
got_read_zone(struct got *g, enum import_kind kind, const char *name,
    const char *path, const char *text, size_t len, enum date_order order,
    const char *zone, int (*put)(struct patch_sink *, struct patch *))
{
	const struct import_format *f = import_format_find(kind, name);
	struct patch_sink sink = { .put = put, .arg = &g->out,
	    .notes = &g->notes, .date_order = order, .clean = got_clean,
	    .host_scanned = got_host_scanned, .zone = zone };

	memset(g, 0, sizeof *g);
	if (f == NULL)
		return -1;
	g->rc = f->read.patches(path, text, len, &sink, &g->problems,
	    &g->fatal);
	free(sink.host);	/* a one-host file's host (Azure's vmName) */
	g->every_host = sink.every_host;
	g->scanned = sink.scanned;
	return 0;
}

/* got_read_zone with no zone: times that name none are UTC. */
static inline int
got_read(struct got *g, enum import_kind kind, const char *name,
    const char *path, const char *text, size_t len, enum date_order order,
    int (*put)(struct patch_sink *, struct patch *))
{
	return got_read_zone(g, kind, name, path, text, len, order, NULL, put);
}

/* The real sample formats/rel of ../shared/fixtures/real (or of
 * $PW_FIXTURES), as test_slurp; NULL when absent (a clone without them:
 * the caller skips, saying so). */
static inline char *
test_sample(const char *rel, size_t *len)
{
	const char *root = getenv("PW_FIXTURES");
	struct buf path = { 0 };
	char *s;

	buf_printf(&path, "%s/formats/%s",
	    root ? root : "../shared/fixtures/real", rel);
	s = test_slurp(path.s, len);
	buf_free(&path);
	return s;
}

#endif
