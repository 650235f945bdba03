/* index.html: the CAB approval pack as one self-contained document (inline
 * CSS and SVG; no script, no font, no image, no link leaves the file) that
 * reads on screen and prints on A4 or Letter, one change per page. */
#include <stdio.h>
#include <string.h>

#include "../model/civil.h"
#include "../util/escape.h"
#include "internal.h"

static const char css[] =
    ":root{--ink:#1b1f24;--mute:#5b6470;--line:#d5dae0;--win:#2f6fb3;"
    "--prov:#d9822b;--frz:#c0392b;--ok:#1e7b3a;--bad:#b3261e}"
    "*{box-sizing:border-box}"
    "body{font:10.5pt/1.45 -apple-system,'Segoe UI',Roboto,'DejaVu Sans',"
    "Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:60rem;"
    "padding:1.5rem}"
    "h1{font-size:18pt;margin:0 0 .2rem}h2{font-size:14pt;margin:0 0 .4rem}"
    "h3{font-size:11pt;margin:1.1rem 0 .35rem;color:var(--mute);"
    "text-transform:uppercase;letter-spacing:.04em}"
    ".meta{color:var(--mute);margin:0 0 1rem}"
    "table{border-collapse:collapse;width:100%;margin:.2rem 0 .6rem}"
    "th,td{border-bottom:1px solid var(--line);padding:.22rem .4rem;"
    "text-align:left;vertical-align:top}"
    "th{font-weight:600;background:#f3f5f7}"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".nw{white-space:nowrap}"
    /* A hostname or an advisory id is one token: never broken inside */
    "td.tok{white-space:nowrap;overflow-wrap:normal;word-break:keep-all}"
    "table.kv th{width:11rem;background:none;color:var(--mute);font-weight:500}"
    ".badge{display:inline-block;padding:.05rem .45rem;border-radius:.6rem;"
    "font-size:9pt;font-weight:600;border:1px solid currentColor}"
    ".approved,.implemented{color:var(--ok)}"
    ".draft,.submitted,.rejected,.failed,.cancelled,.rolled-back{color:var(--bad)}"
    ".pending{background:#fff4e5;border:2px solid var(--prov);padding:.5rem .8rem;"
    "margin:.5rem 0;font-weight:600}"
    ".late{color:var(--bad);font-weight:600}"
    ".error{color:var(--bad);font-weight:600}.warning{color:var(--prov);font-weight:600}"
    ".ack{color:var(--mute);font-size:9.5pt}"
    ".hash{word-break:break-all;font-size:8.5pt}"
    "pre{white-space:pre-wrap;font:inherit;margin:0;padding:.4rem .6rem;"
    "background:#f7f8fa;border-left:3px solid var(--line)}"
    "section.change{border-top:2px solid var(--ink);margin-top:2rem;padding-top:1rem}"
    "svg{width:100%;height:auto;display:block}"
    "svg text{font-family:inherit;font-size:10px;fill:var(--ink)}"
    "footer{color:var(--mute);font-size:9pt;margin-top:2rem}"
    "@page{margin:14mm}"
    "@media print{body{max-width:none;padding:0;font-size:9.5pt}"
    "section.change~section.change{break-before:page;border-top:none;margin-top:0}"
    "tr,.pending,svg{break-inside:avoid}h3{break-after:avoid}"
    "a{color:inherit;text-decoration:none}}";

static void
text(struct buf *b, const char *s)
{
	esc_html(b, s);
}

static void
cell(struct buf *b, const char *s)
{
	buf_adds(b, "<td>");
	text(b, s);
	buf_adds(b, "</td>");
}

/* A cell of one token (a hostname, an advisory id): not wrapped inside. */
static void
cell_token(struct buf *b, const char *s)
{
	buf_adds(b, "<td class=\"tok\">");
	text(b, s);
	buf_adds(b, "</td>");
}

