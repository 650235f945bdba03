/* Time zones: IANA names through libical's zoneinfo, Windows names mapped to IANA
 * (CLDR), and VTIMEZONE definitions carried in a calendar file. */
#ifndef PW_TZ_H
#define PW_TZ_H

#include <stddef.h>
#include <stdint.h>

#include <libical/ical.h>

#include "civil.h"

/* The IANA zone for a Windows zone name ("W. Europe Standard Time"), or NULL. */
const char *tz_windows_to_iana(const char *windows_name);
/* The zone for an IANA name (leading '/' tolerated); NULL when unknown.
 * Zones are libical's built-ins: shared, never freed by the caller. */
icaltimezone *tz_builtin(const char *iana);
/* An IANA name, else a Windows name mapped to IANA; NULL when neither. The result
 * is a static or built-in string. */
const char *tz_resolve_name(const char *tzid);

/* VTIMEZONEs one calendar file may carry (real ones: one per zone used). */
#define TZ_VTIMEZONES_MAX	100
/* Changes of the VTIMEZONEs of one file (or of one zone read back from a
 * database) libical may expand: each observance's RRULE counted for the
 * years from its DTSTART to 2100. Outlook's zones (DTSTART 1601, two
 * rules, a change a year each) are 1,000 each. */
#define TZ_VTIMEZONE_CHANGES_MAX	100000
/* Whether a VTIMEZONE costs libical a bounded number of changes to expand
 * (it expands every observance from its DTSTART to the year asked, and
 * FREQ=SECONDLY from 1970 is 1.7e9 changes): at most 10 RRULEs, each
 * FREQ=YEARLY with at most one BYMONTH and one BYDAY, seven BYMONTHDAY and
 * nothing finer (BYHOUR, BYMINUTE, BYSECOND, BYYEARDAY, BYWEEKNO, BYSETPOS):
 * seven changes a year; *changes gets what its rules cost in all (see
 * TZ_VTIMEZONE_CHANGES_MAX). 1 yes; 0 no, why says what, in n bytes. */
int	tz_vtimezone_bounded(icalcomponent *vtimezone, long *changes, char *why,
	    size_t n);

/* UTC instant of a wall-clock time in zone z (NULL = UTC), following RFC 5545
 * §3.3.5: a time in a DST gap uses the offset before the gap; a time that occurs
 * twice means the first occurrence. */
int64_t	tz_local_to_utc(icaltimezone *z, const struct civil *);
/* Whether a wall-clock time exists once in zone z, not at all (a DST gap) or
 * twice (a DST fold). */
enum tz_local { TZ_LOCAL_ONCE, TZ_LOCAL_GAP, TZ_LOCAL_FOLD };
enum tz_local tz_local_kind(icaltimezone *z, const struct civil *);
/* Wall-clock time in zone z (NULL = UTC) of a UTC instant. */
void	tz_utc_to_local(icaltimezone *z, int64_t utc, struct civil *);
/* Wall-clock time c as libical's (no zone); a date, its time dropped, when
 * is_date. */
struct icaltimetype tz_icaltime(const struct civil *c, int is_date);
/* Offset from UTC in seconds at a UTC instant. */
int	tz_offset_at(icaltimezone *z, int64_t utc);
/* An instant as people read it in zone z: "2026-11-24 02:00+01:00"; with
 * end_of_day (a deadline), the end of a local day is that day's 24:00 ("2026-
 * 11-24 24:00+01:00"; where midnight is a DST gap, "2026-09-05 24:00-04:00"
 * in Santiago, not the next day's 01:00-03:00): one spelling of a deadline
 * everywhere. */
void	tz_format(icaltimezone *z, int64_t utc, int end_of_day, char *out, size_t n);
/* text (a conflict's sentence) with each UTC time in it, "2026-11-24T23:00:00Z",
 * as tz_format writes it in z: as a deadline after the words "deadline" and
 * "due". Appended to out. */
struct buf;
void	tz_local_times(struct buf *out, const char *text, icaltimezone *z);

#endif
