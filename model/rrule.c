/*
 * What an RRULE costs libical 3.0 to walk, and whether it can occur at all.
 *
 * libical's iterator tries candidates one by one: every second of a SECONDLY
 * rule, dropping those its BY parts refuse, until the next instance or UNTIL
 * (FREQ=SECONDLY;BYMONTH=3 from January tries 5 million seconds, 12 s, before
 * its first instance). recur.c sets UNTIL to where the steps it allows a rule
 * run out, from rrule_steps_per_day(). A MONTHLY or YEARLY rule that never
 * occurs is worse: libical searches month by month (year by year) until the
 * year 20000 whatever UNTIL says, 1 to 6 seconds in one call
 * (FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6, FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30), so
 * such a rule is found here, by RFC 5545 §3.3.10's rules for the days of a
 * month or year (BYSETPOS as libical counts it), before libical sees it.
 * docs/reliability.md has the timings.
 */
#include <stdlib.h>
#include <string.h>

#include "rrule.h"

/*
 * Candidates per day walked, by frequency, before the BYSECOND, BYMINUTE and
 * BYHOUR lists below the frequency multiply them. Sub-daily rules try every
 * unit; DAILY and WEEKLY every day (WEEKLY steps through its BYDAY list);
 * MONTHLY expands a month at a time (about 8 steps' worth of work a month,
 * only in the months BYMONTH lists), YEARLY a year at a time (about 8; 32 with
 * BYWEEKNO). A step is 5 to 15 microseconds of libical's time. INTERVAL is
 * ignored: a BY list makes libical step through the list whatever the
 * interval.
 */
static const struct freq_cost {
	icalrecurrencetype_frequency freq;
	double	per_day;
	int	below;		/* how many of BYSECOND, BYMINUTE, BYHOUR multiply */
} freq_costs[] = {
	{ ICAL_SECONDLY_RECURRENCE, 86400, 0 },
	{ ICAL_MINUTELY_RECURRENCE, 1440, 1 },
	{ ICAL_HOURLY_RECURRENCE, 24, 2 },
	{ ICAL_DAILY_RECURRENCE, 1, 3 },
	{ ICAL_WEEKLY_RECURRENCE, 1, 3 },
	{ ICAL_MONTHLY_RECURRENCE, 8.0 / 28, 3 },
	{ ICAL_YEARLY_RECURRENCE, 8.0 / 365, 3 },
};

/* Entries in a BY list (ICAL_RECURRENCE_ARRAY_MAX ends it). */
static int
by_count(const short *v, int max)
{
	int n = 0;

	while (n < max && v[n] != ICAL_RECURRENCE_ARRAY_MAX)
		n++;
	return n;
}

int
rrule_yearly_changes(const struct icalrecurrencetype *r)
{
	if (r->freq != ICAL_YEARLY_RECURRENCE ||
	    by_count(r->by_second, ICAL_BY_SECOND_SIZE) ||
	    by_count(r->by_minute, ICAL_BY_MINUTE_SIZE) ||
	    by_count(r->by_hour, ICAL_BY_HOUR_SIZE) ||
	    by_count(r->by_year_day, ICAL_BY_YEARDAY_SIZE) ||
	    by_count(r->by_week_no, ICAL_BY_WEEKNO_SIZE) ||
	    by_count(r->by_set_pos, ICAL_BY_SETPOS_SIZE) ||
	    by_count(r->by_month, ICAL_BY_MONTH_SIZE) > 1 ||
	    by_count(r->by_day, ICAL_BY_DAY_SIZE) > 1)
		return -1;
	int n = by_count(r->by_month_day, ICAL_BY_MONTHDAY_SIZE);
	return n ? n : 1;
}

/* As a multiplier: an empty list takes DTSTART's one value. */
static int
by_size(const short *v, int max)
{
	int n = by_count(v, max);

	return n > 0 ? n : 1;
}

/* Instances a day of the rule's BYHOUR, BYMINUTE and BYSECOND lists makes. */
static double
times_per_day(const struct icalrecurrencetype *r, int below)
{
	const int sizes[] = { by_size(r->by_second, ICAL_BY_SECOND_SIZE),
	    by_size(r->by_minute, ICAL_BY_MINUTE_SIZE),
	    by_size(r->by_hour, ICAL_BY_HOUR_SIZE) };
	double n = 1;

	for (int k = 0; k < below && k < 3; k++)
		n *= sizes[k];
	return n;
}

double
rrule_steps_per_day(const struct icalrecurrencetype *r)
{
	double per_day = 86400;

	for (size_t i = 0; i < sizeof freq_costs / sizeof freq_costs[0]; i++)
		if (freq_costs[i].freq == r->freq) {
			per_day = freq_costs[i].per_day *
			    times_per_day(r, freq_costs[i].below);
			break;
		}
	if (rrule_search_steps(r) > 0)
		per_day *= 4;
	/* libical visits only the months BYMONTH lists. */
	int nmonths = by_count(r->by_month, ICAL_BY_MONTH_SIZE);
	if (r->freq == ICAL_MONTHLY_RECURRENCE && nmonths > 0 && nmonths < 12)
		per_day = per_day * nmonths / 12;
	return per_day < 86400 ? per_day : 86400;
}

