/*
 * plan_make: the greedy (planner.c), then a local search that repairs its
 * plan. The search's state is what the greedy is given: the order it takes
 * each stage's candidates in, the ones it leaves out ("held back") and per
 * stage an end no asset of it may pass. A move changes the state and runs
 * the greedy again; it is kept when the plan misses fewer deadlines (an
 * asset unplanned or planned late), then leaves fewer unplanned, then is
 * less late in all (score_lt). round_of_moves() tries them in a fixed order
 * and descend() repeats it until none helps; kicks() then leaves that local
 * optimum on purpose (a stage's latest enders held back, or its end pulled
 * in, and the next stage's end too) and descends again, keeping the best.
 * The search spends at most REPAIR_TESTS slot tests (planner_tests), so it
 * is deterministic whatever the machine, and a plan too big for a hundred
 * runs within it is the greedy's (docs/planner-design.md, "Repair").
 */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "planner_run.h"

#define REPAIR_TESTS	4000000UL
/* At most this many of a stage's latest-ending assets held back at once. */
#define REPAIR_HOLD	32
/* A search with fewer runs than this finds little: a plan whose greedy
 * takes more than REPAIR_TESTS / REPAIR_RUNS tests (a few thousand assets)
 * is the greedy's. */
#define REPAIR_RUNS	100UL

struct score {
	size_t	misses, unplaced;
	int64_t	late;		/* seconds past the deadlines, all late assets */
};

/* A state of the search: what the greedy is given, and the plan it made. */
struct state {
	struct cand	*order;		/* the candidates, stage by stage */
	unsigned char	*held;		/* per position: left out */
	int64_t		*cut;		/* per stage: its assets end by then */
	struct plan	 plan;
	struct score	 score;
};

struct search {
	struct planner	*pl;
	const struct plan_input *in;
	size_t		 nc;
	struct state	 cur;		/* the best since the last kick */
	struct cand	*try;		/* a state being tried */
	unsigned char	*tryheld;
	int64_t		*trycut;
	size_t		 ncut;		/* policy stages + 1 */
	unsigned long	 budget;	/* planner_tests() to stop at */
	unsigned long	 cost;		/* tests the last run took */
	long		*slot_of;	/* per asset in the best plan: slot or -1 */
	int64_t		*end_of;	/* and its end there */
	unsigned char	*miss;		/* per asset: unplanned or late */
	unsigned char	*hope;		/* per asset: some window could take it
					   by its deadline, were there room */
	unsigned	*seen, stamp;	/* per slot: tried in this move */
};

static struct score
score_of(const struct plan_input *in, const struct plan *p)
{
	struct score s = { p->nunplaced, p->nunplaced, 0 };

	for (size_t i = 0; i < p->n; i++) {
		if (!p->v[i].breach)
			continue;
		s.misses++;
		s.late += p->v[i].end_utc -
		    deadline_plan_due(&in->deadlines[p->v[i].asset]);
	}
	return s;
}

static int
score_lt(struct score a, struct score b)
{
	if (a.misses != b.misses)
		return a.misses < b.misses;
	if (a.unplaced != b.unplaced)
		return a.unplaced < b.unplaced;
	return a.late < b.late;
}

/* Where each asset went in the best plan. */
static void
index_best(struct search *s)
{
	for (size_t q = 0; q < s->nc; q++) {
		s->slot_of[s->cur.order[q].asset] = -1;
		s->miss[s->cur.order[q].asset] = 0;
	}
	for (size_t i = 0; i < s->cur.plan.n; i++) {
		s->slot_of[s->cur.plan.v[i].asset] = (long)s->cur.plan.v[i].slot;
		s->end_of[s->cur.plan.v[i].asset] = s->cur.plan.v[i].end_utc;
		s->miss[s->cur.plan.v[i].asset] = s->cur.plan.v[i].breach != 0;
	}
	for (size_t i = 0; i < s->cur.plan.nunplaced; i++)
		s->miss[s->cur.plan.unplaced[i]] = 1;
}

