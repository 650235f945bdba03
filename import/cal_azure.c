/* Azure maintenance configurations (Microsoft.Maintenance
 * maintenanceConfigurations) as a calendar (azure-maintenance), in the
 * shapes Azure gives them: one configuration (az maintenance configuration
 * show, the REST GET), a list of them (az maintenance configuration list),
 * the REST list {"value": [...]}, and the API specification's example
 * {"parameters": ..., "responses": {"200": {"body": ...}}} of either.
 * One event per configuration, its id the UID: its window from startDateTime
 * in its timeZone, for its duration, recurring as recurEvery says
 * (model/azure_recur.h) until expirationDateTime. A configuration names no
 * machine (assignments are resources of their own): the event is the
 * calendar's scope's, or --asset's. docs/formats.md has the mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/azure_recur.h"
#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/strmap.h"
#include "cal_json.h"
#include "calendar.h"
#include "json_records.h"

/* Azure's "no expiration" is 9999-12-31: a year past any plan. */
#define AZURE_NEVER_YEAR	9999
/* The latest start year read. */
#define AZURE_LAST_START_YEAR	2999

struct azure_run {
	const char	*path;
	struct calendar	*cal;
	struct pw_diags	*problems;
	const char	*asset;		/* --asset, or NULL: the scope's */
	struct strmap	 ids;		/* configuration ids seen */
};

/* Azure's "YYYY-MM-DD hh:mm" (seconds, or a 'T', tolerated) into *c: 0, or
 * -1 when it is not one. */
static int
window_time(const char *s, struct civil *c)
{
	char iso[32];
	int has_time = 0;

	if (s == NULL || strlen(s) >= sizeof iso || strlen(s) < 16)
		return -1;
	memcpy(iso, s, strlen(s) + 1);
	if (iso[10] == ' ')
		iso[10] = 'T';
	if (strchr(iso, 'Z') != NULL || civil_parse(iso, c, &has_time) != 0 ||
	    !has_time)
		return -1;
	return 0;
}

/* "05:00" (HH:mm) as the RFC 5545 duration "PT5H" into out: 0, or -1. */
static int
window_duration(const char *s, char out[24])
{
	int h, m, n = 0;

	if (s == NULL || sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || s[n] != '\0' ||
	    h < 0 || m < 0 || m > 59 || h + m == 0)
		return -1;
	if (m == 0)
		snprintf(out, 24, "PT%dH", h);
	else if (h == 0)
		snprintf(out, 24, "PT%dM", m);
	else
		snprintf(out, 24, "PT%dH%dM", h, m);
	return 0;
}

/* The rule's INTERVAL (1 when it has none). */
static int
rule_interval(const char *rule)
{
	const char *p = strstr(rule, "INTERVAL=");

	return p ? atoi(p + 9) : 1;
}

/* Move e's DTSTART (read in zone, its wall clock start) to the first window
 * its rule makes: Azure's startDateTime is when the schedule takes effect,
 * while RFC 5545 counts DTSTART as an instance whatever the rule says. The
 * first window comes within the rule's interval plus one of its periods
 * (35 days is more than any). 0, or -1 when the rule makes none before its
 * UNTIL. */
static int
first_window(struct cal_event *e, icaltimezone *zone, const struct civil *start)
{
	struct calendar one;
	struct cal_event *x;
	struct occ_list occ = { 0 };
	struct pw_diags warn = { 0 };
	struct civil c;
	int64_t from = tz_local_to_utc(zone, start);
	char when[16];
	int rc = -1;

	calendar_init(&one);
	one.float_tz = xstrdup("UTC");
	x = calendar_add_event(&one);
	cal_set(&x->uid, e->uid);
	cal_set(&x->dtstart, e->dtstart);
	cal_set(&x->start_tz, e->start_tz);
	cal_set(&x->duration, e->duration);
	cal_set(&x->rrules, e->rrules);
	x->rule_only = 1;
	if (cal_expand(&one, from, from + (int64_t)(rule_interval(e->rrules) + 1) *
	    35 * 86400, &occ, &warn) == 0 && occ.n > 0) {
		/* Its date, at startDateTime's wall clock (a window in a DST
		 * gap keeps the hour the configuration gives). */
		tz_utc_to_local(zone, occ.v[0].start_utc, &c);
		snprintf(when, sizeof when, "%04d%02d%02dT%02d%02d%02d", c.y, c.mo,
		    c.d, start->h, start->mi, start->s);
		cal_set(&e->dtstart, when);
		rc = 0;
	}
	occ_list_free(&occ);
	pw_diags_free(&warn);
	calendar_free(&one);
	return rc;
}

