/* The SQLite store: the only module that writes SQL. One file per database,
 * WAL, foreign keys, a busy timeout, forward migrations by PRAGMA user_version.
 * Every multi-statement write runs between store_begin() and store_commit();
 * on any error the caller calls store_rollback() and nothing has changed. */
#ifndef PW_STORE_H
#define PW_STORE_H

#include <stddef.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "../model/asset.h"
#include "../model/calendar.h"
#include "../model/conflicts.h"
#include "../model/error.h"
#include "../model/exception.h"
#include "../model/patch.h"
#include "../model/planner.h"
#include "../model/policy.h"
#include "../model/sla_report.h"

struct store;

/* What the store's write paths return: done; refused (err says why: an
 * unknown asset, nothing to undo ...); the plan is no longer at the version
 * the caller saw (someone else changed it meanwhile); failed (rolled back). */
enum store_rc { STORE_OK = 0, STORE_REFUSED = 1, STORE_STALE = 2, STORE_REDRAFT = 3,
	STORE_FAILED = -1 };

/* open.c */
/* Open or create (mode 0600) and migrate to the latest schema: store_open_flags
 * with STORE_CREATE. Errors name path, which must outlive err. */
int	store_open(const char *path, struct store **, struct pw_error *);
/* Without STORE_CREATE a missing file is "no such database" (for commands
 * that only read). Either way an SQLite file that is neither empty nor
 * patchwave's (its application_id, or its tables before schema 8) is
 * refused unchanged. */
#define STORE_CREATE	0x1
int	store_open_flags(const char *path, int flags, struct store **,
	    struct pw_error *);

/* db.c */
/* $PATCHWAVE_DB, else $XDG_DATA_HOME/patchwave/patchwave.db, else
 * ~/.local/share/patchwave/patchwave.db; creates the folder (0700). */
int	store_default_path(char *out, size_t outsz, struct pw_error *);
/* 1, and warn set, when others can change the database file behind our
 * back: writable by its group or by others, or another user's. */
int	store_exposed(const struct store *, struct pw_error *warn);
/* While *flag is non-zero (a Ctrl-C, say), statements stop with an error
 * ("interrupted") and the caller rolls back. NULL: never. */
void	store_cancel_on(struct store *, const volatile int *flag);
void	store_close(struct store *);		/* NULL is a no-op */
int	store_schema_version(struct store *);

/* Who is working: the audit log names them for what follows from their
 * plan edits (a change sent back to draft). */
void	store_actor(struct store *, const char *who);
const char *store_actor_name(const struct store *);	/* "unknown" when unset */
/* The one "now" the stored plan is checked at (check, conflicts, why, edits,
 * the terminal UI): the clock (pw_clock) unless set (--now); 0 unsets. */
void	store_set_now(struct store *, int64_t now);
int64_t	store_now(const struct store *);
/* The time change control records at (audit entries, CAB decisions, state
 * changes, acknowledgements): the clock itself (pw_clock_real), never now
 * as SOURCE_DATE_EPOCH or --now set it, which anyone can use to date an
 * approval before a window started or the day before an audit; now as
 * given only under a policy with cab: allow_as as its last import logged
 * it (demo and test databases, whose log proves nothing about who, so
 * nothing about when either). policy_held.c. */
int64_t	store_record_time(struct store *, int64_t now);

int	store_begin(struct store *, struct pw_error *);	/* BEGIN IMMEDIATE */
int	store_commit(struct store *, struct pw_error *);
void	store_rollback(struct store *);
/* Reads between these see one snapshot of the database (BEGIN DEFERRED and a
 * read); writes by others meanwhile are not seen, nor blocked. */
int	store_read_begin(struct store *, struct pw_error *);
void	store_read_end(struct store *);
/* The overview's counts, kept by every import (schema 5): recount them
 * (inside the import's transaction), or read one by name (assets_active,
 * assets_owned, pending_critical ...; 0 when never counted). */
int	store_stats_refresh(struct store *, struct pw_error *);
int	store_stat(struct store *, const char *name, long *value, struct pw_error *);
int	store_stat_put(struct store *, const char *name, long value, struct pw_error *);

