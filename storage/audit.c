/* The audit log: every change to a change record, every CAB decision, every
 * policy import and every exception added or revoked, appended and chained
 * by SHA-256; its verification (the chain, then a replay of the log against
 * the records and the exceptions) and its head, the anchor a CAB pack
 * carries. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/civil.h"
#include "../util/buf.h"
#include "../util/sha256.h"
#include "../util/strmap.h"
#include "changes.h"
#include "internal.h"

#define GENESIS	"0000000000000000000000000000000000000000000000000000000000000000"

/* The hashed text of an entry: every field, each ended by a newline, after
 * the previous entry's hash. Documented in docs/formats.md. */
static void
entry_hash(long long seq, const char *at, const char *who, const char *change,
    const char *action, const char *detail, const char *prev, char out[65])
{
	struct buf b = { 0 };

	buf_printf(&b, "%s\n%lld\n%s\n%s\n%s\n%s\n", prev, seq, at, who, change, action);
	buf_adds(&b, detail);
	sha256_hex(b.s, b.len, out);
	buf_free(&b);
}

int
store_audit_append(struct store *s, const char *who, const char *change,
    const char *action, const char *detail, int64_t now, struct pw_error *err)
{
	sqlite3_stmt *st;
	long long seq = 1;
	char prev[65] = GENESIS, hash[65], at[32];

	if ((st = db_prepare(s, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
	    err)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", db_col(st, 1));
	}
	sqlite3_finalize(st);
	utc_format(now, at);
	entry_hash(seq, at, who, change, action, detail, prev, hash);
	if (db_run(s, err, "appending to the audit log", "INSERT INTO audit (seq, at,"
	    " who, change, action, detail, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7, ?8)", "itttttt" "t", (long long)seq, at, who, change, action, detail,
	    prev, hash) != 0)
		return -1;
	/* The head is kept apart too, so an entry cut off the end shows. */
	return db_run(s, err, "keeping the audit head", "INSERT OR REPLACE INTO"
	    " audit_head (id, seq, hash) VALUES (1, ?1, ?2)", "it", (long long)seq, hash);
}

int
store_audit_each(struct store *s, const char *change,
    int (*each)(void *, const struct audit_entry *), void *arg, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT seq, at, who, change, action, detail,"
	    " prev, hash FROM audit WHERE ?1 IS NULL OR change = ?1 ORDER BY seq", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, change);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry e = { sqlite3_column_int64(st, 0), db_col(st, 1),
		    db_col(st, 2), db_col(st, 3), db_col(st, 4), db_col(st, 5),
		    db_col(st, 6), db_col(st, 7) };
		if (each(arg, &e) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_fail(s, err, "reading the audit log");
	}
	sqlite3_finalize(st);
	return 0;
}

/* The chain: every entry's hash and link, and the head kept beside it. */
static int
verify_chain(struct store *s, long long *entries, long long *bad_seq,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT seq, at, who, change, action, detail,"
	    " prev, hash FROM audit ORDER BY seq", err);
	char prev[65] = GENESIS, want[65];
	long long expect = 1;
	int rc, bad = 0;

	*entries = 0;
	*bad_seq = 0;
	if (st == NULL)
		return -1;
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		if (seq != expect) {
			pw_error_set(err, NULL, 0, "audit entry %lld is missing (the log "
			    "jumps from %lld to %lld)", expect, expect - 1, seq);
			*bad_seq = expect;
			bad = 1;
			break;
		}
		if (strcmp(db_col(st, 6), prev) != 0) {
			pw_error_set(err, NULL, 0, "audit entry %lld does not follow entry "
			    "%lld: its link is %.16s..., the entry before hashes to "
			    "%.16s...", seq, seq - 1, db_col(st, 6), prev);
			*bad_seq = seq;
			bad = 1;
			break;
		}
		entry_hash(seq, db_col(st, 1), db_col(st, 2), db_col(st, 3), db_col(st, 4),
		    db_col(st, 5), prev, want);
		if (strcmp(db_col(st, 7), want) != 0) {
			pw_error_set(err, NULL, 0, "audit entry %lld was altered: its "
			    "contents hash to %.16s..., it says %.16s...", seq, want,
			    db_col(st, 7));
			*bad_seq = seq;
			bad = 1;
			break;
		}
		snprintf(prev, sizeof prev, "%s", want);
		expect++;
		(*entries)++;
	}
	sqlite3_finalize(st);
	if (bad)
		return 1;
	/* The end of the chain must be the head recorded beside it. */
	if ((st = db_prepare(s, "SELECT seq, hash FROM audit_head WHERE id = 1", err)) ==
	    NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		long long hseq = sqlite3_column_int64(st, 0);
		if (hseq != *entries || strcmp(db_col(st, 1), prev) != 0) {
			pw_error_set(err, NULL, 0, "the audit log ends at entry %lld but "
			    "entry %lld was written: entries were removed from its end",
			    *entries, hseq);
			*bad_seq = *entries + 1;
			bad = 1;
		}
	} else if (*entries > 0) {
		pw_error_set(err, NULL, 0, "the audit log's head record is missing");
		*bad_seq = 1;
		bad = 1;
	}
	sqlite3_finalize(st);
	return bad;
}

