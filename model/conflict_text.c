/* What a conflict says: its sentence, written only for the conflicts shown,
 * and its fingerprint, what it is about whatever the wording. */
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"
#include "conflicts_internal.h"

void
say_provider_owned(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	buf_printf(out, "%s is %s: its provider patches it, it does not belong "
	    "in a wave", conflict_host(in, k), k->other);
}

void
say_sla_breach(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	const struct deadline *d = conflict_deadline(in, k);
	char t1[32], t2[32];

	buf_printf(out, "%s is planned to end %s, after its deadline %s (%s %s)",
	    conflict_host(in, k), conflict_when(k->at, t1),
	    conflict_when(d ? d->due_utc : 0, t2),
	    d ? severity_name(d->severity) : "?", k->other);
}

void
say_sla_at_risk(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	const struct deadline *d = conflict_deadline(in, k);
	char t1[32], t2[32];

	buf_printf(out, "%s is planned to end %s, less than %d days before its "
	    "deadline %s", conflict_host(in, k), conflict_when(k->at, t1),
	    in->policy->at_risk_days, conflict_when(d ? d->due_utc : 0, t2));
}

void
say_reboot_not_allowed(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	buf_printf(out, "%s needs a reboot but window %s allows none",
	    conflict_host(in, k), conflict_window(in, k));
}

void
say_outside_window(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	buf_printf(out, "%s is not one of the assets window %s is for, or runs "
	    "outside it", conflict_host(in, k), conflict_window(in, k));
}

void
say_unplanned(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	const struct deadline *d = conflict_deadline(in, k);
	char t1[32];

	buf_printf(out, "%s has %d pending patch%s (due %s) and no wave",
	    conflict_host(in, k), d ? d->patches : 0,
	    d && d->patches == 1 ? "" : "es", conflict_when(k->at, t1));
}

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
		buf_printf(out, "work in window %s cannot finish before its "
		    "cutoff", conflict_window(in, k));
}

void
say_dst(const struct plan_input *in, const struct conflict *k, struct buf *out)
{
	const struct slot *sl = conflict_slot(in, k);

	buf_printf(out, "window %s starts at a local time that %s that day",
	    conflict_window(in, k), sl && sl->local_start == TZ_LOCAL_GAP ?
	    "does not exist (a DST gap moves it)" : "happens twice (DST)");
}

void
say_provider_overlap(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	buf_printf(out, "window %s overlaps provider maintenance: %s",
	    conflict_window(in, k), k->other);
}

void
say_freeze(const struct plan_input *in, const struct conflict *k, struct buf *out)
{
	buf_printf(out, "window %s falls in a change freeze: %s",
	    conflict_window(in, k), k->other);
}

void
say_cluster_down(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	char t1[32];

	(void)in;
	buf_printf(out, "%d members of cluster %s are down at once at %s; at most "
	    "%d may be", k->count, k->other, conflict_when(k->at, t1), k->limit);
}

/* count is the wave's stage, limit the earlier one it starts too soon after. */
void
say_stage_order(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	const struct policy *pol = in->policy;
	const struct slot *sl = conflict_slot(in, k);
	size_t now = (size_t)k->count, before = (size_t)k->limit;
	char t1[32], t2[32];

	buf_printf(out, "window %s (stage %s) starts %s, before stage %s has ended "
	    "and soaked %d days (%s)", conflict_window(in, k), now < pol->nstages ?
	    pol->stages[now].name : "none", conflict_when(sl ? sl->start_utc : 0, t1),
	    before < pol->nstages ? pol->stages[before].name : "?",
	    before < pol->nstages ? pol->stages[before].soak_days : 0,
	    conflict_when(k->at, t2));
}

/* Each code's sentence, from the code list. */
static conflict_say_fn *const sentences[C_COUNT] = {
#define CONFLICT_SENTENCE(code, say, meaning)	[C_##code] = say,
	CONFLICT_CODES(CONFLICT_SENTENCE)
#undef CONFLICT_SENTENCE
};

void
conflict_message(const struct plan_input *in, const struct conflict *k, struct buf *out)
{
	if ((unsigned)k->code < C_COUNT)
		sentences[k->code](in, k, out);
}

/* FNV-1a, 64 bits: a million fingerprints collide with odds near 1e-8. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t
fnv_str(uint64_t h, const char *s)
{
	return fnv(h, s, strlen(s) + 1);	/* the NUL separates fields */
}

/* What a conflict is about, not its wording: its code, the start of its
 * wave's window occurrence and the wave's stage, its assets' keys and the
 * other party, hashed. Stable across a reload, so a baseline made when the
 * plan was saved still knows the conflict later. */
int64_t
conflict_fingerprint(const struct plan_input *in, const struct plan *p, const size_t *first,
    const struct conflict *x)
{
	uint64_t h = fnv_str(0xcbf29ce484222325ULL, conflict_code_name(x->code));

	if (x->wave != SIZE_MAX) {
		const struct placement *pl = &p->v[first[x->wave]];
		int64_t start = in->slots[pl->slot].start_utc;
		uint64_t stage = pl->stage;
		h = fnv(h, &start, sizeof start);
		h = fnv(h, &stage, sizeof stage);
	}
	h = fnv(h, "", 1);
	for (size_t j = 0; j < x->nassets; j++)
		h = fnv_str(h, in->assets[x->assets[j]].key);
	h = fnv(h, "", 1);
	h = fnv_str(h, x->other ? x->other : "");
	return (int64_t)h;
}
