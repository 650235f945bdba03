/* DAILY and WEEKLY rules walked on the Gregorian calendar alone, without
 * libical's iterator (which, built with RSCALE, goes through an ICU Calendar
 * for every candidate): the instances libical would give, in the same order. */
#ifndef PW_RRULE_WALK_H
#define PW_RRULE_WALK_H

#include <stdint.h>

#include <libical/ical.h>

#include "civil.h"

/* Where a walk is; filled by rrule_walk_init, advanced by rrule_walk_next. */
struct rrule_walk {
	long	 day;		/* the candidate day (days since 1970-01-01) */
	long	 first_day;	/* DTSTART's day: nothing before it */
	long	 step;		/* DAILY: days between candidates; WEEKLY: 7 x INTERVAL */
	long	 week;		/* WEEKLY: the WKST day that starts the candidate's week */
	int	 weekly;
	int	 weekno;	/* YEARLY with BYWEEKNO: every day is a candidate */
	int	 wkst;		/* the week's first day, 0 Sunday (BYWEEKNO) */
	uint64_t weeks_pos;	/* BYWEEKNO n > 0: bit n */
	uint64_t weeks_neg;	/* BYWEEKNO -n: bit n */
	unsigned mask;		/* weekdays BYDAY keeps, bit 0 Sunday; 0x7f: all */
	int	 h, mi, s;	/* the time of day of every instance */
	int	 is_date;
	long	 count_left;	/* COUNT still to give; -1: no COUNT */
	long	 until_day;	/* last day an instance may have (LONG_MAX: none) */
	int64_t	 until_s;	/* on until_day, the latest wall time (date-times) */
};

/* 1 when rule r from start (wall clock; a date when is_date) is a DAILY or
 * WEEKLY rule this walker gives exactly as libical does (or, INTERVAL>1
 * weeks from a day not the week's first BYDAY day, as RFC 5545 §3.3.10
 * says and libical does not), or a YEARLY rule of BYWEEKNO, BYDAY weekdays
 * (else DTSTART's) and WKST alone, INTERVAL 1, which libical gets wrong
 * (days not in BYDAY, weeks missed at the year's ends): RFC 5545's weeks,
 * week 1 the first with four days in its year. w then set at the
 * first candidate; 0 when libical must walk it (any BY part but BYDAY
 * weekdays, RSCALE, an ordinal in BYDAY). */
int	rrule_walk_init(struct rrule_walk *w, const struct icalrecurrencetype *r,
	    const struct civil *start, int is_date);

/* The next instance into *c; 0 when the rule has no more (COUNT, UNTIL). */
int	rrule_walk_next(struct rrule_walk *w, struct civil *c);

#endif