/* imports.c */
/* One import of kind ("inventory", "patches", "calendar", "policy") from
 * source, read from path: inside the caller's transaction, its imports row
 * recorded and a handle returned that the import's puts and finish take. The
 * handle holds what they share (the import's id and source, its counts, the
 * asset names records are looked up by) and nothing outlives it: the caller
 * frees it with store_import_end() (NULL is a no-op) after its commit or
 * rollback. NULL on error. */
struct store_import;
struct store_import *store_import_begin(struct store *, const char *kind,
	    const char *source, const char *path, struct pw_error *);
long	store_import_id(const struct store_import *);	/* its imports row */
/* The SHA-256 (hex) of what it read, kept with its imports row. */
int	store_import_digest(struct store_import *, const char *hex,
	    struct pw_error *);
/* When the scan it read was taken (UTC s), kept with its imports row
 * (scanned_utc; not called: NULL, the file does not say). */
int	store_import_scanned(struct store_import *, int64_t t, struct pw_error *);
void	store_import_end(struct store_import *);

/* assets.c */
/* What an import changed. */
struct store_counts {
	long	added, updated, unchanged, retired;
};

/* Insert or update the asset with a->key, seen by this import. Returns 1 (err
 * says why) when the record is refused: the key was already seen by this import,
 * or a value is longer than SQLite stores; -1 on a database error. */
int	store_asset_put(struct store_import *, const struct asset *,
	    struct pw_error *);
/* How many of the import's source's active assets it has not seen, inside
 * its transaction: before its first put, all of them (the source's size);
 * after its last, what store_assets_finish would retire. */
int	store_assets_unseen(struct store_import *, long *n, struct pw_error *);
/* Mark retired every active asset of the import's source it did not see,
 * calling each(arg, key) for each; fills counts for the import. */
int	store_assets_finish(struct store_import *,
	    void (*each)(void *, const char *key), void *arg,
	    struct store_counts *, struct pw_error *);
/* Call each(arg, asset, retired) for every asset in key order; a non-zero return
 * stops. The asset is only valid during the call, unless each moves its
 * contents out (and re-initialises it), which saves a copy. */
int	store_assets_each(struct store *, int include_retired,
	    int (*each)(void *, struct asset *, int retired), void *arg,
	    struct pw_error *);
/* store_assets_each over the active assets in no particular order, their
 * strings in arena (which the caller frees, after asset_clear of each asset
 * it kept). */
int	store_assets_active_in(struct store *, struct arena *,
	    int (*each)(void *, struct asset *, int retired), void *arg,
	    struct pw_error *);
/* One active asset by key, whole (groups and vars as stored JSON): 1 found,
 * 0 not, -1 error. Caller clears *a with asset_clear(). */
int	store_asset_get(struct store *, const char *key, struct asset *a,
	    struct pw_error *);

/* patches.c */
/* Insert or update a pending patch; its asset is named by key or hostname.
 * Returns 1 when the record is refused (unknown, ambiguous or retired asset,
 * a duplicate, a value longer than SQLite stores), -1 on a database error. */
int	store_patch_put(struct store_import *, const struct patch *,
	    struct pw_error *);
/* Insert or update an advisory (a patch record with no asset): its id,
 * title, severity (SEV_COUNT: unknown), release date ("": unknown), CVEs
 * and reboot (-1: unknown); what it leaves unknown an earlier import may
 * have said. */
int	store_advisory_put(struct store_import *, const struct patch *,
	    struct pw_error *);
/* Resolve the import's source's patches it did not see (they were
 * installed): RESOLVE_SOURCE every host's, RESOLVE_LISTED only those of the
 * hosts it listed a patch of (a scan of some hosts), RESOLVE_NONE none (the
 * file was one page of several); only (NULL: every asset) limits that to one
 * asset, by key or hostname: a file that speaks for one host (--asset). */
enum { RESOLVE_NONE, RESOLVE_SOURCE, RESOLVE_LISTED };
int	store_patches_finish(struct store_import *, int resolve, const char *only,
	    void (*each)(void *, const char *asset, const char *advisory), void *arg,
	    struct store_counts *, struct pw_error *);
