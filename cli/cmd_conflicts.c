/* patchwave conflicts and patchwave check: the checker over the stored plan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/conflicts.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "cli.h"
#include "out.h"

/* The stored plan checked: loads, runs the checker, hands back everything. */
struct checked {
	struct plan_data	 d;
	struct plan		 p;
	long long		*wave_ids;
	size_t			*wave_of, *first, nwaves;
	struct conflict_list	 cl;
	int			 found;
};

static int
check_stored(struct cli *c, struct checked *k)
{
	struct pw_diags warn = { 0 };
	struct pw_error e = { 0 };

	double t0 = cli_clock();

	memset(k, 0, sizeof *k);
	if (cli_store(c) != 0)
		return -1;
	if (store_plan_load(c->store, &k->d, &k->p, &k->wave_ids, &k->found, &warn,
	    &e) != 0) {
		cli_error(&e, 0);
		pw_diags_free(&warn);
		return -1;
	}
	for (size_t i = 0; i < warn.n; i++)
		cli_error(&warn.v[i], 1);
	pw_diags_free(&warn);
	cli_timing("load", t0);
	t0 = cli_clock();
	k->nwaves = plan_waves(&k->p, &k->wave_of, &k->first);
	conflicts_check(&k->d.in, &k->p, &k->cl);
	cli_timing("check", t0);
	return 0;
}

static void
checked_free(struct checked *k)
{
	conflict_list_free(&k->cl);
	free(k->wave_of);
	free(k->first);
	free(k->wave_ids);
	plan_free(&k->p);
	plan_data_free(&k->d);
}

static const struct out_col cols[] = {
	{ "code", OT_STR, 1 }, { "severity", OT_STR, 1 }, { "assets", OT_RAW, 0 },
	{ "wave", OT_RAW, 1 }, { "other", OT_STR, 0 }, { "message", OT_STR, 1 },
};

int
cmd_conflicts(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave conflicts [--format table|json|csv]\n"
	    "Every conflict of the stored plan: code, severity (error or warning),\n"
	    "assets, wave, the other party (event, cluster, deadline) and why.\n";
	enum out_format fmt = OUT_TABLE;
	struct checked k;
	int rc;

	int f = fmt;
	if ((rc = cli_format_args(argc, argv, usage, &f)) != 0)
		return rc < 0 ? EXIT_USAGE : 0;
	fmt = (enum out_format)f;
	if (check_stored(c, &k) != 0)
		return 1;
	struct out *o = out_new(fmt, stdout, cols, sizeof cols / sizeof cols[0]);
	for (size_t i = 0; i < k.cl.n; i++) {
		const struct conflict *x = &k.cl.v[i];
		struct buf assets = { 0 };
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
		const char *row[] = { conflict_code_name(x->code), x->error ? "error" :
		    "warning", assets.s, x->wave != SIZE_MAX ? wave :
		    (fmt == OUT_TABLE ? "-" : NULL), x->other, x->message };
		out_row(o, row);
		buf_free(&assets);
	}
	out_end(o);
	checked_free(&k);
	return 0;
}

int
cmd_check(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave check\nCheck the stored plan: a "
	    "summary of its conflicts by code; exit 4 when any is\nan error, 0 "
	    "otherwise (for cron and CI).\n";
	struct checked k;
	size_t err[C_COUNT] = { 0 }, warn[C_COUNT] = { 0 }, nerr = 0, nwarn = 0;

	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		cli_errorf("check: unexpected argument %s", argv[1]);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (check_stored(c, &k) != 0)
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
	printf("%zu wave%s, %zu planned asset%s: %zu error%s, %zu warning%s\n",
	    k.nwaves, k.nwaves == 1 ? "" : "s", k.p.n, k.p.n == 1 ? "" : "s", nerr,
	    nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s");
	for (int code = 0; code < C_COUNT; code++)
		if (err[code] || warn[code])
			printf("  %-20s %zu %s\n", conflict_code_name((enum conflict_code)code),
			    err[code] ? err[code] : warn[code], err[code] ? "error" : "warning");
	checked_free(&k);
	return nerr > 0 ? EXIT_CONFLICTS : 0;
}

/* patchwave edit pin|unpin|remove ASSET, edit move ASSET --wave ID: one
 * transaction each, then the plan checked again at once. */
int
cmd_edit(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave edit pin ASSET | unpin ASSET | "
	    "remove ASSET | move ASSET --wave ID\nChange the stored plan by hand "
	    "(one transaction), then check it again at once.\nA moved asset is "
	    "pinned; plan --keep-pinned keeps pinned assets where they are.\n";
	struct pw_error e = { 0 };
	long long wave = -1;
	const char *v;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 3 || (strcmp(argv[1], "pin") && strcmp(argv[1], "unpin") &&
	    strcmp(argv[1], "remove") && strcmp(argv[1], "move")))
		goto usage;
	for (int i = 3; i < argc; i++) {
		if ((rc = cli_opt(argc, argv, &i, "--wave", &v)) > 0 &&
		    strcmp(argv[1], "move") == 0) {
			char *end;
			wave = strtoll(v, &end, 10);
			if (*end == '\0' && wave > 0)
				continue;
			cli_errorf("--wave %s: a wave id (see patchwave waves)", v);
		} else
			cli_errorf("edit: unexpected argument %s", argv[i]);
		goto usage;
	}
	if (strcmp(argv[1], "move") == 0 && wave < 0) {
		cli_errorf("edit move: which --wave?");
		goto usage;
	}
	if (cli_store(c) != 0)
		return 1;
	if (store_begin(c->store, &e) != 0) {
		cli_error(&e, 0);
		return 1;
	}
	if (!strcmp(argv[1], "pin") || !strcmp(argv[1], "unpin"))
		rc = store_plan_pin(c->store, argv[2], !strcmp(argv[1], "pin"), &e);
	else if (!strcmp(argv[1], "remove"))
		rc = store_plan_remove(c->store, argv[2], &e);
	else
		rc = store_plan_move(c->store, argv[2], wave, &e);
	if (rc != 0 || store_commit(c->store, &e) != 0) {
		store_rollback(c->store);
		cli_error(&e, 0);
		return 1;
	}
	/* Checked at once: the screen says done only with what it caused. */
	struct checked k;
	if (check_stored(c, &k) != 0)
		return 1;
	size_t nerr = 0;
	for (size_t i = 0; i < k.cl.n; i++)
		nerr += k.cl.v[i].error != 0;
	printf("%s %s: done; the plan now has %zu error%s, %zu warning%s\n", argv[1],
	    argv[2], nerr, nerr == 1 ? "" : "s", k.cl.n - nerr,
	    k.cl.n - nerr == 1 ? "" : "s");
	checked_free(&k);
	return 0;
usage:
	fputs(usage, stderr);
	return EXIT_USAGE;
}
