/*
 * The planner. Candidates (customer-owned assets with pending patches or a
 * pending reboot, deadline_wanted) go in
 * stage order, then earliest deadline, then key; each takes the earliest slot
 * that starts after its stage's gate (the previous stages' last end, or the
 * end at a stage's gate share, plus their soak) and that admits it, allows
 * its reboot, has a lane free to start it by
 * the slot's cutoff and finish it by the slot's end, does not overlap its blocks (provider
 * maintenance in its scope, freezes) anywhere in the window, and keeps its cluster within max_down
 * (a member is down from its start to its end plus the policy's cluster_gap,
 * and during its provider maintenance: members roll through one window one
 * after another), and starts no earlier than the release day of the last of its
 * pending patches. Pinned assets are placed first, where they are pinned.
 * Within a stage, two passes (Moore-Hodgson style): first the assets whose
 * earliest fitting slot ends by their deadline, then the rest (run with
 * mh; repair.c makes deadline order alone too where that may have cost an
 * asset its window, docs/planner-design.md, "Order within a stage"). A run
 * takes the candidates in any order it is given, leaves out those it is
 * told to hold back, and ends a stage by a time it is given: the repair's
 * search (repair.c) is made of such runs.
 */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "conflict_codes.h"
#include "planner_run.h"

struct ctx {
	const struct plan_input	*in;
	int64_t		**lanes;	/* per slot, lazily: a min-heap of when each
					   lane is next free (root: the first) */
	struct interval	*blocks;	/* sorted by tag, then start */
	size_t		 nblocks;
	struct plan_clusters cl;
	struct cluster_down {
		struct interval	*v;	/* .tag: the member asset */
		size_t		 n, cap;
	} *down;			/* per id */
	struct plan	*plan;
	size_t		**slot_blocks;	/* per slot: calendar-wide blocks touching it */
	size_t		*nslot_blocks;
	size_t		**slot_scopes;	/* per slot: the position in slot_blocks
					   of each scope's first block, in order */
	size_t		*nslot_scopes;
	struct scope_down {
		struct interval	*v;	/* the scope's provider blocks touching
					   the slot, overlapping ones joined */
		size_t		 n, raw;	/* raw: the blocks before joining */
	}		**slot_down;	/* per slot, per slot_scopes entry */
	unsigned char	*mcache;	/* scope matches, see plan_scope_match */
	struct interval	*scratch;	/* cluster depth's working list */
	size_t		 capscratch;
	size_t		*down_base;	/* per cluster: its maintenance, down[].n
					   before any run placed a member */
	unsigned long	 tests;		/* slot tests and cluster intervals
					   walked, all runs */
	const unsigned char *held;	/* this run's, by candidate position */
	int		 by_key;	/* in->assets are in key order, each key
					   once (as the store loads them): the
					   order of two indexes is their keys' */
};

struct planner {
	struct ctx	 c;
};

int
plan_scope_match(const struct plan_input *in, unsigned char *cache, size_t a, size_t k)
{
	unsigned char *m = &cache[a * in->nscopes + k];

	if (*m == 0)
		*m = selector_match(in->scopes[k], &in->assets[a]) ? 1 : 2;
	return *m == 1;
}

unsigned char *
plan_scope_cache(const struct plan_input *in)
{
	unsigned char *m = xcalloc(in->nassets * (in->nscopes ? in->nscopes : 1) + 1, 1);

	for (size_t a = 0; in->nsblocks && a < in->nassets; a++)
		for (size_t k = 0; k < in->nscopes; k++)
			plan_scope_match(in, m, a, k);
	return m;
}

struct sb_join {
	size_t	**lists, *counts, *caps;
};

static int
sb_pair(void *arg, const struct interval *slot, const struct interval *b)
{
	struct sb_join *j = arg;
	size_t s = slot->tag;

	j->lists[s] = xgrow(j->lists[s], &j->caps[s], j->counts[s], sizeof **j->lists);
	j->lists[s][j->counts[s]++] = b->group;	/* the block's index, see below */
	return 0;
}

void
plan_slot_blocks(const struct plan_input *in, size_t ***lists, size_t **counts)
{
	struct interval *sl = xmalloc((in->nslots ? in->nslots : 1) * sizeof *sl);
	struct interval *bl = xmalloc((in->nsblocks ? in->nsblocks : 1) * sizeof *bl);
	struct sb_join j;

	j.lists = xcalloc(in->nslots ? in->nslots : 1, sizeof *j.lists);
	j.counts = xcalloc(in->nslots ? in->nslots : 1, sizeof *j.counts);
	j.caps = xcalloc(in->nslots ? in->nslots : 1, sizeof *j.caps);
	for (size_t i = 0; i < in->nslots; i++)
		sl[i] = (struct interval){ in->slots[i].start_utc, in->slots[i].end_utc,
		    i, 0 };
	for (size_t i = 0; i < in->nsblocks; i++)
		bl[i] = (struct interval){ in->sblocks[i].start, in->sblocks[i].end, 0, i };
	sweep_pairs(sl, in->nslots, bl, in->nsblocks, sb_pair, &j);
	/* Each slot's list in block order, so results never depend on sorting. */
	for (size_t i = 0; i < in->nslots; i++)
		if (j.counts[i] > 1) {
			size_t *v = j.lists[i], n = j.counts[i];
			for (size_t a = 1; a < n; a++)
				for (size_t b = a; b > 0 && v[b - 1] > v[b]; b--) {
					size_t t = v[b];
					v[b] = v[b - 1];
					v[b - 1] = t;
				}
		}
	free(sl);
	free(bl);
	free(j.caps);
	*lists = j.lists;
	*counts = j.counts;
}

int
plan_work_minutes(const struct asset *a, const struct deadline *d)
{
	if (d->patches == 0 && d->reboot_pending)
		return a->reboot_minutes;	/* nothing to install */
	return asset_work_minutes(a, d->reboot);
}

size_t
plan_stage_of(const struct policy *p, const struct asset *a)
{
	for (size_t i = 0; i < p->nstages; i++)
		if (selector_match(&p->stages[i].select, a))
			return i;
	return p->nstages;
}

/* Assets a and b by key (see ctx.by_key). */
static int
key_cmp(const struct ctx *c, size_t a, size_t b)
{
	if (c->by_key)
		return (a > b) - (a < b);
	return strcmp(c->in->assets[a].key, c->in->assets[b].key);
}

