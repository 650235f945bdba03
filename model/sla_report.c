/* The SLA report's figures from a stream of findings (model/sla_report.h). */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "deadline.h"
#include "sla_report.h"

void
sla_init(struct sla_report *r, const struct policy *p, int64_t from, int64_t to,
    int64_t now)
{
	int64_t end = to < now ? to : now;

	memset(r, 0, sizeof *r);
	r->policy = p;
	r->from = from;
	r->to = to;
	r->now = now;
	r->oldest_max = 10;
	for (int i = 0; i < SEV_COUNT; i++)
		r->total[i].median = r->total[i].p90 = -1;
	for (size_t i = 0; i < sizeof r->cache / sizeof r->cache[0]; i++)
		r->cache[i].key = -1;
	/* The points the open findings are counted at. */
	size_t n = 1;
	for (int64_t t = from + SLA_WEEK; t < end; t += SLA_WEEK)
		n++;
	if (end > from)
		n++;
	r->npoints = n;
	r->at = xcalloc(n, sizeof *r->at);
	r->open_at = xcalloc(n, sizeof *r->open_at);
	r->at[0] = from;
	for (size_t i = 1; i < n; i++)
		r->at[i] = i + 1 < n ? r->at[i - 1] + SLA_WEEK : end;
}

/* "YYYY-MM-DD" as YYYYMMDD, -1 when it is not a date. */
static long
day_key(const char *s)
{
	long v = 0;

	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return s[10] == '\0' ? v : -1;
}

/* The finding's deadline and release instant: deadline_of_patch and
 * release_of_patch, the planner's own rule, cached by day and severity (a
 * year of findings has a few hundred release days). */
static void
due_of(struct sla_report *r, const struct sla_finding *f, int64_t *due,
    int64_t *release)
{
	long day = day_key(f->released);
	long key = day < 0 ? -1 : day * 8 + (long)f->severity;
	struct sla_due *c = &r->cache[key < 0 ? 0 : (size_t)(key * 2654435761u) %
	    (sizeof r->cache / sizeof r->cache[0])];
	struct patch p;

	if (key >= 0 && c->key == key) {
		*due = c->due;
		*release = c->release;
		return;
	}
	patch_init(&p);
	p.severity = f->severity;
	memcpy(p.released, f->released, day < 0 ? 0 : 10);
	p.released[day < 0 ? 0 : 10] = '\0';
	*due = day < 0 ? INT64_MAX : deadline_of_patch(r->policy, &p);
	*release = release_of_patch(r->policy, &p);
	if (key >= 0) {
		c->key = key;
		c->due = *due;
		c->release = *release;
	}
}

static struct sla_group *
group_of(struct strmap *m, struct sla_group **v, size_t *n,
    size_t *cap, const char *name)
{
	size_t i = strmap_intern(m, name, *n);

	if (i == *n) {
		*v = xgrow(*v, cap, *n, sizeof **v);
		memset(&(*v)[i], 0, sizeof (*v)[i]);
		(*v)[i].name = xstrdup(name);
		for (int s = 0; s < SEV_COUNT; s++)
			(*v)[i].sev[s].median = (*v)[i].sev[s].p90 = -1;
		(*n)++;
	}
	return &(*v)[i];
}

static void
ttp_add(struct sla_stats *s, int64_t v)
{
	s->ttp = xgrow(s->ttp, &s->cap, s->nttp, sizeof *s->ttp);
	s->ttp[s->nttp++] = v;
}

/* Is a older than b: first seen earlier, then by asset, then advisory. */
static int
older(const struct sla_open *a, const struct sla_finding *b)
{
	int c;

	if (a->first_seen != b->first_seen)
		return a->first_seen < b->first_seen;
	if ((c = strcmp(a->asset, b->asset)) != 0)
		return c < 0;
	return strcmp(a->advisory, b->advisory) < 0;
}

static void
open_free(struct sla_open *o)
{
	free(o->asset);
	free(o->advisory);
	free(o->owner);
	free(o->group);
}

