/* Concrete occurrences of the policy's recurring maintenance windows. */
#ifndef PW_WINDOWS_H
#define PW_WINDOWS_H

#include <stdint.h>

#include "calendar.h"
#include "policy.h"
#include "tz.h"

/* Rules recur from this local date: a COUNT counts from here. */
#define WINDOW_ANCHOR_DATE	"20200101"

/* One occurrence of policy window w. */
struct window_occ {
	size_t	window;		/* index into policy->windows */
	int64_t	start_utc;
	int64_t	end_utc;
	enum tz_local local_start;	/* the local start: once, in a DST gap
					   (moved by the gap) or in a fold */
};

struct window_occ_list {
	struct window_occ *v;
	size_t	 n, cap;
};

/* Every occurrence of every window starting in [from_utc, to_utc), sorted by
 * start then window. The local start (in the window's zone) follows the RRULE,
 * then moves offset_days; the end is start + duration (elapsed time). */
int	windows_expand(const struct policy *, int64_t from_utc, int64_t to_utc,
	    struct window_occ_list *, struct pw_diags *warn);
void	window_occ_list_free(struct window_occ_list *);
/* Does window w occur, starting in [from_utc, to_utc)? 1 and the first
 * start, or 0. */
int	window_first(const struct policy *, size_t w, int64_t from_utc, int64_t to_utc,
	    int64_t *start_utc);

#endif
