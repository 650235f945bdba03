/* AWS Systems Manager maintenance windows as a calendar (ssm-windows): one
 * window (aws ssm get-maintenance-window) or many (describe-maintenance-
 * windows' WindowIdentities). One event per enabled window, its WindowId the
 * UID: from its first run (not before StartDate) in ScheduleTimezone, for
 * Duration hours, recurring as its cron(...) or rate(...) says
 * (model/ssm_cron.h) until EndDate, or once for at(...); Cutoff kept as the
 * time before the end when no work starts. A window names no machine (its
 * targets are registered apart): the event is the calendar's scope's.
 * docs/formats.md has the mapping and what is refused. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/ssm_cron.h"
#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/strmap.h"
#include "cal_json.h"
#include "calendar.h"
#include "json_records.h"

/* Windows one file may hold: SSM's default quota is 50 a Region (raisable);
 * a file of more is no account's listing. */
#define SSM_WINDOWS_MAX		1000
/* How far the first window of a cron is sought: past this, a cron that
 * makes none (30 FEB, or 29 FEB on a Monday 28 years away) is refused. */
#define SSM_FIRST_SEARCH_DAYS	(41L * 366)
/* How far a cron's runs are checked for two closer than its Duration: five
 * years hold a leap year's February 29 and every DST change (a 1:00,3:00
 * cron in New York is 1 hour apart on the day clocks go forward; 23:00 on
 * the 28th then 0:00 on the 1st, only after a 28-day February). The file's
 * check is bounded as its occurrences are: five years of the most a file
 * may make in one (CAL_FILE_OCCURRENCES), so a file within that bound is
 * never refused by this one. */
#define SSM_GAP_DAYS		(5L * 366)
#define SSM_GAP_RUNS_MAX	(5L * CAL_FILE_OCCURRENCES)

struct ssm_run {
	const char	*path;
	struct calendar	*cal;
	struct pw_diags	*problems, *notes;
	int64_t		 now;
	const char	*asset;		/* --asset, or NULL: the scope's */
	size_t		 n;		/* windows read */
	long		 gap_runs;	/* runs expanded checking gaps */
	struct strmap	 ids;		/* window ids seen */
};

/* SSM's times: ISO 8601 "YYYY-MM-DDTHH:MM[:SS[.fff]]" then Z, +HH:MM,
 * +HHMM or nothing (UTC: SSM's own default), or epoch seconds (the API's
 * CreatedDate). 0 with *t, -1 not one. */
static int
ssm_time(json_object *v, int64_t *t)
{
	struct civil c = { 0 };
	const char *s, *p;
	int n = 0, off = 0, sign;

	if (!json_object_is_type(v, json_type_string))
		return cal_json_time(v, t);
	s = json_object_get_string(v);
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &c.y, &c.mo, &c.d, &c.h, &c.mi,
	    &n) != 5 || n != 16)
		return -1;
	p = s + n;
	if (p[0] == ':' && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2])) {
		c.s = (p[1] - '0') * 10 + p[2] - '0';
		p += 3;
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++)
				;
	}
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		int hh, mm, k = 0;
		sign = *p == '-' ? -1 : 1;
		if ((sscanf(p + 1, "%2d:%2d%n", &hh, &mm, &k) != 2 || k != 5) &&
		    (sscanf(p + 1, "%2d%2d%n", &hh, &mm, &k) != 2 || k != 4))
			return -1;
		if (hh > 14 || mm > 59)
			return -1;
		off = sign * (hh * 3600 + mm * 60);
		p += 1 + k;
	}
	if (*p != '\0' || c.y < 1970 || c.y > 9998 || !civil_valid(&c))
		return -1;
	*t = civil_to_seconds(&c) - off;
	return 0;
}

/* The time member key of o: 0 read; 1 absent (null, ""); -1 a problem. */
static int
take_time(struct ssm_run *r, json_object *o, const char *key, long line,
    int64_t *t)
{
	json_object *v = json_doc_get(o, key);

	if (v == NULL || json_object_is_type(v, json_type_null) ||
	    (json_object_is_type(v, json_type_string) &&
	    *json_object_get_string(v) == '\0'))
		return 1;
	if (ssm_time(v, t) == 0)
		return 0;
	pw_diags_add(r->problems, r->path, line, "%s '%.40s' is not an ISO "
	    "8601 time (YYYY-MM-DDTHH:MM[:SS], a Z or an offset, from 1970)",
	    key, json_object_get_string(v));
	return -1;
}

