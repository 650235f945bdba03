/* Expansion of events and policy windows into occurrences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../model/civil.h"
#include "../model/windows.h"
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
		T(test_policy_window_on_a_dst_gap_day),
		T(test_policy_window_in_a_fold_is_flagged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
