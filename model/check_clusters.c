/* The checker's cluster count, by sweep_groups: CLUSTER_DOWN, more members
 * down at once than max_down (a member is down from its start to its end plus
 * the policy's cluster_gap), counting their provider maintenance, kept when
 * a planned window is involved. */
#include <stdlib.h>
#include <string.h>

#include "conflicts_internal.h"

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
	k->until = INT64_MAX;
	k->count = (int)n;
	k->limit = x->cl.max_down[id];

	/* Tags are asset << 1, with 1 for a planned window, 0 for maintenance. */
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < k->nassets; j++)
			dup |= k->assets[j] == v[i]->tag >> 1;
		if (!dup)
			add_asset(k, v[i]->tag >> 1);
		if (v[i]->end < k->until)
			k->until = v[i]->end;
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
			if (!plan_scope_cached(c->in, c->mcache, m, b->tag))
				continue;
			*v = xgrow(*v, cap, *nv, sizeof **v);
			(*v)[(*nv)++] = (struct interval){ b->start, b->end, m << 1, id };
		}
	}
}

/* Member, then its planned windows before its maintenance, then start. */
static int
by_member(const struct interval *a, const struct interval *b)
{
	if (a->group != b->group)
		return a->group < b->group;
	if (a->tag >> 1 != b->tag >> 1)
		return a->tag >> 1 < b->tag >> 1;
	if ((a->tag & 1) != (b->tag & 1))
		return (a->tag & 1) != 0;
	if (a->start != b->start)
		return a->start < b->start;
	return a->end < b->end;
}

/* Append the union of v[0..n) (sorted by start, none empty) to out. */
static void
join(const struct interval *v, size_t n, struct interval **out, size_t *nout,
    size_t *cap)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && v[i].start < (*out)[*nout - 1].end) {
			if (v[i].end > (*out)[*nout - 1].end)
				(*out)[*nout - 1].end = v[i].end;
			continue;
		}
		*out = xgrow(*out, cap, *nout, sizeof **out);
		(*out)[(*nout)++] = v[i];
	}
}

/* A member counts once, however many of its intervals cover an instant (its
 * window and its maintenance, or two calendars whose scopes both select it):
 * per member, the union of its planned windows, then the union of its
 * maintenance less those windows, so that its intervals never overlap and the
 * sweep's count of intervals is a count of members. v[0..n) are one
 * cluster's; the result replaces *out's (tmp: scratch, kept for the next). */
static void
members_once(struct interval *v, size_t n, struct interval **out, size_t *nout,
    size_t *cap, struct interval **tmp, size_t *captmp)
{
	size_t ntmp = 0;

	*nout = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].end <= v[i].start)
			v[i].end = v[i].start + 1;	/* covers its start */
	interval_sort(v, n, by_member);
	for (size_t i = 0, j; i < n; i = j) {
		size_t p = i;
		for (j = i; j < n && v[j].group == v[i].group &&
		    v[j].tag >> 1 == v[i].tag >> 1; j++)
			p += (v[j].tag & 1) != 0;
		size_t w0 = *nout;
		join(v + i, p - i, out, nout, cap);
		size_t w1 = *nout;
		ntmp = 0;
		join(v + p, j - p, tmp, &ntmp, captmp);
		for (size_t k = 0; k < ntmp; k++) {
			const struct interval *t = &(*tmp)[k];
			int64_t at = t->start;
			for (size_t q = w0; q < w1 && at < t->end; q++) {
				const struct interval *o = &(*out)[q];
				if (o->end <= at || o->start >= t->end)
					continue;
				if (o->start > at) {
					int64_t until = o->start;
					*out = xgrow(*out, cap, *nout, sizeof **out);
					(*out)[(*nout)++] = (struct interval){ at, until,
					    t->tag, t->group };
				}
				at = (*out)[q].end;
			}
			if (at < t->end) {
				*out = xgrow(*out, cap, *nout, sizeof **out);
				(*out)[(*nout)++] = (struct interval){ at, t->end, t->tag,
				    t->group };
			}
		}
	}
}

/* Cluster by cluster (only what one cluster's members do counts together):
 * its members' planned windows, their own maintenance and the calendar-wide
 * maintenance that selects them, each member once, then swept. Room for one
 * cluster at a time, not for every member's intervals at once (2.8 million
 * of them, 89 MB, and as much again sorted, at a million assets). */
