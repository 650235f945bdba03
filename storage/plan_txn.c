/* The one path of a change to the stored plan. A plan, every edit, an undo
 * and an import that retires assets all end the same way inside their
 * transaction: the plan's version goes up (who and what), the stored plan
 * is loaded and checked, its conflicts become the baseline and the change
 * records follow it. This file sits above the other storage files: it calls
 * them (plans.c, plan_edits.c, checked.c, changes.c, undo.c), none of them
 * calls it. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "changes.h"
#include "internal.h"
#include "store.h"

void
redraft_free(struct redraft *r)
{
	buf_free(&r->names);
	buf_free(&r->emptied);
	memset(r, 0, sizeof *r);
}

int
store_plan_changed(struct store *s, const char *what, struct plan_data *inputs,
    struct checked *k, struct redraft *redrafted, struct pw_diags *warn,
    struct pw_error *err)
{
	memset(k, 0, sizeof *k);
	if (redrafted)
		redraft_free(redrafted);
	if (store_plan_bump(s, what, err) != 0) {
		if (inputs)
			plan_data_free(inputs);
		return -1;
	}
	/* Checked as stored, whoever changed it: what the change leaves is the
	 * new baseline, and the change records compare with it. The inputs a
	 * new plan was just made from are not loaded twice. */
	if ((inputs ? store_plan_check_from(s, inputs, k, warn, err) :
	    store_plan_check(s, k, warn, err)) != 0 ||
	    store_baseline_save_plan(s, &k->d.in, &k->p, &k->cl, err) != 0 ||
	    store_changes_follow(s, k, store_actor_name(s), (int64_t)time(NULL),
	    redrafted, err) != 0) {
		checked_free(k);
		return -1;
	}
	return 0;
}

/* The rows of the waves implemented changes carried out as one text (into
 * *out, caller frees), to tell whether an edit or undo changed them. Their members
 * may leave (a plan places an asset again for a patch the change did not
 * cover, plans.c: its change_assets keep what the change did); the waves
 * stay, history. */
static int
carried_out(struct store *s, char **out, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT coalesce(group_concat(x, ';'), '')"
	    " FROM (SELECT id || ',' || stage || ',' || window || ',' || start_utc ||"
	    " ',' || end_utc || ',' || last_start_utc || ',' || reboot || ',' ||"
	    " concurrency || ',' || from_calendar AS x FROM waves WHERE id IN ("
	    CARRIED_OUT ") ORDER BY id)", err);

	*out = NULL;
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = xstrdup(db_col(st, 0));
	sqlite3_finalize(st);
	return *out ? 0 : db_fail(s, err, "reading the waves carried out");
}

int
store_plan_change(struct store *s, struct plan_change *c, struct checked *k,
    struct pw_diags *warn, struct pw_error *err)
{
	struct plan_version v;
	char *before = NULL, *after = NULL;
	int rc = STORE_FAILED;

	memset(k, 0, sizeof *k);
	memset(&c->redrafted, 0, sizeof c->redrafted);
	if (store_begin(s, err) != 0)
		goto out;
	/* Optimistic: the version is read under the write lock, so nobody can
	 * change the plan between this test and the commit. */
	if (c->expect >= 0) {
		if (store_plan_version(s, &v, err) != 0)
			goto rollback;
		if (v.n != c->expect) {
			/* When, as people read it: in the policy's zone. */
			struct buf at = { 0 };
			tz_local_times(&at, v.at, store_policy_zone(s));
			pw_error_set(err, NULL, 0, "the plan changed since version %lld: it "
			    "is version %lld now (%.80s, by %.40s at %s); nothing was changed, "
			    "look again and redo", c->expect, v.n, v.what, v.who, buf_str(&at));
			buf_free(&at);
			rc = STORE_STALE;
			goto rollback;
		}
	}
	if (carried_out(s, &before, err) != 0)
		goto rollback;
	if ((rc = c->apply(c->arg, s, err)) != 0) {
		rc = rc < 0 ? STORE_FAILED : STORE_REFUSED;
		goto rollback;
	}
	/* The waves implemented changes carried out are history: no edit or
	 * undo moves or drops one (their assets may leave them, as a plan's
	 * do, for a patch the change did not cover). */
	rc = STORE_FAILED;
	if (carried_out(s, &after, err) != 0)
		goto rollback;
	if (strcmp(before, after) != 0) {
		pw_error_set(err, NULL, 0, "%.80s would change waves an implemented "
		    "change carried out (history, kept as they are): nothing changed",
		    c->what);
		rc = STORE_REFUSED;
		goto rollback;
	}
	/* The undo step the change marked keeps what it did change. */
	if (store_undo_seal(s, err) != 0)
		goto rollback;
	/* store_plan_changed consumes the inputs, whatever happens. */
	struct plan_data *inputs = c->inputs;
	c->inputs = NULL;
	if (store_plan_changed(s, c->what, inputs, k, &c->redrafted, warn, err) != 0)
		goto rollback;
	/* An approval is a decision of the CAB: losing it takes a yes. */
	if (c->redrafted.n > 0 && !c->force) {
		pw_error_set(err, NULL, 0, "this sends %s back to draft (their approvals "
		    "are lost; undo would not bring them back): nothing changed; say "
		    "--force to do it", buf_str(&c->redrafted.names));
		checked_free(k);
		rc = STORE_REDRAFT;
		goto rollback;
	}
	if (store_commit(s, err) != 0) {
		checked_free(k);
		goto rollback;
	}
	rc = STORE_OK;
	goto out;
rollback:
	store_rollback(s);
out:
	free(before);
	free(after);
	if (c->inputs)
		plan_data_free(c->inputs);
	return rc;
}

int
store_plan_retire(struct store *s, long import_id, struct checked *k,
    struct redraft *redrafted, struct pw_diags *warn, struct pw_error *err)
{
	/* Undo steps could put the retired assets back: they go. */
	if (store_plan_drop_retired(s, import_id, err) != 0 ||
	    store_undo_clear(s, err) != 0)
		return -1;
	return store_plan_changed(s, "an import retired assets (out of the plan)", NULL,
	    k, redrafted, warn, err);
}
