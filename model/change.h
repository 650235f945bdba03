/* Change-control records: their states and the only moves between them, the
 * CAB's decisions (separation of duties, quorum), what submitting needs, and
 * the risk and impact suggested from what a change touches. */
#ifndef PW_CHANGE_H
#define PW_CHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "tz.h"

enum change_state {
	CS_DRAFT, CS_SUBMITTED, CS_APPROVED, CS_REJECTED, CS_IMPLEMENTED,
	CS_FAILED, CS_ROLLED_BACK, CS_CANCELLED, CS_COUNT
};

enum change_type { CT_STANDARD, CT_NORMAL, CT_EMERGENCY, CT_COUNT };

/* Risk and impact. */
enum change_level { LV_LOW, LV_MEDIUM, LV_HIGH, LV_COUNT };

enum change_action {
	CA_SUBMIT, CA_APPROVE, CA_REJECT, CA_IMPLEMENT, CA_FAIL, CA_ROLLBACK,
	CA_CANCEL, CA_REDRAFT,	/* edited, or its waves changed: back to draft */
	CA_COUNT
};

/* Names as stored and typed ("rolled-back", "normal", "high", "approve");
 * parse returns -1 for an unknown name. */
const char *change_state_name(enum change_state);
int	change_state_parse(const char *);
const char *change_type_name(enum change_type);
int	change_type_parse(const char *);
const char *change_level_name(enum change_level);
int	change_level_parse(const char *);
const char *change_action_name(enum change_action);

/* Where action takes a change in state from: 0 and *next, or -1 with why
 * (one sentence) when the move is not allowed. An approval moves a change
 * only with its quorum: see change_decide(). */
int	change_next(enum change_state from, enum change_action, enum change_state *next,
	    char *why, size_t whysz);

/* The CAB as the policy names it. quorum < 1 counts as 1. */
struct cab {
	const char *const *approvers;
	size_t		   napprovers;
	int		   quorum;
};

/* Who wrote what the CAB decides on in the current round besides its
 * requester: everyone who edited it, changed its waves or submitted it since
 * the previous submission (change_replay collects them). */
struct change_author {
	const char	*who;
	const char	*role;		/* "requested", "edited", "submitted" ... */
};

/* Who may decide on a submitted change: an approver who neither requested it
 * nor wrote this round (separation of duties), once per submission
 * (already: those who decided this round). 0 when allowed, else -1 and why. */
int	change_may_decide(const struct cab *, const char *requester,
	    const struct change_author *authors,
	    size_t nauthors, const char *who, const char *const *already,
	    size_t nalready, char *why, size_t whysz);
/* After a decision is recorded: approvals and rejections this round (the new
 * one counted). Returns the state the change is in: rejected on any
 * rejection, approved once approvals reach the quorum, else submitted. */
enum change_state change_decide(const struct cab *, size_t approvals,
	    size_t rejections);
/* What a step or decision did, in words for the CLI and the TUI alike:
 * "CHG-2026-0001 approval recorded (1 of 2): still submitted". approvals:
 * this round's (after it); quorum as the policy says (< 1 counts as 1). */
void	change_step_words(char *out, size_t n, const char *number,
	    enum change_action, enum change_state, size_t approvals, int quorum);

/* What a change touches, for the suggestion and the submission check. */
struct change_facts {
	size_t	assets;
	size_t	production;	/* assets in a production environment */
	size_t	critical_tier;	/* assets of tier 1 / critical */
	size_t	clusters;	/* clusters with a member in the change */
	size_t	errors;		/* error-level conflicts involving it */
	size_t	warnings;
	size_t	unacknowledged;	/* warnings without an acknowledgement */
};
/* Is this environment name production ("prod", "production", "prd")?
 * Is this tier critical ("1", "tier1", "tier-1", "critical", "gold")? */
int	change_env_production(const char *);
int	change_tier_critical(const char *);
/* Risk and impact suggested from the facts (see docs/formats.md). */
void	change_suggest(const struct change_facts *, enum change_level *risk,
	    enum change_level *impact);
/* Why a change may not be submitted yet: every reason, one sentence each,
 * separated by "; " into why. 0 when it may. */
int	change_submit_check(const struct change_facts *, const char *test_plan,
	    const char *backout_plan, char *why, size_t whysz);
/* Bounds on what a person types, in bytes: a change's title, its other
 * texts (description, implementation, test and backout plans), a comment or
 * a reason (a decision's, an acknowledgement's, an exception's). Far above
 * what is written by hand; below what would bloat every pack and table. */
#define CHANGE_TITLE_MAX	200
#define CHANGE_TEXT_MAX		65536
#define CHANGE_COMMENT_MAX	8192
/* Whether text s (NULL: none) called what is at most max bytes: 0, or -1
 * with why. */
int	change_text_fits(const char *what, const char *s, size_t max, char *why,
	    size_t whysz);
/* A change whose window has started (start, its first wave's, at or before
 * now; 0: none) is too late to submit or approve (doing: "submit",
 * "approve"): -1 with why (its times as people read them in zone z, NULL
 * UTC), else 0. */
int	change_too_late(icaltimezone *z, int64_t start, int64_t now,
	    const char *doing, char *why, size_t whysz);
/* Its window not yet started (now before start; 0: none): too early to be
 * recorded carried out (doing: "implemented", "failed"): -1 with why (times
 * in zone z), else 0. */
int	change_too_early(icaltimezone *z, int64_t start, int64_t now,
	    const char *doing, char *why, size_t whysz);

/* A change's history replayed from its audit entries, in order: the state
 * and round the log says it is in, the decisions it records and who wrote
 * each round. Every entry must be a legal move from the state before it,
 * and every decision one the rules allowed, or the replay stops with why.
 * change_replay_init() before the first step; change_replay_free() after. */
struct change_vote {
	int		 round;
	char		*who;
	int		 approve;	/* 1 approve, 0 reject */
	char		*comment;	/* as its entry's detail gives it */
	char		*at;		/* its entry's time: the caller's to
					   set (NULL: not known) */
};
struct change_replay {
	enum change_state	 state;
	int			 round;
	int			 created;
	char			*requester;
	struct change_author	*authors;	/* who strings owned */
	size_t			 nauthors, capauthors;
	size_t			 round_from;	/* this round's: [round_from, */
	size_t			 pending_from;	/* pending_from); later: edits
						   since the last submission */
	struct change_vote	*votes;
	size_t			 nvotes, capvotes;
	char			 record[65];	/* the last submission's record
						   digest while not back to
						   draft; "": none (or a log
						   from before it was kept) */
	int			 quorum;	/* the quorum in force at the
						   last submission; 0: not
						   said (an older log) */
};
void	change_replay_init(struct change_replay *);
void	change_replay_free(struct change_replay *);
/* The quorum a decision on the replayed change needs: the policy's now or
 * the one it was submitted under, whichever is higher (a policy imported
 * since raises it, never lowers it); < 1 counts as 1. */
int	change_quorum(int policy_quorum, const struct change_replay *);
/* Apply one audit entry (action as written: create, edit, redraft, submit,
 * approve, reject, implement, fail, rollback, cancel; detail as written).
 * 0, or -1 with why when the entry could not have been written by the
 * rules from the state the earlier entries leave. */
int	change_replay_step(struct change_replay *, const char *who, const char *action,
	    const char *detail, char *why, size_t whysz);

#endif
