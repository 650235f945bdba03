/* Shared import plumbing: reading files and reports. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/buf.h"
#include "import.h"

#define MAX_FILE_BYTES	(2048L * 1024 * 1024)

const char *
import_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int
import_read_file(const char *path, char **data, size_t *len, struct pw_error *err)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	char *p;

	*data = NULL;
	*len = 0;
	if (f == NULL) {
		pw_error_set(err, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		pw_error_set(err, path, 0, "not a regular file");
		fclose(f);
		return -1;
	}
	if (sb.st_size > MAX_FILE_BYTES) {
		pw_error_set(err, path, 0, "larger than 2 GiB");
		fclose(f);
		return -1;
	}
	p = xmalloc((size_t)sb.st_size + 1);
	size_t n = fread(p, 1, (size_t)sb.st_size, f);
	if (ferror(f)) {
		pw_error_set(err, path, 0, "cannot read: %s", strerror(errno));
		free(p);
		fclose(f);
		return -1;
	}
	fclose(f);
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
}

void
import_report_free(struct import_report *r)
{
	pw_diags_free(&r->problems);
	pw_diags_free(&r->notes);
	for (size_t i = 0; i < r->nremoved; i++)
		free(r->removed_names[i]);
	free(r->removed_names);
	cal_changes_free(&r->changes);
	memset(r, 0, sizeof *r);
}
