/* The checker's pass over assets: UNPLANNED, a customer-owned asset with
 * pending patches, or a pending reboot, and no wave (but for one carried
 * out: plan_input.done). */
#include "conflicts_internal.h"

/* Customer-owned assets with pending patches or a pending reboot, and no
 * wave. */
static int
unplanned(const struct ck *c, size_t a)
{
	return c->asset_at[a] == c->asset_at[a + 1] &&
	    deadline_wanted(&c->in->deadlines[a]) &&
	    service_model_customer_owned(c->in->assets[a].service_model) &&
	    !(c->in->done && c->in->done[a]);
}

void
check_unplanned(struct ck *c)
{
	for (size_t a = 0; a < c->in->nassets; a++) {
		if (!unplanned(c, a))
			continue;
		struct conflict *k = add(c, C_UNPLANNED, 1, SIZE_MAX, SIZE_MAX,
		    c->in->deadlines[a].advisory);
		k->at = c->in->deadlines[a].due_utc;
		add_asset(k, a);
	}
}

/* The sentence (conflict_message) of what this pass raises. */
void
say_unplanned(const struct plan_input *in, const struct conflict *k,
    struct buf *out)
{
	const struct deadline *d = conflict_deadline(in, k);
	char t1[32];

	if (d && d->patches == 0 && d->reboot_pending)
		buf_printf(out, "%s has a pending reboot (due %s) and no wave",
		    conflict_host(in, k), conflict_when(k->at, t1));
	else
		buf_printf(out, "%s has %d pending patch%s (due %s) and no wave",
		    conflict_host(in, k), d ? d->patches : 0,
		    d && d->patches == 1 ? "" : "es", conflict_when(k->at, t1));
}
