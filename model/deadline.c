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

int64_t
release_of_patch(const struct policy *p, const struct patch *pt)
{
	int y, m, d;
	struct civil c = { 0, 0, 0, 0, 0, 0 };

	if (sscanf(pt->released, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return INT64_MIN;	/* no date: nothing to wait for */
	c.y = y;
	c.mo = m;
	c.d = d;
	return tz_local_to_utc(tz_builtin(p->timezone), &c);
}

void
deadline_release_day(const char *zone, int64_t due_utc, int sla_days, char out[11],
    int64_t *start_utc)
{
	icaltimezone *z = zone ? tz_builtin(zone) : NULL;
	struct civil c;

	/* The deadline is the midnight ending the day released + sla_days: a
	 * second before it is still that day. */
	tz_utc_to_local(z, due_utc - 1, &c);
	civil_from_days(days_from_civil(c.y, c.mo, c.d) - sla_days, &c.y, &c.mo, &c.d);
	c.h = c.mi = c.s = 0;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)c.y % 10000u, (unsigned)c.mo % 100u,
	    (unsigned)c.d % 100u);
	if (start_utc)
		*start_utc = tz_local_to_utc(z, &c);
}

long
deadline_slack(int64_t due_utc, int64_t end_utc, int64_t unit)
{
	int64_t d = due_utc - end_utc;

	return (long)(d >= 0 ? d / unit : -((-d + unit - 1) / unit));
}

void
deadline_init(struct deadline *d)
{
	memset(d, 0, sizeof *d);
	d->due_utc = INT64_MAX;
	d->release_utc = INT64_MIN;
	d->severity = SEV_COUNT;
	d->advisory = "";
	d->covered_due_utc = INT64_MAX;
	d->covered_advisory = "";
	d->covered_until_utc = INT64_MAX;
}

/* deadline_add with the patch's due and release instants worked out. */
static int
add_times(struct deadline *d, const struct patch *pt, int64_t due, int64_t out)
{
	int better = due < d->due_utc ||
	    (due == d->due_utc && (pt->severity < d->severity ||
	    (pt->severity == d->severity && strcmp(pt->advisory, d->advisory) < 0)));

	d->patches++;
	d->reboot |= pt->reboot;
	if (out > d->release_utc)
		d->release_utc = out;
	if (!better)
		return 0;
	d->due_utc = due;
	d->severity = pt->severity;
	d->advisory = pt->advisory;
	d->assumed = pt->released_assumed;
	return 1;
}

int
deadline_add(struct deadline *d, const struct policy *p, const struct patch *pt)
{
	return add_times(d, pt, deadline_of_patch(p, pt), release_of_patch(p, pt));
}

/* A release date as YYYY-MM-DD exactly: what the memo keeps (anything else
 * goes the long way, as deadline_add). */
static int
plain_date(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	return s[10] == '\0';
}

int
deadline_add_memo(struct deadline *d, const struct policy *p, const struct patch *pt,
    struct deadline_memo *m)
{
	unsigned h = (unsigned)pt->severity;

	if (!plain_date(pt->released) || (unsigned)pt->severity >= SEV_COUNT)
		return deadline_add(d, p, pt);
	for (int i = 0; i < 10; i++)
		h = h * 31 + (unsigned char)pt->released[i];
	/* Open addressing; a full memo (no policy has that many release
	 * days at once) works each patch out. */
	for (unsigned k = 0; k < DEADLINE_MEMO_SIZE; k++) {
		size_t i = (h + k) % DEADLINE_MEMO_SIZE;
		if (m->v[i].released[0] == '\0') {
			memcpy(m->v[i].released, pt->released, sizeof m->v[i].released);
			m->v[i].severity = pt->severity;
			m->v[i].due_utc = deadline_of_patch(p, pt);
			m->v[i].release_utc = release_of_patch(p, pt);
		} else if (m->v[i].severity != pt->severity ||
		    memcmp(m->v[i].released, pt->released, 10) != 0)
			continue;
		return add_times(d, pt, m->v[i].due_utc, m->v[i].release_utc);
	}
	return deadline_add(d, p, pt);
}

int64_t
deadline_of_reboot(const struct policy *p, int64_t since, int64_t now)
{
	return (since > 0 ? since : now) + (int64_t)p->reboot_pending_days * 86400;
}

int
deadline_add_reboot(struct deadline *d, const struct policy *p, int64_t since,
    int64_t now)
{
	int64_t due = deadline_of_reboot(p, since, now);

	d->reboot = 1;
	d->reboot_pending = 1;
	if (due >= d->due_utc)
		return 0;
	d->due_utc = due;
	d->advisory = DEADLINE_REBOOT;
	d->assumed = 0;
	return 1;
}

int
deadline_cover(struct deadline *d, const struct policy *p, const struct patch *pt,
    int64_t until_utc)
{
	int64_t due = deadline_of_patch(p, pt), out = release_of_patch(p, pt);
	int better = due < d->covered_due_utc || (due == d->covered_due_utc &&
	    strcmp(pt->advisory, d->covered_advisory) < 0);

	d->covered++;
	d->reboot |= pt->reboot;
	if (out > d->release_utc)	/* the work installs it all the same */
		d->release_utc = out;
	if (until_utc < d->covered_until_utc)
		d->covered_until_utc = until_utc;
	if (!better)
		return 0;
	d->covered_due_utc = due;
	d->covered_advisory = pt->advisory;
	return 1;
}

int
deadline_wanted(const struct deadline *d)
{
	return d->patches > 0 || d->reboot_pending;
}

int
deadline_pending(const struct deadline *d)
{
	return d->patches + d->covered;
}

int64_t
deadline_plan_due(const struct deadline *d)
{
	/* due_utc is the uncovered patches' and the pending reboot's. */
	return d->covered > 0 && d->covered_until_utc < d->due_utc ?
	    d->covered_until_utc : d->due_utc;
}