/* Run the tried order; keep it when it is better (or, forced, whatever it
 * is). 1 kept, 0 not, -1 cancelled or out of budget (the search ends). */
static int
run_try(struct search *s, int force)
{
	struct plan p;
	struct score sc;
	unsigned long before = planner_tests(s->pl);

	if (before + s->cost > s->budget)
		return -1;
	struct run_opts o = { .held = s->tryheld, .stage_end = s->trycut };

	if (planner_run(s->pl, s->try, s->nc, &o, &p) != 0)
		return -1;
	s->cost = planner_tests(s->pl) - before;
	sc = score_of(s->in, &p);
	if (!force && !score_lt(sc, s->cur.score)) {
		plan_free(&p);
		return 0;
	}
	plan_free(&s->cur.plan);
	s->cur.plan = p;
	s->cur.score = sc;
	memcpy(s->cur.order, s->try, s->nc * sizeof *s->cur.order);
	memcpy(s->cur.held, s->tryheld, s->nc);
	memcpy(s->cur.cut, s->trycut, s->ncut * sizeof *s->cur.cut);
	index_best(s);
	return 1;
}

static int
attempt(struct search *s)
{
	return run_try(s, 0);
}

/* To try: the best state, to change. */
static void
begin_try(struct search *s)
{
	memcpy(s->try, s->cur.order, s->nc * sizeof *s->try);
	memcpy(s->tryheld, s->cur.held, s->nc);
	memcpy(s->trycut, s->cur.cut, s->ncut * sizeof *s->cur.cut);
}

/* The tried order: the best with the candidate at from moved to position
 * to (both in one stage), its held flag with it. */
static void
moved(struct search *s, size_t from, size_t to)
{
	struct cand k = s->cur.order[from];
	unsigned char h = s->cur.held[from];

	begin_try(s);
	if (to < from) {
		memmove(&s->try[to + 1], &s->try[to], (from - to) * sizeof *s->try);
		memmove(&s->tryheld[to + 1], &s->tryheld[to], from - to);
	} else if (to > from) {
		memmove(&s->try[from], &s->try[from + 1], (to - from) * sizeof *s->try);
		memmove(&s->tryheld[from], &s->tryheld[from + 1], to - from);
	}
	s->try[to] = k;
	s->tryheld[to] = h;
}

/* The first and one past the last position of q's stage. */
static void
stage_range(const struct search *s, size_t q, size_t *lo, size_t *hi)
{
	size_t a = q, b = q + 1;

	while (a > 0 && s->cur.order[a - 1].stage == s->cur.order[q].stage)
		a--;
	while (b < s->nc && s->cur.order[b].stage == s->cur.order[q].stage)
		b++;
	*lo = a;
	*hi = b;
}

static int
pinned(const struct search *s, size_t q)
{
	const long *p = s->in->pinned;

	return p && p[s->cur.order[q].asset] >= 0 &&
	    (size_t)p[s->cur.order[q].asset] < s->in->nslots;
}

/* Could k make its deadline in slot sl, were there room? */
static int
could_use(const struct plan_input *in, const struct cand *k, const struct slot *sl)
{
	return slot_admits(sl, &in->assets[k->asset]) && (!k->reboot || sl->reboot) &&
	    sl->start_utc >= k->release && sl->end_utc <= k->due;
}

/* The placed, unpinned, not held positions of [lo, hi) into v, the
 * latest-ending first; how many. */
