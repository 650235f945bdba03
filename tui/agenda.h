/* What happens in a stretch of time, for the calendar view and the plan's
 * timeline: window occurrences, waves, provider maintenance and freezes.
 * Pure: the caller loads the policy, calendars and waves. */
#ifndef PW_TUI_AGENDA_H
#define PW_TUI_AGENDA_H

#include <stddef.h>
#include <stdint.h>

#include "../model/calendar.h"
#include "../model/policy.h"

enum agenda_kind { AG_WINDOW, AG_WAVE, AG_PROVIDER, AG_FREEZE, AG_KIND_COUNT };

struct agenda_item {
	int64_t			 start_utc, end_utc;
	int64_t			 last_start_utc;	/* a window's end less its
							   cutoff; the end with none,
							   and for the other kinds */
	enum agenda_kind	 kind;
	char			*label;		/* owned, untrusted (escape to draw) */
};

struct agenda {
	struct agenda_item	*v;
	size_t			 n, cap;
};

/* A wave as the agenda needs it. */
struct agenda_wave {
	long long	 id;
	const char	*stage, *window;
	int64_t		 start_utc, end_utc;
	long		 nassets;
	int64_t		 last_start_utc;	/* its window's end less the cutoff */
};

/* The provider maintenance and freezes of the calendars, expanded once over
 * a span and kept, so that a week or a month of them is a slice, not a walk
 * over every event (10k events: some 4 ms a walk, whatever the period). */
struct agenda_keep {
	struct occ_list	*occ;		/* per calendar (windows: empty) */
	size_t		 ncals;
	int64_t		 from_utc, to_utc;	/* the span kept */
	int		 kept;		/* occ holds [from_utc, to_utc) */
	int		 not_kept;	/* the calendars warned or hit a bound
					   expanded over a span: never kept */
};

/* How far either side of the period asked a span kept reaches. */
#define AGENDA_REACH	(183 * 86400)

/* Append every item overlapping [from, to), then sort by start, kind, label.
 * lanes (may be NULL): per policy window, its lanes (store_window_lanes); a
 * window whose concurrency is a share is labelled with them ("half (2 lanes:
 * 50%)"), as `patchwave windows` says; a window with a cutoff is labelled
 * with it ("sat (cutoff 1h)", "half (2 lanes: 50%, cutoff 30m)").  keep (may be NULL) holds the
 * calendars' occurrences over a span (agenda_keep_span): when it covers
 * [from, to), they come from it, else it is made again around [from, to). */
void	agenda_build(struct agenda *, const struct policy *, const int *lanes,
	    const struct calendar *cals, size_t ncals, struct agenda_keep *keep,
	    const struct agenda_wave *waves, size_t nwaves, int64_t from_utc,
	    int64_t to_utc);
void	agenda_free(struct agenda *);
/* Keep the calendars' occurrences over [from, to) (unless keep already
 * covers it). An expansion that warned or hit a bound (CAL_EVENT_STEPS) could
 * differ from one over a shorter period: then nothing is kept, and
 * agenda_build expands per period as before. */
void	agenda_keep_span(struct agenda_keep *, const struct calendar *cals,
	    size_t ncals, int64_t from_utc, int64_t to_utc);
/* Forget what keep holds (the calendars changed); keep itself stays usable. */
void	agenda_keep_free(struct agenda_keep *);

#endif