static void
kv(struct buf *b, const char *k, const char *v)
{
	buf_printf(b, "<tr><th>%s</th><td>", k);
	text(b, v);
	buf_adds(b, "</td></tr>");
}

/* A time kept as text, in the pack's zone, as HTML text. */
static void
stamp(struct buf *b, const char *at, const char *zone)
{
	struct buf t = { 0 };

	ex_local_text(&t, at, zone);
	text(b, buf_str(&t));
	buf_free(&t);
}

/* A row of a time kept as text, in the pack's zone. */
static void
kv_time(struct buf *b, const char *k, const char *at, const char *zone)
{
	buf_printf(b, "<tr><th>%s</th><td>", k);
	stamp(b, at, zone);
	buf_adds(b, "</td></tr>");
}

static void
prose(struct buf *b, const char *title, const char *v)
{
	buf_printf(b, "<h3>%s</h3>", title);
	if (v == NULL || v[0] == '\0')
		buf_adds(b, "<p class=\"ack\">(none)</p>");
	else {
		buf_adds(b, "<pre>");
		text(b, v);
		buf_adds(b, "</pre>");
	}
}

/* A tick step that gives at most ten ticks over span seconds. */
static int64_t
tick_step(int64_t span)
{
	static const int64_t steps[] = { 3600, 7200, 10800, 21600, 43200, 86400,
	    172800, 604800, 2592000 };

	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
		if (span / steps[i] <= 10)
			return steps[i];
	return 2592000;
}

/* The schedule: a row per window, then provider maintenance and freezes. */
static void
timeline(struct buf *b, const struct change_rec *r, const struct export_opts *o)
{
	const double W = 760, left = 150, right = 10, row = 22, top = 18;
	int64_t lo = 0, hi = 0;
	int have = 0, prov = 0, frz = 0;

	for (size_t i = 0; i < r->nwindows; i++) {
		const struct change_window *x = &r->windows[i];
		if (!have || x->start_utc < lo)
			lo = x->start_utc;
		if (!have || x->end_utc > hi)
			hi = x->end_utc;
		have = 1;
	}
	if (!have) {
		buf_adds(b, "<p class=\"ack\">No windows.</p>");
		return;
	}
	for (size_t i = 0; i < r->nblocks; i++) {
		const struct change_block *x = &r->blocks[i];
		prov |= strcmp(x->kind, "provider") == 0;
		frz |= strcmp(x->kind, "freeze") == 0;
		if (x->start_utc < lo)
			lo = x->start_utc;
		if (x->end_utc > hi)
			hi = x->end_utc;
	}
	lo -= lo % 3600;
	hi += (3600 - hi % 3600) % 3600;
	if (hi <= lo)
		hi = lo + 3600;
	size_t rows = r->nwindows + (size_t)prov + (size_t)frz;
	double H = top + row * (double)rows + 22, span = (double)(hi - lo);
#define X(t) (left + (W - left - right) * (double)((t) - lo) / span)
	buf_printf(b, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"schedule"
	    " of %s\" xmlns=\"http://www.w3.org/2000/svg\">", W, H, r->number);
	/* Ticks and their labels (local time). */
	int64_t step = tick_step(hi - lo);
	for (int64_t t = lo - lo % step + (lo % step ? step : 0); t <= hi; t += step) {
		char s[64];
		ex_local(t, o->zone, s, sizeof s);
		buf_printf(b, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
		    "stroke=\"#d5dae0\"/>", X(t), top - 4, X(t), H - 18);
		const char *anchor = X(t) > W - 40 ? "end" : X(t) < left + 30 ? "start" :
		    "middle";
		buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">%.5s "
		    "%.5s</text>", X(t), H - 5, anchor, s + 5, s + 11);
	}
	size_t y = 0;
	for (size_t i = 0; i < r->nwindows; i++, y++) {
		const struct change_window *x = &r->windows[i];
		double ry = top + row * (double)y;
		buf_printf(b, "<text x=\"0\" y=\"%.0f\">wave %lld ", ry + 14, x->wave);
		text(b, x->stage);
		buf_printf(b, "</text><rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\""
		    " rx=\"3\" fill=\"#2f6fb3\"><title>", X(x->start_utc), ry + 3,
		    X(x->end_utc) - X(x->start_utc) < 2 ? 2 : X(x->end_utc) - X(x->start_utc),
		    row - 6);
		text(b, x->window);
		buf_adds(b, "</title></rect>");
	}
	for (int kind = 0; kind < 2; kind++) {
		const char *want = kind ? "freeze" : "provider";
		if (kind ? !frz : !prov)
			continue;
		double ry = top + row * (double)y++;
		buf_printf(b, "<text x=\"0\" y=\"%.0f\">%s</text>", ry + 14,
		    kind ? "change freeze" : "provider maintenance");
		for (size_t i = 0; i < r->nblocks; i++) {
			const struct change_block *x = &r->blocks[i];
			if (strcmp(x->kind, want) != 0)
				continue;
			double w = X(x->end_utc) - X(x->start_utc);
			buf_printf(b, "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\""
			    " fill=\"%s\" fill-opacity=\".75\"><title>", X(x->start_utc),
			    ry + 3, w < 2 ? 2 : w, row - 6, kind ? "#c0392b" : "#d9822b");
			text(b, x->label);
			buf_adds(b, "</title></rect>");
		}
	}
