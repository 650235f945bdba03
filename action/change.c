/* Change records and acknowledgements as actions: create, edit, every
 * workflow step and CAB decision, each one transaction over the stored plan
 * as it is then, the same for `patchwave change ...` and the terminal UI. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"

struct op {
	const struct act	*a;
	const char		*number;
	const struct change_fields *f;
	const long long		*waves;
	size_t			 nwaves;
	enum change_action	 action;
	const char		*comment;
	char			*made;
	enum change_state	 state;
	int64_t			 fp;		/* ack: the conflict */
	enum conflict_code	 code;		/* ack: its code, once found */
};

/* Begin, load and check the stored plan when the operation needs it (a
 * snapshot of what the change touches), run fn, commit; rolled back on
 * anything else. */
static int
in_transaction(const struct act *a, int need_plan, int (*fn)(struct op *,
    const struct checked *, struct pw_error *), struct op *o, struct pw_error *err)
{
	struct pw_diags warn = { 0 };	/* the calendars': shown by check */
	struct checked k;
	int rc;

	memset(&k, 0, sizeof k);
	if (store_begin(a->store, err) != 0)
		return STORE_FAILED;
	if (need_plan) {
		if (store_plan_check(a->store, &k, &warn, err) != 0) {
			rc = STORE_FAILED;
			goto out;
		}
		if (!k.found) {
			pw_error_set(err, NULL, 0, "no plan yet: make one first (patchwave "
			    "plan, or P in the terminal UI)");
			rc = STORE_REFUSED;
			goto out;
		}
	}
	rc = fn(o, &k, err);
	if (rc == 0 && store_commit(a->store, err) != 0)
		rc = STORE_FAILED;
	else if (rc > 0)
		rc = STORE_REFUSED;
	else if (rc < 0)
		rc = STORE_FAILED;
out:
	if (rc != STORE_OK)
		store_rollback(a->store);
	checked_free(&k);
	pw_diags_free(&warn);
	return rc;
}

static int
create(struct op *o, const struct checked *k, struct pw_error *err)
{
	return store_change_create(o->a->store, k, o->waves, o->nwaves, o->f, o->a->who,
	    o->a->now, &o->made, err);
}

/* Whether what a person typed is within its bound (model/change.h): 0, or
 * -1 with err. */
static int
text_fits(const char *what, const char *s, size_t max, struct pw_error *err)
{
	char why[256];

	if (change_text_fits(what, s, max, why, sizeof why) == 0)
		return 0;
	pw_error_set(err, NULL, 0, "%s", why);
	return -1;
}

static int
fields_fit(const struct change_fields *f, struct pw_error *err)
{
	return text_fits("title", f->title, CHANGE_TITLE_MAX, err) ||
	    text_fits("description", f->description, CHANGE_TEXT_MAX, err) ||
	    text_fits("implementation", f->implementation, CHANGE_TEXT_MAX, err) ||
	    text_fits("test plan", f->test_plan, CHANGE_TEXT_MAX, err) ||
	    text_fits("backout plan", f->backout_plan, CHANGE_TEXT_MAX, err) ? -1 : 0;
}

int
act_change_create(const struct act *a, const long long *waves, size_t nwaves,
    const struct change_fields *f, char **number, struct pw_error *err)
{
	struct op o = { .a = a, .f = f, .waves = waves, .nwaves = nwaves };
	int rc;

	*number = NULL;
	if (fields_fit(f, err) != 0)
		return STORE_REFUSED;
	rc = in_transaction(a, 1, create, &o, err);

	*number = rc == STORE_OK ? o.made : NULL;
	if (rc != STORE_OK)
		free(o.made);
	return rc;
}

static int
edit(struct op *o, const struct checked *k, struct pw_error *err)
{
	return store_change_edit(o->a->store, k, o->number, o->f, o->waves, o->nwaves,
	    o->a->who, o->a->now, err);
}

int
act_change_edit(const struct act *a, const char *number, const struct change_fields *f,
    const long long *waves, size_t nwaves, struct pw_error *err)
{
	struct op o = { .a = a, .number = number, .f = f, .waves = waves,
	    .nwaves = nwaves };

	if (fields_fit(f, err) != 0)
		return STORE_REFUSED;
	return in_transaction(a, 1, edit, &o, err);
}

static int
step(struct op *o, const struct checked *k, struct pw_error *err)
{
	int rc;

	/* Carrying out is of the plan approved, not one changed since. */
	if (o->action == CA_IMPLEMENT && (rc = store_change_plan_holds(o->a->store, k,
	    o->number, "implemented", err)) != 0)
		return rc;
	return store_change_act(o->a->store, k, o->number, o->action, o->a->who,
	    o->comment, o->a->now, &o->state, err);
}

/* A CAB decision: the policy in force says who is on the CAB and how many
 * approvals approve. */
static int
decide(struct op *o, const struct checked *k, struct pw_error *err)
{
	struct policy p;
	int found, rc;

	/* An approval is of the plan submitted, not one changed since; by
	 * the CAB the log's last policy import named, not one set by hand. */
	if (o->action == CA_APPROVE && (rc = store_change_plan_holds(o->a->store, k,
	    o->number, "approved", err)) != 0)
		return rc;
	if ((rc = store_policy_cab_held(o->a->store, err)) != 0)
		return rc;
	if (store_policy_load(o->a->store, &p, &found, err) != 0)
		return -1;
	struct cab cab = { (const char *const *)p.approvers, p.napprovers, p.quorum };
	rc = store_change_decide(o->a->store, o->number, o->action, o->a->who, o->comment,
	    &cab, o->a->now, &o->state, err);
	policy_free(&p);
	return rc;
}

