/* patchwave import inventory|patches|policy|calendar FILE ... (calendars:
 * FILE...) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../import/import.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "cli.h"

/* The kinds of file, as the command names them. */
static const char *const kind_names[IMPORT_KIND_COUNT] = {
	[IMPORT_INVENTORY] = "inventory", [IMPORT_PATCHES] = "patches",
	[IMPORT_CALENDAR] = "calendar", [IMPORT_POLICY] = "policy",
	[IMPORT_ADVISORIES] = "advisories",
};

/* kind's formats after "auto", joined by sep, the last by last. */
static void
format_list(struct buf *b, enum import_kind kind, const char *sep, const char *last)
{
	const char *names[32];
	size_t n = import_formats(kind, names, 32);

	buf_adds(b, "auto");
	for (size_t i = 0; i < n && i < 32; i++)
		buf_printf(b, "%s%s", i + 1 == n ? last : sep, names[i]);
}

/* The usage, its --format lists from the format table. */
static void
usage(FILE *f)
{
	struct buf inv = { 0 }, pat = { 0 }, cal = { 0 }, adv = { 0 };

	format_list(&inv, IMPORT_INVENTORY, "|", "|");
	format_list(&pat, IMPORT_PATCHES, "|", "|");
	format_list(&cal, IMPORT_CALENDAR, "|", "|");
	format_list(&adv, IMPORT_ADVISORIES, "|", "|");
	fprintf(f,
	    "usage: patchwave import inventory FILE [--format %s]\n"
	    "                        [--source NAME] [--skip-invalid] [--allow-retire]\n"
	    "       patchwave import patches FILE [--format %s]\n"
	    "                        [--source NAME] [--asset KEY] [--date-order dmy|mdy]\n"
	    "                        [--skip-invalid] [--full-scan | --only-listed]\n"
	    "       patchwave import advisories FILE [--format %s]\n"
	    "                        [--source NAME] [--skip-invalid]\n"
	    "       patchwave import policy FILE [--replace]\n"
	    "       patchwave import calendar FILE... --kind provider|freeze|window\n"
	    "                        [--name NAME] [--format %s]\n"
	    "                        [--scope KEY=VALUE]... [--asset KEY] [--skip-invalid]\n"
	    "                        [--cutoff DURATION]\n"
	    "Scope keys: provider, region, zone, service, asset, group.\n"
	    "--now TIME stamps the import with TIME instead of $SOURCE_DATE_EPOCH or\n"
	    "the clock: when its patches were first seen or resolved (report sla);\n"
	    "never before the newest import of the same patch source.\n"
	    "--format auto (the default) reads the format the file's bytes show, its\n"
	    "name deciding only between equally likely ones.\n"
	    "A time a file writes with no zone (a calendar's floating time, a Nessus\n"
	    "HOST_END: the scanner's clock) is read in --tz ZONE given before the\n"
	    "command, else (a calendar: its X-WR-TIMEZONE, then) the policy's zone;\n"
	    "a Nessus import says which.\n"
	    "An import lands whole or not at all: an invalid record refuses it (exit 1)\n"
	    "unless --skip-invalid, which lands the rest and exits 3 (patches: then\n"
	    "nothing is marked installed, as a record skipped may be a patch still\n"
	    "there). An inventory that\n"
	    "would retire more than half of its source's assets, or lists none, is\n"
	    "refused (exit 1) unless --allow-retire. A policy import is an audit entry;\n"
	    "one that drops every window or the whole CAB needs --replace, and once\n"
	    "a policy names policy_admins only they may import the next.\n"
	    "Patches name their host by asset key, hostname, short name, IP address or\n"
	    "instance id; --asset names it for a file that does not (SSM's\n"
	    "describe-instance-patches, EC2's instance-metadata events). A patches\n"
	    "file is a scan of its whole source: what it no longer lists was\n"
	    "installed. One that lists the patches of fewer than half of the hosts the\n"
	    "source has pending patches on is refused (exit 1) unless --only-listed\n"
	    "(it scanned only those hosts: theirs alone are resolved) or --full-scan\n"
	    "(it scanned them all). Advisories\n"
	    "(CSAF, updateinfo.xml) fill in the release date and severity patches\n"
	    "arrived without.\n"
	    "A calendar FILE may be a folder: its .json files (at most 16). Only a\n"
	    "format that joins files (aws-health: describe-events with its\n"
	    "describe-affected-entities) takes several.\n"
	    "--kind window and freeze take ics, azure-maintenance and ssm-windows\n"
	    "(aws ssm describe-maintenance-windows or get-maintenance-window: each\n"
	    "enabled window's cron/rate/at Schedule as an RRULE, its Cutoff the last\n"
	    "hours no work starts in; an ics event's X-PATCHWAVE-CUTOFF:PT1H its\n"
	    "last hour, --cutoff PT1H that of each ics event with none); the other\n"
	    "calendar formats are provider maintenance, and ssm-windows never is.\n",
	    inv.s, pat.s, adv.s, cal.s);
	buf_free(&adv);
	buf_free(&inv);
	buf_free(&pat);
	buf_free(&cal);
}

