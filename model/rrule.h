/* What an RRULE costs libical to walk, and whether it can occur at all: the
 * bounds of model/recur.c and the checks of import/ical.c (calendar.h). */
#ifndef PW_RRULE_H
#define PW_RRULE_H

#include <libical/ical.h>

#include "civil.h"

/* An upper bound on the candidates libical's iterator tries (made or dropped)
 * per day of wall-clock time it walks for rule r; at most one a second. */
double	rrule_steps_per_day(const struct icalrecurrencetype *r);

/* Steps libical may take before the first instance of rule r whatever UNTIL
 * says: YEARLY with BYWEEKNO, whose weeks libical 3.0 numbers wrongly near the
 * year's end (FREQ=YEARLY;BYWEEKNO=53;BYDAY=WE;WKST=SA), can search until the
 * year 20000 for one (0.4 to 0.7 s); 0 for other rules. */
long	rrule_search_steps(const struct icalrecurrencetype *r);

/* At most how many instances a year rule r makes when FREQ=YEARLY with
 * nothing finer than a day (BYHOUR, BYMINUTE, BYSECOND, BYYEARDAY, BYWEEKNO,
 * BYSETPOS) and at most one BYMONTH and BYDAY: its BYMONTHDAY's count, one
 * for none; else -1. A VTIMEZONE's observances are read only when small
 * (model/tz.c). */
int	rrule_yearly_changes(const struct icalrecurrencetype *r);

/* The days after which rule r repeats itself exactly, so that its iteration
 * may start whole periods after DTSTART: INTERVAL for DAILY, 7 x INTERVAL for
 * WEEKLY, when no COUNT and no BY part that depends on the month or year
 * (BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYSETPOS; BYDAY for DAILY). 0
 * for every other rule. */
long	rrule_period_days(const struct icalrecurrencetype *r);

/* 1 when a MONTHLY or YEARLY rule starting at dtstart (wall clock) has no day
 * in the 400 years of a Gregorian cycle, as libical reads it (model/rrule.c
 * says where that differs from RFC 5545): it never occurs, and libical 3.0
 * would search until the year 20000 for it (1 to 6 seconds a rule). 0 when it
 * may occur, and for other frequencies, which libical walks only to UNTIL. */
int	rrule_never_occurs(const struct icalrecurrencetype *r, const struct civil *dtstart);

#endif
