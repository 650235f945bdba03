/* Storage-internal: the store struct and statement helpers. */
#ifndef PW_STORE_INTERNAL_H
#define PW_STORE_INTERNAL_H

#include <sqlite3.h>

#include "../model/change_touch.h"
#include "../model/error.h"
#include "../model/tz.h"
#include "store.h"

enum stmt_id {
	ST_ASSET_PUT, ST_ASSET_LINE, ST_PATCH_PUT, ST_PATCH_LINE, ST_PATCH_CLEAN,
	ST_PATCH_SCANNED, ST_COUNT
};

struct store {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*st[ST_COUNT];	/* prepared once, reset after use */
	char		*actor;		/* store_actor */
	int64_t		 now;		/* store_now; 0: the clock */
	long long	 undo_unsealed;	/* the undo step store_undo_seal
					   shrinks; 0: none (undo.c) */
};

struct asset_names;

/* One import, from store_import_begin() to store_import_end() (imports.c):
 * what its puts share lives here, never in the store, so nothing of one
 * import is left for the next. */
struct store_import {
	struct store	*store;
	long		 id;		/* its imports row */
	char		*source;
	long		 added;		/* rows store_asset_put inserted,
					   store_patch_put wrote */
	long long	 first_added;	/* the id of the first asset inserted */
	long		 conflicts;	/* rows that met an existing key */
	struct asset_names *names;	/* asset ids for patches, at the first */
	int		 unresolved;	/* before its first patch: had the source
					   unresolved ones? -1 not asked yet */
	long long	 cache_before;	/* cache_size to restore; 0: unchanged */
	int64_t		 now;		/* its time (store_now), its imports row's */
	int		 first;		/* an inventory import into no assets */
	long		 owned;		/* assets it inserted that are iaas or
					   onprem (counted when first) */
	int		 clean_made;	/* temp.import_clean made (patches.c) */
};

/* The waves implemented changes cover (carried out: history). */
#define CARRIED_OUT	"SELECT cw.wave_id FROM change_waves cw JOIN changes c" \
	" ON c.id = cw.change_id WHERE c.state = 'implemented'"

/* SQL for a new wave's id: above every wave's and every id a change record
 * names, so a change never finds another wave under its old wave's id (a
 * plan keeps a named wave's own id for that wave: plans.c). */
#define NEW_WAVE_ID "max((SELECT coalesce(max(id), 0) FROM waves)," \
	" (SELECT coalesce(max(wave_id), 0) FROM change_waves)) + 1"

/* The id of the active asset a user names (key, then a unique hostname):
 * 0 when none (err says so), -1 on error (plan_edits.c). */
long long asset_named(struct store *, const char *name, struct pw_error *);
/* Drop the waves left with no asset (plans.c). */
int	prune_waves(struct store *, struct pw_error *);
/* The id of the active asset a record names (key, else a unique hostname),
 * from every asset's key and hostname loaded once per import: 0 found, 1 not
 * (err says why, at line), -1 on error (imports.c). */
int	store_import_asset(struct store_import *, const char *name, long line,
	    sqlite3_int64 *id, struct pw_error *);
/* The same for a name provider event `event` gives (calendars.c), with
 * sentences naming the event (store_event_asset_check); a name no asset has
 * but some active asset's depends_on lists (whole, or an ARN by its resource
 * id) is found too, with *id 0. */
int	store_import_event_asset(struct store_import *, const char *event,
	    const char *name, long line, sqlite3_int64 *id, struct pw_error *);

/* An asset's store id and its index among plan_data's assets. */
struct id_index {
	long long	id;
	size_t		i;
};
/* The assets a[0..n) by id, for a merge with rows in id order or a bsearch
 * (plan_data.c; the caller frees it). */
struct id_index *id_index_make(const struct asset *a, size_t n);
/* The index in v[0..n) of the element whose id is id, or (size_t)-1: each
 * element size bytes and starting with its long long id (struct id_index,
 * a stored wave), sorted by it. */
size_t	id_find(const void *v, size_t n, size_t size, long long id);

/* db.c: store_open_flags (open.c) with step, a schema version's work
 * that is not SQL, run after the version's SQL in its transaction. */