/* Is name auto or one of kind's formats? If not, say which are. */
static int
format_ok(enum import_kind kind, const char *name)
{
	const char *names[32];
	size_t n = import_formats(kind, names, 32);
	struct buf b = { 0 };

	if (strcmp(name, "auto") == 0)
		return 1;
	for (size_t i = 0; i < n && i < 32; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	format_list(&b, kind, ", ", " or ");
	cli_errorf("--format %s: use %s", name, b.s);
	buf_free(&b);
	return 0;
}

static const char *const scope_keys[] = { "provider", "region", "zone", "service",
	"asset", "group", NULL };

static int
add_scope(json_object *scope, const char *kv)
{
	const char *eq = strchr(kv, '=');
	char key[32];
	json_object *list;
	int ok = 0;

	if (eq == NULL || eq == kv || eq[1] == '\0' || (size_t)(eq - kv) >= sizeof key) {
		cli_errorf("--scope %s: expected KEY=VALUE", kv);
		return -1;
	}
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = '\0';
	for (const char *const *k = scope_keys; *k; k++)
		ok |= strcmp(*k, key) == 0;
	if (!ok) {
		cli_errorf("--scope %s: the key must be provider, region, zone, service, "
		    "asset or group", kv);
		return -1;
	}
	if (!json_object_object_get_ex(scope, key, &list)) {
		list = json_object_new_array();
		json_object_object_add(scope, key, list);
	}
	json_object_array_add(list, json_object_new_string(eq + 1));
	return 0;
}

static void
print_names(const char *label, char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct buf b = { 0 };
		esc_term(&b, names[i]);
		printf("  %s %s\n", label, b.s);
		buf_free(&b);
	}
}

static void
print_changes(const struct cal_changes *ch)
{
	for (size_t i = 0; i < ch->n; i++) {
		struct buf b = { 0 };
		esc_term(&b, ch->v[i].uid);
		if (*ch->v[i].recurrence_id) {
			buf_adds(&b, " RECURRENCE-ID ");
			esc_term(&b, ch->v[i].recurrence_id);
		}
		printf("  %s %s\n", ch->v[i].what == '+' ? "added" : ch->v[i].what == '~' ?
		    "changed" : "removed", b.s);
		buf_free(&b);
	}
}

static void
importing(void *arg, long records)
{
	(void)arg;
	fprintf(stderr, "\r  %ld records read...", records);
	fflush(stderr);
}

