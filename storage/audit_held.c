/* The audit log's verification as a whole: the chain and its replay
 * (audit.c), then the policy's CAB held to the digest its last import
 * logged, and every submitted change's record to the one its submission
 * logged, so who decides and what the CAB approved are what the database
 * and the pack still say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/strmap.h"

#include "changes.h"
#include "internal.h"

/* Is change number's record the one its submission's entry hashed (its
 * texts, windows, assets, conflicts: what was approved)? 0; 1 with err;
 * -1. A log from before submissions carried the digest holds nothing. */
static int
record_held(struct store *s, const char *number, struct pw_error *err)
{
	struct change_replay r;
	struct change_rec rec;
	char now[65];
	int rc;

	if (store_audit_replay(s, number, &r, err) != 0) {
		change_replay_free(&r);
		return -1;
	}
	if (r.record[0] == '\0') {
		change_replay_free(&r);
		return 0;
	}
	if ((rc = store_change_get(s, number, &rec, err)) != 1) {
		change_replay_free(&r);
		return -1;
	}
	change_record_digest(&rec, now);
	change_rec_free(&rec);
	rc = strcmp(now, r.record) != 0;
	if (rc)
		pw_error_set(err, NULL, 0, "%.60s is not what was submitted: its record "
		    "(texts, windows, assets, conflicts) hashes to %.16s..., its "
		    "submission in the audit log to %.16s...: it was changed outside "
		    "patchwave", number, now, r.record);
	change_replay_free(&r);
	return rc;
}

int
store_change_record_logged(struct store *s, struct change_rec *r, struct pw_error *err)
{
	struct change_replay h;
	int rc = store_audit_replay(s, r->number, &h, err);

	r->record_unlogged = rc == 0 && r->round > 0 && h.record[0] == '\0';
	change_replay_free(&h);
	return rc != 0 ? -1 : 0;
}

/* Does an "ack" entry (who, at, detail) say what the row for fp holds
 * (rwho, rat, rreason)? Made by patchwave ack: its acknowledger, at its
 * time, "conflict FP (CODE[ where]): REASON" (where has no ')'); or logged
 * by migration 22 for one made before: its acknowledger, ack_adopted's
 * text. */
static int
ack_says(const char *who, const char *at, const char *detail, int64_t fp,
    const char *rwho, const char *rat, const char *rreason)
{
	char head[40];
	size_t n = (size_t)snprintf(head, sizeof head, "conflict %016llx (",
	    (unsigned long long)fp), code;

	if (strcmp(who, rwho) != 0 || strncmp(detail, head, n) != 0)
		return 0;
	code = strspn(detail + n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
	if (code > 0 && strcmp(at, rat) == 0) {
		const char *why = strstr(detail + n + code, "): ");
		return why && strcmp(why + 3, rreason) == 0;
	}
	struct buf b = { 0 };
	ack_adopted(&b, fp, rat, rreason);
	int same = strcmp(detail, b.s) == 0;
	buf_free(&b);
	return same;
}

/* Every acknowledgement is what the log's newest "ack" entry for it says:
 * 0; 1 with err naming the first that is not (changed, removed, or added
 * without an entry: by hand); -1. */
static int
acks_held(struct store *s, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT who, at, detail FROM audit WHERE"
	    " action = 'ack' AND change = '' ORDER BY seq", err), *row = NULL;
	struct strmap newest = { 0 };	/* fingerprint -> v[i] */
	struct { char *who, *at, *detail; int seen; } *v = NULL;
	size_t n = 0, cap = 0;
	int rc, bad = 0;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char fp[17];
		const char *d = db_col(st, 2);
		snprintf(fp, sizeof fp, "%s", strlen(d) > 9 ? d + 9 : d);
		size_t i = strmap_intern(&newest, fp, n);
		if (i == n) {
			v = xgrow(v, &cap, n, sizeof *v);
			n++;
		} else {
			free(v[i].who);
			free(v[i].at);
			free(v[i].detail);
		}
		v[i].who = xstrdup(db_col(st, 0));
		v[i].at = xstrdup(db_col(st, 1));
		v[i].detail = xstrdup(db_col(st, 2));
		v[i].seen = 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		bad = -1;
	if (!bad && (row = db_prepare(s, "SELECT fingerprint, who, at, reason FROM"
	    " conflict_acks ORDER BY fingerprint", err)) == NULL)
		bad = -1;
	while (!bad && (rc = sqlite3_step(row)) == SQLITE_ROW) {
		int64_t f = sqlite3_column_int64(row, 0);
		char fp[17];
		snprintf(fp, sizeof fp, "%016llx", (unsigned long long)f);
		size_t i = strmap_get(&newest, fp);
		if (i == (size_t)-1) {
			pw_error_set(err, NULL, 0, "the acknowledgement of conflict %s (by "
			    "%.64s at %.24s) has no entry in the audit log: it was added "
			    "outside patchwave", fp, db_col(row, 1), db_col(row, 2));
			bad = 1;
			break;
		}
		v[i].seen = 1;
		if (!ack_says(v[i].who, v[i].at, v[i].detail, f, db_col(row, 1),
		    db_col(row, 2), db_col(row, 3))) {
			pw_error_set(err, NULL, 0, "the acknowledgement of conflict %s is "
			    "not what the audit log says (by %.64s at %.24s): it was "
			    "changed outside patchwave", fp, v[i].who, v[i].at);
			bad = 1;
		}
	}
	if (!bad && rc != SQLITE_DONE)
		bad = -1;
	sqlite3_finalize(row);
	for (size_t i = 0; !bad && i < n; i++)
		if (!v[i].seen) {
			pw_error_set(err, NULL, 0, "the acknowledgement of %.25s is not "
			    "what the audit log says (by %.64s at %.24s): it was removed "
			    "outside patchwave", v[i].detail, v[i].who, v[i].at);
			bad = 1;
		}
	for (size_t i = 0; i < n; i++) {
		free(v[i].who);
		free(v[i].at);
		free(v[i].detail);
	}
	free(v);
	strmap_free(&newest);
	if (bad < 0)
		return rc != SQLITE_DONE && rc != SQLITE_ROW ? db_fail(s, err,
		    "reading the audit log") : -1;
	return bad;
}

int
store_audit_verify(struct store *s, long long *entries, long long *bad_seq,
    struct pw_error *err)
{
	char **numbers;
	size_t n;
	int rc = store_audit_verify_log(s, entries, bad_seq, err);

	if (rc != 0)
		return rc;
	if ((rc = store_policy_cab_held(s, err)) != 0 || (rc = acks_held(s, err)) != 0)
		return rc;
	if (store_change_numbers(s, -1, &numbers, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = record_held(s, numbers[i], err);
		free(numbers[i]);
	}
	free(numbers);
	return rc;
}
