/* Conflict rules. Every rule is one pass over placements or waves; the joins
 * with provider maintenance and freezes, and the cluster counts, are sorts
 * and sweeps (model/sweep.c), never all pairs. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "conflicts.h"

struct ck {
	const struct plan_input	*in;
	unsigned char		*mcache;	/* plan_scope_match's */
	const struct plan	*plan;
	size_t			*wave_of, *first, nwaves;
	size_t			*ord;	/* see asset_order */
	size_t			*by_asset, *asset_at;	/* asset a's placements
						   are by_asset[asset_at[a]]
						   up to asset_at[a + 1] (an
						   edited plan may have two) */
	size_t			**scope_in;	/* [w * nscopes + k]: the wave's
						   assets scope k selects, made
						   when first asked for */
	size_t			*nscope_in;	/* their counts; SIZE_MAX: not
						   made yet */
	struct conflict_list	*out;
};

static struct conflict *
add(struct ck *c, enum conflict_code code, int error, size_t wave, size_t slot,
    const char *other)
{
	struct conflict_list *l = c->out;
	struct conflict *k;

	l->v = xgrow(l->v, &l->cap, l->n, sizeof *l->v);
	k = &l->v[l->n++];
	memset(k, 0, sizeof *k);
	k->code = code;
	k->error = error;
	k->wave = wave;
	k->slot = slot < UINT_MAX ? (unsigned)slot : UINT_MAX;
	k->assets = arena_alloc(&l->strings, sizeof *k->assets);
	k->other = other ? other : "";
	return k;
}

/* Most conflicts name one asset: its slot comes from the arena with the
 * conflict; a second moves the list to the heap, grown by doubling. */
static void
add_asset(struct conflict *k, size_t asset)
{
	size_t n = k->nassets;

	if (n == 1) {
		size_t *v = xmalloc(4 * sizeof *v);
		v[0] = k->assets[0];
		k->assets = v;
	} else if (n >= 4 && (n & (n - 1)) == 0)
		k->assets = xrealloc(k->assets, 2 * n * sizeof *k->assets);
	k->assets[k->nassets++] = asset;
}

size_t
plan_waves(const struct plan *p, size_t **wave_of, size_t **first)
{
	size_t n = 0;

	*wave_of = xmalloc((p->n ? p->n : 1) * sizeof **wave_of);
	*first = xmalloc((p->n ? p->n : 1) * sizeof **first);
	for (size_t i = 0; i < p->n; i++) {
		if (i == 0 || !plan_same_wave(&p->v[i], &p->v[i - 1]))
			(*first)[n++] = i;
		(*wave_of)[i] = n - 1;
	}
	return n;
}

static size_t
wave_end(const struct ck *c, size_t w)
{
	return w + 1 < c->nwaves ? c->first[w + 1] : c->plan->n;
}

/* The placements by asset (by_asset, asset_at), and wave by wave with each
 * wave's in asset order (ord; a wave's are first[w] up to wave_end): the
 * passes that read assets and deadlines walk them in memory order, not in
 * order of start times. At a million assets those arrays are some 300 MB,
 * and a walk at random misses the caches at every step. Counting sorts:
 * linear. */
static void
asset_order(struct ck *c)
{
	const struct plan *p = c->plan;
	size_t na = c->in->nassets, n = p->n;
	size_t *at = xcalloc(na + 1, sizeof *at);
	size_t *by = xmalloc((n ? n : 1) * sizeof *by);
	size_t *ord = xmalloc((n ? n : 1) * sizeof *ord);
	size_t *fill = xcalloc(c->nwaves ? c->nwaves : 1, sizeof *fill);

	for (size_t i = 0; i < n; i++)
		at[p->v[i].asset + 1]++;
	for (size_t a = 0; a < na; a++)
		at[a + 1] += at[a];
	for (size_t i = 0; i < n; i++)
		by[at[p->v[i].asset]++] = i;	/* at[a] ends up where a + 1 starts */
	for (size_t a = na; a > 0; a--)
		at[a] = at[a - 1];
	at[0] = 0;
	for (size_t j = 0; j < n; j++) {
		size_t w = c->wave_of[by[j]];
		ord[c->first[w] + fill[w]++] = by[j];
	}
	free(fill);
	c->by_asset = by;
	c->asset_at = at;
	c->ord = ord;
}