/* A host the import scanned and found nothing pending on (name as a
 * patch's host, alt another name of it or NULL, as for store_patch_scanned):
 * one of the hosts it listed, for RESOLVE_LISTED and store_patches_unlisted.
 * 0 (*used, when not NULL, the name that matched); 1 (err says why) when it
 * names no asset, several or a retired one; -1 on a database error. */
int	store_patch_clean(struct store_import *, const char *name, const char *alt,
	    long line, const char **used, struct pw_error *);
/* When the import's scan of a host ended (t, UTC s; the earliest if
 * said twice), name as a patch's host, alt another name of it or NULL: verify
 * judges the host by it rather than the file's latest (imports.scanned_utc).
 * 0; 1 when neither names an asset (passed over); -1 on a database error. */
int	store_patch_scanned(struct store_import *, const char *name,
	    const char *alt, long line, int64_t t, struct pw_error *);
/* Before store_patches_finish: of the hosts with pending patches of the
 * import's source (those it listed included), how many, and how many it
 * listed none of (whose patches a whole-source resolve marks installed). */
int	store_patches_unlisted(struct store_import *, long *hosts, long *unlisted,
	    struct pw_error *);
/* A pending patch of an active asset, as store_pending_each() hands it out;
 * every pointer is valid only during the call. */
struct pending {
	const char		*key;
	const char		*hostname;
	enum service_model	 service_model;
	struct patch		 patch;		/* asset and advisory borrowed */
	long long		 first_import;	/* the import that first saw it */
};
/* Call each(arg, pending) for every pending patch of every active asset, in
 * asset key then advisory order; a non-zero return stops. */
int	store_pending_each(struct store *, int (*each)(void *, const struct pending *),
	    void *arg, struct pw_error *);
/* Call each(arg, asset_id, first_import, patch) for every pending patch,
 * retired assets' too (the caller knows its active assets), in no particular
 * order; patch.asset is NULL. A non-zero return stops. */
int	store_pending_ids(struct store *, int (*each)(void *, long long asset_id,
	    long long first_import, const struct patch *), void *arg,
	    struct pw_error *);
/* One asset's pending patches, worst first. */
int	store_asset_patches(struct store *, const char *key,
	    int (*each)(void *, const struct pending *), void *arg, struct pw_error *);
/* A stored patch or finding as `patchwave patches` lists it; every pointer
 * is valid only during the call. */
struct patch_row {
	const char	*key, *hostname, *advisory, *title, *cves, *source,
			*source_severity, *kind, *first_seen, *resolved_at;
	struct patch	 p;		/* severity, released, the assumed flags,
					   reboot (after advisories filled in) */
};
/* Each stored patch (pending ones, or with all resolved ones too), in asset
 * key then advisory order, optionally of one asset (key) and one source;
 * findings with kind "finding", patches "patch", NULL both. */
int	store_patches_each(struct store *, const char *key, const char *source,
	    const char *kind, int all, int (*each)(void *, const struct patch_row *),
	    void *arg, struct pw_error *);
/* Pending patches per severity (out[SEV_COUNT]), from the stats. */
int	store_patch_counts(struct store *, long out[SEV_COUNT], struct pw_error *);
/* Every finding ever imported (resolved ones and those of retired assets
 * too) for the SLA report, in one scan and no order: its first-seen,
 * resolved and retired times are those of the imports (UTC s), severity
 * and release date as pending patches have them (an advisory fills in
 * what its source assumed). group is the asset's by column: "owner",
 * "environment" or "patch_group" ("" when it has none), or "" for every
 * one when by is NULL. Anything else for by is refused (1). */
int	store_sla_each(struct store *, const char *by,
	    void (*each)(void *, const struct sla_finding *), void *arg,
	    struct pw_error *);

/* policy.c */
/* Replace the policy. */
int	store_policy_save(struct store *, long import_id, const struct policy *,
	    struct pw_error *);
/* Load the policy; *found 0 (and defaults) when none was imported. */
int	store_policy_load(struct store *, struct policy *, int *found,
	    struct pw_error *);
/* Each of the policy's windows' lanes (lanes[p->nwindows]): its concurrency,
 * or for a share (concurrency: 10%) that share of the active customer-owned
 * assets it admits today, as a plan made now resolves it
 * (slots_share_lanes). */
