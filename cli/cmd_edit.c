/* patchwave edit VERB ...: the plan changed by hand, one edit a transaction
 * (action/edit.c: the same edits the terminal UI's keys make), then checked
 * again at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../action/action.h"
#include "../util/buf.h"
#include "../util/clock.h"
#include "../util/escape.h"
#include "cli.h"

static void
usage(FILE *f)
{
	size_t n;
	const struct edit_verb_info *v = edit_verbs(&n);

	fprintf(f, "usage: patchwave edit VERB ... [--if-version N] [--force]\n");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-10s %-30s %s\n", v[i].name, v[i].args, v[i].help);
	fputs("Change the stored plan by hand (one transaction), then check it again at\n"
	    "once. move-wave takes a window occurrence of patchwave windows. Assets an\n"
	    "edit moves are pinned; plan --keep-pinned keeps pinned assets in their\n"
	    "window. undo: the last edit or plan (the terminal UI's too), one step at\n"
	    "a time. Each edit raises the plan's version (check shows it);\n"
	    "--if-version N refuses the edit when the plan is no longer at version N\n"
	    "(someone else changed it meanwhile: exit 1). An edit that would send a\n"
	    "submitted or approved change back to draft (its waves change) is refused,\n"
	    "naming it, unless --force, and so is an undo that would (of an edit made\n"
	    "before the approval); undo restores the plan, not approvals.\n"
	    "remove takes an asset out of this plan; the next plan places it again.\n"
	    "To keep it out for a time, import a freeze calendar for it (import\n"
	    "calendar FILE.ics --kind freeze --scope asset=KEY), or accept the risk of\n"
	    "its patches (exception add --asset KEY).\n"
	    "-- ends the options: every argument after it is an asset, one whose key\n"
	    "starts with - too (edit pin -- -web-01).\n", f);
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

/* The arguments after the verb into r: 0, or -1 after a usage error. */
static int
parse(int argc, char **argv, struct edit_req *r, const char **at_s, const char **window)
{
	const char **names = (const char **)r->assets, *v, *verb = argv[1];
	int by_wave = r->verb == EV_MOVE_WAVE || r->verb == EV_SPLIT ||
	    r->verb == EV_MERGE, rc = 0, names_only = 0;

	if (r->verb == EV_UNDO)
		return argc == 2 ? 0 : -1;
	if (argc < 3 || (by_wave && wave_arg(argv[2], &r->wave) != 0))
		return -1;
	for (int i = by_wave ? 3 : 2; i < argc; i++) {
		/* After "--" every argument is an asset, one named "-x" too. */
		if (!names_only && strcmp(argv[i], "--") == 0) {
			names_only = 1;
			continue;
		}
		if (names_only) {
			if (by_wave && r->verb != EV_SPLIT && r->verb != EV_MOVE_WAVE)
				goto bad;
			names[r->nassets++] = argv[i];
		} else if ((rc = cli_opt(argc, argv, &i, "--wave", &v)) != 0) {
			if (rc > 0 && r->verb == EV_MOVE && wave_arg(v, &r->wave) != 0)
				return -1;	/* said which */
			if (rc < 0 || r->verb != EV_MOVE)
				goto bad;
		} else if ((rc = cli_opt(argc, argv, &i, "--at", &v)) != 0) {
			if (rc < 0 || r->verb != EV_MOVE_WAVE)
				goto bad;
			*at_s = v;
		} else if ((rc = cli_opt(argc, argv, &i, "--window", &v)) != 0) {
			if (rc < 0 || r->verb != EV_MOVE_WAVE)
				goto bad;
			*window = v;
		} else if ((rc = cli_opt(argc, argv, &i, "--into", &v)) != 0) {
			if (rc > 0 && r->verb == EV_MERGE && wave_arg(v, &r->into) != 0)
				return -1;	/* said which */
			if (rc < 0 || r->verb != EV_MERGE)
				goto bad;
		} else if (argv[i][0] != '-' && (!by_wave || r->verb == EV_SPLIT ||
		    r->verb == EV_MOVE_WAVE))
			names[r->nassets++] = argv[i];
		else
			goto bad;
		continue;
bad:
		if (rc >= 0)
			cli_errorf("edit %s: unexpected argument %s", verb, argv[i]);
		return -1;
	}
	const char *missing = r->verb == EV_MOVE && r->wave <= 0 ? "which --wave?" :
	    r->verb == EV_MOVE_WAVE && *at_s == NULL ? "to when (--at TIME)?" :
	    r->verb == EV_MERGE && r->into <= 0 ? "--into which wave?" :
	    !by_wave && r->nassets == 0 ? "which asset?" :
	    r->verb == EV_SPLIT && r->nassets == 0 ? "which assets?" : NULL;
	if (missing) {
		cli_errorf("edit %s: %s", verb, missing);
		return -1;
	}
	return 0;
}

/* --if-version N anywhere after the verb and before "--": taken out of
 * argv. 0, or -1. */
static int
if_version(int *argc, char **argv, long long *expect)
{
	for (int i = 2; i + 1 < *argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--if-version") == 0) {
			char *end;
			*expect = strtoll(argv[i + 1], &end, 10);
			if (*end || *expect < 0) {
				cli_errorf("--if-version %s: a version number", argv[i + 1]);
				return -1;
			}
			memmove(&argv[i], &argv[i + 2], (size_t)(*argc - i - 2) *
			    sizeof *argv);
			*argc -= 2;
			break;
		}
	return 0;
}

