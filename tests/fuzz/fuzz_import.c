/* libFuzzer target: every inventory reader and the iCalendar importer on the
 * same bytes. Build and run with `make fuzz` (clang). Crashes, leaks and
 * undefined behaviour are findings; refusals are fine. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../import/csv.h"
#include "../../import/import.h"
#include "../../import/inventory.h"

static int
put(struct inv_sink *s, struct asset *a)
{
	struct pw_error e;

	(void)s;
	asset_finish(a, &e);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static inv_reader *const readers[] = { inv_read_csv, inv_read_yaml,
	    inv_read_ansible, inv_read_json };
	char *copy = malloc(size + 1);

	memcpy(copy, data, size);
	copy[size] = '\0';
	for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
		struct pw_diags problems = { 0 }, notes = { 0 };
		struct pw_error fatal = { 0 };
		struct inv_sink sink = { put, NULL, &notes };
		readers[i]("fuzz", copy, size, &sink, &problems, &fatal);
		pw_diags_free(&problems);
		pw_diags_free(&notes);
	}

	/* The calendar importer reads a file into a database. */
	static struct store *st;
	static char path[64];
	if (st == NULL) {
		struct pw_error e;
		snprintf(path, sizeof path, "/tmp/pw-fuzz-%d.ics", (int)getpid());
		char db[80];
		snprintf(db, sizeof db, "/tmp/pw-fuzz-%d.db", (int)getpid());
		unlink(db);
		if (store_open(db, &st, &e) != 0)
			abort();
	}
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, size, f);
	fclose(f);
	struct import_opts o = { .path = path, .kind = CAL_PROVIDER,
	    .skip_invalid = 1, .name = "fuzz" };
	struct import_report r;
	struct pw_error e;
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
	free(copy);
	return 0;
}