/* Per placement: ownership, deadlines, reboots, admission. */
static void
check_placements(struct ck *c)
{
	const struct plan_input *in = c->in;
	int64_t risk = (int64_t)in->policy->at_risk_days * 86400;

	for (size_t j = 0; j < c->plan->n; j++) {
		size_t i = c->ord[j];
		const struct placement *pl = &c->plan->v[i];
		const struct asset *a = &in->assets[pl->asset];
		const struct deadline *d = &in->deadlines[pl->asset];
		const struct slot *sl = &in->slots[pl->slot];
		size_t w = c->wave_of[i];
		struct conflict *k;

		if (!service_model_customer_owned(a->service_model)) {
			k = add(c, C_PROVIDER_OWNED, 1, w, pl->slot,
			    service_model_name(a->service_model));
			add_asset(k, pl->asset);
		}
		if (d->patches > 0 && pl->end_utc > d->due_utc) {
			k = add(c, C_SLA_BREACH, 1, w, pl->slot, d->advisory);
			k->at = pl->end_utc;
			add_asset(k, pl->asset);
		} else if (d->patches > 0 && d->due_utc - pl->end_utc < risk) {
			k = add(c, C_SLA_AT_RISK, 0, w, pl->slot, d->advisory);
			k->at = pl->end_utc;
			add_asset(k, pl->asset);
		}
		if (d->reboot && !sl->reboot) {
			k = add(c, C_REBOOT_NOT_ALLOWED, 1, w, pl->slot, sl->name);
			add_asset(k, pl->asset);
		}
		if (!slot_admits(sl, a) || pl->start_utc < sl->start_utc ||
		    pl->end_utc > sl->end_utc) {
			k = add(c, C_OUTSIDE_WINDOW, 1, w, pl->slot, sl->name);
			add_asset(k, pl->asset);
		}
	}
}

/* Customer-owned assets with pending patches and no wave. */
static int
unplanned(const struct ck *c, size_t a)
{
	return c->asset_at[a] == c->asset_at[a + 1] && c->in->deadlines[a].patches > 0 &&
	    service_model_customer_owned(c->in->assets[a].service_model);
}

static void
check_unplanned(struct ck *c)
{
	for (size_t a = 0; a < c->in->nassets; a++) {
		if (!unplanned(c, a))
			continue;
		struct conflict *k = add(c, C_UNPLANNED, 1, SIZE_MAX, SIZE_MAX,
		    c->in->deadlines[a].advisory);
		k->at = c->in->deadlines[a].due_utc;
		add_asset(k, a);
	}
}

/* Per window occurrence (its waves share its lanes): more at once than the
 * lanes. Intervals are tagged with placement indexes, grouped by slot. */
static int
slot_limit(void *arg, size_t slot)
{
	struct ck *c = arg;

	return c->in->slots[slot].concurrency;
}

static int
slot_overfull(void *arg, size_t slot, int64_t at, const struct interval *const *v,
    size_t n)
{
	struct ck *c = arg;
	const struct slot *sl = &c->in->slots[slot];
	struct conflict *k = add(c, C_CAPACITY, 1, c->wave_of[v[0]->tag], slot,
	    sl->name);

	k->at = at;
	k->count = (int)n;
	k->limit = sl->concurrency;

	for (size_t i = 0; i < n; i++)
		add_asset(k, c->plan->v[v[i]->tag].asset);
	return 0;
}

/* Per wave: work past the cutoff, DST; then lanes per occurrence. */
static void
check_waves(struct ck *c)
{
	const struct plan *p = c->plan;
	struct interval *work = xmalloc((p->n ? p->n : 1) * sizeof *work);

	for (size_t w = 0; w < c->nwaves; w++) {
		size_t s = p->v[c->first[w]].slot;
		const struct slot *sl = &c->in->slots[s];
		struct conflict *k = NULL;
		for (size_t i = c->first[w]; i < p->n && c->wave_of[i] == w; i++) {
			if (p->v[i].end_utc <= sl->last_start_utc)
				continue;
			if (k == NULL)
				k = add(c, C_CAPACITY, 1, w, s, sl->name);
			add_asset(k, p->v[i].asset);
		}
		if (sl->local_start != TZ_LOCAL_ONCE)
			add(c, C_DST, 0, w, s, sl->name);
	}
	for (size_t i = 0; i < p->n; i++)
		work[i] = (struct interval){ p->v[i].start_utc, p->v[i].end_utc, i,
		    p->v[i].slot };
	sweep_groups(work, p->n, slot_limit, slot_overfull, c);
	free(work);
}