#undef X
	buf_adds(b, "</svg>");
}

/* The post-implementation review of an implemented or failed change: per
 * asset what the scans after its window say, and which scan. */
static void
review_html(struct buf *b, const struct change_verified *v, const struct export_opts *o)
{
	char t[64], z[64];

	ex_local(v->now, o->zone, t, sizeof t);
	buf_printf(b, "<h3>Post-implementation review: %zu patched, %zu still missing, "
	    "%zu not rescanned</h3><p class=\"ack\">The scans imported after each "
	    "asset's window, as of %s: patched when every patch the change covered is "
	    "gone from a scan of its source, still missing when one is still listed, not "
	    "rescanned when its source has not been imported since. %zu patch%s first "
	    "seen after the window %s listed, not counted against the change.</p>",
	    v->counts[VO_PATCHED], v->counts[VO_STILL_MISSING],
	    v->counts[VO_NOT_RESCANNED], t, v->new_findings, v->new_findings == 1 ?
	    "" : "es", v->new_findings == 1 ? "is" : "are");
	buf_adds(b, "<table><thead><tr><th>host</th><th>planned end</th><th>outcome</th>"
	    "<th>still pending</th><th>new findings</th><th>scan</th></tr></thead>");
	for (size_t i = 0; i < v->nassets; i++) {
		const struct change_verified_asset *a = &v->assets[i];
		buf_adds(b, "<tr><td class=\"nw\">");
		text(b, a->hostname);
		buf_adds(b, "</td>");
		ex_local(a->end_utc, o->zone, z, sizeof z);
		buf_printf(b, "<td class=\"nw\">%s</td><td class=\"%s\">%s</td>", z,
		    a->o.outcome == VO_PATCHED ? "implemented" : "failed",
		    verify_outcome_name(a->o.outcome));
		cell(b, a->missing);
		cell(b, a->new_findings);
		buf_adds(b, "<td class=\"ack\">");
		if (a->ev_import) {
			buf_printf(b, "import %lld, ", a->ev_import);
			text(b, a->ev_source);
			buf_adds(b, ", imported ");
			stamp(b, a->ev_at, o->zone);
			if (a->ev_scanned > 0) {
				ex_local(a->ev_scanned, o->zone, z, sizeof z);
				buf_printf(b, ", taken at %s", z);
			}
			buf_adds(b, "<br><span class=\"hash\">sha256 ");
			text(b, a->ev_digest[0] ? a->ev_digest : "not recorded");
			buf_adds(b, "</span>");
		} else if (a->stale_import) {	/* as the Markdown says it */
			ex_local(a->stale_scanned, o->zone, z, sizeof z);
			buf_printf(b, "import %lld, ", a->stale_import);
			text(b, a->stale_path);
			buf_printf(b, ", taken at %s: before its planned end in the window", z);
		} else
			buf_adds(b, "-");
		buf_adds(b, "</td></tr>");
	}
	buf_adds(b, "</table>");
}

