/* Expansion of events and policy windows into occurrences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../model/civil.h"
#include "../model/rrule.h"
#include "../model/rrule_walk.h"
#include "../model/windows.h"
#include "../util/buf.h"
#include "testutil.h"

static struct calendar cal;

static int
setup(void **state)
{
	(void)state;
	calendar_init(&cal);
	cal.name = strdup("t");
	cal.float_tz = strdup("Europe/Berlin");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	calendar_free(&cal);
	return 0;
}

static struct cal_event *
event(const char *uid, const char *dtstart, const char *tz, const char *rrule)
{
	struct cal_event *e = calendar_add_event(&cal);

	cal_set(&e->uid, uid);
	cal_set(&e->dtstart, dtstart);
	cal_set(&e->start_tz, tz);
	cal_set(&e->rrules, rrule);
	e->all_day = strlen(dtstart) == 8;
	return e;
}

/* The occurrences as "start/end;" in UTC. */
static const char *
expand(const char *from, const char *to)
{
	static char out[4096];
	struct occ_list l = { 0 };
	struct pw_diags w = { 0 };

	cal_expand(&cal, utc_iso(from), utc_iso(to), &l, &w);
	out[0] = '\0';
	for (size_t i = 0; i < l.n; i++) {
		char s[32], e[32];
		utc_format(l.v[i].start_utc, s);
		utc_format(l.v[i].end_utc, e);
		snprintf(out + strlen(out), sizeof out - strlen(out), "%.16s/%.16s;", s, e);
	}
	occ_list_free(&l);
	pw_diags_free(&w);
	return out;
}

static void
test_weekly_keeps_wall_time_across_dst(void **state)
{
	struct cal_event *e = event("w", "20261020T020000", "Europe/Berlin",
	    "FREQ=WEEKLY;COUNT=3");

	(void)state;
	cal_set(&e->duration, "PT1H");
	assert_string_equal(expand("2026-10-01T00:00", "2026-12-01T00:00"),
	    "2026-10-20T00:00/2026-10-20T01:00;"
	    "2026-10-27T01:00/2026-10-27T02:00;"
	    "2026-11-03T01:00/2026-11-03T02:00;");
}

static void
test_exdate_and_rdate_shape_the_set(void **state)
{
	struct cal_event *e = event("x", "20260105T090000", "UTC", "FREQ=DAILY;COUNT=4");

	(void)state;
	cal_set(&e->exdates, "20260106T090000Z");
	cal_set(&e->rdates, "20260110T120000Z\n20260111T120000Z/20260111T150000Z");
	assert_string_equal(expand("2026-01-01T00:00", "2026-02-01T00:00"),
	    "2026-01-05T09:00/2026-01-05T09:00;2026-01-07T09:00/2026-01-07T09:00;"
	    "2026-01-08T09:00/2026-01-08T09:00;2026-01-10T12:00/2026-01-10T12:00;"
	    "2026-01-11T12:00/2026-01-11T15:00;");
}

static void
test_override_moves_and_cancel_removes_an_instance(void **state)
{
	struct cal_event *m = event("o", "20260105T090000", "UTC", "FREQ=DAILY;COUNT=3");
	struct cal_event *moved = event("o", "20260106T150000", "UTC", "");
	struct cal_event *gone = event("o", "20260107T090000", "UTC", "");

	(void)state;
	cal_set(&m->dtend, "20260105T100000");
	cal_set(&m->end_tz, "UTC");
	cal_set(&moved->recurrence_id, "20260106T090000Z");
	cal_set(&moved->dtend, "20260106T170000");
	cal_set(&moved->end_tz, "UTC");
	cal_set(&gone->recurrence_id, "20260107T090000Z");
	cal_set(&gone->status, "CANCELLED");
	assert_string_equal(expand("2026-01-01T00:00", "2026-02-01T00:00"),
	    "2026-01-05T09:00/2026-01-05T10:00;2026-01-06T15:00/2026-01-06T17:00;");
}

static void
test_this_and_future_moves_every_later_instance(void **state)
{
	struct cal_event *m = event("f", "20260105T090000", "UTC", "FREQ=DAILY;COUNT=4");
	struct cal_event *ov = event("f", "20260106T110000", "UTC", "");

	(void)state;
	cal_set(&m->duration, "PT1H");
	cal_set(&ov->recurrence_id, "20260106T090000Z");
	cal_set(&ov->duration, "PT30M");
	ov->range_future = 1;
	assert_string_equal(expand("2026-01-01T00:00", "2026-02-01T00:00"),
	    "2026-01-05T09:00/2026-01-05T10:00;2026-01-06T11:00/2026-01-06T11:30;"
	    "2026-01-07T11:00/2026-01-07T11:30;2026-01-08T11:00/2026-01-08T11:30;");
}

static void
test_date_event_without_end_lasts_one_local_day(void **state)
{
	(void)state;
	event("d", "20261225", "", "");
	assert_string_equal(expand("2026-12-01T00:00", "2027-01-01T00:00"),
	    "2026-12-24T23:00/2026-12-25T23:00;");
}

static void
test_floating_times_use_the_calendar_zone(void **state)
{
	(void)state;
	event("fl", "20260701T120000", "", "");
	assert_string_equal(expand("2026-07-01T00:00", "2026-07-02T00:00"),
	    "2026-07-01T10:00/2026-07-01T10:00;");
}

