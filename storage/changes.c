/* Change records and CAB decisions: made from waves, snapshotted, taken
 * through the workflow, following the plan; every step an audit entry
 * (audit.c). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../model/civil.h"
#include "../model/deadline.h"
#include "../util/buf.h"
#include "../util/sha256.h"
#include "../util/strmap.h"
#include "changes.h"
#include "internal.h"


static void
utc_text(int64_t t, char out[32])
{
	utc_format(t, out);
}

/* The digest of these waves as they are in k (model/change_touch.c), with
 * their windows' settings unless legacy (a digest an older patchwave took). */
static void
waves_digest(const struct checked *k, const long long *waves, size_t nwaves,
    int legacy, char out[65])
{
	struct touch_plan tp = checked_touch_plan(k);

	change_waves_digest(&tp, waves, nwaves, !legacy, out);
}

/* ---- records ------------------------------------------------------------ */

static char *
dup_col(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL : xstrdup(db_col(st, col));
}

#define CHANGE_COLS "id, number, title, description, type, risk, impact," \
	" risk_suggested, impact_suggested, implementation, test_plan, backout_plan," \
	" planned_start, planned_end, state, state_reason, requested_by, created_at," \
	" updated_at, round, version"

static void
row_to_rec(sqlite3_stmt *st, struct change_rec *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->number = xstrdup(db_col(st, 1));
	r->title = xstrdup(db_col(st, 2));
	r->description = xstrdup(db_col(st, 3));
	int v = change_type_parse(db_col(st, 4));
	r->type = v < 0 ? CT_NORMAL : (enum change_type)v;
	v = change_level_parse(db_col(st, 7));
	r->risk_suggested = v < 0 ? LV_MEDIUM : (enum change_level)v;
	v = change_level_parse(db_col(st, 8));
	r->impact_suggested = v < 0 ? LV_MEDIUM : (enum change_level)v;
	v = change_level_parse(db_col(st, 5));
	r->risk_chosen = v >= 0;
	r->risk = v >= 0 ? (enum change_level)v : r->risk_suggested;
	v = change_level_parse(db_col(st, 6));
	r->impact_chosen = v >= 0;
	r->impact = v >= 0 ? (enum change_level)v : r->impact_suggested;
	r->implementation = xstrdup(db_col(st, 9));
	r->test_plan = xstrdup(db_col(st, 10));
	r->backout_plan = xstrdup(db_col(st, 11));
	r->planned_start = sqlite3_column_int64(st, 12);
	r->planned_end = sqlite3_column_int64(st, 13);
	v = change_state_parse(db_col(st, 14));
	r->state = v < 0 ? CS_DRAFT : (enum change_state)v;
	r->state_reason = xstrdup(db_col(st, 15));
	r->requested_by = xstrdup(db_col(st, 16));
	r->created_at = xstrdup(db_col(st, 17));
	r->updated_at = xstrdup(db_col(st, 18));
	r->round = sqlite3_column_int(st, 19);
	r->version = sqlite3_column_int(st, 20);
}

void
change_rec_free(struct change_rec *r)
{
	free(r->number);
	free(r->title);
	free(r->description);
	free(r->implementation);
	free(r->test_plan);
	free(r->backout_plan);
	free(r->state_reason);
	free(r->requested_by);
	free(r->created_at);
	free(r->updated_at);
	free(r->outcome_who);
	free(r->outcome_at);
	free(r->outcome_detail);
	free(r->waves);
	for (size_t i = 0; i < r->nwindows; i++) {
		free(r->windows[i].stage);
		free(r->windows[i].window);
	}
	free(r->windows);
	for (size_t i = 0; i < r->nassets; i++) {
		struct change_asset *a = &r->assets[i];
		free(a->key);
		free(a->hostname);
		free(a->environment);
		free(a->tier);
		free(a->cluster);
		free(a->advisory);
		free(a->severity);
	}
	free(r->assets);
	for (size_t i = 0; i < r->nconflicts; i++) {
		struct change_conflict *c = &r->conflicts[i];
		free(c->code);
		free(c->severity);
		free(c->assets);
		free(c->other);
		free(c->message);
		free(c->ack_who);
		free(c->ack_at);
		free(c->ack_reason);
	}
	free(r->conflicts);
	for (size_t i = 0; i < r->nblocks; i++) {
		free(r->blocks[i].kind);
		free(r->blocks[i].label);
	}
	free(r->blocks);
	for (size_t i = 0; i < r->nrisks; i++) {
		free(r->risks[i].asset);
		free(r->risks[i].advisory);
		free(r->risks[i].until);
		free(r->risks[i].reason);
		free(r->risks[i].added_by);
	}
	free(r->risks);
	if (r->review)
		change_verified_free(r->review);
	free(r->review);
	for (size_t i = 0; i < r->ndecisions; i++) {
		free(r->decisions[i].who);
		free(r->decisions[i].decision);
		free(r->decisions[i].at);
		free(r->decisions[i].comment);
	}
	free(r->decisions);
	memset(r, 0, sizeof *r);
}

/* Run sql (bound to the change id) and hand each row to take. */
static int
rows(struct store *s, const char *sql, long long id, void (*take)(sqlite3_stmt *,
    struct change_rec *), struct change_rec *r, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		take(st, r);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading a change");
}

static void
take_wave(sqlite3_stmt *st, struct change_rec *r)
{
	r->waves = xrealloc(r->waves, (r->nwaves + 1) * sizeof *r->waves);
	r->waves[r->nwaves++] = sqlite3_column_int64(st, 0);
}

static void
take_window(sqlite3_stmt *st, struct change_rec *r)
{
	r->windows = xrealloc(r->windows, (r->nwindows + 1) * sizeof *r->windows);
	r->windows[r->nwindows++] = (struct change_window){ sqlite3_column_int64(st, 0),
	    xstrdup(db_col(st, 1)), xstrdup(db_col(st, 2)), sqlite3_column_int64(st, 3),
	    sqlite3_column_int64(st, 4), sqlite3_column_int(st, 5) };
}