/* Waves against provider maintenance and freezes. A block names one asset,
 * every asset (a freeze), or (calendar-wide) a scope: a wave's members in a
 * scope are found once per scope, not once per block, and a block for one
 * asset looks up that asset's wave. */
static const size_t *
scope_members(struct ck *c, size_t w, size_t scope, size_t *n)
{
	size_t at = w * c->in->nscopes + scope;

	if (c->nscope_in[at] == SIZE_MAX) {
		size_t *v = NULL, cap = 0, k = 0;
		for (size_t j = c->first[w]; j < wave_end(c, w); j++) {
			size_t a = c->plan->v[c->ord[j]].asset;
			if (!plan_scope_match(c->in, c->mcache, a, scope))
				continue;
			v = xgrow(v, &cap, k, sizeof *v);
			v[k++] = a;
		}
		c->scope_in[at] = v;
		c->nscope_in[at] = k;
	}
	*n = c->nscope_in[at];
	return c->scope_in[at];
}

/* A wave meets a block: per-asset blocks (group: index << 2 | kind) and
 * calendar-wide ones (index << 2 | 2 | kind, tag: a scope). */
static int
wave_meets_block(void *arg, const struct interval *wave, const struct interval *b)
{
	struct ck *c = arg;
	const struct plan *p = c->plan;
	size_t w = wave->tag, orig = b->group >> 2, n = 0;
	int provider = (int)(b->group & 1), wide = (int)(b->group & 2) != 0;
	const char *const *labels = wide ? c->in->sblock_labels : c->in->block_labels;
	const char *label = labels ? labels[orig] : "";
	const size_t *who = NULL;
	size_t one = b->tag;

	if (wide)
		who = scope_members(c, w, b->tag, &n);
	else if (b->tag != PLAN_EVERY_ASSET && one < c->in->nassets) {
		for (size_t j = c->asset_at[one]; j < c->asset_at[one + 1]; j++)
			if (c->wave_of[c->by_asset[j]] == w) {
				who = &one;
				n = 1;
				break;
			}
	} else if (b->tag == PLAN_EVERY_ASSET)
		n = wave_end(c, w) - c->first[w];
	if (n == 0)
		return 0;

	struct conflict *k = add(c, provider ? C_PROVIDER_OVERLAP : C_FREEZE, 1, w,
	    p->v[c->first[w]].slot, label);
	k->at = b->start;
	for (size_t i = 0; i < n; i++)
		add_asset(k, who ? who[i] : p->v[c->ord[c->first[w] + i]].asset);
	return 0;
}

static void
check_blocks(struct ck *c)
{
	const struct plan_input *in = c->in;
	struct interval *waves = xmalloc((c->nwaves ? c->nwaves : 1) * sizeof *waves);
	size_t nb = in->nblocks + in->nsblocks;
	struct interval *blocks = xmalloc((nb ? nb : 1) * sizeof *blocks);

	for (size_t w = 0; w < c->nwaves; w++) {
		const struct slot *sl = &in->slots[c->plan->v[c->first[w]].slot];
		waves[w] = (struct interval){ sl->start_utc, sl->end_utc, w, 0 };
	}
	/* Keep each block's index (for its label) beside its kind and table. */
	for (size_t i = 0; i < in->nblocks; i++) {
		blocks[i] = in->blocks[i];
		blocks[i].group = (i << 2) | (in->blocks[i].group & 1);
	}
	for (size_t i = 0; i < in->nsblocks; i++) {
		blocks[in->nblocks + i] = in->sblocks[i];
		blocks[in->nblocks + i].group = (i << 2) | 2 | (in->sblocks[i].group & 1);
	}
	size_t nsc = c->nwaves * in->nscopes;
	c->scope_in = xcalloc(nsc ? nsc : 1, sizeof *c->scope_in);
	c->nscope_in = xmalloc((nsc ? nsc : 1) * sizeof *c->nscope_in);
	for (size_t i = 0; i < nsc; i++)
		c->nscope_in[i] = SIZE_MAX;
	sweep_pairs(waves, c->nwaves, blocks, nb, wave_meets_block, c);
	for (size_t i = 0; i < nsc; i++)
		free(c->scope_in[i]);
	free(c->scope_in);
	free(c->nscope_in);
	free(waves);
	free(blocks);
}

/* Clusters: members down at once, counting their provider maintenance. */
struct cl_ck {
	struct ck		*c;
	struct plan_clusters	 cl;
};