int
act_change_step(const struct act *a, const char *number, enum change_action action,
    const char *comment, enum change_state *state, struct pw_error *err)
{
	int decision = action == CA_APPROVE || action == CA_REJECT;
	struct op o = { .a = a, .number = number, .action = action, .comment = comment };

	if (text_fits("comment", comment, CHANGE_COMMENT_MAX, err) != 0)
		return STORE_REFUSED;
	/* Submitting snapshots the plan as it is now, approving and carrying
	 * out hold it to that; the rest need no plan. */
	int rc = in_transaction(a, action == CA_SUBMIT || action == CA_APPROVE ||
	    action == CA_IMPLEMENT, decision ? decide : step, &o, err);

	if (state)
		*state = o.state;
	return rc;
}

int
act_change_tally(const struct act *a, const char *number, size_t *approvals,
    int *quorum, struct pw_error *err)
{
	struct policy p;
	struct change_replay r;
	size_t rejections;
	int found;

	if (store_change_tally(a->store, number, approvals, &rejections, err) < 0 ||
	    store_policy_load(a->store, &p, &found, err) != 0)
		return -1;
	/* As store_change_decide counts it. */
	if (store_audit_replay(a->store, number, &r, err) != 0) {
		policy_free(&p);
		change_replay_free(&r);
		return -1;
	}
	*quorum = change_quorum(p.quorum, &r);
	policy_free(&p);
	change_replay_free(&r);
	return 0;
}

int
act_change_late(const struct act *a, const char *number, char *why, size_t whysz,
    struct pw_error *err)
{
	int rc;

	if (store_read_begin(a->store, err) != 0)
		return -1;
	rc = store_change_late(a->store, number, a->now, why, whysz, err);
	store_read_end(a->store);
	return rc;
}

int
act_change_plan_held(const struct act *a, const char *number, int *held,
    struct pw_error *err)
{
	struct pw_diags warn = { 0 };
	struct checked k;
	int rc;

	*held = 1;
	memset(&k, 0, sizeof k);
	if (store_read_begin(a->store, err) != 0)
		return -1;
	if ((rc = store_plan_check(a->store, &k, &warn, err)) == 0 && k.found) {
		struct pw_error moved;
		int r = store_change_plan_holds(a->store, &k, number, "approved", &moved);
		if (r < 0) {
			*err = moved;
			rc = -1;
		}
		*held = r == 0;
	}
	store_read_end(a->store);
	checked_free(&k);
	pw_diags_free(&warn);
	return rc;
}

/* text without the white space around it (caller frees), or NULL when
 * nothing is left. */
static char *
trimmed(const char *text)
{
	const char *a = text ? text : "", *z;

	while (isspace((unsigned char)*a))
		a++;
	z = a + strlen(a);
	while (z > a && isspace((unsigned char)z[-1]))
		z--;
	return z > a ? xstrndup(a, (size_t)(z - a)) : NULL;
}

static int
ack(struct op *o, const struct checked *k, struct pw_error *err)
{
	for (size_t i = 0; i < k->cl.n; i++) {
		const struct conflict *c = &k->cl.v[i];
		if (conflict_fingerprint(&k->d.in, &k->p, k->first, c) != o->fp)
			continue;
		o->code = c->code;
		if (c->error) {
			pw_error_set(err, NULL, 0, "%016llx is an error (%s): errors are "
			    "resolved, not acknowledged: move its assets (edit move; "
			    "conflicts --new proposes where), or accept a breach's "
			    "risk (exception add)", (unsigned long long)o->fp,
			    conflict_code_name(c->code));
			return 1;
		}
		struct ack_of of = { o->fp, conflict_code_name(c->code),
		    c->wave == SIZE_MAX ? 0 : k->wave_ids[k->first[c->wave]],
		    c->nassets ? k->d.assets[c->assets[0]].hostname : NULL,
		    c->nassets ? c->nassets - 1 : 0 };
		return store_ack_put(o->a->store, &of, o->a->who, o->comment, err);
	}
	pw_error_set(err, NULL, 0, "the plan has no conflict %016llx (see patchwave "
	    "conflicts)", (unsigned long long)o->fp);
	return 1;
}

int
act_ack(const struct act *a, int64_t fingerprint, const char *reason,
    enum conflict_code *code, struct pw_error *err)
{
	char *why = trimmed(reason);
	struct op o = { .a = a, .comment = why, .fp = fingerprint, .code = C_COUNT };
	int rc;

	if (why == NULL) {
		pw_error_set(err, NULL, 0, "an acknowledgement needs a justification: say "
		    "why the warning is acceptable");
		return STORE_REFUSED;
	}
	if (text_fits("justification", why, CHANGE_COMMENT_MAX, err) != 0) {
		free(why);
		return STORE_REFUSED;
	}
	rc = in_transaction(a, 1, ack, &o, err);
	if (code)
		*code = o.code;
	free(why);
	return rc;
}
