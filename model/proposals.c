/* Proposals: where else a conflict's assets could go. Windows are screened at
 * a glance, then each candidate is tried for real: the plan remade with the
 * assets pinned there, and checked. */
#include <stdlib.h>
#include <string.h>

#include "conflicts.h"

/* Errors in a trial plan: those touching the moved assets (their deadline
 * breaches apart) and the rest. */
struct tally {
	size_t	mine, mine_late, others;
};

static void
trial(const struct plan_input *in, long *pin, const unsigned char *moved,
    struct tally *tl)
{
	struct plan_input t = *in;
	struct conflict_list cl = { 0 };
	struct plan p;

	t.pinned = pin;
	t.explain = NULL;
	memset(tl, 0, sizeof *tl);
	if (plan_make(&t, &p) != 0) {		/* cancelled: it proves nothing */
		tl->mine = (size_t)-1;
		return;
	}
	conflicts_check(&t, &p, &cl);
	for (size_t i = 0; i < cl.n; i++) {
		const struct conflict *k = &cl.v[i];
		int touches = 0;
		if (!k->error)
			continue;
		for (size_t j = 0; j < k->nassets && !touches; j++)
			touches = moved[k->assets[j]];
		if (touches && k->code == C_SLA_BREACH)
			tl->mine_late++;
		else if (touches)
			tl->mine++;
		else
			tl->others++;
	}
	conflict_list_free(&cl);
	plan_free(&p);
}

struct near {
	size_t	slot;
	int64_t	dist;
};

static int
near_cmp(const void *x, const void *y)
{
	const struct near *a = x, *b = y;

	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	return a->slot < b->slot ? -1 : a->slot > b->slot;
}

/* What a window must be to take a whole wave, tested without a trial. */
struct quick {
	const struct plan_input	*in;
	const unsigned char	*moved;
	unsigned char		*cache;		/* plan_scope_match's */
	size_t			**lists, *counts;	/* plan_slot_blocks' */
	long			 work;		/* the wave's minutes */
};

static int
might_fit(struct quick *q, size_t s)
{
	const struct plan_input *in = q->in;
	const struct slot *sl = &in->slots[s];

	if (q->work > slot_capacity_minutes(sl))
		return 0;
	for (size_t a = 0; a < in->nassets; a++) {
		if (!q->moved[a])
			continue;
		if (!slot_admits(sl, &in->assets[a]) || (in->deadlines[a].reboot &&
		    !sl->reboot) || sl->start_utc < in->deadlines[a].release_utc)
			return 0;
	}
	for (size_t b = 0; b < in->nblocks; b++) {
		const struct interval *x = &in->blocks[b];
		int64_t xe = x->end > x->start ? x->end : x->start + 1;
		if (x->start < sl->end_utc && sl->start_utc < xe &&
		    (x->tag == PLAN_EVERY_ASSET || q->moved[x->tag]) &&
		    !(x->group == PLAN_BLOCK_PROVIDER &&
		    plan_block_inside(x, sl->start_utc, sl->end_utc)))
			return 0;
	}
	for (size_t k = 0; q->lists && k < q->counts[s]; k++) {
		size_t scope = in->sblocks[q->lists[s][k]].tag;
		for (size_t a = 0; a < in->nassets; a++)
			if (q->moved[a] && plan_scope_match(in, q->cache, a, scope))
				return 0;
	}
	return 1;
}

size_t
conflicts_proposals(const struct plan_input *in, const struct plan *p,
    const size_t *assets, size_t nassets, size_t *slots, size_t max, size_t tries)
{
	size_t found = 0, here = SIZE_MAX;
	struct tally base, t;

	if (max == 0 || in->nassets == 0)
		return 0;
	long *pin = xmalloc(in->nassets * sizeof *pin);
	unsigned char *moved = xcalloc(in->nassets, 1);
	for (size_t a = 0; a < in->nassets; a++)
		pin[a] = -1;
	for (size_t i = 0; i < nassets; i++)
		if (assets[i] < in->nassets)
			moved[assets[i]] = 2;	/* asked for; 1 once found placed */
	for (size_t q = 0; q < p->n; q++) {
		pin[p->v[q].asset] = (long)p->v[q].slot;
		if (moved[p->v[q].asset] == 2) {
			moved[p->v[q].asset] = 1;
			if (here == SIZE_MAX)
				here = p->v[q].slot;
		}
	}
	for (size_t a = 0; a < in->nassets; a++)
		if (moved[a] == 2)
			moved[a] = 0;	/* not placed: nothing to move */
	if (here == SIZE_MAX) {
		free(moved);
		free(pin);
		return 0;
	}
	/* What the others suffer as things stand: a move must not add to it. */
	trial(in, pin, moved, &base);

	struct near *cand = xmalloc((in->nslots ? in->nslots : 1) * sizeof *cand);
	size_t nc = 0;
	for (size_t s = 0; s < in->nslots; s++) {
		const struct slot *sl = &in->slots[s];
		if (s == here || sl->start_utc < in->now_utc)
			continue;
		int64_t d = sl->start_utc - in->slots[here].start_utc;
		cand[nc++] = (struct near){ s, d < 0 ? -d : d };
	}
	qsort(cand, nc, sizeof *cand, near_cmp);
	/* Cheap tests first, so that only windows that might do cost a trial. */
	struct quick q = { in, moved, NULL, NULL, NULL, 0 };
	q.cache = xcalloc(in->nassets * in->nscopes + 1, 1);
	if (in->nsblocks)
		plan_slot_blocks(in, &q.lists, &q.counts);
	for (size_t a = 0; a < in->nassets; a++)
		if (moved[a])
			q.work += plan_work_minutes(&in->assets[a], &in->deadlines[a]);
	for (size_t i = 0, tried = 0; i < nc && tried < tries && found < max; i++) {
		if (in->cancel && *in->cancel)
			break;
		if (!might_fit(&q, cand[i].slot))
			continue;
		tried++;
		for (size_t a = 0; a < in->nassets; a++)
			if (moved[a])
				pin[a] = (long)cand[i].slot;
		trial(in, pin, moved, &t);
		if (t.mine == 0 && t.mine_late <= base.mine_late && t.others <= base.others)
			slots[found++] = cand[i].slot;
	}
	for (size_t k = 0; q.lists && k < in->nslots; k++)
		free(q.lists[k]);
	free(q.lists);
	free(q.counts);
	free(q.cache);
	free(cand);
	free(moved);
	free(pin);
	return found;
}

