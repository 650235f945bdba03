/* Change-control rules: a table of legal moves, the CAB's decisions, the
 * submission gate and the suggested risk and impact. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "change.h"

static const char *const state_names[CS_COUNT] = {
	"draft", "submitted", "approved", "rejected", "implemented", "failed",
	"rolled-back", "cancelled",
};
static const char *const type_names[CT_COUNT] = { "standard", "normal", "emergency" };
static const char *const level_names[LV_COUNT] = { "low", "medium", "high" };
static const char *const action_names[CA_COUNT] = {
	"submit", "approve", "reject", "implement", "fail", "rollback", "cancel",
	"redraft",
};

static int
parse(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *
change_state_name(enum change_state s)
{
	return s < CS_COUNT ? state_names[s] : "?";
}

int
change_state_parse(const char *s)
{
	return parse(state_names, CS_COUNT, s);
}

const char *
change_type_name(enum change_type t)
{
	return t < CT_COUNT ? type_names[t] : "?";
}

int
change_type_parse(const char *s)
{
	return parse(type_names, CT_COUNT, s);
}

const char *
change_level_name(enum change_level l)
{
	return l < LV_COUNT ? level_names[l] : "?";
}

int
change_level_parse(const char *s)
{
	return parse(level_names, LV_COUNT, s);
}

const char *
change_action_name(enum change_action a)
{
	return a < CA_COUNT ? action_names[a] : "?";
}

/* The legal moves; anything else is refused. An approval keeps a change
 * submitted until the quorum is reached (change_decide says when). */
static const struct move {
	enum change_state	from;
	enum change_action	action;
	enum change_state	to;
} moves[] = {
	{ CS_DRAFT, CA_SUBMIT, CS_SUBMITTED },
	{ CS_DRAFT, CA_CANCEL, CS_CANCELLED },
	{ CS_DRAFT, CA_REDRAFT, CS_DRAFT },
	{ CS_SUBMITTED, CA_APPROVE, CS_APPROVED },
	{ CS_SUBMITTED, CA_REJECT, CS_REJECTED },
	{ CS_SUBMITTED, CA_CANCEL, CS_CANCELLED },
	{ CS_SUBMITTED, CA_REDRAFT, CS_DRAFT },
	{ CS_APPROVED, CA_IMPLEMENT, CS_IMPLEMENTED },
	{ CS_APPROVED, CA_FAIL, CS_FAILED },
	{ CS_APPROVED, CA_ROLLBACK, CS_ROLLED_BACK },
	{ CS_APPROVED, CA_CANCEL, CS_CANCELLED },
	{ CS_APPROVED, CA_REDRAFT, CS_DRAFT },
	{ CS_REJECTED, CA_CANCEL, CS_CANCELLED },
	{ CS_REJECTED, CA_REDRAFT, CS_DRAFT },
	{ CS_IMPLEMENTED, CA_ROLLBACK, CS_ROLLED_BACK },
	{ CS_FAILED, CA_ROLLBACK, CS_ROLLED_BACK },
};

/* What each state allows, for refusals. */
static const char *const hint[CS_COUNT] = {
	[CS_DRAFT] = "a draft can be submitted or cancelled",
	[CS_SUBMITTED] = "a submitted change can be approved, rejected, "
	    "edited (back to draft) or cancelled",
	[CS_APPROVED] = "an approved change can be implemented, failed, "
	    "rolled back, edited (back to draft) or cancelled",
	[CS_REJECTED] = "a rejected change can be edited (back to draft) "
	    "or cancelled",
	[CS_IMPLEMENTED] = "an implemented change can only be rolled back",
	[CS_FAILED] = "a failed change can only be rolled back",
	[CS_ROLLED_BACK] = "a rolled-back change is closed",
	[CS_CANCELLED] = "a cancelled change is closed",
};

int
change_next(enum change_state from, enum change_action a, enum change_state *next,
    char *why, size_t whysz)
{
	if (from >= CS_COUNT || a >= CA_COUNT) {
		snprintf(why, whysz, "unknown state or action");
		return -1;
	}
	for (size_t i = 0; i < sizeof moves / sizeof *moves; i++)
		if (moves[i].from == from && moves[i].action == a) {
			*next = moves[i].to;
			return 0;
		}
	snprintf(why, whysz, "a change that is %s cannot %s: %s", state_names[from],
	    a == CA_REDRAFT ? "be edited" : action_names[a], hint[from]);
	return -1;
}