long
rrule_search_steps(const struct icalrecurrencetype *r)
{
	if (r->freq == ICAL_YEARLY_RECURRENCE &&
	    by_count(r->by_week_no, ICAL_BY_WEEKNO_SIZE) > 0)
		return 60000;
	return 0;
}

long
rrule_period_days(const struct icalrecurrencetype *r)
{
	long interval = r->interval > 0 ? r->interval : 1;

	if (r->count != 0 || r->rscale != NULL ||
	    by_count(r->by_month, ICAL_BY_MONTH_SIZE) > 0 ||
	    by_count(r->by_month_day, ICAL_BY_MONTHDAY_SIZE) > 0 ||
	    by_count(r->by_year_day, ICAL_BY_YEARDAY_SIZE) > 0 ||
	    by_count(r->by_week_no, ICAL_BY_WEEKNO_SIZE) > 0 ||
	    by_count(r->by_set_pos, ICAL_BY_SETPOS_SIZE) > 0)
		return 0;
	if (r->freq == ICAL_DAILY_RECURRENCE &&
	    by_count(r->by_day, ICAL_BY_DAY_SIZE) == 0)
		return interval;
	if (r->freq == ICAL_WEEKLY_RECURRENCE)
		return 7 * interval;
	return 0;
}

/* ---- whether a MONTHLY or YEARLY rule can occur ------------------------- */

/* 0 Sunday .. 6 Saturday. */
static int
weekday(int y, int m, int d)
{
	long days = days_from_civil(y, m, d);

	return (int)(((days % 7) + 7 + 4) % 7);	/* 1970-01-01 was a Thursday */
}

/*
 * Apply BYDAY to the days [first, last] of mark (day numbers within a month or
 * a year; first has weekday wfirst): an ordinal counts within that span (1MO
 * the first Monday, -1MO the last). Limiting (with BYMONTHDAY or BYYEARDAY)
 * keeps only marked days that match; otherwise the matches are marked.
 */
static void
apply_byday(const struct icalrecurrencetype *r, int first, int last, int wfirst,
    char *mark, int limiting)
{
	char match[367] = { 0 };

	for (int i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX;
	    i++) {
		int dow = (int)icalrecurrencetype_day_day_of_week(r->by_day[i]) - 1;
		int pos = icalrecurrencetype_day_position(r->by_day[i]);
		if (dow < 0 || dow > 6)
			continue;
		int f = first + (dow - wfirst + 7) % 7;
		int wlast = (wfirst + last - first) % 7;
		int l = last - (wlast - dow + 7) % 7;
		if (pos == 0) {
			for (int d = f; d <= last; d += 7)
				match[d] = 1;
		} else if (pos > 0) {
			int d = f + (pos - 1) * 7;
			if (d <= last)
				match[d] = 1;
		} else {
			int d = l + (pos + 1) * 7;
			if (d >= first)
				match[d] = 1;
		}
	}
	for (int d = first; d <= last; d++)
		mark[d] = limiting ? mark[d] && match[d] : mark[d] || match[d];
}

/* Mark BYMONTHDAY's days of month m of year y at doy offset off. */
static void
mark_monthdays(const struct icalrecurrencetype *r, int y, int m, int off, char *mark)
{
	int len = days_in_month(y, m);

	for (int i = 0; i < ICAL_BY_MONTHDAY_SIZE &&
	    r->by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
		int v = r->by_month_day[i], d = v > 0 ? v : len + 1 + v;
		if (d >= 1 && d <= len)
			mark[off + d] = 1;
	}
}

static int
count_marks(const char *mark, int n)
{
	int c = 0;

	for (int d = 1; d <= n; d++)
		c += mark[d] != 0;
	return c;
}

/* Whether a set of n days survives BYSETPOS. libical picks days, not the
 * instances of their times as RFC 5545 §3.3.10 says: with BYHOUR=9,17 and
 * five Mondays, BYSETPOS=10 is a day libical never finds (searching until
 * the year 20000 for it), so days are what count here. */
