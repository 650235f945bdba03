/* The one import skeleton: every kind of import (inventory, patches, calendar,
 * policy) in any format takes these steps, in one transaction that lands the
 * file whole or not at all:
 *   read the file (or the files: a format that joins several, as AWS
 *     Health's listings, takes them all); pick its format (--format NAME,
 *     or the sniffs);
 *   BEGIN IMMEDIATE; record the import (store_import_begin); the kind's begin;
 *   run the format's reader into the kind's sink (pure: bytes in, values out;
 *     the sink's put stores each record, import_record() sorts what became
 *     of it);
 *   the problems rule: a problem with the file as a whole always refuses it;
 *     any invalid record refuses it unless --skip-invalid, which lands the
 *     rest (the kind's whole: a policy is one record);
 *   the kind's finish (retire, resolve, replace, audit); COMMIT; the report.
 * The kinds' steps are in inventory.c, patches.c, calendar.c and policy.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/sha256.h"
#include "skeleton.h"

static const struct import_kind_ops *const kinds[IMPORT_KIND_COUNT] = {
	[IMPORT_INVENTORY] = &import_kind_inventory,
	[IMPORT_PATCHES] = &import_kind_patches,
	[IMPORT_CALENDAR] = &import_kind_calendar,
	[IMPORT_POLICY] = &import_kind_policy,
	[IMPORT_ADVISORIES] = &import_kind_advisories,
};

const char *
import_source_named(const struct import_opts *o, struct buf *b)
{
	(void)b;
	return o->source ? o->source : import_base_name(o->path);
}

int
import_record(struct import_run *run, int rc, long line, const struct pw_error *e)
{
	const struct import_opts *o = run->opts;

	if (++run->seen % 10000 == 0 && o->progress)
		o->progress(o->progress_arg, run->seen);
	if (rc < 0) {
		*run->fatal = *e;
		run->failed = 1;
		return -1;
	}
	if (rc > 0)
		pw_diags_add(&run->report->problems, o->path, line, "%s", e->msg);
	else
		run->report->records++;
	return 0;
}

/* Dropped this much at a time: a few calls a file, each past what the
 * kernel reads ahead. */
#define RELEASE_BYTES	((size_t)8 << 20)

void
import_passed(struct import_run *run, size_t upto)
{
	if (upto < run->released)
		run->released = 0;	/* a pass from the start again */
	if (upto < run->released + RELEASE_BYTES || upto > run->len)
		return;
	import_release_file(run->data, run->len, upto);
	run->released = upto;
}

void
import_removed(struct import_report *r, const char *name)
{
	r->removed_names = xrealloc(r->removed_names,
	    (r->nremoved + 1) * sizeof *r->removed_names);
	r->removed_names[r->nremoved++] = xstrdup(name);
}

/* The digest's pass over a mapped file drops its pages behind it: read
 * whole before the reader starts, a 332 MB scan export stayed resident
 * (389 MiB at its peak, not 132), which the reader's own dropping
 * (import_passed) was there to prevent. */
static void
digest_passed(void *arg, size_t upto)
{
	const struct import_part *part = arg;

	import_release_file(part->data, part->len, upto);
}

static void
digest_part(const struct import_part *part, char hex[SHA256_HEX_LEN + 1])
{
	sha256_hex_steps(part->data, part->len, RELEASE_BYTES, digest_passed,
	    (void *)part, hex);
}

/* What a patches import read, for the evidence verify cites: the SHA-256
 * of its file, or of its files' digests one a line in the order read. */
static int
digest_parts(struct import_run *run, struct pw_error *err)
{
	char hex[SHA256_HEX_LEN + 1];
	struct buf b = { 0 };
	int rc;

	if (run->nparts == 1)
		digest_part(&run->parts[0], hex);
	else {
		for (size_t i = 0; i < run->nparts; i++) {
			digest_part(&run->parts[i], hex);
			buf_printf(&b, "%s\n", hex);
		}
		sha256_hex(buf_str(&b), b.len, hex);
	}
	buf_free(&b);
	rc = store_import_digest(run->imp, hex, err);
	return rc;
}