static void
take_asset(sqlite3_stmt *st, struct change_rec *r)
{
	r->assets = xrealloc(r->assets, (r->nassets + 1) * sizeof *r->assets);
	r->assets[r->nassets++] = (struct change_asset){ xstrdup(db_col(st, 0)),
	    xstrdup(db_col(st, 1)), xstrdup(db_col(st, 2)), xstrdup(db_col(st, 3)),
	    xstrdup(db_col(st, 4)), sqlite3_column_int64(st, 5),
	    sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7),
	    sqlite3_column_type(st, 8) != SQLITE_NULL, sqlite3_column_int64(st, 8),
	    xstrdup(db_col(st, 9)), xstrdup(db_col(st, 10)), sqlite3_column_int(st, 11),
	    "", 0 };
	struct change_asset *a = &r->assets[r->nassets - 1];
	if (a->has_deadline)
		deadline_release_day(sqlite3_column_type(st, 12) == SQLITE_NULL ? NULL :
		    db_col(st, 12), a->deadline_utc, a->sla_days, a->released,
		    &a->released_utc);
}

static void
take_conflict(sqlite3_stmt *st, struct change_rec *r)
{
	r->conflicts = xrealloc(r->conflicts, (r->nconflicts + 1) * sizeof *r->conflicts);
	r->conflicts[r->nconflicts++] = (struct change_conflict){ xstrdup(db_col(st, 0)),
	    xstrdup(db_col(st, 1)), xstrdup(db_col(st, 2)), xstrdup(db_col(st, 3)),
	    xstrdup(db_col(st, 4)), sqlite3_column_int64(st, 5), dup_col(st, 6),
	    dup_col(st, 7), dup_col(st, 8) };
}

static void
take_block(sqlite3_stmt *st, struct change_rec *r)
{
	r->blocks = xrealloc(r->blocks, (r->nblocks + 1) * sizeof *r->blocks);
	r->blocks[r->nblocks++] = (struct change_block){ xstrdup(db_col(st, 0)),
	    xstrdup(db_col(st, 1)), sqlite3_column_int64(st, 2),
	    sqlite3_column_int64(st, 3) };
}

static void
take_decision(sqlite3_stmt *st, struct change_rec *r)
{
	r->decisions = xrealloc(r->decisions, (r->ndecisions + 1) * sizeof *r->decisions);
	r->decisions[r->ndecisions++] = (struct change_decision){ sqlite3_column_int(st, 0),
	    xstrdup(db_col(st, 1)), xstrdup(db_col(st, 2)), xstrdup(db_col(st, 3)),
	    xstrdup(db_col(st, 4)) };
}

/* r's outcome from the audit log: the newest implement, fail, rollback or
 * cancel entry of its number (none for a change that has not ended). */
static int
outcome_load(struct store *s, struct change_rec *r, struct pw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (r->state != CS_IMPLEMENTED && r->state != CS_FAILED &&
	    r->state != CS_ROLLED_BACK && r->state != CS_CANCELLED)
		return 0;
	if ((st = db_prepare(s, "SELECT who, at, detail FROM audit WHERE change = ?1"
	    " AND action IN ('implement', 'fail', 'rollback', 'cancel') ORDER BY seq"
	    " DESC LIMIT 1", err)) == NULL)
		return -1;
	db_bind_text(st, 1, r->number);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->outcome_who = xstrdup(db_col(st, 0));
		r->outcome_at = xstrdup(db_col(st, 1));
		r->outcome_detail = xstrdup(db_col(st, 2));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    db_fail(s, err, "reading a change's outcome");
}

int
store_change_get(struct store *s, const char *number, struct change_rec *r,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT " CHANGE_COLS " FROM changes WHERE"
	    " number = ?1", err);

	memset(r, 0, sizeof *r);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, number);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return 0;
	}
	row_to_rec(st, r);
	sqlite3_finalize(st);
	if (rows(s, "SELECT wave_id FROM change_waves WHERE change_id = ?1 ORDER BY"
	    " wave_id", r->id, take_wave, r, err) != 0 ||
	    rows(s, "SELECT wave_id, stage, window, start_utc, end_utc, coalesce((SELECT"
	    " (w.end_utc - w.last_start_utc) / 60 FROM waves w WHERE w.id = cw.wave_id"
	    " AND w.start_utc = cw.start_utc AND w.end_utc = cw.end_utc), 0) FROM"
	    " change_windows cw WHERE change_id = ?1 ORDER BY start_utc, wave_id",
	    r->id, take_window, r,
	    err) != 0 ||
	    rows(s, "SELECT key, hostname, environment, tier, cluster, wave_id, start_utc,"
	    " end_utc, deadline_utc, advisory, severity, sla_days, (SELECT timezone FROM"
	    " policy LIMIT 1) FROM change_assets WHERE"
	    " change_id = ?1 ORDER BY start_utc, key", r->id, take_asset, r, err) != 0 ||
	    rows(s, "SELECT code, severity, assets, other, message, fingerprint, ack_who,"
	    " ack_at, ack_reason FROM change_conflicts WHERE change_id = ?1 ORDER BY ord",
	    r->id, take_conflict, r, err) != 0 ||
	    rows(s, "SELECT kind, label, start_utc, end_utc FROM change_blocks WHERE"
	    " change_id = ?1 ORDER BY start_utc, ord", r->id, take_block, r, err) != 0 ||
	    rows(s, "SELECT round, who, decision, at, comment FROM decisions WHERE"
	    " change_id = ?1 ORDER BY id", r->id, take_decision, r, err) != 0 ||
	    outcome_load(s, r, err) != 0) {
		change_rec_free(r);
		return -1;
	}
	return 1;
}

