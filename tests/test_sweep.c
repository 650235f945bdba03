/* Sort-and-sweep: the same answers as comparing every pair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../model/sweep.h"

struct pairs {
	char	seen[64][64];
	int	n, stop_after;
};

static int
note_pair(void *arg, const struct interval *a, const struct interval *b)
{
	struct pairs *p = arg;

	p->seen[a->tag][b->tag]++;
	p->n++;
	return p->stop_after && p->n >= p->stop_after;
}

static void
test_overlaps_are_found_and_touching_is_not_overlap(void **state)
{
	struct interval w[] = { { 0, 10, 0, 0 }, { 20, 30, 1, 0 }, { 5, 5, 2, 0 },
	    { 10, 10, 3, 0 } };
	struct interval e[] = { { 5, 6, 0, 0 }, { 9, 21, 1, 0 }, { 30, 31, 2, 0 },
	    { 0, 10, 3, 0 } };
	struct pairs p = { 0 };

	(void)state;
	assert_int_equal(sweep_pairs(w, 4, e, 4, note_pair, &p), 0);
	assert_int_equal(p.seen[0][0], 1);
	assert_int_equal(p.seen[0][1], 1);
	assert_int_equal(p.seen[0][3], 1);
	assert_int_equal(p.seen[1][1], 1);
	assert_int_equal(p.seen[1][2], 0);	/* [20,30) and [30,31) touch */
	assert_int_equal(p.seen[2][0], 1);	/* the instant 5 is in [5,6) */
	assert_int_equal(p.seen[2][3], 1);
	assert_int_equal(p.seen[3][3], 0);	/* 10 is not in [0,10) */
	assert_int_equal(p.seen[3][1], 1);
	assert_int_equal(p.n, 7);
}

static void
test_a_non_zero_return_stops(void **state)
{
	struct interval a[] = { { 0, 100, 0, 0 } };
	struct interval b[] = { { 1, 2, 0, 0 }, { 3, 4, 1, 0 }, { 5, 6, 2, 0 } };
	struct pairs p = { .stop_after = 2 };

	(void)state;
	assert_int_equal(sweep_pairs(a, 1, b, 3, note_pair, &p), 1);
	assert_int_equal(p.n, 2);
}

static void
test_random_sets_match_every_pair_compared(void **state)
{
	(void)state;
	srand(7);
	for (int round = 0; round < 200; round++) {
		struct interval a[40], b[40], a0[40], b0[40];
		struct pairs p = { 0 };
		int na = rand() % 40, nb = rand() % 40, expect = 0;
		for (int i = 0; i < na; i++) {
			a[i].start = rand() % 100;
			a[i].end = a[i].start + rand() % 15;	/* some empty */
			a[i].tag = (size_t)i;
		}
		for (int i = 0; i < nb; i++) {
			b[i].start = rand() % 100;
			b[i].end = b[i].start + rand() % 15;
			b[i].tag = (size_t)i;
		}
		memcpy(a0, a, sizeof a);
		memcpy(b0, b, sizeof b);
		sweep_pairs(a, (size_t)na, b, (size_t)nb, note_pair, &p);
		for (int i = 0; i < na; i++)
			for (int j = 0; j < nb; j++) {
				int64_t ae = a0[i].end > a0[i].start ? a0[i].end : a0[i].start + 1;
				int64_t be = b0[j].end > b0[j].start ? b0[j].end : b0[j].start + 1;
				int want = a0[i].start < be && b0[j].start < ae;
				assert_int_equal(p.seen[i][j], want);
				expect += want;
			}
		assert_int_equal(p.n, expect);
	}
}

struct episodes {
	size_t	group[8];
	int64_t	at[8];
	size_t	members[8];
	int	n;
};

static int
limit_by_group(void *arg, size_t group)
{
	(void)arg;
	return group == 1 ? 1 : 2;
}

static int
note_over(void *arg, size_t group, int64_t at, const struct interval *const *v,
    size_t n)
{
	struct episodes *e = arg;

	(void)v;
	e->group[e->n] = group;
	e->at[e->n] = at;
	e->members[e->n++] = n;
	return 0;
}