/* An integer member key in [lo, hi]: 0 read; 1 absent; -1 a problem. */
static int
take_int(struct ssm_run *r, json_object *o, const char *key, int lo, int hi,
    long line, int *out)
{
	json_object *v = json_doc_get(o, key);
	int64_t n;

	if (v == NULL || json_object_is_type(v, json_type_null))
		return 1;
	if (!json_object_is_type(v, json_type_int) ||
	    (n = json_object_get_int64(v)) < lo || n > hi) {
		pw_diags_add(r->problems, r->path, line, "%s '%.20s' is not a "
		    "whole number from %d to %d", key, json_object_get_string(v),
		    lo, hi);
		return -1;
	}
	*out = (int)n;
	return 0;
}

static void
local_text(icaltimezone *zone, int64_t t, char out[16])
{
	struct civil c;

	tz_utc_to_local(zone, t, &c);
	snprintf(out, 16, "%04d%02d%02dT%02d%02d%02d", c.y, c.mo, c.d, c.h, c.mi,
	    c.s);
}

/* The first instant the rule (read in iana, from the wall clock of from)
 * makes at or after from, into *first, and the least time between two of
 * its runs in the span it was found in (INT64_MAX: one run) into *gap: 0,
 * or -1 when it makes none within SSM_FIRST_SEARCH_DAYS (or before its
 * UNTIL). Sought in growing spans, so a rule of every minute costs a
 * month's, not 41 years'. */
static int
first_run(const char *rule, const char *iana, icaltimezone *zone, int64_t from,
    int64_t *first, int64_t *gap)
{
	static const long spans[] = { 35, 400, SSM_FIRST_SEARCH_DAYS };
	struct calendar one;
	struct cal_event *x;
	char when[16];
	int rc = -1;

	calendar_init(&one);
	one.float_tz = xstrdup("UTC");
	x = calendar_add_event(&one);
	cal_set(&x->uid, "first");
	local_text(zone, from, when);
	cal_set(&x->dtstart, when);
	cal_set(&x->start_tz, iana);
	cal_set(&x->duration, "PT1M");
	cal_set(&x->rrules, rule);
	x->rule_only = 1;
	for (size_t i = 0; rc != 0 && i < sizeof spans / sizeof *spans; i++) {
		struct occ_list occ = { 0 };
		struct pw_diags warn = { 0 };
		if (cal_expand(&one, from, from + spans[i] * 86400, &occ,
		    &warn) == 0)
			for (size_t k = 0; k < occ.n; k++) {
				if (occ.v[k].start_utc < from)
					continue;
				if (rc != 0) {
					*first = occ.v[k].start_utc;
					*gap = INT64_MAX;
					rc = 0;
				} else if (occ.v[k].start_utc - occ.v[k - 1].start_utc <
				    *gap)
					*gap = occ.v[k].start_utc -
					    occ.v[k - 1].start_utc;
			}
		occ_list_free(&occ);
		pw_diags_free(&warn);
	}
	calendar_free(&one);
	return rc;
}

/* The least time between two runs of the rule (read in iana) from first
 * on, for SSM_GAP_DAYS or until its UNTIL, into *gap, sought a year at a
 * time and stopped at one closer than need: 0, or -1 when the file's
 * runs checked pass SSM_GAP_RUNS_MAX (*runs counts them). The runs of the
 * span first_run found may miss the closest: a February, a DST change. */
static int
least_gap(const char *rule, const char *iana, icaltimezone *zone,
    int64_t first, int64_t need, long *runs, int64_t *gap)
{
	struct calendar one;
	struct cal_event *x;
	char when[16];
	int64_t prev = -1, from = first, last = first + SSM_GAP_DAYS * 86400;
	int rc = 0;

	if (*runs > SSM_GAP_RUNS_MAX)
		return -1;
	calendar_init(&one);
	one.float_tz = xstrdup("UTC");
	x = calendar_add_event(&one);
	cal_set(&x->uid, "gap");
	local_text(zone, first, when);
	cal_set(&x->dtstart, when);
	cal_set(&x->start_tz, iana);
	cal_set(&x->duration, "PT1M");
	cal_set(&x->rrules, rule);
	x->rule_only = 1;
	*gap = INT64_MAX;
	while (rc == 0 && from < last && *gap >= need) {
		struct occ_list occ = { 0 };
		struct pw_diags warn = { 0 };
		int64_t to = from + 366L * 86400 < last ? from + 366L * 86400 : last;
		if (cal_expand(&one, from, to, &occ, &warn) == 0)
			for (size_t k = 0; k < occ.n; k++) {
				int64_t t = occ.v[k].start_utc;
				if (t < from || t <= prev)
					continue;
				if (prev >= 0 && t - prev < *gap)
					*gap = t - prev;
				prev = t;
				if (++*runs > SSM_GAP_RUNS_MAX)
					rc = -1;
			}
		occ_list_free(&occ);
		pw_diags_free(&warn);
		from = to;
	}
	calendar_free(&one);
	return rc;
}

