/* The stored plan: saving a plan the planner made, loading it back with
 * the data it was made from, listing its waves, and the conflict baseline
 * it was checked with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/sweep.h"
#include "../util/buf.h"
#include "internal.h"
#include "store.h"

/* Placement indexes by their asset's id (qsort_r). */
static int
by_id_of(const void *x, const void *y, void *arg)
{
	const struct plan_data *d = ((const void *const *)arg)[0];
	const struct plan *p = ((const void *const *)arg)[1];
	long long a = d->assets[p->v[*(const size_t *)x].asset].id;
	long long b = d->assets[p->v[*(const size_t *)y].asset].id;

	return (a > b) - (a < b);
}

/* The placements p->v in their assets' id order (appends to wave_assets'
 * b-tree): each asset is placed once, so each placement goes straight to
 * its asset's rank among the ids (a plan that placed one twice is sorted).
 * The caller frees the result. */
static size_t *
by_asset_id(const struct plan_data *d, const struct plan *p)
{
	struct id_index *by_id = id_index_make(d->assets, d->nassets);
	size_t *rank = xmalloc((d->nassets ? d->nassets : 1) * sizeof *rank);
	size_t *at = xmalloc((d->nassets ? d->nassets : 1) * sizeof *at);
	size_t *order = xmalloc((p->n ? p->n : 1) * sizeof *order), n = 0;

	for (size_t k = 0; k < d->nassets; k++) {
		rank[by_id[k].i] = k;
		at[k] = SIZE_MAX;
	}
	for (size_t i = 0; i < p->n; i++)
		at[rank[p->v[i].asset]] = i;
	for (size_t k = 0; k < d->nassets; k++)
		if (at[k] != SIZE_MAX)
			order[n++] = at[k];
	if (n != p->n) {
		const void *arg[2] = { d, p };
		for (size_t i = 0; i < p->n; i++)
			order[i] = i;
		qsort_r(order, p->n, sizeof *order, by_id_of, (void *)arg);
	}
	free(by_id);
	free(rank);
	free(at);
	return order;
}

/* Members a plain insert takes at once: one statement's cursors and
 * b-tree positions serve them all (a fifth fewer instructions than a row a
 * statement at 750k rows). */
#define MEMBER_BATCH	100

/* Drop index name, its CREATE statement as the schema has it into *sql
 * (caller frees; NULL when there is no such index), to make it again after
 * many rows went in: one sort, where an insert into it a row costs a sixth
 * of a million-asset save. Inside the caller's transaction: a rollback
 * brings it back. */
static int
index_drop(struct store *s, const char *name, char **sql, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT sql FROM sqlite_master WHERE"
	    " type = 'index' AND name = ?1", err);
	struct buf b = { 0 };

	*sql = NULL;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW)
		*sql = xstrdup(db_col(st, 0));
	sqlite3_finalize(st);
	if (*sql == NULL)
		return 0;
	buf_printf(&b, "DROP INDEX \"%s\"", name);
	int rc = db_run(s, err, "replacing the plan", buf_str(&b), "");
	buf_free(&b);
	if (rc != 0) {
		free(*sql);
		*sql = NULL;
	}
	return rc;
}

/* A wave an open change (draft, submitted, approved) names, as the plan
 * before this one had it: a new wave that is the same (its window
 * occurrence, stage and assets) keeps its id, so a plan made again from the
 * same inputs leaves such a change as it was; failing that, the new wave
 * of that window occurrence and stage sharing most of its assets does, so
 * the change follows it and says what changed (a draft takes it as it is
 * now, a submitted or approved one goes back to draft naming who joined or
 * left). Other new ids stay above every id a change names (NEW_WAVE_ID),
 * so a change never finds an unrelated wave under its old wave's id. */
struct named_wave {
	long long	 id;
	char		*stage, *window;
	int64_t		 start_utc;
	long long	*assets;	/* asset ids, ascending */
	size_t		 n;
	int		 taken;
};

static void
named_free(struct named_wave *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].stage);
		free(v[i].window);
		free(v[i].assets);
	}
	free(v);
}

