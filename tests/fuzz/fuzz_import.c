/* libFuzzer targets, one per importer, chosen at build time with
 * -DFUZZ_CSV, -DFUZZ_YAML (patchwave YAML and Ansible inventories),
 * -DFUZZ_JSON, -DFUZZ_ICAL (import and expansion), -DFUZZ_CALCHECK (a
 * calendar imported beside a plan, then the check) or -DFUZZ_POLICY. Built
 * and run by `make fuzz` (clang, ASan, UBSan). Crashes, hangs, leaks and
 * undefined behaviour are findings; refusals are the importer working. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../import/import.h"
#include "../../import/inventory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if defined(FUZZ_CSV) || defined(FUZZ_YAML) || defined(FUZZ_JSON)
static int
put(struct inv_sink *s, struct asset *a)
{
	struct pw_error e;

	(void)s;
	asset_finish(a, &e);
	return 0;
}

/* Run one in-memory inventory reader over the bytes. */
static void
read_inventory(inv_reader *reader, const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	struct pw_diags problems = { 0 }, notes = { 0 };
	struct pw_error fatal = { 0 };
	struct inv_sink sink = { put, NULL, &notes };

	memcpy(copy, data, size);
	copy[size] = '\0';
	reader("fuzz", copy, size, &sink, &problems, &fatal);
	pw_diags_free(&problems);
	pw_diags_free(&notes);
	free(copy);
}
#endif

#if defined(FUZZ_CSV) || defined(FUZZ_ICAL) || defined(FUZZ_POLICY) || \
    defined(FUZZ_CALCHECK)
/* The file importers read a path into a database: both live in /dev/shm
 * (else /tmp), one per process, reused across inputs. */
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

/* The input written to the importers' file and imported by fn with these
 * options (path set here); the report is freed. fn's result; the store in
 * *stp for what comes after. */
static int
import_input(int (*fn)(struct store *, const struct import_opts *,
    struct import_report *, struct pw_error *), struct import_opts o,
    const uint8_t *data, size_t size, struct store **stp)
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
	int rc = fn(st, &o, &r, &e);
	import_report_free(&r);
	if (stp)
		*stp = st;
	return rc;
}
#endif

#ifdef FUZZ_CALCHECK
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
	if (import_input(import_policy, (struct import_opts){ 0 },
	    (const uint8_t *)setup_policy, sizeof setup_policy - 1, &st) != 0 ||
	    import_input(import_inventory, (struct import_opts){ .source = "cmdb" },
	    (const uint8_t *)setup_assets, sizeof setup_assets - 1, NULL) != 0 ||
	    import_input(import_patches, (struct import_opts){ .source = "scan" },
	    (const uint8_t *)setup_patches, sizeof setup_patches - 1, NULL) != 0 ||
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
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#if defined(FUZZ_CSV)
	read_inventory(inv_read_csv, data, size);
	/* The same bytes as a pending-patches CSV, through the store. */
	import_input(import_patches, (struct import_opts){ .skip_invalid = 1,
	    .source = "fuzz" }, data, size, NULL);
#elif defined(FUZZ_YAML)
	read_inventory(inv_read_yaml, data, size);
	read_inventory(inv_read_ansible, data, size);
#elif defined(FUZZ_JSON)
	read_inventory(inv_read_json, data, size);
#elif defined(FUZZ_ICAL)
	struct store *st;
	if (import_input(import_calendar, (struct import_opts){ .kind = CAL_PROVIDER,
	    .skip_invalid = 1, .name = "fuzz" }, data, size, &st) == 0) {
		struct pw_error e;
		struct calendar cal;
		int found;
		struct occ_list occ = { 0 };
		struct pw_diags w = { 0 };
		if (store_calendar_load(st, "fuzz", &cal, &found, &e) == 0 && found)
			cal_expand(&cal, 946684800, 1924992000, &occ, &w);
		occ_list_free(&occ);
		pw_diags_free(&w);
		calendar_free(&cal);
	}
#elif defined(FUZZ_CALCHECK)
	/* The same calendar as provider maintenance (scoped, so blocks go
	 * through the scope) and as allowed windows (slots); checked as
	 * `patchwave check` does only when both hold this input. */
	struct store *st = calcheck_store();
	int a = import_input(import_calendar, (struct import_opts){ .kind = CAL_PROVIDER,
	    .skip_invalid = 1, .name = "fuzz-provider",
	    .scope_json = "{\"provider\": [\"aws\"]}" }, data, size, NULL);
	int b = import_input(import_calendar, (struct import_opts){ .kind = CAL_WINDOW,
	    .skip_invalid = 1, .name = "fuzz-window" }, data, size, NULL);
	if (a == 0 && b == 0) {
		struct checked k;
		struct pw_diags w = { 0 };
		struct pw_error e;
		if (store_plan_check(st, &k, &w, &e) == 0)
			checked_free(&k);
		pw_diags_free(&w);
	}
#elif defined(FUZZ_POLICY)
	import_input(import_policy, (struct import_opts){ 0 }, data, size, NULL);
#else
#error "define one of FUZZ_CSV, FUZZ_YAML, FUZZ_JSON, FUZZ_ICAL, FUZZ_CALCHECK, FUZZ_POLICY"
#endif
	return 0;
}