/* The changes as the log says they are, one replay per change number. */
struct replays {
	struct strmap		 index;		/* number -> v[i] */
	struct change_replay	*v;
	char			**numbers;
	size_t			 n, cap;
};

static void
replays_free(struct replays *x)
{
	for (size_t i = 0; i < x->n; i++) {
		change_replay_free(&x->v[i]);
		free(x->numbers[i]);
	}
	free(x->v);
	free(x->numbers);
	strmap_free(&x->index);
}

/* Replay every change's entries in log order (policy entries name no
 * change). 1 with err at the first entry the rules could not have written. */
static int
replay_log(struct store *s, struct replays *x, long long *bad_seq, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT seq, who, change, action, detail, at"
	    " FROM audit ORDER BY seq", err);
	char why[256];
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t votes;
		const char *change = db_col(st, 2);
		if (change[0] == '\0')
			continue;
		size_t i = strmap_intern(&x->index, change, x->n);
		if (i == x->n) {
			size_t cap = x->cap;
			x->v = xgrow(x->v, &x->cap, x->n, sizeof *x->v);
			x->numbers = xgrow(x->numbers, &cap, x->n, sizeof *x->numbers);
			change_replay_init(&x->v[x->n]);
			x->numbers[x->n++] = xstrdup(change);
		}
		votes = x->v[i].nvotes;
		if (change_replay_step(&x->v[i], db_col(st, 1), db_col(st, 3),
		    db_col(st, 4), why, sizeof why) != 0) {
			*bad_seq = sqlite3_column_int64(st, 0);
			pw_error_set(err, NULL, 0, "audit entry %lld (%.60s %.20s by %.64s) "
			    "could not have been written by patchwave: %s", *bad_seq,
			    change, db_col(st, 3), db_col(st, 1), why);
			sqlite3_finalize(st);
			return 1;
		}
		if (x->v[i].nvotes > votes)	/* a decision: when, for the record's */
			x->v[i].votes[votes].at = xstrdup(db_col(st, 5));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading the audit log");
}

/* Every change's state and round, and every CAB decision, must be what the
 * replayed log says: a state set or a decision inserted by hand is named. */