int	store_window_lanes(struct store *, const struct policy *, int *lanes,
	    struct pw_error *);

/* calendars.c */
/* An event identity and what a calendar re-import did to it. */
struct cal_change {
	char	 what;		/* '+' added, '~' changed, '-' removed */
	char	*uid;
	char	*recurrence_id;
};

struct cal_changes {
	struct cal_change *v;
	size_t	 n, cap;
};

void	cal_changes_free(struct cal_changes *);
/* Is name, which provider event `event` (its id, for messages) says it
 * touches, one active asset? Matched as a patch's host is (key, hostname,
 * short name, IP address, instance id; an ARN also by its resource id as a
 * key or an instance id), or something an active asset depends on (listed
 * in its depends_on whole, or an ARN by its resource id). 0 yes; 1 no: err
 * says why, at line; -1 error. */
int	store_event_asset_check(struct store_import *, const char *event,
	    const char *name, long line, struct pw_error *);
/* Create or replace calendar cal->name and its events, by this import;
 * reports the changes. Every name of an event's assets must match (checked
 * first with store_event_asset_check): one that does not fails it. */
int	store_calendar_save(struct store_import *, const struct calendar *,
	    struct cal_changes *, struct pw_error *);
/* Load one calendar with its events and zones; *found 0 when there is none.
 * An event's assets come back as the keys of the assets they matched, and
 * a dependency (no asset) as the name the source gave. */
int	store_calendar_load(struct store *, const char *name, struct calendar *,
	    int *found, struct pw_error *);
/* Names of every calendar, in name order; caller frees each and the array. */
int	store_calendar_names(struct store *, char ***names, size_t *n,
	    struct pw_error *);
/* Each provider's event id held by a calendar other than name: each(arg,
 * id, that calendar's name) in calendar then event order, until it returns
 * non-zero. */
int	store_calendar_provider_ids(struct store *, const char *name,
	    int (*each)(void *, const char *id, const char *calendar), void *arg,
	    struct pw_error *);

/* A calendar's summary for listings. */
struct cal_info {
	const char	*name;
	const char	*kind;
	const char	*scope_json;
	const char	*path;
	const char	*float_tz;
	long		 events;
	const char	*imported_at;
	int		 cutoff_min, cutoff_max;	/* over its events (minutes;
						   0 with none) */
};
int	store_calendars_each(struct store *, int (*each)(void *, const struct cal_info *),
	    void *arg, struct pw_error *);

/* plan_data.c */
/* Everything the planner reads, loaded from the store and owned here:
 * plan_data_free() releases it. in points into the rest. */
struct plan_saved;

struct plan_data {
	struct policy		 policy;
	struct asset		*assets;	/* active assets, in key order */
	struct deadline		*deadlines;	/* per asset */
	struct arena		 text;		/* their advisories, dependency
						   blocks' labels */
	struct arena		*asset_text;	/* the assets' strings */
	size_t			 nassets, capassets;
	struct calendar		*cals;
	size_t			 ncals;
	struct slot_list	 slots;
	struct interval		*blocks;
	const char		**block_labels;	/* per block: its event's summary
						   ("DEPENDENCY: SUMMARY" for a
						   dependency's) */
	const struct cal_event	**block_events;	/* per block: its event */
	int64_t			*block_latest;	/* per block: plan_input's */
	size_t			 nblocks, capblocks;
	struct interval		*sblocks;	/* calendar-wide, through a scope */
	const char		**sblock_labels;
	size_t			 nsblocks, capsblocks;
	struct selector		*scope_sel;	/* one per scoped calendar */
	const struct selector	**scopes;
	size_t			 nscopes;
	long			*pinned;	/* per asset: a slot or -1 */
	unsigned char		*done;		/* per asset: plan_input's */
	int64_t			 plan_now;	/* store_plan_load: the stored
						   plan's --now (0: no plan) */
	struct selector		 nothing;	/* admits no asset (gone windows) */
	char			**gone_names;
	size_t			 ngone;
	int			 horizon_days;
	int			 policy_found;	/* one was imported (else the
						   defaults) */
	struct exception_list	 exceptions;	/* those that hold at now */
	struct plan_saved	*saved;		/* store_plan_save's rows, as
						   stored, for the check after
						   it (plans.c); NULL: none */
	struct plan_input	 in;
};

