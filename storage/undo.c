/* Undo for plan edits, kept in the database (schema 6): before an edit
 * changes anything, the rows it may change are copied into an undo step in
 * the same transaction; undoing the newest step puts them back. The CLI's
 * "edit undo" and the TUI's u share the steps. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "internal.h"
#include "store.h"

#define UNDO_STEPS	100	/* kept; older ones go */
#define UNDO_WHOLE	3	/* of those, steps that kept the whole plan (a
				   million-asset plan is 450k rows a step) */

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

int
store_undo_mark(struct store *s, const char *what, const char *who,
    const long long *waves, size_t nwaves, const char *const *assets, size_t nassets,
    int all, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "INSERT INTO undo_steps (made_at, who, what,"
	    " max_wave, whole) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2,"
	    " (SELECT coalesce(max(id), 0) FROM waves), ?3) RETURNING id", err);
	long long step;
	struct buf sql = { 0 };
	int rc = -1;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, who ? who : "unknown");
	db_bind_text(st, 2, what);
	sqlite3_bind_int(st, 3, all != 0);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(s, err, "keeping the plan for undo");
	}
	step = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* The assets (and the waves they are in now, which the edit may
	 * empty), the waves named, or all of them. */
	for (size_t i = 0; i < nassets; i++) {
		long long id = asset_named(s, assets[i], err);
		if (id <= 0)
			return id < 0 ? -1 : 1;
		if (exec2(s, "INSERT OR IGNORE INTO undo_assets VALUES (?1, ?2)", step, id,
		    err) != 0 || exec2(s, "INSERT OR IGNORE INTO undo_waves SELECT ?1, w.id,"
		    " w.stage, w.window, w.start_utc, w.end_utc, w.last_start_utc, w.reboot,"
		    " w.concurrency, w.from_calendar FROM waves w JOIN wave_assets x ON"
		    " x.wave_id = w.id WHERE x.asset_id = ?2", step, id, err) != 0)
			return -1;
	}
	buf_printf(&sql, "%s%s", keep_wave, all ? "" : " WHERE id = ?2");
	for (size_t i = 0; i < (all ? 1 : nwaves); i++)
		if (exec2(s, sql.s, step, all ? 0 : waves[i], err) != 0)
			goto out;
	/* Every member of those waves, and the assets named wherever they are;
	 * undo drops the rows all of these have then, and puts these back. */
	if (exec2(s, "INSERT OR IGNORE INTO undo_members SELECT ?1, x.asset_id, x.wave_id,"
	    " x.start_utc, x.end_utc, x.pinned FROM wave_assets x WHERE x.wave_id IN"
	    " (SELECT id FROM undo_waves WHERE step = ?1) OR x.asset_id IN (SELECT"
	    " asset_id FROM undo_assets WHERE step = ?1)", step, 0, err) != 0 ||
	    exec2(s, "INSERT OR IGNORE INTO undo_assets SELECT step, asset_id FROM"
	    " undo_members WHERE step = ?1", step, 0, err) != 0 ||
	    exec2(s, "DELETE FROM undo_steps WHERE id <= ?1 - ?2", step, UNDO_STEPS,
	    err) != 0)
		goto out;
	/* Cutting the oldest steps is always safe: each step puts back the
	 * state just before it, whatever came before that. */
	if (all && exec2(s, "DELETE FROM undo_steps WHERE id < (SELECT min(id) FROM"
	    " (SELECT id FROM undo_steps WHERE whole ORDER BY id DESC LIMIT ?2))",
	    step, UNDO_WHOLE, err) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&sql);
	return rc;
}

int
store_undo_pop(struct store *s, char **what, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT id, what, max_wave FROM undo_steps"
	    " ORDER BY id DESC LIMIT 1", err);
	long long step, max_wave;

	*what = NULL;
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		pw_error_set(err, NULL, 0, "nothing to undo");
		return 1;
	}
	step = sqlite3_column_int64(st, 0);
	*what = xstrdup(db_col(st, 1));
	max_wave = sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
	/* An upsert, not REPLACE: replacing a wave would delete (cascade) what
	 * is in it. */
	if (exec2(s, "DELETE FROM wave_assets WHERE asset_id IN (SELECT asset_id FROM"
	    " undo_assets WHERE step = ?1)", step, 0, err) != 0 ||
	    exec2(s, "DELETE FROM waves WHERE id > ?2", step, max_wave,
	    err) != 0 ||
	    exec2(s, "INSERT INTO waves (id, stage, window, start_utc, end_utc,"
	    " last_start_utc, reboot, concurrency, from_calendar) SELECT id, stage,"
	    " window, start_utc, end_utc, last_start_utc, reboot, concurrency,"
	    " from_calendar FROM undo_waves WHERE step = ?1 ON CONFLICT (id)"
	    " DO UPDATE SET stage = excluded.stage, window = excluded.window,"
	    " start_utc = excluded.start_utc, end_utc = excluded.end_utc,"
	    " last_start_utc = excluded.last_start_utc, reboot = excluded.reboot,"
	    " concurrency = excluded.concurrency, from_calendar = excluded.from_calendar",
	    step, 0, err) != 0 ||
	    exec2(s, "INSERT INTO wave_assets (asset_id, wave_id, start_utc, end_utc,"
	    " pinned) SELECT asset_id, wave_id, start_utc, end_utc, pinned FROM"
	    " undo_members WHERE step = ?1 ON CONFLICT (asset_id) DO NOTHING",
	    step, 0, err) != 0 ||
	    prune_waves(s, err) != 0 ||
	    exec2(s, "DELETE FROM undo_steps WHERE id = ?1", step, 0, err) != 0) {
		free(*what);
		*what = NULL;
		return -1;
	}
	return 0;
}

int
store_undo_clear(struct store *s, struct pw_error *err)
{
	return exec2(s, "DELETE FROM undo_steps", 0, 0, err);
}