/* What a window's schedule made: the event's DTSTART (UTC), its rule ("":
 * at() once) and zone; 1 when it runs no more (a note said why), -1 a
 * problem said. */
struct sched {
	int64_t		 start;
	char		 rule[SSM_RRULE_MAX + 24];
	const char	*tz;		/* the DTSTART's zone */
};

/* cron(...): from the first run at or after the start (StartDate, the year
 * field's first, else creation, else the next run SSM named, else now),
 * until EndDate or the year field's last. */
static int
sched_cron(struct ssm_run *r, const char *id, long line, const char *body,
    int offset, int duration, const char *iana, icaltimezone *zone,
    const int64_t w[4], struct sched *s)
{
	struct ssm_cron c;
	char why[SSM_WHY_MAX], until[17];
	int64_t from = -1, end = w[1], gap;

	if (ssm_cron_rrule(body, offset, &c, why) != 0) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: %s", id,
		    why);
		return -1;
	}
	if (w[0] >= 0)
		from = w[0];
	if (c.year_from) {
		/* The year field names the cron's dates, before ScheduleOffset
		 * moves them: a Thursday 30 December with 6 runs the next
		 * Wednesday, in the next year. */
		struct civil y = { c.year_from, 1, 1 + offset, 0, 0, 0 },
		    z = { c.year_to + 1, 1, 1 + offset, 0, 0, 0 };
		int64_t a = tz_local_to_utc(zone, &y), b = tz_local_to_utc(zone,
		    &z) - 1;
		if (a > from)
			from = a;
		if (end < 0 || b < end)
			end = b;
	}
	if (from < 0)
		from = w[2] >= 0 ? w[2] : w[3] >= 0 ? w[3] : r->now;
	/* Runs are on whole minutes: DTSTART's seconds would carry into
	 * every instance. */
	from += (60 - from % 60) % 60;
	snprintf(s->rule, sizeof s->rule, "%s", c.rule);
	if (end >= 0) {
		cal_utc_text(end, 1, until);
		snprintf(s->rule + strlen(s->rule), sizeof s->rule -
		    strlen(s->rule), ";UNTIL=%s", until);
	}
	if (end >= 0 && (end < from || end < r->now)) {
		pw_diags_add(r->notes, r->path, line, "window %.60s runs no more "
		    "(EndDate or its year field is past): not imported", id);
		return 1;
	}
	if (first_run(s->rule, iana, zone, from, &s->start, &gap) != 0) {
		if (end >= 0) {
			pw_diags_add(r->notes, r->path, line, "window %.60s: "
			    "cron(%.60s) makes no run before its end: not "
			    "imported", id, body);
			return 1;
		}
		pw_diags_add(r->problems, r->path, line, "window %.60s: cron(%.60s) "
		    "makes no run within %ld years", id, body,
		    SSM_FIRST_SEARCH_DAYS / 366);
		return -1;
	}
	/* As for a rate: runs closer than the window is long overlap. */
	if (gap >= (int64_t)duration * 3600 && least_gap(s->rule, iana, zone,
	    s->start, (int64_t)duration * 3600, &r->gap_runs, &gap) != 0) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: the file's "
		    "windows run more than %ld times in %ld years, which is more "
		    "than a calendar may hold (%d in a year): not checked for "
		    "windows that overlap", id, SSM_GAP_RUNS_MAX, SSM_GAP_DAYS / 366,
		    CAL_FILE_OCCURRENCES);
		return -1;
	}
	if (gap < (int64_t)duration * 3600) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: cron(%.60s) "
		    "runs again %lld minutes after a run, before its %d hour(s) "
		    "end: what SSM does with windows that overlap is not "
		    "documented", id, body, (long long)(gap / 60), duration);
		return -1;
	}
	s->tz = iana;
	return 0;
}

