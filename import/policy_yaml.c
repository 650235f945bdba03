/* The policy YAML (docs/formats.md): SLA days, windows, stages, clusters, CAB.
 * Every key is checked, so a typo is an error at its line, not a silent default. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "../model/civil.h"
#include "../model/tz.h"
#include "../model/windows.h"
#include "../util/buf.h"
#include "../util/strmap.h"
#include "policy.h"
#include "yaml.h"

struct pctx {
	const char	*path;
	struct pw_diags	*problems;
	long		*approver_lines;	/* where each CAB member is named */
	long		*admin_lines;		/* ... and each policy admin */
	size_t		 capwindows, capstages, capclusters, capapprovers,
			 caplines;
	struct strmap	 names;			/* "w:NAME", "s:NAME", "a:NAME": seen */
};

/* Bounds on what one policy may hold (docs/reliability.md): far above any
 * real policy, low enough that a hostile one costs little. */
#define MAX_WINDOWS	10000
#define MAX_STAGES	1000
#define MAX_APPROVERS	1000
#define MAX_CLUSTERS	100000
#define MAX_BYTES	(16 << 20)	/* 10,000 windows are under 1 MiB */

static void
bad(struct pctx *c, const struct ynode *n, const char *fmt, const char *arg)
{
	pw_diags_add(c->problems, c->path, n ? n->line : 0, fmt, arg);
}

