/* Listings: assets, calendars, occurrences, windows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/civil.h"
#include "../model/windows.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "cli.h"
#include "out.h"

/* Parse the options every listing shares; returns -1 on a usage error, 1 after
 * printing help. */
struct list_opts {
	enum out_format	 fmt;
	const char	*from, *to, *calendar;
	int		 all;
};

static int
list_args(int argc, char **argv, const char *usage, int ranged, struct list_opts *lo)
{
	const char *v;
	int rc;

	memset(lo, 0, sizeof *lo);
	lo->fmt = OUT_TABLE;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 1;
		}
		if ((rc = cli_opt(argc, argv, &i, "--format", &v)) != 0) {
			int f = rc > 0 ? out_format_parse(v) : -1;
			if (f < 0) {
				if (rc > 0)
					cli_errorf("--format %s: use table, csv or json", v);
				goto bad;
			}
			lo->fmt = (enum out_format)f;
		} else if (ranged && (rc = cli_opt(argc, argv, &i, "--from", &v)) != 0) {
			if (rc < 0)
				goto bad;
			lo->from = v;
		} else if (ranged && (rc = cli_opt(argc, argv, &i, "--to", &v)) != 0) {
			if (rc < 0)
				goto bad;
			lo->to = v;
		} else if (ranged == 2 && (rc = cli_opt(argc, argv, &i, "--calendar", &v)) != 0) {
			if (rc < 0)
				goto bad;
			lo->calendar = v;
		} else if (!ranged && strcmp(argv[i], "--all") == 0)
			lo->all = 1;
		else {
			cli_errorf("%s: unexpected argument %s", argv[0], argv[i]);
			goto bad;
		}
	}
	return 0;
bad:
	fputs(usage, stderr);
	return -1;
}

/* '\n'-separated names (an event's assets, an asset's dependencies) as a
 * column shows them: a JSON array in CSV and JSON, the first and how many
 * more in a table; NULL when there are none. */
static const char *
name_list(const char *keys, enum out_format fmt, struct buf *b)
{
	size_t n = 0;

	if (keys == NULL || *keys == '\0')
		return NULL;
	buf_reset(b);
	if (fmt == OUT_TABLE) {
		size_t first = strcspn(keys, "\n");
		for (const char *p = keys; (p = strchr(p, '\n')) != NULL; p++)
			n++;
		buf_add(b, keys, first);
		if (n)
			buf_printf(b, " +%zu", n);
		return buf_str(b);
	}
	buf_addc(b, '[');
	for (const char *p = keys, *nl; *p; p = *nl ? nl + 1 : nl) {
		struct buf one = { 0 };
		nl = p + strcspn(p, "\n");
		buf_add(&one, p, (size_t)(nl - p));
		if (n++)
			buf_addc(b, ',');
		esc_json(b, buf_str(&one));
		buf_free(&one);
	}
	buf_addc(b, ']');
	return buf_str(b);
}

/* ---- assets ------------------------------------------------------------ */

static const struct out_col asset_cols[] = {
	{ "key", OT_STR, 1 }, { "hostname", OT_STR, 1 }, { "environment", OT_STR, 1 },
	{ "service_model", OT_STR, 1 }, { "provider", OT_STR, 1 },
	{ "region", OT_STR, 1 }, { "zone", OT_STR, 0 }, { "os", OT_STR, 0 },
	{ "tier", OT_STR, 0 }, { "owner", OT_STR, 0 }, { "patch_group", OT_STR, 0 },
	{ "cluster", OT_STR, 1 }, { "ip", OT_STR, 0 }, { "instance_id", OT_STR, 0 },
	{ "patch_minutes", OT_INT, 0 },
	{ "reboot_minutes", OT_INT, 0 }, { "groups", OT_RAW, 0 },
	{ "depends_on", OT_RAW, 0 },	/* a list of names; null: none */
	{ "reboot_pending", OT_BOOL, 0 },
	{ "vars", OT_RAW, 0 }, { "retired", OT_BOOL, 0 },
};

