/* patchwave conflicts and patchwave check: the checker over the stored plan. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/conflicts.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "cli.h"
#include "out.h"

int
cli_check_stored(struct cli *c, struct checked *k)
{
	struct pw_diags warn = { 0 };
	struct pw_error e = { 0 };
	double t0 = cli_clock();

	memset(k, 0, sizeof *k);
	if (cli_store(c) != 0)
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
};

#define PROPOSAL_MAX		10	/* conflicts with proposals, at most */
#define PROPOSAL_MAX_S		"10"
#define PROPOSAL_TRIES		12	/* trial plans per wave, at most */

/* Where a conflict's assets could go instead, as one line:
 * "2026-11-29 02:00+01:00 sunday-night (wave 7); ...". */
static char *
proposals(struct cli *c, const struct checked *k, const struct conflict *x)
{
	size_t got[6], n, pick[3], npick = 0;
	struct buf b = { 0 };
	int64_t at = k->d.in.slots[k->p.v[k->first[x->wave]].slot].start_utc;
	static const char *const label[3] = { "nearest", "next", "previous" };
	const char *why[3];

	/* Up to six found, nearest first; shown: the nearest, the next one
	 * after the wave's window and the previous one before it. */
	n = conflicts_proposals(&k->d.in, &k->p, x->assets, x->nassets, got, 6,
	    PROPOSAL_TRIES);
	for (int role = 0; role < 3 && n > 0; role++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < n; i++) {
			int64_t st = k->d.in.slots[got[i]].start_utc;
			if ((role == 1 && st <= at) || (role == 2 && st >= at))
				continue;
			if (best == SIZE_MAX || (role == 1 && st <
			    k->d.in.slots[got[best]].start_utc) || (role == 2 && st >
			    k->d.in.slots[got[best]].start_utc))
				best = i;
			if (role == 0)
				break;		/* got[0] is the nearest */
		}
		int dup = best == SIZE_MAX;
		for (size_t j = 0; j < npick && !dup; j++)
			dup = pick[j] == got[best];
		if (!dup) {
			why[npick] = label[role];
			pick[npick++] = got[best];
		}
	}
	for (size_t i = 0; i < npick; i++) {
		const struct slot *sl = &k->d.in.slots[pick[i]];
		char when[64];
		long long wave = 0;
		cli_format_local(sl->start_utc, cli_zone(c), when, sizeof when);
		/* A wave there of the same stage takes them with edit move; else
		 * the next plan --keep-pinned makes one. */
		for (size_t q = 0; q < k->nwaves && wave == 0; q++) {
			const struct placement *pl = &k->p.v[k->first[q]];
			if (pl->slot == pick[i] && pl->stage == k->p.v[k->first[x->wave]].stage)
				wave = k->wave_ids[k->first[q]];
		}
		buf_printf(&b, "%s%s: %s %s", i ? "; " : "", why[i], when,
		    sl->name ? sl->name : "");
		if (wave)
			buf_printf(&b, " (wave %lld)", wave);
	}
	if (npick == 0)
		buf_adds(&b, "none: no window within reach takes them without an error");
	return buf_detach(&b);
}

