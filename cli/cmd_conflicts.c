/* patchwave conflicts and patchwave check: the checker over the stored plan. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/conflicts.h"
#include "../util/buf.h"
#include "../util/clock.h"
#include "../util/escape.h"
#include "../action/action.h"
#include "cli.h"
#include "out.h"

int
cli_check_stored(struct cli *c, struct checked *k)
{
	struct pw_diags warn = { 0 };
	struct pw_error e = { 0 };
	double t0 = cli_clock();

	memset(k, 0, sizeof *k);
	if (cli_store(c) != 0 || cli_now(c) != 0)
		return -1;
	int rc = store_plan_load(c->store, &k->d, &k->p, &k->wave_ids, &k->found,
	    &warn, &e);
	for (size_t i = 0; i < warn.n; i++)
		cli_error(&warn.v[i], 1);
	pw_diags_free(&warn);
	if (rc != 0) {
		cli_error(&e, 0);
		checked_free(k);
		return -1;
	}
	cli_timing("load", t0);
	t0 = cli_clock();
	checked_run(k);
	cli_timing("check", t0);
	return 0;
}

static int
fp_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static const struct out_col cols[] = {
	{ "code", OT_STR, 1 }, { "severity", OT_STR, 1 }, { "assets", OT_RAW, 0 },
	{ "wave", OT_RAW, 1 }, { "other", OT_STR, 0 }, { "message", OT_STR, 1 },
	{ "id", OT_STR, 0 }, { "acknowledged", OT_STR, 0 }, { "proposals", OT_STR, 1 },
	{ "commands", OT_RAW, 0 },	/* the proposals' edits, a list */
};

/* The table, for people: the id that ack takes and whether a warning is
 * acknowledged come before the message (CSV and JSON keep cols' order). */
static const struct out_col table_cols[] = {
	{ "code", OT_STR, 1 }, { "severity", OT_STR, 1 }, { "wave", OT_RAW, 1 },
	{ "id", OT_STR, 1 }, { "acked", OT_STR, 1 }, { "message", OT_STR, 1 },
	{ "proposals", OT_STR, 1 },
};

#define PROPOSAL_MAX		10	/* conflicts with proposals, at most */
#define PROPOSAL_MAX_S		"10"

/* Where a conflict's assets could go instead (act_proposals), each with the
 * edit that carries it out, as one line: "nearest: 2026-11-29 02:00+01:00
 * sunday-night (wave 7): edit move web-01 --wave 7; ...". The edits alone
 * as a JSON list into *cmds (caller frees). */
static char *
proposals(struct cli *c, const struct checked *k, const struct conflict *x,
    char **cmds)
{
	struct proposal pr[3];
	size_t npick = act_proposals(k, x, pr);
	struct buf b = { 0 }, cmd = { 0 }, list = { 0 };

	buf_addc(&list, '[');
	for (size_t i = 0; i < npick; i++) {
		const struct slot *sl = &k->d.in.slots[pr[i].slot];
		char when[64];
		cli_format_local(sl->start_utc, cli_zone(c), when, sizeof when);
		/* A wave there of the same stage takes them with edit move; else
		 * edit move-wave takes them there. */
		buf_printf(&b, "%s%s: %s %s", i ? "; " : "", pr[i].why, when,
		    sl->name ? sl->name : "");
		if (pr[i].wave)
			buf_printf(&b, " (wave %lld)", pr[i].wave);
		buf_reset(&cmd);
		act_proposal_command(k, x, &pr[i], &cmd);
		buf_printf(&b, ": %s", buf_str(&cmd));
		if (i)
			buf_addc(&list, ',');
		esc_json(&list, buf_str(&cmd));
	}
	buf_addc(&list, ']');
	if (npick == 0)
		buf_adds(&b, "none: no window within reach takes them without an error");
	buf_free(&cmd);
	*cmds = buf_detach(&list);
	return buf_detach(&b);
}

/* The proposals p (owned, may be NULL) of conflict i, with the moves of the
 * provider's events that answer it first: "move the provider's event
 * instance-event-0abc on web-01 to start 2026-12-01 02:00+01:00 (tuesday-night,
 * wave 7; it allows up to ...)". */
