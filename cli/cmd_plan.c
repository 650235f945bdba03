/* patchwave plan: make the automatic plan and store it; patchwave waves: list it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/civil.h"
#include "../model/conflicts.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "../action/action.h"
#include "../storage/changes.h"
#include "cli.h"
#include "out.h"

#define UNPLACED_SHOWN	20	/* assets with no window named by plan */

int
cmd_plan(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave plan [--now TIME] [--horizon DAYS] "
	    "[--keep-pinned] [--force]\nPlace every customer-owned asset with pending "
	    "patches in a maintenance window:\nstage order, earliest deadline first, "
	    "soak, cluster limits, capacity, reboots,\nprovider maintenance and "
	    "freezes, then repaired to miss fewer deadlines. Replaces\nthe stored "
	    "plan. --now fixes the planning start (default: the clock), so the\nsame "
	    "data give the same plan. A plan that would send a submitted or approved\n"
	    "change back to draft (its waves change) is refused, naming it, unless "
	    "--force.\n";
	const char *now_s = "now", *v;
	int horizon = 0, keep = 0, force = 0, rc;
	int64_t now;
	struct plan_data d;
	struct plan p;
	struct pw_diags warn = { 0 };
	struct redraft redrafted = { 0 };

	memset(&d, 0, sizeof d);
	memset(&p, 0, sizeof p);
	struct pw_error e = { 0 };

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--keep-pinned") == 0) {
			keep = 1;
			continue;
		}
		if (strcmp(argv[i], "--force") == 0) {
			force = 1;
			continue;
		}
		if ((rc = cli_opt(argc, argv, &i, "--now", &v)) > 0) {
			now_s = v;
			continue;
		}
		if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--horizon", &v)) > 0) {
			char *end;
			long h = strtol(v, &end, 10);
			if (*end == '\0' && h >= 1 && h <= 3660) {
				horizon = (int)h;
				continue;
			}
			cli_errorf("--horizon %s: a number of days from 1 to 3660", v);
		} else if (rc == 0)
			cli_errorf("plan: unexpected argument %s", argv[i]);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	if (cli_parse_time(now_s, cli_zone(c), &now) != 0) {
		cli_errorf("--now %s: not a time (YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM] or now)",
		    now_s);
		return EXIT_USAGE;
	}
	struct act a = cli_act(c, now);
	struct checked k;
	double t0 = cli_clock();
	rc = act_plan_make(&a, horizon, keep, &d, &p, &warn, &e);
	for (size_t i = 0; i < warn.n; i++)
		cli_error(&warn.v[i], 1);
	pw_diags_free(&warn);
	cli_timing("plan", t0);
	/* What the summary says, taken before storing consumes the plan. */
	size_t breaches = 0, waves = 0, placed = p.n, slots = d.slots.n;
	size_t unplaced = p.nunplaced, held = p.nheld;
	struct buf named = { 0 };
	for (size_t i = 0; i < p.n; i++) {
		breaches += p.v[i].breach != 0;
		waves += i == 0 || !plan_same_wave(&p.v[i], &p.v[i - 1]);
	}
	/* A summary, not a listing: conflicts names every one. */
	for (size_t i = 0; i < p.nunplaced && i < UNPLACED_SHOWN; i++) {
		buf_adds(&named, "  unplanned: ");
		esc_term(&named, d.assets[p.unplaced[i]].key);
		buf_addc(&named, '\n');
	}
	if (rc == STORE_OK) {
		t0 = cli_clock();
		rc = act_plan_store(&a, &d, &p, -1, force, &k, &redrafted, &warn, &e);
		pw_diags_free(&warn);	/* the same warnings again */
		cli_timing("save", t0);
	}
	if (rc != STORE_OK) {
		cli_error(&e, 0);
		buf_free(&named);
		rc = 1;
		goto out;
	}
	checked_free(&k);
	cli_say_redraft(&redrafted, 0);
	printf("planned %zu asset%s in %zu wave%s over %zu window occurrence%s; "
	    "%zu past their deadline; %zu unplanned", placed,
	    placed == 1 ? "" : "s", waves, waves == 1 ? "" : "s", slots,
	    slots == 1 ? "" : "s", breaches, unplaced);
	if (held > 0)	/* not for want of a window: why says HELD_BACK */
		printf(" (%zu held back on purpose: placed, %s make others miss their "
		    "deadlines)", held, held == 1 ? "it would" : "they would");
	putchar('\n');
	fputs(buf_str(&named), stdout);
	buf_free(&named);
	if (unplaced > UNPLACED_SHOWN)
		printf("  and %zu more unplanned (patchwave conflicts lists "
		    "them: UNPLANNED; patchwave why ASSET says why)\n",
		    unplaced - UNPLACED_SHOWN);
	rc = 0;
