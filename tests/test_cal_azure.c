/* The Azure maintenance configuration reader (import/cal_azure.c) and its
 * recurEvery translation (model/azure_recur.c): every shape Azure gives,
 * the RRULE of each form of the grammar checked against the expansion's
 * dates, and what is refused, at its line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../import/formats.h"
#include "../model/azure_recur.h"
#include "../model/civil.h"
#include "../util/buf.h"
#include "cal_read.h"
#include "testutil.h"

static void
read_azure(struct got *g, const char *text, const char *asset)
{
	got_read(g, "azure-maintenance", text, asset);
}

/* ---- recurEvery -> RRULE ---------------------------------------------- */

static void
test_each_form_of_the_grammar_has_its_rrule(void **state)
{
	static const struct {
		const char	*in, *rule;
	} cases[] = {
		{ "Day", "FREQ=DAILY" },
		{ "1Day", "FREQ=DAILY" },
		{ "3Days", "FREQ=DAILY;INTERVAL=3" },
		{ "5Days", "FREQ=DAILY;INTERVAL=5" },
		{ "Week", "FREQ=WEEKLY" },
		{ "3Weeks", "FREQ=WEEKLY;INTERVAL=3" },
		{ "Week Saturday,Sunday", "FREQ=WEEKLY;BYDAY=SA,SU" },
		{ "2Weeks Sunday, Monday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU" },
		{ "week friday", "FREQ=WEEKLY;BYDAY=FR" },
		{ "Month", "FREQ=MONTHLY" },
		{ "2Months", "FREQ=MONTHLY;INTERVAL=2" },
		{ "Month day23,day24", "FREQ=MONTHLY;BYMONTHDAY=23,24" },
		{ "Month day24,day1,day24", "FREQ=MONTHLY;BYMONTHDAY=1,24" },
		{ "Month Last Sunday", "FREQ=MONTHLY;BYDAY=-1SU" },
		{ "Month Fourth Monday", "FREQ=MONTHLY;BYDAY=4MO" },
		{ "Month Second Tuesday", "FREQ=MONTHLY;BYDAY=2TU" },
		{ "Month Second Tuesday Offset0", "FREQ=MONTHLY;BYDAY=2TU" },
		{ "Month Second Tuesday Offset2",
		    "FREQ=MONTHLY;BYDAY=TH;BYMONTHDAY=10,11,12,13,14,15,16" },
		{ "3Months First Sunday Offset+6",
		    "FREQ=MONTHLY;INTERVAL=3;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13" },
		{ "Month Third Sunday Offset6",
		    "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=21,22,23,24,25,26,27" },
		{ "Month Last Sunday Offset-3",
		    "FREQ=MONTHLY;BYDAY=TH;BYMONTHDAY=-10,-9,-8,-7,-6,-5,-4" },
		{ "  Month   Last   Friday  ", "FREQ=MONTHLY;BYDAY=-1FR" },
	};
	char rule[AZURE_RRULE_MAX], why[AZURE_WHY_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (azure_recur_rrule(cases[i].in, rule, why) != 0)
			fail_msg("%s: refused: %s", cases[i].in, why);
		if (strcmp(rule, cases[i].rule) != 0)
			fail_msg("%s: %s, want %s", cases[i].in, rule, cases[i].rule);
	}
}