/* A whole number in [lo, hi]. */
static int
get_int(struct pctx *c, const struct ynode *n, const char *what, long lo, long hi,
    int *out)
{
	const char *t = ynode_text(n);
	char *end;
	long v;

	if (t == NULL) {
		bad(c, n, "%s needs a whole number", what);
		return -1;
	}
	v = strtol(t, &end, 10);
	if (end == t || *end != '\0' || v < lo || v > hi) {
		pw_diags_add(c->problems, c->path, n->line, "%s: '%.40s' is not a whole "
		    "number from %ld to %ld", what, t, lo, hi);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int
get_bool(struct pctx *c, const struct ynode *n, const char *what, int *out)
{
	const char *t = ynode_text(n);
	int b = t ? bool_parse(t) : -1;

	if (b < 0) {
		bad(c, n, "%s must be true or false", what);
		return -1;
	}
	*out = b;
	return 0;
}

#define MAX_MINUTES	(7 * 1440)	/* a duration is at most a week */

/* Minutes from "4h", "90m", "1h30m", "2d", "PT4H" or a bare number of minutes. */
static int
get_minutes(struct pctx *c, const struct ynode *n, const char *what, int *out)
{
	const char *t = ynode_text(n);
	long total = 0;

	if (t == NULL)
		goto fail;
	if (t[0] == 'P') {
		struct icaldurationtype d = icaldurationtype_from_string(t);
		/* Each part alone within a week, so the sum cannot wrap. */
		if (icaldurationtype_is_bad_duration(d) || d.is_neg || d.weeks > 1 ||
		    d.days > 7 || d.hours > 7 * 24 || d.minutes > MAX_MINUTES)
			goto fail;
		total = (long)(d.weeks * 7 + d.days) * 1440 + d.hours * 60 + d.minutes;
	} else {
		const char *p = t;
		int any = 0;
		while (*p) {
			char *end;
			long v = strtol(p, &end, 10);
			/* No part may exceed a week even in minutes: the sum stays
			 * small (strtol gives LONG_MAX for "66666666666666666666"). */
			if (end == p || v < 0 || v > MAX_MINUTES)
				goto fail;
			any = 1;
			switch (*end) {
			case 'd': total += v * 1440; end++; break;
			case 'h': total += v * 60; end++; break;
			case 'm': total += v; end++; break;
			case '\0': if (p == t) { total = v; break; } goto fail;
			default: goto fail;
			}
			p = end;
			if (total > MAX_MINUTES)
				goto fail;
		}
		if (!any)
			goto fail;
	}
	if (total > MAX_MINUTES)
		goto fail;
	*out = (int)total;
	return 0;
fail:
	pw_diags_add(c->problems, c->path, n ? n->line : 0, "%s: '%.40s' is not a "
	    "duration like 4h, 90m, 1h30m or PT4H (at most 7 days)", what, t ? t : "");
	return -1;
}

/* "HH:MM" in minutes after midnight. */
static int
get_clock(struct pctx *c, const struct ynode *n, int *out)
{
	const char *t = ynode_text(n);
	int h, m, k = 0;

	if (t == NULL || sscanf(t, "%2d:%2d%n", &h, &m, &k) != 2 || t[k] != '\0' ||
	    h < 0 || h > 23 || m < 0 || m > 59) {
		pw_diags_add(c->problems, c->path, n ? n->line : 0, "start '%.40s' is "
		    "not a local time HH:MM", t ? t : "");
		return -1;
	}
	*out = h * 60 + m;
	return 0;
}

static char *
get_zone(struct pctx *c, const struct ynode *n)
{
	const char *t = ynode_text(n);

	if (t == NULL || tz_builtin(t) == NULL) {
		pw_diags_add(c->problems, c->path, n ? n->line : 0, "timezone '%.60s' "
		    "is not an IANA time zone (e.g. Europe/Berlin)", t ? t : "");
		return NULL;
	}
	return xstrdup(t);
}

/* {field: value | [values], ...}; fields are asset fields or "group". */
static void
get_selector(struct pctx *c, const struct ynode *n, struct selector *sel)
{
	if (n == NULL)
		return;
	if (n->kind != Y_MAP) {
		bad(c, n, "%s must be a mapping like {environment: prod}", "select");
		return;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		const char *field;
		int f = k->kind == Y_SCALAR ? asset_field_lookup(k->value) : -1;
		if (k->kind == Y_SCALAR && (strcmp(k->value, "group") == 0 ||
		    strcmp(k->value, "groups") == 0))
			field = "group";
		else if (f >= 0 && strcmp(asset_field_name(f), "patch_minutes") != 0 &&
		    strcmp(asset_field_name(f), "reboot_minutes") != 0 &&
		    strcmp(asset_field_name(f), "groups") != 0)
			field = asset_field_name(f);
		else {
			bad(c, k, "select: '%.60s' is not an asset field", k->value ?
			    k->value : "");
			continue;
		}
		if (v->kind == Y_SCALAR && ynode_text(v))
			selector_add(sel, field, ynode_text(v));
		else if (v->kind == Y_SEQ) {
			for (size_t j = 0; j < v->n; j++) {
				if (ynode_text(v->kids[j]) == NULL) {
					bad(c, v->kids[j], "select: %s values must be text",
					    field);
					continue;
				}
				selector_add(sel, field, ynode_text(v->kids[j]));
			}
		} else
			bad(c, v, "select: %s needs a value or a list", field);
	}
}

/* Has this name of this kind (w window, s stage, a approver, c cluster,
 * r risk owner, p policy admin) been seen before in the file? Records it; one hash probe,
 * so a long list costs its length. */
static int
seen_before(struct pctx *c, char kind, const char *name)
{
	struct buf k = { 0 };
	size_t n = c->names.n;

	buf_printf(&k, "%c:%s", kind, name);
	int seen = strmap_intern(&c->names, k.s, n) != n;
	buf_free(&k);
	return seen;
}

static int
key_is(const struct ynode *k, const char *name)
{
	return k->kind == Y_SCALAR && strcmp(k->value, name) == 0;
}

/* A count of assets (1-100000), or a share of those the window admits,
 * "10%" (1-100), as SSM's MaxConcurrency. */
static void
get_concurrency(struct pctx *c, const struct ynode *n, struct pwindow *w)
{
	const char *t = ynode_text(n);
	size_t len = t ? strlen(t) : 0;

	if (len == 0 || t[len - 1] != '%') {
		if (get_int(c, n, "concurrency", 1, 100000, &w->concurrency) == 0)
			w->concurrency_pct = 0;
		return;
	}
	char *end, *num = xstrndup(t, len - 1);
	long v = strtol(num, &end, 10);
	if (end == num || *end != '\0' || v < 1 || v > 100)
		pw_diags_add(c->problems, c->path, n->line, "concurrency: '%.40s' is "
		    "not a whole number of assets from 1 to 100000 or a share "
		    "from 1%% to 100%%", t);
	else
		w->concurrency_pct = (int)v;
	free(num);
}

static void
get_window(struct pctx *c, const struct ynode *n, struct policy *p)
{
	struct pwindow w;
	struct ynode *name = ynode_get(n, "name");

	memset(&w, 0, sizeof w);
	w.line = n->line;
	w.reboot = 1;
	w.concurrency = 10;
	w.duration_minutes = -1;
	w.start_minute = -1;
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		if (key_is(k, "name")) {
			if (ynode_text(v)) {
				free(w.name);	/* a key given twice: the last */
				w.name = xstrdup(ynode_text(v));
			}
		} else if (key_is(k, "rrule")) {
			const char *t = ynode_text(v);
			if (t && strncmp(t, "RRULE:", 6) == 0)
				t += 6;
			struct icalrecurrencetype r = icalrecurrencetype_from_string(t ? t : "");
			icalerror_clear_errno();
			if (t == NULL || r.freq == ICAL_NO_RECURRENCE)
				bad(c, v, "rrule '%.80s' is not an RFC 5545 recurrence rule "
				    "(e.g. FREQ=WEEKLY;BYDAY=TU)", t ? t : "");
			else if (r.freq == ICAL_SECONDLY_RECURRENCE ||
			    r.freq == ICAL_MINUTELY_RECURRENCE ||
			    r.freq == ICAL_HOURLY_RECURRENCE)
				bad(c, v, "rrule '%.80s': a window recurs at most daily "
				    "(FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)", t);
			else {
				free(w.rrule);
				w.rrule = xstrdup(t);
				w.rrule_line = v->line;
			}
		} else if (key_is(k, "start"))
			get_clock(c, v, &w.start_minute);
		else if (key_is(k, "duration"))
			get_minutes(c, v, "duration", &w.duration_minutes);
		else if (key_is(k, "timezone")) {
			free(w.timezone);
			w.timezone = get_zone(c, v);
		}
		else if (key_is(k, "reboot"))
			get_bool(c, v, "reboot", &w.reboot);
		else if (key_is(k, "concurrency"))
			get_concurrency(c, v, &w);
		else if (key_is(k, "cutoff"))
			get_minutes(c, v, "cutoff", &w.cutoff_minutes);
		else if (key_is(k, "offset_days"))
			get_int(c, v, "offset_days", -31, 31, &w.offset_days);
		else if (key_is(k, "select"))
			get_selector(c, v, &w.select);
		else
			bad(c, k, "unknown window key '%.60s' (name, rrule, start, duration, "
			    "timezone, reboot, concurrency, cutoff, offset_days, select)",
			    k->value ? k->value : "");
	}
	if (w.name == NULL)
		bad(c, n, "a window needs a %s", "name");
	if (w.rrule == NULL && ynode_get(n, "rrule") == NULL)
		bad(c, n, "a window needs an %s", "rrule");
	if (w.start_minute < 0 && ynode_get(n, "start") == NULL)
		bad(c, n, "a window needs a %s time (HH:MM)", "start");
	if (w.duration_minutes < 0 && ynode_get(n, "duration") == NULL)
		bad(c, n, "a window needs a %s", "duration");
	if (w.duration_minutes >= 0 && w.cutoff_minutes >= w.duration_minutes)
		bad(c, n, "window cutoff must be shorter than its %s", "duration");
	if (w.timezone == NULL)
		w.timezone = xstrdup(p->timezone);
	if (w.name && seen_before(c, 'w', w.name))
		bad(c, name, "window '%.60s' is defined twice", w.name);
	p->windows = xgrow(p->windows, &c->capwindows, p->nwindows, sizeof *p->windows);
	if (w.name == NULL)
		w.name = xstrdup("");
	if (w.rrule == NULL)
		w.rrule = xstrdup("");
	p->windows[p->nwindows++] = w;
}

/* A stage's gate: the share of its planned assets that must have ended
 * before the next stage opens, "95%" (1-100). */
static void
get_gate(struct pctx *c, const struct ynode *n, struct stage *s)
{
	const char *t = ynode_text(n);
	size_t len = t ? strlen(t) : 0;
	char *end, *num = len ? xstrndup(t, len - 1) : NULL;
	long v = num ? strtol(num, &end, 10) : 0;

	if (len == 0 || t[len - 1] != '%' || end == num || *end != '\0' ||
	    v < 1 || v > 100)
		pw_diags_add(c->problems, c->path, n->line, "gate: '%.40s' is "
		    "not a share from 1%% to 100%%", t ? t : "");
	else
		s->gate_pct = (int)v;
	free(num);
}

static void
get_stage(struct pctx *c, const struct ynode *n, struct policy *p)
{
	struct stage s;

	memset(&s, 0, sizeof s);
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		if (key_is(k, "name") && ynode_text(v))
			s.name = xstrdup(ynode_text(v));
		else if (key_is(k, "select"))
			get_selector(c, v, &s.select);
		else if (key_is(k, "soak_days"))
			get_int(c, v, "soak_days", 0, 365, &s.soak_days);
		else if (key_is(k, "gate"))
			get_gate(c, v, &s);
		else
			bad(c, k, "unknown stage key '%.60s' (name, select, soak_days, "
			    "gate)",
			    k->value ? k->value : "");
	}
	if (s.name == NULL) {
		bad(c, n, "a stage needs a %s", "name");
		s.name = xstrdup("");
	}
	if (seen_before(c, 's', s.name))
		bad(c, n, "stage '%.60s' is defined twice", s.name);
	p->stages = xgrow(p->stages, &c->capstages, p->nstages, sizeof *p->stages);
	p->stages[p->nstages++] = s;
}

