/* The GCP upcoming-maintenance reader (import/cal_gcp.c): gcloud's describe
 * and list shapes and the API's, a window that may be moved and one that may
 * not, what it counts and its problems at their lines. The instances follow
 * the Compute Engine API's Instance and UpcomingMaintenance resources
 * (compute/docs/reference/rest/v1/instances), cut to the fields that
 * matter. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../import/formats.h"
#include "cal_read.h"

#define LINK	"https://www.googleapis.com/compute/v1/projects/p-1/zones/"

static const char list[] =
    "[\n"
    "  {\n"
    "    \"id\": \"111\",\n"						/* 3 */
    "    \"kind\": \"compute#instance\",\n"
    "    \"name\": \"web-1\",\n"
    "    \"selfLink\": \"" LINK "us-central1-a/instances/web-1\",\n"
    "    \"status\": \"RUNNING\",\n"
    "    \"upcomingMaintenance\": {\n"
    "      \"canReschedule\": true,\n"
    "      \"latestWindowStartTime\": \"2024-03-21T02:00:00.000-07:00\",\n"
    "      \"maintenanceStatus\": \"PENDING\",\n"
    "      \"type\": \"SCHEDULED\",\n"
    "      \"windowEndTime\": \"2024-03-14T06:00:00.000-07:00\",\n"
    "      \"windowStartTime\": \"2024-03-14T02:00:00.000-07:00\"\n"
    "    },\n"
    "    \"zone\": \"" LINK "us-central1-a\"\n"
    "  },\n"
    "  {\"id\": \"222\", \"kind\": \"compute#instance\", \"name\": "	/* 18 */
    "\"db-1\", \"selfLink\": \"" LINK "us-central1-b/instances/db-1\", "
    "\"upcomingMaintenance\": {\"canReschedule\": false, "
    "\"latestWindowStartTime\": \"2024-03-20T09:00:00Z\", \"maintenanceStatus\": "
    "\"ONGOING\", \"type\": \"UNSCHEDULED\", \"windowStartTime\": "
    "\"2024-03-15T09:00:00Z\", \"windowEndTime\": \"2024-03-15T11:00:00Z\"}},\n"
    "  {\"id\": \"333\", \"kind\": \"compute#instance\", \"name\": "	/* 19 */
    "\"batch-1\", \"zone\": \"" LINK "us-central1-a\", \"status\": "
    "\"TERMINATED\"}\n"
    "]\n";

static void
test_list_form_one_event_per_instance_with_maintenance(void **state)
{
	struct got g;
	struct cal_event *e;

	(void)state;
	got_read(&g, "gcp-maintenance", list, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 2);
	e = &g.cal.events[0];
	assert_string_equal(e->uid, "gce:111");
	assert_string_equal(e->provider_id,
	    "projects/p-1/zones/us-central1-a/instances/web-1");
	assert_string_equal(e->assets, "web-1");
	assert_string_equal(e->summary, "GCE SCHEDULED maintenance: web-1 "
	    "(PENDING)");
	/* The offset is UTC after it. */
	assert_string_equal(e->dtstart, "20240314T090000");
	assert_string_equal(e->start_tz, "UTC");
	assert_string_equal(e->dtend, "20240314T130000");
	assert_int_equal(e->line, 3);
	/* It may be moved, as late as latestWindowStartTime. */
	assert_string_equal(e->latest_start, "20240321T090000Z");
	e = &g.cal.events[1];
	assert_string_equal(e->uid, "gce:222");
	assert_string_equal(e->summary, "GCE UNSCHEDULED maintenance: db-1 "
	    "(ONGOING)");
	assert_string_equal(e->dtstart, "20240315T090000");
	assert_string_equal(e->dtend, "20240315T110000");
	assert_int_equal(e->line, 18);
	/* canReschedule false: a latest start says nothing. */
	assert_string_equal(e->latest_start, "");
	/* The instance without maintenance is counted, no problem. */
	assert_true(said(&g.notes, 0, "1 instance without upcoming "
	    "maintenance"));
	assert_false(said(&g.notes, 0, "no upcoming maintenance in the file"));
	got_free(&g);
}

static const char describe[] =
    "{\n"
    "  \"id\": \"444\",\n"						/* 2 */
    "  \"kind\": \"compute#instance\",\n"
    "  \"name\": \"app-1\",\n"
    "  \"upcomingMaintenance\": {\n"
    "    \"type\": \"SCHEDULED\",\n"
    "    \"canReschedule\": true,\n"
    "    \"windowStartTime\": \"2024-05-02T22:00:00Z\"\n"
    "  },\n"
    "  \"zone\": \"europe-west1-b\"\n"
    "}\n";