/* Everything after the file is read and its format known: the transaction. */
static int
run_import(struct import_run *run, const struct import_kind_ops *k,
    const struct import_format *f, struct pw_error *err)
{
	const struct import_opts *o = run->opts;
	struct import_report *r = run->report;

	if (store_begin(run->store, err) != 0)
		return -1;
	if ((run->imp = store_import_begin(run->store, k->name, run->source, o->path,
	    err)) == NULL || (k->begin && k->begin(run, err) != 0))
		goto fail;
	if (strcmp(k->name, "patches") == 0 && digest_parts(run, err) != 0)
		goto fail;
	if (k->read(run, f, err) != 0 || run->failed)
		goto fail;
	if (r->problems.n > 0 && (k->whole || !o->skip_invalid)) {
		size_t n = pw_diags_total(&r->problems);
		pw_error_set(err, o->path, 0, "%zu %s%s: %s%s", n, k->problem,
		    n == 1 ? "" : "s", k->refused, k->whole ? "" :
		    " (fix them, or --skip-invalid imports the valid ones and exits 3)");
		goto fail;
	}
	if ((k->finish && k->finish(run, err) != 0) ||
	    store_commit(run->store, err) != 0)
		goto fail;
	r->landed = 1;
	return 0;
fail:
	store_rollback(run->store);
	return -1;
}

/* Read the files o names (import_files: folders opened out) into
 * run->parts, their paths owned by the report (an error names one); the
 * caller frees them with parts_free, read or not. */
static int
parts_read(struct import_run *run, struct pw_error *err)
{
	const struct import_opts *o = run->opts;
	struct import_report *r = run->report;
	const char **given = xmalloc((o->nmore + 1) * sizeof *given);
	int rc;

	given[0] = o->path;
	for (size_t i = 0; i < o->nmore; i++)
		given[i + 1] = o->more[i];
	int *fds;

	rc = import_files(given, o->nmore + 1, &r->files, &fds, &r->nfiles, err);
	free(given);
	run->parts = xcalloc(r->nfiles ? r->nfiles : 1, sizeof *run->parts);
	for (size_t i = 0; i < r->nfiles; i++) {
		struct import_part *p = &run->parts[i];
		char *data;
		p->path = r->files[i];
		if (rc != 0) {		/* a folder's opened already: closed */
			if (fds[i] >= 0)
				close(fds[i]);
			continue;
		}
		rc = fds[i] >= 0 ? import_read_fd(fds[i], p->path, &data, &p->len, err) :
		    import_read_file(p->path, &data, &p->len, err);
		if (rc == 0) {
			p->data = data;
			run->nparts = i + 1;
		}
	}
	free(fds);
	return rc;
}

static void
parts_free(struct import_run *run)
{
	/* import_read_file's: the parts hold it read-only. */
	for (size_t i = 0; i < run->nparts; i++)
		import_free_file((char *)(uintptr_t)run->parts[i].data,
		    run->parts[i].len);
	free(run->parts);
}

/* Several files (or a folder) only for a format that joins them, each of
 * them in it when the sniffs picked it. */
static int
parts_check(struct import_run *run, const struct import_format *f, int sniffed,
    struct pw_error *err)
{
	const struct import_opts *o = run->opts;

	if (run->nparts == 1 && strcmp(run->parts[0].path, o->path) == 0)
		return 0;
	if (!import_format_several(f)) {
		pw_error_set(err, o->path, 0, "%s reads one file at a time, not "
		    "%s", f->name, o->nmore ? "several" : "a folder");
		return -1;
	}
	for (size_t i = 1; sniffed && f->sniff && i < run->nparts; i++)
		if (f->sniff(run->parts[i].data, run->parts[i].len) == SNIFF_NO) {
			pw_error_set(err, run->parts[i].path, 1, "not %s, as %s "
			    "is: import each on its own", f->name,
			    run->parts[0].path);
			return -1;
		}
	return 0;
}

/* kind's formats, "ics, ec2-events or aws-health", into b. */
static void
format_names(enum import_kind kind, struct buf *b)
{
	const char *names[32];
	size_t n = import_formats(kind, names, 32);

	for (size_t i = 0; i < n && i < 32; i++)
		buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
		    names[i]);
}

