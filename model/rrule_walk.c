/*
 * DAILY and WEEKLY rules walked on the Gregorian calendar alone.
 *
 * Debian's libical is built with RSCALE (RFC 7529), so its iterator keeps an
 * ICU Calendar and every candidate it tries is an ICU field computation: a
 * third of expanding a calendar of weekly maintenance. The rules calendars
 * mostly hold (FREQ=DAILY or WEEKLY, INTERVAL, BYDAY weekdays, WKST, COUNT,
 * UNTIL; RFC 5545 §3.3.10) need none of that: a day number and a weekday
 * mask give the same instances in the same order (and, for INTERVAL>1 weeks
 * from a day that is not the week's first BYDAY day, RFC 5545's, where
 * libical's are a week or more off). Every other rule is refused here and
 * libical walks it. tests/test_recur.c compares this walker with libical's
 * iterator over thousands of rules, and with the RFC's weeks.
 */
#include <limits.h>
#include <string.h>

#include "rrule_walk.h"

/* 0 Sunday .. 6 Saturday. */
static int
weekday_of(long day)
{
	return (int)(((day % 7) + 7 + 4) % 7);	/* 1970-01-01 was a Thursday */
}

static int
by_empty(const short *v)
{
	return v[0] == ICAL_RECURRENCE_ARRAY_MAX;
}

/* The first day of week 1 of year y, weeks starting on weekday wkst: week
 * 1 is the first with at least four days in y (RFC 5545 §3.3.10). */
static long
week_one(int y, int wkst)
{
	long jan1 = days_from_civil(y, 1, 1);
	int before = (weekday_of(jan1) - wkst + 7) % 7;	/* days of its week in y-1 */

	return jan1 - before + (7 - before < 4 ? 7 : 0);
}

/* Whether day d is in a week BYWEEKNO names: its number n in the year its
 * week belongs to, or n - (weeks of that year + 1) from the end. */
static int
weekno_matches(const struct rrule_walk *w, long d)
{
	int y, m, dd;

	civil_from_days(d, &y, &m, &dd);
	long first = week_one(y + 1, w->wkst);
	if (d >= first)
		y++;
	else if (d < (first = week_one(y, w->wkst)))
		first = week_one(--y, w->wkst);
	long n = (d - first) / 7 + 1, weeks = (week_one(y + 1, w->wkst) - first) / 7;
	return (w->weeks_pos >> n & 1) || (w->weeks_neg >> (weeks + 1 - n) & 1);
}

/* A YEARLY rule of BYWEEKNO, BYDAY weekdays and WKST alone (INTERVAL 1):
 * its weeks into w. 1 taken, 0 libical's. */