/* When a movable event of length len may start in window occurrence s:
 * after the work we planned there ends (done, our last end in it: the
 * provider's restart then finds the patched machine, and never stops one
 * mid-patch), else at its start; not before now nor past latest, and ending
 * by the window's end. 0 with *at, -1 none. */
static int
fits_after_ours(const struct plan_input *in, const int64_t *done, size_t s,
    int64_t len, int64_t latest, int64_t *at)
{
	const struct slot *sl = &in->slots[s];
	int64_t t = done[s] > sl->start_utc ? done[s] : sl->start_utc;

	if (t < in->now_utc || t > latest || t + len > sl->end_utc)
		return -1;
	*at = t;
	return 0;
}

/* Where a provider's movable event (length len) on one asset could go:
 * wholly inside the window occurrence the asset is planned in, after our
 * work there (fits_after_ours), when the provider allows that late a start
 * (the provider's restart and ours are one window's downtime:
 * plan_block_inside); else wholly inside the window admitting the asset
 * that starts nearest before that latest start, after any work of ours in
 * it. 0 with *slot and *at set, -1 none. */
static int
move_target(const struct plan_input *in, const struct placement *pl,
    const int64_t *done, size_t a, int64_t len, int64_t latest, size_t *slot,
    int64_t *at)
{
	if (fits_after_ours(in, done, pl->slot, len, latest, at) == 0) {
		*slot = pl->slot;
		return 0;
	}
	for (size_t s = in->nslots; s-- > 0;) {
		if (!slot_admits(&in->slots[s], &in->assets[a]) ||
		    fits_after_ours(in, done, s, len, latest, at) != 0)
			continue;
		*slot = s;
		return 0;
	}
	return -1;
}

/* Movable blocks in (asset, start, index) order, for a conflict's own to be
 * found by a binary search, not a walk of every block per conflict. */
static int
movable_cmp(const void *x, const void *y, void *arg)
{
	const struct interval *v = arg, *a = &v[*(const size_t *)x],
	    *b = &v[*(const size_t *)y];

	if (a->tag != b->tag)
		return a->tag < b->tag ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (*(const size_t *)x > *(const size_t *)y) -
	    (*(const size_t *)x < *(const size_t *)y);
}

size_t
conflicts_provider_moves(const struct plan_input *in, const struct plan *p,
    const struct conflict_list *cl, struct provider_move **out)
{
	struct provider_move *v = NULL;
	size_t n = 0, cap = 0, *placed, *mv, nmv = 0;
	int64_t *done;	/* per window occurrence: the end of our work in it */

	*out = NULL;
	if (in->block_latest == NULL || in->nassets == 0)
		return 0;
	placed = xmalloc(in->nassets * sizeof *placed);
	done = xcalloc(in->nslots ? in->nslots : 1, sizeof *done);
	for (size_t a = 0; a < in->nassets; a++)
		placed[a] = SIZE_MAX;
	for (size_t q = 0; q < p->n; q++) {
		placed[p->v[q].asset] = q;
		if (p->v[q].end_utc > done[p->v[q].slot])
			done[p->v[q].slot] = p->v[q].end_utc;
	}
	mv = xmalloc((in->nblocks ? in->nblocks : 1) * sizeof *mv);
	for (size_t b = 0; b < in->nblocks; b++)
		if (in->block_latest[b] != 0 && in->blocks[b].tag < in->nassets &&
		    placed[in->blocks[b].tag] != SIZE_MAX)
			mv[nmv++] = b;
	qsort_r(mv, nmv, sizeof *mv, movable_cmp, (void *)in->blocks);
	for (size_t i = 0; i < cl->n; i++) {
		const struct conflict *k = &cl->v[i];
		if (k->code != C_PROVIDER_OVERLAP || !k->error || k->wave == SIZE_MAX)
			continue;
		/* The conflict names its event by label and start; the blocks of
		 * that occurrence on its assets are the ones that may move. */
		for (size_t j = 0; j < k->nassets; j++) {
			size_t a = k->assets[j], lo = 0, hi = nmv;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				const struct interval *x = &in->blocks[mv[mid]];
				if (x->tag < a || (x->tag == a && x->start < k->at))
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < nmv; lo++) {
				size_t b = mv[lo];
				const struct interval *x = &in->blocks[b];
				struct provider_move m = { .conflict = i, .asset = a,
				    .block = b };
				if (x->tag != a || x->start != k->at)
					break;
				if ((in->block_labels && k->other &&
				    strcmp(in->block_labels[b], k->other) != 0) ||
				    move_target(in, &p->v[placed[a]], done, a, x->end -
				    x->start, in->block_latest[b], &m.slot, &m.at) != 0)
					continue;
				v = xgrow(v, &cap, n, sizeof *v);
				v[n++] = m;
			}
		}
	}
	free(mv);
	free(placed);
	free(done);
	*out = v;
	return n;
}