/* Sorting by a packed key (when the fields fit in 64 bits): an LSD radix
 * sort of the keys, 11 bits a pass, the elements then moved in place
 * along the permutation's cycles; the asset in a key's low bits says whose
 * element it is. As much room as qsort_r takes (its pointers), not more:
 * at a million candidates its comparisons and its moves of 40-byte
 * elements were a twentieth of a plan. */
static unsigned
bits_of(uint64_t x)
{
	unsigned b = 0;

	for (; x; x >>= 1)
		b++;
	return b;
}

/* The n elements of size at base put in the order of the sorted keys,
 * the element of a key the one in its bits under amask, or with pos the
 * one pos[] gives for them (the keys are used up). */
static void
key_apply(void *base, size_t n, size_t size, uint64_t *keys, uint64_t amask,
    const uint32_t *pos)
{
	char *b = base, *tmp = xmalloc(size);

	for (size_t j = 0; j < n; j++)	/* element j comes from there */
		keys[j] = pos ? pos[keys[j] & amask] : keys[j] & amask;
	for (size_t i = 0; i < n; i++) {
		if (keys[i] == i)
			continue;
		size_t j = i;
		memcpy(tmp, b + i * size, size);
		while (keys[j] != i) {
			size_t k = (size_t)keys[j];
			memcpy(b + j * size, b + k * size, size);
			keys[j] = j;
			j = k;
		}
		memcpy(b + j * size, tmp, size);
		keys[j] = j;
	}
	free(tmp);
}

/* Assets by index (their keys' order, ctx.by_key) in the low bits, then
 * fields above them: how many bits a field of values lo..hi takes, and
 * whether all still fit. */
struct key_layout {
	unsigned	 used;
	int		 fits;
};

static unsigned
key_field(struct key_layout *l, uint64_t span)
{
	unsigned at = l->used, b = bits_of(span);

	l->used += b;
	if (l->used > 64)
		l->fits = 0;
	return at;
}

static int
cand_cmp(const void *x, const void *y, void *arg)
{
	const struct cand *a = x, *b = y;

	if (a->stage != b->stage)
		return a->stage < b->stage ? -1 : 1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	return key_cmp(arg, a->asset, b->asset);
}

static int
block_cmp(const void *x, const void *y)
{
	const struct interval *a = x, *b = y;

	if (a->tag != b->tag)
		return a->tag < b->tag ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Do [s, e) and a block overlap? */
static int
hits(const struct interval *b, int64_t s, int64_t e)
{
	int64_t be = b->end > b->start ? b->end : b->start + 1;

	return b->start < e && s < be;
}

int
plan_block_inside(const struct interval *b, int64_t s, int64_t e)
{
	return b->tag != PLAN_EVERY_ASSET && b->start >= s && b->end <= e &&
	    b->end > b->start;
}

/* The reasons a window is passed by are conflict codes, all but TAKEN: their
 * names come from the code list, so why and conflicts say the same word. */
static const int reason_code[PR_COUNT] = {
	[PR_TAKEN] = -1,
	[PR_STAGE_ORDER] = C_STAGE_ORDER,
	[PR_OUTSIDE_WINDOW] = C_OUTSIDE_WINDOW,
	[PR_REBOOT_NOT_ALLOWED] = C_REBOOT_NOT_ALLOWED,
	[PR_CAPACITY] = C_CAPACITY,
	[PR_PROVIDER_OVERLAP] = C_PROVIDER_OVERLAP,
	[PR_DEPENDENCY_MAINTENANCE] = C_DEPENDENCY_MAINTENANCE,
	[PR_FREEZE] = C_FREEZE,
	[PR_CLUSTER_DOWN] = C_CLUSTER_DOWN,
	[PR_NOT_RELEASED] = C_NOT_RELEASED,
	[PR_HELD_BACK] = -2,
};

const char *
plan_reason_name(enum plan_reason r)
{
	if ((unsigned)r >= PR_COUNT)
		return "?";
	if (reason_code[r] == -2)
		return "HELD_BACK";
	return reason_code[r] < 0 ? "TAKEN" :
	    conflict_code_name((enum conflict_code)reason_code[r]);
}

/* The reason a block of this kind (PLAN_BLOCK_) passes a window by. */
static enum plan_reason
block_reason(size_t group)
{
	return group == PLAN_BLOCK_DEPENDENCY ? PR_DEPENDENCY_MAINTENANCE :
	    group == PLAN_BLOCK_PROVIDER ? PR_PROVIDER_OVERLAP : PR_FREEZE;
}

/* Is the asset blocked during [s, e)? Its own blocks, then every-asset ones.
 * Returns 0, or the reason (provider maintenance, of it or of what it
 * depends on, or a freeze). */
static enum plan_reason
blocked(struct ctx *c, size_t asset, size_t slot, int64_t s, int64_t e)
{
	/* The first of the slot's blocks whose scope selects the asset: the
	 * first block of the first such scope (the slot's 190 blocks mostly
	 * share one). */
	for (size_t k = 0; c->slot_scopes && k < c->nslot_scopes[slot]; k++) {
		const struct interval *b = &c->in->sblocks[
		    c->slot_blocks[slot][c->slot_scopes[slot][k]]];
		if (plan_scope_cached(c->in, c->mcache, asset, b->tag))
			return block_reason(b->group);
	}
	size_t lo = 0, hi = c->nblocks;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->blocks[mid].tag < asset)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < c->nblocks && c->blocks[i].tag == asset; i++) {
		if (c->blocks[i].start >= e)
			break;
		if (hits(&c->blocks[i], s, e) && !(c->blocks[i].group ==
		    PLAN_BLOCK_PROVIDER && plan_block_inside(&c->blocks[i], s, e)))
			return block_reason(c->blocks[i].group);
	}
	for (size_t i = c->nblocks; i-- > 0 && c->blocks[i].tag == PLAN_EVERY_ASSET;)
		if (hits(&c->blocks[i], s, e))
			return block_reason(c->blocks[i].group);
	return PR_TAKEN;
}

