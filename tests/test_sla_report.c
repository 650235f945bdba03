/* The SLA report's rules (model/sla_report.h): percentiles, the within-SLA
 * share, the deadline (the planner's), the period's bounds, open, overdue and
 * accepted at now, retired assets, the oldest open, the weekly points. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "../model/sla_report.h"

static struct sla_finding
mk(const char *asset, const char *adv, enum severity sev, const char *released,
    const char *first, const char *resolved)
{
	struct sla_finding f = { asset, adv, "team-a", "", sev, released,
	    utc_iso(first), resolved ? utc_iso(resolved) : 0, 0 };
	return f;
}

static void
test_percentiles_are_nearest_rank(void **state)
{
	const int64_t one[] = { 5 }, four[] = { 1, 2, 3, 4 },
	    ten[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 },
	    eleven[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

	(void)state;
	assert_int_equal(sla_percentile(NULL, 0, 50), -1);
	assert_int_equal(sla_percentile(one, 1, 50), 5);
	assert_int_equal(sla_percentile(one, 1, 90), 5);
	assert_int_equal(sla_percentile(four, 4, 50), 2);	/* the lower middle */
	assert_int_equal(sla_percentile(four, 4, 90), 4);
	assert_int_equal(sla_percentile(ten, 10, 90), 9);	/* ceil(9) = 9th */
	assert_int_equal(sla_percentile(eleven, 11, 90), 10);	/* ceil(9.9) = 10th */
	assert_int_equal(sla_percentile(eleven, 11, 50), 6);
}

static void
test_share_is_one_decimal_half_up(void **state)
{
	(void)state;
	assert_true(sla_pct(0, 0) < 0);
	assert_true(sla_pct(1, 3) == 33.3);
	assert_true(sla_pct(2, 3) == 66.7);
	assert_true(sla_pct(1, 16) == 6.3);	/* 6.25 */
	assert_true(sla_pct(5, 5) == 100.0);
	assert_true(sla_pct(0, 7) == 0.0);
}

static void
test_within_is_by_the_planners_deadline(void **state)
{
	struct policy p;
	struct sla_report r;
	/* Released the 17th, critical, 7 days: due 2026-11-25T00:00Z. */
	struct sla_finding on = mk("a", "X", SEV_CRITICAL, "2026-11-17",
	    "2026-11-18T00:00", "2026-11-25T00:00:00");
	struct sla_finding late = mk("b", "X", SEV_CRITICAL, "2026-11-17",
	    "2026-11-18T00:00", "2026-11-25T00:00:01");

	(void)state;
	policy_init(&p);
	sla_init(&r, &p, utc_iso("2026-11-01"), utc_iso("2026-12-01"),
	    utc_iso("2026-12-01"));
	sla_add(&r, &on);
	sla_add(&r, &late);
	sla_finish(&r);
	assert_int_equal(r.total[SEV_CRITICAL].closed, 2);
	assert_int_equal(r.total[SEV_CRITICAL].within, 1);
	/* Time to patch: from the start of the release day. */
	assert_int_equal(r.total[SEV_CRITICAL].median, 8 * 86400);
	assert_int_equal(r.total[SEV_CRITICAL].p90, 8 * 86400 + 1);
	/* In Berlin the day ends an hour earlier: both late. */
	free(p.timezone);
	p.timezone = strdup("Europe/Berlin");
	sla_free(&r);
	sla_init(&r, &p, utc_iso("2026-11-01"), utc_iso("2026-12-01"),
	    utc_iso("2026-12-01"));
	sla_add(&r, &on);
	sla_finish(&r);
	assert_int_equal(r.total[SEV_CRITICAL].within, 0);
	sla_free(&r);
	policy_free(&p);
}

static void
test_period_is_from_inclusive_to_exclusive(void **state)
{
	struct policy p;
	struct sla_report r;
	struct sla_finding at_from = mk("a", "X", SEV_HIGH, "2026-01-01",
	    "2026-02-01T00:00", "2026-03-01T00:00");
	struct sla_finding at_to = mk("b", "X", SEV_HIGH, "2026-01-01",
	    "2026-03-01T00:00", NULL);

	(void)state;
	policy_init(&p);
	sla_init(&r, &p, utc_iso("2026-02-01"), utc_iso("2026-03-01"),
	    utc_iso("2026-04-01"));
	sla_add(&r, &at_from);
	sla_add(&r, &at_to);
	sla_finish(&r);
	assert_int_equal(r.total[SEV_HIGH].opened, 1);	/* at from, not at to */
	assert_int_equal(r.total[SEV_HIGH].closed, 0);	/* resolved at to */
	assert_int_equal(r.total[SEV_HIGH].open, 1);	/* at now: b */
	assert_int_equal(r.total[SEV_HIGH].overdue, 1);
	sla_free(&r);
	policy_free(&p);
}

