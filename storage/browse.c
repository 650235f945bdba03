/* Paged reads for the terminal UI (see browse.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "browse.h"
#include "internal.h"

/* Rows store_asset_find reads in order before it asks the trigram index. */
#define FIND_WALK	256

/* Column names for the filters: fixed strings, never the user's text. */
static const char *const field_col[BF_COUNT] = {
	NULL, "environment", "cluster", "owner", "provider", "region", "stage", "picked"
};

const char *
browse_field_name(enum browse_field f)
{
	return f > BF_NONE && f < BF_COUNT ? field_col[f] : "";
}

/* The WHERE clause of a query (parameters ?1 wave, ?2 search, ?3 value, ?4
 * the keyset bound), appended to b. A field's value matches in any case
 * (ASCII), as people type "prod" for "PROD". */
static void
where(struct buf *b, const struct asset_query *q, const char *bound_op)
{
	buf_adds(b, " WHERE a.retired_import IS NULL");
	if (q->wave)
		buf_adds(b, " AND x.wave_id = ?1");
	if (q->search && q->search[0])
		buf_adds(b, " AND (instr(lower(a.key), ?2) > 0 OR"
		    " instr(lower(a.hostname), ?2) > 0)");
	if (q->field == BF_STAGE && q->value)
		buf_adds(b, " AND a.id IN (SELECT x2.asset_id FROM wave_assets x2 JOIN waves w2"
		    " ON w2.id = x2.wave_id WHERE w2.stage = ?3 COLLATE NOCASE)");
	else if (q->field == BF_PICKED)
		buf_adds(b, " AND a.id IN (SELECT asset_id FROM temp.picked)");
	else if (q->field > BF_NONE && q->field < BF_STAGE && q->value)
		buf_printf(b, " AND a.%s = ?3 COLLATE NOCASE", field_col[q->field]);
	if (bound_op)
		buf_printf(b, " AND a.key %s ?4", bound_op);
}

static void
bind(sqlite3_stmt *st, const struct asset_query *q, char *folded, const char *bound)
{
	if (q->wave)
		sqlite3_bind_int64(st, 1, q->wave);
	if (q->search && q->search[0]) {
		size_t i;
		for (i = 0; i < 255 && q->search[i]; i++)
			folded[i] = (char)tolower((unsigned char)q->search[i]);
		folded[i] = '\0';
		db_bind_text(st, 2, folded);
	}
	if (q->field > BF_NONE && q->field <= BF_STAGE && q->value)
		db_bind_text(st, 3, q->value);
	if (bound)
		db_bind_text(st, 4, bound);
}

/* FROM and JOIN of the counts and searches: assets, and a wave's when q has one. */
static void
from_assets(struct buf *b, const struct asset_query *q)
{
	buf_adds(b, " FROM assets a");
	if (q->wave)
		buf_adds(b, q->by_key ? " CROSS JOIN wave_assets x ON x.asset_id = a.id" :
		    " JOIN wave_assets x ON x.asset_id = a.id");
}

long
store_asset_count(struct store *s, const struct asset_query *q, const char *from,
    const char *below, long most, struct pw_error *err)
{
	struct buf sql = { 0 };
	char folded[256];
	long n = -1;

	buf_adds(&sql, most > 0 ? "SELECT count(*) FROM (SELECT 1" : "SELECT count(*)");
	from_assets(&sql, q);
	where(&sql, q, below ? "<" : NULL);
	if (from)
		buf_adds(&sql, " AND a.key >= ?5");
	if (most > 0)
		buf_printf(&sql, " LIMIT %ld)", most);
	sqlite3_stmt *st = db_prepare(s, sql.s, err);
	buf_free(&sql);
	if (st == NULL)
		return -1;
	bind(st, q, folded, below);
	if (from)
		db_bind_text(st, 5, from);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	else
		db_fail(s, err, "counting assets");
	sqlite3_finalize(st);
	return n;
}