static int
asset_row(void *arg, struct asset *a, int retired)
{
	struct out *o = arg;
	char pm[16], rm[16];
	struct buf g = { 0 }, dep = { 0 };

	snprintf(pm, sizeof pm, "%d", a->patch_minutes);
	snprintf(rm, sizeof rm, "%d", a->reboot_minutes);
	buf_addc(&g, '[');
	for (size_t i = 0; i < a->ngroups; i++) {
		if (i)
			buf_addc(&g, ',');
		esc_json(&g, a->groups[i]);
	}
	buf_addc(&g, ']');
	const char *v[] = { a->key, a->hostname, a->environment,
	    service_model_name(a->service_model), a->provider, a->region, a->zone,
	    a->os, a->tier, a->owner, a->patch_group, a->cluster, a->ip, a->instance_id,
	    pm, rm, g.s, name_list(a->depends_on, OUT_JSON, &dep),
	    a->reboot_pending ? "1" : "0", a->vars_json, retired ? "1" : "0" };
	out_row(o, v);
	buf_free(&g);
	buf_free(&dep);
	return 0;
}

int
cmd_assets(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave assets [--format table|csv|json] "
	    "[--all]\nLists active assets (--all: retired ones too), ordered by key.\n";
	struct list_opts lo;
	struct pw_error e = { 0 };
	struct out *o;
	int rc = list_args(argc, argv, usage, 0, &lo);

	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (cli_store(c) != 0)
		return 1;
	o = out_new(lo.fmt, stdout, asset_cols, sizeof asset_cols / sizeof asset_cols[0]);
	rc = store_assets_each(c->store, lo.all, asset_row, o, &e);
	out_end(o);
	if (rc != 0) {
		cli_error(&e, 0);
		return 1;
	}
	return 0;
}

/* ---- calendars --------------------------------------------------------- */

static const struct out_col cal_cols[] = {
	{ "name", OT_STR, 1 }, { "kind", OT_STR, 1 }, { "events", OT_INT, 1 },
	{ "scope", OT_RAW, 1 }, { "float_tz", OT_STR, 1 }, { "path", OT_STR, 1 },
	{ "imported_at", OT_STR, 1 },
	{ "cutoff_minutes", OT_INT, 1 },	/* a window calendar's events'
						   cutoff; null: not a window
						   calendar, or they differ
						   ("0-120" in a table) */
};

struct cal_ctx {
	struct out	*out;
	const char	*zone;		/* a table's times in it; NULL: UTC */
};

static int
cal_row(void *arg, const struct cal_info *ci)
{
	struct cal_ctx *c = arg;
	struct buf at = { 0 };
	char n[24], cut[24], range[48];
	const char *cutoff = NULL;

	snprintf(n, sizeof n, "%ld", ci->events);
	if (c->zone)
		cli_local_times(&at, ci->imported_at ? ci->imported_at : "", c->zone);
	if (strcmp(ci->kind, "window") == 0 && ci->cutoff_min == ci->cutoff_max) {
		snprintf(cut, sizeof cut, "%d", ci->cutoff_min);
		cutoff = cut;
	} else if (strcmp(ci->kind, "window") == 0 && c->zone) {
		snprintf(range, sizeof range, "%d-%d", ci->cutoff_min, ci->cutoff_max);
		cutoff = range;
	}
	const char *v[] = { ci->name, ci->kind, n, ci->scope_json, ci->float_tz,
	    ci->path, c->zone ? buf_str(&at) : ci->imported_at, cutoff };
	out_row(c->out, v);
	buf_free(&at);
	return 0;
}

int
cmd_calendars(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave calendars [--format table|csv|json]\n";
	struct list_opts lo;
	struct pw_error e = { 0 };
	struct out *o;
	int rc = list_args(argc, argv, usage, 0, &lo);

	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (cli_store(c) != 0)
		return 1;
	o = out_new(lo.fmt, stdout, cal_cols, sizeof cal_cols / sizeof cal_cols[0]);
	struct cal_ctx cc = { o, lo.fmt == OUT_TABLE ? cli_zone(c) : NULL };
	rc = store_calendars_each(c->store, cal_row, &cc, &e);
	out_end(o);
	if (rc != 0) {
		cli_error(&e, 0);
		return 1;
	}
	return 0;
}

/* ---- occurrences and windows ------------------------------------------------ */

