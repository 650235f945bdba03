/* The SSM maintenance window reader (import/cal_ssm.c) and its schedule
 * translation (model/ssm_cron.c): each form of AWS's cron as its RRULE,
 * what no RRULE says refused naming why, the shapes SSM prints, and what a
 * window is refused or left out for, at its line. The runs themselves are
 * compared with an expansion of our own in tests/interop/ssm_cron_check.py. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../import/formats.h"
#include "../model/ssm_cron.h"
#include "../util/buf.h"
#include "cal_read.h"
#include "testutil.h"

static void
read_ssm(struct got *g, const char *text)
{
	got_read(g, "ssm-windows", text, NULL);
}

/* ---- cron -> RRULE ------------------------------------------------------ */

static void
test_each_form_of_cron_has_its_rrule(void **state)
{
	static const struct {
		const char	*in;
		int		 offset;
		const char	*rule;
		int		 from, to;
	} cases[] = {
		{ "0 2 ? * SUN *", 0, "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0", 0, 0 },
		{ "30 23 ? * 1,7 *", 0,
		    "FREQ=WEEKLY;BYDAY=SU,SA;BYHOUR=23;BYMINUTE=30", 0, 0 },
		{ "0 22 ? * MON-FRI *", 0,
		    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=22;BYMINUTE=0", 0, 0 },
		{ "0 1 ? * L *", 0, "FREQ=WEEKLY;BYDAY=SA;BYHOUR=1;BYMINUTE=0", 0, 0 },
		{ "0 1 ? * * *", 0, "FREQ=DAILY;BYHOUR=1;BYMINUTE=0", 0, 0 },
		{ "0 1 * * ? *", 0, "FREQ=DAILY;BYHOUR=1;BYMINUTE=0", 0, 0 },
		{ "0 1 ? * SUN-SAT *", 0, "FREQ=DAILY;BYHOUR=1;BYMINUTE=0", 0, 0 },
		{ "0 2 ? * TUE#2 *", 0, "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=2;BYMINUTE=0", 0, 0 },
		{ "0 2 ? * 6L *", 0, "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=2;BYMINUTE=0", 0, 0 },
		{ "0 3 ? * MON#1,FRI#5 *", 0,
		    "FREQ=MONTHLY;BYDAY=1MO,5FR;BYHOUR=3;BYMINUTE=0", 0, 0 },
		{ "0 4 L * ? *", 0, "FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=4;BYMINUTE=0", 0, 0 },
		{ "0 4 L-2 * ? *", 0,
		    "FREQ=MONTHLY;BYMONTHDAY=-3;BYHOUR=4;BYMINUTE=0", 0, 0 },
		{ "0 4 1,15,L * ? *", 0,
		    "FREQ=MONTHLY;BYMONTHDAY=-1,1,15;BYHOUR=4;BYMINUTE=0", 0, 0 },
		{ "0 12 */10 * ? *", 0,
		    "FREQ=MONTHLY;BYMONTHDAY=1,11,21,31;BYHOUR=12;BYMINUTE=0", 0, 0 },
		{ "0 2 29 FEB ? *", 0,
		    "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=2;BYMINUTE=0", 0, 0 },
		{ "0 22 ? jan-mar MON-FRI *", 0, "FREQ=WEEKLY;BYMONTH=1,2,3;"
		    "BYDAY=MO,TU,WE,TH,FR;BYHOUR=22;BYMINUTE=0", 0, 0 },
		{ "*/30 9-10 ? * WED *", 0,
		    "FREQ=WEEKLY;BYDAY=WE;BYHOUR=9,10;BYMINUTE=0,30", 0, 0 },
		{ "0 0/6 1 * ? *", 0,
		    "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=0,6,12,18;BYMINUTE=0", 0, 0 },
		/* ScheduleOffset: Patch Tuesday + 2 is the Thursday of days
		 * 10-16 (AWS's own example: TUE#3 + 2). */
		{ "30 23 ? * TUE#3 *", 2,
		    "FREQ=MONTHLY;BYDAY=TH;BYMONTHDAY=17,18,19,20,21,22,23;"
		    "BYHOUR=23;BYMINUTE=30", 0, 0 },
		{ "0 6 5,20 * ? *", 3,
		    "FREQ=MONTHLY;BYMONTHDAY=8,23;BYHOUR=6;BYMINUTE=0", 0, 0 },
		{ "0 23 ? * SAT,SUN *", 1,
		    "FREQ=WEEKLY;BYDAY=SU,MO;BYHOUR=23;BYMINUTE=0", 0, 0 },
		{ "0 23 * * ? *", 6, "FREQ=DAILY;BYHOUR=23;BYMINUTE=0", 0, 0 },
		/* the year field bounds the series */
		{ "0 5 ? * TUE 2027", 0, "FREQ=WEEKLY;BYDAY=TU;BYHOUR=5;BYMINUTE=0",
		    2027, 2027 },
		{ "0 5 1 * ? 2027-2028", 0,
		    "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=5;BYMINUTE=0", 2027, 2028 },
		{ "0 5 1 * ? 2027,2028", 0,
		    "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=5;BYMINUTE=0", 2027, 2028 },
	};
	struct ssm_cron c;
	char why[SSM_WHY_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (ssm_cron_rrule(cases[i].in, cases[i].offset, &c, why) != 0)
			fail_msg("%s: refused: %s", cases[i].in, why);
		if (strcmp(c.rule, cases[i].rule) != 0)
			fail_msg("%s +%d: %s, want %s", cases[i].in,
			    cases[i].offset, c.rule, cases[i].rule);
		if (c.year_from != cases[i].from || c.year_to != cases[i].to)
			fail_msg("%s: years %d-%d", cases[i].in, c.year_from,
			    c.year_to);
	}
}

static void
test_what_no_rrule_says_is_refused_naming_why(void **state)
{
	static const struct {
		const char	*in;
		int		 offset;
		const char	*why;
	} cases[] = {
		{ "0 3 15W * ? *", 0, "W (the weekday nearest a day) has no RRULE" },
		{ "0 3 LW * ? *", 0, "W (the weekday nearest a day)" },
		{ "0 2 ? * SUN", 0, "has 5 fields, not six" },
		{ "0 2 ? * SUN * *", 0, "more than six fields" },
		{ "0 2 * * SUN *", 0, "one of day-of-month and day-of-week must be ?" },
		{ "0 2 ? * ? *", 0, "one of day-of-month and day-of-week must be ?" },
		{ "60 2 ? * SUN *", 0, "minutes '60' is not a value from 0 to 59" },
		{ "0 24 ? * SUN *", 0, "hours '24' is not a value from 0 to 23" },
		{ "0 2 ? * 8 *", 0, "day-of-week '8' is not a value from 1 to 7" },
		{ "0 2 ? * FRI-MON *", 0, "runs backwards" },
		{ "0 2 ? * TUE#6 *", 0, "# takes 1 to 5" },
		{ "0 2 ? * TUE *", 7, "ScheduleOffset 7 is not 1 to 6" },
		{ "0 2 ? FOO * *", 0, "month 'FOO' is not a value" },
		{ "0 2 ? * SUN 2026,2028", 0, "year '2026,2028' has gaps" },
		{ "0 2 ? * SUN 1969", 0, "year '1969' is not a value from 1970" },
		{ "0 2 ? * SUN#4 *", 1, "can fall in the next month" },
		{ "0 2 ? * 6L *", 1, "ScheduleOffset 1 is read with one d#k alone" },
		{ "0 2 L * ? *", 1, "falls in the next month" },
		{ "0 2 28 * ? *", 1, "after day 28 can fall in the next month" },
		{ "0 2 ? JAN SUN *", 1, "with only some months" },
		{ "0 2 ? * SUN/0 *", 0, "the increment after / is not" },
		{ "0 2 1,,2 * ? *", 0, "has an empty item" },
		{ "0 2 ? * ?,SUN *", 0, "is not a value" },
		{ "0 2 1, * ? *", 0, "ends with a comma" },
		{ "0 2 x * ? *", 0, "day-of-month 'x' is not a value from 1 to 31" },
	};
	struct ssm_cron c;
	char why[SSM_WHY_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (ssm_cron_rrule(cases[i].in, cases[i].offset, &c, why) == 0)
			fail_msg("%s: taken as %s", cases[i].in, c.rule);
		if (strstr(why, cases[i].why) == NULL)
			fail_msg("%s: '%s', want '%s'", cases[i].in, why,
			    cases[i].why);
	}
}

static void
test_bounds_of_an_expression(void **state)
{
	struct ssm_cron c;
	char why[SSM_WHY_MAX], text[400];
	struct buf b = { 0 };

	(void)state;
	/* 61 items in one list: past SSM_ITEMS_MAX */
	buf_printf(&b, "0");
	for (int i = 1; i <= 60; i++)
		buf_printf(&b, ",%d", i % 60);
	buf_printf(&b, " 2 ? * SUN *");
	assert_int_equal(ssm_cron_rrule(buf_str(&b), 0, &c, why), -1);
	assert_non_null(strstr(why, "minutes has more than 60 items"));
	buf_free(&b);
	/* longer than SSM's 256 bytes */
	memset(text, ' ', sizeof text);
	memcpy(text, "0 2 ? * SUN *", 13);
	text[sizeof text - 1] = '\0';
	assert_int_equal(ssm_cron_rrule(text, 0, &c, why), -1);
	assert_non_null(strstr(why, "longer than 256 bytes"));
	/* every minute of every hour: the longest rule still fits */
	assert_int_equal(ssm_cron_rrule("0-59 0-23 1-30,L * ? *", 0, &c, why), 0);
	assert_non_null(strstr(c.rule, "BYMINUTE=0,1,2"));
}

static void
test_rate_periods(void **state)
{
	long s;
	char why[SSM_WHY_MAX];

	(void)state;
	assert_int_equal(ssm_rate_seconds("3 days", &s, why), 0);
	assert_int_equal(s, 3 * 86400);
	assert_int_equal(ssm_rate_seconds("1 hour", &s, why), 0);
	assert_int_equal(s, 3600);
	assert_int_equal(ssm_rate_seconds("30 minutes", &s, why), 0);
	assert_int_equal(s, 1800);
	assert_int_equal(ssm_rate_seconds("3 weeks", &s, why), -1);
	assert_non_null(strstr(why, "the unit is not minutes, hours or days"));
	assert_int_equal(ssm_rate_seconds("0 days", &s, why), -1);
	assert_int_equal(ssm_rate_seconds("days", &s, why), -1);
}

/* ---- the reader ----------------------------------------------------------- */

/* get-maintenance-window's output (the aws-cli example, its ModifiedDate
 * quoted): rate(3 days) from NextExecutionTime, in UTC. */
static const char one_window[] =
	"{\n"
	"    \"AllowUnassociatedTargets\": true,\n"
	"    \"CreatedDate\": 1515006912.957,\n"
	"    \"Cutoff\": 1,\n"
	"    \"Duration\": 6,\n"
	"    \"Enabled\": true,\n"
	"    \"ModifiedDate\": \"2020-01-01T10:04:04.099Z\",\n"
	"    \"Name\": \"My-Maintenance-Window\",\n"
	"    \"Schedule\": \"rate(3 days)\",\n"
	"    \"WindowId\": \"mw-03eb9db428EXAMPLE\",\n"
	"    \"NextExecutionTime\": \"2020-02-25T00:08:15.099Z\"\n"
	"}\n";

static void
test_one_window_is_one_event_with_its_cutoff(void **state)
{
	struct got g;
	const struct cal_event *e;

	(void)state;
	read_ssm(&g, one_window);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 1);
	e = &g.cal.events[0];
	assert_string_equal(e->uid, "mw-03eb9db428EXAMPLE");
	assert_string_equal(e->provider_id, "mw-03eb9db428EXAMPLE");
	assert_string_equal(e->summary, "SSM maintenance window My-Maintenance-Window");
	assert_string_equal(e->dtstart, "20200225T000815");
	assert_string_equal(e->start_tz, "UTC");
	assert_string_equal(e->duration, "PT6H");
	assert_string_equal(e->rrules, "FREQ=DAILY;INTERVAL=3");
	assert_int_equal(e->cutoff_minutes, 60);
	assert_int_equal(e->line, 2);
	got_free(&g);
}

