/* What a conflict says: its sentence, written only for the conflicts shown,
 * and its fingerprint, what it is about whatever the wording. */
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"
#include "civil.h"
#include "conflicts.h"

static const char *
when(int64_t t, char *buf)
{
	utc_format(t, buf);
	return buf;
}

void
conflict_message(const struct plan_input *in, const struct conflict *k, struct buf *out)
{
	const struct asset *a = k->nassets ? &in->assets[k->assets[0]] : NULL;
	const struct deadline *d = k->nassets ? &in->deadlines[k->assets[0]] : NULL;
	const struct slot *sl = k->slot < in->nslots ? &in->slots[k->slot] : NULL;
	const char *host = a ? a->hostname : "?", *win = sl ? sl->name : "?";
	const struct policy *pol = in->policy;
	char t1[32], t2[32];

	switch (k->code) {
	case C_PROVIDER_OWNED:
		buf_printf(out, "%s is %s: its provider patches it, it does not belong "
		    "in a wave", host, k->other);
		break;
	case C_SLA_BREACH:
		buf_printf(out, "%s is planned to end %s, after its deadline %s (%s %s)",
		    host, when(k->at, t1), when(d ? d->due_utc : 0, t2),
		    d ? severity_name(d->severity) : "?", k->other);
		break;
	case C_SLA_AT_RISK:
		buf_printf(out, "%s is planned to end %s, less than %d days before its "
		    "deadline %s", host, when(k->at, t1), pol->at_risk_days,
		    when(d ? d->due_utc : 0, t2));
		break;
	case C_REBOOT_NOT_ALLOWED:
		buf_printf(out, "%s needs a reboot but window %s allows none", host, win);
		break;
	case C_OUTSIDE_WINDOW:
		buf_printf(out, "%s is not one of the assets window %s is for, or runs "
		    "outside it", host, win);
		break;
	case C_UNPLANNED:
		buf_printf(out, "%s has %d pending patch%s (due %s) and no wave", host,
		    d ? d->patches : 0, d && d->patches == 1 ? "" : "es",
		    when(k->at, t1));
		break;
	case C_CAPACITY:
		if (k->count > 0)
			buf_printf(out, "%d assets are worked on at once at %s in window "
			    "%s, which has %d lanes", k->count, when(k->at, t1), win,
			    k->limit);
		else
			buf_printf(out, "work in window %s cannot finish before its "
			    "cutoff", win);
		break;
	case C_DST:
		buf_printf(out, "window %s starts at a local time that %s that day", win,
		    sl && sl->local_start == TZ_LOCAL_GAP ?
		    "does not exist (a DST gap moves it)" : "happens twice (DST)");
		break;
	case C_PROVIDER_OVERLAP:
		buf_printf(out, "window %s overlaps provider maintenance: %s", win,
		    k->other);
		break;
	case C_FREEZE:
		buf_printf(out, "window %s falls in a change freeze: %s", win, k->other);
		break;
	case C_CLUSTER_DOWN:
		buf_printf(out, "%d members of cluster %s are down at once at %s; at most "
		    "%d may be", k->count, k->other, when(k->at, t1), k->limit);
		break;
	case C_STAGE_ORDER: {
		size_t now = (size_t)k->count, before = (size_t)k->limit;
		buf_printf(out, "window %s (stage %s) starts %s, before stage %s has ended "
		    "and soaked %d days (%s)", win, now < pol->nstages ?
		    pol->stages[now].name : "none", when(sl ? sl->start_utc : 0, t1),
		    before < pol->nstages ? pol->stages[before].name : "?",
		    before < pol->nstages ? pol->stages[before].soak_days : 0,
		    when(k->at, t2));
		break;
	}
	case C_COUNT:
		break;
	}
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