/* By default the period ends at now, and then now is in it: a finding
 * imported at now (a run with SOURCE_DATE_EPOCH, --now given to the import
 * and the report alike, the demo's rehearsal) is open at now, so it was
 * opened in the period; one resolved at now was closed in it (it is no
 * longer open), not lost from both. A period that ends before now keeps its
 * end out (above). */
static void
test_a_period_that_ends_now_includes_now(void **state)
{
	struct policy p;
	struct sla_report r;
	struct sla_finding seen_now = mk("a", "X", SEV_HIGH, "2026-11-20",
	    "2026-11-23T12:00", NULL);
	struct sla_finding fixed_now = mk("b", "X", SEV_HIGH, "2026-11-20",
	    "2026-11-21T00:00", "2026-11-23T12:00");
	struct sla_finding both_now = mk("c", "X", SEV_HIGH, "2026-11-20",
	    "2026-11-23T12:00", "2026-11-23T12:00");

	(void)state;
	policy_init(&p);
	sla_init(&r, &p, utc_iso("2026-11-01"), utc_iso("2026-11-23T12:00"),
	    utc_iso("2026-11-23T12:00"));
	sla_add(&r, &seen_now);
	sla_add(&r, &fixed_now);
	sla_add(&r, &both_now);
	sla_finish(&r);
	assert_int_equal(r.total[SEV_HIGH].opened, 3);
	assert_int_equal(r.total[SEV_HIGH].closed, 2);
	assert_int_equal(r.total[SEV_HIGH].within, 2);
	assert_int_equal(r.total[SEV_HIGH].open, 1);	/* a */
	assert_int_equal(r.open_at[r.npoints - 1][SEV_HIGH], 1);
	sla_free(&r);
	policy_free(&p);
}

static void
test_exception_accepts_and_retired_is_neither_open_nor_closed(void **state)
{
	struct policy p;
	struct sla_report r;
	struct exception x = { 1, "a", "", "2026-12-31", "why", "bob", "", "", "", 0 };
	struct exception_list l;
	struct sla_finding covered = mk("a", "X", SEV_LOW, "2025-01-01",
	    "2026-01-05T00:00", NULL);
	struct sla_finding overdue = mk("b", "X", SEV_LOW, "2025-01-01",
	    "2026-01-05T00:00", NULL);
	struct sla_finding retired = mk("c", "X", SEV_LOW, "2025-01-01",
	    "2026-01-05T00:00", NULL);

	(void)state;
	policy_init(&p);
	memset(&l, 0, sizeof l);
	x.end_utc = exception_end_utc(&p, x.until);
	l.v = &x;
	l.n = 1;
	retired.retired = utc_iso("2026-01-20T00:00");
	sla_init(&r, &p, utc_iso("2026-01-01"), utc_iso("2026-02-01"),
	    utc_iso("2026-02-01"));
	r.exceptions = &l;
	sla_add(&r, &covered);
	sla_add(&r, &overdue);
	sla_add(&r, &retired);
	sla_finish(&r);
	assert_int_equal(r.total[SEV_LOW].opened, 3);
	assert_int_equal(r.total[SEV_LOW].closed, 0);
	assert_int_equal(r.total[SEV_LOW].open, 2);
	assert_int_equal(r.total[SEV_LOW].accepted, 1);
	assert_int_equal(r.total[SEV_LOW].overdue, 1);
	assert_int_equal(r.nowners, 1);
	assert_int_equal(r.owners[0].overdue, 1);
	/* Points: the 1st, 8th, 15th, 22nd, 29th and the end (Feb 1st). */
	assert_int_equal(r.npoints, 6);
	assert_int_equal(r.at[5], utc_iso("2026-02-01"));
	assert_int_equal(r.open_at[0][SEV_LOW], 0);
	assert_int_equal(r.open_at[1][SEV_LOW], 3);
	assert_int_equal(r.open_at[3][SEV_LOW], 2);	/* c retired on the 20th */
	sla_free(&r);
	policy_free(&p);
}