static void
test_until_in_utc_bounds_a_zoned_series(void **state)
{
	(void)state;
	/* 09:00 Berlin is 08:00Z; UNTIL 08:00Z on the 7th includes the 7th. */
	event("u", "20260105T090000", "Europe/Berlin",
	    "FREQ=DAILY;UNTIL=20260107T080000Z");
	assert_string_equal(expand("2026-01-01T00:00", "2026-02-01T00:00"),
	    "2026-01-05T08:00/2026-01-05T08:00;2026-01-06T08:00/2026-01-06T08:00;"
	    "2026-01-07T08:00/2026-01-07T08:00;");
}

static void
test_count_includes_an_unsynchronised_dtstart(void **state)
{
	(void)state;
	/* A Monday DTSTART with BYDAY=TH,FR: DTSTART is the first of COUNT=3. */
	event("c", "20201102T133000", "UTC", "FREQ=WEEKLY;COUNT=3;BYDAY=TH,FR");
	assert_string_equal(expand("2020-11-01T00:00", "2020-12-01T00:00"),
	    "2020-11-02T13:30/2020-11-02T13:30;2020-11-05T13:30/2020-11-05T13:30;"
	    "2020-11-06T13:30/2020-11-06T13:30;");
}

static void
test_two_rrules_are_a_union(void **state)
{
	(void)state;
	event("two", "20260105T090000", "UTC",
	    "FREQ=WEEKLY;COUNT=2;BYDAY=MO\nFREQ=WEEKLY;COUNT=2;BYDAY=MO,WE");
	assert_string_equal(expand("2026-01-01T00:00", "2026-02-01T00:00"),
	    "2026-01-05T09:00/2026-01-05T09:00;2026-01-07T09:00/2026-01-07T09:00;"
	    "2026-01-12T09:00/2026-01-12T09:00;");
}

static void
test_vtimezone_from_the_file_defines_the_zone(void **state)
{
	(void)state;
	calendar_add_zone(&cal, "Custom Zone",
	    "BEGIN:VTIMEZONE\r\nTZID:Custom Zone\r\nBEGIN:STANDARD\r\n"
	    "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\n"
	    "END:STANDARD\r\nEND:VTIMEZONE\r\n");
	event("v", "20260601T120000", "vtz:Custom Zone", "");
	assert_string_equal(expand("2026-06-01T00:00", "2026-06-02T00:00"),
	    "2026-06-01T09:00/2026-06-01T09:00;");
}

static void
test_only_overlapping_occurrences_are_returned(void **state)
{
	struct cal_event *e = event("ov", "20260101T220000", "UTC", "FREQ=DAILY;COUNT=3");

	(void)state;
	cal_set(&e->duration, "PT4H");
	/* [2026-01-02 00:00, 2026-01-02 23:00): the first (ends 02:00) overlaps,
	 * the second starts inside, the third starts at 'to' and is out. */
	assert_string_equal(expand("2026-01-02T00:00", "2026-01-03T22:00"),
	    "2026-01-01T22:00/2026-01-02T02:00;2026-01-02T22:00/2026-01-03T02:00;");
}

static void
test_canonical_times(void **state)
{
	char out[17];
	struct pw_error e;

	(void)state;
	assert_int_equal(cal_time_canonical(&cal, "20261025T023000", "Europe/Berlin", 0,
	    out, &e), 0);
	assert_string_equal(out, "20261025T003000Z");
	assert_int_equal(cal_time_canonical(&cal, "20261025T023000", "", 1, out, &e), 0);
	assert_string_equal(out, "20261025");
	assert_int_equal(cal_time_canonical(&cal, "garbage", "", 0, out, &e), -1);
}

static void
test_policy_windows_second_tuesday_plus_four_days(void **state)
{
	struct policy p;
	struct window_occ_list l = { 0 };
	char s[32], e[32];

	(void)state;
	policy_init(&p);
	test_add_window(&p, "pt4", "FREQ=MONTHLY;BYDAY=2TU", "Europe/Berlin", 22 * 60,
	    360)->offset_days = 4;
	windows_expand(&p, utc_iso("2026-11-01T00:00"), utc_iso("2027-01-01T00:00"), &l, NULL);
	assert_int_equal(l.n, 2);
	utc_format(l.v[0].start_utc, s);
	utc_format(l.v[0].end_utc, e);
	assert_string_equal(s, "2026-11-14T21:00:00Z");	/* Sat 14 Nov 22:00 CET */
	assert_string_equal(e, "2026-11-15T03:00:00Z");
	utc_format(l.v[1].start_utc, s);
	assert_string_equal(s, "2026-12-12T21:00:00Z");
	window_occ_list_free(&l);
	policy_free(&p);
}

/* Every other Sunday from the anchor, Wednesday 2020-01-01: the first is
 * 2020-01-05 (RFC 5545: DTSTART's week is the first), so 2026-11-01, 15 and
 * 29, as python-dateutil; libical's iterator gave 2020-01-12 and the weeks
 * between. */
static void
test_policy_window_every_other_sunday_counts_weeks_from_the_anchor(void **state)
{
	struct policy p;
	struct window_occ_list l = { 0 };
	char s[32];

	(void)state;
	policy_init(&p);
	test_add_window(&p, "fortnight", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU",
	    "Europe/Berlin", 2 * 60, 60);
	windows_expand(&p, utc_iso("2026-10-31T00:00"), utc_iso("2026-12-01T00:00"), &l, NULL);
	assert_int_equal(l.n, 3);
	utc_format(l.v[0].start_utc, s);
	assert_string_equal(s, "2026-11-01T01:00:00Z");	/* 02:00 CET */
	utc_format(l.v[1].start_utc, s);
	assert_string_equal(s, "2026-11-15T01:00:00Z");
	utc_format(l.v[2].start_utc, s);
	assert_string_equal(s, "2026-11-29T01:00:00Z");
	window_occ_list_free(&l);
	policy_free(&p);
}

