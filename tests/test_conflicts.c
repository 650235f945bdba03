/* The conflict checker: each rule on a small hand-made plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../model/conflicts.h"
#include "../model/conflicts_internal.h"
#include "testutil.h"

#define H	3600
#define DAY	86400
#define T0	1798761600	/* 2027-01-01T00:00:00Z */

static struct policy p;
static struct asset a[8];
static struct deadline d[8];
static size_t na;
static struct slot s[8];
static size_t ns;
static struct interval b[8];
static const char *labels[8];
static size_t nb;
static struct plan plan;
static struct conflict_list cl;

static int
setup(void **state)
{
	(void)state;
	policy_init(&p);
	na = ns = nb = 0;
	memset(&plan, 0, sizeof plan);
	memset(&cl, 0, sizeof cl);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	policy_free(&p);
	plan_free(&plan);
	conflict_list_free(&cl);
	return 0;
}

static size_t
asset(const char *key, const char *cluster, int due_hours, int reboot)
{
	size_t i = na++;

	asset_init(&a[i]);
	a[i].key = a[i].hostname = (char *)key;
	a[i].cluster = (char *)cluster;
	a[i].service_model = SM_IAAS;
	a[i].patch_minutes = 30;
	deadline_init(&d[i]);
	d[i].due_utc = T0 + (int64_t)due_hours * H;
	d[i].patches = 1;
	d[i].reboot = reboot;
	static char adv[8][16];
	snprintf(adv[i], sizeof adv[i], "CVE-%zu", i);
	d[i].advisory = adv[i];
	return i;
}

static size_t
slot(int start_hours, int hours, int lanes, int reboot)
{
	size_t i = ns++;

	s[i] = (struct slot){ T0 + (int64_t)start_hours * H,
	    T0 + (int64_t)(start_hours + hours) * H, T0 + (int64_t)(start_hours + hours) * H,
	    "w", reboot, lanes, NULL, TZ_LOCAL_ONCE, 0 };
	return i;
}

/* Put asset i in slot k from minute m for 30 minutes, stage st. */
static void
put(size_t i, size_t k, int m, size_t st)
{
	plan.v = realloc(plan.v, (plan.n + 1) * sizeof *plan.v);
	plan.v[plan.n++] = (struct placement){ i, k, st, s[k].start_utc + m * 60,
	    s[k].start_utc + (m + 30) * 60, 0, 0, 0 };
}

static struct plan_input checked_in;	/* check()'s, for says() */

static void
check(void)
{
	checked_in = (struct plan_input){ .policy = &p, .assets = a, .deadlines = d,
	    .nassets = na, .slots = s, .nslots = ns, .blocks = b, .nblocks = nb,
	    .now_utc = T0, .block_labels = labels };

	conflict_list_free(&cl);
	conflicts_check(&checked_in, &plan, &cl);
}

/* The conflict's sentence, written out from the input checked. */
static void
says(const struct conflict *c, const char *want)
{
	struct buf m = { 0 };

	conflict_message(&checked_in, c, &m);
	assert_string_equal(buf_str(&m), want);
	buf_free(&m);
}

/* How many conflicts of a code, and the first one. */
static const struct conflict *
find(enum conflict_code code, size_t *count)
{
	const struct conflict *first = NULL;

	*count = 0;
	for (size_t i = 0; i < cl.n; i++)
		if (cl.v[i].code == code) {
			if (first == NULL)
				first = &cl.v[i];
			(*count)++;
		}
	return first;
}

static void
test_deadlines_breached_and_at_risk(void **state)
{
	size_t n;

	(void)state;
	size_t late = asset("late", NULL, 5, 0);
	size_t close = asset("close", NULL, 24, 0);
	size_t fine = asset("fine", NULL, 500, 0);
	size_t k = slot(10, 4, 5, 1);
	put(late, k, 0, 0);
	put(close, k, 0, 0);
	put(fine, k, 0, 0);
	check();
	const struct conflict *c = find(C_SLA_BREACH, &n);
	assert_int_equal(n, 1);
	assert_true(c->error);
	assert_int_equal(c->assets[0], late);
	assert_string_equal(c->other, "CVE-0");
	says(c, "late is planned to end 2027-01-01T10:30:00Z, after its deadline "
	    "2027-01-01T05:00:00Z (? CVE-0)");
	c = find(C_SLA_AT_RISK, &n);
	assert_int_equal(n, 1);		/* 13.5 h of slack, under 2 days */
	assert_false(c->error);
	assert_int_equal(c->assets[0], close);
	says(c, "close is planned to end 2027-01-01T10:30:00Z, less than 2 days before "
	    "its deadline 2027-01-02T00:00:00Z");
	(void)fine;
}

/* A placement that starts before the release day of one of the asset's
 * patches (a pin or an edit put it there) is an error; from the release on
 * it is none. */
static void
test_a_placement_before_the_release_is_not_released(void **state)
{
	size_t n;

	(void)state;
	size_t early = asset("early", NULL, 500, 0);
	size_t onday = asset("on-the-day", NULL, 500, 0);
	size_t none = asset("no-release", NULL, 500, 0);
	d[early].release_utc = d[onday].release_utc = T0 + 20 * H;
	size_t k1 = slot(10, 4, 5, 1), k2 = slot(20, 4, 5, 1);
	put(early, k1, 0, 0);
	put(onday, k2, 0, 0);
	put(none, k1, 0, 0);		/* release INT64_MIN: out long ago */
	check();
	const struct conflict *c = find(C_NOT_RELEASED, &n);
	assert_int_equal(n, 1);
	assert_true(c->error);
	assert_int_equal(c->assets[0], early);
	assert_int_equal(c->slot, k1);
	says(c, "early is planned to start 2027-01-01T10:00:00Z, before its last "
	    "pending patch is released (2027-01-01T20:00:00Z)");
	assert_string_equal(conflict_code_name(C_NOT_RELEASED), "NOT_RELEASED");
}

static void
test_unplanned_and_provider_owned(void **state)
{
	size_t n;

	(void)state;
	size_t left = asset("left-out", NULL, 500, 0);
	size_t rds = asset("rds", NULL, 500, 0);
	a[rds].service_model = SM_PAAS;
	size_t k = slot(10, 4, 5, 1);
	put(rds, k, 0, 0);
	check();
	assert_int_equal(find(C_UNPLANNED, &n)->assets[0], left);
	assert_int_equal(n, 1);		/* the PaaS one is placed, not unplanned */
	says(find(C_UNPLANNED, &n), "left-out has 1 pending patch (due "
	    "2027-01-21T20:00:00Z) and no wave");
	assert_int_equal(find(C_PROVIDER_OWNED, &n)->assets[0], rds);
	says(find(C_PROVIDER_OWNED, &n), "rds is paas: its provider patches it, it "
	    "does not belong in a wave");
}

