/* Slots: the concrete window occurrences assets can be patched in, from the
 * policy's windows and from calendars of kind "window", with the capacity
 * arithmetic the planner and the checker share. */
#ifndef PW_SLOTS_H
#define PW_SLOTS_H

#include <stdint.h>

#include "calendar.h"
#include "policy.h"
#include "tz.h"

struct slot {
	int64_t		 start_utc;
	int64_t		 end_utc;
	int64_t		 last_start_utc;	/* end - cutoff: no work starts later */
	const char	*name;		/* the window's or calendar's (borrowed) */
	int		 reboot;	/* reboots allowed */
	int		 concurrency;	/* assets worked on at once */
	const struct selector *admits;	/* which assets (borrowed; NULL: all) */
	enum tz_local	 local_start;	/* a DST gap or fold at its start */
	int		 from_calendar;
};

struct slot_list {
	struct slot	*v;
	size_t		 n, cap;
	struct selector	*scopes;	/* owned: one per window calendar */
	size_t		 nscopes;
};

/* Window calendars' occurrences become slots with the calendar's scope as
 * selector, reboots allowed, this concurrency and the event's cutoff (an
 * SSM window's Cutoff, an iCalendar event's X-PATCHWAVE-CUTOFF). */
#define CALENDAR_SLOT_CONCURRENCY	10

/* Every slot starting in [from, to), by start then name: the policy's windows
 * and the occurrences of calendars cals[0..ncals) whose kind is window
 * (others are skipped). Problems go to warn. */
int	slots_build(const struct policy *, const struct calendar *const *cals,
	    size_t ncals, int64_t from_utc, int64_t to_utc, struct slot_list *,
	    struct pw_diags *warn);
void	slot_list_free(struct slot_list *);
/* Slots of the policy's windows whose concurrency is a share (slots_build
 * gives them one lane): their concurrency becomes that percent of the
 * customer-owned assets among assets[0..n) they admit, rounded up, at
 * least 1 (SSM's MaxConcurrency). */
void	slots_resolve_shares(struct slot_list *, const struct policy *,
	    const struct asset *assets, size_t n);
/* The lanes of a window whose concurrency is pct percent of the admitted
 * customer-owned assets: rounded up, 1 to 100000. The one rule for
 * slots_resolve_shares and what `windows` and the terminal UI show. */
int	slots_share_lanes(int pct, size_t admitted);

/* Does the slot take this asset (by its selector or scope)? */
int	slot_admits(const struct slot *, const struct asset *);
/* Minutes of work the slot holds: concurrency x minutes from start to the
 * last start (an asset starting then may run past it, to the window's end). */
long	slot_capacity_minutes(const struct slot *);
/* The slot's cutoff as the terminal UI shows it beside the window's name
 * ("cutoff 1h", "cutoff 30m", "cutoff 1h30m": no work starts that long
 * before its end); "" when it has none. */
void	slot_cutoff_text(const struct slot *, char *out, size_t n);
/* Minutes an asset takes: patching, plus rebooting when it must reboot. */
int	asset_work_minutes(const struct asset *, int needs_reboot);

#endif