static void
test_policy_window_on_a_dst_gap_day(void **state)
{
	struct policy p;
	struct window_occ_list l = { 0 };
	char s[32];

	(void)state;
	policy_init(&p);
	test_add_window(&p, "sun", "FREQ=WEEKLY;BYDAY=SU", "Europe/Berlin", 150, 60);
	windows_expand(&p, utc_iso("2026-03-28T00:00"), utc_iso("2026-03-30T00:00"), &l, NULL);
	assert_int_equal(l.n, 1);
	utc_format(l.v[0].start_utc, s);
	assert_string_equal(s, "2026-03-29T01:30:00Z");	/* 02:30 does not exist */
	assert_int_equal(l.v[0].local_start, TZ_LOCAL_GAP);
	window_occ_list_free(&l);
	policy_free(&p);
}

static void
test_policy_window_in_a_fold_is_flagged(void **state)
{
	struct policy p;
	struct window_occ_list l = { 0 };
	char s[32];

	(void)state;
	policy_init(&p);
	test_add_window(&p, "sun", "FREQ=WEEKLY;BYDAY=SU", "America/New_York", 90, 60);
	windows_expand(&p, utc_iso("2026-10-24T00:00"), utc_iso("2026-11-03T00:00"), &l, NULL);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].local_start, TZ_LOCAL_ONCE);	/* 25 Oct */
	assert_int_equal(l.v[1].local_start, TZ_LOCAL_FOLD);	/* 1 Nov */
	utc_format(l.v[1].start_utc, s);
	assert_string_equal(s, "2026-11-01T05:30:00Z");	/* the first 01:30 */
	window_occ_list_free(&l);
	policy_free(&p);
}

/* ---- bounds (calendar.h) --------------------------------------------------- */

/* Expand [from, to) into l (freed by the caller) and the warnings into w. */
static void
expand_into(const char *from, const char *to, struct occ_list *l, struct pw_diags *w)
{
	cal_expand(&cal, utc_iso(from), utc_iso(to), l, w);
}

/* Whether any warning says what. */
static int
warned(const struct pw_diags *w, const char *what)
{
	for (size_t i = 0; i < w->n; i++)
		if (strstr(w->v[i].msg, what))
			return 1;
	return 0;
}

static void
test_an_event_stops_at_its_step_bound(void **state)
{
	struct occ_list l = { 0 };
	struct pw_diags w = { 0 };

	(void)state;
	event("s", "20260101T000000", "UTC", "FREQ=SECONDLY");
	expand_into("2026-01-01T00:00", "2026-02-01T00:00", &l, &w);
	/* One instance a step (the first is DTSTART), then the cut. */
	assert_int_equal(l.n, CAL_EVENT_STEPS);
	assert_int_equal(l.ncuts, 1);
	assert_int_equal(l.cuts[0].event, 0);
	assert_int_equal(l.cuts[0].rule, 0);
	assert_int_equal(l.cuts[0].calendar, 0);
	assert_true(warned(&w, "stopped at the bound of 100000 steps per event"));
	occ_list_free(&l);
	pw_diags_free(&w);
}

static void
test_one_step_under_the_bound_is_not_cut(void **state)
{
	struct occ_list l = { 0 };
	struct pw_diags w = { 0 };
	char rule[64];

	(void)state;
	/* COUNT ends the rule at the bound exactly: nothing is missing. */
	snprintf(rule, sizeof rule, "FREQ=SECONDLY;COUNT=%ld", CAL_EVENT_STEPS);
	event("s", "20260101T000000", "UTC", rule);
	expand_into("2026-01-01T00:00", "2026-02-01T00:00", &l, &w);
	assert_int_equal(l.n, CAL_EVENT_STEPS);	/* DTSTART is the first of COUNT */
	assert_int_equal(l.ncuts, 0);
	assert_int_equal(w.n, 0);
	occ_list_free(&l);
	pw_diags_free(&w);
}

static void
test_two_hundred_rules_share_one_event_bound(void **state)
{
	struct occ_list l = { 0 };
	struct pw_diags w = { 0 };
	struct buf rules = { 0 };

	(void)state;
	for (int i = 0; i < 200; i++)
		buf_adds(&rules, i ? "\nFREQ=SECONDLY" : "FREQ=SECONDLY");
	event("s", "20261124T000000", "UTC", rules.s);
	expand_into("2026-11-23T00:00", "2027-01-19T00:00", &l, &w);
	assert_true(l.n <= CAL_EVENT_STEPS + 1);
	assert_int_equal(l.ncuts, 1);
	assert_int_equal(w.n, 1);	/* one warning for the event, not 200 */
	buf_free(&rules);
	occ_list_free(&l);
	pw_diags_free(&w);
}

static void
test_a_rule_that_never_matches_stops_at_the_bound(void **state)
{
	struct occ_list l = { 0 };
	struct pw_diags w = { 0 };

	(void)state;
	/* libical tries every second for a 30 February until 2582: UNTIL is
	 * set where the steps run out, a day and some hours in. */
	event("n", "20260101T000000", "UTC", "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30");
	expand_into("2026-01-01T00:00", "2026-04-01T00:00", &l, &w);
	assert_int_equal(l.n, 1);	/* DTSTART */
	assert_int_equal(l.ncuts, 1);
	assert_true(warned(&w, "occurrences from 2026-01-02 on are missing"));
	occ_list_free(&l);
	pw_diags_free(&w);
}

