/* Sort-and-sweep over intervals. Events are processed in start order with the
 * intervals still running kept in a small array; an interval leaves it once a
 * later start passes its end. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "sweep.h"

static int
by_start(const struct interval *a, const struct interval *b)
{
	if (a->start != b->start)
		return a->start < b->start;
	if (a->end != b->end)
		return a->end < b->end;
	return a->tag < b->tag;
}

/* Runs this short are sorted by insertion before the merges. */
#define SORT_RUN	16

void
interval_sort(struct interval *v, size_t n,
    int (*before)(const struct interval *, const struct interval *))
{
	struct interval *tmp, *from = v, *to;

	if (n < 2)
		return;
	for (size_t lo = 0; lo < n; lo += SORT_RUN) {
		size_t hi = lo + SORT_RUN < n ? lo + SORT_RUN : n;
		for (size_t i = lo + 1; i < hi; i++) {
			struct interval x = v[i];
			size_t j = i;
			for (; j > lo && before(&x, &v[j - 1]); j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
	}
	if (n <= SORT_RUN)
		return;
	tmp = xmalloc(n * sizeof *tmp);
	to = tmp;
	for (size_t w = SORT_RUN; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ?
			    lo + 2 * w : n, i = lo, j = mid, k = lo;
			/* Runs already in order (a plan's intervals mostly are)
			 * are copied as they are. */
			if (mid < hi && !before(&from[mid], &from[mid - 1])) {
				memcpy(to + lo, from + lo, (hi - lo) * sizeof *to);
				continue;
			}
			/* Stable: on a tie the left run's goes first. */
			while (i < mid && j < hi)
				to[k++] = before(&from[j], &from[i]) ? from[j++] : from[i++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		struct interval *t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, n * sizeof *v);
	free(tmp);
}

static int
overlap(const struct interval *a, const struct interval *b)
{
	int64_t ae = a->end > a->start ? a->end : a->start + 1;
	int64_t be = b->end > b->start ? b->end : b->start + 1;

	return a->start < be && b->start < ae;
}

/* The intervals still running: a min-heap on effective end, so the expired
 * ones leave from the top in O(log n) each. */
struct active {
	const struct interval **v;
	size_t n, cap;
};

static int64_t
eff_end(const struct interval *v)
{
	return v->end > v->start ? v->end : v->start + 1;
}

static void
heap_down(struct active *s, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < s->n && eff_end(s->v[l]) < eff_end(s->v[m]))
			m = l;
		if (r < s->n && eff_end(s->v[r]) < eff_end(s->v[m]))
			m = r;
		if (m == i)
			return;
		const struct interval *t = s->v[i];
		s->v[i] = s->v[m];
		s->v[m] = t;
		i = m;
	}
}

/* Drop what no longer covers instant t: an empty interval covers its start. */
static void
active_prune(struct active *s, int64_t t)
{
	while (s->n > 0 && eff_end(s->v[0]) <= t) {
		s->v[0] = s->v[--s->n];
		heap_down(s, 0);
	}
}

static void
active_add(struct active *s, const struct interval *v)
{
	size_t i;

	s->v = xgrow(s->v, &s->cap, s->n, sizeof *s->v);
	i = s->n++;
	s->v[i] = v;
	while (i > 0 && eff_end(s->v[(i - 1) / 2]) > eff_end(s->v[i])) {
		const struct interval *t = s->v[i];
		s->v[i] = s->v[(i - 1) / 2];
		s->v[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

int
sweep_pairs(struct interval *a, size_t na, struct interval *b, size_t nb,
    int (*pair)(void *, const struct interval *, const struct interval *), void *arg)
{
	struct active aa = { 0 }, ab = { 0 };
	size_t i = 0, j = 0;
	int rc = 0;

	interval_sort(a, na, by_start);
	interval_sort(b, nb, by_start);
	while (rc == 0 && (i < na || j < nb)) {
		/* Take the earlier start; on a tie, a first. */
		int take_a = j >= nb || (i < na && a[i].start <= b[j].start);
		const struct interval *cur = take_a ? &a[i++] : &b[j++];
		struct active *mine = take_a ? &aa : &ab, *other = take_a ? &ab : &aa;
		active_prune(other, cur->start);
		for (size_t k = 0; k < other->n && rc == 0; k++)
			if (overlap(cur, other->v[k]))
				rc = take_a ? pair(arg, cur, other->v[k]) :
				    pair(arg, other->v[k], cur);
		active_prune(mine, cur->start);
		active_add(mine, cur);
	}
	free(aa.v);
	free(ab.v);
	return rc;
}

static int
by_group(const struct interval *a, const struct interval *b)
{
	if (a->group != b->group)
		return a->group < b->group;
	return by_start(a, b);
}

int
sweep_groups(struct interval *v, size_t n, int (*limit)(void *, size_t),
    int (*over)(void *, size_t, int64_t, const struct interval *const *, size_t),
    void *arg)
{
	struct active act = { 0 };
	int rc = 0;

	interval_sort(v, n, by_group);
	for (size_t i = 0; i < n && rc == 0;) {
		size_t j = i, max = (size_t)limit(arg, v[i].group);
		int over_now = 0;
		act.n = 0;
		for (; j < n && v[j].group == v[i].group && rc == 0; j++) {
			active_prune(&act, v[j].start);
			if (act.n <= max)
				over_now = 0;	/* back within the limit */
			active_add(&act, &v[j]);
			if (!over_now && act.n > max) {
				/* One report per episode, at the moment it begins. */
				rc = over(arg, v[i].group, v[j].start,
				    (const struct interval *const *)act.v, act.n);
				over_now = 1;
			}
		}
		while (j < n && v[j].group == v[i].group)
			j++;
		i = j;
	}
	free(act.v);
	return rc;
}

/* An LSD radix sort, 11 bits a pass. */
#define KEY_DIGIT	11

void
key_sort(uint64_t *v, size_t n, unsigned bits)
{
	uint64_t *from = v, *to = v + n;
	size_t count[1 << KEY_DIGIT];

	for (unsigned shift = 0; shift < bits; shift += KEY_DIGIT) {
		memset(count, 0, sizeof count);
		for (size_t i = 0; i < n; i++)
			count[(from[i] >> shift) & ((1 << KEY_DIGIT) - 1)]++;
		for (size_t d = 0, sum = 0; d < (1 << KEY_DIGIT); d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[(from[i] >> shift) & ((1 << KEY_DIGIT) - 1)]++] = from[i];
		uint64_t *x = from;
		from = to;
		to = x;
	}
	if (from != v)
		memcpy(v, from, n * sizeof *v);
}