static int
cl_limit(void *arg, size_t id)
{
	return ((struct cl_ck *)arg)->cl.max_down[id];
}

static int
cl_over(void *arg, size_t id, int64_t at, const struct interval *const *v, size_t n)
{
	struct cl_ck *x = arg;
	struct conflict_list *l = x->c->out;
	const char *name = x->cl.name[id];
	struct conflict *k = add(x->c, C_CLUSTER_DOWN, 1, SIZE_MAX, SIZE_MAX,
	    arena_strndup(&l->strings, name, strlen(name)));

	k->at = at;
	k->count = (int)n;
	k->limit = x->cl.max_down[id];

	/* Tags are asset << 1, with 1 for a planned window, 0 for maintenance. */
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < k->nassets; j++)
			dup |= k->assets[j] == v[i]->tag >> 1;
		if (!dup)
			add_asset(k, v[i]->tag >> 1);
		if (v[i]->tag & 1)
			k->wave = 0;	/* marks "a planned window is involved" */
	}
	return 0;
}

/* The calendar-wide provider maintenance among blocks[0..n) (those touching
 * a window where a member of cluster id is planned) that cluster id has not
 * taken yet: one interval per member it selects. */
static void
cluster_blocks(struct ck *c, const struct plan_clusters *cl, size_t id,
    const size_t *blocks, size_t n, size_t *mark, struct interval **v, size_t *nv,
    size_t *cap)
{
	for (size_t e = 0; e < n; e++) {
		size_t bi = blocks[e];
		const struct interval *b = &c->in->sblocks[bi];
		if ((b->group & 1) == 0 || mark[bi] == id)
			continue;
		mark[bi] = id;
		for (size_t q = cl->first[id]; q < cl->first[id + 1]; q++) {
			size_t m = cl->member[q];
			if (!plan_scope_match(c->in, c->mcache, m, b->tag))
				continue;
			*v = xgrow(*v, cap, *nv, sizeof **v);
			(*v)[(*nv)++] = (struct interval){ b->start, b->end, m << 1, id };
		}
	}
}

static void
check_clusters(struct ck *c)
{
	const struct plan_input *in = c->in;
	struct interval *v = NULL;
	size_t nv = 0, cap = 0;
	struct cl_ck x = { .c = c };

	plan_clusters_make(in, &x.cl);
	const size_t *id_of = x.cl.of, ncl = x.cl.n;
	/* A member is down for its whole window, and during its maintenance. */
	for (size_t j = 0; j < c->plan->n; j++) {
		size_t i = c->ord[j], a = c->plan->v[i].asset;
		const struct slot *sl = &in->slots[c->plan->v[i].slot];
		if (id_of[a] == SIZE_MAX)
			continue;
		v = xgrow(v, &cap, nv, sizeof *v);
		v[nv++] = (struct interval){ sl->start_utc, sl->end_utc, a << 1 | 1,
		    id_of[a] };
	}
	for (size_t i = 0; i < in->nblocks; i++) {
		const struct interval *b = &in->blocks[i];
		if ((b->group & 1) == 0 || b->tag >= in->nassets || id_of[b->tag] == SIZE_MAX)
			continue;
		v = xgrow(v, &cap, nv, sizeof *v);
		v[nv++] = (struct interval){ b->start, b->end, b->tag << 1, id_of[b->tag] };
	}
	/* Calendar-wide provider maintenance counts for the members it selects,
	 * where it touches a planned window of their cluster (only there can an
	 * episode involve the plan). Cluster by cluster, each block once per
	 * cluster: mark[block] is the last cluster that took it. */
	if (in->nsblocks && c->plan->n) {
		size_t **lists, *counts;
		size_t *mark = xmalloc(in->nsblocks * sizeof *mark);
		for (size_t bi = 0; bi < in->nsblocks; bi++)
			mark[bi] = SIZE_MAX;
		plan_slot_blocks(in, &lists, &counts);
		for (size_t id = 0; id < ncl; id++)
			for (size_t q = x.cl.first[id]; q < x.cl.first[id + 1]; q++)
				for (size_t j = c->asset_at[x.cl.member[q]];
				    j < c->asset_at[x.cl.member[q] + 1]; j++)
					cluster_blocks(c, &x.cl, id, lists[c->plan->v[
					    c->by_asset[j]].slot], counts[c->plan->v[
					    c->by_asset[j]].slot], mark, &v, &nv, &cap);
		for (size_t s = 0; s < in->nslots; s++)
			free(lists[s]);
		free(lists);
		free(counts);
		free(mark);
	}
	/* Only plans cause CLUSTER_DOWN: an episode of maintenance alone is the
	 * provider's business, so keep those a planned window is part of. */
	size_t before = c->out->n;
	sweep_groups(v, nv, cl_limit, cl_over, &x);
	size_t w = before;
	for (size_t i = before; i < c->out->n; i++) {
		struct conflict *k = &c->out->v[i];
		if (k->wave == 0) {
			k->wave = SIZE_MAX;
			c->out->v[w++] = *k;
		} else if (k->nassets > 1)
			free(k->assets);	/* its strings stay in the arena */
	}
	c->out->n = w;
	free(v);
	plan_clusters_free(&x.cl);
}

