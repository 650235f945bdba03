/* Assets: upsert by key, retirement of what a source no longer lists, reading. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "../util/buf.h"
#include "../util/escape.h"
#include "changes.h"
#include "internal.h"
#include "schema.h"
#include "store.h"

static const char SQL_PUT[] =
    "INSERT INTO assets (key, hostname, environment, service_model, provider,"
    " region, zone, os, tier, owner, patch_group, cluster, ip, instance_id,"
    " patch_minutes, reboot_minutes, groups, vars, source, source_line,"
    " created_import, updated_import, seen_import, depends_on, reboot_pending,"
    " reboot_pending_since)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?20, ?21, ?13,"
    " ?14, ?15, ?16, ?17, ?18, ?19, ?19, ?19, ?22, ?23,"
    " CASE WHEN ?23 THEN ?24 END)"
    " ON CONFLICT (key) DO UPDATE SET"
    "  updated_import = CASE WHEN hostname IS NOT excluded.hostname"
    "   OR environment IS NOT excluded.environment"
    "   OR service_model IS NOT excluded.service_model"
    "   OR provider IS NOT excluded.provider OR region IS NOT excluded.region"
    "   OR zone IS NOT excluded.zone OR os IS NOT excluded.os"
    "   OR tier IS NOT excluded.tier OR owner IS NOT excluded.owner"
    "   OR patch_group IS NOT excluded.patch_group"
    "   OR cluster IS NOT excluded.cluster OR ip IS NOT excluded.ip"
    "   OR instance_id IS NOT excluded.instance_id"
    "   OR depends_on IS NOT excluded.depends_on"
    "   OR reboot_pending IS NOT excluded.reboot_pending"
    "   OR patch_minutes IS NOT excluded.patch_minutes"
    "   OR reboot_minutes IS NOT excluded.reboot_minutes"
    "   OR groups IS NOT excluded.groups OR vars IS NOT excluded.vars"
    "   OR retired_import IS NOT NULL"
    "   THEN excluded.updated_import ELSE updated_import END,"
    "  hostname = excluded.hostname, environment = excluded.environment,"
    "  service_model = excluded.service_model, provider = excluded.provider,"
    "  region = excluded.region, zone = excluded.zone, os = excluded.os,"
    "  tier = excluded.tier, owner = excluded.owner,"
    "  patch_group = excluded.patch_group, cluster = excluded.cluster,"
    "  ip = excluded.ip, instance_id = excluded.instance_id,"
    "  depends_on = excluded.depends_on, reboot_pending = excluded.reboot_pending,"
    /* Pending since the import that first reported it, kept while the
     * reboot stays pending, forgotten once it is done. */
    "  reboot_pending_since = CASE WHEN NOT excluded.reboot_pending THEN NULL"
    "   WHEN reboot_pending AND reboot_pending_since IS NOT NULL"
    "   THEN reboot_pending_since ELSE excluded.reboot_pending_since END,"
    "  patch_minutes = excluded.patch_minutes,"
    "  reboot_minutes = excluded.reboot_minutes, groups = excluded.groups,"
    "  vars = excluded.vars, source = excluded.source,"
    "  source_line = excluded.source_line, seen_import = excluded.seen_import,"
    "  retired_import = NULL"
    " WHERE seen_import <> excluded.seen_import";

int
store_asset_put(struct store_import *imp, const struct asset *a,
    struct pw_error *err)
{
	struct store *s = imp->store;
	sqlite3_stmt *st = db_stmt(s, ST_ASSET_PUT, SQL_PUT, err);
	struct buf groups = { 0 };
	int rc;

