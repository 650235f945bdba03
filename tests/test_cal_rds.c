/* The RDS pending-maintenance reader (import/cal_rds.c): one event per
 * resource and action, the surest date it has, the undated kept undated,
 * and its problems at their lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../import/formats.h"
#include "cal_read.h"

#define ORDERS	"arn:aws:rds:eu-central-1:123456789012:db:orders"
#define CLUSTER	"arn:aws:rds:us-west-2:123456789012:cluster:global-db1-cl1"

static const char cli[] =
    "{\n"
    "  \"PendingMaintenanceActions\": [\n"
    "    {\n"
    "      \"ResourceIdentifier\": \"" ORDERS "\",\n"	/* 4 */
    "      \"PendingMaintenanceActionDetails\": [\n"
    "        {\n"
    "          \"Action\": \"system-update\",\n"		/* 7 */
    "          \"Description\": \"New Operating System update\",\n"
    "          \"AutoAppliedAfterDate\": \"2026-11-17T00:00:00Z\",\n"
    "          \"ForcedApplyDate\": \"2026-12-08T02:00:00+00:00\",\n"
    "          \"CurrentApplyDate\": \"2026-11-24T02:00:00.000Z\"\n"
    "        },\n"
    "        {\"Action\": \"db-upgrade\", \"Description\": \"Upgrade\", "	/* 13 */
    "\"ForcedApplyDate\": \"2026-12-08T02:00:00Z\", "
    "\"AutoAppliedAfterDate\": \"2026-12-01T00:00:00Z\"},\n"
    "        {\"Action\": \"hardware-maintenance\", \"Description\": "	/* 14 */
    "\"h\", \"AutoAppliedAfterDate\": \"2027-01-12T00:00:00Z\"}\n"
    "      ]\n"
    "    },\n"
    "    {\"ResourceIdentifier\": \"" CLUSTER "\", "			/* 17 */
    "\"PendingMaintenanceActionDetails\": [{\"Action\": \"system-update\", "
    "\"Description\": \"Upgrade to Aurora PostgreSQL 2.4.2\"}]}\n"
    "  ]\n"
    "}\n";

static void
test_one_event_per_resource_and_action_at_its_surest_date(void **state)
{
	struct got g;
	struct cal_event *e;

	(void)state;
	got_read(&g, "rds-pending", cli, NULL);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.cal.nevents, 4);
	/* CurrentApplyDate first, whatever else is given; 30 minutes. */
	e = &g.cal.events[0];
	assert_string_equal(e->uid, ORDERS "/system-update");
	assert_string_equal(e->provider_id, ORDERS "/system-update");
	assert_string_equal(e->assets, ORDERS);
	assert_string_equal(e->summary, "RDS system-update: New Operating System "
	    "update");
	assert_string_equal(e->dtstart, "20261124T020000");
	assert_string_equal(e->start_tz, "UTC");
	assert_string_equal(e->dtend, "20261124T023000");
	assert_int_equal(e->line, 7);
	/* Then ForcedApplyDate, then AutoAppliedAfterDate, and the summary
	 * says which. */
	e = &g.cal.events[1];
	assert_string_equal(e->dtstart, "20261208T020000");
	assert_string_equal(e->summary, "RDS db-upgrade: Upgrade (from its "
	    "ForcedApplyDate)");
	e = &g.cal.events[2];
	assert_string_equal(e->dtstart, "20270112T000000");
	assert_non_null(strstr(e->summary, "(from its AutoAppliedAfterDate)"));
	assert_true(said(&g.notes, 0, "3 actions, each given 30 minutes"));
	assert_true(said(&g.notes, 0, "1 action placed at its "
	    "AutoAppliedAfterDate"));
	got_free(&g);
}

