/* The pack's data files: JSON and CSV for ITSM import, Markdown per change. */
#include <stdio.h>
#include <string.h>

#include "../model/civil.h"
#include "../model/deadline.h"
#include "../model/tz.h"
#include "../util/escape.h"
#include "internal.h"

void
ex_utc(int64_t t, char out[32])
{
	utc_format(t, out);
}

void
ex_local(int64_t t, const char *zone, char *out, size_t n)
{
	tz_format(zone ? tz_builtin(zone) : NULL, t, 0, out, n);
}

void
ex_local_text(struct buf *b, const char *stamp, const char *zone)
{
	tz_local_times(b, stamp ? stamp : "", zone ? tz_builtin(zone) : NULL);
}

long
ex_slack_hours(const struct change_asset *a)
{
	return deadline_slack(a->deadline_utc, a->end_utc, 3600);
}

void
ex_hosts(struct buf *b, const struct change_rec *r, const char *sep)
{
	for (size_t i = 0; i < r->nassets; i++)
		buf_printf(b, "%s%s", i ? sep : "", r->assets[i].hostname);
}

void
ex_conflict_counts(const struct change_rec *r, size_t *errors, size_t *warnings,
    size_t *acked)
{
	*errors = *warnings = *acked = 0;
	for (size_t i = 0; i < r->nconflicts; i++) {
		int err = strcmp(r->conflicts[i].severity, "error") == 0;
		*errors += err;
		*warnings += !err;
		*acked += !err && r->conflicts[i].ack_who != NULL;
	}
}

void
ex_decision_counts(const struct change_rec *r, size_t *approvals, size_t *rejections)
{
	*approvals = *rejections = 0;
	for (size_t i = 0; i < r->ndecisions; i++)
		if (r->decisions[i].round == r->round) {
			*approvals += strcmp(r->decisions[i].decision, "approve") == 0;
			*rejections += strcmp(r->decisions[i].decision, "reject") == 0;
		}
}

/* ---- JSON ---- */

struct jw {
	struct buf	*b;
	int		 pretty, depth, first;
};

static void
jw_nl(struct jw *w)
{
	if (!w->pretty)
		return;
	buf_addc(w->b, '\n');
	for (int i = 0; i < w->depth; i++)
		buf_adds(w->b, "  ");
}

static void
jw_key(struct jw *w, const char *key)
{
	if (!w->first)
		buf_addc(w->b, ',');
	w->first = 0;
	jw_nl(w);
	if (key) {
		esc_json(w->b, key);
		buf_adds(w->b, w->pretty ? ": " : ":");
	}
}

static void
jw_open(struct jw *w, const char *key, char c)
{
	jw_key(w, key);
	buf_addc(w->b, c);
	w->depth++;
	w->first = 1;
}

static void
jw_close(struct jw *w, char c)
{
	w->depth--;
	if (!w->first)
		jw_nl(w);
	buf_addc(w->b, c);
	w->first = 0;
}

static void
jw_str(struct jw *w, const char *key, const char *v)
{
	jw_key(w, key);
	if (v)
		esc_json(w->b, v);
	else
		buf_adds(w->b, "null");
}

static void
jw_int(struct jw *w, const char *key, long long v)
{
	jw_key(w, key);
	buf_printf(w->b, "%lld", v);
}

static void
jw_bool(struct jw *w, const char *key, int v)
{
	jw_key(w, key);
	buf_adds(w->b, v ? "true" : "false");
}

static void
jw_time(struct jw *w, const char *key, int64_t t, int has)
{
	char s[32];

	if (!has) {
		jw_str(w, key, NULL);
		return;
	}
	ex_utc(t, s);
	jw_str(w, key, s);
}

/* A change verified after its window (storage/verify.c), the fields the
 * pack's review and `verify --format json` share. */