/* One text into a record digest: its length first, so no two records
 * serialize alike. NULL is apart from "". */
static void
digest_text(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_adds(b, "-\n");
	else
		buf_printf(b, "%zu:%s\n", strlen(s), s);
}

void
change_record_digest(const struct change_rec *r, char out[65])
{
	struct buf b = { 0 };

	digest_text(&b, r->number);
	digest_text(&b, r->title);
	digest_text(&b, r->description);
	digest_text(&b, change_type_name(r->type));
	digest_text(&b, r->risk_chosen ? change_level_name(r->risk) : NULL);
	digest_text(&b, r->impact_chosen ? change_level_name(r->impact) : NULL);
	digest_text(&b, change_level_name(r->risk_suggested));
	digest_text(&b, change_level_name(r->impact_suggested));
	digest_text(&b, r->implementation);
	digest_text(&b, r->test_plan);
	digest_text(&b, r->backout_plan);
	digest_text(&b, r->requested_by);
	buf_printf(&b, "%" PRId64 " %" PRId64 "\nwaves %zu\n", r->planned_start,
	    r->planned_end, r->nwaves);
	for (size_t i = 0; i < r->nwaves; i++)
		buf_printf(&b, "%lld\n", r->waves[i]);
	buf_printf(&b, "windows %zu\n", r->nwindows);
	for (size_t i = 0; i < r->nwindows; i++) {
		const struct change_window *w = &r->windows[i];
		buf_printf(&b, "%lld %" PRId64 " %" PRId64 "\n", w->wave,
		    w->start_utc, w->end_utc);
		digest_text(&b, w->stage);
		digest_text(&b, w->window);
	}
	buf_printf(&b, "assets %zu\n", r->nassets);
	for (size_t i = 0; i < r->nassets; i++) {
		const struct change_asset *a = &r->assets[i];
		digest_text(&b, a->key);
		digest_text(&b, a->hostname);
		digest_text(&b, a->environment);
		digest_text(&b, a->tier);
		digest_text(&b, a->cluster);
		digest_text(&b, a->advisory);
		digest_text(&b, a->severity);
		buf_printf(&b, "%lld %" PRId64 " %" PRId64 " %d %" PRId64 " %d\n",
		    a->wave, a->start_utc, a->end_utc, a->has_deadline,
		    a->deadline_utc, a->sla_days);
	}
	buf_printf(&b, "conflicts %zu\n", r->nconflicts);
	for (size_t i = 0; i < r->nconflicts; i++) {
		const struct change_conflict *c = &r->conflicts[i];
		digest_text(&b, c->code);
		digest_text(&b, c->severity);
		digest_text(&b, c->assets);
		digest_text(&b, c->other);
		digest_text(&b, c->message);
		buf_printf(&b, "%" PRId64 "\n", c->fingerprint);
		digest_text(&b, c->ack_who);
		digest_text(&b, c->ack_at);
		digest_text(&b, c->ack_reason);
	}
	buf_printf(&b, "blocks %zu\n", r->nblocks);
	for (size_t i = 0; i < r->nblocks; i++) {
		const struct change_block *k = &r->blocks[i];
		digest_text(&b, k->kind);
		digest_text(&b, k->label);
		buf_printf(&b, "%" PRId64 " %" PRId64 "\n", k->start_utc, k->end_utc);
	}
	sha256_hex(b.s, b.len, out);
	buf_free(&b);
}

int
store_changes_each(struct store *s, int state,
    int (*each)(void *, const struct change_rec *), void *arg, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT " CHANGE_COLS " FROM changes WHERE"
	    " ?1 IS NULL OR state = ?1 ORDER BY number", err);
	int rc, stop = 0;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, state >= 0 ? change_state_name((enum change_state)state) : NULL);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct change_rec r;
		row_to_rec(st, &r);
		stop = each(arg, &r);
		change_rec_free(&r);
	}
	if (!stop && rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_fail(s, err, "listing changes");
	}
	sqlite3_finalize(st);
	return 0;
}

struct numbers {
	char	**v;
	size_t	  n, cap;
};

static int
collect_number(void *arg, const struct change_rec *r)
{
	struct numbers *x = arg;

	x->v = xgrow(x->v, &x->cap, x->n, sizeof *x->v);
	x->v[x->n++] = xstrdup(r->number);
	return 0;
}

int
store_change_numbers(struct store *s, int state, char ***numbers, size_t *n,
    struct pw_error *err)
{
	struct numbers x = { NULL, 0, 0 };
	int rc = store_changes_each(s, state, collect_number, &x, err);

	*numbers = x.v;
	*n = x.n;
	return rc;
}

int
store_change_tally(struct store *s, const char *number, size_t *approvals,
    size_t *rejections, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT count(c.id), total(d.decision ="
	    " 'approve'), total(d.decision = 'reject') FROM changes c LEFT JOIN"
	    " decisions d ON d.change_id = c.id AND d.round = c.round WHERE"
	    " c.number = ?1", err);
	int rc;

	*approvals = *rejections = 0;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, number);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(s, err, "counting decisions");
	}
	rc = sqlite3_column_int64(st, 0) > 0;
	*approvals = (size_t)sqlite3_column_double(st, 1);
	*rejections = (size_t)sqlite3_column_double(st, 2);
	sqlite3_finalize(st);
	return rc;
}

