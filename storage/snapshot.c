/* A change record's snapshot: what it touches in the checked plan
 * (model/change_touch.c), kept as rows beside it (its windows, assets with
 * their deadlines, the conflicts involving it with their acknowledgements,
 * nearby provider maintenance and freezes) with its planned times and the
 * risk and impact suggested from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "changes.h"
#include "internal.h"

struct touch_plan
checked_touch_plan(const struct checked *k)
{
	struct touch_plan tp = { &k->d.in, &k->p, k->wave_ids, k->first, k->nwaves,
	    &k->cl };

	return tp;
}

struct acks {
	struct ack	*v;
	size_t		 n;
};

static int
acked(void *arg, int64_t fp)
{
	const struct acks *a = arg;

	return acks_find(a->v, a->n, fp) != NULL;
}

/* Hostnames of a conflict, at most 12 named. */
static void
conflict_hosts(const struct checked *k, const struct conflict *c, struct buf *b)
{
	for (size_t i = 0; i < c->nassets && i < 12; i++)
		buf_printf(b, "%s%s", i ? ", " : "", k->d.assets[c->assets[i]].hostname);
	if (c->nassets > 12)
		buf_printf(b, " and %zu more", c->nassets - 12);
}

static int
put_windows(struct store *s, long long id, const struct change_touch *t,
    struct pw_error *err)
{
	for (size_t i = 0; i < t->nwindows; i++) {
		const struct touch_window *w = &t->windows[i];
		if (db_run(s, err, "keeping a change's windows", "INSERT OR IGNORE INTO"
		    " change_windows VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "iittii", id, w->wave,
		    w->stage, w->window, (long long)w->start_utc,
		    (long long)w->end_utc) != 0)
			return -1;
	}
	return 0;
}

static int
put_assets(struct store *s, long long id, const struct checked *k,
    const struct change_touch *t, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "INSERT OR REPLACE INTO change_assets VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", err);
	int rc = 0;

	if (st == NULL)
		return -1;
	for (size_t i = 0; i < t->nplacements && rc == 0; i++) {
		const struct placement *pl = &k->p.v[t->placements[i]];
		const struct asset *a = &k->d.assets[pl->asset];
		const struct deadline *d = &k->d.in.deadlines[pl->asset];
		sqlite3_bind_int64(st, 1, id);
		db_bind_text(st, 2, a->key);
		db_bind_text(st, 3, a->hostname);
		db_bind_text(st, 4, a->environment ? a->environment : "");
		db_bind_text(st, 5, a->tier ? a->tier : "");
		db_bind_text(st, 6, a->cluster ? a->cluster : "");
		sqlite3_bind_int64(st, 7, k->wave_ids[t->placements[i]]);
		sqlite3_bind_int64(st, 8, pl->start_utc);
		sqlite3_bind_int64(st, 9, pl->end_utc);
		if (deadline_wanted(d))
			sqlite3_bind_int64(st, 10, d->due_utc);
		else
			sqlite3_bind_null(st, 10);
		db_bind_text(st, 11, deadline_wanted(d) ? d->advisory : "");
		db_bind_text(st, 12, d->patches > 0 ? severity_name(d->severity) : "");
		sqlite3_bind_int(st, 13, d->patches > 0 ?
		    k->d.policy.sla_days[d->severity] : 0);
		rc = db_step_done(s, st, err, "keeping a change's assets");
	}
	sqlite3_finalize(st);
	return rc;
}

static int
put_conflicts(struct store *s, long long id, const struct checked *k,
    const struct change_touch *t, const struct acks *acks, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "INSERT INTO change_conflicts VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err);
	int rc = 0;

	if (st == NULL)
		return -1;
	for (size_t i = 0; i < t->nconflicts && rc == 0; i++) {
		const struct conflict *c = &k->cl.v[t->conflicts[i].conflict];
		const struct ack *ak = t->conflicts[i].acknowledged ? acks_find(acks->v,
		    acks->n, t->conflicts[i].fingerprint) : NULL;
		struct buf hosts = { 0 }, msg = { 0 };
		conflict_hosts(k, c, &hosts);
		conflict_message(&k->d.in, c, &msg);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (long long)i + 1);
		db_bind_text(st, 3, conflict_code_name(c->code));
		db_bind_text(st, 4, c->error ? "error" : "warning");
		db_bind_text(st, 5, buf_str(&hosts));
		db_bind_text(st, 6, c->other);
		db_bind_text(st, 7, buf_str(&msg));
		sqlite3_bind_int64(st, 8, t->conflicts[i].fingerprint);
		db_bind_text(st, 9, ak ? ak->who : NULL);
		db_bind_text(st, 10, ak ? ak->at : NULL);
		db_bind_text(st, 11, ak ? ak->reason : NULL);
		buf_free(&hosts);
		buf_free(&msg);
		rc = db_step_done(s, st, err, "keeping a change's conflicts");
	}
	sqlite3_finalize(st);
	return rc;
}

static int
put_blocks(struct store *s, long long id, const struct change_touch *t,
    struct pw_error *err)
{
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct touch_block *b = &t->blocks[i];
		if (db_run(s, err, "keeping a change's timeline", "INSERT INTO change_blocks"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "iittii", id, (long long)i + 1,
		    b->kind, b->label, (long long)b->start_utc, (long long)b->end_utc) != 0)
			return -1;
	}
	return 0;
}

int
store_change_snapshot(struct store *s, long long id, const struct checked *k,
    const long long *waves, size_t nwaves, struct change_touch *t,
    struct pw_error *err)
{
	static const char *const tables[] = { "change_windows", "change_assets",
	    "change_conflicts", "change_blocks" };
	struct touch_plan tp = checked_touch_plan(k);
	struct acks acks = { NULL, 0 };
	enum change_level risk, impact;
	int rc = -1;

	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "DELETE FROM %s WHERE change_id = ?1", tables[i]);
		if (db_run(s, err, "refreshing a change", sql, "i", id) != 0)
			return -1;
	}
	if (store_acks_load(s, &acks.v, &acks.n, err) != 0)
		return -1;
	change_touch_make(&tp, waves, nwaves, acked, &acks, t);
	change_suggest(&t->f, &risk, &impact);
	if (put_windows(s, id, t, err) == 0 && put_assets(s, id, k, t, err) == 0 &&
	    put_conflicts(s, id, k, t, &acks, err) == 0 && put_blocks(s, id, t, err) == 0 &&
	    db_run(s, err, "refreshing a change", "UPDATE changes SET planned_start = ?2,"
	    " planned_end = ?3, risk_suggested = ?4, impact_suggested = ?5,"
	    " snapshot_import = (SELECT max(id) FROM imports) WHERE id = ?1",
	    "iiitt", id, (long long)t->start_utc, (long long)t->end_utc,
	    change_level_name(risk), change_level_name(impact)) == 0)
		rc = 0;
	acks_free(acks.v, acks.n);
	if (rc != 0)
		change_touch_free(t);
	return rc;
}
