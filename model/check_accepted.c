/* The checker's pass over exceptions: ACCEPTED_RISK, where the pending
 * patches an exception covers (kept apart in the asset's deadline) are
 * planned to end after their deadline, or their asset is in no wave. The
 * patches no exception covers are SLA_BREACH and UNPLANNED as before. */
#include "conflicts_internal.h"

void
check_accepted(struct ck *c)
{
	const struct plan_input *in = c->in;

	for (size_t a = 0; a < in->nassets; a++) {
		const struct deadline *d = &in->deadlines[a];
		struct conflict *k;

		if (d->covered == 0 ||
		    !service_model_customer_owned(in->assets[a].service_model))
			continue;
		if (c->asset_at[a] == c->asset_at[a + 1]) {
			k = add(c, C_ACCEPTED_RISK, 0, SIZE_MAX, SIZE_MAX,
			    d->covered_advisory);
			k->at = d->covered_due_utc;
			add_asset(k, a);
			continue;
		}
		for (size_t j = c->asset_at[a]; j < c->asset_at[a + 1]; j++) {
			size_t i = c->by_asset[j];
			const struct placement *pl = &c->plan->v[i];
			if (pl->end_utc <= d->covered_due_utc)
				continue;
			k = add(c, C_ACCEPTED_RISK, 0, c->wave_of[i], pl->slot,
			    d->covered_advisory);
			k->at = pl->end_utc;
			add_asset(k, a);
		}
	}
}

/* The sentence (conflict_message) of what this pass raises. */
void
say_accepted_risk(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	const struct deadline *d = conflict_deadline(in, k);
	char t1[32], t2[32];
	int n = d ? d->covered : 0;

	if (k->slot == UINT_MAX)
		buf_printf(out, "%s is in no wave; %d pending patch%s an exception "
		    "covers (%s first, due %s): risk accepted", conflict_host(in, k),
		    n, n == 1 ? "" : "es", k->other, conflict_when(k->at, t1));
	else
		buf_printf(out, "%s is planned to end %s, after the deadline %s of %d "
		    "pending patch%s an exception covers (%s first): risk accepted",
		    conflict_host(in, k), conflict_when(k->at, t1),
		    conflict_when(d ? d->covered_due_utc : 0, t2), n, n == 1 ? "" : "es",
		    k->other);
}
