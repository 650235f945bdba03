/* One import's handle: its imports row, and what the puts of one import
 * share (the counts of an inventory's, the asset names a patches import looks
 * up), for the length of the import only. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "internal.h"
#include "store.h"

/* Every asset's id by key and by hostname, loaded once per import at its first
 * lookup: one scan instead of an index lookup per record (and no hostname
 * index to keep up on every inventory import). */
struct asset_names {
	struct strmap	 by_key, by_host;	/* -> index into id/retired */
	sqlite3_int64	*id;
	int		*retired;
	size_t		 n, cap;
};

#define AMBIGUOUS	((size_t)-2)

static void
names_free(struct asset_names *an)
{
	if (an == NULL)
		return;
	strmap_free(&an->by_key);
	strmap_free(&an->by_host);
	free(an->id);
	free(an->retired);
	free(an);
}

static struct asset_names *
names_load(struct store *s, struct pw_error *err)
{
	struct asset_names *an;
	sqlite3_stmt *st;

	st = db_prepare(s, "SELECT id, key, hostname, retired_import IS NOT NULL"
	    " FROM assets", err);
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
		const char *h = db_col(st, 2);
		strmap_put(&an->by_host, h, strmap_get(&an->by_host, h) == (size_t)-1 ?
		    an->n : AMBIGUOUS);
		an->n++;
	}
	sqlite3_finalize(st);
	return an;
}

int
store_import_asset(struct store_import *imp, const char *name, long line,
    sqlite3_int64 *id, struct pw_error *err)
{
	struct asset_names *an = imp->names;
	size_t i;

	if (an == NULL && (an = imp->names = names_load(imp->store, err)) == NULL)
		return -1;
	if ((i = strmap_get(&an->by_key, name)) == (size_t)-1)
		i = strmap_get(&an->by_host, name);
	if (i == (size_t)-1) {
		pw_error_set(err, NULL, line, "no asset has key or hostname '%.80s' "
		    "(import the inventory first)", name);
		return 1;
	}
	if (i == AMBIGUOUS) {
		pw_error_set(err, NULL, line, "hostname '%.80s' names several "
		    "assets: use the asset key", name);
		return 1;
	}
	if (an->retired[i]) {
		pw_error_set(err, NULL, line, "asset '%.80s' is retired", name);
		return 1;
	}
	*id = an->id[i];
	return 0;
}

struct store_import *
store_import_begin(struct store *s, const char *kind, const char *source,
    const char *path, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "INSERT INTO imports(kind, source, path, "
	    "at_utc) VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", err);
	struct store_import *imp;

	if (st == NULL)
		return NULL;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, source);
	db_bind_text(st, 3, path);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		db_fail(s, err, "recording the import");
		return NULL;
	}
	sqlite3_finalize(st);
	imp = xcalloc(1, sizeof *imp);
	imp->store = s;
	imp->id = (long)sqlite3_last_insert_rowid(s->db);
	imp->source = xstrdup(source);
	return imp;
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
	names_free(imp->names);
	free(imp->source);
	free(imp);
}
