/* The AWS Health reader (import/cal_health.c): its three shapes, the join of
 * the events to their affected entities across files, what it skips and
 * says so, and its problems at their lines in their files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../import/formats.h"
#include "cal_read.h"

#define ARN_A	"arn:aws:health:us-east-1::event/EC2/X/a"
#define ARN_B	"arn:aws:health:us-east-1::event/RDS/Y/b"

static const char events[] =
    "{\n"
    "  \"events\": [\n"
    "    {\n"
    "      \"arn\": \"" ARN_A "\",\n"					/* 4 */
    "      \"service\": \"EC2\",\n"
    "      \"eventTypeCode\": \"AWS_EC2_SYSTEM_REBOOT_MAINTENANCE_SCHEDULED\",\n"
    "      \"eventTypeCategory\": \"scheduledChange\",\n"
    "      \"startTime\": 1802296800.0,\n"
    "      \"endTime\": 1802304000.0,\n"
    "      \"statusCode\": \"upcoming\"\n"
    "    },\n"
    "    {\"arn\": \"" ARN_B "\", \"service\": \"RDS\", \"eventTypeCode\": "	/* 12 */
    "\"AWS_RDS_MAINTENANCE_SCHEDULED\", \"eventTypeCategory\": "
    "\"scheduledChange\", \"startTime\": 1802383200, \"statusCode\": "
    "\"upcoming\"},\n"
    "    {\"arn\": \"arn:i1\", \"eventTypeCategory\": \"issue\", "		/* 13 */
    "\"startTime\": 1, \"statusCode\": \"closed\"},\n"
    "    {\"arn\": \"arn:i2\", \"eventTypeCategory\": \"issue\", "
    "\"startTime\": 1, \"statusCode\": \"open\"},\n"
    "    {\"arn\": \"arn:n1\", \"eventTypeCategory\": \"accountNotification\", "
    "\"startTime\": \"bad\", \"statusCode\": \"open\"},\n"
    "    {\"arn\": \"arn:c1\", \"eventTypeCategory\": \"scheduledChange\", "
    "\"startTime\": 1580000000, \"statusCode\": \"closed\"}\n"
    "  ]\n"
    "}\n";

static const char entities[] =
    "{\"entities\": [\n"
    "{\"eventArn\": \"" ARN_A "\", \"entityValue\": \"i-1\", "
    "\"awsAccountId\": \"123456789012\"},\n"
    "{\"eventArn\": \"" ARN_A "\", \"entityValue\": "
    "\"arn:aws:ec2:us-east-1:123456789012:instance/i-2\"},\n"
    "{\"eventArn\": \"" ARN_A "\", \"entityValue\": \"i-1\"},\n"
    "{\"eventArn\": \"" ARN_B "\", \"entityValue\": \"AWS_ACCOUNT\"},\n"
    "{\"eventArn\": \"" ARN_B "\", \"entityValue\": \"123456789012\"},\n"
    "{\"eventArn\": \"arn:i1\", \"entityValue\": \"i-9\"},\n"
    "{\"eventArn\": \"arn:gone\", \"entityValue\": \"i-3\"},\n"
    "{\"eventArn\": \"arn:gone\", \"entityValue\": \"i-4\"}\n"
    "]}\n";

static void
test_events_joined_to_their_entities_across_files(void **state)
{
	const struct import_part parts[] = {
		{ "entities.json", entities, sizeof entities - 1 },
		{ "events.json", events, sizeof events - 1 },
	};
	struct got g;
	struct cal_event *e;

	(void)state;
	got_read_parts(&g, "aws-health", parts, 2, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 2);
	e = &g.cal.events[0];
	assert_string_equal(e->uid, ARN_A);
	assert_string_equal(e->provider_id, ARN_A);
	assert_string_equal(e->summary, "EC2 "
	    "AWS_EC2_SYSTEM_REBOOT_MAINTENANCE_SCHEDULED");
	assert_string_equal(e->status, "CONFIRMED");
	assert_string_equal(e->dtstart, "20270210T220000");
	assert_string_equal(e->start_tz, "UTC");
	assert_string_equal(e->dtend, "20270211T000000");
	/* Each resource once, as AWS names it; the line and file of the
	 * event. */
	assert_string_equal(e->assets, "i-1\n"
	    "arn:aws:ec2:us-east-1:123456789012:instance/i-2");
	assert_int_equal(e->line, 4);
	assert_string_equal(e->file, "events.json");
	/* Each resource where its affected entity was given: a name that
	 * matches no asset is said at its entity's line, not the event's. */
	assert_non_null(e->asset_at);
	assert_string_equal(e->asset_at[0].file, "entities.json");
	assert_int_equal(e->asset_at[0].line, 2);
	assert_string_equal(e->asset_at[1].file, "entities.json");
	assert_int_equal(e->asset_at[1].line, 3);
	/* The account is no resource: the calendar's scope; no endTime is
	 * the default hour. */
	e = &g.cal.events[1];
	assert_string_equal(e->assets, "");
	assert_string_equal(e->dtstart, "20270211T220000");
	assert_string_equal(e->dtend, "20270211T230000");
	assert_int_equal(e->line, 12);
	assert_true(said_in(&g.notes, "events.json", 0, "2 issue and 1 "
	    "accountNotification events skipped: not scheduled maintenance"));
	assert_true(said_in(&g.notes, "events.json", 0, "1 closed scheduled "
	    "change skipped"));
	assert_true(said_in(&g.notes, "events.json", 0, "1 scheduled change "
	    "without an endTime given 60 minutes"));
	assert_true(said_in(&g.notes, "events.json", 0, "1 scheduled change "
	    "with no resource among the affected entities"));
	/* The entity is no unknown event's: only arn:gone's two. */
	assert_true(said_in(&g.notes, "entities.json", 0, "2 affected entities "
	    "of an event no file given holds"));
	got_free(&g);
}

