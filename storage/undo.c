/* Undo for plan edits: before an edit, the rows it may change are kept;
 * putting them back is one more edit (see store.h). */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "internal.h"
#include "store.h"

struct undo_wave {
	long long	 id;
	char		*stage, *window;
	int64_t		 start, end, last_start;
	int		 reboot, concurrency, from_calendar;
};

struct undo_member {
	long long	 asset, wave;
	int64_t		 start, end;
	int		 pinned;
};

struct plan_undo {
	struct undo_wave	*waves;
	size_t			 nwaves, capwaves;
	struct undo_member	*members;
	size_t			 nmembers, capmembers;
	long long		*assets;	/* rows to put back, or to drop */
	size_t			 nassets, capassets;
	long long		 max_wave;	/* newer waves came with the edit */
};

static int
keep_members(struct store *s, struct plan_undo *u, const char *sql, long long id,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		u->members = xgrow(u->members, &u->capmembers, u->nmembers,
		    sizeof *u->members);
		u->members[u->nmembers++] = (struct undo_member){
		    sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
		    sqlite3_column_int(st, 4) };
		u->assets = xgrow(u->assets, &u->capassets, u->nassets, sizeof *u->assets);
		u->assets[u->nassets++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "keeping the plan for undo");
}

struct plan_undo *
store_undo_mark(struct store *s, const long long *waves, size_t nwaves,
    const long long *assets, size_t nassets, int all, struct pw_error *err)
{
	struct plan_undo *u = xcalloc(1, sizeof *u);
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(s, all ? "SELECT id, stage, window, start_utc, end_utc,"
	    " last_start_utc, reboot, concurrency, from_calendar FROM waves" :
	    "SELECT id, stage, window, start_utc, end_utc, last_start_utc, reboot,"
	    " concurrency, from_calendar FROM waves WHERE id = ?1", err)) == NULL)
		goto fail;
	for (size_t i = 0; i < (all ? 1 : nwaves); i++) {
		if (!all)
			sqlite3_bind_int64(st, 1, waves[i]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			u->waves = xgrow(u->waves, &u->capwaves, u->nwaves, sizeof *u->waves);
			u->waves[u->nwaves++] = (struct undo_wave){
			    sqlite3_column_int64(st, 0), xstrdup(db_col(st, 1)),
			    xstrdup(db_col(st, 2)), sqlite3_column_int64(st, 3),
			    sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5),
			    sqlite3_column_int(st, 6), sqlite3_column_int(st, 7),
			    sqlite3_column_int(st, 8) };
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			db_fail(s, err, "keeping the plan for undo");
			sqlite3_finalize(st);
			goto fail;
		}
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < u->nwaves; i++)
		if (keep_members(s, u, "SELECT asset_id, wave_id, start_utc, end_utc,"
		    " pinned FROM wave_assets WHERE wave_id = ?1", u->waves[i].id, err) != 0)
			goto fail;
	for (size_t i = 0; i < nassets; i++) {
		u->assets = xgrow(u->assets, &u->capassets, u->nassets, sizeof *u->assets);
		u->assets[u->nassets++] = assets[i];	/* planned or not */
		if (keep_members(s, u, "SELECT asset_id, wave_id, start_utc, end_utc,"
		    " pinned FROM wave_assets WHERE asset_id = ?1", assets[i], err) != 0)
			goto fail;
	}
	if ((st = db_prepare(s, "SELECT coalesce(max(id), 0) FROM waves", err)) == NULL)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		u->max_wave = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return u;
fail:
	store_undo_free(u);
	return NULL;
}

/* Run sql with ?1 bound to id. */
static int
exec_id(struct store *s, const char *sql, long long id, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = db_step_done(s, st, err, "undoing an edit");
	sqlite3_finalize(st);
	return rc;
}

int
store_undo_apply(struct store *s, const struct plan_undo *u, struct pw_error *err)
{
	sqlite3_stmt *w = NULL, *m = NULL;
	int rc = -1;

	for (size_t i = 0; i < u->nassets; i++)
		if (exec_id(s, "DELETE FROM wave_assets WHERE asset_id = ?1", u->assets[i],
		    err) != 0)
			return -1;
	if (exec_id(s, "DELETE FROM waves WHERE id > ?1", u->max_wave, err) != 0)
		return -1;
	/* An upsert, not REPLACE: replacing a wave would delete (cascade) what
	 * is in it. */
	w = db_prepare(s, "INSERT INTO waves (id, stage, window, start_utc, end_utc,"
	    " last_start_utc, reboot, concurrency, from_calendar) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO UPDATE SET"
	    " stage = excluded.stage, window = excluded.window, start_utc ="
	    " excluded.start_utc, end_utc = excluded.end_utc, last_start_utc ="
	    " excluded.last_start_utc, reboot = excluded.reboot, concurrency ="
	    " excluded.concurrency, from_calendar = excluded.from_calendar", err);
	m = db_prepare(s, "INSERT INTO wave_assets (asset_id, wave_id, start_utc,"
	    " end_utc, pinned) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (asset_id)"
	    " DO NOTHING", err);
	if (w == NULL || m == NULL)
		goto out;
	for (size_t i = 0; i < u->nwaves; i++) {
		const struct undo_wave *x = &u->waves[i];
		sqlite3_bind_int64(w, 1, x->id);
		db_bind_text(w, 2, x->stage);
		db_bind_text(w, 3, x->window);
		sqlite3_bind_int64(w, 4, x->start);
		sqlite3_bind_int64(w, 5, x->end);
		sqlite3_bind_int64(w, 6, x->last_start);
		sqlite3_bind_int(w, 7, x->reboot);
		sqlite3_bind_int(w, 8, x->concurrency);
		sqlite3_bind_int(w, 9, x->from_calendar);
		if (db_step_done(s, w, err, "undoing an edit") != 0)
			goto out;
	}
	for (size_t i = 0; i < u->nmembers; i++) {
		const struct undo_member *x = &u->members[i];
		sqlite3_bind_int64(m, 1, x->asset);
		sqlite3_bind_int64(m, 2, x->wave);
		sqlite3_bind_int64(m, 3, x->start);
		sqlite3_bind_int64(m, 4, x->end);
		sqlite3_bind_int(m, 5, x->pinned);
		if (db_step_done(s, m, err, "undoing an edit") != 0)
			goto out;
	}
	/* Waves the edit emptied and undo did not refill go, as after an edit. */
	rc = prune_waves(s, err);
out:
	sqlite3_finalize(w);
	sqlite3_finalize(m);
	return rc;
}

void
store_undo_free(struct plan_undo *u)
{
	if (u == NULL)
		return;
	for (size_t i = 0; i < u->nwaves; i++) {
		free(u->waves[i].stage);
		free(u->waves[i].window);
	}
	free(u->waves);
	free(u->members);
	free(u->assets);
	free(u);
}
