/* The EC2 scheduled-events reader (import/cal_ec2.c): both of AWS's shapes,
 * what it skips and why, and its problems at their lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../import/formats.h"
#include "cal_read.h"

static const char cli[] =
    "{\n"
    "  \"InstanceStatuses\": [\n"
    "    {\n"
    "      \"AvailabilityZone\": \"us-east-1d\",\n"
    "      \"InstanceId\": \"i-1\",\n"
    "      \"Events\": [\n"
    "        {\n"						/* 7 */
    "          \"InstanceEventId\": \"instance-event-a\",\n"	/* 8 */
    "          \"Code\": \"system-reboot\",\n"
    "          \"Description\": \"The instance is scheduled for a reboot\",\n"
    "          \"NotAfter\": \"2019-03-15T22:00:00.000Z\",\n"
    "          \"NotBefore\": \"2019-03-14T20:00:00.000Z\",\n"
    "          \"NotBeforeDeadline\": \"2019-04-05T11:00:00.000Z\"\n"
    "        },\n"
    "        {\"InstanceEventId\": \"instance-event-b\", \"Code\": "	/* 15 */
    "\"instance-stop\", \"Description\": \"The instance is running on "
    "degraded hardware\", \"NotBefore\": \"2019-05-23T02:00:00+02:00\"},\n"
    "        {\"InstanceEventId\": \"instance-event-c\", \"Code\": "	/* 16 */
    "\"system-reboot\", \"Description\": \"[Completed] The instance is "
    "scheduled for a reboot\", \"NotBefore\": \"2019-01-01T00:00:00Z\"},\n"
    "        {\"InstanceEventId\": \"instance-event-d\", \"Code\": "	/* 17 */
    "\"system-maintenance\", \"Description\": \"[Canceled] x\", "
    "\"NotBefore\": 1546300800}\n"
    "      ]\n"
    "    },\n"
    "    {\"InstanceId\": \"i-2\", \"Events\": [{\"InstanceEventId\": "	/* 21 */
    "\"instance-event-e\", \"Code\": \"instance-reboot\", \"Description\": "
    "\"x\", \"NotBefore\": 1552593600, \"NotAfter\": 1552597200}]}\n"
    "  ]\n"
    "}\n";

static void
test_cli_form_one_event_per_event_id_on_its_instance(void **state)
{
	struct got g;
	struct cal_event *e;

	(void)state;
	got_read(&g, "ec2-events", cli, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 3);
	e = &g.cal.events[0];
	assert_string_equal(e->uid, "instance-event-a");
	assert_string_equal(e->provider_id, "instance-event-a");
	assert_string_equal(e->assets, "i-1");
	assert_string_equal(e->summary, "system-reboot: The instance is "
	    "scheduled for a reboot");
	assert_string_equal(e->dtstart, "20190314T200000");
	assert_string_equal(e->start_tz, "UTC");
	assert_string_equal(e->dtend, "20190315T220000");
	assert_string_equal(e->latest_start, "20190405T110000Z");
	assert_int_equal(e->line, 8);
	/* An offset is UTC after it; no NotAfter is an hour, and said. */
	e = &g.cal.events[1];
	assert_string_equal(e->dtstart, "20190523T000000");
	assert_string_equal(e->dtend, "20190523T010000");
	assert_string_equal(e->latest_start, "");
	assert_true(said(&g.notes, 0, "1 event without a NotAfter"));
	/* The completed and the canceled are counted, not events. */
	assert_true(said(&g.notes, 0, "2 events completed or canceled"));
	/* Epoch seconds; another instance. */
	e = &g.cal.events[2];
	assert_string_equal(e->assets, "i-2");
	assert_string_equal(e->dtstart, "20190314T200000");
	assert_string_equal(e->dtend, "20190314T210000");
	got_free(&g);
}

static const char imds[] =
    "[\n"
    "  {\n"
    "    \"NotBefore\" : \"21 Jan 2019 09:00:43 GMT\",\n"	/* 3 */
    "    \"Code\" : \"system-reboot\",\n"
    "    \"Description\" : \"scheduled reboot\",\n"
    "    \"EventId\" : \"instance-event-0d59937288b749b32\",\n"
    "    \"NotAfter\" : \"21 Jan 2019 09:17:23 GMT\",\n"
    "    \"State\" : \"active\"\n"
    "  },\n"
    "  {\"NotBefore\": \"29 Jan 2019 09:00:43 GMT\", \"Code\": "	/* 10 */
    "\"system-reboot\", \"Description\": \"scheduled reboot\", \"EventId\": "
    "\"instance-event-x\", \"State\": \"canceled\"}\n"
    "]\n";

static void
test_metadata_form_needs_asset_and_skips_the_canceled(void **state)
{
	struct got g;
	struct cal_event *e;

	(void)state;
	got_read(&g, "ec2-events", imds, "web-1");
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 1);
	e = &g.cal.events[0];
	assert_string_equal(e->uid, "instance-event-0d59937288b749b32");
	assert_string_equal(e->assets, "web-1");
	assert_string_equal(e->dtstart, "20190121T090043");
	assert_string_equal(e->dtend, "20190121T091723");
	assert_int_equal(e->line, 3);
	assert_true(said(&g.notes, 0, "1 event completed or canceled"));
	got_free(&g);

	got_read(&g, "ec2-events", imds, NULL);
	assert_true(said(&g.problems, 3, "--asset KEY"));
	assert_int_equal(g.cal.nevents, 0);
	got_free(&g);
}