	if (st == NULL)
		return -1;
	buf_addc(&groups, '[');
	for (size_t i = 0; i < a->ngroups; i++) {
		if (i)
			buf_addc(&groups, ',');
		esc_json(&groups, a->groups[i]);
	}
	buf_addc(&groups, ']');
	const char *text[] = { a->key, a->hostname, a->environment,
	    service_model_name(a->service_model), a->provider, a->region, a->zone,
	    a->os, a->tier, a->owner, a->patch_group, a->cluster };
	/* The asset outlives the step: bind without copying. A text past
	 * SQLite's length limit (a billion bytes) is not bound: the parameter
	 * stays NULL, and the value would be lost with the row saved. */
	int bound = 1;
	for (int i = 0; i < 12; i++)
		if (text[i])
			bound &= sqlite3_bind_text(st, i + 1, text[i], -1,
			    SQLITE_STATIC) == SQLITE_OK;
		else
			sqlite3_bind_null(st, i + 1);
	sqlite3_bind_int(st, 13, a->patch_minutes);
	sqlite3_bind_int(st, 14, a->reboot_minutes);
	bound &= sqlite3_bind_text(st, 15, groups.s, (int)groups.len,
	    SQLITE_STATIC) == SQLITE_OK;
	bound &= sqlite3_bind_text(st, 16, a->vars_json ? a->vars_json : "{}", -1,
	    SQLITE_STATIC) == SQLITE_OK;
	sqlite3_bind_text(st, 17, imp->source, -1, SQLITE_STATIC);
	/* Fields added later bind after the first nineteen parameters. */
	const char *later[] = { a->ip, a->instance_id, a->depends_on };
	for (int i = 0; i < 3; i++)
		if (later[i])
			bound &= sqlite3_bind_text(st, 20 + i, later[i], -1,
			    SQLITE_STATIC) == SQLITE_OK;
		else
			sqlite3_bind_null(st, 20 + i);
	sqlite3_bind_int(st, 23, a->reboot_pending);
	sqlite3_bind_int64(st, 24, imp->now);	/* the import's clock */
	if (!bound) {
		buf_free(&groups);
		pw_error_set(err, NULL, a->line, "a value is longer than the database "
		    "stores (%d bytes)", sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, -1));
		return 1;
	}
	sqlite3_bind_int64(st, 18, a->line);
	sqlite3_bind_int64(st, 19, imp->id);
	/* Every parameter is bound for every row: no clear_bindings needed.
	 * An UPSERT that updates leaves the last rowid alone: that tells an
	 * inserted row from an existing one without asking again. */
	sqlite3_set_last_insert_rowid(s->db, 0);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(s, err, "saving an asset");
	sqlite3_reset(st);
	buf_free(&groups);
	if (rc != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0) {
		/* The WHERE refused: this import already wrote the key. */
		sqlite3_stmt *q = db_stmt(s, ST_ASSET_LINE,
		    "SELECT source_line FROM assets WHERE key = ?1", err);
		long first = 0;
		if (q == NULL)
			return -1;
		db_bind_text(q, 1, a->key);
		if (sqlite3_step(q) == SQLITE_ROW)
			first = (long)sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		pw_error_set(err, NULL, a->line, "asset '%.80s' appears twice (first at "
		    "line %ld)", a->key, first);
		return 1;
	}
	if (sqlite3_last_insert_rowid(s->db) != 0) {
		if (imp->added++ == 0)
			imp->first_added = sqlite3_last_insert_rowid(s->db);
		imp->owned += service_model_customer_owned(a->service_model);
	} else
		imp->conflicts++;
	return 0;
}

int
store_assets_unseen(struct store_import *imp, long *n, struct pw_error *err)
{
	struct store *s = imp->store;
	/* The integer tests first, as in assets_finish: after the puts of a
	 * re-import they reject every row without reading its source. */
	sqlite3_stmt *st = db_prepare(s, "SELECT count(*) FROM assets WHERE"
	    " seen_import <> ?1 AND retired_import IS NULL AND source = ?2", err);
	int rc;

	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, imp->id);
	db_bind_text(st, 2, imp->source);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(s, err, "counting the source's assets");
	return 0;
}

