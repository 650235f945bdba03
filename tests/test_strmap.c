/* The string map: what is put is got, replaced in place, numbered once by
 * intern, across growth and with keys that share a prefix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../util/strmap.h"

static void
test_put_get_replace_across_growth(void **state)
{
	struct strmap m = { 0 };
	char k[32];

	(void)state;
	assert_int_equal(strmap_get(&m, "absent"), (size_t)-1);	/* empty map */
	for (size_t i = 0; i < 5000; i++) {
		snprintf(k, sizeof k, "host-%zu", i);
		strmap_put(&m, k, i * 3);
	}
	assert_int_equal(m.n, 5000);
	for (size_t i = 0; i < 5000; i++) {
		snprintf(k, sizeof k, "host-%zu", i);
		assert_int_equal(strmap_get(&m, k), i * 3);
	}
	strmap_put(&m, "host-7", 99);		/* replaced, not added */
	assert_int_equal(m.n, 5000);
	assert_int_equal(strmap_get(&m, "host-7"), 99);
	assert_int_equal(strmap_get(&m, "host-"), (size_t)-1);	/* a prefix */
	assert_int_equal(strmap_get(&m, "host-50000"), (size_t)-1);
	assert_int_equal(strmap_get(&m, ""), (size_t)-1);
	strmap_put(&m, "", 1);			/* the empty key is a key */
	assert_int_equal(strmap_get(&m, ""), 1);
	strmap_free(&m);
	assert_int_equal(strmap_get(&m, "host-1"), (size_t)-1);	/* freed is empty */
	strmap_free(&m);			/* twice is harmless */
}

static void
test_intern_numbers_each_key_once(void **state)
{
	struct strmap m = { 0 };
	const char *names[] = { "db", "web", "db", "cache", "web", "db" };
	size_t want[] = { 0, 1, 0, 2, 1, 0 }, next = 0;

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		size_t id = strmap_intern(&m, names[i], next);
		if (id == next)
			next++;
		assert_int_equal(id, want[i]);
	}
	assert_int_equal(m.n, 3);
	assert_int_equal(strmap_get(&m, "cache"), 2);
	strmap_put(&m, "cache", 40);		/* intern keeps what is stored */
	assert_int_equal(strmap_intern(&m, "cache", 7), 40);
	strmap_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_replace_across_growth),
		cmocka_unit_test(test_intern_numbers_each_key_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