/* --from/--to as UTC instants; --to defaults to from + horizon. */
static int
range(struct cli *c, const struct list_opts *lo, int need, int64_t *from, int64_t *to)
{
	const char *zone = cli_zone(c);

	if (need && (lo->from == NULL || lo->to == NULL)) {
		cli_errorf("--from DATE and --to DATE are required");
		return -1;
	}
	if (cli_parse_time(lo->from ? lo->from : "now", zone, from) != 0) {
		cli_errorf("--from %s: not a date (YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM])", lo->from);
		return -1;
	}
	if (lo->to == NULL) {
		struct policy p;
		int found;
		struct pw_error e = { 0 };
		store_policy_load(c->store, &p, &found, &e);
		*to = *from + (int64_t)p.horizon_days * 86400;
		policy_free(&p);
	} else if (cli_parse_time(lo->to, zone, to) != 0) {
		cli_errorf("--to %s: not a date (YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM])", lo->to);
		return -1;
	}
	if (*to <= *from) {
		cli_errorf("--to must be after --from");
		return -1;
	}
	return 0;
}

static const struct out_col occ_cols[] = {
	{ "calendar", OT_STR, 1 }, { "kind", OT_STR, 1 }, { "uid", OT_STR, 0 },
	{ "summary", OT_STR, 1 }, { "start", OT_STR, 1 }, { "end", OT_STR, 1 },
	{ "all_day", OT_BOOL, 1 },
	{ "assets", OT_RAW, 1 },	/* the keys of the assets the event names;
					   null: the calendar's scope */
	{ "cutoff_minutes", OT_INT, 1 },	/* a window's: no work starts in
						   its last minutes; null: not
						   a window calendar's */
};

/* Times in tables are local (operator zone); in CSV and JSON, UTC. */
static void
fmt_time(int64_t t, enum out_format fmt, const char *zone, char *out, size_t n)
{
	if (fmt == OUT_TABLE)
		cli_format_local(t, zone, out, n);
	else
		utc_format(t, out);
}

int
cmd_occurrences(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave occurrences --from DATE --to DATE "
	    "[--calendar NAME] [--format table|csv|json]\nEvery calendar event "
	    "overlapping [from, to), recurrences expanded, then the undated ones\n"
	    "(pending with no date yet); a window calendar's with its cutoff_minutes\n"
	    "(no work starts in its last minutes). DATE is YYYY-MM-DD or\n"
	    "YYYY-MM-DDTHH:MM[:SS], in --tz (or the policy's zone); a trailing Z "
	    "means UTC,\nan offset (+01:00, as tables print times) that offset.\n";
	struct list_opts lo;
	int64_t from, to;
	char **names = NULL;
	size_t nnames = 0;
	struct pw_error e = { 0 };
	int rc = list_args(argc, argv, usage, 2, &lo), ret = 1;

	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (cli_store(c) != 0)
		return 1;
	if (range(c, &lo, 1, &from, &to) != 0)
		return EXIT_USAGE;
	if (lo.calendar) {
		names = xmalloc(sizeof *names);
		names[nnames++] = xstrdup(lo.calendar);
	} else if (store_calendar_names(c->store, &names, &nnames, &e) != 0) {
		cli_error(&e, 0);
		return 1;
	}
	struct out *o = out_new(lo.fmt, stdout, occ_cols, sizeof occ_cols / sizeof occ_cols[0]);
	struct buf assets = { 0 };
	for (size_t k = 0; k < nnames; k++) {
		struct calendar cal;
		struct occ_list occ = { 0 };
		struct pw_diags warn = { 0 };
		int found;
		if (store_calendar_load(c->store, names[k], &cal, &found, &e) != 0) {
			cli_error(&e, 0);
			out_end(o);
			goto done;
		}
		if (!found) {
			cli_errorf("no calendar named '%s'", names[k]);
			calendar_free(&cal);
			out_end(o);
			goto done;
		}
		cal_expand(&cal, from, to, &occ, &warn);
		char cut[24];
		for (size_t i = 0; i < warn.n; i++)
			cli_error(&warn.v[i], 1);
		for (size_t i = 0; i < occ.n; i++) {
			const struct cal_event *ev = &cal.events[occ.v[i].event];
			char s[64], en[64];
			fmt_time(occ.v[i].start_utc, lo.fmt, cli_zone(c), s, sizeof s);
			fmt_time(occ.v[i].end_utc, lo.fmt, cli_zone(c), en, sizeof en);
			snprintf(cut, sizeof cut, "%d", ev->cutoff_minutes);
			const char *v[] = { cal.name, cal_kind_name(cal.kind), ev->uid,
			    ev->summary, s, en, occ.v[i].all_day ? "1" : "0",
			    name_list(ev->assets, lo.fmt, &assets),
			    cal.kind == CAL_WINDOW ? cut : NULL };
			out_row(o, v);
		}
		/* Pending with no date (an RDS action): listed after the dated,
		 * whatever the range, start and end null ("undated" in a
		 * table). */
		for (size_t i = 0; i < cal.nevents; i++) {
			const struct cal_event *ev = &cal.events[i];
			const char *none = lo.fmt == OUT_TABLE ? "undated" : NULL;
			if (*ev->dtstart != '\0')
				continue;
			snprintf(cut, sizeof cut, "%d", ev->cutoff_minutes);
			const char *v[] = { cal.name, cal_kind_name(cal.kind), ev->uid,
			    ev->summary, none, none, "0",
			    name_list(ev->assets, lo.fmt, &assets),
			    cal.kind == CAL_WINDOW ? cut : NULL };
			out_row(o, v);
		}
		pw_diags_free(&warn);
		occ_list_free(&occ);
		calendar_free(&cal);
	}
	out_end(o);
	ret = 0;
done:
	buf_free(&assets);
	for (size_t k = 0; k < nnames; k++)
		free(names[k]);
	free(names);
	return ret;
}