static int
assets_finish(struct store_import *imp, void (*each)(void *, const char *),
    void *arg, struct store_counts *c, struct pw_error *err)
{
	struct store *s = imp->store;
	sqlite3_stmt *st;
	int rc;

	memset(c, 0, sizeof *c);
	c->added = imp->added;
	if (imp->first)		/* every asset is this import's */
		return 0;
	/* The integer tests first: after a fresh import they reject every row
	 * without reading its source text. */
	st = db_prepare(s, "UPDATE assets SET retired_import = ?1 WHERE"
	    " seen_import <> ?1 AND retired_import IS NULL AND source = ?2"
	    " RETURNING key", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, imp->id);
	db_bind_text(st, 2, imp->source);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->retired++;
		if (each)
			each(arg, db_col(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "retiring assets");
	/* Added rows were counted as they went in; only rows that met an existing
	 * key need a look to tell updated from unchanged. */
	if (imp->conflicts == 0)
		return 0;
	st = db_prepare(s, "SELECT count(*) FROM assets WHERE seen_import = ?1"
	    " AND updated_import = ?1 AND created_import <> ?1", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, imp->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		c->updated = (long)sqlite3_column_int64(st, 0);
	c->unchanged = imp->conflicts - c->updated;
	sqlite3_finalize(st);
	return 0;
}

/* What the search index (schema 19) holds of an asset. */
#define SEARCH_TEXT "a.key || CASE WHEN a.hostname = a.key THEN '' ELSE ' ' ||" \
    " a.hostname END"
/* Each asset's place in key order (schema 21), made 2^13 apart: room for
 * 13 halvings of a gap, and the index's rowid deltas two bytes each. */
#define ORDER_BASE	(1LL << 50)
#define ORDER_STEP	(1LL << 13)

/* Every asset's place in key order made again, and the search index from
 * it. The ranks come from a temporary table's rowids, filled in key order:
 * row_number() over the key costs four times as much. */
static int
order_all(struct store *s, struct pw_error *err)
{
	return db_run(s, err, "ordering assets", "DELETE FROM asset_order", "") != 0 ||
	    db_run(s, err, "ordering assets", "CREATE TEMP TABLE asset_rank (rank"
	    " INTEGER PRIMARY KEY, asset_id INTEGER NOT NULL)", "") != 0 ||
	    db_run(s, err, "ordering assets", "INSERT INTO temp.asset_rank (asset_id)"
	    " SELECT id FROM assets ORDER BY key", "") != 0 ||
	    db_run(s, err, "ordering assets", "INSERT INTO asset_order (ord, asset_id)"
	    " SELECT ?1 + rank * ?2, asset_id FROM temp.asset_rank ORDER BY rank",
	    "ii", ORDER_BASE, ORDER_STEP) != 0 ||
	    db_run(s, err, "ordering assets", "DROP TABLE temp.asset_rank", "") != 0 ||
	    db_run(s, err, "indexing hostnames", "INSERT INTO asset_search"
	    "(asset_search) VALUES ('delete-all')", "") != 0 ||
	    db_run(s, err, "indexing hostnames", "INSERT INTO asset_search(rowid, text)"
	    " SELECT o.ord, " SEARCH_TEXT " FROM asset_order o JOIN assets a ON"
	    " a.id = o.asset_id ORDER BY o.ord", "") != 0 ? -1 : 0;
}

/* The statement of store_asset_place for op ("<", "<=", ">", ">="). */
static sqlite3_stmt *
place_stmt(struct store *s, const char *op, struct pw_error *err)
{
	struct buf sql = { 0 };

	buf_printf(&sql, "SELECT o.ord FROM assets a CROSS JOIN asset_order o ON"
	    " o.asset_id = a.id WHERE a.key %s ?1 ORDER BY a.key%s LIMIT 1", op,
	    op[0] == '<' ? " DESC" : "");
	sqlite3_stmt *st = db_prepare(s, sql.s, err);
	buf_free(&sql);
	return st;
}

/* st's one integer for key (and key2 when not NULL), reset after: 1 found
 * (*v), 0 none, -1 error. */
static int
one_int(struct store *s, sqlite3_stmt *st, const char *key, const char *key2,
    long long *v, struct pw_error *err)
{
	int rc;

	db_bind_text(st, 1, key);
	if (key2)
		db_bind_text(st, 2, key2);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		rc = 1;
	} else
		rc = rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading the assets' order");
	sqlite3_reset(st);
	return rc;
}

int
store_asset_place(struct store *s, const char *key, const char *op, long long *ord,
    struct pw_error *err)
{
	sqlite3_stmt *st = place_stmt(s, op, err);
	int rc;

	if (st == NULL)
		return -1;
	rc = one_int(s, st, key, NULL, ord, err);
	sqlite3_finalize(st);
	return rc;
}

struct new_asset {
	long long	 id;
	char		*key;
};

/* The statements order_new asks each new key. */
struct order_stmts {
	sqlite3_stmt	*before, *after, *between, *put;
};

/* Places for the import's new assets (ids from first on) between those of
 * their neighbours in key order, a run of new keys with no old one between
 * spread evenly over its gap: 1 when a gap is too narrow (the caller orders
 * every asset again), 0 done, -1 error. */
static int
order_new(struct store *s, long long first, struct pw_error *err)
{
	struct new_asset *v = NULL;
	size_t n = 0, cap = 0;
	struct order_stmts q = { 0 };
	sqlite3_stmt *st = db_prepare(s, "SELECT id, key FROM assets WHERE id >= ?1"
	    " ORDER BY key", err);
	int rc = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, first);
	while (sqlite3_step(st) == SQLITE_ROW) {
		v = xgrow(v, &cap, n, sizeof *v);
		v[n].id = sqlite3_column_int64(st, 0);
		v[n++].key = xstrdup(db_col(st, 1));
	}
	sqlite3_finalize(st);
	if ((q.before = place_stmt(s, "<", err)) == NULL ||
	    (q.after = place_stmt(s, ">", err)) == NULL ||
	    (q.between = db_prepare(s, "SELECT 1 FROM assets a CROSS JOIN asset_order o"
	    " ON o.asset_id = a.id WHERE a.key > ?1 AND a.key < ?2 LIMIT 1", err)) == NULL ||
	    (q.put = db_prepare(s, "INSERT INTO asset_order (ord, asset_id) VALUES"
	    " (?1, ?2)", err)) == NULL)
		goto out;
	for (size_t i = 0, e; i < n; i = e + 1) {
		long long lo = 0, hi = 0, one;
		int has_lo, has_hi, between = 0;
		for (e = i; e + 1 < n && (between = one_int(s, q.between, v[e].key,
		    v[e + 1].key, &one, err)) == 0; e++)
			;
		if (between < 0 || (has_lo = one_int(s, q.before, v[i].key, NULL, &lo,
		    err)) < 0 || (has_hi = one_int(s, q.after, v[e].key, NULL, &hi,
		    err)) < 0)
			goto out;
		long long len = (long long)(e - i + 1), step = ORDER_STEP;
		if (!has_lo && !has_hi) {
			rc = 1;	/* no asset ordered yet */
			goto out;
		}
		if (has_lo && has_hi) {
			if (hi - lo <= len) {
				rc = 1;
				goto out;
			}
			step = (hi - lo) / (len + 1);
		} else if (!has_lo)
			lo = hi - (len + 1) * step;
		for (size_t j = i; j <= e; j++) {
			sqlite3_bind_int64(q.put, 1, lo + (long long)(j - i + 1) * step);
			sqlite3_bind_int64(q.put, 2, v[j].id);
			if (db_step_done(s, q.put, err, "ordering assets") != 0)
				goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(q.before);
	sqlite3_finalize(q.after);
	sqlite3_finalize(q.between);
	sqlite3_finalize(q.put);
	for (size_t i = 0; i < n; i++)
		free(v[i].key);
	free(v);
	return rc;
}

/* The search index (schema 19) takes the import's new assets, and again
 * those it changed (their hostname may be new), in a statement each, in
 * the index's rowid order (FTS5 writes its pending rows out whenever a rowid
 * comes lower than the last: 1000 new assets out of order cost 0.5 G
 * instructions, as much as the rest of a 100k import's end): a
 * trigger's insert per row cost 16 us (FTS5 writes its pending rows out at
 * every statement), five times the import. Its rows hold no text, so an old
 * hostname stays in it, a row the search checks and passes over; when such
 * rows outnumber the assets, it is made again from them (0.6 s a million).
 * Its rowid is the asset's place in key order (schema 21): new assets get
 * one between their neighbours', or, when they are many (a sixteenth of the
 * assets) or a gap too narrow, every asset is ordered again.
 * Assets are never deleted: the import's new ones are from its first on. */
static int
search_index(struct store_import *imp, const struct store_counts *c,
    struct pw_error *err)
{
	struct store *s = imp->store;
	long rows = 0, all = 0;
	int again = 0;

	if (c->added + c->updated == 0)
		return 0;
	/* Assets are never deleted: the last id is how many. */
	sqlite3_stmt *st = db_prepare(s, "SELECT max(id) FROM assets", err);
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		all = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (store_stat(s, "search_rows", &rows, err) != 0)
		return -1;
	rows += c->added + c->updated;
	if (c->added > 0) {
		again = c->added > all / 16 ? 1 : order_new(s, imp->first_added, err);
		if (again < 0)
			return -1;
	}
	if (again || rows > 2 * all + 1000) {
		if (order_all(s, err) != 0)
			return -1;
		rows = all;
	} else if ((c->added > 0 && db_run(s, err, "indexing hostnames", "INSERT INTO"
	    " asset_search(rowid, text) SELECT o.ord, " SEARCH_TEXT " FROM assets a"
	    " CROSS JOIN asset_order o ON o.asset_id = a.id WHERE a.id >= ?1"
	    " ORDER BY o.ord", "i",
	    imp->first_added) != 0) || (c->updated > 0 && db_run(s, err,
	    "indexing hostnames", "INSERT INTO asset_search(rowid, text) SELECT o.ord, "
	    SEARCH_TEXT " FROM assets a CROSS JOIN asset_order o ON o.asset_id = a.id"
	    " WHERE a.updated_import = ?1 AND a.created_import <> ?1 ORDER BY o.ord", "i",
	    (long long)imp->id) != 0))
		return -1;
	return db_run(s, err, "indexing hostnames", "INSERT OR REPLACE INTO stats"
	    " (name, value) VALUES ('search_rows', ?1)", "i", (long long)rows);
}

int
store_assets_finish(struct store_import *imp, void (*each)(void *, const char *),
    void *arg, struct store_counts *c, struct pw_error *err)
{
	if (assets_finish(imp, each, arg, c, err) != 0)
		return -1;
	if (search_index(imp, c, err) != 0)
		return -1;
	/* An import into no assets knows what it holds: no scan to count. */
	if (imp->first)
		return db_run(imp->store, err, "counting assets and patches",
		    schema_stats_counted_sql(), "ii", (long long)imp->added,
		    (long long)imp->owned);
	return store_stats_refresh(imp->store, err);
}

/* The column's text owned as the asset owns its strings, or NULL. */
static char *
dup_or_null(sqlite3_stmt *st, int col, struct asset *a)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? asset_strndup(a, (const char *)t, strlen((const char *)t)) : NULL;
}

#define ASSET_COLS "SELECT key, hostname, environment, service_model, provider," \
	" region, zone, os, tier, owner, patch_group, cluster, patch_minutes," \
	" reboot_minutes, groups, vars, source_line, retired_import IS NOT NULL, id," \
	" ip, instance_id, depends_on, reboot_pending, reboot_pending_since FROM assets"

/* The asset in the current row of an ASSET_COLS statement, its strings in
 * arena when not NULL. */
static void
asset_from_row(sqlite3_stmt *st, struct asset *a, struct arena *arena)
{
	asset_init(a);
	a->arena = arena;
	a->key = dup_or_null(st, 0, a);
	a->hostname = dup_or_null(st, 1, a);
	a->environment = dup_or_null(st, 2, a);
	a->service_model = service_model_parse(db_col(st, 3));
	a->provider = dup_or_null(st, 4, a);
	a->region = dup_or_null(st, 5, a);
	a->zone = dup_or_null(st, 6, a);
	a->os = dup_or_null(st, 7, a);
	a->tier = dup_or_null(st, 8, a);
	a->owner = dup_or_null(st, 9, a);
	a->patch_group = dup_or_null(st, 10, a);
	a->cluster = dup_or_null(st, 11, a);
	a->patch_minutes = sqlite3_column_int(st, 12);
	a->reboot_minutes = sqlite3_column_int(st, 13);
	const char *gt = db_col(st, 14);
	if (strcmp(gt, "[]") != 0) {	/* most assets have no groups */
		json_object *g = json_tokener_parse(gt);
		for (size_t i = 0; g && i < json_object_array_length(g); i++)
			asset_add_group(a, json_object_get_string(
			    json_object_array_get_idx(g, i)));
		json_object_put(g);
	}
	a->vars_json = dup_or_null(st, 15, a);
	a->line = (long)sqlite3_column_int64(st, 16);
	a->ip = dup_or_null(st, 19, a);
	a->instance_id = dup_or_null(st, 20, a);
	a->depends_on = dup_or_null(st, 21, a);
	a->reboot_pending = sqlite3_column_int(st, 22);
	a->reboot_pending_since = sqlite3_column_int64(st, 23);	/* NULL: 0 */
	a->id = sqlite3_column_int64(st, 18);
}

/* store_assets_each, the strings in arena when not NULL; in key order, or
 * with by_key 0 in the table's (no index walked, no row looked up). */
static int
assets_rows(struct store *s, int include_retired, int by_key, struct arena *arena,
    int (*each)(void *, struct asset *, int), void *arg, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, by_key ? ASSET_COLS
	    " WHERE ?1 OR retired_import IS NULL ORDER BY key" : ASSET_COLS
	    " WHERE ?1 OR retired_import IS NULL", err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, include_retired);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct asset a;
		asset_from_row(st, &a, arena);
		/* each may take the asset's strings (leaving it initialised). */
		int stop = each(arg, &a, sqlite3_column_int(st, 17));
		if (arena == NULL || a.groups)	/* else nothing to free */
			asset_clear(&a);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "reading assets");
	return 0;
}

int
store_assets_each(struct store *s, int include_retired,
    int (*each)(void *, struct asset *, int), void *arg, struct pw_error *err)
{
	return assets_rows(s, include_retired, 1, NULL, each, arg, err);
}

int
store_assets_active_in(struct store *s, struct arena *arena,
    int (*each)(void *, struct asset *, int), void *arg, struct pw_error *err)
{
	return assets_rows(s, 0, 0, arena, each, arg, err);
}

int
store_asset_get(struct store *s, const char *key, struct asset *a,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, ASSET_COLS
	    " WHERE key = ?1 AND retired_import IS NULL", err);
	int rc;

	asset_init(a);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		asset_from_row(st, a, NULL);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "reading an asset");
	return rc == SQLITE_ROW;
}