/* The id and state of a change by number: 1, 0 when none (err says so). */
static int
change_head(struct store *s, const char *number, long long *id, enum change_state *state,
    char **requester, int *round, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT id, state, requested_by, round FROM"
	    " changes WHERE number = ?1", err);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, number);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		pw_error_set(err, NULL, 0, "no change %.60s (patchwave change list)", number);
		return 0;
	}
	*id = sqlite3_column_int64(st, 0);
	int v = change_state_parse(db_col(st, 1));
	*state = v < 0 ? CS_DRAFT : (enum change_state)v;
	if (requester)
		*requester = xstrdup(db_col(st, 2));
	if (round)
		*round = sqlite3_column_int(st, 3);
	sqlite3_finalize(st);
	return 1;
}

icaltimezone *
store_policy_zone(struct store *s)
{
	struct policy p;
	struct pw_error e;
	int found;
	icaltimezone *z = NULL;

	if (store_policy_load(s, &p, &found, &e) == 0 && found)
		z = tz_builtin(p.timezone);
	policy_free(&p);
	return z;
}

static int
set_state(struct store *s, long long id, enum change_state to, const char *reason,
    int64_t now, struct pw_error *err)
{
	char at[32];

	utc_text(now, at);
	return db_run(s, err, "changing a change's state", "UPDATE changes SET state"
	    " = ?2, state_reason = ?3, updated_at = ?4, version = version + 1 WHERE"
	    " id = ?1", "ittt", id, change_state_name(to), reason, at);
}

static int
link_waves(struct store *s, const struct checked *k, long long id, const long long *waves,
    size_t nwaves, struct pw_error *err)
{
	for (size_t w = 0; w < nwaves; w++) {
		int found = 0;
		for (size_t i = 0; i < k->p.n && !found; i++)
			found = k->wave_ids[i] == waves[w];
		if (!found) {
			pw_error_set(err, NULL, 0, "no wave %lld in the plan (patchwave "
			    "waves)", waves[w]);
			return 1;
		}
	}
	if (db_run(s, err, "linking waves", "DELETE FROM change_waves WHERE"
	    " change_id = ?1", "i", id) != 0)
		return -1;
	for (size_t w = 0; w < nwaves; w++)
		if (db_run(s, err, "linking waves", "INSERT OR IGNORE INTO change_waves"
		    " VALUES (?1, ?2)", "ii", id, waves[w]) != 0)
			return -1;
	return 0;
}

static int
set_fields(struct store *s, long long id, const struct change_fields *f,
    struct buf *what, struct pw_error *err)
{
	static const struct { const char *col, *name; size_t off; } text[] = {
		{ "title", "title", offsetof(struct change_fields, title) },
		{ "description", "description",
		    offsetof(struct change_fields, description) },
		{ "implementation", "implementation plan",
		    offsetof(struct change_fields, implementation) },
		{ "test_plan", "test plan", offsetof(struct change_fields, test_plan) },
		{ "backout_plan", "backout plan",
		    offsetof(struct change_fields, backout_plan) },
	};

	for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
		const char *v = *(const char *const *)((const char *)f + text[i].off);
		char sql[96];
		if (v == NULL)
			continue;
		snprintf(sql, sizeof sql, "UPDATE changes SET %s = ?2 WHERE id = ?1",
		    text[i].col);
		if (db_run(s, err, "editing a change", sql, "it", id, v) != 0)
			return -1;
		buf_printf(what, "%s%s", what->len ? ", " : "", text[i].name);
	}
	if (f->type >= 0) {
		if (db_run(s, err, "editing a change", "UPDATE changes SET type = ?2 WHERE"
		    " id = ?1", "it", id, change_type_name((enum change_type)f->type)) != 0)
			return -1;
		buf_printf(what, "%stype %s", what->len ? ", " : "",
		    change_type_name((enum change_type)f->type));
	}
	if (f->risk >= 0) {
		if (db_run(s, err, "editing a change", "UPDATE changes SET risk = ?2 WHERE"
		    " id = ?1", "it", id, change_level_name((enum change_level)f->risk)) != 0)
			return -1;
		buf_printf(what, "%srisk %s", what->len ? ", " : "",
		    change_level_name((enum change_level)f->risk));
	}
	if (f->impact >= 0) {
		if (db_run(s, err, "editing a change", "UPDATE changes SET impact = ?2"
		    " WHERE id = ?1", "it", id,
		    change_level_name((enum change_level)f->impact)) != 0)
			return -1;
		buf_printf(what, "%simpact %s", what->len ? ", " : "",
		    change_level_name((enum change_level)f->impact));
	}
	return 0;
}

