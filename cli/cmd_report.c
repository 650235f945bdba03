/* patchwave report sla: how the patch SLAs were met over a period
 * (model/sla_report.h), as a table, CSV, JSON or one HTML page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../export/export.h"
#include "../export/outdir.h"
#include "../model/civil.h"
#include "../model/sla_report.h"
#include "../storage/exceptions.h"
#include "../util/buf.h"
#include "cli.h"
#include "out.h"

static const char usage[] =
    "usage: patchwave report sla [--from D] [--to D] [--by owner|environment|patch_group]\n"
    "                            [--format table|csv|json|html] [-o FILE] [--now TIME]\n"
    "                            [--top N]\n"
    "Per severity (and per group with --by): findings opened and closed in the\n"
    "period, closed within their SLA deadline (the planner's: the end of the\n"
    "release day + the policy's SLA days, in its zone), the median and 90th\n"
    "percentile time to patch of those closed, and open, overdue and covered by\n"
    "an exception at --now; then the N oldest open findings (--top, default 10).\n"
    "The period is [--from, --to): dates in the operator's zone (--tz, else\n"
    "the policy's), --to's day included; by default the 365 days up to now,\n"
    "now included (an import stamped at now itself counts in it).\n"
    "--format html writes one page with its charts (inline CSS and SVG, no\n"
    "script) that prints on A4 or Letter. -o FILE replaces FILE (0600, never\n"
    "through a link); else standard output. Every figure is defined in\n"
    "docs/formats.md.\n";

static const struct out_col cols[] = {
	{ "group", OT_STR, 1 }, { "severity", OT_STR, 1 }, { "sla_days", OT_INT, 1 },
	{ "opened", OT_INT, 1 }, { "closed", OT_INT, 1 },
	{ "closed_within_sla", OT_INT, 1 }, { "within_sla_pct", OT_RAW, 1 },
	{ "ttp_median_days", OT_RAW, 1 }, { "ttp_p90_days", OT_RAW, 1 },
	{ "open", OT_INT, 1 }, { "overdue", OT_INT, 1 }, { "accepted", OT_INT, 1 },
};

static const struct out_col oldest_cols[] = {
	{ "asset", OT_STR, 1 }, { "advisory", OT_STR, 1 }, { "severity", OT_STR, 1 },
	{ "owner", OT_STR, 1 }, { "first_seen", OT_STR, 1 }, { "due", OT_STR, 1 },
	{ "state", OT_STR, 1 },
};

/* Seconds as days, one decimal; "" when none. */
static void
days(char *out, size_t n, int64_t s)
{
	if (s < 0)
		snprintf(out, n, "%s", "");
	else
		snprintf(out, n, "%.1f", (double)s / 86400.0);
}

static void
stats_row(struct out *o, const struct sla_report *r, const char *group, int sev,
    const struct sla_stats *s)
{
	char v[12][32];
	const char *row[12];
	double pct = sla_pct(s->within, s->closed);

	snprintf(v[2], sizeof v[2], "%d", r->policy->sla_days[sev]);
	snprintf(v[3], sizeof v[3], "%ld", s->opened);
	snprintf(v[4], sizeof v[4], "%ld", s->closed);
	snprintf(v[5], sizeof v[5], "%ld", s->within);
	if (pct < 0)
		v[6][0] = '\0';
	else
		snprintf(v[6], sizeof v[6], "%.1f", pct);
	days(v[7], sizeof v[7], s->median);
	days(v[8], sizeof v[8], s->p90);
	snprintf(v[9], sizeof v[9], "%ld", s->open);
	snprintf(v[10], sizeof v[10], "%ld", s->overdue);
	snprintf(v[11], sizeof v[11], "%ld", s->accepted);
	row[0] = group;
	row[1] = severity_name((enum severity)sev);
	for (int i = 2; i < 12; i++)
		row[i] = v[i][0] ? v[i] : NULL;
	out_row(o, row);
}