static void
i64_sort(int64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {	/* clusters are small */
		int64_t x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* The intervals members of cluster cl are down during slot's window, besides
 * asset, into c->scratch: their planned work plus the gap and per-asset
 * maintenance (down lists), and the calendar-wide provider maintenance
 * touching the slot whose scope selects them; with joined, a scope's
 * overlapping blocks come joined (slot_down: cluster_start joins a member's
 * overlapping intervals anyway, and a piece joined in that lies outside the
 * times it tries moves no count it makes). The tests counted are the
 * blocks', joined or not. */
static struct cluster_down
slot_cluster_down(struct ctx *c, size_t cl, size_t asset, size_t slot, int joined)
{
	struct cluster_down tmp = { c->scratch, 0, c->capscratch };
	size_t walked;

	if (c->down[cl].n > 0) {
		tmp.v = xgrow(tmp.v, &tmp.cap, c->down[cl].n - 1, sizeof *tmp.v);
		memcpy(tmp.v, c->down[cl].v, c->down[cl].n * sizeof *tmp.v);
		tmp.n = c->down[cl].n;
	}
	walked = tmp.n;
	/* Member by member, its scope tested once for a run of blocks with
	 * one scope (the order of the intervals does not matter: cluster_start
	 * and cluster_collide sort them). */
	for (size_t m = c->cl.first[cl]; joined && c->slot_blocks &&
	    m < c->cl.first[cl + 1]; m++) {
		size_t who = c->cl.member[m];
		if (who == asset)
			continue;
		for (size_t k = 0; k < c->nslot_scopes[slot]; k++) {
			const struct scope_down *sd = &c->slot_down[slot][k];
			if (sd->raw == 0 || !plan_scope_cached(c->in, c->mcache, who,
			    c->in->sblocks[c->slot_blocks[slot][
			    c->slot_scopes[slot][k]]].tag))
				continue;
			tmp.v = xgrow(tmp.v, &tmp.cap, tmp.n + sd->n - 1, sizeof *tmp.v);
			for (size_t i = 0; i < sd->n; i++)
				tmp.v[tmp.n++] = (struct interval){ sd->v[i].start,
				    sd->v[i].end, who, 0 };
			walked += sd->raw;
		}
	}
	for (size_t m = c->cl.first[cl]; !joined && c->slot_blocks &&
	    m < c->cl.first[cl + 1]; m++) {
		size_t who = c->cl.member[m], tag = SIZE_MAX, nb = c->nslot_blocks[slot];
		int in = 0;
		if (who == asset || nb == 0)
			continue;
		tmp.v = xgrow(tmp.v, &tmp.cap, tmp.n + nb - 1, sizeof *tmp.v);
		for (size_t i = 0; i < nb; i++) {
			const struct interval *b = &c->in->sblocks[c->slot_blocks[slot][i]];
			if (!b->group)
				continue;	/* a freeze takes nobody down */
			if (b->tag != tag) {
				tag = b->tag;
				in = plan_scope_cached(c->in, c->mcache, who, tag);
			}
			if (in)	/* room made above */
				tmp.v[tmp.n++] = (struct interval){ b->start, b->end, who, 0 };
		}
		walked = tmp.n;
	}
	c->scratch = tmp.v;
	c->capscratch = tmp.cap;
	c->tests += walked;	/* what the cluster's depth walks, unjoined */
	return tmp;
}

static int end_cmp(const void *, const void *);

/* How many of the sorted v[0..n) are at most x. */
static size_t
count_le(const int64_t *v, size_t n, int64_t x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* By member, then start. */
static int
member_start_cmp(const void *x, const void *y)
{
	const struct interval *a = x, *b = y;

	if (a->tag != b->tag)
		return a->tag < b->tag ? -1 : 1;
	return (a->start > b->start) - (a->start < b->start);
}

/* The earliest start at or after t0 (by last at the latest) at which asset,
 * down for len seconds, keeps its cluster within max: t0 or the end of a
 * member's interval (only there can the count drop). -1 when none.
 *
 * The most members down at once in [t, t + len), made once for every t
 * tried (a member covered twice, by its window and its maintenance or by two
 * calendars, is one member down; an interval ending at x no longer covers
 * x): the other members' intervals that can touch [t0, last + len) (no other
 * can touch a window tried, nor give an end before last), joined member by
 * member into starts S and ends E, so that C(x) = #(S <= x) - #(E <= x)
 * members are down at x; a window's count is the most C reaches in it, at
 * t or at a start inside it (an empty window: the members down across t).
 * Only the joined intervals' ends are tried: an end inside a member's joined
 * interval lowers no count, so no start there fits sooner. */
static int64_t
cluster_start(const struct cluster_down *d, size_t asset, int64_t t0,
    int64_t last, int64_t len, size_t max)
{
	struct interval vbuf[64], *v = vbuf;
	int64_t sbuf[64], ebuf[64], *st = sbuf, *en = ebuf, t = t0, r = -1;
	size_t n = 0, w = 0;

	if (d->n > sizeof ebuf / sizeof ebuf[0]) {
		v = xmalloc(d->n * sizeof *v);
		st = xmalloc(d->n * sizeof *st);
		en = xmalloc(d->n * sizeof *en);
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct interval *b = &d->v[i];
		int64_t be = b->end > b->start ? b->end : b->start + 1;
		if (b->tag == asset || be <= t0 || b->start >= last + len)
			continue;
		size_t j = n++;
		if (n <= sizeof vbuf / sizeof vbuf[0])	/* insertion: few */
			for (; j > 0 && member_start_cmp(&v[j - 1], b) > 0; j--)
				v[j] = v[j - 1];
		v[j] = (struct interval){ b->start, be, b->tag, 0 };
	}
	if (n > sizeof vbuf / sizeof vbuf[0])
		qsort(v, n, sizeof *v, member_start_cmp);
	for (size_t i = 0; i < n; i++) {
		if (w > 0 && v[w - 1].tag == v[i].tag && v[i].start < v[w - 1].end) {
			if (v[i].end > v[w - 1].end)
				v[w - 1].end = v[i].end;
			continue;
		}
		v[w++] = v[i];
	}
	for (size_t i = 0; i < w; i++) {
		st[i] = v[i].start;
		en[i] = v[i].end;
	}
	if (w > sizeof ebuf / sizeof ebuf[0]) {
		qsort(st, w, sizeof *st, end_cmp);
		qsort(en, w, sizeof *en, end_cmp);
	} else {
		i64_sort(st, w);
		i64_sort(en, w);
	}
	for (size_t k = 0;;) {
		size_t depth, at = count_le(st, w, t);
		if (len > 0) {
			depth = at - count_le(en, w, t);
			for (size_t q = at; q < w && st[q] < t + len; q++) {
				size_t c = count_le(st, w, st[q]) - count_le(en, w, st[q]);
				if (c > depth)
					depth = c;
			}
		} else	/* down across t: started before it, ending after */
			depth = count_le(st, w, t - 1) - count_le(en, w, t);
		if (depth + 1 <= max) {
			r = t;
			break;
		}
		while (k < w && en[k] <= t)
			k++;
		if (k == w || en[k] > last)
			break;
		t = en[k];
	}
	if (v != vbuf) {
		free(v);
		free(st);
		free(en);
	}
	return r;
}

static void
down_add(struct cluster_down *d, size_t asset, int64_t s, int64_t e)
{
	d->v = xgrow(d->v, &d->cap, d->n, sizeof *d->v);
	d->v[d->n++] = (struct interval){ s, e, asset, 0 };
}

static void
lanes_make(struct ctx *c, size_t slot)
{
	const struct slot *sl = &c->in->slots[slot];

	c->lanes[slot] = xmalloc((size_t)sl->concurrency * sizeof **c->lanes);
	for (int i = 0; i < sl->concurrency; i++)
		c->lanes[slot][i] = sl->start_utc;
}

/* A slot's lanes, made on first use (outside: every slot test asks). */
static inline int64_t *
lanes_of(struct ctx *c, size_t slot)
{
	if (c->lanes[slot] == NULL)
		lanes_make(c, slot);
	return c->lanes[slot];
}

/* The lane free first in a slot (the heap's root), and when. */
static int
first_lane(struct ctx *c, size_t slot, int64_t *free_at)
{
	*free_at = lanes_of(c, slot)[0];
	return 0;
}

/* The root lane is now busy until t: sift it down. */
static void
lane_take(int64_t *heap, int n, int64_t t)
{
	int i = 0;

	heap[0] = t;
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && heap[l] < heap[m])
			m = l;
		if (r < n && heap[r] < heap[m])
			m = r;
		if (m == i)
			return;
		int64_t tmp = heap[i];
		heap[i] = heap[m];
		heap[m] = tmp;
		i = m;
	}
}

static void
place(struct ctx *c, const struct cand *k, size_t slot, int lane, int64_t start,
    int64_t end, int pinned)
{
	const struct slot *sl = &c->in->slots[slot];
	struct plan *p = c->plan;

	(void)lane;	/* always the root: the lane free first */
	lane_take(c->lanes[slot], sl->concurrency, end);
	p->v = xgrow(p->v, &p->cap, p->n, sizeof *p->v);
	p->v[p->n++] = (struct placement){ k->asset, slot, k->stage, start, end,
	    end > k->due, pinned, 0 };
	if (c->cl.of[k->asset] != SIZE_MAX)
		down_add(&c->down[c->cl.of[k->asset]], k->asset, start, end +
		    (int64_t)c->in->policy->cluster_gap * 60);
}

/* Does candidate k fit slot? PR_TAKEN with its start and end when it does
 * (nothing placed), else why not. */
static enum plan_reason
fit_slot(struct ctx *c, const struct cand *k, size_t slot, int64_t *startp,
    int64_t *endp)
{
	const struct slot *sl = &c->in->slots[slot];
	const struct asset *a = &c->in->assets[k->asset];
	int64_t free_at, start, end;
	enum plan_reason why;
	int lane;

	if (sl->admits && !slot_admits(sl, a))	/* no call for a window for all */
		return PR_OUTSIDE_WINDOW;
	if (k->reboot && !sl->reboot)
		return PR_REBOOT_NOT_ALLOWED;
	if (sl->start_utc < k->release)
		return PR_NOT_RELEASED;
	int64_t work = (int64_t)k->work * 60;
	lane = first_lane(c, slot, &free_at);
	start = free_at > sl->start_utc ? free_at : sl->start_utc;
	end = start + work;
	if (start > sl->last_start_utc || end > sl->end_utc)
		return PR_CAPACITY;	/* no lane starts it by the cutoff and
					   finishes it by the window's end */
	/* A window that overlaps the asset's provider maintenance or a freeze
	 * is out for it as a whole: lane times are estimates. */
	if ((why = blocked(c, k->asset, slot, sl->start_utc, sl->end_utc)) != PR_TAKEN)
		return why;
	size_t cl = c->cl.of[k->asset];
	if (cl != SIZE_MAX) {
		/* Rolling: the member waits, its lane idle, until fewer than
		 * max_down members are down for its work and the gap after. */
		int64_t last = sl->last_start_utc < sl->end_utc - work ?
		    sl->last_start_utc : sl->end_utc - work;
		struct cluster_down d = slot_cluster_down(c, cl, k->asset, slot, 1);
		start = cluster_start(&d, k->asset, start, last, work +
		    (int64_t)c->in->policy->cluster_gap * 60,
		    (size_t)c->cl.max_down[cl]);
		if (start < 0)
			return PR_CLUSTER_DOWN;
		end = start + work;
	}
	(void)lane;
	*startp = start;
	*endp = end;
	return PR_TAKEN;
}

/* Why cluster cl refused asset slot (to explain it): its other members'
 * down intervals touching the window, a member's overlapping or touching
 * ones joined, by member then start, into a new array (*n of them; the
 * caller frees it). */
static struct interval *
cluster_collide(struct ctx *c, size_t cl, size_t asset, size_t slot, size_t *n)
{
	const struct slot *sl = &c->in->slots[slot];
	struct cluster_down d = slot_cluster_down(c, cl, asset, slot, 0);
	struct interval *v = xmalloc((d.n ? d.n : 1) * sizeof *v);
	size_t m = 0, w = 0;

	for (size_t i = 0; i < d.n; i++) {
		if (d.v[i].tag == asset || !hits(&d.v[i], sl->start_utc, sl->end_utc))
			continue;
		size_t j = m++;
		for (; j > 0 && (v[j - 1].tag > d.v[i].tag || (v[j - 1].tag ==
		    d.v[i].tag && v[j - 1].start > d.v[i].start)); j--)
			v[j] = v[j - 1];
		v[j] = d.v[i];
	}
	for (size_t i = 0; i < m; i++) {
		if (w > 0 && v[w - 1].tag == v[i].tag && v[i].start <= v[w - 1].end) {
			if (v[i].end > v[w - 1].end)
				v[w - 1].end = v[i].end;
			continue;
		}
		v[w++] = v[i];
	}
	*n = w;
	return v;
}

static int
end_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The end at a stage's gate: of its planned assets' ends in order, the
 * ceil(gate% of them)-th; INT64_MIN when none is planned. */
static int64_t
gate_end(const struct plan *out, size_t stage, const struct stage *st)
{
	int64_t *ends = xmalloc((out->n ? out->n : 1) * sizeof *ends), at;
	size_t n = 0;

	for (size_t q = 0; q < out->n; q++)
		if (out->v[q].stage == stage)
			ends[n++] = out->v[q].end_utc;
	qsort(ends, n, sizeof *ends, end_cmp);
	at = n ? ends[stage_gate_index(st, n)] : INT64_MIN;
	free(ends);
	return at;
}

/* Why a slot before the stage gate is out: the window's own reasons first
 * (it is not for the asset, or allows no reboot), then a patch not yet out,
 * else the stage order. */
static enum plan_reason
too_early(struct ctx *c, const struct cand *k, size_t slot)
{
	const struct slot *sl = &c->in->slots[slot];

	if (!slot_admits(sl, &c->in->assets[k->asset]))
		return PR_OUTSIDE_WINDOW;
	if (k->reboot && !sl->reboot)
		return PR_REBOOT_NOT_ALLOWED;
	if (sl->start_utc < k->release)
		return PR_NOT_RELEASED;
	return PR_STAGE_ORDER;
}

static int
cluster_limit(const struct policy *p, const char *name)
{
	for (size_t i = 0; i < p->nclusters; i++)
		if (strcmp(p->clusters[i].name, name) == 0)
			return p->clusters[i].max_down;
	return p->cluster_max_down;
}

/* Cluster names to ids: open addressing over 8-byte slots (the name's 32-bit
 * hash and its id + 1; 0: empty), the names being the assets' own strings,
 * not copies: a million assets' 233,000 clusters take 4 MB, where a string
 * map took 24 MB of fresh pages (on a VM, a page fault costs microseconds). */
struct name_slot {
	uint32_t	hash, id1;
};

struct name_ids {
	struct name_slot *v;
	size_t		  n, cap;
};

static uint32_t
name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct name_slot *
name_find(const struct name_ids *t, const char *const *names, const char *name,
    uint32_t h)
{
	for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		struct name_slot *s = &t->v[i];
		if (s->id1 == 0 || (s->hash == h && strcmp(names[s->id1 - 1], name) == 0))
			return s;
	}
}