static void
test_what_no_rrule_says_is_refused_naming_it(void **state)
{
	static const struct {
		const char	*in, *why;
	} cases[] = {
		{ "", "not [N]Day(s)" },
		{ "Fortnight", "'Fortnight' is not [N]Day(s)" },
		{ "0Days", "'0Days'" },
		{ "1000Days", "'1000Days'" },
		{ "Day Monday", "not Azure's grammar after 'Day'" },
		{ "Week Caturday", "'Caturday' is no weekday" },
		{ "Week Monday Tuesday", "not Azure's grammar after 'Week'" },
		{ "Month day0", "'day0' is no month day" },
		{ "Month day32", "'day32' is no month day" },
		{ "Month day-1", "'day-1' is no month day" },
		{ "Month day29", "day29 is not in every month" },
		{ "Month day31,day1", "day31 is not in every month" },
		{ "Month Fifth Monday", "'Fifth' is neither a month day" },
		{ "Month Last", "'' is no weekday" },
		{ "Month Last Funday", "'Funday' is no weekday" },
		{ "Month Last Sunday Offset7", "'Offset7' is no offset" },
		{ "Month Last Sunday Offset-7", "'Offset-7' is no offset" },
		{ "Month Last Sunday Offset", "'Offset' is no offset" },
		{ "Month Last Sunday Offset3", "the Last Sunday plus 3 days can "
		    "fall in the next month" },
		{ "Month First Monday Offset-3", "the First Monday minus 3 days "
		    "can fall in the previous month" },
		{ "Month Fourth Monday Offset1", "plus 1 day can fall" },
		{ "Month Second Tuesday Offset2 extra", "not [N]Day(s)" },
	};
	char rule[AZURE_RRULE_MAX], why[AZURE_WHY_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (azure_recur_rrule(cases[i].in, rule, why) == 0)
			fail_msg("%s: read as %s", cases[i].in, rule);
		if (strstr(why, cases[i].why) == NULL ||
		    strncmp(why, "recurEvery '", 12) != 0)
			fail_msg("%s: '%s' does not say '%s'", cases[i].in, why,
			    cases[i].why);
	}
}

/* Monday 0 .. Sunday 6 (1970-01-01 was a Thursday). */
static int
weekday(int y, int m, int d)
{
	return (int)(((days_from_civil(y, m, d) + 3) % 7 + 7) % 7);
}

/* The day of month y-m that is the nth (1..4, -1 the last) weekday wd, k
 * days on: days_from_civil's day number. */
static long
nth_weekday_plus(int y, int m, int n, int wd, int k)
{
	int d;

	if (n > 0) {
		for (d = 1; weekday(y, m, d) != wd; d++)
			;
		d += 7 * (n - 1);
	} else
		for (d = days_in_month(y, m); weekday(y, m, d) != wd; d--)
			;
	return days_from_civil(y, m, d) + k;
}

/* Does the nth weekday wd plus k fall outside its month in some month of
 * the 400-year Gregorian cycle? */
static int
ever_leaves_its_month(int n, int wd, int k)
{
	for (int y = 2000; y < 2400; y++)
		for (int m = 1; m <= 12; m++) {
			long day = nth_weekday_plus(y, m, n, wd, k);
			if (day < days_from_civil(y, m, 1) ||
			    day > days_from_civil(y, m, days_in_month(y, m)))
				return 1;
		}
	return 0;
}

/* Expand rule from 2026-01-01 08:00 UTC (DTSTART only where the rule
 * yields it) over 2026 and 2027: the day number of each instance. */
static size_t
expand_days(const char *rule, long days[32])
{
	struct calendar cal;
	struct cal_event *e;
	struct occ_list occ = { 0 };
	struct pw_diags warn = { 0 };
	size_t n;

	calendar_init(&cal);
	cal.float_tz = xstrdup("UTC");
	e = calendar_add_event(&cal);
	cal_set(&e->uid, "x");
	cal_set(&e->dtstart, "20260101T080000");
	cal_set(&e->start_tz, "UTC");
	cal_set(&e->duration, "PT1H");
	cal_set(&e->rrules, rule);
	e->rule_only = 1;
	assert_int_equal(cal_expand(&cal, utc_iso("2026-01-01"),
	    utc_iso("2028-01-01"), &occ, &warn), 0);
	assert_int_equal(warn.n, 0);
	n = occ.n;
	for (size_t i = 0; i < n && i < 32; i++)
		days[i] = (long)((occ.v[i].start_utc - 8 * 3600) / 86400);
	occ_list_free(&occ);
	pw_diags_free(&warn);
	calendar_free(&cal);
	return n;
}

