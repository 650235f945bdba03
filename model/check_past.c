/* The checker's pass over time: PAST_WINDOW, a wave whose window has ended
 * (at or before plan_input.now_utc) while its assets still have pending
 * patches and no implemented change covers it (plan_input.done). */
#include "conflicts_internal.h"

void
check_past(struct ck *c)
{
	const struct plan_input *in = c->in;

	for (size_t w = 0; w < c->nwaves; w++) {
		size_t s = c->plan->v[c->first[w]].slot;
		const struct slot *sl = &in->slots[s];
		struct conflict *k = NULL;
		if (sl->end_utc > in->now_utc)
			continue;
		for (size_t j = c->first[w]; j < wave_end(c, w); j++) {
			size_t a = c->plan->v[c->ord[j]].asset;
			if (in->deadlines[a].patches == 0 || (in->done && in->done[a]))
				continue;
			if (k == NULL) {
				k = add(c, C_PAST_WINDOW, 1, w, s, sl->name);
				k->at = sl->end_utc;
			}
			add_asset(k, a);
			k->count++;
		}
	}
}

/* The sentence (conflict_message) of what this pass raises. */
void
say_past_window(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	char t1[32], t2[32];

	buf_printf(out, "window %s ended at %s, before now (%s); %d asset%s in it "
	    "(%s%s) still %s the patches and no implemented change covers the "
	    "wave: plan again to move %s forward", conflict_window(in, k),
	    conflict_when(k->at, t1), conflict_when(in->now_utc, t2), k->count,
	    k->count == 1 ? "" : "s", conflict_host(in, k), k->count > 1 ? ", ..." : "",
	    k->count == 1 ? "has" : "have", k->count == 1 ? "it" : "them");
}
