/* What a change touches: its waves' windows and assets, the conflicts
 * involving it, maintenance and freezes near it, and the facts its risk and
 * its submission gate follow from; on a small hand-made checked plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../model/change_touch.h"
#include "testutil.h"

#define H	3600
#define DAY	86400
#define T0	1798761600	/* 2027-01-01T00:00:00Z */

static struct policy p;
static struct asset a[6];
static struct deadline d[6];
static struct slot s[3];
static struct interval b[3];
static const char *labels[3] = { "ec2 reboot", "year-end freeze", "far away" };
static struct plan plan;
static long long wave_ids[6];
static size_t *wave_of, *first, nwaves;
static struct conflict_list cl;
static struct plan_input in;

static void
asset(size_t i, const char *key, const char *env, const char *tier,
    const char *cluster, int due_hours)
{
	asset_init(&a[i]);
	a[i].key = a[i].hostname = (char *)key;
	a[i].environment = (char *)env;
	a[i].tier = (char *)tier;
	a[i].cluster = (char *)cluster;
	a[i].service_model = SM_IAAS;
	deadline_init(&d[i]);
	d[i].due_utc = T0 + (int64_t)due_hours * H;
	d[i].patches = 1;
	d[i].advisory = "CVE-1";
}

/* Asset i in slot k of wave id, 30 minutes from minute m. */
static void
put(size_t i, size_t k, int m, long long id)
{
	plan.v = realloc(plan.v, (plan.n + 1) * sizeof *plan.v);
	wave_ids[plan.n] = id;
	plan.v[plan.n++] = (struct placement){ i, k, 0, s[k].start_utc + m * 60,
	    s[k].start_utc + (m + 30) * 60, 0, 0, 0 };
}

/* Three assets in wave 7 (slot 0), two in wave 9 (slot 1); asset 5 in
 * nothing. Asset 1 ends past its deadline (an error), asset 0 close to it
 * (a warning); provider maintenance on asset 2 and a freeze for everyone
 * near slot 0, and a block far from both. */
static int
setup(void **state)
{
	(void)state;
	policy_init(&p);
	p.at_risk_days = 2;
	s[0] = (struct slot){ T0 + 2 * H, T0 + 6 * H, T0 + 6 * H, "tue", 1, 10, NULL,
	    TZ_LOCAL_ONCE, 0 };
	s[1] = (struct slot){ T0 + 50 * H, T0 + 54 * H, T0 + 54 * H, "thu", 1, 10, NULL,
	    TZ_LOCAL_ONCE, 0 };
	asset(0, "web-1", "prod", "2", "web", 30);
	asset(1, "web-2", "prod", "1", "web", 1);
	asset(2, "db-1", "dev", "", "", 400);
	asset(3, "db-2", "dev", "", "", 400);
	asset(4, "db-3", "test", "", "", 400);
	asset(5, "idle", "dev", "", "", 400);
	put(0, 0, 0, 7);
	put(1, 0, 30, 7);
	put(2, 0, 60, 7);
	put(3, 1, 0, 9);
	put(4, 1, 30, 9);
	b[0] = (struct interval){ T0 + 20 * H, T0 + 22 * H, 2, 1 };
	b[1] = (struct interval){ T0 - 10 * H, T0 - 9 * H, PLAN_EVERY_ASSET, 0 };
	b[2] = (struct interval){ T0 + 90 * DAY, T0 + 91 * DAY, 2, 1 };
	in = (struct plan_input){ .policy = &p, .assets = a, .deadlines = d,
	    .nassets = 6, .slots = s, .nslots = 2, .blocks = b, .nblocks = 3,
	    .now_utc = T0, .block_labels = labels };
	nwaves = plan_waves(&plan, &wave_of, &first);
	memset(&cl, 0, sizeof cl);
	conflicts_check(&in, &plan, &cl);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	policy_free(&p);
	plan_free(&plan);
	memset(&plan, 0, sizeof plan);
	conflict_list_free(&cl);
	free(wave_of);
	free(first);
	return 0;
}

static struct touch_plan
tp(void)
{
	return (struct touch_plan){ &in, &plan, wave_ids, first, nwaves, &cl };
}

static int
acked_all(void *arg, int64_t fp)
{
	(void)arg;
	(void)fp;
	return 1;
}

static void
test_a_change_touches_its_waves_assets_and_windows(void **state)
{
	struct touch_plan k = tp();
	long long waves[] = { 7 };
	struct change_touch t;

	(void)state;
	change_touch_make(&k, waves, 1, NULL, NULL, &t);
	assert_int_equal(t.nwindows, 1);
	assert_int_equal(t.windows[0].wave, 7);
	assert_string_equal(t.windows[0].window, "tue");
	assert_int_equal(t.nplacements, 3);
	assert_true(t.in_change[0] && t.in_change[1] && t.in_change[2]);
	assert_false(t.in_change[3] || t.in_change[5]);
	assert_int_equal(t.start_utc, T0 + 2 * H);
	assert_int_equal(t.end_utc, T0 + 6 * H);
	/* Facts: two production assets, one of a critical tier, one cluster. */
	assert_int_equal(t.f.assets, 3);
	assert_int_equal(t.f.production, 2);
	assert_int_equal(t.f.critical_tier, 1);
	assert_int_equal(t.f.clusters, 1);
	change_touch_free(&t);
}

/* The conflicts involving its assets, and whether each warning was
 * acknowledged; errors never count as acknowledged. */