/* rate(...): every period from an anchor the file shows, in UTC (a rate is
 * elapsed time). */
static int
sched_rate(struct ssm_run *r, const char *id, long line, const char *body,
    int duration, const int64_t w[4], struct sched *s)
{
	char why[SSM_WHY_MAX], until[17];
	long secs;

	if (ssm_rate_seconds(body, &secs, why) != 0) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: %s", id,
		    why);
		return -1;
	}
	/* SSM runs a rate from StartDate when that was still to come when the
	 * window was made or changed, else from that moment, which no output
	 * gives; NextExecutionTime is a run SSM named. */
	if (w[3] >= 0)
		s->start = w[3];
	else if (w[0] >= 0 && w[0] > r->now)
		s->start = w[0];
	else {
		pw_diags_add(r->problems, r->path, line, "window %.60s: rate(%.40s) "
		    "repeats from when the window was created or last changed "
		    "(or a StartDate then still to come), which the file does "
		    "not say: give the output with its NextExecutionTime "
		    "(describe-maintenance-windows)", id, body);
		return -1;
	}
	if (secs < (long)duration * 3600) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: rate(%.40s) "
		    "comes round before its %d hour(s) end: what SSM does with "
		    "windows that overlap is not documented", id, body, duration);
		return -1;
	}
	if (secs % 86400 == 0)
		snprintf(s->rule, sizeof s->rule, "FREQ=DAILY;INTERVAL=%ld",
		    secs / 86400);
	else if (secs % 3600 == 0)
		snprintf(s->rule, sizeof s->rule, "FREQ=HOURLY;INTERVAL=%ld",
		    secs / 3600);
	else
		snprintf(s->rule, sizeof s->rule, "FREQ=MINUTELY;INTERVAL=%ld",
		    secs / 60);
	if (w[1] >= 0) {
		if (w[1] < s->start || w[1] < r->now) {
			pw_diags_add(r->notes, r->path, line, "window %.60s runs "
			    "no more (EndDate is past): not imported", id);
			return 1;
		}
		cal_utc_text(w[1], 1, until);
		snprintf(s->rule + strlen(s->rule), sizeof s->rule -
		    strlen(s->rule), ";UNTIL=%s", until);
	}
	s->tz = "UTC";
	return 0;
}

/* at(YYYY-MM-DDTHH:MM:SS): once, on the wall clock of ScheduleTimezone (as
 * export --to ssm writes it). */
static int
sched_at(struct ssm_run *r, const char *id, long line, const char *body,
    const char *iana, icaltimezone *zone, const int64_t w[4], struct sched *s)
{
	struct civil c = { 0 };
	int n = 0;

	if (sscanf(body, "%4d-%2d-%2dT%2d:%2d:%2d%n", &c.y, &c.mo, &c.d, &c.h,
	    &c.mi, &c.s, &n) != 6 || n != 19 || body[n] != '\0' ||
	    c.y < 1970 || c.y > 9998 || !civil_valid(&c)) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: at(%.40s) "
		    "is not at(YYYY-MM-DDTHH:MM:SS)", id, body);
		return -1;
	}
	s->start = tz_local_to_utc(zone, &c);
	if ((w[0] >= 0 && s->start < w[0]) || (w[1] >= 0 && s->start > w[1])) {
		pw_diags_add(r->notes, r->path, line, "window %.60s: at(%.40s) is "
		    "outside its StartDate and EndDate, so it never runs: not "
		    "imported", id, body);
		return 1;
	}
	s->rule[0] = '\0';
	s->tz = iana;
	return 0;
}

/* The body of Schedule as NAME(BODY): a pointer to a copy in buf, or NULL. */
static const char *
schedule_body(const char *sched, const char *name, char *buf, size_t n)
{
	size_t k = strlen(name), m = strlen(sched);

	if (m < k + 2 || strncmp(sched, name, k) != 0 || sched[k] != '(' ||
	    sched[m - 1] != ')' || m - k - 2 >= n)
		return NULL;
	memcpy(buf, sched + k + 1, m - k - 2);
	buf[m - k - 2] = '\0';
	return buf;
}