/* A pending reboot with no patch: unplanned and breached as patches are. */
static void
test_a_pending_reboot_unplanned_or_late(void **state)
{
	size_t n;

	(void)state;
	size_t r = asset("r", NULL, 0, 0), q = asset("q", NULL, 0, 0);
	size_t idle = asset("idle", NULL, 0, 0);
	for (size_t i = 0; i < 3; i++) {
		deadline_init(&d[i]);
		if (i != idle)
			deadline_add_reboot(&d[i], &p, T0, T0);	/* due T0 + 7 days */
	}
	size_t k = slot(8 * 24, 4, 5, 1);		/* a day too late */
	put(q, k, 0, 0);
	check();
	const struct conflict *c = find(C_UNPLANNED, &n);
	assert_int_equal(n, 1);			/* idle has nothing pending */
	assert_int_equal(c->assets[0], r);
	says(c, "r has a pending reboot (due 2027-01-08T00:00:00Z) and no wave");
	c = find(C_SLA_BREACH, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c->assets[0], q);
	says(c, "q is planned to end 2027-01-09T00:30:00Z, after its deadline "
	    "2027-01-08T00:00:00Z (reboot pending)");
}

/* Make asset i's one patch covered by an exception (model/exception.h): out
 * of its deadline, due as it was. */
static void
cover(size_t i)
{
	d[i].covered = 1;
	d[i].covered_due_utc = d[i].due_utc;
	d[i].covered_advisory = d[i].advisory;
	d[i].patches = 0;
	d[i].due_utc = INT64_MAX;
	d[i].advisory = "";
}

/* While an exception holds, its patches past their deadline are an
 * ACCEPTED_RISK (a warning), not an SLA_BREACH; an asset with only such
 * patches and no wave is not UNPLANNED; patches it does not cover still
 * breach. */
static void
test_covered_patches_are_accepted_risk_not_breach_nor_unplanned(void **state)
{
	size_t n;

	(void)state;
	size_t late = asset("late", NULL, 5, 0), left = asset("left-out", NULL, 5, 0);
	size_t mixed = asset("mixed", NULL, 5, 0), early = asset("early", NULL, 500, 0);
	cover(late);
	cover(left);
	cover(early);
	/* mixed: a covered patch due in 5 h and one not covered due in 7 h */
	d[mixed].covered = 1;
	d[mixed].covered_due_utc = T0 + 5 * H;
	d[mixed].covered_advisory = "CVE-X";
	d[mixed].due_utc = T0 + 7 * H;
	size_t k = slot(10, 4, 5, 1);
	put(late, k, 0, 0);
	put(mixed, k, 0, 0);
	put(early, k, 0, 0);
	check();
	const struct conflict *c = find(C_SLA_BREACH, &n);
	assert_int_equal(n, 1);			/* mixed's uncovered patch */
	assert_int_equal(c->assets[0], mixed);
	assert_null(find(C_UNPLANNED, &n));
	c = find(C_ACCEPTED_RISK, &n);
	assert_int_equal(n, 3);			/* late, left-out, mixed */
	for (size_t i = 0; i < cl.n; i++)
		if (cl.v[i].code == C_ACCEPTED_RISK) {
			assert_false(cl.v[i].error);
			assert_int_not_equal(cl.v[i].assets[0], early);
		}
	for (size_t i = 0; i < cl.n; i++)
		if (cl.v[i].code == C_ACCEPTED_RISK && cl.v[i].assets[0] == late)
			says(&cl.v[i], "late is planned to end 2027-01-01T10:30:00Z, after "
			    "the deadline 2027-01-01T05:00:00Z of 1 pending patch an "
			    "exception covers (CVE-0 first): risk accepted");
		else if (cl.v[i].code == C_ACCEPTED_RISK && cl.v[i].assets[0] == left)
			says(&cl.v[i], "left-out is in no wave; 1 pending patch an "
			    "exception covers (CVE-1 first, due 2027-01-01T05:00:00Z): "
			    "risk accepted");
	/* Once it no longer holds, the patch is in the deadline again. */
	deadline_init(&d[late]);
	d[late].patches = 1;
	d[late].due_utc = T0 + 5 * H;
	d[late].advisory = "CVE-0";
	check();
	assert_int_equal(find(C_SLA_BREACH, &n)->assets[0], late);
	assert_int_equal(n, 2);
}

static void
test_reboot_and_admission(void **state)
{
	size_t n;

	(void)state;
	size_t r = asset("needs-reboot", NULL, 500, 1);
	size_t q = asset("quiet", NULL, 500, 0);
	a[q].environment = "prod";
	size_t k = slot(10, 4, 5, 0);
	struct selector sel = { 0 };
	selector_add(&sel, "environment", "dev");
	s[k].admits = &sel;
	put(r, k, 0, 0);
	put(q, k, 0, 0);
	check();
	assert_int_equal(find(C_REBOOT_NOT_ALLOWED, &n)->assets[0], r);
	assert_int_equal(n, 1);
	says(find(C_REBOOT_NOT_ALLOWED, &n), "needs-reboot needs a reboot but window w "
	    "allows none");
	says(find(C_OUTSIDE_WINDOW, &n), "needs-reboot is not one of the assets window "
	    "w is for, or runs outside it");
	assert_int_equal(n, 2);		/* neither is a dev asset */
	selector_free(&sel);
}

static void
test_freezes_and_provider_maintenance(void **state)
{
	size_t n;

	(void)state;
	size_t x = asset("x", NULL, 500, 0), y = asset("y", NULL, 500, 0);
	size_t k1 = slot(10, 4, 5, 1), k2 = slot(40, 4, 5, 1);
	b[nb] = (struct interval){ T0 + 12 * H, T0 + 13 * H, PLAN_EVERY_ASSET, 0 };
	labels[nb++] = "quarter-end freeze";
	b[nb] = (struct interval){ T0 + 43 * H, T0 + 45 * H, y, 1 };
	labels[nb++] = "EC2 host retirement";
	put(x, k1, 0, 0);
	put(y, k2, 0, 0);
	put(x, k2, 30, 0);	/* twice: the checker takes edited plans */
	check();
	const struct conflict *c = find(C_FREEZE, &n);
	assert_int_equal(n, 1);
	assert_string_equal(c->other, "quarter-end freeze");
	says(c, "window w falls in a change freeze: quarter-end freeze");
	c = find(C_PROVIDER_OVERLAP, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c->nassets, 1);	/* y's maintenance, not x's */
	assert_int_equal(c->assets[0], y);
	assert_string_equal(c->other, "EC2 host retirement");
	/* Whose maintenance and when: the table has no assets column, and a
	 * CAB record keeps the sentence alone. */
	says(c, "window w overlaps provider maintenance of y from "
	    "2027-01-02T19:00:00Z to 2027-01-02T21:00:00Z: EC2 host retirement");
}

