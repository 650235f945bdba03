/* patchwave why ASSET: its deadline, its wave, and for every earlier window
 * the reason the planner passed it by. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/civil.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "cli.h"

struct why_ctx {
	struct cli		*cli;
	const struct plan_data	*d;
	size_t			 taken;		/* the slot it got, SIZE_MAX: none */
	size_t			 held;		/* the slot it was held back from */
	int			 seen;
	struct buf		 down;		/* the next CLUSTER_DOWN's members */
	const struct selector	**outside;	/* windows said OUTSIDE_WINDOW */
	size_t			 noutside;
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

	cli_format_local(utc, cli_zone(c->cli), t, sizeof t);
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

	cli_format_local(c->d->slots.v[slot].start_utc, cli_zone(c->cli), day,
	    sizeof day);
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
	cli_format_local(sl->start_utc, cli_zone(c->cli), when, sizeof when);
	esc_term(&name, sl->name ? sl->name : "");
	struct buf more = { 0 };
	if (why == PR_OUTSIDE_WINDOW && sl->admits && outside_again(c, sl, &more)) {
		buf_free(&more);
		return;
	}
	if (why == PR_HELD_BACK)
		c->held = slot;
	if (why == PR_CLUSTER_DOWN && c->down.len > 0)
		printf("  %s  %-22s %s: %s\n", when, buf_str(&name),
		    plan_reason_name(why), buf_str(&c->down));
	else if (why == PR_HELD_BACK)
		printf("  %s  %-22s %s: it fits, but placed there it misses its "
		    "deadline all the same and costs other assets theirs (a lane, "
		    "a cluster's turn, or its stage ending later)\n", when,
		    buf_str(&name), plan_reason_name(why));
	else
		printf("  %s  %-22s %s%s\n", when, buf_str(&name), plan_reason_name(why),
		    buf_str(&more));
	buf_free(&name);
	buf_free(&more);
	buf_free(&c->down);
	c->seen++;
}

/* The exceptions that cover the asset's pending patches, each once. */
struct why_exc {
	const struct plan_data	*d;
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
	struct buf out = { 0 };
	esc_term(&out, buf_str(&t));
	printf("%s\n", buf_str(&out));
	buf_free(&t);
	buf_free(&out);
	return 0;
}

/* The patches exceptions cover: how many, their first deadline, and each
 * exception that covers them (ACCEPTED_RISK, not SLA_BREACH nor UNPLANNED). */
static int
show_covered(struct cli *c, const struct plan_data *d, size_t a)
{
	const struct deadline *dl = &d->deadlines[a];
	struct why_exc x = { d, NULL, 0 };
	struct pw_error e = { 0 };
	struct buf adv = { 0 };
	char due[64];
	int rc;

	cli_format_local(dl->covered_due_utc, cli_zone(c), due, sizeof due);
	esc_term(&adv, dl->covered_advisory);
	printf("  risk accepted: %d pending patch%s an exception covers, due %s (%s "
	    "first): late is ACCEPTED_RISK while it holds\n", dl->covered,
	    dl->covered == 1 ? "" : "es", due, buf_str(&adv));
	buf_free(&adv);
	if ((rc = store_asset_patches(c->store, d->assets[a].key, exc_of_patch, &x,
	    &e)) != 0)
		cli_error(&e, 0);
	free(x.seen);
	return rc;
}

