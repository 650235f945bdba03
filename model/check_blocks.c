/* The checker's join of waves with blocks, by sweep_pairs: PROVIDER_OVERLAP
 * (provider maintenance of assets in the wave), DEPENDENCY_MAINTENANCE (of
 * what they depend on) and FREEZE. */
#include <stdlib.h>
#include <string.h>

#include "conflicts_internal.h"

/* Waves against provider maintenance and freezes. A block names one asset,
 * every asset (a freeze), or (calendar-wide) a scope: a wave's members in a
 * scope are found once per scope, not once per block, and a block for one
 * asset looks up that asset's wave. */
struct bk {
	struct ck	*c;
	size_t		**scope_in;	/* [w * nscopes + k]: the wave's assets
					   scope k selects, made when first
					   asked for */
	size_t		*nscope_in;	/* their counts; SIZE_MAX: not made yet */
};

static const size_t *
scope_members(struct bk *x, size_t w, size_t scope, size_t *n)
{
	struct ck *c = x->c;
	size_t at = w * c->in->nscopes + scope;

	if (x->nscope_in[at] == SIZE_MAX) {
		size_t *v = NULL, cap = 0, k = 0;
		for (size_t j = c->first[w]; j < wave_end(c, w); j++) {
			size_t a = c->plan->v[c->ord[j]].asset;
			if (!plan_scope_cached(c->in, c->mcache, a, scope))
				continue;
			v = xgrow(v, &cap, k, sizeof *v);
			v[k++] = a;
		}
		x->scope_in[at] = v;
		x->nscope_in[at] = k;
	}
	*n = x->nscope_in[at];
	return x->scope_in[at];
}

/* A wave meets a block: per-asset blocks (group: index << 3 | kind, a
 * PLAN_BLOCK_) and calendar-wide ones (index << 3 | 4 | kind, tag: a
 * scope). */
static int
wave_meets_block(void *arg, const struct interval *wave, const struct interval *b)
{
	struct bk *x = arg;
	struct ck *c = x->c;
	const struct plan *p = c->plan;
	size_t w = wave->tag, orig = b->group >> 3, n = 0, kind = b->group & 3;
	int wide = (int)(b->group & 4) != 0;
	const char *const *labels = wide ? c->in->sblock_labels : c->in->block_labels;
	const char *label = labels ? labels[orig] : "";
	const size_t *who = NULL;
	size_t one = b->tag;

	if (wide)
		who = scope_members(x, w, b->tag, &n);
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

	/* An error, as provider maintenance of the asset is: the planner
	 * avoids both alike; but not the asset's own maintenance lying wholly
	 * inside the window it is planned in (plan_block_inside). */
	struct conflict *k = add(c, kind == PLAN_BLOCK_DEPENDENCY ?
	    C_DEPENDENCY_MAINTENANCE : kind == PLAN_BLOCK_PROVIDER ?
	    C_PROVIDER_OVERLAP : C_FREEZE, !(kind == PLAN_BLOCK_PROVIDER &&
	    who == &one && plan_block_inside(b, wave->start, wave->end)), w,
	    p->v[c->first[w]].slot, label);
	k->at = b->start;
	k->until = b->end;
	for (size_t i = 0; i < n; i++)
		add_asset(k, who ? who[i] : p->v[c->ord[c->first[w] + i]].asset);
	return 0;
}

void
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
		blocks[i].group = (i << 3) | (in->blocks[i].group & 3);
	}
	for (size_t i = 0; i < in->nsblocks; i++) {
		blocks[in->nblocks + i] = in->sblocks[i];
		blocks[in->nblocks + i].group = (i << 3) | 4 |
		    (in->sblocks[i].group & 3);
	}
	size_t nsc = c->nwaves * in->nscopes;
	struct bk x = { .c = c };
	x.scope_in = xcalloc(nsc ? nsc : 1, sizeof *x.scope_in);
	x.nscope_in = xmalloc((nsc ? nsc : 1) * sizeof *x.nscope_in);
	for (size_t i = 0; i < nsc; i++)
		x.nscope_in[i] = SIZE_MAX;
	sweep_pairs(waves, c->nwaves, blocks, nb, wave_meets_block, &x);
	for (size_t i = 0; i < nsc; i++)
		free(x.scope_in[i]);
	free(x.scope_in);
	free(x.nscope_in);
	free(waves);
	free(blocks);
}

/* The sentences (conflict_message) of what this pass raises: whose
 * maintenance (the first asset, and how many more a scope takes) and when,
 * so that a table without an assets column, or a CAB record, still says. */
static void
whose(const struct plan_input *in, const struct conflict *k, struct buf *out)
{
	buf_adds(out, conflict_host(in, k));
	if (k->nassets > 1)
		buf_printf(out, " and %zu more", k->nassets - 1);
}

static void
when(const struct conflict *k, struct buf *out)
{
	char t1[32], t2[32];

	buf_printf(out, " from %s to %s", conflict_when(k->at, t1),
	    conflict_when(k->until, t2));
}

/* Does the provider's event stop the instance rather than restart it? By
 * the codes EC2 (instance-stop, instance-retirement) and AWS Health
 * (AWS_EC2_INSTANCE_STOP_SCHEDULED, ..._RETIREMENT_SCHEDULED) write at the
 * head of its label, or a retirement in its words: a reboot of ours does
 * not stand in for a stop and start, which moves it off the failing host. */
static int
event_stops(const char *label)
{
	static const char *const words[] = { "instance-stop", "INSTANCE_STOP",
	    "retire", "RETIRE", "Retire" };

	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strstr(label, words[i]) != NULL)
			return 1;
	return 0;
}

void
say_provider_overlap(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	if (k->error)
		buf_printf(out, "window %s overlaps provider maintenance of ",
		    conflict_window(in, k));
	else
		buf_adds(out, "provider maintenance of ");
	whose(in, k, out);
	when(k, out);
	if (k->error) {
		buf_printf(out, ": %s", k->other);
		return;
	}
	/* What it is before why it is only a warning: a screen's three rows
	 * end with the explanation, not the event. */
	buf_printf(out, " lies inside window %s: %s; the asset is worked on there "
	    "anyway ", conflict_window(in, k), k->other);
	buf_adds(out, event_stops(k->other) ? "(it stops the instance, which our "
	    "reboot does not replace: stop and start it yourself in the window "
	    "before its work, which moves it to healthy hardware and ends the "
	    "event, or move the work)" : "(its restart and ours can be one; plan "
	    "the work around it)");
}

/* The block's label is "DEPENDENCY: EVENT" (storage/plan_data.c). */
void
say_dependency_maintenance(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	buf_printf(out, "window %s overlaps provider maintenance", conflict_window(in, k));
	when(k, out);
	buf_adds(out, " of what ");
	whose(in, k, out);
	buf_printf(out, " depend%s on: %s", k->nassets > 1 ? "" : "s", k->other);
}

void
say_freeze(const struct plan_input *in, const struct conflict *k, struct buf *out)
{
	buf_printf(out, "window %s falls in a change freeze: %s",
	    conflict_window(in, k), k->other);
}
