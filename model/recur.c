/* Expansion of iCalendar events into occurrences (RFC 5545 §3.8.5: RRULE, RDATE,
 * EXDATE; §3.8.4.4 RECURRENCE-ID overrides with RANGE=THISANDFUTURE). libical
 * iterates each RRULE in wall-clock time (model/rrule_walk.c the DAILY and
 * WEEKLY ones, the same instances without libical's ICU path); instants come from tz_local_to_utc()
 * so DST gaps and folds follow §3.3.5. Every event and every calendar has a
 * bound of steps (calendar.h), so no calendar, however it got into the
 * database, costs more than a few seconds; EXDATEs and overrides find their
 * instances by binary search. */
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "../util/buf.h"
#include "calendar.h"
#include "rrule.h"
#include "rrule_walk.h"
#include "tz.h"

/* Steps left: the event's and the calendar's bounds, whichever is nearer. */
struct budget {
	long	 event_left;
	long	 cal_left;
	size_t	 cal_cuts;	/* events the calendar's bound cut */
};

/* Zones resolved once per expansion. */
struct zcache {
	const struct calendar *cal;
	icaltimezone	*floating;
	struct zentry {
		const char	*ref;
		icaltimezone	*z;
		int		 owned;
	} *v;
	size_t		 n, cap;
};

static icaltimezone *
zone_from_vtimezone(const char *text)
{
	icalcomponent *c = icalparser_parse_string(text);
	icaltimezone *z;

	if (c == NULL)
		return NULL;
	if (icalcomponent_isa(c) != ICAL_VTIMEZONE_COMPONENT) {
		icalcomponent *inner = icalcomponent_get_first_component(c,
		    ICAL_VTIMEZONE_COMPONENT);
		if (inner == NULL) {
			icalcomponent_free(c);
			return NULL;
		}
		icalcomponent_remove_component(c, inner);
		icalcomponent_free(c);
		c = inner;
	}
	char why[160];
	long changes;
	if (!tz_vtimezone_bounded(c, &changes, why, sizeof why) ||
	    changes > TZ_VTIMEZONE_CHANGES_MAX) {
		icalcomponent_free(c);
		return NULL;	/* a database from before the bound */
	}
	z = icaltimezone_new();
	if (!icaltimezone_set_component(z, c)) {
		icaltimezone_free(z, 1);
		icalcomponent_free(c);
		return NULL;
	}
	return z;
}

/* The zone for a reference; *ok is 0 when the reference names no known zone. */
static icaltimezone *
zone_for(struct zcache *zc, const char *ref, int *ok)
{
	*ok = 1;
	if (*ref == '\0')
		return zc->floating;
	if (strcmp(ref, "UTC") == 0)
		return icaltimezone_get_utc_timezone();
	for (size_t i = 0; i < zc->n; i++)
		if (strcmp(zc->v[i].ref, ref) == 0)
			return zc->v[i].z;

	icaltimezone *z = NULL;
	int owned = 0;
	if (strncmp(ref, "vtz:", 4) == 0) {
		for (size_t i = 0; i < zc->cal->nzones; i++)
			if (strcmp(zc->cal->zones[i].tzid, ref + 4) == 0) {
				z = zone_from_vtimezone(zc->cal->zones[i].vtimezone);
				owned = 1;
				break;
			}
	} else
		z = tz_builtin(ref);
	zc->v = xgrow(zc->v, &zc->cap, zc->n, sizeof *zc->v);
	zc->v[zc->n++] = (struct zentry){ ref, z, owned && z };
	if (z == NULL)
		*ok = 0;
	return z;
}

static void
zcache_init(struct zcache *zc, const struct calendar *cal)
{
	memset(zc, 0, sizeof *zc);
	zc->cal = cal;
	zc->floating = tz_builtin(cal->float_tz && *cal->float_tz ? cal->float_tz : "UTC");
}

static void
zcache_free(struct zcache *zc)
{
	for (size_t i = 0; i < zc->n; i++)
		if (zc->v[i].owned)
			icaltimezone_free(zc->v[i].z, 1);
	free(zc->v);
}

