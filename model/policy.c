/* Policy values and selectors. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "../util/buf.h"
#include "../util/sha256.h"
#include "../util/strmap.h"
#include "policy.h"

void
policy_init(struct policy *p)
{
	memset(p, 0, sizeof *p);
	p->timezone = xstrdup("UTC");
	p->horizon_days = 56;
	p->sla_days[SEV_CRITICAL] = 7;
	p->sla_days[SEV_HIGH] = 14;
	p->sla_days[SEV_MEDIUM] = 30;
	p->sla_days[SEV_LOW] = 90;
	p->at_risk_days = 2;
	p->reboot_pending_days = 7;
	p->cluster_max_down = 1;
	p->quorum = 1;
	p->release_fallback = RF_FIRST_SEEN;
	p->severity_default = SEV_MEDIUM;
}

void
selector_free(struct selector *s)
{
	for (size_t i = 0; i < s->nterms; i++) {
		free(s->terms[i].field);
		for (size_t j = 0; j < s->terms[i].nvalues; j++)
			free(s->terms[i].values[j]);
		free(s->terms[i].values);
	}
	free(s->terms);
	s->terms = NULL;
	s->nterms = 0;
}

/* The fields a term can name: asset (key or hostname), service (a variable),
 * group, and the asset's text fields. */
enum { SF_ASSET, SF_SERVICE, SF_GROUP, SF_KEY, SF_HOSTNAME, SF_ENVIRONMENT,
	SF_SERVICE_MODEL, SF_PROVIDER, SF_REGION, SF_ZONE, SF_OS, SF_TIER, SF_OWNER,
	SF_PATCH_GROUP, SF_CLUSTER, SF_NONE };

static const char *const field_names[SF_NONE] = {
	"asset", "service", "group", "key", "hostname", "environment", "service_model",
	"provider", "region", "zone", "os", "tier", "owner", "patch_group", "cluster",
};

static int
field_kind(const char *f)
{
	for (int k = 0; k < SF_NONE; k++)
		if (strcmp(f, field_names[k]) == 0)
			return k;
	return SF_NONE;
}

void
selector_add(struct selector *s, const char *field, const char *value)
{
	struct sel_term *t = NULL;

	for (size_t i = 0; i < s->nterms; i++)
		if (strcmp(s->terms[i].field, field) == 0)
			t = &s->terms[i];
	if (t == NULL) {
		s->terms = xrealloc(s->terms, (s->nterms + 1) * sizeof *s->terms);
		t = &s->terms[s->nterms++];
		memset(t, 0, sizeof *t);
		t->field = xstrdup(field);
		t->kind = field_kind(field);
	}
	t->values = xrealloc(t->values, (t->nvalues + 1) * sizeof *t->values);
	t->values[t->nvalues++] = xstrdup(value);
}

static const char *
asset_text_field(const struct asset *a, int kind)
{
	switch (kind) {
	case SF_KEY: return a->key;
	case SF_HOSTNAME: return a->hostname;
	case SF_ENVIRONMENT: return a->environment;
	case SF_SERVICE_MODEL: return service_model_name(a->service_model);
	case SF_PROVIDER: return a->provider;
	case SF_REGION: return a->region;
	case SF_ZONE: return a->zone;
	case SF_OS: return a->os;
	case SF_TIER: return a->tier;
	case SF_OWNER: return a->owner;
	case SF_PATCH_GROUP: return a->patch_group;
	case SF_CLUSTER: return a->cluster;
	default: return NULL;
	}
}

/* The asset's variable name as text, or NULL (vars are a JSON object). */
static char *
asset_var_text(const struct asset *a, const char *name)
{
	json_object *o = a->vars_json ? json_tokener_parse(a->vars_json) : NULL, *v;
	char *out = NULL;

	if (o && json_object_object_get_ex(o, name, &v) &&
	    json_object_is_type(v, json_type_string))
		out = xstrdup(json_object_get_string(v));
	json_object_put(o);
	return out;
}

static int
any_value(const struct sel_term *t, const char *have)
{
	if (have == NULL)
		return 0;
	for (size_t v = 0; v < t->nvalues; v++)
		if (strcmp(have, t->values[v]) == 0)
			return 1;
	return 0;
}

static int
term_match(const struct sel_term *t, const struct asset *a)
{
	switch (t->kind) {
	case SF_ASSET:
		return any_value(t, a->key) || any_value(t, a->hostname);
	case SF_SERVICE: {
		char *svc = asset_var_text(a, "service");
		int m = any_value(t, svc);
		free(svc);
		return m;
	}
	case SF_GROUP:
		for (size_t g = 0; g < a->ngroups; g++)
			for (size_t v = 0; v < t->nvalues; v++)
				if (strcmp(a->groups[g], t->values[v]) == 0)
					return 1;
		return 0;
	default:
		return any_value(t, asset_text_field(a, t->kind));
	}
}

