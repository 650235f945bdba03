/* Exceptions: the exceptions table (schema 14), who may write it, and the
 * audit entry of every add and revoke. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/civil.h"
#include "../util/buf.h"
#include "changes.h"
#include "exceptions.h"
#include "internal.h"

/* An exception's audit detail up to its reason, "exception 3: asset web-01
 * advisory * until 2026-12-31" ("*": not given); audit verify builds the
 * same in SQL (storage/audit.c, EXC_HEAD_SQL). */
static void
exc_head(struct buf *b, long long id, const char *asset, const char *advisory,
    const char *until)
{
	buf_printf(b, "exception %lld: asset %s advisory %s until %s", id,
	    asset[0] ? asset : "*", advisory[0] ? advisory : "*", until);
}

#define EXC_COLS "id, asset, advisory, until, reason, added_by, added_at," \
	" coalesce(revoked_by, ''), coalesce(revoked_at, '')"

static const char *
keep(struct exception_list *l, sqlite3_stmt *st, int col)
{
	const char *s = db_col(st, col);

	return arena_strndup(&l->text, s, strlen(s));
}

int
store_exceptions_load(struct store *s, const struct policy *p, int valid_only,
    int64_t now, struct exception_list *l, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT " EXC_COLS " FROM exceptions"
	    " ORDER BY id", err);
	int rc;

	memset(l, 0, sizeof *l);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct exception x = { sqlite3_column_int64(st, 0), keep(l, st, 1),
		    keep(l, st, 2), keep(l, st, 3), keep(l, st, 4), keep(l, st, 5),
		    keep(l, st, 6), keep(l, st, 7), keep(l, st, 8), 0 };
		x.end_utc = exception_end_utc(p, x.until);
		if (valid_only && !exception_valid(&x, now))
			continue;
		l->v = xgrow(l->v, &l->cap, l->n, sizeof *l->v);
		l->v[l->n++] = x;
	}
	sqlite3_finalize(st);
	exception_list_index(l);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading the exceptions");
}

/* The policy, and whether who may add or revoke under it (as its last
 * import logged it): 0, 1 refused (err set), -1. */
static int
may_decide(struct store *s, const char *who, struct policy *p, struct pw_error *err)
{
	char why[256];
	int found;

	if (store_policy_load(s, p, &found, err) != 0)
		return -1;
	if (exception_may_decide(p, who, why, sizeof why) != 0) {
		pw_error_set(err, NULL, 0, "%s", why);
		return 1;
	}
	/* Under the CAB and risk owners the log's last policy import named. */
	return store_policy_cab_held(s, err);
}

static int
blank(const char *t)
{
	while (t && isspace((unsigned char)*t))
		t++;
	return t == NULL || *t == '\0';
}

/* Does the asset (active) or the advisory (on it, when both) exist? 0, 1
 * refused (err set), -1. */
static int
names_known(struct store *s, const struct exception *x, struct pw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (x->asset[0]) {
		if ((st = db_prepare(s, "SELECT 1 FROM assets WHERE key = ?1 AND"
		    " retired_import IS NULL", err)) == NULL)
			return -1;
		db_bind_text(st, 1, x->asset);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW) {
			pw_error_set(err, NULL, 0, "no active asset has the key %.80s "
			    "(patchwave assets)", x->asset);
			return 1;
		}
	}
	if (x->advisory[0]) {
		if ((st = db_prepare(s, "SELECT 1 FROM patches p JOIN assets a ON"
		    " a.id = p.asset_id WHERE p.advisory = ?1 AND (?2 = '' OR a.key = ?2)"
		    " LIMIT 1", err)) == NULL)
			return -1;
		db_bind_text(st, 1, x->advisory);
		db_bind_text(st, 2, x->asset);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW) {
			pw_error_set(err, NULL, 0, "no patch%s%.80s is advisory %.80s "
			    "(patchwave patches)", x->asset[0] ? " of " : "", x->asset,
			    x->advisory);
			return 1;
		}
	}
	return 0;
}