static void
test_an_action_without_a_date_is_kept_undated_and_said(void **state)
{
	struct got g;
	struct cal_event *e;

	(void)state;
	got_read(&g, "rds-pending", cli, NULL);
	e = &g.cal.events[3];
	assert_string_equal(e->uid, CLUSTER "/system-update");
	assert_string_equal(e->assets, CLUSTER);
	assert_string_equal(e->dtstart, "");
	assert_string_equal(e->dtend, "");
	assert_string_equal(e->status, "TENTATIVE");
	assert_int_equal(e->line, 17);
	assert_true(said(&g.notes, 17, CLUSTER ": action system-update is "
	    "pending with no date"));

	/* Expansion passes it by without a word. */
	struct occ_list occ = { 0 };
	struct pw_diags warn = { 0 };
	assert_int_equal(cal_expand(&g.cal, 0, INT64_C(4102444800), &occ,
	    &warn), 0);
	assert_int_equal(occ.n, 3);
	for (size_t i = 0; i < occ.n; i++)
		assert_int_not_equal(occ.v[i].event, 3);
	assert_int_equal(warn.n, 0);
	occ_list_free(&occ);
	pw_diags_free(&warn);
	got_free(&g);
}

static void
test_problems_at_their_lines(void **state)
{
	static const char text[] =
	    "[{\"ResourceIdentifier\": \"" ORDERS "\", "
	    "\"PendingMaintenanceActionDetails\": [\n"
	    "{\"Action\": \"a\", \"CurrentApplyDate\": \"2026-13-40T00:00:00Z\"},\n"
	    "{\"Description\": \"no action\"},\n"
	    "{\"Action\": \"b\", \"ForcedApplyDate\": \"2026-12-01T00:00:00Z\"},\n"
	    "{\"Action\": \"b\", \"ForcedApplyDate\": \"2026-12-01T00:00:00Z\"},\n"
	    "7]},\n"
	    "{\"PendingMaintenanceActionDetails\": []},\n"
	    "{\"ResourceIdentifier\": \"x\"},\n"
	    "{\"ResourceIdentifier\": \"x\", \"PendingMaintenanceActionDetails\": 1}\n"
	    "]\n";
	struct got g;

	(void)state;
	got_read(&g, "rds-pending", text, NULL);
	assert_int_equal(g.rc, 0);
	assert_true(said(&g.problems, 2, "CurrentApplyDate '2026-13-40T00:00:00Z' "
	    "is not a time"));
	assert_true(said(&g.problems, 3, "without its Action"));
	assert_true(said(&g.problems, 5, ORDERS "/b a second time"));
	assert_true(said(&g.problems, 6, "not an object"));
	assert_true(said(&g.problems, 7, "a resource without its "
	    "ResourceIdentifier"));
	assert_true(said(&g.problems, 8, "without its "
	    "PendingMaintenanceActionDetails"));
	assert_true(said(&g.problems, 9, "PendingMaintenanceActionDetails is not "
	    "a list"));
	assert_int_equal(g.problems.n, 7);
	assert_int_equal(g.cal.nevents, 1);
	got_free(&g);
}

static void
test_not_rds_is_a_file_problem_and_auto_knows_it(void **state)
{
	const struct import_format *f;
	struct got g;

	(void)state;
	got_read(&g, "rds-pending", "{\"InstanceStatuses\": []}", NULL);
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "PendingMaintenanceActions"));
	assert_int_equal(g.puts, 0);
	got_free(&g);
	f = import_format_sniff(IMPORT_CALENDAR, "x.json", cli, strlen(cli));
	assert_string_equal(f->name, "rds-pending");
	got_read(&g, "rds-pending", "{\"PendingMaintenanceActions\": []}", NULL);
	assert_int_equal(g.rc, 0);
	assert_true(said(&g.notes, 0, "no pending maintenance action"));
	got_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_event_per_resource_and_action_at_its_surest_date),
		cmocka_unit_test(test_an_action_without_a_date_is_kept_undated_and_said),
		cmocka_unit_test(test_problems_at_their_lines),
		cmocka_unit_test(test_not_rds_is_a_file_problem_and_auto_knows_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