int
cmd_conflicts(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave conflicts [--new] [--format "
	    "table|json|csv]\n"
	    "Every conflict of the stored plan: code, severity (error or warning),\n"
	    "assets, wave, the other party (event, cluster, deadline) and why.\n"
	    "--new: only those the plan did not have when it was made or last\n"
	    "edited (a calendar re-import, say), each with where its assets could go.\n";
	enum out_format fmt = OUT_TABLE;
	struct checked k;
	struct pw_error e = { 0 };
	int rc, only_new = 0;

	if ((rc = cli_format_args(argc, argv, usage, &fmt, "--new", &only_new)) != 0)
		return rc < 0 ? EXIT_USAGE : 0;
	if (cli_check_stored(c, &k) != 0)
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
	size_t shown = 0, nprop = 0;
	struct out *o = out_new(fmt, stdout, cols, sizeof cols / sizeof cols[0] -
	    (only_new ? 0 : 1));
	for (size_t i = 0; i < k.cl.n; i++) {
		const struct conflict *x = &k.cl.v[i];
		int64_t fp = conflict_fingerprint(&k.d.in, &k.p, k.first, x);
		if (only_new) {
			if (bsearch(&fp, base, nbase, sizeof *base, fp_cmp) != NULL)
				continue;
			/* Each proposal costs trial plans: worked out for the
			 * first few conflicts only, so a region-wide event over
			 * a big estate still answers in seconds. */
			if (x->wave != SIZE_MAX)
				prop[i] = ++nprop <= PROPOSAL_MAX ? proposals(c, &k, x) :
				    xstrdup("not worked out: more than "
				    PROPOSAL_MAX_S " new conflicts");
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
		const char *row[] = { conflict_code_name(x->code), x->error ? "error" :
		    "warning", assets.s, x->wave != SIZE_MAX ? wave :
		    (fmt == OUT_TABLE ? "-" : NULL), x->other, buf_str(&msg), id,
		    ak ? ackt.s : NULL, only_new ? prop[i] : NULL };
		out_row(o, row);
		buf_free(&assets);
		buf_free(&msg);
		buf_free(&ackt);
	}
	out_end(o);
	if (only_new && fmt == OUT_TABLE && shown == 0 && rc == 0)
		printf("no new conflicts since the plan was made or last edited\n");
	for (size_t i = 0; prop && i < k.cl.n; i++)
		free(prop[i]);
	free(prop);
	free(base);
	acks_free(acks, nacks);
	checked_free(&k);
	return rc;
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
	if (cli_check_stored(c, &k) != 0)
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
	struct plan_version v;
	struct pw_error e = { 0 };
	if (k.found && store_plan_version(c->store, &v, &e) == 0) {
		struct buf b = { 0 };
		buf_printf(&b, "plan version %lld: %s by %s at %s", v.n, v.what, v.who, v.at);
		struct buf t = { 0 };
		esc_term(&t, b.s);
		printf("%s\n", t.s);
		buf_free(&b);
		buf_free(&t);
	}
	checked_free(&k);
	return nerr > 0 ? EXIT_CONFLICTS : 0;
}

/* A wave id argument: > 0, else a usage error. */
static int
wave_arg(const char *v, long long *out)
{
	char *end;

	*out = strtoll(v, &end, 10);
	if (*end == '\0' && *out > 0 && end != v)
		return 0;
	cli_errorf("%s: a wave id (see patchwave waves)", v);
	return -1;
}

/* The window occurrence of the stored plan's horizon that starts at `at`
 * (and is called `window`, when given); NULL after saying why there is none
 * or more than one. */
static const struct slot *
target_slot(struct cli *c, const struct checked *k, int64_t at, const char *window)
{
	const struct slot *hit = NULL, *next = NULL;
	size_t n = 0;
	char when[64];

	for (size_t i = 0; i < k->d.slots.n; i++) {
		const struct slot *sl = &k->d.slots.v[i];
		if (sl->admits == &k->d.nothing || (window && strcmp(sl->name, window)))
			continue;	/* gone windows take nothing */
		if (sl->start_utc == at && n++ == 0)
			hit = sl;
		if (sl->start_utc > at && (next == NULL || sl->start_utc < next->start_utc))
			next = sl;
	}
	if (n == 1)
		return hit;
	cli_format_local(at, cli_zone(c), when, sizeof when);
	if (n > 1) {
		cli_errorf("%zu windows start at %s: say which with --window", n, when);
		return NULL;
	}
	struct buf b = { 0 };
	buf_printf(&b, "no window%s%s starts at %s in the plan's horizon",
	    window ? " called " : "", window ? window : "", when);
	if (next) {
		cli_format_local(next->start_utc, cli_zone(c), when, sizeof when);
		buf_printf(&b, "; the next is %s at %s", next->name, when);
	}
	struct pw_error e = { 0 };
	pw_error_set(&e, NULL, 0, "%s", b.s);
	cli_error(&e, 0);
	buf_free(&b);
	return NULL;
}

/* One edit of patchwave edit, run by store_plan_edit() in its transaction. */
struct edit_args {
	struct cli	*c;
	size_t		 verb;		/* index into cmd_edit's verbs */
	const char	*asset;
	long long	 wave, into, id;
	int64_t		 at;
	const char	*window;
	const char	**names;
	size_t		 nnames;
	long long	 made;		/* split: the new wave */
	const char	*what;		/* the command line, for undo */
	char		*undone;	/* undo: what it undid */
};

/* What undo keeps before the edit: the asset (and its wave), or the waves. */
static int
edit_mark(struct edit_args *a, struct store *s, struct pw_error *e)
{
	long long waves[2] = { a->id, a->into };
	const char *one[1] = { a->asset };

	switch (a->verb) {
	case 0: case 1: case 2:
		return store_undo_mark(s, a->what, cli_who(a->c), NULL, 0, one, 1, 0, e);
	case 3:
		return store_undo_mark(s, a->what, cli_who(a->c), &a->wave, 1, one, 1, 0, e);
	case 5:
		return store_undo_mark(s, a->what, cli_who(a->c), waves, 1, a->names,
		    a->nnames, 0, e);
	default:
		return store_undo_mark(s, a->what, cli_who(a->c), waves, a->verb == 6 ? 2 : 1,
		    NULL, 0, 0, e);
	}
}

static int
edit_one(void *arg, struct store *s, struct pw_error *e)
{
	struct edit_args *a = arg;
	struct checked k;
	int rc;

	if (a->verb == 7)
		return store_undo_pop(s, &a->undone, e);
	if ((rc = edit_mark(a, s, e)) != 0)
		return rc;
	switch (a->verb) {
	case 0: case 1: return store_plan_pin(s, a->asset, a->verb == 0, e);
	case 2: return store_plan_remove(s, a->asset, e);
	case 3: return store_plan_move(s, a->asset, a->wave, e);
	case 4:
		/* The window occurrences are the stored plan's: load it first. */
		if (cli_check_stored(a->c, &k) != 0)
			return 2;
		const struct slot *to = target_slot(a->c, &k, a->at, a->window);
		rc = to ? store_wave_move(s, a->id, to, e) : 2;
		checked_free(&k);
		return rc;
	case 5: return store_wave_split(s, a->id, a->names, a->nnames, &a->made, e);
	default: return store_wave_merge(s, a->into, a->id, e);
	}
}

/* patchwave edit VERB ...: one transaction each, then the plan checked
 * again at once. */
int
cmd_edit(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave edit pin ASSET | unpin ASSET | "
	    "remove ASSET\n"
	    "                      | move ASSET --wave ID\n"
	    "                      | move-wave ID --at TIME [--window NAME]\n"
	    "                      | split ID ASSET... | merge ID --into ID | undo\n"
	    "                      [--if-version N]\n"
	    "Change the stored plan by hand (one transaction), then check it again "
	    "at once.\nmove-wave: to the window occurrence starting at TIME (see "
	    "patchwave windows).\nsplit: those assets become a new wave in the same "
	    "window. merge: every asset\nof the first wave joins the second (same "
	    "stage). Assets an edit moves are\npinned; plan --keep-pinned keeps "
	    "pinned assets in their window. undo: the\nlast edit or plan (the "
	    "terminal UI's too), one step at a time. Each edit raises\nthe plan's "
	    "version (check shows it); --if-version N refuses the edit when\nthe "
	    "plan is no longer at version N (someone else changed it meanwhile).\n";
	static const char *const verbs[] = { "pin", "unpin", "remove", "move",
	    "move-wave", "split", "merge", "undo" };
	struct pw_error e = { 0 };
	long long wave = -1, into = -1, id = -1, made = 0, expect = -1;
	const char *v, *at_s = NULL, *window = NULL, *verb;
	const char **names = NULL;
	size_t nnames = 0, nv;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	for (nv = 0; argc >= 2 && nv < sizeof verbs / sizeof verbs[0]; nv++)
		if (strcmp(argv[1], verbs[nv]) == 0)
			break;
	/* --if-version N may come anywhere after the verb. */
	for (int i = 2; i + 1 < argc; i++)
		if (strcmp(argv[i], "--if-version") == 0) {
			char *end;
			expect = strtoll(argv[i + 1], &end, 10);
			if (*end || expect < 0) {
				cli_errorf("--if-version %s: a version number", argv[i + 1]);
				return EXIT_USAGE;
			}
			memmove(&argv[i], &argv[i + 2], (size_t)(argc - i - 2) * sizeof *argv);
			argc -= 2;
			break;
		}
	if (nv == sizeof verbs / sizeof verbs[0] || (nv == 7 ? argc != 2 : argc < 3))
		goto usage;
	verb = argv[1];
	int by_wave = nv >= 4 && nv <= 6;	/* move-wave, split, merge: a wave */
	if (by_wave && wave_arg(argv[2], &id) != 0)
		goto usage;
	names = xcalloc((size_t)argc, sizeof *names);
	for (int i = 3; i < argc; i++) {
		if ((rc = cli_opt(argc, argv, &i, "--wave", &v)) != 0) {
			if (rc < 0 || nv != 3 || wave_arg(v, &wave) != 0)
				goto bad;
		} else if ((rc = cli_opt(argc, argv, &i, "--at", &v)) != 0) {
			if (rc < 0 || nv != 4)
				goto bad;
			at_s = v;
		} else if ((rc = cli_opt(argc, argv, &i, "--window", &v)) != 0) {
			if (rc < 0 || nv != 4)
				goto bad;
			window = v;
		} else if ((rc = cli_opt(argc, argv, &i, "--into", &v)) != 0) {
			if (rc < 0 || nv != 6 || wave_arg(v, &into) != 0)
				goto bad;
		} else if (nv == 5 && argv[i][0] != '-')
			names[nnames++] = argv[i];
		else
			goto bad;
		continue;
bad:
		if (rc >= 0)
			cli_errorf("edit %s: unexpected argument %s", verb, argv[i]);
		goto usage;
	}
	if ((nv == 3 && wave < 0) || (nv == 4 && at_s == NULL) ||
	    (nv == 5 && nnames == 0) || (nv == 6 && into < 0)) {
		cli_errorf("edit %s: %s", verb, nv == 3 ? "which --wave?" : nv == 4 ?
		    "to when (--at TIME)?" : nv == 5 ? "which assets?" : "--into which wave?");
		goto usage;
	}
	if (cli_store(c) != 0)
		goto fail;
	int64_t at = 0;
	if (at_s && cli_parse_time(at_s, cli_zone(c), &at) != 0) {
		cli_errorf("--at %s: a time like 2026-11-29T02:00 (in %s) or ...Z", at_s,
		    cli_zone(c));
		goto usage;
	}
	struct buf line = { 0 };
	for (int i = 1; i < argc; i++)
		buf_printf(&line, "%s%s", i > 1 ? " " : "", argv[i]);
	struct edit_args ea = { c, nv, argc > 2 ? argv[2] : "", wave, into, id, at,
	    window, names, nnames, 0, line.s, NULL };
	struct checked k;
	struct pw_diags warn = { 0 };
	rc = store_plan_edit(c->store, line.s, expect, edit_one, &ea, &k, &warn, &e);
	buf_free(&line);
	for (size_t i = 0; i < warn.n; i++)
		cli_error(&warn.v[i], 1);
	pw_diags_free(&warn);
	if (rc != 0) {
		if (rc != 2)
			cli_error(&e, 0);
		goto fail;
	}
	made = ea.made;
	size_t nerr = 0;
	for (size_t i = 0; i < k.cl.n; i++)
		nerr += k.cl.v[i].error != 0;
	struct buf what = { 0 };
	if (ea.undone) {
		esc_term(&what, ea.undone);
		printf("undone: %s", what.s);
		free(ea.undone);
	} else {
		esc_term(&what, argv[2]);
		printf("%s %s: done", verb, what.s);
	}
	if (made)
		printf(" (new wave %lld)", made);
	struct plan_version pv;
	if (store_plan_version(c->store, &pv, &e) != 0)
		pv.n = -1;
	printf("; the plan now has %zu error%s, %zu warning%s; plan version %lld\n", nerr,
	    nerr == 1 ? "" : "s", k.cl.n - nerr, k.cl.n - nerr == 1 ? "" : "s", pv.n);
	buf_free(&what);
	checked_free(&k);
	free(names);
	return 0;
fail:
	free(names);
	return 1;
usage:
	free(names);
	fputs(usage, stderr);
	return EXIT_USAGE;
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
	struct checked k;
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
	if (argc < 2 || reason == NULL || !reason[0]) {
		cli_errorf("ack: %s", argc < 2 ? "which conflict (ID)?" :
		    "--reason TEXT is required: say why the warning is acceptable");
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0 || store_begin(c->store, &e) != 0) {
		if (e.msg[0])
			cli_error(&e, 0);
		return 1;
	}
	if (cli_check_stored(c, &k) != 0) {
		store_rollback(c->store);
		return 1;
	}
	const struct conflict *hit = NULL;
	int64_t fp = 0;
	for (size_t i = 0; i < k.cl.n && hit == NULL; i++) {
		char id[20];
		fp = conflict_fingerprint(&k.d.in, &k.p, k.first, &k.cl.v[i]);
		snprintf(id, sizeof id, "%016llx", (unsigned long long)fp);
		if (strcmp(id, argv[1]) == 0)
			hit = &k.cl.v[i];
	}
	rc = 1;
	if (hit == NULL)
		cli_errorf("ack: the plan has no conflict %s (see patchwave conflicts)", argv[1]);
	else if (hit->error)
		cli_errorf("ack: %s is an error (%s): errors are resolved, not acknowledged",
		    argv[1], conflict_code_name(hit->code));
	else if (store_ack_put(c->store, fp, cli_who(c), reason, &e) != 0 ||
	    store_commit(c->store, &e) != 0)
		cli_error(&e, 0);
	else {
		printf("acknowledged %s (%s)\n", argv[1], conflict_code_name(hit->code));
		rc = 0;
	}
	if (rc != 0)
		store_rollback(c->store);
	checked_free(&k);
	return rc;
}
