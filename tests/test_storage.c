/* The SQLite store: creation, migrations, upserts, retirement, round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../storage/browse.h"
#include "../storage/internal.h"
#include "../storage/schema.h"
#include "../storage/store.h"
#include "../util/buf.h"
#include "testutil.h"

static char dir[64];
static char path[128];
static struct store *st;

static int
setup(void **state)
{
	struct pw_error e;

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-store");
	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(store_open(path, &st, &e), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(st);
	return test_rmdir(dir);
}

static void
mkasset(struct asset *a, const char *key, const char *env)
{
	asset_init(a);
	a->key = strdup(key);
	a->environment = env ? strdup(env) : NULL;
	asset_add_group(a, "web");
	a->line = 2;
	struct pw_error e;
	asset_finish(a, &e);
}

static void
put(struct store_import *imp, const char *key, const char *env, int expect)
{
	struct asset a;
	struct pw_error e;

	mkasset(&a, key, env);
	assert_int_equal(store_asset_put(imp, &a, &e), expect);
	asset_clear(&a);
}

/* An inventory of source "src" holding the hosts named (NULL ends them),
 * imported in the open transaction. */
static void
inventory(const char *const *hosts)
{
	struct pw_error e;
	struct store_counts c;
	struct store_import *imp = store_import_begin(st, "inventory", "src", "x.csv",
	    &e);

	assert_non_null(imp);
	for (; *hosts; hosts++)
		put(imp, *hosts, NULL, 0);
	assert_int_equal(store_assets_finish(imp, NULL, NULL, &c, &e), 0);
	store_import_end(imp);
}

/* An import recorded (its imports row) with nothing put: its id. */
static long
record_import(const char *kind, const char *source, const char *file)
{
	struct pw_error e;
	struct store_import *imp = store_import_begin(st, kind, source, file, &e);
	long id;

	assert_non_null(imp);
	id = store_import_id(imp);
	store_import_end(imp);
	return id;
}

static void
test_database_is_private_and_versioned(void **state)
{
	struct stat sb;

	(void)state;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(store_schema_version(st), schema_version());
}

static void
test_reopening_keeps_the_schema(void **state)
{
	struct store *again;
	struct pw_error e;

	(void)state;
	assert_int_equal(store_open(path, &again, &e), 0);
	assert_int_equal(store_schema_version(again), schema_version());
	store_close(again);
}

/* A failed open's error names the caller's path, which outlives it; the
 * store's own copy goes with the store before anyone shows the error. */
static void
test_a_failed_open_names_the_callers_path(void **state)
{
	char bad[160];
	struct store *s = NULL;
	struct pw_error e = { 0 };
	FILE *f;

	(void)state;
	snprintf(bad, sizeof bad, "%s/notes.db", dir);
	assert_non_null(f = fopen(bad, "w"));
	fputs("hello, not a database\n", f);
	fclose(f);
	assert_int_not_equal(store_open(bad, &s, &e), 0);
	assert_null(s);
	assert_ptr_equal(e.file, bad);
	assert_true(e.msg[0] != '\0');
}

/* A database made by patchwave before schema 8 (migrations 1 to 7, no
 * application_id) opens, migrates and is stamped. */
static void
test_a_schema_7_database_opens_and_is_stamped(void **state)
{
	char old[160];
	sqlite3 *h;
	struct store *s;
	struct pw_error e;

	(void)state;
	assert_int_equal(test_db_int(path, "PRAGMA application_id"),
	    SCHEMA_APPLICATION_ID);
	snprintf(old, sizeof old, "%s/v7.db", dir);
	assert_int_equal(sqlite3_open(old, &h), SQLITE_OK);
	for (int v = 1; v <= 7; v++) {
		struct buf sql = { 0 };
		buf_printf(&sql, "%s; PRAGMA user_version = %d;", schema_migration(v), v);
		assert_int_equal(sqlite3_exec(h, sql.s, NULL, NULL, NULL), SQLITE_OK);
		buf_free(&sql);
	}
	sqlite3_close(h);
	assert_int_equal(test_db_int(old, "PRAGMA application_id"), 0);
	assert_int_equal(store_open_flags(old, 0, &s, &e), 0);
	assert_int_equal(store_schema_version(s), schema_version());
	store_close(s);
	assert_int_equal(test_db_int(old, "PRAGMA application_id"), SCHEMA_APPLICATION_ID);
}

/* Everything a database holds as text: its version, application_id, every
 * sqlite_master row in order (the text sqlite3's .schema prints), and
 * every row of every table (virtual tables' shadow tables included). */
static void
dump_db(const char *db, struct buf *out)
{
	sqlite3 *h;
	sqlite3_stmt *q, *r;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT 'version', user_version,"
	    " application_id FROM pragma_user_version, pragma_application_id"
	    " UNION ALL SELECT type, name, tbl_name || ': ' || coalesce(sql, '')"
	    " FROM (SELECT * FROM sqlite_master ORDER BY rowid)", -1, &q, NULL),
	    SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW)
		buf_printf(out, "%s %s %s\n", sqlite3_column_text(q, 0),
		    sqlite3_column_text(q, 1), sqlite3_column_text(q, 2));
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master"
	    " WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
	    -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct buf sql = { 0 };
		buf_printf(&sql, "SELECT * FROM \"%s\"", sqlite3_column_text(q, 0));
		assert_int_equal(sqlite3_prepare_v2(h, sql.s, -1, &r, NULL), SQLITE_OK);
		while (sqlite3_step(r) == SQLITE_ROW) {
			buf_printf(out, "%s:", sqlite3_column_text(q, 0));
			for (int c = 0; c < sqlite3_column_count(r); c++)
				buf_printf(out, " %d/%s", sqlite3_column_type(r, c),
				    sqlite3_column_text(r, c) ? (const char *)
				    sqlite3_column_text(r, c) : "");
			buf_addc(out, '\n');
		}
		sqlite3_finalize(r);
		buf_free(&sql);
	}
	sqlite3_finalize(q);
	sqlite3_close(h);
}

/* Migrations 1 to upto run on h one after the other, each in its own
 * transaction with its version, as patchwave before schema_fresh did. */
static void
migrations_run(sqlite3 *h, int upto)
{
	for (int v = 1; v <= upto; v++) {
		struct buf sql = { 0 };
		buf_printf(&sql, "BEGIN; %s; PRAGMA user_version = %d; COMMIT;",
		    schema_migration(v), v);
		assert_int_equal(sqlite3_exec(h, sql.s, NULL, NULL, NULL), SQLITE_OK);
		buf_free(&sql);
	}
}

/* A new database is made at SCHEMA_FRESH_VERSION in one script: it is what
 * every migration run one after the other makes of an empty file, the same
 * schema text in the same order, version, application_id and rows. */
static void
test_a_new_database_is_what_the_migrations_make(void **state)
{
	char old[160];
	sqlite3 *h;
	struct buf a = { 0 }, b = { 0 };

	(void)state;
	snprintf(old, sizeof old, "%s/migrated.db", dir);
	assert_int_equal(sqlite3_open(old, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA page_size = 16384;"
	    " PRAGMA journal_mode = WAL", NULL, NULL, NULL), SQLITE_OK);
	migrations_run(h, schema_version());
	sqlite3_close(h);
	dump_db(old, &a);
	dump_db(path, &b);
	assert_non_null(strstr(a.s, "table assets assets: CREATE TABLE assets"));
	assert_string_equal(a.s, b.s);
	buf_free(&a);
	buf_free(&b);
}

/* A database left at an older schema (5, 12, SCHEMA_FRESH_VERSION: before,
 * across and at the one-script schema) migrates, on opening, to what a new
 * database is; one at a newer schema than this binary's is refused and left
 * as it was. */
static void
test_old_databases_migrate_and_a_newer_one_is_refused(void **state)
{
	static const int olds[] = { 5, 12, SCHEMA_FRESH_VERSION };
	struct buf want = { 0 };
	struct pw_error e;
	struct store *s;
	char old[160];
	sqlite3 *h;

	(void)state;
	dump_db(path, &want);
	for (size_t i = 0; i < sizeof olds / sizeof *olds; i++) {
		struct buf got = { 0 };
		snprintf(old, sizeof old, "%s/v%d.db", dir, olds[i]);
		assert_int_equal(sqlite3_open(old, &h), SQLITE_OK);
		migrations_run(h, olds[i]);
		sqlite3_close(h);
		assert_int_equal(store_open_flags(old, 0, &s, &e), 0);
		assert_int_equal(store_schema_version(s), schema_version());
		store_close(s);
		dump_db(old, &got);
		assert_string_equal(got.s, want.s);
		buf_free(&got);
	}
	/* Newer: refused, saying so; its version and rows unchanged. */
	snprintf(old, sizeof old, "%s/newer.db", dir);
	assert_int_equal(sqlite3_open(old, &h), SQLITE_OK);
	struct buf sql = { 0 }, before = { 0 }, after = { 0 };
	buf_printf(&sql, "BEGIN; %s; PRAGMA user_version = %d; COMMIT;", schema_fresh(),
	    schema_version() + 1);
	assert_int_equal(sqlite3_exec(h, sql.s, NULL, NULL, NULL), SQLITE_OK);
	buf_free(&sql);
	sqlite3_close(h);
	dump_db(old, &before);
	assert_int_not_equal(store_open_flags(old, 0, &s, &e), 0);
	assert_null(s);
	assert_non_null(strstr(e.msg, "newer than this patchwave understands"));
	dump_db(old, &after);
	assert_string_equal(after.s, before.s);
	buf_free(&before);
	buf_free(&after);
	buf_free(&want);
}

