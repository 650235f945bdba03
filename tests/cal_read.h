/* What the provider-feed calendar reader tests share (header-only: each
 * test is one program): a reader run into a sink that keeps the calendar,
 * and a look for a diagnostic at its line. */
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

/* Read text as the calendar format called name (asset: --asset, or NULL)
 * at 2026-11-23, --skip-invalid. */
static inline void
got_read(struct got *g, const char *name, const char *text, const char *asset)
{
	const struct import_format *f = import_format_find(IMPORT_CALENDAR, name);
	struct cal_sink sink = { .put = got_put, .arg = g, .notes = &g->notes,
	    .now = 1795392000, .days = CAL_IMPORT_DAYS, .skip_invalid = 1,
	    .asset = asset };

	memset(g, 0, sizeof *g);
	calendar_init(&g->cal);
	if (f == NULL)
		abort();
	g->rc = f->read.calendar("e.json", text, strlen(text), &sink,
	    &g->problems, &g->fatal);
}

static inline void
got_free(struct got *g)
{
	calendar_free(&g->cal);
	pw_diags_free(&g->problems);
	pw_diags_free(&g->notes);
}

/* Is there a diagnostic at line saying what? */
static inline int
said(const struct pw_diags *d, long line, const char *what)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].line == line && strstr(d->v[i].msg, what))
			return 1;
	return 0;
}

#endif
