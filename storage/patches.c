/* Pending patches: upsert by (asset, advisory); patches a source stops listing
 * are marked resolved (installed), never deleted. */
#include <string.h>

#include "internal.h"
#include "store.h"

/* The asset a patch names: by key first, else by hostname (must be unique). */
static int
patch_asset_id(struct store *s, const struct patch *p, sqlite3_int64 *id,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_stmt(s, ST_PATCH_ASSET,
	    "SELECT id, retired_import IS NOT NULL, 0 FROM assets WHERE key = ?1"
	    " UNION ALL SELECT * FROM (SELECT id, retired_import IS NOT NULL, 1"
	    " FROM assets WHERE hostname = ?1 AND key <> ?1 LIMIT 2)", err);
	int n = 0, retired = 0, by_key = 0;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, p->asset);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == 0) {
			*id = sqlite3_column_int64(st, 0);
			retired = sqlite3_column_int(st, 1);
			by_key = sqlite3_column_int(st, 2) == 0;
		}
		n++;
		if (by_key)
			break;
	}
	sqlite3_reset(st);
	if (n == 0) {
		pw_error_set(err, NULL, p->line, "no asset has key or hostname '%.80s' "
		    "(import the inventory first)", p->asset);
		return 1;
	}
	if (n > 1 && !by_key) {
		pw_error_set(err, NULL, p->line, "hostname '%.80s' names several "
		    "assets: use the asset key", p->asset);
		return 1;
	}
	if (retired) {
		pw_error_set(err, NULL, p->line, "asset '%.80s' is retired", p->asset);
		return 1;
	}
	return 0;
}

int
store_patch_put(struct store *s, long import_id, const char *source,
    const struct patch *p, struct pw_error *err)
{
	sqlite3_stmt *st;
	sqlite3_int64 asset_id;

	int rc;

	if ((rc = patch_asset_id(s, p, &asset_id, err)) != 0)
		return rc;
	st = db_stmt(s, ST_PATCH_PUT,
	    "INSERT INTO patches (asset_id, advisory, severity, released, reboot,"
	    " source, source_line, seen_import) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	    " ON CONFLICT (asset_id, advisory) DO UPDATE SET"
	    "  severity = excluded.severity, released = excluded.released,"
	    "  reboot = excluded.reboot, source = excluded.source,"
	    "  source_line = excluded.source_line,"
	    "  seen_import = excluded.seen_import, resolved_import = NULL"
	    " WHERE seen_import <> excluded.seen_import", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, asset_id);
	db_bind_text(st, 2, p->advisory);
	db_bind_text(st, 3, severity_name(p->severity));
	db_bind_text(st, 4, p->released);
	sqlite3_bind_int(st, 5, p->reboot);
	db_bind_text(st, 6, source);
	sqlite3_bind_int64(st, 7, p->line);
	sqlite3_bind_int64(st, 8, import_id);
	if (db_step_done(s, st, err, "saving a patch") != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0) {
		/* The WHERE refused: this import already wrote the pair. */
		sqlite3_stmt *q = db_stmt(s, ST_PATCH_LINE, "SELECT source_line FROM"
		    " patches WHERE asset_id = ?1 AND advisory = ?2", err);
		long first = 0;
		if (q == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, asset_id);
		db_bind_text(q, 2, p->advisory);
		if (sqlite3_step(q) == SQLITE_ROW)
			first = (long)sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		pw_error_set(err, NULL, p->line, "patch %.80s for '%.80s' appears twice "
		    "(first at line %ld)", p->advisory, p->asset, first);
		return 1;
	}
	return 0;
}

int
store_patches_finish(struct store *s, long import_id, const char *source,
    void (*each)(void *, const char *, const char *), void *arg,
    struct store_counts *c, struct pw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(c, 0, sizeof *c);
	st = db_prepare(s, "UPDATE patches SET resolved_import = ?1 WHERE source = ?2"
	    " AND seen_import <> ?1 AND resolved_import IS NULL"
	    " RETURNING (SELECT key FROM assets WHERE id = asset_id), advisory", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, import_id);
	db_bind_text(st, 2, source);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->retired++;
		if (each)
			each(arg, db_col(st, 0), db_col(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "resolving patches");
	st = db_prepare(s, "SELECT count(*) FROM patches WHERE seen_import = ?1", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, import_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		c->added = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int
store_patch_counts(struct store *s, long out[SEV_COUNT], struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT severity, count(*) FROM patches"
	    " JOIN assets ON assets.id = asset_id WHERE resolved_import IS NULL"
	    " AND retired_import IS NULL GROUP BY severity", err);

	if (st == NULL)
		return -1;
	for (int i = 0; i < SEV_COUNT; i++)
		out[i] = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int sev = severity_parse(db_col(st, 0));
		if (sev >= 0)
			out[sev] = (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}