int
change_may_decide(const struct cab *cab, const char *requester, const char *who,
    const char *const *already, size_t nalready, char *why, size_t whysz)
{
	int member = 0;

	if (cab->napprovers == 0) {
		snprintf(why, whysz, "the policy names no CAB approvers (cab: approvers)");
		return -1;
	}
	for (size_t i = 0; i < cab->napprovers; i++)
		member |= strcmp(cab->approvers[i], who) == 0;
	if (!member) {
		snprintf(why, whysz, "%.64s is not a CAB approver in the policy", who);
		return -1;
	}
	if (strcmp(requester, who) == 0) {
		snprintf(why, whysz, "%.64s requested this change and cannot also decide "
		    "on it (separation of duties)", who);
		return -1;
	}
	for (size_t i = 0; i < nalready; i++)
		if (strcmp(already[i], who) == 0) {
			snprintf(why, whysz, "%.64s has already decided on this "
			    "submission", who);
			return -1;
		}
	return 0;
}

enum change_state
change_decide(const struct cab *cab, size_t approvals, size_t rejections)
{
	size_t quorum = cab->quorum < 1 ? 1 : (size_t)cab->quorum;

	if (rejections > 0)
		return CS_REJECTED;
	return approvals >= quorum ? CS_APPROVED : CS_SUBMITTED;
}

static int
one_of(const char *s, const char *const *names)
{
	for (; s && *names; names++)
		if (strcasecmp(s, *names) == 0)
			return 1;
	return 0;
}

int
change_env_production(const char *env)
{
	static const char *const prod[] = { "prod", "production", "prd", "live", NULL };

	return one_of(env, prod);
}

int
change_tier_critical(const char *tier)
{
	static const char *const crit[] = { "1", "0", "tier1", "tier-1", "tier 1",
	    "t1", "critical", "gold", "platinum", NULL };

	return one_of(tier, crit);
}

/* Risk: what could go wrong, from conflicts and how much is critical.
 * Impact: how much the business would notice, from production and size. */
void
change_suggest(const struct change_facts *f, enum change_level *risk,
    enum change_level *impact)
{
	if (f->errors > 0 || f->critical_tier > 0 ||
	    (f->production > 0 && f->warnings > 0))
		*risk = LV_HIGH;
	else if (f->production > 0 || f->warnings > 0 || f->clusters > 0 ||
	    f->assets > 50)
		*risk = LV_MEDIUM;
	else
		*risk = LV_LOW;
	if (f->critical_tier > 0 || f->production >= 20)
		*impact = LV_HIGH;
	else if (f->production > 0 || f->assets > 10)
		*impact = LV_MEDIUM;
	else
		*impact = LV_LOW;
}

static int
blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

int
change_submit_check(const struct change_facts *f, const char *test_plan,
    const char *backout_plan, char *why, size_t whysz)
{
	size_t n = 0;
	int reasons = 0;

	why[0] = '\0';
#define REASON(...) do {						\
		if (n < whysz)						\
			n += (size_t)snprintf(why + n, whysz - n, "%s",	\
			    reasons++ ? "; " : "");			\
		if (n < whysz)						\
			n += (size_t)snprintf(why + n, whysz - n, __VA_ARGS__); \
	} while (0)
	if (f->assets == 0)
		REASON("it has no assets (its waves are gone: edit it with --wave)");
	if (f->errors > 0)
		REASON("%zu error-level conflict%s must be resolved", f->errors,
		    f->errors == 1 ? "" : "s");
	if (f->unacknowledged > 0)
		REASON("%zu warning%s must be acknowledged with a reason (patchwave ack)",
		    f->unacknowledged, f->unacknowledged == 1 ? "" : "s");
	if (blank(test_plan))
		REASON("the test plan is empty");
	if (blank(backout_plan))
		REASON("the backout plan is empty");
#undef REASON
	return reasons ? -1 : 0;
}