/* The id of name among names[0..*n): the one it has, or *n (then added). */
static size_t
name_id(struct name_ids *t, const char *const *names, const char *name, size_t next)
{
	uint32_t h = name_hash(name);
	struct name_slot *s;

	if (t->cap && (s = name_find(t, names, name, h))->id1 != 0)
		return s->id1 - 1;
	if ((t->n + 1) * 2 > t->cap) {
		struct name_ids old = *t;
		t->cap = t->cap ? 2 * t->cap : 1024;
		t->v = xcalloc(t->cap, sizeof *t->v);
		for (size_t i = 0; i < old.cap; i++) {
			if (old.v[i].id1 == 0)
				continue;
			size_t j = old.v[i].hash & (t->cap - 1);
			while (t->v[j].id1)	/* distinct names: the first free slot */
				j = (j + 1) & (t->cap - 1);
			t->v[j] = old.v[i];
		}
		free(old.v);
	}
	s = name_find(t, names, name, h);
	*s = (struct name_slot){ h, (uint32_t)next + 1 };
	t->n++;
	return next;
}

void
plan_clusters_make(const struct plan_input *in, struct plan_clusters *cl)
{
	struct name_ids ids = { 0 };
	size_t cap = 0, n = in->nassets ? in->nassets : 1, prev = SIZE_MAX;

	memset(cl, 0, sizeof *cl);
	cl->of = xmalloc(n * sizeof *cl->of);
	for (size_t a = 0; a < in->nassets; a++) {
		const char *name = in->assets[a].cluster;
		cl->of[a] = SIZE_MAX;
		if (name == NULL || *name == '\0')
			continue;
		/* Members tend to sit together in key order (web-1, web-2):
		 * the previous asset's cluster is tried before the map, whose
		 * probes miss the caches at a million assets. */
		size_t id = prev != SIZE_MAX && strcmp(cl->name[prev], name) == 0 ? prev :
		    name_id(&ids, cl->name, name, cl->n);
		if (id == cl->n) {
			if (cl->n == cap) {
				cap = cap ? 2 * cap : 64;
				cl->max_down = xrealloc(cl->max_down, cap * sizeof *cl->max_down);
				cl->name = xrealloc(cl->name, cap * sizeof *cl->name);
			}
			cl->max_down[id] = cluster_limit(in->policy, name);
			cl->name[id] = name;
			cl->n++;
		}
		cl->of[a] = prev = id;
	}
	free(ids.v);
	/* Count, then place: members in asset order, one array for all. */
	cl->first = xcalloc(cl->n + 1, sizeof *cl->first);
	for (size_t a = 0; a < in->nassets; a++)
		if (cl->of[a] != SIZE_MAX)
			cl->first[cl->of[a] + 1]++;
	for (size_t i = 0; i < cl->n; i++)
		cl->first[i + 1] += cl->first[i];
	cl->member = xmalloc((cl->first[cl->n] ? cl->first[cl->n] : 1) *
	    sizeof *cl->member);
	size_t *at = xmalloc((cl->n ? cl->n : 1) * sizeof *at);
	if (cl->n)
		memcpy(at, cl->first, cl->n * sizeof *at);
	for (size_t a = 0; a < in->nassets; a++)
		if (cl->of[a] != SIZE_MAX)
			cl->member[at[cl->of[a]]++] = a;
	free(at);
}

