/* The actions the CLI and the terminal UI share: each operation a user can
 * take on the plan and the change records is one function here, and both
 * call it, so the transaction, the check, the version, undo and the audit
 * entry are written once. Actions print nothing: what they did and why they
 * refused come back as values (return codes are enum store_rc). */
#ifndef PW_ACTION_H
#define PW_ACTION_H

#include <stddef.h>
#include <stdint.h>

#include "../export/export.h"
#include "../model/error.h"
#include "../storage/changes.h"
#include "../storage/store.h"

/* Who acts, when, and how long work is told and stopped. */
struct act {
	struct store		*store;
	const char		*who;		/* settled before any action */
	int64_t			 now;		/* UTC seconds: the clock or --now */
	const volatile int	*cancel;	/* non-zero stops the planner (NULL) */
	void			(*progress)(void *, size_t done, size_t total);
	void			*progress_arg;
};

/* plan.c */
/* The automatic plan as of act->now over horizon_days (0: the policy's),
 * with keep_pinned the pinned assets kept in their window, made but not
 * stored: *d and *p (the caller frees them: plan_data_free, plan_free, also
 * after a failure). STORE_REFUSED when cancelled. */
int	act_plan_make(const struct act *, int horizon_days, int keep_pinned,
	    struct plan_data *d, struct plan *p, struct pw_diags *warn,
	    struct pw_error *);
/* Store it in place of the stored plan, undoable as one step ("plan"),
 * refused (STORE_STALE) when the plan is no longer at version expect (-1:
 * any). d and p are consumed: freed (left empty) once saved, so the check of
 * the plan as stored does not hold two plans at once; whatever the caller
 * wants of them it takes first. The plan as stored, checked, in *k (the
 * caller frees it); *redrafted: what it did to change records (the caller
 * frees it; may be NULL). A plan that would send a submitted or approved
 * change back to draft is STORE_REDRAFT (err names them) unless force. */
int	act_plan_store(const struct act *, struct plan_data *d, struct plan *p,
	    long long expect, int force, struct checked *k, struct redraft *redrafted,
	    struct pw_diags *warn, struct pw_error *);

/* edit.c */
enum edit_verb {
	EV_PIN, EV_UNPIN, EV_REMOVE, EV_MOVE, EV_MOVE_WAVE, EV_SPLIT, EV_MERGE,
	EV_UNDO, EV_COUNT
};
/* The edits by name, as `patchwave edit VERB` takes them; NULL when none.
 * Each says what it needs (usage text for the CLI). */
struct edit_verb_info {
	const char	*name;
	enum edit_verb	 verb;
	const char	*args;		/* "ASSET", "ID --at TIME [--window NAME]" ... */
	const char	*help;
};
const struct edit_verb_info *edit_verb_lookup(const char *name);
const struct edit_verb_info *edit_verbs(size_t *n);

/* One edit of the stored plan. */
struct edit_req {
	enum edit_verb		 verb;
	const char *const	*assets;	/* pin, unpin, remove, move: each of
						   them; split: these (keys or
						   hostnames) */
	size_t			 nassets;
	long long		 wave;		/* move: into it; move-wave, split,
						   merge: this wave (move-wave with
						   assets: those of it, not all,
						   split off and moved) */
	long long		 into;		/* merge: into this wave */
	const struct slot	*slot;		/* move-wave: to this occurrence */
	long long		 expect;	/* the version seen; -1: any */
	const char		*what;		/* for the version and undo */
	int			 force;		/* send submitted or approved
						   changes back to draft */
	/* out */
	long long		 made;		/* split: the new wave */
	char			*undone;	/* undo: what it undid (caller frees) */
	struct redraft		 redrafted;	/* what it did to change records
						   (caller frees: redraft_free) */
	struct buf		 drafts;	/* undo: changes a plan change sent
						   back to draft, drafts still
						   (caller frees) */
};
/* One transaction (store_plan_change): what undo needs kept, the edit, the
 * plan checked into *k (the caller frees it). STORE_REFUSED (err says why:
 * an unknown asset or wave, nothing to undo), STORE_STALE, STORE_REDRAFT
 * (it would send a submitted or approved change back to draft, and not
 * force: r->redrafted names them), STORE_FAILED. */
int	act_edit(const struct act *, struct edit_req *, struct checked *k,
	    struct pw_diags *warn, struct pw_error *);

/* change.c */
/* A draft change record from these waves of the stored plan (*number: its
 * CHG-YYYY-NNNN, the caller frees it). */
int	act_change_create(const struct act *, const long long *waves, size_t nwaves,
	    const struct change_fields *, char **number, struct pw_error *);
/* Edit its fields and (waves non-NULL) its waves: back to draft. */
int	act_change_edit(const struct act *, const char *number,
	    const struct change_fields *, const long long *waves, size_t nwaves,
	    struct pw_error *);
/* A workflow step (submit, implement, fail, rollback, cancel) or a CAB
 * decision (approve, reject: a comment is required; the policy's CAB
 * decides who may and the quorum); *state: where the change is after it. */
int	act_change_step(const struct act *, const char *number, enum change_action,
	    const char *comment, enum change_state *state, struct pw_error *);
/* Where a change stands with the CAB: this round's approvals and the
 * quorum the policy asks for. 0, or -1 with err. */
