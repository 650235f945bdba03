/* libFuzzer targets, one binary each, chosen at build time with
 * -DFUZZ_TARGET="NAME" (make builds build/fuzz/fuzz_NAME for each NAME of the
 * Makefile's FUZZ_TARGETS). A target runs readers of import/formats.c over
 * each input in memory, through a sink like the importer's own (records
 * finished as the store would take them, a calendar expanded), with no
 * database; calcheck alone imports into one and checks the plan. Crashes,
 * hangs, leaks and undefined behaviour are findings; refusals are the readers
 * working. Adding a format's target is a row of targets[] and a name in
 * FUZZ_TARGETS. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../import/formats.h"
#include "../../import/import.h"
#include "../../model/undo_pack.h"

#ifndef FUZZ_TARGET
#error "build with -DFUZZ_TARGET=\"NAME\", a name of targets[] (make does)"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void calcheck(const char *data, size_t size);
static void undo_blob(const char *data, size_t size);

/* A format of import/formats.c: its kind and name. */
struct format_ref {
	enum import_kind	 kind;
	const char		*name;
};

/* Each target: the formats whose readers it runs over every input, and what
 * else it does with the input (NULL: nothing). */
static const struct target {
	const char		*name;
	struct format_ref	 formats[4];
	void			(*also)(const char *data, size_t size);
} targets[] = {
	{ "csv", { { IMPORT_INVENTORY, "csv" }, { IMPORT_PATCHES, "csv" } }, NULL },
	{ "yaml", { { IMPORT_INVENTORY, "yaml" }, { IMPORT_INVENTORY, "ansible" },
	    { IMPORT_PATCHES, "yaml" } }, NULL },
	{ "json", { { IMPORT_INVENTORY, "json" } }, NULL },
	{ "ical", { { IMPORT_CALENDAR, "ics" } }, NULL },
	{ "ec2-events", { { IMPORT_CALENDAR, "ec2-events" } }, NULL },
	{ "gcp-maintenance", { { IMPORT_CALENDAR, "gcp-maintenance" } }, NULL },
	{ "azure-maintenance", { { IMPORT_CALENDAR, "azure-maintenance" } },
	    NULL },
	{ "rds-pending", { { IMPORT_CALENDAR, "rds-pending" } }, NULL },
	{ "aws-health", { { IMPORT_CALENDAR, "aws-health" } }, NULL },
	{ "ssm-windows", { { IMPORT_CALENDAR, "ssm-windows" } }, NULL },
	{ "policy", { { IMPORT_POLICY, "yaml" } }, NULL },
	{ "dnf", { { IMPORT_PATCHES, "dnf4" }, { IMPORT_PATCHES, "yum-list-sec" } },
	    NULL },
	{ "dnf5", { { IMPORT_PATCHES, "dnf5" } }, NULL },
	{ "apt", { { IMPORT_PATCHES, "apt" } }, NULL },
	{ "csaf", { { IMPORT_ADVISORIES, "csaf" } }, NULL },
	{ "updateinfo", { { IMPORT_ADVISORIES, "updateinfo" } }, NULL },
	{ "nessus", { { IMPORT_PATCHES, "nessus" } }, NULL },
	{ "nessus-csv", { { IMPORT_PATCHES, "nessus-csv" } }, NULL },
	{ "tenable-sc", { { IMPORT_PATCHES, "tenable-sc" } }, NULL },
	{ "tenable-vm", { { IMPORT_PATCHES, "tenable-vm" } }, NULL },
	{ "qualys-vmdr", { { IMPORT_PATCHES, "qualys-vmdr" } }, NULL },
	{ "qualys-xml", { { IMPORT_PATCHES, "qualys-xml" } }, NULL },
	{ "calcheck", { { 0, NULL } }, calcheck },
	/* not an importer: an undo step's blobs, read back from a database */
	{ "undo-blob", { { 0, NULL } }, undo_blob },
	/* cloud patch state */
	{ "ssm-patches", { { IMPORT_PATCHES, "ssm-patches" } }, NULL },
	{ "ssm-states", { { IMPORT_PATCHES, "ssm-states" } }, NULL },
	{ "ssm-compliance", { { IMPORT_PATCHES, "ssm-compliance" } }, NULL },
	{ "ssm-available", { { IMPORT_ADVISORIES, "ssm-available" } }, NULL },
	{ "azure-assess", { { IMPORT_PATCHES, "azure-assess" } }, NULL },
	{ "xccdf", { { IMPORT_PATCHES, "xccdf" } }, NULL },
};

/* ---- the sinks: what the importer's would do, without the store ---------- */

static int
put_asset(struct inv_sink *s, struct asset *a)
{
	struct pw_error e;

	(void)s;
	asset_finish(a, &e);
	return 0;
}

/* Finished and completed as the landing does, under the default policy
 * (its severity scales and release fallback). */
static int
put_patch(struct patch_sink *s, struct patch *p)
{
	static struct policy pol;
	static int made;
	struct pw_error e;

	(void)s;
	if (!made) {
		policy_init(&pol);
		made = 1;
	}
	if (patch_finish(p, 1, &e) == 0)
		policy_complete_patch(&pol, p, "2026-11-29", &e);
	return 0;
}

