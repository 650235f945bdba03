/* Why an asset is planned where it is: its deadline, its stage, and for
 * every earlier window the reason the planner passed it by, in words. What
 * `patchwave why` prints and the terminal UI's asset page shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "action.h"

struct why_ctx {
	const struct plan_data	*d;
	icaltimezone		*zone;
	struct buf		*out;
	size_t			 taken;		/* the slot it got, SIZE_MAX: none */
	size_t			 held;		/* the slot it was held back from */
	int			 seen;
	struct buf		 down;		/* the next CLUSTER_DOWN's members */
	const struct selector	**outside;	/* windows said OUTSIDE_WINDOW */
	size_t			 noutside;
	unsigned char		*scopes;	/* plan_scope_match's, NULL: none yet */
	int			 stage_order;	/* windows said STAGE_ORDER */
};

/* What a window takes, in words: "environment dev, test; group web". */
static void
takes(struct buf *b, const struct selector *sel)
{
	for (size_t i = 0; sel && i < sel->nterms; i++) {
		const struct sel_term *t = &sel->terms[i];
		buf_adds(b, i ? "; " : "");
		esc_term(b, t->field);
		for (size_t v = 0; v < t->nvalues; v++) {
			buf_adds(b, v ? ", " : " ");
			esc_term(b, t->values[v]);
		}
	}
}

/* OUTSIDE_WINDOW says why once per window, with what it takes: its other
 * occurrences pass the asset by for the same reason and are not listed.
 * 1 when this one is such a repeat. */
static int
outside_again(struct why_ctx *c, const struct slot *sl, struct buf *why)
{
	for (size_t i = 0; i < c->noutside; i++)
		if (c->outside[i] == sl->admits)
			return 1;
	c->outside = xrealloc(c->outside, (c->noutside + 1) * sizeof *c->outside);
	c->outside[c->noutside++] = sl->admits;
	buf_adds(why, ": every occurrence; it takes ");
	takes(why, sl->admits);
	return 0;
}

/* A moment of a window's day as HH:MM, else as a whole local time. */
static void
when_in(struct why_ctx *c, int64_t utc, const char *day, char *out, size_t n)
{
	char t[64];

	tz_format(c->zone, utc, 0, t, sizeof t);
	if (strncmp(t, day, 10) == 0)
		snprintf(out, n, "%.5s", t + 11);
	else
		snprintf(out, n, "%s", t);
}

/* The members down in a window passed by as CLUSTER_DOWN and when: said
 * after the reason by show(). */
static void
show_down(void *arg, size_t slot, const struct interval *v, size_t n, int max_down)
{
	struct why_ctx *c = arg;
	char day[64], s[64], e[64];
	struct buf t = { 0 };

	tz_format(c->zone, c->d->slots.v[slot].start_utc, 0, day, sizeof day);
	buf_free(&c->down);
	for (size_t i = 0; i < n; i++) {
		when_in(c, v[i].start, day, s, sizeof s);
		when_in(c, v[i].end, day, e, sizeof e);
		buf_printf(&t, "%s%s %s-%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
		    c->d->assets[v[i].tag].hostname, s, e);
	}
	buf_printf(&t, " %s down (max_down %d", n == 1 ? "is" : "are", max_down);
	if (c->d->policy.cluster_gap > 0)
		buf_printf(&t, ", with cluster_gap %d min", c->d->policy.cluster_gap);
	buf_printf(&t, ")");
	esc_term(&c->down, buf_str(&t));
	buf_free(&t);
}

/* For a window passed by for a block (provider maintenance of the asset or
 * of what it depends on, a freeze): the first such block over the window
 * that concerns the asset, ": LABEL, from HH:MM to HH:MM", so that why says
 * which event and when, as CLUSTER_DOWN says whose turn. Nothing when none
 * is found. */
static void
block_said(struct why_ctx *c, const struct slot *sl, enum plan_reason why,
    struct buf *more)
{
	const struct plan_input *in = &c->d->in;
	size_t a = in->explain_asset, kind = why == PR_FREEZE ? PLAN_BLOCK_FREEZE :
	    why == PR_PROVIDER_OVERLAP ? PLAN_BLOCK_PROVIDER : PLAN_BLOCK_DEPENDENCY;
	const struct interval *hit = NULL;
	const char *label = NULL;