static const char listing[] =
	"{\n"
	"    \"WindowIdentities\": [\n"
	"        {\n"				/* 3 */
	"            \"WindowId\": \"mw-0aaaaaaaaaaaaaaa1\",\n"
	"            \"Name\": \"patch-tuesday-plus-2\",\n"
	"            \"Enabled\": true, \"Duration\": 4, \"Cutoff\": 1,\n"
	"            \"Schedule\": \"cron(30 23 ? * TUE#2 *)\",\n"
	"            \"ScheduleTimezone\": \"Europe/Berlin\",\n"
	"            \"ScheduleOffset\": 2,\n"
	"            \"StartDate\": \"2026-12-01T00:00:00+01:00\",\n"
	"            \"EndDate\": \"2027-06-30T00:00:00Z\"\n"
	"        },\n"
	"        {\n"				/* 13 */
	"            \"WindowId\": \"mw-0aaaaaaaaaaaaaaa2\",\n"
	"            \"Name\": \"old\", \"Enabled\": false, \"Duration\": 2,\n"
	"            \"Cutoff\": 1, \"Schedule\": \"rate(7 days)\"\n"
	"        },\n"
	"        {\n"				/* 18 */
	"            \"WindowId\": \"mw-0aaaaaaaaaaaaaaa3\",\n"
	"            \"Name\": \"nearest-weekday\", \"Enabled\": true,\n"
	"            \"Duration\": 2, \"Cutoff\": 0,\n"
	"            \"Schedule\": \"cron(0 3 15W * ? *)\"\n"
	"        },\n"
	"        {\n"				/* 24 */
	"            \"WindowId\": \"mw-0aaaaaaaaaaaaaaa4\",\n"
	"            \"Name\": \"every-3-days\", \"Enabled\": true,\n"
	"            \"Duration\": 6, \"Cutoff\": 1,\n"
	"            \"Schedule\": \"rate(3 days)\"\n"
	"        },\n"
	"        {\n"				/* 30 */
	"            \"WindowId\": \"mw-0aaaaaaaaaaaaaaa5\",\n"
	"            \"Name\": \"once\", \"Enabled\": true,\n"
	"            \"Duration\": 5, \"Cutoff\": 2,\n"
	"            \"Schedule\": \"at(2026-12-14T15:55:00)\",\n"
	"            \"ScheduleTimezone\": \"Asia/Tokyo\"\n"
	"        },\n"
	"        {\n"				/* 37 */
	"            \"WindowId\": \"mw-0aaaaaaaaaaaaaaa6\",\n"
	"            \"Name\": \"cutoff-too-long\", \"Enabled\": true,\n"
	"            \"Duration\": 2, \"Cutoff\": 2,\n"
	"            \"Schedule\": \"cron(0 3 ? * SUN *)\"\n"
	"        },\n"
	"        {\n"				/* 43 */
	"            \"WindowId\": \"mw-0aaaaaaaaaaaaaaa7\",\n"
	"            \"Name\": \"ended\", \"Enabled\": true,\n"
	"            \"Duration\": 2, \"Cutoff\": 0,\n"
	"            \"Schedule\": \"cron(0 3 ? * SUN 2020)\"\n"
	"        }\n"
	"    ]\n"
	"}\n";