/* The member key of the window: in properties.maintenanceWindow (the REST
 * API's), else in properties or the configuration itself (the CLI's
 * flattened output). */
static const char *
window_str(json_object *o, const char *key)
{
	json_object *props = json_doc_get(o, "properties");
	const char *s;

	if ((s = json_doc_str(json_doc_get(props, "maintenanceWindow"), key)))
		return s;
	if ((s = json_doc_str(props, key)) != NULL)
		return s;
	return json_doc_str(o, key);
}

/* The rule, UNTIL added from expirationDateTime (read in zone; Azure's year
 * 9999 is none), into e. 0, or -1 with the problem said. */
static int
take_rule(struct azure_run *r, json_object *o, long line, struct cal_event *e,
    icaltimezone *zone, const struct civil *start)
{
	const char *recur = window_str(o, "recurEvery");
	const char *expiry = window_str(o, "expirationDateTime");
	char rule[AZURE_RRULE_MAX + 24], why[AZURE_WHY_MAX], until[17];
	struct civil end;

	if (recur == NULL) {
		pw_diags_add(r->problems, r->path, line, "configuration %.60s "
		    "without its recurEvery", e->uid);
		return -1;
	}
	if (azure_recur_rrule(recur, rule, why) != 0) {
		pw_diags_add(r->problems, r->path, line, "configuration %.60s: %s",
		    e->uid, why);
		return -1;
	}
	/* A bare Month recurs on the start's day (RFC 5545), as day29 to
	 * day31 would: refused as they are (model/azure_recur.c). */
	if (strcmp(rule, "FREQ=MONTHLY") == 0 ||
	    (strncmp(rule, "FREQ=MONTHLY;INTERVAL=", 22) == 0 &&
	    strchr(rule + 22, ';') == NULL)) {
		if (start->d > 28) {
			pw_diags_add(r->problems, r->path, line, "configuration "
			    "%.60s: recurEvery '%.40s' from day %d, which is not "
			    "in every month, and what Azure does in a month "
			    "without it is not documented", e->uid, recur,
			    start->d);
			return -1;
		}
	}
	if (expiry != NULL && window_time(expiry, &end) != 0) {
		pw_diags_add(r->problems, r->path, line, "expirationDateTime "
		    "'%.40s' is not YYYY-MM-DD hh:mm", expiry);
		return -1;
	}
	if (expiry != NULL && end.y < AZURE_NEVER_YEAR) {
		if (civil_to_seconds(&end) <= civil_to_seconds(start)) {
			pw_diags_add(r->problems, r->path, line, "configuration "
			    "%.60s expires (%.20s) before it starts", e->uid,
			    expiry);
			return -1;
		}
		cal_utc_text(tz_local_to_utc(zone, &end), 1, until);
		snprintf(rule + strlen(rule), sizeof rule - strlen(rule),
		    ";UNTIL=%s", until);
	}
	cal_set(&e->rrules, rule);
	if (first_window(e, zone, start) != 0) {
		pw_diags_add(r->problems, r->path, line, "configuration %.60s: "
		    "recurEvery '%.60s' makes no window before it expires",
		    e->uid, recur);
		return -1;
	}
	return 0;
}