/* One window o at line. */
static int
one_window(json_object *o, long line, void *arg)
{
	struct ssm_run *r = arg;
	const char *id = json_doc_str(o, "WindowId"), *name = json_doc_str(o,
	    "Name"), *sched, *text, *iana, *body;
	json_object *en = json_doc_get(o, "Enabled");
	int duration = 0, cutoff = 0, offset = 0, rc, bad = 0;
	int64_t w[4] = { -1, -1, -1, -1 };	/* Start, End, Created, Next */
	static const char *const keys[] = { "StartDate", "EndDate",
	    "CreatedDate", "NextExecutionTime" };
	char buf[SSM_EXPR_MAX + 1], dur[16], when[16], zname[64];
	icaltimezone *zone;
	struct sched s;
	struct buf sum = { 0 };
	struct cal_event *e;

	if (++r->n > SSM_WINDOWS_MAX) {
		if (r->n == SSM_WINDOWS_MAX + 1)
			pw_diags_add(r->problems, r->path, line, "more than %d "
			    "maintenance windows in one file: the rest are not "
			    "read", SSM_WINDOWS_MAX);
		return 0;
	}
	if (id == NULL && (id = name) == NULL) {
		pw_diags_add(r->problems, r->path, line, "a maintenance window "
		    "without its WindowId or Name");
		return 0;
	}
	if (strmap_get(&r->ids, id) != (size_t)-1) {
		pw_diags_add(r->problems, r->path, line, "window %.60s a second "
		    "time", id);
		return 0;
	}
	strmap_put(&r->ids, id, 1);
	if (en != NULL && !json_object_is_type(en, json_type_boolean)) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: Enabled "
		    "'%.20s' is not true or false", id, json_object_get_string(en));
		return 0;
	}
	if (en != NULL && !json_object_get_boolean(en)) {
		pw_diags_add(r->notes, r->path, line, "window %.60s is disabled "
		    "(Enabled false): not imported", id);
		return 0;
	}
	if ((sched = json_doc_str(o, "Schedule")) == NULL) {
		pw_diags_add(r->problems, r->path, line, "window %.60s without its "
		    "Schedule", id);
		return 0;
	}
	if (strlen(sched) > SSM_EXPR_MAX) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: Schedule "
		    "is longer than %d bytes (SSM's bound)", id, SSM_EXPR_MAX);
		return 0;
	}
	text = json_doc_str(o, "ScheduleTimezone");
	if (text == NULL)
		iana = "UTC";
	else if ((iana = tz_resolve_name(text)) == NULL) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: "
		    "ScheduleTimezone '%.60s' is no IANA zone", id, text);
		return 0;
	}
	/* The name is libical's, which may move as it loads more zones. */
	if (strlen(iana) >= sizeof zname || (zone = tz_builtin(iana)) == NULL) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: "
		    "ScheduleTimezone '%.60s' is no IANA zone", id, iana);
		return 0;
	}
	memcpy(zname, iana, strlen(iana) + 1);
	iana = zname;
	rc = take_int(r, o, "Duration", 1, 24, line, &duration);
	if (rc == 1)
		pw_diags_add(r->problems, r->path, line, "window %.60s without its "
		    "Duration (hours)", id);
	bad |= rc != 0;
	bad |= take_int(r, o, "Cutoff", 0, 23, line, &cutoff) < 0;
	bad |= take_int(r, o, "ScheduleOffset", 0, 6, line, &offset) < 0;
	for (int i = 0; i < 4; i++)
		bad |= take_time(r, o, keys[i], line, &w[i]) < 0;
	if (bad)
		return 0;
	if (cutoff >= duration) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: Cutoff %d "
		    "is not shorter than its Duration %d (SSM refuses it)", id,
		    cutoff, duration);
		return 0;
	}
	if (w[0] >= 0 && w[1] >= 0 && w[1] < w[0]) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: EndDate is "
		    "before StartDate", id);
		return 0;
	}
	if ((body = schedule_body(sched, "cron", buf, sizeof buf)) != NULL)
		rc = sched_cron(r, id, line, body, offset, duration, iana, zone,
		    w, &s);
	else if (offset) {
		pw_diags_add(r->problems, r->path, line, "window %.60s: "
		    "ScheduleOffset goes with a cron schedule only, not "
		    "'%.60s' (SSM refuses it)", id, sched);
		return 0;
	} else if ((body = schedule_body(sched, "rate", buf, sizeof buf)))
		rc = sched_rate(r, id, line, body, duration, w, &s);
	else if ((body = schedule_body(sched, "at", buf, sizeof buf)))
		rc = sched_at(r, id, line, body, iana, zone, w, &s);
	else {
		pw_diags_add(r->problems, r->path, line, "window %.60s: Schedule "
		    "'%.60s' is not cron(...), rate(...) or at(...)", id, sched);
		return 0;
	}
	if (rc != 0)
		return 0;
	e = calendar_add_event(r->cal);
	e->line = line;
	cal_set(&e->uid, id);
	cal_set(&e->provider_id, id);
	local_text(strcmp(s.tz, "UTC") == 0 ? NULL : zone, s.start, when);
	cal_set(&e->dtstart, when);
	cal_set(&e->start_tz, s.tz);
	snprintf(dur, sizeof dur, "PT%dH", duration);
	cal_set(&e->duration, dur);
	cal_set(&e->rrules, s.rule);
	e->cutoff_minutes = cutoff * 60;
	buf_printf(&sum, "SSM maintenance window %s", name ? name : id);
	cal_set(&e->summary, buf_str(&sum));
	buf_free(&sum);
	cal_set(&e->status, "CONFIRMED");
	if (r->asset)
		cal_set(&e->assets, r->asset);
	return 0;
}

