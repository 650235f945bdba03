/* Calendars: saving replaces a calendar's events and zones and reports, by UID
 * and RECURRENCE-ID, what was added, changed and removed. An event's assets
 * (a provider's own feed names them) are rows of cal_event_assets: the name
 * as given and the asset the import matched it to (NULL: no asset, but what
 * assets depend on). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "internal.h"
#include "store.h"

void
cal_changes_free(struct cal_changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].uid);
		free(c->v[i].recurrence_id);
	}
	free(c->v);
	memset(c, 0, sizeof *c);
}

static void
change_add(struct cal_changes *c, char what, const char *uid, const char *rid)
{
	c->v = xgrow(c->v, &c->cap, c->n, sizeof *c->v);
	c->v[c->n++] = (struct cal_change){ what, xstrdup(uid), xstrdup(rid) };
}

/* An old event's identity and digest, sorted for lookup. */
struct old_ev {
	char	*uid, *rid, digest[17];
	int	 seen;
};

static int
old_cmp(const void *a, const void *b)
{
	const struct old_ev *x = a, *y = b;
	int c = strcmp(x->uid, y->uid);

	return c ? c : strcmp(x->rid, y->rid);
}

static int
change_cmp(const void *a, const void *b)
{
	const struct cal_change *x = a, *y = b;
	int c = strcmp(x->uid, y->uid);

	if (c)
		return c;
	c = strcmp(x->recurrence_id, y->recurrence_id);
	return c ? c : x->what - y->what;
}

static int
calendar_id(struct store *s, const struct calendar *cal, long import_id,
    sqlite3_int64 *id, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "INSERT INTO calendars (name, kind, scope,"
	    " path, float_tz, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (name) DO UPDATE SET kind = excluded.kind,"
	    " scope = excluded.scope, path = excluded.path,"
	    " float_tz = excluded.float_tz, import_id = excluded.import_id"
	    " RETURNING id", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, cal->name);
	db_bind_text(st, 2, cal_kind_name(cal->kind));
	db_bind_text(st, 3, cal->scope_json ? cal->scope_json : "{}");
	db_bind_text(st, 4, cal->path);
	db_bind_text(st, 5, cal->float_tz);
	sqlite3_bind_int64(st, 6, import_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(s, err, "saving the calendar");
}

/* Event event_id's assets: each name of e->assets, matched again (the
 * import's names are loaded once), beside its asset. */
