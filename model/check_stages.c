/* The checker's pass over stages: STAGE_ORDER, a wave starting before an
 * earlier stage's last end (or the end at its gate share) plus its soak;
 * STAGE_STRAGGLER, an asset of a stage with a gate share that ends after
 * the gate. */
#include <stdlib.h>

#include "conflicts_internal.h"

static int
end_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* A stage with a gate share: its gate is the end of its planned asset at
 * that share (ceil(gate% of them)-th in order of ends), as the planner has
 * it; each of its assets ending after it is a straggler. */
static void
stragglers(struct ck *c, size_t stage, int64_t *gate)
{
	const struct plan *p = c->plan;
	const struct stage *st = &c->in->policy->stages[stage];
	int64_t *ends = xmalloc((p->n ? p->n : 1) * sizeof *ends);
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].stage == stage)
			ends[n++] = p->v[i].end_utc;
	if (n > 0) {
		qsort(ends, n, sizeof *ends, end_cmp);
		*gate = ends[stage_gate_index(st, n)];
	}
	free(ends);
	for (size_t i = 0; n > 0 && i < p->n; i++) {
		const struct placement *pl = &p->v[i];
		if (pl->stage != stage || pl->end_utc <= *gate)
			continue;
		struct conflict *k = add(c, C_STAGE_STRAGGLER, 0, c->wave_of[i],
		    pl->slot, st->name);
		k->at = pl->end_utc;
		k->until = *gate;
		k->count = (int)stage;
		k->limit = stage_gate_pct(st);
		add_asset(k, pl->asset);
	}
}

/* A later stage's wave must start after the earlier stages end (or the end
 * at their gate share) plus soak. */
void
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
	for (size_t s = 0; s < pol->nstages; s++)
		if (stage_gate_pct(&pol->stages[s]) < 100)
			stragglers(c, s, &ends[s]);
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

/* The sentence (conflict_message): count is the wave's stage, limit the
 * earlier one it starts too soon after. */
void
say_stage_order(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	const struct policy *pol = in->policy;
	const struct slot *sl = conflict_slot(in, k);
	size_t now = (size_t)k->count, before = (size_t)k->limit;
	char t1[32], t2[32];

	int soak = before < pol->nstages ? pol->stages[before].soak_days : 0;

	buf_printf(out, "window %s (stage %s) starts %s, before stage %s has ended "
	    "and soaked %d day%s (%s)", conflict_window(in, k), now < pol->nstages ?
	    pol->stages[now].name : "none", conflict_when(sl ? sl->start_utc : 0, t1),
	    before < pol->nstages ? pol->stages[before].name : "?", soak,
	    soak == 1 ? "" : "s", conflict_when(k->at, t2));
}

/* The sentence: at the asset's end, until the gate, count its stage, limit
 * the gate's share. */
void
say_stage_straggler(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	const struct policy *pol = in->policy;
	size_t st = (size_t)k->count;
	char t1[32], t2[32];

	buf_printf(out, "%s (stage %s) is planned to end %s, after the stage's "
	    "gate of %d%% at %s: the next stage does not wait for it",
	    conflict_host(in, k), st < pol->nstages ? pol->stages[st].name : "?",
	    conflict_when(k->at, t1), k->limit, conflict_when(k->until, t2));
}
