/* Pending patches from CSV: a header row names hostname, advisory, severity,
 * released and optionally reboot (or their aliases, model/patch.c); other
 * columns are ignored. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "csv.h"
#include "patches.h"

int
patch_read_csv(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct csv_reader *r = csv_open(data, len, 0);
	struct csv_record rec;
	struct pw_error e = { 0 };
	int *field = NULL;
	size_t ncols = 0;
	int rc, ret = -1, have[PF_COUNT] = { 0 };

	rc = csv_next(r, &rec, &e);
	if (rc < 0 && csv_encoding_fatal(r, path, fatal))
		goto out;
	if (rc <= 0) {
		pw_error_set(fatal, path, rc ? e.line : 0, "%s",
		    rc ? e.msg : "empty file: no header row");
		goto out;
	}
	ncols = rec.n;
	field = xcalloc(ncols, sizeof *field);
	for (size_t i = 0; i < ncols; i++)
		if ((field[i] = patch_field_lookup(rec.fields[i])) >= 0)
			have[field[i]] = 1;
	for (int f = PF_ASSET; f <= PF_RELEASED; f++)
		if (!have[f]) {
			/* named as the list after it names it (asset is an alias) */
			pw_error_set(fatal, path, rec.line, "no '%s' column (the "
			    "header needs hostname, advisory, severity, released and "
			    "optionally reboot)", f == PF_ASSET ? "hostname" :
			    patch_field_name((enum patch_field)f));
			goto out;
		}
	while ((rc = csv_next_row(r, path, ncols, &rec, problems, fatal)) > 0) {
		struct patch p;
		int bad = 0;

		patch_init(&p);
		p.line = rec.line;
		for (size_t i = 0; i < ncols && !bad; i++) {
			if (field[i] >= 0 && patch_field_set(&p,
			    (enum patch_field)field[i], rec.fields[i], &e) != 0) {
				pw_diags_add(problems, path, rec.line, "%s", e.msg);
				bad = 1;
			}
		}
		if (!bad && sink->put(sink, &p) != 0) {
			patch_clear(&p);
			goto out;
		}
		patch_clear(&p);
		/* The patch was a copy: nothing points behind the cursor. */
		if (sink->passed)
			sink->passed(sink, csv_offset(r));
	}
	if (rc < 0)
		goto out;
	ret = 0;
out:
	free(field);
	csv_free(r);
	return ret;
}
