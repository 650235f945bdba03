/* patchwave verify: approved changes checked after their windows against
 * the scans imported since (action/verify.c), and with --apply marked
 * implemented or failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../action/action.h"
#include "../export/export.h"
#include "../storage/changes.h"
#include "cli.h"
#include "out.h"

static const char usage[] =
    "usage: patchwave verify [--now TIME] [--apply] [--change CHG ...]\n"
    "                        [--format table|json]\n"
    "Check every approved change whose windows have all ended (or the changes\n"
    "named, in any state) against the patch scans imported after the window,\n"
    "asset by asset: patched (every patch the change covered is gone in a scan\n"
    "of its source after the asset's window), still_missing (one is still\n"
    "listed, or one of its CVEs under another advisory), not_rescanned (its\n"
    "source has not been imported since, or not this host, or its newest\n"
    "scan was taken before its planned end in the window); patches first\n"
    "seen after the window are listed as new findings. A scan is after the\n"
    "window when imported after it and, when its file says when it was\n"
    "taken (Nessus v2, SSM patch states, Qualys XML, Tenable.sc and Tenable\n"
    "VM CSV), taken after it too: the host's own scan where Nessus v2 and SSM\n"
    "say each host's.\n"
    "--apply marks a change whose assets are all patched implemented\n"
    "and one with an asset still missing failed, as the user running it, each\n"
    "with the scans in its audit entry; a change with an asset not rescanned\n"
    "stays approved.\n"
    "Exit 0 when every change checked is patched, 3 when one is not.\n";

static const struct out_col cols[] = {
	{ "asset", OT_STR, 1 }, { "hostname", OT_STR, 1 }, { "planned end", OT_STR, 1 },
	{ "outcome", OT_STR, 1 }, { "still pending", OT_STR, 1 },
	{ "new findings", OT_STR, 1 }, { "import", OT_STR, 1 },
	{ "source", OT_STR, 1 }, { "imported", OT_STR, 1 }, { "taken", OT_STR, 1 },
	{ "sha256", OT_STR, 0 },
};

/* What --apply did to it: "implemented", "failed", "stays approved", NULL. */
static const char *
applied_word(int tried, int moved, enum change_state s)
{
	if (!tried)
		return NULL;
	return moved ? change_state_name(s) : "stays approved";
}

/* Why each asset whose newest scan was imported after its window but
 * taken before it ended is not rescanned, at most 20 named. */
static void
stale_reasons(struct cli *c, const struct change_verified *v)
{
	size_t named = 0, stale = 0;

	for (size_t i = 0; i < v->nassets; i++) {
		const struct change_verified_asset *a = &v->assets[i];
		char taken[40], wend[40];
		if (a->stale_import == 0 || stale++ >= 20)
			continue;
		named++;
		cli_format_local(a->stale_scanned, cli_zone(c), taken, sizeof taken);
		cli_format_local(a->end_utc, cli_zone(c), wend, sizeof wend);
		printf("%s not rescanned: the newest scan (%s, taken at %s) was taken "
		    "before its planned end in the window (%s), so it cannot show the "
		    "patching\n", a->key, a->stale_path[0] ? a->stale_path : "import",
		    taken, wend);
	}
	if (stale > named)
		printf("and %zu more not rescanned by a scan taken before their planned "
		    "end in the window\n", stale - named);
}

