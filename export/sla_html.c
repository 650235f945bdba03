/* report sla --format html: the SLA report as one self-contained page like
 * the pack (inline CSS and SVG; no script, font, image or link leaves the
 * file) that reads on screen and prints on A4 or Letter. Each chart is
 * titled with what it shows, so that the picture carries the answer: open
 * findings by severity over time, time to patch against each SLA, overdue by
 * owner; the figures' table and the oldest open findings follow. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/escape.h"
#include "internal.h"

static const char css[] =
    ":root{--ink:#1b1f24;--mute:#5b6470;--line:#d5dae0;--ok:#1e7b3a;--bad:#b3261e;"
    "--crit:#b3261e;--high:#d9822b;--med:#d4a900;--low:#2f6fb3}"
    "*{box-sizing:border-box}"
    "body{font:10.5pt/1.45 -apple-system,'Segoe UI',Roboto,'DejaVu Sans',"
    "Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:60rem;"
    "padding:1.5rem}"
    "h1{font-size:18pt;margin:0 0 .2rem}"
    "h2{font-size:13pt;margin:1.4rem 0 .3rem}"
    ".meta{color:var(--mute);margin:0 0 1rem}"
    ".tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:.6rem;margin:.6rem 0}"
    ".tile{border:1px solid var(--line);border-top:4px solid var(--c);padding:.5rem .6rem}"
    ".tile b{display:block;font-size:20pt;line-height:1.1}"
    ".tile span{color:var(--mute);font-size:9pt}"
    ".good b{color:var(--ok)}.poor b{color:var(--bad)}"
    "table{border-collapse:collapse;width:100%;margin:.2rem 0 .6rem}"
    "th,td{border-bottom:1px solid var(--line);padding:.2rem .4rem;text-align:left}"
    "th{font-weight:600;background:#f3f5f7}"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".late{color:var(--bad);font-weight:600}.ack{color:var(--mute)}"
    ".nw{white-space:nowrap}"
    "figure{margin:.4rem 0 1rem}"
    "svg{width:100%;height:auto;display:block}"
    "svg text{font-family:inherit;font-size:10px;fill:var(--ink)}"
    "svg .mute{fill:var(--mute)}"
    "footer{color:var(--mute);font-size:9pt;margin-top:2rem}"
    "@page{margin:14mm}"
    "@media print{body{max-width:none;padding:0;font-size:9.5pt}"
    "figure,tr,.tiles{break-inside:avoid}h2{break-after:avoid}}";

static const char *const sev_color[SEV_COUNT] = { "#b3261e", "#d9822b", "#d4a900",
    "#2f6fb3" };

static void
text(struct buf *b, const char *s)
{
	esc_html(b, s);
}

/* "12,345". */
static void
count(char *out, size_t n, long v)
{
	char d[32];
	int len = snprintf(d, sizeof d, "%ld", v < 0 ? -v : v), k = 0;
	size_t j = 0;

	if (v < 0 && j + 1 < n)
		out[j++] = '-';
	for (int i = 0; i < len && j + 1 < n; i++) {
		out[j++] = d[i];
		k = len - i - 1;
		if (k > 0 && k % 3 == 0 && j + 1 < n)
			out[j++] = ',';
	}
	out[j] = '\0';
}

static void
day_of(int64_t t, const char *zone, char out[11])
{
	char s[64];

	ex_local(t, zone, s, sizeof s);
	memcpy(out, s, 10);	/* "YYYY-MM-DD" of "YYYY-MM-DD HH:MM +hh:mm" */
	out[10] = '\0';
}

/* The headline of a severity: the share closed within its SLA. */
static void
tiles(struct buf *b, const struct sla_report *r)
{
	buf_adds(b, "<div class=\"tiles\">");
	for (int s = 0; s < SEV_COUNT; s++) {
		const struct sla_stats *x = &r->total[s];
		double pct = sla_pct(x->within, x->closed);
		char o[32], d[32];
		count(o, sizeof o, x->open);
		count(d, sizeof d, x->overdue);
		if (pct < 0)
			buf_printf(b, "<div class=\"tile\" style=\"--c:%s\"><b>&ndash;</b>",
			    sev_color[s]);
		else
			buf_printf(b, "<div class=\"tile %s\" style=\"--c:%s\"><b>%.0f%%</b>",
			    pct >= 90 ? "good" : pct < 75 ? "poor" : "", sev_color[s], pct);
		buf_printf(b, "%s closed within %d day%s<br><span>%s open now, %s "
		    "overdue</span></div>", severity_name((enum severity)s),
		    r->policy->sla_days[s], r->policy->sla_days[s] == 1 ? "" : "s", o, d);
	}
	buf_adds(b, "</div>\n");
}