int
selector_match(const struct selector *s, const struct asset *a)
{
	for (size_t i = 0; i < s->nterms; i++)
		if (!term_match(&s->terms[i], a))
			return 0;
	return 1;
}

void
policy_free(struct policy *p)
{
	free(p->timezone);
	for (size_t i = 0; i < p->nstages; i++) {
		free(p->stages[i].name);
		selector_free(&p->stages[i].select);
	}
	free(p->stages);
	for (size_t i = 0; i < p->nwindows; i++) {
		free(p->windows[i].name);
		free(p->windows[i].rrule);
		free(p->windows[i].timezone);
		selector_free(&p->windows[i].select);
	}
	free(p->windows);
	for (size_t i = 0; i < p->nclusters; i++)
		free(p->clusters[i].name);
	free(p->clusters);
	for (size_t i = 0; i < p->napprovers; i++)
		free(p->approvers[i]);
	free(p->approvers);
	for (size_t i = 0; i < p->nrisk_owners; i++)
		free(p->risk_owners[i]);
	free(p->risk_owners);
	for (size_t i = 0; i < p->nadmins; i++)
		free(p->admins[i]);
	free(p->admins);
	for (size_t i = 0; i < p->nseverity_map; i++) {
		free(p->severity_map[i].scale);
		free(p->severity_map[i].value);
	}
	free(p->severity_map);
	memset(p, 0, sizeof *p);
}

int
selector_from_json(struct selector *sel, const char *text, struct pw_error *err)
{
	json_object *o = json_tokener_parse(text ? text : "{}");

	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		pw_error_set(err, NULL, 0, "a selector must be a JSON object");
		return -1;
	}
	json_object_object_foreach(o, key, val) {
		if (!json_object_is_type(val, json_type_array)) {
			pw_error_set(err, NULL, 0, "selector %.60s: values must be a "
			    "list", key);	/* key lives in o: before the put */
			json_object_put(o);
			return -1;
		}
		for (size_t i = 0; i < json_object_array_length(val); i++)
			selector_add(sel, key, json_object_get_string(
			    json_object_array_get_idx(val, i)));
	}
	json_object_put(o);
	return 0;
}

char *
selector_to_json(const struct selector *sel)
{
	json_object *o = json_object_new_object();
	char *out;

	for (size_t i = 0; i < sel->nterms; i++) {
		json_object *a = json_object_new_array();
		for (size_t j = 0; j < sel->terms[i].nvalues; j++)
			json_object_array_add(a,
			    json_object_new_string(sel->terms[i].values[j]));
		json_object_object_add(o, sel->terms[i].field, a);
	}
	out = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return out;
}

/* ---- what a new policy changes ------------------------------------------- */

static int
window_same(const struct pwindow *a, const struct pwindow *b)
{
	char *sa, *sb;
	int same;

	if (strcmp(a->rrule, b->rrule) || a->start_minute != b->start_minute ||
	    a->duration_minutes != b->duration_minutes ||
	    strcmp(a->timezone, b->timezone) || a->reboot != b->reboot ||
	    a->concurrency != b->concurrency || a->cutoff_minutes != b->cutoff_minutes ||
	    a->concurrency_pct != b->concurrency_pct ||
	    a->offset_days != b->offset_days)
		return 0;
	sa = selector_to_json(&a->select);
	sb = selector_to_json(&b->select);
	same = strcmp(sa, sb) == 0;
	free(sa);
	free(sb);
	return same;
}

static int
stage_same(const struct stage *a, const struct stage *b)
{
	char *sa = selector_to_json(&a->select), *sb = selector_to_json(&b->select);
	int same = a->soak_days == b->soak_days &&
	    stage_gate_pct(a) == stage_gate_pct(b) && strcmp(sa, sb) == 0;

	free(sa);
	free(sb);
	return same;
}

/* Names listed in one part of the diff: at most ten, then a count. */
struct names {
	struct buf	*out;
	size_t		 n;
};

static void
name_add(struct names *l, char sign, const char *name)
{
	if (l->n++ < 10)
		buf_printf(l->out, " %c%s", sign, name);
}

static void
names_end(struct names *l)
{
	if (l->n > 10)
		buf_printf(l->out, " and %zu more", l->n - 10);
}

