/* Zone lookup and RFC 5545 local-time resolution. libical's own
 * icaltime_as_timet_with_zone() resolves DST gaps with the offset after the gap
 * and folds with the second occurrence, both against RFC 5545 §3.3.5, so the
 * resolution is done here from libical's offsets at UTC instants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "rrule.h"
#include "tz.h"
#include "tzmap_data.h"

const char *
tz_windows_to_iana(const char *name)
{
	size_t lo = 0, hi = nwinzones;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(winzones[mid].windows, name);
		if (c == 0)
			return winzones[mid].iana;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Any case: every name, in turn. No Windows name has a '/' (the table
	 * is checked once), so an IANA name, asked for every event of an
	 * imported calendar, is not compared with each. */
	static int slashes = -1;
	if (slashes < 0) {
		slashes = 0;
		for (size_t i = 0; i < nwinzones; i++)
			slashes |= strchr(winzones[i].windows, '/') != NULL;
	}
	if (!slashes && strchr(name, '/') != NULL)
		return NULL;
	for (size_t i = 0; i < nwinzones; i++)
		if (strcasecmp(winzones[i].windows, name) == 0)
			return winzones[i].iana;
	return NULL;
}

/* libical finds a built-in zone by comparing the name with each of its 600
 * in turn, and a deadline asks for the policy's zone once per patch: the
 * last few answers (found or not) are kept. The zones live as long as the
 * process. */
#define TZ_CACHE	8

static icaltimezone *
builtin_cached(const char *iana)
{
	static struct { char name[64]; icaltimezone *zone; } cache[TZ_CACHE];
	static unsigned next;
	size_t n = strlen(iana);

	for (unsigned i = 0; i < TZ_CACHE; i++)
		if (cache[i].name[0] && strcmp(cache[i].name, iana) == 0)
			return cache[i].zone;
	icaltimezone *z = icaltimezone_get_builtin_timezone(iana);
	if (n < sizeof cache[0].name) {
		memcpy(cache[next].name, iana, n + 1);
		cache[next].zone = z;
		next = (next + 1) % TZ_CACHE;
	}
	return z;
}

/* Whether s is shaped as an IANA zone name: components of ASCII letters,
 * digits, '_', '-' and '+' joined by single '/', 64 bytes at most.
 * libical opens /usr/share/zoneinfo/NAME, so a TZID of an imported calendar
 * such as "/../../../tmp/fifo" was opened (a FIFO waited on for ever). */
static int
iana_shaped(const char *s)
{
	size_t n = 0, len = 0;

	for (const char *p = s; *p; p++, len++) {
		char ch = *p;
		if (ch == '/') {
			if (n == 0)
				return 0;
			n = 0;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '+'))
			return 0;
		n++;
	}
	return n > 0 && len <= 64;
}

icaltimezone *
tz_builtin(const char *iana)
{
	if (iana == NULL)
		return NULL;
	while (*iana == '/')
		iana++;
	if (!iana_shaped(iana))
		return NULL;
	if (strcmp(iana, "UTC") == 0 || strcmp(iana, "Etc/UTC") == 0 ||
	    strcmp(iana, "GMT") == 0 || strcmp(iana, "Z") == 0)
		return icaltimezone_get_utc_timezone();
	return builtin_cached(iana);
}

const char *
tz_resolve_name(const char *tzid)
{
	icaltimezone *z;
	const char *w;

	if ((w = tz_windows_to_iana(tzid)) != NULL && tz_builtin(w) != NULL)
		return w;
	/* Mozilla and old libical write "/softwarestudio.org/Olson_.../Area/City":
	 * drop leading components until an IANA name remains. */
	for (const char *p = tzid; p != NULL; p = strchr(p + 1, '/')) {
		if ((z = tz_builtin(p)) != NULL) {
			if (z == icaltimezone_get_utc_timezone())
				return "UTC";
			return icaltimezone_get_location(z);
		}
	}
	return NULL;
}

struct icaltimetype
tz_icaltime(const struct civil *c, int is_date)
{
	struct icaltimetype t = icaltime_null_time();

	t.year = c->y;
	t.month = c->mo;
	t.day = c->d;
	if (is_date)
		t.is_date = 1;
	else {
		t.hour = c->h;
		t.minute = c->mi;
		t.second = c->s;
	}
	return t;
}

int
tz_offset_at(icaltimezone *z, int64_t utc)
{
	struct icaltimetype t;
	struct civil c;
	int dst = 0;

	if (z == NULL || z == icaltimezone_get_utc_timezone())
		return 0;
	civil_from_seconds(utc, &c);
	t = tz_icaltime(&c, 0);
	t.zone = icaltimezone_get_utc_timezone();
	return icaltimezone_get_utc_offset_of_utc_time(z, &t, &dst);
}

/* The instants a wall-clock time may mean: with the offset in force a day
 * before and a day after (zones never change offset twice within two days),
 * and whether each really shows that wall time. */
static void
candidates(icaltimezone *z, int64_t wall, int64_t *before, int *ok_before,
    int64_t *after, int *ok_after)
{
	*before = wall - tz_offset_at(z, wall - 86400);
	*after = wall - tz_offset_at(z, wall + 86400);
	*ok_before = *before + tz_offset_at(z, *before) == wall;
	*ok_after = *after + tz_offset_at(z, *after) == wall;
}