void
check_clusters(struct ck *c)
{
	const struct plan_input *in = c->in;
	struct interval *v = NULL, *out = NULL, *tmp = NULL;
	size_t nv = 0, cap = 0, nout = 0, capout = 0, captmp = 0;
	struct cl_ck x = { .c = c };
	size_t **lists = NULL, *counts = NULL, *mark = NULL;

	plan_clusters_make(in, &x.cl);
	const size_t *id_of = x.cl.of, ncl = x.cl.n;
	/* A member is down from its start to its end plus the policy's
	 * cluster_gap (members roll through a window), and during its
	 * maintenance, inside its window or not (where the two overlap it is
	 * one member down: members_once). */
	int64_t gap = (int64_t)in->policy->cluster_gap * 60;
	/* The members' own maintenance, by cluster (a counting sort). */
	size_t *bfirst = xcalloc(ncl + 2, sizeof *bfirst), nb = 0;
	for (size_t i = 0; i < in->nblocks; i++) {
		const struct interval *b = &in->blocks[i];
		if ((b->group & 1) == 0 || b->tag >= in->nassets || id_of[b->tag] == SIZE_MAX)
			continue;
		bfirst[id_of[b->tag] + 2]++;
		nb++;
	}
	for (size_t id = 0; id < ncl; id++)
		bfirst[id + 2] += bfirst[id + 1];
	size_t *bl = xmalloc((nb ? nb : 1) * sizeof *bl);
	for (size_t i = 0; i < in->nblocks; i++) {
		const struct interval *b = &in->blocks[i];
		if ((b->group & 1) == 0 || b->tag >= in->nassets || id_of[b->tag] == SIZE_MAX)
			continue;
		bl[bfirst[id_of[b->tag] + 1]++] = i;
	}
	/* Calendar-wide provider maintenance counts for the members it selects,
	 * where it touches a planned window of their cluster (only there can an
	 * episode involve the plan). Each block once per cluster: mark[block]
	 * is the last cluster that took it. */
	if (in->nsblocks && c->plan->n) {
		mark = xmalloc(in->nsblocks * sizeof *mark);
		for (size_t bi = 0; bi < in->nsblocks; bi++)
			mark[bi] = SIZE_MAX;
		plan_slot_blocks(in, &lists, &counts);
	}
	size_t before = c->out->n;
	for (size_t id = 0; id < ncl; id++) {
		nv = 0;
		for (size_t q = x.cl.first[id]; q < x.cl.first[id + 1]; q++) {
			size_t a = x.cl.member[q];
			for (size_t j = c->asset_at[a]; j < c->asset_at[a + 1]; j++) {
				const struct placement *pl = &c->plan->v[c->by_asset[j]];
				v = xgrow(v, &cap, nv, sizeof *v);
				v[nv++] = (struct interval){ pl->start_utc,
				    pl->end_utc + gap, a << 1 | 1, id };
			}
		}
		for (size_t k = bfirst[id]; k < bfirst[id + 1]; k++) {
			const struct interval *b = &in->blocks[bl[k]];
			v = xgrow(v, &cap, nv, sizeof *v);
			v[nv++] = (struct interval){ b->start, b->end, b->tag << 1, id };
		}
		for (size_t q = x.cl.first[id]; lists && q < x.cl.first[id + 1]; q++)
			for (size_t j = c->asset_at[x.cl.member[q]];
			    j < c->asset_at[x.cl.member[q] + 1]; j++)
				cluster_blocks(c, &x.cl, id, lists[c->plan->v[
				    c->by_asset[j]].slot], counts[c->plan->v[
				    c->by_asset[j]].slot], mark, &v, &nv, &cap);
		/* Only plans cause CLUSTER_DOWN: an episode of maintenance
		 * alone is the provider's business, so keep those a planned
		 * window is part of. */
		members_once(v, nv, &out, &nout, &capout, &tmp, &captmp);
		sweep_groups(out, nout, cl_limit, cl_over, &x);
	}
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
	for (size_t s = 0; lists && s < in->nslots; s++)
		free(lists[s]);
	free(lists);
	free(counts);
	free(mark);
	free(bfirst);
	free(bl);
	free(v);
	free(out);
	free(tmp);
	plan_clusters_free(&x.cl);
}

/* Is asset a in provider maintenance (its own, or a calendar's whose scope
 * selects it) at some time in [from, until)? For the sentence only: a
 * member down for that reason, not for work planned then. */
static int
in_maintenance(const struct plan_input *in, size_t a, int64_t from, int64_t until)
{
	for (size_t i = 0; i < in->nblocks; i++) {
		const struct interval *b = &in->blocks[i];
		if ((b->group & 3) == PLAN_BLOCK_PROVIDER && b->tag == a &&
		    b->start < until && b->end > from)
			return 1;
	}
	for (size_t i = 0; i < in->nsblocks; i++) {
		const struct interval *b = &in->sblocks[i];
		if ((b->group & 3) == PLAN_BLOCK_PROVIDER && b->start < until &&
		    b->end > from && b->tag < in->nscopes &&
		    selector_match(in->scopes[b->tag], &in->assets[a]))
			return 1;
	}
	return 0;
}

/* The sentence (conflict_message) of what this pass raises: a member down
 * for its provider's maintenance says so (its own wave may be weeks away). */
void
say_cluster_down(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	char t1[32], t2[32];

	buf_printf(out, "%d members of cluster %s (", k->count, k->other);
	for (size_t i = 0; i < k->nassets; i++)
		buf_printf(out, "%s%s%s", i ? ", " : "", in->assets[k->assets[i]].key,
		    in_maintenance(in, k->assets[i], k->at, k->until) ?
		    " in provider maintenance" : "");
	buf_printf(out, ") are down at once from %s to %s; at most %d may be",
	    conflict_when(k->at, t1), conflict_when(k->until, t2), k->limit);
}
