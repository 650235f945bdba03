/* Opening, migrating and transactions. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/clock.h"
#include "internal.h"
#include "schema.h"
#include "store.h"

#define BUSY_TIMEOUT_MS	10000
#define LEAN_CACHE_KIB	"16384"		/* db_read_lean's page cache */

int
db_fail(struct store *s, struct pw_error *err, const char *doing)
{
	int sys = errno;	/* the failing write's, when SQLite lost it */
	int code = s && s->db ? sqlite3_extended_errcode(s->db) & 0xff : 0;

	if (s && s->db && sqlite3_system_errno(s->db) != 0)
		sys = sqlite3_system_errno(s->db);
	else if (sys != EFBIG && sys != ENOSPC && sys != EDQUOT && sys != EROFS &&
	    sys != EACCES && sys != EPERM && sys != EIO)
		sys = 0;	/* a benign failure SQLite made on its way */

	/* "disk I/O error" alone does not say the disk is full (ENOSPC) or a
	 * file size limit or quota was hit (EFBIG, EDQUOT): say which. */
	if (sys != 0 && (code == SQLITE_IOERR || code == SQLITE_FULL ||
	    code == SQLITE_CANTOPEN || code == SQLITE_READONLY))
		pw_error_set(err, s->path, 0, "%s: %s (%s); nothing was changed", doing,
		    sqlite3_errmsg(s->db), strerror(sys));
	else
		pw_error_set(err, s ? s->path : NULL, 0, "%s: %s", doing,
		    s && s->db ? sqlite3_errmsg(s->db) : "no database");
	return -1;
}

int
db_run(struct store *s, struct pw_error *err, const char *doing, const char *sql,
    const char *fmt, ...)
{
	sqlite3_stmt *st = db_prepare(s, sql, err);
	va_list ap;

	if (st == NULL)
		return -1;
	va_start(ap, fmt);
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 'i')
			sqlite3_bind_int64(st, i + 1, va_arg(ap, long long));
		else if (fmt[i] == 't')
			db_bind_text(st, i + 1, va_arg(ap, const char *));
		else
			sqlite3_bind_null(st, i + 1);
	}
	va_end(ap);
	int rc = db_step_done(s, st, err, doing);
	sqlite3_finalize(st);
	return rc;
}

sqlite3_stmt *
db_prepare(struct store *s, const char *sql, struct pw_error *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(s, err, "preparing a statement");
		return NULL;
	}
	return st;
}

sqlite3_stmt *
db_stmt(struct store *s, enum stmt_id id, const char *sql, struct pw_error *err)
{
	if (s->st[id] == NULL)
		s->st[id] = db_prepare(s, sql, err);
	return s->st[id];
}

int
db_bind_text(sqlite3_stmt *st, int idx, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
}

int
db_step_done(struct store *s, sqlite3_stmt *st, struct pw_error *err, const char *doing)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(s, err, doing);
	return 0;
}

const char *
db_col(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? (const char *)t : "";
}

static int
mkdir_p(char *path, mode_t mode)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, mode) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, mode) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

int
store_default_path(char *out, size_t outsz, struct pw_error *err)
{
	const char *env = getenv("PATCHWAVE_DB"), *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	struct buf dir = { 0 };

	if (env && *env) {
		snprintf(out, outsz, "%s", env);
		return 0;
	}
	if (xdg && *xdg == '/')
		buf_printf(&dir, "%s/patchwave", xdg);
	else if (home && *home)
		buf_printf(&dir, "%s/.local/share/patchwave", home);
	else {
		pw_error_set(err, NULL, 0, "no database: set --db, PATCHWAVE_DB, "
		    "XDG_DATA_HOME or HOME");
		return -1;
	}
	if (mkdir_p(dir.s, 0700) != 0) {
		pw_error_set(err, NULL, 0, "cannot create %s: %s", dir.s, strerror(errno));
		buf_free(&dir);
		return -1;
	}
	snprintf(out, outsz, "%s/patchwave.db", dir.s);
	buf_free(&dir);
	return 0;
}

static int
exec(struct store *s, const char *sql, struct pw_error *err, const char *doing)
{
	errno = 0;
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s, err, doing);
	return 0;
}