static void
test_event_details_give_the_text_and_count_as_events(void **state)
{
	static const char details[] =
	    "{\"successfulSet\": [\n"
	    "{\"event\": {\"arn\": \"" ARN_A "\", \"eventTypeCategory\": "
	    "\"scheduledChange\", \"startTime\": 1802296800}, "
	    "\"eventDescription\": {\"latestDescription\": \"Reboot needed\\n\\n"
	    "Details follow.\"}},\n"
	    "{\"event\": {\"arn\": \"arn:d\", \"service\": \"EC2\", "		/* 3 */
	    "\"eventTypeCode\": \"C\", \"eventTypeCategory\": "
	    "\"scheduledChange\", \"startTime\": \"2027-03-01T10:00:00Z\", "
	    "\"endTime\": \"2027-03-01T11:00:00Z\"}, \"eventDescription\": "
	    "{\"latestDescription\": \"Only in the details\"}},\n"
	    "{\"event\": {\"arn\": \"arn:i\", \"eventTypeCategory\": \"issue\"}}\n"
	    "], \"failedSet\": []}\n";
	const struct import_part parts[] = {
		{ "events.json", events, sizeof events - 1 },
		{ "details.json", details, sizeof details - 1 },
	};
	struct got g;

	(void)state;
	got_read_parts(&g, "aws-health", parts, 2, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 3);
	/* The details' first line, after the listing's service and code. */
	assert_string_equal(g.cal.events[0].summary, "EC2 "
	    "AWS_EC2_SYSTEM_REBOOT_MAINTENANCE_SCHEDULED: Reboot needed");
	assert_string_equal(g.cal.events[2].uid, "arn:d");
	assert_string_equal(g.cal.events[2].summary, "EC2 C: Only in the "
	    "details");
	assert_string_equal(g.cal.events[2].file, "details.json");
	assert_int_equal(g.cal.events[2].line, 3);
	assert_true(said_in(&g.notes, "details.json", 0, "1 issue event "
	    "skipped"));
	got_free(&g);
}

static const char bridge[] =
    "{\n"
    "  \"version\": \"0\",\n"
    "  \"detail-type\": \"AWS Health Event\",\n"
    "  \"source\": \"aws.health\",\n"
    "  \"account\": \"123456789012\",\n"
    "  \"resources\": [\"i-12345678\"],\n"
    "  \"detail\": {\n"
    "    \"eventArn\": \"arn:aws:health:region::event/id\",\n"
    "    \"service\": \"EC2\",\n"
    "    \"eventTypeCode\": \"AWS_EC2_DEDICATED_HOST_NETWORK_MAINTENANCE_"
    "SCHEDULED\",\n"
    "    \"eventTypeCategory\": \"scheduledChange\",\n"
    "    \"startTime\": \"Sat, 05 Jun 2016 15:10:09 GMT\",\n"
    "    \"eventDescription\": [{\"language\": \"fr_FR\", "
    "\"latestDescription\": \"Maintenance\"}, {\"language\": \"en_US\", "
    "\"latestDescription\": \"A description\"}],\n"
    "    \"affectedEntities\": [{\"entityValue\": \"i-12345678\"}, "
    "{\"entityValue\": \"123456789012\"}]\n"
    "  }\n"
    "}\n";

