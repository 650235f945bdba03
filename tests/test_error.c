/* Errors and problem lists: what a list keeps of a problem's file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../model/error.h"

/* A list is shown after the operation that filled it, when the names it was
 * given may be gone (a failed edit frees the calendars its warnings name):
 * it keeps its own copy, one per run of the same name. */
static void
test_a_problem_list_keeps_its_own_file_names(void **state)
{
	struct pw_diags d = { 0 };
	char *cal = strdup("provider.ics"), *other = strdup("freeze.ics");
	char out[600];

	(void)state;
	pw_diags_add(&d, cal, 3, "first");
	pw_diags_add(&d, cal, 4, "second");
	pw_diags_add(&d, other, 5, "third");
	pw_diags_add(&d, NULL, 0, "no file");
	free(cal);
	free(other);
	pw_error_format(&d.v[0], out, sizeof out);
	assert_string_equal(out, "provider.ics:3: first");
	pw_error_format(&d.v[1], out, sizeof out);
	assert_string_equal(out, "provider.ics:4: second");
	assert_ptr_equal(d.v[0].file, d.v[1].file);
	pw_error_format(&d.v[2], out, sizeof out);
	assert_string_equal(out, "freeze.ics:5: third");
	assert_null(d.v[3].file);
	pw_diags_free(&d);
	assert_int_equal(d.n, 0);
	assert_null(d.files);
}

/* A file of bad rows keeps the first PW_DIAGS_KEEP problems to show and
 * counts the rest: ten million would otherwise hold gigabytes of text. */
static void
test_a_problem_list_keeps_a_thousand_and_counts_the_rest(void **state)
{
	struct pw_diags d = { 0 };

	(void)state;
	for (long i = 1; i <= PW_DIAGS_KEEP + 500; i++)
		assert_non_null(pw_diags_add(&d, "f.csv", i, "row %ld", i));
	assert_int_equal(d.n, PW_DIAGS_KEEP);
	assert_int_equal(d.more, 500);
	assert_int_equal(pw_diags_total(&d), PW_DIAGS_KEEP + 500);
	assert_true(d.cap < 2 * PW_DIAGS_KEEP);
	assert_int_equal(d.v[PW_DIAGS_KEEP - 1].line, PW_DIAGS_KEEP);
	assert_string_equal(d.v[0].file, "f.csv");
	pw_diags_free(&d);
	assert_int_equal(pw_diags_total(&d), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_problem_list_keeps_its_own_file_names),
		cmocka_unit_test(test_a_problem_list_keeps_a_thousand_and_counts_the_rest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
