/* The agenda of a stretch of time (see agenda.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/slots.h"
#include "../util/buf.h"
#include "agenda.h"

static void
add(struct agenda *a, int64_t s, int64_t e, enum agenda_kind k, char *label)
{
	a->v = xgrow(a->v, &a->cap, a->n, sizeof *a->v);
	a->v[a->n++] = (struct agenda_item){ s, e, e, k, label };
}

static int
item_cmp(const void *x, const void *y)
{
	const struct agenda_item *a = x, *b = y;

	if (a->start_utc != b->start_utc)
		return a->start_utc < b->start_utc ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->label, b->label);
}

void
agenda_keep_free(struct agenda_keep *k)
{
	for (size_t i = 0; i < k->ncals; i++)
		occ_list_free(&k->occ[i]);
	free(k->occ);
	memset(k, 0, sizeof *k);
}

/* Does k hold every occurrence of [from, to)? */
static int
holds(const struct agenda_keep *k, int64_t from, int64_t to)
{
	return k && k->kept && k->from_utc <= from && to <= k->to_utc;
}

void
agenda_keep_span(struct agenda_keep *k, const struct calendar *cals, size_t ncals,
    int64_t from, int64_t to)
{
	struct pw_diags warn = { 0 };
	int cut = 0;

	if (k->not_kept || (holds(k, from, to) && k->ncals == ncals))
		return;
	agenda_keep_free(k);
	k->occ = xcalloc(ncals ? ncals : 1, sizeof *k->occ);
	k->ncals = ncals;
	for (size_t i = 0; i < ncals; i++)
		if (cals[i].kind != CAL_WINDOW) {
			cal_expand(&cals[i], from, to, &k->occ[i], &warn);
			cut |= k->occ[i].ncuts > 0;
		}
	if (cut || warn.n > 0) {
		agenda_keep_free(k);
		k->not_kept = 1;
	} else {
		k->from_utc = from;
		k->to_utc = to;
		k->kept = 1;
	}
	pw_diags_free(&warn);
}

/* Calendar i's occurrences overlapping [from, to), appended to mine: sliced
 * from keep when it holds them, else expanded. */
static void
occurrences(const struct calendar *cals, size_t i, struct agenda_keep *keep,
    int64_t from, int64_t to, struct occ_list *mine, struct pw_diags *warn)
{
	if (holds(keep, from, to)) {
		const struct occ_list *all = &keep->occ[i];
		for (size_t j = 0; j < all->n; j++)
			if (all->v[j].end_utc > from && all->v[j].start_utc < to) {
				mine->v = xgrow(mine->v, &mine->cap, mine->n,
				    sizeof *mine->v);
				mine->v[mine->n++] = all->v[j];
			} else if (all->v[j].start_utc >= to)
				break;	/* sorted by start */
		return;
	}
	cal_expand(&cals[i], from, to, mine, warn);
}

void
agenda_build(struct agenda *a, const struct policy *pol, const int *lanes,
    const struct calendar *cals, size_t ncals, struct agenda_keep *keep,
    const struct agenda_wave *waves, size_t nwaves, int64_t from, int64_t to)
{
	struct slot_list sl = { 0 };
	const struct calendar **cp = xmalloc((ncals ? ncals : 1) * sizeof *cp);
	struct pw_diags warn = { 0 };

	for (size_t i = 0; i < ncals; i++)
		cp[i] = &cals[i];
	/* Slots start in [from, to); one that started the day before may still
	 * be on: look back a day. */
	if (pol)
		slots_build(pol, cp, ncals, from - 86400, to, &sl, &warn);
	for (size_t i = 0; i < sl.n; i++) {
		if (sl.v[i].end_utc <= from)
			continue;
		struct buf b = { 0 };
		buf_adds(&b, sl.v[i].name ? sl.v[i].name : "");
		/* A share's lanes: slots_build gives it one, the plan resolves
		 * it over the assets it admits (lanes). */
		int share = 0;
		for (size_t w = 0; lanes && !sl.v[i].from_calendar &&
		    w < pol->nwindows; w++)
			if (sl.v[i].admits == &pol->windows[w].select &&
			    pol->windows[w].concurrency_pct > 0) {
				buf_printf(&b, " (%d lane%s: %d%%", lanes[w],
				    lanes[w] == 1 ? "" : "s",
				    pol->windows[w].concurrency_pct);
				share = 1;
				break;
			}
		/* Its cutoff, a policy window's or a calendar event's (SSM's
		 * Cutoff): 16:00-19:00 with no start after 17:00 says so. */
		char cut[32];
		slot_cutoff_text(&sl.v[i], cut, sizeof cut);
		if (*cut)
			buf_printf(&b, "%s%s", share ? ", " : " (", cut);
		if (share || *cut)
			buf_addc(&b, ')');
		add(a, sl.v[i].start_utc, sl.v[i].end_utc, AG_WINDOW, buf_detach(&b));
		a->v[a->n - 1].last_start_utc = sl.v[i].last_start_utc;
	}
	slot_list_free(&sl);
	free(cp);
	if (keep && !holds(keep, from, to))
		agenda_keep_span(keep, cals, ncals, from - AGENDA_REACH, to + AGENDA_REACH);
	for (size_t i = 0; i < ncals; i++) {
		struct occ_list occ = { 0 };
		if (cals[i].kind == CAL_WINDOW)
			continue;
		occurrences(cals, i, keep, from, to, &occ, &warn);
		for (size_t j = 0; j < occ.n; j++) {
			struct buf b = { 0 };
			buf_printf(&b, "%s: %s", cals[i].name ? cals[i].name : "",
			    cals[i].events[occ.v[j].event].summary);
			add(a, occ.v[j].start_utc, occ.v[j].end_utc, cals[i].kind ==
			    CAL_PROVIDER ? AG_PROVIDER : AG_FREEZE, buf_detach(&b));
		}
		occ_list_free(&occ);
	}
	for (size_t i = 0; i < nwaves; i++) {
		const struct agenda_wave *w = &waves[i];
		if (w->end_utc <= from || w->start_utc >= to)
			continue;
		struct buf b = { 0 };
		buf_printf(&b, "wave %lld %s (%ld)", w->id, w->stage, w->nassets);
		add(a, w->start_utc, w->end_utc, AG_WAVE, buf_detach(&b));
	}
	pw_diags_free(&warn);
	if (a->n > 1)
		qsort(a->v, a->n, sizeof *a->v, item_cmp);
}

void
agenda_free(struct agenda *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].label);
	free(a->v);
	memset(a, 0, sizeof *a);
}

