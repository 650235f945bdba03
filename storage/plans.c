/* Plans: loading what the planner reads, and storing what it makes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "internal.h"
#include "store.h"

static int
keep_asset(void *arg, struct asset *a, int retired)
{
	struct plan_data *d = arg;

	(void)retired;
	d->assets = xgrow(d->assets, &d->capassets, d->nassets, sizeof *d->assets);
	d->assets[d->nassets++] = *a;	/* take its strings: no copy */
	asset_init(a);
	return 0;
}

size_t
plan_data_asset(const struct plan_data *d, const char *key)
{
	size_t lo = 0, hi = d->nassets;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->assets[mid].key, key);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

struct dl_load {
	struct plan_data	*d;
	size_t			 next;		/* the merge's place in the assets */
};

static int
keep_pending(void *arg, const struct pending *p)
{
	struct dl_load *l = arg;
	const struct plan_data *pd = l->d;
	size_t i;

	/* Patches come in key order too: walk both lists together. A key not
	 * where the walk is (a retired asset's) is looked for once more. */
	while (l->next < pd->nassets && strcmp(pd->assets[l->next].key, p->key) < 0)
		l->next++;
	if (l->next < pd->nassets && strcmp(pd->assets[l->next].key, p->key) == 0)
		i = l->next;
	else
		i = plan_data_asset(pd, p->key);
	struct deadline *d = i != (size_t)-1 ? &l->d->deadlines[i] : NULL;
	if (d && deadline_add(d, &l->d->policy, &p->patch))
		d->advisory = arena_strndup(&l->d->text, d->advisory, strlen(d->advisory));
	return 0;
}

/* Append an interval and its label to one of the block lists (blocks or
 * sblocks: arrays grown together, so both share *cap's count). */
static void
iv_add(struct interval **v, const char ***labels, size_t *n, size_t *cap,
    struct interval x, const char *label)
{
	size_t lcap = *cap;

	*v = xgrow(*v, cap, *n, sizeof **v);
	*labels = xgrow(*labels, &lcap, *n, sizeof **labels);
	(*labels)[*n] = label;
	(*v)[(*n)++] = x;
}

/* Provider maintenance and freezes become blocks: for every asset when the
 * calendar has no scope, else calendar-wide blocks through its scope (the
 * planner and checker test the scope only where a block touches a window). */
static int
calendar_blocks(struct plan_data *d, const struct calendar *cal, int64_t from,
    int64_t to, struct pw_diags *warn, struct pw_error *err)
{
	struct occ_list occ = { 0 };
	struct selector *scope = &d->scope_sel[d->nscopes];
	size_t kind = cal->kind == CAL_PROVIDER ? 1 : 0;

	memset(scope, 0, sizeof *scope);
	if (selector_from_json(scope, cal->scope_json, err) != 0)
		return -1;
	if (scope->nterms > 0)
		d->scopes[d->nscopes++] = scope;
	cal_expand(cal, from, to, &occ, warn);
	for (size_t i = 0; i < occ.n; i++) {
		const char *label = cal->events[occ.v[i].event].summary;
		if (scope->nterms == 0)
			iv_add(&d->blocks, &d->block_labels, &d->nblocks, &d->capblocks,
			    (struct interval){ occ.v[i].start_utc, occ.v[i].end_utc,
			    PLAN_EVERY_ASSET, kind }, label);
		else
			iv_add(&d->sblocks, &d->sblock_labels, &d->nsblocks,
			    &d->capsblocks, (struct interval){ occ.v[i].start_utc,
			    occ.v[i].end_utc, d->nscopes - 1, kind }, label);
	}
	occ_list_free(&occ);
	return 0;
}

