/* patchwave deadlines: every customer-owned asset with pending patches and
 * the SLA deadline they set. */
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

struct dl_ctx {
	struct cli		*cli;
	const struct policy	*policy;
	struct out		*out;
	enum out_format		 fmt;
	char			*key, *hostname;	/* the asset being summed */
	struct deadline		 d;
	char			*advisory;	/* d's, kept */
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
	has_plan = store_planned_end(c->cli->store, c->key, &planned, &e) == 1;
	if (c->fmt == OUT_TABLE) {
		cli_format_local(c->d.due_utc, cli_zone(c->cli), due, sizeof due);
		if (has_plan)
			cli_format_local(planned, cli_zone(c->cli), end, sizeof end);
	} else {
		utc_format(c->d.due_utc, due);
		if (has_plan)
			utc_format(planned, end);
	}
	/* Slack in hours, one decimal: negative is a breach. */
	if (has_plan)
		snprintf(slack, sizeof slack, "%.1f", (double)(c->d.due_utc - planned) / 3600.0);
	snprintf(n, sizeof n, "%d", c->d.patches);
	const char *v[] = { c->hostname, c->key, due, has_plan ? end : NULL,
	    has_plan ? slack : NULL, severity_name(c->d.severity), c->d.advisory, n,
	    c->d.reboot ? "1" : "0", c->d.assumed ? "1" : "0" };
	out_row(c->out, v);
	free(c->key);
	free(c->hostname);
	free(c->advisory);
	c->key = c->hostname = c->advisory = NULL;
}

static int
each(void *arg, const struct pending *p)
{
	struct dl_ctx *c = arg;

	if (!service_model_customer_owned(p->service_model))
		return 0;	/* the provider patches it: nothing to plan */
	if (c->key == NULL || strcmp(c->key, p->key) != 0) {
		flush(c);
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
	    "Every customer-owned asset with pending patches: its SLA deadline (the\n"
	    "earliest of its patches' release date + the policy's SLA days), the\n"
	    "patch that sets it, and once a plan exists its planned end and slack.\n";
	struct dl_ctx ctx = { .cli = c, .fmt = OUT_TABLE };
	struct policy p;
	struct pw_error e = { 0 };
	int found, rc;

	if ((rc = cli_format_args(argc, argv, usage, &ctx.fmt, NULL, NULL)) != 0)
		return rc < 0 ? EXIT_USAGE : 0;
	if (cli_store(c) != 0)
		return 1;
	if (store_policy_load(c->store, &p, &found, &e) != 0) {
		cli_error(&e, 0);
		policy_free(&p);
		return 1;
	}
	ctx.policy = &p;
	ctx.out = out_new(ctx.fmt, stdout, cols, sizeof cols / sizeof cols[0]);
	rc = store_pending_each(c->store, each, &ctx, &e);
	flush(&ctx);
	out_end(ctx.out);
	policy_free(&p);
	if (rc != 0) {
		cli_error(&e, 0);
		return 1;
	}
	return 0;
}
