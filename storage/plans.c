/* Plans: loading what the planner reads, and storing what it makes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "internal.h"
#include "store.h"

static int
keep_asset(void *arg, const struct asset *a, int retired)
{
	struct plan_data *d = arg;

	(void)retired;
	d->assets = xgrow(d->assets, &d->capassets, d->nassets, sizeof *d->assets);
	asset_copy(&d->assets[d->nassets++], a);
	return 0;
}

struct dl_load {
	struct plan_data	*d;
	struct strmap		*index;		/* key -> asset index */
};

static int
keep_pending(void *arg, const struct pending *p)
{
	struct dl_load *l = arg;
	size_t i = strmap_get(l->index, p->key);

	if (i != (size_t)-1)
		deadline_add(&l->d->deadlines[i], &l->d->policy, &p->patch);
	return 0;
}

static void
block_add(struct plan_data *d, int64_t start, int64_t end, size_t asset, size_t kind)
{
	d->blocks = xgrow(d->blocks, &d->capblocks, d->nblocks, sizeof *d->blocks);
	d->blocks[d->nblocks++] = (struct interval){ start, end, asset, kind };
}

/* Provider maintenance and freezes become blocks: for every asset when the
 * calendar has no scope, else for each asset its scope selects. */
static int
calendar_blocks(struct plan_data *d, const struct calendar *cal, int64_t from,
    int64_t to, struct pw_diags *warn, struct pw_error *err)
{
	struct occ_list occ = { 0 };
	struct selector scope = { 0 };
	size_t kind = cal->kind == CAL_PROVIDER ? 1 : 0;

	if (selector_from_json(&scope, cal->scope_json, err) != 0)
		return -1;
	cal_expand(cal, from, to, &occ, warn);
	for (size_t i = 0; i < occ.n; i++) {
		if (scope.nterms == 0) {
			block_add(d, occ.v[i].start_utc, occ.v[i].end_utc,
			    PLAN_EVERY_ASSET, kind);
			continue;
		}
		for (size_t a = 0; a < d->nassets; a++)
			if (selector_match(&scope, &d->assets[a]))
				block_add(d, occ.v[i].start_utc, occ.v[i].end_utc, a, kind);
	}
	occ_list_free(&occ);
	selector_free(&scope);
	return 0;
}

/* Pinned assets keep the slot (window and start) their wave has. */
static int
load_pins(struct store *s, struct plan_data *d, struct strmap *index,
    struct pw_diags *warn, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT a.key, w.window, w.start_utc"
	    " FROM wave_assets x JOIN waves w ON w.id = x.wave_id"
	    " JOIN assets a ON a.id = x.asset_id WHERE x.pinned", err);

	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t a = strmap_get(index, db_col(st, 0)), k;
		int64_t start = sqlite3_column_int64(st, 2);
		if (a == (size_t)-1)
			continue;	/* retired since */
		for (k = 0; k < d->slots.n; k++)
			if (d->slots.v[k].start_utc == start &&
			    strcmp(d->slots.v[k].name, db_col(st, 1)) == 0)
				break;
		if (k == d->slots.n) {
			if (warn)
				pw_diags_add(warn, NULL, 0, "%s was pinned to %s at a time "
				    "outside this plan's horizon: unpinned", db_col(st, 0),
				    db_col(st, 1));
			continue;
		}
		d->pinned[a] = (long)k;
	}
	sqlite3_finalize(st);
	return 0;
}

int
store_plan_data_load(struct store *s, int64_t now, int horizon_days, int keep_pinned,
    struct plan_data *d, struct pw_diags *warn, struct pw_error *err)
{
	struct strmap index = { 0 };
	char **names = NULL;
	size_t nnames = 0;
	int found, rc = -1;

	memset(d, 0, sizeof *d);
	if (store_policy_load(s, &d->policy, &found, err) != 0 ||
	    store_assets_each(s, 0, keep_asset, d, err) != 0)
		goto out;
	d->horizon_days = horizon_days > 0 ? horizon_days : d->policy.horizon_days;
	int64_t to = now + (int64_t)d->horizon_days * 86400;