/* Pinned assets keep the slot (window and start) their wave has. */
static int
load_pins(struct store *s, struct plan_data *d, struct pw_diags *warn,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT a.key, w.window, w.start_utc"
	    " FROM wave_assets x JOIN waves w ON w.id = x.wave_id"
	    " JOIN assets a ON a.id = x.asset_id WHERE x.pinned", err);

	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t a = plan_data_asset(d, db_col(st, 0)), k;
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
	char **names = NULL;
	size_t nnames = 0;
	int found, rc = -1;

	memset(d, 0, sizeof *d);
	/* "admits nothing": a field no asset has matches no asset. */
	selector_add(&d->nothing, "no such window", "");
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
	}
	struct dl_load l = { d, 0 };
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
	/* Blocks a week either side: a window may start before now or end after. */
	d->scope_sel = xcalloc(d->ncals ? d->ncals : 1, sizeof *d->scope_sel);
	d->scopes = xcalloc(d->ncals ? d->ncals : 1, sizeof *d->scopes);
	for (size_t i = 0; i < d->ncals; i++)
		if (d->cals[i].kind != CAL_WINDOW && calendar_blocks(d, &d->cals[i],
		    now - 86400 * 8, to + 86400 * 8, warn, err) != 0)
			goto out;
	if (keep_pinned && load_pins(s, d, warn, err) != 0)
		goto out;
	d->in = (struct plan_input){ .policy = &d->policy, .assets = d->assets,
	    .deadlines = d->deadlines, .nassets = d->nassets, .slots = d->slots.v,
	    .nslots = d->slots.n, .blocks = d->blocks, .nblocks = d->nblocks,
	    .sblocks = d->sblocks, .nsblocks = d->nsblocks,
	    .scopes = (const struct selector *const *)d->scopes, .nscopes = d->nscopes,
	    .block_labels = d->block_labels, .sblock_labels = d->sblock_labels,
	    .pinned = d->pinned, .now_utc = now };
	rc = 0;
out:
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
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
	arena_free(&d->text);
	for (size_t i = 0; i < d->ncals; i++)
		calendar_free(&d->cals[i]);
	free(d->cals);
	slot_list_free(&d->slots);
	for (size_t i = 0; i < d->ngone; i++)
		free(d->gone_names[i]);
	free(d->gone_names);
	selector_free(&d->nothing);
	free(d->blocks);
	free(d->block_labels);
	free(d->sblocks);
	free(d->sblock_labels);
	for (size_t i = 0; d->scope_sel && i < d->ncals; i++)
		selector_free(&d->scope_sel[i]);
	free(d->scope_sel);
	free(d->scopes);
	free(d->pinned);
	memset(d, 0, sizeof *d);
}

/* Placement indexes by their asset's id (qsort_r). */
struct save_order {
	const struct plan_data	*d;
	const struct plan	*p;
};

static int
by_asset_id(const void *x, const void *y, void *arg)
{
	const struct save_order *o = arg;
	long long a = o->d->assets[o->p->v[*(const size_t *)x].asset].id;
	long long b = o->d->assets[o->p->v[*(const size_t *)y].asset].id;

	return (a > b) - (a < b);
}

int
store_plan_save(struct store *s, const struct plan_data *d, const struct plan *p,
    struct pw_error *err)
{
	sqlite3_stmt *wave = NULL, *member = NULL, *st;
	long long wave_id = 0;
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

