/* Inventory landing (the skeleton's inventory kind): each asset read is
 * stored by key; what the source no longer lists is retired (within the
 * retire bound) and leaves the plan. */
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "skeleton.h"

/* The inventory kind's state: the source's active assets before the import. */
struct inv_state {
	long	before;
};

/* The source's size, for the retire bound: nothing is seen yet. */
static int
inventory_begin(struct import_run *run, struct pw_error *err)
{
	struct inv_state *st = run->state;

	if (run->opts->allow_retire)
		return 0;
	return store_assets_unseen(run->imp, &st->before, err);
}

static int
inventory_put(struct inv_sink *sink, struct asset *a)
{
	struct import_run *run = sink->arg;
	struct pw_error e = { 0 };
	int rc = asset_finish(a, &e) != 0 ? 1 : store_asset_put(run->imp, a, &e);

	return import_record(run, rc, a->line, &e);
}

static void
inventory_passed(struct inv_sink *sink, size_t upto)
{
	import_passed(sink->arg, upto);
}

static int
inventory_read(struct import_run *run, const struct import_format *f,
    struct pw_error *err)
{
	struct inv_sink sink = { inventory_put, run, &run->report->notes,
	    inventory_passed };

	return f->read.inventory(run->opts->path, run->data, run->len, &sink,
	    &run->report->problems, err);
}

static void
note_retired(void *arg, const char *key)
{
	import_removed(arg, key);
}

/* An import that would retire more than half of its source's active
 * assets (exactly half is allowed), or lists none at all, is more likely a
 * broken export than a smaller estate: refused unless allow_retire.
 * before: the source's active assets before this import. */
static int
retire_check(struct import_run *run, long before, struct pw_error *err)
{
	const struct import_opts *o = run->opts;
	const struct import_report *r = run->report;
	long unseen;

	if (o->allow_retire)
		return 0;
	if (r->records == 0 && r->problems.n == 0) {
		if (before > 0)
			pw_error_set(err, o->path, 0, "no assets in the file (it would "
			    "retire all %ld assets of source %.100s): give --allow-retire "
			    "if that is meant", before, run->source);
		else
			pw_error_set(err, o->path, 0, "no assets in the file: give "
			    "--allow-retire if an empty inventory is meant");
		return -1;
	}
	if (before == 0)
		return 0;
	if (store_assets_unseen(run->imp, &unseen, err) != 0)
		return -1;
	if (unseen * 2 > before) {
		pw_error_set(err, o->path, 0, "this import would retire %ld of %ld assets "
		    "of source %.100s (more than half): give --allow-retire if that is "
		    "meant", unseen, before, run->source);
		return -1;
	}
	return 0;
}

/* Retire what the source no longer lists (the bound first); retired assets
 * leave the plan, a change to the plan like any other. */
static int
inventory_finish(struct import_run *run, struct pw_error *err)
{
	const struct inv_state *st = run->state;
	struct import_report *r = run->report;
	struct store_counts counts;

	if (retire_check(run, st->before, err) != 0)
		return -1;
	if (r->records == 0 && r->problems.n == 0)
		pw_diags_add(&r->notes, run->opts->path, 0, "no assets in the file");
	if (store_assets_finish(run->imp, note_retired, r, &counts, err) != 0)
		return -1;
	if (counts.retired > 0) {
		struct pw_diags warn = { 0 };	/* the plan's calendars': not ours */
		struct checked k;
		int rc = store_plan_retire(run->store, store_import_id(run->imp), &k,
		    NULL, &warn, err);
		checked_free(&k);
		pw_diags_free(&warn);
		if (rc != 0)
			return -1;
	}
	r->added = counts.added;
	r->updated = counts.updated;
	r->unchanged = counts.unchanged;
	r->removed = counts.retired;
	return 0;
}

const struct import_kind_ops import_kind_inventory = {
	.name = "inventory",
	.problem = "invalid record",
	.refused = "nothing imported",
	.state_size = sizeof(struct inv_state),
	.source = import_source_named,
	.begin = inventory_begin,
	.read = inventory_read,
	.finish = inventory_finish,
};