static void
test_eventbridge_event_alone_and_in_a_list(void **state)
{
	static const char list[] =
	    "[{\"source\": \"aws.health\", \"detail\": {\"eventArn\": \"arn:1\", "
	    "\"eventTypeCategory\": \"scheduledChange\", \"startTime\": "
	    "\"Sat, 05 Jun 2016 15:10:09 GMT\", \"endTime\": \"Sat, 05 Jun 2016 "
	    "17:10:09 GMT\", \"affectedEntities\": [{\"entityValue\": \"h1\"}]}},\n"
	    "{\"source\": \"aws.health\", \"detail\": {\"eventArn\": \"arn:2\", "
	    "\"eventTypeCategory\": \"issue\", \"startTime\": 0}}]\n";
	const struct import_part one = { "b.json", bridge, sizeof bridge - 1 };
	const struct import_part two = { "l.json", list, sizeof list - 1 };
	struct got g;
	struct cal_event *e;

	(void)state;
	got_read_parts(&g, "aws-health", &one, 1, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 1);
	e = &g.cal.events[0];
	assert_string_equal(e->uid, "arn:aws:health:region::event/id");
	assert_string_equal(e->summary, "EC2 AWS_EC2_DEDICATED_HOST_NETWORK_"
	    "MAINTENANCE_SCHEDULED: A description");
	assert_string_equal(e->dtstart, "20160605T151009");
	assert_string_equal(e->dtend, "20160605T161009");
	/* The account's own id is no resource. */
	assert_string_equal(e->assets, "i-12345678");
	assert_int_equal(e->line, 2);
	got_free(&g);

	got_read_parts(&g, "aws-health", &two, 1, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.cal.nevents, 1);
	assert_string_equal(g.cal.events[0].assets, "h1");
	assert_string_equal(g.cal.events[0].dtend, "20160605T171009");
	assert_true(said(&g.notes, 0, "1 issue event skipped"));
	got_free(&g);
}

/* EventBridge sends an event again on each update: the latest by its time
 * stands for it, whatever the order in the file; an update that closes it
 * takes it out. */
static void
test_eventbridge_updates_the_latest_stands(void **state)
{
	static const char list[] =
	    "[{\"time\": \"2026-11-01T10:00:00Z\", \"detail\": {\"eventArn\": "
	    "\"arn:1\", \"eventTypeCategory\": \"scheduledChange\", \"startTime\": "
	    "\"Sat, 05 Dec 2026 02:00:00 GMT\", \"affectedEntities\": "
	    "[{\"entityValue\": \"h1\"}]}},\n"
	    "{\"time\": \"2026-11-03T10:00:00Z\", \"detail\": {\"eventArn\": "
	    "\"arn:1\", \"eventTypeCategory\": \"scheduledChange\", \"startTime\": "
	    "\"Sat, 12 Dec 2026 02:00:00 GMT\", \"affectedEntities\": "
	    "[{\"entityValue\": \"h2\"}]}},\n"
	    "{\"time\": \"2026-11-02T10:00:00Z\", \"detail\": {\"eventArn\": "
	    "\"arn:1\", \"eventTypeCategory\": \"scheduledChange\", \"startTime\": "
	    "\"Sat, 19 Dec 2026 02:00:00 GMT\"}},\n"
	    "{\"time\": \"2026-11-01T10:00:00Z\", \"detail\": {\"eventArn\": "
	    "\"arn:2\", \"eventTypeCategory\": \"scheduledChange\", \"startTime\": "
	    "\"Sat, 05 Dec 2026 02:00:00 GMT\"}},\n"
	    "{\"time\": \"2026-11-04T10:00:00Z\", \"detail\": {\"eventArn\": "
	    "\"arn:2\", \"eventTypeCategory\": \"scheduledChange\", \"statusCode\": "
	    "\"closed\", \"startTime\": \"Sat, 05 Dec 2026 02:00:00 GMT\"}}]\n";
	const struct import_part one = { "l.json", list, sizeof list - 1 };
	struct got g;

	(void)state;
	got_read_parts(&g, "aws-health", &one, 1, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 1);
	assert_string_equal(g.cal.events[0].uid, "arn:1");
	assert_string_equal(g.cal.events[0].dtstart, "20261212T020000");
	assert_string_equal(g.cal.events[0].assets, "h2");
	assert_int_equal(g.cal.events[0].line, 2);
	assert_true(said(&g.notes, 0, "3 EventBridge events of an arn given "
	    "again: the latest (by its time) stands for it"));
	assert_true(said(&g.notes, 0, "1 closed scheduled change"));
	got_free(&g);
}