int
store_change_create(struct store *s, const struct checked *k, const long long *waves,
    size_t nwaves, const struct change_fields *f, const char *who, int64_t now,
    char **number, struct pw_error *err)
{
	struct civil c;
	char at[32], prefix[16], num[48];
	sqlite3_stmt *st;
	long long id, n = 1;
	struct change_touch t;
	int rc;

	*number = NULL;
	now = store_record_time(s, now);
	civil_from_seconds(now, &c);
	if (f->title == NULL || f->title[0] == '\0') {
		pw_error_set(err, NULL, 0, "a change needs a title (--title)");
		return 1;
	}
	if (nwaves == 0) {
		pw_error_set(err, NULL, 0, "a change needs at least one wave (--wave ID)");
		return 1;
	}
	utc_text(now, at);
	snprintf(prefix, sizeof prefix, "CHG-%04d-", c.y);
	if ((st = db_prepare(s, "SELECT max(CAST(substr(number, 10) AS INTEGER)) FROM"
	    " changes WHERE number LIKE ?1 || '%'", err)) == NULL)
		return -1;
	db_bind_text(st, 1, prefix);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0) + 1;
	sqlite3_finalize(st);
	snprintf(num, sizeof num, "%s%04lld", prefix, n);
	if ((st = db_prepare(s, "INSERT INTO changes (number, title, description, type,"
	    " risk, impact, risk_suggested, impact_suggested, implementation, test_plan,"
	    " backout_plan, planned_start, planned_end, state, state_reason,"
	    " requested_by, created_at, updated_at, round, version, digest) VALUES (?1,"
	    " '', '', 'normal', NULL, NULL, 'low', 'low', '', '', '', 0, 0, 'draft', '',"
	    " ?2, ?3, ?3, 0, 1, '') RETURNING id", err)) == NULL)
		return -1;
	db_bind_text(st, 1, num);
	db_bind_text(st, 2, who);
	db_bind_text(st, 3, at);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(s, err, "creating a change");
	}
	id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	struct buf what = { 0 };
	if ((rc = link_waves(s, k, id, waves, nwaves, err)) != 0 ||
	    (rc = set_fields(s, id, f, &what, err)) != 0 ||
	    (rc = store_change_snapshot(s, id, k, waves, nwaves, &t, err)) != 0) {
		buf_free(&what);
		return rc;
	}
	buf_reset(&what);
	buf_printf(&what, "created from wave%s", nwaves == 1 ? "" : "s");
	for (size_t i = 0; i < nwaves; i++)
		buf_printf(&what, "%s %lld", i ? "," : "", waves[i]);
	buf_printf(&what, ": %zu asset%s, %zu error%s, %zu warning%s; title: %s",
	    t.f.assets, t.f.assets == 1 ? "" : "s", t.f.errors, t.f.errors == 1 ? "" : "s",
	    t.f.warnings, t.f.warnings == 1 ? "" : "s", f->title);
	change_touch_free(&t);
	rc = store_audit_append(s, who, num, "create", buf_str(&what), now, err);
	buf_free(&what);
	if (rc != 0)
		return rc;
	*number = xstrdup(num);
	return 0;
}

int
store_change_edit(struct store *s, const struct checked *k, const char *number,
    const struct change_fields *f, const long long *waves, size_t nwaves,
    const char *who, int64_t now, struct pw_error *err)
{
	long long id;
	enum change_state state, next;
	char why[256];
	struct buf what = { 0 };
	struct change_rec r;
	struct change_touch t;
	int rc;

	now = store_record_time(s, now);
	if ((rc = change_head(s, number, &id, &state, NULL, NULL, err)) != 1)
		return rc < 0 ? -1 : 1;
	if (change_next(state, CA_REDRAFT, &next, why, sizeof why) != 0) {
		pw_error_set(err, NULL, 0, "%s: %s", number, why);
		return 1;
	}
	if (f->title && f->title[0] == '\0') {
		pw_error_set(err, NULL, 0, "a change needs a title");
		return 1;
	}
	if (waves && nwaves == 0) {
		pw_error_set(err, NULL, 0, "a change needs at least one wave");
		return 1;
	}
	if ((rc = set_fields(s, id, f, &what, err)) != 0)
		goto out;
	if (waves) {
		if ((rc = link_waves(s, k, id, waves, nwaves, err)) != 0)
			goto out;
		buf_printf(&what, "%swaves", what.len ? ", " : "");
	}
	if (what.len == 0) {
		pw_error_set(err, NULL, 0, "nothing to change (see change edit --help)");
		rc = 1;
		goto out;
	}
	/* Its waves as they are now (the stored links). */
	if ((rc = store_change_get(s, number, &r, err)) != 1) {
		rc = -1;
		goto out;
	}
	rc = store_change_snapshot(s, id, k, r.waves, r.nwaves, &t, err);
	change_rec_free(&r);
	change_touch_free(&t);
	if (rc != 0)
		goto out;
	char reason[400] = "";
	if (state != CS_DRAFT)
		snprintf(reason, sizeof reason, "back to draft: %s by %.60s while %s",
		    what.s, who, change_state_name(state));
	if ((rc = set_state(s, id, CS_DRAFT, state != CS_DRAFT ? reason : "", now,
	    err)) != 0)
		goto out;
	buf_printf(&what, "%s", state != CS_DRAFT ? "; back to draft from " : "");
	if (state != CS_DRAFT)
		buf_adds(&what, change_state_name(state));
	rc = store_audit_append(s, who, number, "edit", what.s, now, err);
out:
	buf_free(&what);
	return rc;
}

int
store_change_act(struct store *s, const struct checked *k, const char *number,
    enum change_action a, const char *who, const char *comment, int64_t now,
    enum change_state *out, struct pw_error *err)
{
	long long id;
	enum change_state state, next;
	char why[512];
	struct buf detail = { 0 };
	int rc;