	for (size_t i = 0; i < in->nblocks; i++) {
		const struct interval *b = &in->blocks[i];
		if ((b->group & 3) != kind || (b->tag != a && b->tag != PLAN_EVERY_ASSET) ||
		    b->start >= sl->end_utc || b->end <= sl->start_utc)
			continue;
		if (hit == NULL || b->start < hit->start) {
			hit = b;
			label = in->block_labels ? in->block_labels[i] : NULL;
		}
	}
	/* Scope matches made as asked, for this asset only, once per why. */
	if (c->scopes == NULL && in->nsblocks > 0)
		c->scopes = xcalloc(in->nassets * in->nscopes + 1, 1);
	for (size_t i = 0; i < in->nsblocks; i++) {
		const struct interval *b = &in->sblocks[i];
		if ((b->group & 3) != kind || b->start >= sl->end_utc ||
		    b->end <= sl->start_utc || !plan_scope_match(in, c->scopes, a, b->tag))
			continue;
		if (hit == NULL || b->start < hit->start) {
			hit = b;
			label = in->sblock_labels ? in->sblock_labels[i] : NULL;
		}
	}
	if (hit == NULL)
		return;
	char day[64], s[64], e[64];
	struct buf t = { 0 };
	tz_format(c->zone, sl->start_utc, 0, day, sizeof day);
	when_in(c, hit->start, day, s, sizeof s);
	when_in(c, hit->end, day, e, sizeof e);
	buf_printf(&t, ": %s, from %s to %s", label && *label ? label : "(no summary)",
	    s, e);
	esc_term(more, buf_str(&t));
	buf_free(&t);
}

static void
show(void *arg, size_t slot, enum plan_reason why)
{
	struct why_ctx *c = arg;
	const struct slot *sl = &c->d->slots.v[slot];
	char when[64];
	struct buf name = { 0 };

	if (why == PR_TAKEN) {
		c->taken = slot;
		return;
	}
	tz_format(c->zone, sl->start_utc, 0, when, sizeof when);
	esc_term(&name, sl->name ? sl->name : "");
	struct buf more = { 0 };
	if (why == PR_OUTSIDE_WINDOW && sl->admits && outside_again(c, sl, &more)) {
		buf_free(&more);
		buf_free(&name);
		return;
	}
	if (why == PR_HELD_BACK)
		c->held = slot;
	c->stage_order += why == PR_STAGE_ORDER;
	if (why == PR_PROVIDER_OVERLAP || why == PR_DEPENDENCY_MAINTENANCE ||
	    why == PR_FREEZE)
		block_said(c, sl, why, &more);
	/* A window with a cutoff: CAPACITY may be the cutoff's, which its
	 * start and end alone do not show (16:00-19:00, no start after 17:00). */
	if (why == PR_CAPACITY && sl->last_start_utc < sl->end_utc) {
		char by[64], cut[32];
		when_in(c, sl->last_start_utc, when, by, sizeof by);
		slot_cutoff_text(sl, cut, sizeof cut);
		buf_printf(&more, ": no lane starts it by %s (%s) and ends it by the "
		    "window's end", by, cut);
	}
	if (why == PR_CLUSTER_DOWN && c->down.len > 0)
		buf_printf(c->out, "  %s  %-22s %s: %s\n", when, buf_str(&name),
		    plan_reason_name(why), buf_str(&c->down));
	else if (why == PR_HELD_BACK)
		buf_printf(c->out, "  %s  %-22s %s: it fits, but placed there it misses "
		    "its deadline all the same and costs other assets theirs (a lane, "
		    "a cluster's turn, or its stage ending later)\n", when,
		    buf_str(&name), plan_reason_name(why));
	else
		buf_printf(c->out, "  %s  %-22s %s%s\n", when, buf_str(&name),
		    plan_reason_name(why), buf_str(&more));
	buf_free(&name);
	buf_free(&more);
	buf_free(&c->down);
	c->seen++;
}

/* The exceptions that cover the asset's pending patches, each once. */
struct why_exc {
	const struct plan_data	*d;
	struct buf		*out;
	long long		*seen;
	size_t			 n;
};