static void
get_list(struct pctx *c, const struct ynode *n, const char *what, size_t max,
    void (*item)(struct pctx *, const struct ynode *, struct policy *), struct policy *p)
{
	if (n->kind != Y_SEQ) {
		bad(c, n, "%s must be a list", what);
		return;
	}
	if (n->n > max) {
		pw_diags_add(c->problems, c->path, n->kids[max]->line, "%s: more than "
		    "%zu (a policy holds at most %zu)", what, max, max);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		if (n->kids[i]->kind != Y_MAP)
			bad(c, n->kids[i], "each of %s must be a mapping", what);
		else
			item(c, n->kids[i], p);
	}
}

static void
get_sla(struct pctx *c, const struct ynode *n, struct policy *p)
{
	if (n->kind != Y_MAP) {
		bad(c, n, "%s must map severities to days", "sla_days");
		return;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		int sev = n->kids[i]->kind == Y_SCALAR ? severity_parse(n->kids[i]->value) : -1;
		if (sev < 0)
			bad(c, n->kids[i], "sla_days: '%.40s' is not critical, high, medium "
			    "or low", n->kids[i]->value ? n->kids[i]->value : "");
		else
			get_int(c, n->kids[i + 1], "sla_days", 0, 3650, &p->sla_days[sev]);
	}
}