/* Every week of the month, weekday and offset -6..6: the RRULE's instances
 * over two years are exactly the nth weekday plus the offset of each month;
 * refused exactly when that day leaves its month in some month of the
 * Gregorian cycle. */
static void
test_every_offset_is_its_days_or_refused_when_it_can_leave_the_month(
    void **state)
{
	static const char *const weeks[] = { "First", "Second", "Third",
	    "Fourth", "Last" };
	static const char *const days[] = { "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday", "Sunday" };
	char in[64], rule[AZURE_RRULE_MAX], why[AZURE_WHY_MAX];
	long got[32];
	size_t ok = 0, refused = 0;

	(void)state;
	for (int w = 0; w < 5; w++)
		for (int wd = 0; wd < 7; wd++)
			for (int k = -6; k <= 6; k++) {
				int n = w < 4 ? w + 1 : -1;
				snprintf(in, sizeof in, "Month %s %s Offset%d",
				    weeks[w], days[wd], k);
				if (ever_leaves_its_month(n, wd, k)) {
					if (azure_recur_rrule(in, rule, why) == 0)
						fail_msg("%s: read as %s", in, rule);
					refused++;
					continue;
				}
				if (azure_recur_rrule(in, rule, why) != 0)
					fail_msg("%s: refused: %s", in, why);
				if (expand_days(rule, got) != 24)
					fail_msg("%s (%s): not 24 instances", in, rule);
				for (int i = 0; i < 24; i++)
					if (got[i] != nth_weekday_plus(2026 + i / 12,
					    i % 12 + 1, n, wd, k))
						fail_msg("%s (%s): instance %d", in,
						    rule, i);
				ok++;
			}
	/* First: 0..6, Second and Third: all 13, Fourth: -6..0, Last:
	 * -6..0; a weekday each. */
	assert_int_equal(ok, 7 * (7 + 13 + 13 + 7 + 7));
	assert_int_equal(refused, 5 * 7 * 13 - ok);
}

/* ---- the reader --------------------------------------------------------- */

/* The REST API specification's example (the real sample's shape). */
static const char example[] =
    "{\n"
    "  \"parameters\": { \"resourceName\": \"configuration1\" },\n"
    "  \"responses\": {\n"
    "    \"200\": {\n"
    "      \"body\": {\n"
    "        \"id\": \"/subscriptions/5b/resourcegroups/rg/providers/"
    "Microsoft.Maintenance/maintenanceConfigurations/configuration1\",\n" /* 6 */
    "        \"name\": \"configuration1\",\n"
    "        \"location\": \"westus2\",\n"
    "        \"properties\": {\n"
    "          \"maintenanceScope\": \"InGuestPatch\",\n"
    "          \"maintenanceWindow\": {\n"
    "            \"startDateTime\": \"2020-04-30 08:00\",\n"
    "            \"expirationDateTime\": \"9999-12-31 00:00\",\n"
    "            \"duration\": \"05:00\",\n"
    "            \"timeZone\": \"Pacific Standard Time\",\n"
    "            \"recurEvery\": \"5Days\"\n"
    "          }\n"
    "        }\n"
    "      }\n"
    "    }\n"
    "  }\n"
    "}\n";

static void
test_the_api_example_is_one_event_in_its_zone(void **state)
{
	struct got g;
	struct cal_event *e;

	(void)state;
	read_azure(&g, example, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 1);
	e = &g.cal.events[0];
	assert_string_equal(e->uid, "/subscriptions/5b/resourcegroups/rg/"
	    "providers/Microsoft.Maintenance/maintenanceConfigurations/"
	    "configuration1");
	assert_string_equal(e->provider_id, e->uid);
	assert_string_equal(e->summary, "Azure maintenance configuration1 "
	    "(InGuestPatch)");
	assert_string_equal(e->dtstart, "20200430T080000");
	assert_string_equal(e->start_tz, "America/Los_Angeles");
	assert_string_equal(e->duration, "PT5H");
	assert_string_equal(e->rrules, "FREQ=DAILY;INTERVAL=5");
	assert_string_equal(e->assets, "");
	assert_int_equal(e->line, 6);
	got_free(&g);
}

