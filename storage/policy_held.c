/* The policy as the audit log last saw it imported: who decides (its CAB
 * digest) held to the last import's entry, and the time change control
 * records at, which only a policy with allow_as, so held, lets a caller
 * set. */
#include <string.h>

#include "../util/clock.h"
#include "changes.h"
#include "internal.h"

/* The CAB digest the log's last policy import gives ("" when it gives
 * none: no import yet, or one from before it was logged). 0, or -1. */
static int
cab_logged(struct store *s, char logged[65], struct pw_error *err)
{
	static const char tag[] = "; cab sha256 ";
	sqlite3_stmt *st = db_prepare(s, "SELECT detail FROM audit WHERE action ="
	    " 'policy' AND change = '' ORDER BY seq DESC LIMIT 1", err);
	int rc;

	logged[0] = '\0';
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
	return 0;
}

int
store_policy_cab_held(struct store *s, struct pw_error *err)
{
	char logged[65], now[65];
	struct policy p;
	int found;

	if (cab_logged(s, logged, err) != 0)
		return -1;
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
	    "allow_as, risk owners, policy admins) hashes to %.16s..., the last policy import in the "
	    "audit log to %.16s...: it was changed outside patchwave", now, logged);
	return 1;
}

int64_t
store_record_time(struct store *s, int64_t now)
{
	struct pw_error ignored = { 0 };
	sqlite3_stmt *st;
	int as = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT cab_allow_as FROM policy WHERE id = 1",
	    -1, &st, NULL) == SQLITE_OK) {
		as = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
		sqlite3_finalize(st);
	}
	/* allow_as as its last import logged it, not set by hand. */
	return as && store_policy_cab_held(s, &ignored) == 0 ? now : pw_clock_real();
}

int
store_policy_allow_as_ever(struct store *s, int *ever, struct pw_error *err)
{
	/* Every import logs what changed: "allow_as false -> true" when it
	 * turned it on (the first policy's against none too). */
	sqlite3_stmt *st = db_prepare(s, "SELECT (SELECT cab_allow_as FROM policy"
	    " WHERE id = 1) OR EXISTS (SELECT 1 FROM audit WHERE action = 'policy'"
	    " AND change = '' AND instr(detail, 'allow_as false -> true') > 0)", err);
	int rc;

	*ever = 0;
	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*ever = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(s, err, "reading the audit log");
}

int
store_policy_cab_unlogged(struct store *s, int *unlogged, struct pw_error *err)
{
	char logged[65];
	struct policy p;
	int found;

	*unlogged = 0;
	if (cab_logged(s, logged, err) != 0)
		return -1;
	if (logged[0] != '\0')
		return 0;
	if (store_policy_load(s, &p, &found, err) != 0) {
		policy_free(&p);
		return -1;
	}
	*unlogged = found && p.napprovers > 0;
	policy_free(&p);
	return 0;
}