static void
test_problems_at_their_lines(void **state)
{
	static const char text[] =
	    "{\"InstanceStatuses\": [{\"InstanceId\": \"i-1\", \"Events\": [\n"
	    "{\"InstanceEventId\": \"e1\", \"Code\": \"system-reboot\", "
	    "\"NotBefore\": \"2019-13-40T00:00:00Z\"},\n"
	    "{\"InstanceEventId\": \"e2\", \"Code\": \"system-reboot\"},\n"
	    "{\"InstanceEventId\": \"e3\", \"Code\": \"system-reboot\", "
	    "\"NotBefore\": \"2019-03-14T20:00:00Z\"},\n"
	    "{\"InstanceEventId\": \"e3\", \"Code\": \"system-reboot\", "
	    "\"NotBefore\": \"2019-03-14T20:00:00Z\"},\n"
	    "{\"InstanceEventId\": \"e4\", \"Code\": \"system-reboot\", "
	    "\"NotBefore\": \"2019-03-14T20:00:00Z\", \"NotAfter\": "
	    "\"2019-03-14T19:00:00Z\"},\n"
	    "{\"Code\": \"system-reboot\"}\n"
	    "]}]}\n";
	struct got g;

	(void)state;
	got_read(&g, "ec2-events", text, NULL);
	assert_int_equal(g.rc, 0);
	assert_true(said(&g.problems, 2, "NotBefore '2019-13-40T00:00:00Z' is "
	    "not a time"));
	assert_true(said(&g.problems, 3, "without its NotBefore"));
	assert_true(said(&g.problems, 5, "e3 a second time"));
	assert_true(said(&g.problems, 6, "NotAfter before NotBefore"));
	assert_true(said(&g.problems, 7, "without its InstanceEventId"));
	assert_int_equal(g.problems.n, 5);
	assert_int_equal(g.cal.nevents, 1);
	got_free(&g);
}

/* An instant in year 9999 or later is refused: an end made from it (an
 * hour for an open-ended event) or an offset past midnight would be year
 * 10000, a DTEND no later check can read. */
static void
test_times_in_year_9999_are_problems(void **state)
{
	static const char text[] =
	    "{\"InstanceStatuses\": [{\"InstanceId\": \"i-1\", \"Events\": [\n"
	    "{\"InstanceEventId\": \"e1\", \"Code\": \"instance-retirement\", "
	    "\"NotBefore\": \"9999-12-31T23:30:00Z\"},\n"
	    "{\"InstanceEventId\": \"e2\", \"Code\": \"system-reboot\", "
	    "\"NotBefore\": \"9999-12-31T20:00:00-14:00\", \"NotAfter\": "
	    "\"9999-12-31T21:00:00-14:00\"},\n"
	    "{\"InstanceEventId\": \"e3\", \"Code\": \"system-reboot\", "
	    "\"NotBefore\": 253402300000},\n"
	    "{\"InstanceEventId\": \"e4\", \"Code\": \"system-reboot\", "
	    "\"NotBefore\": \"9998-12-31T23:30:00Z\"}\n"
	    "]}]}\n";
	struct got g;

	(void)state;
	got_read(&g, "ec2-events", text, NULL);
	assert_true(said(&g.problems, 2, "NotBefore '9999-12-31T23:30:00Z' is "
	    "not a time"));
	assert_true(said(&g.problems, 3, "is not a time"));
	assert_true(said(&g.problems, 4, "is not a time"));
	assert_int_equal(g.problems.n, 3);
	assert_int_equal(g.cal.nevents, 1);
	assert_string_equal(g.cal.events[0].dtend, "99990101T003000");
	got_free(&g);
}

static void
test_not_ec2_events_is_a_file_problem(void **state)
{
	struct got g;

	(void)state;
	got_read(&g, "ec2-events", "{\"Reservations\": []}", NULL);
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "InstanceStatuses"));
	assert_int_equal(g.puts, 0);
	got_free(&g);
	got_read(&g, "ec2-events", "[{\"NotBefore\": ", NULL);
	assert_int_equal(g.rc, -1);
	got_free(&g);
}

static void
test_auto_knows_either_shape(void **state)
{
	const struct import_format *f;

	(void)state;
	f = import_format_sniff(IMPORT_CALENDAR, "x.json", cli, strlen(cli));
	assert_string_equal(f->name, "ec2-events");
	f = import_format_sniff(IMPORT_CALENDAR, "x", imds, strlen(imds));
	assert_string_equal(f->name, "ec2-events");
	f = import_format_sniff(IMPORT_CALENDAR, "x.ics", "BEGIN:VCALENDAR\r\n",
	    17);
	assert_string_equal(f->name, "ics");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_form_one_event_per_event_id_on_its_instance),
		cmocka_unit_test(test_metadata_form_needs_asset_and_skips_the_canceled),
		cmocka_unit_test(test_problems_at_their_lines),
		cmocka_unit_test(test_times_in_year_9999_are_problems),
		cmocka_unit_test(test_not_ec2_events_is_a_file_problem),
		cmocka_unit_test(test_auto_knows_either_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