static void
test_a_listing_each_window_at_its_line(void **state)
{
	struct got g;
	const struct cal_event *e;

	(void)state;
	read_ssm(&g, listing);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.cal.nevents, 2);
	/* Patch Tuesday + 2 in Berlin, the first on/after StartDate, until
	 * EndDate */
	e = &g.cal.events[0];
	assert_string_equal(e->uid, "mw-0aaaaaaaaaaaaaaa1");
	assert_int_equal(e->line, 4);
	assert_string_equal(e->dtstart, "20261210T233000");
	assert_string_equal(e->start_tz, "Europe/Berlin");
	assert_string_equal(e->rrules, "FREQ=MONTHLY;BYDAY=TH;BYMONTHDAY=10,11,"
	    "12,13,14,15,16;BYHOUR=23;BYMINUTE=30;UNTIL=20270630T000000Z");
	assert_int_equal(e->cutoff_minutes, 60);
	/* at() on Tokyo's wall clock, once */
	e = &g.cal.events[1];
	assert_string_equal(e->uid, "mw-0aaaaaaaaaaaaaaa5");
	assert_string_equal(e->dtstart, "20261214T155500");
	assert_string_equal(e->start_tz, "Asia/Tokyo");
	assert_string_equal(e->rrules, "");
	assert_int_equal(e->cutoff_minutes, 120);
	/* left out, each at its line */
	assert_true(said(&g.notes, 14, "window mw-0aaaaaaaaaaaaaaa2 is disabled "
	    "(Enabled false): not imported"));
	assert_true(said(&g.problems, 19, "window mw-0aaaaaaaaaaaaaaa3: "
	    "day-of-month '15W': W"));
	assert_true(said(&g.problems, 25, "window mw-0aaaaaaaaaaaaaaa4: rate(3 "
	    "days) repeats from when the window was created"));
	assert_true(said(&g.problems, 38, "Cutoff 2 is not shorter than its "
	    "Duration 2"));
	assert_true(said(&g.notes, 44, "window mw-0aaaaaaaaaaaaaaa7 runs no more"));
	assert_int_equal(g.problems.n, 3);
	got_free(&g);
}