static int
compare_replay(struct store *s, struct replays *x, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT number, state, round, requested_by"
	    " FROM changes ORDER BY number", err);
	unsigned char *seen = xcalloc(x->n + 1, 1);
	int bad = 0, rc;

	if (st == NULL) {
		free(seen);
		return -1;
	}
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *num = db_col(st, 0), *state = db_col(st, 1);
		size_t i = strmap_get(&x->index, num);
		if (i == (size_t)-1 || !x->v[i].created) {
			pw_error_set(err, NULL, 0, "%.60s is in the database but the audit "
			    "log never created it: it was added outside patchwave", num);
			bad = 1;
			break;
		}
		seen[i] = 1;
		const struct change_replay *r = &x->v[i];
		if (strcmp(state, change_state_name(r->state)) != 0 ||
		    sqlite3_column_int(st, 2) != r->round) {
			pw_error_set(err, NULL, 0, "%.60s is %.20s (round %d) in the "
			    "database but the audit log leaves it %s (round %d): it was "
			    "changed outside patchwave", num, state,
			    sqlite3_column_int(st, 2), change_state_name(r->state), r->round);
			bad = 1;
		} else if (strcmp(db_col(st, 3), r->requester) != 0) {
			pw_error_set(err, NULL, 0, "%.60s was requested by %.64s as the "
			    "audit log says, the database says %.64s: it was changed "
			    "outside patchwave", num, r->requester, db_col(st, 3));
			bad = 1;
		}
	}
	sqlite3_finalize(st);
	for (size_t i = 0; !bad && i < x->n; i++)
		if (!seen[i]) {
			pw_error_set(err, NULL, 0, "the audit log records %.60s but the "
			    "database has no such change: it was removed outside patchwave",
			    x->numbers[i]);
			bad = 1;
		}
	free(seen);
	if (bad)
		return 1;
	/* The decisions, change by change in the order they were made. */
	if ((st = db_prepare(s, "SELECT c.number, d.round, d.who, d.decision, d.at,"
	    " d.comment FROM decisions d JOIN changes c ON c.id = d.change_id ORDER BY"
	    " c.number, d.id", err)) == NULL)
		return -1;
	size_t *next = xcalloc(x->n + 1, sizeof *next);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *num = db_col(st, 0), *who = db_col(st, 2);
		size_t i = strmap_get(&x->index, num);
		int round = sqlite3_column_int(st, 1);
		int approve = strcmp(db_col(st, 3), "approve") == 0;
		const struct change_vote *v = i != (size_t)-1 && next[i] < x->v[i].nvotes ?
		    &x->v[i].votes[next[i]] : NULL;
		if (v == NULL || v->round != round || v->approve != approve ||
		    strcmp(v->who, who) != 0) {
			pw_error_set(err, NULL, 0, "%.60s: the decision of %.64s (%.10s, "
			    "round %d) is not in the audit log: it was added outside "
			    "patchwave", num, who, db_col(st, 3), round);
			bad = 1;
			break;
		}
		/* Its time and comment, as the pack shows them, the log's. */
		if (strcmp(v->comment, db_col(st, 5)) != 0 ||
		    (v->at && strcmp(v->at, db_col(st, 4)) != 0)) {
			pw_error_set(err, NULL, 0, "%.60s: the decision of %.64s (%.10s, "
			    "round %d) says %.24s, \"%.60s\"; the audit log %.24s, "
			    "\"%.60s\": it was changed outside patchwave", num, who,
			    db_col(st, 3), round, db_col(st, 4), db_col(st, 5),
			    v->at ? v->at : "", v->comment);
			bad = 1;
			break;
		}
		next[i]++;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; !bad && i < x->n; i++)
		if (next[i] != x->v[i].nvotes) {
			pw_error_set(err, NULL, 0, "%.60s: the audit log records %zu CAB "
			    "decisions, the database holds %zu", x->numbers[i],
			    x->v[i].nvotes, next[i]);
			bad = 1;
		}
	free(next);
	return bad;
}

/* storage/exceptions.c's exc_head in SQL: "exception ID: asset KEY
 * advisory ID until DATE", "*" for what is not given. */
#define EXC_HEAD_SQL "'exception ' || e.id || ': asset ' || CASE e.asset WHEN ''" \
	" THEN '*' ELSE e.asset END || ' advisory ' || CASE e.advisory WHEN ''" \
	" THEN '*' ELSE e.advisory END || ' until ' || e.until"

/* Every exception as the log's entries say (its addition, by who added it;
 * its revocation, if any, by who revoked it), and as many as the log
 * added: 0; 1 with err naming the first that is not; -1. */