/* One configuration o at line. */
static int
one_config(json_object *o, long line, void *arg)
{
	struct azure_run *r = arg;
	const char *id = json_doc_str(o, "id"), *name = json_doc_str(o, "name");
	const char *text, *iana, *scope;
	char dur[24], when[16];
	icaltimezone *zone;
	struct civil start;
	struct buf sum = { 0 };
	struct cal_event *e;

	if (id == NULL && (id = name) == NULL) {
		pw_diags_add(r->problems, r->path, line, "a configuration without "
		    "its id or name");
		return 0;
	}
	if (strmap_get(&r->ids, id) != (size_t)-1) {
		pw_diags_add(r->problems, r->path, line, "configuration %.60s a "
		    "second time", id);
		return 0;
	}
	strmap_put(&r->ids, id, 1);
	text = window_str(o, "timeZone");
	if (text == NULL || (iana = tz_resolve_name(text)) == NULL ||
	    (zone = tz_builtin(iana)) == NULL) {
		pw_diags_add(r->problems, r->path, line, "configuration %.60s: "
		    "timeZone '%.60s' is no Windows or IANA zone", id,
		    text ? text : "");
		return 0;
	}
	/* Past 2999 a schedule is no plan's: bounded, so its first window
	 * is sought within years libical and the text forms hold. */
	if (window_time(text = window_str(o, "startDateTime"), &start) != 0 ||
	    start.y < 1970 || start.y > AZURE_LAST_START_YEAR) {
		pw_diags_add(r->problems, r->path, line, "configuration %.60s: "
		    "startDateTime '%.40s' is not YYYY-MM-DD hh:mm from 1970 "
		    "to %d", id, text ? text : "", AZURE_LAST_START_YEAR);
		return 0;
	}
	/* Azure fills in a default by scope when it is not given, and does
	 * not document it: a window of unknown length is no window. */
	if (window_duration(text = window_str(o, "duration"), dur) != 0) {
		pw_diags_add(r->problems, r->path, line, "configuration %.60s: "
		    "duration '%.20s' is not hh:mm (Azure's default by scope is "
		    "not documented: give it)", id, text ? text : "");
		return 0;
	}
	e = calendar_add_event(r->cal);
	e->line = line;
	cal_set(&e->uid, id);
	cal_set(&e->provider_id, id);
	snprintf(when, sizeof when, "%04d%02d%02dT%02d%02d%02d", start.y,
	    start.mo, start.d, start.h, start.mi, start.s);
	cal_set(&e->dtstart, when);
	cal_set(&e->start_tz, iana);
	cal_set(&e->duration, dur);
	if (take_rule(r, o, line, e, zone, &start) != 0) {
		cal_event_free(e);
		r->cal->nevents--;
		return 0;
	}
	scope = json_doc_str(json_doc_get(o, "properties"), "maintenanceScope");
	if (scope == NULL)
		scope = json_doc_str(o, "maintenanceScope");
	buf_printf(&sum, "Azure maintenance %s (%s)", name ? name : id,
	    scope ? scope : "no scope given");
	cal_set(&e->summary, buf_str(&sum));
	buf_free(&sum);
	cal_set(&e->status, "CONFIRMED");
	if (r->asset)
		cal_set(&e->assets, r->asset);
	return 0;
}

/* The one configuration of the file (no list): the document, or the
 * example's response body. */
static int
single_config(struct json_records *c, struct azure_run *r,
    struct pw_error *fatal)
{
	static const char *const body_at[] = { "responses", "200", "body", NULL };
	struct json_span v = c->doc.root;
	json_object *o;
	int rc;

	if (json_doc_is_object(v))
		json_doc_find(&c->doc, c->doc.root, body_at, &v);
	if (!json_doc_is_object(v)) {
		pw_error_set(fatal, r->path, 1, "not an Azure maintenance "
		    "configuration: no object, list or \"value\" list of them");
		return -1;
	}
	if (v.n > JSON_PART_MAX) {
		pw_error_set(fatal, r->path, json_doc_record_line(&c->doc, v), "a "
		    "configuration of more than %zu bytes (1 MiB)", JSON_PART_MAX);
		return -1;
	}
	if ((o = json_doc_build(&c->doc, v)) == NULL)
		return -1;
	rc = one_config(o, json_doc_record_line(&c->doc, v), r);
	json_object_put(o);
	return rc;
}

int
cal_read_azure(const char *path, const char *data, size_t len,
    struct cal_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	static const char *const value[] = { "value", NULL };
	static const char *const bare[] = { NULL };
	static const char *const example[] = { "responses", "200", "body",
	    "value", NULL };
	static const char *const *const paths[] = { value, bare, example, NULL };
	struct azure_run r = { .path = path, .problems = problems,
	    .asset = sink->asset };
	struct json_records c;
	struct calendar cal;
	int rc = -1;

	calendar_init(&cal);
	r.cal = &cal;
	if (json_records_open(&c, path, data, len, paths, fatal) != 0)
		goto close;
	cal.path = xstrdup(path);
	cal.float_tz = xstrdup("UTC");
	if (c.list.s != NULL ? json_records_each(&c, problems, one_config, &r) :
	    single_config(&c, &r, fatal))
		goto close;
	rc = cal_json_put(&cal, path, sink, problems,
	    "no maintenance configuration in the file");
close:
	json_records_close(&c);
	strmap_free(&r.ids);
	calendar_free(&cal);
	return rc;
}

enum sniff
cal_sniff_azure(const char *data, size_t len)
{
	return sniff_json(data, len, 0, "\"recurEvery\"") ? SNIFF_YES : SNIFF_NO;
}
