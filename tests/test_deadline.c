/* SLA deadlines: release date + SLA days, end of day in the policy's zone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../model/civil.h"
#include "testutil.h"
#include "../model/deadline.h"

static struct patch
mkpatch(const char *adv, enum severity sev, const char *released, int reboot)
{
	struct patch p;

	patch_init(&p);
	p.advisory = (char *)adv;
	p.severity = sev;
	snprintf(p.released, sizeof p.released, "%s", released);
	p.reboot = reboot;
	return p;
}


static void
test_deadline_is_the_end_of_the_last_allowed_day(void **state)
{
	struct policy p;
	struct patch c = mkpatch("CVE-1", SEV_CRITICAL, "2026-11-17", 1);

	(void)state;
	policy_init(&p);
	assert_string_equal(test_utc(deadline_of_patch(&p, &c)), "2026-11-25T00:00:00Z");
	free(p.timezone);
	p.timezone = strdup("Europe/Berlin");
	assert_string_equal(test_utc(deadline_of_patch(&p, &c)), "2026-11-24T23:00:00Z");
	p.sla_days[SEV_CRITICAL] = 0;		/* same day */
	assert_string_equal(test_utc(deadline_of_patch(&p, &c)), "2026-11-17T23:00:00Z");
	policy_free(&p);
}

static void
test_deadline_across_a_dst_change(void **state)
{
	struct policy p;
	struct patch low = mkpatch("L", SEV_LOW, "2026-01-01", 0);

	(void)state;
	policy_init(&p);
	free(p.timezone);
	p.timezone = strdup("America/New_York");
	p.sla_days[SEV_LOW] = 90;		/* 2026-04-01, end of day, EDT */
	assert_string_equal(test_utc(deadline_of_patch(&p, &low)), "2026-04-02T04:00:00Z");
	policy_free(&p);
}

/* A change record keeps a deadline and its SLA days: the release day comes
 * back from them in the policy's zone, for every zone and day (a pack said
 * "2026-10-26 + 7 d" for a patch released on 25 October in New York, the
 * UTC day of the deadline less seven days: a day late west of Greenwich). */
static void
test_release_day_comes_back_from_the_deadline(void **state)
{
	static const char *zones[] = { "UTC", "America/New_York", "Europe/Berlin",
	    "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Kiritimati",
	    "Pacific/Pago_Pago", "America/Santiago", "America/Havana",
	    "Africa/Cairo" };
	static const int sla[] = { 0, 1, 7, 14, 30, 90 };
	struct policy p;
	char day[11];
	int64_t start;

	(void)state;
	policy_init(&p);
	for (size_t z = 0; z < sizeof zones / sizeof *zones; z++) {
		free(p.timezone);
		p.timezone = strdup(zones[z]);
		for (long d = days_from_civil(2026, 1, 1); d < days_from_civil(2027, 1, 1);
		    d++) {
			for (size_t k = 0; k < sizeof sla / sizeof *sla; k++) {
				char rel[16];
				int y, m, dd;
				civil_from_days(d, &y, &m, &dd);
				snprintf(rel, sizeof rel, "%04d-%02d-%02d", y, m, dd);
				p.sla_days[SEV_HIGH] = sla[k];
				struct patch pt = mkpatch("CVE-1", SEV_HIGH, rel, 0);
				deadline_release_day(zones[z], deadline_of_patch(&p, &pt),
				    sla[k], day, &start);
				if (strcmp(day, rel) != 0)
					fail_msg("%s, released %s + %d d: %s", zones[z], rel,
					    sla[k], day);
				assert_int_equal(start, release_of_patch(&p, &pt));
			}
		}
	}
	policy_free(&p);
	deadline_release_day("America/New_York", utc_iso("2026-11-02T05:00:00Z"), 7, day,
	    &start);
	assert_string_equal(day, "2026-10-25");
	assert_string_equal(test_utc(start), "2026-10-25T04:00:00Z");
}

/* Slack rounds down: a minute late is -1 hour and -0.1 (tenths), not the 0
 * and "-0.0" that truncation and printf's rounding gave (a script asking
 * slack_hours < 0 missed the breach); on time or early never goes below 0. */
static void
test_slack_rounds_down_so_a_minute_late_is_negative(void **state)
{
	int64_t due = utc_iso("2026-11-02T05:00:00Z");

	(void)state;
	assert_int_equal(deadline_slack(due, due + 60, 3600), -1);
	assert_int_equal(deadline_slack(due, due + 60, 360), -1);
	assert_int_equal(deadline_slack(due, due + 1, 360), -1);
	assert_int_equal(deadline_slack(due, due, 360), 0);
	assert_int_equal(deadline_slack(due, due - 60, 360), 0);
	assert_int_equal(deadline_slack(due, due - 359, 360), 0);
	assert_int_equal(deadline_slack(due, due - 360, 360), 1);
	assert_int_equal(deadline_slack(due, due + 3600, 3600), -1);
	assert_int_equal(deadline_slack(due, due + 3601, 3600), -2);
	assert_int_equal(deadline_slack(due, due - 21 * 3600, 3600), 21);
}