static void
get_clusters(struct pctx *c, const struct ynode *n, struct policy *p)
{
	if (n->kind != Y_MAP) {
		bad(c, n, "%s must map cluster names to {max_down: N}", "clusters");
		return;
	}
	if (n->n / 2 > MAX_CLUSTERS) {
		pw_diags_add(c->problems, c->path, n->kids[2 * MAX_CLUSTERS]->line,
		    "clusters: more than %d (a policy holds at most %d)", MAX_CLUSTERS,
		    MAX_CLUSTERS);
		return;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		int max = 1;
		const struct ynode *m = v->kind == Y_MAP ? ynode_get(v, "max_down") : v;
		if (k->kind != Y_SCALAR || m == NULL) {
			bad(c, v, "clusters: each needs %s", "max_down");
			continue;
		}
		if (get_int(c, m, "max_down", 1, 1000, &max) != 0)
			continue;
		if (seen_before(c, 'c', k->value)) {
			bad(c, k, "clusters: '%.60s' is given twice", k->value);
			continue;
		}
		p->clusters = xgrow(p->clusters, &c->capclusters, p->nclusters,
		    sizeof *p->clusters);
		p->clusters[p->nclusters].name = xstrdup(k->value);
		p->clusters[p->nclusters++].max_down = max;
	}
}

