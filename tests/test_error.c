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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_problem_list_keeps_its_own_file_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