int
cmd_import(struct cli *c, int argc, char **argv)
{
	struct import_opts o = { 0 };
	struct import_report r;
	struct pw_error err = { 0 };
	json_object *scope = json_object_new_object();
	const char *what, *v, *kind = NULL;
	const char **more = xcalloc((size_t)argc, sizeof *more);
	enum import_kind which;
	int i, rc, ret = 1;

	memset(&r, 0, sizeof r);
	/* --now: the import's time, its findings' first seen or resolved. */
	if (cli_take_now(c, &argc, argv) != 0) {
		json_object_put(scope);
		free(more);
		return EXIT_USAGE;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		json_object_put(scope);
		free(more);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	what = argv[1];
	for (which = 0; which < IMPORT_KIND_COUNT; which++)
		if (strcmp(what, kind_names[which]) == 0)
			break;
	if (which == IMPORT_KIND_COUNT) {
		cli_errorf("import: unknown kind of file '%s'", what);
		usage(stderr);
		json_object_put(scope);
		free(more);
		return EXIT_USAGE;
	}
	/* Which options each kind of import takes. */
	int inv = which == IMPORT_INVENTORY, cal = which == IMPORT_CALENDAR;
	int records = which != IMPORT_POLICY;	/* --skip-invalid, --format */
	int pat = which == IMPORT_PATCHES;
	int sourced = inv || pat || which == IMPORT_ADVISORIES;	/* --source */
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0) {
			usage(stdout);
			ret = 0;
			goto out;
		}
		if (records && strcmp(a, "--skip-invalid") == 0) {
			o.skip_invalid = 1;
		} else if (!records && strcmp(a, "--replace") == 0) {
			o.replace = 1;
		} else if (inv && strcmp(a, "--allow-retire") == 0) {
			o.allow_retire = 1;
		} else if (pat && strcmp(a, "--full-scan") == 0) {
			o.full_scan = 1;
		} else if (pat && strcmp(a, "--only-listed") == 0) {
			o.only_listed = 1;
		} else if ((pat || cal) &&
		    (rc = cli_opt(argc, argv, &i, "--asset", &v)) != 0) {
			if (rc < 0)
				goto usage;
			o.asset = v;
		} else if (pat && (rc = cli_opt(argc, argv, &i, "--date-order", &v)) != 0) {
			if (rc < 0)
				goto usage;
			if (strcmp(v, "dmy") == 0)
				o.date_order = DATE_ORDER_DMY;
			else if (strcmp(v, "mdy") == 0)
				o.date_order = DATE_ORDER_MDY;
			else {
				cli_errorf("--date-order %s: dmy (dd/mm/yyyy) or mdy "
				    "(mm/dd/yyyy)", v);
				goto usage;
			}
		} else if (sourced && (rc = cli_opt(argc, argv, &i, "--source", &v)) != 0) {
			if (rc < 0)
				goto usage;
			o.source = v;
		} else if (records && (rc = cli_opt(argc, argv, &i, "--format", &v)) != 0) {
			if (rc < 0 || !format_ok(which, v))
				goto usage;
			o.format = v;
		} else if (cal && (rc = cli_opt(argc, argv, &i, "--kind", &v)) != 0) {
			if (rc < 0)
				goto usage;
			kind = v;
		} else if (cal && (rc = cli_opt(argc, argv, &i, "--cutoff", &v)) != 0) {
			if (rc < 0)
				goto usage;
			o.cutoff = v;
		} else if (cal && (rc = cli_opt(argc, argv, &i, "--name", &v)) != 0) {
			if (rc < 0)
				goto usage;
			o.name = v;
		} else if (cal && (rc = cli_opt(argc, argv, &i, "--scope", &v)) != 0) {
			if (rc < 0 || add_scope(scope, v) != 0)
				goto usage;
		} else if (a[0] == '-' && a[1] != '\0') {
			cli_errorf("import %s: unknown option %s", what, a);
			goto usage;
		} else if (o.path == NULL)
			o.path = a;
		else if (cal)	/* a format that joins files takes them all */
			more[o.nmore++] = a;
		else {
			cli_errorf("import %s: one file at a time (%s)", what, a);
			goto usage;
		}
	}
	o.more = more;
	if (o.path == NULL) {
		cli_errorf("import %s: which FILE?", what);
		goto usage;
	}
	if (o.full_scan && o.only_listed) {
		cli_errorf("import patches: --full-scan or --only-listed, not both");
		goto usage;
	}
	if (cal) {
		int ck = kind ? cal_kind_parse(kind) : -1;
		if (ck < 0) {
			cli_errorf("import calendar: --kind provider, freeze or window is "
			    "required");
			goto usage;
		}
		o.kind = (enum cal_kind)ck;
		o.scope_json = json_object_to_json_string_ext(scope, JSON_C_TO_STRING_PLAIN);
	}
	if (cli_store(c) != 0 || cli_now(c) != 0)
		goto out;
	o.who = cli_who(c);
	o.float_tz = c->tz ? c->tz : NULL;	/* patches: a time with no zone */
	if (cal)
		o.fallback_tz = cli_zone(c);

	/* On a terminal, a line that counts (a million rows take seconds). */
	if (isatty(STDERR_FILENO))
		o.progress = importing;
	rc = import_run(c->store, which, &o, &r, &err);
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);	/* the count line goes */

	for (size_t k = 0; k < r.notes.n; k++)
		cli_error(&r.notes.v[k], 1);
	for (size_t k = 0; k < r.problems.n; k++)
		cli_error(&r.problems.v[k], 0);
	if (r.problems.more > 0)
		fprintf(stderr, "patchwave: %zu more problems not shown (the first "
		    "%d are)\n", r.problems.more, PW_DIAGS_KEEP);
	if (rc != 0) {
		cli_error(&err, 0);
		goto out;
	}
	{
		struct buf p = { 0 };
		esc_term(&p, o.path);
		if (inv) {
			printf("imported %ld asset%s from %s (%s): %ld added, %ld updated, "
			    "%ld unchanged, %ld retired\n", r.records, r.records == 1 ? "" : "s",
			    p.s, r.format, r.added, r.updated, r.unchanged, r.removed);
			print_names("retired", r.removed_names, r.nremoved);
		} else if (which == IMPORT_ADVISORIES) {
			printf("imported %ld advisor%s from %s (%s)\n", r.records,
			    r.records == 1 ? "y" : "ies", p.s, r.format);
		} else if (which == IMPORT_PATCHES) {
			printf("imported %ld pending patch%s from %s; %ld no longer listed "
			    "(marked installed)\n", r.records, r.records == 1 ? "" : "es", p.s,
			    r.removed);
			print_names("installed", r.removed_names, r.nremoved);
		} else if (which == IMPORT_POLICY) {
			struct buf d = { 0 };
			esc_term(&d, r.summary ? r.summary : "");
			printf("imported policy from %s: %s\n", p.s, d.s);
			buf_free(&d);
			print_names("back to draft (its windows changed):", r.removed_names,
			    r.nremoved);
		}
		else {
			printf("imported %ld event%s from %s: %ld added, %ld changed, %ld "
			    "removed, %ld unchanged\n", r.records, r.records == 1 ? "" : "s",
			    p.s, r.added, r.updated, r.removed, r.unchanged);
			print_changes(&r.changes);
		}
		buf_free(&p);
	}
	if (r.problems.n > 0) {
		size_t n = pw_diags_total(&r.problems);
		fprintf(stderr, "patchwave: skipped %zu invalid record%s\n", n,
		    n == 1 ? "" : "s");
		ret = EXIT_PARTIAL;
	} else
		ret = 0;
	goto out;
usage:
	usage(stderr);
	ret = EXIT_USAGE;
out:
	cli_now_done(c);
	import_report_free(&r);
	json_object_put(scope);
	free(more);
	return ret;
}