/* Another program's SQLite file is refused, byte for byte unchanged; a
 * command that only reads makes no database of a missing path. */
static void
test_foreign_and_missing_files_are_left_alone(void **state)
{
	char other[160], missing[160], *before, *after;
	size_t n1, n2;
	sqlite3 *h;
	struct store *s;
	struct pw_error e;
	struct stat sb;
	FILE *f;

	(void)state;
	snprintf(other, sizeof other, "%s/notes.sqlite", dir);
	assert_int_equal(sqlite3_open(other, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE notes (body TEXT);"
	    "INSERT INTO notes VALUES ('keep me')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_non_null(f = fopen(other, "rb"));
	before = malloc(1 << 16);
	n1 = fread(before, 1, 1 << 16, f);
	fclose(f);
	assert_int_not_equal(store_open(other, &s, &e), 0);
	assert_string_equal(e.msg, "not a patchwave database (application_id "
	    "0x00000000, tables notes): refusing to change it");
	assert_ptr_equal(e.file, other);
	assert_non_null(f = fopen(other, "rb"));
	after = malloc(1 << 16);
	n2 = fread(after, 1, 1 << 16, f);
	fclose(f);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);

	snprintf(missing, sizeof missing, "%s/typo.db", dir);
	assert_int_not_equal(store_open_flags(missing, 0, &s, &e), 0);
	assert_string_equal(e.msg, "no such database");
	assert_int_not_equal(stat(missing, &sb), 0);
}

/* Writable by others: a warning, the store still usable. */
static void
test_a_database_others_can_write_is_flagged(void **state)
{
	struct pw_error e = { 0 };

	(void)state;
	assert_int_equal(store_exposed(st, &e), 0);
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(store_exposed(st, &e), 1);
	assert_non_null(strstr(e.msg, "is writable by others (mode 0666)"));
	assert_null(e.file);
	assert_int_equal(chmod(path, 0600), 0);
}

/* One import of source "src": keys[i] with envs[i]; returns its counts. */
static struct store_counts
import_round(const char *const *keys, const char *const *envs)
{
	struct pw_error e;
	struct store_counts c;
	struct store_import *imp;

	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "inventory", "src", "x.csv", &e);
	for (size_t i = 0; keys[i]; i++)
		put(imp, keys[i], envs[i], 0);
	assert_int_equal(store_assets_finish(imp, NULL, NULL, &c, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	store_import_end(imp);
	return c;
}

/* The value a PRAGMA reads (0 when none). */
static long long
pragma(const char *sql)
{
	sqlite3_stmt *q;
	long long n = 0;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

static long long
cache_size(void)
{
	return pragma("PRAGMA cache_size");
}

/* An inventory import writes its rows with a small page cache (a 100k-host
 * import held 40 MB of dirty pages otherwise); the store's own comes back
 * after, and other imports keep it. */
static void
test_inventory_import_writes_with_a_small_cache(void **state)
{
	struct pw_error e;
	struct store_import *imp;
	long long before = cache_size();

	(void)state;
	assert_true(before < -8192);
	imp = store_import_begin(st, "inventory", "src", "x.csv", &e);
	assert_non_null(imp);
	assert_int_equal(cache_size(), -8192);
	store_import_end(imp);
	assert_int_equal(cache_size(), before);
	imp = store_import_begin(st, "patches", "scan", "s.csv", &e);
	assert_non_null(imp);
	assert_int_equal(cache_size(), before);
	store_import_end(imp);
}

/* Issue 19: what a plan loads (every asset, every pending patch) it reads
 * through a small page cache, not the file mapping, and the plan's save
 * that follows keeps it: at a million assets the mapping kept 400 MiB of
 * the file in the process and the cache 64 MiB. Loading the stored plan to
 * check it keeps both (the mapping spares a check its page copies). */
static void
test_a_plans_load_reads_through_a_small_cache_unmapped(void **state)
{
	struct plan_data d;
	struct plan p;
	struct pw_error e;
	long long *wave_ids;
	int found;

	(void)state;
	assert_int_equal(store_plan_load(st, &d, &p, &wave_ids, &found, NULL, &e), 0);
	free(wave_ids);
	plan_free(&p);
	plan_data_free(&d);
	assert_int_equal(cache_size(), -65536);
	assert_true(pragma("PRAGMA mmap_size") > 0);
	assert_int_equal(store_plan_data_load(st, utc_iso("2026-11-30T00:00"), 30, 0,
	    &d, NULL, &e), 0);
	assert_int_equal(cache_size(), -16384);
	assert_int_equal(pragma("PRAGMA mmap_size"), 0);
	plan_data_free(&d);
}

static void
test_reimport_updates_by_key_and_retires_what_is_gone(void **state)
{
	static const char *const abc[] = { "a", "b", "c", NULL };
	static const char *const ab[] = { "a", "b", NULL };
	static const char *const dev[] = { "dev", "dev", "dev" };
	static const char *const dev_prod_dev[] = { "dev", "prod", "dev" };
	struct store_counts c;

	(void)state;
	c = import_round(abc, dev);
	assert_int_equal(c.added, 3);
	c = import_round(ab, dev_prod_dev);
	assert_int_equal(c.added, 0);
	assert_int_equal(c.updated, 1);
	assert_int_equal(c.unchanged, 1);
	assert_int_equal(c.retired, 1);
	/* c comes back: it is active again, and counted as updated. */
	c = import_round(abc, dev_prod_dev);
	assert_int_equal(c.updated, 1);
	assert_int_equal(c.retired, 0);
}

static void
test_a_key_twice_in_one_import_is_refused(void **state)
{
	struct pw_error e;
	struct store_import *imp;

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "inventory", "src", "x.csv", &e);
	put(imp, "dup", NULL, 0);
	put(imp, "dup", NULL, 1);
	store_rollback(st);
	store_import_end(imp);
}

static int
count_assets(void *arg, struct asset *a, int retired)
{
	(void)a;
	(void)retired;
	(*(int *)arg)++;
	return 0;
}

static void
test_rollback_leaves_nothing(void **state)
{
	struct pw_error e;
	int n = 0;
	struct store_import *imp;

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "inventory", "src", "x.csv", &e);
	put(imp, "x", NULL, 0);
	store_rollback(st);
	store_import_end(imp);
	assert_int_equal(store_assets_each(st, 1, count_assets, &n, &e), 0);
	assert_int_equal(n, 0);
}

static void
test_patches_need_a_known_asset_and_resolve_when_dropped(void **state)
{
	struct pw_error e;
	struct store_counts c;
	struct patch p;
	struct store_import *imp;
	long counts[SEV_COUNT];

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	inventory((const char *const []){ "h1", NULL });
	imp = store_import_begin(st, "patches", "scan", "p.csv", &e);
	patch_init(&p);
	p.asset = strdup("h1");
	p.advisory = strdup("CVE-1");
	p.severity = SEV_HIGH;
	strcpy(p.released, "2026-11-01");
	p.reboot = 1;
	assert_int_equal(store_patch_put(imp, &p, &e), 0);
	assert_int_equal(store_patch_put(imp, &p, &e), 1);	/* twice */
	free(p.asset);
	p.asset = strdup("nobody");
	assert_int_equal(store_patch_put(imp, &p, &e), 1);
	assert_non_null(strstr(e.msg, "no asset"));
	patch_clear(&p);
	assert_int_equal(store_patches_finish(imp, 1, NULL, NULL, NULL, &c, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	store_import_end(imp);
	assert_int_equal(store_patch_counts(st, counts, &e), 0);	/* kept by the import */
	assert_int_equal(counts[SEV_HIGH], 1);

	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "patches", "scan", "p.csv", &e);
	assert_int_equal(store_patches_finish(imp, 1, NULL, NULL, NULL, &c, &e), 0);
	assert_int_equal(c.retired, 1);
	assert_int_equal(store_commit(st, &e), 0);
	store_import_end(imp);
	assert_int_equal(store_patch_counts(st, counts, &e), 0);
	assert_int_equal(counts[SEV_HIGH], 0);
}

/* Put advisory adv at sev on asset key; the put's result. */
static int
put_patch(struct store_import *imp, const char *key, const char *adv,
    enum severity sev)
{
	struct pw_error e;
	struct patch p;
	int rc;

	patch_init(&p);
	p.asset = strdup(key);
	p.advisory = strdup(adv);
	p.severity = sev;
	strcpy(p.released, "2026-11-01");
	p.reboot = 1;
	rc = store_patch_put(imp, &p, &e);
	patch_clear(&p);
	return rc;
}

static void
test_stats_count_what_is_pending_on_active_assets(void **state)
{
	struct pw_error e;
	struct store_counts c;
	struct store_import *imp;
	long counts[SEV_COUNT], n;

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	inventory((const char *const []){ "h1", "h2", "h3", NULL });
	imp = store_import_begin(st, "patches", "scan", "p.csv", &e);
	assert_int_equal(put_patch(imp, "h1", "A-1", SEV_CRITICAL), 0);
	assert_int_equal(put_patch(imp, "h1", "A-2", SEV_LOW), 0);
	assert_int_equal(put_patch(imp, "h2", "A-1", SEV_CRITICAL), 0);
	assert_int_equal(put_patch(imp, "h3", "A-3", SEV_HIGH), 0);
	assert_int_equal(put_patch(imp, "h3", "A-3", SEV_HIGH), 1);	/* twice */
	assert_int_equal(store_patches_finish(imp, 1, NULL, NULL, NULL, &c, &e), 0);
	assert_int_equal(c.added, 4);
	assert_int_equal(c.retired, 0);
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);

	/* h2 retired: its patch is still pending, but not counted. */
	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "inventory", "src", "x.csv", &e);
	put(imp, "h1", NULL, 0);
	put(imp, "h3", NULL, 0);
	assert_int_equal(store_assets_finish(imp, NULL, NULL, &c, &e), 0);
	assert_int_equal(c.retired, 1);
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_patch_counts(st, counts, &e), 0);
	assert_int_equal(counts[SEV_CRITICAL], 1);
	assert_int_equal(counts[SEV_HIGH], 1);
	assert_int_equal(counts[SEV_MEDIUM], 0);
	assert_int_equal(counts[SEV_LOW], 1);

	/* The scan again with h1's critical one only: the rest resolved. */
	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "patches", "scan", "p.csv", &e);
	assert_int_equal(put_patch(imp, "h1", "A-1", SEV_CRITICAL), 0);
	assert_int_equal(store_patches_finish(imp, 1, NULL, NULL, NULL, &c, &e), 0);
	assert_int_equal(c.added, 1);
	assert_int_equal(c.retired, 3);		/* h2's too: the scan dropped it */
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_patch_counts(st, counts, &e), 0);
	assert_int_equal(counts[SEV_CRITICAL], 1);
	assert_int_equal(counts[SEV_HIGH], 0);
	assert_int_equal(counts[SEV_MEDIUM], 0);
	assert_int_equal(counts[SEV_LOW], 0);
	assert_int_equal(store_stat(st, "assets_active", &n, &e), 0);
	assert_int_equal(n, 2);
}

