/* What a calendar may cost, checked by every calendar reader on what it read
 * (model/calendar.h has the bounds and why): over [now, now + days days), an
 * event whose expansion a bound cuts, an event with more than
 * CAL_EVENT_OCCURRENCES occurrences, and, counting in file order, an event
 * that takes the file past CAL_FILE_OCCURRENCES are problems at their lines,
 * and are dropped from the calendar. */
#include <stdlib.h>

#include "../util/buf.h"
#include "calendar.h"

static int
by_line(const void *a, const void *b, void *arg)
{
	const struct calendar *cal = arg;
	long x = cal->events[*(const size_t *)a].line;
	long y = cal->events[*(const size_t *)b].line;

	return (x > y) - (x < y);
}

/* The line of an event's RRULE number rule (-1: its first RDATE; -2: the
 * event), from the reader's line, else the event's own. */
static long
event_at(long (*line)(void *, const struct cal_event *, int), void *arg,
    const struct cal_event *ev, int rule)
{
	return line ? line(arg, ev, rule) : ev->line;
}

void
cal_cost_check(struct calendar *cal, const char *path, int64_t now, int days,
    long (*line)(void *, const struct cal_event *, int rule), void *arg,
    struct pw_diags *problems)
{
	struct occ_list occ = { 0 };
	size_t n = cal->nevents, total = 0, w = 0;

	if (n == 0)
		return;
	cal_expand(cal, now, now + (int64_t)days * 86400, &occ, NULL);

	size_t *count = xcalloc(n, sizeof *count), *order = xmalloc(n * sizeof *order);
	char *bad = xcalloc(n, 1);
	for (size_t i = 0; i < occ.n; i++)
		count[occ.v[i].event]++;
	for (size_t i = 0; i < occ.ncuts; i++) {
		const struct occ_cut *x = &occ.cuts[i];
		const struct cal_event *ev = &cal->events[x->event];
		bad[x->event] = 1;
		pw_diags_add(problems, path, event_at(line, arg, ev, x->rule),
		    x->calendar ? "the calendar's recurrences take more than %ld steps "
		    "to expand to %d days from now (an instance made or a candidate "
		    "tried; a calendar may take at most that): this event is past it" :
		    "this recurrence takes more than %ld steps to expand to %d days "
		    "from now (an instance made or a candidate tried; an event may take "
		    "at most that)", x->calendar ? CAL_CALENDAR_STEPS : CAL_EVENT_STEPS,
		    days);
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof *order, by_line, cal);
	for (size_t k = 0; k < n; k++) {
		size_t i = order[k];
		const struct cal_event *ev = &cal->events[i];
		if (bad[i])
			continue;
		if (count[i] > CAL_EVENT_OCCURRENCES) {
			bad[i] = 1;
			pw_diags_add(problems, path, event_at(line, arg, ev,
			    *ev->rrules ? 0 : -2), "%zu occurrences in the next %d days: "
			    "an event may have at most %d", count[i], days,
			    CAL_EVENT_OCCURRENCES);
		} else if (total + count[i] > CAL_FILE_OCCURRENCES) {
			bad[i] = 1;
			pw_diags_add(problems, path, ev->line, "this "
			    "event's %zu occurrences take the file's past %d in the next "
			    "%d days (%zu before it): a file may have at most that",
			    count[i], CAL_FILE_OCCURRENCES, days, total);
		} else
			total += count[i];
	}
	for (size_t i = 0; i < n; i++) {
		if (bad[i]) {
			cal_event_free(&cal->events[i]);
			continue;
		}
		cal->events[w++] = cal->events[i];
	}
	cal->nevents = w;
	free(count);
	free(order);
	free(bad);
	occ_list_free(&occ);
}
