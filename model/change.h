/* Change-control records: their states and the only moves between them, the
 * CAB's decisions (separation of duties, quorum), what submitting needs, and
 * the risk and impact suggested from what a change touches. */
#ifndef PW_CHANGE_H
#define PW_CHANGE_H

#include <stddef.h>

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

/* Who may decide on a submitted change: an approver, not its requester, once
 * per submission (already: those who decided this round). 0 when allowed,
 * else -1 and why. */
int	change_may_decide(const struct cab *, const char *requester, const char *who,
	    const char *const *already, size_t nalready, char *why, size_t whysz);
/* After a decision is recorded: approvals and rejections this round (the new
 * one counted). Returns the state the change is in: rejected on any
 * rejection, approved once approvals reach the quorum, else submitted. */
enum change_state change_decide(const struct cab *, size_t approvals,
	    size_t rejections);

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

#endif