/* Items of two lists by name (was, now), as " +name" (only in now), " -name"
 * (only in was) and " ~name" (in both, not the same) after label; nothing
 * when none differ. Names are unique in a policy. */
typedef const char *item_name(const void *list, size_t i);
typedef int item_same(const void *was, size_t i, const void *now, size_t j);

static void
diff_named(struct buf *out, const char *label, const void *was, size_t nwas,
    const void *now, size_t nnow, item_name *name, item_same *same)
{
	struct strmap in_was = { 0 }, in_now = { 0 };
	struct names l = { out, 0 };
	size_t at = out->len;

	for (size_t i = 0; i < nwas; i++)
		strmap_put(&in_was, name(was, i), i);
	for (size_t j = 0; j < nnow; j++)
		strmap_put(&in_now, name(now, j), j);
	buf_printf(out, "%s%s", at ? "; " : "", label);
	size_t head = out->len;
	for (size_t j = 0; j < nnow; j++) {
		size_t i = strmap_get(&in_was, name(now, j));
		if (i == (size_t)-1)
			name_add(&l, '+', name(now, j));
		else if (same && !same(was, i, now, j))
			name_add(&l, '~', name(now, j));
	}
	for (size_t i = 0; i < nwas; i++)
		if (strmap_get(&in_now, name(was, i)) == (size_t)-1)
			name_add(&l, '-', name(was, i));
	names_end(&l);
	if (out->len == head) {		/* nothing differs: no label */
		out->len = at;
		out->s[at] = '\0';
	}
	strmap_free(&in_was);
	strmap_free(&in_now);
}

static const char *
window_name(const void *v, size_t i)
{
	return ((const struct pwindow *)v)[i].name;
}

static int
windows_same(const void *a, size_t i, const void *b, size_t j)
{
	return window_same(&((const struct pwindow *)a)[i], &((const struct pwindow *)b)[j]);
}

static const char *
stage_name(const void *v, size_t i)
{
	return ((const struct stage *)v)[i].name;
}

static int
stages_same(const void *a, size_t i, const void *b, size_t j)
{
	return stage_same(&((const struct stage *)a)[i], &((const struct stage *)b)[j]);
}

static const char *
approver_name(const void *v, size_t i)
{
	return ((const char *const *)v)[i];
}

static const char *
cluster_name(const void *v, size_t i)
{
	return ((const struct cluster_limit *)v)[i].name;
}

static int
clusters_same(const void *a, size_t i, const void *b, size_t j)
{
	return ((const struct cluster_limit *)a)[i].max_down ==
	    ((const struct cluster_limit *)b)[j].max_down;
}

/* A severity rule by its scale and value ("tenable:4"). */
static const char *
rule_name(const void *v, size_t i)
{
	static char name[2][160];
	static int turn;
	const struct severity_rule *r = &((const struct severity_rule *)v)[i];

	/* Two names may be alive at once (a lookup and an insert). */
	turn ^= 1;
	snprintf(name[turn], sizeof name[turn], "%.70s:%.70s", r->scale, r->value);
	return name[turn];
}

static int
rules_same(const void *a, size_t i, const void *b, size_t j)
{
	return ((const struct severity_rule *)a)[i].severity ==
	    ((const struct severity_rule *)b)[j].severity;
}

static void
setting(struct buf *out, const char *name, int was, int now)
{
	if (was != now)
		buf_printf(out, "%s%s %d -> %d", out->len ? "; " : "", name, was, now);
}