static void
get_cab(struct pctx *c, const struct ynode *n, struct policy *p)
{
	if (n->kind != Y_MAP) {
		bad(c, n, "%s must be a mapping with approvers and quorum", "cab");
		return;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		if (key_is(k, "approvers") && v->kind == Y_SEQ) {
			if (v->n > MAX_APPROVERS) {
				pw_diags_add(c->problems, c->path, v->kids[MAX_APPROVERS]->line,
				    "cab: more than %d approvers", MAX_APPROVERS);
				continue;
			}
			for (size_t j = 0; j < v->n; j++) {
				const char *t = ynode_text(v->kids[j]);
				if (t == NULL || t[0] == '\0' || strlen(t) > 64) {
					bad(c, v->kids[j], "cab: %s must be user names of 1 "
					    "to 64 characters", "approvers");
					continue;
				}
				if (seen_before(c, 'a', t)) {
					bad(c, v->kids[j], "cab: approver '%.64s' is listed "
					    "twice", t);
					continue;
				}
				p->approvers = xgrow(p->approvers, &c->capapprovers,
				    p->napprovers, sizeof *p->approvers);
				c->approver_lines = xgrow(c->approver_lines, &c->caplines,
				    p->napprovers, sizeof *c->approver_lines);
				c->approver_lines[p->napprovers] = v->kids[j]->line;
				p->approvers[p->napprovers++] = xstrdup(t);
			}
		} else if (key_is(k, "quorum"))
			get_int(c, v, "quorum", 1, 100, &p->quorum);
		else if (key_is(k, "allow_as"))
			get_bool(c, v, "allow_as", &p->allow_as);
		else
			bad(c, k, "unknown cab key '%.60s' (approvers, quorum, allow_as)",
			    k->value ? k->value : "");
	}
	if (p->napprovers > 0 && (size_t)p->quorum > p->napprovers)
		bad(c, n, "cab: quorum is larger than the number of %s", "approvers");
}

/* KEY: [NAME, ...], user names each once (kind: seen_before's), into
 * names[0..*n); each one's line into *lines when lines is not NULL:
 * risk_owners (who may add and revoke exceptions beside the CAB's
 * approvers) and policy_admins (who alone may import the next policy). */
static void
get_names(struct pctx *c, const struct ynode *v, const char *key, char kind,
    char ***names, size_t *n, long **lines)
{
	if (v->kind != Y_SEQ) {
		bad(c, v, "%s must be a list of user names", key);
		return;
	}
	if (v->n > MAX_APPROVERS) {
		pw_diags_add(c->problems, c->path, v->kids[MAX_APPROVERS]->line,
		    "%s: more than %d names", key, MAX_APPROVERS);
		return;
	}
	for (size_t j = 0; j < v->n; j++) {
		const char *t = ynode_text(v->kids[j]);
		if (t == NULL || t[0] == '\0' || strlen(t) > 64) {
			bad(c, v->kids[j], "%s must be user names of 1 to 64 characters",
			    key);
			continue;
		}
		if (seen_before(c, kind, t)) {
			pw_diags_add(c->problems, c->path, v->kids[j]->line,
			    "%s: '%.64s' is listed twice", key, t);
			continue;
		}
		*names = xrealloc(*names, (*n + 1) * sizeof **names);
		if (lines != NULL) {
			*lines = xrealloc(*lines, (*n + 1) * sizeof **lines);
			(*lines)[*n] = v->kids[j]->line;
		}
		(*names)[(*n)++] = xstrdup(t);
	}
}