static int
named_load(struct store *s, struct named_wave **out, size_t *n, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT w.id, w.stage, w.window, w.start_utc,"
	    " x.asset_id FROM waves w JOIN wave_assets x ON x.wave_id = w.id WHERE"
	    " w.id IN (SELECT cw.wave_id FROM change_waves cw JOIN changes c ON c.id ="
	    " cw.change_id WHERE c.state IN ('draft', 'submitted', 'approved'))"
	    " AND w.id NOT IN (" CARRIED_OUT ") ORDER BY w.id, x.asset_id", err);
	struct named_wave *v = NULL;
	size_t cap = 0, capa = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		if (*n == 0 || v[*n - 1].id != id) {
			v = xgrow(v, &cap, *n, sizeof *v);
			v[(*n)++] = (struct named_wave){ id, xstrdup(db_col(st, 1)),
			    xstrdup(db_col(st, 2)), sqlite3_column_int64(st, 3), NULL, 0, 0 };
			capa = 0;
		}
		struct named_wave *w = &v[*n - 1];
		w->assets = xgrow(w->assets, &capa, w->n, sizeof *w->assets);
		w->assets[w->n++] = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	*out = v;
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "reading the waves changes name");
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* How many of the ascending ids a[0..na) are in b[0..nb). */
static size_t
shared(const long long *a, size_t na, const long long *b, size_t nb)
{
	size_t i = 0, j = 0, n = 0;

	while (i < na && j < nb)
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			n++;
			i++;
			j++;
		}
	return n;
}

/* The named wave (not taken yet) of the window occurrence and stage of
 * placements p->v[i..end) with their very assets (exact), or else the one
 * sharing most of them: its index, or SIZE_MAX. */
static size_t
named_match(const struct named_wave *v, size_t nv, const struct plan_data *d,
    const struct plan *p, size_t i, size_t end, int exact)
{
	const struct placement *pl = &p->v[i];
	const struct slot *sl = &d->slots.v[pl->slot];
	const char *stage = pl->stage < d->policy.nstages ?
	    d->policy.stages[pl->stage].name : "";
	size_t n = end - i, best = SIZE_MAX, most = 0;
	long long *ids = NULL;

	for (size_t k = 0; k < nv; k++) {
		const struct named_wave *w = &v[k];
		if (w->taken || w->start_utc != sl->start_utc || (exact && w->n != n) ||
		    strcmp(w->window, sl->name) != 0 || strcmp(w->stage, stage) != 0)
			continue;
		if (ids == NULL) {
			ids = xmalloc(n * sizeof *ids);
			for (size_t j = i; j < end; j++)
				ids[j - i] = d->assets[p->v[j].asset].id;
			qsort(ids, n, sizeof *ids, id_cmp);
		}
		size_t in = shared(ids, n, w->assets, w->n);
		if (exact ? in == n : in > most) {
			best = k;
			most = in;
			if (exact)
				break;
		}
	}
	free(ids);
	return best;
}

/* The id each new wave (a run of placements plan_same_wave joins, in
 * order) keeps, 0 for a new one: first every wave that is a named one,
 * then the rest by the most assets shared. Caller frees. */
static long long *
named_ids(struct named_wave *v, size_t nv, const struct plan_data *d,
    const struct plan *p)
{
	size_t n = 0, cap = 0, *at = NULL;
	long long *id;

	if (nv == 0)
		return NULL;	/* no change names a wave: every id is new */
	for (size_t i = 0; i < p->n; i++)
		if (i == 0 || !plan_same_wave(&p->v[i], &p->v[i - 1])) {
			at = xgrow(at, &cap, n, sizeof *at);
			at[n++] = i;
		}
	id = xcalloc(n ? n : 1, sizeof *id);
	for (int exact = 1; exact >= 0; exact--)
		for (size_t w = 0; w < n; w++) {
			size_t k;
			if (id[w] != 0 || (k = named_match(v, nv, d, p, at[w],
			    w + 1 < n ? at[w + 1] : p->n, exact)) == SIZE_MAX)
				continue;
			v[k].taken = 1;
			id[w] = v[k].id;
		}
	free(at);
	return id;
}

/* store_plan_save; with keep, what it writes also into *saved (NULL when
 * carried-out waves keep rows: the tables hold more than it wrote). */