	d->deadlines = xmalloc((d->nassets ? d->nassets : 1) * sizeof *d->deadlines);
	d->pinned = xmalloc((d->nassets ? d->nassets : 1) * sizeof *d->pinned);
	for (size_t i = 0; i < d->nassets; i++) {
		deadline_init(&d->deadlines[i]);
		d->pinned[i] = -1;
		strmap_put(&index, d->assets[i].key, i);
	}
	struct dl_load l = { d, &index };
	if (store_pending_each(s, keep_pending, &l, err) != 0)
		goto out;

	if (store_calendar_names(s, &names, &nnames, err) != 0)
		goto out;
	d->cals = xcalloc(nnames ? nnames : 1, sizeof *d->cals);
	for (size_t i = 0; i < nnames; i++) {
		if (store_calendar_load(s, names[i], &d->cals[i], &found, err) != 0)
			goto out;
		d->ncals++;
	}
	const struct calendar **cp = xmalloc((d->ncals ? d->ncals : 1) * sizeof *cp);
	for (size_t i = 0; i < d->ncals; i++)
		cp[i] = &d->cals[i];
	slots_build(&d->policy, cp, d->ncals, now, to, &d->slots, warn);
	free(cp);
	/* Blocks a day either side: a window may start before now or end after. */
	for (size_t i = 0; i < d->ncals; i++)
		if (d->cals[i].kind != CAL_WINDOW && calendar_blocks(d, &d->cals[i],
		    now - 86400 * 8, to + 86400 * 8, warn, err) != 0)
			goto out;
	if (keep_pinned && load_pins(s, d, &index, warn, err) != 0)
		goto out;
	d->in = (struct plan_input){ &d->policy, d->assets, d->deadlines, d->nassets,
	    d->slots.v, d->slots.n, d->blocks, d->nblocks, d->pinned, now };
	rc = 0;
out:
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	strmap_free(&index);
	return rc;
}

void
plan_data_free(struct plan_data *d)
{
	policy_free(&d->policy);
	for (size_t i = 0; i < d->nassets; i++)
		asset_clear(&d->assets[i]);
	free(d->assets);
	free(d->deadlines);
	for (size_t i = 0; i < d->ncals; i++)
		calendar_free(&d->cals[i]);
	free(d->cals);
	slot_list_free(&d->slots);
	free(d->blocks);
	free(d->pinned);
	memset(d, 0, sizeof *d);
}

int
store_plan_save(struct store *s, const struct plan_data *d, const struct plan *p,
    struct pw_error *err)
{
	sqlite3_stmt *wave = NULL, *member = NULL, *st;
	long long wave_id = 0;
	size_t cur_slot = (size_t)-1, cur_stage = (size_t)-1;
	int rc = -1;

