/* The provider's movable events that collide with our waves, and where to
 * move them (model/proposals.c), as rows naming the provider's ids: what
 * conflicts --new proposes and export --to provider-moves writes. */
#include <stdlib.h>
#include <string.h>

#include "../model/civil.h"
#include "../model/conflicts.h"
#include "../util/escape.h"
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

size_t
act_proposals(const struct checked *k, const struct conflict *x, struct proposal out[3])
{
	static const char *const label[3] = { "nearest", "next", "previous" };
	size_t got[6], n, npick = 0;

	if (x->wave == SIZE_MAX || x->wave >= k->nwaves || x->nassets == 0)
		return 0;
	const struct placement *own = &k->p.v[k->first[x->wave]];
	int64_t at = k->d.in.slots[own->slot].start_utc;
	n = conflicts_proposals(&k->d.in, &k->p, x->assets, x->nassets, got, 6,
	    ACT_PROPOSAL_TRIES);
	for (int role = 0; role < 3 && n > 0; role++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < n; i++) {
			int64_t st = k->d.in.slots[got[i]].start_utc;
			if ((role == 1 && st <= at) || (role == 2 && st >= at))
				continue;
			if (best == SIZE_MAX || (role == 1 && st <
			    k->d.in.slots[got[best]].start_utc) || (role == 2 && st >
			    k->d.in.slots[got[best]].start_utc))
				best = i;
			if (role == 0)
				break;		/* got[0] is the nearest */
		}
		int dup = best == SIZE_MAX;
		for (size_t j = 0; j < npick && !dup; j++)
			dup = out[j].slot == got[best];
		if (!dup)
			out[npick++] = (struct proposal){ got[best], label[role], 0 };
	}
	for (size_t i = 0; i < npick; i++)
		for (size_t q = 0; q < k->nwaves && out[i].wave == 0; q++) {
			const struct placement *pl = &k->p.v[k->first[q]];
			if (pl->slot == out[i].slot && pl->stage == own->stage)
				out[i].wave = k->wave_ids[k->first[q]];
		}
	return npick;
}

void
act_proposal_command(const struct checked *k, const struct conflict *x,
    const struct proposal *pr, struct buf *out)
{
	long long wave = k->wave_ids[k->first[x->wave]];
	const struct slot *sl = &k->d.in.slots[pr->slot];
	size_t members = 0;
	char at[32];

	for (size_t i = 0; i < k->p.n; i++)
		members += k->wave_ids[i] == wave;
	if (pr->wave)
		buf_printf(out, "edit move --wave %lld", pr->wave);
	else {
		/* All of the wave: it moves; some: they split off and move. */
		utc_format(sl->start_utc, at);
		buf_printf(out, "edit move-wave %lld --at %s --window ", wave, at);
		esc_sh(out, sl->name ? sl->name : "");
		if (x->nassets >= members)
			return;
	}
	/* The keys last, after "--" when one starts with '-' (edit would take
	 * it for an option). */
	for (size_t j = 0; j < x->nassets; j++)
		if (k->d.assets[x->assets[j]].key[0] == '-') {
			buf_adds(out, " --");
			break;
		}
	for (size_t j = 0; j < x->nassets; j++) {
		buf_addc(out, ' ');
		esc_sh(out, k->d.assets[x->assets[j]].key);
	}
}