/* Provider maintenance of one asset wholly inside the window it is planned
 * in is downtime the window has anyway: a warning, and the planner takes
 * that window; across the window's edge it stays an error, and a provider
 * that lets the event move (block_latest) gets a move into the window. */
static void
test_provider_maintenance_inside_the_window_and_moves(void **state)
{
	size_t n;
	int64_t latest[8] = { 0 };

	(void)state;
	size_t x = asset("x", NULL, 500, 1), y = asset("y", NULL, 500, 1);
	size_t z = asset("z", NULL, 500, 1);
	size_t k1 = slot(10, 4, 5, 1);
	slot(34, 4, 5, 1);
	b[nb] = (struct interval){ T0 + 11 * H, T0 + 13 * H, x, 1 };
	labels[nb++] = "system-reboot inside";
	b[nb] = (struct interval){ T0 + 13 * H, T0 + 15 * H, y, 1 };
	latest[nb] = T0 + 20 * H;
	labels[nb++] = "system-reboot across the end";
	b[nb] = (struct interval){ T0 + 9 * H, T0 + 11 * H, z, 1 };
	latest[nb] = T0 + 9 * H;	/* may not start later: cannot move */
	labels[nb++] = "system-maintenance before";
	put(x, k1, 0, 0);
	put(y, k1, 0, 0);
	put(z, k1, 0, 0);
	check();
	assert_int_equal(cl.n, 3);
	for (size_t i = 0; i < cl.n; i++)
		assert_int_equal(cl.v[i].code, C_PROVIDER_OVERLAP);
	assert_int_equal(cl.v[0].assets[0], x);
	assert_false(cl.v[0].error);
	says(&cl.v[0], "provider maintenance of x from 2027-01-01T11:00:00Z to "
	    "2027-01-01T13:00:00Z lies inside window w: system-reboot inside; the "
	    "asset is worked on there anyway (its restart and ours can be one; "
	    "plan the work around it)");
	/* A stop or retirement is not a restart that ours can be. */
	cl.v[0].other = "instance-stop: The instance is running on degraded hardware";
	says(&cl.v[0], "provider maintenance of x from 2027-01-01T11:00:00Z to "
	    "2027-01-01T13:00:00Z lies inside window w: instance-stop: The instance "
	    "is running on degraded hardware; the asset is worked on there anyway "
	    "(it stops the instance, which our reboot does not replace: stop and "
	    "start it yourself in the window before its work, which moves it to "
	    "healthy hardware and ends the event, or move the work)");
	cl.v[0].other = "EC2 AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED: x";
	says(&cl.v[0], "provider maintenance of x from 2027-01-01T11:00:00Z to "
	    "2027-01-01T13:00:00Z lies inside window w: EC2 "
	    "AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED: x; the asset is "
	    "worked on there anyway (it stops the instance, which our reboot does "
	    "not replace: stop and start it yourself in the window before its "
	    "work, which moves it to healthy hardware and ends the event, or move "
	    "the work)");
	cl.v[0].other = "system-reboot inside";
	assert_true(cl.v[1].error);
	assert_true(cl.v[2].error);

	/* Only y's event may move: into its own window, after our work there
	 * (10:00-10:30), so the provider's restart never stops a machine
	 * mid-patch. */
	struct provider_move *m;
	checked_in.block_latest = latest;
	n = conflicts_provider_moves(&checked_in, &plan, &cl, &m);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].asset, y);
	assert_int_equal(m[0].block, 1);
	assert_int_equal(m[0].slot, k1);
	assert_true(m[0].at == T0 + 10 * H + 30 * 60);
	assert_true(cl.v[m[0].conflict].assets[0] == y);
	free(m);
	/* Our work there running to 13:00 leaves no two hours before the
	 * window's end: no move into it (the next window starts past the
	 * latest start the provider allows). */
	int64_t end = plan.v[1].end_utc;
	plan.v[1].end_utc = s[k1].start_utc + 3 * H;
	assert_int_equal(conflicts_provider_moves(&checked_in, &plan, &cl, &m), 0);
	free(m);
	plan.v[1].end_utc = end;

	/* The planner puts x into the window its maintenance lies in, and
	 * passes it by for y and z. */
	struct plan made;
	assert_int_equal(plan_make(&checked_in, &made), 0);
	for (size_t i = 0; i < made.n; i++)
		assert_int_equal(made.v[i].slot == k1, made.v[i].asset == x);
	plan_free(&made);
}

/* Two events of one provider on one asset in one wave, alike in words (EC2
 * writes "scheduled reboot" for every reboot) but not in time, are two
 * conflicts: acknowledging the warning of the one inside the window must not
 * acknowledge the error of the one across its edge, nor hold once the
 * provider moves the event (the acknowledgement said when it fell). */
static void
fp_of(size_t i, int64_t *fp)
{
	size_t *wave_of, *first;

	plan_waves(&plan, &wave_of, &first);
	*fp = conflict_fingerprint(&checked_in, &plan, first, &cl.v[i]);
	free(wave_of);
	free(first);
}

static void
test_provider_events_alike_in_words_are_told_apart_by_their_times(void **state)
{
	int64_t inside, across, moved;

	(void)state;
	size_t x = asset("x", NULL, 500, 1);
	size_t k = slot(10, 4, 5, 1);
	b[nb] = (struct interval){ T0 + 11 * H, T0 + 12 * H, x, 1 };
	labels[nb++] = "system-reboot: scheduled reboot";
	b[nb] = (struct interval){ T0 + 13 * H, T0 + 15 * H, x, 1 };
	labels[nb++] = "system-reboot: scheduled reboot";
	put(x, k, 0, 0);
	check();
	assert_int_equal(cl.n, 2);
	assert_false(cl.v[0].error);
	assert_true(cl.v[1].error);
	fp_of(0, &inside);
	fp_of(1, &across);
	assert_true(inside != across);
	b[0].start += H / 2;	/* the provider moved it, still inside */
	b[0].end += H / 2;
	check();
	assert_false(cl.v[0].error);
	fp_of(0, &moved);
	assert_true(moved != inside);
}

/* Maintenance of what an asset depends on (an RDS database) is an error for
 * the dependent's wave alone, named with the dependency and the event; it
 * does not take the dependent down, so no cluster counts it. */
