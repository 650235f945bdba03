/* The audit log's chain: intact, then altered, removed and cut by hand
 * through another SQLite connection (as the sqlite3 shell would), each time
 * found and named by store_audit_verify; the triggers refuse changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../storage/changes.h"
#include "../util/sha256.h"
#include "testutil.h"

static char dir[64];
static char path[128];
static struct store *st;

static int shell(const char *sql, char *err, size_t n);

static int
setup(void **state)
{
	struct pw_error e;
	char err[256];

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-audit");
	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(store_open(path, &st, &e), 0);
	assert_int_equal(store_begin(st, &e), 0);
	for (int i = 0; i < 6; i++) {
		char detail[32];
		snprintf(detail, sizeof detail, "step %d", i + 1);
		assert_int_equal(store_audit_append(st, i % 2 ? "bob" : "alice",
		    "CHG-2026-0001", i ? "edit" : "create", detail, 1795000000 + i, &e),
		    0);
	}
	/* The draft the log describes: created by alice, edited five times. */
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(shell("INSERT INTO changes (number, title,"
	    " description, type, risk, impact, risk_suggested, impact_suggested,"
	    " implementation, test_plan, backout_plan, planned_start, planned_end,"
	    " state, state_reason, requested_by, created_at, updated_at, round,"
	    " version, digest) VALUES ('CHG-2026-0001', 't', '', 'normal', NULL, NULL,"
	    " 'low', 'low', '', '', '', 0, 0, 'draft', '', 'alice', 'x', 'x', 0, 1,"
	    " '')", err, sizeof err), SQLITE_OK);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(st);
	return test_rmdir(dir);
}

/* Run SQL on a second connection; the error text (or "") in err. */
static int
shell(const char *sql, char *err, size_t n)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	snprintf(err, n, "%s", msg ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc;
}

static long long
verify(struct pw_error *e)
{
	long long entries, bad;
	int rc = store_audit_verify(st, &entries, &bad, e);

	assert_true(rc == 0 || rc == 1);
	return rc == 0 ? -entries : bad;	/* negative: intact, with its count */
}

