/* One import's handle: its imports row, and what the puts of one import
 * share (the counts of an inventory's, the asset names a patches import looks
 * up), for the length of the import only. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "internal.h"
#include "store.h"

/* Every asset's id by each name a patch source may give it, loaded once
 * per import at its first lookup: one scan instead of an index lookup per
 * record (and no hostname index to keep up on every inventory import).
 * Host names are compared in lower case, as DNS does. */
struct asset_names {
	struct strmap	 by_key, by_host, by_short, by_ip, by_instance;
					/* -> index into id/retired */
	struct strmap	 deps;		/* names active assets depend on */
	sqlite3_int64	*id;
	int		*retired;
	size_t		 n, cap;
	char		*last;		/* the name found last, as found: a */
	size_t		 last_i;	/* file's rows come host by host */
	const char	*last_as;
};

#define AMBIGUOUS	((size_t)-2)

static void
names_free(struct asset_names *an)
{
	if (an == NULL)
		return;
	strmap_free(&an->by_key);
	strmap_free(&an->by_host);
	strmap_free(&an->by_short);
	strmap_free(&an->by_ip);
	strmap_free(&an->by_instance);
	strmap_free(&an->deps);
	free(an->id);
	free(an->retired);
	free(an->last);
	free(an);
}

/* Name i under key in m, or mark the key ambiguous when another has it. */
static void
name_put(struct strmap *m, const char *key, size_t i)
{
	size_t had;

	if (key == NULL || *key == '\0')
		return;
	had = strmap_get(m, key);
	strmap_put(m, key, had == (size_t)-1 || had == i ? i : AMBIGUOUS);
}

/* s in lower case into b; with shortname, only up to its first dot. */
static const char *
host_form(struct buf *b, const char *s, int shortname)
{
	buf_reset(b);
	for (; *s && !(shortname && *s == '.'); s++)
		buf_addc(b, (char)tolower((unsigned char)*s));
	return buf_str(b);
}

static struct asset_names *
names_load(struct store *s, struct pw_error *err)
{
	struct asset_names *an;
	struct buf b = { 0 };
	sqlite3_stmt *st;

	st = db_prepare(s, "SELECT id, key, hostname, retired_import IS NOT NULL, ip,"
	    " instance_id, depends_on FROM assets", err);
	if (st == NULL)
		return NULL;
	an = xcalloc(1, sizeof *an);
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t cap = an->cap;
		an->id = xgrow(an->id, &cap, an->n, sizeof *an->id);
		an->retired = xgrow(an->retired, &an->cap, an->n, sizeof *an->retired);
		an->id[an->n] = sqlite3_column_int64(st, 0);
		an->retired[an->n] = sqlite3_column_int(st, 3);
		strmap_put(&an->by_key, db_col(st, 1), an->n);
		name_put(&an->by_host, host_form(&b, db_col(st, 2), 0), an->n);
		name_put(&an->by_short, host_form(&b, db_col(st, 2), 1), an->n);
		name_put(&an->by_ip, db_col(st, 4), an->n);
		name_put(&an->by_instance, db_col(st, 5), an->n);
		for (const char *p = db_col(st, 6), *nl; !an->retired[an->n] && *p;
		    p = *nl ? nl + 1 : nl) {
			nl = p + strcspn(p, "\n");
			buf_reset(&b);
			buf_add(&b, p, (size_t)(nl - p));
			strmap_put(&an->deps, buf_str(&b), 1);
		}
		an->n++;
	}
	sqlite3_finalize(st);
	buf_free(&b);
	return an;
}

/* The asset a source names, trying each kind of name in turn: the key, the
 * hostname, the short name of an FQDN given, the short name of the assets'
 * FQDNs, the IP address, the cloud's instance id; an ARN not found whole,
 * by its resource id as a key or an instance id. */