/* The calendar read, expanded over 2000-2031 as the planner would. */
static int
put_calendar(struct cal_sink *s, struct calendar *cal)
{
	struct occ_list occ = { 0 };
	struct pw_diags w = { 0 };

	(void)s;
	cal_expand(cal, 946684800, 1924992000, &occ, &w);
	occ_list_free(&occ);
	pw_diags_free(&w);
	return 0;
}

static int
put_policy(struct policy_sink *s, struct policy *p, const struct policy_lines *lines)
{
	(void)s;
	(void)p;
	(void)lines;
	return 0;
}

/* Run one format's reader over text[0..size) (NUL-terminated). */
static void
read_format(const struct import_format *f, const char *text, size_t size)
{
	struct pw_diags problems = { 0 }, notes = { 0 };
	struct pw_error fatal = { 0 };

	switch (f->kind) {
	case IMPORT_INVENTORY: {
		struct inv_sink sink = { put_asset, NULL, &notes, NULL };
		f->read.inventory("fuzz", text, size, &sink, &problems, &fatal);
		break;
	}
	case IMPORT_PATCHES:
	case IMPORT_ADVISORIES: {	/* an advisory is a patch with no host */
		struct patch_sink sink = { .put = put_patch, .notes = &notes };
		f->read.patches("fuzz", text, size, &sink, &problems, &fatal);
		free(sink.host);
		break;
	}
	case IMPORT_CALENDAR: {
		/* As an import with --skip-invalid at 2026-11-23: every cost
		 * bound is checked. */
		struct cal_sink sink = { .put = put_calendar, .notes = &notes,
		    .now = 1795392000, .days = CAL_IMPORT_DAYS,
		    .skip_invalid = 1, .asset = "fuzz" };
		f->read.calendar("fuzz", text, size, &sink, &problems, &fatal);
		break;
	}
	case IMPORT_POLICY: {
		struct policy_sink sink = { put_policy, NULL, &notes, 1795000000 };
		f->read.policy("fuzz", text, size, &sink, &problems, &fatal);
		break;
	}
	default:
		abort();
	}
	pw_diags_free(&problems);
	pw_diags_free(&notes);
}

/* ---- calcheck: a calendar imported beside a plan, then the check ---------- */

/* The importers read a path into a database: both live in /dev/shm (else
 * /tmp), one per process, reused across inputs. */
static struct store *
fuzz_store(char *file, size_t n)
{
	static struct store *st;
	static char path[64];

	if (st == NULL) {
		struct pw_error e;
		char db[80];
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(path, sizeof path, "%s/pw-fuzz-%d.in", dir, (int)getpid());
		snprintf(db, sizeof db, "%s/pw-fuzz-%d.db", dir, (int)getpid());
		unlink(db);
		if (store_open(db, &st, &e) != 0)
			abort();
	}
	snprintf(file, n, "%s", path);
	return st;
}

/* The input written to the importers' file and imported as kind with these
 * options (path set here); the report is freed. import_run's result; the
 * store in *stp for what comes after. */
static int
import_input(enum import_kind kind, struct import_opts o, const char *data,
    size_t size, struct store **stp)
{
	char path[64];
	struct store *st = fuzz_store(path, sizeof path);
	struct import_report r;
	struct pw_error e;
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	o.path = path;
	memset(&r, 0, sizeof r);
	int rc = import_run(st, kind, &o, &r, &e);
	import_report_free(&r);
	if (stp)
		*stp = st;
	return rc;
}

/* A policy, four assets with pending patches and a stored plan made at
 * 2026-11-23: the database each calendar is checked against, made once. */
static const char setup_policy[] =
    "timezone: Europe/Berlin\nhorizon_days: 56\n"
    "sla_days: {critical: 7, high: 14, medium: 30, low: 90}\n"
    "windows:\n"
    "  - {name: tue, rrule: FREQ=WEEKLY;BYDAY=TU, start: \"02:00\", duration: 4h,"
    " concurrency: 2}\n"
    "  - {name: ptp4, rrule: FREQ=MONTHLY;BYDAY=2TU, offset_days: 4,"
    " start: \"22:00\", duration: 6h, concurrency: 2}\n";
static const char setup_assets[] =
    "hostname,environment,provider,region,zone,cluster,patch_minutes\n"
    "web-1,prod,aws,eu-central-1,eu-central-1b,web,20\n"
    "web-2,prod,aws,eu-central-1,eu-central-1c,web,20\n"
    "db-1,prod,aws,us-east-1,us-east-1a,,45\n"
    "dev-1,dev,onprem,,,,10\n";
static const char setup_patches[] =
    "hostname,advisory,severity,released\n"
    "web-1,CVE-2026-1,critical,2026-11-17\nweb-2,CVE-2026-1,critical,2026-11-17\n"
    "db-1,CVE-2026-2,high,2026-11-10\ndev-1,CVE-2026-3,low,2026-10-20\n";