static int
plan_save(struct store *s, const struct plan_data *d, const struct plan *p,
    int keep, struct plan_saved **saved, struct pw_error *err)
{
	sqlite3_stmt *wave = NULL, *member = NULL, *batch = NULL, *st;
	struct plan_saved *sv = NULL;
	struct named_wave *named = NULL;
	size_t nnamed = 0;
	long long wave_id = 0;
	char *index_sql = NULL;
	int rc = -1;

	if (saved)
		*saved = NULL;
	if (named_load(s, &named, &nnamed, err) != 0)
		goto out;
	/* Waves an implemented change covers were carried out: kept as
	 * history. The planner places their assets again only for patches
	 * the change did not cover (plan_data.c): such an asset's row moves to
	 * its new wave (an asset is in one), the change's own record
	 * (change_assets) keeping what it did. */
	if ((st = db_prepare(s, "DELETE FROM wave_assets WHERE wave_id NOT IN ("
	    CARRIED_OUT ")", err)) == NULL ||
	    db_step_done(s, st, err, "replacing the plan") != 0)
		goto out_st;
	sqlite3_finalize(st);
	if ((st = db_prepare(s, "DELETE FROM waves WHERE id NOT IN (" CARRIED_OUT ")",
	    err)) == NULL ||
	    db_step_done(s, st, err, "replacing the plan") != 0)
		goto out_st;
	sqlite3_finalize(st);
	/* Stamped by the store's now, as every record (decisions, acks, undo). */
	if ((st = db_prepare(s, "INSERT INTO plans (made_at, now_utc, horizon_days)"
	    " VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', ?3, 'unixepoch'), ?1, ?2)",
	    err)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, d->in.now_utc);
	sqlite3_bind_int(st, 2, d->horizon_days);
	sqlite3_bind_int64(st, 3, store_now(s));
	if (db_step_done(s, st, err, "recording the plan") != 0)
		goto out_st;
	sqlite3_finalize(st);
	st = NULL;

	/* An asset's row still there is in a carried-out wave, and moves. With
	 * none left (no implemented change), a plain insert: an upsert checks
	 * the foreign keys again for its UPDATE arm, 3.5x the time at 1M. */
	int kept = 0;
	if ((st = db_prepare(s, "SELECT EXISTS (SELECT 1 FROM wave_assets)", err)) == NULL)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail(s, err, "replacing the plan");
		goto out_st;
	}
	kept = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	/* A new plan's members go in without their index by wave, made again
	 * after them (before the statements are made: they see no index). */
	if (!kept && p->n >= MEMBER_BATCH &&
	    index_drop(s, "wave_assets_by_wave", &index_sql, err) != 0)
		goto out;

	/* New ids above any a change names (changes.h), but a named wave's
	 * own (?9, named_same). */
	wave = db_prepare(s, "INSERT INTO waves (id, stage, window, start_utc, end_utc,"
	    " last_start_utc, reboot, concurrency, from_calendar) VALUES"
	    " (coalesce(?9, " NEW_WAVE_ID "), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	    " RETURNING id", err);
	member = db_prepare(s, kept ? "INSERT INTO wave_assets (asset_id, wave_id,"
	    " start_utc, end_utc, pinned) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT"
	    " (asset_id) DO UPDATE SET wave_id = excluded.wave_id, start_utc ="
	    " excluded.start_utc, end_utc = excluded.end_utc, pinned = excluded.pinned" :
	    "INSERT INTO wave_assets (asset_id, wave_id, start_utc, end_utc, pinned)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (wave == NULL || member == NULL)
		goto out;
	if (!kept && p->n >= MEMBER_BATCH) {
		struct buf b = { 0 };
		buf_adds(&b, "INSERT INTO wave_assets (asset_id, wave_id, start_utc,"
		    " end_utc, pinned) VALUES ");
		for (int r = 0; r < MEMBER_BATCH; r++)
			buf_adds(&b, r ? ", (?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?)");
		batch = db_prepare(s, buf_str(&b), err);
		buf_free(&b);
		if (batch == NULL)
			goto out;
	}
	/* What is written is also kept for the check that follows (the
	 * table holds nothing else): the waves as load_waves reads them, in
	 * id order (each new id above the last), the members as load_members
	 * does, in asset id order. */
	sv = keep && !kept ? xcalloc(1, sizeof *sv) : NULL;
	size_t capw = 0;
	/* Placements come in slot order: a new (slot, stage, part) starts a wave. */
	long long *wave_of = xmalloc((p->n ? p->n : 1) * sizeof *wave_of);
	size_t *order = by_asset_id(d, p), nw = 0;
	long long *kept_id = named_ids(named, nnamed, d, p);
	for (size_t i = 0; i < p->n; i++) {
		const struct placement *pl = &p->v[i];
		if (i == 0 || !plan_same_wave(pl, &p->v[i - 1])) {
			const struct slot *sl = &d->slots.v[pl->slot];
			const char *stage = pl->stage < d->policy.nstages ?
			    d->policy.stages[pl->stage].name : "";
			db_bind_text(wave, 1, stage);
			db_bind_text(wave, 2, sl->name);
			sqlite3_bind_int64(wave, 3, sl->start_utc);
			sqlite3_bind_int64(wave, 4, sl->end_utc);
			sqlite3_bind_int64(wave, 5, sl->last_start_utc);
			sqlite3_bind_int(wave, 6, sl->reboot);
			sqlite3_bind_int(wave, 7, sl->concurrency);
			sqlite3_bind_int(wave, 8, sl->from_calendar);
			if (kept_id && kept_id[nw] > 0)
				sqlite3_bind_int64(wave, 9, kept_id[nw]);
			else
				sqlite3_bind_null(wave, 9);
			nw++;
			if (sqlite3_step(wave) != SQLITE_ROW) {
				db_fail(s, err, "saving a wave");
				goto out_members;
			}
			wave_id = sqlite3_column_int64(wave, 0);
			sqlite3_reset(wave);
			if (sv && sv->nw > 0 && sv->wv[sv->nw - 1].id >= wave_id) {
				plan_saved_free(sv);	/* not in id order: read back */
				sv = NULL;
			}
			if (sv) {
				sv->wv = xgrow(sv->wv, &capw, sv->nw, sizeof *sv->wv);
				sv->wv[sv->nw++] = (struct stored_wave){ wave_id,
				    xstrdup(stage), xstrdup(sl->name), sl->start_utc,
				    sl->end_utc, sl->last_start_utc, sl->reboot,
				    sl->concurrency, (size_t)-1, 0 };
			}
		}
		wave_of[i] = wave_id;
	}
	if (sv) {	/* in the plan's order (members_in_plan_order's) */
		sv->mv = xmalloc((p->n ? p->n : 1) * sizeof *sv->mv);
		for (size_t i = 0, w = 0; i < p->n; i++) {
			const struct placement *pl = &p->v[i];
			if (sv->wv[w].id != wave_of[i])
				w = id_find(sv->wv, sv->nw, sizeof *sv->wv, wave_of[i]);
			sv->mv[sv->nm++] = (struct stored_member){ d->assets[pl->asset].id,
			    w, pl->asset, pl->start_utc, pl->end_utc, pl->pinned };
		}
	}
	/* Members in asset id order: appends to the table's b-tree instead of
	 * a random walk through it (2 s -> 0.x s at a million). */
	for (size_t k = 0; k < p->n;) {
		sqlite3_stmt *ins = batch && p->n - k >= MEMBER_BATCH ? batch : member;
		for (int at = 0, rows = ins == batch ? MEMBER_BATCH : 1; rows-- > 0;
		    at += 5, k++) {
			const struct placement *pl = &p->v[order[k]];
			sqlite3_bind_int64(ins, at + 1, d->assets[pl->asset].id);
			sqlite3_bind_int64(ins, at + 2, wave_of[order[k]]);
			sqlite3_bind_int64(ins, at + 3, pl->start_utc);
			sqlite3_bind_int64(ins, at + 4, pl->end_utc);
			sqlite3_bind_int(ins, at + 5, pl->pinned);
		}
		if (db_step_done(s, ins, err, "saving a wave's asset") != 0)
			goto out_members;
	}
	free(wave_of);
	free(kept_id);
	free(order);
	sqlite3_finalize(wave);
	sqlite3_finalize(member);
	sqlite3_finalize(batch);
	wave = member = batch = NULL;
	if (index_sql && db_run(s, err, "indexing the plan", index_sql, "") != 0)
		goto out;
	if (saved) {
		*saved = sv;
		sv = NULL;
	}
	rc = 0;
out:
	named_free(named, nnamed);
	plan_saved_free(sv);
	sqlite3_finalize(wave);
	sqlite3_finalize(member);
	sqlite3_finalize(batch);
	free(index_sql);
	return rc;
out_members:
	free(wave_of);
	free(kept_id);
	free(order);
	goto out;
out_st:
	sqlite3_finalize(st);
	named_free(named, nnamed);
	return -1;
}

int
store_plan_save(struct store *s, const struct plan_data *d, const struct plan *p,
    struct pw_error *err)
{
	return plan_save(s, d, p, 0, NULL, err);
}

int
store_plan_save_kept(struct store *s, struct plan_data *d, const struct plan *p,
    struct pw_error *err)
{
	plan_saved_free(d->saved);
	return plan_save(s, d, p, 1, &d->saved, err);
}

int
store_waves_each(struct store *s, int (*each)(void *, const struct wave_info *),
    void *arg, struct pw_error *err)
{
	/* A carried-out wave lists what its change did too: an asset planned
	 * again since has left it for a new wave. */
	sqlite3_stmt *st = db_prepare(s, "SELECT w.id, w.stage, w.window, w.start_utc,"
	    " w.end_utc, a.hostname, x.start_utc, a.key, w.last_start_utc FROM waves w"
	    " JOIN wave_assets x ON x.wave_id = w.id JOIN assets a ON a.id = x.asset_id"
	    " UNION ALL SELECT w.id, w.stage, w.window, w.start_utc, w.end_utc,"
	    " ca.hostname, ca.start_utc, ca.key, w.last_start_utc FROM change_assets ca"
	    " JOIN changes c ON c.id = ca.change_id AND c.state = 'implemented'"
	    " JOIN waves w ON w.id = ca.wave_id WHERE NOT EXISTS (SELECT 1 FROM"
	    " wave_assets x JOIN assets a ON a.id = x.asset_id WHERE"
	    " x.wave_id = ca.wave_id AND a.key = ca.key)"
	    " ORDER BY 4, 1, 7, 8", err);
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
			wi.last_start_utc = sqlite3_column_int64(st, 8);
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

int
store_plan_now(struct store *s, int64_t *now, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT now_utc FROM plans ORDER BY id DESC"
	    " LIMIT 1", err);
	int rc;

	*now = 0;
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*now = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "reading the plan's now");
	return rc == SQLITE_ROW;
}

int
store_plan_load(struct store *s, struct plan_data *d, struct plan *p,
    long long **wave_ids, int *found, struct pw_diags *warn, struct pw_error *err)
{
	sqlite3_stmt *st;
	int64_t now = 0;
	int horizon = 0;

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
		now = store_now(s);
	if (plan_data_read(s, now, horizon, 0, 0, d, warn, err) != 0)
		return -1;
	/* Its windows as they were made (from the plan's now), checked and
	 * explained at the one now of this run: the clock or --now. */
	d->plan_now = *found ? now : 0;
	d->in.now_utc = store_now(s);
	return store_plan_load_placements(s, d, p, wave_ids, warn, err);
}

/* A stored wave, its slot and stage found once for all its assets. */
/* Waves by start, then id. */
static int
wave_by_start(const void *x, const void *y, void *arg)
{
	const struct stored_wave *w = arg;
	const struct stored_wave *a = &w[*(const size_t *)x], *b = &w[*(const size_t *)y];

	if (a->start_utc != b->start_utc)
		return a->start_utc < b->start_utc ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* Members as intervals: the wave's rank by start in group, the member's
 * start, then its asset's id in end (the member's index in tag). */
static int
member_before(const struct interval *a, const struct interval *b)
{
	if (a->group != b->group)
		return a->group < b->group;
	if (a->start != b->start)
		return a->start < b->start;
	return a->end < b->end;
}

/* mv[0..nm) put in the plan's order: wave start, wave id, the member's
 * start, asset id (a plan just saved mostly comes so already). */
static void
members_in_plan_order(struct stored_member *mv, size_t nm, const struct stored_wave *wv,
    size_t nw)
{
	size_t *ws = xmalloc((nw ? nw : 1) * sizeof *ws), *rank = xmalloc((nw ? nw : 1) *
	    sizeof *rank);
	struct interval *iv = xmalloc((nm ? nm : 1) * sizeof *iv);
	struct stored_member *out = xmalloc((nm ? nm : 1) * sizeof *out);

	if (nm == 0)
		goto out;
	for (size_t w = 0; w < nw; w++)
		ws[w] = w;
	qsort_r(ws, nw, sizeof *ws, wave_by_start, (void *)wv);
	for (size_t r = 0; r < nw; r++)
		rank[ws[r]] = r;
	int sorted = 1;
	for (size_t i = 0; i < nm; i++) {
		iv[i] = (struct interval){ mv[i].start_utc, mv[i].asset_id, i,
		    rank[mv[i].wave] };
		sorted &= i == 0 || member_before(&iv[i - 1], &iv[i]);
	}
	if (sorted)
		goto out;
	interval_sort(iv, nm, member_before);
	for (size_t i = 0; i < nm; i++)
		out[i] = mv[iv[i].tag];
	memcpy(mv, out, nm * sizeof *mv);
out:
	free(out);
	free(iv);
	free(rank);
	free(ws);
}

/* The slot of wave w: the window occurrence it was planned in, or (the
 * window is gone: the policy changed) a slot that admits nothing keeping
 * the wave's times. */
static size_t
stored_wave_slot(struct plan_data *d, struct stored_wave *w)
{
	size_t k;

	for (k = 0; k < d->slots.n; k++)
		if (d->slots.v[k].start_utc == w->start_utc &&
		    strcmp(d->slots.v[k].name, w->window) == 0)
			return k;
	struct slot gone = { w->start_utc, w->end_utc, w->last_start_utc, NULL,
	    w->reboot, w->concurrency, &d->nothing, TZ_LOCAL_ONCE, 0 };
	d->gone_names = xrealloc(d->gone_names, (d->ngone + 1) * sizeof *d->gone_names);
	gone.name = d->gone_names[d->ngone++] = xstrdup(w->window);
	if (gone.concurrency < 1)
		gone.concurrency = 1;
	d->slots.v = xgrow(d->slots.v, &d->slots.cap, d->slots.n, sizeof *d->slots.v);
	d->slots.v[d->slots.n++] = gone;
	return k;
}

/* The stored waves by id, their strings owned (freed by the caller). */
static int
load_waves(struct store *s, struct stored_wave **wv, size_t *nw, struct pw_error *err)
{
	/* A carried-out wave is history, not the plan: its members are left
	 * out with it. */
	sqlite3_stmt *st = db_prepare(s, "SELECT id, stage, window, start_utc,"
	    " end_utc, last_start_utc, reboot, concurrency FROM waves WHERE id NOT IN"
	    " (" CARRIED_OUT ") ORDER BY id", err);
	size_t cap = 0;
	int rc;

	*wv = NULL;
	*nw = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*wv = xgrow(*wv, &cap, *nw, sizeof **wv);
		(*wv)[(*nw)++] = (struct stored_wave){ sqlite3_column_int64(st, 0),
		    xstrdup(db_col(st, 1)), xstrdup(db_col(st, 2)),
		    sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4),
		    sqlite3_column_int64(st, 5), sqlite3_column_int(st, 6),
		    sqlite3_column_int(st, 7), (size_t)-1, 0 };
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading waves");
}

