/* Edits of the stored plan by hand, each inside the caller's transaction
 * (plan_txn.c): pin, remove and move assets; move, split and merge waves.
 * Work put in a window occurrence starts when one of its lanes is free. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "internal.h"
#include "store.h"

/* The id of the asset a user names (key first, then a unique hostname);
 * 0 when none. */
long long
asset_named(struct store *s, const char *name, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT id FROM assets WHERE key = ?1 AND"
	    " retired_import IS NULL UNION ALL SELECT id FROM assets WHERE hostname"
	    " = ?1 AND key <> ?1 AND retired_import IS NULL", err);
	long long id = 0;
	int n = 0;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	while (sqlite3_step(st) == SQLITE_ROW && n < 2) {
		if (n++ == 0)
			id = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (n == 0) {
		pw_error_set(err, NULL, 0, "no active asset has key or hostname '%.80s'", name);
		return 0;
	}
	return id;
}

char *
store_asset_key(struct store *s, long long id, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT key FROM assets WHERE id = ?1 AND"
	    " retired_import IS NULL", err);
	char *key = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		key = xstrdup(db_col(st, 0));
	sqlite3_finalize(st);
	return key;
}

/* Run one UPDATE/DELETE on the asset's plan row; 1 when it is not planned. */
static int
edit_row(struct store *s, const char *sql, long long asset, long long arg,
    const char *name, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_int64(st, 2, arg);
	rc = db_step_done(s, st, err, "editing the plan");
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0) {
		pw_error_set(err, NULL, 0, "%.80s is in no wave", name);
		return 1;
	}
	return 0;
}

int
store_plan_pin(struct store *s, const char *name, int pinned, struct pw_error *err)
{
	long long id = asset_named(s, name, err);

	if (id <= 0)
		return id < 0 ? -1 : 1;
	return edit_row(s, "UPDATE wave_assets SET pinned = ?2 WHERE asset_id = ?1",
	    id, pinned, name, err);
}

int
store_plan_remove(struct store *s, const char *name, struct pw_error *err)
{
	long long id = asset_named(s, name, err);

	if (id <= 0)
		return id < 0 ? -1 : 1;
	int rc = edit_row(s, "DELETE FROM wave_assets WHERE asset_id = ?1",
	    id, 0, name, err);
	return rc != 0 ? rc : prune_waves(s, err);
}

/* A stored wave's row. */
struct wave_row {
	long long	id;
	char		stage[128], window[256];
	int64_t		start_utc;
	int		concurrency;
};

/* 0 and *w when wave id exists, 1 (err says so) when not, -1 on failure. */
static int
wave_get(struct store *s, long long id, struct wave_row *w, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT stage, window, start_utc, concurrency"
	    " FROM waves WHERE id = ?1", err);
	int found = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		w->id = id;
		snprintf(w->stage, sizeof w->stage, "%s", db_col(st, 0));
		snprintf(w->window, sizeof w->window, "%s", db_col(st, 1));
		w->start_utc = sqlite3_column_int64(st, 2);
		w->concurrency = sqlite3_column_int(st, 3);
		if (w->concurrency < 1)
			w->concurrency = 1;
		found = 1;
	}
	sqlite3_finalize(st);
	if (!found)
		pw_error_set(err, NULL, 0, "there is no wave %lld (see patchwave waves)", id);
	return !found;
}

/* The lanes of one window occurrence as the work already in it leaves them
 * (every wave there: a split wave shares its window's lanes), leaving out
 * wave skip_wave and asset skip_asset, the ones about to be placed. Each
 * lane holds when it is free; the caller frees. */
static int64_t *
lanes_load(struct store *s, const char *window, int64_t start, int conc,
    long long skip_wave, long long skip_asset, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT x.start_utc, x.end_utc FROM"
	    " wave_assets x JOIN waves w ON w.id = x.wave_id WHERE w.window = ?1"
	    " AND w.start_utc = ?2 AND w.id <> ?3 AND x.asset_id <> ?4"
	    " ORDER BY x.start_utc, x.asset_id", err);
	int64_t *lanes;

	if (st == NULL)
		return NULL;
	lanes = xmalloc((size_t)conc * sizeof *lanes);
	for (int i = 0; i < conc; i++)
		lanes[i] = start;
	db_bind_text(st, 1, window);
	sqlite3_bind_int64(st, 2, start);
	sqlite3_bind_int64(st, 3, skip_wave);
	sqlite3_bind_int64(st, 4, skip_asset);
	/* Replayed in start order, each on the lane free first. */
	while (sqlite3_step(st) == SQLITE_ROW) {
		int best = 0;
		for (int i = 1; i < conc; i++)
			if (lanes[i] < lanes[best])
				best = i;
		if (lanes[best] < sqlite3_column_int64(st, 1))
			lanes[best] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return lanes;
}