	if (a == CA_APPROVE || a == CA_REJECT || a == CA_REDRAFT) {
		pw_error_set(err, NULL, 0, "internal: %s is not a workflow action here",
		    change_action_name(a));
		return -1;
	}
	now = store_record_time(s, now);
	if ((rc = change_head(s, number, &id, &state, NULL, NULL, err)) != 1)
		return rc < 0 ? -1 : 1;
	if (change_next(state, a, &next, why, sizeof why) != 0) {
		pw_error_set(err, NULL, 0, "%s: %s", number, why);
		return 1;
	}
	if (a == CA_IMPLEMENT || a == CA_FAIL) {
		/* An outcome is of a window that has started. */
		struct change_rec r;
		if (store_change_get(s, number, &r, err) != 1)
			return -1;
		rc = change_too_early(store_policy_zone(s), r.planned_start, now,
		    a == CA_FAIL ? "failed" : "implemented", why, sizeof why);
		change_rec_free(&r);
		if (rc != 0) {
			pw_error_set(err, NULL, 0, "%s: %s", number, why);
			return 1;
		}
	}
	if (a == CA_SUBMIT) {
		/* What the CAB is asked to approve: the plan as it is now. */
		struct change_rec r;
		struct change_touch t;
		char digest[65];
		if (store_change_get(s, number, &r, err) != 1)
			return -1;
		rc = store_change_snapshot(s, id, k, r.waves, r.nwaves, &t, err);
		if (rc == 0 && (change_too_late(store_policy_zone(s), t.start_utc, now,
		    "submit", why, sizeof why) != 0 || change_submit_check(&t.f, r.test_plan,
		    r.backout_plan, why, sizeof why) != 0)) {
			pw_error_set(err, NULL, 0, "%s cannot be submitted: %s", number, why);
			rc = 1;
		}
		waves_digest(k, r.waves, r.nwaves, 0, digest);
		change_rec_free(&r);
		change_touch_free(&t);
		if (rc != 0)
			return rc;
		if (db_run(s, err, "submitting a change", "UPDATE changes SET digest = ?2,"
		    " round = round + 1 WHERE id = ?1", "it", id, digest) != 0)
			return -1;
	}
	if (set_state(s, id, next, "", now, err) != 0)
		return -1;
	buf_printf(&detail, "%s -> %s", change_state_name(state), change_state_name(next));
	if (a == CA_SUBMIT) {
		/* What is submitted, in the log: the record as it now stands
		 * (audit verify and the pack hold it to this). */
		struct change_rec r;
		char record[65];
		if (store_change_get(s, number, &r, err) != 1) {
			buf_free(&detail);
			return -1;
		}
		change_record_digest(&r, record);
		change_rec_free(&r);
		/* And the quorum it is submitted under: a policy imported
		 * later may raise it, not lower it (store_change_decide). */
		struct policy p;
		int found;
		if (store_policy_load(s, &p, &found, err) != 0) {
			buf_free(&detail);
			return -1;
		}
		buf_printf(&detail, "; record sha256 %s; quorum %d", record,
		    p.quorum < 1 ? 1 : p.quorum);
		policy_free(&p);
	}
	if (comment && comment[0])
		buf_printf(&detail, "; %s", comment);
	rc = store_audit_append(s, who, number, change_action_name(a), detail.s, now, err);
	buf_free(&detail);
	*out = next;
	return rc;
}

int
store_change_decide(struct store *s, const char *number, enum change_action a,
    const char *who, const char *comment, const struct cab *cab, int64_t now,
    enum change_state *out, struct pw_error *err)
{
	long long id;
	enum change_state state, next;
	char why[256], *requester = NULL, at[32];
	const char **already = NULL;
	size_t nalready = 0, approvals = 0, rejections = 0;
	sqlite3_stmt *st;
	int rc, round;

	if (a != CA_APPROVE && a != CA_REJECT) {
		pw_error_set(err, NULL, 0, "internal: a decision approves or rejects");
		return -1;
	}
	now = store_record_time(s, now);
	if ((rc = change_head(s, number, &id, &state, &requester, &round, err)) != 1)
		return rc < 0 ? -1 : 1;
	*out = state;
	if (change_next(state, a, &next, why, sizeof why) != 0) {
		pw_error_set(err, NULL, 0, "%s: %s", number, why);
		free(requester);
		return 1;
	}
	if (comment == NULL || comment[0] == '\0') {
		pw_error_set(err, NULL, 0, "a CAB decision needs a comment (--comment)");
		free(requester);
		return 1;
	}
	if (a == CA_APPROVE) {
		struct change_rec r;
		if (store_change_get(s, number, &r, err) != 1) {
			free(requester);
			return -1;
		}
		rc = change_too_late(store_policy_zone(s), r.planned_start, now, "approve",
		    why, sizeof why);
		change_rec_free(&r);
		if (rc != 0) {
			pw_error_set(err, NULL, 0, "%s cannot be approved: %s", number, why);
			free(requester);
			return 1;
		}
	}
	/* Who decided this round already, and how. */
	if ((st = db_prepare(s, "SELECT who, decision FROM decisions WHERE change_id = ?1"
	    " AND round = ?2", err)) == NULL) {
		free(requester);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, round);
	char **names = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		names = xrealloc(names, (nalready + 1) * sizeof *names);
		names[nalready++] = xstrdup(db_col(st, 0));
		approvals += strcmp(db_col(st, 1), "approve") == 0;
		rejections += strcmp(db_col(st, 1), "reject") == 0;
	}
	sqlite3_finalize(st);
	already = (const char **)names;
	/* Who wrote this round, from the audit log (separation of duties);
	 * the quorum it was submitted under, if higher than the policy's now. */
	struct change_replay hist;
	struct cab held = *cab;
	rc = store_audit_replay(s, number, &hist, err);
	/* The requester as the log's create entry names them, and as the
	 * record does (the same unless set by hand): neither decides. */
	for (int k = 0; k < 2 && rc == 0; k++)
		rc = change_may_decide(cab, k ? hist.requester : requester,
		    hist.authors + hist.round_from, hist.pending_from -
		    hist.round_from, who, already, nalready, why, sizeof why) == 0 ?
		    0 : 1;
	held.quorum = change_quorum(cab->quorum, &hist);
	change_replay_free(&hist);
	for (size_t i = 0; i < nalready; i++)
		free(names[i]);
	free(names);
	free(requester);
	if (rc < 0)
		return -1;
	if (rc != 0) {
		pw_error_set(err, NULL, 0, "%s: %s", number, why);
		return 1;
	}
	utc_text(now, at);
	if (db_run(s, err, "recording a decision", "INSERT INTO decisions (change_id,"
	    " round, who, decision, at, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    "iitttt", id, (long long)round, who, a == CA_APPROVE ? "approve" : "reject",
	    at, comment) != 0)
		return -1;
	approvals += a == CA_APPROVE;
	rejections += a == CA_REJECT;
	next = change_decide(&held, approvals, rejections);
	struct buf detail = { 0 };
	size_t quorum = (size_t)held.quorum;	/* change_quorum: at least 1 */
	buf_printf(&detail, "%s (approvals %zu of the %zu needed)", a == CA_APPROVE ?
	    "approved" : "rejected", approvals, quorum);
	if (next != state)
		buf_printf(&detail, "; %s -> %s", change_state_name(state),
		    change_state_name(next));
	buf_printf(&detail, "; %s", comment);
	rc = store_audit_append(s, who, number, change_action_name(a), detail.s, now, err);
	buf_free(&detail);
	if (rc != 0)
		return rc;
	if (next != state && set_state(s, id, next, "", now, err) != 0)
		return -1;
	if (next == state && db_run(s, err, "recording a decision", "UPDATE changes"
	    " SET version = version + 1 WHERE id = ?1", "i", id) != 0)
		return -1;
	*out = next;
	return 0;
}

