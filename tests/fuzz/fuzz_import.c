/* libFuzzer targets, one per importer, chosen at build time with
 * -DFUZZ_CSV, -DFUZZ_YAML (patchwave YAML and Ansible inventories),
 * -DFUZZ_JSON, -DFUZZ_ICAL (import and expansion) or -DFUZZ_POLICY. Built
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

#if defined(FUZZ_CSV) || defined(FUZZ_ICAL) || defined(FUZZ_POLICY)
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
#elif defined(FUZZ_POLICY)
	import_input(import_policy, (struct import_opts){ 0 }, data, size, NULL);
#else
#error "define one of FUZZ_CSV, FUZZ_YAML, FUZZ_JSON, FUZZ_ICAL, FUZZ_POLICY"
#endif
	return 0;
}
