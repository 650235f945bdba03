/* Calendar landing (the skeleton's calendar kind): the calendar read replaces
 * the stored one of its name, events and zones, and the report says which
 * events were added, changed and removed. Events that name their assets
 * (a provider's feed) have them matched through the inventory first. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/civil.h"
#include "../util/buf.h"
#include "../util/strmap.h"
#include "skeleton.h"

/* The calendar kind's state: the calendar read, once the reader put it. */
struct cal_state {
	struct calendar	cal;
	int		days;	/* the cost bounds' horizon */
	int		horizon;	/* the policy's: how far plans look */
};

/* --name, else the file's (or the folder's) base name less its extension. */
static const char *
calendar_source(const struct import_opts *o, struct buf *b)
{
	const char *base, *dot;
	size_t n;

	if (o->name)
		return o->name;
	/* A folder named "health/" is called health. */
	buf_adds(b, o->path);
	while (b->len > 1 && b->s[b->len - 1] == '/')
		b->s[--b->len] = '\0';
	base = import_base_name(b->s);
	dot = strrchr(base, '.');
	n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	memmove(b->s, base, n);
	b->s[n] = '\0';
	b->len = n;
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
	st->horizon = 0;
	if (store_policy_load(run->store, &p, &found, &e) == 0 && found) {
		st->horizon = p.horizon_days;
		if (p.horizon_days > st->days)
			st->days = p.horizon_days;
	}
	policy_free(&p);
	return 0;
}

/* Keep of event e's assets those that name an active asset. Each that does
 * not is a problem where it was given (e->asset_at), else at the event's
 * line (refusing the import unless --skip-invalid). Returns how many are
 * kept, or -1 on a database error. */
static long
event_assets_keep(struct import_run *run, struct cal_event *e)
{
	struct buf kept = { 0 }, name = { 0 };
	const char *p = e->assets, *nl;
	long n = 0;

	for (size_t k = 0; *p; p = *nl ? nl + 1 : nl, k++) {
		struct pw_error pe = { 0 };
		int rc;
		nl = p + strcspn(p, "\n");
		if (nl == p)
			continue;
		const struct cal_place *at = e->asset_at ? &e->asset_at[k] : NULL;
		buf_reset(&name);
		buf_add(&name, p, (size_t)(nl - p));
		rc = store_event_asset_check(run->imp, cal_event_name(e),
		    buf_str(&name), at ? at->line : e->line, &pe);
		if (rc < 0) {
			*run->fatal = pe;
			run->failed = 1;
			n = -1;
			break;
		}
		if (rc > 0) {
			pw_diags_add(&run->report->problems, at && at->file ? at->file :
			    e->file ? e->file : run->parts[0].path, at ? at->line :
			    e->line, "%s", pe.msg);
			continue;
		}
		if (n++)
			buf_addc(&kept, '\n');
		buf_adds(&kept, buf_str(&name));
	}
	if (n >= 0)
		cal_set(&e->assets, buf_str(&kept));
	free(e->asset_at);	/* no longer in step with the names kept */
	e->asset_at = NULL;
	buf_free(&kept);
	buf_free(&name);
	return n;
}

/* Events that name their assets must name known ones: an event left with
 * none (--skip-invalid) is dropped, as it would otherwise stand for the
 * calendar's whole scope. */
static int
calendar_match_assets(struct import_run *run, struct calendar *cal)
{
	size_t j = 0;

	for (size_t i = 0; i < cal->nevents; i++) {
		struct cal_event *e = &cal->events[i];
		long n = 0;
		if (e->assets && *e->assets &&
		    (n = event_assets_keep(run, e)) <= 0) {
			if (n < 0)
				return -1;
			cal_event_free(e);
			continue;
		}
		cal->events[j++] = *e;
	}
	cal->nevents = j;
	return 0;
}

