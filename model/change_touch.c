/* What a change touches in a checked plan (see change_touch.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/sha256.h"
#include "../util/strmap.h"
#include "change_touch.h"

int
change_waves_have(const long long *waves, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (waves[i] == id)
			return 1;
	return 0;
}

static int
involves(const struct touch_plan *k, const struct conflict *c, const long long *waves,
    size_t nwaves, const unsigned char *in_change)
{
	if (c->wave != SIZE_MAX && c->wave < k->nwaves &&
	    change_waves_have(waves, nwaves, k->wave_ids[k->first[c->wave]]))
		return 1;
	for (size_t i = 0; i < c->nassets; i++)
		if (in_change[c->assets[i]])
			return 1;
	return 0;
}

/* The change's placements, one window per wave, and the facts from its
 * assets. */
static void
placements(const struct touch_plan *k, const long long *waves, size_t nwaves,
    struct change_touch *t)
{
	const struct plan_input *in = k->in;
	struct strmap clusters = { 0 };
	size_t capw = 0, capp = 0;

	for (size_t i = 0; i < k->p->n; i++) {
		const struct placement *pl = &k->p->v[i];
		if (!change_waves_have(waves, nwaves, k->wave_ids[i]))
			continue;
		const struct slot *sl = &in->slots[pl->slot];
		const struct asset *a = &in->assets[pl->asset];
		if (t->nwindows == 0 || t->windows[t->nwindows - 1].wave != k->wave_ids[i]) {
			int seen = 0;
			for (size_t w = 0; w < t->nwindows && !seen; w++)
				seen = t->windows[w].wave == k->wave_ids[i];
			if (!seen) {
				t->windows = xgrow(t->windows, &capw, t->nwindows,
				    sizeof *t->windows);
				t->windows[t->nwindows++] = (struct touch_window){
				    k->wave_ids[i], pl->stage < in->policy->nstages ?
				    in->policy->stages[pl->stage].name : "", sl->name,
				    sl->start_utc, sl->end_utc };
			}
		}
		if (t->nplacements == 0 || sl->start_utc < t->start_utc)
			t->start_utc = sl->start_utc;
		if (t->nplacements == 0 || sl->end_utc > t->end_utc)
			t->end_utc = sl->end_utc;
		t->placements = xgrow(t->placements, &capp, t->nplacements,
		    sizeof *t->placements);
		t->placements[t->nplacements++] = i;
		t->in_change[pl->asset] = 1;
		t->f.assets++;
		t->f.production += change_env_production(a->environment) != 0;
		t->f.critical_tier += change_tier_critical(a->tier) != 0;
		if (a->cluster && a->cluster[0])
			strmap_intern(&clusters, a->cluster, clusters.n);
	}
	t->f.clusters = clusters.n;
	strmap_free(&clusters);
}

/* The conflicts involving it, and the facts from them. */
static void
conflicts(const struct touch_plan *k, const long long *waves, size_t nwaves,
    int (*acked)(void *, int64_t), void *arg, struct change_touch *t)
{
	size_t cap = 0;

	for (size_t i = 0; i < k->cl->n; i++) {
		const struct conflict *c = &k->cl->v[i];
		if (!involves(k, c, waves, nwaves, t->in_change))
			continue;
		int64_t fp = conflict_fingerprint(k->in, k->p, k->first, c);
		int ack = !c->error && acked && acked(arg, fp);
		t->conflicts = xgrow(t->conflicts, &cap, t->nconflicts, sizeof *t->conflicts);
		t->conflicts[t->nconflicts++] = (struct touch_conflict){ i, fp, ack };
		t->f.errors += c->error != 0;
		t->f.warnings += c->error == 0;
		/* An accepted risk was accepted by its exception. */
		t->f.unacknowledged += c->error == 0 && !ack &&
		    c->code != C_ACCEPTED_RISK;
	}
}

static int
block_seen(struct buf *seen, const char *kind, const char *label, int64_t a, int64_t z)
{
	char key[512];

	snprintf(key, sizeof key, "\n%s|%s|%" PRId64 "|%" PRId64 "\n", kind, label, a, z);
	if (seen->s && strstr(seen->s, key))
		return 1;
	buf_add(seen, key, strlen(key) - 1);
	return 0;
}