int	act_change_tally(const struct act *, const char *number, size_t *approvals,
	    int *quorum, struct pw_error *);
/* Whether a submitted or approved change's waves in the stored plan are
 * still the ones submitted (*held 1; 0 when the plan moved under it
 * without patchwave sending it back to draft: approve and implement are
 * refused). Any other change, or no plan, is held. Loads the stored plan. */
/* Has the change's window started (it could never be submitted)? 1 with
 * why, for a warning beside a draft just made; 0 not; -1. */
int	act_change_late(const struct act *, const char *number, char *why,
	    size_t whysz, struct pw_error *);
int	act_change_plan_held(const struct act *, const char *number, int *held,
	    struct pw_error *);
/* Acknowledge the warning of the stored plan with this fingerprint (the
 * conflict's id): the reason, trimmed, must say something; errors are not
 * acknowledged. *code: the conflict's code. */
int	act_ack(const struct act *, int64_t fingerprint, const char *reason,
	    enum conflict_code *code, struct pw_error *);

/* verify.c */
/* Changes verified after their windows as of act->now (docs/formats.md,
 * "verify"): those named (any state; an unknown number is refused), else
 * every approved change whose windows have all ended. *v: one a change
 * (the caller frees each with change_verified_free, and the array). */
int	act_verify(const struct act *, const char *const *numbers, size_t n,
	    struct change_verified **v, size_t *nv, struct pw_error *);
/* Apply an approved, ended change's verdict, verified again (*v, the
 * caller frees it whatever is returned) in one transaction: patched ->
 * implemented, failed -> failed, through the change workflow (the audit
 * entry's comment is the evidence); not rescanned: it stays (*moved 0).
 * *state: where it is after. Refused for a change not approved or whose
 * windows have not ended. */
int	act_verify_apply(const struct act *, const char *number,
	    struct change_verified *v, int *moved, enum change_state *state,
	    struct pw_error *);

/* exception.c */
/* Accept a risk: an exception for the asset with that key, the advisory, or
 * that advisory on that asset (NULL: not given), holding to the end of until
 * (YYYY-MM-DD) in the policy's zone, with a reason (trimmed; blank is
 * refused); *id its number. Only a CAB approver or a risk owner of the
 * policy may (storage/exceptions.h says what else is refused). */
int	act_exception_add(const struct act *, const char *asset, const char *advisory,
	    const char *until, const char *reason, long long *id, struct pw_error *);
/* Revoke exception id (the same people may). */
int	act_exception_revoke(const struct act *, long long id, struct pw_error *);

/* why.c */
struct _icaltimezone;
/* Why asset a of d (store_plan_load's, as of its now) is planned where it
 * is: its hostname, deadline, stage, the exceptions covering it, every
 * window before it the planner passed it by and why, and where it lands:
 * lines (each ending in a newline, imported text escaped for the terminal,
 * times in zone) appended to out. The planner runs again as of d's now
 * (d->in.now_utc): over d when that is the stored plan's now, else over the
 * windows from that now, read again (its explain hooks set, then cleared).
 * stored (NULL: none) is the stored plan over d
 * with its wave ids: where it differs from the plan made again (an edit,
 * a pin, an older plan), a last line says where the stored plan has the
 * asset. -1 (e says why) when the exceptions could not be read. */
int	act_why(struct store *, struct plan_data *d, size_t a,
	    struct _icaltimezone *zone, const struct plan *stored,
	    const long long *wave_ids, struct buf *out, struct pw_error *);

/* moves.c */
/* The provider events of k's plan that collide with a wave and that their
 * provider lets move into one of our windows before its deadline: rows
 * borrowing k's strings, and per row the conflict (k->cl) it answers
 * (caller frees both arrays). Returns how many. */
size_t	act_provider_moves(const struct checked *k, struct provider_move_row **rows,
	    size_t **conflict);

/* Where a conflict's assets could go instead (what conflicts --new proposes):
 * of up to six windows that take them without an error (conflicts_proposals,
 * nearest first, ACT_PROPOSAL_TRIES trial plans at most), the nearest, the
 * next one after their window and the previous one before it, each once.
 * A wave of their stage there takes them with edit move (.wave); else
 * (0) edit move-wave takes their wave there when they are the whole of it.
 * None for a conflict in no wave. Returns how many (3 at most). */
#define ACT_PROPOSAL_TRIES	12
struct proposal {
	size_t		 slot;		/* k->d.in.slots */
	const char	*why;		/* "nearest", "next", "previous" */
	long long	 wave;		/* a wave of their stage there; 0: none */
};
size_t	act_proposals(const struct checked *k, const struct conflict *x,
	    struct proposal out[3]);
/* The edit that carries proposal pr of conflict x out, as the CLI (and the
 * terminal UI's `:` prompt) takes it, appended to out with keys and window
 * names shell-quoted (esc_sh): "edit move KEY... --wave ID" into the wave
 * of their stage there, else "edit move-wave ID --at START --window NAME"
 * with the keys when they are not the whole of their wave (START in UTC,
 * ...Z): the edit the terminal UI's Conflicts view applies for it. */
void	act_proposal_command(const struct checked *k, const struct conflict *x,
	    const struct proposal *pr, struct buf *out);

#endif
