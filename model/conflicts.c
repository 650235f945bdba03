/* The conflict checker: the context its passes share, the table of passes
 * run in order, and the sort of what they find. Each pass (check_*.c) is one
 * walk over placements, waves or assets; the joins with provider maintenance
 * and freezes, and the cluster counts, are sorts and sweeps (model/sweep.c),
 * never all pairs. */
#include <stdlib.h>
#include <string.h>

#include "conflicts_internal.h"

/* The passes, in the order they run (the result is sorted after, so order
 * only decides what is found first), each with the codes it raises. A new
 * rule is a new row here and one in the code list (conflict_codes.h). */
const struct conflict_pass conflict_passes[] = {
	{ "placements", check_placements, CONFLICT_BIT(C_PROVIDER_OWNED) |
	    CONFLICT_BIT(C_SLA_BREACH) | CONFLICT_BIT(C_SLA_AT_RISK) |
	    CONFLICT_BIT(C_REBOOT_NOT_ALLOWED) | CONFLICT_BIT(C_OUTSIDE_WINDOW) |
	    CONFLICT_BIT(C_NOT_RELEASED) },
	{ "unplanned", check_unplanned, CONFLICT_BIT(C_UNPLANNED) },
	{ "waves", check_waves, CONFLICT_BIT(C_CAPACITY) | CONFLICT_BIT(C_DST) },
	{ "blocks", check_blocks, CONFLICT_BIT(C_PROVIDER_OVERLAP) |
	    CONFLICT_BIT(C_DEPENDENCY_MAINTENANCE) | CONFLICT_BIT(C_FREEZE) },
	{ "clusters", check_clusters, CONFLICT_BIT(C_CLUSTER_DOWN) },
	{ "stages", check_stages, CONFLICT_BIT(C_STAGE_ORDER) |
	    CONFLICT_BIT(C_STAGE_STRAGGLER) },
	{ "accepted", check_accepted, CONFLICT_BIT(C_ACCEPTED_RISK) },
	{ "past", check_past, CONFLICT_BIT(C_PAST_WINDOW) },
};
const size_t nconflict_passes = sizeof conflict_passes / sizeof conflict_passes[0];

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
	return conflicts_check_passes(in, p, conflict_passes, nconflict_passes, out);
}

int
conflicts_check_passes(const struct plan_input *in, const struct plan *p,
    const struct conflict_pass *passes, size_t npasses, struct conflict_list *out)
{
	struct ck c = { .in = in, .plan = p, .out = out };

	c.mcache = plan_scope_cache(in);
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
	for (size_t i = 0; i < npasses; i++)
		passes[i].check(&c);
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

