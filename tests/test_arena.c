/* The string arena: copies survive until reset, any size fits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../model/asset.h"
#include "../util/arena.h"

static void
test_strings_survive_until_reset(void **state)
{
	struct arena a = { 0 };
	char *first, *many[3000], big[20000];

	(void)state;
	first = arena_strndup(&a, "hello world", 5);
	for (int i = 0; i < 3000; i++) {
		char s[16];
		snprintf(s, sizeof s, "s%d", i);
		many[i] = arena_strndup(&a, s, strlen(s));
	}
	memset(big, 'x', sizeof big);
	char *b = arena_strndup(&a, big, sizeof big);	/* larger than a chunk */
	assert_string_equal(first, "hello");
	assert_string_equal(many[0], "s0");
	assert_string_equal(many[2999], "s2999");
	assert_int_equal(strlen(b), sizeof big);
	arena_reset(&a);
	assert_string_equal(arena_strndup(&a, "again", 5), "again");
	arena_free(&a);
	arena_free(&a);		/* twice is harmless */
}

static void
test_an_asset_in_an_arena_frees_nothing_itself(void **state)
{
	struct arena ar = { 0 };
	struct asset a;
	struct pw_error e;

	(void)state;
	for (int round = 0; round < 3; round++) {
		asset_init(&a);
		a.arena = &ar;
		assert_int_equal(asset_field_set(&a, asset_field_lookup("hostname"),
		    "web-1", &e), 0);
		assert_int_equal(asset_field_set(&a, asset_field_lookup("hostname"),
		    "web-2", &e), 0);	/* replaced: the arena keeps the old */
		asset_add_group(&a, "g");
		assert_int_equal(asset_finish(&a, &e), 0);
		assert_string_equal(a.key, "web-2");
		assert_string_equal(a.vars_json, "{}");
		asset_clear(&a);
		assert_ptr_equal(a.arena, &ar);
		arena_reset(&ar);
	}
	arena_free(&ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_survive_until_reset),
		cmocka_unit_test(test_an_asset_in_an_arena_frees_nothing_itself),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
