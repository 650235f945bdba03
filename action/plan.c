/* Planning as an action: the CLI's plan and the terminal UI's P make the
 * plan from the same "now" the same way, and store it through the one path
 * every change to the plan takes (store_plan_change). */
#include <string.h>

#include "action.h"

/* Is something missing that a plan needs? Then say what and the command
 * that adds it (err). Assets the policy's stages leave out are said too
 * (warn): they are planned, after the last stage. */
static int
nothing_to_plan(const struct plan_data *d, struct pw_diags *warn, struct pw_error *err)
{
	size_t wanted = 0, staged = 0, first = SIZE_MAX;

	for (size_t i = 0; i < d->nassets; i++) {
		/* planner_cands' candidates */
		if (!service_model_customer_owned(d->assets[i].service_model) ||
		    (!deadline_wanted(&d->deadlines[i]) &&
		    deadline_pending(&d->deadlines[i]) == 0) || d->done[i])
			continue;
		wanted++;
		if (plan_stage_of(&d->policy, &d->assets[i]) < d->policy.nstages)
			staged++;
		else if (first == SIZE_MAX)
			first = i;
	}
	if (!d->policy_found)
		pw_error_set(err, NULL, 0, "nothing to plan: no policy (windows, SLAs, "
		    "stages) is imported: patchwave import policy FILE");
	else if (d->nassets == 0)
		pw_error_set(err, NULL, 0, "nothing to plan: no assets: patchwave import "
		    "inventory FILE");
	else if (wanted == 0)
		pw_error_set(err, NULL, 0, "nothing to plan: none of the %zu assets has a "
		    "pending patch or reboot that is ours to install: patchwave import "
		    "patches FILE (patchwave patches lists what is pending)", d->nassets);
	else {
		if (d->policy.nstages > 0 && staged < wanted && warn)
			pw_diags_add(warn, NULL, 0, "%zu of %zu assets to plan match no stage "
			    "of the policy (%s, ...): they are planned after the last stage",
			    wanted - staged, wanted, d->assets[first].key);
		return 0;
	}
	return 1;
}

int
act_plan_make(const struct act *a, int horizon_days, int keep_pinned,
    struct plan_data *d, struct plan *p, struct pw_diags *warn, struct pw_error *err)
{
	memset(p, 0, sizeof *p);
	if (store_plan_data_load(a->store, a->now, horizon_days, keep_pinned, d, warn,
	    err) != 0)
		return STORE_FAILED;
	if (nothing_to_plan(d, warn, err))
		return STORE_REFUSED;
	d->in.cancel = a->cancel;
	d->in.progress = a->progress;
	d->in.progress_arg = a->progress_arg;
	if (plan_make(&d->in, p) != 0 || (a->cancel && *a->cancel)) {
		pw_error_set(err, NULL, 0, "planning cancelled: nothing changed");
		return STORE_REFUSED;
	}
	return STORE_OK;
}

struct store_arg {
	const struct act	*a;
	struct plan_data	*d;
	struct plan		*p;
};

/* Undo keeps the whole plan before this one; then it is replaced, and the
 * placements made are freed before the stored ones are read back. */
static int
replace_plan(void *arg, struct store *s, struct pw_error *err)
{
	struct store_arg *x = arg;
	int rc = store_undo_mark(s, "plan", x->a->who, NULL, 0, NULL, 0, 1, err);

	if (rc == 0)
		rc = store_plan_save_kept(s, x->d, x->p, err);
	plan_free(x->p);
	return rc;
}

int
act_plan_store(const struct act *a, struct plan_data *d, struct plan *p,
    long long expect, int force, struct checked *k, struct redraft *redrafted,
    struct pw_diags *warn, struct pw_error *err)
{
	struct store_arg x = { a, d, p };
	/* The plan as stored is checked over the inputs it was made from: they
	 * are not loaded again. */
	struct plan_change c = { "plan", expect, replace_plan, &x, d, force, { 0 } };
	int rc = store_plan_change(a->store, &c, k, warn, err);

	if (redrafted)
		*redrafted = c.redrafted;
	else
		redraft_free(&c.redrafted);
	return rc;
}