static int
exc_of_patch(void *arg, const struct pending *p)
{
	struct why_exc *x = arg;
	const struct exception *e = exception_find(&x->d->exceptions, x->d->in.now_utc,
	    p->key, p->patch.advisory);
	size_t i;

	for (i = 0; e && i < x->n && x->seen[i] != e->id; i++)
		;
	if (e == NULL || i < x->n)
		return 0;
	x->seen = xrealloc(x->seen, (x->n + 1) * sizeof *x->seen);
	x->seen[x->n++] = e->id;
	struct buf t = { 0 };
	buf_printf(&t, "  exception %lld (%s%s%s, until %s, by %s): %s", e->id,
	    e->asset[0] ? e->asset : "", e->asset[0] && e->advisory[0] ? " " : "",
	    e->advisory, e->until, e->added_by, e->reason);
	esc_term(x->out, buf_str(&t));
	buf_adds(x->out, "\n");
	buf_free(&t);
	return 0;
}

/* The patches exceptions cover: how many, their first deadline, and each
 * exception that covers them (ACCEPTED_RISK, not SLA_BREACH nor UNPLANNED). */
static int
show_covered(struct store *s, const struct plan_data *d, size_t a, icaltimezone *zone,
    struct buf *out, struct pw_error *e)
{
	const struct deadline *dl = &d->deadlines[a];
	struct why_exc x = { d, out, NULL, 0 };
	struct buf adv = { 0 };
	char due[64];
	int rc;

	tz_format(zone, dl->covered_due_utc, 1, due, sizeof due);
	esc_term(&adv, dl->covered_advisory);
	buf_printf(out, "  risk accepted: %d pending patch%s an exception covers, due %s "
	    "(%s first): late is ACCEPTED_RISK while it holds\n", dl->covered,
	    dl->covered == 1 ? "" : "es", due, buf_str(&adv));
	buf_free(&adv);
	rc = store_asset_patches(s, d->assets[a].key, exc_of_patch, &x, e);
	free(x.seen);
	return rc;
}

/* The deadline, its release, the exceptions and the stage: the lines before
 * the windows. 0, or -1 when the exceptions could not be read. */
static int
show_deadline(struct store *s, const struct plan_data *d, size_t a, icaltimezone *zone,
    struct buf *out, struct pw_error *e)
{
	const struct asset *as = &d->assets[a];
	const struct deadline *dl = &d->deadlines[a];
	struct buf adv = { 0 }, stage = { 0 };
	size_t si = plan_stage_of(&d->policy, as);
	char due[64] = "";

	/* Advisory (a scanner's file), stage and window names (the policy, a
	 * window calendar) are imported text: escaped like every listing. */
	if (dl->patches > 0 || dl->reboot_pending)
		tz_format(zone, dl->due_utc, 1, due, sizeof due);
	esc_term(&adv, dl->advisory);
	esc_term(&stage, si < d->policy.nstages ? d->policy.stages[si].name : "(none)");
	if (dl->patches > 0)
		buf_printf(out, "  deadline %s (%s %s, %d pending patch%s%s)\n", due,
		    severity_name(dl->severity), buf_str(&adv), dl->patches,
		    dl->patches == 1 ? "" : "es", dl->reboot ? ", reboot" : "");
	else if (dl->reboot_pending && as->reboot_pending_since > 0) {
		char since[64];
		tz_format(zone, as->reboot_pending_since, 0, since, sizeof since);
		buf_printf(out, "  deadline %s (a pending reboot, within %d days of its "
		    "first report %s)\n", due, d->policy.reboot_pending_days, since);
	} else if (dl->reboot_pending)
		buf_printf(out, "  deadline %s (a pending reboot, within %d days)\n", due,
		    d->policy.reboot_pending_days);
	if (dl->release_utc > d->in.now_utc) {
		tz_format(zone, dl->release_utc, 0, due, sizeof due);
		buf_printf(out, "  released %s (its last pending patch): no wave starts "
		    "earlier\n", due);
	}
	buf_free(&adv);
	int rc = dl->covered > 0 ? show_covered(s, d, a, zone, out, e) : 0;
	buf_printf(out, "  stage %s\n", buf_str(&stage));
	buf_free(&stage);
	return rc;
}

static int
end_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return a < b ? -1 : a > b;
}

/* After windows passed by as STAGE_ORDER: when the asset's stage opens in
 * the plan made again and which earlier stage holds it there (its last end,
 * or its end at its gate share, plus its soak), as the check counts it.
 * Nothing when no earlier stage has a planned asset. */