int64_t
tz_local_to_utc(icaltimezone *z, const struct civil *c)
{
	int64_t wall = civil_to_seconds(c);
	int64_t before, after;
	int ok_before, ok_after;

	if (z == NULL || z == icaltimezone_get_utc_timezone())
		return wall;
	candidates(z, wall, &before, &ok_before, &after, &ok_after);
	if (ok_before && ok_after)
		return before < after ? before : after;	/* fold: first */
	if (ok_before)
		return before;
	if (ok_after)
		return after;
	return before;		/* gap: the offset before the gap */
}

enum tz_local
tz_local_kind(icaltimezone *z, const struct civil *c)
{
	int64_t before, after;
	int ok_before, ok_after;

	if (z == NULL || z == icaltimezone_get_utc_timezone())
		return TZ_LOCAL_ONCE;
	candidates(z, civil_to_seconds(c), &before, &ok_before, &after, &ok_after);
	if (!ok_before && !ok_after)
		return TZ_LOCAL_GAP;
	if (ok_before && ok_after && before != after)
		return TZ_LOCAL_FOLD;
	return TZ_LOCAL_ONCE;
}

void
tz_utc_to_local(icaltimezone *z, int64_t utc, struct civil *c)
{
	civil_from_seconds(utc + tz_offset_at(z, utc), c);
}

void
tz_format(icaltimezone *z, int64_t utc, int end_of_day, char *out, size_t n)
{
	struct civil c;

	/* The end of a day: the second before is its last, 23:59:59 (its
	 * midnight, or where midnight is a DST gap, as in Santiago, the
	 * instant after it). */
	if (end_of_day) {
		tz_utc_to_local(z, utc - 1, &c);
		if (c.h == 23 && c.mi == 59 && c.s == 59)
			utc--;
		else
			end_of_day = 0;
	}
	if (!end_of_day)
		tz_utc_to_local(z, utc, &c);
	int off = tz_offset_at(z, utc);
	snprintf(out, n, "%04d-%02d-%02d %02d:%02d%c%02d:%02d", c.y % 10000, c.mo % 100,
	    c.d % 100, end_of_day ? 24 : c.h % 100, end_of_day ? 0 : c.mi % 100,
	    off < 0 ? '-' : '+', abs(off) / 3600, abs(off) % 3600 / 60);
}

void
tz_local_times(struct buf *out, const char *text, icaltimezone *z)
{
	const char *p = text;

	while (*p) {
		struct civil c = { 0 };
		char zc;
		int used = 0;
		if (p[0] >= '0' && p[0] <= '9' && sscanf(p, "%4d-%2d-%2dT%2d:%2d:%2d%c%n",
		    &c.y, &c.mo, &c.d, &c.h, &c.mi, &c.s, &zc, &used) == 7 && zc == 'Z' &&
		    used == 20) {
			/* A deadline is an end of day; a release, a start: only
			 * what the sentence calls a deadline is spelt as one. */
			size_t at = (size_t)(p - text);
			int due = (at >= 9 && strncmp(p - 9, "deadline ", 9) == 0) ||
			    (at >= 4 && strncmp(p - 4, "due ", 4) == 0);
			char t[64];
			tz_format(z, civil_to_seconds(&c), due, t, sizeof t);
			buf_adds(out, t);
			p += used;
			continue;
		}
		buf_addc(out, *p++);
	}
}

int
tz_vtimezone_bounded(icalcomponent *vtz, long *changes, char *why, size_t n)
{
	int rules = 0;

	*changes = 0;
	for (icalcomponent *o = icalcomponent_get_first_component(vtz,
	    ICAL_ANY_COMPONENT); o != NULL; o = icalcomponent_get_next_component(vtz,
	    ICAL_ANY_COMPONENT)) {
		icalcomponent_kind k = icalcomponent_isa(o);
		const char *name = k == ICAL_XSTANDARD_COMPONENT ? "STANDARD" :
		    "DAYLIGHT";
		if (k != ICAL_XSTANDARD_COMPONENT && k != ICAL_XDAYLIGHT_COMPONENT)
			continue;
		/* Before the walk of its RRULEs: it walks the properties too. */
		int from = icalcomponent_get_dtstart(o).year;
		for (icalproperty *p = icalcomponent_get_first_property(o,
		    ICAL_RRULE_PROPERTY); p != NULL;
		    p = icalcomponent_get_next_property(o, ICAL_RRULE_PROPERTY)) {
			struct icalrecurrencetype r = icalproperty_get_rrule(p);
			if (++rules > 10) {
				snprintf(why, n, "more than 10 RRULEs in its observances");
				return 0;
			}
			if (r.freq != ICAL_YEARLY_RECURRENCE) {
				snprintf(why, n, "a %s observance recurs other than "
				    "yearly (FREQ=%s)", name,
				    icalrecur_freq_to_string(r.freq));
				return 0;
			}
			int yearly = rrule_yearly_changes(&r);
			if (yearly < 0 || yearly > 7) {
				snprintf(why, n, "a %s observance's RRULE changes more "
				    "than seven times a year (at most one BYMONTH and "
				    "one BYDAY, seven BYMONTHDAY, nothing finer)", name);
				return 0;
			}
			if (from < 2100)
				*changes += (long)yearly * (2100 - (from > 0 ? from : 0));
		}
	}
	return 1;
}