out:
	redraft_free(&redrafted);
	plan_free(&p);
	plan_data_free(&d);
	pw_diags_free(&warn);
	return rc;
}

static const struct out_col wave_cols[] = {
	{ "id", OT_INT, 1 }, { "stage", OT_STR, 1 }, { "window", OT_STR, 1 },
	{ "start", OT_STR, 1 }, { "end", OT_STR, 1 }, { "assets", OT_RAW, 0 },
	{ "count", OT_INT, 1 },
	{ "last_start", OT_STR, 1 },	/* end less the window's cutoff: no
					   asset starts later */
};

struct waves_ctx {
	struct cli	*cli;
	struct out	*out;
	enum out_format	 fmt;
};

static int
wave_row(void *arg, const struct wave_info *w)
{
	struct waves_ctx *c = arg;
	char id[24], n[16], s[64], e[64], l[64];
	struct buf list = { 0 };

	snprintf(id, sizeof id, "%lld", w->id);
	snprintf(n, sizeof n, "%zu", w->nassets);
	if (c->fmt == OUT_TABLE) {
		cli_format_local(w->start_utc, cli_zone(c->cli), s, sizeof s);
		cli_format_local(w->end_utc, cli_zone(c->cli), e, sizeof e);
		cli_format_local(w->last_start_utc, cli_zone(c->cli), l, sizeof l);
	} else {
		utc_format(w->start_utc, s);
		utc_format(w->end_utc, e);
		utc_format(w->last_start_utc, l);
	}
	buf_addc(&list, '[');
	for (size_t i = 0; i < w->nassets; i++) {
		if (i)
			buf_addc(&list, ',');
		esc_json(&list, w->hostnames[i]);
	}
	buf_addc(&list, ']');
	const char *v[] = { id, w->stage, w->window, s, e, list.s, n, l };
	out_row(c->out, v);
	buf_free(&list);
	return 0;
}

int
cmd_waves(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave waves [--format table|csv|json]\n"
	    "The stored plan's waves in start order: id, stage, window, start, end,\n"
	    "the assets' hostnames, and the last start (the end less the window's\n"
	    "cutoff: no asset starts later).\n";
	struct waves_ctx ctx = { .cli = c, .fmt = OUT_TABLE };
	struct pw_error e = { 0 };
	int rc;

	if ((rc = cli_format_args(argc, argv, usage, &ctx.fmt, NULL, NULL)) != 0)
		return rc < 0 ? EXIT_USAGE : 0;
	if (cli_store(c) != 0)
		return 1;
	ctx.out = out_new(ctx.fmt, stdout, wave_cols, sizeof wave_cols / sizeof wave_cols[0]);
	rc = store_waves_each(c->store, wave_row, &ctx, &e);
	int64_t made;
	if (rc == 0 && ctx.fmt == OUT_TABLE)
		rc = store_plan_now(c->store, &made, &e);	/* 0: no plan */
	out_end_none(ctx.out, rc == 0 ? "no plan yet: run 'patchwave plan'" : NULL);
	if (rc < 0) {
		cli_error(&e, 0);
		return 1;
	}
	return 0;
}
