/* Exceptions: when one holds and what it covers (model/exception.c); in the
 * store, who may add and revoke one, what is refused, the audit entries,
 * and the deadlines the planner and checker then read (storage/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../storage/changes.h"
#include "../storage/exceptions.h"
#include "../storage/store.h"
#include "testutil.h"

static char dir[64];
static char path[128];
static struct store *st;

static void
add_patch(struct store_import *imp, const char *key, const char *adv)
{
	struct patch p;
	struct pw_error e;

	patch_init(&p);
	p.asset = strdup(key);
	p.advisory = strdup(adv);
	p.severity = SEV_CRITICAL;
	strcpy(p.released, "2026-11-01");
	p.reboot = 0;
	if (store_patch_put(imp, &p, &e) != 0)
		fail_msg("%s", e.msg);
	patch_clear(&p);
}

/* h1 with CVE-1 and CVE-2, h2 with CVE-1; alice on the CAB, rita a risk
 * owner; the policy's zone Europe/Berlin. */
static int
setup(void **state)
{
	struct pw_error e;
	struct store_counts c;
	struct policy p;

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-exc");
	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(store_open(path, &st, &e), 0);
	assert_int_equal(store_begin(st, &e), 0);
	struct store_import *imp = store_import_begin(st, "inventory", "src", "x.csv", &e);
	for (int i = 0; i < 2; i++) {
		struct asset a;
		asset_init(&a);
		a.key = strdup(i ? "h2" : "h1");
		a.line = 2;
		assert_int_equal(asset_finish(&a, &e), 0);
		assert_int_equal(store_asset_put(imp, &a, &e), 0);
		asset_clear(&a);
	}
	assert_int_equal(store_assets_finish(imp, NULL, NULL, &c, &e), 0);
	store_import_end(imp);
	imp = store_import_begin(st, "patches", "scan", "p.csv", &e);
	add_patch(imp, "h1", "CVE-1");
	add_patch(imp, "h1", "CVE-2");
	add_patch(imp, "h2", "CVE-1");
	assert_int_equal(store_patches_finish(imp, 1, NULL, NULL, NULL, &c, &e), 0);
	store_import_end(imp);
	policy_init(&p);
	free(p.timezone);
	p.timezone = strdup("Europe/Berlin");
	p.approvers = calloc(1, sizeof *p.approvers);
	p.approvers[p.napprovers++] = strdup("alice");
	p.risk_owners = calloc(1, sizeof *p.risk_owners);
	p.risk_owners[p.nrisk_owners++] = strdup("rita");
	imp = store_import_begin(st, "policy", "p", "p.yaml", &e);
	assert_int_equal(store_policy_save(st, store_import_id(imp), &p, &e), 0);
	store_import_end(imp);
	policy_free(&p);
	assert_int_equal(store_commit(st, &e), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(st);
	return test_rmdir(dir);
}

/* One add in its own transaction, as the action runs it: its return. */
static int
add(const char *who, const char *asset, const char *adv, const char *until,
    const char *reason, int64_t now, long long *id, struct pw_error *e)
{
	struct exception x = { 0, asset, adv, until, reason, "", "", "", "", 0 };

	assert_int_equal(store_begin(st, e), 0);
	int rc = store_exception_add(st, &x, who, now, id, e);
	if (rc == 0)
		assert_int_equal(store_commit(st, e), 0);
	else
		store_rollback(st);
	return rc;
}

static int
revoke(const char *who, long long id, int64_t now, struct pw_error *e)
{
	assert_int_equal(store_begin(st, e), 0);
	int rc = store_exception_revoke(st, id, who, now, e);
	if (rc == 0)
		assert_int_equal(store_commit(st, e), 0);
	else
		store_rollback(st);
	return rc;
}

/* Run SQL on a second connection, as the sqlite3 shell would: its error
 * text, "" when none (static). */
static const char *
shell(const char *sql)
{
	static char err[256];
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, sql, NULL, NULL, &msg);
	snprintf(err, sizeof err, "%s", msg ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(db);
	return err;
}

static long long
audit_entries(void)
{
	long long n, bad;
	struct pw_error e;

	assert_int_equal(store_audit_verify(st, &n, &bad, &e), 0);
	return n;
}

static void
test_an_exception_holds_to_the_end_of_its_day_in_the_policys_zone(void **state)
{
	struct policy p;

	(void)state;
	policy_init(&p);
	free(p.timezone);
	p.timezone = strdup("Europe/Berlin");
	/* The end of 2026-12-31 in Berlin is 23:00 UTC. */
	int64_t end = exception_end_utc(&p, "2026-12-31");
	assert_int_equal(end, utc_iso("2026-12-31T23:00:00"));
	assert_int_equal(exception_end_utc(&p, "2026-02-30"), -1);
	assert_int_equal(exception_end_utc(&p, "2026-12-31T10:00"), -1);
	assert_int_equal(exception_end_utc(&p, "tomorrow"), -1);
	struct exception x = { 1, "h1", "", "2026-12-31", "r", "alice", "", "", "", end };
	assert_true(exception_valid(&x, end - 1));
	assert_false(exception_valid(&x, end));		/* expired: a breach again */
	x.revoked_by = "bob";
	assert_false(exception_valid(&x, end - 1));	/* revoked */
	assert_true(exception_covers(&x, "h1", "CVE-9"));	/* every patch of h1 */
	assert_false(exception_covers(&x, "h2", "CVE-9"));
	x.asset = "";
	x.advisory = "CVE-9";
	assert_true(exception_covers(&x, "h2", "CVE-9"));	/* on every asset */
	assert_false(exception_covers(&x, "h2", "CVE-1"));
	x.asset = "h1";
	assert_false(exception_covers(&x, "h2", "CVE-9"));	/* both: that pair */
	assert_true(exception_covers(&x, "h1", "CVE-9"));
	policy_free(&p);
}

/* The first exception that holds and covers a patch, found the same by
 * the index (by asset, else advisory) as by a walk. */
static void
test_the_first_covering_exception_is_found_through_the_index(void **state)
{
	static struct exception v[4] = {
		{ 1, "h1", "", "", "", "", "", "bob", "", 100 },	/* revoked */
		{ 2, "", "CVE-1", "", "", "", "", "", "", 100 },
		{ 3, "h1", "CVE-1", "", "", "", "", "", "", 100 },
		{ 4, "h1", "", "", "", "", "", "", "", 50 },
	};
	struct exception_list l = { 0 };

	(void)state;
	l.v = malloc(sizeof v);
	memcpy(l.v, v, sizeof v);
	l.n = 4;
	for (int indexed = 0; indexed < 2; indexed++) {
		if (indexed)
			exception_list_index(&l);
		assert_int_equal(exception_find(&l, 10, "h1", "CVE-1")->id, 2);
		assert_int_equal(exception_find(&l, 10, "h1", "CVE-7")->id, 4);
		assert_null(exception_find(&l, 60, "h1", "CVE-7"));	/* 4 ended */
		assert_int_equal(exception_find(&l, 60, "h2", "CVE-1")->id, 2);
		assert_null(exception_find(&l, 10, "h2", "CVE-7"));
		assert_null(exception_find(&l, 200, "h1", "CVE-1"));
	}
	assert_non_null(l.next);
	exception_list_free(&l);
}

static void
test_only_the_cab_or_a_risk_owner_adds_and_revokes(void **state)
{
	struct pw_error e;
	long long id;
	int64_t now = utc_iso("2026-11-20T12:00:00");

	(void)state;
	assert_int_equal(add("mallory", "h1", "", "2026-12-31", "why", now, &id, &e), 1);
	assert_non_null(strstr(e.msg, "neither a CAB approver nor a risk owner"));
	/* The same refusal serves revoke: it names both. */
	assert_non_null(strstr(e.msg, "only they accept a risk or revoke one"));
	assert_int_equal(audit_entries(), 0);
	assert_int_equal(add("alice", "h1", "", "2026-12-31", "  \t ", now, &id, &e), 1);
	assert_non_null(strstr(e.msg, "needs a reason"));
	assert_int_equal(add("alice", "", "", "2026-12-31", "why", now, &id, &e), 1);
	assert_int_equal(add("alice", "h9", "", "2026-12-31", "why", now, &id, &e), 1);
	assert_non_null(strstr(e.msg, "no active asset"));
	assert_int_equal(add("alice", "h2", "CVE-2", "2026-12-31", "why", now, &id, &e), 1);
	assert_non_null(strstr(e.msg, "advisory CVE-2"));	/* not a patch of h2 */
	assert_int_equal(add("alice", "h1", "", "2026-11-19", "why", now, &id, &e), 1);
	assert_non_null(strstr(e.msg, "is past"));
	assert_int_equal(add("alice", "h1", "", "2026-13-01", "why", now, &id, &e), 1);
	assert_int_equal(audit_entries(), 0);		/* nothing refused is logged */

	assert_int_equal(add("alice", "h1", "", "2026-12-31", "vendor", now, &id, &e), 0);
	assert_int_equal(id, 1);
	assert_int_equal(add("rita", "", "CVE-1", "2026-12-15", "WAF", now, &id, &e), 0);
	assert_int_equal(id, 2);
	assert_int_equal(audit_entries(), 2);

	assert_int_equal(revoke("mallory", 1, now, &e), 1);
	assert_int_equal(revoke("alice", 7, now, &e), 1);
	assert_non_null(strstr(e.msg, "no exception 7"));
	assert_int_equal(revoke("rita", 1, now + 60, &e), 0);
	assert_int_equal(revoke("alice", 1, now, &e), 1);
	assert_non_null(strstr(e.msg, "revoked already"));
	assert_int_equal(audit_entries(), 3);

	struct exception_list l;
	struct policy p;
	int found;
	assert_int_equal(store_policy_load(st, &p, &found, &e), 0);
	assert_string_equal(p.risk_owners[0], "rita");
	assert_int_equal(store_exceptions_load(st, &p, 0, now, &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].asset, "h1");
	assert_string_equal(l.v[0].advisory, "");
	assert_string_equal(l.v[0].reason, "vendor");
	assert_string_equal(l.v[0].added_by, "alice");
	assert_string_equal(l.v[0].revoked_by, "rita");
	assert_string_equal(l.v[1].advisory, "CVE-1");
	assert_int_equal(l.v[1].end_utc, utc_iso("2026-12-15T23:00:00"));
	exception_list_free(&l);
	assert_int_equal(store_exceptions_load(st, &p, 1, now, &l, &e), 0);
	assert_int_equal(l.n, 1);			/* the revoked one is gone */
	assert_int_equal(l.v[0].id, 2);
	exception_list_free(&l);
	policy_free(&p);
}

/* What the planner and checker read: covered patches apart from the
 * deadline while the exception holds, back in it once it ends. */
static void
test_covered_patches_leave_the_deadline_while_it_holds(void **state)
{
	struct pw_error e;
	struct plan_data d;
	long long id;
	int64_t now = utc_iso("2026-11-20T12:00:00");

	(void)state;
	assert_int_equal(add("alice", "", "CVE-1", "2026-12-31", "WAF", now, &id, &e), 0);
	assert_int_equal(store_plan_data_load(st, now, 30, 0, &d, NULL, &e), 0);
	assert_int_equal(d.nassets, 2);
	const struct deadline *h1 = &d.deadlines[0], *h2 = &d.deadlines[1];
	assert_int_equal(h1->patches, 1);		/* CVE-2 */
	assert_string_equal(h1->advisory, "CVE-2");
	assert_int_equal(h1->covered, 1);		/* CVE-1 */
	assert_string_equal(h1->covered_advisory, "CVE-1");
	assert_int_equal(h2->patches, 0);
	assert_int_equal(h2->covered, 1);
	assert_int_equal(deadline_pending(h2), 1);	/* still planned ... */
	assert_int_equal(deadline_plan_due(h2), utc_iso("2026-12-31T23:00:00"));
	assert_int_equal(h2->covered_due_utc, h1->due_utc);	/* ... by its end */
	plan_data_free(&d);
	/* Seen from after the exception's day: both patches count again. */
	assert_int_equal(store_plan_data_load(st, utc_iso("2027-01-01T00:00:00"), 30, 0,
	    &d, NULL, &e), 0);
	assert_int_equal(d.deadlines[0].patches, 2);
	assert_int_equal(d.deadlines[0].covered, 0);
	assert_int_equal(d.deadlines[1].patches, 1);
	plan_data_free(&d);
}

/* An exception is kept like a CAB decision: not deleted, not changed but
 * revoked once; one added, changed or removed by hand fails audit verify. */
static void
test_an_exception_made_by_hand_fails_audit_verify(void **state)
{
	struct pw_error e;
	long long id, n, bad;
	int64_t now = utc_iso("2026-11-20T12:00:00");

	(void)state;
	assert_int_equal(add("alice", "h1", "", "2026-12-31", "vendor", now, &id, &e), 0);
	assert_non_null(strstr(shell("DELETE FROM exceptions"), "revoke one instead"));
	assert_non_null(strstr(shell("UPDATE exceptions SET until = '2099-12-31'"),
	    "cannot be changed"));
	assert_int_equal(revoke("alice", 1, now, &e), 0);
	assert_non_null(strstr(shell("UPDATE exceptions SET revoked_by = NULL"),
	    "cannot be changed"));
	assert_int_equal(store_audit_verify(st, &n, &bad, &e), 0);

	assert_string_equal(shell("INSERT INTO exceptions (asset, advisory, until,"
	    " reason, added_by, added_at) VALUES ('h2', '', '2099-01-01', 'trust me',"
	    " 'alice', 'x')"), "");
	assert_int_equal(store_audit_verify(st, &n, &bad, &e), 1);
	assert_non_null(strstr(e.msg, "exception 2 is not what the audit log says"));
	assert_string_equal(shell("DROP TRIGGER exceptions_kept;"
	    " DELETE FROM exceptions WHERE id = 2"), "");
	assert_int_equal(store_audit_verify(st, &n, &bad, &e), 0);
	assert_string_equal(shell("DROP TRIGGER exceptions_fixed;"
	    " UPDATE exceptions SET revoked_by = NULL, revoked_at = NULL"), "");
	assert_int_equal(store_audit_verify(st, &n, &bad, &e), 1);	/* unrevoked */
	assert_non_null(strstr(e.msg, "exception 1"));
	assert_string_equal(shell("DELETE FROM exceptions"), "");
	assert_int_equal(store_audit_verify(st, &n, &bad, &e), 1);	/* removed */
	assert_non_null(strstr(e.msg, "removed outside patchwave"));
}

#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_an_exception_holds_to_the_end_of_its_day_in_the_policys_zone),
		T(test_the_first_covering_exception_is_found_through_the_index),
		T(test_only_the_cab_or_a_risk_owner_adds_and_revokes),
		T(test_covered_patches_leave_the_deadline_while_it_holds),
		T(test_an_exception_made_by_hand_fails_audit_verify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