static char *
with_moves(struct cli *c, char *p, size_t i, const struct provider_move_row *m,
    const size_t *of, size_t n)
{
	struct buf b = { 0 };
	char when[64], latest[64];

	for (size_t j = 0; j < n; j++) {
		if (of[j] != i)
			continue;
		cli_format_local(m[j].at, cli_zone(c), when, sizeof when);
		cli_format_local(m[j].latest, cli_zone(c), latest, sizeof latest);
		buf_printf(&b, "%smove the provider's event %s on %s to start %s "
		    "(%s", b.len ? "; " : "", m[j].event, m[j].asset, when,
		    m[j].window);
		if (m[j].wave > 0)
			buf_printf(&b, ", wave %lld", m[j].wave);
		buf_printf(&b, "; it allows up to %s): export --to provider-moves",
		    latest);
	}
	if (b.len == 0)
		return p;
	if (p)
		buf_printf(&b, "; %s", p);
	free(p);
	return buf_detach(&b);
}

/* conflicts --help ends with every code and what it means, from the code
 * list (model/conflict_codes.h), each meaning wrapped at 78 columns. */
static void
print_codes(void)
{
	fputs("Codes:\n", stdout);
	for (int code = 0; code < C_COUNT; code++) {
		const char *m = conflict_code_meaning((enum conflict_code)code);
		int col = printf("  %-19s", conflict_code_name((enum conflict_code)code));
		while (*m != '\0') {
			size_t n = strcspn(m, " ");
			if (col > 21 && col + 1 + (int)n > 78)
				col = printf("\n%21s", "") - 1;
			col += printf(" %.*s", (int)n, m);
			m += n;
			m += *m == ' ';
		}
		putchar('\n');
	}
}