void
plan_clusters_free(struct plan_clusters *cl)
{
	free(cl->of);
	free(cl->max_down);
	free(cl->name);
	free(cl->first);
	free(cl->member);
	memset(cl, 0, sizeof *cl);
}

/* By start, then end. */
static int
start_cmp(const void *x, const void *y)
{
	const struct interval *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->end > b->end) - (a->end < b->end);
}

/* Slot sl's provider blocks of its k-th scope, each as cluster_start takes
 * it (one ending by its start lasts a second), overlapping ones joined as
 * it joins a member's (touching ones stay apart). */
static void
scope_down_make(struct ctx *c, size_t sl, size_t k)
{
	struct scope_down *sd = &c->slot_down[sl][k];
	size_t tag = c->in->sblocks[c->slot_blocks[sl][c->slot_scopes[sl][k]]].tag, w = 0;

	sd->v = xmalloc((c->nslot_blocks[sl] ? c->nslot_blocks[sl] : 1) * sizeof *sd->v);
	for (size_t i = 0; i < c->nslot_blocks[sl]; i++) {
		const struct interval *b = &c->in->sblocks[c->slot_blocks[sl][i]];
		if (b->group && b->tag == tag)	/* a freeze takes nobody down */
			sd->v[sd->raw++] = (struct interval){ b->start,
			    b->end > b->start ? b->end : b->start + 1, 0, 0 };
	}
	qsort(sd->v, sd->raw, sizeof *sd->v, start_cmp);
	for (size_t i = 0; i < sd->raw; i++) {
		if (w > 0 && sd->v[i].start < sd->v[w - 1].end) {
			if (sd->v[i].end > sd->v[w - 1].end)
				sd->v[w - 1].end = sd->v[i].end;
			continue;
		}
		sd->v[w++] = sd->v[i];
	}
	sd->n = w;
}