static int
event_assets_save(struct store_import *imp, sqlite3_int64 event_id,
    const struct cal_event *e, struct pw_error *err)
{
	struct store *s = imp->store;
	sqlite3_stmt *st;
	const char *p = e->assets, *nl;
	struct buf name = { 0 };
	int ord = 0, rc = -1;

	if ((st = db_prepare(s, "INSERT INTO cal_event_assets"
	    " (event_id, ord, name, asset_id) VALUES (?1, ?2, ?3, ?4)", err)) == NULL)
		return -1;
	for (; *p; p = *nl ? nl + 1 : nl) {
		sqlite3_int64 asset_id;
		nl = p + strcspn(p, "\n");
		if (nl == p)
			continue;
		buf_reset(&name);
		buf_add(&name, p, (size_t)(nl - p));
		if (store_import_event_asset(imp, cal_event_name(e), buf_str(&name),
		    e->line, &asset_id, err) != 0)
			goto out;
		sqlite3_bind_int64(st, 1, event_id);
		sqlite3_bind_int(st, 2, ord++);
		db_bind_text(st, 3, buf_str(&name));
		if (asset_id != 0)
			sqlite3_bind_int64(st, 4, asset_id);
		else
			sqlite3_bind_null(st, 4);	/* a dependency */
		if (db_step_done(s, st, err, "saving an event's asset") != 0) {
			err->line = e->line;
			goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	buf_free(&name);
	return rc;
}

int
store_calendar_save(struct store_import *imp, const struct calendar *cal,
    struct cal_changes *changes, struct pw_error *err)
{
	struct store *s = imp->store;
	sqlite3_int64 cid = 0;
	sqlite3_stmt *st;
	struct old_ev *old = NULL;
	size_t nold = 0, capold = 0;
	int rc = -1;

	if (calendar_id(s, cal, imp->id, &cid, err) != 0)
		return -1;
	if ((st = db_prepare(s, "SELECT uid, recurrence_id, digest FROM cal_events"
	    " WHERE calendar_id = ?1", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		old = xgrow(old, &capold, nold, sizeof *old);
		old[nold].uid = xstrdup(db_col(st, 0));
		old[nold].rid = xstrdup(db_col(st, 1));
		snprintf(old[nold].digest, sizeof old[nold].digest, "%s", db_col(st, 2));
		old[nold++].seen = 0;
	}
	sqlite3_finalize(st);
	if (nold)
		qsort(old, nold, sizeof *old, old_cmp);

	if ((st = db_prepare(s, "DELETE FROM cal_events WHERE calendar_id = ?1", err)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, cid);
	if (db_step_done(s, st, err, "replacing events") != 0)
		goto out_st;
	sqlite3_finalize(st);
	if ((st = db_prepare(s, "DELETE FROM cal_zones WHERE calendar_id = ?1", err)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, cid);
	if (db_step_done(s, st, err, "replacing zones") != 0)
		goto out_st;
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "INSERT INTO cal_zones VALUES (?1, ?2, ?3)", err)) == NULL)
		goto out;
	for (size_t i = 0; i < cal->nzones; i++) {
		sqlite3_bind_int64(st, 1, cid);
		db_bind_text(st, 2, cal->zones[i].tzid);
		db_bind_text(st, 3, cal->zones[i].vtimezone);
		if (db_step_done(s, st, err, "saving a time zone") != 0)
			goto out_st;
	}
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "INSERT INTO cal_events (calendar_id, uid,"
	    " recurrence_id, range_future, source_line, summary, status, all_day,"
	    " dtstart, start_tz, dtend, end_tz, duration, rrules, rdates, exdates,"
	    " digest, provider_id, latest_start, cutoff_minutes) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	    " ?18, ?19, ?20)", err)) == NULL)
		goto out;
	for (size_t i = 0; i < cal->nevents; i++) {
		const struct cal_event *e = &cal->events[i];
		char digest[17];
		struct old_ev key = { (char *)e->uid, (char *)e->recurrence_id, "", 0 };
		struct old_ev *o;

		cal_event_digest(e, digest);
		o = nold ? bsearch(&key, old, nold, sizeof *old, old_cmp) : NULL;
		if (o == NULL)
			change_add(changes, '+', e->uid, e->recurrence_id);
		else {
			o->seen = 1;
			if (strcmp(o->digest, digest) != 0)
				change_add(changes, '~', e->uid, e->recurrence_id);
		}
		sqlite3_bind_int64(st, 1, cid);
		db_bind_text(st, 2, e->uid);
		db_bind_text(st, 3, e->recurrence_id);
		sqlite3_bind_int(st, 4, e->range_future);
		sqlite3_bind_int64(st, 5, e->line);
		db_bind_text(st, 6, e->summary);
		db_bind_text(st, 7, e->status);
		sqlite3_bind_int(st, 8, e->all_day);
		db_bind_text(st, 9, e->dtstart);
		db_bind_text(st, 10, e->start_tz);
		db_bind_text(st, 11, e->dtend);
		db_bind_text(st, 12, e->end_tz);
		db_bind_text(st, 13, e->duration);
		db_bind_text(st, 14, e->rrules);
		db_bind_text(st, 15, e->rdates);
		db_bind_text(st, 16, e->exdates);
		db_bind_text(st, 17, digest);
		db_bind_text(st, 18, e->provider_id ? e->provider_id : "");
		db_bind_text(st, 19, e->latest_start ? e->latest_start : "");
		sqlite3_bind_int(st, 20, e->cutoff_minutes);
		if (db_step_done(s, st, err, "saving an event") != 0) {
			err->line = e->line;
			goto out_st;
		}
		if (e->assets && *e->assets && event_assets_save(imp,
		    sqlite3_last_insert_rowid(s->db), e, err) != 0)
			goto out_st;
	}
	for (size_t i = 0; i < nold; i++)
		if (!old[i].seen)
			change_add(changes, '-', old[i].uid, old[i].rid);
	if (changes->n > 1)
		qsort(changes->v, changes->n, sizeof *changes->v, change_cmp);
	rc = 0;
out_st:
	sqlite3_finalize(st);
out:
	for (size_t i = 0; i < nold; i++) {
		free(old[i].uid);
		free(old[i].rid);
	}
	free(old);
	return rc;
}

/* The events' assets as the keys of the assets matched (a dependency, no
 * asset, as its name), each once, in the order the source named them; ids[i]
 * is events[i]'s row (ascending, as the events were loaded), so one ordered
 * walk. */
static int
event_assets_load(struct store *s, sqlite3_int64 cid, struct calendar *cal,
    const sqlite3_int64 *ids, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT x.event_id, coalesce(a.key, x.name)"
	    " FROM cal_event_assets x JOIN cal_events e ON e.id = x.event_id"
	    " LEFT JOIN assets a ON a.id = x.asset_id WHERE e.calendar_id = ?1"
	    " GROUP BY x.event_id, 2 ORDER BY x.event_id, min(x.ord)", err);
	struct buf b = { 0 };
	size_t i = 0, at = (size_t)-1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_int64 ev = sqlite3_column_int64(st, 0);
		while (i < cal->nevents && ids[i] < ev)
			i++;
		if (i == cal->nevents)
			break;
		if (at != i) {
			if (at != (size_t)-1)
				cal_set(&cal->events[at].assets, buf_str(&b));
			buf_reset(&b);
			at = i;
		} else
			buf_addc(&b, '\n');
		buf_adds(&b, db_col(st, 1));
	}
	if (at != (size_t)-1)
		cal_set(&cal->events[at].assets, buf_str(&b));
	sqlite3_finalize(st);
	buf_free(&b);
	return 0;
}

