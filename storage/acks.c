/* Acknowledged warnings (schema 4), each an audit entry. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "changes.h"
#include "internal.h"
#include "store.h"

/* An entry's "conflict FP (CODE" and where (its wave and asset, as the
 * conflicts list names them): what is acknowledged, readable in the log
 * alone. No ')' in where: the first "): " after the code ends it and the
 * reason follows (audit_held.c reads it so). */
static void
ack_subject(struct buf *d, int64_t fp, const char *code, long long wave,
    const char *asset, size_t more)
{
	buf_printf(d, "conflict %016llx (%s", (unsigned long long)fp, code);
	if (wave > 0)
		buf_printf(d, " on wave %lld", wave);
	if (asset && asset[0]) {
		buf_adds(d, wave > 0 ? ", " : " on ");
		for (const char *p = asset; *p; p++)
			buf_addc(d, *p == ')' ? ']' : *p == '(' ? '[' : *p);
		if (more > 0)
			buf_printf(d, " and %zu more", more);
	}
	buf_adds(d, ")");
}

void
ack_adopted(struct buf *d, int64_t fp, const char *at, const char *reason)
{
	buf_printf(d, "conflict %016llx (acknowledged at %s, before acknowledgements "
	    "were logged): %s", (unsigned long long)fp, at, reason);
}

int
store_ack_put(struct store *s, const struct ack_of *of, const char *who,
    const char *reason, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "INSERT INTO conflict_acks (fingerprint, who, at,"
	    " reason) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', ?4, 'unixepoch'),"
	    " ?3)"
	    " ON CONFLICT (fingerprint) DO UPDATE SET who = excluded.who,"
	    " at = excluded.at, reason = excluded.reason", err);
	/* The time change control records at (store_record_time), as the
	 * change records': not dated after the approval it fed. */
	int64_t now = store_record_time(s, store_now(s));
	struct buf d = { 0 };
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, of->fingerprint);
	db_bind_text(st, 2, who);
	db_bind_text(st, 3, reason);
	sqlite3_bind_int64(st, 4, now);
	rc = db_step_done(s, st, err, "acknowledging a conflict");
	sqlite3_finalize(st);
	if (rc != 0)
		return rc;
	ack_subject(&d, of->fingerprint, of->code, of->wave, of->asset, of->more);
	buf_printf(&d, ": %s", reason);
	rc = store_audit_append(s, who, "", "ack", d.s, now, err);
	buf_free(&d);
	return rc;
}

int
store_acks_adopt(struct store *s, int64_t now, struct pw_error *err)
{
	/* Those without an entry: acknowledgements were logged (without a
	 * schema change) from before this migration. */
	sqlite3_stmt *st = db_prepare(s, "SELECT fingerprint, who, at, reason FROM"
	    " conflict_acks c WHERE NOT EXISTS (SELECT 1 FROM audit WHERE action ="
	    " 'ack' AND change = '' AND substr(detail, 10, 16) = printf('%016x',"
	    " c.fingerprint)) ORDER BY fingerprint", err);
	struct buf d = { 0 };
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_reset(&d);
		ack_adopted(&d, sqlite3_column_int64(st, 0), db_col(st, 2),
		    db_col(st, 3));
		if (store_audit_append(s, db_col(st, 1), "", "ack", d.s, now, err) != 0) {
			rc = -1;
			break;
		}
	}
	sqlite3_finalize(st);
	buf_free(&d);
	if (rc == -1)
		return -1;
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "logging acknowledgements");
}

int
store_acks_load(struct store *s, struct ack **v, size_t *n, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT fingerprint, who, at, reason FROM"
	    " conflict_acks ORDER BY fingerprint", err);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*v = xgrow(*v, &cap, *n, sizeof **v);
		(*v)[(*n)++] = (struct ack){ sqlite3_column_int64(st, 0),
		    xstrdup(db_col(st, 1)), xstrdup(db_col(st, 2)), xstrdup(db_col(st, 3)) };
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		acks_free(*v, *n);
		*v = NULL;
		*n = 0;
		return db_fail(s, err, "reading acknowledgements");
	}
	return 0;
}

void
acks_free(struct ack *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].who);
		free(v[i].at);
		free(v[i].reason);
	}
	free(v);
}

const struct ack *
acks_find(const struct ack *v, size_t n, int64_t fp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid].fingerprint == fp)
			return &v[mid];
		if (v[mid].fingerprint < fp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