#define MAX_SEVERITY_RULES	1000

/* severity_map: {SCALE: {VALUE: SEVERITY, ...}, ...}: what a source's own
 * severities mean, before the defaults (docs/formats.md). A scale the
 * defaults do not know is fine: a reader may be the first to use it. */
static void
get_severity_map(struct pctx *c, const struct ynode *n, struct policy *p)
{
	size_t cap = 0;

	if (n->kind != Y_MAP) {
		bad(c, n, "%s must map a source's scale to {value: severity}",
		    "severity_map");
		return;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *scale = n->kids[i], *m = n->kids[i + 1];
		if (scale->kind != Y_SCALAR || m->kind != Y_MAP) {
			bad(c, m, "severity_map: %s must be {value: severity}",
			    scale->value ? scale->value : "?");
			continue;
		}
		for (size_t j = 0; j + 1 < m->n; j += 2) {
			const char *value = ynode_text(m->kids[j]);
			const char *t = ynode_text(m->kids[j + 1]);
			int sev = t ? severity_parse(t) : -1;
			if (value == NULL || sev < 0) {
				bad(c, m->kids[j + 1], "severity_map: '%.40s' must map to "
				    "critical, high, medium or low", value ? value : "");
				continue;
			}
			if (p->nseverity_map >= MAX_SEVERITY_RULES) {
				bad(c, m->kids[j], "severity_map: more than %s rules",
				    "1000");
				return;
			}
			p->severity_map = xgrow(p->severity_map, &cap, p->nseverity_map,
			    sizeof *p->severity_map);
			p->severity_map[p->nseverity_map++] = (struct severity_rule){
			    xstrdup(scale->value), xstrdup(value), (enum severity)sev,
			    m->kids[j]->line };
		}
	}
}

/* A key given twice in one mapping is a mistake (which one was meant?):
 * every such key is named, and nothing else is read. One hash probe a key:
 * a mapping of 100,000 clusters costs its length, not its square. */
static size_t
twice(struct pctx *c, const struct ynode *n)
{
	size_t found = 0;

	if (n->kind == Y_MAP) {
		struct strmap keys = { 0 };
		for (size_t i = 0; i + 1 < n->n; i += 2)
			if (n->kids[i]->value && strmap_intern(&keys, n->kids[i]->value,
			    i) != i) {
				bad(c, n->kids[i], "key '%.60s' is given twice in one "
				    "mapping", n->kids[i]->value);
				found++;
			}
		strmap_free(&keys);
	}
	for (size_t i = 0; i < n->n; i++)
		found += twice(c, n->kids[i]);
	return found;
}

#define NEVER_YEARS	8	/* a leap day comes within any 8 years */

/* A window whose rule never occurs from now on (one that ended, or asks for
 * a day no month has: BYMONTH=2;BYMONTHDAY=30) can take no work: refused at
 * its rule. First over the horizon, which settles almost every window in a
 * few occurrences; only a window quiet there is walked NEVER_YEARS on. */
static void
windows_occur(struct pctx *c, const struct policy *p, int64_t now)
{
	for (size_t w = 0; w < p->nwindows; w++) {
		const struct pwindow *pw = &p->windows[w];
		int64_t first, until = now + (int64_t)NEVER_YEARS * 366 * 86400;
		if (pw->rrule_line == 0 || window_first(p, w, now, now +
		    (int64_t)p->horizon_days * 86400, &first) ||
		    window_first(p, w, now, until, &first))
			continue;
		char day[32];
		utc_format(until, day);
		day[10] = '\0';
		pw_diags_add(c->problems, c->path, pw->rrule_line, "window '%.60s': its rule "
		    "'%.80s' gives no occurrence from now to %s: it can take no work",
		    pw->name, pw->rrule, day);
	}
}

