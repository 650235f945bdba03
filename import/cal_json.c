/* The instants of the providers' JSON feeds, and how an event takes them
 * (cal_json.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../model/civil.h"
#include "../util/buf.h"
#include "cal_json.h"
#include "json_doc.h"
#include "json_records.h"

/* 9999-01-01T00:00:00Z: an instant from then on is refused, so that the end
 * a reader makes from it (an hour, for an open-ended event) or an offset
 * stays a four-digit year, a DTEND every later check reads. */
#define CAL_JSON_LAST	253370764800LL

static int
month_of(const char *s)
{
	static const char *const m[12] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

	for (int i = 0; i < 12; i++)
		if (strcasecmp(s, m[i]) == 0)
			return i + 1;
	return 0;
}

int
cal_json_time(json_object *v, int64_t *t)
{
	struct civil c = { 0 };
	const char *s, *p;
	char mon[4], zone[4];
	int n = 0, off = 0;

	if (json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_double)) {
		double d = json_object_get_double(v);
		if (!(d >= 0 && d < (double)CAL_JSON_LAST))
			return -1;
		*t = (int64_t)d;
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	/* RFC 1123's day name says nothing the date does not. */
	if (isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
	    isalpha((unsigned char)s[2]) && s[3] == ',' && s[4] == ' ')
		s += 5;
	if (sscanf(s, "%2d %3s %4d %2d:%2d:%2d %3s%n", &c.d, mon, &c.y, &c.h,
	    &c.mi, &c.s, zone, &n) == 7 && s[n] == '\0') {
		if ((c.mo = month_of(mon)) == 0 || (strcmp(zone, "GMT") != 0 &&
		    strcmp(zone, "UTC") != 0))
			return -1;
	} else if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &c.y, &c.mo, &c.d,
	    &c.h, &c.mi, &c.s, &n) == 6 && n == 19) {
		p = s + n;
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++)
				;
		if (*p == 'Z' && p[1] == '\0')
			off = 0;
		else if ((*p == '+' || *p == '-') && strlen(p) == 6 &&
		    isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
		    p[3] == ':' && isdigit((unsigned char)p[4]) &&
		    isdigit((unsigned char)p[5])) {
			off = ((p[1] - '0') * 10 + p[2] - '0') * 3600 +
			    ((p[4] - '0') * 10 + p[5] - '0') * 60;
			if (off > 14 * 3600)
				return -1;
			if (*p == '-')
				off = -off;
		} else
			return -1;
	} else
		return -1;
	if (c.y < 1970 || !civil_valid(&c))
		return -1;
	*t = civil_to_seconds(&c) - off;
	return *t < CAL_JSON_LAST ? 0 : -1;
}

void
cal_utc_text(int64_t t, int z, char out[17])
{
	struct civil c;

	civil_from_seconds(t, &c);
	snprintf(out, 17, "%04d%02d%02dT%02d%02d%02d%s", c.y, c.mo, c.d, c.h,
	    c.mi, c.s, z ? "Z" : "");
}

void
cal_event_utc(struct cal_event *e, int64_t start, int64_t end)
{
	char when[17];

	cal_utc_text(start, 0, when);
	cal_set(&e->dtstart, when);
	cal_set(&e->start_tz, "UTC");
	cal_utc_text(end, 0, when);
	cal_set(&e->dtend, when);
	cal_set(&e->end_tz, "UTC");
}

int
cal_json_take_time(json_object *o, const char *key, const char *path,
    long line, struct pw_diags *problems, int64_t *t)
{
	json_object *v = json_doc_get(o, key);

	if (v == NULL || json_object_is_type(v, json_type_null) ||
	    (json_object_is_type(v, json_type_string) &&
	    *json_object_get_string(v) == '\0'))
		return 1;
	if (cal_json_time(v, t) == 0)
		return 0;
	pw_diags_add(problems, path, line, "%s '%.40s' is not a time (%s)", key,
	    json_object_get_string(v), CAL_JSON_TIMES);
	return -1;
}

int
cal_json_open(struct json_records *c, struct calendar *cal, const char *path,
    const char *data, size_t len, const char *const *const *paths,
    const char *not_this, struct pw_error *fatal)
{
	if (json_records_open(c, path, data, len, paths, fatal) != 0)
		return -1;
	if (c->list.s == NULL) {
		pw_error_set(fatal, path, 1, "%s", not_this);
		json_records_close(c);
		return -1;
	}
	cal->path = xstrdup(path);
	cal->float_tz = xstrdup("UTC");
	return 0;
}

int
cal_json_put(struct calendar *cal, const char *path, struct cal_sink *sink,
    struct pw_diags *problems, const char *empty)
{
	if (sink->notes && empty && cal->nevents == 0 && problems->n == 0)
		pw_diags_add(sink->notes, path, 0, "%s", empty);
	if (problems->n == 0 || sink->skip_invalid)
		cal_cost_check(cal, path, sink->now, sink->days, NULL, NULL,
		    problems);
	return sink->put(sink, cal);
}

/* cal_json_each_nested's walk of one record's events. */
struct nested {
	struct json_doc		*d;
	struct pw_diags		*problems;
	cal_json_event_fn	*fn;
	void			*arg;
	const char		*id;
};

static int
each_nested(void *arg, struct json_span v, long line)
{
	struct nested *n = arg;
	json_object *o;

	if (!json_doc_is_object(v) || v.n > JSON_PART_MAX) {
		pw_diags_add(n->problems, n->d->path, line, "an event that is not "
		    "an object (or longer than %zu bytes)", JSON_PART_MAX);
		return 0;
	}
	if ((o = json_doc_build(n->d, v)) == NULL)
		return -1;
	n->fn(n->arg, o, json_doc_record_line(n->d, v), n->id);
	json_object_put(o);
	return 0;
}

int
cal_json_each_nested(struct json_doc *d, struct json_span v, long *line,
    const char *list_key, const char *id_key, const char *who,
    struct pw_diags *problems, cal_json_event_fn *fn, void *arg)
{
	const char *const list[] = { list_key, NULL };
	struct nested n = { d, problems, fn, arg, NULL };
	struct json_span ev;
	json_object *o;
	int rc = 0;

	if (!json_doc_is_object(v)) {
		pw_diags_add(problems, d->path, *line, "a record that is not an "
		    "object");
		return 0;
	}
	*line = json_doc_record_line(d, v);
	if (json_doc_find(d, v, list, &ev) != 0)
		return 1;
	/* The record, less its events (built one at a time). */
	if ((o = json_doc_build_without(d, v, ev)) == NULL)
		return -1;
	n.id = json_doc_str(o, id_key);
	if (n.id == NULL)
		pw_diags_add(problems, d->path, *line, "%s without its %s", who,
		    id_key);
	else if (!json_doc_is_array(ev))
		pw_diags_add(problems, d->path, *line, "%s is not a list",
		    list_key);
	else
		rc = json_doc_each_element(d, ev, each_nested, &n);
	json_object_put(o);
	return rc;
}