static void
show_gate(struct why_ctx *w, const struct plan *again, size_t a)
{
	const struct policy *pol = &w->d->policy;
	size_t si = plan_stage_of(pol, &w->d->assets[a]), held = SIZE_MAX;
	int64_t *ends = xmalloc((again->n ? again->n : 1) * sizeof *ends);
	int64_t open = INT64_MIN, end = 0;

	for (size_t st = 0; st < si && st < pol->nstages; st++) {
		size_t n = 0;
		for (size_t i = 0; i < again->n; i++)
			if (again->v[i].stage == st)
				ends[n++] = again->v[i].end_utc;
		if (n == 0)
			continue;
		qsort(ends, n, sizeof *ends, end_cmp);
		int64_t e = stage_gate_pct(&pol->stages[st]) < 100 ?
		    ends[stage_gate_index(&pol->stages[st], n)] : ends[n - 1];
		int64_t o = e + (int64_t)pol->stages[st].soak_days * 86400;
		if (o > open) {
			open = o;
			end = e;
			held = st;
		}
	}
	free(ends);
	if (held == SIZE_MAX)
		return;
	const struct stage *h = &pol->stages[held];
	const char *last = "";
	for (size_t i = 0; i < again->n && !*last; i++)	/* whose end that is */
		if (again->v[i].stage == held && again->v[i].end_utc == end)
			last = w->d->assets[again->v[i].asset].hostname;
	char t1[64], t2[64];
	struct buf t = { 0 };
	tz_format(w->zone, open, 0, t1, sizeof t1);
	tz_format(w->zone, end, 0, t2, sizeof t2);
	buf_printf(&t, "  STAGE_ORDER: stage %s opens %s: stage %s ",
	    si < pol->nstages ? pol->stages[si].name : "(none)", t1, h->name);
	if (stage_gate_pct(h) < 100)
		buf_printf(&t, "reaches its %d%% gate %s (%s)", stage_gate_pct(h), t2, last);
	else
		buf_printf(&t, "ends %s (its last asset, %s)", t2, last);
	buf_printf(&t, ", then soaks %d day%s", h->soak_days, h->soak_days == 1 ? "" : "s");
	esc_term(w->out, buf_str(&t));
	buf_adds(w->out, "\n");
	buf_free(&t);
}

/* Where the plan made again put it, or why nowhere. */
static void
show_outcome(struct why_ctx *w, const struct plan *again, size_t a)
{
	const struct plan_data *d = w->d;
	const struct deadline *dl = &d->deadlines[a];

	if (w->taken != SIZE_MAX) {
		const struct slot *sl = &d->slots.v[w->taken];
		char s1[64], s2[64];
		struct buf name = { 0 };
		tz_format(w->zone, sl->start_utc, 0, s1, sizeof s1);
		tz_format(w->zone, sl->end_utc, 0, s2, sizeof s2);
		esc_term(&name, sl->name ? sl->name : "");
		for (size_t i = 0; i < again->n; i++)
			if (again->v[i].asset == a)
				buf_printf(w->out, "  planned in %s, %s to %s%s%s\n",
				    buf_str(&name), s1, s2, again->v[i].end_utc > dl->due_utc ?
				    ": after its deadline (SLA_BREACH)" : "",
				    dl->covered > 0 && again->v[i].end_utc > dl->covered_due_utc ?
				    ": after the covered patches' deadline (ACCEPTED_RISK)" : "");
		buf_free(&name);
	} else if (w->held != SIZE_MAX)
		buf_adds(w->out, "  left out of the plan on purpose (UNPLANNED, HELD_BACK): "
		    "fewer assets miss their deadlines without it; edit move ASSET "
		    "--wave ID places it anyway\n");
	else
		buf_printf(w->out, "  no window in the horizon can take it (%s)\n",
		    dl->patches > 0 ? "UNPLANNED" :
		    "ACCEPTED_RISK: exceptions cover every pending patch");
}

/* Where the stored plan has asset a when that is not where the plan made
 * again put it: the user reads why against the waves they see. */