static int
calendar_put(struct cal_sink *sink, struct calendar *cal)
{
	struct import_run *run = sink->arg;
	struct cal_state *st = run->state;

	if (calendar_match_assets(run, cal) != 0)
		return -1;
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
	struct cal_sink sink = { .put = calendar_put, .arg = run,
	    .notes = &run->report->notes, .float_tz = o->float_tz,
	    .fallback_tz = o->fallback_tz, .now = store_now(run->store),
	    .days = st->days, .skip_invalid = o->skip_invalid, .asset = o->asset,
	    .cutoff = o->cutoff, .parts = run->parts, .nparts = run->nparts };

	/* SSM's maintenance windows are the operator's own, never a
	 * provider's maintenance: a window (or, to keep waves out of them, a
	 * freeze). */
	if (o->kind == CAL_PROVIDER && strcmp(f->name, "ssm-windows") == 0) {
		pw_error_set(err, run->parts[0].path, 0, "ssm-windows are your "
		    "own maintenance windows, not a provider's maintenance: "
		    "import them with --kind window (or --kind freeze to keep "
		    "waves out of them)");
		return -1;
	}
	/* A cutoff is a window's; SSM's windows carry their own, Azure's
	 * none that patchwave could hold --cutoff against. */
	if (o->cutoff && (o->kind != CAL_WINDOW || strcmp(f->name, "ics") != 0)) {
		pw_error_set(err, run->parts[0].path, 0, "--cutoff is for an "
		    "iCalendar window calendar (--kind window): %s", o->kind !=
		    CAL_WINDOW ? "a provider's maintenance or a freeze has no "
		    "cutoff" : strcmp(f->name, "ssm-windows") == 0 ? "each SSM "
		    "window carries its own Cutoff" : "this format's events have "
		    "no cutoff patchwave reads");
		return -1;
	}
	/* A provider's own feed is its maintenance, never our windows or
	 * freezes: only iCalendar and Azure's schedules are both. */
	if (o->kind != CAL_PROVIDER && strcmp(f->name, "ics") != 0 &&
	    strcmp(f->name, "azure-maintenance") != 0 &&
	    strcmp(f->name, "ssm-windows") != 0) {
		pw_error_set(err, run->parts[0].path, 0, "%s is a provider's "
		    "maintenance: import it with --kind provider (a %s calendar "
		    "comes from iCalendar or Azure maintenance configurations)",
		    f->name, cal_kind_name(o->kind));
		return -1;
	}
	return f->read.calendar(run->parts[0].path, run->data, run->len, &sink,
	    &run->report->problems, err);
}

/* Does e take no time: an end equal to its start, a duration of nothing,
 * or (RFC 5545 3.6.1) a date-time start with neither? */
static int
takes_no_time(const struct cal_event *e)
{
	const char *d = e->duration;

	if (*e->dtend)
		return strcmp(e->dtend, e->dtstart) == 0 &&
		    strcmp(e->end_tz, e->start_tz) == 0;
	if (*d == '\0')
		return !e->all_day && *e->dtstart;
	d += *d == '+';
	if (*d++ != 'P')
		return 0;
	return d[strspn(d, "0TWDHMS")] == '\0';
}

struct scope_count {
	struct selector	sel;
	long		n;
};

static int
scope_count_one(void *arg, struct asset *a, int retired)
{
	struct scope_count *c = arg;

	(void)retired;
	c->n += selector_match(&c->sel, a);
	return 0;
}

/* What will not matter, said once each with its count (the import lands
 * all the same): a scope no active asset is in (a typo such as
 * region=eu-centrl-1), events none of whose occurrences falls in the plan's
 * horizon, events whose occurrences take no time. */
static int
calendar_warn(struct import_run *run, const struct calendar *cal, int64_t now,
    struct pw_error *err)
{
	struct cal_state *st = run->state;
	struct pw_diags *notes = &run->report->notes;
	const char *path = run->opts->path;
	struct scope_count sc = { 0 };
	int rc = 0;

	if (selector_from_json(&sc.sel, cal->scope_json, err) != 0)
		return -1;
	/* Events that name their assets (a provider's feed, or --asset)
	 * concern those alone: a --scope is then not used, nor is an --asset
	 * the file's own names override. Provider maintenance naming none with
	 * no scope is every asset's. Each said, with its count. */
	const char *asset = run->opts->asset;
	size_t unnamed = 0, named = 0, own = 0;
	for (size_t i = 0; i < cal->nevents; i++) {
		const char *names = cal->events[i].assets;
		if (*cal->events[i].recurrence_id != '\0')
			continue;	/* an override is its series' */
		if (*names == '\0') {
			unnamed++;
			continue;
		}
		named++;
		own += asset == NULL || strcmp(names, asset) != 0;
	}
	if (asset && own > 0)
		pw_diags_add(notes, path, 0, "--asset %s is not used: %zu event%s "
		    "name%s %s own asset%s in the file", asset, own, own == 1 ?
		    "" : "s", own == 1 ? "s" : "", own == 1 ? "its" : "their",
		    own == 1 ? "" : "s");
	if (sc.sel.nterms > 0 && unnamed == 0 && named > 0)
		pw_diags_add(notes, path, 0, "the scope %s is not used: every "
		    "event names its assets, and concerns those alone",
		    cal->scope_json);
	else if ((sc.sel.nterms > 0 || (cal->kind == CAL_PROVIDER && unnamed > 0)) &&
	    store_assets_each(run->store, 0, scope_count_one, &sc, err) != 0)
		rc = -1;
	else if (sc.sel.nterms > 0 && sc.n == 0)
		pw_diags_add(notes, path, 0, "the scope %s matches no active "
		    "asset: its %zu event%s concern%s nothing until an "
		    "inventory has such assets", cal->scope_json,
		    cal->nevents, cal->nevents == 1 ? "" : "s",
		    cal->nevents == 1 ? "s" : "");
	else if (sc.sel.nterms == 0 && cal->kind == CAL_PROVIDER && unnamed > 0 &&
	    sc.n > 0)
		pw_diags_add(notes, path, 0, "no --scope: its %zu event%s "
		    "naming no asset concern%s every active asset (%ld): "
		    "--scope KEY=VALUE or --asset KEY says which", unnamed,
		    unnamed == 1 ? "" : "s", unnamed == 1 ? "s" : "", sc.n);
	selector_free(&sc.sel);
	if (rc != 0 || st->horizon <= 0 || cal->nevents == 0)
		return rc;