static int64_t
local_midnight(icaltimezone *z, long days)
{
	struct civil c = { 0, 0, 0, 0, 0, 0 };

	civil_from_days(days, &c.y, &c.mo, &c.d);
	return tz_local_to_utc(z, &c);
}

/* A parsed value: a date (days) or a wall-clock time. */
struct tval {
	int		is_date;
	struct civil	c;
	int		utc;	/* written with a trailing Z */
};

static int
tval_parse(const char *s, struct tval *v)
{
	int has_time;
	size_t n = strlen(s);

	if (civil_parse(s, &v->c, &has_time) != 0)
		return -1;
	v->is_date = !has_time;
	v->utc = n > 0 && s[n - 1] == 'Z';
	return 0;
}

int
cal_time_canonical(const struct calendar *cal, const char *value, const char *tzref,
    int as_date, char out[17], struct pw_error *err)
{
	struct zcache zc;
	struct tval v;
	icaltimezone *z;
	int ok;

	if (tval_parse(value, &v) != 0) {
		pw_error_set(err, NULL, 0, "'%.40s' is not a DATE or DATE-TIME", value);
		return -1;
	}
	if (v.is_date || as_date) {
		snprintf(out, 17, "%04d%02d%02d", v.c.y % 10000, v.c.mo % 100,
		    v.c.d % 100);
		return 0;
	}
	zcache_init(&zc, cal);
	z = v.utc ? icaltimezone_get_utc_timezone() : zone_for(&zc, tzref, &ok);
	int64_t t = tz_local_to_utc(z, &v.c);
	zcache_free(&zc);
	struct civil u;
	char tmp[64];
	civil_from_seconds(t, &u);
	snprintf(tmp, sizeof tmp, "%04d%02d%02dT%02d%02d%02dZ", u.y % 10000, u.mo,
	    u.d, u.h, u.mi, u.s);
	memcpy(out, tmp, 16);
	out[16] = '\0';
	return 0;
}

/* How long each instance lasts: nominal days (wall clock) plus exact seconds. */
struct span {
	long	days;
	int64_t	seconds;
};

/* One instance of a series before overrides apply. */
struct inst {
	int64_t	key;		/* days (all-day series) or UTC start */
	int64_t	start;
	int64_t	end;
	size_t	event;
};

struct series {
	const struct calendar *cal;
	struct zcache	*zc;
	const struct cal_event *ev;
	size_t		 evidx;
	icaltimezone	*zone;		/* wall-clock zone of the instances */
	int		 all_day;
	struct span	 span;
	int64_t		 from, to;
	struct inst	*v;
	size_t		 n, cap;
	struct pw_diags	*warn;
	struct budget	*b;
	struct occ_list	*out;		/* where a cut is recorded */
	int		 cut;
	int64_t		 skip_to;	/* wall clock: instances before it matter not */
};

static int64_t
span_end(icaltimezone *z, const struct civil *start_local, int64_t start_utc,
    const struct span *sp)
{
	int64_t end = start_utc;

	if (sp->days != 0) {
		struct civil c = *start_local;
		long d = days_from_civil(c.y, c.mo, c.d) + sp->days;
		civil_from_days(d, &c.y, &c.mo, &c.d);
		end = tz_local_to_utc(z, &c);
	}
	return end + sp->seconds;
}

static void
series_add(struct series *s, const struct civil *local)
{
	struct inst in;

	if (s->all_day) {
		in.key = days_from_civil(local->y, local->mo, local->d);
		in.start = local_midnight(s->zone, in.key);
	} else {
		in.start = tz_local_to_utc(s->zone, local);
		in.key = in.start;
	}
	in.end = span_end(s->zone, local, in.start, &s->span);
	if (in.end < in.start)
		in.end = in.start;
	in.event = s->evidx;
	s->v = xgrow(s->v, &s->cap, s->n, sizeof *s->v);
	s->v[s->n++] = in;
}