static void
test_oldest_open_are_bounded_and_order_free(void **state)
{
	static const char *const assets[] = { "e", "d", "c", "b", "a" };
	struct policy p;
	struct sla_report r1, r2;

	(void)state;
	policy_init(&p);
	sla_init(&r1, &p, utc_iso("2026-01-01"), utc_iso("2026-02-01"),
	    utc_iso("2026-02-01"));
	sla_init(&r2, &p, utc_iso("2026-01-01"), utc_iso("2026-02-01"),
	    utc_iso("2026-02-01"));
	r1.oldest_max = r2.oldest_max = 3;
	for (int i = 0; i < 5; i++) {
		/* e and d first seen the 2nd, the others the 3rd. */
		struct sla_finding f = mk(assets[i], "X", SEV_MEDIUM, "2026-01-01",
		    i < 2 ? "2026-01-02" : "2026-01-03", NULL);
		sla_add(&r1, &f);
		f = mk(assets[4 - i], "X", SEV_MEDIUM, "2026-01-01", 4 - i < 2 ?
		    "2026-01-02" : "2026-01-03", NULL);
		sla_add(&r2, &f);
	}
	sla_finish(&r1);
	sla_finish(&r2);
	assert_int_equal(r1.noldest, 3);
	assert_string_equal(r1.oldest[0].asset, "d");
	assert_string_equal(r1.oldest[1].asset, "e");
	assert_string_equal(r1.oldest[2].asset, "a");
	for (int i = 0; i < 3; i++)
		assert_string_equal(r1.oldest[i].asset, r2.oldest[i].asset);
	sla_free(&r1);
	sla_free(&r2);
	policy_free(&p);
}

static void
test_groups_sorted_owners_by_overdue(void **state)
{
	struct policy p;
	struct sla_report r;
	struct sla_finding f = mk("a", "X", SEV_LOW, "2025-01-01", "2026-01-05", NULL);

	(void)state;
	policy_init(&p);
	sla_init(&r, &p, utc_iso("2026-01-01"), utc_iso("2026-02-01"),
	    utc_iso("2026-02-01"));
	r.grouped = 1;
	f.group = "zeta";
	f.owner = "few";
	sla_add(&r, &f);
	f.group = "alpha";
	f.owner = "many";
	f.asset = "b";
	sla_add(&r, &f);
	f.asset = "c";
	sla_add(&r, &f);
	sla_finish(&r);
	assert_int_equal(r.ngroups, 2);
	assert_string_equal(r.groups[0].name, "alpha");
	assert_int_equal(r.groups[0].sev[SEV_LOW].open, 2);
	assert_string_equal(r.groups[1].name, "zeta");
	assert_string_equal(r.owners[0].name, "many");
	assert_int_equal(r.owners[0].overdue, 2);
	sla_free(&r);
	policy_free(&p);
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The report selects the ranks without sorting: the same values as
 * sla_percentile of the sorted times, whatever the order and repeats. */
static void
test_report_ranks_are_the_sorted_percentiles(void **state)
{
	struct policy p;

	(void)state;
	policy_init(&p);
	for (size_t n = 1; n <= 40; n++) {
		struct sla_report r;
		int64_t v[40];
		char adv[16];
		sla_init(&r, &p, utc_iso("2026-01-01"), utc_iso("2027-01-01"),
		    utc_iso("2027-01-01"));
		for (size_t i = 0; i < n; i++) {
			/* Whole weeks, repeated, in a scrambled order. */
			v[i] = (int64_t)((i * 7919 + n) % 9) * 7 * 86400;
			snprintf(adv, sizeof adv, "X%zu", i);
			struct sla_finding f = mk("a", adv, SEV_HIGH, "2026-02-01",
			    "2026-02-01", NULL);
			f.resolved = utc_iso("2026-02-01") + v[i];
			if (v[i] == 0)
				f.resolved++;
			v[i] = f.resolved - utc_iso("2026-02-01");
			sla_add(&r, &f);
		}
		sla_finish(&r);
		qsort(v, n, sizeof *v, cmp64);
		assert_int_equal(r.total[SEV_HIGH].median, sla_percentile(v, n, 50));
		assert_int_equal(r.total[SEV_HIGH].p90, sla_percentile(v, n, 90));
		sla_free(&r);
	}
	policy_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentiles_are_nearest_rank),
		cmocka_unit_test(test_share_is_one_decimal_half_up),
		cmocka_unit_test(test_within_is_by_the_planners_deadline),
		cmocka_unit_test(test_period_is_from_inclusive_to_exclusive),
		cmocka_unit_test(test_a_period_that_ends_now_includes_now),
		cmocka_unit_test(test_exception_accepts_and_retired_is_neither_open_nor_closed),
		cmocka_unit_test(test_oldest_open_are_bounded_and_order_free),
		cmocka_unit_test(test_groups_sorted_owners_by_overdue),
		cmocka_unit_test(test_report_ranks_are_the_sorted_percentiles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
