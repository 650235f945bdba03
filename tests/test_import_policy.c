/* The policy under change control: every import an audit entry with its
 * digest and what changed; what may not be dropped without --replace; the
 * CAB not grown by its own new member; names once each, lists bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../import/import.h"
#include "../model/civil.h"
#include "../storage/changes.h"
#include "../util/buf.h"
#include "testutil.h"

static char dir[64];
static struct store *st;

static int
setup(void **state)
{
	struct pw_error e;
	char path[128];

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-ipolicy");
	snprintf(path, sizeof path, "%s/t.db", dir);
	return store_open(path, &st, &e);
}

static int
teardown(void **state)
{
	(void)state;
	store_close(st);
	return test_rmdir(dir);
}

/* Write text to dir/name; returns the path (static). */
static const char *
file(const char *name, const char *text)
{
	static char path[160];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static const char policy_abc[] =
    "windows:\n"
    "  - {name: tue, rrule: FREQ=WEEKLY;BYDAY=TU, start: \"02:00\", duration: 4h}\n"
    "  - {name: thu, rrule: FREQ=WEEKLY;BYDAY=TH, start: \"02:00\", duration: 4h}\n"
    "cab:\n"
    "  approvers: [alice, bob, carol]\n"
    "  quorum: 2\n";

/* Import text as who; the return of import_policy, the report in *r. */
static int
import_as(const char *who, const char *text, int replace, struct import_report *r,
    struct pw_error *e)
{
	struct import_opts o = { .path = file("p.yaml", text), .who = who,
	    .replace = replace };

	return import_policy(st, &o, r, e);
}

/* The store closed and a new database opened in its place, as a demo's:
 * allow_as with its first policy (policy_abc). */
static void
open_allow_as_db(void)
{
	struct import_report r;
	struct pw_error e;
	char path[128], text[512];

	store_close(st);
	st = NULL;
	snprintf(path, sizeof path, "%s/demo.db", dir);
	assert_int_equal(store_open(path, &st, &e), 0);
	snprintf(text, sizeof text, "%s  allow_as: true\n", policy_abc);
	assert_int_equal(import_as("root", text, 0, &r, &e), 0);
	import_report_free(&r);
}

struct entries {
	int	 n;
	char	 last_who[32], last_action[32], last_detail[512], last_at[32];
};

static int
take_entry(void *arg, const struct audit_entry *a)
{
	struct entries *x = arg;

	x->n++;
	snprintf(x->last_who, sizeof x->last_who, "%s", a->who);
	snprintf(x->last_action, sizeof x->last_action, "%s", a->action);
	snprintf(x->last_detail, sizeof x->last_detail, "%s", a->detail);
	snprintf(x->last_at, sizeof x->last_at, "%s", a->at);
	return 0;
}

static struct entries
audit(void)
{
	struct entries x = { 0 };
	struct pw_error e;

	assert_int_equal(store_audit_each(st, NULL, take_entry, &x, &e), 0);
	return x;
}

static void
test_every_import_is_an_audit_entry_with_what_changed(void **state)
{
	struct import_report r;
	struct pw_error e;
	long long n, bad;

	(void)state;
	assert_int_equal(import_as("root", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	struct entries x = audit();
	assert_int_equal(x.n, 1);
	assert_string_equal(x.last_who, "root");
	assert_string_equal(x.last_action, "policy");
	assert_non_null(strstr(x.last_detail, "(sha256 "));
	assert_non_null(strstr(x.last_detail, "cab +alice +bob +carol; quorum 1 -> 2"));
	assert_non_null(strstr(x.last_detail, "windows +tue +thu"));

	/* dave replaces carol, the quorum drops, one window changes time. */
	char text[1024];
	snprintf(text, sizeof text, "%s", policy_abc);
	memcpy(strstr(text, "carol"), "dave ", 5);
	memcpy(strstr(text, "quorum: 2"), "quorum: 1", 9);
	memcpy(strstr(text, "BYDAY=TH"), "BYDAY=FR", 8);
	assert_int_equal(import_as("root", text, 0, &r, &e), 0);
	assert_string_equal(r.summary, "cab +dave -carol; quorum 2 -> 1; windows ~thu");
	import_report_free(&r);
	x = audit();
	assert_int_equal(x.n, 2);
	assert_non_null(strstr(x.last_detail, "cab +dave -carol; quorum 2 -> 1; "
	    "windows ~thu"));
	assert_int_equal(store_audit_verify(st, &n, &bad, &e), 0);

	/* The same file again: an entry that says nothing changed. */
	assert_int_equal(import_as("root", text, 0, &r, &e), 0);
	assert_string_equal(r.summary, "nothing changed");
	import_report_free(&r);
}

/* An empty file, or one without windows or a CAB, does not silently wipe
 * the policy in force: refused, nothing changed, unless --replace. */
static void
test_dropping_windows_or_the_cab_needs_replace(void **state)
{
	struct import_report r;
	struct pw_error e;
	struct policy p;
	int found;

	(void)state;
	assert_int_equal(import_as("root", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(import_as("root", "", 0, &r, &e), -1);
	assert_non_null(strstr(e.msg, "no windows where the one in force has 2"));
	assert_non_null(strstr(e.msg, "--replace"));
	import_report_free(&r);
	assert_int_equal(import_as("root", "windows:\n  - {name: tue, rrule: "
	    "FREQ=WEEKLY;BYDAY=TU, start: \"02:00\", duration: 4h}\n", 0, &r, &e), -1);
	assert_non_null(strstr(e.msg, "no CAB where the one in force has 3 approvers"));
	import_report_free(&r);
	assert_int_equal(store_policy_load(st, &p, &found, &e), 0);
	assert_int_equal(p.nwindows, 2);
	assert_int_equal(p.napprovers, 3);
	policy_free(&p);
	assert_int_equal(audit().n, 1);
	/* Said on purpose: it lands, and the log says what went. */
	assert_int_equal(import_as("root", "", 1, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(store_policy_load(st, &p, &found, &e), 0);
	assert_int_equal(p.nwindows, 0);
	policy_free(&p);
	assert_non_null(strstr(audit().last_detail, "cab -alice -bob -carol"));
}

/* Nobody adds themselves to an existing CAB: someone else must. The first
 * CAB is named by whoever imports it. */
static void
test_nobody_adds_themselves_to_the_cab(void **state)
{
	struct import_report r;
	struct pw_error e;

	(void)state;
	assert_int_equal(import_as("alice", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(import_as("mallory", "windows:\n  - {name: tue, rrule: "
	    "FREQ=WEEKLY;BYDAY=TU, start: \"02:00\", duration: 4h}\ncab:\n"
	    "  approvers: [alice,\n    mallory]\n  quorum: 1\n", 0, &r, &e), -1);
	assert_int_equal(e.line, 5);
	assert_non_null(strstr(e.msg, "mallory cannot add themselves to the CAB"));
	import_report_free(&r);
	assert_int_equal(audit().n, 1);
	/* A member already on it may keep themselves there. */
	assert_int_equal(import_as("bob", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
}

/* Once a policy names policy_admins, only they import the next one; none
 * named where there were some needs --replace; nobody makes themselves one
 * but with a database's first policy; every change of them is in the log. */
static void
test_policy_admins_alone_import_the_next(void **state)
{
	struct import_report r;
	struct pw_error e;
	char with[1024], mine[1024];
	long long n, bad;

	(void)state;
	snprintf(with, sizeof with, "%spolicy_admins: [alice, bob]\n", policy_abc);
	assert_int_equal(import_as("alice", with, 0, &r, &e), 0);	/* the first */
	import_report_free(&r);
	assert_non_null(strstr(audit().last_detail, "policy_admins +alice +bob"));
	for (int replace = 0; replace < 2; replace++) {
		assert_int_equal(import_as("mallory", with, replace, &r, &e), -1);
		assert_non_null(strstr(e.msg, "only the policy's admins may import a "
		    "policy (policy_admins: alice, ...): mallory is not one of them"));
		import_report_free(&r);
	}
	assert_int_equal(audit().n, 1);
	/* bob, one of them: none named is refused without --replace. */
	assert_int_equal(import_as("bob", policy_abc, 0, &r, &e), -1);
	assert_non_null(strstr(e.msg, "names no policy_admins where the one in force "
	    "has 2 (alice, ...)"));
	import_report_free(&r);
	assert_int_equal(import_as("bob", with, 0, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(import_as("bob", policy_abc, 1, &r, &e), 0);
	import_report_free(&r);
	assert_non_null(strstr(audit().last_detail, "policy_admins -alice -bob"));
	/* Open again: carol may import, but not make herself an admin. */
	snprintf(mine, sizeof mine, "%spolicy_admins:\n  - dave\n  - carol\n",
	    policy_abc);
	assert_int_equal(import_as("carol", mine, 0, &r, &e), -1);
	assert_int_equal(e.line, 9);
	assert_non_null(strstr(e.msg, "carol cannot make themselves a policy admin"));
	import_report_free(&r);
	assert_int_equal(import_as("dave", mine, 0, &r, &e), -1);
	assert_non_null(strstr(e.msg, "dave cannot make themselves a policy admin"));
	import_report_free(&r);
	assert_int_equal(import_as("erin", mine, 0, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(import_as("erin", policy_abc, 1, &r, &e), -1);
	assert_non_null(strstr(e.msg, "erin is not one of them"));
	import_report_free(&r);
	/* An admin keeps themselves, and hands the role on. */
	snprintf(mine, sizeof mine, "%spolicy_admins: [carol, frank]\n", policy_abc);
	assert_int_equal(import_as("carol", mine, 0, &r, &e), 0);
	import_report_free(&r);
	assert_non_null(strstr(audit().last_detail, "policy_admins +frank -dave"));
	assert_int_equal(audit().n, 5);
	assert_int_equal(store_audit_verify(st, &n, &bad, &e), 0);
}

/* Over policy admins changed by hand, the import is not weighed against
 * them (they say nothing): neither the forged admin nor anyone else lands
 * admins of their own choosing; only the log's are put back. */
static void
test_policy_admins_changed_by_hand_are_not_laundered(void **state)
{
	struct import_report r;
	struct pw_error e;
	char path[128], text[1024];
	sqlite3 *db;

	(void)state;
	snprintf(text, sizeof text, "%spolicy_admins: [alice]\n", policy_abc);
	assert_int_equal(import_as("alice", text, 0, &r, &e), 0);
	import_report_free(&r);
	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE policy_admins SET name = 'mallory'",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_policy_cab_held(st, &e), 1);
	assert_non_null(strstr(e.msg, "policy admins) hashes to"));
	snprintf(text, sizeof text, "%spolicy_admins: [mallory]\n", policy_abc);
	assert_int_equal(import_as("mallory", text, 0, &r, &e), -1);
	assert_non_null(strstr(e.msg, "only a policy with the CAB the log last "
	    "recorded may be imported"));
	import_report_free(&r);
	/* Nor bob, not an admin, naming another (it landed before). */
	snprintf(text, sizeof text, "%spolicy_admins: [carol]\n", policy_abc);
	assert_int_equal(import_as("bob", text, 1, &r, &e), -1);
	assert_non_null(strstr(e.msg, "only a policy with the CAB the log last"));
	import_report_free(&r);
	assert_int_equal(audit().n, 1);
	/* Anyone may put back what the log holds. */
	snprintf(text, sizeof text, "%spolicy_admins: [alice]\n", policy_abc);
	assert_int_equal(import_as("bob", text, 0, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(store_policy_cab_held(st, &e), 0);
}

/* allow_as lets anyone act as anyone: set by the first policy, never turned
 * on later, not even with --replace or after dropping the CAB (issue 22). */
static void
test_allow_as_is_not_turned_on_over_a_cab(void **state)
{
	struct import_report r;
	struct pw_error e;
	char text[1024];

	(void)state;
	assert_int_equal(import_as("root", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	snprintf(text, sizeof text, "%s  allow_as: true\n", policy_abc);
	for (int replace = 0; replace < 2; replace++) {
		assert_int_equal(import_as("dave", text, replace, &r, &e), -1);
		assert_non_null(strstr(e.msg, "turns allow_as on where the one in force "
		    "has it off"));
		import_report_free(&r);
	}
	/* Nor by dropping the CAB first, then naming one with it. */
	assert_int_equal(import_as("dave", "windows:\n  - {name: tue, rrule: "
	    "FREQ=WEEKLY;BYDAY=TU, start: \"02:00\", duration: 4h}\n", 1, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(import_as("dave", text, 0, &r, &e), -1);
	assert_non_null(strstr(e.msg, "turns allow_as on"));
	import_report_free(&r);
	assert_int_equal(audit().n, 2);
}

/* Under a policy without allow_as, what change control records is dated by
 * the clock, whatever SOURCE_DATE_EPOCH says; with it (demo and test
 * databases), as SOURCE_DATE_EPOCH says (issue 22). */
static void
test_records_are_dated_by_the_clock_unless_allow_as(void **state)
{
	struct import_report r;
	struct pw_error e;
	char today[32];
	int64_t before = (int64_t)time(NULL);

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	assert_int_equal(import_as("root", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	int64_t t = store_record_time(st, store_now(st));
	assert_true(t >= before && t <= (int64_t)time(NULL));
	utc_format(t, today);
	assert_memory_equal(audit().last_at, today, 10);	/* the day */
	/* A demo database: allow_as with its first CAB. */
	open_allow_as_db();
	assert_int_equal(store_record_time(st, 1700000000), 1700000000);
	assert_string_equal(audit().last_at, "2023-11-14T22:13:20Z");
	unsetenv("SOURCE_DATE_EPOCH");
}

/* Each import logs who decides as stored ("; cab sha256 HEX"): the CAB
 * changed by hand (a quorum lowered, allow_as on, a member added) fails
 * verify, and reads as not held (issue 22). */
static void
test_a_cab_changed_by_hand_is_not_held(void **state)
{
	static const char *const forged[] = { "UPDATE policy SET cab_quorum = 1",
	    "UPDATE policy SET cab_allow_as = 1",
	    "INSERT INTO policy_cab VALUES (9, 'mallory')",
	    "INSERT INTO policy_risk_owners VALUES (0, 'mallory')",
	    "INSERT INTO policy_admins VALUES (0, 'mallory')" };
	struct import_report r;
	struct pw_error e;
	struct policy p;
	char path[128], cab[65];
	long long n, bad;
	int found;

	(void)state;
	assert_int_equal(import_as("root", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(store_policy_load(st, &p, &found, &e), 0);
	policy_cab_digest(&p, cab);
	policy_free(&p);
	struct entries x = audit();
	size_t len = strlen(x.last_detail);
	assert_true(len > 64);
	assert_string_equal(x.last_detail + len - 64, cab);
	assert_non_null(strstr(x.last_detail, "; cab sha256 "));
	assert_int_equal(store_policy_cab_held(st, &e), 0);
	assert_int_equal(store_audit_verify(st, &n, &bad, &e), 0);
	snprintf(path, sizeof path, "%s/t.db", dir);
	for (size_t i = 0; i < sizeof forged / sizeof *forged; i++) {
		sqlite3 *db;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "SAVEPOINT f", NULL, NULL, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, forged[i], NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "RELEASE f", NULL, NULL, NULL),
		    SQLITE_OK);
		sqlite3_close(db);
		assert_int_equal(store_policy_cab_held(st, &e), 1);
		assert_non_null(strstr(e.msg, "changed outside patchwave"));
		/* allow_as set by hand does not let a caller date records. */
		assert_true(store_record_time(st, 1700000000) > 1700000000);
		assert_int_equal(store_audit_verify(st, &n, &bad, &e), 1);
		/* Imported again, it is held again. */
		assert_int_equal(import_as("root", policy_abc, 1, &r, &e), 0);
		import_report_free(&r);
		assert_int_equal(store_policy_cab_held(st, &e), 0);
	}
}

/* A CAB changed by hand is not what an import is weighed against: its
 * importer, added to it by hand with the quorum lowered, does not land it
 * as patchwave's ("nothing changed"), nor does anyone land another CAB over
 * it (the forged admins say nothing of who may); the CAB the log holds is
 * put back by anyone, its entry giving all of it, not a diff with the
 * forged one. */
static void
test_an_import_does_not_launder_a_cab_changed_by_hand(void **state)
{
	struct import_report r;
	struct pw_error e;
	char path[128], text[1024], cab[65];
	struct policy p;
	sqlite3 *db;
	int found;

	(void)state;
	assert_int_equal(import_as("alice", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO policy_cab VALUES (9, 'mallory');"
	    " UPDATE policy SET cab_quorum = 1, cab_allow_as = 1", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	snprintf(text, sizeof text, "windows:\n  - {name: tue, rrule: FREQ=WEEKLY;"
	    "BYDAY=TU, start: \"02:00\", duration: 4h}\ncab:\n  approvers: [alice, "
	    "bob, carol, mallory]\n  quorum: 1\n");
	for (int replace = 0; replace < 2; replace++) {
		assert_int_equal(import_as("mallory", text, replace, &r, &e), -1);
		assert_non_null(strstr(e.msg, "changed outside patchwave"));
		assert_non_null(strstr(e.msg, "only a policy with the CAB the log last "
		    "recorded may be imported"));
		import_report_free(&r);
	}
	assert_int_equal(audit().n, 1);
	assert_int_equal(store_policy_cab_held(st, &e), 1);
	/* Nor allow_as over it (on by hand: the policy in force says nothing). */
	snprintf(text, sizeof text, "%s  allow_as: true\n", policy_abc);
	assert_int_equal(import_as("bob", text, 0, &r, &e), -1);
	assert_non_null(strstr(e.msg, "only a policy with the CAB the log last"));
	import_report_free(&r);
	/* A member naming themselves to another CAB over it neither. */
	assert_int_equal(import_as("bob", "windows:\n  - {name: tue, rrule: "
	    "FREQ=WEEKLY;BYDAY=TU, start: \"02:00\", duration: 4h}\ncab:\n"
	    "  approvers: [bob, carol]\n  quorum: 1\n", 1, &r, &e), -1);
	assert_non_null(strstr(e.msg, "only a policy with the CAB the log last"));
	import_report_free(&r);
	/* Nor another CAB that names neither its importer nor allow_as: with
	 * the log's admins unknown, nobody may land it. */
	assert_int_equal(import_as("dave", "windows:\n  - {name: tue, rrule: "
	    "FREQ=WEEKLY;BYDAY=TU, start: \"02:00\", duration: 4h}\ncab:\n"
	    "  approvers: [erin, frank]\n  quorum: 1\n", 1, &r, &e), -1);
	assert_non_null(strstr(e.msg, "only a policy with the CAB the log last"));
	import_report_free(&r);
	assert_int_equal(audit().n, 1);
	assert_int_equal(store_policy_cab_held(st, &e), 1);
	/* The CAB the log holds put back (by a member too): the whole CAB and
	 * its quorum in the log. */
	assert_int_equal(import_as("bob", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	struct entries x = audit();
	assert_int_equal(x.n, 2);
	assert_non_null(strstr(x.last_detail, "over a CAB changed outside patchwave, "
	    "all of it (quorum 2): cab +alice +bob +carol;"));
	assert_int_equal(store_policy_load(st, &p, &found, &e), 0);
	assert_int_equal(p.napprovers, 3);
	policy_cab_digest(&p, cab);
	policy_free(&p);
	assert_string_equal(x.last_detail + strlen(x.last_detail) - 64, cab);
	assert_int_equal(store_policy_cab_held(st, &e), 0);
}

/* A pack says its names prove nothing when any policy the database was
 * under had allow_as, not only the one in force: turned off after the
 * decisions were typed, it still did (issue 22). */
static void
test_allow_as_once_is_allow_as_ever(void **state)
{
	struct import_report r;
	struct pw_error e;
	int ever = -1;

	(void)state;
	assert_int_equal(import_as("root", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(store_policy_allow_as_ever(st, &ever, &e), 0);
	assert_int_equal(ever, 0);
	/* A demo database: allow_as with its first policy, then off. */
	open_allow_as_db();
	assert_int_equal(store_policy_allow_as_ever(st, &ever, &e), 0);
	assert_int_equal(ever, 1);
	assert_int_equal(import_as("root", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	assert_non_null(strstr(audit().last_detail, "allow_as true -> false"));
	ever = 0;
	assert_int_equal(store_policy_allow_as_ever(st, &ever, &e), 0);
	assert_int_equal(ever, 1);
}

/* A database from before imports logged "cab sha256": its CAB is not
 * called changed outside patchwave, but is said to be unheld until the
 * policy is imported again (issue 22, upgrade). */
static void
test_a_cab_from_before_it_was_logged_is_said_unheld(void **state)
{
	struct import_report r;
	struct pw_error e;
	long long n, bad;
	int unlogged = -1;

	(void)state;
	assert_int_equal(store_policy_cab_unlogged(st, &unlogged, &e), 0);
	assert_int_equal(unlogged, 0);	/* no policy, no CAB */
	assert_int_equal(import_as("root", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(store_policy_cab_unlogged(st, &unlogged, &e), 0);
	assert_int_equal(unlogged, 0);
	/* The entry an older patchwave logged for the import. */
	assert_int_equal(store_audit_append(st, "root", "", "policy", "policy from "
	    "p.yaml (sha256 00): cab +alice +bob +carol; quorum 1 -> 2", 1700000000,
	    &e), 0);
	assert_int_equal(store_policy_cab_held(st, &e), 0);
	assert_int_equal(store_audit_verify(st, &n, &bad, &e), 0);
	assert_int_equal(store_policy_cab_unlogged(st, &unlogged, &e), 0);
	assert_int_equal(unlogged, 1);
	assert_int_equal(import_as("root", policy_abc, 0, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(store_policy_cab_unlogged(st, &unlogged, &e), 0);
	assert_int_equal(unlogged, 0);
}

/* A name given twice is an error at its line, not a raw SQLite error. */
static void
test_names_given_twice_are_refused_at_their_line(void **state)
{
	struct import_report r;
	struct pw_error e;

	(void)state;
	assert_int_equal(import_as("root", "cab:\n  approvers: [alice, bob,\n"
	    "    alice]\n", 0, &r, &e), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 3);
	assert_non_null(strstr(r.problems.v[0].msg, "approver 'alice' is listed twice"));
	import_report_free(&r);
	assert_int_equal(import_as("root", "windows:\n"
	    "  - {name: w, rrule: FREQ=DAILY, start: \"02:00\", duration: 1h}\n"
	    "  - {name: w, rrule: FREQ=DAILY, start: \"03:00\", duration: 1h}\n",
	    0, &r, &e), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 3);
	import_report_free(&r);
}

/* risk_owners: who may accept a risk beside the CAB (exceptions), stored,
 * named in the audit entry, each once, a list of names. */
static void
test_risk_owners_are_a_list_of_names_each_once(void **state)
{
	struct import_report r;
	struct pw_error e;
	struct policy p;
	int found;
	char text[1024];

	(void)state;
	snprintf(text, sizeof text, "%srisk_owners: [rita, sam]\n", policy_abc);
	assert_int_equal(import_as("root", text, 0, &r, &e), 0);
	import_report_free(&r);
	assert_non_null(strstr(audit().last_detail, "risk_owners +rita +sam"));
	assert_int_equal(store_policy_load(st, &p, &found, &e), 0);
	assert_int_equal(p.nrisk_owners, 2);
	assert_string_equal(p.risk_owners[1], "sam");
	policy_free(&p);
	assert_int_equal(import_as("root", "risk_owners: [rita,\n  rita]\n", 0, &r, &e),
	    -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 2);
	assert_non_null(strstr(r.problems.v[0].msg, "'rita' is listed twice"));
	import_report_free(&r);
	assert_int_equal(import_as("root", "risk_owners: rita\n", 0, &r, &e), -1);
	assert_non_null(strstr(r.problems.v[0].msg, "risk_owners must be a list"));
	import_report_free(&r);
}

/* A list longer than a policy may hold is refused at the first item past
 * the bound, before anything is built from it; 10,000 windows land. */
static void
test_windows_are_bounded(void **state)
{
	struct import_report r;
	struct pw_error e;
	struct buf b = { 0 };

	(void)state;
	buf_adds(&b, "windows:\n");
	for (int i = 0; i < 10000; i++)
		buf_printf(&b, "  - {name: w%d, rrule: FREQ=WEEKLY;BYDAY=TU, start: "
		    "\"02:00\", duration: 1h}\n", i);
	assert_int_equal(import_as("root", b.s, 0, &r, &e), 0);
	import_report_free(&r);
	buf_adds(&b, "  - {name: one-more, rrule: FREQ=WEEKLY;BYDAY=TU, start: "
	    "\"02:00\", duration: 1h}\n");
	assert_int_equal(import_as("root", b.s, 0, &r, &e), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 10002);
	assert_non_null(strstr(r.problems.v[0].msg, "at most 10000"));
	import_report_free(&r);
	buf_free(&b);
}

/* A window whose rule gives no occurrence from now on can take no work:
 * refused at its rule; and a window recurs at most daily. A rule that
 * occurs rarely (a leap day) is a window. */
static void
test_windows_that_never_occur_are_refused_at_their_rule(void **state)
{
	static const struct { const char *rule; int ok; const char *says; } v[] = {
		{ "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", 0, "gives no occurrence" },
		{ "FREQ=WEEKLY;BYDAY=TU;UNTIL=20210101T000000Z", 0, "gives no occurrence" },
		{ "FREQ=WEEKLY;BYDAY=TU;COUNT=3", 0, "gives no occurrence" },
		{ "FREQ=HOURLY", 0, "recurs at most daily" },
		{ "FREQ=MINUTELY;INTERVAL=30", 0, "recurs at most daily" },
		{ "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", 1, NULL },
		{ "FREQ=MONTHLY;BYDAY=2TU", 1, NULL },
	};
	char text[512];

	(void)state;
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		struct import_report r;
		struct pw_error e;
		snprintf(text, sizeof text, "windows:\n  - name: w\n    start: "
		    "\"02:00\"\n    duration: 1h\n    rrule: \"%s\"\n", v[i].rule);
		int rc = import_as("root", text, 0, &r, &e);
		if (v[i].ok)
			assert_int_equal(rc, 0);
		else {
			assert_int_equal(rc, -1);
			assert_int_equal(r.problems.n, 1);
			assert_int_equal(r.problems.v[0].line, 5);
			assert_non_null(strstr(r.problems.v[0].msg, v[i].says));
		}
		import_report_free(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_every_import_is_an_audit_entry_with_what_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_dropping_windows_or_the_cab_needs_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy_admins_alone_import_the_next,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_policy_admins_changed_by_hand_are_not_laundered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allow_as_is_not_turned_on_over_a_cab,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_an_import_does_not_launder_a_cab_changed_by_hand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allow_as_once_is_allow_as_ever, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_cab_from_before_it_was_logged_is_said_unheld, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_cab_changed_by_hand_is_not_held,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_records_are_dated_by_the_clock_unless_allow_as, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nobody_adds_themselves_to_the_cab,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_names_given_twice_are_refused_at_their_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_windows_are_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_risk_owners_are_a_list_of_names_each_once, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_windows_that_never_occur_are_refused_at_their_rule, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