int
store_exception_add(struct store *s, const struct exception *x, const char *who,
    int64_t now, long long *id, struct pw_error *err)
{
	struct policy p;
	struct buf d = { 0 };
	char at[32];
	int rc;

	*id = 0;
	now = store_record_time(s, now);
	if ((rc = may_decide(s, who, &p, err)) != 0)
		goto out;
	rc = 1;
	int64_t end = exception_end_utc(&p, x->until);
	if (x->asset[0] == '\0' && x->advisory[0] == '\0')
		pw_error_set(err, NULL, 0, "an exception names an asset, an advisory or "
		    "both (--asset, --advisory)");
	else if (end < 0)
		pw_error_set(err, NULL, 0, "--until %.40s: a date, YYYY-MM-DD", x->until);
	else if (end <= now)
		pw_error_set(err, NULL, 0, "--until %.40s is past: an exception holds "
		    "to the end of that day (%s)", x->until, p.timezone);
	else if (blank(x->reason))
		pw_error_set(err, NULL, 0, "an exception needs a reason (--reason): say "
		    "why the risk is accepted");
	else
		rc = names_known(s, x, err);
	if (rc != 0)
		goto out;
	utc_format(now, at);
	if ((rc = db_run(s, err, "adding an exception", "INSERT INTO exceptions (asset,"
	    " advisory, until, reason, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6)", "tttttt", x->asset, x->advisory, x->until, x->reason, who, at)) != 0)
		goto out;
	*id = (long long)sqlite3_last_insert_rowid(s->db);
	exc_head(&d, *id, x->asset, x->advisory, x->until);
	buf_printf(&d, "; %s", x->reason);
	rc = store_audit_append(s, who, "", "exception-add", d.s, now, err);
out:
	buf_free(&d);
	policy_free(&p);
	return rc;
}

int
store_exception_revoke(struct store *s, long long id, const char *who, int64_t now,
    struct pw_error *err)
{
	struct policy p;
	struct buf d = { 0 };
	sqlite3_stmt *st;
	char at[32];
	int rc;

	now = store_record_time(s, now);
	if ((rc = may_decide(s, who, &p, err)) != 0)
		goto out;
	if ((st = db_prepare(s, "SELECT asset, advisory, until, revoked_by FROM"
	    " exceptions WHERE id = ?1", err)) == NULL) {
		rc = -1;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		pw_error_set(err, NULL, 0, "no exception %lld (patchwave exception list)",
		    id);
		rc = 1;
	} else if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		pw_error_set(err, NULL, 0, "exception %lld was revoked already by %.64s",
		    id, db_col(st, 3));
		rc = 1;
	} else {
		exc_head(&d, id, db_col(st, 0), db_col(st, 1), db_col(st, 2));
		buf_adds(&d, " revoked");
	}
	sqlite3_finalize(st);
	if (rc != 0)
		goto out;
	utc_format(now, at);
	if ((rc = db_run(s, err, "revoking an exception", "UPDATE exceptions SET"
	    " revoked_by = ?2, revoked_at = ?3 WHERE id = ?1", "itt", id, who, at)) != 0)
		goto out;
	rc = store_audit_append(s, who, "", "exception-revoke", d.s, now, err);
out:
	buf_free(&d);
	policy_free(&p);
	return rc;
}

/* Does the asset with that key have a pending patch x covers? */
static int
covers_pending(struct store *s, const struct exception *x, const char *key,
    struct pw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (x->asset[0] && strcmp(x->asset, key) != 0)
		return 0;
	if ((st = db_prepare(s, "SELECT 1 FROM patches p JOIN assets a ON"
	    " a.id = p.asset_id WHERE a.key = ?1 AND (?2 = '' OR p.advisory = ?2)"
	    " AND p.resolved_import IS NULL LIMIT 1", err)) == NULL)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, x->advisory);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading pending patches");
}

int
store_change_risks(struct store *s, struct change_rec *r, int64_t now,
    struct pw_error *err)
{
	struct exception_list l = { 0 };
	struct policy p;
	int found, rc = -1;

	if (store_policy_load(s, &p, &found, err) != 0 ||
	    store_exceptions_load(s, &p, 1, now, &l, err) != 0)
		goto out;
	for (size_t i = 0; i < l.n; i++) {
		const struct exception *x = &l.v[i];
		int hit = 0;
		for (size_t a = 0; a < r->nassets && !hit; a++)
			if ((hit = covers_pending(s, x, r->assets[a].key, err)) < 0)
				goto out;
		if (!hit)
			continue;
		r->risks = xrealloc(r->risks, (r->nrisks + 1) * sizeof *r->risks);
		r->risks[r->nrisks++] = (struct change_risk){ x->id, xstrdup(x->asset),
		    xstrdup(x->advisory), xstrdup(x->until), xstrdup(x->reason),
		    xstrdup(x->added_by) };
	}
	rc = 0;
out:
	exception_list_free(&l);
	policy_free(&p);
	return rc;
}