static void
oldest_add(struct sla_report *r, const struct sla_finding *f, int64_t due,
    int overdue, int accepted)
{
	size_t i = r->noldest;

	if (r->oldest_max == 0)
		return;
	if (r->oldest == NULL)
		r->oldest = xcalloc(r->oldest_max, sizeof *r->oldest);
	/* Where it goes: after every older one. */
	while (i > 0 && !older(&r->oldest[i - 1], f))
		i--;
	if (i >= r->oldest_max)
		return;
	if (r->noldest == r->oldest_max)
		open_free(&r->oldest[--r->noldest]);
	memmove(&r->oldest[i + 1], &r->oldest[i], (r->noldest - i) * sizeof *r->oldest);
	r->noldest++;
	r->oldest[i] = (struct sla_open){ xstrdup(f->asset), xstrdup(f->advisory),
	    xstrdup(f->owner), xstrdup(f->group), f->severity, f->first_seen, due,
	    overdue, accepted };
}

/* The first point at or after t (npoints when none). */
static size_t
point_at(const struct sla_report *r, int64_t t)
{
	size_t lo = 0, hi = r->npoints;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->at[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether t is in the period [from, to): and at to when the period ends at
 * now, since what is open at now was opened in it (a clock pinned by
 * SOURCE_DATE_EPOCH or --now stamps imports at now itself). */
static int
in_period(const struct sla_report *r, int64_t t)
{
	return t >= r->from && (t < r->to || (t == r->to && r->to == r->now));
}

void
sla_add(struct sla_report *r, const struct sla_finding *f)
{
	enum severity sev = f->severity < SEV_COUNT ? f->severity : SEV_LOW;
	struct sla_group *g = r->grouped ? group_of(&r->gindex, &r->groups,
	    &r->ngroups, &r->gcap, f->group) : NULL;
	struct sla_stats *s[2] = { &r->total[sev], g ? &g->sev[sev] : NULL };
	int ns = g ? 2 : 1;
	int64_t due, release;
	/* Open from first_seen until it was resolved or its asset retired. */
	int64_t end = f->resolved ? f->resolved : f->retired ? f->retired : INT64_MAX;

	due_of(r, f, &due, &release);
	for (int k = 0; k < ns; k++) {
		if (in_period(r, f->first_seen))
			s[k]->opened++;
		if (f->resolved && in_period(r, f->resolved)) {
			s[k]->closed++;
			s[k]->within += sla_within(f->resolved, due);
			ttp_add(s[k], release == INT64_MIN || f->resolved < release ? 0 :
			    f->resolved - release);
		}
	}
	/* Open over time: at each point in [first_seen, end). */
	for (size_t i = point_at(r, f->first_seen), e = point_at(r, end); i < e &&
	    i < r->npoints; i++)
		r->open_at[i][sev]++;
	if (!(f->first_seen <= r->now && r->now < end))
		return;
	int accepted = r->exceptions != NULL &&
	    exception_find(r->exceptions, r->now, f->asset, f->advisory) != NULL;
	int overdue = !accepted && r->now > due;
	for (int k = 0; k < ns; k++) {
		s[k]->open++;
		s[k]->accepted += accepted;
		s[k]->overdue += overdue;
	}
	if (g)
		g->overdue += overdue;
	if (overdue) {
		struct sla_group *o = group_of(&r->oindex, &r->owners, &r->nowners,
		    &r->ocap, f->owner);
		o->sev[sev].overdue++;
		o->overdue++;
	}
	oldest_add(r, f, due, overdue, accepted);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct sla_group *)a)->name,
	    ((const struct sla_group *)b)->name);
}

