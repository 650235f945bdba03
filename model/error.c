/* Error values and problem lists. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "error.h"

static void
error_vset(struct pw_error *e, const char *file, long line, const char *fmt,
    va_list ap)
{
	e->file = file;
	e->line = line;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

void
pw_error_set(struct pw_error *e, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	error_vset(e, file, line, fmt, ap);
	va_end(ap);
}

/* The list's own copy of file: the last one when it names the same file
 * (a file's problems come together), else a new one. */
static const char *
diags_file(struct pw_diags *d, const char *file)
{
	if (file == NULL)
		return NULL;
	if (d->nfiles > 0 && strcmp(d->files[d->nfiles - 1], file) == 0)
		return d->files[d->nfiles - 1];
	d->files = xgrow(d->files, &d->capfiles, d->nfiles, sizeof *d->files);
	d->files[d->nfiles] = xstrdup(file);
	return d->files[d->nfiles++];
}

struct pw_error *
pw_diags_add(struct pw_diags *d, const char *file, long line, const char *fmt, ...)
{
	va_list ap;
	struct pw_error *e = &d->spare;

	if (d->n < PW_DIAGS_KEEP) {
		d->v = xgrow(d->v, &d->cap, d->n, sizeof *d->v);
		e = &d->v[d->n++];
		file = diags_file(d, file);
	} else {
		d->more++;
		file = NULL;	/* not kept: its name need not be */
	}
	va_start(ap, fmt);
	error_vset(e, file, line, fmt, ap);
	va_end(ap);
	return e;
}

size_t
pw_diags_total(const struct pw_diags *d)
{
	return d->n + d->more;
}

void
pw_diags_free(struct pw_diags *d)
{
	for (size_t i = 0; i < d->nfiles; i++)
		free(d->files[i]);
	free(d->files);
	free(d->v);
	d->v = NULL;
	d->files = NULL;
	d->n = d->cap = d->more = d->nfiles = d->capfiles = 0;
}

void
pw_error_format(const struct pw_error *e, char *out, size_t outsz)
{
	if (e->file && e->line > 0)
		snprintf(out, outsz, "%s:%ld: %s", e->file, e->line, e->msg);
	else if (e->file)
		snprintf(out, outsz, "%s: %s", e->file, e->msg);
	else
		snprintf(out, outsz, "%s", e->msg);
}