/* A scan of some hosts: how many of the source's hosts with pending
 * patches it lists none of, and a resolve of the listed hosts only. */
static void
test_patches_scan_of_some_hosts(void **state)
{
	struct pw_error e;
	struct store_counts c;
	struct store_import *imp;
	long hosts, unlisted, counts[SEV_COUNT];

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	inventory((const char *const []){ "h1", "h2", "h3", NULL });
	imp = store_import_begin(st, "patches", "scan", "scan.csv", &e);
	assert_int_equal(put_patch(imp, "h1", "A-1", SEV_HIGH), 0);
	assert_int_equal(put_patch(imp, "h1", "A-2", SEV_HIGH), 0);
	assert_int_equal(put_patch(imp, "h2", "A-1", SEV_LOW), 0);
	assert_int_equal(put_patch(imp, "h3", "A-1", SEV_LOW), 0);
	/* A source's first import: nothing of it was pending. */
	assert_int_equal(store_patches_unlisted(imp, &hosts, &unlisted, &e), 0);
	assert_int_equal(hosts, 0);
	assert_int_equal(store_patches_finish(imp, RESOLVE_SOURCE, NULL, NULL, NULL,
	    &c, &e), 0);
	store_import_end(imp);
	/* h1 again with A-1 only: three hosts pending, h2 and h3 unlisted. */
	imp = store_import_begin(st, "patches", "scan", "scan.csv", &e);
	assert_int_equal(put_patch(imp, "h1", "A-1", SEV_HIGH), 0);
	assert_int_equal(store_patches_unlisted(imp, &hosts, &unlisted, &e), 0);
	assert_int_equal(hosts, 3);
	assert_int_equal(unlisted, 2);
	/* Of the listed host only: its A-2 resolved, h2's and h3's kept. */
	assert_int_equal(store_patches_finish(imp, RESOLVE_LISTED, NULL, NULL, NULL,
	    &c, &e), 0);
	assert_int_equal(c.retired, 1);
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_patch_counts(st, counts, &e), 0);
	assert_int_equal(counts[SEV_HIGH], 1);
	assert_int_equal(counts[SEV_LOW], 2);
	/* The whole source: h2's and h3's resolved too. */
	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "patches", "scan", "scan.csv", &e);
	assert_int_equal(put_patch(imp, "h1", "A-1", SEV_HIGH), 0);
	assert_int_equal(store_patches_finish(imp, RESOLVE_SOURCE, NULL, NULL, NULL,
	    &c, &e), 0);
	assert_int_equal(c.retired, 2);
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_patch_counts(st, counts, &e), 0);
	assert_int_equal(counts[SEV_HIGH], 1);
	assert_int_equal(counts[SEV_LOW], 0);
}

/* A file that speaks for one host (--asset) resolves that host's patches
 * of the source only: another host's file of the same source keeps its. */
static void
test_patches_resolve_only_the_named_asset(void **state)
{
	struct pw_error e;
	struct store_counts c;
	struct store_import *imp;
	long counts[SEV_COUNT];

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	inventory((const char *const []){ "h1", "h2", NULL });
	imp = store_import_begin(st, "patches", "apt.txt", "apt.txt", &e);
	assert_int_equal(put_patch(imp, "h1", "A-1", SEV_HIGH), 0);
	assert_int_equal(store_patches_finish(imp, 1, "h1", NULL, NULL, &c, &e), 0);
	store_import_end(imp);
	imp = store_import_begin(st, "patches", "apt.txt", "apt.txt", &e);
	assert_int_equal(put_patch(imp, "h2", "A-2", SEV_LOW), 0);
	assert_int_equal(store_patches_finish(imp, 1, "h2", NULL, NULL, &c, &e), 0);
	assert_int_equal(c.retired, 0);		/* h1's A-1 stays pending */
	store_import_end(imp);
	/* h1's file again, nothing pending: h1's resolved, h2's kept. */
	imp = store_import_begin(st, "patches", "apt.txt", "apt.txt", &e);
	assert_int_equal(store_patches_finish(imp, 1, "h1", NULL, NULL, &c, &e), 0);
	assert_int_equal(c.retired, 1);
	store_import_end(imp);
	/* An asset no one has: an error, nothing resolved. */
	imp = store_import_begin(st, "patches", "apt.txt", "apt.txt", &e);
	assert_int_equal(store_patches_finish(imp, 1, "nobody", NULL, NULL, &c, &e), -1);
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_patch_counts(st, counts, &e), 0);
	assert_int_equal(counts[SEV_HIGH], 0);
	assert_int_equal(counts[SEV_LOW], 1);
}

static void
test_policy_round_trips(void **state)
{
	struct policy p, q;
	struct pw_error e;
	int found;

	(void)state;
	policy_init(&p);
	free(p.timezone);
	p.timezone = strdup("Europe/Berlin");
	p.sla_days[SEV_CRITICAL] = 3;
	test_add_window(&p, "tue", "FREQ=WEEKLY;BYDAY=TU", "Europe/Berlin", 22 * 60 + 30,
	    240)->offset_days = -1;
	selector_add(&p.windows[0].select, "environment", "dev");
	selector_add(&p.windows[0].select, "environment", "test");
	p.approvers = calloc(1, sizeof *p.approvers);
	p.approvers[0] = strdup("alice");
	p.napprovers = 1;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_policy_save(st, record_import("policy", "p",
	    "p.yaml"), &p, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_policy_load(st, &q, &found, &e), 0);
	assert_true(found);
	assert_string_equal(q.timezone, "Europe/Berlin");
	assert_int_equal(q.sla_days[SEV_CRITICAL], 3);
	assert_int_equal(q.nwindows, 1);
	assert_int_equal(q.windows[0].start_minute, 22 * 60 + 30);
	assert_int_equal(q.windows[0].offset_days, -1);
	assert_int_equal(q.windows[0].select.nterms, 1);
	assert_int_equal(q.windows[0].select.terms[0].nvalues, 2);
	assert_string_equal(q.approvers[0], "alice");
	policy_free(&p);
	policy_free(&q);
}

/* An edit against a plan someone changed since is refused saying when they
 * did in the policy's zone, as every time people read (not UTC as stored). */
static void
test_stale_edit_says_when_in_the_policys_zone(void **state)
{
	struct policy p;
	struct pw_error e = { 0 };
	struct checked k;
	struct plan_change c = { .what = "pin web-01", .expect = 0 };

	(void)state;
	policy_init(&p);
	free(p.timezone);
	p.timezone = strdup("Europe/Berlin");
	store_set_now(st, utc_iso("2026-11-24T01:00"));
	store_actor(st, "bob");
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_policy_save(st, record_import("policy", "p",
	    "p.yaml"), &p, &e), 0);
	assert_int_equal(store_plan_bump(st, "move web-01 --wave 4", &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_plan_change(st, &c, &k, NULL, &e), STORE_STALE);
	assert_string_equal(e.msg, "the plan changed since version 0: it is version 1 "
	    "now (move web-01 --wave 4, by bob at 2026-11-24 02:00+01:00); nothing was "
	    "changed, look again and redo");
	store_set_now(st, 0);
	policy_free(&p);
}

/* Save c as an import of source from file, in a transaction of its own,
 * its changes in *ch; c is freed. */
static void
store_cal(struct calendar *c, const char *source, const char *file,
    struct cal_changes *ch)
{
	struct pw_error e;