int
cmd_conflicts(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave conflicts [--new] [--now TIME] "
	    "[--format table|json|csv]\n"
	    "Every conflict of the stored plan: code, severity (error or warning),\n"
	    "assets, wave, the other party (event, cluster, deadline) and why.\n"
	    "--new: only those the plan did not have when it was made or last\n"
	    "edited (a calendar re-import, say), each with where its assets could go\n"
	    "and the edit that takes them there (edit move or edit move-wave, as this\n"
	    "command takes it; JSON and CSV: commands).\n"
	    "--now: check as of that time (default: the clock).\n"
	    "The table gives each conflict's id (what ack takes) and whether a\n"
	    "warning is acknowledged (acked yes or no; - for an error; exc for an\n"
	    "ACCEPTED_RISK, which its exception accepted: no ack needed).\n";
	enum out_format fmt = OUT_TABLE;
	struct checked k;
	struct pw_error e = { 0 };
	int rc, only_new = 0;

	if (cli_take_now(c, &argc, argv) != 0) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_format_args(argc, argv, usage, &fmt, "--new", &only_new)) != 0) {
		if (rc > 0)
			print_codes();
		return rc < 0 ? EXIT_USAGE : 0;
	}
	rc = cli_check_stored(c, &k);
	cli_now_done(c);
	if (rc != 0)
		return 1;
	int64_t *base = NULL;
	size_t nbase = 0, nacks = 0;
	struct ack *acks = NULL;
	if ((only_new && store_baseline_load(c->store, &base, &nbase, &e) != 0) ||
	    store_acks_load(c->store, &acks, &nacks, &e) != 0) {
		cli_error(&e, 0);
		free(base);
		checked_free(&k);
		return 1;
	}
	char **prop = only_new ? xcalloc(k.cl.n ? k.cl.n : 1, sizeof *prop) : NULL;
	char **cmds = only_new ? xcalloc(k.cl.n ? k.cl.n : 1, sizeof *cmds) : NULL;
	size_t shown = 0, nprop = 0, nmoves = 0, *move_of = NULL;
	struct provider_move_row *moves = NULL;
	if (only_new)
		nmoves = act_provider_moves(&k, &moves, &move_of);
	struct out *o = fmt == OUT_TABLE ? out_new(fmt, stdout, table_cols,
	    sizeof table_cols / sizeof table_cols[0] - (only_new ? 0 : 1)) :
	    out_new(fmt, stdout, cols, sizeof cols / sizeof cols[0] - (only_new ? 0 : 2));
	for (size_t i = 0; i < k.cl.n; i++) {
		const struct conflict *x = &k.cl.v[i];
		int64_t fp = conflict_fingerprint(&k.d.in, &k.p, k.first, x);
		if (only_new) {
			if (nbase > 0 && bsearch(&fp, base, nbase, sizeof *base,
			    fp_cmp) != NULL)
				continue;
			/* Each proposal costs trial plans: worked out for the
			 * first few conflicts only, so a region-wide event over
			 * a big estate still answers in seconds. */
			if (x->wave != SIZE_MAX)
				prop[i] = ++nprop <= PROPOSAL_MAX ? proposals(c, &k, x,
				    &cmds[i]) :
				    xstrdup("not worked out: more than "
				    PROPOSAL_MAX_S " new conflicts");
			prop[i] = with_moves(c, prop[i], i, moves, move_of, nmoves);
		}
		shown++;
		struct buf assets = { 0 }, msg = { 0 };
		char wave[24] = "";
		buf_addc(&assets, '[');
		for (size_t j = 0; j < x->nassets; j++) {
			if (j)
				buf_addc(&assets, ',');
			esc_json(&assets, k.d.assets[x->assets[j]].hostname);
		}
		buf_addc(&assets, ']');
		if (x->wave != SIZE_MAX)
			snprintf(wave, sizeof wave, "%lld", k.wave_ids[k.first[x->wave]]);
		char id[20];
		struct buf ackt = { 0 };
		const struct ack *ak = acks_find(acks, nacks, fp);
		snprintf(id, sizeof id, "%016llx", (unsigned long long)fp);
		if (ak)
			buf_printf(&ackt, "%s %s: %s", ak->who, ak->at, ak->reason);
		conflict_message(&k.d.in, x, &msg);
		if (fmt == OUT_TABLE) {	/* for people: the operator's zone */
			struct buf local = { 0 };
			cli_local_times(&local, buf_str(&msg), cli_zone(c));
			buf_free(&msg);
			msg = local;
		}
		const char *row[] = { conflict_code_name(x->code), x->error ? "error" :
		    "warning", assets.s, x->wave != SIZE_MAX ? wave :
		    (fmt == OUT_TABLE ? "-" : NULL), x->other, buf_str(&msg), id,
		    ak ? ackt.s : NULL, only_new ? prop[i] : NULL,
		    only_new ? cmds[i] : NULL };
		/* An accepted risk needs no acknowledgement (its exception
		 * accepted it; submit does not ask): exc, as the TUI says, not a
		 * "no" that reads as one more to acknowledge. */
		const char *trow[] = { row[0], row[1], row[3], id, x->error ? "-" :
		    ak ? "yes" : x->code == C_ACCEPTED_RISK ? "exc" : "no", row[5],
		    row[8] };
		out_row(o, fmt == OUT_TABLE ? trow : row);
		buf_free(&assets);
		buf_free(&msg);
		buf_free(&ackt);
	}
	/* A table with nothing to show says why, without a header alone. */
	out_end_none(o, !k.found ? "no plan yet: run 'patchwave plan'" :	/* as check */
	    only_new && shown == 0 && rc == 0 ? "no new conflicts since the plan "
	    "was made or last edited" : NULL);
	for (size_t i = 0; prop && i < k.cl.n; i++) {
		free(prop[i]);
		free(cmds[i]);
	}
	free(prop);
	free(cmds);
	free(moves);
	free(move_of);
	free(base);
	acks_free(acks, nacks);
	checked_free(&k);
	return rc;
}