	/* New ids above any a change names (changes.h). */
	wave = db_prepare(s, "INSERT INTO waves (id, stage, window, start_utc, end_utc,"
	    " last_start_utc, reboot, concurrency, from_calendar) VALUES"
	    " (" NEW_WAVE_ID ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id", err);
	member = db_prepare(s, "INSERT INTO wave_assets (asset_id, wave_id, start_utc,"
	    " end_utc, pinned) VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (wave == NULL || member == NULL)
		goto out;
	/* Placements come in slot order: a new (slot, stage, part) starts a wave. */
	long long *wave_of = xmalloc((p->n ? p->n : 1) * sizeof *wave_of);
	size_t *order = xmalloc((p->n ? p->n : 1) * sizeof *order);
	for (size_t i = 0; i < p->n; i++) {
		const struct placement *pl = &p->v[i];
		order[i] = i;
		if (i == 0 || !plan_same_wave(pl, &p->v[i - 1])) {
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
				goto out_members;
			}
			wave_id = sqlite3_column_int64(wave, 0);
			sqlite3_reset(wave);
		}
		wave_of[i] = wave_id;
	}
	/* Members in asset id order: appends to the table's b-tree instead of
	 * a random walk through it (2 s -> 0.x s at a million). */
	struct save_order so = { d, p };
	qsort_r(order, p->n, sizeof *order, by_asset_id, &so);
	for (size_t k = 0; k < p->n; k++) {
		const struct placement *pl = &p->v[order[k]];
		sqlite3_bind_int64(member, 1, d->assets[pl->asset].id);
		sqlite3_bind_int64(member, 2, wave_of[order[k]]);
		sqlite3_bind_int64(member, 3, pl->start_utc);
		sqlite3_bind_int64(member, 4, pl->end_utc);
		sqlite3_bind_int(member, 5, pl->pinned);
		if (db_step_done(s, member, err, "saving a wave's asset") != 0)
			goto out_members;
	}
	free(wave_of);
	free(order);
	rc = 0;
out:
	sqlite3_finalize(wave);
	sqlite3_finalize(member);
	return rc;
out_members:
	free(wave_of);
	free(order);
	goto out;
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

/* Asset ids to indexes, sorted by id for bsearch. */
struct id_index {
	long long	id;
	size_t		i;
};

static int
id_cmp(const void *x, const void *y)
{
	long long a = ((const struct id_index *)x)->id, b = ((const struct id_index *)y)->id;

	return (a > b) - (a < b);
}

int
store_plan_load(struct store *s, struct plan_data *d, struct plan *p,
    long long **wave_ids, int *found, struct pw_diags *warn, struct pw_error *err)
{
	sqlite3_stmt *st;
	int64_t now = 0;
	int horizon = 0, rc = -1;
	long long last_wave = -1;
	unsigned part = 0;
	struct id_index *by_id = NULL;
	size_t capids = 0;

	memset(p, 0, sizeof *p);
	*wave_ids = NULL;
	*found = 0;
	if ((st = db_prepare(s, "SELECT now_utc, horizon_days FROM plans"
	    " ORDER BY id DESC LIMIT 1", err)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		now = sqlite3_column_int64(st, 0);
		horizon = sqlite3_column_int(st, 1);
		*found = 1;
	}
	sqlite3_finalize(st);
	if (!*found)
		now = (int64_t)time(NULL);
	if (store_plan_data_load(s, now, horizon, 0, d, warn, err) != 0)
		return -1;
	by_id = xmalloc((d->nassets ? d->nassets : 1) * sizeof *by_id);
	for (size_t i = 0; i < d->nassets; i++)
		by_id[i] = (struct id_index){ d->assets[i].id, i };
	if (d->nassets > 1)
		qsort(by_id, d->nassets, sizeof *by_id, id_cmp);
	if ((st = db_prepare(s, "SELECT x.asset_id, w.id, w.stage, w.window,"
	    " w.start_utc, w.end_utc, w.last_start_utc, w.reboot, w.concurrency,"
	    " x.start_utc, x.end_utc, x.pinned FROM wave_assets x"
	    " JOIN waves w ON w.id = x.wave_id"
	    " ORDER BY w.start_utc, w.id, x.start_utc, x.asset_id", err)) == NULL)
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct id_index key = { sqlite3_column_int64(st, 0), 0 }, *hit =
		    bsearch(&key, by_id, d->nassets, sizeof *by_id, id_cmp);
		size_t a = hit ? hit->i : (size_t)-1, k, stage;
		int64_t start = sqlite3_column_int64(st, 4);
		const char *window = db_col(st, 3), *sname = db_col(st, 2);
		if (a == (size_t)-1) {
			if (warn)
				pw_diags_add(warn, NULL, 0, "wave %lld holds an asset that is "
				    "retired now: left out", (long long)sqlite3_column_int64(st, 1));
			continue;
		}
		for (k = 0; k < d->slots.n; k++)
			if (d->slots.v[k].start_utc == start &&
			    strcmp(d->slots.v[k].name, window) == 0)
				break;
		if (k == d->slots.n) {
			/* The window is gone (the policy changed): keep the wave's
			 * times in a slot that admits nothing. */
			struct slot gone = { start, sqlite3_column_int64(st, 5),
			    sqlite3_column_int64(st, 6), NULL, sqlite3_column_int(st, 7),
			    sqlite3_column_int(st, 8), &d->nothing, TZ_LOCAL_ONCE, 0 };
			d->gone_names = xrealloc(d->gone_names, (d->ngone + 1) *
			    sizeof *d->gone_names);
			gone.name = d->gone_names[d->ngone++] = xstrdup(window);
			if (gone.concurrency < 1)
				gone.concurrency = 1;
			d->slots.v = xgrow(d->slots.v, &d->slots.cap, d->slots.n,
			    sizeof *d->slots.v);
			d->slots.v[d->slots.n++] = gone;
		}
		for (stage = 0; stage < d->policy.nstages &&
		    strcmp(d->policy.stages[stage].name, sname) != 0; stage++)
			;
		*wave_ids = xgrow(*wave_ids, &capids, p->n, sizeof **wave_ids);
		p->v = xgrow(p->v, &p->cap, p->n, sizeof *p->v);
		(*wave_ids)[p->n] = sqlite3_column_int64(st, 1);
		int64_t end = sqlite3_column_int64(st, 10);
		/* Each stored wave its own part: a wave split by hand stays two. */
		if (sqlite3_column_int64(st, 1) != last_wave) {
			last_wave = sqlite3_column_int64(st, 1);
			part++;
		}
		p->v[p->n++] = (struct placement){ a, k, stage,
		    sqlite3_column_int64(st, 9), end, end > d->deadlines[a].due_utc,
		    sqlite3_column_int(st, 11), part };
	}
	sqlite3_finalize(st);
	d->in.slots = d->slots.v;
	d->in.nslots = d->slots.n;
	rc = 0;
out:
	free(by_id);
	return rc;
}

int
store_plan_drop_retired(struct store *s, long import_id, struct pw_error *err)
{
	if (db_run(s, err, "taking retired assets out of the plan", "DELETE FROM"
	    " wave_assets WHERE asset_id IN (SELECT id FROM assets WHERE"
	    " retired_import = ?1)", "i", (long long)import_id) != 0)
		return -1;
	return prune_waves(s, err);
}

/* Waves left with no asset go. */
int
prune_waves(struct store *s, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "DELETE FROM waves WHERE NOT EXISTS (SELECT 1"
	    " FROM wave_assets x WHERE x.wave_id = waves.id)", err);
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step_done(s, st, err, "dropping empty waves");
	sqlite3_finalize(st);
	return rc;
}

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
	/* Its work: patching, and rebooting when a pending patch needs it. */
	if ((st = db_prepare(s, "SELECT patch_minutes + CASE WHEN EXISTS (SELECT 1"
	    " FROM patches WHERE asset_id = ?1 AND resolved_import IS NULL AND reboot)"
	    " THEN reboot_minutes ELSE 0 END FROM assets WHERE id = ?1", err)) == NULL)
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

int
store_baseline_save(struct store *s, const int64_t *fp, size_t n, struct pw_error *err)
{
	sqlite3_stmt *st;
	int own = sqlite3_get_autocommit(s->db);

	if (own && store_begin(s, err) != 0)
		return -1;
	if ((st = db_prepare(s, "DELETE FROM conflict_baseline", err)) == NULL ||
	    db_step_done(s, st, err, "saving the conflict baseline") != 0)
		goto fail;
	sqlite3_finalize(st);
	if ((st = db_prepare(s, "INSERT OR IGNORE INTO conflict_baseline VALUES (?1)",
	    err)) == NULL)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, fp[i]);
		if (db_step_done(s, st, err, "saving the conflict baseline") != 0)
			goto fail;
	}
	sqlite3_finalize(st);
	if (own && store_commit(s, err) != 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
fail:
	sqlite3_finalize(st);
	if (own)
		store_rollback(s);
	return -1;
}

int
store_baseline_load(struct store *s, int64_t **fp, size_t *n, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT fingerprint FROM conflict_baseline "
	    "ORDER BY fingerprint", err);
	size_t cap = 0;
	int rc;

	*fp = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*fp = xgrow(*fp, &cap, *n, sizeof **fp);
		(*fp)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE)
		db_fail(s, err, "reading the conflict baseline");
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*fp);
		*fp = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