int
store_calendar_load(struct store *s, const char *name, struct calendar *cal,
    int *found, struct pw_error *err)
{
	sqlite3_stmt *st;
	sqlite3_int64 cid = 0, *ids = NULL;
	size_t nids = 0, capids = 0;
	int rc;

	calendar_init(cal);
	*found = 0;
	if ((st = db_prepare(s, "SELECT id, kind, scope, path, float_tz FROM calendars"
	    " WHERE name = ?1", err)) == NULL)
		return -1;
	db_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*found = 1;
		cid = sqlite3_column_int64(st, 0);
		cal->name = xstrdup(name);
		cal->kind = (enum cal_kind)cal_kind_parse(db_col(st, 1));
		cal->scope_json = xstrdup(db_col(st, 2));
		cal->path = xstrdup(db_col(st, 3));
		cal->float_tz = xstrdup(db_col(st, 4));
	}
	sqlite3_finalize(st);
	if (!*found)
		return 0;

	if ((st = db_prepare(s, "SELECT tzid, vtimezone FROM cal_zones"
	    " WHERE calendar_id = ?1", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cid);
	while (sqlite3_step(st) == SQLITE_ROW)
		calendar_add_zone(cal, db_col(st, 0), db_col(st, 1));
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "SELECT uid, recurrence_id, range_future, source_line,"
	    " summary, status, all_day, dtstart, start_tz, dtend, end_tz, duration,"
	    " rrules, rdates, exdates, provider_id, latest_start, id, cutoff_minutes"
	    " FROM cal_events"
	    " WHERE id IN (SELECT id FROM cal_events WHERE calendar_id = ?1)"
	    " ORDER BY id", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct cal_event *e = calendar_add_event(cal);
		ids = xgrow(ids, &capids, nids, sizeof *ids);
		ids[nids++] = sqlite3_column_int64(st, 17);
		cal_set(&e->provider_id, db_col(st, 15));
		cal_set(&e->latest_start, db_col(st, 16));
		e->cutoff_minutes = sqlite3_column_int(st, 18);
		cal_set(&e->uid, db_col(st, 0));
		cal_set(&e->recurrence_id, db_col(st, 1));
		e->range_future = sqlite3_column_int(st, 2);
		e->line = (long)sqlite3_column_int64(st, 3);
		cal_set(&e->summary, db_col(st, 4));
		cal_set(&e->status, db_col(st, 5));
		e->all_day = sqlite3_column_int(st, 6);
		cal_set(&e->dtstart, db_col(st, 7));
		cal_set(&e->start_tz, db_col(st, 8));
		cal_set(&e->dtend, db_col(st, 9));
		cal_set(&e->end_tz, db_col(st, 10));
		cal_set(&e->duration, db_col(st, 11));
		cal_set(&e->rrules, db_col(st, 12));
		cal_set(&e->rdates, db_col(st, 13));
		cal_set(&e->exdates, db_col(st, 14));
	}
	sqlite3_finalize(st);
	rc = event_assets_load(s, cid, cal, ids, err);
	free(ids);
	return rc;
}

int
store_calendar_names(struct store *s, char ***names, size_t *n, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT name FROM calendars ORDER BY name", err);
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		*names = xgrow(*names, &cap, *n, sizeof **names);
		(*names)[(*n)++] = xstrdup(db_col(st, 0));
	}
	sqlite3_finalize(st);
	return 0;
}

int
store_calendar_provider_ids(struct store *s, const char *name,
    int (*each)(void *, const char *, const char *), void *arg,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT e.provider_id, c.name FROM cal_events"
	    " e JOIN calendars c ON c.id = e.calendar_id WHERE c.name <> ?1 AND"
	    " e.provider_id <> '' ORDER BY c.name, e.id", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (each(arg, db_col(st, 0), db_col(st, 1)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading the calendars' events");
}

int
store_calendars_each(struct store *s, int (*each)(void *, const struct cal_info *),
    void *arg, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT c.name, c.kind, c.scope, c.path,"
	    " c.float_tz, (SELECT count(*) FROM cal_events e WHERE e.calendar_id = c.id),"
	    " i.at_utc, (SELECT min(cutoff_minutes) FROM cal_events e WHERE"
	    " e.calendar_id = c.id), (SELECT max(cutoff_minutes) FROM cal_events e"
	    " WHERE e.calendar_id = c.id) FROM calendars c LEFT JOIN imports i ON"
	    " i.id = c.import_id ORDER BY c.name", err);

	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct cal_info ci = { db_col(st, 0), db_col(st, 1), db_col(st, 2),
		    db_col(st, 3), db_col(st, 4), (long)sqlite3_column_int64(st, 5),
		    db_col(st, 6), sqlite3_column_int(st, 7),
		    sqlite3_column_int(st, 8) };
		if (each(arg, &ci))
			break;
	}
	sqlite3_finalize(st);
	return 0;
}
