/* The audit log's verification as a whole: the chain and its replay
 * (audit.c), then the policy's CAB held to the digest its last import
 * logged, and every submitted change's record to the one its submission
 * logged, so who decides and what the CAB approved are what the database
 * and the pack still say. */
#include <stdlib.h>
#include <string.h>

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

	if (store_audit_replay(s, number, &r, err) != 0)
		return -1;
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
store_policy_cab_held(struct store *s, struct pw_error *err)
{
	static const char tag[] = "; cab sha256 ";
	sqlite3_stmt *st = db_prepare(s, "SELECT detail FROM audit WHERE action ="
	    " 'policy' AND change = '' ORDER BY seq DESC LIMIT 1", err);
	char logged[65] = "", now[65];
	struct policy p;
	int found, rc;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *d = db_col(st, 0);
		size_t n = strlen(d), t = sizeof tag - 1;
		if (n >= t + 64 && strncmp(d + n - 64 - t, tag, t) == 0 &&
		    strspn(d + n - 64, "0123456789abcdef") == 64)
			memcpy(logged, d + n - 64, 65);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "reading the audit log");
	if (logged[0] == '\0')
		return 0;	/* no import yet, or one from before it was logged */
	if (store_policy_load(s, &p, &found, err) != 0) {
		policy_free(&p);
		return -1;
	}
	policy_cab_digest(&p, now);
	policy_free(&p);
	if (strcmp(now, logged) == 0)
		return 0;
	pw_error_set(err, NULL, 0, "the policy's CAB in the database (approvers, quorum, "
	    "allow_as, risk owners) hashes to %.16s..., the last policy import in the "
	    "audit log to %.16s...: it was changed outside patchwave", now, logged);
	return 1;
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
	if ((rc = store_policy_cab_held(s, err)) != 0)
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