static size_t
latest_placed(const struct search *s, size_t lo, size_t hi, size_t *v)
{
	size_t n = 0;

	for (size_t q = lo; q < hi; q++)
		if (!s->cur.held[q] && !pinned(s, q) && s->slot_of[s->cur.order[q].asset] >= 0)
			v[n++] = q;
	for (size_t i = 1; i < n; i++) {	/* a stage's few: insertion */
		size_t x = v[i], j = i;
		for (; j > 0 && s->end_of[s->cur.order[v[j - 1]].asset] <
		    s->end_of[s->cur.order[x].asset]; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	return n;
}

/* The best order with the first m of v held back too, to try. */
static void
holding(struct search *s, const size_t *v, size_t m)
{
	begin_try(s);
	for (size_t i = 0; i < m; i++)
		s->tryheld[v[i]] = 1;
}

/* Hold back the m latest-ending assets of positions [lo, hi), for m from 1
 * up: one alone may not move the stage's end, the next stage's gate. 1
 * kept, 0 none better, -1 end. */
static int
hold_latest(struct search *s, size_t lo, size_t hi)
{
	size_t *v = xmalloc((hi - lo) * sizeof *v), n = latest_placed(s, lo, hi, v);
	int r = 0;

	for (size_t m = 1; m <= n && m <= REPAIR_HOLD && r == 0; m++) {
		holding(s, v, m);
		r = attempt(s);
	}
	free(v);
	return r;
}

/* A held-back asset (position q) back in: at the end of its stage; ahead
 * of the first asset of a window that admits it (at the end it may end the
 * stage later); or in exchange for a late asset of its stage held back
 * instead (the late one's lane may be what it needs). 1 kept, 0 none
 * better, -1 end. */
static int
let_back_in(struct search *s, size_t q)
{
	const struct cand *k = &s->cur.order[q];
	size_t lo, hi;
	int r;

	stage_range(s, q, &lo, &hi);
	moved(s, q, hi - 1);
	s->tryheld[hi - 1] = 0;
	if ((r = attempt(s)) != 0)
		return r;
	s->stamp++;
	for (size_t p = lo; p < hi; p++) {
		long sl = s->slot_of[s->cur.order[p].asset];
		if (p == q || sl < 0 || s->seen[sl] == s->stamp ||
		    !slot_admits(&s->in->slots[sl], &s->in->assets[k->asset]))
			continue;
		s->seen[sl] = s->stamp;
		moved(s, q, p < q ? p : p - 1);
		s->tryheld[p < q ? p : p - 1] = 0;
		if ((r = attempt(s)) != 0)
			return r;
	}
	for (size_t p = lo; p < hi; p++) {
		if (s->cur.held[p] || pinned(s, p) || !s->miss[s->cur.order[p].asset] ||
		    s->slot_of[s->cur.order[p].asset] < 0)
			continue;
		begin_try(s);
		s->tryheld[q] = 0;
		s->tryheld[p] = 1;
		if ((r = attempt(s)) != 0)
			return r;
	}
	return 0;
}

/* One round of moves: 1 when one was kept, 0 when none helps, -1 when the
 * search must end. */
static int
round_of_moves(struct search *s, int keep)
{
	size_t lo, hi;
	int r;

	for (size_t k = 0; k < s->ncut && !keep; k++) {
		if (s->cur.cut[k] == INT64_MAX)
			continue;
		begin_try(s);
		s->trycut[k] = INT64_MAX;
		if ((r = attempt(s)) != 0)
			return r;
	}
	for (size_t q = 0; q < s->nc && !keep; q++)
		if (s->cur.held[q] && (r = let_back_in(s, q)) != 0)
			return r;
	for (size_t q = 0; q < s->nc; q++) {
		const struct cand *k = &s->cur.order[q];
		if (s->cur.held[q] || !s->miss[k->asset] || pinned(s, q))
			continue;
		stage_range(s, q, &lo, &hi);
		if (!s->hope[k->asset])
			goto hold;
		/* Ahead of the first asset of each window it could make it in. */
		s->stamp++;
		for (size_t p = lo; p < q; p++) {
			long sl = s->slot_of[s->cur.order[p].asset];
			if (sl < 0 || s->seen[sl] == s->stamp || !could_use(s->in, k,
			    &s->in->slots[sl]))
				continue;
			s->seen[sl] = s->stamp;
			moved(s, q, p);
			if ((r = attempt(s)) != 0)
				return r;
		}
		if (q > lo) {
			moved(s, q, lo);
			if ((r = attempt(s)) != 0)
				return r;
		}
hold:
		if (s->slot_of[k->asset] >= 0) {
			moved(s, q, q);
			s->tryheld[q] = 1;
			if ((r = attempt(s)) != 0)
				return r;
		}
	}
	/* Hold back a stage's late assets together, the latest-ending first:
	 * one alone may not move the stage's end, the next stage's gate. */
	for (size_t q = 0; q < s->nc; q = hi) {
		stage_range(s, q, &lo, &hi);
		if ((r = hold_latest(s, lo, hi)) != 0)
			return r;
	}
	for (size_t q = 0; q < s->nc; q = hi) {
		stage_range(s, q, &lo, &hi);
		size_t at = SIZE_MAX;
		int64_t end = INT64_MIN;
		for (size_t i = 0; i < s->cur.plan.n; i++) {
			const struct placement *v = &s->cur.plan.v[i];
			if (v->stage == s->cur.order[q].stage && !v->pinned &&
			    v->end_utc > end)
				end = v->end_utc, at = v->asset;
		}
		for (size_t p = lo + 1; at != SIZE_MAX && p < hi; p++)
			if (s->cur.order[p].asset == at) {
				moved(s, p, lo);
				if ((r = attempt(s)) != 0)
					return r;
				break;
			}
	}
	return 0;
}

/* Moves until none helps: 0, or -1 when the search must end. */
static int
descend(struct search *s, int keep)
{
	int r = 0;

	while (s->cur.score.misses > 0 && (r = round_of_moves(s, keep)) > 0)
		;
	return r < 0 ? -1 : 0;
}


static void
plan_copy(struct plan *to, const struct plan *from)
{
	plan_free(to);
	to->n = to->cap = from->n;
	to->v = xmalloc((from->n ? from->n : 1) * sizeof *to->v);
	if (from->n)
		memcpy(to->v, from->v, from->n * sizeof *to->v);
	to->nunplaced = to->capunplaced = from->nunplaced;
	to->unplaced = xmalloc((from->nunplaced ? from->nunplaced : 1) *
	    sizeof *to->unplaced);
	if (from->nunplaced)
		memcpy(to->unplaced, from->unplaced, from->nunplaced * sizeof *to->unplaced);
}

/* to = from (both of s's sizes). */
static void
state_copy(const struct search *s, struct state *to, const struct state *from)
{
	memcpy(to->order, from->order, s->nc * sizeof *to->order);
	memcpy(to->held, from->held, s->nc);
	memcpy(to->cut, from->cut, s->ncut * sizeof *to->cut);
	plan_copy(&to->plan, &from->plan);
	to->score = from->score;
}

static void
save(struct state *g, const struct search *s)
{
	state_copy(s, g, &s->cur);
}

static void
restore(struct search *s, const struct state *g)
{
	state_copy(s, &s->cur, g);
	index_best(s);
}

static void
saved_init(struct state *g, const struct search *s)
{
	g->order = xmalloc((s->nc ? s->nc : 1) * sizeof *g->order);
	g->held = xmalloc(s->nc ? s->nc : 1);
	g->cut = xmalloc(s->ncut * sizeof *g->cut);
	memset(&g->plan, 0, sizeof g->plan);
	save(g, s);
}

static void
saved_free(struct state *g)
{
	free(g->order);
	free(g->held);
	free(g->cut);
	plan_free(&g->plan);
}

/* The ends of the windows the positions v[0..n) are placed in, distinct,
 * latest first, into e; how many. */
static size_t
window_ends(const struct search *s, const size_t *v, size_t n, int64_t *e)
{
	size_t ne = 0;

	for (size_t i = 0; i < n; i++) {
		int64_t x = s->in->slots[s->slot_of[s->cur.order[v[i]].asset]].end_utc;
		size_t j = ne;
		int dup = 0;
		for (size_t k = 0; k < ne; k++)
			dup |= e[k] == x;
		if (dup)
			continue;
		for (; j > 0 && e[j - 1] < x; j--)
			e[j] = e[j - 1];
		e[j] = x;
		ne++;
	}
	return ne;
}

/* Kicks on the stages from position q0 on, each from base, descending after
 * each: 1 when one ends better than *g (then saved there), 0 when none
 * does, -1 when the search must end. Kick m of a stage: its m
 * latest-ending assets held back; kick n + m: the stage ends by the end of
 * its (m+1)th latest. After a stage's end is kicked, the later stages' ends
 * too (depth 1): a stage that ends earlier helps only when the next, opened
 * earlier, can end earlier as well. */
static int
try_kicks(struct search *s, const struct state *base, struct state *g, size_t q0,
    int depth)
{
	size_t *v = xmalloc((s->nc ? s->nc : 1) * sizeof *v), lo, hi;
	int64_t *e = xmalloc((s->nc ? s->nc : 1) * sizeof *e);
	int r = 0;

	for (size_t q = q0; q < s->nc && r == 0; q = hi) {
		stage_range(s, q, &lo, &hi);
		size_t n = latest_placed(s, lo, hi, v), ne = window_ends(s, v, n, e);
		for (size_t m = depth ? n + 1 : 1; m < n + ne && r == 0; m++) {
			if (m > REPAIR_HOLD && m <= n)
				continue;
			if (m <= n)
				holding(s, v, m);
			else {
				begin_try(s);
				s->trycut[s->cur.order[lo].stage] = e[m - n];
			}
			if (run_try(s, 1) < 0 || descend(s, 1) < 0)
				r = -1;
			if (score_lt(s->cur.score, g->score)) {
				save(g, s);
				r = r ? r : 1;
			} else if (r == 0 && m > n && depth == 0 && hi < s->nc) {
				struct state here;
				saved_init(&here, s);
				r = try_kicks(s, &here, g, hi, 1);
				saved_free(&here);
			}
			restore(s, base);
			n = latest_placed(s, lo, hi, v);
			ne = window_ends(s, v, n, e);
		}
	}
	free(v);
	free(e);
	return r;
}

/* Past the first local optimum: kicks (try_kicks) from the best, until none
 * finds better. A stage's end moves only when all its late enders go at
 * once, and what the next stages gain shows only once they are repaired
 * too. */
static void
kicks(struct search *s)
{
	struct state g;

	saved_init(&g, s);
	while (g.score.misses > 0 && try_kicks(s, &g, &g, 0, 0) > 0) {
		restore(s, &g);
		if (descend(s, 0) < 0)
			break;
		save(&g, s);
	}
	restore(s, &g);
	saved_free(&g);
}

/* The greedy's plan in *out and its order in order (two passes: the first
 * pass's assets, then those it deferred, per stage; or deadline order). */
static int
greedy(const struct plan_input *in, struct planner *pl, struct cand *order,
    size_t nc, struct plan *out)
{
	size_t *late = xcalloc(nc ? nc : 1, sizeof *late);
	struct cand *t = xmalloc((nc ? nc : 1) * sizeof *t);
	struct plan edf;
	int redo = 0, r;

	memcpy(t, order, nc * sizeof *t);
	struct run_opts two = { .mh = 1, .late = late, .redo = &redo }, one = { 0 };

	if ((r = planner_run(pl, t, nc, &two, out)) != 0)
		goto done;
	/* The order it took: per stage, those not deferred, then the rest. */
	for (size_t i = 0, w = 0; i < nc;) {
		size_t j = i;
		while (j < nc && t[j].stage == t[i].stage)
			j++;
		for (int pass = 0; pass < 2; pass++)
			for (size_t q = i; q < j; q++)
				if ((late[q] != 0) == pass)
					order[w++] = t[q];
		i = j;
	}
	/* When the two passes may have cost an asset its window, deadline
	 * order alone too, and the better: fewer unplaced, then fewer late. */
	if (redo) {
		if ((r = planner_run(pl, t, nc, &one, &edf)) != 0) {
			plan_free(out);
			goto done;
		}
		struct score a = score_of(in, &edf), b = score_of(in, out);
		if (a.unplaced < b.unplaced || (a.unplaced == b.unplaced &&
		    a.misses - a.unplaced < b.misses - b.unplaced)) {
			plan_free(out);
			*out = edf;
			memcpy(order, t, nc * sizeof *order);
		} else
			plan_free(&edf);
	}
done:
	free(late);
	free(t);
	return r;
}

int
plan_make(const struct plan_input *in, struct plan *out)
{
	/* The planner reads q: no progress or explaining while searching. */
	struct plan_input q = *in;
	struct search s = { 0 };
	struct cand *cands;
	int r;

	q.explain = NULL;
	q.explain_cluster = NULL;
	q.progress = NULL;
	s.pl = planner_new(&q);
	s.in = &q;
	s.nc = planner_cands(s.pl, &cands);
	s.cur.order = cands;
	s.cur.held = xcalloc(s.nc ? s.nc : 1, 1);
	q.progress = in->progress;
	if ((r = greedy(&q, s.pl, s.cur.order, s.nc, &s.cur.plan)) != 0)
		goto done;
	q.progress = NULL;
	s.try = xmalloc((s.nc ? s.nc : 1) * sizeof *s.try);
	s.tryheld = xmalloc(s.nc ? s.nc : 1);
	s.ncut = in->policy->nstages + 1;
	s.cur.cut = xmalloc(s.ncut * sizeof *s.cur.cut);
	s.trycut = xmalloc(s.ncut * sizeof *s.trycut);
	for (size_t i = 0; i < s.ncut; i++)
		s.cur.cut[i] = INT64_MAX;
	s.slot_of = xmalloc((in->nassets ? in->nassets : 1) * sizeof *s.slot_of);
	s.end_of = xmalloc((in->nassets ? in->nassets : 1) * sizeof *s.end_of);
	s.miss = xmalloc(in->nassets ? in->nassets : 1);
	s.hope = xcalloc(in->nassets ? in->nassets : 1, 1);
	s.seen = xcalloc(in->nslots ? in->nslots : 1, sizeof *s.seen);
	s.cur.score = score_of(&q, &s.cur.plan);
	s.cost = planner_tests(s.pl);
	s.budget = REPAIR_TESTS;
	index_best(&s);
	if (s.cost <= REPAIR_TESTS / REPAIR_RUNS) {
		/* Which assets a window could take in time: the search's alone
		 * (a plan too big for it skips every asset's walk of the slots,
		 * most of them to the last for an asset already late). */
		for (size_t i = 0; i < s.nc; i++)
			for (size_t k = 0; k < in->nslots && !s.hope[s.cur.order[i].asset];
			    k++)
				s.hope[s.cur.order[i].asset] = in->slots[k].start_utc >=
				    in->now_utc && could_use(in, &s.cur.order[i],
				    &in->slots[k]);
		if (descend(&s, 0) == 0)
			kicks(&s);
	}
	r = 0;
	if (in->cancel && *in->cancel) {
		r = -1;
		plan_free(&s.cur.plan);
		goto done;
	}
	if (in->explain) {	/* the kept order again, saying why */
		plan_free(&s.cur.plan);
		q.explain = in->explain;
		q.explain_cluster = in->explain_cluster;
		struct run_opts o = { .held = s.cur.held, .stage_end = s.cur.cut };
		r = planner_run(s.pl, s.cur.order, s.nc, &o, &s.cur.plan);
	}
	if (r == 0) {	/* the unplanned the search left out */
		unsigned char *out_of = xcalloc(in->nassets ? in->nassets : 1, 1);
		for (size_t i = 0; i < s.cur.plan.nunplaced; i++)
			out_of[s.cur.plan.unplaced[i]] = 1;
		for (size_t k = 0; k < s.nc; k++)
			s.cur.plan.nheld += s.cur.held[k] && out_of[s.cur.order[k].asset];
		free(out_of);
	}
done:
	*out = s.cur.plan;
	planner_free(s.pl);
	free(s.cur.order);
	free(s.cur.held);
	free(s.try);
	free(s.tryheld);
	free(s.cur.cut);
	free(s.trycut);
	free(s.slot_of);
	free(s.end_of);
	free(s.miss);
	free(s.hope);
	free(s.seen);
	return r;
}