static void
test_maintenance_of_a_dependency_is_its_dependents_conflict(void **state)
{
	size_t n;

	(void)state;
	size_t app = asset("app", "c", 500, 0), web = asset("web", "c", 500, 0);
	size_t k = slot(10, 4, 5, 1);
	b[nb] = (struct interval){ T0 + 11 * H, T0 + 11 * H + 1800, app,
	    PLAN_BLOCK_DEPENDENCY };
	labels[nb++] = "arn:aws:rds:eu-west-1:1:db:orders: RDS system-update: x";
	put(app, k, 0, 0);
	put(web, k, 0, 0);
	check();
	const struct conflict *c = find(C_DEPENDENCY_MAINTENANCE, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c->error, 1);
	assert_int_equal(c->nassets, 1);
	assert_int_equal(c->assets[0], app);
	says(c, "window w overlaps provider maintenance from 2027-01-01T11:00:00Z "
	    "to 2027-01-01T11:30:00Z of what app depends on: "
	    "arn:aws:rds:eu-west-1:1:db:orders: RDS system-update: x");
	assert_null(find(C_PROVIDER_OVERLAP, &n));
	/* Two of cluster c at once (max 1) is CLUSTER_DOWN for the wave
	 * itself; the dependency's maintenance adds no third member. */
	c = find(C_CLUSTER_DOWN, &n);
	assert_int_equal(c->count, 2);
}

static void
test_cluster_of_two_with_max_one_down(void **state)
{
	size_t n;

	(void)state;
	size_t m1 = asset("db-1", "db", 500, 1), m2 = asset("db-2", "db", 500, 1);
	size_t k1 = slot(10, 4, 5, 1), k2 = slot(40, 4, 5, 1);
	put(m1, k1, 0, 0);
	put(m2, k1, 15, 0);	/* 10:15-10:45 while m1 is down to 10:30 */
	check();
	const struct conflict *c = find(C_CLUSTER_DOWN, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c->nassets, 2);
	assert_string_equal(c->other, "db");
	says(c, "2 members of cluster db (db-1, db-2) are down at once from "
	    "2027-01-01T10:15:00Z to 2027-01-01T10:30:00Z; at most 1 may be");
	/* Rolling: one after the other in one window is fine. */
	plan.n = 0;
	put(m1, k1, 0, 0);
	put(m2, k1, 30, 0);
	check();
	find(C_CLUSTER_DOWN, &n);
	assert_int_equal(n, 0);
	/* Unless the policy's cluster_gap keeps m1 down past m2's start. */
	p.cluster_gap = 10;
	check();
	c = find(C_CLUSTER_DOWN, &n);
	assert_int_equal(n, 1);
	says(c, "2 members of cluster db (db-1, db-2) are down at once from "
	    "2027-01-01T10:30:00Z to 2027-01-01T10:40:00Z; at most 1 may be");
	p.cluster_gap = 0;
	plan.n = 0;
	put(m1, k1, 0, 0);
	put(m2, k2, 0, 0);
	check();
	find(C_CLUSTER_DOWN, &n);
	assert_int_equal(n, 0);
	/* m2's provider maintenance during m1's work also counts. */
	b[nb] = (struct interval){ T0 + 10 * H + 600, T0 + 10 * H + 1200, m2, 1 };
	labels[nb++] = "RDS patching";
	check();
	c = find(C_CLUSTER_DOWN, &n);
	assert_int_equal(n, 1);
	/* The sentence says m2 is down for its maintenance: its own wave is
	 * weeks away, and "down at once" alone sent the reader looking there. */
	says(c, "2 members of cluster db (db-1, db-2 in provider maintenance) are "
	    "down at once from 2027-01-01T10:10:00Z to 2027-01-01T10:20:00Z; at "
	    "most 1 may be");
}

static void
test_a_window_too_short_for_its_wave(void **state)
{
	size_t n;

	(void)state;
	size_t x = asset("x", NULL, 500, 0), y = asset("y", NULL, 500, 0);
	size_t z = asset("z", NULL, 500, 0);
	size_t k = slot(10, 1, 1, 1);		/* one lane, one hour */
	put(x, k, 0, 0);
	put(y, k, 30, 0);
	put(z, k, 45, 0);			/* overlaps y, and ends past the end */
	check();
	const struct conflict *c = find(C_CAPACITY, &n);
	assert_int_equal(n, 2);		/* past the cutoff, and two at once */
	says(c, c->count ? "2 assets are worked on at once at 2027-01-01T10:45:00Z in "
	    "window w, which has 1 lanes" : "work in window w starts after its cutoff "
	    "or cannot finish before its end");
	says(c + 1, c[1].count ? "2 assets are worked on at once at 2027-01-01T10:45:00Z "
	    "in window w, which has 1 lanes" : "work in window w starts after its "
	    "cutoff or cannot finish before its end");
	assert_true(!c->count != !c[1].count);	/* one of each */
}

/* The cutoff is the last start: work started by it may run on to the
 * window's end, as the planner plans it; work starting later may not. */
static void
test_the_cutoff_is_the_last_start(void **state)
{
	size_t n;

	(void)state;
	size_t x = asset("x", NULL, 500, 0), y = asset("y", NULL, 500, 0);
	size_t k = slot(10, 2, 1, 1);
	s[k].last_start_utc -= 60 * 60;		/* a one-hour cutoff: 11:00 */
	put(x, k, 30, 0);			/* 10:30-11:00 */
	put(y, k, 60, 0);			/* 11:00-11:30: starts at the cutoff */
	check();
	find(C_CAPACITY, &n);
	assert_int_equal(n, 0);
	plan.v[1].start_utc += 60;		/* 11:01: after it */
	plan.v[1].end_utc += 60;
	check();
	const struct conflict *c = find(C_CAPACITY, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c->nassets, 1);
	says(c, "work in window w starts after its cutoff or cannot finish before "
	    "its end");
}

/* A wave split by hand: two waves in one window share its lanes. */
static void
test_split_waves_share_their_window(void **state)
{
	size_t n, wn, *wave_of, *first;

	(void)state;
	size_t x = asset("x", NULL, 500, 0), y = asset("y", NULL, 500, 0);
	size_t k = slot(10, 4, 1, 1);		/* one lane */
	put(x, k, 0, 0);
	put(y, k, 0, 0);
	plan.v[1].part = 1;			/* y's own wave, same window */
	wn = plan_waves(&plan, &wave_of, &first);
	assert_int_equal(wn, 2);
	free(wave_of);
	free(first);
	check();
	const struct conflict *c = find(C_CAPACITY, &n);
	assert_int_equal(n, 1);		/* each wave alone fits; both do not */
	assert_int_equal(c->nassets, 2);
	plan.v[1].start_utc += 30 * 60;		/* one after the other */
	plan.v[1].end_utc += 30 * 60;
	check();
	find(C_CAPACITY, &n);
	assert_int_equal(n, 0);
}

