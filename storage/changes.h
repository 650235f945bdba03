/* Change records, CAB decisions and the audit log in the store. Every
 * function runs inside the caller's transaction (store_begin): a change and
 * its audit entry land together or not at all. */
#ifndef PW_STORE_CHANGES_H
#define PW_STORE_CHANGES_H

#include <stddef.h>
#include <stdint.h>

#include "../model/change.h"
#include "../model/verify.h"
#include "store.h"

/* The fields a person writes; NULL leaves a field as it is (on create:
 * empty, type normal, risk and impact as suggested). */
struct change_fields {
	const char	*title, *description, *implementation, *test_plan,
			*backout_plan;
	int		 type;			/* enum change_type, or -1 */
	int		 risk, impact;		/* enum change_level, -1 */
};

struct change_window {
	long long	 wave;
	char		*stage, *window;
	int64_t		 start_utc, end_utc;
	int		 cutoff_minutes;	/* the plan's wave's (end less its
						   last start) while it is where
						   the change recorded it; else 0 */
};

struct change_asset {
	char		*key, *hostname, *environment, *tier, *cluster;
	long long	 wave;
	int64_t		 start_utc, end_utc;
	int		 has_deadline;
	int64_t		 deadline_utc;	/* released + sla_days: the SLA evidence */
	char		*advisory, *severity;
	int		 sla_days;
	char		 released[11];	/* the release day, from deadline_utc and
					   sla_days in the policy's zone
					   (deadline_release_day); "" without */
	int64_t		 released_utc;	/* 00:00 of that day there */
};

struct change_conflict {
	char		*code, *severity, *assets, *other, *message;
	int64_t		 fingerprint;
	char		*ack_who, *ack_at, *ack_reason;	/* NULL: none */
};

/* Provider maintenance or a freeze near the change, for its timeline. */
struct change_block {
	char		*kind;		/* "provider" or "freeze" */
	char		*label;
	int64_t		 start_utc, end_utc;
};

struct change_decision {
	int		 round;
	char		*who, *decision, *at, *comment;
};

/* An exception (model/exception.h) holding when the pack is made and
 * covering a pending patch of one of the change's assets: a risk accepted. */
struct change_risk {
	long long	 id;
	char		*asset, *advisory;	/* "" when not given */
	char		*until, *reason, *added_by;
};

/* A change verified after its window (verify.c): per asset of its
 * snapshot, in key order, the outcome and the scan it rests on. */
struct change_verified_asset {
	char			*key, *hostname;
	int64_t			 end_utc;	/* its window's end */
	struct verify_asset_out	 o;		/* o.evidence: NULL, see ev_* */
	char			*missing;	/* advisories still pending, ", " */
	char			*new_findings;	/* first seen after, ", " */
	long long		 ev_import;	/* the evidence; 0: none */
	char			*ev_source, *ev_at, *ev_digest;
	int64_t			 ev_scanned;	/* when its scan of the asset was
						   taken (UTC s; 0: unsaid) */
	/* Not rescanned as the newest scan of a source was taken by its
	 * window's end though imported after: that import (0: none), its
	 * file and when its scan was taken (UTC s). */
	long long		 stale_import;
	char			*stale_path;
	int64_t			 stale_scanned;
};
struct change_verified {
	char				*number;
	enum change_state		 state;
	int64_t				 end_utc;	/* its windows' last end */
	int64_t				 now;		/* as of */
	int				 ended;		/* end_utc <= now */
	size_t				 counts[VO_COUNT];
	size_t				 new_findings;
	enum verify_verdict		 verdict;
	struct change_verified_asset	*assets;
	size_t				 nassets;
	/* The sources of the covered patches not rescanned, each once, ", ":
	 * what a scan after the window must be imported as (--source). */
	char				*unrescanned_sources;
};