static void
test_describe_form_one_instance_zone_and_name_without_self_link(void **state)
{
	struct got g;
	struct cal_event *e;

	(void)state;
	got_read(&g, "gcp-maintenance", describe, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 1);
	e = &g.cal.events[0];
	assert_string_equal(e->uid, "gce:444");
	assert_string_equal(e->provider_id,
	    "zones/europe-west1-b/instances/app-1");
	assert_string_equal(e->assets, "app-1");
	assert_string_equal(e->summary, "GCE SCHEDULED maintenance: app-1");
	assert_int_equal(e->line, 2);
	/* No windowEndTime: an hour, said; no latestWindowStartTime: it
	 * cannot be said how late it may go. */
	assert_string_equal(e->dtstart, "20240502T220000");
	assert_string_equal(e->dtend, "20240502T230000");
	assert_string_equal(e->latest_start, "");
	assert_true(said(&g.notes, 0, "1 window without a windowEndTime given "
	    "60 minutes"));
	got_free(&g);
}

/* The command export --to provider-moves writes names the instance of the
 * provider id; the asset is matched by the name. A selfLink naming another
 * instance (or with more after its name) is not taken: the zone and name
 * are, or, with no zone, the instance is a problem. */
static void
test_a_self_link_naming_another_instance_is_not_its_path(void **state)
{
	static const char text[] =
	    "[{\"id\": \"1\", \"name\": \"web-1\", \"zone\": \"" LINK "z-1\", "
	    "\"selfLink\": \"" LINK "z-1/instances/prod-db\", "
	    "\"upcomingMaintenance\": {\"windowStartTime\": "
	    "\"2024-03-15T09:00:00Z\"}},\n"
	    "{\"id\": \"2\", \"name\": \"web-2\", "
	    "\"selfLink\": \"" LINK "z-1/instances/web-2x\", "
	    "\"upcomingMaintenance\": {\"windowStartTime\": "
	    "\"2024-03-15T09:00:00Z\"}}]\n";
	struct got g;

	(void)state;
	got_read(&g, "gcp-maintenance", text, NULL);
	assert_int_equal(g.cal.nevents, 1);
	assert_string_equal(g.cal.events[0].provider_id,
	    "zones/z-1/instances/web-1");
	assert_string_equal(g.cal.events[0].assets, "web-1");
	assert_int_equal(g.problems.n, 1);
	assert_true(said(&g.problems, 2, "instance web-2 without its zone (nor "
	    "a selfLink naming it)"));
	got_free(&g);
}

static void
test_api_items_form_and_an_instance_without_id(void **state)
{
	static const char text[] =
	    "{\"kind\": \"compute#instanceList\", \"items\": [\n"
	    "{\"name\": \"w\", \"selfLink\": \"" LINK "z-1/instances/w\", "
	    "\"upcomingMaintenance\": {\"windowStartTime\": "
	    "\"2024-05-02T22:00:00Z\", \"windowEndTime\": "
	    "\"2024-05-02T22:30:00Z\"}}\n"
	    "]}\n";
	struct got g;
	struct cal_event *e;

	(void)state;
	got_read(&g, "gcp-maintenance", text, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 1);
	e = &g.cal.events[0];
	/* No id: the instance's path is its UID. No type nor status said. */
	assert_string_equal(e->uid, "gce:projects/p-1/zones/z-1/instances/w");
	assert_string_equal(e->summary, "GCE maintenance: w");
	assert_int_equal(e->line, 2);
	got_free(&g);
}

