/* Undo blobs (model/undo_pack.c): members and ids come back exactly, in
 * their order, whatever the values; a blob cut short, overlong or out of
 * order is refused with a message and never read past its end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../model/undo_pack.h"

#define T0	1798761600	/* 2027-01-01T00:00:00Z */

/* Pack, unpack, compare with v sorted by wave then asset. */
static void
round_trip(struct undo_member *v, size_t n, size_t *len)
{
	struct pw_error e = { 0 };
	unsigned char *b;
	struct undo_member *back;
	size_t nb;

	assert_int_equal(undo_pack_members(v, n, &b, len, &e), 0);
	assert_true(*len > 0);
	assert_int_equal(undo_unpack_members(b, *len, &back, &nb, &e), 0);
	assert_int_equal(nb, n);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			assert_true(v[i].wave_id > v[i - 1].wave_id ||
			    (v[i].wave_id == v[i - 1].wave_id &&
			    v[i].asset_id > v[i - 1].asset_id));
		assert_int_equal(back[i].asset_id, v[i].asset_id);
		assert_int_equal(back[i].wave_id, v[i].wave_id);
		assert_int_equal(back[i].start_utc, v[i].start_utc);
		assert_int_equal(back[i].end_utc, v[i].end_utc);
		assert_int_equal(back[i].pinned, v[i].pinned);
	}
	free(back);
	free(b);
}

static void
test_members_come_back_exactly_sorted_by_wave_then_asset(void **state)
{
	struct undo_member v[] = {
		{ 7, 3, T0 + 600, T0 + 3000, 0 },
		{ 2, 3, T0, T0 + 1800, 1 },
		{ 9, 1, T0 - 86400, T0 - 86400 + 60, 0 },
		{ 1, 1, T0 + 120, T0 + 120, 1 },
	};
	size_t len;

	(void)state;
	round_trip(v, 4, &len);
	assert_int_equal(v[0].asset_id, 1);
	assert_int_equal(v[3].asset_id, 7);
}

/* Seconds not whole minutes, an end before its start, times at the ends of
 * int64_t, the largest ids: all exact (the arithmetic wraps). */
static void
test_members_extreme_values_come_back(void **state)
{
	struct undo_member v[] = {
		{ INT64_MAX, INT64_MAX, INT64_MIN, INT64_MAX, 1 },
		{ 1, INT64_MAX, INT64_MAX, INT64_MIN, 0 },
		{ 5, 1, T0 + 7, T0 - 3, 1 },
		{ 6, 1, 0, -1, 0 },
	};
	size_t len;

	(void)state;
	round_trip(v, 4, &len);
}

static void
test_members_none_is_a_blob_too(void **state)
{
	size_t len;

	(void)state;
	round_trip(NULL, 0, &len);
	assert_int_equal(len, 3);	/* tag, count, unit */
}

/* Whole minutes in big waves: under 4 bytes a member. */
static void
test_a_plan_of_whole_minutes_packs_small(void **state)
{
	size_t n = 10000, len;
	struct undo_member *v = malloc(n * sizeof *v);

	(void)state;
	for (size_t i = 0; i < n; i++)
		v[i] = (struct undo_member){ (int64_t)(n - i) * 3, 100 + (int64_t)(i % 7),
		    T0 + (int64_t)(i % 480) * 60, T0 + (int64_t)(i % 480 + 20 + i % 40) * 60,
		    (int)(i % 5 == 0) };
	round_trip(v, n, &len);
	assert_true(len < n * 4);
	free(v);
}

static void
test_members_that_cannot_be_kept_are_refused(void **state)
{
	struct pw_error e = { 0 };
	unsigned char *b;
	size_t len;
	struct undo_member twice[] = { { 4, 1, T0, T0, 0 }, { 4, 2, T0, T0, 0 } };
	struct undo_member bad[][1] = { { { 0, 1, T0, T0, 0 } }, { { 1, 0, T0, T0, 0 } },
	    { { 1, 1, T0, T0, 2 } }, { { -3, 1, T0, T0, 0 } } };

	(void)state;
	assert_int_equal(undo_pack_members(twice, 2, &b, &len, &e), -1);
	assert_null(b);
	assert_non_null(strstr(e.msg, "asset 4 is in two waves"));
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(undo_pack_members(bad[i], 1, &b, &len, &e), -1);
		assert_null(b);
		assert_non_null(strstr(e.msg, "cannot keep"));
	}
}

/* Every prefix of a good blob is refused (cut short), and so is one with a
 * byte more; refusal frees what was read (ASan) and reads nothing past the
 * end: each prefix is copied to a buffer of exactly its length. */
static void
test_members_cut_or_overlong_are_refused(void **state)
{
	struct undo_member v[] = { { 3, 2, T0, T0 + 1800, 1 }, { 8, 2, T0 + 60, T0 + 900, 0 },
	    { 2, 5, T0 + 7, T0 + 70000, 0 } };
	struct pw_error e = { 0 };
	unsigned char *b;
	struct undo_member *back;
	size_t len, nb;

	(void)state;
	assert_int_equal(undo_pack_members(v, 3, &b, &len, &e), 0);
	for (size_t cut = 0; cut < len; cut++) {
		unsigned char *p = malloc(cut ? cut : 1);
		memcpy(p, b, cut);
		assert_int_equal(undo_unpack_members(p, cut, &back, &nb, &e), -1);
		assert_null(back);
		assert_int_equal(nb, 0);
		assert_non_null(strstr(e.msg, "malformed undo blob"));
		free(p);
	}
	unsigned char *more = malloc(len + 1);
	memcpy(more, b, len);
	more[len] = 0;
	assert_int_equal(undo_unpack_members(more, len + 1, &back, &nb, &e), -1);
	assert_non_null(strstr(e.msg, "bytes past the last member"));
	free(more);
	free(b);
}