/* --force anywhere after the verb and before "--": taken out of argv. */
static int
force_flag(int *argc, char **argv)
{
	for (int i = 2; i < *argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--force") == 0) {
			memmove(&argv[i], &argv[i + 1], (size_t)(*argc - i - 1) *
			    sizeof *argv);
			(*argc)--;
			return 1;
		}
	return 0;
}

/* What an edit, a plan or an undo did to change records, on stderr: every
 * change sent back to draft by number, and those left with no asset. */
void
cli_say_redraft(const struct redraft *rd, int undo)
{
	if (rd->n > 0)
		fprintf(stderr, "patchwave: back to draft: %s; their waves changed "
		    "(submit them again: patchwave change submit)%s\n",
		    buf_str(&rd->names), undo ? "" : "; undo restores the plan, not "
		    "their approvals");
	if (rd->nempty > 0)
		fprintf(stderr, "patchwave: %s %s no asset left in %s waves (patchwave "
		    "change edit --wave, or cancel)\n", buf_str(&rd->emptied),
		    rd->nempty == 1 ? "has" : "have", rd->nempty == 1 ? "its" : "their");
}

static void
report(struct cli *c, const struct edit_req *r, const char *verb, const char *arg,
    const struct checked *k)
{
	struct pw_error e = { 0 };
	struct plan_version pv;
	struct buf what = { 0 };
	size_t nerr = 0;

	for (size_t i = 0; i < k->cl.n; i++)
		nerr += k->cl.v[i].error != 0;
	if (r->undone) {
		esc_term(&what, r->undone);
		printf("undone: %s", what.s);
	} else {
		esc_term(&what, arg);
		printf("%s %s: done", verb, what.s);
	}
	if (r->made)
		printf(" (new wave %lld)", r->made);
	if (store_plan_version(c->store, &pv, &e) != 0)
		pv.n = -1;
	printf("; the plan now has %zu error%s, %zu warning%s; plan version %lld\n", nerr,
	    nerr == 1 ? "" : "s", k->cl.n - nerr, k->cl.n - nerr == 1 ? "" : "s", pv.n);
	cli_say_redraft(&r->redrafted, r->undone != NULL);
	if (r->undone && r->drafts.len > 0)
		fprintf(stderr, "patchwave: still in draft: %s (undo restores the plan, "
		    "not approvals: submit them again)\n", buf_str(&r->drafts));
	buf_free(&what);
}

int
cmd_edit(struct cli *c, int argc, char **argv)
{
	const struct edit_verb_info *v = argc >= 2 ? edit_verb_lookup(argv[1]) : NULL;
	struct edit_req r = { .expect = -1 };
	struct pw_error e = { 0 };
	struct pw_diags warn = { 0 };
	const char *at_s = NULL, *window = NULL;
	struct checked k, at;
	struct slot to;
	struct buf line = { 0 };
	int rc = 1;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (argc < 2)
		cli_errorf("edit: which verb? (pin, unpin, remove, move, move-wave, "
		    "split, merge, undo)");
	else if (v == NULL)
		cli_errorf("edit: unknown verb '%s' (pin, unpin, remove, move, "
		    "move-wave, split, merge, undo)", argv[1]);
	if (v == NULL || if_version(&argc, argv, &r.expect) != 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	r.verb = v->verb;
	r.force = force_flag(&argc, argv);
	r.assets = xcalloc((size_t)argc, sizeof *r.assets);
	memset(&at, 0, sizeof at);
	if (parse(argc, argv, &r, &at_s, &window) != 0) {
		free((void *)r.assets);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		goto out;
	if (r.verb == EV_MOVE_WAVE) {
		int64_t t = 0;
		if (cli_parse_time(at_s, cli_zone(c), &t) != 0) {
			cli_errorf("--at %s: a time like 2026-12-08T02:00 (in %s), ...Z, or "
			    "as windows prints it (2026-12-08 02:00+01:00)", at_s,
			    cli_zone(c));
			rc = EXIT_USAGE;
			goto out;
		}
		/* The occurrences are the policy's, over the stored plan's horizon. */
		const struct slot *sl;
		if (cli_check_stored(c, &at) != 0 ||
		    (sl = target_slot(c, &at, t, window)) == NULL)
			goto out;
		to = *sl;
		r.slot = &to;
	}
	for (int i = 1; i < argc; i++)
		buf_printf(&line, "%s%s", i > 1 ? " " : "", argv[i]);
	r.what = line.s;
	struct act a = cli_act(c, pw_clock());
	int got = act_edit(&a, &r, &k, &warn, &e);
	for (size_t i = 0; i < warn.n; i++)
		cli_error(&warn.v[i], 1);
	pw_diags_free(&warn);
	if (got != STORE_OK) {
		cli_error(&e, 0);
		goto out;
	}
	report(c, &r, argv[1], argc > 2 ? argv[2] : "", &k);
	checked_free(&k);
	rc = 0;
out:
	free(r.undone);
	redraft_free(&r.redrafted);
	buf_free(&r.drafts);
	checked_free(&at);
	buf_free(&line);
	free((void *)r.assets);
	return rc;
}