/* Work of the given length on the lane free first: its start. */
static int64_t
lanes_take(int64_t *lanes, int conc, int64_t length)
{
	int best = 0;

	for (int i = 1; i < conc; i++)
		if (lanes[i] < lanes[best])
			best = i;
	int64_t start = lanes[best];
	lanes[best] = start + length;
	return start;
}

/* Put an asset in a wave at a time, pinned. */
static int
place_asset(struct store *s, long long asset, long long wave, int64_t start,
    int64_t end, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "INSERT INTO wave_assets (asset_id, wave_id,"
	    " start_utc, end_utc, pinned) VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT"
	    " (asset_id) DO UPDATE SET wave_id = excluded.wave_id, start_utc ="
	    " excluded.start_utc, end_utc = excluded.end_utc, pinned = 1", err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_int64(st, 2, wave);
	sqlite3_bind_int64(st, 3, start);
	sqlite3_bind_int64(st, 4, end);
	rc = db_step_done(s, st, err, "placing an asset");
	sqlite3_finalize(st);
	return rc;
}

int
store_plan_move(struct store *s, const char *name, long long wave, struct pw_error *err)
{
	long long id = asset_named(s, name, err);
	struct wave_row w;
	sqlite3_stmt *st;
	int64_t minutes = 0, *lanes;
	int rc;

	if (id <= 0)
		return id < 0 ? -1 : 1;
	if ((rc = wave_get(s, wave, &w, err)) != 0)
		return rc;
	/* Into the wave it is in: nothing would move, yet it said done (and
	 * only pinned it); edit pin says that. */
	if ((st = db_prepare(s, "SELECT 1 FROM wave_assets WHERE asset_id = ?1 AND"
	    " wave_id = ?2", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, wave);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW) {
		pw_error_set(err, NULL, 0, "%.80s is in wave %lld already (edit pin keeps "
		    "it there)", name, wave);
		return 1;
	}
	/* Its work: patching, and rebooting when a pending patch needs it or a
	 * reboot is pending; a pending reboot alone, the reboot alone
	 * (plan_work_minutes). */
	if ((st = db_prepare(s, "SELECT CASE WHEN EXISTS (SELECT 1 FROM patches"
	    " WHERE asset_id = ?1 AND resolved_import IS NULL) OR NOT reboot_pending"
	    " THEN patch_minutes ELSE 0 END + CASE WHEN reboot_pending OR"
	    " EXISTS (SELECT 1 FROM patches WHERE asset_id = ?1 AND resolved_import IS"
	    " NULL AND reboot) THEN reboot_minutes ELSE 0 END FROM assets WHERE id = ?1",
	    err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		minutes = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if ((lanes = lanes_load(s, w.window, w.start_utc, w.concurrency, 0, id,
	    err)) == NULL)
		return -1;
	int64_t start = lanes_take(lanes, w.concurrency, minutes * 60);
	free(lanes);
	if (place_asset(s, id, wave, start, start + minutes * 60, err) != 0)
		return -1;
	return prune_waves(s, err);
}

/* A wave's assets in start order: ids and lengths (caller frees both). */
static int
wave_members(struct store *s, long long wave, long long **ids, int64_t **len,
    size_t *n, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT asset_id, end_utc - start_utc FROM"
	    " wave_assets WHERE wave_id = ?1 ORDER BY start_utc, asset_id", err);
	size_t cap = 0, lcap = 0;

	*ids = NULL;
	*len = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, wave);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*ids = xgrow(*ids, &cap, *n, sizeof **ids);
		*len = xgrow(*len, &lcap, *n, sizeof **len);
		(*ids)[*n] = sqlite3_column_int64(st, 0);
		(*len)[(*n)++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Lay the assets of wave from onto the lanes of wave into's window
 * occurrence (after the work already there), as members of into. */
static int
replay_into(struct store *s, long long from, const struct wave_row *into,
    struct pw_error *err)
{
	long long *ids;
	int64_t *len, *lanes;
	size_t n;
	int rc = 0;

	if (wave_members(s, from, &ids, &len, &n, err) != 0)
		return -1;
	if ((lanes = lanes_load(s, into->window, into->start_utc, into->concurrency,
	    from, 0, err)) == NULL)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int64_t start = lanes_take(lanes, into->concurrency, len[i]);
		rc = place_asset(s, ids[i], into->id, start, start + len[i], err);
	}
	free(lanes);
	free(ids);
	free(len);
	return rc;
}

int
store_wave_move(struct store *s, long long wave, const struct slot *to,
    struct pw_error *err)
{
	struct wave_row w;
	sqlite3_stmt *st;
	int rc;

	if ((rc = wave_get(s, wave, &w, err)) != 0)
		return rc;
	if (w.start_utc == to->start_utc && strcmp(w.window, to->name) == 0) {
		pw_error_set(err, NULL, 0, "wave %lld is in that window already", wave);
		return 1;
	}
	if ((st = db_prepare(s, "UPDATE waves SET window = ?2, start_utc = ?3,"
	    " end_utc = ?4, last_start_utc = ?5, reboot = ?6, concurrency = ?7,"
	    " from_calendar = ?8 WHERE id = ?1", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, wave);
	db_bind_text(st, 2, to->name);
	sqlite3_bind_int64(st, 3, to->start_utc);
	sqlite3_bind_int64(st, 4, to->end_utc);
	sqlite3_bind_int64(st, 5, to->last_start_utc);
	sqlite3_bind_int(st, 6, to->reboot);
	sqlite3_bind_int(st, 7, to->concurrency);
	sqlite3_bind_int(st, 8, to->from_calendar);
	rc = db_step_done(s, st, err, "moving a wave");
	sqlite3_finalize(st);
	if (rc != 0 || (rc = wave_get(s, wave, &w, err)) != 0)
		return -1;
	/* Its assets keep their order and lengths, after what is there. */
	return replay_into(s, wave, &w, err);
}

int
store_wave_split(struct store *s, long long wave, const char *const *assets,
    size_t n, long long *new_wave, struct pw_error *err)
{
	struct wave_row w;
	sqlite3_stmt *st;
	int rc;

	if ((rc = wave_get(s, wave, &w, err)) != 0)
		return rc;
	/* The new wave: the old one's row, its own id. */
	if ((st = db_prepare(s, "INSERT INTO waves (id, stage, window, start_utc,"
	    " end_utc, last_start_utc, reboot, concurrency, from_calendar) SELECT"
	    " " NEW_WAVE_ID ", stage, window, start_utc, end_utc,"
	    " last_start_utc, reboot, concurrency, from_calendar FROM waves"
	    " WHERE id = ?1 RETURNING id", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, wave);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(s, err, "splitting a wave");
	}
	*new_wave = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++) {
		long long id = asset_named(s, assets[i], err);
		if (id <= 0)
			return id < 0 ? -1 : 1;
		if ((st = db_prepare(s, "UPDATE wave_assets SET wave_id = ?3, pinned = 1"
		    " WHERE asset_id = ?1 AND wave_id = ?2", err)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, wave);
		sqlite3_bind_int64(st, 3, *new_wave);
		rc = db_step_done(s, st, err, "splitting a wave");
		sqlite3_finalize(st);
		if (rc != 0)
			return -1;
		if (sqlite3_changes(s->db) == 0) {
			pw_error_set(err, NULL, 0, "%.80s is not in wave %lld", assets[i],
			    wave);
			return 1;
		}
	}
	if ((st = db_prepare(s, "SELECT count(*) FROM wave_assets WHERE wave_id = ?1",
	    err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, wave);
	rc = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (rc == 0) {
		pw_error_set(err, NULL, 0, "that takes every asset out of wave %lld: "
		    "edit move-wave moves a whole wave", wave);
		return 1;
	}
	return rc < 0 ? db_fail(s, err, "splitting a wave") : 0;
}

int
store_wave_merge(struct store *s, long long into, long long from,
    struct pw_error *err)
{
	struct wave_row a, b;
	int rc;

	if ((rc = wave_get(s, into, &a, err)) != 0 ||
	    (rc = wave_get(s, from, &b, err)) != 0)
		return rc;
	if (into == from) {
		pw_error_set(err, NULL, 0, "a wave cannot be merged into itself");
		return 1;
	}
	if (strcmp(a.stage, b.stage) != 0) {
		pw_error_set(err, NULL, 0, "wave %lld is of stage '%.60s' and wave %lld of "
		    "'%.60s': a wave has one stage", from, b.stage, into, a.stage);
		return 1;
	}
	/* Into the same window: nobody's times change. Else laid onto its lanes. */
	if (a.start_utc == b.start_utc && strcmp(a.window, b.window) == 0) {
		sqlite3_stmt *st = db_prepare(s, "UPDATE wave_assets SET wave_id = ?1,"
		    " pinned = 1 WHERE wave_id = ?2", err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, into);
		sqlite3_bind_int64(st, 2, from);
		rc = db_step_done(s, st, err, "merging waves");
		sqlite3_finalize(st);
	} else
		rc = replay_into(s, from, &a, err);
	return rc != 0 ? -1 : prune_waves(s, err);
}