static void
test_cluster_limits_report_each_episode(void **state)
{
	/* Cluster 1 (max 1): overlap at 5, alone at 20, overlap again at 25.
	 * Cluster 2 (max 2): the third member at 3 is one too many. */
	struct interval v[] = {
		{ 0, 10, 0, 1 }, { 5, 15, 1, 1 }, { 20, 30, 2, 1 }, { 25, 26, 3, 1 },
		{ 0, 10, 4, 2 }, { 1, 10, 5, 2 }, { 3, 4, 6, 2 }, { 10, 20, 7, 2 },
	};
	struct episodes e = { 0 };

	(void)state;
	assert_int_equal(sweep_groups(v, 8, limit_by_group, note_over, &e), 0);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.group[0], 1);
	assert_int_equal(e.at[0], 5);
	assert_int_equal(e.members[0], 2);
	assert_int_equal(e.at[1], 25);
	assert_int_equal(e.group[2], 2);
	assert_int_equal(e.at[2], 3);
	assert_int_equal(e.members[2], 3);
}

static int
by_start_only(const struct interval *a, const struct interval *b)
{
	return a->start < b->start;
}

/* interval_sort: in order and stable (equal starts keep their order, tags
 * here), at every size around its insertion runs, sorted input or not. */
static void
test_interval_sort_is_ordered_and_stable(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 15, 16, 17, 33, 100, 1000, 4097 };

	(void)state;
	srand(7);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
		for (int shape = 0; shape < 3; shape++) {
			size_t n = sizes[k];
			struct interval *v = malloc((n ? n : 1) * sizeof *v);
			for (size_t i = 0; i < n; i++)
				v[i] = (struct interval){ shape == 0 ? rand() % 50 :
				    shape == 1 ? (int64_t)i / 3 : (int64_t)(n - i) / 2, 0, i,
				    0 };
			interval_sort(v, n, by_start_only);
			for (size_t i = 1; i < n; i++) {
				assert_true(v[i - 1].start <= v[i].start);
				if (v[i - 1].start == v[i].start)
					assert_true(v[i - 1].tag < v[i].tag);
			}
			free(v);
		}
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* key_sort: the order qsort gives, over every width of key up to 64 bits,
 * with few and many distinct keys; keys wider than the bits asked are
 * sorted by those bits alone, ties kept in their order. */
static void
test_key_sort_orders_as_qsort(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 100, 2049, 5000 };
	static const unsigned widths[] = { 1, 11, 12, 22, 23, 40, 63, 64 };

	(void)state;
	srand(11);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
		for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
			size_t n = sizes[k];
			unsigned bits = widths[w];
			uint64_t *v = malloc((2 * n + 1) * sizeof *v);
			uint64_t *want = malloc((n + 1) * sizeof *want);
			for (size_t i = 0; i < n; i++) {
				uint64_t x = (uint64_t)rand() << 42 ^ (uint64_t)rand() << 21 ^
				    (uint64_t)rand();
				if (k % 2)
					x %= 7;		/* many ties */
				v[i] = want[i] = bits < 64 ? x & (((uint64_t)1 << bits) - 1) : x;
			}
			qsort(want, n, sizeof *want, u64_cmp);
			key_sort(v, n, bits);
			for (size_t i = 0; i < n; i++)
				assert_true(v[i] == want[i]);
			free(v);
			free(want);
		}
	/* Only the low bits count: the high ones keep their order. */
	uint64_t v[8] = { 3 | 1ull << 40, 1 | 2ull << 40, 3 | 0ull << 40, 1 };
	key_sort(v, 4, 8);
	assert_true(v[0] == (1 | 2ull << 40) && v[1] == 1);
	assert_true(v[2] == (3 | 1ull << 40) && v[3] == 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overlaps_are_found_and_touching_is_not_overlap),
		cmocka_unit_test(test_a_non_zero_return_stops),
		cmocka_unit_test(test_random_sets_match_every_pair_compared),
		cmocka_unit_test(test_cluster_limits_report_each_episode),
		cmocka_unit_test(test_interval_sort_is_ordered_and_stable),
		cmocka_unit_test(test_key_sort_orders_as_qsort),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