/* The inputs joined once for every run: blocks sorted, clusters, the
 * calendar-wide blocks per slot, and each member's maintenance as down. */
static void
setup(struct ctx *c, const struct plan_input *in)
{
	memset(c, 0, sizeof *c);
	c->in = in;
	c->by_key = 1;
	for (size_t i = 1; i < in->nassets && c->by_key; i++)
		c->by_key = strcmp(in->assets[i - 1].key, in->assets[i].key) < 0;
	c->lanes = xcalloc(in->nslots ? in->nslots : 1, sizeof *c->lanes);
	c->blocks = xmalloc((in->nblocks ? in->nblocks : 1) * sizeof *c->blocks);
	if (in->nblocks)
		memcpy(c->blocks, in->blocks, in->nblocks * sizeof *c->blocks);
	c->nblocks = in->nblocks;
	if (c->nblocks > 1)
		qsort(c->blocks, c->nblocks, sizeof *c->blocks, block_cmp);
	plan_clusters_make(in, &c->cl);
	c->down = xcalloc(c->cl.n ? c->cl.n : 1, sizeof *c->down);
	c->mcache = plan_scope_cache(in);
	if (in->nsblocks)
		plan_slot_blocks(in, &c->slot_blocks, &c->nslot_blocks);
	/* Each slot's scopes, by their first block (see blocked). */
	if (c->slot_blocks) {
		c->slot_scopes = xcalloc(in->nslots ? in->nslots : 1, sizeof *c->slot_scopes);
		c->nslot_scopes = xcalloc(in->nslots ? in->nslots : 1,
		    sizeof *c->nslot_scopes);
		c->slot_down = xcalloc(in->nslots ? in->nslots : 1, sizeof *c->slot_down);
		for (size_t sl = 0; sl < in->nslots; sl++) {
			size_t cap = 0;
			for (size_t i = 0; i < c->nslot_blocks[sl]; i++) {
				size_t tag = in->sblocks[c->slot_blocks[sl][i]].tag, k;
				for (k = 0; k < c->nslot_scopes[sl] && in->sblocks[
				    c->slot_blocks[sl][c->slot_scopes[sl][k]]].tag != tag; k++)
					;
				if (k < c->nslot_scopes[sl])
					continue;
				c->slot_scopes[sl] = xgrow(c->slot_scopes[sl], &cap,
				    c->nslot_scopes[sl], sizeof *c->slot_scopes[sl]);
				c->slot_scopes[sl][c->nslot_scopes[sl]++] = i;
			}
			c->slot_down[sl] = xcalloc(c->nslot_scopes[sl] ?
			    c->nslot_scopes[sl] : 1, sizeof *c->slot_down[sl]);
			for (size_t k = 0; k < c->nslot_scopes[sl]; k++)
				scope_down_make(c, sl, k);
		}
	}
	/* A member's provider maintenance takes it down too. */
	for (size_t i = 0; i < c->nblocks; i++) {
		const struct interval *b = &c->blocks[i];
		if (b->group == PLAN_BLOCK_PROVIDER && b->tag != PLAN_EVERY_ASSET && b->tag < in->nassets &&
		    c->cl.of[b->tag] != SIZE_MAX)
			down_add(&c->down[c->cl.of[b->tag]], b->tag, b->start, b->end);
	}
	c->down_base = xmalloc((c->cl.n ? c->cl.n : 1) * sizeof *c->down_base);
	/* Room for its maintenance and a window per member: the most a run
	 * adds (a member is placed once), where growing from 8 by doubling
	 * took 2.5 times that for the usual three members (68 MB at 1M). */
	for (size_t i = 0; i < c->cl.n; i++) {
		c->down_base[i] = c->down[i].n;
		size_t want = c->down[i].n + (c->cl.first[i + 1] - c->cl.first[i]);
		if (c->down[i].cap < want) {
			c->down[i].v = xrealloc(c->down[i].v, want * sizeof *c->down[i].v);
			c->down[i].cap = want;
		}
	}
}

/* Back to no asset placed: every lane free from its slot's start, the
 * clusters down for their maintenance alone. */
static void
reset(struct ctx *c, struct plan *out)
{
	for (size_t i = 0; i < c->in->nslots; i++) {
		free(c->lanes[i]);
		c->lanes[i] = NULL;
	}
	for (size_t i = 0; i < c->cl.n; i++)
		c->down[i].n = c->down_base[i];
	c->plan = out;
}

static void
teardown(struct ctx *c)
{
	for (size_t i = 0; i < c->in->nslots; i++)
		free(c->lanes[i]);
	free(c->lanes);
	free(c->blocks);
	for (size_t i = 0; i < c->cl.n; i++)
		free(c->down[i].v);
	free(c->down);
	free(c->down_base);
	plan_clusters_free(&c->cl);
	free(c->mcache);
	free(c->scratch);
	for (size_t i = 0; c->slot_blocks && i < c->in->nslots; i++) {
		free(c->slot_blocks[i]);
		for (size_t k = 0; k < c->nslot_scopes[i]; k++)
			free(c->slot_down[i][k].v);
		free(c->slot_down[i]);
		free(c->slot_scopes[i]);
	}
	free(c->slot_down);
	free(c->slot_blocks);
	free(c->nslot_blocks);
	free(c->slot_scopes);
	free(c->nslot_scopes);
}