/* The stored members of the waves wv[0..nw) (sorted by id), with their
 * assets' indexes: one scan of wave_assets in asset id order, merged with
 * the assets sorted by id. */
static int
load_members(struct store *s, const struct id_index *by_id, size_t nassets,
    const struct stored_wave *wv, size_t nw, struct stored_member **mv, size_t *nm,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT asset_id, wave_id, start_utc,"
	    " end_utc, pinned FROM wave_assets ORDER BY asset_id", err);
	size_t cap = 0, next = 0, w = 0;
	int rc;

	*mv = NULL;
	*nm = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0), wid = sqlite3_column_int64(st, 1);
		/* Members of one wave come together often: try the last first. */
		if (w >= nw || wv[w].id != wid) {
			w = id_find(wv, nw, sizeof *wv, wid);
			if (w == (size_t)-1)
				continue;	/* no such wave: the join left it out */
		}
		while (next < nassets && by_id[next].id < id)
			next++;
		*mv = xgrow(*mv, &cap, *nm, sizeof **mv);
		(*mv)[(*nm)++] = (struct stored_member){ id, w, next < nassets &&
		    by_id[next].id == id ? by_id[next].i : (size_t)-1,
		    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
		    sqlite3_column_int(st, 4) };
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading waves' assets");
}

