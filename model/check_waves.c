/* The checker's pass over waves and window occurrences: CAPACITY (work that
 * starts after the cutoff or ends after the window, more at once than the
 * lanes, by sweep_groups) and DST. */
#include <stdlib.h>

#include "conflicts_internal.h"

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

/* Per wave: work starting past the cutoff or ending past the window, DST;
 * then lanes per occurrence. */
void
check_waves(struct ck *c)
{
	const struct plan *p = c->plan;
	struct interval *work = xmalloc((p->n ? p->n : 1) * sizeof *work);

	for (size_t w = 0; w < c->nwaves; w++) {
		size_t s = p->v[c->first[w]].slot;
		const struct slot *sl = &c->in->slots[s];
		struct conflict *k = NULL;
		for (size_t i = c->first[w]; i < p->n && c->wave_of[i] == w; i++) {
			if (p->v[i].start_utc <= sl->last_start_utc &&
			    p->v[i].end_utc <= sl->end_utc)
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

/* The sentences (conflict_message) of what this pass raises. */
void
say_capacity(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	char t1[32];

	if (k->count > 0)
		buf_printf(out, "%d assets are worked on at once at %s in window "
		    "%s, which has %d lanes", k->count, conflict_when(k->at, t1),
		    conflict_window(in, k), k->limit);
	else
		buf_printf(out, "work in window %s starts after its cutoff "
		    "or cannot finish before its end", conflict_window(in, k));
}

void
say_dst(const struct plan_input *in, const struct conflict *k, struct buf *out)
{
	const struct slot *sl = conflict_slot(in, k);

	buf_printf(out, "window %s starts at a local time that %s that day",
	    conflict_window(in, k), sl && sl->local_start == TZ_LOCAL_GAP ?
	    "does not exist (a DST gap moves it)" : "happens twice (DST)");
}