static int
placement_cmp(const void *x, const void *y, void *arg)
{
	const struct placement *a = x, *b = y;

	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	if (a->stage != b->stage)	/* one wave per (slot, stage) */
		return a->stage < b->stage ? -1 : 1;
	if (a->start_utc != b->start_utc)
		return a->start_utc < b->start_utc ? -1 : 1;
	return key_cmp(arg, a->asset, b->asset);
}

/* out->v by placement_cmp: by slot, stage, start, then asset in one key
 * when the assets are in key order, each placed once, and the fields fit. */
static void
placements_sort(const struct ctx *c, struct plan *out)
{
	struct key_layout l = { 0, c->by_key && c->in->nassets < UINT32_MAX };
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	size_t shi = 0, slhi = 0, n = out->n;

	for (size_t i = 0; i < n; i++) {
		const struct placement *p = &out->v[i];
		lo = p->start_utc < lo ? p->start_utc : lo;
		hi = p->start_utc > hi ? p->start_utc : hi;
		shi = p->stage > shi ? p->stage : shi;
		slhi = p->slot > slhi ? p->slot : slhi;
	}
	uint64_t span = (uint64_t)hi - (uint64_t)lo;
	key_field(&l, c->in->nassets);
	unsigned st = key_field(&l, span), sg = key_field(&l, shi),
	    sl = key_field(&l, slhi);
	/* The keys, the sort's room, then where each asset's placement is. */
	uint64_t *v = l.fits ? xmalloc(2 * n * sizeof *v + c->in->nassets *
	    sizeof(uint32_t)) : NULL;
	uint32_t *pos = v ? (uint32_t *)(v + 2 * n) : NULL;
	if (pos) {
		memset(pos, 0xff, c->in->nassets * sizeof *pos);
		for (size_t i = 0; i < n && l.fits; i++) {
			l.fits = pos[out->v[i].asset] == UINT32_MAX;
			pos[out->v[i].asset] = (uint32_t)i;
		}
	}
	if (!l.fits) {
		free(v);
		qsort_r(out->v, n, sizeof *out->v, placement_cmp, (void *)c);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct placement *p = &out->v[i];
		v[i] = (uint64_t)p->asset |
		    (span ? ((uint64_t)p->start_utc - (uint64_t)lo) << st : 0) |
		    (shi ? (uint64_t)p->stage << sg : 0) |
		    (slhi ? (uint64_t)p->slot << sl : 0);
	}
	key_sort(v, n, l.used);
	key_apply(out->v, n, sizeof *out->v, v, st >= 64 ? UINT64_MAX :
	    ((uint64_t)1 << st) - 1, pos);
	free(v);
}

int
plan_same_wave(const struct placement *a, const struct placement *b)
{
	return a->slot == b->slot && a->stage == b->stage && a->part == b->part;
}

static void
collide_free(struct interval **dv, size_t *dn, size_t nslots)
{
	for (size_t i = 0; dv && i < nslots; i++)
		free(dv[i]);
	free(dv);
	free(dn);
}

struct planner *
planner_new(const struct plan_input *in)
{
	struct planner *p = xmalloc(sizeof *p);

	setup(&p->c, in);
	return p;
}

void
planner_free(struct planner *p)
{
	if (p == NULL)
		return;
	teardown(&p->c);
	free(p);
}

unsigned long
planner_tests(const struct planner *p)
{
	return p->c.tests;
}

size_t
planner_cands(const struct planner *pl, struct cand **out)
{
	const struct plan_input *in = pl->c.in;
	struct cand *cands = xmalloc((in->nassets ? in->nassets : 1) * sizeof *cands);
	size_t nc = 0;

	for (size_t i = 0; i < in->nassets; i++) {
		const struct asset *a = &in->assets[i];
		if (!service_model_customer_owned(a->service_model) ||
		    (!deadline_wanted(&in->deadlines[i]) &&
		    deadline_pending(&in->deadlines[i]) == 0) ||
		    (in->done && in->done[i]))
			continue;
		cands[nc++] = (struct cand){ i, plan_stage_of(in->policy, a),
		    deadline_plan_due(&in->deadlines[i]),
		    in->deadlines[i].release_utc, in->deadlines[i].reboot,
		    plan_work_minutes(a, &in->deadlines[i]) };
	}
	/* By stage, due, then asset: one key when the assets are in key
	 * order and the fields fit; the candidates come in asset order, so
	 * their own index stands for the asset. */
	struct key_layout l = { 0, pl->c.by_key };
	int64_t dlo = INT64_MAX, dhi = INT64_MIN;
	size_t shi = 0;
	for (size_t i = 0; i < nc; i++) {
		dlo = cands[i].due < dlo ? cands[i].due : dlo;
		dhi = cands[i].due > dhi ? cands[i].due : dhi;
		shi = cands[i].stage > shi ? cands[i].stage : shi;
	}
	uint64_t dspan = nc ? (uint64_t)dhi - (uint64_t)dlo : 0;
	key_field(&l, nc);
	unsigned sd = key_field(&l, dspan), ss = key_field(&l, shi);
	uint64_t amask = sd >= 64 ? UINT64_MAX : ((uint64_t)1 << sd) - 1;
	if (nc > 1 && l.fits) {
		uint64_t *v = xmalloc(2 * nc * sizeof *v);
		for (size_t i = 0; i < nc; i++)
			v[i] = (uint64_t)i |
			    (dspan ? ((uint64_t)cands[i].due - (uint64_t)dlo) << sd : 0) |
			    (shi ? (uint64_t)cands[i].stage << ss : 0);
		key_sort(v, nc, l.used);
		key_apply(cands, nc, sizeof *cands, v, amask, NULL);
		free(v);
	} else
		qsort_r(cands, nc, sizeof *cands, cand_cmp, (void *)&pl->c);
	*out = cands;
	return nc;
}

/* The end the next stage waits for (before soak): the stage's last planned
 * end, or with a gate share the end at that share; INT64_MIN when none of
 * it is planned. */