/* What changed in a change's waves since its snapshot, in a few words. */
static void
describe_drift(const struct checked *k, const struct change_rec *r, struct buf *b)
{
	size_t said = 0, more = 0;

#define SAY(...) do {							\
		if (said < 4) {						\
			buf_printf(b, "%s", said ? "; " : "");		\
			buf_printf(b, __VA_ARGS__);			\
			said++;						\
		} else							\
			more++;						\
	} while (0)
	for (size_t w = 0; w < r->nwindows; w++) {
		const struct change_window *cw = &r->windows[w];
		size_t i = 0;
		while (i < k->p.n && k->wave_ids[i] != cw->wave)
			i++;
		if (i == k->p.n) {
			SAY("wave %lld is gone", cw->wave);
			continue;
		}
		const struct slot *sl = &k->d.in.slots[k->p.v[i].slot];
		if (sl->start_utc != cw->start_utc || sl->end_utc != cw->end_utc) {
			char t[32];
			utc_text(sl->start_utc, t);
			SAY("wave %lld moved to %s (%s)", cw->wave, t, sl->name);
		}
	}
	struct strmap at = { 0 };	/* asset key -> placement */
	for (size_t i = 0; i < k->p.n; i++)
		strmap_put(&at, k->d.assets[k->p.v[i].asset].key, i);
	for (size_t a = 0; a < r->nassets; a++) {
		const struct change_asset *ca = &r->assets[a];
		size_t i = strmap_get(&at, ca->key);
		if (i == (size_t)-1)
			i = k->p.n;
		if (i == k->p.n || k->wave_ids[i] != ca->wave)
			SAY("%s left wave %lld", ca->hostname, ca->wave);
		else if (k->p.v[i].start_utc != ca->start_utc)
			SAY("%s starts at another time", ca->hostname);
	}
	strmap_free(&at);
	struct strmap had = { 0 };	/* the snapshot's asset keys */
	for (size_t a = 0; a < r->nassets; a++)
		strmap_put(&had, r->assets[a].key, a);
	for (size_t i = 0; i < k->p.n; i++) {
		if (!change_waves_have(r->waves, r->nwaves, k->wave_ids[i]))
			continue;
		const char *key = k->d.assets[k->p.v[i].asset].key;
		if (strmap_get(&had, key) == (size_t)-1)
			SAY("%s joined wave %lld", k->d.assets[k->p.v[i].asset].hostname,
			    k->wave_ids[i]);
	}
	strmap_free(&had);
	if (more)
		buf_printf(b, " and %zu more", more);
	if (said == 0)
		buf_adds(b, "its window's settings (reboot, concurrency, cutoff) or "
		    "the times of its assets changed");
#undef SAY
}

int
store_changes_open(struct store *s, size_t *n, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT count(*) FROM changes WHERE state IN"
	    " ('draft', 'submitted', 'approved')", err);

	*n = 0;
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Do a submitted or approved change's waves in k still hash to the digest
 * taken when it was submitted? 1 yes, 0 no, -1 error. */
static int
waves_unchanged(struct store *s, const struct checked *k, const char *number,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT c.digest, w.wave_id FROM changes c"
	    " LEFT JOIN change_waves w ON w.change_id = c.id WHERE c.number = ?1"
	    " ORDER BY w.wave_id", err);
	long long *waves = NULL;
	size_t n = 0, cap = 0;
	char stored[65] = "", now[65];

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, number);
	while (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(stored, sizeof stored, "%s", db_col(st, 0));
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;
		waves = xgrow(waves, &cap, n, sizeof *waves);
		waves[n++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	waves_digest(k, waves, n, 0, now);
	int same = strcmp(stored, now) == 0;
	/* One submitted under a patchwave whose digest left the windows'
	 * settings out is held to what it took (their changes unseen). */
	if (!same) {
		waves_digest(k, waves, n, 1, now);
		same = strcmp(stored, now) == 0;
	}
	free(waves);
	return same;
}

int
store_change_late(struct store *s, const char *number, int64_t now, char *why,
    size_t whysz, struct pw_error *err)
{
	struct change_rec r;
	int rc;

	if ((rc = store_change_get(s, number, &r, err)) != 1)
		return rc < 0 ? -1 : 0;
	rc = change_too_late(store_policy_zone(s), r.planned_start,
	    store_record_time(s, now), "submit", why, whysz) != 0;
	change_rec_free(&r);
	return rc;
}

int
store_change_plan_holds(struct store *s, const struct checked *k, const char *number,
    const char *doing, struct pw_error *err)
{
	struct pw_error none = { 0 };
	enum change_state state;
	long long id;
	int same, rc;

	/* Only a submitted or approved change has waves submitted; the rest
	 * (and no such change) are the workflow's to refuse. */
	if ((rc = change_head(s, number, &id, &state, NULL, NULL, &none)) < 0)
		*err = none;
	if (rc != 1)
		return rc < 0 ? -1 : 0;
	if (state != CS_SUBMITTED && state != CS_APPROVED)
		return 0;
	if ((same = waves_unchanged(s, k, number, err)) < 0)
		return -1;
	if (same)
		return 0;
	pw_error_set(err, NULL, 0, "%.60s cannot be %s: its waves in the stored plan are "
	    "not the ones submitted (the plan changed without patchwave sending the "
	    "change back to draft): patchwave plan --force plans again and sends it "
	    "back to draft; then patchwave change edit %.60s --wave ID and submit it "
	    "anew", number, doing, number);
	return 1;
}

int
store_changes_redrafted(struct store *s, struct buf *names, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT number FROM changes WHERE state ="
	    " 'draft' AND state_reason LIKE 'back to draft:%' ORDER BY number", err);
	size_t n = 0;

	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(names, "%s%s", n++ ? ", " : "", db_col(st, 0));
	sqlite3_finalize(st);
	return 0;
}