/* az maintenance configuration list: a bare list; the REST list is the
 * same under "value". The window starts on its rule's first day on or
 * after startDateTime (Azure's start is when the schedule takes effect),
 * and ends at expirationDateTime (in its zone: UNTIL in UTC). */
static const char list[] =
    "[\n"
    "  {\"id\": \"/s/mc-patch-tuesday\", \"name\": \"mc-patch-tuesday\",\n" /* 2 */
    "   \"properties\": {\"maintenanceScope\": \"InGuestPatch\",\n"
    "    \"maintenanceWindow\": {\"startDateTime\": \"2026-01-01 22:00\",\n"
    "     \"expirationDateTime\": \"2026-12-31 23:59:59\",\n"
    "     \"duration\": \"03:55\", \"timeZone\": \"W. Europe Standard Time\",\n"
    "     \"recurEvery\": \"Month Second Tuesday Offset2\"}}},\n"
    "  {\"name\": \"weekend\",\n"					/* 8 */
    "   \"properties\": {\"maintenanceScope\": \"Host\",\n"
    "    \"maintenanceWindow\": {\"startDateTime\": \"2026-01-01 01:30\",\n"
    "     \"duration\": \"1:30\", \"timeZone\": \"UTC\",\n"
    "     \"recurEvery\": \"Week Saturday,Sunday\"}}}\n"
    "]\n";

/* Expand g's calendar over 2026: each start as "YYYY-MM-DDTHH:MM:SSZ". */
static size_t
starts_2026(const struct got *g, size_t event, char out[][21], size_t max)
{
	struct occ_list occ = { 0 };
	struct pw_diags warn = { 0 };
	size_t n = 0;

	assert_int_equal(cal_expand(&g->cal, utc_iso("2026-01-01"),
	    utc_iso("2027-01-01"), &occ, &warn), 0);
	assert_int_equal(warn.n, 0);
	for (size_t i = 0; i < occ.n; i++)
		if (occ.v[i].event == event && n < max)
			utc_format(occ.v[i].start_utc, out[n++]);
	occ_list_free(&occ);
	pw_diags_free(&warn);
	return n;
}

static void
test_a_list_patch_tuesday_plus_two_and_weekends(void **state)
{
	static const char *const thursdays[12] = { "2026-01-15", "2026-02-12",
	    "2026-03-12", "2026-04-16", "2026-05-14", "2026-06-11", "2026-07-16",
	    "2026-08-13", "2026-09-10", "2026-10-15", "2026-11-12", "2026-12-10" };
	struct got g;
	struct buf value = { 0 };
	char starts[120][21];
	struct cal_event *e;

	(void)state;
	read_azure(&g, list, NULL);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 2);
	e = &g.cal.events[0];
	assert_string_equal(e->rrules, "FREQ=MONTHLY;BYDAY=TH;BYMONTHDAY=10,11,"
	    "12,13,14,15,16;UNTIL=20261231T225959Z");
	assert_string_equal(e->dtstart, "20260115T220000");
	assert_string_equal(e->start_tz, "Europe/Berlin");
	assert_string_equal(e->duration, "PT3H55M");
	assert_string_equal(e->summary, "Azure maintenance mc-patch-tuesday "
	    "(InGuestPatch)");
	/* 22:00 in Berlin: 21:00Z in winter, 20:00Z in summer. */
	assert_int_equal(starts_2026(&g, 0, starts, 120), 12);
	for (int i = 0; i < 12; i++) {
		assert_memory_equal(starts[i], thursdays[i], 10);
		assert_string_equal(starts[i] + 10, i >= 3 && i < 10 ?
		    "T20:00:00Z" : "T21:00:00Z");
	}
	e = &g.cal.events[1];
	assert_string_equal(e->uid, "weekend");
	assert_int_equal(e->line, 8);
	assert_string_equal(e->rrules, "FREQ=WEEKLY;BYDAY=SA,SU");
	assert_string_equal(e->dtstart, "20260103T013000");
	assert_string_equal(e->duration, "PT1H30M");
	assert_int_equal(starts_2026(&g, 1, starts, 120), 104);
	assert_string_equal(starts[0], "2026-01-03T01:30:00Z");
	assert_string_equal(starts[1], "2026-01-04T01:30:00Z");
	assert_string_equal(starts[2], "2026-01-10T01:30:00Z");
	got_free(&g);

	buf_printf(&value, "{\"value\": %s, \"nextLink\": null}", list);
	read_azure(&g, buf_str(&value), NULL);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 2);
	assert_string_equal(g.cal.events[1].dtstart, "20260103T013000");
	got_free(&g);
	buf_free(&value);
}