static int
compare_exceptions(struct store *s, struct pw_error *err)
{
	/* A row without its addition, or with as many revocations (by who
	 * revoked it) as it is not revoked; then the count. */
	sqlite3_stmt *st = db_prepare(s, "SELECT e.id, e.revoked_by IS NULL FROM"
	    " exceptions e WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE"
	    " a.action = 'exception-add' AND a.change = '' AND a.who = e.added_by"
	    " AND a.detail = " EXC_HEAD_SQL " || '; ' || e.reason) OR (SELECT count(*)"
	    " FROM audit a WHERE a.action = 'exception-revoke' AND a.change = ''"
	    " AND a.detail = " EXC_HEAD_SQL " || ' revoked' AND a.who IS"
	    " coalesce(e.revoked_by, a.who)) <> (e.revoked_by IS NOT NULL)"
	    " ORDER BY e.id LIMIT 1", err);
	int rc;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		pw_error_set(err, NULL, 0, "exception %lld is not what the audit log "
		    "says (its %s): it was %s outside patchwave",
		    (long long)sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1) ?
		    "addition, or a revocation it lacks" : "addition or revocation",
		    sqlite3_column_int(st, 1) ? "added or changed" : "changed");
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "verifying the exceptions");
	if ((st = db_prepare(s, "SELECT (SELECT count(*) FROM audit WHERE action ="
	    " 'exception-add' AND change = ''), (SELECT count(*) FROM exceptions)",
	    err)) == NULL)
		return -1;
	rc = sqlite3_step(st);
	long long logged = sqlite3_column_int64(st, 0), held = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(s, err, "verifying the exceptions");
	if (logged != held) {
		pw_error_set(err, NULL, 0, "the audit log records %lld exceptions added, "
		    "the database holds %lld: one was removed outside patchwave", logged,
		    held);
		return 1;
	}
	return 0;
}

int
store_audit_verify_log(struct store *s, long long *entries, long long *bad_seq,
    struct pw_error *err)
{
	struct replays x = { 0 };
	int rc = verify_chain(s, entries, bad_seq, err);

	if (rc != 0)
		return rc;
	if ((rc = replay_log(s, &x, bad_seq, err)) == 0)
		rc = compare_replay(s, &x, err);
	replays_free(&x);
	if (rc == 0)
		rc = compare_exceptions(s, err);
	return rc;
}

int
store_audit_head(struct store *s, long long *seq, char hash[65], struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT seq, hash FROM audit ORDER BY seq DESC"
	    " LIMIT 1", err);

	*seq = 0;
	snprintf(hash, 65, "%s", GENESIS);
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", db_col(st, 1));
	}
	sqlite3_finalize(st);
	return 0;
}

int
store_audit_anchor(struct store *s, long long seq, const char *hash,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT hash FROM audit WHERE seq = ?1", err);
	int rc = 1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_ROW)
		pw_error_set(err, NULL, 0, "the anchor %lld:%.16s... is not in the audit "
		    "log: it has no entry %lld (the log was cut or replaced)", seq, hash,
		    seq);
	else if (strcasecmp(db_col(st, 0), hash) != 0)
		pw_error_set(err, NULL, 0, "the anchor %lld:%.16s... does not hold: entry "
		    "%lld hashes to %.16s... (the log was rewritten since the anchor was "
		    "taken)", seq, hash, seq, db_col(st, 0));
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

int
store_audit_replay(struct store *s, const char *number, struct change_replay *r,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT seq, who, action, detail FROM audit"
	    " WHERE change = ?1 ORDER BY seq", err);
	char why[256];
	int rc;

	change_replay_init(r);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, number);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (change_replay_step(r, db_col(st, 1), db_col(st, 2), db_col(st, 3), why,
		    sizeof why) != 0) {
			pw_error_set(err, NULL, 0, "audit entry %lld of %.60s: %s (patchwave "
			    "audit verify)", (long long)sqlite3_column_int64(st, 0), number,
			    why);
			sqlite3_finalize(st);
			return -1;
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "reading the audit log");
	return 0;
}