int
store_asset_rows(struct store *s, const struct asset_query *q, const char *from,
    int inclusive, int backward, long skip, int limit,
    int (*each)(void *, const struct asset_row *), void *arg, struct pw_error *err)
{
	struct buf sql = { 0 };
	char folded[256];
	int rc;

	buf_adds(&sql, "SELECT a.id, a.key, a.hostname, a.environment, a.service_model,"
	    " a.cluster, a.owner, a.provider, a.region, x.wave_id, x.start_utc,"
	    " x.end_utc, x.pinned, (SELECT count(*) FROM patches p WHERE p.asset_id ="
	    " a.id AND p.resolved_import IS NULL), (SELECT min(CASE p.severity WHEN"
	    " 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END)"
	    " FROM patches p WHERE p.asset_id = a.id AND p.resolved_import IS NULL)"
	    " FROM assets a");
	/* CROSS JOIN keeps SQLite from reordering: assets by key first. */
	buf_adds(&sql, !q->wave ? " LEFT JOIN wave_assets x ON x.asset_id = a.id" :
	    q->by_key ? " CROSS JOIN wave_assets x ON x.asset_id = a.id" :
	    " JOIN wave_assets x ON x.asset_id = a.id");
	where(&sql, q, from == NULL ? NULL : backward ? (inclusive ? "<=" : "<") :
	    (inclusive ? ">=" : ">"));
	buf_printf(&sql, " ORDER BY a.key%s LIMIT %d OFFSET %ld", backward ? " DESC" : "",
	    limit, skip);
	sqlite3_stmt *st = db_prepare(s, sql.s, err);
	buf_free(&sql);
	if (st == NULL)
		return -1;
	bind(st, q, folded, from);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct asset_row r = {
			.id = sqlite3_column_int64(st, 0), .key = db_col(st, 1),
			.hostname = db_col(st, 2), .environment = db_col(st, 3),
			.service_model = db_col(st, 4), .cluster = db_col(st, 5),
			.owner = db_col(st, 6), .provider = db_col(st, 7),
			.region = db_col(st, 8), .wave = sqlite3_column_int64(st, 9),
			.start_utc = sqlite3_column_int64(st, 10),
			.end_utc = sqlite3_column_int64(st, 11),
			.pinned = sqlite3_column_int(st, 12),
			.pending = (long)sqlite3_column_int64(st, 13),
			.worst = sqlite3_column_type(st, 14) == SQLITE_NULL ? -1 :
			    sqlite3_column_int(st, 14),
		};
		if (each(arg, &r)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "reading assets");
	return 0;
}

/* The one key (or NULL) sql selects, bound as store_asset_find's: 1 found
 * (*key owned by the caller), 0 none, -1 error. */
static int
find_step(struct store *s, const char *sql, const struct asset_query *q,
    const char *from, const char *match, const long long *ord, char **key,
    struct pw_error *err)
{
	char folded[256];
	sqlite3_stmt *st = db_prepare(s, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	bind(st, q, folded, from);
	if (match)
		db_bind_text(st, 5, match);
	if (ord)
		sqlite3_bind_int64(st, 6, *ord);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*key = xstrdup(db_col(st, 0));
		rc = 1;
	} else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = 0;
	else
		rc = db_fail(s, err, "searching assets");
	sqlite3_finalize(st);
	return rc;
}

/* The FTS5 query of every trigram of text (three characters, UTF-8), each
 * quoted: "abc" AND "bcd" ... (the index keeps no positions to ask for the
 * phrase; the rows found are checked with instr). */
static void
trigrams(struct buf *q, const char *text)
{
	const char *c[4] = { text, NULL, NULL, NULL };

	for (int i = 1; i < 4 && *c[i - 1]; i++) {
		c[i] = c[i - 1] + 1;
		while ((*c[i] & 0xC0) == 0x80)
			c[i]++;
	}
	while (c[3] && c[2] && *c[2]) {
		buf_adds(q, q->len ? " AND \"" : "\"");
		for (const char *p = c[0]; p < c[3]; p++)
			buf_printf(q, *p == '"' ? "\"\"" : "%c", *p);
		buf_adds(q, "\"");
		c[0] = c[1];
		c[1] = c[2];
		c[2] = c[3];
		if (*c[3]) {
			c[3]++;
			while ((*c[3] & 0xC0) == 0x80)
				c[3]++;
		} else
			break;
	}
}