/* A change record with what it touches (as last snapshotted). */
struct change_rec {
	long long		 id;
	char			*number, *title, *description, *implementation,
				*test_plan, *backout_plan, *state_reason,
				*requested_by, *created_at, *updated_at;
	enum change_type	 type;
	enum change_level	 risk, impact;		/* in effect */
	enum change_level	 risk_suggested, impact_suggested;
	int			 risk_chosen, impact_chosen;
	enum change_state	 state;
	int64_t			 planned_start, planned_end;	/* 0 when none */
	int			 round;
	long			 version;
	long long		*waves;			/* linked wave ids */
	size_t			 nwaves;
	struct change_window	*windows;
	size_t			 nwindows;
	struct change_asset	*assets;
	size_t			 nassets;
	struct change_conflict	*conflicts;
	size_t			 nconflicts;
	struct change_block	*blocks;
	size_t			 nblocks;
	struct change_decision	*decisions;
	size_t			 ndecisions;
	/* Its outcome as the audit log has it (implement, fail, rollback,
	 * cancel: the newest such entry): who, when (UTC ISO 8601) and the
	 * entry's detail (the state change, verify --apply's evidence, the
	 * comment); NULL when it has none. */
	char			*outcome_who, *outcome_at, *outcome_detail;
	struct change_risk	*risks;		/* store_change_risks' (the
						   pack's); none until then */
	size_t			 nrisks;
	struct change_verified	*review;	/* the pack's post-implementation
						   review (store_change_verify)
						   of an implemented or failed
						   change; NULL: none */
	int			 record_unlogged;	/* the pack's: submitted
						   before submissions logged
						   their record (an older
						   patchwave), so its digest
						   is held to nothing */
};
/* changes.c */
void	change_rec_free(struct change_rec *);
/* SHA-256 of what a change asks for: its texts, risk and impact, waves and
 * their snapshot (windows, assets, conflicts with their acknowledgements,
 * blocks); not its state, decisions or times kept. A submission's audit
 * entry carries it ("record sha256 HEX"). */
void	change_record_digest(const struct change_rec *, char out[65]);
/* Has change number's window started by now (as change control dates it)?
 * 1 with why ("its window started at ..., before now (...): too late to
 * submit; ..."), what submit would refuse it for; 0 not; -1 error. */
int	store_change_late(struct store *, const char *number, int64_t now,
	    char *why, size_t whysz, struct pw_error *);
/* Do change number's waves in the checked plan k still hash to the digest
 * its submission took? 0 yes; 1 (err: it cannot be doing, "approved" or
 * "implemented") when the stored plan moved under it; -1. */
int	store_change_plan_holds(struct store *, const struct checked *k,
	    const char *number, const char *doing, struct pw_error *);

/* Create a draft from these waves of the checked plan k, requested by who
 * at now (UTC seconds; the number's year); *number (caller frees) is its id,
 * CHG-YYYY-NNNN. 1 when refused (err says why: an unknown wave, no title). */
int	store_change_create(struct store *, const struct checked *k,
	    const long long *waves, size_t nwaves, const struct change_fields *,
	    const char *who, int64_t now, char **number, struct pw_error *);
/* One change by number, whole: 1 found, 0 not. */
int	store_change_get(struct store *, const char *number, struct change_rec *,
	    struct pw_error *);
/* Every change (without its lists), in number order; state -1: any. */
int	store_changes_each(struct store *, int state,
	    int (*each)(void *, const struct change_rec *), void *arg,
	    struct pw_error *);
/* Numbers of the changes in a state (caller frees each and the array). */
int	store_change_numbers(struct store *, int state, char ***numbers, size_t *n,
	    struct pw_error *);

/* Edit fields and (waves non-NULL) its waves. A change past draft goes back
 * to draft (a submitted or approved one says why; closed ones refuse: 1). */
int	store_change_edit(struct store *, const struct checked *k, const char *number,
	    const struct change_fields *, const long long *waves, size_t nwaves,
	    const char *who, int64_t now, struct pw_error *);
/* Take a workflow action (not approve or reject: store_change_decide):
 * checked against the legal moves and, for submit, the submission gate on
 * a fresh snapshot from k. comment goes to the audit log. 1 when refused. */
int	store_change_act(struct store *, const struct checked *k, const char *number,
	    enum change_action, const char *who, const char *comment, int64_t now,
	    enum change_state *state, struct pw_error *);
/* A CAB member's decision (CA_APPROVE or CA_REJECT) with a comment; the
 * policy's CAB decides who may and how many make the quorum. *state is
 * where the change is after it. 1 when refused. */
int	store_change_decide(struct store *, const char *number, enum change_action,
	    const char *who, const char *comment, const struct cab *, int64_t now,
	    enum change_state *state, struct pw_error *);
/* The approvals and rejections of a change's current round: 1, 0 when
 * there is no such change, -1 on error. */
int	store_change_tally(struct store *, const char *number, size_t *approvals,
	    size_t *rejections, struct pw_error *);
/* How many changes are open (draft, submitted or approved): those that
 * follow the plan. */
int	store_changes_open(struct store *, size_t *n, struct pw_error *);
/* The drafts a change to the plan sent back there, still drafts (undo
 * restores the plan, not their approvals): their numbers, ", " apart. */
int	store_changes_redrafted(struct store *, struct buf *names, struct pw_error *);
/* After the plan changed (plan_txn.c, inside the change's transaction), with
 * the plan as stored checked into k: drafts take a fresh snapshot; a
 * submitted or approved change whose waves changed goes back to draft,
 * saying which and how, in its record and the audit log. *redrafted (may
 * be NULL) names them, and the open ones left with no asset. */