int
cmd_check(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave check [--now TIME]\nCheck the "
	    "stored plan as of now (the clock, or --now): a summary of its\nconflicts "
	    "by code and the plan's age; exit 4 when any is an error, 0\notherwise "
	    "(for cron and CI).\n";
	struct checked k;
	size_t err[C_COUNT] = { 0 }, warn[C_COUNT] = { 0 }, nerr = 0, nwarn = 0;

	if (cli_take_now(c, &argc, argv) != 0) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		cli_errorf("check: unexpected argument %s", argv[1]);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	int rc = cli_check_stored(c, &k);
	cli_now_done(c);
	if (rc != 0)
		return 1;
	for (size_t i = 0; i < k.cl.n; i++) {
		if (k.cl.v[i].error) {
			err[k.cl.v[i].code]++;
			nerr++;
		} else {
			warn[k.cl.v[i].code]++;
			nwarn++;
		}
	}
	if (!k.found)
		printf("no plan yet: run 'patchwave plan'\n");
	else {
		char as_of[64];
		long days = (long)((k.d.in.now_utc - k.d.plan_now) / 86400);
		cli_format_local(k.d.plan_now, cli_zone(c), as_of, sizeof as_of);
		as_of[strcspn(as_of, " ")] = '\0';	/* the date */
		if (days >= 0)
			printf("plan as of %s (%ld day%s old)\n", as_of, days,
			    days == 1 ? "" : "s");
		else
			printf("plan as of %s (%ld day%s ahead of now)\n", as_of, -days,
			    days == -1 ? "" : "s");
	}
	printf("%zu wave%s, %zu planned asset%s: %zu error%s, %zu warning%s\n",
	    k.nwaves, k.nwaves == 1 ? "" : "s", k.p.n, k.p.n == 1 ? "" : "s", nerr,
	    nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s");
	/* A code may have both (PROVIDER_OVERLAP: maintenance across a
	 * window's edge, and inside one): a line each, names aligned. */
	int width = 0;
	for (int code = 0; code < C_COUNT; code++) {
		int len = (int)strlen(conflict_code_name((enum conflict_code)code));
		width = len > width ? len : width;
	}
	for (int code = 0; code < C_COUNT; code++) {
		const char *name = conflict_code_name((enum conflict_code)code);
		if (err[code])
			printf("  %-*s %zu error\n", width, name, err[code]);
		if (warn[code])
			printf("  %-*s %zu warning\n", width, name, warn[code]);
	}
	struct plan_version v;
	struct pw_error e = { 0 };
	if (k.found && store_plan_version(c->store, &v, &e) == 0) {
		struct buf b = { 0 }, at = { 0 };
		cli_local_times(&at, v.at, cli_zone(c));	/* as "plan as of" */
		buf_printf(&b, "plan version %lld: %s by %s at %s", v.n, v.what, v.who,
		    buf_str(&at));
		buf_free(&at);
		struct buf t = { 0 };
		esc_term(&t, b.s);
		printf("%s\n", t.s);
		buf_free(&b);
		buf_free(&t);
	}
	checked_free(&k);
	return nerr > 0 ? EXIT_CONFLICTS : 0;
}

/* patchwave ack ID --reason TEXT: a warning acknowledged, with why. */
int
cmd_ack(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave ack ID --reason TEXT\n"
	    "Acknowledge a warning of the stored plan (ID from patchwave conflicts)\n"
	    "with a justification; errors cannot be acknowledged, only resolved.\n"
	    "The acknowledgement is stored with who (the OS user, or --as) and when,\n"
	    "and holds while the conflict does.\n";
	const char *reason = NULL, *v;
	struct pw_error e = { 0 };
	enum conflict_code code;
	unsigned long long fp;
	char *end;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	for (int i = 2; i < argc; i++) {
		if ((rc = cli_opt(argc, argv, &i, "--reason", &v)) > 0)
			reason = v;
		else {
			if (rc == 0)
				cli_errorf("ack: unexpected argument %s", argv[i]);
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc < 2 || reason == NULL) {
		cli_errorf("ack: %s", argc < 2 ? "which conflict (ID)?" :
		    "--reason TEXT is required: say why the warning is acceptable");
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	fp = strtoull(argv[1], &end, 16);
	if (strlen(argv[1]) != 16 || *end != '\0') {
		cli_errorf("ack: %s is not a conflict id (16 hex digits, see patchwave "
		    "conflicts)", argv[1]);
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	struct act a = cli_act(c, pw_clock());
	if ((rc = act_ack(&a, (int64_t)fp, reason, &code, &e)) != STORE_OK) {
		cli_errorf("ack: %s", e.msg);
		return 1;
	}
	printf("acknowledged %s (%s)\n", argv[1], conflict_code_name(code));
	return 0;
}