int
store_plan_load_placements(struct store *s, struct plan_data *d, struct plan *p,
    long long **wave_ids, struct pw_diags *warn, struct pw_error *err)
{
	int rc = -1;
	long long last_wave = -1;
	unsigned part = 0;
	struct id_index *by_id = NULL;
	struct stored_wave *wv = NULL;
	struct stored_member *mv = NULL;
	size_t nw = 0, nm = 0;

	memset(p, 0, sizeof *p);
	*wave_ids = NULL;
	/* Just saved (store_plan_save, this transaction): its rows as they
	 * would be read. */
	if (d->saved) {
		wv = d->saved->wv;
		nw = d->saved->nw;
		mv = d->saved->mv;
		nm = d->saved->nm;
		free(d->saved);
		d->saved = NULL;
	} else {
		by_id = id_index_make(d->assets, d->nassets);
		/* Waves and their members read apart and put in the plan's
		 * order here: no join, no sort in SQLite, a wave's slot and
		 * stage found once. */
		if (load_waves(s, &wv, &nw, err) != 0 ||
		    load_members(s, by_id, d->nassets, wv, nw, &mv, &nm, err) != 0)
			goto out;
	}
	members_in_plan_order(mv, nm, wv, nw);
	p->v = xmalloc((nm ? nm : 1) * sizeof *p->v);
	p->cap = nm ? nm : 1;
	*wave_ids = xmalloc((nm ? nm : 1) * sizeof **wave_ids);
	for (size_t i = 0; i < nm; i++) {
		const struct stored_member *m = &mv[i];
		struct stored_wave *w = &wv[m->wave];
		size_t a = m->a;
		if (a == (size_t)-1) {
			if (warn)
				pw_diags_add(warn, NULL, 0, "wave %lld holds an asset that is "
				    "retired now: left out", w->id);
			continue;
		}
		if (d->done && d->done[a])
			continue;	/* carried out: history, not the plan */
		if (w->slot == (size_t)-1) {
			w->slot = stored_wave_slot(d, w);
			for (w->stage_i = 0; w->stage_i < d->policy.nstages &&
			    strcmp(d->policy.stages[w->stage_i].name, w->stage) != 0;
			    w->stage_i++)
				;
		}
		(*wave_ids)[p->n] = w->id;
		/* Each stored wave its own part: a wave split by hand stays two. */
		if (w->id != last_wave) {
			last_wave = w->id;
			part++;
		}
		p->v[p->n++] = (struct placement){ a, w->slot, w->stage_i, m->start_utc,
		    m->end_utc, m->end_utc > d->deadlines[a].due_utc, m->pinned, part };
	}
	d->in.slots = d->slots.v;
	d->in.nslots = d->slots.n;
	rc = 0;
out:
	stored_waves_free(wv, nw);
	free(mv);
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

/* Waves left with no asset go; carried-out ones stay, history. */
int
prune_waves(struct store *s, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "DELETE FROM waves WHERE NOT EXISTS (SELECT 1"
	    " FROM wave_assets x WHERE x.wave_id = waves.id) AND id NOT IN ("
	    CARRIED_OUT ")", err);
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step_done(s, st, err, "dropping empty waves");
	sqlite3_finalize(st);
	return rc;
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
	/* A hundred a statement while as many are left (see MEMBER_BATCH),
	 * then one. */
	struct buf b = { 0 };
	size_t i = 0;
	buf_adds(&b, "INSERT OR IGNORE INTO conflict_baseline VALUES (?)");
	for (int r = 1; r < MEMBER_BATCH; r++)
		buf_adds(&b, ", (?)");
	for (int batch = n >= MEMBER_BATCH; batch >= 0; batch--) {
		st = db_prepare(s, batch ? buf_str(&b) : "INSERT OR IGNORE INTO"
		    " conflict_baseline VALUES (?)", err);
		if (st == NULL) {
			buf_free(&b);
			goto fail;
		}
		for (size_t rows = batch ? MEMBER_BATCH : 1; n - i >= rows;) {
			for (size_t r = 0; r < rows; r++)
				sqlite3_bind_int64(st, (int)r + 1, fp[i++]);
			if (db_step_done(s, st, err, "saving the conflict baseline") != 0) {
				buf_free(&b);
				goto fail;
			}
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	buf_free(&b);
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