static const struct out_col win_cols[] = {
	{ "window", OT_STR, 1 }, { "start", OT_STR, 1 }, { "end", OT_STR, 1 },
	{ "timezone", OT_STR, 1 }, { "reboot", OT_BOOL, 1 },
	{ "concurrency", OT_INT, 1 }, { "cutoff_minutes", OT_INT, 1 },
	{ "dst", OT_STR, 1 },	/* "gap": the local start does not exist that
				   day; "fold": it happens twice */
	{ "concurrency_pct", OT_INT, 0 },	/* a share; null: a count */
};

int
cmd_windows(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave windows [--from DATE] [--to DATE] "
	    "[--format table|csv|json]\nOccurrences of the policy's maintenance windows "
	    "(default: from now over the\nplanning horizon).\n";
	struct list_opts lo;
	struct policy p;
	struct window_occ_list wl = { 0 };
	struct pw_diags warn = { 0 };
	struct pw_error e = { 0 };
	int64_t from, to;
	int found, rc = list_args(argc, argv, usage, 1, &lo);

	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (cli_store(c) != 0)
		return 1;
	if (range(c, &lo, 0, &from, &to) != 0)
		return EXIT_USAGE;
	if (store_policy_load(c->store, &p, &found, &e) != 0) {
		cli_error(&e, 0);
		policy_free(&p);
		return 1;
	}
	/* A share's lanes as a plan made now resolves them. */
	int *lanes = xcalloc(p.nwindows ? p.nwindows : 1, sizeof *lanes);
	if (store_window_lanes(c->store, &p, lanes, &e) != 0) {
		cli_error(&e, 0);
		free(lanes);
		policy_free(&p);
		return 1;
	}
	windows_expand(&p, from, to, &wl, &warn);
	for (size_t i = 0; i < warn.n; i++)
		cli_error(&warn.v[i], 1);
	struct out *o = out_new(lo.fmt, stdout, win_cols, sizeof win_cols / sizeof win_cols[0]);
	for (size_t i = 0; i < wl.n; i++) {
		const struct pwindow *w = &p.windows[wl.v[i].window];
		char s[64], en[64], conc[16], cut[16], pct[16];
		fmt_time(wl.v[i].start_utc, lo.fmt, cli_zone(c), s, sizeof s);
		fmt_time(wl.v[i].end_utc, lo.fmt, cli_zone(c), en, sizeof en);
		snprintf(conc, sizeof conc, "%d", lanes[wl.v[i].window]);
		snprintf(cut, sizeof cut, "%d", w->cutoff_minutes);
		snprintf(pct, sizeof pct, "%d", w->concurrency_pct);
		if (w->concurrency_pct && lo.fmt == OUT_TABLE)	/* "2 (50%)" */
			snprintf(conc, sizeof conc, "%d (%d%%)", lanes[wl.v[i].window],
			    w->concurrency_pct);
		const char *dst = wl.v[i].local_start == TZ_LOCAL_GAP ? "gap" :
		    wl.v[i].local_start == TZ_LOCAL_FOLD ? "fold" : "";
		const char *v[] = { w->name, s, en, w->timezone, w->reboot ? "1" : "0",
		    conc, cut, dst, w->concurrency_pct ? pct : NULL };
		out_row(o, v);
	}
	out_end(o);
	window_occ_list_free(&wl);
	pw_diags_free(&warn);
	free(lanes);
	policy_free(&p);
	return 0;
}