static void
test_what_a_window_is_refused_for(void **state)
{
	static const struct {
		const char	*members, *why;
	} cases[] = {
		{ "\"Duration\": 2", "without its Schedule" },
		{ "\"Schedule\": \"cron(0 3 ? * SUN *)\"", "without its Duration" },
		{ "\"Schedule\": \"cron(0 3 ? * SUN *)\", \"Duration\": 25",
		    "Duration '25' is not a whole number from 1 to 24" },
		{ "\"Schedule\": \"cron(0 3 ? * SUN *)\", \"Duration\": 2, "
		    "\"ScheduleTimezone\": \"Mars/Olympus\"",
		    "ScheduleTimezone 'Mars/Olympus' is no IANA zone" },
		{ "\"Schedule\": \"rate(1 day)\", \"Duration\": 2, "
		    "\"ScheduleOffset\": 2", "ScheduleOffset goes with a cron "
		    "schedule only" },
		{ "\"Schedule\": \"rate(1 hour)\", \"Duration\": 2, "
		    "\"NextExecutionTime\": \"2026-12-01T00:00Z\"",
		    "comes round before its 2 hour(s) end" },
		{ "\"Schedule\": \"every tuesday\", \"Duration\": 2",
		    "is not cron(...), rate(...) or at(...)" },
		{ "\"Schedule\": \"at(2026-12-14 15:55)\", \"Duration\": 2",
		    "is not at(YYYY-MM-DDTHH:MM:SS)" },
		{ "\"Schedule\": \"cron(0 3 ? * SUN *)\", \"Duration\": 2, "
		    "\"StartDate\": \"next week\"", "StartDate 'next week' is not "
		    "an ISO 8601 time" },
		{ "\"Schedule\": \"cron(0 3 ? * SUN *)\", \"Duration\": 2, "
		    "\"StartDate\": \"2027-01-01T00:00Z\", \"EndDate\": "
		    "\"2026-01-01T00:00Z\"", "EndDate is before StartDate" },
		{ "\"Schedule\": \"cron(0 3 30 FEB ? *)\", \"Duration\": 2",
		    "makes no run within 41 years" },
		{ "\"Schedule\": \"cron(0 3 ? * SUN *)\", \"Duration\": 2, "
		    "\"Enabled\": \"yes\"", "Enabled 'yes' is not true or false" },
		{ "\"Schedule\": \"cron(0 * ? * MON-FRI *)\", \"Duration\": 2",
		    "cron(0 * ? * MON-FRI *) runs again 60 minutes after a run, "
		    "before its 2 hour(s) end" },
		{ "\"Schedule\": \"cron(0 1,23 ? * SAT,SUN *)\", \"Duration\": 3",
		    "runs again 120 minutes after a run" },
		/* Closer only some days of the years after the first month:
		 * on the day clocks go forward (1:00 EST, 3:00 EDT), after a
		 * 28-day February (23:00 on the 28th, 0:00 on 1 March). */
		{ "\"Schedule\": \"cron(0 1,3 * * ? *)\", \"Duration\": 2, "
		    "\"ScheduleTimezone\": \"America/New_York\"",
		    "cron(0 1,3 * * ? *) runs again 60 minutes after a run" },
		{ "\"Schedule\": \"cron(0 0,23 1,28 * ? *)\", \"Duration\": 2",
		    "cron(0 0,23 1,28 * ? *) runs again 60 minutes after a run" },
	};
	struct got g;
	char text[600];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(text, sizeof text, "{\"WindowIdentities\": [\n{\"WindowId\": "
		    "\"mw-0bbbbbbbbbbbbbbb1\", %s}\n]}\n", cases[i].members);
		read_ssm(&g, text);
		if (!said(&g.problems, 2, cases[i].why))
			fail_msg("%s: %zu problems, the first '%s'", cases[i].members,
			    g.problems.n, g.problems.n ? g.problems.v[0].msg : "");
		assert_int_equal(g.cal.nevents, 0);
		got_free(&g);
	}
}

