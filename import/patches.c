/* Pending patches landing (the skeleton's patches kind): each patch read is
 * stored against the asset it names; the source's patches the file no longer
 * lists are marked resolved (installed). */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "skeleton.h"

static const char *
patches_source(const struct import_opts *o, struct buf *b)
{
	(void)b;
	return o->source ? o->source : import_base_name(o->path);
}

static int
patches_put(struct patch_sink *sink, struct patch *p)
{
	struct import_run *run = sink->arg;
	struct pw_error e = { 0 };
	int rc = patch_finish(p, &e) != 0 ? 1 : store_patch_put(run->imp, p, &e);

	return import_record(run, rc, p->line, &e);
}

static int
patches_read(struct import_run *run, const struct import_format *f,
    struct pw_error *err)
{
	struct patch_sink sink = { patches_put, run, &run->report->notes };

	return f->read.patches(run->opts->path, run->data, run->len, &sink,
	    &run->report->problems, err);
}

static void
note_resolved(void *arg, const char *asset, const char *advisory)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s %s", asset, advisory);
	import_removed(arg, b.s);
	buf_free(&b);
}

static int
patches_finish(struct import_run *run, struct pw_error *err)
{
	struct store_counts counts;

	if (store_patches_finish(run->imp, note_resolved, run->report, &counts,
	    err) != 0)
		return -1;
	run->report->removed = counts.retired;
	return 0;
}

const struct import_kind_ops import_kind_patches = {
	.name = "patches",
	.problem = "invalid record",
	.refused = "nothing imported",
	.source = patches_source,
	.read = patches_read,
	.finish = patches_finish,
};