int
store_asset_find(struct store *s, const struct asset_query *q, const char *text,
    const char *from, int backward, char **key, struct pw_error *err)
{
	struct asset_query f = *q, plain = *q;
	const char *op = from == NULL ? NULL : backward ? "<" : ">";
	const char *dir = backward ? " DESC" : "";
	struct buf sql = { 0 }, match = { 0 };
	int rc;

	*key = NULL;
	f.search = text;
	plain.search = NULL;
	/* A text many assets hold is found among the next few. */
	buf_adds(&sql, "SELECT k FROM (SELECT a.key AS k, a.hostname AS h");
	from_assets(&sql, q);
	where(&sql, &plain, op);
	buf_printf(&sql, " ORDER BY a.key%s LIMIT %d) WHERE instr(lower(k), ?2) > 0"
	    " OR instr(lower(h), ?2) > 0 ORDER BY k%s LIMIT 1", dir, FIND_WALK, dir);
	rc = find_step(s, sql.s, &f, from, NULL, NULL, key, err);
	buf_reset(&sql);
	if (rc != 0)
		goto out;
	trigrams(&match, text);
	if (match.len > 0) {
		/* Else the trigram index's rows (schema 19) hold every row
		 * that can, in key order (schema 21): the first past the
		 * cursor's place that where() keeps. */
		long long ord = 0;
		int placed = from ? store_asset_place(s, from, backward ? ">=" : "<=",
		    &ord, err) : 0;
		if (placed < 0) {
			rc = -1;
			goto out;
		}
		buf_adds(&sql, "SELECT a.key FROM asset_search CROSS JOIN asset_order o"
		    " ON o.ord = asset_search.rowid CROSS JOIN assets a ON a.id = o.asset_id");
		if (q->wave)
			buf_adds(&sql, " CROSS JOIN wave_assets x ON x.asset_id = a.id");
		where(&sql, &f, op);
		buf_adds(&sql, " AND asset_search MATCH ?5");
		if (placed)
			buf_adds(&sql, backward ? " AND asset_search.rowid < ?6" :
			    " AND asset_search.rowid > ?6");
		buf_printf(&sql, " ORDER BY asset_search.rowid%s LIMIT 1", dir);
		rc = find_step(s, sql.s, &f, from, match.s, placed ? &ord : NULL, key, err);
	} else {
		/* One or two characters: no trigram; the list in order. */
		buf_adds(&sql, "SELECT a.key");
		from_assets(&sql, q);
		where(&sql, &f, op);
		buf_printf(&sql, " ORDER BY a.key%s LIMIT 1", dir);
		rc = find_step(s, sql.s, &f, from, NULL, NULL, key, err);
	}
out:
	buf_free(&sql);
	buf_free(&match);
	return rc;
}

int
store_wave_sums(struct store *s, int (*each)(void *, const struct wave_sum *),
    void *arg, struct pw_error *err)
{
	/* A carried-out wave counts what its change did, as `waves` lists it:
	 * an asset planned again since has left it (plans.c). */
	sqlite3_stmt *st = db_prepare(s, "SELECT w.id, w.stage, w.window, w.start_utc,"
	    " w.end_utc, (SELECT count(*) FROM wave_assets x WHERE x.wave_id = w.id)"
	    " + (SELECT count(*) FROM change_waves cw JOIN changes c ON"
	    " c.id = cw.change_id AND c.state = 'implemented' JOIN change_assets ca ON"
	    " ca.change_id = cw.change_id AND ca.wave_id = w.id WHERE cw.wave_id = w.id"
	    " AND NOT EXISTS (SELECT 1 FROM wave_assets x JOIN assets a ON"
	    " a.id = x.asset_id WHERE x.wave_id = w.id AND a.key = ca.key)),"
	    " w.last_start_utc FROM waves w ORDER BY w.start_utc, w.id", err);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct wave_sum w = { sqlite3_column_int64(st, 0), db_col(st, 1),
		    db_col(st, 2), sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4),
		    (long)sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6) };
		if (each(arg, &w)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "reading waves");
	return 0;
}

int
store_asset_totals(struct store *s, long *all, long *owned, struct pw_error *err)
{
	if (store_stat(s, "assets_active", all, err) != 0 ||
	    store_stat(s, "assets_owned", owned, err) != 0)
		return -1;
	return 0;
}

int
store_pick(struct store *s, const long long *ids, size_t n, struct pw_error *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if ((st = db_prepare(s, "CREATE TEMP TABLE IF NOT EXISTS picked (asset_id INTEGER"
	    " PRIMARY KEY)", err)) == NULL || db_step_done(s, st, err, "picking assets"))
		goto fail;
	sqlite3_finalize(st);
	if ((st = db_prepare(s, "DELETE FROM temp.picked", err)) == NULL ||
	    db_step_done(s, st, err, "picking assets"))
		goto fail;
	sqlite3_finalize(st);
	if ((st = db_prepare(s, "INSERT OR IGNORE INTO temp.picked VALUES (?1)", err)) == NULL)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		rc = db_step_done(s, st, err, "picking assets");
	}
	sqlite3_finalize(st);
	return rc;
fail:
	sqlite3_finalize(st);
	return -1;
}