/* Open findings by severity at each point, stacked. */
static void
chart_open(struct buf *b, const struct sla_report *r, const char *zone)
{
	const double W = 760, H = 220, L = 50, R = 90, T = 10, B = 24;
	long max = 1, first = 0, last = 0;
	size_t n = r->npoints;
	char a[32], c[32], d0[11], d1[11];

	for (size_t i = 0; i < n; i++) {
		long t = 0;
		for (int s = 0; s < SEV_COUNT; s++)
			t += r->open_at[i][s];
		if (t > max)
			max = t;
		if (i == 0)
			first = t;
		last = t;
	}
	count(a, sizeof a, last);
	count(c, sizeof c, first);
	day_of(r->at[0], zone, d0);
	day_of(r->at[n - 1], zone, d1);
	buf_adds(b, "<h2>");
	if (last < first)
		buf_printf(b, "Open findings fell from %s to %s", c, a);
	else if (last > first)
		buf_printf(b, "Open findings rose from %s to %s", c, a);
	else
		buf_printf(b, "Open findings held at %s", a);
	buf_printf(b, " (%s to %s)</h2><figure><svg viewBox=\"0 0 %.0f %.0f\" role=\"img\">",
	    d0, d1, W, H);
	double pw = W - L - R, ph = H - T - B;
	/* Stacked from the bottom: low, then medium, high, critical on top. */
	long *base = xcalloc(n, sizeof *base);
	double prev = H;	/* the label below's y: labels stay 11 apart */
	for (int s = SEV_COUNT - 1; s >= 0; s--) {
		buf_printf(b, "<path fill=\"%s\" fill-opacity=\".85\" d=\"", sev_color[s]);
		for (size_t i = 0; i < n; i++) {
			double x = L + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
			double y = T + ph - ph * (double)(base[i] + r->open_at[i][s]) / (double)max;
			buf_printf(b, "%s%.1f %.1f", i ? "L" : "M", x, y);
		}
		for (size_t i = n; i-- > 0;) {
			double x = L + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
			double y = T + ph - ph * (double)base[i] / (double)max;
			buf_printf(b, "L%.1f %.1f", x, y);
		}
		buf_adds(b, "Z\"/>");
		long mid2 = base[n - 1] * 2 + r->open_at[n - 1][s];
		char v[32];
		count(v, sizeof v, r->open_at[n - 1][s]);
		double ly = T + ph - ph * (double)mid2 / 2.0 / (double)max + 3;
		if (ly > prev - 11)
			ly = prev - 11;
		prev = ly;
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%s %s</text>", L + pw + 6, ly, v,
		    severity_name((enum severity)s));
		for (size_t i = 0; i < n; i++)
			base[i] += r->open_at[i][s];
	}
	free(base);
	/* Axes: zero, the maximum, and dates at the ends and middle. */
	char m[32];
	count(m, sizeof m, max);
	buf_printf(b, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#5b6470\"/>"
	    "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\" class=\"mute\">0</text>"
	    "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\" class=\"mute\">%s</text>",
	    L, T + ph, L + pw, T + ph, L - 4, T + ph, L - 4, T + 8, m);
	for (int k = 0; k <= 4; k++) {
		size_t i = (n - 1) * (size_t)k / 4;
		char d[11];
		day_of(r->at[i], zone, d);
		double x = L + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\" class=\"mute\">%s"
		    "</text>", x, H - 6, k == 0 ? "start" : k == 4 ? "end" : "middle", d);
	}
	buf_adds(b, "</svg></figure>\n");
}

/* Time to patch of one severity: a histogram in days from release, the
 * SLA's deadline a line, bars past it red. */