/* Parse an RFC 5545 duration into a span; -1 when malformed. */
static int
span_parse(const char *text, struct span *sp)
{
	struct icaldurationtype d = icaldurationtype_from_string(text);

	if (icaldurationtype_is_bad_duration(d))
		return -1;
	sp->days = (long)d.weeks * 7 + d.days;
	sp->seconds = (int64_t)d.hours * 3600 + d.minutes * 60 + d.seconds;
	if (d.is_neg) {
		sp->days = -sp->days;
		sp->seconds = -sp->seconds;
	}
	return 0;
}

static void
warn_event(struct series *s, const char *fmt, const char *arg)
{
	if (s->warn)
		pw_diags_add(s->warn, s->cal->path, s->ev->line, fmt, arg);
}

static long
budget_left(const struct budget *b)
{
	return b->event_left < b->cal_left ? b->event_left : b->cal_left;
}

static void
budget_use(struct budget *b, long steps)
{
	b->event_left = steps < b->event_left ? b->event_left - steps : 0;
	b->cal_left = steps < b->cal_left ? b->cal_left - steps : 0;
}

/* Wall-clock seconds as libical's time: a date for an all-day series. */
static struct icaltimetype
wall_time(int64_t t, int is_date)
{
	struct civil c;

	civil_from_seconds(t, &c);
	return tz_icaltime(&c, is_date);
}

/* A bound stopped s at wall-clock time at, walking RRULE number rule (-1: the
 * RDATEs): recorded once per event, with a warning when the event's own
 * bound ran out (the calendar's is one warning for all, in cal_expand). */
static void
series_cut(struct series *s, int rule, const char *what, int64_t at)
{
	int by_calendar = s->b->cal_left < s->b->event_left;
	struct civil c;

	if (s->cut)
		return;
	s->cut = 1;
	s->out->cuts = xgrow(s->out->cuts, &s->out->capcuts, s->out->ncuts,
	    sizeof *s->out->cuts);
	s->out->cuts[s->out->ncuts++] = (struct occ_cut){ s->evidx, rule, by_calendar };
	if (by_calendar) {
		s->b->cal_cuts++;
		return;
	}
	civil_from_seconds(at, &c);
	if (s->warn)
		pw_diags_add(s->warn, s->cal->path, s->ev->line, "event %.80s: expanding "
		    "%.80s stopped at the bound of %ld steps per event: its "
		    "occurrences from %04d-%02d-%02d on are missing", s->ev->uid, what,
		    CAL_EVENT_STEPS, c.y, c.mo, c.d);
}

/*
 * Expand one RRULE value into s, within the steps left: libical walks the
 * rule in wall-clock time up to an UNTIL set here to the end of the range (so
 * a rule that never matches stops there, not in 2582) or, when the steps the
 * rule would need over that span pass what is left, to where they run out.
 */