static void
print_rows(FILE *f, enum out_format fmt, const struct sla_report *r, int by)
{
	struct out *o = out_new(fmt, f, cols, sizeof cols / sizeof cols[0]);

	for (size_t g = 0; by && g < r->ngroups; g++)
		for (int s = 0; s < SEV_COUNT; s++)
			stats_row(o, r, r->groups[g].name[0] ? r->groups[g].name : "(none)",
			    s, &r->groups[g].sev[s]);
	for (int s = 0; s < SEV_COUNT; s++)
		stats_row(o, r, "all", s, &r->total[s]);
	out_end(o);
}

/* A table's times are the operator's (zone), as every listing's, and a
 * deadline is spelt as the end of its day (cli_format_deadline). */
static void
print_oldest(FILE *f, const struct sla_report *r, const char *zone)
{
	struct out *o = out_new(OUT_TABLE, f, oldest_cols,
	    sizeof oldest_cols / sizeof oldest_cols[0]);

	for (size_t i = 0; i < r->noldest; i++) {
		const struct sla_open *x = &r->oldest[i];
		char seen[64], due[64] = "";
		cli_format_local(x->first_seen, zone, seen, sizeof seen);
		if (x->due != INT64_MAX)
			cli_format_deadline(x->due, zone, due, sizeof due);
		const char *row[] = { x->asset, x->advisory, severity_name(x->severity),
		    x->owner, seen, due, x->accepted ? "accepted" : x->overdue ?
		    "overdue" : "open" };
		out_row(o, row);
	}
	out_end(o);
}

static json_object *
jtime(int64_t t)
{
	char s[21];

	if (t == INT64_MAX || t == INT64_MIN)
		return NULL;
	utc_format(t, s);
	return json_object_new_string(s);
}

static json_object *
jdays(int64_t s)
{
	char v[32];

	if (s < 0)
		return NULL;
	snprintf(v, sizeof v, "%.1f", (double)s / 86400.0);
	return json_object_new_double_s((double)s / 86400.0, v);
}

static json_object *
jstats(const struct sla_report *r, int sev, const struct sla_stats *s)
{
	json_object *o = json_object_new_object();
	double pct = sla_pct(s->within, s->closed);
	char v[16];

	json_object_object_add(o, "severity",
	    json_object_new_string(severity_name((enum severity)sev)));
	json_object_object_add(o, "sla_days", json_object_new_int(r->policy->sla_days[sev]));
	json_object_object_add(o, "opened", json_object_new_int64(s->opened));
	json_object_object_add(o, "closed", json_object_new_int64(s->closed));
	json_object_object_add(o, "closed_within_sla", json_object_new_int64(s->within));
	snprintf(v, sizeof v, "%.1f", pct);
	json_object_object_add(o, "within_sla_pct", pct < 0 ? NULL :
	    json_object_new_double_s(pct, v));
	json_object_object_add(o, "ttp_median_s", s->median < 0 ? NULL :
	    json_object_new_int64(s->median));
	json_object_object_add(o, "ttp_p90_s", s->p90 < 0 ? NULL :
	    json_object_new_int64(s->p90));
	json_object_object_add(o, "ttp_median_days", jdays(s->median));
	json_object_object_add(o, "ttp_p90_days", jdays(s->p90));
	json_object_object_add(o, "open", json_object_new_int64(s->open));
	json_object_object_add(o, "overdue", json_object_new_int64(s->overdue));
	json_object_object_add(o, "accepted", json_object_new_int64(s->accepted));
	return o;
}

static json_object *
jsevs(const struct sla_report *r, const struct sla_stats *s)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < SEV_COUNT; i++)
		json_object_array_add(a, jstats(r, i, &s[i]));
	return a;
}

