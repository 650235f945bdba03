/* Importers end to end through the store: whole or nothing, every problem at
 * its line, re-imports that update and retire. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "../import/import.h"
#include "../util/buf.h"
#include "testutil.h"

static char dir[64];
static struct store *st;

static int
setup(void **state)
{
	struct pw_error e;
	char path[128];

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-import");
	snprintf(path, sizeof path, "%s/t.db", dir);
	return store_open(path, &st, &e);
}

static int
teardown(void **state)
{
	(void)state;
	store_close(st);
	return test_rmdir(dir);
}

/* Write text to dir/name; returns the path (static). */
static const char *
file(const char *name, const char *text)
{
	static char path[160];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* A policy text refused for one problem, at line, saying what. */
static void
policy_refused(const char *text, long line, const char *what)
{
	struct import_report r;
	struct import_opts o = { .path = file("refused.yaml", text) };
	struct pw_error e;

	assert_int_equal(import_policy(st, &o, &r, &e), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, line);
	assert_non_null(strstr(r.problems.v[0].msg, what));
	import_report_free(&r);
}

/* A policy text imported, and the policy stored, in *p (the caller frees). */
static void
policy_imported(const char *text, struct policy *p)
{
	struct import_report r;
	struct import_opts o = { .path = file("imported.yaml", text) };
	struct pw_error e;
	int found;

	assert_int_equal(import_policy(st, &o, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(store_policy_load(st, p, &found, &e), 0);
	assert_true(found);
}

static int
count(void *arg, struct asset *a, int retired)
{
	(void)a;
	if (!retired)
		(*(int *)arg)++;
	return 0;
}

static int
assets(void)
{
	struct pw_error e;
	int n = 0;

	store_assets_each(st, 0, count, &n, &e);
	return n;
}

static int
inventory(const char *path, int skip, struct import_report *r)
{
	struct import_opts o = { .path = path, .skip_invalid = skip };
	struct pw_error e;

	return import_inventory(st, &o, r, &e);
}

static void
test_one_bad_row_refuses_the_whole_csv(void **state)
{
	struct import_report r;
	const char *p = file("inv.csv", "hostname,environment,patch_minutes\n"
	    "a,dev,10\nb,dev,ten\nc,dev,\"5\n");

	(void)state;
	assert_int_equal(inventory(p, 0, &r), -1);
	assert_int_equal(r.problems.n, 2);
	assert_int_equal(r.problems.v[0].line, 3);
	assert_non_null(strstr(r.problems.v[0].msg, "patch_minutes"));
	assert_int_equal(r.problems.v[1].line, 4);
	assert_int_equal(assets(), 0);
	import_report_free(&r);

	assert_int_equal(inventory(p, 1, &r), 0);	/* --skip-invalid */
	assert_int_equal(r.records, 1);
	assert_int_equal(r.added, 1);	/* counted afresh after the rollback */
	assert_int_equal(r.problems.n, 2);
	assert_int_equal(assets(), 1);
	import_report_free(&r);
}

static void
test_reimport_reports_updates_and_retirements(void **state)
{
	struct import_report r;

	(void)state;
	assert_int_equal(inventory(file("inv.csv", "hostname,env\na,dev\nb,dev\n"), 0,
	    &r), 0);
	import_report_free(&r);
	assert_int_equal(inventory(file("inv.csv", "hostname;env\r\na;prod\r\n"), 0,
	    &r), 0);
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.removed, 1);
	assert_string_equal(r.removed_names[0], "b");
	import_report_free(&r);
	assert_int_equal(assets(), 1);
}

static void
test_csv_header_problems_are_fatal(void **state)
{
	struct import_report r;
	struct import_opts o = { 0 };
	struct pw_error e;

	(void)state;
	o.path = file("w.csv", "id,name\n1,London\n");
	assert_int_equal(import_inventory(st, &o, &r, &e), -1);
	assert_int_equal(e.line, 1);
	assert_non_null(strstr(e.msg, "no column names the asset"));
	import_report_free(&r);
	o.path = file("d.csv", "hostname,env,environment\na,b,c\n");
	assert_int_equal(import_inventory(st, &o, &r, &e), -1);
	assert_non_null(strstr(e.msg, "repeats"));
	import_report_free(&r);
}

/* A repeated column is found by name, not by comparing each column with all
 * before it: 200,000 columns (1.5 MB) took minutes. */
static void
test_csv_header_of_many_columns_is_checked_at_once(void **state)
{
	struct import_report r;
	struct import_opts o = { 0 };
	struct pw_error e;
	struct buf b = { 0 };

	(void)state;
	buf_adds(&b, "hostname");
	for (int i = 1; i < 200000; i++)
		buf_printf(&b, ",c%d", i);
	buf_adds(&b, ",c7,environment\nh\n");
	o.path = file("wide.csv", b.s);
	assert_int_equal(import_inventory(st, &o, &r, &e), -1);
	assert_int_equal(e.line, 1);
	assert_non_null(strstr(e.msg, "column 200001 (c7) repeats column 8 (c7)"));
	import_report_free(&r);
	assert_int_equal(assets(), 0);
	buf_free(&b);
}

static void
test_ec2_instances_map_to_assets(void **state)
{
	struct import_report r;
	struct pw_error e;
	const char *p = file("ec2.json", "{\"Reservations\": [{\"Instances\": ["
	    "{\"InstanceId\": \"i-1\", \"Placement\": {\"AvailabilityZone\": "
	    "\"eu-central-1b\"}, \"State\": {\"Name\": \"running\"}, \"Tags\": ["
	    "{\"Key\": \"Name\", \"Value\": \"web-1\"}, {\"Key\": \"Environment\", "
	    "\"Value\": \"prod\"}, {\"Key\": \"Patch Group\", \"Value\": \"pg-a\"}]},"
	    "{\"InstanceId\": \"i-2\", \"State\": {\"Name\": \"terminated\"}}]}]}");
	struct import_opts o = { .path = p };

	(void)state;
	assert_int_equal(import_inventory(st, &o, &r, &e), 0);
	assert_int_equal(r.records, 1);	/* the terminated one is not imported */
	import_report_free(&r);
	assert_int_equal(assets(), 1);
}

static int
check_ec2(void *arg, struct asset *a, int retired)
{
	(void)arg;
	(void)retired;
	assert_string_equal(a->key, "i-1");
	assert_string_equal(a->hostname, "web-1");
	assert_string_equal(a->region, "eu-central-1");
	assert_string_equal(a->environment, "prod");
	assert_string_equal(a->patch_group, "pg-a");
	assert_int_equal(a->service_model, SM_IAAS);
	return 0;
}

static void
test_ec2_fields(void **state)
{
	struct pw_error e;

	test_ec2_instances_map_to_assets(state);
	store_assets_each(st, 0, check_ec2, NULL, &e);
}

static int
check_list(void *arg, struct asset *a, int retired)
{
	(void)arg;
	(void)retired;
	if (strcmp(a->key, "web1") == 0) {
		assert_string_equal(a->environment, "prod");	/* group var */
		assert_string_equal(a->zone, "z1");		/* host var */
		assert_int_equal(a->ngroups, 2);		/* web and its parent */
		assert_string_equal(a->groups[0], "prod");
		assert_string_equal(a->groups[1], "web");
	} else {
		assert_string_equal(a->key, "lonely");
		assert_string_equal(a->groups[0], "ungrouped");
	}
	return 0;
}

static void
test_ansible_list_json_merges_like_yaml(void **state)
{
	struct import_report r;

	(void)state;
	assert_int_equal(inventory(file("list.json", "{\"_meta\": {\"hostvars\": "
	    "{\"web1\": {\"zone\": \"z1\"}, \"ghost\": {\"a\": 1}}},"
	    "\"all\": {\"children\": [\"prod\", \"ungrouped\"]},"
	    "\"prod\": {\"children\": [\"web\"], \"vars\": {\"environment\": \"prod\"}},"
	    "\"web\": {\"hosts\": [\"web1\"]},"
	    "\"ungrouped\": {\"hosts\": [\"lonely\"]}}"), 0, &r), 0);
	/* ghost has variables but no group: Ansible skips it; we say so. */
	assert_int_equal(r.problems.n, 0);
	assert_int_equal(r.notes.n, 1);
	assert_non_null(strstr(r.notes.v[0].msg, "ghost"));
	assert_int_equal(r.records, 2);
	import_report_free(&r);
	struct pw_error e;
	store_assets_each(st, 0, check_list, NULL, &e);
}

/* A host of an ansible-inventory --list is placed at the line where its
 * name first appears, found in one pass over the file (searching the file
 * for each host was 51 s for 20,000 hosts): a note for a host with
 * variables in no group, a problem for a bad field, each at that line; the
 * "bad" inside "b\"ad" is no string of its own. */
static void
test_ansible_list_json_places_hosts_at_their_first_line(void **state)
{
	struct import_report r;

	(void)state;
	assert_int_equal(inventory(file("lines.json", "{\"_meta\": {\"hostvars\": {\n"
	    "\"web1\": {\"zone\": \"z1\"},\n"
	    "\"ghost\": {\"a\": 1},\n"
	    "\"b\\\"ad\": {\"reboot_minutes\": \"soon\"},\n"
	    "\"bad\": {\"reboot_minutes\": \"soon\"}}},\n"
	    "\"web\": {\"hosts\": [\"web1\", \"bad\"]}}\n"), 0, &r), -1);
	/* b"ad, whose name json-c reads from an escape, is found nowhere:
	 * line 0, as a search of the file for "b"ad" gave. */
	assert_int_equal(r.notes.n, 2);
	assert_int_equal(r.notes.v[0].line, 3);
	assert_non_null(strstr(r.notes.v[0].msg, "ghost"));
	assert_int_equal(r.notes.v[1].line, 0);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 5);
	assert_non_null(strstr(r.problems.v[0].msg, "host bad: "));
	import_report_free(&r);
}

/* reboot_pending, per key: how many assets have it, stored and read back. */
static int
count_reboots(void *arg, struct asset *a, int retired)
{
	int *n = arg;

	if (!retired && a->reboot_pending) {
		assert_int_equal(a->key[strlen(a->key) - 1], 'y');	/* "...-y" */
		(*n)++;
	}
	return 0;
}

/* Every inventory format takes reboot_pending: CSV, our YAML, Ansible
 * YAML and JSON (a JSON boolean), EC2 (a tag); a value that is no yes or
 * no is refused at its line. */
static void
test_every_inventory_format_takes_reboot_pending(void **state)
{
	static const struct { const char *name, *text; } inv[] = {
		{ "rb.csv", "hostname,reboot_pending\ncsv-y,yes\ncsv-n,0\ncsv-e,\n" },
		{ "rb.yaml", "assets:\n  - {hostname: yaml-y, reboot_pending: true}\n"
		    "  - {hostname: yaml-n, reboot_pending: false}\n" },
		{ "rb-ans.yml", "all:\n  hosts:\n    ans-y:\n      reboot_pending: true\n"
		    "    ans-n:\n      reboot_pending: no\n" },
		{ "rb.json", "{\"_meta\": {\"hostvars\": {\"json-y\": {\"reboot_pending\":"
		    " true}, \"json-n\": {\"reboot_pending\": false}}},"
		    " \"all\": {\"hosts\": [\"json-y\", \"json-n\"]}}" },
		{ "rb-ec2.json", "{\"Reservations\": [{\"Instances\": [{\"InstanceId\":"
		    " \"i-ec2-y\", \"State\": {\"Name\": \"running\"}, \"Tags\": [{\"Key\":"
		    " \"reboot_pending\", \"Value\": \"True\"}]}]}]}" },
	};
	struct import_report r;
	struct pw_error e;
	int n = 0;

	(void)state;
	for (size_t i = 0; i < sizeof inv / sizeof *inv; i++) {
		struct import_opts o = { .path = file(inv[i].name, inv[i].text),
		    .source = inv[i].name };
		assert_int_equal(import_inventory(st, &o, &r, &e), 0);
		assert_int_equal(r.problems.n, 0);
		import_report_free(&r);
	}
	store_assets_each(st, 0, count_reboots, &n, &e);
	assert_int_equal(n, 5);
	assert_int_equal(inventory(file("rb2.csv", "hostname,pending reboot\n"
	    "a,yes\nb,soon\n"), 0, &r), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 3);
	assert_non_null(strstr(r.problems.v[0].msg, "reboot_pending 'soon'"));
	import_report_free(&r);
}

static void
test_own_yaml_inventory(void **state)
{
	struct import_report r;

	(void)state;
	assert_int_equal(inventory(file("inv.yaml", "assets:\n"
	    "  - {key: k1, hostname: h1, environment: prod, service_model: paas,\n"
	    "     groups: [db, eu], vars: {rack: 7}}\n"
	    "  - {hostname: h2, bogus: 1}\n"), 0, &r), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 4);
	import_report_free(&r);
}

static void
test_policy_problems_each_name_a_line(void **state)
{
	struct import_report r;
	struct import_opts o = { 0 };
	struct pw_error e;
	struct policy p;
	int found;

	(void)state;
	o.path = file("p.yaml", "timezone: Europe/Berlin\n"
	    "horizon_days: 56\n"
	    "sla_dayz: {critical: 7}\n"
	    "windows:\n"
	    "  - name: w\n"
	    "    rrule: FREQ=SOMETIMES\n"
	    "    start: \"25:00\"\n"
	    "    duration: 1h\n"
	    "    cutoff: 2h\n"
	    "    timezone: Mars/Base\n");
	assert_int_equal(import_policy(st, &o, &r, &e), -1);
	assert_int_equal(r.problems.n, 5);
	assert_int_equal(r.problems.v[0].line, 3);	/* sla_dayz */
	assert_int_equal(r.problems.v[1].line, 6);	/* rrule */
	assert_int_equal(r.problems.v[2].line, 7);	/* start */
	assert_int_equal(r.problems.v[3].line, 10);	/* zone */
	assert_int_equal(r.problems.v[4].line, 5);	/* cutoff >= duration */
	import_report_free(&r);
	assert_int_equal(store_policy_load(st, &p, &found, &e), 0);
	assert_false(found);
	policy_free(&p);
}

/* concurrency: a count or a share ("10%"), kept as it is written. */
static void
test_policy_concurrency_as_a_share(void **state)
{
	struct policy p;

	(void)state;
	policy_imported("windows:\n"
	    "  - {name: a, rrule: FREQ=DAILY, start: \"22:00\", duration: 1h,"
	    " concurrency: 10%}\n"
	    "  - {name: b, rrule: FREQ=DAILY, start: \"22:00\", duration: 1h,"
	    " concurrency: 4}\n", &p);
	assert_int_equal(p.windows[0].concurrency_pct, 10);
	assert_int_equal(p.windows[1].concurrency_pct, 0);
	assert_int_equal(p.windows[1].concurrency, 4);
	policy_free(&p);
	static const char *const bad[] = { "0%", "101%", "x%", "%", "5.5%" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char text[256];
		snprintf(text, sizeof text, "windows:\n  - name: w\n"
		    "    rrule: FREQ=WEEKLY;BYDAY=TU\n    start: \"22:00\"\n"
		    "    duration: 1h\n    concurrency: \"%s\"\n", bad[i]);
		policy_refused(text, 6, "share");
	}
}

/* reboot_pending_days: 1-365, stored and read back; 7 by default. */
static void
test_policy_reboot_pending_days(void **state)
{
	struct policy p;

	(void)state;
	policy_imported("horizon_days: 30\n", &p);
	assert_int_equal(p.reboot_pending_days, 7);
	policy_free(&p);
	policy_imported("reboot_pending_days: 3\n", &p);
	assert_int_equal(p.reboot_pending_days, 3);
	policy_free(&p);
	policy_refused("horizon_days: 30\nreboot_pending_days: 0\n", 2,
	    "reboot_pending_days");
}

/* cluster_gap: minutes, 0-1440, stored and read back; 0 by default. */
static void
test_policy_cluster_gap(void **state)
{
	struct policy p;

	(void)state;
	policy_imported("horizon_days: 30\n", &p);
	assert_int_equal(p.cluster_gap, 0);
	policy_free(&p);
	policy_imported("cluster_gap: 30\n", &p);
	assert_int_equal(p.cluster_gap, 30);
	policy_free(&p);
	policy_refused("horizon_days: 30\ncluster_gap: 1441\n", 2, "cluster_gap");
	policy_refused("cluster_gap: -1\n", 1, "cluster_gap");
}

/* A stage's gate: a share, 1%-100%, stored and read back; 100% (0 in
 * the file's policy, stage_gate_pct 100) when not set. */
static void
test_policy_stage_gate(void **state)
{
	struct policy p;

	(void)state;
	policy_imported("stages:\n"
	    "  - {name: canary, select: {environment: dev}, gate: 95%}\n"
	    "  - {name: prod, select: {environment: prod}}\n", &p);
	assert_int_equal(stage_gate_pct(&p.stages[0]), 95);
	assert_int_equal(stage_gate_pct(&p.stages[1]), 100);
	policy_free(&p);
	static const char *const bad[] = { "0%", "101%", "95", "x%", "9.5%" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char text[256];
		snprintf(text, sizeof text, "stages:\n  - name: canary\n"
		    "    gate: \"%s\"\n", bad[i]);
		policy_refused(text, 3, "gate");
	}
}

/* Durations past a week, however written, are errors at their line; a
 * number strtol cannot hold (it gives LONG_MAX) once overflowed a product. */
static void
test_policy_durations_past_a_week(void **state)
{
	static const char *const bad[] = { "66666666666666666666666m",
	    "9223372036854775807d", "10081", "8d", "167h61m", "P2W", "PT169H",
	    "P8D", "1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h"
	    "1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h"
	    "1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h"
	    "1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h"
	    "1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h"
	    "1h1h1h1h1h1h1h1h1h1h1h1h1h1h" };
	char text[1024];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(text, sizeof text, "windows:\n  - name: w\n"
		    "    rrule: FREQ=WEEKLY;BYDAY=TU\n    start: \"22:00\"\n"
		    "    duration: %s\n", bad[i]);
		policy_refused(text, 5, "at most 7 days");
	}
}