typedef int (*db_migration_step)(struct store *, int version, struct pw_error *);
int	db_open(const char *path, int flags, db_migration_step step,
	    struct store **, struct pw_error *);
/* acks.c: the detail of an acknowledgement made before they were logged,
 * as store_acks_adopt logged it and audit verify reads it back. */
struct buf;
void	ack_adopted(struct buf *, int64_t fp, const char *at, const char *reason);
/* snapshot.c: a checked plan as model/change_touch.c reads it; a change's
 * snapshot replaced by what these waves of k touch (*t filled, the caller
 * frees it with change_touch_free; on failure it is freed). */
struct touch_plan checked_touch_plan(const struct checked *);
int	store_change_snapshot(struct store *, long long id, const struct checked *k,
	    const long long *waves, size_t nwaves, struct change_touch *t,
	    struct pw_error *);

/* From now on read through a 16 MiB page cache alone, not the file mapping
 * and 64 MiB the store opens with: what reads every asset and pending patch
 * once and then saves a plan (whose foreign keys look the assets up). A
 * mapped page once read stays in the process's memory until the mapping
 * goes: 258 MiB of a million-asset file after the load, 400 MiB after the
 * save, where the page cache holds at most its size. */
int	db_read_lean(struct store *);
/* store_plan_data_load, lean (db_read_lean) or not: loading a stored plan
 * to check it (no plan saved next) keeps the mapping, which spares the
 * page copies (7% of a check at 100k). */
int	plan_data_read(struct store *, int64_t now, int horizon_days, int keep_pinned,
	    int lean, struct plan_data *, struct pw_diags *warn, struct pw_error *);

/* The stored plan's rows as plans.c reads them back (and as
 * store_plan_save_kept keeps what it wrote: plan_data.saved). */
struct stored_wave {
	long long	 id;		/* first: id_find */
	char		*stage, *window;
	int64_t		 start_utc, end_utc, last_start_utc;
	int		 reboot, concurrency;
	size_t		 slot;		/* (size_t)-1: not looked for yet */
	size_t		 stage_i;
};

/* A stored placement, before it is one of the plan's. */
struct stored_member {
	long long	 asset_id;
	size_t		 wave;		/* index into the waves, sorted by id */
	size_t		 a;		/* the asset's index, or (size_t)-1 */
	int64_t		 start_utc, end_utc;
	int		 pinned;
};

/* What store_plan_save wrote, as load_waves and load_members read it back:
 * the waves by id, the members (in the plan's order). */
struct plan_saved {
	struct stored_wave	*wv;
	size_t			 nw;
	struct stored_member	*mv;
	size_t			 nm;
};

/* Free waves' strings and the array. */
void	stored_waves_free(struct stored_wave *, size_t);

/* The search index's place (asset_order, schema 21) of the asset nearest key
 * whose key is op ("<", "<=", ">", ">=") key: 1 found (*ord), 0 none, -1
 * error. */
int	store_asset_place(struct store *, const char *key, const char *op,
	    long long *ord, struct pw_error *);
/* changes.c: the zone times a person reads are given in (a refusal's, a
 * stale edit's): the policy's, NULL (UTC) without one. A built-in zone,
 * never freed. */
icaltimezone *store_policy_zone(struct store *);
/* Fill err from the connection's last error, prefixed with what was being done. */
int	db_fail(struct store *, struct pw_error *, const char *doing);
/* The cached statement id, prepared from sql on first use; NULL on error. */
sqlite3_stmt *db_stmt(struct store *, enum stmt_id, const char *sql,
	    struct pw_error *);
/* Prepare, bind, run and finalize a statement that returns no rows. fmt has
 * a letter per parameter: i (a long long), t (text, NULL for null) or n
 * (null). */
int	db_run(struct store *, struct pw_error *, const char *doing, const char *sql,
	    const char *fmt, ...);
/* Prepare a one-off statement. */
sqlite3_stmt *db_prepare(struct store *, const char *sql, struct pw_error *);
/* Bind text, or NULL when s is NULL. */
int	db_bind_text(sqlite3_stmt *, int idx, const char *s);
/* Run a statement that returns no rows; resets it. */
int	db_step_done(struct store *, sqlite3_stmt *, struct pw_error *, const char *doing);
/* Column text, "" for NULL. */
const char *db_col(sqlite3_stmt *, int col);

#endif