	memset(ch, 0, sizeof *ch);
	assert_int_equal(store_begin(st, &e), 0);
	struct store_import *imp = store_import_begin(st, "calendar", source,
	    file, &e);
	assert_non_null(imp);
	assert_int_equal(store_calendar_save(imp, c, ch, &e), 0);
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	calendar_free(c);
}

static void
save_cal(const char *summary, const char *second_uid, struct cal_changes *ch)
{
	struct calendar c;
	struct cal_event *ev;

	calendar_init(&c);
	c.name = strdup("prov");
	c.kind = CAL_PROVIDER;
	c.float_tz = strdup("UTC");
	ev = calendar_add_event(&c);
	cal_set(&ev->uid, "one");
	cal_set(&ev->dtstart, "20260101T000000");
	cal_set(&ev->summary, summary);
	if (second_uid) {
		ev = calendar_add_event(&c);
		cal_set(&ev->uid, second_uid);
		cal_set(&ev->dtstart, "20260102T000000");
	}
	store_cal(&c, "prov", "p.ics", ch);
}

static void
test_calendar_reimport_reports_added_changed_removed(void **state)
{
	struct cal_changes ch;
	struct calendar back;
	struct pw_error e;
	int found;

	(void)state;
	save_cal("first", "two", &ch);
	assert_int_equal(ch.n, 2);
	cal_changes_free(&ch);
	save_cal("edited", "three", &ch);
	assert_int_equal(ch.n, 3);
	assert_int_equal(ch.v[0].what, '~');	/* one */
	assert_string_equal(ch.v[1].uid, "three");
	assert_int_equal(ch.v[1].what, '+');
	assert_string_equal(ch.v[2].uid, "two");
	assert_int_equal(ch.v[2].what, '-');
	cal_changes_free(&ch);
	assert_int_equal(store_calendar_load(st, "prov", &back, &found, &e), 0);
	assert_true(found);
	assert_int_equal(back.nevents, 2);
	calendar_free(&back);
}

/* Assets a, b, c, all in eu-west-1 (the calendar's scope below selects
 * every one); a and c have instance ids, b a fully qualified hostname. */
static void
put_cloud_assets(void)
{
	static const char *const keys[] = { "a", "b", "c" };
	static const char *const ids[] = { "i-0aaa", NULL, "i-0ccc" };
	struct pw_error e;
	struct store_import *imp;

	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "inventory", "src", "x.csv", &e);
	for (int i = 0; i < 3; i++) {
		struct asset a;
		asset_init(&a);
		a.key = strdup(keys[i]);
		a.region = strdup("eu-west-1");
		a.hostname = ids[i] ? NULL : strdup("b.example.com");
		a.instance_id = ids[i] ? strdup(ids[i]) : NULL;
		a.line = 2 + i;
		assert_int_equal(asset_finish(&a, &e), 0);
		assert_int_equal(store_asset_put(imp, &a, &e), 0);
		asset_clear(&a);
	}
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
}

/* A provider calendar scoped to the whole region, with one event that names
 * a (by instance id) and c (by an ARN) and one that names only b (by short
 * name): each is saved by this import, matched through the inventory. */
static void
save_scoped_cal(struct cal_changes *ch)
{
	struct calendar c;
	struct cal_event *ev;

	calendar_init(&c);
	c.name = strdup("ec2");
	c.kind = CAL_PROVIDER;
	c.scope_json = strdup("{\"region\":[\"eu-west-1\"]}");
	c.float_tz = strdup("UTC");
	ev = calendar_add_event(&c);
	cal_set(&ev->uid, "e1");
	cal_set(&ev->summary, "system-reboot");
	cal_set(&ev->dtstart, "20261201T020000");
	cal_set(&ev->start_tz, "UTC");
	cal_set(&ev->dtend, "20261201T030000");
	cal_set(&ev->end_tz, "UTC");
	cal_set(&ev->assets, "i-0aaa\narn:aws:ec2:eu-west-1:123456789012:instance/i-0ccc");
	cal_set(&ev->provider_id, "instance-event-0d59937288b749b32");
	cal_set(&ev->latest_start, "20261203T010000Z");
	ev = calendar_add_event(&c);
	cal_set(&ev->uid, "e2");
	cal_set(&ev->summary, "instance-stop");
	cal_set(&ev->dtstart, "20261215T020000");
	cal_set(&ev->start_tz, "UTC");
	cal_set(&ev->duration, "PT1H");
	cal_set(&ev->assets, "b");
	store_cal(&c, "ec2", "ec2.json", ch);
}

/* The names a source gives come back as the keys of the assets they
 * matched; the provider's id and latest start round-trip; an event's
 * digest counts its assets, so naming another asset is a change. */
static void
test_event_assets_are_stored_as_matched_and_load_as_keys(void **state)
{
	struct cal_changes ch;
	struct calendar back;
	struct pw_error e;
	int found;

	(void)state;
	put_cloud_assets();
	save_scoped_cal(&ch);
	assert_int_equal(ch.n, 2);
	cal_changes_free(&ch);
	assert_int_equal(store_calendar_load(st, "ec2", &back, &found, &e), 0);
	assert_true(found);
	assert_int_equal(back.nevents, 2);
	assert_string_equal(back.events[0].assets, "a\nc");
	assert_string_equal(back.events[0].provider_id,
	    "instance-event-0d59937288b749b32");
	assert_string_equal(back.events[0].latest_start, "20261203T010000Z");
	assert_string_equal(back.events[1].assets, "b");
	assert_string_equal(back.events[1].provider_id, "");
	assert_string_equal(cal_event_name(&back.events[0]),
	    "instance-event-0d59937288b749b32");
	assert_string_equal(cal_event_name(&back.events[1]), "e2");
	calendar_free(&back);
	save_scoped_cal(&ch);
	assert_int_equal(ch.n, 0);	/* the same names: unchanged */
	cal_changes_free(&ch);
}

/* A name no asset has is the event's problem at its line, naming the event;
 * an ARN is tried whole, then by its resource id. */
static void
test_an_event_naming_no_known_asset_is_a_problem(void **state)
{
	struct pw_error e = { 0 };
	struct store_import *imp;

	(void)state;
	put_cloud_assets();
	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "calendar", "ec2", "ec2.json", &e);
	assert_int_equal(store_event_asset_check(imp, "ev-1", "i-0aaa", 7, &e), 0);
	assert_int_equal(store_event_asset_check(imp, "ev-1", "b.example.com", 7,
	    &e), 0);
	assert_int_equal(store_event_asset_check(imp, "ev-1",
	    "arn:aws:rds:eu-west-1:123456789012:db:a", 7, &e), 0);
	assert_int_equal(store_event_asset_check(imp, "ev-9", "i-0abc", 12, &e), 1);
	assert_int_equal(e.line, 12);
	assert_string_equal(e.msg, "event ev-9: no asset has i-0abc as key, "
	    "hostname, short name, IP address or instance id, and no asset "
	    "depends on it");
	assert_int_equal(store_event_asset_check(imp, "ev-9",
	    "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc", 13, &e), 1);
	assert_string_equal(e.msg, "event ev-9: no asset has arn:aws:ec2:eu-west-1:"
	    "123456789012:instance/i-0abc as key, hostname, short name, IP address "
	    "or instance id, nor its resource id as key or instance id, and no "
	    "asset depends on it");
	store_import_end(imp);
	store_rollback(st);
}

/* The rule of issue 15's events: an event that names its assets blocks
 * those assets alone, not every asset its calendar's scope selects. All
 * three are in one wave over the event: a and c overlap it, b (whose own
 * event is two weeks later) does not. */
static void
test_a_provider_event_with_assets_conflicts_only_with_their_waves(void **state)
{
	struct cal_changes ch;
	struct plan_data d;
	struct pw_error e;
	struct conflict_list cl = { 0 };
	struct plan p = { 0 };
	size_t hits = 0;

	(void)state;
	put_cloud_assets();
	save_scoped_cal(&ch);
	cal_changes_free(&ch);
	assert_int_equal(store_plan_data_load(st, utc_iso("2026-11-30T00:00"), 30, 0,
	    &d, NULL, &e), 0);
	assert_int_equal(d.nassets, 3);
	assert_int_equal(d.nsblocks, 0);	/* nothing through the scope */
	assert_int_equal(d.nblocks, 3);		/* a and c, then b */
	struct slot sl = { utc_iso("2026-12-01T01:00"), utc_iso("2026-12-01T05:00"),
	    utc_iso("2026-12-01T04:30"), "tue", 1, 3, NULL, TZ_LOCAL_ONCE, 0 };
	d.in.slots = &sl;
	d.in.nslots = 1;
	struct placement pl[3];
	for (size_t i = 0; i < 3; i++)
		pl[i] = (struct placement){ i, 0, d.policy.nstages, sl.start_utc,
		    sl.start_utc + 1800, 0, 0, 0 };
	p.v = pl;
	p.n = 3;
	assert_int_equal(conflicts_check(&d.in, &p, &cl), 0);
	/* One conflict per asset the event names (a per-asset block each). */
	for (size_t i = 0; i < cl.n; i++) {
		if (cl.v[i].code != C_PROVIDER_OVERLAP)
			continue;
		assert_int_equal(cl.v[i].nassets, 1);
		assert_string_equal(d.assets[cl.v[i].assets[0]].key,
		    hits++ == 0 ? "a" : "c");
		assert_string_equal(cl.v[i].other, "system-reboot");
	}
	assert_int_equal(hits, 2);
	conflict_list_free(&cl);
	plan_data_free(&d);
}

