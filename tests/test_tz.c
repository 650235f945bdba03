/* Civil dates and time zones: RFC 5545 §3.3.5 at DST gaps and folds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../model/civil.h"
#include "testutil.h"
#include "../model/tz.h"
#include "../util/buf.h"

static int64_t
utc_of(const char *zone, int y, int mo, int d, int h, int mi)
{
	struct civil c = { y, mo, d, h, mi, 0 };

	return tz_local_to_utc(tz_builtin(zone), &c);
}


static void
test_civil_days_round_trip(void **state)
{
	(void)state;
	assert_int_equal(days_from_civil(1970, 1, 1), 0);
	assert_int_equal(days_from_civil(2000, 3, 1), 11017);
	for (long d = -800000; d < 800000; d += 997) {
		int y, m, dd;
		civil_from_days(d, &y, &m, &dd);
		assert_int_equal(days_from_civil(y, m, dd), d);
	}
	assert_int_equal(days_in_month(2024, 2), 29);
	assert_int_equal(days_in_month(2100, 2), 28);
}

static void
test_civil_parse_forms(void **state)
{
	struct civil c;
	int t;

	(void)state;
	assert_int_equal(civil_parse("2026-11-24", &c, &t), 0);
	assert_false(t);
	assert_int_equal(civil_parse("2026-11-24T02:30", &c, &t), 0);
	assert_true(t);
	assert_int_equal(c.mi, 30);
	assert_int_equal(civil_parse("20261124T023015Z", &c, &t), 0);
	assert_int_equal(c.s, 15);
	assert_int_equal(civil_parse("2026-02-30", &c, &t), -1);
	assert_int_equal(civil_parse("2026-11-24T25:00", &c, &t), -1);
	assert_int_equal(civil_parse("tomorrow", &c, &t), -1);
}

/* The plain forms are read digit by digit, the rest by sscanf: both ways
 * agree, whatever the text (signs, spaces, short fields, seconds or not). */
static void
test_civil_parse_forms_agree_with_sscanf(void **state)
{
	static const char *const cases[] = { "2026-11-24", "2026-11-24T02:30",
	    "2026-11-24 02:30:15", "2026-11-24T02:30:15Z", "20261124", "20261124T023015",
	    "20261124T023015Z", "2026-11-24T2:30", "2026-11-24T02:30:+5",
	    "+026-11-24", " 2026-11-24", "2026-1-24", "2026-11-24T02:3",
	    "20261124T02301", "2026112", "2026-11-24Z", "20261124Z", "2026-11-24T",
	    "2026-11-24T02:30Z", "2026-11-24T02:30:1", "202611241", "", "2026-02-29",
	    "2024-02-29T23:59:59Z", "2026-11-24T24:00" };
	static const int want[] = { 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, -1, -1, -1, -1,
	    -1, -1, -1, -1, 0, -1, -1, -1, -1, 0, -1 };
	struct civil c;
	int t;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = civil_parse(cases[i], &c, &t);
		if (rc != want[i])
			fail_msg("civil_parse(\"%s\") = %d, want %d", cases[i], rc, want[i]);
	}
	assert_int_equal(civil_parse("2026-11-24T02:30:+5", &c, &t), 0);
	assert_int_equal(c.s, 5);
	assert_int_equal(civil_parse("+026-11-24", &c, &t), 0);	/* sscanf's %4d */
	assert_int_equal(c.y, 26);
	assert_int_equal(civil_parse("20261124T023015Z", &c, &t), 0);
	assert_true(t && c.y == 2026 && c.mo == 11 && c.d == 24 && c.h == 2 &&
	    c.mi == 30 && c.s == 15);
}

static void
test_berlin_gap_uses_the_offset_before_the_gap(void **state)
{
	(void)state;
	/* 2026-03-29 02:30 does not exist in Berlin: read with +01:00. */
	assert_string_equal(test_utc(utc_of("Europe/Berlin", 2026, 3, 29, 2, 30)),
	    "2026-03-29T01:30:00Z");
	assert_string_equal(test_utc(utc_of("Europe/Berlin", 2026, 3, 29, 3, 30)),
	    "2026-03-29T01:30:00Z");
	assert_string_equal(test_utc(utc_of("Europe/Berlin", 2026, 7, 1, 12, 0)),
	    "2026-07-01T10:00:00Z");
}