/* Load the policy, active assets and their deadlines, window slots over
 * [now, now + horizon days), provider maintenance and freezes as blocks
 * (through each calendar's scope; provider maintenance of what assets
 * depend on as their PLAN_BLOCK_DEPENDENCY blocks), and with keep_pinned the pinned assets'
 * slots. horizon_days 0: the policy's. Problems that cost nothing go to warn.
 * What a new plan is made from: read, and the connection left for its save,
 * through a small page cache without the file mapping (storage/internal.h,
 * db_read_lean). */
int	store_plan_data_load(struct store *, int64_t now_utc, int horizon_days,
	    int keep_pinned, struct plan_data *, struct pw_diags *warn,
	    struct pw_error *);
/* The same, to read only (why: a plan made again, none saved): the
 * connection keeps its file mapping. */
int	store_plan_data_read(struct store *, int64_t now_utc, int horizon_days,
	    struct plan_data *, struct pw_diags *warn, struct pw_error *);
void	plan_data_free(struct plan_data *);
/* The index of the active asset with this key, or (size_t)-1: the assets
 * are in key order, so a binary search. */
size_t	plan_data_asset(const struct plan_data *, const char *key);

/* plans.c */
/* Replace the stored plan with this one: one wave per (slot, stage). */
int	store_plan_save(struct store *, const struct plan_data *, const struct plan *,
	    struct pw_error *);
/* store_plan_save, and with no carried-out wave keeping rows the rows
 * written kept in d->saved too: the check of the plan as stored that
 * follows in the same transaction (store_plan_check_from) reads them there
 * instead of from the tables. */
int	store_plan_save_kept(struct store *, struct plan_data *, const struct plan *,
	    struct pw_error *);
void	plan_saved_free(struct plan_saved *);

/* The stored plan, with the data it was made from reloaded at its --now and
 * horizon (d->plan_now), to be checked at store_now (d->in.now_utc):
 * placements in wave order, and each placement's stored wave id in
 * *wave_ids (caller frees). A wave whose window no longer exists keeps its
 * times in a slot that admits no asset (so the checker says OUTSIDE_WINDOW).
 * Waves an implemented change covers are history, left out (d->done).
 * *found is 0 when no plan was ever made. */
/* The stored plan's --now (UTC seconds): 1 and *now, or 0 when no plan was
 * ever made; -1 on failure. */
int	store_plan_now(struct store *, int64_t *now, struct pw_error *);
int	store_plan_load(struct store *, struct plan_data *, struct plan *,
	    long long **wave_ids, int *found, struct pw_diags *warn, struct pw_error *);
/* Its second half: the stored placements over data d already loaded (at
 * the stored plan's now and horizon). */
int	store_plan_load_placements(struct store *, struct plan_data *d, struct plan *,
	    long long **wave_ids, struct pw_diags *warn, struct pw_error *);
/* Take the assets import_id retired out of the plan (waves they empty go). */
int	store_plan_drop_retired(struct store *, long import_id, struct pw_error *);
/* Replace the conflict baseline with these fingerprints (inside the caller's
 * transaction, or its own when there is none); ascending order saves fastest. */
int	store_baseline_save(struct store *, const int64_t *fingerprints, size_t n,
	    struct pw_error *);
/* The baseline, ascending (caller frees *fingerprints). */
int	store_baseline_load(struct store *, int64_t **fingerprints, size_t *n,
	    struct pw_error *);
/* A stored wave and its assets, for listings. */
struct wave_info {
	long long	 id;
	const char	*stage;
	const char	*window;
	int64_t		 start_utc, end_utc;
	int64_t		 last_start_utc;	/* end less its window's cutoff */
	const char	*const *hostnames;
	size_t		 nassets;
};
/* Call each(arg, wave) for every stored wave in start, then id, order. */
int	store_waves_each(struct store *, int (*each)(void *, const struct wave_info *),
	    void *arg, struct pw_error *);
/* The stored planned end of an asset (by key): 1 and *end when planned. */
int	store_planned_end(struct store *, const char *key, int64_t *end,
	    struct pw_error *);