static void
test_asset_deadline_is_the_earliest_and_order_free(void **state)
{
	struct policy p;
	struct deadline a, b;
	struct patch ps[] = {
		mkpatch("LOW-OLD", SEV_LOW, "2026-09-01", 0),	/* due 11-30 */
		mkpatch("HIGH-B", SEV_HIGH, "2026-11-16", 1),	/* due 11-30 */
		mkpatch("HIGH-A", SEV_HIGH, "2026-11-16", 0),	/* due 11-30 */
		mkpatch("MED", SEV_MEDIUM, "2026-11-20", 0),	/* due 12-20 */
	};

	(void)state;
	policy_init(&p);
	deadline_init(&a);
	deadline_init(&b);
	for (int i = 0; i < 4; i++)
		deadline_add(&a, &p, &ps[i]);
	for (int i = 3; i >= 0; i--)
		deadline_add(&b, &p, &ps[i]);
	assert_string_equal(test_utc(a.due_utc), "2026-12-01T00:00:00Z");
	assert_int_equal(a.severity, SEV_HIGH);		/* ties: more severe */
	assert_string_equal(a.advisory, "HIGH-A");	/* then the smaller id */
	assert_int_equal(a.patches, 4);
	assert_true(a.reboot);
	assert_int_equal(a.due_utc, b.due_utc);
	assert_string_equal(a.advisory, b.advisory);
	policy_free(&p);
}

/* An asset's patches are out from 00:00 of the latest release day, in the
 * policy's zone; a patch with no date holds nothing back. */
static void
test_asset_release_is_the_last_release_day_and_order_free(void **state)
{
	struct policy p;
	struct deadline a, b;
	struct patch ps[] = {
		mkpatch("EARLY", SEV_CRITICAL, "2026-11-10", 1),
		mkpatch("LATE", SEV_LOW, "2026-11-17", 0),
		mkpatch("UNDATED", SEV_LOW, "", 0),
	};

	(void)state;
	policy_init(&p);
	free(p.timezone);
	p.timezone = strdup("Europe/Berlin");
	deadline_init(&a);
	deadline_init(&b);
	assert_true(a.release_utc == INT64_MIN);	/* nothing seen: no wait */
	assert_true(release_of_patch(&p, &ps[2]) == INT64_MIN);
	assert_string_equal(test_utc(release_of_patch(&p, &ps[0])),
	    "2026-11-09T23:00:00Z");
	for (int i = 0; i < 3; i++)
		deadline_add(&a, &p, &ps[i]);
	for (int i = 2; i >= 0; i--)
		deadline_add(&b, &p, &ps[i]);
	assert_string_equal(test_utc(a.release_utc), "2026-11-16T23:00:00Z");
	assert_true(a.release_utc == b.release_utc);
	assert_string_equal(a.advisory, "EARLY");	/* the deadline stays the
							   earliest patch's */
	policy_free(&p);
}

/* A pending reboot is due reboot_pending_days after it became pending, not
 * after now: planned a day later, it is due at the same instant, and past
 * it the deadline stays behind now (a breach). Not known when (a database
 * from before schema 17): from now. */
static void
test_a_pending_reboot_is_due_from_when_it_became_pending(void **state)
{
	struct policy p;
	struct deadline d, later;
	int64_t since = utc_iso("2026-11-20T09:00");

	(void)state;
	policy_init(&p);
	deadline_init(&d);
	deadline_add_reboot(&d, &p, since, utc_iso("2026-11-23T09:00"));
	assert_string_equal(test_utc(d.due_utc), "2026-11-27T09:00:00Z");
	deadline_init(&later);
	deadline_add_reboot(&later, &p, since, utc_iso("2026-11-24T09:00"));
	assert_true(later.due_utc == d.due_utc);
	deadline_init(&later);
	deadline_add_reboot(&later, &p, since, utc_iso("2026-11-30T09:00"));
	assert_true(later.due_utc == d.due_utc);
	assert_true(later.due_utc < utc_iso("2026-11-30T09:00"));
	assert_true(deadline_of_reboot(&p, since, 0) == d.due_utc);
	assert_string_equal(test_utc(deadline_of_reboot(&p, 0,
	    utc_iso("2026-11-30T09:00"))), "2026-12-07T09:00:00Z");
	policy_free(&p);
}