static void
series_rrule(struct series *s, const char *rule_text, const struct tval *dtstart,
    int rule)
{
	struct icalrecurrencetype r;
	struct icaltimetype dt, next;
	icalrecur_iterator *it = NULL;
	struct rrule_walk w;
	int64_t bound = s->to + 86400 * 2;	/* wall-clock slack for any zone */
	int64_t begin = civil_to_seconds(&dtstart->c), end = bound, last = begin;

	icalerror_clear_errno();
	r = icalrecurrencetype_from_string(rule_text);
	if (r.freq == ICAL_NO_RECURRENCE) {
		warn_event(s, "RRULE '%.80s' cannot be read; only DTSTART counts",
		    rule_text);
		icalerror_clear_errno();
		return;
	}
	if (!icaltime_is_null_time(r.until)) {
		/* Compare UNTIL in the series' own wall-clock time. */
		if (s->all_day) {
			if (!r.until.is_date && icaltime_is_utc(r.until)) {
				struct civil c = { r.until.year, r.until.month,
				    r.until.day, r.until.hour, r.until.minute,
				    r.until.second }, l;
				tz_utc_to_local(s->zone, civil_to_seconds(&c), &l);
				r.until.year = l.y;
				r.until.month = l.mo;
				r.until.day = l.d;
			}
			r.until.is_date = 1;
			r.until.hour = r.until.minute = r.until.second = 0;
		} else if (r.until.is_date) {
			r.until.is_date = 0;
			r.until.hour = 23;
			r.until.minute = 59;
			r.until.second = 59;
		} else if (icaltime_is_utc(r.until)) {
			struct civil c = { r.until.year, r.until.month, r.until.day,
			    r.until.hour, r.until.minute, r.until.second }, l;
			tz_utc_to_local(s->zone, civil_to_seconds(&c), &l);
			r.until.year = l.y;
			r.until.month = l.mo;
			r.until.day = l.d;
			r.until.hour = l.h;
			r.until.minute = l.mi;
			r.until.second = l.s;
		}
		r.until.zone = NULL;
		struct civil u = { r.until.year, r.until.month, r.until.day,
		    r.until.hour, r.until.minute, r.until.second };
		if (civil_to_seconds(&u) < end)
			end = civil_to_seconds(&u);
	}
	if (end < begin)
		return;		/* ends before it starts, or starts after the range */
	/* A rule that repeats itself every period starts whole periods on, near
	 * the range: a DAILY series from 1990 is not walked from 1990 again. */
	struct civil walk = dtstart->c;
	int64_t period = (int64_t)rrule_period_days(&r) * 86400;
	if (period > 0 && s->skip_to != INT64_MIN && s->skip_to - begin > period) {
		begin += (s->skip_to - begin) / period * period;
		civil_from_seconds(begin, &walk);
		if (end < begin)
			return;
	}
	if (rrule_never_occurs(&r, &dtstart->c)) {
		warn_event(s, "RRULE '%.80s' never occurs; only DTSTART counts",
		    rule_text);
		return;
	}
	double per_day = rrule_steps_per_day(&r);
	long left = budget_left(s->b), search = rrule_search_steps(&r);
	if (left <= search) {
		series_cut(s, rule, rule_text, begin);
		budget_use(s->b, left);
		return;
	}
	budget_use(s->b, search);
	left -= search;
	int clamped = (double)(end - begin) / 86400 * per_day > (double)left;
	if (clamped)
		end = begin + (int64_t)((double)left / per_day * 86400);
	r.until = wall_time(end, s->all_day);

	dt = tz_icaltime(&walk, s->all_day);
	/* DAILY and WEEKLY rules without ICU (model/rrule_walk.c), the
	 * others through libical's iterator. */
	int fast = rrule_walk_init(&w, &r, &walk, s->all_day);
	if (!fast && (it = icalrecur_iterator_new(r, dt)) == NULL) {
		warn_event(s, "RRULE '%.80s' cannot be expanded; only DTSTART counts",
		    rule_text);
		icalerror_clear_errno();
		return;
	}
	size_t first = s->n;
	long made = 0;
	int by_count = 0, cut = 0;
	for (;;) {
		struct civil c;
		if (fast ? !rrule_walk_next(&w, &c) :
		    icaltime_is_null_time(next = icalrecur_iterator_next(it))) {
			by_count = r.count > 0 && made >= r.count;
			break;
		}
		if (!fast)
			c = (struct civil){ next.year, next.month, next.day,
			    next.is_date ? 0 : next.hour, next.is_date ? 0 : next.minute,
			    next.is_date ? 0 : next.second };
		if (civil_to_seconds(&c) > bound)
			break;
		if (made >= left) {
			cut = 1;
			break;
		}
		series_add(s, &c);
		made++;
		last = civil_to_seconds(&c);
	}
	if (!fast)
		icalrecur_iterator_free(it);
	icalerror_clear_errno();
	/* Clamped, the rule was stopped unless its COUNT ended it first. */
	cut |= clamped && !by_count;
	double walked = (double)((by_count ? last : end) - begin) / 86400 * per_day;
	long used = cut ? left : walked > (double)made ? (long)walked : made;
	if (cut)
		series_cut(s, rule, rule_text, made >= left ? last : end);
	budget_use(s->b, used);
	/* libical skips a DTSTART the rule does not yield, but RFC 5545 §3.3.10
	 * counts DTSTART as the first of COUNT: the rule then gives one fewer. */
	if (by_count && s->n > first && !s->ev->rule_only) {
		int64_t key0 = s->v[0].key;	/* DTSTART, added first */
		int synced = 0;
		for (size_t i = first; i < s->n; i++)
			synced |= s->v[i].key == key0;
		if (!synced)
			s->n--;
	}
}