static int
cmp_overdue(const void *a, const void *b)
{
	const struct sla_group *x = a, *y = b;

	if (x->overdue != y->overdue)
		return x->overdue > y->overdue ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Put v's k-th smallest at v[k], the smaller before it, the larger after
 * (Hoare's selection; expected linear: a million times to patch need no
 * sort for two ranks). */
static void
select_kth(int64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (hi > lo) {
		size_t mid = lo + (hi - lo) / 2;
		/* The median of three as the pivot, at hi. */
		int64_t a = v[lo], b = v[mid], c = v[hi], t;
		size_t m = (a < b) == (b < c) ? mid : (b < a) == (a < c) ? lo : hi;
		t = v[m], v[m] = v[hi], v[hi] = t;
		int64_t pivot = v[hi];
		size_t store = lo;
		for (size_t i = lo; i < hi; i++)
			if (v[i] < pivot) {
				t = v[i], v[i] = v[store], v[store] = t;
				store++;
			}
		t = v[store], v[store] = v[hi], v[hi] = t;
		/* Runs of equal values (times are whole scans apart): step over
		 * them all at once. */
		size_t eq = store + 1;
		for (size_t i = store + 1; i <= hi; i++)
			if (v[i] == pivot) {
				t = v[i], v[i] = v[eq], v[eq] = t;
				eq++;
			}
		if (k < store)
			hi = store - 1;
		else if (k < eq)
			return;
		else
			lo = eq;
	}
}

/* The index of sla_percentile's rank: ceil(pct * n / 100) - 1, n > 0. */
static size_t
rank_index(size_t n, int pct)
{
	size_t rank = ((size_t)pct * n + 99) / 100;

	return rank == 0 ? 0 : rank - 1;
}

/* sla_percentile's median and 90th percentile without sorting. */
static void
stats_finish(struct sla_stats *s)
{
	size_t r90, r50;

	if (s->nttp == 0)
		return;
	r90 = rank_index(s->nttp, 90);
	r50 = rank_index(s->nttp, 50);
	select_kth(s->ttp, s->nttp, r90);
	s->p90 = s->ttp[r90];
	/* Those before it are the smaller: the median is among them. */
	select_kth(s->ttp, r90 + 1, r50);
	s->median = s->ttp[r50];
}

static void
groups_free(struct sla_group *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		for (int s = 0; s < SEV_COUNT; s++)
			free(v[i].sev[s].ttp);
	}
	free(v);
}

void
sla_finish(struct sla_report *r)
{
	for (int s = 0; s < SEV_COUNT; s++)
		stats_finish(&r->total[s]);
	for (size_t i = 0; i < r->ngroups; i++)
		for (int s = 0; s < SEV_COUNT; s++)
			stats_finish(&r->groups[i].sev[s]);
	if (r->ngroups > 1)
		qsort(r->groups, r->ngroups, sizeof *r->groups, cmp_name);
	if (r->nowners > 1)
		qsort(r->owners, r->nowners, sizeof *r->owners, cmp_overdue);
	/* The indexes point into the unsorted order: gone. */
	strmap_free(&r->gindex);
	strmap_free(&r->oindex);
	memset(&r->gindex, 0, sizeof r->gindex);
	memset(&r->oindex, 0, sizeof r->oindex);
}

void
sla_free(struct sla_report *r)
{
	for (int s = 0; s < SEV_COUNT; s++)
		free(r->total[s].ttp);
	groups_free(r->groups, r->ngroups);
	groups_free(r->owners, r->nowners);
	for (size_t i = 0; i < r->noldest; i++)
		open_free(&r->oldest[i]);
	free(r->oldest);
	free(r->at);
	free(r->open_at);
	strmap_free(&r->gindex);
	strmap_free(&r->oindex);
	memset(r, 0, sizeof *r);
}

int64_t
sla_percentile(const int64_t *sorted, size_t n, int pct)
{
	size_t rank;

	if (n == 0)
		return -1;
	rank = ((size_t)pct * n + 99) / 100;	/* ceil(pct * n / 100) */
	return sorted[rank == 0 ? 0 : rank - 1];
}

int
sla_within(int64_t resolved, int64_t due)
{
	return resolved <= due;
}

double
sla_pct(long k, long n)
{
	if (n <= 0)
		return -1;
	return (double)((k * 2000 + n) / (2 * n)) / 10.0;
}