/* Issue 15's dependencies: app depends on an RDS database by its name,
 * api by its ARN. An event naming the ARN is no unknown asset: it is
 * stored as named (no asset), loads back as the ARN, and becomes a
 * dependency block for each of them, which the checker reports as
 * DEPENDENCY_MAINTENANCE naming the dependency and the event. */
static void
test_maintenance_of_a_dependency_blocks_its_dependents(void **state)
{
	static const char arn[] = "arn:aws:rds:eu-west-1:123456789012:db:orders";
	static const char *const keys[] = { "api", "app", "web" };
	const char *deps[] = { arn, "orders", NULL };
	struct pw_error e = { 0 };
	struct store_import *imp;
	struct calendar c, back;
	struct cal_changes ch = { 0 };
	struct plan_data d;
	int found;

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "inventory", "src", "x.csv", &e);
	for (int i = 0; i < 3; i++) {
		struct asset a;
		asset_init(&a);
		a.key = strdup(keys[i]);
		a.depends_on = deps[i] ? strdup(deps[i]) : NULL;
		assert_int_equal(asset_finish(&a, &e), 0);
		assert_int_equal(store_asset_put(imp, &a, &e), 0);
		asset_clear(&a);
	}
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);

	calendar_init(&c);
	c.name = strdup("rds");
	c.kind = CAL_PROVIDER;
	c.float_tz = strdup("UTC");
	struct cal_event *ev = calendar_add_event(&c);
	cal_set(&ev->uid, "u");
	cal_set(&ev->summary, "RDS system-update: x");
	cal_set(&ev->dtstart, "20261201T020000");
	cal_set(&ev->start_tz, "UTC");
	cal_set(&ev->dtend, "20261201T023000");
	cal_set(&ev->end_tz, "UTC");
	cal_set(&ev->assets, arn);
	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "calendar", "rds", "rds.json", &e);
	assert_int_equal(store_event_asset_check(imp, "u", arn, 3, &e), 0);
	assert_int_equal(store_event_asset_check(imp, "u", "arn:aws:rds:eu-west-1:"
	    "123456789012:db:billing", 3, &e), 1);
	assert_int_equal(store_calendar_save(imp, &c, &ch, &e), 0);
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	cal_changes_free(&ch);
	calendar_free(&c);
	assert_int_equal(store_calendar_load(st, "rds", &back, &found, &e), 0);
	assert_string_equal(back.events[0].assets, arn);
	calendar_free(&back);

	assert_int_equal(store_plan_data_load(st, utc_iso("2026-11-30T00:00"), 30, 0,
	    &d, NULL, &e), 0);
	assert_int_equal(d.nblocks, 2);
	for (size_t i = 0; i < d.nblocks; i++) {
		assert_int_equal(d.blocks[i].group, PLAN_BLOCK_DEPENDENCY);
		assert_string_not_equal(d.assets[d.blocks[i].tag].key, "web");
		assert_string_equal(d.block_labels[i], "arn:aws:rds:eu-west-1:"
		    "123456789012:db:orders: RDS system-update: x");
	}
	struct slot sl = { utc_iso("2026-12-01T01:00"), utc_iso("2026-12-01T05:00"),
	    utc_iso("2026-12-01T04:30"), "tue", 1, 3, NULL, TZ_LOCAL_ONCE, 0 };
	d.in.slots = &sl;
	d.in.nslots = 1;
	struct placement pl[3];
	for (size_t i = 0; i < 3; i++)
		pl[i] = (struct placement){ i, 0, d.policy.nstages, sl.start_utc,
		    sl.start_utc + 1800, 0, 0, 0 };
	struct plan p = { .v = pl, .n = 3 };
	struct conflict_list cl = { 0 };
	size_t hits = 0;
	assert_int_equal(conflicts_check(&d.in, &p, &cl), 0);
	for (size_t i = 0; i < cl.n; i++) {
		if (cl.v[i].code != C_DEPENDENCY_MAINTENANCE)
			continue;
		assert_int_equal(cl.v[i].error, 1);
		assert_string_equal(d.assets[cl.v[i].assets[0]].key,
		    hits++ == 0 ? "api" : "app");
	}
	assert_int_equal(hits, 2);
	conflict_list_free(&cl);
	plan_data_free(&d);
}

static void
test_conflict_baseline_is_replaced_whole_and_rolls_back(void **state)
{
	struct pw_error e = { 0 };
	const int64_t one[] = { INT64_MIN, -5, 7, 7, INT64_MAX }, two[] = { 42 };
	int64_t *got;
	size_t n;

	(void)state;
	assert_int_equal(store_baseline_load(st, &got, &n, &e), 0);
	assert_int_equal(n, 0);
	free(got);
	assert_int_equal(store_baseline_save(st, one, 5, &e), 0);
	assert_int_equal(store_baseline_load(st, &got, &n, &e), 0);
	assert_int_equal(n, 4);		/* the repeat once, every bit kept */
	assert_true(got[0] == INT64_MIN && got[1] == -5 && got[2] == 7 &&
	    got[3] == INT64_MAX);
	free(got);
	/* Inside a transaction that rolls back: the old baseline stays. */
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_baseline_save(st, two, 1, &e), 0);
	store_rollback(st);
	assert_int_equal(store_baseline_load(st, &got, &n, &e), 0);
	assert_int_equal(n, 4);
	free(got);
	/* Saved for real: replaced, not added to. */
	assert_int_equal(store_baseline_save(st, two, 1, &e), 0);
	assert_int_equal(store_baseline_load(st, &got, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_true(got[0] == 42);
	free(got);
}

/* The plan's rows as text, read on a connection of our own. */
static char *
plan_rows(void)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	struct buf b = { 0 };
	const char *sql[] = { "SELECT * FROM waves ORDER BY id",
	    "SELECT * FROM wave_assets ORDER BY asset_id" };

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(sqlite3_prepare_v2(db, sql[i], -1, &q, NULL), SQLITE_OK);
		while (sqlite3_step(q) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(q); c++)
				buf_printf(&b, "%s|", (const char *)sqlite3_column_text(q, c));
			buf_addc(&b, '\n');
		}
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	return buf_detach(&b);
}

static int
keep_id(void *arg, struct asset *a, int retired)
{
	long long *ids = arg;

	(void)retired;
	ids[a->key[0] - 'a'] = a->id;
	return 0;
}

/* Each edit changes the rows; undoing it gives back exactly the rows before. */
/* What the plan-row tests start from: n assets a, b, c (, d) imported, and a
 * plan saved of a and b in a first Tuesday window occurrence (two lanes) and
 * c in the next; staged: the policy has one stage, prod. */
struct two_tuesdays {
	long long	 id[4];
	struct asset	 as[4];
	struct plan_data d;
	struct slot	 sl[2];
	struct placement pl[3];
	struct plan	 p;
};

static void
two_tuesdays(struct two_tuesdays *t, int n, int staged)
{
	static const char *const keys[] = { "a", "b", "c", "d" };
	struct pw_error e = { 0 };
	struct store_import *imp = store_import_begin(st, "inventory", "src", "x.csv",
	    &e);

	memset(t, 0, sizeof *t);
	for (int i = 0; i < n; i++)
		put(imp, keys[i], "prod", 0);
	store_import_end(imp);
	assert_int_equal(store_assets_each(st, 0, keep_id, t->id, &e), 0);
	policy_init(&t->d.policy);
	if (staged) {
		t->d.policy.stages = calloc(1, sizeof *t->d.policy.stages);
		t->d.policy.stages[0].name = strdup("prod");
		t->d.policy.nstages = 1;
	}
	for (int i = 0; i < n; i++) {
		asset_init(&t->as[i]);
		t->as[i].key = (char *)keys[i];
		t->as[i].id = t->id[i];
	}
	t->d.assets = t->as;
	t->d.nassets = (size_t)n;
	for (int w = 0; w < 2; w++)
		t->sl[w] = (struct slot){ utc_iso(w ? "2026-12-08T01:00" :
		    "2026-12-01T01:00"), utc_iso(w ? "2026-12-08T05:00" :
		    "2026-12-01T05:00"), utc_iso(w ? "2026-12-08T04:30" :
		    "2026-12-01T04:30"), "tue", 1, 2, NULL, TZ_LOCAL_ONCE, 0 };
	t->d.slots.v = t->sl;
	t->d.slots.n = 2;
	t->pl[0] = (struct placement){ 0, 0, 0, t->sl[0].start_utc,
	    t->sl[0].start_utc + 1800, 0, 0, 0 };
	t->pl[1] = (struct placement){ 1, 0, 0, t->sl[0].start_utc,
	    t->sl[0].start_utc + 3600, 0, 0, 0 };
	t->pl[2] = (struct placement){ 2, 1, 0, t->sl[1].start_utc,
	    t->sl[1].start_utc + 1800, 0, 0, 0 };
	t->p.v = t->pl;
	t->p.n = 3;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_plan_save(st, &t->d, &t->p, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
}

/* Moving an asset into the wave it is in moved nothing, yet said done (and
 * pinned it): refused, saying so; the plan is untouched. */
static void
test_a_move_into_its_own_wave_is_refused(void **state)
{
	struct pw_error e = { 0 };
	struct two_tuesdays t;

	(void)state;
	two_tuesdays(&t, 4, 1);
	char *before = plan_rows();
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_plan_move(st, "a", 1, &e), 1);
	assert_string_equal(e.msg, "a is in wave 1 already (edit pin keeps it there)");
	store_rollback(st);
	char *after = plan_rows();
	assert_string_equal(after, before);
	free(after);
	free(before);
	policy_free(&t.d.policy);
}