/* zone: the one --from and --to were read in (--tz, else the policy's). */
static void
print_json(struct buf *b, const struct sla_report *r, const char *by, const char *zone)
{
	json_object *o = json_object_new_object(), *a;

	json_object_object_add(o, "from", jtime(r->from));
	json_object_object_add(o, "to", jtime(r->to));
	json_object_object_add(o, "now", jtime(r->now));
	json_object_object_add(o, "by", by ? json_object_new_string(by) : NULL);
	json_object_object_add(o, "zone", json_object_new_string(zone));
	json_object_object_add(o, "all", jsevs(r, r->total));
	a = json_object_new_array();
	for (size_t g = 0; by && g < r->ngroups; g++) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "group", json_object_new_string(r->groups[g].name));
		json_object_object_add(x, "severities", jsevs(r, r->groups[g].sev));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "groups", a);
	a = json_object_new_array();
	for (size_t i = 0; i < r->noldest; i++) {
		const struct sla_open *x = &r->oldest[i];
		json_object *y = json_object_new_object();
		json_object_object_add(y, "asset", json_object_new_string(x->asset));
		json_object_object_add(y, "advisory", json_object_new_string(x->advisory));
		json_object_object_add(y, "severity",
		    json_object_new_string(severity_name(x->severity)));
		json_object_object_add(y, "owner", json_object_new_string(x->owner));
		json_object_object_add(y, "first_seen", jtime(x->first_seen));
		json_object_object_add(y, "due", jtime(x->due));
		json_object_object_add(y, "overdue", json_object_new_boolean(x->overdue));
		json_object_object_add(y, "accepted", json_object_new_boolean(x->accepted));
		json_object_array_add(a, y);
	}
	json_object_object_add(o, "oldest_open", a);
	a = json_object_new_array();
	for (size_t i = 0; i < r->npoints; i++) {
		json_object *y = json_object_new_object();
		json_object_object_add(y, "at", jtime(r->at[i]));
		for (int s = 0; s < SEV_COUNT; s++)
			json_object_object_add(y, severity_name((enum severity)s),
			    json_object_new_int64(r->open_at[i][s]));
		json_object_array_add(a, y);
	}
	json_object_object_add(o, "open_over_time", a);
	a = json_object_new_array();
	for (size_t i = 0; i < r->nowners; i++) {
		json_object *y = json_object_new_object();
		json_object_object_add(y, "owner", json_object_new_string(r->owners[i].name));
		json_object_object_add(y, "overdue", json_object_new_int64(r->owners[i].overdue));
		json_object_array_add(a, y);
	}
	json_object_object_add(o, "overdue_by_owner", a);
	buf_adds(b, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
	buf_addc(b, '\n');
	json_object_put(o);
}

static void
collect(void *arg, const struct sla_finding *f)
{
	sla_add(arg, f);
}

/* A --from or --to value: a date is its day's start in zone (end, for --to). */
static int
period_end(const char *s, const char *zone, int end, int64_t *out)
{
	if (cli_parse_time(s, zone, out) != 0) {
		cli_errorf("report sla: %s: not a date or time", s);
		return -1;
	}
	if (end && strlen(s) == 10) {	/* YYYY-MM-DD: to the end of that day */
		struct civil c;
		int has_time;
		civil_parse(s, &c, &has_time);
		long d = days_from_civil(c.y, c.mo, c.d) + 1;
		civil_from_days(d, &c.y, &c.mo, &c.d);
		if (c.y > 9999) {	/* no year 10000 to end it in */
			cli_errorf("report sla: %s: the day ends in year 10000 (the last "
			    "--to day is 9999-12-30)", s);
			return -1;
		}
		char next[16];
		snprintf(next, sizeof next, "%04d-%02d-%02d", c.y % 10000, c.mo % 100,
		    c.d % 100);
		return cli_parse_time(next, zone, out);
	}
	return 0;
}

