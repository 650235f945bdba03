/* patchwave import inventory|patches|policy|calendar FILE ... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../import/import.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "cli.h"

static const char USAGE[] =
    "usage: patchwave import inventory FILE [--format auto|csv|yaml|ansible|json]\n"
    "                        [--source NAME] [--skip-invalid] [--allow-retire]\n"
    "       patchwave import patches FILE [--source NAME] [--skip-invalid]\n"
    "       patchwave import policy FILE [--replace]\n"
    "       patchwave import calendar FILE --kind provider|freeze|window [--name NAME]\n"
    "                        [--scope KEY=VALUE]... [--skip-invalid]\n"
    "Scope keys: provider, region, zone, service, asset, group.\n"
    "An import lands whole or not at all: an invalid record refuses it (exit 1)\n"
    "unless --skip-invalid, which lands the rest and exits 3. An inventory that\n"
    "would retire more than half of its source's assets, or lists none, is\n"
    "refused (exit 1) unless --allow-retire. A policy import is an audit entry;\n"
    "one that drops every window or the whole CAB needs --replace.\n";

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
	int i, rc, ret = 1;

	memset(&r, 0, sizeof r);
	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs(USAGE, argc < 2 ? stderr : stdout);
		json_object_put(scope);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	what = argv[1];
	if (strcmp(what, "inventory") && strcmp(what, "patches") && strcmp(what, "policy") &&
	    strcmp(what, "calendar")) {
		cli_errorf("import: unknown kind of file '%s'", what);
		fputs(USAGE, stderr);
		json_object_put(scope);
		return EXIT_USAGE;
	}
	/* Which options each kind of import takes. */
	int inv = !strcmp(what, "inventory"), cal = !strcmp(what, "calendar");
	int records = strcmp(what, "policy") != 0;	/* --skip-invalid */
	int sourced = inv || !strcmp(what, "patches");	/* --source */
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0) {
			fputs(USAGE, stdout);
			ret = 0;
			goto out;
		}
		if (records && strcmp(a, "--skip-invalid") == 0) {
			o.skip_invalid = 1;
		} else if (!records && strcmp(a, "--replace") == 0) {
			o.replace = 1;
		} else if (inv && strcmp(a, "--allow-retire") == 0) {
			o.allow_retire = 1;
		} else if (sourced && (rc = cli_opt(argc, argv, &i, "--source", &v)) != 0) {
			if (rc < 0)
				goto usage;
			o.source = v;
		} else if (inv && (rc = cli_opt(argc, argv, &i, "--format", &v)) != 0) {
			static const char *const f[] = { "auto", "csv", "yaml", "ansible", "json" };
			size_t k;
			if (rc < 0)
				goto usage;
			for (k = 0; k < 5 && strcmp(f[k], v); k++)
				;
			if (k == 5) {
				cli_errorf("--format %s: use auto, csv, yaml, ansible or json", v);
				goto usage;
			}
			o.format = (enum inv_format)k;
		} else if (cal && (rc = cli_opt(argc, argv, &i, "--kind", &v)) != 0) {
			if (rc < 0)
				goto usage;
			kind = v;
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
		else {
			cli_errorf("import %s: one file at a time (%s)", what, a);
			goto usage;
		}
	}
	if (o.path == NULL) {
		cli_errorf("import %s: which FILE?", what);
		goto usage;
	}
	if (!strcmp(what, "calendar")) {
		int k = kind ? cal_kind_parse(kind) : -1;
		if (k < 0) {
			cli_errorf("import calendar: --kind provider, freeze or window is "
			    "required");
			goto usage;
		}
		o.kind = (enum cal_kind)k;
		o.scope_json = json_object_to_json_string_ext(scope, JSON_C_TO_STRING_PLAIN);
	}
	if (cli_store(c) != 0)
		goto out;
	o.who = cli_who(c);
	if (!strcmp(what, "calendar"))
		o.float_tz = c->tz ? c->tz : NULL;

	/* On a terminal, a line that counts (a million rows take seconds). */
	if (isatty(STDERR_FILENO))
		o.progress = importing;
	if (!strcmp(what, "inventory"))
		rc = import_inventory(c->store, &o, &r, &err);
	else if (!strcmp(what, "patches"))
		rc = import_patches(c->store, &o, &r, &err);
	else if (!strcmp(what, "policy"))
		rc = import_policy(c->store, &o, &r, &err);
	else {
		o.fallback_tz = cli_zone(c);
		rc = import_calendar(c->store, &o, &r, &err);
	}
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);	/* the count line goes */

	for (size_t k = 0; k < r.notes.n; k++)
		cli_error(&r.notes.v[k], 1);
	for (size_t k = 0; k < r.problems.n; k++)
		cli_error(&r.problems.v[k], 0);
	if (rc != 0) {
		cli_error(&err, 0);
		goto out;
	}
	{
		struct buf p = { 0 };
		esc_term(&p, o.path);
		if (!strcmp(what, "inventory")) {
			printf("imported %ld asset%s from %s (%s): %ld added, %ld updated, "
			    "%ld unchanged, %ld retired\n", r.records, r.records == 1 ? "" : "s",
			    p.s, r.format, r.added, r.updated, r.unchanged, r.removed);
			print_names("retired", r.removed_names, r.nremoved);
		} else if (!strcmp(what, "patches")) {
			printf("imported %ld pending patch%s from %s; %ld no longer listed "
			    "(marked installed)\n", r.records, r.records == 1 ? "" : "es", p.s,
			    r.removed);
			print_names("installed", r.removed_names, r.nremoved);
		} else if (!strcmp(what, "policy")) {
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
		fprintf(stderr, "patchwave: skipped %zu invalid record%s\n", r.problems.n,
		    r.problems.n == 1 ? "" : "s");
		ret = EXIT_PARTIAL;
	} else
		ret = 0;
	goto out;
usage:
	fputs(USAGE, stderr);
	ret = EXIT_USAGE;
out:
	import_report_free(&r);
	json_object_put(scope);
	return ret;
}
