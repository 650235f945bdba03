/* Slots from policy windows and window calendars. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "slots.h"
#include "windows.h"

static void
add(struct slot_list *l, const struct slot *s)
{
	l->v = xgrow(l->v, &l->cap, l->n, sizeof *l->v);
	l->v[l->n++] = *s;
}

static int
slot_cmp(const void *x, const void *y)
{
	const struct slot *a = x, *b = y;

	if (a->start_utc != b->start_utc)
		return a->start_utc < b->start_utc ? -1 : 1;
	return strcmp(a->name, b->name);
}

int
slots_build(const struct policy *p, const struct calendar *const *cals, size_t ncals,
    int64_t from, int64_t to, struct slot_list *out, struct pw_diags *warn)
{
	struct window_occ_list wl = { 0 };

	windows_expand(p, from, to, &wl, warn);
	for (size_t i = 0; i < wl.n; i++) {
		const struct pwindow *w = &p->windows[wl.v[i].window];
		struct slot s = {
			.start_utc = wl.v[i].start_utc,
			.end_utc = wl.v[i].end_utc,
			.last_start_utc = wl.v[i].end_utc - (int64_t)w->cutoff_minutes * 60,
			.name = w->name,
			.reboot = w->reboot,
			.concurrency = w->concurrency > 0 && !w->concurrency_pct ?
			    w->concurrency : 1,
			.admits = &w->select,
			.local_start = wl.v[i].local_start,
		};
		add(out, &s);
	}
	window_occ_list_free(&wl);

	/* Scopes live in the list so the slots can point at them. */
	size_t nwin = 0;
	for (size_t c = 0; c < ncals; c++)
		nwin += cals[c]->kind == CAL_WINDOW;
	out->scopes = xcalloc(nwin ? nwin : 1, sizeof *out->scopes);
	for (size_t c = 0; c < ncals; c++) {
		const struct calendar *cal = cals[c];
		struct occ_list occ = { 0 };
		struct selector *scope = &out->scopes[out->nscopes++];
		struct pw_error e;

		if (cal->kind != CAL_WINDOW) {
			out->nscopes--;
			continue;
		}
		if (selector_from_json(scope, cal->scope_json, &e) != 0 && warn)
			pw_diags_add(warn, cal->path, 0, "calendar %s: %s", cal->name, e.msg);
		cal_expand(cal, from, to, &occ, warn);
		for (size_t i = 0; i < occ.n; i++) {
			if (occ.v[i].start_utc < from || occ.v[i].start_utc >= to)
				continue;	/* slots are counted by their start */
			struct slot s = {
				.start_utc = occ.v[i].start_utc,
				.end_utc = occ.v[i].end_utc,
				.last_start_utc = occ.v[i].end_utc -
				    (int64_t)cal->events[occ.v[i].event].cutoff_minutes * 60,
				.name = cal->name,
				.reboot = 1,
				.concurrency = CALENDAR_SLOT_CONCURRENCY,
				.admits = scope,
				.local_start = TZ_LOCAL_ONCE,
				.from_calendar = 1,
			};
			add(out, &s);
		}
		occ_list_free(&occ);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, slot_cmp);
	return 0;
}

void
slot_cutoff_text(const struct slot *s, char *out, size_t n)
{
	long m = (long)((s->end_utc - s->last_start_utc) / 60);

	if (m <= 0)
		snprintf(out, n, "%s", "");
	else if (m < 60 || m % 60 == 0)
		snprintf(out, n, "cutoff %ld%s", m < 60 ? m : m / 60, m < 60 ? "m" : "h");
	else
		snprintf(out, n, "cutoff %ldh%02ldm", m / 60, m % 60);
}

void
slot_list_free(struct slot_list *l)
{
	for (size_t i = 0; i < l->nscopes; i++)
		selector_free(&l->scopes[i]);
	free(l->scopes);
	free(l->v);
	memset(l, 0, sizeof *l);
}

void
slots_resolve_shares(struct slot_list *l, const struct policy *p,
    const struct asset *assets, size_t n)
{
	/* A policy window's slots point at its selector: that finds the
	 * window, and its lanes are counted once for all its occurrences. */
	for (size_t w = 0; w < p->nwindows; w++) {
		const struct pwindow *pw = &p->windows[w];
		size_t admitted = 0;
		if (pw->concurrency_pct <= 0)
			continue;
		for (size_t a = 0; a < n; a++)
			admitted += service_model_customer_owned(assets[a].service_model) &&
			    selector_match(&pw->select, &assets[a]);
		int lanes = slots_share_lanes(pw->concurrency_pct, admitted);
		for (size_t i = 0; i < l->n; i++)
			if (!l->v[i].from_calendar && l->v[i].admits == &pw->select)
				l->v[i].concurrency = lanes;
	}
}

int
slots_share_lanes(int pct, size_t admitted)
{
	size_t lanes = (admitted * (size_t)(pct > 0 ? pct : 0) + 99) / 100;

	return lanes < 1 ? 1 : lanes > 100000 ? 100000 : (int)lanes;
}

int
slot_admits(const struct slot *s, const struct asset *a)
{
	return s->admits == NULL || selector_match(s->admits, a);
}

long
slot_capacity_minutes(const struct slot *s)
{
	int64_t span = s->last_start_utc - s->start_utc;

	if (span <= 0)
		return 0;
	return (long)(span / 60) * s->concurrency;
}

int
asset_work_minutes(const struct asset *a, int needs_reboot)
{
	return a->patch_minutes + (needs_reboot ? a->reboot_minutes : 0);
}