static void
change_html(struct buf *b, const struct change_rec *r, const struct export_opts *o)
{
	char a[64], z[64];
	size_t errors, warnings, acked, approvals, rejections;
	const char *state = change_state_name(r->state);

	ex_conflict_counts(r, &errors, &warnings, &acked);
	ex_decision_counts(r, &approvals, &rejections);
	buf_printf(b, "<section class=\"change\" id=\"%s\"><h2>%s: ", r->number, r->number);
	text(b, r->title);
	buf_printf(b, " <span class=\"badge %s\">%s</span></h2>", state, state);
	if (r->state != CS_APPROVED && r->state != CS_IMPLEMENTED &&
	    r->state != CS_FAILED)
		buf_printf(b, "<p class=\"pending\">Not approved: this change is %s and is "
		    "included for review only.</p>", state);
	buf_adds(b, "<table class=\"kv\">");
	if (r->outcome_who) {	/* who recorded it, when, and its evidence */
		struct buf t = { 0 };
		buf_printf(&t, "%s by %s at %s: %s", state, r->outcome_who,
		    r->outcome_at, r->outcome_detail);
		kv_time(b, "outcome", buf_str(&t), o->zone);
		buf_free(&t);
	}
	kv(b, "type", change_type_name(r->type));
	buf_printf(b, "<tr><th>risk / impact</th><td>%s / %s%s</td></tr>",
	    change_level_name(r->risk), change_level_name(r->impact),
	    r->risk_chosen || r->impact_chosen ? "" : " (as suggested)");
	if (r->planned_start) {
		ex_local(r->planned_start, o->zone, a, sizeof a);
		ex_local(r->planned_end, o->zone, z, sizeof z);
		buf_printf(b, "<tr><th>planned</th><td>%s to %s</td></tr>", a, z);
	}
	kv(b, "requested by", r->requested_by);
	kv_time(b, "created", r->created_at, o->zone);
	kv_time(b, "last updated", r->updated_at, o->zone);
	buf_adds(b, "</table>");
	prose(b, "Description", r->description);
	prose(b, "Implementation plan", r->implementation);
	prose(b, "Test plan", r->test_plan);
	prose(b, "Backout plan", r->backout_plan);

	buf_adds(b, "<h3>Schedule</h3>");
	timeline(b, r, o);
	buf_adds(b, "<table><thead><tr><th class=\"num\">wave</th><th>stage</th><th>window</th>"
	    "<th>start</th><th>end</th><th>last start</th></tr></thead>");
	for (size_t i = 0; i < r->nwindows; i++) {
		const struct change_window *x = &r->windows[i];
		char l[64] = "";
		ex_local(x->start_utc, o->zone, a, sizeof a);
		ex_local(x->end_utc, o->zone, z, sizeof z);
		/* The window's cutoff: no work starts after end less it. */
		if (x->cutoff_minutes > 0)
			ex_local(x->end_utc - (int64_t)x->cutoff_minutes * 60, o->zone, l,
			    sizeof l);
		buf_printf(b, "<tr><td class=\"num\">%lld</td>", x->wave);
		cell(b, x->stage);
		cell(b, x->window);
		buf_printf(b, "<td>%s</td><td>%s</td><td>%s</td></tr>", a, z, l);
	}
	buf_adds(b, "</table>");

	buf_printf(b, "<h3>Affected assets and SLA evidence (%zu)</h3>", r->nassets);
	buf_adds(b, "<p class=\"ack\">Each deadline is the advisory's release plus the "
	    "policy's SLA days for its severity; slack is the deadline minus the planned "
	    "end.</p><table><thead><tr><th>host</th><th>environment</th><th class=\"num\">"
	    "wave</th><th>planned end</th><th>advisory</th><th>severity</th><th>released"
	    " + SLA</th><th>deadline</th><th class=\"num\">slack (h)</th></tr></thead>");
	for (size_t i = 0; i < r->nassets; i++) {
		const struct change_asset *x = &r->assets[i];
		buf_adds(b, "<tr>");
		cell_token(b, x->hostname);
		cell(b, x->environment);
		ex_local(x->end_utc, o->zone, z, sizeof z);
		buf_printf(b, "<td class=\"num\">%lld</td><td class=\"nw\">%s</td>", x->wave,
		    z);
		cell_token(b, x->advisory);
		cell(b, x->severity);
		if (x->has_deadline) {
			long slack = ex_slack_hours(x);
			/* One spelling of a deadline: the end of its day. */
			tz_format(o->zone ? tz_builtin(o->zone) : NULL, x->deadline_utc, 1,
			    a, sizeof a);
			buf_printf(b, "<td class=\"nw\">%s + %d d</td><td class=\"nw\">%s</td><td "
			    "class=\"num%s\">%ld</td>", x->released, x->sla_days, a, slack < 0 ?
			    " late" : "", slack);
		} else
			buf_adds(b, "<td>-</td><td>-</td><td class=\"num\">-</td>");
		buf_adds(b, "</tr>");
	}
	buf_adds(b, "</table>");

	buf_printf(b, "<h3>Conflicts: %zu error%s, %zu warning%s (%zu acknowledged)</h3>",
	    errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", acked);
	if (r->nconflicts == 0)
		buf_adds(b, "<p>None.</p>");
	else {
		buf_adds(b, "<table><thead><tr><th>code</th><th>severity</th><th>what</th>"
		    "<th>acknowledgement</th></tr></thead>");
		for (size_t i = 0; i < r->nconflicts; i++) {
			const struct change_conflict *x = &r->conflicts[i];
			buf_printf(b, "<tr><td>%s</td><td class=\"%s\">%s</td>", x->code,
			    strcmp(x->severity, "error") == 0 ? "error" : "warning",
			    x->severity);
			struct buf m = { 0 };	/* its times in the pack's zone */
			tz_local_times(&m, x->message, o->zone ? tz_builtin(o->zone) : NULL);
			cell(b, buf_str(&m));
			buf_free(&m);
			buf_adds(b, "<td class=\"ack\">");
			if (x->ack_who) {
				text(b, x->ack_who);
				buf_adds(b, ", ");
				stamp(b, x->ack_at, o->zone);
				buf_adds(b, ": ");
				text(b, x->ack_reason ? x->ack_reason : "");
			} else
				buf_adds(b, "-");
			buf_adds(b, "</td></tr>");
		}
		buf_adds(b, "</table>");
	}

	/* Exceptions holding now that cover its assets' pending patches. */
	if (r->nrisks) {
		buf_printf(b, "<h3>Accepted risks (%zu)</h3><table><thead><tr><th "
		    "class=\"num\">exception</th><th>asset</th><th>advisory</th><th>until"
		    "</th><th>accepted by</th><th>reason</th></tr></thead>", r->nrisks);
		for (size_t i = 0; i < r->nrisks; i++) {
			const struct change_risk *x = &r->risks[i];
			buf_printf(b, "<tr><td class=\"num\">%lld</td>", x->id);
			cell_token(b, x->asset[0] ? x->asset : "any");
			cell_token(b, x->advisory[0] ? x->advisory : "any");
			cell(b, x->until);
			cell(b, x->added_by);
			cell(b, x->reason);
			buf_adds(b, "</tr>");
		}
		buf_adds(b, "</table>");
	}

	char record[65];
	change_record_digest(r, record);
	buf_printf(b, "<h3>Approvals: %zu approved, %zu rejected (submission %d)</h3>"
	    "<p>Record sha256 <code>%s</code> (%s).</p>", approvals, rejections,
	    r->round, record, r->record_unlogged ? RECORD_UNLOGGED_WORDS :
	    RECORD_LOGGED_WORDS);
	if (r->ndecisions == 0)
		buf_adds(b, "<p>None yet.</p>");
	else {
		buf_adds(b, "<table><thead><tr><th class=\"num\">submission</th><th>approver</th>"
		    "<th>decision</th><th>at</th><th>comment</th></tr></thead>");
		for (size_t i = 0; i < r->ndecisions; i++) {
			const struct change_decision *x = &r->decisions[i];
			buf_printf(b, "<tr><td class=\"num\">%d</td>", x->round);
			cell(b, x->who);
			buf_printf(b, "<td class=\"%s\">%s</td>", strcmp(x->decision,
			    "approve") == 0 ? "approved" : "rejected", x->decision);
			buf_adds(b, "<td class=\"nw\">");
			stamp(b, x->at, o->zone);
			buf_adds(b, "</td>");
			cell(b, x->comment);
			buf_adds(b, "</tr>");
		}
		buf_adds(b, "</table>");
	}
	if (r->review)
		review_html(b, r->review, o);
	buf_adds(b, "</section>\n");
}

void
export_html(struct buf *b, const struct change_rec *v, size_t n,
    const struct export_opts *o)
{
	char t[64], a[64];

	ex_local(o->generated, o->zone, t, sizeof t);
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
	    " style-src 'unsafe-inline'\"><title>CAB approval pack %s</title>"
	    "<style>%s</style></head>\n<body><header><h1>CAB approval pack</h1>"
	    "<p class=\"meta\">%zu change%s &middot; generated %s &middot; times in ",
	    t, css, n, n == 1 ? "" : "s", t);
	text(b, o->zone ? o->zone : "UTC");
	if (o->database) {
		buf_adds(b, " &middot; database ");
		text(b, o->database);
	}
	if (o->audit_head) {
		/* The anchor: patchwave audit verify --anchor SEQ:SHA256. */
		buf_adds(b, " &middot; audit head <code class=\"anchor\">");
		text(b, o->audit_head);
		buf_adds(b, "</code>");
	}
	buf_adds(b, "</p>");
	if (o->allow_as)
		buf_adds(b, "<p class=\"pending\">" ALLOW_AS_WORDS "</p>");
	buf_adds(b, "</header>\n<table><thead><tr><th>change</th><th>title</th><th>state"
	    "</th><th>risk</th><th>impact</th><th>planned start</th><th class=\"num\">"
	    "assets</th><th class=\"num\">conflicts</th></tr></thead>");
	for (size_t i = 0; i < n; i++) {
		const struct change_rec *r = &v[i];
		buf_printf(b, "<tr><td class=\"nw\"><a href=\"#%s\">%s</a></td>", r->number,
		    r->number);
		cell(b, r->title);
		buf_printf(b, "<td class=\"%s\">%s</td><td>%s</td><td>%s</td>",
		    change_state_name(r->state), change_state_name(r->state),
		    change_level_name(r->risk), change_level_name(r->impact));
		a[0] = '\0';
		if (r->planned_start)
			ex_local(r->planned_start, o->zone, a, sizeof a);
		buf_printf(b, "<td class=\"nw\">%s</td><td class=\"num\">%zu</td><td "
		    "class=\"num\">%zu</td></tr>", a, r->nassets, r->nconflicts);
	}
	buf_adds(b, "</table>\n");
	if (n == 0)
		buf_adds(b, "<p>No approved changes.</p>");
	for (size_t i = 0; i < n; i++)
		change_html(b, &v[i], o);
	buf_printf(b, "<footer>Generated by patchwave at %s. Each file of this pack is "
	    "listed with its SHA-256 in SHA256SUMS.</footer></body></html>\n", t);
}