static void
test_undo_puts_back_what_an_edit_changed(void **state)
{
	struct pw_error e = { 0 };
	struct two_tuesdays t;
	struct slot *sl = t.sl;

	(void)state;
	two_tuesdays(&t, 4, 1);
	char *before = plan_rows();
	long long w1 = 1, w2 = 2, made;
	const char *split_a[] = { "a" };

	for (int edit = 0; edit < 6; edit++) {
		long long waves[2] = { w1, w2 };
		const char *named[1] = { edit == 2 ? "d" : edit == 5 ? "c" : "b" };
		char *what;
		int rc = -1;
		assert_int_equal(store_begin(st, &e), 0);
		assert_int_equal(store_undo_mark(st, "an edit", "tester", waves,
		    edit == 3 ? 1 : 2, named, 1, edit == 5, &e), 0);
		switch (edit) {
		case 0: rc = store_wave_split(st, w1, split_a, 1, &made, &e); break;
		case 1: rc = store_wave_merge(st, w1, w2, &e); break;
		case 2: rc = store_plan_move(st, "d", w2, &e); break;
		case 3: rc = store_wave_move(st, w1, &sl[1], &e); break;
		case 4: rc = store_plan_remove(st, "b", &e); break;
		case 5: rc = store_plan_pin(st, "c", 1, &e); break;
		}
		assert_int_equal(rc, 0);
		/* Odd edits' steps keep only what the edit changed. */
		if (edit % 2)
			assert_int_equal(store_undo_seal(st, &e), 0);
		assert_int_equal(store_commit(st, &e), 0);
		char *after = plan_rows();
		assert_string_not_equal(after, before);		/* it did something */
		free(after);
		assert_int_equal(store_begin(st, &e), 0);
		assert_int_equal(store_undo_pop(st, &what, &e), 0);
		assert_string_equal(what, "an edit");
		free(what);
		assert_int_equal(store_commit(st, &e), 0);
		after = plan_rows();
		assert_string_equal(after, before);
		free(after);
	}
	/* Steps undo in reverse, and run out. */
	char *what;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_undo_mark(st, "first", "t", &w1, 1, NULL, 0, 0, &e), 0);
	assert_int_equal(store_wave_merge(st, w2, w1, &e), 0);
	assert_int_equal(store_undo_mark(st, "second", "t", &w2, 1, split_a, 1, 0, &e), 0);
	assert_int_equal(store_wave_split(st, w2, split_a, 1, &made, &e), 0);
	assert_int_equal(store_undo_pop(st, &what, &e), 0);
	assert_string_equal(what, "second");
	free(what);
	assert_int_equal(store_undo_pop(st, &what, &e), 0);
	assert_string_equal(what, "first");
	free(what);
	assert_int_equal(store_undo_pop(st, &what, &e), 1);
	assert_null(what);
	assert_int_equal(store_commit(st, &e), 0);
	char *last = plan_rows();
	assert_string_equal(last, before);
	free(last);
	free(before);
	policy_free(&t.d.policy);
}

/* Change 1, in state, names the wave whose id wave (SQL after SELECT 1,)
 * gives. */
static void
change_naming(const char *state, const char *wave)
{
	sqlite3 *h;
	char sql[1024];

	snprintf(sql, sizeof sql, "INSERT INTO changes (id, number, title,"
	    " description, type, risk_suggested, impact_suggested, implementation,"
	    " test_plan, backout_plan, planned_start, planned_end, state, state_reason,"
	    " requested_by, created_at, updated_at, round, version, digest) VALUES"
	    " (1, 'CHG-2026-0001', 't', '', 'normal', 'low', 'low', '', 't', 'b', 0, 0,"
	    " '%s', '', 'alice', '', '', 1, 1, '');"
	    "INSERT INTO change_waves SELECT 1, %s;", state, wave);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

/* Change 1, implemented, carried out that wave. */
static void
carry_out(const char *wave)
{
	change_naming("implemented", wave);
}

/* The wave asset key is in, as stored. */
static int
wave_of_key(const char *key)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT x.wave_id FROM wave_assets x JOIN assets a"
	    " ON a.id = x.asset_id WHERE a.key = '%s'", key);
	return test_db_int(path, sql);
}

/* A new plan gives its waves new ids, but a wave an open change names
 * keeps its id when the new plan has it again (its window occurrence,
 * stage and assets), else the new wave there sharing most of its assets
 * does: a plan made again from the same inputs leaves the change as it
 * was, and a changed one is followed (the change says what changed). */