static int
inst_cmp(const void *a, const void *b)
{
	const struct inst *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->event < y->event ? -1 : x->event > y->event;
}

/* Key of a canonical value ("YYYYMMDD" or UTC "...Z") in series s. */
static int
series_key(const struct series *s, const char *canon, int64_t *key)
{
	struct tval v;

	if (tval_parse(canon, &v) != 0)
		return -1;
	if (s->all_day) {
		if (v.is_date)
			*key = days_from_civil(v.c.y, v.c.mo, v.c.d);
		else {
			struct civil l;
			tz_utc_to_local(s->zone, civil_to_seconds(&v.c), &l);
			*key = days_from_civil(l.y, l.mo, l.d);
		}
		return 0;
	}
	if (v.is_date)
		return 1;	/* a date against a date-time series: by local date */
	*key = civil_to_seconds(&v.c);
	return 0;
}

static int
local_date_is(const struct series *s, int64_t utc, const char *canon)
{
	struct civil l;
	struct tval v;

	if (tval_parse(canon, &v) != 0)
		return 0;
	tz_utc_to_local(s->zone, utc, &l);
	return l.y == v.c.y && l.mo == v.c.mo && l.d == v.c.d;
}

/* Add RDATEs: canonical instants, dates or periods; each is a step. */
static void
series_rdates(struct series *s)
{
	char *list = xstrdup(s->ev->rdates), *save = NULL;

	for (char *r = strtok_r(list, "\n", &save); r; r = strtok_r(NULL, "\n", &save)) {
		char *slash = strchr(r, '/');
		struct tval v;
		if (budget_left(s->b) == 0) {
			series_cut(s, -1, "its RDATEs", s->n ? s->v[s->n - 1].start : 0);
			break;
		}
		budget_use(s->b, 1);
		if (slash)
			*slash = '\0';
		if (tval_parse(r, &v) != 0) {
			warn_event(s, "RDATE '%.40s' cannot be read", r);
			continue;
		}
		if (s->all_day || v.is_date) {
			struct civil c = v.c;
			if (!v.is_date) {
				tz_utc_to_local(s->zone, civil_to_seconds(&v.c), &c);
				c.h = c.mi = c.s = 0;
			}
			if (!s->all_day) {
				/* A date in a date-time series: keep its time of day. */
				struct tval st;
				tval_parse(s->ev->dtstart, &st);
				c.h = st.c.h;
				c.mi = st.c.mi;
				c.s = st.c.s;
			}
			series_add(s, &c);
			continue;
		}
		int64_t start = civil_to_seconds(&v.c);
		struct civil local;
		tz_utc_to_local(s->zone, start, &local);
		series_add(s, &local);
		s->v[s->n - 1].start = s->v[s->n - 1].key = start;
		if (slash) {
			struct tval e;
			struct span sp;
			if (tval_parse(slash + 1, &e) == 0 && !e.is_date)
				s->v[s->n - 1].end = civil_to_seconds(&e.c);
			else if (span_parse(slash + 1, &sp) == 0)
				s->v[s->n - 1].end = span_end(s->zone, &local, start, &sp);
		}
	}
	free(list);
}

/* The first instance of s (sorted by key) whose key is at least key. */
static size_t
series_lower(const struct series *s, int64_t key)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Take out the instances a canonical value names (an EXDATE or the
 * RECURRENCE-ID of an override): by key, or a date against a date-time
 * series by local date. s is sorted by key, so this is a binary search. */
static void
series_drop(struct series *s, const char *canon)
{
	int64_t key;
	int rc = series_key(s, canon, &key);

	if (rc == 0) {
		for (size_t i = series_lower(s, key); i < s->n && s->v[i].key == key; i++)
			s->v[i].event = (size_t)-1;
	} else if (rc == 1) {
		struct tval v;
		if (tval_parse(canon, &v) != 0)
			return;
		/* Keys are UTC starts: the local day lies within a day of
		 * its UTC midnight either side. */
		int64_t day = civil_to_seconds(&v.c);
		for (size_t i = series_lower(s, day - 86400 * 2);
		    i < s->n && s->v[i].key < day + 86400 * 3; i++)
			if (local_date_is(s, s->v[i].start, canon))
				s->v[i].event = (size_t)-1;
	}
}

