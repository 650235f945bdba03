/* Pending patches: upsert by (asset, advisory); patches a source stops listing
 * are marked resolved (installed), never deleted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

#include "internal.h"
#include "store.h"

/* Has the import's source unresolved patches (before the import's first
 * put)? A source that had none has none to resolve when it finishes, and
 * its first import (into an empty table, or of a new source) need not scan
 * every patch then. */
static int
source_unresolved(struct store_import *imp, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(imp->store, "SELECT EXISTS (SELECT 1 FROM"
	    " patches WHERE source = ?1 AND resolved_import IS NULL)", err);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, imp->source);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(imp->store, err, "reading patches");
	}
	imp->unresolved = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int
store_patch_put(struct store_import *imp, const struct patch *p,
    struct pw_error *err)
{
	struct store *s = imp->store;
	sqlite3_stmt *st;
	sqlite3_int64 asset_id;
	int rc;

	if (imp->unresolved < 0 && source_unresolved(imp, err) != 0)
		return -1;
	if ((rc = store_import_asset(imp, p->asset, p->line, &asset_id, err)) == 1 &&
	    p->asset_ip && store_import_asset(imp, p->asset_ip, p->line, &asset_id,
	    &(struct pw_error){ 0 }) == 0) {
		rc = 0;		/* the DNS name is the scanner's, the IP ours */
		memset(err, 0, sizeof *err);
	}
	if (rc != 0)
		return rc;
	/* A release date assumed by an earlier import stays: first seen is the
	 * first import's day, whatever later ones assume. first_import is the
	 * patch's history: it is never updated. */
	st = db_stmt(s, ST_PATCH_PUT,
	    "INSERT INTO patches (asset_id, advisory, severity, released, reboot,"
	    " source, source_line, seen_import, title, cves, source_severity,"
	    " released_assumed, severity_assumed, kind, first_import) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?8)"
	    " ON CONFLICT (asset_id, advisory) DO UPDATE SET"
	    "  severity = excluded.severity,"
	    "  released = CASE WHEN excluded.released_assumed AND released_assumed"
	    "   THEN released ELSE excluded.released END,"
	    "  released_assumed = excluded.released_assumed,"
	    "  reboot = excluded.reboot, source = excluded.source,"
	    "  source_line = excluded.source_line, title = excluded.title,"
	    "  cves = excluded.cves, source_severity = excluded.source_severity,"
	    "  severity_assumed = excluded.severity_assumed, kind = excluded.kind,"
	    "  seen_import = excluded.seen_import, resolved_import = NULL"
	    " WHERE seen_import <> excluded.seen_import", err);
	if (st == NULL)
		return -1;
	/* The patch outlives the step: bind without copying, as assets.c does,
	 * and refuse a text past SQLite's length limit rather than lose it. */
	const struct {
		int		 idx;
		const char	*s;
	} text[] = { { 2, p->advisory }, { 3, severity_name(p->severity) },
	    { 4, p->released }, { 6, imp->source }, { 9, p->title },
	    { 10, p->cves }, { 11, p->source_severity },
	    { 14, p->kind == PK_FINDING ? "finding" : "patch" } };
	int bound = 1;
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (text[i].s)
			bound &= sqlite3_bind_text(st, text[i].idx, text[i].s, -1,
			    SQLITE_STATIC) == SQLITE_OK;
		else
			sqlite3_bind_null(st, text[i].idx);
	if (!bound) {
		pw_error_set(err, NULL, p->line, "a value is longer than the database "
		    "stores (%d bytes)", sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, -1));
		return 1;
	}
	sqlite3_bind_int64(st, 1, asset_id);
	sqlite3_bind_int(st, 5, p->reboot);
	sqlite3_bind_int64(st, 7, p->line);
	sqlite3_bind_int64(st, 8, imp->id);
	sqlite3_bind_int(st, 12, p->released_assumed != 0);
	sqlite3_bind_int(st, 13, p->severity_assumed != 0);
	/* Every parameter is bound for every row: no clear_bindings needed. */
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(s, err, "saving a patch");
	sqlite3_reset(st);
	if (rc != 0)
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
	imp->added++;
	return 0;
}