/* checked.c */
/* The stored plan loaded (store_plan_load) and checked: its waves and its
 * conflicts. checked_free() frees it all (also after a failed load). */
struct checked {
	struct plan_data	 d;
	struct plan		 p;
	long long		*wave_ids;	/* per placement */
	size_t			*wave_of, *first, nwaves;	/* plan_waves() */
	struct conflict_list	 cl;
	int			 found;		/* 0: no plan was ever made */
};
int	store_plan_check(struct store *, struct checked *, struct pw_diags *warn,
	    struct pw_error *);
/* The same over inputs already loaded at the stored plan's now and horizon
 * (a plan just saved from them): moved into k (inputs left empty), only
 * the placements read back. */
int	store_plan_check_from(struct store *, struct plan_data *inputs,
	    struct checked *, struct pw_diags *warn, struct pw_error *);
/* The checking half, on a plan already loaded into k->d and k->p. */
void	checked_run(struct checked *);
void	checked_free(struct checked *);
/* Save the conflicts a plan has as the baseline (inside the caller's
 * transaction): what "conflicts --new" compares with. */
int	store_baseline_save_plan(struct store *, const struct plan_input *,
	    const struct plan *, const struct conflict_list *, struct pw_error *);
/* The conflict counts (by code; [0] errors, [1] warnings) the last baseline
 * saved, and when (UTC seconds; 0: never). */
int	store_conflict_counts(struct store *, size_t n[C_COUNT][2], long *at,
	    struct pw_error *);
/* The plan's version: 0 before any plan, +1 with every change to it (a
 * plan, an edit, an undo, an import taking retired assets out), and the
 * last change: when (UTC), who and what. */
struct plan_version {
	long long	n;
	char		at[32], who[72], what[200];
};
int	store_plan_version(struct store *, struct plan_version *, struct pw_error *);
/* Inside the transaction that changed the plan: the version goes up by one,
 * recording the store's actor and what. */
int	store_plan_bump(struct store *, const char *what, struct pw_error *);

/* plan_txn.c: every change to the stored plan, one path */
/* What a change to the plan did to the open change records: those it sent
 * back to draft ("CHG-2026-0001 (approved), ..."), and those it left with
 * no asset to patch. */
struct redraft {
	size_t		 n;
	struct buf	 names;
	size_t		 nempty;
	struct buf	 emptied;
};
void	redraft_free(struct redraft *);

/* One change: what (the version and undo say it), the version the caller
 * saw (-1: any), and apply(arg, store, err), which keeps what undo needs
 * (store_undo_mark) and changes the stored plan: 0, 1 refused, -1 failed. */
struct plan_change {
	const char	*what;
	long long	 expect;
	int		(*apply)(void *arg, struct store *, struct pw_error *);
	void		*arg;
	/* What the plan after apply is made from, when apply had it loaded
	 * (a new plan saved from it); NULL: loaded again. Consumed. */
	struct plan_data *inputs;
	/* 0: refuse (STORE_REDRAFT, err naming them) a change that would send
	 * a submitted or approved change back to draft; 1: do it. */
	int		 force;
	struct redraft	 redrafted;	/* out (the caller frees it) */
};
/* One transaction: the version test (STORE_STALE), apply, then
 * store_plan_changed(), the force test (STORE_REDRAFT), then commit. STORE_OK with the plan as stored,
 * checked, in *k (the caller frees it with checked_free). */
int	store_plan_change(struct store *, struct plan_change *, struct checked *k,
	    struct pw_diags *warn, struct pw_error *);
/* The steps every change to the plan ends with, inside the caller's
 * transaction: the version up (the store's actor, what), the stored plan
 * checked into *k (over inputs when given: store_plan_check_from), its
 * conflicts the new baseline, the change records following it
 * (*redrafted: what that did to them; may be NULL). */
int	store_plan_changed(struct store *, const char *what, struct plan_data *inputs,
	    struct checked *k, struct redraft *redrafted, struct pw_diags *warn,
	    struct pw_error *);
/* After an import retired assets (import_id), inside its transaction: they
 * leave the plan (waves they empty go), undo steps go (they could put them
 * back), and store_plan_changed(). */