static void
test_berlin_fold_means_the_first_occurrence(void **state)
{
	(void)state;
	/* 2026-10-25 02:30 happens twice: the first is still +02:00. */
	assert_string_equal(test_utc(utc_of("Europe/Berlin", 2026, 10, 25, 2, 30)),
	    "2026-10-25T00:30:00Z");
	assert_string_equal(test_utc(utc_of("Europe/Berlin", 2026, 10, 25, 3, 0)),
	    "2026-10-25T02:00:00Z");
}

static void
test_new_york_gap_and_fold(void **state)
{
	(void)state;
	assert_string_equal(test_utc(utc_of("America/New_York", 2026, 3, 8, 2, 30)),
	    "2026-03-08T07:30:00Z");
	assert_string_equal(test_utc(utc_of("America/New_York", 2026, 11, 1, 1, 30)),
	    "2026-11-01T05:30:00Z");
	assert_string_equal(test_utc(utc_of("America/New_York", 2026, 11, 1, 2, 30)),
	    "2026-11-01T07:30:00Z");
}

static void
test_local_times_once_gap_fold(void **state)
{
	struct civil gap = { 2026, 3, 29, 2, 30, 0 }, fold = { 2026, 10, 25, 2, 30, 0 };
	struct civil once = { 2026, 7, 1, 2, 30, 0 };
	icaltimezone *z = tz_builtin("Europe/Berlin");

	(void)state;
	assert_int_equal(tz_local_kind(z, &gap), TZ_LOCAL_GAP);
	assert_int_equal(tz_local_kind(z, &fold), TZ_LOCAL_FOLD);
	assert_int_equal(tz_local_kind(z, &once), TZ_LOCAL_ONCE);
	assert_int_equal(tz_local_kind(NULL, &gap), TZ_LOCAL_ONCE);
}

static void
test_utc_to_local_and_offsets(void **state)
{
	struct civil c;
	icaltimezone *z = tz_builtin("Asia/Kolkata");

	(void)state;
	tz_utc_to_local(z, utc_of("UTC", 2026, 1, 1, 0, 0), &c);
	assert_int_equal(c.h, 5);
	assert_int_equal(c.mi, 30);
	assert_int_equal(tz_offset_at(NULL, 0), 0);
}

static void
test_zone_names_resolve(void **state)
{
	(void)state;
	assert_string_equal(tz_resolve_name("W. Europe Standard Time"), "Europe/Berlin");
	assert_string_equal(tz_resolve_name("Eastern Standard Time"), "America/New_York");
	assert_string_equal(tz_resolve_name("New Zealand Standard Time"),
	    "Pacific/Auckland");
	assert_string_equal(tz_resolve_name("Europe/Paris"), "Europe/Paris");
	assert_string_equal(tz_resolve_name("/Europe/Paris"), "Europe/Paris");
	assert_string_equal(tz_resolve_name(
	    "/softwarestudio.org/Olson_20011030_5/America/Chicago"), "America/Chicago");
	assert_string_equal(tz_resolve_name("GMT"), "UTC");
	assert_null(tz_resolve_name("(UTC-05:00) Eastern Time (US & Canada)"));
	assert_null(tz_resolve_name("Mars/Olympus_Mons"));
	assert_null(tz_builtin(""));
}

/* A zone name is a name, never a path: libical opens
 * /usr/share/zoneinfo/NAME, and an imported TZID of "/../../../tmp/fifo"
 * was opened (and a FIFO waited on for ever). */