static size_t
names_find(const struct asset_names *an, const char *name, const char **as)
{
	struct buf b = { 0 };
	const char *r;
	size_t i;

	if ((i = strmap_get(&an->by_key, name)) != (size_t)-1) {
		*as = "key";
		return i;
	}
	*as = "hostname";
	if ((i = strmap_get(&an->by_host, host_form(&b, name, 0))) == (size_t)-1 &&
	    strchr(name, '.') != NULL) {
		*as = "short name";
		i = strmap_get(&an->by_host, host_form(&b, name, 1));
	}
	if (i == (size_t)-1) {
		*as = "short name";
		i = strmap_get(&an->by_short, host_form(&b, name, 1));
	}
	if (i == (size_t)-1) {
		*as = "IP address";
		i = strmap_get(&an->by_ip, name);
	}
	if (i == (size_t)-1) {
		*as = "instance id";
		i = strmap_get(&an->by_instance, name);
	}
	if (i == (size_t)-1 && (r = asset_arn_resource(name)) != NULL) {
		*as = "resource id";
		if ((i = strmap_get(&an->by_key, r)) == (size_t)-1)
			i = strmap_get(&an->by_instance, r);
	}
	buf_free(&b);
	return i;
}

/* Is name something an active asset depends on: listed in a depends_on
 * whole, or (an ARN) by its resource id, as names_find tries an ARN? */
static int
names_dependency(const struct asset_names *an, const char *name)
{
	const char *r = asset_arn_resource(name);

	return strmap_get(&an->deps, name) != (size_t)-1 ||
	    (r != NULL && strmap_get(&an->deps, r) != (size_t)-1);
}

/* The one matcher of a record's asset: a patch's host (event NULL) or a
 * name provider event `event` gives, each with its own sentences. */
static int
import_asset(struct store_import *imp, const char *event, const char *name,
    long line, sqlite3_int64 *id, struct pw_error *err)
{
	struct asset_names *an = imp->names;
	const char *as;
	size_t i;

	if (an == NULL && (an = imp->names = names_load(imp->store, err)) == NULL)
		return -1;
	if (an->last && strcmp(an->last, name) == 0) {
		i = an->last_i;
		as = an->last_as;
	} else {
		i = names_find(an, name, &as);
		free(an->last);
		an->last = xstrdup(name);
		an->last_i = i;
		an->last_as = as;
	}
	if (i == (size_t)-1 && event == NULL) {
		pw_error_set(err, NULL, line, "host %.80s is not in the inventory (no "
		    "asset has it as key, hostname, short name, IP address or instance "
		    "id)", name);
		return 1;
	}
	if (i == (size_t)-1 && names_dependency(an, name)) {
		*id = 0;	/* no asset: what assets depend on */
		return 0;
	}
	if (i == (size_t)-1) {
		pw_error_set(err, NULL, line, "event %.80s: no asset has %.200s as key, "
		    "hostname, short name, IP address or instance id%s, and no asset "
		    "depends on it", event, name, asset_arn_resource(name) ?
		    ", nor its resource id as key or instance id" : "");
		return 1;
	}
	if (i == AMBIGUOUS) {
		pw_error_set(err, NULL, line, "%s%.80s%s%.200s names several assets by "
		    "%s: use the asset key", event ? "event " : "", event ? event : "",
		    event ? ": " : "host ", name, as);
		return 1;
	}
	if (an->retired[i]) {
		pw_error_set(err, NULL, line, "%s%.80s%sasset '%.200s' is retired",
		    event ? "event " : "", event ? event : "", event ? ": " : "", name);
		return 1;
	}
	*id = an->id[i];
	return 0;
}

int
store_import_asset(struct store_import *imp, const char *name, long line,
    sqlite3_int64 *id, struct pw_error *err)
{
	return import_asset(imp, NULL, name, line, id, err);
}

int
store_import_event_asset(struct store_import *imp, const char *event,
    const char *name, long line, sqlite3_int64 *id, struct pw_error *err)
{
	return import_asset(imp, event, name, line, id, err);
}

int
store_event_asset_check(struct store_import *imp, const char *event,
    const char *name, long line, struct pw_error *err)
{
	sqlite3_int64 id;

	return import_asset(imp, event, name, line, &id, err);
}

/* 0 when an import of source stamped now comes no earlier than the
 * source's newest patches import, 1 (err says why) when it would, -1 on
 * error. verify takes a source's newest import by id as the scan after a
 * window, and a patch's state is the last import's: a scan stamped back
 * (--now, SOURCE_DATE_EPOCH) would stand for a later scan's evidence. */