	struct occ_list occ = { 0 };
	unsigned char *seen = xcalloc(cal->nevents, 1);
	size_t outside = 0, series = 0, zero = 0;
	cal_expand(cal, now, now + (int64_t)st->horizon * 86400, &occ, NULL);
	for (size_t i = 0; i < occ.n; i++)
		seen[occ.v[i].event] = 1;
	for (size_t i = 0; i < cal->nevents; i++) {
		zero += takes_no_time(&cal->events[i]);
		if (*cal->events[i].recurrence_id)
			continue;	/* an override is its series' */
		series++;
		outside += !seen[i];
	}
	if (outside > 0 && outside == series) {
		char from[24], to[24];
		utc_format(now, from);
		utc_format(now + (int64_t)st->horizon * 86400, to);
		pw_diags_add(notes, path, 0, "no event falls in the plan's horizon "
		    "(%.10s to %.10s, the policy's %d days): the %zu event%s "
		    "change%s no plan until then", from, to, st->horizon, outside,
		    outside == 1 ? "" : "s", outside == 1 ? "s" : "");
	}
	if (zero > 0)
		pw_diags_add(notes, path, 0, "%zu event%s take%s no time (%s end "
		    "is %s start): %s block%s nothing but an instant", zero,
		    zero == 1 ? "" : "s", zero == 1 ? "s" : "", zero == 1 ? "its" :
		    "their", zero == 1 ? "its" : "their", zero == 1 ? "it" : "they",
		    zero == 1 ? "s" : "");
	occ_list_free(&occ);
	free(seen);
	return 0;
}

/* The provider's events already held by another calendar (the same file
 * imported under another name): the same maintenance there too is each
 * conflict twice, acknowledged twice. */
struct twice {
	struct strmap	 ids;		/* this file's provider ids -> event */
	size_t		 n, first;	/* how many; the first one's event */
	char		*other;		/* the first one's calendar */
};

static int
twice_one(void *arg, const char *id, const char *calendar)
{
	struct twice *t = arg;
	size_t i = strmap_get(&t->ids, id);

	if (i == (size_t)-1)
		return 0;
	if (t->n++ == 0) {
		t->first = i;
		t->other = xstrdup(calendar);
	}
	return 0;
}

static int
calendar_twice(struct import_run *run, const struct calendar *cal,
    struct pw_error *err)
{
	struct twice t = { 0 };
	int rc = 0;

	for (size_t i = 0; i < cal->nevents; i++)
		if (cal->events[i].provider_id && *cal->events[i].provider_id &&
		    !*cal->events[i].recurrence_id)
			strmap_put(&t.ids, cal->events[i].provider_id, i);
	if (t.ids.n > 0)
		rc = store_calendar_provider_ids(run->store, cal->name, twice_one, &t,
		    err);
	if (rc == 0 && t.n > 0) {
		const struct cal_event *e = &cal->events[t.first];
		pw_diags_add(&run->report->notes, e->file ? e->file : run->opts->path,
		    e->line, "%zu event%s already in calendar %s (%s here): the same "
		    "maintenance in two calendars is each of its conflicts twice: "
		    "import the file as --name %s alone (an empty .ics imported "
		    "under this name empties this one)", t.n, t.n == 1 ? " is" :
		    "s are", t.other, e->provider_id, t.other);
	}
	free(t.other);
	strmap_free(&t.ids);
	return rc;
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
	if (calendar_warn(run, cal, store_now(run->store), err) != 0 ||
	    calendar_twice(run, cal, err) != 0)
		return -1;
	if (store_calendar_save(run->imp, cal, &r->changes, err) != 0)
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