void
policy_diff(const struct policy *was, const struct policy *now, struct buf *out)
{
	struct buf d = { 0 };

	diff_named(&d, "cab", was->approvers, was->napprovers, now->approvers,
	    now->napprovers, approver_name, NULL);
	setting(&d, "quorum", was->quorum, now->quorum);
	diff_named(&d, "risk_owners", was->risk_owners, was->nrisk_owners,
	    now->risk_owners, now->nrisk_owners, approver_name, NULL);
	diff_named(&d, "policy_admins", was->admins, was->nadmins, now->admins,
	    now->nadmins, approver_name, NULL);
	if (was->allow_as != now->allow_as)
		buf_printf(&d, "%sallow_as %s -> %s", d.len ? "; " : "",
		    was->allow_as ? "true" : "false", now->allow_as ? "true" : "false");
	diff_named(&d, "windows", was->windows, was->nwindows, now->windows,
	    now->nwindows, window_name, windows_same);
	diff_named(&d, "stages", was->stages, was->nstages, now->stages, now->nstages,
	    stage_name, stages_same);
	for (int i = 0; i < SEV_COUNT; i++) {
		char name[32];
		snprintf(name, sizeof name, "sla_days %s", severity_name((enum severity)i));
		setting(&d, name, was->sla_days[i], now->sla_days[i]);
	}
	setting(&d, "horizon_days", was->horizon_days, now->horizon_days);
	setting(&d, "at_risk_days", was->at_risk_days, now->at_risk_days);
	setting(&d, "reboot_pending_days", was->reboot_pending_days,
	    now->reboot_pending_days);
	setting(&d, "cluster_max_down", was->cluster_max_down, now->cluster_max_down);
	setting(&d, "cluster_gap", was->cluster_gap, now->cluster_gap);
	diff_named(&d, "clusters", was->clusters, was->nclusters, now->clusters,
	    now->nclusters, cluster_name, clusters_same);
	if (strcmp(was->timezone, now->timezone) != 0)
		buf_printf(&d, "%stimezone %s -> %s", d.len ? "; " : "", was->timezone,
		    now->timezone);
	if (was->release_fallback != now->release_fallback)
		buf_printf(&d, "%srelease_fallback %s -> %s", d.len ? "; " : "",
		    release_fallback_name(was->release_fallback),
		    release_fallback_name(now->release_fallback));
	if (was->severity_default != now->severity_default)
		buf_printf(&d, "%sseverity_default %s -> %s", d.len ? "; " : "",
		    severity_name(was->severity_default),
		    severity_name(now->severity_default));
	diff_named(&d, "severity_map", was->severity_map, was->nseverity_map,
	    now->severity_map, now->nseverity_map, rule_name, rules_same);
	buf_adds(out, d.len ? d.s : "nothing changed");
	buf_free(&d);
}

/* ---- severities on the sources' scales ----------------------------------- */

/* What each source's severities mean unless the policy says otherwise
 * (docs/formats.md lists them): one row a value, values matched in any case.
 * A reader names its scale; values it finds informational never reach here
 * (they are not pending patches). */
static const struct severity_rule defaults[] = {
	/* Tenable and Nessus: 4..1 in .nessus files, words in CSV exports. */
	{ "tenable", "4", SEV_CRITICAL, 0 }, { "tenable", "3", SEV_HIGH, 0 },
	{ "tenable", "2", SEV_MEDIUM, 0 }, { "tenable", "1", SEV_LOW, 0 },
	{ "tenable", "critical", SEV_CRITICAL, 0 }, { "tenable", "high", SEV_HIGH, 0 },
	{ "tenable", "medium", SEV_MEDIUM, 0 }, { "tenable", "low", SEV_LOW, 0 },
	/* Qualys: 5 urgent .. 1 minimal. */
	{ "qualys", "5", SEV_CRITICAL, 0 }, { "qualys", "4", SEV_HIGH, 0 },
	{ "qualys", "3", SEV_MEDIUM, 0 }, { "qualys", "2", SEV_LOW, 0 },
	{ "qualys", "1", SEV_LOW, 0 },
	/* AWS SSM Patch Manager (and MSRC severities it passes on). */
	{ "ssm", "critical", SEV_CRITICAL, 0 }, { "ssm", "important", SEV_HIGH, 0 },
	{ "ssm", "high", SEV_HIGH, 0 }, { "ssm", "medium", SEV_MEDIUM, 0 },
	{ "ssm", "moderate", SEV_MEDIUM, 0 }, { "ssm", "low", SEV_LOW, 0 },
	{ "ssm", "unspecified", SEV_MEDIUM, 0 },
	/* Red Hat and Fedora advisories (dnf, yum, updateinfo.xml, CSAF). */
	{ "redhat", "critical", SEV_CRITICAL, 0 }, { "redhat", "important", SEV_HIGH, 0 },
	{ "redhat", "moderate", SEV_MEDIUM, 0 }, { "redhat", "low", SEV_LOW, 0 },
	{ "redhat", "none", SEV_LOW, 0 }, { "redhat", "unspecified", SEV_MEDIUM, 0 },
	/* Microsoft's MSRC ratings (Azure Update Manager, KBs). */
	{ "msrc", "critical", SEV_CRITICAL, 0 }, { "msrc", "important", SEV_HIGH, 0 },
	{ "msrc", "moderate", SEV_MEDIUM, 0 }, { "msrc", "low", SEV_LOW, 0 },
	{ "msrc", "unspecified", SEV_MEDIUM, 0 },
	/* Azure Update Manager's classifications, for a patch without an
	 * MSRC rating: a critical fix, a security fix; the others say nothing
	 * of urgency (the policy's default). */
	{ "azure", "critical", SEV_CRITICAL, 0 }, { "azure", "security", SEV_HIGH, 0 },
	{ "azure", "critical updates", SEV_CRITICAL, 0 },
	{ "azure", "security updates", SEV_HIGH, 0 },
	/* XCCDF rule severities (OpenSCAP); "unknown" is none, "info" not
	 * pending. */
	{ "xccdf", "high", SEV_HIGH, 0 }, { "xccdf", "medium", SEV_MEDIUM, 0 },
	{ "xccdf", "low", SEV_LOW, 0 },
};