int	store_plan_retire(struct store *, long import_id, struct checked *k,
	    struct redraft *redrafted, struct pw_diags *warn, struct pw_error *);

/* plan_edits.c */
/* Plan edits, inside the caller's transaction, each refused (1, err says
 * why) when the asset (key or hostname) or wave does not exist. Work put in a
 * window occurrence starts when one of its lanes is free (every wave in that
 * occurrence shares them); assets an edit moves are pinned (plan --keep-pinned
 * keeps their window); waves left empty go.
 * pin or unpin an asset where it is; remove an asset from the plan; move an
 * asset into another wave. */
int	store_plan_pin(struct store *, const char *asset, int pinned, struct pw_error *);
int	store_plan_remove(struct store *, const char *asset, struct pw_error *);
int	store_plan_move(struct store *, const char *asset, long long wave,
	    struct pw_error *);
/* Move a whole wave to another window occurrence: its assets keep their order
 * and lengths. */
int	store_wave_move(struct store *, long long wave, const struct slot *to,
	    struct pw_error *);
/* Take these assets (keys or hostnames, all in the wave, not all of it) out
 * of a wave into a new wave in the same window: nobody's times change. */
int	store_wave_split(struct store *, long long wave, const char *const *assets,
	    size_t n, long long *new_wave, struct pw_error *);
/* Put every asset of wave from into wave into (same stage) and drop from. */
int	store_wave_merge(struct store *, long long into, long long from,
	    struct pw_error *);
/* The key of an active asset by id (caller frees); NULL when none. */
char	*store_asset_key(struct store *, long long id, struct pw_error *);

/* undo.c */
/* Undo, kept in the database. Inside an edit's transaction, before it
 * changes anything, store_undo_mark() keeps the rows it may change as the
 * newest undo step: these waves (all of them with all), these assets (keys
 * or hostnames; 1 when one is unknown) wherever they are and the waves they
 * are in. After the edit, store_undo_seal() keeps only the rows it changed
 * (store_plan_change calls it; the next mark or pop does too).
 * store_undo_pop() (inside a transaction) puts the newest step back and
 * drops it, dropping the waves made since; 1 when there is none, it is
 * damaged or it would drop or change a wave an implemented change carried out
 * (err says which; the caller rolls back); *what (caller frees) says what
 * was undone. The last 100 steps are kept; an import that retires assets
 * clears them. */
int	store_undo_mark(struct store *, const char *what, const char *who,
	    const long long *waves, size_t nwaves, const char *const *assets,
	    size_t nassets, int all, struct pw_error *);
int	store_undo_seal(struct store *, struct pw_error *);
int	store_undo_pop(struct store *, char **what, struct pw_error *);
int	store_undo_clear(struct store *, struct pw_error *);

/* acks.c */
/* A warning acknowledged: who, when (UTC), and why. */
struct ack {
	int64_t	 fingerprint;
	char	*who, *at, *reason;
};
/* What is acknowledged: a conflict's fingerprint and code's name, and
 * where it is (its wave's id, 0 none; its first asset's name, NULL none,
 * and how many more assets). */
struct ack_of {
	int64_t		 fingerprint;
	const char	*code;
	long long	 wave;
	const char	*asset;
	size_t		 more;
};
/* Acknowledge (or acknowledge again) a conflict, with its audit entry:
 * action "ack", detail "conflict HEX (CODE on wave N, ASSET and M more):
 * REASON" (where as known; '(' and ')' in ASSET written '[' and ']'). */
int	store_ack_put(struct store *, const struct ack_of *, const char *who,
	    const char *reason, struct pw_error *);
/* The acknowledgements made before they were logged (those without an
 * entry in a database from before schema 22), each an audit entry now: the
 * acknowledger's, detail ack_adopted's (internal.h). Inside the
 * migration's transaction. */
int	store_acks_adopt(struct store *, int64_t now, struct pw_error *);
/* Every acknowledgement, by fingerprint ascending (acks_free frees). */
int	store_acks_load(struct store *, struct ack **, size_t *n, struct pw_error *);
void	acks_free(struct ack *, size_t n);
/* The acknowledgement of fingerprint fp in a loaded list, or NULL. */
const struct ack *acks_find(const struct ack *, size_t n, int64_t fp);

#endif
