/* patchwave deadlines: every customer-owned asset with pending patches or a
 * pending reboot and the deadline they set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/civil.h"
#include "../model/deadline.h"
#include "../util/buf.h"
#include "cli.h"
#include "out.h"

static const struct out_col cols[] = {
	{ "hostname", OT_STR, 1 }, { "key", OT_STR, 0 }, { "deadline", OT_STR, 1 },
	{ "planned_end", OT_STR, 1 }, { "slack_hours", OT_RAW, 1 },
	{ "severity", OT_STR, 1 }, { "advisory", OT_STR, 1 }, { "patches", OT_INT, 1 },
	{ "reboot", OT_BOOL, 1 }, { "release_assumed", OT_BOOL, 1 },
};

/* An asset with a pending reboot (customer-owned, active), in key order. */
struct dl_reboot {
	char		*key, *hostname;
	int64_t		 since;
};

struct dl_ctx {
	struct cli		*cli;
	const struct policy	*policy;
	struct out		*out;
	enum out_format		 fmt;
	char			*key, *hostname;	/* the asset being summed */
	struct deadline		 d;
	char			*advisory;	/* d's, kept */
	struct dl_reboot	*rb;		/* pending reboots, key order */
	size_t			 nrb, caprb, nextrb;	/* nextrb: the merge's place */
	int64_t			 now;
};

/* Print the asset summed so far; planned_end and slack are null while the
 * stored plan does not place it. */
static void
flush(struct dl_ctx *c)
{
	char due[64], n[16];

	char end[64], slack[32];
	int64_t planned;
	struct pw_error e;
	int has_plan;

	if (c->key == NULL)
		return;
	/* Its pending reboot: the earlier of the two deadlines. */
	if (c->nextrb < c->nrb && strcmp(c->rb[c->nextrb].key, c->key) == 0)
		deadline_add_reboot(&c->d, c->policy, c->rb[c->nextrb++].since, c->now);
	has_plan = store_planned_end(c->cli->store, c->key, &planned, &e) == 1;
	if (c->fmt == OUT_TABLE) {
		cli_format_deadline(c->d.due_utc, cli_zone(c->cli), due, sizeof due);
		if (has_plan)
			cli_format_local(planned, cli_zone(c->cli), end, sizeof end);
	} else {
		utc_format(c->d.due_utc, due);
		if (has_plan)
			utc_format(planned, end);
	}
	/* Slack in hours, one decimal, rounded down: negative is a breach. */
	if (has_plan)
		snprintf(slack, sizeof slack, "%.1f",
		    (double)deadline_slack(c->d.due_utc, planned, 360) / 10.0);
	snprintf(n, sizeof n, "%d", c->d.patches);
	const char *v[] = { c->hostname, c->key, due, has_plan ? end : NULL,
	    has_plan ? slack : NULL, c->d.severity < SEV_COUNT ?
	    severity_name(c->d.severity) : NULL, c->d.advisory, n,
	    c->d.reboot ? "1" : "0", c->d.assumed ? "1" : "0" };
	out_row(c->out, v);
	free(c->key);
	free(c->hostname);
	free(c->advisory);
	c->key = c->hostname = c->advisory = NULL;
}

/* Print the assets with a pending reboot and no pending patch whose keys
 * come before key (NULL: all that are left). */
static void
reboots_before(struct dl_ctx *c, const char *key)
{
	while (c->nextrb < c->nrb && (key == NULL ||
	    strcmp(c->rb[c->nextrb].key, key) < 0)) {
		const struct dl_reboot *r = &c->rb[c->nextrb];
		c->key = xstrdup(r->key);
		c->hostname = xstrdup(r->hostname);
		deadline_init(&c->d);
		flush(c);	/* adds the reboot */
	}
}

static int
keep_reboot(void *arg, struct asset *a, int retired)
{
	struct dl_ctx *c = arg;

	if (retired || !a->reboot_pending ||
	    !service_model_customer_owned(a->service_model))
		return 0;
	c->rb = xgrow(c->rb, &c->caprb, c->nrb, sizeof *c->rb);
	c->rb[c->nrb++] = (struct dl_reboot){ xstrdup(a->key), xstrdup(a->hostname),
	    a->reboot_pending_since };
	return 0;
}

static int
each(void *arg, const struct pending *p)
{
	struct dl_ctx *c = arg;

	if (!service_model_customer_owned(p->service_model))
		return 0;	/* the provider patches it: nothing to plan */
	if (c->key == NULL || strcmp(c->key, p->key) != 0) {
		flush(c);
		reboots_before(c, p->key);
		c->key = xstrdup(p->key);
		c->hostname = xstrdup(p->hostname);
		deadline_init(&c->d);
	}
	if (deadline_add(&c->d, c->policy, &p->patch)) {
		free(c->advisory);
		c->d.advisory = c->advisory = xstrdup(c->d.advisory);
	}
	return 0;
}

int
cmd_deadlines(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave deadlines [--format table|csv|json]\n"
	    "Every customer-owned asset with pending patches or a pending reboot: its\n"
	    "deadline (the earliest of its patches' release date + the policy's SLA\n"
	    "days and of its reboot's first report + reboot_pending_days), the patch\n"
	    "that sets it (\"reboot pending\" for the reboot), and once a plan\n"
	    "exists its planned end and slack.\n";
	struct dl_ctx ctx = { .cli = c, .fmt = OUT_TABLE };
	struct policy p;
	struct pw_error e = { 0 };
	int found, rc;

	if ((rc = cli_format_args(argc, argv, usage, &ctx.fmt, NULL, NULL)) != 0)
		return rc < 0 ? EXIT_USAGE : 0;
	if (cli_store(c) != 0)
		return 1;
	ctx.now = store_now(c->store);	/* for a reboot pending since before
					   schema 17: from now */
	if (store_policy_load(c->store, &p, &found, &e) != 0) {
		cli_error(&e, 0);
		policy_free(&p);
		return 1;
	}
	ctx.policy = &p;
	ctx.out = out_new(ctx.fmt, stdout, cols, sizeof cols / sizeof cols[0]);
	rc = store_assets_each(c->store, 0, keep_reboot, &ctx, &e);
	if (rc == 0)
		rc = store_pending_each(c->store, each, &ctx, &e);
	flush(&ctx);
	if (rc == 0)
		reboots_before(&ctx, NULL);
	out_end(ctx.out);
	policy_free(&p);
	for (size_t i = 0; i < ctx.nrb; i++) {
		free(ctx.rb[i].key);
		free(ctx.rb[i].hostname);
	}
	free(ctx.rb);
	if (rc != 0) {
		cli_error(&e, 0);
		return 1;
	}
	return 0;
}
