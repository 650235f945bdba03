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

struct pw_error *
pw_diags_add(struct pw_diags *d, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	d->v = xgrow(d->v, &d->cap, d->n, sizeof *d->v);
	va_start(ap, fmt);
	error_vset(&d->v[d->n], file, line, fmt, ap);
	va_end(ap);
	return &d->v[d->n++];
}

void
pw_diags_add_error(struct pw_diags *d, const struct pw_error *e)
{
	d->v = xgrow(d->v, &d->cap, d->n, sizeof *d->v);
	d->v[d->n++] = *e;
}

void
pw_diags_free(struct pw_diags *d)
{
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
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
