/* The provider's movable events that collide with our waves, and where to
 * move them (model/proposals.c), as rows naming the provider's ids: what
 * conflicts --new proposes and export --to provider-moves writes. */
#include <stdlib.h>
#include <string.h>

#include "../model/conflicts.h"
#include "action.h"

size_t
act_provider_moves(const struct checked *k, struct provider_move_row **rows,
    size_t **conflict)
{
	const struct plan_data *d = &k->d;
	struct provider_move *m;
	size_t n = conflicts_provider_moves(&d->in, &k->p, &k->cl, &m);

	*rows = xcalloc(n ? n : 1, sizeof **rows);
	*conflict = xcalloc(n ? n : 1, sizeof **conflict);
	for (size_t i = 0; i < n; i++) {
		const struct cal_event *e = d->block_events[m[i].block];
		const struct asset *a = &d->assets[m[i].asset];
		const struct slot *sl = &d->in.slots[m[i].slot];
		struct provider_move_row *r = &(*rows)[i];
		r->asset = a->key;
		r->instance = a->instance_id && *a->instance_id ? a->instance_id :
		    a->key;
		r->event = *e->provider_id ? e->provider_id : e->uid;
		r->summary = e->summary;
		r->occurs = d->in.blocks[m[i].block].start;
		r->latest = d->in.block_latest[m[i].block];
		r->at = m[i].at;
		r->window = sl->name ? sl->name : "";
		/* The wave there, when the asset's own wave is in it. */
		for (size_t q = 0; q < k->p.n && r->wave == 0; q++)
			if (k->p.v[q].asset == m[i].asset && k->p.v[q].slot == m[i].slot)
				r->wave = k->wave_ids[q];
		(*conflict)[i] = m[i].conflict;
	}
	free(m);
	return n;
}