static struct store *
calcheck_store(void)
{
	static struct store *st;
	struct pw_error e;
	struct pw_diags w = { 0 };
	struct plan_data d;
	struct plan p;
	const int64_t now = 1795392000;	/* 2026-11-23T00:00:00Z */

	if (st != NULL)
		return st;
	if (import_input(IMPORT_POLICY, (struct import_opts){ 0 }, setup_policy,
	    sizeof setup_policy - 1, &st) != 0 ||
	    import_input(IMPORT_INVENTORY, (struct import_opts){ .source = "cmdb" },
	    setup_assets, sizeof setup_assets - 1, NULL) != 0 ||
	    import_input(IMPORT_PATCHES, (struct import_opts){ .source = "scan" },
	    setup_patches, sizeof setup_patches - 1, NULL) != 0 ||
	    store_plan_data_load(st, now, 0, 0, &d, &w, &e) != 0)
		abort();
	if (plan_make(&d.in, &p) != 0 || p.n == 0)
		abort();	/* nothing planned: nothing to check against */
	if (store_begin(st, &e) != 0 || store_plan_save(st, &d, &p, &e) != 0 ||
	    store_commit(st, &e) != 0)
		abort();
	plan_free(&p);
	plan_data_free(&d);
	pw_diags_free(&w);
	return st;
}

/* The same calendar as provider maintenance (scoped, so blocks go through the
 * scope) and as allowed windows (slots); checked as `patchwave check` does
 * only when both hold this input. */
static void
calcheck(const char *data, size_t size)
{
	struct store *st = calcheck_store();
	int a = import_input(IMPORT_CALENDAR, (struct import_opts){ .kind = CAL_PROVIDER,
	    .skip_invalid = 1, .name = "fuzz-provider",
	    .scope_json = "{\"provider\": [\"aws\"]}" }, data, size, NULL);
	int b = import_input(IMPORT_CALENDAR, (struct import_opts){ .kind = CAL_WINDOW,
	    .skip_invalid = 1, .name = "fuzz-window" }, data, size, NULL);

	if (a == 0 && b == 0) {
		struct checked k;
		struct pw_diags w = { 0 };
		struct pw_error e;
		if (store_plan_check(st, &k, &w, &e) == 0)
			checked_free(&k);
		pw_diags_free(&w);
	}
}

/* An undo step's blobs as read back from a database (model/undo_pack.c):
 * any bytes are refused or unpacked, never read past (a copy of exactly
 * size bytes, not the NUL-terminated text, so that a read one byte past is
 * caught); what unpacks packs again and unpacks to the same values. The
 * input is tried as either blob. */
static void
undo_blob(const char *data, size_t size)
{
	unsigned char *b = malloc(size);
	struct undo_member *m, *m2;
	int64_t *ids, *ids2;
	unsigned char *again;
	size_t n, n2, len;
	struct pw_error e;

	if (b == NULL)
		return;
	if (size)
		memcpy(b, data, size);

	if (undo_unpack_members(b, size, &m, &n, &e) == 0) {
		if (undo_pack_members(m, n, &again, &len, &e) != 0 ||
		    undo_unpack_members(again, len, &m2, &n2, &e) != 0 || n2 != n)
			abort();
		for (size_t i = 0; i < n; i++)
			if (m[i].asset_id != m2[i].asset_id ||
			    m[i].wave_id != m2[i].wave_id ||
			    m[i].start_utc != m2[i].start_utc ||
			    m[i].end_utc != m2[i].end_utc || m[i].pinned != m2[i].pinned)
				abort();
		free(again);
		free(m2);
	} else if (m != NULL || n != 0)
		abort();
	free(m);
	if (undo_unpack_ids(b, size, &ids, &n, &e) == 0) {
		if (undo_pack_ids(ids, n, &again, &len, &e) != 0 ||
		    undo_unpack_ids(again, len, &ids2, &n2, &e) != 0 || n2 != n ||
		    (n && memcmp(ids, ids2, n * sizeof *ids) != 0))
			abort();
		free(again);
		free(ids2);
	} else if (ids != NULL || n != 0)
		abort();
	free(ids);
	free(b);
}

/* The row of targets[] this binary was built for. */
static const struct target *
this_target(void)
{
	static const struct target *t;

	if (t != NULL)
		return t;
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++)
		if (strcmp(targets[i].name, FUZZ_TARGET) == 0)
			t = &targets[i];
	if (t == NULL) {
		fprintf(stderr, "fuzz: no target %s in targets[]\n", FUZZ_TARGET);
		abort();
	}
	for (size_t i = 0; i < 4 && t->formats[i].name; i++)
		if (import_format_find(t->formats[i].kind, t->formats[i].name) == NULL) {
			fprintf(stderr, "fuzz: %s: no format %s\n", t->name,
			    t->formats[i].name);
			abort();
		}
	return t;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct target *t = this_target();
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';	/* as import_read_file hands it over */
	for (size_t i = 0; i < 4 && t->formats[i].name; i++)
		read_format(import_format_find(t->formats[i].kind,
		    t->formats[i].name), text, size);
	if (t->also)
		t->also(text, size);
	free(text);
	return 0;
}