static void
test_zone_names_are_not_paths(void **state)
{
	(void)state;
	assert_null(tz_builtin("../zoneinfo/Europe/Berlin"));
	assert_null(tz_builtin("Europe/../Europe/Berlin"));
	assert_null(tz_builtin("./Europe/Berlin"));
	assert_null(tz_builtin("Europe//Berlin"));
	assert_null(tz_builtin("../../../../etc/localtime"));
	assert_null(tz_resolve_name("/../../../../tmp/no-zone-fifo"));
	/* Leading components dropped leave a name, as for Mozilla's. */
	assert_string_equal(tz_resolve_name("/../../Europe/Berlin"), "Europe/Berlin");
	assert_non_null(tz_builtin("Europe/Berlin"));
	assert_non_null(tz_builtin("America/Argentina/Buenos_Aires"));
	assert_non_null(tz_builtin("Etc/GMT+5"));
	assert_non_null(tz_builtin("America/Port-au-Prince"));
	assert_non_null(tz_builtin("EST5EDT"));
}

/* One spelling of a deadline: the end of the day, local midnight written as
 * the day before's 24:00; other times as they are; a sentence's UTC times
 * in the zone, deadlines (after "deadline", "due") as ends of days. */
static void
test_deadlines_are_spelt_as_ends_of_days(void **state)
{
	icaltimezone *berlin = tz_builtin("Europe/Berlin");
	int64_t end = 1795561200;	/* 2026-11-24T23:00:00Z: Berlin's midnight */
	char out[64];
	struct buf b = { 0 };

	(void)state;
	tz_format(berlin, end, 1, out, sizeof out);
	assert_string_equal(out, "2026-11-24 24:00+01:00");
	tz_format(berlin, end, 0, out, sizeof out);
	assert_string_equal(out, "2026-11-25 00:00+01:00");
	tz_format(berlin, end + 3600, 1, out, sizeof out);	/* not a midnight */
	assert_string_equal(out, "2026-11-25 01:00+01:00");
	tz_format(tz_builtin("America/New_York"), end, 1, out, sizeof out);
	assert_string_equal(out, "2026-11-24 18:00-05:00");
	/* Santiago's 6 September 2026 starts at 01:00 (a DST gap at
	 * midnight): the end of the 5th is 04:00Z, its 24:00 at -04:00, as
	 * deadline_of_patch puts it (not "2026-09-06 01:00-03:00"). */
	icaltimezone *santiago = tz_builtin("America/Santiago");
	struct civil sep6 = { 2026, 9, 6, 0, 0, 0 };
	assert_int_equal(tz_local_to_utc(santiago, &sep6), 1788667200);
	tz_format(santiago, 1788667200, 1, out, sizeof out);
	assert_string_equal(out, "2026-09-05 24:00-04:00");
	tz_format(santiago, 1788667200, 0, out, sizeof out);
	assert_string_equal(out, "2026-09-06 01:00-03:00");
	tz_format(santiago, 1788667200 - 3600, 1, out, sizeof out);	/* 23:00 */
	assert_string_equal(out, "2026-09-05 23:00-04:00");
	tz_local_times(&b, "x ends 2026-12-01T02:00:00Z, after its deadline "
	    "2026-11-24T23:00:00Z; released (2026-11-25T23:00:00Z), due "
	    "2026-11-25T23:00:00Z; 2026-11-25T23:00:00 stays", berlin);
	assert_string_equal(b.s, "x ends 2026-12-01 03:00+01:00, after its deadline "
	    "2026-11-24 24:00+01:00; released (2026-11-26 00:00+01:00), due "
	    "2026-11-25 24:00+01:00; 2026-11-25T23:00:00 stays");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_days_round_trip),
		cmocka_unit_test(test_civil_parse_forms),
		cmocka_unit_test(test_civil_parse_forms_agree_with_sscanf),
		cmocka_unit_test(test_berlin_gap_uses_the_offset_before_the_gap),
		cmocka_unit_test(test_berlin_fold_means_the_first_occurrence),
		cmocka_unit_test(test_new_york_gap_and_fold),
		cmocka_unit_test(test_local_times_once_gap_fold),
		cmocka_unit_test(test_utc_to_local_and_offsets),
		cmocka_unit_test(test_zone_names_resolve),
		cmocka_unit_test(test_zone_names_are_not_paths),
		cmocka_unit_test(test_deadlines_are_spelt_as_ends_of_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