static void
show_stored(struct why_ctx *w, const struct plan_data *sd, const struct plan *again,
    const struct plan *stored, const long long *wave_ids, size_t a)
{
	const struct placement *was = NULL, *now = NULL;

	for (size_t i = 0; i < stored->n && was == NULL; i++)
		if (stored->v[i].asset == a)
			was = &stored->v[i];
	for (size_t i = 0; i < again->n && now == NULL; i++)
		if (again->v[i].asset == a)
			now = &again->v[i];
	if (was == NULL && now == NULL)
		return;
	if (was == NULL) {
		buf_adds(w->out, "  the stored plan has it in no wave: plan places it "
		    "as above\n");
		return;
	}
	const struct slot *sl = &sd->slots.v[was->slot];
	if (now != NULL && sl->start_utc == w->d->slots.v[now->slot].start_utc &&
	    sl->end_utc == w->d->slots.v[now->slot].end_utc)
		return;	/* the same window occurrence */
	char s1[64], s2[64];
	struct buf name = { 0 };
	tz_format(w->zone, sl->start_utc, 0, s1, sizeof s1);
	tz_format(w->zone, sl->end_utc, 0, s2, sizeof s2);
	esc_term(&name, sl->name ? sl->name : "");
	buf_printf(w->out, "  the stored plan has it in wave %lld instead (%s, %s to %s%s)%s\n",
	    wave_ids ? wave_ids[was - stored->v] : 0, buf_str(&name), s1, s2,
	    was->end_utc > w->d->deadlines[a].due_utc ? ", after its deadline" : "",
	    was->pinned ? ": pinned by an edit, plan --keep-pinned keeps it there" :
	    ": plan moves it as above");
	buf_free(&name);
}

/* The data the plan is made again from: d's windows are the stored plan's,
 * from its now over its horizon; when why is asked at another now (the
 * clock days later, --now before the plan's), the windows from that now,
 * as plan makes them, read into *fresh (same assets, in the same order).
 * NULL (e says why) when they could not be read. */
static struct plan_data *
why_data(struct store *s, struct plan_data *d, size_t a, struct plan_data *fresh,
    struct pw_error *e)
{
	if (d->plan_now == 0 || d->plan_now == d->in.now_utc)
		return d;
	if (store_plan_data_read(s, d->in.now_utc, d->horizon_days, fresh, NULL, e) != 0) {
		plan_data_free(fresh);
		return NULL;
	}
	if (a >= fresh->nassets || strcmp(fresh->assets[a].key, d->assets[a].key) != 0) {
		plan_data_free(fresh);	/* the assets changed meanwhile */
		memset(fresh, 0, sizeof *fresh);
		return d;
	}
	return fresh;
}

int
act_why(struct store *s, struct plan_data *stored_d, size_t a,
    struct _icaltimezone *zone, const struct plan *stored, const long long *wave_ids,
    struct buf *out, struct pw_error *e)
{
	struct plan_data fresh, *d;
	struct plan again;

	memset(&fresh, 0, sizeof fresh);
	if ((d = why_data(s, stored_d, a, &fresh, e)) == NULL)
		return -1;
	const struct asset *as = &d->assets[a];
	const struct deadline *dl = &d->deadlines[a];
	int rc = 0;

	esc_term(out, as->hostname);
	buf_adds(out, "\n");
	if (!service_model_customer_owned(as->service_model)) {
		buf_printf(out, "  %s: the provider patches it; patchwave plans no wave "
		    "for it\n", service_model_name(as->service_model));
		goto out;
	}
	if (!deadline_wanted(dl) && deadline_pending(dl) == 0) {
		buf_adds(out, "  no pending patches: nothing to plan\n");
		goto out;
	}
	if (show_deadline(s, d, a, zone, out, e) != 0) {
		rc = -1;
		goto out;
	}
	buf_adds(out, "  windows passed by:\n");

	struct why_ctx w = { d, zone, out, SIZE_MAX, SIZE_MAX, 0, { 0 }, NULL, 0,
	    NULL, 0 };
	d->in.explain_asset = a;
	d->in.explain = show;
	d->in.explain_cluster = show_down;
	d->in.explain_arg = &w;
	plan_make(&d->in, &again);
	d->in.explain = NULL;
	d->in.explain_cluster = NULL;
	d->in.explain_arg = NULL;
	if (w.seen == 0)
		buf_adds(out, "  (none: it takes the first window open to it)\n");
	if (w.stage_order > 0)
		show_gate(&w, &again, a);
	show_outcome(&w, &again, a);
	if (stored != NULL)
		show_stored(&w, stored_d, &again, stored, wave_ids, a);
	plan_free(&again);
	buf_free(&w.down);
	free(w.outside);
	free(w.scopes);
out:
	if (d == &fresh)
		plan_data_free(&fresh);
	return rc;
}