	if ((st = db_prepare(s, "DELETE FROM wave_assets", err)) == NULL ||
	    db_step_done(s, st, err, "replacing the plan") != 0)
		goto out_st;
	sqlite3_finalize(st);
	if ((st = db_prepare(s, "DELETE FROM waves", err)) == NULL ||
	    db_step_done(s, st, err, "replacing the plan") != 0)
		goto out_st;
	sqlite3_finalize(st);
	if ((st = db_prepare(s, "INSERT INTO plans (made_at, now_utc, horizon_days)"
	    " VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2)", err)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, d->in.now_utc);
	sqlite3_bind_int(st, 2, d->horizon_days);
	if (db_step_done(s, st, err, "recording the plan") != 0)
		goto out_st;
	sqlite3_finalize(st);
	st = NULL;

	wave = db_prepare(s, "INSERT INTO waves (stage, window, start_utc, end_utc,"
	    " last_start_utc, reboot, concurrency, from_calendar) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id", err);
	member = db_prepare(s, "INSERT INTO wave_assets (asset_id, wave_id, start_utc,"
	    " end_utc, pinned) VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (wave == NULL || member == NULL)
		goto out;
	/* Placements come in slot order: a new (slot, stage) starts a wave. */
	for (size_t i = 0; i < p->n; i++) {
		const struct placement *pl = &p->v[i];
		if (pl->slot != cur_slot || pl->stage != cur_stage) {
			const struct slot *sl = &d->slots.v[pl->slot];
			db_bind_text(wave, 1, pl->stage < d->policy.nstages ?
			    d->policy.stages[pl->stage].name : "");
			db_bind_text(wave, 2, sl->name);
			sqlite3_bind_int64(wave, 3, sl->start_utc);
			sqlite3_bind_int64(wave, 4, sl->end_utc);
			sqlite3_bind_int64(wave, 5, sl->last_start_utc);
			sqlite3_bind_int(wave, 6, sl->reboot);
			sqlite3_bind_int(wave, 7, sl->concurrency);
			sqlite3_bind_int(wave, 8, sl->from_calendar);
			if (sqlite3_step(wave) != SQLITE_ROW) {
				db_fail(s, err, "saving a wave");
				goto out;
			}
			wave_id = sqlite3_column_int64(wave, 0);
			sqlite3_reset(wave);
			cur_slot = pl->slot;
			cur_stage = pl->stage;
		}
		sqlite3_bind_int64(member, 1, d->assets[pl->asset].id);
		sqlite3_bind_int64(member, 2, wave_id);
		sqlite3_bind_int64(member, 3, pl->start_utc);
		sqlite3_bind_int64(member, 4, pl->end_utc);
		sqlite3_bind_int(member, 5, pl->pinned);
		if (db_step_done(s, member, err, "saving a wave's asset") != 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(wave);
	sqlite3_finalize(member);
	return rc;
out_st:
	sqlite3_finalize(st);
	return -1;
}

int
store_waves_each(struct store *s, int (*each)(void *, const struct wave_info *),
    void *arg, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT w.id, w.stage, w.window, w.start_utc,"
	    " w.end_utc, a.hostname FROM waves w JOIN wave_assets x ON x.wave_id = w.id"
	    " JOIN assets a ON a.id = x.asset_id"
	    " ORDER BY w.start_utc, w.id, x.start_utc, a.key", err);
	struct wave_info wi;
	char **names = NULL, *stage = NULL, *window = NULL;
	size_t n = 0, cap = 0;
	long long cur = -1;
	int rc;

	if (st == NULL)
		return -1;
	memset(&wi, 0, sizeof wi);
	for (;;) {
		rc = sqlite3_step(st);
		long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -2;
		if (id != cur && cur != -1) {
			wi.hostnames = (const char *const *)names;
			wi.nassets = n;
			wi.stage = stage;
			wi.window = window;
			int stop = each(arg, &wi);
			for (size_t i = 0; i < n; i++)
				free(names[i]);
			n = 0;
			free(stage);
			free(window);
			stage = window = NULL;
			if (stop)
				break;
		}
		if (rc != SQLITE_ROW)
			break;
		if (id != cur) {
			cur = id;
			wi.id = id;
			stage = xstrdup(db_col(st, 1));
			window = xstrdup(db_col(st, 2));
			wi.start_utc = sqlite3_column_int64(st, 3);
			wi.end_utc = sqlite3_column_int64(st, 4);
		}
		names = xgrow(names, &cap, n, sizeof *names);
		names[n++] = xstrdup(db_col(st, 5));
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(stage);
	free(window);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(s, err, "reading waves");
	return 0;
}

int
store_planned_end(struct store *s, const char *key, int64_t *end, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT x.end_utc FROM wave_assets x"
	    " JOIN assets a ON a.id = x.asset_id WHERE a.key = ?1", err);
	int found = 0;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*end = sqlite3_column_int64(st, 0);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}
