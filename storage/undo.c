/* Undo for plan edits, kept in the database (schema 6, packed since 20):
 * before an edit changes anything, the rows it may change are kept as an
 * undo step in the same transaction; once it has changed them, the step
 * keeps only those it did change (its inverse); undoing the newest step
 * puts them back. A step's wave members and the assets it takes out are
 * one blob each (model/undo_pack.c), its waves a row each (a few). The
 * CLI's "edit undo" and the TUI's u share the steps. */
#include <stdlib.h>
#include <string.h>

#include "../model/undo_pack.h"
#include "../util/buf.h"
#include "internal.h"
#include "store.h"

#define UNDO_STEPS	100	/* kept; older ones go */
#define UNDO_WHOLE	3	/* of those, steps that kept the whole plan (a
				   million-asset plan is about 4 MB a step) */

/* Most undo statements take two integers: run sql with ?1 = a and ?2 = b
 * (binding a parameter the SQL does not have is harmless: SQLite answers
 * SQLITE_RANGE and runs the rest). */
static int
exec2(struct store *s, const char *sql, long long a, long long b, struct pw_error *err)
{
	return db_run(s, err, "keeping the plan for undo", sql, "ii", a, b);
}

static const char keep_wave[] = "INSERT OR IGNORE INTO undo_waves SELECT ?1, id, stage,"
    " window, start_utc, end_utc, last_start_utc, reboot, concurrency, from_calendar"
    " FROM waves";

/* The wave_assets rows a query with ?1 = a yields (asset, wave, start, end,
 * pinned), appended to *v. */
static int
members_read(struct store *s, const char *sql, long long a, struct undo_member **v,
    size_t *n, size_t *cap, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*v = xgrow(*v, cap, *n, sizeof **v);
		(*v)[(*n)++] = (struct undo_member){ sqlite3_column_int64(st, 0),
		    sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		    sqlite3_column_int64(st, 3), sqlite3_column_int(st, 4) };
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "keeping the plan for undo");
}

/* Pack members and ids into the step's row. */
static int
step_write(struct store *s, long long step, struct undo_member *m, size_t nm,
    int64_t *ids, size_t nids, struct pw_error *err)
{
	unsigned char *mb = NULL, *ib = NULL;
	size_t ml, il;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (undo_pack_members(m, nm, &mb, &ml, err) != 0 ||
	    undo_pack_ids(ids, nids, &ib, &il, err) != 0 ||
	    (st = db_prepare(s, "UPDATE undo_steps SET members = ?2, extra = ?3"
	    " WHERE id = ?1", err)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, step);
	sqlite3_bind_blob(st, 2, mb, (int)ml, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, ib, (int)il, SQLITE_STATIC);
	rc = db_step_done(s, st, err, "keeping the plan for undo");
out:
	sqlite3_finalize(st);
	free(mb);
	free(ib);
	return rc;
}

/* A step's blobs unpacked; 1 when there is no such step, -1 (saying which
 * step) when one is damaged. */
static int
step_read(struct store *s, long long step, struct undo_member **m, size_t *nm,
    int64_t **ids, size_t *nids, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT members, extra FROM undo_steps"
	    " WHERE id = ?1", err);
	int rc = 1;

	*m = NULL;
	*ids = NULL;
	*nm = *nids = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, step);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rc = 0;
		if (undo_unpack_members(sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), m, nm, err) != 0 ||
		    undo_unpack_ids(sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1), ids, nids, err) != 0) {
			char why[sizeof err->msg];
			snprintf(why, sizeof why, "%s", err->msg);
			pw_error_set(err, NULL, 0, "undo step %lld: %s: nothing undone",
			    step, why);
			free(*m);
			*m = NULL;
			*nm = 0;
			rc = -1;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* The edit has changed the plan: the unsealed step keeps only the members
 * whose rows it changed (or took out), the assets it put in that were in
 * none of its waves, and the waves it changed. The rows it did not change
 * are as they were when undo puts the others back, so undo restores the
 * same plan with the smaller step. */
int
store_undo_seal(struct store *s, struct pw_error *err)
{
	long long step = s->undo_unsealed;
	struct undo_member *m;
	int64_t *ids;
	size_t nm, nids, keep = 0, nkeep = 0;
	sqlite3_stmt *st;
	int rc;

	s->undo_unsealed = 0;
	if (step == 0)
		return 0;
	if ((rc = step_read(s, step, &m, &nm, &ids, &nids, err)) != 0)
		return rc > 0 ? 0 : -1;
	rc = -1;
	if ((st = db_prepare(s, "SELECT asset_id, wave_id, start_utc, end_utc, pinned"
	    " FROM wave_assets WHERE asset_id = ?1", err)) == NULL)
		goto out;
	for (size_t i = 0; i < nm; i++) {
		int same = 0;
		sqlite3_bind_int64(st, 1, m[i].asset_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			same = sqlite3_column_int64(st, 1) == m[i].wave_id &&
			    sqlite3_column_int64(st, 2) == m[i].start_utc &&
			    sqlite3_column_int64(st, 3) == m[i].end_utc &&
			    sqlite3_column_int(st, 4) == m[i].pinned;
		sqlite3_reset(st);
		if (!same)
			m[keep++] = m[i];
	}
	/* Assets named that were in no wave: kept while they are in one now. */
	for (size_t i = 0; i < nids; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		if (sqlite3_step(st) == SQLITE_ROW)
			ids[nkeep++] = ids[i];
		sqlite3_reset(st);
	}
	if (step_write(s, step, m, keep, ids, nkeep, err) != 0 ||
	    exec2(s, "DELETE FROM undo_waves WHERE step = ?1 AND EXISTS (SELECT 1 FROM"
	    " waves w WHERE w.id = undo_waves.id AND w.stage = undo_waves.stage AND"
	    " w.window = undo_waves.window AND w.start_utc = undo_waves.start_utc AND"
	    " w.end_utc = undo_waves.end_utc AND w.last_start_utc ="
	    " undo_waves.last_start_utc AND w.reboot = undo_waves.reboot AND"
	    " w.concurrency = undo_waves.concurrency AND w.from_calendar ="
	    " undo_waves.from_calendar)", step, 0, err) != 0)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	free(m);
	free(ids);
	return rc;
}

/* 1 when the asset is in a wave, 0 when not, -1 on error. */
static int
planned(struct store *s, long long asset, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT 1 FROM wave_assets WHERE asset_id = ?1",
	    err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, asset);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "keeping the plan for undo");
	return rc == SQLITE_ROW;
}