static void
test_members_malformed_are_refused(void **state)
{
	static const struct {
		unsigned char	b[20];
		size_t		len;
		const char	*says;
	} bad[] = {
		{ { 2, 0 }, 2, "not a members blob" },
		{ { 1, 0, 7 }, 3, "time unit" },
		/* A count far beyond the bytes: refused before allocating. */
		{ { 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 60, 1, 1, 2, 0, 0 }, 12, "more members" },
		/* Wave 0 (a first rise of 0). */
		{ { 1, 1, 60, 0, 1, 2, 0, 0 }, 8, "waves out of order" },
		/* A wave of no members, one of more than are left. */
		{ { 1, 1, 60, 1, 0, 2, 0, 0 }, 8, "a wave's count" },
		{ { 1, 1, 60, 1, 2, 2, 0, 0 }, 8, "a wave's count" },
		/* An asset rise of 0 within a wave: the same asset twice. */
		{ { 1, 2, 60, 1, 2, 2, 0, 0, 0, 0, 0 }, 11, "out of order" },
		/* A varint past 64 bits. */
		{ { 1, 1, 60, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
		    1, 2, 0, 0 }, 17, "cut short" },
		/* An asset in two waves. */
		{ { 1, 2, 60, 1, 1, 2, 0, 0, 1, 1, 2, 0, 0 }, 13, "two waves" },
	};
	struct pw_error e = { 0 };
	struct undo_member *back;
	size_t nb;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unsigned char *p = malloc(bad[i].len);
		memcpy(p, bad[i].b, bad[i].len);
		assert_int_equal(undo_unpack_members(p, bad[i].len, &back, &nb, &e), -1);
		assert_null(back);
		if (strstr(e.msg, bad[i].says) == NULL)
			fail_msg("case %zu: %s", i, e.msg);
		free(p);
	}
}

static void
test_ids_come_back_sorted_and_bad_ones_are_refused(void **state)
{
	int64_t v[] = { 90, 3, INT64_MAX, 1 }, *back;
	int64_t twice[] = { 5, 5 }, zero[] = { 0 };
	struct pw_error e = { 0 };
	unsigned char *b;
	size_t len, nb;

	(void)state;
	assert_int_equal(undo_pack_ids(v, 4, &b, &len, &e), 0);
	assert_int_equal(undo_unpack_ids(b, len, &back, &nb, &e), 0);
	assert_int_equal(nb, 4);
	assert_int_equal(back[0], 1);
	assert_int_equal(back[1], 3);
	assert_int_equal(back[2], 90);
	assert_int_equal(back[3], INT64_MAX);
	free(back);
	for (size_t cut = 0; cut < len; cut++) {
		unsigned char *p = malloc(cut ? cut : 1);
		memcpy(p, b, cut);
		assert_int_equal(undo_unpack_ids(p, cut, &back, &nb, &e), -1);
		assert_null(back);
		free(p);
	}
	free(b);
	assert_int_equal(undo_pack_ids(twice, 2, &b, &len, &e), -1);
	assert_int_equal(undo_pack_ids(zero, 1, &b, &len, &e), -1);
	assert_int_equal(undo_pack_ids(NULL, 0, &b, &len, &e), 0);
	assert_int_equal(undo_unpack_ids(b, len, &back, &nb, &e), 0);
	assert_int_equal(nb, 0);
	free(back);
	free(b);
	/* A rise of 0 (an id twice), a rise past INT64_MAX. */
	static const unsigned char dup[] = { 2, 2, 4, 0 };
	static const unsigned char over[] = { 2, 2, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0x7f, 2 };
	assert_int_equal(undo_unpack_ids(dup, sizeof dup, &back, &nb, &e), -1);
	assert_non_null(strstr(e.msg, "out of order"));
	assert_int_equal(undo_unpack_ids(over, sizeof over, &back, &nb, &e), -1);
	assert_non_null(strstr(e.msg, "out of order"));
	assert_int_equal(undo_unpack_ids((const unsigned char *)"\1", 1, &back, &nb, &e), -1);
	assert_non_null(strstr(e.msg, "not an ids blob"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members_come_back_exactly_sorted_by_wave_then_asset),
		cmocka_unit_test(test_members_extreme_values_come_back),
		cmocka_unit_test(test_members_none_is_a_blob_too),
		cmocka_unit_test(test_a_plan_of_whole_minutes_packs_small),
		cmocka_unit_test(test_members_that_cannot_be_kept_are_refused),
		cmocka_unit_test(test_members_cut_or_overlong_are_refused),
		cmocka_unit_test(test_members_malformed_are_refused),
		cmocka_unit_test(test_ids_come_back_sorted_and_bad_ones_are_refused),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