/* The CLI's show output flattens properties and the window; --asset names
 * the machine a configuration does not. */
static void
test_the_cli_flat_form_and_asset(void **state)
{
	static const char flat[] =
	    "{\"duration\": \"02:00\", \"expirationDateTime\": null,\n"
	    " \"id\": \"/s/flat\", \"location\": \"eastus\",\n"
	    " \"maintenanceScope\": \"OSImage\", \"name\": \"flat\",\n"
	    " \"recurEvery\": \"Month day23,day24\",\n"
	    " \"startDateTime\": \"2026-02-01 00:00\",\n"
	    " \"timeZone\": \"Europe/Paris\"}\n";
	struct got g;
	struct cal_event *e;

	(void)state;
	read_azure(&g, flat, "vm-1");
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 1);
	e = &g.cal.events[0];
	assert_string_equal(e->summary, "Azure maintenance flat (OSImage)");
	assert_string_equal(e->rrules, "FREQ=MONTHLY;BYMONTHDAY=23,24");
	assert_string_equal(e->dtstart, "20260223T000000");
	assert_string_equal(e->start_tz, "Europe/Paris");
	assert_string_equal(e->duration, "PT2H");
	assert_string_equal(e->assets, "vm-1");
	got_free(&g);
}

/* Each configuration that cannot be read is a problem at its line and
 * costs it alone. */