static void
test_conflicts_involving_it_and_their_acknowledgements(void **state)
{
	struct touch_plan k = tp();
	long long waves[] = { 7 }, other[] = { 9 };
	struct change_touch t;

	(void)state;
	change_touch_make(&k, waves, 1, NULL, NULL, &t);
	assert_true(t.f.errors >= 1);		/* web-2 breaches its SLA */
	assert_true(t.f.warnings >= 1);	/* web-1 is at risk */
	assert_int_equal(t.f.unacknowledged, t.f.warnings);
	assert_int_equal(t.nconflicts, t.f.errors + t.f.warnings);
	change_touch_free(&t);
	change_touch_make(&k, waves, 1, acked_all, NULL, &t);
	assert_int_equal(t.f.unacknowledged, 0);
	for (size_t i = 0; i < t.nconflicts; i++)
		assert_int_equal(t.conflicts[i].acknowledged,
		    !cl.v[t.conflicts[i].conflict].error);
	change_touch_free(&t);
	/* Wave 9 holds neither. */
	change_touch_make(&k, other, 1, NULL, NULL, &t);
	assert_int_equal(t.f.errors, 0);
	assert_int_equal(t.f.warnings, 0);
	change_touch_free(&t);
}

/* An exception covering web-2's patch: its breach is an ACCEPTED_RISK, a
 * warning the exception itself accepted, which submitting does not wait
 * for an acknowledgement of. */
static void
test_an_accepted_risk_needs_no_acknowledgement(void **state)
{
	struct touch_plan k = tp();
	long long waves[] = { 7 };
	struct change_touch t;
	size_t accepted = 0;

	(void)state;
	d[1].covered = 1;
	d[1].covered_due_utc = d[1].due_utc;
	d[1].covered_advisory = "CVE-1";
	d[1].patches = 0;
	d[1].due_utc = INT64_MAX;
	conflict_list_free(&cl);
	memset(&cl, 0, sizeof cl);
	conflicts_check(&in, &plan, &cl);
	change_touch_make(&k, waves, 1, NULL, NULL, &t);
	for (size_t i = 0; i < t.nconflicts; i++) {
		accepted += cl.v[t.conflicts[i].conflict].code == C_ACCEPTED_RISK;
		/* no SLA_BREACH of web-2 now */
		assert_int_not_equal(cl.v[t.conflicts[i].conflict].code, C_SLA_BREACH);
	}
	assert_int_equal(accepted, 1);
	assert_true(t.f.warnings >= 2);		/* web-1 at risk, and it */
	assert_int_equal(t.f.unacknowledged, t.f.warnings - 1);
	change_touch_free(&t);
}

/* Maintenance on its assets and freezes for everyone within a day of its
 * windows; nothing far away, nothing on assets it does not hold. */
static void
test_blocks_within_a_day_of_its_windows(void **state)
{
	struct touch_plan k = tp();
	long long waves[] = { 7 }, other[] = { 9 };
	struct change_touch t;

	(void)state;
	change_touch_make(&k, waves, 1, NULL, NULL, &t);
	assert_int_equal(t.nblocks, 2);
	assert_string_equal(t.blocks[0].kind, "provider");
	assert_string_equal(t.blocks[0].label, "ec2 reboot");
	assert_string_equal(t.blocks[1].kind, "freeze");
	change_touch_free(&t);
	change_touch_make(&k, other, 1, NULL, NULL, &t);
	assert_int_equal(t.nblocks, 0);		/* db-1's maintenance: not its */
	change_touch_free(&t);
}

/* The digest follows the waves' windows, members and times, not the order
 * the waves are named in. */
static void
test_waves_digest_changes_with_the_waves(void **state)
{
	struct touch_plan k = tp();
	long long both[] = { 7, 9 }, swapped[] = { 9, 7 };
	char x[65], y[65], z[65];

	(void)state;
	change_waves_digest(&k, both, 2, 1, x);
	change_waves_digest(&k, swapped, 2, 1, y);
	assert_string_equal(x, y);
	plan.v[4].start_utc += 60;
	change_waves_digest(&k, both, 2, 1, z);
	assert_string_not_equal(x, z);
	plan.v[4].start_utc -= 60;
}

/* A wave kept under its id by a replan whose window now reboots, takes more
 * hosts at once or stops starting work earlier is not the wave submitted:
 * the digest says so (a digest taken without the settings cannot). */
static void
test_waves_digest_changes_with_the_windows_settings(void **state)
{
	struct touch_plan k = tp();
	long long both[] = { 7, 9 };
	char was[65], now[65], legacy[65], legacy_now[65];
	int *field[] = { &s[0].reboot, &s[0].concurrency, &s[1].reboot,
	    &s[1].concurrency };

	(void)state;
	change_waves_digest(&k, both, 2, 1, was);
	change_waves_digest(&k, both, 2, 0, legacy);
	assert_string_not_equal(was, legacy);
	for (size_t i = 0; i < sizeof field / sizeof *field; i++) {
		int kept = *field[i];
		*field[i] = field[i] == &s[0].reboot || field[i] == &s[1].reboot ?
		    !kept : kept + 1;
		change_waves_digest(&k, both, 2, 1, now);
		change_waves_digest(&k, both, 2, 0, legacy_now);
		*field[i] = kept;
		assert_string_not_equal(was, now);
		assert_string_equal(legacy, legacy_now);
	}
	s[0].last_start_utc -= 1800;
	change_waves_digest(&k, both, 2, 1, now);
	s[0].last_start_utc += 1800;
	assert_string_not_equal(was, now);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_waves_digest_changes_with_the_windows_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_change_touches_its_waves_assets_and_windows, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_conflicts_involving_it_and_their_acknowledgements, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_an_accepted_risk_needs_no_acknowledgement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blocks_within_a_day_of_its_windows,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_waves_digest_changes_with_the_waves,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