int
db_read_lean(struct store *s)
{
	return sqlite3_exec(s->db, "PRAGMA mmap_size = 0; PRAGMA cache_size = -"
	    LEAN_CACHE_KIB, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
store_schema_version(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Bring the schema forward, each step in its own transaction with the
 * version; step (NULL: none) does a version's work after its SQL, inside
 * it. */
static int
migrate(struct store *s, db_migration_step step, struct pw_error *err)
{
	int have = store_schema_version(s);

	if (have < 0)
		return db_fail(s, err, "reading the schema version");
	if (have > schema_version()) {
		pw_error_set(err, s->path, 0, "database schema %d is newer than this "
		    "patchwave understands (%d): upgrade patchwave", have, schema_version());
		return -1;
	}
	while (have < schema_version()) {
		struct buf sql = { 0 };
		int rc;

		/* Re-read under the write lock: another process may have migrated. */
		if (exec(s, "BEGIN IMMEDIATE", err, "locking for migration") != 0)
			return -1;
		have = store_schema_version(s);
		if (have >= schema_version()) {
			exec(s, "COMMIT", err, "migration");
			break;
		}
		/* A new database (version 0 is one: check_ours) is made at
		 * SCHEMA_FRESH_VERSION in one go, the migrations after it as
		 * any database's. */
		int to = have == 0 ? SCHEMA_FRESH_VERSION : have + 1;
		buf_printf(&sql, "%s; PRAGMA user_version = %d;", have == 0 ?
		    schema_fresh() : schema_migration(to), to);
		rc = exec(s, sql.s, err, "migrating the schema");
		if (rc == 0 && step)
			rc = step(s, to, err);
		buf_free(&sql);
		if (rc != 0 || exec(s, "COMMIT", err, "migrating the schema") != 0) {
			exec(s, "ROLLBACK", NULL, "rollback");
			return -1;
		}
		have = to;
	}
	return 0;
}

/* A failed open: the error names the caller's path, as s->path goes with s
 * (the error is shown after this returns). */
static int
open_fail(struct store *s, const char *path, struct pw_error *err)
{
	if (err)
		err->file = path;
	store_close(s);
	return -1;
}

/* The integer a pragma reads (application_id, user_version) into *v. */
static int
pragma_int(struct store *s, const char *sql, long long *v)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Is the file ours to change? Ours: our application_id; an empty database
 * (no schema at all: a file just created); or one from before schema 8,
 * which migration 8 stamps (a user_version, our imports and assets tables,
 * application_id 0). Anything else belongs to another program and is refused
 * before a pragma writes to it (journal_mode = WAL alone rewrites the
 * header). Reads only. */
static int
check_ours(struct store *s, struct pw_error *err)
{
	sqlite3_stmt *st = NULL;
	long long app, version;
	int objects = 0, tables = 0, imports = 0, assets = 0, rc;
	struct buf names = { 0 };

	errno = 0;
	if (pragma_int(s, "PRAGMA application_id", &app) != 0 ||
	    pragma_int(s, "PRAGMA user_version", &version) != 0 ||
	    sqlite3_prepare_v2(s->db, "SELECT type = 'table', name FROM sqlite_master"
	    " ORDER BY 1 DESC, name", -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, err, "reading the database");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = db_col(st, 1);
		objects++;
		if (!sqlite3_column_int(st, 0))
			continue;
		imports |= strcmp(name, "imports") == 0;
		assets |= strcmp(name, "assets") == 0;
		if (tables++ < 5)
			buf_printf(&names, "%s%.40s", tables > 1 ? ", " : "", name);
		else if (tables == 6)
			buf_adds(&names, ", ...");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		buf_free(&names);
		return db_fail(s, err, "reading the database");
	}
	if ((uint32_t)app == SCHEMA_APPLICATION_ID ||
	    (app == 0 && objects == 0 && version == 0) ||
	    (app == 0 && version >= 1 && imports && assets)) {
		buf_free(&names);
		return 0;
	}
	pw_error_set(err, s->path, 0, "not a patchwave database (application_id "
	    "0x%08x, %s%.300s): refusing to change it", (unsigned)(uint32_t)app,
	    tables ? "tables " : "no tables", buf_str(&names));
	buf_free(&names);
	return -1;
}

int
db_open(const char *path, int flags, db_migration_step step, struct store **out,
    struct pw_error *err)
{
	struct store *s;
	struct stat sb;
	int fd;

	*out = NULL;
	/* Memory statistics cost a mutex and bookkeeping on every allocation;
	 * nothing reads them. Must precede SQLite's initialisation. */
	static int configured;
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}
	if (flags & STORE_CREATE) {
		/* Create the file ourselves so it is private from the first byte. */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST) {
			pw_error_set(err, path, 0, "cannot create the database: %s",
			    strerror(errno));
			return -1;
		}
	} else if (stat(path, &sb) != 0) {
		/* A command that only reads never makes a database of a mistyped
		 * path (and then reports it empty, or its audit log intact). */
		if (errno == ENOENT)
			pw_error_set(err, path, 0, "no such database");
		else
			pw_error_set(err, path, 0, "cannot open the database: %s",
			    strerror(errno));
		return -1;
	}
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		db_fail(s, err, "opening the database");
		return open_fail(s, path, err);
	}
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(s->db, 1);
	if (check_ours(s, err) != 0)
		return open_fail(s, path, err);
	/* 16 KiB pages (a new database only; before WAL writes the header):
	 * a third fewer writes and B-tree steps in bulk imports than 4 KiB.
	 * A 64 MiB page cache keeps a 100k-asset import's indexes in memory. */
	if (exec(s, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
	    "PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 1073741824;", err,
	    "configuring the database") != 0 ||
	    migrate(s, step, err) != 0)
		return open_fail(s, path, err);
	*out = s;
	return 0;
}

