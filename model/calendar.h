/* Calendars of provider maintenance, change freezes and allowed windows, as
 * imported from iCalendar, and their expansion into concrete occurrences. */
#ifndef PW_CALENDAR_H
#define PW_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum cal_kind { CAL_PROVIDER, CAL_FREEZE, CAL_WINDOW, CAL_KIND_COUNT };

/*
 * One VEVENT: a series master (recurrence_id "") or an override of one instance.
 * Date values are "YYYYMMDD"; date-times "YYYYMMDDTHHMMSS" read in a zone
 * reference: "" floating (read in the calendar's float_tz), "UTC", an IANA name,
 * or "vtz:TZID" for a VTIMEZONE carried in the calendar. recurrence_id, rdates and
 * exdates are canonical at import: "YYYYMMDD" or a UTC "YYYYMMDDTHHMMSSZ"; rdates
 * may be periods "START/END" or "START/DURATION". Lists are '\n'-separated.
 * Every string is owned by the calendar.
 */
struct cal_event {
	char	*uid;
	char	*recurrence_id;
	int	 range_future;	/* RANGE=THISANDFUTURE */
	long	 line;
	char	*summary;
	char	*status;	/* "", TENTATIVE, CONFIRMED, CANCELLED */
	int	 all_day;
	char	*dtstart, *start_tz;
	char	*dtend, *end_tz;	/* "" when absent */
	char	*duration;		/* RFC 5545 duration, "" when absent */
	char	*rrules;
	char	*rdates;
	char	*exdates;
	int	 rule_only;	/* DTSTART counts only when the RRULE yields it
				   (policy windows); never stored */
};

struct cal_zone {
	char	*tzid;
	char	*vtimezone;	/* the VTIMEZONE component as iCalendar text */
};

struct calendar {
	char		*name;
	enum cal_kind	 kind;
	char		*scope_json;	/* {"region": ["eu-west-1"], ...} */
	char		*path;
	char		*float_tz;	/* IANA zone for floating and all-day times */
	struct cal_event *events;
	size_t		 nevents, capevents;
	struct cal_zone	*zones;
	size_t		 nzones, capzones;
};

/* One concrete occurrence; event indexes the calendar's events (the override
 * when one replaced the instance). */
struct occurrence {
	int64_t	start_utc;
	int64_t	end_utc;
	int	all_day;
	size_t	event;
};

struct occ_list {
	struct occurrence *v;
	size_t	 n, cap;
};

const char *cal_kind_name(enum cal_kind);
int	cal_kind_parse(const char *);		/* -1 when unknown */

void	calendar_init(struct calendar *);
void	calendar_free(struct calendar *);	/* members; re-init after */
/* Append an empty event (all strings ""), returned for filling. */
struct cal_event *calendar_add_event(struct calendar *);
/* Free an event's strings (the calendar still counts it; callers shrink). */
void	cal_event_free(struct cal_event *);
void	calendar_add_zone(struct calendar *, const char *tzid, const char *vtimezone);
/* Replace *slot (owned) with a copy of s. */
void	cal_set(char **slot, const char *s);
/* A stable digest of everything that defines an event, for change reports. */
void	cal_event_digest(const struct cal_event *, char out[17]);

/* Every occurrence overlapping [from_utc, to_utc), sorted by start, then event.
 * Problems that cost an event (bad RRULE, unknown zone) go to warn, and the
 * event's other occurrences still count. out is appended to. */
int	cal_expand(const struct calendar *, int64_t from_utc, int64_t to_utc,
	    struct occ_list *out, struct pw_diags *warn);
void	occ_list_free(struct occ_list *);



/* Canonical form of a DATE or DATE-TIME value read in zone reference tzref of
 * calendar cal: "YYYYMMDD" for a date (or when as_date asks for the local date),
 * else the UTC instant as "YYYYMMDDTHHMMSSZ". out holds 17 bytes. */
int	cal_time_canonical(const struct calendar *, const char *value,
	    const char *tzref, int as_date, char out[17], struct pw_error *);
#endif