static void
test_problems_at_their_lines(void **state)
{
	static const char text[] =
	    "[\n"
	    "{\"id\": \"1\", \"zone\": \"z\", \"upcomingMaintenance\": "
	    "{\"windowStartTime\": \"2024-03-14T02:00:00Z\"}},\n"
	    "{\"id\": \"2\", \"name\": \"b\", \"zone\": \"z\", "
	    "\"upcomingMaintenance\": {\"windowStartTime\": "
	    "\"2024-13-40T02:00:00Z\"}},\n"
	    "{\"id\": \"3\", \"name\": \"c\", \"zone\": \"z\", "
	    "\"upcomingMaintenance\": {\"windowStartTime\": "
	    "\"2024-03-14T02:00:00Z\", \"windowEndTime\": "
	    "\"2024-03-14T01:00:00Z\"}},\n"
	    "{\"id\": \"4\", \"name\": \"d\", \"zone\": \"z\", "
	    "\"upcomingMaintenance\": {\"windowStartTime\": "
	    "\"2024-03-14T02:00:00Z\"}},\n"
	    "{\"id\": \"4\", \"name\": \"d\", \"zone\": \"z\", "
	    "\"upcomingMaintenance\": {\"windowStartTime\": "
	    "\"2024-03-14T02:00:00Z\"}},\n"
	    "{\"id\": \"5\", \"name\": \"e\", \"zone\": \"z\", "
	    "\"upcomingMaintenance\": {\"type\": \"SCHEDULED\"}},\n"
	    "{\"id\": \"6\", \"name\": \"f\", \"upcomingMaintenance\": "
	    "{\"windowStartTime\": \"2024-03-14T02:00:00Z\"}},\n"
	    "{\"id\": \"7\", \"name\": \"g\", \"zone\": \"z\", "
	    "\"upcomingMaintenance\": \"soon\"},\n"
	    "{\"id\": \"8\", \"name\": \"h\", \"zone\": \"z\", "
	    "\"upcomingMaintenance\": {\"windowStartTime\": "
	    "\"2024-03-14T02:00:00Z\", \"latestWindowStartTime\": \"later\"}},\n"
	    "42\n"
	    "]\n";
	struct got g;

	(void)state;
	got_read(&g, "gcp-maintenance", text, NULL);
	assert_int_equal(g.rc, 0);
	assert_true(said(&g.problems, 2, "an instance without its name"));
	assert_true(said(&g.problems, 3, "windowStartTime '2024-13-40T02:00:00Z' "
	    "is not a time"));
	assert_true(said(&g.problems, 4, "instance c: windowEndTime before "
	    "windowStartTime"));
	assert_true(said(&g.problems, 6, "instance d a second time"));
	assert_true(said(&g.problems, 7, "instance e: upcomingMaintenance "
	    "without its windowStartTime"));
	assert_true(said(&g.problems, 8, "instance f without its zone"));
	assert_true(said(&g.problems, 9, "instance g: upcomingMaintenance is "
	    "not an object"));
	assert_true(said(&g.problems, 10, "latestWindowStartTime 'later' is "
	    "not a time"));
	assert_true(said(&g.problems, 11, "not an object"));
	assert_int_equal(g.problems.n, 9);
	/* d's first time is the one event. */
	assert_int_equal(g.cal.nevents, 1);
	assert_string_equal(g.cal.events[0].uid, "gce:4");
	assert_int_equal(g.cal.events[0].line, 5);
	got_free(&g);
}

static void
test_nothing_upcoming_is_a_note(void **state)
{
	struct got g;

	(void)state;
	got_read(&g, "gcp-maintenance", "[]", NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.puts, 1);
	assert_true(said(&g.notes, 0, "no upcoming maintenance in the file"));
	got_free(&g);
	got_read(&g, "gcp-maintenance", "[{\"name\": \"a\"}, {\"name\": \"b\", "
	    "\"upcomingMaintenance\": null}]", NULL);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 0);
	assert_true(said(&g.notes, 0, "2 instances without upcoming "
	    "maintenance"));
	got_free(&g);
}

static void
test_not_gce_instances_is_a_file_problem(void **state)
{
	struct got g;

	(void)state;
	got_read(&g, "gcp-maintenance", "{\"InstanceStatuses\": []}", NULL);
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "not GCE instances"));
	assert_int_equal(g.puts, 0);
	got_free(&g);
	got_read(&g, "gcp-maintenance", "{\"items\": {\"zones/z\": {}}}", NULL);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.puts, 0);
	got_free(&g);
	got_read(&g, "gcp-maintenance", "[{\"name\": ", NULL);
	assert_int_equal(g.rc, -1);
	got_free(&g);
}

static void
test_auto_knows_gcloud_output(void **state)
{
	static const char plain[] = "[{\"name\": \"a\", \"kind\": "
	    "\"compute#instance\"}]";
	static const char ec2[] = "{\"InstanceStatuses\": []}";
	const struct import_format *f;

	(void)state;
	f = import_format_sniff(IMPORT_CALENDAR, "x.json", list, strlen(list));
	assert_string_equal(f->name, "gcp-maintenance");
	f = import_format_sniff(IMPORT_CALENDAR, "x", describe,
	    strlen(describe));
	assert_string_equal(f->name, "gcp-maintenance");
	/* A list with no maintenance yet is still gcloud's. */
	f = import_format_sniff(IMPORT_CALENDAR, "x.json", plain,
	    strlen(plain));
	assert_string_equal(f->name, "gcp-maintenance");
	f = import_format_sniff(IMPORT_CALENDAR, "x.json", ec2, strlen(ec2));
	assert_string_equal(f->name, "ec2-events");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_form_one_event_per_instance_with_maintenance),
		cmocka_unit_test(test_describe_form_one_instance_zone_and_name_without_self_link),
		cmocka_unit_test(test_a_self_link_naming_another_instance_is_not_its_path),
		cmocka_unit_test(test_api_items_form_and_an_instance_without_id),
		cmocka_unit_test(test_problems_at_their_lines),
		cmocka_unit_test(test_nothing_upcoming_is_a_note),
		cmocka_unit_test(test_not_gce_instances_is_a_file_problem),
		cmocka_unit_test(test_auto_knows_gcloud_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