int	store_changes_follow(struct store *, const struct checked *k, const char *who,
	    int64_t now, struct redraft *redrafted, struct pw_error *);

/* After a new policy is saved (inside the import's transaction), with the
 * stored plan checked under it in k: every submitted or approved change the
 * plan now places outside its windows (a window gone, moved, narrowed, no
 * longer taking reboots or as many at once) goes back to draft, saying why
 * in its record and the audit log (action "policy"). *numbers (caller frees
 * each and the array) names them. */
int	store_changes_policy_changed(struct store *, const struct checked *k,
	    const char *who, int64_t now, char ***numbers, size_t *n,
	    struct pw_error *);

/* verify.c */
struct buf;
/* Change number verified as of now (docs/formats.md, "verify"): 1 found
 * (*v filled; change_verified_free), 0 no such change. Reads only. */
int	store_change_verify(struct store *, const char *number, int64_t now,
	    struct change_verified *v, struct pw_error *);
void	change_verified_free(struct change_verified *);
/* The evidence as one line for the audit log: the counts and, per outcome,
 * the assets and the scans (import id, source, time, SHA-256 of the file). */
void	change_verified_evidence(const struct change_verified *, struct buf *);

/* audit.c */
/* The audit log. Appending chains the entry to the one before: its hash is
 * SHA-256 over the previous hash and the entry's fields (docs/formats.md). */
struct audit_entry {
	long long	 seq;
	const char	*at, *who, *change, *action, *detail, *prev, *hash;
};
int	store_audit_append(struct store *, const char *who, const char *change,
	    const char *action, const char *detail, int64_t now, struct pw_error *);
/* Every entry in order; change NULL: all. */
int	store_audit_each(struct store *, const char *change,
	    int (*each)(void *, const struct audit_entry *), void *arg,
	    struct pw_error *);
/* Walk the chain, then replay it: 0 when every entry's hash and link hold
 * (*entries counted), every entry is a move the rules allow from where the
 * entries before it left its change, and every change's state and round
 * and every CAB decision in the database are what the replayed log says, and
 * every submitted change's record (audit_held.c) the one its submission
 * logged; 1 when not (err names the entry or the change; *bad_seq the entry,
 * or 0). */
int	store_audit_verify(struct store *, long long *entries, long long *bad_seq,
	    struct pw_error *);
/* Is the stored policy's CAB (approvers, quorum, allow_as, risk owners)
 * the one its last import's audit entry hashed? 0 yes (or none logged); 1
 * (err says so) when it was changed outside patchwave; -1. */
int	store_policy_cab_held(struct store *, struct pw_error *);
/* Sets r->record_unlogged: r was submitted (round > 0) and its submission's
 * entry logged no record digest (an older patchwave's). 0, or -1 with err. */
int	store_change_record_logged(struct store *, struct change_rec *r,
	    struct pw_error *);
/* Has any policy this database was under let anyone act as anyone: the
 * one in force, or one the log's imports turned allow_as on with (a demo
 * database's first policy, allow_as turned off after the decisions were
 * typed)? *ever 1 or 0; 0, or -1 with err. */
int	store_policy_allow_as_ever(struct store *, int *ever, struct pw_error *);
/* Is there a CAB the log does not hold (*unlogged 1): its last policy
 * import from before imports logged "cab sha256" (a database made by an
 * older patchwave), so store_policy_cab_held has nothing to hold it to
 * until the policy is imported again? 0, or -1 with err. */
int	store_policy_cab_unlogged(struct store *, int *unlogged, struct pw_error *);
/* The same without the records (audit.c's part of it). */
int	store_audit_verify_log(struct store *, long long *entries,
	    long long *bad_seq, struct pw_error *);
/* The newest entry (seq 0 and the genesis hash when the log is empty): the
 * anchor a CAB pack carries and `audit verify --anchor` checks. */
int	store_audit_head(struct store *, long long *seq, char hash[65],
	    struct pw_error *);
/* Does the log hold entry seq with this hash? 0 yes, 1 no (err says how). */
int	store_audit_anchor(struct store *, long long seq, const char *hash,
	    struct pw_error *);
/* One change's history replayed from its entries (model/change.c): who
 * wrote each round, the decisions; -1 when an entry could not have been
 * written by the rules (err names it). The caller frees *r with
 * change_replay_free() whatever is returned. */
int	store_audit_replay(struct store *, const char *number, struct change_replay *r,
	    struct pw_error *);

#endif