static void
test_brief_policy_imports(void **state)
{
	struct import_report r;
	struct import_opts o = { .path = "demo/policy.yaml" };
	struct pw_error e;
	struct policy p;
	int found;

	(void)state;
	assert_int_equal(import_policy(st, &o, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(store_policy_load(st, &p, &found, &e), 0);
	assert_int_equal(p.nwindows, 3);
	assert_int_equal(p.windows[1].offset_days, 4);
	assert_int_equal(p.windows[0].cutoff_minutes, 30);
	assert_string_equal(p.windows[1].timezone, "Europe/Berlin");	/* default */
	assert_int_equal(p.nstages, 3);
	assert_int_equal(p.stages[1].soak_days, 2);
	assert_int_equal(p.quorum, 2);
	policy_free(&p);
}

static void
test_calendar_problems_refuse_and_notes_do_not(void **state)
{
	struct import_report r;
	struct import_opts o = { .kind = CAL_FREEZE };
	struct pw_error e;

	(void)state;
	o.path = file("c.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n"
	    "DTSTART;TZID=Nowhere/Special:20260101T100000\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:no start\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20260101\r\nRRULE:FREQ=NEVER\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n");
	assert_int_equal(import_calendar(st, &o, &r, &e), -1);
	assert_int_equal(r.problems.n, 2);
	assert_int_equal(r.problems.v[0].line, 6);
	assert_int_equal(r.problems.v[1].line, 13);
	assert_int_equal(r.notes.n, 1);	/* the unknown zone */
	assert_int_equal(r.notes.v[0].line, 4);
	import_report_free(&r);
	o.skip_invalid = 1;
	assert_int_equal(import_calendar(st, &o, &r, &e), 0);
	assert_int_equal(r.records, 1);
	import_report_free(&r);
}

/* A holiday feed's empty RRULE in every event is one warning with its count
 * and lines, not one per event ending in libical's dangling colon. */
static void
test_calendar_libical_warnings_fold_into_one(void **state)
{
	struct import_report r;
	struct import_opts o = { .kind = CAL_FREEZE };
	struct pw_error e;
	const struct pw_error *w = NULL;
	size_t n = 0;

	(void)state;
	o.path = file("empty-rrule.ics", "BEGIN:VCALENDAR\r\n"
	    "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270101T100000Z\r\nRRULE:\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270102T100000Z\r\nRRULE:\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20270103T100000Z\r\nRRULE:\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:d\r\nDTSTART:20270104T100000Z\r\nRRULE:\r\nEND:VEVENT\r\n"
	    "END:VCALENDAR\r\n");
	assert_int_equal(import_calendar(st, &o, &r, &e), 0);
	assert_int_equal(r.records, 4);
	for (size_t i = 0; i < r.notes.n; i++)
		if (strstr(r.notes.v[i].msg, "libical") != NULL)
			w = &r.notes.v[i], n++;
	assert_int_equal(n, 1);
	assert_int_equal(w->line, 5);
	assert_non_null(strstr(w->msg, "No value for RRULE property in 4 events "
	    "(lines 5, 10, 15 and 1 more)"));
	assert_string_equal(w->msg + strlen(w->msg) - 24, "the property is left out");
	import_report_free(&r);
}

/* Import path as source "cmdb"; the error (its message) into *e. */
static int
inventory_from(const char *path, int allow_retire, struct import_report *r,
    struct pw_error *e)
{
	struct import_opts o = { .path = path, .source = "cmdb",
	    .allow_retire = allow_retire };

	return import_inventory(st, &o, r, e);
}

static void
test_retiring_more_than_half_of_a_source_is_refused(void **state)
{
	struct import_report r;
	struct pw_error e;
	const char *all = "hostname\na\nb\nc\nd\n";
	struct import_opts other = { .path = NULL, .source = "other" };

	(void)state;
	/* Another source's assets are not counted against cmdb. */
	other.path = file("other.csv", "hostname\nx1\nx2\nx3\nx4\nx5\nx6\n");
	assert_int_equal(import_inventory(st, &other, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(inventory_from(file("inv.csv", all), 0, &r, &e), 0);
	import_report_free(&r);
	/* Exactly half: allowed. */
	assert_int_equal(inventory_from(file("inv.csv", "hostname\na\nb\n"), 0, &r, &e), 0);
	assert_int_equal(r.removed, 2);
	import_report_free(&r);
	assert_int_equal(inventory_from(file("inv.csv", all), 0, &r, &e), 0);
	import_report_free(&r);
	/* More than half: refused, nothing changed. */
	assert_int_equal(inventory_from(file("inv.csv", "hostname\na\nnew\n"), 0, &r, &e),
	    -1);
	assert_string_equal(e.msg, "this import would retire 3 of 4 assets of source "
	    "cmdb (more than half): give --allow-retire if that is meant");
	assert_false(r.landed);
	import_report_free(&r);
	assert_int_equal(assets(), 10);
	/* Said to be meant: it lands. */
	assert_int_equal(inventory_from(file("inv.csv", "hostname\na\nnew\n"), 1, &r, &e),
	    0);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.removed, 3);
	import_report_free(&r);
	assert_int_equal(assets(), 8);
}

static void
test_an_inventory_listing_no_assets_is_refused_in_every_format(void **state)
{
	static const char *const empty[][2] = {
		{ "empty.csv", "" }, { "header.csv", "hostname,environment\n" },
		{ "own.yml", "assets: []\n" }, { "ansible.yml", "" },
		{ "groups.yml", "all:\n  children:\n    web: {}\n" },
		{ "list.json", "{}\n" },
	};
	struct import_report r;
	struct pw_error e;

	(void)state;
	/* Into an empty database too: an empty file is more likely a failed
	 * export than an empty estate. */
	assert_int_equal(inventory_from(file("empty.csv", ""), 0, &r, &e), -1);
	assert_non_null(strstr(e.msg, "no assets in the file"));
	import_report_free(&r);
	assert_int_equal(inventory_from(file("inv.csv", "hostname\na\nb\n"), 0, &r, &e), 0);
	import_report_free(&r);
	for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
		assert_int_equal(inventory_from(file(empty[i][0], empty[i][1]), 0, &r, &e),
		    -1);
		assert_string_equal(e.msg, "no assets in the file (it would retire all 2 "
		    "assets of source cmdb): give --allow-retire if that is meant");
		import_report_free(&r);
		assert_int_equal(assets(), 2);
	}
	assert_int_equal(inventory_from(file("ansible.yml", ""), 1, &r, &e), 0);
	assert_int_equal(r.removed, 2);
	import_report_free(&r);
	assert_int_equal(assets(), 0);
}

/* Import path as an inventory: refused with fatal at line, saying what, and
 * nothing stored. */
static void
inventory_refused(const char *path, long line, const char *what)
{
	struct import_report r;
	struct import_opts o = { .path = path };
	struct pw_error e;

	assert_int_equal(import_inventory(st, &o, &r, &e), -1);
	assert_int_equal(e.line, line);
	if (strncmp(e.msg, what, strlen(what)) != 0)
		fail_msg("'%s' does not start '%s'", e.msg, what);
	import_report_free(&r);
	assert_int_equal(assets(), 0);
}

static void
test_json_and_yaml_not_utf8_are_refused_at_the_line(void **state)
{
	/* json-c lets overlongs, surrogates and past U+10FFFF through. */
	static const char *bad[] = { "\xc0\xaf", "\xe0\x80\x80", "\xed\xa0\x80",
	    "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xe2\x82", "\xff", "\x80" };
	char text[160];
	struct import_report r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(text, sizeof text, "{\"web\": {\"hosts\": [\n\"ok\",\n"
		    "\"h-%s\"]}}\n", bad[i]);
		inventory_refused(file("bad.json", text), 3, "not UTF-8 text");
		/* libyaml refuses them too, but said line 1. */
		snprintf(text, sizeof text, "all:\n  hosts:\n    ok:\n    h-%s:\n",
		    bad[i]);
		inventory_refused(file("bad.yml", text), 4, "not UTF-8 text");
		snprintf(text, sizeof text, "assets:\n  - hostname: ok\n"
		    "  - hostname: h-%s\n", bad[i]);
		inventory_refused(file("bad.yaml", text), 3, "not UTF-8 text");
	}
	/* A NUL escaped in JSON would end the name there. */
	inventory_refused(file("nul.json", "{\"web\": {\"hosts\": [\n\"ok\",\n"
	    "\"h-\\u0000x\"]}}\n"), 3, "a NUL character");
	assert_int_equal(inventory(file("ok.json", "{\"web\": {\"hosts\": [\"h-\xc3\xa9\","
	    "\"h-\\\\u0000\"]}}\n"), 0, &r), 0);
	assert_int_equal(r.records, 2);
	import_report_free(&r);
}

static void
test_csv_field_past_1_mib_refuses_the_import(void **state)
{
	struct import_report r;
	struct buf b = { 0 };

	(void)state;
	buf_adds(&b, "hostname,owner\na,x\nb,");
	for (int i = 0; i < (1 << 20); i++)
		buf_addc(&b, 'o');
	buf_adds(&b, "\n");
	assert_int_equal(inventory(file("long.csv", b.s), 0, &r), 0);
	assert_int_equal(r.records, 2);
	import_report_free(&r);
	assert_int_equal(assets(), 2);
	b.s[b.len - 1] = 'o';	/* one byte more */
	buf_adds(&b, "\n");
	assert_int_equal(inventory(file("long.csv", b.s), 0, &r), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 3);
	assert_string_equal(r.problems.v[0].msg, "field 2 is longer than 1048576 "
	    "bytes (1 MiB)");
	import_report_free(&r);
	assert_int_equal(assets(), 2);	/* the first import, unchanged */
	buf_free(&b);
}

/* Dropping the pages a reader has passed changes nothing it reads: a mapped
 * file's come back from the file, and a file of whole pages, read into a
 * copy, is left alone (dropping its pages would zero them). */
static void
test_released_pages_read_the_same(void **state)
{
	static const size_t sizes[] = { 3 * 4096 + 100, 2 * 4096 };
	struct pw_error e;
	struct buf b = { 0 };

	(void)state;
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		char *data;
		size_t len;
		buf_reset(&b);
		for (size_t i = 0; i < sizes[k]; i++)
			buf_addc(&b, (char)('a' + i * 7 % 26));
		assert_int_equal(import_read_file(file("pages.csv", b.s), &data, &len,
		    &e), 0);
		assert_int_equal(len, sizes[k]);
		import_release_file(data, len, len / 2);
		import_release_file(data, len, len);
		assert_memory_equal(data, b.s, len);
		assert_int_equal(data[len], '\0');
		import_free_file(data, len);
	}
	buf_free(&b);
}