static void
test_stage_order_and_dst(void **state)
{
	size_t n;

	(void)state;
	p.stages = calloc(2, sizeof *p.stages);
	p.stages[0].name = strdup("canary");
	p.stages[0].soak_days = 1;
	p.stages[1].name = strdup("prod");
	p.nstages = 2;
	size_t c = asset("canary-1", NULL, 500, 0), q = asset("prod-1", NULL, 500, 0);
	size_t k1 = slot(10, 4, 5, 1), k2 = slot(20, 4, 5, 1);
	s[k2].local_start = TZ_LOCAL_GAP;
	put(c, k1, 0, 0);
	put(q, k2, 0, 1);	/* 10 h after canary, not a day */
	check();
	const struct conflict *k = find(C_STAGE_ORDER, &n);
	assert_int_equal(n, 1);
	assert_int_equal(k->assets[0], q);
	says(k, "window w (stage prod) starts 2027-01-01T20:00:00Z, before stage canary "
	    "has ended and soaked 1 day (2027-01-02T10:30:00Z)");
	k = find(C_DST, &n);
	assert_int_equal(n, 1);
	assert_false(k->error);
	says(k, "window w starts at a local time that does not exist (a DST gap moves "
	    "it) that day");
}

/* With a gate share the stage's assets ending after the gate are
 * STAGE_STRAGGLER warnings and the next stage may start after the gate
 * plus soak (no STAGE_ORDER); without one, the same plan is STAGE_ORDER. */
static void
test_stage_gate_share_stragglers(void **state)
{
	size_t n;

	(void)state;
	p.stages = calloc(2, sizeof *p.stages);
	p.stages[0].name = strdup("canary");
	p.stages[0].soak_days = 1;
	p.stages[0].gate_pct = 50;
	p.stages[1].name = strdup("prod");
	p.nstages = 2;
	size_t c1 = asset("canary-1", NULL, 500, 0), c2 = asset("canary-2", NULL, 500, 0);
	size_t q = asset("prod-1", NULL, 500, 0);
	size_t k1 = slot(10, 4, 5, 1), k2 = slot(40, 4, 5, 1), k3 = slot(100, 4, 5, 1);
	put(c1, k1, 0, 0);
	put(q, k2, 0, 1);	/* after canary-1's end + 1 day */
	put(c2, k3, 0, 0);	/* the straggler */
	check();
	const struct conflict *k = find(C_STAGE_STRAGGLER, &n);
	assert_int_equal(n, 1);
	assert_false(k->error);
	assert_int_equal(k->nassets, 1);
	assert_int_equal(k->assets[0], c2);
	says(k, "canary-2 (stage canary) is planned to end 2027-01-05T04:30:00Z, "
	    "after the stage's gate of 50% at 2027-01-01T10:30:00Z: the next "
	    "stage does not wait for it");
	find(C_STAGE_ORDER, &n);
	assert_int_equal(n, 0);
	p.stages[0].gate_pct = 0;
	check();
	find(C_STAGE_STRAGGLER, &n);
	assert_int_equal(n, 0);
	k = find(C_STAGE_ORDER, &n);
	assert_int_equal(n, 1);
	assert_int_equal(k->assets[0], q);
}

static void
test_the_planners_plan_has_no_errors_but_its_breaches(void **state)
{
	(void)state;
	for (int i = 0; i < 6; i++) {
		static const char *keys[] = { "a", "b", "c", "d", "e", "f" };
		asset(keys[i], i % 2 ? "cl" : NULL, 20 + i * 30, i % 3 == 0);
	}
	slot(10, 2, 2, 1);
	slot(30, 2, 2, 0);
	slot(60, 2, 2, 1);
	slot(90, 2, 2, 1);
	b[nb] = (struct interval){ T0 + 31 * H, T0 + 32 * H, PLAN_EVERY_ASSET, 0 };
	labels[nb++] = "freeze";
	struct plan_input in = { .policy = &p, .assets = a, .deadlines = d,
	    .nassets = na, .slots = s, .nslots = ns, .blocks = b, .nblocks = nb,
	    .now_utc = T0 };
	plan_make(&in, &plan);
	check();
	size_t breaches = 0;
	for (size_t i = 0; i < plan.n; i++)
		breaches += plan.v[i].breach;
	for (size_t i = 0; i < cl.n; i++)
		if (cl.v[i].error)
			assert_true(cl.v[i].code == C_SLA_BREACH ||
			    cl.v[i].code == C_UNPLANNED);
	size_t n;
	find(C_SLA_BREACH, &n);
	assert_int_equal(n, breaches);
	find(C_UNPLANNED, &n);
	assert_int_equal(n, plan.nunplaced);
}

static void
test_calendar_wide_blocks_in_the_checker(void **state)
{
	size_t n;

	(void)state;
	size_t eu = asset("eu-1", "c", 500, 1), us = asset("us-1", "c", 500, 1);
	a[eu].region = "eu";
	a[us].region = "us";
	size_t k1 = slot(10, 4, 5, 1), k2 = slot(40, 4, 5, 1);
	put(us, k1, 60, 0);	/* 11:00-11:30 */
	put(eu, k2, 0, 0);
	struct selector in_eu = { 0 };
	selector_add(&in_eu, "region", "eu");
	const struct selector *scopes[] = { &in_eu };
	struct interval sb[] = { { T0 + 11 * H, T0 + 12 * H, 0, 1 },
	    { T0 + 41 * H, T0 + 42 * H, 0, 0 } };
	const char *sl[] = { "eu maintenance", "eu freeze" };
	struct plan_input in = { .policy = &p, .assets = a, .deadlines = d,
	    .nassets = na, .slots = s, .nslots = ns, .sblocks = sb, .nsblocks = 2,
	    .scopes = scopes, .nscopes = 1, .sblock_labels = sl, .now_utc = T0 };
	conflict_list_free(&cl);
	conflicts_check(&in, &plan, &cl);
	/* us-1's work meets eu maintenance: not us-1's, but eu-1 (its
	 * cluster mate) is down then. eu-1's window meets the eu freeze. */
	find(C_PROVIDER_OVERLAP, &n);
	assert_int_equal(n, 0);
	const struct conflict *k = find(C_CLUSTER_DOWN, &n);
	assert_int_equal(n, 1);
	assert_int_equal(k->nassets, 2);
	k = find(C_FREEZE, &n);
	assert_int_equal(n, 1);
	assert_int_equal(k->assets[0], eu);
	assert_string_equal(k->other, "eu freeze");
	selector_free(&in_eu);
	(void)k1;
	(void)k2;
}