int
policy_read_yaml(const char *path, const char *data, size_t len,
    struct policy_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct pctx c = { .path = path, .problems = problems };
	struct ynode *root = NULL, *tzn;
	struct policy p;
	int rc = -1;

	policy_init(&p);
	if (len > MAX_BYTES) {
		pw_error_set(fatal, path, 0, "%zu bytes: a policy file is at most %d MiB",
		    len, MAX_BYTES >> 20);
		goto out;
	}
	if (yaml_load(path, data, len, &root, fatal) != 0)
		goto out;
	if (root->kind != Y_MAP) {
		pw_error_set(fatal, path, root->line, "a policy must be a mapping");
		goto out;
	}
	/* A key given twice: nothing else is read (which one was meant?). */
	if (twice(&c, root) > 0) {
		rc = 0;
		goto out;
	}
	/* The zone first: windows default to it. */
	if ((tzn = ynode_get(root, "timezone")) != NULL) {
		char *z = get_zone(&c, tzn);
		if (z) {
			free(p.timezone);
			p.timezone = z;
		}
	}
	for (size_t i = 0; i + 1 < root->n; i += 2) {
		const struct ynode *k = root->kids[i], *v = root->kids[i + 1];
		if (key_is(k, "timezone"))
			continue;
		else if (key_is(k, "horizon_days"))
			get_int(&c, v, "horizon_days", 1, 3660, &p.horizon_days);
		else if (key_is(k, "sla_days"))
			get_sla(&c, v, &p);
		else if (key_is(k, "at_risk_days"))
			get_int(&c, v, "at_risk_days", 0, 365, &p.at_risk_days);
		else if (key_is(k, "reboot_pending_days"))
			get_int(&c, v, "reboot_pending_days", 1, 365,
			    &p.reboot_pending_days);
		else if (key_is(k, "cluster_max_down"))
			get_int(&c, v, "cluster_max_down", 1, 1000, &p.cluster_max_down);
		else if (key_is(k, "cluster_gap"))
			get_int(&c, v, "cluster_gap", 0, 1440, &p.cluster_gap);
		else if (key_is(k, "clusters"))
			get_clusters(&c, v, &p);
		else if (key_is(k, "stages"))
			get_list(&c, v, "stages", MAX_STAGES, get_stage, &p);
		else if (key_is(k, "windows"))
			get_list(&c, v, "windows", MAX_WINDOWS, get_window, &p);
		else if (key_is(k, "cab"))
			get_cab(&c, v, &p);
		else if (key_is(k, "risk_owners"))
			get_names(&c, v, "risk_owners", 'r', &p.risk_owners,
			    &p.nrisk_owners, NULL);
		else if (key_is(k, "policy_admins"))
			get_names(&c, v, "policy_admins", 'p', &p.admins, &p.nadmins,
			    &c.admin_lines);
		else if (key_is(k, "severity_map"))
			get_severity_map(&c, v, &p);
		else if (key_is(k, "release_fallback")) {
			const char *t = ynode_text(v);
			int f = t ? release_fallback_parse(t) : -1;
			if (f < 0)
				bad(&c, v, "release_fallback must be %s",
				    "first_seen or scan_date");
			else
				p.release_fallback = (enum release_fallback)f;
		} else if (key_is(k, "severity_default")) {
			const char *t = ynode_text(v);
			int sev = t ? severity_parse(t) : -1;
			if (sev < 0)
				bad(&c, v, "severity_default must be %s",
				    "critical, high, medium or low");
			else
				p.severity_default = (enum severity)sev;
		}
		else
			bad(&c, k, "unknown policy key '%.60s'", k->value ? k->value : "");
	}
	if (problems->n == 0)
		windows_occur(&c, &p, sink->now);
	struct policy_lines lines = { c.approver_lines, c.admin_lines };
	rc = problems->n > 0 ? 0 : sink->put(sink, &p, &lines);
out:
	ynode_free(root);
	policy_free(&p);
	strmap_free(&c.names);
	free(c.approver_lines);
	free(c.admin_lines);
	return rc;
}
