/* The store's peer for the Ansible import (bench.py, bench_ansible): the
 * SQLite work alone. The rows of an imported database's assets table are
 * read into memory first (not timed), then written to a new database with
 * the same schema (copied from the source's sqlite_master, in its order)
 * and the pragmas patchwave uses, as a bare C program would: one
 * transaction, one prepared plain INSERT a row (texts bound without copies),
 * each asset's place in key order and the search index by it, each one
 * INSERT ... SELECT as the import does, the commit and the
 * close (its checkpoint). Prints the CPU seconds of each part. Built by
 * bench/run.sh.
 *
 * With -m, the least any SQLite store of these rows can cost instead: one
 * table, the key unique and every other column packed into one blob (made
 * before the clock starts), no other index, no search index.
 *
 * Usage: sqlite_assets [-m] SOURCE.db NEW.db (NEW.db "-": the rows read,
 * nothing written) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#define NCOLS	26
#define COLS "key, hostname, environment, service_model, provider, region," \
	" zone, os, tier, owner, patch_group, cluster, ip, instance_id," \
	" patch_minutes, reboot_minutes, groups, vars, source, source_line," \
	" created_import, updated_import, seen_import, depends_on," \
	" reboot_pending, reboot_pending_since"

struct val {
	int	 type;
	long long i;
	char	*s;
	int	 n;
};

static double
cpu(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
run(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "sqlite_assets: %s: %s\n", sql, msg);
		exit(1);
	}
}

/* -m: rows as (key, blob of the rest), one prepared insert each. */
static int
minimal(const struct val *v, size_t n, const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t nrows = n / NCOLS, *len = calloc(nrows, sizeof *len);
	char **rest = calloc(nrows, sizeof *rest);
	double t0, t1;

	for (size_t r = 0; r < nrows; r++) {
		size_t cap = 0;

		for (int c = 1; c < NCOLS; c++)
			cap += v[r * NCOLS + (size_t)c].n + 21;
		rest[r] = malloc(cap + 1);
		for (int c = 1; c < NCOLS; c++) {
			const struct val *x = &v[r * NCOLS + (size_t)c];
			if (x->type == SQLITE_TEXT) {
				memcpy(rest[r] + len[r], x->s, (size_t)x->n + 1);
				len[r] += (size_t)x->n + 1;
			} else
				len[r] += (size_t)sprintf(rest[r] + len[r], "%lld", x->i) + 1;
		}
	}
	t0 = cpu();
	remove(path);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return 1;
	run(db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;"
	    " PRAGMA synchronous = NORMAL; PRAGMA cache_size = -8192;"
	    " CREATE TABLE assets (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
	    " rest BLOB NOT NULL); BEGIN IMMEDIATE");
	if (sqlite3_prepare_v2(db, "INSERT INTO assets (key, rest) VALUES (?1, ?2)",
	    -1, &st, NULL) != SQLITE_OK)
		return 1;
	for (size_t r = 0; r < nrows; r++) {
		sqlite3_bind_text(st, 1, v[r * NCOLS].s, v[r * NCOLS].n, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, rest[r], (int)len[r], SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return 1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	run(db, "COMMIT");
	sqlite3_close(db);
	t1 = cpu();
	printf("%zu rows, one table (key, blob): all %.3f s CPU\n", nrows, t1 - t0);
	return 0;
}

int
main(int argc, char **argv)
{
	sqlite3 *src, *db;
	sqlite3_stmt *st;
	struct val *v = NULL;
	size_t n = 0, cap = 0;
	double t0, t1, t2, t3, t4;
	int min = argc > 1 && strcmp(argv[1], "-m") == 0;

	argc -= min;
	argv += min;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);	/* as patchwave */
	if (argc != 3 || sqlite3_open_v2(argv[1], &src, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		fprintf(stderr, "usage: sqlite_assets SOURCE.db NEW.db\n");
		return 2;
	}
	if (sqlite3_prepare_v2(src, "SELECT " COLS " FROM assets ORDER BY id", -1,
	    &st, NULL) != SQLITE_OK)
		return 1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n + NCOLS > cap)
			v = realloc(v, (cap = 2 * cap + 1024 * NCOLS) * sizeof *v);
		for (int c = 0; c < NCOLS; c++, n++) {
			v[n].type = sqlite3_column_type(st, c);
			if (v[n].type == SQLITE_INTEGER)
				v[n].i = sqlite3_column_int64(st, c);
			else if (v[n].type != SQLITE_NULL) {
				v[n].type = SQLITE_TEXT;
				v[n].n = sqlite3_column_bytes(st, c);
				v[n].s = malloc((size_t)v[n].n + 1);
				memcpy(v[n].s, sqlite3_column_text(st, c), (size_t)v[n].n + 1);
			}
		}
	}
	sqlite3_finalize(st);
	if (strcmp(argv[2], "-") == 0)	/* the load alone, to subtract */
		return 0;
	if (min)
		return minimal(v, n, argv[2]);

	t0 = cpu();
	remove(argv[2]);
	if (sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return 1;
	/* patchwave's pragmas (storage/db.c), with the page cache an inventory
	 * import writes with (storage/imports.c). */
	run(db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;"
	    " PRAGMA synchronous = NORMAL; PRAGMA cache_size = -8192;"
	    " PRAGMA mmap_size = 1073741824; BEGIN IMMEDIATE");
	/* The schema as it is, the search index's own tables made by its
	 * CREATE VIRTUAL TABLE. */
	if (sqlite3_prepare_v2(src, "SELECT sql FROM sqlite_master WHERE sql IS NOT"
	    " NULL AND name NOT LIKE 'asset_search_%' ORDER BY rowid", -1, &st,
	    NULL) != SQLITE_OK)
		return 1;
	while (sqlite3_step(st) == SQLITE_ROW)
		run(db, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	run(db, "COMMIT");
	t1 = cpu();

	run(db, "BEGIN IMMEDIATE");
	if (sqlite3_prepare_v2(db, "INSERT INTO assets (" COLS ") VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	    " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)", -1, &st, NULL) != SQLITE_OK)
		return 1;
	for (size_t r = 0; r < n; r += NCOLS) {
		for (int c = 0; c < NCOLS; c++) {
			const struct val *x = &v[r + (size_t)c];
			if (x->type == SQLITE_INTEGER)
				sqlite3_bind_int64(st, c + 1, x->i);
			else if (x->type == SQLITE_TEXT)
				sqlite3_bind_text(st, c + 1, x->s, x->n, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, c + 1);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "sqlite_assets: %s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	t2 = cpu();
	/* Each asset's place in key order, and the search index by it
	 * (schema 21; storage/assets.c, order_all). */
	run(db, "CREATE TEMP TABLE asset_rank (rank INTEGER PRIMARY KEY,"
	    " asset_id INTEGER NOT NULL)");
	run(db, "INSERT INTO temp.asset_rank (asset_id) SELECT id FROM assets"
	    " ORDER BY key");
	run(db, "INSERT INTO asset_order (ord, asset_id) SELECT (1 << 50) +"
	    " rank * (1 << 13), asset_id FROM temp.asset_rank ORDER BY rank");
	run(db, "DROP TABLE temp.asset_rank");
	run(db, "INSERT INTO asset_search(rowid, text) SELECT o.ord, a.key || CASE"
	    " WHEN a.hostname = a.key THEN '' ELSE ' ' || a.hostname END FROM"
	    " asset_order o JOIN assets a ON a.id = o.asset_id ORDER BY o.ord");
	t3 = cpu();
	run(db, "COMMIT");
	sqlite3_close(db);
	t4 = cpu();
	printf("%zu rows: schema %.3f s, rows %.3f s, search index %.3f s, "
	    "commit and close %.3f s, all %.3f s CPU\n", n / NCOLS, t1 - t0,
	    t2 - t1, t3 - t2, t4 - t3, t4 - t0);
	return 0;
}
