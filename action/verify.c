/* Verification after the window as actions: the changes verified, and a
 * verdict applied (implemented, failed) in one transaction with the
 * evidence in its audit entry, the same for `patchwave verify` and the
 * terminal UI. */
#include <stdlib.h>
#include <string.h>

#include "action.h"

/* Keep number's verification in *v (grown): 0, 1 when no such change. */
static int
keep(const struct act *a, const char *number, struct change_verified **v, size_t *n,
    size_t *cap, struct pw_error *err)
{
	int rc;

	*v = xgrow(*v, cap, *n, sizeof **v);
	if ((rc = store_change_verify(a->store, number, a->now, &(*v)[*n], err)) == 1) {
		++*n;
		return 0;
	}
	if (rc == 0)
		pw_error_set(err, NULL, 0, "no change %.80s (see patchwave change list)",
		    number);
	return rc == 0 ? 1 : -1;
}

int
act_verify(const struct act *a, const char *const *numbers, size_t nnumbers,
    struct change_verified **v, size_t *nv, struct pw_error *err)
{
	char **all = NULL;
	size_t nall = 0, cap = 0;
	int rc = 0;

	*v = NULL;
	*nv = 0;
	if (store_read_begin(a->store, err) != 0)
		return STORE_FAILED;
	if (nnumbers == 0 && store_change_numbers(a->store, CS_APPROVED, &all, &nall,
	    err) != 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < nnumbers; i++)
		rc = keep(a, numbers[i], v, nv, &cap, err);
	for (size_t i = 0; rc == 0 && i < nall; i++) {
		if ((rc = keep(a, all[i], v, nv, &cap, err)) == 0 &&
		    !(*v)[*nv - 1].ended)
			change_verified_free(&(*v)[--*nv]);	/* not yet due */
	}
	for (size_t i = 0; i < nall; i++)
		free(all[i]);
	free(all);
	store_read_end(a->store);
	if (rc != 0) {
		for (size_t i = 0; i < *nv; i++)
			change_verified_free(&(*v)[i]);
		free(*v);
		*v = NULL;
		*nv = 0;
	}
	return rc == 0 ? STORE_OK : rc > 0 ? STORE_REFUSED : STORE_FAILED;
}

struct apply {
	const struct act	*a;
	const char		*number;
	struct change_verified	*v;
	int			*moved;
	enum change_state	*state;
};

static int
apply(struct apply *o, struct pw_error *err)
{
	struct checked none;
	struct buf why = { 0 };
	int rc;

	if ((rc = store_change_verify(o->a->store, o->number, o->a->now, o->v, err)) != 1) {
		if (rc == 0)
			pw_error_set(err, NULL, 0, "no change %.80s", o->number);
		return rc == 0 ? 1 : -1;
	}
	*o->state = o->v->state;
	if (o->v->state != CS_APPROVED) {
		pw_error_set(err, NULL, 0, "%s is %s: only an approved change is marked "
		    "implemented or failed by verify", o->number,
		    change_state_name(o->v->state));
		return 1;
	}
	if (!o->v->ended) {
		pw_error_set(err, NULL, 0, "%s: its windows have not all ended",
		    o->number);
		return 1;
	}
	if (o->v->verdict == VV_UNKNOWN)
		return 0;	/* stays approved until every asset is rescanned */
	memset(&none, 0, sizeof none);	/* no plan needed: not a submission */
	change_verified_evidence(o->v, &why);
	rc = store_change_act(o->a->store, &none, o->number, o->v->verdict ==
	    VV_PATCHED ? CA_IMPLEMENT : CA_FAIL, o->a->who, buf_str(&why), o->a->now,
	    o->state, err);
	buf_free(&why);
	if (rc == 0)
		*o->moved = 1;
	return rc;
}

int
act_verify_apply(const struct act *a, const char *number, struct change_verified *v,
    int *moved, enum change_state *state, struct pw_error *err)
{
	struct apply o = { a, number, v, moved, state };
	int rc;

	*moved = 0;
	memset(v, 0, sizeof *v);
	if (store_begin(a->store, err) != 0)
		return STORE_FAILED;
	rc = apply(&o, err);
	if (rc == 0 && store_commit(a->store, err) != 0)
		rc = -1;
	if (rc != 0) {
		store_rollback(a->store);
		*moved = 0;
	}
	return rc == 0 ? STORE_OK : rc > 0 ? STORE_REFUSED : STORE_FAILED;
}