int
store_undo_mark(struct store *s, const char *what, const char *who,
    const long long *waves, size_t nwaves, const char *const *assets, size_t nassets,
    int all, struct pw_error *err)
{
	sqlite3_stmt *st;
	long long step;
	struct buf sql = { 0 };
	struct undo_member *m = NULL;
	int64_t *extra = NULL;
	size_t nm = 0, cap = 0, nextra = 0;
	int rc = -1;

	/* A step marked earlier in this transaction is done with. */
	if (store_undo_seal(s, err) != 0)
		return -1;
	if ((st = db_prepare(s, "INSERT INTO undo_steps (made_at, who, what,"
	    " max_wave, whole) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', ?4, 'unixepoch'),"
	    " ?1, ?2, (SELECT coalesce(max(id), 0) FROM waves), ?3) RETURNING id",
	    err)) == NULL)
		return -1;
	db_bind_text(st, 1, who ? who : "unknown");
	db_bind_text(st, 2, what);
	sqlite3_bind_int(st, 3, all != 0);
	sqlite3_bind_int64(st, 4, store_now(s));
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(s, err, "keeping the plan for undo");
	}
	step = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* The assets named (and the waves they are in now, which the edit may
	 * empty), the waves named, or all of them. */
	extra = xmalloc((nassets ? nassets : 1) * sizeof *extra);
	for (size_t i = 0; i < nassets; i++) {
		long long id = asset_named(s, assets[i], err);
		if (id <= 0) {
			rc = id < 0 ? -1 : 1;
			goto out;
		}
		if (exec2(s, "INSERT OR IGNORE INTO undo_waves SELECT ?1, w.id,"
		    " w.stage, w.window, w.start_utc, w.end_utc, w.last_start_utc, w.reboot,"
		    " w.concurrency, w.from_calendar FROM waves w JOIN wave_assets x ON"
		    " x.wave_id = w.id WHERE x.asset_id = ?2", step, id, err) != 0)
			goto out;
		if ((rc = planned(s, id, err)) < 0)
			goto out;
		for (size_t j = 0; rc == 0 && j < nextra; j++)
			rc = extra[j] == id;
		if (rc == 0)
			extra[nextra++] = id;
		rc = -1;
	}
	buf_printf(&sql, "%s%s", keep_wave, all ? "" : " WHERE id = ?2");
	for (size_t i = 0; i < (all ? 1 : nwaves); i++)
		if (exec2(s, sql.s, step, all ? 0 : waves[i], err) != 0)
			goto out;
	/* Every member of those waves (the assets named among them); undo
	 * drops the rows these and the extra assets have then, and puts these
	 * back. */
	if (members_read(s, all ? "SELECT asset_id, wave_id, start_utc, end_utc, pinned"
	    " FROM wave_assets" : "SELECT x.asset_id, x.wave_id, x.start_utc, x.end_utc,"
	    " x.pinned FROM undo_waves u JOIN wave_assets x ON x.wave_id = u.id WHERE"
	    " u.step = ?1", step, &m, &nm, &cap, err) != 0 ||
	    step_write(s, step, m, nm, extra, nextra, err) != 0 ||
	    exec2(s, "DELETE FROM undo_steps WHERE id <= ?1 - ?2", step, UNDO_STEPS,
	    err) != 0)
		goto out;
	/* Cutting the oldest steps is always safe: each step puts back the
	 * state just before it, whatever came before that. */
	if (all && exec2(s, "DELETE FROM undo_steps WHERE id < (SELECT min(id) FROM"
	    " (SELECT id FROM undo_steps WHERE whole ORDER BY id DESC LIMIT ?2))",
	    step, UNDO_WHOLE, err) != 0)
		goto out;
	/* A whole plan's waves are all new (plans.c): every member changes, so
	 * there is nothing to seal. */
	s->undo_unsealed = all ? 0 : step;
	rc = 0;