static void
chart_ttp(struct buf *b, const struct sla_report *r, int s)
{
	const double W = 760, H = 110, L = 50, R = 10, T = 8, B = 20;
	const struct sla_stats *x = &r->total[s];
	int sla = r->policy->sla_days[s];
	double due = sla + 1;			/* the end of the last day */
	int width = (int)((2 * due + 23) / 24);	/* days a bar: about 24 bars */
	int nb;
	long bins[64] = { 0 }, max = 1;
	double pct = sla_pct(x->within, x->closed);

	if (width < 1)
		width = 1;
	nb = (int)((2 * due + width - 1) / width) + 1;	/* the last: everything later */
	if (nb > 64)
		nb = 64;
	for (size_t i = 0; i < x->nttp; i++) {
		long k = (long)(x->ttp[i] / 86400 / width);
		bins[k < nb - 1 ? k : nb - 1]++;
	}
	for (int i = 0; i < nb; i++)
		if (bins[i] > max)
			max = bins[i];
	buf_printf(b, "<h2>%s: ", severity_name((enum severity)s));
	if (pct < 0)
		buf_printf(b, "nothing closed in the period (SLA %d days)</h2>", sla);
	else {
		char c[32];
		count(c, sizeof c, x->closed);
		buf_printf(b, "%.0f%% of %s closed within %d day%s; median %.1f, 90%% by "
		    "%.1f days</h2>", pct, c, sla, sla == 1 ? "" : "s",
		    (double)x->median / 86400.0, (double)x->p90 / 86400.0);
	}
	buf_printf(b, "<figure><svg viewBox=\"0 0 %.0f %.0f\" role=\"img\">", W, H);
	double pw = W - L - R, ph = H - T - B, bw = pw / nb;
	for (int i = 0; i < nb; i++) {
		double h = ph * (double)bins[i] / (double)max;
		int late = (double)(i + 1) * width > due || i == nb - 1;
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		    "fill=\"%s\"/>", L + bw * i + 1, T + ph - h, bw - 2, h,
		    late ? "#b3261e" : "#1e7b3a");
	}
	double lx = L + bw * due / width;
	buf_printf(b, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#1b1f24\" "
	    "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%.0f\">SLA: %d days after "
	    "release</text>", lx, T, lx, T + ph, lx + 4, T + 10, sla);
	char m[32];
	count(m, sizeof m, max);
	buf_printf(b, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#5b6470\"/>"
	    "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\" class=\"mute\">%s</text>",
	    L, T + ph, L + pw, T + ph, L - 4, T + 8, m);
	for (int i = 0; i < nb - (nb + 7) / 16 - 1; i += (nb + 7) / 8)
		buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" class=\"mute\">%d d</text>",
		    L + bw * i + 1, H - 5, i * width);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"end\" class=\"mute\">"
	    "%d+ d</text></svg></figure>\n", L + pw, H - 5, (nb - 1) * width);
}

/* Overdue findings by owner: the 15 with most. */
static void
chart_owners(struct buf *b, const struct sla_report *r)
{
	const double W = 760, L = 170, R = 60, row = 18;
	size_t n = r->nowners < 15 ? r->nowners : 15;
	long total = 0, max = 1;

	for (size_t i = 0; i < r->nowners; i++)
		total += r->owners[i].overdue;
	if (total == 0) {
		buf_adds(b, "<h2>Nothing is overdue</h2>\n");
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (r->owners[i].overdue > max)
			max = r->owners[i].overdue;
	char t[32], c[32];
	count(t, sizeof t, total);
	count(c, sizeof c, r->owners[0].overdue);
	buf_printf(b, "<h2>%s finding%s overdue; the most, %s (%.0f%%), belong to ", t,
	    total == 1 ? " is" : "s are", c, 100.0 * (double)r->owners[0].overdue /
	    (double)total);
	text(b, r->owners[0].name[0] ? r->owners[0].name : "no owner");
	buf_printf(b, "</h2><figure><svg viewBox=\"0 0 %.0f %.0f\" role=\"img\">", W,
	    row * (double)n + 6);
	for (size_t i = 0; i < n; i++) {
		const struct sla_group *o = &r->owners[i];
		double y = row * (double)i + 3, x = L;
		buf_printf(b, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", L - 6, y + 12);
		text(b, o->name[0] ? o->name : "(no owner)");
		buf_adds(b, "</text>");
		for (int s = 0; s < SEV_COUNT; s++) {
			double w = (W - L - R) * (double)o->sev[s].overdue / (double)max;
			if (w <= 0)
				continue;
			buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" "
			    "fill=\"%s\"/>", x, y + 2, w, row - 5, sev_color[s]);
			x += w;
		}
		count(c, sizeof c, o->overdue);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x + 4, y + 12, c);
	}
	buf_adds(b, "</svg></figure>\n");
	if (r->nowners > n)
		buf_printf(b, "<p class=\"ack\">%zu more owners have overdue findings.</p>\n",
		    r->nowners - n);
}

static void
num(struct buf *b, long v)
{
	char c[32];

	count(c, sizeof c, v);
	buf_printf(b, "<td class=\"num\">%s</td>", c);
}