static void
test_the_schedule_listing_and_other_files_are_refused_naming_them(void **state)
{
	struct got g;

	(void)state;
	read_ssm(&g, "{\"ScheduledWindowExecutions\": [{\"WindowId\": "
	    "\"mw-ab12cd34eEXAMPLE\", \"ExecutionTime\": \"2020-02-19T16:00Z\"}]}");
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "describe-maintenance-window-schedule"));
	got_free(&g);
	read_ssm(&g, "{\"WindowId\": \"mw-0c50858d01EXAMPLE\"}");
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "no Schedule"));
	got_free(&g);
	/* the sniff: sure of both listings and of one window, not of
	 * create-maintenance-window's answer (a WindowId alone) */
	assert_int_equal(cal_sniff_ssm(listing, strlen(listing)), SNIFF_YES);
	assert_int_equal(cal_sniff_ssm(one_window, strlen(one_window)), SNIFF_YES);
	assert_int_equal(cal_sniff_ssm("{\"WindowId\": \"mw-0c50858d01EXAMPLE\"}",
	    36), SNIFF_NO);
	assert_int_equal(cal_sniff_ssm("{\"Patches\": []}", 15), SNIFF_NO);
}

/* The year field names the cron's dates before ScheduleOffset moves them:
 * cron(0 3 ? * THU 2027) with 6 runs on the Wednesday after each Thursday
 * of 2027, the last on 5 January 2028; not on 6 January 2027 (after
 * Thursday 31 December 2026). */
