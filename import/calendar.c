/* Calendar landing (the skeleton's calendar kind): the calendar read replaces
 * the stored one of its name, events and zones, and the report says which
 * events were added, changed and removed. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/buf.h"
#include "skeleton.h"

/* The calendar kind's state: the calendar read, once the reader put it. */
struct cal_state {
	struct calendar	cal;
	int		days;	/* the cost bounds' horizon */
};

/* --name, else the file's base name less its extension. */
static const char *
calendar_source(const struct import_opts *o, struct buf *b)
{
	const char *base = import_base_name(o->path), *dot = strrchr(base, '.');

	if (o->name)
		return o->name;
	buf_add(b, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
	return buf_str(b);
}

/* What a calendar may cost is counted over the next CAL_IMPORT_DAYS days, or
 * the policy's horizon when longer: the plan looks that far. */
static int
calendar_begin(struct import_run *run, struct pw_error *err)
{
	struct cal_state *st = run->state;
	struct policy p;
	struct pw_error e;
	int found;

	(void)err;
	calendar_init(&st->cal);
	st->days = CAL_IMPORT_DAYS;
	if (store_policy_load(run->store, &p, &found, &e) == 0 && found &&
	    p.horizon_days > st->days)
		st->days = p.horizon_days;
	policy_free(&p);
	return 0;
}

static int
calendar_put(struct cal_sink *sink, struct calendar *cal)
{
	struct cal_state *st = ((struct import_run *)sink->arg)->state;

	calendar_free(&st->cal);
	st->cal = *cal;
	calendar_init(cal);
	return 0;
}

static int
calendar_read(struct import_run *run, const struct import_format *f,
    struct pw_error *err)
{
	const struct import_opts *o = run->opts;
	struct cal_state *st = run->state;
	struct cal_sink sink = { calendar_put, run, &run->report->notes,
	    o->float_tz, o->fallback_tz, (int64_t)time(NULL), st->days,
	    o->skip_invalid };

	return f->read.calendar(o->path, run->data, run->len, &sink,
	    &run->report->problems, err);
}

static int
calendar_finish(struct import_run *run, struct pw_error *err)
{
	const struct import_opts *o = run->opts;
	struct cal_state *st = run->state;
	struct import_report *r = run->report;
	struct calendar *cal = &st->cal;

	free(cal->name);
	cal->name = xstrdup(run->source);
	cal->kind = o->kind;
	free(cal->scope_json);
	cal->scope_json = xstrdup(o->scope_json ? o->scope_json : "{}");
	free(cal->path);
	cal->path = xstrdup(o->path);
	if (cal->float_tz == NULL)
		cal->float_tz = xstrdup("UTC");
	if (store_calendar_save(run->store, store_import_id(run->imp), cal,
	    &r->changes, err) != 0)
		return -1;
	for (size_t i = 0; i < r->changes.n; i++) {
		char w = r->changes.v[i].what;
		if (w == '+')
			r->added++;
		else if (w == '~')
			r->updated++;
		else
			r->removed++;
	}
	r->records = (long)cal->nevents;
	r->unchanged = r->records - r->added - r->updated;
	return 0;
}

static void
calendar_done(struct import_run *run)
{
	struct cal_state *st = run->state;

	calendar_free(&st->cal);
}

const struct import_kind_ops import_kind_calendar = {
	.name = "calendar",
	.problem = "invalid event",
	.refused = "nothing imported",
	.state_size = sizeof(struct cal_state),
	.source = calendar_source,
	.begin = calendar_begin,
	.read = calendar_read,
	.finish = calendar_finish,
	.done = calendar_done,
};