/* The one window of the file: get-maintenance-window's object. */
static int
single_window(struct json_records *c, struct ssm_run *r, struct pw_error *fatal)
{
	struct json_span v = c->doc.root;
	json_object *o;
	int rc;

	if (!json_doc_is_object(v)) {
		pw_error_set(fatal, r->path, 1, "not an SSM maintenance window: no "
		    "object or WindowIdentities list");
		return -1;
	}
	if (v.n > JSON_PART_MAX) {
		pw_error_set(fatal, r->path, 1, "a maintenance window of more than "
		    "%zu bytes (1 MiB)", JSON_PART_MAX);
		return -1;
	}
	if ((o = json_doc_build(&c->doc, v)) == NULL)
		return -1;
	if (json_doc_get(o, "ScheduledWindowExecutions") != NULL) {
		pw_error_set(fatal, r->path, 1, "this is describe-maintenance-"
		    "window-schedule's list of runs, which says no Duration: "
		    "import the windows (describe-maintenance-windows or "
		    "get-maintenance-window)");
		rc = -1;
	} else if (json_doc_get(o, "Schedule") == NULL) {
		pw_error_set(fatal, r->path, 1, "not an SSM maintenance window: no "
		    "Schedule, nor a WindowIdentities list");
		rc = -1;
	} else
		rc = one_window(o, json_doc_record_line(&c->doc, v), r);
	json_object_put(o);
	return rc;
}

int
cal_read_ssm(const char *path, const char *data, size_t len,
    struct cal_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	static const char *const list[] = { "WindowIdentities", NULL };
	static const char *const bare[] = { NULL };
	static const char *const *const paths[] = { list, bare, NULL };
	struct ssm_run r = { .path = path, .problems = problems,
	    .notes = sink->notes, .now = sink->now, .asset = sink->asset };
	struct json_records c;
	struct calendar cal;
	int rc = -1;

	calendar_init(&cal);
	r.cal = &cal;
	if (json_records_open(&c, path, data, len, paths, fatal) != 0)
		goto close;
	cal.path = xstrdup(path);
	cal.float_tz = xstrdup("UTC");
	if (c.list.s != NULL ? json_records_each(&c, problems, one_window, &r) :
	    single_window(&c, &r, fatal))
		goto close;
	rc = cal_json_put(&cal, path, sink, problems,
	    "no enabled maintenance window in the file");
close:
	json_records_close(&c);
	strmap_free(&r.ids);
	calendar_free(&cal);
	return rc;
}

enum sniff
cal_sniff_ssm(const char *data, size_t len)
{
	if (sniff_json(data, len, 0, "\"WindowIdentities\"") ||
	    sniff_json(data, len, 0, "\"ScheduledWindowExecutions\""))
		return SNIFF_YES;
	return sniff_json(data, len, 0, "\"WindowId\"") &&
	    sniff_json(data, len, 0, "\"Schedule\"") ? SNIFF_YES : SNIFF_NO;
}