/* Provider maintenance and freezes within a day of its windows that
 * concern its assets: the timeline draws them. */
static void
blocks(const struct touch_plan *k, struct change_touch *t)
{
	const struct plan_input *in = k->in;
	struct buf seen = { 0 };
	unsigned char *mcache;
	int64_t lo = t->start_utc - 86400, hi = t->end_utc + 86400;
	size_t cap = 0;

	if (t->nplacements == 0)
		return;
	mcache = xcalloc(in->nassets * (in->nscopes ? in->nscopes : 1) + 1, 1);
	for (int pass = 0; pass < 2; pass++) {
		const struct interval *v = pass ? in->sblocks : in->blocks;
		size_t n = pass ? in->nsblocks : in->nblocks;
		const char *const *labels = pass ? in->sblock_labels : in->block_labels;
		for (size_t i = 0; i < n && t->nblocks < TOUCH_MAX_BLOCKS; i++) {
			const struct interval *b = &v[i];
			int hit = 0;
			if (b->end <= lo || b->start >= hi)
				continue;
			if (pass == 0)
				hit = b->tag == PLAN_EVERY_ASSET ||
				    (b->tag < in->nassets && t->in_change[b->tag]);
			else
				for (size_t a = 0; a < in->nassets && !hit; a++)
					hit = t->in_change[a] && plan_scope_match(in, mcache,
					    a, b->tag);
			const char *kind = b->group & 1 ? "provider" : "freeze";
			const char *label = labels && labels[i] ? labels[i] : "";
			if (!hit || block_seen(&seen, kind, label, b->start, b->end))
				continue;
			t->blocks = xgrow(t->blocks, &cap, t->nblocks, sizeof *t->blocks);
			t->blocks[t->nblocks++] = (struct touch_block){ kind, label, b->start,
			    b->end };
		}
	}
	free(mcache);
	buf_free(&seen);
}

void
change_touch_make(const struct touch_plan *k, const long long *waves, size_t nwaves,
    int (*acked)(void *, int64_t), void *arg, struct change_touch *t)
{
	memset(t, 0, sizeof *t);
	t->in_change = xcalloc(k->in->nassets ? k->in->nassets : 1, 1);
	placements(k, waves, nwaves, t);
	conflicts(k, waves, nwaves, acked, arg, t);
	blocks(k, t);
}

void
change_touch_free(struct change_touch *t)
{
	free(t->in_change);
	free(t->windows);
	free(t->placements);
	free(t->conflicts);
	free(t->blocks);
	memset(t, 0, sizeof *t);
}

void
change_waves_digest(const struct touch_plan *k, const long long *waves, size_t nwaves,
    int settings, char out[65])
{
	struct buf b = { 0 };
	long long *sorted = xmalloc((nwaves ? nwaves : 1) * sizeof *sorted);

	memcpy(sorted, waves, nwaves * sizeof *sorted);
	for (size_t i = 1; i < nwaves; i++)	/* a handful: insertion sort */
		for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
			long long x = sorted[j];
			sorted[j] = sorted[j - 1];
			sorted[j - 1] = x;
		}
	for (size_t w = 0; w < nwaves; w++) {
		buf_printf(&b, "wave %lld\n", sorted[w]);
		for (size_t i = 0; i < k->p->n; i++) {
			const struct placement *pl = &k->p->v[i];
			if (k->wave_ids[i] != sorted[w])
				continue;
			const struct slot *sl = &k->in->slots[pl->slot];
			buf_printf(&b, "%s %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64,
			    k->in->assets[pl->asset].key, sl->start_utc, sl->end_utc,
			    pl->start_utc, pl->end_utc);
			/* What the exports carry out too: a replan keeps a wave's
			 * id (storage/plans.c), so a window whose reboot,
			 * concurrency or cutoff changed must change the digest. */
			if (settings)
				buf_printf(&b, " reboot %d concurrency %d last %" PRId64,
				    sl->reboot != 0, sl->concurrency, sl->last_start_utc);
			buf_addc(&b, '\n');
		}
	}
	sha256_hex(b.s ? b.s : "", b.len, out);
	buf_free(&b);
	free(sorted);
}
