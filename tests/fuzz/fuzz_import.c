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

static void
write_input(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
}
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#if defined(FUZZ_CSV)
	read_inventory(inv_read_csv, data, size);
	/* The same bytes as a pending-patches CSV, through the store. */
	char path[64];
	struct store *st = fuzz_store(path, sizeof path);
	struct import_opts o = { .path = path, .skip_invalid = 1, .source = "fuzz" };
	struct import_report r;
	struct pw_error e;
	write_input(path, data, size);
	memset(&r, 0, sizeof r);
	import_patches(st, &o, &r, &e);
	import_report_free(&r);
#elif defined(FUZZ_YAML)
	read_inventory(inv_read_yaml, data, size);
	read_inventory(inv_read_ansible, data, size);
#elif defined(FUZZ_JSON)
	read_inventory(inv_read_json, data, size);
#elif defined(FUZZ_ICAL)
	char path[64];
	struct store *st = fuzz_store(path, sizeof path);
	struct import_opts o = { .path = path, .kind = CAL_PROVIDER, .skip_invalid = 1,
	    .name = "fuzz" };
	struct import_report r;
	struct pw_error e;
	write_input(path, data, size);
	memset(&r, 0, sizeof r);
	if (import_calendar(st, &o, &r, &e) == 0) {
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
	import_report_free(&r);
#elif defined(FUZZ_POLICY)
	char path[64];
	struct store *st = fuzz_store(path, sizeof path);
	struct import_opts o = { .path = path };
	struct import_report r;
	struct pw_error e;
	write_input(path, data, size);
	memset(&r, 0, sizeof r);
	import_policy(st, &o, &r, &e);
	import_report_free(&r);
#else
#error "define one of FUZZ_CSV, FUZZ_YAML, FUZZ_JSON, FUZZ_ICAL, FUZZ_POLICY"
#endif
	return 0;
}