static int
report_sla(struct cli *c, int argc, char **argv)
{
	const char *from_s = NULL, *to_s = NULL, *by = NULL, *path = NULL, *fmt_s = NULL;
	const char *top_s = NULL, *v;
	struct policy p;
	struct exception_list l = { 0 };
	struct sla_report r;
	struct pw_error e = { 0 };
	struct buf b = { 0 };
	enum out_format fmt = OUT_TABLE;
	int html = 0, found, rc, ret = 1;
	int64_t from, to, now;

	if (cli_take_now(c, &argc, argv) != 0)
		return EXIT_USAGE;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if ((rc = cli_opt(argc, argv, &i, "--from", &v)) != 0)
			from_s = v;
		else if ((rc = cli_opt(argc, argv, &i, "--to", &v)) != 0)
			to_s = v;
		else if ((rc = cli_opt(argc, argv, &i, "--by", &v)) != 0)
			by = v;
		else if ((rc = cli_opt(argc, argv, &i, "--format", &v)) != 0)
			fmt_s = v;
		else if ((rc = cli_opt(argc, argv, &i, "-o", &v)) != 0)
			path = v;
		else if ((rc = cli_opt(argc, argv, &i, "--top", &v)) != 0)
			top_s = v;
		else {
			cli_errorf("report sla: unknown argument %s", argv[i]);
			rc = -1;
		}
		if (rc < 0) {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (fmt_s && strcmp(fmt_s, "html") == 0)
		html = 1;
	else if (fmt_s && (int)(fmt = (enum out_format)out_format_parse(fmt_s)) < 0) {
		cli_errorf("report sla: --format %s: table, csv, json or html", fmt_s);
		return EXIT_USAGE;
	}
	if (by && strcmp(by, "owner") != 0 && strcmp(by, "environment") != 0 &&
	    strcmp(by, "patch_group") != 0) {
		cli_errorf("report sla: --by %s: owner, environment or patch_group", by);
		return EXIT_USAGE;
	}
	char *end = NULL;
	long top = top_s ? strtol(top_s, &end, 10) : 10;
	if (top_s && (*end != '\0' || top < 0 || top > 10000)) {
		cli_errorf("report sla: --top %s: a count from 0 to 10000", top_s);
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0 || cli_now(c) != 0)
		return 1;
	now = store_now(c->store);
	if (store_policy_load(c->store, &p, &found, &e) != 0) {
		cli_error(&e, 0);
		policy_free(&p);
		return 1;
	}
	const char *zone = cli_zone(c);
	to = now;
	if ((to_s && period_end(to_s, zone, 1, &to) != 0) ||
	    (from = to - 365 * 86400, from_s && period_end(from_s, zone, 0, &from) != 0)) {
		policy_free(&p);
		return EXIT_USAGE;
	}
	if (from >= to) {
		cli_errorf("report sla: the period is empty (--from is not before --to)");
		policy_free(&p);
		return EXIT_USAGE;
	}
	if (store_exceptions_load(c->store, &p, 1, now, &l, &e) != 0) {
		cli_error(&e, 0);
		exception_list_free(&l);
		policy_free(&p);
		return 1;
	}
	double t0 = cli_clock();
	sla_init(&r, &p, from, to, now);
	r.exceptions = &l;
	r.oldest_max = (size_t)top;
	r.grouped = by != NULL;
	rc = store_sla_each(c->store, by, collect, &r, &e);
	sla_finish(&r);
	cli_timing("report", t0);
	if (rc != 0) {
		cli_error(&e, 0);
		goto out;
	}
	if (html) {
		struct export_opts o = { .generated = now, .zone = zone };
		export_sla_html(&b, &r, by, &o);
	} else if (fmt == OUT_JSON)
		print_json(&b, &r, by, zone);
	if (path && !html && fmt != OUT_JSON) {
		/* A table or CSV into a file: through a memory stream. */
		char *mem = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&mem, &len);
		if (m == NULL) {
			cli_errorf("report sla: out of memory");
			goto out;
		}
		print_rows(m, fmt, &r, by != NULL);
		if (fmt == OUT_TABLE && r.noldest > 0) {
			fprintf(m, "\noldest open findings:\n");
			print_oldest(m, &r, zone);
		}
		fclose(m);
		buf_add(&b, mem, len);
		free(mem);
	}
	if (path) {
		if (outfile_write(path, b.s, b.len, 0600, &e) != 0) {
			cli_errorf("report sla: %s", e.msg);
			goto out;
		}
	} else if (html || fmt == OUT_JSON)
		fwrite(b.s, 1, b.len, stdout);
	else {
		print_rows(stdout, fmt, &r, by != NULL);
		if (fmt == OUT_TABLE && r.noldest > 0) {
			printf("\noldest open findings:\n");
			print_oldest(stdout, &r, zone);
		}
	}
	ret = 0;
out:
	buf_free(&b);
	sla_free(&r);
	exception_list_free(&l);
	policy_free(&p);
	return ret;
}

int
cmd_report(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "sla") == 0)
		return report_sla(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	fputs(usage, stderr);
	return EXIT_USAGE;
}