/* An asset at risk in a window that has ended undone (a stale plan) is
 * PAST_WINDOW's, not SLA_AT_RISK's, which would read as work still ahead;
 * carried out (done), nothing is said of it either way. */
static void
test_at_risk_in_a_window_ended_is_past_not_at_risk(void **state)
{
	size_t n;

	(void)state;
	size_t x = asset("x", NULL, 20, 1);
	size_t k1 = slot(10, 4, 5, 1);
	put(x, k1, 0, 0);
	check();
	assert_non_null(find(C_SLA_AT_RISK, &n));
	assert_int_equal(n, 1);
	checked_in.now_utc = T0 + 15 * H;	/* k1 ended, the deadline not */
	conflict_list_free(&cl);
	conflicts_check(&checked_in, &plan, &cl);
	find(C_SLA_AT_RISK, &n);
	assert_int_equal(n, 0);
	assert_non_null(find(C_PAST_WINDOW, &n));
	unsigned char done[8] = { 0 };
	done[x] = 1;
	checked_in.done = done;
	conflict_list_free(&cl);
	conflicts_check(&checked_in, &plan, &cl);
	find(C_PAST_WINDOW, &n);
	assert_int_equal(n, 0);
	checked_in.done = NULL;
}

/* A wave whose window has ended before now, its assets still pending and no
 * implemented change covering it, is PAST_WINDOW; carried out (done), or with
 * nothing pending, or seen before its end, it is not. */
static void
test_a_window_ended_before_now_is_past(void **state)
{
	size_t n;

	(void)state;
	size_t x = asset("x", NULL, 500, 1), y = asset("y", NULL, 500, 1);
	size_t z = asset("z", NULL, 500, 1);
	size_t k1 = slot(10, 4, 5, 1), k2 = slot(40, 4, 5, 1);
	put(x, k1, 0, 0);
	put(y, k1, 30, 0);
	put(z, k2, 0, 0);
	check();
	find(C_PAST_WINDOW, &n);
	assert_int_equal(n, 0);
	/* Seen at 20h: k1 has ended, k2 not yet. */
	unsigned char done[8] = { 0 };
	checked_in.now_utc = T0 + 20 * H;
	conflict_list_free(&cl);
	conflicts_check(&checked_in, &plan, &cl);
	const struct conflict *c = find(C_PAST_WINDOW, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c->error, 1);
	assert_int_equal(c->nassets, 2);
	assert_int_equal(c->wave, 0);
	says(c, "window w ended at 2027-01-01T14:00:00Z, before now "
	    "(2027-01-01T20:00:00Z); 2 assets in it (x, ...) still have the patches "
	    "and no implemented change covers the wave: plan again to move them "
	    "forward");
	/* x carried out (an implemented change covers its wave), y patched. */
	done[x] = 1;
	checked_in.done = done;
	d[y].patches = 0;
	conflict_list_free(&cl);
	conflicts_check(&checked_in, &plan, &cl);
	find(C_PAST_WINDOW, &n);
	assert_int_equal(n, 0);
	/* Carried out and in no wave: not UNPLANNED either. */
	plan.n = 0;
	conflict_list_free(&cl);
	conflicts_check(&checked_in, &plan, &cl);
	find(C_UNPLANNED, &n);
	assert_int_equal(n, 1);		/* z only */
	assert_int_equal(find(C_UNPLANNED, &n)->assets[0], z);
	checked_in.done = NULL;
}

/* A member two calendars cover at once is one member down: "3 members down"
 * means three members, each named. */
static void
test_a_member_two_calendars_cover_counts_once_in_the_checker(void **state)
{
	size_t n;

	(void)state;
	size_t x = asset("db-1", "db", 500, 1), y = asset("db-2", "db", 500, 1);
	a[x].region = a[y].region = "eu";
	a[y].zone = "eu-1a";
	p.clusters = calloc(1, sizeof *p.clusters);
	p.clusters[0].name = strdup("db");
	p.clusters[0].max_down = 2;
	p.nclusters = 1;
	size_t k1 = slot(10, 4, 5, 1), k2 = slot(40, 4, 5, 1);
	put(x, k1, 60, 0);	/* 11:00-11:30, with db-2's maintenance */
	put(y, k2, 0, 0);
	struct selector zone = { 0 }, region = { 0 };
	selector_add(&zone, "zone", "eu-1a");
	selector_add(&region, "region", "eu");
	selector_add(&region, "zone", "eu-1a");
	const struct selector *scopes[] = { &zone, &region };
	struct interval sb[] = { { T0 + 11 * H, T0 + 12 * H, 0, 1 },
	    { T0 + 11 * H + 1800, T0 + 13 * H, 1, 1 } };
	const char *sl[] = { "zone maintenance", "region maintenance" };
	struct plan_input in = { .policy = &p, .assets = a, .deadlines = d,
	    .nassets = na, .slots = s, .nslots = ns, .sblocks = sb, .nsblocks = 2,
	    .scopes = scopes, .nscopes = 2, .sblock_labels = sl, .now_utc = T0 };
	conflict_list_free(&cl);
	conflicts_check(&in, &plan, &cl);
	find(C_CLUSTER_DOWN, &n);
	assert_int_equal(n, 0);
	/* A third member in k1: now three are down, and all three named. */
	size_t z = asset("db-3", "db", 500, 1);
	in.nassets = na;
	put(z, k1, 60, 0);
	conflict_list_free(&cl);
	conflicts_check(&in, &plan, &cl);
	const struct conflict *k = find(C_CLUSTER_DOWN, &n);
	assert_int_equal(n, 1);
	assert_int_equal(k->count, 3);
	assert_int_equal(k->nassets, 3);
	/* and a member whose own maintenance runs over its window's end is
	 * one member too: db-1 and db-2 in k2 are two (max 2), not three. */
	plan.n = 0;
	put(x, k2, 0, 0);
	put(y, k2, 0, 0);	/* two in k2: max 2 */
	b[nb] = (struct interval){ T0 + 43 * H, T0 + 45 * H, y, 1 };
	labels[nb++] = "host maintenance";
	in.blocks = b;
	in.nblocks = nb;
	in.block_labels = labels;
	conflict_list_free(&cl);
	conflicts_check(&in, &plan, &cl);
	find(C_CLUSTER_DOWN, &n);
	assert_int_equal(n, 0);
	selector_free(&zone);
	selector_free(&region);
}