static void
print_table(struct cli *c, const struct change_verified *v, const char *applied)
{
	char end[40] = "-";
	struct buf hint = { 0 };
	const char *srcs = v->unrescanned_sources ? v->unrescanned_sources : "";

	if (v->end_utc)
		cli_format_local(v->end_utc, cli_zone(c), end, sizeof end);
	/* A scan lands as its file's name unless --source says whose it is:
	 * only an import of the patches' own source rescans them. */
	if (v->ended && v->counts[VO_NOT_RESCANNED])
		buf_printf(&hint, "; for those not rescanned, import a scan of their "
		    "source taken after the window (patchwave import patches FILE"
		    " --source %s%s) and verify again", strchr(srcs, ',') ?
		    "SOURCE, one of: " : srcs[0] ? "" : "SOURCE", srcs);
	printf("%s (%s), windows end%s %s: %s: %zu patched, %zu still missing, %zu not "
	    "rescanned, %zu new finding%s%s%s%s\n", v->number, change_state_name(v->state),
	    v->ended ? "ed" : "", end, !v->ended ? "windows not all ended yet" : verify_verdict_name(v->verdict),
	    v->counts[VO_PATCHED], v->counts[VO_STILL_MISSING],
	    v->counts[VO_NOT_RESCANNED], v->new_findings, v->new_findings == 1 ? "" : "s",
	    applied ? "; --apply: " : "", applied ? applied : "", buf_str(&hint));
	buf_free(&hint);
	struct out *o = out_new(OUT_TABLE, stdout, cols, sizeof cols / sizeof *cols);
	for (size_t i = 0; i < v->nassets; i++) {
		const struct change_verified_asset *a = &v->assets[i];
		char wend[40], imp[24] = "", taken[40] = "";
		struct buf scanned = { 0 };	/* imported: the table's zone */
		cli_format_local(a->end_utc, cli_zone(c), wend, sizeof wend);
		if (a->ev_import)
			snprintf(imp, sizeof imp, "%lld", a->ev_import);
		if (a->ev_import && a->ev_scanned > 0)	/* when the file says */
			cli_format_local(a->ev_scanned, cli_zone(c), taken, sizeof taken);
		cli_local_times(&scanned, a->ev_at ? a->ev_at : "", cli_zone(c));
		const char *row[] = { a->key, a->hostname, wend,
		    verify_outcome_name(a->o.outcome), a->missing, a->new_findings, imp,
		    a->ev_source, buf_str(&scanned), taken, a->ev_digest };
		out_row(o, row);
		buf_free(&scanned);
	}
	out_end(o);
	stale_reasons(c, v);
}

int
cmd_verify(struct cli *c, int argc, char **argv)
{
	const char **numbers = NULL, *format = "table", *v;
	size_t nnumbers = 0, nv = 0;
	int apply = 0, rc, ret = 0;
	struct change_verified *vs = NULL;
	struct pw_error e = { 0 };

	if (cli_take_now(c, &argc, argv) != 0) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			free(numbers);
			return 0;
		} else if (strcmp(argv[i], "--apply") == 0)
			apply = 1;
		else if ((rc = cli_opt(argc, argv, &i, "--change", &v)) > 0) {
			numbers = xrealloc(numbers, (nnumbers + 1) * sizeof *numbers);
			numbers[nnumbers++] = v;
		} else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--format", &v)) > 0 &&
		    (strcmp(v, "table") == 0 || strcmp(v, "json") == 0))
			format = v;
		else {
			if (rc > 0)
				cli_errorf("verify --format %s: table or json", v);
			else if (rc == 0)
				cli_errorf("verify: unexpected argument %s", argv[i]);
			fputs(usage, stderr);
			free(numbers);
			return EXIT_USAGE;
		}
	}
	if (cli_store(c) != 0 || cli_now(c) != 0) {
		free(numbers);
		return 1;
	}
	struct act a = cli_act(c, store_now(c->store));
	cli_now_done(c);
	if (act_verify(&a, numbers, nnumbers, &vs, &nv, &e) != STORE_OK) {
		cli_error(&e, 0);
		free(numbers);
		return 1;
	}
	const char **applied = xcalloc(nv ? nv : 1, sizeof *applied);
	for (size_t i = 0; i < nv; i++) {
		int tried = 0, moved = 0;
		enum change_state state = vs[i].state;
		if (apply && vs[i].state == CS_APPROVED && vs[i].ended) {
			struct change_verified again;
			char *number = xstrdup(vs[i].number);
			tried = 1;
			rc = act_verify_apply(&a, number, &again, &moved, &state, &e);
			free(number);
			if (rc != STORE_OK) {
				cli_error(&e, 0);
				change_verified_free(&again);
				ret = 1;
				tried = 0;
			} else {	/* as verified in the transaction */
				change_verified_free(&vs[i]);
				vs[i] = again;
			}
		}
		applied[i] = applied_word(tried, moved, state);
		if (strcmp(format, "json") != 0)
			print_table(c, &vs[i], applied[i]);
		if (ret == 0 && (!vs[i].ended || vs[i].verdict != VV_PATCHED))
			ret = EXIT_PARTIAL;
	}
	if (strcmp(format, "json") == 0) {
		struct buf b = { 0 };
		export_verified_json(&b, vs, nv, applied);
		fputs(buf_str(&b) + (b.len && b.s[0] == '\n'), stdout);	/* jw's */
		buf_free(&b);
	} else if (nv == 0)
		printf("no approved change has all its windows ended: nothing to verify\n");
	free(applied);
	for (size_t i = 0; i < nv; i++)
		change_verified_free(&vs[i]);
	free(vs);
	free(numbers);
	return ret;
}