/* A later stage's wave must start after the earlier stages end plus soak. */
static void
check_stages(struct ck *c)
{
	const struct plan *p = c->plan;
	const struct policy *pol = c->in->policy;
	int64_t *ends = xmalloc((pol->nstages + 1) * sizeof *ends);

	for (size_t s = 0; s <= pol->nstages; s++)
		ends[s] = INT64_MIN;
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].end_utc > ends[p->v[i].stage])
			ends[p->v[i].stage] = p->v[i].end_utc;
	for (size_t w = 0; w < c->nwaves; w++) {
		const struct placement *pl = &p->v[c->first[w]];
		const struct slot *sl = &c->in->slots[pl->slot];
		for (size_t s = 0; s < pl->stage && s < pol->nstages; s++) {
			if (ends[s] == INT64_MIN)
				continue;
			int64_t open = ends[s] + (int64_t)pol->stages[s].soak_days * 86400;
			if (sl->start_utc >= open)
				continue;
			struct conflict *k = add(c, C_STAGE_ORDER, 1, w, pl->slot,
			    pol->stages[s].name);
			k->at = open;
			k->count = (int)pl->stage;
			k->limit = (int)s;
			for (size_t i = c->first[w]; i < p->n && c->wave_of[i] == w; i++)
				add_asset(k, p->v[i].asset);
			break;
		}
	}
	free(ends);
}

/* Assets are compared by index: storage hands them over in key order, so
 * that is key order, without a string compare per step of a 1M sort. */
static int
conflict_cmp(const void *x, const void *y)
{
	const struct conflict *a = x, *b = y;

	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	if (a->wave != b->wave)
		return a->wave < b->wave ? -1 : 1;
	if (a->nassets && b->nassets && a->assets[0] != b->assets[0])
		return a->assets[0] < b->assets[0] ? -1 : 1;
	int o = strcmp(a->other, b->other);
	if (o != 0)
		return o;
	return (a->at > b->at) - (a->at < b->at);	/* a cluster's episodes */
}

static int
asset_idx_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

int
conflicts_check(const struct plan_input *in, const struct plan *p,
    struct conflict_list *out)
{
	struct ck c = { .in = in, .plan = p, .out = out };

	c.mcache = xcalloc(in->nassets * (in->nscopes ? in->nscopes : 1) + 1, 1);
	c.nwaves = plan_waves(p, &c.wave_of, &c.first);
	asset_order(&c);
	/* Room for what a plan usually has (at most a conflict per asset left
	 * out and one per placement, give or take): taken in one piece, not
	 * grown by doubling and copying. Pages never written cost nothing. */
	if (out->v == NULL) {
		size_t room = p->n + 4 * c.nwaves + 64, placed = 0;
		for (size_t a = 0; a < in->nassets; a++)
			placed += c.asset_at[a] != c.asset_at[a + 1];
		room += in->nassets - placed;
		out->v = xmalloc(room * sizeof *out->v);
		out->cap = room;
	}
	check_placements(&c);
	check_unplanned(&c);
	check_waves(&c);
	check_blocks(&c);
	check_clusters(&c);
	check_stages(&c);
	for (size_t i = 0; i < out->n; i++)
		if (out->v[i].nassets > 1)
			qsort(out->v[i].assets, out->v[i].nassets, sizeof *out->v[i].assets,
			    asset_idx_cmp);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, conflict_cmp);
	free(c.wave_of);
	free(c.first);
	free(c.ord);
	free(c.by_asset);
	free(c.asset_at);
	free(c.mcache);
	return 0;
}

void
conflict_list_free(struct conflict_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].nassets > 1)
			free(l->v[i].assets);
	free(l->v);
	arena_free(&l->strings);
	memset(l, 0, sizeof *l);
}