/* FIPS 180-2's test vectors: the hash is SHA-256, not something like it. */
static void
test_sha256_known_answers(void **state)
{
	char h[65];
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	sha256_hex("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex(two, strlen(two), h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* Read in steps (a mapped file's pages dropped behind), the same digest, and
 * each step said in order, the last at the end. */
static size_t steps_seen[8], nsteps;

static void
step_seen(void *arg, size_t upto)
{
	(void)arg;
	if (nsteps < 8)
		steps_seen[nsteps] = upto;
	nsteps++;
}

static void
test_sha256_in_steps(void **state)
{
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char h[65];

	(void)state;
	nsteps = 0;
	sha256_hex_steps(two, strlen(two), 20, step_seen, NULL, h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	assert_int_equal(nsteps, 3);
	assert_int_equal(steps_seen[0], 20);
	assert_int_equal(steps_seen[1], 40);
	assert_int_equal(steps_seen[2], 56);
	nsteps = 0;
	sha256_hex_steps("", 0, 20, step_seen, NULL, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_int_equal(nsteps, 1);
	assert_int_equal(steps_seen[0], 0);
	sha256_hex_steps("abc", 3, 0, NULL, NULL, h);	/* 0: at once */
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_intact_chain_verifies(void **state)
{
	struct pw_error e;
	char want[65], text[256];

	(void)state;
	assert_int_equal(verify(&e), -6);
	/* The first hash is SHA-256 of the documented text, computed here. */
	snprintf(text, sizeof text, "%064d\n1\n2026-11-18T11:06:40Z\nalice\nCHG-2026-0001\n"
	    "create\nstep 1", 0);
	sha256_hex(text, strlen(text), want);
	sqlite3 *db;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT hash, at FROM audit WHERE seq = 1",
	    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 1), "2026-11-18T11:06:40Z");
	assert_string_equal((const char *)sqlite3_column_text(q, 0), want);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static void
test_triggers_refuse_update_and_delete(void **state)
{
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_not_equal(shell("UPDATE audit SET who = 'eve' WHERE seq = 3", err,
	    sizeof err), SQLITE_OK);
	assert_non_null(strstr(err, "append-only"));
	assert_int_not_equal(shell("DELETE FROM audit WHERE seq = 3", err, sizeof err),
	    SQLITE_OK);
	assert_non_null(strstr(err, "append-only"));
	assert_int_equal(verify(&e), -6);
}

static void
test_altered_entry_is_named(void **state)
{
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_equal(shell("DROP TRIGGER audit_no_update;"
	    "UPDATE audit SET detail = 'step three' WHERE seq = 3", err, sizeof err),
	    SQLITE_OK);
	assert_int_equal(verify(&e), 3);
	assert_non_null(strstr(e.msg, "audit entry 3 was altered"));
}

static void
test_rehashed_entry_breaks_the_next_link(void **state)
{
	struct pw_error e;
	char err[512], sql[400], text[256], h[65];

	(void)state;
	/* A forger who recomputes entry 3's own hash still breaks entry 4. */
	sqlite3 *db;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT prev, at FROM audit WHERE seq = 3",
	    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(text, sizeof text, "%s\n3\n%s\nalice\nCHG-2026-0001\nedit\nforged",
	    sqlite3_column_text(q, 0), sqlite3_column_text(q, 1));
	sqlite3_finalize(q);
	sqlite3_close(db);
	sha256_hex(text, strlen(text), h);
	snprintf(sql, sizeof sql, "DROP TRIGGER audit_no_update; UPDATE audit SET detail"
	    " = 'forged', hash = '%s' WHERE seq = 3", h);
	assert_int_equal(shell(sql, err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 4);
	assert_non_null(strstr(e.msg, "entry 4 does not follow entry 3"));
}

static void
test_removed_entries_are_named(void **state)
{
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_equal(shell("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE"
	    " seq = 2", err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 2);
	assert_non_null(strstr(e.msg, "audit entry 2 is missing"));
}

static void
test_cut_tail_is_found(void **state)
{
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_equal(shell("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE"
	    " seq >= 5", err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 5);
	assert_non_null(strstr(e.msg, "removed from its end"));
}

/* A state set by hand, with the chain untouched: the replayed log says the
 * change is a draft, so verify names it. */
static void
test_state_set_by_hand_is_named(void **state)
{
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_equal(shell("UPDATE changes SET state = 'approved', round = 1",
	    err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "CHG-2026-0001 is approved (round 1) in the "
	    "database but the audit log leaves it draft (round 0)"));
}

/* An acknowledgement is an audit entry; its row is held to the newest
 * one: changed or removed by hand, verify names it (issue 22). The entry
 * says where the conflict is; an asset's parentheses cannot end that part
 * early, nor a reason's "): " let its tail pass for the reason. */
static void
test_acknowledgements_are_held(void **state)
{
	struct ack_of a = { -5, "CAPACITY", 3, NULL, 0 };
	struct ack_of b = { 255, "SLA_AT_RISK", 0, "db(1): x", 2 };
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_ack_put(st, &a, "bob", "slack", &e), 0);
	assert_int_equal(store_ack_put(st, &b, "bob", "ok): fine", &e), 0);
	assert_int_equal(store_ack_put(st, &a, "carol", "slack still", &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(verify(&e), -9);
	assert_int_equal(test_db_int(path, "SELECT count(*) FROM audit WHERE detail ="
	    " 'conflict fffffffffffffffb (CAPACITY on wave 3): slack still'"), 1);
	assert_int_equal(test_db_int(path, "SELECT count(*) FROM audit WHERE detail ="
	    " 'conflict 00000000000000ff (SLA_AT_RISK on db[1]: x and 2 more): ok):"
	    " fine'"), 1);
	assert_int_equal(shell("UPDATE conflict_acks SET reason = 'fine' WHERE"
	    " fingerprint = 255", err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "conflict 00000000000000ff is not what the "
	    "audit log says (by bob at "));
	assert_int_equal(shell("UPDATE conflict_acks SET reason = 'ok): fine' WHERE"
	    " fingerprint = 255; UPDATE conflict_acks SET reason = 'slack' WHERE"
	    " fingerprint = -5", err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "the acknowledgement of conflict "
	    "fffffffffffffffb is not what the audit log says (by carol at "));
	assert_int_equal(shell("UPDATE conflict_acks SET reason = 'slack still' WHERE"
	    " fingerprint = -5; DELETE FROM conflict_acks WHERE fingerprint = 255",
	    err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "00000000000000ff"));
	assert_non_null(strstr(e.msg, "removed outside patchwave"));
}

/* An acknowledgement inserted by hand has no entry: verify names it. */
static void
test_ack_inserted_by_hand_is_named(void **state)
{
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_equal(shell("INSERT INTO conflict_acks (fingerprint, who, at,"
	    " reason) VALUES (77, 'mallory', '2026-11-30T10:00:00Z', 'fine')", err,
	    sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_string_equal(e.msg, "the acknowledgement of conflict 000000000000004d "
	    "(by mallory at 2026-11-30T10:00:00Z) has no entry in the audit log: it "
	    "was added outside patchwave");
}

/* A database from before schema 22: its acknowledgements made before they
 * were logged get their entry as it is opened (those with one, none), then
 * are held as any other; one added by hand after is named. */
static void
test_acks_from_before_logging_are_logged_on_upgrade(void **state)
{
	struct ack_of a = { 9, "CAPACITY", 1, "web-01", 0 };
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_ack_put(st, &a, "bob", "logged", &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	store_close(st);
	assert_int_equal(shell("INSERT INTO conflict_acks (fingerprint, who, at,"
	    " reason) VALUES (-2, 'dave', '2026-01-02T03:04:05Z', 'old: one');"
	    /* as schema 21 had it: what migrations 22 on add, undone */
	    " ALTER TABLE imports DROP COLUMN scanned_utc;"
	    " ALTER TABLE cal_events DROP COLUMN cutoff_minutes;"
	    " DROP TABLE import_hosts;"
	    " PRAGMA user_version = 21", err, sizeof err), SQLITE_OK);
	assert_int_equal(store_open(path, &st, &e), 0);
	assert_int_equal(test_db_int(path, "SELECT count(*) FROM audit WHERE action ="
	    " 'ack'"), 2);
	assert_int_equal(test_db_int(path, "SELECT count(*) FROM audit WHERE action ="
	    " 'ack' AND who = 'dave' AND detail = 'conflict fffffffffffffffe (acknowledged at"
	    " 2026-01-02T03:04:05Z, before acknowledgements were logged): old: one'"),
	    1);
	assert_int_equal(verify(&e), -8);
	assert_int_equal(shell("UPDATE conflict_acks SET reason = 'one' WHERE"
	    " fingerprint = -2", err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "conflict fffffffffffffffe is not what"));
	assert_int_equal(shell("UPDATE conflict_acks SET reason = 'old: one' WHERE"
	    " fingerprint = -2; INSERT INTO conflict_acks VALUES (10, 'eve', 'x',"
	    " 'y')", err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "000000000000000a (by eve at x) has no entry"));
}

/* The requester renamed by hand: the log's create entry names alice. */
static void
test_requester_renamed_by_hand_is_named(void **state)
{
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_equal(shell("UPDATE changes SET requested_by = 'zed'", err,
	    sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "CHG-2026-0001 was requested by alice as the "
	    "audit log says, the database says zed"));
}

/* A CAB decision inserted by hand has no entry in the log. */
static void
test_decision_inserted_by_hand_is_named(void **state)
{
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_equal(shell("INSERT INTO decisions (change_id, round, who, decision,"
	    " at, comment) SELECT id, 0, 'mallory', 'approve', 'x', 'ok' FROM changes",
	    err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "the decision of mallory (approve, round 0) is "
	    "not in the audit log"));
}

/* An entry the rules could not have written, chained properly (as a
 * forger with the chain's code would write it), is named by the replay. */
static void
test_impossible_entry_is_named(void **state)
{
	struct pw_error e;

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_audit_append(st, "mallory", "CHG-2026-0001", "approve",
	    "approved (approvals 1 of the 1 needed); ok", 1795000100, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(verify(&e), 7);
	assert_non_null(strstr(e.msg, "audit entry 7"));
	assert_non_null(strstr(e.msg, "cannot be approved"));
}

/* A submitted change's record is held to the digest its submission logged:
 * a backout plan rewritten by hand afterwards, the log untouched, is named
 * (issue 22). */
static void
test_submitted_record_is_held(void **state)
{
	struct change_rec r;
	struct pw_error e;
	char digest[65], detail[128], err[256];

	(void)state;
	assert_int_equal(store_change_get(st, "CHG-2026-0001", &r, &e), 1);
	change_record_digest(&r, digest);
	change_rec_free(&r);
	snprintf(detail, sizeof detail, "draft -> submitted; record sha256 %s", digest);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_audit_append(st, "alice", "CHG-2026-0001", "submit",
	    detail, 1795000100, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(shell("UPDATE changes SET state = 'submitted', round = 1",
	    err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), -7);
	assert_int_equal(shell("UPDATE changes SET backout_plan = 'none'", err,
	    sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "CHG-2026-0001 is not what was submitted"));
	/* Put back, it holds again: the digest is of the record, not its row. */
	assert_int_equal(shell("UPDATE changes SET backout_plan = '', version = 9",
	    err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), -7);
}

/* The record digest: every field of what is asked for counts, texts can
 * not run into each other, and what is kept about it (state, version,
 * decisions) does not (issue 22). */
static void
test_record_digest_covers_what_is_asked_for(void **state)
{
	struct change_asset a = { .key = "k1", .hostname = "h1", .environment =
	    "prod", .tier = "", .cluster = "", .wave = 1, .start_utc = 100,
	    .end_utc = 200, .advisory = "CVE-1", .severity = "high", .sla_days = 7 };
	struct change_conflict c = { "CAPACITY", "warning", "h1", "", "m", 42, NULL,
	    NULL, NULL };
	struct change_rec r = { .number = "CHG-2026-0001", .title = "ab",
	    .description = "c", .implementation = "", .test_plan = "t",
	    .backout_plan = "b", .requested_by = "dave", .assets = &a, .nassets = 1,
	    .conflicts = &c, .nconflicts = 1 };
	char d0[65], d[65];

	(void)state;
	change_record_digest(&r, d0);
	r.state = CS_APPROVED;
	r.version = 7;
	change_record_digest(&r, d);
	assert_string_equal(d, d0);
	r.title = "a";
	r.description = "bc";
	change_record_digest(&r, d);
	assert_string_not_equal(d, d0);
	r.title = "ab";
	r.description = "c";
	a.start_utc = 101;
	change_record_digest(&r, d);
	assert_string_not_equal(d, d0);
	a.start_utc = 100;
	c.ack_reason = "";
	change_record_digest(&r, d);
	assert_string_not_equal(d, d0);
	c.ack_reason = NULL;
	r.risk_chosen = 1;
	change_record_digest(&r, d);
	assert_string_not_equal(d, d0);
}

/* A decision's comment or time changed by hand (its trigger dropped), the
 * log untouched: named, as the pack shows both (issue 22). */
static void
test_decision_rewritten_by_hand_is_named(void **state)
{
	struct pw_error e;
	char err[256];

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_audit_append(st, "alice", "CHG-2026-0001", "submit",
	    "draft -> submitted", 1795000100, &e), 0);
	assert_int_equal(store_audit_append(st, "carol", "CHG-2026-0001", "approve",
	    "approved (approvals 1 of the 2 needed); looks fine", 1795000200, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(shell("UPDATE changes SET state = 'submitted', round = 1;"
	    " INSERT INTO decisions (change_id, round, who, decision, at, comment)"
	    " SELECT id, 1, 'carol', 'approve', '2026-11-18T11:10:00Z', 'looks fine'"
	    " FROM changes", err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), -8);
	assert_int_equal(shell("DROP TRIGGER decisions_no_update; UPDATE decisions SET"
	    " comment = 'checked the backout'", err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "the decision of carol (approve, round 1) says"));
	assert_int_equal(shell("UPDATE decisions SET comment = 'looks fine', at ="
	    " '2026-11-01T00:00:00Z'", err, sizeof err), SQLITE_OK);
	assert_int_equal(verify(&e), 0);
	assert_non_null(strstr(e.msg, "2026-11-01T00:00:00Z"));
}

/* The head is the newest entry; an anchor holds while the log keeps that
 * entry with that hash, and fails once the chain is rewritten or cut. */
static void
test_anchor_holds_until_the_chain_is_rewritten(void **state)
{
	struct pw_error e;
	long long seq;
	char head[65], other[65], err[256];

	(void)state;
	assert_int_equal(store_audit_head(st, &seq, head, &e), 0);
	assert_int_equal(seq, 6);
	assert_int_equal(store_audit_anchor(st, 6, head, &e), 0);
	memset(other, 'a', 64);
	other[64] = '\0';
	assert_int_equal(store_audit_anchor(st, 6, other, &e), 1);
	assert_non_null(strstr(e.msg, "does not hold"));
	assert_int_equal(store_audit_anchor(st, 9, head, &e), 1);
	assert_non_null(strstr(e.msg, "has no entry 9"));
	assert_int_equal(shell("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE"
	    " seq = 6", err, sizeof err), SQLITE_OK);
	assert_int_equal(store_audit_anchor(st, 6, head, &e), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_known_answers),
		cmocka_unit_test(test_sha256_in_steps),
		cmocka_unit_test_setup_teardown(test_intact_chain_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_update_and_delete, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_altered_entry_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehashed_entry_breaks_the_next_link,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_entries_are_named, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cut_tail_is_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_set_by_hand_is_named, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_decision_inserted_by_hand_is_named,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_impossible_entry_is_named, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_anchor_holds_until_the_chain_is_rewritten,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_submitted_record_is_held, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_decision_rewritten_by_hand_is_named,
		    setup, teardown),
		cmocka_unit_test(test_record_digest_covers_what_is_asked_for),
		cmocka_unit_test_setup_teardown(test_requester_renamed_by_hand_is_named,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_ack_inserted_by_hand_is_named, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_acks_from_before_logging_are_logged_on_upgrade, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acknowledgements_are_held, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
