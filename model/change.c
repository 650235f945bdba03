/* Change-control rules: a table of legal moves, the CAB's decisions, the
 * submission gate and the suggested risk and impact. */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
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
	static const char *const passive[CA_COUNT] = {
		"be submitted", "be approved", "be rejected", "be implemented",
		"be marked failed", "be rolled back", "be cancelled", "be edited",
	};
	snprintf(why, whysz, "a change that is %s cannot %s: %s", state_names[from],
	    passive[a], hint[from]);
	return -1;
}

/* The rules of a decision that need no policy: not the requester, nobody
 * who wrote this round, once per round. */
static int
change_may_vote(const char *requester, const struct change_author *authors,
    size_t nauthors, const char *who, const char *const *already, size_t nalready,
    char *why, size_t whysz)
{
	if (requester && strcmp(requester, who) == 0) {
		snprintf(why, whysz, "%.64s requested this change and cannot also decide "
		    "on it (separation of duties)", who);
		return -1;
	}
	for (size_t i = 0; i < nauthors; i++)
		if (strcmp(authors[i].who, who) == 0) {
			snprintf(why, whysz, "%.64s %s in this round and cannot also "
			    "decide on it (separation of duties)", who, authors[i].role);
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

int
change_may_decide(const struct cab *cab, const char *requester,
    const struct change_author *authors, size_t nauthors, const char *who,
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
	return change_may_vote(requester, authors, nauthors, who, already, nalready,
	    why, whysz);
}

enum change_state
change_decide(const struct cab *cab, size_t approvals, size_t rejections)
{
	size_t quorum = cab->quorum < 1 ? 1 : (size_t)cab->quorum;

	if (rejections > 0)
		return CS_REJECTED;
	return approvals >= quorum ? CS_APPROVED : CS_SUBMITTED;
}

void
change_step_words(char *out, size_t n, const char *number, enum change_action a,
    enum change_state s, size_t approvals, int quorum)
{
	int q = quorum < 1 ? 1 : quorum;

	if (a == CA_SUBMIT && s == CS_SUBMITTED)
		snprintf(out, n, "%s submitted for CAB approval (%zu of %d approvals)",
		    number, approvals, q);
	else if (a == CA_APPROVE)
		snprintf(out, n, "%s approval recorded (%zu of %d): %s%s", number,
		    approvals, q, s == CS_SUBMITTED ? "still " : "", change_state_name(s));
	else if (a == CA_REJECT)
		snprintf(out, n, "%s rejection recorded: %s", number, change_state_name(s));
	else
		snprintf(out, n, "%s %s", number, change_state_name(s));
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
		REASON("%zu error-level conflict%s must be resolved (patchwave "
		    "conflicts lists them: move the assets, or exception add for a "
		    "breach)", f->errors, f->errors == 1 ? "" : "s");
	if (f->unacknowledged > 0)
		REASON("%zu warning%s must be acknowledged with a reason (patchwave "
		    "conflicts lists their ids and acked no: patchwave ack ID --reason TEXT)",
		    f->unacknowledged, f->unacknowledged == 1 ? "" : "s");
	if (blank(test_plan))
		REASON("the test plan is empty (change edit --test-plan TEXT)");
	if (blank(backout_plan))
		REASON("the backout plan is empty (change edit --backout-plan TEXT)");
#undef REASON
	return reasons ? -1 : 0;
}

int
change_too_late(icaltimezone *z, int64_t start, int64_t now, const char *doing,
    char *why, size_t whysz)
{
	char t1[48], t2[48];

	if (start == 0 || start > now)
		return 0;
	tz_format(z, start, 0, t1, sizeof t1);
	tz_format(z, now, 0, t2, sizeof t2);
	snprintf(why, whysz, "its window started at %s, before now (%s): too late "
	    "to %s; plan again and make a change of the new waves", t1, t2, doing);
	return -1;
}

int
change_too_early(icaltimezone *z, int64_t start, int64_t now, const char *doing,
    char *why, size_t whysz)
{
	char t1[48], t2[48];

	if (start == 0 || now >= start)
		return 0;
	tz_format(z, start, 0, t1, sizeof t1);
	tz_format(z, now, 0, t2, sizeof t2);
	snprintf(why, whysz, "its window starts at %s, after now (%s): it cannot "
	    "be %s before its window; cancel it if it will not be carried out", t1,
	    t2, doing);
	return -1;
}

/* ---- replaying the audit log -------------------------------------------- */

void
change_replay_init(struct change_replay *r)
{
	memset(r, 0, sizeof *r);
	r->state = CS_DRAFT;
}

int
change_quorum(int policy_quorum, const struct change_replay *r)
{
	int q = r->quorum > policy_quorum ? r->quorum : policy_quorum;

	return q < 1 ? 1 : q;
}

void
change_replay_free(struct change_replay *r)
{
	free(r->requester);
	for (size_t i = 0; i < r->nauthors; i++)
		free((char *)r->authors[i].who);
	free(r->authors);
	for (size_t i = 0; i < r->nvotes; i++) {
		free(r->votes[i].who);
		free(r->votes[i].comment);
		free(r->votes[i].at);
	}
	free(r->votes);
	change_replay_init(r);
}

static void
add_author(struct change_replay *r, const char *who, const char *role)
{
	r->authors = xgrow(r->authors, &r->capauthors, r->nauthors, sizeof *r->authors);
	r->authors[r->nauthors].who = xstrdup(who);
	r->authors[r->nauthors++].role = role;
}

/* What each entry's action is as a move; create and the decisions apart. */
static const struct {
	const char		*action;
	enum change_action	 move;
	const char		*role;	/* an author of the round, as what */
} replay_moves[] = {
	{ "edit", CA_REDRAFT, "edited this change" },
	{ "redraft", CA_REDRAFT, "changed this change's waves" },
	{ "policy", CA_REDRAFT, NULL },	/* a new policy took its windows */
	{ "submit", CA_SUBMIT, "submitted this change" },
	{ "implement", CA_IMPLEMENT, NULL },
	{ "fail", CA_FAIL, NULL },
	{ "rollback", CA_ROLLBACK, NULL },
	{ "cancel", CA_CANCEL, NULL },
};

/* The record digest and quorum a submission's detail carries: "draft ->
 * submitted; record sha256 HEX; quorum N[; comment]"; "" and 0 for what it
 * does not. */
static void
submitted_terms(const char *detail, char out[65], int *quorum)
{
	static const char tag[] = "; record sha256 ";
	const char *p = strstr(detail, "; ");
	int q, k = 0;

	out[0] = '\0';
	*quorum = 0;
	if (p == NULL || strncmp(p, tag, sizeof tag - 1) != 0)
		return;
	p += sizeof tag - 1;
	if (strspn(p, "0123456789abcdef") < 64 ||
	    (p[64] != '\0' && p[64] != ';'))
		return;
	memcpy(out, p, 64);
	out[64] = '\0';
	if (sscanf(p + 64, "; quorum %d%n", &q, &k) == 1 && k > 0 && q > 0 &&
	    (p[64 + k] == '\0' || p[64 + k] == ';'))
		*quorum = q;
}

/* A decision's approvals and quorum as store_change_decide wrote them:
 * "approved (approvals 2 of the 2 needed); ...". */
static int
decision_counts(const char *detail, size_t *approvals, size_t *quorum, int *end)
{
	int k = 0;

	*end = 0;
	if (sscanf(detail, "%*[a-z] (approvals %zu of the %zu needed)%n", approvals,
	    quorum, &k) != 2 || k <= 0)
		return -1;
	*end = k;
	return 0;
}

/* The comment a decision's detail ends with: after its counts, "; FROM ->
 * TO" when it moved the change (moved: to), then "; COMMENT". NULL when
 * the detail is not that. */
static const char *
decision_comment(const char *rest, enum change_state from, const char *to)
{
	char move[64];

	if (to) {
		snprintf(move, sizeof move, "; %s -> %s", change_state_name(from), to);
		if (strncmp(rest, move, strlen(move)) != 0)
			return NULL;
		rest += strlen(move);
	}
	return strncmp(rest, "; ", 2) == 0 ? rest + 2 : NULL;
}

static int
replay_decision(struct change_replay *r, const char *who, int approve,
    const char *detail, char *why, size_t whysz)
{
	enum change_state next;
	const char **already = NULL;
	size_t nalready = 0, approvals = 0, quorum = 0, counted = 0;
	int rc, end;

	if (change_next(r->state, approve ? CA_APPROVE : CA_REJECT, &next, why,
	    whysz) != 0)
		return -1;
	for (size_t i = 0; i < r->nvotes; i++)
		if (r->votes[i].round == r->round) {
			already = xrealloc(already, (nalready + 1) * sizeof *already);
			already[nalready++] = r->votes[i].who;
			counted += r->votes[i].approve;
		}
	rc = change_may_vote(r->requester, r->authors + r->round_from,
	    r->pending_from - r->round_from, who, already, nalready, why, whysz);
	free(already);
	if (rc != 0)
		return -1;
	if (decision_counts(detail, &approvals, &quorum, &end) != 0) {
		snprintf(why, whysz, "a decision whose detail does not give its approvals "
		    "and quorum");
		return -1;
	}
	if (r->quorum > 0 && quorum < (size_t)r->quorum) {
		snprintf(why, whysz, "a decision counted against a quorum of %zu where "
		    "the change was submitted under %d", quorum, r->quorum);
		return -1;
	}
	int moved = !approve || approvals >= (quorum < 1 ? 1 : quorum);
	const char *comment = decision_comment(detail + end, r->state, moved ?
	    change_state_name(approve ? CS_APPROVED : CS_REJECTED) : NULL);
	if (comment == NULL) {
		snprintf(why, whysz, "a decision whose detail does not end with its "
		    "comment");
		return -1;
	}
	if (approvals != counted + (size_t)approve) {
		snprintf(why, whysz, "a decision that counts %zu approvals where the log "
		    "holds %zu", approvals, counted + (size_t)approve);
		return -1;
	}
	r->votes = xgrow(r->votes, &r->capvotes, r->nvotes, sizeof *r->votes);
	r->votes[r->nvotes].round = r->round;
	r->votes[r->nvotes].who = xstrdup(who);
	r->votes[r->nvotes].comment = xstrdup(comment);
	r->votes[r->nvotes].at = NULL;
	r->votes[r->nvotes++].approve = approve;
	if (!approve)
		r->state = CS_REJECTED;
	else if (approvals >= (quorum < 1 ? 1 : quorum))
		r->state = CS_APPROVED;
	return 0;
}

int
change_replay_step(struct change_replay *r, const char *who, const char *action,
    const char *detail, char *why, size_t whysz)
{
	enum change_state next;

	if (strcmp(action, "create") == 0) {
		if (r->created) {
			snprintf(why, whysz, "created a second time");
			return -1;
		}
		r->created = 1;
		r->requester = xstrdup(who);
		return 0;
	}
	if (!r->created) {
		snprintf(why, whysz, "'%.20s' before the change was created", action);
		return -1;
	}
	if (strcmp(action, "approve") == 0 || strcmp(action, "reject") == 0)
		return replay_decision(r, who, action[0] == 'a', detail, why, whysz);
	for (size_t i = 0; i < sizeof replay_moves / sizeof *replay_moves; i++) {
		if (strcmp(replay_moves[i].action, action) != 0)
			continue;
		if (change_next(r->state, replay_moves[i].move, &next, why, whysz) != 0)
			return -1;
		if (replay_moves[i].role)
			add_author(r, who, replay_moves[i].role);
		if (replay_moves[i].move == CA_SUBMIT) {
			/* The edits since the last submission and the submitter
			 * wrote this round. */
			r->round_from = r->pending_from;
			r->pending_from = r->nauthors;
			r->round++;
			submitted_terms(detail, r->record, &r->quorum);
		}
		if (next == CS_DRAFT) {
			r->record[0] = '\0';
			r->quorum = 0;
		}
		r->state = next;
		return 0;
	}
	snprintf(why, whysz, "unknown action '%.20s'", action);
	return -1;
}

int
change_text_fits(const char *what, const char *s, size_t max, char *why,
    size_t whysz)
{
	size_t n = s ? strlen(s) : 0;

	if (n <= max)
		return 0;
	snprintf(why, whysz, "the %s is %zu bytes, more than the %zu it may be: "
	    "say it shorter (a link to a longer document is fine)", what, n, max);
	return -1;
}