int
import_run(struct store *s, enum import_kind kind, const struct import_opts *o,
    struct import_report *r, struct pw_error *err)
{
	const struct import_kind_ops *k = kinds[kind];
	const struct import_format *f, *other;
	struct import_run run = { .store = s, .opts = o, .report = r, .fatal = err };
	struct buf source = { 0 };
	int named = o->format && strcmp(o->format, "auto") != 0;
	int rc = -1;

	memset(r, 0, sizeof *r);
	if (parts_read(&run, err) != 0)
		goto out;
	run.data = run.parts[0].data;
	run.len = run.parts[0].len;
	if (named)
		f = import_format_find(kind, o->format);
	else
		f = import_format_sniff(kind, run.parts[0].path, run.data, run.len);
	if (f == NULL && named) {
		pw_error_set(err, o->path, 0, "no %s format is called %.40s", k->name,
		    o->format);
		goto out;
	}
	/* A guess (nothing in the bytes says: CSAF's any JSON object,
	 * updateinfo's any XML) gives way to a format of another import sure
	 * of the file: its reader would refuse it for what it is not. An
	 * inventory's readers take anything, so they keep their guess. */
	if (f != NULL && !named && kind != IMPORT_INVENTORY && (f->sniff == NULL ||
	    f->sniff(run.data, run.len) != SNIFF_YES) &&
	    import_format_elsewhere(kind, run.data, run.len) != NULL)
		f = NULL;
	if (f == NULL) {
		other = import_format_elsewhere(kind, run.data, run.len);
		if (other)
			pw_error_set(err, run.parts[0].path, 1, "no %s format reads "
			    "this file: it is %s, which import %s reads", k->name,
			    other->name, kinds[other->kind]->name);
		else {
			struct buf fl = { 0 };
			format_names(kind, &fl);
			pw_error_set(err, run.parts[0].path, 1, "no %s format reads "
			    "this file (JSON or XML that none of %s knows): "
			    "--format names one if it is in one of them", k->name,
			    buf_str(&fl));
			buf_free(&fl);
		}
		goto out;
	}
	if (parts_check(&run, f, !named, err) != 0)
		goto out;
	r->format = f->name;
	run.source = k->source(o, &source);
	run.state = xcalloc(1, k->state_size ? k->state_size : 1);
	rc = run_import(&run, k, f, err);
	/* A file another kind's format is sure of, read by a guess that
	 * failed (an inventory's JSON takes any JSON): say which it is. */
	if (rc != 0 && !named && (other = import_format_elsewhere(kind, run.data,
	    run.len)) != NULL)
		pw_diags_add(&r->notes, run.parts[0].path, 0, "it is %s, which "
		    "import %s reads, not %s %s format", other->name,
		    kinds[other->kind]->name, strchr("aeiou", k->name[0]) ?
		    "an" : "a", k->name);
	store_import_end(run.imp);
	if (k->done)
		k->done(&run);
	free(run.state);
out:
	buf_free(&source);
	parts_free(&run);
	return rc;
}

int
import_inventory(struct store *s, const struct import_opts *o,
    struct import_report *r, struct pw_error *err)
{
	return import_run(s, IMPORT_INVENTORY, o, r, err);
}

int
import_patches(struct store *s, const struct import_opts *o,
    struct import_report *r, struct pw_error *err)
{
	return import_run(s, IMPORT_PATCHES, o, r, err);
}

int
import_calendar(struct store *s, const struct import_opts *o,
    struct import_report *r, struct pw_error *err)
{
	return import_run(s, IMPORT_CALENDAR, o, r, err);
}

int
import_advisories(struct store *s, const struct import_opts *o,
    struct import_report *r, struct pw_error *err)
{
	return import_run(s, IMPORT_ADVISORIES, o, r, err);
}

int
import_policy(struct store *s, const struct import_opts *o,
    struct import_report *r, struct pw_error *err)
{
	return import_run(s, IMPORT_POLICY, o, r, err);
}