static void
stats_rows(struct buf *b, const struct sla_report *r, const char *group,
    const struct sla_stats *st)
{
	for (int s = 0; s < SEV_COUNT; s++) {
		const struct sla_stats *x = &st[s];
		double pct = sla_pct(x->within, x->closed);
		buf_adds(b, "<tr>");
		if (group) {
			buf_adds(b, "<td class=\"nw\">");
			text(b, group[0] ? group : "(none)");
			buf_adds(b, "</td>");
		}
		buf_printf(b, "<td>%s</td><td class=\"num\">%d</td>",
		    severity_name((enum severity)s), r->policy->sla_days[s]);
		num(b, x->opened);
		num(b, x->closed);
		if (pct < 0)
			buf_adds(b, "<td class=\"num\">&ndash;</td><td class=\"num\">&ndash;"
			    "</td><td class=\"num\">&ndash;</td>");
		else
			buf_printf(b, "<td class=\"num\">%.1f%%</td><td class=\"num\">%.1f</td>"
			    "<td class=\"num\">%.1f</td>", pct, (double)x->median / 86400.0,
			    (double)x->p90 / 86400.0);
		num(b, x->open);
		buf_printf(b, "<td class=\"num%s\">", x->overdue ? " late" : "");
		char c[32];
		count(c, sizeof c, x->overdue);
		buf_printf(b, "%s</td>", c);
		num(b, x->accepted);
		buf_adds(b, "</tr>");
	}
}

static void
figures(struct buf *b, const struct sla_report *r, const char *by)
{
	buf_adds(b, "<h2>The figures</h2><table><thead><tr>");
	if (by)
		buf_printf(b, "<th>%s</th>", by);
	buf_adds(b, "<th>severity</th><th class=\"num\">SLA days</th><th class=\"num\">"
	    "opened</th><th class=\"num\">closed</th><th class=\"num\">within SLA</th>"
	    "<th class=\"num\">median days</th><th class=\"num\">p90 days</th>"
	    "<th class=\"num\">open</th><th class=\"num\">overdue</th><th class=\"num\">"
	    "accepted</th></tr></thead>");
	for (size_t g = 0; by && g < r->ngroups; g++)
		stats_rows(b, r, r->groups[g].name, r->groups[g].sev);
	stats_rows(b, r, by ? "all" : NULL, r->total);
	buf_adds(b, "</table>\n");
}

static void
oldest(struct buf *b, const struct sla_report *r, const char *zone)
{
	if (r->noldest == 0)
		return;
	buf_printf(b, "<h2>The %zu oldest open findings</h2><table><thead><tr>"
	    "<th>asset</th><th>advisory</th><th>severity</th><th>owner</th>"
	    "<th>first seen</th><th>due</th><th>state</th></tr></thead>", r->noldest);
	for (size_t i = 0; i < r->noldest; i++) {
		const struct sla_open *x = &r->oldest[i];
		char seen[11], due[11] = "";
		day_of(x->first_seen, zone, seen);
		if (x->due != INT64_MAX)
			day_of(x->due - 1, zone, due);	/* the last day allowed */
		buf_adds(b, "<tr><td>");
		text(b, x->asset);
		buf_adds(b, "</td><td>");
		text(b, x->advisory);
		buf_printf(b, "</td><td>%s</td><td>", severity_name(x->severity));
		text(b, x->owner);
		buf_printf(b, "</td><td>%s</td><td>%s</td><td class=\"%s\">%s</td></tr>", seen,
		    due, x->overdue ? "late" : x->accepted ? "ack" : "", x->accepted ?
		    "accepted" : x->overdue ? "overdue" : "open");
	}
	buf_adds(b, "</table>\n");
}

void
export_sla_html(struct buf *b, const struct sla_report *r, const char *by,
    const struct export_opts *o)
{
	const char *zone = o->zone ? o->zone : "UTC";
	char t[64], d0[11], d1[11];

	ex_local(o->generated, zone, t, sizeof t);	/* as every time here */
	day_of(r->from, zone, d0);
	day_of(r->to - 1, zone, d1);
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
	    " style-src 'unsafe-inline'\"><title>Patch SLA report %s to %s</title>"
	    "<style>%s</style></head>\n<body><header><h1>Patch SLA report</h1>"
	    "<p class=\"meta\">%s to %s &middot; open and overdue as of %s &middot; "
	    "times in ", d0, d1, css, d0, d1, t);
	text(b, zone);
	if (by) {
		buf_adds(b, " &middot; by ");
		text(b, by);
	}
	buf_adds(b, "</p></header>\n");
	tiles(b, r);
	chart_open(b, r, zone);
	for (int s = 0; s < SEV_COUNT; s++)
		chart_ttp(b, r, s);
	chart_owners(b, r);
	figures(b, r, by);
	oldest(b, r, zone);
	buf_printf(b, "<footer>Generated by patchwave at %s. A finding is an asset's "
	    "advisory, from the import that first listed it to the one that no longer "
	    "did; its deadline is the end of its release day plus the SLA days, in the "
	    "policy's zone (docs/formats.md, report sla).</footer></body></html>\n", t);
}