static int
setpos_keeps(const struct icalrecurrencetype *r, int n)
{
	if (n == 0)
		return 0;
	if (by_count(r->by_set_pos, ICAL_BY_SETPOS_SIZE) == 0)
		return 1;
	for (int i = 0; i < ICAL_BY_SETPOS_SIZE &&
	    r->by_set_pos[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
		int p = abs(r->by_set_pos[i]);
		if (p >= 1 && p <= n)
			return 1;
	}
	return 0;
}

/* The days of month m of year y: 1 some, 0 none, -1 not judged here. */
static int
month_occurs(const struct icalrecurrencetype *r, int y, int m, const struct civil *ds)
{
	char mark[33] = { 0 };
	int len = days_in_month(y, m);
	int nmd = by_count(r->by_month_day, ICAL_BY_MONTHDAY_SIZE);
	int nday = by_count(r->by_day, ICAL_BY_DAY_SIZE);

	if (by_count(r->by_year_day, ICAL_BY_YEARDAY_SIZE) > 0 ||
	    by_count(r->by_week_no, ICAL_BY_WEEKNO_SIZE) > 0)
		return -1;	/* libical refuses these at once */
	if (nmd > 0)
		mark_monthdays(r, y, m, 0, mark);
	if (nday > 0)
		apply_byday(r, 1, len, weekday(y, m, 1), mark, nmd > 0);
	if (nmd == 0 && nday == 0 && ds->d <= len)
		mark[ds->d] = 1;	/* the day of DTSTART */
	return setpos_keeps(r, count_marks(mark, len));
}

/* The days of year y: 1 some, 0 none, -1 not judged here. Without BYMONTH,
 * libical takes DTSTART's month unless BYDAY alone picks days of the year
 * (FREQ=YEARLY;BYMONTHDAY=31 from 28 February never occurs in libical, where
 * RFC 5545 readers such as python-dateutil find every 31st). */
static int
year_occurs(const struct icalrecurrencetype *r, int y, const struct civil *ds)
{
	char mark[368] = { 0 };
	int n = days_in_month(y, 2) == 29 ? 366 : 365;
	int nmon = by_count(r->by_month, ICAL_BY_MONTH_SIZE);
	int nmd = by_count(r->by_month_day, ICAL_BY_MONTHDAY_SIZE);
	int nday = by_count(r->by_day, ICAL_BY_DAY_SIZE);
	int nyd = by_count(r->by_year_day, ICAL_BY_YEARDAY_SIZE);

	if (by_count(r->by_week_no, ICAL_BY_WEEKNO_SIZE) > 0 ||
	    (nyd > 0 && (nmon > 0 || nmd > 0)))
		return -1;	/* week numbers; what libical refuses at once */
	if (nyd > 0) {
		for (int i = 0; i < nyd; i++) {
			int v = r->by_year_day[i], d = v > 0 ? v : n + 1 + v;
			if (d >= 1 && d <= n)
				mark[d] = 1;
		}
		if (nday > 0)
			apply_byday(r, 1, n, weekday(y, 1, 1), mark, 1);
		return setpos_keeps(r, count_marks(mark, n));
	}
	int in_year = nmon == 0 && nmd == 0 && nday > 0;	/* 20MO: the year's */
	for (int m = 1; m <= 12 && !in_year; m++) {
		int listed = nmon == 0 && m == ds->mo;	/* DTSTART's month */
		for (int i = 0; i < nmon; i++)
			listed |= r->by_month[i] == m;
		if (!listed)
			continue;
		int off = (int)(days_from_civil(y, m, 1) - days_from_civil(y, 1, 1));
		if (nmd > 0)
			mark_monthdays(r, y, m, off, mark);
		else if (nday == 0 && ds->d <= days_in_month(y, m))
			mark[off + ds->d] = 1;	/* the day of DTSTART */
		if (nday > 0)			/* 1MO: the month's */
			apply_byday(r, off + 1, off + days_in_month(y, m),
			    weekday(y, m, 1), mark, nmd > 0);
	}
	if (in_year)
		apply_byday(r, 1, n, weekday(y, 1, 1), mark, 0);
	return setpos_keeps(r, count_marks(mark, n));
}

int
rrule_never_occurs(const struct icalrecurrencetype *r, const struct civil *ds)
{
	int interval = r->interval > 0 ? r->interval : 1;
	int nmon = by_count(r->by_month, ICAL_BY_MONTH_SIZE);
	long last = (long)ds->y + 400;

	if (r->rscale != NULL || r->skip != ICAL_SKIP_OMIT)
		return 0;	/* RFC 7529 calendars and skipping: not judged here */
	if (r->freq == ICAL_YEARLY_RECURRENCE) {
		for (long y = ds->y; y <= last; y += interval)
			if (year_occurs(r, (int)y, ds) != 0)
				return 0;
		return 1;
	}
	if (r->freq != ICAL_MONTHLY_RECURRENCE)
		return 0;
	if (nmon > 0) {
		/* libical steps through BYMONTH, whatever the interval. */
		for (long y = ds->y; y <= last; y++)
			for (int i = 0; i < nmon; i++) {
				int m = r->by_month[i];
				if (m < 1 || m > 12 || (y == ds->y && m < ds->mo))
					continue;
				if (month_occurs(r, (int)y, m, ds) != 0)
					return 0;
			}
		return 1;
	}
	for (long k = (long)ds->y * 12 + ds->mo - 1; k <= last * 12 + 11; k += interval)
		if (month_occurs(r, (int)(k / 12), (int)(k % 12) + 1, ds) != 0)
			return 0;
	return 1;
}