int
cmd_why(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave why ASSET [--now TIME]\nThe "
	    "asset's deadline, its wave, and for every window before it the reason\n"
	    "the planner passed it by (the plan is made again as of now, the clock or\n"
	    "--now, with today's data). ASSET is a key or a hostname.\n";
	struct plan_data d;
	struct plan p;
	long long *ids = NULL;
	struct pw_diags warn = { 0 };
	struct pw_error e = { 0 };
	int found, rc = 1;
	size_t a;

	memset(&d, 0, sizeof d);
	memset(&p, 0, sizeof p);
	if (cli_take_now(c, &argc, argv) != 0) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (argc != 2 || strcmp(argv[1], "--help") == 0) {
		fputs(usage, argc == 2 ? stdout : stderr);
		return argc == 2 ? 0 : EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	if (cli_now(c) != 0) {
		cli_now_done(c);
		return EXIT_USAGE;
	}
	int loaded = store_plan_load(c->store, &d, &p, &ids, &found, &warn, &e);
	cli_now_done(c);
	if (loaded != 0) {
		cli_error(&e, 0);
		goto out;
	}
	for (a = 0; a < d.nassets; a++)
		if (strcmp(d.assets[a].key, argv[1]) == 0 ||
		    strcmp(d.assets[a].hostname, argv[1]) == 0)
			break;
	if (a == d.nassets) {
		cli_errorf("why: no active asset has key or hostname '%s'", argv[1]);
		goto out;
	}
	const struct asset *as = &d.assets[a];
	const struct deadline *dl = &d.deadlines[a];
	struct buf h = { 0 };
	char due[64];
	esc_term(&h, as->hostname);
	printf("%s\n", buf_str(&h));
	buf_free(&h);
	if (!service_model_customer_owned(as->service_model)) {
		printf("  %s: the provider patches it; patchwave plans no wave for it\n",
		    service_model_name(as->service_model));
		rc = 0;
		goto out;
	}
	if (!deadline_wanted(dl) && deadline_pending(dl) == 0) {
		printf("  no pending patches: nothing to plan\n");
		rc = 0;
		goto out;
	}
	/* Advisory (a scanner's file), stage and window names (the policy, a
	 * window calendar) are imported text: escaped like every listing. */
	struct buf adv = { 0 }, stage = { 0 };
	size_t si = plan_stage_of(&d.policy, as);
	if (dl->patches > 0 || dl->reboot_pending)
		cli_format_deadline(dl->due_utc, cli_zone(c), due, sizeof due);
	esc_term(&adv, dl->advisory);
	esc_term(&stage, si < d.policy.nstages ? d.policy.stages[si].name : "(none)");
	if (dl->patches > 0)
		printf("  deadline %s (%s %s, %d pending patch%s%s)\n", due,
		    severity_name(dl->severity), buf_str(&adv), dl->patches,
		    dl->patches == 1 ? "" : "es", dl->reboot ? ", reboot" : "");
	else if (dl->reboot_pending && as->reboot_pending_since > 0) {
		char since[64];
		cli_format_local(as->reboot_pending_since, cli_zone(c), since,
		    sizeof since);
		printf("  deadline %s (a pending reboot, within %d days of its "
		    "first report %s)\n", due, d.policy.reboot_pending_days, since);
	} else if (dl->reboot_pending)
		printf("  deadline %s (a pending reboot, within %d days)\n", due,
		    d.policy.reboot_pending_days);
	if (dl->release_utc > d.in.now_utc) {
		cli_format_local(dl->release_utc, cli_zone(c), due, sizeof due);
		printf("  released %s (its last pending patch): no wave starts "
		    "earlier\n", due);
	}
	if (dl->covered > 0 && show_covered(c, &d, a) != 0)
		goto out;
	printf("  stage %s\n", buf_str(&stage));
	printf("  windows passed by:\n");
	buf_free(&adv);
	buf_free(&stage);

	struct why_ctx w = { c, &d, SIZE_MAX, SIZE_MAX, 0, { 0 }, NULL, 0 };
	struct plan again;
	d.in.explain_asset = a;
	d.in.explain = show;
	d.in.explain_cluster = show_down;
	d.in.explain_arg = &w;
	plan_make(&d.in, &again);
	if (w.seen == 0)
		printf("  (none: it takes the first window open to it)\n");
	if (w.taken != SIZE_MAX) {
		const struct slot *sl = &d.slots.v[w.taken];
		char s1[64], s2[64];
		struct buf name = { 0 };
		cli_format_local(sl->start_utc, cli_zone(c), s1, sizeof s1);
		cli_format_local(sl->end_utc, cli_zone(c), s2, sizeof s2);
		esc_term(&name, sl->name ? sl->name : "");
		for (size_t i = 0; i < again.n; i++)
			if (again.v[i].asset == a)
				printf("  planned in %s, %s to %s%s%s\n", buf_str(&name), s1,
				    s2, again.v[i].end_utc > dl->due_utc ?
				    ": after its deadline (SLA_BREACH)" : "",
				    dl->covered > 0 && again.v[i].end_utc > dl->covered_due_utc ?
				    ": after the covered patches' deadline (ACCEPTED_RISK)" : "");
		buf_free(&name);
	} else if (w.held != SIZE_MAX)
		printf("  left out of the plan on purpose (UNPLANNED, HELD_BACK): "
		    "fewer assets miss their deadlines without it; edit move ASSET "
		    "--wave ID places it anyway\n");
	else
		printf("  no window in the horizon can take it (%s)\n", dl->patches > 0 ?
		    "UNPLANNED" : "ACCEPTED_RISK: exceptions cover every pending patch");
	plan_free(&again);
	buf_free(&w.down);
	free(w.outside);
	rc = 0;
out:
	free(ids);
	plan_free(&p);
	plan_data_free(&d);
	pw_diags_free(&warn);
	return rc;
}