static void
series_exdates(struct series *s)
{
	char *list = xstrdup(s->ev->exdates), *save = NULL;

	for (char *x = strtok_r(list, "\n", &save); x; x = strtok_r(NULL, "\n", &save))
		series_drop(s, x);
	free(list);
}

/* Start and end of an event's own DTSTART/DTEND/DURATION; -1 when unusable.
 * An end before the start makes the event zero-length (*negative set, when
 * given). */
static int
event_times(struct series *s, const struct cal_event *ev, struct tval *st,
    icaltimezone **zone, struct span *sp, int64_t *start, int64_t *end,
    int *negative)
{
	int ok;

	if (*ev->dtstart == '\0')
		return -1;	/* undated: listed, never expanded */
	if (tval_parse(ev->dtstart, st) != 0) {
		warn_event(s, "DTSTART '%.40s' cannot be read; event skipped", ev->dtstart);
		return -1;
	}
	*zone = st->utc ? icaltimezone_get_utc_timezone() :
	    zone_for(s->zc, st->is_date ? "" : ev->start_tz, &ok);
	if (*zone == NULL) {
		warn_event(s, "time zone '%.60s' is unknown; event skipped", ev->start_tz);
		return -1;
	}
	memset(sp, 0, sizeof *sp);
	*start = st->is_date ? local_midnight(*zone,
	    days_from_civil(st->c.y, st->c.mo, st->c.d)) : tz_local_to_utc(*zone, &st->c);
	if (*ev->dtend) {
		struct tval en;
		if (tval_parse(ev->dtend, &en) != 0) {
			warn_event(s, "DTEND '%.40s' cannot be read; event skipped",
			    ev->dtend);
			return -1;
		}
		if (st->is_date)
			sp->days = days_from_civil(en.c.y, en.c.mo, en.c.d) -
			    days_from_civil(st->c.y, st->c.mo, st->c.d);
		else {
			icaltimezone *ez = en.utc ? icaltimezone_get_utc_timezone() :
			    zone_for(s->zc, en.is_date ? "" : ev->end_tz, &ok);
			if (ez == NULL)
				ez = *zone;
			sp->seconds = tz_local_to_utc(ez, &en.c) - *start;
		}
	} else if (*ev->duration) {
		if (span_parse(ev->duration, sp) != 0) {
			warn_event(s, "DURATION '%.40s' cannot be read; event skipped",
			    ev->duration);
			return -1;
		}
	} else if (st->is_date)
		sp->days = 1;	/* RFC 5545 §3.6.1: a DATE event lasts one day */
	if (sp->days < 0 || sp->seconds < 0) {
		if (negative)
			*negative = 1;
		sp->days = 0;
		sp->seconds = 0;
	}
	*end = span_end(*zone, &st->c, *start, sp);
	return 0;
}

static void
emit(struct occ_list *out, int64_t start, int64_t end, int all_day, size_t ev,
    int64_t from, int64_t to)
{
	int overlaps = end > start ? start < to && end > from :
	    start >= from && start < to;

	if (!overlaps)
		return;
	out->v = xgrow(out->v, &out->cap, out->n, sizeof *out->v);
	out->v[out->n++] = (struct occurrence){ start, end, all_day, ev };
}

static int
occ_cmp(const void *a, const void *b)
{
	const struct occurrence *x = a, *y = b;

	if (x->start_utc != y->start_utc)
		return x->start_utc < y->start_utc ? -1 : 1;
	if (x->event != y->event)
		return x->event < y->event ? -1 : 1;
	return x->end_utc < y->end_utc ? -1 : x->end_utc > y->end_utc;
}

