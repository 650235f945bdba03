/* The checker's pass over placements: who may not be in a wave
 * (PROVIDER_OWNED), deadlines (SLA_BREACH, SLA_AT_RISK), reboots
 * (REBOOT_NOT_ALLOWED), admission (OUTSIDE_WINDOW) and release days
 * (NOT_RELEASED), each placement once, in asset order. */
#include "conflicts_internal.h"

/* Per placement: ownership, deadlines, reboots, admission, releases. */
void
check_placements(struct ck *c)
{
	const struct plan_input *in = c->in;
	int64_t risk = (int64_t)in->policy->at_risk_days * 86400;

	for (size_t j = 0; j < c->plan->n; j++) {
		size_t i = c->ord[j];
		const struct placement *pl = &c->plan->v[i];
		const struct asset *a = &in->assets[pl->asset];
		const struct deadline *d = &in->deadlines[pl->asset];
		const struct slot *sl = &in->slots[pl->slot];
		size_t w = c->wave_of[i];
		struct conflict *k;
		/* In a window that has ended undone (a stale plan): PAST_WINDOW
		 * says so, and "at risk" would read as work still ahead. */
		int past = sl->end_utc <= in->now_utc && !(in->done && in->done[pl->asset]);

		if (!service_model_customer_owned(a->service_model)) {
			k = add(c, C_PROVIDER_OWNED, 1, w, pl->slot,
			    service_model_name(a->service_model));
			add_asset(k, pl->asset);
		}
		if (deadline_wanted(d) && pl->end_utc > d->due_utc) {
			k = add(c, C_SLA_BREACH, 1, w, pl->slot, d->advisory);
			k->at = pl->end_utc;
			add_asset(k, pl->asset);
		} else if (deadline_wanted(d) && d->due_utc - pl->end_utc < risk &&
		    !past) {
			k = add(c, C_SLA_AT_RISK, 0, w, pl->slot, d->advisory);
			k->at = pl->end_utc;
			add_asset(k, pl->asset);
		}
		if (d->reboot && !sl->reboot) {
			k = add(c, C_REBOOT_NOT_ALLOWED, 1, w, pl->slot, sl->name);
			add_asset(k, pl->asset);
		}
		if (!slot_admits(sl, a) || pl->start_utc < sl->start_utc ||
		    pl->end_utc > sl->end_utc) {
			k = add(c, C_OUTSIDE_WINDOW, 1, w, pl->slot, sl->name);
			add_asset(k, pl->asset);
		}
		/* A pin or an edit may put it there; the planner never does. */
		if (d->patches > 0 && pl->start_utc < d->release_utc) {
			k = add(c, C_NOT_RELEASED, 1, w, pl->slot, sl->name);
			k->at = pl->start_utc;
			add_asset(k, pl->asset);
		}
	}
}

/* The sentences (conflict_message) of what this pass raises. */
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

	buf_printf(out, "%s is planned to end %s, after its deadline %s (%s%s%s)",
	    conflict_host(in, k), conflict_when(k->at, t1),
	    conflict_when(d ? d->due_utc : 0, t2),
	    d && d->patches == 0 ? "" : d ? severity_name(d->severity) : "?",
	    d && d->patches == 0 ? "" : " ", k->other);
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
say_not_released(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	const struct deadline *d = conflict_deadline(in, k);
	char t1[32], t2[32];

	buf_printf(out, "%s is planned to start %s, before its last pending patch "
	    "is released (%s)", conflict_host(in, k), conflict_when(k->at, t1),
	    conflict_when(d && d->release_utc != INT64_MIN ? d->release_utc : 0, t2));
}