int
store_advisory_put(struct store_import *imp, const struct patch *p,
    struct pw_error *err)
{
	/* A later import of the same advisory says what it says now; what it
	 * leaves out, an earlier one may still have said. */
	sqlite3_stmt *st = db_prepare(imp->store, "INSERT INTO advisories (id, title,"
	    " severity, released, cves, reboot, source, import_id) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET"
	    " title = coalesce(excluded.title, title),"
	    " severity = coalesce(excluded.severity, severity),"
	    " released = coalesce(excluded.released, released),"
	    " cves = coalesce(excluded.cves, cves),"
	    " reboot = coalesce(excluded.reboot, reboot),"
	    " source = excluded.source, import_id = excluded.import_id", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, p->advisory);
	db_bind_text(st, 2, p->title);
	db_bind_text(st, 3, p->severity < SEV_COUNT ? severity_name(p->severity) : NULL);
	db_bind_text(st, 4, p->released[0] ? p->released : NULL);
	db_bind_text(st, 5, p->cves);
	if (p->reboot >= 0)
		sqlite3_bind_int(st, 6, p->reboot);
	db_bind_text(st, 7, imp->source);
	sqlite3_bind_int64(st, 8, imp->id);
	rc = db_step_done(imp->store, st, err, "saving an advisory");
	sqlite3_finalize(st);
	return rc;
}

/* The hosts of the import's source: listed, those of its patches it saw
 * and those it scanned clean (store_patch_clean). */
#define LISTED "SELECT asset_id FROM patches WHERE source = ?2 AND" \
	" seen_import = ?1 UNION SELECT asset_id FROM temp.import_clean" \
	" WHERE import_id = ?1"

/* The connection's list of hosts scanned clean, per import. */
static int
clean_table(struct store *s, struct pw_error *err)
{
	return db_run(s, err, "noting a host", "CREATE TEMP TABLE IF NOT EXISTS"
	    " import_clean (import_id INTEGER NOT NULL, asset_id INTEGER NOT NULL)",
	    "");
}

/* A host a scan names: by name, else by alt (the IP the file gives beside
 * a DNS name no asset has), as store_patch_put finds a patch's host. 0 with
 * id (and *used, when not NULL, the name that matched); 1 (err says why of
 * name) when neither names one asset; -1 on a database error. */
static int
host_asset(struct store_import *imp, const char *name, const char *alt, long line,
    sqlite3_int64 *id, const char **used, struct pw_error *err)
{
	struct pw_error by_alt = { 0 };
	int rc = store_import_asset(imp, name, line, id, err);

	if (used)
		*used = name;
	if (rc != 1 || alt == NULL || *alt == '\0')
		return rc;
	if ((rc = store_import_asset(imp, alt, line, id, &by_alt)) < 0)
		*err = by_alt;
	else if (rc == 0 && used)
		*used = alt;
	return rc;
}

