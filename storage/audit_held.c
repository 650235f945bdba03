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