static void
test_the_year_field_is_the_crons_before_the_offset(void **state)
{
	struct got g;
	const struct cal_event *e;

	(void)state;
	read_ssm(&g, "{\"WindowIdentities\": [\n{\"WindowId\": \"mw-0ccccccccccccccc1\", "
	    "\"Duration\": 2, \"Schedule\": \"cron(0 3 ? * THU 2027)\", "
	    "\"ScheduleOffset\": 6}\n]}\n");
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 1);
	e = &g.cal.events[0];
	assert_string_equal(e->dtstart, "20270113T030000");
	assert_string_equal(e->rrules, "FREQ=WEEKLY;BYDAY=WE;BYHOUR=3;BYMINUTE=0;"
	    "UNTIL=20280106T235959Z");
	got_free(&g);
}

/* A cron of runs at most a Duration apart is checked over five years; a
 * file of windows that run more than a calendar may hold in them is
 * refused at the first past it, not expanded for minutes. */
static void
test_the_overlap_check_is_bounded(void **state)
{
	struct buf b = { 0 };
	struct got g;

	(void)state;
	buf_printf(&b, "{\"WindowIdentities\": [\n");
	for (int i = 0; i < 12; i++)
		buf_printf(&b, "%s{\"WindowId\": \"mw-%017x\", \"Duration\": 1, "
		    "\"Schedule\": \"cron(0 * * * ? *)\"}\n", i ? "," : "", i);
	buf_printf(&b, "]}\n");
	read_ssm(&g, buf_str(&b));
	assert_true(said(&g.problems, 13, "the file's windows run more than "
	    "500000 times in 5 years"));
	assert_int_equal(g.problems.n, 1);
	got_free(&g);
	buf_free(&b);
}

static void
test_more_windows_than_the_bound_are_refused_at_the_first_past_it(void **state)
{
	struct buf b = { 0 };
	struct got g;

	(void)state;
	buf_printf(&b, "{\"WindowIdentities\": [\n");
	for (int i = 0; i < 1001; i++)
		buf_printf(&b, "%s{\"WindowId\": \"mw-%017x\", \"Duration\": 1, "
		    "\"Schedule\": \"cron(0 3 ? * SUN *)\", \"StartDate\": "
		    "\"2026-01-01T00:00Z\"}\n", i ? "," : "", i);
	buf_printf(&b, "]}\n");
	read_ssm(&g, buf_str(&b));
	assert_true(said(&g.problems, 1002, "more than 1000 maintenance windows "
	    "in one file"));
	assert_int_equal(g.problems.n, 1);
	got_free(&g);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_form_of_cron_has_its_rrule),
		cmocka_unit_test(test_what_no_rrule_says_is_refused_naming_why),
		cmocka_unit_test(test_bounds_of_an_expression),
		cmocka_unit_test(test_rate_periods),
		cmocka_unit_test(test_one_window_is_one_event_with_its_cutoff),
		cmocka_unit_test(test_a_listing_each_window_at_its_line),
		cmocka_unit_test(test_what_a_window_is_refused_for),
		cmocka_unit_test(
		    test_the_schedule_listing_and_other_files_are_refused_naming_them),
		cmocka_unit_test(
		    test_more_windows_than_the_bound_are_refused_at_the_first_past_it),
		cmocka_unit_test(test_the_year_field_is_the_crons_before_the_offset),
		cmocka_unit_test(test_the_overlap_check_is_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