static int
weekno_init(struct rrule_walk *w, const struct icalrecurrencetype *r)
{
	if (r->freq != ICAL_YEARLY_RECURRENCE || r->interval > 1 ||
	    by_empty(r->by_week_no))
		return 0;
	for (int i = 0; i < ICAL_BY_WEEKNO_SIZE &&
	    r->by_week_no[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
		int n = r->by_week_no[i];
		if (n >= 1 && n <= 53)
			w->weeks_pos |= (uint64_t)1 << n;
		else if (n <= -1 && n >= -53)
			w->weeks_neg |= (uint64_t)1 << -n;
		else
			return 0;
	}
	w->weekno = 1;
	w->wkst = r->week_start - 1;
	return 1;
}

int
rrule_walk_init(struct rrule_walk *w, const struct icalrecurrencetype *r,
    const struct civil *start, int is_date)
{
	long interval = r->interval > 0 ? r->interval : 1;

	memset(w, 0, sizeof *w);
	if ((r->freq != ICAL_DAILY_RECURRENCE && r->freq != ICAL_WEEKLY_RECURRENCE &&
	    !weekno_init(w, r)) ||
	    r->rscale != NULL || !by_empty(r->by_second) || !by_empty(r->by_minute) ||
	    !by_empty(r->by_hour) || !by_empty(r->by_month_day) ||
	    !by_empty(r->by_year_day) || (!w->weekno && !by_empty(r->by_week_no)) ||
	    !by_empty(r->by_month) || !by_empty(r->by_set_pos) ||
	    r->week_start < ICAL_SUNDAY_WEEKDAY || r->week_start > ICAL_SATURDAY_WEEKDAY ||
	    !civil_valid(start) || start->y < 1900 || start->y > 2500)
		return 0;
	for (int i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX;
	    i++) {
		if (icalrecurrencetype_day_position(r->by_day[i]) != 0)
			return 0;
		w->mask |= 1u << (icalrecurrencetype_day_day_of_week(r->by_day[i]) - 1);
	}
	w->first_day = w->day = days_from_civil(start->y, start->mo, start->d);
	w->is_date = is_date;
	if (!is_date) {
		w->h = start->h;
		w->mi = start->mi;
		w->s = start->s;
	}
	w->count_left = r->count > 0 ? r->count : -1;
	w->until_day = LONG_MAX;
	if (!icaltime_is_null_time(r->until)) {
		/* Compared as libical compares: dates with dates, wall-clock
		 * times with wall-clock times; anything else is libical's. */
		if (r->until.zone != NULL || r->until.is_date != is_date ||
		    r->until.year < 1900 || r->until.year > 2500)
			return 0;
		w->until_day = days_from_civil(r->until.year, r->until.month, r->until.day);
		w->until_s = (int64_t)r->until.hour * 3600 + r->until.minute * 60 +
		    r->until.second;
	}
	if (w->weekno) {
		/* Every day from DTSTART, kept by its weekday and its week;
		 * without BYDAY, DTSTART's weekday (RFC 5545 §3.3.10). */
		w->step = 1;
		if (w->mask == 0)
			w->mask = 1u << weekday_of(w->day);
	} else if (r->freq == ICAL_WEEKLY_RECURRENCE) {
		int wkst = r->week_start - 1;
		w->weekly = 1;
		w->step = 7 * interval;
		if (w->mask == 0)
			w->mask = 1u << weekday_of(w->day);
		/* The week of DTSTART (from WKST) is the first: RFC 5545
		 * §3.3.10, as python-dateutil and recurring-ical-events. With
		 * INTERVAL above 1, libical 3.0 finds the first week wrongly
		 * when DTSTART is not the week's first BYDAY day
		 * (FREQ=WEEKLY;INTERVAL=2;BYDAY=SU from Wednesday 2020-01-01,
		 * every policy window's anchor: 2020-01-12, not 2020-01-05),
		 * so these are walked here too, never by libical. */
		w->week = w->day - (weekday_of(w->day) - wkst + 7) % 7;
		w->day = w->week;
	} else {
		w->step = interval;
		if (w->mask == 0)
			w->mask = 0x7f;
		/* Every INTERVAL days from a weekday BYDAY refuses, on that
		 * weekday alone: no instance ever. */
		if (interval % 7 == 0 && !(w->mask & 1u << weekday_of(w->day)))
			w->count_left = 0;
	}
	return 1;
}

int
rrule_walk_next(struct rrule_walk *w, struct civil *c)
{
	long d;

	for (;;) {
		if (w->count_left == 0)
			return 0;
		if (w->weekly) {
			if (w->day >= w->week + 7) {
				w->week += w->step;
				w->day = w->week;
			}
			d = w->day++;
			if (d < w->first_day)
				continue;
		} else {
			d = w->day;
			w->day += w->step;
		}
		if (d > w->until_day && w->weekno) {
			w->count_left = 0;	/* no candidate ends it */
			return 0;
		}
		if (!(w->mask & 1u << weekday_of(d)) || (w->weekno && !weekno_matches(w, d)))
			continue;
		if (d > w->until_day || (d == w->until_day && !w->is_date &&
		    (int64_t)w->h * 3600 + w->mi * 60 + w->s > w->until_s)) {
			w->count_left = 0;
			return 0;
		}
		if (w->count_left > 0)
			w->count_left--;
		civil_from_days(d, &c->y, &c->mo, &c->d);
		c->h = w->h;
		c->mi = w->mi;
		c->s = w->s;
		return 1;
	}
}