static int64_t
stage_end(const struct plan *out, const struct policy *p, size_t stage)
{
	int64_t last_end = INT64_MIN;

	if (stage < p->nstages && stage_gate_pct(&p->stages[stage]) < 100)
		return gate_end(out, stage, &p->stages[stage]);
	for (size_t q = 0; q < out->n; q++)
		if (out->v[q].stage == stage && out->v[q].end_utc > last_end)
			last_end = out->v[q].end_utc;
	return last_end;
}

int
planner_run(struct planner *pl, const struct cand *cands, size_t nc,
    const struct run_opts *o, struct plan *out)
{
	const unsigned char *held = o->held;
	int mh = o->mh;
	size_t *late = o->late;
	struct ctx *c = &pl->c;
	const struct plan_input *in = c->in;
	const struct policy *p = in->policy;

	memset(out, 0, sizeof *out);
	reset(c, out);
	/* Pinned assets first: they keep their slot whatever it costs (the
	 * checker says what). */
	for (size_t i = 0; in->pinned && i < nc; i++) {
		long s = in->pinned[cands[i].asset];
		if (s < 0 || (size_t)s >= in->nslots)
			continue;
		int64_t free_at;
		int lane = first_lane(c, (size_t)s, &free_at);
		int64_t start = free_at > in->slots[s].start_utc ? free_at :
		    in->slots[s].start_utc;
		place(c, &cands[i], (size_t)s, lane, start, start +
		    (int64_t)plan_work_minutes(&in->assets[cands[i].asset],
		    &in->deadlines[cands[i].asset]) * 60, 1);
	}

	int64_t gate = in->now_utc;
	/* mh: deferred to pass 2, its first fitting slot + 1 (capacity only
	 * shrinks, so no earlier slot fits it later). */
	if (mh)
		memset(late, 0, (nc ? nc : 1) * sizeof *late);
	int deferred = 0, dynamic = 0;
	enum plan_reason *why = in->explain ?
	    xmalloc((in->nslots ? in->nslots : 1) * sizeof *why) : NULL;
	/* Explaining CLUSTER_DOWN: per slot, the members that collide. */
	struct interval **dv = why && in->explain_cluster ?
	    xcalloc(in->nslots ? in->nslots : 1, sizeof *dv) : NULL;
	size_t *dn = dv ? xcalloc(in->nslots ? in->nslots : 1, sizeof *dn) : NULL;
	for (size_t i = 0; i < nc;) {
		size_t stage = cands[i].stage, j = i;
		while (j < nc && cands[j].stage == stage)
			j++;
		/* Two passes, Moore-Hodgson style: first, in deadline order, the
		 * assets whose earliest fitting slot ends by their deadline; then
		 * the rest, late wherever they go, into what is left. So an asset
		 * that will be late anyway does not take the early lanes of one
		 * that can still make it. */
		for (int pass = 0; pass < 1 + (mh != 0); pass++)
		for (size_t q = i; q < j; q++) {
			const struct cand *k = &cands[q];
			if (pass == 1 && !late[q])
				continue;
			if (pass == 0 && (q & 4095) == 0 && in->progress)
				in->progress(in->progress_arg, q, nc);
			if (in->cancel && (q & 4095) == 0 && *in->cancel) {
				free(why);
				collide_free(dv, dn, in->nslots);
				plan_free(out);
				return -1;
			}
			if (in->pinned && in->pinned[k->asset] >= 0 &&
			    (size_t)in->pinned[k->asset] < in->nslots)
				continue;
			/* Slots are in start order: the first that fits is the
			 * earliest, before the deadline if any is. */
			int explain = why && k->asset == in->explain_asset;
			int64_t start = 0, end = 0;
			size_t s = pass ? late[q] - 1 : 0;
			int dyn = 0;
			for (; s < in->nslots; s++) {
				enum plan_reason r = in->slots[s].start_utc >= gate ?
				    fit_slot(c, k, s, &start, &end) : too_early(c, k, s);
				c->tests++;
				if (r == PR_TAKEN && ((held && held[q]) ||
				    (o->stage_end && end > o->stage_end[stage])))
					r = PR_HELD_BACK;
				if (explain)
					why[s] = r;
				if (explain && dv && r == PR_CLUSTER_DOWN) {
					free(dv[s]);
					dv[s] = cluster_collide(c, c->cl.of[k->asset],
					    k->asset, s, &dn[s]);
				}
				if (r == PR_TAKEN || r == PR_HELD_BACK)
					break;
				dyn |= r == PR_CAPACITY || r == PR_CLUSTER_DOWN ||
				    r == PR_STAGE_ORDER;
			}
			int take = s < in->nslots && !(held && held[q]) &&
			    !(o->stage_end && end > o->stage_end[stage]);
			if (take && mh && pass == 0 && end > k->due) {
				late[q] = s + 1;
				deferred = 1;
				continue;
			}
			if (take)
				place(c, k, s, 0, start, end, 0);
			else {
				dynamic |= dyn || pass == 1;
				out->unplaced = xgrow(out->unplaced, &out->capunplaced,
				    out->nunplaced, sizeof *out->unplaced);
				out->unplaced[out->nunplaced++] = k->asset;
			}
			for (size_t x = 0; explain && x <= s && x < in->nslots; x++) {
				if (in->slots[x].start_utc < in->now_utc)
					continue;
				if (dv && why[x] == PR_CLUSTER_DOWN && dv[x])
					in->explain_cluster(in->explain_arg, x, dv[x],
					    dn[x], c->cl.max_down[c->cl.of[k->asset]]);
				in->explain(in->explain_arg, x, why[x]);
			}
		}
		/* The next stage waits for this one's last end (or the end at
		 * its gate's share) and its soak. */
		int64_t last_end = stage_end(out, p, stage);
		if (last_end != INT64_MIN && stage < p->nstages) {
			int64_t open = last_end + (int64_t)p->stages[stage].soak_days * 86400;
			if (open > gate)
				gate = open;
		}
		i = j;
	}
	free(why);
	collide_free(dv, dn, in->nslots);
	if (o->redo)
		*o->redo = deferred && dynamic;
	if (out->n > 1)
		placements_sort(c, out);
	return 0;
}

void
plan_free(struct plan *p)
{
	free(p->v);
	free(p->unplaced);
	memset(p, 0, sizeof *p);
}
