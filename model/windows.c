/* Policy windows expanded through the same RRULE machinery as calendars. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "tz.h"
#include "windows.h"

static int
occ_cmp(const void *a, const void *b)
{
	const struct window_occ *x = a, *y = b;

	if (x->start_utc != y->start_utc)
		return x->start_utc < y->start_utc ? -1 : 1;
	return x->window < y->window ? -1 : x->window > y->window;
}

/* Window w's occurrences starting in [from, to), appended to out. */
static void
expand_window(const struct policy *p, size_t w, int64_t from, int64_t to,
    struct window_occ_list *out, struct pw_diags *warn)
{
	const struct pwindow *pw = &p->windows[w];
	struct calendar cal;
	struct occ_list occ = { 0 };
	struct cal_event *e;
	char start[32];
	icaltimezone *z = tz_builtin(pw->timezone);
	/* The offset moves occurrences: widen the search by it. */
	int64_t slack = (int64_t)(pw->offset_days < 0 ? -pw->offset_days :
	    pw->offset_days) * 86400 + 2 * 86400;

	if (z == NULL) {
		if (warn)
			pw_diags_add(warn, NULL, pw->line, "window %s: time zone '%s' "
			    "is unknown", pw->name, pw->timezone);
		return;
	}
	calendar_init(&cal);
	cal.name = xstrdup(pw->name);
	cal.float_tz = xstrdup(pw->timezone);
	e = calendar_add_event(&cal);
	snprintf(start, sizeof start, "%sT%02d%02d00", WINDOW_ANCHOR_DATE,
	    pw->start_minute / 60 % 24, pw->start_minute % 60);
	cal_set(&e->uid, pw->name);
	cal_set(&e->dtstart, start);
	cal_set(&e->rrules, pw->rrule);
	e->rule_only = 1;
	cal_expand(&cal, from - slack, to + slack, &occ, warn);
	for (size_t i = 0; i < occ.n; i++) {
		/* The local day the rule yielded, moved by the offset, at
		 * the window's start time. */
		struct civil local;
		tz_utc_to_local(z, occ.v[i].start_utc, &local);
		long d = days_from_civil(local.y, local.mo, local.d) +
		    pw->offset_days;
		civil_from_days(d, &local.y, &local.mo, &local.d);
		local.h = pw->start_minute / 60 % 24;
		local.mi = pw->start_minute % 60;
		local.s = 0;
		int64_t s = tz_local_to_utc(z, &local);
		if (s < from || s >= to)
			continue;
		out->v = xgrow(out->v, &out->cap, out->n, sizeof *out->v);
		out->v[out->n++] = (struct window_occ){ w, s,
		    s + (int64_t)pw->duration_minutes * 60,
		    tz_local_kind(z, &local) };
	}
	occ_list_free(&occ);
	calendar_free(&cal);
}

int
windows_expand(const struct policy *p, int64_t from, int64_t to,
    struct window_occ_list *out, struct pw_diags *warn)
{
	size_t base = out->n;

	for (size_t w = 0; w < p->nwindows; w++)
		expand_window(p, w, from, to, out, warn);
	if (out->n > base + 1)
		qsort(out->v + base, out->n - base, sizeof *out->v, occ_cmp);
	return 0;
}

int
window_first(const struct policy *p, size_t w, int64_t from, int64_t to,
    int64_t *start_utc)
{
	struct window_occ_list l = { 0 };
	int found = 0;

	expand_window(p, w, from, to, &l, NULL);
	for (size_t i = 0; i < l.n; i++)
		if (!found || l.v[i].start_utc < *start_utc) {
			*start_utc = l.v[i].start_utc;
			found = 1;
		}
	window_occ_list_free(&l);
	return found;
}

void
window_occ_list_free(struct window_occ_list *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}