const struct severity_rule *
severity_defaults(size_t *n)
{
	*n = sizeof defaults / sizeof defaults[0];
	return defaults;
}

static int
rule_matches(const struct severity_rule *r, const char *scale, const char *value)
{
	/* Once a patch, against every rule: most are another scale's, which
	 * its first letter tells without a call. */
	return tolower((unsigned char)*r->scale) == tolower((unsigned char)*scale) &&
	    strcasecmp(r->scale, scale) == 0 && strcasecmp(r->value, value) == 0;
}

int
policy_severity(const struct policy *p, const char *scale, const char *value)
{
	for (size_t i = 0; i < p->nseverity_map; i++)
		if (rule_matches(&p->severity_map[i], scale, value))
			return (int)p->severity_map[i].severity;
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		if (rule_matches(&defaults[i], scale, value))
			return (int)defaults[i].severity;
	return -1;
}

static const char *const fallback_names[RF_COUNT] = { "first_seen", "scan_date" };

const char *
release_fallback_name(enum release_fallback f)
{
	return f < RF_COUNT ? fallback_names[f] : "?";
}

int
release_fallback_parse(const char *s)
{
	for (int i = 0; i < RF_COUNT; i++)
		if (strcmp(s, fallback_names[i]) == 0)
			return i;
	return -1;
}

int
policy_map_severity(const struct policy *p, struct patch *t, struct pw_error *err)
{
	int sev;

	if (t->severity != SEV_COUNT || t->source_severity == NULL || t->scale == NULL)
		return 0;
	if ((sev = policy_severity(p, t->scale, t->source_severity)) < 0) {
		pw_error_set(err, NULL, t->line, "severity '%.40s' (%.20s) means nothing "
		    "to the policy: add it to severity_map (docs/formats.md)",
		    t->source_severity, t->scale);
		return -1;
	}
	t->severity = (enum severity)sev;
	return 0;
}

int
policy_complete_patch(const struct policy *p, struct patch *t, const char *first_seen,
    struct pw_error *err)
{
	if (policy_map_severity(p, t, err) != 0)
		return -1;
	if (t->severity == SEV_COUNT) {
		t->severity = p->severity_default;
		t->severity_assumed = 1;
	}
	if (t->released[0] == '\0') {
		const char *d = p->release_fallback == RF_SCAN_DATE && t->scanned[0] ?
		    t->scanned : first_seen;
		size_t n = strnlen(d, sizeof t->released - 1);
		memcpy(t->released, d, n);	/* once a patch: no printf */
		t->released[n] = '\0';
		t->released_assumed = 1;
	}
	return 0;
}

int
stage_gate_pct(const struct stage *s)
{
	return s->gate_pct > 0 && s->gate_pct < 100 ? s->gate_pct : 100;
}

size_t
stage_gate_index(const struct stage *s, size_t n)
{
	size_t k = (n * (size_t)stage_gate_pct(s) + 99) / 100;

	return k > 0 ? k - 1 : 0;
}

void
policy_cab_digest(const struct policy *p, char out[65])
{
	struct buf b = { 0 };

	buf_printf(&b, "approvers %zu\n", p->napprovers);
	for (size_t i = 0; i < p->napprovers; i++)
		buf_printf(&b, "%zu:%s\n", strlen(p->approvers[i]), p->approvers[i]);
	buf_printf(&b, "quorum %d\nallow_as %d\nrisk_owners %zu\n", p->quorum,
	    p->allow_as != 0, p->nrisk_owners);
	for (size_t i = 0; i < p->nrisk_owners; i++)
		buf_printf(&b, "%zu:%s\n", strlen(p->risk_owners[i]), p->risk_owners[i]);
	/* Only when there are any: a policy without them hashes as it did
	 * before they existed, so the digests logged then still hold. */
	if (p->nadmins > 0)
		buf_printf(&b, "policy_admins %zu\n", p->nadmins);
	for (size_t i = 0; i < p->nadmins; i++)
		buf_printf(&b, "%zu:%s\n", strlen(p->admins[i]), p->admins[i]);
	sha256_hex(b.s, b.len, out);
	buf_free(&b);
}