int
store_changes_follow(struct store *s, const struct checked *k, const char *who,
    int64_t now, struct redraft *redrafted, struct pw_error *err)
{
	static const enum change_state open[] = { CS_DRAFT, CS_SUBMITTED, CS_APPROVED };
	struct redraft scratch = { 0 }, *rd = redrafted ? redrafted : &scratch;
	int rc = 0;

	now = store_record_time(s, now);

	for (size_t o = 0; o < sizeof open / sizeof *open && rc == 0; o++) {
		char **numbers;
		size_t n;
		if (store_change_numbers(s, (int)open[o], &numbers, &n, err) != 0)
			return -1;
		for (size_t i = 0; i < n; i++) {
			struct change_rec r;
			struct change_touch t;
			/* Submitted and approved ones: their wave ids and digest
			 * first; the whole record only when the waves changed. */
			if (rc == 0 && open[o] != CS_DRAFT) {
				int same = waves_unchanged(s, k, numbers[i], err);
				if (same < 0)
					rc = -1;
				if (same != 0) {
					free(numbers[i]);
					continue;
				}
			}
			if (rc != 0 || store_change_get(s, numbers[i], &r, err) != 1) {
				rc = -1;
				free(numbers[i]);
				continue;
			}
			if (r.state != CS_DRAFT) {
				struct buf why = { 0 };
				buf_printf(&why, "back to draft: its waves changed after it was "
				    "%s: ", change_state_name(r.state));
				describe_drift(k, &r, &why);
				if (set_state(s, r.id, CS_DRAFT, why.s, now, err) != 0 ||
				    store_audit_append(s, who, r.number, "redraft", why.s, now,
				    err) != 0)
					rc = -1;
				buf_free(&why);
				buf_printf(&rd->names, "%s%s (%s)", rd->n ? ", " : "",
				    r.number, change_state_name(r.state));
				rd->n++;
			}
			if (rc == 0 && store_change_snapshot(s, r.id, k, r.waves, r.nwaves,
			    &t, err) != 0)
				rc = -1;
			else if (rc == 0) {
				if (t.nplacements == 0) {
					buf_printf(&rd->emptied, "%s%s", rd->nempty ? ", " :
					    "", r.number);
					rd->nempty++;
				}
				change_touch_free(&t);
			}
			change_rec_free(&r);
			free(numbers[i]);
		}
		free(numbers);
	}
	buf_free(&scratch.names);	/* redraft_free is plan_txn.c's, above */
	buf_free(&scratch.emptied);
	return rc;
}

/* Codes that mean a window no longer takes what was planned in it. */
static int
window_code(enum conflict_code c)
{
	return c == C_OUTSIDE_WINDOW || c == C_REBOOT_NOT_ALLOWED || c == C_CAPACITY;
}

/* Why the plan k (checked under a new policy) no longer fits change r's
 * windows: the first such error's sentence, and how many more; 0 when
 * none. */
static size_t
windows_refused(const struct checked *k, const struct change_rec *r, struct buf *why)
{
	struct touch_plan tp = checked_touch_plan(k);
	struct change_touch t;
	size_t found = 0;

	change_touch_make(&tp, r->waves, r->nwaves, NULL, NULL, &t);
	for (size_t i = 0; i < t.nconflicts; i++) {
		const struct conflict *x = &k->cl.v[t.conflicts[i].conflict];
		if (!x->error || !window_code(x->code))
			continue;
		if (found++ == 0)
			conflict_message(&k->d.in, x, why);
	}
	if (found > 1)
		buf_printf(why, " (and %zu more)", found - 1);
	change_touch_free(&t);
	return found;
}

int
store_changes_policy_changed(struct store *s, const struct checked *k,
    const char *who, int64_t now, char ***numbers, size_t *n, struct pw_error *err)
{
	static const enum change_state decided[] = { CS_SUBMITTED, CS_APPROVED };
	int rc = 0;

	now = store_record_time(s, now);

	*numbers = NULL;
	*n = 0;
	for (size_t o = 0; o < sizeof decided / sizeof *decided && rc == 0; o++) {
		char **v;
		size_t nv;
		if (store_change_numbers(s, (int)decided[o], &v, &nv, err) != 0)
			return -1;
		for (size_t i = 0; i < nv; i++) {
			struct change_rec r;
			struct buf why = { 0 };
			if (rc == 0 && store_change_get(s, v[i], &r, err) != 1)
				rc = -1;
			else if (rc == 0) {
				buf_printf(&why, "back to draft: the policy %.64s imported no "
				    "longer allows its windows: ", who);
				if (windows_refused(k, &r, &why) > 0) {
					if (set_state(s, r.id, CS_DRAFT, why.s, now, err) != 0 ||
					    store_audit_append(s, who, r.number, "policy", why.s,
					    now, err) != 0)
						rc = -1;
					*numbers = xrealloc(*numbers, (*n + 1) * sizeof **numbers);
					(*numbers)[(*n)++] = xstrdup(r.number);
				}
				change_rec_free(&r);
			}
			buf_free(&why);
			free(v[i]);
		}
		free(v);
	}
	return rc;
}