out:
	buf_free(&sql);
	free(m);
	free(extra);
	return rc;
}

/* Run one statement with ?1 = each id. */
static int
each_id(struct store *s, sqlite3_stmt *st, const int64_t *ids, size_t n,
    struct pw_error *err)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		if (db_step_done(s, st, err, "undoing") != 0)
			return -1;
	}
	return 0;
}

/* Put the members back: the rows the assets have now go first; every row,
 * for a step that kept the whole plan (whole): the plan after it may have
 * placed assets that were in none before, in waves of the same ids (a plan's
 * new ids start above the waves it keeps, plans.c). */
static int
members_restore(struct store *s, const struct undo_member *m, size_t nm,
    const int64_t *extra, size_t nextra, long long max_wave, int whole,
    long long step, struct pw_error *err)
{
	sqlite3_stmt *del = db_prepare(s, whole ? "DELETE FROM wave_assets" :
	    "DELETE FROM wave_assets WHERE asset_id = ?1", err);
	sqlite3_stmt *put = NULL;
	int rc = -1;

	if (del == NULL)
		goto out;
	if (whole ? db_step_done(s, del, err, "undoing") != 0 :
	    each_id(s, del, extra, nextra, err) != 0)
		goto out;
	for (size_t i = 0; !whole && i < nm; i++) {
		sqlite3_bind_int64(del, 1, m[i].asset_id);
		if (db_step_done(s, del, err, "undoing") != 0)
			goto out;
	}
	/* An upsert, not REPLACE: replacing a wave would delete (cascade) what
	 * is in it. */
	if (exec2(s, "DELETE FROM waves WHERE id > ?2", step, max_wave, err) != 0 ||
	    exec2(s, "INSERT INTO waves (id, stage, window, start_utc, end_utc,"
	    " last_start_utc, reboot, concurrency, from_calendar) SELECT id, stage,"
	    " window, start_utc, end_utc, last_start_utc, reboot, concurrency,"
	    " from_calendar FROM undo_waves WHERE step = ?1 ON CONFLICT (id)"
	    " DO UPDATE SET stage = excluded.stage, window = excluded.window,"
	    " start_utc = excluded.start_utc, end_utc = excluded.end_utc,"
	    " last_start_utc = excluded.last_start_utc, reboot = excluded.reboot,"
	    " concurrency = excluded.concurrency, from_calendar = excluded.from_calendar",
	    step, 0, err) != 0 ||
	    (put = db_prepare(s, "INSERT INTO wave_assets (asset_id, wave_id, start_utc,"
	    " end_utc, pinned) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (asset_id)"
	    " DO NOTHING", err)) == NULL)
		goto out;
	for (size_t i = 0; i < nm; i++) {
		sqlite3_bind_int64(put, 1, m[i].asset_id);
		sqlite3_bind_int64(put, 2, m[i].wave_id);
		sqlite3_bind_int64(put, 3, m[i].start_utc);
		sqlite3_bind_int64(put, 4, m[i].end_utc);
		sqlite3_bind_int(put, 5, m[i].pinned);
		if (db_step_done(s, put, err, "undoing") != 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(del);
	sqlite3_finalize(put);
	return rc;
}

int
store_undo_pop(struct store *s, char **what, struct pw_error *err)
{
	sqlite3_stmt *st;
	long long step, max_wave;
	struct undo_member *m = NULL;
	int64_t *extra = NULL;
	size_t nm, nextra;
	int rc, whole;

	*what = NULL;
	if (store_undo_seal(s, err) != 0 ||
	    (st = db_prepare(s, "SELECT id, what, max_wave, whole FROM undo_steps"
	    " ORDER BY id DESC LIMIT 1", err)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		pw_error_set(err, NULL, 0, "nothing to undo");
		return 1;
	}
	step = sqlite3_column_int64(st, 0);
	*what = xstrdup(db_col(st, 1));
	max_wave = sqlite3_column_int64(st, 2);
	whole = sqlite3_column_int(st, 3);
	sqlite3_finalize(st);
	/* A damaged step is refused (1): nothing changes, and it stays. One
	 * that would drop or change a wave an implemented change carried out
	 * (a step made before the change was implemented) is refused by
	 * store_plan_change, as any edit that would. */
	if ((rc = step_read(s, step, &m, &nm, &extra, &nextra, err)) != 0)
		rc = rc < 0 ? 1 : -1;
	else if (members_restore(s, m, nm, extra, nextra, max_wave, whole, step,
	    err) != 0 || prune_waves(s, err) != 0 ||
	    exec2(s, "DELETE FROM undo_steps WHERE id = ?1", step, 0, err) != 0)
		rc = -1;
	if (rc != 0) {
		free(*what);
		*what = NULL;
	}
	free(m);
	free(extra);
	return rc;
}

int
store_undo_clear(struct store *s, struct pw_error *err)
{
	s->undo_unsealed = 0;
	return exec2(s, "DELETE FROM undo_steps", 0, 0, err);
}
