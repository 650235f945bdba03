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
 *
 * assets, provider_id and latest_start are what a provider's own feed says
 * (an EC2 or AWS Health event; iCalendar leaves them ""). An event with
 * assets concerns those assets only, whatever the calendar's scope; "" means
 * the calendar's scope. A reader gives them as the source names them
 * (instance ids, ARNs, host names, keys); the store matches them to assets
 * at import and loads them back as asset keys.
 *
 * A provider's event may be undated: pending, with no date yet (an RDS
 * action nobody opted into). Its dtstart is "" and expansion skips it
 * without a word; the occurrences listing shows it after the dated ones.
 */
/* Where a name was read: a file (borrowed, as cal_event's) and line. */
struct cal_place {
	const char	*file;
	long		 line;
};

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
	char	*assets;	/* '\n'-separated; "": the calendar's scope */
	char	*provider_id;	/* the provider's id for it, "" none */
	char	*latest_start;	/* UTC "YYYYMMDDTHHMMSSZ": the provider lets it be
				   moved to start as late as this; "" cannot */
	int	 cutoff_minutes;	/* a window's: no work starts in its last
				   minutes (SSM's Cutoff); 0 none */
	const char *file;	/* the file line is in, when an import reads
				   several (borrowed, never stored); NULL: the
				   calendar's one file */
	struct cal_place *asset_at;	/* where each name of assets was given,
				   in its order (AWS Health's affected
				   entities, in a file of their own); NULL:
				   at the event's line. Never stored */
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

/*
 * Bounds on what a calendar may cost (docs/reliability.md has the measurements;
 * the largest figure among the real calendars of the test fixtures and the
 * demo is in brackets).
 *
 * Import refuses an event with more than CAL_MAX_RRULES RRULEs [2],
 * CAL_MAX_RDATES RDATE values [15] or CAL_MAX_EXDATES EXDATE values [21], and
 * counts the occurrences of the next CAL_IMPORT_DAYS days (the policy's
 * horizon when longer): at most CAL_EVENT_OCCURRENCES an event [366] and
 * CAL_FILE_OCCURRENCES a file [536].
 *
 * Expansion is bounded whatever the database holds: walking one event from
 * its DTSTART (a DAILY or WEEKLY rule from whole periods on, near the range)
 * may take CAL_EVENT_STEPS steps [9,966: a DAILY series from 2002 expanded
 * over 1990-2030] and one calendar CAL_CALENDAR_STEPS [45,713]. A step is an
 * instance made or a candidate libical's iterator may try and drop, estimated
 * from the rule before it runs (model/rrule.c), so a rule that makes nothing
 * (FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30 tries every second until 2582) costs
 * its steps too. A step is 5 to 15 microseconds: an event at most about a
 * second, a calendar a few. An event that reaches a bound is cut: a warning
 * says so and occ_list.cuts names it.
 */
#define CAL_MAX_RRULES		10
#define CAL_MAX_RDATES		1000
#define CAL_MAX_EXDATES		1000
#define CAL_IMPORT_DAYS		366
#define CAL_EVENT_OCCURRENCES	20000
#define CAL_FILE_OCCURRENCES	100000
#define CAL_EVENT_STEPS		100000L
#define CAL_CALENDAR_STEPS	500000L
/* A window event's cutoff (X-PATCHWAVE-CUTOFF) is at most a week. */
#define CAL_CUTOFF_MAX_MINUTES	(7 * 24 * 60)

/* One concrete occurrence; event indexes the calendar's events (the override
 * when one replaced the instance). */
struct occurrence {
	int64_t	start_utc;
	int64_t	end_utc;
	int	all_day;
	size_t	event;
};

/* An event whose expansion a bound cut short (its later instances are missing). */
struct occ_cut {
	size_t	event;
	int	rule;		/* the RRULE it was walking (0-based); -1: its RDATEs */
	int	calendar;	/* 1: the calendar's bound ran out, not the event's */
};

struct occ_list {
	struct occurrence *v;
	size_t	 n, cap;
	struct occ_cut *cuts;
	size_t	 ncuts, capcuts;
};

const char *cal_kind_name(enum cal_kind);
int	cal_kind_parse(const char *);		/* -1 when unknown */

void	calendar_init(struct calendar *);
void	calendar_free(struct calendar *);	/* members; re-init after */
/* Append an empty event (all strings "", one shared text: fill them with
 * cal_set, never free them but through cal_event_free), returned for
 * filling. */
struct cal_event *calendar_add_event(struct calendar *);
/* Free an event's strings (the calendar still counts it; callers shrink). */
void	cal_event_free(struct cal_event *);
void	calendar_add_zone(struct calendar *, const char *tzid, const char *vtimezone);
/* Replace *slot (owned, or the shared "") with a copy of s (the shared ""
 * when s is empty or NULL). */
void	cal_set(char **slot, const char *s);
/* The event's id for messages: the provider's, else its UID. */
const char *cal_event_name(const struct cal_event *);
/* A stable digest of everything that defines an event, for change reports. */
void	cal_event_digest(const struct cal_event *, char out[17]);

/* Every occurrence overlapping [from_utc, to_utc), sorted by start, then event.
 * Problems that cost an event (bad RRULE, unknown zone) go to warn, and the
 * event's other occurrences still count; so does an event cut at a bound
 * (CAL_EVENT_STEPS), which out->cuts also records. out is appended to. */
int	cal_expand(const struct calendar *, int64_t from_utc, int64_t to_utc,
	    struct occ_list *out, struct pw_diags *warn);
void	occ_list_free(struct occ_list *);
/* 1 when an event ends before it starts: DTEND before DTSTART (each read in
 * its own zone) or a negative DURATION. Expansion makes such an event
 * zero-length; import refuses it. */
int	cal_event_ends_before_start(const struct calendar *, const struct cal_event *);
/* How long an event lasts by its own DTSTART and DTEND or DURATION (its
 * first occurrence), in seconds; -1 when its times cannot be read. */
int64_t	cal_event_seconds(const struct calendar *, const struct cal_event *);

/* Canonical form of a DATE or DATE-TIME value read in zone reference tzref of
 * calendar cal: "YYYYMMDD" for a date (or when as_date asks for the local date),
 * else the UTC instant as "YYYYMMDDTHHMMSSZ". out holds 17 bytes. */
int	cal_time_canonical(const struct calendar *, const char *value,
	    const char *tzref, int as_date, char out[17], struct pw_error *);
#endif