static void
test_a_wave_a_change_names_keeps_its_id(void **state)
{
	struct pw_error e = { 0 };
	struct two_tuesdays t;

	(void)state;
	two_tuesdays(&t, 4, 1);		/* a and b in wave 1, c in wave 2 */
	assert_int_equal(wave_of_key("a"), 1);
	assert_int_equal(wave_of_key("c"), 2);
	change_naming("approved", "2");
	/* Saved again as it is: wave 2 is c's still; wave 1, named by no
	 * change, is made anew, above every id a change names. */
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_plan_save(st, &t.d, &t.p, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(wave_of_key("c"), 2);
	assert_int_equal(wave_of_key("a"), 3);
	/* b joins c in the next occurrence: that wave is still wave 2, b
	 * having joined it; a's is new. */
	t.pl[1].slot = 1;
	t.pl[1].start_utc = t.sl[1].start_utc;
	t.pl[1].end_utc = t.sl[1].start_utc + 3600;
	struct placement x = t.pl[1];	/* slot order: a, then c and b */
	t.pl[1] = t.pl[2];
	t.pl[2] = x;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_plan_save(st, &t.d, &t.p, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(wave_of_key("c"), 2);
	assert_int_equal(wave_of_key("b"), 2);
	assert_true(wave_of_key("a") > 2);
	/* Only a in a plan: no wave shares an asset with wave 2, which goes. */
	t.p.n = 1;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_plan_save(st, &t.d, &t.p, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_true(wave_of_key("a") > 2);
	assert_int_equal(test_db_int(path, "SELECT count(*) FROM waves WHERE id = 2"), 0);
	policy_free(&t.d.policy);
}

/* A plan just saved is checked from the rows its save wrote (d->saved),
 * not read back: the same placements in the same order and the same wave
 * ids as reading the tables gives, whether the plan's order already was
 * the stored one (members of a wave by start, then asset id) or not. With
 * carried-out waves keeping rows, the tables hold more than the save
 * wrote: nothing is kept, the check reads them. */
static void
test_a_saved_plan_is_checked_as_the_tables_hold_it(void **state)
{
	struct pw_error e = { 0 };
	struct two_tuesdays t;
	struct deadline dl[4];

	(void)state;
	two_tuesdays(&t, 4, 1);
	for (int i = 0; i < 4; i++) {
		deadline_init(&dl[i]);
		dl[i].due_utc = t.sl[0].start_utc + 1800;	/* b and c late */
	}
	t.d.deadlines = dl;
	for (int swapped = 0; swapped < 2; swapped++) {
		struct plan back, kept;
		long long *ids_back, *ids_kept;
		if (swapped) {	/* b before a: both start at the window's start */
			struct placement x = t.pl[0];
			t.pl[0] = t.pl[1];
			t.pl[1] = x;
		}
		assert_int_equal(store_begin(st, &e), 0);
		assert_int_equal(store_plan_save_kept(st, &t.d, &t.p, &e), 0);
		assert_non_null(t.d.saved);
		struct plan_data d = t.d;
		d.saved = NULL;
		assert_int_equal(store_plan_load_placements(st, &d, &back, &ids_back,
		    NULL, &e), 0);
		assert_int_equal(store_plan_load_placements(st, &t.d, &kept, &ids_kept,
		    NULL, &e), 0);
		assert_null(t.d.saved);		/* taken */
		assert_int_equal(back.n, 3);
		assert_int_equal(kept.n, back.n);
		for (size_t i = 0; i < back.n; i++) {
			assert_int_equal(kept.v[i].asset, back.v[i].asset);
			assert_int_equal(kept.v[i].slot, back.v[i].slot);
			assert_int_equal(kept.v[i].stage, back.v[i].stage);
			assert_int_equal(kept.v[i].start_utc, back.v[i].start_utc);
			assert_int_equal(kept.v[i].end_utc, back.v[i].end_utc);
			assert_int_equal(kept.v[i].breach, back.v[i].breach);
			assert_int_equal(kept.v[i].pinned, back.v[i].pinned);
			assert_int_equal(kept.v[i].part, back.v[i].part);
			assert_int_equal(ids_kept[i], ids_back[i]);
		}
		assert_int_equal(back.v[0].asset, 0);	/* a, then b: by id */
		assert_int_equal(back.v[1].asset, 1);
		assert_true(back.v[1].breach && !back.v[0].breach);
		plan_free(&back);
		plan_free(&kept);
		free(ids_back);
		free(ids_kept);
		assert_int_equal(store_commit(st, &e), 0);
	}
	/* Wave 1 carried out by an implemented change: its rows stay. */
	carry_out("min(id) FROM waves");
	struct plan one = { .v = &t.pl[2], .n = 1, .cap = 1 };
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_plan_save_kept(st, &t.d, &one, &e), 0);
	assert_null(t.d.saved);
	assert_int_equal(store_commit(st, &e), 0);
	policy_free(&t.d.policy);
}

/* A wave an implemented change covers was carried out: a new plan keeps it
 * (its rows stay), its assets are marked done (never planned again, never
 * UNPLANNED or PAST_WINDOW) and the stored plan loads without them. */
/* The length of the newest undo step's members blob. */
static int
newest_members_len(void)
{
	sqlite3 *h;
	sqlite3_stmt *q;
	int n;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT length(members) FROM undo_steps"
	    " ORDER BY id DESC LIMIT 1", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(h);
	return n;
}

/* Pinning one asset of a two-asset wave: sealed, the step keeps that one
 * row, not the wave's two, and undo still puts the plan back. A damaged
 * step is refused with a message, nothing changed, and stays. */
static void
test_undo_keeps_only_what_an_edit_changed(void **state)
{
	struct pw_error e = { 0 };
	struct two_tuesdays t;
	const char *a[] = { "a" };
	char *what;
	int whole, sealed;

	(void)state;
	two_tuesdays(&t, 4, 1);
	char *before = plan_rows();
	for (int seal = 0; seal < 2; seal++) {
		assert_int_equal(store_begin(st, &e), 0);
		assert_int_equal(store_undo_mark(st, "pin a", "t", NULL, 0, a, 1, 0, &e), 0);
		assert_int_equal(store_plan_pin(st, "a", 1, &e), 0);
		if (seal)
			assert_int_equal(store_undo_seal(st, &e), 0);
		assert_int_equal(store_commit(st, &e), 0);
		*(seal ? &sealed : &whole) = newest_members_len();
		assert_int_equal(store_begin(st, &e), 0);
		assert_int_equal(store_undo_pop(st, &what, &e), 0);
		free(what);
		assert_int_equal(store_commit(st, &e), 0);
		char *after = plan_rows();
		assert_string_equal(after, before);
		free(after);
	}
	assert_true(sealed < whole);
	/* Damaged: refused (1), the plan and the step as they were. */
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_undo_mark(st, "pin a", "t", NULL, 0, a, 1, 0, &e), 0);
	assert_int_equal(store_plan_pin(st, "a", 1, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	char *pinned = plan_rows();
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE undo_steps SET members = x'0105'",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_undo_pop(st, &what, &e), 1);
	assert_null(what);
	assert_non_null(strstr(e.msg, "malformed undo blob"));
	assert_non_null(strstr(e.msg, "nothing undone"));
	store_rollback(st);
	char *after = plan_rows();
	assert_string_equal(after, pinned);
	free(after);
	free(pinned);
	free(before);
	assert_int_equal(newest_members_len(), 2);
	policy_free(&t.d.policy);
}

static void
test_carried_out_waves_stay_as_history(void **state)
{
	struct pw_error e = { 0 };
	struct two_tuesdays t;
	struct plan_data d;
	struct plan p = { 0 };

	(void)state;
	two_tuesdays(&t, 3, 0);
	d = t.d;
	/* Wave 1 (a and b) implemented. */
	carry_out("1");
	/* A new plan (the planner places c alone, a and b being done). */
	p.v = &t.pl[2];
	p.n = 1;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_plan_save(st, &d, &p, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	/* Wave 1 kept, with a and b; c in a new wave. */
	sqlite3 *h;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT group_concat(w.id || ':' ||"
	    " a.key, ' ') FROM (SELECT * FROM wave_assets ORDER BY asset_id) x JOIN"
	    " waves w ON w.id = x.wave_id JOIN assets a ON a.id = x.asset_id", -1, &q,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	const char *got = (const char *)sqlite3_column_text(q, 0);
	assert_non_null(got);
	assert_non_null(strstr(got, "1:a 1:b "));
	assert_null(strstr(got, "1:c"));
	sqlite3_finalize(q);
	sqlite3_close(h);
	policy_free(&d.policy);

	struct plan back;
	long long *wave_ids;
	int found;
	assert_int_equal(store_plan_load(st, &d, &back, &wave_ids, &found, NULL, &e), 0);
	assert_int_equal(found, 1);
	size_t a = plan_data_asset(&d, "a"), b = plan_data_asset(&d, "b"),
	    c = plan_data_asset(&d, "c");
	assert_true(d.done[a] && d.done[b] && !d.done[c]);
	assert_ptr_equal(d.in.done, d.done);
	assert_int_equal(back.n, 1);			/* c's, not the history */
	assert_int_equal(back.v[0].asset, c);
	assert_int_not_equal(wave_ids[0], 1);
	free(wave_ids);
	plan_free(&back);
	plan_data_free(&d);
}

/* One import at now of asset "r", its reboot pending or not. */
static void
reboot_round(int64_t now, int pending)
{
	struct pw_error e;
	struct store_counts c;
	struct store_import *imp;
	struct asset a;

	store_set_now(st, now);
	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "inventory", "src", "x.csv", &e);
	mkasset(&a, "r", "prod");
	a.reboot_pending = pending;
	assert_int_equal(store_asset_put(imp, &a, &e), 0);
	asset_clear(&a);
	assert_int_equal(store_assets_finish(imp, NULL, NULL, &c, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	store_import_end(imp);
	store_set_now(st, 0);
}

/* The deadline of r's pending reboot in plan data loaded at now. */
static int64_t
reboot_due(int64_t now)
{
	struct plan_data d;
	struct pw_error e;
	int64_t due;

	assert_int_equal(store_plan_data_load(st, now, 7, 0, &d, NULL, &e), 0);
	assert_int_equal(d.nassets, 1);
	assert_true(d.deadlines[0].reboot_pending);
	due = d.deadlines[0].due_utc;
	plan_data_free(&d);
	return due;
}

/* A pending reboot is due from the import that first reported it: a
 * re-import that still reports it keeps the date, so plan data loaded ten
 * days on has it due three days before (not seven after); reported done
 * and then pending again, it is due from the new report. */
static void
test_a_pending_reboot_is_due_from_its_first_report(void **state)
{
	const int64_t t0 = 1795392000;	/* 2026-11-23T00:00:00Z */

	(void)state;
	reboot_round(t0, 1);
	reboot_round(t0 + 3 * 86400, 1);
	assert_true(reboot_due(t0 + 10 * 86400) == t0 + 7 * 86400);
	assert_true(reboot_due(t0 + 1 * 86400) == t0 + 7 * 86400);
	reboot_round(t0 + 4 * 86400, 0);
	reboot_round(t0 + 5 * 86400, 1);
	assert_true(reboot_due(t0 + 10 * 86400) == t0 + 12 * 86400);
}

/* Wave 1's count of assets (store_wave_sums, the terminal UI's). */
static int
wave1_count(void *arg, const struct wave_sum *w)
{
	if (w->id == 1)
		*(long *)arg = w->nassets;
	return 0;
}

/* Waves as "id:host,host;" appended to *(char **)arg. */
static int
wave_text(void *arg, const struct wave_info *w)
{
	char **out = arg;
	struct buf b = { 0 };

	if (*out)
		buf_adds(&b, *out);
	buf_printf(&b, "%lld:", w->id);
	for (size_t i = 0; i < w->nassets; i++)
		buf_printf(&b, "%s%s", i ? "," : "", w->hostnames[i]);
	buf_addc(&b, ';');
	free(*out);
	*out = buf_detach(&b);
	return 0;
}

/* One patches import of source "scan": advisory adv[i] on key[i], released
 * 2026-11-20 (NULL ends). */
static void
patch_round(const char *const *key, const char *const *adv)
{
	struct pw_error e;
	struct store_counts c;
	struct store_import *imp;
	struct patch p;

	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "patches", "scan", "p.csv", &e);
	for (size_t i = 0; key[i]; i++) {
		patch_init(&p);
		p.asset = strdup(key[i]);
		p.advisory = strdup(adv[i]);
		p.severity = SEV_HIGH;
		strcpy(p.released, "2026-11-20");
		p.reboot = 0;
		assert_int_equal(store_patch_put(imp, &p, &e), 0);
		patch_clear(&p);
	}
	assert_int_equal(store_patches_finish(imp, 1, NULL, NULL, NULL, &c, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	store_import_end(imp);
}

/* A carried-out asset is done for the patches its change covered (first
 * seen by its snapshot), even while a scan still lists them, and planned
 * again for one first seen after: its deadline that patch's alone. Saved,
 * its row leaves the history wave for the new one; the history wave stays
 * (a replan, a prune) and lists what the change did. */
static void
test_a_carried_out_asset_is_planned_again_for_a_newer_patch(void **state)
{
	static const char *const k1[] = { "a", "b", NULL }, *const a1[] = { "OLD-A",
	    "OLD-B" };
	static const char *const k2[] = { "a", "a", "b", NULL }, *const a2[] = {
	    "OLD-A", "NEW-A", "OLD-B" };
	struct pw_error e = { 0 };
	struct two_tuesdays t;
	struct plan_data d;
	sqlite3 *h;

	(void)state;
	two_tuesdays(&t, 3, 0);			/* wave 1: a and b; 2: c */
	policy_free(&t.d.policy);
	patch_round(k1, a1);
	/* Wave 1 implemented, snapshotted after that scan. */
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "INSERT INTO changes (id, number, title,"
	    " description, type, risk_suggested, impact_suggested, implementation,"
	    " test_plan, backout_plan, planned_start, planned_end, state, state_reason,"
	    " requested_by, created_at, updated_at, round, version, digest,"
	    " snapshot_import) VALUES (1, 'CHG-2026-0001', 't', '', 'normal', 'low',"
	    " 'low', '', 't', 'b', 0, 0, 'implemented', '', 'alice', '', '', 1, 1, '',"
	    " (SELECT max(id) FROM imports));"
	    "INSERT INTO change_waves VALUES (1, 1);"
	    "INSERT INTO change_assets SELECT 1, a.key, a.key, 'prod', '', '',"
	    " x.wave_id, x.start_utc, x.end_utc, NULL, '', 'high', 7 FROM wave_assets x"
	    " JOIN assets a ON a.id = x.asset_id WHERE x.wave_id = 1;",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	patch_round(k2, a2);			/* a later scan: NEW-A */

	assert_int_equal(store_plan_data_load(st, utc_iso("2026-12-02"), 28, 0, &d,
	    NULL, &e), 0);
	size_t a = plan_data_asset(&d, "a"), b = plan_data_asset(&d, "b"),
	    c = plan_data_asset(&d, "c");
	assert_false(d.done[a]);
	assert_int_equal(d.deadlines[a].patches, 1);
	assert_string_equal(d.deadlines[a].advisory, "NEW-A");
	assert_true(d.done[b]);
	assert_int_equal(d.deadlines[b].patches, 0);
	assert_false(d.done[c]);
	/* The stored plan: wave 1 is history, not loaded; a is in no wave. */
	struct plan back;
	long long *wave_ids;
	int found;
	plan_data_free(&d);
	assert_int_equal(store_plan_load(st, &d, &back, &wave_ids, &found, NULL, &e), 0);
	for (size_t i = 0; i < back.n; i++)
		assert_int_not_equal(wave_ids[i], 1);
	free(wave_ids);
	plan_free(&back);

	/* Planned again: a into the second Tuesday, with c. */
	struct placement pl[2] = {
		{ a, 1, 0, t.sl[1].start_utc, t.sl[1].start_utc + 1800, 0, 0, 0 },
		{ c, 1, 0, t.sl[1].start_utc + 1800, t.sl[1].start_utc + 3600, 0, 0, 0 } };
	struct plan p = { .v = pl, .n = 2, .cap = 2 };
	t.d.policy = d.policy;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_plan_save(st, &t.d, &p, &e), 0);
	assert_int_equal(store_plan_drop_retired(st, -1, &e), 0);	/* prunes */
	assert_int_equal(store_commit(st, &e), 0);
	plan_data_free(&d);
	char *rows = NULL;
	assert_int_equal(store_waves_each(st, wave_text, &rows, &e), 0);
	assert_non_null(rows);
	/* Wave 1 as the change did it (a from the change's record, b still
	 * there); a new wave with a and c. */
	assert_non_null(strstr(rows, "1:a,b;"));
	assert_non_null(strstr(rows, ":a,c;"));
	free(rows);
	long n1 = 0;
	assert_int_equal(store_wave_sums(st, wave1_count, &n1, &e), 0);
	assert_int_equal(n1, 2);
}

static void
put_released(struct store_import *imp, const char *key, const char *adv,
    enum severity sev, const char *released)
{
	struct patch p;
	struct pw_error e;

	patch_init(&p);
	p.asset = strdup(key);
	p.advisory = strdup(adv);
	p.severity = sev;
	strcpy(p.released, released);
	p.reboot = 0;
	assert_int_equal(store_patch_put(imp, &p, &e), 0);
	patch_clear(&p);
}

/* The planner's loading reads assets and patches in the tables' order, not
 * by key: assets imported out of key order still come out in key order
 * (plan_data_asset's binary search needs it), each with the deadline of its
 * own patches (the earliest, whatever the order), and a retired asset's
 * pending patches count for nobody. */
static void
test_plan_data_is_in_key_order_whatever_the_import_order(void **state)
{
	static const char *const keys[] = { "m", "c", "x", "a", "q", "b" };
	struct store_import *imp;
	struct store_counts c;
	struct pw_error e;
	struct plan_data d;

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	imp = store_import_begin(st, "inventory", "src", "x.csv", &e);
	for (size_t i = 0; i < 6; i++)
		put(imp, keys[i], NULL, 0);
	assert_int_equal(store_assets_finish(imp, NULL, NULL, &c, &e), 0);
	store_import_end(imp);
	imp = store_import_begin(st, "inventory", "other", "y.csv", &e);
	put(imp, "gone", NULL, 0);
	assert_int_equal(store_assets_finish(imp, NULL, NULL, &c, &e), 0);
	store_import_end(imp);
	imp = store_import_begin(st, "patches", "scan", "p.csv", &e);
	put_released(imp, "x", "CVE-LOW", SEV_LOW, "2026-11-01");
	put_released(imp, "gone", "CVE-GONE", SEV_CRITICAL, "2026-11-01");
	put_released(imp, "c", "CVE-C", SEV_MEDIUM, "2026-11-02");
	put_released(imp, "x", "CVE-CRIT", SEV_CRITICAL, "2026-11-03");
	put_released(imp, "a", "CVE-A", SEV_HIGH, "2026-11-04");
	assert_int_equal(store_patches_finish(imp, 1, NULL, NULL, NULL, &c, &e), 0);
	store_import_end(imp);
	/* "gone" retired: its source lists nothing now. */
	imp = store_import_begin(st, "inventory", "other", "y.csv", &e);
	assert_int_equal(store_assets_finish(imp, NULL, NULL, &c, &e), 0);
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);

	assert_int_equal(store_plan_data_load(st, utc_iso("2026-11-30T00:00"), 30, 0,
	    &d, NULL, &e), 0);
	assert_int_equal(d.nassets, 6);
	for (size_t i = 1; i < d.nassets; i++)
		assert_true(strcmp(d.assets[i - 1].key, d.assets[i].key) < 0);
	assert_int_equal(plan_data_asset(&d, "gone"), (size_t)-1);
	size_t x = plan_data_asset(&d, "x"), a = plan_data_asset(&d, "a"),
	    cc = plan_data_asset(&d, "c"), m = plan_data_asset(&d, "m");
	assert_string_equal(d.assets[x].key, "x");
	assert_int_equal(d.deadlines[x].patches, 2);
	assert_string_equal(d.deadlines[x].advisory, "CVE-CRIT");
	assert_int_equal(d.deadlines[a].patches, 1);
	assert_string_equal(d.deadlines[a].advisory, "CVE-A");
	assert_string_equal(d.deadlines[cc].advisory, "CVE-C");
	assert_int_equal(d.deadlines[m].patches, 0);
	/* Each asset's strings stay its own (in the loader's arena). */
	assert_string_equal(d.assets[a].key, "a");
	assert_true(d.assets[a].ngroups == 1 &&
	    strcmp(d.assets[a].groups[0], "web") == 0);
	plan_data_free(&d);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_database_is_private_and_versioned),
		T(test_reopening_keeps_the_schema),
		T(test_a_failed_open_names_the_callers_path),
		T(test_a_schema_7_database_opens_and_is_stamped),
		T(test_a_new_database_is_what_the_migrations_make),
		T(test_old_databases_migrate_and_a_newer_one_is_refused),
		T(test_foreign_and_missing_files_are_left_alone),
		T(test_a_database_others_can_write_is_flagged),
		T(test_inventory_import_writes_with_a_small_cache),
		T(test_a_plans_load_reads_through_a_small_cache_unmapped),
		T(test_reimport_updates_by_key_and_retires_what_is_gone),
		T(test_a_key_twice_in_one_import_is_refused),
		T(test_plan_data_is_in_key_order_whatever_the_import_order),
		T(test_rollback_leaves_nothing),
		T(test_patches_need_a_known_asset_and_resolve_when_dropped),
		T(test_patches_resolve_only_the_named_asset),
		T(test_patches_scan_of_some_hosts),
		T(test_stats_count_what_is_pending_on_active_assets),
		T(test_policy_round_trips),
		T(test_stale_edit_says_when_in_the_policys_zone),
		T(test_calendar_reimport_reports_added_changed_removed),
	T(test_event_assets_are_stored_as_matched_and_load_as_keys),
	T(test_an_event_naming_no_known_asset_is_a_problem),
	T(test_maintenance_of_a_dependency_blocks_its_dependents),
	T(test_a_provider_event_with_assets_conflicts_only_with_their_waves),
		T(test_conflict_baseline_is_replaced_whole_and_rolls_back),
		T(test_undo_puts_back_what_an_edit_changed),
		T(test_a_move_into_its_own_wave_is_refused),
		T(test_undo_keeps_only_what_an_edit_changed),
		T(test_carried_out_waves_stay_as_history),
		T(test_a_saved_plan_is_checked_as_the_tables_hold_it),
		T(test_a_wave_a_change_names_keeps_its_id),
		T(test_a_pending_reboot_is_due_from_its_first_report),
		T(test_a_carried_out_asset_is_planned_again_for_a_newer_patch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