static int
import_in_order(struct store *s, const char *source, const char *path,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT at_utc FROM imports WHERE kind ="
	    " 'patches' AND source = ?1 AND CAST(strftime('%s', at_utc) AS INTEGER)"
	    " > ?2 ORDER BY at_utc DESC LIMIT 1", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, source);
	sqlite3_bind_int64(st, 2, store_now(s));
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char now[32];
		utc_format(store_now(s), now);
		pw_error_set(err, path, 0, "stamped %s (--now or SOURCE_DATE_EPOCH), "
		    "before source %.80s's newest patches import (%.40s): an import of a "
		    "source is never stamped before its newest one, since verify takes "
		    "the newest as the scan after a window; stamp it at %.40s or later, "
		    "or import it under its own --source", now, source, db_col(st, 0),
		    db_col(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 :
	    db_fail(s, err, "reading imports");
}

/* An inventory import writes each row once in one transaction: a page cache
 * the size the store's reads use (db.c) would hold every dirty page to the
 * end, 40 MB at 100k assets; a small one spills them to the WAL as it goes,
 * for the same CPU (docs/bench.md). Restored by store_import_end. */
#define IMPORT_CACHE_KIB	8192

static void
import_cache_small(struct store_import *imp)
{
	sqlite3_stmt *st;
	char sql[64];

	if (sqlite3_prepare_v2(imp->store->db, "PRAGMA cache_size", -1, &st,
	    NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW)
		imp->cache_before = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (imp->cache_before == 0)
		return;
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", IMPORT_CACHE_KIB);
	if (sqlite3_exec(imp->store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		imp->cache_before = 0;
}

/* Are there no assets at all (*none 1)? An inventory import into none
 * (a new database's first) counts its rows as it puts them: nothing to
 * retire, nothing to recount (assets_finish). */
static int
assets_none(struct store *s, int *none, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT NOT EXISTS (SELECT 1 FROM assets)",
	    err);
	int rc;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*none = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(s, err, "reading assets");
}

struct store_import *
store_import_begin(struct store *s, const char *kind, const char *source,
    const char *path, struct pw_error *err)
{
	/* The import's time is the store's now (--now, SOURCE_DATE_EPOCH, else
	 * the clock), as reboot_pending_since is: a finding's first-seen and
	 * resolved times (report sla) are its imports'. */
	sqlite3_stmt *st = db_prepare(s, "INSERT INTO imports(kind, source, path, "
	    "at_utc) VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', ?4,"
	    " 'unixepoch'))", err);
	struct store_import *imp;
	int64_t now = store_now(s);

	if (st == NULL)
		return NULL;
	if (strcmp(kind, "patches") == 0 && import_in_order(s, source, path, err) != 0) {
		sqlite3_finalize(st);
		return NULL;
	}
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, source);
	db_bind_text(st, 3, path);
	sqlite3_bind_int64(st, 4, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		db_fail(s, err, "recording the import");
		return NULL;
	}
	sqlite3_finalize(st);
	imp = xcalloc(1, sizeof *imp);
	imp->store = s;
	imp->now = now;
	imp->unresolved = -1;
	imp->id = (long)sqlite3_last_insert_rowid(s->db);
	imp->source = xstrdup(source);
	if (strcmp(kind, "inventory") == 0) {
		import_cache_small(imp);
		if (assets_none(s, &imp->first, err) != 0) {
			store_import_end(imp);
			return NULL;
		}
	}
	return imp;
}

int
store_import_digest(struct store_import *imp, const char *hex, struct pw_error *err)
{
	return db_run(imp->store, err, "recording the import", "UPDATE imports SET"
	    " digest = ?2 WHERE id = ?1", "it", (long long)imp->id, hex);
}

int
store_import_scanned(struct store_import *imp, int64_t t, struct pw_error *err)
{
	return db_run(imp->store, err, "recording the import", "UPDATE imports SET"
	    " scanned_utc = ?2 WHERE id = ?1", "ii", (long long)imp->id,
	    (long long)t);
}

long
store_import_id(const struct store_import *imp)
{
	return imp->id;
}

void
store_import_end(struct store_import *imp)
{
	if (imp == NULL)
		return;
	if (imp->cache_before != 0) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", imp->cache_before);
		(void)sqlite3_exec(imp->store->db, sql, NULL, NULL, NULL);
	}
	names_free(imp->names);
	free(imp->source);
	free(imp);
}