static void
verified_fields(struct jw *w, const struct change_verified *v)
{
	jw_time(w, "as_of", v->now, 1);
	jw_str(w, "verdict", v->ended ? verify_verdict_name(v->verdict) : NULL);
	for (int k = 0; k < VO_COUNT; k++)
		jw_int(w, verify_outcome_name((enum verify_outcome)k),
		    (long long)v->counts[k]);
	jw_int(w, "new_findings", (long long)v->new_findings);
	jw_open(w, "assets", '[');
	for (size_t i = 0; i < v->nassets; i++) {
		const struct change_verified_asset *a = &v->assets[i];
		jw_open(w, NULL, '{');
		jw_str(w, "hostname", a->hostname);
		jw_str(w, "key", a->key);
		jw_time(w, "window_end", a->end_utc, 1);
		jw_str(w, "outcome", verify_outcome_name(a->o.outcome));
		jw_int(w, "covered", (long long)a->o.covered);
		jw_str(w, "still_pending", a->missing);
		jw_str(w, "new_findings", a->new_findings);
		if (a->ev_import) {
			jw_open(w, "evidence", '{');
			jw_int(w, "import", a->ev_import);
			jw_str(w, "source", a->ev_source);
			jw_str(w, "at", a->ev_at);
			jw_time(w, "taken", a->ev_scanned, a->ev_scanned > 0);
			jw_str(w, "sha256", a->ev_digest[0] ? a->ev_digest : NULL);
			jw_close(w, '}');
		} else
			jw_str(w, "evidence", NULL);
		if (a->stale_import) {	/* imported after, taken before */
			jw_open(w, "scan_before_window", '{');
			jw_int(w, "import", a->stale_import);
			jw_str(w, "file", a->stale_path);
			jw_time(w, "taken", a->stale_scanned, 1);
			jw_close(w, '}');
		}
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

void
export_verified_json(struct buf *b, const struct change_verified *v, size_t n,
    const char *const *applied)
{
	struct jw w = { b, 1, 0, 1 };

	jw_open(&w, NULL, '[');
	for (size_t i = 0; i < n; i++) {
		jw_open(&w, NULL, '{');
		jw_str(&w, "change", v[i].number);
		jw_str(&w, "state", change_state_name(v[i].state));
		jw_time(&w, "windows_end", v[i].end_utc, v[i].end_utc != 0);
		jw_bool(&w, "ended", v[i].ended);
		jw_str(&w, "applied", applied[i]);
		verified_fields(&w, &v[i]);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	buf_addc(b, '\n');
}

static void
change_json(struct jw *w, const struct change_rec *r)
{
	size_t errors, warnings, acked, approvals, rejections;
	struct buf hosts = { 0 };

	ex_conflict_counts(r, &errors, &warnings, &acked);
	ex_decision_counts(r, &approvals, &rejections);
	ex_hosts(&hosts, r, ",");
	jw_open(w, NULL, '{');
	jw_str(w, "number", r->number);
	jw_str(w, "short_description", r->title);
	jw_str(w, "description", r->description);
	jw_str(w, "type", change_type_name(r->type));
	jw_str(w, "state", change_state_name(r->state));
	jw_str(w, "state_reason", r->state_reason);
	/* Its outcome, as ServiceNow names a closed change's (null: none). */
	jw_str(w, "closed_by", r->outcome_who);
	jw_str(w, "closed_at", r->outcome_at);
	jw_str(w, "close_notes", r->outcome_detail);
	jw_str(w, "approval", r->state == CS_APPROVED || r->state == CS_IMPLEMENTED ||
	    r->state == CS_FAILED || r->state == CS_ROLLED_BACK ? "approved" :
	    r->state == CS_REJECTED ? "rejected" : r->state == CS_SUBMITTED ?
	    "requested" : "not requested");
	jw_str(w, "risk", change_level_name(r->risk));
	jw_str(w, "impact", change_level_name(r->impact));
	jw_str(w, "risk_suggested", change_level_name(r->risk_suggested));
	jw_str(w, "impact_suggested", change_level_name(r->impact_suggested));
	jw_time(w, "start_date", r->planned_start, r->planned_start != 0);
	jw_time(w, "end_date", r->planned_end, r->planned_end != 0);
	jw_str(w, "implementation_plan", r->implementation);
	jw_str(w, "test_plan", r->test_plan);
	jw_str(w, "backout_plan", r->backout_plan);
	jw_str(w, "requested_by", r->requested_by);
	jw_str(w, "sys_created_on", r->created_at);
	jw_str(w, "sys_updated_on", r->updated_at);
	jw_int(w, "sys_mod_count", r->version);
	jw_str(w, "cmdb_ci", buf_str(&hosts));
	buf_free(&hosts);
	jw_int(w, "conflict_errors", (long long)errors);
	jw_int(w, "conflict_warnings", (long long)warnings);
	jw_open(w, "windows", '[');
	for (size_t i = 0; i < r->nwindows; i++) {
		const struct change_window *x = &r->windows[i];
		jw_open(w, NULL, '{');
		jw_int(w, "wave", x->wave);
		jw_str(w, "stage", x->stage);
		jw_str(w, "window", x->window);
		jw_time(w, "start", x->start_utc, 1);
		jw_time(w, "end", x->end_utc, 1);
		jw_int(w, "cutoff_minutes", x->cutoff_minutes);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_open(w, "assets", '[');
	for (size_t i = 0; i < r->nassets; i++) {
		const struct change_asset *x = &r->assets[i];
		jw_open(w, NULL, '{');
		jw_str(w, "hostname", x->hostname);
		jw_str(w, "key", x->key);
		jw_str(w, "environment", x->environment);
		jw_str(w, "tier", x->tier);
		jw_str(w, "cluster", x->cluster);
		jw_int(w, "wave", x->wave);
		jw_time(w, "planned_start", x->start_utc, 1);
		jw_time(w, "planned_end", x->end_utc, 1);
		jw_time(w, "deadline", x->deadline_utc, x->has_deadline);
		if (x->has_deadline)
			jw_int(w, "slack_hours", ex_slack_hours(x));
		else
			jw_str(w, "slack_hours", NULL);
		jw_str(w, "advisory", x->advisory);
		jw_str(w, "severity", x->severity);
		if (x->has_deadline) {
			jw_time(w, "released", x->released_utc, 1);
			jw_int(w, "sla_days", x->sla_days);
		}
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_open(w, "conflicts", '[');
	for (size_t i = 0; i < r->nconflicts; i++) {
		const struct change_conflict *x = &r->conflicts[i];
		char id[20];
		snprintf(id, sizeof id, "%016llx", (unsigned long long)x->fingerprint);
		jw_open(w, NULL, '{');
		jw_str(w, "id", id);
		jw_str(w, "code", x->code);
		jw_str(w, "severity", x->severity);
		jw_str(w, "assets", x->assets);
		jw_str(w, "other", x->other);
		jw_str(w, "message", x->message);
		if (x->ack_who) {
			jw_open(w, "acknowledged", '{');
			jw_str(w, "by", x->ack_who);
			jw_str(w, "at", x->ack_at);
			jw_str(w, "reason", x->ack_reason);
			jw_close(w, '}');
		} else
			jw_str(w, "acknowledged", NULL);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_open(w, "approvals", '[');
	for (size_t i = 0; i < r->ndecisions; i++) {
		const struct change_decision *x = &r->decisions[i];
		jw_open(w, NULL, '{');
		jw_int(w, "round", x->round);
		jw_str(w, "approver", x->who);
		jw_str(w, "decision", x->decision);
		jw_str(w, "at", x->at);
		jw_str(w, "comments", x->comment);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	char record[65];
	change_record_digest(r, record);	/* as submitted: audit verify's */
	jw_str(w, "record_sha256", record);
	jw_bool(w, "record_logged", !r->record_unlogged);
	jw_open(w, "maintenance", '[');
	for (size_t i = 0; i < r->nblocks; i++) {
		const struct change_block *x = &r->blocks[i];
		jw_open(w, NULL, '{');
		jw_str(w, "kind", x->kind);
		jw_str(w, "summary", x->label);
		jw_time(w, "start", x->start_utc, 1);
		jw_time(w, "end", x->end_utc, 1);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	if (r->review) {
		jw_open(w, "post_implementation_review", '{');
		verified_fields(w, r->review);
		jw_close(w, '}');
	}
	jw_close(w, '}');
}

void
export_change_json(struct buf *b, const struct change_rec *r, int pretty)
{
	struct jw w = { b, pretty, 0, 1 };

	change_json(&w, r);
	buf_addc(b, '\n');
}

void
export_json(struct buf *b, const struct change_rec *v, size_t n,
    const struct export_opts *o)
{
	struct jw w = { b, 1, 0, 1 };

	jw_open(&w, NULL, '{');
	jw_time(&w, "generated_at", o->generated, 1);
	jw_str(&w, "generator", "patchwave");
	if (o->audit_head)
		jw_str(&w, "audit_head", o->audit_head);
	jw_bool(&w, "allow_as", o->allow_as);
	jw_open(&w, "changes", '[');
	for (size_t i = 0; i < n; i++)
		change_json(&w, &v[i]);
	jw_close(&w, ']');
	jw_close(&w, '}');
	buf_addc(b, '\n');
}

/* "#ID ASSET ADVISORY until DATE by WHO: REASON", after sep: one risk
 * accepted, as one CSV cell's part (esc_csv escapes the cell whole). */
void
ex_risk(struct buf *b, const struct change_risk *x, const char *sep)
{
	buf_printf(b, "%s#%lld %s %s until %s by %s: %s", sep, x->id,
	    x->asset[0] ? x->asset : "any", x->advisory[0] ? x->advisory : "any",
	    x->until, x->added_by, x->reason);
}

/* ---- CSV ---- */

void
export_csv(struct buf *b, const struct change_rec *v, size_t n)
{
	static const char *const head[] = {
		"number", "short_description", "description", "type", "state", "approval",
		"risk", "impact", "start_date", "end_date", "implementation_plan",
		"test_plan", "backout_plan", "requested_by", "approvers",
		"sys_created_on", "sys_updated_on", "cmdb_ci", "conflict_errors",
		"conflict_warnings", "accepted_risks",
	};

	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		buf_printf(b, "%s%s", i ? "," : "", head[i]);
	buf_adds(b, "\r\n");
	for (size_t c = 0; c < n; c++) {
		const struct change_rec *r = &v[c];
		size_t errors, warnings, acked;
		char s[32] = "", e[32] = "", ne[24], nw[24];
		struct buf hosts = { 0 }, approvers = { 0 }, risks = { 0 };
		ex_conflict_counts(r, &errors, &warnings, &acked);
		for (size_t i = 0; i < r->nrisks; i++)
			ex_risk(&risks, &r->risks[i], i ? ";" : "");
		if (r->planned_start) {
			ex_utc(r->planned_start, s);
			ex_utc(r->planned_end, e);
		}
		snprintf(ne, sizeof ne, "%zu", errors);
		snprintf(nw, sizeof nw, "%zu", warnings);
		ex_hosts(&hosts, r, ";");
		for (size_t i = 0; i < r->ndecisions; i++)
			if (r->decisions[i].round == r->round &&
			    strcmp(r->decisions[i].decision, "approve") == 0)
				buf_printf(&approvers, "%s%s", approvers.len ? ";" : "",
				    r->decisions[i].who);
		const char *cells[] = { r->number, r->title, r->description,
		    change_type_name(r->type), change_state_name(r->state),
		    r->state == CS_APPROVED ? "approved" : r->state == CS_REJECTED ?
		    "rejected" : "requested", change_level_name(r->risk),
		    change_level_name(r->impact), s, e, r->implementation, r->test_plan,
		    r->backout_plan, r->requested_by, buf_str(&approvers), r->created_at,
		    r->updated_at, buf_str(&hosts), ne, nw, buf_str(&risks) };
		for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
			if (i)
				buf_addc(b, ',');
			esc_csv(b, cells[i]);
		}
		buf_adds(b, "\r\n");
		buf_free(&hosts);
		buf_free(&approvers);
		buf_free(&risks);
	}
}

/* ---- Markdown ---- */

static void
md_field(struct buf *b, const char *name, const char *v)
{
	buf_printf(b, "| %s | ", name);
	esc_md(b, v, 1);
	buf_adds(b, " |\n");
}

/* A field holding a time kept as text, in the pack's zone. */
static void
md_time(struct buf *b, const char *name, const char *stamp, const char *zone)
{
	struct buf t = { 0 };

	ex_local_text(&t, stamp, zone);
	md_field(b, name, buf_str(&t));
	buf_free(&t);
}

/* A time kept as text, in the pack's zone, as Markdown text. */
static void
md_stamp(struct buf *b, const char *stamp, const char *zone)
{
	struct buf t = { 0 };

	ex_local_text(&t, stamp, zone);
	esc_md(b, buf_str(&t), 1);
	buf_free(&t);
}

static void
md_section(struct buf *b, const char *title, const char *text)
{
	buf_printf(b, "\n## %s\n\n", title);
	if (text == NULL || text[0] == '\0')
		buf_adds(b, "*(none)*\n");
	else {
		esc_md(b, text, 0);
		buf_addc(b, '\n');
	}
}

void
export_md(struct buf *b, const struct change_rec *r, const struct export_opts *o)
{
	char a[64], z[64], t[64];
	size_t errors, warnings, acked, approvals, rejections;

	ex_conflict_counts(r, &errors, &warnings, &acked);
	ex_decision_counts(r, &approvals, &rejections);
	buf_printf(b, "# %s: ", r->number);
	esc_md(b, r->title, 1);
	buf_adds(b, "\n\n");
	if (r->state != CS_APPROVED && r->state != CS_IMPLEMENTED &&
	    r->state != CS_FAILED)
		buf_printf(b, "**NOT APPROVED: this change is %s.**\n\n",
		    change_state_name(r->state));
	if (o->allow_as)
		buf_adds(b, "**" ALLOW_AS_WORDS "**\n\n");
	buf_adds(b, "| field | value |\n|---|---|\n");
	md_field(b, "state", change_state_name(r->state));
	if (r->outcome_who) {
		struct buf said = { 0 }, l = { 0 };
		buf_printf(&said, "%s by %s at %s: %s", change_state_name(r->state),
		    r->outcome_who, r->outcome_at, r->outcome_detail);
		ex_local_text(&l, buf_str(&said), o->zone);
		md_field(b, "outcome", buf_str(&l));
		buf_free(&said);
		buf_free(&l);
	}
	md_field(b, "type", change_type_name(r->type));
	md_field(b, "risk", change_level_name(r->risk));
	md_field(b, "impact", change_level_name(r->impact));
	if (r->planned_start) {
		ex_local(r->planned_start, o->zone, a, sizeof a);
		ex_local(r->planned_end, o->zone, z, sizeof z);
		md_field(b, "planned start", a);
		md_field(b, "planned end", z);
	}
	md_field(b, "requested by", r->requested_by);
	md_time(b, "created", r->created_at, o->zone);
	md_time(b, "last updated", r->updated_at, o->zone);
	md_section(b, "Description", r->description);
	md_section(b, "Implementation plan", r->implementation);
	md_section(b, "Test plan", r->test_plan);
	md_section(b, "Backout plan", r->backout_plan);

	buf_adds(b, "\n## Schedule\n\n| wave | stage | window | start | end | last start |\n"
	    "|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < r->nwindows; i++) {
		const struct change_window *x = &r->windows[i];
		char l[64] = "";
		ex_local(x->start_utc, o->zone, a, sizeof a);
		ex_local(x->end_utc, o->zone, z, sizeof z);
		/* The window's cutoff: no work starts after end less it. */
		if (x->cutoff_minutes > 0)
			ex_local(x->end_utc - (int64_t)x->cutoff_minutes * 60, o->zone, l,
			    sizeof l);
		buf_printf(b, "| %lld | ", x->wave);
		esc_md(b, x->stage, 1);
		buf_adds(b, " | ");
		esc_md(b, x->window, 1);
		buf_printf(b, " | %s | %s | %s |\n", a, z, l);
	}
	if (r->nblocks) {
		buf_adds(b, "\nProvider maintenance and freezes nearby:\n\n");
		for (size_t i = 0; i < r->nblocks; i++) {
			ex_local(r->blocks[i].start_utc, o->zone, a, sizeof a);
			ex_local(r->blocks[i].end_utc, o->zone, z, sizeof z);
			buf_printf(b, "* %s %s to %s: ", r->blocks[i].kind, a, z);
			esc_md(b, r->blocks[i].label, 1);
			buf_addc(b, '\n');
		}
	}

	buf_printf(b, "\n## Affected assets and SLA evidence (%zu)\n\nEach deadline is the "
	    "advisory's release plus the policy's SLA days for its severity.\n\n"
	    "| host | environment | wave | planned end | advisory | severity | released "
	    "+ SLA | deadline | slack (h) |\n|---|---|---|---|---|---|---|---|---|\n",
	    r->nassets);
	for (size_t i = 0; i < r->nassets; i++) {
		const struct change_asset *x = &r->assets[i];
		buf_adds(b, "| ");
		esc_md(b, x->hostname, 1);
		buf_adds(b, " | ");
		esc_md(b, x->environment, 1);
		ex_local(x->end_utc, o->zone, z, sizeof z);
		buf_printf(b, " | %lld | %s | ", x->wave, z);
		esc_md(b, x->advisory, 1);
		buf_printf(b, " | %s | ", x->severity);
		if (x->has_deadline) {
			/* One spelling of a deadline: the end of its day. */
			tz_format(o->zone ? tz_builtin(o->zone) : NULL, x->deadline_utc, 1,
			    a, sizeof a);
			buf_printf(b, "%s + %d d | %s | %ld |\n", x->released, x->sla_days,
			    a, ex_slack_hours(x));
		} else
			buf_adds(b, "- | - | - |\n");
	}

	buf_printf(b, "\n## Conflicts (%zu errors, %zu warnings, %zu acknowledged)\n\n",
	    errors, warnings, acked);
	if (r->nconflicts == 0)
		buf_adds(b, "None.\n");
	for (size_t i = 0; i < r->nconflicts; i++) {
		const struct change_conflict *x = &r->conflicts[i];
		buf_printf(b, "* **%s** (%s): ", x->code, x->severity);
		struct buf m = { 0 };	/* its times in the pack's zone */
		tz_local_times(&m, x->message, o->zone ? tz_builtin(o->zone) : NULL);
		esc_md(b, buf_str(&m), 1);
		buf_free(&m);
		if (x->ack_who) {
			buf_adds(b, "  \n  acknowledged by ");
			esc_md(b, x->ack_who, 1);
			buf_adds(b, " at ");
			md_stamp(b, x->ack_at, o->zone);
			buf_adds(b, ": ");
			esc_md(b, x->ack_reason ? x->ack_reason : "", 1);
		}
		buf_addc(b, '\n');
	}

	/* Exceptions holding now that cover its assets' pending patches. */
	if (r->nrisks) {
		buf_printf(b, "\n## Accepted risks (%zu)\n\n| exception | asset | "
		    "advisory | until | accepted by | reason |\n|---|---|---|---|---|---|\n",
		    r->nrisks);
		for (size_t i = 0; i < r->nrisks; i++) {
			const struct change_risk *x = &r->risks[i];
			buf_printf(b, "| %lld | ", x->id);
			esc_md(b, x->asset[0] ? x->asset : "any", 1);
			buf_adds(b, " | ");
			esc_md(b, x->advisory[0] ? x->advisory : "any", 1);
			buf_adds(b, " | ");
			esc_md(b, x->until, 1);
			buf_adds(b, " | ");
			esc_md(b, x->added_by, 1);
			buf_adds(b, " | ");
			esc_md(b, x->reason, 1);
			buf_adds(b, " |\n");
		}
	}

	char record[65];
	change_record_digest(r, record);
	buf_printf(b, "\n## Approvals (%zu approved, %zu rejected in submission %d)\n\n"
	    "Record sha256 %s (%s).\n\n", approvals, rejections, r->round, record,
	    r->record_unlogged ? RECORD_UNLOGGED_WORDS : RECORD_LOGGED_WORDS);
	if (r->ndecisions == 0)
		buf_adds(b, "None yet.\n");
	else
		buf_adds(b, "| submission | approver | decision | at | comment |\n"
		    "|---|---|---|---|---|\n");
	for (size_t i = 0; i < r->ndecisions; i++) {
		const struct change_decision *x = &r->decisions[i];
		buf_printf(b, "| %d | ", x->round);
		esc_md(b, x->who, 1);
		buf_printf(b, " | %s | ", x->decision);
		md_stamp(b, x->at, o->zone);
		buf_adds(b, " | ");
		esc_md(b, x->comment, 1);
		buf_adds(b, " |\n");
	}
	if (r->review) {
		const struct change_verified *v = r->review;
		buf_printf(b, "\n## Post-implementation review (%zu patched, %zu still "
		    "missing, %zu not rescanned)\n\n| host | outcome | still pending | "
		    "new findings | scan |\n|---|---|---|---|---|\n",
		    v->counts[VO_PATCHED], v->counts[VO_STILL_MISSING],
		    v->counts[VO_NOT_RESCANNED]);
		for (size_t i = 0; i < v->nassets; i++) {
			const struct change_verified_asset *x = &v->assets[i];
			buf_adds(b, "| ");
			esc_md(b, x->hostname, 1);
			buf_printf(b, " | %s | ", verify_outcome_name(x->o.outcome));
			esc_md(b, x->missing, 1);
			buf_adds(b, " | ");
			esc_md(b, x->new_findings, 1);
			buf_adds(b, " | ");
			if (x->ev_import) {
				buf_printf(b, "import %lld, ", x->ev_import);
				esc_md(b, x->ev_source, 1);
				buf_adds(b, ", imported ");
				md_stamp(b, x->ev_at, o->zone);
				if (x->ev_scanned > 0) {
					char taken[64];
					ex_local(x->ev_scanned, o->zone, taken, sizeof taken);
					buf_printf(b, ", taken at %s", taken);
				}
				buf_adds(b, ", sha256 ");
				esc_md(b, x->ev_digest[0] ? x->ev_digest : "not recorded", 1);
			} else if (x->stale_import) {
				char taken[64];
				ex_local(x->stale_scanned, o->zone, taken, sizeof taken);
				buf_printf(b, "import %lld, ", x->stale_import);
				esc_md(b, x->stale_path, 1);
				buf_printf(b, ", taken at %s: before its planned end in the window", taken);
			} else
				buf_adds(b, "-");
			buf_adds(b, " |\n");
		}
	}
	ex_local(o->generated, o->zone, t, sizeof t);
	/* Named as index.html names it: every local time's zone. */
	buf_printf(b, "\n---\nGenerated by patchwave at %s; times in ", t);
	esc_md(b, o->zone ? o->zone : "UTC", 1);
	buf_adds(b, ".\n");
}
