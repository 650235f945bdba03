/* What the provider-feed calendar reader tests share (header-only: each
 * test is one program): a reader run into a sink that keeps the calendar,
 * and a look for a diagnostic. Include after cmocka.h. */
#ifndef PW_CAL_READ_H
#define PW_CAL_READ_H

#include <string.h>

#include "../import/formats.h"

/* What the sink was handed. */
struct got {
	int		 puts;
	struct calendar	 cal;
	struct pw_diags	 problems, notes;
	struct pw_error	 fatal;
	int		 rc;
};

static inline int
got_put(struct cal_sink *s, struct calendar *cal)
{
	struct got *g = s->arg;

	g->puts++;
	g->cal = *cal;
	calendar_init(cal);
	return 0;
}

/* Read parts[0..n) (n 1: the one file alone, as the importer hands a
 * one-file format) as the calendar format called name, with --asset asset
 * (or NULL), at 2026-11-23 and with --skip-invalid: problems do not stop
 * the calendar. */
static inline void
got_read_parts(struct got *g, const char *name, const struct import_part *parts,
    size_t n, const char *asset)
{
	const struct import_format *f = import_format_find(IMPORT_CALENDAR,
	    name);
	struct cal_sink sink = { .put = got_put, .arg = g, .notes = &g->notes,
	    .now = 1795392000, .days = CAL_IMPORT_DAYS, .skip_invalid = 1,
	    .asset = asset, .parts = parts, .nparts = n };

	memset(g, 0, sizeof *g);
	calendar_init(&g->cal);
	assert_non_null(f);
	g->rc = f->read.calendar(parts[0].path, parts[0].data, parts[0].len,
	    &sink, &g->problems, &g->fatal);
}

/* The same of text alone, as the file e.json. */
static inline void
got_read(struct got *g, const char *name, const char *text,
    const char *asset)
{
	const struct import_part one = { "e.json", text, strlen(text) };

	got_read_parts(g, name, &one, 1, asset);
}

static inline void
got_free(struct got *g)
{
	calendar_free(&g->cal);
	pw_diags_free(&g->problems);
	pw_diags_free(&g->notes);
}

/* Is there a diagnostic at line (in file, when not NULL) saying what? */
static inline int
said_in(const struct pw_diags *d, const char *file, long line,
    const char *what)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].line == line && strstr(d->v[i].msg, what) &&
		    (file == NULL || strcmp(d->v[i].file, file) == 0))
			return 1;
	return 0;
}

static inline int
said(const struct pw_diags *d, long line, const char *what)
{
	return said_in(d, NULL, line, what);
}

#endif
