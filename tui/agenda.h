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
};

/* Append every item overlapping [from, to), then sort by start, kind, label.
 * lanes (may be NULL): per policy window, its lanes (store_window_lanes); a
 * window whose concurrency is a share is labelled with them ("half (2 lanes:
 * 50%)"), as `patchwave windows` says. */
void	agenda_build(struct agenda *, const struct policy *, const int *lanes,
	    const struct calendar *cals, size_t ncals, const struct agenda_wave *waves,
	    size_t nwaves, int64_t from_utc, int64_t to_utc);
void	agenda_free(struct agenda *);

#endif