/* A folder's files are opened as it is listed, through its descriptor:
 * a link planted there is passed over, and a file (or the folder) swapped
 * for a link afterwards is not followed: what is read is what was listed. */
static void
test_folder_files_opened_as_listed(void **state)
{
	char folder[200], path[300], other[300], *data;
	const char *given[1] = { folder };
	char **files;
	int *fds;
	size_t n, len;
	struct pw_error e;

	(void)state;
	snprintf(folder, sizeof folder, "%s/listing", dir);
	snprintf(other, sizeof other, "%s/elsewhere.json", dir);
	mkdir(folder, 0700);
	snprintf(path, sizeof path, "%s/b.json", folder);
	FILE *f = fopen(path, "w");
	fputs("[1]", f);
	fclose(f);
	f = fopen(other, "w");
	fputs("[\"other\"]", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/a.json", folder);
	unlink(path);
	assert_int_equal(symlink(other, path), 0);	/* planted: passed over */
	assert_int_equal(import_files(given, 1, &files, &fds, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(files[0], "/listing/b.json"));
	assert_true(fds[0] >= 0);
	snprintf(path, sizeof path, "%s/b.json", folder);
	unlink(path);					/* swapped after the listing */
	assert_int_equal(symlink(other, path), 0);
	assert_int_equal(import_read_fd(fds[0], files[0], &data, &len, &e), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(data, "[1]", 3);		/* the file listed */
	import_free_file(data, len);
	free(files[0]);
	free(files);
	free(fds);
	unlink(path);
	snprintf(path, sizeof path, "%s/a.json", folder);
	unlink(path);
	rmdir(folder);
}

/* Nine levels of ten aliases ("billion laughs") under key, each line
 * indented by indent; the alias past the limit (*e) is 6 lines in. */
static void
laughs(struct buf *b, const char *indent)
{
	buf_printf(b, "%sa: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n", indent);
	for (char c = 'b'; c <= 'i'; c++) {
		buf_printf(b, "%s%c: &%c [", indent, c, c);
		for (int i = 0; i < 10; i++)
			buf_printf(b, "%s*%c", i ? "," : "", c - 1);
		buf_adds(b, "]\n");
	}
}

static void
test_billion_laughs_refused_by_patches_and_policy(void **state)
{
	struct import_report r;
	struct import_opts o = { 0 };
	struct pw_error e;
	struct buf b = { 0 };
	struct policy p;
	int found;

	(void)state;
	buf_adds(&b, "lol:\n");
	laughs(&b, "  ");
	buf_adds(&b, "patches: []\n");
	o.path = file("p.yaml", b.s);
	assert_int_equal(import_patches(st, &o, &r, &e), -1);
	assert_int_equal(e.line, 7);
	assert_non_null(strstr(e.msg, "alias *e"));
	import_report_free(&r);
	assert_int_equal(import_policy(st, &o, &r, &e), -1);
	assert_int_equal(e.line, 7);
	assert_non_null(strstr(e.msg, "alias *e"));
	import_report_free(&r);
	assert_int_equal(store_policy_load(st, &p, &found, &e), 0);
	assert_int_equal(found, 0);
	policy_free(&p);
	buf_free(&b);
}

/* ---- calendars: what a file may cost (model/calendar.h) ------------------ */

/* Import text as calendar "c" (provider); r is the caller's to free. */
static int
calendar(const char *text, int skip, struct import_report *r)
{
	struct import_opts o = { .kind = CAL_PROVIDER, .name = "c", .skip_invalid = skip };
	struct pw_error e;

	o.path = file("c.ics", text);
	return import_calendar(st, &o, r, &e);
}

/* Events stored in calendar "c"; -1 when there is no such calendar. */
static long
stored_events(void)
{
	struct calendar cal;
	struct pw_error e;
	int found;
	long n = -1;

	if (store_calendar_load(st, "c", &cal, &found, &e) == 0 && found)
		n = (long)cal.nevents;
	calendar_free(&cal);
	return n;
}

/* A VEVENT starting tomorrow (UTC), so its occurrences are all in the
 * horizon whenever the test runs; more is its other lines, CRLF-ended. */
static void
vevent(struct buf *b, const char *uid, const char *more)
{
	time_t t = time(NULL) + 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	buf_printf(b, "BEGIN:VEVENT\r\nUID:%s\r\nDTSTART:%04d%02d%02dT000000Z\r\n%s"
	    "END:VEVENT\r\n", uid, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, more);
}

static void
test_calendar_more_than_ten_rrules_are_refused_at_the_eleventh(void **state)
{
	struct import_report r;
	struct buf b = { 0 }, rules = { 0 };

	(void)state;
	for (int i = 0; i < CAL_MAX_RRULES; i++)
		buf_adds(&rules, "RRULE:FREQ=DAILY;COUNT=2\r\n");
	buf_adds(&b, "BEGIN:VCALENDAR\r\n");
	vevent(&b, "ten", rules.s);
	buf_adds(&b, "END:VCALENDAR\r\n");
	assert_int_equal(calendar(b.s, 0, &r), 0);
	import_report_free(&r);

	/* The eleventh of 200: line 4 + 10 (BEGIN:VCALENDAR, BEGIN, UID, DTSTART). */
	for (int i = CAL_MAX_RRULES; i < 200; i++)
		buf_adds(&rules, "RRULE:FREQ=SECONDLY\r\n");
	buf_reset(&b);
	buf_adds(&b, "BEGIN:VCALENDAR\r\n");
	vevent(&b, "many", rules.s);
	buf_adds(&b, "END:VCALENDAR\r\n");
	assert_int_equal(calendar(b.s, 0, &r), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 4 + CAL_MAX_RRULES + 1);
	assert_non_null(strstr(r.problems.v[0].msg, "more than 10 RRULEs"));
	assert_int_equal(stored_events(), 1);	/* "ten" still; nothing changed */
	import_report_free(&r);
	buf_free(&b);
	buf_free(&rules);
}

static void
test_calendar_rdate_and_exdate_values_are_counted_per_event(void **state)
{
	static const char *const props[] = { "RDATE", "EXDATE" };
	struct import_report r;

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		struct buf b = { 0 }, more = { 0 };
		/* Ten lines of 100 values (libical reads at most 500 of a line),
		 * lines 6 to 15: the bound. */
		buf_adds(&more, "RRULE:FREQ=DAILY;COUNT=3\r\n");
		for (int i = 0; i < CAL_MAX_RDATES; i++) {
			if (i % 100 == 0)
				buf_printf(&more, "%s:", props[k]);
			buf_printf(&more, "%s20300101T%02d%02d00Z%s", i % 100 ? "," : "",
			    i / 60 % 24, i % 60, i % 100 == 99 ? "\r\n" : "");
		}
		buf_adds(&b, "BEGIN:VCALENDAR\r\n");
		vevent(&b, "d", more.s);
		buf_adds(&b, "END:VCALENDAR\r\n");
		assert_int_equal(calendar(b.s, 0, &r), 0);
		import_report_free(&r);

		/* One more value, on line 16. */
		buf_reset(&b);
		buf_printf(&more, "%s:20320101T000000Z\r\n", props[k]);
		buf_adds(&b, "BEGIN:VCALENDAR\r\n");
		vevent(&b, "d", more.s);
		buf_adds(&b, "END:VCALENDAR\r\n");
		assert_int_equal(calendar(b.s, 0, &r), -1);
		assert_int_equal(r.problems.n, 1);
		assert_int_equal(r.problems.v[0].line, 16);
		assert_non_null(strstr(r.problems.v[0].msg, "more than 1000"));
		import_report_free(&r);
		buf_free(&b);
		buf_free(&more);
	}
}

static void
test_calendar_occurrences_are_bounded_per_event_and_per_file(void **state)
{
	struct import_report r;
	struct buf b = { 0 };
	char rule[64], uid[16];

	(void)state;
	/* 20,000 minutes in a row from tomorrow: the most an event may have. */
	snprintf(rule, sizeof rule, "RRULE:FREQ=MINUTELY;COUNT=%d\r\n",
	    CAL_EVENT_OCCURRENCES);
	buf_adds(&b, "BEGIN:VCALENDAR\r\n");
	vevent(&b, "edge", rule);
	buf_adds(&b, "END:VCALENDAR\r\n");
	assert_int_equal(calendar(b.s, 0, &r), 0);
	import_report_free(&r);

	snprintf(rule, sizeof rule, "RRULE:FREQ=MINUTELY;COUNT=%d\r\n",
	    CAL_EVENT_OCCURRENCES + 1);
	buf_reset(&b);
	buf_adds(&b, "BEGIN:VCALENDAR\r\n");
	vevent(&b, "over", rule);
	buf_adds(&b, "END:VCALENDAR\r\n");
	assert_int_equal(calendar(b.s, 0, &r), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 5);	/* the RRULE */
	assert_non_null(strstr(r.problems.v[0].msg, "20001 occurrences"));
	import_report_free(&r);

	/* Six such events: the sixth takes the file past 100,000 and is refused
	 * at its BEGIN:VEVENT; with --skip-invalid the five land. */
	snprintf(rule, sizeof rule, "RRULE:FREQ=MINUTELY;COUNT=%d\r\n",
	    CAL_EVENT_OCCURRENCES);
	buf_reset(&b);
	buf_adds(&b, "BEGIN:VCALENDAR\r\n");
	for (int i = 0; i < 6; i++) {
		snprintf(uid, sizeof uid, "e%d", i);
		vevent(&b, uid, rule);
	}
	buf_adds(&b, "END:VCALENDAR\r\n");
	assert_int_equal(calendar(b.s, 0, &r), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 2 + 5 * 5);
	assert_non_null(strstr(r.problems.v[0].msg, "past 100000"));
	import_report_free(&r);
	assert_int_equal(calendar(b.s, 1, &r), 0);
	assert_int_equal(r.records, 5);
	import_report_free(&r);
	buf_free(&b);
}

static void
test_calendar_rules_that_cost_too_much_are_refused_at_their_line(void **state)
{
	struct import_report r;
	struct buf b = { 0 };

	(void)state;
	/* A second each: cut at 100,000 steps, at its RRULE (the second). */
	buf_adds(&b, "BEGIN:VCALENDAR\r\n");
	vevent(&b, "s", "SUMMARY:tiny\r\nRRULE:FREQ=DAILY;COUNT=2\r\nRRULE:FREQ=SECONDLY\r\n");
	buf_adds(&b, "END:VCALENDAR\r\n");
	assert_int_equal(calendar(b.s, 0, &r), -1);
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 7);
	assert_non_null(strstr(r.problems.v[0].msg, "more than 100000 steps"));
	assert_int_equal(stored_events(), -1);
	import_report_free(&r);

	/* A 30 February never comes; with --skip-invalid both are left out. */
	buf_reset(&b);
	buf_adds(&b, "BEGIN:VCALENDAR\r\n");
	vevent(&b, "s", "SUMMARY:tiny\r\nRRULE:FREQ=DAILY;COUNT=2\r\nRRULE:FREQ=SECONDLY\r\n");
	vevent(&b, "m", "RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30\r\n");
	buf_adds(&b, "END:VCALENDAR\r\n");
	assert_int_equal(calendar(b.s, 1, &r), 0);
	assert_int_equal(r.problems.n, 2);
	assert_int_equal(r.problems.v[0].line, 12);
	assert_non_null(strstr(r.problems.v[0].msg, "never occurs"));
	assert_int_equal(r.problems.v[1].line, 7);
	assert_int_equal(stored_events(), 0);
	import_report_free(&r);
	buf_free(&b);
}

static void
test_calendar_an_end_before_the_start_is_refused_at_dtend(void **state)
{
	struct import_report r;
	struct buf b = { 0 };

	(void)state;
	buf_adds(&b, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n"
	    "DTSTART;TZID=Europe/Berlin:20261201T100000\r\n"
	    "DTEND;TZID=America/New_York:20261201T050000\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20261201T100000Z\r\n"
	    "DTEND:20261201T100000Z\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20261201T100000Z\r\n"
	    "DTEND:20261201T095959Z\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20261201\r\n"
	    "SUMMARY:x\r\nDTEND;VALUE=DATE:20261130\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:e\r\nDTSTART:20261201T100000Z\r\n"
	    "DURATION:-PT1M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
	/* a ends at 11:00 Berlin, after it starts; b is an instant: both fine. */
	assert_int_equal(calendar(b.s, 0, &r), -1);
	assert_int_equal(r.problems.n, 3);
	assert_int_equal(r.problems.v[0].line, 15);
	assert_non_null(strstr(r.problems.v[0].msg, "DTEND 20261201T095959 (UTC) is "
	    "before DTSTART"));
	assert_int_equal(r.problems.v[1].line, 21);
	assert_int_equal(r.problems.v[2].line, 26);
	assert_non_null(strstr(r.problems.v[2].msg, "DURATION -PT1M is negative"));
	import_report_free(&r);
	assert_int_equal(calendar(b.s, 1, &r), 0);
	assert_int_equal(r.records, 2);
	import_report_free(&r);
	buf_free(&b);
}

/* The progress line (on a terminal) is told every 10,000 records read. */
static void
progress(void *arg, long records)
{
	struct buf *b = arg;

	buf_printf(b, "%ld ", records);
}

static void
test_the_progress_hook_hears_every_ten_thousand_records(void **state)
{
	struct buf text = { 0 }, heard = { 0 };
	struct import_report r;
	struct pw_error e;
	struct import_opts o = { .progress = progress, .progress_arg = &heard };

	(void)state;
	buf_adds(&text, "hostname\n");
	for (int i = 0; i < 25000; i++)
		buf_printf(&text, "h%d\n", i);
	o.path = file("many.csv", text.s);
	assert_int_equal(import_inventory(st, &o, &r, &e), 0);
	assert_int_equal(r.records, 25000);
	assert_string_equal(heard.s, "10000 20000 ");
	import_report_free(&r);
	buf_reset(&heard);
	buf_reset(&text);
	buf_adds(&text, "hostname,advisory,severity,released\n");
	for (int i = 0; i < 10000; i++)
		buf_printf(&text, "h%d,CVE-%d,low,2026-01-01\n", i, i);
	o.path = file("many-patches.csv", text.s);
	assert_int_equal(import_patches(st, &o, &r, &e), 0);
	assert_string_equal(heard.s, "10000 ");
	import_report_free(&r);
	buf_free(&text);
	buf_free(&heard);
}

/* A Qualys row names its host by DNS name, else IP: an EC2 host's DNS name
 * (ip-10-0-0-1.eu-central-1.compute.internal) is the cloud's, not the
 * inventory's, so the row's IP is tried when the name matches no asset; a
 * row neither names is refused, naming the DNS name. */
static void
test_qualys_row_matched_by_its_ip_when_its_dns_name_is_unknown(void **state)
{
	static const char head[] = "\"IP\",\"DNS\",\"QID\",\"Title\",\"Vuln Status\","
	    "\"Type\",\"Severity\",\"First Detected\",\"Last Detected\",\"CVE ID\","
	    "\"Vendor Reference\",\"Solution\"\n";
	struct buf text = { 0 };
	struct import_report r;
	struct pw_error e;
	struct import_opts o = { 0 };

	(void)state;
	assert_int_equal(inventory(file("ip.csv", "hostname,ip\nweb-01,10.0.0.1\n"
	    "db-02,10.0.0.2\n"), 0, &r), 0);
	import_report_free(&r);
	buf_adds(&text, head);
	buf_adds(&text, "\"10.0.0.1\",\"ip-10-0-0-1.eu-central-1.compute.internal\","
	    "\"38001\",\"t\",\"Active\",\"Vuln\",\"4\",\"11/20/2026 07:08:28\","
	    "\"11/24/2026 07:36:58\",\"CVE-2026-10001\",\"\",\"Upgrade.\"\n");
	o.path = file("q.csv", text.s);
	assert_int_equal(import_patches(st, &o, &r, &e), 0);
	assert_int_equal(r.records, 1);
	import_report_free(&r);
	buf_adds(&text, "\"10.9.9.9\",\"nowhere.example\",\"38002\",\"t\","
	    "\"Active\",\"Vuln\",\"4\",\"11/20/2026 07:08:28\","
	    "\"11/24/2026 07:36:58\",\"CVE-2026-10002\",\"\",\"Upgrade.\"\n");
	o.path = file("q2.csv", text.s);
	assert_int_equal(import_patches(st, &o, &r, &e), -1);
	assert_int_equal(r.problems.n, 1);
	assert_non_null(strstr(r.problems.v[0].msg, "host nowhere.example is not in "
	    "the inventory"));
	import_report_free(&r);
	buf_free(&text);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_one_bad_row_refuses_the_whole_csv),
		T(test_qualys_row_matched_by_its_ip_when_its_dns_name_is_unknown),
		T(test_reimport_reports_updates_and_retirements),
		T(test_csv_header_problems_are_fatal),
		T(test_csv_header_of_many_columns_is_checked_at_once),
		T(test_ec2_fields),
		T(test_ansible_list_json_merges_like_yaml),
		T(test_ansible_list_json_places_hosts_at_their_first_line),
		T(test_own_yaml_inventory),
		T(test_every_inventory_format_takes_reboot_pending),
		T(test_policy_problems_each_name_a_line),
		T(test_policy_durations_past_a_week),
		T(test_policy_concurrency_as_a_share),
		T(test_policy_reboot_pending_days),
		T(test_policy_cluster_gap),
		T(test_policy_stage_gate),
		T(test_brief_policy_imports),
		T(test_calendar_problems_refuse_and_notes_do_not),
		T(test_calendar_libical_warnings_fold_into_one),
		T(test_retiring_more_than_half_of_a_source_is_refused),
		T(test_an_inventory_listing_no_assets_is_refused_in_every_format),
		T(test_json_and_yaml_not_utf8_are_refused_at_the_line),
		T(test_released_pages_read_the_same),
		T(test_folder_files_opened_as_listed),
		T(test_csv_field_past_1_mib_refuses_the_import),
		T(test_billion_laughs_refused_by_patches_and_policy),
		T(test_calendar_more_than_ten_rrules_are_refused_at_the_eleventh),
		T(test_calendar_rdate_and_exdate_values_are_counted_per_event),
		T(test_calendar_occurrences_are_bounded_per_event_and_per_file),
		T(test_calendar_rules_that_cost_too_much_are_refused_at_their_line),
		T(test_calendar_an_end_before_the_start_is_refused_at_dtend),
		T(test_the_progress_hook_hears_every_ten_thousand_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