static void
test_monthly_and_yearly_rules_that_never_occur_are_skipped(void **state)
{
	static const char *const never[] = {
		"FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
		"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
		"FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=2MO",
		"FREQ=YEARLY;BYMONTHDAY=31;BYMONTH=4,6,9,11",
	};
	struct occ_list l = { 0 };
	struct pw_diags w = { 0 };
	struct buf rules = { 0 };

	(void)state;
	/* Each one costs libical 1 to 6 s searching until the year 20000. */
	for (int k = 0; k < 10; k++)
		for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
			if (rules.len)
				buf_addc(&rules, '\n');
			buf_adds(&rules, never[i]);
		}
	event("m", "20260105T090000", "UTC", rules.s);
	expand_into("2026-01-01T00:00", "2027-01-01T00:00", &l, &w);
	assert_int_equal(l.n, 1);	/* DTSTART only */
	assert_int_equal(w.n, 40);
	assert_true(warned(&w, "'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6' never occurs"));
	buf_free(&rules);
	occ_list_free(&l);
	pw_diags_free(&w);
}

static void
test_never_occurs_by_the_gregorian_cycle(void **state)
{
	static const struct {
		const char	*rule, *dtstart;
		int		 never;
	} cases[] = {
		{ "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29", "20260101", 0 },	/* leap years */
		{ "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "20260101", 1 },
		{ "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-29", "20260101", 0 },
		{ "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-30", "20260101", 1 },
		{ "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", "20260101", 0 },	/* 2044 */
		{ "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5", "20260101", 0 },
		{ "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", "20260101", 1 },
		/* libical's BYSETPOS picks days: the tenth of 2 x 5 is none. */
		{ "FREQ=MONTHLY;BYDAY=MO;BYHOUR=9,17;BYSETPOS=5", "20260101", 0 },
		{ "FREQ=MONTHLY;BYDAY=MO;BYHOUR=9,17;BYSETPOS=10", "20260101", 1 },
		{ "FREQ=MONTHLY;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=MO;BYSETPOS=1", "20260101", 0 },
		{ "FREQ=MONTHLY;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=MO;BYSETPOS=2", "20260101", 1 },
		{ "FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31", "20260430", 1 },	/* Aprils */
		{ "FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31", "20260531", 0 },
		{ "FREQ=MONTHLY;INTERVAL=12", "20260430", 0 },
		{ "FREQ=MONTHLY;BYDAY=5FR;BYMONTH=2", "20260101", 0 },		/* 2036 */
		{ "FREQ=YEARLY;BYMONTHDAY=31", "20260131", 0 },
		{ "FREQ=YEARLY;BYMONTHDAY=31", "20260228", 1 },	/* libical: February's */
		{ "FREQ=YEARLY;BYMONTH=2", "20260130", 1 },	/* 30 February */
		{ "FREQ=YEARLY;BYMONTH=2", "20240129", 0 },
		{ "FREQ=YEARLY", "20240229", 0 },
		{ "FREQ=YEARLY;BYDAY=53MO", "20260101", 0 },
		{ "FREQ=YEARLY;BYDAY=-54MO", "20260101", 1 },
		{ "FREQ=YEARLY;BYYEARDAY=366;BYDAY=MO", "20260101", 0 },
		{ "FREQ=YEARLY;BYMONTHDAY=31;BYMONTH=4,6,9,11", "20260101", 1 },
		{ "FREQ=YEARLY;BYMONTH=2;BYDAY=5MO;BYMONTHDAY=1", "20260101", 1 },
		{ "FREQ=YEARLY;BYWEEKNO=53;BYDAY=WE;WKST=SA", "20260101", 0 },	/* libical's */
		{ "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "20260101", 0 },	/* walked */
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct icalrecurrencetype r = icalrecurrencetype_from_string(cases[i].rule);
		struct civil c;
		int has;
		civil_parse(cases[i].dtstart, &c, &has);
		if (rrule_never_occurs(&r, &c) != cases[i].never)
			fail_msg("%s from %s", cases[i].rule, cases[i].dtstart);
	}
}

static void
test_a_periodic_series_starts_near_the_range(void **state)
{
	struct occ_list l = { 0 };
	struct pw_diags w = { 0 };

	(void)state;
	/* From 1700 that is 118,000 days: walked from DTSTART, the bound would
	 * cut it before 2026. DAILY and WEEKLY rules start whole periods on. */
	event("d", "17000101T090000", "UTC", "FREQ=DAILY");
	event("w", "18000107T090000", "UTC", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH");
	expand_into("2026-01-01T00:00", "2026-02-01T00:00", &l, &w);
	assert_int_equal(l.ncuts, 0);
	assert_int_equal(l.n, 31 + 4);
	/* Every other week, in phase with 7 January 1800 (python-dateutil). */
	size_t k = 0;
	int64_t want[] = { utc_iso("2026-01-06T09:00"), utc_iso("2026-01-08T09:00"),
	    utc_iso("2026-01-20T09:00"), utc_iso("2026-01-22T09:00") };
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].event == 1) {
			assert_true(k < 4);
			assert_int_equal(l.v[i].start_utc, want[k++]);
		}
	assert_int_equal(k, 4);
	occ_list_free(&l);
	pw_diags_free(&w);
}

static void
test_the_calendar_bound_cuts_the_events_after_it(void **state)
{
	struct occ_list l = { 0 };
	struct pw_diags w = { 0 };
	char uid[16];

	(void)state;
	/* A YEARLY rule with BYWEEKNO pays 60,000 steps before it starts (what
	 * libical may search for it), and little more: eight of them take
	 * 480,000 of the calendar's 500,000 steps, so the ninth, with its own
	 * 100,000 untouched, finds the calendar's bound and is cut by it. */
	for (int i = 0; i < 9; i++) {
		snprintf(uid, sizeof uid, "e%d", i);
		event(uid, "20260105T090000", "UTC", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO");
	}
	expand_into("2026-01-01T00:00", "2027-01-01T00:00", &l, &w);
	assert_int_equal(l.ncuts, 1);
	assert_int_equal(l.cuts[0].event, 8);
	assert_int_equal(l.cuts[0].calendar, 1);
	assert_int_equal(w.n, 1);
	assert_true(warned(&w, "bound of 500000 steps per calendar: 1 event misses"));
	assert_int_equal(l.n, 8 * 2 + 1);	/* DTSTART and 11 May, and e8's DTSTART */
	occ_list_free(&l);
	pw_diags_free(&w);
}

static void
test_many_exdates_and_overrides_find_their_instances(void **state)
{
	struct cal_event *m = event("x", "20200101T090000", "UTC", "FREQ=DAILY;COUNT=2000");
	struct buf ex = { 0 };
	char v[32];
	struct occ_list l = { 0 };

	(void)state;
	/* Every other day excluded: 1,000 EXDATEs against 2,000 instances. */
	for (int d = 1; d < 2000; d += 2) {
		struct civil c;
		civil_from_days(days_from_civil(2020, 1, 1) + d, &c.y, &c.mo, &c.d);
		snprintf(v, sizeof v, "%s%04d%02d%02dT090000Z", ex.len ? "\n" : "", c.y,
		    c.mo, c.d);
		buf_adds(&ex, v);
	}
	cal_set(&m->exdates, ex.s);
	/* Two ranges at the same instance: the first written applies. */
	struct cal_event *a = event("x", "20200105T100000", "UTC", "");
	struct cal_event *b = event("x", "20200105T110000", "UTC", "");
	cal_set(&a->recurrence_id, "20200105T090000Z");
	cal_set(&b->recurrence_id, "20200105T090000Z");
	a->range_future = b->range_future = 1;
	cal_expand(&cal, utc_iso("2020-01-01T00:00"), utc_iso("2030-01-01T00:00"), &l, NULL);
	assert_int_equal(l.n, 1000 + 1);	/* and the second override's own */
	assert_int_equal(l.v[0].start_utc, utc_iso("2020-01-01T09:00"));
	assert_int_equal(l.v[1].start_utc, utc_iso("2020-01-03T09:00"));
	assert_int_equal(l.v[3].start_utc, utc_iso("2020-01-05T11:00"));
	assert_int_equal(l.v[4].start_utc, utc_iso("2020-01-07T10:00"));	/* a's shift */
	buf_free(&ex);
	occ_list_free(&l);
}

static void
test_an_end_before_the_start_is_told(void **state)
{
	struct cal_event *e = event("a", "20260601T100000", "Europe/Berlin", "");

	(void)state;
	cal_set(&e->dtend, "20260601T050000");		/* 11:00 in Berlin */
	cal_set(&e->end_tz, "America/New_York");
	assert_false(cal_event_ends_before_start(&cal, e));
	cal_set(&e->dtend, "20260601T030000");		/* 09:00 in Berlin */
	assert_true(cal_event_ends_before_start(&cal, e));
	cal_set(&e->dtend, "20260601T040000");		/* equal: an instant */
	assert_false(cal_event_ends_before_start(&cal, e));
	cal_set(&e->dtend, "");
	cal_set(&e->duration, "-PT1M");
	assert_true(cal_event_ends_before_start(&cal, e));
	cal_set(&e->duration, "PT0S");
	assert_false(cal_event_ends_before_start(&cal, e));

	struct cal_event *d = event("d", "20260601", "", "");
	cal_set(&d->dtend, "20260531");
	assert_true(cal_event_ends_before_start(&cal, d));
	cal_set(&d->dtend, "20260601");
	assert_false(cal_event_ends_before_start(&cal, d));
}

/* An event's digest (what a re-import compares) is what it was before
 * events had assets, a provider id and a latest start, as long as these are
 * empty (every iCalendar event): upgrading reports no change. Each of them
 * set changes it, and setting one is not setting another. */
static void
test_provider_fields_leave_icalendar_digests_as_they_were(void **state)
{
	struct calendar c;
	struct cal_event *e;
	char base[17], d[3][17];
	const char *v[] = { "i-0aaa", "", "" };

	(void)state;
	calendar_init(&c);
	e = calendar_add_event(&c);
	cal_set(&e->uid, "u");
	cal_set(&e->summary, "reboot");
	cal_set(&e->dtstart, "20261201T020000");
	cal_set(&e->start_tz, "UTC");
	cal_set(&e->duration, "PT1H");
	cal_event_digest(e, base);
	assert_string_equal(base, "dcc11bfd563f1021");	/* schema 10's digest */
	for (int i = 0; i < 3; i++) {
		cal_set(&e->assets, v[(3 - i) % 3]);
		cal_set(&e->provider_id, v[(4 - i) % 3]);
		cal_set(&e->latest_start, v[(5 - i) % 3]);
		cal_event_digest(e, d[i]);
		assert_string_not_equal(d[i], base);
	}
	assert_string_not_equal(d[0], d[1]);
	assert_string_not_equal(d[1], d[2]);
	assert_string_not_equal(d[0], d[2]);
	calendar_free(&c);
}

/* A fixed pseudo-random sequence (the test is the same every run). */
static unsigned
lcg(unsigned *x)
{
	*x = *x * 1103515245u + 12345u;
	return (*x >> 16) & 0x7fff;
}

/* A random DAILY or WEEKLY rule (INTERVAL, BYDAY, WKST, COUNT, UNTIL) from a
 * random start, into rule, *start and *is_date. */
static struct icalrecurrencetype
random_rule(unsigned *x, char rule[256], struct civil *start, int *is_date)
{
	static const char *wd[] = { "SU", "MO", "TU", "WE", "TH", "FR", "SA" };
	int p = sprintf(rule, "FREQ=%s", lcg(x) % 2 ? "WEEKLY" : "DAILY");
	struct icalrecurrencetype r;

	if (lcg(x) % 2)
		p += sprintf(rule + p, ";INTERVAL=%u", 1 + lcg(x) % 15);
	if (lcg(x) % 3) {
		unsigned m = 1 + lcg(x) % 127, first = lcg(x) % 7;
		p += sprintf(rule + p, ";BYDAY=");
		for (unsigned i = 0, n = 0; i < 7; i++)
			if (m & 1u << (i + first) % 7)
				p += sprintf(rule + p, "%s%s", n++ ? "," : "",
				    wd[(i + first) % 7]);
	}
	if (lcg(x) % 2)
		p += sprintf(rule + p, ";WKST=%s", wd[lcg(x) % 7]);
	*is_date = lcg(x) % 3 == 0;
	*start = (struct civil){ 2020 + (int)(lcg(x) % 10), 1 + (int)(lcg(x) % 12),
	    1 + (int)(lcg(x) % 28), (int)(lcg(x) % 24), (int)(lcg(x) % 60),
	    (int)(lcg(x) % 60) };
	if (*is_date)
		start->h = start->mi = start->s = 0;
	int mode = (int)(lcg(x) % 3);
	if (mode == 0)
		sprintf(rule + p, ";COUNT=%u", 1 + lcg(x) % 50);
	r = icalrecurrencetype_from_string(rule);
	if (mode < 2) {
		/* UNTIL as recur.c sets it: wall clock, a date for dates. */
		long d = days_from_civil(start->y, start->mo, start->d) +
		    (long)(lcg(x) % 800) - 20;
		r.until = icaltime_null_time();
		civil_from_days(d, &r.until.year, &r.until.month, &r.until.day);
		r.until.is_date = *is_date;
		if (!*is_date && lcg(x) % 4) {
			r.until.hour = (int)(lcg(x) % 24);
			r.until.minute = (int)(lcg(x) % 60);
			r.until.second = (int)(lcg(x) % 60);
		} else if (!*is_date) {
			r.until.hour = start->h;
			r.until.minute = start->mi;
			r.until.second = start->s;
		}
	}
	return r;
}

/* 0 Sunday .. 6 Saturday of a day number. */
static int
weekday_num(long day)
{
	return (int)(((day % 7) + 7 + 4) % 7);
}

/* The weekday mask of r's BYDAY (bit 0 Sunday), else DTSTART's weekday. */
static unsigned
byday_mask(const struct icalrecurrencetype *r, long day)
{
	unsigned mask = 0;

	for (int i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX;
	    i++)
		mask |= 1u << (icalrecurrencetype_day_day_of_week(r->by_day[i]) - 1);
	return mask ? mask : 1u << weekday_num(day);
}

/* A WEEKLY rule with INTERVAL>1 from a day that is not the first BYDAY day
 * of its week (from WKST): libical 3.0 starts its weeks elsewhere. */
static int
libical_weeks_off(const struct icalrecurrencetype *r, const struct civil *st)
{
	long day = days_from_civil(st->y, st->mo, st->d);
	int wd = weekday_num(day), wkst = r->week_start - 1;
	unsigned mask = byday_mask(r, day);

	if (r->freq != ICAL_WEEKLY_RECURRENCE || r->interval <= 1)
		return 0;
	if (!(mask & 1u << wd))
		return 1;
	for (int k = wkst; k != wd; k = (k + 1) % 7)
		if (mask & 1u << k)
			return 1;
	return 0;
}

/* For those: RFC 5545 §3.3.10 by its letter, day by day: a day is an
 * instance when it is not before DTSTART, its weekday is in BYDAY, and the
 * weeks (from WKST) between DTSTART's and its are a multiple of INTERVAL;
 * then COUNT and UNTIL. The walker gives exactly those. */
static void
test_the_gregorian_walk_counts_weeks_as_the_rfc(void **state)
{
	unsigned x = 11;
	int checked = 0;

	(void)state;
	for (int k = 0; k < 3000 && checked < 200; k++) {
		char rule[256];
		struct civil st, c;
		int is_date;
		struct icalrecurrencetype r = random_rule(&x, rule, &st, &is_date);
		struct rrule_walk w;
		if (!libical_weeks_off(&r, &st))
			continue;
		assert_true(rrule_walk_init(&w, &r, &st, is_date));
		checked++;
		long d0 = days_from_civil(st.y, st.mo, st.d), day = d0;
		int wkst = r.week_start - 1;
		long week0 = d0 - (weekday_num(d0) - wkst + 7) % 7;
		unsigned mask = byday_mask(&r, d0);
		long until = icaltime_is_null_time(r.until) ? -1 :
		    days_from_civil(r.until.year, r.until.month, r.until.day);
		int64_t until_s = (int64_t)r.until.hour * 3600 + r.until.minute * 60 +
		    r.until.second, at = (int64_t)st.h * 3600 + st.mi * 60 + st.s;
		int n = 0;
		for (int i = 0; i < 200; i++) {
			while (!(mask & 1u << weekday_num(day)) ||
			    (day - week0) / 7 % r.interval != 0)
				day++;
			int rfc = (r.count <= 0 || n < r.count) && (until < 0 ||
			    day < until || (day == until && (is_date || at <= until_s)));
			int more = rrule_walk_next(&w, &c);
			if (!rfc) {
				if (more)
					fail_msg("%s from %04d-%02d-%02d: an instance "
					    "past the RFC's", rule, st.y, st.mo, st.d);
				break;
			}
			if (!more || days_from_civil(c.y, c.mo, c.d) != day ||
			    c.h != st.h || c.mi != st.mi || c.s != st.s)
				fail_msg("%s from %04d-%02d-%02d: instance %d is not day "
				    "%ld", rule, st.y, st.mo, st.d, i, day);
			n++;
			day++;
		}
	}
	assert_true(checked >= 100);
	/* As python-dateutil: the second, from a Friday, is a Sunday. */
	struct icalrecurrencetype r = icalrecurrencetype_from_string(
	    "FREQ=WEEKLY;INTERVAL=6;BYDAY=SU");
	struct civil friday = { 2021, 2, 5, 10, 0, 0 }, c;
	struct rrule_walk w;
	assert_true(rrule_walk_init(&w, &r, &friday, 0));
	assert_true(rrule_walk_next(&w, &c));
	assert_int_equal(days_from_civil(c.y, c.mo, c.d), days_from_civil(2021, 2, 7));
	assert_true(rrule_walk_next(&w, &c));
	assert_int_equal(days_from_civil(c.y, c.mo, c.d), days_from_civil(2021, 3, 21));
}

/* YEARLY rules of BYWEEKNO are walked here by the RFC's weeks (week 1 the
 * first with four days in its year; -1 the last): with WKST=MO those are ISO
 * 8601's, which strftime's %G and %V give independently. libical gave a
 * Tuesday for BYWEEKNO=1;BYDAY=MO (2026-12-29) and missed weeks at the
 * year's ends (BYWEEKNO=-1;BYDAY=FR: 2027-12-31). */
static void
test_yearly_byweekno_walks_the_iso_weeks(void **state)
{
	static const char *rules[] = { "BYWEEKNO=1;BYDAY=MO", "BYWEEKNO=-1;BYDAY=FR,WE",
	    "BYWEEKNO=52;BYDAY=SU", "BYWEEKNO=53;BYDAY=TH,SU", "BYWEEKNO=-2,26;BYDAY=TU",
	    "BYWEEKNO=1,-1", "BYWEEKNO=-53;BYDAY=WE" };
	struct civil st = { 2020, 6, 10, 9, 30, 0 }, c;	/* a Wednesday */

	(void)state;
	for (size_t k = 0; k < sizeof rules / sizeof *rules; k++) {
		char text[128];
		snprintf(text, sizeof text, "FREQ=YEARLY;%s;UNTIL=20400101T000000", rules[k]);
		struct icalrecurrencetype r = icalrecurrencetype_from_string(text);
		struct rrule_walk w;
		r.until.zone = NULL;
		assert_true(rrule_walk_init(&w, &r, &st, 0));
		unsigned mask = byday_mask(&r, days_from_civil(st.y, st.mo, st.d));
		long day = days_from_civil(st.y, st.mo, st.d), end = days_from_civil(2040, 1, 1);
		int n = 0;
		for (; day < end; day++) {
			struct tm tm = { 0 };
			char g[8], v[8], last[8];
			int y, m, d;
			civil_from_days(day, &y, &m, &d);
			tm.tm_year = y - 1900, tm.tm_mon = m - 1, tm.tm_mday = d;
			tm.tm_wday = weekday_num(day);
			tm.tm_yday = (int)(day - days_from_civil(y, 1, 1));
			strftime(g, sizeof g, "%G", &tm);
			strftime(v, sizeof v, "%V", &tm);
			/* The weeks of ISO year G: the week of its 28 December. */
			struct tm dec = { 0 };
			long d28 = days_from_civil(atoi(g), 12, 28);
			dec.tm_year = atoi(g) - 1900, dec.tm_mon = 11, dec.tm_mday = 28;
			dec.tm_wday = weekday_num(d28);
			dec.tm_yday = (int)(d28 - days_from_civil(atoi(g), 1, 1));
			strftime(last, sizeof last, "%V", &dec);
			int wk = atoi(v), neg = wk - atoi(last) - 1, in = 0;
			for (int i = 0; i < ICAL_BY_WEEKNO_SIZE &&
			    r.by_week_no[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
				in |= r.by_week_no[i] == wk || r.by_week_no[i] == neg;
			if (!in || !(mask & 1u << weekday_num(day)))
				continue;
			if (!rrule_walk_next(&w, &c) || days_from_civil(c.y, c.mo, c.d) != day ||
			    c.h != 9 || c.mi != 30)
				fail_msg("%s: instance %d is not %04d-%02d-%02d", rules[k], n,
				    y, m, d);
			n++;
		}
		if (rrule_walk_next(&w, &c))
			fail_msg("%s: an instance past the ISO weeks'", rules[k]);
		assert_true(n >= 3);
	}
}

/* The Gregorian walker gives what libical's iterator gives, instance for
 * instance, for every rule it takes but those (above); and it takes most of
 * them. */
static void
test_the_gregorian_walk_is_libicals_iteration(void **state)
{
	unsigned x = 7;
	int walked = 0;

	(void)state;
	for (int k = 0; k < 1500; k++) {
		char rule[256];
		struct civil st, c;
		int is_date;
		struct icalrecurrencetype r = random_rule(&x, rule, &st, &is_date);
		struct rrule_walk w;
		if (!rrule_walk_init(&w, &r, &st, is_date))
			continue;
		walked++;
		if (libical_weeks_off(&r, &st))
			continue;	/* test_the_gregorian_walk_counts_weeks_as_the_rfc */
		icalrecur_iterator *it = icalrecur_iterator_new(r,
		    tz_icaltime(&st, is_date));
		assert_non_null(it);
		for (int i = 0; i < 200; i++) {
			struct icaltimetype t = icalrecur_iterator_next(it);
			int more = rrule_walk_next(&w, &c);
			if (icaltime_is_null_time(t)) {
				if (more)
					fail_msg("%s from %04d-%02d-%02d: an instance "
					    "more than libical", rule, st.y, st.mo, st.d);
				break;
			}
			if (!more || t.year != c.y || t.month != c.mo || t.day != c.d ||
			    (!is_date && (t.hour != c.h || t.minute != c.mi ||
			    t.second != c.s)))
				fail_msg("%s from %04d-%02d-%02d: instance %d is %s in "
				    "libical", rule, st.y, st.mo, st.d, i,
				    icaltime_as_ical_string(t));
		}
		icalrecur_iterator_free(it);
	}
	assert_true(walked > 1200);
}

/* What the walker leaves to libical: BY parts other than weekdays and
 * ordinals. INTERVAL>1 weeks from a day that is not the week's first BYDAY
 * day are walked here (libical 3.0 finds that first week its own way:
 * FREQ=WEEKLY;INTERVAL=6;BYDAY=SU from Friday 2021-02-05 first gives
 * 2021-03-14, not 2021-02-07). */
static void
test_the_gregorian_walk_leaves_other_rules_to_libical(void **state)
{
	static const char *theirs[] = { "FREQ=MONTHLY", "FREQ=YEARLY",
	    "FREQ=HOURLY", "FREQ=DAILY;BYMONTH=3", "FREQ=DAILY;BYHOUR=1,2",
	    "FREQ=WEEKLY;BYDAY=1MO", "FREQ=DAILY;BYSETPOS=1;BYDAY=MO,TU",
	    "FREQ=WEEKLY;RSCALE=GREGORIAN", "FREQ=YEARLY;INTERVAL=2;BYWEEKNO=1",
	    "FREQ=YEARLY;BYWEEKNO=1;BYMONTH=1", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=1MO" };
	static const char *ours[] = { "FREQ=DAILY", "FREQ=DAILY;INTERVAL=3;BYDAY=MO",
	    "FREQ=WEEKLY;BYDAY=SU,MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR,SA",
	    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,FR;WKST=FR", "FREQ=WEEKLY;COUNT=3",
	    "FREQ=WEEKLY;INTERVAL=6;BYDAY=SU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,FR",
	    "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "FREQ=YEARLY;BYWEEKNO=-1;WKST=SU" };
	struct civil friday = { 2021, 2, 5, 10, 0, 0 };
	struct rrule_walk w;

	(void)state;
	for (size_t i = 0; i < sizeof theirs / sizeof *theirs; i++) {
		struct icalrecurrencetype r = icalrecurrencetype_from_string(theirs[i]);
		if (rrule_walk_init(&w, &r, &friday, 0))
			fail_msg("%s is walked here", theirs[i]);
		free(r.rscale);	/* libical's copy of the RSCALE value */
	}
	for (size_t i = 0; i < sizeof ours / sizeof *ours; i++) {
		struct icalrecurrencetype r = icalrecurrencetype_from_string(ours[i]);
		if (!rrule_walk_init(&w, &r, &friday, 0))
			fail_msg("%s is left to libical", ours[i]);
	}
}

/* utc_format writes its digits by hand: every field, padded, and the years
 * outside 0..9999 as before. */
static void
test_utc_format_pads_every_field(void **state)
{
	char out[32];

	(void)state;
	utc_format(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	utc_format(utc_iso("2026-11-30T08:05:09Z"), out);
	assert_string_equal(out, "2026-11-30T08:05:09Z");
	utc_format(utc_iso("0999-12-31T23:59:59Z"), out);
	assert_string_equal(out, "0999-12-31T23:59:59Z");
	utc_format(253402300799LL, out);
	assert_string_equal(out, "9999-12-31T23:59:59Z");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_weekly_keeps_wall_time_across_dst),
		T(test_exdate_and_rdate_shape_the_set),
		T(test_override_moves_and_cancel_removes_an_instance),
		T(test_this_and_future_moves_every_later_instance),
		T(test_date_event_without_end_lasts_one_local_day),
		T(test_floating_times_use_the_calendar_zone),
		T(test_until_in_utc_bounds_a_zoned_series),
		T(test_count_includes_an_unsynchronised_dtstart),
		T(test_two_rrules_are_a_union),
		T(test_vtimezone_from_the_file_defines_the_zone),
		T(test_only_overlapping_occurrences_are_returned),
		T(test_canonical_times),
		T(test_policy_windows_second_tuesday_plus_four_days),
		T(test_policy_window_every_other_sunday_counts_weeks_from_the_anchor),
		T(test_policy_window_on_a_dst_gap_day),
		T(test_policy_window_in_a_fold_is_flagged),
		T(test_an_event_stops_at_its_step_bound),
		T(test_provider_fields_leave_icalendar_digests_as_they_were),
		T(test_one_step_under_the_bound_is_not_cut),
		T(test_two_hundred_rules_share_one_event_bound),
		T(test_a_rule_that_never_matches_stops_at_the_bound),
		T(test_monthly_and_yearly_rules_that_never_occur_are_skipped),
		T(test_never_occurs_by_the_gregorian_cycle),
		T(test_a_periodic_series_starts_near_the_range),
		T(test_the_calendar_bound_cuts_the_events_after_it),
		T(test_many_exdates_and_overrides_find_their_instances),
		T(test_an_end_before_the_start_is_told),
		T(test_the_gregorian_walk_is_libicals_iteration),
		T(test_the_gregorian_walk_counts_weeks_as_the_rfc),
		T(test_yearly_byweekno_walks_the_iso_weeks),
		T(test_the_gregorian_walk_leaves_other_rules_to_libical),
		T(test_utc_format_pads_every_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