/* A pending reboot is due reboot_pending_days from now: alone it is the
 * deadline; with patches pending, the earlier of the two; either way the
 * work reboots. */
static void
test_a_pending_reboot_is_due_in_reboot_pending_days(void **state)
{
	struct policy p;
	struct deadline d;
	struct patch late = mkpatch("CVE-L", SEV_LOW, "2026-11-17", 0);
	struct patch soon = mkpatch("CVE-C", SEV_CRITICAL, "2026-11-17", 0);
	int64_t now = utc_iso("2026-11-23T09:00");

	(void)state;
	policy_init(&p);
	assert_int_equal(p.reboot_pending_days, 7);
	deadline_init(&d);
	assert_false(deadline_wanted(&d));
	assert_int_equal(deadline_add_reboot(&d, &p, now, now), 1);
	assert_true(deadline_wanted(&d));
	assert_int_equal(d.patches, 0);
	assert_true(d.reboot);
	assert_string_equal(test_utc(d.due_utc), "2026-11-30T09:00:00Z");
	assert_string_equal(d.advisory, DEADLINE_REBOOT);
	assert_int_equal(d.severity, SEV_COUNT);

	deadline_init(&d);			/* a low patch, due in February */
	deadline_add(&d, &p, &late);
	assert_int_equal(deadline_add_reboot(&d, &p, now, now), 1);
	assert_string_equal(test_utc(d.due_utc), "2026-11-30T09:00:00Z");
	assert_true(d.reboot);
	deadline_init(&d);			/* a critical one, due the 25th */
	deadline_add(&d, &p, &soon);
	assert_int_equal(deadline_add_reboot(&d, &p, now, now), 0);
	assert_string_equal(d.advisory, "CVE-C");
	assert_true(d.reboot && d.reboot_pending);
	policy_free(&p);
}

/* The memo gives what deadline_add gives, patch by patch, for any release
 * day and severity, and works each (day, severity) out once: one entry
 * each. */
static void
test_memoised_deadlines_are_deadline_add_s(void **state)
{
	static const char *const rel[] = { "2026-11-17", "2026-03-29", "2026-10-25",
	    "2026-11-17", "2027-01-01" };
	struct policy p;
	struct deadline_memo *m = calloc(1, sizeof *m);
	char adv[64][16];
	int seen[5][SEV_COUNT] = { { 0 } };
	size_t want = 0, used = 0;

	(void)state;
	policy_init(&p);
	free(p.timezone);
	p.timezone = strdup("Europe/Berlin");
	for (int round = 0; round < 3; round++) {
		struct deadline a, b;
		deadline_init(&a);
		deadline_init(&b);
		for (int i = 0; i < 64; i++) {
			int r = (i * 7 + round) % 5, sev = (i / 5 + round) % SEV_COUNT;
			snprintf(adv[i], sizeof adv[i], "CVE-%02d", (i * 37) % 64);
			struct patch pt = mkpatch(adv[i], (enum severity)sev, rel[r],
			    i % 3 == 0);
			seen[r == 3 ? 0 : r][sev] = 1;	/* 3 is 0's day */
			assert_int_equal(deadline_add_memo(&a, &p, &pt, m),
			    deadline_add(&b, &p, &pt));
			assert_true(a.due_utc == b.due_utc);
			assert_true(a.release_utc == b.release_utc);
			assert_string_equal(a.advisory, b.advisory);
			assert_int_equal(a.patches, b.patches);
			assert_int_equal(a.reboot, b.reboot);
		}
	}
	for (int r = 0; r < 5; r++)
		for (int sev = 0; sev < SEV_COUNT; sev++)
			want += (size_t)seen[r][sev];
	for (size_t i = 0; i < DEADLINE_MEMO_SIZE; i++)
		used += m->v[i].released[0] != '\0';
	assert_int_equal(used, want);
	free(m);
	policy_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memoised_deadlines_are_deadline_add_s),
		cmocka_unit_test(test_deadline_is_the_end_of_the_last_allowed_day),
		cmocka_unit_test(test_deadline_across_a_dst_change),
		cmocka_unit_test(test_release_day_comes_back_from_the_deadline),
		cmocka_unit_test(test_slack_rounds_down_so_a_minute_late_is_negative),
		cmocka_unit_test(test_asset_deadline_is_the_earliest_and_order_free),
		cmocka_unit_test(test_asset_release_is_the_last_release_day_and_order_free),
		cmocka_unit_test(test_a_pending_reboot_is_due_in_reboot_pending_days),
		cmocka_unit_test(test_a_pending_reboot_is_due_from_when_it_became_pending),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