static void
test_proposals_are_tried_not_guessed(void **state)
{
	size_t got[4], n;

	(void)state;
	size_t x = asset("x", NULL, 110, 1), y = asset("y", NULL, 500, 0);
	size_t k1 = slot(10, 4, 5, 1);
	k1 = slot(40, 4, 5, 1);
	(void)slot(70, 4, 5, 0);
	size_t k3 = slot(100, 4, 5, 1);
	(void)slot(130, 4, 5, 1);
	b[nb] = (struct interval){ T0 + 11 * H, T0 + 12 * H, PLAN_EVERY_ASSET, 0 };
	labels[nb++] = "freeze";
	b[nb] = (struct interval){ T0 + 41 * H, T0 + 42 * H, x, 1 };
	labels[nb++] = "host retirement";
	put(x, k1, 0, 0);
	put(y, k3, 0, 0);
	check();
	assert_non_null(find(C_PROVIDER_OVERLAP, &n));
	struct plan_input in = { .policy = &p, .assets = a, .deadlines = d,
	    .nassets = na, .slots = s, .nslots = ns, .blocks = b, .nblocks = nb,
	    .now_utc = T0, .block_labels = labels };
	/* The slots at 10h (frozen) and 70h (no reboots; x needs one) are out
	 * at a glance; the one at 130h passes that glance but the trial finds
	 * x past its deadline there. Only 100h, where y already is, will do. */
	assert_int_equal(conflicts_proposals(&in, &plan, &x, 1, got, 4, 10), 1);
	assert_int_equal(got[0], k3);
	assert_int_equal(conflicts_proposals(&in, &plan, &x, 1, got, 4, 1), 1);
	/* Make x and y one cluster (one member down at most, the default):
	 * 100h would take both down at once, so nothing will do. */
	a[x].cluster = a[y].cluster = (char *)"pair";
	assert_int_equal(conflicts_proposals(&in, &plan, &x, 1, got, 4, 10), 0);
	/* An asset that is not placed has nothing to move. */
	size_t z = asset("z", NULL, 500, 0);
	in.nassets = na;
	assert_int_equal(conflicts_proposals(&in, &plan, &z, 1, got, 4, 10), 0);
}

/* A window before the asset's release is out at a glance: no trial is spent
 * on it (one trial is enough to find the window after the release). */
static void
test_proposals_never_try_a_window_before_the_release(void **state)
{
	size_t got[4], n;

	(void)state;
	size_t x = asset("x", NULL, 500, 0);
	d[x].release_utc = T0 + 75 * H;
	(void)slot(10, 4, 5, 1);
	size_t k1 = slot(40, 4, 5, 1);
	(void)slot(70, 4, 5, 1);
	size_t k3 = slot(100, 4, 5, 1);
	b[nb] = (struct interval){ T0 + 41 * H, T0 + 42 * H, PLAN_EVERY_ASSET, 0 };
	labels[nb++] = "freeze";
	put(x, k1, 0, 0);
	check();
	assert_non_null(find(C_FREEZE, &n));
	assert_non_null(find(C_NOT_RELEASED, &n));
	struct plan_input in = { .policy = &p, .assets = a, .deadlines = d,
	    .nassets = na, .slots = s, .nslots = ns, .blocks = b, .nblocks = nb,
	    .now_utc = T0, .block_labels = labels };
	assert_int_equal(conflicts_proposals(&in, &plan, &x, 1, got, 4, 1), 1);
	assert_int_equal(got[0], k3);
}

/* The code list (model/conflict_codes.h) is the only place a code is named:
 * each has its C name as its name, a meaning of one line, a sentence, and
 * parses back to itself. */
static void
test_every_code_has_a_name_a_meaning_and_a_sentence(void **state)
{
	static const char *const spelled[] = {
#define SPELLED(code, say, meaning)	#code,
		CONFLICT_CODES(SPELLED)
#undef SPELLED
	};

	(void)state;
	assert_int_equal(sizeof spelled / sizeof spelled[0], C_COUNT);
	checked_in = (struct plan_input){ .policy = &p };
	for (int c = 0; c < C_COUNT; c++) {
		const char *m = conflict_code_meaning((enum conflict_code)c);
		assert_string_equal(conflict_code_name((enum conflict_code)c), spelled[c]);
		assert_int_equal(conflict_code_parse(spelled[c]), c);
		assert_true(strlen(m) > 10);
		assert_null(strchr(m, '\n'));
		/* A conflict with nothing in it still gets its own words. */
		struct conflict k = { .code = (enum conflict_code)c, .wave = SIZE_MAX,
		    .slot = UINT_MAX, .other = "" };
		struct buf said = { 0 };
		conflict_message(&checked_in, &k, &said);
		assert_true(strlen(buf_str(&said)) > 10);
		for (int o = 0; o < c; o++) {
			struct conflict ko = k;
			struct buf other = { 0 };
			ko.code = (enum conflict_code)o;
			conflict_message(&checked_in, &ko, &other);
			assert_string_not_equal(buf_str(&said), buf_str(&other));
			buf_free(&other);
		}
		buf_free(&said);
	}
	assert_int_equal(conflict_code_parse("sla_breach"), -1);	/* exact */
	assert_int_equal(conflict_code_parse("SLA_BREACH "), -1);
	assert_int_equal(conflict_code_parse(""), -1);
	assert_int_equal(conflict_code_parse("?"), -1);
	assert_int_equal(conflict_code_parse(NULL), -1);
	assert_string_equal(conflict_code_name(C_COUNT), "?");
	assert_string_equal(conflict_code_meaning(C_COUNT), "");
}

/* Each code comes from exactly one pass of conflicts.c's table. */
static void
test_every_code_is_raised_by_exactly_one_pass(void **state)
{
	(void)state;
	assert_true(nconflict_passes > 0);
	for (int c = 0; c < C_COUNT; c++) {
		size_t by = 0;
		for (size_t i = 0; i < nconflict_passes; i++)
			by += (conflict_passes[i].emits & CONFLICT_BIT(c)) != 0;
		if (by != 1)
			fail_msg("%s is raised by %zu passes", conflict_code_name(c), by);
	}
	for (size_t i = 0; i < nconflict_passes; i++) {
		assert_non_null(conflict_passes[i].name);
		assert_non_null(conflict_passes[i].check);
		assert_int_equal(conflict_passes[i].emits & ~(CONFLICT_BIT(C_COUNT) - 1), 0);
	}
}

/* One plan with every code in it; run alone, each pass raises only what its
 * row declares, and together they raise all of it. */