/* ---- patches ------------------------------------------------------------ */

static const struct out_col patch_cols[] = {
	{ "key", OT_STR, 0 }, { "hostname", OT_STR, 1 }, { "advisory", OT_STR, 1 },
	{ "severity", OT_STR, 1 }, { "severity_assumed", OT_BOOL, 0 },
	{ "source_severity", OT_STR, 0 }, { "released", OT_STR, 1 },
	{ "released_assumed", OT_BOOL, 1 }, { "reboot", OT_BOOL, 1 },
	{ "kind", OT_STR, 0 }, { "source", OT_STR, 1 }, { "cves", OT_STR, 0 },
	{ "title", OT_STR, 0 }, { "first_seen", OT_STR, 0 }, { "resolved", OT_STR, 0 },
};

static int
patch_row(void *arg, const struct patch_row *r)
{
	const char *v[] = { r->key, r->hostname, r->advisory,
	    severity_name(r->p.severity), r->p.severity_assumed ? "1" : "0",
	    r->source_severity, r->p.released, r->p.released_assumed ? "1" : "0",
	    r->p.reboot ? "1" : "0", r->kind, r->source, r->cves, r->title,
	    r->first_seen, r->resolved_at };
	out_row(arg, v);
	return 0;
}

int
cmd_patches(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave patches [--asset KEY] [--source NAME]\n"
	    "                        [--findings | --kind patch|finding|any] [--all]\n"
	    "                        [--format table|csv|json]\n"
	    "What is pending, asset by asset: advisory, severity (and whether it was\n"
	    "assumed: the source gave none), release date (and whether it was assumed:\n"
	    "the policy's release_fallback), reboot, source, CVEs, title, when first\n"
	    "seen. Patches by default; --findings lists findings with no fix (never\n"
	    "planned); --all adds resolved ones (installed) and retired assets'.\n";
	const char *asset = NULL, *source = NULL, *kind = "patch", *v;
	enum out_format fmt = OUT_TABLE;
	struct pw_error e = { 0 };
	int all = 0, rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--all") == 0)
			all = 1;
		else if (strcmp(argv[i], "--findings") == 0)
			kind = "finding";
		else if ((rc = cli_opt(argc, argv, &i, "--asset", &v)) > 0)
			asset = v;
		else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--source", &v)) > 0)
			source = v;
		else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--kind", &v)) > 0) {
			if (strcmp(v, "patch") && strcmp(v, "finding") && strcmp(v, "any")) {
				cli_errorf("--kind %s: patch, finding or any", v);
				goto bad;
			}
			kind = strcmp(v, "any") ? v : NULL;
		} else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--format", &v)) > 0) {
			int f = out_format_parse(v);
			if (f < 0) {
				cli_errorf("--format %s: use table, csv or json", v);
				goto bad;
			}
			fmt = (enum out_format)f;
		} else {
			if (rc == 0)
				cli_errorf("patches: unexpected argument %s", argv[i]);
			goto bad;
		}
	}
	if (cli_store(c) != 0)
		return 1;
	struct out *o = out_new(fmt, stdout, patch_cols, sizeof patch_cols /
	    sizeof patch_cols[0]);
	rc = store_patches_each(c->store, asset, source, kind, all, patch_row, o, &e);
	out_end(o);
	if (rc != 0) {
		cli_error(&e, 0);
		return 1;
	}
	return 0;
bad:
	fputs(usage, stderr);
	return EXIT_USAGE;
}