int
store_patch_clean(struct store_import *imp, const char *name, const char *alt,
    long line, const char **used, struct pw_error *err)
{
	sqlite3_int64 id;
	sqlite3_stmt *st;
	int rc;

	if ((rc = host_asset(imp, name, alt, line, &id, used, err)) != 0)
		return rc;
	/* Made once an import and the statement kept: a scan of thousands
	 * of clean hosts prepares nothing per host. */
	if (!imp->clean_made && clean_table(imp->store, err) != 0)
		return -1;
	imp->clean_made = 1;
	if ((st = db_stmt(imp->store, ST_PATCH_CLEAN, "INSERT INTO temp.import_clean"
	    " VALUES (?1, ?2)", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, imp->id);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(imp->store, err, "noting a host");
}

int
store_patch_scanned(struct store_import *imp, const char *name, const char *alt,
    long line, int64_t t, struct pw_error *err)
{
	struct pw_error none = { 0 };
	sqlite3_int64 id;
	sqlite3_stmt *st;
	int rc;

	if ((rc = host_asset(imp, name, alt, line, &id, NULL, &none)) != 0) {
		if (rc < 0)
			*err = none;
		return rc;
	}
	/* A host listed twice (by name and by IP, two scans in one export)
	 * keeps its earliest end: a finding of its earlier listing is known
	 * only then, and the latest would date it after a window it may have
	 * preceded (verify --apply failed the change on it). */
	if ((st = db_stmt(imp->store, ST_PATCH_SCANNED, "INSERT INTO import_hosts"
	    " (import_id, asset_id, scanned_utc) VALUES (?1, ?2, ?3) ON CONFLICT"
	    " (asset_id, import_id) DO UPDATE SET scanned_utc ="
	    " min(scanned_utc, excluded.scanned_utc)", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, imp->id);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, t);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(imp->store, err, "noting a host's scan");
}

/* Mark resolved the source's patches the import did not see (of the one
 * asset only, when not 0; of the hosts it listed only, when listed), calling
 * each for every one; counts them in c->retired. */
static int
resolve_unseen(struct store_import *imp, sqlite3_int64 only, int listed,
    void (*each)(void *, const char *, const char *), void *arg,
    struct store_counts *c, struct pw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (clean_table(imp->store, err) != 0)
		return -1;
	st = db_prepare(imp->store, "UPDATE patches SET resolved_import = ?1 WHERE"
	    " source = ?2 AND seen_import <> ?1 AND resolved_import IS NULL"
	    " AND (?3 = 0 OR asset_id = ?3) AND (?4 = 0 OR asset_id IN (" LISTED "))"
	    " RETURNING (SELECT key FROM assets WHERE id = asset_id), advisory", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, imp->id);
	db_bind_text(st, 2, imp->source);
	sqlite3_bind_int64(st, 3, only);
	sqlite3_bind_int(st, 4, listed);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->retired++;
		if (each)
			each(arg, db_col(st, 0), db_col(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(imp->store, err, "resolving patches");
}

int
store_patches_finish(struct store_import *imp, int resolve, const char *only,
    void (*each)(void *, const char *, const char *), void *arg,
    struct store_counts *c, struct pw_error *err)
{
	sqlite3_int64 id = 0;

	memset(c, 0, sizeof *c);
	if (resolve && only && store_import_asset(imp, only, 0, &id, err) != 0)
		return -1;
	/* A source that had no unresolved patches has only this import's. */
	if (resolve && imp->unresolved != 0 && resolve_unseen(imp, id,
	    resolve == RESOLVE_LISTED, each, arg, c, err) != 0)
		return -1;
	/* Every row this import wrote, counted as written (a scan of the
	 * table otherwise). */
	c->added = imp->added;
	return store_stats_refresh(imp->store, err);
}

int
store_patches_unlisted(struct store_import *imp, long *hosts, long *unlisted,
    struct pw_error *err)
{
	sqlite3_stmt *st;

	*hosts = *unlisted = 0;
	if (imp->unresolved == 0)	/* nothing of the source's was pending */
		return 0;
	if (clean_table(imp->store, err) != 0)
		return -1;
	st = db_prepare(imp->store, "SELECT count(DISTINCT asset_id), count(DISTINCT"
	    " CASE WHEN asset_id NOT IN (" LISTED ") THEN asset_id END) FROM patches"
	    " WHERE source = ?2 AND resolved_import IS NULL", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, imp->id);
	db_bind_text(st, 2, imp->source);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(imp->store, err, "reading patches");
	}
	*hosts = (long)sqlite3_column_int64(st, 0);
	*unlisted = (long)sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	return 0;
}

int
store_patch_counts(struct store *s, long out[SEV_COUNT], struct pw_error *err)
{
	static const char *const name[SEV_COUNT] = { "pending_critical",
	    "pending_high", "pending_medium", "pending_low" };

	for (int i = 0; i < SEV_COUNT; i++)
		if (store_stat(s, name[i], &out[i], err) != 0)
			return -1;
	return 0;
}

/* Pending patches (findings are listed, never planned). An advisory
 * imported on its own (import advisories) gives a patch whose source left
 * them out its release date and severity; with no advisories the join is
 * left out (the planner reads every pending patch). */
#define PENDING_COLS "SELECT a.key, a.hostname, a.service_model, p.advisory," \
	" p.severity, p.released, p.reboot, p.source_line, p.released_assumed," \
	" p.severity_assumed, p.first_import" \
	" FROM patches p JOIN assets a ON a.id = p.asset_id" \
	" WHERE p.resolved_import IS NULL AND a.retired_import IS NULL" \
	" AND p.kind = 'patch'"
#define PENDING_ADVISED "SELECT a.key, a.hostname, a.service_model, p.advisory," \
	" CASE WHEN p.severity_assumed AND v.severity IS NOT NULL THEN v.severity" \
	" ELSE p.severity END, CASE WHEN p.released_assumed AND v.released IS NOT" \
	" NULL THEN v.released ELSE p.released END, p.reboot, p.source_line," \
	" p.released_assumed AND v.released IS NULL, p.severity_assumed AND" \
	" v.severity IS NULL, p.first_import" \
	" FROM patches p JOIN assets a ON a.id = p.asset_id" \
	" LEFT JOIN advisories v ON v.id = p.advisory" \
	" WHERE p.resolved_import IS NULL AND a.retired_import IS NULL" \
	" AND p.kind = 'patch'"

/* Are there advisories to fill patches in from? */
static int
advised(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int yes = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT EXISTS (SELECT 1 FROM advisories)", -1,
	    &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		yes = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return yes;
}

/* Run a PENDING_COLS statement (key bound to ?1 when not NULL), calling each
 * per row. */
static int
pending_rows(struct store *s, const char *sql, const char *key,
    int (*each)(void *, const struct pending *), void *arg, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	if (key)
		db_bind_text(st, 1, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct pending pd;
		int sev = severity_parse(db_col(st, 4));
		pd.key = db_col(st, 0);
		pd.hostname = db_col(st, 1);
		pd.service_model = service_model_parse(db_col(st, 2));
		patch_init(&pd.patch);
		pd.patch.asset = (char *)pd.key;
		pd.patch.advisory = (char *)db_col(st, 3);
		pd.patch.severity = sev < 0 ? SEV_LOW : (enum severity)sev;
		snprintf(pd.patch.released, sizeof pd.patch.released, "%s", db_col(st, 5));
		pd.patch.reboot = sqlite3_column_int(st, 6);
		pd.patch.line = (long)sqlite3_column_int64(st, 7);
		pd.patch.released_assumed = sqlite3_column_int(st, 8);
		pd.patch.severity_assumed = sqlite3_column_int(st, 9);
		pd.first_import = sqlite3_column_int64(st, 10);
		if (each(arg, &pd)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "reading pending patches");
	return 0;
}

int
store_pending_each(struct store *s, int (*each)(void *, const struct pending *),
    void *arg, struct pw_error *err)
{
	return pending_rows(s, advised(s) ? PENDING_ADVISED " ORDER BY a.key, p.advisory" :
	    PENDING_COLS " ORDER BY a.key, p.advisory", NULL, each, arg, err);
}

/* The pending patches' columns without their assets' (the planner's
 * loading has the assets already): asset id, advisory, severity, released,
 * reboot, line, released assumed, severity assumed. In the table's order:
 * no join, no sort, no index walked. */
#define PENDING_IDS "SELECT p.asset_id, p.advisory, p.severity, p.released," \
	" p.reboot, p.source_line, p.released_assumed, p.severity_assumed," \
	" p.first_import FROM patches p WHERE p.resolved_import IS NULL AND" \
	" p.kind = 'patch'"
#define PENDING_IDS_ADVISED "SELECT p.asset_id, p.advisory," \
	" CASE WHEN p.severity_assumed AND v.severity IS NOT NULL THEN v.severity" \
	" ELSE p.severity END, CASE WHEN p.released_assumed AND v.released IS NOT" \
	" NULL THEN v.released ELSE p.released END, p.reboot, p.source_line," \
	" p.released_assumed AND v.released IS NULL, p.severity_assumed AND" \
	" v.severity IS NULL, p.first_import" \
	" FROM patches p LEFT JOIN advisories v ON v.id = p.advisory" \
	" WHERE p.resolved_import IS NULL AND p.kind = 'patch'"

int
store_pending_ids(struct store *s, int (*each)(void *, long long, long long,
    const struct patch *), void *arg, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, advised(s) ? PENDING_IDS_ADVISED : PENDING_IDS,
	    err);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct patch pt;
		int sev = severity_parse(db_col(st, 2));
		patch_init(&pt);
		pt.advisory = (char *)db_col(st, 1);
		pt.severity = sev < 0 ? SEV_LOW : (enum severity)sev;
		const char *rel = db_col(st, 3);
		size_t n = strnlen(rel, sizeof pt.released - 1);
		memcpy(pt.released, rel, n);	/* as snprintf("%s") would */
		pt.released[n] = '\0';
		pt.reboot = sqlite3_column_int(st, 4);
		pt.line = (long)sqlite3_column_int64(st, 5);
		pt.released_assumed = sqlite3_column_int(st, 6);
		pt.severity_assumed = sqlite3_column_int(st, 7);
		if (each(arg, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 8),
		    &pt)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading pending patches");
}

int
store_asset_patches(struct store *s, const char *key,
    int (*each)(void *, const struct pending *), void *arg, struct pw_error *err)
{
	return pending_rows(s, PENDING_ADVISED " AND a.key = ?1 ORDER BY CASE"
	    " p.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2"
	    " ELSE 3 END, p.released, p.advisory", key, each, arg, err);
}

int
store_patches_each(struct store *s, const char *key, const char *source,
    const char *kind, int all, int (*each)(void *, const struct patch_row *),
    void *arg, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT a.key, a.hostname, p.advisory, p.title,"
	    " p.cves, p.source, p.source_severity, p.kind,"
	    " (SELECT at_utc FROM imports WHERE id = p.first_import),"
	    " (SELECT at_utc FROM imports WHERE id = p.resolved_import),"
	    " CASE WHEN p.severity_assumed AND v.severity IS NOT NULL THEN v.severity"
	    " ELSE p.severity END, CASE WHEN p.released_assumed AND v.released IS NOT"
	    " NULL THEN v.released ELSE p.released END, p.released_assumed AND"
	    " v.released IS NULL, p.severity_assumed AND v.severity IS NULL, p.reboot,"
	    " p.source_line"
	    " FROM patches p JOIN assets a ON a.id = p.asset_id"
	    " LEFT JOIN advisories v ON v.id = p.advisory"
	    " WHERE (?1 IS NULL OR a.key = ?1) AND (?2 IS NULL OR p.source = ?2)"
	    " AND (?3 IS NULL OR p.kind = ?3)"
	    " AND (?4 OR (p.resolved_import IS NULL AND a.retired_import IS NULL))"
	    " ORDER BY a.key, p.advisory", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, source);
	db_bind_text(st, 3, kind);
	sqlite3_bind_int(st, 4, all != 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct patch_row r;
		int sev = severity_parse(db_col(st, 10));
		r.key = db_col(st, 0);
		r.hostname = db_col(st, 1);
		r.advisory = db_col(st, 2);
		r.title = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : db_col(st, 3);
		r.cves = sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL : db_col(st, 4);
		r.source = db_col(st, 5);
		r.source_severity = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL :
		    db_col(st, 6);
		r.kind = db_col(st, 7);
		r.first_seen = db_col(st, 8);
		r.resolved_at = sqlite3_column_type(st, 9) == SQLITE_NULL ? NULL :
		    db_col(st, 9);
		patch_init(&r.p);
		r.p.advisory = (char *)r.advisory;
		r.p.severity = sev < 0 ? SEV_LOW : (enum severity)sev;
		snprintf(r.p.released, sizeof r.p.released, "%s", db_col(st, 11));
		r.p.released_assumed = sqlite3_column_int(st, 12);
		r.p.severity_assumed = sqlite3_column_int(st, 13);
		r.p.reboot = sqlite3_column_int(st, 14);
		r.p.line = (long)sqlite3_column_int64(st, 15);
		if (each(arg, &r)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading patches");
}

/* Row ids kept in arrays indexed by them: at most this many. */
#define ID_MAX	100000000

/* v (*n elements of sz bytes) grown to hold element id, zeroed where new. */
static void *
grow_to(void *v, size_t *n, size_t *cap, size_t sz, size_t id)
{
	if (id >= *n) {
		v = xgrow(v, cap, id, sz);
		memset((char *)v + *n * sz, 0, (id + 1 - *n) * sz);
		*n = id + 1;
	}
	return v;
}

/* The imports' times (UTC s) by id, into *at (the caller frees it), *n ids. */
static int
import_times(struct store *s, int64_t **at, size_t *n, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT id, CAST(strftime('%s', at_utc) AS"
	    " INTEGER) FROM imports ORDER BY id", err);
	size_t cap = 0;
	int rc;

	*at = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id < 0 || id > ID_MAX)
			continue;
		*at = grow_to(*at, n, &cap, sizeof **at, (size_t)id);
		(*at)[id] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading imports");
}

static int64_t
import_time(const int64_t *at, size_t n, sqlite3_stmt *st, int col)
{
	sqlite3_int64 id;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	id = sqlite3_column_int64(st, col);
	return id >= 0 && (size_t)id < n ? at[id] : 0;
}

/* An asset as the SLA report needs it, by id. */
struct sla_asset {
	const char	*key, *owner, *group;	/* in the arena; NULL: no asset */
	int64_t		 retired;
};

/* Every asset (retired ones too) by id into *v (*n ids), its strings in
 * text: the patches are then read without a join. */
static int
sla_assets(struct store *s, const char *col, const int64_t *at, size_t nat,
    struct sla_asset **v, size_t *n, struct arena *text, struct pw_error *err)
{
	struct buf q = { 0 };
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	buf_printf(&q, "SELECT id, key, coalesce(owner, ''), %s%s%s, retired_import"
	    " FROM assets", col ? "coalesce(" : "''", col ? col : "", col ? ", '')" : "");
	st = db_prepare(s, buf_str(&q), err);
	buf_free(&q);
	*v = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id < 0 || id > ID_MAX)
			continue;
		*v = grow_to(*v, n, &cap, sizeof **v, (size_t)id);
		struct sla_asset *x = &(*v)[id];
		x->key = arena_strndup(text, db_col(st, 1), strlen(db_col(st, 1)));
		x->owner = arena_strndup(text, db_col(st, 2), strlen(db_col(st, 2)));
		x->group = arena_strndup(text, db_col(st, 3), strlen(db_col(st, 3)));
		x->retired = import_time(at, nat, st, 4);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading assets");
}

/* A stored severity (one of the four words, the schema's CHECK) without
 * severity_parse's folding: a million rows. */
static enum severity
stored_severity(const char *v)
{
	int sev;

	switch (v[0]) {
	case 'c':
		return SEV_CRITICAL;
	case 'h':
		return SEV_HIGH;
	case 'm':
		return SEV_MEDIUM;
	case 'l':
		return SEV_LOW;
	}
	sev = severity_parse(v);
	return sev < 0 ? SEV_LOW : (enum severity)sev;
}

int
store_sla_each(struct store *s, const char *by,
    void (*each)(void *, const struct sla_finding *), void *arg,
    struct pw_error *err)
{
	static const char *const cols[] = { "owner", "environment", "patch_group" };
	const char *col = NULL;
	struct arena text = { 0 };
	struct sla_asset *assets = NULL;
	sqlite3_stmt *st = NULL;
	int64_t *at = NULL;
	size_t nat, nassets;
	int rc = -1, adv = advised(s);

	for (size_t i = 0; by && i < sizeof cols / sizeof cols[0]; i++)
		if (strcmp(by, cols[i]) == 0)
			col = cols[i];
	if (by && col == NULL) {
		pw_error_set(err, NULL, 0, "--by %.40s: owner, environment or patch_group",
		    by);
		return 1;
	}
	if (import_times(s, &at, &nat, err) != 0 ||
	    sla_assets(s, col, at, nat, &assets, &nassets, &text, err) != 0)
		goto out;
	st = db_prepare(s, adv ? "SELECT p.asset_id, p.advisory, CASE WHEN"
	    " p.severity_assumed AND v.severity IS NOT NULL THEN v.severity ELSE"
	    " p.severity END, CASE WHEN p.released_assumed AND v.released IS NOT NULL"
	    " THEN v.released ELSE p.released END, coalesce(p.first_import,"
	    " p.seen_import), p.resolved_import FROM patches p LEFT JOIN advisories v"
	    " ON v.id = p.advisory" :
	    "SELECT asset_id, advisory, severity, released, coalesce(first_import,"
	    " seen_import), resolved_import FROM patches", err);
	if (st == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		const struct sla_asset *a = id >= 0 && (size_t)id < nassets ?
		    &assets[id] : NULL;
		struct sla_finding f;
		if (a == NULL || a->key == NULL)
			continue;	/* the schema's REFERENCES: none */
		f.asset = a->key;
		f.advisory = db_col(st, 1);
		f.owner = a->owner;
		f.group = a->group;
		f.severity = stored_severity(db_col(st, 2));
		f.released = db_col(st, 3);
		f.first_seen = import_time(at, nat, st, 4);
		f.resolved = import_time(at, nat, st, 5);
		f.retired = a->retired;
		each(arg, &f);
	}
	rc = rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading patches");
out:
	sqlite3_finalize(st);
	free(at);
	free(assets);
	arena_free(&text);
	return rc;
}