static int
str_idx_cmp(const void *a, const void *b, void *arg)
{
	const struct calendar *cal = arg;
	const struct cal_event *x = &cal->events[*(const size_t *)a];
	const struct cal_event *y = &cal->events[*(const size_t *)b];
	int c = strcmp(x->uid, y->uid);

	if (c)
		return c;
	c = strcmp(x->recurrence_id, y->recurrence_id);
	if (c)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* A RANGE=THISANDFUTURE override: later instances move by shift and last length. */
struct range_ov {
	int64_t	key, shift, length;
	size_t	event;
	size_t	order;		/* among the overrides, to break ties as written */
};

static int
range_cmp(const void *a, const void *b)
{
	const struct range_ov *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Expand a master and its overrides (events idx[0..n), master first if any),
 * within the steps b has left. */
static void
expand_uid(const struct calendar *cal, struct zcache *zc, const size_t *idx,
    size_t n, int64_t from, int64_t to, struct budget *b, struct occ_list *out,
    struct pw_diags *warn)
{
	const struct cal_event *master = *cal->events[idx[0]].recurrence_id == '\0' ?
	    &cal->events[idx[0]] : NULL;
	size_t first_override = master ? 1 : 0;
	struct series s = { .cal = cal, .zc = zc, .from = from, .to = to, .warn = warn,
	    .b = b, .out = out, .skip_to = INT64_MIN };

	b->event_left = CAL_EVENT_STEPS;
	if (master && strcmp(master->status, "CANCELLED") != 0) {
		struct tval st;
		int64_t start, end;
		s.ev = master;
		s.evidx = idx[0];
		if (event_times(&s, master, &st, &s.zone, &s.span, &start, &end,
		    NULL) == 0) {
			s.all_day = st.is_date;
			/* What starts before from can still overlap it (by its
			 * length, a day either side for the zone), or be moved
			 * into it by a RANGE=THISANDFUTURE override: then every
			 * instance counts. */
			s.skip_to = from - s.span.days * 86400 - s.span.seconds -
			    86400 * 3;
			for (size_t k = first_override; k < n; k++)
				if (cal->events[idx[k]].range_future)
					s.skip_to = INT64_MIN;
			/* RFC 5545 §3.8.5.3: DTSTART is the first instance. */
			if (!master->rule_only || !*master->rrules)
				series_add(&s, &st.c);
			char *rules = xstrdup(master->rrules), *save = NULL;
			int k = 0;
			for (char *r = strtok_r(rules, "\n", &save); r;
			    r = strtok_r(NULL, "\n", &save))
				series_rrule(&s, r, &st, k++);
			free(rules);
			series_rdates(&s);
			if (s.n > 1)
				qsort(s.v, s.n, sizeof *s.v, inst_cmp);
			series_exdates(&s);
		}
	}

	/* Overrides replace the instance their RECURRENCE-ID names; one with
	 * RANGE=THISANDFUTURE also moves every later instance by its own shift
	 * and gives them its length (RFC 5545 §3.8.4.4); the latest such
	 * override before an instance is the one that applies. */
	struct range_ov *ranges = NULL;
	size_t nranges = 0, capranges = 0;
	for (size_t k = first_override; k < n; k++) {
		const struct cal_event *ov = &cal->events[idx[k]];
		int64_t key;
		int cancelled = strcmp(ov->status, "CANCELLED") == 0;
		struct series os = { .cal = cal, .zc = zc, .ev = ov, .warn = warn };
		struct tval ost;
		icaltimezone *oz;
		struct span osp;
		int64_t ostart = 0, oend = 0;

		if (!cancelled && event_times(&os, ov, &ost, &oz, &osp, &ostart, &oend,
		    NULL) != 0)
			continue;
		if (master && s.zone && series_key(&s, ov->recurrence_id, &key) == 0) {
			series_drop(&s, ov->recurrence_id);
			if (ov->range_future && !cancelled) {
				int64_t rid = s.all_day ? local_midnight(s.zone, key) : key;
				ranges = xgrow(ranges, &capranges, nranges, sizeof *ranges);
				ranges[nranges] = (struct range_ov){ key, ostart - rid,
				    oend - ostart, idx[k], nranges };
				nranges++;
			}
		}
		if (!cancelled)
			emit(out, ostart, oend, ost.is_date, idx[k], from, to);
	}
	/* Instances and ranges both by key: one pass finds each instance's
	 * latest range before it (the first written among equal keys). */
	if (nranges > 1)
		qsort(ranges, nranges, sizeof *ranges, range_cmp);
	const struct range_ov *best = NULL;
	for (size_t i = 0, r = 0; i < s.n && nranges > 0; i++) {
		for (; r < nranges && ranges[r].key < s.v[i].key; r++)
			if (best == NULL || ranges[r].key > best->key)
				best = &ranges[r];
		if (s.v[i].event == (size_t)-1 || best == NULL)
			continue;
		s.v[i].start += best->shift;
		s.v[i].end = s.v[i].start + best->length;
		s.v[i].event = best->event;
	}
	free(ranges);
	for (size_t i = 0; i < s.n; i++) {
		if (s.v[i].event == (size_t)-1)
			continue;
		if (i > 0 && s.v[i].key == s.v[i - 1].key && s.v[i - 1].event != (size_t)-1)
			continue;	/* RRULE and RDATE gave the same instance */
		emit(out, s.v[i].start, s.v[i].end, s.all_day, s.v[i].event, from, to);
	}
	free(s.v);
}

int
cal_expand(const struct calendar *cal, int64_t from, int64_t to,
    struct occ_list *out, struct pw_diags *warn)
{
	struct zcache zc;
	struct budget b = { CAL_EVENT_STEPS, CAL_CALENDAR_STEPS, 0 };
	size_t *idx, base = out->n;

	if (cal->nevents == 0)
		return 0;
	zcache_init(&zc, cal);
	if (zc.floating == NULL) {
		if (warn)
			pw_diags_add(warn, cal->path, 0, "time zone '%s' is unknown",
			    cal->float_tz);
		zcache_free(&zc);
		return -1;
	}
	idx = xmalloc(cal->nevents * sizeof *idx);
	for (size_t i = 0; i < cal->nevents; i++)
		idx[i] = i;
	qsort_r(idx, cal->nevents, sizeof *idx, str_idx_cmp, (void *)cal);
	for (size_t i = 0; i < cal->nevents;) {
		size_t j = i + 1;
		while (j < cal->nevents &&
		    strcmp(cal->events[idx[j]].uid, cal->events[idx[i]].uid) == 0)
			j++;
		expand_uid(cal, &zc, idx + i, j - i, from, to, &b, out, warn);
		i = j;
	}
	free(idx);
	zcache_free(&zc);
	if (b.cal_cuts > 0 && warn)
		pw_diags_add(warn, cal->path, 0, "calendar %.80s: expansion stopped at the "
		    "bound of %ld steps per calendar: %zu event%s miss%s occurrences",
		    cal->name ? cal->name : "", CAL_CALENDAR_STEPS, b.cal_cuts,
		    b.cal_cuts == 1 ? "" : "s", b.cal_cuts == 1 ? "es" : "");
	if (out->n > base + 1)
		qsort(out->v + base, out->n - base, sizeof *out->v, occ_cmp);
	return 0;
}

/* The event's first occurrence as event_times reads it (the calendar's
 * zones looked up once): 0 with start and end, -1 when its times cannot be
 * read; negative (when not NULL) says its end came before its start. */
static int
event_first(const struct calendar *cal, const struct cal_event *ev, int64_t *start,
    int64_t *end, int *negative)
{
	struct zcache zc;
	struct series s = { .cal = cal, .zc = &zc, .ev = ev };
	struct tval st;
	icaltimezone *zone;
	struct span sp;
	int rc = -1;

	*start = 0;
	*end = -1;
	zcache_init(&zc, cal);
	if (zc.floating != NULL)
		rc = event_times(&s, ev, &st, &zone, &sp, start, end, negative);
	zcache_free(&zc);
	return rc;
}

int
cal_event_ends_before_start(const struct calendar *cal, const struct cal_event *ev)
{
	int64_t start, end;
	int negative = 0;

	(void)event_first(cal, ev, &start, &end, &negative);
	return negative;
}

int64_t
cal_event_seconds(const struct calendar *cal, const struct cal_event *ev)
{
	int64_t start, end;

	return event_first(cal, ev, &start, &end, NULL) != 0 ? -1 : end - start;
}
