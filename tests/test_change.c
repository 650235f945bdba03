/* Change control rules: every (state, action) pair, the CAB's decisions,
 * the submission gate and the suggested risk and impact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../model/change.h"

/* The legal moves, written out here independently of the model's table. */
static const struct { enum change_state from; enum change_action a; enum change_state to; }
legal[] = {
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

static void
test_every_transition_legal_or_refused(void **state)
{
	size_t nlegal = 0;

	(void)state;
	for (int s = 0; s < CS_COUNT; s++)
		for (int a = 0; a < CA_COUNT; a++) {
			enum change_state next = CS_COUNT;
			char why[256] = "";
			int want = -1;
			for (size_t i = 0; i < sizeof legal / sizeof *legal; i++)
				if (legal[i].from == (enum change_state)s &&
				    legal[i].a == (enum change_action)a)
					want = (int)legal[i].to;
			int rc = change_next((enum change_state)s, (enum change_action)a,
			    &next, why, sizeof why);
			if (want >= 0) {
				assert_int_equal(rc, 0);
				assert_int_equal(next, want);
				nlegal++;
			} else {
				assert_int_equal(rc, -1);
				assert_int_equal(next, CS_COUNT);	/* untouched */
				/* The refusal names the state it was refused in. */
				assert_non_null(strstr(why,
				    change_state_name((enum change_state)s)));
				/* In words: "cannot be approved", not "cannot approve". */
				assert_non_null(strstr(why, " cannot be "));
			}
		}
	assert_int_equal(nlegal, sizeof legal / sizeof *legal);
	/* Closed records stay closed. */
	for (int a = 0; a < CA_COUNT; a++) {
		enum change_state next;
		char why[256];
		assert_int_equal(change_next(CS_CANCELLED, (enum change_action)a, &next,
		    why, sizeof why), -1);
		assert_int_equal(change_next(CS_ROLLED_BACK, (enum change_action)a, &next,
		    why, sizeof why), -1);
	}
}

static void
test_names_round_trip(void **state)
{
	(void)state;
	for (int s = 0; s < CS_COUNT; s++)
		assert_int_equal(change_state_parse(change_state_name((enum change_state)s)),
		    s);
	for (int t = 0; t < CT_COUNT; t++)
		assert_int_equal(change_type_parse(change_type_name((enum change_type)t)), t);
	for (int l = 0; l < LV_COUNT; l++)
		assert_int_equal(change_level_parse(change_level_name((enum change_level)l)),
		    l);
	assert_string_equal(change_state_name(CS_ROLLED_BACK), "rolled-back");
	assert_int_equal(change_state_parse("Approved"), -1);	/* exact names */
	assert_int_equal(change_type_parse(NULL), -1);
	assert_int_equal(change_level_parse("severe"), -1);
}

static void
test_separation_of_duties_and_membership(void **state)
{
	const char *approvers[] = { "alice", "bob", "carol" };
	struct cab cab = { approvers, 3, 2 };
	const char *already[] = { "bob" };
	char why[256];

	(void)state;
	assert_int_equal(change_may_decide(&cab, "dave", NULL, 0, "alice", NULL, 0, why,
	    sizeof why), 0);
	/* The requester cannot approve their own change, even as an approver. */
	assert_int_equal(change_may_decide(&cab, "alice", NULL, 0, "alice", NULL, 0, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "separation of duties"));
	/* Not on the CAB. */
	assert_int_equal(change_may_decide(&cab, "alice", NULL, 0, "mallory", NULL, 0, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "not a CAB approver"));
	/* Once per submission. */
	assert_int_equal(change_may_decide(&cab, "dave", NULL, 0, "bob", already, 1, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "already decided"));
	/* No CAB at all: nobody may approve. */
	struct cab none = { NULL, 0, 0 };
	assert_int_equal(change_may_decide(&none, "dave", NULL, 0, "alice", NULL, 0, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "no CAB approvers"));
}

/* Separation of duties covers whoever wrote the round, not only the
 * requester: an editor or the submitter may not decide either. */
static void
test_editor_and_submitter_cannot_decide(void **state)
{
	const char *approvers[] = { "alice", "bob", "carol" };
	struct cab cab = { approvers, 3, 2 };
	struct change_author wrote[] = { { "bob", "edited this change" },
	    { "carol", "submitted this change" } };
	char why[256];

	(void)state;
	assert_int_equal(change_may_decide(&cab, "dave", wrote, 2, "bob", NULL, 0, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "bob edited this change in this round"));
	assert_non_null(strstr(why, "separation of duties"));
	assert_int_equal(change_may_decide(&cab, "dave", wrote, 2, "carol", NULL, 0, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "carol submitted this change"));
	assert_int_equal(change_may_decide(&cab, "dave", wrote, 2, "alice", NULL, 0, why,
	    sizeof why), 0);
}

struct step { const char *who, *action, *detail; };

static int
replay(struct change_replay *r, const struct step *v, size_t n, char *why, size_t whysz)
{
	change_replay_init(r);
	for (size_t i = 0; i < n; i++)
		if (change_replay_step(r, v[i].who, v[i].action, v[i].detail, why,
		    whysz) != 0)
			return (int)i + 1;
	return 0;
}

/* The log alone says where a change is: created, edited, submitted and
 * approved by a quorum, with each round's authors. */
static void
test_replay_follows_the_log(void **state)
{
	static const struct step v[] = {
		{ "dave", "create", "created from wave 1" },
		{ "bob", "edit", "test plan" },
		{ "dave", "submit", "draft -> submitted" },
		{ "alice", "approve", "approved (approvals 1 of the 2 needed); ok" },
		{ "ops", "redraft", "back to draft: its waves changed" },
		{ "dave", "submit", "draft -> submitted" },
		{ "bob", "approve", "approved (approvals 1 of the 2 needed); fine" },
		{ "alice", "approve", "approved (approvals 2 of the 2 needed); "
		    "submitted -> approved; ok" },
	};
	struct change_replay r;
	char why[256];

	(void)state;
	assert_int_equal(replay(&r, v, 8, why, sizeof why), 0);
	assert_int_equal(r.state, CS_APPROVED);
	assert_int_equal(r.round, 2);
	assert_int_equal(r.nvotes, 3);
	assert_string_equal(r.requester, "dave");
	/* Round 2 was written by the redraft (ops) and the submitter (dave);
	 * bob's edit belongs to round 1. */
	assert_int_equal(r.pending_from - r.round_from, 2);
	assert_string_equal(r.authors[r.round_from].who, "ops");
	change_replay_free(&r);
}

/* A submission's entry carries its record's digest; the replay keeps it
 * while the change is not back to draft (issue 22). */
static void
test_replay_keeps_the_submitted_record(void **state)
{
	static const char hex[] = "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef";
	char submit[160], why[256];
	struct change_replay r;

	(void)state;
	snprintf(submit, sizeof submit, "draft -> submitted; record sha256 %s; go", hex);
	const struct step v[] = {
		{ "dave", "create", "created from wave 1" },
		{ "dave", "submit", submit },
		{ "alice", "approve", "approved (approvals 1 of the 1 needed); "
		    "submitted -> approved; ok" },
	};
	assert_int_equal(replay(&r, v, 3, why, sizeof why), 0);
	assert_string_equal(r.record, hex);
	assert_int_equal(change_replay_step(&r, "bob", "edit", "title; back to draft "
	    "from approved", why, sizeof why), 0);
	assert_string_equal(r.record, "");
	/* A log from before the digest was kept, or a comment naming one. */
	assert_int_equal(change_replay_step(&r, "dave", "submit", "draft -> submitted; "
	    "record sha256 abc", why, sizeof why), 0);
	assert_string_equal(r.record, "");
	change_replay_free(&r);
}

/* A submission says the quorum it is under: a decision counted against a
 * lower one (a policy lowered since) could not have been written; each
 * decision's comment is what its detail ends with (issue 22). */
static void
test_replay_holds_the_submitted_quorum(void **state)
{
	static const char hex[] = "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef";
	char submit[160], why[256];
	struct change_replay r;

	(void)state;
	snprintf(submit, sizeof submit, "draft -> submitted; record sha256 %s; "
	    "quorum 2", hex);
	const struct step v[] = {
		{ "dave", "create", "created from wave 1" },
		{ "dave", "submit", submit },
		{ "alice", "approve", "approved (approvals 1 of the 2 needed); fine; "
		    "really" },
		{ "bob", "approve", "approved (approvals 2 of the 1 needed); "
		    "submitted -> approved; ok" },
	};
	assert_int_equal(replay(&r, v, 3, why, sizeof why), 0);
	assert_int_equal(r.quorum, 2);
	assert_string_equal(r.votes[0].comment, "fine; really");
	change_replay_free(&r);
	assert_int_equal(replay(&r, v, 4, why, sizeof why), 4);
	assert_non_null(strstr(why, "quorum of 1 where the change was submitted "
	    "under 2"));
	change_replay_free(&r);
	/* A move the counts do not make, or no comment: not patchwave's. */
	const struct step w[] = {
		{ "dave", "create", "created from wave 1" },
		{ "dave", "submit", "draft -> submitted" },
		{ "alice", "approve", "approved (approvals 1 of the 2 needed); "
		    "submitted -> approved; ok" },
	};
	assert_int_equal(replay(&r, w, 3, why, sizeof why), 0);
	assert_string_equal(r.votes[0].comment, "submitted -> approved; ok");
	assert_int_equal(r.state, CS_SUBMITTED);
	change_replay_free(&r);
	const struct step x[] = {
		{ "dave", "create", "created from wave 1" },
		{ "dave", "submit", "draft -> submitted" },
		{ "alice", "approve", "approved (approvals 1 of the 1 needed); ok" },
	};
	assert_int_equal(replay(&r, x, 3, why, sizeof why), 3);
	assert_non_null(strstr(why, "does not end with its comment"));
	change_replay_free(&r);
}

/* Entries the rules could not have written stop the replay at them. */
static void
test_replay_refuses_what_the_rules_forbid(void **state)
{
	static const struct step approve_draft[] = {
		{ "dave", "create", "" },
		{ "alice", "approve", "approved (approvals 1 of the 1 needed); x" },
	};
	static const struct step submitter_approves[] = {
		{ "dave", "create", "" },
		{ "bob", "submit", "draft -> submitted" },
		{ "bob", "approve", "approved (approvals 1 of the 1 needed); x" },
	};
	static const struct step twice[] = {
		{ "dave", "create", "" },
		{ "dave", "submit", "draft -> submitted" },
		{ "bob", "approve", "approved (approvals 1 of the 2 needed); x" },
		{ "bob", "approve", "approved (approvals 2 of the 2 needed); x" },
	};
	static const struct step miscounted[] = {
		{ "dave", "create", "" },
		{ "dave", "submit", "draft -> submitted" },
		{ "bob", "approve", "approved (approvals 2 of the 2 needed); x" },
	};
	static const struct step before_create[] = {
		{ "dave", "submit", "draft -> submitted" },
	};
	static const struct step implemented_edit[] = {
		{ "dave", "create", "" },
		{ "dave", "submit", "draft -> submitted" },
		{ "bob", "approve", "approved (approvals 1 of the 1 needed); "
		    "submitted -> approved; x" },
		{ "dave", "implement", "approved -> implemented" },
		{ "dave", "edit", "title" },
	};
	struct change_replay r;
	char why[256];

	(void)state;
	assert_int_equal(replay(&r, approve_draft, 2, why, sizeof why), 2);
	assert_non_null(strstr(why, "draft"));
	change_replay_free(&r);
	assert_int_equal(replay(&r, submitter_approves, 3, why, sizeof why), 3);
	assert_non_null(strstr(why, "separation of duties"));
	change_replay_free(&r);
	assert_int_equal(replay(&r, twice, 4, why, sizeof why), 4);
	assert_non_null(strstr(why, "already decided"));
	change_replay_free(&r);
	assert_int_equal(replay(&r, miscounted, 3, why, sizeof why), 3);
	change_replay_free(&r);
	assert_int_equal(replay(&r, before_create, 1, why, sizeof why), 1);
	change_replay_free(&r);
	assert_int_equal(replay(&r, implemented_edit, 5, why, sizeof why), 5);
	change_replay_free(&r);
}

static void
test_quorum(void **state)
{
	const char *approvers[] = { "alice", "bob", "carol" };
	struct cab two = { approvers, 3, 2 }, unset = { approvers, 3, 0 };

	(void)state;
	assert_int_equal(change_decide(&two, 1, 0), CS_SUBMITTED);
	assert_int_equal(change_decide(&two, 2, 0), CS_APPROVED);
	assert_int_equal(change_decide(&two, 3, 0), CS_APPROVED);
	assert_int_equal(change_decide(&two, 1, 1), CS_REJECTED);	/* any rejection */
	assert_int_equal(change_decide(&two, 0, 1), CS_REJECTED);
	assert_int_equal(change_decide(&unset, 1, 0), CS_APPROVED);	/* quorum 1 */
	assert_int_equal(change_decide(&unset, 0, 0), CS_SUBMITTED);
}

/* A step's words say where the change stands with the CAB, never
 * "submitted: submitted". */
static void
test_step_words_say_the_tally(void **state)
{
	char s[128];

	(void)state;
	change_step_words(s, sizeof s, "CHG-1", CA_APPROVE, CS_SUBMITTED, 1, 2);
	assert_string_equal(s, "CHG-1 approval recorded (1 of 2): still submitted");
	change_step_words(s, sizeof s, "CHG-1", CA_APPROVE, CS_APPROVED, 2, 2);
	assert_string_equal(s, "CHG-1 approval recorded (2 of 2): approved");
	change_step_words(s, sizeof s, "CHG-1", CA_SUBMIT, CS_SUBMITTED, 0, 0);
	assert_string_equal(s, "CHG-1 submitted for CAB approval (0 of 1 approvals)");
	change_step_words(s, sizeof s, "CHG-1", CA_REJECT, CS_REJECTED, 0, 2);
	assert_string_equal(s, "CHG-1 rejection recorded: rejected");
	change_step_words(s, sizeof s, "CHG-1", CA_IMPLEMENT, CS_IMPLEMENTED, 2, 2);
	assert_string_equal(s, "CHG-1 implemented");
}

/* A change whose window has started is too late to submit or approve; the
 * refusal gives its times as people read them in the zone it is given. */
static void
test_too_late_once_the_window_started(void **state)
{
	char why[256];
	int64_t start = 1798761600;	/* 2027-01-01T00:00:00Z */

	(void)state;
	assert_int_equal(change_too_late(NULL, start, start - 1, "submit", why,
	    sizeof why), 0);
	assert_int_equal(change_too_late(NULL, 0, start, "submit", why, sizeof why), 0);
	assert_int_equal(change_too_late(NULL, start, start, "approve", why,
	    sizeof why), -1);
	assert_int_equal(change_too_late(tz_builtin("Europe/Berlin"), start,
	    start + 86400, "submit", why, sizeof why), -1);
	assert_string_equal(why, "its window started at 2027-01-01 01:00+01:00, "
	    "before now (2027-01-02 01:00+01:00): too late to submit; plan again and "
	    "make a change of the new waves");
}

/* A decision needs the higher of the policy's quorum now and the one the
 * change was submitted under (0: an older log, unsaid); at least 1. */
static void
test_quorum_is_never_lowered_after_submission(void **state)
{
	struct change_replay r;

	(void)state;
	change_replay_init(&r);
	assert_int_equal(change_quorum(2, &r), 2);
	assert_int_equal(change_quorum(0, &r), 1);
	r.quorum = 3;
	assert_int_equal(change_quorum(1, &r), 3);
	assert_int_equal(change_quorum(4, &r), 4);
	change_replay_free(&r);
}

/* An outcome (implemented, failed) is of a window that has started: before
 * its start it is refused, from its start on allowed; the refusal's times
 * in the zone given (NULL: UTC). */
static void
test_too_early_before_the_window_starts(void **state)
{
	char why[256];
	int64_t start = 1798761600;	/* 2027-01-01T00:00:00Z */

	(void)state;
	assert_int_equal(change_too_early(NULL, start, start, "implemented", why,
	    sizeof why), 0);
	assert_int_equal(change_too_early(NULL, start, start + 86400, "failed", why,
	    sizeof why), 0);
	assert_int_equal(change_too_early(NULL, 0, 0, "implemented", why,
	    sizeof why), 0);
	assert_int_equal(change_too_early(NULL, start, start - 60, "implemented",
	    why, sizeof why), -1);
	assert_string_equal(why, "its window starts at 2027-01-01 00:00+00:00, "
	    "after now (2026-12-31 23:59+00:00): it cannot be implemented before its "
	    "window; cancel it if it will not be carried out");
	assert_int_equal(change_too_early(tz_builtin("America/New_York"), start,
	    start - 60, "failed", why, sizeof why), -1);
	assert_string_equal(why, "its window starts at 2026-12-31 19:00-05:00, "
	    "after now (2026-12-31 18:59-05:00): it cannot be failed before its "
	    "window; cancel it if it will not be carried out");
}

static void
test_submit_gate_names_every_reason(void **state)
{
	struct change_facts f = { .assets = 3, .errors = 2, .warnings = 3,
	    .unacknowledged = 1 };
	char why[512];

	(void)state;
	assert_int_equal(change_submit_check(&f, "", "  \n", why, sizeof why), -1);
	assert_non_null(strstr(why, "2 error-level conflicts must be resolved"));
	/* How: an SLA breach no window cures is resolved by accepting its risk. */
	assert_non_null(strstr(why, "move the assets, or exception add for a breach"));
	assert_non_null(strstr(why, "1 warning must be acknowledged"));
	/* What to do, and where the ids are. */
	assert_non_null(strstr(why, "patchwave conflicts lists their ids"));
	assert_non_null(strstr(why, "patchwave ack ID --reason TEXT"));
	assert_non_null(strstr(why, "test plan is empty"));
	assert_non_null(strstr(why, "backout plan is empty"));
	f.errors = 0;
	f.unacknowledged = 0;
	assert_int_equal(change_submit_check(&f, "smoke test", "", why, sizeof why), -1);
	assert_string_equal(why, "the backout plan is empty (change edit "
	    "--backout-plan TEXT)");
	assert_int_equal(change_submit_check(&f, "smoke test", "snapshot restore", why,
	    sizeof why), 0);
	assert_string_equal(why, "");
	f.assets = 0;
	assert_int_equal(change_submit_check(&f, "t", "b", why, sizeof why), -1);
	assert_non_null(strstr(why, "no assets"));
	/* A tiny buffer truncates, never overflows. */
	char small[8];
	f.errors = 5;
	assert_int_equal(change_submit_check(&f, "", "", small, sizeof small), -1);
	assert_int_equal(strlen(small), sizeof small - 1);
}

static void
test_suggested_risk_and_impact(void **state)
{
	enum change_level r, i;
	struct change_facts f = { .assets = 4 };

	(void)state;
	change_suggest(&f, &r, &i);
	assert_int_equal(r, LV_LOW);		/* a few non-production hosts */
	assert_int_equal(i, LV_LOW);
	f.clusters = 1;
	change_suggest(&f, &r, &i);
	assert_int_equal(r, LV_MEDIUM);		/* a cluster member goes down */
	f = (struct change_facts){ .assets = 4, .production = 4 };
	change_suggest(&f, &r, &i);
	assert_int_equal(r, LV_MEDIUM);
	assert_int_equal(i, LV_MEDIUM);
	f.warnings = 1;
	change_suggest(&f, &r, &i);
	assert_int_equal(r, LV_HIGH);		/* production with a warning */
	f = (struct change_facts){ .assets = 30, .production = 25 };
	change_suggest(&f, &r, &i);
	assert_int_equal(i, LV_HIGH);
	f = (struct change_facts){ .assets = 1, .critical_tier = 1 };
	change_suggest(&f, &r, &i);
	assert_int_equal(r, LV_HIGH);
	assert_int_equal(i, LV_HIGH);
	f = (struct change_facts){ .assets = 12 };
	change_suggest(&f, &r, &i);
	assert_int_equal(i, LV_MEDIUM);		/* many hosts, none production */
	assert_true(change_env_production("Production"));
	assert_true(change_env_production("prd"));
	assert_false(change_env_production("preprod"));
	assert_false(change_env_production(NULL));
	assert_true(change_tier_critical("1"));
	assert_true(change_tier_critical("Tier-1"));
	assert_false(change_tier_critical("3"));
}

/* What a person types is bounded in bytes, and the refusal says which text,
 * its length and the bound. */
static void
test_text_bounds(void **state)
{
	char why[256], text[CHANGE_TITLE_MAX + 2];

	(void)state;
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';			/* 201 bytes */
	assert_int_equal(change_text_fits("title", NULL, CHANGE_TITLE_MAX, why,
	    sizeof why), 0);
	assert_int_equal(change_text_fits("title", text + 1, CHANGE_TITLE_MAX, why,
	    sizeof why), 0);
	assert_int_equal(change_text_fits("title", text, CHANGE_TITLE_MAX, why,
	    sizeof why), -1);
	assert_string_equal(why, "the title is 201 bytes, more than the 200 it may "
	    "be: say it shorter (a link to a longer document is fine)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_transition_legal_or_refused),
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_step_words_say_the_tally),
		cmocka_unit_test(test_separation_of_duties_and_membership),
		cmocka_unit_test(test_editor_and_submitter_cannot_decide),
		cmocka_unit_test(test_replay_follows_the_log),
		cmocka_unit_test(test_replay_refuses_what_the_rules_forbid),
		cmocka_unit_test(test_replay_keeps_the_submitted_record),
		cmocka_unit_test(test_replay_holds_the_submitted_quorum),
		cmocka_unit_test(test_quorum),
		cmocka_unit_test(test_submit_gate_names_every_reason),
		cmocka_unit_test(test_too_late_once_the_window_started),
		cmocka_unit_test(test_too_early_before_the_window_starts),
		cmocka_unit_test(test_quorum_is_never_lowered_after_submission),
		cmocka_unit_test(test_suggested_risk_and_impact),
		cmocka_unit_test(test_text_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