static void
test_each_pass_raises_only_what_it_declares(void **state)
{
	uint32_t seen = 0, all = CONFLICT_BIT(C_COUNT) - 1;
	size_t total = 0;

	(void)state;
	p.stages = calloc(2, sizeof *p.stages);
	p.stages[0].name = strdup("canary");
	p.stages[0].soak_days = 1;
	p.stages[0].gate_pct = 50;	/* rds, ending last, is a straggler */
	p.stages[1].name = strdup("prod");
	p.nstages = 2;
	size_t late = asset("late", NULL, 5, 1), close = asset("close", NULL, 24, 0);
	size_t rds = asset("rds", NULL, 500, 0);
	(void)asset("left-out", NULL, 500, 0);
	cover(asset("accepted", NULL, 5, 0));	/* covered, in no wave */
	size_t m1 = asset("db-1", "db", 500, 0), m2 = asset("db-2", "db", 500, 0);
	size_t soon = asset("soon", NULL, 40, 0);
	a[rds].service_model = SM_PAAS;
	size_t k1 = slot(10, 1, 1, 0), k2 = slot(20, 4, 5, 1);
	struct selector dev = { 0 };
	selector_add(&dev, "environment", "dev");
	s[k1].admits = &dev;			/* nobody here is dev */
	s[k1].local_start = TZ_LOCAL_GAP;
	b[nb] = (struct interval){ T0 + 10 * H, T0 + 11 * H, PLAN_EVERY_ASSET, 0 };
	labels[nb++] = "freeze";
	b[nb] = (struct interval){ T0 + 21 * H, T0 + 22 * H, m1, 1 };
	labels[nb++] = "maintenance";
	b[nb] = (struct interval){ T0 + 21 * H, T0 + 22 * H, m2,
	    PLAN_BLOCK_DEPENDENCY };
	labels[nb++] = "orders: RDS system-update";
	d[close].release_utc = T0 + 11 * H;	/* put in k1 before it is out */
	put(late, k1, 0, 0);		/* past due, needs the reboot k1 lacks */
	put(close, k1, 15, 0);		/* two at once in one lane */
	put(rds, k1, 45, 0);		/* PaaS; ends past k1 */
	put(m1, k2, 0, 1);		/* both down at once, before canary soaked */
	put(m2, k2, 15, 1);
	put(soon, k2, 30, 1);		/* at risk, in a window still ahead */
	check();
	checked_in.now_utc = T0 + 12 * H;	/* k1 has ended: PAST_WINDOW */
	conflict_list_free(&cl);
	conflicts_check(&checked_in, &plan, &cl);
	for (size_t i = 0; i < cl.n; i++)
		seen |= CONFLICT_BIT(cl.v[i].code);
	assert_int_equal(seen, all);
	seen = 0;
	for (size_t i = 0; i < nconflict_passes; i++) {
		struct conflict_list one = { 0 };
		conflicts_check_passes(&checked_in, &plan, &conflict_passes[i], 1, &one);
		for (size_t j = 0; j < one.n; j++) {
			uint32_t bit = CONFLICT_BIT(one.v[j].code);
			if ((conflict_passes[i].emits & bit) == 0)
				fail_msg("pass %s raised %s, not in its row",
				    conflict_passes[i].name,
				    conflict_code_name(one.v[j].code));
			seen |= bit;
		}
		total += one.n;
		conflict_list_free(&one);
	}
	assert_int_equal(seen, all);
	assert_int_equal(total, cl.n);
	selector_free(&dev);
}

/* why's reasons are the codes' names, from the same list, but for TAKEN and
 * HELD_BACK (the repair's choice: the checker sees UNPLANNED). */
static void
test_the_planners_reasons_are_named_by_the_code_list(void **state)
{
	static const struct {
		enum plan_reason	r;
		enum conflict_code	c;
	} same[] = { { PR_STAGE_ORDER, C_STAGE_ORDER },
	    { PR_OUTSIDE_WINDOW, C_OUTSIDE_WINDOW },
	    { PR_REBOOT_NOT_ALLOWED, C_REBOOT_NOT_ALLOWED },
	    { PR_CAPACITY, C_CAPACITY }, { PR_PROVIDER_OVERLAP, C_PROVIDER_OVERLAP },
	    { PR_DEPENDENCY_MAINTENANCE, C_DEPENDENCY_MAINTENANCE },
	    { PR_FREEZE, C_FREEZE }, { PR_CLUSTER_DOWN, C_CLUSTER_DOWN },
	    { PR_NOT_RELEASED, C_NOT_RELEASED } };

	(void)state;
	assert_int_equal(sizeof same / sizeof same[0], PR_COUNT - 2);
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		assert_ptr_equal(plan_reason_name(same[i].r), conflict_code_name(same[i].c));
	assert_string_equal(plan_reason_name(PR_TAKEN), "TAKEN");
	assert_string_equal(plan_reason_name(PR_HELD_BACK), "HELD_BACK");
	assert_string_equal(plan_reason_name(PR_COUNT), "?");
}

#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_deadlines_breached_and_at_risk),
		T(test_unplanned_and_provider_owned),
		T(test_a_placement_before_the_release_is_not_released),
		T(test_a_pending_reboot_unplanned_or_late),
		T(test_covered_patches_are_accepted_risk_not_breach_nor_unplanned),
		T(test_reboot_and_admission),
		T(test_freezes_and_provider_maintenance),
		T(test_provider_maintenance_inside_the_window_and_moves),
		T(test_provider_events_alike_in_words_are_told_apart_by_their_times),
		T(test_maintenance_of_a_dependency_is_its_dependents_conflict),
		T(test_cluster_of_two_with_max_one_down),
		T(test_a_member_two_calendars_cover_counts_once_in_the_checker),
		T(test_a_window_ended_before_now_is_past),
		T(test_at_risk_in_a_window_ended_is_past_not_at_risk),
		T(test_a_window_too_short_for_its_wave),
		T(test_the_cutoff_is_the_last_start),
		T(test_split_waves_share_their_window),
		T(test_stage_order_and_dst),
		T(test_stage_gate_share_stragglers),
		T(test_the_planners_plan_has_no_errors_but_its_breaches),
		T(test_calendar_wide_blocks_in_the_checker),
		T(test_proposals_are_tried_not_guessed),
		T(test_proposals_never_try_a_window_before_the_release),
		T(test_every_code_has_a_name_a_meaning_and_a_sentence),
		T(test_every_code_is_raised_by_exactly_one_pass),
		T(test_each_pass_raises_only_what_it_declares),
		T(test_the_planners_reasons_are_named_by_the_code_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
