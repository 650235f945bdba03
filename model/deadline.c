/* Deadlines from release dates and SLA days. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "deadline.h"
#include "tz.h"

int64_t
deadline_of_patch(const struct policy *p, const struct patch *pt)
{
	int y, m, d;
	struct civil c = { 0, 0, 0, 0, 0, 0 };

	sscanf(pt->released, "%4d-%2d-%2d", &y, &m, &d);
	/* Midnight starting the day after released + SLA days: the end of the
	 * last day allowed. */
	long day = days_from_civil(y, m, d) + p->sla_days[pt->severity] + 1;
	civil_from_days(day, &c.y, &c.mo, &c.d);
	return tz_local_to_utc(tz_builtin(p->timezone), &c);
}

void
deadline_init(struct deadline *d)
{
	memset(d, 0, sizeof *d);
	d->due_utc = INT64_MAX;
	d->severity = SEV_COUNT;
	d->advisory = "";
	d->covered_due_utc = INT64_MAX;
	d->covered_advisory = "";
	d->covered_until_utc = INT64_MAX;
}

int
deadline_add(struct deadline *d, const struct policy *p, const struct patch *pt)
{
	int64_t due = deadline_of_patch(p, pt);
	int better = due < d->due_utc ||
	    (due == d->due_utc && (pt->severity < d->severity ||
	    (pt->severity == d->severity && strcmp(pt->advisory, d->advisory) < 0)));

	d->patches++;
	d->reboot |= pt->reboot;
	if (!better)
		return 0;
	d->due_utc = due;
	d->severity = pt->severity;
	d->advisory = pt->advisory;
	d->assumed = pt->released_assumed;
	return 1;
}

int
deadline_cover(struct deadline *d, const struct policy *p, const struct patch *pt,
    int64_t until_utc)
{
	int64_t due = deadline_of_patch(p, pt);
	int better = due < d->covered_due_utc || (due == d->covered_due_utc &&
	    strcmp(pt->advisory, d->covered_advisory) < 0);

	d->covered++;
	d->reboot |= pt->reboot;
	if (until_utc < d->covered_until_utc)
		d->covered_until_utc = until_utc;
	if (!better)
		return 0;
	d->covered_due_utc = due;
	d->covered_advisory = pt->advisory;
	return 1;
}

int
deadline_pending(const struct deadline *d)
{
	return d->patches + d->covered;
}

int64_t
deadline_plan_due(const struct deadline *d)
{
	return d->patches > 0 ? d->due_utc : d->covered_until_utc;
}