static void
test_problems_at_their_lines(void **state)
{
	static const char bad[] =
	    "{\"value\": [\n"
	    "{\"name\": \"ok\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"2026-01-01 00:00\", \"duration\": \"01:00\", \"timeZone\": \"UTC\", \"recurEvery\": \"Day\"}}},\n"
	    "{\"name\": \"ok\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"2026-01-01 00:00\", \"duration\": \"01:00\", \"timeZone\": \"UTC\", \"recurEvery\": \"Day\"}}},\n"
	    "{\"name\": \"cross\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"2026-01-01 00:00\", \"duration\": \"01:00\", \"timeZone\": \"UTC\", \"recurEvery\": \"Month Last Sunday Offset3\"}}},\n"
	    "{\"name\": \"zone\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"2026-01-01 00:00\", \"duration\": \"01:00\", \"timeZone\": \"Mars Standard Time\", \"recurEvery\": \"Day\"}}},\n"
	    "{\"name\": \"nolen\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"2026-01-01 00:00\", \"timeZone\": \"UTC\", \"recurEvery\": \"Day\"}}},\n"
	    "{\"name\": \"when\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"tomorrow\", \"duration\": \"01:00\", \"timeZone\": \"UTC\", \"recurEvery\": \"Day\"}}},\n"
	    "{\"name\": \"expired\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"2026-01-01 00:00\", \"expirationDateTime\": \"2025-01-01 00:00\", \"duration\": \"01:00\", \"timeZone\": \"UTC\", \"recurEvery\": \"Day\"}}},\n"
	    "{\"name\": \"none\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"2026-01-01 00:00\", \"expirationDateTime\": \"2026-01-05 00:00\", \"duration\": \"01:00\", \"timeZone\": \"UTC\", \"recurEvery\": \"Month day23\"}}},\n"
	    "{\"name\": \"norule\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"2026-01-01 00:00\", \"duration\": \"01:00\", \"timeZone\": \"UTC\"}}},\n"
	    "{\"properties\": {}},\n"
	    "7,\n"
	    "{\"name\": \"day31\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"2026-01-31 00:00\", \"duration\": \"01:00\", \"timeZone\": \"UTC\", \"recurEvery\": \"2Months\"}}},\n"
	    "{\"name\": \"far\", \"properties\": {\"maintenanceWindow\": {\"startDateTime\": \"3000-01-01 00:00\", \"duration\": \"01:00\", \"timeZone\": \"UTC\", \"recurEvery\": \"Day\"}}}\n"
	    "]}\n";
	struct got g;

	(void)state;
	read_azure(&g, bad, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.cal.nevents, 1);
	assert_string_equal(g.cal.events[0].uid, "ok");
	assert_true(said(&g.problems, 3, "configuration ok a second time"));
	assert_true(said(&g.problems, 4, "configuration cross: recurEvery "
	    "'Month Last Sunday Offset3': the Last Sunday plus 3 days can fall "
	    "in the next month"));
	assert_true(said(&g.problems, 5, "timeZone 'Mars Standard Time' is no "
	    "Windows or IANA zone"));
	assert_true(said(&g.problems, 6, "duration '' is not hh:mm"));
	assert_true(said(&g.problems, 7, "startDateTime 'tomorrow'"));
	assert_true(said(&g.problems, 8, "expires (2025-01-01 00:00) before it "
	    "starts"));
	assert_true(said(&g.problems, 9, "makes no window before it expires"));
	assert_true(said(&g.problems, 10, "without its recurEvery"));
	assert_true(said(&g.problems, 11, "without its id or name"));
	assert_true(said(&g.problems, 12, "not an object"));
	assert_true(said(&g.problems, 13, "recurEvery '2Months' from day 31, "
	    "which is not in every month"));
	assert_true(said(&g.problems, 14, "startDateTime '3000-01-01 00:00' is "
	    "not YYYY-MM-DD hh:mm from 1970 to 2999"));
	assert_int_equal(g.problems.n, 12);
	got_free(&g);
}

static void
test_not_a_configuration_is_a_file_problem(void **state)
{
	struct got g;

	(void)state;
	read_azure(&g, "\"5Days\"", NULL);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.puts, 0);
	assert_non_null(strstr(g.fatal.msg, "not an Azure maintenance "
	    "configuration"));
	got_free(&g);
}

static void
test_auto_knows_it(void **state)
{
	const struct import_format *f;

	(void)state;
	f = import_format_sniff(IMPORT_CALENDAR, "x.json", example,
	    strlen(example));
	assert_string_equal(f->name, "azure-maintenance");
	f = import_format_sniff(IMPORT_CALENDAR, "x", list, strlen(list));
	assert_string_equal(f->name, "azure-maintenance");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_form_of_the_grammar_has_its_rrule),
		cmocka_unit_test(test_what_no_rrule_says_is_refused_naming_it),
		cmocka_unit_test(test_every_offset_is_its_days_or_refused_when_it_can_leave_the_month),
		cmocka_unit_test(test_the_api_example_is_one_event_in_its_zone),
		cmocka_unit_test(test_a_list_patch_tuesday_plus_two_and_weekends),
		cmocka_unit_test(test_the_cli_flat_form_and_asset),
		cmocka_unit_test(test_problems_at_their_lines),
		cmocka_unit_test(test_not_a_configuration_is_a_file_problem),
		cmocka_unit_test(test_auto_knows_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