static void
test_problems_at_their_lines_in_their_files(void **state)
{
	static const char text[] =
	    "{\"events\": [\n"
	    "{\"eventTypeCategory\": \"scheduledChange\", \"startTime\": 1},\n"
	    "{\"arn\": \"a1\", \"eventTypeCategory\": \"scheduledChange\"},\n"
	    "{\"arn\": \"a2\", \"eventTypeCategory\": \"scheduledChange\", "
	    "\"startTime\": \"2019-13-40T00:00:00Z\"},\n"
	    "{\"arn\": \"a3\", \"eventTypeCategory\": \"scheduledChange\", "
	    "\"startTime\": 1552593600, \"endTime\": 1552590000},\n"
	    "{\"arn\": \"a4\", \"eventTypeCategory\": \"scheduledChange\", "
	    "\"startTime\": 1552593600},\n"
	    "{\"arn\": \"a4\", \"eventTypeCategory\": \"scheduledChange\", "
	    "\"startTime\": 1552593600},\n"
	    "{\"arn\": \"a5\", \"startTime\": 1552593600},\n"
	    "7\n"
	    "]}\n";
	static const char ents[] =
	    "{\"entities\": [\n"
	    "{\"eventArn\": \"a4\"},\n"
	    "{\"entityValue\": \"i-1\"}\n"
	    "]}\n";
	const struct import_part parts[] = {
		{ "ev.json", text, sizeof text - 1 },
		{ "en.json", ents, sizeof ents - 1 },
	};
	struct got g;

	(void)state;
	got_read_parts(&g, "aws-health", parts, 2, NULL);
	assert_int_equal(g.rc, 0);
	assert_true(said_in(&g.problems, "ev.json", 2, "a scheduledChange "
	    "event without its arn"));
	assert_true(said_in(&g.problems, "ev.json", 3, "a1 without its "
	    "startTime"));
	assert_true(said_in(&g.problems, "ev.json", 4, "startTime "
	    "'2019-13-40T00:00:00Z' is not a time"));
	assert_true(said_in(&g.problems, "ev.json", 5, "a3: endTime before "
	    "startTime"));
	assert_true(said_in(&g.problems, "ev.json", 7, "event a4 a second "
	    "time"));
	assert_true(said_in(&g.problems, "ev.json", 9, "not an object"));
	assert_true(said_in(&g.problems, "en.json", 2, "without its "
	    "entityValue"));
	assert_true(said_in(&g.problems, "en.json", 3, "without its eventArn"));
	assert_int_equal(g.problems.n, 8);
	/* a4 stands; a5, of no category, is skipped and said. */
	assert_int_equal(g.cal.nevents, 1);
	assert_string_equal(g.cal.events[0].uid, "a4");
	assert_true(said_in(&g.notes, "ev.json", 0, "1 event without an "
	    "eventTypeCategory skipped"));
	got_free(&g);
}

static void
test_not_health_is_a_file_problem(void **state)
{
	const struct import_part ok = { "e.json", events, sizeof events - 1 };
	const struct import_part parts[] = { ok, { "x.json",
	    "{\"Reservations\": []}", 20 } };
	const struct import_part broken = { "y.json", "{\"events\": [", 12 };
	struct got g;

	(void)state;
	got_read_parts(&g, "aws-health", parts, 2, NULL);
	assert_int_equal(g.rc, -1);
	assert_string_equal(g.fatal.file, "x.json");
	assert_non_null(strstr(g.fatal.msg, "not AWS Health events"));
	assert_int_equal(g.puts, 0);
	got_free(&g);
	got_read_parts(&g, "aws-health", &broken, 1, NULL);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.puts, 0);
	got_free(&g);
}

static void
test_auto_knows_each_shape(void **state)
{
	static const char empty[] = "{\"events\": []}";
	static const char ec2[] = "{\"InstanceStatuses\": []}";
	const char *const texts[] = { events, entities, bridge,
	    "{\"successfulSet\": [], \"failedSet\": []}", empty, NULL };
	const struct import_format *f;

	(void)state;
	for (size_t i = 0; texts[i]; i++) {
		f = import_format_sniff(IMPORT_CALENDAR, "x.json", texts[i],
		    strlen(texts[i]));
		assert_non_null(f);
		assert_string_equal(f->name, "aws-health");
	}
	assert_int_equal(cal_sniff_health(empty, strlen(empty)), SNIFF_MAYBE);
	assert_int_equal(cal_sniff_health(ec2, strlen(ec2)), SNIFF_NO);
	f = import_format_sniff(IMPORT_CALENDAR, "x.json", ec2, strlen(ec2));
	assert_string_equal(f->name, "ec2-events");
	/* Only it joins files. */
	assert_true(import_format_several(f) == 0);
	assert_true(import_format_several(import_format_find(IMPORT_CALENDAR,
	    "aws-health")));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_joined_to_their_entities_across_files),
		cmocka_unit_test(test_event_details_give_the_text_and_count_as_events),
		cmocka_unit_test(test_eventbridge_event_alone_and_in_a_list),
		cmocka_unit_test(test_eventbridge_updates_the_latest_stands),
		cmocka_unit_test(test_problems_at_their_lines_in_their_files),
		cmocka_unit_test(test_not_health_is_a_file_problem),
		cmocka_unit_test(test_auto_knows_each_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