int
store_exposed(const struct store *s, struct pw_error *warn)
{
	struct stat sb;

	if (stat(s->path, &sb) != 0)
		return 0;
	if (sb.st_mode & (S_IWGRP | S_IWOTH)) {
		pw_error_set(warn, NULL, 0, "%.200s is writable by others (mode %04o): "
		    "anyone who can write it can change plans and approvals; chmod 600 "
		    "%.200s", s->path, (unsigned)(sb.st_mode & 07777), s->path);
		return 1;
	}
	if (sb.st_uid != geteuid()) {
		pw_error_set(warn, NULL, 0, "%.200s belongs to another user (uid %ld): "
		    "they can change plans and approvals; use a database of your own",
		    s->path, (long)sb.st_uid);
		return 1;
	}
	return 0;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s->actor);
	free(s);
}

void
store_actor(struct store *s, const char *who)
{
	free(s->actor);
	s->actor = who ? xstrdup(who) : NULL;
}

const char *
store_actor_name(const struct store *s)
{
	return s->actor ? s->actor : "unknown";
}

void
store_set_now(struct store *s, int64_t now)
{
	s->now = now;
}

int64_t
store_now(const struct store *s)
{
	return s->now ? s->now : pw_clock();
}

int
store_begin(struct store *s, struct pw_error *err)
{
	s->undo_unsealed = 0;	/* a step of an earlier transaction is done */
	return exec(s, "BEGIN IMMEDIATE", err, "starting a transaction");
}

int
store_commit(struct store *s, struct pw_error *err)
{
	return exec(s, "COMMIT", err, "committing");
}

/* A read transaction: BEGIN alone takes no snapshot in WAL mode, the first
 * read does, so read something at once; every read until store_read_end()
 * then sees the database as it was here. */
int
store_read_begin(struct store *s, struct pw_error *err)
{
	if (exec(s, "BEGIN DEFERRED", err, "starting a read") != 0)
		return -1;
	if (exec(s, "SELECT count(*) FROM sqlite_master", err, "starting a read") != 0) {
		exec(s, "ROLLBACK", NULL, "rollback");
		return -1;
	}
	return 0;
}

void
store_read_end(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		exec(s, "COMMIT", NULL, "ending a read");
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		exec(s, "ROLLBACK", NULL, "rollback");
	s->undo_unsealed = 0;
}

int
store_stats_refresh(struct store *s, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, schema_stats_sql(), err);
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step_done(s, st, err, "counting assets and patches");
	sqlite3_finalize(st);
	return rc;
}

int
store_stat(struct store *s, const char *name, long *value, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT value FROM stats WHERE name = ?1", err);

	*value = 0;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW)
		*value = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int
cancelled(void *arg)
{
	return *(const volatile int *)arg != 0;
}

void
store_cancel_on(struct store *s, const volatile int *flag)
{
	/* Every few thousand VM steps: a millisecond or so. */
	sqlite3_progress_handler(s->db, flag ? 10000 : 0, flag ? cancelled : NULL,
	    (void *)flag);
}

int
store_stat_put(struct store *s, const char *name, long value, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "INSERT OR REPLACE INTO stats VALUES (?1, ?2)",
	    err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, value);
	rc = db_step_done(s, st, err, "saving a count");
	sqlite3_finalize(st);
	return rc;
}
